"""Work areas from the initial candidates to the preliminary ones (PT-10…PT-27, SD-10…SD-40)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ui import interaction, roles
from ui.context import AppContext
from ui.documents.issuing import render_drafts
from ui.i18n import tr, tr_msg, tr_text
from ui.party.members_page import RANKING_HEADERS, ranking_cells
from ui.shell.pages import register_page
from ui.widgets.forms import Form, OptionalDate, heading
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
from workflows.core.findings import Severity
from workflows.core.text import format_date
from workflows.party import candidates as party_candidates
from workflows.party import documents as party_documents
from workflows.party import review as party_review

CANDIDATE_HEADERS = ("姓名", "性别", "年龄", "文化程度", "拟任", "现任", "来源", "状态", "备注", "提名日期")
REVIEW_HEADERS = ("姓名", "拟任", "“十不选”", "部门意见", "结论")
INSPECTION_HEADERS = ("姓名", "拟任", "民主测评", "个别谈话", "实地查看", "考察结论", "审议", "状态")
PRELIMINARY_HEADERS = ("委员候选人预备人选", "性别", "年龄", "文化程度", "拟任", "现任", "已确定为")
STATUS_COLORS = {"disqualified": RED, "not_approved": RED, "reviewed": GREEN, "inspected": GREEN,
                 "preliminary": GREEN}


def _marks(findings) -> dict[int, str]:
    """Candidate ids named in findings, with the colour of the worst severity."""
    colors: dict[int, str] = {}
    for finding in findings.items:
        color = {Severity.BLOCKER: RED, Severity.WARNING: ORANGE}.get(finding.severity)
        for ident in finding.subject_ids:
            if color and colors.get(ident) != RED:
                colors[ident] = color
    return colors


def _age(row) -> str:
    return str(row.age) if row.age is not None else ""


# --- initial candidates --------------------------------------------------------------

@register_page("party.initial_candidates")
class InitialCandidatesPage(PartyPage):
    """The ranking, the initial candidates and the checks of SD-10…SD-19, SO-14."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("party_initial_page")
        self.content.setMinimumHeight(600)
        self.count_line = QLabel(self)
        self.count_line.setObjectName("initial_count")
        self.count_line.setWordWrap(True)
        self.column.addWidget(self.count_line)
        self.findings = findings_label(self, "initial_findings")
        self.column.addWidget(self.findings)
        self.column.addWidget(heading(tr("推荐结果排名"), self))
        self.ranking = make_table(self, RANKING_HEADERS, "initial_ranking_table", stretch=6)
        self.ranking.cellDoubleClicked.connect(lambda *_: self.add_action())
        self.column.addWidget(self.ranking, 2)
        self.column.addLayout(self.buttons(
            (tr("列为初步人选…"), "add_initial_button", self.add_action),
            (tr("镇党委直接提名…"), "nominate_button", self.nominate_action)))
        self.column.addWidget(heading(tr("初步人选"), self))
        self.table = make_table(self, CANDIDATE_HEADERS, "initial_table", stretch=8)
        self.column.addWidget(self.table, 2)
        self.column.addLayout(self.buttons(
            (tr("移出"), "remove_initial_button", self.remove_action),
            (tr("设置职务…"), "office_button", self.office_action),
            (tr("提名日期…"), "nomination_date_button", self.nomination_date_action),
            (tr("超龄留任审批…"), "age_exception_button", self.age_exception_action),
            (tr("同名排序…"), "tiebreak_button", self.tiebreak_action)))
        self.refresh()

    def refresh(self) -> None:
        """Reload the ranking, the candidates, the count line and the findings."""
        with self.ctx.read_scope(self.election_id) as scope:
            rules = party_candidates.initial_rules(scope)
            ranking = party_candidates.ranking(scope)
            rows = party_review.candidate_rows(scope)
            findings = party_candidates.initial_check(scope)
        self.count_line.setText(tr("应选{n}名，初步人选须不少于{req}人（规则：{rule}；PT-10、SD-10），现有{k}人。"
                                   "年龄计算截至{day}（SD-13）。").format(
            n=rules.seats, req=rules.required, rule=tr_msg(rules.rule), k=len(rows),
            day=format_date(rules.age_reference) if rules.age_reference else tr("未定")))
        self.count_line.setStyleSheet(f"color: {RED if len(rows) < rules.required else GREEN}; font-weight: bold;")
        show_findings(self.findings, findings.items, tr("人数、资格和结构检查均无问题。"))
        fill_table(self.ranking, [(r.id_number, ranking_cells(r)) for r in ranking])
        marks = _marks(findings)
        lines = []
        for r in rows:
            notes = [tr("提名理由：") + " ".join(r.nomination_reason.split("\n")) if r.nomination_reason else "",
                     tr("留任审批：") + r.age_exception if r.age_exception else "",
                     tr("同名排第{n}").format(n=r.tiebreak) if r.tiebreak else ""]
            lines.append((r.id, (Cell(r.name, marks.get(r.id), bold=r.proposed_office != party_candidates.MEMBER),
                                 r.sex, _age(r), r.education, tr_text(r.proposed_office_label),
                                 tr("是") if r.incumbent else "", tr_text(r.source),
                                 Cell(tr_text(r.status_label), STATUS_COLORS.get(r.status)),
                                 "；".join(n for n in notes if n),
                                 Cell(format_date(r.nominated_on), None) if r.nominated_on
                                 else Cell(tr("未记录"), ORANGE, tr("资格联审前须填写提名日期（“提名日期…”）")))))
        fill_table(self.table, lines)

    # -- actions ----------------------------------------------------------------------
    def add_action(self) -> None:
        """Make the selected recommended person an initial candidate."""
        from ui.party.dialogs import OfficeDialog

        number = selected_id(self.ranking)
        if not self.need_selection(number, tr("列为初步人选"), tr("请先在推荐结果排名中选择一人。")):
            return
        name = selected_text(self.ranking, 1)

        def store(scope, office, incumbent, nominated_on):
            party_candidates.add_initial(scope, number, proposed_office=office, incumbent=incumbent,
                                         nominated_on=nominated_on)

        dialog = OfficeDialog(self.ctx, self.election_id, tr("列为初步人选"),
                              tr("将{name}列为村党组织委员候选人初步人选。").format(name=name), store, parent=self,
                              ask_nomination=True)
        if dialog.exec():
            self.changed()

    def nominate_action(self) -> None:
        """A direct nomination by the township Party committee."""
        from ui.party.dialogs import NominateDialog

        if NominateDialog(self.ctx, self.election_id, self).exec():
            self.changed()

    def _selected(self, title: str) -> int | None:
        ident = selected_id(self.table)
        return ident if self.need_selection(ident, title, tr("请先在初步人选中选择一人。")) else None

    def remove_action(self) -> None:
        """Take the selected candidate off the list."""
        ident = self._selected(tr("移出"))
        if ident is None:
            return
        name = selected_text(self.table)
        if not interaction.confirm(self, tr("移出初步人选"), tr("将{name}移出初步人选吗？").format(name=name)):
            return
        ok, _ = self.attempt(lambda scope: party_candidates.remove_initial(scope, ident))
        if ok:
            self.changed()

    def office_action(self) -> None:
        """Change the proposed office of the selected candidate."""
        from ui.party.dialogs import OfficeDialog

        ident = self._selected(tr("设置职务"))
        if ident is None:
            return
        with self.ctx.read_scope(self.election_id) as scope:
            candidate = party_candidates.candidate_facts(scope, ident)

        def store(scope, new_office, new_incumbent):
            party_candidates.set_office(scope, ident, new_office, new_incumbent)

        if OfficeDialog(self.ctx, self.election_id, tr("设置职务"),
                        tr("{name}拟任的职务。").format(name=candidate.name), store,
                        candidate.proposed_office, candidate.incumbent, self).exec():
            self.changed()

    def nomination_date_action(self) -> None:
        """Record the selected candidate's nomination date (SD-40)."""
        from ui.party.dialogs import NominationDateDialog

        ident = self._selected(tr("提名日期"))
        if ident is not None and NominationDateDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def age_exception_action(self) -> None:
        """Record the approval for an over-age secretary candidate (SD-14)."""
        from ui.party.dialogs import AgeExceptionDialog

        ident = self._selected(tr("超龄留任审批"))
        if ident is not None and AgeExceptionDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def tiebreak_action(self) -> None:
        """Fix the order among identical names (SO-14)."""
        from ui.party.dialogs import TiebreakDialog

        ident = self._selected(tr("同名排序"))
        if ident is not None and TiebreakDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()


