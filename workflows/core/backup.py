"""Backup copies of the SQLite file, their retention, and restoring one of them.

Backups go to ``backups/`` beside the database file, named
``<file>-YYYYmmdd-HHMMSS-<reason>.sqlite`` (reason: 启动, 导入前, 阶段变更前, 迁移前, 恢复前,
手动). A copy is made with SQLite's online backup API (a consistent snapshot even while the
program writes) into a temporary file, switched to a plain journal, checked whole
(``PRAGMA integrity_check``), then renamed into place: a file with a backup's name is a
complete, checked copy. A small ``.json`` beside it keeps what was found (villages, voters,
the audit chain's last event). A broken or empty file in the folder never stops a new
backup; it is listed as broken.

Retention (:func:`prune`, after every backup): every backup of the last 7 days, then the
newest of each day up to 90 days, and every pre-migration copy. Over the size cap
(``VEW_BACKUP_CAP_MB``, default 3072) the oldest go first — never the newest 10 nor a
pre-migration copy.

Restoring (:func:`prepare_restore`, then :func:`restore`): the chosen copy is checked
(integrity and the audit chain), the current file is backed up, every connection is
closed, the write-ahead log is checkpointed away, the copy is renamed into place and the
database reopened; an audit event names the chain head it replaced and the documents
issued after the backup. A journal beside the database makes the restore finish (or count
as not done) if the program is killed half-way.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from workflows.core import config

if TYPE_CHECKING:
    from workflows.core.store import Store

BACKUP_FOLDER = "backups"
STARTUP = "启动"
IMPORT = "导入前"
STAGE = "阶段变更前"
MIGRATION = "迁移前"
RESTORE = "恢复前"
MANUAL = "手动"
DAILY = STARTUP  # the first start of each day (and each day the program stays open)
REASONS = (STARTUP, IMPORT, STAGE, MIGRATION, RESTORE, MANUAL)
LEGACY_REASONS = {"每日": STARTUP, "升级前": MIGRATION}  # names of older versions
KEEP_ALL_DAYS = 7
KEEP_DAILY_DAYS = 90
KEEP_NEWEST = 10
DEFAULT_CAP_MB = 3072
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECAR = ".json"
RESTORE_JOURNAL = ".restore.json"
RESTORE_EVENT = "database.restore"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})-(?P<reason>[^-.]+)"
                   r"(?:-(?P<n>\d+))?\.sqlite$")


class BackupError(Exception):
    """A backup or a restore could not be made; ``str(error)`` is one sentence for the clerk."""


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """A read-only SQLite URI that also works for Windows paths with drive letters,
    spaces, ``%``, ``#`` or Chinese folder names (``file:///C:/…`` with percent-encoding)."""
    return Path(os.path.abspath(path)).as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def backup_dir(database: Path) -> Path:
    """The folder holding the backups of ``database``."""
    return database.parent / BACKUP_FOLDER


# --- making a copy ----------------------------------------------------------------------
def make_backup(database: Path, reason: str) -> Path:
    """Copy ``database`` into its backup folder, check the copy, return its path.

    Raises :class:`BackupError` (nothing half-made is left) when the disk is full, the
    folder cannot be written, or the copy is not intact (the database is damaged)."""
    if not database.exists() or database.stat().st_size == 0:
        raise BackupError(f"没有可备份的数据库文件“{database}”。")
    config.private_files()
    folder = backup_dir(database)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        config.make_private(folder)
    except OSError as error:
        raise BackupError(f"无法创建备份文件夹“{folder}”（{_os_reason(error)}）。") from error
    _remove_leftovers(folder)
    target = _free_name(database, reason, datetime.now())
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        facts = _copy_checked(database, temporary)
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync_folder(folder)
    except BackupError:
        _discard(temporary)
        raise
    except (sqlite3.Error, OSError) as error:
        _discard(temporary)
        config.log_error(f"备份失败：{database} → {target.name}", error)
        raise BackupError(_failure_text(error)) from error
    config.make_private(target)
    _write_sidecar(target, facts)
    try:
        prune(database)
    except OSError as error:  # an old copy that cannot be removed never fails a new one
        config.log_error("清理旧备份失败", error)
    return target


