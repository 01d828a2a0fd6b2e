"""请示 to the township Party committee on the 委员候选人预备人选 (PT-17, paper-formats §12a).

Sender line, a two-line title, 主送 the township committee, what was done (two rounds of
recommendation, qualification review, inspection, publicity), the 预备人选 by office, the
members proposed to be left out of the expected attendance (PT-07), “当否，请批示。”, the
branch's signature and date, and the contact person (GB/T 9704 §7.3.6: a 请示 names one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.cjk import GridParagraph
from printing.documents import DocumentKind, register_kind
from printing.fonts import HEI

ITEM_NUMBERS = [f"（{n}）" for n in layout.SECTION_NUMBERS]


def break_title(title: str, after: str = "委员会") -> str:
    """Break a long title after the organisation (“…支部委员会 / 委员候选人…”) unless it has a break."""
    position = title.find(after)
    if "\n" in title or len(title) <= 20 or position < 0:
        return title
    cut = position + len(after)
    return title if cut >= len(title) - 2 else f"{title[:cut]}\n{title[cut:]}"


def join_names(names: list[str]) -> str:
    """Names in running text: 张三、李四、王五."""
    return "、".join(names)


@dataclass(frozen=True)
class ExcludedMember:
    """A member proposed not to be counted in the expected attendance (PT-07)."""

    name: str
    reason: str  # 不能参加选举大会原因
    consulted: str = "是"  # 是否已征求本人意见
    note: str = ""


@dataclass(frozen=True)
class PartyRequestSpec:
    """Everything printed on the 请示; dates are already formatted (“2026年3月10日”)."""

    title: str  # 关于确定中共××村支部委员会委员候选人预备人选的请示
    addressee: str  # 中共××镇委员会
    organisation: str  # 中共××村支部委员会 (the 预备人选 are for its next term)
    seats: int  # 应选委员名额
    members: list[str]  # 委员候选人预备人选 (seats + 1), in the printed order
    secretaries: list[str]  # 书记候选人预备人选
    deputies: list[str] = field(default_factory=list)  # 副书记候选人预备人选
    member_round_date: str = ""  # 党员推荐
    member_round_participants: int = 0
    mass_round_date: str = ""  # 群众推荐
    mass_round_body: str = "村民代表会议"  # or 村民会议
    mass_round_participants: int = 0
    initial_count: int = 0  # 候选人初步人选
    qualified_count: int = 0  # of them, passed the 资格联审
    inspection_date: str = ""  # 考察
    publicity_start: str = ""
    publicity_end: str = ""
    publicity_outcome: str = "公示期间未收到反映问题"
    order_note: str = "按姓氏笔画为序"
    exclusions: list[ExcludedMember] = field(default_factory=list)
    closing: str = "当否，请批示。"
    issuer: str = ""  # 中共××村支部委员会
    date_text: str = ""
    sender: str = ""  # line above the title, e.g. “中共××村支部委员会”
    contact: str = ""  # 联系人：×××，联系电话：××××-×××××××
    stamped: bool = True  # the branch's seal is pressed over issuer and date
    lead: str = ""  # replaces the default opening paragraph


EXCLUSION_HEADER = ["姓名", "不能参加选举大会原因", "是否已征求本人意见", "备注"]
EXCLUSION_WIDTHS_MM = [24.0, 70.0, 32.0, 30.0]


def period(start: str, end: str) -> str:
    """“2026年3月1日至3月5日”: the end's year is dropped when both are in the same year."""
    year = start.split("年", 1)[0] + "年" if "年" in start else ""
    if year and end.startswith(year):
        end = end[len(year):]
    return f"{start}至{end}"


def _lead(spec: PartyRequestSpec) -> str:
    if spec.lead:
        return spec.lead
    return (f"按照镇党委关于村“两委”换届选举工作的统一部署，{spec.organisation}任期届满，"
            "拟召开党员大会进行换届选举。我支部按照“两推一选”的程序，组织开展了下届支部委员会委员"
            "候选人预备人选的推荐、资格审查、考察和公示工作。现将有关情况请示如下：")