# --- qualification ---------------------------------------------------------------------

@register_page("party.qualification")
class QualificationPage(PartyPage):
    """The joint review: reference date, progress per candidate, the editor and the printed form."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("party_qualification_page")
        self.content.setMinimumHeight(420)
        reference = QHBoxLayout()
        reference.addWidget(QLabel(tr("“十不选”时间范围的基准日："), self))
        self.reference = OptionalDate(tr("统一设定为"), None, self)
        self.reference.setObjectName("review_reference")
        reference.addWidget(self.reference)
        apply = QPushButton(tr("设定"), self)
        apply.setObjectName("reference_button")
        apply.clicked.connect(self.reference_action)
        reference.addWidget(apply)
        reference.addStretch(1)
        self.column.addLayout(reference)
        self.reference_note = hint_label("", self, "reference_note")
        self.column.addWidget(self.reference_note)
        self.column.addLayout(self.buttons(
            (tr("填写审查…"), "review_button", self.review_action),
            (tr("打印资格联审表"), "print_form_button", self.print_action)))
        self.table = make_table(self, REVIEW_HEADERS, "review_table", stretch=4)
        self.table.cellDoubleClicked.connect(lambda *_: self.review_action())
        self.column.addWidget(self.table, 1)
        self.findings = findings_label(self, "qualification_findings")
        self.column.addWidget(self.findings)
        self.refresh()

    def refresh(self) -> None:
        """Reload the reference date, the progress and the findings."""
        with self.ctx.read_scope(self.election_id) as scope:
            settings = party_review.review_settings(scope)
            rows = party_review.candidate_rows(scope)
            findings = party_review.qualification_check(scope)
        self.reference.set_value(settings.fixed_reference)
        default = tr("党员大会选举日") if settings.from_election_day else tr("各人的提名日期（在“确定候选人初步人选”中填写）")
        self.reference_note.setText(tr("不统一设定时，按规则配置从{default}往前计算。近{recent}年“以内”含界限当日，"
                                       "“未满{bribery}年”不含（SD-40）。").format(
            default=default, recent=settings.recent_years, bribery=settings.bribery_years))
        lines = []
        for r in rows:
            if r.cancelled:
                conclusion = Cell(tr_text(r.status_label) + "：" + r.reason.split("：", 1)[-1], RED, r.reason)
            elif r.review_complete:
                conclusion = Cell(tr("符合条件") + "（" + tr_text(r.status_label) + "）", GREEN)
            else:
                conclusion = Cell(tr("审查未完成"), ORANGE)
            items_done = r.items_answered == r.items_total
            lines.append((r.id, (r.name, tr_text(r.proposed_office_label),
                                 Cell(f"{r.items_answered}/{r.items_total}", GREEN if items_done else None),
                                 Cell(f"{r.departments_done}/{r.departments_total}",
                                      GREEN if r.departments_done == r.departments_total else None),
                                 conclusion)))
        fill_table(self.table, lines)
        show_findings(self.findings, findings.items, tr("全部初步人选已完成资格联审。"))

    def reference_action(self) -> None:
        """Fix (or clear) the reference date for every candidate; statuses are recomputed."""
        day = self.reference.value()
        ok, _ = self.attempt(lambda scope: party_review.set_review_reference(scope, day))
        if ok:
            self.changed()

    def review_action(self) -> None:
        """Open the review editor of the selected candidate."""
        from ui.party.review_dialogs import QualificationDialog

        ident = selected_id(self.table)
        if self.need_selection(ident, tr("资格联审"), tr("请先选择一名初步人选。")) and \
                QualificationDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def print_action(self) -> None:
        """Archive and show the 资格联审表 of every initial candidate."""
        if self.table.rowCount() == 0:
            interaction.inform(self, tr("资格联审表"), tr("尚无初步人选，没有可打印的资格联审表。"))
            return
        ok, form = self.attempt(party_documents.plan_qualification_form, read_only=True)
        pdfs = render_drafts(self, [form]) if ok else None
        if pdfs is None:
            return
        ok, document_id = self.attempt(
            lambda scope: party_documents.post_qualification_form(scope, form, pdfs[0]).id)
        if ok:
            show_document(self, self.ctx, document_id)


# --- inspection -------------------------------------------------------------------------

@register_page("party.inspection")
class InspectionPage(PartyPage):
    """Every candidate who passed the review: the inspection and its decision (PT-27)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("party_inspection_page")
        self.content.setMinimumHeight(360)
        self.note = hint_label("", self, "inspection_note")
        self.column.addWidget(self.note)
        self.column.addLayout(self.buttons((tr("考察记录…"), "inspect_button", self.inspect_action)))
        self.table = make_table(self, INSPECTION_HEADERS, "inspection_table", stretch=5)
        self.table.cellDoubleClicked.connect(lambda *_: self.inspect_action())
        self.column.addWidget(self.table, 1)
        self.findings = findings_label(self, "inspection_findings")
        self.column.addWidget(self.findings)
        self.refresh()

    def refresh(self) -> None:
        """Reload the candidates with their inspection."""
        with self.ctx.read_scope(self.election_id) as scope:
            rows = party_review.candidate_rows(scope)
            shown = party_review.inspection_lines(scope)
            findings = party_review.inspection_check(scope)
        listed = {line.candidate.id for line in shown}
        left = [r.name for r in rows if r.id not in listed]
        self.note.setText(tr("通过资格联审的 {n} 人须逐一考察。").format(n=len(shown)) + (
            tr("未列入：{names}（资格联审未完成或已取消资格）。").format(names="、".join(left)) if left else ""))
        fill_table(self.table, [(line.candidate.id, self._cells(line.candidate, line.inspection))
                                for line in shown])
        show_findings(self.findings, findings.items, tr("全部人选已考察并审议。"))

    @staticmethod
    def _cells(row, inspection) -> tuple:
        if inspection is None:
            return (row.name, tr_text(row.proposed_office_label), Cell(tr("未考察"), ORANGE), "", "", "", "",
                    Cell(tr_text(row.status_label), STATUS_COLORS.get(row.status)))
        assessment = tr("{n}人：优秀{a} 称职{b} 基本称职{c} 不称职{d}").format(
            n=inspection.assessed, a=inspection.excellent, b=inspection.competent, c=inspection.basically,
            d=inspection.incompetent) if inspection.assessed else Cell(tr("未测评"), ORANGE)
        if inspection.approved is None:
            decision = Cell(tr("待审议"), ORANGE)
        else:
            text = (tr("通过") if inspection.approved else tr("不通过")) + tr("（{by}，{day}）").format(
                by=inspection.approved_by, day=format_date(inspection.approved_on) if inspection.approved_on else "")
            decision = Cell(text, GREEN if inspection.approved else RED)
        return (row.name, tr_text(row.proposed_office_label), assessment,
                tr("{n}人").format(n=inspection.talks) if inspection.talks else Cell(tr("未谈话"), ORANGE),
                format_date(inspection.site_visit_on) if inspection.site_visit_on else Cell(tr("未查看"), ORANGE),
                inspection.conclusion, decision, Cell(tr_text(row.status_label), STATUS_COLORS.get(row.status)))

    def inspect_action(self) -> None:
        """Record the inspection of the selected candidate."""
        from ui.party.review_dialogs import InspectionDialog

        ident = selected_id(self.table)
        if self.need_selection(ident, tr("组织考察"), tr("请先选择一名人选。")) and \
                InspectionDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()


