"""The stage machine: both tracks of a village's election, their blockers and transitions.

Each stage is open, done, or reopened (with a reason). A stage can be completed only
when every earlier stage of its track is done and no blocker stands; blockers are
computed from the data by rules that stage modules register with
:func:`register_blockers` (see ``workflows/<domain>/stage_rules``), never by a central switch.
Every transition is written to the audit log with the operator and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from models import StageState
from workflows.core import audit
from workflows.core.calendar import Kind, Status
from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.text import N_, Msg, format_date, msg


class Track(StrEnum):
    """The two tracks of a village election."""

    PARTY = "party"
    VC = "vc"


TRACK_LABELS = {Track.PARTY: N_("村党组织换届"), Track.VC: N_("村民委员会换届")}


class StageStatus(StrEnum):
    """Stored status of a stage."""

    OPEN = "open"
    DONE = "done"
    REOPENED = "reopened"


STATUS_LABELS = {
    StageStatus.OPEN: N_("进行中"),
    StageStatus.DONE: N_("已完成"),
    StageStatus.REOPENED: N_("已重新打开"),
}


class StageMark(StrEnum):
    """Where a stage stands, as the navigator and the stage page say it."""

    DONE = "done"
    DONE_WITHOUT_RECORD = "done_without_record"  # completed before its work was supported
    LATE = "late"
    REOPENED = "reopened"
    CURRENT = "current"
    PENDING = "pending"


MARK_LABELS = {
    StageMark.DONE: N_("已完成"),
    StageMark.DONE_WITHOUT_RECORD: N_("已完成（无记录）"),
    StageMark.LATE: N_("已逾期"),
    StageMark.REOPENED: N_("已重新打开"),
    StageMark.CURRENT: N_("进行中"),
    StageMark.PENDING: N_("未开始"),
}


@dataclass(frozen=True)
class StageDef:
    """One step of a track, in order."""

    key: str
    title: str
    summary: str
    rule_ids: tuple[str, ...] = ()

    @property
    def track(self) -> Track:
        """The track this stage belongs to."""
        return Track(self.key.split(".", 1)[0])


def _s(key: str, title: str, summary: str, rules: str = "") -> StageDef:
    return StageDef(key, title, summary, tuple(rules.split()))


PARTY_STAGES = (
    _s("party.recommendation", N_("两推（党员推荐、群众推荐）"),
       N_("分别召开党员大会和村民（代表）会议全额推荐"), "PT-09 PT-10"),
    _s("party.initial_candidates", N_("确定候选人初步人选"),
       N_("按不少于应选人数的规定倍数提出初步人选"), "PT-10 SD-10"),
    _s("party.qualification", N_("资格联审"), N_("镇党委初审、县级部门联审，“十不选”"),
       "PT-26 SD-40"),
    _s("party.inspection", N_("组织考察"), N_("民主测评、个别谈话、实地查看"), "PT-27"),
    _s("party.preliminary", N_("确定候选人预备人选"), N_("委员预备人选比应选人数多1人"),
       "PT-16 PT-17"),
    _s("party.publicity", N_("预备人选公示"), N_("在全村范围内公示预备人选"), "PT-17"),
    _s("party.approval", N_("请示与镇党委批复"), N_("公示后向镇党委请示，镇党委批复"), "PT-17"),
    _s("party.meeting", N_("党员大会选举"), N_("确定应到会人数，差额选举委员会"),
       "PT-06 PT-07 PT-08 PT-13 PT-18"),
    _s("party.officers", N_("选举书记、副书记"), N_("委员会全体会议等额选举书记、副书记"),
       "PT-18 PT-19"),
    _s("party.report", N_("选举结果报告与批复"), N_("向镇党委书面报告选举情况，镇党委批复"),
       "PT-21"),
)
VC_STAGES = (
    _s("vc.election_committee", N_("推选村民选举委员会"), N_("推选选举委员会并公布名单"),
       "VC-05 GC-01 GC-02 SD-21"),
    _s("vc.registration", N_("选民登记与名单公布"), N_("登记选民，在法定期限前公布名单，处理异议"),
       "VC-07 VC-08 VC-09 VC-10 VC-11"),
    _s("vc.nomination", N_("海选提名"), N_("由登记选民直接提名候选人"), "VC-12 GC-19"),
    _s("vc.qualification", N_("候选人资格审查"), N_("村、乡镇、县三级联审和考察"),
       "SD-24 SD-40"),
    _s("vc.formal_candidates", N_("公布正式候选人"), N_("在法定期限前分职务按规定顺序公布"),
       "VC-13 SD-24 SO-01"),
    _s("vc.vote_notice", N_("投票公告与委托投票"), N_("提前公布投票时间、地点、方式，办理委托"),
       "SD-26 VC-19"),
    _s("vc.vote", N_("投票选举与公开计票"), N_("无记名投票、公开计票、当场公布结果"),
       "VC-15 VC-16 VC-17 VC-18"),
    _s("vc.results", N_("选举结果与当选证书"), N_("公布结果、报乡镇备案、颁发当选证书"),
       "GC-17"),
    _s("vc.supervision", N_("推选村务监督委员会"), N_("推选村务监督委员会，排除村委会成员及其近亲属"),
       "VC-30 SD-28"),
    _s("vc.handover", N_("工作移交"), N_("新一届村委会产生后在法定期限内完成移交"), "VC-26 SD-32"),
    _s("vc.archive", N_("选举档案归档"), N_("选举文件和选票建档保存"), "VC-32 GC-09"),
)
STAGES: dict[str, StageDef] = {stage.key: stage for stage in PARTY_STAGES + VC_STAGES}
TRACK_STAGES = {Track.PARTY: PARTY_STAGES, Track.VC: VC_STAGES}


BlockerRule = Callable[[ElectionScope, StageDef], list[Finding]]
_SUPPORTED: set[str] = set()


def register_work(*stage_keys: str) -> None:
    """A domain declares that it implements these stages' work (their page and rules).

    A stage nobody implements yet cannot be completed at all: a stage is done only when
    its work is done, never on dates alone.
    """
    _SUPPORTED.update(stage_keys)


def is_supported(stage_key: str) -> bool:
    """Whether some domain implements the stage's work."""
    from workflows.core.domains import load_stage_rules

    load_stage_rules()
    return stage_key in _SUPPORTED
