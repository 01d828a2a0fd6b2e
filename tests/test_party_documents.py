"""Party documents (paper-formats §12): 预备人选公示, 请示, 资格联审表, 应到会人数报告.

Rendered through the archive-independent path (``kind(key).render(spec, Footer)``).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from printing.documents import kind, spec_from_json, spec_to_json
from printing.documents.attendance_report import (
    AttendanceExclusionRow,
    AttendanceReportSpec,
    NonVotingMember,
)
from printing.documents.party_publicity import PartyPublicitySpec, PreliminaryCandidate
from printing.documents.party_request import ExcludedMember, PartyRequestSpec, break_title, period
from printing.documents.qualification_form import (
    CheckAnswer,
    DepartmentOpinion,
    QualificationCandidate,
    QualificationFormSpec,
)
from printing.layout import Footer
from tests.pdfs import compact, fonts_embedded, pages_text, personal_data
from workflows.core.policy import RulesProfile, Setting
from workflows.party import review as party_review

CODE = "TEST-CODE"
FOOTER = Footer(CODE, "VEW:" + CODE)
ID_1 = "36102519750312001X"
ID_2 = "361025199201150314"

CANDIDATES = [
    PreliminaryCandidate("书记", "王建国", "男", "汉族", "1975.03", "大专", "2001.07", "村党支部书记、村委会主任"),
    PreliminaryCandidate("副书记", "刘晓红", "女", "汉族", "1983.11", "本科", "2008.06", "村党支部副书记"),
    PreliminaryCandidate("委员", "李明", "男", "汉族", "1990.05", "高中", "2015.12", "村民小组长"),
    PreliminaryCandidate("委员", "张秀英", "女", "畲族", "1986.09", "中专", "2012.07", "村妇联主席"),
    PreliminaryCandidate("委员", "欧阳志远", "男", "汉族", "1992.01", "本科", "2018.06", "返乡创业人员"),
    PreliminaryCandidate("委员", "黄海", "男", "汉族", "1979.04", "初中", "2005.07", "村党支部委员"),
]
NAMES = [c.name for c in CANDIDATES]


def publicity_spec(**changes) -> PartyPublicitySpec:
    values = dict(
        title="关于中共石桥村支部委员会委员候选人预备人选的公示", organisation="中共石桥村支部委员会",
        township_committee="中共云溪镇委员会", seats=5, candidates=CANDIDATES, secretaries=["王建国"],
        deputies=["刘晓红"], period_start="2026年3月2日", period_end="2026年3月6日",
        office="中共云溪镇委员会组织办", phone="0794-1234567", issuer="中共云溪镇委员会组织办",
        date_text="2026年3月1日", number="（第5号）", address="云溪镇人民政府大院（邮编344000）",
        visit_place="云溪镇党政综合办公楼二楼组织办")
    values.update(changes)
    return PartyPublicitySpec(**values)


def request_spec(**changes) -> PartyRequestSpec:
    values = dict(
        title="关于确定中共石桥村支部委员会委员候选人预备人选的请示", addressee="中共云溪镇委员会",
        organisation="中共石桥村支部委员会", seats=5, members=NAMES, secretaries=["王建国"],
        deputies=["刘晓红"], member_round_date="2026年2月20日", member_round_participants=46,
        mass_round_date="2026年2月22日", mass_round_participants=38, initial_count=9, qualified_count=8,
        inspection_date="2026年2月26日", publicity_start="2026年3月2日", publicity_end="2026年3月6日",
        exclusions=[ExcludedMember("陈老根", "年老体弱，长期卧床不起", "是", "家属同意"),
                    ExcludedMember("周小军", "在外务工一年以上，组织关系应转未转", "是")],
        issuer="中共石桥村支部委员会", date_text="2026年3月7日", sender="中共石桥村支部委员会",
        contact="联系人：王建国，联系电话：0794-7654321")
    values.update(changes)
    return PartyRequestSpec(**values)


def report_spec(**changes) -> AttendanceReportSpec:
    values = dict(
        title="关于石桥村党员大会应到会人数的报告", addressee="中共云溪镇委员会", total_members=52,
        probationary_members=3, voting_members=48, expected=46, minimum_present=37,
        issuer="中共石桥村支部委员会", date_text="2026年3月8日",
        non_voting=[NonVotingMember("赵某某", "留党察看期间")],
        exclusions=[AttendanceExclusionRow("陈老根", "年老体弱卧床不起", "脑梗卧床三年", "无法表达", "同意", "同意"),
                    AttendanceExclusionRow("周小军", "外出工作半年以上，应转而未转组织关系", "2024年起在广东务工",
                                           "同意", "同意", "同意")],
        as_of="2026年3月1日", meeting_date="2026年3月20日", copy_to="中共青山县委组织部")
    values.update(changes)
    return AttendanceReportSpec(**values)


PROFILE = RulesProfile.from_preset("jiangxi_2021")
DISQUALIFIERS = list(party_review.disqualifier_items(PROFILE))  # the wording is defined once
DEPARTMENTS = party_review.departments(PROFILE)  # the township's 初审 first, then the county
COUNTY = [name for name in DEPARTMENTS if name != "镇党委（初审）"]


def form_spec(**changes) -> QualificationFormSpec:
    first = QualificationCandidate(
        "王建国", "男", "汉族", "1975.03", ID_1, "中共党员", "大专", "村党支部书记、村委会主任",
        "村党支部书记", checks=[CheckAnswer(i, "否") for i in range(1, 11)],
        reviews=[DepartmentOpinion("县公安局", "无问题", "李明亮", "张卫东", "2026年2月24日")],
        township_opinion="经初审，符合资格条件，同意提交县级联审。")
    second = QualificationCandidate("欧阳志远", "男", "汉族", "1992.01", ID_2, "中共党员", "本科",
                                    "返乡创业人员", "村党支部委员")
    values = dict(title="石桥村“两委”换届候选人（初步人选）资格联审表", township="云溪镇",
                  candidates=[first, second], items=DISQUALIFIERS, departments=DEPARTMENTS)
    values.update(changes)
    return QualificationFormSpec(**values)


def render(key: str, spec) -> bytes:
    return kind(key).render(spec, FOOTER)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body(data: bytes) -> str:
    """Compact text of all pages without the page numbers and footers (sentences cross pages)."""
    pages = [re.sub(rf"(—\s*\d+\s*—)|(核验码\s*{CODE})", "", page) for page in pages_text(data)]
    return flat("".join(pages))


def assert_common(data: bytes) -> None:
    """The footer code on every page, every font embedded."""
    pages = pages_text(data)
    assert pages and all(CODE in page for page in pages)
    fonts = fonts_embedded(data)
    assert fonts and all(embedded for _name, embedded in fonts)


# ----------------------------------------------------------------------------- publicity


def test_publicity_names_the_preliminary_candidates_and_how_to_report():
    data = render("party_publicity", publicity_spec())
    text = body(data)
    assert "关于中共石桥村支部委员会委员候选人预备人选的公示" in text and "（第5号）" in text
    assert "委员候选人预备人选6名（应选5名）" in text and "按姓氏笔画为序：" + "、".join(NAMES) in text
    assert "书记候选人预备人选：王建国" in text and "副书记候选人预备人选：刘晓红" in text
    assert "拟任职务姓名性别民族出生年月文化程度入党时间现任职务" in text
    assert "畲族" in text and "2018.06" in text and "返乡创业人员" in text
    assert "公示期：2026年3月2日至3月6日" in text  # the end date drops the repeated year
    assert "0794-1234567" in text and "12380" in text and "来信" in text and "来访" in text
    assert "实事求是" in text and "真实姓名" in text
    assert "中共云溪镇委员会组织办" in text and "2026年3月1日" in text
    assert_common(data)


def test_publicity_rows_keep_the_callers_order_and_show_no_personal_data():
    data = render("party_publicity", publicity_spec())
    text = body(data)
    positions = [text.index(f"{c.office}{c.name}{c.sex}") for c in CANDIDATES]
    assert positions == sorted(positions)
    assert personal_data(data) == []
    assert kind("party_publicity").numbered and kind("party_publicity").public


def test_publicity_without_deputy_or_address():
    text = body(render("party_publicity", publicity_spec(deputies=[], address="", visit_place="")))
    assert "书记候选人预备人选：王建国。" in text and "副书记候选人" not in text
    assert "来信地址" not in text and "受理电话：0794-1234567。" in text


# ----------------------------------------------------------------------------- request


def test_request_has_sender_two_line_title_addressee_and_closing():
    data = render("party_request", request_spec())
    first = pages_text(data)[0].splitlines()
    assert first[:3] == ["中共石桥村支部委员会", "关于确定中共石桥村支部委员会", "委员候选人预备人选的请示"]
    assert first[3] == "中共云溪镇委员会："
    text = body(data)
    assert "召开党员大会" in text and "参加推荐的党员46名" in text and "参加推荐38人" in text
    assert "候选人初步人选9名" in text and "8名符合条件，1名不符合条件" in text
    assert "于2026年3月2日至3月6日在全村进行了公示" in text and "公示期间未收到反映问题。" in text
    assert "（一）书记候选人预备人选：王建国。" in text and "（二）副书记候选人预备人选：刘晓红。" in text
    assert "（三）委员候选人预备人选6名（应选5名，差额1名，按姓氏笔画为序）：" + "、".join(NAMES) in text
    assert "三、拟不计入应到会人数的党员" in text
    assert "姓名不能参加选举大会原因是否已征求本人意见备注" in text and "陈老根" in text and "周小军" in text
    assert "当否，请批示。" in text
    assert text.index("当否，请批示。") < text.rindex("中共石桥村支部委员会2026年3月7日")
    assert "（联系人：王建国，联系电话：0794-7654321）" in text
    assert_common(data)


def test_request_without_exclusions_has_no_exclusion_section_and_keeps_a_custom_closing():
    spec = request_spec(exclusions=[], deputies=[], closing="妥否，请予批复。", contact="", sender="")
    text = body(render("party_request", spec))
    assert "拟不计入应到会人数" not in text and "副书记候选人" not in text
    assert "（二）委员候选人预备人选6名" in text
    assert "妥否，请予批复。" in text and "当否" not in text
    assert request_spec().closing == "当否，请批示。"


def test_titles_break_after_the_organisation_unless_the_caller_chose():
    assert break_title("关于确定中共石桥村支部委员会委员候选人预备人选的请示") == \
        "关于确定中共石桥村支部委员会\n委员候选人预备人选的请示"
    assert break_title("关于××\n的请示") == "关于××\n的请示"
    assert break_title("关于石桥村党员大会应到会人数的报告") == "关于石桥村党员大会应到会人数的报告"
    assert period("2026年3月2日", "2026年3月6日") == "2026年3月2日至3月6日"
    assert period("2026年12月28日", "2027年1月3日") == "2026年12月28日至2027年1月3日"


# ----------------------------------------------------------------------------- report


def test_attendance_report_states_the_counts_and_lists_the_exclusions():
    data = render("attendance_report", report_spec())
    text = body(data)
    assert "关于石桥村党员大会应到会人数的报告" in text and "中共云溪镇委员会：" in text
    assert "共有党员52名，其中正式党员49名、预备党员3名" in text
    assert "留党察看期间1名（赵某某）" in text and "有选举权的正式党员48名" in text
    assert "拟不计入应到会人数的党员2名" in text and "应到会人数为46名" in text
    assert "须超过应到会人数的五分之四" in text and "最低到会人数为37名" in text
    assert "姓名情形具体情况本人意见家属意见镇党委意见" in text
    assert "陈老根" in text and "年老体弱卧床不起" in text and "无法表达" in text
    assert "特此报告。" in text and "中共石桥村支部委员会" in text and "2026年3月8日" in text
    assert "抄送：中共青山县委组织部。" in text
    assert_common(data)


def test_attendance_report_without_exclusions_and_with_the_inclusive_rule():
    spec = report_spec(exclusions=[], non_voting=[], expected=48, minimum_present=39, quorum_rule="不少于",
                       copy_to="")
    text = body(render("attendance_report", spec))
    assert "没有拟不计入应到会人数的党员，党员大会应到会人数为48名" in text
    assert "不少于应到会人数的五分之四" in text and "39名" in text
    assert "镇党委意见" not in text and "留党察看" not in text and "抄送" not in text


# ----------------------------------------------------------------------------- qualification form


def test_qualification_form_has_one_sheet_per_candidate_with_ids_and_all_ten_items():
    data = render("qualification_form", form_spec())
    pages = pages_text(data)
    assert len(pages) == 2
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (1191, 842)  # A3 landscape
    for number, (candidate, identity) in enumerate((("王建国", ID_1), ("欧阳志远", ID_2))):
        sheet = flat(pages[number])
        assert "石桥村“两委”换届候选人（初步人选）资格联审表" in sheet
        assert candidate in sheet and identity in sheet  # internal: the full ID number
        assert all(flat(item) in sheet for item in DISQUALIFIERS)
        assert all(department in sheet for department in COUNTY)
        assert "镇党委（初审）" not in sheet  # PT-26: the township has its own box, not a county row
        assert "经办人签字分管领导签字单位盖章日期" in sheet
        assert "镇党委初审意见" in sheet and "县委组织部、民政局综合意见" in sheet
        assert sheet.count("（盖章）年月日") == 2
    first = flat(pages[0])
    assert "李明亮" in first and "张卫东" in first and "2026年2月24日" in first
    assert "经初审，符合资格条件" in first
    assert "□是□否" not in first and "□是□否" in flat(pages[1])  # blank answers are ticked by hand
    assert_common(data)
    assert not kind("qualification_form").public


def test_pt26_township_first_review_in_its_own_box_not_among_county_departments():
    """PT-26 (镇党委初审, then the county's 联审), paper-formats §12d: the township's opinion,
    经办人, 分管领导 and date go into the 镇党委初审意见 box on the front, never a county row."""
    township = DepartmentOpinion("镇党委（初审）", "无问题", "赵立新", "钱志刚", "2026年2月20日")
    candidate = replace(form_spec().candidates[1], reviews=[township])
    pages = pages_text(render("qualification_form", form_spec(candidates=[candidate], sheet="A4")))
    front, back = flat(pages[0]), flat(pages[1])
    assert "镇党委初审意见" in front and "经办人：赵立新" in front and "分管领导：钱志刚" in front
    assert "2026年2月20日" in front and "无问题" in front
    assert "镇党委" not in back and "赵立新" not in back and "钱志刚" not in back
    assert all(name in back for name in COUNTY)


def test_pt26_signature_cells_blank_unless_that_departments_own_reviewer_was_entered():
    """PT-26 “谁审核谁负责”: a name is printed in a signature cell only for the department that
    entered it; every other department's 经办人/分管领导/日期 cells stay blank for handwriting."""
    police = DepartmentOpinion("公安", "无问题", "孙警官", "周局长", "2026年2月24日")
    candidate = replace(form_spec().candidates[1], reviews=[police])
    back = flat(pages_text(render("qualification_form", form_spec(candidates=[candidate], sheet="A4")))[1])
    assert back.count("孙警官") == 1 and back.count("周局长") == 1 and back.count("2026年2月24日") == 1
    assert "公安无问题孙警官周局长" in back and back.count("□无问题□有问题：") == len(COUNTY) - 1
    assert back.count("年月日") == len(COUNTY) - 1 + 1  # blank date cells, and the 综合意见 seal line


def test_pt26_a3_fold_marks_lie_inside_the_printable_area():
    """paper-formats §12d (A3 folded into two A4 halves): the fold marks start ≥ 5 mm from the edge."""
    data = render("qualification_form", form_spec(candidates=form_spec().candidates[:1]))
    page = PdfReader(io.BytesIO(data)).pages[0]
    middle = float(page.mediabox.width) / 2
    stream = page.get_contents().get_data().decode("latin-1")
    number = r"(-?\d+(?:\.\d+)?)"
    marks = [(float(y1), float(y2)) for x1, y1, x2, y2 in
             re.findall(rf"{number} {number} m {number} {number} l", stream)
             if abs(float(x1) - middle) < 0.01 and abs(float(x2) - middle) < 0.01]
    assert len(marks) == 2
    edge = 5 * 72 / 25.4
    height = float(page.mediabox.height)
    assert all(edge <= y <= height - edge for mark in marks for y in mark)


def test_qualification_form_on_a4_prints_two_pages_per_candidate():
    data = render("qualification_form", form_spec(sheet="A4"))
    pages = pages_text(data)
    assert len(pages) == 4
    assert ID_1 in flat(pages[0]) and "县级有关部门联审意见（候选人：王建国）" in flat(pages[1])
    assert ID_2 in flat(pages[2]) and "县级有关部门联审意见（候选人：欧阳志远）" in flat(pages[3])
    assert_common(data)


def test_qualification_form_takes_the_townships_items_and_departments():
    profile = PROFILE.with_setting("disqualifier_recent_years", Setting(5, "测试", True)) \
        .with_setting("disqualifier_bribery_years", Setting(3, "测试", True))
    items = list(party_review.disqualifier_items(profile))
    spec = form_spec(items=items, departments=["县公安局", "县信访局"])
    sheet = flat(pages_text(render("qualification_form", spec))[0])
    assert "近5年受过撤销党内职务" in sheet and "未满3年" in sheet
    assert "县公安局" in sheet and "县信访局" in sheet and "县纪委监委" not in sheet


def test_many_departments_continue_on_the_next_half_without_losing_rows():
    departments = [f"县第{n}审查单位" for n in range(1, 31)]
    data = render("qualification_form", form_spec(departments=departments, candidates=form_spec().candidates[:1]))
    text = compact(data)
    assert all(name in text for name in departments)
    assert "县委组织部、民政局综合意见" in text


# ----------------------------------------------------------------------------- archive


@pytest.mark.parametrize("key, spec", [
    ("party_publicity", publicity_spec()),
    ("party_request", request_spec()),
    ("attendance_report", report_spec()),
    ("qualification_form", form_spec()),
])
def test_specs_survive_the_archives_json_and_render_the_same_bytes(key, spec):
    spec_type = kind(key).spec_type
    again = spec_from_json(spec_type, spec_to_json(spec))
    assert again == spec
    assert render(key, again) == render(key, spec)
