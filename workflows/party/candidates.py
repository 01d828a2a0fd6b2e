"""Party candidates: recommendations, initial and preliminary candidates (PT-09…PT-19, SD-10…SD-19).

The two recommendation rounds give a ranking; the initial candidates (初步人选) come from
it or from a township nomination and are checked for their number (SD-10), eligibility
(PT-04) and structure (SD-13…SD-17, SD-19, SO-14). After the joint review and the
inspection (:mod:`workflows.party_review`) the preliminary candidates (预备人选) are chosen
(PT-16, PT-17, PT-17a, PT-19).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ElectionProcess, PartyCandidate, PartyMember, PartyTrack, Recommendation, Village
from workflows.core import idcard, names, relatives
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings, Severity
from workflows.core.policy import RulesProfile, initial_candidates_required
from workflows.core.scope import township_profile as profile_of
from workflows.core.stroke_order import normalize_name
from workflows.core.text import N_, Msg, format_date, msg

ROUNDS = {"member": N_("党员推荐"), "mass": N_("群众推荐")}
SOURCE_LABELS = {"recommended": N_("两推产生"), "township": N_("镇党委直接提名")}
OFFICE_LABELS = {"member": N_("委员"), "secretary": N_("书记"), "deputy": N_("副书记")}
STATUS_LABELS = {
    "initial": N_("初步人选"), "reviewed": N_("已通过资格联审"), "inspected": N_("已通过考察"),
    "preliminary": N_("预备人选"), "disqualified": N_("已取消资格"), "not_approved": N_("考察未通过"),
}
CANCELLED = ("disqualified", "not_approved")
PASSED = ("inspected", "preliminary")  # may be chosen as preliminary candidates
# Seed text SD-10: “比如3个支委委员要不少于5人，5个支委委员要不少于7人”.
SEED_EXAMPLES = {3: 5, 5: 7}


# --- Shared helpers ------------------------------------------------------------------

def profile_for(session: Session, election: ElectionProcess) -> RulesProfile:
    """The rules profile of the election's township."""
    return profile_of(session.get(Village, election.village_id).township)


def track(session: Session, election: ElectionProcess, create: bool = False) -> PartyTrack:
    """The election's Party track record; stored only with ``create`` (checks never write)."""
    row = session.scalars(select(PartyTrack).where(PartyTrack.election_id == election.id)).first()
    if row is None:
        row = PartyTrack(election_id=election.id, member_round_participants=0, mass_round_participants=0,
                         publicity_outcome="", reply_number="", reply_text="")
        if create:
            session.add(row)
            session.flush()
    return row


def candidates(session: Session, election: ElectionProcess,
               statuses: Iterable[str] | None = None) -> list[PartyCandidate]:
    """The election's candidates in stroke order, identical names by their tiebreak (SO-14)."""
    query = select(PartyCandidate).where(PartyCandidate.election_id == election.id)
    if statuses is not None:
        query = query.where(PartyCandidate.status.in_(list(statuses)))
    rows = sorted(session.scalars(query), key=lambda c: (c.tiebreak, c.id))
    return names.ordered(session, rows, lambda c: c.name)


def active(session: Session, election: ElectionProcess) -> list[PartyCandidate]:
    """Candidates still in the running (not disqualified, not rejected at inspection)."""
    return [c for c in candidates(session, election) if c.status not in CANCELLED]


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


def _member(session: Session, election: ElectionProcess, id_number: str) -> PartyMember | None:
    return session.scalars(select(PartyMember).where(
        PartyMember.election_id == election.id, PartyMember.id_number == id_number)).first()


def _id_number(raw: str, field_name: str = "id_number") -> str:
    try:
        return idcard.parse(raw).number
    except idcard.IdError as error:
        raise InvalidInput({field_name: msg("{text}", text=str(error))}) from error


# --- Recommendations (PT-09, PT-10) ----------------------------------------------------

def record_round(session: Session, election: ElectionProcess, round_key: str,
                 held_on: date | None, participants: int) -> PartyTrack:
    """Record one round's date and number of participants."""
    errors = {}
    if round_key not in ROUNDS:
        raise ValueError(round_key)
    if held_on is None:
        errors["held_on"] = msg("请填写推荐日期")
    if isinstance(participants, bool) or not isinstance(participants, int) or participants < 1:
        errors["participants"] = msg("参加推荐人数应为正整数")
    else:
        most = max((r.votes for r in _tallies(session, election, round_key)), default=0)
        if most > participants:
            errors["participants"] = msg("已录入的最高得票为{most}票，参加人数不能少于此数", most=most)
    if errors:
        raise InvalidInput(errors)
    row = track(session, election, create=True)
    setattr(row, f"{round_key}_round_on", held_on)
    setattr(row, f"{round_key}_round_participants", participants)
    session.flush()
    return row


def _tallies(session: Session, election: ElectionProcess, round_key: str) -> list[Recommendation]:
    return list(session.scalars(select(Recommendation).where(
        Recommendation.election_id == election.id, Recommendation.round == round_key)))


