"""The GUI, driven offscreen with pytest-qt on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from models import AuditEvent, ElectionProcess, MilestoneFact, Township, Village
from tests.conftest import TODAY, add_voter, make_election, make_township
from tests.vc_committee_data import seat_committee
from ui.context import AppContext
from ui.shell.audit_dialog import AuditDialog
from ui.shell.main_window import MainWindow
from ui.shell.operator_dialog import OperatorDialog
from ui.signals import AppSignals
from ui.township.election_dialog import ElectionDialog
from ui.township.profile_dialog import ProfileDialog
from ui.township.township_dialog import TownshipDialog
from ui.township.village_dialog import VillageDialog
from workflows.core import stages
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of


@pytest.fixture
def ctx(store, qtbot):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def window(ctx, qtbot):
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    return main


def click_save(qtbot, dialog):
    qtbot.mouseClick(dialog.findChild(type(dialog.buttons.buttons()[0]), "save_button"), Qt.LeftButton)


def count(ctx, entity) -> int:
    with ctx.session() as session:
        return session.scalar(select(func.count()).select_from(entity))


def test_new_township_village_and_election_day_appear_on_the_overview(ctx, window, qtbot):
    assert window.pages.currentWidget() is window.welcome
    township = TownshipDialog(ctx, parent=window)
    township.name.setText("云溪镇")  # QTest cannot type non-ASCII keys
    township.preset.setCurrentIndex(township.preset.findData("jiangxi_2021"))
    click_save(qtbot, township)
    assert township.result() == TownshipDialog.Accepted
    window._switch_to(township.township_id)
    assert "云溪镇" in window.windowTitle()

    village = VillageDialog(ctx, ctx.township_id, parent=window)
    village.name.setText("石桥村")
    village.population.setValue(1530)
    village.households.setValue(398)
    village.group_count.setValue(3)
    qtbot.mouseClick(village.findChild(type(village.buttons.buttons()[0]), "generate_groups"), Qt.LeftButton)
    click_save(qtbot, village)
    assert village.result() == VillageDialog.Accepted
    assert window.village_names() == ["石桥村"]

    election = ElectionDialog(ctx, village.village_id, parent=window)
    election.committee_day.enabled.setChecked(True)
    election.committee_day.editor.setDate(QDate(TODAY + timedelta(days=30)))
    assert "公布选民名单：最迟 2026年12月1日" in election.preview.text()
    click_save(qtbot, election)
    assert election.result() == ElectionDialog.Accepted

    rows = window.overview.rows()
    assert [(r.village_name, str(r.next_milestone.title), r.days_left) for r in rows] == [
        ("石桥村", "公布选民名单", 10)]
    table = window.overview.table
    assert table.model().index(0, 0).data() == "石桥村"
    assert table.model().index(0, 4).data() == "公布选民名单"
    assert table.model().index(0, 6).data() == "10日"


def test_invalid_village_input_is_shown_beside_the_fields_and_nothing_is_stored(ctx, window, qtbot):
    with ctx.transaction() as session:
        ctx.township_id = make_township(session).id
    window.refresh()
    before = count(ctx, AuditEvent)
    dialog = VillageDialog(ctx, ctx.township_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.population.setValue(100)
    dialog.households.setValue(300)
    dialog.groups.setPlainText("上屋组\n上屋组")
    click_save(qtbot, dialog)
    assert dialog.result() != VillageDialog.Accepted
    name_error = dialog.findChild(type(dialog.general_error), "name_error")
    assert name_error.isVisible() and name_error.text() == "请填写村名"
    assert dialog.findChild(type(dialog.general_error), "households_error").text() == "户数（300）不能多于人口数（100）"
    assert dialog.findChild(type(dialog.general_error), "groups_error").text() == "村民小组“上屋组”重复"
    assert not dialog.findChild(type(dialog.general_error), "population_error").isVisible()
    assert count(ctx, Village) == 0
    assert count(ctx, AuditEvent) == before


def test_invalid_seats_are_refused_beside_the_field(ctx, window, qtbot):
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        village_id = make_election(session, township).village_id
    dialog = ElectionDialog(ctx, village_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.term.setText("第十三届")
    dialog.vc_members.setValue(6)
    click_save(qtbot, dialog)
    error = dialog.findChild(type(dialog.general_error), "vc_members_error")
    assert error.isVisible() and "应为3～7人" in error.text()
    assert count(ctx, ElectionProcess) == 1


def test_profile_editor_refuses_negative_days_and_an_even_size_where_odd_is_required(ctx, qtbot):
    with ctx.transaction() as session:
        ctx.township_id = make_township(session).id
    dialog = ProfileDialog(ctx, ctx.township_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select("voter_list_days")
    dialog.editor.box.setValue(-3)
    assert not dialog.apply_action()
    assert dialog.param_error.text() == "不能为负数"
    dialog.select("vc_size_odd")
    dialog.editor.box.setChecked(True)
    assert dialog.apply_action()
    dialog.select("vc_size")
    dialog.editor.set_value({"min": 3, "max": 6})
    assert dialog.apply_action()
    dialog.save_action()
    assert dialog.result() != ProfileDialog.Accepted
    assert "单数" in dialog.param_error.text()
    assert dialog.selected_key() == "vc_size"
    with ctx.session() as session:
        stored = profile_of(session.get(Township, ctx.township_id))
    assert stored.get("vc_size") == {"min": 3, "max": 7} and stored.get("vc_size_odd") is False


def test_profile_editor_shows_sources_and_unverified_marks_and_saves(ctx, qtbot):
    with ctx.transaction() as session:
        ctx.township_id = make_township(session, "jiangxi_2021").id
    dialog = ProfileDialog(ctx, ctx.township_id)
    qtbot.addWidget(dialog)
    item = dialog.items["proxy_max"]
    assert item.text(2) == "VC-19 GC-11 PV-07" and item.text(4) == "未核对"
    assert "江西市山镇2021年实施方案" in dialog.items["voter_card_name"].text(3)  # said plainly
    assert "种子003" in dialog.items["voter_card_name"].toolTip(3)  # as stored
    dialog.select("voter_list_days")
    dialog.editor.box.setValue(25)
    dialog.verified.setChecked(True)
    assert dialog.apply_action()
    dialog.save_action()
    assert dialog.result() == ProfileDialog.Accepted
    with ctx.session() as session:
        assert profile_of(session.get(Township, ctx.township_id)).get("voter_list_days") == 25


def test_stage_page_lists_blockers_records_a_date_and_completes_the_stage(ctx, window, qtbot, monkeypatch):
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        election = make_election(session, township, committee=TODAY + timedelta(days=30))
        seat_committee(session, election)
        stages.advance(open_scope(session, election, TODAY, profile=profile_of(township)),
                       "vc.election_committee", TODAY)
        add_voter(session, election)
        village_id, election_id = election.village_id, election.id
    window.refresh()
    window.open_village(village_id)
    page = window.village_page
    assert page.stage_page.stage_key == "vc.registration"  # the current stage is selected
    stage = page.stage_page
    assert "尚未记录“公布选民名单”的日期（最迟2026年12月1日）" in stage.blockers.text()
    assert not stage.advance_button.isEnabled()

    monkeypatch.setattr("ui.shell.stage_page.FactDialog.exec", lambda self: 1)
    stage.milestones.selectRow(0)
    stage.record_action(None)
    with ctx.session() as session:
        fact = session.scalars(select(MilestoneFact).where(MilestoneFact.election_id == election_id)).one()
        assert (fact.key, fact.day) == ("voter_list_published", TODAY)
    assert stage.advance_button.isEnabled()

    monkeypatch.setattr("ui.shell.stage_page.AdvanceDialog.exec", lambda self: 1)
    qtbot.mouseClick(stage.advance_button, Qt.LeftButton)
    assert page.stage_page.stage_key == "vc.registration"
    assert stage.status.text() == "状态：已完成"
    rows = window.overview.rows()
    assert str(rows[0].vc_stage) == "海选提名"


def test_audit_dialog_filters_by_village_and_verifies(ctx, qtbot):
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        first = make_election(session, township, "石桥村")
        make_election(session, township, "枫林村")
    dialog = AuditDialog(ctx, ctx.township_id)
    qtbot.addWidget(dialog)
    everything = dialog.model.rowCount()
    dialog.village_filter.setCurrentIndex(dialog.village_filter.findData(first.village_id))
    assert 0 < dialog.model.rowCount() < everything
    assert all(row[3] == "石桥村" for row in dialog.model.rows)
    assert all(row[2] == "王芳" for row in dialog.model.rows)
    dialog.verify_action()
    assert dialog.result.text().startswith("审计记录完整")


def test_operator_name_is_required_and_remembered(qtbot):
    settings = Settings()
    dialog = OperatorDialog(settings)
    qtbot.addWidget(dialog)
    dialog.save_action()
    assert dialog.findChild(type(dialog.general_error), "name_error").text() == "请填写操作人员姓名"
    dialog.name.setText("李娟")
    dialog.save_action()
    assert Settings().operator == "李娟"


def test_relatives_dialog_records_a_pair_and_refuses_a_bad_id(ctx, qtbot):
    from ui.township.relatives_dialog import RelativesDialog
    from workflows.core.idcard import make_id

    with ctx.transaction() as session:
        ctx.township_id = make_township(session).id
    dialog = RelativesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name_a.setText("张伟")
    dialog.id_a.setText(make_id("360102", TODAY.replace(year=1970), 11))
    dialog.name_b.setText("李娜")
    dialog.id_b.setText("3601")
    assert not dialog.add_action() and "18位" in dialog.error.text()
    dialog.id_b.setText(make_id("360102", TODAY.replace(year=1972), 22))
    dialog.kind.setCurrentIndex(dialog.kind.findData("配偶"))
    assert dialog.add_action()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "配偶"


def test_qt_own_buttons_and_dialogs_speak_chinese(qapp):
    """Issue 9, 3.2: Qt's catalogue (qtbase_zh_CN, shipped in the wheel) is loaded at start."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.app import install_qt_translations

    assert install_qt_translations(qapp)
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Close)
    assert {button.text() for button in box.buttons()} == {"确定", "取消", "关闭"}


