"""Counting entry, two ways (issue 12 item 5): ballot by ballot during 唱票, keyboard only, one
line per ballot with running totals and undo; or the tally sheet of a box.

One line per ballot (full-width characters and spaces are normalised first):

- ``3 5 7 8 9`` — the candidates' numbers across the ballot (shown beside each name); each
  number goes to its own office;
- ``1 / 3 / 5 王五 / ...`` — with ``/`` the line is split by office in ballot order; a name in
  an office's part is a write-in (另选他人), ``?`` an unreadable mark, an empty part a blank;
  several write-ins in one part are separated by ``，`` or ``、``;
- ``0`` — a blank ballot (nothing marked); ``*`` — the whole ballot void (a sign or number of
  its own, PT-12; or unreadable as a whole);
- Party ballots only: ``-4`` — candidate 4 marked 不赞成; a listed candidate marked neither way
  is 弃权 on that ballot (``1 2 -4``: 赞成 1 and 2, 不赞成 4, 弃权 the rest).

More marks than seats make that office invalid on that ballot only (GC-14, PT-12), decided when
the ballot is read (:mod:`workflows.count.tallies`); the paper is stored as read. A write-in
not yet on the list is not recorded until confirmed (:func:`confirm_write_in`), with the roll's
matching voters offered (names normalised: spaces, full-width forms).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select

from models import CountBallot, CountBox, CountCandidate, CountEntry, CountSheetLine, Voter
from workflows.core import idcard
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, msg
from workflows.count import tallies
from workflows.count.rounds import ContestView, RoundView, editable_round, own, round_view
from workflows.count.tallies import BallotEffect, EntryTotals

_PIECES = re.compile(r"[,，、;；]")
_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", "‧": "·", "∙": "·"})


def normalise_name(text: str) -> str:
    """A name as typed → as compared: NFKC (full-width forms), no spaces, one kind of middle dot."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).translate(_DOTS)


# --- parsing one line --------------------------------------------------------------------------

@dataclass(frozen=True)
class WriteInProposal:
    """A write-in not on the list yet: the roll's voters of that name (ID numbers masked)."""

    contest_id: int
    office: str
    name: str
    roll: tuple[tuple[int, str], ...]  # (voter id, "王五　3601**********123X")


@dataclass(frozen=True)
class ParsedBallot:
    """A line read: marks per contest, or void; write-ins still to confirm."""

    marks: dict[int, tuple[int | None, ...]] = field(default_factory=dict)
    void: bool = False
    pending: tuple[tuple[int, str], ...] = ()  # (contest id, normalised name)
    against: dict[int, tuple[int, ...]] = field(default_factory=dict)  # Party: 不赞成 per contest


def parse_line(view: RoundView, line: str) -> ParsedBallot:
    """Read one typed line against the round's ballot; refusals name what is wrong."""
    text = unicodedata.normalize("NFKC", line or "").strip()
    if not text:
        raise _refuse("请输入这张选票：候选人编号，空白票输入0，整张无效输入*")
    if text == "*":
        return ParsedBallot(void=True)
    if text in ("0", "-"):
        return ParsedBallot()
    if "/" in text:
        parts = text.split("/")
        if len(parts) > len(view.contests):
            raise _refuse("“/”分出的栏数多于选票上的职务数（{count}个）", count=len(view.contests))
        return _parsed([_part(view, contest, part) for contest, part in zip(view.contests, parts, strict=False)])
    text, against = _against(view, text)
    if not text:  # 不赞成 marks only: no 赞成 on this ballot
        return _parsed([], against)
    if len(view.contests) == 1:
        return _parsed([_part(view, view.contests[0], text)], against)
    return _parsed([_numbers(view, text)], against)


def _against(view: RoundView, text: str) -> tuple[str, dict[int, tuple[int, ...]]]:
    """The ``-n`` marks (不赞成) taken out of the line; refused on a ballot without them."""
    tokens = _PIECES.sub(" ", text).split()
    marked = [t for t in tokens if len(t) > 1 and t[0] == "-" and t[1:].isdigit()]
    if not marked:
        return text, {}
    if view.track != "party":
        raise _refuse("村民委员会选票没有“不赞成”一栏：请只输入所选候选人的编号")
    against: dict[int, list] = {}
    for token in marked:
        person = view.candidate_by_number.get(int(token[1:]))
        if person is None:
            raise _refuse("没有{number}号候选人", number=int(token[1:]))
        _add(against, person.contest_id, person.id, person.name)
    return " ".join(t for t in tokens if t not in marked), {k: tuple(v) for k, v in against.items()}


