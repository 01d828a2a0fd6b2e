"""Party candidates: recommendations, initial and preliminary candidates (PT-09…PT-19, SD-10…SD-19).

The two recommendation rounds give a ranking; the initial candidates (初步人选) come from
it or from a township nomination and are checked for their number (SD-10), eligibility
(PT-04) and structure (SD-13…SD-17, SD-19, SO-14). After the joint review and the
inspection (:mod:`workflows.party.review`) the preliminary candidates (预备人选) are chosen
(PT-16, PT-17, PT-17a, PT-19).

Every function takes the :class:`~workflows.core.scope.ElectionScope` of the action; the
screens get plain records (:class:`RoundFacts`, :class:`RankingRow`, :class:`CandidateFacts`,
:class:`InitialRules`, :class:`PreliminaryRules`, :class:`PreliminaryList`, :class:`TrackFacts`)
and hand back ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import PartyCandidate, PartyMember, PartyTrack, Recommendation
from workflows.core import idcard, names, relatives
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings, Severity
from workflows.core.policy import RulesProfile, age_reference_problem, initial_candidates_required
from workflows.core.scope import ElectionScope
from workflows.core.stroke_order import normalize_name
from workflows.core.text import N_, Msg, format_date, msg
from workflows.party.roster import MemberChoice, eligible_members

ROUNDS = {"member": N_("党员推荐"), "mass": N_("群众推荐")}
SOURCE_LABELS = {"recommended": N_("两推产生"), "township": N_("镇党委直接提名")}
SECRETARY, DEPUTY, MEMBER = "secretary", "deputy", "member"  # office keys
OFFICE_LABELS = {MEMBER: N_("委员"), SECRETARY: N_("书记"), DEPUTY: N_("副书记")}
OFFICE_ORDER = {SECRETARY: 0, DEPUTY: 1, MEMBER: 2}  # print order of preliminary candidates
STATUS_LABELS = {
    "initial": N_("初步人选"), "reviewed": N_("已通过资格联审"), "inspected": N_("已通过考察"),
    "preliminary": N_("预备人选"), "disqualified": N_("已取消资格"), "not_approved": N_("考察未通过"),
}
CANCELLED = ("disqualified", "not_approved")
PASSED = ("inspected", "preliminary")  # may be chosen as preliminary candidates
# Seed text SD-10: “比如3个支委委员要不少于5人，5个支委委员要不少于7人”.
SEED_EXAMPLES = {3: 5, 5: 7}


# --- Shared helpers ------------------------------------------------------------------

def track(scope: ElectionScope, create: bool = False) -> PartyTrack:
    """The election's Party track record; stored only with ``create`` (checks never write)."""
    session = scope.session
    row = session.scalars(select(PartyTrack).where(PartyTrack.election_id == scope.election.id)).first()
    if row is None:
        row = PartyTrack(election_id=scope.election.id, member_round_participants=0,
                         mass_round_participants=0, publicity_outcome="", reply_number="", reply_text="",
                         vacancy_choice="", vacancy_unfilled=0)
        if create:
            session.add(row)
            session.flush()
    return row


@dataclass(frozen=True)
class TrackFacts:
    """The dates and figures of the Party track, as the pages show them."""

    member_round_on: date | None
    member_round_participants: int
    mass_round_on: date | None
    mass_round_participants: int
    review_reference: date | None
    publicity_start: date | None
    publicity_end: date | None
    publicity_outcome: str
    request_on: date | None
    reply_on: date | None
    reply_number: str
    reply_text: str
    attendance_reported_on: date | None
    attendance_approved_on: date | None


def track_facts(scope: ElectionScope) -> TrackFacts:
    """The track's dates and figures (empty ones before anything was recorded)."""
    row = track(scope)
    return TrackFacts(*(getattr(row, name) for name in TrackFacts.__dataclass_fields__))


def candidates(scope: ElectionScope, statuses: Iterable[str] | None = None) -> list[PartyCandidate]:
    """The election's candidates in stroke order, identical names by their tiebreak (SO-14)."""
    query = select(PartyCandidate).where(PartyCandidate.election_id == scope.election.id)
    if statuses is not None:
        query = query.where(PartyCandidate.status.in_(list(statuses)))
    rows = sorted(scope.session.scalars(query), key=lambda c: (c.tiebreak, c.id))
    return names.ordered(scope.session, rows, lambda c: c.name)


