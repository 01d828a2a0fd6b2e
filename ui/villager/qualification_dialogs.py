"""The review, the inspection and the present post of one villager-committee candidate (SD-24, SD-40)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr
from ui.widgets import review_dialogs as shared
from ui.widgets.base_dialog import FormDialog
from ui.widgets.review_dialogs import ReviewContent, ReviewDialog
from ui.widgets.work_area import hint_label
from workflows.core import qualification as core
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date
from workflows.villager import qualification as review

LEVEL_CAPTIONS = {core.VILLAGE: "村级 · ", core.TOWNSHIP: "乡镇 · ", core.COUNTY: "县级 · "}


class VcReviewDialog(ReviewDialog):
    """村、乡镇、县三级联审 of one candidate: the ten items and every unit's signed opinion."""

    def load(self) -> ReviewContent:
        with self.ctx.read_scope(self.election_id) as scope:
            data = review.review_form(scope, self.candidate_id)
        if data.reference:
            reference = format_date(data.reference)
        elif data.nominated_on is None:
            reference = tr("提名日期（尚未记录）")
        else:
            reference = tr("选举日（尚未设定）")
        hint = tr("{name}，{sex}，{birth}出生，村民委员会{office}候选人。经村、乡镇、县三级联审（SD-24）；"
                  "“十不选”的时间范围从{reference}往前计算（SD-40）。任何一项为“是”且在时间范围内，或任何单位"
                  "“有问题”，即取消候选人资格，由该职务提名得票次多者递补。").format(
            name=data.name, sex=data.sex, birth=format_date(data.birth_date), office=data.office_label,
            reference=reference)
        return ReviewContent(data.name, hint, data.items, data.units,
                             tuple(tr(LEVEL_CAPTIONS[level]) for level in data.levels), "SD-24")

    def opinions(self) -> list[review.UnitOpinion]:
        """Every unit's row as entered."""
        return [review.UnitOpinion(row.department, row.result.currentData(), row.finding.text(),
                                   row.reviewer.text(), row.leader.text(), row.reviewed_on.value())
                for row in self.departments]

    def save_action(self) -> None:
        """Ask before a cancellation (the next nominee moves up), then save."""
        try:
            with self.ctx.read_scope(self.election_id) as scope:
                reasons = review.preview(scope, self.candidate_id, self.answers(), self.opinions())
        except InvalidInput as refused:
            self.show_errors(refused.errors)
            return
        if reasons and not interaction.confirm(self, tr("取消候选人资格"), tr(
                "按所填内容，此人不符合候选人条件：\n{reasons}\n\n保存后将取消其候选人资格，"
                "由该职务提名得票次多者递补。确定保存吗？").format(reasons="\n".join(reasons))):
            return
        super().save_action()

    def save(self) -> None:
        """Store every answered item and every unit with a result, or nothing."""
        with self.ctx.scope(self.election_id) as scope:
            review.record_review(scope, self.candidate_id, self.answers(), self.opinions())


class VcInspectionDialog(shared.InspectionDialog):
    """The township Party committee's inspection (SD-24 经乡镇党委考察)."""

    def load(self) -> tuple[str, review.InspectionInput]:
        with self.ctx.read_scope(self.election_id) as scope:
            name = review.nominee(scope, self.candidate_id).name
            data = review.inspection_input(scope, self.candidate_id) or review.InspectionInput()
        return name, data

    def texts(self) -> tuple[str, str]:
        return (tr("通过三级联审的候选人由乡镇党委考察（SD-24）：民主测评、个别谈话、实地查看，形成考察结论后审议。"
                   "审议通过的确定为正式候选人；不通过的取消候选人资格，由提名得票次多者递补。"),
                tr("如：镇党委会议"))

    def save_action(self) -> None:
        """Ask before a rejection cancels the candidacy, then save."""
        if self.approved.currentData() is False and not interaction.confirm(self, tr("考察不通过"), tr(
                "审议结果为“不通过”的，将取消此人的候选人资格，由该职务提名得票次多者递补。确定保存吗？")):
            return
        super().save_action()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            review.record_inspection(scope, self.candidate_id, self.values())


class PostDialog(FormDialog):
    """The candidate's present post (printed on the form) and whether they sit on the committee (SD-15)."""

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int,
                 parent: QWidget | None = None) -> None:
        with ctx.read_scope(election_id) as scope:
            row = next(r for r in review.nominee_rows(scope) if r.id == candidate_id)
        super().__init__(tr("现任职务：{name}").format(name=row.name), parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        self.body.insertWidget(0, hint_label(tr(
            "现任职务印在资格联审表上。现任村民委员会成员再次被提名为主任的，不按“新提名主任不超过规定年龄”"
            "检查（SD-15）。"), self))
        self.post = self.form.add("current_post", tr("现任职务"), QLineEdit(row.current_post, self))
        self.post.setPlaceholderText(tr("如：村委会委员、村民小组长；无则不填"))
        self.incumbent = QCheckBox(tr("现任村民委员会成员"), self)
        self.incumbent.setObjectName("incumbent")
        self.incumbent.setChecked(row.incumbent)
        self.form.add("incumbent", "", self.incumbent)
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            review.set_post(scope, self.candidate_id, self.post.text(), self.incumbent.isChecked())

