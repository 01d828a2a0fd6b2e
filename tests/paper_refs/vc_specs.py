"""Fixed data of the villager-committee documents (issue 11), taken once from a demo village's
archive and frozen here: the election committee's list (a supplement after a member left) and
filing, the work plan, the blank 海选 ballot, the formal candidate list, the 见面会 notice and the
changes notice."""

from __future__ import annotations

from printing.documents.candidate_changes import CandidateChangesSpec, ChangeRow
from printing.documents.candidate_meeting import CandidateMeetingSpec
from printing.documents.committee_filing import CommitteeFilingSpec, FilingMember
from printing.documents.committee_list import CommitteeListSpec, RoleLine
from printing.documents.formal_candidates import FormalCandidatesSpec, FormalRow, OfficeBlock
from printing.documents.nomination_ballot import BallotColumn, NominationBallotSpec
from printing.documents.work_plan import PlanSection, WorkPlanSpec


def vc_committee_list():
    return CommitteeListSpec(
        title="云溪村村民选举委员会成员名单补充公告",
        lead="调整后的村民选举委员会成员名单如下（同一职务按姓氏笔画为序）：",
        lines=[
            RoleLine(role="主\u3000任", names=["孟文涛"]),
            RoleLine(role="副主任", names=["汪燕"]),
            RoleLine(role="成\u3000员", names=["方婷云", "闫仙仙", "龚飞强"]),
        ],
        objection="村民对名单有不同意见的，可在名单公布之日起5日内向村民委员会提出。",
        issuer="云溪村村民委员会",
        date_text="2026年11月11日",
        number="（第3号）",
        changes=[
            "原村民选举委员会委员韩伟发因被提名为村民委员会成员候选人，已于2026年11月11日退出村民选举委员会。根据《中华人民共和国村民委员会组织法》第十二条规定，按照原推选结果依次递补龚飞强为村民选举委员会成员。"
        ],
        closing="特此公告",
    )


def vc_committee_filing():
    return CommitteeFilingSpec(
        title="关于推选产生白沙村村民选举委员会的报告",
        addressee="云溪镇人民政府",
        paragraphs=[
            "根据《中华人民共和国村民委员会组织法》和《云溪镇村“两委”换届选举工作实施方案》的要求，本村于2026年10月30日召开村民代表会议，推选产生村民选举委员会，主持本村第十二届村民委员会选举工作。到会22人，达到组成人员25人的不少于三分之二（至少17人），会议有效。",
            "村民选举委员会由5人组成：主任姚德海，副主任赵国宇，委员孙春玲、李雪敏、夏军军。推选结果（按名次）如下：",
        ],
        members=[
            FilingMember(
                rank=1,
                role="主任",
                name="姚德海",
                sex="男",
                birth_month="1994年1月",
                votes="21",
                note="",
            ),
            FilingMember(
                rank=2,
                role="副主任",
                name="赵国宇",
                sex="男",
                birth_month="1960年12月",
                votes="20",
                note="",
            ),
            FilingMember(
                rank=3,
                role="委员",
                name="夏军军",
                sex="男",
                birth_month="1975年6月",
                votes="19",
                note="",
            ),
            FilingMember(
                rank=4,
                role="委员",
                name="李雪敏",
                sex="女",
                birth_month="1963年1月",
                votes="18",
                note="",
            ),
            FilingMember(
                rank=5,
                role="委员",
                name="孙春玲",
                sex="女",
                birth_month="1993年2月",
                votes="17",
                note="",
            ),
            FilingMember(
                rank=6,
                role="—",
                name="黎刚斌",
                sex="男",
                birth_month="1994年4月",
                votes="16",
                note="依次递补人选",
            ),
        ],
        issuer="白沙村村民委员会",
        date_text="2026年10月30日",
        after_table=[
            "村民选举委员会成员名单已于2026年10月30日张榜公布。",
            "村民选举委员会的任期自推选组成之日起，至新老村民委员会完成工作移交时止。现报请备案。",
        ],
        closing="特此报告。",
        stamped=True,
    )


