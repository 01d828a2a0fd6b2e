"""Chinese fonts for printing: role -> reportlab font name, lazy registration, fallback.

Roles follow 公文 practice: ``BODY`` 仿宋_GB2312 or 仿宋 (body text), ``TITLE`` 方正小标宋简体
or 华文中宋 (a bold serif, never 黑体), ``HEI`` 黑体 (section heads, table headers),
``SONG`` 宋体 (tables), ``KAI`` 楷体 and ``SANS`` (small print such as the
verification-code footer).

When the Windows 公文 fonts are installed they are used (never shipped with the
program); otherwise the bundled Noto fonts in ``resources/fonts`` stand in — for titles
Noto Serif SC Bold, because 宋体 has no bold and reportlab makes no fake bold. Fonts are
always embedded as subsets (reportlab ``TTFont``); CID fonts such as STSong-Light are
never used because they are not embedded and print as empty boxes.

:func:`role_faces` and :func:`faces_line` say which face serves each role (the document
viewer shows it, so a clerk sees “正文：仿宋” before printing).

Loading a 10-14 MB TrueType file takes 0.1-0.2 s, so :func:`font_set` only *locates*
the files; each font is loaded and registered with reportlab the first time it is
needed (:func:`ensure_font`), once per process.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
BUNDLED_SERIF = FONT_DIR / "NotoSerifSC-Regular.ttf"
BUNDLED_SERIF_BOLD = FONT_DIR / "NotoSerifSC-Bold.ttf"  # titles only: GB2312 + symbols
BUNDLED_SANS = FONT_DIR / "NotoSansSC-Regular.ttf"
BUNDLED_SANS_BOLD = FONT_DIR / "NotoSansSC-Bold.ttf"


def _utf16_hex(code_point: int) -> str:
    """A code point as the UTF-16BE hex a ToUnicode CMap needs (a surrogate pair above U+FFFF)."""
    return chr(code_point).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap for one font subset, with characters beyond the BMP as
    UTF-16 surrogate pairs.

    reportlab 4–5 writes every code point as ``<%04X>``, so 𠮷 (U+20BB7) becomes the
    odd-length ``<20BB7>``, which PDF readers reject: the character vanished from copied
    and extracted text. The PDF reference requires UTF-16BE in ``bfchar`` destinations.
    Installed in place of ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap`` when this module
    is imported (reportlab looks the function up at the time it writes each font).
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{code:02X}> <{_utf16_hex(point)}>" for code, point in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = to_unicode_cmap


class Role(StrEnum):
    """What a piece of text is; :class:`FontSet` maps each role to a font."""

    BODY = "body"
    TITLE = "title"
    HEI = "hei"
    SONG = "song"
    KAI = "kai"
    SANS = "sans"


BODY, TITLE, HEI, SONG, KAI, SANS = Role.BODY, Role.TITLE, Role.HEI, Role.SONG, Role.KAI, Role.SANS

ROLE_LABELS = {BODY: "正文", TITLE: "标题", HEI: "黑体", SONG: "宋体", KAI: "楷体", SANS: "无衬线"}


@dataclass(frozen=True)
class FontFile:
    """One font file (and face index inside a .ttc) with a human-readable label.

    ``substitute`` is the bundled file used instead if this one cannot be loaded.
    """

    label: str
    path: Path
    subfont: int = 0
    substitute: Path | None = None

    @property
    def name(self) -> str:
        """Registered reportlab name: stem plus a hash of the path (unique per file)."""
        digest = hashlib.sha1(f"{self.path}|{self.subfont}".encode()).hexdigest()[:8]
        return f"vew-{self.path.stem}-{self.subfont}-{digest}"


# (file names tried in order, label). The first name found in any folder wins; names
# are compared case-insensitively. Titles never fall back to 黑体: 方正小标宋, then 华文中宋,
# then the bundled bold serif.
WINDOWS_CHOICES: dict[Role, tuple[tuple[str, str], ...]] = {
    BODY: (("仿宋_GB2312.ttf", "仿宋_GB2312"), ("FS_GB2312.ttf", "仿宋_GB2312"),
           ("simfang.ttf", "仿宋")),
    TITLE: (("FZXBSJW.TTF", "方正小标宋简体"), ("FZXBSJW--GB1-0.ttf", "方正小标宋简体"),
            ("方正小标宋简体.ttf", "方正小标宋简体"), ("STZHONGS.TTF", "华文中宋")),
    HEI: (("simhei.ttf", "黑体"),),
    SONG: (("simsun.ttc", "宋体"),),
    KAI: (("楷体_GB2312.ttf", "楷体_GB2312"), ("simkai.ttf", "楷体")),
    SANS: (("simhei.ttf", "黑体"),),
}
BUNDLED_CHOICE: dict[Role, FontFile] = {
    BODY: FontFile("Noto Serif SC（内置，代仿宋）", BUNDLED_SERIF),
    TITLE: FontFile("Noto Serif SC Bold（内置，代小标宋）", BUNDLED_SERIF_BOLD),
    HEI: FontFile("Noto Sans SC Bold（内置，代黑体）", BUNDLED_SANS_BOLD),
    SONG: FontFile("Noto Serif SC（内置，代宋体）", BUNDLED_SERIF),
    KAI: FontFile("Noto Serif SC（内置，代楷体）", BUNDLED_SERIF),
    SANS: FontFile("Noto Sans SC（内置）", BUNDLED_SANS),
}
# Roles named in the viewer's font line (SANS only prints the small verification footer).
SHOWN_ROLES = (BODY, TITLE, HEI, SONG, KAI)
EXT_B_FILE = ("simsunb.ttf", "宋体-ExtB")


@dataclass(frozen=True)
class FontSet:
    """The font file per role and the per-character fallback chains.

    The role attributes (``body``, ``title``, ``hei``, ``song``, ``kai``, ``sans``) are
    reportlab font names, registered (loaded) on first access.
    """

    roles: dict[Role, FontFile] = field(repr=False)
    chain: tuple[FontFile, ...] = field(repr=False)
    bold: dict[Role, FontFile] = field(default_factory=dict, repr=False)  # tried first for bold roles

    def file(self, role: Role | str) -> FontFile:
        """The font file chosen for a role (nothing is loaded)."""
        return self.roles[Role(role)]

    def name(self, role: Role | str) -> str:
        """The registered font name for a role, or a font name passed through."""
        spec = self.roles.get(role) if role in Role._value2member_map_ else None
        name = spec.name if spec else str(role)
        ensure_font(name)
        return name

    body = property(lambda self: self.name(BODY))
    title = property(lambda self: self.name(TITLE))
    hei = property(lambda self: self.name(HEI))
    song = property(lambda self: self.name(SONG))
    kai = property(lambda self: self.name(KAI))
    sans = property(lambda self: self.name(SANS))

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """Font names tried, in order, for characters the primary font lacks."""
        return tuple(dict.fromkeys(spec.name for spec in self.chain))

    def fallbacks_for(self, primary: str) -> tuple[str, ...]:
        """The fallback chain for ``primary``: a bold face first for the bold roles.

        A character missing from the title face (方正小标宋 or the bundled bold serif, which
        holds GB2312 only) prints in the bundled bold serif if it has it, else in the
        regular faces; a 黑体 heading falls back to the bundled bold sans first.
        """
        for role, spec in self.bold.items():
            if primary in (self.roles[role].name, spec.name):
                return tuple(dict.fromkeys([spec.name, *self.fallbacks]))
        return self.fallbacks


BUNDLED_ONLY = "VEW_BUNDLED_FONTS"  # set to 1: ignore installed fonts (reproducible output)


def font_dirs() -> list[Path]:
    """Folders searched for installed fonts: VEW_FONT_DIRS first, then Windows' own.

    None at all when ``VEW_BUNDLED_FONTS=1``: every role then prints with the bundled
    fonts, so output is the same on every machine (the paper regression check).
    """
    if os.environ.get(BUNDLED_ONLY, "") not in ("", "0"):
        return []
    dirs = [Path(p) for p in os.environ.get("VEW_FONT_DIRS", "").split(os.pathsep) if p]
    windir = os.environ.get("WINDIR") or (r"C:\Windows" if os.name == "nt" else "")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _index_dirs(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name -> path; the first folder listing a name wins."""
    found: dict[str, Path] = {}
    for folder in dirs:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            found.setdefault(name.lower(), folder / name)
    return found


