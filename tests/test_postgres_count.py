"""Double entry on a PostgreSQL server at the same time (issue 12 item 7): two clerks, each on
their own connection (their own laptop), enter the same box's ballots concurrently, blind to
each other; the passes agree only when they match, and who entered what is audited."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from models import AuditEvent, CountEntry
from tests.count_data import setup
from tests.test_postgres import BASE_URL, database_url  # noqa: F401 (the fixture)
from workflows.core.scope import open_scope
from workflows.core.store import open_store
from workflows.count import double_entry, entry, rounds

pytestmark = pytest.mark.skipif(not BASE_URL, reason="VEW_TEST_POSTGRES_URL not set (CI sets it)")
LINES = ["1 3 5 6 7", "2 4 5 8 9", "1 4 6 7 10", "0", "1 3 5 6 7 8 9 10"] * 8  # a blank, an over-full 委员


def enter(url: str, election_id: int, box_id: int, clerk: str, lines: list[str], errors: list) -> None:
    """One clerk's laptop: its own store, one transaction per ballot, as the entry dialog does."""
    store = open_store(url)
    try:
        with store.transaction(clerk) as session:
            entry_id = double_entry.start_entry(open_scope(session, election_id), box_id, clerk)
        for line in lines:
            with store.transaction(clerk) as session:
                entry.record_ballot(open_scope(session, election_id), entry_id, line)
        with store.transaction(clerk) as session:
            double_entry.submit_entry(open_scope(session, election_id), entry_id)
    except Exception as error:  # reported by the test, not lost in the thread
        errors.append(error)
    finally:
        store.dispose()


def run_both(url: str, election_id: int, box_id: int, second: list[str]) -> list:
    errors: list = []
    clerks = [threading.Thread(target=enter, args=(url, election_id, box_id, name, lines, errors))
              for name, lines in (("王红梅", LINES), ("李建军", second))]
    for clerk in clerks:
        clerk.start()
    for clerk in clerks:
        clerk.join(timeout=120)
    return errors


def prepared(url: str) -> tuple[int, int]:
    store = open_store(url)
    try:
        with store.transaction("乡镇管理员") as session:
            scope, round_id = setup(session, registered=60)
            box_id = rounds.round_view(scope, round_id).boxes[0].id
            rounds.set_box_figures(scope, box_id, rounds.BoxFigures(45, len(LINES), len(LINES)))
            return scope.election.id, box_id
    finally:
        store.dispose()


def test_two_clerks_at_once_on_the_server_agree_and_each_is_audited(database_url):  # noqa: F811
    election_id, box_id = prepared(database_url)
    assert run_both(database_url, election_id, box_id, list(reversed(LINES))) == []
    store = open_store(database_url)
    try:
        with store.session() as session:
            scope = open_scope(session, election_id)
            assert double_entry.box_state(scope, box_id) == "agreed"  # the order of ballots does not matter
            operators = set(session.scalars(select(CountEntry.operator).where(CountEntry.box_id == box_id)))
            assert operators == {"王红梅", "李建军"}
            audited = set(session.scalars(select(AuditEvent.operator).where(AuditEvent.entity == "count_ballot")))
            assert {"王红梅", "李建军"} <= audited
    finally:
        store.dispose()


def test_a_disagreement_entered_at_once_on_the_server_is_shown_field_by_field(database_url):  # noqa: F811
    election_id, box_id = prepared(database_url)
    misread = LINES[:-1] + ["2 3 5 6 7"]  # the last ballot read as 张伟, not 王建国
    assert run_both(database_url, election_id, box_id, misread) == []
    store = open_store(database_url)
    try:
        with store.session() as session:
            scope = open_scope(session, election_id)
            assert double_entry.box_state(scope, box_id) == "differs"
            comparison = double_entry.compare(scope, box_id)
            misreader_first = comparison.first_operator == "李建军"  # the threads may start either way
            fields = {d.field: (d.second, d.first) if misreader_first else (d.first, d.second)
                      for d in comparison.differences}  # (王红梅's figure, 李建军's figure)
            wang = next(f for f in fields if "王建国" in f)
            zhang = next(f for f in fields if "张伟" in f)
            assert fields[wang][0] - fields[wang][1] == 1 and fields[zhang][1] - fields[zhang][0] == 1
    finally:
        store.dispose()


def test_a_last_ballot_undone_and_replaced_by_another_computer_is_not_shown_stale(database_url):  # noqa: F811
    """Running totals are kept between ballots; when another laptop on the server undoes the last
    ballot and enters a different one (same serial), this laptop recounts instead of showing the
    old figures (the marker is the last ballot's serial and row id)."""
    from models import CountBallot

    election_id, box_id = prepared(database_url)
    here, there = open_store(database_url), open_store(database_url)
    try:
        with here.transaction("王红梅") as session:
            scope = open_scope(session, election_id)
            entry_id = double_entry.start_entry(scope, box_id, "王红梅")
            for line in ("1 3 5 6 7", "1 3 5 6 7"):
                entry.record_ballot(scope, entry_id, line)
            view = entry.entry_round(scope, session.get(CountEntry, entry_id))
            chair = view.contests[0]
            assert entry.running_totals(scope, session.get(CountEntry, entry_id), view).contest(
                chair.id).votes.get(chair.candidates[0].id) == 2
        with there.transaction("王红梅") as session:  # the other laptop: undo, then another ballot
            last = session.scalars(select(CountBallot).where(CountBallot.entry_id == entry_id)
                                   .order_by(CountBallot.serial.desc())).first()
            serial, election = last.serial, last.election_id
            session.delete(last)
            session.flush()
            other = f'{{"{chair.id}":[{chair.candidates[1].id}]}}'
            session.add(CountBallot(election_id=election, entry_id=entry_id, serial=serial, marks=other, void=False))
        with here.transaction("王红梅") as session:
            scope = open_scope(session, election_id)
            totals = entry.running_totals(scope, session.get(CountEntry, entry_id), view)
            assert totals.contest(chair.id).votes.get(chair.candidates[0].id) == 1
            assert totals.contest(chair.id).votes.get(chair.candidates[1].id) == 1
    finally:
        here.dispose()
        there.dispose()
