"""村民委员会选举结果公告 (paper-formats §9; VC-18, GC-17, SD-26, VC-17, GC-18): posted on the spot.

A numbered notice of the village election committee: the day and the place, the vote's
facts (registered, voted — of them by proxy —, ballots issued and returned, valid and
invalid) and whether the election is valid; per office a table of the votes (by votes,
most first), the elected marked; the elected named office by office; the seats left
unfilled and the 另行选举 arrangement (its candidates, the separate women's seat of
GC-18); 特此公告, the committee and the date with room for its seal.

SD-26: a person elected as a write-in (另选他人) is listed with the votes only — the row says
另选他人, never 当选, and the person is not among the names declared elected.

``correction`` reprints the notice after the results were reverted (issue 12, item 9):
the title becomes “……更正公告” and the first paragraph says what was corrected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import CondPageBreak

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import break_title

WRITE_IN_NOTE = "另选他人"
ELECTED_NOTE = "当选"


@dataclass(frozen=True)
class ResultLine:
    """One person's votes for one office."""

    name: str
    votes: int
    elected: bool = False
    write_in: bool = False  # 另选他人: printed with the votes only (SD-26)


@dataclass(frozen=True)
class OfficeResult:
    """One office: seats, the votes of everyone listed, what is left open."""

    office: str  # 主任 / 副主任 / 委员 / 妇女委员
    seats: int
    lines: list[ResultLine]
    unfilled: int = 0
    note: str = ""  # e.g. a tie: “李玥、刘䶮得票相等，须就二人重新投票。”


@dataclass(frozen=True)
class VcResultsNoticeSpec:
    """Everything printed on the notice (no database objects)."""

    title: str  # “石桥村第十二届村民委员会选举结果公告”
    number: str  # “（第8号）”
    intro: str  # “2026年12月6日，石桥村召开选举大会，采取无记名投票方式选举第十二届村民委员会成员。”
    body: str  # “石桥村第十二届村民委员会”: the elected are declared members of it
    registered: int
    voters: int
    issued: int
    returned: int
    valid_ballots: int
    invalid_ballots: int
    offices: list[OfficeResult]
    proxy_voters: int = 0
    valid: bool = True
    validity_text: str = ""  # replaces the default sentence (e.g. why the round is void)
    runoff: list[str] = field(default_factory=list)  # the 另行选举: seats, date, candidates, women's seat
    notes: list[str] = field(default_factory=list)
    correction: bool = False
    correction_text: str = ""  # what was wrong and what it is now
    closing: str = "特此公告"
    issuer: str = ""
    date_text: str = ""


def printed_title(spec: VcResultsNoticeSpec) -> str:
    """The title; a correction is a 更正公告."""
    if not spec.correction:
        return spec.title
    if spec.title.endswith("更正公告"):
        return spec.title
    if spec.title.endswith("公告"):
        return spec.title[:-2] + "更正公告"
    return spec.title + "更正公告"


def _facts(spec: VcResultsNoticeSpec) -> str:
    proxies = f"（其中委托投票{spec.proxy_voters}人）" if spec.proxy_voters else ""
    text = f"本村登记参加选举的村民{spec.registered}人，参加投票{spec.voters}人{proxies}。"
    if spec.validity_text:
        text += spec.validity_text.rstrip("。") + "。"
    elif spec.valid:
        text += "参加投票的村民超过登记参加选举的村民的半数，选举有效。"
    else:
        text += "选举无效。"
    return (text + f"共发出选票{spec.issued}张，收回{spec.returned}张，"
            f"其中有效票{spec.valid_ballots}张，无效票{spec.invalid_ballots}张。")


def _note(line: ResultLine) -> str:
    if line.write_in:
        return WRITE_IN_NOTE  # never 当选 (SD-26)
    return ELECTED_NOTE if line.elected else ""


def _table(office: OfficeResult):
    lines = sorted(office.lines, key=lambda line: -line.votes)  # stable: list order among equal votes
    rows = [[str(index), line.name, str(line.votes), _note(line)] for index, line in enumerate(lines, start=1)]
    return layout.table(["序号", "姓名", "得票数", "备注"], rows, [16.0, 60.0, 30.0, 50.0])


def declared(office: OfficeResult) -> list[str]:
    """The names declared elected: formal candidates only (write-ins: votes only, SD-26)."""
    return [line.name for line in sorted(office.lines, key=lambda line: -line.votes)
            if line.elected and not line.write_in]


def _declaration(spec: VcResultsNoticeSpec) -> list[str]:
    lines = []
    for office in spec.offices:
        names = declared(office)
        if names:
            lines.append(f"{'、'.join(names)}当选为{spec.body}{office.office}。")
    return lines


def _shortfall(spec: VcResultsNoticeSpec) -> list[str]:
    short = [f"{office.office}{office.unfilled}名" for office in spec.offices if office.unfilled > 0]
    if not short:
        return []
    return [f"尚缺{'、'.join(short)}，依法另行选举。"]


def _section_head(text: str) -> list:
    """A section head that starts a new page rather than end one (four lines: the head, the
    table's header and two rows). Not ``keepWithNext``: kept with a table that ends the
    notice, reportlab would move the whole table, and the signature with it, to the next
    page instead of carrying only the last rows over (:class:`printing.layout.KeepTail`)."""
    head = layout.heading(text)
    head.keepWithNext = False
    return [CondPageBreak(4 * layout.LINE_PITCH), head]


def flowables(spec: VcResultsNoticeSpec) -> list:
    """The body of the notice (shared layout blocks, GB/T 9704 grid)."""
    title = printed_title(spec)
    result = [layout.title(break_title(title, "村民委员会") if "\n" not in title else title)]
    if spec.number:
        result.append(layout.number_line(spec.number))
    if spec.correction and spec.correction_text:
        result.append(layout.paragraph(spec.correction_text))
    result.append(layout.paragraph(spec.intro))
    result.append(layout.paragraph(_facts(spec)))
    sections = []
    if spec.valid:
        for office in spec.offices:
            body = [_table(office)]
            if office.note:
                body.append(layout.paragraph(office.note))
            sections.append((f"{office.office}（应选{office.seats}名）得票情况", body))
        declaration = _declaration(spec) + _shortfall(spec)
        if declaration:
            sections.append(("选举结果", [layout.paragraph(text) for text in declaration]))
        if spec.runoff:
            sections.append(("另行选举", [layout.paragraph(text) for text in spec.runoff]))
    result += layout.numbered_sections(sections, _section_head)
    result += [layout.paragraph(text) for text in spec.notes]
    return result + layout.ending(spec.issuer, spec.date_text, spec.closing)


def render(spec: VcResultsNoticeSpec, footer: layout.Footer) -> bytes:
    """The notice in GB/T 9704 layout."""
    return layout.render_document(flowables(spec), footer=footer,
                                  title_meta=printed_title(spec).replace("\n", ""))


register_kind(DocumentKind("vc_results_notice", "选举结果公告", VcResultsNoticeSpec, render, numbered=True))
