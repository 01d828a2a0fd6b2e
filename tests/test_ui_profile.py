"""The rules profile editor and the township dialog (items 7, 8 and SD-13), offscreen."""

from __future__ import annotations

from datetime import date

import pytest

from models import Township
from tests.conftest import make_election, make_township
from ui.context import AppContext
from ui.signals import AppSignals
from ui.township.profile_dialog import ProfileDialog
from ui.township.township_dialog import TownshipDialog
from workflows.core.config import Settings
from workflows.core.errors import InvalidInput
from workflows.core.scope import township_profile as profile_of
from workflows.township.townships import TownshipInput, create_township


@pytest.fixture
def ctx(store, qtbot):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


def open_profile(ctx, qtbot, preset: str, province: str) -> ProfileDialog:
    with ctx.transaction() as session:
        township = create_township(session, TownshipInput("云溪镇", "青山县", province, preset))
        make_election(session, township, party=date(2026, 12, 10), committee=date(2026, 12, 20))
        ctx.township_id = township.id
    dialog = ProfileDialog(ctx, ctx.township_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_pv_profile_editor_shows_the_national_value_beside_each_value_that_differs(ctx, qtbot):
    dialog = open_profile(ctx, qtbot, "beijing", "北京市")
    assert dialog.items["runoff_days"].text(1) == "15 日"
    assert dialog.items["runoff_days"].text(5) == "0 日"  # national: not stipulated
    assert dialog.items["voter_list_days"].text(5) == ""  # the same as national
    assert dialog.preset_combo.currentData() == "beijing"
    assert {dialog.preset_combo.itemData(i) for i in range(dialog.preset_combo.count())} == {"beijing", "national"}
    assert "与全国法律预设不同的" in dialog.summary.text()
    dialog.select("runoff_days")  # read by the 另行选举 since the vote was built (PV-11)
    assert "将在" not in dialog.param_facts.text()
    dialog.select("proxy_on_site_forbidden")  # read by check-in since the on-site proxy (PV-07, SD-26)
    assert "将在" not in dialog.param_facts.text()
    dialog.select("supervision_size")  # still awaiting its reader
    assert "将在“推选村务监督委员会”阶段使用" in dialog.param_facts.text()


def test_vc01_profile_editor_refuses_a_size_outside_the_law_as_verified_unless_a_deviation(ctx, qtbot):
    dialog = open_profile(ctx, qtbot, "national", "江西省")
    dialog.select("vc_size")
    assert "法律规定：3～7" in dialog.param_facts.text()
    dialog.editor.set_value({"min": 2, "max": 7})
    dialog.verified.setChecked(True)
    assert not dialog.apply_action()
    assert "超出法律规定" in dialog.param_error.text()
    dialog.deviation.setText("某省村民委员会选举办法第六条")
    assert dialog.apply_action()
    assert dialog.items["vc_size"].text(4) == "本地偏离"
    dialog.save_action()
    assert dialog.result() == ProfileDialog.Accepted
    with ctx.session() as session:
        stored = profile_of(session.get(Township, ctx.township_id)).setting("vc_size")
    assert (stored.value, stored.verified, stored.deviation) == (
        {"min": 2, "max": 7}, True, "某省村民委员会选举办法第六条")


def test_sd13_profile_editor_warns_about_an_age_reference_date_of_an_earlier_term(ctx, qtbot):
    dialog = open_profile(ctx, qtbot, "jiangxi_2021", "江西省")
    assert "age_reference_date" in dialog.warnings
    dialog.select("age_reference_date")
    assert "以往换届" in dialog.param_warning.text() and "2021年1月1日" in dialog.param_warning.text()
    dialog.editor.set_value("2026-01-01")
    assert dialog.apply_action()
    assert dialog.param_warning.text() == "" and "age_reference_date" not in dialog.warnings


def test_pv_a_township_picks_its_province_and_the_province_preset_follows(ctx, qtbot):
    dialog = TownshipDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("云溪镇")
    dialog.save_action()
    assert dialog.result() != TownshipDialog.Accepted
    assert "请选择乡镇所在的省" in dialog.findChild(type(dialog.general_error), "province_error").text()
    dialog.province.setCurrentIndex(dialog.province.findData("浙江省"))
    assert dialog.preset.currentData() == "zhejiang_2020"
    dialog.province.setCurrentIndex(dialog.province.findData("湖南省"))
    assert dialog.preset.currentData() == "national"
    dialog.preset.setCurrentIndex(dialog.preset.findData("shanghai_2020"))
    dialog.save_action()
    assert "与乡镇所在省份不符" in dialog.findChild(type(dialog.general_error), "preset_error").text()
    dialog.province.setCurrentIndex(dialog.province.findData("上海市"))
    dialog.preset.setCurrentIndex(dialog.preset.findData("shanghai_2020"))
    dialog.save_action()
    assert dialog.result() == TownshipDialog.Accepted
    with ctx.session() as session:
        township = session.get(Township, dialog.township_id)
        assert (township.province, profile_of(township).preset) == ("上海市", "shanghai_2020")


def test_pv_a_province_preset_is_refused_for_a_township_of_another_province(session):
    with pytest.raises(InvalidInput) as refused:
        create_township(session, TownshipInput("云溪镇", "青山县", "江西省", "zhejiang_2020"))
    assert "与乡镇所在省份不符" in str(refused.value.errors["preset"])
    assert make_township(session, "national").province == "江西省"
