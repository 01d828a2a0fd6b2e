"""Registering voters in the database: all-or-nothing import, re-import, VC-09, corrections."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import AuditEvent, Voter, VoterCorrection, VoterPublication
from tests.conftest import make_township
from tests.rosters import person, write_roster
from workflows.core.errors import InvalidInput
from workflows.core.roster_read import read_workbook
from workflows.core.scope import open_scope
from workflows.township.townships import ElectionInput, VillageInput, save_election, save_village
from workflows.voters import registration

ELECTION_DAY = date(2026, 12, 20)
GROUPS = ["第一村民小组", "第二村民小组"]


def village_election(session, township, name):
    village = save_village(session, township.id, VillageInput(name, 1500, 400, GROUPS))
    return save_election(session, village.id, ElectionInput("第十二届", date(2026, 11, 30), ELECTION_DAY))


@pytest.fixture
def setup(session):
    township = make_township(session)
    return session, village_election(session, township, "石桥村"), village_election(session, township, "白沙村")


ROWS = [person("张伟", date(1980, 5, 1), 11), person("王芳", date(1975, 3, 8), 22, 村民小组="2组"),
        person("李娜", date(1990, 10, 1), 32)]


def voters(session, election) -> list[tuple[str, str]]:
    return sorted(session.execute(select(Voter.name, Voter.status).where(
        Voter.election_id == election.id)).all())


def test_import_commits_all_rows_and_writes_one_audit_event(setup, tmp_path):
    session, election, _other = setup
    preview = registration.prepare_import(open_scope(session, election), read_workbook(
        write_roster(tmp_path / "r.xlsx", {"表": ROWS})))
    assert preview.counts == {"new": 3, "unchanged": 0, "changed": 0, "skipped": 0, "errors": 0,
                              "warnings": 0}
    assert registration.commit_import(open_scope(session, election), preview) == {"new": 3, "changed": 0}
    assert voters(session, election) == [("张伟", "registered"), ("李娜", "registered"),
                                         ("王芳", "registered")]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
    assert event.summary == "导入花名册“r.xlsx”：新增3人，更新0人"


def test_a_file_with_one_bad_row_leaves_the_database_unchanged(store, tmp_path):
    """All or nothing: a refused import changes no stored voter and writes no audit event."""
    with store.transaction("测试员") as session:
        election_id = village_election(session, make_township(session), "石桥村").id
        registration.commit_import(open_scope(session, election_id), registration.prepare_import(
            open_scope(session, election_id), read_workbook(write_roster(tmp_path / "a.xlsx", {"表": ROWS}))))

    def stored() -> tuple[list, int]:
        with store.session("测试员") as session:
            rows = session.execute(select(Voter.name, Voter.phone, Voter.group_id)
                                   .where(Voter.election_id == election_id).order_by(Voter.id)).all()
            return rows, session.scalar(select(func.count()).select_from(AuditEvent))

    before = stored()
    changed = [dict(row, 联系电话="13900000000") for row in ROWS]  # would update all three
    bad = changed + [person("赵强", date(1960, 1, 1), 41, 公民身份号码="36010219600101004")]
    with pytest.raises(InvalidInput, match="还有 1 处错误"), store.transaction("测试员") as session:
        preview = registration.prepare_import(open_scope(session, election_id), read_workbook(
            write_roster(tmp_path / "b.xlsx", {"表": bad})))
        assert preview.counts["errors"] == 1 and preview.counts["changed"] == 3
        registration.commit_import(open_scope(session, election_id), preview)
    assert stored() == before


def test_reimport_is_idempotent_and_updates_by_id_number(setup, tmp_path):
    session, election, _other = setup
    path = write_roster(tmp_path / "r.xlsx", {"表": ROWS})
    registration.commit_import(open_scope(session, election), registration.prepare_import(
        open_scope(session, election), read_workbook(path)))
    again = registration.prepare_import(open_scope(session, election), read_workbook(path))
    assert (again.counts["new"], again.counts["unchanged"]) == (0, 3)
    registration.commit_import(open_scope(session, election), again)
    assert session.scalar(select(func.count()).select_from(Voter)) == 3
    changed = [dict(ROWS[0], 联系电话="13900000000")] + ROWS[1:]
    update = registration.prepare_import(open_scope(session, election), read_workbook(
        write_roster(tmp_path / "r2.xlsx", {"表": changed})))
    assert (update.counts["changed"], update.counts["unchanged"]) == (1, 2)
    registration.commit_import(open_scope(session, election), update)
    phone = session.scalar(select(Voter.phone).where(Voter.name == "张伟"))
    assert phone == "13900000000" and session.scalar(select(func.count()).select_from(Voter)) == 3


def test_vc09_duplicates_across_villages_say_where(setup, tmp_path):
    session, election, other = setup
    registration.commit_import(open_scope(session, other), registration.prepare_import(
        open_scope(session, other), read_workbook(write_roster(tmp_path / "a.xlsx", {"表": ROWS[:1]}))))
    preview = registration.prepare_import(open_scope(session, election), read_workbook(
        write_roster(tmp_path / "b.xlsx", {"表": ROWS})))
    assert [f.message for f in preview.check.errors] == [
        "此人已在白沙村第一村民小组登记参加选举，不得在两地重复登记（VC-09）"]


def test_door_to_door_add_validates_like_the_importer(setup):
    session, election, _other = setup
    good = {"group": "第一村民小组", "name": "孙丽", "sex": "女",
            "id_number": ROWS[2]["公民身份号码"], "birth_date": "1990-10-01", "category": "1"}
    registration.save_voter(open_scope(session, election), good)
    with pytest.raises(InvalidInput) as refused:
        registration.save_voter(open_scope(session, election), dict(good, name="孙丽丽"))
    assert str(refused.value.errors["id_number"]) == "本村名单中已有此身份证号码（同一人不得重复登记）"


def test_after_publication_changes_are_corrections_with_a_reason(setup, tmp_path):
    session, election, _other = setup
    registration.commit_import(open_scope(session, election), registration.prepare_import(
        open_scope(session, election), read_workbook(write_roster(tmp_path / "r.xlsx", {"表": ROWS}))))
    session.add(VoterPublication(election_id=election.id, kind="list", published_on=date(2026, 11, 28),
                                 voter_count=3))
    session.flush()
    target = session.scalar(select(Voter.id).where(Voter.name == "王芳"))
    with pytest.raises(InvalidInput, match="除名原因"):
        registration.remove_voter(open_scope(session, election), target, " ")
    registration.remove_voter(open_scope(session, election, date(2026, 11, 29)), target, "已于11月25日死亡")
    late = registration.prepare_import(open_scope(session, election), read_workbook(
        write_roster(tmp_path / "r2.xlsx", {"表": ROWS + [person("周洁", date(1985, 6, 15), 24)]})))
    with pytest.raises(InvalidInput, match="更正原因"):
        registration.commit_import(open_scope(session, election), late)
    registration.commit_import(open_scope(session, election, date(2026, 11, 30)), late, "补登漏登村民")
    corrections = [(c.action, c.voter_name, c.reason) for c in registration.pending_corrections(open_scope(session, election))]
    assert ("remove", "王芳", "已于11月25日死亡") in corrections
    assert ("add", "周洁", "补登漏登村民") in corrections
    assert late.counts["skipped"] == 1  # the removed voter is not brought back by an old roster
    assert any("已从名单中除名（已于11月25日死亡）" in w.message for w in late.check.warnings)
    assert session.scalar(select(func.count()).select_from(VoterCorrection)) == len(corrections)


def test_vc07_conv07_moving_the_election_day_earlier_blocks_registration_with_the_minors_names(setup, tmp_path):
    """VC-07, CONV-07: ages are re-checked on the new day; someone under 18 then blocks the
    registration stage, by name, and so do later stages until the list is corrected."""
    from workflows.core import stages
    from workflows.township.townships import ElectionInput, save_election

    session, election, _other = setup
    young = person("赵小军", date(2008, 12, 15), 51)  # 18 on 2026-12-15, before the day 12-20
    registration.commit_import(open_scope(session, election), registration.prepare_import(
        open_scope(session, election), read_workbook(write_roster(tmp_path / "r.xlsx", {"表": ROWS + [young]}))))

    def blockers(stage="vc.registration"):
        return [str(b.message) for b in stages.evaluate(open_scope(session, election), stage).blockers
                if "VC-07" in b.rule_ids]

    assert blockers() == []
    save_election(session, election.village_id, ElectionInput("第十二届", date(2026, 11, 30), date(2026, 12, 10)),
                  election.id, reason="县换届办通知提前")
    assert blockers() == ["以下已登记的选民在选举日2026年12月10日未满18周岁，没有选举权，须从名单中除名"
                          "（名单已公布的，作更正并发布补充公告）：赵小军（2008年12月15日出生）"]
    from workflows.voters.stage_rules.ages import voters_of_age_on_the_election_day

    later = voters_of_age_on_the_election_day(open_scope(session, election), stages.STAGES["vc.vote"])
    assert "请重新打开“选民登记与名单公布”阶段办理" in str(later[0].message)  # once that stage has its work
    minors = registration.underage_voters(open_scope(session, election), date(2026, 12, 15))
    assert minors == []  # the birthday itself completes the year
    voter = session.scalar(select(Voter.id).where(Voter.name == "赵小军"))
    registration.remove_voter(open_scope(session, election), voter, "选举日提前后未满18周岁")
    assert blockers() == []
