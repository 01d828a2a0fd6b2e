"""Small dialogs of the Party pages: tallies, initial candidates, nominations, exclusions, 请示."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui import roles
from ui.context import AppContext
from ui.i18n import tr, tr_text
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import OptionalDate, spin
from ui.widgets.work_area import hint_label
from workflows.core import idcard
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date, msg
from workflows.party import attendance
from workflows.party import candidates as party_candidates
from workflows.party import documents as party_documents
from workflows.party import roster as party_roster


def _text_box(parent: QWidget, text: str = "", height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(text, parent)
    box.setMaximumHeight(height)
    box.setTabChangesFocus(True)
    return box


def office_combo(parent: QWidget, current: str = party_candidates.MEMBER) -> QComboBox:
    """书记 / 副书记 / 委员."""
    combo = QComboBox(parent)
    for key in (party_candidates.SECRETARY, party_candidates.DEPUTY, party_candidates.MEMBER):
        combo.addItem(tr_text(party_candidates.OFFICE_LABELS[key]), key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _member_label(member: party_roster.MemberChoice) -> str:
    return f"{member.name}　{idcard.mask(member.id_number)}"


# --- recommendations --------------------------------------------------------------------

class TallyDialog(FormDialog):
    """The votes one person received in one round; pick the person from the roster or type."""

    def __init__(self, ctx: AppContext, election_id: int, round_key: str, id_number: str | None = None,
                 parent: QWidget | None = None) -> None:
        round_name = tr_text(party_candidates.ROUNDS[round_key])
        super().__init__(tr("修改得票（{round}）").format(round=round_name) if id_number
                         else tr("录入得票（{round}）").format(round=round_name), parent)
        self.ctx, self.election_id, self.round_key, self.original = ctx, election_id, round_key, id_number
        with ctx.read_scope(election_id) as scope:
            people = [(_member_label(m), (m.name, m.id_number)) for m in party_roster.member_choices(scope)]
            row = party_candidates.tally(scope, round_key, id_number) if id_number else None
        current = (row.name, row.id_number, row.votes) if row else ("", "", 0)
        self.picker = QComboBox(self)
        self.picker.setObjectName("member_picker")
        self.picker.addItem(tr("（手工填写）"), None)
        for label, data in people:
            self.picker.addItem(label, data)
        self.picker.currentIndexChanged.connect(self._picked)
        self.form.add("picker", tr("从党员名册选择"), self.picker)
        self.name = self.form.add("name", tr("姓名"), QLineEdit(current[0], self))
        self.id_number = self.form.add("id_number", tr("公民身份号码"), QLineEdit(current[1], self))
        self.votes = self.form.add("votes", tr("得票"), spin(0, 100_000, current[2], tr(" 票")))
        self.finish_layout()

    def _picked(self) -> None:
        data = self.picker.currentData()
        if data:
            self.name.setText(data[0])
            self.id_number.setText(data[1])

    def choose_member(self, name: str) -> None:
        """Pick a roster member by name (keyboard users and tests)."""
        for index in range(self.picker.count()):
            data = self.picker.itemData(index)
            if data and data[0] == name:
                self.picker.setCurrentIndex(index)
                return

    def save(self) -> None:
        """Record the votes; a changed ID number replaces the old tally."""
        with self.ctx.scope(self.election_id) as scope:
            party_candidates.record_votes(scope, self.round_key, self.name.text(), self.id_number.text(),
                                          self.votes.value(), replaces=self.original)


# --- initial candidates -----------------------------------------------------------------

def nomination_field(dialog: FormDialog, value: date | None = None) -> OptionalDate:
    """The nomination date (SD-40: the 十不选 windows count from it), left for the clerk to set."""
    return dialog.form.add("nominated_on", tr("提名日期"), OptionalDate(tr("已提名，日期为"), value, dialog),
                           tr("列为初步人选（提名）的日期，不是录入的日期；资格联审前须填写"))


class OfficeDialog(FormDialog):
    """The proposed office and whether the person sits on the current committee; when adding
    a candidate (``store`` takes a fourth argument), also the nomination date."""

    def __init__(self, ctx: AppContext, election_id: int, title: str, intro: str,
                 store: Callable[..., None], office: str = party_candidates.MEMBER,
                 incumbent: bool = False, parent: QWidget | None = None,
                 ask_nomination: bool = False) -> None:
        super().__init__(title, parent)
        self.ctx, self.election_id, self.store = ctx, election_id, store
        self.body.insertWidget(0, hint_label(intro, self))
        self.office = self.form.add("proposed_office", tr("拟任职务"), office_combo(self, office))
        self.incumbent = self.form.add("incumbent", tr("现任"), QCheckBox(tr("现任村党组织班子成员"), self),
                                       tr("现任书记超龄的，须记录留任审批（SD-14）"))
        self.incumbent.setChecked(incumbent)
        self.nominated_on = nomination_field(self) if ask_nomination else None
        self.finish_layout()

    def save(self) -> None:
        """Store through the given workflow call (its refusals show beside the fields)."""
        with self.ctx.scope(self.election_id) as scope:
            if self.nominated_on is None:
                self.store(scope, self.office.currentData(), self.incumbent.isChecked())
            else:
                self.store(scope, self.office.currentData(), self.incumbent.isChecked(),
                           self.nominated_on.value())


class NominationDateDialog(FormDialog):
    """SD-40: record the day an initial candidate was nominated."""

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("提名日期"), parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        with ctx.read_scope(election_id) as scope:
            facts = party_candidates.candidate_facts(scope, candidate_id)
        self.body.insertWidget(0, hint_label(tr(
            "{name}被列为初步人选（提名）的日期。“十不选”中“近几年”“未满几年”的时间范围从这一天往前计算，"
            "不按录入电脑的日子计算。").format(name=facts.name), self))
        self.day = self.form.add("nominated_on", tr("提名日期"),
                                 date_editor(facts.nominated_on or ctx.today(), self))
        self.finish_layout()

    def save(self) -> None:
        """Record the date; the candidate's review is recomputed from it."""
        with self.ctx.scope(self.election_id) as scope:
            party_candidates.set_nomination_date(scope, self.candidate_id, self.day.date().toPython())


