#!/usr/bin/env python3
"""Rebuild ``strokes.tsv`` (stroke count and stroke sequence per character).

Sources (see README.md in this folder for licences):

* stroke sequences: the npm package ``cnchar-order`` (MIT), fetched with
  ``npm pack``; its letter-coded strokes are mapped to the five shape classes
  of rule SO-13 (1 横, 2 竖, 3 撇, 4 点, 5 折);
* stroke counts: Unihan ``kTotalStrokes`` (first value = zh-Hans count) from the
  Debian package ``unicode-data``, fetched with ``apt-get download``.

Usage::

    python resources/strokes/build_strokes.py            # fetch both, write strokes.tsv
    python resources/strokes/build_strokes.py --cnchar-tgz cnchar-order-3.2.6.tgz \\
        --unihan /usr/share/unicode/Unihan_IRGSources.txt.bz2

Standard library only, apart from the ``npm``, ``apt-get`` and ``dpkg-deb``
commands used for fetching (not needed when local files are given).
"""

from __future__ import annotations

import argparse
import bz2
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

CNCHAR_PACKAGE = "cnchar-order"
CNCHAR_VERSION = "3.2.6"
UNICODE_DATA_PACKAGE = "unicode-data"
OUTPUT = Path(__file__).resolve().parent / "strokes.tsv"

# Counts-only rows are restricted to CJK Unified Ideographs Ext-A and the URO.
COUNT_ONLY_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))

# Every stroke name used by cnchar-order's stroke table, mapped to the five
# SO-13 shape classes. 提 counts as 横, 竖钩 as 竖, 捺 as 点, every turning
# stroke as 折. "点2" is cnchar's name for a dot variant (first stroke of 心,
# 火, 忄, 冖; dots of 宀, 灬, 办 ...): all its uses are dots, so it is a 点.
STROKE_NAME_CLASS = {
    "横": "1",
    "提": "1",
    "竖": "2",
    "竖钩": "2",
    "撇": "3",
    "点": "4",
    "点2": "4",
    "捺": "4",
    "横折": "5",
    "横撇": "5",
    "横钩": "5",
    "横折钩": "5",
    "横折提": "5",
    "横折弯": "5",
    "横折折": "5",
    "横斜钩": "5",
    "横撇弯钩": "5",
    "横折折撇": "5",
    "横折折折": "5",
    "横折折折钩": "5",
    "竖折": "5",
    "竖弯": "5",
    "竖提": "5",
    "竖折撇": "5",
    "竖折折": "5",
    "竖弯钩": "5",
    "竖折折钩": "5",
    "撇折": "5",
    "撇点": "5",
    "弯钩": "5",
    "斜钩": "5",
    "卧钩": "5",
}

# Errors found in cnchar-order 3.2.6 by comparing each character with the
# same component written elsewhere in cnchar's own data (and with the
# standard stroke order). char -> (letters in the package, corrected letters).
# The old value is checked, so an upstream fix makes the build fail loudly
# instead of silently applying a stale patch.
CORRECTIONS = {
    # 皙 = 木 jfsk + 斤 ssjf + 白 sfcjj: the 撇 of 白 is missing (12 -> 13).
    "皙": ("jfskssjffcjj", "jfskssjfsfcjj"),
    # 德 = 彳 ssf + 十 jf + 罒 fcffj + 一 j + 心 dykk: 十's 竖 was a 撇.
    "德": ("ssfjsfcffjjdykk", "ssfjffcffjjdykk"),
    # 炽 = 火 dssk + 只 fcjsk (as in 只 织 帜 识 积 职): 只's 撇 was a 点.
    "炽": ("dsskfcjdk", "dsskfcjsk"),
    # 锺 = 钅 sjjjh + 重 sjfcjjfjj (as in 重 董 懂).
    "锺": ("sjjjhsjfcjjjfj", "sjjjhsjfcjjfjj"),
    # 撅 = 扌 jgi + 厥 jsksjbfssesl (as in 厥 蹶).
    "撅": ("jgijsksjbjssesl", "jgijsksjbfssesl"),
    # 膝 = 月 srjj + 桼 jfskslgkisk (as in 漆).
    "膝": ("srjjjfskslgkidk", "srjjjfskslgkisk"),
    # 黏 = 黍 sjfskslgkisk + 占 fjfcj.
    "黏": ("sjfskskgkidkfjfcj", "sjfskslgkiskfjfcj"),
    # 鲺 = 鱼 sefcjfji + 虱 osfcjfjk.
    "鲺": ("sefcjfjiojfcjfjk", "sefcjfjiosfcjfjk"),
    # 媾 = 女 msj + 冓 jjffjfrfjj (as in 篝 觏 遘 鞲).
    "媾": ("msjjjffjfrjfj", "msjjjffjfrfjj"),
}


