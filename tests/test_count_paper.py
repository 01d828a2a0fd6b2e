"""The ballot count sheet of a round (PT-12: the packets carry the numbers, the ballots none;
PT-11/GC-15: what each box took and gave out is on record)."""

from __future__ import annotations

import pytest

from tests.count_data import setup
from tests.pdfs import compact, personal_data
from workflows.core.errors import InvalidInput
from workflows.count import paper, rounds
from workflows.count.rounds import BoxInput


def test_packets_hold_the_printed_ballots_exactly():
    lines = paper.packets(251)
    assert [(p.packet, p.count) for p in lines] == [("A-01", "100"), ("A-02", "100"), ("A-03", "51")]
    assert paper.packets(0) == []


def test_pt12_the_sheet_records_packets_and_each_boxs_issued_ballots(session):
    scope, round_id = setup(session, boxes=(BoxInput("中心会场票箱"), BoxInput("第1号流动票箱", "mobile")))
    view = rounds.round_view(scope, round_id)
    rounds.set_box_figures(scope, view.boxes[0].id, rounds.BoxFigures(12, 11, 11))
    basis = paper.SheetBasis("石桥村选票印制发放清点单", "村民委员会选举选票", 14, 1, "按登记人数的5%备用，进一法")
    document = paper.issue_count_sheet(scope, round_id, basis)
    flat = compact(document.pdf)
    assert "A-01" in flat and "中心会场票箱" in flat and "第1号流动票箱" in flat and "15" in flat
    assert personal_data(document.pdf) == []
    with pytest.raises(InvalidInput):
        paper.issue_count_sheet(scope, round_id, paper.SheetBasis("x", "y", 0, 0, ""))
