"""Opening the file safely: exact paths, one writer (lock), read-only files and folders, a full
disk, recovery after a crash, personal data at rest and in messages, record versions."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
import uuid
from datetime import timedelta
from pathlib import Path, PureWindowsPath

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from tests.conftest import TODAY, add_voter, make_election, make_township
from workflows.core import audit, backup, config
from workflows.core import lock as locks
from workflows.core.store import (
    HEAD_REVISION,
    StaleRecord,
    StoreDamaged,
    StoreError,
    StoreLocked,
    open_store,
)

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534
AS_ANOTHER_USER = os.name == "posix" and os.geteuid() == 0 and shutil.which("setpriv") is not None


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(store, name: str = "云溪镇") -> int:
    with store.transaction("测试员") as session:
        township = make_township(session, name=name)
        election = make_election(session, township, committee=TODAY + timedelta(days=40))
        add_voter(session, election)
        return election.id


def python(code: str, *, user: int | None = None, env: dict | None = None, **options):
    """Run a snippet in a fresh interpreter (optionally as another, unprivileged user)."""
    command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r})\n" + textwrap.dedent(code)]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    environment = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1", **(env or {}))
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", env=environment, **options)


def holder_process(db_path: Path) -> subprocess.Popen:
    """Another instance of the program holding the database open."""
    process = python(f"""
        from workflows.core.store import open_store
        store = open_store({str(db_path)!r})
        print("ready", flush=True)
        sys.stdin.read()
    """, stdin=subprocess.PIPE)
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


# --- exact paths --------------------------------------------------------------------------
@pytest.mark.parametrize("folder", ["有 空格 的文件夹", "a%41", "第1组 #2", "100%", "村委%E4%B8%AD"])
def test_paths_with_spaces_chinese_percent_and_hash_open_exactly_the_named_file(tmp_path, folder):
    path = tmp_path / folder / "换届 数据.sqlite"
    url = config.as_database_url(str(path))
    assert config.sqlite_path_of(url) == path
    store = open_store(url)
    try:
        fill(store)
    finally:
        store.dispose()
    assert path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # no “aA”, no “100” beside it
    again = open_store(str(path))
    try:
        with again.session() as session:
            assert session.execute(text("SELECT count(*) FROM voter")).scalar() == 1
    finally:
        again.dispose()


def test_a_windows_path_with_a_drive_letter_keeps_its_exact_name():
    for name in (r"C:\Users\张三\换届 数据%41#1.sqlite", r"D:/村委/a%2541.sqlite", r"\\server\share\x.sqlite"):
        url = config.sqlite_url(name)
        assert make_url(url).database == str(PureWindowsPath(name))


def test_the_default_and_demo_databases_are_exact_urls_of_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("VEW_DATA_DIR", str(tmp_path / "数据 %41#"))
    assert config.sqlite_path_of(config.resolve_database_url(None)) == tmp_path / "数据 %41#" / "workbench.sqlite"
    assert config.sqlite_path_of(config.resolve_database_url(None, demo=True)).name == "demo.sqlite"
    assert config.sqlite_path_of(config.resolve_database_url(str(tmp_path / "x%41.sqlite"))) == tmp_path / "x%41.sqlite"


# --- one writer ----------------------------------------------------------------------------
def test_a_second_instance_is_told_who_holds_the_database_and_opens_read_only(store, db_path):
    fill(store)
    store.dispose()
    process = holder_process(db_path)
    try:
        info = json.loads(db_path.with_name(db_path.name + ".lock").read_text(encoding="utf-8"))
        assert info["pid"] == process.pid and info["computer"] == config.computer_name()
        second = open_store(str(db_path), defer_check=True)
        try:
            assert "正被计算机“" in second.read_only and config.user_name() in second.read_only
            assert second.holder is not None and second.holder.pid == process.pid
            with second.session() as session:  # viewing and printing work
                assert session.execute(text("SELECT count(*) FROM voter")).scalar() == 1
            assert second.verify_integrity()
            with pytest.raises(StoreError, match="只能查看和打印"), second.transaction("测试员"):
                pass
        finally:
            second.dispose()
        with pytest.raises(StoreLocked, match="正被"):
            open_store(str(db_path), read_only=False)
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def test_a_stale_lock_of_a_dead_process_on_this_computer_is_taken_over(store, db_path):
    fill(store)
    store.dispose()
    process = python(f"""
        import os, signal
        from workflows.core.store import open_store
        store = open_store({str(db_path)!r})
        with store.transaction("测试员") as session:
            session.execute(__import__("sqlalchemy").text("UPDATE village SET notes = '崩溃前'"))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    lock_file = db_path.with_name(db_path.name + ".lock")
    assert json.loads(lock_file.read_text(encoding="utf-8"))["pid"] == process.pid
    reopened = open_store(str(db_path))
    try:
        assert reopened.read_only == ""
        assert json.loads(lock_file.read_text(encoding="utf-8"))["pid"] == os.getpid()
        with reopened.transaction("测试员") as session:
            assert session.execute(text("SELECT notes FROM village")).scalar() == "崩溃前"
    finally:
        reopened.dispose()
    assert not lock_file.exists()


