"""The PDF viewer, printing to a PDF printer, saving, batch runs and the background helper."""

from __future__ import annotations

import functools
import io
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QRect, Qt, QThread
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressBar, QToolButton
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ui.documents.batch_dialog import BatchDialog
from ui.documents.document_viewer import DocumentViewer
from ui.documents.pdf_printing import load_pdf, print_pdf, save_pdf
from ui.tasks import run_in_background

FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "NotoSansSC-Regular.ttf"
MM = 72 / 25.4
TEXT_BOX = (20 * MM, 30 * MM, 130 * MM, 14 * MM)  # x, y from top, width, height (points)


@functools.cache
def font_name() -> str:
    pdfmetrics.registerFont(TTFont("NotoSansSC-Test", str(FONT)))
    return "NotoSansSC-Test"


def make_pdf(*sizes: tuple[float, float], title: str = "石桥村选民名单") -> bytes:
    """One page per size, each with a heavy line of Chinese text in TEXT_BOX."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=sizes[0])
    for number, size in enumerate(sizes, start=1):
        pdf.setPageSize(size)
        pdf.setFont(font_name(), 30)
        x, top, _, height = TEXT_BOX
        pdf.drawString(x, size[1] - top - height + 3, f"{title} 第{number}页")
        pdf.rect(15 * MM, 15 * MM, size[0] - 30 * MM, size[1] - 30 * MM)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def portrait3() -> bytes:
    return make_pdf(A4, A4, A4)


@pytest.fixture(scope="module")
def mixed2() -> bytes:
    return make_pdf(A4, landscape(A4))


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def dark_fraction(data: bytes, page: int, box: tuple[float, float, float, float]) -> float:
    """Share of dark pixels in ``box`` (points from the top-left) of a rendered page."""
    dpi = 50
    scale = dpi / 72
    with load_pdf(data) as document:
        image = document.render(page, dpi)
    x, y, w, h = (round(v * scale) for v in box)
    dark = sum(1 for i in range(x, x + w) for j in range(y, y + h)
               if image.pixelColor(i, j).lightness() < 128)
    return dark / (w * h)


def test_viewer_shows_page_count_and_follows_navigation(qtbot, portrait3):
    viewer = DocumentViewer(portrait3, "选民名单", info="核验码 AB12-CD34")
    qtbot.addWidget(viewer)
    viewer.show()
    label = viewer.findChild(type(viewer.page_label), "page_label")
    assert viewer.page_count() == 3
    assert label.text() == "第 1 页 / 共 3 页"
    viewer.go_to(3)
    assert viewer.current_page() == 3
    assert label.text() == "第 3 页 / 共 3 页"
    viewer.previous_action()
    assert label.text() == "第 2 页 / 共 3 页"
    for name in ("print_button", "save_button", "zoom_in_button", "zoom_out_button",
                 "fit_width_button", "fit_page_button", "previous_button", "next_button"):
        assert viewer.findChild(QToolButton, name) is not None, name


def test_scrolling_moves_the_page_indicator(qtbot, portrait3):
    viewer = DocumentViewer(portrait3, "选民名单")
    qtbot.addWidget(viewer)
    viewer.show()
    bar = viewer.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert viewer.page_label.text() == "第 3 页 / 共 3 页"
    bar.setValue(0)
    assert viewer.page_label.text() == "第 1 页 / 共 3 页"


def test_zoom_keeps_the_current_page(qtbot, portrait3):
    viewer = DocumentViewer(portrait3, "选民名单")
    qtbot.addWidget(viewer)
    viewer.show()
    viewer.go_to(2)
    viewer.fit_page_action()
    fitted = viewer.effective_zoom()
    qtbot.mouseClick(viewer.findChild(QToolButton, "zoom_in_button"), Qt.MouseButton.LeftButton)
    assert viewer.view.zoom_factor() == pytest.approx(fitted * 1.25)
    assert viewer.current_page() == 2
    viewer.zoom_out_action()
    viewer.zoom_out_action()
    assert viewer.view.zoom_factor() < fitted
    assert viewer.current_page() == 2
    viewer.fit_width_action()
    assert viewer.current_page() == 2


def test_print_keeps_page_size_orientation_and_content(qtbot, tmp_path, mixed2):
    target = tmp_path / "printed.pdf"
    seen = []
    assert print_pdf(mixed2, pdf_printer(target), progress=lambda *a: seen.append(a)) == 2
    assert seen == [(1, 2), (2, 2)]
    reader = PdfReader(target)
    assert len(reader.pages) == 2
    sizes = [(float(p.mediabox.width) / MM, float(p.mediabox.height) / MM) for p in reader.pages]
    assert sizes[0] == (pytest.approx(210, abs=1), pytest.approx(297, abs=1))
    assert sizes[1] == (pytest.approx(297, abs=1), pytest.approx(210, abs=1))
    printed = target.read_bytes()
    for page in range(2):
        # Text where the source has it (not shifted or scaled), paper white elsewhere.
        assert dark_fraction(printed, page, TEXT_BOX) > 0.05
        assert dark_fraction(printed, page, (40 * MM, 100 * MM, 100 * MM, 60 * MM)) == 0


def test_print_range_and_cancel(qtbot, tmp_path, portrait3):
    target = tmp_path / "range.pdf"
    assert print_pdf(portrait3, pdf_printer(target), from_page=2, to_page=3) == 2
    assert len(PdfReader(target).pages) == 2
    calls = []
    stopped = tmp_path / "stopped.pdf"
    assert print_pdf(portrait3, pdf_printer(stopped), progress=lambda *a: calls.append(a),
                     cancelled=lambda: len(calls) >= 1) == 1
    assert len(PdfReader(stopped).pages) == 1


def test_printer_that_cannot_switch_layout_gets_the_page_turned(qtbot, tmp_path, mixed2):
    class FixedLayoutPrinter(QPrinter):
        """Like a Windows GDI printer: the layout cannot change once the job has begun."""

        def setPageLayout(self, layout):  # noqa: N802 - Qt name
            return False if self.paintEngine().isActive() else super().setPageLayout(layout)

    target = tmp_path / "turned.pdf"
    printer = FixedLayoutPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    assert print_pdf(mixed2, printer) == 2
    reader = PdfReader(target)
    assert float(reader.pages[1].mediabox.width) < float(reader.pages[1].mediabox.height)
    # Turned a quarter clockwise: the text line now runs down the right-hand side.
    x, top, w, h = TEXT_BOX
    turned = (210 * MM - top - h, x, h, w)
    assert dark_fraction(target.read_bytes(), 1, turned) > 0.05


def test_viewer_prints_through_the_dialog_seam(qtbot, tmp_path, portrait3, monkeypatch):
    viewer = DocumentViewer(portrait3, "选民名单")
    qtbot.addWidget(viewer)
    target = tmp_path / "viewer.pdf"
    printer = pdf_printer(target)
    printer.setFromTo(2, 3)
    monkeypatch.setattr(viewer, "ask_printer", lambda: printer)
    with qtbot.waitSignal(viewer.printed, timeout=20000) as blocker:
        qtbot.mouseClick(viewer.findChild(QToolButton, "print_button"), Qt.MouseButton.LeftButton)
    assert blocker.args == [2]
    assert len(PdfReader(target).pages) == 2


def test_save_as_writes_identical_bytes(qtbot, tmp_path, portrait3, monkeypatch):
    viewer = DocumentViewer(portrait3, "选民名单", suggested_name="选民名单.pdf")
    qtbot.addWidget(viewer)
    target = tmp_path / "副本.pdf"
    monkeypatch.setattr(viewer, "ask_save_path", lambda: target)
    assert viewer.save_action() == target
    assert target.read_bytes() == portrait3
    save_pdf(b"%PDF-new", target)  # replaces atomically, leaves no temporary file
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == ["副本.pdf"]


def test_not_a_pdf_is_refused_in_chinese():
    with pytest.raises(ValueError, match="不是有效的 PDF"):
        load_pdf(b"not a pdf")


def test_batch_saves_documents_in_the_background(qtbot, tmp_path):
    main = QThread.currentThread()
    producers = []

    def producer(number: int):
        def produce() -> bytes:
            producers.append(QThread.currentThread() is main)
            return make_pdf(A4, title=f"第{number}组")
        return produce

    items = [(f"选民名单-{n}", producer(n)) for n in range(1, 6)]
    dialog = BatchDialog(items, "save", folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.finished, timeout=30000) as blocker:
        dialog.start()
    assert blocker.args == [5, 0, False]
    assert producers == [False] * 5  # rendered on a worker, never on the GUI thread
    for n in range(1, 6):
        assert len(PdfReader(tmp_path / f"选民名单-{n}.pdf").pages) == 1
    assert dialog.findChild(QProgressBar, "batch_progress").value() == dialog.progress.maximum()
    assert "已保存 5 份" in dialog.summary.text()


def test_batch_cancel_stops_after_the_current_item(qtbot, tmp_path):
    first_done = threading.Event()

    def slow(number: int):
        def produce() -> bytes:
            time.sleep(0.2)
            first_done.set()
            return make_pdf(A4, title=f"第{number}份")
        return produce

    dialog = BatchDialog([(f"文书{n}", slow(n)) for n in range(6)], "save", folder=tmp_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=30000) as blocker:
        dialog.start()
        qtbot.waitUntil(first_done.is_set)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    done, failed, cancelled = blocker.args
    assert cancelled and failed == 0 and 1 <= done < 6
    assert len(list(tmp_path.glob("*.pdf"))) == done
    assert "已取消" in dialog.summary.text()


def test_batch_failure_is_reported_and_the_rest_go_on(qtbot, tmp_path):
    def broken() -> bytes:
        raise ValueError("模拟失败")

    items = [("甲", lambda: make_pdf(A4)), ("乙", broken), ("丙", lambda: make_pdf(A4))]
    dialog = BatchDialog(items, "save", folder=tmp_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=30000) as blocker:
        dialog.start()
    assert blocker.args == [2, 1, False]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["丙.pdf", "甲.pdf"]
    assert "乙：模拟失败" in dialog.failures.toPlainText()
    assert "失败 1 份" in dialog.summary.text()


def test_batch_prints_all_documents_into_one_job(qtbot, tmp_path, mixed2):
    target = tmp_path / "batch.pdf"
    items = [("一", lambda: mixed2), ("二", lambda: make_pdf(A4, A4, A4))]
    dialog = BatchDialog(items, "print", printer=pdf_printer(target))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=30000) as blocker:
        dialog.start()
    assert blocker.args == [2, 0, False]
    reader = PdfReader(target)
    assert len(reader.pages) == 5
    assert [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages] == [
        False, True, False, False, False]


def test_run_in_background_calls_back_on_the_gui_thread(qtbot):
    app_thread = QApplication.instance().thread()
    progress, results, failures = [], [], []

    def job(report, is_cancelled):
        assert QThread.currentThread() is not app_thread
        for step in range(1, 4):
            report(step, 3, f"第{step}步")
        return "完成"

    handle = run_in_background(
        job,
        on_progress=lambda d, t, text: progress.append((d, t, text, QThread.currentThread() is app_thread)),
        on_success=lambda value: results.append((value, QThread.currentThread() is app_thread)))
    qtbot.waitUntil(lambda: handle.delivered)
    assert handle.done
    assert progress == [(1, 3, "第1步", True), (2, 3, "第2步", True), (3, 3, "第3步", True)]
    assert results == [("完成", True)]

    def broken(report, is_cancelled):
        raise ValueError("模拟失败")

    with qtbot.waitSignal(run_in_background(broken, on_failure=failures.append).finished):
        pass
    assert isinstance(failures[0], ValueError) and str(failures[0]) == "模拟失败"


def test_cancel_and_wait(qtbot):
    started = threading.Event()

    def job(report, is_cancelled):
        started.set()
        while not is_cancelled():
            time.sleep(0.01)
        return "stopped"

    results = []
    handle = run_in_background(job, on_success=results.append)
    assert started.wait(5)
    assert not handle.wait(50)
    handle.cancel()
    assert handle.wait(5000) and handle.done
    qtbot.waitUntil(lambda: results == ["stopped"])


def test_keyboard_pages_zooms_prints_and_saves(qtbot, portrait3, monkeypatch):
    viewer = DocumentViewer(portrait3, "选民名单")
    qtbot.addWidget(viewer)
    asked = []
    monkeypatch.setattr(viewer, "ask_printer", lambda: asked.append("print"))
    monkeypatch.setattr(viewer, "ask_save_path", lambda: asked.append("save"))
    with qtbot.waitActive(viewer):  # window shortcuts need the active window
        viewer.show()
        viewer.activateWindow()
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    assert viewer.current_page() == 2
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageUp)
    assert viewer.current_page() == 1
    before = viewer.effective_zoom()
    qtbot.keyClick(viewer.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.zoom_factor() == pytest.approx(before * 1.25)
    qtbot.keyClick(viewer.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.zoom_factor() == pytest.approx(before)
    qtbot.keyClick(viewer.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["print", "save"]


def test_batch_file_names_are_safe_and_unique(qtbot, tmp_path):
    items = [("公告（2026/12/1）", lambda: make_pdf(A4)), ("公告（2026/12/1）", lambda: make_pdf(A4))]
    dialog = BatchDialog(items, "save", folder=tmp_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=30000) as blocker:
        dialog.start()
    assert blocker.args == [2, 0, False]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "公告（2026_12_1）.pdf", "公告（2026_12_1）（2）.pdf"]


def test_batch_reports_a_printer_that_cannot_start(qtbot, tmp_path):
    printer = pdf_printer(tmp_path / "missing" / "out.pdf")  # folder does not exist
    items = [("甲", lambda: make_pdf(A4)), ("乙", lambda: make_pdf(A4))]
    dialog = BatchDialog(items, "print", printer=printer)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=30000) as blocker:
        dialog.start()
    assert blocker.args == [0, 2, False]
    assert "无法开始打印" in dialog.failures.toPlainText()


def test_pdf_pages_sizes_white_paper_and_regions(mixed2):
    with load_pdf(mixed2) as pages:
        assert pages.page_count() == 2
        assert pages.page_point_size(0).toTuple() == (pytest.approx(A4[0]), pytest.approx(A4[1]))
        assert pages.page_point_size(1).toTuple() == (pytest.approx(A4[1]), pytest.approx(A4[0]))
        whole = pages.render(1, 72)
        assert whole.format() == QImage.Format.Format_RGB32 and not whole.hasAlphaChannel()
        assert whole.size() == pages.pixel_size(1, 72)
        assert (whole.width(), whole.height()) == (pytest.approx(A4[1], abs=1), pytest.approx(A4[0], abs=1))
        assert whole.pixel(2, 2) == 0xFFFFFFFF  # paper is white, not transparent
        region = QRect(40, 60, 200, 50)
        part = pages.render(1, 72, region)
        assert part.size() == region.size()
        assert part == whole.copy(region)


def test_damaged_and_encrypted_pdfs_are_refused_in_chinese(portrait3):
    with pytest.raises(ValueError, match="无法打开文档：不是有效的 PDF 文件"):
        load_pdf(portrait3[: len(portrait3) // 3])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(portrait3)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(ValueError, match="文件设有密码"):
        load_pdf(locked.getvalue())


def test_pdfium_is_used_from_several_threads_at_once(portrait3, mixed2):
    # PDFium is not thread-safe; the wrapper's lock must make concurrent use safe.
    with load_pdf(portrait3) as pages:
        expected = pages.render(2, 40)
    results, errors = [], []

    def work() -> None:
        try:
            for _ in range(10):
                with load_pdf(portrait3) as own:
                    results.append(own.render(2, 40) == expected)
                load_pdf(mixed2).render(1, 30)  # dropped unclosed: closed by the collector
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [True] * 40


def long_pdf(pages: int) -> bytes:
    return make_pdf(*[A4] * pages, title="选民名单")


def test_viewer_renders_only_pages_near_the_window(qtbot):
    viewer = DocumentViewer(long_pdf(40), "选民名单")
    qtbot.addWidget(viewer)
    viewer.resize(1000, 700)
    viewer.show()
    qtbot.waitUntil(lambda: 0 in viewer.view._tiles and not viewer.view._render_timer.isActive())
    assert set(viewer.view._tiles) <= {0, 1, 2}  # on screen, plus the next one ahead
    viewer.go_to(30)
    qtbot.waitUntil(lambda: 29 in viewer.view._tiles and not viewer.view._render_timer.isActive())
    assert viewer.current_page() == 30
    assert viewer.page_label.text() == "第 30 页 / 共 40 页"
    assert len(viewer.view._tiles) <= 6
    # What is on screen is the rendered page: dark text in the page's text box.
    image = viewer.view.grab().toImage()
    page = viewer.view.page_rect(29)
    scale = page.width() / A4[0]
    x, top, w, h = (round(v * scale) for v in TEXT_BOX)
    dark = sum(1 for i in range(page.x() + x, page.x() + x + w, 3)
               for j in range(page.y() + top, page.y() + top + h, 3)
               if 0 <= j < image.height() and image.pixelColor(i, j).lightness() < 128)
    assert dark > 20


def test_home_end_and_ctrl_wheel(qtbot, portrait3):
    viewer = DocumentViewer(portrait3, "选民名单")
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.keyClick(viewer.view, Qt.Key.Key_End)
    assert viewer.current_page() == 3
    qtbot.keyClick(viewer.view, Qt.Key.Key_Home)
    assert viewer.current_page() == 1
    assert viewer.view.verticalScrollBar().value() == 0
    before = viewer.effective_zoom()
    viewer.view.zoom_by(1)
    assert viewer.effective_zoom() == pytest.approx(before * 1.25)
    for _ in range(20):
        viewer.zoom_in_action()
    assert viewer.effective_zoom() == pytest.approx(5.0)  # capped
    assert viewer.current_page() == 1


def test_viewer_renders_while_a_print_runs_in_the_background(qtbot, tmp_path, monkeypatch):
    data = long_pdf(12)
    viewer = DocumentViewer(data, "选民名单")
    qtbot.addWidget(viewer)
    viewer.show()
    target = tmp_path / "background.pdf"
    monkeypatch.setattr(viewer, "ask_printer", lambda: pdf_printer(target))
    with qtbot.waitSignal(viewer.printed, timeout=60000) as blocker:
        viewer.print_action()
        for page in range(1, 13):  # the GUI thread renders pages meanwhile
            viewer.go_to(page)
            viewer.view.repaint()
            qtbot.wait(5)
    assert blocker.args == [12]
    assert len(PdfReader(target).pages) == 12
