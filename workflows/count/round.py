"""One entry point for both tracks (the GUI and ``main.py tally`` call this)."""

from __future__ import annotations

from workflows.core.policy import RulesProfile
from workflows.count.party import count_party
from workflows.count.results import RoundFacts, Tally
from workflows.count.villager import count_villager


def count_round(facts: RoundFacts, profile: RulesProfile) -> Tally:
    """Decide a round of either track by the profile's rules."""
    if facts.track == "party":
        return count_party(facts, profile)
    return count_villager(facts, profile)
