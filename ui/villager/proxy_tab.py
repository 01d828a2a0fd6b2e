"""The proxy-voting tab of the vote-notice page (VC-19, GC-11, PV-07, VC-29): authorisations,
their cards and the list posted on the wall."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import interaction
from ui.i18n import tr, tr_msg
from ui.shell.stage_dialogs import date_editor
from ui.villager import polling_dialogs as dialogs
from ui.widgets.forms import SPACING
from ui.widgets.work_area import (
    GREEN,
    ORANGE,
    RED,
    Cell,
    fill_table,
    findings_label,
    make_table,
    selected_id,
    selected_text,
    show_document,
    show_findings,
)
from workflows.core.text import format_date
from workflows.villager import polling_checks, proxies, proxy_papers

if TYPE_CHECKING:
    from ui.villager.vote_notice_page import VoteNoticePage

HEADERS = ("委托人", "村民小组", "受委托人", "关系", "委托原因", "办理日期", "证号", "公布日期", "状态")


def _day(value) -> str:
    return format_date(value) if value else ""


class ProxyTab(QWidget):
    """Authorisations with their state, the cards and the list."""

    def __init__(self, page: VoteNoticePage) -> None:
        super().__init__(page)
        self.page = page
        column = QVBoxLayout(self)
        column.setContentsMargins(0, SPACING, 0, 0)
        column.setSpacing(SPACING)
        self.rules = QLabel(self)
        self.rules.setObjectName("proxy_rules")
        self.rules.setWordWrap(True)
        column.addWidget(self.rules)
        self.findings = findings_label(self, "proxy_findings")
        column.addWidget(self.findings)
        column.addLayout(page.buttons(
            (tr("登记委托…"), "add_proxy_button", self.add_action),
            (tr("撤销委托…"), "remove_proxy_button", self.remove_action),
            (tr("确认近亲属关系…"), "confirm_proxy_button", self.confirm_action),
            (tr("打印委托投票证"), "print_cards_button", self.cards_action)))
        # The list's controls above the table: the table takes the rest of the height, and on a
        # 1366×768 screen nothing the clerk needs sits below it out of sight.
        row = QHBoxLayout()
        self.count = QLabel(self)
        self.count.setObjectName("proxy_count")
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(QLabel(tr("委托投票公告日期"), self))
        self.list_day = date_editor(page.ctx.today(), self)
        self.list_day.setObjectName("list_day")
        row.addWidget(self.list_day)
        row.addLayout(page.buttons((tr("打印委托投票公告"), "print_list_button", self.list_action)))
        column.addLayout(row)
        self.table = make_table(self, HEADERS, "proxy_table", stretch=8)
        column.addWidget(self.table, 1)

    def refresh(self, scope) -> None:
        """Reload from an open read scope."""
        limits = proxies.rules(scope)
        parts = [tr("每一选民接受委托不得超过{n}人，受委托人不得再委托").format(n=limits.max_principals)]
        if limits.deadline:
            parts.insert(0, tr("委托须于{day}以前办理，选举日不办理").format(day=format_date(limits.deadline)))
        parts.append(tr("候选人不得受托") if limits.not_candidate else tr("候选人可以受托"))
        if limits.list_due:
            parts.append(tr("名单须于{day}以前公布").format(day=format_date(limits.list_due)))
        self.rules.setText("；".join(parts) + "。")
        lines = proxies.lines(scope)
        fill_table(self.table, [(line.id, (
            line.principal, line.principal_group, line.proxy, Cell(
                line.kind, ORANGE if line.unconfirmed else None, tr_msg(line.unconfirmed) if line.unconfirmed else None),
            line.reason, _day(line.registered_on), f"{line.card_number:04d}" if line.card_number else "",
            _day(line.published_on) or Cell(tr("未公布"), ORANGE),
            Cell(tr("有效"), GREEN) if line.valid else Cell(tr("无效"), RED, "\n".join(tr_msg(p) for p in line.problems))))
            for line in lines])
        valid = sum(1 for line in lines if line.valid)
        self.count.setText(tr("有效委托 {valid} 份（共登记 {n} 份）").format(valid=valid, n=len(lines)))
        show_findings(self.findings, polling_checks.proxy_findings(scope).items)

    def add_action(self) -> None:
        """Register a written authorisation."""
        if dialogs.ProxyDialog(self.page.ctx, self.page.election_id, self).exec():
            self.page.changed()

    def remove_action(self) -> None:
        """Withdraw the selected authorisation."""
        self.page.remove_selected(self.table, tr("撤销委托"), tr("请先选择一份委托。"),
                                  lambda: tr("撤销{name}的委托？").format(name=selected_text(self.table)),
                                  proxies.remove, self)

    def confirm_action(self) -> None:
        """Record the checked relationship in the township's relatives (VC-29)."""
        ident = selected_id(self.table)
        if not self.page.need_selection(ident, tr("确认近亲属关系"), tr("请先选择一份委托。")):
            return
        row = self.table.currentRow()
        relation = tr("{proxy}是{principal}的{kind}").format(
            proxy=self.table.item(row, 2).text(), principal=self.table.item(row, 0).text(),
            kind=self.table.item(row, 3).text())
        if interaction.confirm(self, tr("确认近亲属关系"), tr("已核实{relation}？确认后记入本乡镇的近亲属记录。").format(
                relation=relation)) and self.page.attempt(lambda scope: proxies.confirm_relationship(scope, ident))[0]:
            self.page.changed()

    def cards_action(self) -> None:
        """Print the cards of every valid authorisation."""
        ok, document_id = self.page.attempt(lambda scope: proxy_papers.issue_cards(scope).id)
        if ok:
            self.page.changed()
            show_document(self, self.page.ctx, document_id)

    def list_action(self) -> None:
        """Post the list of valid authorisations on the chosen day."""
        day = self.list_day.date().toPython()
        ok, document_id = self.page.attempt(lambda scope: proxy_papers.issue_list(scope, day).id)
        if ok:
            self.page.changed()
            show_document(self, self.page.ctx, document_id)