def _copy_checked(database: Path, temporary: Path) -> dict:
    source = sqlite3.connect(read_only_uri(database), uri=True)
    try:
        destination = sqlite3.connect(temporary, isolation_level=None)
        try:
            _prepare_destination(destination)
            source.backup(destination)  # all pages in one step: one consistent snapshot
            destination.execute("PRAGMA journal_mode=DELETE")  # a copy needs no -wal/-shm
            result = destination.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise BackupError("备份副本未通过完整性检查：数据库文件可能已损坏，没有生成这份备份。")
            facts = _facts(destination)
        finally:
            destination.close()
    finally:
        source.close()
    facts.update(integrity="ok", checked_at=datetime.now().isoformat(timespec="seconds"))
    return facts


def _prepare_destination(connection: sqlite3.Connection) -> None:
    """Hook for tests (a full disk is simulated with ``PRAGMA max_page_count``)."""


def _free_name(database: Path, reason: str, moment: datetime) -> Path:
    folder = backup_dir(database)
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{database.stem}-{stamp}-{reason}.sqlite"
    counter = 1
    while target.exists():  # an older file of the same second — even an empty one — stays
        counter += 1
        target = folder / f"{database.stem}-{stamp}-{reason}-{counter}.sqlite"
    return target


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of backups that were killed half-way (their process is gone)."""
    from workflows.core.lock import process_alive

    for path in folder.glob(".*.tmp"):
        try:
            pid = int(path.name.rsplit(".", 2)[-2])
        except (ValueError, IndexError):
            pid = 0
        if pid != os.getpid() and not process_alive(pid):
            _discard(path)


def _failure_text(error: BaseException) -> str:
    if isinstance(error, sqlite3.Error) and getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return "磁盘空间不足，备份没有完成；已有的备份和数据库都没有改动。请清理磁盘后再试。"
    if isinstance(error, OSError):
        if error.errno == 28:  # ENOSPC
            return "磁盘空间不足，备份没有完成；已有的备份和数据库都没有改动。请清理磁盘后再试。"
        return f"无法写入备份文件夹（{_os_reason(error)}），备份没有完成。"
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(error, sqlite3.Error) and code is not None and code & 0xFF == sqlite3.SQLITE_READONLY:
        return ("数据库上次没有正常关闭，需要先用本程序正常打开一次（程序会先复制一份再整理），"
                "然后才能备份。")
    if isinstance(error, sqlite3.DatabaseError):
        return "读取数据库时出错，备份没有完成：数据库文件可能已损坏。"
    return "备份没有完成。"


def _os_reason(error: OSError) -> str:
    return {13: "没有写入权限", 30: "磁盘是只读的", 28: "磁盘空间不足"}.get(error.errno or 0, "系统拒绝")


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows renames are durable without it
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def daily_backup(database: Path) -> Path | None:
    """Make today's backup unless an intact one exists; skip an empty or missing file.

    A failure is logged, not raised: the program keeps working (the backup list shows
    the last good copy)."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    today = datetime.now().date()
    if any(info.taken_at.date() == today and info.intact for info in backup_infos(database, facts=False)):
        return None
    try:
        return make_backup(database, STARTUP)
    except BackupError as error:
        config.log_error(f"每日备份没有完成：{error}")
        return None


# --- listing ----------------------------------------------------------------------------
@dataclass
class BackupInfo:
    """One backup as the list shows it."""

    path: Path
    taken_at: datetime
    reason: str
    size: int
    villages: int | None = None
    voters: int | None = None
    verified: bool = False  # checked whole when it was made (or since)
    problem: str = ""  # why the file cannot be restored (empty, not a database, damaged)
    head: tuple[int, str] | None = None  # the audit chain's last event (id, hash)
    revision: str | None = None

    @property
    def intact(self) -> bool:
        return not self.problem

    @property
    def migration(self) -> bool:
        return self.reason == MIGRATION


