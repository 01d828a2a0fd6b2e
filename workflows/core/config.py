"""Where the program keeps its files, and the small per-user settings it remembers.

One place resolves every folder (platformdirs), so tests and portable installs can
redirect everything with environment variables:

- ``VEW_DATA_DIR``   folder for databases, backups and archived documents
- ``VEW_CONFIG_DIR`` folder for ``settings.json`` (operator name, …)
- ``VEW_DB``         database URL or SQLite file path used when ``--db`` is not given
- ``VEW_BACKUP_CAP_MB`` size cap of a database's backup folder (default 3072)

Personal data at rest: the data folder is private to the user (0700) and every file the
program creates once it has opened a database — the database and its journal, backups,
logs, exports — is readable by the user only (0600, by the process umask). On Windows the
folders lie under the user's own profile, which only that user can read.

Database locations become URLs only through :func:`sqlite_url` (``URL.create``), never by
pasting text together: a folder named ``a%41`` or ``第1组 #2`` opens exactly that file.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path, PureWindowsPath

APP_NAME = "VillageElectionWorkbench"
APP_AUTHOR = "VillageElectionWorkbench"
REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCES = REPO_ROOT / "resources"
PRIVATE_UMASK = 0o077
ERROR_LOG = "error.log"
ERROR_LOG_BYTES = 1_000_000  # rotated at about 1 MB, three old files kept
ERROR_LOG_KEPT = 3


def private_files() -> None:
    """From now on every file and folder this process creates is the user's alone
    (0600 / 0700 on Linux and macOS): called before a database is opened."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private(path: Path) -> None:
    """Restrict an existing file (0600) or folder (0700) of ours to its owner; a file we
    do not own, or a system that has no such modes, is left as it is."""
    if os.name != "posix":
        return
    try:
        if path.stat().st_uid != os.geteuid():
            return
        path.chmod(0o700 if path.is_dir() else 0o600)
    except OSError:
        pass


def data_dir() -> Path:
    """Return (and create) the folder holding databases, backups and documents (0700)."""
    override = os.environ.get("VEW_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_private(path)
    return path


def config_dir() -> Path:
    """Return (and create) the folder holding the per-user settings file."""
    override = os.environ.get("VEW_CONFIG_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


_WINDOWS_ABSOLUTE = re.compile(r"^[A-Za-z]:[\\/]|^\\\\")


def sqlite_url(path: str | os.PathLike) -> str:
    """The SQLite URL of exactly this file: spaces, Chinese, ``%``, ``#`` and Windows drive
    letters survive (``URL.create`` escapes them; parsing gives the same path back)."""
    from sqlalchemy.engine import URL

    text = os.fspath(path)
    if _WINDOWS_ABSOLUTE.match(text) and os.name != "nt":
        database = str(PureWindowsPath(text))  # a Windows path named on another system
    else:
        database = str(Path(text).expanduser().resolve())
    return URL.create("sqlite", database=database).render_as_string(hide_password=False)


def as_database_url(value: str) -> str:
    """Turn a plain file path into a SQLite URL; leave real URLs alone."""
    if "://" in value:
        return value
    return sqlite_url(value)


def sqlite_path_of(url: str) -> Path | None:
    """The file behind a SQLite URL, None for memory or other databases."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def display_url(url: str) -> str:
    """A database location to show or log: the file, or the server URL without password."""
    from sqlalchemy.engine import make_url

    path = sqlite_path_of(url)
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)


def resolve_database_url(cli_value: str | None = None, *, demo: bool = False) -> str:
    """Pick the database: the demo file, ``--db``, ``VEW_DB``, or the default file."""
    if demo:
        return sqlite_url(data_dir() / "demo.sqlite")
    chosen = cli_value or os.environ.get("VEW_DB")
    if chosen:
        return as_database_url(chosen)
    return sqlite_url(data_dir() / "workbench.sqlite")


# --- personal data in messages and logs ----------------------------------------------------
# An ID number (18 characters, the last may be X; or the old 15 digits) or a phone number
# (mobile 1[3-9]xxxxxxxxx, or a landline with its area code) never reaches a log or a dialog.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")


def scrub(text: str) -> str:
    """``text`` with ID numbers and phone numbers replaced by a placeholder."""
    text = _ID_NUMBER.sub("<身份证号>", text)
    text = _MOBILE.sub("<电话>", text)
    return _LANDLINE.sub("<电话>", text)


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


_error_logger: logging.Logger | None = None
_error_log_file: Path | None = None


def error_log_path() -> Path:
    """The error log in the data folder."""
    return data_dir() / ERROR_LOG


def error_logger() -> logging.Logger:
    """The program's error log: rotated at about 1 MB, scrubbed of ID and phone numbers,
    readable by the user only."""
    global _error_logger, _error_log_file
    path = error_log_path()
    if _error_logger is not None and _error_log_file == path:
        return _error_logger
    reset_error_log()
    from logging.handlers import RotatingFileHandler

    private_files()
    logger = logging.getLogger("vew.errors")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = RotatingFileHandler(path, maxBytes=ERROR_LOG_BYTES, backupCount=ERROR_LOG_KEPT,
                                  encoding="utf-8", delay=True)
    handler.setFormatter(_ScrubbingFormatter("\n=== %(asctime)s ===\n%(message)s"))
    logger.addHandler(handler)
    if path.exists():
        make_private(path)
    _error_logger, _error_log_file = logger, path
    return logger


def log_error(summary: str, exc_info=None) -> Path:
    """Write ``summary`` (and the exception's traceback) to the error log; return its path.
    ``exc_info``: an exception, a ``sys.exc_info()`` triple, or True for the current one."""
    logger = error_logger()
    logger.error(summary, exc_info=exc_info)
    for handler in logger.handlers:
        handler.flush()
    path = error_log_path()
    if path.exists():
        make_private(path)
    return path


def reset_error_log() -> None:
    """Forget the open log (tests point ``VEW_DATA_DIR`` elsewhere between runs)."""
    global _error_logger, _error_log_file
    logger = logging.getLogger("vew.errors")
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)
    _error_logger = _error_log_file = None


class Settings:
    """A tiny JSON settings file; unknown keys are preserved."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (config_dir() / "settings.json")
        self._values: dict[str, object] = {}
        try:
            self._values = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._values = {}

    def get(self, key: str, default: object = None) -> object:
        """Return a stored value or ``default``."""
        return self._values.get(key, default)

    def set(self, key: str, value: object) -> None:
        """Store a value and write the file at once (atomically)."""
        self._values[key] = value
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(self.path)

    @property
    def operator(self) -> str:
        """The name of the person using the program, written into every audit event."""
        value = self.get("operator", "")
        return value if isinstance(value, str) else ""

    @operator.setter
    def operator(self, name: str) -> None:
        self.set("operator", name.strip())


def today():
    """Today's date; ``VEW_TODAY=YYYY-MM-DD`` pins it (reproducible demos and checks)."""
    from datetime import date

    pinned = os.environ.get("VEW_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def computer_name() -> str:
    """This computer's name, as a lock file and messages show it."""
    import socket

    return os.environ.get("COMPUTERNAME") or socket.gethostname() or "?"


def user_name() -> str:
    """The signed-in user's account name."""
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no user database entry (containers): the numeric id
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


if sys.platform == "win32":  # pragma: no cover - Windows only
    PRIVATE_UMASK = 0
