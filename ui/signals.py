"""Application-wide signals announcing what changed, so screens refresh only that.

Every action reports its effect as one :class:`Changes` (as Anki's operations report
``OpChanges``): which election, and which kinds of data. Each screen looks at it and
redraws only what depends on those data — a voter saved by hand redraws the voter table
and the stage's blockers, not the township overview.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class Changes:
    """What one action changed."""

    election_id: int | None = None  # the election concerned (None: not election-bound)
    voters: bool = False  # voter rows (the list, its blockers)
    stages: bool = False  # stage states, recorded dates, candidates…: blockers and deadlines
    setup: bool = False  # election days or seats: the whole legal calendar of the election
    documents: bool = False  # the archive
    villages: bool = False  # villages added, renamed, their groups
    township: bool = False  # township-wide: profile, holidays, relatives, stroke data
    origin: object | None = None  # the widget that has already redrawn itself

    @property
    def overview(self) -> bool:
        """Whether the township overview (stages, deadlines) may show something else now."""
        return self.stages or self.setup or self.villages or self.township


class AppSignals(QObject):
    """The change notification, and the operator's name."""

    changed = Signal(object)  # Changes
    operator_changed = Signal(str)

    def report(self, changes: Changes) -> None:
        """Announce what an action changed."""
        self.changed.emit(changes)
