"""pytest-qt: the Party members' meeting through its pages — attendance (PT-08), the committee
vote entered twice with one disagreement kept by the supervisor, confirmed (PT-13); the
officers 等额 (PT-18, PT-19); the result report printed and its 批复 recorded (PT-21); the
Party track then reads 已全部完成 on the overview."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from tests.conftest import TODAY
from tests.party_vote_data import MEETING_DAY, party_at_meeting
from tests.ui_support import answer, record_interaction
from ui.context import AppContext
from ui.party import vote_dialogs
from ui.party.meeting_page import MeetingPage
from ui.party.officers_page import OfficersPage
from ui.party.report_page import ReportPage
from ui.signals import AppSignals
from ui.widgets.work_area import column_texts
from workflows.core import stages
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.party import vote
from workflows.township import overview

SHOTS = os.environ.get("VEW_SHOTS")  # a folder: save each page as PNG (1366×768) to look at


@pytest.fixture
def ctx(store, qapp):
    if SHOTS:  # the bundled font before any widget is laid out, as the program does at start
        from ui.fonts import register_ui_font

        register_ui_font(qapp)
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def election_id(ctx):
    with ctx.transaction() as session:
        return party_at_meeting(session)


@pytest.fixture
def seen(monkeypatch):
    return record_interaction(monkeypatch)


def blockers(ctx, election_id, key) -> list[str]:
    with ctx.session() as session:
        return [str(b.message) for b in stages.evaluate(open_scope(session, election_id, ctx.today()), key).blockers]


def complete(ctx, election_id, key) -> None:
    assert blockers(ctx, election_id, key) == []
    with ctx.transaction() as session:
        stages.advance(open_scope(session, election_id, ctx.today()), key, MEETING_DAY)


def shot(widget, name: str) -> None:
    """With VEW_SHOTS set: the page at 1366×768, scrolled to its end (the vote's part)."""
    if SHOTS:
        widget.resize(1366, 768)
        widget.show()
        bar = widget.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def sheet_filler(operator: str, issued: int, returned: int, yes: list[int], no: list[int]):
    def fill(dialog):
        dialog.operator.setText(operator)
        ids = list(dialog.rows)
        dialog.fill(issued, returned, 0, {cid: (y, n, returned - y - n) for cid, y, n in zip(ids, yes, no, strict=True)})
        if SHOTS:
            dialog.show()
            dialog.adjustSize()
            dialog.grab().save(os.path.join(SHOTS, f"tally_sheet_{operator}_{len(ids)}.png"))
    return fill


def test_a_meeting_from_attendance_to_the_reply(qtbot, ctx, election_id, seen, monkeypatch):
    page = MeetingPage(ctx, election_id)
    qtbot.addWidget(page)
    assert blockers(ctx, election_id, "party.meeting") == ["尚未记录党员大会实到会人数和委员会委员选举"]
    assert not page.round_panel.isVisibleTo(page)

    # attendance: 17 of 18 (PT-08: more than 4/5 → at least 15)
    answer(monkeypatch, vote_dialogs.AttendanceDialog, lambda d: d.attended.setValue(17))
    page.attendance_action()
    assert "实到会有选举权的党员17人，应到会18人" in page.meeting_state.text()
    assert "会议有效" in page.meeting_state.text()
    with ctx.session() as session:
        names = [c.name for c in vote.ballot_candidates(open_scope(session, election_id, TODAY))]
    assert column_texts(page.round_panel.table, 1) == []  # nothing counted yet

    # the tally sheet, twice; the second clerk misreads one figure
    yes, no = [16, 15, 14, 13, 12, 4], [1, 2, 3, 4, 5, 13]
    wrong = [16, 15, 14, 13, 12, 5]
    answer(monkeypatch, vote_dialogs.TallySheetDialog, sheet_filler("王芳", 17, 17, yes, no),
           sheet_filler("李明", 17, 17, wrong, [1, 2, 3, 4, 5, 12]))
    page.round_panel.sheet_action()
    assert "第一遍已由王芳录入" in page.round_panel.state.text()
    shot(page, "party_meeting_waiting")
    page.round_panel.sheet_action()
    assert "两遍录入不一致" in page.round_panel.state.text()
    assert page.supervise_button.isEnabled()

    def keep_first(dialog):
        assert dialog.findChild(type(page.round_panel.table), "difference_table").rowCount() == 2
        dialog.choice.setCurrentIndex(0)
        dialog.by.setText("赵监票")
        if SHOTS:
            dialog.show()
            dialog.grab().save(os.path.join(SHOTS, "supervisor.png"))
    answer(monkeypatch, vote_dialogs.SupervisorDialog, keep_first)
    page.round_panel.supervise_action()
    assert "两遍录入一致" in page.round_panel.state.text()
    assert column_texts(page.round_panel.table, 1) == names
    assert column_texts(page.round_panel.table, 5) == ["当选"] * 5 + ["未当选"]
    assert column_texts(page.round_panel.table, 2) == [str(v) for v in yes]
    assert blockers(ctx, election_id, "party.meeting") == ["计票结果尚未经总监票人确认"]

    answer(monkeypatch, vote_dialogs.ConfirmDialog, lambda d: d.by.setText("孙总监"))
    page.round_panel.confirm_action()
    assert "已由孙总监确认" in page.round_panel.title.text()
    assert "委员会委员已全部选出" in page.committee_state.text()
    assert not page.attendance_button.isEnabled()
    shot(page, "party_meeting_confirmed")
    complete(ctx, election_id, "party.meeting")

    # officers: the approved secretary and deputy, 等额
    officers = OfficersPage(ctx, election_id)
    qtbot.addWidget(officers)
    assert blockers(ctx, election_id, "party.officers") == ["尚未记录委员会全体会议选举书记、副书记"]
    opened = answer(monkeypatch, vote_dialogs.OfficersDialog, lambda d: d.held_on.setDate(QDate(MEETING_DAY)))
    officers.open_action()
    assert opened[0].secretary.currentData() is not None
    answer(monkeypatch, vote_dialogs.TallySheetDialog, sheet_filler("王芳", 5, 5, [5, 4], [0, 1]),
           sheet_filler("李明", 5, 5, [5, 4], [0, 1]))
    officers.round_panel.sheet_action()
    officers.round_panel.sheet_action()
    answer(monkeypatch, vote_dialogs.ConfirmDialog, lambda d: d.by.setText("孙总监"))
    officers.round_panel.confirm_action()
    assert column_texts(officers.round_panel.table, 0) == ["书记", "副书记"]
    assert "当选为书记" in officers.outcome.text() and "当选为副书记" in officers.outcome.text()
    shot(officers, "party_officers")
    complete(ctx, election_id, "party.officers")

    # the report and the reply
    report = ReportPage(ctx, election_id)
    qtbot.addWidget(report)
    assert blockers(ctx, election_id, "party.report") == [
        "尚未打印选举结果报告并报镇党委", "尚未记录“选举结果书面报告镇党委”的日期（最迟2026年11月27日）"]
    report.report_day.setDate(QDate(TODAY))
    report.print_action()
    assert len(seen["documents"]) == 1
    report.number.setText("")
    report.reply_action()
    assert report.reply_form.errors["number"].isVisibleTo(report)
    report.number.setText("云委字〔2026〕30号")
    report.reply_on.setDate(QDate(TODAY))
    report.reply_action()
    assert "云委字〔2026〕30号" in report.state.text()
    shot(report, "party_report")
    complete(ctx, election_id, "party.report")
    assert seen["error"] == []

    with ctx.session() as session:
        township_id = open_scope(session, election_id, TODAY).township.id
        rows = overview.township_overview(session, township_id, TODAY)
    assert [str(r.party_stage) for r in rows if r.election_id == election_id] == ["已全部完成"]


def test_a_meeting_short_of_its_quorum_cannot_vote(qtbot, ctx, election_id, seen, monkeypatch):
    page = MeetingPage(ctx, election_id)
    qtbot.addWidget(page)
    answer(monkeypatch, vote_dialogs.AttendanceDialog, lambda d: d.attended.setValue(14))
    page.attendance_action()
    assert "到会人数不足，会议无效" in page.meeting_state.text()
    opened = answer(monkeypatch, vote_dialogs.TallySheetDialog, sheet_filler("王芳", 14, 14, [8] * 6, [0] * 6))
    page.round_panel.sheet_action()
    assert "到会人数不足，会议无效，不能进行选举" in opened[0].general_error.text()
    assert "到会人数不足" in " ".join(blockers(ctx, election_id, "party.meeting"))
    with ctx.session() as session:
        assert vote.sheet_state(open_scope(session, election_id, TODAY), page.round_panel.round_id).state == "open"


def test_more_ballots_returned_than_issued_is_held_as_the_paper_says_and_voted_again(qtbot, ctx, election_id,
                                                                                       seen, monkeypatch):
    page = MeetingPage(ctx, election_id)
    qtbot.addWidget(page)
    answer(monkeypatch, vote_dialogs.AttendanceDialog, lambda d: d.attended.setValue(18))
    page.attendance_action()
    figures = ("王芳", 17, 18, [16, 15, 14, 13, 12, 4], [2] * 6)
    answer(monkeypatch, vote_dialogs.TallySheetDialog, sheet_filler(*figures),
           sheet_filler("李明", *figures[1:]))
    page.round_panel.sheet_action()
    page.round_panel.sheet_action()
    assert "F.102" in page.round_panel.state.text()
    assert not page.confirm_button.isEnabled() and page.paper_button.isEnabled()

    def paper(dialog):
        dialog.by.setText("赵监票")
        dialog.note.setText("清点：发出17张，收回18张")
    answer(monkeypatch, vote_dialogs.PaperDialog, paper)
    page.round_panel.paper_action()
    assert page.confirm_button.isEnabled()
    answer(monkeypatch, vote_dialogs.ConfirmDialog, lambda d: d.by.setText("孙总监"))
    page.round_panel.confirm_action()
    assert "第2轮重新投票" in page.round_panel.title.text()
    assert "尚未计票" in page.round_panel.state.text()
    assert blockers(ctx, election_id, "party.meeting") == ["计票单尚未经两人分别录入并核对一致"]


def test_a_meeting_counted_ballot_by_ballot_by_two_clerks_blind(qtbot, ctx, election_id, seen, monkeypatch):
    """Issue 12 item 5a for the Party: each clerk types the ballots during 唱票 (``1 2 -6``: 赞成
    1 and 2, 不赞成 6, 弃权 the rest); the second sees nothing of the first; they agree, the
    result shows 赞成 / 不赞成 / 弃权 per candidate (PT-13)."""
    from PySide6.QtCore import Qt

    page = MeetingPage(ctx, election_id)
    qtbot.addWidget(page)
    answer(monkeypatch, vote_dialogs.AttendanceDialog, lambda d: d.attended.setValue(17))
    page.attendance_action()
    ballots = ["1 2 3 4 5 -6"] * 14 + ["1 2 3 4 6", "1 2 -3 -4 -5", "*"]  # 17 read, 1 void
    monkeypatch.setattr(vote_dialogs, "ask_issued", lambda parent, default: 17)
    seen_by_second = []

    def typed(dialog):
        seen_by_second.append(dialog.totals.ballots)
        for line in ballots:
            qtbot.keyClicks(dialog.line, line)
            qtbot.keyClick(dialog.line, Qt.Key_Return)
        assert "整张选票作废" in dialog.error.text()  # the last ballot read, "*"
        assert column_texts(dialog.table, 2) == ["16", "16", "15", "15", "14", "1"]  # 赞成, running
        if SHOTS:
            dialog.show()
            dialog.grab().save(os.path.join(SHOTS, "party_ballot_entry.png"))
        dialog.submit()
        return int(dialog.result())

    monkeypatch.setattr(vote_dialogs.PartyBallotDialog, "exec", typed)
    page.round_panel.display_action()  # the projector's window, open throughout the count
    display = page.round_panel.display
    qtbot.addWidget(display)
    display.timer.stop()  # only the change signal moves it
    page.round_panel.ballots_action()
    assert "第一遍已由王芳录入" in page.round_panel.state.text()
    first = display.findChild(QLabel, "votes_委员会委员_苏宏波")
    qtbot.waitUntil(lambda: first.text() == "16", timeout=1000)
    assert display.title.text() == "村党组织第1轮投票　赞成票" and display.state.text() == "未核对"
    assert "已唱票17张" in display.progress.text()
    if SHOTS:
        display.resize(1024, 700)
        display.grab().save(os.path.join(SHOTS, "party_live_display.png"))
    ctx.settings.operator = "李明"
    page.round_panel.ballots_action()
    assert seen_by_second == [0, 0]  # blind: the second pass starts from nothing
    assert "两遍录入一致" in page.round_panel.state.text()
    assert column_texts(page.round_panel.table, 2) == ["16", "16", "15", "15", "14", "1"]
    assert column_texts(page.round_panel.table, 3) == ["0", "0", "1", "1", "1", "14"]
    assert column_texts(page.round_panel.table, 4) == ["0", "0", "0", "0", "1", "1"]  # of 16 valid ballots
    assert column_texts(page.round_panel.table, 5) == ["当选"] * 5 + ["未当选"]
    qtbot.waitUntil(lambda: display.state.text() == "已核对", timeout=1000)
    assert seen["error"] == []
