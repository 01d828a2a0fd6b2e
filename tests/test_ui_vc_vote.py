"""The vc.vote and vc.results pages (issue 12 items 2, 5, 7, 8, 9, 13): the round set up from the
formal list, a voter checked in by name, the count typed ballot by ballot by one operator and
blind by a second with one disagreement resolved side by side, a coded check cleared as "the
paper says so", the live display showing the running totals (未核对 until agreed), the box
confirmed, the results confirmed by the chief supervisor and the women's seat's 另行选举 set up.
Screenshots at 1366×768 go to tmp_path (QT_SCALE_FACTOR=1.5 tried by hand)."""

from __future__ import annotations

import os
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from models import CountBallot, CountCheckin, CountEntry, CountRound
from tests.test_vc_formal import formal_candidates
from ui import interaction
from ui.context import AppContext
from ui.fonts import register_ui_font
from ui.signals import AppSignals
from ui.villager import vote_dialogs as dialogs
from ui.villager.results_page import ResultsPage
from ui.villager.vote_page import VotePage
from ui.widgets.work_area import column_texts
from workflows.core import backup
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.count import checkin, official
from workflows.villager import proxies, vote

VOTE_DAY = date(2026, 11, 20)
FIRST = ["1 3 4"] * 40 + ["2 3 5"] * 19  # with one blank ballot (F5): 60 ballots, no woman elected
SHOTS = os.environ.get("VC_VOTE_SHOTS", "")


@pytest.fixture
def ctx(store, qapp):
    register_ui_font(qapp)  # the program's own font, as on the clerk's screen
    settings = Settings()
    settings.operator = "计票员甲"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def election_id(ctx):
    with ctx.transaction() as session:
        township, election = formal_candidates(session, vote_day=VOTE_DAY)
        ctx.township_id = township.id
        scope = open_scope(session, election)
        people = list(checkin.load_roll(scope).people.values())[-2:]  # not candidates
        proxies.register(scope, proxies.ProxyInput(people[0].id, people[1].id, "子女", "外出务工",
                                                   date(2026, 11, 10), date(2026, 11, 10)))
        assert vote.proxy_map(open_scope(session, election)) == {people[0].id: people[1].id}
        return election.id


@pytest.fixture
def seen(monkeypatch):
    record = {"inform": [], "error": [], "documents": []}
    monkeypatch.setattr(interaction, "confirm", lambda parent, title, text: True)
    monkeypatch.setattr(interaction, "inform", lambda parent, title, text: record["inform"].append(text))
    monkeypatch.setattr(interaction, "error", lambda parent, text, title=None: record["error"].append(text))
    monkeypatch.setattr("ui.documents.documents_panel.open_archived",
                        lambda parent, ctx, document_id: record["documents"].append(document_id))
    return record


def shot(widget, tmp_path, name: str) -> None:
    widget.resize(1366, 768)
    widget.show()
    target = SHOTS or str(tmp_path)
    widget.grab().save(os.path.join(target, f"{name}.png"))


def type_ballots(qtbot, dialog, lines) -> None:
    for line in lines:
        qtbot.keyClicks(dialog.line, line)
        qtbot.keyClick(dialog.line, Qt.Key_Return)


def drive(monkeypatch, cls, action) -> list:
    """Make ``cls.exec`` run ``action(dialog)`` instead of waiting for the clerk."""
    opened = []

    def exec_(self):
        opened.append(self)
        self.show()
        action(self)
        return int(self.result())

    monkeypatch.setattr(cls, "exec", exec_)
    return opened


