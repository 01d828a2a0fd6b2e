"""Building notice specs from stored data: numbering, issuers, the schedule notice."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from models import Village
from printing.documents.free_notice import FreeNoticeSpec
from printing.documents.schedule_notice import ScheduleNoticeSpec, ScheduleRow
from workflows.core import config, documents
from workflows.core.calendar import Kind, Milestone
from workflows.core.errors import InvalidInput
from workflows.core.paper import (
    ORGANIC_LAW,
    PARTY_ELECTION_RULES,
    References,
    cite,
    election_committee_name,
    join_titles,
    references,
)
from workflows.core.scope import ElectionScope, open_scope
from workflows.core.text import format_date, msg

PARTY, VC = "party", "vc"
LEADING_GROUP, TOWNSHIP_PARTY, BRANCH, ELECTION_COMMITTEE = (
    "leading_group", "township_party", "branch", "election_committee")


@dataclass(frozen=True)
class ScheduleIssuer:
    """Who may sign a schedule notice, and whose items it announces (paper-formats §13).

    Party items are the township Party committee's or the branch's to announce; the
    villager-committee items the villager election committee's, once it is elected
    (stage vc.election_committee); the township's 换届选举工作领导小组 directs both.
    """

    key: str
    name: str
    tracks: tuple[str, ...]  # PARTY and/or VC


def committee_elected_on(scope: ElectionScope) -> date | None:
    """The day the villager election committee came into being (its stage completed)."""
    return scope.facts.get("stage:vc.election_committee")


def schedule_issuers(scope: ElectionScope, issued_on: date) -> list[ScheduleIssuer]:
    """Who exists on ``issued_on`` to sign the village's schedule notice, with the tracks it
    may announce; a committee not yet elected signs nothing."""
    election, township, village = scope.election, scope.township.name, scope.village.name
    tracks = {track for track, day in ((PARTY, election.party_election_day),
                                       (VC, election.committee_election_day)) if day}
    issuers = [ScheduleIssuer(LEADING_GROUP, f"{township}换届选举工作领导小组", (PARTY, VC)),
               ScheduleIssuer(TOWNSHIP_PARTY, f"中共{township}委员会", (PARTY,)),
               ScheduleIssuer(BRANCH, f"中共{village}支部委员会", (PARTY,))]
    elected = committee_elected_on(scope)
    if elected is not None and elected <= issued_on:
        issuers.append(ScheduleIssuer(ELECTION_COMMITTEE, election_committee_name(village), (VC,)))
    return [replace(issuer, tracks=tuple(t for t in issuer.tracks if t in tracks))
            for issuer in issuers if tracks & set(issuer.tracks)]


def _issuer(scope: ElectionScope, issued_on: date, chosen: str | None) -> ScheduleIssuer:
    """The chosen issuer (by key or printed name); by default the township's leading group."""
    issuers = schedule_issuers(scope, issued_on)
    if not issuers:
        raise InvalidInput({"general": msg("尚未设定党员大会选举日或村委会选举日，没有可公告的日程")})
    if chosen is None:
        return issuers[0]
    found = next((i for i in issuers if chosen in (i.key, i.name)), None)
    if found is None:
        raise InvalidInput({"issuer": msg("“{name}”在{day}尚未产生或无权发布本村日程公告，不能署名",
                                          name=chosen, day=format_date(issued_on))})
    return found


def milestone_row(milestone: Milestone, refs: References | None = None,
                  issued_on: date | None = None) -> ScheduleRow:
    """A schedule line in plain words: windows end, deadlines are “之前”, events are days;
    a step done by ``issued_on`` says 已完成 with its date. The basis names one document
    per line."""
    basis = "\n".join(cite(milestone.rule_ids, refs)) or "—"
    done = milestone.done_on
    if done is not None and (issued_on is None or done <= issued_on):
        return ScheduleRow(f"{format_date(done)}已完成", str(milestone.title), basis)
    day = format_date(milestone.due)
    if milestone.kind == Kind.DEADLINE:
        day += "前"
    return ScheduleRow(day, str(milestone.title), basis)


