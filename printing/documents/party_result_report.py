"""关于中共××村支部委员会选举结果的报告 (PT-21; PT-08, PT-11, PT-13…PT-15, PT-18, PT-19;
paper-formats §9, §12): the new committee reports the election to the township Party
committee and asks for its 批复.

Title (broken after the organisation), 主送 the township committee, then: 一、the members'
meeting (date, 应到会 and 实到会 with the quorum sentence, ballots issued, returned, valid
and invalid); 二、the committee vote, a table per candidate of 赞成 / 不赞成 / 弃权 and the
result, the rule for being elected, the elected — and, when seats stay empty, what the
meeting decided (PT-15); 三、the first full meeting of the committee electing the secretary
and deputies 等额 (PT-18, PT-19); “特此报告，请予批复。”, the committee's signature with its
seal, the date and a contact person. Not posted: no personal data besides names anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import break_title, join_names

VOTE_HEADER = ["序号", "姓名", "赞成", "不赞成", "弃权", "结果"]
OFFICER_HEADER = ["职务", "姓名", "赞成", "不赞成", "弃权", "结果"]


@dataclass(frozen=True)
class PartyVoteLine:
    """One committee candidate's votes (in the ballot's order)."""

    name: str
    yes: int
    no: int
    abstain: int
    elected: bool = False


@dataclass(frozen=True)
class OfficerVote:
    """The secretary or a deputy, elected 等额 at the committee's first full meeting."""

    office: str  # 书记 / 副书记
    name: str
    yes: int
    no: int
    abstain: int
    elected: bool = True


@dataclass(frozen=True)
class PartyResultReportSpec:
    """Everything printed on the report; dates formatted (“2026年11月28日”)."""

    title: str  # 关于中共××村支部委员会选举结果的报告
    addressee: str  # 中共××镇委员会
    meeting_date: str
    expected: int  # 应到会有选举权的党员
    attended: int  # 实到会
    seats: int
    issued: int
    returned: int
    valid_ballots: int
    invalid_ballots: int
    threshold_text: str  # “赞成票超过实到会有选举权党员的半数（至少23票）” (from the profile)
    committee: list[PartyVoteLine]
    quorum_text: str = "符合规定"  # “超过应到会有选举权党员的五分之四，符合规定” (PT-08, from the profile)
    validity_text: str = "收回的选票不多于发出的选票，选举有效"  # PT-11
    unfilled_text: str = ""  # PT-15: the meeting's decision on seats left empty
    first_meeting_date: str = ""
    committee_size: int = 0  # members of the new committee at its first meeting
    officers: list[OfficerVote] = field(default_factory=list)
    closing: str = "特此报告，请予批复。"
    issuer: str = ""  # 中共××村支部委员会
    date_text: str = ""
    contact: str = ""
    stamped: bool = True
    lead: str = ""  # replaces the opening paragraph


def _lead(spec: PartyResultReportSpec) -> str:
    if spec.lead:
        return spec.lead
    return (f"经镇党委批复同意，{spec.meeting_date}，我支部召开党员大会，采取无记名投票、差额选举的办法，"
            "选举产生了新一届支部委员会。现将选举结果报告如下：")


def _meeting(spec: PartyResultReportSpec) -> list[str]:
    return [
        f"党员大会应到会有选举权的党员{spec.expected}名，实到会{spec.attended}名，"
        f"{spec.quorum_text.rstrip('。')}。",
        f"大会共发出选票{spec.issued}张，收回{spec.returned}张，其中有效票{spec.valid_ballots}张、"
        f"无效票{spec.invalid_ballots}张，{spec.validity_text.rstrip('。')}。",
    ]


def _committee(spec: PartyResultReportSpec) -> list:
    count = len(spec.committee)
    intro = (f"应选委员{spec.seats}名，候选人{count}名（差额{max(0, count - spec.seats)}名）。"
             f"{spec.threshold_text.rstrip('。')}的始得当选。各候选人得票情况如下：")
    rows = [[str(i), v.name, str(v.yes), str(v.no), str(v.abstain), "当选" if v.elected else "未当选"]
            for i, v in enumerate(spec.committee, start=1)]
    elected = [v.name for v in sorted(spec.committee, key=lambda v: -v.yes) if v.elected]
    result = [layout.paragraph(intro), layout.table(VOTE_HEADER, rows)]
    if elected:
        result.append(layout.paragraph(f"{join_names(elected)}{len(elected)}名同志当选为新一届支部委员会委员"
                                       "（按得票多少为序）。"))
    if spec.unfilled_text:
        result.append(layout.paragraph(spec.unfilled_text))
    return result


def _officers(spec: PartyResultReportSpec) -> list:
    size = f"应到会委员{spec.committee_size}名，实到会{spec.committee_size}名，" if spec.committee_size else ""
    intro = (f"{spec.first_meeting_date}，新一届支部委员会召开第一次全体会议，{size}"
             "采取无记名投票、等额选举的办法选举书记、副书记。得票情况如下：")
    rows = [[v.office, v.name, str(v.yes), str(v.no), str(v.abstain), "当选" if v.elected else "未当选"]
            for v in spec.officers]
    result = [layout.paragraph(intro), layout.table(OFFICER_HEADER, rows)]
    chosen = [f"{v.name}同志当选为支部委员会{v.office}" for v in spec.officers if v.elected]
    if chosen:
        result.append(layout.paragraph("，".join(chosen) + "。"))
    return result


def flowables(spec: PartyResultReportSpec) -> list:
    """The body of the report (shared layout blocks, GB/T 9704 grid)."""
    result = [layout.title(break_title(spec.title, "选举结果")),
              layout.paragraph(f"{spec.addressee.rstrip('：:')}：", indent=0),
              layout.paragraph(_lead(spec))]
    sections = [("党员大会基本情况", [layout.paragraph(t) for t in _meeting(spec)]),
                ("支部委员会委员选举结果", _committee(spec))]
    if spec.officers:
        sections.append(("书记、副书记选举结果", _officers(spec)))
    result += layout.numbered_sections(sections)
    return result + layout.ending(spec.issuer, spec.date_text, spec.closing, stamped=spec.stamped,
                                  contact=spec.contact)


def render(spec: PartyResultReportSpec, footer: layout.Footer) -> bytes:
    """The report in GB/T 9704 layout."""
    return layout.render_document(flowables(spec), footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("party_result_report", "选举结果报告", PartyResultReportSpec, render,
                           public=False))
