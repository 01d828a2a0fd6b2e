"""Printing core: fonts, grid paragraphs, GB/T 9704 layout and long lists — real PDFs.

Every check reads the rendered PDF back (pypdf, and PDFium through pypdfium2 for line
boxes and pixels) or the line breaker's own output; nothing is mocked.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from printing import fonts
from printing.cjk import CANNOT_END, CANNOT_START, EM_ASCENT, GridParagraph, break_lines, grid_lines
from printing.layout import (
    LANDSCAPE,
    PORTRAIT,
    Footer,
    closing,
    heading,
    number_line,
    page_number_baseline,
    paragraph,
    qr_position,
    render_document,
    signature,
    table,
    title,
)
from printing.lists import render_list

PT_PER_MM = mm
TITLE = "青山镇青山村第十二届村民委员会换届选举选民登记公告"
BODY = (
    "根据《中华人民共和国村民委员会组织法》和《江西省村民委员会选举办法》的规定，经村民选举委员会"
    "研究决定，本村第十二届村民委员会换届选举的选民登记工作定于2026年3月10日至3月15日进行。"
    "凡年满十八周岁（以2026年4月1日为准）的本村村民，不分民族、种族、性别、职业、家庭出身、"
    "宗教信仰、教育程度、财产状况和居住期限，都有选举权和被选举权；但是，依照法律被剥夺政治权利的"
    "人除外。联系人：王堃、欧阳喆、李玥、刘䶮。"
)
ISSUER, DATE = "青山村村民选举委员会", "2026年3月10日"
# 28 × 9 hanzi without punctuation: every full line must hold exactly 28 characters.
PLAIN = "村民选举委员会依法组织本村选民登记工作并公布名单接受监督" * 9


@pytest.fixture(autouse=True)
def default_fonts(monkeypatch):
    """Bundled fonts unless a test points VEW_FONT_DIRS somewhere (caches reset around it)."""
    monkeypatch.delenv("VEW_FONT_DIRS", raising=False)
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    fonts.reset_font_cache()
    yield
    fonts.reset_font_cache()


def notice_flowables() -> list:
    return [title(TITLE), number_line("（第3号）"), paragraph(BODY), closing(),
            signature(ISSUER, DATE)]


@functools.cache
def sample_notice() -> bytes:
    return render_document(notice_flowables(), footer=Footer("AB12-CD34"), title_meta=TITLE)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def extracted_lines(pdf: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in reader(pdf).pages)
    return [line for line in text.splitlines() if line.strip()]


def text_positions(pdf: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y from the bottom, text) of each text chunk pypdf reports, in page points."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip()))

    reader(pdf).pages[page].extract_text(visitor_text=visit)
    return found


def line_boxes(pdf: bytes) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax from the top, text) of each printed line of page 1 (PDFium).

    Characters are measured by their loose boxes (advance width × font ascent/descent, as
    a typesetter sees them, not the ink) and grouped into lines by their vertical middle.
    """
    page = pdfium.PdfDocument(pdf)[0]
    text, height = page.get_textpage(), page.get_height()
    chars = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if not char.strip():
            continue
        left, bottom, right, top = text.get_charbox(index, loose=True)
        chars.append((left, height - top, right, height - bottom, char))
    groups: list[list[tuple]] = []
    for char in chars:  # PDFium keeps drawing order: a line's characters come together
        middle = (char[1] + char[3]) / 2
        if groups and abs((groups[-1][-1][1] + groups[-1][-1][3]) / 2 - middle) < 4:
            groups[-1].append(char)
        else:
            groups.append([char])
    return [(min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group),
             max(c[3] for c in group), "".join(c[4] for c in group))
            for group in groups]


def render_grey(pdf: bytes, dpi: int = 50) -> tuple[int, int, bytes]:
    """Page 1 rasterised to 8-bit grey with PDFium (width, height, pixels)."""
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    return image.width, image.height, image.tobytes()


# ----------------------------------------------------------------------------- notice


def test_sample_notice_text_is_extractable():
    lines = extracted_lines(sample_notice())
    text = "".join(lines)
    assert TITLE in text  # the two balanced title lines, joined
    assert "（第3号）" in lines
    assert "根据《中华人民共和国村民委员会组织法》" in text
    assert "2026年3月10日至3月15日进行" in text  # half-width digits kept with the hanzi
    assert "王堃、欧阳喆、李玥、刘䶮" in text
    assert {"特此公告", f"{ISSUER}（章）", DATE} <= set(lines)
    assert "核验码 AB12-CD34" in lines
    assert "— 1 —" in lines
    assert reader(sample_notice()).metadata.title == TITLE


def test_every_font_is_embedded():
    pdf = sample_notice()
    pdf_doc = reader(pdf)
    descriptors = []
    for page in pdf_doc.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "STSong" not in font["/BaseFont"]
            assert font["/Subtype"] == "/TrueType"
            descriptors.append(font["/FontDescriptor"].get_object())
    assert descriptors and all("/FontFile2" in d for d in descriptors)
    assert b"Helvetica" not in pdf and b"STSong" not in pdf


