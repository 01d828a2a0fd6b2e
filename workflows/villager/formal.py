"""The formal candidates (SD-24): their list by office, its posting, changes after it, and the
candidates' meeting with the villagers (VC-14).

The list holds the candidates confirmed by the qualification review (status ``formal``),
office by office in the order 主任 → 副主任 → 委员, each office in the profile's order —
surname strokes (SO-01, :func:`workflows.core.names.ordered`) or nomination votes (SO-04) —
and the printed order sentence says which. It is posted at least the profile's number of days
before the election day (the ``formal_candidates_published`` milestone; posting late is not
refused, the stage stays blocked with the days missing). A candidate who leaves the list
afterwards is published in a supplementary notice that does not restart that period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import Document, VcCandidateChange, VcCandidateMeeting
from printing.documents.candidate_changes import CandidateChangesSpec, ChangeRow
from printing.documents.candidate_meeting import CandidateMeetingSpec
from printing.documents.formal_candidates import FormalCandidatesSpec, FormalRow, OfficeBlock
from printing.documents.nomination_ballot import BallotColumn, NominationBallotSpec
from workflows.core import documents, names
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings, Severity
from workflows.core.paper import ORGANIC_LAW, election_committee_name, join_titles, references
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, format_date, msg
from workflows.villager import candidates, nomination, seat_labels
from workflows.villager.offices import OFFICE_LABELS, seats

ORDER_SENTENCES = {"stroke": "按姓氏笔画为序", "votes": "按提名得票多少为序"}
FACT = "formal_candidates_published"
CHANGE_WORDS = {"withdrawal": "本人书面放弃", "disqualification": "资格审查未通过"}


# --- the list ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormalEntry:
    """One candidate on the formal list."""

    candidate_id: int
    name: str
    sex: str
    birth_date: date
    votes: int
    women_seat: bool


@dataclass(frozen=True)
class FormalOffice:
    """One office's candidates in the printed order."""

    office: str
    seats: int
    entries: tuple[FormalEntry, ...]


def order(scope: ElectionScope) -> str:
    """``stroke`` (SO-01) or ``votes`` (SO-04), as the profile says."""
    return scope.profile.get("candidate_order")


def order_sentence(scope: ElectionScope) -> str:
    """The words that say the list's order (printed; must match it)."""
    return ORDER_SENTENCES[order(scope)]


def _in_order(scope: ElectionScope, records: list[candidates.CandidateRecord]) -> list[candidates.CandidateRecord]:
    stroke = names.ordered(scope.session, records, lambda r: r.name)
    if order(scope) == "votes":  # SO-04: most nomination votes first; equal votes in stroke order
        return sorted(stroke, key=lambda r: -r.votes)
    return stroke


def formal_list(scope: ElectionScope, statuses: tuple[str, ...] = ("formal",)) -> list[FormalOffice]:
    """Per office with seats, its candidates of ``statuses`` in the profile's order."""
    records = [r for r in candidates.nominees(scope) if r.status in statuses]
    result = []
    for office, count in seats(scope.election).items():
        chosen = _in_order(scope, [r for r in records if r.office == office])
        result.append(FormalOffice(office, count, tuple(FormalEntry(r.id, r.name, r.sex, r.birth_date, r.votes,
                                                                    r.women_seat) for r in chosen)))
    return result


def posting_problems(scope: ElectionScope, on: date) -> list[Msg]:
    """Why the formal list cannot be posted on ``on`` (empty: it can). Lateness is not a refusal."""
    problems = []
    if nomination.record(scope).formal_posted_on is not None:
        problems.append(msg("正式候选人名单已经公布；此后的变动请发布变动公告"))
    if scope.election.committee_election_day is None:
        problems.append(msg("尚未设定村委会选举日"))
    elif on >= scope.election.committee_election_day:
        problems.append(msg("公布日期应在选举日之前"))
    if on > scope.today:
        problems.append(msg("公布日期不能晚于今天"))
    pending = [r.name for r in candidates.current(scope) if r.status == "candidate"]
    if pending:
        problems.append(msg("{names}尚未通过资格审查，不能列入正式候选人名单", names="、".join(pending)))
    for block in formal_list(scope):
        if len(block.entries) <= block.seats:
            problems.append(msg("{office}应选{n}名，正式候选人只有{k}人，不能实行差额选举（VC-13）",
                                office=OFFICE_LABELS[block.office], n=block.seats, k=len(block.entries)))
    return problems


