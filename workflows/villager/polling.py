"""Where and how the villager committee is voted for: the 选举大会 main venue and the polling
stations with the villager groups each serves (SD-26), the mobile ballot boxes with the voters
they serve and why (GC-16). The counting officials are in :mod:`workflows.villager.officials`,
the checks in :mod:`workflows.villager.polling_checks`, the notice in
:mod:`workflows.villager.vote_notice`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from models import (
    VcMobileBox,
    VcMobileBoxVoter,
    VcPollingStation,
    VcProxy,
    VcStationGroup,
    VillageGroup,
    Voter,
)
from workflows.core import idcard, names
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import N_, Msg, msg

# Reasons a voter may vote into a mobile box (GC-16: 老弱病残等确有困难者); the clerk may type another.
BOX_REASONS = (N_("年老体弱，行动不便"), N_("患病卧床"), N_("身有残疾，行动不便"), N_("其他确有困难"))
_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:：时]\s*(\d{0,2})\s*分?\s*$")


# --- the roll -----------------------------------------------------------------------------

@dataclass(frozen=True)
class VoterChoice:
    """A registered voter as the pickers list them (ID number masked)."""

    id: int
    name: str
    group: str
    masked_id: str

    @property
    def label(self) -> str:
        """“王建国　上屋组　3601**********123X”."""
        return "　".join(part for part in (self.name, self.group, self.masked_id) if part)


def group_names(scope: ElectionScope) -> dict[int, str]:
    """The village's groups, id → name, in their order."""
    rows = scope.session.execute(select(VillageGroup.id, VillageGroup.name).where(
        VillageGroup.village_id == scope.village.id).order_by(VillageGroup.position, VillageGroup.id))
    return {ident: name for ident, name in rows}


def registered_voter(scope: ElectionScope, voter_id: int | None) -> Voter | None:
    """The voter if registered in this election (on the roll now), else None."""
    voter = scope.session.get(Voter, voter_id) if voter_id is not None else None
    if voter is None or voter.election_id != scope.election.id or voter.status != "registered":
        return None
    return voter


def voter_choices(scope: ElectionScope) -> list[VoterChoice]:
    """Every registered voter of the election, in surname-stroke order."""
    groups = group_names(scope)
    voters = scope.session.scalars(select(Voter).where(
        Voter.election_id == scope.election.id, Voter.status == "registered")).all()
    return [VoterChoice(v.id, v.name, groups.get(v.group_id, ""), idcard.mask(v.id_number))
            for v in names.ordered(scope.session, voters, lambda v: v.name)]


# --- clock times ---------------------------------------------------------------------------

def parse_clock(text: str) -> str | None:
    """“8:00”, “08：30”, “8时30分”, “14时” → “8:00”, “8:30”, “8:30”, “14:00”; None if not a time."""
    match = _CLOCK.match(text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour}:{minute:02d}"


def clock_text(value: str) -> str:
    """“8:00” → “8时”, “8:30” → “8时30分” (as notices write hours)."""
    hour, minute = value.split(":")
    return f"{int(hour)}时" + (f"{int(minute)}分" if int(minute) else "")


def hours_text(opens_at: str, closes_at: str) -> str:
    """“8时至12时”."""
    return f"{clock_text(opens_at)}至{clock_text(closes_at)}"


def _minutes(value: str) -> int:
    hour, minute = value.split(":")
    return int(hour) * 60 + int(minute)


# --- places of voting ----------------------------------------------------------------------

@dataclass(frozen=True)
class StationInput:
    """What the station dialog collects; ``main`` is the 选举大会 main venue."""

    name: str
    place: str
    opens_at: str
    closes_at: str
    group_ids: tuple[int, ...] = ()
    main: bool = False


@dataclass(frozen=True)
class StationRow:
    """A place of voting as the page and the notice show it."""

    id: int
    main: bool
    name: str
    place: str
    opens_at: str
    closes_at: str
    group_ids: tuple[int, ...]
    group_names: tuple[str, ...]

    @property
    def hours(self) -> str:
        """“8时至12时”."""
        return hours_text(self.opens_at, self.closes_at)


def stations(scope: ElectionScope) -> list[StationRow]:
    """The main venue first, then the polling stations in the order entered."""
    groups = group_names(scope)
    order = {ident: index for index, ident in enumerate(groups)}
    served: dict[int, list[int]] = {}
    for link in scope.session.scalars(select(VcStationGroup).where(
            VcStationGroup.election_id == scope.election.id)):
        served.setdefault(link.station_id, []).append(link.group_id)
    rows = scope.session.scalars(select(VcPollingStation).where(
        VcPollingStation.election_id == scope.election.id).order_by(
        VcPollingStation.main.desc(), VcPollingStation.position, VcPollingStation.id))
    result = []
    for station in rows:
        ids = tuple(sorted(served.get(station.id, []), key=lambda g: order.get(g, 10**6)))
        result.append(StationRow(station.id, station.main, station.name, station.place, station.opens_at,
                                 station.closes_at, ids, tuple(groups.get(g, "") for g in ids)))
    return result


