"""Tampering with the file behind the program's back, attempt by attempt.

Three outcomes, in three sections:

1. refused by the database (the guard triggers): nothing changes;
2. found by ``audit-verify`` alone, naming the event, or the table, record and field;
3. found only against an anchor printed on paper before: someone who drops the triggers
   and rewrites or cuts the whole chain consistently, data included, leaves a file that
   checks out on its own — the paper's anchor is then no longer on the chain.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from models import AuditEvent, Voter
from tests.conftest import TODAY, make_election, make_township
from workflows.core import audit, imports
from workflows.core.idcard import make_id
from workflows.core.scope import open_scope
from workflows.township import notices

APPEND_ONLY = "append-only"


def voter_rows(election, count: int) -> list[dict]:
    return [{"election_id": election.id, "village_id": election.village_id, "name": f"村民{i:03d}",
             "sex": "男" if i % 2 else "女", "id_number": make_id("360102", date(1970, 1, 1), i),
             "birth_date": date(1970, 1, 1), "phone": f"138{i:08d}"} for i in range(count)]


@pytest.fixture
def village(store):
    """600 voters imported, a notice issued (its anchor printed), then a phone corrected."""
    with store.transaction("王芳") as session:
        election = make_election(session, make_township(session, "jiangxi_2021"),
                                 party=TODAY + timedelta(days=10), committee=TODAY + timedelta(days=40))
        imports.store_batch(session, imports.ImportBatch(Voter, "花名册", "名册.xlsx", election.id,
                                                         new=voter_rows(election, 600)))
        election_id = election.id
    with store.transaction("王芳") as session:
        document = notices.issue_schedule_notice(open_scope(session, election_id), TODAY)
        paper = audit.anchor_of_document(session, document.code)
    with store.transaction("李强") as session:
        session.scalars(select(Voter).where(Voter.id == 10)).one().phone = "13700000000"
    store.dispose()
    return paper


def sql(db_path, *statements: str) -> None:
    connection = sqlite3.connect(db_path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def refused(db_path, statement: str, message: str = APPEND_ONLY) -> None:
    before = snapshot(db_path)
    with pytest.raises(sqlite3.DatabaseError, match=message):
        sql(db_path, statement)
    assert snapshot(db_path) == before


def snapshot(db_path) -> tuple:
    connection = sqlite3.connect(db_path)
    try:
        return (connection.execute("SELECT count(*), max(id), max(hash) FROM audit_event").fetchone(),
                connection.execute("SELECT appended FROM audit_head").fetchall())
    finally:
        connection.close()


def check(store, *anchors: str) -> audit.VerifyReport:
    with store.session() as session:
        return audit.verify(session, anchors)


def drop_guards(db_path) -> None:
    sql(db_path, *(f"DROP TRIGGER {name}" for name in audit.SQLITE_GUARDS))


def restore_guards(db_path) -> None:
    sql(db_path, *audit.SQLITE_GUARDS.values())


def rehash_from(db_path, first_id: int) -> None:
    """Recompute every hash from ``first_id`` on, as a forger with the program's code can."""
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    prev = connection.execute("SELECT hash FROM audit_event WHERE id < ? ORDER BY id DESC LIMIT 1",
                              (first_id,)).fetchone()
    prev = prev[0] if prev else audit.GENESIS_HASH
    for row in connection.execute("SELECT * FROM audit_event WHERE id >= ? ORDER BY id", (first_id,)).fetchall():
        event = dict(row) | {"prev_hash": prev}
        prev = audit.event_hash(event)
        connection.execute("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?", (event["prev_hash"], prev, row["id"]))
    connection.execute("UPDATE audit_head SET appended = (SELECT count(*) FROM audit_event)")
    connection.commit()
    connection.close()


def update_digest(db_path, table: str, ident: int) -> int:
    """Give a record's last event the digest of the row as it is now; return that event's id."""
    connection = sqlite3.connect(db_path)
    event_id = connection.execute("SELECT max(id) FROM audit_event WHERE entity = ? AND entity_id = ?",
                                  (table, ident)).fetchone()[0]
    connection.close()
    sql(db_path, f"UPDATE audit_event SET digest = '{digest_now(db_path, table, ident)}' WHERE id = {event_id}")
    return event_id


def digest_now(db_path, table: str, ident: int) -> str:
    connection = sqlite3.connect(db_path)
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    row = connection.execute(f"SELECT * FROM {table} WHERE id = ?", (ident,)).fetchone()
    connection.close()
    return audit.record_digest(table, columns, row)


