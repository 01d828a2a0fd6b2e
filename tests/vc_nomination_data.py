"""A village roll for the nomination tests: registered voters with known names and sexes."""

from __future__ import annotations

from datetime import date

from models import Voter
from tests.conftest import make_election
from workflows.core import idcard
from workflows.township.townships import TownshipInput, create_township

COMMITTEE_DAY = date(2026, 12, 20)
PROVINCES = {"zhejiang_2020": "浙江省", "beijing": "北京市", "shanghai_2020": "上海市"}
MEN = ["王建国", "李强", "张伟", "刘洋", "陈刚", "杨帆", "赵磊", "黄勇", "周强", "吴刚", "郑涛", "孙斌"]
WOMEN = ["李娜", "王芳", "陈静", "刘丽"]


def add_person(session, election, name: str, sex: str, sequence: int, status: str = "registered") -> Voter:
    """One voter on the election's roll (sequence makes the ID number and its sex digit)."""
    digit = sequence * 2 + (1 if sex == "男" else 0)
    birth = date(1970 + sequence % 30, 1 + sequence % 12, 1 + sequence % 27)
    voter = Voter(election_id=election.id, village_id=election.village_id, name=name, sex=sex,
                  id_number=idcard.make_id("360102", birth, digit), birth_date=birth, status=status)
    session.add(voter)
    session.flush()
    return voter


def village(session, preset: str = "jiangxi_2021", *, women: bool = True, extra: int = 0, **seats):
    """A township with the preset, one village election on COMMITTEE_DAY, and its roll.

    Returns (election, {name: voter id}); ``extra`` adds that many more men (张三1…).
    """
    township = create_township(session, TownshipInput("云溪镇", "青山县", PROVINCES.get(preset, "江西省"), preset))
    election = make_election(session, township, committee=COMMITTEE_DAY)
    for key, value in seats.items():
        setattr(election, key, value)
    people = [(n, "男") for n in MEN] + ([(n, "女") for n in WOMEN] if women else [])
    people += [(f"张三{i}", "男") for i in range(extra)]
    ids = {name: add_person(session, election, name, sex, i + 1).id for i, (name, sex) in enumerate(people)}
    session.flush()
    return election, ids
