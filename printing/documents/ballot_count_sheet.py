"""选票印制发放清点单 (paper-formats §8, §9 “选票分发情况报告单”; PT-11, PT-12, GC-15): how many
ballots were printed, in which sealed packets, how many each ballot box took and gave out,
how many came back unused and what became of the spare ones — signed by hand.

The batch (packet) numbers live **here and on the packets**, never on the ballots (PT-12).
Numbers are strings so a sheet can be printed before the vote with the later columns left
blank for handwriting. Internal record (not posted); no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.lib.units import mm

from printing import canvas_text, layout
from printing.documents import DocumentKind, register_kind
from printing.fonts import BODY, HEI

SIGN_SIZE = 14.0  # 4号
SIGN_LINE = Color(0.3, 0.3, 0.3)
ROW_LINES = 1.1  # a signature line, in body lines (room to write)
DEFAULT_SIGNERS = ["印制监督人", "总监票人", "监票人", "村民选举委员会主任"]


class SignatureLines(layout.Signature):
    """Handwritten signature lines, two roles a line (“总监票人（签字）：＿＿＿＿”), then the date.

    A :class:`printing.layout.Signature`, so the document's end is kept together with the
    table before it: the signatures never stand alone on a page (GB/T 9704 §7.3.5).
    """

    def __init__(self, roles: list[str], date_text: str = "", per_line: int = 2):
        super().__init__([], blank_lines=1)
        self.roles, self.date_text, self.per_line = roles, date_text, per_line
        self._wide: set[str] = set()

    def _rows(self, width: float) -> list[list[str]]:
        """Roles two a line; a role too long for half a line has a line of its own."""
        column = width / self.per_line
        rows: list[list[str]] = []
        for role in self.roles:
            wide = canvas_text.width(f"{role}（签字）：", HEI, SIGN_SIZE) > column - 22 * mm
            if wide or not rows or len(rows[-1]) >= self.per_line or rows[-1][0] in self._wide:
                rows.append([role])
                if wide:
                    self._wide.add(role)
            else:
                rows[-1].append(role)
        date = self.date_text or "　　　　年　　月　　日　　时　　分"
        return [*rows, [f"日期：{date}"]]

    def _text_height(self, avail_width: float) -> float:
        return len(self._rows(avail_width)) * layout.LINE_PITCH * ROW_LINES

    def draw(self) -> None:
        canvas = self.canv
        column = self.width / self.per_line
        y = self.height - self.gap
        for row in self._rows(self.width):
            y -= layout.LINE_PITCH * ROW_LINES
            baseline = y + layout.LINE_PITCH * 0.3
            span = self.width if len(row) == 1 and row[0] in self._wide else column
            for index, role in enumerate(row):
                x = index * column
                if role.startswith("日期："):
                    canvas_text.draw(canvas, x, baseline, role, BODY, SIGN_SIZE)
                    continue
                label = f"{role}（签字）："
                drawn = canvas_text.draw(canvas, x, baseline, label, HEI, SIGN_SIZE)
                canvas.saveState()
                canvas.setStrokeColor(SIGN_LINE)
                canvas.setLineWidth(0.5)
                canvas.line(x + drawn + 1 * mm, baseline - 1.5 * mm, x + min(span, drawn + 50 * mm) - 4 * mm,
                            baseline - 1.5 * mm)
                canvas.restoreState()


@dataclass(frozen=True)
class PacketLine:
    """One sealed packet of ballots (its number is printed on the packet, not the ballots)."""

    packet: str  # 包号 / 批号, e.g. “A-01”
    count: str  # 张数
    sealed: str = ""  # 封装日期
    note: str = ""


@dataclass(frozen=True)
class BoxLine:
    """One ballot box (the main venue, a station, a mobile box): ballots taken, issued, back."""

    box: str  # 选举大会会场 / 第一投票站 / 流动票箱（一）
    packets: str  # which packets it took
    received: str = ""  # 领取张数
    issued: str = ""  # 发出张数 (to voters)
    unused: str = ""  # 未用退回张数


@dataclass(frozen=True)
class BallotCountSheetSpec:
    """The sheet of one ballot kind; counts as text (blank = to be written by hand)."""

    title: str  # “石桥村第十二届村民委员会选举选票印制发放清点单”
    ballot_kind: str  # “村民委员会选举选票”
    registered: int  # 登记参加选举的村民 (or 有选举权的党员) — the basis of the quantity
    spare: int  # 备用选票
    spare_rule: str  # “按登记人数的2%备用，进一法”
    printed: int  # registered + spare
    packets: list[PacketLine]
    boxes: list[BoxLine]
    returned_unused: str = ""  # all unused ballots returned (boxes' unused + spare packets)
    disposal: str = "未使用的选票（含备用票）经清点后当众剪角作废，留存3张存档，其余封存备查。"
    signers: list[str] = field(default_factory=lambda: list(DEFAULT_SIGNERS))
    date_text: str = ""  # blank: a line to write the date and hour on


PACKET_HEADER = ["序号", "包号", "张数", "封装日期", "备注"]
BOX_HEADER = ["票箱（投票地点）", "领取包号", "领取张数", "发出张数", "未用退回张数"]


def _totals_row(spec: BallotCountSheetSpec) -> list[str]:
    def total(values: list[str]) -> str:
        return str(sum(int(v) for v in values)) if values and all(v.strip().isdigit() for v in values) else ""

    return ["合计", "", total([b.received for b in spec.boxes]), total([b.issued for b in spec.boxes]),
            total([b.unused for b in spec.boxes])]


def render(spec: BallotCountSheetSpec, footer: layout.Footer) -> bytes:
    """Title, the quantity sentence, packets, boxes, the unused ballots, signatures."""
    flowables = [layout.title(spec.title)]
    flowables.append(layout.paragraph(
        f"{spec.ballot_kind}按登记人数{spec.registered}人印制，另{spec.spare_rule}{spec.spare}张，"
        f"共印制{spec.printed}张，分{len(spec.packets)}包密封。选票上不编号、不作任何记号，包号只写在封袋和本单上。"))
    flowables.append(layout.heading("一、印制与封装"))
    flowables.append(layout.table(PACKET_HEADER, [[str(i), p.packet, p.count, p.sealed, p.note]
                                                  for i, p in enumerate(spec.packets, start=1)],
                                  optional=("备注",)))
    flowables.append(layout.heading("二、领取与发放"))
    rows = [[b.box, b.packets, b.received, b.issued, b.unused] for b in spec.boxes]
    flowables.append(layout.table(BOX_HEADER, [*rows, _totals_row(spec)]))
    flowables.append(layout.heading("三、未用选票"))
    returned = spec.returned_unused or "　　　"
    flowables.append(layout.paragraph(f"未用选票（含备用票）共退回{returned}张。{spec.disposal}"))
    flowables.append(SignatureLines(spec.signers, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("ballot_count_sheet", "选票印制发放清点单", BallotCountSheetSpec, render,
                           public=False))
