"""The demo township: ten villages at different steps, dated relative to today.

Built through the same workflows a clerk uses (validation, stage machine, audit log),
so the demo is a faithful picture of real data — including late deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from workflows import stages
from workflows.calendar import Kind
from workflows.store import Store
from workflows.townships import (
    ElectionInput,
    TownshipInput,
    VillageInput,
    create_township,
    profile_of,
    record_fact,
    save_election,
    save_village,
)

DEMO_OPERATOR = "演示数据"
GROUP_NAMES = (
    "上屋组", "下屋组", "新屋组", "老屋组", "塘边组", "山背组", "桥头组", "庙前组",
    "枫树下组", "大坪组", "坳上组", "田心组", "水口组", "岭下组",
)


@dataclass(frozen=True)
class DemoVillage:
    """A village of the demo and how far its election has come."""

    name: str
    population: int
    households: int
    groups: int
    party_offset: int | None  # party meeting day relative to today
    vc_offset: int | None  # villager-committee election day relative to today
    party_stage: str | None  # first stage still open (None: track finished)
    vc_stage: str | None
    vice_chairs: int = 1
    members: int = 3


VILLAGES = (
    DemoVillage("云溪村", 2860, 712, 12, -40, -3, None, "vc.results", 2, 4),
    DemoVillage("石桥村", 1530, 398, 8, -30, 4, None, "vc.formal_candidates"),
    DemoVillage("枫林村", 980, 245, 6, 6, 45, "party.publicity", "vc.election_committee", 0, 2),
    DemoVillage("长岭村", 2150, 540, 10, 2, 25, "party.meeting", "vc.registration"),
    DemoVillage("杨柳村", 1260, 318, 7, 20, 50, "party.recommendation", "vc.election_committee"),
    DemoVillage("龙潭村", 3120, 806, 14, 1, 33, "party.approval", "vc.registration", 2, 4),
    DemoVillage("白沙村", 760, 190, 5, -25, 15, None, "vc.registration", 0, 2),
    DemoVillage("东坑村", 1840, 462, 9, -70, -35, None, None),
    DemoVillage("茶园村", 1105, 276, 6, None, None, None, None),
    DemoVillage("上官村", 640, 158, 4, -20, 2, None, "vc.vote_notice", 0, 2),
)


def build_demo(store: Store, today: date) -> int:
    """Fill an empty database with the demo township; returns its id."""
    with store.transaction(DEMO_OPERATOR) as session:
        township = create_township(session, TownshipInput(
            "云溪镇", county="青山县", province="江西省", preset="jiangxi_2021"))
        for spec in VILLAGES:
            _add_village(session, township, spec, today)
        return township.id


def _add_village(session: Session, township, spec: DemoVillage, today: date) -> None:
    village = save_village(session, township, VillageInput(
        spec.name, spec.population, spec.households, list(GROUP_NAMES[: spec.groups])))
    if spec.party_offset is None:
        return
    profile = profile_of(township)
    election = save_election(session, village, ElectionInput(
        "第十二届",
        today + timedelta(days=spec.party_offset),
        today + timedelta(days=spec.vc_offset),
        party_members=5 if spec.population > 1000 else 3,
        party_deputies=1 if spec.population > 2500 else 0,
        vc_vice_chairs=spec.vice_chairs, vc_members=spec.members,
    ), profile)
    record_fact(session, election, "audit_published",
                min(election.party_election_day, today) - timedelta(days=20), "审计结果已张榜公布")
    if spec.vc_stage != "vc.election_committee":
        add_demo_voters(session, election, spec)
    for track, upto in ((stages.Track.PARTY, spec.party_stage), (stages.Track.VC, spec.vc_stage)):
        _complete_until(session, election, profile, today, track, upto)


def _complete_until(session, election, profile, today, track, upto) -> None:
    """Complete the track's stages in order, stopping before ``upto``."""
    start = election.party_election_day if track == stages.Track.PARTY else election.committee_election_day
    cursor = start - timedelta(days=45)
    for stage in stages.TRACK_STAGES[track]:
        if stage.key == upto:
            return
        cursor = min(cursor + timedelta(days=3), today)
        context = stages.StageContext(session, election, profile, today)
        day = _record_stage_facts(session, election, context, stage.key, cursor, today)
        stages.advance(stages.StageContext(session, election, profile, today), stage.key, day)
        cursor = max(cursor, day)


def _record_stage_facts(session, election, context, stage_key, cursor, today) -> date:
    """Record each deadline of the stage on time; return the stage's completion day."""
    day = cursor
    for milestone in context.schedule.for_stage(stage_key):
        if milestone.kind == Kind.WINDOW:
            day = max(day, min(milestone.due, today))
            continue
        when = min(milestone.due, today) if milestone.kind == Kind.EVENT else min(milestone.due - timedelta(days=1), today)
        if milestone.kind != Kind.EVENT:
            record_fact(session, election, milestone.key, when)
        day = max(day, when)
    return min(day, today)


SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国文辉春梅海燕林生金凤云成小荣"
         "志宏新德福顺根水发财喜桃菊香莲珍萍婷雪琴晓东亮斌波鹏飞宇浩然俊峰松柏玲凤仙堃喆玥昇")
EDUCATIONS = ("小学", "初中", "初中", "高中", "中专", "大专", "本科")


def add_demo_voters(session: Session, election, spec: DemoVillage) -> int:
    """Register about 70 % of the village's population, spread over its groups."""
    import random

    from sqlalchemy import insert

    from models import Voter
    from workflows.idcard import make_id
    from workflows.registration import group_ids

    rng = random.Random(spec.name)
    region = f"3610{21 + sum(map(ord, spec.name)) % 70:02d}"  # one region code per village: no clashes
    groups = list(group_ids(session, election.village_id).values())
    day = election.committee_election_day
    rows, used = [], set()
    for index in range(spec.population * 7 // 10):
        birth = date(day.year - rng.randint(18, 88), rng.randint(1, 12), rng.randint(1, 28))
        number = make_id(region, birth, rng.randint(0, 999))
        if number in used:
            continue
        used.add(number)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        rows.append({
            "election_id": election.id, "village_id": election.village_id,
            "group_id": groups[index % len(groups)], "name": rng.choice(SURNAMES) + given,
            "sex": "男" if int(number[16]) % 2 else "女", "ethnicity": "汉族", "id_number": number,
            "birth_date": birth, "education": rng.choice(EDUCATIONS), "political_status": "群众",
            "category": 2 if rng.random() < 0.12 else 1, "phone": f"13{rng.randint(100000000, 999999999)}",
            "notes": "", "status": "registered", "removal_reason": "", "source": "import",
        })
    session.execute(insert(Voter), rows)
    return len(rows)
