"""Opening databases: creation, migrations with backup, refusal of damaged or foreign files."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

import models
from workflows.core import backup
from workflows.core.store import (
    HEAD_REVISION,
    StoreError,
    _script_directory,
    open_store,
    upgrade_to,
)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_file_is_created_at_head_with_wal_and_foreign_keys(store, db_path):
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_head_constant_matches_the_newest_migration():
    assert _script_directory(ScriptDirectory).get_current_head() == HEAD_REVISION


def test_migrations_produce_exactly_the_models_schema(store):
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), models.Base.metadata)
    assert diff == []


def test_upgrade_keeps_data_and_backs_up_first(db_path):
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade_to(engine, "0001_initial")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO township (id, name, county, province, rules_profile, created_at, updated_at)"
            " VALUES (1, '云溪镇', '青山县', '江西省', '', '2026-01-01', '2026-01-01')"))
    engine.dispose()
    assert backup.list_backups(db_path) == []
    store = open_store(f"sqlite:///{db_path}")
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM township")).scalar() == "云溪镇"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    store.dispose()
    copies = backup.list_backups(db_path)
    assert any(backup.MIGRATION in copy.name for copy in copies)
    old = sqlite3.connect(next(c for c in copies if backup.MIGRATION in c.name))
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_initial"
    assert old.execute("SELECT name FROM township").fetchone()[0] == "云溪镇"


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes("这是一份会议记录，不是数据库。".encode() * 20)
    before = digest(path)
    with pytest.raises(StoreError, match="不是本程序的数据库文件"):
        open_store(f"sqlite:///{path}")
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_a_damaged_database_is_refused_and_left_alone(store, db_path):
    store.dispose()
    data = bytearray(db_path.read_bytes())
    for offset in range(4096 + 100, min(len(data), 4096 * 6), 7):  # scribble over pages 2–6
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises(StoreError, match="已损坏|不是本程序"):
        open_store(f"sqlite:///{db_path}")
    assert digest(db_path) == before


def test_a_foreign_sqlite_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(StoreError, match="不是本程序的数据库"):
        open_store(f"sqlite:///{path}")
    assert digest(path) == before


def test_a_database_from_a_newer_program_is_refused(store, db_path):
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.dispose()
    with pytest.raises(StoreError, match="更新版本"):
        open_store(f"sqlite:///{db_path}")


def test_daily_backup_is_made_once_per_day(store, db_path):
    store.dispose()
    open_store(f"sqlite:///{db_path}").dispose()
    open_store(f"sqlite:///{db_path}").dispose()
    daily = [p for p in backup.list_backups(db_path) if backup.DAILY in p.name]
    assert len(daily) == 1


def test_a_deferred_check_refuses_writes_until_the_file_is_found_intact(store, db_path):
    """The program paints first and checks the whole file right after; nothing is written
    before the check has passed."""
    store.dispose()
    opened = open_store(f"sqlite:///{db_path}", defer_check=True)
    try:
        assert opened.integrity == "pending"
        with pytest.raises(StoreError, match="正在检查"), opened.transaction("测试员"):
            pass
        with opened.session("测试员") as session:  # reading works meanwhile
            assert session.execute(text("SELECT count(*) FROM township")).scalar() == 0
        assert opened.verify_integrity() and opened.integrity == "ok"
        with opened.transaction("测试员") as session:
            session.execute(text("SELECT 1"))
    finally:
        opened.dispose()


def test_damage_found_by_the_deferred_check_stops_every_write(store, db_path):
    """A page scribbled over far from the schema: the file opens for reading, the check
    after the first paint finds the damage, and from then on nothing is written."""
    with store.engine.begin() as connection:  # enough rows for data pages beyond the schema
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
    for old in backup.list_backups(db_path):  # a new day: the damaged file must not be copied
        old.unlink()
    opened = open_store(f"sqlite:///{db_path}", defer_check=True)
    try:
        assert not opened.verify_integrity()
        with pytest.raises(StoreError, match="已损坏"), opened.transaction("测试员"):
            pass
        assert backup.list_backups(db_path) == []
    finally:
        opened.dispose()


def test_every_revision_id_fits_postgresqls_alembic_version_column():
    """alembic_version.version_num is VARCHAR(32) on PostgreSQL: a longer id fails there only."""
    from workflows.core.store import known_revisions

    assert all(len(revision) <= 32 for revision in known_revisions())