def active(scope: ElectionScope) -> list[PartyCandidate]:
    """Candidates still in the running (not disqualified, not rejected at inspection)."""
    return [c for c in candidates(scope) if c.status not in CANCELLED]


def candidate(scope: ElectionScope, candidate_id: int) -> PartyCandidate:
    """One candidate of this election; refused when the id belongs to none of its candidates."""
    row = scope.session.get(PartyCandidate, candidate_id)
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"candidate": msg("本村没有这名人选")})
    return row


@dataclass(frozen=True)
class CandidateFacts:
    """One candidate's stored particulars, for the dialogs that change them."""

    id: int
    name: str
    sex: str
    birth_date: date
    proposed_office: str  # office key
    incumbent: bool
    age_exception: str
    tiebreak: int
    tiebreak_reason: str
    nominated_on: date | None = None  # recorded by the clerk (SD-40 counts from it)


def _facts(row: PartyCandidate) -> CandidateFacts:
    return CandidateFacts(row.id, row.name, row.sex, row.birth_date, row.proposed_office, row.incumbent,
                          row.age_exception, row.tiebreak, row.tiebreak_reason, row.nominated_on)


def candidate_facts(scope: ElectionScope, candidate_id: int) -> CandidateFacts:
    """A candidate's particulars."""
    return _facts(candidate(scope, candidate_id))


def namesakes(scope: ElectionScope, candidate_id: int) -> list[CandidateFacts]:
    """The other candidates with the same name as this one (SO-14), in list order."""
    own = candidate(scope, candidate_id)
    return [_facts(c) for c in candidates(scope)
            if normalize_name(c.name) == normalize_name(own.name) and c.id != own.id]


def member_problems(member: PartyMember | None) -> list[Msg]:
    """Why this person cannot stand for the Party committee (PT-04); empty when they can."""
    if member is None:
        return [msg("不在本村党员名册中")]
    problems = []
    if not member.full_member:
        problems.append(msg("预备党员"))
    if member.probation_discipline:
        problems.append(msg("留党察看期间"))
    if member.rights_suspended:
        problems.append(msg("被依法留置、逮捕，权利中止"))
    return problems


def _member(scope: ElectionScope, id_number: str) -> PartyMember | None:
    return scope.session.scalars(select(PartyMember).where(
        PartyMember.election_id == scope.election.id, PartyMember.id_number == id_number)).first()


def _id_number(raw: str, field_name: str = "id_number") -> str:
    try:
        return idcard.parse(raw).number
    except idcard.IdError as error:
        raise InvalidInput({field_name: msg("{text}", text=str(error))}) from error


# --- Recommendations (PT-09, PT-10) ----------------------------------------------------

def record_round(scope: ElectionScope, round_key: str, held_on: date | None,
                 participants: int) -> PartyTrack:
    """Record one round's date and number of participants."""
    errors = {}
    if round_key not in ROUNDS:
        raise ValueError(round_key)
    if held_on is None:
        errors["held_on"] = msg("请填写推荐日期")
    if isinstance(participants, bool) or not isinstance(participants, int) or participants < 1:
        errors["participants"] = msg("参加推荐人数应为正整数")
    else:
        most = max((r.votes for r in _tallies(scope, round_key)), default=0)
        if most > participants:
            errors["participants"] = msg("已录入的最高得票为{most}票，参加人数不能少于此数", most=most)
    if errors:
        raise InvalidInput(errors)
    row = track(scope, create=True)
    setattr(row, f"{round_key}_round_on", held_on)
    setattr(row, f"{round_key}_round_participants", participants)
    scope.session.flush()
    scope.record_fact(f"party_{round_key}_round", held_on)  # the calendar's first step (SD-46)
    return row


def _tallies(scope: ElectionScope, round_key: str) -> list[Recommendation]:
    return list(scope.session.scalars(select(Recommendation).where(
        Recommendation.election_id == scope.election.id, Recommendation.round == round_key)
        .order_by(Recommendation.votes.desc(), Recommendation.id)))


