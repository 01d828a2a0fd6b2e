"""From the joint qualification review to the township's approval (PT-17, PT-19, PT-26, PT-27, SD-40).

Each initial candidate is checked against the ten 十不选 items and by every reviewing
department; a disqualifier inside its time window or any department's “有问题” cancels the
candidacy. The remaining candidates are inspected and approved; of those the preliminary
candidates are chosen, published and approved by the township Party committee.

Time windows (SD-40, CONV-01): “近3年” is a period *within* three years before the
reference date, and 《民法典》 art. 1259 counts “以内” with its boundary — an event exactly
three years before the reference date is inside, one day earlier is outside. “未满5年”
excludes the boundary: exactly five years back the five years are complete (已满), so the
item no longer applies; one day less is inside. Dates are shifted by calendar years
(29 February → 28 February, 民法典 art. 202). A found item without an event date is
counted (e.g. an investigation still under way).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from models import (
    DepartmentReview,
    DisqualifierCheck,
    ElectionProcess,
    Inspection,
    PartyCandidate,
    PartyMember,
    PartyTrack,
    Village,
)
from workflows.core import idcard
from workflows.core.calendar import record_fact
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings, Severity
from workflows.core.holidays import WorkdayCalendar
from workflows.core.policy import RulesProfile
from workflows.core.text import Msg, format_date, msg
from workflows.party.candidates import (
    CANCELLED,
    OFFICE_LABELS,
    PASSED,
    SOURCE_LABELS,
    STATUS_LABELS,
    age_reference,
    candidates,
    profile_for,
    track,
    years_before,
)

# SD-40 十不选, as worded in rules-reference 5.5 (seed 003 三(一)).
DISQUALIFIER_ITEMS = (
    "政治上“两面人”，政治觉悟不高、组织观念不强、法治意识淡薄",
    "受过刑事处罚，存在“村霸”和涉黑涉恶问题，加入邪教、组织或参与非法宗教活动",
    "因涉黄、涉赌、涉毒或聚众斗殴、敲诈勒索、非法拘禁等受过行政处罚",
    "不担当不作为、长期不履职，近3年考核不称职或被评为不合格党员；近3年目标考核连续排名倒数3位的村",
    "近3年受过撤销党内职务及以上党纪处分、撤职及以上（政务）处分，或涉嫌严重违纪违法正在接受立案审查调查",
    "有严重危害集体利益和群众合法权益行为",
    "有严重违法用地、违章建房、损害生态环境、严重失信等行为尚未整改",
    "非法组织、参与集体上访，影响社会稳定",
    "道德品行低劣、群众普遍反映不好",
    "因拉票贿选或其他不正当竞争行为被查处未满5年，或以暴力、威胁、贿赂、欺骗等手段破坏、妨碍选举",
)
RECENT_ITEMS = (4, 5)  # “近N年” (disqualifier_recent_years), boundary inside
BRIBERY_ITEMS = (10,)  # “未满N年” (disqualifier_bribery_years), boundary outside
CHINA = timezone(timedelta(hours=8))


# --- The joint qualification review (PT-26, SD-40) ------------------------------------

def nomination_date(candidate: PartyCandidate) -> date:
    """The day the candidate was added, in China's time zone."""
    added = candidate.created_at
    if added.tzinfo is None:  # SQLite returns naive UTC
        added = added.replace(tzinfo=UTC)
    return added.astimezone(CHINA).date()


def review_reference(session: Session, election: ElectionProcess, candidate: PartyCandidate,
                     profile: RulesProfile) -> date | None:
    """The day SD-40's windows count back from: the track's fixed date, else per the profile."""
    fixed = track(session, election).review_reference
    if fixed is not None:
        return fixed
    if profile.get("disqualifier_reference") == "election":
        return election.party_election_day
    return nomination_date(candidate)


def window_start(item: int, reference: date, profile: RulesProfile) -> tuple[date, bool] | None:
    """(boundary day, whether the boundary day itself counts) for a windowed item, else None."""
    if item in RECENT_ITEMS:
        return years_before(reference, profile.get("disqualifier_recent_years")), True
    if item in BRIBERY_ITEMS:
        return years_before(reference, profile.get("disqualifier_bribery_years")), False
    return None


def in_window(item: int, event_on: date | None, reference: date | None, profile: RulesProfile) -> bool:
    """Whether a found item counts on ``reference`` (see the module docstring)."""
    window = window_start(item, reference, profile) if reference else None
    if window is None or event_on is None:
        return True
    start, inclusive = window
    return event_on >= start if inclusive else event_on > start