def test_a_lock_naming_another_computer_is_not_taken_over(store, db_path):
    store.dispose()
    lock_file = db_path.with_name(db_path.name + ".lock")
    lock_file.write_text(json.dumps({"computer": "乡镇办-2号机", "user": "lisi", "pid": 4242,
                                     "since": "2026-11-21T08:30:00"}), encoding="utf-8")
    other = open_store(str(db_path))
    try:
        assert "乡镇办-2号机" in other.read_only and "lisi" in other.read_only and "2026-11-21 08:30" in other.read_only
    finally:
        other.dispose()
    assert lock_file.exists()


def test_the_lock_is_given_up_when_the_store_is_closed(store, db_path):
    lock_file = db_path.with_name(db_path.name + ".lock")
    assert lock_file.exists()
    store.dispose()
    assert not lock_file.exists()
    assert locks.holder(db_path) is None


# --- read-only files and folders ------------------------------------------------------------
READ_ONLY_CHILD = """
    import hashlib, json
    from sqlalchemy import text
    from workflows.core.store import StoreError, open_store
    path = {path!r}
    store = open_store(path, defer_check=True)
    with store.session() as session:
        voters = session.execute(text("SELECT count(*) FROM voter")).scalar()
    intact = store.verify_integrity()
    try:
        with store.transaction("测试员") as session:
            session.execute(text("UPDATE village SET notes = '改'"))
        refused = ""
    except StoreError as error:
        refused = str(error)
    store.dispose()
    print(json.dumps({{"read_only": store.read_only, "voters": voters, "intact": intact,
                      "refused": refused}}, ensure_ascii=False))
"""


def as_another_user(path: Path, *, folder_writable: bool, file_writable: bool) -> dict:
    """Open ``path`` in a process that may not write it (another user; CI runs as root,
    for whom file modes alone would not stop a write)."""
    data = Path(tempfile.mkdtemp(prefix="vew-data-"))
    os.chown(data, NOBODY, NOBODY)
    path.parent.chmod(0o777 if folder_writable else 0o755)
    path.chmod(0o666 if file_writable else 0o644)
    process = python(READ_ONLY_CHILD.format(path=str(path)), user=NOBODY,
                     env={"VEW_DATA_DIR": str(data), "VEW_CONFIG_DIR": str(data)})
    out, err = process.communicate(timeout=120)
    shutil.rmtree(data, ignore_errors=True)
    assert process.returncode == 0, err
    return json.loads(out)