def schedule_rows(scope: ElectionScope, issued_on: date, tracks: tuple[str, ...]) -> list[ScheduleRow]:
    """The milestones of ``tracks`` as of ``issued_on``: done ones with their date, the rest
    still to come; a date already past on an undone step is not announced."""
    refs = references(scope.profile, scope.township.name, scope.township.province)
    rows = []
    for milestone in scope.schedule_on(issued_on).milestones:
        if milestone.track not in tracks:
            continue
        done = milestone.done_on is not None and milestone.done_on <= issued_on
        if done or milestone.due >= issued_on:
            rows.append(milestone_row(milestone, refs, issued_on))
    return rows


def _subject(scope: ElectionScope, tracks: tuple[str, ...]) -> str:
    village, term = scope.village.name, scope.election.term_label
    if tracks == (PARTY,):
        return f"{village}党组织换届选举工作"
    if tracks == (VC,):
        return f"{village}{term}村民委员会换届选举工作"
    return f"{village}{term}村民委员会和村党组织换届选举工作"


def _basis(scope: ElectionScope, tracks: tuple[str, ...]) -> str:
    """The documents the notice rests on, by title (the township's from its profile)."""
    refs = references(scope.profile, scope.township.name, scope.township.province)
    titles = [ORGANIC_LAW, *refs.province_measures] if VC in tracks else []
    titles += [PARTY_ELECTION_RULES] if PARTY in tracks else []
    return join_titles([*titles, *refs.township_plan])


def schedule_notice_spec(scope: ElectionScope, issued_on: date,
                         issuer: str | None = None) -> ScheduleNoticeSpec:
    """The 换届选举工作日程公告 of one election as of ``issued_on``, signed by ``issuer`` (a key
    or name of :func:`schedule_issuers`; default: the township's leading group), listing
    only the items that issuer announces."""
    signer = _issuer(scope, issued_on, issuer)
    tracks = signer.tracks
    title = {(PARTY,): f"{scope.village.name}党组织换届选举工作日程公告",
             (VC,): f"{scope.village.name}{scope.election.term_label}村民委员会换届选举工作日程公告"
             }.get(tracks, f"{scope.village.name}“两委”换届选举工作日程公告")
    intro = f"根据{_basis(scope, tracks)}，现将{_subject(scope, tracks)}的主要日程安排公告如下："
    notes = ["各项工作的具体时间、地点和办法另行公告。"]
    election = scope.election
    if PARTY not in tracks and election.party_election_day:
        notes.append("村党组织换届选举的日程由村党组织另行公告。")
    if VC not in tracks and election.committee_election_day:
        elected = committee_elected_on(scope)
        notes.append("村民委员会换届选举的日程由村民选举委员会另行公告。" if elected and elected <= issued_on
                     else "村民委员会换届选举的日程待村民选举委员会推选产生后另行公告。")
    notes.append(f"对本日程有意见或建议的，可以向{signer.name}反映。")
    return ScheduleNoticeSpec(
        title=title, number="", intro=intro, rows=schedule_rows(scope, issued_on, tracks),
        notes=["".join(notes)], closing=scope.profile.get("notice_closing"),
        issuer=signer.name, date_text=format_date(issued_on))


def issue_schedule_notice(scope: ElectionScope, issued_on: date, issuer: str | None = None):
    """Build, number, render and archive the schedule notice: a clerk's act with its own date."""
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


def issuers_of_village(session: Session, village_id: int, on: date | None = None) -> list[str]:
    """Who may sign a village's notice on ``on`` (default today): the villager election
    committee only once its current election elected it, the villager committee, the
    branch and the township's leading group (a body that does not exist signs nothing)."""
    from workflows.township.townships import current_election

    village = session.get(Village, village_id)
    on = on or config.today()
    election = current_election(session, village_id)
    elected = committee_elected_on(open_scope(session, election, on)) if election else None
    committee = [election_committee_name(village.name)] if elected and elected <= on else []
    return [*committee, f"{village.name}村民委员会", f"中共{village.name}支部委员会",
            f"{village.township.name}换届选举工作领导小组"]
