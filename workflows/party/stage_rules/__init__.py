"""Blockers of the Party track's stages."""
