"""One writer per database file: a lock file beside it names who holds it.

``<database>.lock`` holds the computer, the user, the process id and since when, and the
holding process keeps an operating-system lock on it (``flock`` on Linux and macOS, a
locked byte on Windows) for as long as it runs. Another program instance that finds the
file locked is told who holds it and may open the database read-only. A lock file whose
operating-system lock is free was left by a process that died: on the same computer it is
taken over. A free lock naming another computer is not taken over (locks do not reliably
reach across a network share, so that computer may still be working).

Within one process the lock is shared: opening the same file twice (tests, a restore
reopening the file) counts references and releases on the last close.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workflows.core import config

if os.name == "nt":  # pragma: no cover - Windows only
    import msvcrt
else:
    import fcntl

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 1 << 20  # a byte far past the text, so other processes can read it


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a database: computer, user, process id, since when."""

    computer: str
    user: str
    pid: int
    since: str  # ISO timestamp, local time

    @classmethod
    def this_process(cls) -> Holder:
        return cls(config.computer_name(), config.user_name(), os.getpid(),
                   datetime.now().isoformat(timespec="seconds"))

    @property
    def on_this_computer(self) -> bool:
        return self.computer == config.computer_name()

    def describe(self) -> str:
        """“计算机“办公室-1”上的用户“lisi”（自 2026-11-21 09:30 起）”."""
        try:
            since = datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            since = self.since or "?"
        return f"计算机“{self.computer}”上的用户“{self.user}”（自 {since} 起）"


UNKNOWN = Holder("?", "?", 0, "")


class LockHeld(Exception):
    """Another running program holds the database; ``holder`` says who."""

    def __init__(self, holder: Holder) -> None:
        super().__init__(holder.describe())
        self.holder = holder


def lock_path(database: Path) -> Path:
    """The lock file beside ``database``."""
    return database.with_name(database.name + LOCK_SUFFIX)


@dataclass
class _Held:
    fd: int
    count: int


_held: dict[str, _Held] = {}
_guard = threading.Lock()


class DatabaseLock:
    """A held lock; :meth:`release` once per :func:`acquire`."""

    def __init__(self, key: str, shared: bool = False) -> None:
        self.key = key
        self.shared = shared  # this process held the lock already (another open store)
        self.released = False

    @property
    def path(self) -> Path:
        return Path(self.key)

    def release(self) -> None:
        """Give this reference up; the last one removes the lock file and unlocks."""
        if self.released:
            return
        self.released = True
        with _guard:
            held = _held.get(self.key)
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            del _held[self.key]
            _close(held.fd, self.key)


def acquire(database: Path) -> DatabaseLock:
    """Take the lock of ``database`` (or share this process's); raise :class:`LockHeld`.

    ``OSError`` means the lock file cannot be made (a read-only folder)."""
    key = str(lock_path(Path(os.path.abspath(database))))
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return DatabaseLock(key, shared=True)
        for _attempt in range(20):
            fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if not _try_lock(fd):
                    raise LockHeld(_read(fd) or UNKNOWN)
                if not _same_file(fd, key):  # removed by its last holder meanwhile: again
                    os.close(fd)
                    continue
                previous = _read(fd)
                if previous is not None and not previous.on_this_computer:
                    raise LockHeld(previous)
                _write(fd, Holder.this_process())
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
            _held[key] = _Held(fd, 1)
            return DatabaseLock(key)
        raise LockHeld(UNKNOWN)


def holder(database: Path) -> Holder | None:
    """Who holds the lock of ``database`` now (None: nobody, or only a dead process)."""
    key = str(lock_path(Path(os.path.abspath(database))))
    with _guard:
        if key in _held:
            return Holder.this_process()
    try:
        fd = os.open(key, os.O_RDONLY if os.name != "nt" else os.O_RDWR)
    except OSError:
        return None
    try:
        if os.name != "nt":
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return _read(fd) or UNKNOWN
            fcntl.flock(fd, fcntl.LOCK_UN)
            info = _read(fd)
            return info if info is not None and not info.on_this_computer else None
        if not _try_lock(fd):  # pragma: no cover - Windows only
            return _read(fd) or UNKNOWN
        _unlock(fd)  # pragma: no cover
        return None  # pragma: no cover
    finally:
        os.close(fd)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (True when unsure)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows only
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# --- operating-system locks -------------------------------------------------------------
def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows only
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: the holder's text decides
        return True
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows only
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, key: str) -> bool:
    try:
        mine, now = os.fstat(fd), os.stat(key)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _read(fd: int) -> Holder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 4096)
        values = json.loads(data.decode("utf-8")) if data.strip() else None
        if not isinstance(values, dict):
            return None
        return Holder(str(values.get("computer", "?")), str(values.get("user", "?")),
                      int(values.get("pid", 0)), str(values.get("since", "")))
    except (OSError, ValueError, TypeError):
        return None


def _write(fd: int, info: Holder) -> None:
    data = json.dumps({"computer": info.computer, "user": info.user, "pid": info.pid,
                       "since": info.since}, ensure_ascii=False).encode("utf-8")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.fsync(fd)


def _close(fd: int, key: str) -> None:
    if os.name == "nt":  # pragma: no cover - Windows only: an open file cannot be removed
        _unlock(fd)
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(key)
        return
    try:
        if _same_file(fd, key):
            os.unlink(key)  # still holding the lock: nobody can take a removed file's lock
    except OSError:
        pass
    _unlock(fd)
    os.close(fd)
