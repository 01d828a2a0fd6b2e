"""The qualification review and inspection of villager-committee candidates (SD-24, SD-40).

Each nominee chosen as a candidate of an office (status ``candidate``) is reviewed like a
Party initial candidate (:mod:`workflows.core.qualification`): the ten 十不选 items with their
windows counted back from the nominee's recorded nomination date (``vc_candidate.nominated_on``;
the committee election day when the profile says so), and a signed opinion of every unit of
``vc_review_departments`` — the village's and the township's first review and the county
departments (SD-24 村、乡镇、县三级联审). The township Party committee then inspects those who
passed (SD-24 经乡镇党委考察), recorded like the Party track's (PT-27).

The review decides: a found item inside its window, a unit's “有问题” or an inspection not
approved cancels the candidacy through ``candidates.disqualify`` (the next nominee of the
ranking moves up and is reviewed in turn); a candidate through both is confirmed as a formal
candidate through ``candidates.confirm``. Screens read :class:`NomineeRow`,
:class:`ReviewForm` and hand back ids and :class:`UnitOpinion` / ``InspectionInput``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import VcCandidate, VcDepartmentReview, VcDisqualifierCheck, VcInspection, VcNomineePost
from workflows.core import idcard, names
from workflows.core import qualification as shared
from workflows.core.errors import InvalidInput
from workflows.core.qualification import CheckAnswer, InspectionInput, ReviewState  # noqa: F401  (for the screens)
from workflows.core.scope import ElectionScope
from workflows.core.text import N_, Msg, msg
from workflows.villager.offices import OFFICE_LABELS, OFFICES, Office

TABLES = shared.ReviewTables(VcDisqualifierCheck, VcDepartmentReview, VcInspection)
RUNNING = ("candidate", "formal")  # under review, or confirmed and still liable to it
REVIEWED = RUNNING + ("disqualified",)  # what the page lists
STATUS_LABELS = {"candidate": N_("候选人（审查中）"), "formal": N_("已确定为正式候选人"),
                 "disqualified": N_("已取消资格")}
UNITS_KEY = "vc_review_departments"


def _candidates():
    """The nomination workflow (status changes and the ranking's moving up)."""
    from workflows.villager import candidates

    return candidates


# --- Who is reviewed -------------------------------------------------------------------------

def office_label(office: str) -> str:
    """主任 / 副主任 / 委员 for a stored office key."""
    return str(OFFICE_LABELS.get(Office(office), office)) if office in set(OFFICES) else office


def nominees(scope: ElectionScope, statuses: Iterable[str] = REVIEWED) -> list[VcCandidate]:
    """The reviewed nominees by office (主任, 副主任, 委员), each office in stroke order."""
    rows = scope.session.scalars(select(VcCandidate).where(
        VcCandidate.election_id == scope.election.id, VcCandidate.status.in_(list(statuses))))
    ordered = names.ordered(scope.session, sorted(rows, key=lambda c: c.id), lambda c: c.name)
    rank = {office.value: index for index, office in enumerate(OFFICES)}
    return sorted(ordered, key=lambda c: rank.get(c.office, len(rank)))


def nominee(scope: ElectionScope, candidate_id: int) -> VcCandidate:
    """One reviewed nominee of this election; refused otherwise."""
    row = scope.session.get(VcCandidate, candidate_id)
    if row is None or row.election_id != scope.election.id or row.status not in REVIEWED:
        raise InvalidInput({"candidate": msg("本村没有这名村委会候选人")})
    return row


def units(scope: ElectionScope) -> list[str]:
    """The reviewing units in the profile's order (SD-24: village, township, county)."""
    return shared.units(scope.profile, UNITS_KEY)


def review_reference(scope: ElectionScope, row: VcCandidate) -> date | None:
    """The day SD-40's windows count back from: the committee election day when the profile
    says so, else the nominee's recorded nomination date (None until recorded)."""
    if scope.profile.get("disqualifier_reference") == "election":
        return scope.election.committee_election_day
    return row.nominated_on


def _reference_required(scope: ElectionScope, row: VcCandidate) -> None:
    """The review is recorded only once its reference day is known (SD-40 counts from it)."""
    if row.nominated_on is None:
        raise InvalidInput({"nominated_on": msg(
            "{name}的提名日期尚未记录：“十不选”的时间范围从提名日起算，请先在“海选提名”中记录", name=row.name)})
    if review_reference(scope, row) is None:
        raise InvalidInput({"reference": msg("尚未设定村委会选举日，无法计算“十不选”的时间范围")})


def _running(row: VcCandidate) -> None:
    if row.status not in RUNNING:
        raise InvalidInput({"candidate": msg("{name}已取消候选人资格，不再审查", name=row.name)})


# --- Recording the review --------------------------------------------------------------------

@dataclass(frozen=True)
class UnitOpinion:
    """One unit's opinion as entered (None: the unit has not answered yet)."""

    department: str
    passed: bool | None
    finding: str = ""
    reviewer: str = ""
    leader: str = ""
    reviewed_on: date | None = None


def record_review(scope: ElectionScope, candidate_id: int, answers: Iterable[CheckAnswer],
                  opinions: Iterable[UnitOpinion] = ()) -> ReviewState:
    """Store answers and opinions (each unit refused on its own, nothing stored on any
    refusal), then settle the candidacy (:func:`settle`). Returns the review's state."""
    row = nominee(scope, candidate_id)
    _running(row)
    _reference_required(scope, row)
    errors: dict[str, Msg] = {}
    try:
        shared.store_checks(scope.session, TABLES, row.id, answers)
    except InvalidInput as refused:
        errors.update(refused.errors)
    wanted = units(scope)
    for opinion in opinions:
        if opinion.passed is None:
            continue
        try:
            shared.store_review(scope.session, TABLES, row.id, opinion.department, wanted,
                                passed=opinion.passed, reviewer=opinion.reviewer, leader=opinion.leader,
                                reviewed_on=opinion.reviewed_on, finding=opinion.finding)
        except InvalidInput as refused:
            index = wanted.index(opinion.department) if opinion.department in wanted else -1
            errors[f"department{index}"] = msg("{text}", text="；".join(str(m) for m in refused.errors.values()))
    if errors:
        raise InvalidInput(errors)
    settle(scope, row.id)
    return review_state(scope, row)


def preview(scope: ElectionScope, candidate_id: int, answers: Iterable[CheckAnswer],
            opinions: Iterable[UnitOpinion]) -> tuple[str, ...]:
    """What would cancel the candidacy if the entries were stored (changes nothing)."""
    row = nominee(scope, candidate_id)
    entered = [o for o in opinions if o.passed is not None]
    return shared.state_of(list(answers), entered, review_reference(scope, row), scope.profile,
                           units(scope)).reasons


def review_state(scope: ElectionScope, row: VcCandidate) -> ReviewState:
    """The nominee's review: what is missing and what disqualifies (SD-40 windows applied)."""
    return shared.review_state(scope.session, TABLES, row.id, review_reference(scope, row), scope.profile,
                               units(scope))


def _decided_on(scope: ElectionScope, row: VcCandidate, state: ReviewState) -> date:
    """The day a cancellation is dated: the latest opinion with a problem, else the latest
    opinion, else today (a 十不选 item found before any unit answered)."""
    opinions = shared.reviews(scope.session, TABLES, row.id)
    problems = [r.reviewed_on for r in opinions if r.passed is False and r.reviewed_on]
    dated = problems or [r.reviewed_on for r in opinions if r.reviewed_on]
    return max(dated) if dated else scope.today


def outcome(scope: ElectionScope, row: VcCandidate) -> tuple[str, str, date | None]:
    """What the review and the inspection say of a running nominee:
    ("disqualify", reason, day), ("confirm", "", day) or ("wait", "", None)."""
    state = review_state(scope, row)
    if state.reasons:
        return "disqualify", "资格审查未通过：" + "；".join(state.reasons), _decided_on(scope, row, state)
    if not state.complete:
        return "wait", "", None
    inspection = shared.inspection(scope.session, TABLES, row.id)
    if inspection is None or inspection.approved is None:
        return "wait", "", None
    if not inspection.approved:
        return "disqualify", "考察未通过：" + inspection.conclusion, inspection.approved_on
    return "confirm", "", inspection.approved_on


def settle(scope: ElectionScope, candidate_id: int) -> str:
    """Apply the outcome to a running nominee: cancel (the next of the ranking moves up) or
    confirm as a formal candidate. Returns the outcome's kind."""
    row = scope.session.get(VcCandidate, candidate_id)
    if row is None or row.status not in RUNNING:
        return "wait"
    kind, reason, day = outcome(scope, row)
    if kind == "disqualify":
        _candidates().disqualify(scope, row.id, reason, day)
    elif kind == "confirm" and row.status == "candidate":
        _candidates().confirm(scope, row.id, day)
    scope.session.flush()
    return kind


def settle_all(scope: ElectionScope) -> None:
    """Settle every running nominee (after the profile's windows or units changed)."""
    for row in nominees(scope, RUNNING):
        settle(scope, row.id)


# --- The inspection (SD-24 经乡镇党委考察) ------------------------------------------------------

def record_inspection(scope: ElectionScope, candidate_id: int, data: InspectionInput) -> None:
    """Record the township Party committee's inspection; a decision settles the candidacy."""
    row = nominee(scope, candidate_id)
    errors: dict[str, Msg] = {}
    state = review_state(scope, row)
    if row.status not in RUNNING:
        errors["candidate"] = msg("{name}已取消候选人资格，不再考察", name=row.name)
    elif not state.complete:
        errors["candidate"] = msg("{name}的资格联审尚未完成", name=row.name)
    elif row.status == "formal" and data.approved is None:
        errors["approved"] = msg("{name}已确定为正式候选人，审议结果不能改回“待审议”", name=row.name)
    errors.update(shared.inspection_errors(data))
    if errors:
        raise InvalidInput(errors)
    shared.store_inspection(scope.session, TABLES, row.id, data)
    settle(scope, row.id)


def inspection_input(scope: ElectionScope, candidate_id: int) -> InspectionInput | None:
    """The recorded inspection of one nominee (None before it is recorded)."""
    stored = shared.inspection(scope.session, TABLES, nominee(scope, candidate_id).id)
    return shared.input_of(stored) if stored is not None else None


# --- The nominee's present post (printed; SD-15 reads whether a 主任 nominee is new) -----------

def _post(scope: ElectionScope, candidate_id: int) -> VcNomineePost | None:
    return scope.session.scalars(select(VcNomineePost).where(VcNomineePost.candidate_id == candidate_id)).first()


def set_post(scope: ElectionScope, candidate_id: int, current_post: str, incumbent: bool) -> None:
    """Record the nominee's present post and whether they sit on the present committee."""
    row = nominee(scope, candidate_id)
    if len(current_post.strip()) > 60:
        raise InvalidInput({"current_post": msg("现任职务最多60个字")})
    post = _post(scope, row.id)
    if post is None:
        post = VcNomineePost(candidate_id=row.id)
        scope.session.add(post)
    post.current_post, post.incumbent = current_post.strip(), incumbent
    scope.session.flush()


def posts(scope: ElectionScope, ids: Sequence[int]) -> dict[int, VcNomineePost]:
    """The recorded posts of the given nominees by id."""
    if not ids:
        return {}
    return {p.candidate_id: p for p in scope.session.scalars(select(VcNomineePost).where(
        VcNomineePost.candidate_id.in_(list(ids))))}


# --- What the screens show ----------------------------------------------------------------------

@dataclass(frozen=True)
class NomineeRow:
    """One reviewed nominee with the progress of the review and the inspection."""

    id: int
    name: str
    sex: str
    age: int | None  # on the SD-13 age reference day
    office: str  # office key
    office_label: str
    status: str
    status_label: str
    reason: str  # why cancelled ("" otherwise)
    nominated_on: date | None
    reference: date | None
    items_answered: int
    items_total: int
    units_done: int
    units_total: int
    missing_units: tuple[str, ...]
    reasons: tuple[str, ...]  # what cancels (also for a row not yet settled)
    inspection: str  # 未考察 / 待审议 / 通过 / 未通过
    current_post: str
    incumbent: bool

    @property
    def running(self) -> bool:
        """Still a candidate (under review or confirmed)."""
        return self.status in RUNNING

    @property
    def review_complete(self) -> bool:
        """Every item answered and every unit's opinion in."""
        return self.items_answered == self.items_total and self.units_done == self.units_total


def age_reference(scope: ElectionScope) -> date | None:
    """The day ages are counted on (SD-13: the profile's date, else the committee election day)."""
    return scope.profile.reference_date("age_reference_date") or scope.election.committee_election_day


def nominee_rows(scope: ElectionScope) -> list[NomineeRow]:
    """Every reviewed nominee, by office and stroke order."""
    profile = scope.profile
    day = age_reference(scope)
    everyone = nominees(scope)
    recorded = posts(scope, [c.id for c in everyone])
    total = len(units(scope))
    rows = []
    for c in everyone:
        state = review_state(scope, c)
        post = recorded.get(c.id)
        rows.append(NomineeRow(
            c.id, c.name, c.sex,
            idcard.age_on(c.birth_date, day, profile.get("feb29_birthday")) if day else None,
            c.office, office_label(c.office), c.status, str(STATUS_LABELS.get(c.status, c.status)),
            c.status_reason if c.status == "disqualified" else "", c.nominated_on, state.reference,
            shared.ITEM_COUNT - len(state.missing_items), shared.ITEM_COUNT,
            total - len(state.missing_departments), total, state.missing_departments, state.reasons,
            shared.inspection_label(shared.inspection(scope.session, TABLES, c.id)),
            post.current_post if post else "", bool(post and post.incumbent)))
    return rows


@dataclass(frozen=True)
class ReviewForm:
    """One nominee's review as the editor shows it."""

    id: int
    name: str
    sex: str
    birth_date: date
    office_label: str
    nominated_on: date | None
    reference: date | None
    items: tuple[shared.DisqualifierLine, ...]
    units: tuple[shared.DepartmentLine, ...]
    levels: tuple[str, ...]  # village / township / county, one per unit
    conclusion: str


def review_form(scope: ElectionScope, candidate_id: int) -> ReviewForm:
    """The stored answers and opinions of one nominee (empty lines until entered)."""
    row = nominee(scope, candidate_id)
    state = review_state(scope, row)
    wanted = units(scope)
    return ReviewForm(row.id, row.name, row.sex, row.birth_date, office_label(row.office), row.nominated_on,
                      state.reference,
                      shared.item_lines(shared.checks(scope.session, TABLES, row.id), state.reference,
                                        scope.profile),
                      shared.department_lines(shared.reviews(scope.session, TABLES, row.id), wanted),
                      tuple(shared.review_level(name) for name in wanted), shared.conclusion(state))
