"""Importing an Excel roster: choose file and sheets, see what would happen, commit at once.

:class:`ExcelImportDialog` is the shared flow — reading and checking run in the background;
nothing is stored until 导入 is pressed, and then everything is stored in one transaction
after a backup copy of the database file. Subclasses say which workflow functions read,
check and commit, and how a row is shown: :class:`RosterImportDialog` (voters) here,
``MemberImportDialog`` (Party members) in ``party_member_dialogs``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
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
from ui.i18n import tr, tr_msg
from ui.signals import Changes
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from workflows.core.paper import clerk_text

SHOW_CHOICES = (("errors", "错误"), ("warnings", "提示"), ("new", "新增"),
                ("changed", "变更"), ("unchanged", "未变"), ("all", "全部"))
RESULTS = {"new": "新增", "changed": "变更", "unchanged": "未变"}
ERROR_BRUSH = QBrush(QColor("#c62828"))


class PreviewModel(QAbstractTableModel):
    """Rows of the check (already rendered to text), error rows in red."""

    def __init__(self, headers: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []
        self.errors: list[bool] = []

    def load(self, rows: list[tuple[str, ...]], errors: list[bool]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.rows, self.errors = rows, errors
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.headers)

    def headerData(self, section, orientation, role=roles.DISPLAY):
        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            return tr(self.headers[section])
        return None

    def data(self, index: QModelIndex, role=roles.DISPLAY):
        if role == roles.DISPLAY or role == roles.TOOLTIP:
            return self.rows[index.row()][index.column()]
        if role == roles.FOREGROUND and self.errors[index.row()]:
            return ERROR_BRUSH
        return None


def problems_text(row) -> str:
    """The row's findings as one line: “E列（身份证号）：…；…”."""
    return "；".join((f.column + "：" if f.column else "") + clerk_text(f.message) for f in row.findings)