def _choose(role: Role, installed: dict[str, Path]) -> FontFile:
    """The installed Windows font for a role, else the bundled substitute."""
    for file_name, label in WINDOWS_CHOICES[role]:
        path = installed.get(file_name.lower())
        if path is not None:
            return FontFile(label, path, 0, BUNDLED_CHOICE[role].path)
    return BUNDLED_CHOICE[role]


@functools.cache
def font_set() -> FontSet:
    """Locate the fonts for every role (cached; :func:`reset_font_cache` rescans).

    Only file lookups happen here; fonts are loaded when first used (:func:`ensure_font`).
    """
    installed = _index_dirs(font_dirs())
    roles = {role: _choose(role, installed) for role in Role}
    chain = [BUNDLED_CHOICE[BODY], BUNDLED_CHOICE[SANS]]
    ext_b = installed.get(EXT_B_FILE[0])
    if ext_b is not None:
        chain.append(FontFile(EXT_B_FILE[1], ext_b))
    bold = {TITLE: BUNDLED_CHOICE[TITLE], HEI: BUNDLED_CHOICE[HEI]}
    _KNOWN_FILES.update({spec.name: spec for spec in [*roles.values(), *chain, *bold.values()]})
    return FontSet(roles, tuple(chain), bold)


_KNOWN_FILES: dict[str, FontFile] = {}
_LOADED: dict[str, TTFont] = {}
_FAILED: dict[str, str] = {}  # font name -> why its file could not be used


