"""Open the database safely: refuse damaged or foreign files, back up, migrate, configure.

SQLite is the default (one file per township office); a PostgreSQL URL works the same way
for shared use. A file that is damaged, not SQLite, or not ours is never written to: the
caller gets a :class:`StoreError` with a Chinese message instead.

One program writes a SQLite file at a time (``workflows.core.lock``); another instance,
or a file or folder the user may not write, opens **read-only**: reading and printing
work, every write transaction is refused with the reason. A file left with a write-ahead
log by a crash is copied to the backups first, then recovered. On PostgreSQL, voters,
Party members and candidates carry a version: saving a record another user changed since
this program read it is refused (:class:`StaleRecord`), nothing is overwritten.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from workflows.core import backup, config
from workflows.core import lock as locks
from workflows.core.backup import read_only_uri
from workflows.core.config import REPO_ROOT

# Must equal the newest revision in migrations/versions (checked by a test). Comparing
# against a constant lets a normal start skip importing Alembic at all.
HEAD_REVISION = "0019_party_vacancy_decision"
MIGRATIONS_DIR = REPO_ROOT / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"
OUR_TABLES = {"township", "village", "election_process", "audit_event"}
RECOVERY_FOLDER = ".recovery"


class StoreError(Exception):
    """The database cannot be opened or written; ``str(error)`` is a message for the clerk."""


class StoreLocked(StoreError):
    """Another running program holds the database (raised when writing was demanded)."""


class StoreDamaged(StoreError):
    """The file is damaged; restoring a backup is the way on."""


class StaleRecord(StoreError):
    """The record was changed by someone else after this program read it."""


@dataclass
class Store:
    """An open database: its engine and a session factory with audit logging attached.

    A store opened with ``defer_check=True`` has not yet had its full integrity check:
    until :meth:`verify_integrity` has passed, every write transaction is refused with a
    plain message (reading and printing work). The program runs the check in the
    background right after the first screen is painted.

    ``read_only`` is empty for a writable store, else why it is read-only (another program
    holds it, the file or its folder is read-only); every write transaction is refused.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    integrity: str = "ok"  # "pending" until checked; "ok"; or why the file is damaged
    read_only: str = ""
    lock: locks.DatabaseLock | None = None
    holder: locks.Holder | None = None  # who holds the database when it is read-only for that
    seen_versions: dict = field(default_factory=dict)  # (class, id) → version this program read
    created: bool = False  # the file was made by this open (its first backup comes later)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for SQLite, else None."""
        return sqlite_file(self.url)

    @property
    def where(self) -> str:
        """The file, or the server without its password (for the status bar and messages)."""
        return config.display_url(self.url)

    def session(self, operator: str = "") -> Session:
        """Return a new session whose changes are audited under ``operator``."""
        session = self.sessions()
        session.info["operator"] = operator
        return session

    @contextmanager
    def transaction(self, operator: str = "") -> Iterator[Session]:
        """Yield a session inside one transaction: commit on success, roll back on error.

        A full disk, a read-only file, a busy or failing disk and a record changed by
        someone else become a :class:`StoreError` with one plain sentence; nothing of the
        transaction is kept."""
        self._refuse_writes()
        try:
            with self.session(operator) as session, session.begin():
                session.info["writing"] = True
                yield session
        except StaleDataError as error:
            raise self._stale(session, error) from error
        except (DBAPIError, sqlite3.Error) as error:  # sqlite3: plain driver reads (plain_rows)
            problem = self._translate(error)
            if problem is None:
                raise
            self._log_translated(error)
            raise problem from error

    def _refuse_writes(self) -> None:
        if self.read_only:
            raise StoreError(self.read_only)
        if self.integrity == "pending":
            raise StoreError("正在检查数据库文件是否完好（约一秒），请稍候再保存。")
        if self.integrity != "ok":
            raise StoreError("数据库文件已损坏，为防止损坏扩大，程序不再写入；"
                             "请在“文件 → 备份与恢复”中选一份备份恢复。")

    def _translate(self, error: BaseException) -> StoreError | None:
        """A plain sentence for what the database driver reports; None for a bug."""
        original = getattr(error, "orig", error)
        code = getattr(original, "sqlite_errorcode", None)
        if code is not None:
            code &= 0xFF  # the primary result code
        text_ = str(original).lower()
        pgcode = getattr(original, "sqlstate", None) or getattr(getattr(original, "diag", None), "sqlstate", None)
        if code is None and pgcode is None and "disk is full" not in text_:
            return None
        if code == sqlite3.SQLITE_FULL or pgcode == "53100" or "disk is full" in text_:
            return StoreError("磁盘空间已满，本次操作没有保存，数据库保持操作前的样子；请清理磁盘后再试。")
        if code == sqlite3.SQLITE_READONLY:
            return StoreError("数据库文件是只读的，本次操作没有保存。")
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return StoreError("数据库正被另一程序写入，本次操作没有保存，请稍后再试。")
        if code == sqlite3.SQLITE_IOERR:
            return StoreError("读写数据库文件时出错（磁盘或网络故障），本次操作没有保存。")
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            self.integrity = "damaged"
            return StoreError("数据库文件已损坏，本次操作没有保存，程序不再写入；"
                              "请在“文件 → 备份与恢复”中选一份备份恢复。")
        return None

    def _log_translated(self, error: BaseException) -> None:
        config.log_error(f"数据库拒绝写入：{type(getattr(error, 'orig', error)).__name__}", error)

    def _stale(self, session: Session, error: StaleDataError) -> StaleRecord:
        keys = session.info.get("versioned_dirty", [])
        config.log_error("记录已被他人修改", error)
        with self.session() as reader:
            return _stale_record(reader, keys)

    def verify_integrity(self) -> bool:
        """Run ``PRAGMA integrity_check`` on the whole file (SQLite releases the GIL while it
        reads, so a worker thread runs it without freezing the window); on success make
        today's backup, which a damaged file never gets."""
        path = self.sqlite_path
        if path is None:
            self.integrity = "ok"
            return True
        try:
            connection = _read_only_connection(path, check_same_thread=False)
            try:
                result = connection.execute("PRAGMA integrity_check").fetchone()
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            result = (str(error),)
        self.integrity = "ok" if result and result[0] == "ok" else (result[0] if result else "?")
        if self.integrity == "ok" and not self.read_only and not self.created:
            backup.daily_backup(path)
        return self.integrity == "ok"

    def dispose(self) -> None:
        """Close every pooled connection and give the lock up (before the file is moved
        or restored, and when the program ends)."""
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    close = dispose