# --- preliminary candidates ---------------------------------------------------------------

@register_page("party.preliminary")
class PreliminaryPage(PartyPage):
    """Choose n + extra committee candidates, the secretary and the deputies (PT-16, PT-17, PT-19)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("party_preliminary_page")
        self.content.setMinimumHeight(420)
        self.seats = self.extra = self.deputy_seats = 0
        self.note = hint_label("", self, "preliminary_note")
        self.column.addWidget(self.note)
        self.table = make_table(self, PRELIMINARY_HEADERS, "preliminary_table", stretch=6)
        self.table.itemChanged.connect(self._checks_changed)
        self.column.addWidget(self.table, 1)
        self.form = Form(self)
        self.count = QLabel(self)
        self.count.setObjectName("committee_count")
        self.form.add("committee", tr("委员候选人预备人选"), self.count)
        self.secretary = QComboBox(self)
        self.secretary.setObjectName("secretary_combo")
        self.secretary.setMinimumContentsLength(10)
        self.secretary.setMaximumWidth(260)
        self.secretary.currentIndexChanged.connect(self._secretary_changed)
        self.form.add("secretary", tr("书记候选人预备人选"), self.secretary)
        self.deputies = QListWidget(self)
        self.deputies.setObjectName("deputy_list")
        self.deputies.setMaximumHeight(90)
        self.deputies.setMaximumWidth(260)
        self.deputies.itemChanged.connect(self._deputies_changed)
        self.deputy_field = self.form.add("deputies", tr("副书记候选人预备人选"), self.deputies)
        self.column.addWidget(self.form)
        self.column.addLayout(self.buttons((tr("确定预备人选"), "choose_button", self.choose_action)))
        self.findings = findings_label(self, "preliminary_findings")
        self.column.addWidget(self.findings)
        self.refresh()

    def refresh(self) -> None:
        """Reload the candidates who passed, the stored choice and the checks."""
        with self.ctx.read_scope(self.election_id) as scope:
            rules = party_candidates.preliminary_rules(scope)
            rows = party_review.candidate_rows(scope)
            findings = party_candidates.preliminary_check(scope)
        self.seats, self.extra, self.deputy_seats = rules.seats, rules.extra, rules.deputies
        passed = [r for r in rows if r.passed]
        others = [r for r in rows if not r.passed]
        self.note.setText(tr("应选{n}名：委员候选人预备人选应为{req}人（比应选多{extra}人，PT-17），书记1人、"
                             "副书记{d}人等额（PT-19）。只有通过资格联审和考察的人选可以勾选。").format(
            n=self.seats, req=rules.committee, extra=self.extra, d=self.deputy_seats)
            + (tr("不在此列：{names}。").format(names="、".join(f"{r.name}（{tr_text(r.status_label)}）" for r in others))
               if others else ""))
        self.names = {r.id: r.name for r in passed}
        self.table.blockSignals(True)
        fill_table(self.table, [(r.id, (r.name, r.sex, _age(r), r.education, tr_text(r.proposed_office_label),
                                        tr("是") if r.incumbent else "",
                                        Cell(tr("{office}候选人预备人选").format(
                                            office=tr_text(r.preliminary_office_label))
                                             if r.preliminary_office else "", GREEN)))
                                 for r in passed])
        for index, r in enumerate(passed):
            item = self.table.item(index, 0)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if r.status == "preliminary" else Qt.Unchecked)
        self.table.blockSignals(False)
        secretary, deputy = party_candidates.SECRETARY, party_candidates.DEPUTY
        self.secretary_choice = next((r.id for r in passed if r.preliminary_office == secretary), None)
        self.deputy_choice = {r.id for r in passed if r.preliminary_office == deputy}
        if not any(r.status == "preliminary" for r in passed):  # a first choice: the proposed offices
            self.secretary_choice = next((r.id for r in passed if r.proposed_office == secretary), None)
            self.deputy_choice = {r.id for r in passed if r.proposed_office == deputy}
        self.form.show_errors({})
        self.form.layout_.setRowVisible(self.deputy_field.parentWidget(), self.deputy_seats > 0)
        self._checks_changed()
        show_findings(self.findings, findings.items, tr("预备人选的人数和职务符合要求。"))

    # -- the choice ------------------------------------------------------------------
    def committee(self) -> list[int]:
        """Ids of the ticked candidates."""
        return [self.table.item(i, 0).data(roles.ID) for i in range(self.table.rowCount())
                if self.table.item(i, 0).checkState() == Qt.Checked]

    def tick(self, name: str, checked: bool = True) -> None:
        """Tick a candidate by name (keyboard users and tests)."""
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).text() == name:
                self.table.item(i, 0).setCheckState(Qt.Checked if checked else Qt.Unchecked)

    def _checks_changed(self, *_args) -> None:
        chosen = self.committee()
        required = self.seats + self.extra
        self.count.setText(tr("已勾选 {k} 人，应为 {req} 人").format(k=len(chosen), req=required))
        self.count.setStyleSheet(f"color: {GREEN if len(chosen) == required else ORANGE};")
        self.secretary.blockSignals(True)
        self.secretary.clear()
        self.secretary.addItem(tr("（未选）"), None)
        for ident in chosen:
            self.secretary.addItem(self.names[ident], ident)
        self.secretary.setCurrentIndex(max(0, self.secretary.findData(self.secretary_choice)))
        self.secretary.blockSignals(False)
        self._fill_deputies()

    def _secretary_changed(self, *_args) -> None:
        self.secretary_choice = self.secretary.currentData()
        self._fill_deputies()

    def _fill_deputies(self) -> None:
        self.deputies.blockSignals(True)
        self.deputies.clear()
        for ident in self.committee():
            if ident == self.secretary.currentData():
                continue
            item = QListWidgetItem(self.names[ident], self.deputies)
            item.setData(roles.ID, ident)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if ident in self.deputy_choice else Qt.Unchecked)
        self.deputies.blockSignals(False)
        self._limit_deputies()

    def _deputies_changed(self, *_args) -> None:
        self.deputy_choice = set(self.chosen_deputies())
        self._limit_deputies()

    def _limit_deputies(self) -> None:
        """At most ``party_deputies`` may be ticked: the others are greyed out at the limit."""
        full = len(self.chosen_deputies()) >= self.deputy_seats
        self.deputies.blockSignals(True)
        for i in range(self.deputies.count()):
            item = self.deputies.item(i)
            enabled = not full or item.checkState() == Qt.Checked
            item.setFlags(item.flags() | Qt.ItemIsEnabled if enabled else item.flags() & ~Qt.ItemIsEnabled)
        self.deputies.blockSignals(False)

    def chosen_deputies(self) -> list[int]:
        """Ids of the ticked deputies."""
        return [self.deputies.item(i).data(roles.ID) for i in range(self.deputies.count())
                if self.deputies.item(i).checkState() == Qt.Checked]

    def choose_action(self) -> None:
        """Store the choice (replacing any earlier one); refusals beside the fields."""
        from workflows.core.errors import InvalidInput

        committee, secretary, deputies = self.committee(), self.secretary.currentData(), self.chosen_deputies()
        try:
            with self.ctx.scope(self.election_id) as scope:
                party_candidates.choose_preliminary(scope, committee, secretary, deputies)
        except InvalidInput as refused:
            self.form.show_errors(refused.errors)
            return
        self.changed()
