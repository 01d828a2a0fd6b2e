"""Proxy voting (委托投票, VC-19, GC-11, PV-07): written authorisations registered before the
profile's deadline, to a close relative (VC-29) who is a registered voter of the village, at most
the profile's number of principals per proxy, no sub-delegation, none on the election day where
the profile forbids a 现场临时委托 (SD-26) — elsewhere the deadline decides.

:func:`valid_count` is what the ballots of the vote count on: the authorisations valid now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import RELATIONSHIPS, VcMobileBoxVoter, VcProxy, Voter
from workflows.core import audit, names, relatives
from workflows.core.errors import InvalidInput
from workflows.core.relatives import CONVERSE
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, format_date, msg
from workflows.villager.officials import standing_candidates
from workflows.villager.polling import group_names, registered_voter

audit.register_name_resolver("vc_proxy", lambda row: f"委托投票（第{row.id}号）")
KINDS = RELATIONSHIPS  # VC-29: the proxy is the principal's …


@dataclass(frozen=True)
class ProxyRules:
    """The profile's proxy rules as they apply to this election."""

    max_principals: int  # GC-11, PV-07
    deadline: date | None  # the last day to register (milestone proxy_deadline)
    election_day: date | None
    not_candidate: bool  # PV-07: a candidate may not be a proxy
    list_due: date | None  # PV-07: the list published by then (None: no number of days set)
    on_site_forbidden: bool = True  # SD-26, PV-07: no authorisation on the election day itself


def rules(scope: ElectionScope) -> ProxyRules:
    """The limits of this election under the township's profile."""
    profile = scope.profile
    day = scope.election.committee_election_day
    due = {m.key: m.due for m in scope.schedule.milestones}
    list_days = profile.days("proxy_list_days")
    list_due = None
    if day is not None and list_days:
        strict = profile.get("days_before_rule") == "strict"
        list_due = date.fromordinal(day.toordinal() - list_days - (1 if strict else 0))
    return ProxyRules(profile.get("proxy_max"), due.get("proxy_deadline"), day,
                      bool(profile.get("proxy_not_candidate")), list_due, bool(profile.get("proxy_on_site_forbidden")))


def on_site_allowed(scope: ElectionScope) -> bool:
    """Whether an authorisation may still be registered at the polling place on the election day
    (the profile does not forbid it, SD-26, and its deadline is the day itself, PV-07)."""
    limits = rules(scope)
    return (not limits.on_site_forbidden and limits.election_day is not None
            and (limits.deadline is None or limits.deadline >= limits.election_day))


@dataclass(frozen=True)
class ProxyInput:
    """What the authorisation dialog collects."""

    principal_id: int | None
    proxy_id: int | None
    kind: str
    reason: str
    authorised_on: date | None
    registered_on: date | None


@dataclass(frozen=True)
class ProxyLine:
    """An authorisation as the page, the cards and the list show it, with what is wrong now."""

    id: int
    principal: str
    principal_group: str
    proxy: str
    proxy_group: str
    kind: str
    reason: str
    authorised_on: date
    registered_on: date
    card_number: int | None
    published_on: date | None
    problems: tuple[Msg, ...]  # each makes the authorisation invalid
    unconfirmed: Msg | None  # the relationship is not (yet) in the township's relatives records

    @property
    def valid(self) -> bool:
        """Whether the proxy may take the principal's ballot."""
        return not self.problems


def _recorded_kind(scope: ElectionScope, principal: Voter, proxy: Voter) -> str | None:
    """What the township's relatives records make ``proxy`` of ``principal`` (VC-29), if anything."""
    for pair in relatives.pairs_among(scope.session, scope.township.id,
                                      [(principal.name, principal.id_number), (proxy.name, proxy.id_number)]):
        return pair.kind if pair.id_number_a == principal.id_number else CONVERSE[pair.kind]
    return None


def _date_problems(limits: ProxyRules, registered_on: date) -> list[Msg]:
    day = limits.election_day
    if day is not None and registered_on > day:
        return [msg("办理日期{day}晚于选举日{vote}", day=format_date(registered_on), vote=format_date(day))]
    if day is not None and registered_on == day and limits.on_site_forbidden:  # SD-26: none on the day
        return [msg("办理日期{day}不在选举日{vote}之前：选举日当天和投票现场不办理委托（SD-26、PV-07）",
                    day=format_date(registered_on), vote=format_date(day))]
    if limits.deadline is not None and registered_on > limits.deadline:
        return [msg("办理日期{day}晚于委托投票办理截止日{due}（PV-07）", day=format_date(registered_on),
                    due=format_date(limits.deadline))]
    return []


