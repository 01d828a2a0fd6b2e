"""Work-arounds for bugs of the pinned PySide6 release, applied once at start-up.

PySide6 6.12.0 on Python 3.11: ``SignalInstance.emit()`` returns ``True``/``False``
without owning a reference, so every emit from Python takes one reference from the bool
it returns; after a few hundred emits the interpreter aborts ("Fatal Python error:
bool_dealloc"). ``ui.tasks`` detects the bug once at import; if present, we give both
bools a reserve of references large enough for any session, so every ``emit`` in the
program (and in Qt's own Python bindings) is safe, not only those that use a wrapper.
"""

from __future__ import annotations

import ctypes

RESERVE = 1 << 40  # far more emits than a program run can make


def protect_bools() -> bool:
    """Give True and False a large reference reserve if this PySide6 leaks them."""
    from ui.tasks import _emit_drops_a_reference

    if not _emit_drops_a_reference():
        return False
    for value in (True, False):
        # ob_refcnt is the first field of every CPython object (3.11: not immortal yet).
        ctypes.c_ssize_t.from_address(id(value)).value += RESERVE
    return True
