"""What a check finds: one finding type and one severity scale for every rule of the program.

A stage's blockers, a candidate list's checks and a roster's warnings all report
:class:`Finding`s; the stage page, the work areas and the documents read them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from workflows.core.text import Msg


class Severity(StrEnum):
    """How much a finding weighs: it blocks the stage, warns, or only informs."""

    BLOCKER = "blocker"
    WARNING = "warning"
    NOTE = "note"


SEVERITY_ORDER = {Severity.BLOCKER: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True)
class Finding:
    """One result of a check, with its rule IDs and the records it concerns."""

    message: Msg
    rule_ids: tuple[str, ...] = ()
    severity: Severity = Severity.BLOCKER
    subject_ids: tuple[int, ...] = ()  # candidates, members … the finding is about


@dataclass
class Findings:
    """The results of one check, in order."""

    items: list[Finding] = field(default_factory=list)

    def add(self, message: Msg, rules: str, severity: Severity | str = Severity.BLOCKER,
            subjects: Iterable[int] = ()) -> None:
        """Append a finding unless its severity is ``"off"`` (a profile's severity setting)."""
        if severity != "off":
            self.items.append(Finding(message, tuple(rules.split()), Severity(severity),
                                      tuple(subjects)))

    def extend(self, other: Findings) -> None:
        """Append another check's findings."""
        self.items.extend(other.items)

    def of(self, severity: Severity) -> list[Finding]:
        """The findings of one severity, in order."""
        return [f for f in self.items if f.severity == severity]

    @property
    def blockers(self) -> list[Finding]:
        """Findings that stop the stage."""
        return self.of(Severity.BLOCKER)

    @property
    def warnings(self) -> list[Finding]:
        """Findings that only warn."""
        return self.of(Severity.WARNING)

    @property
    def notes(self) -> list[Finding]:
        """Findings that only inform."""
        return self.of(Severity.NOTE)

    @property
    def ok(self) -> bool:
        """No blocker."""
        return not self.blockers

    def texts(self) -> list[str]:
        """The messages as Chinese text (tests, command line)."""
        return [str(f.message) for f in self.items]
