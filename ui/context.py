"""What every screen needs: the open database, settings, signals, and today's date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ui.signals import AppSignals
from workflows.core import config

if TYPE_CHECKING:  # the database layer is imported only once the window is up
    from workflows.core.scope import ElectionScope
    from workflows.core.store import Session, Store


@dataclass
class AppContext:
    """Shared state of the running program (no widgets in here)."""

    store: Store
    settings: config.Settings
    signals: AppSignals
    demo: bool = False
    township_id: int | None = None

    @property
    def read_only(self) -> str:
        """Why nothing can be changed (another program holds the file, it is read-only);
        empty when the database is writable."""
        return self.store.read_only

    def replace_store(self, store: Store) -> None:
        """Continue on another open database (the same file after a restore)."""
        self.store = store

    @property
    def operator(self) -> str:
        """The operator's name written into the audit log."""
        return self.settings.operator

    def today(self) -> date:
        """Today's date (pinned by ``VEW_TODAY`` in demos and tests)."""
        return config.today()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One audited transaction under the current operator."""
        with self.store.transaction(self.operator) as session:
            yield session

    def session(self) -> Session:
        """A read session (use as a context manager)."""
        return self.store.session(self.operator)

    @contextmanager
    def scope(self, election_id: int) -> Iterator[ElectionScope]:
        """One audited transaction on one election, its scope built once for the action."""
        from workflows.core.scope import open_scope

        with self.transaction() as session:
            yield open_scope(session, election_id, self.today())

    @contextmanager
    def read_scope(self, election_id: int) -> Iterator[ElectionScope]:
        """A read session on one election, with its scope (nothing is stored)."""
        from workflows.core.scope import open_scope

        with self.session() as session:
            yield open_scope(session, election_id, self.today())
