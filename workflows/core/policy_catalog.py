"""The catalog of rule parameters: what each number means, its rule ID, kind and limits.

Values live in presets (``resources/rules/*.json``) and in each township's stored
profile; this module only describes them. Rule IDs refer to
``shared/docs/rules-reference.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workflows.core.text import N_


class Kind(StrEnum):
    """How a parameter's value is shaped."""

    INT = "int"  # a plain count (days, people, years, percent)
    RATIO = "ratio"  # {"value": "1.5", "rounding": "ceil"}
    THRESHOLD = "threshold"  # {"num": 1, "den": 2, "comparison": "gt", "base": "voters"}
    RANGE = "range"  # {"min": 3, "max": 7}; max may be null (不限)
    CHOICE = "choice"  # one of ``choices``
    BOOL = "bool"
    DATE = "date"  # "2021-01-01" or "" (not set)
    LIST = "list"  # a list of strings


SEVERITY_CHOICES = (
    ("blocker", N_("阻断")),
    ("warning", N_("警告")),
    ("off", N_("不检查")),
)
ROUNDING_CHOICES = (
    ("ceil", N_("进一法（向上取整）")),
    ("floor", N_("去尾法（向下取整）")),
    ("round", N_("四舍五入")),
)
COMPARISON_CHOICES = (("gt", N_("超过（>）")), ("ge", N_("不少于（≥）")))
THRESHOLD_BASES = {
    "registered": N_("登记参加选举的村民数"),
    "voters": N_("参加投票的村民数"),
    "ballots_cast": N_("已投选票总数"),
    "expected": N_("应到会有选举权人数"),
    "present": N_("实到会有选举权人数"),
    "adults": N_("本村（村民小组）十八周岁以上村民数"),
    "households": N_("本村（村民小组）户数"),
    "representatives": N_("村民代表会议组成人员数"),
    "attendees": N_("到会人员数"),
}

SECTIONS = (
    ("counting", N_("计数口径")),
    ("vc", N_("村民委员会选举")),
    ("committees", N_("选举委员会与监督委员会")),
    ("party", N_("村党组织选举")),
    ("candidates", N_("人选条件与结构")),
    ("documents", N_("文书格式")),
)


@dataclass(frozen=True)
class Param:
    """One configurable rule number."""

    key: str
    section: str
    label: str
    rule_ids: tuple[str, ...]
    kind: Kind
    unit: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    bases: tuple[str, ...] = ()
    help: str = ""


def _p(key, section, label, rule_ids, kind, **extra) -> Param:
    return Param(key, section, label, tuple(rule_ids.split()), kind, **extra)