def vc_work_plan():
    return WorkPlanSpec(
        title="石桥村第十二届村民委员会\n换届选举工作方案",
        intro="为做好本村第十二届村民委员会换届选举工作，制定本方案。",
        sections=[
            PlanSection(
                heading="一、指导思想和工作依据",
                paragraphs=[
                    "依据《中华人民共和国村民委员会组织法》《江西省村民委员会选举办法》和《云溪镇村“两委”换届选举工作实施方案》，坚持党的领导、充分发扬民主、严格依法办事，结合本村实际，制定本方案。"
                ],
                table_header=[],
                table_rows=[],
            ),
            PlanSection(
                heading="二、村民委员会的职数",
                paragraphs=[
                    "本届村民委员会由主任1名、副主任1名、委员3名，共5名组成，由登记参加选举的村民直接选举产生。",
                    "其中，委员（妇女委员）1名实行专职专选、定位产生。",
                    "村民委员会成员中应当有妇女成员，候选人中应当有适当的妇女名额。",
                ],
                table_header=[],
                table_rows=[],
            ),
            PlanSection(
                heading="三、村民选举委员会",
                paragraphs=[
                    "本村村民选举委员会经2026年10月19日本村村民代表会议推选产生，由5人组成：主任徐俊鹏，副主任田燕春，委员金晓晓、程涛、黎昇文。村民选举委员会主持本届村民委员会选举工作。村民选举委员会成员被提名为村民委员会成员候选人的，应当退出村民选举委员会，按照原推选结果依次递补，也可以另行推选。"
                ],
                table_header=[],
                table_rows=[],
            ),
            PlanSection(
                heading="四、选举日和工作步骤",
                paragraphs=["本届村民委员会选举日为2026年11月30日。主要工作步骤和时间安排如下："],
                table_header=["时间", "工作内容"],
                table_rows=[
                    ["2026年10月19日", "推选村民选举委员会"],
                    ["2026年10月19日", "选举工作方案经会议讨论通过"],
                    ["2026年11月10日前", "公布选民名单"],
                    ["至2026年11月16日", "选民名单异议申诉截止"],
                    ["至2026年11月19日", "异议处理决定最迟作出"],
                    ["2026年11月25日前", "公布正式候选人名单"],
                    ["至2026年11月27日", "委托投票办理截止"],
                    ["2026年11月27日前", "公布投票时间、地点和方式"],
                    ["2026年11月30日", "投票选举日"],
                    ["2026年12月10日前", "新老村委会工作移交完成"],
                ],
            ),
            PlanSection(
                heading="五、选民登记",
                paragraphs=[
                    "年满18周岁（计算到选举日）、未被依法剥夺政治权利的村民，按照《中华人民共和国村民委员会组织法》第十三条的规定登记参加选举。登记参加选举的村民名单在选举日的20日前公布。村民对名单有异议的，可以自名单公布之日起5日内向村民选举委员会申诉，村民选举委员会自收到申诉之日起3日内作出处理决定，并公布处理结果。"
                ],
                table_header=[],
                table_rows=[],
            ),
            PlanSection(
                heading="六、候选人的提名和确定",
                paragraphs=[
                    "村民委员会主任、副主任和委员的候选人由登记参加选举的村民直接提名，任何组织或者个人不得指定、委派。候选人名额应当多于应选名额。正式候选人名单在选举日的5日前分职务张榜公布。"
                ],
                table_header=[],
                table_rows=[],
            ),
            PlanSection(
                heading="七、投票选举",
                paragraphs=[
                    "村民选举委员会在选举日的3日前公布投票的时间、地点和方式。选举实行无记名投票、公开计票的方法，设立秘密写票处，选举结果当场公布。选举是否有效、候选人是否当选，按照《中华人民共和国村民委员会组织法》第十五条的规定确定。"
                ],
                table_header=[],
                table_rows=[],
            ),
            PlanSection(
                heading="八、工作要求",
                paragraphs=[
                    "严格依法依规办事，法定程序一个不少，规定步骤一步不漏。严肃换届纪律，严禁拉票贿选，对以暴力、威胁、欺骗、贿赂等不正当手段妨害村民行使选举权、被选举权的，依法依规严肃处理。"
                ],
                table_header=[],
                table_rows=[],
            ),
        ],
        closing="本方案经2026年10月19日本村村民代表会议讨论通过，自公布之日起施行。",
        issuer="石桥村村民选举委员会",
        date_text="2026年10月19日",
        stamped=None,
    )


def vc_nomination_ballot():
    return NominationBallotSpec(
        title="云溪村第十二届村民委员会成员候选人提名票",
        columns=[
            BallotColumn(label="主任", seats=1, note=""),
            BallotColumn(label="副主任", seats=2, note=""),
            BallotColumn(label="委员", seats=4, note="其中妇女委员1名"),
        ],
        issuer="云溪村村民选举委员会",
        instructions=[
            "提名本村登记参加选举的村民，请按居民身份证上的姓名填写全名。",
            "每一职务提名人数不得多于应选名额；多于应选名额的，该职务的提名无效。",
            "每一登记选民只能填写一张提名票，不得委托他人代为提名。",
            "书写模糊、无法辨认的姓名无效。",
            "同一人被提名为两个以上职务的，由本人选择其中一个职务。",
        ],
        subtitle="（不记名填写，不得委托他人提名）",
        copies=4,
    )


