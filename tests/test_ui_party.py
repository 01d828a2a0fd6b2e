"""pytest-qt: the Party-track pages on real data, from the member roster to 应到会人数.

One flow goes through every Party page the way a township clerk would: import the roster,
record both recommendation rounds, choose the initial candidates, fill the joint review
with the all-departments shortcut, inspect, choose the preliminary candidates, record the
publicity, issue the 请示 and record the 批复, then the exclusions and the attendance
report. After each step the test checks what the page shows and whether the stage's
blockers are gone (rule IDs: PT-04, PT-06, PT-07, PT-08, PT-10, PT-16, PT-17, PT-17a,
PT-26, PT-27, SD-10, SD-40).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from tests.conftest import make_election, make_township
from tests.party_rosters import member, write_members
from tests.ui_support import answer, record_interaction
from ui import roles
from ui.context import AppContext
from ui.party import dialogs as party_dialogs
from ui.party import member_dialogs as party_member_dialogs
from ui.party import review_dialogs as party_review_dialogs
from ui.party.approval_page import ApprovalPage, PublicityPage
from ui.party.candidates_page import (
    InitialCandidatesPage,
    InspectionPage,
    PreliminaryPage,
    QualificationPage,
)
from ui.party.meeting_page import MeetingPage
from ui.party.members_page import RecommendationPage
from ui.shell.stage_page import StagePage
from ui.signals import AppSignals
from ui.widgets.work_area import column_texts, select_id, select_text, selected_id
from workflows.core import stages
from workflows.core.calendar import record_fact
from workflows.core.config import Settings
from workflows.core.scope import open_scope

PARTY_DAY = date(2026, 12, 21)


def person(name: str, birth: date, sequence: int, **extra) -> dict:
    """A roster row; joined the Party at 25 unless told otherwise."""
    extra.setdefault("joined", f"{birth.year + 25}-07-01")
    return member(name, birth, sequence, **extra)


ROSTER = [
    person("王建国", date(1975, 5, 1), 1),
    person("李娜", date(1993, 3, 3), 2, 文化程度="本科"),
    person("张伟", date(1980, 6, 1), 3),
    person("刘洋", date(1982, 7, 1), 5),
    person("陈静", date(1985, 8, 1), 4),
    person("杨帆", date(1978, 9, 1), 7),
    person("赵磊", date(1988, 1, 9), 9),
    person("黄敏", date(1990, 2, 2), 6),
    person("周强", date(1970, 3, 3), 11),
    person("孙丽", date(1995, 4, 4), 8, joined="2026-03-01", 党员类别="预备党员"),
    person("吴刚", date(1972, 5, 5), 13, 是否留党察看="是"),
    person("郑涛", date(1983, 6, 6), 15),
]
RECOMMENDED = ["王建国", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周强", "孙丽"]


@pytest.fixture
def ctx(store):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def election_id(ctx):
    with ctx.transaction() as session:
        township = make_township(session, "jiangxi_2021")
        ctx.township_id = township.id
        election = make_election(session, township, party=PARTY_DAY, committee=date(2027, 1, 10))
        election.party_members, election.party_deputies = 5, 1
        # jiangxi_2021 gates the first Party stage on the published term-end audit (SD-46)
        record_fact(session, election, "audit_published", date(2026, 10, 30))
        return election.id


@pytest.fixture
def seen(monkeypatch):
    """Answer every question with yes; collect what the pages tell and which documents open."""
    record = record_interaction(monkeypatch)
    monkeypatch.setattr("ui.documents.document_viewer.DocumentViewer.exec", lambda self: 0)
    return record


def blockers(ctx, election_id, key) -> list[str]:
    """The stage's blockers as text (with the order rule: earlier stages must be done)."""
    with ctx.session() as session:
        report = stages.evaluate(open_scope(session, election_id, ctx.today()), key)
    return [str(b.message) for b in report.blockers]


def complete(ctx, election_id, key, day) -> None:
    assert blockers(ctx, election_id, key) == []
    with ctx.transaction() as session:
        stages.advance(open_scope(session, election_id, ctx.today()), key, day)


def shown(label) -> bool:
    return not label.isHidden() and bool(label.text())