def record_votes(session: Session, election: ElectionProcess, round_key: str, name: str,
                 id_number: str, votes: int) -> Recommendation:
    """Record (or correct) the votes one person received in one round."""
    if round_key not in ROUNDS:
        raise ValueError(round_key)
    number = _id_number(id_number)
    participants = getattr(track(session, election), f"{round_key}_round_participants")
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
    other = session.scalars(select(Recommendation).where(
        Recommendation.election_id == election.id, Recommendation.id_number == number,
        Recommendation.round != round_key)).first()
    if other is not None and normalize_name(other.name) != normalize_name(name):
        errors["name"] = msg("同一身份证号码在另一轮推荐中登记为“{other}”", other=other.name)
    if errors:
        raise InvalidInput(errors)
    row = session.scalars(select(Recommendation).where(
        Recommendation.election_id == election.id, Recommendation.round == round_key,
        Recommendation.id_number == number)).first()
    if row is None:
        row = Recommendation(election_id=election.id, round=round_key, id_number=number)
        session.add(row)
    row.name, row.votes = name.strip(), votes
    session.flush()
    return row


def remove_votes(session: Session, election: ElectionProcess, round_key: str, id_number: str) -> None:
    """Delete a tally entered by mistake."""
    for row in _tallies(session, election, round_key):
        if row.id_number == idcard.clean(id_number):
            session.delete(row)
    session.flush()


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


def ranking(session: Session, election: ElectionProcess) -> list[RankingRow]:
    """Everyone recommended, by total votes (member + mass round), then stroke order."""
    people: dict[str, dict] = {}
    for row in session.scalars(select(Recommendation).where(Recommendation.election_id == election.id)):
        person = people.setdefault(row.id_number, {"name": row.name, "member": 0, "mass": 0})
        person[row.round] = row.votes
    members = {m.id_number: m for m in session.scalars(select(PartyMember).where(
        PartyMember.election_id == election.id, PartyMember.id_number.in_(list(people))))}
    chosen = {c.id_number: c.id for c in candidates(session, election)}
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

def add_initial(session: Session, election: ElectionProcess, id_number: str, *,
                proposed_office: str = "member", incumbent: bool = False) -> PartyCandidate:
    """Make a recommended full member an initial candidate."""
    number = _id_number(id_number)
    recommended = session.scalars(select(Recommendation).where(
        Recommendation.election_id == election.id, Recommendation.id_number == number)).first()
    if recommended is None:
        raise InvalidInput({"id_number": msg("此人未经党员推荐或群众推荐；必要时可由镇党委直接提名")})
    return _add(session, election, number, "recommended", "", proposed_office, incumbent)


def nominate_by_township(session: Session, election: ElectionProcess, id_number: str, reason: str, *,
                         proposed_office: str = "member", incumbent: bool = False) -> PartyCandidate:
    """A direct nomination by the township Party committee (PT-10 “必要时镇党委直接提名”)."""
    if not reason.strip():
        raise InvalidInput({"reason": msg("请填写镇党委直接提名的理由")})
    return _add(session, election, _id_number(id_number), "township", reason.strip(),
                proposed_office, incumbent)


def _add(session: Session, election: ElectionProcess, number: str, source: str, reason: str,
         office: str, incumbent: bool) -> PartyCandidate:
    if office not in OFFICE_LABELS:
        raise InvalidInput({"proposed_office": msg("拟任职务无效")})
    member = _member(session, election, number)
    problems = member_problems(member)
    if problems:
        raise InvalidInput({"id_number": msg(
            "{why}，不能作为党组织委员候选人（PT-04：只有正式党员有被选举权）",
            why="、".join(str(p) for p in problems))})
    existing = session.scalars(select(PartyCandidate).where(
        PartyCandidate.election_id == election.id, PartyCandidate.id_number == number)).first()
    if existing is not None:
        raise InvalidInput({"id_number": msg("{name}已是初步人选", name=existing.name)})
    candidate = PartyCandidate(
        election_id=election.id, member_id=member.id, name=member.name, id_number=number,
        sex=member.sex, birth_date=member.birth_date, education=member.education, source=source,
        proposed_office=office, incumbent=incumbent, status="initial",
        nomination_reason=reason, status_reason="")
    session.add(candidate)
    session.flush()
    return candidate


def remove_initial(session: Session, candidate: PartyCandidate) -> None:
    """Take an initial candidate off the list before the review has decided on them."""
    if candidate.status != "initial":
        raise InvalidInput({"candidate": msg("{name}已完成资格联审（{status}），不能直接移出初步人选",
                                             name=candidate.name, status=STATUS_LABELS[candidate.status])})
    session.delete(candidate)
    session.flush()