def lines(scope: ElectionScope) -> list[ProxyLine]:
    """Every authorisation, principals in surname-stroke order, each checked as things stand."""
    limits = rules(scope)
    groups = group_names(scope)
    rows = scope.session.scalars(select(VcProxy).where(VcProxy.election_id == scope.election.id)
                                 .order_by(VcProxy.registered_on, VcProxy.id)).all()
    voters = {v.id: v for v in scope.session.scalars(select(Voter).where(
        Voter.id.in_({r.principal_id for r in rows} | {r.proxy_id for r in rows})))}
    principals = {r.principal_id for r in rows}
    standing = {c.id_number for c in standing_candidates(scope)} if limits.not_candidate else set()
    accepted: dict[int, int] = {}
    result = []
    for row in rows:
        principal, proxy = voters[row.principal_id], voters[row.proxy_id]
        problems = _line_problems(scope, limits, row, principal, proxy, principals, standing, accepted)
        recorded = _recorded_kind(scope, principal, proxy)
        if recorded is not None and recorded != row.kind:
            problems.append(msg("近亲属记录中{proxy}是{principal}的{recorded}，与登记的“{kind}”不符（VC-29）",
                                proxy=proxy.name, principal=principal.name, recorded=recorded, kind=row.kind))
        unconfirmed = None if recorded is not None else msg(
            "{proxy}是{principal}的{kind}，尚未记入本乡镇的近亲属记录，请核实后确认（VC-29）",
            proxy=proxy.name, principal=principal.name, kind=row.kind)
        result.append(ProxyLine(row.id, principal.name, groups.get(principal.group_id, ""), proxy.name,
                                groups.get(proxy.group_id, ""), row.kind, row.reason, row.authorised_on,
                                row.registered_on, row.card_number, row.published_on, tuple(problems),
                                unconfirmed))
    return names.ordered(scope.session, result, lambda line: line.principal)


def _line_problems(scope: ElectionScope, limits: ProxyRules, row: VcProxy, principal: Voter, proxy: Voter,
                   principals: set[int], standing: set[str], accepted: dict[int, int]) -> list[Msg]:
    """Why one stored authorisation is not valid now (the roll, the candidates or the day moved)."""
    problems = []
    if principal.status != "registered":
        problems.append(msg("委托人{name}已不在选民名单上（VC-19）", name=principal.name))
    if proxy.status != "registered":
        problems.append(msg("受委托人{name}已不在选民名单上（VC-19）", name=proxy.name))
    if proxy.id in principals:
        problems.append(msg("受委托人{name}本人也委托了他人投票，受委托人不得再委托（GC-11）", name=proxy.name))
    if proxy.id_number in standing:
        problems.append(msg("受委托人{name}是候选人，候选人不得接受委托（PV-07）", name=proxy.name))
    problems += _date_problems(limits, row.registered_on)
    if not problems:  # GC-11: the first authorisations registered count, the rest are over the limit
        accepted[proxy.id] = accepted.get(proxy.id, 0) + 1
        if accepted[proxy.id] > limits.max_principals:
            problems.append(msg("{name}接受委托已超过{n}人（GC-11）", name=proxy.name, n=limits.max_principals))
    return problems


def valid_count(scope: ElectionScope) -> int:
    """The number of valid authorisations (each one ballot a proxy takes for a principal)."""
    return sum(1 for line in lines(scope) if line.valid)


def register(scope: ElectionScope, data: ProxyInput) -> int:
    """Register a written authorisation; refused, with the reason by field, where it breaks a rule."""
    limits = rules(scope)
    errors: dict[str, Msg] = {}
    principal = registered_voter(scope, data.principal_id)
    proxy = registered_voter(scope, data.proxy_id)
    if principal is None:
        errors["principal_id"] = msg("委托人须是本村登记的选民")
    if proxy is None:
        errors["proxy_id"] = msg("受委托人须是本村有选举权的选民（VC-19）")
    if data.kind not in RELATIONSHIPS:  # VC-29
        errors["kind"] = msg("受委托人须是委托人的近亲属：{kinds}（VC-29）", kinds="、".join(RELATIONSHIPS))
    errors.update(_dates(scope, limits, data))
    if principal is not None and proxy is not None:
        errors.update(_people(scope, limits, data, principal, proxy))
    if errors:
        raise InvalidInput(errors)
    row = VcProxy(election_id=scope.election.id, principal_id=principal.id, proxy_id=proxy.id, kind=data.kind,
                  reason=data.reason.strip(), authorised_on=data.authorised_on,
                  registered_on=data.registered_on)
    scope.session.add(row)
    scope.session.flush()
    return row.id


