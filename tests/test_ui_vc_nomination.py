"""The vc.nomination page: ballots typed from the keyboard against the roll (namesakes told apart,
a stranger refused with the reason, an over-full office void, undo), tally-sheet totals, the
committee's number of candidates, a tie at the cut-off settled by a further vote, a written
withdrawal filled from the ranking, the blank ballots printed and the stage completed
(VC-12, VC-13, GC-12, GC-19, SD-25, PV-05)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog

from tests.conftest import make_election
from tests.ui_support import answer, record_interaction
from tests.vc_nomination_data import COMMITTEE_DAY, add_person, village
from ui.context import AppContext
from ui.fonts import register_ui_font
from ui.signals import AppSignals
from ui.villager import nomination_dialogs as dialogs
from ui.villager.ballot_entry import BallotEntryDialog
from ui.villager.nomination_page import NominationPage
from ui.widgets.work_area import column_texts, select_text
from workflows.core import stages
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.core.stages import StageStatus
from workflows.villager import candidates, nomination
from workflows.villager.offices import Office

HELD = date(2026, 11, 10)
DECIDED = date(2026, 11, 12)


@pytest.fixture
def ctx(store, qapp):
    register_ui_font(qapp)
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def setup(ctx):
    """石桥村 (jiangxi_2021: 主任1 副主任1 委员3) with 16 voters, a second 张伟, and 马骏 of 长岭村;
    the two stages before the nomination done (their own tests drive them)."""
    with ctx.transaction() as session:
        election, ids = village(session)
        ctx.township_id = election.village.township_id
        twin = add_person(session, election, "张伟", "男", 77)
        other = make_election(session, election.village.township, name="长岭村", committee=COMMITTEE_DAY)
        add_person(session, other, "马骏", "男", 40)
        scope = open_scope(session, election.id, ctx.today())
        for key in ("vc.election_committee", "vc.registration"):
            stages._set_state(scope, key, StageStatus.DONE, "", date(2026, 11, 1))
        return election.id, ids, twin.id_number


@pytest.fixture
def seen(monkeypatch):
    return record_interaction(monkeypatch)


def keyboard(monkeypatch, work) -> list:
    """Make the ballot entry dialog's exec run ``work(dialog)`` (keys only), then close it."""
    opened = []

    def exec_(self):
        opened.append(self)
        self.show()
        work(self)
        self.reject()
        return 0

    monkeypatch.setattr(BallotEntryDialog, "exec", exec_)
    return opened


def line(dialog, office):
    return next(x for x in dialog.lines if x.office == office)


