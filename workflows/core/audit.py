"""The append-only audit log: every data change, chained with SHA-256.

Changes made through the ORM are captured automatically after each flush (inserts,
updates with old and new values, deletes) for every entity whose class has
``__audited__ = True``. Workflows add explicit events with :func:`record` (stage
transitions, bulk imports). Each event's hash covers its content and the previous
event's hash, so editing or deleting any past row is found by :func:`verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, AuditHead, Village
from models.base import Base

GENESIS_HASH = "0" * 64
UNSIGNED_OPERATOR = "（未署名）"
IGNORED_COLUMNS = {"created_at", "updated_at"}
ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除"}
# How the audit view names each kind of event (explicit events use dotted names).
EVENT_LABELS = {**ACTION_LABELS, "stage.advance": "完成阶段", "stage.reopen": "重新打开阶段",
                "election.move": "变更选举日",
                "import": "导入"}
ENTITY_LABELS: dict[str, str] = {
    "township": "乡镇",
    "village": "村",
    "village_group": "村民小组",
    "election_process": "换届选举",
    "milestone_fact": "日程事项日期",
    "calendar_day": "节假日表",
    "calendar_year": "节假日表年份",
    "document": "文书",
}


NAME_RESOLVERS: dict[str, Callable[[Any], str]] = {}


def register_entity_label(table: str, label: str) -> None:
    """Let a stage module name its own tables in audit summaries."""
    ENTITY_LABELS[table] = label


def register_name_resolver(table: str, resolver: Callable[[Any], str]) -> None:
    """Let a module say how a record of its table is named in summaries."""
    NAME_RESOLVERS[table] = resolver


def _labels_registered() -> None:
    """Domains register their tables' labels with their stage rules (imported once)."""
    from workflows.core.domains import load_stage_rules

    load_stage_rules()


def event_label(action: str) -> str:
    """The Chinese name of an event kind, for the audit view."""
    _labels_registered()
    return EVENT_LABELS.get(action, action)


def install(sessions: sessionmaker[Session]) -> None:
    """Attach automatic change capture to every session made by ``sessions``."""
    event.listen(sessions, "after_flush", _after_flush)


@dataclass(frozen=True)
class Scope:
    """Which township, village and election an event belongs to (for filtering)."""

    township_id: int | None = None
    village_id: int | None = None
    election_id: int | None = None


def record(
    session: Session,
    action: str,
    summary: str,
    *,
    entity: str = "",
    entity_id: int | None = None,
    scope: Scope | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one explicit event (e.g. a stage transition) in the session's transaction."""
    scope = _complete_scope(session, scope or Scope())
    row = {
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "township_id": scope.township_id,
        "village_id": scope.village_id,
        "election_id": scope.election_id,
        "summary": summary,
        "details": _dumps(details or {}),
    }
    _append(session, [row])


def _after_flush(session: Session, _context) -> None:
    if session.new or session.dirty or session.deleted:
        _labels_registered()
    rows = [row for obj in session.new if (row := _insert_row(obj))]
    rows += [row for obj in session.dirty if (row := _update_row(obj))]
    rows += [row for obj in session.deleted if (row := _delete_row(obj))]
    if rows:
        for row in rows:
            scope = _complete_scope(session, row.pop("scope"))
            row.update(
                township_id=scope.township_id,
                village_id=scope.village_id,
                election_id=scope.election_id,
            )
        _append(session, rows)


def _audited(obj: object) -> bool:
    return isinstance(obj, Base) and getattr(type(obj), "__audited__", False)


def _column_values(obj: Base) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        column.key: _logged_value(obj, column.key)
        for column in mapper.column_attrs
        if column.key not in IGNORED_COLUMNS
    }


def _logged_value(obj: Base, key: str) -> Any:
    """The value as logged; bulky columns (``info={"audit": False}``) only by size."""
    value = getattr(obj, key)
    if obj.__table__.columns[key].info.get("audit", True) or value is None:
        return _jsonable(value)
    return f"<{len(value)} 字节>"


def _insert_row(obj: object) -> dict[str, Any] | None:
    if not _audited(obj):
        return None
    return _row(obj, "insert", _column_values(obj))


def _delete_row(obj: object) -> dict[str, Any] | None:
    if not _audited(obj):
        return None
    return _row(obj, "delete", _column_values(obj))


def _update_row(obj: object) -> dict[str, Any] | None:
    if not _audited(obj):
        return None
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in IGNORED_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                if not obj.__table__.columns[attr.key].info.get("audit", True):
                    old, new = (f"<{len(v)} 字节>" if v is not None else None for v in (old, new))
                changes[attr.key] = [_jsonable(old), _jsonable(new)]
    if not changes:
        return None
    return _row(obj, "update", changes)


