"""关于××村党员大会应到会人数的报告 (PT-04, PT-06, PT-07, PT-08) to the township Party committee.

The counts (党员总数, 预备党员, 无表决权的正式党员 with names, 有选举权的正式党员, 拟不计入,
应到会, 有效的最低到会人数 and the 4/5 rule's wording) are given by the caller, which
applies the township's policy; the exclusions are listed in a table with the opinions
of the member, the family and the township committee.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.platypus import Flowable

from printing import layout
from printing.cjk import GridParagraph
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import join_names


@dataclass(frozen=True)
class NonVotingMember:
    """A full member without the vote (PT-04)."""

    name: str
    reason: str  # 留党察看期间 / 被依法留置 / 被依法逮捕


@dataclass(frozen=True)
class AttendanceExclusionRow:
    """One member proposed not to count in the expected attendance (PT-07)."""

    name: str
    category: str  # the PT-07 category, e.g. 年老体弱卧床不起
    detail: str
    member_opinion: str = ""  # 本人意见
    family_opinion: str = ""  # 家属意见
    township_opinion: str = ""  # 镇党委意见


@dataclass(frozen=True)
class AttendanceReportSpec:
    """Everything printed on the report; counts are ints, dates formatted text."""

    title: str  # 关于××村党员大会应到会人数的报告
    addressee: str  # 中共××镇委员会
    total_members: int  # 党员总数
    probationary_members: int  # 其中预备党员
    voting_members: int  # 有选举权的正式党员
    expected: int  # 应到会人数
    minimum_present: int  # 党员大会有效的最低到会人数
    issuer: str
    date_text: str
    non_voting: list[NonVotingMember] = field(default_factory=list)
    exclusions: list[AttendanceExclusionRow] = field(default_factory=list)
    quorum_rule: str = "超过"  # or 不少于 (PT-08)
    quorum_share: str = "五分之四"
    as_of: str = ""  # 截至…
    meeting_date: str = ""  # the 党员大会
    closing: str = "特此报告。"
    copy_to: str = ""  # 抄送 (版记), e.g. 中共××县委组织部
    stamped: bool = True


HEADER = ["姓名", "情形", "具体情况", "本人意见", "家属意见", "镇党委意见"]
WIDTHS_MM = [18.0, 40.0, 34.0, 20.0, 20.0, 24.0]


def _grouped(members: list[NonVotingMember]) -> str:
    """“留党察看期间1名（王五），被依法逮捕1名（赵六）”, reasons in first-seen order."""
    groups: dict[str, list[str]] = {}
    for member in members:
        groups.setdefault(member.reason, []).append(member.name)
    return "，".join(f"{reason}{len(names)}名（{join_names(names)}）" for reason, names in groups.items())


def _body(spec: AttendanceReportSpec) -> list[str]:
    when = f"拟于{spec.meeting_date}" if spec.meeting_date else "拟近期"
    lead = (f"根据《中国共产党基层组织选举工作条例》和镇党委关于村“两委”换届工作的要求，我支部{when}"
            "召开党员大会进行换届选举。现将党员大会应到会人数有关情况报告如下：")
    as_of = f"截至{spec.as_of}，" if spec.as_of else ""
    full = spec.total_members - spec.probationary_members
    counts = (f"{as_of}我支部共有党员{spec.total_members}名，其中正式党员{full}名、"
              f"预备党员{spec.probationary_members}名。")
    if spec.non_voting:
        counts += (f"正式党员中，没有表决权、选举权和被选举权或上述权利被中止的{len(spec.non_voting)}名："
                   f"{_grouped(spec.non_voting)}。")
    counts += f"有选举权的正式党员{spec.voting_members}名。"
    excluded = len(spec.exclusions)
    if excluded:
        expected = (f"经征求本人和家属意见，拟不计入应到会人数的党员{excluded}名"
                    f"（{join_names([row.name for row in spec.exclusions])}，具体情况见下表）。"
                    f"据此，党员大会应到会人数为{spec.expected}名。")
    else:
        expected = f"没有拟不计入应到会人数的党员，党员大会应到会人数为{spec.expected}名。"
    quorum = (f"有选举权的到会人数须{spec.quorum_rule}应到会人数的{spec.quorum_share}，会议方为有效，"
              f"即党员大会有效的最低到会人数为{spec.minimum_present}名。")
    return [lead, counts, expected + quorum]


class Colophon(Flowable):
    """GB/T 9704 版记 at the foot of the last page: 抄送 between two thick rules."""

    SIZE = 14.0  # 4号

    def __init__(self, text: str):
        super().__init__()
        self.line = GridParagraph(text, layout.BODY, self.SIZE, self.SIZE * 1.6,
                                  first_line_indent=1, right_indent=1, pitch=self.SIZE)
        self.need = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.need = self.line.wrap(availWidth, availHeight)[1] + 4
        self.width = availWidth
        self.height = max(self.need, availHeight - 0.01)  # fill the page: the rules sit at its foot
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.35 * 72 / 25.4)
        top = self.need
        canvas.line(0, top, self.width, top)
        canvas.line(0, 0, self.width, 0)
        canvas.restoreState()
        self.line.drawOn(canvas, 0, top - 2 - self.line.height)


def render(spec: AttendanceReportSpec, footer: layout.Footer) -> bytes:
    """Title, 主送, counts, the exclusions table, 特此报告。, signature, optional 抄送."""
    flowables = [layout.title(spec.title),
                 layout.paragraph(f"{spec.addressee.rstrip('：:')}：", indent=0)]
    flowables += [layout.paragraph(text) for text in _body(spec)]
    if spec.exclusions:
        rows = [[r.name, r.category, r.detail, r.member_opinion, r.family_opinion, r.township_opinion]
                for r in spec.exclusions]
        flowables.append(layout.table(HEADER, rows, WIDTHS_MM))
        flowables.append(layout.paragraph("上述党员不计入应到会人数，经镇党委同意后，提请党员大会通过。"))
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text, stamped=spec.stamped))
    if spec.copy_to:
        flowables.append(Colophon(f"抄送：{spec.copy_to.rstrip('。')}。"))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("attendance_report", "应到会人数报告", AttendanceReportSpec, render,
                           numbered=False, public=False))
