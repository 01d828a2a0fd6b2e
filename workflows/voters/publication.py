"""Posting the voter list and what follows it: supplements, objection results, voter cards.

Every notice is built from stored data, numbered, rendered and archived through
:mod:`workflows.documents`; dates that matter to the calendar are recorded as facts
(``voter_list_published``), so the VC-10 deadline check sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import (
    Document,
    ElectionProcess,
    Objection,
    Village,
    VillageGroup,
    Voter,
    VoterCorrection,
    VoterPublication,
)
from printing.documents.objection_result import ObjectionResultSpec
from printing.documents.supplement_notice import CorrectionRow, SupplementSpec
from printing.documents.voter_cards import VoterCard, VoterCardsSpec
from printing.documents.voter_list import VoterListRow, VoterListSpec
from workflows.core import documents, names
from workflows.core.errors import InvalidInput
from workflows.core.idcard import mask
from workflows.core.paper import election_committee_name, masked_name, number_format
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.voters.registration import (
    counts_by_group,
    group_ids,
    objection_deadlines,
    pending_corrections,
    publications,
)


def _month(day: date) -> str:
    return f"{day.year}年{day.month}月"


def _issue(scope: ElectionScope, kind: str, spec, number: int | None = None,
           archive_title: str = "") -> Document:
    village, profile = scope.village, scope.profile
    return documents.issue(scope.session, kind, spec, documents.Placement.of_election(scope.session, scope.election),
                           number_format(profile, village.name), number=number,
                           archive_title=archive_title)


def list_title(village: Village, election: ElectionProcess) -> str:
    """参加选举村民名单公告 title."""
    return f"{village.name}{election.term_label}村民委员会选举\n参加选举村民名单公告"


def _filing_end(scope: ElectionScope, posted_on: date) -> date:
    """Last day to object to a notice posted on ``posted_on`` (VC-11, CONV-05: rest days extend it)."""
    from workflows.core.calendar import CalendarContext

    context = CalendarContext(scope.election, scope.profile, scope.workdays, {})
    return context.within(posted_on, scope.profile.days("objection_filing_days"))


def _objection_terms(scope: ElectionScope, since: str, filing_end: date) -> str:
    profile = scope.profile
    return (f"可以自{since}之日起{profile.days('objection_filing_days')}日内"
            f"（{format_date(filing_end)}以前）向村民选举委员会提出申诉；村民选举委员会自收到申诉之日起"
            f"{profile.days('objection_decision_days')}日内作出处理决定，并公布处理结果。")


def objection_sentence(scope: ElectionScope, published_on: date) -> str:
    """How and by when to object, with the dates from the calendar (VC-11)."""
    filing_end, _ = objection_deadlines(scope, published_on)
    if filing_end is None:  # not yet recorded: count from this publication
        filing_end = _filing_end(scope, published_on)
    return "村民对名单有不同意见的，" + _objection_terms(scope, "名单公布", filing_end)


def supplement_objection_sentence(scope: ElectionScope, published_on: date) -> str:
    """The supplement's own objection window (VC-11): counted from the supplement's posting,
    its last day moved past rest days by the calendar (CONV-03, CONV-05)."""
    return "村民对补正后的名单有不同意见的，" + _objection_terms(
        scope, "本公告公布", _filing_end(scope, published_on))


def publication_warnings(scope: ElectionScope, published_on: date) -> list:
    """What the clerk must know before posting on ``published_on`` (VC-10: N days before).

    Posting late is not refused — the list must be posted anyway — but the registration
    stage stays blocked until the election day is moved (the calendar shows the days).
    """
    _village, profile = scope.village, scope.profile
    if scope.election.committee_election_day is None:
        return [msg("尚未设定村委会选举日")]
    schedule = scope.schedule_on(published_on)
    due = next(m.due for m in schedule.milestones if m.key == "voter_list_published")
    if published_on <= due:
        return []
    return [msg("公布日期{day}晚于法定最迟日期{due}（选举日{days}日前），相差{late}日（VC-10）。"
                "公布后本阶段仍不能完成，须依法推迟选举日", day=format_date(published_on),
                due=format_date(due), days=profile.days("voter_list_days"),
                late=(published_on - due).days)]


@dataclass(frozen=True)
class ListPosting:
    """The voter list ready to render: one notice, one part per villager group (VC-10)."""

    drafts: list[documents.Draft]
    published_on: date
    total: int


def plan_list(scope: ElectionScope, published_on: date) -> ListPosting:
    """Read everything the list notices print and draft them (changes nothing)."""
    if any(p.kind == "list" for p in publications(scope)):
        raise InvalidInput({"published_on": msg("选民名单已经公布过；此后的变动请发布补充公告")})
    if scope.election.committee_election_day is None:
        raise InvalidInput({"published_on": msg("尚未设定村委会选举日")})
    village = scope.village
    groups = counts_by_group(scope)
    total = sum(n for _g, n in groups)
    if total == 0:
        raise InvalidInput({"published_on": msg("尚未登记任何选民")})
    placement = documents.Placement.of_election(scope.session, scope.election)
    number = documents.next_notice_number(scope.session, scope.election.id)  # one notice, posted per group
    drafts = []
    for group_name, group_id in _groups_with_voters(scope):
        rows = _list_rows(scope, group_id, group_name)
        intro = (f"根据《中华人民共和国村民委员会组织法》第十三条、第十四条规定，经村民选举委员会登记审核，"
                 f"本村登记参加{scope.election.term_label}村民委员会选举的村民共{total}人（"
                 + "，".join(f"{g}{n}人" for g, n in groups if n) + f"）。现将{group_name}{len(rows)}人名单公布如下：")
        spec = VoterListSpec(
            title=list_title(village, scope.election), number="", intro=intro, rows=rows,
            closing_paragraphs=[objection_sentence(scope, published_on), "特此公告"],
            issuer=election_committee_name(village.name), date_text=format_date(published_on))
        drafts.append(documents.draft(scope.session, "voter_list", spec, placement, scope.notice_number(),
                                      number=number,
                                      archive_title=f"{spec.title.replace(chr(10), '')}（{group_name}）"))
    return ListPosting(drafts, published_on, total)


def post_list(scope: ElectionScope, posting: ListPosting, pdfs: list[bytes]) -> list[Document]:
    """Archive the rendered parts and record the publication date (one short write)."""
    if any(p.kind == "list" for p in publications(scope)):
        raise InvalidInput({"published_on": msg("选民名单已经公布过；此后的变动请发布补充公告")})
    issued = documents.archive(scope.session, posting.drafts, pdfs)
    scope.session.add(VoterPublication(election_id=scope.election.id, kind="list",
                                       published_on=posting.published_on,
                                       document_id=issued[0].id if issued else None,
                                       voter_count=posting.total))
    scope.record_fact("voter_list_published", posting.published_on, "选民名单张榜公布")
    scope.session.flush()
    return issued


def publish_list(scope: ElectionScope, published_on: date) -> list[Document]:
    """Post the list in one go: draft, render and archive (the demo, tests, the command line)."""
    posting = plan_list(scope, published_on)
    return post_list(scope, posting, [documents.render(d) for d in posting.drafts])


def record_publication(scope: ElectionScope, published_on: date) -> None:
    """Record a list posted without notices from this program (the date still counts, VC-10)."""
    if any(p.kind == "list" for p in publications(scope)):
        raise InvalidInput({"published_on": msg("选民名单已经公布过")})
    total = sum(n for _g, n in counts_by_group(scope))
    scope.session.add(VoterPublication(election_id=scope.election.id, kind="list", published_on=published_on,
                                 voter_count=total))
    scope.record_fact("voter_list_published", published_on, "选民名单张榜公布（未用本程序生成公告）")
    scope.session.flush()


def _groups_with_voters(scope: ElectionScope) -> list[tuple[str, int | None]]:
    ids = group_ids(scope.session, scope.election.village_id)
    present = set(scope.session.scalars(select(Voter.group_id).where(
        Voter.election_id == scope.election.id, Voter.status == "registered").distinct()))
    result = [(name, ident) for name, ident in ids.items() if ident in present]
    if None in present:
        result.append(("未分组", None))
    return result


def _list_rows(scope: ElectionScope, group_id, group_name) -> list[VoterListRow]:
    """A group's voters in surname-stroke order, without ID or phone numbers."""
    query = select(Voter).where(Voter.election_id == scope.election.id, Voter.status == "registered",
                                Voter.group_id.is_(None) if group_id is None else Voter.group_id == group_id)
    voters = names.ordered(scope.session, scope.session.scalars(query).all(), lambda v: v.name)
    return [VoterListRow(v.name, v.sex, _month(v.birth_date), group_name, str(v.category))
            for v in voters]


