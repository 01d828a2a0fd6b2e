"""Stroke order with the clerk's own stroke data (SO-10, SO-13) — stored once, used by every list."""

from __future__ import annotations

import pytest

from workflows.core import names
from workflows.core.errors import InvalidInput


def test_an_unknown_character_sorts_after_known_ones_until_its_strokes_are_entered(session):
    people = ["李芳", "𠮷明", "丁一"]  # 𠮷 (Ext-B, not in the 2013 table) is not in the bundled table
    assert names.ordered(session, people, str) == ["丁一", "李芳", "𠮷明"]
    assert "𠮷" in names.unknown(session, people)
    names.set_override(session, "𠮷", 6, "121251", "核对新华字典")  # 6 strokes: before 李 (7)
    assert names.ordered(session, people, str) == ["丁一", "𠮷明", "李芳"]
    assert names.unknown(session, people) == {}


def test_inconsistent_stroke_data_is_refused(session):
    with pytest.raises(InvalidInput) as refused:
        names.set_override(session, "𫓶", 4, "353")
    assert "与笔画数4不符" in str(refused.value.errors["sequence"])
    with pytest.raises(InvalidInput):
        names.set_override(session, "𫓶", 3, "367")