def ensure_font(name: str) -> None:
    """Load and register one of our fonts the first time it is used (no-op otherwise).

    An installed font that reportlab cannot read (damaged, or CFF outlines) is replaced
    by its bundled substitute under the same name; one without a substitute (the Ext-B
    fallback) is registered as the bundled serif and then covers nothing extra.
    """
    if name in _LOADED or name not in _KNOWN_FILES:
        return
    spec = _KNOWN_FILES[name]
    try:
        font = TTFont(name, str(spec.path), subfontIndex=spec.subfont)
    except Exception as error:  # reportlab raises TTFError, struct.error, OSError, …
        _FAILED[name] = f"{type(error).__name__}: {error}"
        font = TTFont(name, str(spec.substitute or BUNDLED_SERIF))
        if spec.substitute is None:
            font.face.charToGlyph = {}
    pdfmetrics.registerFont(font)
    _LOADED[name] = font


def resolve_font(role_or_name: Role | str) -> str:
    """A registered reportlab font name for a role or a font name."""
    return font_set().name(role_or_name)


def _cmap(name: str) -> dict[int, int] | None:
    """The character map of a font (``None`` for non-TrueType fonts such as Helvetica)."""
    ensure_font(name)
    font = _LOADED.get(name) or pdfmetrics.getFont(name)
    face = getattr(font, "face", None)
    return getattr(face, "charToGlyph", None)


@functools.cache
def _font_for_char(primary: str, char: str) -> str | None:
    """First font of [primary, *fallbacks] that has ``char``; ``None`` if none has it."""
    for name in (primary, *font_set().fallbacks_for(primary)):
        cmap = _cmap(name)
        if cmap is None or ord(char) in cmap:
            return name
    return None


def covers(font_name: Role | str, text: str) -> bool:
    """True if the font itself has every character of ``text`` (no fallback needed)."""
    cmap = _cmap(resolve_font(font_name))
    return cmap is None or all(ord(c) in cmap for c in text)