def _work_items(spec: PartyRequestSpec) -> list[str]:
    """（一）…（五）: the steps that were done, each only if its data is given."""
    items = []
    if spec.member_round_date or spec.member_round_participants:
        when = f"{spec.member_round_date}，" if spec.member_round_date else ""
        items.append(f"党员推荐。{when}召开党员大会，对下届支部委员会委员候选人进行全额推荐，"
                      f"参加推荐的党员{spec.member_round_participants}名。")
    if spec.mass_round_date or spec.mass_round_participants:
        when = f"{spec.mass_round_date}，" if spec.mass_round_date else ""
        items.append(f"群众推荐。{when}召开{spec.mass_round_body}进行全额推荐，"
                      f"参加推荐{spec.mass_round_participants}人。")
    if spec.initial_count:
        text = (f"资格审查。根据两轮推荐得票情况，确定候选人初步人选{spec.initial_count}名。"
                "经镇党委初审和县委组织部、县民政局会同有关部门联审，")
        failed = spec.initial_count - spec.qualified_count
        if failed > 0:
            text += f"{spec.qualified_count}名符合条件，{failed}名不符合条件、已取消其人选资格。"
        else:
            text += "初步人选均符合条件。"
        items.append(text)
    when = f"{spec.inspection_date}，" if spec.inspection_date else ""
    items.append(f"组织考察。{when}镇党委采取民主测评、个别谈话、实地查看等方式，对初步人选进行了考察。")
    text = f"公示情况。经镇党委研究，确定委员候选人预备人选{len(spec.members)}名"
    if spec.publicity_start:
        text += f"，于{period(spec.publicity_start, spec.publicity_end)}在全村进行了公示"
    text += "。"
    if spec.publicity_outcome:
        text += spec.publicity_outcome.rstrip("。") + "。"
    items.append(text)
    return [f"{ITEM_NUMBERS[i]}{text}" for i, text in enumerate(items)]


def _nominees(spec: PartyRequestSpec) -> list[str]:
    count = len(spec.members)
    margin = count - spec.seats
    quota = f"应选{spec.seats}名，差额{margin}名" if spec.seats and margin > 0 else (
        f"应选{spec.seats}名" if spec.seats else "")
    note = "，".join(part for part in (quota, spec.order_note) if part)
    note = f"（{note}）" if note else ""
    items = [f"书记候选人预备人选：{join_names(spec.secretaries)}。"] if spec.secretaries else []
    if spec.deputies:
        items.append(f"副书记候选人预备人选：{join_names(spec.deputies)}。")
    items.append(f"委员候选人预备人选{count}名{note}：{join_names(spec.members)}。")
    return [f"{ITEM_NUMBERS[i]}{text}" for i, text in enumerate(items)]


def flowables(spec: PartyRequestSpec) -> list:
    """The body of the 请示 (shared layout blocks, GB/T 9704 grid)."""
    result = []
    if spec.sender:
        sender = GridParagraph(spec.sender, HEI, layout.BODY_SIZE, layout.LINE_PITCH,
                                      first_line_indent=0, align="center")  # on the grid, right above the title
        sender.keepWithNext = True
        result.append(sender)
    result.append(layout.title(break_title(spec.title)))
    result.append(layout.paragraph(f"{spec.addressee.rstrip('：:')}：", indent=0))
    result.append(layout.paragraph(_lead(spec)))
    sections = [("工作开展情况", [layout.paragraph(t) for t in _work_items(spec)]),
                ("候选人预备人选", [layout.paragraph(t) for t in _nominees(spec)])]
    if spec.exclusions:
        rows = [[m.name, m.reason, m.consulted, m.note] for m in spec.exclusions]
        intro = (f"根据有关规定，经征求本人意见，拟将以下{len(spec.exclusions)}名党员"
                 "不计入党员大会应到会人数：")
        sections.append(("拟不计入应到会人数的党员", [
            layout.paragraph(intro),
            layout.table(EXCLUSION_HEADER, rows, EXCLUSION_WIDTHS_MM),
        ]))
    result += layout.numbered_sections(sections)
    return result + layout.ending(spec.issuer, spec.date_text, spec.closing, stamped=spec.stamped,
                                  contact=spec.contact)


def render(spec: PartyRequestSpec, footer: layout.Footer) -> bytes:
    """The 请示 in GB/T 9704 layout."""
    return layout.render_document(flowables(spec), footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("party_request", "预备人选请示", PartyRequestSpec, render,
                           numbered=False, public=False))
