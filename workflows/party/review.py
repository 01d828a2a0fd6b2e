"""From the joint qualification review to the township's approval (PT-17, PT-19, PT-26, PT-27, SD-40).

Each initial candidate is checked against the ten 十不选 items and by every reviewing
department; a disqualifier inside its time window or any department's “有问题” cancels the
candidacy. The remaining candidates are inspected and approved; of those the preliminary
candidates are chosen, published and approved by the township Party committee. The review
itself — items, windows, opinions, the inspection's figures — is the one both tracks share
(:mod:`workflows.core.qualification`); this module keeps the Party track's tables, statuses
and reference date.

Time windows (SD-40, CONV-01) count back from the nomination date the clerk records for each
candidate (or one date the township fixes for all, or the members' meeting when the profile
says so) — never from the day the candidate was typed in; the review cannot be recorded
before a nomination date is known. “近N年” includes its boundary day, “未满M年” excludes it
(see :mod:`workflows.core.qualification`). A found item without an event date is counted
(e.g. an investigation still under way).

Functions take the action's :class:`~workflows.core.scope.ElectionScope` and candidates by
id; the screens read :class:`CandidateRow`, :class:`InspectionLine`,
:class:`QualificationFormData`, :class:`ReviewSettings` and :class:`PublicityPlan`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from models import (
    DepartmentReview,
    DisqualifierCheck,
    Inspection,
    PartyCandidate,
    PartyMember,
    PartyTrack,
)
from workflows.core import idcard
from workflows.core import qualification as shared
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings, Severity
from workflows.core.policy import RulesProfile
from workflows.core.qualification import (  # noqa: F401  (the Party track's names for them)
    BRIBERY_ITEMS,
    DISQUALIFIER_ITEMS,
    ITEM_COUNT,
    RECENT_ITEMS,
    CheckAnswer,
    DepartmentLine,
    DisqualifierLine,
    InspectionInput,
    ReviewState,
    disqualifier_items,
    in_window,
    window_start,
)
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, format_date, msg
from workflows.party.candidates import (
    CANCELLED,
    OFFICE_LABELS,
    PASSED,
    SOURCE_LABELS,
    STATUS_LABELS,
    age_reference,
    candidate,
    candidates,
    track,
)

TABLES = shared.ReviewTables(DisqualifierCheck, DepartmentReview, Inspection)


# --- The joint qualification review (PT-26, SD-40) ------------------------------------

def nomination_day(scope: ElectionScope, row: PartyCandidate) -> date | None:
    """The candidate's recorded nomination date, else the one date the township fixed for all."""
    return row.nominated_on or track(scope).review_reference


def review_reference(scope: ElectionScope, row: PartyCandidate) -> date | None:
    """The day SD-40's windows count back from: the township's fixed date, else per the
    profile the members' meeting or the recorded nomination date (None until recorded)."""
    fixed = track(scope).review_reference
    if fixed is not None:
        return fixed
    if scope.profile.get("disqualifier_reference") == "election":
        return scope.election.party_election_day
    return row.nominated_on


def _nomination_required(scope: ElectionScope, row: PartyCandidate) -> None:
    """The review is recorded only once the nomination date is (SD-40 counts from it)."""
    if nomination_day(scope, row) is None:
        raise InvalidInput({"nominated_on": msg(
            "请先记录{name}的提名日期：“十不选”的时间范围从提名日起算，不能按录入的日子计算", name=row.name)})


def set_review_reference(scope: ElectionScope, day: date | None) -> None:
    """Fix the reference date for every candidate (None: per the profile); recomputes statuses."""
    track(scope, create=True).review_reference = day
    refresh_all(scope)


@dataclass(frozen=True)
class ReviewSettings:
    """How the SD-40 windows are counted for this election (the qualification page's hint)."""

    fixed_reference: date | None  # one day for everyone, else per the profile
    from_election_day: bool  # the profile's default: the meeting day (else the nomination day)
    recent_years: int
    bribery_years: int
    item_count: int


