"""Surname-stroke order (姓氏笔画排序) for candidate lists and ballots.

Rules implemented (IDs from the project's rules reference):

* SO-10 names are compared position by position; per character the stroke
  count comes first, then the stroke sequence;
* SO-13 stroke sequences use five shape classes: 1 横 (提), 2 竖 (竖钩), 3 撇,
  4 点 (捺), 5 折. The short 撇 beside a 点 at the top of 关 羊 兰 单 首 前 着 (丷)
  stays a 撇 ("43"), as in the GF 3002 stroke order: the 通用规范汉字表's own order
  (关 米 before 汗 江) and published name lists (关 < 江, 曾 < 温) follow it, not
  the practice of reading it as a 点;
* SO-12 within one surname, two-character names come before all longer
  names; names of three or more characters are compared character by character;
* SO-16 different characters with identical count and sequence (孔/巴, 叶/申)
  are ordered by code point so that one surname's people stay together;
* SO-11 compound surnames (欧阳, 司马) need no special case: character by
  character comparison already handles them;
* SO-15 alignment spaces and the middle dot of minority names are ignored;
* SO-14 identical names cannot be ordered by strokes: they are reported.

Characters without a stroke sequence sort after the known characters of the
same count; characters without any count sort after every character. Both are
reported so the clerk can supply an override ``char -> (count, sequence)``.

Standard library only: no Qt, no database.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar

TABLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "strokes" / "strokes.tsv"

# Count given to characters that are not in the table at all (e.g. rare Ext-B
# characters or Latin letters): larger than any real count, so they sort last.
NO_COUNT = 999

# SO-15: typesetting characters that are not part of a name. Whitespace of any
# kind (ASCII space, U+3000 ideographic space, no-break space, tabs) is also
# ignored, see normalize_name().
IGNORED_CHARS = frozenset(
    "\u00b7"  # · middle dot (minority names)
    "\u2022"  # • bullet
    "\u30fb"  # ・ katakana middle dot
    "\uff0e"  # ． full-width full stop
    "\u2027"  # ‧ hyphenation point
    "\uff65"  # ･ half-width katakana middle dot
    "\u2219"  # ∙ bullet operator
    "\u22c5"  # ⋅ dot operator
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters pasted from office files
)

VALID_STROKES = frozenset("12345")

Overrides = Mapping[str, tuple[int, str]]
CharKey = tuple[int, bool, str, int]
NameKey = tuple[CharKey, bool, tuple[CharKey, ...]]
T = TypeVar("T")

# Key of a name that is empty after normalization: after every real name.
_EMPTY_NAME_KEY: NameKey = ((NO_COUNT + 1, True, "", 0), False, ())


@dataclass(frozen=True)
class SortResult:
    """Outcome of sort_names().

    ``ordered``: the original strings in stroke order (stable);
    ``unknown_chars``: character -> names containing it, for every character
    without a stroke sequence (clerk must check, see SO-13);
    ``identical_groups``: groups of names identical after normalization (SO-14).
    """

    ordered: list[str]
    unknown_chars: dict[str, list[str]]
    identical_groups: list[list[str]]


@functools.cache
def load_table(path: Path = TABLE_PATH) -> dict[str, tuple[int, str]]:
    """Load ``strokes.tsv`` once: char -> (count, sequence); sequence may be ''."""
    table: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and line[0] != "#":
            char, count, seq = line.split("\t")
            table[char] = (int(count), seq)
    return table


def normalize_name(name: str) -> str:
    """Return the name as compared (SO-15): NFC, without spaces and middle dots.

    The original string is kept by the callers for output; only comparison
    uses this form. NFC also maps CJK compatibility ideographs to the unified
    characters that the table knows.
    """
    text = unicodedata.normalize("NFC", name)
    return "".join(ch for ch in text if not ch.isspace() and ch not in IGNORED_CHARS)


def check_override(count: Any, sequence: Any) -> str | None:
    """Return a message (Chinese, for the clerk) if an override is invalid, else None."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        return f"笔画数须为正整数：{count!r}"
    if not isinstance(sequence, str) or not set(sequence) <= VALID_STROKES:
        return f"笔顺只能由数字1（横）2（竖）3（撇）4（点）5（折）组成：{sequence!r}"
    if sequence and len(sequence) != count:
        return f"笔顺有{len(sequence)}笔，与笔画数{count}不符"
    return None


def stroke_data(ch: str, overrides: Overrides | None = None) -> tuple[int, str] | None:
    """Return (count, sequence) for one character, or None if no count is known.

    A caller-supplied override wins over the table; an invalid override raises
    ValueError (validate with check_override() when it is entered).
    """
    if overrides and ch in overrides:
        count, sequence = overrides[ch]
        problem = check_override(count, sequence)
        if problem:
            raise ValueError(f"“{ch}”的笔画设置有误：{problem}")
        return count, sequence
    return load_table().get(ch)


