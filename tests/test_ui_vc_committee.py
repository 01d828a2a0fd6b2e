"""The vc.election_committee page: from an empty committee to a completed stage through the GUI
(the meeting and its quorum, members, the list notice, the filing, labels and the work plan),
and the withdrawal of a nominated member filled from the result with a supplementary list
(VC-05, VC-06, VC-28, GC-04, GC-05, GC-08, SD-20, SD-22)."""

from __future__ import annotations

import itertools
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from models import Document, Voter
from tests.ui_support import answer as shared_answer
from tests.ui_support import record_interaction
from tests.vc_nomination_data import village
from ui.context import AppContext
from ui.fonts import register_ui_font
from ui.signals import AppSignals
from ui.villager import committee_dialogs as dialogs
from ui.villager.committee_page import CommitteePage
from ui.widgets.work_area import column_texts, select_text
from workflows.core import relatives, stages
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.party import roster as party_roster
from workflows.villager import candidates, committee, nomination

MEETING_DAY = date(2026, 11, 18)
DIALOG_SHOTS = itertools.count(1)
# (name, role) in the order of the result: five seated, two next in line (VC-06).
RESULT = [("王建国", "chair"), ("李强", "vice_chair"), ("张伟", "member"), ("王芳", "member"),
          ("陈静", "member"), ("刘洋", ""), ("陈刚", "")]


@pytest.fixture(autouse=True)
def bundled_font(qapp):
    """The program's own UI font, as the window uses it (the screenshots show real text)."""
    register_ui_font(qapp)


@pytest.fixture
def ctx(store):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def roll(ctx):
    """A national-preset village with its roll: (election id, {name: ID number}, {name: voter id})."""
    with ctx.transaction() as session:
        election, ids = village(session, "national")
        ctx.township_id = election.village.township_id
        numbers = {name: session.get(Voter, ident).id_number for name, ident in ids.items()}
        return election.id, numbers, ids


@pytest.fixture
def seen(monkeypatch):
    return record_interaction(monkeypatch)


