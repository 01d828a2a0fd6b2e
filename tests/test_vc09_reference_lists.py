"""VC-09: a double registration is two registrations in the same election round — in another
village of the township, or on another township's published list imported for that round."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from models import AuditEvent, ReferenceVoter
from tests.conftest import TODAY, make_township
from tests.rosters import person, write_roster
from workflows.core.errors import InvalidInput
from workflows.core.roster_read import read_workbook
from workflows.core.scope import open_scope
from workflows.township.townships import ElectionInput, VillageInput, save_election, save_village
from workflows.voters import reference_lists, registration

DAY = date(2026, 12, 20)
GROUPS = ["第一村民小组", "第二村民小组"]
ROWS = [person("张伟", date(1980, 5, 1), 11), person("王芳", date(1975, 3, 8), 22), person("李娜", date(1990, 10, 1), 32)]


def election_of(session, township, village: str, term: str = "第十二届", day: date = DAY):
    found = save_village(session, township.id, VillageInput(village, 1500, 400, GROUPS))
    return save_election(session, found.id, ElectionInput(term, None, day))


def register(session, election, rows, path):
    scope = open_scope(session, election)
    preview = registration.prepare_import(scope, read_workbook(write_roster(path, {"表": rows})))
    registration.commit_import(open_scope(session, election), preview)


def errors_on_import(session, election, rows, path) -> list[str]:
    preview = registration.prepare_import(open_scope(session, election), read_workbook(write_roster(path, {"表": rows})))
    return [f.message for f in preview.check.errors]


def error_rows(session, election, rows, path) -> list[int]:
    preview = registration.prepare_import(open_scope(session, election), read_workbook(write_roster(path, {"表": rows})))
    return [f.row for f in preview.check.errors]


def write_list(path, rows: list[tuple[str, str, str]], header=("序号", "姓名", "公民身份号码", "所在村")):
    book = Workbook()
    sheet = book.active
    sheet.append(["白水镇第十二届村民委员会选举选民名单"])
    sheet.append(list(header))
    for index, (name, number, village) in enumerate(rows, start=1):
        sheet.append([index, name, number, village])
    book.save(path)
    return path


def test_vc09_a_registration_for_an_earlier_term_is_no_double_registration(session, tmp_path):
    township = make_township(session)
    here = election_of(session, township, "石桥村")
    earlier = election_of(session, township, "白沙村", "第十一届", date(2021, 3, 15))
    same_round = election_of(session, township, "东坑村")
    register(session, earlier, ROWS[:1], tmp_path / "a.xlsx")  # 张伟, five years ago
    assert errors_on_import(session, here, ROWS, tmp_path / "b.xlsx") == []
    register(session, same_round, ROWS[1:2], tmp_path / "c.xlsx")  # 王芳, this round
    assert errors_on_import(session, here, ROWS, tmp_path / "d.xlsx") == [
        "此人已在东坑村第一村民小组登记参加选举，不得在两地重复登记（VC-09）"]


def test_vc09_another_townships_list_is_imported_for_its_round_and_checked(session, tmp_path):
    township = make_township(session)
    here = election_of(session, township, "石桥村")
    listed = [("王芳", ROWS[1]["公民身份号码"], "石门村"), ("赵强", person("赵强", date(1966, 1, 1), 41)["公民身份号码"], "石门村")]
    preview = reference_lists.read_reference_list(write_list(tmp_path / "白水镇.xlsx", listed))
    assert preview.errors == [] and len(preview.voters) == 2
    reference_lists.import_reference_list(session, township.id, "白水镇", "第十二届", preview, TODAY)
    assert errors_on_import(session, here, ROWS, tmp_path / "r.xlsx") == [
        "此人已在白水镇石门村登记参加选举（见白水镇公布的第十二届选民名单），不得在两地重复登记（VC-09）"]
    with pytest.raises(InvalidInput) as refused:  # door to door: the same check
        registration.save_voter(open_scope(session, here), {
            "group": "第一村民小组", "name": "王芳", "sex": "女", "id_number": ROWS[1]["公民身份号码"],
            "birth_date": "1975-03-08", "category": "1"})
    assert "白水镇公布的第十二届选民名单" in str(refused.value.errors["id_number"])


def test_vc09_a_list_of_another_round_is_not_compared_and_a_list_is_replaced_and_removed(session, tmp_path):
    township = make_township(session)
    here = election_of(session, township, "石桥村")
    old = reference_lists.read_reference_list(write_list(tmp_path / "old.xlsx", [("王芳", ROWS[1]["公民身份号码"], "石门村")]))
    reference_lists.import_reference_list(session, township.id, "白水镇", "第十一届", old, TODAY)
    assert errors_on_import(session, here, ROWS, tmp_path / "r.xlsx") == []
    first = reference_lists.read_reference_list(write_list(tmp_path / "v1.xlsx", [("王芳", ROWS[1]["公民身份号码"], "石门村")]))
    reference_lists.import_reference_list(session, township.id, "白水镇", "第十二届", first, TODAY)
    second = reference_lists.read_reference_list(write_list(tmp_path / "v2.xlsx", [("李娜", ROWS[2]["公民身份号码"], "石门村")]))
    roll = reference_lists.import_reference_list(session, township.id, "白水镇", "第十二届", second, TODAY)
    assert [r.voter_count for r in reference_lists.reference_rolls(session, township.id)] == [1, 1]
    assert error_rows(session, here, ROWS, tmp_path / "r2.xlsx") == [4]  # 李娜 of the new list, not 王芳
    summaries = session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "reference.import")).all()
    assert summaries[-1] == ("导入白水镇公布的第十二届选民名单“v2.xlsx”（1人），仅用于查重复登记，"
                             "替换原先导入的名单（1人）")
    reference_lists.remove_reference_roll(session, township.id, roll.id)
    assert errors_on_import(session, here, ROWS, tmp_path / "r4.xlsx") == []
    assert session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "reference.remove")).one() \
        .startswith("删除导入的白水镇第十二届选民名单（1人")


def test_vc09_a_bad_list_is_refused_whole_and_the_own_township_is_not_imported(session, tmp_path):
    township = make_township(session)
    bad = reference_lists.read_reference_list(write_list(tmp_path / "bad.xlsx", [
        ("王芳", ROWS[1]["公民身份号码"], "石门村"), ("赵强", "36010219660101004", "石门村"), ("", ROWS[2]["公民身份号码"], "石门村")]))
    assert len(bad.errors) == 2 and bad.errors[0].startswith("工作表“Sheet”第4行：")
    with pytest.raises(InvalidInput) as refused:
        reference_lists.import_reference_list(session, township.id, "白水镇", "第十二届", bad, TODAY)
    assert "2处问题" in str(refused.value.errors["file"])
    assert session.scalars(select(ReferenceVoter)).all() == []
    good = reference_lists.read_reference_list(write_list(tmp_path / "ok.xlsx", [("王芳", ROWS[1]["公民身份号码"], "石门村")]))
    with pytest.raises(InvalidInput, match="本乡镇"):
        reference_lists.import_reference_list(session, township.id, township.name, "第十二届", good, TODAY)
    no_village = reference_lists.read_reference_list(write_list(tmp_path / "nv.xlsx", [("王芳", ROWS[1]["公民身份号码"], "石门村")],
                                                                header=("序号", "姓名", "公民身份号码", "备注")))
    assert no_village.errors == ["没有找到含“姓名”“公民身份号码”“村”三列的表头"]


def test_vc09_the_reference_lists_dialog_imports_replaces_and_deletes(store, qtbot, tmp_path, monkeypatch):
    from ui import interaction
    from ui.context import AppContext
    from ui.signals import AppSignals
    from ui.township.reference_dialog import ReferenceListsDialog
    from workflows.core.config import Settings

    settings = Settings()
    settings.operator = "王芳"
    ctx = AppContext(store, settings, AppSignals())
    with ctx.transaction() as session:
        township = make_township(session)
        election_of(session, township, "石桥村")
        ctx.township_id = township.id
    asked = []
    monkeypatch.setattr(interaction, "confirm", lambda *args: asked.append(args[2]) or True)
    monkeypatch.setattr(interaction, "inform", lambda *args: None)
    dialog = ReferenceListsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.term.text() == "第十二届"  # the township's round
    dialog.source.setText("白水镇")
    dialog.path.setText(str(write_list(tmp_path / "a.xlsx", [("王芳", ROWS[1]["公民身份号码"], "石门村")])))
    assert dialog.import_action()
    assert [dialog.table.item(0, c).text() for c in range(3)] == ["白水镇", "第十二届", "1"]
    dialog.path.setText(str(write_list(tmp_path / "b.xlsx", [("王芳", ROWS[1]["公民身份号码"], "石门村"),
                                                             ("李娜", ROWS[2]["公民身份号码"], "石门村")])))
    assert dialog.import_action()
    assert "将被替换" in asked[-1] and dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "2"
    dialog.path.setText(str(write_list(tmp_path / "c.xlsx", [("赵强", "36010219660101004", "石门村")])))
    assert not dialog.import_action()
    assert "改正后才能导入" in dialog.error.text()
    dialog.table.selectRow(0)
    dialog.remove_action()
    assert dialog.table.rowCount() == 0