def test_page_is_a4_and_text_block_follows_gb9704(tmp_path):
    pdf = sample_notice()
    box = reader(pdf).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.28, 841.89), abs=0.01)

    lines = line_boxes(pdf)
    body = [line for line in lines if "核验码" not in line[4] and "—" not in line[4]]
    left, right, top = 28 * mm, 184 * mm, 37 * mm
    # Nothing outside the 156 × 225 mm text block.
    assert min(line[0] for line in body) >= left - 1 * mm
    assert max(line[2] for line in body) <= right + 1 * mm
    assert min(line[1] for line in body) == pytest.approx(top, abs=1 * mm)  # title em-box top
    assert max(line[3] for line in body) <= top + 225 * mm
    # Justified body lines end at the right edge; continuation lines start at the left edge.
    body_lines = [line for line in body if line[4] in BODY and len(line[4]) >= 20]
    assert len(body_lines) >= 6, body
    for _, _, x_max, _, text in body_lines[:-1]:  # all but the paragraph's last line
        assert x_max == pytest.approx(right, abs=1 * mm), text
    for x_min, _, _, _, text in body_lines[1:]:
        assert x_min == pytest.approx(left, abs=1 * mm), text
    assert body_lines[0][0] == pytest.approx(left + 2 * 156 / 28 * mm, abs=1 * mm)  # 2-char indent

    # The same edges from pypdf's text matrices: first baselines and left edges.
    positions = text_positions(pdf)
    title_line = next(p for p in positions if p[2].startswith(TITLE[:4]))
    first_baseline_from_top = 297 * mm - title_line[1]
    assert first_baseline_from_top - EM_ASCENT * 22 == pytest.approx(top, abs=1 * mm)
    # (pypdf reports a line's chunks at the line's start: keep the line-leading chunks.)
    continuation = [p for p in positions if len(p[2]) > 10 and p[2] in BODY[30:]]
    assert continuation and all(p[0] == pytest.approx(left, abs=0.01) for p in continuation)
    pitch = 225 * mm / 22
    baselines = sorted({round(p[1], 2) for p in continuation}, reverse=True)
    steps = [a - b for a, b in zip(baselines, baselines[1:], strict=False)]
    assert steps and all(step == pytest.approx(pitch, abs=0.01) for step in steps)


def test_page_number_and_unsealed_signature_positions():
    chunks = text_positions(sample_notice())
    number = next(p for p in chunks if p[2] == "— 1 —")
    width = pdfmetrics.stringWidth("— 1 —", fonts.resolve_font(fonts.SONG), 14)
    assert number[0] + width == pytest.approx(184 * mm - 14, abs=0.01)  # odd page: right, 1 char in
    assert number[1] == pytest.approx(page_number_baseline(PORTRAIT), abs=0.01)
    assert number[1] < 35 * mm - 7 * mm  # below the text block

    pdf = render_document([*notice_flowables()[:-1], signature(ISSUER, DATE, stamped=False)],
                          footer=Footer())
    chunks = text_positions(pdf)
    positions = {p[2]: p for p in chunks}
    pitch = 156 * mm / 28
    issuer_w = pdfmetrics.stringWidth(ISSUER, fonts.resolve_font(fonts.BODY), 16) / 16 * pitch
    assert positions[ISSUER][0] + issuer_w == pytest.approx(184 * mm - 2 * pitch, abs=0.5)
    date = next(p for p in chunks if p[2] == "2026" and p[1] < positions[ISSUER][1])
    assert date[0] == pytest.approx(positions[ISSUER][0] + 2 * pitch, abs=0.01)  # 2 chars right
    assert positions[ISSUER][1] - date[1] == pytest.approx(225 * mm / 22, abs=0.01)
    assert "（章）" not in extract(pdf)


def extract(pdf: bytes) -> str:
    return "\n".join(extracted_lines(pdf))


def test_village_notice_prints_the_seal_mark_and_leaves_room_for_the_seal():
    """Default signature of a notice: “…委员会（章）” centred over the date, 右空四字,
    two blank lines above and one free line below for the seal."""
    pdf = sample_notice()
    chunks = text_positions(pdf)
    sealed = f"{ISSUER}（章）"
    assert sealed in extracted_lines(pdf)
    issuer = next(p for p in chunks if p[2] == sealed)
    closing_line = next(p for p in chunks if p[2] == "特此公告")
    date = next(p for p in chunks if p[2] == "2026" and p[1] < issuer[1])
    pitch, line = 156 * mm / 28, 225 * mm / 22
    font = fonts.resolve_font(fonts.BODY)
    date_w = sum(pdfmetrics.stringWidth(c, font, 16) if c.isdigit() else pitch for c in DATE)
    assert date[0] + date_w == pytest.approx(184 * mm - 4 * pitch, abs=0.01)  # 右空四字
    assert issuer[0] + len(sealed) * pitch / 2 == pytest.approx(date[0] + date_w / 2, abs=0.01)
    assert closing_line[1] - issuer[1] == pytest.approx(3 * line, abs=0.01)  # two blank lines
    # The signature's flowable keeps one more line free under the date.
    sig = signature(ISSUER, DATE)
    assert sig.wrap(156 * mm, 10 * line)[1] == pytest.approx(5 * line)