def _parsed(parts: list[tuple[dict[int, list], list]], against: dict[int, tuple[int, ...]] | None = None
            ) -> ParsedBallot:
    marks: dict[int, list] = {}
    pending: list[tuple[int, str]] = []
    for part_marks, part_pending in parts:
        for contest_id, ids in part_marks.items():
            marks.setdefault(contest_id, []).extend(ids)
        pending.extend(part_pending)
    against = against or {}
    for contest_id, ids in against.items():
        both = [i for i in ids if i in marks.get(contest_id, [])]
        if both:
            raise _refuse("同一位候选人既标了赞成又标了不赞成，请核对这张选票")
    return ParsedBallot({k: tuple(v) for k, v in marks.items() if v}, False, tuple(pending), against)


def _numbers(view: RoundView, text: str) -> tuple[dict[int, list], list]:
    marks: dict[int, list] = {}
    for token in _PIECES.sub(" ", text).split():
        if not token.isdigit():
            raise _refuse("“{token}”不是候选人编号；另选他人或无法辨认的，请用“/”分栏写在该职务栏内", token=token)
        person = view.candidate_by_number.get(int(token))
        if person is None:
            raise _refuse("没有{number}号候选人", number=int(token))
        _add(marks, person.contest_id, person.id, person.name)
    return marks, []


def _part(view: RoundView, contest: ContestView, text: str) -> tuple[dict[int, list], list]:
    marks: dict[int, list] = {contest.id: []}
    pending: list[tuple[int, str]] = []
    if text.strip() in ("", "0", "-"):
        return marks, pending
    for piece in _PIECES.split(text):
        words = []
        for token in piece.split():
            if token.isdigit():
                person = view.candidate_by_number.get(int(token))
                if person is None or person.contest_id != contest.id:
                    raise _refuse("{office}一栏没有{number}号候选人", office=contest.office, number=int(token))
                _add(marks, contest.id, person.id, person.name)
            elif token == "?":
                marks[contest.id].append(None)
            else:
                words.append(token)
        if words:
            _write_in(contest, normalise_name("".join(words)), marks, pending)
    return marks, pending


def _write_in(contest: ContestView, name: str, marks: dict[int, list], pending: list) -> None:
    found = [p for p in contest.candidates if normalise_name(p.name) == name]
    if not found and contest.tie_revote:
        raise _refuse("{office}一栏是就票数相等的候选人再次投票，不能另选他人（PV-10）", office=contest.office)
    if len(found) > 1:
        raise _refuse("{office}有两位{name}，请输入编号", office=contest.office, name=name)
    if found:
        _add(marks, contest.id, found[0].id, found[0].name)
    else:
        pending.append((contest.id, name))


def _add(marks: dict[int, list], contest_id: int, candidate_id: int, name: str) -> None:
    ids = marks.setdefault(contest_id, [])
    if candidate_id in ids:
        raise _refuse("{name}在同一栏输入了两次，请核对", name=name)
    ids.append(candidate_id)


def _refuse(template: str, **args) -> InvalidInput:
    return InvalidInput({"line": msg(template, **args)})


# --- write-ins -----------------------------------------------------------------------------

def write_in_proposals(scope: ElectionScope, view: RoundView, pending: tuple[tuple[int, str], ...]
                       ) -> tuple[WriteInProposal, ...]:
    """For each unknown write-in, the registered voters of that name (to confirm one, or none)."""
    result = []
    for contest_id, name in pending:
        voters = scope.session.execute(select(Voter.id, Voter.name, Voter.id_number).where(
            Voter.election_id == scope.election.id, Voter.status == "registered", Voter.name == name)).all()
        result.append(WriteInProposal(contest_id, view.contest(contest_id).office, name,
                                      tuple((v.id, f"{v.name}　{idcard.mask(v.id_number)}") for v in voters)))
    return tuple(result)


