"""Taking seats by votes: the order, a tie at the last seat, the next round's candidates.

Indices into one contest's candidate list; equal votes keep list order for display only —
list order never decides a seat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workflows.core.policy import Threshold
from workflows.core.text import chinese_number


@dataclass(frozen=True)
class Selection:
    """Who takes the seats outright, and who ties for the seats left over."""

    elected: tuple[int, ...]
    tied: tuple[int, ...] = ()
    tie_seats: int = 0


def by_votes(votes: Sequence[int], indices: Iterable[int]) -> list[int]:
    """Most votes first; equal votes in list order."""
    return sorted(indices, key=lambda i: (-votes[i], i))


def select_by_votes(votes: Sequence[int], eligible: Iterable[int], seats: int) -> Selection:
    """Fill ``seats`` from ``eligible`` by votes; a tie across the last seat is left open
    (PV-10, PT-14): those above it are elected, the tied share the seats that remain."""
    ordered = by_votes(votes, eligible)
    if seats <= 0:
        return Selection(())
    if len(ordered) <= seats:
        return Selection(tuple(ordered))
    cut = votes[ordered[seats - 1]]
    above = tuple(i for i in ordered if votes[i] > cut)
    at_cut = tuple(i for i in ordered if votes[i] == cut)
    if len(above) + len(at_cut) == seats:
        return Selection(above + at_cut)
    return Selection(above, at_cut, seats - len(above))


def leading(votes: Sequence[int], pool: Iterable[int], number: int) -> tuple[int, ...]:
    """The ``number`` with most votes, and everyone tied with the last of them (VC-17)."""
    ordered = by_votes(votes, pool)
    if number <= 0:
        return ()
    if len(ordered) <= number:
        return tuple(ordered)
    cut = votes[ordered[number - 1]]
    return tuple(i for i in ordered if votes[i] >= cut)


def share(threshold: Threshold) -> str:
    """“超过二分之一” / “不少于三分之一”."""
    word = "不少于" if threshold.comparison == "ge" else "超过"
    return f"{word}{chinese_number(threshold.den)}分之{chinese_number(threshold.num)}"


def share_of(threshold: Threshold, label: str, base: int) -> str:
    """“超过参加投票的村民数400的二分之一”."""
    word = "不少于" if threshold.comparison == "ge" else "超过"
    return f"{word}{label}{base}的{chinese_number(threshold.den)}分之{chinese_number(threshold.num)}"


def names(candidates, indices: Iterable[int]) -> str:
    """“张三、李四” (names as the list gives them)."""
    return "、".join(candidates[i].name for i in indices)