def _due(scope: ElectionScope, on: date) -> date | None:
    return next((m.due for m in scope.schedule_on(on).milestones if m.key == FACT), None)


def late_by(scope: ElectionScope, on: date) -> int:
    """Days by which posting on ``on`` misses the legal latest day (0 when in time)."""
    due = _due(scope, on)
    return max(0, (on - due).days) if due else 0


def timing_warning(scope: ElectionScope, on: date) -> Msg | None:
    """Posting late is not refused — the list must go up anyway — but the stage stays blocked
    with the days missing until the election day is moved (SD-24)."""
    late = late_by(scope, on)
    if not late:
        return None
    return msg("公布日期{day}晚于法定最迟日期{due}（选举日{days}日前），相差{late}日（SD-24）。公布后本阶段仍不能完成，"
               "须依法推迟选举日", day=format_date(on), due=format_date(_due(scope, on)),
               days=scope.profile.days("formal_candidates_days"), late=late)


@dataclass(frozen=True)
class PostingState:
    """The list's legal latest day, and when (and how late) it was posted."""

    due: date | None
    days_left: int | None  # from today to the latest day; negative once it has passed
    posted_on: date | None
    late_days: int
    document_id: int | None


def posting_state(scope: ElectionScope) -> PostingState:
    """What the page says about the posting (SD-24)."""
    row = nomination.record(scope)
    due = _due(scope, scope.today)
    posted = row.formal_posted_on
    return PostingState(due, (due - scope.today).days if due else None, posted,
                        late_by(scope, posted) if posted else 0, row.formal_document_id)


def _lead(scope: ElectionScope) -> str:
    refs = references(scope.profile, scope.township.name, scope.township.province)
    basis = join_titles([ORGANIC_LAW, *refs.province_measures, *refs.township_plan])
    return (f"根据{basis}的规定，经本村登记参加选举的村民直接提名，并经资格审查，"
            f"{scope.village.name}{scope.election.term_label}村民委员会成员正式候选人已经确定。"
            f"现将名单公布如下（{order_sentence(scope)}）：")


def _month(day: date) -> str:
    return f"{day.year}年{day.month}月"


def formal_spec(scope: ElectionScope, on: date) -> FormalCandidatesSpec:
    """The 正式候选人名单公告 as of ``on``."""
    blocks = []
    for block in formal_list(scope):
        heading = (f"村民委员会{OFFICE_LABELS[block.office]}正式候选人"
                   f"（应选{block.seats}名，候选人{len(block.entries)}名）：")
        blocks.append(OfficeBlock(heading, [FormalRow(e.name, e.sex, _month(e.birth_date), str(e.votes),
                                                      "妇女候选人" if e.women_seat else "")
                                            for e in block.entries]))
    notes = []
    deadline = candidates.withdrawal_deadline(scope)
    if deadline is not None:
        notes.append(f"正式候选人在{format_date(deadline)}以前书面提出放弃候选资格的，按原提名得票多少依次递补，"
                     "并另行公告；此后放弃的，不再递补。")
    return FormalCandidatesSpec(
        title=f"{scope.village.name}{scope.election.term_label}村民委员会成员正式候选人名单公告", lead=_lead(scope),
        offices=blocks, issuer=election_committee_name(scope.village.name), date_text=format_date(on),
        show_votes=order(scope) == "votes", notes=notes, closing=scope.profile.get("notice_closing"))


def post_formal_list(scope: ElectionScope, on: date) -> Document:
    """Render and archive the list notice dated ``on`` and record the posting (SD-24)."""
    problems = posting_problems(scope, on)
    if problems:
        raise InvalidInput({"posted_on": problems[0]} if len(problems) == 1 else
                           {"posted_on": msg("{text}", text="；".join(str(p) for p in problems))})
    document = documents.issue(scope.session, "vc_formal_candidates", formal_spec(scope, on),
                               documents.Placement.of_election(scope.session, scope.election), scope.notice_number())
    row = nomination.record(scope, create=True)
    row.formal_posted_on, row.formal_document_id = on, document.id
    scope.session.flush()
    late = late_by(scope, on)
    scope.record_fact(FACT, on, "正式候选人名单张榜公布" + (f"（晚于法定最迟日期{late}日）" if late else ""))
    return document


