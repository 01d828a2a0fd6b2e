"""The vc.vote and vc.results pages (issue 12 items 2, 5, 7, 8, 9, 13): the round set up from the
formal list, a voter checked in by name, the count typed ballot by ballot by one operator and
blind by a second with one disagreement resolved side by side, a coded check cleared as "the
paper says so", the live display showing the running totals (未核对 until agreed), the box
confirmed, the results confirmed by the chief supervisor and the women's seat's 另行选举 set up.
Screenshots at 1366×768 go to tmp_path (QT_SCALE_FACTOR=1.5 tried by hand)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from models import CountBallot, CountCheckin, CountEntry, CountRound, Document
from tests.test_vc_formal import formal_candidates
from tests.ui_support import record_interaction
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
from workflows.count import checkin, official, rounds
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
    return record_interaction(monkeypatch)


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



def count_box_twice(qtbot, monkeypatch, page, lines, voters: int) -> None:
    """The current round's only box counted through the GUI: its figures, two blind passes of
    the same ballots by two operators (they agree), the coded checks cleared as the paper says,
    the box confirmed by a supervisor."""
    page.refresh()

    def figures(dialog):
        dialog.issued.setValue(voters + 10)
        dialog.voters.setValue(voters)
        dialog.returned.setValue(voters)
        dialog.save_action()

    drive(monkeypatch, dialogs.BoxFiguresDialog, figures)
    qtbot.mouseClick(page.figures_button, Qt.LeftButton)
    for operator in ("计票员甲", "计票员乙"):
        page.ctx.settings.operator = operator

        def one_pass(dialog):
            assert "已录入0张" in dialog.count.text()  # blind: nothing of the other pass
            type_ballots(qtbot, dialog, lines)
            assert f"已录入{len(lines)}张" in dialog.count.text(), dialog.error.text()
            qtbot.mouseClick(dialog.findChild(QPushButton, "submit_button"), Qt.LeftButton)

        drive(monkeypatch, dialogs.BallotEntryDialog, one_pass)
        qtbot.mouseClick(page.ballot_entry_button, Qt.LeftButton)
    assert "两遍一致" in page.table.item(0, 5).text()
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "按纸质名册领票，已核对")

    def paper(dialog):
        while dialog.table.rowCount():
            dialog.table.selectRow(0)
            qtbot.mouseClick(dialog.findChild(QPushButton, "paper_button"), Qt.LeftButton)
        dialog.accept()

    drive(monkeypatch, dialogs.ChecksDialog, paper)
    qtbot.mouseClick(page.checks_button, Qt.LeftButton)
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "监票人甲")
    qtbot.mouseClick(page.confirm_box_button, Qt.LeftButton)
    assert page.table.item(0, 6).text() == "监票人甲"


def runoff_lines(view, woman: str) -> list[str]:
    """The women's seat runoff ballots: 40 for ``woman`` (more than a third of 60 cast), 20 blank."""
    number = next(p.number for c in view.contests for p in c.candidates if p.name == woman)
    return [str(number)] * 40 + ["0"] * 20


