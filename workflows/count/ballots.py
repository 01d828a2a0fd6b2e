"""One paper ballot: what counts on it (GC-14, PV-09, PT-12), and 已投选票总数.

A ballot's marks are given per office as the persons marked (their identity; ``None``
for a mark nobody can read). Rules, by the profile:

- more persons marked than the office's seats → that office invalid on this ballot, the
  rest of the ballot stands (GC-14, PT-12);
- an unreadable mark is invalid, the other marks stand (GC-14 部分有效);
- one person marked for two offices → the whole ballot void where
  ``ballot_two_posts_invalid`` says so (浙江), otherwise each mark counts (PV-09);
- a ballot carrying a sign or number of its own is void (PT-12);
- a void ballot counts in 已投选票总数 where ``spoiled_ballots_counted`` says so (北京, PV-09).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from workflows.core.policy import RulesProfile
from workflows.core.text import Msg, msg


@dataclass(frozen=True)
class Ballot:
    """One paper as read aloud: per office the persons marked (None = unreadable)."""

    marks: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    marked_paper: bool = False  # a sign, number or mark of its own (PT-12)


@dataclass(frozen=True)
class Reading:
    """What counts from one ballot."""

    void: bool
    counted: dict[str, tuple[str, ...]]
    reasons: tuple[Msg, ...] = ()


def read_ballot(ballot: Ballot, seats: dict[str, int], profile: RulesProfile) -> Reading:
    """The votes one ballot gives, office by office."""
    if ballot.marked_paper:
        return Reading(True, {}, (msg("选票上有规定以外的编号或记号，整张选票作废（PT-12）。"),))
    twice = _in_two_offices(ballot)
    if twice and profile.get("ballot_two_posts_invalid"):
        return Reading(True, {}, (msg("{names}在一张选票上被选两项以上职务，整张选票无效（PV-09、GC-14）。",
                                      names="、".join(twice)),))
    counted: dict[str, tuple[str, ...]] = {}
    reasons: list[Msg] = []
    for office, marks in ballot.marks.items():
        readable = tuple(m for m in marks if m is not None)
        if len(marks) > seats.get(office, 0):
            reasons.append(msg("{office}选了{count}人，多于应选{seats}名，此票{office}一栏无效（GC-14、PT-12）。",
                               office=office, count=len(marks), seats=seats.get(office, 0)))
            continue
        if len(readable) < len(marks):
            reasons.append(msg("{office}一栏有无法辨认的部分，该部分无效，其余有效（GC-14）。", office=office))
        counted[office] = tuple(dict.fromkeys(readable))
    return Reading(False, counted, tuple(reasons))


def _in_two_offices(ballot: Ballot) -> list[str]:
    offices_of = Counter(person for marks in ballot.marks.values()
                         for person in set(m for m in marks if m is not None))
    return sorted(person for person, count in offices_of.items() if count > 1)


def ballots_cast(returned: int, void: int, profile: RulesProfile) -> int:
    """已投选票总数: the ballots returned, less the void ones unless the profile counts them (PV-09)."""
    if void < 0 or void > returned:
        raise ValueError("void ballots must be between 0 and the ballots returned")
    return returned if profile.get("spoiled_ballots_counted") else returned - void
