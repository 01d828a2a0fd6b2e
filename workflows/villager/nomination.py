"""Open nomination (海选, VC-12): nomination ballots one by one, or totals from tally sheets.

Each registered voter hands in one nomination ballot naming, per office, at most as many
people as the office has seats (GC-19): an office named by more is invalid on that ballot
only. A nominee must be a registered voter of this village (VC-12); a ballot can only be
entered while there are more registered voters than ballots (every nominator is on the roll).

The ballot entry is keyboard work on a 5,000-voter roll: :class:`NomineeRoll` is read once
and answers every keystroke from memory (the name typed so far, then an ID-number fragment
to tell namesakes apart); recording a ballot is one short transaction. The ranking per
office is computed from the stored ballots (or totals) whenever it is asked for.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select

from models import (
    ElectionProcess,
    VcNomination,
    VcNominationBallot,
    VcNominationMark,
    VcNominationTotal,
    Village,
    VillageGroup,
    Voter,
)
from workflows.core import idcard, names
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.stroke_order import normalize_name
from workflows.core.text import N_, Msg, msg
from workflows.villager.offices import OFFICE_LABELS, OFFICES, Office, seats

BALLOTS, TOTALS = "ballots", "totals"
MODE_LABELS = {BALLOTS: N_("逐张录入提名票"), TOTALS: N_("按统计表录入得票合计")}
REGISTERED = "registered"  # Voter.status of a villager on the roll
_FRAGMENT = re.compile(r"[0-9Xx]+")


# --- the nomination itself -----------------------------------------------------------------

def record(scope: ElectionScope, create: bool = False) -> VcNomination:
    """The election's nomination row; stored only with ``create`` (checks never write)."""
    row = scope.session.scalars(select(VcNomination).where(
        VcNomination.election_id == scope.election.id)).first()
    if row is None:
        row = VcNomination(election_id=scope.election.id, mode=BALLOTS, nominators=0)
        if create:
            scope.session.add(row)
            scope.session.flush()
    return row


@dataclass(frozen=True)
class NominationFacts:
    """The nomination as the pages show it."""

    held_on: date | None
    mode: str
    nominators: int  # totals mode: as entered; ballots mode: the ballots entered
    ballots: int
    registered: int  # voters on the roll
    determined_on: date | None
    formal_posted_on: date | None
    locked: bool  # the nomination stage is done: ballots and totals can no longer change


def registered_count(scope: ElectionScope) -> int:
    """Voters on the village's roll."""
    return scope.session.scalar(select(func.count()).select_from(Voter).where(
        Voter.election_id == scope.election.id, Voter.status == REGISTERED)) or 0


def ballot_count(scope: ElectionScope) -> int:
    """Nomination ballots entered so far."""
    return scope.session.scalar(select(func.count()).select_from(VcNominationBallot).where(
        VcNominationBallot.election_id == scope.election.id)) or 0


def facts(scope: ElectionScope) -> NominationFacts:
    """The nomination's day, mode and counts."""
    row = record(scope)
    ballots = ballot_count(scope)
    return NominationFacts(row.held_on, row.mode, ballots if row.mode == BALLOTS else row.nominators,
                           ballots, registered_count(scope), row.determined_on, row.formal_posted_on,
                           scope.is_done("vc.nomination"))


def _editable(scope: ElectionScope) -> None:
    if scope.is_done("vc.nomination"):
        raise InvalidInput({"general": msg("海选提名阶段已完成，提名票和得票不能再更改；确需更正的，请先重新打开该阶段")})


def set_nomination(scope: ElectionScope, held_on: date | None, mode: str, nominators: int = 0) -> None:
    """Record the nomination day, how it is entered and (totals) how many villagers nominated."""
    _editable(scope)
    errors: dict[str, Msg] = {}
    if held_on is None:
        errors["held_on"] = msg("请填写提名日期")
    elif held_on > scope.today:
        errors["held_on"] = msg("提名日期不能晚于今天")
    elif scope.election.committee_election_day and held_on >= scope.election.committee_election_day:
        errors["held_on"] = msg("提名日期应在选举日之前")
    if mode not in MODE_LABELS:
        raise ValueError(mode)
    row = record(scope)
    has_ballots, has_totals = ballot_count(scope) > 0, bool(_totals(scope))
    if mode == TOTALS and has_ballots:
        errors["mode"] = msg("已逐张录入{n}张提名票，不能改为按统计表录入；请先撤销已录入的提名票",
                             n=ballot_count(scope))
    if mode == BALLOTS and has_totals:
        errors["mode"] = msg("已按统计表录入得票，不能改为逐张录入；请先删除已录入的得票合计")
    if mode == TOTALS:
        errors.update(_nominator_problems(scope, nominators))
    if errors:
        raise InvalidInput(errors)
    row = record(scope, create=True)
    row.held_on, row.mode = held_on, mode
    row.nominators = nominators if mode == TOTALS else 0
    scope.session.flush()