def test_the_record_date_dialog_opens_on_today_and_asks_why_when_late(qtbot):
    """Issue 9, 3.3: the date is what happened (today by default, never the deadline); a day
    after the deadline says that the reason belongs in 说明."""
    from ui.shell.stage_dialogs import FactDialog

    due = TODAY - timedelta(days=5)
    dialog = FactDialog("公布选民名单", due, None, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.day.date().toPython() == TODAY
    assert dialog.late_hint.isVisibleTo(dialog) and "晚于法定最迟日期5日" in dialog.late_hint.text()
    dialog.day.setDate(QDate(due.year, due.month, due.day))
    assert not dialog.late_hint.isVisibleTo(dialog)


def test_first_start_asks_the_operator_over_the_loaded_township(qtbot, store, monkeypatch, tmp_path):
    """Issue 9, 3.8: the operator-name question comes with the township painted behind it."""
    from argparse import Namespace

    from ui.app import Startup
    from ui.shell.operator_dialog import OperatorDialog

    with store.transaction("测试员") as session:
        make_election(session, make_township(session), committee=TODAY + timedelta(days=40))
    store.dispose()
    seen = {}

    def answer(dialog):
        window = dialog.parent()
        seen["rows"] = len(window.overview.rows())
        seen["page"] = window.pages.currentWidget() is window.overview
        dialog.name.setText("李会计")
        dialog.save()
        return 1

    monkeypatch.setattr(OperatorDialog, "exec", answer)
    args = Namespace(db=str(tmp_path / "workbench.sqlite"), demo=False, screenshot=None,
                     quit_when_shown=False)
    window = MainWindow(demo=False)
    qtbot.addWidget(window)
    window.show()
    from PySide6.QtWidgets import QApplication

    startup = Startup(QApplication.instance(), window, args)
    assert startup.load()
    qtbot.waitUntil(lambda: "rows" in seen, timeout=5000)
    assert seen == {"rows": 1, "page": True}
    assert window.ctx.operator == "李会计" and "李会计" in window.statusBar().currentMessage()


def test_moving_an_election_day_asks_why_shows_what_moves_and_is_audited(ctx, window, qtbot):
    """Issue 9, 3.4: the reason is required, the moved deadlines are listed before saving,
    and the move is one audit event with the days before and after."""
    from workflows.core.errors import InvalidInput

    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        election = make_election(session, township, committee=TODAY + timedelta(days=40))
        village_id, election_id = election.village_id, election.id
    dialog = ElectionDialog(ctx, village_id, election_id)
    qtbot.addWidget(dialog)
    assert not dialog.reason.isEnabled()
    dialog.committee_day.editor.setDate(dialog.committee_day.editor.date().addDays(7))
    assert dialog.reason.isEnabled()
    assert "以下期限随之移动" in dialog.preview.text() and "公布选民名单" in dialog.preview.text()
    with pytest.raises(InvalidInput) as refused:
        dialog.save()
    assert "须写明理由" in str(refused.value.errors["reason"])
    dialog.reason.setText("县换届办通知统一推迟一周")
    dialog.save()
    with ctx.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "election.move")).one()
    assert "村委会选举日" in event.summary and "理由：县换届办通知统一推迟一周" in event.summary


