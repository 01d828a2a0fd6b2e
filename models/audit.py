"""The append-only, SHA-256-chained audit log, its head and the anchors printed on paper."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class AuditEvent(Base):
    """One recorded change: who did what to which record, chained to the event before it.

    ``digest`` is the SHA-256 of the record's whole content after the change (every
    column, full values), or None for a deletion and for events about no single record;
    replaying the digests says what every audited row should be now.
    """

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
    digest: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditHead(Base):
    """A single-row lock and counter: appending to the chain first updates this row.

    The update takes the database's write lock (SQLite) or a row lock (PostgreSQL)
    before the previous hash is read, so two writers can never fork the chain. Triggers
    keep ``appended`` from ever going down and the row from being deleted or replaced.
    """

    __tablename__ = "audit_head"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    appended: Mapped[int] = mapped_column(Integer, default=0)


class AuditAnchor(Base):
    """The chain head printed on an archived document (审计锚点), by its verification code.

    ``event_id`` is the event whose hash the anchor shows: the last one when the document
    was drafted. Kept so the document can be rendered again byte for byte and so the
    audit check can tell which event each paper vouches for.
    """

    __tablename__ = "audit_anchor"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True, info={"label": "核验码"})
    anchor: Mapped[str] = mapped_column(String(19), info={"label": "审计锚点"})
    event_id: Mapped[int] = mapped_column(Integer, info={"label": "锚定的审计记录"})
    # Where the document belongs (as its archive entry), so the audit view files it there.
    township_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    village_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    election_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