def publish_supplement(scope: ElectionScope, published_on: date) -> Document:
    """Post the pending corrections as a 补正公告 and mark them posted."""
    pending = pending_corrections(scope)
    if not pending:
        raise InvalidInput({"general": msg("没有待发布的名单更正")})
    village = scope.village
    voters = {v.id: v for v in scope.session.scalars(select(Voter).where(
        Voter.id.in_([c.voter_id for c in pending if c.voter_id])))}

    def row(correction: VoterCorrection) -> CorrectionRow:
        voter = voters.get(correction.voter_id)
        return CorrectionRow(correction.voter_name, voter.sex if voter else "",
                             _month(voter.birth_date) if voter else "", correction.group_name,
                             correction.reason)

    total = sum(n for _g, n in counts_by_group(scope))
    spec = SupplementSpec(
        title=f"{village.name}{scope.election.term_label}村民委员会选举\n选民名单补正公告", number="",
        intro="本村参加选举村民名单公布后，经村民选举委员会审核（含对异议的处理），现对名单作如下补正：",
        added=[row(c) for c in pending if c.action == "add"],
        removed=[row(c) for c in pending if c.action == "remove"],
        changed=[row(c) for c in pending if c.action == "change"],
        total_text=f"补正后，本村登记参加选举的村民共{total}人。",
        objection_text=supplement_objection_sentence(scope, published_on),
        issuer=election_committee_name(village.name), date_text=format_date(published_on))
    document = _issue(scope, "voter_supplement", spec)
    publication = VoterPublication(election_id=scope.election.id, kind="supplement", published_on=published_on,
                                   document_id=document.id, voter_count=total)
    scope.session.add(publication)
    scope.session.flush()
    scope.session.execute(update(VoterCorrection).where(VoterCorrection.id.in_([c.id for c in pending]))
                    .values(publication_id=publication.id))
    scope.session.flush()
    return document


