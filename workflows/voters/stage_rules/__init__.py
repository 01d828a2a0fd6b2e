"""Blockers of the voter-registration stage."""