def sqlite_file(url: str) -> Path | None:
    """Return the file of a file-based SQLite URL, None for memory or other databases."""
    return config.sqlite_path_of(url)


def open_store(url: str, *, migrate: bool = True, defer_check: bool = False,
               read_only: bool | None = None) -> Store:
    """Open (creating if needed) the database at ``url``, migrated to the current schema.

    ``url``: a database URL, or a plain file path (made into a URL exactly).
    ``defer_check``: when no migration is due, skip the page-level check here and leave the
    store ``pending`` (writes refused) until :meth:`Store.verify_integrity` — the GUI paints
    first and checks right after. Before a migration the file is always checked first.
    ``read_only``: None opens writable when possible, else read-only with the reason
    (another program holds the file; the file or folder is read-only); True always
    read-only; False refuses (:class:`StoreLocked`, :class:`StoreError`) instead.
    """
    url = config.as_database_url(str(url))
    config.private_files()  # from here on every file this process writes is the user's alone
    path = sqlite_file(url)
    if path is None:
        return _open_server(url, migrate)
    if path.is_dir():
        raise StoreError(f"“{path}”是一个文件夹，不是数据库文件。")
    reason, lock, holder = "", None, None
    if read_only:
        reason = "数据库以只读方式打开，不能修改。"
    else:
        reason = _unwritable(path)
        if not reason:
            try:
                lock = locks.acquire(path)
            except locks.LockHeld as held:
                holder = held.holder
                reason = (f"数据库正被{held.holder.describe()}使用。"
                          "同一时间只能有一处修改，本窗口只能查看和打印。")
            except OSError as error:
                reason = f"无法在数据库所在的文件夹中建立锁文件（{_os_reason(error)}），只能查看和打印。"
    if reason and read_only is False:
        raise (StoreLocked if holder else StoreError)(reason)
    if reason:
        store = _open_read_only(url, path, reason, defer_check)
        store.holder = holder
        return store
    try:
        return _open_writable(url, path, lock, migrate, defer_check)
    except BaseException:
        lock.release()
        raise


