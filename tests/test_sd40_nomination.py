"""SD-40: the nomination date is recorded by the clerk, entered in the dialogs, migrated empty."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text

from tests.test_party_candidates import add_member, setup
from ui.context import AppContext
from ui.party.dialogs import NominateDialog, NominationDateDialog, OfficeDialog
from ui.signals import AppSignals
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.core.store import open_store, upgrade_to
from workflows.party import candidates as pc
from workflows.party import review as pr


@pytest.fixture
def ctx(store):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


def test_sd40_the_clerk_enters_the_nomination_date_when_nominating_and_afterwards(ctx, qtbot):
    with ctx.transaction() as session:
        _township, election = setup(session, seats=3)
        election_id = election.id
        add_member(session, election, "郑明")
        second = add_member(session, election, "周强")
    dialog = NominateDialog(ctx, election_id)
    qtbot.addWidget(dialog)
    dialog.choose_member("郑明")
    dialog.reason.setPlainText("致富带头人")
    assert dialog.nominated_on.value() is None  # never pre-filled with the day of typing
    dialog.nominated_on.set_value(date(2026, 11, 3))
    dialog.save_action()
    assert dialog.result() == NominateDialog.Accepted
    with ctx.read_scope(election_id) as scope:
        row = next(r for r in pr.candidate_rows(scope) if r.name == "郑明")
        assert row.nominated_on == date(2026, 11, 3)

    def store(scope, office, incumbent, nominated_on):
        pc.nominate_by_township(scope, second.id_number, "返乡创业", proposed_office=office,
                                incumbent=incumbent, nominated_on=nominated_on)

    office = OfficeDialog(ctx, election_id, "列为初步人选", "", store, ask_nomination=True)
    qtbot.addWidget(office)
    office.save_action()  # no date yet: allowed, to be entered before the review
    with ctx.read_scope(election_id) as scope:
        later = next(r for r in pr.candidate_rows(scope) if r.name == "周强")
        assert later.nominated_on is None
        assert any("周强：尚未记录提名日期" in str(f.message) for f in pr.qualification_check(scope).items)
    date_dialog = NominationDateDialog(ctx, election_id, later.id)
    qtbot.addWidget(date_dialog)
    date_dialog.day.setDate(date(2026, 11, 4))
    date_dialog.save_action()
    with ctx.read_scope(election_id) as scope:
        assert pc.candidate_facts(scope, later.id).nominated_on == date(2026, 11, 4)


def test_sd40_stored_candidates_get_no_nomination_date_from_the_migration(db_path):
    """Migration 0010 adds the column empty (the typing day is not the nomination day) and
    records the 两推 rounds already stored as dated steps of the calendar (SD-46)."""
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade_to(engine, "0009_voter_id_order_index")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO township (id, name, county, province, rules_profile, created_at, updated_at)"
            " VALUES (1, '云溪镇', '青山县', '江西省', '', '2026-01-01', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO village (id, township_id, name, population, households, notes, created_at, updated_at)"
            " VALUES (1, 1, '石桥村', 0, 0, '', '2026-01-01', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO election_process (id, village_id, term_label, party_members, party_deputies,"
            " vc_chairs, vc_vice_chairs, vc_members, notes, created_at, updated_at)"
            " VALUES (1, 1, '第十二届', 5, 0, 1, 1, 3, '', '2026-01-01', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO party_track (election_id, member_round_on, member_round_participants,"
            " mass_round_participants, publicity_outcome, reply_number, reply_text)"
            " VALUES (1, '2026-11-02', 40, 0, '', '', '')"))
    engine.dispose()
    store = open_store(f"sqlite:///{db_path}")
    with store.session("测试员") as session:
        rows = session.execute(text("SELECT key, day FROM milestone_fact")).all()
        assert rows == [("party_member_round", "2026-11-02")]
        columns = [r[1] for r in session.execute(text("PRAGMA table_info(party_candidate)"))]
        assert "nominated_on" in columns
        assert open_scope(session, 1).facts["party_member_round"] == date(2026, 11, 2)
    store.dispose()
