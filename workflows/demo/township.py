"""The demo township: ten villages at different steps, dated relative to today.

Built through the same workflows a clerk uses (validation, stage machine, audit log),
so the demo is a faithful picture of real data — including late deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from models import Village
from workflows.core import config, stages
from workflows.core.calendar import Kind, record_fact
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.core.store import Store, open_store
from workflows.demo import party as demo_party
from workflows.demo import villager as demo_villager
from workflows.township.townships import (
    ElectionInput,
    TownshipInput,
    VillageInput,
    create_township,
    save_election,
    save_village,
)

DEMO_OPERATOR = "演示数据"
SHOWCASE_VILLAGE = "石桥村"  # the village whose registration shows objections and corrections
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
    DemoVillage("白沙村", 760, 190, 5, -25, 15, None, "vc.nomination", 0, 2),
    DemoVillage("东坑村", 1840, 462, 9, -70, -35, None, None),
    DemoVillage("茶园村", 1105, 276, 6, None, None, None, None),
    DemoVillage("上官村", 640, 158, 4, -20, 2, None, "vc.vote_notice", 0, 2),
)


def open_demo(url: str, today: date, defer_check: bool = False) -> Store:
    """The demo database, rebuilt when it was not built today (its dates follow today), else
    opened as it is — so two exports or two starts on one day see the same documents."""
    path = config.sqlite_path_of(url)
    marker = path.with_name(path.name + ".built") if path is not None else None
    stamp = f"{today.isoformat()} {_demo_fingerprint()}"
    if marker is not None and path.exists() and marker.exists() and marker.read_text() == stamp:
        return open_store(url, defer_check=defer_check)
    if path is not None:
        for suffix in ("", "-wal", "-shm", ".built"):
            candidate = path.with_name(path.name + suffix)
            if candidate.exists():
                candidate.unlink()
    store = open_store(url)
    build_demo(store, today)
    if marker is not None:
        marker.write_text(stamp)
    return store


def _demo_fingerprint() -> str:
    """A digest of the code that builds and prints the demo: a changed program rebuilds it the
    same day (a few milliseconds for the two packages)."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for package in ("workflows", "printing"):
        for source in sorted((root / package).rglob("*.py")):
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def build_demo(store: Store, today: date) -> int:
    """Fill an empty database with the demo township; returns its id."""
    with store.transaction(DEMO_OPERATOR) as session:
        township = create_township(session, TownshipInput(
            "云溪镇", county="青山县", province="江西省", preset="jiangxi_2021"))
        _this_years_ages(session, township, today)
        for spec in VILLAGES:
            _add_village(session, township, spec, today)
        _sample_documents(session, township, today)
        return township.id


def _this_years_ages(session, township, today: date) -> None:
    """The seed plan counted ages to 2021-01-01; the demo's term counts to this year's 1 January."""
    from workflows.core.policy import Setting
    from workflows.township.townships import save_profile

    profile = profile_of(township)
    setting = Setting(f"{today.year}-01-01", "演示：按本届换届年度的1月1日计算（种子方案为2021年1月1日）", True)
    save_profile(session, township.id, profile.with_setting("age_reference_date", setting))


def _sample_documents(session, township, today: date) -> None:
    """A free notice and a certificate specimen, so every document kind has an example."""
    from sqlalchemy import select

    from models import ElectionProcess
    from printing.documents.certificate import CertificateSpec
    from workflows.core import documents
    from workflows.township import notices

    def election_of(name: str) -> ElectionProcess:
        return session.scalars(select(ElectionProcess).join(Village).where(
            Village.township_id == township.id, Village.name == name)).one()

    yangliu = election_of("杨柳村")
    spec = notices.free_notice_spec(
        "关于推选杨柳村村民选举委员会的公告",
        f"根据《中华人民共和国村民委员会组织法》第十二条规定，经村民代表会议研究，定于"
        f"{(today + timedelta(days=5)).month}月{(today + timedelta(days=5)).day}日上午九时在村委会会议室"
        "召开村民代表会议，推选产生本村村民选举委员会。\n\n一、推选方式\n\n"
        "村民选举委员会由主任、副主任和委员共7人组成，由村民代表会议以无记名投票方式推选产生。\n\n"
        "二、有关要求\n\n村民选举委员会成员之间不得有近亲属关系；成员被提名为村民委员会成员候选人的，"
        "应当退出村民选举委员会。请各位村民代表准时参加。",
        "杨柳村村民委员会", today)
    notices.issue_free_notice(session, spec, election_id=yangliu.id)
    yunxi = election_of("云溪村")
    vote_day = yunxi.committee_election_day
    body = (f"经{vote_day.year}年{vote_day.month}月{vote_day.day}日云溪镇云溪村村民依法直接选举，"
            f"当选为云溪村{yunxi.term_label}村民委员会主任。")
    certificate = CertificateSpec("张建华当选证书（样张）", "青山民选证字第1号", "张建华", body,
                                  ["青山县民政局", "云溪镇人民政府"],
                                  f"{today.year}年{today.month}月{today.day}日", specimen=True)
    documents.issue(session, "certificate", certificate, documents.Placement.of_election(session, yunxi))
    _party_documents(session, election_of(demo_party.PAPER_VILLAGE), today)