def vc_formal_candidates():
    return FormalCandidatesSpec(
        title="云溪村第十二届村民委员会成员正式候选人名单公告",
        lead="根据《中华人民共和国村民委员会组织法》《江西省村民委员会选举办法》和《云溪镇村“两委”换届选举工作实施方案》的规定，经本村登记参加选举的村民直接提名，并经资格审查，云溪村第十二届村民委员会成员正式候选人已经确定。现将名单公布如下（按姓氏笔画为序）：",
        offices=[
            OfficeBlock(
                heading="村民委员会主任正式候选人（应选1名，候选人2名）：",
                rows=[
                    FormalRow(
                        name="秦宏水", sex="男", birth_month="1996年10月", votes="288", note=""
                    ),
                    FormalRow(
                        name="程林发", sex="男", birth_month="1981年9月", votes="384", note=""
                    ),
                ],
            ),
            OfficeBlock(
                heading="村民委员会副主任正式候选人（应选2名，候选人3名）：",
                rows=[
                    FormalRow(
                        name="余俊斌", sex="男", birth_month="1976年12月", votes="384", note=""
                    ),
                    FormalRow(name="周建", sex="男", birth_month="1983年7月", votes="512", note=""),
                    FormalRow(name="崔根", sex="男", birth_month="1977年3月", votes="640", note=""),
                ],
            ),
            OfficeBlock(
                heading="村民委员会委员正式候选人（应选4名，候选人5名）：",
                rows=[
                    FormalRow(
                        name="王静娜", sex="女", birth_month="1971年7月", votes="640", note=""
                    ),
                    FormalRow(
                        name="刘飞俊", sex="男", birth_month="1989年3月", votes="427", note=""
                    ),
                    FormalRow(
                        name="郑飞刚", sex="男", birth_month="2001年10月", votes="533", note=""
                    ),
                    FormalRow(
                        name="韩伟发", sex="男", birth_month="1962年12月", votes="747", note=""
                    ),
                    FormalRow(
                        name="廖财", sex="男", birth_month="1968年11月", votes="854", note=""
                    ),
                ],
            ),
        ],
        issuer="云溪村村民选举委员会",
        date_text="2026年11月17日",
        show_votes=False,
        notes=[],
        number="（第4号）",
        closing="特此公告",
    )


def vc_candidate_meeting():
    return CandidateMeetingSpec(
        title="云溪村第十二届村民委员会正式候选人与村民见面会公告",
        intro="根据《中华人民共和国村民委员会组织法》第十五条的规定，村民选举委员会定于2026年11月19日上午9时在村委会会议室召开正式候选人与村民见面会，由正式候选人介绍履职设想，回答村民提问。欢迎本村村民参加。",
        candidates=[
            "主任正式候选人（按姓氏笔画为序）：秦宏水、程林发。",
            "副主任正式候选人（按姓氏笔画为序）：余俊斌、周建、崔根。",
            "委员正式候选人（按姓氏笔画为序）：王静娜、刘飞俊、郑飞刚、韩伟发、廖财。",
        ],
        issuer="云溪村村民选举委员会",
        date_text="2026年11月17日",
        notes=["见面会上，任何人不得有拉票贿选等违反换届纪律的行为。"],
        number="（第5号）",
        closing="特此公告",
    )


def vc_candidate_changes():
    return CandidateChangesSpec(
        title="东坑村第十二届村民委员会正式候选人变动公告",
        intro="本村第十二届村民委员会成员正式候选人名单于2026年10月16日公布（第3号）后，正式候选人发生以下变动，现予公告：",
        changes=[
            ChangeRow(
                office="委员",
                name="任东国",
                change="本人书面放弃",
                date_text="2026年10月17日",
                replacement="彭磊",
            )
        ],
        standing=[
            "主任正式候选人（按姓氏笔画为序）：任超涛、曾志宇。",
            "副主任正式候选人（按姓氏笔画为序）：王峰、郭鹏海。",
            "委员正式候选人（按姓氏笔画为序）：龙刚军、许燕仙、吴海海、彭磊。",
        ],
        issuer="东坑村村民选举委员会",
        date_text="2026年10月17日",
        notes=["选举日期和其他事项不变。"],
        number="（第4号）",
        closing="特此公告",
    )
