"""The vc.vote_notice page: the main venue and a polling station with the groups each serves
(SD-26), a mobile box with its voters and scrutineers (GC-16), the counting officials (PV-06,
PV-14), the notice posted (SD-26); proxies registered with a fourth principal and a
non-relative refused with the reason beside the field (GC-11, VC-29), the cards and the list
printed (VC-19)."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from models import Document
from tests.conftest import TODAY
from tests.ui_support import answer, record_interaction
from tests.vc_polling_data import build, person_id
from ui import interaction
from ui.context import AppContext
from ui.fonts import register_ui_font
from ui.signals import AppSignals
from ui.villager import polling_dialogs as dialogs
from ui.villager.vote_notice_page import VoteNoticePage
from ui.widgets.work_area import column_texts, select_text
from workflows.core import stages
from workflows.core.config import Settings
from workflows.villager import polling_checks, proxies


@pytest.fixture
def ctx(store, qapp):
    register_ui_font(qapp)  # the program's own font, as on the clerk's screen
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def election_id(ctx):
    with ctx.transaction() as session:
        return build(session)


@pytest.fixture
def seen(monkeypatch):
    return record_interaction(monkeypatch)


def shot(widget, name: str, tmp_path: Path, size=(1366, 768)) -> None:
    """Save what the widget shows (UI_SHOT_DIR keeps them for looking at)."""
    folder = Path(os.environ.get("UI_SHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    if size:
        widget.resize(*size)
    else:
        widget.adjustSize()
    widget.grab().save(str(folder / f"{name}.png"))


def archived(ctx, document_id) -> tuple[str, str]:
    with ctx.transaction() as session:
        document = session.get(Document, document_id)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(document.pdf)).pages)
        return document.kind, text.replace("\n", "")


def station(name, place, opens, closes, group, picture=None, tmp_path=None):
    def fill(dialog):
        dialog.name.setText(name)
        dialog.place.setText(place)
        dialog.opens_at.setText(opens)
        dialog.closes_at.setText(closes)
        for other in ("上屋组", "下屋组"):  # the main venue starts with every group ticked
            dialog.check_group(other, other == group)
        if picture:
            shot(dialog, picture, tmp_path, None)
    return fill


def official(role, name, picture=None, tmp_path=None):
    def fill(dialog):
        dialog.choose_role(role)
        dialogs.pick(dialog.voter, name)
        assert not dialog.name.isEnabled() and not dialog.id_number.isEnabled()  # picked from the roll
        if picture:
            shot(dialog, picture, tmp_path, None)
    return fill


def proxy(principal, proxy_name, kind, picture=None, tmp_path=None):
    def fill(dialog):
        dialogs.pick(dialog.principal, principal)
        dialogs.pick(dialog.proxy, proxy_name)
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.reason.setText("外出务工")
        if picture:
            shot(dialog, picture, tmp_path, None)
    return fill


def arrange(page, monkeypatch, tmp_path) -> None:
    """The places, the box with its voter and scrutineers, the officials — all through the dialogs."""
    tab = page.arrangements
    places = answer(monkeypatch, dialogs.StationDialog,
           station("选举大会会场", "村委会大院", "8:00", "12:00", "上屋组"),
           station("第1投票站", "下屋组祠堂", "8:00", "11:30", "下屋组", "vn_station_dialog", tmp_path))
    tab.main_action()
    tab.add_station_action()
    assert [d.result() for d in places] == [QDialog.Accepted] * 2, [
        (e.objectName(), e.text()) for d in places for e in d.form.errors.values() if e.text()]
    assert column_texts(tab.stations, 0) == ["选举大会会场", "第1投票站"]
    assert column_texts(tab.stations, 2) == ["上屋组", "下屋组"]

    def box(dialog):
        assert dialog.name.text() == "第1号流动票箱"
        assert any("须有3名以上监票人" in label.text() for label in dialog.findChildren(QLabel))
        dialog.area.setText("上午9时至11时，上屋组、下屋组")
        shot(dialog, "vn_box_dialog", tmp_path, None)

    def box_voter(dialog):
        dialogs.pick(dialog.voter, "郑涛")
        dialog.reason.setCurrentIndex(1)
        shot(dialog, "vn_box_voter_dialog", tmp_path, None)

    answer(monkeypatch, dialogs.BoxDialog, box)
    tab.add_box_action()
    answer(monkeypatch, dialogs.BoxVoterDialog, box_voter)
    select_text(tab.boxes, "第1号流动票箱")
    tab.add_box_voter_action()
    assert column_texts(tab.box_voters, 1) == ["郑涛"] and column_texts(tab.box_voters, 3) == ["患病卧床"]
    fills = [official("chief_scrutineer", "赵磊"), official("scrutineer", "黄敏"), official("scrutineer", "周强"),
             official("caller", "孙丽"), official("counter", "吴刚")]
    fills += [official("box_scrutineer", name) for name in ("杨帆", "陈静")]
    fills.append(official("box_scrutineer", "刘洋", "vn_official_dialog", tmp_path))
    answer(monkeypatch, dialogs.OfficialDialog, *fills)
    for _ in fills:
        tab.add_official_action()
    assert len(column_texts(tab.officials, 1)) == 8
    assert set(column_texts(tab.officials, 3)) == {"无须回避"}
    assert person_id(7) not in "".join(column_texts(tab.officials, 2))  # 赵磊's number masked
    assert column_texts(tab.boxes, 3) == ["刘洋、杨帆、陈静"]


def test_the_arrangements_and_the_notice(qtbot, ctx, election_id, seen, monkeypatch, tmp_path):
    page = VoteNoticePage(ctx, election_id)
    qtbot.addWidget(page)
    tab = page.arrangements
    assert "以下村民小组尚无负责的投票地点" in tab.findings.text()
    assert "投票公告最迟应于2026年12月3日张贴" in tab.notice_state.text()
    shot(page, "vn_page_empty", tmp_path)

    arrange(page, monkeypatch, tmp_path)
    opened = answer(monkeypatch, dialogs.StationDialog, lambda d: None)
    select_text(tab.stations, "第1投票站")
    tab.edit_station_action()  # the group served elsewhere is shown and cannot be ticked
    items = [opened[0].groups.item(r) for r in range(opened[0].groups.count())]
    taken = next(item for item in items if item.text().startswith("上屋组"))
    assert taken.text() == "上屋组（由选举大会会场负责）" and not taken.flags() & Qt.ItemIsEnabled
    assert "投票安排齐全" in tab.findings.text()

    tab.notice_day.setDate(TODAY)
    tab.print_action()
    assert seen["error"] == [] and seen["confirm"] == [] and len(seen["documents"]) == 1
    kind, text = archived(ctx, seen["documents"][0])
    assert kind == "vc_vote_notice" and "村委会大院" in text and "第1号流动票箱" in text
    assert person_id(13) not in text  # no ID numbers on the wall
    assert "投票公告已于2026年11月21日张贴" in tab.notice_state.text()
    shot(page, "vn_page_arranged", tmp_path)
    page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
    shot(page, "vn_page_arranged_bottom", tmp_path)
    with ctx.read_scope(election_id) as scope:
        assert polling_checks.arrangement_findings(scope).blockers == []


def test_proxies_refused_with_reasons_then_cards_and_list(qtbot, ctx, election_id, seen, monkeypatch, tmp_path):
    page = VoteNoticePage(ctx, election_id)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    tab = page.proxies
    assert "委托须于2026年12月3日以前办理" in tab.rules.text() and "不得超过3人" in tab.rules.text()
    opened = answer(monkeypatch, dialogs.ProxyDialog,
                    proxy("王建国", "王小明", "子女"),
                    proxy("李娜", "张伟", "配偶"), proxy("刘洋", "张伟", "兄弟姐妹"), proxy("陈静", "张伟", "兄弟姐妹"),
                    proxy("杨帆", "张伟", "兄弟姐妹", "vn_proxy_dialog_refused", tmp_path),
                    proxy("黄敏", "周强", dialogs.NOT_RELATIVE))
    for _ in range(6):
        tab.add_action()
    fourth, stranger = opened[4], opened[5]
    assert fourth.result() == 0 and stranger.result() == 0
    assert fourth.form.errors["proxy_id"].text() == "张伟已接受3人委托，每一选民接受委托投票不得超过3人"
    assert fourth.form.errors["proxy_id"].isVisibleTo(fourth)
    shot(fourth, "vn_proxy_dialog_refused", tmp_path, None)
    assert stranger.form.errors["kind"].text().startswith("受委托人须是委托人的近亲属：配偶、父母、子女")
    assert column_texts(tab.table, 0) == ["王建国", "刘洋", "李娜", "陈静"]  # principals by surname strokes
    assert tab.count.text() == "有效委托 4 份（共登记 4 份）"
    assert "尚未记入本乡镇的近亲属记录" in tab.findings.text()
    shot(page, "vn_page_proxies", tmp_path)

    select_text(tab.table, "王建国")
    tab.confirm_action()
    assert "已核实王小明是王建国的子女" in seen["confirm"][-1]
    with ctx.read_scope(election_id) as scope:
        assert next(line for line in proxies.lines(scope) if line.principal == "王建国").unconfirmed is None

    tab.cards_action()
    kind, text = archived(ctx, seen["documents"][-1])
    assert kind == "vc_proxy_cards" and "No. 0001" in text and person_id(0) not in text
    tab.list_day.setDate(date(2026, 11, 21))
    tab.list_action()
    kind, text = archived(ctx, seen["documents"][-1])
    assert "委托投票公告" in text and "王小明" in text and person_id(0) not in text and "外出务工" not in text
    assert len(seen["documents"]) == 2 and seen["error"] == []
    assert column_texts(tab.table, 7) == ["2026年11月21日"] * 4
    shot(page, "vn_page_proxies_done", tmp_path)
    with ctx.read_scope(election_id) as scope:
        own = [str(b.message) for b in stages.evaluate(scope, "vc.vote_notice").blockers
               if {"VC-19", "GC-11", "PV-07", "VC-29"} & set(b.rule_ids)]
        assert own == [] and proxies.valid_count(scope) == 4


def test_removing_needs_a_selected_row_asks_first_and_redraws(qtbot, ctx, election_id, seen, monkeypatch):
    """The shared “delete the selected row” action (PartyPage.remove_selected) on the proxy tab."""
    page = VoteNoticePage(ctx, election_id)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    tab = page.proxies
    answer(monkeypatch, dialogs.ProxyDialog, proxy("王建国", "王小明", "子女"), proxy("李娜", "张伟", "配偶"))
    tab.add_action()
    tab.add_action()
    tab.table.clearSelection()
    tab.table.setCurrentCell(-1, -1)
    tab.remove_action()
    assert seen["inform"][-1] == "请先选择一份委托。" and seen["confirm"] == []
    select_text(tab.table, "王建国")
    monkeypatch.setattr(interaction, "confirm", lambda parent, title, text: seen["confirm"].append(text) and False)
    tab.remove_action()  # asked, and declined: nothing removed
    assert seen["confirm"][-1] == "撤销王建国的委托？" and column_texts(tab.table, 0) == ["王建国", "李娜"]
    monkeypatch.setattr(interaction, "confirm", lambda parent, title, text: True)
    tab.remove_action()
    assert column_texts(tab.table, 0) == ["李娜"] and tab.count.text() == "有效委托 1 份（共登记 1 份）"