def test_stamped_signature_centres_the_issuer_over_the_date():
    pdf = render_document([paragraph("正文。"), signature(ISSUER, DATE, stamped=True)],
                          footer=Footer())
    chunks = text_positions(pdf)
    body = next(p for p in chunks if p[2] == "正文。")
    issuer = next(p for p in chunks if p[2] == ISSUER)
    date = next(p for p in chunks if p[2] == "2026")
    pitch, line = 156 * mm / 28, 225 * mm / 22
    font = fonts.resolve_font(fonts.BODY)
    date_w = sum(pdfmetrics.stringWidth(c, font, 16) if c.isdigit() else pitch for c in DATE)
    assert date[0] + date_w == pytest.approx(184 * mm - 4 * pitch, abs=0.01)  # 右空四字
    issuer_w = len(ISSUER) * pitch
    assert issuer[0] + issuer_w / 2 == pytest.approx(date[0] + date_w / 2, abs=0.01)
    assert body[1] - issuer[1] == pytest.approx(3 * line, abs=0.01)  # two blank lines for the seal
    assert "（章）" not in extract(pdf)  # a 公文 sealed by hand prints no mark


def body_lines(filled: int) -> str:
    """A paragraph of exactly ``filled`` grid lines (first line indented two characters)."""
    return "村" * 26 + "村" * 28 * (filled - 1)


def page_lines(pdf: bytes, number: int) -> list[str]:
    return [line for line in reader(pdf).pages[number].extract_text().splitlines()
            if line.strip() and not line.startswith("—")]


def test_signature_stays_on_a_nearly_full_page():
    """With two lines left, the blank line above the issuer gives way (no lone signature)."""
    pdf = render_document([title("公告"), paragraph(body_lines(18)),
                           signature(ISSUER, DATE, stamped=False)], footer=Footer())
    pages = reader(pdf).pages
    assert len(pages) == 1
    assert {ISSUER, DATE} <= set(pages[0].extract_text().splitlines())
    # Sealed: one blank line above and the free line below still fit in four lines.
    pdf = render_document([title("公告"), paragraph(body_lines(16)), signature(ISSUER, DATE)],
                          footer=Footer())
    assert len(reader(pdf).pages) == 1


@pytest.mark.parametrize("filled", [17, 18, 19, 20])
def test_the_signature_never_stands_alone_the_last_body_lines_go_with_it(filled):
    """GB/T 9704 §7.3.5: when 特此公告 and the signature do not fit, at least two body lines
    go over with them; at least two stay (never one line alone on either page)."""
    pdf = render_document([title("公告"), paragraph(body_lines(filled)), closing(), signature(ISSUER, DATE)],
                          footer=Footer())
    assert len(reader(pdf).pages) == 2
    first, second = page_lines(pdf, 0), page_lines(pdf, 1)
    assert second[-3:] == ["特此公告", f"{ISSUER}（章）", DATE]
    carried = second[:-3]
    assert len(carried) >= 2 and all(set(line) == {"村"} for line in carried)
    assert len(first) - 1 + len(carried) == filled  # the title, then every body line once
    assert len(first) - 1 >= 2


def test_a_table_before_the_signature_carries_its_last_row_over():
    rows = [[str(i), "王堃"] for i in range(1, 60)]
    flowables = [title("名单"), table(["序号", "姓名"], rows), signature(ISSUER, DATE)]
    pdf = render_document(flowables, footer=Footer())
    pages = reader(pdf).pages
    last = page_lines(pdf, len(pages) - 1)
    assert last[0] == "序号 姓名" and re.match(r"\d+ 王堃", last[1])  # header repeated, then rows
    assert last[-2:] == [f"{ISSUER}（章）", DATE]


def test_a_page_break_leaves_no_single_line_of_a_paragraph_alone():
    """A paragraph whose last line would start the next page sends two lines there."""
    pdf = render_document([title("公告"), paragraph(body_lines(19)), paragraph(body_lines(2))],
                          footer=Footer())
    assert [len(page_lines(pdf, n)) for n in range(2)] == [1 + 19, 2]
    pdf = render_document([title("公告"), paragraph(body_lines(19)), paragraph(body_lines(3))],
                          footer=Footer())
    assert [len(page_lines(pdf, n)) for n in range(2)] == [1 + 19, 3]  # not 1 + 1 on page one


def test_a_last_line_of_one_or_two_characters_is_pulled_back():
    """“…并公布处理结\n果。” becomes “…并公布处理\n结果。”: the line above gives a character."""
    text = ("村民对名单有不同意见的，可以自名单公布之日起5日内（2026年11月16日以前）向村民选举委员会"
            "提出申诉；村民选举委员会自收到申诉之日起3日内作出处理决定，并公布处理结果。")
    lines = grid_lines(text)
    assert lines[-1] == "结果。"
    assert lines[-2].endswith("并公布处理")
    pdf = render_document([paragraph(text)], footer=Footer())
    assert page_lines(pdf, 0) == lines
    for text in ("村" * 27 + "果。", "村" * 53 + "一", "村" * 26 + "，村" * 3):
        lines = grid_lines(text)
        assert len(lines) == 2 and len(lines[-1]) >= 3, lines
    assert grid_lines("村" * 25 + "。") == ["村" * 25 + "。"]  # one line: nothing to pull


