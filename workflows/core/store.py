"""Open the database safely: refuse damaged or foreign files, back up, migrate, configure.

SQLite is the default (one file per township office); a PostgreSQL URL works the same way
for shared use. A file that is damaged, not SQLite, or not ours is never written to: the
caller gets a :class:`StoreError` with a Chinese message instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from workflows.core import backup
from workflows.core.backup import read_only_uri
from workflows.core.config import REPO_ROOT

# Must equal the newest revision in migrations/versions (checked by a test). Comparing
# against a constant lets a normal start skip importing Alembic at all.
HEAD_REVISION = "0011_record_versions"
MIGRATIONS_DIR = REPO_ROOT / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"
OUR_TABLES = {"township", "village", "election_process", "audit_event"}


class StoreError(Exception):
    """The database cannot be opened; ``str(error)`` is a message for the clerk."""


@dataclass
class Store:
    """An open database: its engine and a session factory with audit logging attached.

    A store opened with ``defer_check=True`` has not yet had its full integrity check:
    until :meth:`verify_integrity` has passed, every write transaction is refused with a
    plain message (reading and printing work). The program runs the check in the
    background right after the first screen is painted.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    integrity: str = "ok"  # "pending" until checked; "ok"; or why the file is damaged

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for SQLite, else None."""
        return sqlite_file(self.url)

    def session(self, operator: str = "") -> Session:
        """Return a new session whose changes are audited under ``operator``."""
        session = self.sessions()
        session.info["operator"] = operator
        return session

    @contextmanager
    def transaction(self, operator: str = "") -> Iterator[Session]:
        """Yield a session inside one transaction: commit on success, roll back on error."""
        self._refuse_writes_until_checked()
        with self.session(operator) as session, session.begin():
            yield session

    def _refuse_writes_until_checked(self) -> None:
        if self.integrity == "pending":
            raise StoreError("正在检查数据库文件是否完好（约一秒），请稍候再保存。")
        if self.integrity != "ok":
            raise StoreError(f"数据库文件已损坏（{self.integrity}），为防止损坏扩大，程序不再写入。"
                             "请从备份恢复，或联系技术人员。")

    def verify_integrity(self) -> bool:
        """Run ``PRAGMA integrity_check`` on the whole file (SQLite releases the GIL while it
        reads, so a worker thread runs it without freezing the window); on success make
        today's backup, which a damaged file never gets."""
        path = self.sqlite_path
        if path is None:
            self.integrity = "ok"
            return True
        connection = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            result = (str(error),)
        finally:
            connection.close()
        self.integrity = "ok" if result and result[0] == "ok" else (result[0] if result else "?")
        if self.integrity == "ok":
            backup.daily_backup(path)
        return self.integrity == "ok"

    def dispose(self) -> None:
        """Close every pooled connection (needed before the file is moved or restored)."""
        self.engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """Return the file of a file-based SQLite URL, None for memory or other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def open_store(url: str, *, migrate: bool = True, defer_check: bool = False) -> Store:
    """Open (creating if needed) the database at ``url``, migrated to the current schema.

    ``defer_check``: when no migration is due, skip the page-level check here and leave the
    store ``pending`` (writes refused) until :meth:`Store.verify_integrity` — the GUI paints
    first and checks right after. Before a migration the file is always checked first.
    """
    path = sqlite_file(url)
    if path is not None:
        # Everything is checked read-only first: even switching on WAL writes to the file.
        tables, revision = _check_sqlite_file(path, pages=False)
        _check_ours(tables, revision, path)
        if not defer_check or (migrate and revision not in (HEAD_REVISION, None)):
            _check_sqlite_file(path, pages=True)
            defer_check = False
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = _create_engine(url)
    try:
        if path is None:
            revision = _current_revision(engine, url)
        if migrate and revision != HEAD_REVISION:
            if path is not None and revision is not None:
                backup.make_backup(path, "升级前")
            _upgrade(engine)
        if path is not None and not defer_check:
            backup.daily_backup(path)
    except StoreError:
        engine.dispose()
        raise
    except Exception as error:  # the driver's own errors become a clear message
        engine.dispose()
        raise StoreError(f"无法打开数据库“{path or url}”：{error}") from error
    from workflows.core import audit

    sessions = sessionmaker(engine, expire_on_commit=False)
    audit.install(sessions)
    event.listen(sessions, "do_orm_execute", _versions_for_bulk_updates)
    return Store(url, engine, sessions, "pending" if defer_check and path is not None else "ok")


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
        connection = sqlite3.connect(read_only_uri(path), uri=True)
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


def _damaged(path: Path, detail: str) -> StoreError:
    return StoreError(
        f"数据库文件“{path}”已损坏（{detail}），程序不会改动它。"
        "请从备份恢复（备份在同一文件夹的 backups 子文件夹中），或联系技术人员。"
    )


def _create_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL, foreign keys and real transactions."""
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url)

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

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return script_directory_class.from_config(config)


def _upgrade(engine: Engine, target: str = "head") -> None:
    """Run Alembic up to ``target`` in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def upgrade_to(store_or_engine: Store | Engine, target: str) -> None:
    """Migrate to a given revision (used by tests of migrations)."""
    engine = store_or_engine.engine if isinstance(store_or_engine, Store) else store_or_engine
    _upgrade(engine, target)


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
