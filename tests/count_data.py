"""Test data for the stored count: the village of ``vc_polling_data`` with a villager round of
three offices (主任1, 副主任1, 委员5) and one ballot box."""

from __future__ import annotations

from tests import vc_polling_data
from tests.vc_polling_data import VOTE_DAY
from workflows.core.scope import open_scope
from workflows.count import double_entry, rounds
from workflows.count.rounds import BoxInput, CandidateInput, ContestInput, RoundInput

CHAIR = ("王建国", "张伟")  # numbers 1, 2
VICE = ("李娜", "刘洋")  # 3, 4
MEMBERS = ("陈静", "杨帆", "赵磊", "黄敏", "周强", "孙丽", "吴刚")  # 5 … 11
FEMALE = {"李娜", "陈静", "黄敏", "孙丽"}


def contests(people: dict[str, str] | None = None) -> tuple[ContestInput, ...]:
    """The three offices; ``people`` (name → ID number) ties each name to a person."""
    people = people or {}

    def listed(names):
        return tuple(CandidateInput(n, n in FEMALE, people.get(n, "")) for n in names)

    return (ContestInput("主任", 1, listed(CHAIR)), ContestInput("副主任", 1, listed(VICE)),
            ContestInput("委员", 5, listed(MEMBERS)))


def setup(session, preset: str = "national", boxes: tuple[BoxInput, ...] = (BoxInput("中心会场票箱"),),
          registered: int = 14):
    """The election, its scope and a first villager round; returns (scope, round id)."""
    election_id = vc_polling_data.build(session, preset)
    scope = open_scope(session, election_id)
    people = {name: vc_polling_data.person_id(i) for i, name in enumerate(vc_polling_data.PEOPLE)}
    round_id = rounds.open_round(scope, RoundInput("villager", "first", VOTE_DAY, contests(people), boxes,
                                                   registered=registered))
    return scope, round_id


def box_of(scope, round_id: int, index: int = 0) -> int:
    return rounds.round_view(scope, round_id).boxes[index].id


def entry(scope, round_id: int, operator: str = "计票员甲", mode: str = "ballots", box: int = 0) -> int:
    return double_entry.start_entry(scope, box_of(scope, round_id, box), operator, mode)
