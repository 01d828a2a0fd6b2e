"""The document viewer says which face each role prints with (“正文：仿宋”) before printing."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QLabel

from printing import fonts
from printing.layout import Footer, paragraph, render_document, title
from ui.documents.document_viewer import DocumentViewer


@pytest.fixture(autouse=True)
def fonts_of(monkeypatch, tmp_path):
    """A font folder the test fills (empty: the bundled fonts); caches reset around it."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    monkeypatch.setenv("VEW_FONT_DIRS", str(folder))
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    fonts.reset_font_cache()
    yield folder
    fonts.reset_font_cache()


def notice() -> bytes:
    return render_document([title("石桥村选举公告"), paragraph("正文。")], footer=Footer("AB12-CD34"))


def info_text(qtbot, pdf: bytes, info: str = "") -> str:
    viewer = DocumentViewer(pdf, "公告", info=info)
    qtbot.addWidget(viewer)
    return viewer.findChild(QLabel, "info_label").text()


def test_viewer_names_the_bundled_substitutes_after_the_callers_note(qtbot):
    text = info_text(qtbot, notice(), "核验码 AB12-CD34")
    assert text.startswith("核验码 AB12-CD34")
    assert "正文：Noto Serif SC（内置，代仿宋）" in text
    assert "标题：Noto Serif SC Bold（内置，代小标宋）" in text


def test_viewer_says_fangsong_and_zhongsong_when_they_print(qtbot, fonts_of):
    # Stand-in files under the Windows names: the line follows the files actually chosen.
    shutil.copy(fonts.BUNDLED_SERIF, fonts_of / "simfang.ttf")
    shutil.copy(fonts.BUNDLED_SERIF_BOLD, fonts_of / "STZHONGS.TTF")
    fonts.reset_font_cache()
    text = info_text(qtbot, notice())
    assert text.startswith("正文：仿宋 · 标题：华文中宋")
