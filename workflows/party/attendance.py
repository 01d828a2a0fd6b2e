"""应到会人数 (PT-06, PT-07, PT-07a) and the quorum of the members' meeting (PT-08).

应到会人数 = members with voting rights (PT-04) − members validly not counted. A member
is not counted only after the member's and the family's views were sought, the township
Party committee agreed and the members' meeting adopted it (PT-07). The adoption happens
at the meeting itself, so before the meeting an agreed exclusion counts for the report to
the township but stays flagged as awaiting adoption. The categories are the township's
editable list (PT-07a).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import object_session

from models import AttendanceExclusion, MilestoneFact, PartyMember, PartyTrack
from workflows.core import audit
from workflows.core.errors import InvalidInput
from workflows.core.policy import RulesProfile
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, chinese_number, format_date, msg
from workflows.party.candidates import track as party_track
from workflows.party.roster import MemberChoice, eligible_members, member_status

FACT_KEY = "party_expected_attendance"  # the legal calendar's milestone (township/stage_rules/schedule.py)
_FIGURE_NOTE = re.compile(r"应到会(\d+)人")
AWAITING_ADOPTION = "尚待党员大会通过（PT-07）"


def _exclusion_name(exclusion: AttendanceExclusion) -> str:
    session = object_session(exclusion)
    member = session.get(PartyMember, exclusion.member_id) if session else None
    return member.name if member else exclusion.category


audit.register_entity_label("attendance_exclusion", "不计入应到会人数的党员")
audit.register_name_resolver("attendance_exclusion", _exclusion_name)


class ExclusionState(StrEnum):
    """Whether an exclusion reduces 应到会人数."""

    COUNTED = "counted"  # consent, approval and adoption recorded
    PENDING = "pending"  # agreed by the township, awaiting the meeting's adoption: counted, flagged
    INVALID = "invalid"  # consent or approval missing, or category not in the list: not counted
    VOID = "void"  # the member has no voting rights anyway: nothing to exclude


STATE_LABELS = {
    ExclusionState.COUNTED: "已生效",
    ExclusionState.PENDING: "镇党委已同意，待党员大会通过",
    ExclusionState.INVALID: "手续不全，不减少应到会人数",
    ExclusionState.VOID: "本人没有表决权，本来就不计入",
}


def exclusion_problems(exclusion: AttendanceExclusion, categories: list[str] | None = None) -> list[str]:
    """What the exclusion still lacks under PT-07 (and PT-07a when ``categories`` is given)."""
    problems = []
    if categories is not None and exclusion.category not in categories:
        problems.append(f"情形“{exclusion.category}”不在本乡镇规定的可不计入应到会人数的情形清单中（PT-07a）")
    if not exclusion.member_consulted:
        problems.append("未征求本人意见（PT-07）")
    if not exclusion.family_consulted:
        problems.append("未征求家属意见（PT-07）")
    if exclusion.township_approved_on is None:
        problems.append("未报镇党委同意（PT-07）")
    if exclusion.meeting_adopted_on is None:
        problems.append(AWAITING_ADOPTION)
    return problems


def exclusion_state(exclusion: AttendanceExclusion, member: PartyMember,
                    categories: list[str]) -> ExclusionState:
    """Classify one exclusion (see :class:`ExclusionState`)."""
    if not member_status(member).can_vote:
        return ExclusionState.VOID
    problems = exclusion_problems(exclusion, categories)
    if not problems:
        return ExclusionState.COUNTED
    if problems == [AWAITING_ADOPTION]:
        return ExclusionState.PENDING
    return ExclusionState.INVALID


@dataclass(frozen=True)
class ExclusionLine:
    """One exclusion as the page and the report show it."""

    exclusion_id: int
    member_id: int
    name: str
    category: str
    detail: str
    member_consulted: bool
    family_consulted: bool
    township_approved_on: date | None
    meeting_adopted_on: date | None
    state: ExclusionState
    problems: list[str]

    @property
    def counts(self) -> bool:
        """Whether it reduces 应到会人数."""
        return self.state in (ExclusionState.COUNTED, ExclusionState.PENDING)

    @property
    def state_text(self) -> str:
        """The state in Chinese."""
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Quorum:
    """PT-08: how many members with voting rights must be present for a valid meeting."""

    comparison: str  # "gt" (超过) or "ge" (不少于)
    num: int
    den: int
    expected: int
    minimum: int

    @property
    def word(self) -> str:
        """“超过” or “不少于”."""
        return "不少于" if self.comparison == "ge" else "超过"

    @property
    def share(self) -> str:
        """“五分之四”."""
        return f"{chinese_number(self.den)}分之{chinese_number(self.num)}"

    @property
    def text(self) -> str:
        """The rule applied to this meeting, in Chinese."""
        return (f"到会有选举权的党员须{self.word}应到会人数（{self.expected}人）的{self.num}/{self.den}，"
                f"即至少{self.minimum}人，会议方为有效（PT-08）")


def quorum_for(profile: RulesProfile, expected: int) -> Quorum:
    """The quorum under the profile's ``party_quorum`` threshold."""
    threshold = profile.threshold("party_quorum")
    return Quorum(threshold.comparison, threshold.num, threshold.den, expected,
                  threshold.minimum(expected))