def test_the_party_track_through_its_pages(qtbot, ctx, election_id, seen, monkeypatch, tmp_path):
    # --- 党员名册: import with preview, then one member through the dialog ----------------
    stage_page = StagePage(ctx)
    qtbot.addWidget(stage_page)
    stage_page.show_stage(election_id, "party.recommendation")
    page = stage_page.custom
    assert isinstance(page, RecommendationPage)
    assert "尚未记录党员推荐的日期和参加人数" in stage_page.blockers.text()
    members = page.members
    path = write_members(tmp_path / "党员名册.xlsx", {"党员": ROSTER})

    def run_import(dialog):
        dialog.ask_file = lambda: path
        dialog.choose_action()
        qtbot.waitUntil(dialog.check_button.isEnabled, timeout=10000)
        dialog.check_action()
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
        assert "新增 12 人" in dialog.summary.text() and "错误 0 处" in dialog.summary.text()
        assert dialog.import_button.isEnabled()
        dialog.import_action()
        qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10000)

    answer(monkeypatch, party_member_dialogs.MemberImportDialog, run_import, save=False)
    members.import_action()
    assert members.table.rowCount() == 12
    assert "党员 12 名" in members.status.text() and "有表决权、选举权和被选举权的 10 名" in members.status.text()
    reasons = dict(zip(column_texts(members.table, 0), column_texts(members.table, 8), strict=True))
    assert "预备党员，没有表决权" in reasons["孙丽"] and "留党察看期间" in reasons["吴刚"] and reasons["王建国"] == ""
    assert column_texts(members.table, 2)[0].startswith("3601") and "*" in column_texts(members.table, 2)[0]

    def bad_then_good(dialog):
        dialog.name.setText("冯军")
        dialog.id_number.setText("3601")
        dialog.joined.setText("2010-07-01")
        dialog.save_action()
        assert shown(dialog.form.errors["id_number"]) and dialog.result() == 0
        from workflows.core.idcard import make_id

        dialog.id_number.setText(make_id("360102", date(1986, 7, 7), 17))

    answer(monkeypatch, party_member_dialogs.MemberDialog, bad_then_good)
    members.add_action()
    assert members.table.rowCount() == 13 and "冯军" in column_texts(members.table, 0)

    # --- 两推: dates, participants, tallies (a refusal beside the field), ranking ------------
    rounds = page.rounds
    panel = rounds.panels["member"]
    panel.participants.setValue(0)
    panel.save_action()
    assert "参加推荐人数应为正整数" in panel.form.errors["participants"].text()
    for key, day, participants in (("member", date(2026, 11, 2), 11), ("mass", date(2026, 11, 3), 60)):
        rounds.panels[key].held_on.setDate(QDate(day))
        rounds.panels[key].participants.setValue(participants)
        rounds.panels[key].save_action()

    def tally(name, votes):
        def fill(dialog):
            dialog.choose_member(name)
            dialog.votes.setValue(votes)
        return fill

    def too_many(dialog):
        dialog.choose_member("王建国")
        dialog.votes.setValue(12)
        dialog.save_action()
        assert "超过参加党员推荐的人数11人" in dialog.form.errors["votes"].text()
        dialog.votes.setValue(11)

    answer(monkeypatch, party_dialogs.TallyDialog, too_many,
           *[tally(n, 11 - i) for i, n in enumerate(RECOMMENDED[1:], start=1)],
           *[tally(n, 50 - 4 * i) for i, n in enumerate(RECOMMENDED)])
    for _ in RECOMMENDED:
        panel.add_action()
    for _ in RECOMMENDED:
        rounds.panels["mass"].add_action()
    assert rounds.panels["member"].table.rowCount() == 10 and rounds.panels["mass"].table.rowCount() == 10
    assert column_texts(rounds.ranking, 1)[:3] == ["王建国", "李娜", "张伟"]
    assert column_texts(rounds.ranking, 5)[0] == "61"
    problems = dict(zip(column_texts(rounds.ranking, 1), column_texts(rounds.ranking, 6), strict=True))
    assert problems["孙丽"] == "预备党员" and "1 人没有被选举权" in rounds.ranking_note.text()
    stage_page.refresh()
    assert "没有阻断事项" in stage_page.blockers.text() and stage_page.advance_button.isEnabled()
    complete(ctx, election_id, "party.recommendation", date(2026, 11, 3))

    # --- 初步人选: SD-10 count and seed note, refusals, direct nomination ------------------
    initial = InitialCandidatesPage(ctx, election_id)
    qtbot.addWidget(initial)
    assert "应选5名，初步人选须不少于8人" in initial.count_line.text() and "现有0人" in initial.count_line.text()
    assert "1.5倍" in initial.count_line.text()
    assert "实施方案的例子为应选5名不少于7人" in initial.findings.text()
    assert "SD-10" not in initial.findings.text()  # rule IDs: in the tooltip, not in the text
    assert "SD-10" in initial.findings.toolTip() and "CONV-08" in initial.findings.toolTip()

    def office(key, incumbent=False):
        def fill(dialog):
            dialog.office.setCurrentIndex(dialog.office.findData(key))
            dialog.incumbent.setChecked(incumbent)
        return fill

    answer(monkeypatch, party_dialogs.OfficeDialog, office("secretary", True), office("deputy"),
           *[office("member") for _ in range(6)])
    for name in RECOMMENDED[:8]:
        assert select_text(initial.ranking, name, 1)
        initial.add_action()
    assert initial.table.rowCount() == 8 and "现有8人" in initial.count_line.text()

    refused = answer(monkeypatch, party_dialogs.OfficeDialog, office("member"))
    select_text(initial.ranking, "孙丽", 1)
    initial.add_action()
    assert "预备党员，不能作为党组织委员候选人（PT-04" in refused[0].general_error.text()

    def nominate(dialog):
        dialog.choose_member("郑涛")
        dialog.save_action()
        assert "请填写镇党委直接提名的理由" in dialog.form.errors["reason"].text()
        dialog.reason.setPlainText("熟悉村情，群众认可度高")

    answer(monkeypatch, party_dialogs.NominateDialog, nominate)
    initial.nominate_action()
    sources = dict(zip(column_texts(initial.table, 0), column_texts(initial.table, 6), strict=True))
    assert sources["郑涛"] == "镇党委直接提名" and sources["王建国"] == "两推产生"
    select_text(initial.table, "郑涛")
    initial.remove_action()
    assert initial.table.rowCount() == 8 and "郑涛" not in column_texts(initial.table, 0)
    assert "■" not in initial.findings.text()  # no blocker left; the seed note stays
    assert "实施方案的例子" in initial.findings.text()
    complete(ctx, election_id, "party.initial_candidates", date(2026, 11, 4))

    # --- 资格联审: progress, the editor with the all-departments shortcut, the form -------
    review = QualificationPage(ctx, election_id)
    qtbot.addWidget(review)
    assert column_texts(review.table, 2) == ["0/10"] * 8 and column_texts(review.table, 3) == ["0/18"] * 8
    assert "尚未出具审查意见" in review.findings.text() and "PT-26 SD-40" in review.findings.toolTip()
    review.reference.set_value(date(2026, 11, 4))
    review.reference_action()
    assert review.reference.value() == date(2026, 11, 4)

    def all_clear(dialog):
        dialog.all_items_no()
        dialog.all_reviewer.setText("李建军")
        dialog.all_leader.setText("王红梅")
        dialog.all_date.setDate(QDate(2026, 11, 5))
        dialog.fill_departments()

    def evidence_missing(dialog):
        all_clear(dialog)
        dialog.items[2].answer.setCurrentIndex(2)  # item 3: 是, without evidence
        dialog.save_action()
        assert shown(dialog.items[2].error) and "第3项勾选为“是”，请填写依据" in dialog.items[2].error.text()
        assert dialog.result() == 0
        dialog.items[2].answer.setCurrentIndex(1)

    def department_problem(dialog):
        all_clear(dialog)
        dialog.departments[1].result.setCurrentIndex(2)  # 县委组织部: 有问题
        dialog.departments[1].finding.setText("近3年考核不称职")

    names = column_texts(review.table, 0)
    fills = [evidence_missing if n == names[0] else department_problem if n == "黄敏" else all_clear for n in names]
    answer(monkeypatch, party_review_dialogs.QualificationDialog, *fills)
    for name in names:
        select_text(review.table, name)
        review.review_action()
    conclusions = dict(zip(column_texts(review.table, 0), column_texts(review.table, 4), strict=True))
    assert conclusions["黄敏"].startswith("已取消资格") and "县委组织部审查有问题：近3年考核不称职" in conclusions["黄敏"]
    assert conclusions["王建国"] == "符合条件（已通过资格联审）"
    assert column_texts(review.table, 3) == ["18/18"] * 8
    assert "▲ 黄敏已取消候选人资格" in review.findings.text() and "■" not in review.findings.text()
    review.print_action()
    assert len(seen["documents"]) == 1
    complete(ctx, election_id, "party.qualification", date(2026, 11, 5))

    # --- 组织考察 ---------------------------------------------------------------------------
    inspection = InspectionPage(ctx, election_id)
    qtbot.addWidget(inspection)
    assert inspection.table.rowCount() == 7 and "黄敏" in inspection.note.text()
    assert "尚未考察" in inspection.findings.text() and "PT-27" in inspection.findings.toolTip()

    def too_many_grades(dialog):
        dialog.assessed.setValue(30)
        dialog.excellent.setValue(31)
        dialog.save_action()
        assert "多于参加测评的30人" in dialog.form.errors["assessed"].text()
        inspected(dialog)

    def inspected(dialog):
        dialog.assessed.setValue(30)
        dialog.excellent.setValue(20)
        dialog.competent.setValue(9)
        dialog.basically.setValue(1)
        dialog.talks.setValue(12)
        dialog.site_visit.set_value(date(2026, 11, 6))
        dialog.conclusion.setPlainText("政治素质好，群众基础扎实，符合条件。")
        dialog.approved.setCurrentIndex(1)
        dialog.approved_by.setText("县委组织部部务会")
        dialog.approved_on.set_value(date(2026, 11, 6))

    answer(monkeypatch, party_review_dialogs.InspectionDialog, too_many_grades, *[inspected] * 6)
    for name in column_texts(inspection.table, 0):
        select_text(inspection.table, name)
        inspection.inspect_action()
    assert column_texts(inspection.table, 7) == ["已通过考察"] * 7
    assert column_texts(inspection.table, 2)[0] == "30人：优秀20 称职9 基本称职1 不称职0"
    assert "全部人选已考察并审议" in inspection.findings.text()
    complete(ctx, election_id, "party.inspection", date(2026, 11, 6))

    # --- 预备人选: tick n + 1, the secretary, one deputy -----------------------------------
    preliminary = PreliminaryPage(ctx, election_id)
    qtbot.addWidget(preliminary)
    assert preliminary.table.rowCount() == 7 and "黄敏（已取消资格）" in preliminary.note.text()
    for name in ("王建国", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊"):
        preliminary.tick(name)
    assert preliminary.secretary.currentText() == "王建国"  # the proposed secretary comes first
    assert "已勾选 7 人，应为 6 人" in preliminary.count.text()
    deputies = [preliminary.deputies.item(i) for i in range(preliminary.deputies.count())]
    assert [item.text() for item in deputies if item.checkState() == Qt.Checked] == ["李娜"]
    # one deputy seat: once it is taken, the other names cannot be ticked
    assert len(deputies) == 6 and all(not item.flags() & Qt.ItemIsEnabled for item in deputies
                                      if item.text() != "李娜")
    preliminary.choose_action()
    assert "委员候选人预备人选应为6人（比应选5名多1人），现有7人" in preliminary.findings.text()
    assert "PT-17" in preliminary.findings.toolTip()
    preliminary.tick("赵磊", False)
    preliminary.choose_action()
    assert "预备人选的人数和职务符合要求" in preliminary.findings.text()
    assert "书记候选人预备人选" in column_texts(preliminary.table, 6)
    complete(ctx, election_id, "party.preliminary", date(2026, 11, 6))

    # --- 公示: length in working days, contact remembered, the notice --------------------
    publicity = PublicityPage(ctx, election_id)
    qtbot.addWidget(publicity)
    assert "书记候选人：王建国" in publicity.chosen.text() and "副书记候选人：李娜" in publicity.chosen.text()
    publicity.start.setDate(QDate(2026, 11, 9))
    publicity.end.setDate(QDate(2026, 11, 12))
    assert "共4个工作日" in publicity.length.text() and "不足" in publicity.length.text()
    publicity.end.setDate(QDate(2026, 11, 13))
    assert "共5个工作日（含首尾两日），规定不少于5个工作日" in publicity.length.text()
    publicity.phone.setText("0794-1234567")
    publicity.address.setText("云溪镇人民政府组织办")
    publicity.print_action()
    assert len(seen["documents"]) == 2 and ctx.settings.get("party_office_phone") == "0794-1234567"
    assert "尚未记录公示结果" in publicity.findings.text()
    publicity.outcome.setText("公示期间未收到反映问题")
    publicity.record_action()
    assert "公示已记录" in publicity.findings.text()
    again = PublicityPage(ctx, election_id)
    qtbot.addWidget(again)
    assert again.address.text() == "云溪镇人民政府组织办"
    complete(ctx, election_id, "party.publicity", date(2026, 11, 14))

    # --- 请示与批复 -------------------------------------------------------------------------
    approval = ApprovalPage(ctx, election_id)
    qtbot.addWidget(approval)
    assert "尚未记录向镇党委请示的日期" in approval.findings.text()
    assert approval.suggested_request_day() == date(2026, 11, 14)
    answer(monkeypatch, party_dialogs.RequestDialog, lambda d: d.day.setDate(QDate(2026, 11, 16)))
    approval.request_action()
    assert len(seen["documents"]) == 3 and "已于2026年11月16日向镇党委请示" in approval.request_state.text()
    approval.reply_on.setDate(QDate(2026, 11, 17))
    approval.reply_action()
    assert "请填写批复文号" in approval.form.errors["reply_number"].text()
    approval.reply_number.setText("云委字〔2026〕12号")
    approval.reply_text.setPlainText("同意所报预备人选。")
    approval.reply_action()
    assert "请示和批复已记录" in approval.findings.text()
    complete(ctx, election_id, "party.approval", date(2026, 11, 17))

    # --- 应到会人数: figures, an exclusion, the report -------------------------------------
    meeting = MeetingPage(ctx, election_id)
    qtbot.addWidget(meeting)
    figures = {key: label.text() for key, label in meeting.figures.items()}
    assert figures["total"] == "13 名" and figures["probationary"].startswith("1 名")
    assert figures["without_rights"].startswith("1 名：吴刚（留党察看期间")
    assert figures["eligible"] == "11 名" and figures["expected"] == "11 人"
    assert "超过应到会人数的五分之四，即至少 9 人" in figures["quorum"]
    assert "尚未记录“应到会人数报镇党委批准”的日期" in " ".join(blockers(ctx, election_id, "party.meeting"))

    def exclusion(dialog):
        dialog.choose_member("郑涛")
        dialog.category.setCurrentIndex(1)
        dialog.detail.setPlainText("2026年3月起自费出国务工")
        dialog.member_consulted.setChecked(True)
        dialog.family_consulted.setChecked(True)
        dialog.approved.set_value(date(2026, 11, 25))
        dialog.save_action()
        assert "镇党委同意日期2026年11月25日晚于今天" in dialog.form.errors["township_approved_on"].text()
        dialog.approved.set_value(date(2026, 11, 18))

    answer(monkeypatch, party_dialogs.ExclusionDialog, exclusion)
    meeting.add_action()
    assert column_texts(meeting.table, 7) == ["镇党委已同意，待党员大会通过"]
    assert meeting.figures["expected"].text() == "10 人"
    assert "镇党委已同意、待党员大会通过 1 名" in meeting.figures["excluded"].text()
    meeting.reported_on.setDate(QDate(2026, 11, 19))
    meeting.approved_on.set_value(date(2026, 11, 20))
    meeting.report_action()
    assert "2026年11月20日批准应到会10人" in meeting.report_state.text()
    meeting.print_action()
    assert len(seen["documents"]) == 4
    # 应到会人数 is settled; what stays is the meeting itself (tests/test_ui_party_vote.py)
    assert blockers(ctx, election_id, "party.meeting") == ["尚未记录党员大会实到会人数和委员会委员选举"]
    assert seen["error"] == []


def test_refusals_and_the_margin_warning(qtbot, ctx, election_id, seen, monkeypatch):
    """Six seats: n + 1 is short of the 20 % margin (PT-17a); buttons without a selection."""
    with ctx.transaction() as session:
        from models import ElectionProcess

        session.get(ElectionProcess, election_id).party_members = 6
    preliminary = PreliminaryPage(ctx, election_id)
    qtbot.addWidget(preliminary)
    text, tip = preliminary.findings.text(), preliminary.findings.toolTip()
    assert "应选6名，预备人选7人，差额1人不足应选人数的20%（须不少于8人）" in text and "PT-16" in tip and "PT-17a" in tip
    initial = InitialCandidatesPage(ctx, election_id)
    qtbot.addWidget(initial)
    assert "应选6名，初步人选须不少于9人" in initial.count_line.text()
    assert "种子方案" not in initial.findings.text()  # the seed examples cover 3 and 5 seats only
    initial.remove_action()
    assert seen["inform"] == ["请先在初步人选中选择一人。"]
    assert selected_id(initial.table) is None and not select_id(initial.table, 1)
    # nothing to print yet: refused in plain words, no empty document is archived
    publicity = PublicityPage(ctx, election_id)
    qtbot.addWidget(publicity)
    publicity.print_action()
    meeting = MeetingPage(ctx, election_id)
    qtbot.addWidget(meeting)
    meeting.print_action()
    assert seen["error"] == ["尚未确定预备人选，不能生成公示。", "尚未录入党员名册，不能生成应到会人数报告。"]
    assert seen["documents"] == []


def test_identical_names_and_an_over_age_secretary(qtbot, ctx, election_id, seen, monkeypatch):
    """SO-14 (order among identical names) and SD-13/SD-14 (over-age secretary) through their dialogs."""
    from models import PartyMember
    from workflows.core.idcard import make_id
    from workflows.party import candidates as pc

    people = [("陈老根", date(1955, 3, 3), 21, "secretary"), ("王明", date(1980, 1, 1), 23, "member"),
              ("王明", date(1984, 2, 2), 25, "member")]
    with ctx.transaction() as session:
        scope = open_scope(session, election_id)
        pc.record_round(scope, "member", date(2026, 11, 2), 20)
        for name, birth, sequence, _office in people:
            number = make_id("360102", birth, sequence)
            session.add(PartyMember(election_id=election_id, name=name, id_number=number, sex="男",
                                    birth_date=birth, education="高中"))
            session.flush()
            pc.record_votes(scope, "member", name, number, 10)
        for _name, birth, sequence, office in people:
            pc.add_initial(scope, make_id("360102", birth, sequence), proposed_office=office,
                           incumbent=office == "secretary")
    page = InitialCandidatesPage(ctx, election_id)
    qtbot.addWidget(page)
    text, tip = page.findings.text(), page.findings.toolTip()
    assert "陈老根（男，1955年3月3日出生，65周岁）拟任书记，已达60周岁以上" in text and "SD-13 SD-14" in tip
    assert "初步人选中有2人同名“王明”" in text and "SO-14" in tip
    assert column_texts(page.table, 0).count("王明") == 2

    def order(position, reason):
        def fill(dialog):
            if not reason:
                dialog.save_action()
                assert "请填写另定次序的理由" in dialog.form.errors["tiebreak_reason"].text()
            dialog.order.setValue(position)
            dialog.reason.setText(reason or "经镇党委研究，按出生先后排列")
        return fill

    opened = answer(monkeypatch, party_dialogs.TiebreakDialog, order(1, ""), order(2, "经镇党委研究，按出生先后排列"))
    twins = [page.table.item(r, 0).data(roles.ID) for r in range(page.table.rowCount())
             if page.table.item(r, 0).text() == "王明"]
    for ident in twins:  # by id: the table re-sorts after each change
        select_id(page.table, ident)
        page.tiebreak_action()
    assert "同名人选：王明（1984年2月2日出生）" in opened[0].intro.text()
    assert "SO-14" not in page.findings.toolTip()
    assert sorted(t for t in column_texts(page.table, 8) if t) == ["同名排第1", "同名排第2"]

    answer(monkeypatch, party_dialogs.AgeExceptionDialog,
           lambda d: d.approval.setPlainText("2026年11月10日县换届工作领导小组审定同意留任"))
    select_text(page.table, "陈老根")
    page.age_exception_action()
    assert "已记录留任审批：2026年11月10日县换届工作领导小组审定同意留任" in page.findings.text()
    assert "原则上不再提名" not in page.findings.text()
    notes = dict(zip(column_texts(page.table, 0), column_texts(page.table, 8), strict=True))
    assert notes["陈老根"].startswith("留任审批：2026年11月10日")