def char_key(ch: str, overrides: Overrides | None = None) -> CharKey:
    """Sort key of one character (SO-10, SO-13, SO-16).

    (count, no_sequence, sequence, code point): a character without a sequence
    follows the known characters of its count; one without a count gets
    NO_COUNT and follows everything.
    """
    data = stroke_data(ch, overrides)
    if data is None:
        return (NO_COUNT, True, "", ord(ch))
    count, sequence = data
    return (count, not sequence, sequence, ord(ch))


def name_key(name: str, overrides: Overrides | None = None) -> NameKey:
    """Sort key of a name (SO-10, SO-11, SO-12, SO-15).

    (first character, more than two characters?, remaining characters): a
    two-character name precedes every longer name of the same surname; longer
    names are compared character by character, whatever their length.
    """
    norm = normalize_name(name)
    if not norm:
        return _EMPTY_NAME_KEY
    rest = tuple(char_key(ch, overrides) for ch in norm[1:])
    return (char_key(norm[0], overrides), len(norm) > 2, rest)


def sort_key(name: str, overrides: Overrides | None = None) -> NameKey:
    """Key function for sorted(): ``sorted(names, key=sort_key)`` (same as name_key)."""
    return name_key(name, overrides)


def key_for(
    name_of: Callable[[T], str], overrides: Overrides | None = None
) -> Callable[[T], NameKey]:
    """Key function for objects: ``sorted(people, key=key_for(lambda p: p.name))``."""
    return lambda item: name_key(name_of(item), overrides)


def sort_by_name(
    items: Iterable[T], name_of: Callable[[T], str], overrides: Overrides | None = None
) -> list[T]:
    """Return the items in stroke order of ``name_of(item)`` (stable)."""
    return sorted(items, key=key_for(name_of, overrides))


def has_sequence(ch: str, overrides: Overrides | None = None) -> bool:
    """True if the character's stroke sequence is known (table or override)."""
    data = stroke_data(ch, overrides)
    return bool(data and data[1])


def find_unknown_chars(
    names: Sequence[str], overrides: Overrides | None = None
) -> dict[str, list[str]]:
    """Map each character lacking a stroke sequence to the names containing it."""
    found: dict[str, list[str]] = {}
    for name in names:
        for ch in dict.fromkeys(normalize_name(name)):
            if not has_sequence(ch, overrides):
                holders = found.setdefault(ch, [])
                if name not in holders:
                    holders.append(name)
    return found


def find_identical_groups(names: Sequence[str]) -> list[list[str]]:
    """Groups (two or more) of names that are identical after normalization (SO-14)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        norm = normalize_name(name)
        if norm:
            groups.setdefault(norm, []).append(name)
    return [group for group in groups.values() if len(group) > 1]


def sort_names(names: Iterable[str], overrides: Overrides | None = None) -> SortResult:
    """Sort names by surname strokes and report unknown characters and identical names."""
    ordered = sorted(names, key=lambda name: name_key(name, overrides))
    return SortResult(
        ordered=ordered,
        unknown_chars=find_unknown_chars(ordered, overrides),
        identical_groups=find_identical_groups(ordered),
    )


def unknown_char_message(ch: str, holders: list[str], overrides: Overrides | None = None) -> str:
    """Chinese warning for one character without stroke data."""
    where = "、".join(holders)
    if stroke_data(ch, overrides) is None:
        return (
            f"未收录笔画数据的字：“{ch}”（见于：{where}），笔画数不明，已排在最后，请人工核对"
        )
    return f"未收录笔画数据的字：“{ch}”（见于：{where}），已排在同笔画数已知字之后，请人工核对"


def identical_names_message(group: list[str]) -> str:
    """Chinese warning for a group of identical names (SO-14)."""
    return f"姓名完全相同，须由组织部门另定次序（SO-14）：{'、'.join(group)}"


def run_sort_names_cli(
    stdin: TextIO, stdout: TextIO, stderr: TextIO, overrides: Overrides | None = None
) -> int:
    """``main.py sort-names``: names on stdin, one per line, sorted names on stdout.

    Blank lines are skipped and surrounding whitespace stripped; warnings about
    unknown characters and identical names go to stderr in Chinese. Returns 0.
    """
    names = [line.strip().lstrip("\ufeff").strip() for line in stdin]
    result = sort_names([name for name in names if name], overrides)
    for name in result.ordered:
        print(name, file=stdout)
    for ch, holders in result.unknown_chars.items():
        print(unknown_char_message(ch, holders, overrides), file=stderr)
    for group in result.identical_groups:
        print(identical_names_message(group), file=stderr)
    return 0
