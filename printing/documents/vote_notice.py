"""村民委员会选举投票公告 (paper-formats §7; SD-26, PV-06, GC-16): how, when and where to vote.

In the order of §7: the method, the election day and hours, the main venue and the polling
stations with the villager groups each serves, the mobile ballot boxes with their voters and
scrutineers, the counting officials, how to vote (the secret writing booths, the card that
fetches a ballot, proxies only as authorised in advance), 特此公告 and the committee's seal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind


@dataclass(frozen=True)
class StationLine:
    """One polling station: its name, place, the groups it serves and its hours."""

    name: str
    place: str
    groups: str
    hours: str


@dataclass(frozen=True)
class MobileBoxLine:
    """One mobile box: where and when it goes, whom it serves, who watches it (GC-16)."""

    name: str
    area: str
    voters: str  # names, in surname-stroke order
    scrutineers: str


@dataclass(frozen=True)
class OfficialLine:
    """“监票人：王某、李某”: one role and the names holding it."""

    role: str
    names: str


@dataclass(frozen=True)
class VoteNoticeSpec:
    """Everything printed on the notice (no database objects)."""

    title: str
    number: str
    intro: str  # the basis and the method of voting
    time_text: str  # the election day and hours
    venue_text: str  # the main venue and the groups voting there
    stations: list[StationLine] = field(default_factory=list)
    box_text: str = ""  # who may use a mobile box (GC-16)
    boxes: list[MobileBoxLine] = field(default_factory=list)
    officials_text: str = ""  # “按姓氏笔画为序” as the lists are printed
    officials: list[OfficialLine] = field(default_factory=list)
    voting: list[str] = field(default_factory=list)  # booths, ballots, proxies, seats
    closing: str = "特此公告"
    issuer: str = ""
    date_text: str = ""


STATION_HEADER = ["投票站", "地点", "负责的村民小组", "投票时间"]


def _sections(spec: VoteNoticeSpec) -> list[tuple[str, list]]:
    """The notice's numbered parts; parts without content are left out."""
    place = [layout.paragraph(spec.venue_text)]
    if spec.stations:
        place.append(layout.table(STATION_HEADER, [[s.name, s.place, s.groups, s.hours] for s in spec.stations]))
    parts = [("投票时间", [layout.paragraph(spec.time_text)]), ("投票地点", place)]
    if spec.boxes:
        boxes = [layout.paragraph(spec.box_text)] if spec.box_text else []
        for box in spec.boxes:
            area = box.area.rstrip("。；;，, ")
            text = f"{box.name}（{area}）" if area else box.name
            boxes.append(layout.paragraph(f"{text}。使用的选民：{box.voters}。监票人：{box.scrutineers}。"))
        parts.append(("流动票箱", boxes))
    if spec.officials:
        people = [layout.paragraph(spec.officials_text)] if spec.officials_text else []
        people += [layout.paragraph(f"{line.role}：{line.names}") for line in spec.officials]
        parts.append(("监票人、唱票人、计票人", people))
    if spec.voting:
        parts.append(("投票办法", [layout.paragraph(text) for text in spec.voting]))
    return parts


def render(spec: VoteNoticeSpec, footer: layout.Footer) -> bytes:
    """Title, number, method, the numbered parts, closing, signature."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    flowables += layout.numbered_sections(_sections(spec))
    flowables += layout.ending(spec.issuer, spec.date_text, spec.closing)
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("vc_vote_notice", "投票公告", VoteNoticeSpec, render, numbered=True))
