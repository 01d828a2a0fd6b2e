#!/usr/bin/env python3
"""Build the bundled Chinese TrueType fonts in ``resources/fonts/``.

reportlab's ``TTFont`` only accepts TrueType (``glyf``) outlines, while Noto CJK
is shipped (by upstream and by Debian) as CFF-based OpenType collections.  This
script turns the Simplified Chinese faces of Debian's ``fonts-noto-cjk`` package
into four standalone, subset TrueType fonts:

    NotoSerifCJK-Regular.ttc (SC face) -> NotoSerifSC-Regular.ttf  (宋体/仿宋 substitute)
    NotoSerifCJK-Bold.ttc    (SC face) -> NotoSerifSC-Bold.ttf     (小标宋 substitute, titles)
    NotoSansCJK-Regular.ttc  (SC face) -> NotoSansSC-Regular.ttf
    NotoSansCJK-Bold.ttc     (SC face) -> NotoSansSC-Bold.ttf      (黑体 substitute)

What it does, per font:

1. ``apt-get download fonts-noto-cjk`` (``fonts-noto-cjk-extra`` only if a face
   is not found in the first package) into a temporary directory and unpack it
   with ``dpkg-deb -x`` -- the system's installed fonts are never used, so the
   result depends only on the package version;
2. pick the SC face out of the ``.ttc`` collection (by PostScript name);
3. subset it with ``fontTools.subset`` to the character set built by
   :func:`build_charset` (all of GBK, CJK Unified Ideographs U+4E00-U+9FFF,
   Ext-A, the Ext-B..G ideographs the SC face has, CJK/full-width punctuation,
   ASCII, Latin-1, pinyin letters and the symbol blocks used in official
   documents), without hinting and without the ``locl`` feature (which would
   drag in ~18 000 Japanese/Korean/Traditional glyph variants). The title face
   (``NotoSerifSC-Bold.ttf``) is only used for titles and keeps the smaller
   ``title`` set: every GB2312 character plus the same symbol and Latin blocks,
   without the rarer ideographs -- a rare character in a title is printed by
   the per-character fallback (the regular serif), which keeps the file small;
4. convert the cubic CFF outlines to quadratic TrueType outlines with
   ``fontTools.pens.cu2quPen`` (max error ``--tolerance`` font units, default
   1.0 of 1000/em), build ``glyf``/``loca``, write ``maxp`` 1.0, drop
   ``CFF ``/``VORG``, ``post`` format 3 (no glyph names);
5. rename "Noto Sans CJK SC"/"Noto Serif CJK SC" to "Noto Sans SC"/"Noto Serif
   SC" (the names Google uses for its SC-only builds; Noto declares no Reserved
   Font Name) and note the conversion in name IDs 3 and 5 -- the copyright,
   trademark, licence (IDs 0, 7, 13, 14) and designer records are kept;
6. save reproducibly (``head.modified`` is kept from the source font) and only
   replace the file in the output directory when the bytes changed.

The script is idempotent: running it again with the same package version and
fontTools version rewrites nothing and reports ``unchanged``.

Usage (from the repository root, with the project's virtualenv)::

    .venv/bin/python resources/fonts/build_fonts.py            # build all four
    .venv/bin/python resources/fonts/build_fonts.py --jobs 2   # in parallel (~450 MB RAM each)
    .venv/bin/python resources/fonts/build_fonts.py --only NotoSansSC-Bold.ttf
    .venv/bin/python resources/fonts/build_fonts.py --deb-dir ~/debs   # reuse downloaded .debs

Requirements: a Debian/Ubuntu system with ``apt-get`` and ``dpkg-deb`` (or
``--deb-dir`` pointing at ``fonts-noto-cjk_*.deb``) and ``fonttools`` in the
Python environment.  Each font takes about 1-1.5 minutes and ~450 MB of RAM.
This is a maintenance tool: the application never runs it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools import version as fonttools_version
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent

PRIMARY_PACKAGE = "fonts-noto-cjk"
EXTRA_PACKAGE = "fonts-noto-cjk-extra"
TTC_DIR = "usr/share/fonts/opentype/noto"

BUILD_NOTE = "TrueType outlines (cu2qu), subset, unhinted; built by Village Election Workbench resources/fonts/build_fonts.py"


@dataclass(frozen=True)
class FontSpec:
    output: str  # file name written into the output directory
    ttc: str  # collection file inside the Debian package
    source_psname: str  # PostScript name (name ID 6) of the face to extract
    old_family: str
    new_family: str
    old_ps_family: str
    new_ps_family: str
    charset: str = "full"  # "full" (body text, names) or "title" (GB2312 + symbols)


FONTS = (
    FontSpec(
        "NotoSerifSC-Regular.ttf",
        "NotoSerifCJK-Regular.ttc",
        "NotoSerifCJKsc-Regular",
        "Noto Serif CJK SC",
        "Noto Serif SC",
        "NotoSerifCJKsc",
        "NotoSerifSC",
    ),
    FontSpec(
        "NotoSerifSC-Bold.ttf",
        "NotoSerifCJK-Bold.ttc",
        "NotoSerifCJKsc-Bold",
        "Noto Serif CJK SC",
        "Noto Serif SC",
        "NotoSerifCJKsc",
        "NotoSerifSC",
        charset="title",
    ),
    FontSpec(
        "NotoSansSC-Regular.ttf",
        "NotoSansCJK-Regular.ttc",
        "NotoSansCJKsc-Regular",
        "Noto Sans CJK SC",
        "Noto Sans SC",
        "NotoSansCJKsc",
        "NotoSansSC",
    ),
    FontSpec(
        "NotoSansSC-Bold.ttf",
        "NotoSansCJK-Bold.ttc",
        "NotoSansCJKsc-Bold",
        "Noto Sans CJK SC",
        "Noto Sans SC",
        "NotoSansCJKsc",
        "NotoSansSC",
    ),
)

# Unicode ranges (inclusive) kept in addition to every character GBK can encode.
RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (·×÷±°§¥ ...)
    (0x0100, 0x017F),  # Latin Extended-A (pinyin āēīōū ...)
    (0x01CD, 0x01DC),  # pinyin ǎǐǒǔǖǘǚǜ
    (0x01F8, 0x01F9),  # pinyin Ǹǹ
    (0x02C6, 0x02DD),  # spacing modifiers ˇˉˊˋ˙
    (0x2000, 0x206F),  # General Punctuation (—‖‘’“”…‰•※)
    (0x2100, 0x214F),  # Letterlike symbols (℃№℡)
    (0x2150, 0x218F),  # Number forms (ⅠⅡⅢ ⅰⅱⅲ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical operators (√∈≤≥≠)
    (0x2460, 0x24FF),  # Enclosed alphanumerics (①⑴⒈)
    (0x2500, 0x257F),  # Box drawing
    (0x2580, 0x259F),  # Block elements
    (0x25A0, 0x25FF),  # Geometric shapes (○●□■△◎)
    (0x2600, 0x26FF),  # Misc symbols (★☆)
    (0x2700, 0x27BF),  # Dingbats (✓)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。〔〕【】〇)
    (0x3200, 0x32FF),  # Enclosed CJK letters and months (㈠㊣)
    (0x3300, 0x33FF),  # CJK compatibility (㎡㎏)
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs (only those in the font)
    (0xFE10, 0xFE1F),  # Vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6F),  # Small form variants
    (0xFF00, 0xFFEF),  # Half-width and full-width forms
    # Ext-B .. Ext-G: only the ~2 300 ideographs the SC face has (e.g. 𠮷), which
    # cover rare characters in personal names.
    (0x20000, 0x3134F),
)

# Must be in the font: names and symbols that official documents need.
REQUIRED = "王堃欧阳喆李玥刘䶮〔〕【】①②③○●□■△×÷±≤≥√·•—№第一页"
# Must be in the title face: what titles of election notices are made of.
TITLE_REQUIRED = "石桥村第十二届村民委员会选举参加名单公告“两委”换届（）〔〕·—关于中共支部候选人预备的请示"
# Ideographs outside GB2312 left to the per-character fallback in the title face.
TITLE_EXCLUDED_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))

# All layout features fontTools keeps by default except 'locl': in the SC face it
# only maps to Japanese/Korean/Traditional variants, ~18 000 extra glyphs.
LAYOUT_FEATURES_DROPPED = {"locl"}


def gbk_characters() -> set[int]:
    """Every code point reachable by decoding a GBK double-byte sequence."""
    chars = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                text = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def gb2312_characters() -> set[int]:
    """Every code point GB2312 encodes (hanzi, punctuation, symbols, letters)."""
    chars = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def required(kind: str = "full") -> str:
    """Characters that must be in a font of this charset kind."""
    return TITLE_REQUIRED if kind == "title" else REQUIRED


def build_charset(kind: str = "full") -> set[int]:
    """The code points kept: "full" for body fonts, "title" (GB2312 + symbols) for titles."""
    chars = gbk_characters() if kind == "full" else gb2312_characters()
    for start, end in RANGES:
        if kind == "title" and any(lo <= start and end <= hi for lo, hi in TITLE_EXCLUDED_RANGES):
            continue
        chars.update(range(start, end + 1))
    chars.update(ord(c) for c in required(kind))
    return chars


# --------------------------------------------------------------------------- packages


def run(cmd: list[str], cwd: Path | None = None) -> str:
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def find_deb(directory: Path, package: str) -> Path | None:
    debs = sorted(glob.glob(str(directory / f"{package}_*.deb")))
    return Path(debs[-1]) if debs else None


def fetch_package(package: str, deb_dir: Path | None, work: Path) -> tuple[Path, str]:
    """Return (unpacked root, Debian version) for ``package``, downloading it once."""
    download = work / "debs"
    deb = find_deb(deb_dir, package) if deb_dir else None
    if deb is None:
        deb = find_deb(download, package)
    if deb is None:
        download.mkdir(exist_ok=True)
        print(f"apt-get download {package} ...", flush=True)
        subprocess.run(["apt-get", "download", package], cwd=download, check=True)
        deb = find_deb(download, package)
        if deb is None:
            raise SystemExit(f"apt-get download did not produce {package}_*.deb")
    version = run(["dpkg-deb", "-f", str(deb), "Version"]).strip()
    root = work / package
    if not root.exists():
        print(f"dpkg-deb -x {deb.name}", flush=True)
        root.mkdir()
        run(["dpkg-deb", "-x", str(deb), str(root)])
    return root, version


def locate_face(ttc: Path, psname: str) -> int | None:
    if not ttc.exists():
        return None
    collection = TTCollection(str(ttc), lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            if font["name"].getDebugName(6) == psname:
                return index
    finally:
        collection.close()
    return None


# --------------------------------------------------------------------------- conversion


def subset_font(font: TTFont, unicodes: set[int]) -> None:
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.prune_unicode_ranges = True
    options.layout_features = [
        f for f in options.layout_features if f not in LAYOUT_FEATURES_DROPPED
    ]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def cff_to_truetype(font: TTFont, tolerance: float) -> None:
    """Replace the CFF table by quadratic glyf/loca (as fontTools' otf2ttf example)."""
    if font.sfntVersion != "OTTO" or "CFF " not in font:
        raise ValueError("expected a CFF-flavoured OpenType font")
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType clockwise: reverse them.
        glyph_set[name].draw(Cu2QuPen(pen, tolerance, reverse_direction=True))
        glyphs[name] = pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)  # also computes every glyph's bounding box

    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(glyph_order)
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    maxp.recalc(font)  # maxPoints, maxContours, maxComposite*

    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, spec: FontSpec) -> None:
    name = font["name"]
    for record in name.names:
        if record.nameID not in (1, 3, 4, 5, 6, 16, 18, 21):
            continue
        text = record.toUnicode()
        new = text.replace(spec.old_family, spec.new_family).replace(
            spec.old_ps_family, spec.new_ps_family
        )
        if record.nameID == 3:
            new += ";TTF-subset"
        elif record.nameID == 5:
            new += "; " + BUILD_NOTE
        record.string = new
    leftovers = [
        r.toUnicode() for r in name.names if r.nameID in (1, 4, 6) and "CJK" in r.toUnicode()
    ]
    if leftovers:
        raise ValueError(f"unexpected name records left: {leftovers}")


