"""Coverage and consistency of the bundled stroke table (SO-10, SO-13, SO-16).

The 通用规范汉字表 (2013, resources/strokes/tgh2013.txt from Unihan kTGH) is the set
of characters names must be written with, and it is itself arranged by stroke count
and then stroke order within each of its three levels: an independent, official
check of every count and sequence in the table.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from workflows.core import stroke_order as so
from workflows.demo.township import SURNAMES

TGH_PATH = so.TABLE_PATH.with_name("tgh2013.txt")
LEVEL_ENDS = (3500, 6500, 8105)
CONGRESS_20 = Path(__file__).with_name("data") / "congress20_delegates.txt"


def tgh_chars() -> list[str]:
    lines = TGH_PATH.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_so13_tgh_list_is_the_8105_characters_of_the_2013_table():
    """SO-13: the shipped kTGH list (coverage is measured against it) is complete."""
    chars = tgh_chars()
    assert len(chars) == 8105
    assert len(set(chars)) == 8105
    assert all(len(ch) == 1 for ch in chars)
    assert chars[:3] == ["一", "乙", "二"]


def test_so13_coverage_of_the_2013_table_at_least_99_percent():
    """SO-13: stroke sequences for ≥ 99 % of the 8,105 characters (8,057 at the last build;
    cnchar-order alone gave 6,770, 83.5 %); the rest are flagged for the clerk."""
    chars = tgh_chars()
    covered = [ch for ch in chars if so.has_sequence(ch)]
    assert len(covered) / len(chars) >= 0.99, f"{len(covered)} of {len(chars)}"
    assert len(covered) >= 8024


def test_so13_coverage_of_the_project_surnames_is_complete():
    """SO-13: every surname of the project's list (workflows/demo/township.py) has a sequence."""
    missing = [ch for ch in SURNAMES if not so.has_sequence(ch)]
    assert missing == []


def test_so10_every_2013_character_has_a_count():
    """SO-10: characters of the 2013 table outside the URO and Ext-A (e.g. Ext-E 𬌗) are in the table."""
    table = so.load_table()
    assert [ch for ch in tgh_chars() if ch not in table] == []


@pytest.mark.parametrize("level", [1, 2, 3])
def test_so10_so13_sequences_follow_the_order_of_the_2013_table(level):
    """SO-10/SO-13: along the 2013 table, (count, sequence) never decreases within a level.

    This holds for every cnchar sequence and every composed one, and fails if the short
    撇 of 丷 (关 羊 首) were read as a 点 (关 would then follow 汗 江)."""
    chars = tgh_chars()
    start = (0,) + LEVEL_ENDS
    keyed = [(ch, so.stroke_data(ch)) for ch in chars[start[level - 1]:start[level]]]
    keyed = [(ch, (count, seq)) for ch, (count, seq) in keyed if seq]
    inversions = [(a, b) for (a, ka), (b, kb) in zip(keyed, keyed[1:], strict=False) if ka > kb]
    assert inversions == []


def test_so10_rare_2013_characters_now_sort_by_their_strokes():
    """SO-10: 訚 (10, 门 + 言) and 䶮 (9, 龙 + 天) were count-only; now they are in place."""
    assert so.stroke_data("訚") == (10, "4254111251")
    assert so.stroke_data("䶮") == (9, "135341134")
    result = so.sort_names(["刘洋", "刘䶮", "刘涛"])
    assert result.ordered == ["刘䶮", "刘洋", "刘涛"]  # 䶮 1… before 洋 4…, both 9 strokes
    assert result.unknown_chars == {}


def congress_names() -> list[str]:
    lines = CONGRESS_20.read_text(encoding="utf-8").splitlines()
    text = " ".join(line for line in lines if not line.startswith("#"))
    return [re.sub(r"（[^）]*）", "", token) for token in text.split()]


def test_so10_so12_so13_so16_published_list_of_2296_names_reproduced():
    """SO-10/SO-12/SO-13/SO-16: the 20th Congress delegate list (2,296 names, “按姓氏笔画为序”)
    comes out exactly as published, 訚柏 (訚 composed) between 唐德智 and 浦虹."""
    names = congress_names()
    assert len(names) == 2296
    shuffled = names[:]
    random.Random(20220925).shuffle(shuffled)
    assert so.sort_names(shuffled).ordered == names
    at = names.index("訚柏")
    assert names[at - 1:at + 2] == ["唐德智", "訚柏", "浦虹"]