_BLOCKERS: dict[str, list[BlockerRule]] = {}
ALL_STAGES = "*"


def register_blockers(*stage_keys: str) -> Callable[[BlockerRule], BlockerRule]:
    """Decorator: attach a blocker rule to stages (``"*"`` for every stage, ``"vc.*"`` per track)."""

    def decorate(rule: BlockerRule) -> BlockerRule:
        for key in stage_keys:
            _BLOCKERS.setdefault(key, []).append(rule)
        return rule

    return decorate


def _rules_for(stage: StageDef) -> list[BlockerRule]:
    from workflows.core.domains import load_stage_rules

    load_stage_rules()

    keys = (ALL_STAGES, f"{stage.track}.*", stage.key)
    return [rule for key in keys for rule in _BLOCKERS.get(key, [])]


@dataclass(frozen=True)
class StageReport:
    """A stage as the stage page shows it."""

    stage: StageDef
    status: StageStatus
    blockers: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def can_advance(self) -> bool:
        """Whether the stage may be completed now."""
        return self.status != StageStatus.DONE and not self.blockers


def evaluate(context: ElectionScope, stage_key: str) -> StageReport:
    """Compute a stage's blockers and warnings from the data."""
    stage = STAGES[stage_key]
    if not is_supported(stage_key):
        return StageReport(stage, context.status(stage_key), [Finding(msg(
            "本阶段的工作尚未支持：程序还不能记录本阶段的工作，因此不能完成本阶段"))])
    findings = [finding for rule in _rules_for(stage) for finding in rule(context, stage)]
    findings += _order_blockers(context, stage)
    findings += _deadline_blockers(context, stage)
    return StageReport(
        stage,
        context.status(stage_key),
        [f for f in findings if f.severity == Severity.BLOCKER],
        [f for f in findings if f.severity == Severity.WARNING],
    )


