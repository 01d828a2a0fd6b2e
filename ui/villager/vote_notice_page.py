"""Work area of 投票公告与委托投票 (vc.vote_notice): the places of voting, mobile boxes and
officials with the notice (SD-26, GC-16, PV-06, PV-14) on one tab, proxy voting (VC-19, GC-11,
PV-07, VC-29) on the other."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.villager import polling_dialogs as dialogs
from ui.villager.proxy_tab import ProxyTab
from ui.widgets.forms import SPACING, heading
from ui.widgets.work_area import (
    GREEN,
    ORANGE,
    RED,
    Cell,
    PartyPage,
    fill_table,
    findings_label,
    hint_label,
    make_table,
    selected_id,
    selected_text,
    show_document,
    show_findings,
)
from workflows.core.text import format_date
from workflows.villager import officials, polling, polling_checks, vote_notice

STATION_HEADERS = ("名称", "地点", "负责的村民小组", "投票时间")
BOX_HEADERS = ("流动票箱", "流动范围和时间", "使用的选民", "监票人")
BOX_VOTER_HEADERS = ("流动票箱", "选民", "村民小组", "原因")
OFFICIAL_HEADERS = ("职责", "姓名", "公民身份号码", "回避审查")
TABLE_HEIGHT = 130  # a few rows each; the page scrolls
OFFICIALS_HEIGHT = 300  # the main officials and each box's scrutineers


def fit_rows(table, most: int) -> None:
    """Make the table tall enough for its rows, up to ``most`` pixels: the page scrolls, and a
    table with room to spare below it should not hide its last rows behind its own scroll bar."""
    rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
    needed = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + rows
    table.setMinimumHeight(min(most, max(needed, TABLE_HEIGHT)))


class ArrangementTab(QWidget):
    """Places of voting, mobile boxes, officials and the notice."""

    def __init__(self, page: VoteNoticePage) -> None:
        super().__init__(page)
        self.page = page
        column = QVBoxLayout(self)
        column.setContentsMargins(0, SPACING, 0, 0)
        column.setSpacing(SPACING)
        self.findings = findings_label(self, "arrangement_findings")
        column.addWidget(self.findings)
        column.addWidget(heading(tr("投票地点"), self))
        column.addLayout(page.buttons(
            (tr("选举大会会场…"), "main_venue_button", self.main_action),
            (tr("添加投票站…"), "add_station_button", self.add_station_action),
            (tr("修改…"), "edit_station_button", self.edit_station_action),
            (tr("删除投票站…"), "remove_station_button", self.remove_station_action)))
        self.stations = make_table(self, STATION_HEADERS, "station_table", stretch=2)
        self.stations.setMaximumHeight(TABLE_HEIGHT)
        self.stations.cellDoubleClicked.connect(lambda *_: self.edit_station_action())
        column.addWidget(self.stations)
        column.addWidget(heading(tr("流动票箱"), self))
        column.addLayout(page.buttons(
            (tr("添加流动票箱…"), "add_box_button", self.add_box_action),
            (tr("添加使用的选民…"), "add_box_voter_button", self.add_box_voter_action),
            (tr("移出选民…"), "remove_box_voter_button", self.remove_box_voter_action),
            (tr("删除流动票箱…"), "remove_box_button", self.remove_box_action)))
        tables = QHBoxLayout()
        self.boxes = make_table(self, BOX_HEADERS, "box_table", stretch=1)
        self.box_voters = make_table(self, BOX_VOTER_HEADERS, "box_voter_table", stretch=3)
        for table in (self.boxes, self.box_voters):
            table.setMaximumHeight(TABLE_HEIGHT)
        tables.addWidget(self.boxes, 1)
        tables.addWidget(self.box_voters, 1)
        column.addLayout(tables)
        column.addWidget(heading(tr("监票、唱票、计票人员"), self))
        column.addLayout(page.buttons(
            (tr("添加人员…"), "add_official_button", self.add_official_action),
            (tr("删除…"), "remove_official_button", self.remove_official_action)))
        self.officials = make_table(self, OFFICIAL_HEADERS, "official_table", stretch=3)
        self.officials.setMaximumHeight(OFFICIALS_HEIGHT)
        column.addWidget(self.officials)
        column.addWidget(heading(tr("投票公告"), self))
        self.notice_state = QLabel(self)
        self.notice_state.setObjectName("notice_state")
        self.notice_state.setWordWrap(True)
        column.addWidget(self.notice_state)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("公告日期"), self))
        self.notice_day = date_editor(page.ctx.today(), self)
        self.notice_day.setObjectName("notice_day")
        row.addWidget(self.notice_day)
        row.addLayout(page.buttons((tr("打印投票公告"), "print_notice_button", self.print_action)))
        column.addLayout(row)
        column.addStretch(1)

    def refresh(self, scope) -> None:
        """Reload from an open read scope."""
        rows = polling.stations(scope)
        fill_table(self.stations, [(r.id, (Cell(r.name, bold=r.main), r.place, "、".join(r.group_names), r.hours))
                                   for r in rows])
        self.main_id = next((r.id for r in rows if r.main), None)
        watchers = officials.box_scrutineers(scope)
        minimum = scope.profile.get("mobile_box_scrutineers")
        boxes = polling.boxes(scope)
        fill_table(self.boxes, [(b.id, (b.name, b.area, tr("{n}人").format(n=len(b.voters)), Cell(
            "、".join(o.name for o in watchers.get(b.id, [])) or tr("（无）"),
            RED if len(watchers.get(b.id, [])) < minimum else None))) for b in boxes])
        fill_table(self.box_voters, [(v.id, (b.name, Cell(v.name, None if v.registered else RED), v.group, v.reason))
                                     for b in boxes for v in b.voters])
        fill_table(self.officials, [(o.id, (o.role_label, o.name, o.masked_id, Cell(
            tr("须回避") if o.problem else tr("无须回避"), RED if o.problem else GREEN,
            tr_msg(o.problem) if o.problem else None))) for o in officials.officials(scope)])
        fit_rows(self.officials, OFFICIALS_HEIGHT)
        show_findings(self.findings, polling_checks.arrangement_findings(scope).items, tr("投票安排齐全"))
        self._notice(vote_notice.notice_state(scope))

    def _notice(self, state: vote_notice.NoticeState) -> None:
        if state.posted_on:
            text, color = tr("投票公告已于{day}张贴。").format(day=format_date(state.posted_on)), GREEN
            if state.due and state.posted_on > state.due:
                text += tr("晚于法定最迟日期{due}。").format(due=format_date(state.due))
                color = RED
            if state.changed:
                text += tr("张贴后安排有变动，请重新公告。")
                color = ORANGE if color == GREEN else color
        elif state.due:
            text, color = tr("投票公告最迟应于{due}张贴。").format(due=format_date(state.due)), ORANGE
        else:
            text, color = tr("尚未设定村委会选举日。"), RED
        self.notice_state.setText(text)
        self.notice_state.setStyleSheet(f"color: {color};")

    # -- places ------------------------------------------------------------------------
    def main_action(self) -> None:
        """Enter or correct the main venue."""
        if dialogs.StationDialog(self.page.ctx, self.page.election_id, self.main_id, main=True, parent=self).exec():
            self.page.changed()

    def add_station_action(self) -> None:
        """Add a polling station."""
        if dialogs.StationDialog(self.page.ctx, self.page.election_id, parent=self).exec():
            self.page.changed()

    def edit_station_action(self) -> None:
        """Correct the selected place."""
        ident = selected_id(self.stations)
        if self.page.need_selection(ident, tr("修改"), tr("请先选择一个投票地点。")) and \
                dialogs.StationDialog(self.page.ctx, self.page.election_id, ident, parent=self).exec():
            self.page.changed()

    def remove_station_action(self) -> None:
        """Delete the selected place (its groups then need another)."""
        self.page.remove_selected(
            self.stations, tr("删除投票地点"), tr("请先选择一个投票地点。"),
            lambda: tr("删除“{name}”？它负责的村民小组须改由其他地点负责。").format(name=selected_text(self.stations)),
            polling.remove_station, self)

    # -- mobile boxes ------------------------------------------------------------------
    def add_box_action(self) -> None:
        """Add a mobile box."""
        if dialogs.BoxDialog(self.page.ctx, self.page.election_id, self).exec():
            self.page.changed()

    def add_box_voter_action(self) -> None:
        """Put a voter on the selected box's list."""
        ident = selected_id(self.boxes)
        if self.page.need_selection(ident, tr("添加使用的选民"), tr("请先选择一个流动票箱。")) and \
                dialogs.BoxVoterDialog(self.page.ctx, self.page.election_id, ident, selected_text(self.boxes),
                                       self).exec():
            self.page.changed()

    def remove_box_voter_action(self) -> None:
        """Take the selected voter off a box's list."""
        self.page.remove_selected(
            self.box_voters, tr("移出选民"), tr("请先在右侧选择一名选民。"),
            lambda: tr("把{name}移出流动票箱名单？").format(name=selected_text(self.box_voters, 1)),
            polling.remove_box_voter, self)

    def remove_box_action(self) -> None:
        """Delete the selected box with its list and scrutineers."""
        ident = selected_id(self.boxes)
        if self.page.need_selection(ident, tr("删除流动票箱"), tr("请先选择一个流动票箱。")) and interaction.confirm(
                self, tr("删除流动票箱"), tr("删除“{name}”及其选民名单和监票人？").format(name=selected_text(self.boxes))) \
                and self.page.attempt(lambda scope: polling.remove_box(scope, ident))[0]:
            self.page.changed()

    # -- officials and the notice --------------------------------------------------------
    def add_official_action(self) -> None:
        """Name an official."""
        if dialogs.OfficialDialog(self.page.ctx, self.page.election_id, self).exec():
            self.page.changed()

    def remove_official_action(self) -> None:
        """Take the selected official off the list."""
        ident = selected_id(self.officials)
        if self.page.need_selection(ident, tr("删除"), tr("请先选择一名工作人员。")) and interaction.confirm(
                self, tr("删除工作人员"), tr("删除{name}？").format(name=selected_text(self.officials, 1))) \
                and self.page.attempt(lambda scope: officials.remove_official(scope, ident))[0]:
            self.page.changed()

    def print_action(self) -> None:
        """Post the notice on the chosen day (a late day is said first; the stage then stays blocked)."""
        day = self.notice_day.date().toPython()
        ok, warning = self.page.attempt(lambda scope: vote_notice.timing_warning(scope, day), read_only=True)
        if not ok or (warning is not None and not interaction.confirm(
                self, tr("公告晚于法定日期"), tr_msg(warning) + tr("\n\n仍要张贴吗？"))):
            return
        ok, document_id = self.page.attempt(lambda scope: vote_notice.issue(scope, day).id)
        if ok:
            self.page.changed()
            show_document(self, self.page.ctx, document_id)


@register_page("vc.vote_notice")
class VoteNoticePage(PartyPage):
    """Two tabs: the arrangements with the notice, and proxy voting."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=820)
        self.setObjectName("vc_vote_notice_page")
        self.column.addWidget(hint_label(tr(
            "先登记投票地点、流动票箱和工作人员，再打印投票公告；委托投票须在规定期限前书面办理并公布名单。"), self))
        self.tabs = QTabWidget(self.content)
        self.tabs.setObjectName("vote_notice_tabs")
        self.arrangements = ArrangementTab(self)
        self.proxies = ProxyTab(self)
        self.tabs.addTab(self.arrangements, tr("投票安排与公告"))
        self.tabs.addTab(self.proxies, tr("委托投票"))
        self.column.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload both tabs in one read."""
        with self.ctx.read_scope(self.election_id) as scope:
            self.arrangements.refresh(scope)
            self.proxies.refresh(scope)