class ExcelImportDialog(QDialog):
    """File → sheets → check (counts and rows) → import everything at once, or nothing."""

    TITLE = "导入"
    NOTE = ""
    HEADERS: tuple[str, ...] = ()
    UNRECOGNISED = "{name}（未识别到表头，跳过）"
    NO_SHEETS = "文件中没有可识别的工作表。"
    EXPORTS_REPORT = False

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.election_id = ctx, election_id
        self.workbook = None
        self.preview = None
        self.task = None
        self.imported: dict[str, int] | None = None
        self.setWindowTitle(tr(self.TITLE))
        self.resize(1100, 720)
        self._build()
        self.reason_row.setVisible(self.needs_reason())

    # -- what subclasses provide -----------------------------------------------------
    def read(self, path: Path):
        """Read the workbook (runs in the background)."""
        raise NotImplementedError

    def prepare(self, scope, workbook, sheets: list[str]):
        """Check and compare with the stored data (runs in the background, stores nothing)."""
        raise NotImplementedError

    def commit(self, scope, preview, reason: str) -> dict[str, int]:
        """Store the preview (runs in the background, in one transaction)."""
        raise NotImplementedError

    def changes(self) -> Changes:
        """What a committed import changed (screens redraw only that)."""
        return Changes(self.election_id, stages=True, origin=self.parent())

    def rows_of(self, preview) -> list:
        """The checked rows (with ``findings``, ``has_error``, ``status``)."""
        raise NotImplementedError

    def cells(self, row) -> tuple[str, ...]:
        """How one row is shown in the table."""
        raise NotImplementedError

    def summary_text(self, counts: dict[str, int]) -> str:
        """The counts line."""
        return tr("新增 {new} 人，变更 {changed} 人，未变 {unchanged} 人；错误 {errors} 处，提示 {warnings} 处。"
                  ).format(**counts)

    def done_text(self, counts: dict[str, int]) -> str:
        """What was stored."""
        return tr("已导入：新增 {new} 人，更新 {changed} 人。").format(**counts)

    def extra_lines(self, preview, key: str) -> list[tuple[str, ...]]:
        """Lines not tied to a row (e.g. a sheet-wide note)."""
        return []

    def needs_reason(self) -> bool:
        """Whether the import is a correction that needs a reason."""
        return False

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        if self.NOTE:
            note = QLabel(tr(self.NOTE), self)
            note.setWordWrap(True)
            note.setStyleSheet(HINT_STYLE)
            layout.addWidget(note)
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
        layout.addLayout(self._show_row())
        self.model = PreviewModel(self.HEADERS, self)
        self.table = QTableView(self)
        self.table.setObjectName("preview_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._reason_row())
        self.message = QLabel(self)
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())

    def _show_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("show_combo")
        for key, label in SHOW_CHOICES:
            self.show_combo.addItem(tr(label), key)
        self.show_combo.currentIndexChanged.connect(self.show_rows)
        row.addWidget(QLabel(tr("显示："), self))
        row.addWidget(self.show_combo)
        row.addStretch(1)
        return row

    def _reason_row(self) -> QWidget:
        self.reason_row = QWidget(self)
        layout = QHBoxLayout(self.reason_row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.reason = QLineEdit(self.reason_row)
        self.reason.setObjectName("reason_edit")
        self.reason.setPlaceholderText(tr("名单已公布，本次导入视为更正，须写明原因（将列入补充公告）"))
        layout.addWidget(QLabel(tr("更正原因："), self.reason_row))
        layout.addWidget(self.reason, 1)
        return self.reason_row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.report_button = QPushButton(tr("导出检查报告…"), self)
        self.report_button.setObjectName("report_button")
        self.report_button.setEnabled(False)
        self.report_button.setVisible(self.EXPORTS_REPORT)
        self.report_button.clicked.connect(self.report_action)
        self.import_button = QPushButton(tr("导入"), self)
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_action)
        close = QPushButton(tr("关闭"), self)
        close.clicked.connect(self.reject)
        row.addWidget(self.report_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        row.addWidget(close)
        return row

    # -- file and sheets ----------------------------------------------------------------
    def ask_file(self) -> Path | None:
        """The file to import (overridden in tests)."""
        path, _ = QFileDialog.getOpenFileName(self, tr(self.TITLE), "", tr("Excel 文件 (*.xlsx *.xls)"))
        return Path(path) if path else None

    def choose_action(self) -> None:
        """Read the chosen file in the background and list its sheets."""
        from ui.tasks import run_in_background

        path = self.ask_file()
        if path is None:
            return
        self.file_label.setText(tr("正在读取 {name}…").format(name=path.name))
        self._set_busy(True)
        self.task = run_in_background(lambda report, cancelled: self.read(path),
                                      on_success=self.workbook_result,
                                      on_failure=lambda problem: self.unread_result(path, problem),
                                      parent=self)

    def unread_result(self, path: Path, problem: BaseException) -> None:
        """The file was refused (damaged, encrypted, not an .xlsx, too large): say why, and
        forget the file chosen before, so nothing of it can be checked or imported now."""
        self.workbook = self.preview = None
        self.sheets.clear()
        self.model.load([], [])
        self.summary.clear()
        for button in (self.import_button, self.report_button):
            button.setEnabled(False)
        self.file_label.setText(tr("未能读取 {name}，数据库没有任何改动。").format(name=path.name))
        self.failure_result(problem)

    def workbook_result(self, workbook) -> None:
        """Show the sheets; recognised ones are ticked, the others cannot be chosen."""
        self.workbook = workbook
        self.file_label.setText(str(workbook.path))
        self.sheets.clear()
        for sheet in workbook.sheets:
            if sheet.header is not None:
                text = tr("{name}（{n} 行）").format(name=sheet.name, n=sheet.data_rows)
            else:
                text = tr(self.UNRECOGNISED).format(name=sheet.name)
            item = QListWidgetItem(text, self.sheets)
            item.setData(roles.ID, sheet.name)
            if sheet.header is not None:
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked)
            else:
                item.setFlags(Qt.NoItemFlags)
        self._set_busy(False)
        if not workbook.roster_sheets():
            self._message(tr(self.NO_SHEETS), True)

    def chosen_sheets(self) -> list[str]:
        """Names of the ticked sheets."""
        return [self.sheets.item(i).data(roles.ID) for i in range(self.sheets.count())
                if self.sheets.item(i).checkState() == Qt.Checked]

    def failure_result(self, problem: BaseException) -> None:
        """Show a background failure in plain words."""
        from workflows.core.errors import InvalidInput
        from workflows.core.roster_read import RosterFileError

        self._set_busy(False)
        if isinstance(problem, InvalidInput):
            self._message("；".join(tr_msg(m) for m in problem.errors.values()), True)
        elif isinstance(problem, RosterFileError):  # its message is written for the clerk
            self._message(str(problem), True)
        else:  # a bug or a system error: never the exception's own (English, SQL) text
            self._message(tr("处理文件时出错，数据库没有任何改动。详细情况已写入日志，请发给技术人员。"), True)

    # -- check ----------------------------------------------------------------------------
    def check_action(self) -> None:
        """Validate the chosen sheets against the rules and the stored data (changes nothing)."""
        from ui.tasks import run_in_background

        sheets = self.chosen_sheets()
        if not sheets:
            self._message(tr("请至少勾选一个工作表。"), True)
            return
        self._set_busy(True)
        store, election_id, workbook = self.ctx.store, self.election_id, self.workbook
        today = self.ctx.today()

        def job(report, is_cancelled):
            from workflows.core.scope import open_scope

            with store.session() as session:
                return self.prepare(open_scope(session, election_id, today), workbook, sheets)

        self.task = run_in_background(job, on_success=self.preview_result,
                                      on_failure=self.failure_result, parent=self)

    def preview_result(self, preview) -> None:
        """Show the counts and the rows behind them."""
        self._set_busy(False)
        self.preview = preview
        counts = preview.counts
        self.summary.setText(self.summary_text(counts))
        self.report_button.setEnabled(True)
        changes = counts["new"] + counts["changed"]
        self.import_button.setEnabled(counts["errors"] == 0 and changes > 0)
        if counts["errors"]:
            self._message(tr("有错误的行必须在 Excel 文件中改正后重新检查；导入是整体进行的，改正前不会存入任何一行。")
                          + (tr("可以“导出检查报告”，报告中问题单元格已标红。") if self.EXPORTS_REPORT else ""), True)
        elif changes == 0:
            self._message(tr("文件与已存数据一致，没有需要导入的变化。"), False)
        else:
            self._message(tr("检查通过，可以导入。"), False)
        key = "errors" if counts["errors"] else "warnings" if counts["warnings"] else "new"
        self.show_combo.setCurrentIndex(self.show_combo.findData(key))
        self.show_rows()

    def show_rows(self) -> None:
        """Fill the table with the rows of the chosen kind."""
        if self.preview is None:
            return
        key = self.show_combo.currentData()
        rows = self.rows_of(self.preview)
        if key == "errors":
            rows = [r for r in rows if r.has_error]
        elif key == "warnings":
            rows = [r for r in rows if r.findings and not r.has_error]
        elif key != "all":
            rows = [r for r in rows if r.status == key]
        extra = self.extra_lines(self.preview, key)
        self.model.load(extra + [self.cells(r) for r in rows],
                        [False] * len(extra) + [r.has_error for r in rows])
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(self.HEADERS) - 1, QHeaderView.Stretch)

    # -- report and commit ----------------------------------------------------------------
    def ask_report_path(self) -> Path | None:
        """Where to write the report (overridden in tests)."""
        path, _ = QFileDialog.getSaveFileName(self, tr("导出检查报告"), "检查报告.xlsx", tr("Excel 文件 (*.xlsx)"))
        return Path(path) if path else None

    def report_action(self) -> None:
        """Write the report (subclasses that export one override :meth:`write_report`)."""
        path = self.ask_report_path()
        if path is None or self.preview is None:
            return
        self.write_report(path, self.preview)
        self._message(tr("检查报告已保存：{path}").format(path=path), False)

    def write_report(self, path: Path, preview) -> None:  # pragma: no cover - optional
        """Write the check as a spreadsheet."""

    def import_action(self) -> None:
        """Commit everything in one transaction, after a backup copy of the database."""
        from ui.tasks import run_in_background

        if self.preview is None:
            return
        if self.needs_reason() and not self.reason.text().strip():
            self._message(tr("请填写更正原因。"), True)
            return
        self._set_busy(True)
        store, election_id, preview = self.ctx.store, self.election_id, self.preview
        operator, reason, today = self.ctx.operator, self.reason.text(), self.ctx.today()

        def job(report, is_cancelled):
            from workflows.core import backup
            from workflows.core.scope import open_scope

            if store.sqlite_path is not None:
                backup.make_backup(store.sqlite_path, "导入前")
            with store.transaction(operator) as session:
                return self.commit(open_scope(session, election_id, today), preview, reason)

        self.task = run_in_background(job, on_success=self.import_result,
                                      on_failure=self.failure_result, parent=self)

    def import_result(self, counts: dict[str, int]) -> None:
        """Report what was stored and refresh the screens."""
        self._set_busy(False)
        self.imported = counts
        self.import_button.setEnabled(False)
        self._message(self.done_text(counts), False)
        self.ctx.signals.report(self.changes())
        interaction.inform(self, tr("导入完成"), self.message.text())
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        if busy:
            for button in (self.check_button, self.import_button, self.report_button):
                button.setEnabled(False)
        else:  # a sheet choice can be checked again at any time
            self.check_button.setEnabled(bool(self.workbook and self.workbook.roster_sheets()))
        self.setCursor(Qt.BusyCursor if busy else Qt.ArrowCursor)

    def _message(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else HINT_STYLE)
        self.message.setText(text)