def main_venue(scope: ElectionScope) -> StationRow | None:
    """The 选举大会 main venue, if entered."""
    return next((row for row in stations(scope) if row.main), None)


def unserved_groups(scope: ElectionScope) -> list[str]:
    """Villager groups no place of voting serves (SD-26: every group votes somewhere)."""
    served = {g for row in stations(scope) for g in row.group_ids}
    return [name for ident, name in group_names(scope).items() if ident not in served]


@dataclass(frozen=True)
class StationForm:
    """What the station dialog offers: the groups, who serves each now, the stored values."""

    groups: tuple[tuple[int, str], ...]
    taken: dict[int, str]  # group id → the other place that serves it
    current: StationInput


def station_form(scope: ElectionScope, station_id: int | None = None, main: bool = False) -> StationForm:
    """Choices and values for a new place (``main`` for the main venue) or an existing one."""
    rows = stations(scope)
    own = next((row for row in rows if row.id == station_id), None) if station_id else None
    taken = {g: row.name for row in rows if row.id != station_id for g in row.group_ids}
    groups = tuple(group_names(scope).items())
    if own is not None:
        current = StationInput(own.name, own.place, own.opens_at, own.closes_at, own.group_ids, own.main)
    elif main:  # the main venue serves, by default, every group no station serves yet
        current = StationInput("选举大会会场", "", "8:00", "12:00",
                               tuple(g for g, _name in groups if g not in taken), True)
    else:
        current = StationInput(f"第{sum(1 for r in rows if not r.main) + 1}投票站", "", "8:00", "12:00")
    return StationForm(groups, taken, current)


def save_station(scope: ElectionScope, data: StationInput, station_id: int | None = None) -> int:
    """Add or correct a place of voting and the groups it serves; refusals by field."""
    station = _own(scope, VcPollingStation, station_id, "找不到这个投票地点") if station_id else None
    main = station.main if station is not None else data.main
    errors = _station_errors(scope, data, station_id, main)
    opens, closes = parse_clock(data.opens_at), parse_clock(data.closes_at)
    if errors:
        raise InvalidInput(errors)
    if station is None:
        count = sum(1 for row in stations(scope) if not row.main)
        station = VcPollingStation(election_id=scope.election.id, main=main, position=count + 1)
        scope.session.add(station)
    station.name, station.place = data.name.strip(), data.place.strip()
    station.opens_at, station.closes_at = opens, closes
    scope.session.flush()
    links = {link.group_id: link for link in scope.session.scalars(select(VcStationGroup).where(
        VcStationGroup.station_id == station.id))}
    for group_id, link in links.items():
        if group_id not in data.group_ids:
            scope.session.delete(link)
    for group_id in data.group_ids:
        if group_id not in links:
            scope.session.add(VcStationGroup(election_id=scope.election.id, station_id=station.id,
                                             group_id=group_id))
    scope.session.flush()
    return station.id


def _station_errors(scope: ElectionScope, data: StationInput, station_id: int | None,
                    main: bool) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    if not data.name.strip():
        errors["name"] = msg("请填写名称")
    if not data.place.strip():
        errors["place"] = msg("请填写地点")
    opens, closes = parse_clock(data.opens_at), parse_clock(data.closes_at)
    if opens is None:
        errors["opens_at"] = msg("时间格式为“8:00”")
    if closes is None:
        errors["closes_at"] = msg("时间格式为“12:00”")
    elif opens is not None and _minutes(closes) <= _minutes(opens):
        errors["closes_at"] = msg("结束时间应晚于开始时间")
    rows = stations(scope)
    if main and station_id is None and any(row.main for row in rows):
        errors["name"] = msg("已经登记了选举大会会场，请修改原记录")
    groups = group_names(scope)
    taken = {g: row.name for row in rows if row.id != station_id for g in row.group_ids}
    unknown = [g for g in data.group_ids if g not in groups]
    clashes = [f"{groups[g]}已由{taken[g]}负责" for g in data.group_ids if g in taken]
    if unknown:
        errors["group_ids"] = msg("所选村民小组不属于本村")
    elif clashes:  # SD-26: each group votes at one place only
        errors["group_ids"] = msg("{clashes}；每个村民小组只由一个投票地点负责", clashes="，".join(clashes))
    elif not main and not data.group_ids:
        errors["group_ids"] = msg("请选择本投票站负责的村民小组")
    return errors


def remove_station(scope: ElectionScope, station_id: int) -> None:
    """Delete a place of voting; its groups are then served by no place until reassigned."""
    scope.session.delete(_own(scope, VcPollingStation, station_id, "找不到这个投票地点"))
    scope.session.flush()


