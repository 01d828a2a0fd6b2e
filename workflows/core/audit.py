"""The append-only audit log: every data change, chained with SHA-256, replayable.

Every insert, update and delete of an entity whose class has ``__audited__ = True`` is
one event, however it is written:

* changes made through the ORM are captured around each flush (old rows are read just
  before it, new rows just after it);
* ORM statements (``session.execute(insert(Voter), rows)``, ``update(…)``, ``delete(…)``)
  are intercepted and write one event per affected row;
* :func:`bulk_insert` stores large imports straight through the driver, with their events;
* rows the database itself deletes or nulls (``ON DELETE CASCADE`` / ``SET NULL``) get
  their events too.

Each record event carries the record's **digest**: SHA-256 over a canonical serialisation
of every column of the row as stored after the change (``None`` for a deletion). Replaying
the digests says what every audited row must be now, so :func:`verify` finds a row
changed, added or removed outside the program, by table, record and field. Its details
(old → new) show ID and phone numbers masked as on public paper; the digest and a short
check value of each masked field still cover the full values.

Each event's hash covers its content, its digest and the previous event's hash. Database
triggers (:data:`GUARDS`) refuse any UPDATE, DELETE, REPLACE or TRUNCATE of the log,
an insert anywhere but at its head, and any move of ``audit_head`` backwards; ``verify``
also checks that they are all in place. The head hash, shortened to an **anchor**
(``3F9A-C2D1-77B0-1E4D``), is printed on every archived document and written into every
stage-completion event; ``main.py audit-verify --anchor CODE`` proves the chain still
passes through it. What this can and cannot prove: docs/architecture.md, “Audit log”.

The canonical serialisation (:func:`record_digest`) and the event hash (:func:`event_hash`)
are stored formats: changing them breaks every existing chain.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Table,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session, object_session, sessionmaker

from models import AuditEvent, AuditHead, Village
from models.base import Base
from workflows.core import idcard

GENESIS_HASH = "0" * 64
UNSIGNED_OPERATOR = "（未署名）"
UPGRADE_OPERATOR = "（程序升级）"
# In the digest, not in the details shown: times kept by the ORM, the record version
# (optimistic locking) that every change raises by one.
IGNORED_COLUMNS = {"created_at", "updated_at", "version"}
COLUMN_LABELS = {"created_at": "创建时间", "updated_at": "修改时间", "version": "版本", "id": "编号",
                 "township_id": "乡镇（编号）", "village_id": "村（编号）", "election_id": "换届选举（编号）"}
RECORD_ACTIONS = ("insert", "update", "delete", "snapshot")
ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除", "snapshot": "记录现状"}
# How the audit view names each kind of event (explicit events use dotted names).
EVENT_LABELS = {**ACTION_LABELS, "stage.advance": "完成阶段", "stage.reopen": "重新打开阶段",
                "election.move": "变更选举日",
                "import": "导入", "reference.import": "导入外乡镇名单",
                "reference.remove": "删除外乡镇名单", "audit.upgrade": "升级审计记录"}
ENTITY_LABELS: dict[str, str] = {
    "township": "乡镇",
    "village": "村",
    "village_group": "村民小组",
    "election_process": "换届选举",
    "milestone_fact": "日程事项日期",
    "calendar_day": "节假日表",
    "calendar_year": "节假日表年份",
    "document": "文书",
    "audit_anchor": "文书审计锚点",
}
CHECK_SUFFIX = "#"  # details key of a masked or bulky field's check value (“id_number#”)
CHECK_LENGTH = 16
CHUNK = 5000  # ids per IN (…) when reading rows back
BULK_CHUNK = 20000  # rows written, read back and audited at a time by bulk_insert
NOTE = "audit_note"  # execution option: text appended to the summaries of a statement's events


NAME_RESOLVERS: dict[str, Callable[[Any], str]] = {
    "audit_anchor": lambda row: f"核验码 {row.code}：{row.anchor}",
}


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


def entity_label(table: str) -> str:
    """The Chinese name of an audited table."""
    _labels_registered()
    return ENTITY_LABELS.get(table, table)


def install(sessions: sessionmaker[Session]) -> None:
    """Attach change capture to every session made by ``sessions``."""
    if not event.contains(Base, "before_delete", _before_delete):
        event.listen(Base, "before_delete", _before_delete, propagate=True)
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_orm_execute)


@dataclass(frozen=True)
class Scope:
    """Which township, village and election an event belongs to (for filtering)."""

    township_id: int | None = None
    village_id: int | None = None
    election_id: int | None = None


# --- what is audited, and how a row is logged --------------------------------------------

@dataclass(frozen=True)
class TablePlan:
    """How the rows of one audited table are read, digested and shown."""

    table: Table
    name: str
    columns: tuple[str, ...]  # every column, as read back (model order)
    kinds: tuple[str, ...]  # per column: plain, id, phone, bulk, bool, ignored
    labels: dict[str, str]

    @property
    def select_sql(self) -> str:
        return f"SELECT {', '.join(self.columns)} FROM {self.name}"


_PLANS: dict[str, TablePlan] = {}


def audited_tables() -> dict[str, Table]:
    """Every table whose rows are audited one by one, by name."""
    return {mapper.local_table.name: mapper.local_table
            for mapper in Base.registry.mappers
            if getattr(mapper.class_, "__audited__", False) and isinstance(mapper.local_table, Table)}


def _kind(column) -> str:
    name = column.key
    personal = column.info.get("personal")
    if personal in ("id", "phone"):
        return personal
    if name.startswith("id_number"):
        return "id"
    if name == "phone" or name.endswith("_phone"):
        return "phone"
    if not column.info.get("audit", True):
        return "bulk"
    if name in IGNORED_COLUMNS:
        return "ignored"
    if isinstance(column.type, Boolean):
        return "bool"
    if isinstance(column.type, DateTime):
        return "datetime"
    if isinstance(column.type, Date):
        return "date"
    return "plain"


def plan_of(table: Table | str) -> TablePlan:
    """The (cached) plan of an audited table."""
    name = table if isinstance(table, str) else table.name
    plan = _PLANS.get(name)
    if plan is None:
        _labels_registered()
        table = audited_tables()[name] if isinstance(table, str) else table
        columns = tuple(column.key for column in table.columns)
        plan = _PLANS[name] = TablePlan(
            table, name, columns, tuple(_kind(table.columns[c]) for c in columns),
            {c: _column_label(table.columns[c]) for c in columns})
    return plan


def _column_label(column) -> str:
    """The column's own label; else a reference by the table it points to (“村（编号）”)."""
    if "label" in column.info:
        return column.info["label"]
    if column.key in COLUMN_LABELS:
        return COLUMN_LABELS[column.key]
    for key in column.foreign_keys:
        return f"{ENTITY_LABELS.get(key.column.table.name, key.column.table.name)}（编号）"
    return column.key


def record_digest(table: str, columns: Sequence[str], values: Sequence[Any]) -> str:
    """SHA-256 of a row as stored: table, then every column's name and value, by name.

    Values are taken as the driver returns them and written as JSON; what JSON has no form
    for is made canonical first (bytes by their own SHA-256, dates ISO, aware times in UTC,
    decimals as text), so the digest written with an event and the one recomputed from
    the row later agree exactly.
    """
    order = sorted(range(len(columns)), key=columns.__getitem__)
    return _digester(table, [columns[i] for i in order])([values[i] for i in order])


def _digester(table: str, sorted_columns: list[str]) -> Callable[[list], str]:
    prefix = json.dumps([table, sorted_columns], ensure_ascii=False, separators=(",", ":"))
    prefix = prefix.encode("utf-8")
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_canonical).encode
    sha256 = hashlib.sha256

    def digest(values: list) -> str:
        return sha256(prefix + dumps(values).encode("utf-8")).hexdigest()

    return digest


def _row_digester(plan: TablePlan, columns: Sequence[str] | None = None) -> Callable[[Sequence], str]:
    """digest(row) for rows whose values come in ``columns`` order (default: the plan's)."""
    columns = tuple(columns or plan.columns)
    order = sorted(range(len(columns)), key=columns.__getitem__)
    digest = _digester(plan.name, [columns[i] for i in order])
    pick = itemgetter(*order)
    if len(order) == 1:
        return lambda row: digest([pick(row)])
    return lambda row: digest(list(pick(row)))


