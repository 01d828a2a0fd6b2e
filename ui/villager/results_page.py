"""Work area of 选举结果与当选证书 (vc.results): what the agreed count of the current round decides
per office (elected, seats unfilled, a re-vote among the tied, the 另行选举's candidates), the
chief supervisor's confirmation (name, date) and its revert with a reason, the 另行选举 set up,
the elected across rounds, and the paper: results notice, count report, certificates, workbook.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.villager.vote_dialogs import ask_text, take_backup
from ui.widgets.forms import heading
from ui.widgets.work_area import (
    GREEN,
    ORANGE,
    Cell,
    PartyPage,
    fill_table,
    findings_label,
    hint_label,
    make_table,
    show_document,
    show_findings,
)
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.villager import results, vote

OUTCOME_HEADERS = ("职务", "应选", "当选", "未选出", "得票相等须重新投票", "另行选举候选人")
ELECTED_HEADERS = ("职务", "姓名", "得票", "轮次")
TABLE_HEIGHT = 200


@register_page("vc.results")
class ResultsPage(PartyPage):
    """The decision of the current round, its confirmation, the elected and the paper."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=640)
        self.setObjectName("vc_results_page")
        self.round_id: int | None = None
        self.tally = None
        self.column.addWidget(hint_label(tr(
            "计票结果由总监票人确认后成为正式结果，当场公布；确认有误的，写明理由撤销确认后更正，公告重印为更正公告。"), self))
        self.findings = findings_label(self, "results_findings")
        self.column.addWidget(self.findings)
        self.state = QLabel(self.content)
        self.state.setObjectName("results_state")
        self.state.setWordWrap(True)
        self.column.addWidget(self.state)
        self.outcomes = make_table(self.content, OUTCOME_HEADERS, "outcome_table", stretch=2)
        self.outcomes.setMaximumHeight(TABLE_HEIGHT)
        self.column.addWidget(self.outcomes)
        self.reasons = QLabel(self.content)
        self.reasons.setObjectName("tally_reasons")
        self.reasons.setWordWrap(True)
        self.column.addWidget(self.reasons)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("总监票人"), self.content))
        self.chief = QLineEdit(self.content)
        self.chief.setObjectName("chief_name")
        row.addWidget(self.chief)
        row.addWidget(QLabel(tr("确认日期"), self.content))
        self.day = date_editor(ctx.today(), self.content)
        self.day.setObjectName("confirm_day")
        row.addWidget(self.day)
        row.addLayout(self.buttons(
            (tr("确认为正式结果"), "confirm_button", self.confirm_action),
            (tr("撤销确认…"), "revert_button", self.revert_action),
            (tr("安排另行选举"), "runoff_button", self.runoff_action)))
        self.column.addLayout(row)
        self.column.addWidget(heading(tr("当选人"), self))
        self.elected = make_table(self.content, ELECTED_HEADERS, "elected_table", stretch=3)
        self.elected.setMaximumHeight(TABLE_HEIGHT)
        self.column.addWidget(self.elected)
        self.column.addLayout(self.buttons(
            (tr("打印选举结果公告"), "notice_button", self.notice_action),
            (tr("打印计票结果报告单"), "report_button", self.report_action),
            (tr("打印当选证书"), "certificates_button", self.certificates_action),
            (tr("导出结果表（报乡镇备案）…"), "workbook_button", self.workbook_action)))
        self.column.addStretch(1)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.read_scope(self.election_id) as scope:
            self.chief.setPlaceholderText(_chief(scope))
            report = stages.evaluate(scope, "vc.results")
            show_findings(self.findings, report.blockers + report.warnings, tr("选举结果已确认并公布，无须另行选举"))
            row = vote.current_round(scope)
            self.round_id = row.id if row else None
            self.tally = None
            if row is not None:
                try:
                    self.tally = results.round_tally(scope, row.id)
                except InvalidInput:
                    self.tally = None
            self._state(scope, row)
            self._outcomes()
            fill_table(self.elected, [(i, (p.seat, p.name, str(p.votes), p.round_label))
                                      for i, p in enumerate(results.elected_list(scope))])

    def _state(self, scope, row) -> None:
        if row is None:
            self.state.setText(tr("尚未投票。"))
            return
        who, when = results.confirmation(scope, row.id)
        if who:
            text, color = tr("{label}：已由总监票人{name}于{when}确认为正式结果。").format(
                label=row.label, name=who, when=when), GREEN
        else:
            text, color = tr("{label}：计票结果尚未确认（非正式）。").format(label=row.label), ORANGE
            reason = results.revert_reason(scope, row.id)
            if reason:
                text += tr("曾撤销确认：{reason}").format(reason=reason)
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {color};")

    def _outcomes(self) -> None:
        if self.tally is None:
            fill_table(self.outcomes, [])
            self.reasons.setText(tr("计票尚未完成，不能判定结果。") if self.round_id else "")
            return
        fill_table(self.outcomes, [(o.office, (o.office, str(o.seats), Cell("、".join(o.names(o.elected)), GREEN),
                                               str(o.unfilled), "、".join(o.names(o.tie_revote_among)),
                                               "、".join(o.names(o.runoff_candidates))))
                                   for o in self.tally.outcomes])
        self.reasons.setText("\n".join(tr_msg(r) for r in self.tally.reasons))

    # -- confirmation ------------------------------------------------------------------------
    def confirm_action(self) -> None:
        if self.round_id is None:
            return
        by = self.chief.text().strip() or self.chief.placeholderText()
        on = self.day.date().toPython()
        done, confirmed = self.attempt(lambda scope: results.confirm_results(scope, self.round_id, by, on))
        if done:
            take_backup(self, tr("选举结果确认"))
            if confirmed.revote_round_id:
                interaction.inform(self, tr("本轮无效"), tr("本轮投票无效，已设置重新投票。"))
            self.changed()

    def revert_action(self) -> None:
        if self.round_id is None:
            return
        reason = ask_text(self, tr("撤销确认"), tr("撤销确认的理由："))
        if not reason:
            return
        by = self.chief.text().strip() or self.chief.placeholderText() or self.ctx.settings.operator
        done, _ = self.attempt(lambda scope: results.revert_results(scope, self.round_id, by, reason))
        if done:
            self.changed()

    def runoff_action(self) -> None:
        if self.round_id is None or self.tally is None:
            return
        on = self.day.date().toPython()
        done, _ = self.attempt(lambda scope: vote.set_up_runoff(scope, self.round_id, self.tally, on))
        if done:
            interaction.inform(self, tr("另行选举"), tr("已设置另行选举，请在“投票选举与公开计票”中打印选票并计票。"))
            self.changed()

    # -- paper -------------------------------------------------------------------------------
    def _print(self, make) -> None:
        done, document = self.attempt(lambda scope: make(scope).id)
        if done:
            show_document(self, self.ctx, document)

    def _decided_round(self) -> int | None:
        with self.ctx.read_scope(self.election_id) as scope:
            decided = [r for r in vote.villager_rounds(scope) if r.official and not r.void]
        if not decided:
            interaction.inform(self, tr("选举结果"), tr("还没有经总监票人确认的计票结果。"))
            return None
        return decided[-1].id

    def notice_action(self) -> None:
        round_id = self._decided_round()
        if round_id is not None:
            self._print(lambda scope: results.issue_notice(scope, round_id, self.day.date().toPython()))

    def report_action(self) -> None:
        round_id = self._decided_round()
        if round_id is not None:
            self._print(lambda scope: results.issue_count_report(scope, round_id))

    def certificates_action(self) -> None:
        done, issued = self.attempt(lambda scope: [d.id for d in results.issue_certificates(
            scope, self.day.date().toPython())])
        if done and issued:
            show_document(self, self.ctx, issued[0])
            interaction.inform(self, tr("当选证书"), tr("已生成{n}份当选证书，均已存档。").format(n=len(issued)))

    def workbook_action(self) -> None:
        done, data = self.attempt(results.workbook_bytes, read_only=True)
        if not done:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("导出结果表"), tr("村委会选举结果.xlsx"), tr("Excel 文件 (*.xlsx)"))
        if path:
            Path(path).write_bytes(data)


def _chief(scope) -> str:
    from workflows.villager import officials

    return next((o.name for o in officials.officials(scope) if o.role == "chief_scrutineer"), "")
