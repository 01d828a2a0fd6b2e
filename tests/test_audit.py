"""The audit log: every change recorded with its operator, append-only, SHA-256 chained."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select

from models import AuditEvent, Village
from tests.conftest import make_township
from workflows.core import audit


def events(session) -> list[AuditEvent]:
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


@pytest.fixture
def history(store):
    """Five changes by two operators."""
    with store.transaction("王芳") as session:
        township = make_township(session)
        session.add(Village(township=township, name="石桥村", population=1200, households=300))
    with store.transaction("李强") as session:
        village = session.scalars(select(Village)).one()
        village.population = 1300
        session.add(Village(township_id=village.township_id, name="枫林村"))
    with store.transaction("李强") as session:
        session.delete(session.scalars(select(Village).where(Village.name == "枫林村")).one())
    return store


def test_inserts_updates_and_deletes_are_recorded_with_operator_and_values(history):
    with history.session() as session:
        rows = events(session)
    assert [(e.operator, e.action, e.entity) for e in rows] == [
        ("王芳", "insert", "township"),
        ("王芳", "insert", "village"),
        ("李强", "insert", "village"),  # one flush: inserts, then updates, then deletes
        ("李强", "update", "village"),
        ("李强", "delete", "village"),
    ]
    update = rows[3]
    assert json.loads(update.details) == {"population": [1200, 1300]}
    assert update.summary == "修改村“石桥村”：人口"
    assert update.village_id is not None and update.township_id == rows[0].entity_id


def test_an_untouched_chain_verifies(history):
    with history.session() as session:
        report = audit.verify(session)
    assert report.ok and report.checked == 5


def test_the_log_is_append_only(history, db_path):
    connection = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("UPDATE audit_event SET operator = '某人' WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("DELETE FROM audit_event WHERE id = 2")


def tamper(db_path, statement: str) -> None:
    """Edit the file directly, as someone bypassing the program would."""
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TRIGGER audit_event_no_update")
    connection.execute("DROP TRIGGER audit_event_no_delete")
    connection.execute(statement)
    connection.commit()
    connection.close()


def test_editing_a_past_row_reports_exactly_that_event(history, db_path):
    tamper(db_path, "UPDATE audit_event SET summary = '修改村“石桥村”：户数' WHERE id = 4")
    with history.session() as session:
        report = audit.verify(session)
    assert not report.ok
    assert report.broken_id == 4
    assert "第 4 号记录的内容被改动过" in report.problem


def test_rehashing_an_edited_row_still_breaks_the_link_to_the_next(history, db_path):
    with history.session() as session:
        row = dict(session.execute(select(*AuditEvent.__table__.columns).where(AuditEvent.id == 2))
                   .mappings().one())
    row["operator"] = "冒名者"
    forged = audit.event_hash(row)
    tamper(db_path, f"UPDATE audit_event SET operator = '冒名者', hash = '{forged}' WHERE id = 2")
    with history.session() as session:
        report = audit.verify(session)
    assert not report.ok and report.broken_id == 3
    assert "链接不符" in report.problem


def test_deleting_a_middle_row_is_found(history, db_path):
    tamper(db_path, "DELETE FROM audit_event WHERE id = 4")
    with history.session() as session:
        report = audit.verify(session)
    assert not report.ok and report.broken_id == 5


def test_deleting_the_newest_rows_is_found(history, db_path):
    tamper(db_path, "DELETE FROM audit_event WHERE id >= 4")
    with history.session() as session:
        report = audit.verify(session)
    assert not report.ok and report.broken_id is None
    assert "末尾的记录被删除" in report.problem


def test_explicit_events_join_the_chain(history):
    with history.transaction("王芳") as session:
        audit.record(session, "import", "导入花名册 120 人", scope=audit.Scope(village_id=1))
    with history.session() as session:
        last = events(session)[-1]
        assert (last.action, last.village_id, last.township_id) == ("import", 1, 1)
        assert audit.verify(session).ok