def review_settings(scope: ElectionScope) -> ReviewSettings:
    """The reference date and time windows in force."""
    profile = scope.profile
    return ReviewSettings(track(scope).review_reference, profile.get("disqualifier_reference") == "election",
                          profile.get("disqualifier_recent_years"), profile.get("disqualifier_bribery_years"),
                          ITEM_COUNT)


def record_checks(scope: ElectionScope, candidate_id: int, answers: Iterable[CheckAnswer],
                  refresh: bool = True) -> None:
    """Record answers to the 十不选 items (all validated before any is stored).

    ``refresh=False`` leaves the status to one :func:`refresh_status` after the departments.
    """
    row = candidate(scope, candidate_id)
    _nomination_required(scope, row)
    shared.store_checks(scope.session, TABLES, row.id, answers)
    if refresh:
        _refresh(scope, row)


def record_check(scope: ElectionScope, candidate_id: int, item: int, found: bool,
                 evidence: str = "", event_on: date | None = None) -> None:
    """Record the answer to one 十不选 item."""
    record_checks(scope, candidate_id, [CheckAnswer(item, found, evidence, event_on)])


def departments(profile: RulesProfile) -> list[str]:
    """The reviewing departments (PT-26) in the profile's order."""
    return shared.units(profile, "review_departments")


def record_department_review(scope: ElectionScope, candidate_id: int, department: str, *,
                             passed: bool | None, reviewer: str, leader: str,
                             reviewed_on: date | None, finding: str = "",
                             refresh: bool = True) -> DepartmentReview:
    """One department's signed opinion (PT-26 “谁审核谁负责”: 经办人, 分管领导, date).

    ``refresh=False`` skips recomputing the candidate's status, for callers entering many
    opinions at once, which then call :func:`refresh_status` once.
    """
    row = candidate(scope, candidate_id)
    _nomination_required(scope, row)
    review = shared.store_review(scope.session, TABLES, row.id, department, departments(scope.profile),
                                 passed=passed, reviewer=reviewer, leader=leader, reviewed_on=reviewed_on,
                                 finding=finding)
    if refresh:
        _refresh(scope, row)
    return review


def _checks(scope: ElectionScope, row: PartyCandidate) -> list[DisqualifierCheck]:
    return shared.checks(scope.session, TABLES, row.id)


def _reviews(scope: ElectionScope, row: PartyCandidate) -> list[DepartmentReview]:
    return shared.reviews(scope.session, TABLES, row.id)


def _inspection(scope: ElectionScope, row: PartyCandidate) -> Inspection | None:
    return shared.inspection(scope.session, TABLES, row.id)


def review_state(scope: ElectionScope, row: PartyCandidate) -> ReviewState:
    """The candidate's review: what is missing and what disqualifies (SD-40 windows applied)."""
    return shared.review_state(scope.session, TABLES, row.id, review_reference(scope, row), scope.profile,
                               departments(scope.profile))


def _derived_status(scope: ElectionScope, row: PartyCandidate, state: ReviewState) -> tuple[str, str]:
    if state.reasons:
        return "disqualified", "取消资格：" + "；".join(state.reasons)
    if not state.complete:
        return "initial", ""
    inspection = _inspection(scope, row)
    if inspection is None or inspection.approved is None:
        return "reviewed", ""
    if not inspection.approved:
        return "not_approved", "考察未通过：" + inspection.conclusion
    return ("preliminary" if row.preliminary_office else "inspected"), ""


def _refresh(scope: ElectionScope, row: PartyCandidate) -> None:
    status, reason = _derived_status(scope, row, review_state(scope, row))
    row.status, row.status_reason = status, reason  # the nomination reason is a field of its own
    if status not in PASSED:
        row.preliminary_office = ""
    scope.session.flush()


def refresh_status(scope: ElectionScope, candidate_id: int) -> None:
    """Recompute the candidate's status from the review and the inspection."""
    _refresh(scope, candidate(scope, candidate_id))