def _nominator_problems(scope: ElectionScope, nominators: int) -> dict[str, Msg]:
    """Totals mode: every nominator is a registered voter, and every nominee's votes fit."""
    if isinstance(nominators, bool) or not isinstance(nominators, int) or nominators < 1:
        return {"nominators": msg("提名人数应为正整数")}
    roll = registered_count(scope)
    if nominators > roll:
        return {"nominators": msg("提名人数{n}人超过本村登记参加选举的村民{roll}人；提名人须是登记选民",
                                  n=nominators, roll=roll)}
    most = max((row.votes for row in _totals(scope)), default=0)
    if most > nominators:
        return {"nominators": msg("已录入的最高得票为{most}票，提名人数不能少于此数", most=most)}
    return {}


# --- the roll the clerk types against -----------------------------------------------------

@dataclass(frozen=True)
class RollEntry:
    """A registered voter as the entry line offers them (the screen shows the masked ID number only;
    the full number stays in memory so that any fragment of it finds the voter)."""

    voter_id: int
    name: str
    id_number: str
    sex: str
    birth_date: date
    group: str = ""

    @property
    def label(self) -> str:
        """“张伟　第3村民小组　3601**********123X”: namesakes told apart without the full ID number."""
        return "　".join(part for part in (self.name, self.group, idcard.mask(self.id_number)) if part)


class NomineeRoll:
    """The village's registered voters in memory, answering each keystroke of the entry line.

    ``lookup("张伟")`` gives everyone whose name starts with 张伟 (exact names first);
    ``lookup("张伟 0312")`` keeps those whose ID number contains 0312; a fragment alone
    (``"0312"``) searches the ID numbers. Built once per page (a read of the roll).
    """

    def __init__(self, entries: Sequence[RollEntry]) -> None:
        self.entries = list(entries)
        self.by_id = {entry.voter_id: entry for entry in self.entries}
        keyed = sorted((normalize_name(entry.name), index) for index, entry in enumerate(self.entries))
        self._keys = [key for key, _ in keyed]
        self._order = [index for _, index in keyed]

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def split(text: str) -> tuple[str, str]:
        """The typed text as (name part, ID fragment): “张伟 0312” → (“张伟”, “0312”)."""
        fragment = "".join(_FRAGMENT.findall(text)).upper()
        name = normalize_name(_FRAGMENT.sub("", text))
        return name, fragment

    def lookup(self, text: str, limit: int = 30) -> list[RollEntry]:
        """Voters matching what has been typed, exact names first, at most ``limit``."""
        name, fragment = self.split(text)
        if not name and not fragment:
            return []
        if name:
            start = bisect.bisect_left(self._keys, name)
            found = []
            for position in range(start, len(self._keys)):
                if not self._keys[position].startswith(name):
                    break
                entry = self.entries[self._order[position]]
                if not fragment or fragment in entry.id_number:
                    found.append((self._keys[position] != name, position, entry))
            found.sort(key=lambda item: (item[0], item[1]))
            return [entry for _exact, _position, entry in found[:limit]]
        found = [entry for entry in self.entries if fragment in entry.id_number]
        return found[:limit]

    def unique(self, text: str) -> RollEntry | None:
        """The one voter the typed text names, or None: the full name of exactly one voter (with the
        ID fragment, if typed), or an ID fragment alone found in exactly one ID number. A name that
        only begins another name (张伟 → 张伟民) is not taken: the clerk picks it from the list."""
        name, _fragment = self.split(text)
        found = self.lookup(text, limit=len(self.entries) or 1)
        if name:
            found = [entry for entry in found if normalize_name(entry.name) == name]
        return found[0] if len(found) == 1 else None

    def namesakes(self, entry: RollEntry) -> int:
        """How many voters share this voter's name (1 = nobody else)."""
        key = normalize_name(entry.name)
        return bisect.bisect_right(self._keys, key) - bisect.bisect_left(self._keys, key)