def _canonical(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _check_value(value: Any) -> str | None:
    """A short SHA-256 of a masked or bulky value: says whether the hidden part changed."""
    if value is None:
        return None
    raw = bytes(value) if isinstance(value, bytes | bytearray | memoryview) else str(value).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:CHECK_LENGTH]


def _shown(kind: str, value: Any) -> Any:
    """A column's value as the audit details show it (masked, sized, made JSON-ready)."""
    if value is None:
        return None
    if kind == "id":
        return _mask_id(str(value))
    if kind == "phone":
        return _mask_phone(str(value)) if value != "" else ""
    if kind == "bulk":
        return f"<{len(value)} 字节>"
    if kind == "bool":
        return bool(value) if isinstance(value, int | bool) else value
    if type(value) in (int, str):
        return value
    if isinstance(value, datetime):
        return _canonical(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | float):
        return value
    return _canonical(value)


def _plain_code(text: str) -> bool:
    """True if ``idcard.clean`` would leave the text as it is (the usual stored number)."""
    return text.isascii() and text.isalnum() and text == text.upper()


def _mask_id(text: str) -> str:
    """idcard.mask, without its normalisation when there is nothing to normalise."""
    if _plain_code(text):
        return "*" * len(text) if len(text) <= 8 else text[:4] + "*" * (len(text) - 8) + text[-4:]
    return idcard.mask(text)


def _mask_phone(text: str) -> str:
    """idcard.mask_phone, likewise."""
    if _plain_code(text):
        return "*" * len(text) if len(text) < 7 else text[:3] + "*" * (len(text) - 7) + text[-4:]
    return idcard.mask_phone(text)


def _hidden(kind: str) -> bool:
    return kind in ("id", "phone", "bulk")


def shown_values(plan: TablePlan, row: Sequence[Any]) -> dict[str, Any]:
    """Every logged column of a stored row, masked, with check values of hidden ones."""
    return _shower(plan)(row)


_SHOWERS: dict[str, Callable[[Sequence[Any]], dict[str, Any]]] = {}


def _shower(plan: TablePlan) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """shown_values for one table, with the per-column decisions taken once."""
    show = _SHOWERS.get(plan.name)
    if show is not None:
        return show
    fields = [(name, index, kind) for index, (name, kind) in enumerate(zip(plan.columns, plan.kinds,
                                                                            strict=True))
              if kind != "ignored"]
    # Dates and times come as text from SQLite; as objects (PostgreSQL) they go through
    # _shown("plain", …), which gives them the same form as _shown("date"/"datetime", …).
    plain = [(name, index) for name, index, kind in fields if kind in ("plain", "date", "datetime")]
    names = tuple(name for name, _index in plain)
    pick = itemgetter(*(index for _name, index in plain)) if len(plain) > 1 else None
    other = tuple((name, index, kind, name + CHECK_SUFFIX if _hidden(kind) else None)
                  for name, index, kind in fields if kind not in ("plain", "date", "datetime"))

    def show(row: Sequence[Any]) -> dict[str, Any]:
        """Logged columns by name; None values are left out (absent means None)."""
        # Driver values JSON has no form for (a PostgreSQL date or time) are written by the
        # encoder through _canonical: the same text _shown("date"/"datetime", …) gives.
        picked = pick(row) if pick is not None else tuple(row[index] for _name, index in plain)
        values = {name: value for name, value in zip(names, picked, strict=True) if value is not None}
        for name, index, kind, check in other:
            value = row[index]
            if value is None:
                continue
            values[name] = _shown(kind, value)
            if check is not None and value != "":
                values[check] = _check_value(value)
        return values

    _SHOWERS[plan.name] = show
    return show


def _changes(plan: TablePlan, old: Sequence[Any], new: Sequence[Any]) -> dict[str, list]:
    """Column → [old, new] as shown, for every logged column whose stored value changed."""
    changes = {}
    for name, kind, before, after in zip(plan.columns, plan.kinds, old, new, strict=True):
        if kind == "ignored" or before == after and type(before) is type(after):
            continue
        shown = [_shown(kind, before), _shown(kind, after)]
        checks = [_check_value(before) if before not in (None, "") else None,
                  _check_value(after) if after not in (None, "") else None]
        if shown[0] == shown[1] and (not _hidden(kind) or checks[0] == checks[1]):
            continue  # the same value in another representation (e.g. a date and its text)
        changes[name] = shown
        if _hidden(kind):
            changes[name + CHECK_SUFFIX] = checks
    return changes


def _mask_details(details: dict[str, Any]) -> dict[str, Any]:
    """Explicit events: ID and phone numbers given under their usual keys are masked."""
    masked = {}
    for key, value in details.items():
        kind = "id" if key.startswith("id_number") else "phone" if key == "phone" else ""
        masked[key] = _shown(kind, value) if kind and isinstance(value, str) else value
    return masked


# --- reading rows back -------------------------------------------------------------------

def _raw_rows(connection: Connection, plan: TablePlan, ids: Iterable[int]) -> dict[int, tuple]:
    """The stored rows with these ids, exactly as the driver returns them, by id."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return {}
    rows: dict[int, tuple] = {}
    position = plan.columns.index("id")
    cursor = connection.connection.cursor()
    try:
        if ids[-1] - ids[0] + 1 == len(ids):
            cursor.execute(f"{plan.select_sql} WHERE id BETWEEN {ids[0]} AND {ids[-1]}")
            rows.update((row[position], row) for row in cursor.fetchall())
        else:
            for start in range(0, len(ids), CHUNK):
                chunk = ",".join(str(i) for i in ids[start:start + CHUNK])
                cursor.execute(f"{plan.select_sql} WHERE id IN ({chunk})")
                rows.update((row[position], row) for row in cursor.fetchall())
    finally:
        cursor.close()
    return rows


def _ids_where(connection: Connection, table: Table, whereclause) -> list[int]:
    query = select(table.c.id)
    if whereclause is not None:
        query = query.where(whereclause)
    return list(connection.execute(query).scalars())


# --- events ------------------------------------------------------------------------------

class _Names:
    """Record names for summaries, from ORM objects or from raw rows."""

    def __init__(self) -> None:
        _labels_registered()

    @staticmethod
    def of_object(obj: object) -> str:
        return _display_name(obj)

    @staticmethod
    def of_row(plan: TablePlan, row: Sequence[Any]) -> str:
        values = SimpleNamespace(**dict(zip(plan.columns, row, strict=True)))
        resolver = NAME_RESOLVERS.get(plan.name)
        if resolver is not None:
            try:
                return str(resolver(values))
            except Exception:  # a resolver written for ORM objects (it may query)
                pass
        return _generic_name(values)


NAME_ATTRIBUTES = ("name", "title", "voter_name", "term_label", "key", "code", "day")


def _generic_name(obj: object) -> str:
    for attribute in NAME_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return ""


def _display_name(obj: object) -> str:
    resolver = NAME_RESOLVERS.get(getattr(obj, "__tablename__", ""))
    if resolver is not None:
        return resolver(obj)
    return _generic_name(obj)


def _summary(action: str, table: str, name: str, changes: dict | None = None, note: str = "") -> str:
    label = ENTITY_LABELS.get(table, table)
    summary = f"{ACTION_LABELS[action]}{label}" + (f"“{name}”" if name else "")
    if action == "update" and changes:
        labels = plan_of(table).labels
        fields = [labels.get(key, key) for key in changes if not key.endswith(CHECK_SUFFIX)]
        summary += "：" + "、".join(fields)
    return summary + note


class _ScopeCache:
    """Completes an event's scope (village from the election, township from the village)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.villages: dict[int, int | None] = {}
        self.townships: dict[int, int | None] = {}

    def complete(self, scope: Scope) -> Scope:
        village_id = scope.village_id
        if village_id is None and scope.election_id is not None:
            if scope.election_id not in self.villages:
                self.villages[scope.election_id] = self.connection.execute(
                    text("SELECT village_id FROM election_process WHERE id = :id"),
                    {"id": scope.election_id}).scalar()
            village_id = self.villages[scope.election_id]
        township_id = scope.township_id
        if township_id is None and village_id is not None:
            if village_id not in self.townships:
                self.townships[village_id] = self.connection.execute(
                    text("SELECT township_id FROM village WHERE id = :id"), {"id": village_id}).scalar()
            township_id = self.townships[village_id]
        return Scope(township_id, village_id, scope.election_id)

    def of_row(self, table: str, values: dict[str, Any]) -> Scope:
        ident = values.get("id")
        return self.complete(Scope(
            township_id=ident if table == "township" else values.get("township_id"),
            village_id=ident if table == "village" else values.get("village_id"),
            election_id=ident if table == "election_process" else values.get("election_id")))


