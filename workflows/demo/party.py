"""The Party track of a demo village, done through the real workflows stage by stage.

Each function prepares what its stage needs before the stage is completed: the member
roster and both recommendation rounds, initial candidates, the joint review, the
inspection, the preliminary choice, publicity, request and reply, the expected attendance.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert

from models import PartyMember
from workflows.core.idcard import make_id
from workflows.core.scope import ElectionScope
from workflows.party import attendance
from workflows.party import candidates as party_candidates
from workflows.party import review as party_review
from workflows.party import vote as party_vote

PAPER_VILLAGE = "长岭村"  # the village whose Party-track documents the demo issues
OFFICE_PHONE, OFFICE_ADDRESS = "0794-8123456", "云溪镇人民政府组织办（邮编344000）"  # where 公示 opinions go


def department_staff(department: str) -> tuple[str, str]:
    """A reviewing unit's own 经办人 and 分管领导 (demo names, one pair per unit)."""
    from workflows.demo.township import GIVEN, SURNAMES

    rng = random.Random(f"staff-{department}")
    return tuple(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(2))


def prepare(scope: ElectionScope, stage_key: str, day: date) -> date:
    """Do what ``stage_key`` needs on or before ``day``; returns the day it was done."""
    action = ACTIONS.get(stage_key)
    return action(scope, day) if action else day


def _roster_and_rounds(scope: ElectionScope, day: date) -> date:
    """Members (mostly full, one probationary, one under 留党察看) and both rounds' tallies."""
    election = scope.election
    rng = random.Random(f"party-{election.village_id}")
    seats = election.party_members
    count = max(12, seats * 4)
    from workflows.demo.township import person_name

    meeting = election.party_election_day
    rows, names = [], set()
    for index in range(count):
        age = 30 + rng.randint(0, 35) if index >= seats + 3 else 32 + index * 2
        birth = date(meeting.year - age, rng.randint(1, 12), rng.randint(1, 28))
        sex = "女" if index in (1, 4) else "男"
        number = make_id(f"3610{60 + election.village_id % 30:02d}", birth, 2 * index + (1 if sex == "男" else 0))
        name = person_name(rng, sex)
        while name in names:
            name = person_name(rng, sex)
        names.add(name)
        rows.append({"election_id": election.id, "name": name, "id_number": number, "sex": sex,
                     "birth_date": birth, "ethnicity": "汉族",
                     "education": "大专" if index in (1, 2) else rng.choice(("高中", "中专", "初中")),
                     "joined_on": (meeting - timedelta(days=200)) if index == count - 1 else date(birth.year + 25, 7, 1),
                     "full_member": index != count - 1,
                     "probation_discipline": index == count - 2, "rights_suspended": False,
                     "mobile": False, "organisation": "", "current_post": "", "phone": "", "notes": ""})
    scope.session.execute(insert(PartyMember), rows)
    eligible = count - 2
    party_candidates.record_round(scope, "member", day, eligible)
    party_candidates.record_round(scope, "mass", day, 45)
    for index, row in enumerate(rows[: seats * 2 + 2]):
        party_candidates.record_votes(scope, "member", row["name"], row["id_number"],
                                      max(eligible - index * 2, 1))
        party_candidates.record_votes(scope, "mass", row["name"], row["id_number"],
                                      max(40 - index * 3, 1))
    return day


def _initial(scope: ElectionScope, day: date) -> date:
    """The top of the ranking, as many as the rules require; the first as secretary."""
    election = scope.election
    party_review.set_review_reference(scope, day)  # 十不选 windows count from the nomination
    required = party_candidates.initial_rules(scope).required
    eligible = [row for row in party_candidates.ranking(scope) if row.eligible]
    for index, row in enumerate(eligible[:required]):
        office = (party_candidates.SECRETARY if index == 0 else
                  party_candidates.DEPUTY if index <= election.party_deputies else party_candidates.MEMBER)
        party_candidates.add_initial(scope, row.id_number, proposed_office=office, incumbent=index == 0)
    return day


def _review(scope: ElectionScope, day: date) -> date:
    """The forms go out blank (one village prints them); no 十不选 item is found and every
    unit — the township's 初审 first, then the county departments — signs “no problem”."""
    if scope.village.name == PAPER_VILLAGE:
        from workflows.party import documents as party_documents

        party_documents.issue_qualification_form(scope)
    answers = [party_review.CheckAnswer(i, False) for i in range(1, party_review.ITEM_COUNT + 1)]
    for candidate in party_candidates.active(scope):
        party_review.record_checks(scope, candidate.id, answers, refresh=False)
        for department in party_review.departments(scope.profile):
            reviewer, leader = department_staff(department)
            party_review.record_department_review(scope, candidate.id, department, passed=True,
                                                  reviewer=reviewer, leader=leader,
                                                  reviewed_on=day, refresh=False)
        party_review.refresh_status(scope, candidate.id)
    return day


def _inspection(scope: ElectionScope, day: date) -> date:
    """Everyone inspected and approved."""
    for index, candidate in enumerate(party_candidates.active(scope)):
        party_review.record_inspection(scope, candidate.id, party_review.InspectionInput(
            assessed=40, excellent=28 - index, competent=10 + index, basically=2, incompetent=0, talks=12,
            site_visit_on=day, conclusion="政治素质好，群众基础扎实，工作能力较强，符合预备人选条件。",
            approved=True, approved_by="县委组织部部务会", approved_on=day))
    return day