def key_clicks(qtbot, widget, text):
    """qtbot.keyClicks for Chinese too: a character without a key code arrives as an input method's
    text would (QTest only knows the keys of a Latin keyboard)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, char))


def type_name(qtbot, dialog, office, text):
    edit = line(dialog, office).edit
    key_clicks(qtbot, edit, text)
    qtbot.keyClick(edit, Qt.Key_Return)


def type_ballot(qtbot, dialog, chair=(), vice=(), member=()):
    """A whole ballot from the keyboard: names + Enter, Enter on an empty line moves on / records."""
    for office, names in ((Office.CHAIR, chair), (Office.VICE_CHAIR, vice), (Office.MEMBER, member)):
        for name in names:
            type_name(qtbot, dialog, office, name)
    qtbot.keyClick(line(dialog, Office.MEMBER).edit, Qt.Key_Return)


def ballots(ctx, election_id):
    with ctx.read_scope(election_id) as scope:
        return nomination.ballot_count(scope)


def test_ballots_by_keyboard_ranking_candidates_and_a_completed_stage(qtbot, ctx, setup, seen, monkeypatch,
                                                                       tmp_path):
    election_id, ids, twin_number = setup
    page = NominationPage(ctx, election_id)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    assert "尚未记录海选提名的日期" in page.findings.text()
    assert not page.ballots_button.isEnabled()
    page.held_on.setDate(QDate(HELD))
    page.setup_button.click()
    assert page.ballots_button.isEnabled() and "本村登记选民17人" in page.facts.text()

    def first_session(dialog):
        # a namesake: the name alone is not enough, a fragment of the ID number is
        type_name(qtbot, dialog, Office.CHAIR, "张伟")
        assert "本村有2名选民叫“张伟”" in dialog.message.text()
        assert line(dialog, Office.CHAIR).picked == []
        assert dialog.matches.count() == 2 and twin_number not in dialog.matches.item(0).text()
        assert "**********" in dialog.matches.item(0).text()
        key_clicks(qtbot, line(dialog, Office.CHAIR).edit, " " + twin_number[-4:])
        assert dialog.matches.count() == 1
        qtbot.keyClick(line(dialog, Office.CHAIR).edit, Qt.Key_Return)
        assert [e.id_number for e in line(dialog, Office.CHAIR).picked] == [twin_number]
        # a stranger from another village is refused with the reason (VC-12)
        type_name(qtbot, dialog, Office.VICE_CHAIR, "马骏")
        assert "马骏登记在长岭村，不是本村登记参加选举的村民" in dialog.message.text()
        assert line(dialog, Office.VICE_CHAIR).picked == []
        line(dialog, Office.VICE_CHAIR).edit.clear()
        # four members for three seats: shown void, recorded with Ctrl+Enter (GC-19)
        for name in ("杨帆", "赵磊", "李娜", "周强"):
            type_name(qtbot, dialog, Office.MEMBER, name)
        assert line(dialog, Office.MEMBER).state.text() == "该职务无效"
        key_clicks(qtbot, line(dialog, Office.VICE_CHAIR).edit, "李")  # the list follows each keystroke
        assert [dialog.matches.item(i).text().split("　")[0] for i in range(dialog.matches.count())] == ["李娜", "李强"]
        dialog.resize(1366, 768)
        dialog.grab().save(str(tmp_path / "vc_ballot_typing.png"))
        line(dialog, Office.VICE_CHAIR).edit.clear()
        qtbot.keyClick(line(dialog, Office.MEMBER).edit, Qt.Key_Return, Qt.ControlModifier)
        assert "第1张已录入" in dialog.message.text() and "委员提名人数多于应选名额" in dialog.message.text()
        assert "已录入1张提名票" in dialog.count.text()
        assert column_texts(dialog.recent, 4) == ["委员无效"]
        dialog.grab().save(str(tmp_path / "vc_ballot_entry.png"))
        # a slip: Ctrl+Z takes the last ballot back
        qtbot.keyClick(line(dialog, Office.CHAIR).edit, Qt.Key_Z, Qt.ControlModifier)
        assert "已撤销第1张" in dialog.message.text() and dialog.recent.rowCount() == 0
        # ↑↓ choose among the matches, Backspace on the empty line takes the last name back
        key_clicks(qtbot, line(dialog, Office.MEMBER).edit, "李")
        qtbot.keyClick(line(dialog, Office.MEMBER).edit, Qt.Key_Down)
        qtbot.keyClick(line(dialog, Office.MEMBER).edit, Qt.Key_Down)
        qtbot.keyClick(line(dialog, Office.MEMBER).edit, Qt.Key_Return)
        assert [e.name for e in line(dialog, Office.MEMBER).picked] == ["李强"]
        qtbot.keyClick(line(dialog, Office.MEMBER).edit, Qt.Key_Backspace)
        assert line(dialog, Office.MEMBER).picked == []
        # the real ballots
        for _ in range(3):
            type_ballot(qtbot, dialog, ["王建国"], ["刘洋"], ["杨帆", "赵磊", "李娜"])
        for _ in range(2):
            type_ballot(qtbot, dialog, ["李强"], ["陈刚"], ["黄勇"])
        type_ballot(qtbot, dialog, ["张伟 " + twin_number[-4:]], [], ["周强"])
        type_ballot(qtbot, dialog, ["张伟 " + twin_number[-4:]], [], [])
        assert "已录入7张提名票" in dialog.count.text()

    keyboard(monkeypatch, first_session)
    page.ballots_action()
    assert ballots(ctx, election_id) == 7
    assert column_texts(page.tables[Office.CHAIR], 1) == ["王建国", "李强", "张伟"]
    assert column_texts(page.tables[Office.CHAIR], 0) == ["第1名", "并列第2名", "并列第2名"]
    assert column_texts(page.tables[Office.MEMBER], 3) == ["3", "3", "3", "2", "1"]
    assert "尚未确定候选人" in page.findings.text()
    assert "委员应选3名，候选人4～6人，须由选举委员会确定" in page.quota_text.text()

    # the page's own undo, then the ballot again
    page.undo_button.click()
    assert ballots(ctx, election_id) == 6
    keyboard(monkeypatch, lambda d: type_ballot(qtbot, d, ["张伟 " + twin_number[-4:]], [], []))
    page.ballots_action()
    assert ballots(ctx, election_id) == 7

    def four_members(dialog):
        dialog.numbers[Office.MEMBER].setValue(4)
        dialog.decided_on.setDate(QDate(DECIDED))
        dialog.basis.setText("村民选举委员会第2次会议")

    answer(monkeypatch, dialogs.QuotaDialog, four_members)
    page.quota_action()
    assert "选举委员会于2026年11月12日确定为4人" in page.quota_text.text()
    answer(monkeypatch, dialogs.DetermineDialog, lambda d: d.on.setDate(QDate(DECIDED)))
    page.determine_action()
    assert "须在他们之间再次提名，取1人" in page.findings.text()
    assert column_texts(page.tables[Office.CHAIR], 5) == ["候选人", "末位票数相同，须再次提名",
                                                          "末位票数相同，须再次提名"]

    opened = answer(monkeypatch, dialogs.TiebreakDialog, lambda d: [
        box.setValue(v) for box, v in zip(d.votes.values(), (4, 6), strict=True)])
    page.tiebreak_action()
    assert opened[0].result() == QDialog.Accepted
    with ctx.read_scope(election_id) as scope:
        chairs = [c for c in candidates.current(scope) if c.office == Office.CHAIR]
    assert len(chairs) == 2 and chairs[0].name == "王建国"
    assert column_texts(page.tables[Office.MEMBER], 5)[:4] == ["候选人"] * 4
    page.grab().save(str(tmp_path / "vc_nomination_page.png"))

    # 杨帆 withdraws in writing: 周强 moves up (PV-05, no deadline in this profile)
    page.tabs.setCurrentIndex(2)
    select_text(page.tables[Office.MEMBER], "杨帆", 1)
    answer(monkeypatch, dialogs.WithdrawDialog, lambda d: d.in_writing.setChecked(True))
    page.withdraw_action()
    assert column_texts(page.changes_table, 0) == ["杨帆"]
    assert column_texts(page.changes_table, 4) == ["周强"]
    with ctx.read_scope(election_id) as scope:
        assert "周强" in [c.name for c in candidates.current(scope)]

    page.copies.setValue(20)
    page.print_action()
    assert len(seen["documents"]) == 1 and seen["error"] == []

    assert "■" not in page.findings.text()
    with ctx.transaction() as session:
        scope = open_scope(session, election_id, ctx.today())
        assert stages.check_advance(scope, "vc.nomination", ctx.today()).ok
        stages.advance(scope, "vc.nomination", ctx.today())
    page.refresh()
    assert not page.ballots_button.isEnabled() and "本阶段已完成" in page.facts.text()


def test_totals_mode_from_tally_sheets(qtbot, ctx, setup, seen, monkeypatch, tmp_path):
    election_id, ids, _twin = setup
    page = NominationPage(ctx, election_id)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.held_on.setDate(QDate(HELD))
    page.mode.setCurrentIndex(page.mode.findData(nomination.TOTALS))
    assert page.total_button.isVisible() or not page.isVisible()
    page.nominators.setValue(30)  # more than the 17 registered voters
    page.setup_button.click()
    assert "提名人数30人超过本村登记参加选举的村民17人" in seen["error"][-1]
    page.nominators.setValue(12)
    page.setup_button.click()
    assert "按统计表录入：提名人数12人" in page.facts.text()

    def total(office, name, votes):
        def fill(dialog):
            dialog.office.setCurrentIndex(dialog.office.findData(office))
            key_clicks(qtbot, dialog.nominee, name)
            dialog.votes.setValue(votes)
        return fill

    opened = answer(monkeypatch, dialogs.TotalDialog, total(Office.CHAIR, "王建国", 8), total(Office.CHAIR, "李强", 4),
                    total(Office.CHAIR, "马骏", 2), total(Office.CHAIR, "刘洋", 1))
    for _ in range(4):
        page.total_action()
    assert "马骏登记在长岭村" in opened[2].form.errors["nominee"].text() and opened[2].result() == 0
    assert "主任各人得票合计将为13票，超过提名人数12乘以应选1名" in opened[3].form.errors["votes"].text()
    assert column_texts(page.tables[Office.CHAIR], 1) == ["王建国", "李强"]
    assert column_texts(page.tables[Office.CHAIR], 3) == ["8", "4"]
    page.tabs.setCurrentIndex(0)
    select_text(page.tables[Office.CHAIR], "李强", 1)
    answer(monkeypatch, dialogs.TotalDialog, lambda d: d.votes.setValue(3))
    page.edit_total_action()
    assert column_texts(page.tables[Office.CHAIR], 3) == ["8", "3"]
    select_text(page.tables[Office.CHAIR], "李强", 1)
    page.remove_total_action()
    assert column_texts(page.tables[Office.CHAIR], 1) == ["王建国"]
    page.grab().save(str(tmp_path / "vc_nomination_totals.png"))


def test_one_office_per_person_the_woman_added_and_a_withdrawal_needs_writing(qtbot, ctx, setup, seen, monkeypatch,
                                                                              tmp_path):
    election_id, ids, _twin = setup
    with ctx.transaction() as session:
        scope = open_scope(session, election_id, ctx.today())
        nomination.set_nomination(scope, HELD, nomination.BALLOTS)

        def cast(times, chair=(), vice=(), member=()):
            marks = {Office.CHAIR: [ids[n] for n in chair], Office.VICE_CHAIR: [ids[n] for n in vice],
                     Office.MEMBER: [ids[n] for n in member]}
            for _ in range(times):
                nomination.record_ballot(scope, nomination.BallotInput(marks))

        cast(3, ["王建国"], ["王建国"], ["杨帆", "赵磊", "黄勇"])
        cast(2, ["李强"], ["刘洋"], ["周强"])
        cast(1, ["王芳"], ["陈刚"])
    page = NominationPage(ctx, election_id)
    qtbot.addWidget(page)
    page.resize(1366, 768)

    def four_members(dialog):
        assert "2人（规则配置规定，无须决定）" in [w.text() for w in dialog.findChildren(type(dialog.general_error))]
        dialog.numbers[Office.MEMBER].setValue(4)
        dialog.grab().save(str(tmp_path / "vc_quota_dialog.png"))

    answer(monkeypatch, dialogs.QuotaDialog, four_members)
    page.quota_action()
    answer(monkeypatch, dialogs.DetermineDialog, lambda d: None)
    page.determine_action()
    assert "王建国同时被确定为主任、副主任候选人，须由本人选择其一" in page.findings.text()
    member_rows = dict(zip(column_texts(page.tables[Office.MEMBER], 1),
                           column_texts(page.tables[Office.MEMBER], 5), strict=True))
    assert member_rows["王芳"] == "候选人（妇女名额）"  # nominated for 主任 only: added as 委员 (SD-25)

    def chair(dialog):
        dialog.office.setCurrentIndex(dialog.office.findData(Office.CHAIR))
        dialog.grab().save(str(tmp_path / "vc_choose_dialog.png"))

    page.tabs.setCurrentIndex(1)
    select_text(page.tables[Office.VICE_CHAIR], "王建国", 1)
    answer(monkeypatch, dialogs.ChooseOfficeDialog, chair)
    page.choose_action()
    vice = dict(zip(column_texts(page.tables[Office.VICE_CHAIR], 1),
                    column_texts(page.tables[Office.VICE_CHAIR], 5), strict=True))
    assert vice == {"王建国": "已选择其他职务", "刘洋": "候选人", "陈刚": "候选人"}
    assert "同时被确定为" not in page.findings.text()

    page.tabs.setCurrentIndex(2)
    select_text(page.tables[Office.MEMBER], "周强", 1)

    def unwritten(dialog):
        dialog.grab().save(str(tmp_path / "vc_withdraw_dialog.png"))

    opened = answer(monkeypatch, dialogs.WithdrawDialog, unwritten)
    page.withdraw_action()
    assert "放弃候选资格须本人书面提出" in opened[0].form.errors["in_writing"].text()
    assert opened[0].result() == 0 and page.changes_table.rowCount() == 0

    assert page.total_button.isHidden() and not page.ballots_button.isHidden()  # ballots mode
    page.grab().save(str(tmp_path / "vc_nomination_choice.png"))
