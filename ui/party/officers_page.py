"""Work area of the officers' election: the new committee's first full meeting elects the
secretary and deputies 等额 from its members (PT-18, PT-19)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.party.vote_dialogs import OfficersDialog, RoundPanel
from ui.shell.pages import register_page
from ui.widgets.forms import heading
from ui.widgets.work_area import GREEN, ORANGE, PartyPage, hint_label
from workflows.party import vote


@register_page("party.officers")
class OfficersPage(PartyPage):
    """The committee elected, the officers' slate, their vote and its confirmation."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=560)
        self.setObjectName("party_officers_page")
        self.column.addWidget(heading(tr("委员会第一次全体会议选举书记、副书记"), self))
        self.column.addWidget(hint_label(tr(
            "书记、副书记由新一届委员会全体会议从当选委员中等额选举产生，赞成票须超过到会委员的半数（PT-18、PT-19）。"),
            self))
        self.committee = QLabel(self)
        self.committee.setObjectName("officers_committee")
        self.committee.setWordWrap(True)
        self.column.addWidget(self.committee)
        self.column.addLayout(self.buttons((tr("召开全体会议…"), "open_officers_button", self.open_action)))
        self.round_panel = RoundPanel(self, self.content)
        self.column.addWidget(self.round_panel, 1)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("officers_outcome")
        self.outcome.setWordWrap(True)
        self.column.addWidget(self.outcome)
        self.column.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.read_scope(self.election_id) as scope:
            state = vote.committee_state(scope)
            view = vote.officers_round(scope)
            self.round_panel.show_round(scope, view.id if view else None)
            done = vote.officers_done(scope)
        members = "、".join(m.name for m in state.elected) if state else ""
        ready = bool(state and state.complete)
        self.committee.setText(tr("新一届委员会委员：{names}。").format(names=members) if ready
                               else tr("党员大会选出全部委员后，方可召开委员会全体会议（PT-18）。"))
        self.committee.setStyleSheet("" if ready else f"color: {ORANGE};")
        self.open_officers_button.setEnabled(ready and view is None)
        if done:
            self.outcome.setText("；".join(tr("{name}当选为{office}").format(name=line.name, office=line.office)
                                          for line in done.lines) + tr("。"))
            self.outcome.setStyleSheet(f"color: {GREEN}; font-weight: bold;")
        else:
            self.outcome.setText("")

    def open_action(self) -> None:
        if OfficersDialog(self.ctx, self.election_id, self).exec():
            self.changed()
