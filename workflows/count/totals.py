"""From the stored count to the result: the agreed entries of every box summed, the round's facts
(:class:`~workflows.count.results.RoundFacts`) and :func:`~workflows.count.round.count_round`.

Only agreed entries count (issue 12 item 7); :func:`round_totals` with ``agreed_only=False``
gives the running figures of the live display (marked 未核对 there). :func:`recount` counts the
whole round again from the stored ballots, never from kept totals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select

from models import CountBox, CountCheckin, CountEntry
from workflows.core.scope import ElectionScope
from workflows.count.ballots import ballots_cast
from workflows.count.double_entry import agreed_entry, live_entries
from workflows.count.entry import entry_totals, kept_totals
from workflows.count.results import Candidate, Contest, RoundFacts, Tally
from workflows.count.round import count_round
from workflows.count.rounds import RoundView, round_view
from workflows.count.tallies import EntryTotals


@dataclass(frozen=True)
class RoundTotals:
    """The round's figures: summed over the boxes counted, and how many boxes still lack one."""

    totals: EntryTotals
    boxes_counted: int
    boxes_pending: int
    agreed_only: bool
    boxes_agreed: int = 0

    @property
    def complete(self) -> bool:
        return self.boxes_pending == 0

    @property
    def all_agreed(self) -> bool:
        """Every box's two passes agree (the live display's 已核对)."""
        return self.boxes_agreed == self.boxes_counted + self.boxes_pending


def box_totals(scope: ElectionScope, box_id: int, view: RoundView, agreed_only: bool = True
               ) -> EntryTotals | None:
    """The box's agreed figures, recounted from what is stored; or (``agreed_only`` False, the
    live display) those of its agreed pass, else of its first pass so far, as the entry keeps
    them running (:func:`workflows.count.entry.kept_totals`: no recount at every refresh)."""
    entry_id = agreed_entry(scope, box_id)
    if agreed_only:
        return entry_totals(scope, entry_id, view) if entry_id is not None else None
    if entry_id is None:
        live = live_entries(scope, box_id)
        entry_id = live[0].id if live else None
    return kept_totals(scope, entry_id, view) if entry_id is not None else None


def round_totals(scope: ElectionScope, round_id: int, agreed_only: bool = True,
                 view: RoundView | None = None) -> RoundTotals:
    """Every box's figures summed (boxes with no counted entry are pending)."""
    view = view or round_view(scope, round_id)
    totals, counted, agreed = EntryTotals(), 0, 0
    for box in view.boxes:
        agreed += agreed_entry(scope, box.id) is not None
        figures = box_totals(scope, box.id, view, agreed_only)
        if figures is not None:
            totals.merge(figures)
            counted += 1
    return RoundTotals(totals, counted, len(view.boxes) - counted, agreed_only, agreed)


def recount(scope: ElectionScope, round_id: int) -> EntryTotals:
    """A full recount of the agreed entries from what is stored (ballots read again)."""
    return round_totals(scope, round_id).totals


def round_facts(scope: ElectionScope, round_id: int, totals: EntryTotals | None = None) -> RoundFacts:
    """The numbers of the round for :func:`count_round`: roll or meeting figures from the round,
    ballots issued, voters and returned from the boxes, votes from the agreed entries."""
    view = round_view(scope, round_id)
    totals = totals if totals is not None else round_totals(scope, round_id).totals
    returned = _box_sum(view, "ballots_returned")
    returned = returned if returned is not None else totals.ballots
    voters = _box_sum(view, "voters")
    if voters is None:  # not yet recorded (check F.104): the check-ins, else the ballots
        voters = _checked_in(scope, round_id) or returned
    cast = ballots_cast(returned, min(totals.void, returned), scope.profile) if returned else None
    contests = tuple(Contest(c.office, c.seats, tuple(
        Candidate(p.name, totals.contests.get(c.id, EntryTotals().contest(c.id)).votes.get(p.id, 0),
                  p.female, p.identity) for p in c.candidates), c.tie_revote) for c in view.contests)
    party = view.track == "party"
    return RoundFacts(
        track=view.track, round="runoff" if view.kind == "runoff" else "first",
        registered=None if party else view.registered, voters=voters,
        issued=_box_sum(view, "ballots_issued"), returned=returned,
        ballots_cast=cast if view.kind == "runoff" else None,
        expected=view.expected if party else None, attended=view.attended if party else None,
        quorum=view.quorum, contests=contests)


def decide(scope: ElectionScope, round_id: int, **more) -> Tally:
    """Who is elected by the agreed count, by the profile's rules (both tracks). ``more`` adds
    what the track knows of earlier rounds (``women_seat``, ``elected_before``,
    ``chair_elected``; see :class:`RoundFacts`)."""
    return count_round(replace(round_facts(scope, round_id), **more), scope.profile)


def _box_sum(view: RoundView, key: str) -> int | None:
    values = [getattr(box, key) for box in view.boxes]
    return None if any(v is None for v in values) else sum(values)


def _checked_in(scope: ElectionScope, round_id: int) -> int:
    return scope.session.scalar(select(func.count()).select_from(CountCheckin).where(
        CountCheckin.round_id == round_id)) or 0


def entries_of_round(scope: ElectionScope, round_id: int) -> list[CountEntry]:
    """Every entry of the round's boxes (any status), for the record."""
    return list(scope.session.scalars(select(CountEntry).join(CountBox, CountBox.id == CountEntry.box_id)
                                      .where(CountBox.round_id == round_id).order_by(CountEntry.id)))
