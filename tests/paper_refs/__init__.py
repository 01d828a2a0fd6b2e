"""The paper regression check: every document kind rendered from fixed data and compared
with committed references (extracted text, and page images at low resolution).

Like the Dutch Electoral Council's Abacus, which renders its documents on every change,
this makes every change to printed paper visible and approved: a deliberate layout
change regenerates the references in the same commit::

    .venv/bin/python -m tests.paper_refs update            # all samples
    .venv/bin/python -m tests.paper_refs update voter_list # some
    .venv/bin/python -m tests.paper_refs check             # what the test does

(or ``VEW_UPDATE_PAPER_REFS=1 .venv/bin/python -m pytest tests/test_paper_regression.py``).
``git diff --stat tests/paper_refs/refs`` then shows which documents changed; look at the
new PNGs before committing.

Rendering forces the bundled fonts (``VEW_BUNDLED_FONTS=1``), so installed fonts never
change the result, and uses only what the program itself depends on: reportlab to make
the PDF, pypdfium2 (PDFium) to extract the text and render the pages, Pillow (a
reportlab dependency) to store and compare the images. CI needs nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REFS = Path(__file__).resolve().parent / "refs"
DPI = 36  # low resolution: small files, insensitive to anti-aliasing, still shows every line
DARK_STEP = 64  # a pixel differs when its grey level moves by more than this
TOLERANCE = 0.0005  # share of a page's pixels allowed to differ (≈ 60 px at 36 dpi A4)
UPDATE_ENV = "VEW_UPDATE_PAPER_REFS"
PAGE_BREAK = "\f\n"


@contextmanager
def bundled_fonts() -> Iterator[None]:
    """Render with the bundled fonts only (installed fonts ignored), caches reset around it."""
    from printing import fonts

    saved = os.environ.get(fonts.BUNDLED_ONLY)
    os.environ[fonts.BUNDLED_ONLY] = "1"
    fonts.reset_font_cache()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(fonts.BUNDLED_ONLY, None)
        else:
            os.environ[fonts.BUNDLED_ONLY] = saved
        fonts.reset_font_cache()


@dataclass
class Rendered:
    """One sample as printed: its PDF, its text per page and its page images (grey)."""

    name: str
    pdf: bytes
    pages: list[str]
    images: list[object]  # PIL images, mode "L"

    @property
    def text(self) -> str:
        return PAGE_BREAK.join(self.pages)


def render(name: str) -> Rendered:
    """Render one sample with the bundled fonts; extract text and page images with PDFium."""
    import pypdfium2 as pdfium

    from printing.documents import kind
    from tests.paper_refs.specs import FOOTER, SAMPLES

    sample = SAMPLES[name]
    with bundled_fonts():
        pdf = kind(sample.kind).render(sample.spec(), FOOTER)
    document = pdfium.PdfDocument(pdf)
    pages, images = [], []
    for page in document:
        text = page.get_textpage().get_text_range().replace("\r\n", "\n")
        pages.append("\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n") + "\n")
        images.append(page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
    document.close()
    return Rendered(name, pdf, pages, images)


def text_path(name: str) -> Path:
    return REFS / f"{name}.txt"


def image_path(name: str, page: int) -> Path:
    return REFS / f"{name}-p{page}.png"


def write(rendered: Rendered) -> list[Path]:
    """Store a sample's references (text and one PNG per page); drop pages it no longer has."""
    REFS.mkdir(parents=True, exist_ok=True)
    for stale in REFS.glob(f"{rendered.name}-p*.png"):
        stale.unlink()
    written = [text_path(rendered.name)]
    written[0].write_text(rendered.text, encoding="utf-8")
    for number, image in enumerate(rendered.images, start=1):
        path = image_path(rendered.name, number)
        image.save(path, optimize=True)
        written.append(path)
    return written


def differences(rendered: Rendered, out_dir: Path | None = None) -> list[str]:
    """What differs from the references, in words (empty: the paper is unchanged).

    With ``out_dir``, the new page images and a difference image (changed pixels black)
    are written there for each page that differs.
    """
    from PIL import Image, ImageChops

    problems = []
    if not text_path(rendered.name).exists():
        return [f"{rendered.name}: no reference (run: python -m tests.paper_refs update {rendered.name})"]
    expected = text_path(rendered.name).read_text(encoding="utf-8")
    if expected != rendered.text:
        problems.append(f"{rendered.name}: text differs\n{_first_difference(expected, rendered.text)}")
    references = sorted(REFS.glob(f"{rendered.name}-p*.png"))
    if len(references) != len(rendered.images):
        problems.append(f"{rendered.name}: {len(rendered.images)} pages, reference has {len(references)}")
    for number, image in enumerate(rendered.images, start=1):
        path = image_path(rendered.name, number)
        if not path.exists():
            continue
        with Image.open(path) as stored:
            reference = stored.convert("L")
        if reference.size != image.size:
            problems.append(f"{rendered.name} page {number}: size {image.size}, reference {reference.size}")
            continue
        delta = ImageChops.difference(reference, image).point(lambda v: 255 if v > DARK_STEP else 0)
        changed = sum(delta.histogram()[255:])
        share = changed / (image.width * image.height)
        if share > TOLERANCE:
            problems.append(f"{rendered.name} page {number}: {changed} pixels differ ({share:.2%})")
            if out_dir is not None:
                out_dir.mkdir(parents=True, exist_ok=True)
                image.save(out_dir / f"{rendered.name}-p{number}.png")
                ImageChops.invert(delta).save(out_dir / f"{rendered.name}-p{number}-diff.png")
    return problems


def _first_difference(expected: str, actual: str) -> str:
    old, new = expected.splitlines(), actual.splitlines()
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return f"  line {number}: reference {a!r}\n  line {number}: now       {b!r}"
    return f"  reference has {len(old)} lines, now {len(new)}"
