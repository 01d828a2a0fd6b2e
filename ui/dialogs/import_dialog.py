"""Import a roster: choose the file and sheets, see what would happen, then commit at once.

Reading and checking run in the background; nothing is stored until 导入 is pressed, and
then everything is stored in one transaction (after a backup copy of the database file).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import interaction, roles
from ui.context import AppContext
from ui.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from ui.i18n import tr
from ui.tasks import run_in_background

SHOW_CHOICES = (("errors", "错误"), ("warnings", "提示（含不予登记）"), ("new", "新增"),
                ("changed", "变更"), ("unchanged", "未变"), ("all", "全部"))
COLUMNS = ("工作表", "行号", "姓名", "公民身份号码", "村民小组", "结果", "问题")


class PreviewModel(QAbstractTableModel):
    """Rows of the check, filtered by what the clerk wants to see."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []

    def load(self, rows: list[tuple[str, ...]]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section, orientation, role=roles.DISPLAY):
        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            return tr(COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role=roles.DISPLAY):
        if role == roles.DISPLAY or role == roles.TOOLTIP:
            return self.rows[index.row()][index.column()]
        return None


def _cells(row) -> tuple[str, ...]:
    from workflows.roster_read import text_of

    result = {"new": "新增", "changed": "变更", "unchanged": "未变"}.get(row.status, "")
    if row.skipped:
        result = "不予登记"
    if row.has_error:
        result = "错误"
    problems = "；".join((f.column + "：" if f.column else "") + f.message for f in row.findings)
    return (row.sheet, str(row.row), text_of(row.values.get("name")),
            text_of(row.values.get("id_number")), row.voter.group_name if row.voter else
            text_of(row.values.get("group")), result, problems)