def counted(ctx, election_id, model, **where):
    with ctx.read_scope(election_id) as scope:
        query = select(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return scope.session.scalars(query).all()


def test_a_villager_vote_counted_twice_blind_confirmed_and_the_runoff_set_up(
        qtbot, ctx, election_id, seen, monkeypatch, tmp_path):
    page = VotePage(ctx, election_id)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.set_up_button, Qt.LeftButton)
    assert counted(ctx, election_id, CountRound)[0].kind == "first"
    assert column_texts(page.table, 0) == ["选举大会会场票箱"]
    assert "应印选票113张" in page.round_label.text()
    shot(page, tmp_path, "vote_page")

    # check-in: found by name, Enter checks the voter off
    with ctx.read_scope(election_id) as scope:
        someone = next(iter(checkin.load_roll(scope).people.values()))

    def check_in(dialog):
        dialog.search.setText(someone.name)
        assert dialog.matches.count() >= 1 and "*" in dialog.matches.item(0).text()  # the ID number masked
        qtbot.keyClick(dialog.search, Qt.Key_Return)
        assert "已领票" in dialog.status.text()
        shot(dialog, tmp_path, "checkin_dialog")
        dialog.accept()

    drive(monkeypatch, dialogs.CheckInDialog, check_in)
    qtbot.mouseClick(page.checkin_button, Qt.LeftButton)
    assert [c.voter_id for c in counted(ctx, election_id, CountCheckin)] == [someone.id]

    # a principal is marked with the proxy, and the ballot goes to the proxy
    with ctx.read_scope(election_id) as scope:
        roll = vote.vote_roll(scope)
    principal, proxy = next(iter(roll.proxies.items()))

    def by_proxy(dialog):
        dialog.search.setText(roll.people[principal].name)
        assert f"已委托{roll.people[proxy].name}投票" in dialog.matches.item(0).text()
        qtbot.keyClick(dialog.search, Qt.Key_Return)
        assert f"由受委托人{roll.people[proxy].name}代领" in dialog.status.text()
        dialog.accept()

    drive(monkeypatch, dialogs.CheckInDialog, by_proxy)
    qtbot.mouseClick(page.checkin_button, Qt.LeftButton)
    stored = counted(ctx, election_id, CountCheckin, voter_id=principal)
    assert [c.proxy_voter_id for c in stored] == [proxy]

    # the box's record: 60 voted, 60 ballots out of the box
    def figures(dialog):
        dialog.issued.setValue(70)
        dialog.voters.setValue(60)
        dialog.returned.setValue(60)
        dialog.save_action()

    drive(monkeypatch, dialogs.BoxFiguresDialog, figures)
    qtbot.mouseClick(page.figures_button, Qt.LeftButton)

    # first pass, keyboard only: lines, a blank with F5, a slip undone with Ctrl+Z
    def first_pass(dialog):
        type_ballots(qtbot, dialog, FIRST[:10])
        qtbot.keyClick(dialog.line, Qt.Key_F5)
        type_ballots(qtbot, dialog, ["2"])
        qtbot.keyClick(dialog.line, Qt.Key_Z, Qt.ControlModifier)
        assert "已录入11张" in dialog.count.text()
        type_ballots(qtbot, dialog, FIRST[10:])
        votes = {(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()): dialog.table.item(r, 2).text()
                 for r in range(dialog.table.rowCount())}
        assert votes[("主任", "李强")] == "19" and votes[("主任", "弃权")] == "1" and votes[("委员", "刘洋")] == "59"
        assert "已录入60张" in dialog.count.text(), dialog.error.text() + "|" + dialog.line.text()
        shot(dialog, tmp_path, "ballot_entry")
        qtbot.mouseClick(dialog.findChild(type(page.set_up_button), "submit_button"), Qt.LeftButton)

    drive(monkeypatch, dialogs.BallotEntryDialog, first_pass)
    qtbot.mouseClick(page.ballot_entry_button, Qt.LeftButton)
    assert "已录一遍" in page.table.item(0, 5).text()

    # the live display: running totals, 未核对 until the two entries agree; no ID number
    qtbot.mouseClick(page.display_button, Qt.LeftButton)
    display = page.display
    qtbot.addWidget(display)
    display.refresh()
    assert display.state.text() == "未核对"
    assert display.findChild(type(display.state), "votes_主任_王建国").text() == "40"
    assert display.progress.text() == "已唱票60张 / 收回选票60张"
    shown = " ".join(label.text() for label in display.findChildren(type(display.state)))
    assert someone.id_number[-6:] not in shown and "身份" not in shown  # no personal data
    shot(display, tmp_path, "live_display")

    # the second operator sees nothing of the first; one ballot read differently
    ctx.settings.operator = "计票员乙"

    def second_pass(dialog):
        assert "已录入0张" in dialog.count.text()
        assert {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())} == {"0"}
        type_ballots(qtbot, dialog, FIRST[:-1] + ["2 3 4", "0"])
        qtbot.mouseClick(dialog.findChild(type(page.set_up_button), "submit_button"), Qt.LeftButton)

    drive(monkeypatch, dialogs.BallotEntryDialog, second_pass)
    qtbot.mouseClick(page.ballot_entry_button, Qt.LeftButton)
    assert {e.operator for e in counted(ctx, election_id, CountEntry)} == {"计票员甲", "计票员乙"}
    assert "不一致" in page.table.item(0, 5).text()

    # side by side: keep the first pass (the paper says 陈静)
    def resolve(dialog):
        fields = column_texts(dialog.table, 0)
        assert "委员·4号杨帆" in fields and "委员·5号陈静" in fields
        shot(dialog, tmp_path, "compare_dialog")
        qtbot.mouseClick(dialog.findChild(type(page.set_up_button), "keep_first_button"), Qt.LeftButton)

    drive(monkeypatch, dialogs.CompareDialog, resolve)
    qtbot.mouseClick(page.compare_button, Qt.LeftButton)
    assert "两遍一致" in page.table.item(0, 5).text()
    kept = [e for e in counted(ctx, election_id, CountEntry) if e.status == "agreed"]
    assert [e.operator for e in kept] == ["计票员甲"]
    assert len(counted(ctx, election_id, CountBallot, entry_id=kept[0].id)) == 60
    display.refresh()
    assert display.state.text() == "已核对"

    # F.103: two check-ins against 60 voters — the record itself says so
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "其余选民按纸质名册领票，已核对")

    def paper(dialog):
        assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["F.103"]
        shot(dialog, tmp_path, "checks_dialog")
        qtbot.mouseClick(dialog.findChild(type(page.set_up_button), "paper_button"), Qt.LeftButton)
        assert dialog.table.rowCount() == 0
        dialog.accept()

    drive(monkeypatch, dialogs.ChecksDialog, paper)
    qtbot.mouseClick(page.checks_button, Qt.LeftButton)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "监票人甲")
    qtbot.mouseClick(page.confirm_box_button, Qt.LeftButton)
    assert page.table.item(0, 6).text() == "监票人甲"
    taken = sorted(p.name for p in backup.backup_dir(ctx.store.sqlite_path).glob("*") if not p.name.endswith(".json"))
    assert len(taken) == 1 and seen["error"] == []  # a backup when the box is confirmed
    assert not any("尚未由监票人核对确认" in t for t in [page.findings.text()])

    # the results: confirmed by the chief supervisor, then the women's seat's 另行选举
    results = ResultsPage(ctx, election_id)
    qtbot.addWidget(results)
    assert "尚未确认" in results.state.text()
    results.chief.setText("总监票人王")
    qtbot.mouseClick(results.confirm_button, Qt.LeftButton)
    assert seen["error"] == []
    with ctx.read_scope(election_id) as scope:
        first = scope.session.scalars(select(CountRound)).one()
        assert official.is_official(scope, first.id) and first.official_by == "总监票人王"
    assert "总监票人王" in results.state.text()
    assert column_texts(results.elected, 1) == ["王建国", "刘洋"]
    assert "妇女委员" in column_texts(results.outcomes, 0)
    shot(results, tmp_path, "results_page")
    qtbot.mouseClick(results.certificates_button, Qt.LeftButton)
    qtbot.mouseClick(results.notice_button, Qt.LeftButton)
    assert len(seen["documents"]) == 2
    qtbot.mouseClick(results.runoff_button, Qt.LeftButton)
    rounds_now = counted(ctx, election_id, CountRound)
    assert [r.kind for r in rounds_now] == ["first", "runoff"]
    assert "另行选举" in results.state.text()
    display.close()