def set_review_reference(session: Session, election: ElectionProcess, day: date | None) -> None:
    """Fix the reference date for every candidate (None: per the profile); recomputes statuses."""
    track(session, election, create=True).review_reference = day
    refresh_all(session, election)


@dataclass(frozen=True)
class CheckAnswer:
    """The answer to one 十不选 item."""

    item: int
    found: bool
    evidence: str = ""
    event_on: date | None = None


def record_checks(session: Session, candidate: PartyCandidate, answers: Iterable[CheckAnswer]) -> None:
    """Record answers to the 十不选 items (all validated before any is stored)."""
    answers = list(answers)
    errors = {}
    for answer in answers:
        if not 1 <= answer.item <= len(DISQUALIFIER_ITEMS):
            errors[f"item{answer.item}"] = msg("“十不选”只有第1～10项")
        elif answer.found and not answer.evidence.strip():
            errors[f"item{answer.item}"] = msg("第{item}项勾选为“是”，请填写依据", item=answer.item)
    if errors:
        raise InvalidInput(errors)
    existing = {c.item: c for c in _checks(session, candidate)}
    for answer in answers:
        row = existing.get(answer.item)
        if row is None:
            row = DisqualifierCheck(candidate_id=candidate.id, item=answer.item)
            session.add(row)
        row.found, row.evidence, row.event_on = answer.found, answer.evidence.strip(), answer.event_on
    session.flush()
    refresh_status(session, candidate)


def record_check(session: Session, candidate: PartyCandidate, item: int, found: bool,
                 evidence: str = "", event_on: date | None = None) -> None:
    """Record the answer to one 十不选 item."""
    record_checks(session, candidate, [CheckAnswer(item, found, evidence, event_on)])


def departments(profile: RulesProfile) -> list[str]:
    """The reviewing departments (PT-26) in the profile's order."""
    return [d.strip() for d in profile.get("review_departments") if d.strip()]


def record_department_review(session: Session, candidate: PartyCandidate, department: str, *,
                             passed: bool | None, reviewer: str, leader: str,
                             reviewed_on: date | None, finding: str = "",
                             refresh: bool = True) -> DepartmentReview:
    """One department's signed opinion (PT-26 “谁审核谁负责”: 经办人, 分管领导, date).

    ``refresh=False`` skips recomputing the candidate's status, for callers entering many
    opinions at once, which then call :func:`refresh_status` once.
    """
    election = session.get(ElectionProcess, candidate.election_id)
    errors = {}
    if department not in departments(profile_for(session, election)):
        errors["department"] = msg("“{name}”不是规则设置中的联审部门", name=department)
    if passed is None:
        errors["passed"] = msg("请选择审查结果")
    elif not passed and not finding.strip():
        errors["finding"] = msg("审查结果为“有问题”的，请写明具体问题")
    if not reviewer.strip():
        errors["reviewer"] = msg("请填写经办人")
    if not leader.strip():
        errors["leader"] = msg("请填写分管领导")
    if reviewed_on is None:
        errors["reviewed_on"] = msg("请填写审查日期")
    if errors:
        raise InvalidInput(errors)
    row = next((r for r in _reviews(session, candidate) if r.department == department), None)
    if row is None:
        row = DepartmentReview(candidate_id=candidate.id, department=department)
        session.add(row)
    row.passed, row.finding = passed, finding.strip()
    row.reviewer, row.leader, row.reviewed_on = reviewer.strip(), leader.strip(), reviewed_on
    session.flush()
    if refresh:
        refresh_status(session, candidate)
    return row


def _checks(session: Session, candidate: PartyCandidate) -> list[DisqualifierCheck]:
    return list(session.scalars(select(DisqualifierCheck).where(
        DisqualifierCheck.candidate_id == candidate.id).order_by(DisqualifierCheck.item)))


def _reviews(session: Session, candidate: PartyCandidate) -> list[DepartmentReview]:
    return list(session.scalars(select(DepartmentReview).where(
        DepartmentReview.candidate_id == candidate.id)))


def _inspection(session: Session, candidate: PartyCandidate) -> Inspection | None:
    return session.scalars(select(Inspection).where(Inspection.candidate_id == candidate.id)).first()


@dataclass(frozen=True)
class ReviewState:
    """Where one candidate's review stands."""

    reference: date | None
    missing_items: tuple[int, ...]
    missing_departments: tuple[str, ...]
    reasons: tuple[str, ...]  # what cancels the candidacy

    @property
    def complete(self) -> bool:
        """Every item answered and every department's opinion recorded."""
        return not self.missing_items and not self.missing_departments