def confirm_write_in(scope: ElectionScope, round_id: int, contest_id: int, name: str,
                     voter_id: int | None = None) -> int:
    """Put a write-in on the contest's list (kept for the rest of the count); matched to the
    roll where the clerk confirms a voter, else by name only. Returns the candidate's id."""
    view = round_view(scope, round_id)
    if all(c.id != contest_id for c in view.contests):
        raise _refuse("这个职务不属于本轮选举")
    contest = view.contest(contest_id)
    name = normalise_name(name)
    voter = scope.session.get(Voter, voter_id) if voter_id is not None else None
    if voter_id is not None and (voter is None or voter.election_id != scope.election.id):
        raise _refuse("请从本村选民名单中选择")
    if not name and voter is None:
        raise _refuse("请输入另选他人的姓名")
    if voter is not None:
        known = next((p for p in contest.candidates if p.identity == "id:" + voter.id_number), None)
        if known is not None:
            return known.id
    elif any(normalise_name(p.name) == name for p in contest.candidates):
        return next(p.id for p in contest.candidates if normalise_name(p.name) == name)
    position = max((p.position for p in contest.candidates), default=0) + 1
    row = CountCandidate(election_id=scope.election.id, contest_id=contest_id, position=position,
                         name=voter.name if voter else name, id_number=voter.id_number if voter else "",
                         female=bool(voter and voter.sex == "女"), write_in=True,
                         source="voter" if voter else "", source_id=voter.id if voter else None)
    scope.session.add(row)
    scope.session.flush()
    return row.id


def write_ins(scope: ElectionScope, round_id: int) -> list[tuple[str, str]]:
    """The write-ins confirmed so far, (office, name), for picking again."""
    view = round_view(scope, round_id)
    return [(c.office, p.name) for c in view.contests for p in c.candidates if p.write_in]


# --- ballot by ballot ----------------------------------------------------------------------

@dataclass(frozen=True)
class BallotRecorded:
    """The answer to one line: recorded (serial, what counted, totals) or write-ins to confirm."""

    serial: int | None
    effect: BallotEffect | None
    totals: EntryTotals
    proposals: tuple[WriteInProposal, ...] = ()
    reasons: tuple[Msg, ...] = ()


# Running totals per entry, kept between calls: (store, entry, started) → (marker, totals), the
# marker being the last stored ballot's (serial, row id). Checked against the store on every call;
# anything unexpected is recounted — a last ballot undone and replaced by another computer on a
# shared server keeps the serial but gets a new row id (server sequences never reuse one).
_RUNNING: dict[tuple[str, int, str], tuple[tuple[int, int], EntryTotals]] = {}


def _key(scope: ElectionScope, entry: CountEntry) -> tuple[str, int, str]:
    return str(scope.session.get_bind().url), entry.id, entry.started_at.isoformat()


def draft_entry(scope: ElectionScope, entry_id: int, mode: str | None = None) -> CountEntry:
    """The entry, refused unless it is still being entered."""
    entry = own(scope, CountEntry, entry_id, "找不到这份录入")
    if entry.status != "draft":
        raise InvalidInput({"general": msg("这份录入已经提交，不能再修改")})
    if mode and entry.mode != mode:
        raise InvalidInput({"general": msg("这份录入不是{mode}", mode=MODE_LABELS[mode])})
    editable_round(scope, scope.session.get(CountBox, entry.box_id).round_id)
    return entry


MODE_LABELS = {"ballots": "逐张唱票录入", "sheet": "计票单录入"}


def entry_round(scope: ElectionScope, entry: CountEntry) -> RoundView:
    return round_view(scope, scope.session.get(CountBox, entry.box_id).round_id)


def record_ballot(scope: ElectionScope, entry_id: int, line: str,
                  view: RoundView | None = None) -> BallotRecorded:
    """Record the next ballot from one typed line; the running totals come back with it."""
    entry = draft_entry(scope, entry_id, "ballots")
    view = view or entry_round(scope, entry)
    parsed = parse_line(view, line)
    totals = running_totals(scope, entry, view)
    if parsed.pending:
        return BallotRecorded(None, None, totals, write_in_proposals(scope, view, parsed.pending))
    serial = _last(scope, entry.id)[0] + 1
    row = CountBallot(election_id=scope.election.id, entry_id=entry.id, serial=serial,
                      marks=tallies.encode_marks(parsed.marks, parsed.against), void=parsed.void)
    scope.session.add(row)
    scope.session.flush()
    effect = tallies.ballot_effect(view, parsed.marks, parsed.void, scope.profile, parsed.against)
    totals = totals.copy()
    tallies.apply(totals, effect, view)
    _RUNNING[_key(scope, entry)] = ((serial, row.id), totals)
    return BallotRecorded(serial, effect, totals, reasons=effect.reasons)