def test_even_pages_number_at_the_left():
    pdf = render_document([paragraph(PLAIN * 6)], footer=Footer())
    positions = text_positions(pdf, page=1)
    number = next(p for p in positions if p[2] == "— 2 —")
    assert number[0] == pytest.approx(28 * mm + 14, abs=0.01)


@pytest.mark.parametrize("landscape", [False, True])
def test_margins_stay_clear_of_the_text_block(landscape):
    """Page number, verification code and QR code print, but only outside the text block."""
    geo = LANDSCAPE if landscape else PORTRAIT
    footer = Footer("AB12-CD34", qr_payload="https://example.org/v/AB12-CD34", note="扫码核验")
    pdf = render_document([paragraph("")], footer=footer, landscape=landscape)
    dpi = 50
    width, height, pixels = render_grey(pdf, dpi)
    scale = dpi / 72
    x0, x1 = int(geo.left * scale) - 1, int(geo.right * scale) + 1
    y0, y1 = int(geo.top * scale) - 1, int((geo.top + geo.text_height) * scale) + 1
    inside = [pixels[y * width + x] for y in range(y0, y1) for x in range(x0, x1)]
    assert min(inside) == 255
    assert sum(p < 128 for p in pixels) > 200  # QR, code and page number did print
    qx, qy = qr_position(geo)
    assert qy + 14 * mm <= geo.bottom or qx >= geo.right  # QR below or beside the block
    assert "核验码 AB12-CD34  扫码核验" in extracted_lines(pdf)


# ----------------------------------------------------------------------------- grid


def test_full_lines_hold_exactly_28_characters():
    lines = grid_lines(PLAIN)
    assert len(lines[0]) == 26  # two characters of indent
    assert all(len(line) == 28 for line in lines[1:-2])
    # 26 + 8 × 28 leaves two characters: the line above gives one, so none stands alone.
    assert [len(line) for line in lines[-2:]] == [27, 3]
    pdf = render_document([paragraph(PLAIN)], footer=Footer())
    extracted = [line for line in extracted_lines(pdf) if "—" not in line]
    assert extracted == lines


def test_half_width_runs_stay_together_and_advance_naturally():
    text = "依照" + "村" * 20 + "GB/T 9704-2012执行，定于2026年3月10日公布。"
    lines = grid_lines(text)
    assert any(line.startswith("GB/T 9704-2012") for line in lines)
    assert not any(line.endswith(("GB/T", "20", "202")) for line in lines)
    # Digits are narrower than a grid cell: a dated line holds more than 28 characters.
    assert max(len(line) for line in grid_lines(BODY)) > 28


def test_narrow_widths_terminate():
    assert grid_lines("选举ABCDEFGHIJ", width=10, chars_per_line=None, first_line_indent=0) == [
        "选", "举", *"ABCDEFGHIJ"]
    assert grid_lines("No.3 公告", width=40, chars_per_line=None, first_line_indent=0) == [
        "No.3", "公告"]


def test_explicit_newline_starts_an_unindented_line():
    assert grid_lines("第一行\n第二行", first_line_indent=2) == ["第一行", "第二行"]
    lines = break_lines("第一行\n第二行", fonts.BODY, 16, 156 * mm, 156 * mm / 28, 2)
    assert [line.indent for line in lines] == [pytest.approx(2 * 156 * mm / 28), 0]
    assert all(line.last for line in lines)  # neither is stretched


def test_forbidden_marks_move_text_down_not_out():
    text = "村" * 28 + "，好的。" + "（" + "村" * 30
    lines = grid_lines(text, first_line_indent=0)
    assert lines[0] == "村" * 27  # the 28th 村 went down with the comma
    assert lines[1].startswith("村，好的。")
    assert not any(line.endswith("（") for line in lines)
    pdf = render_document([paragraph(text, indent=0)], footer=Footer())
    extracted = [line for line in extracted_lines(pdf) if "—" not in line]
    assert extracted == lines
    assert not any(line[0] in CANNOT_START or line[-1] in CANNOT_END for line in extracted)


HANZI = "选举委员会村民代表登记名单公告本人同意户籍居住外出务工依法组织监督候选人正式投票"
OPENERS = ["（", "《", "“", "【", "〔", "‘", "「"]
CLOSERS = dict(zip(OPENERS, ["）", "》", "”", "】", "〕", "’", "」"], strict=True))
MARKS = ["", "", "，", "。", "、", "；", "：", "！", "？", "……", "——", "”。", "）。", "%", "·"]


@st.composite
def chinese_text(draw) -> str:
    """Realistic Chinese with lots of punctuation: words, bracketed words, marks, numbers."""
    parts = []
    for _ in range(draw(st.integers(5, 60))):
        word = draw(st.text(HANZI, min_size=1, max_size=6))
        kind = draw(st.sampled_from(["plain", "plain", "bracket", "number", "latin"]))
        if kind == "bracket":
            opener = draw(st.sampled_from(OPENERS))
            word = opener + word + CLOSERS[opener]
        elif kind == "number":
            word += str(draw(st.integers(0, 2100))) + "年"
        elif kind == "latin":
            word += draw(st.sampled_from(["GB/T 9704", "A4", "QR", "No.3"]))
        parts.append(word + draw(st.sampled_from(MARKS)))
    return "".join(parts)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chinese_text(), st.integers(8, 28), st.sampled_from([12.0, 16.0]), st.integers(0, 2))
