"""Fill an election certificate (当选证书): full page or only the text for pre-printed stock."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QPushButton, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from workflows.core import documents
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date, msg
from workflows.township.townships import village_heading

OFFICES = ("村民委员会主任", "村民委员会副主任", "村民委员会委员", "村务监督委员会主任", "村务监督委员会委员")


class CertificateDialog(FormDialog):
    """The certificate's text, printing mode and calibration offsets; preview, then archive."""

    def __init__(self, ctx: AppContext, village_id: int, election_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("当选证书"), parent)
        self.ctx, self.village_id, self.election_id = ctx, village_id, election_id
        self.document_id: int | None = None
        with ctx.session() as session:
            heading = village_heading(session, village_id, election_id)
        self.village_name, self.township_name = heading.village, heading.township
        self.county = heading.county
        self.term = heading.term_label or "第×届"
        vote_day = heading.committee_election_day
        form = self.form
        self.name = form.add("name", tr("当选人姓名"), QLineEdit(self))
        self.office = QComboBox(self)
        self.office.setEditable(True)
        self.office.addItems(OFFICES)
        form.add("office", tr("当选职务"), self.office)
        self.vote_day = form.add("vote_day", tr("选举日期"), date_editor(vote_day or ctx.today(), self))
        self.serial = form.add("serial", tr("证书编号"), QLineEdit(f"{self.county[:2]}民选证字第  号", self))
        issuers = [f"{self.county}民政局" if self.county else "县民政局", f"{self.township_name}人民政府"]
        self.issuers = form.add("issuers", tr("颁发机关"), QLineEdit("、".join(issuers), self),
                                tr("多个机关用顿号分隔"))
        self.day = form.add("date", tr("颁发日期"), date_editor(ctx.today(), self))
        self.overlay = form.add("overlay", tr("套打"), QCheckBox(tr("只打印填写内容（印在已印好的证书上）"), self))
        self.offset_x = form.add("offset_x", tr("水平偏移"), self._offset())
        self.offset_y = form.add("offset_y", tr("垂直偏移"), self._offset(),
                                 tr("先在白纸上试印，量出与证书空白处的差距后填入（向右、向下为正）"))
        self.specimen = form.add("specimen", tr("样张"), QCheckBox(tr("加“样张”水印（试印、演示用）"), self))
        preview = QPushButton(tr("预览…"), self)
        preview.setObjectName("preview_button")
        preview.clicked.connect(self.preview_action)
        self.buttons.addButton(preview, self.buttons.ButtonRole.ActionRole)
        self.finish_layout()
        self.buttons.button(self.buttons.StandardButton.Ok).setText(tr("生成并存档"))

    @staticmethod
    def _offset() -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(-30.0, 30.0)
        box.setSingleStep(0.5)
        box.setSuffix(" mm")
        return box

    def spec(self):
        """The certificate spec from the form (raises InvalidInput on missing text)."""
        from printing.documents.certificate import CertificateSpec

        name = self.name.text().strip()
        issuers = [part.strip() for part in self.issuers.text().replace(",", "、").split("、") if part.strip()]
        errors = {}
        if not name:
            errors["name"] = msg("请填写当选人姓名")
        if not issuers:
            errors["issuers"] = msg("请填写颁发机关")
        if errors:
            raise InvalidInput(errors)
        body = (f"经{format_date(self.vote_day.date().toPython())}{self.township_name}{self.village_name}"
                f"村民依法直接选举，当选为{self.village_name}{self.term}{self.office.currentText()}。")
        return CertificateSpec(f"{name}当选证书", self.serial.text().strip(), name, body, issuers,
                               format_date(self.day.date().toPython()), self.overlay.isChecked(),
                               self.offset_x.value(), self.offset_y.value(), self.specimen.isChecked())

    def preview_action(self) -> None:
        """Show the certificate without archiving it."""
        from ui.documents.document_viewer import DocumentViewer

        try:
            spec = self.spec()
        except InvalidInput as refused:
            self.show_errors(refused.errors)
            return
        self.show_errors({})
        DocumentViewer(documents.preview("certificate", spec), spec.title, parent=self,
                       info=tr("预览件，未存档")).exec()

    def save(self) -> None:
        """Render, archive and remember the new document's id."""
        spec = self.spec()
        with self.ctx.transaction() as session:
            placement = documents.placement_of(session, village_id=self.village_id,
                                               election_id=self.election_id)
            self.document_id = documents.issue(session, "certificate", spec, placement).id
