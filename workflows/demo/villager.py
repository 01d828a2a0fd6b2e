"""The villager-committee track of a demo village, done through the real workflows.

Each stage's action does what a clerk would have done before completing it: the committee,
the 海选 totals and the candidates, the review and inspection, the formal list and its
见面会, the places of voting, officials and proxies. :func:`leave_open` does a stage's work
with the problems the demo leaves for the clerk (issue 11 item 10): in 白沙村 a committee member
nominated and not yet replaced, in 石桥村 a formal list posted a day late, in 上官村 a proxy
whose relationship is not yet in the township's relatives.

:func:`seat_committee` is also the tests' way to a valid election committee: the meeting
(a villagers' representatives meeting over its quorum), the committee with a chair — the
Party secretary where the Party track knows one (SD-21) — a vice chair and members, one person
next in line, a women's seat on 委员, the list notice, the filing and the adopted, published
work plan, all on one day.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from sqlalchemy import select

from models import Voter
from workflows.core import qualification as shared
from workflows.core.idcard import make_id
from workflows.core.scope import ElectionScope
from workflows.party import api as party_api
from workflows.villager import (
    candidates,
    committee,
    committee_documents,
    formal,
    nomination,
    officials,
    plan,
    polling,
    proxies,
    proxy_papers,
    qualification,
    seat_labels,
)
from workflows.villager import vote_notice as notice
from workflows.villager.offices import Office, seats

NOMINATED_MEMBER_VILLAGES = {"云溪村": True, "白沙村": False}  # village → the seat is filled (VC-06)
LATE_LIST_VILLAGE = "石桥村"  # posts its formal list a day after the legal latest day (SD-24)
UNCONFIRMED_PROXY_VILLAGE = "上官村"  # one proxy's relationship is left for the clerk to verify (VC-29)
CHANGES_VILLAGE = "东坑村"  # a formal candidate withdrew in time; the next moved up (PV-05)
BALLOT_VILLAGE = "云溪村"  # printed blank nomination ballots and the 资格联审表


def prepare(scope: ElectionScope, stage_key: str, day: date) -> date:
    """Do what ``stage_key`` needs on or before ``day``; returns the day it was done."""
    action = ACTIONS.get(stage_key)
    return action(scope, day) if action else day


def _size(scope: ElectionScope) -> int:
    """The profile's minimum, made odd, and at least 5 (the seed's 一般不少于5人)."""
    size = max(scope.profile.get("ec_min_size"), 5)
    return size if size % 2 else size + 1


def _roll(scope: ElectionScope) -> list[Voter]:
    return list(scope.session.scalars(select(Voter).where(
        Voter.election_id == scope.election.id, Voter.status == "registered").order_by(Voter.id)))


def _from_roll(scope: ElectionScope, count: int, day: date) -> list[tuple[str, str]]:
    """Villagers of the roll aged 30 to 65 with names no one else on the roll has."""
    roll = _roll(scope)
    counts: dict[str, int] = {}
    for voter in roll:
        counts[voter.name] = counts.get(voter.name, 0) + 1
    fit = [v for v in roll if counts[v.name] == 1 and 30 <= (day - v.birth_date).days // 365 <= 65]
    random.Random(f"committee-roll-{scope.election.village_id}").shuffle(fit)
    return [(v.name, v.id_number) for v in fit[:count]]


def _people(scope: ElectionScope, count: int, day: date) -> list[tuple[str, str]]:
    """The committee's people: villagers of the roll when it is there, else made-up villagers."""
    from workflows.demo.township import person_name

    chosen = _from_roll(scope, count, day)
    if len(chosen) == count:
        return chosen
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


# --- 海选 and the candidates (VC-12, VC-13, GC-12, SD-25, VC-06) ---------------------------------

def _age(voter: Voter, day: date) -> int:
    return (day - voter.birth_date).days // 365


