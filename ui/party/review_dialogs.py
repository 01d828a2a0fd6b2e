"""The joint qualification review (十不选 and department opinions) and the inspection of one Party
candidate: the shared editors (ui/widgets/review_dialogs.py) on the Party track's workflow."""

from __future__ import annotations

from ui.i18n import tr
from ui.widgets import review_dialogs as shared
from ui.widgets.review_dialogs import ReviewContent, ReviewDialog
from workflows.core.errors import InvalidInput
from workflows.core.text import Msg, format_date, msg
from workflows.party import candidates as party_candidates
from workflows.party import review as party_review


class QualificationDialog(ReviewDialog):
    """The 资格联审 of one initial candidate: the ten items and every department's signed opinion."""

    def load(self) -> ReviewContent:
        with self.ctx.read_scope(self.election_id) as scope:
            data = party_review.review_summary(scope, self.candidate_id)
        if data.reference_date:
            reference = format_date(data.reference_date)
        elif data.nominated_on is None:
            reference = tr("提名日期（尚未记录：请先在“确定候选人初步人选”中填写提名日期）")
        else:
            reference = tr("未定（须先设定党员大会选举日）")
        hint = tr(
            "{name}，{sex}，{birth}出生，{education}，拟任{office}（{source}）。“十不选”的时间范围从{reference}"
            "往前计算（SD-40）；任何一项为“是”且在时间范围内，或任何部门“有问题”，即取消资格。").format(
            name=data.name, sex=data.sex, birth=format_date(data.birth_date), education=data.education or "—",
            office=data.proposed_office, source=data.source, reference=reference)
        return ReviewContent(data.name, hint, data.items, data.departments)

    def save(self) -> None:
        """Store every answered item and every department with a result, or nothing."""
        errors: dict[str, Msg] = {}
        with self.ctx.scope(self.election_id) as scope:
            try:
                party_review.record_checks(scope, self.candidate_id, self.answers(), refresh=False)
            except InvalidInput as refused:
                errors.update(refused.errors)
            for index, row in enumerate(self.departments):
                if row.result.currentData() is None:
                    continue
                try:
                    party_review.record_department_review(
                        scope, self.candidate_id, row.department, passed=row.result.currentData(),
                        reviewer=row.reviewer.text(), leader=row.leader.text(),
                        reviewed_on=row.reviewed_on.value(), finding=row.finding.text(), refresh=False)
                except InvalidInput as refused:
                    errors[f"department{index}"] = msg("{text}", text="；".join(
                        str(m) for m in refused.errors.values()))
            if errors:
                raise InvalidInput(errors)
            party_review.refresh_status(scope, self.candidate_id)


class InspectionDialog(shared.InspectionDialog):
    """PT-27: democratic assessment, talks, site visit, conclusion and the decision."""

    def load(self) -> tuple[str, party_review.InspectionInput]:
        with self.ctx.read_scope(self.election_id) as scope:
            name = party_candidates.candidate_facts(scope, self.candidate_id).name
            data = party_review.inspection_input(scope, self.candidate_id) or party_review.InspectionInput()
        return name, data

    def texts(self) -> tuple[str, str]:
        return (tr("通过民主测评、个别谈话、实地查看等方式考察（PT-27），形成考察结论后由审议机关审议。"
                   "不通过的，移出人选名单。"), tr("如：镇党委会议、县委组织部部务会"))

    def save(self) -> None:
        """Record through the review workflow."""
        with self.ctx.scope(self.election_id) as scope:
            party_review.record_inspection(scope, self.candidate_id, self.values())