def test_two_townships_of_one_county_cannot_share_a_name(session):
    """Issue 9, 3.7."""
    from workflows.core.errors import InvalidInput
    from workflows.township.townships import TownshipInput, create_township, update_township

    create_township(session, TownshipInput("云溪镇", "青山县", "江西省"))
    with pytest.raises(InvalidInput, match="青山县已有名为“云溪镇”的乡镇"):
        create_township(session, TownshipInput("云溪镇", "青山县", "江西省"))
    other = create_township(session, TownshipInput("云溪镇", "白水县", "江西省"))  # another county
    with pytest.raises(InvalidInput):
        update_township(session, other.id, TownshipInput("云溪镇", "青山县", "江西省"))


def test_the_edit_township_dialog_shows_no_preset_box(ctx, qtbot):
    """Issue 9, 3.7: editing a township draws no stray drop-down over its labels."""
    with ctx.transaction() as session:
        township_id = make_township(session).id
    dialog = TownshipDialog(ctx, township_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.preset.isVisible()


def test_moving_the_vote_earlier_names_the_voters_it_would_leave_under_age(ctx, qtbot):
    """VC-07 / CONV-07: before saving, the dialog says who would be too young on the new day."""
    from models import Voter
    from workflows.core.idcard import make_id

    with ctx.transaction() as session:
        township = make_township(session)
        election = make_election(session, township, committee=TODAY + timedelta(days=40))
        vote = election.committee_election_day
        birth = vote.replace(year=vote.year - 18) - timedelta(days=3)  # 18 three days before the vote
        session.add(Voter(election_id=election.id, village_id=election.village_id, name="钱小满",
                          sex="女", id_number=make_id("360102", birth, 12), birth_date=birth))
        village_id, election_id = election.village_id, election.id
    dialog = ElectionDialog(ctx, village_id, election_id)
    qtbot.addWidget(dialog)
    assert "不满选举年龄" not in dialog.preview.text()
    dialog.committee_day.editor.setDate(dialog.committee_day.editor.date().addDays(-7))
    assert "1名已登记选民不满选举年龄（钱小满）" in dialog.preview.text()