@dataclass(frozen=True)
class NonVoter:
    """A member without voting rights, and why (PT-04)."""

    name: str
    full_member: bool
    reasons: list[str]


@dataclass(frozen=True)
class AttendanceFigures:
    """The numbers behind 应到会人数."""

    total: int
    probationary: int
    without_rights: list[NonVoter]  # PT-04
    eligible: int
    exclusions: list[ExclusionLine]
    expected: int
    quorum: Quorum

    @property
    def full_members(self) -> int:
        """正式党员, with or without voting rights (PT-25 counts them all for the branch's size)."""
        return self.total - self.probationary

    @property
    def excluded(self) -> int:
        """Members validly not counted (including those awaiting the meeting's adoption)."""
        return sum(1 for line in self.exclusions if line.counts)

    @property
    def pending(self) -> list[ExclusionLine]:
        """Exclusions agreed by the township, awaiting the meeting's adoption."""
        return [line for line in self.exclusions if line.state == ExclusionState.PENDING]


def _members(scope: ElectionScope) -> dict[int, PartyMember]:
    query = select(PartyMember).where(PartyMember.election_id == scope.election.id).order_by(PartyMember.id)
    return {member.id: member for member in scope.session.scalars(query)}


def _exclusions(scope: ElectionScope) -> list[AttendanceExclusion]:
    return list(scope.session.scalars(select(AttendanceExclusion).where(
        AttendanceExclusion.election_id == scope.election.id).order_by(AttendanceExclusion.id)))


def exclusion_categories(profile: RulesProfile) -> list[str]:
    """The township's list of situations that may be left out of 应到会人数 (PT-07a)."""
    return list(profile.get("party_exclusion_categories"))


def expected_attendance(scope: ElectionScope) -> AttendanceFigures:
    """应到会人数 = members with voting rights − valid exclusions, with the PT-08 quorum."""
    members = _members(scope)
    categories = exclusion_categories(scope.profile)
    lines = [_line(e, members[e.member_id], categories) for e in _exclusions(scope)
             if e.member_id in members]
    statuses = {ident: member_status(m) for ident, m in members.items()}
    eligible = sum(1 for status in statuses.values() if status.can_vote)
    expected = eligible - sum(1 for line in lines if line.counts)
    return AttendanceFigures(
        total=len(members), probationary=sum(1 for m in members.values() if not m.full_member),
        without_rights=[NonVoter(members[i].name, members[i].full_member, s.reasons)
                        for i, s in statuses.items() if not s.can_vote],
        eligible=eligible, exclusions=lines, expected=expected,
        quorum=quorum_for(scope.profile, expected))


def _line(exclusion: AttendanceExclusion, member: PartyMember, categories: list[str]) -> ExclusionLine:
    return ExclusionLine(
        exclusion.id, member.id, member.name, exclusion.category, exclusion.detail,
        exclusion.member_consulted, exclusion.family_consulted, exclusion.township_approved_on,
        exclusion.meeting_adopted_on, exclusion_state(exclusion, member, categories),
        exclusion_problems(exclusion, categories))


# --- exclusions ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExclusionInput:
    """What the exclusion dialog collects."""

    category: str
    detail: str = ""
    member_consulted: bool = False
    family_consulted: bool = False
    township_approved_on: date | None = None
    meeting_adopted_on: date | None = None


