"""Server mode on a real PostgreSQL server (CI starts one and sets VEW_TEST_POSTGRES_URL)."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workflows.core import audit
from workflows.core.store import HEAD_REVISION, StoreError, open_store
from workflows.demo.township import build_demo
from workflows.township.overview import township_overview

BASE_URL = os.environ.get("VEW_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not BASE_URL, reason="VEW_TEST_POSTGRES_URL not set (CI sets it)")


@pytest.fixture
def database_url():
    """A fresh, empty database on the server, dropped afterwards."""
    name = f"vew_{uuid.uuid4().hex[:12]}"
    admin = create_engine(BASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_an_empty_server_database_is_migrated_and_audited(database_url):
    store = open_store(database_url)
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        township_id = build_demo(store, date(2026, 11, 21))
        with store.session() as session:
            rows = township_overview(session, township_id, date(2026, 11, 21))
            assert len(rows) == 10 and any(row.late for row in rows)
            report = audit.verify(session)
            assert report.ok and report.checked > 100
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as connection:
            connection.execute(text("UPDATE audit_event SET operator = 'x' WHERE id = 1"))
    finally:
        store.dispose()


def test_a_foreign_server_database_is_refused_and_left_alone(database_url):
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE payroll (id integer primary key, amount integer)"))
    with pytest.raises(StoreError, match="不是本程序的数据库"):
        open_store(database_url)
    with engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).scalars().all()
    engine.dispose()
    assert tables == ["payroll"]


def test_tampering_is_found_on_the_server(database_url):
    store = open_store(database_url)
    try:
        build_demo(store, date(2026, 11, 21))
        with store.engine.begin() as connection:
            connection.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"))
            connection.execute(text("UPDATE audit_event SET summary = '改过' WHERE id = 7"))
        with store.session() as session:
            report = audit.verify(session)
        assert not report.ok and report.broken_id == 7
    finally:
        store.dispose()


def test_the_voter_table_queries_work_on_the_server(database_url):
    """The voter table reads plain driver rows (store.plain_rows): the same ids on PostgreSQL."""
    from sqlalchemy import func, select

    from models import Voter
    from workflows.voters.voter_queries import VoterFilter, matching_ids

    store = open_store(database_url)
    try:
        build_demo(store, date(2026, 11, 21))
        with store.session() as session:
            election_id, count = session.execute(
                select(Voter.election_id, func.count()).where(Voter.status == "registered")
                .group_by(Voter.election_id).order_by(func.count().desc()).limit(1)).one()
            by_group = matching_ids(session, election_id, VoterFilter())
            assert len(by_group) == count
            by_name = matching_ids(session, election_id, VoterFilter(sort="name", descending=True))
            expected = session.scalars(select(Voter.id).where(
                Voter.election_id == election_id, Voter.status == "registered")
                .order_by(Voter.name.desc(), Voter.id.desc())).all()
            assert by_name == expected  # the server's own collation decides the order
            names = dict(session.execute(select(Voter.id, Voter.name).where(Voter.id.in_(by_name))).all())
            first = names[by_group[0]]
            found = matching_ids(session, election_id, VoterFilter(text=first))
            assert by_group[0] in found and all(first in names[i] for i in found)
    finally:
        store.dispose()


# --- the audit log on the server -------------------------------------------------------------

@pytest.fixture
def audited_server(database_url):
    """A migrated server database with a township, an election and 300 imported voters."""
    from models import Voter
    from tests.conftest import make_election, make_township
    from workflows.core import imports
    from workflows.core.idcard import make_id

    store = open_store(database_url)
    with store.transaction("王芳") as session:
        election = make_election(session, make_township(session), party=date(2026, 12, 1),
                                 committee=date(2026, 12, 31))
        rows = [{"election_id": election.id, "village_id": election.village_id, "name": f"村民{i:03d}",
                 "sex": "男", "id_number": make_id("360102", date(1970, 1, 1), i),
                 "birth_date": date(1970, 1, 1), "phone": f"138{i:08d}"} for i in range(300)]
        imports.store_batch(session, imports.ImportBatch(Voter, "花名册", "名册.xlsx", election.id, new=rows))
    yield store
    store.dispose()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET operator = 'x' WHERE id = 3",
    "DELETE FROM audit_event WHERE id > 100",
    "TRUNCATE audit_event",
    "INSERT INTO audit_event SELECT * FROM audit_event WHERE id = 3 ON CONFLICT (id) DO UPDATE SET summary = 'x'",
    "INSERT INTO audit_event (id, occurred_at, operator, action, entity, summary, details, prev_hash, hash)"
    " SELECT 100000, occurred_at, operator, action, entity, summary, details, prev_hash, hash"
    " FROM audit_event WHERE id = 3",
    "UPDATE audit_head SET appended = appended - 1",
    "DELETE FROM audit_head",
    "TRUNCATE audit_head",
    "INSERT INTO audit_head (id, appended) VALUES (2, 0)",
])
def test_the_server_refuses_every_statement_that_would_rewrite_the_log_or_move_its_head_back(
        audited_server, statement):
    with pytest.raises(Exception, match="append-only|only moves forward"), \
            audited_server.engine.begin() as connection:
        connection.execute(text(statement))
    with audited_server.session() as session:
        assert audit.verify(session).ok


def test_an_import_on_the_server_is_one_event_per_voter_and_replays_exactly(audited_server):
    from sqlalchemy import func, select

    from models import AuditEvent

    with audited_server.session() as session:
        inserted = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "insert", AuditEvent.entity == "voter", AuditEvent.digest.is_not(None)))
        report = audit.verify(session)
    assert inserted == 300 and report.ok and report.rows_checked > 300


def test_a_direct_update_of_a_voter_on_the_server_is_found_by_field(audited_server):
    with audited_server.engine.begin() as connection:
        connection.execute(text("UPDATE voter SET phone = '13900000000' WHERE id = 5"))
        connection.execute(text("DELETE FROM voter WHERE id > 250"))
    with audited_server.session() as session:
        report = audit.verify(session)
    changed = [p for p in report.records if p.kind == "changed"]
    assert [(p.record_id, [(f.label, f.expected, f.actual) for f in p.fields]) for p in changed] == [
        (5, [("联系电话", "138****0004", "139****0000")])]
    assert sum(p.kind == "deleted" for p in report.records) == 50


def test_a_disabled_dropped_or_rewritten_trigger_on_the_server_is_reported(audited_server):
    with audited_server.engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_head DISABLE TRIGGER audit_head_guard"))
        connection.execute(text("DROP TRIGGER audit_event_no_truncate ON audit_event"))
        connection.execute(text("CREATE OR REPLACE FUNCTION audit_event_append_check() RETURNS trigger AS $$ "
                                "BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql"))
    with audited_server.session() as session:
        problems = audit.verify(session).problems
    assert "保护审计记录的触发器“audit_head_guard”被停用（DISABLE TRIGGER）。" in problems
    assert "保护审计记录的触发器“audit_event_no_truncate”不存在（被删除）。" in problems
    assert "保护审计记录的触发器“audit_event_append_at_head”被改写过。" in problems


def test_a_document_issued_on_the_server_prints_an_anchor_the_check_finds(audited_server):
    from workflows.core.scope import open_scope
    from workflows.township import notices

    with audited_server.transaction("王芳") as session:
        election_id = session.execute(text("SELECT id FROM election_process")).scalar()
        document = notices.issue_schedule_notice(open_scope(session, election_id), date(2026, 11, 21))
        anchor = audit.anchor_of_document(session, document.code)
    with audited_server.session() as session:
        report = audit.verify(session, [anchor])
    assert report.ok and report.anchors[0].found
