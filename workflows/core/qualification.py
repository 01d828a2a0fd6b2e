"""The joint qualification review both tracks share: 十不选, department opinions, inspection.

The Party track's initial candidates (PT-26, PT-27) and the villager-committee nominees
(SD-24: the village's and the township's first review, then the county departments, and the
township Party committee's inspection) are reviewed alike: each of the ten 十不选 items
(SD-40) is answered with evidence, every reviewing unit of the profile gives a signed
opinion (“谁审核谁负责”: 经办人, 分管领导, date), and a found item inside its time window or
any unit's “有问题” cancels the candidacy. Each track keeps its own tables with the same
columns and an owner column ``candidate_id`` (:class:`ReviewTables`); this module stores and
reads them, applies the time windows and builds what the screens and the 资格联审表 show.
What a status becomes is the track's own business.

Time windows (SD-40, CONV-01) count back from a reference day the track chooses (the
recorded nomination date, or the election day when the profile says so). Their lengths come
from the township's profile: “近N年” (``disqualifier_recent_years``) is a period *within* N
years before the reference date, and 《民法典》 art. 1259 counts “以内” with its boundary — an
event exactly N years before the reference date is inside, one day earlier is outside.
“未满M年” (``disqualifier_bribery_years``) excludes the boundary: exactly M years back the M
years are complete (已满), so the item no longer applies; one day less is inside. Dates are
shifted by calendar years (29 February → 28 February, 民法典 art. 202). A found item without
an event date is counted (e.g. an investigation still under way).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflows.core.errors import InvalidInput
from workflows.core.policy import RulesProfile
from workflows.core.text import Msg, format_date, msg

# SD-40 十不选, as worded in rules-reference 5.5 (seed 003 三(一)); the time windows are the
# profile's (disqualifier_recent_years, disqualifier_bribery_years).
DISQUALIFIER_ITEMS = (
    "政治上“两面人”，政治觉悟不高、组织观念不强、法治意识淡薄",
    "受过刑事处罚，存在“村霸”和涉黑涉恶问题，加入邪教、组织或参与非法宗教活动",
    "因涉黄、涉赌、涉毒或聚众斗殴、敲诈勒索、非法拘禁等受过行政处罚",
    "不担当不作为、长期不履职，近{recent}年考核不称职或被评为不合格党员；近{recent}年目标考核连续排名倒数3位的村",
    "近{recent}年受过撤销党内职务及以上党纪处分、撤职及以上（政务）处分，或涉嫌严重违纪违法正在接受立案审查调查",
    "有严重危害集体利益和群众合法权益行为",
    "有严重违法用地、违章建房、损害生态环境、严重失信等行为尚未整改",
    "非法组织、参与集体上访，影响社会稳定",
    "道德品行低劣、群众普遍反映不好",
    "因拉票贿选或其他不正当竞争行为被查处未满{bribery}年，或以暴力、威胁、贿赂、欺骗等手段破坏、妨碍选举",
)
ITEM_COUNT = len(DISQUALIFIER_ITEMS)
RECENT_ITEMS = (4, 5)  # “近N年” (disqualifier_recent_years), boundary inside
BRIBERY_ITEMS = (10,)  # “未满N年” (disqualifier_bribery_years), boundary outside

# The levels of the review (SD-24 村、乡镇、县三级联审; PT-26 镇党委初审, then the county).
VILLAGE, TOWNSHIP, COUNTY = "village", "township", "county"
TOWNSHIP_PREFIXES = ("镇党委", "乡党委", "乡镇党委", "街道党工委")  # as printing.documents.qualification_form


def review_level(unit: str) -> str:
    """Which level a reviewing unit of the profile belongs to: the village's first review
    (a unit named 村…), the township's (乡镇…, 镇党委…, or …初审), else a county department."""
    name = unit.strip()
    if name.startswith("村"):
        return VILLAGE
    if "初审" in name or name.startswith(TOWNSHIP_PREFIXES):
        return TOWNSHIP
    return COUNTY


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February (民法典 art. 202)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def disqualifier_items(profile: RulesProfile) -> tuple[str, ...]:
    """The ten items with the profile's time windows (item ``n`` at index ``n - 1``)."""
    return tuple(item.format(recent=profile.get("disqualifier_recent_years"),
                             bribery=profile.get("disqualifier_bribery_years"))
                 for item in DISQUALIFIER_ITEMS)


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