class NominateDialog(FormDialog):
    """A direct nomination by the township Party committee (PT-10), with its reason."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("镇党委直接提名"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            people = [(_member_label(m), m.id_number) for m in party_candidates.nominable_members(scope)]
        self.body.insertWidget(0, hint_label(tr(
            "必要时由镇党委直接提名初步人选（PT-10）。只能提名本村有被选举权的正式党员（PT-04）；"
            "理由将记入资格联审表。"), self))
        self.member = QComboBox(self)
        for label, number in people:
            self.member.addItem(label, number)
        self.form.add("id_number", tr("党员"), self.member)
        self.office = self.form.add("proposed_office", tr("拟任职务"), office_combo(self))
        self.incumbent = self.form.add("incumbent", tr("现任"), QCheckBox(tr("现任村党组织班子成员"), self))
        self.reason = _text_box(self)
        self.reason.setObjectName("reason")
        self.form.add("reason", tr("提名理由"), self.reason)
        self.nominated_on = nomination_field(self)
        self.finish_layout()

    def choose_member(self, name: str) -> None:
        """Pick a member by name (keyboard users and tests)."""
        for index in range(self.member.count()):
            if self.member.itemText(index).split("　")[0] == name:
                self.member.setCurrentIndex(index)

    def save(self) -> None:
        """Nominate through the workflow."""
        number = self.member.currentData()
        if not number:
            raise InvalidInput({"id_number": msg("没有可提名的党员")})
        with self.ctx.scope(self.election_id) as scope:
            party_candidates.nominate_by_township(
                scope, number, self.reason.toPlainText(), proposed_office=self.office.currentData(),
                incumbent=self.incumbent.isChecked(), nominated_on=self.nominated_on.value())


class AgeExceptionDialog(FormDialog):
    """SD-14: the approval that lets an over-age secretary candidate stay."""

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("超龄留任审批"), parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        with ctx.read_scope(election_id) as scope:
            facts = party_candidates.candidate_facts(scope, candidate_id)
            over = party_candidates.needs_age_exception(scope, candidate_id)
        name, current = facts.name, facts.age_exception
        situation = (tr("{name}拟任书记，已达书记人选年龄界限（SD-13）。") if over else
                     tr("{name}目前不属于超龄的书记人选（SD-13），一般无须记录。")).format(name=name)
        self.body.insertWidget(0, hint_label(situation + tr(
            "超龄确需留任的，须经县委组织部研究、县换届领导小组审定（SD-14）。请记录审定意见的机关、日期和文号；"
            "清空则撤销记录。"), self))
        self.approval = _text_box(self, current)
        self.approval.setObjectName("approval")
        self.form.add("approval", tr("审定意见"), self.approval,
                      tr("如：2026年11月10日县换届工作领导小组审定同意留任（青换组〔2026〕5号）"))
        self.finish_layout()

    def save(self) -> None:
        """Record (or clear) the approval."""
        with self.ctx.scope(self.election_id) as scope:
            party_candidates.set_age_exception(scope, self.candidate_id, self.approval.toPlainText())


class TiebreakDialog(FormDialog):
    """SO-14: the order among identical names, fixed by the organisation department, and why."""

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("同名排序"), parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        with ctx.read_scope(election_id) as scope:
            candidate = party_candidates.candidate_facts(scope, candidate_id)
            same = party_candidates.namesakes(scope, candidate_id)
        others = "；".join(tr("{name}（{birth}出生）现排第{order}").format(
            name=c.name, birth=format_date(c.birth_date), order=c.tiebreak or "—") for c in same)
        text = tr("同名人选按姓氏笔画无法区分先后，须由组织部门另定排列次序并记录理由（SO-14）。")
        if not same:
            text += tr("目前没有与{name}同名的人选，无须另定次序。").format(name=candidate.name)
        order, reason = candidate.tiebreak, candidate.tiebreak_reason
        name, birth = candidate.name, candidate.birth_date
        label = tr("{name}（{birth}出生）").format(name=name, birth=format_date(birth))
        self.intro = hint_label(text + ("\n" + tr("同名人选：") + others if others else ""), self, "intro")
        self.body.insertWidget(0, self.intro)
        self.order = self.form.add("tiebreak", tr("{who}排第").format(who=label), spin(1, 99, order or 1, tr(" 位")))
        self.reason = self.form.add("tiebreak_reason", tr("理由"), QLineEdit(reason, self),
                                    tr("如：经镇党委研究，按出生先后排列"))
        self.finish_layout()

    def save(self) -> None:
        """Record the order through the workflow."""
        with self.ctx.scope(self.election_id) as scope:
            party_candidates.set_tiebreak(scope, self.candidate_id, self.order.value(), self.reason.text())


# --- expected attendance -----------------------------------------------------------------

class ExclusionDialog(FormDialog):
    """A member not counted in 应到会人数: category, consent, approval, adoption (PT-07)."""

    def __init__(self, ctx: AppContext, election_id: int, exclusion_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("修改不计入应到会人数的党员") if exclusion_id else tr("添加不计入应到会人数的党员"),
                         parent)
        self.ctx, self.election_id, self.exclusion_id = ctx, election_id, exclusion_id
        with ctx.read_scope(election_id) as scope:
            form = attendance.exclusion_form(scope, exclusion_id)
        categories, current = form.categories, form.current
        people = [(_member_label(m), m.id) for m in form.members]
        self.body.insertWidget(0, hint_label(tr(
            "须征求本人和家属意见、报镇党委同意，并经党员大会通过，方可不计入应到会人数（PT-07）；"
            "情形须是本乡镇规定的清单之一（PT-07a）。"), self))
        self.member = QComboBox(self)
        for label, ident in people:
            self.member.addItem(label, ident)
        self.member.setEnabled(exclusion_id is None)
        self.form.add("member_id", tr("党员"), self.member)
        self.category = QComboBox(self)
        self.category.setMinimumContentsLength(24)
        self.category.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        for text in categories:
            self.category.addItem(text, text)
            self.category.setItemData(self.category.count() - 1, text, roles.TOOLTIP)
        if current.category and current.category not in categories:
            self.category.addItem(tr("{text}（不在清单中）").format(text=current.category), current.category)
        if current.category:
            self.category.setCurrentIndex(self.category.findData(current.category))
        self.form.add("category", tr("情形"), self.category)
        self.detail = _text_box(self, current.detail, 60)
        self.detail.setObjectName("detail")
        self.form.add("detail", tr("具体情况"), self.detail)
        self.member_consulted = self.form.add("member_consulted", tr("本人意见"),
                                              QCheckBox(tr("已征求本人意见"), self))
        self.family_consulted = self.form.add("family_consulted", tr("家属意见"),
                                              QCheckBox(tr("已征求家属意见"), self))
        self.member_consulted.setChecked(current.member_consulted)
        self.family_consulted.setChecked(current.family_consulted)
        self.approved = self.form.add("township_approved_on", tr("镇党委同意"),
                                      OptionalDate(tr("已同意，日期"), current.township_approved_on, self))
        self.adopted = self.form.add("meeting_adopted_on", tr("党员大会通过"),
                                     OptionalDate(tr("已通过，日期"), current.meeting_adopted_on, self),
                                     tr("在党员大会上通过后填写；会前可先报批"))
        self.finish_layout()

    def choose_member(self, name: str) -> None:
        """Pick a member by name (keyboard users and tests)."""
        for index in range(self.member.count()):
            if self.member.itemText(index).split("　")[0] == name:
                self.member.setCurrentIndex(index)

    def save(self) -> None:
        """Add or update through the attendance workflow."""
        data = attendance.ExclusionInput(
            self.category.currentData() or "", self.detail.toPlainText(), self.member_consulted.isChecked(),
            self.family_consulted.isChecked(), self.approved.value(), self.adopted.value())
        with self.ctx.scope(self.election_id) as scope:
            if self.exclusion_id is None:
                member_id = self.member.currentData()
                if member_id is None:
                    raise InvalidInput({"member_id": msg("没有可选择的有表决权的党员")})
                self.exclusion_id = attendance.save_exclusion(scope, data, member_id=member_id).id
            else:
                attendance.save_exclusion(scope, data, exclusion_id=self.exclusion_id)


# --- approval ------------------------------------------------------------------------------

class RequestDialog(FormDialog):
    """Generate the 请示 to the township (records the request date)."""

    def __init__(self, ctx: AppContext, election_id: int, suggested: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("生成请示"), parent)
        self.ctx, self.election_id = ctx, election_id
        self.document_id: int | None = None
        self.body.insertWidget(0, hint_label(tr(
            "《关于确定委员候选人预备人选的请示》写明两推、资格联审、考察、公示情况和预备人选名单，"
            "以及不计入应到会人数的党员。请示日期记入法定日程，应在公示期满之后（PT-17）。"), self))
        self.day = self.form.add("request_on", tr("请示日期"), date_editor(suggested, self))
        self.finish_layout()
        self.buttons.button(self.buttons.StandardButton.Ok).setText(tr("生成请示"))

    def save(self) -> None:
        """Archive the 请示 and record its date."""
        with self.ctx.scope(self.election_id) as scope:
            self.document_id = party_documents.issue_request(scope, self.day.date().toPython()).id
