"""Fixed data of the vote and count documents (issue 12): the villager and Party ballots, the
count sheet of the ballots, the results notice (and its correction), the 计票结果报告单 and the
Party's report of its results. Rare name characters (堃䶮𠮷), an eight-character name, a
write-in winner (listed by votes only, SD-26) and a runoff with the separate women's seat
(GC-18)."""

from __future__ import annotations

from printing.documents.ballot_count_sheet import BallotCountSheetSpec, BoxLine, PacketLine
from printing.documents.count_report import CountLine, CountReportSpec, CountSheet, OfficeCount
from printing.documents.party_ballot import PartyBallotSection, PartyBallotSpec
from printing.documents.party_result_report import OfficerVote, PartyResultReportSpec, PartyVoteLine
from printing.documents.vc_ballot import BallotOffice, VcBallotSpec
from printing.documents.vc_results_notice import OfficeResult, ResultLine, VcResultsNoticeSpec

VILLAGE = "石桥村"
ELECTION = "石桥村第十二届村民委员会"
COMMITTEE = "石桥村村民选举委员会"
BRANCH = "中共长岭村支部委员会"
LONG_NAME = "阿依古丽·买买提"  # eight characters


def vc_ballot() -> VcBallotSpec:
    return VcBallotSpec(
        title=f"{ELECTION}选举选票", date_text="2026年12月6日",
        offices=[BallotOffice("主任", 1, ["王堃", "欧阳喆"]),
                 BallotOffice("副主任", 1, ["李玥", "刘䶮"]),
                 BallotOffice("委员", 3, [LONG_NAME, "张𠮷", "赵建国", "孙秀英", "周小红"])],
        issuer=COMMITTEE, copies=2)


def vc_runoff_ballot() -> VcBallotSpec:
    return VcBallotSpec(
        title=f"{ELECTION}另行选举选票", date_text="2026年12月13日",
        offices=[BallotOffice("委员", 1, ["赵建国", "周小红"]),
                 BallotOffice("妇女委员", 1, ["孙秀英", LONG_NAME], note="（只能选妇女）")],
        issuer=COMMITTEE, order_note="候选人按第一次投票得票多少为序", copies=2)


def party_ballot() -> PartyBallotSpec:
    return PartyBallotSpec(
        title=f"{BRANCH}委员选票", date_text="2026年11月28日",
        sections=[PartyBallotSection("委员会委员", 5, ["王堃", "刘䶮", "李玥", "张𠮷", "欧阳喆", LONG_NAME],
                                     write_in_lines=2)],
        issuer=BRANCH, copies=1)


def party_officers_ballot() -> PartyBallotSpec:
    return PartyBallotSpec(
        title=f"{BRANCH}书记、副书记选票", date_text="2026年11月28日",
        sections=[PartyBallotSection("书记", 1, ["王堃"]), PartyBallotSection("副书记", 1, [LONG_NAME])],
        issuer=BRANCH, order_note="", copies=2)


def ballot_count_sheet() -> BallotCountSheetSpec:
    packets = [PacketLine(f"A-{i:02d}", "100" if i < 10 else "40", "2026年12月5日") for i in range(1, 11)]
    boxes = [BoxLine("选举大会会场", "A-01至A-05", "500", "471", "29"),
             BoxLine("第一投票站（山背组）", "A-06、A-07", "200", "188", "12"),
             BoxLine("流动票箱（一）", "A-08", "100", "", "")]
    return BallotCountSheetSpec(
        title=f"{ELECTION}选举选票印制发放清点单", ballot_kind="村民委员会选举选票", registered=921, spare=19,
        spare_rule="按登记人数的2%备用（进一法）", printed=940, packets=packets, boxes=boxes)


def _first_round_offices() -> list[OfficeResult]:
    return [
        OfficeResult("主任", 1, [ResultLine("王堃", 402, elected=True), ResultLine("欧阳喆", 150)]),
        OfficeResult("副主任", 1, [ResultLine("李玥", 188), ResultLine("刘䶮", 172),
                                   ResultLine("吴海", 290, elected=True, write_in=True)]),
        OfficeResult("委员", 3, [ResultLine(LONG_NAME, 301, elected=True), ResultLine("张𠮷", 296, elected=True),
                                 ResultLine("赵建国", 240), ResultLine("孙秀英", 201), ResultLine("周小红", 180)],
                     unfilled=1),
    ]