def _own(scope: ElectionScope, entity: type, ident: int | None, missing: str):
    row = scope.session.get(entity, ident) if ident is not None else None
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"general": msg("{text}", text=missing)})
    return row


# --- mobile ballot boxes (GC-16) ------------------------------------------------------------

@dataclass(frozen=True)
class BoxInput:
    """What the box dialog collects: its name and where and when it goes round."""

    name: str
    area: str = ""


@dataclass(frozen=True)
class BoxVoterRow:
    """A voter served by a mobile box, with the reason (GC-16)."""

    id: int
    voter_id: int
    name: str
    group: str
    reason: str
    registered: bool


@dataclass(frozen=True)
class BoxRow:
    """A mobile box with its voters (surname-stroke order)."""

    id: int
    name: str
    area: str
    voters: tuple[BoxVoterRow, ...]


def boxes(scope: ElectionScope) -> list[BoxRow]:
    """Every mobile box of the election in the order entered."""
    groups = group_names(scope)
    entries = scope.session.execute(select(VcMobileBoxVoter, Voter).join(
        Voter, Voter.id == VcMobileBoxVoter.voter_id).where(
        VcMobileBoxVoter.election_id == scope.election.id)).all()
    by_box: dict[int, list[BoxVoterRow]] = {}
    for entry, voter in entries:
        by_box.setdefault(entry.box_id, []).append(BoxVoterRow(
            entry.id, voter.id, voter.name, groups.get(voter.group_id, ""), entry.reason,
            voter.status == "registered"))
    rows = scope.session.scalars(select(VcMobileBox).where(
        VcMobileBox.election_id == scope.election.id).order_by(VcMobileBox.position, VcMobileBox.id))
    return [BoxRow(box.id, box.name, box.area,
                   tuple(names.ordered(scope.session, by_box.get(box.id, []), lambda r: r.name)))
            for box in rows]


def box_name_suggestion(scope: ElectionScope) -> str:
    """“第1号流动票箱”, numbered after those entered."""
    return f"第{len(boxes(scope)) + 1}号流动票箱"


def save_box(scope: ElectionScope, data: BoxInput, box_id: int | None = None) -> int:
    """Add or correct a mobile box."""
    if not data.name.strip():
        raise InvalidInput({"name": msg("请填写票箱名称")})
    box = _own(scope, VcMobileBox, box_id, "找不到这个流动票箱") if box_id else None
    if box is None:
        box = VcMobileBox(election_id=scope.election.id, position=len(boxes(scope)) + 1)
        scope.session.add(box)
    box.name, box.area = data.name.strip(), data.area.strip()
    scope.session.flush()
    return box.id


def remove_box(scope: ElectionScope, box_id: int) -> None:
    """Delete a mobile box with its list of voters and its scrutineers."""
    scope.session.delete(_own(scope, VcMobileBox, box_id, "找不到这个流动票箱"))
    scope.session.flush()


def add_box_voter(scope: ElectionScope, box_id: int, voter_id: int | None, reason: str) -> int:
    """Put a voter on a mobile box's list, with the reason (GC-16: only 老弱病残等确有困难者)."""
    box = _own(scope, VcMobileBox, box_id, "找不到这个流动票箱")
    errors: dict[str, Msg] = {}
    voter = registered_voter(scope, voter_id)
    if voter is None:
        errors["voter_id"] = msg("请从本村选民名单中选择选民")
    else:
        on_box = scope.session.scalar(select(VcMobileBox.name).join(
            VcMobileBoxVoter, VcMobileBoxVoter.box_id == VcMobileBox.id).where(
            VcMobileBoxVoter.election_id == scope.election.id, VcMobileBoxVoter.voter_id == voter.id))
        delegated = scope.session.scalar(select(VcProxy.id).where(
            VcProxy.election_id == scope.election.id, VcProxy.principal_id == voter.id))
        if on_box:
            errors["voter_id"] = msg("{name}已在{box}的名单上", name=voter.name, box=on_box)
        elif delegated:
            errors["voter_id"] = msg("{name}已委托他人投票，不再使用流动票箱（VC-19）", name=voter.name)
    if not reason.strip():
        errors["reason"] = msg("请写明原因：流动票箱只限老弱病残等确有困难、不能到投票地点的选民（GC-16）")
    if errors:
        raise InvalidInput(errors)
    entry = VcMobileBoxVoter(election_id=scope.election.id, box_id=box.id, voter_id=voter.id,
                             reason=reason.strip())
    scope.session.add(entry)
    scope.session.flush()
    return entry.id


def remove_box_voter(scope: ElectionScope, entry_id: int) -> None:
    """Take a voter off a mobile box's list (the voter then votes at the place of the group)."""
    scope.session.delete(_own(scope, VcMobileBoxVoter, entry_id, "找不到这条记录"))
    scope.session.flush()
