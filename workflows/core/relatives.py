"""Close relatives (近亲属, VC-29 / 民法典 art. 1045): record them, find pairs within a group.

Relationships are stored per township by ID number, so the same record serves every list:
Party candidates (SD-19), villager-committee members (PV-13), the supervision committee's
exclusion set (VC-30) and the election committee (GC-03, SD-21).

Two records can imply a close relationship nobody recorded. Only those art. 1045 makes
certain are found: two children of one parent are 兄弟姐妹 (half-siblings included), and a
parent's parent is a 祖父母 (through a father) or 外祖父母 (through a mother, the middle
person's sex read from the ID number). Nothing else is implied: a sibling's sibling may be
no relative (half-siblings through different parents), and a parent's spouse is a close
relative only as a step-parent who raised the child (art. 1072) — which no record says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import RELATIONSHIPS, Relative
from workflows.core import audit, idcard
from workflows.core.errors import InvalidInput
from workflows.core.text import msg

audit.register_entity_label("relative", "近亲属关系")

# “b is a's <kind>” read the other way round: b's view of a.
CONVERSE = {"配偶": "配偶", "兄弟姐妹": "兄弟姐妹", "父母": "子女", "子女": "父母", "祖父母": "孙子女",
            "孙子女": "祖父母", "外祖父母": "外孙子女", "外孙子女": "外祖父母"}


@dataclass(frozen=True)
class RelativePair:
    """Two people of a group who are close relatives: ``b`` is ``a``'s ``kind``."""

    name_a: str
    id_number_a: str
    name_b: str
    id_number_b: str
    kind: str
    via: str = ""  # for a relationship implied by two records: how (“二人都是王强的子女”)

    def describe(self) -> str:
        """“李娜是张伟的配偶”; an implied one says how it follows from the records."""
        text = f"{self.name_b}是{self.name_a}的{self.kind}"
        return f"{text}（由已记录的关系推知：{self.via}）" if self.via else text


def record(session: Session, township_id: int, a: tuple[str, str], b: tuple[str, str],
           kind: str, notes: str = "") -> Relative:
    """Record that ``b`` (name, ID number) is ``a``'s ``kind``; validates the IDs and the kind."""
    errors = {}
    if kind not in RELATIONSHIPS:
        errors["kind"] = msg("关系只能是：{kinds}", kinds="、".join(RELATIONSHIPS))
    numbers = []
    for key, (name, number) in (("a", a), ("b", b)):
        if not name.strip():
            errors[f"name_{key}"] = msg("请填写姓名")
        try:
            numbers.append(idcard.parse(number).number)
        except idcard.IdError as error:
            errors[f"id_number_{key}"] = msg("{text}", text=str(error))
    if len(numbers) == 2 and numbers[0] == numbers[1]:
        errors["id_number_b"] = msg("两人的身份证号码相同")
    if errors:
        raise InvalidInput(errors)
    existing = _find(session, township_id, numbers[0], numbers[1])
    if existing is not None:
        raise InvalidInput({"kind": msg("已记录{b}与{a}的关系：{kind}", a=existing.name_a,
                                        b=existing.name_b, kind=existing.kind)})
    relative = Relative(township_id=township_id, name_a=a[0].strip(), id_number_a=numbers[0],
                        name_b=b[0].strip(), id_number_b=numbers[1], kind=kind, notes=notes.strip())
    session.add(relative)
    session.flush()
    return relative


def _find(session: Session, township_id: int, first: str, second: str) -> Relative | None:
    return session.scalars(select(Relative).where(
        Relative.township_id == township_id,
        or_((Relative.id_number_a == first) & (Relative.id_number_b == second),
            (Relative.id_number_a == second) & (Relative.id_number_b == first)))).first()


