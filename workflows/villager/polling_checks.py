"""What the vote-notice stage checks in the arrangements and the proxies (SD-26, GC-16, PV-06,
PV-14, VC-19, GC-11, PV-07, VC-29). The notice's own date is the legal calendar's milestone
``vote_notice_published`` (counted in calendar days, a holiday does not move it), so it is not
repeated here.
"""

from __future__ import annotations

import re

from workflows.core.findings import Findings, Severity
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.villager import officials as officials_
from workflows.villager import polling, proxies


def arrangement_findings(scope: ElectionScope) -> Findings:
    """The places, mobile boxes and officials: what the notice must name, complete and lawful."""
    found = Findings()
    main = polling.main_venue(scope)
    if main is None:
        found.add(msg("尚未登记选举大会会场（中心会场）的地点和投票时间"), "SD-26")
    unserved = polling.unserved_groups(scope)
    if unserved:
        found.add(msg("以下村民小组尚无负责的投票地点：{groups}", groups="、".join(unserved)), "SD-26")
    rows = officials_.officials(scope)
    for role in officials_.REQUIRED_ROLES:
        if not any(row.role == role for row in rows):
            found.add(msg("尚未确定{role}", role=officials_.ROLE_LABELS[role]), "SD-26 PV-06")
    for row in rows:
        if row.problem is not None:
            found.add(row.problem, "PV-14", subjects=(row.id,))
    _box_findings(scope, found)
    return found


def _box_findings(scope: ElectionScope, found: Findings) -> None:
    """GC-16: each box has its voters (each with a reason) and at least the profile's scrutineers."""
    minimum = scope.profile.get("mobile_box_scrutineers")
    watchers = officials_.box_scrutineers(scope)
    for box in polling.boxes(scope):
        count = len(watchers.get(box.id, []))
        if count < minimum:
            found.add(msg("{box}只有{n}名监票人，每个流动票箱至少须有{minimum}名监票人",
                          box=box.name, n=count, minimum=minimum), "GC-16", subjects=(box.id,))
        if not box.voters:
            found.add(msg("{box}尚未登记使用的选民：流动票箱只为确有困难的选民设立", box=box.name),
                      "GC-16", Severity.WARNING, (box.id,))
        gone = [row.name for row in box.voters if not row.registered]
        if gone:
            found.add(msg("{box}名单上的{names}已不在选民名单上", box=box.name, names="、".join(gone)),
                      "GC-16 VC-19", subjects=(box.id,))


def proxy_findings(scope: ElectionScope) -> Findings:
    """Each authorisation valid, its relationship confirmed, and the list published in time."""
    found = Findings()
    lines = proxies.lines(scope)
    limits = proxies.rules(scope)
    for line in lines:
        for problem in line.problems:
            found.add(msg("{principal}委托{proxy}投票无效：{problem}", principal=line.principal, proxy=line.proxy,
                          problem=str(problem)), _rules_of(problem.template), subjects=(line.id,))
        if line.unconfirmed is not None and line.valid:
            found.add(line.unconfirmed, "VC-29", Severity.WARNING, (line.id,))
    valid = [line for line in lines if line.valid]
    unpublished = [line.principal for line in valid if line.published_on is None]
    if unpublished:
        found.add(msg("以下委托尚未在委托投票公告中公布：{names}（委托人）", names="、".join(unpublished)),
                  "VC-19 PV-07")
    late = [line for line in valid if line.published_on and limits.list_due and line.published_on > limits.list_due]
    if late:
        found.add(msg("委托人和受委托人名单应于{due}以前公布，{names}的委托于{day}才公布",
                      due=format_date(limits.list_due), names="、".join(line.principal for line in late),
                      day=format_date(max(line.published_on for line in late))), "PV-07")
    unprinted = [line.principal for line in valid if line.card_number is None]
    if unprinted:
        found.add(msg("尚未打印委托投票证：{names}（委托人）", names="、".join(unprinted)), "VC-19",
                  Severity.WARNING)
    return found


def _rules_of(template: str) -> str:
    """The rule IDs a problem's message cites (“（GC-11）” → “GC-11”)."""
    return " ".join(re.findall(r"[A-Z]{2,4}-\d+", template)) or "VC-19"


def findings(scope: ElectionScope) -> Findings:
    """Everything the stage checks besides the notice's date."""
    found = arrangement_findings(scope)
    found.extend(proxy_findings(scope))
    return found
