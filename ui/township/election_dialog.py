"""Set up a village's election: term, the two election days, seats per office."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.signals import Changes
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import HINT_STYLE, OptionalDate, heading, spin
from workflows.core.text import format_date
from workflows.township.townships import (
    ElectionInput,
    days_moved,
    deadline_moves,
    election_input,
    preview_setup,
    save_election,
    setup_context,
)
from workflows.voters import registration

PREVIEW_KEYS = ("voter_list_published", "formal_candidates_published", "vote_notice_published",
                "party_publicity_started")


class ElectionDialog(FormDialog):
    """The election days and seats, with the resulting key deadlines previewed live."""

    def __init__(self, ctx: AppContext, village_id: int, election_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("选举设置"), parent)
        self.ctx = ctx
        self.village_id = village_id
        self.election_id = election_id
        with ctx.session() as session:
            self.setup = setup_context(session, village_id)
            current = election_input(session, election_id)
        self.village_name = self.setup.village_name
        self.setWindowTitle(tr("选举设置 — {village}").format(village=self.village_name))
        self._build(current)
        self.finish_layout()
        self.setMinimumWidth(560)
        self.update_preview()

    def _build(self, current: ElectionInput) -> None:
        form = self.form
        self.term = form.add("term_label", tr("届次"), QLineEdit(current.term_label, self),
                             tr("村民委员会的届次，如“第十二届”"))
        self.party_day = form.add("party_election_day", tr("党员大会选举日"),
                                  OptionalDate(tr("已确定"), current.party_election_day, self))
        self.committee_day = form.add("committee_election_day", tr("村委会选举日"),
                                      OptionalDate(tr("已确定"), current.committee_election_day, self))
        form.layout_.addRow(heading(tr("村党组织职数"), self))
        self.party_members = form.add("party_members", tr("委员（含书记）"),
                                      spin(-10, 50, current.party_members, tr(" 名")))
        self.party_deputies = form.add("party_deputies", tr("其中副书记"),
                                       spin(-10, 10, current.party_deputies, tr(" 名")))
        form.layout_.addRow(heading(tr("村民委员会职数"), self))
        self.vc_chairs = form.add("vc_chairs", tr("主任"), spin(-10, 10, current.vc_chairs, tr(" 名")))
        self.vc_vice_chairs = form.add("vc_vice_chairs", tr("副主任"),
                                       spin(-10, 10, current.vc_vice_chairs, tr(" 名")))
        self.vc_members = form.add("vc_members", tr("委员"), spin(-10, 20, current.vc_members, tr(" 名")))
        self.reason = form.add("reason", tr("变更理由"), QLineEdit(self),
                               tr("变更已设定的选举日须写明理由，记入审计记录"))
        self.reason.setObjectName("move_reason")
        self.reason.setEnabled(False)
        self.preview = QLabel(self)
        self.preview.setObjectName("deadline_preview")
        self.preview.setStyleSheet(HINT_STYLE)
        self.preview.setWordWrap(True)
        # Room for the seats line, four deadlines and a two-line warning, so the dialog
        # does not have to grow (and squeeze its fields) as the preview changes.
        self.preview.setMinimumHeight(self.preview.fontMetrics().lineSpacing() * 8)
        self.body.addWidget(self.preview)
        for editor in (self.party_day.editor, self.committee_day.editor):
            editor.dateChanged.connect(self.update_preview)
        for box in (self.party_day.enabled, self.committee_day.enabled):
            box.toggled.connect(self.update_preview)
        for box in (self.party_members, self.vc_chairs, self.vc_vice_chairs, self.vc_members):
            box.valueChanged.connect(self.update_preview)

    def data(self) -> ElectionInput:
        """The form's contents."""
        return ElectionInput(
            self.term.text(), self.party_day.value(), self.committee_day.value(),
            self.party_members.value(), self.party_deputies.value(), self.vc_chairs.value(),
            self.vc_vice_chairs.value(), self.vc_members.value())

    def update_preview(self) -> None:
        """Show what the chosen days and seats mean under the township's rules."""
        data = self.data()
        preview = preview_setup(self.setup.profile, self.setup.workdays, data, self.ctx.today())
        lines = [tr("村委会成员共 {n} 人；党组织候选人初步人选不少于 {m} 人（应选 {k} 名）。").format(
            n=preview.vc_total, m=preview.party_initial_required, k=data.party_members)]
        for milestone in preview.milestones:
            if milestone.key in PREVIEW_KEYS:
                lines.append(tr("{title}：最迟 {day}").format(
                    title=tr_msg(milestone.title), day=format_date(milestone.due)))
        lines += [tr_msg(w) for w in preview.warnings]
        lines += self._moves(data)
        self.preview.setText("\n".join(lines))

    def _moves(self, data: ElectionInput) -> list[str]:
        """For a stored election whose day changes: the reason field, and what moves."""
        if self.election_id is None:
            return []
        with self.ctx.session() as session:
            moved = days_moved(session, self.election_id, data)
            moves = deadline_moves(session, self.election_id, data, self.ctx.today()) if moved else []
        self.reason.setEnabled(moved)
        if not moved:
            return []
        lines = [tr("选举日变更后，以下期限随之移动：") if moves else tr("选举日变更不改变已有期限。")]
        lines += [tr("　{title}：{before} → {after}").format(
            title=tr_msg(move.title), before=format_date(move.before), after=format_date(move.after))
            for move in moves]
        return lines + self._minors(data)

    def _minors(self, data: ElectionInput) -> list[str]:
        """Registered voters the new villager-committee election day would leave under age (VC-07)."""
        day = data.committee_election_day
        if day is None:
            return []
        with self.ctx.read_scope(self.election_id) as scope:
            minors = registration.underage_voters(scope, day)
        if not minors:
            return []
        names = "、".join(minor.name for minor in minors[:10]) + ("等" if len(minors) > 10 else "")
        return [tr("按新的选举日，{n}名已登记选民不满选举年龄（{names}），须从名单中除名，"
                   "否则选民登记阶段不能完成。").format(n=len(minors), names=names)]

    def save(self) -> None:
        """Create or update the election process."""
        with self.ctx.transaction() as session:
            self.election_id = save_election(session, self.village_id, self.data(), self.election_id,
                                             self.reason.text()).id
        self.ctx.signals.report(Changes(self.election_id, setup=True))