def test_a_villager_vote_with_one_runoff_counted_through_the_gui_to_the_certificates(
        qtbot, ctx, election_id, seen, monkeypatch, tmp_path):
    page = VotePage(ctx, election_id)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.set_up_button, Qt.LeftButton)
    qtbot.mouseClick(page.display_button, Qt.LeftButton)
    display = page.display
    qtbot.addWidget(display)
    count_box_twice(qtbot, monkeypatch, page, FIRST + ["0"], voters=60)
    results = ResultsPage(ctx, election_id)
    qtbot.addWidget(results)
    results.chief.setText("总监票人王")
    qtbot.mouseClick(results.confirm_button, Qt.LeftButton)
    assert "妇女委员" in column_texts(results.outcomes, 0)
    qtbot.mouseClick(results.runoff_button, Qt.LeftButton)
    assert [r.kind for r in counted(ctx, election_id, CountRound)] == ["first", "runoff"]

    # the runoff: its own box, counted twice blind, the display following it
    page.refresh()
    runoff_round = counted(ctx, election_id, CountRound, kind="runoff")[0]
    assert page.round_id == runoff_round.id and page.table.item(0, 5).text() == "未录入"
    with ctx.read_scope(election_id) as scope:
        view = rounds.round_view(scope, runoff_round.id)
    women = [p.name for c in view.contests for p in c.candidates]
    assert women == ["陈静"]  # the only woman on the formal list, 19 votes in the first round
    winner = women[0]
    lines = runoff_lines(view, winner)
    count_box_twice(qtbot, monkeypatch, page, lines, voters=60)
    display.refresh()
    assert display.state.text() == "已核对"
    assert display.findChild(type(display.state), f"votes_{view.contests[0].office}_{winner}").text() == "40"

    # the runoff's results confirmed; the winner among the elected
    results.refresh()
    assert "尚未确认" in results.state.text()
    qtbot.mouseClick(results.confirm_button, Qt.LeftButton)
    assert seen["error"] == []
    with ctx.read_scope(election_id) as scope:
        assert official.is_official(scope, runoff_round.id)
    assert winner in column_texts(results.outcomes, 2)[0]
    assert winner in column_texts(results.elected, 1)
    assert column_texts(results.elected, 1)[:2] == ["王建国", "刘洋"]
    shot(results, tmp_path, "results_page_after_runoff")

    # the paper from the results page: the notice and one certificate per winner
    qtbot.mouseClick(results.notice_button, Qt.LeftButton)
    qtbot.mouseClick(results.certificates_button, Qt.LeftButton)
    assert seen["error"] == [] and len(seen["documents"]) == 2
    notices = counted(ctx, election_id, Document, kind="vc_results_notice")
    certificates = counted(ctx, election_id, Document, kind="certificate")
    assert notices and notices[-1].pdf.startswith(b"%PDF") and winner in notices[-1].spec_json
    assert len(certificates) == len(column_texts(results.elected, 1))
    assert any(winner in c.spec_json and c.pdf.startswith(b"%PDF") for c in certificates)
    for document in (notices[-1], certificates[-1]):
        (tmp_path / f"{document.kind}.pdf").write_bytes(document.pdf)  # pdftoppm them to look
        if SHOTS:
            (Path(SHOTS) / f"{document.kind}.pdf").write_bytes(document.pdf)
    assert any("当选证书" in t for t in seen["inform"])
    display.close()


def test_pv07_sd26_an_on_site_proxy_is_registered_at_check_in_only_where_the_profile_allows_it(
        qtbot, ctx, election_id, seen, monkeypatch, tmp_path):
    """National preset with the deadline on the day itself (组织法第15条: a written authorisation,
    no on-site ban): 现场委托… registers it and the principal's ballot goes to the proxy at once;
    where the profile forbids it (SD-26) the dialog says so and offers no button."""
    from models import Township
    from tests.test_vc_qualification import set_rules
    from ui.villager import polling_dialogs

    page = VotePage(ctx, election_id)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.set_up_button, Qt.LeftButton)
    with ctx.read_scope(election_id) as scope:
        box_id = rounds.round_view(scope, vote.current_round(scope).id).boxes[0].id
        roll = vote.vote_roll(scope)
    principal, proxy = (p for p in list(roll.people.values())[-4:-2])  # neither in an authorisation yet
    forbidding = dialogs.CheckInDialog(page, box_id, "选举大会会场票箱")
    qtbot.addWidget(forbidding)
    assert forbidding.findChild(QPushButton, "on_site_proxy_button") is None
    assert "不办理临时委托" in forbidding.findChild(dialogs.QLabel, "checkin_proxy_rule").text()
    with ctx.transaction() as session:
        set_rules(session, session.get(Township, ctx.township_id), proxy_deadline_days=0)

    def on_site(form):
        polling_dialogs.pick(form.principal, principal.name)
        polling_dialogs.pick(form.proxy, proxy.name)
        form.kind.setCurrentIndex(form.kind.findData("子女"))
        form.reason.setText("外出务工，今日不能到场")
        form.authorised_on.setDate(VOTE_DAY)
        form.registered_on.setDate(VOTE_DAY)
        form.save_action()
        return int(form.result())

    monkeypatch.setattr(polling_dialogs.ProxyDialog, "exec", on_site)
    dialog = dialogs.CheckInDialog(page, box_id, "选举大会会场票箱")
    qtbot.addWidget(dialog)
    button = dialog.findChild(QPushButton, "on_site_proxy_button")
    assert button is not None and button.text() == "现场委托…"
    dialog.search.setText(principal.name)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert seen["error"] == []
    assert f"已委托{proxy.name}投票" in dialog.matches.item(0).text()
    dialog.show()
    shot(dialog, tmp_path, "checkin_on_site_proxy")
    qtbot.keyClick(dialog.search, Qt.Key_Return)
    assert f"由受委托人{proxy.name}代领" in dialog.status.text()
    assert [c.proxy_voter_id for c in counted(ctx, election_id, CountCheckin, voter_id=principal.id)] == [proxy.id]
