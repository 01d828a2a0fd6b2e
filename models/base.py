"""Declarative base shared by every entity, with constraint names Alembic can rely on."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints make batch migrations on SQLite (which rebuild tables) deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base class of all ORM entities.

    ``__audited__`` marks entities whose every insert, update and delete is written to
    the hash-chained audit log automatically (see ``workflows.audit``).
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __audited__ = True


class Timestamped:
    """Mixin adding creation and modification times."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
