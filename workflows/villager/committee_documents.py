"""The election committee's paper: the list notice and its supplement (GC-04, GC-08, VC-06) and
the filing report to the township government (GC-04).

Each ``issue_*`` builds the plain spec from the stored committee, renders and archives it, and
records the step (the list as published, the filing date), so the stage sees it.
"""

from __future__ import annotations

from datetime import date

from models import Document, ElectionCommitteeMember
from printing.documents.committee_filing import CommitteeFilingSpec, FilingMember
from printing.documents.committee_list import CommitteeListSpec, RoleLine
from workflows.core import documents, names
from workflows.core.errors import InvalidInput
from workflows.core.paper import ORGANIC_LAW, join_titles, references
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.villager import committee
from workflows.villager.committee_checks import quorum_lines, seated, seats_key

LIST_ROLES = (("chair", "主　任"), ("vice_chair", "副主任"), ("member", "成　员"))  # 规程 template 一


def _require(condition: bool, text: str) -> None:
    if not condition:
        raise InvalidInput({"general": msg("{text}", text=text)})


def _check_day(scope: ElectionScope, issued_on: date) -> None:
    meeting = committee.record(scope).meeting_on
    _require(meeting is not None and bool(seated(scope)), "尚未记录推选会议和选举委员会成员")
    if issued_on > scope.today or issued_on < meeting:
        raise InvalidInput({"issued_on": msg("日期应在推选会议之日{meeting}至今天之间", meeting=format_date(meeting))})


def meeting_words(scope: ElectionScope) -> str:
    """“2026年11月10日本村村民代表会议”."""
    row = committee.record(scope)
    return f"{format_date(row.meeting_on)}本村{committee.MEETING_LABELS[row.chosen_by]}"


def role_lines(scope: ElectionScope, labels=LIST_ROLES) -> list[RoleLine]:
    """The seated members per role, each role's names in surname-stroke order."""
    now = seated(scope)
    return [RoleLine(label, [r.name for r in names.ordered(scope.session, [r for r in now if r.role == role],
                                                            lambda r: r.name)])
            for role, label in labels]


def _basis(scope: ElectionScope) -> str:
    refs = references(scope.profile, scope.township.name, scope.township.province)
    return join_titles([ORGANIC_LAW, *refs.province_measures])


def _published_before(scope: ElectionScope) -> set[int]:
    import json

    stored = committee.record(scope).published_seats
    return {ident for ident, _role in json.loads(stored)} if stored else set()


def changes(scope: ElectionScope) -> list[str]:
    """Who left and who took the seat since the last list notice, in sentences (VC-06)."""
    before = _published_before(scope)
    if not before:
        return []
    rows = {r.id: r for r in committee.members_of(scope)}
    now = {r.id for r in seated(scope)}
    sentences = []
    for ident in sorted(before - now, key=lambda i: rows[i].rank if i in rows else 0):
        gone = rows.get(ident)
        if gone is None or gone.left_on is None:
            continue
        text = (f"原村民选举委员会{committee.ROLE_LABELS[gone.role]}{gone.name}因"
                f"{committee.LEAVE_LABELS[gone.left_reason]}，已于{format_date(gone.left_on)}退出村民选举委员会。")
        successor = next((r for r in rows.values() if r.replaces_id == gone.id and r.id in now), None)
        if successor is None:
            text += "其席位将按规定递补或者另行推选。"
        elif successor.by_election:
            text += f"{successor.note}{successor.name}为村民选举委员会{committee.ROLE_LABELS[successor.role]}。"
        else:
            text += f"根据{ORGANIC_LAW}第十二条规定，按照原推选结果依次递补{successor.name}为村民选举委员会成员。"
        sentences.append(text)
    chair = next((r for r in rows.values() if r.role == "chair" and r.id in now), None)
    vice = next((r for r in rows.values() if r.role == "vice_chair" and r.id in now), None)
    if chair is None and vice is not None and sentences:
        sentences.append(f"主任退出后，由副主任{vice.name}主持选举工作。")
    return sentences


