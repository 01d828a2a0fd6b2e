"""Storing an imported roster: every new and changed row in bulk, one transaction, one record.

The voter roster and the Party member roster are checked by their own domains; once a
preview has no error, both are stored the same way, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert, update
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


def refuse_errors(error_count: int) -> None:
    """All or nothing: a file with any error stores nothing."""
    if error_count:
        raise InvalidInput({"file": msg("文件中还有 {n} 处错误，改正后才能导入", n=error_count)})


def store_batch(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Insert and update in bulk, refresh loaded objects, record the import; return the counts."""
    if batch.new:
        session.execute(insert(batch.entity), batch.new)
    if batch.changed:
        session.execute(update(batch.entity), batch.changed)
    for loaded in list(session.identity_map.values()):  # bulk statements bypass loaded objects
        if isinstance(loaded, batch.entity):
            session.expire(loaded)
    counts = {"new": len(batch.new), "changed": len(batch.changed)}
    audit.record(session, "import",
                 f"导入{batch.roster}“{batch.file_name}”：新增{counts['new']}人，更新{counts['changed']}人"
                 + batch.note, entity=batch.entity.__tablename__,
                 scope=audit.Scope(election_id=batch.election_id),
                 details={"file": batch.file_name, **batch.details})
    session.flush()
    return counts