def roll(scope: ElectionScope) -> NomineeRoll:
    """The registered voters of the village (one query)."""
    rows = scope.session.execute(select(
        Voter.id, Voter.name, Voter.id_number, Voter.sex, Voter.birth_date, VillageGroup.name).outerjoin(
        VillageGroup, VillageGroup.id == Voter.group_id).where(
        Voter.election_id == scope.election.id, Voter.status == REGISTERED).order_by(Voter.id))
    return NomineeRoll([RollEntry(*row[:5], group=row[5] or "") for row in rows])


def why_not_nominable(scope: ElectionScope, text: str) -> Msg:
    """Why the typed name (or ID number) is nobody this village's nominations can name (VC-12)."""
    name, fragment = NomineeRoll.split(text)
    session = scope.session
    query = select(Voter.name, Voter.status, Voter.election_id, Village.name).join(
        Village, Village.id == Voter.village_id).join(
        ElectionProcess, ElectionProcess.id == Voter.election_id).where(
        Village.township_id == scope.township.id)
    if len(fragment) == 18:
        query = query.where(Voter.id_number == fragment)
    elif name:
        query = query.where(Voter.name == name)
    else:
        return msg("请输入被提名人的姓名")
    for voter_name, status, election_id, village in session.execute(query.limit(20)):
        if election_id == scope.election.id and status != REGISTERED:
            return msg("{name}已从本村选民名单中除名，不能被提名", name=voter_name)
        if election_id != scope.election.id and (not fragment or len(fragment) == 18):
            return msg("{name}登记在{village}，不是本村登记参加选举的村民，不能被提名（VC-12）",
                       name=voter_name, village=village)
    who = name or fragment
    if name and fragment:
        return msg("本村选民中没有身份证号码含“{fragment}”的{name}", fragment=fragment, name=name)
    return msg("“{who}”不是本村登记参加选举的村民，不能被提名（VC-12）", who=who)


# --- ballots -----------------------------------------------------------------------------

@dataclass(frozen=True)
class BallotInput:
    """One nomination ballot: per office, the voter ids written on it (in the order written)."""

    marks: Mapping[str, Sequence[int]]


@dataclass(frozen=True)
class BallotResult:
    """What was recorded: the ballot's entry number and the offices invalid on it (GC-19)."""

    serial: int
    invalid_offices: tuple[str, ...]
    ballots: int  # entered so far, this one included


def _check_nominees(scope: ElectionScope, voter_ids: set[int]) -> None:
    """Every nominee a registered voter of this village (VC-12), refused with the reason."""
    if not voter_ids:
        return
    rows = scope.session.execute(select(Voter.id, Voter.name, Voter.status, Voter.election_id, Village.name).join(
        Village, Village.id == Voter.village_id).where(Voter.id.in_(voter_ids))).all()
    found = {row[0]: row for row in rows}
    problems = []
    for voter_id in sorted(voter_ids):
        row = found.get(voter_id)
        if row is None:
            problems.append(msg("选民记录{ident}不存在", ident=voter_id))
        elif row[3] != scope.election.id:
            problems.append(msg("{name}登记在{village}，不是本村登记参加选举的村民，不能被提名（VC-12）",
                                name=row[1], village=row[4]))
        elif row[2] != REGISTERED:
            problems.append(msg("{name}已从本村选民名单中除名，不能被提名", name=row[1]))
    if problems:
        raise InvalidInput({"nominee": problems[0]} if len(problems) == 1 else
                           {"nominee": msg("{text}", text="；".join(str(p) for p in problems))})