def _event(action: str, table: str, ident: int | None, scope: Scope, summary: str,
           details: dict[str, Any], digest: str | None) -> dict[str, Any]:
    """An event row; record details keep their column order, explicit ones are sorted."""
    dumps = _ROW_DUMPS if action in RECORD_ACTIONS else _dumps
    return {"action": action, "entity": table, "entity_id": ident, "township_id": scope.township_id,
            "village_id": scope.village_id, "election_id": scope.election_id, "summary": summary,
            "details": dumps(details), "digest": digest}


class _RowEvents:
    """Builds the record events of one table from stored rows."""

    def __init__(self, connection: Connection, plan: TablePlan, scopes: _ScopeCache | None = None,
                 note: str = "") -> None:
        self.plan = plan
        self.digest = _row_digester(plan)
        self.show = _shower(plan)
        self.scopes = scopes or _ScopeCache(connection)
        self.note = note
        self.names = _Names()
        index = {name: i for i, name in enumerate(plan.columns)}
        own = plan.name in ("township", "village", "election_process")
        scope_columns = [c for c in ("id", "township_id", "village_id", "election_id")
                         if c in index and (own or c != "id")]
        self.scope_columns = tuple(scope_columns)
        self.scope_pick = (itemgetter(*(index[c] for c in scope_columns)) if len(scope_columns) > 1
                           else (lambda row, i=index[scope_columns[0]]: (row[i],)) if scope_columns
                           else (lambda row: ()))
        self.scope_memo: dict[tuple, Scope] = {}
        self.label = ENTITY_LABELS.get(plan.name, plan.name)
        self.name_index = [index[a] for a in NAME_ATTRIBUTES if a in index]
        self.resolver = NAME_RESOLVERS.get(plan.name)

    def _scope(self, row: Sequence[Any]) -> Scope:
        key = self.scope_pick(row)
        scope = self.scope_memo.get(key)
        if scope is None:
            scope = self.scope_memo[key] = self.scopes.of_row(
                self.plan.name, dict(zip(self.scope_columns, key, strict=True)))
        return scope

    def _name(self, row: Sequence[Any], obj: object | None) -> str:
        if obj is not None:
            return self.names.of_object(obj)
        if self.resolver is not None:
            return self.names.of_row(self.plan, row)
        for index in self.name_index:
            if row[index]:
                return str(row[index])
        return ""

    def inserted(self, ident: int, row: Sequence[Any], obj: object | None = None,
                 action: str = "insert") -> dict[str, Any]:
        name = self._name(row, obj)
        summary = f"{ACTION_LABELS[action]}{self.label}" + (f"“{name}”" if name else "") + self.note
        scope = self._scope(row)
        return {"action": action, "entity": self.plan.name, "entity_id": ident,
                "township_id": scope.township_id, "village_id": scope.village_id,
                "election_id": scope.election_id, "summary": summary,
                "details": _ROW_DUMPS(self.show(row)), "digest": self.digest(row)}

    def updated(self, ident: int, old: Sequence[Any] | None, new: Sequence[Any],
                obj: object | None = None, exact: bool = True) -> dict[str, Any] | None:
        """The event of a changed row; None if nothing changed. ``exact``: ``old`` is the
        stored row (else it was rebuilt from the ORM's history and only shown fields count)."""
        digest = self.digest(new)
        if old is None:
            old = (None,) * len(new)
        elif self.digest(old) == digest:
            return None
        changes = _changes(self.plan, old, new)
        if not changes and not exact:
            return None
        return _event("update", self.plan.name, ident, self._scope(new),
                      _summary("update", self.plan.name, self._name(new, obj), changes, self.note),
                      changes, digest)

    def deleted(self, ident: int, old: Sequence[Any], obj: object | None = None) -> dict[str, Any]:
        return _event("delete", self.plan.name, ident, self._scope(old),
                      _summary("delete", self.plan.name, self._name(old, obj), note=self.note),
                      self.show(old), None)


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
    connection = session.connection()
    scope = _ScopeCache(connection).complete(scope or Scope())
    row = _event(action, entity, entity_id, scope, summary, _mask_details(details or {}), None)
    _append(connection, [row], _operator(session))


def plan_as_stored(connection: Connection, name: str) -> TablePlan:
    """The table's plan limited to the columns it has now: a migration runs against the schema
    of its time (a column the models add later is not there yet); a later migration that adds
    the column snapshots the table again, so replay then digests every column."""
    plan = plan_of(name)
    present = {column["name"] for column in inspect(connection).get_columns(name)}
    if present >= set(plan.columns):
        return plan
    keep = [i for i, column in enumerate(plan.columns) if column in present]
    columns = tuple(plan.columns[i] for i in keep)
    return TablePlan(plan.table, name, columns, tuple(plan.kinds[i] for i in keep),
                     {column: plan.labels[column] for column in columns})


def stored_rows(connection: Connection, table: str, ids: Iterable[int]) -> dict[int, tuple]:
    """Rows of an audited table as stored, by id (a migration reads them before deleting)."""
    return _raw_rows(connection, plan_as_stored(connection, table), ids)


def migration_events(connection: Connection, *, inserted: dict[str, Iterable[int]] | None = None,
                     deleted: dict[str, dict[int, tuple]] | None = None, note: str = "") -> int:
    """One event per row a migration inserted (read back now) or deleted (rows read before),
    by the upgrade's operator, so replay follows a migration that moves data. Returns the count."""
    _labels_registered()
    scopes = _ScopeCache(connection)
    events: list[dict[str, Any]] = []
    for table, ids in (inserted or {}).items():
        builder = _RowEvents(connection, plan_as_stored(connection, table), scopes, note)
        events += [builder.inserted(ident, row) for ident, row in stored_rows(connection, table, ids).items()]
    for table, rows in (deleted or {}).items():
        builder = _RowEvents(connection, plan_as_stored(connection, table), scopes, note)
        events += [builder.deleted(ident, row) for ident, row in rows.items()]
    if events:
        _append(connection, events, UPGRADE_OPERATOR)
    return len(events)


def _operator(session: Session) -> str:
    return session.info.get("operator") or UNSIGNED_OPERATOR


# --- the ORM flush ---------------------------------------------------------------------------

_FLUSH_KEY = "audit.flush"


def _audited(obj: object) -> bool:
    return isinstance(obj, Base) and getattr(type(obj), "__audited__", False)


@dataclass
class _FlushState:
    """Rows read just before a flush: what updated and deleted rows were, and what the
    database itself will delete or null (foreign keys with ON DELETE) with them."""

    old: dict[tuple[str, int], tuple] = field(default_factory=dict)
    cascaded: dict[tuple[str, int], tuple] = field(default_factory=dict)  # deleted by the database
    nulled: dict[tuple[str, int], tuple] = field(default_factory=dict)  # SET NULL by the database


def _before_flush(session: Session, _context, _instances) -> None:
    """Read the rows the flush will update, as they are stored now (one query per table)."""
    state = session.info[_FLUSH_KEY] = _FlushState()  # never a failed flush's leftovers
    dirty = [obj for obj in session.dirty if _audited(obj) and session.is_modified(obj)]
    if not dirty:
        return
    connection = session.connection()
    wanted: dict[str, set[int]] = {}
    for obj in dirty:
        ident = inspect(obj).identity
        if ident is not None:
            wanted.setdefault(obj.__tablename__, set()).add(ident[0])
    for table, ids in wanted.items():
        for ident, row in _raw_rows(connection, plan_of(table), ids).items():
            state.old[(table, ident)] = row


def _before_delete(_mapper, connection: Connection, target: object) -> None:
    """Just before the ORM deletes a row (explicitly, by cascade or as an orphan): read it,
    and what the database will delete or null with it."""
    session = object_session(target)
    if session is None or not _audited(target):
        return
    state = session.info.setdefault(_FLUSH_KEY, _FlushState())
    table = target.__tablename__
    ident = inspect(target).identity[0]
    if (table, ident) not in state.old:
        state.old.update(((table, i), row) for i, row in _raw_rows(connection, plan_of(table), [ident]).items())
    _plan_cascades(connection, {table: {ident}}, state)