def publish_objection_results(scope: ElectionScope, objection_ids: list[int],
                              published_on: date) -> Document:
    """Post the decisions of the given objections (VC-11: results are made public)."""
    chosen = list(scope.session.scalars(select(Objection).where(Objection.id.in_(objection_ids))
                                  .order_by(Objection.received_on, Objection.id)))
    undecided = [o for o in chosen if o.decided_on is None]
    if not chosen or undecided:
        raise InvalidInput({"general": msg("只能公布已作出处理决定的异议")})
    village = scope.village
    decisions = [objection_decision_text(o) for o in chosen]
    spec = ObjectionResultSpec(
        title=f"{village.name}村民选举委员会\n关于选民名单异议处理结果的公告", number="",
        intro="根据《中华人民共和国村民委员会组织法》第十四条规定，现将对选民名单异议的处理结果公布如下：",
        decisions=decisions, issuer=election_committee_name(village.name),
        date_text=format_date(published_on))
    document = _issue(scope, "objection_result", spec)
    for objection in chosen:
        objection.document_id = document.id
    scope.session.flush()
    return document


def objection_decision_text(objection: Objection) -> str:
    """One decided objection as posted (VC-11): the objector as 王某, the outcome said once.

    The objector is a private person: the public notice gives only the surname (王建国 →
    王某). The clerk's decision often starts with the outcome (“异议成立，将…”); the
    sentence already states it, so that opening is not repeated.
    """
    outcome = "异议成立" if objection.upheld else "异议不成立"
    decision = re.sub(r"^\s*(?:经审查[，,]?\s*)?异议(?:不)?成立[，。；：,.;:\s]*", "",
                      objection.decision.strip()).rstrip("。.；; ")
    content = objection.content.strip().rstrip("。")
    text = (f"{masked_name(objection.filed_by)}于{format_date(objection.received_on)}对{objection.about}"
            f"的登记提出异议" + (f"（{content}）" if content else "") + f"。经审查，{outcome}。")
    return text + (f"处理决定：{decision}。" if decision else "")


