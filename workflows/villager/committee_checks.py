"""What the election committee's stage checks: the meeting's quorum and majority (VC-27,
VC-28, Organic Law art. 28), the committee's size, chair and relatives (GC-01…GC-03, SD-21,
PV-01), its list notice and filing (GC-04, GC-08), and who must leave it (VC-06, PV-02).

Each check returns :class:`Finding`s; the stage rules, the page and the later stages read them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from models import ElectionCommitteeMember
from workflows.core import relatives
from workflows.core.findings import Findings, Severity
from workflows.core.policy import Threshold
from workflows.core.scope import ElectionScope
from workflows.core.text import chinese_number, format_date, msg
from workflows.party import api as party_api
from workflows.villager import committee

_MEETING_RULES = {"villagers": "VC-27 VC-05", "representatives": "VC-28 VC-05", "groups": "VC-05"}


@dataclass(frozen=True)
class QuorumLine:
    """One meeting's attendance against its quorum, in words (a group meeting names its group)."""

    subject: str  # 村民会议 / 村民代表会议 / 上屋组村民小组会议
    met: bool
    text: str
    rule_ids: str


def share(threshold: Threshold) -> str:
    """“超过二分之一” / “不少于三分之二”."""
    word = "不少于" if threshold.comparison == "ge" else "超过"
    return f"{word}{chinese_number(threshold.den)}分之{chinese_number(threshold.num)}"


def _against(threshold: Threshold, count: int, base: int, unit: str, what: str) -> tuple[bool, str]:
    met = threshold.met(count, base)
    verb = "达到" if met else "未达到"
    return met, (f"到会{count}{unit}，{verb}{what}{base}{unit}的{share(threshold)}"
                 f"（至少{threshold.minimum(base)}{unit}）")


def _either(profile, person_key: str, household_key: str, adults: int, households: int, present: int,
            present_households: int, whose: str) -> tuple[bool | None, str]:
    """VC-27 / art. 28: adults present, or households represented; None when no base is known."""
    parts, met = [], False
    if adults > 0:
        ok, text = _against(profile.threshold(person_key), present, adults, "人", f"{whose}十八周岁以上村民")
        parts.append(text)
        met = met or ok
    if households > 0 and present_households > 0:
        ok, text = _against(profile.threshold(household_key), present_households, households, "户",
                            f"{whose}户数")
        parts.append(text.replace("到会", "到会户代表", 1))
        met = met or ok
    if not parts:
        return None, ""
    return met, "；".join(parts)


def quorum_lines(scope: ElectionScope) -> list[QuorumLine]:
    """The chosen meeting's (or each group meeting's) attendance against its quorum."""
    row, profile = committee.record(scope), scope.profile
    rules = _MEETING_RULES.get(row.chosen_by, "VC-05")
    if row.chosen_by == "villagers":
        met, text = _either(profile, "villagers_meeting_quorum", "villagers_meeting_household_quorum",
                            row.adults, row.households, row.present, row.present_households, "本村")
        if met is None:
            return [QuorumLine("村民会议", False, "未填写本村十八周岁以上村民数或户数，无法核对到会人数", rules)]
        return [QuorumLine("村民会议", met, text, rules)]
    if row.chosen_by == "representatives":
        if row.representatives <= 0:
            return [QuorumLine("村民代表会议", False, "未填写村民代表会议组成人员数，无法核对到会人数", rules)]
        met, text = _against(profile.threshold("representatives_meeting_quorum"), row.present,
                             row.representatives, "人", "组成人员")
        return [QuorumLine("村民代表会议", met, text, rules)]
    if row.chosen_by == "groups":
        return [_group_line(profile, group) for group in committee.group_meetings(scope)] or [
            QuorumLine("各村民小组会议", False, "未记录各村民小组会议的到会情况", rules)]
    return []


