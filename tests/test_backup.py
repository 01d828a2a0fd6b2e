"""Backups and restoring them: checked copies, names, retention, restore with its audit event,
and the administrator commands ``backup``, ``backups`` and ``restore``."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import add_voter, make_election, make_township
from workflows.core import backup
from workflows.core.backup import BackupInfo, plan_retention
from workflows.core.store import open_store

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^workbench-\d{8}-\d{6}-(?P<reason>[^-.]+)(-\d+)?\.sqlite$")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(store, villages: int = 1, voters: int = 3):
    with store.transaction("测试员") as session:
        township = make_township(session)
        for index in range(villages):
            election = make_election(session, township, name=f"村{index}")
            for number in range(voters):
                add_voter(session, election, f"选民{index}-{number}",
                          f"1101051949123{index}{number:03d}"[:17] + "X")
        return township.id


def issue_document(store, code: str, title: str) -> None:
    from models import Document

    with store.transaction("测试员") as session:
        session.add(Document(code=code, kind="notice", title=title, spec_json="{}", sha256="0" * 64,
                             size=3, pages=1, pdf=b"pdf", operator="测试员"))


def count(path: Path, sql: str):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


# --- making backups ---------------------------------------------------------------------
def test_a_backup_is_a_checked_copy_named_by_time_and_reason(store, db_path):
    fill(store, villages=2, voters=4)
    copy = backup.make_backup(db_path, backup.MANUAL)
    match = NAME.match(copy.name)
    assert match and match["reason"] == "手动"
    assert count(copy, "PRAGMA integrity_check") == "ok"
    assert count(copy, "PRAGMA journal_mode") == "delete"  # no -wal/-shm beside a copy
    assert count(copy, "SELECT count(*) FROM voter") == 8
    info = backup.describe(copy)
    assert (info.reason, info.villages, info.voters, info.verified, info.problem) == ("手动", 2, 8, True, "")
    assert not list(copy.parent.glob(".*.tmp"))


def test_every_reason_the_program_backs_up_for_is_in_the_name():
    assert backup.REASONS == ("启动", "导入前", "阶段变更前", "迁移前", "恢复前", "手动")


def test_a_backup_taken_during_a_write_holds_only_committed_data(store, db_path):
    fill(store, voters=2)
    with store.session("测试员") as session, session.begin():
        session.execute(text("UPDATE village SET name = '未提交的名字'"))
        copy = backup.make_backup(db_path, backup.MANUAL)
    assert count(copy, "SELECT count(*) FROM village WHERE name = '未提交的名字'") == 0


def test_a_full_disk_stops_a_backup_cleanly_and_says_so(store, db_path, monkeypatch):
    fill(store)
    earlier = backup.make_backup(db_path, backup.STARTUP)
    folder = backup.backup_dir(db_path)
    before = {p.name: digest(p) for p in folder.iterdir()}
    monkeypatch.setattr(backup, "_prepare_destination",
                        lambda connection: connection.execute("PRAGMA max_page_count = 3"))
    with pytest.raises(backup.BackupError, match="磁盘空间不足"):
        backup.make_backup(db_path, backup.MANUAL)
    assert {p.name: digest(p) for p in folder.iterdir()} == before and earlier.name in before


def test_a_damaged_database_gets_no_backup_and_the_reason(store, db_path):
    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)"))
        connection.execute(text("INSERT INTO filler (body) VALUES (:body)"),
                           [{"body": "填充" * 200} for _ in range(400)])
    store.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    page = len(data) // 4096 - 3
    for offset in range(page * 4096 + 16, page * 4096 + 4000, 5):
        data[offset] = 0x5A
    db_path.write_bytes(bytes(data))
    for old in backup.list_backups(db_path):
        old.unlink()
    with pytest.raises(backup.BackupError, match="完整性检查"):
        backup.make_backup(db_path, backup.MANUAL)
    assert backup.list_backups(db_path) == []
    assert not list(backup.backup_dir(db_path).glob(".*"))


def test_broken_or_empty_backups_never_block_a_new_one_and_are_reported(store, db_path):
    fill(store)
    folder = backup.backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    for old in backup.list_backups(db_path):
        old.unlink()
    stamp = datetime.now().strftime("%Y%m%d")
    (folder / f"workbench-{stamp}-000001-启动.sqlite").write_bytes(b"")  # today's, but empty
    (folder / f"workbench-{stamp}-000002-手动.sqlite").write_bytes(b"not a database" * 100)
    made = backup.daily_backup(db_path)
    assert made is not None and backup.describe(made).verified
    problems = {info.path.name: info.problem for info in backup.backup_infos(db_path) if info.problem}
    assert problems == {f"workbench-{stamp}-000001-启动.sqlite": "空文件",
                        f"workbench-{stamp}-000002-手动.sqlite": "不是数据库文件"}


def test_a_backup_left_half_made_by_a_killed_program_is_cleared_by_the_next_one(store, db_path):
    fill(store)
    folder = backup.backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    leftover = folder / ".workbench-20261120-101010-手动.sqlite.999999999.tmp"
    leftover.write_bytes(b"SQLite format 3\x00 half")
    backup.make_backup(db_path, backup.MANUAL)
    assert not leftover.exists()


def test_two_backups_in_the_same_second_both_keep_their_copy(store, db_path):
    fill(store)
    first = backup.make_backup(db_path, backup.MANUAL)
    second = backup.make_backup(db_path, backup.MANUAL)
    assert first != second and first.exists() and second.exists()


# --- retention ----------------------------------------------------------------------------
NOW = datetime(2026, 11, 21, 12, 0, 0)


def info(days_ago: float, reason: str = backup.STARTUP, size: int = 10, hour: int | None = None) -> BackupInfo:
    moment = NOW - timedelta(days=days_ago)
    if hour is not None:
        moment = moment.replace(hour=hour, minute=0, second=0)
    name = f"workbench-{moment:%Y%m%d-%H%M%S}-{reason}.sqlite"
    return BackupInfo(Path("/backups") / name, moment, reason, size, verified=True)


def names(infos) -> set[str]:
    return {i.path.name for i in infos}


def test_retention_keeps_a_week_then_one_a_day_for_ninety_days_and_every_pre_migration_copy():
    recent = [info(d, hour=h) for d in range(0, 7) for h in (9, 15)]  # two a day this week
    month = [info(d, hour=h) for d in range(10, 40) for h in (9, 15)]  # two a day, 10–39 days ago
    ancient = [info(d) for d in range(100, 110)]
    migrations = [info(200, backup.MIGRATION), info(95, backup.MIGRATION)]
    removed = plan_retention(recent + month + ancient + migrations, NOW, cap=10**12)
    assert not names(removed) & names(recent)
    assert not names(removed) & names(migrations)
    assert names(removed) >= names(ancient)
    kept_month = [i for i in month if i.path.name not in names(removed)]
    assert len(kept_month) == 30 and all(i.taken_at.hour == 15 for i in kept_month)  # newest of each day


def test_a_broken_backup_is_never_the_one_kept_for_its_day():
    newest = [info(d / 10) for d in range(10)]
    good = info(20, hour=9)
    broken = info(20, hour=15)
    broken.problem, broken.verified = "空文件", False
    removed = plan_retention(newest + [good, broken], NOW, cap=10**12)
    assert names(removed) == {broken.path.name}


def test_the_size_cap_drops_the_oldest_first_but_never_the_newest_ten_or_pre_migration_copies():
    week = [info(d / 4, size=100) for d in range(0, 24)]  # 24 backups, all within 6 days
    migration = info(5.9, backup.MIGRATION, size=100)
    removed = plan_retention(week + [migration], NOW, cap=1200)
    kept = [i for i in week + [migration] if i.path.name not in names(removed)]
    newest_ten = sorted(week + [migration], key=lambda i: i.taken_at, reverse=True)[:10]
    assert names(newest_ten) <= names(kept) and migration in kept
    assert sum(i.size for i in kept) <= 1200
    dropped_oldest_first = sorted(removed, key=lambda i: i.taken_at)
    assert max(i.taken_at for i in dropped_oldest_first) < min(i.taken_at for i in kept if i not in newest_ten
                                                                 and i is not migration)


def test_the_cap_never_removes_the_newest_ten_even_when_they_alone_exceed_it():
    week = [info(d / 4, size=1000) for d in range(0, 12)]
    removed = plan_retention(week, NOW, cap=10)
    assert len(removed) == 2


def test_prune_removes_old_backup_files_and_their_notes(store, db_path, monkeypatch):
    fill(store)
    folder = backup.backup_dir(db_path)
    for _ in range(10):  # the newest ten are always kept
        copy = backup.make_backup(db_path, backup.MANUAL)
    old = folder / "workbench-20250101-090000-手动.sqlite"
    old.write_bytes(copy.read_bytes())
    (folder / (old.name + ".json")).write_text("{}", encoding="utf-8")
    removed = backup.prune(db_path)
    assert old in removed and not old.exists() and not (folder / (old.name + ".json")).exists()
    assert copy.exists()


# --- restoring ----------------------------------------------------------------------------
def test_restore_puts_the_backup_in_place_and_records_the_replaced_head_and_later_documents(store, db_path):
    from workflows.core import audit

    fill(store, villages=1)
    issue_document(store, "AAAA1111", "选举工作日程公告（备份前）")
    copy = backup.make_backup(db_path, backup.MANUAL)
    fill_more = open_store(str(db_path))  # a second handle in this process shares the lock
    with fill_more.transaction("测试员") as session:
        make_election(session, make_township(session, name="后来的镇"), name="后来的村")
    fill_more.dispose()
    issue_document(store, "BBBB2222", "选民名单公告（备份后）")
    with store.session() as session:
        head = session.execute(text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")).one()
    plan = backup.prepare_restore(db_path, copy)
    assert plan.ok and plan.current_head == tuple(head)
    assert [(d.code, d.title) for d in plan.documents_after] == [("BBBB2222", "选民名单公告（备份后）")]
    restored = backup.restore(store, plan, "李会计")
    try:
        with restored.session() as session:
            assert session.execute(text("SELECT count(*) FROM village")).scalar() == 1
            event = session.execute(text(
                "SELECT action, operator, summary, details FROM audit_event ORDER BY id DESC LIMIT 1")).one()
            assert audit.verify(session).ok
        assert event[0] == "database.restore" and event[1] == "李会计"
        details = json.loads(event[3])
        assert details["replaced_head"] == [head[0], head[1]]
        assert [d["code"] for d in details["documents_after"]] == ["BBBB2222"]
        assert "备份之后签发的 1 份文书" in event[2]
        assert any(backup.RESTORE in p.name for p in backup.list_backups(db_path))
        assert not backup.journal_path(db_path).exists()
    finally:
        restored.dispose()


def test_restore_leaves_no_write_ahead_log_of_the_replaced_file(store, db_path, monkeypatch):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    seen = {}
    real = backup._put_in_place

    def watch(source, database):
        seen["wal"] = database.with_name(database.name + "-wal").exists()
        seen["shm"] = database.with_name(database.name + "-shm").exists()
        real(source, database)

    monkeypatch.setattr(backup, "_put_in_place", watch)
    (db_path.with_name(db_path.name + "-shm")).write_bytes(b"\0" * 32768)  # a stale one too
    plan = backup.prepare_restore(db_path, copy)
    backup.restore(store, plan, "测试员").dispose()
    assert seen == {"wal": False, "shm": False}


def test_a_damaged_backup_is_refused_for_restore(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    data = bytearray(copy.read_bytes())
    for offset in range(4096 + 8, len(data) - 8, 3):
        data[offset] = 0xA5
    copy.write_bytes(bytes(data))
    store.dispose()
    before = digest(db_path)
    with pytest.raises(backup.BackupError, match="不能用于恢复"):
        backup.prepare_restore(db_path, copy)
    assert digest(db_path) == before


def test_a_backup_whose_audit_chain_was_edited_is_refused_for_restore(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    connection = sqlite3.connect(copy)
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        connection.execute(f'DROP TRIGGER "{name}"')
    connection.execute("UPDATE audit_event SET summary = '改过' WHERE id = 2")
    connection.commit()
    connection.close()
    with pytest.raises(backup.BackupError, match="审计记录"):
        backup.prepare_restore(db_path, copy)


def test_a_restore_killed_after_the_rename_is_finished_by_the_next_open(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    with store.transaction("测试员") as session:
        make_election(session, make_township(session, name="后来的镇"), name="后来的村")
    plan = backup.prepare_restore(db_path, copy)
    store.dispose()
    backup._checkpoint_away(db_path)
    backup._write_journal(db_path, plan, "李会计")
    backup._put_in_place(copy, db_path)  # … and the program was killed here
    reopened = open_store(str(db_path))
    try:
        with reopened.session() as session:
            action, operator = session.execute(text(
                "SELECT action, operator FROM audit_event ORDER BY id DESC LIMIT 1")).one()
        assert (action, operator) == ("database.restore", "李会计")
        assert not backup.journal_path(db_path).exists()
    finally:
        reopened.dispose()


def test_a_restore_killed_before_the_rename_leaves_the_old_file_and_no_event(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    with store.transaction("测试员") as session:
        make_election(session, make_township(session, name="后来的镇"), name="后来的村")
    plan = backup.prepare_restore(db_path, copy)
    store.dispose()
    backup._checkpoint_away(db_path)
    backup._write_journal(db_path, plan, "李会计")  # … killed before the copy was in place
    reopened = open_store(str(db_path))
    try:
        with reopened.session() as session:
            assert session.execute(text("SELECT count(*) FROM village")).scalar() == 2
            assert session.execute(text(
                "SELECT count(*) FROM audit_event WHERE action = 'database.restore'")).scalar() == 0
        assert not backup.journal_path(db_path).exists()
    finally:
        reopened.dispose()


def test_a_damaged_current_file_is_kept_as_a_copy_when_a_backup_replaces_it(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    store.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    for offset in range(4096 * 2, len(data), 7):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    plan = backup.prepare_restore(db_path, copy)
    restored = backup.restore(None, plan, "测试员")
    try:
        kept = [p for p in backup.list_backups(db_path) if "已损坏" in p.name]
        assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)
        with restored.session() as session:
            assert session.execute(text("SELECT count(*) FROM village")).scalar() == 1
    finally:
        restored.dispose()


# --- the administrator commands -------------------------------------------------------------
def run_main(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_backup_command_makes_a_checked_copy_and_exits_0(store, db_path):
    fill(store, villages=2, voters=3)
    store.dispose()
    result = run_main("backup", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "已备份到" in result.stdout and "村 2 个，选民 6 人" in result.stdout
    assert any(backup.MANUAL in p.name for p in backup.list_backups(db_path))


def test_backup_command_refuses_a_file_that_is_not_there_with_2(tmp_path):
    result = run_main("backup", "--db", str(tmp_path / "nothing.sqlite"))
    assert result.returncode == 2 and "没有找到数据库文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_backups_command_lists_time_reason_size_villages_voters_and_the_mark(store, db_path):
    fill(store, villages=2, voters=3)
    backup.make_backup(db_path, backup.MANUAL)
    store.dispose()
    result = run_main("backups", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "手动" in line)
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+手动\s+\d+ KB\s+2\s+6\s+已核对", line), line


def test_backups_command_reports_a_broken_backup_and_exits_1(store, db_path):
    fill(store)
    backup.make_backup(db_path, backup.MANUAL)
    (backup.backup_dir(db_path) / "workbench-20261120-090000-手动.sqlite").write_bytes(b"")
    store.dispose()
    result = run_main("backups", "--db", str(db_path))
    assert result.returncode == 1
    assert "损坏：空文件" in result.stdout and "有 1 份备份已损坏" in result.stderr


def test_restore_command_restores_a_checked_backup_and_says_what_it_replaces(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    with store.transaction("测试员") as session:
        make_election(session, make_township(session, name="后来的镇"), name="后来的村")
    issue_document(store, "CCCC3333", "候选人公示")
    store.dispose()
    result = run_main("restore", str(copy), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "将替换的审计记录末条" in result.stdout and "CCCC3333" in result.stdout
    assert count(db_path, "SELECT count(*) FROM village") == 1
    assert count(db_path, "SELECT action FROM audit_event ORDER BY id DESC LIMIT 1") == "database.restore"


def test_restore_command_refuses_a_damaged_backup_with_2_and_changes_nothing(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)
    copy.write_bytes(copy.read_bytes()[:5000])
    store.dispose()
    before = digest(db_path)
    result = run_main("restore", str(copy), "--db", str(db_path))
    assert result.returncode == 2 and "不能用于恢复" in result.stderr
    assert digest(db_path) == before


def test_restore_command_refuses_while_another_program_holds_the_database(store, db_path):
    fill(store)
    copy = backup.make_backup(db_path, backup.MANUAL)  # the store stays open: this process holds it
    result = run_main("restore", str(copy), "--db", str(db_path))
    assert result.returncode == 2 and "正被" in result.stderr and "使用" in result.stderr


def test_a_backup_from_an_older_version_is_checked_as_migrated_and_restored_to_the_current_schema(
        store, db_path, tmp_path):
    import shutil

    from sqlalchemy import create_engine

    from workflows.core import config
    from workflows.core.store import HEAD_REVISION, upgrade_to

    old = tmp_path / "old.sqlite"
    engine = create_engine(config.sqlite_url(old))
    upgrade_to(engine, "0010_nomination_dates")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO township (id, name, county, province, rules_profile, created_at, updated_at)"
            " VALUES (1, '旧版镇', '青山县', '江西省', '', '2026-01-01', '2026-01-01')"))
    engine.dispose()
    fill(store)
    folder = backup.backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    copy = folder / "workbench-20261101-090000-手动.sqlite"
    shutil.copyfile(old, copy)
    plan = backup.prepare_restore(db_path, copy)
    assert plan.ok and plan.backup.revision == "0010_nomination_dates"
    assert count(copy, "SELECT version_num FROM alembic_version") == "0010_nomination_dates"  # untouched
    restored = backup.restore(store, plan, "测试员")
    try:
        with restored.session() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
            assert session.execute(text("SELECT name FROM township")).scalar() == "旧版镇"
            assert session.execute(text(
                "SELECT count(*) FROM audit_event WHERE action = 'database.restore'")).scalar() == 1
    finally:
        restored.dispose()
