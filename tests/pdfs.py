"""Reading PDFs back in tests: text per page, fonts, and checks for personal data."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

ID_PATTERN = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def pages_text(data: bytes) -> list[str]:
    """Extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def text(data: bytes) -> str:
    """All text, pages joined."""
    return "\n".join(pages_text(data))


def compact(data: bytes) -> str:
    """All text without whitespace (lines broken by layout are rejoined)."""
    return re.sub(r"\s+", "", text(data))


def fonts_embedded(data: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font used."""
    reader = PdfReader(io.BytesIO(data))
    found = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return sorted(found.items())


def personal_data(data: bytes) -> list[str]:
    """Any full ID number or mobile number in the text (must be empty for public documents)."""
    flat = compact(data)
    return ID_PATTERN.findall(flat) + PHONE_PATTERN.findall(flat)