def add_exclusion(scope: ElectionScope, member_id: int, category: str, detail: str = "",
                  member_consulted: bool = False, family_consulted: bool = False,
                  township_approved_on: date | None = None,
                  meeting_adopted_on: date | None = None) -> AttendanceExclusion:
    """Record that a member is not to be counted in 应到会人数 (PT-07)."""
    data = ExclusionInput(category, detail, member_consulted, family_consulted,
                          township_approved_on, meeting_adopted_on)
    return save_exclusion(scope, data, member_id=member_id)


def update_exclusion(scope: ElectionScope, exclusion_id: int, category: str, detail: str = "",
                     member_consulted: bool = False, family_consulted: bool = False,
                     township_approved_on: date | None = None,
                     meeting_adopted_on: date | None = None) -> AttendanceExclusion:
    """Correct an exclusion or complete its consent, approval and adoption."""
    data = ExclusionInput(category, detail, member_consulted, family_consulted,
                          township_approved_on, meeting_adopted_on)
    return save_exclusion(scope, data, exclusion_id=exclusion_id)


def save_exclusion(scope: ElectionScope, data: ExclusionInput, *, member_id: int | None = None,
                   exclusion_id: int | None = None) -> AttendanceExclusion:
    """Add an exclusion for ``member_id``, or correct the one with ``exclusion_id``."""
    if exclusion_id is not None:
        exclusion = _own_exclusion(scope, exclusion_id)
        errors = {}
    else:
        member = scope.session.get(PartyMember, member_id) if member_id is not None else None
        errors = _member_errors(scope, member)
        exclusion = AttendanceExclusion(election_id=scope.election.id, member_id=member_id)
    errors.update(_input_errors(scope, data))
    if errors:
        raise InvalidInput(errors)
    _apply(exclusion, data)
    scope.session.add(exclusion)
    scope.session.flush()
    return exclusion


def remove_exclusion(scope: ElectionScope, exclusion_id: int) -> None:
    """Count the member again (the exclusion record is deleted; the audit log keeps it)."""
    scope.session.delete(_own_exclusion(scope, exclusion_id))
    scope.session.flush()


def _own_exclusion(scope: ElectionScope, exclusion_id: int) -> AttendanceExclusion:
    exclusion = scope.session.get(AttendanceExclusion, exclusion_id)
    if exclusion is None or exclusion.election_id != scope.election.id:
        raise InvalidInput({"general": msg("找不到这条不计入应到会人数的记录")})
    return exclusion


def _apply(exclusion: AttendanceExclusion, data: ExclusionInput) -> None:
    exclusion.category = data.category.strip()
    exclusion.detail = data.detail.strip()
    exclusion.member_consulted = data.member_consulted
    exclusion.family_consulted = data.family_consulted
    exclusion.township_approved_on = data.township_approved_on
    exclusion.meeting_adopted_on = data.meeting_adopted_on


def _member_errors(scope: ElectionScope, member: PartyMember | None) -> dict[str, Msg]:
    """The member must be on this roster, have voting rights and not be excluded already."""
    if member is None or member.election_id != scope.election.id:
        return {"member_id": msg("请从本村党员名册中选择党员")}
    status = member_status(member)
    if not status.can_vote:
        return {"member_id": msg("{name}本身没有表决权（{reasons}），不计入应到会人数，无须排除",
                                 name=member.name, reasons="；".join(status.reasons))}
    taken = scope.session.scalar(select(AttendanceExclusion.id).where(
        AttendanceExclusion.member_id == member.id))
    if taken is not None:
        return {"member_id": msg("已登记{name}不计入应到会人数，请修改原记录", name=member.name)}
    return {}


def _input_errors(scope: ElectionScope, data: ExclusionInput) -> dict[str, Msg]:
    """Category from the township's list (PT-07a) and plausible dates."""
    errors: dict[str, Msg] = {}
    if data.category.strip() not in exclusion_categories(scope.profile):
        errors["category"] = msg("“{category}”不在本乡镇规则配置的可不计入应到会人数的情形清单中"
                                 "（PT-07、PT-07a）；确属其他情形的，请先在规则配置中增加",
                                 category=data.category.strip())
    today = scope.today
    approved, adopted = data.township_approved_on, data.meeting_adopted_on
    if approved and approved > today:
        errors["township_approved_on"] = msg("镇党委同意日期{day}晚于今天", day=format_date(approved))
    if adopted and adopted > today:
        errors["meeting_adopted_on"] = msg("党员大会通过日期{day}晚于今天", day=format_date(adopted))
    elif adopted and approved and adopted < approved:
        errors["meeting_adopted_on"] = msg("党员大会通过日期早于镇党委同意日期：应先报镇党委同意，"
                                           "再经党员大会通过（PT-07）")
    return errors