def _plan_cascades(connection: Connection, deleted: dict[str, set[int]], state: _FlushState) -> None:
    """Find the rows the database will delete (CASCADE) or change (SET NULL) with ``deleted``."""
    audited = audited_tables()
    queue = list(deleted.items())
    seen = {(table, ident) for table, ids in deleted.items() for ident in ids}
    while queue:
        parent, ids = queue.pop()
        for child in audited.values():
            for key in child.foreign_keys:
                if key.column.table.name != parent or key.ondelete not in ("CASCADE", "SET NULL"):
                    continue
                plan = plan_of(child)
                column = key.parent.key
                found = {}
                id_list = sorted(ids)
                cursor = connection.connection.cursor()
                try:
                    for start in range(0, len(id_list), CHUNK):
                        chunk = ",".join(str(i) for i in id_list[start:start + CHUNK])
                        cursor.execute(f"{plan.select_sql} WHERE {column} IN ({chunk})")
                        position = plan.columns.index("id")
                        found.update((row[position], row) for row in cursor.fetchall())
                finally:
                    cursor.close()
                if key.ondelete == "CASCADE":
                    fresh = {i for i in found if (child.name, i) not in seen}
                    for ident in fresh:
                        seen.add((child.name, ident))
                        state.cascaded[(child.name, ident)] = found[ident]
                    if fresh:
                        queue.append((child.name, fresh))
                else:
                    for ident, row in found.items():
                        state.nulled.setdefault((child.name, ident), row)


def _after_flush(session: Session, flush_context) -> None:
    new = [obj for obj in session.new if _audited(obj)]
    dirty = [obj for obj in session.dirty if _audited(obj)]
    # Every row this flush deleted, orphans and cascades included (session.deleted lists
    # only what was passed to Session.delete()).
    deleted = [state.obj() for state, (is_delete, list_only) in flush_context.states.items()
               if is_delete and not list_only and state.obj() is not None and _audited(state.obj())]
    state: _FlushState = session.info.pop(_FLUSH_KEY, None) or _FlushState()
    if not (new or dirty or deleted or state.cascaded or state.nulled):
        return
    connection = session.connection()
    scopes = _ScopeCache(connection)
    builders: dict[str, _RowEvents] = {}

    def builder(table: str) -> _RowEvents:
        if table not in builders:
            builders[table] = _RowEvents(connection, plan_of(table), scopes)
        return builders[table]

    def read_back(objects: list, extra: Iterable[tuple[str, int]] = ()) -> dict[tuple[str, int], tuple]:
        wanted: dict[str, set[int]] = {}
        for obj in objects:
            wanted.setdefault(obj.__tablename__, set()).add(obj.id)
        for table, ident in extra:
            wanted.setdefault(table, set()).add(ident)
        rows = {}
        for table, ids in wanted.items():
            rows.update(((table, ident), row) for ident, row in _raw_rows(connection, plan_of(table), ids).items())
        return rows

    stored = read_back(new + dirty, state.nulled)
    rows: list[dict[str, Any]] = []
    for obj in new:
        row = stored.get((obj.__tablename__, obj.id))
        if row is not None:
            rows.append(builder(obj.__tablename__).inserted(obj.id, row, obj))
    done: set[tuple[str, int]] = set()
    for obj in dirty:
        key = (obj.__tablename__, obj.id)
        row = stored.get(key)
        if row is None or key in done:
            continue
        done.add(key)
        old = state.old.get(key)
        exact = old is not None
        if old is None:  # became dirty during the flush: its old values from the ORM
            old = _old_from_history(obj, row)
        event_row = builder(key[0]).updated(obj.id, old, row, obj, exact=exact)
        if event_row is not None:
            rows.append(event_row)
    for key, old in state.nulled.items():
        row = stored.get(key)
        if row is not None and key not in done:
            event_row = builder(key[0]).updated(key[1], old, row)
            if event_row is not None:
                rows.append(event_row)
    gone = set()
    for obj in deleted:
        key = (obj.__tablename__, inspect(obj).identity[0])
        gone.add(key)
        old = state.old.get(key) or _values_of(obj)
        rows.append(builder(key[0]).deleted(key[1], old, obj))
    for key, old in state.cascaded.items():
        if key not in gone:
            rows.append(builder(key[0]).deleted(key[1], old))
    if rows:
        _append(connection, rows, _operator(session))


def _values_of(obj: Base) -> tuple:
    """A deleted object's last values, when its row was not read before the flush."""
    state = inspect(obj)
    return tuple(state.dict.get(column) for column in plan_of(obj.__tablename__).columns)


def _old_from_history(obj: Base, new_row: tuple) -> tuple:
    """The row before the flush, from the ORM's attribute history (rows not read before it)."""
    state = inspect(obj)
    plan = plan_of(obj.__tablename__)
    old = list(new_row)
    for index, column in enumerate(plan.columns):
        attribute = state.attrs.get(column) if column in state.attrs else None
        if attribute is None:
            continue
        history = attribute.history
        if history.deleted:
            old[index] = history.deleted[0]
    return tuple(old)


# --- ORM statements (bulk insert, update, delete) ----------------------------------------

def _on_orm_execute(state) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if mapper is None or not getattr(mapper.class_, "__audited__", False):
        return None
    session: Session = state.session
    connection = session.connection()
    plan = plan_of(mapper.local_table)
    statement = state.statement
    params = state.parameters
    many = isinstance(params, list)
    if state.is_insert:
        if not params or getattr(statement, "_values", None) or getattr(statement, "_multi_values", None):
            raise NotImplementedError("audited bulk INSERT needs its rows as parameters")
        given = params if many else [params]
        missing = [index for index, row in enumerate(given) if row.get("id") is None]
        _lock(connection)
        fresh = iter(_allocate_ids(connection, plan.table, len(missing)))
        ids = [row["id"] if row.get("id") is not None else next(fresh) for row in given]
        result = state.invoke_statement(params=[{"id": i} for i in ids] if many else {"id": ids[0]})
        _insert_events(session, plan, ids, state.execution_options.get(NOTE, ""))
        return result
    if many:  # bulk UPDATE by primary key
        ids = [row["id"] for row in params]
    else:
        ids = _ids_where(connection, plan.table, statement.whereclause)
    old = _raw_rows(connection, plan, ids)
    flush_state = _FlushState()
    if state.is_delete:
        _plan_cascades(connection, {plan.name: set(old)}, flush_state)
    result = state.invoke_statement()
    builder = _RowEvents(connection, plan, note=state.execution_options.get(NOTE, ""))
    rows = []
    if state.is_update:
        new = _raw_rows(connection, plan, ids)
        for ident in sorted(new):
            event_row = builder.updated(ident, old.get(ident), new[ident])
            if event_row is not None:
                rows.append(event_row)
    else:
        rows = [builder.deleted(ident, old[ident]) for ident in sorted(old)]
        rows += _cascade_events(connection, flush_state, builder.scopes)
    if rows:
        _append(connection, rows, _operator(session))
    return result


def _cascade_events(connection: Connection, state: _FlushState, scopes: _ScopeCache) -> list[dict]:
    rows = []
    for (table, ident), old in state.cascaded.items():
        rows.append(_RowEvents(connection, plan_of(table), scopes).deleted(ident, old))
    by_table: dict[str, set[int]] = {}
    for table, ident in state.nulled:
        by_table.setdefault(table, set()).add(ident)
    for table, ids in by_table.items():
        builder = _RowEvents(connection, plan_of(table), scopes)
        for ident, row in _raw_rows(connection, plan_of(table), ids).items():
            event_row = builder.updated(ident, state.nulled[(table, ident)], row)
            if event_row is not None:
                rows.append(event_row)
    return rows


def _insert_events(session: Session, plan: TablePlan, ids: list[int], note: str = "") -> None:
    connection = session.connection()
    builder = _RowEvents(connection, plan, note=note)
    operator = _operator(session)
    for start in range(0, len(ids), BULK_CHUNK):  # chunks: the events of 10⁵ rows stay small
        chunk = ids[start:start + BULK_CHUNK]
        stored = _raw_rows(connection, plan, chunk)
        rows = [builder.inserted(ident, stored[ident]) for ident in chunk if ident in stored]
        if rows:
            _append(connection, rows, operator)


