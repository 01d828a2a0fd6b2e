"""pytest-qt: the registration page — import preview, commit, the voter table, publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from models import Voter
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