def test_no_line_starts_or_ends_with_a_forbidden_mark(text, chars, size, indent):
    width = chars * size
    lines = break_lines(text, fonts.BODY, size, width, size, indent)
    for number, line in enumerate(lines):
        assert line.text, lines
        assert line.text[0] not in CANNOT_START, [x.text for x in lines]
        assert line.text[-1] not in CANNOT_END, [x.text for x in lines]
        assert line.indent + line.natural_width <= width + 1e-6  # nothing overflows
        if number < len(lines) - 1:
            assert line.natural_width + line.indent > width - 8 * size  # no runaway short lines
    assert "".join(line.text for line in lines) == text.replace(" ", "") or " " in text


def test_rendered_lines_obey_the_rules_too():
    texts = [
        "“选举”，“登记”。《名单》（公告）……本人——同意！" * 12,
        "村民：（一）户籍在本村；（二）居住一年以上。" * 14,
    ]
    pdf = render_document([paragraph(text) for text in texts], footer=Footer())
    for line in extracted_lines(pdf):
        if line.startswith("— "):
            continue
        assert line[0] not in CANNOT_START and line[-1] not in CANNOT_END, line


def test_reportlab_paragraph_tables_are_extended():
    """reportlab's own CJK wrapping no longer starts a line with "，" (hangs it instead)."""
    style = ParagraphStyle("cjk", fontName=fonts.resolve_font(fonts.SONG), fontSize=10,
                           leading=12, wordWrap="CJK")
    para = Paragraph("中" * 10 + "，中中中中中", style)
    para.wrap(100, 1000)
    first = "".join(para.blPara.lines[0][1])
    second = "".join(para.blPara.lines[1][1])
    assert first.endswith("，") and not second.startswith("，")


def test_grid_paragraph_splits_between_lines_across_pages():
    para = GridParagraph(PLAIN * 4, fonts.BODY, 16, 20, chars_per_line=28)
    width = 156 * mm
    _, height = para.wrap(width, 10_000)
    assert height == len(para.lines(width)) * 20
    head, tail = para.split(width, 95)  # four lines fit
    assert len(head.lines(width)) == 4
    assert head.lines(width) + tail.lines(width) == para.lines(width)
    assert tail.lines(width)[0].indent == 0  # a continuation is not re-indented
    assert para.split(width, 10) == []


# ----------------------------------------------------------------------------- fonts


def _font_without_rare_chars(path: Path, postscript: str = "") -> Path:
    """A tiny real TrueType font with glyphs for 刘 and 测 only (not 䶮)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box():
        pen = TTGlyphPen(None)
        pen.moveTo((100, -100))
        pen.lineTo((100, 800))
        pen.lineTo((900, 800))
        pen.lineTo((900, -100))
        pen.closePath()
        return pen.glyph()

    order = [".notdef", "space", "liu", "ce"]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({0x20: "space", ord("刘"): "liu", ord("测"): "ce"})
    builder.setupGlyf({name: box() for name in order})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in order})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    names = {"familyName": "VewTiny", "styleName": "Regular"}
    builder.setupNameTable({**names, "psName": postscript} if postscript else names)
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def test_split_runs_falls_back_per_character(tmp_path):
    tiny = _font_without_rare_chars(tmp_path / "tiny.ttf")
    pdfmetrics.registerFont(TTFont("VewTiny", str(tiny)))
    serif = fonts.font_set().body
    assert fonts.split_runs("刘䶮测", "VewTiny") == [("VewTiny", "刘"), (serif, "䶮"), ("VewTiny", "测")]
    assert fonts.split_runs("王堃欧阳喆李玥刘䶮", fonts.BODY) == [(serif, "王堃欧阳喆李玥刘䶮")]
    assert fonts.missing_characters("刘䶮", "VewTiny") == set()
    assert fonts.missing_characters("刘\U000f0001", fonts.BODY) == {"\U000f0001"}

    pdf = render_document([GridParagraph("刘䶮", "VewTiny", 16, first_line_indent=0)],
                          footer=Footer(), page_numbers=False)
    assert extracted_lines(pdf) == ["刘䶮"]
    assert font_names(pdf) == {"VewTiny", "NotoSerifSC-Regular"}


def test_table_cells_use_fallback_fonts(tmp_path):
    tiny = _font_without_rare_chars(tmp_path / "tiny.ttf")
    pdfmetrics.registerFont(TTFont("VewTiny2", str(tiny)))
    flow = table(["测"], [["刘"], ["刘䶮"]])
    flow.spec.font = "VewTiny2"
    pdf = render_document([flow], footer=Footer(), page_numbers=False)
    assert extracted_lines(pdf) == ["测", "刘", "刘䶮"]


def test_windows_fonts_are_preferred(tmp_path, monkeypatch):
    folder = tmp_path / "Fonts"
    folder.mkdir()
    shutil.copy(fonts.BUNDLED_SANS, folder / "simhei.ttf")
    monkeypatch.setenv("VEW_FONT_DIRS", str(folder))
    fonts.reset_font_cache()
    chosen = fonts.font_set()
    assert chosen.file(fonts.HEI).path == folder / "simhei.ttf"
    assert chosen.hei == chosen.sans
    assert chosen.file(fonts.BODY).path == fonts.BUNDLED_SERIF  # no simfang.ttf: bundled
    assert f"黑体：黑体 ({folder / 'simhei.ttf'})" in fonts.describe_fonts()
    pdf = render_document([heading("一、选举公告")], footer=Footer(), page_numbers=False)
    assert font_names(pdf) == {"NotoSansSC-Regular"}  # the "simhei.ttf" copy, not Bold


def test_titles_never_use_hei_but_xiaobiaosong_then_zhongsong_then_a_bold_serif(tmp_path, monkeypatch):
    """方正小标宋简体 first, then 华文中宋; 黑体 alone leaves titles to the bundled bold serif."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    monkeypatch.setenv("VEW_FONT_DIRS", str(folder))
    shutil.copy(fonts.BUNDLED_SANS, folder / "simhei.ttf")
    fonts.reset_font_cache()
    assert fonts.font_set().file(fonts.TITLE).path == fonts.BUNDLED_SERIF_BOLD
    pdf = render_document([title("选举公告")], footer=Footer(), page_numbers=False)
    assert font_names(pdf) == {"NotoSerifSC-Bold"}  # a bold serif, not 黑体 and not a sans

    shutil.copy(fonts.BUNDLED_SANS_BOLD, folder / "STZHONGS.TTF")
    fonts.reset_font_cache()
    assert (fonts.font_set().file(fonts.TITLE).label, fonts.font_set().file(fonts.TITLE).path.name) == (
        "华文中宋", "STZHONGS.TTF")
    shutil.copy(fonts.BUNDLED_SERIF_BOLD, folder / "FZXBSJW.TTF")
    fonts.reset_font_cache()
    assert fonts.font_set().file(fonts.TITLE).label == "方正小标宋简体"


