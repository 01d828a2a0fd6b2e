"""Issue a village's 换届选举工作日程公告: the clerk chooses its date and who signs it.

Issuing is a clerk's act with its own date (never an export's side effect). Who may sign
depends on that date: the township's leading group for both tracks, a Party body for the
Party items, the village election committee for the villager-committee items only once
it is elected (workflows.township.notices.schedule_issuers).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import HINT_STYLE
from workflows.core.errors import InvalidInput
from workflows.core.text import msg
from workflows.township import notices

TRACK_WORDS = {notices.PARTY: "村党组织换届", notices.VC: "村委会换届"}
TRACKS_ROLE = Qt.UserRole + 2


class ScheduleNoticeDialog(FormDialog):
    """Date and issuer of the notice; the issuers on offer follow the chosen date."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("生成工作日程公告"), parent)
        self.ctx, self.election_id = ctx, election_id
        self.document_id: int | None = None
        self.day = self.form.add("issued_on", tr("成文日期"), date_editor(ctx.today(), self))
        self.issuer = QComboBox(self)
        self.issuer.setObjectName("issuer")
        self.form.add("issuer", tr("发布机关"), self.issuer)
        self.scope_line = QLabel(self)
        self.scope_line.setWordWrap(True)
        self.scope_line.setStyleSheet(HINT_STYLE)
        self.body.addWidget(self.scope_line)
        self.day.dateChanged.connect(self.fill_issuers)
        self.issuer.currentIndexChanged.connect(self.show_scope)
        self.finish_layout()
        self.buttons.button(self.buttons.StandardButton.Ok).setText(tr("生成并存档"))
        self.fill_issuers()

    def issued_on(self) -> date:
        return self.day.date().toPython()

    def fill_issuers(self) -> None:
        """Who exists on the chosen date to sign (keeps the choice when still possible)."""
        kept = self.issuer.currentData()
        with self.ctx.read_scope(self.election_id) as scope:
            issuers = notices.schedule_issuers(scope, self.issued_on())
        self.issuer.blockSignals(True)
        self.issuer.clear()
        for issuer in issuers:
            self.issuer.addItem(issuer.name, issuer.key)
            self.issuer.setItemData(self.issuer.count() - 1, issuer.tracks, TRACKS_ROLE)
        self.issuer.setCurrentIndex(max(0, self.issuer.findData(kept)))
        self.issuer.blockSignals(False)
        self.show_scope()

    def show_scope(self) -> None:
        tracks = self.issuer.currentData(TRACKS_ROLE) or ()
        words = "、".join(tr(TRACK_WORDS[t]) for t in tracks)
        self.scope_line.setText(tr("本公告列出：{tracks}的日程。已完成的事项注明完成日期，"
                                   "已过且未完成的不再列出。").format(tracks=words) if words else "")

    def save(self) -> None:
        """Issue with the chosen date and issuer (refused with the reason otherwise)."""
        if self.issuer.currentData() is None:
            raise InvalidInput({"issuer": msg("尚未设定选举日，没有可公告的日程")})
        with self.ctx.scope(self.election_id) as scope:
            self.document_id = notices.issue_schedule_notice(scope, self.issued_on(),
                                                             self.issuer.currentData()).id
