"""The bundled Chinese TrueType fonts (resources/fonts, built by build_fonts.py)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont as FTFont
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONT_FILES = ("NotoSerifSC-Regular.ttf", "NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf")
TITLE_FILE = "NotoSerifSC-Bold.ttf"  # titles only: GB2312 + symbols, kept small
ALL_FILES = (*FONT_FILES, TITLE_FILE)
# What titles of election notices are made of (a rare name character falls back).
TITLE_SAMPLE = "石桥村第十二届村民委员会选举参加选举村民名单公告“两委”换届（）〔〕·—①"

# Rare name characters that GB2312-only fonts drop (堃喆玥) or that need Ext-A (䶮),
# plus the punctuation and symbols official documents use.
SAMPLE = "王堃欧阳喆李玥刘䶮〔〕①○×·"


@functools.cache
def gb2312_hanzi() -> str:
    """All GB2312 level 1 + level 2 hanzi (rows 0xB0-0xF7, cells 0xA1-0xFE)."""
    chars = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the five unassigned cells at the end of row 0xD7
    return "".join(chars)


@functools.cache
def reportlab_font(name: str) -> TTFont:
    return TTFont(name.removesuffix(".ttf"), str(FONT_DIR / name))


def cmap_of(name: str) -> dict[int, int]:
    # The cmap exactly as reportlab parsed it: what it can print. (fontTools'
    # getBestCmap() would take ~0.4 s per font here, because with post format 3
    # it first synthesises a name for each of the ~32 000 glyphs.)
    return reportlab_font(name).face.charToGlyph


def test_gb2312_table_is_complete():
    assert len(gb2312_hanzi()) == 6763  # 3755 level 1 + 3008 level 2


@pytest.mark.parametrize("name", ALL_FILES)
def test_font_file_exists(name):
    path = FONT_DIR / name
    assert path.is_file()
    with path.open("rb") as fh:
        assert fh.read(4) == b"\x00\x01\x00\x00"  # TrueType outlines, not CFF ("OTTO")


@pytest.mark.parametrize("name", FONT_FILES)
def test_reportlab_loads_font(name):
    font = reportlab_font(name)
    assert font.face.name.decode("ascii") == name.removesuffix(".ttf")
    assert font.face.numGlyphs > 30000


@pytest.mark.parametrize("name", ALL_FILES)
def test_font_is_truetype_not_cff(name):
    with FTFont(FONT_DIR / name, lazy=True) as font:
        tables = set(font.reader.keys())
    assert "glyf" in tables
    assert "CFF " not in tables


@pytest.mark.parametrize("name", FONT_FILES)
def test_cmap_covers_sample_characters(name):
    cmap = cmap_of(name)
    missing = [c for c in SAMPLE if ord(c) not in cmap]
    assert not missing, f"{name} lacks {''.join(missing)}"


@pytest.mark.parametrize("name", ALL_FILES)
def test_cmap_covers_gb2312_hanzi(name):
    cmap = cmap_of(name)
    missing = [c for c in gb2312_hanzi() if ord(c) not in cmap]
    assert not missing, f"{name} lacks {len(missing)} GB2312 hanzi: {''.join(missing[:50])}"


def test_licence_is_bundled():
    text = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in text
    assert "SIL OPEN FONT LICENSE Version 1.1" in text  # the full licence text, not just a pointer


def test_title_face_is_a_small_bold_serif_covering_titles():
    """Noto Serif SC Bold (never a sans): GB2312 and title punctuation, under 4 MB."""
    font = reportlab_font(TITLE_FILE)
    assert font.face.name == b"NotoSerifSC-Bold"
    with FTFont(FONT_DIR / TITLE_FILE, lazy=True) as ft:
        assert ft["OS/2"].usWeightClass == 700
        assert ft["name"].getDebugName(1) == "Noto Serif SC"
        assert ft["OS/2"].fsType == 0  # installable embedding
    assert (FONT_DIR / TITLE_FILE).stat().st_size < 4_000_000
    cmap = cmap_of(TITLE_FILE)
    assert not [c for c in TITLE_SAMPLE if ord(c) not in cmap]


def test_title_face_is_in_the_licence_and_readme():
    assert "NotoSerifSC-Bold.ttf" in (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "NotoSerifSC-Bold.ttf" in (FONT_DIR / "README.md").read_text(encoding="utf-8")
