"""Building notice specs from stored data: numbering, issuers, the schedule notice."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import cache

from sqlalchemy.orm import Session

from models import ElectionProcess, Township, Village
from printing.documents.free_notice import FreeNoticeSpec
from printing.documents.schedule_notice import ScheduleNoticeSpec, ScheduleRow
from workflows.core import documents
from workflows.core.calendar import Kind, Milestone
from workflows.core.config import RESOURCES
from workflows.core.policy import RulesProfile
from workflows.core.stages import StageContext
from workflows.core.text import chinese_number, format_date
from workflows.township.townships import profile_of


@cache
def citations() -> dict[str, str]:
    """How rule IDs are cited on paper (resources/citations.json)."""
    data = json.loads((RESOURCES / "citations.json").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def cite(rule_ids: tuple[str, ...]) -> str:
    """The printed basis of a milestone: the distinct citations of its legal rules.

    Counting conventions (CONV-*) are how the program counts days, not a basis a villager
    needs on the wall, so they are left out when a substantive rule is cited.
    """
    substantive = tuple(rule for rule in rule_ids if not rule.startswith("CONV-")) or rule_ids
    seen: list[str] = []
    for rule in substantive:
        text = citations().get(rule)
        if text and text not in seen:
            seen.append(text)
    return "、".join(seen) or "—"


def short_village_name(name: str) -> str:
    """石桥村 → 石桥 (for “石桥选字第1号”)."""
    return name[:-1] if len(name) > 2 and name.endswith("村") else name


def number_format(profile: RulesProfile, village_name: str) -> Callable[[int], str]:
    """The township's style of the notice number line (paper-formats §13)."""
    style = profile.get("notice_number_style")
    if style == "xuanzi":
        return lambda n: f"{short_village_name(village_name)}选字第{n}号"
    if style == "chinese":
        return lambda n: f"第{chinese_number(n)}号"
    return lambda n: f"（第{n}号）"


def election_committee_name(village_name: str) -> str:
    """The issuer of election notices: the village election committee."""
    return f"{village_name}村民选举委员会"


def milestone_row(milestone: Milestone) -> ScheduleRow:
    """A schedule line in plain words: windows end, deadlines are “之前”, events are days."""
    day = format_date(milestone.due)
    title = str(milestone.title)
    if milestone.kind == Kind.DEADLINE:
        day += "前"
    return ScheduleRow(day, title, cite(milestone.rule_ids))


def schedule_notice_spec(session: Session, election: ElectionProcess, issued_on: date,
                         issuer: str | None = None) -> ScheduleNoticeSpec:
    """The 换届选举工作日程公告 of one election, from its legal calendar."""
    village = session.get(Village, election.village_id)
    township = session.get(Township, village.township_id)
    profile = profile_of(township)
    schedule = StageContext(session, election, profile, issued_on).schedule
    intro = (f"根据《中华人民共和国村民委员会组织法》和上级关于村“两委”换届选举工作的部署，"
             f"本村{election.term_label}村民委员会和村党组织换届选举工作的主要日程安排如下：")
    notes = ["各项工作的具体时间、地点和办法另行公告。村民对本日程有意见或建议的，"
             "可以向村民选举委员会反映。"]
    return ScheduleNoticeSpec(
        title=f"{village.name}“两委”换届选举工作日程公告",
        number="", intro=intro, rows=[milestone_row(m) for m in schedule.milestones],
        notes=notes, closing=profile.get("notice_closing"),
        issuer=issuer or election_committee_name(village.name), date_text=format_date(issued_on))


def issue_schedule_notice(session: Session, election: ElectionProcess, issued_on: date,
                          issuer: str | None = None):
    """Build, number, render and archive the schedule notice."""
    placement = documents.Placement.of_election(session, election)
    spec = schedule_notice_spec(session, election, issued_on, issuer)
    return documents.issue(session, "schedule_notice", spec, placement,
                           _number_format(session, election))


def _number_format(session: Session, election: ElectionProcess) -> Callable[[int], str]:
    village = session.get(Village, election.village_id)
    return number_format(profile_of(session.get(Township, village.township_id)), village.name)


def free_notice_spec(title: str, body: str, issuer: str, issued_on: date,
                     closing: str = "特此公告") -> FreeNoticeSpec:
    """A clerk's notice: paragraphs are separated by blank lines; “一、…” lines become heads."""
    paragraphs, current = [], []
    for line in body.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    heads = [i for i, text in enumerate(paragraphs) if _is_heading(text)]
    return FreeNoticeSpec(title.strip(), paragraphs, issuer.strip(), format_date(issued_on),
                          closing=closing, headings=heads)


def _is_heading(text: str) -> bool:
    """Short lines like “一、选举日期” are section heads (黑体), not body paragraphs."""
    return len(text) <= 30 and len(text) > 2 and text[1] == "、" and text[0] in "一二三四五六七八九十"


def issue_free_notice(session: Session, election: ElectionProcess | None, village: Village | None,
                      spec: FreeNoticeSpec):
    """Number (when it belongs to an election), render and archive a free notice."""
    if election is not None:
        placement = documents.Placement.of_election(session, election)
        return documents.issue(session, "free_notice", spec, placement,
                               _number_format(session, election))
    township_id = village.township_id if village else None
    placement = documents.Placement(township_id, village.id if village else None, None)
    return documents.issue(session, "free_notice", spec, placement)