def _group_line(profile, group) -> QuorumLine:
    subject = f"{group.group_name}村民小组会议"
    if group.held_on is None:
        return QuorumLine(subject, False, "未记录会议日期和到会情况", "VC-05")
    met, text = _either(profile, "group_meeting_quorum", "group_meeting_household_quorum", group.adults,
                        group.households, group.present, group.present_households, "本组")
    if met is None:
        return QuorumLine(subject, False, "未填写本组十八周岁以上村民数或户数，无法核对到会人数", "VC-05")
    return QuorumLine(subject, met, text, "VC-05")


def meeting_findings(scope: ElectionScope) -> Findings:
    """A meeting must be recorded (VC-05, GC-01) and reach its quorum (VC-27, VC-28, art. 28);
    each member it seated needs a majority of those present where votes are recorded."""
    found = Findings()
    row = committee.record(scope)
    if not row.chosen_by or row.meeting_on is None:
        found.add(msg("尚未记录推选村民选举委员会的会议（村民会议、村民代表会议或各村民小组会议）"), "VC-05 GC-01")
        return found
    for line in quorum_lines(scope):
        if not line.met:
            found.add(msg("{subject}：{text}，会议不能有效推选选举委员会", subject=line.subject, text=line.text),
                      line.rule_ids)
    if row.chosen_by in ("villagers", "representatives") and row.present > 0:
        found.extend(_majorities(scope, row.present, _MEETING_RULES[row.chosen_by].split()[0]))
    return found


def _majorities(scope: ElectionScope, present: int, rule: str) -> Findings:
    found = Findings()
    threshold = scope.profile.threshold("meeting_decision_threshold")
    chosen = [r for r in committee.members_of(scope) if r.role and not r.by_election]
    for row in chosen:
        if row.votes and not threshold.met(row.votes, present):
            found.add(msg("{name}得{votes}票，未{share}到会人员{present}人（至少须{minimum}票），不能当选为选举委员会成员",
                          name=row.name, votes=row.votes, share=share(threshold), present=present,
                          minimum=threshold.minimum(present)), rule, subjects=[row.id])
    if chosen and not all(r.votes for r in chosen):
        found.add(msg("部分成员未记录得票，无法核对是否经到会人员过半数通过"), rule, Severity.NOTE)
    return found


# --- the committee as it stands ------------------------------------------------------------------

def seated(scope: ElectionScope) -> list[ElectionCommitteeMember]:
    """Members in office now, by rank."""
    return [r for r in committee.members_of(scope) if r.role and r.left_on is None]


def presiding(scope: ElectionScope) -> ElectionCommitteeMember | None:
    """Who presides: the chair, or — once the chair has left — a vice chair (SD-21)."""
    now = seated(scope)
    return next((r for r in now if r.role == "chair"), None) or next(
        (r for r in now if r.role == "vice_chair"), None)


def composition_findings(scope: ElectionScope) -> Findings:
    """Size (GC-02, SD-21, PV-01), odd number, a chair (GC-01), relatives (GC-03), the Party
    secretary as chair (SD-21)."""
    found = Findings()
    rows = committee.members_of(scope)
    if not rows:
        found.add(msg("尚未录入推选产生的选举委员会成员"), "VC-05 GC-01")
        return found
    now, profile = seated(scope), scope.profile
    low, high = profile.get("ec_min_size"), profile.get("ec_max_size")
    if len(now) < low:
        found.add(msg("村民选举委员会现有成员{n}人，少于{low}人", n=len(now), low=low), "GC-02 SD-21 PV-01")
    elif high and len(now) > high:
        found.add(msg("村民选举委员会现有成员{n}人，多于{high}人", n=len(now), high=high), "PV-01")
    if now and len(now) % 2 == 0:
        found.add(msg("村民选举委员会现有成员{n}人，不是单数", n=len(now)), "GC-02 SD-21",
                  profile.get("ec_odd"))
    if not any(r.role == "chair" for r in rows):
        found.add(msg("推选结果中没有主任"), "GC-01")
    elif presiding(scope) is None:
        found.add(msg("主任已退出且没有在任的副主任主持选举工作，请递补或另行推选"), "GC-01 SD-21")
    for pair in relatives.pairs_among(scope.session, scope.township.id, [(r.name, r.id_number) for r in now]):
        found.add(msg("选举委员会成员之间有近亲属关系：{pair}", pair=pair.describe()), "GC-03 SD-21",
                  profile.get("ec_relatives"))
    found.extend(chair_findings(scope))
    return found