def _party_documents(session, election, today: date) -> None:
    """The report of the expected attendance, before the meeting (the 资格联审表, 公示 and
    请示 were issued by their own steps, see :mod:`workflows.demo.party`)."""
    from workflows.party import documents as party_documents

    party_documents.issue_attendance_report(open_scope(session, election, today), today)


def _add_village(session: Session, township, spec: DemoVillage, today: date) -> None:
    village = save_village(session, township.id, VillageInput(
        spec.name, spec.population, spec.households, list(GROUP_NAMES[: spec.groups])))
    if spec.party_offset is None:
        return
    profile = profile_of(township)
    election = save_election(session, village.id, ElectionInput(
        "第十二届",
        today + timedelta(days=spec.party_offset),
        today + timedelta(days=spec.vc_offset),
        party_members=5 if spec.population > 1000 else 3,
        party_deputies=1 if spec.population > 2500 else 0,
        vc_vice_chairs=spec.vice_chairs, vc_members=spec.members,
    ))
    record_fact(session, election, "audit_published",
                min(election.party_election_day, today) - timedelta(days=50), "审计结果已张榜公布")
    _schedule_notice(session, election, spec, today)
    if spec.vc_stage != "vc.election_committee":
        add_demo_voters(session, election, spec)
    for track, upto in ((stages.Track.PARTY, spec.party_stage), (stages.Track.VC, spec.vc_stage)):
        _complete_until(session, election, profile, today, track, upto)


def _schedule_notice(session, election, spec: DemoVillage, today: date) -> None:
    """The village's schedule notice, posted when its 换届 work begins (45 days before its
    first election day): by the township's leading group for both tracks, except in the
    village whose Party branch announces its own items (the villager election committee
    announces the rest once it is elected, see :func:`_complete_until`)."""
    from workflows.township import notices

    first = min(d for d in (election.party_election_day, election.committee_election_day) if d)
    posted = min(first - timedelta(days=45), today)
    issuer = notices.BRANCH if spec.name == demo_party.PAPER_VILLAGE else notices.LEADING_GROUP
    notices.issue_schedule_notice(open_scope(session, election, today), posted, issuer)


def _complete_until(session, election, profile, today, track, upto) -> None:
    """Complete the track's stages in order, stopping before ``upto``."""
    start = election.party_election_day if track == stages.Track.PARTY else election.committee_election_day
    cursor = start - timedelta(days=45)
    for stage in stages.TRACK_STAGES[track]:
        if stage.key == upto:
            _leave_open(session, election, profile, today, stage.key, min(cursor + timedelta(days=3), today))
            return
        cursor = min(cursor + timedelta(days=3), today)
        cursor = min(demo_party.prepare(open_scope(session, election, today, profile=profile), stage.key,
                                        cursor), today)
        cursor = min(demo_villager.prepare(open_scope(session, election, today, profile=profile), stage.key,
                                           cursor), today)
        context = open_scope(session, election, today, profile=profile)
        day = _record_stage_facts(session, election, context, stage.key, cursor, today)
        if stages.is_supported(stage.key):  # a stage without its work recorded stays open
            stages.advance(open_scope(session, election, today, profile=profile), stage.key, day)
            if stage.key == "vc.election_committee":
                _committee_schedule_notice(session, election, today, day)
        cursor = max(cursor, day)


def _leave_open(session, election, profile, today: date, stage_key: str, day: date) -> None:
    """The stage the village stops at: its work done with the problems the demo leaves (see
    :func:`workflows.demo.villager.leave_open`), its dates recorded, the stage not completed."""
    if demo_villager.leave_open(open_scope(session, election, today, profile=profile), stage_key, day):
        _record_stage_facts(session, election, open_scope(session, election, today, profile=profile),
                            stage_key, day, today)


def _committee_schedule_notice(session, election, today: date, elected: date) -> None:
    """Once elected, the villager election committee of the Party-paper village announces
    the villager-committee items itself, dated the day it was elected."""
    from workflows.township import notices

    if session.get(Village, election.village_id).name == demo_party.PAPER_VILLAGE:
        notices.issue_schedule_notice(open_scope(session, election, today), elected,
                                      notices.ELECTION_COMMITTEE)