def refresh_all(scope: ElectionScope) -> None:
    """Recompute every candidate's status (after the profile or the reference date changed)."""
    for row in candidates(scope):
        _refresh(scope, row)


def qualification_check(scope: ElectionScope) -> Findings:
    """Every candidate answered on all ten items and reviewed by every department (PT-26, SD-40)."""
    findings = Findings()
    everyone = candidates(scope)
    if not everyone:
        findings.add(msg("尚无初步人选"), "PT-10")
    for row in everyone:
        state = review_state(scope, row)
        if _derived_status(scope, row, state)[0] != row.status:
            findings.add(msg("{name}的审查结论须按现行设置重新计算", name=row.name), "PT-26",
                         subjects=[row.id])
        if state.reasons:
            findings.add(msg("{name}已取消候选人资格：{reason}", name=row.name,
                             reason="；".join(state.reasons)), "PT-26 SD-40", Severity.WARNING, [row.id])
            continue
        missing = []
        if nomination_day(scope, row) is None:
            missing.append("尚未记录提名日期（“十不选”的时间范围从提名日起算）")
        elif state.reference is None:
            findings.add(msg("{name}：尚未设定党员大会选举日，无法计算“十不选”的时间范围", name=row.name),
                         "SD-40", subjects=[row.id])
        if state.missing_items:
            missing.append("“十不选”第{}项未填写".format("、".join(map(str, state.missing_items))))
        if state.missing_departments:
            missing.append("{}尚未出具审查意见".format("、".join(state.missing_departments)))
        if missing:
            findings.add(msg("{name}：{missing}", name=row.name, missing="；".join(missing)),
                         "PT-26 SD-40", subjects=[row.id])
    return findings


# --- Inspection (PT-27) ------------------------------------------------------------------

def record_inspection(scope: ElectionScope, candidate_id: int, data: InspectionInput) -> Inspection:
    """Record the inspection; a candidate not approved leaves the list (status not_approved)."""
    row = candidate(scope, candidate_id)
    errors: dict[str, Msg] = {}
    if row.status == "disqualified":
        errors["candidate"] = msg("{name}已取消候选人资格，不再考察", name=row.name)
    elif row.status == "initial":
        errors["candidate"] = msg("{name}的资格联审尚未完成", name=row.name)
    errors.update(shared.inspection_errors(data))
    if errors:
        raise InvalidInput(errors)
    inspection = shared.store_inspection(scope.session, TABLES, row.id, data)
    _refresh(scope, row)
    return inspection


def inspection_input(scope: ElectionScope, candidate_id: int) -> InspectionInput | None:
    """The recorded inspection of one candidate (None before it is recorded)."""
    inspection = _inspection(scope, candidate(scope, candidate_id))
    return shared.input_of(inspection) if inspection is not None else None


def inspection_check(scope: ElectionScope) -> Findings:
    """Every candidate who passed the review inspected and decided on (PT-27)."""
    findings = Findings()
    reviewed = candidates(scope, ["reviewed", "inspected", "preliminary", "not_approved"])
    if not reviewed:
        findings.add(msg("没有通过资格联审的人选"), "PT-26 PT-27")
    for row in reviewed:
        inspection = _inspection(scope, row)
        if inspection is None:
            findings.add(msg("{name}尚未考察", name=row.name), "PT-27", subjects=[row.id])
            continue
        missing = shared.inspection_missing(inspection)
        if missing:
            findings.add(msg("{name}的考察尚缺：{missing}", name=row.name, missing="、".join(missing)),
                         "PT-27", subjects=[row.id])
        elif not inspection.approved:
            findings.add(msg("{name}考察未通过，已移出人选名单：{conclusion}", name=row.name,
                             conclusion=inspection.conclusion), "PT-27", Severity.WARNING, [row.id])
    return findings


# --- What the GUI and the printed form show ----------------------------------------------

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
    nominated_on: date | None = None  # the recorded nomination date (SD-40)