def record_votes(scope: ElectionScope, round_key: str, name: str, id_number: str, votes: int,
                 replaces: str | None = None) -> Recommendation:
    """Record (or correct) the votes one person received in one round.

    ``replaces``: the ID number of the tally being corrected; when the ID number itself was
    corrected, the old tally is removed.
    """
    if round_key not in ROUNDS:
        raise ValueError(round_key)
    number = _id_number(id_number)
    participants = getattr(track(scope), f"{round_key}_round_participants")
    errors = {}
    if not name.strip():
        errors["name"] = msg("请填写姓名")
    if isinstance(votes, bool) or not isinstance(votes, int) or votes < 0:
        errors["votes"] = msg("得票数应为不小于0的整数")
    elif not participants:
        errors["votes"] = msg("请先录入{round}的参加人数", round=ROUNDS[round_key])
    elif votes > participants:
        errors["votes"] = msg("得票{votes}票超过参加{round}的人数{n}人", votes=votes,
                              round=ROUNDS[round_key], n=participants)
    session = scope.session
    other = session.scalars(select(Recommendation).where(
        Recommendation.election_id == scope.election.id, Recommendation.id_number == number,
        Recommendation.round != round_key)).first()
    if other is not None and normalize_name(other.name) != normalize_name(name):
        errors["name"] = msg("同一身份证号码在另一轮推荐中登记为“{other}”", other=other.name)
    if errors:
        raise InvalidInput(errors)
    row = session.scalars(select(Recommendation).where(
        Recommendation.election_id == scope.election.id, Recommendation.round == round_key,
        Recommendation.id_number == number)).first()
    if row is None:
        row = Recommendation(election_id=scope.election.id, round=round_key, id_number=number)
        session.add(row)
    row.name, row.votes = name.strip(), votes
    session.flush()
    if replaces and idcard.clean(replaces) != number:
        remove_votes(scope, round_key, replaces)
    return row


def remove_votes(scope: ElectionScope, round_key: str, id_number: str) -> None:
    """Delete a tally entered by mistake."""
    for row in _tallies(scope, round_key):
        if row.id_number == idcard.clean(id_number):
            scope.session.delete(row)
    scope.session.flush()


@dataclass(frozen=True)
class Tally:
    """The votes one person received in one round."""

    name: str
    id_number: str
    votes: int


@dataclass(frozen=True)
class RoundFacts:
    """One recommendation round: its date, participants and tallies (most votes first)."""

    key: str
    label: str
    held_on: date | None
    participants: int
    tallies: tuple[Tally, ...]


def round_facts(scope: ElectionScope) -> dict[str, RoundFacts]:
    """Both rounds by key (``member``, ``mass``)."""
    row = track(scope)
    return {key: RoundFacts(key, label, getattr(row, f"{key}_round_on"),
                            getattr(row, f"{key}_round_participants") or 0,
                            tuple(Tally(t.name, t.id_number, t.votes) for t in _tallies(scope, key)))
            for key, label in ROUNDS.items()}


def tally(scope: ElectionScope, round_key: str, id_number: str) -> Tally | None:
    """One person's tally in one round, if entered."""
    return next((t for t in round_facts(scope)[round_key].tallies if t.id_number == idcard.clean(id_number)),
                None)


@dataclass(frozen=True)
class RankingRow:
    """One recommended person with both tallies (ties share a rank)."""

    rank: int
    name: str
    id_number: str
    member_votes: int
    mass_votes: int
    total: int
    member_id: int | None
    problems: tuple[Msg, ...]  # why not eligible (PT-04); empty when eligible
    candidate_id: int | None  # already an initial candidate

    @property
    def eligible(self) -> bool:
        """A full member with rights, who may be a Party committee candidate (PT-04)."""
        return not self.problems


