"""The paper of proxy voting: a 委托投票证 for each valid authorisation and the 委托投票公告
listing principals and proxies by name (VC-19; paper-formats §4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from models import Document, VcProxy, Voter
from printing.documents.proxy_card import ProxyCard, ProxyCardsSpec
from printing.documents.proxy_list import ProxyListRow, ProxyListSpec
from workflows.core import documents, idcard
from workflows.core.errors import InvalidInput
from workflows.core.paper import election_committee_name
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.villager import proxies


def _election_title(scope: ElectionScope) -> str:
    return f"{scope.village.name}{scope.election.term_label}村民委员会选举"


def card_notes(scope: ElectionScope) -> list[str]:
    """The rules printed on every card."""
    limits = proxies.rules(scope)
    notes = [f"每一选民接受委托投票不得超过{limits.max_principals}人；受委托人不得再委托他人。",
             "受委托人凭本证领取选票，按委托人的意愿代为投票；本证经村民选举委员会盖章有效。"]
    if limits.not_candidate:
        notes.append("候选人不得接受委托；选举日和投票现场不办理委托。")
    else:
        notes.append("选举日和投票现场不办理委托。")
    return notes


def _numbered(scope: ElectionScope, ids: list[int]) -> dict[int, int]:
    """Card numbers, given once in order of registration; an authorisation keeps its number."""
    rows = scope.session.scalars(select(VcProxy).where(VcProxy.id.in_(ids)).order_by(
        VcProxy.registered_on, VcProxy.id)).all()
    taken = scope.session.scalar(select(func.max(VcProxy.card_number)).where(
        VcProxy.election_id == scope.election.id)) or 0
    for row in rows:
        if row.card_number is None:
            taken += 1
            row.card_number = taken
    scope.session.flush()
    return {row.id: row.card_number for row in rows}


def issue_cards(scope: ElectionScope, proxy_ids: list[int] | None = None) -> Document:
    """Cards for the given authorisations (all valid ones when None); an invalid one is refused."""
    lines = proxies.lines(scope)
    chosen = [line for line in lines if proxy_ids is None or line.id in proxy_ids]
    if proxy_ids is None:
        chosen = [line for line in chosen if line.valid]
    invalid = [line for line in chosen if not line.valid]
    if invalid:
        raise InvalidInput({"general": msg("{principal}委托{proxy}投票无效，不能发证：{problem}",
                                           principal=invalid[0].principal, proxy=invalid[0].proxy,
                                           problem=str(invalid[0].problems[0]))})
    if not chosen:
        raise InvalidInput({"general": msg("没有可以发证的有效委托")})
    numbers = _numbered(scope, [line.id for line in chosen])
    masked = _masked_principals(scope, [line.id for line in chosen])
    cards = [ProxyCard(f"{numbers[line.id]:04d}", line.principal, line.principal_group, masked[line.id],
                       line.proxy, line.proxy_group, line.kind, line.reason, format_date(line.registered_on))
             for line in sorted(chosen, key=lambda line: numbers[line.id])]
    day = scope.election.committee_election_day
    spec = ProxyCardsSpec(
        title=f"{scope.village.name}委托投票证（{len(cards)}张）", election_title=_election_title(scope),
        vote_date_text=format_date(day) if day else "另行公告",
        issuer=election_committee_name(scope.village.name), cards=cards, notes=card_notes(scope))
    return documents.issue(scope.session, "vc_proxy_cards", spec,
                           documents.Placement.of_election(scope.session, scope.election))


def _masked_principals(scope: ElectionScope, ids: list[int]) -> dict[int, str]:
    rows = scope.session.execute(select(VcProxy.id, Voter.id_number).join(
        Voter, Voter.id == VcProxy.principal_id).where(VcProxy.id.in_(ids))).all()
    return {ident: idcard.mask(number) for ident, number in rows}


def list_spec(scope: ElectionScope, issued_on: date) -> ProxyListSpec:
    """The notice of every valid authorisation, principals in surname-stroke order."""
    valid = [line for line in proxies.lines(scope) if line.valid]  # lines() gives stroke order
    limits = proxies.rules(scope)
    intro = ("根据《中华人民共和国村民委员会组织法》第十五条的规定，经村民选举委员会审核，同意下列选民书面委托"
             "本村有选举权的近亲属代为投票。现将委托人和受委托人名单公布如下（按委托人姓氏笔画为序）：")
    notes = [f"受委托人凭村民选举委员会发放的委托投票证领取选票；每一选民接受委托不得超过{limits.max_principals}人，"
             "受委托人不得再委托他人。",
             "村民对名单有不同意见的，请在选举日前向村民选举委员会提出。"]
    return ProxyListSpec(
        title=f"{_election_title(scope)}\n委托投票公告", number="", intro=intro,
        rows=[ProxyListRow(line.principal, line.principal_group, line.proxy, line.kind) for line in valid],
        total_text=f"共{len(valid)}人委托投票。", notes=notes, closing=scope.profile.get("notice_closing"),
        issuer=election_committee_name(scope.village.name), date_text=format_date(issued_on))


def issue_list(scope: ElectionScope, issued_on: date) -> Document:
    """Post the list; every authorisation on it not yet published is published that day (VC-19)."""
    day = scope.election.committee_election_day
    if issued_on > scope.today:
        raise InvalidInput({"issued_on": msg("公告日期{day}晚于今天", day=format_date(issued_on))})
    if day is not None and issued_on >= day:
        raise InvalidInput({"issued_on": msg("委托投票名单应在选举日{day}之前公布", day=format_date(day))})
    spec = list_spec(scope, issued_on)
    if not spec.rows:
        raise InvalidInput({"issued_on": msg("没有有效的委托，无须公布")})
    valid_ids = [line.id for line in proxies.lines(scope) if line.valid]
    for row in scope.session.scalars(select(VcProxy).where(VcProxy.id.in_(valid_ids))):
        if row.published_on is None or row.published_on > issued_on:
            row.published_on = issued_on
    return documents.issue(scope.session, "vc_proxy_list", spec,
                           documents.Placement.of_election(scope.session, scope.election),
                           scope.notice_number())
