"""The qualification review of villager-committee nominees (十不选 and department opinions, SD-24,
SD-40) and their inspection."""

from __future__ import annotations