def _record_stage_facts(session, election, context, stage_key, cursor, today) -> date:
    """Record each deadline of the stage on time; return the stage's completion day."""
    day = cursor
    for milestone in context.schedule.for_stage(stage_key):
        if milestone.done_on is not None:  # recorded by the workflow that did the step
            day = max(day, milestone.done_on)
            continue
        if milestone.kind == Kind.WINDOW:
            day = max(day, min(milestone.due, today))
            continue
        when = min(milestone.due, today) if milestone.kind == Kind.EVENT else min(milestone.due - timedelta(days=1), today)
        if milestone.key == "voter_list_published":
            _publish_voter_list(session, election, when, today)
        elif milestone.kind != Kind.EVENT:
            record_fact(session, election, milestone.key, when)
        day = max(day, when)
    return min(day, today)


def _publish_voter_list(session, election, day: date, today: date) -> None:
    """Post the list through the real workflow; one village also gets objections and a supplement."""
    from workflows.voters import publication

    village = session.get(Village, election.village_id)
    if village.name != SHOWCASE_VILLAGE:  # the other villages posted theirs; only the date counts
        publication.record_publication(open_scope(session, election), day)
        return
    publication.publish_list(open_scope(session, election), day)
    _objection_and_corrections(session, election, day, today)


def _objection_and_corrections(session, election, published: date, today: date) -> None:
    """An objection upheld within the limits, the correction it causes, and its notices."""
    from sqlalchemy import select

    from models import Voter
    from workflows.voters import publication, registration

    voters = session.scalars(select(Voter).where(Voter.election_id == election.id).order_by(Voter.id)).all()
    received, decided = published + timedelta(days=2), published + timedelta(days=3)
    objection = registration.register_objection(open_scope(session, election), registration.ObjectionInput(
        "王建国", voters[0].name, f"{voters[0].name}已于本月初去世，不应列入选民名单", received))
    registration.decide_objection(open_scope(session, election), objection.id, True, f"异议成立，将{voters[0].name}从名单中删除，"
                                  "列入补正公告。", decided)
    registration.remove_voter(open_scope(session, election, decided), voters[0].id, "死亡（经异议审查核实）")
    registration.remove_voter(open_scope(session, election, decided), voters[1].id, "已迁出本村，户籍转至县城")
    publication.publish_objection_results(open_scope(session, election), [objection.id], decided)
    publication.publish_supplement(open_scope(session, election), decided + timedelta(days=1))
    first_group = voters[2].group_id
    card_ids = [v.id for v in voters if v.group_id == first_group and v.status == "registered"]
    publication.issue_voter_cards(open_scope(session, election), card_ids)


SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱")
# Given-name characters as villagers of each sex are usually named, so names and sexes agree.
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚建国文辉海林生金成志宏新德福顺根水发财东亮斌波鹏飞宇浩俊峰松柏堃喆昇"
GIVEN_FEMALE = "芳娜敏静丽艳娟秀霞桂英玉兰红春梅燕凤云荣喜桃菊香莲珍萍婷雪琴晓玲仙玥"
GIVEN = GIVEN_MALE + GIVEN_FEMALE  # names on paper whose owner's sex is not recorded


def person_name(rng, sex: str, given_length: int = 2) -> str:
    """A surname and a given name that suits the sex (“男”/“女”)."""
    pool = GIVEN_MALE if sex == "男" else GIVEN_FEMALE
    return rng.choice(SURNAMES) + "".join(rng.choice(pool) for _ in range(given_length))
EDUCATIONS = ("小学", "初中", "初中", "高中", "中专", "大专", "本科")


def add_demo_voters(session: Session, election, spec: DemoVillage) -> int:
    """Register about 70 % of the village's population, spread over its groups."""
    import random

    from sqlalchemy import insert

    from models import Voter
    from workflows.core.idcard import make_id
    from workflows.voters.registration import group_ids

    rng = random.Random(spec.name)
    region = f"3610{21 + sum(map(ord, spec.name)) % 70:02d}"  # one region code per village: no clashes
    groups = list(group_ids(session, election.village_id).values())
    day = election.committee_election_day
    rows, used = [], set()
    for index in range(spec.population * 7 // 10):
        birth = date(day.year - rng.randint(18, 88), rng.randint(1, 12), rng.randint(1, 28))
        if birth > day.replace(year=day.year - 18):  # every demo voter is 18 on the election day
            birth = birth.replace(year=birth.year - 1)
        number = make_id(region, birth, rng.randint(0, 999))
        if number in used:
            continue
        used.add(number)
        sex = "男" if int(number[16]) % 2 else "女"
        rows.append({
            "election_id": election.id, "village_id": election.village_id,
            "group_id": groups[index % len(groups)],
            "name": person_name(rng, sex, rng.choice((1, 2, 2, 2))),
            "sex": sex, "ethnicity": "汉族", "id_number": number,
            "birth_date": birth, "education": rng.choice(EDUCATIONS), "political_status": "群众",
            "category": 2 if rng.random() < 0.12 else 1, "phone": f"13{rng.randint(100000000, 999999999)}",
            "notes": "", "status": "registered", "removal_reason": "", "source": "import",
        })
    session.execute(insert(Voter), rows)
    return len(rows)