RUNOFF = ["委员尚缺1名，定于2026年12月13日另行选举，候选人为第一次投票未当选人中得票较多的赵建国、周小红，"
          "以得票多的当选，但所得票数不得少于已投选票总数的三分之一。",
          "本次选举没有妇女当选，另行选举时单列妇女委员职位1名，候选人为孙秀英、阿依古丽·买买提。"]


def vc_results_notice(correction: bool = False) -> VcResultsNoticeSpec:
    return VcResultsNoticeSpec(
        title=f"{ELECTION}选举结果公告", number="（第8号）",
        intro="2026年12月6日，石桥村召开选举大会，采取无记名投票、公开计票的方式选举第十二届村民委员会成员。",
        body=ELECTION, registered=921, voters=561, proxy_voters=23, issued=561, returned=561,
        valid_ballots=552, invalid_ballots=9, offices=_first_round_offices(), runoff=RUNOFF,
        correction=correction,
        correction_text=("本委员会于2026年12月6日公布的选举结果公告（第8号）中，委员候选人赵建国的得票数误写为204票，"
                         "经总监票人核对原始计票记录，应为240票。现更正后重新公布如下：") if correction else "",
        issuer=COMMITTEE, date_text="2026年12月6日")


def count_report() -> CountReportSpec:
    def sheet(label: str, share: int, voters: int, invalid: int) -> CountSheet:
        offices = [
            OfficeCount("主任", 1, [CountLine("王堃", 402 // share, result="当选"), CountLine("欧阳喆", 150 // share)],
                        blank=2),
            OfficeCount("副主任", 1, [CountLine("李玥", 188 // share), CountLine("刘䶮", 172 // share),
                                      CountLine("吴海", 290 // share, write_in=True, result="当选")], blank=1),
            OfficeCount("委员", 3, [CountLine(LONG_NAME, 301 // share, result="当选"),
                                    CountLine("张𠮷", 296 // share, result="当选"), CountLine("赵建国", 240 // share),
                                    CountLine("孙秀英", 201 // share), CountLine("周小红", 180 // share)],
                        blank=12, invalid=3),
        ]
        return CountSheet(label, voters, voters, voters, voters - invalid, invalid, offices, total=label == "合计")

    return CountReportSpec(
        title=f"{ELECTION}选举计票结果报告单", election_date_text="2026年12月6日", registered=921,
        sheets=[sheet("第一投票站（山背组）", 3, 188, 2), sheet("合计", 1, 561, 9)],
        validity_text="参加投票人数超过登记参加选举的村民的半数，收回选票不多于发出选票，选举有效。")


def party_result_report() -> PartyResultReportSpec:
    committee = [PartyVoteLine("王堃", 41, 2, 1, True), PartyVoteLine(LONG_NAME, 40, 3, 1, True),
                 PartyVoteLine("刘䶮", 38, 4, 2, True), PartyVoteLine("张𠮷", 30, 10, 4, True),
                 PartyVoteLine("李玥", 25, 15, 4, True), PartyVoteLine("欧阳喆", 19, 20, 5, False)]
    return PartyResultReportSpec(
        title="关于中共长岭村支部委员会选举结果的报告", addressee="中共云溪镇委员会",
        meeting_date="2026年11月28日", expected=52, attended=44, seats=5,
        quorum_text="超过应到会有选举权党员的五分之四，符合规定",
        issued=44, returned=44, valid_ballots=44, invalid_ballots=0,
        threshold_text="赞成票超过实到会有选举权党员的半数（至少23票）", committee=committee,
        first_meeting_date="2026年11月28日", committee_size=5,
        officers=[OfficerVote("书记", "王堃", 5, 0, 0, True), OfficerVote("副书记", LONG_NAME, 4, 0, 1, True)],
        issuer=BRANCH, date_text="2026年11月29日", contact="联系人：王堃")