@dataclass(frozen=True)
class ExclusionForm:
    """What the exclusion dialog offers and shows."""

    categories: tuple[str, ...]  # the township's list (PT-07a)
    members: tuple[MemberChoice, ...]  # who may be chosen (the one concerned when editing)
    current: ExclusionInput


def exclusion_form(scope: ElectionScope, exclusion_id: int | None = None) -> ExclusionForm:
    """The choices and stored values for adding (``None``) or editing an exclusion."""
    categories = tuple(exclusion_categories(scope.profile))
    if exclusion_id is not None:
        row = _own_exclusion(scope, exclusion_id)
        member = scope.session.get(PartyMember, row.member_id)
        return ExclusionForm(categories, (MemberChoice(member.id, member.name, member.id_number),),
                             ExclusionInput(row.category, row.detail, row.member_consulted,
                                            row.family_consulted, row.township_approved_on,
                                            row.meeting_adopted_on))
    taken = {e.member_id for e in _exclusions(scope)}
    people = tuple(MemberChoice(m.id, m.name, m.id_number) for m in eligible_members(scope)
                   if m.id not in taken)
    return ExclusionForm(categories, people, ExclusionInput(""))


# --- report to the township ------------------------------------------------------------------

def record_attendance_report(scope: ElectionScope, reported_on: date,
                             approved_on: date | None = None) -> PartyTrack:
    """Record when 应到会人数 was reported and approved (PT-06); the approval is the milestone."""
    today = scope.today
    errors = {}
    if reported_on is None:
        errors["reported_on"] = msg("请填写报镇党委审批的日期")
    elif reported_on > today:
        errors["reported_on"] = msg("报批日期{day}晚于今天", day=format_date(reported_on))
    if approved_on and approved_on > today:
        errors["approved_on"] = msg("批准日期{day}晚于今天", day=format_date(approved_on))
    elif approved_on and reported_on and approved_on < reported_on:
        errors["approved_on"] = msg("批准日期早于报批日期")
    if errors:
        raise InvalidInput(errors)
    track = party_track(scope, create=True)
    track.attendance_reported_on = reported_on
    track.attendance_approved_on = approved_on
    if approved_on:
        figures = expected_attendance(scope)
        scope.record_fact(FACT_KEY, approved_on, f"应到会{figures.expected}人")
    else:
        scope.clear_fact(FACT_KEY)
    scope.session.flush()
    return track


def approved_figure(scope: ElectionScope) -> int | None:
    """应到会人数 as approved by the township (kept in the milestone's note), if recorded."""
    note = scope.session.scalar(select(MilestoneFact.note).where(
        MilestoneFact.election_id == scope.election.id, MilestoneFact.key == FACT_KEY))
    match = _FIGURE_NOTE.search(note or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class AttendanceReport:
    """The data of the printed report of 应到会人数 to the township Party committee."""

    township: str
    village: str
    term: str
    meeting_day: date | None
    total: int
    probationary: int
    without_rights: list[NonVoter]
    eligible: int
    exclusions: list[ExclusionLine]
    expected: int
    quorum_minimum: int
    quorum_word: str  # 超过 / 不少于
    quorum_share: str  # 五分之四
    quorum_text: str
    reported_on: date | None
    approved_on: date | None


def attendance_report(scope: ElectionScope) -> AttendanceReport:
    """Collect the report's data (no printing here)."""
    figures = expected_attendance(scope)
    track = party_track(scope)
    election = scope.election
    return AttendanceReport(
        scope.township.name, scope.village.name, election.term_label, election.party_election_day,
        figures.total, figures.probationary, figures.without_rights, figures.eligible,
        figures.exclusions, figures.expected, figures.quorum.minimum, figures.quorum.word,
        figures.quorum.share, figures.quorum.text, track.attendance_reported_on,
        track.attendance_approved_on)