def window_text(item: int, reference: date | None, profile: RulesProfile) -> str:
    """“近3年：2018年1月1日以后（含当日）” for a windowed item, "" otherwise or without a reference."""
    window = window_start(item, reference, profile) if reference else None
    if window is None:
        return ""
    start, inclusive = window
    if inclusive:
        return f"近{profile.get('disqualifier_recent_years')}年：{format_date(start)}以后（含当日）"
    return f"未满{profile.get('disqualifier_bribery_years')}年：{format_date(start)}以后（不含当日）"


def units(profile: RulesProfile, key: str) -> list[str]:
    """The reviewing units a profile list names (``review_departments`` …), in its order."""
    return [d.strip() for d in profile.get(key) if d.strip()]


# --- Storage -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewTables:
    """A track's three review tables, each with an owner column ``candidate_id``.

    ``check``: item, found, evidence, event_on; ``review``: department, passed, finding,
    reviewer, leader, reviewed_on; ``inspection``: the fields of :class:`InspectionInput`.
    """

    check: type
    review: type
    inspection: type


@dataclass(frozen=True)
class CheckAnswer:
    """The answer to one 十不选 item."""

    item: int
    found: bool
    evidence: str = ""
    event_on: date | None = None


def checks(session: Session, tables: ReviewTables, owner_id: int) -> list:
    """The stored answers of one candidate, by item."""
    model = tables.check
    return list(session.scalars(select(model).where(model.candidate_id == owner_id).order_by(model.item)))


def reviews(session: Session, tables: ReviewTables, owner_id: int) -> list:
    """The stored unit opinions of one candidate."""
    model = tables.review
    return list(session.scalars(select(model).where(model.candidate_id == owner_id)))


def inspection(session: Session, tables: ReviewTables, owner_id: int):
    """The stored inspection of one candidate, or None."""
    model = tables.inspection
    return session.scalars(select(model).where(model.candidate_id == owner_id)).first()


def store_checks(session: Session, tables: ReviewTables, owner_id: int, answers: Iterable[CheckAnswer]) -> None:
    """Store answers to the 十不选 items, all validated before any is stored."""
    answers = list(answers)
    errors = {}
    for answer in answers:
        if not 1 <= answer.item <= ITEM_COUNT:
            errors[f"item{answer.item}"] = msg("“十不选”只有第1～{n}项", n=ITEM_COUNT)
        elif answer.found and not answer.evidence.strip():
            errors[f"item{answer.item}"] = msg("第{item}项勾选为“是”，请填写依据", item=answer.item)
    if errors:
        raise InvalidInput(errors)
    existing = {c.item: c for c in checks(session, tables, owner_id)}
    for answer in answers:
        check = existing.get(answer.item)
        if check is None:
            check = tables.check(candidate_id=owner_id, item=answer.item)
            session.add(check)
        check.found, check.evidence, check.event_on = answer.found, answer.evidence.strip(), answer.event_on
    session.flush()


def store_review(session: Session, tables: ReviewTables, owner_id: int, department: str,
                 wanted: Sequence[str], *, passed: bool | None, reviewer: str, leader: str,
                 reviewed_on: date | None, finding: str = ""):
    """One unit's signed opinion (“谁审核谁负责”: 经办人, 分管领导, date); ``wanted`` are the
    profile's units. Refused whole when anything is missing."""
    errors = {}
    if department not in wanted:
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
    review = next((r for r in reviews(session, tables, owner_id) if r.department == department), None)
    if review is None:
        review = tables.review(candidate_id=owner_id, department=department)
        session.add(review)
    review.passed, review.finding = passed, finding.strip()
    review.reviewer, review.leader, review.reviewed_on = reviewer.strip(), leader.strip(), reviewed_on
    session.flush()
    return review


# --- Where a review stands -------------------------------------------------------------------

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


def state_of(stored_checks: Iterable, stored_reviews: Iterable, reference: date | None,
             profile: RulesProfile, wanted: Sequence[str]) -> ReviewState:
    """What is missing and what disqualifies, from stored (or entered) answers and opinions.

    The rows need only the attributes of the tables (``item, found, evidence, event_on``
    and ``department, passed, finding``), so a screen can ask before it stores.
    """
    stored_checks = sorted(stored_checks, key=lambda c: c.item)
    by_unit = {r.department: r for r in stored_reviews}
    titles = disqualifier_items(profile)
    reasons = [f"“十不选”第{c.item}项（{titles[c.item - 1]}）：{c.evidence}"
               for c in stored_checks if c.found and in_window(c.item, c.event_on, reference, profile)]
    reasons += [f"{name}审查有问题：{by_unit[name].finding}" for name in wanted
                if name in by_unit and by_unit[name].passed is False]
    answered = {c.item for c in stored_checks}
    return ReviewState(reference, tuple(i for i in range(1, ITEM_COUNT + 1) if i not in answered),
                       tuple(name for name in wanted if name not in by_unit), tuple(reasons))


