"""Paper regression: every document kind, rendered from fixed data with the bundled fonts,
must equal its committed reference — extracted text exactly, page images (36 dpi) within
a small tolerance. A deliberate change to paper updates the references in the same commit:

    .venv/bin/python -m tests.paper_refs update

(or ``VEW_UPDATE_PAPER_REFS=1`` for this test file). See tests/paper_refs/__init__.py.
"""

from __future__ import annotations

import os

import pytest

from printing.documents import kinds
from tests.paper_refs import REFS, UPDATE_ENV, differences, render, write
from tests.paper_refs.specs import SAMPLES


def test_every_document_kind_has_a_sample():
    assert set(kinds()) <= {sample.kind for sample in SAMPLES.values()}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_paper_equals_its_reference(name, tmp_path):
    rendered = render(name)
    if os.environ.get(UPDATE_ENV, "") not in ("", "0"):
        write(rendered)
        return
    problems = differences(rendered, tmp_path)
    assert not problems, (
        "\n".join(problems)
        + f"\nNew page images and differences: {tmp_path}"
        + "\nIf the change is intended: .venv/bin/python -m tests.paper_refs update " + name
        + " and commit tests/paper_refs/refs with it.")


def test_no_reference_without_a_sample():
    names = {path.stem for path in REFS.glob("*.txt")}
    assert names <= set(SAMPLES)


def test_the_check_sees_a_changed_word_and_a_moved_line():
    """The comparison is not blind: one changed character fails the text, a block moved
    by a line fails the page image, an unchanged rendering passes."""
    from PIL import ImageChops

    rendered = render("objection_result")
    assert differences(rendered) == []
    changed = render("objection_result")
    changed.pages[0] = changed.pages[0].replace("异议成立", "异议不成立", 1)
    assert any("text differs" in problem for problem in differences(changed))
    moved = render("objection_result")
    moved.images[0] = ImageChops.offset(moved.images[0], 0, 14)  # about one line at 36 dpi
    assert any("pixels differ" in problem for problem in differences(moved))
