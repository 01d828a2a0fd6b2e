"""Test data for the vote notice and proxies: a village with voters, candidates and relatives."""

from __future__ import annotations

from datetime import date

from models import VcCandidate, Voter
from tests.conftest import make_election
from workflows.core import idcard, relatives
from workflows.core.scope import open_scope
from workflows.township.townships import TownshipInput, create_township
from workflows.villager import officials, polling

VOTE_DAY = date(2026, 12, 6)  # TODAY (conftest) is 2026-11-21
PEOPLE = ["王建国", "王小明", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周强", "孙丽", "吴刚",
          "郑涛", "欧阳喆"]


def person_id(index: int) -> str:
    return idcard.make_id("360102", date(1960 + index, 3, 1 + index), 11 + index * 2)


PROVINCES = {"zhejiang_2020": "浙江省", "beijing": "北京市", "shanghai_2020": "上海市"}


def build(session, preset: str = "national", vote_day: date = VOTE_DAY) -> int:
    """A village (上屋组, 下屋组) with the voters of PEOPLE; returns the election's id."""
    township = create_township(session, TownshipInput("云溪镇", "青山县", PROVINCES.get(preset, "江西省"), preset))
    election = make_election(session, township, committee=vote_day)
    groups = polling.group_names(open_scope(session, election.id))
    group_ids = list(groups)
    for index, name in enumerate(PEOPLE):
        session.add(Voter(election_id=election.id, village_id=election.village_id, name=name,
                          sex="男" if index % 2 == 0 else "女", id_number=person_id(index),
                          birth_date=date(1960 + index, 3, 1 + index), group_id=group_ids[index % 2]))
    session.flush()
    return election.id


def voter_id(scope, name: str) -> int:
    return next(choice.id for choice in polling.voter_choices(scope) if choice.name == name)


def make_candidate(scope, name: str, office: str = "chair", status: str = "formal") -> None:
    """A standing candidate (the nomination track's table, as its ``current`` reads it)."""
    voter = scope.session.get(Voter, voter_id(scope, name))
    scope.session.add(VcCandidate(election_id=scope.election.id, voter_id=voter.id, name=voter.name,
                                  id_number=voter.id_number, sex=voter.sex, birth_date=voter.birth_date,
                                  office=office, status=status))
    scope.session.flush()


def relate(scope, a: str, b: str, kind: str) -> None:
    """Record that ``b`` is ``a``'s ``kind`` in the township's relatives."""
    va = scope.session.get(Voter, voter_id(scope, a))
    vb = scope.session.get(Voter, voter_id(scope, b))
    relatives.record(scope.session, scope.township.id, (va.name, va.id_number), (vb.name, vb.id_number), kind)


def arrange(scope, box_scrutineers: int = 3) -> int:
    """A main venue for 上屋组, a station for 下屋组, officials, and one mobile box; returns the box id."""
    groups = list(polling.group_names(scope))
    polling.save_station(scope, polling.StationInput("选举大会会场", "村委会大院", "8:00", "12:00", (groups[0],), True))
    polling.save_station(scope, polling.StationInput("第1投票站", "下屋组祠堂", "8:00", "11:30", (groups[1],)))
    for role, name in (("chief_scrutineer", "赵磊"), ("scrutineer", "黄敏"), ("scrutineer", "周强"),
                       ("caller", "孙丽"), ("counter", "吴刚")):
        officials.add_official(scope, officials.OfficialInput(role, voter_id(scope, name)))
    box = polling.save_box(scope, polling.BoxInput("第1号流动票箱", "上午9时至11时，上屋组、下屋组"))
    polling.add_box_voter(scope, box, voter_id(scope, "郑涛"), "患病卧床")
    for name in ("杨帆", "陈静", "刘洋")[:box_scrutineers]:
        officials.add_official(scope, officials.OfficialInput("box_scrutineer", voter_id(scope, name), box_id=box))
    return box