class RosterImportDialog(QDialog):
    """File → sheets → check (preview counts and rows) → import or export the report."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.election_id = election_id
        self.workbook = None
        self.preview = None
        self.task = None
        self.imported: dict[str, int] | None = None
        self.setWindowTitle(tr("导入选民花名册"))
        self.resize(1100, 720)
        self._build()
        with ctx.session() as session:
            from models import ElectionProcess
            from workflows.registration import is_published

            self.published = is_published(session, session.get(ElectionProcess, election_id))
        self.reason_row.setVisible(self.published)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        top = QHBoxLayout()
        self.file_label = QLabel(tr("尚未选择文件"), self)
        choose = QPushButton(tr("选择 Excel 文件…"), self)
        choose.setObjectName("choose_file_button")
        choose.clicked.connect(self.choose_action)
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        layout.addLayout(top)
        sheets_row = QHBoxLayout()
        self.sheets = QListWidget(self)
        self.sheets.setObjectName("sheet_list")
        self.sheets.setMaximumHeight(90)
        self.check_button = QPushButton(tr("检查所选工作表"), self)
        self.check_button.setObjectName("check_button")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.check_action)
        sheets_row.addWidget(self.sheets, 1)
        sheets_row.addWidget(self.check_button, 0, Qt.AlignTop)
        layout.addLayout(sheets_row)
        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        show_row = QHBoxLayout()
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("show_combo")
        for key, label in SHOW_CHOICES:
            self.show_combo.addItem(tr(label), key)
        self.show_combo.currentIndexChanged.connect(self.show_rows)
        show_row.addWidget(QLabel(tr("显示："), self))
        show_row.addWidget(self.show_combo)
        show_row.addStretch(1)
        layout.addLayout(show_row)
        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("preview_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        self.reason_row = QWidget(self)
        reason_layout = QHBoxLayout(self.reason_row)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        self.reason = QLineEdit(self.reason_row)
        self.reason.setObjectName("reason_edit")
        self.reason.setPlaceholderText(tr("选民名单已公布，本次导入视为更正，须写明原因（将列入补充公告）"))
        reason_layout.addWidget(QLabel(tr("更正原因："), self.reason_row))
        reason_layout.addWidget(self.reason, 1)
        layout.addWidget(self.reason_row)
        self.message = QLabel(self)
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.report_button = QPushButton(tr("导出检查报告…"), self)
        self.report_button.setObjectName("report_button")
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self.report_action)
        self.import_button = QPushButton(tr("导入"), self)
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_action)
        close = QPushButton(tr("关闭"), self)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    # -- file and sheets ------------------------------------------------------------
    def ask_file(self) -> Path | None:
        """The roster file to import (overridden in tests)."""
        path, _ = QFileDialog.getOpenFileName(self, tr("选择花名册"), "", tr("Excel 文件 (*.xlsx *.xls)"))
        return Path(path) if path else None

    def choose_action(self) -> None:
        """Read the chosen file in the background and list its sheets."""
        path = self.ask_file()
        if path is None:
            return
        self.file_label.setText(tr("正在读取 {name}…").format(name=path.name))
        self._set_busy(True)

        def job(report, is_cancelled):
            from workflows.roster_read import read_workbook

            return read_workbook(path)

        self.task = run_in_background(job, on_success=self.workbook_result,
                                      on_failure=self.failure_result, parent=self)

    def workbook_result(self, workbook) -> None:
        """Show the sheets; roster sheets are ticked, others cannot be chosen."""
        self._set_busy(False)
        self.workbook = workbook
        self.file_label.setText(str(workbook.path))
        self.sheets.clear()
        for sheet in workbook.sheets:
            if sheet.header is not None:
                text = tr("{name}（{n} 行）").format(name=sheet.name, n=sheet.data_rows)
            else:
                text = tr("{name}（未识别到“姓名”“公民身份号码”表头，跳过）").format(name=sheet.name)
            item = QListWidgetItem(text, self.sheets)
            item.setData(roles.ID, sheet.name)
            if sheet.header is not None:
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked)
            else:
                item.setFlags(Qt.NoItemFlags)
        self.check_button.setEnabled(bool(workbook.roster_sheets()))
        if not workbook.roster_sheets():
            self._message(tr("文件中没有可识别的花名册工作表：表头至少应有“姓名”和“公民身份号码”两列。"), True)

    def chosen_sheets(self) -> list[str]:
        """Names of the ticked sheets."""
        return [self.sheets.item(i).data(roles.ID) for i in range(self.sheets.count())
                if self.sheets.item(i).checkState() == Qt.Checked]

    def failure_result(self, problem: BaseException) -> None:
        """Show a background failure in plain words."""
        self._set_busy(False)
        from workflows.errors import InvalidInput

        if isinstance(problem, InvalidInput):
            text = "；".join(str(m) for m in problem.errors.values())
        else:
            text = str(problem)
        self._message(text, True)

    # -- check ----------------------------------------------------------------------
    def check_action(self) -> None:
        """Validate the chosen sheets against the rules and the stored list (changes nothing)."""
        sheets = self.chosen_sheets()
        if not sheets:
            self._message(tr("请至少勾选一个工作表。"), True)
            return
        self._set_busy(True)
        store, election_id, workbook = self.ctx.store, self.election_id, self.workbook

        def job(report, is_cancelled):
            from models import ElectionProcess
            from workflows.registration import prepare_import

            with store.session() as session:
                return prepare_import(session, session.get(ElectionProcess, election_id), workbook, sheets)

        self.task = run_in_background(job, on_success=self.preview_result,
                                      on_failure=self.failure_result, parent=self)

    def preview_result(self, preview) -> None:
        """Show the counts and the rows behind them."""
        self._set_busy(False)
        self.preview = preview
        counts = preview.counts
        self.summary.setText(tr("新增 {new} 人，变更 {changed} 人，未变 {unchanged} 人，不予登记 {skipped} 人；"
                                "错误 {errors} 处，提示 {warnings} 处。").format(**counts))
        self.report_button.setEnabled(True)
        self.import_button.setEnabled(counts["errors"] == 0 and counts["new"] + counts["changed"] > 0)
        if counts["errors"]:
            self._message(tr("有错误的行必须在 Excel 文件中改正后重新导入；导入是整体进行的，改正前不会存入任何一行。"
                             "可以“导出检查报告”，报告中问题单元格已标红。"), True)
        else:
            self._message(tr("检查通过，可以导入。"), False)
        self.show_combo.setCurrentIndex(0 if counts["errors"] else 2)
        self.show_rows()

    def show_rows(self) -> None:
        """Fill the table with the rows of the chosen kind."""
        if self.preview is None:
            return
        key = self.show_combo.currentData()
        rows = self.preview.check.rows
        if key == "errors":
            rows = [r for r in rows if r.has_error]
        elif key == "warnings":
            rows = [r for r in rows if r.findings and not r.has_error]
        elif key != "all":
            rows = [r for r in rows if r.status == key]
        self.model.load([_cells(r) for r in rows])
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.Stretch)

    # -- report and commit ----------------------------------------------------------
    def ask_report_path(self) -> Path | None:
        """Where to write the report (overridden in tests)."""
        path, _ = QFileDialog.getSaveFileName(self, tr("导出检查报告"), "花名册检查报告.xlsx",
                                              tr("Excel 文件 (*.xlsx)"))
        return Path(path) if path else None

    def report_action(self) -> None:
        """Write the rows with problems to an .xlsx file, problem cells highlighted."""
        path = self.ask_report_path()
        if path is None or self.preview is None:
            return
        from workflows.import_report import write_import_report

        write_import_report(path, self.preview)
        self._message(tr("检查报告已保存：{path}").format(path=path), False)

    def import_action(self) -> None:
        """Commit everything in one transaction, after a backup copy of the database."""
        if self.preview is None:
            return
        if self.published and not self.reason.text().strip():
            self._message(tr("请填写更正原因。"), True)
            return
        self._set_busy(True)
        store, election_id, preview = self.ctx.store, self.election_id, self.preview
        operator, reason, today = self.ctx.operator, self.reason.text(), self.ctx.today()

        def job(report, is_cancelled):
            from models import ElectionProcess
            from workflows import backup
            from workflows.registration import commit_import

            if store.sqlite_path is not None:
                backup.make_backup(store.sqlite_path, "导入前")
            with store.transaction(operator) as session:
                return commit_import(session, session.get(ElectionProcess, election_id), preview,
                                     reason, today)

        self.task = run_in_background(job, on_success=self.import_result,
                                      on_failure=self.failure_result, parent=self)

    def import_result(self, counts: dict[str, int]) -> None:
        """Report what was stored and refresh the screens."""
        self._set_busy(False)
        self.imported = counts
        self.import_button.setEnabled(False)
        self._message(tr("已导入：新增 {new} 人，更新 {changed} 人。").format(**counts), False)
        self.ctx.signals.election_changed.emit(self.election_id)
        interaction.inform(self, tr("导入完成"), self.message.text())
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.check_button, self.import_button, self.report_button):
            if busy:
                button.setEnabled(False)
        if not busy:  # a sheet choice can be checked again at any time
            self.check_button.setEnabled(bool(self.workbook and self.workbook.roster_sheets()))
        self.setCursor(Qt.BusyCursor if busy else Qt.ArrowCursor)

    def _message(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else HINT_STYLE)
        self.message.setText(text)