# --- changes after the posting ---------------------------------------------------------------

def _unpublished(scope: ElectionScope) -> list[VcCandidateChange]:
    posted = nomination.record(scope).formal_posted_on
    if posted is None:
        return []
    return list(scope.session.scalars(select(VcCandidateChange).where(
        VcCandidateChange.election_id == scope.election.id, VcCandidateChange.notice_document_id.is_(None),
        VcCandidateChange.happened_on >= posted).order_by(VcCandidateChange.happened_on, VcCandidateChange.id)))


def pending_changes(scope: ElectionScope) -> list[candidates.ChangeRecord]:
    """Changes after the list was posted that no supplementary notice has published yet."""
    ids = {change.id for change in _unpublished(scope)}
    return [record for record in candidates.changes(scope) if record.id in ids]


def _standing_lines(scope: ElectionScope) -> list[str]:
    return [f"{OFFICE_LABELS[block.office]}正式候选人（{order_sentence(scope)}）：" +
            ("、".join(e.name for e in block.entries) or "无") + "。" for block in formal_list(scope)]


def changes_spec(scope: ElectionScope, on: date) -> CandidateChangesSpec:
    """The supplementary notice of the pending changes."""
    row = nomination.record(scope)
    document = scope.session.get(Document, row.formal_document_id) if row.formal_document_id else None
    number = scope.notice_number()(document.notice_number) if document and document.notice_number else ""
    intro = (f"本村{scope.election.term_label}村民委员会成员正式候选人名单于{format_date(row.formal_posted_on)}"
             f"公布{'（' + number + '）' if number and not number.startswith('（') else number}后，"
             "正式候选人发生以下变动，现予公告：")
    rows = [ChangeRow(OFFICE_LABELS[c.office], c.name, CHANGE_WORDS.get(c.kind, c.kind), format_date(c.happened_on),
                      c.replacement or ("不再递补" if not c.filled else "无可递补人选"))
            for c in pending_changes(scope)]
    return CandidateChangesSpec(
        title=f"{scope.village.name}{scope.election.term_label}村民委员会正式候选人变动公告", intro=intro,
        changes=rows, standing=_standing_lines(scope), issuer=election_committee_name(scope.village.name),
        date_text=format_date(on), notes=["选举日期和其他事项不变。"], closing=scope.profile.get("notice_closing"))


def post_changes(scope: ElectionScope, on: date) -> Document:
    """Archive the supplementary notice; the formal list's posting date stays as it was."""
    pending = _unpublished(scope)
    if not pending:
        raise InvalidInput({"general": msg("没有需要公告的候选人变动")})
    if on > scope.today or on < max(c.happened_on for c in pending):
        raise InvalidInput({"posted_on": msg("公告日期应在变动之后、不晚于今天")})
    waiting = [r.name for r in candidates.current(scope) if r.status == "candidate"]
    if waiting:
        raise InvalidInput({"general": msg("递补人选{names}尚未通过资格审查，审查后再公告", names="、".join(waiting))})
    document = documents.issue(scope.session, "vc_candidate_changes", changes_spec(scope, on),
                               documents.Placement.of_election(scope.session, scope.election), scope.notice_number())
    for change in pending:
        change.notice_on, change.notice_document_id = on, document.id
    scope.session.flush()
    return document


# --- the candidates' meeting (VC-14) ------------------------------------------------------------

@dataclass(frozen=True)
class MeetingInput:
    """A meeting as the dialog collects it; ``attendance`` once it was held."""

    held_on: date | None
    time_text: str
    place: str
    attendance: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class MeetingRecord:
    """A recorded meeting."""

    id: int
    held_on: date
    time_text: str
    place: str
    attendance: int | None
    notes: str
    notice_document_id: int | None