# --- 1. refused by the database ---------------------------------------------------------------

def test_updating_an_event_is_refused(store, village, db_path):
    refused(db_path, "UPDATE audit_event SET operator = '冒名者' WHERE id = 5")


def test_deleting_an_event_is_refused(store, village, db_path):
    refused(db_path, "DELETE FROM audit_event WHERE id = 5")


def test_insert_or_replace_of_an_event_is_refused(store, village, db_path):
    refused(db_path, "INSERT OR REPLACE INTO audit_event SELECT * FROM audit_event WHERE id = 5")
    refused(db_path, "REPLACE INTO audit_event (id, occurred_at, operator, action, entity, summary,"
                     " details, prev_hash, hash) VALUES (5, '2026-01-01 00:00:00.000000', '某人', 'x',"
                     " '', '', '{}', '', '')")


def test_upserting_an_event_is_refused(store, village, db_path):
    refused(db_path, "INSERT INTO audit_event SELECT * FROM audit_event WHERE id = 5 "
                     "ON CONFLICT(id) DO UPDATE SET summary = '改过'")


def test_inserting_an_event_below_the_head_or_off_the_chain_is_refused(store, village, db_path):
    with store.session() as session:
        total = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    sql(db_path, "DROP TRIGGER audit_event_no_delete", "DELETE FROM audit_event WHERE id = 5",
        audit.SQLITE_GUARDS["audit_event_no_delete"])  # a gap, to try to fill it
    refused(db_path, "INSERT INTO audit_event (id, occurred_at, operator, action, entity, summary, details,"
                     " prev_hash, hash) SELECT 5, occurred_at, operator, action, entity, summary, details,"
                     f" prev_hash, hash FROM audit_event WHERE id = {total}")
    refused(db_path, "INSERT INTO audit_event (occurred_at, operator, action, entity, summary, details,"
                     " prev_hash, hash) VALUES ('2026-01-01 00:00:00.000000', '某人', 'x', '', '', '{}',"
                     f" '{'0' * 64}', '{'1' * 64}')")


def test_deleting_the_tail_and_lowering_the_head_is_refused(store, village, db_path):
    refused(db_path, "DELETE FROM audit_event WHERE id > 600")
    refused(db_path, "UPDATE audit_head SET appended = appended - 3", "only moves forward")
    refused(db_path, "DELETE FROM audit_head", "only moves forward")
    refused(db_path, "INSERT OR REPLACE INTO audit_head (id, appended) VALUES (1, 0)", "only moves forward")


def test_wiping_the_whole_log_is_refused(store, village, db_path):
    refused(db_path, "DELETE FROM audit_event")


# --- 2. found by audit-verify alone ----------------------------------------------------------------

def test_a_dropped_trigger_is_reported_by_name(store, village, db_path):
    sql(db_path, "DROP TRIGGER audit_event_append_at_head")
    report = check(store)
    assert not report.ok
    assert report.problems == ("保护审计记录的触发器“audit_event_append_at_head”不存在（被删除）。",)