def review_state(session: Session, candidate: PartyCandidate, profile: RulesProfile | None = None) -> ReviewState:
    """The candidate's review: what is missing and what disqualifies (SD-40 windows applied)."""
    election = session.get(ElectionProcess, candidate.election_id)
    profile = profile or profile_for(session, election)
    reference = review_reference(session, election, candidate, profile)
    checks = _checks(session, candidate)
    reviews = {r.department: r for r in _reviews(session, candidate)}
    reasons = [f"“十不选”第{c.item}项（{DISQUALIFIER_ITEMS[c.item - 1]}）：{c.evidence}"
               for c in checks if c.found and in_window(c.item, c.event_on, reference, profile)]
    wanted = departments(profile)
    reasons += [f"{name}审查有问题：{reviews[name].finding}" for name in wanted
                if name in reviews and reviews[name].passed is False]
    answered = {c.item for c in checks}
    return ReviewState(reference, tuple(i for i in range(1, 11) if i not in answered),
                       tuple(name for name in wanted if name not in reviews), tuple(reasons))


def _derived_status(session: Session, candidate: PartyCandidate, state: ReviewState) -> tuple[str, str]:
    if state.reasons:
        return "disqualified", "取消资格：" + "；".join(state.reasons)
    if not state.complete:
        return "initial", ""
    inspection = _inspection(session, candidate)
    if inspection is None or inspection.approved is None:
        return "reviewed", ""
    if not inspection.approved:
        return "not_approved", "考察未通过：" + inspection.conclusion
    return ("preliminary" if candidate.preliminary_office else "inspected"), ""


def refresh_status(session: Session, candidate: PartyCandidate, profile: RulesProfile | None = None) -> None:
    """Recompute the candidate's status from the review and the inspection."""
    status, reason = _derived_status(session, candidate, review_state(session, candidate, profile))
    candidate.status, candidate.status_reason = status, reason
    if status not in PASSED:
        candidate.preliminary_office = ""
    session.flush()


def refresh_all(session: Session, election: ElectionProcess) -> None:
    """Recompute every candidate's status (after the profile or the reference date changed)."""
    profile = profile_for(session, election)
    for candidate in candidates(session, election):
        refresh_status(session, candidate, profile)


def qualification_check(session: Session, election: ElectionProcess,
                        profile: RulesProfile | None = None) -> Findings:
    """Every candidate answered on all ten items and reviewed by every department (PT-26, SD-40)."""
    profile = profile or profile_for(session, election)
    findings = Findings()
    everyone = candidates(session, election)
    if not everyone:
        findings.add(msg("尚无初步人选"), "PT-10")
    for candidate in everyone:
        state = review_state(session, candidate, profile)
        if _derived_status(session, candidate, state)[0] != candidate.status:
            findings.add(msg("{name}的审查结论须按现行设置重新计算", name=candidate.name), "PT-26",
                         subjects=[candidate.id])
        if state.reasons:
            findings.add(msg("{name}已取消候选人资格：{reason}", name=candidate.name,
                             reason="；".join(state.reasons)), "PT-26 SD-40", Severity.WARNING, [candidate.id])
            continue
        if state.reference is None:
            findings.add(msg("{name}：尚未设定党员大会选举日，无法计算“十不选”的时间范围", name=candidate.name),
                         "SD-40", subjects=[candidate.id])
        missing = []
        if state.missing_items:
            missing.append("“十不选”第{}项未填写".format("、".join(map(str, state.missing_items))))
        if state.missing_departments:
            missing.append("{}尚未出具审查意见".format("、".join(state.missing_departments)))
        if missing:
            findings.add(msg("{name}：{missing}", name=candidate.name, missing="；".join(missing)),
                         "PT-26 SD-40", subjects=[candidate.id])
    return findings


# --- Inspection (PT-27) ------------------------------------------------------------------

@dataclass(frozen=True)
class InspectionInput:
    """The inspection's figures, visit, conclusion and decision."""

    assessed: int = 0
    excellent: int = 0
    competent: int = 0
    basically: int = 0
    incompetent: int = 0
    talks: int = 0
    site_visit_on: date | None = None
    conclusion: str = ""
    approved: bool | None = None
    approved_by: str = ""
    approved_on: date | None = None