@pytest.fixture
def shared_db():
    """A database in a folder another user can read (pytest's own folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="vew-shared-"))
    folder.chmod(0o755)
    path = folder / "workbench.sqlite"
    store = open_store(str(path))
    fill(store)
    store.dispose()
    shutil.rmtree(folder / "backups", ignore_errors=True)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(not AS_ANOTHER_USER, reason="needs root and setpriv to act as another user")
def test_a_read_only_file_opens_read_only_with_its_own_message_and_is_not_written(shared_db):
    before = digest(shared_db)
    result = as_another_user(shared_db, folder_writable=True, file_writable=False)
    assert "数据库文件“" in result["read_only"] and "是只读的" in result["read_only"]
    assert result["voters"] == 1 and result["intact"]
    assert result["refused"] == result["read_only"]
    assert digest(shared_db) == before
    assert sorted(p.name for p in shared_db.parent.iterdir()) == ["workbench.sqlite"]


@pytest.mark.skipif(not AS_ANOTHER_USER, reason="needs root and setpriv to act as another user")
def test_a_read_only_folder_opens_read_only_and_nothing_is_written_beside_the_file(shared_db):
    before = digest(shared_db)
    result = as_another_user(shared_db, folder_writable=False, file_writable=True)
    assert "所在的文件夹" in result["read_only"] and "只读" in result["read_only"]
    assert result["voters"] == 1 and result["intact"] and result["refused"] == result["read_only"]
    assert digest(shared_db) == before
    assert sorted(p.name for p in shared_db.parent.iterdir()) == ["workbench.sqlite"]


def test_read_only_is_enforced_by_sqlite_too(store, db_path):
    """Even a write that bypasses Store.transaction is refused on a read-only store."""
    fill(store)
    store.dispose()
    viewer = open_store(str(db_path), read_only=True)
    try:
        with pytest.raises(Exception, match="readonly|read-only|query_only"), viewer.engine.begin() as connection:
            connection.execute(text("UPDATE village SET notes = '改'"))
    finally:
        viewer.dispose()


# --- a full disk ----------------------------------------------------------------------------
def test_a_full_disk_refuses_the_whole_transaction_with_a_clear_message(store, db_path):
    election_id = fill(store)
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 4}")

    store.engine.dispose()
    from models import ElectionProcess, Voter

    with pytest.raises(StoreError, match="磁盘空间已满，本次操作没有保存") as refused, \
            store.transaction("测试员") as session:
        election = session.get(ElectionProcess, election_id)
        for number in range(3000):
            session.add(Voter(election_id=election.id, village_id=election.village_id, name=f"新{number}",
                              sex="男", id_number=f"{360000000000000000 + number}", birth_date=TODAY,
                              notes="备注" * 40))
        session.flush()
    assert "sqlite" not in str(refused.value).lower() and "INSERT" not in str(refused.value)
    event.remove(store.engine, "connect", _limit)
    store.engine.dispose()
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM voter")).scalar() == 1
        assert audit.verify(session).ok
    assert store.verify_integrity()


# --- recovery after a crash -------------------------------------------------------------------
def test_a_file_left_with_a_write_ahead_log_is_recovered_after_a_backup_not_called_damaged(store, db_path):
    fill(store)
    store.dispose()
    for old in backup.list_backups(db_path):
        old.unlink()
    process = python(f"""
        import os, signal
        from workflows.core.store import open_store
        from tests.conftest import make_election, make_township
        store = open_store({str(db_path)!r})
        with store.transaction("测试员") as session:
            make_election(session, make_township(session, name="崩溃前的镇"), name="崩溃前的村")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    process.wait(timeout=60)
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    reopened = open_store(str(db_path), defer_check=True)  # as the GUI opens it
    try:
        assert reopened.read_only == "" and reopened.verify_integrity()
        with reopened.session() as session:
            assert session.execute(text("SELECT count(*) FROM village")).scalar() == 2
            assert audit.verify(session).ok
    finally:
        reopened.dispose()
    copies = [backup.describe(p) for p in backup.list_backups(db_path)]
    assert any(c.reason == backup.STARTUP and c.verified and c.villages == 2 for c in copies)  # replayed copy
    assert not (backup.backup_dir(db_path) / ".recovery").exists()


def test_a_crash_during_the_very_first_open_is_not_called_damaged_on_the_next_start(tmp_path):
    """The file, its log and its shared memory as a kill in the middle of creating the
    schema leaves them: the next start builds the database, it does not refuse it."""
    path = tmp_path / "first.sqlite"
    process = python(f"""
        import os, signal, sqlite3
        connection = sqlite3.connect({str(path)!r}, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA cache_size=1")  # spill uncommitted pages into the log
        connection.execute("BEGIN")
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("CREATE TABLE township (id INTEGER PRIMARY KEY, name TEXT)")
        connection.executemany("INSERT INTO township (name) VALUES (?)", [("镇" * 50,)] * 3000)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    process.wait(timeout=60)
    assert path.with_name(path.name + "-wal").stat().st_size > 0
    for _attempt in range(2):  # and the start after that
        store = open_store(str(path), defer_check=True)
        try:
            assert store.verify_integrity()
            with store.session() as session:
                assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
                assert session.execute(text("SELECT count(*) FROM township")).scalar() == 0
        finally:
            store.dispose()


def test_a_write_killed_half_way_in_a_rollback_journal_is_rolled_back_after_a_backup(store, db_path):
    """A file in rollback-journal mode (older files, or switching to WAL when killed) with a
    hot journal: the next start copies and checks it, then rolls the half-write back."""
    fill(store)
    store.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    for old in backup.list_backups(db_path):
        old.unlink()
    process = python(f"""
        import os, signal, sqlite3
        connection = sqlite3.connect({str(db_path)!r}, isolation_level=None)
        connection.execute("PRAGMA cache_size=1")  # spill the half-write into the file itself
        connection.execute("BEGIN")
        connection.execute("UPDATE village SET notes = ?", ("半途" * 2000,))
        connection.execute("CREATE TABLE scratch (body TEXT)")
        connection.executemany("INSERT INTO scratch VALUES (?)", [("填充" * 300,)] * 400)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    process.wait(timeout=60)
    from workflows.core.store import hot_journal

    assert hot_journal(db_path)
    reopened = open_store(str(db_path), defer_check=True)
    try:
        assert reopened.verify_integrity()
        with reopened.session() as session:
            assert session.execute(text("SELECT notes FROM village")).scalar() == ""
            assert session.execute(text(
                "SELECT count(*) FROM sqlite_master WHERE name = 'scratch'")).scalar() == 0
    finally:
        reopened.dispose()
    assert not hot_journal(db_path)
    assert any(backup.describe(p).verified for p in backup.list_backups(db_path))


def test_a_damaged_file_is_refused_with_the_way_to_restore_never_a_copy_by_hand(store, db_path):
    store.dispose()
    data = bytearray(db_path.read_bytes())
    for offset in range(100, min(len(data), 4096 * 6), 7):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreDamaged) as refused:
        open_store(str(db_path))
    message = str(refused.value)
    assert "备份与恢复" in message and "backups" not in message and "复制" not in message