def test_body_prefers_fangsong_gb2312_then_fangsong(tmp_path, monkeypatch):
    folder = tmp_path / "Fonts"
    folder.mkdir()
    monkeypatch.setenv("VEW_FONT_DIRS", str(folder))
    shutil.copy(fonts.BUNDLED_SERIF, folder / "simfang.ttf")
    fonts.reset_font_cache()
    assert fonts.font_set().file(fonts.BODY).label == "仿宋"
    shutil.copy(fonts.BUNDLED_SERIF, folder / "仿宋_GB2312.ttf")
    fonts.reset_font_cache()
    assert fonts.font_set().file(fonts.BODY).label == "仿宋_GB2312"
    assert fonts.role_faces([fonts.BODY]) == [("正文", "仿宋_GB2312")]


def test_title_characters_missing_from_the_title_face_fall_back_to_a_serif():
    """The bundled bold serif holds GB2312 only: 堃 comes from the regular serif, 𠮷 too."""
    title_font, serif = fonts.font_set().title, fonts.font_set().body
    assert fonts.split_runs("石桥村堃𠮷公告", fonts.TITLE) == [
        (title_font, "石桥村"), (serif, "堃𠮷"), (title_font, "公告")]
    pdf = render_document([title("堃村公告")], footer=Footer(), page_numbers=False)
    assert extracted_lines(pdf) == ["堃村公告"]


def test_unusable_installed_font_falls_back_to_the_bundled_one(tmp_path, monkeypatch):
    (tmp_path / "fzxbsjw.ttf").write_bytes(b"not a font")  # found case-insensitively
    monkeypatch.setenv("VEW_FONT_DIRS", str(tmp_path))
    fonts.reset_font_cache()
    assert fonts.font_set().file(fonts.TITLE).label == "方正小标宋简体"
    pdf = render_document([title("选举公告")], footer=Footer(), page_numbers=False)
    assert extracted_lines(pdf) == ["选举公告"]
    assert font_names(pdf) == {"NotoSerifSC-Bold"}
    assert any(line.startswith("标题：方正小标宋简体") and "无法使用" in line
               for line in fonts.describe_fonts())
    # What really prints is named, not the file that failed.
    assert ("标题", "Noto Serif SC Bold（内置，代小标宋）") in fonts.role_faces()


def test_the_faces_line_names_the_face_each_role_prints_with(tmp_path, monkeypatch):
    bundled = render_document([title("选举公告"), paragraph("正文。")], footer=Footer("AB12-CD34"))
    assert fonts.faces_line(bundled) == (
        "正文：Noto Serif SC（内置，代仿宋） · 标题：Noto Serif SC Bold（内置，代小标宋）")
    folder = tmp_path / "Fonts"
    folder.mkdir()
    _font_without_rare_chars(folder / "simfang.ttf", postscript="FangSong")
    monkeypatch.setenv("VEW_FONT_DIRS", str(folder))
    fonts.reset_font_cache()
    assert fonts.postscript_name(folder / "simfang.ttf") == "FangSong"
    fresh = render_document([title("选举公告"), paragraph("刘测")], footer=Footer())
    assert fonts.faces_line(fresh) == ("正文：仿宋 · 标题：Noto Serif SC Bold（内置，代小标宋） · "
                                       "宋体：Noto Serif SC（内置，代宋体）")  # the page number
    # Opened on a computer without 仿宋, the document still says it was printed with it.
    monkeypatch.delenv("VEW_FONT_DIRS")
    fonts.reset_font_cache()
    assert fonts.faces_line(fresh).endswith(" · 另有：仿宋")