def record_inspection(session: Session, candidate: PartyCandidate, data: InspectionInput) -> Inspection:
    """Record the inspection; a candidate not approved leaves the list (status not_approved)."""
    errors: dict[str, Msg] = {}
    if candidate.status == "disqualified":
        errors["candidate"] = msg("{name}已取消候选人资格，不再考察", name=candidate.name)
    elif candidate.status == "initial":
        errors["candidate"] = msg("{name}的资格联审尚未完成", name=candidate.name)
    numbers = ("assessed", "excellent", "competent", "basically", "incompetent", "talks")
    for name in numbers:
        value = getattr(data, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[name] = msg("应为不小于0的整数")
    if not errors:
        graded = data.excellent + data.competent + data.basically + data.incompetent
        if graded > data.assessed:
            errors["assessed"] = msg("各等次合计{graded}人，多于参加测评的{n}人", graded=graded, n=data.assessed)
    if data.approved is not None:
        if not data.conclusion.strip():
            errors["conclusion"] = msg("请填写考察结论")
        if not data.approved_by.strip():
            errors["approved_by"] = msg("请填写审议机关")
        if data.approved_on is None:
            errors["approved_on"] = msg("请填写审议日期")
    if errors:
        raise InvalidInput(errors)
    row = _inspection(session, candidate)
    if row is None:
        row = Inspection(candidate_id=candidate.id)
        session.add(row)
    for name in numbers + ("site_visit_on", "approved", "approved_on"):
        setattr(row, name, getattr(data, name))
    row.conclusion, row.approved_by = data.conclusion.strip(), data.approved_by.strip()
    session.flush()
    refresh_status(session, candidate)
    return row


def inspection_check(session: Session, election: ElectionProcess) -> Findings:
    """Every candidate who passed the review inspected and decided on (PT-27)."""
    findings = Findings()
    reviewed = candidates(session, election, ["reviewed", "inspected", "preliminary", "not_approved"])
    if not reviewed:
        findings.add(msg("没有通过资格联审的人选"), "PT-26 PT-27")
    for candidate in reviewed:
        row = _inspection(session, candidate)
        if row is None:
            findings.add(msg("{name}尚未考察", name=candidate.name), "PT-27", subjects=[candidate.id])
            continue
        missing = [label for label, done in (
            ("民主测评", row.assessed > 0), ("个别谈话", row.talks > 0), ("实地查看", row.site_visit_on),
            ("考察结论", row.conclusion), ("审议结果", row.approved is not None)) if not done]
        if missing:
            findings.add(msg("{name}的考察尚缺：{missing}", name=candidate.name, missing="、".join(missing)),
                         "PT-27", subjects=[candidate.id])
        elif not row.approved:
            findings.add(msg("{name}考察未通过，已移出人选名单：{conclusion}", name=candidate.name,
                             conclusion=row.conclusion), "PT-27", Severity.WARNING, [candidate.id])
    return findings


# --- What the GUI and the printed form show ----------------------------------------------

@dataclass(frozen=True)
class DisqualifierLine:
    """One 十不选 item on the 资格联审表."""

    number: int
    title: str
    answer: str  # “是”, “否”, or "" (not yet answered)
    evidence: str
    event_on: date | None
    counted: bool  # found and inside its time window: disqualifies
    window: str  # e.g. “近3年：2018年1月1日以后”, "" for items without a window


@dataclass(frozen=True)
class DepartmentLine:
    """One department's opinion on the 资格联审表."""

    department: str
    result: str  # “无问题”, “有问题”, or "" (not yet reviewed)
    finding: str
    reviewer: str
    leader: str
    reviewed_on: date | None


@dataclass(frozen=True)
class QualificationFormData:
    """Everything the printed 资格联审表 shows for one candidate (plain data, no ORM)."""

    township: str
    village: str
    term_label: str
    name: str
    sex: str
    ethnicity: str
    birth_date: date
    age: int | None  # on the SD-13 age reference date
    id_number: str
    education: str
    joined_on: date | None
    current_post: str
    proposed_office: str  # 书记 / 副书记 / 委员
    source: str  # 两推产生 / 镇党委直接提名
    nomination_reason: str
    incumbent: bool
    reference_date: date | None  # SD-40 windows count back from this day
    items: tuple[DisqualifierLine, ...]
    departments: tuple[DepartmentLine, ...]
    conclusion: str  # 符合条件 / 取消资格：… / 审查未完成


def _window_text(item: int, reference: date | None, profile: RulesProfile) -> str:
    window = window_start(item, reference, profile) if reference else None
    if window is None:
        return ""
    start, inclusive = window
    if inclusive:
        return f"近{profile.get('disqualifier_recent_years')}年：{format_date(start)}以后（含当日）"
    return f"未满{profile.get('disqualifier_bribery_years')}年：{format_date(start)}以后（不含当日）"


def review_summary(candidate: PartyCandidate) -> QualificationFormData:
    """The 资格联审表 of one candidate (PT-26: items with evidence, departments with signatures)."""
    session = object_session(candidate)
    election = session.get(ElectionProcess, candidate.election_id)
    village = session.get(Village, election.village_id)
    profile = profile_for(session, election)
    state = review_state(session, candidate, profile)
    member = session.get(PartyMember, candidate.member_id) if candidate.member_id else None
    checks = {c.item: c for c in _checks(session, candidate)}
    items = []
    for number, title in enumerate(DISQUALIFIER_ITEMS, start=1):
        check = checks.get(number)
        answer = "" if check is None else "是" if check.found else "否"
        counted = bool(check and check.found and in_window(number, check.event_on, state.reference, profile))
        items.append(DisqualifierLine(number, title, answer, check.evidence if check else "",
                                      check.event_on if check else None, counted,
                                      _window_text(number, state.reference, profile)))
    reviews = {r.department: r for r in _reviews(session, candidate)}
    lines = []
    for name in departments(profile):
        row = reviews.get(name)
        result = "" if row is None else "无问题" if row.passed else "有问题"
        lines.append(DepartmentLine(name, result, row.finding if row else "", row.reviewer if row else "",
                                    row.leader if row else "", row.reviewed_on if row else None))
    if state.reasons:
        conclusion = "取消资格：" + "；".join(state.reasons)
    else:
        conclusion = "符合条件" if state.complete else "审查未完成"
    age_day = age_reference(election, profile)
    return QualificationFormData(
        village.township.name, village.name, election.term_label, candidate.name, candidate.sex,
        member.ethnicity if member else "", candidate.birth_date,
        idcard.age_on(candidate.birth_date, age_day, profile.get("feb29_birthday")) if age_day else None,
        candidate.id_number, candidate.education, member.joined_on if member else None,
        member.current_post if member else "", OFFICE_LABELS[candidate.proposed_office],
        SOURCE_LABELS.get(candidate.source, candidate.source), candidate.nomination_reason,
        candidate.incumbent, state.reference, tuple(items), tuple(lines), conclusion)


@dataclass(frozen=True)
class CandidateRow:
    """One candidate as the candidates table shows it."""

    id: int
    name: str
    id_number: str
    sex: str
    age: int | None
    education: str
    source: str
    nomination_reason: str
    proposed_office: str
    incumbent: bool
    status: str
    status_label: str
    reason: str  # why cancelled ("" otherwise)
    preliminary_office: str  # label, "" when not a preliminary candidate
    items_answered: int
    departments_done: int
    departments_total: int
    inspection: str  # 未考察 / 待审议 / 通过 / 未通过
    age_exception: str
    tiebreak: int


def candidate_rows(session: Session, election: ElectionProcess) -> list[CandidateRow]:
    """Every candidate in stroke order with the progress of their review and inspection."""
    profile = profile_for(session, election)
    day = age_reference(election, profile)
    wanted = departments(profile)
    rows = []
    for c in candidates(session, election):
        state = review_state(session, c, profile)
        inspection = _inspection(session, c)
        decided = ("未考察" if inspection is None else "待审议" if inspection.approved is None
                   else "通过" if inspection.approved else "未通过")
        reason = c.status_reason if c.status in CANCELLED else ""
        rows.append(CandidateRow(
            c.id, c.name, c.id_number, c.sex,
            idcard.age_on(c.birth_date, day, profile.get("feb29_birthday")) if day else None,
            c.education, SOURCE_LABELS.get(c.source, c.source), c.nomination_reason,
            OFFICE_LABELS[c.proposed_office], c.incumbent, c.status, STATUS_LABELS[c.status], reason,
            OFFICE_LABELS.get(c.preliminary_office, ""), 10 - len(state.missing_items),
            len(wanted) - len(state.missing_departments), len(wanted), decided, c.age_exception,
            c.tiebreak))
    return rows


# --- Publicity and approval (PT-17) -------------------------------------------------

def publicity_length(session: Session, profile: RulesProfile, start: date, end: date) -> int:
    """Days of publicity, first and last day included; working days when the profile says so."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if not profile.get("party_publicity_working"):
        return len(days)
    calendar = WorkdayCalendar.load(session)
    return sum(1 for day in days if calendar.is_workday(day))


def record_publicity(session: Session, election: ElectionProcess, start: date | None,
                     end: date | None, outcome: str = "") -> Findings:
    """Record the publicity of the preliminary candidates; returns what still blocks it."""
    errors = {}
    if start is None:
        errors["start"] = msg("请填写公示开始日期")
    if end is None:
        errors["end"] = msg("请填写公示结束日期")
    elif start is not None and end < start:
        errors["end"] = msg("公示结束日期早于开始日期")
    if errors:
        raise InvalidInput(errors)
    row = track(session, election, create=True)
    row.publicity_start, row.publicity_end, row.publicity_outcome = start, end, outcome.strip()
    record_fact(session, election, "party_publicity_started", start)
    return publicity_check(session, election)


def publicity_check(session: Session, election: ElectionProcess, profile: RulesProfile | None = None,
                    today: date | None = None) -> Findings:
    """Publicity recorded, long enough, over (when ``today`` is given) and its outcome noted."""
    profile = profile or profile_for(session, election)
    findings = Findings()
    if not candidates(session, election, ["preliminary"]):
        findings.add(msg("尚未确定预备人选"), "PT-17")
    row = track(session, election)
    if row.publicity_start is None or row.publicity_end is None:
        findings.add(msg("尚未记录预备人选公示的起止日期"), "PT-17")
        return findings
    required = profile.days("party_publicity_days")
    length = publicity_length(session, profile, row.publicity_start, row.publicity_end)
    unit = "个工作日" if profile.get("party_publicity_working") else "日"
    if length < required:
        findings.add(msg("公示期{start}至{end}共{k}{unit}，少于规定的{n}{unit}",
                         start=format_date(row.publicity_start), end=format_date(row.publicity_end),
                         k=length, n=required, unit=unit), "PT-17 CONV-06")
    if today is not None and today <= row.publicity_end:
        findings.add(msg("公示期到{end}才结束", end=format_date(row.publicity_end)), "PT-17")
    if not row.publicity_outcome:
        findings.add(msg("尚未记录公示结果（如“公示期间未收到反映”）"), "PT-17")
    return findings


def record_request(session: Session, election: ElectionProcess, request_on: date | None) -> PartyTrack:
    """The day the village Party organisation asked the township to approve (请示)."""
    if request_on is None:
        raise InvalidInput({"request_on": msg("请填写请示日期")})
    row = track(session, election, create=True)
    row.request_on = request_on
    session.flush()
    return row


def record_reply(session: Session, election: ElectionProcess, reply_on: date | None,
                 reply_number: str, reply_text: str = "") -> PartyTrack:
    """The township's written approval (批复); records the fact ``party_approval``."""
    row = track(session, election)
    errors = {}
    if row.request_on is None:
        errors["reply_on"] = msg("请先记录向镇党委请示的日期")
    elif reply_on is None:
        errors["reply_on"] = msg("请填写批复日期")
    elif reply_on < row.request_on:
        errors["reply_on"] = msg("批复日期早于请示日期{day}", day=format_date(row.request_on))
    if not reply_number.strip():
        errors["reply_number"] = msg("请填写批复文号")
    if errors:
        raise InvalidInput(errors)
    row.reply_on, row.reply_number, row.reply_text = reply_on, reply_number.strip(), reply_text.strip()
    record_fact(session, election, "party_approval", reply_on)
    return row


def approval_check(session: Session, election: ElectionProcess) -> Findings:
    """请示 after the publicity, 批复 recorded and not before the publicity ended (PT-17)."""
    findings = Findings()
    row = track(session, election)
    end = row.publicity_end
    if row.request_on is None:
        findings.add(msg("尚未记录向镇党委请示的日期"), "PT-17")
    elif end is not None and row.request_on <= end:
        findings.add(msg("请示日期{day}在公示结束{end}之前；应在公示期满后请示",
                         day=format_date(row.request_on), end=format_date(end)), "PT-17", Severity.WARNING)
    if row.reply_on is None:
        findings.add(msg("尚未记录镇党委的批复"), "PT-17")
    elif end is None:
        findings.add(msg("尚未记录预备人选公示，不能批复"), "PT-17")
    elif row.reply_on <= end:
        findings.add(msg("批复日期{day}不在公示期满（{end}）之后", day=format_date(row.reply_on),
                         end=format_date(end)), "PT-17")
    return findings