def _row(obj: Base, action: str, details: dict[str, Any]) -> dict[str, Any]:
    table = obj.__tablename__
    label = ENTITY_LABELS.get(table, table)
    name = _display_name(obj)
    summary = f"{ACTION_LABELS[action]}{label}" + (f"“{name}”" if name else "")
    if action == "update":
        columns = obj.__table__.columns
        summary += "：" + "、".join(columns[key].info.get("label", key) for key in details)
    return {
        "action": action,
        "entity": table,
        "entity_id": getattr(obj, "id", None),
        "summary": summary,
        "details": _dumps(details),
        "scope": _own_scope(obj),
    }


def _display_name(obj: object) -> str:
    resolver = NAME_RESOLVERS.get(getattr(obj, "__tablename__", ""))
    if resolver is not None:
        return resolver(obj)
    for attribute in ("name", "title", "term_label", "key", "day"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return ""


def _own_scope(obj: Base) -> Scope:
    table = obj.__tablename__
    ident = getattr(obj, "id", None)
    return Scope(
        township_id=ident if table == "township" else getattr(obj, "township_id", None),
        village_id=ident if table == "village" else getattr(obj, "village_id", None),
        election_id=ident if table == "election_process" else getattr(obj, "election_id", None),
    )


def _complete_scope(session: Session, scope: Scope) -> Scope:
    """Fill the village from the election and the township from the village."""
    connection = session.connection()
    village_id = scope.village_id
    if village_id is None and scope.election_id is not None:
        village_id = connection.execute(
            text("SELECT village_id FROM election_process WHERE id = :id"), {"id": scope.election_id}
        ).scalar()
    township_id = scope.township_id
    if township_id is None and village_id is not None:
        township_id = connection.execute(
            text("SELECT township_id FROM village WHERE id = :id"), {"id": village_id}
        ).scalar()
    return Scope(township_id, village_id, scope.election_id)


def _append(session: Session, rows: list[dict[str, Any]]) -> None:
    """Chain and insert rows; the head update first takes the write lock."""
    connection = session.connection()
    connection.execute(
        update(AuditHead).where(AuditHead.id == 1).values(appended=AuditHead.appended + len(rows))
    )
    prev = connection.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar() or GENESIS_HASH
    operator = session.info.get("operator") or UNSIGNED_OPERATOR
    now = datetime.now(UTC)
    for row in rows:
        row.update(occurred_at=now, operator=operator, prev_hash=prev)
        row["hash"] = prev = event_hash(row)
    connection.execute(insert(AuditEvent), rows)


def event_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the event's content and the previous event's hash."""
    payload = [
        row["prev_hash"],
        _timestamp(row["occurred_at"]),
        row["operator"],
        row["action"],
        row["entity"],
        row["entity_id"],
        row["township_id"],
        row["village_id"],
        row["election_id"],
        row["summary"],
        row["details"],
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def _timestamp(moment: datetime) -> str:
    """Normalise to naive UTC so the hash is the same whatever the database returns."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _dumps(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class VerifyReport:
    """Outcome of checking the chain; ``broken_id`` is the first event that fails."""

    ok: bool
    checked: int
    broken_id: int | None = None
    problem: str = ""


def verify(session: Session) -> VerifyReport:
    """Recompute the whole chain and report the first event that does not match."""
    prev = GENESIS_HASH
    checked = 0
    columns = AuditEvent.__table__.columns
    result = session.execute(select(*columns).order_by(AuditEvent.id)).mappings()
    for row in result:
        checked += 1
        if row["prev_hash"] != prev:
            return VerifyReport(
                False,
                checked,
                row["id"],
                f"第 {row['id']} 号记录与前一条记录的链接不符：前一条记录被删除或改动过。",
            )
        if event_hash(dict(row)) != row["hash"]:
            return VerifyReport(
                False, checked, row["id"], f"第 {row['id']} 号记录的内容被改动过（哈希值不符）。"
            )
        prev = row["hash"]
    appended = session.execute(select(AuditHead.appended).where(AuditHead.id == 1)).scalar() or 0
    if appended > checked:
        return VerifyReport(
            False, checked, None, f"审计记录应有 {appended} 条，只剩 {checked} 条：末尾的记录被删除。"
        )
    return VerifyReport(True, checked)


@dataclass(frozen=True)
class EventRow:
    """One audit event as the audit view lists it."""

    id: int
    occurred_at: datetime
    operator: str
    village_id: int | None
    action: str
    summary: str


def recent_events(session: Session, village_id: int | None = None,
                  limit: int = 2000) -> list[EventRow]:
    """The newest events, optionally of one village."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if village_id is not None:
        query = query.where(AuditEvent.village_id == village_id)
    return [EventRow(e.id, e.occurred_at, e.operator, e.village_id, e.action, e.summary)
            for e in session.scalars(query)]


def village_names(session: Session, township_id: int | None = None) -> dict[int, str]:
    """Village id → name, for the audit view's filter (one township's, or all)."""
    query = select(Village.id, Village.name).order_by(Village.name)
    if township_id:
        query = query.where(Village.township_id == township_id)
    return dict(session.execute(query).all())
