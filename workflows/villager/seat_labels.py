"""专职专选、定位产生 (SD-20): labelled seats on an office, and the women's seat (VC-02).

The seats per office come from the election setup (VC-01 is checked there). A label sets
some of an office's seats aside for a kind of person — “妇女委员” ×1 on 委员, “35岁以下大专以上”,
“退役军人服务专干” — so nomination, the candidate list, the ballot and the count can carry it.
The women's seat is the one every later step must carry (VC-02, GC-18, SD-25).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from models import SeatLabel
from workflows.core import audit
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, msg
from workflows.villager.offices import OFFICE_LABELS, OFFICES, Office, seats

SUGGESTED = ("妇女委员", "35岁以下大专以上", "退役军人服务专干", "党建宣传员")  # the seed's examples (SD-20)
WOMEN_WORDS = ("妇女", "女性")
LABEL_MAX = 20

audit.register_entity_label("vc_seat_label", "专职专选岗位")
audit.register_name_resolver("vc_seat_label", lambda row: row.label)


@dataclass(frozen=True)
class SeatLabelRecord:
    """One labelled position: ``count`` of ``office``'s seats are for ``label``."""

    id: int
    office: Office
    label: str
    count: int
    women: bool  # the seat is for a woman (VC-02)

    @property
    def text(self) -> str:
        """“委员（妇女委员）1名”."""
        return f"{OFFICE_LABELS[self.office]}（{self.label}）{self.count}名"


def seat_labels(scope: ElectionScope) -> list[SeatLabelRecord]:
    """The election's labelled seats, by office (主任, 副主任, 委员) then as entered."""
    rows = scope.session.scalars(select(SeatLabel).where(SeatLabel.election_id == scope.election.id)
                                 .order_by(SeatLabel.id))
    records = [SeatLabelRecord(r.id, Office(r.office), r.label, r.count, r.women) for r in rows
               if r.office in set(OFFICES)]
    return sorted(records, key=lambda r: OFFICES.index(r.office))


def women_seat_required(scope: ElectionScope) -> bool:
    """Whether the later steps must secure a woman on the villager committee: the profile's
    women minimum (VC-02, ``vc_women_min``) or a seat labelled for a woman (SD-20)."""
    return scope.profile.get("vc_women_min") > 0 or any(r.women for r in seat_labels(scope))


def women_seats(scope: ElectionScope) -> list[SeatLabelRecord]:
    """The seats set aside for women (a separate 妇女委员 line on the nomination slip and ballot)."""
    return [r for r in seat_labels(scope) if r.women]


def seats_text(scope: ElectionScope) -> str:
    """“主任1名、副主任1名、委员3名，共5名”."""
    counts = seats(scope.election)
    parts = [f"{OFFICE_LABELS[office]}{n}名" for office, n in counts.items()]
    return f"{'、'.join(parts)}，共{sum(counts.values())}名"


@dataclass(frozen=True)
class SeatLabelInput:
    """What the label dialog collects."""

    office: str
    label: str
    count: int = 1
    women: bool | None = None  # None: decided from the label's words (妇女, 女性)


def add_seat_label(scope: ElectionScope, data: SeatLabelInput) -> int:
    """Set ``count`` seats of an office aside for ``label`` (no more than the office has)."""
    label = data.label.strip()
    errors: dict[str, Msg] = {}
    counts = seats(scope.election)
    if data.office not in {o.value for o in counts}:
        errors["office"] = msg("请选择本届设有职数的职务")
    if not label:
        errors["label"] = msg("请填写岗位名称，如：妇女委员")
    elif len(label) > LABEL_MAX:
        errors["label"] = msg("岗位名称不超过{n}个字", n=LABEL_MAX)
    elif any(r.office == data.office and r.label == label for r in seat_labels(scope)):
        errors["label"] = msg("该职务已有此岗位")
    if data.count < 1:
        errors["count"] = msg("名额至少1名")
    elif not errors:
        used = sum(r.count for r in seat_labels(scope) if r.office == data.office)
        available = counts[Office(data.office)] - used
        if data.count > available:
            errors["count"] = msg("{office}职数{n}名，已定岗{used}名，最多还能定岗{left}名",
                                  office=OFFICE_LABELS[Office(data.office)], n=counts[Office(data.office)],
                                  used=used, left=max(available, 0))
    if errors:
        raise InvalidInput(errors)
    women = data.women if data.women is not None else any(word in label for word in WOMEN_WORDS)
    row = SeatLabel(election_id=scope.election.id, office=data.office, label=label, count=data.count,
                    women=women)
    scope.session.add(row)
    scope.session.flush()
    return row.id


def remove_seat_label(scope: ElectionScope, label_id: int) -> None:
    """Drop a labelled position (the seats become open seats of the office again)."""
    row = scope.session.get(SeatLabel, label_id)
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"general": msg("找不到这个岗位")})
    scope.session.delete(row)
    scope.session.flush()


def seat_label_findings(scope: ElectionScope) -> Findings:
    """Labels no longer fit the seats (the election setup changed them afterwards, SD-20)."""
    found = Findings()
    counts = seats(scope.election)
    for office in OFFICES:
        used = sum(r.count for r in seat_labels(scope) if r.office == office)
        if used > counts.get(office, 0):
            found.add(msg("{office}职数{n}名，专职专选岗位却有{used}名：请调整岗位或选举设置中的职数",
                          office=OFFICE_LABELS[office], n=counts.get(office, 0), used=used), "SD-20 VC-01")
    return found