def set_office(session: Session, candidate: PartyCandidate, proposed_office: str,
               incumbent: bool) -> None:
    """The office the candidate is proposed for and whether they sit on the current committee."""
    if proposed_office not in OFFICE_LABELS:
        raise InvalidInput({"proposed_office": msg("拟任职务无效")})
    candidate.proposed_office, candidate.incumbent = proposed_office, incumbent
    session.flush()


def set_age_exception(session: Session, candidate: PartyCandidate, approval: str) -> None:
    """Record (or clear, with "") the approval for an over-age secretary to stay (SD-14)."""
    candidate.age_exception = approval.strip()
    session.flush()


def set_tiebreak(session: Session, candidate: PartyCandidate, order: int, reason: str) -> None:
    """The manual order among identical names and why (SO-14)."""
    errors = {}
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        errors["tiebreak"] = msg("排列次序应为正整数")
    if not reason.strip():
        errors["tiebreak_reason"] = msg("请填写另定次序的理由")
    if errors:
        raise InvalidInput(errors)
    candidate.tiebreak, candidate.tiebreak_reason = order, reason.strip()
    session.flush()


def initial_check(session: Session, election: ElectionProcess,
                  profile: RulesProfile | None = None) -> Findings:
    """Number (SD-10), eligibility (PT-04), structure (SD-13…SD-17), relatives (SD-19), SO-14."""
    profile = profile or profile_for(session, election)
    findings = Findings()
    seats = election.party_members
    everyone = candidates(session, election)
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
    _structure(findings, election, profile, running)
    township_id = session.get(Village, election.village_id).township_id
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
    findings.add(msg("种子方案的例子为应选{n}名不少于{example}人，而“不少于应选人数的{ratio}倍”按进一法为"
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

def choose_preliminary(session: Session, election: ElectionProcess, committee: Iterable[int],
                       secretary: int | None, deputies: Iterable[int] = ()) -> None:
    """Choose the committee, secretary and deputy preliminary candidates (replacing any choice)."""
    committee, deputies = list(dict.fromkeys(committee)), list(dict.fromkeys(deputies))
    by_id = {c.id: c for c in candidates(session, election)}
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
    for candidate in by_id.values():
        office = ("secretary" if candidate.id == secretary else "deputy" if candidate.id in deputies
                  else "member" if candidate.id in committee else "")
        candidate.preliminary_office = office
        if candidate.status in PASSED:
            candidate.status = "preliminary" if office else "inspected"
    session.flush()


def margin_minimum(profile: RulesProfile, seats: int) -> int:
    """Candidates needed for a margin of at least ``party_margin_percent`` of the seats (PT-16)."""
    percent = profile.get("party_margin_percent")
    return seats + -(-seats * percent // 100)


def preliminary_check(session: Session, election: ElectionProcess,
                      profile: RulesProfile | None = None) -> Findings:
    """Exactly n + extra committee candidates, one secretary, the deputies (PT-17, PT-19)."""
    profile = profile or profile_for(session, election)
    findings = Findings()
    seats, extra = election.party_members, profile.get("party_preliminary_extra")
    chosen = [c for c in candidates(session, election, ["preliminary"])]
    if len(chosen) != seats + extra:
        findings.add(msg("委员候选人预备人选应为{req}人（比应选{n}名多{extra}人），现有{k}人",
                         req=seats + extra, n=seats, extra=extra, k=len(chosen)), "PT-17")
    needed = margin_minimum(profile, seats)
    if seats + extra < needed:
        findings.add(msg("应选{n}名，预备人选{k}人，差额{extra}人不足应选人数的{pct}%（须不少于{need}人）。"
                         "种子方案“多1人”与差额比例要求冲突，请按上级要求确定",
                         n=seats, k=seats + extra, extra=extra, pct=profile.get("party_margin_percent"),
                         need=needed), "PT-16 PT-17a", Severity.WARNING)
    secretaries = [c for c in chosen if c.preliminary_office == "secretary"]
    if len(secretaries) != 1:
        findings.add(msg("书记候选人预备人选应为1人（等额），现有{k}人", k=len(secretaries)), "PT-17 PT-19")
    deputies = [c for c in chosen if c.preliminary_office == "deputy"]
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


def age_reference(election: ElectionProcess, profile: RulesProfile) -> date | None:
    """The day ages are counted on (SD-13: the profile's date, else the members' meeting)."""
    return profile.reference_date("age_reference_date") or election.party_election_day


def _structure(findings: Findings, election: ElectionProcess, profile: RulesProfile,
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
        if candidate.proposed_office == "secretary":
            if _head_age(findings, profile, candidate, age, reference):
                continue
            if not candidate.incumbent and age > profile.get("new_head_max_age"):
                findings.add(msg("{name}（{age}周岁）为新提名的书记人选，超过{limit}周岁（特别优秀的可放宽）",
                                 name=candidate.name, age=age, limit=profile.get("new_head_max_age")),
                             "SD-15", severity, [candidate.id])
        elif candidate.proposed_office == "deputy":
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
                     "SD-13 SD-14", Severity.BLOCKER, [candidate.id])
    return True