def _order_blockers(context: ElectionScope, stage: StageDef) -> list[Finding]:
    stages = TRACK_STAGES[stage.track]
    index = stages.index(stage)
    pending = [s for s in stages[:index] if not context.is_done(s.key)]
    if not pending:
        return []
    return [Finding(msg("前一阶段“{title}”尚未完成", title=pending[-1].title))]


def _deadline_blockers(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Deadlines of this stage that were missed or not yet recorded."""
    blockers = []
    for milestone in context.schedule.for_stage(stage.key):
        if milestone.kind != Kind.DEADLINE:
            continue
        rules = milestone.rule_ids
        if milestone.status == Status.LATE:
            blockers.append(Finding(msg(
                "“{title}”最迟应于{due}完成，已逾期{days}日。须依法调整选举日，或补正后重新公布",
                title=milestone.title, due=format_date(milestone.due), days=-milestone.days_left),
                rules))
        elif milestone.done_late_by:
            blockers.append(Finding(msg(
                "“{title}”于{done}完成，晚于法定最迟日期{due}，相差{days}日",
                title=milestone.title, done=format_date(milestone.done_on),
                due=format_date(milestone.due), days=milestone.done_late_by), rules))
        elif milestone.status != Status.DONE:
            blockers.append(Finding(msg(
                "尚未记录“{title}”的日期（最迟{due}）", title=milestone.title,
                due=format_date(milestone.due)), rules))
    return blockers


@dataclass(frozen=True)
class Check:
    """The answer of a ``prepare`` step: ok, or the reasons why not."""

    ok: bool
    reasons: list[Msg] = field(default_factory=list)


def check_advance(context: ElectionScope, stage_key: str, completed_on: date) -> Check:
    """Can the stage be marked done on ``completed_on``? (prepare, changes nothing)."""
    report = evaluate(context, stage_key)
    reasons = [blocker.message for blocker in report.blockers]
    if report.status == StageStatus.DONE:
        reasons.insert(0, msg("该阶段已完成"))
    if completed_on > context.today:
        reasons.append(msg("完成日期{day}晚于今天", day=format_date(completed_on)))
    return Check(not reasons, reasons)


def advance(context: ElectionScope, stage_key: str, completed_on: date, note: str = "") -> None:
    """Mark the stage done (apply); raises ``ValueError`` if :func:`check_advance` refuses."""
    check = check_advance(context, stage_key, completed_on)
    if not check.ok:
        raise ValueError("；".join(str(reason) for reason in check.reasons))
    stage = STAGES[stage_key]
    _set_state(context, stage_key, StageStatus.DONE, note, completed_on)
    context.session.flush()  # the state's own events first: the anchor is the head before this one
    anchor = audit.head(context.session)
    audit.record(
        context.session, "stage.advance",
        f"完成阶段“{stage.title}”（完成日期 {format_date(completed_on)}，审计锚点 {anchor.code}）"
        + (f"：{note}" if note else ""),
        entity="stage_state", scope=audit.Scope(election_id=context.election.id),
        details={"stage": stage_key, "completed_on": completed_on.isoformat(), "note": note,
                 "anchor": anchor.code, "anchor_event": anchor.event_id},
    )


def check_reopen(context: ElectionScope, stage_key: str, reason: str) -> Check:
    """Can the stage be reopened? A reason is required (prepare)."""
    reasons = []
    if context.status(stage_key) != StageStatus.DONE:
        reasons.append(msg("只有已完成的阶段才能重新打开"))
    if not reason.strip():
        reasons.append(msg("请填写重新打开的理由"))
    return Check(not reasons, reasons)


def later_done_stages(context: ElectionScope, stage_key: str) -> list[StageDef]:
    """Done stages after ``stage_key`` in its track, which reopening also reopens."""
    stage = STAGES[stage_key]
    stages = TRACK_STAGES[stage.track]
    return [s for s in stages[stages.index(stage) + 1:] if context.is_done(s.key)]


def reopen(context: ElectionScope, stage_key: str, reason: str) -> list[str]:
    """Reopen a done stage and every later done stage of its track; returns their keys."""
    check = check_reopen(context, stage_key, reason)
    if not check.ok:
        raise ValueError("；".join(str(r) for r in check.reasons))
    keys = [stage_key] + [s.key for s in later_done_stages(context, stage_key)]
    for key in keys:
        _set_state(context, key, StageStatus.REOPENED, reason, None)
        audit.record(
            context.session, "stage.reopen", f"重新打开阶段“{STAGES[key].title}”：{reason}",
            entity="stage_state", scope=audit.Scope(election_id=context.election.id),
            details={"stage": key, "reason": reason, "cause": stage_key},
        )
    return keys


def _set_state(
    context: ElectionScope, key: str, status: StageStatus, reason: str, completed_on: date | None
) -> None:
    state = context.states.get(key)
    if state is None:
        state = StageState(election_id=context.election.id, stage_key=key)
        context.session.add(state)
        context.states[key] = state
    state.status = status.value
    state.reason = reason
    state.completed_on = completed_on
    state.changed_at = datetime.now(UTC)
    state.changed_by = context.session.info.get("operator", "")
    context.session.flush()


def current_stage(context: ElectionScope, track: Track) -> StageDef | None:
    """The first stage of the track not yet done; None when the track is finished."""
    return next((s for s in TRACK_STAGES[track] if not context.is_done(s.key)), None)


@dataclass(frozen=True)
class TrackView:
    """One track in the stage navigator: its stages with their marks, and the current one."""

    track: Track
    current: StageDef | None
    stages: list[tuple[StageDef, StageMark]]


def navigator(scope: ElectionScope) -> list[TrackView]:
    """Both tracks with each stage marked done, late, reopened, current or pending."""
    late_stages = {m.stage_key for m in scope.schedule.milestones if m.status == Status.LATE}
    views = []
    for track in Track:
        current = current_stage(scope, track)
        marked = [(stage, _mark(scope, stage, current, late_stages)) for stage in TRACK_STAGES[track]]
        views.append(TrackView(track, current, marked))
    return views


def mark_of(scope: ElectionScope, stage_key: str) -> StageMark:
    """Where one stage stands (the stage page's status line)."""
    stage = STAGES[stage_key]
    late = {m.stage_key for m in scope.schedule.milestones if m.status == Status.LATE}
    return _mark(scope, stage, current_stage(scope, stage.track), late)


def _mark(scope: ElectionScope, stage: StageDef, current: StageDef | None,
          late_stages: set[str]) -> StageMark:
    status = scope.status(stage.key)
    if status == StageStatus.DONE:
        return StageMark.DONE if scope.is_done(stage.key) else StageMark.DONE_WITHOUT_RECORD
    if stage.key in late_stages:
        return StageMark.LATE
    if status == StageStatus.REOPENED:
        return StageMark.REOPENED
    if current is not None and stage.key == current.key:
        return StageMark.CURRENT
    return StageMark.PENDING


@dataclass(frozen=True)
class StageView:
    """One stage as its page shows it: the report, its deadlines and the calendar's warnings."""

    report: StageReport
    mark: StageMark
    milestones: list
    calendar_warnings: list[Msg]
    later_done: list[StageDef]


def stage_view(scope: ElectionScope, stage_key: str) -> StageView:
    """Blockers, warnings, deadlines and the stages a reopening would take along."""
    return StageView(evaluate(scope, stage_key), mark_of(scope, stage_key),
                     scope.schedule.for_stage(stage_key), scope.schedule.warnings,
                     later_done_stages(scope, stage_key))