def ranking(scope: ElectionScope) -> list[RankingRow]:
    """Everyone recommended, by total votes (member + mass round), then stroke order."""
    session = scope.session
    people: dict[str, dict] = {}
    for row in session.scalars(select(Recommendation).where(Recommendation.election_id == scope.election.id)):
        person = people.setdefault(row.id_number, {"name": row.name, "member": 0, "mass": 0})
        person[row.round] = row.votes
    members = {m.id_number: m for m in session.scalars(select(PartyMember).where(
        PartyMember.election_id == scope.election.id, PartyMember.id_number.in_(list(people))))}
    chosen = {c.id_number: c.id for c in candidates(scope)}
    ordered = names.ordered(session, people.items(), lambda item: item[1]["name"])
    ordered.sort(key=lambda item: (-(item[1]["member"] + item[1]["mass"]), -item[1]["member"]))
    rows, rank, previous = [], 0, None
    for index, (number, person) in enumerate(ordered, start=1):
        total = person["member"] + person["mass"]
        if total != previous:
            rank, previous = index, total
        member = members.get(number)
        rows.append(RankingRow(rank, person["name"], number, person["member"], person["mass"], total,
                               member.id if member else None, tuple(member_problems(member)),
                               chosen.get(number)))
    return rows


# --- Initial candidates (PT-10, SD-10) ------------------------------------------------

def add_initial(scope: ElectionScope, id_number: str, *, proposed_office: str = MEMBER,
                incumbent: bool = False, nominated_on: date | None = None) -> PartyCandidate:
    """Make a recommended full member an initial candidate, nominated on ``nominated_on``
    (SD-40; when not given, the one date the township fixed for all, else recorded later)."""
    number = _id_number(id_number)
    recommended = scope.session.scalars(select(Recommendation).where(
        Recommendation.election_id == scope.election.id, Recommendation.id_number == number)).first()
    if recommended is None:
        raise InvalidInput({"id_number": msg("此人未经党员推荐或群众推荐；必要时可由镇党委直接提名")})
    return _add(scope, number, "recommended", "", proposed_office, incumbent, nominated_on)


def nominate_by_township(scope: ElectionScope, id_number: str, reason: str, *,
                         proposed_office: str = MEMBER, incumbent: bool = False,
                         nominated_on: date | None = None) -> PartyCandidate:
    """A direct nomination by the township Party committee (PT-10 “必要时镇党委直接提名”)."""
    if not reason.strip():
        raise InvalidInput({"reason": msg("请填写镇党委直接提名的理由")})
    return _add(scope, _id_number(id_number), "township", reason.strip(), proposed_office, incumbent,
                nominated_on)


def nomination_errors(scope: ElectionScope, day: date | None) -> dict[str, Msg]:
    """A nomination date is not in the future, nor after the members' meeting (SD-40)."""
    if day is None:
        return {}
    if day > scope.today:
        return {"nominated_on": msg("提名日期{day}晚于今天", day=format_date(day))}
    meeting = scope.election.party_election_day
    if meeting is not None and day > meeting:
        return {"nominated_on": msg("提名日期{day}晚于党员大会选举日{meeting}", day=format_date(day),
                                    meeting=format_date(meeting))}
    return {}


def set_nomination_date(scope: ElectionScope, candidate_id: int, day: date | None) -> None:
    """Record the day the candidate was nominated (SD-40's windows count from it)."""
    if day is None:
        raise InvalidInput({"nominated_on": msg("请填写提名日期")})
    errors = nomination_errors(scope, day)
    if errors:
        raise InvalidInput(errors)
    candidate(scope, candidate_id).nominated_on = day
    scope.session.flush()
    from workflows.party.review import refresh_status  # the windows move with the date

    refresh_status(scope, candidate_id)


def _add(scope: ElectionScope, number: str, source: str, reason: str, office: str,
         incumbent: bool, nominated_on: date | None = None) -> PartyCandidate:
    if office not in OFFICE_LABELS:
        raise InvalidInput({"proposed_office": msg("拟任职务无效")})
    if errors := nomination_errors(scope, nominated_on):
        raise InvalidInput(errors)
    member = _member(scope, number)
    problems = member_problems(member)
    if problems:
        raise InvalidInput({"id_number": msg(
            "{why}，不能作为党组织委员候选人（PT-04：只有正式党员有被选举权）",
            why="、".join(str(p) for p in problems))})
    existing = scope.session.scalars(select(PartyCandidate).where(
        PartyCandidate.election_id == scope.election.id, PartyCandidate.id_number == number)).first()
    if existing is not None:
        raise InvalidInput({"id_number": msg("{name}已是初步人选", name=existing.name)})
    row = PartyCandidate(
        election_id=scope.election.id, member_id=member.id, name=member.name, id_number=number,
        sex=member.sex, birth_date=member.birth_date, education=member.education, source=source,
        proposed_office=office, incumbent=incumbent, status="initial",
        nomination_reason=reason, status_reason="",
        nominated_on=nominated_on or track(scope).review_reference)
    scope.session.add(row)
    scope.session.flush()
    return row