def undo_last(scope: ElectionScope, entry_id: int, view: RoundView | None = None) -> BallotRecorded:
    """Take back the last ballot entered (refused when none is left)."""
    entry = draft_entry(scope, entry_id, "ballots")
    view = view or entry_round(scope, entry)
    totals = running_totals(scope, entry, view)
    last = scope.session.scalar(select(CountBallot).where(CountBallot.entry_id == entry.id)
                                .order_by(CountBallot.serial.desc()).limit(1))
    if last is None:
        raise InvalidInput({"general": msg("还没有录入选票，无可撤销")})
    effect = tallies.ballot_effect(view, tallies.decode_marks(last.marks), last.void, scope.profile,
                                   tallies.decode_against(last.marks))
    scope.session.delete(last)
    scope.session.flush()
    totals = totals.copy()
    tallies.apply(totals, effect, view, sign=-1)
    _RUNNING[_key(scope, entry)] = (_last(scope, entry.id), totals)
    return BallotRecorded(last.serial - 1, effect, totals)


def running_totals(scope: ElectionScope, entry: CountEntry, view: RoundView) -> EntryTotals:
    """The entry's totals so far (kept between calls; recounted if the store disagrees)."""
    last = _last(scope, entry.id)
    kept = _RUNNING.get(_key(scope, entry))
    if kept is not None and kept[0] == last:
        return kept[1]
    totals = recount_entry(scope, entry.id, view)
    _RUNNING[_key(scope, entry)] = (last, totals)
    return totals


def recount_entry(scope: ElectionScope, entry_id: int, view: RoundView | None = None) -> EntryTotals:
    """A full recount of one ballot-by-ballot entry from its stored ballots."""
    entry = own(scope, CountEntry, entry_id, "找不到这份录入")
    view = view or entry_round(scope, entry)
    stored = scope.session.execute(select(CountBallot.marks, CountBallot.void).where(
        CountBallot.entry_id == entry.id)).all()
    return tallies.count_ballots(view, [(m, v) for m, v in stored], scope.profile)


def _last(scope: ElectionScope, entry_id: int) -> tuple[int, int]:
    """(serial, row id) of the entry's last stored ballot; (0, 0) when none."""
    row = scope.session.execute(select(CountBallot.serial, CountBallot.id).where(
        CountBallot.entry_id == entry_id).order_by(CountBallot.serial.desc()).limit(1)).first()
    return (row.serial, row.id) if row else (0, 0)


@dataclass(frozen=True)
class BallotLine:
    serial: int
    marks: dict[int, tuple[int | None, ...]]
    void: bool


def ballots(scope: ElectionScope, entry_id: int) -> list[BallotLine]:
    """The entry's ballots in the order read (its own operator's view)."""
    own(scope, CountEntry, entry_id, "找不到这份录入")
    rows = scope.session.execute(select(CountBallot.serial, CountBallot.marks, CountBallot.void).where(
        CountBallot.entry_id == entry_id).order_by(CountBallot.serial)).all()
    return [BallotLine(serial, tallies.decode_marks(marks), void) for serial, marks, void in rows]


# --- tally sheets --------------------------------------------------------------------------

@dataclass(frozen=True)
class ContestSheet:
    """One office on a box's tally sheet: votes per candidate id, blank seats, invalid ballots;
    a Party sheet also 不赞成 and 弃权 per candidate."""

    votes: dict[int, int]
    blank: int = 0
    invalid: int = 0
    against: dict[int, int] = field(default_factory=dict)
    abstain: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SheetInput:
    """A box's tally sheet (计票单): ballots returned, void as a whole, each office."""

    returned: int
    void_ballots: int
    contests: dict[int, ContestSheet]


