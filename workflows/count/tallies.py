"""What the stored papers add up to: one ballot's effect per contest, and the totals of an entry.

A ballot is stored as read (the candidates marked per contest, unreadable marks as ``None``);
:func:`ballot_effect` decides with :func:`workflows.count.ballots.read_ballot` what counts —
too many marks for an office makes that office invalid on this ballot only (GC-14, PT-12), an
unreadable mark is invalid and the rest stands, one person in two offices per the profile
(PV-09). Totals per contest: votes per candidate, blank slots (seats left unmarked or marked
unreadably), ballots valid and invalid for it; so ``votes + blank = valid × seats``.

A Party ballot marks each listed candidate 赞成, 不赞成 or neither (弃权): the 赞成 marks are
the votes (PT-13); ``against`` and ``abstain`` per candidate are kept for the report and
compared by the double entry like every other figure (Party rounds only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workflows.core.policy import RulesProfile
from workflows.core.text import Msg
from workflows.count.ballots import Ballot, read_ballot
from workflows.count.rounds import RoundView


@dataclass
class ContestTotals:
    """One contest's running figures."""

    votes: dict[int, int] = field(default_factory=dict)  # candidate id → votes
    blank: int = 0  # seats left unmarked on valid ballots (弃权)
    valid: int = 0  # ballots valid for this contest
    invalid: int = 0  # ballots invalid for this contest only (too many marks)
    against: dict[int, int] = field(default_factory=dict)  # Party: candidate id → 不赞成
    abstain: dict[int, int] = field(default_factory=dict)  # Party: candidate id → 弃权

    def copy(self) -> ContestTotals:
        return ContestTotals(dict(self.votes), self.blank, self.valid, self.invalid, dict(self.against),
                             dict(self.abstain))


@dataclass
class EntryTotals:
    """The figures of one entry (or a box, or the round): ballots, void ones, each contest."""

    ballots: int = 0  # ballots read (收回选票 of a ballot-by-ballot entry)
    void: int = 0  # void as a whole (PT-12, PV-09)
    contests: dict[int, ContestTotals] = field(default_factory=dict)

    def copy(self) -> EntryTotals:
        return EntryTotals(self.ballots, self.void, {k: v.copy() for k, v in self.contests.items()})

    def contest(self, contest_id: int) -> ContestTotals:
        return self.contests.setdefault(contest_id, ContestTotals())

    def merge(self, other: EntryTotals) -> None:
        """Add another entry's figures (boxes into the round)."""
        self.ballots += other.ballots
        self.void += other.void
        for contest_id, theirs in other.contests.items():
            mine = self.contest(contest_id)
            for mine_figures, their_figures in ((mine.votes, theirs.votes), (mine.against, theirs.against),
                                                (mine.abstain, theirs.abstain)):
                for candidate, votes in their_figures.items():
                    mine_figures[candidate] = mine_figures.get(candidate, 0) + votes
            mine.blank += theirs.blank
            mine.valid += theirs.valid
            mine.invalid += theirs.invalid

    def fields(self, view: RoundView) -> dict[str, int]:
        """Every figure by a name a clerk reads (“主任·王建国”, “委员·弃权”), for comparing."""
        result = {"收回选票": self.ballots, "整张无效": self.void}
        for contest in view.contests:
            totals = self.contests.get(contest.id, ContestTotals())
            for person in contest.candidates:
                result[f"{contest.office}·{_label(person)}"] = totals.votes.get(person.id, 0)
                if view.track == "party" and not person.write_in:
                    result[f"{contest.office}·{_label(person)}·不赞成"] = totals.against.get(person.id, 0)
                    result[f"{contest.office}·{_label(person)}·弃权"] = totals.abstain.get(person.id, 0)
            result[f"{contest.office}·弃权"] = totals.blank
            result[f"{contest.office}·该栏无效"] = totals.invalid
        return result


def _label(person) -> str:
    return f"{person.number}号{person.name}" if person.number is not None else f"另选{person.name}"


