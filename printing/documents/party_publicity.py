"""候选人预备人选公示 (PT-17, paper-formats §12c): posted in the whole village before the 请示.

A numbered notice: the lead names the 委员候选人预备人选 (应选 + 1) and the 书记、副书记
候选人预备人选, a table of the people in the caller's order (姓氏笔画), the publicity
period, and how to report opinions (phone, letter, visit, 12380). Public: no ID numbers
and no candidate phone numbers; only the receiving office's phone is printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import break_title, join_names, period


@dataclass(frozen=True)
class PreliminaryCandidate:
    """One row of the table (no ID number, no phone)."""

    office: str  # 拟任职务: 书记 / 副书记 / 委员
    name: str
    sex: str
    ethnicity: str
    birth_month: str  # “1978.05” or “1978年5月”
    education: str
    joined_party: str  # 入党时间
    current_post: str = ""


@dataclass(frozen=True)
class PartyPublicitySpec:
    """Everything printed on the 公示; dates are already formatted (“2026年3月10日”)."""

    title: str  # 关于中共××村支部委员会委员候选人预备人选的公示
    organisation: str  # 中共××村支部委员会
    township_committee: str  # 中共××镇委员会 (it studied and decided)
    seats: int  # 应选委员名额
    candidates: list[PreliminaryCandidate]  # every 委员 预备人选, in the printed order
    secretaries: list[str]  # 书记候选人预备人选
    period_start: str
    period_end: str
    office: str  # where opinions go, e.g. 中共××镇委员会组织办
    phone: str  # the office's (landline) number
    issuer: str
    date_text: str
    deputies: list[str] = field(default_factory=list)  # 副书记候选人预备人选
    number: str = ""
    address: str = ""  # 来信地址 (with postcode)
    visit_place: str = ""  # 来访地点
    hotline: str = "12380"
    order_note: str = "按姓氏笔画为序"
    basis: str = "根据《中国共产党基层组织选举工作条例》和上级关于村“两委”换届工作的有关要求"
    stamped: bool = False


COLUMNS = ["拟任职务", "姓名", "性别", "民族", "出生年月", "文化程度", "入党时间", "现任职务"]


def _lead(spec: PartyPublicitySpec) -> str:
    names = [c.name for c in spec.candidates]
    quota = f"（应选{spec.seats}名）" if spec.seats else ""
    text = (f"{spec.basis}，经党员推荐、群众推荐，资格联审和组织考察，并经{spec.township_committee}研究，"
            f"确定{spec.organisation}委员候选人预备人选{len(names)}名{quota}，"
            f"{spec.order_note}：{join_names(names)}。")
    if spec.secretaries:
        text += f"其中，书记候选人预备人选：{join_names(spec.secretaries)}"
        text += f"；副书记候选人预备人选：{join_names(spec.deputies)}。" if spec.deputies else "。"
    return text + "现予以公示。"


def _reporting(spec: PartyPublicitySpec) -> list[str]:
    hotline = f"，也可拨打组织部门举报电话{spec.hotline}反映" if spec.hotline else ""
    ways = [f"受理电话：{spec.phone}"] if spec.phone else []
    if spec.address:
        ways.append(f"来信地址：{spec.address}")
    if spec.visit_place:
        ways.append(f"来访地点：{spec.visit_place}")
    return [
        f"公示期间，党员和群众对上述人选如有意见，可通过来电、来信、来访等方式向{spec.office}反映"
        f"{hotline}。" + (f"{'；'.join(ways)}。" if ways else ""),
        "反映问题应实事求是、客观具体。以个人名义反映的，请署真实姓名；以单位名义反映的，请加盖单位公章。"
        "我们将对反映人和反映内容严格保密。",
    ]


def render(spec: PartyPublicitySpec, footer: layout.Footer) -> bytes:
    """Title, number, lead, the table, period, reporting, signature (GB/T 9704 notice)."""
    flowables = [layout.title(break_title(spec.title))]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(_lead(spec)))
    rows = [[c.office, c.name, c.sex, c.ethnicity, c.birth_month, c.education, c.joined_party,
             c.current_post] for c in spec.candidates]
    flowables.append(layout.table(COLUMNS, rows, optional=("现任职务",)))  # widths from content
    flowables.append(layout.paragraph(f"公示期：{period(spec.period_start, spec.period_end)}。"))
    flowables += [layout.paragraph(text) for text in _reporting(spec)]
    flowables.append(layout.signature(spec.issuer, spec.date_text, stamped=spec.stamped))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("party_publicity", "预备人选公示", PartyPublicitySpec, render, numbered=True))