def record_ballot(scope: ElectionScope, ballot: BallotInput) -> BallotResult:
    """Store one nomination ballot; an office with more names than seats is invalid on it (GC-19)."""
    _editable(scope)
    office_seats = seats(scope.election)
    marks: dict[str, list[int]] = {}
    for office, voter_ids in ballot.marks.items():
        if not voter_ids:
            continue
        if office not in office_seats:
            raise InvalidInput({"nominee": msg("本届不设{office}职位", office=OFFICE_LABELS.get(office, office))})
        marks[office] = list(dict.fromkeys(voter_ids))  # the same name twice counts once
    if not marks:
        raise InvalidInput({"nominee": msg("提名票上没有填写被提名人")})
    if record(scope, create=True).mode == TOTALS:  # totals exist in totals mode only (set_nomination)
        raise InvalidInput({"general": msg("本村已按统计表录入得票合计，不能再逐张录入提名票")})
    _check_nominees(scope, {voter_id for ids in marks.values() for voter_id in ids})
    session = scope.session
    count, last, roll_size = session.execute(select(  # one round trip: this runs for every ballot
        select(func.count()).where(VcNominationBallot.election_id == scope.election.id).scalar_subquery(),
        select(func.max(VcNominationBallot.serial)).where(
            VcNominationBallot.election_id == scope.election.id).scalar_subquery(),
        select(func.count()).select_from(Voter).where(
            Voter.election_id == scope.election.id, Voter.status == REGISTERED).scalar_subquery())).one()
    if count + 1 > roll_size:
        raise InvalidInput({"general": msg("已录入{n}张提名票，等于本村登记参加选举的村民人数{roll}；"
                                           "提名人须是登记选民，每人一张", n=count, roll=roll_size)})
    invalid = tuple(office for office in OFFICES if len(marks.get(office, ())) > office_seats.get(office, 0))
    entry = VcNominationBallot(election_id=scope.election.id, serial=(last or 0) + 1,
                               invalid_offices=",".join(invalid))
    session.add(entry)
    session.add_all([VcNominationMark(election_id=scope.election.id, ballot=entry, office=office,
                                      voter_id=voter_id, valid=office not in invalid)
                     for office, voter_ids in marks.items() for voter_id in voter_ids])
    session.flush()  # one flush, one audit pass: the ballot and its marks together
    return BallotResult(entry.serial, invalid, count + 1)


def undo_last_ballot(scope: ElectionScope) -> int | None:
    """Remove the ballot entered last (a slip of the keyboard); its entry number, or None."""
    _editable(scope)
    session = scope.session
    last = session.scalars(select(VcNominationBallot).where(
        VcNominationBallot.election_id == scope.election.id).order_by(VcNominationBallot.serial.desc())).first()
    if last is None:
        return None
    session.execute(delete(VcNominationMark).where(VcNominationMark.ballot_id == last.id))
    serial = last.serial
    session.delete(last)
    session.flush()
    return serial


@dataclass(frozen=True)
class BallotView:
    """A ballot as entered, for the list of the last ballots."""

    serial: int
    marks: dict[str, tuple[str, ...]]  # office → names
    invalid_offices: tuple[str, ...]


def recent_ballots(scope: ElectionScope, count: int = 10) -> list[BallotView]:
    """The last ``count`` ballots entered, newest first."""
    session = scope.session
    ballots = list(session.scalars(select(VcNominationBallot).where(
        VcNominationBallot.election_id == scope.election.id).order_by(
        VcNominationBallot.serial.desc()).limit(count)))
    if not ballots:
        return []
    marks: dict[int, dict[str, list[str]]] = {}
    for ballot_id, office, name in session.execute(select(
            VcNominationMark.ballot_id, VcNominationMark.office, Voter.name).join(
            Voter, Voter.id == VcNominationMark.voter_id).where(
            VcNominationMark.ballot_id.in_([b.id for b in ballots])).order_by(VcNominationMark.id)):
        marks.setdefault(ballot_id, {}).setdefault(office, []).append(name)
    return [BallotView(b.serial, {office: tuple(names_) for office, names_ in marks.get(b.id, {}).items()},
                       tuple(o for o in b.invalid_offices.split(",") if o)) for b in ballots]


def invalid_counts(scope: ElectionScope) -> dict[str, int]:
    """Per office, the ballots on which it was invalid (GC-19)."""
    counts = {office: 0 for office in OFFICES}
    for (text,) in scope.session.execute(select(VcNominationBallot.invalid_offices).where(
            VcNominationBallot.election_id == scope.election.id, VcNominationBallot.invalid_offices != "")):
        for office in text.split(","):
            counts[office] = counts.get(office, 0) + 1
    return counts


# --- totals from tally sheets -------------------------------------------------------------

def _totals(scope: ElectionScope) -> list[VcNominationTotal]:
    return list(scope.session.scalars(select(VcNominationTotal).where(
        VcNominationTotal.election_id == scope.election.id)))