def list_backups(database: Path) -> list[Path]:
    """Backup files of ``database`` (by name), newest first."""
    folder = backup_dir(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and match["stem"] == database.stem and path.is_file():
            found.append((_taken_at(match), path.stat().st_mtime_ns, path.name, path))
    return [entry[-1] for entry in sorted(found, reverse=True)]


def backup_infos(database: Path, *, facts: bool = True) -> list[BackupInfo]:
    """Backups of ``database``, newest first, each with what is known about it.

    ``facts``: also read villages and voters from copies made by older versions (which
    have no ``.json`` beside them); their mark stays “not verified”."""
    return [describe(path, facts=facts) for path in list_backups(database)]


def describe(path: Path, *, facts: bool = True) -> BackupInfo:
    """What is known about one backup file (cheap: no full check)."""
    match = _NAME.match(path.name)
    taken_at = _taken_at(match) if match else datetime.fromtimestamp(path.stat().st_mtime)
    reason = LEGACY_REASONS.get(match["reason"], match["reason"]) if match else "?"
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    info = BackupInfo(path, taken_at, reason, size)
    if size == 0:
        info.problem = "空文件"
        return info
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError:
        header = b""
    if header != SQLITE_MAGIC:
        info.problem = "不是数据库文件"
        return info
    sidecar = _read_sidecar(path)
    if sidecar is not None and sidecar.get("size") == size:
        info.villages, info.voters = sidecar.get("villages"), sidecar.get("voters")
        info.verified = sidecar.get("integrity") == "ok"
        info.problem = sidecar.get("problem", "") if not info.verified else ""
        head = sidecar.get("head")
        info.head = tuple(head) if head else None
        info.revision = sidecar.get("revision")
        return info
    if facts:
        try:
            connection = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
            try:
                found = _facts(connection)
            finally:
                connection.close()
        except sqlite3.DatabaseError:
            info.problem = "无法读取"
            return info
        info.villages, info.voters = found["villages"], found["voters"]
        info.head = tuple(found["head"]) if found["head"] else None
        info.revision = found["revision"]
    return info


def _taken_at(match: re.Match) -> datetime:
    return datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")


def _facts(connection: sqlite3.Connection) -> dict:
    """Villages, registered voters, the audit chain's last event and the schema revision."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def scalar(sql: str):
        row = connection.execute(sql).fetchone()
        return row[0] if row else None

    head = None
    if "audit_event" in tables:
        row = connection.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        head = [row[0], row[1]] if row else None
    return {
        "villages": scalar("SELECT count(*) FROM village") if "village" in tables else 0,
        "voters": scalar("SELECT count(*) FROM voter WHERE status = 'registered'") if "voter" in tables else 0,
        "head": head,
        "revision": scalar("SELECT version_num FROM alembic_version") if "alembic_version" in tables else None,
    }


def _sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR)


def _read_sidecar(path: Path) -> dict | None:
    try:
        values = json.loads(_sidecar_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return values if isinstance(values, dict) else None


def _write_sidecar(path: Path, facts: dict) -> None:
    facts = dict(facts, size=path.stat().st_size)
    target = _sidecar_path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:  # the copy itself is complete; only its mark is missing
        _discard(temporary)
        config.log_error("备份说明文件写入失败", error)


def verify_backup(path: Path, *, progress: Callable[[str], None] | None = None) -> BackupInfo:
    """Check a backup whole: integrity, our schema, and the audit chain.

    Returns its info with ``verified`` set, or ``problem`` saying why it cannot be used."""
    info = describe(path, facts=False)
    if info.problem in ("空文件", "不是数据库文件"):
        return info
    info.problem, info.verified = "", False
    try:
        connection = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
        try:
            if progress:
                progress("正在检查备份文件是否完好…")
            result = connection.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                info.problem = "备份文件已损坏"
                return info
            facts = _facts(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        info.problem = "备份文件已损坏"
        return info
    info.villages, info.voters = facts["villages"], facts["voters"]
    info.head = tuple(facts["head"]) if facts["head"] else None
    info.revision = facts["revision"]
    from workflows.core.store import HEAD_REVISION, known_revisions

    if facts["revision"] is None:
        info.problem = "不是本程序的数据库"
        return info
    if facts["revision"] != HEAD_REVISION and facts["revision"] not in known_revisions():
        info.problem = "由更新版本的程序创建"
        return info
    if progress:
        progress("正在核对备份中的审计记录…")
    try:
        report = _audit_report(path, facts["revision"] != HEAD_REVISION)
    except Exception as error:  # the log cannot be read at all
        config.log_error("核对备份中的审计记录失败", error)
        info.problem = "审计记录无法核对"
        return info
    if not report.ok:
        info.problem = f"审计记录不完整：{report.problem}"
        return info
    info.verified = True
    facts.update(integrity="ok", checked_at=datetime.now().isoformat(timespec="seconds"))
    if path.parent.name == BACKUP_FOLDER:
        _write_sidecar(path, facts)
    return info


def _audit_report(path: Path, older: bool = False):
    """``audit.verify`` on a read-only connection to a file; a copy made by an older version
    is checked as it will be after restoring: a temporary copy, migrated first."""
    import tempfile

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from workflows.core import audit

    with tempfile.TemporaryDirectory(prefix="vew-verify-") as folder:
        if older:
            from workflows.core.store import upgrade_to

            copy = Path(folder) / "migrated.sqlite"
            shutil.copyfile(path, copy)
            migrating = create_engine(config.sqlite_url(copy), hide_parameters=True)
            try:
                upgrade_to(migrating, "head")
            finally:
                migrating.dispose()
            path = copy
        uri = read_only_uri(path, immutable=True)
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True),
                               hide_parameters=True)
        try:
            with Session(engine) as session:
                return audit.verify(session)
        finally:
            engine.dispose()


# --- retention --------------------------------------------------------------------------
def cap_bytes() -> int:
    """The size cap of the backup folder (``VEW_BACKUP_CAP_MB``, default 3 GB)."""
    try:
        megabytes = float(os.environ.get("VEW_BACKUP_CAP_MB", DEFAULT_CAP_MB))
    except ValueError:
        megabytes = DEFAULT_CAP_MB
    return int(megabytes * 1024 * 1024)


def plan_retention(backups: list[BackupInfo], now: datetime, cap: int) -> list[BackupInfo]:
    """Which backups to remove (pure: tested on its own)."""
    ordered = sorted(backups, key=lambda info: (info.taken_at, info.path.name), reverse=True)
    protected = {id(info) for info in ordered[:KEEP_NEWEST]}
    protected |= {id(info) for info in ordered if info.migration}
    kept: list[BackupInfo] = []
    days_kept: set = set()
    for info in ordered:  # newest first: the newest intact copy of each day is kept
        age = now - info.taken_at
        if id(info) in protected or age <= timedelta(days=KEEP_ALL_DAYS):
            kept.append(info)
        elif age <= timedelta(days=KEEP_DAILY_DAYS) and info.intact and info.taken_at.date() not in days_kept:
            kept.append(info)
            days_kept.add(info.taken_at.date())
    total = sum(info.size for info in kept)
    dropped: set[int] = set()
    for info in reversed(kept):  # oldest first
        if total <= cap:
            break
        if id(info) not in protected:
            dropped.add(id(info))
            total -= info.size
    keep = {id(info) for info in kept} - dropped
    return [info for info in ordered if id(info) not in keep]


def prune(database: Path, now: datetime | None = None) -> list[Path]:
    """Apply the retention rules to the backup folder; return the removed files."""
    removed = []
    for info in plan_retention(backup_infos(database, facts=False), now or datetime.now(), cap_bytes()):
        for path in (info.path, _sidecar_path(info.path), info.path.with_name(info.path.name + "-wal")):
            if path.exists():
                path.unlink()
        removed.append(info.path)
    return removed


# --- restoring --------------------------------------------------------------------------
@dataclass(frozen=True)
class IssuedDocument:
    """A document issued after the backup was taken: the restored archive lacks it."""

    code: str
    title: str
    issued_at: str
    operator: str


@dataclass
class RestorePlan:
    """What restoring a backup would do, shown to the clerk before confirming."""

    database: Path
    backup: BackupInfo
    current_head: tuple[int, str] | None  # the audit chain's last event the restore replaces
    current_readable: bool = True
    documents_after: list[IssuedDocument] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.backup.verified and not self.backup.problem


def prepare_restore(database: Path, backup_file: Path,
                    progress: Callable[[str], None] | None = None) -> RestorePlan:
    """Check ``backup_file`` whole and find what restoring it would replace (changes nothing).

    Raises :class:`BackupError` if the backup cannot be used."""
    if not backup_file.exists():
        raise BackupError(f"没有找到备份文件“{backup_file}”。")
    info = verify_backup(backup_file, progress=progress)
    if info.problem or not info.verified:
        raise BackupError(f"这份备份不能用于恢复：{info.problem or '未通过检查'}。")
    plan = RestorePlan(database, info, None)
    if progress:
        progress("正在比较当前数据库与备份…")
    try:
        current = _open_read_only(database)
    except (sqlite3.DatabaseError, OSError):
        plan.current_readable = False
        return plan
    try:
        plan.current_head = _head(current)
        plan.documents_after = _documents_after(current, backup_file)
    except sqlite3.DatabaseError:
        plan.current_readable = False
    finally:
        current.close()
    return plan


def _open_read_only(database: Path) -> sqlite3.Connection:
    if not database.exists() or database.stat().st_size == 0:
        raise OSError("no database")
    try:
        connection = sqlite3.connect(read_only_uri(database), uri=True)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:  # a log that needs replay and no write access
        connection = sqlite3.connect(read_only_uri(database, immutable=True), uri=True)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection


def _head(connection: sqlite3.Connection) -> tuple[int, str] | None:
    try:
        row = connection.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:
        return None
    return (row[0], row[1]) if row else None


def _documents_after(current: sqlite3.Connection, backup_file: Path) -> list[IssuedDocument]:
    """Documents in the current archive whose code the backup does not hold."""
    try:
        rows = current.execute(
            "SELECT code, title, created_at, operator FROM document ORDER BY created_at, id").fetchall()
    except sqlite3.OperationalError:
        return []
    if not rows:
        return []
    copy = sqlite3.connect(read_only_uri(backup_file, immutable=True), uri=True)
    try:
        known = {row[0] for row in copy.execute("SELECT code FROM document")}
    except sqlite3.OperationalError:
        known = set()
    finally:
        copy.close()
    return [IssuedDocument(code, title, str(created)[:16], operator or "")
            for code, title, created, operator in rows if code not in known]


def restore(store: Store, plan: RestorePlan, operator: str) -> Store:
    """Put the backup of ``plan`` in place of the open database; return the reopened store.

    The current file is backed up first (a damaged one is copied as it is), every
    connection is closed, the write-ahead log is checkpointed away, stale ``-wal``/``-shm``
    files are removed and the copy is renamed into place; the reopened database gets an
    audit event naming the replaced chain head and the documents issued after the backup."""
    from workflows.core import lock as locks
    from workflows.core.store import StoreError, open_store

    database = plan.database
    if store is not None and store.read_only:
        raise BackupError("数据库是以只读方式打开的，不能恢复备份。")
    url = store.url if store is not None else config.sqlite_url(database)
    try:
        guard = locks.acquire(database)  # kept across closing and reopening
    except locks.LockHeld as held:
        raise BackupError(f"数据库正被{held.holder.describe()}使用，不能恢复。请先关闭那里的程序。") from held
    except OSError as error:
        raise BackupError(f"无法锁定数据库文件（{_os_reason(error)}），不能恢复。") from error
    try:
        if database.exists() and database.stat().st_size > 0:
            _backup_current(database)
        if store is not None:
            store.dispose()
        _checkpoint_away(database)
        _write_journal(database, plan, operator)
        _put_in_place(plan.backup.path, database)
        try:
            reopened = open_store(url)
        except StoreError as error:
            raise BackupError(f"恢复后的数据库无法打开：{error}") from error
        return reopened
    finally:
        guard.release()


def _backup_current(database: Path) -> Path:
    """The current file, before it is replaced: a checked copy, or (damaged) a plain one."""
    try:
        return make_backup(database, RESTORE)
    except BackupError as error:
        if not _looks_damaged(database):
            raise BackupError(f"当前数据库没能先备份，没有恢复：{error}") from error
    target = _free_name(database, RESTORE + "（已损坏）", datetime.now())
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(database, target)
        wal = database.with_name(database.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError as error:
        _discard(target)
        raise BackupError(f"当前数据库没能先复制一份（{_os_reason(error)}），没有恢复。") from error
    config.make_private(target)
    return target


def _looks_damaged(database: Path) -> bool:
    try:
        connection = _open_read_only(database)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except (sqlite3.DatabaseError, OSError):
        return True
    return not result or result[0] != "ok"


def _checkpoint_away(database: Path) -> None:
    """Fold the write-ahead log into the file and end WAL mode, so no ``-wal`` is left."""
    if database.exists():
        try:
            connection = sqlite3.connect(database, isolation_level=None)
            try:
                connection.execute("PRAGMA busy_timeout=10000")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.execute("PRAGMA journal_mode=DELETE")
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:  # damaged: it is replaced anyway (and copied)
            config.log_error("恢复前整理数据库日志失败", error)
    for suffix in ("-wal", "-shm", "-journal"):
        _discard(database.with_name(database.name + suffix))


def _put_in_place(source: Path, database: Path) -> None:
    temporary = database.with_name(f".{database.name}.restoring")
    try:
        shutil.copyfile(source, temporary)
        config.make_private(temporary)
        _fsync(temporary)
        for suffix in ("-wal", "-shm", "-journal"):
            _discard(database.with_name(database.name + suffix))
        os.replace(temporary, database)
        _fsync_folder(database.parent)
    except OSError as error:
        _discard(temporary)
        if error.errno == 28:
            raise BackupError("磁盘空间不足，没有恢复；当前数据库没有改动。") from error
        raise BackupError(f"无法写入数据库所在的文件夹（{_os_reason(error)}），没有恢复。") from error


def journal_path(database: Path) -> Path:
    """The restore journal beside ``database``."""
    return database.with_name(database.name + RESTORE_JOURNAL)


def _write_journal(database: Path, plan: RestorePlan, operator: str) -> None:
    values = {
        "backup": plan.backup.path.name,
        "backup_time": plan.backup.taken_at.isoformat(timespec="seconds"),
        "backup_reason": plan.backup.reason,
        "backup_head": list(plan.backup.head) if plan.backup.head else None,
        "replaced_head": list(plan.current_head) if plan.current_head else None,
        "current_readable": plan.current_readable,
        "documents_after": [doc.__dict__ for doc in plan.documents_after],
        "operator": operator,
    }
    target = journal_path(database)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    _fsync(temporary)
    os.replace(temporary, target)
    _fsync_folder(database.parent)


def pending_restore(database: Path) -> dict | None:
    """On opening, before any migration: a restore killed half-way. If the backup is in
    place its journal is returned (the audit event is still to be written, by
    :func:`finish_restore`); if the old file still is, the journal is forgotten."""
    _discard(database.with_name(f".{database.name}.restoring"))
    path = journal_path(database)
    if not path.exists():
        return None
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
        connection = _open_read_only(database)
        try:
            head = _head(connection)
        finally:
            connection.close()
    except (OSError, ValueError, sqlite3.DatabaseError):
        _discard(path)
        return None
    head = list(head) if head else None
    if head == values.get("backup_head") and head != values.get("replaced_head"):
        return values
    _discard(path)
    return None


def finish_restore(store: Store, values: dict) -> None:
    """Write the restore's audit event into the reopened database; drop the journal."""
    _record_restore(store, values)
    _discard(journal_path(store.sqlite_path))


def _record_restore(store: Store, values: dict) -> None:
    from workflows.core import audit

    audit.EVENT_LABELS.setdefault(RESTORE_EVENT, "从备份恢复")
    replaced = values.get("replaced_head")
    documents = values.get("documents_after") or []
    when = values.get("backup_time", "")[:16].replace("T", " ")
    summary = f"从备份恢复数据库（{when} 的备份，{values.get('backup_reason', '')}）"
    if replaced:
        summary += f"；替换前审计记录末条为第 {replaced[0]} 号"
    elif not values.get("current_readable", True):
        summary += "；替换前的数据库已损坏，无法读出其审计记录"
    if documents:
        summary += f"；备份之后签发的 {len(documents)} 份文书不在恢复后的档案中"
    # Written directly: the restored file was checked whole before it was put in place.
    with store.session(values.get("operator") or "") as session, session.begin():
        audit.record(session, RESTORE_EVENT, summary, entity="database", details={
            "backup": values.get("backup"), "backup_time": values.get("backup_time"),
            "backup_head": values.get("backup_head"), "replaced_head": replaced,
            "documents_after": documents,
        })
