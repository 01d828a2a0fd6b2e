"""The one helper that runs background work: progress, success and failure on the GUI thread.

A job is a plain callable ``job(report, is_cancelled)`` run on Qt's global thread pool. It
must not touch widgets and should open its own short-lived resources (database session,
PDF document). ``report(done, total, text="")`` and the job's result or exception are
queued back to the thread that called :func:`run_in_background`, where the callbacks run.
"""

from __future__ import annotations

import functools
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Report = Callable[..., None]
IsCancelled = Callable[[], bool]
Job = Callable[[Report, IsCancelled], Any]


# Handles whose result has not been delivered yet: keeps them alive if the caller drops them.
_pending: set[TaskHandle] = set()


class TaskHandle(QObject):
    """A running job: cancel it, wait for it, or connect to its GUI-thread signals."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self._delivered = False
        self._stale = False

    def cancel(self) -> None:
        """Ask the job to stop; it notices the next time it calls ``is_cancelled()``."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Whether cancelling was asked for."""
        return self._cancel.is_set()

    def wait(self, ms: int = -1) -> bool:
        """Block until the job has returned or raised (callbacks follow on the event loop)."""
        return self._ended.wait(None if ms < 0 else ms / 1000)

    @property
    def done(self) -> bool:
        """True once the job has returned or raised."""
        return self._ended.is_set()

    @property
    def delivered(self) -> bool:
        """True once the success or failure callback has run."""
        return self._delivered

    def detach(self) -> None:
        """Cancel and drop the callbacks: the result is stale (e.g. its window was closed)."""
        self._stale = True
        self.cancel()

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, text: str) -> None:
        if not self._stale and not self._delivered:
            self.progressed.emit(done, total, text)

    @Slot(bool, object)
    def _deliver_result(self, ok: bool, value: object) -> None:
        self._delivered = True
        _pending.discard(self)
        if self._stale:
            return
        (self.succeeded if ok else self.failed).emit(value)
        self.finished.emit()


class _Emitter(QObject):
    """Created and destroyed in the worker thread; its signals are queued to the handle."""

    progress = Signal(int, int, str)
    result = Signal(bool, object)


def _work(handle_ref: weakref.ref[TaskHandle], job: Job, cancel: threading.Event,
          ended: threading.Event) -> None:
    """Worker side: run the job and post its outcome to the handle's thread."""
    emitter = _Emitter()
    handle = handle_ref()
    if handle is not None:  # held by _pending until its result arrives, so never the last ref
        emitter.progress.connect(handle._deliver_progress, Qt.ConnectionType.QueuedConnection)
        emitter.result.connect(handle._deliver_result, Qt.ConnectionType.QueuedConnection)
    # The worker keeps no reference: the handle (a GUI-thread QObject) must die on its thread.
    del handle

    def report(done: int, total: int, text: str = "") -> None:
        emitter.progress.emit(int(done), int(total), str(text))

    try:
        result = job(report, cancel.is_set)
    except Exception as exc:  # every failure goes to on_failure, never to a traceback dialog
        # Refusals (bad input, unwritable file) are expected; anything else is a bug to log.
        level = logging.INFO if isinstance(exc, ValueError | OSError) else logging.WARNING
        log.log(level, "background job failed", exc_info=exc)
        emitter.result.emit(False, exc)
    else:
        emitter.result.emit(True, result)
    finally:
        ended.set()


def run_in_background(job: Job, *, on_success: Callable[[Any], None] | None = None,
                      on_failure: Callable[[BaseException], None] | None = None,
                      on_progress: Callable[[int, int, str], None] | None = None,
                      parent: QObject | None = None) -> TaskHandle:
    """Run ``job(report, is_cancelled)`` on the thread pool; call back on this thread.

    With a ``parent``, destroying the parent cancels the job and drops its callbacks.
    """
    handle = TaskHandle()
    if on_progress is not None:
        handle.progressed.connect(on_progress)
    if on_success is not None:
        handle.succeeded.connect(on_success)
    if on_failure is not None:
        handle.failed.connect(on_failure)
    if parent is not None:
        parent.destroyed.connect(handle.detach)
    _pending.add(handle)
    runnable = QRunnable.create(
        functools.partial(_work, weakref.ref(handle), job, handle._cancel, handle._ended))
    QThreadPool.globalInstance().start(runnable)
    return handle