# --- personal data at rest and in messages -----------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_the_data_folder_is_private_and_the_database_backups_and_log_are_the_users_alone(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("VEW_DATA_DIR", str(data))
    old_umask = os.umask(0o022)
    try:
        assert stat.S_IMODE(config.data_dir().stat().st_mode) == 0o700
        path = config.sqlite_path_of(config.resolve_database_url(None))
        store = open_store(config.resolve_database_url(None))
        fill(store)
        copy = backup.make_backup(path, backup.MANUAL)
        log = config.log_error("测试")
        exported = data / "导出.pdf"
        exported.write_bytes(b"%PDF")  # any file written after opening (exports, reports)
        for file in (path, path.with_name(path.name + "-wal"), copy, log, exported):
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
        assert stat.S_IMODE(backup.backup_dir(path).stat().st_mode) == 0o700
        store.dispose()
    finally:
        os.umask(old_umask)


def test_an_existing_database_file_is_made_private_when_opened(store, db_path):
    store.dispose()
    db_path.chmod(0o644)
    open_store(str(db_path)).dispose()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_sql_parameters_never_appear_in_database_errors(store):
    election_id = fill(store)
    with pytest.raises(IntegrityError) as error, store.transaction("测试员") as session:
        session.execute(text("INSERT INTO voter (election_id, village_id, name, sex, id_number, birth_date,"
                             " ethnicity, education, political_status, category, phone, notes, status,"
                             " removal_reason, source) VALUES (:e, 99999, '王秘密', '男', '11010519491231002X',"
                             " '1949-12-31', '', '', '', 1, '13912345678', '', 'registered', '', 'manual')"),
                        {"e": election_id})
    assert "王秘密" not in str(error.value) or "hidden" in str(error.value)
    assert "parameters hidden" in str(error.value)


def test_scrub_hides_id_numbers_and_phone_numbers():
    text_ = "张伟 11010519491231002X 电话 13812345678，座机 0791-88776655，旧证 110105491231002，编号 12345"
    assert config.scrub(text_) == "张伟 <身份证号> 电话 <电话>，座机 <电话>，旧证 <身份证号>，编号 12345"