CATALOG: tuple[Param, ...] = (
    # 计数口径
    _p("days_before_rule", "counting", N_("“选举日N日前”的口径"), "CONV-04", Kind.CHOICE,
       choices=(("lenient", N_("选举日前第N日：公布日 ≤ 选举日 − N")),
                ("strict", N_("中间相隔满N日：公布日 ≤ 选举日 − N − 1"))),
       help=N_("例：选举日12月20日，选民名单“20日前”公布，按“前第N日”最迟11月30日，按“相隔满N日”最迟11月29日。"
               "江西市山镇实施方案的日程（3月10日公布正式候选人、3月15日投票）只按“前第N日”满足“5日前”。")),
    _p("extend_on_rest_day", "counting", N_("期限最后一日为休息日或法定节假日时顺延"),
       "CONV-03 CONV-05", Kind.BOOL),
    _p("feb29_birthday", "counting", N_("2月29日出生者在平年的满岁日"), "CONV-07", Kind.CHOICE,
       choices=(("feb28", N_("2月28日")), ("mar1", N_("3月1日")))),
    _p("voting_age", "counting", N_("选举权年龄"), "VC-07 CONV-07", Kind.INT, unit=N_("周岁"),
       minimum=16, maximum=30),
    # 村民委员会选举
    _p("vc_size", "vc", N_("村民委员会成员人数"), "VC-01", Kind.RANGE, unit=N_("人"),
       minimum=1, maximum=15),
    _p("vc_size_odd", "vc", N_("村民委员会人数须为单数"), "VC-01", Kind.BOOL),
    _p("vc_women_min", "vc", N_("村民委员会女性成员至少"), "VC-02 SD-17", Kind.INT, unit=N_("人"),
       minimum=0, maximum=7),
    _p("vc_women_target_percent", "vc", N_("村民委员会女性比例目标（0为不检查）"), "SD-17", Kind.INT,
       unit="%", minimum=0, maximum=100),
    _p("voter_list_days", "vc", N_("选民名单在选举日前公布"), "VC-10", Kind.INT, unit=N_("日"),
       minimum=0, maximum=120),
    _p("objection_filing_days", "vc", N_("对选民名单提出异议的期限（自公布之日起）"), "VC-11",
       Kind.INT, unit=N_("日"), minimum=0, maximum=60),
    _p("objection_decision_days", "vc", N_("选举委员会处理异议的期限（自收到之日起）"), "VC-11",
       Kind.INT, unit=N_("日"), minimum=0, maximum=60),
    _p("residence_years", "vc", N_("第③类登记所需在本村居住年限"), "VC-08", Kind.INT,
       unit=N_("年"), minimum=0, maximum=10),
    _p("residence_village_work", "vc", N_("第③类登记：在本村从事村务工作满上述年限的也可登记"),
       "PV-03 VC-08", Kind.BOOL),
    _p("name_max_length", "vc", N_("花名册姓名最多字数（选民、党员）"), "SD-23", Kind.INT, unit=N_("字"),
       minimum=4, maximum=100,
       help=N_("导入花名册和逐人录入时，姓名超过此字数的报错。复姓和少数民族姓名（如“阿依古丽·买买提”）"
               "连同间隔号计算；超过的多为把其他内容误填进了姓名栏。")),
    _p("formal_candidates_days", "vc", N_("正式候选人名单在选举日前公布"), "SD-24 GC-13", Kind.INT,
       unit=N_("日"), minimum=0, maximum=60),
    _p("candidate_withdrawal_days", "vc", N_("候选人放弃候选资格须在选举日前书面提出（0为未规定）"),
       "PV-05", Kind.INT, unit=N_("日"), minimum=0, maximum=30),
    _p("vote_notice_days", "vc", N_("投票时间、地点、方式在选举日前公布"), "SD-26", Kind.INT,
       unit=N_("日"), minimum=0, maximum=60),
    _p("proxy_deadline_days", "vc", N_("委托投票在选举日前办理完毕"), "PV-07 GC-11", Kind.INT,
       unit=N_("日"), minimum=0, maximum=30),
    _p("proxy_list_days", "vc", N_("委托人和受委托人名单在选举日前公布（0为未规定天数）"),
       "PV-07 VC-19", Kind.INT, unit=N_("日"), minimum=0, maximum=30),
    _p("proxy_not_candidate", "vc", N_("候选人不得接受委托投票"), "PV-07", Kind.BOOL),
    _p("proxy_on_site_forbidden", "vc", N_("禁止投票现场临时委托"), "PV-07 SD-26", Kind.BOOL),
    _p("handover_days", "vc", N_("新一届村委会产生后完成工作移交"), "VC-26 SD-32", Kind.INT,
       unit=N_("日"), minimum=0, maximum=60),
    _p("candidate_order", "vc", N_("正式候选人名单排序"), "SO-01 SO-04 GC-13", Kind.CHOICE,
       choices=(("stroke", N_("按姓氏笔画为序")), ("votes", N_("按得票多少为序")))),
    _p("chair_candidates_extra", "vc", N_("主任、副主任候选人比应选名额多"), "VC-13 GC-12",
       Kind.RANGE, unit=N_("人"), minimum=1, maximum=10),
    _p("member_candidates_extra", "vc", N_("委员候选人比应选名额多"), "VC-13 GC-12", Kind.RANGE,
       unit=N_("人"), minimum=1, maximum=10),
    _p("vc_valid_threshold", "vc", N_("选举有效：投票人数占登记人数"), "VC-15 CONV-02",
       Kind.THRESHOLD, bases=("registered",)),
    _p("vc_elected_threshold", "vc", N_("当选：得票占参加投票人数"), "VC-16 CONV-02",
       Kind.THRESHOLD, bases=("voters", "ballots_cast")),
    _p("vc_runoff_threshold", "vc", N_("另行选举当选：得票占已投选票总数"), "VC-17",
       Kind.THRESHOLD, bases=("ballots_cast", "voters")),
    _p("ballots_returned_base", "vc", N_("收回选票数的比较对象"), "GC-15", Kind.CHOICE,
       choices=(("voters", N_("投票人数")), ("issued", N_("发出选票数")))),
    _p("ballot_two_posts_invalid", "vc", N_("一张选票上一人被选两项以上职务的，该票无效"),
       "PV-09 GC-14", Kind.BOOL),
    _p("spoiled_ballots_counted", "vc", N_("无法辨认的废票计入选票总数"), "PV-09 GC-14", Kind.BOOL),
    _p("tie_revote", "vc", N_("得票相等不能确定当选人时，就票数相等者再次投票"), "PV-10", Kind.BOOL),
    _p("runoff_days", "vc", N_("另行选举在投票后若干日内进行（0为未规定）"), "PV-11 VC-17", Kind.INT,
       unit=N_("日"), minimum=0, maximum=90),
    _p("vacancy_min_elected", "vc", N_("另行选举后已选出此数以上的，不足名额可以空缺（0为未规定）"),
       "PV-12", Kind.INT, unit=N_("人"), minimum=0, maximum=7),
    _p("vacancy_needs_chair", "vc", N_("名额空缺须以主任已经选出为前提"), "PV-12", Kind.BOOL),
    _p("elected_relatives_avoidance", "vc", N_("当选人之间的任职回避"), "PV-13 SD-19", Kind.CHOICE,
       choices=(("none", N_("不要求")), ("core", N_("夫妻、父母子女、兄弟姐妹之间回避")),
                ("lineal", N_("夫妻、直系亲属之间回避")))),
    _p("elected_list_days", "vc", N_("当选人名单在投票后若干日内公布（0为当场公布）"),
       "PV-15 VC-18 GC-17", Kind.INT, unit=N_("日"), minimum=0, maximum=7),
    _p("proxy_max", "vc", N_("每一选民接受委托投票不超过"), "VC-19 GC-11 PV-07", Kind.INT,
       unit=N_("人"), minimum=0, maximum=10),
    _p("mobile_box_scrutineers", "vc", N_("每个流动票箱的监票人至少"), "GC-16", Kind.INT,
       unit=N_("人"), minimum=1, maximum=10),
    _p("scrutineer_relatives_avoidance", "vc", N_("监票人、唱票人、计票人的回避"), "PV-14",
       Kind.CHOICE, choices=(("none", N_("办法未规定（候选人本人不担任）")),
                             ("core", N_("候选人及其配偶、父母子女、兄弟姐妹")),
                             ("lineal", N_("候选人及其配偶、直系亲属（含代书人）")))),
    _p("ballots_sealed_to_township", "vc", N_("选票当天封存，交乡镇保管至下届选举结束"), "PV-16 VC-32",
       Kind.BOOL),
    _p("recall_vote_days", "vc", N_("接到罢免要求后若干日内组织表决（0为未规定）"),
       "PV-17 VC-21 VC-22", Kind.INT, unit=N_("日"), minimum=0, maximum=90),
    _p("recall_repeat_years", "vc", N_("罢免未通过的，若干年内不得以同一事实和理由再次提出（0为未规定）"),
       "PV-17", Kind.INT, unit=N_("年"), minimum=0, maximum=5),
    _p("voter_card_name", "vc", N_("选民凭证名称"), "GC-20", Kind.CHOICE,
       choices=(("参选证", N_("参选证")), ("选民证", N_("选民证")))),
    _p("audit_gate", "vc", N_("离任审计结果须公布于"), "VC-33 SD-46", Kind.CHOICE,
       choices=(("vote", N_("村委会投票之前（组织法）")),
                ("election_stage", N_("选举阶段工作开始之前（先审计后换届）")))),
    _p("woman_candidate_method", "vc", N_("候选人中没有妇女时，得票最多的妇女"), "SD-25 VC-02", Kind.CHOICE,
       choices=(("extra", N_("增列为委员候选人（超出确定的候选人数）")),
                ("last_place", N_("替换委员候选人的最后一名")),
                ("none", N_("不作安排"))),
       help=N_("实施方案写“没有产生妇女候选人的，以得票最多的妇女为候选人”，未写明是增列还是替换末位。")),
    _p("vc_women_seat_form", "vc", N_("第一次投票没有妇女当选时的妇女名额"), "VC-02 GC-18", Kind.CHOICE,
       choices=(("runoff", N_("另行选举中单列妇女委员职位")),
                ("reserved", N_("委员名额留给过半数得票最多的妇女，得票最少的当选委员让出")),
                ("none", N_("不作安排"))),
       help=N_("浙江办法第29条：另行选举时选票单列妇女委员职位；有的地方由过半数得票最多的妇女直接当选。")),
    _p("vc_runoff_candidates_extra", "vc", N_("另行选举候选人比不足名额多"), "VC-17", Kind.INT,
       unit=N_("人"), minimum=0, maximum=5),
    # 选举委员会与监督委员会
    _p("ec_min_size", "committees", N_("村民选举委员会人数至少"), "GC-02 SD-21", Kind.INT,
       unit=N_("人"), minimum=1, maximum=15),
    _p("ec_max_size", "committees", N_("村民选举委员会人数至多（0为不限）"), "PV-01", Kind.INT,
       unit=N_("人"), minimum=0, maximum=21),
    _p("ec_candidate_relatives_leave", "committees",
       N_("候选人的配偶、父母子女、兄弟姐妹须退出选举委员会"), "PV-02 VC-06", Kind.BOOL),
    _p("ec_odd", "committees", N_("村民选举委员会人数为单数"), "GC-02 SD-21", Kind.CHOICE,
       choices=SEVERITY_CHOICES),
    _p("ec_relatives", "committees", N_("选举委员会成员之间有近亲属关系"), "GC-03 SD-21",
       Kind.CHOICE, choices=SEVERITY_CHOICES),
    _p("ec_list_objection_days", "committees", N_("对选举委员会名单提出意见的期限"), "GC-08",
       Kind.INT, unit=N_("日"), minimum=0, maximum=30),
    _p("supervision_size", "committees", N_("村务监督委员会人数"), "SD-28 VC-30", Kind.RANGE,
       unit=N_("人"), minimum=1, maximum=15),
    _p("archive_years", "committees", N_("选举档案至少保存"), "GC-09", Kind.INT, unit=N_("年"),
       minimum=1, maximum=100),
    _p("ec_chair_party_secretary", "committees", N_("村党组织书记未任选举委员会主任"), "SD-21",
       Kind.CHOICE, choices=SEVERITY_CHOICES,
       help=N_("实施方案要求依法将村党组织书记推选为村民选举委员会主任；书记被提名为村民委员会主任候选人后由副主任主持。"
               "推选由会议依法进行，程序只核对结果。")),
    _p("villagers_meeting_quorum", "committees", N_("村民会议到会：十八周岁以上村民"), "VC-27 VC-05",
       Kind.THRESHOLD, bases=("adults",)),
    _p("villagers_meeting_household_quorum", "committees", N_("村民会议到会：户的代表（两项满足其一即可）"),
       "VC-27 VC-05", Kind.THRESHOLD, bases=("households",)),
    _p("representatives_meeting_quorum", "committees", N_("村民代表会议到会：组成人员"), "VC-28 VC-05",
       Kind.THRESHOLD, bases=("representatives",)),
    _p("group_meeting_quorum", "committees", N_("村民小组会议到会：本组十八周岁以上村民"), "VC-05",
       Kind.THRESHOLD, bases=("adults",),
       help=N_("《村民委员会组织法》第二十八条；由各村民小组会议推选选举委员会时，每个小组会议分别核对。")),
    _p("group_meeting_household_quorum", "committees", N_("村民小组会议到会：本组户的代表（两项满足其一即可）"),
       "VC-05", Kind.THRESHOLD, bases=("households",)),
    _p("meeting_decision_threshold", "committees", N_("村民会议、村民代表会议的决定：同意票占到会人员"),
       "VC-27 VC-28", Kind.THRESHOLD, bases=("attendees",)),
    _p("vc_plan_adoption", "committees", N_("选举工作方案未经村民（代表）会议讨论通过并公布"), "SD-22",
       Kind.CHOICE, choices=SEVERITY_CHOICES),
    # 村党组织选举
    _p("party_initial_method", "party", N_("候选人初步人选人数的算法"), "PT-10 SD-10", Kind.CHOICE,
       choices=(("ratio", N_("按应选人数的倍数（字面规定）")), ("plus", N_("应选人数加若干人"))),
       help=N_("江西市山镇实施方案写“不少于应选人数的1.5倍（比如3个支委委员要不少于5人，5个支委委员要不少于7人）”。"
               "按1.5倍进一法，应选5名须8人，与例子中的7人不符；例子只与“加2人”一致。"
               "应选3～7名时：1.5倍为5、6、8、9、11人，加2人为5、6、7、8、9人。请乡镇确定采用哪一种。")),
    _p("party_initial_ratio", "party", N_("初步人选不少于应选人数的倍数"), "PT-10 SD-10 CONV-08",
       Kind.RATIO, unit=N_("倍")),
    _p("party_initial_plus", "party", N_("初步人选比应选人数多（加若干人算法）"), "SD-10",
       Kind.INT, unit=N_("人"), minimum=1, maximum=10),
    _p("party_preliminary_extra", "party", N_("委员候选人预备人选比应选人数多"), "PT-17", Kind.INT,
       unit=N_("人"), minimum=1, maximum=10),
    _p("party_margin_percent", "party", N_("委员候选人差额不少于应选人数的"), "PT-16 PT-17a",
       Kind.INT, unit="%", minimum=0, maximum=100),
    _p("party_quorum", "party", N_("党员大会有效：到会人数占应到会人数"), "PT-08", Kind.THRESHOLD,
       bases=("expected",),
       help=N_("1990年暂行条例为“超过4/5”；多篇二手材料写“不少于4/5”。应到会50人时，"
               "“超过”须到会41人，“不少于”须40人。")),
    _p("party_elected", "party", N_("党组织委员当选：赞成票占"), "PT-13", Kind.THRESHOLD,
       bases=("present", "expected")),
    _p("party_ballots_base", "party", N_("收回选票数的比较对象"), "PT-11 GC-15", Kind.CHOICE,
       choices=(("issued", N_("发出选票数")), ("voters", N_("投票人数")),
                ("both", N_("两者都检查")))),
    _p("party_congress_members", "party", N_("党员人数达到此数可开党员代表大会"), "PT-03",
       Kind.INT, unit=N_("名"), minimum=1, maximum=10000),
    _p("party_committee_size", "party", N_("支部委员会委员人数"), "PT-25", Kind.RANGE,
       unit=N_("人"), minimum=1, maximum=15),
    _p("party_committee_min_members", "party", N_("设支部委员会所需正式党员"), "PT-25", Kind.INT,
       unit=N_("人"), minimum=1, maximum=100),
    _p("party_publicity_days", "party", N_("预备人选公示期"), "PT-17", Kind.INT, unit=N_("日"),
       minimum=0, maximum=30),
    _p("party_publicity_working", "party", N_("公示期按工作日计算"), "PT-17 CONV-06", Kind.BOOL),
    _p("party_report_days", "party", N_("选举结果书面报告镇党委的期限"), "PT-21", Kind.INT,
       unit=N_("日"), minimum=0, maximum=60),
    _p("party_exclusion_categories", "party", N_("可不计入应到会人数的情形"), "PT-07 PT-07a",
       Kind.LIST),
    _p("review_departments", "party", N_("资格联审部门"), "PT-26", Kind.LIST),
    # 人选条件与结构
    _p("age_reference_date", "candidates", N_("年龄计算截止日（空为选举日）"), "SD-13",
       Kind.DATE),
    _p("head_age_limit_male", "candidates", N_("男性不再提名为书记、主任的年龄"), "SD-13",
       Kind.INT, unit=N_("周岁"), minimum=18, maximum=100),
    _p("head_age_limit_female", "candidates", N_("女性不再提名为书记、主任的年龄"), "SD-13",
       Kind.INT, unit=N_("周岁"), minimum=18, maximum=100),
    _p("age_limit_basis", "candidates", N_("年龄界限的判定"), "SD-13", Kind.CHOICE,
       choices=(("age", N_("按周岁（生日当天满岁）")),
                ("born_before", N_("按出生日期早于截止日减年龄")))),
    _p("new_head_max_age", "candidates", N_("新提名书记、主任不超过"), "SD-15", Kind.INT,
       unit=N_("周岁"), minimum=18, maximum=100),
    _p("young_member_age", "candidates", N_("班子中至少1名年轻成员的年龄不超过"), "SD-15",
       Kind.INT, unit=N_("周岁"), minimum=18, maximum=100),
    _p("young_member_education", "candidates", N_("年轻成员的学历至少"), "SD-15", Kind.CHOICE,
       choices=(("高中", N_("高中（中专）")), ("大专", N_("大专")), ("本科", N_("本科")))),
    _p("deputy_max_age_male", "candidates", N_("“两委”副职男性不超过"), "SD-15", Kind.INT,
       unit=N_("周岁"), minimum=18, maximum=100),
    _p("deputy_max_age_female", "candidates", N_("“两委”副职女性不超过"), "SD-15", Kind.INT,
       unit=N_("周岁"), minimum=18, maximum=100),
    _p("structure_severity", "candidates", N_("年龄、学历、性别结构要求"), "SD-13 SD-15 SD-17",
       Kind.CHOICE, choices=SEVERITY_CHOICES),
    _p("relatives_severity", "candidates", N_("“两委”人选之间近亲属回避"), "SD-19 VC-29",
       Kind.CHOICE, choices=SEVERITY_CHOICES),
    _p("disqualifier_recent_years", "candidates", N_("“十不选”中“近N年”"), "SD-40", Kind.INT,
       unit=N_("年"), minimum=0, maximum=20),
    _p("disqualifier_bribery_years", "candidates", N_("因拉票贿选被查处未满"), "SD-40", Kind.INT,
       unit=N_("年"), minimum=0, maximum=20),
    _p("disqualifier_reference", "candidates", N_("“十不选”时间窗口的基准日"), "SD-40",
       Kind.CHOICE, choices=(("nomination", N_("提名日")), ("election", N_("选举日")))),
    _p("vc_review_departments", "candidates", N_("村委会候选人资格联审单位（村、乡镇、县三级）"), "SD-24 SD-40",
       Kind.LIST,
       help=N_("一行一个。以“村”开头的为村级初审，名称含“初审”或以镇党委、乡党委开头的为乡镇初审，其余为县级联审部门；"
               "每名候选人须经每个单位审查，经办人、分管领导签字。")),
    # 文书格式 (PF-n = shared/docs/paper-formats.md section n)
    _p("notice_number_style", "documents", N_("公告编号格式"), "PF-13", Kind.CHOICE,
       choices=(("paren", N_("（第×号）")), ("xuanzi", N_("××选字第×号")),
                ("chinese", N_("第×号（汉字数字）")))),
    _p("notice_closing", "documents", N_("公告结尾语"), "PF-13", Kind.CHOICE,
       choices=(("特此公告", N_("特此公告")), ("", N_("不加结尾语")))),
    _p("basis_province_measures", "documents", N_("公告依据：省级村民委员会选举办法的名称"),
       "VC-20 PV-07", Kind.LIST,
       help=N_("公告引言和“依据”一栏引用的省级办法全称，不加书名号，一行一个；“{省份}”代入乡镇所在省份，"
               "省份未填时不引用。")),
    _p("basis_township_plan", "documents", N_("公告依据：乡镇换届选举工作实施方案的名称"),
       "SD-22 SD-24 SD-26 PT-06 PT-17", Kind.LIST,
       help=N_("本乡镇实施方案的正式名称，不加书名号，一行一个；“{乡镇}”代入乡镇名称。")),
)

BY_KEY: dict[str, Param] = {param.key: param for param in CATALOG}


# Parameters that no stage reads yet, each with the stage (a key of
# ``workflows.core.stages.STAGES``, or a procedure of FUTURE_PROCEDURES) that will read it
# when that stage's work lands. The list only shrinks: tests/test_policy.py fails for a
# parameter that nothing reads and that is not listed here, and for a listed parameter
# that some code already reads.
FUTURE_PROCEDURES = {"recall": N_("罢免")}
AWAITING_READER: dict[str, str] = {
    "residence_village_work": "vc.registration",  # the roster has no column for village work yet
    "supervision_size": "vc.supervision",
    "archive_years": "vc.archive",
    "ballots_sealed_to_township": "vc.archive",
    "recall_vote_days": "recall",
    "recall_repeat_years": "recall",
    "party_congress_members": "party.meeting",
}
