"""Application-wide signals announcing what changed, so screens refresh only that."""

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    """Named change notifications (ids are database ids; 0 means “all”)."""

    township_changed = Signal(int)
    villages_changed = Signal(int)
    election_changed = Signal(int)
    stage_changed = Signal(int)
    profile_changed = Signal(int)
    calendar_changed = Signal()
    documents_changed = Signal(int)
    operator_changed = Signal(str)