def font_names(pdf: bytes) -> set[str]:
    return {f.get_object()["/BaseFont"].split("+")[-1]
            for page in reader(pdf).pages for f in page["/Resources"]["/Font"].values()}


def test_bundled_fonts_by_default():
    chosen = fonts.font_set()
    assert chosen.file(fonts.BODY).path == fonts.BUNDLED_SERIF
    assert chosen.file(fonts.TITLE).path == fonts.BUNDLED_SERIF_BOLD
    assert chosen.file(fonts.SANS).path == fonts.BUNDLED_SANS
    assert fonts.describe_fonts()[0].startswith("正文：Noto Serif SC")
    assert len(fonts.describe_fonts()) == 6  # no extra fallback without simsunb.ttf


# ----------------------------------------------------------------------------- output


def test_rendering_is_deterministic():
    footer = Footer("AB12-CD34", qr_payload="https://example.org/v/AB12-CD34")
    blocks = lambda: [*notice_flowables(), heading("二、名单"), table(["姓名"], [["王堃"]])]  # noqa: E731
    first = render_document(blocks(), footer=footer, title_meta=TITLE)
    second = render_document(blocks(), footer=footer, title_meta=TITLE)
    assert first == second


def test_long_list_repeats_header_and_numbers_pages():
    header = ["序号", "姓名", "性别", "出生年月", "村民小组", "登记类别", "备注"]
    rows = [[str(i + 1), "欧阳喆" if i % 7 else "王堃", "男女"[i % 2], f"{1950 + i % 50}年{i % 12 + 1}月",
             f"第{i % 12 + 1}村民小组", "户籍在本村", "本人书面申请参加选举" * (i % 97 == 0)]
            for i in range(3000)]
    pdf = render_list("青山村选民名单", header, rows, landscape=True, subtitle="（按村民小组排列）",
                      before=["下列村民具有选民资格，现予公布。"], after=["以上共计3000人。"],
                      footer=Footer("XY98-ZW76"), issuer=ISSUER, date_text=DATE)
    pages = reader(pdf).pages
    total = len(pages)
    assert total > 50
    seen_rows = set()
    for number, page in enumerate(pages, start=1):
        lines = page.extract_text().splitlines()
        assert "序号 姓名 性别 出生年月 村民小组 登记类别 备注" in lines, number
        assert f"第 {number} 页 共 {total} 页" in lines
        assert "核验码 XY98-ZW76" in lines
        seen_rows.update(int(line.split()[0]) for line in lines if re.match(r"\d+ \S", line))
    assert seen_rows == set(range(1, 3001))
    assert DATE in pages[-1].extract_text()


# ----------------------------------------------------------------------------- titles


ELECTION_TERMS = ("委员候选人", "选举委员会", "村民委员会", "村民选举委员会", "党支部委员会", "预备人选")
TITLES = [
    "石桥村第十二届村民委员会选举参加选举村民名单公告",
    "石桥村村民选举委员会关于选民名单异议处理结果的公告",
    "关于确定中共长岭村支部委员会委员候选人预备人选的请示",
    "关于中共长岭村支部委员会委员候选人预备人选的公示",
    "腾克镇西也必奇村第十一届村民委员会选举选民登记公告",
    "中共云溪镇委员会关于同意长岭村党支部委员会候选人预备人选的批复",
    "石桥村第十二届村民委员会选举正式候选人名单公告",
    "青山镇青山村第十二届村民委员会换届选举村民选举委员会成员名单公告",
]


def splits_a_term(first: str, second: str) -> str | None:
    """The election term broken across the end of ``first`` and the start of ``second``."""
    for term in ELECTION_TERMS:
        for k in range(1, len(term)):
            if first.endswith(term[:k]) and second.startswith(term[k:]):
                return term
    return None


@pytest.mark.parametrize("text", TITLES)
def test_titles_break_between_words_never_inside_election_terms(text):
    pdf = render_document([title(text)], footer=Footer(), page_numbers=False)
    lines = extracted_lines(pdf)
    assert "".join(lines) == text and 1 <= len(lines) <= 3
    for first, second in zip(lines, lines[1:], strict=False):
        assert splits_a_term(first, second) is None, lines
    if len(lines) == 2:  # balanced: neither line much longer than the other
        assert abs(len(lines[0]) - len(lines[1])) <= 8, lines


def test_title_of_the_voter_list_breaks_after_the_election():
    pdf = render_document([title(TITLES[0])], footer=Footer(), page_numbers=False)
    assert extracted_lines(pdf) == ["石桥村第十二届村民委员会选举", "参加选举村民名单公告"]
    # The issuer, then “关于……”: the break comes before 关于 when that takes no more lines.
    pdf = render_document([title(TITLES[1])], footer=Footer(), page_numbers=False)
    assert extracted_lines(pdf) == ["石桥村村民选举委员会", "关于选民名单异议处理结果的公告"]