def assign_card_numbers(scope: ElectionScope) -> None:
    """Number the cards of voters without one: groups in posting order, names in stroke order."""
    voters = scope.session.scalars(select(Voter).where(Voter.election_id == scope.election.id,
                                                 Voter.status == "registered")).all()
    taken = max((v.card_number or 0 for v in voters), default=0)
    order = {ident: index for index, ident in enumerate(group_ids(scope.session, scope.election.village_id).values())}
    fresh = names.ordered(scope.session, [v for v in voters if v.card_number is None], lambda v: v.name)
    fresh.sort(key=lambda v: order.get(v.group_id, 10**6))
    for offset, voter in enumerate(fresh, start=1):
        voter.card_number = taken + offset
    scope.session.flush()


def plan_voter_cards(scope: ElectionScope, voter_ids: list[int]) -> documents.Draft:
    """Draft the cards of the given voters; their card numbers must be assigned already."""
    if not voter_ids:
        raise InvalidInput({"general": msg("没有要打印选民证的选民")})
    village, profile = scope.village, scope.profile
    groups = {ident: name for name, ident in group_ids(scope.session, village.id).items()}
    voters = scope.session.scalars(select(Voter).where(Voter.id.in_(voter_ids), Voter.status == "registered")
                                   .order_by(Voter.card_number)).all()
    card_name = profile.get("voter_card_name")
    cards = [VoterCard(f"{v.card_number:05d}", v.name, v.sex, groups.get(v.group_id, ""), mask(v.id_number))
             for v in voters]
    day = scope.election.committee_election_day
    spec = VoterCardsSpec(
        title=f"{village.name}{card_name}（{len(cards)}张）",
        election_title=f"{village.name}{scope.election.term_label}村民委员会选举", card_name=card_name,
        vote_date_text=format_date(day) if day else "另行公告", issuer=election_committee_name(village.name),
        cards=cards)
    return documents.draft(scope.session, "voter_cards", spec,
                           documents.Placement.of_election(scope.session, scope.election))


def post_voter_cards(scope: ElectionScope, card_draft: documents.Draft, pdf: bytes) -> Document:
    """Archive rendered cards (one short write)."""
    return documents.archive(scope.session, [card_draft], [pdf])[0]


def issue_voter_cards(scope: ElectionScope, voter_ids: list[int]) -> Document:
    """Cards for the given voters (numbers assigned first), archived as one document."""
    assign_card_numbers(scope)
    card_draft = plan_voter_cards(scope, voter_ids)
    return post_voter_cards(scope, card_draft, documents.render(card_draft))


def group_name(session: Session, group_id: int | None) -> str:
    """A group's name ("" for none)."""
    group = session.get(VillageGroup, group_id) if group_id else None
    return group.name if group else ""