def split_runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font name, text) runs so each character has a glyph.

    Each character goes to the first font in [font_name, *fallbacks] whose cmap has it;
    characters no font has stay with ``font_name`` (see :func:`missing_characters`).
    """
    font_name = resolve_font(font_name)
    if covers(font_name, text):
        return [(font_name, text)] if text else []
    runs: list[tuple[str, str]] = []
    for char in text:
        name = _font_for_char(font_name, char) or font_name
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return runs


def missing_characters(text: str, font_name: Role | str = BODY) -> set[str]:
    """Characters of ``text`` (other than line breaks) that no available font can print."""
    primary = resolve_font(font_name)
    if covers(primary, text):
        return set()
    return {c for c in set(text) - {"\n", "\r"} if _font_for_char(primary, c) is None}


def describe_fonts() -> list[str]:
    """Lines like "正文：仿宋 (C:\\Windows\\Fonts\\simfang.ttf)" for an about box."""
    fonts = font_set()
    lines = [_describe(ROLE_LABELS[role], fonts.file(role)) for role in Role]
    role_names = {spec.name for spec in fonts.roles.values()}
    lines += [_describe("补字", spec) for spec in fonts.chain if spec.name not in role_names]
    return lines


def _describe(label: str, spec: FontFile) -> str:
    line = f"{label}：{spec.label} ({spec.path})"
    if spec.name in _FAILED:
        line += f"（无法使用，已改用内置字体：{_FAILED[spec.name]}）"
    return line


# PostScript names of the faces we look for, for PDFs made before their file was read.
KNOWN_POSTSCRIPT = {
    "FangSong": "仿宋", "FangSong_GB2312": "仿宋_GB2312", "SimSun": "宋体", "SimHei": "黑体",
    "KaiTi": "楷体", "KaiTi_GB2312": "楷体_GB2312", "STZhongsong": "华文中宋",
    "FZXBSJW--GB1-0": "方正小标宋简体", "NotoSerifSC-Regular": "Noto Serif SC（内置）",
    "NotoSerifSC-Bold": "Noto Serif SC Bold（内置）", "NotoSansSC-Regular": "Noto Sans SC（内置）",
    "NotoSansSC-Bold": "Noto Sans SC Bold（内置）",
}


def effective_file(role: Role | str) -> FontFile:
    """The file that really prints a role: its bundled substitute if the chosen file failed."""
    spec = font_set().file(role)
    if spec.name in _FAILED:
        return BUNDLED_CHOICE[Role(role)]
    return spec


def role_faces(roles: Iterable[Role] = SHOWN_ROLES) -> list[tuple[str, str]]:
    """(role label, face label) per role, e.g. ("正文", "仿宋"), as rendering uses them now."""
    return [(ROLE_LABELS[role], effective_file(role).label) for role in roles]


@functools.cache
def postscript_name(path: Path, subfont: int = 0) -> str:
    """The PostScript name (name ID 6) of a TrueType font or a face of a .ttc, read cheaply.

    reportlab writes it (after a subset tag such as ``AAAAAA+``) as each font's /BaseFont,
    so a PDF's faces can be told apart without loading the 10 MB font files. "" if the
    file cannot be read.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                fh.seek(12 + 4 * subfont)
                (offset,) = struct.unpack(">I", fh.read(4))
            fh.seek(offset + 4)
            (count,) = struct.unpack(">H", fh.read(2))
            fh.seek(offset + 12)
            tables = {}
            for _ in range(count):
                tag, _checksum, start, length = struct.unpack(">4sIII", fh.read(16))
                tables[tag] = (start, length)
            start, length = tables[b"name"]
            fh.seek(start)
            data = fh.read(length)
    except (OSError, KeyError, struct.error):
        return ""
    _format, records, strings = struct.unpack(">HHH", data[:6])
    found = {}
    for index in range(records):
        platform, encoding, _lang, name_id, size, where = struct.unpack(
            ">HHHHHH", data[6 + 12 * index:18 + 12 * index])
        if name_id != 6:
            continue
        raw = data[strings + where:strings + where + size]
        text = raw.decode("utf-16-be", "replace") if platform in (0, 3) else raw.decode("latin-1")
        found.setdefault(platform == 3 and encoding in (0, 1), text)
    return found.get(True) or found.get(False) or ""


_BASE_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")


def faces_in_pdf(pdf: bytes) -> set[str]:
    """PostScript names of the fonts a PDF of ours uses (its font dictionaries are not compressed)."""
    return {match.decode("latin-1") for match in _BASE_FONT.findall(pdf)}


def faces_line(pdf: bytes | None = None) -> str:
    """“正文：仿宋 · 标题：方正小标宋简体 · …” for the roles a document uses.

    With ``pdf``, only roles whose face is in that PDF are named (roles sharing a face with
    one already named are left out), and faces of the PDF that no role has here — a
    document made on another computer — are named after them.
    """
    used = faces_in_pdf(pdf) if pdf is not None else None
    parts, named = [], set()
    for role in SHOWN_ROLES:
        spec = effective_file(role)
        ps = postscript_name(spec.path, spec.subfont)
        if used is not None and ps not in used:
            continue
        if spec.path in named and role not in (BODY, TITLE):
            continue
        named.add(spec.path)
        parts.append(f"{ROLE_LABELS[role]}：{spec.label}")
    if used is not None:
        known = {postscript_name(spec.path, spec.subfont)
                 for spec in [*font_set().roles.values(), *font_set().chain, *font_set().bold.values()]}
        for ps in sorted(used - known - {"Helvetica"}):
            parts.append(f"另有：{KNOWN_POSTSCRIPT.get(ps, ps)}")
    return " · ".join(parts)


def reset_font_cache() -> None:
    """Forget located fonts and coverage lookups (tests that change VEW_FONT_DIRS)."""
    font_set.cache_clear()
    _font_for_char.cache_clear()