def build_one(spec: FontSpec, ttc: Path, index: int, out_dir: Path, tolerance: float) -> dict:
    started = time.monotonic()
    unicodes = build_charset(spec.charset)
    font = TTFont(str(ttc), fontNumber=index, recalcTimestamp=False, recalcBBoxes=True)
    subset_font(font, unicodes)
    cff_to_truetype(font, tolerance)
    rename(font, spec)

    cmap = font.getBestCmap()
    missing = [c for c in required(spec.charset) if ord(c) not in cmap]
    if missing:
        raise SystemExit(f"{spec.output}: required characters missing: {''.join(missing)}")
    wanted = gbk_characters() if spec.charset == "full" else gb2312_characters()
    missing_gbk_hanzi = [c for c in wanted if (0x3400 <= c <= 0x9FFF) and c not in cmap]

    target = out_dir / spec.output
    fd, tmp_name = tempfile.mkstemp(suffix=".ttf", dir=out_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        font.save(str(tmp), reorderTables=True)
        font.close()
        if target.exists() and target.read_bytes() == tmp.read_bytes():
            status = "unchanged"
            tmp.unlink()
        else:
            status = "written"
            tmp.chmod(0o644)
            os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()

    check = TTFont(str(target), lazy=True)
    return {
        "file": spec.output,
        "status": status,
        "bytes": target.stat().st_size,
        "glyphs": check["maxp"].numGlyphs,
        "cmap": len(check.getBestCmap()),
        "missing_gbk_hanzi": "".join(chr(c) for c in sorted(missing_gbk_hanzi)),
        "seconds": time.monotonic() - started,
        "family": check["name"].getDebugName(1),
        "full": check["name"].getDebugName(4),
    }


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out-dir", type=Path, default=HERE, help="default: this script's directory"
    )
    parser.add_argument(
        "--deb-dir", type=Path, help="directory with already downloaded fonts-noto-cjk*.deb"
    )
    parser.add_argument(
        "--only", action="append", metavar="FILE", help="build only this output (repeatable)"
    )
    parser.add_argument(
        "--tolerance", type=float, default=1.0, help="cu2qu max error in font units (1000/em)"
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="fonts built in parallel (~450 MB RAM each)"
    )
    args = parser.parse_args(argv)

    specs = [s for s in FONTS if not args.only or s.output in args.only]
    unknown = set(args.only or ()) - {s.output for s in FONTS}
    if unknown:
        parser.error(f"unknown font(s): {', '.join(sorted(unknown))}")
    args.out_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="vew-fonts-") as tmp:
        work = Path(tmp)
        versions: dict[str, str] = {}
        jobs = []
        for spec in specs:
            found = None
            for package in (PRIMARY_PACKAGE, EXTRA_PACKAGE):
                root, version = fetch_package(package, args.deb_dir, work)
                ttc = root / TTC_DIR / spec.ttc
                index = locate_face(ttc, spec.source_psname)
                if index is not None:
                    found = (ttc, index)
                    versions[package] = version
                    break
            if found is None:
                raise SystemExit(
                    f"{spec.source_psname} not found in {PRIMARY_PACKAGE} or {EXTRA_PACKAGE}"
                )
            ttc, index = found
            src = TTFont(str(ttc), fontNumber=index, lazy=True)
            print(
                f"{spec.output}: {spec.ttc} face #{index} ({spec.source_psname}, {src['name'].getDebugName(5)})"
            )
            src.close()
            jobs.append((spec, ttc, index))

        print(f"fontTools {fonttools_version}; building {len(jobs)} font(s) ...", flush=True)
        if args.jobs > 1:
            with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
                futures = [
                    pool.submit(build_one, *job, args.out_dir, args.tolerance) for job in jobs
                ]
                results = [f.result() for f in futures]
        else:
            results = [build_one(*job, args.out_dir, args.tolerance) for job in jobs]

    print()
    for package, version in versions.items():
        print(f"source package: {package} {version}")
    print(
        f"{'file':26} {'status':9} {'size':>10} {'glyphs':>7} {'cmap':>7} {'time':>6}  family / full name"
    )
    for r in results:
        print(
            f"{r['file']:26} {r['status']:9} {r['bytes'] / 1e6:8.2f}MB {r['glyphs']:7d} {r['cmap']:7d}"
            f" {r['seconds']:5.0f}s  {r['family']} / {r['full']}"
        )
        if r["missing_gbk_hanzi"]:
            print(f"    GBK hanzi not in the source font: {r['missing_gbk_hanzi']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
