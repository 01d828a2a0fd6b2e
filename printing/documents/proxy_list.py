"""委托投票公告 (paper-formats §4; VC-19: the committee publishes principals and proxies).

Names only — no ID numbers, no reasons: the wall shows who votes for whom and how they are
related, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind


@dataclass(frozen=True)
class ProxyListRow:
    """One approved authorisation."""

    principal: str
    group: str
    proxy: str
    kind: str  # the proxy is the principal's …


@dataclass(frozen=True)
class ProxyListSpec:
    """The notice listing the approved written authorisations."""

    title: str
    number: str
    intro: str  # says the order the names are in
    rows: list[ProxyListRow] = field(default_factory=list)
    total_text: str = ""
    notes: list[str] = field(default_factory=list)  # objections, the card, no sub-delegation
    closing: str = "特此公告"
    issuer: str = ""
    date_text: str = ""


HEADER = ["序号", "委托人", "村民小组", "受委托人", "与委托人关系"]


def render(spec: ProxyListSpec, footer: layout.Footer) -> bytes:
    """Title, number, lead, the table, total, notes, closing, signature."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    cells = [[str(i), r.principal, r.group, r.proxy, f"{r.kind}"] for i, r in enumerate(spec.rows, start=1)]
    flowables.append(layout.table(HEADER, cells))
    flowables += [layout.paragraph(text) for text in (spec.total_text, *spec.notes) if text]
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("vc_proxy_list", "委托投票公告", ProxyListSpec, render, numbered=True))