class _Family:
    """The recorded relationships touching some people, as parent links and plain pairs."""

    def __init__(self, rows: Iterable[Relative]) -> None:
        self.direct: dict[frozenset[str], Relative] = {}
        self.parents: dict[str, set[str]] = {}  # child → parents
        self.children: dict[str, set[str]] = {}  # parent → children
        self.names: dict[str, str] = {}
        for row in rows:
            self.direct[frozenset((row.id_number_a, row.id_number_b))] = row
            self.names.setdefault(row.id_number_a, row.name_a)
            self.names.setdefault(row.id_number_b, row.name_b)
            if row.kind == "父母":  # b is a's parent
                self._parent(row.id_number_b, row.id_number_a)
            elif row.kind == "子女":  # b is a's child
                self._parent(row.id_number_a, row.id_number_b)

    def _parent(self, parent: str, child: str) -> None:
        self.parents.setdefault(child, set()).add(parent)
        self.children.setdefault(parent, set()).add(child)

    def implied(self, first: str, second: str) -> tuple[str, str] | None:
        """(kind, how) when two records make ``second`` a close relative of ``first``."""
        shared = sorted(self.parents.get(first, set()) & self.parents.get(second, set()))
        if shared:
            return "兄弟姐妹", f"二人都是{self.names[shared[0]]}的子女"
        for older, younger, kind_of in ((second, first, "grandparent"), (first, second, "grandchild")):
            for middle in sorted(self.parents.get(younger, set()) & self.children.get(older, set())):
                paternal = _sex(middle) == "男"
                if kind_of == "grandparent":
                    kind = "祖父母" if paternal else "外祖父母"
                else:
                    kind = "孙子女" if paternal else "外孙子女"
                return kind, (f"{self.names[older]}是{self.names[middle]}的父母，"
                              f"{self.names[middle]}是{self.names[younger]}的父母")
        return None

    def close_relatives(self, number: str) -> set[str]:
        """Everyone recorded or implied as a close relative of ``number``."""
        found = {other for pair in self.direct if number in pair for other in pair} - {number}
        for parent in self.parents.get(number, set()):
            found |= self.children.get(parent, set())  # siblings
            found |= self.parents.get(parent, set())  # grandparents
        for child in self.children.get(number, set()):
            found |= self.children.get(child, set())  # grandchildren
        return found - {number}


def _sex(number: str) -> str:
    return "男" if int(number[16]) % 2 else "女"


def _touching(session: Session, township_id: int, numbers: list[str]) -> list[Relative]:
    return list(session.scalars(select(Relative).where(
        Relative.township_id == township_id,
        or_(Relative.id_number_a.in_(numbers), Relative.id_number_b.in_(numbers)))))


def pairs_among(session: Session, township_id: int,
                people: Iterable[tuple[str, str]]) -> list[RelativePair]:
    """Every close-relative pair within ``people`` (name, ID number): as recorded, then those
    two records imply (a shared parent, a parent's parent)."""
    names = {number: name for name, number in people}
    if len(names) < 2:
        return []
    family = _Family(_touching(session, township_id, list(names)))
    pairs = [RelativePair(names[r.id_number_a], r.id_number_a, names[r.id_number_b], r.id_number_b, r.kind)
             for r in family.direct.values() if r.id_number_a in names and r.id_number_b in names]
    numbers = list(names)
    for index, first in enumerate(numbers):
        for second in numbers[index + 1:]:
            if frozenset((first, second)) in family.direct:
                continue
            found = family.implied(first, second)
            if found is not None:
                pairs.append(RelativePair(names[first], first, names[second], second, *found))
    return pairs


def relatives_of(session: Session, township_id: int, id_numbers: Iterable[str]) -> set[str]:
    """ID numbers of everyone recorded, or implied by two records, as a close relative of
    any of ``id_numbers`` (VC-30)."""
    numbers = list(id_numbers)
    first = _touching(session, township_id, numbers)
    neighbours = {n for row in first for n in (row.id_number_a, row.id_number_b)} - set(numbers)
    family = _Family(first + _touching(session, township_id, list(neighbours)) if neighbours else first)
    return set().union(*(family.close_relatives(n) for n in numbers)) - set(numbers) if numbers else set()


@dataclass(frozen=True)
class RelativeRow:
    """One recorded relationship as the relatives dialog lists it (ID numbers masked)."""

    id: int
    name_a: str
    name_b: str
    kind: str
    masked_ids: str


def township_relatives(session: Session, township_id: int) -> list[RelativeRow]:
    """Every relationship recorded for the township, oldest first."""
    query = select(Relative).where(Relative.township_id == township_id).order_by(Relative.id)
    return [RelativeRow(r.id, r.name_a, r.name_b, r.kind,
                        f"{idcard.mask(r.id_number_a)} / {idcard.mask(r.id_number_b)}")
            for r in session.scalars(query)]


def remove(session: Session, relative_ids: Iterable[int]) -> None:
    """Delete recorded relationships (entered by mistake)."""
    for ident in relative_ids:
        row = session.get(Relative, ident)
        if row is not None:
            session.delete(row)
    session.flush()