def test_a_trigger_rewritten_to_let_everything_through_is_reported(store, village, db_path):
    sql(db_path, "DROP TRIGGER audit_event_no_delete",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT 1; END")
    assert check(store).problems == ("保护审计记录的触发器“audit_event_no_delete”被改写过。",)


def test_a_direct_update_of_a_voter_is_found_by_table_record_and_field(store, village, db_path):
    sql(db_path, "UPDATE voter SET name = '李四', category = 3 WHERE id = 42")
    report = check(store)
    assert not report.ok and not report.problems
    [problem] = report.records
    assert (problem.table, problem.record_id, problem.kind, problem.name) == ("voter", 42, "changed", "李四")
    assert [(f.label, f.expected, f.actual) for f in problem.fields] == [
        ("姓名", "村民041", "李四"), ("登记类别", 1, 3)]
    assert problem.describe() == ("选民第 42 号“李四”在程序之外被改动（最后一条相关审计记录：第 "
                                  f"{problem.last_event} 号）：姓名应为“村民041”，现为“李四”；登记类别应为“1”，现为“3”。")


def test_deleting_500_voters_with_sqlite3_is_found_voter_by_voter(store, village, db_path):
    sql(db_path, "DELETE FROM voter WHERE id > 100")
    report = check(store)
    deleted = [p for p in report.records if p.kind == "deleted"]
    assert len(deleted) == 500 and len(report.records) == 500
    assert deleted[0].record_id == 101 and deleted[0].name == "村民100"
    assert deleted[0].describe().startswith("选民第 101 号“村民100”在程序之外被删除")


def test_a_voter_added_with_sqlite3_is_found(store, village, db_path):
    sql(db_path, "INSERT INTO voter (election_id, village_id, name, sex, ethnicity, id_number, birth_date,"
                 " education, political_status, category, phone, notes, status, removal_reason, source,"
                 " created_at, updated_at, version) SELECT election_id, village_id, '冒名', sex, ethnicity,"
                 " '360102197001019999', birth_date, education, political_status, category, phone, notes,"
                 " status, removal_reason, source, created_at, updated_at, version FROM voter WHERE id = 1")
    [problem] = check(store).records
    assert problem.kind == "added" and problem.name == "冒名"
    assert problem.describe().endswith("不在审计记录中：是在程序之外添加的。")


def test_changing_only_the_masked_digits_of_an_id_number_is_found(store, village, db_path):
    sql(db_path, "UPDATE voter SET id_number = substr(id_number, 1, 6) || '19700102' || substr(id_number, 15)"
                 " WHERE id = 7")
    [problem] = check(store).records
    [field] = problem.fields
    assert (field.label, field.hidden) == ("公民身份号码", True) and field.expected == field.actual
    assert "公民身份号码（被遮盖的部分）被改动" in problem.describe()


def test_a_change_of_a_time_the_details_do_not_show_is_still_found(store, village, db_path):
    sql(db_path, "UPDATE voter SET updated_at = '2020-01-01 00:00:00.000000' WHERE id = 8")
    [problem] = check(store).records
    assert problem.describe().endswith("：创建时间、修改时间、版本（不在明细中的字段）被改动。")


def test_editing_an_event_is_found_at_that_event(store, village, db_path):
    drop_guards(db_path)
    sql(db_path, "UPDATE audit_event SET summary = '新增选民“别人”' WHERE id = 20")
    report = check(store)
    assert report.broken_id == 20 and "第 20 号记录的内容被改动过" in report.problem


def test_rehashing_an_edited_event_breaks_the_link_to_the_next(store, village, db_path):
    drop_guards(db_path)
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    row = dict(connection.execute("SELECT * FROM audit_event WHERE id = 20").fetchone())
    connection.close()
    row["operator"] = "冒名者"
    sql(db_path, f"UPDATE audit_event SET operator = '冒名者', hash = '{audit.event_hash(row)}' WHERE id = 20")
    report = check(store)
    assert report.broken_id == 21 and "第 21 号记录与前一条记录的链接不符" in report.problem


def test_a_forged_event_with_a_recomputed_hash_appended_at_the_head_is_found(store, village, db_path):
    """The database accepts a well-formed append (it continues the chain); the forger also
    changed the voter. The head counter and the record's digest give it away."""
    sql(db_path, "UPDATE voter SET phone = '13900000000' WHERE id = 3")
    connection = sqlite3.connect(db_path)
    last = connection.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    connection.close()
    event = {"occurred_at": datetime.now(UTC), "operator": "王芳", "action": "update", "entity": "voter",
             "entity_id": 3, "township_id": 1, "village_id": 1, "election_id": 1,
             "summary": "修改选民“村民002”：联系电话", "details": json.dumps({"phone": ["138****0002", "139****0000"]}),
             "digest": "f" * 64, "prev_hash": last[1]}
    forged = audit.event_hash(event)
    sql(db_path, "INSERT INTO audit_event (occurred_at, operator, action, entity, entity_id, township_id, village_id,"
                 " election_id, summary, details, prev_hash, hash, digest) VALUES ("
                 f"'{event['occurred_at']:%Y-%m-%d %H:%M:%S.%f}', '王芳', 'update', 'voter', 3, 1, 1, 1,"
                 f" '{event['summary']}', '{event['details']}', '{last[1]}', '{forged}', '{'f' * 64}')")
    report = check(store)
    assert report.broken_id is None  # the chain itself holds
    assert "有 1 条不是经本程序追加的" in report.problem
    assert [(p.table, p.record_id, p.last_event) for p in report.records] == [("voter", 3, last[0] + 1)]


def test_deleting_the_tail_and_lowering_the_head_with_the_triggers_dropped_is_found(store, village, db_path):
    drop_guards(db_path)
    sql(db_path, "DELETE FROM audit_event WHERE id > 300",
        "UPDATE audit_head SET appended = 300")
    restore_guards(db_path)
    report = check(store)
    assert report.broken_id is None  # the shortened chain and the head agree …
    assert not [p for p in report.problems if "末尾" in p or "触发器" in p]
    added = [p.record_id for p in report.records if p.kind == "added" and p.table == "voter"]
    assert len(added) > 290 and added[-1] == 600  # … but the rows it dropped are still there


def test_wiping_everything_with_the_triggers_dropped_is_found(store, village, db_path):
    drop_guards(db_path)
    sql(db_path, "DELETE FROM audit_event", "UPDATE audit_head SET appended = 0")
    report = check(store)
    assert report.checked == 0 and sum("触发器" in p for p in report.problems) == len(audit.SQLITE_GUARDS)
    assert sum(p.kind == "added" for p in report.records) >= 600


def test_dropping_the_log_table_is_found(store, village, db_path):
    sql(db_path, "DROP TABLE audit_event")
    report = check(store)
    assert not report.ok and "审计记录表（audit_event）不存在" in report.problem


# --- 3. found only against a printed anchor ---------------------------------------------------

def test_a_chain_rewritten_whole_passes_alone_and_is_caught_by_the_printed_anchor(store, village, db_path):
    """Drop the triggers, change a voter, give its last event the new digest, rehash every
    later event and the head, put the triggers back as they were: the file checks out."""
    drop_guards(db_path)
    sql(db_path, "UPDATE voter SET name = '李四' WHERE id = 42")
    connection = sqlite3.connect(db_path)
    event_id = connection.execute("SELECT max(id) FROM audit_event WHERE entity = 'voter' AND entity_id = 42"
                                  ).fetchone()[0]
    connection.close()
    sql(db_path, f"UPDATE audit_event SET digest = '{digest_now(db_path, 'voter', 42)}' WHERE id = {event_id}")
    rehash_from(db_path, event_id)
    # The archive's own record of the printed anchor must follow, or the check says so.
    connection = sqlite3.connect(db_path)
    anchor_id, anchored = connection.execute("SELECT id, event_id FROM audit_anchor").fetchone()
    new_code = audit.anchor_code(connection.execute(f"SELECT hash FROM audit_event WHERE id = {anchored}"
                                                    ).fetchone()[0])
    connection.close()
    sql(db_path, f"UPDATE audit_anchor SET anchor = '{new_code}'")
    anchor_event = update_digest(db_path, "audit_anchor", anchor_id)
    rehash_from(db_path, anchor_event)
    restore_guards(db_path)
    assert check(store).ok
    report = check(store, village)
    assert not report.ok and not report.anchors[0].found
    assert report.lines() == [f"锚点 {village} 不在审计链上：打印这份文书之后，审计记录被改写或截断过（或锚点抄错）。"]


def test_history_cut_before_a_printed_anchor_passes_alone_and_is_caught_by_it(store, village, db_path):
    """Remove the last 100 voters, their events and everything after them, lower the head:
    chain, head, triggers and rows agree — only the paper still knows the longer chain."""
    connection = sqlite3.connect(db_path)
    first = connection.execute("SELECT min(id) FROM audit_event WHERE entity = 'voter' AND entity_id >= 10"
                               ).fetchone()[0]
    connection.close()
    drop_guards(db_path)
    sql(db_path, f"DELETE FROM audit_event WHERE id >= {first}", f"UPDATE audit_head SET appended = {first - 1}")
    # The forger asks the checker which rows the shortened log does not explain, and deletes them.
    sql(db_path, *(f"DELETE FROM {p.table} WHERE id = {p.record_id}" for p in check(store).records))
    restore_guards(db_path)
    assert check(store).ok, check(store).lines()[:3]
    report = check(store, village)
    assert not report.anchors[0].found and report.lines()[0].startswith(f"锚点 {village} 不在审计链上")


def test_an_anchor_printed_after_the_rewritten_part_still_lies_on_the_chain(store, village, db_path):
    """What an anchor cannot prove: events appended after it can be rewritten unseen."""
    connection = sqlite3.connect(db_path)
    last = connection.execute("SELECT max(id) FROM audit_event").fetchone()[0]
    connection.close()
    drop_guards(db_path)
    sql(db_path, f"UPDATE audit_event SET operator = '别人' WHERE id = {last}")
    rehash_from(db_path, last)
    restore_guards(db_path)
    assert check(store, village).ok