def _lock(connection: Connection) -> None:
    """Take the write lock (SQLite) or the head's row lock (PostgreSQL) now."""
    connection.execute(text("UPDATE audit_head SET appended = appended WHERE id = 1"))


def _allocate_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """Ids for ``count`` new rows (taken under the write lock on SQLite, from the sequence on
    PostgreSQL), so each row's event can name its record before it is written."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        return list(connection.execute(text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": count}).scalars())
    first = (connection.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar() or 0) + 1
    return list(range(first, first + count))


def bulk_insert(session: Session, entity: type, rows: list[dict[str, Any]], *, note: str = "") -> list[int]:
    """Insert many rows straight through the driver, each with its own event; return their ids.

    Column defaults are applied here as the ORM would apply them (one value per call for
    the callable ones, e.g. the creation time). The rows are written in chunks, each
    followed by its events, read back from what was stored. ``note`` is appended to each
    event's summary (e.g. the file the rows came from).
    """
    if not rows:
        return []
    connection = session.connection()
    plan = plan_of(entity.__table__)
    table = plan.table
    _lock(connection)
    ids = _allocate_ids(connection, table, len(rows))
    given = [c for c in plan.columns if c in rows[0] and c != "id"]
    defaults = {}
    for name in plan.columns:
        default = table.columns[name].default
        if name in rows[0] or name == "id" or default is None:
            continue
        if getattr(default, "is_scalar", False):
            defaults[name] = default.arg
        elif getattr(default, "is_callable", False):
            defaults[name] = default.arg(None)
    columns = ["id", *given, *defaults]  # every row has the keys of the first (one roster's rows)
    pick = itemgetter(*given) if len(given) > 1 else (lambda row: (row[given[0]],)) if given else (lambda row: ())
    fixed = list(defaults.values())
    writer = _Writer(connection, table, columns)
    events = _Writer(connection, AuditEvent.__table__, EVENT_COLUMNS)
    builder = _RowEvents(connection, plan, note=note)
    chain = _Chain(connection, len(rows), _operator(session))
    with _large_cache(connection, len(rows)):
        for start in range(0, len(rows), BULK_CHUNK):
            chunk_ids = ids[start:start + BULK_CHUNK]
            writer.write([[ident, *pick(row), *fixed]
                          for ident, row in zip(chunk_ids, rows[start:start + BULK_CHUNK], strict=True)])
            stored = _raw_rows(connection, plan, chunk_ids)
            events.write(chain.link([builder.inserted(ident, stored[ident]) for ident in chunk_ids]))
    for loaded in list(session.identity_map.values()):  # the statement bypassed loaded objects
        if isinstance(loaded, entity):
            session.expire(loaded)
    return ids


BULK_CACHE_KIB = 65536  # SQLite page cache while a large import writes its rows and indexes


@contextmanager
def _large_cache(connection: Connection, rows: int) -> Iterator[None]:
    """A 64 MiB page cache (SQLite's default is 2 MiB) while 10⁴+ rows go into a table and
    its indexes: a third less time for the rows of a 200,000-row roster."""
    if connection.dialect.name != "sqlite" or rows < BULK_CHUNK // 2:
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


class _Writer:
    """One INSERT for many rows through the driver's own executemany, the values bound as
    SQLAlchemy would bind them (each distinct value converted once)."""

    def __init__(self, connection: Connection, table: Table, columns: Sequence[str]) -> None:
        dialect = connection.dialect
        self.connection = connection
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        self.sql = str(compiled)
        self.columns = list(columns)
        self.processors = [(i, p) for i, c in enumerate(columns)
                           if (p := table.columns[c].type._cached_bind_processor(dialect)) is not None]
        self.order = None
        self.named = not compiled.positional
        if compiled.positional:
            index = {name: i for i, name in enumerate(columns)}
            order = [index[name] for name in compiled.positiontup]
            self.order = None if order == list(range(len(columns))) else order

    def write(self, rows: list[list]) -> None:
        """Insert ``rows`` (lists in the writer's column order; converted in place)."""
        self.execute(self.prepare(rows))

    def prepare(self, rows: list[list]) -> list:
        """The driver's parameters for ``rows`` (converted in place)."""
        for index, processor in self.processors:
            memo: dict[Any, Any] = {}
            for row in rows:
                value = row[index]
                if value is not None:
                    try:
                        row[index] = memo[value]
                    except KeyError:
                        row[index] = memo[value] = processor(value)
                    except TypeError:  # unhashable
                        row[index] = processor(value)
        if self.named:
            return [dict(zip(self.columns, row, strict=True)) for row in rows]
        if self.order is not None:
            return [[row[i] for i in self.order] for row in rows]
        return rows

    def execute(self, parameters: list) -> None:
        """Run the INSERT for prepared parameters."""
        cursor = self.connection.connection.cursor()
        try:
            cursor.executemany(self.sql, parameters)
        finally:
            cursor.close()


# --- the chain ----------------------------------------------------------------------------

EVENT_COLUMNS = ("occurred_at", "operator", "action", "entity", "entity_id", "township_id",
                 "village_id", "election_id", "summary", "details", "prev_hash", "hash", "digest")


def _append(connection: Connection, rows: list[dict[str, Any]], operator: str) -> None:
    """Chain and insert rows; the head update first takes the write lock."""
    _Writer(connection, AuditEvent.__table__, EVENT_COLUMNS).write(
        _Chain(connection, len(rows), operator).link(rows))


class _Chain:
    """Appending ``count`` events: the head counter is raised first (the write lock), then
    the previous hash is read; :meth:`link` chains rows in order and returns their values."""

    def __init__(self, connection: Connection, count: int, operator: str) -> None:
        connection.execute(text("UPDATE audit_head SET appended = appended + :n WHERE id = 1"),
                           {"n": count})
        self.prev = connection.execute(
            select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar() or GENESIS_HASH
        self.now = datetime.now(UTC)
        self.stamp = _timestamp(self.now)
        self.operator = operator

    def link(self, rows: list[dict[str, Any]]) -> list[list]:
        prev, now, stamp, operator = self.prev, self.now, self.stamp, self.operator
        values = []
        for row in rows:
            row["prev_hash"] = prev
            row["hash"] = prev = _hash(prev, stamp, operator, row)
            values.append([now, operator, row["action"], row["entity"], row["entity_id"],
                           row["township_id"], row["village_id"], row["election_id"], row["summary"],
                           row["details"], row["prev_hash"], row["hash"], row["digest"]])
        self.prev = prev
        return values


def _hash(prev: str, stamp: str, operator: str, row: dict[str, Any]) -> str:
    """An event with a record digest hashes the SHA-256 of its details (not the details
    themselves, which JSON would have to escape again), then the digest."""
    digest = row.get("digest")
    details = row["details"]
    if digest is not None:
        details = hashlib.sha256(details.encode("utf-8")).hexdigest()
    payload = [prev, stamp, operator, row["action"], row["entity"], row["entity_id"],
               row["township_id"], row["village_id"], row["election_id"], row["summary"], details]
    if digest is not None:
        payload.append(digest)
    return hashlib.sha256(_HASH_DUMPS(payload).encode("utf-8")).hexdigest()


def event_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the event's content, its record digest and the previous event's hash."""
    return _hash(row["prev_hash"], _timestamp(row["occurred_at"]), row["operator"], row)


def _timestamp(moment: datetime | str) -> str:
    """Normalise to naive UTC so the hash is the same whatever the database returns."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def _dumps(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)


# Row details come out in column order (stable per table), without sorting.
_ROW_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_canonical).encode
_HASH_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# --- anchors ------------------------------------------------------------------------------

ANCHOR_PATTERN = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Anchor:
    """The chain head at one moment: the last event's id and its hash's first 16 digits."""

    event_id: int
    hash: str

    @property
    def code(self) -> str:
        """``3F9A-C2D1-77B0-1E4D``: printed on paper, read aloud, typed back."""
        return anchor_code(self.hash)


def anchor_code(digest: str) -> str:
    """The printed form of a hash: its first 16 hex digits in four groups, upper case."""
    head = digest[:16].upper()
    return "-".join(head[i:i + 4] for i in range(0, 16, 4))


def normalise_anchor(code: str) -> str | None:
    """The 16 lower-case hex digits of a typed anchor (O read as 0), or None if malformed."""
    cleaned = re.sub(r"[\s\-–—_:.]", "", code.strip()).lower().replace("o", "0")
    return cleaned if ANCHOR_PATTERN.match(cleaned) else None


def head(session: Session) -> Anchor:
    """The current head of the chain (the genesis before any event)."""
    row = session.connection().execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return Anchor(row[0], row[1]) if row else Anchor(0, GENESIS_HASH)


def record_anchor(session: Session, code: str, anchor: Anchor, scope: Scope | None = None) -> None:
    """Keep the anchor printed on the document with verification code ``code`` (audited)."""
    from models.audit import AuditAnchor

    scope = scope or Scope()
    session.add(AuditAnchor(code=code, anchor=anchor.code, event_id=anchor.event_id,
                            township_id=scope.township_id, village_id=scope.village_id,
                            election_id=scope.election_id))


def anchor_of_document(session: Session, code: str) -> str:
    """The anchor printed on an archived document ("" for documents issued before anchors)."""
    from models.audit import AuditAnchor

    return session.scalar(select(AuditAnchor.anchor).where(AuditAnchor.code == code)) or ""


# --- database guards ---------------------------------------------------------------------

_REFUSE_EVENT = "SELECT RAISE(ABORT, 'audit_event is append-only');"
_REFUSE_HEAD = "SELECT RAISE(ABORT, 'audit_head only moves forward');"
SQLITE_GUARDS = {
    "audit_event_no_update":
        f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN {_REFUSE_EVENT} END",
    "audit_event_no_delete":
        f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN {_REFUSE_EVENT} END",
    # After the insert NEW.id is the real id: REPLACE of an old row, an id below the head or a
    # link that does not continue the chain aborts the statement (and undoes the REPLACE).
    "audit_event_append_at_head":
        "CREATE TRIGGER audit_event_append_at_head AFTER INSERT ON audit_event "
        "WHEN NEW.id <> (SELECT max(id) FROM audit_event) "
        "OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_event WHERE id < NEW.id "
        f"ORDER BY id DESC LIMIT 1), '{GENESIS_HASH}') BEGIN {_REFUSE_EVENT} END",
    "audit_head_no_delete":
        f"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN {_REFUSE_HEAD} END",
    "audit_head_single_row":
        "CREATE TRIGGER audit_head_single_row BEFORE INSERT ON audit_head "
        f"WHEN EXISTS (SELECT 1 FROM audit_head) BEGIN {_REFUSE_HEAD} END",
    "audit_head_forward_only":
        "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head "
        "WHEN NEW.appended < OLD.appended OR NEW.id IS NOT OLD.id "
        f"OR NEW.appended IS NULL BEGIN {_REFUSE_HEAD} END",
}
POSTGRES_FUNCTIONS = {
    "audit_event_append_only":
        "BEGIN RAISE EXCEPTION 'audit_event is append-only'; END;",
    "audit_event_append_check":
        "DECLARE last_id integer; last_hash varchar; "
        "BEGIN SELECT id, hash INTO last_id, last_hash FROM audit_event ORDER BY id DESC LIMIT 1; "
        "IF (last_id IS NOT NULL AND NEW.id <= last_id) "
        f"OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, '{GENESIS_HASH}') "
        "THEN RAISE EXCEPTION 'audit_event is append-only'; END IF; RETURN NEW; END;",
    "audit_head_forward_only":
        "BEGIN IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM audit_head) THEN RETURN NEW; END IF; "
        "IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.appended >= OLD.appended THEN RETURN NEW; "
        "END IF; RAISE EXCEPTION 'audit_head only moves forward'; END;",
}
# name → (table, tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, function)
POSTGRES_TRIGGERS = {
    "audit_event_no_change": ("audit_event", 1 | 2 | 8 | 16, "audit_event_append_only", "ROW",
                              "UPDATE OR DELETE"),
    "audit_event_no_truncate": ("audit_event", 2 | 32, "audit_event_append_only", "STATEMENT",
                                "TRUNCATE"),
    "audit_event_append_at_head": ("audit_event", 1 | 2 | 4, "audit_event_append_check", "ROW",
                                   "INSERT"),
    "audit_head_guard": ("audit_head", 1 | 2 | 4 | 8 | 16, "audit_head_forward_only", "ROW",
                         "INSERT OR UPDATE OR DELETE"),
    "audit_head_no_truncate": ("audit_head", 2 | 32, "audit_head_forward_only", "STATEMENT",
                               "TRUNCATE"),
}
GUARDS = {"sqlite": SQLITE_GUARDS, "postgresql": POSTGRES_TRIGGERS}


def install_guards(connection: Connection) -> None:
    """(Re)create every guard trigger of the audit tables (migrations call this)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        for name, ddl in SQLITE_GUARDS.items():
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            connection.exec_driver_sql(ddl)
    elif dialect == "postgresql":
        for name, (table, _bits, _function, _level, _events) in POSTGRES_TRIGGERS.items():
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name, body in POSTGRES_FUNCTIONS.items():
            connection.exec_driver_sql(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ {body} $$ LANGUAGE plpgsql")
        for name, (table, _bits, function, level, events) in POSTGRES_TRIGGERS.items():
            connection.exec_driver_sql(f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
                                       f"FOR EACH {level} EXECUTE FUNCTION {function}()")


def _normal(sql: str) -> str:
    return " ".join(sql.replace("\n", " ").split())


def check_guards(connection: Connection) -> list[str]:
    """Why the guard triggers cannot be trusted (missing, altered or disabled); [] if intact."""
    problems = []
    dialect = connection.dialect.name
    if dialect == "sqlite":
        found = {name: (table, sql) for name, table, sql in connection.exec_driver_sql(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")}
        for name, ddl in SQLITE_GUARDS.items():
            if name not in found:
                problems.append(f"保护审计记录的触发器“{name}”不存在（被删除）。")
            elif _normal(found[name][1] or "") != _normal(ddl):
                problems.append(f"保护审计记录的触发器“{name}”被改写过。")
    elif dialect == "postgresql":
        found = {row[0]: row[1:] for row in connection.exec_driver_sql(
            "SELECT t.tgname, c.relname, t.tgtype, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal")}
        for name, (table, bits, function, _level, _events) in POSTGRES_TRIGGERS.items():
            if name not in found:
                problems.append(f"保护审计记录的触发器“{name}”不存在（被删除）。")
                continue
            relname, tgtype, enabled, proname, source = found[name]
            if enabled == "D":
                problems.append(f"保护审计记录的触发器“{name}”被停用（DISABLE TRIGGER）。")
            if (relname, tgtype, proname) != (table, bits, function) or \
                    _normal(source) != _normal(POSTGRES_FUNCTIONS[function]):
                problems.append(f"保护审计记录的触发器“{name}”被改写过。")
    return problems


# --- snapshot (migrations) ----------------------------------------------------------------

def snapshot(connection: Connection, tables: Iterable[str] | None = None, *,
             reason: str = "升级审计记录") -> int:
    """Record the present content of every row of the audited tables (one ``snapshot`` event
    per row, with its digest), so replay starts from what is stored now.

    Migrations call this after creating the digests (0012) and after changing the columns
    of an audited table (otherwise every row of it would differ from its last digest).
    Returns the number of rows recorded; writes nothing for empty tables.
    """
    _labels_registered()
    # Only the tables this revision has: a migration runs against the schema of its time,
    # while the models (and so audited_tables) describe the newest one.
    existing = set(inspect(connection).get_table_names())
    names = list(tables) if tables is not None else sorted(n for n in audited_tables() if n in existing)
    scopes = _ScopeCache(connection)
    rows: list[dict[str, Any]] = []
    for name in names:
        plan = plan_as_stored(connection, name)
        builder = _RowEvents(connection, plan, scopes)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(f"{plan.select_sql} ORDER BY id")
            stored = cursor.fetchall()
        finally:
            cursor.close()
        rows += [builder.inserted(row[plan.columns.index("id")], row, action="snapshot") for row in stored]
    if rows:
        marker = _event("audit.upgrade", "", None, Scope(),
                        f"{reason}：此后每条记录都带内容摘要；已有的 {len(rows)} 条数据按现状记入，"
                        "此前的改动不能逐条与数据核对", {"tables": names, "rows": len(rows)}, None)
        _append(connection, [marker, *rows], UPGRADE_OPERATOR)
    return len(rows)


# --- verification -------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldDifference:
    """One field of a record that differs from what the log says it must be (values shown
    masked; ``hidden`` when only masked digits or bulky content differ)."""

    column: str
    label: str
    expected: Any
    actual: Any
    hidden: bool = False


@dataclass(frozen=True)
class RecordProblem:
    """A stored row that differs from the replayed log: changed, added or deleted outside."""

    table: str
    table_label: str
    record_id: int
    name: str
    kind: str  # "changed" | "added" | "deleted" | "table" (the whole table is gone)
    fields: tuple[FieldDifference, ...] = ()
    last_event: int | None = None

    def describe(self) -> str:
        """One line for the clerk or the administrator."""
        who = f"{self.table_label}第 {self.record_id} 号" + (f"“{self.name}”" if self.name else "")
        since = f"（最后一条相关审计记录：第 {self.last_event} 号）" if self.last_event else ""
        if self.kind == "table":
            return f"整张{self.table_label}表（{self.table}）不存在：被删除。"
        if self.kind == "added":
            return f"{who}不在审计记录中：是在程序之外添加的。"
        if self.kind == "deleted":
            return f"{who}在程序之外被删除{since}。"
        parts = []
        for difference in self.fields:
            if difference.hidden and not difference.column:
                parts.append(f"{difference.label}被改动")
            elif difference.hidden:
                parts.append(f"{difference.label}（被遮盖的部分）被改动")
            else:
                parts.append(f"{difference.label}应为{_quoted(difference.expected)}，"
                             f"现为{_quoted(difference.actual)}")
        return f"{who}在程序之外被改动{since}：" + "；".join(parts or ["内容与审计记录不符"]) + "。"


def _quoted(value: Any) -> str:
    if value is None:
        return "（空）"
    if value is True or value is False:
        return "是" if value else "否"
    return f"“{value}”"


@dataclass(frozen=True)
class AnchorCheck:
    """Whether an anchor (printed on paper) lies on the chain, and where."""

    code: str
    found: bool
    event_id: int | None = None
    occurred_at: datetime | None = None
    later: int = 0  # events appended after it

    def describe(self) -> str:
        if not self.found:
            return (f"锚点 {self.code} 不在审计链上：打印这份文书之后，审计记录被改写或截断过"
                    "（或锚点抄错）。")
        moment = _local(self.occurred_at)
        return (f"锚点 {self.code} 在审计链上：第 {self.event_id} 号记录（{moment}），"
                f"其后又追加了 {self.later} 条。")


def _local(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class VerifyReport:
    """Outcome of checking the log: the chain, its head, its triggers, every audited row.

    ``broken_id`` is the first event whose link or hash fails; ``problem`` the first
    problem of the log itself (chain, head, triggers); ``records`` every row that differs
    from the replayed log; ``anchors`` the anchors asked about.
    """

    ok: bool
    checked: int
    broken_id: int | None = None
    problem: str = ""
    problems: tuple[str, ...] = ()
    records: tuple[RecordProblem, ...] = ()
    anchors: tuple[AnchorCheck, ...] = ()
    head: str = ""
    rows_checked: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """Every problem, in order: the log, then the rows by table, then the anchors."""
        lines = list(self.problems)
        lines += [record_problem.describe() for record_problem in self.records]
        lines += [anchor.describe() for anchor in self.anchors if not anchor.found]
        return lines


def verify(session: Session, anchors: Sequence[str] = ()) -> VerifyReport:
    """Recompute the chain, check its head and triggers, replay every record's digest against
    the stored rows, and look for each anchor (16 hex digits, as :func:`normalise_anchor`)."""
    started = time.perf_counter()
    _labels_registered()
    connection = session.connection()
    problems: list[str] = []
    broken_id = None
    wanted = {code: normalise_anchor(code) for code in anchors}
    found_anchor: dict[str, tuple[int, Any]] = {}
    tables = set(inspect(connection).get_table_names())
    stored_anchors = _stored_anchors(connection) if "audit_anchor" in tables else []
    anchor_events = {event_id for _code, _anchor, event_id in stored_anchors}
    hashes_at: dict[int, str] = {}
    expected: dict[tuple[str, int], tuple[int, str | None]] = {}
    prefixes = {value for value in wanted.values() if value}
    checked = 0
    prev = GENESIS_HASH
    for table in ("audit_event", "audit_head", "audit_anchor"):
        if table not in tables:
            problems.append(f"审计记录表（{table}）不存在：被删除。")
    cursor = connection.connection.cursor()
    try:
        if "audit_event" in tables:
            cursor.execute("SELECT id, occurred_at, operator, action, entity, entity_id, township_id, "
                           "village_id, election_id, summary, details, prev_hash, hash, digest "
                           "FROM audit_event ORDER BY id")
        while "audit_event" in tables and (batch := cursor.fetchmany(10000)):
            for (ident, occurred, operator, action, entity, entity_id, township_id, village_id,
                 election_id, summary, details, prev_hash, stored_hash, digest) in batch:
                checked += 1
                row = {"action": action, "entity": entity, "entity_id": entity_id,
                       "township_id": township_id, "village_id": village_id,
                       "election_id": election_id, "summary": summary, "details": details,
                       "digest": digest}
                if prev_hash != prev:
                    problems.append(f"第 {ident} 号记录与前一条记录的链接不符：前一条记录被删除或改动过。")
                    broken_id = broken_id or ident
                elif _hash(prev_hash, _timestamp(occurred), operator, row) != stored_hash:
                    problems.append(f"第 {ident} 号记录的内容被改动过（哈希值不符）。")
                    broken_id = broken_id or ident
                prev = stored_hash
                if entity_id is not None and action in RECORD_ACTIONS:
                    expected[(entity, entity_id)] = (ident, None if action == "delete" else digest or "?")
                if prefixes and stored_hash[:16] in prefixes:
                    found_anchor.setdefault(stored_hash[:16], (ident, occurred))
                if ident in anchor_events:
                    hashes_at[ident] = stored_hash
    finally:
        cursor.close()
    appended = None
    if "audit_head" in tables:
        appended = connection.execute(select(AuditHead.appended).where(AuditHead.id == 1)).scalar()
    if appended is None:
        problems.append("审计记录的计数行（audit_head）不存在：被删除。")
    elif appended > checked:
        problems.append(f"审计记录应有 {appended} 条，只剩 {checked} 条：末尾的记录被删除。")
    elif appended < checked:
        problems.append(f"审计记录有 {checked} 条，计数只有 {appended} 条："
                        f"有 {checked - appended} 条不是经本程序追加的。")
    problems += check_guards(connection)
    for code, anchor, event_id in stored_anchors:
        if hashes_at.get(event_id, "")[:16] != (normalise_anchor(anchor) or "-"):
            problems.append(f"核验码 {code} 的文书上印的锚点 {anchor} 与第 {event_id} 号审计记录不符："
                            "该记录之前的审计链被改写过。")
    records, rows_checked = _replay(connection, expected, "audit_event" in tables)
    anchor_checks = []
    for code, prefix in wanted.items():
        hit = found_anchor.get(prefix) if prefix else None
        if hit is None:
            anchor_checks.append(AnchorCheck(code, False))
        else:
            moment = hit[1]
            if isinstance(moment, str):
                moment = datetime.fromisoformat(moment)
            anchor_checks.append(AnchorCheck(anchor_code(prefix), True, hit[0], moment,
                                             checked - _position(connection, hit[0])))
    ok = not problems and not records and all(a.found for a in anchor_checks)
    return VerifyReport(ok, checked, broken_id, problems[0] if problems else "", tuple(problems),
                        tuple(records), tuple(anchor_checks),
                        anchor_code(prev) if checked else anchor_code(GENESIS_HASH),
                        rows_checked, time.perf_counter() - started)


def _position(connection: Connection, event_id: int) -> int:
    return connection.execute(text("SELECT count(*) FROM audit_event WHERE id <= :id"),
                              {"id": event_id}).scalar()


def _stored_anchors(connection: Connection) -> list[tuple[str, str, int]]:
    return [tuple(row) for row in connection.exec_driver_sql("SELECT code, anchor, event_id FROM audit_anchor")]


def _replay(connection: Connection, expected: dict[tuple[str, int], tuple[int, str | None]],
            has_log: bool = True) -> tuple[list[RecordProblem], int]:
    """Every audited row against the digest the log says it must have."""
    problems: list[RecordProblem] = []
    suspects: dict[tuple[str, int], tuple] = {}  # changed rows: their stored values
    missing_tables = []
    rows_checked = 0
    by_table: dict[str, dict[int, str | None]] = {}
    for (table, ident), (_event, want) in expected.items():
        by_table.setdefault(table, {})[ident] = want
    for name in sorted(audited_tables()):
        plan = plan_of(name)
        try:
            columns = [column["name"] for column in inspect(connection).get_columns(name)]
        except Exception:  # noqa: BLE001
            columns = []
        if not columns:
            missing_tables.append(name)
            continue
        digest = _row_digester(plan, columns)
        position = columns.index("id")
        # The digest each record must have now (None: deleted), by id.
        wanted = by_table.pop(name, {})
        absent = object()
        cursor = connection.connection.cursor()
        try:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {name}")
            while batch := cursor.fetchmany(10000):
                rows_checked += len(batch)
                for row in batch:
                    ident = row[position]
                    want = wanted.pop(ident, absent)
                    if want is absent or want is None:
                        suspects[(name, ident)] = (columns, row, "added")
                    elif want != digest(row):
                        suspects[(name, ident)] = (columns, row, "changed")
        finally:
            cursor.close()
        for ident, want in wanted.items():  # expected, not found
            if want is not None:
                suspects[(name, ident)] = (columns, None, "deleted")
    for name in missing_tables:
        problems.append(RecordProblem(name, ENTITY_LABELS.get(name, name), 0, "", "table"))
    if suspects:
        problems += _explain(connection, expected, suspects, has_log)
    return problems, rows_checked


def _explain(connection: Connection, expected, suspects, has_log: bool = True) -> list[RecordProblem]:
    """Say which fields differ: replay the details of the suspect records' events."""
    logged: dict[tuple[str, int], dict[str, Any] | None] = {}
    tables = sorted({table for table, _ident in suspects})
    cursor = connection.connection.cursor()
    try:
        placeholders = ", ".join(f"'{table}'" for table in tables)
        actions = ", ".join(f"'{action}'" for action in RECORD_ACTIONS)
        if has_log:
            cursor.execute(f"SELECT entity, entity_id, action, details FROM audit_event WHERE entity IN "
                           f"({placeholders}) AND action IN ({actions}) ORDER BY id")
        while has_log and (batch := cursor.fetchmany(10000)):
            for entity, entity_id, action, details in batch:
                key = (entity, entity_id)
                if key not in suspects:
                    continue
                values = json.loads(details or "{}")
                if action in ("insert", "snapshot"):
                    logged[key] = values
                elif action == "delete":
                    logged[key] = None
                    logged[key + ("last",)] = values
                else:
                    state = logged.get(key) or {}
                    for column, change in values.items():
                        if isinstance(change, list) and len(change) == 2:
                            state[column] = change[1]
                    logged[key] = state
    finally:
        cursor.close()
    problems = []
    for (table, ident), (columns, row, kind) in sorted(suspects.items()):
        plan = plan_of(table)
        label = ENTITY_LABELS.get(table, table)
        last_event = expected.get((table, ident), (None, None))[0]
        if kind == "added":
            values = dict(zip(columns, row, strict=True))
            problems.append(RecordProblem(table, label, ident, _Names.of_row(
                plan, tuple(values.get(c) for c in plan.columns)), "added"))
            continue
        state = logged.get((table, ident)) or {}
        if kind == "deleted":
            name = _generic_name(SimpleNamespace(**state)) if state else ""
            problems.append(RecordProblem(table, label, ident, str(name), "deleted", (), last_event))
            continue
        values = dict(zip(columns, row, strict=True))
        current = json.loads(_ROW_DUMPS(shown_values(plan, tuple(values.get(c) for c in plan.columns))))
        differences = []
        for column, kind_of in zip(plan.columns, plan.kinds, strict=True):
            if kind_of == "ignored":
                continue
            want, have = state.get(column), current.get(column)
            if want != have:
                differences.append(FieldDifference(column, plan.labels[column], want, have))
            elif _hidden(kind_of) and state.get(column + CHECK_SUFFIX) != current.get(column + CHECK_SUFFIX):
                differences.append(FieldDifference(column, plan.labels[column], want, have, hidden=True))
        extra = sorted(set(columns) - set(plan.columns))
        for column in extra:
            differences.append(FieldDifference(column, column, None, values[column]))
        if not differences:  # only what the details do not show can have changed
            unlogged = "、".join(plan.labels[c] for c in ("created_at", "updated_at", "version")
                                if c in plan.labels)
            differences = [FieldDifference("", f"{unlogged}（不在明细中的字段）", None, None, hidden=True)]
        name = _Names.of_row(plan, tuple(values.get(c) for c in plan.columns))
        problems.append(RecordProblem(table, label, ident, name, "changed", tuple(differences), last_event))
    return problems


# --- the audit view -----------------------------------------------------------------------

@dataclass(frozen=True)
class EventRow:
    """One audit event as the audit view lists it."""

    id: int
    occurred_at: datetime
    operator: str
    village_id: int | None
    action: str
    summary: str


@dataclass(frozen=True)
class FieldChange:
    """One line of an event's details: field, before → after (masked where personal)."""

    label: str
    before: str
    after: str


def recent_events(session: Session, village_id: int | None = None,
                  limit: int = 2000) -> list[EventRow]:
    """The newest events, optionally of one village."""
    query = select(AuditEvent.id, AuditEvent.occurred_at, AuditEvent.operator, AuditEvent.village_id,
                   AuditEvent.action, AuditEvent.summary).order_by(AuditEvent.id.desc()).limit(limit)
    if village_id is not None:
        query = query.where(AuditEvent.village_id == village_id)
    return [EventRow(*row) for row in session.execute(query)]


def event_changes(session: Session, event_id: int) -> list[FieldChange]:
    """Every field an event records, before → after, masked where personal (also in events
    written before masking existed)."""
    _labels_registered()
    row = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.details)
                          .where(AuditEvent.id == event_id)).first()
    if row is None:
        return []
    action, entity, details = row
    try:
        values = json.loads(details or "{}")
    except ValueError:
        return [FieldChange("内容", "", details)]
    plan = plan_of(entity) if entity in audited_tables() else None
    labels = plan.labels if plan else {}
    kinds = dict(zip(plan.columns, plan.kinds, strict=True)) if plan else {}
    changes = []
    for key, value in values.items():
        if key.endswith(CHECK_SUFFIX) or kinds.get(key) == "ignored":
            continue
        kind = kinds.get(key) or ("id" if key.startswith("id_number") else "phone" if key == "phone" else "")
        label = labels.get(key) or _DETAIL_LABELS.get(key, key)
        if action not in ("insert", "snapshot", "delete") and isinstance(value, list) and len(value) == 2:
            before, after = (_display(kind, v) for v in value)
            if before == after and f"{key}{CHECK_SUFFIX}" in values:
                after += "（被遮盖的数字有改动）"
            changes.append(FieldChange(label, before, after))
        elif action == "delete":
            changes.append(FieldChange(label, _display(kind, value), "—"))
        elif action in ("insert", "snapshot"):
            changes.append(FieldChange(label, "—", _display(kind, value)))
        else:
            changes.append(FieldChange(label, "", _display(kind, value)))
    return changes


_DETAIL_LABELS = {"stage": "阶段", "completed_on": "完成日期", "note": "说明", "anchor": "审计锚点",
                  "reason": "理由", "cause": "原因", "file": "文件", "new": "新增", "changed": "更新",
                  "removed": "删除", "unchanged": "未变", "skipped": "跳过", "errors": "错误",
                  "warnings": "提示", "source": "来源", "term": "届次", "count": "人数",
                  "replaced": "替换", "party": "党员大会选举日", "committee": "村委会选举日",
                  "tables": "数据表", "rows": "条数"}


def _display(kind: str, value: Any) -> str:
    if kind in ("id", "phone") and isinstance(value, str):
        value = _shown(kind, value)
    if value is None or value == "":
        return "（空）"
    if value is True or value is False:
        return "是" if value else "否"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def village_names(session: Session, township_id: int | None = None) -> dict[int, str]:
    """Village id → name, for the audit view's filter (one township's, or all)."""
    query = select(Village.id, Village.name).order_by(Village.name)
    if township_id:
        query = query.where(Village.township_id == township_id)
    return dict(session.execute(query).all())
