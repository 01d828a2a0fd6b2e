"""The Party member roster: add or correct one member, import a roster file (preview first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import ElectionProcess, PartyMember
from ui import interaction, roles
from ui.context import AppContext
from ui.dialogs.base import FormDialog
from ui.dialogs.party_widgets import RED, Cell, fill_table, make_table
from ui.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from ui.i18n import tr
from ui.tasks import run_in_background
from workflows import party_roster

EDUCATION = ("", "小学", "初中", "高中", "中专", "大专", "本科", "研究生")
YES_NO = (("否", "否"), ("是", "是"))


def _combo(parent: QWidget, items, editable: bool = False) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(editable)
    for item in items:
        text, data = item if isinstance(item, tuple) else (item, item)
        combo.addItem(tr(text), data)
    return combo


def _choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif combo.isEditable() and value:
        combo.setEditText(value)


class MemberDialog(FormDialog):
    """The fields of a roster row, checked exactly as an imported row (errors beside fields)."""

    def __init__(self, ctx: AppContext, election_id: int, member_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("修改党员信息") if member_id else tr("新增党员"), parent)
        self.ctx, self.election_id, self.member_id = ctx, election_id, member_id
        current: dict[str, str] = {}
        if member_id:
            with ctx.session() as session:
                current = self._current(session.get(PartyMember, member_id))
        form = self.form
        self.name = form.add("name", tr("姓名"), QLineEdit(current.get("name", ""), self))
        self.id_number = form.add("id_number", tr("公民身份号码"), QLineEdit(current.get("id_number", ""), self),
                                  tr("性别和出生日期按身份证号码自动核对"))
        self.sex = form.add("sex", tr("性别"), _combo(self, ("", "男", "女")))
        self.birth = form.add("birth_date", tr("出生日期"), QLineEdit(current.get("birth_date", ""), self))
        self.birth.setPlaceholderText(tr("可不填，按身份证号码"))
        self.ethnicity = form.add("ethnicity", tr("民族"), QLineEdit(current.get("ethnicity", "汉族"), self))
        self.education = form.add("education", tr("文化程度"), _combo(self, EDUCATION, True))
        self.joined = form.add("joined_on", tr("入党时间"), QLineEdit(current.get("joined_on", ""), self))
        self.joined.setPlaceholderText(tr("如 1998-07-01 或 1998年7月"))
        self.full = form.add("full_member", tr("党员类别"),
                             _combo(self, (("正式党员", "正式党员"), ("预备党员", "预备党员"))),
                             tr("预备党员没有表决权、选举权和被选举权（PT-04）"))
        self.discipline = form.add("probation_discipline", tr("留党察看期间"), _combo(self, YES_NO))
        self.suspended = form.add("rights_suspended", tr("被依法留置、逮捕"), _combo(self, YES_NO))
        self.mobile = form.add("mobile", tr("流动党员"), _combo(self, YES_NO))
        self.organisation = form.add("organisation", tr("所在党组织"),
                                     QLineEdit(current.get("organisation", ""), self))
        self.post = form.add("current_post", tr("现任职务"), QLineEdit(current.get("current_post", ""), self))
        self.phone = form.add("phone", tr("联系电话"), QLineEdit(current.get("phone", ""), self))
        self.notes = form.add("notes", tr("备注"), QLineEdit(current.get("notes", ""), self))
        for combo, key in ((self.sex, "sex"), (self.education, "education"), (self.full, "full_member"),
                           (self.discipline, "probation_discipline"), (self.suspended, "rights_suspended"),
                           (self.mobile, "mobile")):
            _choose(combo, current.get(key, ""))
        self.finish_layout()

    @staticmethod
    def _current(member: PartyMember) -> dict[str, str]:
        def day(value):
            return value.isoformat() if value else ""

        def yes(flag):
            return "是" if flag else "否"

        return {"name": member.name, "id_number": member.id_number, "sex": member.sex,
                "birth_date": day(member.birth_date), "ethnicity": member.ethnicity,
                "education": member.education, "joined_on": day(member.joined_on),
                "full_member": "正式党员" if member.full_member else "预备党员",
                "probation_discipline": yes(member.probation_discipline),
                "rights_suspended": yes(member.rights_suspended), "mobile": yes(member.mobile),
                "organisation": member.organisation, "current_post": member.current_post,
                "phone": member.phone, "notes": member.notes}

    def values(self) -> dict[str, str]:
        """The form as roster cells (the importer's checks apply to them)."""
        return {
            "name": self.name.text(), "id_number": self.id_number.text(),
            "sex": self.sex.currentData() or "", "birth_date": self.birth.text(),
            "ethnicity": self.ethnicity.text(), "education": self.education.currentText(),
            "joined_on": self.joined.text(), "full_member": self.full.currentData(),
            "probation_discipline": self.discipline.currentData(),
            "rights_suspended": self.suspended.currentData(), "mobile": self.mobile.currentData(),
            "organisation": self.organisation.text(), "current_post": self.post.text(),
            "phone": self.phone.text(), "notes": self.notes.text(),
        }

    def save(self) -> None:
        """Check first (warnings need a confirmation), then store through the roster workflow."""
        values = self.values()
        with self.ctx.session() as session:
            election = session.get(ElectionProcess, self.election_id)
            _data, errors, warnings = party_roster.check_member(session, election, values, self.member_id,
                                                                today=self.ctx.today())
        if not errors and warnings and not interaction.confirm(
                self, tr("请核对"), "\n".join(warnings) + "\n\n" + tr("仍要保存吗？")):
            return self._keep_open()
        with self.ctx.transaction() as session:
            election = session.get(ElectionProcess, self.election_id)
            member = party_roster.save_member(session, election, values, self.member_id,
                                              today=self.ctx.today())
            self.member_id = member.id

    def _keep_open(self) -> None:
        from workflows.errors import InvalidInput
        from workflows.text import msg

        raise InvalidInput({"general": msg("尚未保存：请按提示核对后再保存")})


# --- import -------------------------------------------------------------------------------

SHOW_CHOICES = (("errors", "错误"), ("warnings", "提示"), ("new", "新增"), ("changed", "变更"),
                ("unchanged", "未变"), ("all", "全部"))
PREVIEW_HEADERS = ("工作表", "行号", "姓名", "公民身份号码", "党员类别", "结果", "问题")
RESULTS = {"new": "新增", "changed": "变更", "unchanged": "未变"}


class MemberImportDialog(QDialog):
    """File → sheets → check (counts and rows) → import everything at once, or nothing."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.election_id = ctx, election_id
        self.workbook = None
        self.preview = None
        self.task = None
        self.imported: dict[str, int] | None = None
        self.setWindowTitle(tr("导入党员名册"))
        self.resize(1000, 640)
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        note = QLabel(tr("表头至少应有“姓名”“公民身份号码”和另一列（如“入党时间”“党员类别”）。"
                         "按身份证号码更新已有党员，不会重复；文件中没有的党员保留不动。"), self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        layout.addWidget(note)
        top = QHBoxLayout()
        choose = QPushButton(tr("选择 Excel 文件…"), self)
        choose.setObjectName("choose_file_button")
        choose.clicked.connect(self.choose_action)
        self.file_label = QLabel(tr("尚未选择文件"), self)
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        layout.addLayout(top)
        row = QHBoxLayout()
        self.sheets = QListWidget(self)
        self.sheets.setObjectName("sheet_list")
        self.sheets.setMaximumHeight(80)
        self.check_button = QPushButton(tr("检查所选工作表"), self)
        self.check_button.setObjectName("check_button")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.check_action)
        row.addWidget(self.sheets, 1)
        row.addWidget(self.check_button, 0, Qt.AlignTop)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        show = QHBoxLayout()
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("show_combo")
        for key, label in SHOW_CHOICES:
            self.show_combo.addItem(tr(label), key)
        self.show_combo.currentIndexChanged.connect(self.show_rows)
        show.addWidget(QLabel(tr("显示："), self))
        show.addWidget(self.show_combo)
        show.addStretch(1)
        layout.addLayout(show)
        self.table = make_table(self, PREVIEW_HEADERS, "preview_table", stretch=6)
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton(tr("导入"), self)
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_action)
        close = QPushButton(tr("关闭"), self)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    # -- file and sheets ----------------------------------------------------------
    def ask_file(self) -> Path | None:
        """The roster file (tests override this)."""
        path, _ = QFileDialog.getOpenFileName(self, tr("选择党员名册"), "", tr("Excel 文件 (*.xlsx *.xls)"))
        return Path(path) if path else None

    def choose_action(self) -> None:
        """Read the file in the background and list its sheets."""
        path = self.ask_file()
        if path is None:
            return
        self.file_label.setText(tr("正在读取 {name}…").format(name=path.name))
        self._busy(True)
        self.task = run_in_background(lambda report, cancelled: party_roster.read_member_workbook(path),
                                      on_success=self.workbook_result, on_failure=self.failure_result,
                                      parent=self)

    def workbook_result(self, workbook) -> None:
        """List the sheets; roster sheets are ticked, the others cannot be chosen."""
        self.workbook = workbook
        self.file_label.setText(str(workbook.path))
        self.sheets.clear()
        for sheet in workbook.sheets:
            if sheet.header is not None:
                text = tr("{name}（{n} 行）").format(name=sheet.name, n=sheet.data_rows)
            else:
                text = tr("{name}（未识别到党员名册表头，跳过）").format(name=sheet.name)
            item = QListWidgetItem(text, self.sheets)
            item.setData(roles.ID, sheet.name)
            if sheet.header is not None:
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked)
            else:
                item.setFlags(Qt.NoItemFlags)
        self._busy(False)
        if not workbook.roster_sheets():
            self._message(tr("文件中没有可识别的党员名册：表头至少应有“姓名”“公民身份号码”和另一列"
                             "（如“入党时间”“党员类别”）。"), True)

    def chosen_sheets(self) -> list[str]:
        """Names of the ticked sheets."""
        return [self.sheets.item(i).data(roles.ID) for i in range(self.sheets.count())
                if self.sheets.item(i).checkState() == Qt.Checked]

    def failure_result(self, problem: BaseException) -> None:
        """A background failure in plain words."""
        from workflows.errors import InvalidInput

        self._busy(False)
        if isinstance(problem, InvalidInput):
            self._message("；".join(str(m) for m in problem.errors.values()), True)
        else:
            self._message(str(problem), True)

    # -- check ----------------------------------------------------------------------
    def check_action(self) -> None:
        """Check the chosen sheets against the rules and the stored roster (changes nothing)."""
        sheets = self.chosen_sheets()
        if not sheets:
            self._message(tr("请至少勾选一个工作表。"), True)
            return
        self._busy(True)
        store, election_id, workbook, today = self.ctx.store, self.election_id, self.workbook, self.ctx.today()

        def job(report, cancelled):
            with store.session() as session:
                return party_roster.prepare_member_import(
                    session, session.get(ElectionProcess, election_id), workbook, sheets, today=today)

        self.task = run_in_background(job, on_success=self.preview_result,
                                      on_failure=self.failure_result, parent=self)

    def preview_result(self, preview) -> None:
        """Counts and the rows behind them."""
        self._busy(False)
        self.preview = preview
        counts = preview.counts
        self.summary.setText(tr("新增 {new} 人，变更 {changed} 人，未变 {unchanged} 人；"
                                "错误 {errors} 处，提示 {warnings} 处。").format(**counts))
        self.import_button.setEnabled(counts["errors"] == 0 and counts["new"] + counts["changed"] > 0)
        if counts["errors"]:
            self._message(tr("有错误的行须在 Excel 文件中改正后重新检查；导入是整体进行的，"
                             "改正前不会存入任何一行。"), True)
        elif counts["new"] + counts["changed"] == 0:
            self._message(tr("文件与名册一致，没有需要导入的变化。"), False)
        else:
            self._message(tr("检查通过，可以导入。请留意“提示”中的预备党员、入党时间等核对事项。"), False)
        key = "errors" if counts["errors"] else "warnings" if counts["warnings"] else "all"
        self.show_combo.setCurrentIndex(self.show_combo.findData(key))
        self.show_rows()

    def show_rows(self) -> None:
        """Fill the table with the rows of the chosen kind."""
        if self.preview is None:
            return
        key = self.show_combo.currentData()
        rows = self.preview.rows
        if key == "errors":
            rows = [r for r in rows if r.has_error]
        elif key == "warnings":
            rows = [r for r in rows if r.findings and not r.has_error]
        elif key != "all":
            rows = [r for r in rows if r.status == key]
        lines = []
        if key in ("warnings", "all"):
            lines += [(None, (f.sheet, str(f.row), "", "", "", tr("提示"), f.message))
                      for f in self.preview.sheet_findings]
        lines += [(None, _cells(r)) for r in rows]
        fill_table(self.table, lines, max_width=200)

    # -- commit ---------------------------------------------------------------------
    def import_action(self) -> None:
        """Store everything in one transaction, after a backup copy of the database."""
        if self.preview is None:
            return
        self._busy(True)
        store, election_id, preview, operator = self.ctx.store, self.election_id, self.preview, self.ctx.operator

        def job(report, cancelled):
            from workflows import backup

            if store.sqlite_path is not None:
                backup.make_backup(store.sqlite_path, "导入前")
            with store.transaction(operator) as session:
                return party_roster.commit_member_import(session, session.get(ElectionProcess, election_id),
                                                         preview)

        self.task = run_in_background(job, on_success=self.import_result,
                                      on_failure=self.failure_result, parent=self)

    def import_result(self, counts: dict[str, int]) -> None:
        """Report what was stored and close."""
        self._busy(False)
        self.imported = counts
        self.import_button.setEnabled(False)
        text = tr("已导入党员名册：新增 {new} 人，更新 {changed} 人。").format(**counts)
        self._message(text, False)
        self.ctx.signals.election_changed.emit(self.election_id)
        interaction.inform(self, tr("导入完成"), text)
        self.accept()

    def _busy(self, busy: bool) -> None:
        if busy:
            self.check_button.setEnabled(False)
            self.import_button.setEnabled(False)
        else:
            self.check_button.setEnabled(bool(self.workbook and self.workbook.roster_sheets()))
        self.setCursor(Qt.BusyCursor if busy else Qt.ArrowCursor)

    def _message(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else HINT_STYLE)
        self.message.setText(text)


def _cells(row) -> tuple:
    from workflows.roster_read import text_of

    member = row.member
    result = tr("错误") if row.has_error else tr(RESULTS.get(row.status, ""))
    problems = "；".join((f.column + "：" if f.column else "") + f.message for f in row.findings)
    kind = party_roster.status_text(member) if member else text_of(row.values.get("full_member"))
    return (row.sheet, str(row.row), member.name if member else text_of(row.values.get("name")),
            member.id_number if member else text_of(row.values.get("id_number")), kind,
            Cell(result, RED if row.has_error else None),
            Cell(problems, RED if row.has_error else None))
