"""Check-in at a ballot box (issue 12 item 2): a voter found on the roll by name or ID number
is checked off and given a ballot; a proxy (委托投票, VC-19, GC-11) collects the principal's
ballot too. The roll is read once into memory (:func:`load_roll`) so searching is instant; the
proxies come from the villager domain as plain ``principal → proxy`` voter ids, so the count
never reads the villager tables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select

from models import CountBox, CountCheckin, Voter
from models.base import utcnow
from workflows.core import idcard
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import msg
from workflows.count.entry import normalise_name
from workflows.count.rounds import editable_round, own

_ID_LIKE = re.compile(r"^[0-9Xx]{4,18}$")


@dataclass(frozen=True)
class RollPerson:
    """A registered voter as check-in shows it (ID number masked in ``label``)."""

    id: int
    name: str
    id_number: str
    group_id: int | None

    @property
    def label(self) -> str:
        return f"{self.name}　{idcard.mask(self.id_number)}"


@dataclass
class Roll:
    """The election's registered voters in memory, with the proxies (principal → proxy)."""

    people: dict[int, RollPerson]
    proxies: dict[int, int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    by_number: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for person in self.people.values():
            self.by_name.setdefault(normalise_name(person.name), []).append(person.id)
            self.by_number[person.id_number] = person.id

    def find(self, text: str, limit: int = 20) -> list[RollPerson]:
        """By the full ID number or its last digits, else by name (exact first, then beginning)."""
        typed = unicodedata.normalize("NFKC", text or "").strip()
        if not typed:
            return []
        if _ID_LIKE.match(typed.replace(" ", "")):
            number = idcard.clean(typed)
            if number in self.by_number:
                return [self.people[self.by_number[number]]]
            return [p for p in self.people.values() if p.id_number.endswith(number)][:limit]
        key = normalise_name(typed)
        exact = [self.people[i] for i in self.by_name.get(key, [])]
        starts = [p for name, ids in self.by_name.items() if name != key and name.startswith(key)
                  for p in (self.people[i] for i in ids)]
        return (exact + starts)[:limit]

    def principals_of(self, proxy_id: int) -> list[RollPerson]:
        """Those whose vote ``proxy_id`` casts (VC-19)."""
        return [self.people[p] for p, proxy in self.proxies.items() if proxy == proxy_id and p in self.people]


def load_roll(scope: ElectionScope, proxies: Mapping[int, int] | None = None) -> Roll:
    """The registered voters (one query) and the proxies the villager domain gives."""
    rows = scope.session.execute(select(Voter.id, Voter.name, Voter.id_number, Voter.group_id).where(
        Voter.election_id == scope.election.id, Voter.status == "registered")).all()
    return Roll({r.id: RollPerson(r.id, r.name, r.id_number, r.group_id) for r in rows}, dict(proxies or {}))


def check_in(scope: ElectionScope, box_id: int, voter_id: int, roll: Roll,
             proxy_voter_id: int | None = None) -> int:
    """Check a voter off at a box: their own ballot, or (``proxy_voter_id``) the principal's
    ballot collected by their proxy. Refused twice in one round."""
    box = own(scope, CountBox, box_id, "找不到这个票箱")
    editable_round(scope, box.round_id)
    person = roll.people.get(voter_id)
    if person is None:
        raise InvalidInput({"voter_id": msg("不在本村选民名单上，不能领取选票")})
    proxy = roll.proxies.get(voter_id)
    if proxy is not None and proxy_voter_id != proxy:
        name = roll.people[proxy].name if proxy in roll.people else ""
        raise InvalidInput({"voter_id": msg("{name}已委托{proxy}投票，选票由受委托人代领（VC-19）",
                                            name=person.name, proxy=name)})
    if proxy_voter_id is not None and proxy != proxy_voter_id:
        raise InvalidInput({"proxy_voter_id": msg("没有{name}的委托投票登记", name=person.name)})
    taken = scope.session.scalar(select(CountBox.name).join(CountCheckin, CountCheckin.box_id == CountBox.id)
                                 .where(CountCheckin.round_id == box.round_id, CountCheckin.voter_id == voter_id))
    if taken:
        raise InvalidInput({"voter_id": msg("{name}已在{box}领取选票", name=person.name, box=taken)})
    row = CountCheckin(election_id=scope.election.id, round_id=box.round_id, box_id=box.id, voter_id=voter_id,
                       proxy_voter_id=proxy_voter_id, at=utcnow())
    scope.session.add(row)
    scope.session.flush()
    return row.id


def undo_check_in(scope: ElectionScope, checkin_id: int) -> None:
    """Take back a check-in made by mistake (audited like every change)."""
    row = own(scope, CountCheckin, checkin_id, "找不到这条领票登记")
    editable_round(scope, row.round_id)
    scope.session.delete(row)
    scope.session.flush()


def checked_in(scope: ElectionScope, round_id: int) -> set[int]:
    """The voters whose ballot has been handed out in this round."""
    return set(scope.session.scalars(select(CountCheckin.voter_id).where(CountCheckin.round_id == round_id)))


def box_counts(scope: ElectionScope, round_id: int) -> dict[int, int]:
    """Check-ins per box (compared with each box's 投票人数, check F.103)."""
    rows = scope.session.execute(select(CountCheckin.box_id, func.count()).where(
        CountCheckin.round_id == round_id).group_by(CountCheckin.box_id))
    return {box: count for box, count in rows}
