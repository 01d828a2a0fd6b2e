"""Dialogs and actions of the registration page: template, removal, publication, cards, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QWidget

from ui import interaction
from ui.context import AppContext
from ui.documents.issuing import render_drafts
from ui.i18n import tr, tr_msg
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date, msg
from workflows.voters import publication, registration


def _show(parent: QWidget, ctx: AppContext, document_ids: list[int]) -> None:
    """Announce new documents and open the first one."""
    from ui.documents.documents_panel import open_archived

    if document_ids:
        open_archived(parent, ctx, document_ids[0])


def ask_save_path(parent: QWidget, title: str, name: str, filter_text: str) -> Path | None:
    """A file to write (tests replace this function)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, name, filter_text)
    return Path(path) if path else None


def save_template(parent: QWidget, ctx: AppContext, election_id: int) -> Path | None:
    """Write the roster template (groups of this village in its drop-down list)."""
    from printing.workbooks import roster_template

    with ctx.read_scope(election_id) as scope:
        facts = registration.roster_facts(scope)
    groups, name = facts.groups, facts.village_name
    day = format_date(facts.election_day) if facts.election_day else "待定"
    path = ask_save_path(parent, tr("保存花名册模板"), f"{name}选民登记花名册模板.xlsx", tr("Excel 文件 (*.xlsx)"))
    if path is None:
        return None
    roster_template(path, name, groups, day)
    interaction.inform(parent, tr("花名册模板"), tr("模板已保存：{path}").format(path=path))
    return path


class RemoveDialog(FormDialog):
    """Take a voter off the list with a reason (a correction after publication)."""

    def __init__(self, ctx: AppContext, election_id: int, voter_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("除名"), parent)
        self.ctx, self.election_id, self.voter_id = ctx, election_id, voter_id
        with ctx.read_scope(election_id) as scope:
            text = tr("将“{name}”从选民名单中除名。").format(
                name=registration.voter_name(scope, voter_id))
        self.body.insertWidget(0, QLabel(text, self))
        self.reason = self.form.add("reason", tr("原因"), QLineEdit(self), tr("如：死亡、迁出、重复登记、经异议审查不符合条件"))
        self.finish_layout()

    def save(self) -> None:
        """Remove through the workflow (a reason is required)."""
        with self.ctx.scope(self.election_id) as scope:
            registration.remove_voter(scope, self.voter_id, self.reason.text())


class PublishDialog(FormDialog):
    """Publish the voter list per group; shows the VC-10 deadline and any days missing."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("公布选民名单"), parent)
        self.ctx, self.election_id = ctx, election_id
        self.document_ids: list[int] = []
        note = QLabel(tr("按村民小组分别生成名单公告（不含身份证号码和电话），每份公告写明提出异议的方式和期限。"
                         "公布日期记入法定日程。"), self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        self.body.insertWidget(0, note)
        self.day = self.form.add("published_on", tr("张榜公布日期"), date_editor(ctx.today(), self))
        self.warning = QLabel(self)
        self.warning.setObjectName("publish_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(ERROR_STYLE)
        self.body.insertWidget(2, self.warning)
        self.day.dateChanged.connect(self.update_warning)
        self.finish_layout()
        self.buttons.button(self.buttons.StandardButton.Ok).setText(tr("生成公告并记录公布"))
        self.update_warning()

    def update_warning(self) -> None:
        """Say whether the chosen day keeps the 20 days before the election (VC-10)."""
        with self.ctx.read_scope(self.election_id) as scope:
            problems = publication.publication_warnings(scope, self.day.date().toPython())
        self.warning.setText("\n".join(tr_msg(p) for p in problems))
        self.warning.setVisible(bool(problems))

    def save(self) -> None:
        """Generate and archive the notices, record the publication."""
        with self.ctx.read_scope(self.election_id) as scope:
            posting = publication.plan_list(scope, self.day.date().toPython())
        pdfs = render_drafts(self, posting.drafts)
        if pdfs is None:
            raise InvalidInput({"published_on": msg("名单公告没有生成，也没有记录公布。")})
        with self.ctx.scope(self.election_id) as scope:
            self.document_ids = [d.id for d in publication.post_list(scope, posting, pdfs)]
        _show(self, self.ctx, self.document_ids)


def publish_supplement(parent: QWidget, ctx: AppContext, election_id: int) -> bool:
    """Post the pending corrections (补正公告)."""
    with ctx.read_scope(election_id) as scope:
        pending = registration.pending_corrections(scope)
        summary = "；".join(f"{c.voter_name}（{ {'add': '增加', 'remove': '删除', 'change': '更正'}[c.action] }）"
                           for c in pending[:20])
    if not pending:
        interaction.inform(parent, tr("补充公告"), tr("没有待发布的名单更正。"))
        return False
    if not interaction.confirm(parent, tr("补充公告"), tr("将发布补正公告，包括：{items}。继续吗？").format(items=summary)):
        return False
    try:
        with ctx.scope(election_id) as scope:
            ident = publication.publish_supplement(scope, ctx.today()).id
    except InvalidInput as refused:
        interaction.error(parent, "；".join(tr_msg(m) for m in refused.errors.values()))
        return False
    _show(parent, ctx, [ident])
    return True


def print_cards(parent: QWidget, ctx: AppContext, election_id: int, flt) -> bool:
    """Voter cards for the voters the table shows (filter applied)."""
    from workflows.voters.voter_queries import matching_ids

    with ctx.session() as session:
        from dataclasses import replace

        ids = matching_ids(session, election_id, replace(flt, status="registered"))
    if not ids:
        interaction.inform(parent, tr("选民证"), tr("当前筛选下没有在册选民。"))
        return False
    if not interaction.confirm(parent, tr("选民证"), tr("为当前列出的 {n} 名选民生成选民证（每页8张，附裁切线）？").format(n=len(ids))):
        return False
    with ctx.scope(election_id) as scope:  # card numbers first: they belong to the voters
        publication.assign_card_numbers(scope)
    with ctx.read_scope(election_id) as scope:
        card_draft = publication.plan_voter_cards(scope, ids)
    pdfs = render_drafts(parent, [card_draft])
    if pdfs is None:
        return False
    with ctx.scope(election_id) as scope:
        ident = publication.post_voter_cards(scope, card_draft, pdfs[0]).id
    _show(parent, ctx, [ident])
    return True


def export_list(parent: QWidget, ctx: AppContext, election_id: int) -> Path | None:
    """The complete list with ID numbers and phones, for the county office."""
    from printing.workbooks import full_list

    with ctx.read_scope(election_id) as scope:
        rows = registration.county_rows(scope)
        facts = registration.roster_facts(scope)
    title = f"{facts.village_name}{facts.term_label}村民委员会选举选民名单（完整信息）"
    if not interaction.confirm(parent, tr("导出名单"), tr(registration.PERSONAL_DATA_WARNING) + "\n\n" + tr("继续导出吗？")):
        return None
    path = ask_save_path(parent, tr("导出选民名单"), f"{title}.xlsx", tr("Excel 文件 (*.xlsx)"))
    if path is None:
        return None
    full_list(path, title, list(registration.COUNTY_HEADER), rows, registration.PERSONAL_DATA_WARNING)
    interaction.inform(parent, tr("导出名单"), tr("已导出 {n} 人：{path}").format(n=len(rows), path=path))
    return path
