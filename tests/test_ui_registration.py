"""pytest-qt: the registration page — import preview, commit, the voter table, publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from models import ElectionProcess, Voter
from tests.conftest import TODAY, make_election, make_township
from tests.rosters import person, write_roster
from ui import interaction
from ui.context import AppContext
from ui.signals import AppSignals
from ui.voters.registration_page import RegistrationPage
from ui.widgets.import_dialog import RosterImportDialog
from workflows.core.config import Settings


@pytest.fixture
def ctx(store):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def election_id(ctx):
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        return make_election(session, township, committee=TODAY + timedelta(days=30)).id


ROWS = [person("张伟", date(1980, 5, 1), 11, 村民小组="上屋组"),
        person("王芳", date(1975, 3, 8), 22, 村民小组="下屋组"),
        person("李娜", date(1990, 10, 1), 32, 村民小组="上屋组")]


def run_import(qtbot, ctx, election_id, path):
    dialog = RosterImportDialog(ctx, election_id)
    qtbot.addWidget(dialog)
    dialog.ask_file = lambda: path
    dialog.choose_action()
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=10000)
    dialog.check_action()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    return dialog


def test_import_preview_then_commit_then_the_table_shows_the_voters(qtbot, ctx, election_id, tmp_path, monkeypatch):
    monkeypatch.setattr(interaction, "inform", lambda *args: None)
    bad = ROWS + [person("赵强", date(1960, 1, 1), 41, 村民小组="上屋组", 公民身份号码="3601")]
    dialog = run_import(qtbot, ctx, election_id, write_roster(tmp_path / "bad.xlsx", {"花名册": bad}))
    assert "新增 3 人" in dialog.summary.text() and "错误 1 处" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.model.rows[0][2] == "赵强" and "应为18位" in dialog.model.rows[0][6]
    report = tmp_path / "report.xlsx"
    dialog.ask_report_path = lambda: report
    dialog.report_action()
    assert report.exists()

    good = run_import(qtbot, ctx, election_id, write_roster(tmp_path / "good.xlsx", {"花名册": ROWS}))
    assert good.import_button.isEnabled()
    with qtbot.waitSignal(ctx.signals.changed, timeout=10000):
        good.import_action()
    with ctx.session() as session:
        assert session.scalar(select(func.count()).select_from(Voter)) == 3

    page = RegistrationPage(ctx, election_id)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 3
    assert {page.model.index(r, 2).data() for r in range(3)} == {"张伟", "王芳", "李娜"}
    assert "在册选民 3 人" in page.status.text()
    page.search.setText("李")
    page.apply_filter()
    assert page.model.rowCount() == 1 and page.model.index(0, 2).data() == "李娜"


def test_the_voter_table_pages_rows_in_with_100000_voters(qtbot, ctx, election_id):
    """100,000 voters: only ids are loaded; a page of rows is fetched when shown
    (its speed is measured by ``python -m bench.township``, not here)."""
    from sqlalchemy import insert

    from workflows.core.idcard import make_id

    with ctx.transaction() as session:
        rows = [{"election_id": election_id, "village_id": 1, "name": f"张{i}", "sex": "男",
                 "id_number": make_id("360102", date(1950, 1, 1) + timedelta(days=i // 1000), i % 1000),
                 "birth_date": date(1950, 1, 1), "status": "registered", "category": 1, "ethnicity": "",
                 "education": "", "political_status": "", "phone": "", "notes": "", "removal_reason": "",
                 "source": "import"} for i in range(100_000)]
        session.execute(insert(Voter), rows)
    page = RegistrationPage(ctx, election_id)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 100_000
    assert page.model.index(99_999, 2).data().startswith("张")
    assert len(page.model.pages) <= 40


def test_publication_from_the_page(qtbot, ctx, election_id, tmp_path, monkeypatch):
    from ui.voters.registration_dialogs import PublishDialog

    monkeypatch.setattr(interaction, "inform", lambda *args: None)
    monkeypatch.setattr("ui.documents.documents_panel.open_archived", lambda *args: None)
    good = run_import(qtbot, ctx, election_id, write_roster(tmp_path / "good.xlsx", {"花名册": ROWS}))
    with qtbot.waitSignal(ctx.signals.changed, timeout=10000):
        good.import_action()
    dialog = PublishDialog(ctx, election_id)
    qtbot.addWidget(dialog)
    assert not dialog.warning.isVisible()
    dialog.save_action()
    assert dialog.result() == PublishDialog.Accepted and len(dialog.document_ids) == 2


def test_one_voter_edit_redraws_the_list_and_the_blockers_once_and_not_the_township(
        qtbot, ctx, election_id, monkeypatch):
    """A change reports what it changed (ui/signals.Changes): a voter saved by hand reloads
    the voter list once and recomputes the stage's blockers once; the township overview,
    the tree and the navigator stay as they are."""
    from ui.shell.main_window import MainWindow
    from ui.shell.overview import OverviewPage
    from ui.shell.stage_page import StagePage
    from ui.shell.village_page import VillagePage
    from ui.voters.voter_dialog import VoterDialog

    with ctx.session() as session:
        village_id = session.get(ElectionProcess, election_id).village_id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.open_village(village_id)
    window.village_page.select_stage("vc.registration")
    page = window.village_page.stage_page.custom
    assert isinstance(page, RegistrationPage)

    calls = {"list": 0, "report": 0, "township": 0, "navigator": 0}
    for cls, method, key in ((RegistrationPage, "refresh", "list"), (StagePage, "refresh", "report"),
                             (OverviewPage, "refresh", "township"), (VillagePage, "refresh", "navigator")):
        original = getattr(cls, method)

        def counting(self, *args, _original=original, _key=key, **kwargs):
            calls[_key] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, method, counting)
    monkeypatch.setattr(VoterDialog, "exec", lambda dialog: dialog.save() or 1)
    monkeypatch.setattr(VoterDialog, "values", lambda dialog: {
        "group": "上屋组", "name": "钱多", "id_number": ROWS[0]["公民身份号码"], "sex": "",
        "birth_date": "", "ethnicity": "汉族", "education": "", "political_status": "",
        "category": "1", "phone": "", "notes": "", "residence_since": "", "applied_on": "",
        "approved_on": ""})
    page.add_action()
    assert calls == {"list": 1, "report": 1, "township": 0, "navigator": 0}
    assert page.model.rowCount() == 1


def test_moving_the_election_day_recomputes_one_overview_row_and_the_village_once(
        qtbot, ctx, election_id, monkeypatch):
    """The election day moves every deadline of one village: its overview row, the tree,
    the navigator and the stage report are redrawn once; the other villages are not recomputed."""
    from ui.shell.main_window import MainWindow
    from ui.shell.overview import OverviewPage
    from ui.shell.stage_page import StagePage
    from ui.shell.village_page import VillagePage
    from ui.township.election_dialog import ElectionDialog
    from workflows.township import overview

    with ctx.session() as session:
        village_id = session.get(ElectionProcess, election_id).village_id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.open_village(village_id)
    calls = {"township": 0, "one_row": 0, "navigator": 0, "report": 0}
    counted = ((OverviewPage, "refresh", "township"), (VillagePage, "refresh", "navigator"),
               (StagePage, "refresh", "report"))
    for cls, method, key in counted:
        original = getattr(cls, method)

        def counting(self, *args, _original=original, _key=key, **kwargs):
            calls[_key] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, method, counting)
    original_row = overview.village_row

    def one_row(*args, **kwargs):
        calls["one_row"] += 1
        return original_row(*args, **kwargs)

    monkeypatch.setattr("ui.shell.overview.village_row", one_row)
    dialog = ElectionDialog(ctx, village_id, election_id)
    qtbot.addWidget(dialog)
    dialog.committee_day.editor.setDate(dialog.committee_day.editor.date().addDays(7))
    dialog.reason.setText("县换届办通知统一推迟一周")
    dialog.save()
    assert calls == {"township": 0, "one_row": 1, "navigator": 1, "report": 1}
    row = next(r for r in window.overview.rows() if r.village_id == village_id)
    assert row.next_milestone is not None


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_village_page_fits_small_screens_with_the_stage_buttons_visible(qtbot, ctx, election_id, size):
    """Issue 9, 3.1: 1366×768 at 100 % and 1920×1080 at 150 % (1280×720 logical)."""
    from ui.shell.main_window import MainWindow

    with ctx.session() as session:
        village_id = session.get(ElectionProcess, election_id).village_id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.resize(*size)
    window.open_village(village_id)
    for stage in ("vc.registration", "vc.election_committee", "party.recommendation"):
        window.village_page.select_stage(stage)
        qtbot.wait(10)
        assert window.minimumSizeHint().height() <= size[1]
        assert window.size().toTuple() == size
        button = window.village_page.stage_page.advance_button
        bottom = button.mapTo(window, button.rect().bottomRight())
        assert button.isVisible() and bottom.y() <= size[1] and bottom.x() <= size[0]
