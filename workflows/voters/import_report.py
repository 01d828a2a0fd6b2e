"""The roster check as an Excel report: every row with a problem, problem cells highlighted."""

from __future__ import annotations

from pathlib import Path

from printing.workbooks import ReportRow, import_report
from workflows.core.paper import clerk_text
from workflows.core.roster_read import HEADER_ALIASES, HEADER_LABELS, text_of
from workflows.voters.registration import ImportPreview

COLUMNS = list(HEADER_ALIASES)  # report columns in the standard order


def write_import_report(path: Path, preview: ImportPreview) -> Path:
    """Write the report for a preview (rows with errors or notes only)."""
    rows = []
    for row in preview.check.rows:
        if not row.findings:
            continue
        problem_columns = sorted({COLUMNS.index(f.field) for f in row.findings if f.field})
        rows.append(ReportRow(row.sheet, row.row, [text_of(row.values.get(key)) for key in COLUMNS],
                              [(f.column + "：" if f.column else "") + clerk_text(f.message) for f in row.findings],
                              problem_columns, row.has_error))
    counts = preview.counts
    summary = [f"花名册检查报告：{preview.file_name}",
               f"新增 {counts['new']} 人，变更 {counts['changed']} 人，未变 {counts['unchanged']} 人，"
               f"不予登记 {counts['skipped']} 人；错误 {counts['errors']} 处，提示 {counts['warnings']} 处。",
               "红色：必须改正的错误；黄色：提示（不予登记的原因等）。本表含个人信息，请妥善保管。"]
    return import_report(path, [HEADER_LABELS[key] for key in COLUMNS], rows, summary)