def _nominee_pool(scope: ElectionScope, day: date) -> list[Voter]:
    """Villagers the demo may nominate: unique names, 25 to 58, not on the election committee."""
    roll = _roll(scope)
    counts: dict[str, int] = {}
    for voter in roll:
        counts[voter.name] = counts.get(voter.name, 0) + 1
    on_committee = {row.id_number for row in committee.members_of(scope)}
    pool = [v for v in roll if counts[v.name] == 1 and 25 <= _age(v, day) <= 58 and v.id_number not in on_committee]
    random.Random(f"nominees-{scope.election.village_id}").shuffle(pool)
    return pool


def _nominees_per_office(scope: ElectionScope, day: date) -> dict[str, list[Voter]]:
    """Two more nominees than candidates per office; 主任 and 副主任 aged 32 to 51; a woman second
    among the 委员 except in the late-list village, where SD-25 adds the woman with most votes."""
    pool = _nominee_pool(scope, day)
    women = [v for v in pool if v.sex == "女"]
    men = [v for v in pool if v.sex == "男"]
    result: dict[str, list[Voter]] = {}
    for office, quota in candidates.quotas(scope).items():
        count = quota.low + 2
        if office == Office.MEMBER:
            first = [men.pop(0)]
            if scope.village.name == LATE_LIST_VILLAGE:  # no woman in the top: SD-25 adds one
                result[office] = first + [men.pop(0) for _ in range(count - 2)] + [women.pop(0)]
            else:
                result[office] = first + [women.pop(0)] + [men.pop(0) for _ in range(count - 2)]
        else:
            young = [v for v in men if 32 <= _age(v, day) < 52][:count]
            for voter in young:
                men.remove(voter)
            result[office] = young
    return result


def _nomination_day(scope: ElectionScope, day: date) -> date:
    """After the voter list was posted, no later than 12 days before the vote (nor today)."""
    vote = scope.election.committee_election_day
    posted = scope.facts.get("voter_list_published") or day
    return max(min(day, vote - timedelta(days=12), scope.today), min(posted + timedelta(days=1), scope.today))


def nominate(scope: ElectionScope, day: date) -> date:
    """Enter the 海选 from the tally sheets, decide the numbers, choose the candidates; where the
    demo says so, one committee member is nominated (and leaves, with the next in line seated)."""
    held = _nomination_day(scope, day)
    registered = nomination.registered_count(scope)
    nominators = registered * 3 // 5
    nomination.set_nomination(scope, held, nomination.TOTALS, nominators)
    people = _nominees_per_office(scope, held)
    member_filled = NOMINATED_MEMBER_VILLAGES.get(scope.village.name)
    nominated_member = _nominated_member(scope) if member_filled is not None else None
    if nominated_member is not None:
        people[Office.MEMBER].insert(1, nominated_member)
    for office, voters in people.items():
        for voter, votes in zip(voters, _falling_votes(nominators * seats(scope.election)[office], len(voters)),
                                strict=True):
            nomination.record_total(scope, office, voter.id, votes)
    for office, quota in candidates.quotas(scope).items():
        if not quota.fixed:
            candidates.decide_quota(scope, office, quota.low, held, "村民选举委员会会议研究确定")
    candidates.determine(scope, held)
    if scope.village.name == BALLOT_VILLAGE:
        formal.issue_ballots(scope, 100)  # one packet for the nomination meeting of the demo
    if member_filled:
        _replace_nominated_members(scope, held)
    return held