def save_sheet(scope: ElectionScope, entry_id: int, sheet: SheetInput) -> None:
    """Store (or replace) the figures of a tally-sheet entry as written on the paper."""
    entry = draft_entry(scope, entry_id, "sheet")
    view = entry_round(scope, entry)
    _sheet_errors(view, sheet)
    entry.returned, entry.void_ballots = sheet.returned, sheet.void_ballots
    for old in scope.session.scalars(select(CountSheetLine).where(CountSheetLine.entry_id == entry.id)):
        scope.session.delete(old)
    scope.session.flush()
    for contest_id, figures in sheet.contests.items():
        for line, by_candidate in (("votes", figures.votes), ("against", figures.against),
                                   ("abstain", figures.abstain)):
            for candidate_id, votes in by_candidate.items():
                _line(scope, entry.id, contest_id, candidate_id, line, votes)
        _line(scope, entry.id, contest_id, None, "blank", figures.blank)
        _line(scope, entry.id, contest_id, None, "invalid", figures.invalid)
    scope.session.flush()


def _line(scope: ElectionScope, entry_id: int, contest_id: int, candidate_id: int | None, line: str,
          votes: int) -> None:
    scope.session.add(CountSheetLine(election_id=scope.election.id, entry_id=entry_id, contest_id=contest_id,
                                     candidate_id=candidate_id, line=line, votes=votes))


def _sheet_errors(view: RoundView, sheet: SheetInput) -> None:
    numbers = [sheet.returned, sheet.void_ballots] + [
        n for c in sheet.contests.values()
        for n in (*c.votes.values(), *c.against.values(), *c.abstain.values(), c.blank, c.invalid)]
    if any(n is None or n < 0 for n in numbers):
        raise InvalidInput({"sheet": msg("计票单上的数字应为0或正整数")})
    for contest_id, figures in sheet.contests.items():
        if all(c.id != contest_id for c in view.contests):
            raise InvalidInput({"sheet": msg("计票单上有不属于本轮选举的职务")})
        people = {p.id for p in view.contest(contest_id).candidates}
        if any(candidate not in people for candidate in (*figures.votes, *figures.against, *figures.abstain)):
            raise InvalidInput({"sheet": msg("{office}一栏有不在名单上的人，请先确认另选他人",
                                             office=view.contest(contest_id).office)})


def sheet_totals(scope: ElectionScope, entry_id: int, view: RoundView | None = None) -> EntryTotals:
    """A tally-sheet entry's figures in the same form as a ballot-by-ballot entry's."""
    entry = own(scope, CountEntry, entry_id, "找不到这份录入")
    view = view or entry_round(scope, entry)
    totals = EntryTotals(entry.returned or 0, entry.void_ballots or 0)
    void = entry.void_ballots or 0
    for line in scope.session.scalars(select(CountSheetLine).where(CountSheetLine.entry_id == entry.id)):
        figures = totals.contest(line.contest_id)
        if line.line in ("votes", "against", "abstain"):
            getattr(figures, line.line)[line.candidate_id] = line.votes
        elif line.line == "blank":
            figures.blank = line.votes
        else:
            figures.invalid = line.votes
    for contest in view.contests:
        figures = totals.contest(contest.id)
        figures.valid = totals.ballots - void - figures.invalid
    return totals


def entry_totals(scope: ElectionScope, entry_id: int, view: RoundView | None = None) -> EntryTotals:
    """An entry's figures, whichever way it was entered."""
    entry = own(scope, CountEntry, entry_id, "找不到这份录入")
    view = view or entry_round(scope, entry)
    if entry.mode == "sheet":
        return sheet_totals(scope, entry_id, view)
    return recount_entry(scope, entry_id, view)


def kept_totals(scope: ElectionScope, entry_id: int, view: RoundView) -> EntryTotals:
    """An entry's figures so far as kept while it is entered (a ballot entry's running totals,
    checked against the store; a sheet as written) — for showing, never for deciding."""
    row = own(scope, CountEntry, entry_id, "找不到这份录入")
    if row.mode == "sheet":
        return sheet_totals(scope, entry_id, view)
    return running_totals(scope, row, view)


def entry_figures(scope: ElectionScope, entry_id: int) -> tuple[RoundView, EntryTotals]:
    """An entry's round and its figures so far (what its own operator may see)."""
    view = entry_round(scope, own(scope, CountEntry, entry_id, "找不到这份录入"))
    return view, kept_totals(scope, entry_id, view)

