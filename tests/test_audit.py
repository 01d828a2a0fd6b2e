"""The audit log: every change recorded with its operator, append-only, SHA-256 chained."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, delete, func, select, text, update

from models import AuditEvent, Document, ElectionProcess, Village, VillageGroup, Voter
from tests.conftest import TODAY, make_election, make_township
from tests.pdfs import compact
from tests.vc_committee_data import seat_committee
from workflows.core import audit, documents, imports, stages
from workflows.core.idcard import make_id
from workflows.core.scope import open_scope
from workflows.core.store import open_store, upgrade_to
from workflows.township import notices
from workflows.township.townships import VillageInput, save_village


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


# --- every record change is an event with old and new values and the record's digest ------

def stored_row(db_path, table: str, ident: int) -> tuple[list[str], tuple]:
    connection = sqlite3.connect(db_path)
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    row = connection.execute(f"SELECT * FROM {table} WHERE id = ?", (ident,)).fetchone()
    connection.close()
    return columns, row


def voter_rows(election, count: int, start: int = 0) -> list[dict]:
    return [{"election_id": election.id, "village_id": election.village_id, "name": f"村民{i:03d}",
             "sex": "男" if i % 2 else "女", "id_number": make_id("360102", date(1970, 1, 1), i),
             "birth_date": date(1970, 1, 1), "phone": f"138{i:08d}"} for i in range(start, start + count)]


@pytest.fixture
def roster(store):
    """A township with one election and 600 voters, imported as a file."""
    with store.transaction("王芳") as session:
        township = make_township(session, "jiangxi_2021")
        election = make_election(session, township, party=TODAY + timedelta(days=10),
                                 committee=TODAY + timedelta(days=40))
        imports.store_batch(session, imports.ImportBatch(Voter, "花名册", "名册.xlsx", election.id,
                                                         new=voter_rows(election, 600)))
        return election.id


def test_an_import_writes_one_event_per_voter_with_the_stored_rows_digest(store, roster, db_path):
    with store.session() as session:
        events_ = session.scalars(select(AuditEvent).where(AuditEvent.entity == "voter")
                                  .order_by(AuditEvent.id)).all()
        voters = session.scalars(select(Voter.id).order_by(Voter.id)).all()
    summary, *rows = events_
    assert summary.action == "import" and summary.summary == "导入花名册“名册.xlsx”：新增600人，更新0人"
    assert [e.entity_id for e in rows] == voters and {e.action for e in rows} == {"insert"}
    assert rows[0].summary == "新增选民“村民000”（导入）"
    assert rows[0].village_id is not None and rows[0].township_id is not None
    columns, row = stored_row(db_path, "voter", rows[5].entity_id)
    assert rows[5].digest == audit.record_digest("voter", columns, row)


def test_id_and_phone_numbers_appear_masked_in_events_but_the_digest_covers_them(store, roster, db_path):
    with store.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "insert",
                                                         AuditEvent.entity == "voter")).first()
        voter = session.get(Voter, event.entity_id)
        number, phone = voter.id_number, voter.phone
    details = json.loads(event.details)
    assert details["id_number"] == number[:4] + "*" * 10 + number[-4:]
    assert details["phone"] == phone[:3] + "****" + phone[-4:]
    assert number not in event.details and phone not in event.details
    columns, row = stored_row(db_path, "voter", voter.id)
    hidden = list(row)
    hidden[columns.index("id_number")] = number[:6] + "19700102" + number[14:]  # same mask
    assert audit.record_digest("voter", columns, hidden) != event.digest


def test_no_full_id_or_phone_number_is_written_into_the_audit_log(store):
    from workflows.demo.township import build_demo

    build_demo(store, TODAY)
    pattern = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dX]|1[3-9]\d{9})(?![0-9A-Za-z])")
    with store.session() as session:
        texts = session.execute(select(AuditEvent.summary, AuditEvent.details)).all()
        assert audit.verify(session).ok
    assert len(texts) > 1000
    assert not [text for row in texts for text in row if pattern.search(text)]


def test_an_import_that_changes_and_removes_writes_old_and_new_values_per_row(store, roster):
    with store.transaction("李强") as session:
        first, second, third = session.scalars(select(Voter.id).order_by(Voter.id).limit(3)).all()
        imports.store_batch(session, imports.ImportBatch(
            Voter, "花名册", "更正.xlsx", roster,
            changed=[{"id": first, "phone": "13912345678", "notes": "换号"}], removed=[second, third]))
    with store.session() as session:
        changed = session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
        removed = session.scalars(select(AuditEvent).where(AuditEvent.action == "delete")).all()
        report = audit.verify(session)
    details = json.loads(changed.details)
    assert details["phone"] == ["138****0000", "139****5678"] and details["notes"] == ["", "换号"]
    assert changed.summary == "修改选民“村民000”：联系电话、备注（导入）" and changed.operator == "李强"
    assert [e.entity_id for e in removed] == [second, third] and removed[0].digest is None
    assert report.ok, report.lines()


def test_orm_bulk_statements_are_audited_row_by_row(store, roster):
    with store.transaction("王芳") as session:
        ids = session.scalars(select(Voter.id).order_by(Voter.id).limit(3)).all()
        session.execute(update(Voter).where(Voter.id.in_(ids)).values(notes="批量"))
        session.execute(delete(Voter).where(Voter.id == ids[0]))
    with store.session() as session:
        actions = session.execute(select(AuditEvent.action, AuditEvent.entity_id)
                                  .where(AuditEvent.action.in_(("update", "delete")))).all()
        assert audit.verify(session).ok
    assert actions == [("update", ids[0]), ("update", ids[1]), ("update", ids[2]), ("delete", ids[0])]


def test_rows_the_database_deletes_or_nulls_by_foreign_key_are_audited(store, roster):
    """A group removed from a village (an ORM orphan) nulls its voters' group (SET NULL);
    deleting the election deletes its voters (CASCADE): each row gets its event."""
    with store.transaction("王芳") as session:
        election = session.get(ElectionProcess, roster)
        lower = session.scalars(select(VillageGroup.id).where(VillageGroup.name == "下屋组")).one()
        session.execute(update(Voter).where(Voter.id <= 3).values(group_id=lower))
    with store.transaction("王芳") as session:
        village = session.get(Village, election.village_id)
        save_village(session, village.township_id, VillageInput("石桥村", 1500, 400, ["上屋组"]), village.id)
    with store.session() as session:
        changes = [json.loads(e.details).get("group_id") for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "update", AuditEvent.entity == "voter"))]
        assert changes == [[None, lower]] * 3 + [[lower, None]] * 3 and audit.verify(session).ok
    with store.transaction("王芳") as session:
        session.delete(session.get(ElectionProcess, roster))
    with store.session() as session:
        deleted = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "delete", AuditEvent.entity == "voter"))
        report = audit.verify(session)
    assert deleted == 600 and report.ok, report.lines()[:3]


# --- anchors --------------------------------------------------------------------------------

def issue_notice(store, election_id):
    with store.transaction("王芳") as session:
        return notices.issue_schedule_notice(open_scope(session, election_id), TODAY)


def test_every_archived_document_prints_the_chain_head_next_to_its_code(store, roster):
    with store.session() as session:
        head = audit.head(session)
    document = issue_notice(store, roster)
    text = compact(document.pdf)
    assert f"核验码{document.code}" in text and f"审计锚点{head.code}" in text
    with store.session() as session:
        assert audit.anchor_of_document(session, document.code) == head.code
        archived = session.get(Document, document.id)
        assert documents.reproduce(archived) == archived.pdf


def test_a_stage_completion_event_carries_the_anchor_of_the_chain_before_it(store, roster):
    with store.transaction("王芳") as session:
        seat_committee(session, roster)
        before = audit.head(session)
        stages.advance(open_scope(session, roster), "vc.election_committee", TODAY)
    with store.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "stage.advance")).one()
        report = audit.verify(session, [before.code])
    assert json.loads(event.details)["anchor"] == before.code and before.code in event.summary
    assert report.ok and report.anchors[0].event_id == before.event_id == event.id - 1


def test_an_anchor_on_the_chain_says_where_and_how_much_came_after(store, roster):
    document = issue_notice(store, roster)
    with store.session() as session:
        anchor = audit.anchor_of_document(session, document.code)
        total = session.scalar(select(func.count()).select_from(AuditEvent))
        report = audit.verify(session, [anchor.lower().replace("-", " ")])
    found = report.anchors[0]
    assert report.ok and found.found and found.code == anchor
    assert found.later == total - found.event_id
    assert anchor.startswith(audit.anchor_code(session.get(AuditEvent, found.event_id).hash)[:4])


# --- the view --------------------------------------------------------------------------------

def test_the_view_shows_every_field_before_and_after_masked_where_personal(store, roster):
    with store.transaction("李强") as session:
        voter = session.scalars(select(Voter).order_by(Voter.id)).first()
        voter.phone, voter.name = "13912345678", "张三"
    with store.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
        changes = audit.event_changes(session, event.id)
        inserted = audit.event_changes(session, event.id - 600)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("姓名", "村民000", "张三"), ("联系电话", "138****0000", "139****5678")]
    shown = {c.label: (c.before, c.after) for c in inserted}
    assert shown["公民身份号码"][0] == "—" and "*" * 10 in shown["公民身份号码"][1]


def test_the_view_masks_numbers_written_by_older_versions(store, roster):
    with store.transaction("王芳") as session:
        audit.record(session, "note", "旧版本的记录", details={"id_number": "36010219700101001X"})
    with store.session() as session:
        event_id = session.scalar(select(func.max(AuditEvent.id)))
        changes = audit.event_changes(session, event_id)
    assert changes[0].after == "3601**********001X"


# --- the command line ---------------------------------------------------------------------------

def run_verify(capsys, db_path, *anchors) -> tuple[int, str, str]:
    import main

    argv = ["audit-verify", "--db", str(db_path)]
    for anchor in anchors:
        argv += ["--anchor", anchor]
    code = main.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_audit_verify_exits_0_on_an_intact_log_and_checks_the_anchors_given(store, roster, db_path, capsys):
    document = issue_notice(store, roster)
    with store.session() as session:
        anchor = audit.anchor_of_document(session, document.code)
    store.dispose()
    code, out, _err = run_verify(capsys, db_path, anchor)
    assert code == 0, out
    assert f"锚点 {anchor} 在审计链上" in out and "核对无误" in out


def test_audit_verify_exits_1_and_names_table_record_and_field(store, roster, db_path, capsys):
    store.dispose()
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE voter SET name = '李四' WHERE id = 7")
    connection.commit()
    connection.close()
    code, out, _err = run_verify(capsys, db_path)
    assert code == 1
    assert "选民1 条被改动" in out
    assert "选民第 7 号“李四”在程序之外被改动" in out and "姓名应为“村民006”，现为“李四”" in out


def test_audit_verify_refuses_with_2_a_malformed_anchor_a_missing_file_or_an_old_schema(
        store, roster, db_path, tmp_path, capsys):
    store.dispose()
    assert run_verify(capsys, db_path, "12-34")[0] == 2
    code, _out, err = run_verify(capsys, tmp_path / "没有.sqlite")
    assert code == 2 and "不存在" in err
    old = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{old}")
    upgrade_to(engine, "0011_record_versions")
    engine.dispose()
    code, _out, err = run_verify(capsys, old)
    assert code == 2 and "请先用本程序打开一次" in err


# --- upgrading a database written before digests -----------------------------------------------

def test_upgrading_records_every_stored_row_so_the_replay_starts_from_it(db_path):
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade_to(engine, "0011_record_versions")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO township (id, name, county, province, rules_profile, created_at, updated_at)"
            " VALUES (1, '云溪镇', '青山县', '江西省', '', '2026-01-01', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO village (id, township_id, name, population, households, notes, created_at,"
            " updated_at) VALUES (1, 1, '石桥村', 0, 0, '', '2026-01-01', '2026-01-01')"))
    engine.dispose()
    store = open_store(f"sqlite:///{db_path}")
    try:
        with store.session() as session:
            rows = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.operator)
                                   .order_by(AuditEvent.id)).all()
            report = audit.verify(session)
        assert rows == [("audit.upgrade", "", audit.UPGRADE_OPERATOR),
                        ("snapshot", "township", audit.UPGRADE_OPERATOR),
                        ("snapshot", "village", audit.UPGRADE_OPERATOR)]
        assert report.ok, report.lines()
    finally:
        store.dispose()


def test_upgrading_an_old_database_through_later_column_additions_snapshots_each_table_as_it_then_was(db_path):
    """A table stored before 0012 that a later migration widens (party_track, 0019): the 0012
    snapshot digests the columns it has then, the later one all of them — replay agrees."""
    engine = create_engine(f"sqlite:///{db_path}")
    upgrade_to(engine, "0011_record_versions")
    with engine.begin() as connection:
        for statement in (
                "INSERT INTO township (id, name, county, province, rules_profile, created_at, updated_at)"
                " VALUES (1, '云溪镇', '青山县', '江西省', '', '2026-01-01', '2026-01-01')",
                "INSERT INTO village (id, township_id, name, population, households, notes, created_at, updated_at)"
                " VALUES (1, 1, '石桥村', 0, 0, '', '2026-01-01', '2026-01-01')",
                "INSERT INTO election_process (id, village_id, term_label, party_members, party_deputies, vc_chairs,"
                " vc_vice_chairs, vc_members, notes, created_at, updated_at)"
                " VALUES (1, 1, '第十二届', 5, 1, 1, 1, 3, '', '2026-01-01', '2026-01-01')",
                "INSERT INTO party_track (id, election_id, member_round_participants, mass_round_participants,"
                " publicity_outcome, reply_number, reply_text) VALUES (1, 1, 40, 120, '', '', '')"):
            connection.execute(text(statement))
    engine.dispose()
    store = open_store(f"sqlite:///{db_path}")
    try:
        with store.session() as session:
            snapshots = session.scalars(select(AuditEvent.entity).where(AuditEvent.action == "snapshot")).all()
            report = audit.verify(session)
        assert snapshots.count("party_track") == 2  # at 0012 as it was, at 0019 with the new columns
        assert report.ok, report.lines()
    finally:
        store.dispose()


def test_every_audited_table_has_an_integer_id_and_its_personal_columns_are_masked():
    for name, table in audit.audited_tables().items():
        assert list(table.primary_key.columns.keys()) == ["id"], name
        plan = audit.plan_of(name)
        for column, kind in zip(plan.columns, plan.kinds, strict=True):
            if "id_number" in column or "phone" in column:
                assert kind in ("id", "phone"), (name, column)