def record_total(scope: ElectionScope, office: str, voter_id: int, votes: int) -> None:
    """Record (or correct) one nominee's votes for one office, as summed on the tally sheets."""
    _editable(scope)
    row = record(scope)
    errors: dict[str, Msg] = {}
    if row.mode != TOTALS:
        raise InvalidInput({"general": msg("请先将录入方式设为“按统计表录入得票合计”，并填写提名人数")})
    if office not in seats(scope.election):
        errors["office"] = msg("本届不设{office}职位", office=OFFICE_LABELS.get(office, office))
    if isinstance(votes, bool) or not isinstance(votes, int) or votes < 1:
        errors["votes"] = msg("得票数应为正整数")
    elif votes > row.nominators:
        errors["votes"] = msg("得票{votes}票超过提名人数{n}人", votes=votes, n=row.nominators)
    if errors:
        raise InvalidInput(errors)
    _check_nominees(scope, {voter_id})
    session = scope.session
    total = session.scalars(select(VcNominationTotal).where(
        VcNominationTotal.election_id == scope.election.id, VcNominationTotal.office == office,
        VcNominationTotal.voter_id == voter_id)).first()
    others = sum(t.votes for t in _totals(scope) if t.office == office and t is not total)
    capacity = row.nominators * seats(scope.election)[office]
    if others + votes > capacity:  # GC-19: nobody names more people than the seats
        raise InvalidInput({"votes": msg("{office}各人得票合计将为{sum}票，超过提名人数{n}乘以应选{k}名（{cap}票）",
                                         office=OFFICE_LABELS[office], sum=others + votes, n=row.nominators,
                                         k=seats(scope.election)[office], cap=capacity)})
    if total is None:
        total = VcNominationTotal(election_id=scope.election.id, office=office, voter_id=voter_id)
        session.add(total)
    total.votes = votes
    session.flush()


def remove_total(scope: ElectionScope, office: str, voter_id: int) -> None:
    """Delete a total entered by mistake."""
    _editable(scope)
    scope.session.execute(delete(VcNominationTotal).where(
        VcNominationTotal.election_id == scope.election.id, VcNominationTotal.office == office,
        VcNominationTotal.voter_id == voter_id))
    scope.session.flush()


# --- the ranking ---------------------------------------------------------------------------

def tallies(scope: ElectionScope) -> dict[tuple[str, int], int]:
    """Valid nomination votes per (office, voter id), from the ballots or the totals."""
    if record(scope).mode == TOTALS:
        return {(t.office, t.voter_id): t.votes for t in _totals(scope)}
    rows = scope.session.execute(select(VcNominationMark.office, VcNominationMark.voter_id, func.count()).where(
        VcNominationMark.election_id == scope.election.id, VcNominationMark.valid.is_(True)).group_by(
        VcNominationMark.office, VcNominationMark.voter_id))
    return {(office, voter_id): count for office, voter_id, count in rows}


@dataclass(frozen=True)
class RankRow:
    """One nominee of one office: rank (tied nominees share it), votes."""

    rank: int
    tied: bool
    voter_id: int
    name: str
    id_number: str
    sex: str
    birth_date: date
    votes: int


def ranking(scope: ElectionScope) -> dict[Office, list[RankRow]]:
    """Per office (with seats), every nominee by votes, ties sharing a rank, then stroke order."""
    counts = tallies(scope)
    people = {row.id: row for row in scope.session.execute(select(
        Voter.id, Voter.name, Voter.id_number, Voter.sex, Voter.birth_date).where(
        Voter.id.in_({voter_id for _office, voter_id in counts})))} if counts else {}
    stroke = {voter_id: index for index, voter_id in enumerate(
        names.ordered(scope.session, list(people), lambda voter_id: people[voter_id].name))}
    result: dict[Office, list[RankRow]] = {}
    for office in seats(scope.election):
        entries = sorted(((votes, voter_id) for (o, voter_id), votes in counts.items() if o == office),
                         key=lambda item: (-item[0], stroke[item[1]]))
        by_votes: dict[int, int] = {}
        for votes, _voter_id in entries:
            by_votes[votes] = by_votes.get(votes, 0) + 1
        rows, rank, previous = [], 0, None
        for index, (votes, voter_id) in enumerate(entries, start=1):
            if votes != previous:
                rank, previous = index, votes
            person = people[voter_id]
            rows.append(RankRow(rank, by_votes[votes] > 1, voter_id, person.name, person.id_number, person.sex,
                                person.birth_date, votes))
        result[office] = rows
    return result