def fail(message: str) -> None:
    """Stop the build with an error message."""
    sys.exit(f"build_strokes: {message}")


def run(cmd: list[str], cwd: Path) -> None:
    """Run a fetch command, failing loudly."""
    print("$", " ".join(cmd), file=sys.stderr)
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(cmd)} failed:\n{result.stderr}")


def fetch_cnchar(tmp: Path) -> Path:
    """Download the cnchar-order tarball with ``npm pack``."""
    run(["npm", "pack", f"{CNCHAR_PACKAGE}@{CNCHAR_VERSION}"], tmp)
    return next(tmp.glob(f"{CNCHAR_PACKAGE}-*.tgz"))


def fetch_unihan(tmp: Path) -> tuple[Path, str]:
    """Download unicode-data with ``apt-get download``; return (Unihan file, .deb name)."""
    run(["apt-get", "download", UNICODE_DATA_PACKAGE], tmp)
    deb = next(tmp.glob(f"{UNICODE_DATA_PACKAGE}_*.deb"))
    return unpack_deb(deb, tmp), deb.name


def unpack_deb(deb: Path, tmp: Path) -> Path:
    """Extract a unicode-data .deb with ``dpkg-deb -x``; return its Unihan file."""
    run(["dpkg-deb", "-x", str(deb.resolve()), "deb"], tmp)
    found = sorted((tmp / "deb").rglob("Unihan_IRGSources.txt*"))
    found += sorted((tmp / "deb").rglob("Unihan.zip"))
    if not found:
        fail(f"{deb.name} contains no Unihan_IRGSources.txt or Unihan.zip")
    return found[0]


def read_cnchar(tgz: Path) -> tuple[str, dict[str, str], dict[str, dict]]:
    """Return (version, char -> letters, letter -> stroke info) from the tarball."""
    with tarfile.open(tgz) as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        script = tar.extractfile("package/cnchar.order.min.js").read().decode("utf-8")
    blobs = [json.loads(m) for m in re.findall(r"JSON\.parse\('([^'\\]*)'\)", script)]
    orders = next((b for b in blobs if "一" in b), None)
    table = next((b for b in blobs if "j" in b and isinstance(b["j"], dict)), None)
    if orders is None or table is None:
        fail("cannot find the order data and stroke table in cnchar.order.min.js")
    return meta["version"], orders, table


def letter_classes(table: dict[str, dict]) -> dict[str, str]:
    """Map each cnchar stroke letter to its SO-13 class via the stroke names."""
    result = {}
    for letter, info in sorted(table.items()):
        names = info["name"].split("|")
        unknown = [n for n in names if n not in STROKE_NAME_CLASS]
        if unknown:
            fail(f"unknown stroke name(s) {unknown} for letter {letter!r}")
        classes = {STROKE_NAME_CLASS[n] for n in names}
        if len(classes) != 1:
            fail(f"letter {letter!r} ({info['name']}) maps to several classes {classes}")
        result[letter] = classes.pop()
    return result


def apply_corrections(orders: dict[str, str]) -> list[str]:
    """Patch known errors in the cnchar data; return the patched characters."""
    for char, (old, new) in CORRECTIONS.items():
        if orders.get(char) != old:
            fail(f"correction for {char} is stale: package has {orders.get(char)!r}")
        orders[char] = new
    return list(CORRECTIONS)


def to_sequences(orders: dict[str, str], classes: dict[str, str]) -> dict[str, str]:
    """Convert letter-coded orders to digit sequences, failing on unknown letters."""
    result = {}
    for char, letters in orders.items():
        unknown = set(letters) - set(classes)
        if unknown:
            fail(f"unknown stroke letter(s) {sorted(unknown)} in {char}={letters}")
        result[char] = "".join(classes[x] for x in letters)
    return result


