"""Copies of the SQLite file: before migrations and risky changes, and once a day.

Backups go to ``backups/`` beside the database file, named
``<file>-YYYYmmdd-HHMMSS-<reason>.sqlite``. They are made with SQLite's online backup
API, which gives a consistent copy even while the program holds the file open in WAL mode.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

BACKUP_FOLDER = "backups"
DAILY = "每日"


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI that also works for Windows paths with drive letters,
    spaces or Chinese folder names (``file:///C:/…`` with percent-encoding)."""
    return path.resolve().as_uri() + "?mode=ro"


def backup_dir(database: Path) -> Path:
    """The folder holding the backups of ``database``."""
    return database.parent / BACKUP_FOLDER


def make_backup(database: Path, reason: str) -> Path:
    """Copy ``database`` into its backup folder and return the copy's path."""
    folder = backup_dir(database)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{database.stem}-{stamp}-{reason}.sqlite"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{database.stem}-{stamp}-{reason}-{counter}.sqlite"
    source = sqlite3.connect(read_only_uri(database), uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    return target


def list_backups(database: Path) -> list[Path]:
    """Backups of ``database``, newest first."""
    folder = backup_dir(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{database.stem}-*.sqlite"), reverse=True)


def daily_backup(database: Path) -> Path | None:
    """Make today's backup unless one exists; skip an empty or missing file."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    today = datetime.now().strftime("%Y%m%d")
    if any(path.name.startswith(f"{database.stem}-{today}") for path in list_backups(database)):
        return None
    return make_backup(database, DAILY)