@dataclass(frozen=True)
class BallotEffect:
    """What one ballot adds: void as a whole, or per contest (valid, candidates counted)."""

    void: bool
    contests: dict[int, tuple[bool, tuple[int, ...]]]
    reasons: tuple[Msg, ...] = ()
    against: dict[int, tuple[int, ...]] = field(default_factory=dict)  # Party: 不赞成 on valid contests


def encode_marks(marks: dict[int, tuple[int | None, ...]], against: dict[int, tuple[int, ...]] | None = None) -> str:
    """The stored form of a ballot's marks (contest id → candidate ids, null = unreadable; a
    Party ballot's 不赞成 marks under the negated contest id)."""
    stored = {str(k): list(v) for k, v in marks.items() if v}
    stored |= {str(-k): list(v) for k, v in (against or {}).items() if v}
    return json.dumps(stored, separators=(",", ":"))


def decode_marks(text: str) -> dict[int, tuple[int | None, ...]]:
    return {int(k): tuple(v) for k, v in json.loads(text or "{}").items() if int(k) > 0}


def decode_against(text: str) -> dict[int, tuple[int, ...]]:
    return {-int(k): tuple(v) for k, v in json.loads(text or "{}").items() if int(k) < 0}


def ballot_effect(view: RoundView, marks: dict[int, tuple[int | None, ...]], void: bool,
                  profile: RulesProfile, against: dict[int, tuple[int, ...]] | None = None) -> BallotEffect:
    """Read one stored ballot by the profile's rules (GC-14, PT-12, PV-09)."""
    offices = {c.id: c.office for c in view.contests}
    seats = {c.office: c.seats for c in view.contests}
    people = view.candidate_by_id
    paper = Ballot({offices[cid]: tuple(None if m is None else people[m].identity for m in ids)
                    for cid, ids in marks.items()}, marked_paper=void)
    reading = read_ballot(paper, seats, profile)
    if reading.void:
        return BallotEffect(True, {}, reading.reasons)
    effect: dict[int, tuple[bool, tuple[int, ...]]] = {}
    for contest in view.contests:
        chosen = marks.get(contest.id, ())
        if contest.office not in reading.counted and chosen:
            effect[contest.id] = (False, ())
            continue
        counted = set(reading.counted.get(contest.office, ()))
        ids = tuple(dict.fromkeys(m for m in chosen if m is not None and people[m].identity in counted))
        effect[contest.id] = (True, ids)
    kept = {cid: ids for cid, ids in (against or {}).items() if effect.get(cid, (True, ()))[0]}
    return BallotEffect(False, effect, reading.reasons, kept)


def apply(totals: EntryTotals, effect: BallotEffect, view: RoundView, sign: int = 1) -> None:
    """Add (sign 1) or take back (sign −1) one ballot's effect."""
    totals.ballots += sign
    if effect.void:
        totals.void += sign
        return
    for contest in view.contests:
        valid, ids = effect.contests.get(contest.id, (True, ()))
        figures = totals.contest(contest.id)
        if not valid:
            figures.invalid += sign
            continue
        figures.valid += sign
        figures.blank += sign * (contest.seats - len(ids))
        for candidate in ids:
            figures.votes[candidate] = figures.votes.get(candidate, 0) + sign
        if view.track == "party":
            _party_marks(figures, contest, ids, effect.against.get(contest.id, ()), sign)


def _party_marks(figures: ContestTotals, contest, yes: tuple[int, ...], no: tuple[int, ...], sign: int) -> None:
    """不赞成 as marked; every listed candidate marked neither way is 弃权 on this ballot."""
    for candidate in no:
        figures.against[candidate] = figures.against.get(candidate, 0) + sign
    for person in contest.candidates:
        if not person.write_in and person.id not in yes and person.id not in no:
            figures.abstain[person.id] = figures.abstain.get(person.id, 0) + sign


def count_ballots(view: RoundView, stored: list[tuple[str, bool]], profile: RulesProfile) -> EntryTotals:
    """A full recount from stored ballots ((marks, void) in any order)."""
    totals = EntryTotals()
    for marks, void in stored:
        apply(totals, ballot_effect(view, decode_marks(marks), void, profile, decode_against(marks)), view)
    return totals