def nominable_members(scope: ElectionScope) -> list[MemberChoice]:
    """Members who may still be nominated: with the right to stand, not yet candidates."""
    taken = {c.id_number for c in candidates(scope)}
    return [MemberChoice(m.id, m.name, m.id_number) for m in eligible_members(scope)
            if m.id_number not in taken]


def remove_initial(scope: ElectionScope, candidate_id: int) -> None:
    """Take an initial candidate off the list before the review has decided on them."""
    row = candidate(scope, candidate_id)
    if row.status != "initial":
        raise InvalidInput({"candidate": msg("{name}已完成资格联审（{status}），不能直接移出初步人选",
                                             name=row.name, status=STATUS_LABELS[row.status])})
    scope.session.delete(row)
    scope.session.flush()


def set_office(scope: ElectionScope, candidate_id: int, proposed_office: str, incumbent: bool) -> None:
    """The office the candidate is proposed for and whether they sit on the current committee."""
    if proposed_office not in OFFICE_LABELS:
        raise InvalidInput({"proposed_office": msg("拟任职务无效")})
    row = candidate(scope, candidate_id)
    row.proposed_office, row.incumbent = proposed_office, incumbent
    scope.session.flush()


def set_age_exception(scope: ElectionScope, candidate_id: int, approval: str) -> None:
    """Record (or clear, with "") the approval for an over-age secretary to stay (SD-14)."""
    candidate(scope, candidate_id).age_exception = approval.strip()
    scope.session.flush()


def needs_age_exception(scope: ElectionScope, candidate_id: int) -> bool:
    """Whether the candidate is a secretary candidate over the age limit (SD-13, SD-14)."""
    return any("SD-14" in f.rule_ids and candidate_id in f.subject_ids for f in initial_check(scope).items)


def set_tiebreak(scope: ElectionScope, candidate_id: int, order: int, reason: str) -> None:
    """The manual order among identical names and why (SO-14)."""
    errors = {}
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        errors["tiebreak"] = msg("排列次序应为正整数")
    if not reason.strip():
        errors["tiebreak_reason"] = msg("请填写另定次序的理由")
    if errors:
        raise InvalidInput(errors)
    row = candidate(scope, candidate_id)
    row.tiebreak, row.tiebreak_reason = order, reason.strip()
    scope.session.flush()


@dataclass(frozen=True)
class InitialRules:
    """How many initial candidates are needed and how ages are counted (SD-10, SD-13)."""

    seats: int
    required: int
    rule: Msg  # how ``required`` follows from the seats under the profile
    age_reference: date | None


def initial_rule_text(profile: RulesProfile) -> Msg:
    """How the minimum number of initial candidates is computed under the profile."""
    if profile.get("party_initial_method") == "plus":
        return msg("应选人数加{n}人", n=profile.get("party_initial_plus"))
    ratio = profile.ratio("party_initial_ratio")
    rounding = {"floor": "去尾", "round": "四舍五入"}.get(ratio.rounding, "进一法")
    return msg("不少于应选人数的{value}倍，{rounding}取整", value=ratio.value, rounding=rounding)


def initial_rules(scope: ElectionScope) -> InitialRules:
    """The SD-10 minimum for this election and the SD-13 age reference day."""
    seats = scope.election.party_members
    return InitialRules(seats, initial_candidates_required(scope.profile, seats),
                        initial_rule_text(scope.profile), age_reference(scope.election, scope.profile))


