"""Who stands, office by office: the candidates chosen from the nomination ranking.

A pure function of the nominees (votes, a further vote's result, who is out) and the
numbers: no database, so every boundary of VC-13, GC-12, SD-25 and PV-05 is testable alone.

* Per office the candidates are the first ``target`` nominees still in the running by
  votes (VC-13: more than the seats; GC-12: the profile's range, the committee's number).
* A tie at the cut-off (GC-12): when taking everyone tied stays within the range, all are
  taken; otherwise a further nomination vote among the tied decides (their
  ``tiebreak_votes``), and until it does the places stay open.
* A person chosen for two offices must choose (recorded as ``declined`` on the other).
* No woman among the candidates (SD-25): the woman with most nomination votes is added as
  an extra 委员 candidate, or takes the last 委员 place, as the profile says.
* A late withdrawal (PV-05) is not filled: the office's target shrinks by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

OUT = ("declined", "withdrawn", "disqualified")  # no longer in the running for that office
FEMALE = "女"
EXTRA, LAST_PLACE = "extra", "last_place"  # woman_candidate_method (SD-25)
MEMBER = "member"


@dataclass(frozen=True)
class Nominee:
    """One nomination row as the selection sees it."""

    id: int
    voter_id: int
    office: str
    votes: int
    tiebreak: int | None
    status: str
    sex: str
    stroke: int  # position in surname-stroke order (breaks ties only for display)

    @property
    def key(self) -> tuple[int, int]:
        """What decides the order: votes, then the further vote among the tied."""
        return self.votes, self.tiebreak if self.tiebreak is not None else -1


@dataclass(frozen=True)
class Quota:
    """One office's numbers: seats, the profile's range, the target (decided or fixed)."""

    seats: int
    low: int  # seats + the range's minimum
    high: int | None  # seats + the range's maximum; None = no upper limit
    target: int | None  # the committee's number; None while it must still decide
    unfilled: int = 0  # late withdrawals (PV-05), not filled from the ranking


@dataclass(frozen=True)
class Tie:
    """Nominees tied at an office's cut-off who need a further nomination vote."""

    office: str
    nominee_ids: tuple[int, ...]
    places: int  # how many of them can stand


@dataclass
class Selection:
    """The result: per office the candidates in ranking order, and what stands in the way."""

    chosen: dict[str, list[int]] = field(default_factory=dict)
    ties: list[Tie] = field(default_factory=list)
    widened: dict[str, int] = field(default_factory=dict)  # office → candidates beyond the target (ties taken)
    shortfall: dict[str, int] = field(default_factory=dict)  # office → places the ranking cannot fill
    conflicts: dict[int, list[int]] = field(default_factory=dict)  # voter id → chosen nominee ids
    woman_voter: int | None = None  # SD-25: the woman added as a 委员 candidate
    woman_nominee: int | None = None  # her 委员 row, when she has one
    woman_replaces: int | None = None  # LAST_PLACE: the 委员 candidate she displaces
    woman_tie: tuple[int, ...] = ()  # women tied for most votes: a further vote decides
    no_woman_nominated: bool = False

    def chosen_ids(self) -> set[int]:
        """Every chosen nominee id (all offices, the woman's row included)."""
        ids = {ident for idents in self.chosen.values() for ident in idents}
        return ids | ({self.woman_nominee} if self.woman_nominee is not None else set())


def ordered(nominees: Sequence[Nominee]) -> list[Nominee]:
    """By votes, then the further vote, then surname strokes."""
    return sorted(nominees, key=lambda n: (-n.key[0], -n.key[1], n.stroke))


def _office(selection: Selection, office: str, quota: Quota, rows: list[Nominee]) -> None:
    running = ordered([n for n in rows if n.status not in OUT and n.votes > 0])
    target = (quota.target if quota.target is not None else quota.low) - quota.unfilled
    high = None if quota.high is None else quota.high - quota.unfilled
    if target <= 0:
        selection.chosen[office] = []
        return
    if len(running) <= target:
        selection.chosen[office] = [n.id for n in running]
        if len(running) < target:
            selection.shortfall[office] = target - len(running)
        return
    cut = running[target - 1].key
    if running[target].key != cut:
        selection.chosen[office] = [n.id for n in running[:target]]
        return
    first = next(i for i, n in enumerate(running) if n.key == cut)
    last = max(i for i, n in enumerate(running) if n.key == cut)
    if high is None or last + 1 <= high:  # GC-12: all tied taken while the range allows
        selection.chosen[office] = [n.id for n in running[:last + 1]]
        selection.widened[office] = last + 1 - target
        return
    selection.chosen[office] = [n.id for n in running[:first]]
    selection.ties.append(Tie(office, tuple(n.id for n in running[first:last + 1]), target - first))


def select(nominees: Sequence[Nominee], quotas: dict[str, Quota], woman_method: str) -> Selection:
    """The candidates of every office with seats, and what the clerk must still settle."""
    selection = Selection()
    for office, quota in quotas.items():
        _office(selection, office, quota, [n for n in nominees if n.office == office])
    by_id = {n.id: n for n in nominees}
    per_voter: dict[int, list[int]] = {}
    for ident in selection.chosen_ids():
        per_voter.setdefault(by_id[ident].voter_id, []).append(ident)
    selection.conflicts = {voter: sorted(ids) for voter, ids in per_voter.items() if len(ids) > 1}
    _woman(selection, nominees, quotas, woman_method)
    return selection


def _woman(selection: Selection, nominees: Sequence[Nominee], quotas: dict[str, Quota], method: str) -> None:
    """SD-25: no woman among the candidates → the woman with most nomination votes stands."""
    chosen = selection.chosen_ids()
    by_id = {n.id: n for n in nominees}
    if method not in (EXTRA, LAST_PLACE) or any(by_id[i].sex == FEMALE for i in chosen):
        return
    office = MEMBER if MEMBER in quotas else next(reversed(quotas), None)
    if office is None:
        return
    out_voters = {n.voter_id for n in nominees if n.status in ("withdrawn", "disqualified")}
    out_voters |= {n.voter_id for n in nominees if n.office == office and n.status in OUT}
    best: dict[int, Nominee] = {}
    for n in nominees:
        if n.sex != FEMALE or n.voter_id in out_voters or n.status in OUT or n.votes <= 0:
            continue
        if n.voter_id not in best or (n.key, -n.stroke) > (best[n.voter_id].key, -best[n.voter_id].stroke):
            best[n.voter_id] = n
    if not best:
        selection.no_woman_nominated = True
        return
    top = ordered(list(best.values()))
    if len(top) > 1 and top[0].key == top[1].key:
        selection.woman_tie = tuple(n.id for n in top if n.key == top[0].key)
        return
    woman = top[0]
    selection.woman_voter = woman.voter_id
    selection.woman_nominee = next((n.id for n in nominees if n.voter_id == woman.voter_id and n.office == office),
                                   None)
    if method == LAST_PLACE and selection.chosen.get(office):
        selection.woman_replaces = selection.chosen[office][-1]
        selection.chosen[office] = selection.chosen[office][:-1]