def test_the_error_log_rotates_is_scrubbed_and_private(tmp_path, monkeypatch):
    monkeypatch.setenv("VEW_DATA_DIR", str(tmp_path / "data"))
    try:
        raise ValueError("选民 11010519491231002X 的电话 13812345678 无效")
    except ValueError as error:
        path = config.log_error("保存选民失败", error)
    content = path.read_text(encoding="utf-8")
    assert "<身份证号>" in content and "<电话>" in content and "11010519491231002X" not in content
    for _ in range(config.ERROR_LOG_BYTES // 400 + 10):
        config.log_error("填充" * 200)
    assert path.with_name("error.log.1").exists() and path.stat().st_size <= config.ERROR_LOG_BYTES
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    config.reset_error_log()


def test_main_log_error_writes_the_rotating_scrubbed_log(tmp_path, monkeypatch):
    import main

    monkeypatch.setenv("VEW_DATA_DIR", str(tmp_path / "data"))
    try:
        raise RuntimeError("身份证 11010519491231002X")
    except RuntimeError:
        where = main._log_error()
    content = Path(where).read_text(encoding="utf-8")
    assert "RuntimeError" in content and "11010519491231002X" not in content
    config.reset_error_log()


# --- record versions ---------------------------------------------------------------------------
def test_edited_voters_members_and_candidates_count_their_version_up(store):
    from models import PartyCandidate, PartyMember, Voter

    for entity in (Voter, PartyMember, PartyCandidate):
        assert entity.__mapper__.version_id_col is not None
    election_id = fill(store)
    with store.transaction("测试员") as session:
        voter = session.execute(text("SELECT id, version FROM voter")).one()
        assert voter[1] == 1
        session.get(Voter, voter[0]).notes = "改过"
    with store.session() as session:
        assert session.execute(text("SELECT version FROM voter")).scalar() == 2
    assert election_id


SERVER = os.environ.get("VEW_TEST_POSTGRES_URL")


@pytest.fixture
def server_url():
    if not SERVER:
        pytest.skip("VEW_TEST_POSTGRES_URL not set (CI sets it)")
    name = f"vew_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_stale_voter_form_is_refused_on_the_server_and_overwrites_nothing(server_url):
    from workflows.core.scope import open_scope
    from workflows.voters.registration import save_voter, voter_values

    first, second = open_store(server_url), open_store(server_url)  # two computers
    try:
        election_id = fill(first)
        with first.session("甲") as session:
            voter_id = session.execute(text("SELECT id FROM voter")).scalar()
        with first.session("甲") as session:  # 甲 opens the voter's form
            values = voter_values(open_scope(session, election_id, TODAY), voter_id)
        with second.transaction("乙") as session:  # 乙 saves the same voter meanwhile
            scope = open_scope(session, election_id, TODAY)
            save_voter(scope, dict(voter_values(scope, voter_id), group="上屋组", phone="13900001111"),
                       voter_id=voter_id)
        with pytest.raises(StaleRecord, match=r"此记录已被乙于\d{4}-\d{2}-\d{2} \d{2}:\d{2}修改，请重新打开"), \
                first.transaction("甲") as session:
            save_voter(open_scope(session, election_id, TODAY), dict(values, group="上屋组", notes="甲的备注"),
                       voter_id=voter_id)
        with first.session() as session:
            phone, notes = session.execute(text("SELECT phone, notes FROM voter")).one()
        assert (phone, notes) == ("13900001111", "")
        with first.session("甲") as session:  # reopened: the form now saves
            values = voter_values(open_scope(session, election_id, TODAY), voter_id)
        with first.transaction("甲") as session:
            save_voter(open_scope(session, election_id, TODAY), dict(values, notes="甲的备注"),
                       voter_id=voter_id)
        with first.session() as session:
            assert session.execute(text("SELECT notes FROM voter")).scalar() == "甲的备注"
    finally:
        first.dispose()
        second.dispose()


@pytest.mark.parametrize("entity", ["PartyMember", "PartyCandidate"])
def test_a_stale_party_member_or_candidate_form_is_refused_on_the_server(server_url, entity):
    import models

    first, second = open_store(server_url), open_store(server_url)
    try:
        election_id = fill(first)
        cls = getattr(models, entity)
        with first.transaction("甲") as session:
            row = cls(election_id=election_id, name="赵党员", id_number="11010519491231002X", sex="男",
                      birth_date=TODAY.replace(year=1970))
            session.add(row)
            session.flush()
            row_id = row.id
        with first.session("甲") as session:  # 甲's form reads the record
            session.get(cls, row_id)
        with second.transaction("乙") as session:
            session.get(cls, row_id).education = "大专"
        with pytest.raises(StaleRecord, match="此记录已被乙于"), first.transaction("甲") as session:
            session.get(cls, row_id).education = "本科"
        with first.session() as session:
            assert session.get(cls, row_id).education == "大专"
    finally:
        first.dispose()
        second.dispose()


def test_a_save_racing_another_on_the_server_overwrites_nothing(server_url):
    """Both read version 1 inside their own saving transactions; the later UPDATE finds
    version 2 and changes nothing (version_id_col), said as a stale record."""
    from models import Voter

    first, second = open_store(server_url), open_store(server_url)
    try:
        fill(first)
        with first.session() as session:
            voter_id = session.execute(text("SELECT id FROM voter")).scalar()
        with pytest.raises(StaleRecord, match="此记录已被乙于"), first.transaction("甲") as session:
            mine = session.get(Voter, voter_id)
            with second.transaction("乙") as other:
                other.get(Voter, voter_id).notes = "乙"
            mine.notes = "甲"
        with first.session() as session:
            assert session.get(Voter, voter_id).notes == "乙"
    finally:
        first.dispose()
        second.dispose()