def meetings(scope: ElectionScope) -> list[MeetingRecord]:
    """The candidates' meetings, by date."""
    return [MeetingRecord(m.id, m.held_on, m.time_text, m.place, m.attendance, m.notes, m.notice_document_id)
            for m in scope.session.scalars(select(VcCandidateMeeting).where(
                VcCandidateMeeting.election_id == scope.election.id).order_by(VcCandidateMeeting.held_on))]


def _meeting(scope: ElectionScope, meeting_id: int) -> VcCandidateMeeting:
    row = scope.session.get(VcCandidateMeeting, meeting_id)
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"general": msg("没有这次见面会")})
    return row


def save_meeting(scope: ElectionScope, data: MeetingInput, meeting_id: int | None = None) -> MeetingRecord:
    """Record (or correct) a meeting of the candidates with the villagers (VC-14)."""
    errors: dict[str, Msg] = {}
    election_day = scope.election.committee_election_day
    if data.held_on is None:
        errors["held_on"] = msg("请填写见面会日期")
    elif election_day and data.held_on >= election_day:
        errors["held_on"] = msg("见面会应在选举日{day}之前举行", day=format_date(election_day))
    if not data.place.strip():
        errors["place"] = msg("请填写见面会地点")
    if data.attendance is not None:
        if data.held_on and data.held_on > scope.today:
            errors["attendance"] = msg("见面会尚未举行，不能记录到会人数")
        elif data.attendance < 1 or data.attendance > nomination.registered_count(scope):
            errors["attendance"] = msg("到会村民人数应在1至本村登记选民人数{n}之间",
                                       n=nomination.registered_count(scope))
    if errors:
        raise InvalidInput(errors)
    row = _meeting(scope, meeting_id) if meeting_id else VcCandidateMeeting(election_id=scope.election.id)
    if meeting_id is None:
        scope.session.add(row)
    row.held_on, row.time_text, row.place = data.held_on, data.time_text.strip(), data.place.strip()
    row.attendance, row.notes = data.attendance, data.notes.strip()
    scope.session.flush()
    return next(m for m in meetings(scope) if m.id == row.id)


def remove_meeting(scope: ElectionScope, meeting_id: int) -> None:
    """Delete a meeting entered by mistake."""
    scope.session.delete(_meeting(scope, meeting_id))
    scope.session.flush()


def meeting_spec(scope: ElectionScope, meeting_id: int, on: date) -> CandidateMeetingSpec:
    """The notice of one meeting."""
    row = _meeting(scope, meeting_id)
    when = format_date(row.held_on) + (row.time_text or "")
    intro = (f"根据{ORGANIC_LAW}第十五条的规定，村民选举委员会定于{when}在{row.place}召开正式候选人与村民见面会，"
             "由正式候选人介绍履职设想，回答村民提问。欢迎本村村民参加。")
    lines = [f"{OFFICE_LABELS[block.office]}正式候选人（{order_sentence(scope)}）：" +
             "、".join(e.name for e in block.entries) + "。" for block in formal_list(scope)]
    return CandidateMeetingSpec(
        title=f"{scope.village.name}{scope.election.term_label}村民委员会正式候选人与村民见面会公告",
        intro=intro, candidates=lines, issuer=election_committee_name(scope.village.name),
        date_text=format_date(on), notes=["见面会上，任何人不得有拉票贿选等违反换届纪律的行为。"],
        closing=scope.profile.get("notice_closing"))


def issue_meeting_notice(scope: ElectionScope, meeting_id: int, on: date) -> Document:
    """Archive the notice of a meeting (once the formal list is posted)."""
    row = _meeting(scope, meeting_id)
    if nomination.record(scope).formal_posted_on is None:
        raise InvalidInput({"general": msg("正式候选人名单公布后，才能公告见面会")})
    if on > scope.today or on > row.held_on:
        raise InvalidInput({"general": msg("公告日期应不晚于今天，并在见面会之前")})
    document = documents.issue(scope.session, "vc_candidate_meeting", meeting_spec(scope, meeting_id, on),
                               documents.Placement.of_election(scope.session, scope.election), scope.notice_number())
    row.notice_document_id = document.id
    scope.session.flush()
    return document


# --- the blank nomination ballot -----------------------------------------------------------