def _preliminary(scope: ElectionScope, day: date) -> date:
    """Seats + the profile's extra committee candidates, the proposed secretary and deputies."""
    rules = party_candidates.preliminary_rules(scope)
    chosen = party_candidates.active(scope)
    secretary = next(c for c in chosen if c.proposed_office == party_candidates.SECRETARY)
    deputies = [c.id for c in chosen if c.proposed_office == party_candidates.DEPUTY][: rules.deputies]
    others = [c.id for c in chosen if c.id != secretary.id and c.id not in deputies]
    committee = [secretary.id, *deputies, *others][: rules.committee]
    party_candidates.choose_preliminary(scope, committee, secretary.id, deputies)
    return day


def _publicity(scope: ElectionScope, day: date) -> date:
    """Publicity of the configured length, ending on a working day before the request; one
    village posts its 公示 through the program, dated the day it goes up."""
    workdays = scope.workdays
    start = workdays.next_workday(day)
    end = workdays.add_working_days(start, scope.profile.days("party_publicity_days") - 1)
    party_review.record_publicity(scope, start, end, "公示期间未收到反映问题")
    if scope.village.name == PAPER_VILLAGE:
        from workflows.party import documents as party_documents

        party_documents.issue_publicity(scope, start, OFFICE_PHONE, OFFICE_ADDRESS)
    return end


def _approval(scope: ElectionScope, day: date) -> date:
    """The request the day after publicity (one village writes it with the program), the
    reply the day after that."""
    row = party_candidates.track(scope)
    request = max(day, row.publicity_end + timedelta(days=1))
    if scope.village.name == PAPER_VILLAGE:
        from workflows.party import documents as party_documents

        party_documents.issue_request(scope, request)  # records the request too
    else:
        party_review.record_request(scope, request)
    party_review.record_reply(scope, request + timedelta(days=1), "云委字〔2026〕12号",
                              "同意所报村党组织委员会委员、书记候选人预备人选。")
    return request + timedelta(days=1)


CLERKS = ("王红梅", "李建军")  # the two clerks who enter each tally sheet (double entry)
CHIEF_SCRUTINEER = "总监票人赵国强"


def report_attendance(scope: ElectionScope, day: date) -> date:
    """The expected attendance reported and approved before the meeting (the tests' way to a
    village at the meeting's door, too)."""
    eve = scope.election.party_election_day - timedelta(days=3)
    attendance.record_attendance_report(scope, eve - timedelta(days=1), eve)
    return day


def _attendance(scope: ElectionScope, day: date) -> date:
    """The attendance reported; once the meeting day has come, the meeting (:func:`_meeting`)."""
    report_attendance(scope, day)
    held = scope.election.party_election_day
    return _meeting(scope, held) if held <= scope.today else day


def _sheet(scope: ElectionScope, round_id: int, voters: int, loser: str | None = None) -> None:
    """The tally sheet, entered by both clerks (they agree), then confirmed: everyone passes
    half of the voters except ``loser`` (an ID number), who gets exactly half (PT-13, not elected)."""
    view = party_vote.round_view(scope, round_id)
    people = [c for contest in view.contests for c in contest.candidates]
    # a ballot approves at most as many as the seats: winners near 85 % keep the sheet's sum in bounds
    yes_votes = [voters // 2 if c.identity.removeprefix("id:") == loser else voters * 17 // 20
                 for index, c in enumerate(people)]
    lines = tuple(party_vote.VoteLine(c.id, yes, max(voters - yes - 1, 0), min(1, voters - yes))
                  for c, yes in zip(people, yes_votes, strict=True))
    figures = party_vote.SheetFigures(voters, voters, 0, lines)
    for clerk in CLERKS:
        party_vote.record_sheet(scope, round_id, clerk, figures)
    party_vote.confirm(scope, round_id, CHIEF_SCRUTINEER)


def _meeting(scope: ElectionScope, held: date) -> date:
    """The members' meeting: all but one of the expected attend (PT-08); every candidate but the
    last passes half of them (PT-13), the seats filled by votes (PT-14)."""
    expected = party_vote.expected_figure(scope)
    attended = max(expected - 1, 1)
    round_id = party_vote.open_meeting(scope, held, attended)
    party_vote.issue_ballots(scope, round_id)
    loser = next(c.id_number for c in reversed(party_candidates.preliminary_candidates(scope))
                 if c.preliminary_office not in (party_candidates.SECRETARY, party_candidates.DEPUTY))
    _sheet(scope, round_id, attended, loser)
    return held


def _officers(scope: ElectionScope, day: date) -> date:
    """The committee's first full meeting, the same day: the slate 等额, all in favour."""
    held = scope.election.party_election_day
    round_id = party_vote.open_officers(scope, held)
    party_vote.issue_ballots(scope, round_id)
    view = party_vote.round_view(scope, round_id)
    _sheet(scope, round_id, view.attended)
    return held


def _report(scope: ElectionScope, day: date) -> date:
    """The report to the township Party committee the next day, its 批复 two days later."""
    sent = min(scope.election.party_election_day + timedelta(days=1), scope.today)
    party_vote.issue_report(scope, sent)
    reply = min(sent + timedelta(days=2), scope.today)
    party_vote.record_reply(scope, reply, f"云溪党字〔{reply.year}〕{10 + scope.election.village_id}号")
    return reply


ACTIONS = {
    "party.recommendation": _roster_and_rounds,
    "party.initial_candidates": _initial,
    "party.qualification": _review,
    "party.inspection": _inspection,
    "party.preliminary": _preliminary,
    "party.publicity": _publicity,
    "party.approval": _approval,
    "party.meeting": _attendance,
    "party.officers": _officers,
    "party.report": _report,
}