def review_summary(scope: ElectionScope, candidate_id: int) -> QualificationFormData:
    """The 资格联审表 of one candidate (PT-26: items with evidence, departments with signatures)."""
    row = candidate(scope, candidate_id)
    profile, election = scope.profile, scope.election
    state = review_state(scope, row)
    member = scope.session.get(PartyMember, row.member_id) if row.member_id else None
    items = shared.item_lines(_checks(scope, row), state.reference, profile)
    lines = shared.department_lines(_reviews(scope, row), departments(profile))
    conclusion = shared.conclusion(state)
    age_day = age_reference(election, profile)
    return QualificationFormData(
        scope.township.name, scope.village.name, election.term_label, row.name, row.sex,
        member.ethnicity if member else "", row.birth_date,
        idcard.age_on(row.birth_date, age_day, profile.get("feb29_birthday")) if age_day else None,
        row.id_number, row.education, member.joined_on if member else None,
        member.current_post if member else "", OFFICE_LABELS[row.proposed_office],
        SOURCE_LABELS.get(row.source, row.source), row.nomination_reason,
        row.incumbent, state.reference, items, lines, conclusion, nomination_day(scope, row))


@dataclass(frozen=True)
class CandidateRow:
    """One candidate as the candidates table shows it."""

    id: int
    name: str
    id_number: str
    sex: str
    age: int | None
    education: str
    source: str  # label
    nomination_reason: str
    proposed_office: str  # office key
    proposed_office_label: str
    incumbent: bool
    status: str
    status_label: str
    reason: str  # why cancelled ("" otherwise)
    preliminary_office: str  # office key, "" when not a preliminary candidate
    preliminary_office_label: str
    items_answered: int
    items_total: int
    departments_done: int
    departments_total: int
    inspection: str  # 未考察 / 待审议 / 通过 / 未通过
    age_exception: str
    tiebreak: int
    nominated_on: date | None = None  # as recorded (SD-40); None until the clerk enters it

    @property
    def cancelled(self) -> bool:
        """Disqualified at the review or not approved at the inspection."""
        return self.status in CANCELLED

    @property
    def passed(self) -> bool:
        """Through the review and the inspection: may be chosen as a preliminary candidate."""
        return self.status in PASSED

    @property
    def review_complete(self) -> bool:
        """Every item answered and every department's opinion in."""
        return self.items_answered == self.items_total and self.departments_done == self.departments_total


def candidate_rows(scope: ElectionScope) -> list[CandidateRow]:
    """Every candidate in stroke order with the progress of their review and inspection."""
    profile = scope.profile
    day = age_reference(scope.election, profile)
    wanted = departments(profile)
    rows = []
    for c in candidates(scope):
        state = review_state(scope, c)
        inspection = _inspection(scope, c)
        decided = shared.inspection_label(inspection)
        rows.append(CandidateRow(
            c.id, c.name, c.id_number, c.sex,
            idcard.age_on(c.birth_date, day, profile.get("feb29_birthday")) if day else None,
            c.education, SOURCE_LABELS.get(c.source, c.source), c.nomination_reason,
            c.proposed_office, OFFICE_LABELS[c.proposed_office], c.incumbent, c.status,
            STATUS_LABELS[c.status], c.status_reason if c.status in CANCELLED else "",
            c.preliminary_office, OFFICE_LABELS.get(c.preliminary_office, ""),
            ITEM_COUNT - len(state.missing_items), ITEM_COUNT,
            len(wanted) - len(state.missing_departments), len(wanted), decided, c.age_exception,
            c.tiebreak, nomination_day(scope, c)))
    return rows


@dataclass(frozen=True)
class InspectionLine:
    """A candidate on the inspection page, with the inspection if recorded."""

    candidate: CandidateRow
    inspection: InspectionInput | None


def inspection_lines(scope: ElectionScope) -> list[InspectionLine]:
    """Candidates who passed the review (or were decided on at the inspection), with their inspection."""
    rows = [r for r in candidate_rows(scope) if r.status not in ("initial", "disqualified")]
    found = {i.candidate_id: shared.input_of(i) for i in scope.session.scalars(select(Inspection).where(
        Inspection.candidate_id.in_([r.id for r in rows])))}
    return [InspectionLine(r, found.get(r.id)) for r in rows]