class RosterImportDialog(ExcelImportDialog):
    """The voter roster (选民登记花名册)."""

    TITLE = "导入选民花名册"
    HEADERS = ("工作表", "行号", "姓名", "公民身份号码", "村民小组", "结果", "问题")
    UNRECOGNISED = "{name}（未识别到“姓名”“公民身份号码”表头，跳过）"
    NO_SHEETS = "文件中没有可识别的花名册工作表：表头至少应有“姓名”和“公民身份号码”两列。"
    EXPORTS_REPORT = True

    def needs_reason(self) -> bool:
        """After publication an import is a correction (reason required)."""
        from workflows.voters.registration import is_published

        with self.ctx.read_scope(self.election_id) as scope:
            return is_published(scope)

    def read(self, path: Path):
        from workflows.core.roster_read import read_workbook

        return read_workbook(path)

    def prepare(self, scope, workbook, sheets):
        from workflows.voters.registration import prepare_import

        return prepare_import(scope, workbook, sheets)

    def commit(self, scope, preview, reason):
        from workflows.voters.registration import commit_import

        return commit_import(scope, preview, reason)

    def changes(self) -> Changes:
        return Changes(self.election_id, voters=True, origin=self.parent())

    def rows_of(self, preview) -> list:
        return preview.check.rows

    def summary_text(self, counts: dict[str, int]) -> str:
        return tr("新增 {new} 人，变更 {changed} 人，未变 {unchanged} 人，不予登记 {skipped} 人；"
                  "错误 {errors} 处，提示 {warnings} 处。").format(**counts)

    def cells(self, row) -> tuple[str, ...]:
        from workflows.core.roster_read import text_of

        result = "不予登记" if row.skipped else RESULTS.get(row.status, "")
        if row.has_error:
            result = "错误"
        group = row.voter.group_name if row.voter else text_of(row.values.get("group"))
        return (row.sheet, str(row.row), text_of(row.values.get("name")),
                text_of(row.values.get("id_number")), group, tr(result), problems_text(row))

    def write_report(self, path: Path, preview) -> None:
        from workflows.voters.import_report import write_import_report

        write_import_report(path, preview)