def _falling_votes(cap: int, count: int) -> list[int]:
    """Distinct falling vote counts whose sum stays within ``cap`` (nominators × seats)."""
    weight = count * (count + 1) // 2
    return [cap * 4 * (count - index) // (5 * weight) for index in range(count)]


def _nominated_member(scope: ElectionScope) -> Voter | None:
    """A seated 委员 of the election committee as a voter of the roll (nominated by the 海选)."""
    seated = [row for row in committee.members_of(scope) if row.role == "member" and row.left_on is None]
    numbers = {row.id_number for row in seated}
    return next((v for v in _roll(scope) if v.id_number in numbers), None)


def _replace_nominated_members(scope: ElectionScope, day: date) -> None:
    """VC-06: the nominated member leaves, the next of the result takes the seat, the change is posted."""
    for cause in committee.members_who_must_withdraw(scope):
        committee.withdraw(scope, cause.member_id, committee.WithdrawalInput(day, cause.reason, cause.text))
    committee_documents.issue_list_notice(scope, day)


# --- review and inspection (SD-24, SD-40) --------------------------------------------------------

def _review(scope: ElectionScope, candidate_id: int, day: date) -> None:
    from workflows.demo.party import department_staff

    answers = [shared.CheckAnswer(item, False) for item in range(1, shared.ITEM_COUNT + 1)]
    opinions = [qualification.UnitOpinion(unit, True, "", *department_staff(unit), day)
                for unit in qualification.units(scope)]
    qualification.record_review(scope, candidate_id, answers, opinions)
    assessed = max(nomination.registered_count(scope) // 40, 12)
    qualification.record_inspection(scope, candidate_id, shared.InspectionInput(
        assessed, assessed * 2 // 3, assessed - assessed * 2 // 3 - 1, 1, 0, 8, day,
        "群众基础较好，遵纪守法，符合候选人条件。", True, "乡镇党委会议", day))


def review(scope: ElectionScope, day: date) -> date:
    """Every candidate reviewed by each unit and inspected, two days after the nomination."""
    reviewed = min(max(day, (nomination.record(scope).determined_on or day) + timedelta(days=2)), scope.today)
    for row in qualification.nominee_rows(scope):
        if row.running and row.status != "formal":
            _review(scope, row.id, reviewed)
    if scope.village.name == BALLOT_VILLAGE:
        from workflows.villager import qualification_form

        qualification_form.issue_qualification_form(scope)
    return reviewed


# --- the formal list, its changes and the 见面会 (SD-24, PV-05, VC-14) ------------------------------

def _formal_due(scope: ElectionScope) -> date:
    return next(m.due for m in scope.schedule.milestones if m.key == formal.FACT)


def post_list(scope: ElectionScope, day: date) -> date:
    """Post the list a day before its latest day (the late-list village: a day after it)."""
    due = _formal_due(scope)
    late = scope.village.name == LATE_LIST_VILLAGE
    posted = min(due + timedelta(days=1) if late else max(min(day, due - timedelta(days=1)),
                                                           nomination.record(scope).determined_on), scope.today)
    formal.post_formal_list(scope, posted)
    held = min(posted + timedelta(days=2), scope.election.committee_election_day - timedelta(days=1))
    met = formal.save_meeting(scope, formal.MeetingInput(
        held, "上午9时", "村委会会议室", max(nomination.registered_count(scope) // 8, 20) if held <= scope.today else None))
    formal.issue_meeting_notice(scope, met.id, posted)
    if scope.village.name == CHANGES_VILLAGE:
        _withdrawal_after_posting(scope, posted + timedelta(days=1))
    return posted


def _withdrawal_after_posting(scope: ElectionScope, day: date) -> None:
    """A 委员 candidate withdraws in writing in time; the next moves up, is reviewed, and the change posted."""
    member = next(c for c in candidates.current(scope) if c.office == Office.MEMBER and c.sex == "男")
    candidates.withdraw(scope, member.id, day, True, "因外出务工，本人书面提出放弃候选资格")
    for row in qualification.nominee_rows(scope):
        if row.running and row.status != "formal":
            _review(scope, row.id, day)
    formal.post_changes(scope, day)


# --- places of voting, officials, the notice and proxies (SD-26, GC-16, PV-14, VC-19) ----------------

def _helpers(scope: ElectionScope, count: int) -> list[Voter]:
    """Villagers who may count: not candidates, not nominees, not on the committee."""
    busy = {c.id_number for c in candidates.nominees(scope)} | {m.id_number for m in committee.members_of(scope)}
    pool = [v for v in _roll(scope) if v.id_number not in busy and 25 <= _age(v, scope.today) <= 65]
    random.Random(f"officials-{scope.election.village_id}").shuffle(pool)
    return pool[:count]


def arrange(scope: ElectionScope, day: date) -> date:
    """The main venue and a station, officials, one mobile box, the notice, three proxies."""
    groups = list(polling.group_names(scope))
    half = max(len(groups) // 2, 1)
    polling.save_station(scope, polling.StationInput("选举大会会场", "村委会大院", "8:00", "12:00",
                                                     tuple(groups[:half]), True))
    if groups[half:]:
        polling.save_station(scope, polling.StationInput("第1投票站", "村小学操场", "8:00", "11:30",
                                                         tuple(groups[half:])))
    minimum = scope.profile.get("mobile_box_scrutineers")
    people = _helpers(scope, 6 + minimum + 1 + 9)
    for role, voter in zip(("chief_scrutineer", "scrutineer", "scrutineer", "caller", "counter", "counter"),
                           people, strict=False):
        officials.add_official(scope, officials.OfficialInput(role, voter.id))
    box = polling.save_box(scope, polling.BoxInput("第1号流动票箱", "上午9时至11时，行动不便的选民家中"))
    polling.add_box_voter(scope, box, people[6].id, "年老体弱，行动不便")
    for voter in people[7:7 + minimum]:
        officials.add_official(scope, officials.OfficialInput("box_scrutineer", voter.id, box_id=box))
    due = next(m.due for m in scope.schedule.milestones if m.key == notice.FACT_KEY)
    posted = min(max(min(day, due - timedelta(days=1)), formal_posted(scope)), scope.today)
    notice.issue(scope, posted)
    _proxies(scope, people[7 + minimum:], posted)
    return posted


def formal_posted(scope: ElectionScope) -> date:
    return nomination.record(scope).formal_posted_on or scope.today


def _proxies(scope: ElectionScope, people: list[Voter], day: date) -> None:
    """Three written authorisations to close relatives; cards and the list issued."""
    kinds = ("子女", "配偶", "兄弟姐妹")
    ids = []
    for index, kind in enumerate(kinds):
        principal, proxy = people[2 * index], people[2 * index + 1]
        ids.append(proxies.register(scope, proxies.ProxyInput(
            principal.id, proxy.id, kind, "外出务工，不能回村参加选举", day - timedelta(days=1), day)))
    unconfirmed = scope.village.name == UNCONFIRMED_PROXY_VILLAGE
    for proxy_id in ids[:-1] if unconfirmed else ids:
        proxies.confirm_relationship(scope, proxy_id)
    proxy_papers.issue_cards(scope)
    proxy_papers.issue_list(scope, day)


# --- the vote and the count (issue 12) ------------------------------------------------------

CLERKS = ("王红梅", "李建军")  # the two clerks who enter each box's tally sheet (double entry)
RUNOFF_VILLAGE = "云溪村"  # its last 委员 short of half in the first round: a 另行选举 the same day
DEMO_BALLOT_COPIES = 20  # a sample packet: a village prints vote.ballot_quantity (roll + spare)


def _shares(contest, short_last: bool) -> dict[int, tuple[int, int]]:
    """Candidate id → votes per thousand valid ballots: women first, then list order, win with
    620‰ (the last winner 450‰ where the demo leaves a seat short); the others share what is left."""
    people = sorted(contest.candidates, key=lambda c: (not c.female, c.position))
    winners, others = people[:contest.seats], people[contest.seats:]
    shares = {c.id: 620 for c in winners}
    if short_last and winners:
        shares[winners[-1].id] = 450
    rest = max(contest.seats * 970 - sum(shares.values()), 0)
    for index, person in enumerate(others):
        shares[person.id] = min(300, rest // max(len(others), 1)) - 7 * index
    return shares


def _count(scope: ElectionScope, round_id: int, on: date, short_last: bool = False) -> None:
    """Each box counted from its tally sheet by both clerks, confirmed, the round confirmed."""
    from workflows.count import double_entry, entry, official, rounds
    from workflows.villager import results

    view = rounds.round_view(scope, round_id)
    shares = {c.id: _shares(c, short_last and c.office == "委员") for c in view.contests}
    registered = nomination.registered_count(scope)
    weights = [1 if box.kind == "mobile" else 10 for box in view.boxes]
    for box, weight in zip(view.boxes, weights, strict=True):
        voters = registered * 4 // 5 * weight // sum(weights)
        valid = voters - 1
        rounds.set_box_figures(scope, box.id, rounds.BoxFigures(voters + 5, voters, voters))
        sheet = entry.SheetInput(voters, 1, {
            c.id: entry.ContestSheet(votes := {p: valid * per // 1000 for p, per in shares[c.id].items()},
                                     valid * c.seats - sum(votes.values())) for c in view.contests})
        for clerk in CLERKS:
            entry_id = double_entry.start_entry(scope, box.id, clerk, "sheet")
            entry.save_sheet(scope, entry_id, sheet)
            double_entry.submit_entry(scope, entry_id)
        official.confirm_box(scope, box.id, "监票人" + CLERKS[0])
    results.confirm_results(scope, round_id, _chief(scope), on)


def _chief(scope: ElectionScope) -> str:
    chief = next((o for o in officials.officials(scope) if o.role == "chief_scrutineer"), None)
    return chief.name if chief is not None else "总监票人"


def hold_vote(scope: ElectionScope, day: date) -> date:
    """The election day: the first round counted; in the runoff village a 另行选举 the same day."""
    from workflows.villager import results, vote

    held = scope.election.committee_election_day
    round_id = vote.set_up_first_round(scope, held)
    vote.issue_ballots(scope, round_id, DEMO_BALLOT_COPIES)
    runoff = scope.village.name == RUNOFF_VILLAGE
    _count(scope, round_id, held, short_last=runoff)
    _count_sheet(scope, round_id)
    tally = results.round_tally(scope, round_id)
    if vote.runoff_plan(scope, round_id, tally):
        second = vote.set_up_runoff(scope, round_id, tally, held)
        vote.issue_ballots(scope, second, DEMO_BALLOT_COPIES)
        _count(scope, second, held)
    return held


def _count_sheet(scope: ElectionScope, round_id: int) -> None:
    """The ballot count sheet of the first round, with the boxes' figures as counted."""
    from workflows.count import paper
    from workflows.villager import vote

    registered = nomination.registered_count(scope)
    title = f"{scope.village.name}{scope.election.term_label}村民委员会选举选票印制发放清点单"
    paper.issue_count_sheet(scope, round_id, paper.SheetBasis(
        title, "村民委员会选举选票", registered, vote.ballot_quantity(scope) - registered,
        f"按登记人数的{vote.spare_percent(scope)}%备用，进一法"))


def publish_results(scope: ElectionScope, day: date) -> date:
    """The results notice on the spot, the count report, the certificates."""
    from workflows.villager import results, vote

    held = scope.election.committee_election_day
    for row in vote.villager_rounds(scope):
        results.issue_notice(scope, row.id, held)
        results.issue_count_report(scope, row.id)
    if scope.village.name != RUNOFF_VILLAGE:  # 云溪村's certificates are still to be printed
        results.issue_certificates(scope, min(held + timedelta(days=1), scope.today))
    return held


def leave_open(scope: ElectionScope, stage_key: str, day: date) -> bool:
    """Do the work of the stage the village stops at, problems included; False: nothing to do."""
    action = OPEN_ACTIONS.get(stage_key)
    if action is None:
        return False
    action(scope, day)
    return True


ACTIONS = {"vc.election_committee": seat_committee, "vc.nomination": nominate, "vc.qualification": review,
           "vc.formal_candidates": post_list, "vc.vote_notice": arrange, "vc.vote": hold_vote,
           "vc.results": publish_results}
OPEN_ACTIONS = {"vc.nomination": nominate, "vc.formal_candidates": post_list, "vc.vote_notice": arrange,
                "vc.results": publish_results}
