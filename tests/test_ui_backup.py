"""文件 → 备份与恢复, the read-only window, backups before stage changes, error dialogs."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from tests.conftest import TODAY, add_voter, make_election, make_township
from tests.vc_committee_data import seat_committee
from ui.context import AppContext
from ui.shell import backup_dialog as dialogs
from ui.shell.backup_dialog import BackupDialog
from ui.shell.main_window import MainWindow
from ui.signals import AppSignals
from workflows.core import backup, stages
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.core.store import open_store

SHOTS = Path(os.environ.get("VEW_SCREENSHOTS", "")) if os.environ.get("VEW_SCREENSHOTS") else None


@pytest.fixture
def ctx(store, qtbot):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def window(ctx, qtbot):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    return main


def fill(ctx, villages: int = 2) -> int:
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        for index in range(villages):
            election = make_election(session, township, name=f"{'石桥枫林'[index * 2:index * 2 + 2]}村",
                                     committee=TODAY + timedelta(days=30))
            add_voter(session, election, number=f"11010519491231{index:03d}X")
        return township.id


def issue_document(ctx, code: str, title: str) -> None:
    from models import Document

    with ctx.transaction() as session:
        session.add(Document(code=code, kind="notice", title=title, spec_json="{}", sha256="0" * 64,
                             size=3, pages=1, pdf=b"pdf", operator="王芳"))


def grab(widget, name: str, tmp_path: Path) -> Path:
    """An offscreen picture (the main window at 1366×768) with the program's own font,
    kept in VEW_SCREENSHOTS when that is set."""
    from ui.fonts import register_ui_font

    app = QApplication.instance()
    previous = app.font()
    register_ui_font(app)
    try:
        if isinstance(widget, MainWindow):
            widget.resize(1366, 768)
        for _ in range(3):
            QApplication.processEvents()
        path = (SHOTS or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(path))
    finally:
        app.setFont(previous)
    return path


def test_the_file_menu_offers_backup_now_and_backup_and_restore(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert [a.text() for a in file_menu.actions()] == ["立即备份", "备份与恢复…", "退出"]
    assert all(a.isEnabled() for a in file_menu.actions())


def test_the_backup_list_shows_time_reason_size_villages_voters_and_the_verified_mark(ctx, window, qtbot, tmp_path):
    fill(ctx)
    path = ctx.store.sqlite_path
    good = backup.make_backup(path, backup.MANUAL)
    (backup.backup_dir(path) / "workbench-20261120-090000-导入前.sqlite").write_bytes(b"")
    dialog = BackupDialog(ctx, path, window)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    rows = {dialog.infos[r].path.name: [dialog.table.item(r, c).text() for c in range(6)]
            for r in range(dialog.table.rowCount())}
    when, reason, size, villages, voters, mark = rows[good.name]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", when) and size.endswith("KB")
    assert (reason, villages, voters, mark) == ("手动", "2", "2", "✓ 已核对")
    broken = rows["workbench-20261120-090000-导入前.sqlite"]
    assert broken[0] == "2026-11-20 09:00:00" and broken[1] == "导入前" and broken[5] == "✗ 损坏：空文件"
    assert "已损坏" in dialog.message.text()
    dialog.table.selectRow(list(rows).index("workbench-20261120-090000-导入前.sqlite"))
    assert not dialog.restore_button.isEnabled()  # a broken one cannot be chosen
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    dialog.show()
    shot = grab(dialog, "backup_dialog.png", tmp_path)
    assert shot.stat().st_size > 10_000


def test_backing_up_now_in_the_dialog_adds_a_checked_copy(ctx, window, qtbot):
    fill(ctx)
    dialog = BackupDialog(ctx, ctx.store.sqlite_path, window)
    qtbot.addWidget(dialog)
    before = dialog.table.rowCount()
    dialog.backup_action()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == before + 1, timeout=10_000)
    assert "已备份并核对" in dialog.message.text()
    assert dialog.table.item(dialog.table.currentRow(), 1).text() == "手动"


def test_restoring_shows_what_it_replaces_before_confirming_and_the_window_goes_on_with_the_restored_file(
        ctx, window, qtbot, monkeypatch, tmp_path):
    fill(ctx, villages=1)
    path = ctx.store.sqlite_path
    chosen = backup.make_backup(path, backup.MANUAL)
    with ctx.transaction() as session:
        make_election(session, session.get(__import__("models").Township, ctx.township_id), name="后建村")
    issue_document(ctx, "ZXCV7788", "后建村选举工作日程公告")
    window.refresh()
    assert sorted(window.village_names()) == ["后建村", "石桥村"]
    with ctx.session() as session:
        head = session.execute(text("SELECT id FROM audit_event ORDER BY id DESC LIMIT 1")).scalar()
    shown = {}

    def confirm(confirm_dialog):
        shown["text"] = confirm_dialog.details.toPlainText()
        confirm_dialog.resize(640, 420)
        confirm_dialog.show()
        grab(confirm_dialog, "restore_confirm.png", tmp_path)
        return True

    monkeypatch.setattr(dialogs, "confirm_restore", confirm)
    dialog = BackupDialog(ctx, path, window)
    qtbot.addWidget(dialog)
    dialog.restored.connect(window.store_replaced)
    row = next(r for r in range(dialog.table.rowCount()) if dialog.infos[r].path == chosen)
    dialog.table.selectRow(row)
    old_store = ctx.store
    dialog.restore_action()
    qtbot.waitUntil(lambda: dialog.new_store is not None or "不能" in dialog.message.text(), timeout=15_000)
    assert dialog.new_store is not None, dialog.message.text()
    assert f"将替换的审计记录末条：第 {head} 号" in shown["text"]
    assert "ZXCV7788" in shown["text"] and "后建村选举工作日程公告" in shown["text"]
    assert ctx.store is dialog.new_store and ctx.store is not old_store
    assert window.village_names() == ["石桥村"]
    assert "已恢复到" in dialog.message.text()
    assert any(info.reason == backup.RESTORE for info in dialog.infos)
    with ctx.session() as session:
        assert session.execute(text(
            "SELECT action FROM audit_event ORDER BY id DESC LIMIT 1")).scalar() == "database.restore"
    with ctx.transaction() as session:  # the window writes to the restored file
        make_election(session, session.get(__import__("models").Township, ctx.township_id), name="恢复后新建村")
    dialog.show()
    grab(dialog, "backup_dialog_after_restore.png", tmp_path)
    grab(window, "main_window_after_restore.png", tmp_path)


def test_a_read_only_database_disables_every_edit_action_with_the_reason(store, db_path, qtbot, tmp_path):
    with store.transaction("测试员") as session:
        make_township(session)
    store.dispose()
    viewer = open_store(str(db_path), read_only=True)
    ctx = AppContext(viewer, Settings(), AppSignals())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    reason = viewer.read_only
    assert window.edit_actions and all(not a.isEnabled() and a.toolTip() == reason for a in window.edit_actions)
    texts = {a.text() for a in window.edit_actions}
    assert {"新建乡镇…", "编辑乡镇…", "新建村…", "规则配置…", "节假日表…"} <= texts
    assert not window.add_village_button.isEnabled() and window.add_village_button.toolTip() == reason
    assert window.read_only_banner.isVisible() and reason in window.read_only_banner.text()
    assert "（只读）" in window.statusBar().currentMessage()
    viewing = [a for a in window.actions_needing_data if a not in window.edit_actions]
    assert viewing and all(a.isEnabled() for a in viewing)  # audit, verification, backups
    grab(window, "main_window_read_only.png", tmp_path)
    window.close()
    viewer.dispose()


def test_reopening_a_stage_backs_the_database_up_first(ctx, window, qtbot, monkeypatch):
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        election = make_election(session, township, committee=TODAY + timedelta(days=30))
        seat_committee(session, election)
        stages.advance(open_scope(session, election, TODAY, profile=profile_of(township)),
                       "vc.election_committee", TODAY)
        election_id = election.id
    path = ctx.store.sqlite_path
    before = {p.name for p in backup.list_backups(path)}
    page = window.village_page.stage_page
    page.show_stage(election_id, "vc.election_committee")

    def answer(dialog):
        dialog.reason.setPlainText("选举委员会成员变动，重新推选")
        return 1

    monkeypatch.setattr("ui.shell.stage_page.ReopenDialog.exec", answer)
    page.reopen_action()
    made = [p for p in backup.list_backups(path) if p.name not in before]
    assert len(made) == 1 and backup.STAGE in made[0].name
    assert sqlite3.connect(made[0]).execute(
        "SELECT status FROM stage_state WHERE stage_key = 'vc.election_committee'").fetchone()[0] == "done"
    with ctx.session() as session:
        assert session.execute(text(
            "SELECT status FROM stage_state WHERE stage_key = 'vc.election_committee'")).scalar() == "reopened"


def test_a_stage_change_is_not_made_when_its_backup_fails(ctx, window, qtbot, monkeypatch):
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        election = make_election(session, township, committee=TODAY + timedelta(days=30))
        seat_committee(session, election)
        stages.advance(open_scope(session, election, TODAY, profile=profile_of(township)),
                       "vc.election_committee", TODAY)
        election_id = election.id
    page = window.village_page.stage_page
    page.show_stage(election_id, "vc.election_committee")
    monkeypatch.setattr("ui.shell.stage_page.ReopenDialog.exec",
                        lambda dialog: dialog.reason.setPlainText("理由") or 1)

    def full(_database, _reason):
        raise backup.BackupError("磁盘空间不足，备份没有完成；已有的备份和数据库都没有改动。请清理磁盘后再试。")

    monkeypatch.setattr(backup, "make_backup", full)
    said = []
    monkeypatch.setattr("ui.interaction.error", lambda parent, text_, title=None: said.append(text_))
    page.reopen_action()
    assert said and "本次没有变更" in said[0] and "磁盘空间不足" in said[0]
    with ctx.session() as session:
        assert session.execute(text(
            "SELECT status FROM stage_state WHERE stage_key = 'vc.election_committee'")).scalar() == "done"


def test_an_unexpected_error_shows_one_sentence_with_details_behind_a_button_and_no_driver_text(
        window, qtbot, monkeypatch):
    import ui.app
    from workflows.core import config

    shown = []
    monkeypatch.setattr(ui.app, "error_box_shown", shown.append)
    error = sqlite3.OperationalError("no such column: voter.id_number 11010519491231002X 13812345678")
    ui.app.report_unexpected(type(error), error, None)
    box = shown[0]
    assert box.text() == "程序遇到意外错误，本次操作没有完成，已保存的数据不受影响。"
    assert "error.log" in box.detailedText()
    for leak in ("no such column", "sqlite", "OperationalError", "11010519491231002X", "13812345678"):
        assert leak not in box.text() + box.detailedText()
    log = config.error_log_path().read_text(encoding="utf-8")
    assert "no such column" in log and "11010519491231002X" not in log and "13812345678" not in log
    config.reset_error_log()


def test_a_refusal_of_the_database_is_said_as_it_is(window, monkeypatch):
    import ui.app
    from workflows.core.store import StoreError

    said = []
    monkeypatch.setattr("ui.app.QMessageBox.information", lambda parent, title, text_: said.append(text_))
    ui.app.report_unexpected(StoreError, StoreError("磁盘空间已满，本次操作没有保存。"), None)
    assert said == ["磁盘空间已满，本次操作没有保存。"]


def startup_args(db_path: Path):
    from argparse import Namespace

    return Namespace(db=str(db_path), demo=False, screenshot=None, quit_when_shown=False)


def test_a_second_instance_is_asked_and_opens_read_only_naming_the_holder(store, db_path, qtbot, monkeypatch):
    from tests.test_storage_safety import holder_process
    from ui.app import Startup

    with store.transaction("测试员") as session:
        make_township(session)
    store.dispose()
    Settings().operator = "李会计"
    process = holder_process(db_path)
    try:
        asked = []
        monkeypatch.setattr(Startup, "ask_read_only", lambda self, reason: asked.append(reason) or True)
        window = MainWindow(demo=False)
        qtbot.addWidget(window)
        window.show()
        startup = Startup(QApplication.instance(), window, startup_args(db_path))
        assert startup.load()
        assert asked and "正被计算机“" in asked[0]
        assert window.ctx.store.read_only == asked[0]
        assert all(not action.isEnabled() for action in window.edit_actions)
        window.close()
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def test_a_damaged_file_at_start_offers_restoring_a_backup_and_opens_the_restored_file(
        store, db_path, qtbot, monkeypatch):
    from ui.app import Startup

    with store.transaction("测试员") as session:
        make_election(session, make_township(session), committee=TODAY + timedelta(days=30))
    chosen = backup.make_backup(db_path, backup.MANUAL)
    store.dispose()
    data = bytearray(db_path.read_bytes())
    for offset in range(100, min(len(data), 4096 * 6), 7):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    Settings().operator = "李会计"
    monkeypatch.setattr(Startup, "ask_restore", lambda self, refused: "已损坏" in refused)

    def restore_in_dialog(dialog):
        plan = backup.prepare_restore(dialog.database, chosen)
        assert not plan.current_readable or plan.current_head is None or plan.ok
        dialog.apply_restore(plan)
        return 1

    monkeypatch.setattr(BackupDialog, "exec", restore_in_dialog)
    window = MainWindow(demo=False)
    qtbot.addWidget(window)
    window.show()
    startup = Startup(QApplication.instance(), window, startup_args(db_path))
    assert startup.load()
    assert window.village_names() == ["石桥村"]
    assert any("已损坏" in p.name for p in backup.list_backups(db_path))  # the damaged file kept
    window.close()
