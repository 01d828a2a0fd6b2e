"""Rounds of the stored count: open one with its contests, candidates and boxes from plain
inputs the track gives (the count never reads the villager or Party tables), list them,
record the figures of a box, void a round and set up the re-vote (GC-15, PT-11).

A round's contests and candidates are read in one go as a :class:`RoundView`, which the entry,
check and total modules share. Candidates carry a number across the whole ballot (1, 2, …
in contest order) for keyboard entry; write-ins (另选他人) are appended as they are confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from models import CountBox, CountCandidate, CountContest, CountRound
from models.count import COUNT_BOX_KINDS, COUNT_ROUND_KINDS, COUNT_TRACKS
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, msg
from workflows.count.results import OFFICES


@dataclass(frozen=True)
class CandidateInput:
    """A name on the ballot; ``source``/``source_id`` say where the track took it from."""

    name: str
    female: bool = False
    id_number: str = ""
    source: str = ""  # vc_candidate | party_member | voter
    source_id: int | None = None


@dataclass(frozen=True)
class ContestInput:
    """One office on the ballot with its seats and candidates in list order (SO-01, SO-02)."""

    office: str
    seats: int
    candidates: tuple[CandidateInput, ...] = ()
    women_seat: bool = False
    tie_revote: bool = False  # PV-10: among those tied for the last seats, most votes wins


@dataclass(frozen=True)
class BoxInput:
    """A ballot box; a villager box may name its polling station or mobile box."""

    name: str
    kind: str = "main"  # main | station | mobile | meeting
    station_id: int | None = None
    mobile_box_id: int | None = None


@dataclass(frozen=True)
class RoundInput:
    """What opening a round needs; the roll or meeting figures where they apply."""

    track: str  # villager | party
    kind: str  # first | runoff | revote | officers
    held_on: date
    contests: tuple[ContestInput, ...]
    boxes: tuple[BoxInput, ...] = (BoxInput("票箱"),)
    registered: int | None = None
    expected: int | None = None
    attended: int | None = None
    quorum: str | None = None  # gt | ge (PT-08, overrides the profile)


@dataclass(frozen=True)
class CandidateView:
    id: int
    contest_id: int
    position: int
    number: int | None  # the keyboard number across the ballot (None for a write-in)
    name: str
    female: bool
    write_in: bool
    identity: str  # the same person across contests (ID number, else source, else the row)


@dataclass(frozen=True)
class ContestView:
    id: int
    office: str
    seats: int
    position: int
    women_seat: bool
    candidates: tuple[CandidateView, ...]
    tie_revote: bool = False


@dataclass(frozen=True)
class BoxView:
    id: int
    name: str
    kind: str
    ballots_issued: int | None
    voters: int | None
    ballots_returned: int | None
    confirmed_by: str | None


@dataclass(frozen=True)
class RoundView:
    """A round as every count module reads it (one query per table)."""

    id: int
    track: str
    kind: str
    number: int
    held_on: date
    registered: int | None
    expected: int | None
    attended: int | None
    quorum: str | None
    void: bool
    void_reason: str
    official_by: str | None
    contests: tuple[ContestView, ...]
    boxes: tuple[BoxView, ...]
    candidate_by_id: dict[int, CandidateView] = field(default_factory=dict)
    candidate_by_number: dict[int, CandidateView] = field(default_factory=dict)

    def contest(self, contest_id: int) -> ContestView:
        return next(c for c in self.contests if c.id == contest_id)

    @property
    def label(self) -> str:
        """“第1轮投票（村民委员会）”."""
        return f"第{self.number}轮{KIND_LABELS.get(self.kind, '')}（{TRACK_LABELS.get(self.track, '')}）"


TRACK_LABELS = {"villager": "村民委员会", "party": "村党组织"}
KIND_LABELS = {"first": "投票", "runoff": "另行选举", "revote": "重新投票", "officers": "书记副书记选举"}


# --- reading -------------------------------------------------------------------------------

def round_view(scope: ElectionScope, round_id: int) -> RoundView:
    """The round with its contests, candidates and boxes; refused if not this election's."""
    row = own(scope, CountRound, round_id, "找不到这一轮投票")
    contests = scope.session.scalars(select(CountContest).where(CountContest.round_id == row.id)
                                     .order_by(CountContest.position)).all()
    people = scope.session.scalars(select(CountCandidate).where(
        CountCandidate.contest_id.in_([c.id for c in contests])).order_by(CountCandidate.position)).all()
    by_contest: dict[int, list[CountCandidate]] = {}
    for person in people:
        by_contest.setdefault(person.contest_id, []).append(person)
    number = 0
    views: list[ContestView] = []
    for contest in contests:
        listed = []
        for person in by_contest.get(contest.id, []):
            if not person.write_in:
                number += 1
            listed.append(CandidateView(person.id, contest.id, person.position,
                                        None if person.write_in else number, person.name, person.female,
                                        person.write_in, _identity(person)))
        views.append(ContestView(contest.id, contest.office, contest.seats, contest.position,
                                 contest.women_seat, tuple(listed), contest.tie_revote))
    boxes = scope.session.scalars(select(CountBox).where(CountBox.round_id == row.id)
                                  .order_by(CountBox.position, CountBox.id)).all()
    by_id = {c.id: c for view in views for c in view.candidates}
    return RoundView(row.id, row.track, row.kind, row.number, row.held_on, row.registered, row.expected,
                     row.attended, row.quorum, row.void, row.void_reason, row.official_by, tuple(views),
                     tuple(BoxView(b.id, b.name, b.kind, b.ballots_issued, b.voters, b.ballots_returned,
                                   b.confirmed_by) for b in boxes),
                     by_id, {c.number: c for c in by_id.values() if c.number is not None})