def list_notice_spec(scope: ElectionScope, issued_on: date) -> CommitteeListSpec:
    """The list notice, or — once a list was published and members changed — its supplement."""
    village = scope.village.name
    changed = changes(scope)
    days = scope.profile.get("ec_list_objection_days")
    within = f"在名单公布之日起{days}日内" if days else ""
    lead = (f"根据{_basis(scope)}的规定，经{meeting_words(scope)}推选，产生本村村民选举委员会，"
            f"主持本村{scope.election.term_label}村民委员会选举工作。")
    lead = ("调整后的村民选举委员会成员名单如下（同一职务按姓氏笔画为序）：" if changed
            else lead + "现将名单公布如下（同一职务按姓氏笔画为序）：")
    title = f"{village}村民选举委员会成员名单{'补充' if changed else ''}公告"
    return CommitteeListSpec(
        title=title, lead=lead, lines=role_lines(scope),
        objection=f"村民对名单有不同意见的，可{within}向村民委员会提出。", issuer=f"{village}村民委员会",
        date_text=format_date(issued_on), changes=changed, closing=scope.profile.get("notice_closing"))


def issue_list_notice(scope: ElectionScope, issued_on: date) -> Document:
    """Archive the list notice (or its supplement) and record the list as published."""
    _check_day(scope, issued_on)
    row = committee.record(scope, create=True)
    current = seats_key(seated(scope))
    _require(row.published_seats != current, "成员名单自上次公告以来没有变动，无须再次公告")
    document = documents.issue(scope.session, "committee_list", list_notice_spec(scope, issued_on),
                               documents.Placement.of_election(scope.session, scope.election),
                               scope.notice_number())
    row.list_published_on, row.published_seats = issued_on, current
    scope.session.flush()
    return document


def _month(day: date) -> str:
    return f"{day.year}年{day.month}月"


def _filing_row(row: ElectionCommitteeMember) -> FilingMember:
    if row.left_on is not None:
        note = f"{format_date(row.left_on)}退出（{committee.LEAVE_LABELS[row.left_reason]}）"
    elif row.by_election:
        note = row.note
    elif row.replaces_id is not None:
        note = f"{format_date(row.joined_on)}递补" if row.joined_on else "递补"
    else:
        note = "" if row.role else "依次递补人选"
    role = committee.ROLE_LABELS[row.role] if row.role else "—"
    return FilingMember(row.rank, role, row.name, row.sex, _month(row.birth_date),
                        str(row.votes) if row.votes else "", note)


def _attendance(scope: ElectionScope) -> str:
    lines = quorum_lines(scope)
    if committee.record(scope).chosen_by == "groups":
        return "各村民小组分别召开会议：" + "；".join(f"{line.subject}{line.text}" for line in lines) + "。"
    return "；".join(line.text for line in lines) + "，会议有效。" if lines else ""


def filing_spec(scope: ElectionScope, issued_on: date) -> CommitteeFilingSpec:
    """The report filing the committee with the township government (GC-04)."""
    village, row = scope.village.name, committee.record(scope)
    refs = references(scope.profile, scope.township.name, scope.township.province)
    basis = join_titles([ORGANIC_LAW, *refs.township_plan])
    lines = {line.role: line.names for line in role_lines(scope, committee_roles())}
    who = "，".join(f"{label}{'、'.join(lines[label])}" for label in lines if lines[label])
    paragraphs = [
        f"根据{basis}的要求，本村于{format_date(row.meeting_on)}召开"
        f"{committee.MEETING_LABELS[row.chosen_by]}，推选产生村民选举委员会，主持本村"
        f"{scope.election.term_label}村民委员会选举工作。{_attendance(scope)}",
        f"村民选举委员会由{len(seated(scope))}人组成：{who}。推选结果（按名次）如下：",
    ]
    after = []
    if row.list_published_on is not None:
        after.append(f"村民选举委员会成员名单已于{format_date(row.list_published_on)}张榜公布。")
    after.append("村民选举委员会的任期自推选组成之日起，至新老村民委员会完成工作移交时止。现报请备案。")
    return CommitteeFilingSpec(
        title=f"关于推选产生{village}村民选举委员会的报告", addressee=f"{scope.township.name}人民政府",
        paragraphs=paragraphs, members=[_filing_row(r) for r in committee.members_of(scope)],
        issuer=f"{village}村民委员会", date_text=format_date(issued_on), after_table=after)


def committee_roles() -> tuple[tuple[str, str], ...]:
    """Roles as running text names them (主任, 副主任, 委员)."""
    return tuple((role, str(label)) for role, label in committee.ROLE_LABELS.items())


def issue_filing(scope: ElectionScope, issued_on: date) -> Document:
    """Archive the filing report and record the filing date (GC-04)."""
    _check_day(scope, issued_on)
    document = documents.issue(scope.session, "committee_filing", filing_spec(scope, issued_on),
                               documents.Placement.of_election(scope.session, scope.election))
    committee.record(scope, create=True).filed_on = issued_on
    scope.session.flush()
    return document