def initial_check(scope: ElectionScope) -> Findings:
    """Number (SD-10), eligibility (PT-04), structure (SD-13…SD-17), relatives (SD-19), SO-14."""
    profile, election, session = scope.profile, scope.election, scope.session
    findings = Findings()
    seats = election.party_members
    everyone = candidates(scope)
    required = initial_candidates_required(profile, seats)
    if len(everyone) < required:
        findings.add(msg("应选{n}名，初步人选须不少于{req}人，现有{k}人", n=seats, req=required,
                         k=len(everyone)), "PT-10 SD-10")
    if seats in SEED_EXAMPLES:
        _seed_note(findings, profile, seats, required)
    running = [c for c in everyone if c.status not in CANCELLED]
    members = {m.id: m for m in session.scalars(select(PartyMember).where(
        PartyMember.election_id == election.id))}
    for candidate in running:
        problems = member_problems(members.get(candidate.member_id))
        if problems:
            findings.add(msg("{name}：{why}，不能作为党组织委员候选人", name=candidate.name,
                             why="、".join(str(p) for p in problems)), "PT-04", subjects=[candidate.id])
    stale = age_reference_problem(profile, [election.party_election_day, election.committee_election_day])
    if stale is not None:  # SD-13: the date belongs to the term; an earlier term's misleads every age
        findings.add(stale, "SD-13", Severity.WARNING)
    _structure(findings, election, profile, running)
    township_id = scope.township.id
    by_number = {c.id_number: c.id for c in running}
    for pair in relatives.pairs_among(session, township_id, [(c.name, c.id_number) for c in running]):
        findings.add(msg("初步人选之间有近亲属关系，应当回避：{pair}", pair=pair.describe()), "SD-19 VC-29",
                     profile.get("relatives_severity"),
                     [by_number[pair.id_number_a], by_number[pair.id_number_b]])
    _identical_names(findings, running)
    return findings


def _seed_note(findings: Findings, profile: RulesProfile, seats: int, required: int) -> None:
    example = SEED_EXAMPLES[seats]
    if example == required:
        return
    ratio = profile.ratio("party_initial_ratio")
    findings.add(msg("实施方案的例子为应选{n}名不少于{example}人，而“不少于应选人数的{ratio}倍”按进一法为"
                     "{literal}人；现行设置要求不少于{req}人。两种理解相差{gap}人，请乡镇确定后执行",
                     n=seats, example=example, ratio=ratio.value, literal=ratio.apply(seats),
                     req=required, gap=abs(ratio.apply(seats) - example)), "SD-10 CONV-08", Severity.NOTE)


def _identical_names(findings: Findings, running: list[PartyCandidate]) -> None:
    groups: dict[str, list[PartyCandidate]] = {}
    for candidate in running:
        groups.setdefault(normalize_name(candidate.name), []).append(candidate)
    for group in groups.values():
        if len(group) < 2:
            continue
        orders = [c.tiebreak for c in group]
        if min(orders) < 1 or len(set(orders)) < len(orders) or not all(c.tiebreak_reason for c in group):
            findings.add(msg("初步人选中有{k}人同名“{name}”，须由组织部门另定排列次序并记录理由",
                             k=len(group), name=group[0].name), "SO-14", subjects=[c.id for c in group])




# --- Preliminary candidates (PT-16, PT-17, PT-17a, PT-19) ------------------------------

def choose_preliminary(scope: ElectionScope, committee: Iterable[int], secretary: int | None,
                       deputies: Iterable[int] = ()) -> None:
    """Choose the committee, secretary and deputy preliminary candidates (replacing any choice)."""
    committee, deputies = list(dict.fromkeys(committee)), list(dict.fromkeys(deputies))
    by_id = {c.id: c for c in candidates(scope)}
    errors = {}
    refused = [by_id[i].name if i in by_id else str(i) for i in committee
               if i not in by_id or by_id[i].status not in PASSED]
    if refused:
        errors["committee"] = msg("未通过资格联审和考察的人员不能作为预备人选：{names}",
                                  names="、".join(refused))
    if secretary is not None and secretary not in committee:
        errors["secretary"] = msg("书记候选人预备人选须是委员候选人预备人选之一")
    if any(d not in committee for d in deputies):
        errors["deputies"] = msg("副书记候选人预备人选须是委员候选人预备人选")
    elif secretary is not None and secretary in deputies:
        errors["deputies"] = msg("同一人不能同时作为书记和副书记候选人预备人选")
    if errors:
        raise InvalidInput(errors)
    for row in by_id.values():
        office = (SECRETARY if row.id == secretary else DEPUTY if row.id in deputies
                  else MEMBER if row.id in committee else "")
        row.preliminary_office = office
        if row.status in PASSED:
            row.status = "preliminary" if office else "inspected"
    scope.session.flush()


