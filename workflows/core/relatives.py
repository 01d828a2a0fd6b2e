"""Close relatives (近亲属, VC-29 / 民法典 art. 1045): record them, find pairs within a group.

Relationships are stored per township by ID number, so the same record serves every list:
Party candidates (SD-19), villager-committee members (PV-13), the supervision committee's
exclusion set (VC-30) and the election committee (GC-03, SD-21).
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

    def describe(self) -> str:
        """“李娜是张伟的配偶”."""
        return f"{self.name_b}是{self.name_a}的{self.kind}"


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


def pairs_among(session: Session, township_id: int,
                people: Iterable[tuple[str, str]]) -> list[RelativePair]:
    """Every recorded close-relative pair within ``people`` (name, ID number), as recorded."""
    names = {number: name for name, number in people}
    if len(names) < 2:
        return []
    rows = session.scalars(select(Relative).where(
        Relative.township_id == township_id, Relative.id_number_a.in_(list(names)),
        Relative.id_number_b.in_(list(names))))
    return [RelativePair(names[r.id_number_a], r.id_number_a, names[r.id_number_b], r.id_number_b, r.kind)
            for r in rows]


def relatives_of(session: Session, township_id: int, id_numbers: Iterable[str]) -> set[str]:
    """ID numbers of everyone recorded as a close relative of any of ``id_numbers`` (VC-30)."""
    numbers = list(id_numbers)
    rows = session.execute(select(Relative.id_number_a, Relative.id_number_b).where(
        Relative.township_id == township_id,
        or_(Relative.id_number_a.in_(numbers), Relative.id_number_b.in_(numbers)))).all()
    return {number for pair in rows for number in pair} - set(numbers)


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
