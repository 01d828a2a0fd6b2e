"""Blockers and milestones of the villager-committee stages."""
