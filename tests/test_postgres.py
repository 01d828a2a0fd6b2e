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
