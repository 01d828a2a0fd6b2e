"""The live display of the public count follows the application's change signal (issue 12 item 8,
"updating within a second of each entry"): a ballot stored, undone or a tally sheet saved in the
real dialogs shows at once — its poll stopped —, the vote labels are updated in place, a change
of another election is ignored, a burst of reports makes one refresh, and a closed or deleted
display is no longer called."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel

from tests.test_ui_vc_vote import VOTE_DAY, type_ballots
from tests.test_vc_formal import formal_candidates
from ui.context import AppContext
from ui.count.live_display import LiveDisplay
from ui.signals import AppSignals, Changes
from ui.villager import vote_dialogs as dialogs
from ui.villager.vote_page import VotePage
from workflows.core.config import Settings
from workflows.count import entry, totals
from workflows.villager import vote


@pytest.fixture
def ctx(store, qapp):
    settings = Settings()
    settings.operator = "计票员甲"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def election_id(ctx):
    """An election with its formal candidates (主任 王建国, 李强…), as tests/test_ui_vc_vote.py."""
    with ctx.transaction() as session:
        township, election = formal_candidates(session, vote_day=VOTE_DAY)
        ctx.township_id = township.id
        return election.id


def open_count(qtbot, ctx, election_id, mode: str = "ballots"):
    """The round set up on the vote page, the display opened from it with its poll stopped, and
    the operator's entry of the only box."""
    page = VotePage(ctx, election_id)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.set_up_button, Qt.LeftButton)
    qtbot.mouseClick(page.display_button, Qt.LeftButton)
    display = page.display
    qtbot.addWidget(display)
    display.timer.stop()  # only the change signal may refresh it now
    entry_id = page._my_entry(next(iter(page.boxes_view.values())), mode)
    return page, display, entry_id


def votes(display: LiveDisplay, office: str, name: str) -> str:
    return display.findChild(QLabel, f"votes_{office}_{name}").text()


def ballot_dialog(qtbot, page, entry_id):
    dialog = dialogs.BallotEntryDialog(page, entry_id, "逐张唱票录入")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_ballot_and_its_undo_show_at_once_and_update_the_same_labels(qtbot, ctx, election_id):
    page, display, entry_id = open_count(qtbot, ctx, election_id)
    assert votes(display, "主任", "王建国") == "0" and display.state.text() == "未核对"
    labels = {label.objectName(): label for label in display.findChildren(QLabel) if label.objectName()}
    assert "votes_主任_王建国" in labels and "live_progress" in labels
    dialog = ballot_dialog(qtbot, page, entry_id)

    type_ballots(qtbot, dialog, ["1 3 4"])
    qtbot.waitUntil(lambda: votes(display, "主任", "王建国") == "1", timeout=1000)
    assert display.progress.text().startswith("已唱票1张")
    type_ballots(qtbot, dialog, ["1 3 4"])
    qtbot.waitUntil(lambda: votes(display, "主任", "王建国") == "2", timeout=1000)
    after = {label.objectName(): label for label in display.findChildren(QLabel) if label.objectName()}
    assert after.keys() == labels.keys()
    assert all(after[name] is labels[name] for name in labels)  # set in place, not rebuilt

    qtbot.keyClick(dialog.line, Qt.Key_Z, Qt.ControlModifier)  # undo
    qtbot.waitUntil(lambda: votes(display, "主任", "王建国") == "1", timeout=1000)
    assert display.progress.text().startswith("已唱票1张")
    assert not display.timer.isActive()  # the poll stayed stopped: the signal did it
    with ctx.read_scope(election_id) as scope:  # the kept figures are those of a full recount
        round_id = vote.current_round(scope).id
        recounted = entry.recount_entry(scope, entry_id)  # the box's only pass, from its stored ballots
        kept = totals.round_totals(scope, round_id, agreed_only=False)
        assert (kept.totals, kept.all_agreed) == (recounted, False)