def _dates(scope: ElectionScope, limits: ProxyRules, data: ProxyInput) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    if limits.election_day is None:
        return {"registered_on": msg("尚未设定村委会选举日")}
    if data.registered_on is None:
        errors["registered_on"] = msg("请填写办理日期")
    elif data.registered_on > scope.today:
        errors["registered_on"] = msg("办理日期{day}晚于今天", day=format_date(data.registered_on))
    else:
        problems = _date_problems(limits, data.registered_on)
        if problems:
            errors["registered_on"] = problems[0]
    if data.authorised_on is None:
        errors["authorised_on"] = msg("请填写委托书上的日期：委托须是书面的（VC-19）")
    elif data.registered_on is not None and data.authorised_on > data.registered_on:
        errors["authorised_on"] = msg("委托书日期晚于办理日期")
    return errors


def _people(scope: ElectionScope, limits: ProxyRules, data: ProxyInput, principal: Voter,
            proxy: Voter) -> dict[str, Msg]:
    """The two people: not the same, no sub-delegation, the limit, candidates, the records."""
    if principal.id == proxy.id:
        return {"proxy_id": msg("委托人和受委托人不能是同一人")}
    stored = scope.session.scalars(select(VcProxy).where(VcProxy.election_id == scope.election.id)).all()
    given = next((r for r in stored if r.principal_id == principal.id), None)
    if given is not None:
        return {"principal_id": msg("{name}已经办理了委托，须先撤销原委托", name=principal.name)}
    if any(r.proxy_id == principal.id for r in stored):
        return {"principal_id": msg("{name}已接受他人委托，受委托人不得再委托他人（GC-11）", name=principal.name)}
    if any(r.principal_id == proxy.id for r in stored):
        return {"proxy_id": msg("{name}本人已委托他人投票，不能再接受委托（GC-11）", name=proxy.name)}
    on_box = scope.session.scalar(select(VcMobileBoxVoter.id).where(
        VcMobileBoxVoter.election_id == scope.election.id, VcMobileBoxVoter.voter_id == principal.id))
    if on_box is not None:
        return {"principal_id": msg("{name}已登记使用流动票箱投票，不再办理委托", name=principal.name)}
    count = sum(1 for r in stored if r.proxy_id == proxy.id)
    if count >= limits.max_principals:  # GC-11: refused at entry, with the reason
        return {"proxy_id": msg("{name}已接受{count}人委托，每一选民接受委托投票不得超过{n}人（GC-11）",
                                name=proxy.name, count=count, n=limits.max_principals)}
    if limits.not_candidate and proxy.id_number in {c.id_number for c in standing_candidates(scope)}:
        return {"proxy_id": msg("{name}是候选人，按规定候选人不得接受委托（PV-07）", name=proxy.name)}
    recorded = _recorded_kind(scope, principal, proxy)
    if recorded is not None and recorded != data.kind:
        return {"kind": msg("近亲属记录中{proxy}是{principal}的{recorded}（VC-29）", proxy=proxy.name,
                            principal=principal.name, recorded=recorded)}
    return {}


def remove(scope: ElectionScope, proxy_id: int) -> None:
    """Withdraw an authorisation (the principal revoked it, or it was entered by mistake)."""
    scope.session.delete(_own(scope, proxy_id))
    scope.session.flush()


def confirm_relationship(scope: ElectionScope, proxy_id: int) -> None:
    """Record the authorisation's relationship in the township's relatives (VC-29), once checked."""
    row = _own(scope, proxy_id)
    principal, proxy = scope.session.get(Voter, row.principal_id), scope.session.get(Voter, row.proxy_id)
    relatives.record(scope.session, scope.township.id, (principal.name, principal.id_number),
                     (proxy.name, proxy.id_number), row.kind, "委托投票时核实")


def _own(scope: ElectionScope, proxy_id: int) -> VcProxy:
    row = scope.session.get(VcProxy, proxy_id)
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"general": msg("找不到这份委托")})
    return row
