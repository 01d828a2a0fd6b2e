"""The villager-committee track of a demo village, done through the real workflows.

:func:`seat_committee` is also the tests' way to a valid election committee: the meeting
(a villagers' representatives meeting over its quorum), the committee with a chair — the
Party secretary where the Party track knows one (SD-21) — a vice chair and members, one person
next in line, a women's seat on 委员, the list notice, the filing and the adopted, published
work plan, all on one day.
"""

from __future__ import annotations

import math
import random
from datetime import date

from workflows.core.idcard import make_id
from workflows.core.scope import ElectionScope
from workflows.party import api as party_api
from workflows.villager import committee, committee_documents, plan, seat_labels


def prepare(scope: ElectionScope, stage_key: str, day: date) -> date:
    """Do what ``stage_key`` needs on or before ``day``; returns the day it was done."""
    action = ACTIONS.get(stage_key)
    return action(scope, day) if action else day


def _size(scope: ElectionScope) -> int:
    """The profile's minimum, made odd, and at least 5 (the seed's 一般不少于5人)."""
    size = max(scope.profile.get("ec_min_size"), 5)
    return size if size % 2 else size + 1


def _people(scope: ElectionScope, count: int, day: date) -> list[tuple[str, str]]:
    from workflows.demo.township import person_name

    rng = random.Random(f"committee-{scope.election.village_id}")
    people, names = [], set()
    for index in range(count):
        sex = "女" if index % 3 == 1 else "男"
        name = person_name(rng, sex)
        while name in names:
            name = person_name(rng, sex)
        names.add(name)
        birth = date(day.year - 30 - rng.randint(0, 30), rng.randint(1, 12), rng.randint(1, 28))
        people.append((name, make_id(f"3610{70 + scope.election.village_id % 30:02d}", birth,
                                     2 * index + 100 + (1 if sex == "男" else 0))))
    return people


def seat_committee(scope: ElectionScope, day: date) -> date:
    """Choose, publish and file the election committee and adopt the work plan on ``day``."""
    size = _size(scope)
    representatives = max(25, scope.village.households // 12)
    present = math.ceil(representatives * 0.85)
    committee.record_meeting(scope, committee.MeetingInput(
        "representatives", day, representatives=representatives, present=present))
    secretaries = party_api.secretaries(scope)
    people = [(s.name, s.id_number) for s in secretaries[:1]]
    people += [p for p in _people(scope, size + 1, day) if p[1] not in {n for _, n in people}]
    roles = ["chair", "vice_chair"] + ["member"] * (size - 2) + [""]
    for rank, ((name, number), role) in enumerate(zip(people, roles, strict=False), start=1):
        committee.add_member(scope, committee.MemberInput(name, number, rank, role, present - rank))
    if scope.election.vc_members:
        seat_labels.add_seat_label(scope, seat_labels.SeatLabelInput("member", "妇女委员", 1, True))
    committee_documents.issue_list_notice(scope, day)
    committee_documents.issue_filing(scope, day)
    plan.record_plan(scope, plan.PlanInput("representatives", day, None))
    plan.issue_plan(scope, day)
    return day


ACTIONS = {"vc.election_committee": seat_committee}