def _identity(person: CountCandidate) -> str:
    if person.id_number:
        return "id:" + person.id_number
    if person.source == "voter" and person.source_id is not None:
        return f"voter:{person.source_id}"
    return f"row:{person.id}"


@dataclass(frozen=True)
class RoundRow:
    """A round as a list shows it."""

    id: int
    track: str
    kind: str
    number: int
    held_on: date
    void: bool
    official: bool
    label: str


def rounds(scope: ElectionScope, track: str | None = None) -> list[RoundRow]:
    """The election's rounds of one track (or both), oldest first."""
    query = select(CountRound).where(CountRound.election_id == scope.election.id)
    if track:
        query = query.where(CountRound.track == track)
    result = []
    for row in scope.session.scalars(query.order_by(CountRound.track, CountRound.number)):
        label = f"第{row.number}轮{KIND_LABELS.get(row.kind, '')}"
        result.append(RoundRow(row.id, row.track, row.kind, row.number, row.held_on, row.void,
                               row.official_at is not None, label))
    return result


# --- opening a round -----------------------------------------------------------------------

def open_round(scope: ElectionScope, data: RoundInput) -> int:
    """Store a new round of ``data.track`` with its contests, candidates and boxes."""
    return _store_round(scope, data)


def _store_round(scope: ElectionScope, data: RoundInput, revote_of: int | None = None) -> int:
    errors = _round_errors(data)
    if errors:
        raise InvalidInput(errors)
    number = (scope.session.scalar(select(func.max(CountRound.number)).where(
        CountRound.election_id == scope.election.id, CountRound.track == data.track)) or 0) + 1
    row = CountRound(election_id=scope.election.id, track=data.track, kind=data.kind, number=number,
                     held_on=data.held_on, registered=data.registered, expected=data.expected,
                     attended=data.attended, quorum=data.quorum, void=False, void_reason="",
                     revote_of_id=revote_of, revert_reason="")
    scope.session.add(row)
    scope.session.flush()
    for position, contest in enumerate(data.contests, start=1):
        stored = CountContest(election_id=scope.election.id, round_id=row.id, office=contest.office,
                              seats=contest.seats, position=position, women_seat=contest.women_seat,
                              tie_revote=contest.tie_revote)
        scope.session.add(stored)
        scope.session.flush()
        for place, person in enumerate(contest.candidates, start=1):
            scope.session.add(_candidate(scope, stored.id, place, person, write_in=False))
    for box in data.boxes:
        add_box(scope, row.id, box)
    scope.session.flush()
    return row.id


def _candidate(scope: ElectionScope, contest_id: int, position: int, person: CandidateInput,
               write_in: bool) -> CountCandidate:
    return CountCandidate(election_id=scope.election.id, contest_id=contest_id, position=position,
                          name=person.name.strip(), id_number=person.id_number, female=person.female,
                          write_in=write_in, source=person.source, source_id=person.source_id)


def _round_errors(data: RoundInput) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    if data.track not in COUNT_TRACKS:
        errors["track"] = msg("选举类别应为村民委员会或村党组织")
    elif data.kind not in COUNT_ROUND_KINDS:
        errors["kind"] = msg("轮次类别不正确")
    offices = [c.office for c in data.contests]
    if not data.contests:
        errors["contests"] = msg("请列出本轮选举的职务")
    elif data.track in OFFICES and any(o not in OFFICES[data.track] for o in offices):
        errors["contests"] = msg("职务应为{offices}之一", offices="、".join(OFFICES[data.track]))
    elif len(set(offices)) < len(offices):
        errors["contests"] = msg("同一职务在一张选票上只列一次")
    elif any(c.seats < 1 for c in data.contests):
        errors["contests"] = msg("每个职务的应选人数至少为1")
    elif any(not p.name.strip() for c in data.contests for p in c.candidates):
        errors["contests"] = msg("候选人姓名不能为空")
    if not data.boxes:
        errors["boxes"] = msg("请至少设一个票箱")
    for key in ("registered", "expected", "attended"):
        value = getattr(data, key)
        if value is not None and value < 0:
            errors[key] = msg("人数不能为负数")
    return errors