BALLOT_INSTRUCTIONS = (
    "提名本村登记参加选举的村民，请按居民身份证上的姓名填写全名。",
    "每一职务提名人数不得多于应选名额；多于应选名额的，该职务的提名无效。",
    "每一登记选民只能填写一张提名票，不得委托他人代为提名。",
    "书写模糊、无法辨认的姓名无效。",
    "同一人被提名为两个以上职务的，由本人选择其中一个职务。",
)


def ballot_spec(scope: ElectionScope, copies: int, notes: dict[str, str] | None = None) -> NominationBallotSpec:
    """Blank nomination ballots (``notes``: a line under an office's heading, e.g. a labelled seat)."""
    notes = notes or {}
    columns = [BallotColumn(OFFICE_LABELS[office], count, notes.get(office, ""))
               for office, count in seats(scope.election).items()]
    return NominationBallotSpec(
        title=f"{scope.village.name}{scope.election.term_label}村民委员会成员候选人提名票", columns=columns,
        issuer=election_committee_name(scope.village.name), instructions=list(BALLOT_INSTRUCTIONS),
        copies=copies)


def issue_ballots(scope: ElectionScope, copies: int) -> Document:
    """Archive the blank ballots to print (no personal data, no serial number)."""
    if not seats(scope.election):
        raise InvalidInput({"copies": msg("尚未设定村民委员会职数")})
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 10_000:
        raise InvalidInput({"copies": msg("份数应在1至10000之间")})
    labels = _seat_notes(scope)
    return documents.issue(scope.session, "vc_nomination_ballot", ballot_spec(scope, copies, labels),
                           documents.Placement.of_election(scope.session, scope.election))


def _seat_notes(scope: ElectionScope) -> dict[str, str]:
    """Labelled seats (专职专选, SD-20) under their office's heading, where the committee set them."""
    notes: dict[str, list[str]] = {}
    for label in seat_labels.seat_labels(scope):
        notes.setdefault(label.office, []).append(f"{label.label}{label.count}名")
    return {office: "其中" + "、".join(parts) for office, parts in notes.items()}


# --- what stands in the way of the formal-candidates stage ------------------------------------

def check(scope: ElectionScope) -> Findings:
    """The list (SD-24, VC-13), changes after it (PV-05), the candidates' meeting (VC-14)."""
    findings = Findings()
    pending = [r for r in candidates.current(scope) if r.status == "candidate"]
    if pending:
        findings.add(msg("{names}尚未通过资格审查（正式候选人须经资格审查确定）",
                         names="、".join(r.name for r in pending)), "SD-24 SD-40", subjects=[r.id for r in pending])
    row = nomination.record(scope)
    for block in formal_list(scope, ("formal",)):
        if len(block.entries) <= block.seats:
            findings.add(msg("{office}应选{n}名，正式候选人只有{k}人，不能实行差额选举（VC-13）",
                             office=OFFICE_LABELS[block.office], n=block.seats, k=len(block.entries)), "VC-13")
    if row.formal_posted_on is None and FACT in scope.facts:
        findings.add(msg("已记录公布日期，但本程序中没有正式候选人名单公告；请用“公布正式候选人名单”生成"),
                     "SD-24")
    waiting = pending_changes(scope)
    if waiting:
        findings.add(msg("正式候选人名单公布后有{n}项变动（{names}）尚未发布变动公告", n=len(waiting),
                         names="、".join(c.name for c in waiting)), "PV-05 SD-24")
    late = [c for c in candidates.changes(scope) if c.kind == "withdrawal" and not c.filled]
    for change in late:
        findings.add(msg("{name}在放弃期限之后书面放弃（{day}），按规定不再递补", name=change.name,
                         day=format_date(change.happened_on)), "PV-05", Severity.NOTE)
    held = meetings(scope)
    if not held:
        findings.add(msg("尚未安排正式候选人与村民见面（VC-14）"), "VC-14")
    for meeting in held:
        if meeting.held_on < scope.today and meeting.attendance is None:
            findings.add(msg("{day}的见面会尚未记录到会人数", day=format_date(meeting.held_on)), "VC-14",
                         Severity.WARNING)
    return findings