def read_unihan_text(path: Path) -> str:
    """Return the text of Unihan_IRGSources.txt from a .txt, .bz2 or Unihan.zip."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            return zf.read("Unihan_IRGSources.txt").decode("utf-8")
    if path.suffix == ".bz2":
        return bz2.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def read_unihan(path: Path) -> tuple[str, dict[str, int]]:
    """Return (Unicode version, char -> first kTotalStrokes value)."""
    version, counts = "?", {}
    for line in io.StringIO(read_unihan_text(path)):
        if line.startswith("# Unicode version:"):
            version = line.split(":", 1)[1].strip()
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and parts[1] == "kTotalStrokes":
            counts[chr(int(parts[0][2:], 16))] = int(parts[2].split()[0])
    if not counts:
        fail(f"no kTotalStrokes values in {path}")
    return version, counts


def in_count_only_range(char: str) -> bool:
    """True for URO and Ext-A ideographs (the counts-only rows we keep)."""
    return any(lo <= ord(char) <= hi for lo, hi in COUNT_ONLY_RANGES)


def merge(sequences: dict[str, str], counts: dict[str, int]):
    """Build rows (char, count, sequence) and list count disagreements.

    Where a sequence exists its length is the count (the sequence is what is
    compared, so the two must agree); Unihan gives the count otherwise.
    """
    rows, disagreements = {}, []
    for char, seq in sequences.items():
        rows[char] = (len(seq), seq)
        if char in counts and counts[char] != len(seq):
            disagreements.append((char, counts[char], len(seq)))
    for char, count in counts.items():
        if char not in rows and in_count_only_range(char):
            rows[char] = (count, "")
    return dict(sorted(rows.items(), key=lambda kv: ord(kv[0]))), disagreements


def write_tsv(rows: dict, header: str, output: Path) -> None:
    """Write the table: one header comment line, then char TAB count TAB sequence."""
    with output.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header + "\n")
        for char, (count, seq) in rows.items():
            out.write(f"{char}\t{count}\t{seq}\n")


def print_stats(rows, sequences, counts, disagreements, corrected) -> None:
    """Print build statistics."""
    with_seq = sum(1 for _, seq in rows.values() if seq)
    no_unihan = [c for c in sequences if c not in counts]
    print(f"rows written:                  {len(rows)}")
    print(f"characters with a sequence:    {with_seq}")
    print(f"counts only (no sequence):     {len(rows) - with_seq}")
    print(f"sequence but not in Unihan:    {len(no_unihan)} {''.join(no_unihan)}")
    print(f"corrected cnchar sequences:    {len(corrected)} {''.join(corrected)}")
    print(f"count disagreements (Unihan vs sequence length): {len(disagreements)}")
    for char, unihan, seq_len in disagreements:
        print(f"  {char} U+{ord(char):04X}: Unihan {unihan}, sequence {seq_len} -> {seq_len}")
    dist = Counter(count for count, _ in rows.values())
    print("rows per stroke count:", dict(sorted(dist.items())))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cnchar-tgz", type=Path, help="local cnchar-order .tgz")
    parser.add_argument("--unihan", type=Path,
                        help="local Unihan_IRGSources.txt[.bz2], Unihan.zip or unicode-data .deb")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Fetch the sources, build and write strokes.tsv, print statistics."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="strokes-") as tmp_name:
        tmp = Path(tmp_name)
        tgz = args.cnchar_tgz or fetch_cnchar(tmp)
        if args.unihan is None:
            unihan_path, unihan_origin = fetch_unihan(tmp)
        elif args.unihan.suffix == ".deb":
            unihan_path, unihan_origin = unpack_deb(args.unihan, tmp), args.unihan.name
        else:
            unihan_path, unihan_origin = args.unihan, args.unihan.name
        cnchar_version, orders, table = read_cnchar(tgz)
        unicode_version, counts = read_unihan(unihan_path)
    classes = letter_classes(table)
    corrected = apply_corrections(orders)
    sequences = to_sequences(orders, classes)
    rows, disagreements = merge(sequences, counts)
    header = (
        f"# char<TAB>count<TAB>sequence (1横 2竖 3撇 4点 5折); sequences: npm "
        f"{CNCHAR_PACKAGE} {cnchar_version} (MIT, {len(corrected)} corrected); "
        f"counts: Unihan kTotalStrokes, Unicode {unicode_version} from {unihan_origin} "
        f"(Unicode licence); "
        f"built by build_strokes.py, see README.md"
    )
    write_tsv(rows, header, args.output)
    print(f"wrote {args.output}")
    print("stroke letters:", " ".join(f"{k}={v}" for k, v in sorted(classes.items())))
    print_stats(rows, sequences, counts, disagreements, corrected)
    return 0


if __name__ == "__main__":
    sys.exit(main())