def preliminary_candidates(scope: ElectionScope) -> list[PartyCandidate]:
    """The chosen preliminary candidates in print order: by office, then surname strokes."""
    chosen = [c for c in candidates(scope) if c.preliminary_office]
    return sorted(names.ordered(scope.session, chosen, lambda c: c.name),
                  key=lambda c: OFFICE_ORDER.get(c.preliminary_office, 3))


@dataclass(frozen=True)
class PreliminaryList:
    """The names of the chosen preliminary candidates, in print order."""

    secretaries: tuple[str, ...]
    deputies: tuple[str, ...]
    committee: tuple[str, ...]  # everyone chosen, the secretary and deputies first


def preliminary_list(scope: ElectionScope) -> PreliminaryList:
    """Who was chosen as preliminary candidates (empty lists before the choice)."""
    chosen = preliminary_candidates(scope)
    return PreliminaryList(tuple(c.name for c in chosen if c.preliminary_office == SECRETARY),
                           tuple(c.name for c in chosen if c.preliminary_office == DEPUTY),
                           tuple(c.name for c in chosen))


@dataclass(frozen=True)
class PreliminaryRules:
    """How many preliminary candidates the election needs (PT-17, PT-19)."""

    seats: int
    extra: int  # committee candidates beyond the seats
    deputies: int

    @property
    def committee(self) -> int:
        """Committee candidates to choose."""
        return self.seats + self.extra


def preliminary_rules(scope: ElectionScope) -> PreliminaryRules:
    """The numbers of this election under the profile."""
    return PreliminaryRules(scope.election.party_members, scope.profile.get("party_preliminary_extra"),
                            scope.election.party_deputies)


