"""The audit view: the current anchor, each change field by field, the full check's findings."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from models import Voter
from tests.conftest import add_voter, make_election, make_township
from ui.context import AppContext
from ui.shell.audit_dialog import AuditDialog
from ui.signals import AppSignals
from workflows.core import audit
from workflows.core.config import Settings


@pytest.fixture
def ctx(store, qtbot):
    settings = Settings()
    settings.operator = "王芳"
    context = AppContext(store, settings, AppSignals())
    with context.transaction() as session:
        township = make_township(session)
        context.township_id = township.id
        voter = add_voter(session, make_election(session, township), number="11010519491231002X")
    with context.transaction() as session:
        changed = session.get(Voter, voter.id)
        changed.phone, changed.notes = "13812345678", "补登电话"
    return context


def test_the_view_shows_the_anchor_and_the_chosen_change_field_by_field(ctx, qtbot):
    dialog = AuditDialog(ctx, ctx.township_id)
    qtbot.addWidget(dialog)
    with ctx.session() as session:
        head = audit.head(session)
    assert dialog.anchor.text() == f"当前审计锚点：{head.code}"
    assert dialog.model.rows[0][5] == "修改选民“张伟”：联系电话、备注"  # the newest, selected
    assert dialog.changes.rows == [("联系电话", "（空）", "138****5678"), ("备注", "（空）", "补登电话")]
    inserted = next(r for r, row in enumerate(dialog.model.rows) if row[5] == "新增选民“张伟”")
    dialog.table.selectRow(inserted)
    shown = dict((label, after) for label, _before, after in dialog.changes.rows)
    assert shown["公民身份号码"] == "1101**********002X" and shown["姓名"] == "张伟"


def test_the_full_check_lists_every_problem_by_record_and_field(ctx, qtbot, db_path):
    with ctx.session() as session:
        voter_id = session.scalars(select(Voter.id)).one()
    connection = sqlite3.connect(db_path)
    connection.execute(f"UPDATE voter SET name = '李四' WHERE id = {voter_id}")
    connection.execute("DROP TRIGGER audit_head_no_delete")
    connection.commit()
    connection.close()
    dialog = AuditDialog(ctx, ctx.township_id)
    qtbot.addWidget(dialog)
    dialog.verify_action()
    assert dialog.result.text() == "核对发现 2 处问题：审计记录或数据在程序之外被改动过，逐条见下。"
    lines = dialog.problems.toPlainText().splitlines()
    assert lines[0] == "保护审计记录的触发器“audit_head_no_delete”不存在（被删除）。"
    assert lines[1].startswith(f"选民第 {voter_id} 号“李四”在程序之外被改动") and "姓名应为“张伟”，现为“李四”" in lines[1]
    assert dialog.problems.isVisibleTo(dialog)
