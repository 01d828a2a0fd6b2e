"""The ballot count sheet (选票印制发放清点单) of a round, for both tracks (PT-11, PT-12, GC-15).

The ballots carry no number of any kind (PT-12): the packets do, and this sheet records how
many were printed, in which packets, and what each box took, gave out and returned. Figures
the round already holds (issued, returned) are printed; the rest is left for handwriting.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import Document
from printing.documents.ballot_count_sheet import BallotCountSheetSpec, BoxLine, PacketLine
from workflows.core import documents
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.count.rounds import round_view

PACKET_SIZE = 100  # ballots per sealed packet, as printers deliver them


@dataclass(frozen=True)
class SheetBasis:
    """What the track says about its ballots: the kind, the basis and the spare ones."""

    title: str  # “石桥村第十二届村民委员会选举选票印制发放清点单”
    ballot_kind: str  # “村民委员会选举选票”
    registered: int  # registered voters (or members with the vote)
    spare: int
    spare_rule: str  # “按登记人数的5%备用，进一法”


def packets(printed: int, size: int = PACKET_SIZE) -> list[PacketLine]:
    """Sealed packets A-01, A-02 … of ``size`` ballots, the last one holding the rest."""
    lines, left, number = [], printed, 1
    while left > 0:
        count = min(size, left)
        lines.append(PacketLine(f"A-{number:02d}", str(count)))
        left, number = left - count, number + 1
    return lines


def count_sheet_spec(scope: ElectionScope, round_id: int, basis: SheetBasis) -> BallotCountSheetSpec:
    """The sheet of a round: the packets, and per box the figures recorded so far."""
    view = round_view(scope, round_id)
    printed = basis.registered + basis.spare
    boxes = [BoxLine(box.name, "", issued="" if box.ballots_issued is None else str(box.ballots_issued))
             for box in view.boxes]
    return BallotCountSheetSpec(title=basis.title, ballot_kind=basis.ballot_kind, registered=basis.registered,
                                spare=basis.spare, spare_rule=basis.spare_rule, printed=printed,
                                packets=packets(printed), boxes=boxes, date_text=format_date(view.held_on))


def issue_count_sheet(scope: ElectionScope, round_id: int, basis: SheetBasis) -> Document:
    """Archive the sheet (an internal record: not posted, no personal data)."""
    if basis.registered < 1 or basis.spare < 0:
        raise InvalidInput({"general": msg("选票印制数量不正确：登记人数须大于0，备用票不能为负数")})
    return documents.issue(scope.session, "ballot_count_sheet", count_sheet_spec(scope, round_id, basis),
                           documents.Placement.of_election(scope.session, scope.election))