def _unwritable(path: Path) -> str:
    """Why the file (or, for a new file, its folder) cannot be written; empty if it can.

    Tried for real, never read from the file's mode bits (an administrator may write a
    0444 file; a read-only mount refuses everyone)."""
    folder = path.parent
    if path.exists():
        try:
            with open(path, "r+b"):
                pass
        except OSError as error:
            return (f"数据库文件“{path}”是只读的（{_os_reason(error)}），本程序只能查看和打印，不能修改；"
                    "如需修改，请管理员开放这个文件的写入权限后重新打开。")
    elif not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"无法建立数据库所在的文件夹“{folder}”（{_os_reason(error)}）。"
    try:
        probe = folder / f".{path.name}.{os.getpid()}.probe"
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        if not path.exists():
            return f"数据库所在的文件夹“{folder}”是只读的（{_os_reason(error)}），无法新建数据库。"
        return (f"数据库所在的文件夹“{folder}”是只读的（{_os_reason(error)}），本程序只能查看和打印，"
                "不能修改；如需修改，请管理员开放这个文件夹的写入权限后重新打开。")
    return ""


def _os_reason(error: OSError) -> str:
    return {1: "没有权限", 13: "没有写入权限", 30: "磁盘是只读的", 28: "磁盘空间不足"}.get(
        error.errno or 0, "系统拒绝")


def _open_writable(url: str, path: Path, lock, migrate: bool, defer_check: bool) -> Store:
    if not lock.shared:  # this process has it open already: the log is its own, live
        _recover_after_crash(path)
    restored = backup.pending_restore(path) if path.exists() else None
    tables, revision = _check_sqlite_file(path, pages=False)
    _check_ours(tables, revision, path)
    migrating = migrate and revision not in (HEAD_REVISION, None)
    if not defer_check or migrating:
        _check_sqlite_file(path, pages=True)
        defer_check = False
    if path.exists():
        config.make_private(path)
    engine = _create_engine(url)
    try:
        if migrating:
            try:
                backup.make_backup(path, backup.MIGRATION)
            except backup.BackupError as error:
                raise StoreError(f"升级数据库前没能先备份，没有升级：{error}") from error
        if migrate and revision != HEAD_REVISION:
            _upgrade(engine)
        if not defer_check and revision is not None:  # a file made just now needs no copy
            backup.daily_backup(path)
    except StoreError:
        engine.dispose()
        raise
    except Exception as error:  # the driver's own errors become a clear message
        engine.dispose()
        raise _unopenable(path, error) from error
    store = _store(url, engine, "pending" if defer_check else "ok")
    store.lock = lock
    store.created = revision is None
    if restored is not None:
        try:
            backup.finish_restore(store, restored)
        except Exception as error:  # a journal that cannot be applied is logged, never fatal
            config.log_error("恢复日志处理失败", error)
    return store


def _unopenable(where: object, error: BaseException) -> StoreError:
    config.log_error(f"无法打开数据库：{where}", error)
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == sqlite3.SQLITE_FULL or "disk is full" in str(original):
        return StoreError("磁盘空间已满，数据库没有打开，也没有任何改动；请清理磁盘后再打开。")
    return StoreError(f"无法打开数据库“{where}”，文件没有改动；详细情况已写入错误日志。")


def _open_read_only(url: str, path: Path, reason: str, defer_check: bool) -> Store:
    if not path.exists() or path.stat().st_size == 0:
        raise StoreError(f"没有找到数据库文件“{path}”，而且{reason.rstrip('。')}。")
    if hot_journal(path) and locks.holder(path) is None:
        raise StoreError(f"数据库“{path}”上次没有正常关闭，要先整理（撤销没做完的修改）才能查看；"
                         f"但{reason.rstrip('。')}。请在可以修改这个文件的账户或电脑上用本程序打开一次。")
    tables, revision = _check_sqlite_file(path, pages=not defer_check)
    _check_ours(tables, revision, path)
    if revision != HEAD_REVISION:
        raise StoreError(f"数据库“{path}”需要升级到本程序的版本，但它现在只能以只读方式打开："
                         f"{reason}")
    immutable = _reads_as_immutable(path)

    def connect():
        connection = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True,
                                     check_same_thread=False)
        connection.execute("PRAGMA query_only=ON")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    engine = create_engine("sqlite://", creator=connect, hide_parameters=True)
    store = _store(url, engine, "pending" if defer_check else "ok")
    store.read_only = reason
    return store


