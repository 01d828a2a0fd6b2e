"""Stroke order with the clerk's own stroke data (SO-10, SO-13) — stored once, used by every list."""

from __future__ import annotations

import pytest

from workflows.core import names
from workflows.core.errors import InvalidInput


def test_an_unknown_character_sorts_after_known_ones_until_its_strokes_are_entered(session):
    people = ["王芳", "𫓶明", "丁一"]  # 𫓶 (Ext-B) is not in the bundled table
    assert names.ordered(session, people, str) == ["丁一", "王芳", "𫓶明"]
    assert "𫓶" in names.unknown(session, people)
    names.set_override(session, "𫓶", 3, "353", "核对新华字典")
    assert names.ordered(session, people, str) == ["丁一", "𫓶明", "王芳"]
    assert names.unknown(session, people) == {}


def test_inconsistent_stroke_data_is_refused(session):
    with pytest.raises(InvalidInput) as refused:
        names.set_override(session, "𫓶", 4, "353")
    assert "与笔画数4不符" in str(refused.value.errors["sequence"])
    with pytest.raises(InvalidInput):
        names.set_override(session, "𫓶", 3, "367")
