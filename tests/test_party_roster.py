"""The Party member roster: tolerant import, all-or-nothing commit, manual entry, PT-04 rights."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import AuditEvent, PartyMember
from tests.conftest import TODAY, make_election, make_township
from tests.party_rosters import HEADER, member, write_members
from workflows.core.errors import InvalidInput
from workflows.core.idcard import make_id
from workflows.core.scope import open_scope
from workflows.party import roster as party_roster
from workflows.party.roster import (
    REASON_DISCIPLINE,
    REASON_PROBATIONARY,
    REASON_SUSPENDED,
    commit_member_import,
    member_status,
    prepare_member_import,
    read_member_workbook,
    save_member,
)

MEETING = date(2026, 11, 30)
ROWS = [member("张建国", date(1960, 5, 1), 11), member("王秀英", date(1975, 3, 8), 22),
        member("李明", date(1990, 10, 1), 31, joined="2026-03-01", 党员类别="预备党员")]


@pytest.fixture
def election(session):
    return make_election(session, make_township(session), party=MEETING, committee=date(2026, 12, 20))


def preview_of(session, election, path):
    return prepare_member_import(open_scope(session, election), read_member_workbook(path))


def stored(session, election) -> list[tuple[str, bool]]:
    return sorted(session.execute(select(PartyMember.name, PartyMember.full_member).where(
        PartyMember.election_id == election.id)).all())


def test_import_tolerates_aliases_title_rows_and_full_width_digits(session, election, tmp_path):
    """Header aliases (党员姓名, 身份证号, 党籍状态, 处分情况 …), a merged title, full-width digits."""
    aliases = ["党员姓名", "身份证号", "性 别", "民族", "出生年月", "学历", "入党日期", "党籍状态",
               "处分情况", "是否被留置、逮捕", "流动党员", "所在党支部", "职务", "电话", "说明"]
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    rows = [dict(ROWS[0], 公民身份号码=ROWS[0]["公民身份号码"].translate(wide), 入党时间="１９８５年７月"),
            dict(ROWS[1], 出生日期="1975.03", 是否留党察看="无"), ROWS[2]]
    path = write_members(tmp_path / "党员.xlsx", {"党员名册": rows}, header=aliases,
                         title="石桥村党员花名册")
    preview = preview_of(session, election, path)
    assert preview.counts == {"new": 3, "unchanged": 0, "changed": 0, "errors": 0, "warnings": 0}
    assert commit_member_import(open_scope(session, election), preview) == {"new": 3, "changed": 0}
    assert stored(session, election) == [("张建国", True), ("李明", False), ("王秀英", True)]
    first = session.scalars(select(PartyMember).where(PartyMember.name == "张建国")).one()
    assert first.joined_on == date(1985, 7, 1) and first.organisation == "石桥村党支部"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
    assert event.summary == "导入党员名册“党员.xlsx”：新增3人，更新0人"


def test_one_bad_row_leaves_the_database_unchanged_and_says_where(session, election, tmp_path):
    bad = ROWS + [member("赵强", date(1960, 1, 1), 41, 公民身份号码="36010219600101004X")]
    preview = preview_of(session, election, write_members(tmp_path / "r.xlsx", {"党员": bad}))
    assert preview.counts["errors"] == 1
    assert preview.errors[0].line().startswith("工作表“党员” 第5行 B列（公民身份号码）：")
    with pytest.raises(InvalidInput, match="还有 1 处错误"):
        commit_member_import(open_scope(session, election), preview)
    assert stored(session, election) == []


def test_reimport_is_idempotent_and_updates_by_id_number(session, election, tmp_path):
    path = write_members(tmp_path / "r.xlsx", {"党员": ROWS})
    commit_member_import(open_scope(session, election), preview_of(session, election, path))
    again = preview_of(session, election, path)
    assert (again.counts["new"], again.counts["unchanged"]) == (0, 3)
    commit_member_import(open_scope(session, election), again)
    changed = [dict(ROWS[0], 现任职务="村党支部书记")] + ROWS[1:]
    update = preview_of(session, election, write_members(tmp_path / "r2.xlsx", {"党员": changed}))
    assert (update.counts["changed"], update.counts["unchanged"]) == (1, 2)
    commit_member_import(open_scope(session, election), update)
    assert session.scalar(select(func.count()).select_from(PartyMember)) == 3
    post = session.scalar(select(PartyMember.current_post).where(PartyMember.name == "张建国"))
    assert post == "村党支部书记"


def test_numeric_and_old_id_numbers_are_refused_like_the_voter_importer(session, election, tmp_path):
    numeric = next(n for s in range(11, 99, 2) if not (n := make_id("360102", date(1970, 1, 1), s)).endswith("X"))
    rows = [member("钱一", date(1970, 1, 1), 11, 公民身份号码=int(numeric)),
            member("孙二", date(1970, 1, 1), 13, 公民身份号码="360102700101131")]
    preview = preview_of(session, election, write_members(tmp_path / "r.xlsx", {"党员": rows},
                                                          keep_types=True))
    messages = [f.message for f in preview.errors]
    assert "被 Excel 存成了数字" in messages[0]
    assert messages[1] == "15位旧身份证号码，请按现行18位居民身份证更正"


def test_birth_sex_and_join_date_are_checked(session, election, tmp_path):
    """Sex and birth date agree with the ID; 入党时间 not in the future, not before 18."""
    rows = [member("周三", date(1980, 2, 2), 11, 性别="女"),
            member("吴四", date(1980, 2, 2), 13, 出生日期="1981-02-02"),
            member("郑五", date(1980, 2, 2), 15, joined="2027-01-01"),
            member("王六", date(1980, 2, 2), 17, joined="1997-12")]
    preview = preview_of(session, election, write_members(tmp_path / "r.xlsx", {"党员": rows}))
    by_field = {(f.row, f.field): f.message for f in preview.errors}
    assert "身份证号码显示为“男”" in by_field[(2, "sex")]
    assert "不一致" in by_field[(3, "birth_date")]
    assert "晚于今天" in by_field[(4, "joined_on")]
    assert "1997年12月时未满18周岁" in by_field[(5, "joined_on")]


def test_a_full_member_who_joined_less_than_a_year_ago_is_flagged(session, election, tmp_path):
    rows = [member("冯七", date(1995, 4, 4), 11, joined="2026-06-01")]
    preview = preview_of(session, election, write_members(tmp_path / "r.xlsx", {"党员": rows}))
    assert preview.counts["errors"] == 0
    assert "入党不满一年" in preview.warnings[0].message


def test_manual_entry_reports_errors_by_field_and_refuses_duplicates(session, election):
    values = {"name": "陈八", "id_number": make_id("360102", date(1970, 6, 6), 11),
              "sex": "男", "joined_on": date(1995, 7, 1), "full_member": True}
    saved = save_member(open_scope(session, election, TODAY), values)
    assert (saved.birth_date, saved.full_member) == (date(1970, 6, 6), True)
    with pytest.raises(InvalidInput) as refused:
        save_member(open_scope(session, election, TODAY), dict(values, name="陈九"))
    assert "党员名册中的陈八" in str(refused.value.errors["id_number"])
    with pytest.raises(InvalidInput) as refused:
        save_member(open_scope(session, election, TODAY), dict(values, id_number="123", name=""))
    assert set(refused.value.errors) == {"name", "id_number"}
    edited = save_member(open_scope(session, election, TODAY), dict(values, full_member=False), saved.id)
    assert edited.id == saved.id and edited.full_member is False


def test_pt04_only_full_members_with_rights_vote(session, election):
    """PT-04: probationary, 留党察看 and 留置/逮捕 members have no vote; a full member has."""
    people = [("正式", {}), ("预备", {"full_member": "预备党员"}),
              ("察看", {"probation_discipline": "留党察看一年"}),
              ("留置", {"status": "被依法留置"})]
    for sequence, (name, extra) in enumerate(people, start=1):
        save_member(open_scope(session, election, TODAY), {"name": name, "id_number": make_id(
            "360102", date(1970, 1, 1), sequence * 2 + 1), "joined_on": "1995-07", **extra})
    statuses = {line.name: line for line in party_roster.member_table(open_scope(session, election))}
    assert statuses["正式"].can_vote and statuses["正式"].reasons == []
    assert statuses["预备"].reasons == [REASON_PROBATIONARY]
    assert statuses["察看"].reasons == [REASON_DISCIPLINE]
    assert statuses["留置"].reasons == [REASON_SUSPENDED]
    assert statuses["留置"].status_text == "正式党员，被留置、逮捕"
    assert statuses["正式"].age == 56  # on the meeting day
    assert [m.name for m in party_roster.eligible_members(open_scope(session, election))] == ["正式"]


def test_pt04_status_words_in_a_status_column_and_negations(session, election, tmp_path):
    header = [h if h != "是否被留置逮捕" else "状态" for h in HEADER]
    rows = [member("甲", date(1970, 1, 1), 11, 是否被留置逮捕="已解除留置"),
            member("乙", date(1970, 1, 1), 13, 是否被留置逮捕="逮捕"),
            member("丙", date(1970, 1, 1), 15, 是否留党察看="留党察看期满")]
    preview = preview_of(session, election, write_members(tmp_path / "r.xlsx", {"党员": rows},
                                                          header=header))
    flags = {row.member.name: member_status(row.member).can_vote for row in preview.rows}
    assert flags == {"甲": True, "乙": False, "丙": True}


def test_party_rows_get_the_cell_and_name_checks_of_the_voter_roster(session, election, tmp_path):
    """Item 9: control characters (with their cell), invisible marks removed with a note, a
    name starting like a formula, and the name length of the township's rules profile."""
    from tests import hostile_files

    rows = [member("王_x0001_五", date(1970, 1, 1), 11), member("李\u200b四", date(1970, 1, 1), 13),
            member("阿依古丽·买买提", date(1970, 1, 1), 15), member("阿" * 21, date(1970, 1, 1), 17)]
    preview = preview_of(session, election, write_members(tmp_path / "r.xlsx", {"党员": rows}))
    assert [f.line() for f in preview.errors] == [
        "工作表“党员” 第2行 A列（姓名）：含有看不见的控制字符（常见于从其他系统复制粘贴的内容），请在 Excel 中"
        "清空该单元格后重新输入",
        "工作表“党员” 第5行 A列（姓名）：姓名有 21 个字，超过了 20 个字的上限，请核对是否把其他内容填进了"
        "姓名栏（上限见规则配置“姓名最多字数”）"]
    assert [(f.row, f.column) for f in preview.warnings] == [(3, "A列（姓名）")]
    assert [r.member.name for r in preview.rows if r.member] == ["李四", "阿依古丽·买买提"]

    formula = tmp_path / "f.xlsx"  # a text cell (a formula cell would hold its result)
    formula.write_bytes(hostile_files.package({"党员": hostile_files.sheet_xml(hostile_files.roster_rows(
        [hostile_files.person("=HYPERLINK(\"http://x\")", 11)]).replace("公民身份号码", "身份证号"))}))
    preview = preview_of(session, election, formula)
    assert preview.errors[0].message.startswith("姓名不能以“=”开头")


def test_the_party_name_length_follows_the_township_profile(session, election, tmp_path):
    from workflows.core.policy import RulesProfile, Setting

    profile = RulesProfile.from_preset("national").with_setting("name_max_length", Setting(6, "本县规定", False))
    path = write_members(tmp_path / "r.xlsx", {"党员": [member("阿依古丽·买买提", date(1970, 1, 1), 11)]})
    preview = prepare_member_import(open_scope(session, election, profile=profile), read_member_workbook(path))
    assert "姓名有 8 个字，超过了 6 个字的上限" in preview.errors[0].message