def add_box(scope: ElectionScope, round_id: int, data: BoxInput) -> int:
    """Add a ballot box to an open round."""
    row = editable_round(scope, round_id)
    if not data.name.strip():
        raise InvalidInput({"name": msg("请填写票箱名称")})
    if data.kind not in COUNT_BOX_KINDS:
        raise InvalidInput({"kind": msg("票箱类别不正确")})
    count = scope.session.scalar(select(func.count()).select_from(CountBox).where(CountBox.round_id == row.id))
    box = CountBox(election_id=scope.election.id, round_id=row.id, name=data.name.strip(), kind=data.kind,
                   position=count + 1, station_id=data.station_id, mobile_box_id=data.mobile_box_id)
    scope.session.add(box)
    scope.session.flush()
    return box.id


@dataclass(frozen=True)
class BoxFigures:
    """The figures of a box as written on its record (None = not yet known)."""

    ballots_issued: int | None = None
    voters: int | None = None
    ballots_returned: int | None = None


def set_box_figures(scope: ElectionScope, box_id: int, figures: BoxFigures) -> None:
    """Record how many ballots were issued, how many voted, how many came out of the box."""
    box = own(scope, CountBox, box_id, "找不到这个票箱")
    editable_round(scope, box.round_id)
    errors = {key: msg("应为0或正整数") for key in ("ballots_issued", "voters", "ballots_returned")
              if getattr(figures, key) is not None and getattr(figures, key) < 0}
    if errors:
        raise InvalidInput(errors)
    box.ballots_issued, box.voters = figures.ballots_issued, figures.voters
    box.ballots_returned = figures.ballots_returned
    scope.session.flush()


def set_round_figures(scope: ElectionScope, round_id: int, registered: int | None = None,
                      expected: int | None = None, attended: int | None = None) -> None:
    """The roll or meeting figures of a round (登记选民数; 应到、实到会人数)."""
    row = editable_round(scope, round_id)
    for key, value in (("registered", registered), ("expected", expected), ("attended", attended)):
        if value is not None and value < 0:
            raise InvalidInput({key: msg("人数不能为负数")})
    row.registered, row.expected, row.attended = registered, expected, attended
    scope.session.flush()


# --- void and re-vote ----------------------------------------------------------------------

def void_round(scope: ElectionScope, round_id: int, reason: str, held_on: date | None = None) -> int:
    """Mark the round void with its reason (kept for the record) and open the re-vote with the
    same contests, listed candidates and boxes; returns the new round's id (GC-15, PT-11)."""
    return open_revote(scope, editable_round(scope, round_id), reason, held_on)


def open_revote(scope: ElectionScope, row: CountRound, reason: str, held_on: date | None = None) -> int:
    """:func:`void_round` once the round is known to be open (the confirmation of a void
    result calls this before it records who confirmed)."""
    if not reason.strip():
        raise InvalidInput({"reason": msg("请写明本轮无效的原因")})
    view = round_view(scope, row.id)
    row.void, row.void_reason = True, reason.strip()
    scope.session.flush()
    contests = tuple(ContestInput(c.office, c.seats, tuple(
        _again(scope, p.id) for p in c.candidates if not p.write_in), c.women_seat, c.tie_revote)
        for c in view.contests)
    boxes = tuple(BoxInput(b.name, b.kind, *_box_links(scope, b.id)) for b in view.boxes)
    return _store_round(scope, RoundInput(view.track, "revote", held_on or view.held_on, contests, boxes,
                                          view.registered, view.expected, view.attended, view.quorum),
                        revote_of=row.id)


def _again(scope: ElectionScope, candidate_id: int) -> CandidateInput:
    person = scope.session.get(CountCandidate, candidate_id)
    return CandidateInput(person.name, person.female, person.id_number, person.source, person.source_id)


def _box_links(scope: ElectionScope, box_id: int) -> tuple[int | None, int | None]:
    box = scope.session.get(CountBox, box_id)
    return box.station_id, box.mobile_box_id


# --- shared helpers ------------------------------------------------------------------------

def own(scope: ElectionScope, entity: type, ident: int | None, missing: str):
    """The row of this election, or a refusal naming what is missing."""
    row = scope.session.get(entity, ident) if ident is not None else None
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"general": msg("{text}", text=missing)})
    return row


def editable_round(scope: ElectionScope, round_id: int) -> CountRound:
    """The round, refused once void or official (revert the confirmation first)."""
    row = own(scope, CountRound, round_id, "找不到这一轮投票")
    if row.void:
        raise InvalidInput({"general": msg("本轮投票已宣布无效，不能再修改")})
    if row.official_at is not None:
        raise InvalidInput({"general": msg("本轮计票结果已经确认，须先撤销确认并写明理由")})
    return row
