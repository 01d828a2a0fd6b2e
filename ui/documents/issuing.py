"""Rendering drafted documents in the background, with progress, before they are archived.

Issuing a long document (a voter list of thousands, a sheet of cards, the 资格联审表) has
three steps: the workflow drafts it from data read in a short read session; the PDFs are
rendered here on the thread pool while the window stays responsive; then the workflow
archives them in one short write. A failed or cancelled render leaves nothing behind.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui import interaction
from ui.i18n import tr
from ui.tasks import run_in_background

log = logging.getLogger(__name__)
FAILED = "生成文书时出错，没有存档任何内容。详细情况已写入日志，请发给技术人员。"


def render_drafts(parent: QWidget, drafts: list) -> list[bytes] | None:
    """The PDFs of ``drafts`` (``workflows.core.documents.Draft``), or None if cancelled or failed."""
    from workflows.core import documents

    progress = QProgressDialog(tr("正在生成文书…"), tr("取消"), 0, len(drafts), parent)
    progress.setObjectName("render_progress")
    progress.setWindowTitle(tr("生成文书"))
    progress.setWindowModality(Qt.WindowModal)
    progress.setMinimumDuration(300)  # quick documents never flash a dialog
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def job(report, is_cancelled):
        pdfs = []
        for index, document_draft in enumerate(drafts):
            if is_cancelled():
                return None
            report(index, len(drafts), document_draft.title)
            pdfs.append(documents.render(document_draft))
        return pdfs

    def progressed(done: int, total: int, text: str) -> None:
        progress.setValue(done)
        progress.setLabelText(tr("正在生成：{title}").format(title=text))

    handle = run_in_background(job, on_success=lambda pdfs: outcome.setdefault("pdfs", pdfs),
                               on_failure=lambda error: outcome.setdefault("error", error),
                               on_progress=progressed, parent=parent)
    progress.canceled.connect(handle.cancel)
    handle.finished.connect(loop.quit)
    if not handle.delivered:
        loop.exec()
    progress.close()
    if "error" in outcome:
        log.warning("rendering failed", exc_info=outcome["error"])
        interaction.error(parent, tr(FAILED))
        return None
    return outcome.get("pdfs")
