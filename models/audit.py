"""The append-only, SHA-256-chained audit log."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class AuditEvent(Base):
    """One recorded change: who did what to which record, chained to the event before it."""

    __tablename__ = "audit_event"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    operator: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    township_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    village_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    election_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """A single-row lock: appending to the chain first updates this row.

    The update takes the database's write lock (SQLite) or a row lock (PostgreSQL)
    before the previous hash is read, so two writers can never fork the chain.
    """

    __tablename__ = "audit_head"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    appended: Mapped[int] = mapped_column(Integer, default=0)
