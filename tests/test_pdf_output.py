"""PDF details of every document we draw: title, creator, embedded fonts only, text beyond
the BMP, and the verification QR code on the certificate too. Real PDFs, read back with
pypdf and rendered with pypdfium2."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from printing import fonts
from printing.documents.certificate import QR_AT, CertificateSpec
from printing.documents.certificate import render as render_certificate
from printing.documents.voter_cards import VoterCard, VoterCardsSpec
from printing.documents.voter_cards import render as render_cards
from printing.layout import CREATOR, QR_SIZE, Footer, paragraph, render_document, table, title
from printing.lists import render_list

FOOTER = Footer("AB12-CD34", "https://example.org/v/AB12-CD34")
RARE = "𠮷"  # U+20BB7, outside the Basic Multilingual Plane
LONG_TITLE = "石桥村第十二届村民委员会选举\n参加选举村民名单公告"


@pytest.fixture(autouse=True)
def bundled_fonts(monkeypatch):
    monkeypatch.delenv("VEW_FONT_DIRS", raising=False)
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    fonts.reset_font_cache()
    yield
    fonts.reset_font_cache()


def certificate(**changes) -> bytes:
    spec = CertificateSpec(f"{RARE}大明当选证书", "青山民选证字第1号", f"{RARE}大明",
                           "经2026年12月20日云溪镇石桥村村民依法直接选举，当选为石桥村第十二届村民委员会主任。",
                           ["青山县民政局", "云溪镇人民政府"], "2026年12月21日", **changes)
    return render_certificate(spec, FOOTER)


def cards() -> bytes:
    spec = VoterCardsSpec("石桥村选民证（2张）", "石桥村第十二届村民委员会选举", "选民证", "2026年12月20日",
                          "石桥村村民选举委员会",
                          [VoterCard("00001", f"{RARE}大明", "男", "上屋组", "3601**********1234"),
                           VoterCard("00002", "阿依古丽·买买提", "女", "下屋组", "3601**********5678")])
    return render_cards(spec, FOOTER)


def notice() -> bytes:
    return render_document([title(LONG_TITLE), paragraph(f"联系人：{RARE}大明。"),
                            table(["姓名"], [[f"{RARE}大明"]])], footer=FOOTER, title_meta=LONG_TITLE)


def voter_list() -> bytes:
    return render_list(LONG_TITLE, ["序号", "姓名"], [["1", f"{RARE}大明"]], footer=FOOTER)


DOCUMENTS = {"notice": notice, "list": voter_list, "cards": cards, "certificate": certificate}


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_title_is_the_whole_title_on_one_line_and_the_creator_is_the_program(kind):
    metadata = reader(DOCUMENTS[kind]()).metadata
    expected = {"notice": "石桥村第十二届村民委员会选举参加选举村民名单公告",
                "list": "石桥村第十二届村民委员会选举参加选举村民名单公告",
                "cards": "石桥村选民证（2张）", "certificate": f"{RARE}大明当选证书"}[kind]
    assert metadata.title == expected
    assert metadata.creator == CREATOR == "村“两委”换届选举工作台"


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_every_font_referenced_is_embedded_and_none_is_helvetica(kind):
    pdf = DOCUMENTS[kind]()
    assert b"Helvetica" not in pdf
    for page in reader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_characters_beyond_the_bmp_extract_as_themselves(kind):
    pdf = DOCUMENTS[kind]()
    extracted = "".join(page.extract_text() for page in reader(pdf).pages)
    assert f"{RARE}大明" in extracted.replace(" ", "")
    document = pdfium.PdfDocument(pdf)
    assert f"{RARE}大明" in document[0].get_textpage().get_text_range()
    # The ToUnicode map writes it as the UTF-16 surrogate pair D842 DFB7.
    assert b"<20BB7>" not in pdf


def test_to_unicode_cmap_uses_surrogate_pairs():
    cmap = fonts.to_unicode_cmap("AAAAAA+Test", [0x20, 0x6751, 0x20BB7])
    assert "<00> <0020>" in cmap and "<01> <6751>" in cmap and "<02> <D842DFB7>" in cmap


def dark_pixels(pdf: bytes, box_mm: tuple[float, float, float, float], dpi: int = 100) -> int:
    """Dark pixels in a box (x, y from the bottom-left, width, height in mm) of page 1."""
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    scale = dpi / 25.4
    x, y, w, h = box_mm
    top = image.height - (y + h) * scale
    crop = image.crop((round(x * scale), round(top), round((x + w) * scale), round(top + h * scale)))
    return sum(crop.histogram()[:128])


@pytest.mark.parametrize("overlay", [False, True])
def test_certificate_carries_its_qr_code_inside_the_border(overlay):
    pdf = certificate(overlay=overlay)
    x, y = (v / mm for v in QR_AT)
    size = QR_SIZE / mm
    dark = dark_pixels(pdf, (x, y, size, size))
    area = (size * 100 / 25.4) ** 2
    assert 0.3 * area < dark < 0.7 * area  # a QR code: about half its modules are dark
    assert x > 18 and y > 18  # inside the inner border line
    assert "核验码 AB12-CD34" in reader(pdf).pages[0].extract_text()
    xobjects = reader(pdf).pages[0]["/Resources"]["/XObject"]
    assert any(re.search("QR", str(name)) for name in xobjects)
