"""Building notice specs from stored data: numbering, issuers, the schedule notice."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from models import Village
from printing.documents.free_notice import FreeNoticeSpec
from printing.documents.schedule_notice import ScheduleNoticeSpec, ScheduleRow
from workflows.core import documents
from workflows.core.calendar import Kind, Milestone
from workflows.core.paper import References, cite, election_committee_name, references
from workflows.core.scope import ElectionScope, open_scope
from workflows.core.text import format_date


def milestone_row(milestone: Milestone, refs: References | None = None) -> ScheduleRow:
    """A schedule line in plain words: windows end, deadlines are “之前”, events are days."""
    day = format_date(milestone.due)
    title = str(milestone.title)
    if milestone.kind == Kind.DEADLINE:
        day += "前"
    return ScheduleRow(day, title, "、".join(cite(milestone.rule_ids, refs)) or "—")


def schedule_notice_spec(scope: ElectionScope, issued_on: date,
                         issuer: str | None = None) -> ScheduleNoticeSpec:
    """The 换届选举工作日程公告 of one election, from its legal calendar as of ``issued_on``."""
    village, election = scope.village, scope.election
    intro = (f"根据《中华人民共和国村民委员会组织法》和上级关于村“两委”换届选举工作的部署，"
             f"本村{election.term_label}村民委员会和村党组织换届选举工作的主要日程安排如下：")
    notes = ["各项工作的具体时间、地点和办法另行公告。村民对本日程有意见或建议的，"
             "可以向村民选举委员会反映。"]
    return ScheduleNoticeSpec(
        title=f"{village.name}“两委”换届选举工作日程公告",
        number="", intro=intro,
        rows=[milestone_row(m, references(scope.profile, scope.township.name, scope.township.province))
              for m in scope.schedule_on(issued_on).milestones],
        notes=notes, closing=scope.profile.get("notice_closing"),
        issuer=issuer or election_committee_name(village.name), date_text=format_date(issued_on))


def issue_schedule_notice(scope: ElectionScope, issued_on: date, issuer: str | None = None):
    """Build, number, render and archive the schedule notice."""
    spec = schedule_notice_spec(scope, issued_on, issuer)
    return documents.issue(scope.session, "schedule_notice", spec,
                           documents.Placement.of_election(scope.session, scope.election),
                           scope.notice_number())


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


def issue_free_notice(session: Session, spec: FreeNoticeSpec, *, election_id: int | None = None,
                      village_id: int | None = None):
    """Render and archive a free notice: numbered when it belongs to an election."""
    if election_id is not None:
        scope = open_scope(session, election_id)
        return documents.issue(session, "free_notice", spec,
                               documents.Placement.of_election(session, scope.election),
                               scope.notice_number())
    village = session.get(Village, village_id) if village_id is not None else None
    placement = documents.Placement(village.township_id if village else None, village_id, None)
    return documents.issue(session, "free_notice", spec, placement)


def issuers_of_village(session: Session, village_id: int) -> list[str]:
    """Who may sign a village's notice: the election committee, the villager committee, the branch."""
    name = session.get(Village, village_id).name
    return [election_committee_name(name), f"{name}村民委员会", f"中共{name}支部委员会"]