def test_body_text_still_breaks_anywhere_on_the_grid():
    text = "村" * 24 + "村民委员会换届选举" * 3
    assert grid_lines(text)[0] == "村" * 24 + "村民"  # 26 characters: body text is not word-wrapped
    assert [line.text for line in break_lines(text, fonts.BODY, 16, 156 * mm, 156 * mm / 28, 2,
                                              words=True)][0] == "村" * 24


# ----------------------------------------------------------------------------- list columns


def test_list_columns_fit_their_content_dates_and_long_names_never_wrap():
    header = ["序号", "姓名", "性别", "出生年月", "村民小组", "现任职务", "备注"]
    names = ["阿依古丽·买买提", "王堃", "欧阳喆", "买买提·艾力"]
    rows = [[str(i + 1), names[i % 4], "女", f"{1990 + i % 9}年{10 + i % 3}月", "第十二村民小组", "", ""]
            for i in range(40)]
    pdf = render_list("名单", header, rows, footer=Footer(), optional_columns=["现任职务", "备注"])
    lines = extracted_lines(pdf)
    assert "序号 姓名 性别 出生年月 村民小组" in lines  # empty optional columns left out
    row_lines = [line for line in lines if re.match(r"\d+ ", line)]
    assert len(row_lines) == 40  # every row on one line: no cell wrapped
    assert "1 阿依古丽·买买提 女 1990年10月 第十二村民小组" in row_lines
    assert not any(line.endswith(("年", "年1")) or line in ("月", "0月") for line in lines)


def test_optional_columns_stay_when_any_row_fills_them():
    rows = [["1", "王堃", ""], ["2", "李玥", "外出务工"]]
    pdf = render_list("名单", ["序号", "姓名", "备注"], rows, footer=Footer(), optional_columns=["备注"])
    assert "序号 姓名 备注" in extracted_lines(pdf) and "2 李玥 外出务工" in extracted_lines(pdf)


def test_long_text_columns_wrap_and_short_ones_keep_their_width():
    from printing.layout import RowsTable, TableSpec

    reason = "本人书面申请参加选举并经村民代表会议同意，户籍不在本村但在本村居住一年以上"
    flow = RowsTable(["姓名", "出生年月", "说明"], [["阿依古丽·买买提", "1994年10月", reason]],
                     spec=TableSpec(size=11, padding=2.5))
    flow.wrap(156 * mm, 1000)
    prep = flow._prepare(156 * mm)
    font = fonts.resolve_font(fonts.SONG)
    for column, text in ((0, "阿依古丽·买买提"), (1, "1994年10月")):
        assert prep.widths[column] >= pdfmetrics.stringWidth(text, font, 11) + 5
        assert prep.rows[0][column] == text  # drawn as one plain line
    assert "\n" in prep.rows[0][2]  # the long text wraps instead


def test_given_widths_give_way_so_short_values_never_wrap():
    """A table with fixed widths too narrow for an eight-character name widens that column,
    taking room from the text column (and from short columns wider than they need)."""
    header = ["姓名", "出生年月", "原因"]
    rows = [["阿依古丽·买买提", "2008年11月", "年满十八周岁，本人申请参加选举并经村民代表会议同意"]]
    pdf = render_document([table(header, rows, [20.0, 26.0, 110.0])], footer=Footer(), page_numbers=False)
    assert any(line.startswith("阿依古丽·买买提 2008年11月") for line in extracted_lines(pdf))
    # Cells the caller broke for its widths keep them.
    broken = [["阿依古丽·买买提", "2008年11月", "年满十八周岁\n本人申请"]]
    flow = table(header, broken, [20.0, 26.0, 110.0])
    flow.wrap(156 * mm, 1000)
    assert flow._prepare(156 * mm).widths[2] == pytest.approx(110 * mm)


def test_bundled_fonts_only_ignores_installed_fonts(tmp_path, monkeypatch):
    shutil.copy(fonts.BUNDLED_SERIF, tmp_path / "simfang.ttf")
    monkeypatch.setenv("VEW_FONT_DIRS", str(tmp_path))
    monkeypatch.setenv("VEW_BUNDLED_FONTS", "1")
    fonts.reset_font_cache()
    assert fonts.font_set().file(fonts.BODY).path == fonts.BUNDLED_SERIF


def test_an_article_reference_never_breaks_across_lines_in_body_text():
    """Issue 9, 1.5: “第…条” is read as one reference; the line breaks before it instead."""
    text = ("根据《中华人民共和国村民委员会组织法》第十三条、第十四条规定，经村民选举委员会登记审核，"
            "本村登记参加第十二届村民委员会选举的村民共448人。")
    lines = grid_lines(text)
    assert "".join(lines) == text
    for reference in ("第十三条", "第十四条"):
        assert any(reference in line for line in lines), lines  # whole on one line
    assert lines[1].startswith("第十四条")  # it would have broken as 第十｜四条