def shots() -> Path:
    """Where the screenshots go (VEW_SHOTS to keep them; a temporary folder otherwise)."""
    folder = Path(os.environ.get("VEW_SHOTS", "/tmp/vc_committee_shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def snap(widget, name: str) -> None:
    """Render a page on a 1366×768 screen (at QT_SCALE_FACTOR, fewer logical pixels), a dialog at
    its own size, to look at."""
    if isinstance(widget, CommitteePage):
        scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
        widget.resize(round(1366 / scale), round(768 / scale))
    else:
        widget.show()  # as exec() would: the layout then sizes the window to its contents
        QApplication.processEvents()
    widget.grab().save(str(shots() / f"{name}.png"))


def answer(monkeypatch, cls, *fills) -> list:
    """Fill and save each dialog (tests/ui_support.py), keeping a picture of it filled."""
    return shared_answer(monkeypatch, cls, *fills,
                         after_fill=lambda d: snap(d, f"dialog_{type(d).__name__}_{next(DIALOG_SHOTS)}"))


def blockers(ctx, election_id) -> list[str]:
    with ctx.read_scope(election_id) as scope:
        return [str(b.message) for b in stages.evaluate(scope, "vc.election_committee").blockers]


def person(numbers, name, rank, role, votes=0):
    def fill(dialog):
        dialog.name.setText(name)
        dialog.id_number.setText(numbers[name])
        dialog.rank.setValue(rank)
        dialogs.choose(dialog.role, role)
        dialog.votes.setValue(votes)
    return fill


def enter_committee(page, monkeypatch, numbers) -> None:
    """The meeting (28 representatives, 19 present: one above two thirds) and the seven people."""
    def meeting(dialog):
        dialogs.choose(dialog.chosen_by, "representatives")
        dialog.meeting_on.setDate(QDate(MEETING_DAY))
        dialog.representatives.setValue(28)
        dialog.present.setValue(19)

    answer(monkeypatch, dialogs.MeetingDialog, meeting)
    page.meeting.meeting_action()
    fills = [person(numbers, name, rank, role, 19 - rank) for rank, (name, role) in enumerate(RESULT, start=1)]
    answer(monkeypatch, dialogs.MemberDialog, *fills)
    for _ in fills:
        page.members.add_action()


def correct_and_remove(page, monkeypatch, numbers, seen) -> None:
    """A refused entry stays in its dialog with the reason by the field; a correction; a deletion."""
    def bad(dialog):
        dialog.name.setText("周强")
        dialog.id_number.setText("36010219")
        dialog.rank.setValue(1)

    opened = answer(monkeypatch, dialogs.MemberDialog, bad, person(numbers, "周强", 8, ""))
    page.members.add_action()
    errors = opened[0].form.errors
    assert not errors["id_number"].isHidden() and errors["id_number"].text()
    assert errors["rank"].text() == "名次1已有他人" and page.members.table.rowCount() == 7
    snap(opened[0], "dialog_member_refused")
    page.members.add_action()
    assert column_texts(page.members.table, 1)[-1] == "周强"

    def votes(dialog):
        assert dialog.name.text() == "周强"
        dialog.votes.setValue(3)

    answer(monkeypatch, dialogs.MemberDialog, votes)
    select_text(page.members.table, "周强", 1)
    page.members.edit_action()
    assert column_texts(page.members.table, 5)[-1] == "3"
    page.members.remove_action()
    assert "周强" not in column_texts(page.members.table, 1) and "删除周强" in seen["confirm"][-1]


def test_an_empty_committee_goes_to_a_completed_stage_through_the_page(qtbot, ctx, roll, seen, monkeypatch):
    election_id, numbers, _ids = roll
    page = CommitteePage(ctx, election_id)
    qtbot.addWidget(page)
    snap(page, "page_empty")
    assert "尚未记录推选村民选举委员会的会议" in page.meeting.findings.text()
    assert "至新老村民委员会完成工作移交时止（GC-05）" in page.term.text() and "2026年12月20日" in page.term.text()
    assert not page.banner.isVisible() or page.banner.text() == ""
    before = blockers(ctx, election_id)
    assert any("尚未记录推选" in b for b in before) and any("尚未公布" in b for b in before)

    # a meeting below two thirds first: the quorum line says so with its rule IDs (VC-28)
    def short(dialog):
        dialogs.choose(dialog.chosen_by, "representatives")
        dialog.meeting_on.setDate(QDate(MEETING_DAY))
        dialog.representatives.setValue(30)
        dialog.present.setValue(19)

    answer(monkeypatch, dialogs.MeetingDialog, short)
    page.meeting.meeting_action()
    assert "✘" in page.meeting.quorum.text() and "VC-28" in page.meeting.quorum.text()
    assert "至少20人" in page.meeting.quorum.text()
    enter_committee(page, monkeypatch, numbers)
    assert "✔" in page.meeting.quorum.text() and "达到组成人员28人" in page.meeting.quorum.text()
    assert column_texts(page.members.table, 1) == [name for name, _ in RESULT]
    assert column_texts(page.members.table, 4) == ["主任", "副主任", "委员", "委员", "委员", "—", "—"]
    assert column_texts(page.members.table, 6)[:5] == ["在任"] * 5
    assert not any(numbers["王建国"] in text for text in column_texts(page.members.table, 2))  # masked
    snap(page, "page_members")
    correct_and_remove(page, monkeypatch, numbers, seen)

    # the notice, the filing, a label and the plan, each a clerk's act with a date
    page.tabs.setCurrentWidget(page.notices)
    page.notices.list_day.setDate(QDate(2026, 11, 19))
    page.notices.list_action()
    page.notices.filing_day.setDate(QDate(2026, 11, 20))
    page.notices.filing_action()
    assert "名单已于2026年11月19日公布" in page.notices.list_state.text()
    assert "在名单公布之日起5日内" in page.notices.list_state.text()
    assert "已于2026年11月20日报乡镇人民政府备案" in page.notices.filing_state.text()
    snap(page, "page_notices")

    def women(dialog):
        dialog.label.setCurrentText("妇女委员")
        assert dialog.women.isChecked()

    def adopted(dialog):
        dialogs.choose(dialog.adopted_by, "representatives")
        dialog.adopted_on.set_value(date(2026, 11, 19))

    answer(monkeypatch, dialogs.SeatLabelDialog, women)
    answer(monkeypatch, dialogs.PlanDialog, adopted)
    page.tabs.setCurrentWidget(page.plan)
    page.plan.add_label_action()
    page.plan.plan_action()
    page.plan.plan_day.setDate(QDate(2026, 11, 20))
    page.plan.print_plan_action()
    assert column_texts(page.plan.labels, 1) == ["妇女委员"] and column_texts(page.plan.labels, 3) == ["是"]
    assert "已于2026年11月20日公布" in page.plan.plan_state.text()
    snap(page, "page_plan")

    assert seen["error"] == [] and len(seen["documents"]) == 3
    with ctx.read_scope(election_id) as scope:
        issued = list(scope.session.query(Document).order_by(Document.id))
        kinds = [d.kind for d in issued]
        for document in issued:  # to render and look at (pdftoppm)
            (shots() / f"{document.kind}.pdf").write_bytes(document.pdf)
        stored = committee.record(scope)
        assert (stored.list_published_on, stored.filed_on, stored.plan_published_on) == (
            date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 20))
    assert kinds == ["committee_list", "committee_filing", "work_plan"]
    assert blockers(ctx, election_id) == []
    with ctx.scope(election_id) as scope:
        stages.advance(scope, "vc.election_committee", date(2026, 11, 20))
    with ctx.read_scope(election_id) as scope:
        assert scope.status("vc.election_committee") == stages.StageStatus.DONE


def nominate(ctx, election_id, voter_id) -> None:
    """The 海选 names one of the committee for 委员 (totals from the tally sheet), and the
    election committee determines the candidates (the nomination workflow's own steps)."""
    day = date(2026, 11, 21)
    with ctx.scope(election_id) as scope:
        nomination.set_nomination(scope, day, nomination.TOTALS, 10)
        nomination.record_total(scope, "member", voter_id, 8)
        for office, quota in candidates.quotas(scope).items():
            if not quota.fixed:
                candidates.decide_quota(scope, office, quota.low, day)
        candidates.determine(scope, day)


def test_a_nominated_member_withdraws_and_the_next_in_line_fills_the_seat(qtbot, ctx, roll, seen, monkeypatch):
    election_id, numbers, ids = roll
    page = CommitteePage(ctx, election_id)
    qtbot.addWidget(page)
    enter_committee(page, monkeypatch, numbers)
    page.notices.list_day.setDate(QDate(2026, 11, 19))
    page.notices.list_action()
    nominate(ctx, election_id, ids["张伟"])
    page.refresh()
    page.tabs.setCurrentWidget(page.members)
    assert page.banner.isVisibleTo(page) and "张伟被提名为村民委员会委员候选人" in page.banner.text()
    assert "VC-06" in page.banner.toolTip()
    assert column_texts(page.members.withdrawals, 0) == ["张伟"]
    assert column_texts(page.members.withdrawals, 2) == ["须退出"]
    assert "须退出" in column_texts(page.members.table, 7)[2]
    snap(page, "page_withdrawal")

    def leave(dialog):
        assert dialog.reason.currentData() == "nominated"
        assert "刘洋" in dialog.fill.text() and dialog.fill.isChecked()
        dialog.left_on.setDate(QDate(2026, 11, 21))

    answer(monkeypatch, dialogs.WithdrawDialog, leave)
    select_text(page.members.withdrawals, "张伟")
    page.members.withdraw_action()
    status = dict(zip(column_texts(page.members.table, 1), column_texts(page.members.table, 6), strict=True))
    assert status["张伟"] == "已退出（2026年11月21日）" and status["刘洋"] == "递补（2026年11月21日）"
    assert page.members.withdrawals.rowCount() == 0
    assert "尚未公布补充名单" in page.banner.text()
    assert page.supplement_button.isEnabled() and page.print_list_button.text() == "打印补充名单公告"
    page.notices.list_day.setDate(QDate(2026, 11, 21))
    page.supplement_button.click()
    assert not page.banner.isVisibleTo(page) and not page.supplement_button.isEnabled()
    with ctx.read_scope(election_id) as scope:
        document = scope.session.query(Document).order_by(Document.id.desc()).first()
        assert document.title.endswith("村民选举委员会成员名单补充公告")
        seated = [r.name for r in committee.members_of(scope) if r.role and r.left_on is None]
        (shots() / "committee_list_supplement.pdf").write_bytes(document.pdf)
    assert seated == ["王建国", "李强", "王芳", "陈静", "刘洋"]
    assert seen["error"] == []
    snap(page, "page_after_withdrawal")


def test_an_open_seat_is_filled_by_a_new_election(qtbot, ctx, roll, seen, monkeypatch):
    """VC-06: the seat left open at the withdrawal is filled later by 另行推选."""
    election_id, numbers, ids = roll
    page = CommitteePage(ctx, election_id)
    qtbot.addWidget(page)
    enter_committee(page, monkeypatch, numbers)

    def leave_open(dialog):
        dialog.later.setChecked(True)
        dialogs.choose(dialog.reason, "other")
        dialog.note.setText("外出务工")
        dialog.left_on.setDate(QDate(2026, 11, 20))

    answer(monkeypatch, dialogs.WithdrawDialog, leave_open)
    select_text(page.members.table, "王芳", 1)
    page.members.withdraw_action()
    assert column_texts(page.members.withdrawals, 2) == ["席位待递补或另行推选"]
    assert "其席位尚未递补或另行推选" in page.banner.text()

    def chosen(dialog):
        dialog.name.setText("周强")
        dialog.id_number.setText(numbers["周强"])
        dialog.chosen_on.setDate(QDate(2026, 11, 21))
        dialog.votes.setValue(15)

    answer(monkeypatch, dialogs.ByElectionDialog, chosen)
    select_text(page.members.withdrawals, "王芳")
    page.members.by_election_action()
    status = dict(zip(column_texts(page.members.table, 1), column_texts(page.members.table, 6), strict=True))
    assert status["周强"] == "另行推选（2026年11月21日）"
    assert page.members.withdrawals.rowCount() == 0 and seen["error"] == []


def test_group_meetings_each_checked_and_the_chair_note_where_the_secretary_is_not_chair(
        qtbot, ctx, seen, monkeypatch):
    """Art. 28 / VC-05: each group's meeting against two thirds of its adults; SD-21 (jiangxi_2021:
    a warning) until the meeting's reason for another chair is recorded."""
    with ctx.transaction() as session:
        election, ids = village(session, "jiangxi_2021")
        election_id = election.id
        numbers = {name: session.get(Voter, ident).id_number for name, ident in ids.items()}
        party_roster.save_member(open_scope(session, election), {
            "name": "李强", "id_number": numbers["李强"], "sex": "男", "joined_on": date(1995, 7, 1),
            "full_member": True, "current_post": "党支部书记"})
        relatives.record(session, election.village.township_id, ("张伟", numbers["张伟"]), ("王芳", numbers["王芳"]),
                         "配偶")
    page = CommitteePage(ctx, election_id)
    qtbot.addWidget(page)

    def groups(dialog):
        dialogs.choose(dialog.chosen_by, "groups")
        dialog.meeting_on.setDate(QDate(MEETING_DAY))
        assert dialog.groups.rowCount() == 2 and not dialog.present.isVisibleTo(dialog)
        dialog.set_group("上屋组", date(2026, 11, 17), 100, 40, 67)
        dialog.set_group("下屋组", MEETING_DAY, 90, 30, 59)

    answer(monkeypatch, dialogs.MeetingDialog, groups)
    page.meeting.meeting_action()
    quorum = page.meeting.quorum.text()
    assert "✔ 上屋组村民小组会议：到会67人，达到本组十八周岁以上村民100人的不少于三分之二（至少67人）" in quorum
    assert "✘ 下屋组村民小组会议：到会59人，未达到" in quorum and "（至少60人）" in quorum
    assert "下屋组村民小组会议" in page.meeting.findings.text()
    snap(page, "page_groups")

    fills = [person(numbers, name, rank, role) for rank, (name, role) in enumerate(RESULT, start=1)]
    answer(monkeypatch, dialogs.MemberDialog, *fills)
    for _ in fills:
        page.members.add_action()
    assert "选举委员会主任王建国不是村党组织书记李强" in page.members.findings.text()
    hints = dict(zip(column_texts(page.members.table, 1), column_texts(page.members.table, 7), strict=True))
    assert hints["张伟"] == hints["王芳"] == "王芳是张伟的配偶"  # GC-03, a blocker in jiangxi_2021
    assert "选举委员会成员之间有近亲属关系：王芳是张伟的配偶" in page.members.findings.text()
    assert not page.chair_note_button.isHidden()

    def note(dialog):
        dialog.note.setPlainText("李强同志因病不能主持，会议推选王建国为主任")

    answer(monkeypatch, dialogs.ChairNoteDialog, note)
    page.members.chair_note_action()
    assert "已记录说明：李强同志因病不能主持" in page.members.findings.text()
    assert "主任人选说明：李强同志因病不能主持" in page.members.chair_note.text()

    def leave_open(dialog):
        dialog.later.setChecked(True)
        dialog.left_on.setDate(QDate(2026, 11, 20))

    def filled(dialog):
        assert "刘洋" in dialog.body.itemAt(0).widget().text()
        dialog.day.setDate(QDate(2026, 11, 21))

    answer(monkeypatch, dialogs.WithdrawDialog, leave_open)
    answer(monkeypatch, dialogs.FillDialog, filled)
    select_text(page.members.table, "陈静", 1)
    page.members.withdraw_action()
    select_text(page.members.withdrawals, "陈静")
    page.members.fill_action()
    status = dict(zip(column_texts(page.members.table, 1), column_texts(page.members.table, 6), strict=True))
    assert status["刘洋"] == "递补（2026年11月21日）" and seen["error"] == []
    page.tabs.setCurrentWidget(page.members)
    snap(page, "page_chair_note")
