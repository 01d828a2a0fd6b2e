"""Dialogs of the 海选提名 page: tally-sheet totals, the committee's candidate numbers (GC-12),
the choice of candidates, one office per person, a further vote among the tied and a written
withdrawal (PV-05). Each hands its input to the workflow; refusals show beside the fields."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.shell.stage_dialogs import date_editor
from ui.villager.ballot_entry import (
    SUGGESTIONS,
    ambiguity_text,
    chosen,
    move_selection,
    show_matches,
    suggestion_list,
)
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import spin
from ui.widgets.work_area import hint_label, narrow
from workflows.core.errors import InvalidInput
from workflows.core.paper import clerk_text
from workflows.villager import candidates, nomination
from workflows.villager.offices import OFFICE_LABELS, seats


class TotalDialog(FormDialog):
    """One nominee's votes for one office as summed on the tally sheets (totals mode)."""

    def __init__(self, ctx: AppContext, election_id: int, office: str | None = None,
                 entry: nomination.RollEntry | None = None, votes: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(tr("修改得票合计") if entry else tr("录入得票合计"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            self.roll = nomination.roll(scope)
            offices = list(seats(scope.election))
            self.nominators = nomination.facts(scope).nominators
        self.body.insertWidget(0, hint_label(clerk_text(tr(
            "按各提名统计表汇总的得票填写：被提名人须是本村登记参加选举的村民（VC-12）；一人得票不超过提名人数，"
            "一个职务各人得票合计不超过提名人数乘以应选名额（GC-19）。")), self))
        self.office = QComboBox(self)
        for key in offices:
            self.office.addItem(tr_text(OFFICE_LABELS[key]), key)
        if office in offices:
            self.office.setCurrentIndex(offices.index(office))
        self.form.add("office", tr("职务"), narrow(self.office, 160))
        self.nominee = self.form.add("nominee", tr("被提名人"), QLineEdit(entry.name if entry else "", self),
                                     tr("输入姓名；同名的再输入身份证号码中的几位数字，或用↑↓选择"))
        self.nominee.setObjectName("total_nominee")
        self.matches = suggestion_list(self, "total_matches")
        self.matches.setMaximumHeight(140)
        self.body.insertWidget(2, self.matches)
        self.nominee.textEdited.connect(lambda text: show_matches(
            self.matches, self.roll.lookup(text, SUGGESTIONS) if text.strip() else []))
        self.nominee.installEventFilter(self)
        self.fixed = entry
        if entry is not None:
            self.office.setEnabled(False)
            self.nominee.setReadOnly(True)
        self.votes = self.form.add("votes", tr("得票"), narrow(spin(1, max(self.nominators, 1), votes, tr(" 票")), 160),
                                   tr("提名人数{n}人").format(n=self.nominators))
        self.finish_layout()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """↑↓ in the name line walk the list of matching voters."""
        if watched is self.nominee and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Up, Qt.Key_Down):
            move_selection(self.matches, -1 if event.key() == Qt.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def person(self) -> nomination.RollEntry:
        """The voter meant, or a refusal with the reason (namesakes, not on this village's roll)."""
        if self.fixed is not None:
            return self.fixed
        text = self.nominee.text().strip()
        entry = chosen(self.matches, self.roll) or self.roll.unique(text)
        if entry is not None:
            return entry
        if text and self.roll.lookup(text, 1):
            raise InvalidInput({"nominee": ambiguity_text(self.roll, text)})
        with self.ctx.read_scope(self.election_id) as scope:
            raise InvalidInput({"nominee": nomination.why_not_nominable(scope, text)})

    def save(self) -> None:
        entry = self.person()
        with self.ctx.scope(self.election_id) as scope:
            nomination.record_total(scope, self.office.currentData(), entry.voter_id, self.votes.value())


class QuotaDialog(FormDialog):
    """The election committee's number of candidates per office, within the profile's range (GC-12)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("确定候选人数"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            quotas = candidates.quotas(scope)
        self.body.insertWidget(0, hint_label(clerk_text(tr(
            "候选人数应多于应选名额（VC-13），在规则配置的范围内由村民选举委员会决定（GC-12）。")), self))
        self.numbers: dict[str, QSpinBox] = {}
        first_date = None
        for office, quota in quotas.items():
            label = tr("{office}（应选{n}名）").format(office=tr_text(OFFICE_LABELS[office]), n=quota.seats)
            if quota.fixed:
                self.form.add(f"number_{office}", label, QLabel(tr("{n}人（规则配置规定，无须决定）").format(
                    n=quota.low), self))
                continue
            high = quota.high if quota.high is not None else quota.low + 20
            box = spin(quota.low, high, quota.decided or quota.low, tr(" 人"))
            box.setObjectName(f"number_{office}")
            self.numbers[office] = self.form.add(f"number_{office}", label, narrow(box, 120),
                                                 tr("范围：{range}").format(range=tr_msg(candidates.range_text(quota))))
            first_date = first_date or quota.decided_on
        self.decided_on = self.form.add("decided_on", tr("决定日期"), date_editor(first_date or ctx.today(), self))
        self.basis = self.form.add("basis", tr("依据"), QLineEdit(self),
                                   tr("如：村民选举委员会第2次会议"))
        self.finish_layout()

    def save(self) -> None:
        on = self.decided_on.date().toPython()
        with self.ctx.scope(self.election_id) as scope:
            for office, box in self.numbers.items():
                try:
                    candidates.decide_quota(scope, office, box.value(), on, self.basis.text())
                except InvalidInput as refused:
                    errors = dict(refused.errors)
                    if "number" in errors:
                        errors[f"number_{office}"] = errors.pop("number")
                    raise InvalidInput(errors) from None


class DetermineDialog(FormDialog):
    """The committee takes the candidates from the ranking (VC-13, GC-12, SD-25)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("确定候选人"), parent)
        self.ctx, self.election_id = ctx, election_id
        self.body.insertWidget(0, hint_label(clerk_text(tr(
            "按各职务提名得票从高到低确定候选人：末位票数相同的，在规则配置的范围内全部列入，否则须再次提名；"
            "同一人被确定为两个职务候选人的，由本人选择其一；候选人中没有妇女的，按规则配置增列或替换（SD-25）。"
            "提名票以后有变动的，再次确定即可。")), self))
        self.on = self.form.add("on", tr("确定日期"), date_editor(ctx.today(), self))
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            candidates.determine(scope, self.on.date().toPython())


class ChooseOfficeDialog(FormDialog):
    """A person chosen for two offices stands for one (recorded); the next moves up in the other."""

    def __init__(self, ctx: AppContext, election_id: int, voter_id: int, name: str, offices: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("选择参选职务：{name}").format(name=name), parent)
        self.ctx, self.election_id, self.voter_id = ctx, election_id, voter_id
        self.body.insertWidget(0, hint_label(clerk_text(tr(
            "{name}同时被确定为{offices}候选人，一人只能参加一个职务的候选（VC-13）。请记录本人的选择；"
            "另一职务由提名得票次多者递补。").format(name=name, offices="、".join(
                tr_text(OFFICE_LABELS[o]) for o in offices))), self))
        self.office = QComboBox(self)
        for office in offices:
            self.office.addItem(tr_text(OFFICE_LABELS[office]), office)
        self.form.add("office", tr("本人选择"), narrow(self.office, 160))
        self.on = self.form.add("on", tr("日期"), date_editor(ctx.today(), self))
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            candidates.choose_office(scope, self.voter_id, self.office.currentData(), self.on.date().toPython())


class TiebreakDialog(FormDialog):
    """The votes of a further nomination among nominees tied at the cut-off (GC-12) or women tied (SD-25)."""

    def __init__(self, ctx: AppContext, election_id: int, groups: list[tuple[str, list[tuple[int, str]]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("再次提名结果"), parent)
        self.ctx, self.election_id = ctx, election_id
        self.body.insertWidget(0, hint_label(tr(
            "在票数相同的被提名人之间再次提名，按再次提名的得票确定名次。"), self))
        self.votes: dict[int, QSpinBox] = {}
        for caption, people in groups:
            for candidate_id, name in people:
                box = spin(0, 100_000, 0, tr(" 票"))
                box.setObjectName(f"tiebreak_{candidate_id}")
                self.votes[candidate_id] = self.form.add(f"tiebreak_{candidate_id}", f"{caption} · {name}",
                                                         narrow(box, 140))
        self.on = self.form.add("on", tr("再次提名日期"), date_editor(ctx.today(), self))
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            candidates.record_tiebreak(scope, {ident: box.value() for ident, box in self.votes.items()},
                                       self.on.date().toPython())


class WithdrawDialog(FormDialog):
    """A candidate's written withdrawal: filled from the ranking before the deadline, after it not (PV-05)."""

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int, parent: QWidget | None = None) -> None:
        with ctx.read_scope(election_id) as scope:
            record = candidates.candidate(scope, candidate_id)
            rule = tr_msg(candidates.deadline_text(scope))
        super().__init__(tr("书面放弃候选资格：{name}").format(name=record.name), parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        self.body.insertWidget(0, hint_label(rule, self))
        self.on = self.form.add("on", tr("收到书面放弃的日期"), date_editor(ctx.today(), self))
        self.in_writing = QCheckBox(tr("本人书面提出（附书面材料）"), self)
        self.form.add("in_writing", "", self.in_writing)
        self.reason = self.form.add("reason", tr("理由"), QLineEdit(self), tr("可不填"))
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            candidates.withdraw(scope, self.candidate_id, self.on.date().toPython(), self.in_writing.isChecked(),
                                self.reason.text())
