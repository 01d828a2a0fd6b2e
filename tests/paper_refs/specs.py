"""Fixed data for every document kind, built directly from the printing dataclasses.

Each entry renders one document the way the program prints it; the paper regression
check (tests/test_paper_regression.py) compares it with the committed references. Data
is chosen to exercise layout: a title long enough to break, rare name characters (堃䶮𠮷),
an eight-character name, dates in narrow columns, and a notice whose signature must take
body lines over to a second page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from printing.documents.attendance_report import (
    AttendanceExclusionRow,
    AttendanceReportSpec,
    NonVotingMember,
)
from printing.documents.certificate import CertificateSpec
from printing.documents.free_notice import FreeNoticeSpec
from printing.documents.objection_result import ObjectionResultSpec
from printing.documents.party_publicity import PartyPublicitySpec, PreliminaryCandidate
from printing.documents.party_request import ExcludedMember, PartyRequestSpec
from printing.documents.proxy_card import ProxyCard, ProxyCardsSpec
from printing.documents.proxy_list import ProxyListRow, ProxyListSpec
from printing.documents.qualification_form import (
    CheckAnswer,
    DepartmentOpinion,
    QualificationCandidate,
    QualificationFormSpec,
)
from printing.documents.schedule_notice import ScheduleNoticeSpec, ScheduleRow
from printing.documents.supplement_notice import CorrectionRow, SupplementSpec
from printing.documents.vote_notice import MobileBoxLine, OfficialLine, StationLine, VoteNoticeSpec
from printing.documents.voter_cards import VoterCard, VoterCardsSpec
from printing.documents.voter_list import VoterListRow, VoterListSpec
from printing.layout import Footer
from tests.paper_refs import vc_specs

FOOTER = Footer("TEST-0001", "https://example.org/v/TEST-0001", anchor="0123-4567-89AB-CDEF")
VILLAGE = "石桥村"
COMMITTEE = "石桥村村民选举委员会"
BRANCH = "中共长岭村支部委员会"
TOWNSHIP_COMMITTEE = "中共云溪镇委员会"
NAMES = ["王堃", "欧阳喆", "李玥", "刘䶮", "阿依古丽·买买提", "张𠮷", "赵建国", "孙秀英", "周小红", "吴海"]
OBJECTION = ("村民对名单有不同意见的，可以自名单公布之日起5日内（2026年11月16日以前）向村民选举委员会"
             "提出申诉；村民选举委员会自收到申诉之日起3日内作出处理决定，并公布处理结果。")
LAW = "根据《中华人民共和国村民委员会组织法》第十三条、第十四条规定"


@dataclass(frozen=True)
class Sample:
    """One reference document: the kind that renders it and its fixed spec."""

    kind: str
    spec: Callable[[], object]


def voter_list() -> VoterListSpec:
    months = ["1966年11月", "1994年8月", "2007年12月", "1951年10月", "1988年1月"]
    rows = [VoterListRow(NAMES[i % len(NAMES)], "男女"[i % 2], months[i % len(months)], "上屋组",
                         "123"[i % 3], "外出务工" if i == 4 else "")
            for i in range(26)]
    return VoterListSpec(f"{VILLAGE}第十二届村民委员会选举参加选举村民名单公告", "（第2号）",
                         f"{LAW}，经村民选举委员会登记审核，本村登记参加选举的村民共26人。"
                         "现将上屋组26人名单公布如下：", rows, [OBJECTION, "特此公告"], COMMITTEE,
                         "2026年11月9日")


def voter_cards() -> VoterCardsSpec:
    cards = [VoterCard(f"{i + 1:05d}", NAMES[i % len(NAMES)], "男女"[i % 2], "上屋组",
                       f"3601**********{1000 + i}") for i in range(10)]
    return VoterCardsSpec(f"{VILLAGE}选民证（10张）", f"{VILLAGE}第十二届村民委员会选举", "选民证",
                          "2026年11月30日", COMMITTEE, cards)


def certificate(overlay: bool = False) -> CertificateSpec:
    return CertificateSpec("欧阳喆当选证书", "青山民选证字第1号", "欧阳喆",
                           "经2026年11月30日云溪镇石桥村村民依法直接选举，当选为石桥村第十二届村民委员会主任。",
                           ["青山县民政局", "云溪镇人民政府"], "2026年12月1日", overlay=overlay,
                           offset_x_mm=2.0 if overlay else 0.0, offset_y_mm=-1.5 if overlay else 0.0)


def free_notice() -> FreeNoticeSpec:
    return FreeNoticeSpec("关于推选村民选举委员会的公告",
                          ["根据《中华人民共和国村民委员会组织法》第十二条规定，经村民代表会议研究，定于"
                           "2026年10月12日上午九时在村委会会议室召开村民代表会议，推选产生本村村民选举委员会。",
                           "一、推选方式",
                           "村民选举委员会由主任、副主任和委员共7人组成，由村民代表会议以无记名投票方式推选产生。",
                           "二、有关要求",
                           "村民选举委员会成员之间不得有近亲属关系；成员被提名为村民委员会成员候选人的，"
                           "应当退出村民选举委员会。请各位村民代表准时参加，并公布处理结果。"],
                          f"{VILLAGE}村民委员会", "2026年10月8日", number="（第1号）", headings=[1, 3])


def free_notice_full_page() -> FreeNoticeSpec:
    """A body that fills the page: the last body lines go over with the signature."""
    body = ("村民选举委员会依法组织本村选民登记工作，并公布名单接受全体村民监督，"
            "凡对名单有不同意见的村民，可以依法提出申诉。") * 7
    return FreeNoticeSpec("关于选民登记工作安排的公告", [body, body[:120]], COMMITTEE, "2026年10月20日",
                          number="（第3号）")


def schedule_notice() -> ScheduleNoticeSpec:
    rows = [ScheduleRow("2026年10月19日前", "预备人选公示最迟开始", "乡镇换届选举工作实施方案"),
            ScheduleRow("2026年11月10日前", "公布选民名单", "《村民委员会组织法》第十四条"),
            ScheduleRow("2026年11月16日", "选民名单异议申诉截止", "《村民委员会组织法》第十四条"),
            ScheduleRow("2026年11月27日前", "公布投票时间、地点和方式", "《云溪镇村“两委”换届选举工作实施方案》"),
            ScheduleRow("2026年11月30日", "投票选举日", "《村民委员会组织法》第十五条")]
    return ScheduleNoticeSpec(f"{VILLAGE}“两委”换届选举工作日程公告", "（第1号）",
                              "根据《中华人民共和国村民委员会组织法》和上级关于村“两委”换届选举工作的部署，"
                              "本村第十二届村民委员会和村党组织换届选举工作的主要日程安排如下：", rows,
                              ["各项工作的具体时间、地点和办法另行公告。村民对本日程有意见或建议的，"
                               "可以向村民选举委员会反映。"], issuer=COMMITTEE, date_text="2026年9月12日")


def objection_result() -> ObjectionResultSpec:
    return ObjectionResultSpec(f"{COMMITTEE}关于选民名单异议处理结果的公告", "（第3号）",
                               "根据《中华人民共和国村民委员会组织法》第十四条规定，现将对选民名单异议的处理结果公布如下：",
                               ["王建国于2026年11月11日对韩福霞的登记提出异议（韩福霞已于本月初去世，不应列入选民名单）。"
                                "经审查，异议成立。处理决定：异议成立，将韩福霞从名单中删除，列入补正公告。"],
                               issuer=COMMITTEE, date_text="2026年11月12日")


def supplement() -> SupplementSpec:
    return SupplementSpec(f"{VILLAGE}第十二届村民委员会选举选民名单补正公告", "（第4号）",
                          "本村参加选举村民名单公布后，经村民选举委员会审核（含对异议的处理），现对名单作如下补正：",
                          added=[CorrectionRow("阿依古丽·买买提", "女", "2008年11月", "下屋组", "年满十八周岁")],
                          removed=[CorrectionRow("韩福霞", "男", "1951年6月", "上屋组", "死亡（经异议审查核实）")],
                          total_text="补正后，本村登记参加选举的村民共1069人。", objection_text=OBJECTION,
                          issuer=COMMITTEE, date_text="2026年11月13日")


def party_publicity() -> PartyPublicitySpec:
    people = [PreliminaryCandidate("书记" if i == 0 else "委员", name, "男女"[i % 2], "汉族",
                                   f"19{80 + i}.0{i + 1}", "大专", f"20{10 + i}.07", "村委会委员" if i < 2 else "")
              for i, name in enumerate(["付婷东", "苏秀云", "李宇燕", "吴云斌", "张新亮", "张福莲"])]
    return PartyPublicitySpec("关于中共长岭村支部委员会委员候选人预备人选的公示", BRANCH, TOWNSHIP_COMMITTEE, 5,
                              people, ["付婷东"], "2026年11月2日", "2026年11月6日", "中共云溪镇委员会组织办",
                              "0794-8123456", "中共云溪镇委员会组织办", "2026年11月2日", number="（第2号）",
                              address="云溪镇人民政府组织办（邮编344000）")


def party_request() -> PartyRequestSpec:
    return PartyRequestSpec("关于确定中共长岭村支部委员会委员候选人预备人选的请示", TOWNSHIP_COMMITTEE, BRANCH, 5,
                            ["付婷东", "苏秀云", "李宇燕", "吴云斌", "张新亮", "张福莲"], ["付婷东"],
                            member_round_date="2026年10月10日", member_round_participants=38,
                            mass_round_date="2026年10月12日", mass_round_participants=41,
                            exclusions=[ExcludedMember("赵长林", "年老体弱卧床不起")],
                            issuer=BRANCH, date_text="2026年11月8日", contact="联系人：李玥，电话：0794-8123456")


def attendance_report() -> AttendanceReportSpec:
    return AttendanceReportSpec("关于长岭村党员大会应到会人数的报告", TOWNSHIP_COMMITTEE, 46, 2, 44, 41, 33,
                                BRANCH, "2026年11月8日",
                                non_voting=[NonVotingMember("钱某", "留党察看期间")],
                                exclusions=[AttendanceExclusionRow("赵长林", "年老体弱卧床不起", "长期卧床",
                                                                   "同意", "同意", "同意")],
                                meeting_date="2026年11月20日")


def qualification_form() -> QualificationFormSpec:
    items = [f"第{n}项“十不选”情形" for n in "一二三四五六七八九十"]
    departments = ["县纪委监委", "县委政法委", "县法院", "县检察院", "县公安局"]
    person = QualificationCandidate("王堃", "男", "汉族", "1980.05", "360121198005051234", "中共党员", "大专",
                                    "村委会委员", "村党组织委员",
                                    checks=[CheckAnswer(1, "否"), CheckAnswer(2, "否", "无")],
                                    reviews=[DepartmentOpinion("县纪委监委", "无问题", "李玥", "刘䶮", "2026年10月20日")])
    return QualificationFormSpec("长岭村“两委”换届候选人（初步人选）资格联审表", "云溪镇", [person], items,
                                 departments)


def qualification_form_vc() -> QualificationFormSpec:
    """A villager-committee nominee: the village's and the township's 初审 boxes (SD-24)."""
    items = [f"第{n}项“十不选”情形" for n in "一二三四五六七八九十"]
    departments = ["县纪委监委", "县委政法委", "县法院", "县检察院", "县公安局"]
    person = QualificationCandidate(
        "欧阳喆", "女", "汉族", "1991年3月", "360121199103031226", "群众", "大专", "", "村民委员会主任",
        checks=[CheckAnswer(n, "否") for n in range(1, 10)] + [CheckAnswer(10, "是", "2023年因拉票被查处")],
        reviews=[DepartmentOpinion("县公安局", "有问题：2023年因拉票被查处", "李玥", "刘䶮", "2027年1月6日")],
        township_review=DepartmentOpinion("镇党委（初审）", "无问题", "赵建国", "孙秀英", "2027年1月5日"),
        village_review=DepartmentOpinion("村党组织（初审）", "无问题", "周小红", "吴海", "2027年1月4日"))
    return QualificationFormSpec("长岭村“两委”换届村民委员会成员候选人资格联审表", "云溪镇", [person], items,
                                 departments)


def vc_vote_notice() -> VoteNoticeSpec:
    """Three places of voting, two mobile boxes, every kind of official (SD-26, GC-16, PV-06)."""
    stations = [StationLine("第1投票站", "下屋组祠堂", "下屋组、新屋组", "8时至11时30分"),
                StationLine("第2投票站", "老村小学旧址教室", "阿依古丽·买买提所在的山背组", "8时30分至12时")]
    boxes = [MobileBoxLine("第1号流动票箱", "9时至11时，上屋组、下屋组", "王堃、刘䶮、张𠮷", "李玥、赵建国、孙秀英"),
             MobileBoxLine("第2号流动票箱", "9时至11时30分，山背组", "欧阳喆", "周小红、吴海、王堃")]
    officials = [OfficialLine("总监票人", "赵建国"), OfficialLine("监票人", "王堃、李玥、周小红"),
                 OfficialLine("唱票人", "孙秀英"), OfficialLine("计票人", "刘䶮、吴海"), OfficialLine("代书人", "张𠮷")]
    voting = ["选举大会会场和各投票站均设立秘密写票处，选民应当在秘密写票处填写选票。",
              "选民凭参选证领取选票；受委托人凭村民选举委员会发放的委托投票证领取选票。",
              "选举期间外出不能参加投票的选民，可以书面委托本村有选举权的近亲属代为投票，须于2026年12月3日以前向"
              "村民选举委员会办理，经审核后公布；每一选民接受委托不得超过3人，受委托人不得再委托他人。"
              "选举日和投票现场不办理委托。", "本次选举应选村民委员会主任1名、副主任1名、委员3名。"]
    return VoteNoticeSpec(
        f"{VILLAGE}第十二届村民委员会选举\n投票公告", "（第5号）",
        "根据《中华人民共和国村民委员会组织法》和《云溪镇村“两委”换届选举工作实施方案》的规定，经村民选举委员会"
        "研究决定，石桥村第十二届村民委员会选举采取召开选举大会与设立投票站相结合的方式，无记名投票、公开计票。"
        "现将投票有关事项公告如下：",
        "选举日为2026年12月6日（星期日），选举大会投票时间为8时至12时；各投票站的投票时间见下表。",
        "选举大会会场设在村委会大院，上屋组的选民在选举大会会场投票。各投票站及其负责的村民小组如下：",
        stations, "流动票箱只限于年老体弱、患病、残疾等确有困难、不能到投票地点投票的选民使用，每个流动票箱由3名以上"
        "监票人负责，投票结束后送到选举大会会场当众开箱。选民姓名按姓氏笔画为序。", boxes,
        "下列人员姓名按姓氏笔画为序。", officials, voting, "特此公告", COMMITTEE, "2026年12月1日")


def vc_proxy_list() -> ProxyListSpec:
    kinds = ["子女", "配偶", "兄弟姐妹", "父母", "孙子女", "外孙子女"]
    rows = [ProxyListRow(NAMES[i % len(NAMES)], "上屋组" if i % 3 else "山背组", NAMES[(i + 3) % len(NAMES)],
                         kinds[i % len(kinds)]) for i in range(12)]
    return ProxyListSpec(
        f"{VILLAGE}第十二届村民委员会选举\n委托投票公告", "（第6号）",
        "根据《中华人民共和国村民委员会组织法》第十五条的规定，经村民选举委员会审核，同意下列选民书面委托本村有选举权"
        "的近亲属代为投票。现将委托人和受委托人名单公布如下（按委托人姓氏笔画为序）：", rows, "共12人委托投票。",
        ["受委托人凭村民选举委员会发放的委托投票证领取选票；每一选民接受委托不得超过3人，受委托人不得再委托他人。",
         "村民对名单有不同意见的，请在选举日前向村民选举委员会提出。"], "特此公告", COMMITTEE, "2026年12月2日")


def vc_proxy_cards() -> ProxyCardsSpec:
    people = [("王堃", "王建国", "子女", "外出务工"), ("欧阳喆", "欧阳志远", "配偶", "在外地经商，选举日不能回村"),
              ("阿依古丽·买买提", "张𠮷", "兄弟姐妹", "就学")]
    cards = [ProxyCard(f"{i:04d}", principal, "上屋组", f"3601**********{1000 + i}", proxy, "下屋组", kind, reason,
                       "2026年12月1日") for i, (principal, proxy, kind, reason) in enumerate(people, start=1)]
    return ProxyCardsSpec(f"{VILLAGE}委托投票证（3张）", f"{VILLAGE}第十二届村民委员会选举", "2026年12月6日", COMMITTEE,
                          cards, ["每一选民接受委托投票不得超过3人；受委托人不得再委托他人。",
                                  "受委托人凭本证领取选票，按委托人的意愿代为投票；本证经村民选举委员会盖章有效。",
                                  "候选人不得接受委托；选举日和投票现场不办理委托。"])


SAMPLES: dict[str, Sample] = {
    "voter_list": Sample("voter_list", voter_list),
    "voter_cards": Sample("voter_cards", voter_cards),
    "certificate": Sample("certificate", certificate),
    "certificate_overlay": Sample("certificate", lambda: certificate(overlay=True)),
    "free_notice": Sample("free_notice", free_notice),
    "free_notice_full_page": Sample("free_notice", free_notice_full_page),
    "schedule_notice": Sample("schedule_notice", schedule_notice),
    "objection_result": Sample("objection_result", objection_result),
    "voter_supplement": Sample("voter_supplement", supplement),
    "party_publicity": Sample("party_publicity", party_publicity),
    "party_request": Sample("party_request", party_request),
    "attendance_report": Sample("attendance_report", attendance_report),
    "qualification_form": Sample("qualification_form", qualification_form),
    "qualification_form_vc": Sample("qualification_form", qualification_form_vc),
    "vc_vote_notice": Sample("vc_vote_notice", vc_vote_notice),
    "vc_proxy_list": Sample("vc_proxy_list", vc_proxy_list),
    "vc_proxy_cards": Sample("vc_proxy_cards", vc_proxy_cards),
    "vc_committee_list": Sample("committee_list", vc_specs.vc_committee_list),
    "vc_committee_filing": Sample("committee_filing", vc_specs.vc_committee_filing),
    "vc_work_plan": Sample("work_plan", vc_specs.vc_work_plan),
    "vc_nomination_ballot": Sample("vc_nomination_ballot", vc_specs.vc_nomination_ballot),
    "vc_formal_candidates": Sample("vc_formal_candidates", vc_specs.vc_formal_candidates),
    "vc_candidate_meeting": Sample("vc_candidate_meeting", vc_specs.vc_candidate_meeting),
    "vc_candidate_changes": Sample("vc_candidate_changes", vc_specs.vc_candidate_changes),
}
from tests.paper_refs import vote_specs  # noqa: E402  (the vote and count, issue 12)

SAMPLES["vc_ballot"] = Sample("vc_ballot", vote_specs.vc_ballot)
SAMPLES["vc_ballot_runoff"] = Sample("vc_ballot", vote_specs.vc_runoff_ballot)
SAMPLES["party_ballot"] = Sample("party_ballot", vote_specs.party_ballot)
SAMPLES["party_ballot_officers"] = Sample("party_ballot", vote_specs.party_officers_ballot)
SAMPLES["ballot_count_sheet"] = Sample("ballot_count_sheet", vote_specs.ballot_count_sheet)
SAMPLES["vc_results_notice"] = Sample("vc_results_notice", vote_specs.vc_results_notice)
SAMPLES["vc_results_correction"] = Sample("vc_results_notice",
                                          lambda: vote_specs.vc_results_notice(correction=True))
SAMPLES["count_report"] = Sample("count_report", vote_specs.count_report)
SAMPLES["party_result_report"] = Sample("party_result_report", vote_specs.party_result_report)