def test_a_tally_sheet_saved_shows_at_once(qtbot, ctx, election_id):
    page, display, entry_id = open_count(qtbot, ctx, election_id, mode="sheet")
    dialog = dialogs.SheetDialog(page, entry_id, "计票单录入")
    qtbot.addWidget(dialog)
    dialog.returned.setValue(30)
    contest = dialog.view.contests[0]
    first = contest.candidates[0]
    dialog.fields[(contest.id, first.id)].setValue(21)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: votes(display, contest.office, first.name) == "21", timeout=1000)
    assert display.progress.text() == "已唱票30张 / 收回选票0张"


def test_only_its_own_election_refreshes_it_and_a_burst_makes_one_refresh(
        qtbot, ctx, election_id, monkeypatch):
    _page, display, entry_id = open_count(qtbot, ctx, election_id)
    reads = []
    real = display.figures
    monkeypatch.setattr(display, "figures", lambda: reads.append(1) or real())
    with ctx.scope(election_id) as scope:  # stored without a report, as another computer would
        entry.record_ballot(scope, entry_id, "1 3 4")

    ctx.signals.report(Changes(election_id + 1000, stages=True))
    qtbot.wait(50)
    assert reads == [] and votes(display, "主任", "王建国") == "0"

    for _ in range(5):
        ctx.signals.report(Changes(election_id, stages=True))
    qtbot.waitUntil(lambda: votes(display, "主任", "王建国") == "1", timeout=1000)
    qtbot.wait(20)
    assert reads == [1]

    ctx.signals.report(Changes(documents=True))  # not bound to an election: may concern it
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=1000)


def test_the_poll_alone_still_follows_another_computer(qtbot, ctx, election_id):
    _page, display, entry_id = open_count(qtbot, ctx, election_id)
    display.timer.start()
    with ctx.scope(election_id) as scope:
        entry.record_ballot(scope, entry_id, "2 3 4")
    qtbot.waitUntil(lambda: votes(display, "主任", "李强") == "1", timeout=2 * display.timer.interval() + 500)


def test_a_closed_or_deleted_display_is_no_longer_called(qtbot, ctx, election_id):
    page, display, _entry_id = open_count(qtbot, ctx, election_id)
    display.close()
    ctx.signals.report(Changes(election_id, stages=True))
    assert not display.pending.isActive() and not display.timer.isActive()
    qtbot.wait(20)

    display.show()  # shown again: listening again
    assert display.timer.isActive()
    ctx.signals.report(Changes(election_id, stages=True))
    assert display.pending.isActive()
    qtbot.wait(20)

    other = LiveDisplay(ctx, election_id)  # deleted without being closed
    other.show()
    other.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert not shiboken6.isValid(other)
    ctx.signals.report(Changes(election_id, stages=True))  # no call on the deleted C++ object
    qtbot.wait(20)
    page.display = None
    display.close()


def test_with_a_second_screen_the_display_opens_full_screen_there_else_as_a_window(qtbot, ctx, election_id,
                                                                                 monkeypatch):
    """Issue 12 item 8: “works on a second screen and in a window”; F11 and Esc switch."""
    from PySide6.QtCore import QRect, Qt

    import ui.count.live_display as live

    first = live.open_display(None, ctx, election_id)
    qtbot.addWidget(first)
    assert first.isVisible() and not first.isFullScreen()  # one screen (offscreen): a window
    assert live.open_display(first, ctx, election_id) is first  # open already: brought forward
    qtbot.keyClick(first, Qt.Key_F11)
    assert first.isFullScreen()
    qtbot.keyClick(first, Qt.Key_Escape)
    assert not first.isFullScreen()
    first.close()

    class Screen:
        def __init__(self, rect):
            self.rect = rect

        def geometry(self):
            return self.rect

    laptop, projector = Screen(QRect(0, 0, 1366, 768)), Screen(QRect(1366, 0, 1920, 1080))

    class TwoScreens:
        @staticmethod
        def primaryScreen():  # noqa: N802 - Qt's name
            return laptop

        @staticmethod
        def screens():
            return [laptop, projector]

    monkeypatch.setattr(live, "QGuiApplication", TwoScreens)
    second = live.open_display(first, ctx, election_id)  # the closed one is not reused
    qtbot.addWidget(second)
    assert second is not first and second.isFullScreen()
    assert second.geometry().topLeft().x() >= 1366  # on the projector, not over the clerk's screen