def review_state(session: Session, tables: ReviewTables, owner_id: int, reference: date | None,
                 profile: RulesProfile, wanted: Sequence[str]) -> ReviewState:
    """The stored review of one candidate (SD-40 windows applied)."""
    return state_of(checks(session, tables, owner_id), reviews(session, tables, owner_id), reference,
                    profile, wanted)


def conclusion(state: ReviewState) -> str:
    """符合条件 / 取消资格：… / 审查未完成, as the form and the tables print it."""
    if state.reasons:
        return "取消资格：" + "；".join(state.reasons)
    return "符合条件" if state.complete else "审查未完成"


@dataclass(frozen=True)
class DisqualifierLine:
    """One 十不选 item on the 资格联审表."""

    number: int
    title: str
    found: bool | None  # None: not yet answered
    answer: str  # “是”, “否”, or "" (not yet answered), as printed
    evidence: str
    event_on: date | None
    counted: bool  # found and inside its time window: disqualifies
    window: str  # e.g. “近3年：2018年1月1日以后”, "" for items without a window


@dataclass(frozen=True)
class DepartmentLine:
    """One department's opinion on the 资格联审表."""

    department: str
    passed: bool | None  # None: not yet reviewed
    result: str  # “无问题”, “有问题”, or "" (not yet reviewed), as printed
    finding: str
    reviewer: str
    leader: str
    reviewed_on: date | None


def item_lines(stored_checks: Iterable, reference: date | None,
               profile: RulesProfile) -> tuple[DisqualifierLine, ...]:
    """The ten items with their answers and windows, in order."""
    by_item = {c.item: c for c in stored_checks}
    lines = []
    for number, title in enumerate(disqualifier_items(profile), start=1):
        check = by_item.get(number)
        found = check.found if check is not None else None
        counted = bool(found and in_window(number, check.event_on, reference, profile))
        lines.append(DisqualifierLine(number, title, found, "" if found is None else "是" if found else "否",
                                      check.evidence if check else "", check.event_on if check else None,
                                      counted, window_text(number, reference, profile)))
    return tuple(lines)


def department_lines(stored_reviews: Iterable, wanted: Sequence[str]) -> tuple[DepartmentLine, ...]:
    """Every wanted unit with its opinion (empty until recorded), in the profile's order."""
    by_unit = {r.department: r for r in stored_reviews}
    lines = []
    for name in wanted:
        review = by_unit.get(name)
        passed = review.passed if review is not None else None
        lines.append(DepartmentLine(name, passed, "" if passed is None else "无问题" if passed else "有问题",
                                    review.finding if review else "", review.reviewer if review else "",
                                    review.leader if review else "",
                                    review.reviewed_on if review else None))
    return tuple(lines)


# --- Inspection (PT-27, SD-24) -------------------------------------------------------------------

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


NUMBERS = ("assessed", "excellent", "competent", "basically", "incompetent", "talks")


def inspection_errors(data: InspectionInput) -> dict[str, Msg]:
    """What is wrong with an inspection's entries (empty when it may be stored)."""
    errors: dict[str, Msg] = {}
    for name in NUMBERS:
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
    return errors


def store_inspection(session: Session, tables: ReviewTables, owner_id: int, data: InspectionInput):
    """Store an inspection already checked with :func:`inspection_errors`."""
    row = inspection(session, tables, owner_id)
    if row is None:
        row = tables.inspection(candidate_id=owner_id)
        session.add(row)
    for name in NUMBERS + ("site_visit_on", "approved", "approved_on"):
        setattr(row, name, getattr(data, name))
    row.conclusion, row.approved_by = data.conclusion.strip(), data.approved_by.strip()
    session.flush()
    return row


def input_of(row) -> InspectionInput:
    """A stored inspection as the dialogs' input."""
    return InspectionInput(*(getattr(row, name) for name in InspectionInput.__dataclass_fields__))


def inspection_missing(row) -> list[str]:
    """What a stored inspection still lacks (民主测评, 个别谈话, 实地查看, 考察结论, 审议结果)."""
    return [label for label, done in (
        ("民主测评", row.assessed > 0), ("个别谈话", row.talks > 0),
        ("实地查看", row.site_visit_on), ("考察结论", row.conclusion),
        ("审议结果", row.approved is not None)) if not done]


def inspection_label(row) -> str:
    """未考察 / 待审议 / 通过 / 未通过."""
    return ("未考察" if row is None else "待审议" if row.approved is None
            else "通过" if row.approved else "未通过")