def margin_minimum(profile: RulesProfile, seats: int) -> int:
    """Candidates needed for a margin of at least ``party_margin_percent`` of the seats (PT-16)."""
    percent = profile.get("party_margin_percent")
    return seats + -(-seats * percent // 100)


def preliminary_check(scope: ElectionScope) -> Findings:
    """Exactly n + extra committee candidates, one secretary, the deputies (PT-17, PT-19)."""
    profile, election = scope.profile, scope.election
    findings = Findings()
    seats, extra = election.party_members, profile.get("party_preliminary_extra")
    chosen = candidates(scope, ["preliminary"])
    if len(chosen) != seats + extra:
        findings.add(msg("委员候选人预备人选应为{req}人（比应选{n}名多{extra}人），现有{k}人",
                         req=seats + extra, n=seats, extra=extra, k=len(chosen)), "PT-17")
    needed = margin_minimum(profile, seats)
    if seats + extra < needed:
        findings.add(msg("应选{n}名，预备人选{k}人，差额{extra}人不足应选人数的{pct}%（须不少于{need}人）。"
                         "实施方案“多1人”与差额比例要求冲突，请按上级要求确定",
                         n=seats, k=seats + extra, extra=extra, pct=profile.get("party_margin_percent"),
                         need=needed), "PT-16 PT-17a", Severity.WARNING)
    secretaries = [c for c in chosen if c.preliminary_office == SECRETARY]
    if len(secretaries) != 1:
        findings.add(msg("书记候选人预备人选应为1人（等额），现有{k}人", k=len(secretaries)), "PT-17 PT-19")
    deputies = [c for c in chosen if c.preliminary_office == DEPUTY]
    if len(deputies) != election.party_deputies:
        findings.add(msg("副书记候选人预备人选应为{n}人（等额），现有{k}人", n=election.party_deputies,
                         k=len(deputies)), "PT-17 PT-19")
    return findings


# --- Structure (SD-13, SD-14, SD-15, SD-17) -------------------------------------------

EDUCATION_RANKS = (("博士", 7), ("硕士", 6), ("研究生", 6), ("本科", 5), ("专科", 4), ("大专", 4),
                   ("高职", 4), ("大学", 5), ("中专", 3), ("职高", 3), ("技校", 3), ("高中", 3),
                   ("初中", 2), ("小学", 1))


def education_rank(text: str) -> int:
    """Level of an education entry (大专 = 4); 0 when unknown."""
    return next((rank for word, rank in EDUCATION_RANKS if word in text), 0)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February (民法典 art. 202)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def age_reference(election, profile: RulesProfile) -> date | None:
    """The day ages are counted on (SD-13: the profile's date, else the members' meeting)."""
    return profile.reference_date("age_reference_date") or election.party_election_day


def _structure(findings: Findings, election, profile: RulesProfile,
               running: list[PartyCandidate]) -> None:
    severity = profile.get("structure_severity")
    if severity == "off":
        return
    if running and not any(c.sex == "女" for c in running):
        findings.add(msg("初步人选中没有女性"), "SD-17", severity)
    reference = age_reference(election, profile)
    if reference is None:
        findings.add(msg("未设定年龄计算截止日，也未设定党员大会选举日，无法检查人选年龄"), "SD-13 SD-15",
                     severity)
        return
    feb29 = profile.get("feb29_birthday")
    for candidate in running:
        age = idcard.age_on(candidate.birth_date, reference, feb29)
        if candidate.proposed_office == SECRETARY:
            if _head_age(findings, profile, candidate, age, reference):
                continue
            if not candidate.incumbent and age > profile.get("new_head_max_age"):
                findings.add(msg("{name}（{age}周岁）为新提名的书记人选，超过{limit}周岁（特别优秀的可放宽）",
                                 name=candidate.name, age=age, limit=profile.get("new_head_max_age")),
                             "SD-15", severity, [candidate.id])
        elif candidate.proposed_office == DEPUTY:
            limit = profile.get("deputy_max_age_female" if candidate.sex == "女" else "deputy_max_age_male")
            if age > limit:
                findings.add(msg("{name}（{sex}，{age}周岁）拟任副书记，超过副职{limit}周岁的要求",
                                 name=candidate.name, sex=candidate.sex, age=age, limit=limit),
                             "SD-15", severity, [candidate.id])
    young, education = profile.get("young_member_age"), profile.get("young_member_education")
    if running and not any(idcard.age_on(c.birth_date, reference, feb29) <= young
                           and education_rank(c.education) >= education_rank(education) for c in running):
        findings.add(msg("初步人选中没有{age}周岁以下且{education}以上学历的人选（每个“两委”班子原则上至少1名）",
                         age=young, education=education), "SD-15", severity)


def _head_age(findings: Findings, profile: RulesProfile, candidate: PartyCandidate, age: int,
              reference: date) -> bool:
    """SD-13/SD-14 for a secretary candidate; True when over the age limit."""
    limit = profile.get("head_age_limit_female" if candidate.sex == "女" else "head_age_limit_male")
    severity = profile.get("structure_severity")  # “原则上”: the profile says whether it blocks
    cutoff = years_before(reference, limit)
    by_birth = profile.get("age_limit_basis") == "born_before"
    over = candidate.birth_date < cutoff if by_birth else age >= limit
    if candidate.birth_date == cutoff:  # “60周岁以上” and “1961年1月1日前出生” disagree on this day
        findings.add(msg("{name}出生于{cutoff}，在{reference}当天满{limit}周岁：按“{limit}周岁以上”已达界限，"
                         "按“{cutoff}前出生”未达界限。现按“{basis}”判定为{result}",
                         name=candidate.name, cutoff=format_date(cutoff), reference=format_date(reference),
                         limit=limit, basis="出生日期" if by_birth else "周岁",
                         result="已达界限" if over else "未达界限"), "SD-13", Severity.NOTE, [candidate.id])
    if not over:
        return False
    if candidate.age_exception:
        findings.add(msg("{name}（{age}周岁）超过书记人选年龄界限，已记录留任审批：{approval}",
                         name=candidate.name, age=age, approval=candidate.age_exception),
                     "SD-13 SD-14", Severity.NOTE, [candidate.id])
    else:
        findings.add(msg("{name}（{sex}，{birth}出生，{age}周岁）拟任书记，已达{limit}周岁以上（年龄计算截至"
                         "{reference}），原则上不再提名；确需留任的，须记录县委组织部研究、县换届领导小组审定的意见",
                         name=candidate.name, sex=candidate.sex, birth=format_date(candidate.birth_date),
                         age=age, limit=limit, reference=format_date(reference)),
                     "SD-13 SD-14", severity, [candidate.id])
    return True
