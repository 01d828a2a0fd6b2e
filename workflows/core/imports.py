"""Storing an imported roster: every new, changed and removed row in bulk, one transaction.

The voter roster and the Party member roster are checked by their own domains; once a
preview has no error, both are stored the same way, here. The file is one summary event
in the audit log, and every row created, changed or removed is an event of its own
(written in bulk with the rows, see ``audit.bulk_insert``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from workflows.core import audit
from workflows.core.errors import InvalidInput
from workflows.core.text import msg


@dataclass(frozen=True)
class ImportBatch:
    """What to store from one checked file."""

    entity: type  # the ORM class (Voter, PartyMember)
    roster: str  # “花名册”, “党员名册”: how the audit record names the file
    file_name: str
    election_id: int
    new: list[dict] = field(default_factory=list)  # column values of rows to insert
    changed: list[dict] = field(default_factory=list)  # … of rows to update (with "id")
    note: str = ""  # appended to the audit summary (e.g. the correction's reason)
    details: dict = field(default_factory=dict)
    removed: list[int] = field(default_factory=list)  # ids of rows to delete


def refuse_errors(error_count: int) -> None:
    """All or nothing: a file with any error stores nothing."""
    if error_count:
        raise InvalidInput({"file": msg("文件中还有 {n} 处错误，改正后才能导入", n=error_count)})


def store_batch(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Record the import, then insert, update and delete in bulk (one audit event per row);
    refresh loaded objects; return the counts."""
    counts = {"new": len(batch.new), "changed": len(batch.changed)}
    summary = f"导入{batch.roster}“{batch.file_name}”：新增{counts['new']}人，更新{counts['changed']}人"
    if batch.removed:
        counts["removed"] = len(batch.removed)
        summary += f"，删除{counts['removed']}人"
    audit.record(session, "import", summary + batch.note, entity=batch.entity.__tablename__,
                 scope=audit.Scope(election_id=batch.election_id),
                 details={"file": batch.file_name, **batch.details})
    note = "（导入）"
    if batch.new:
        audit.bulk_insert(session, batch.entity, batch.new, note=note)
    if batch.changed:  # ORM bulk UPDATE by primary key: the audit hook writes each row's event
        session.execute(update(batch.entity), batch.changed, execution_options={audit.NOTE: note})
    if batch.removed:
        session.execute(delete(batch.entity).where(batch.entity.id.in_(batch.removed)),
                        execution_options={audit.NOTE: note})
    for loaded in list(session.identity_map.values()):  # bulk statements bypass loaded objects
        if isinstance(loaded, batch.entity):
            session.expire(loaded)
    session.flush()
    return counts
