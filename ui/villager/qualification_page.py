"""The work area of vc.qualification: the three-level review, the inspection and the form (SD-24, SD-40)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui import interaction
from ui.context import AppContext
from ui.documents.issuing import render_drafts
from ui.i18n import tr, tr_text
from ui.shell.pages import register_page
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
    show_document,
    show_findings,
)
from workflows.core import qualification as core
from workflows.core.findings import Severity
from workflows.core.text import format_date
from workflows.villager import qualification as review
from workflows.villager import qualification_checks as checks
from workflows.villager import qualification_form

HEADERS = ("姓名", "职务", "性别", "年龄", "提名日期", "“十不选”", "联审意见", "考察", "结论")
STATUS_COLORS = {"formal": GREEN, "disqualified": RED}


def _marks(findings) -> dict[int, str]:
    """Candidate ids named in findings, with the colour of the worst severity."""
    colors: dict[int, str] = {}
    for finding in findings.items:
        color = {Severity.BLOCKER: RED, Severity.WARNING: ORANGE}.get(finding.severity)
        for ident in finding.subject_ids:
            if color and colors.get(ident) != RED:
                colors[ident] = color
    return colors


@register_page("vc.qualification")
class VcQualificationPage(PartyPage):
    """Every candidate's review by the village, the township and the county, the township Party
    committee's inspection, the checks of the stage and the printed 资格联审表."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("vc_qualification_page")
        self.content.setMinimumHeight(460)
        self.note = hint_label("", self, "qualification_note")
        self.column.addWidget(self.note)
        self.column.addLayout(self.buttons(
            (tr("填写联审…"), "review_button", self.review_action),
            (tr("考察记录…"), "inspect_button", self.inspect_action),
            (tr("现任职务…"), "post_button", self.post_action),
            (tr("按现行设置重新计算"), "settle_button", self.settle_action),
            (tr("打印资格联审表"), "print_form_button", self.print_action)))
        self.table = make_table(self, HEADERS, "vc_review_table", stretch=8)
        self.table.cellDoubleClicked.connect(lambda *_: self.review_action())
        self.column.addWidget(self.table, 1)
        self.findings = findings_label(self, "qualification_findings")
        self.column.addWidget(self.findings)
        self.refresh()

    def refresh(self) -> None:
        """Reload the candidates, their progress and the stage's checks."""
        with self.ctx.read_scope(self.election_id) as scope:
            rows = review.nominee_rows(scope)
            units = review.units(scope)
            profile = scope.profile
            findings = checks.all_checks(scope)
        levels = [core.review_level(name) for name in units]
        basis = (tr("村委会选举日") if profile.get("disqualifier_reference") == "election"
                 else tr("各人的提名日期"))
        self.note.setText(tr(
            "候选人经村级初审（{village}个单位）、乡镇初审（{township}个）和县级联审（{county}个部门）后，由乡镇党委考察"
            "（SD-24）。“十不选”从{basis}往前计算：近{recent}年含界限当日，未满{bribery}年不含（SD-40）。"
            "取消资格的，由该职务提名得票次多者递补，并在此列出待审查。").format(
            village=levels.count(core.VILLAGE), township=levels.count(core.TOWNSHIP),
            county=levels.count(core.COUNTY), basis=basis, recent=profile.get("disqualifier_recent_years"),
            bribery=profile.get("disqualifier_bribery_years")))
        marks = _marks(findings)
        fill_table(self.table, [(r.id, self._cells(r, marks.get(r.id))) for r in rows])
        show_findings(self.findings, findings.items, tr("全部候选人已完成三级联审和考察，已确定为正式候选人。"))

    @staticmethod
    def _cells(r: review.NomineeRow, mark: str | None) -> tuple:
        if r.status == "disqualified":
            conclusion = Cell(tr("已取消资格：") + r.reason.split("：", 1)[-1], RED, r.reason)
        elif r.reasons:
            conclusion = Cell(tr("应取消资格（请重新计算）"), RED, "；".join(r.reasons))
        elif r.status == "formal":
            conclusion = Cell(tr("已确定为正式候选人"), GREEN)
        elif r.review_complete:
            conclusion = Cell(tr("联审通过，待考察审议"), ORANGE)
        else:
            conclusion = Cell(tr("审查未完成"), ORANGE)
        inspection = ("" if r.status == "disqualified" and r.inspection == "未考察" else
                      Cell(r.inspection, GREEN if r.inspection == "通过" else RED if r.inspection == "未通过" else None))
        missing = "、".join(r.missing_units)
        return (Cell(r.name, mark, bold=r.office == "chair"), tr_text(r.office_label), r.sex,
                str(r.age) if r.age is not None else "",
                format_date(r.nominated_on) if r.nominated_on else Cell(tr("未记录"), ORANGE,
                                                                        tr("须在“海选提名”中记录提名日期")),
                Cell(f"{r.items_answered}/{r.items_total}", GREEN if r.items_answered == r.items_total else None),
                Cell(f"{r.units_done}/{r.units_total}", GREEN if r.units_done == r.units_total else None,
                     tr("尚缺：{names}").format(names=missing) if missing else None),
                inspection, conclusion)

    # -- actions ------------------------------------------------------------------------
    def _selected(self, title: str) -> int | None:
        ident = selected_id(self.table)
        return ident if self.need_selection(ident, title, tr("请先选择一名候选人。")) else None

    def review_action(self) -> None:
        """Open the review editor of the selected candidate."""
        from ui.villager.qualification_dialogs import VcReviewDialog

        ident = self._selected(tr("资格联审"))
        if ident is not None and VcReviewDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def inspect_action(self) -> None:
        """Record the township Party committee's inspection of the selected candidate."""
        from ui.villager.qualification_dialogs import VcInspectionDialog

        ident = self._selected(tr("乡镇党委考察"))
        if ident is not None and VcInspectionDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def post_action(self) -> None:
        """Record the selected candidate's present post."""
        from ui.villager.qualification_dialogs import PostDialog

        ident = self._selected(tr("现任职务"))
        if ident is not None and PostDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def settle_action(self) -> None:
        """Apply the review's outcome to every candidate after the profile changed."""
        ok, _ = self.attempt(review.settle_all)
        if ok:
            self.changed()

    def print_action(self) -> None:
        """Archive and show the 资格联审表 of every reviewed candidate."""
        if self.table.rowCount() == 0:
            interaction.inform(self, tr("资格联审表"), tr("尚无村委会候选人，没有可打印的资格联审表。"))
            return
        ok, form = self.attempt(qualification_form.plan_qualification_form, read_only=True)
        pdfs = render_drafts(self, [form]) if ok else None
        if pdfs is None:
            return
        ok, document_id = self.attempt(
            lambda scope: qualification_form.post_qualification_form(scope, form, pdfs[0]).id)
        if ok:
            show_document(self, self.ctx, document_id)