# --- Publicity and approval (PT-17) -------------------------------------------------

def publicity_length(scope: ElectionScope, start: date, end: date) -> int:
    """Days of publicity, first and last day included; working days when the profile says so."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if not scope.profile.get("party_publicity_working"):
        return len(days)
    return sum(1 for day in days if scope.workdays.is_workday(day))


@dataclass(frozen=True)
class PublicityPlan:
    """The publicity as recorded, or a suggestion of the required length from today."""

    start: date
    end: date
    outcome: str
    recorded: bool
    required: int  # days, working days when ``working``
    working: bool


def publicity_plan(scope: ElectionScope) -> PublicityPlan:
    """The recorded publicity, else today for the required length (CONV-06)."""
    row = track(scope)
    required, working = scope.profile.days("party_publicity_days"), scope.profile.get("party_publicity_working")
    if row.publicity_start is not None and row.publicity_end is not None:
        return PublicityPlan(row.publicity_start, row.publicity_end, row.publicity_outcome, True,
                             required, working)
    start = scope.today
    end = (scope.workdays.add_working_days(scope.workdays.next_workday(start), required - 1)
           if working else start + timedelta(days=required - 1))
    return PublicityPlan(start, end, row.publicity_outcome, False, required, working)


def record_publicity(scope: ElectionScope, start: date | None, end: date | None,
                     outcome: str = "") -> Findings:
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
    row = track(scope, create=True)
    row.publicity_start, row.publicity_end, row.publicity_outcome = start, end, outcome.strip()
    scope.record_fact("party_publicity_started", start)
    return publicity_check(scope, over_by_today=False)


def publicity_check(scope: ElectionScope, *, over_by_today: bool = True) -> Findings:
    """Publicity recorded, long enough, over by the scope's today (unless told not to), outcome noted."""
    profile = scope.profile
    findings = Findings()
    if not candidates(scope, ["preliminary"]):
        findings.add(msg("尚未确定预备人选"), "PT-17")
    row = track(scope)
    if row.publicity_start is None or row.publicity_end is None:
        findings.add(msg("尚未记录预备人选公示的起止日期"), "PT-17")
        return findings
    required = profile.days("party_publicity_days")
    length = publicity_length(scope, row.publicity_start, row.publicity_end)
    unit = "个工作日" if profile.get("party_publicity_working") else "日"
    if length < required:
        findings.add(msg("公示期{start}至{end}共{k}{unit}，少于规定的{n}{unit}",
                         start=format_date(row.publicity_start), end=format_date(row.publicity_end),
                         k=length, n=required, unit=unit), "PT-17 CONV-06")
    if over_by_today and scope.today <= row.publicity_end:
        findings.add(msg("公示期到{end}才结束", end=format_date(row.publicity_end)), "PT-17")
    if not row.publicity_outcome:
        findings.add(msg("尚未记录公示结果（如“公示期间未收到反映”）"), "PT-17")
    return findings


def record_request(scope: ElectionScope, request_on: date | None) -> PartyTrack:
    """The day the village Party organisation asked the township to approve (请示)."""
    if request_on is None:
        raise InvalidInput({"request_on": msg("请填写请示日期")})
    row = track(scope, create=True)
    row.request_on = request_on
    scope.session.flush()
    return row


def record_reply(scope: ElectionScope, reply_on: date | None, reply_number: str,
                 reply_text: str = "") -> PartyTrack:
    """The township's written approval (批复); records the fact ``party_approval``."""
    row = track(scope)
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
    scope.record_fact("party_approval", reply_on)
    return row


def approval_check(scope: ElectionScope) -> Findings:
    """请示 after the publicity, 批复 recorded and not before the publicity ended (PT-17)."""
    findings = Findings()
    row = track(scope)
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