def chair_findings(scope: ElectionScope) -> Findings:
    """SD-21: the meeting chose the Party secretary as chair (as the profile asks)."""
    found = Findings()
    severity = scope.profile.get("ec_chair_party_secretary")
    chair = next((r for r in committee.members_of(scope) if r.role == "chair" and not r.by_election), None)
    if severity == "off" or chair is None:
        return found
    known = party_api.secretaries(scope)
    if not known:
        found.add(msg("尚未记录村党组织书记（党员名册的现任职务，或镇党委批复的书记候选人预备人选），"
                      "无法核对选举委员会主任是否由书记担任"), "SD-21", Severity.WARNING)
        return found
    if chair.id_number in {person.id_number for person in known}:
        return found
    names = "、".join(person.name for person in known)
    note = committee.record(scope).chair_note
    if note:
        found.add(msg("选举委员会主任{chair}不是村党组织书记{names}；已记录说明：{note}", chair=chair.name,
                      names=names, note=note), "SD-21", Severity.WARNING)
    else:
        found.add(msg("选举委员会主任{chair}不是村党组织书记{names}：应依法推选村党组织书记为主任，"
                      "会议另有推选的请记录说明", chair=chair.name, names=names), "SD-21", severity)
    return found


# --- the list notice and the filing (GC-04, GC-08) ---------------------------------------------

def seats_key(rows: list[ElectionCommitteeMember]) -> str:
    """The seated members as stored with a list notice (id and role), to see later changes."""
    return json.dumps(sorted([r.id, r.role] for r in rows))


def list_outdated(scope: ElectionScope) -> bool:
    """Whether members changed since the last list notice (a supplementary notice is due)."""
    row = committee.record(scope)
    return row.list_published_on is not None and row.published_seats != seats_key(seated(scope))


def publication_findings(scope: ElectionScope) -> Findings:
    """The list is published (and again after a change) and filed with the township (GC-04)."""
    found = Findings()
    row = committee.record(scope)
    if row.list_published_on is None:
        found.add(msg("尚未公布村民选举委员会成员名单"), "GC-04 GC-08")
    elif list_outdated(scope):
        found.add(msg("选举委员会成员在{day}公布名单后有变动，尚未公布补充名单",
                      day=format_date(row.list_published_on)), "GC-04 VC-06")
    if row.filed_on is None:
        found.add(msg("尚未将选举委员会名单报乡镇人民政府备案"), "GC-04")
    return found


# --- withdrawals (VC-06, PV-02) --------------------------------------------------------------------

def withdrawal_findings(scope: ElectionScope, with_list: bool = True) -> Findings:
    """Nominated members (and, per the profile, candidates' relatives) still seated; seats left
    open by a withdrawal; with ``with_list``, a change not yet published (the committee's own
    stage says that among its publication findings)."""
    found = Findings()
    for cause in committee.members_who_must_withdraw(scope):
        rules = "VC-06 GC-06" if cause.reason == "nominated" else "PV-02 VC-06"
        found.add(msg("{name}{cause}，应当退出村民选举委员会：请记录退出，并按原推选结果依次递补或另行推选",
                      name=cause.name, cause=cause.text), rules, subjects=[cause.member_id])
    for row in committee.vacancies(scope):
        found.add(msg("{name}已于{day}退出村民选举委员会，其席位尚未递补或另行推选", name=row.name,
                      day=format_date(row.left_on)), "VC-06", subjects=[row.id])
    if with_list and list_outdated(scope):
        found.add(msg("选举委员会成员有变动，尚未公布补充名单"), "GC-04 VC-06")
    return found