def _reads_as_immutable(path: Path) -> bool:
    """Read a file nobody is writing as immutable: nothing (no ``-shm``, no ``-wal``) is
    created beside it. A file another program writes right now, or one left with a log,
    is read through SQLite's shared memory so what it reads stays consistent (falling
    back to immutable where even that cannot be created)."""
    if hot_journal(path):  # never read around a write that was not rolled back
        return False
    wal = path.with_name(path.name + "-wal")
    if locks.holder(path) is None and not (wal.exists() and wal.stat().st_size > 0):
        return True
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return True
    return False


def _read_only_connection(path: Path, **options) -> sqlite3.Connection:
    """A read-only connection that writes nothing (see :func:`_reads_as_immutable`)."""
    return sqlite3.connect(read_only_uri(path, immutable=_reads_as_immutable(path)), uri=True,
                           **options)


def _open_server(url: str, migrate: bool) -> Store:
    engine = _create_engine(url)
    where = config.display_url(url)
    try:
        revision = _current_revision(engine, where)
        if migrate and revision != HEAD_REVISION:
            _upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except Exception as error:
        engine.dispose()
        raise _unopenable(where, error) from error
    store = _store(url, engine, "ok")
    _install_version_check(store)
    return store


def _store(url: str, engine: Engine, integrity: str) -> Store:
    from workflows.core import audit

    sessions = sessionmaker(engine, expire_on_commit=False)
    audit.install(sessions)
    event.listen(sessions, "do_orm_execute", _versions_for_bulk_updates)
    return Store(url, engine, sessions, integrity)


def _versions_for_bulk_updates(state) -> object:
    """A bulk UPDATE by primary key (``session.execute(update(Voter), rows)``, the roster
    import) of a versioned entity: each row gets the record's current version, so the
    update checks it and counts it up like any other save."""
    if not state.is_update or not isinstance(state.parameters, list) or not state.parameters:
        return None
    mapper = state.bind_mapper
    if mapper is None or mapper.version_id_col is None:
        return None
    key = mapper.get_property_by_column(mapper.version_id_col).key
    rows = state.parameters
    if all(key in row for row in rows):
        return None
    table = mapper.local_table
    versions: dict = {}
    ids = [row["id"] for row in rows]
    connection = state.session.connection()
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        versions.update(connection.execute(
            select(table.c.id, mapper.version_id_col).where(table.c.id.in_(chunk))).all())
    return state.invoke_statement(params=[{key: versions.get(row["id"])} for row in rows])


# --- recovery after a crash -------------------------------------------------------------
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def hot_journal(path: Path) -> bool:
    """A rollback journal left by a write that never finished (it must be rolled back by a
    connection that may write before the file is read)."""
    try:
        with path.with_name(path.name + "-journal").open("rb") as handle:
            return handle.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC
    except OSError:
        return False


