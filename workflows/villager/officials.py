"""The counting officials of the villager-committee vote — 总监票人, 监票人, 唱票人, 计票人, 代书人
and the scrutineers of each mobile box — named on the vote notice (PV-06) and kept apart from
the candidates and, as the profile says, their close relatives (PV-14).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from models import VcMobileBox, VcOfficial
from workflows.core import idcard, names, relatives
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import N_, Msg, msg
from workflows.villager.polling import registered_voter

ROLE_LABELS = {
    "chief_scrutineer": N_("总监票人"),
    "scrutineer": N_("监票人"),
    "caller": N_("唱票人"),
    "counter": N_("计票人"),
    "writer": N_("代书人"),
    "box_scrutineer": N_("流动票箱监票人"),
}
ROLES = tuple(ROLE_LABELS)  # the order of the notice and the page
REQUIRED_ROLES = ("scrutineer", "caller", "counter")  # 公开计票 needs each (SD-26, PV-06)
# PV-14: whose relatives may not serve, per the profile's scrutineer_relatives_avoidance.
AVOIDED_KINDS = {
    "none": frozenset(),
    "core": frozenset(("配偶", "父母", "子女", "兄弟姐妹")),
    "lineal": frozenset(("配偶", "父母", "子女", "祖父母", "外祖父母", "孙子女", "外孙子女")),
}


@dataclass(frozen=True)
class Standing:
    """A candidate standing for the villager committee now (name and ID number)."""

    name: str
    id_number: str


def standing_candidates(scope: ElectionScope) -> list[Standing]:
    """Everyone standing for the villager committee now (the nomination track's ``current``)."""
    try:
        from workflows.villager import candidates
    except ImportError:  # the nomination track is not in this tree yet: its table says who stands
        from models.villager_candidates import VcCandidate

        rows = scope.session.scalars(select(VcCandidate).where(
            VcCandidate.election_id == scope.election.id, VcCandidate.status.in_(("candidate", "formal"))))
        return [Standing(c.name, c.id_number) for c in rows]
    return [Standing(c.name, c.id_number) for c in candidates.current(scope)]


def avoidance_conflicts(scope: ElectionScope, people: list[tuple[str, str]]) -> dict[str, Msg]:
    """PV-14: ID number → why that person may not count the votes (a candidate, or a
    candidate's close relative of a kind the profile names); absent when free to serve."""
    standing = standing_candidates(scope)
    candidate_ids = {c.id_number: c.name for c in standing}
    found: dict[str, Msg] = {}
    for name, number in people:
        if number in candidate_ids:
            found[number] = msg("{name}是村民委员会成员候选人，不得担任监票、唱票、计票等工作人员（PV-14）",
                                name=name)
    kinds = AVOIDED_KINDS[scope.profile.get("scrutineer_relatives_avoidance")]
    if not kinds or not standing:
        return found
    everyone = {number: name for name, number in people + [(c.name, c.id_number) for c in standing]}
    mine = {number for _name, number in people}
    for pair in relatives.pairs_among(scope.session, scope.township.id,
                                      [(name, number) for number, name in everyone.items()]):
        for official, candidate in ((pair.id_number_a, pair.id_number_b), (pair.id_number_b, pair.id_number_a)):
            if official in mine and candidate in candidate_ids and official not in found and pair.kind in kinds:
                found[official] = msg("{official}与候选人{candidate}是近亲属（{relation}），按规定应当回避，"
                                      "不得担任监票、唱票、计票等工作人员（PV-14）",
                                      official=_name(people, official), candidate=candidate_ids[candidate],
                                      relation=pair.describe())
    return found


def _name(people: list[tuple[str, str]], number: str) -> str:
    return next(name for name, n in people if n == number)


@dataclass(frozen=True)
class OfficialInput:
    """What the official dialog collects: a voter of the roll, or a name and ID number typed in."""

    role: str
    voter_id: int | None = None
    name: str = ""
    id_number: str = ""
    box_id: int | None = None


@dataclass(frozen=True)
class OfficialRow:
    """An official as the page lists them."""

    id: int
    role: str
    name: str
    masked_id: str
    box_id: int | None
    box_name: str
    problem: Msg | None  # PV-14, as it stands now

    @property
    def role_label(self) -> str:
        """“监票人”, “第1号流动票箱监票人”."""
        return f"{self.box_name}监票人" if self.role == "box_scrutineer" else ROLE_LABELS[self.role]


def officials(scope: ElectionScope) -> list[OfficialRow]:
    """Every official by role, names in surname-stroke order within a role."""
    rows = scope.session.scalars(select(VcOfficial).where(VcOfficial.election_id == scope.election.id)).all()
    box_names = dict(scope.session.execute(select(VcMobileBox.id, VcMobileBox.name).where(
        VcMobileBox.election_id == scope.election.id)).all())
    conflicts = avoidance_conflicts(scope, [(r.name, r.id_number) for r in rows]) if rows else {}
    ordered = names.ordered(scope.session, rows, lambda r: r.name)
    ordered.sort(key=lambda r: (ROLES.index(r.role), r.box_id or 0))
    return [OfficialRow(r.id, r.role, r.name, idcard.mask(r.id_number), r.box_id, box_names.get(r.box_id, ""),
                        conflicts.get(r.id_number)) for r in ordered]


def add_official(scope: ElectionScope, data: OfficialInput) -> int:
    """Name an official; a candidate or (per profile) a candidate's close relative is refused (PV-14)."""
    errors: dict[str, Msg] = {}
    if data.role not in ROLE_LABELS:
        errors["role"] = msg("请选择职责")
    box = scope.session.get(VcMobileBox, data.box_id) if data.box_id is not None else None
    if data.role == "box_scrutineer" and (box is None or box.election_id != scope.election.id):
        errors["box_id"] = msg("请选择流动票箱")
    name, number = _person(scope, data, errors)
    if errors:
        raise InvalidInput(errors)
    field = "voter_id" if data.voter_id is not None else "name"
    taken = scope.session.scalar(select(VcOfficial.id).where(
        VcOfficial.election_id == scope.election.id, VcOfficial.id_number == number,
        VcOfficial.role == data.role))
    if taken is not None:
        raise InvalidInput({field: msg("{name}已是{role}", name=name, role=ROLE_LABELS[data.role])})
    conflict = avoidance_conflicts(scope, [(name, number)]).get(number)
    if conflict is not None:
        raise InvalidInput({field: conflict})
    official = VcOfficial(election_id=scope.election.id, role=data.role, voter_id=data.voter_id, name=name,
                          id_number=number, box_id=box.id if data.role == "box_scrutineer" else None)
    scope.session.add(official)
    scope.session.flush()
    return official.id


def _person(scope: ElectionScope, data: OfficialInput, errors: dict[str, Msg]) -> tuple[str, str]:
    """(name, ID number) from the roll, or as typed in (a township worker not on the roll)."""
    if data.voter_id is not None:
        voter = registered_voter(scope, data.voter_id)
        if voter is None:
            errors["voter_id"] = msg("请从本村选民名单中选择")
            return "", ""
        return voter.name, voter.id_number
    name = data.name.strip()
    if not name:
        errors["name"] = msg("请从选民名单中选择，或填写姓名和公民身份号码")
    try:
        number = idcard.parse(data.id_number).number
    except idcard.IdError as error:
        errors["id_number"] = msg("{text}", text=str(error))
        number = ""
    return name, number


def remove_official(scope: ElectionScope, official_id: int) -> None:
    """Take an official off the list."""
    official = scope.session.get(VcOfficial, official_id)
    if official is None or official.election_id != scope.election.id:
        raise InvalidInput({"general": msg("找不到这名工作人员")})
    scope.session.delete(official)
    scope.session.flush()


def box_scrutineers(scope: ElectionScope) -> dict[int, list[OfficialRow]]:
    """The scrutineers of each mobile box, by box id."""
    result: dict[int, list[OfficialRow]] = {}
    for row in officials(scope):
        if row.role == "box_scrutineer":
            result.setdefault(row.box_id, []).append(row)
    return result