def _needs_recovery(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return path.exists() and ((wal.exists() and wal.stat().st_size > 0) or hot_journal(path))


def _recover_after_crash(path: Path) -> None:
    """A file left with a write-ahead log or a hot rollback journal (the program was
    killed, the power failed): copy the file and its log aside, let SQLite replay (or roll
    back) the copy and check it; only if the copy is intact is the real file recovered the
    same way (the checked copy stays in the backups). A damaged copy is refused as damaged
    and the file is not touched."""
    if not _needs_recovery(path):
        return

    folder = backup.backup_dir(path) / RECOVERY_FOLDER
    work = folder / f"{os.getpid()}"
    if folder.is_dir():  # left by a recovery that was itself killed
        for old in folder.iterdir():
            if old.name.isdigit() and not locks.process_alive(int(old.name)):
                shutil.rmtree(old, ignore_errors=True)
    try:
        work.mkdir(parents=True, exist_ok=True, mode=0o700)
        copy = work / path.name
        shutil.copyfile(path, copy)
        for suffix in ("-wal", "-journal"):
            log = path.with_name(path.name + suffix)
            if log.exists():
                shutil.copyfile(log, copy.with_name(copy.name + suffix))
        connection = sqlite3.connect(copy, isolation_level=None)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        _remove_tree(work)
        raise _damaged(path, str(error)) from error
    except OSError as error:
        _remove_tree(work)
        raise StoreError(f"数据库上次没有正常关闭，需要先复制一份再整理，但无法写入备份文件夹"
                         f"（{_os_reason(error)}）；文件没有改动。") from error
    if not result or result[0] != "ok":
        _remove_tree(work)
        raise _damaged(path, result[0] if result else "")
    if tables - {"sqlite_sequence"}:  # something to keep: the checked copy is a backup
        target = backup._free_name(path, backup.STARTUP, datetime.now())
        os.replace(copy, target)
        config.make_private(target)
        backup._write_sidecar(target, dict(_copy_facts(target), integrity="ok",
                                           checked_at=datetime.now().isoformat(timespec="seconds")))
    _remove_tree(work)
    connection = sqlite3.connect(path, isolation_level=None)  # replays or rolls back the log
    try:
        connection.execute("PRAGMA busy_timeout=10000")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _copy_facts(path: Path) -> dict:
    connection = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
    try:
        return backup._facts(connection)
    finally:
        connection.close()


def _remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.parent.rmdir()  # the .recovery folder, when empty


# --- checks before anything is written --------------------------------------------------
def _check_sqlite_file(path: Path, pages: bool = True) -> tuple[set[str], str | None]:
    """Refuse a non-SQLite or damaged file; return its tables and schema revision.

    ``pages``: also read every page (``quick_check``, ~1 s per GB); without it only the
    header and the schema are read.
    """
    if not path.exists() or path.stat().st_size == 0:
        return set(), None
    if path.is_dir():
        raise StoreError(f"“{path}”是一个文件夹，不是数据库文件。")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise StoreError(
            f"“{path}”不是本程序的数据库文件（不是 SQLite 格式）。"
            "为防止误操作，程序不会改动这个文件。请检查打开的文件或 --db 参数。"
        )
    try:
        connection = _read_only_connection(path)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone() if pages else ("ok",)
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = revision[0] if revision else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise _damaged(path, str(error)) from error
    if not result or result[0] != "ok":
        raise _damaged(path, result[0] if result else "")
    return tables, revision


def _damaged(path: Path, detail: str) -> StoreDamaged:
    config.log_error(f"数据库文件已损坏：{path}：{detail}")
    return StoreDamaged(
        f"数据库文件“{path}”已损坏，程序不会改动它。"
        "请用“备份与恢复”选一份备份恢复（程序会先核对备份，并保留损坏的文件）。"
    )


def _create_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL, foreign keys and real transactions. SQL
    parameters (names, ID numbers) never appear in error messages."""
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(url, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, start transactions, so DDL is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if sqlite_file(url) is not None:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _current_revision(engine: Engine, where: object) -> str | None:
    """A server database's schema revision (None when empty); refuse foreign databases."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    _check_ours(tables, revision, where)
    return revision


def _check_ours(tables: set[str], revision: str | None, where: object) -> None:
    """Refuse a database with foreign tables, or one made by a newer program."""
    if not tables - {"sqlite_sequence"}:
        return
    if "alembic_version" not in tables or not tables >= OUR_TABLES:
        raise StoreError(
            f"“{where}”是一个数据库，但不是本程序的数据库（缺少本程序的数据表）。"
            "为防止误操作，程序不会改动它。请换一个文件。"
        )
    if revision != HEAD_REVISION and revision not in known_revisions():
        raise StoreError(
            f"“{where}”由更新版本的程序创建（数据库版本 {revision}），"
            "本程序无法识别。请升级本程序后再打开，文件未被改动。"
        )


def known_revisions() -> set[str]:
    """Every revision id shipped in migrations/versions."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in _script_directory(ScriptDirectory).walk_revisions()}


def _script_directory(script_directory_class):
    from alembic.config import Config

    config_ = Config()
    config_.set_main_option("script_location", str(MIGRATIONS_DIR))
    return script_directory_class.from_config(config_)


def _upgrade(engine: Engine, target: str = "head") -> None:
    """Run Alembic up to ``target`` in one transaction."""
    from alembic import command
    from alembic.config import Config

    config_ = Config()
    config_.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config_.attributes["connection"] = connection
        command.upgrade(config_, target)


def upgrade_to(store_or_engine: Store | Engine, target: str) -> None:
    """Migrate to a given revision (used by tests of migrations)."""
    engine = store_or_engine.engine if isinstance(store_or_engine, Store) else store_or_engine
    _upgrade(engine, target)


# --- record versions (server mode) ------------------------------------------------------
def _install_version_check(store: Store) -> None:
    """Refuse to save a versioned record (voter, Party member, candidate…) that changed
    since this program last read it outside the saving transaction — a form opened
    before another user saved the same record."""
    seen = store.seen_versions

    def version_key(obj) -> tuple | None:
        state = inspect(obj)
        column = state.mapper.version_id_col
        if column is None or state.identity is None:
            return None
        return (state.mapper.class_, state.identity)

    def version_of(obj) -> int | None:
        mapper = inspect(obj).mapper
        return getattr(obj, mapper.get_property_by_column(mapper.version_id_col).key, None)

    @event.listens_for(store.sessions, "loaded_as_persistent")
    def _loaded(session: Session, obj) -> None:
        key = version_key(obj)
        if key is None:
            return
        if session.info.get("writing"):
            session.info.setdefault("prior_versions", {}).setdefault(key, seen.get(key))
        else:
            seen[key] = version_of(obj)

    @event.listens_for(store.sessions, "before_flush")
    def _check(session: Session, _context, _instances) -> None:
        priors = session.info.get("prior_versions", {})
        dirty = session.info.setdefault("versioned_dirty", [])
        deleted = session.info.setdefault("versioned_deleted", [])
        for obj in [*session.dirty, *session.deleted]:
            key = version_key(obj)
            if key is None or (obj in session.dirty and not session.is_modified(obj)):
                continue
            dirty.append((obj.__tablename__, key[1][0]))
            if obj in session.deleted:
                deleted.append(key)
            prior = priors.get(key)
            if prior is not None and prior != version_of(obj):
                raise _stale_record(session, [(obj.__tablename__, key[1][0])])

    @event.listens_for(store.sessions, "after_commit")
    def _committed(session: Session) -> None:
        for obj in list(session.identity_map.values()):
            key = version_key(obj)
            if key is not None:
                seen[key] = version_of(obj)
        for key in session.info.pop("versioned_deleted", []):
            seen.pop(key, None)
        session.info.pop("versioned_dirty", None)
        session.info.pop("prior_versions", None)


def _stale_record(session: Session, keys: list[tuple[str, int]]) -> StaleRecord:
    """“此记录已被某某于某时修改，请重新打开。” (who and when from the audit log)."""
    who, when = "其他用户", ""
    for table, ident in keys:
        row = session.execute(text(
            "SELECT operator, occurred_at FROM audit_event WHERE entity = :table AND entity_id = :id"
            " ORDER BY id DESC LIMIT 1"), {"table": table, "id": ident}).first()
        if row is not None:
            who = row[0] or who
            moment = row[1]
            if isinstance(moment, str):
                moment = datetime.fromisoformat(moment)
            if moment is not None:
                if moment.tzinfo is None:
                    from datetime import UTC

                    moment = moment.replace(tzinfo=UTC)
                when = moment.astimezone().strftime("%Y-%m-%d %H:%M")
            break
    return StaleRecord(f"此记录已被{who}于{when or '刚才'}修改，请重新打开后再改；本次没有保存任何内容。")


def plain_rows(session: Session, statement) -> list[tuple]:
    """The rows of a Core ``select`` as plain tuples, straight from the database driver.

    For the few reads that return 10⁵ rows (the voter table's ordered ids): the driver
    returns them about four times faster than SQLAlchemy's result rows. Only for columns
    the driver already returns as Python values (integers, text) — no type processing.
    """
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()
