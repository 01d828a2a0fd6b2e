"""The Party track of a demo village, done through the real workflows stage by stage.

Each function prepares what its stage needs before the stage is completed: the member
roster and both recommendation rounds, initial candidates, the joint review, the
inspection, the preliminary choice, publicity, request and reply, the expected attendance.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from models import ElectionProcess, PartyMember
from workflows.core.holidays import WorkdayCalendar
from workflows.core.idcard import make_id
from workflows.core.policy import initial_candidates_required
from workflows.core.scope import township_profile as profile_of
from workflows.party import attendance
from workflows.party import candidates as party_candidates
from workflows.party import review as party_review

DEPARTMENT_STAFF = ("李建军", "王红梅")  # reviewer, leader (demo names)


def prepare(session: Session, election: ElectionProcess, stage_key: str, day: date) -> date:
    """Do what ``stage_key`` needs on or before ``day``; returns the day it was done."""
    action = ACTIONS.get(stage_key)
    return action(session, election, day) if action else day


def _roster_and_rounds(session: Session, election: ElectionProcess, day: date) -> date:
    """Members (mostly full, one probationary, one under 留党察看) and both rounds' tallies."""
    rng = random.Random(f"party-{election.village_id}")
    seats = election.party_members
    count = max(12, seats * 4)
    from workflows.demo.township import GIVEN, SURNAMES

    meeting = election.party_election_day
    rows, names = [], set()
    for index in range(count):
        age = 30 + rng.randint(0, 35) if index >= seats + 3 else 32 + index * 2
        birth = date(meeting.year - age, rng.randint(1, 12), rng.randint(1, 28))
        sex = "女" if index in (1, 4) else "男"
        number = make_id(f"3610{60 + election.village_id % 30:02d}", birth, 2 * index + (1 if sex == "男" else 0))
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
        while name in names:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
        names.add(name)
        rows.append({"election_id": election.id, "name": name, "id_number": number, "sex": sex,
                     "birth_date": birth, "ethnicity": "汉族",
                     "education": "大专" if index in (1, 2) else rng.choice(("高中", "中专", "初中")),
                     "joined_on": (meeting - timedelta(days=200)) if index == count - 1 else date(birth.year + 25, 7, 1),
                     "full_member": index != count - 1,
                     "probation_discipline": index == count - 2, "rights_suspended": False,
                     "mobile": False, "organisation": "", "current_post": "", "phone": "", "notes": ""})
    session.execute(insert(PartyMember), rows)
    eligible = count - 2
    party_candidates.record_round(session, election, "member", day, eligible)
    party_candidates.record_round(session, election, "mass", day, 45)
    for index, row in enumerate(rows[: seats * 2 + 2]):
        party_candidates.record_votes(session, election, "member", row["name"], row["id_number"],
                                      max(eligible - index * 2, 1))
        party_candidates.record_votes(session, election, "mass", row["name"], row["id_number"],
                                      max(40 - index * 3, 1))
    return day


def _initial(session: Session, election: ElectionProcess, day: date) -> date:
    """The top of the ranking, as many as the rules require; the first as secretary."""
    profile = profile_of(election.village.township)
    party_review.set_review_reference(session, election, day)  # 十不选 windows count from the nomination
    required = initial_candidates_required(profile, election.party_members)
    eligible = [row for row in party_candidates.ranking(session, election) if row.eligible]
    for index, row in enumerate(eligible[:required]):
        office = "secretary" if index == 0 else "deputy" if index <= election.party_deputies else "member"
        party_candidates.add_initial(session, election, row.id_number, proposed_office=office,
                                     incumbent=index == 0)
    return day


def _review(session: Session, election: ElectionProcess, day: date) -> date:
    """No 十不选 item found; every department reports no problem."""
    profile = profile_of(election.village.township)
    for candidate in party_candidates.active(session, election):
        party_review.record_checks(session, candidate, [party_review.CheckAnswer(i, False) for i in range(1, 11)])
        for department in party_review.departments(profile):
            party_review.record_department_review(session, candidate, department, passed=True,
                                                  reviewer=DEPARTMENT_STAFF[0], leader=DEPARTMENT_STAFF[1],
                                                  reviewed_on=day, refresh=False)
        party_review.refresh_status(session, candidate, profile)
    return day


def _inspection(session: Session, election: ElectionProcess, day: date) -> date:
    """Everyone inspected and approved."""
    for index, candidate in enumerate(party_candidates.active(session, election)):
        party_review.record_inspection(session, candidate, party_review.InspectionInput(
            assessed=40, excellent=28 - index, competent=10 + index, basically=2, incompetent=0, talks=12,
            site_visit_on=day, conclusion="政治素质好，群众基础扎实，工作能力较强，符合预备人选条件。",
            approved=True, approved_by="县委组织部部务会", approved_on=day))
    return day


def _preliminary(session: Session, election: ElectionProcess, day: date) -> date:
    """Seats + 1 committee candidates, the proposed secretary and deputies."""
    chosen = party_candidates.active(session, election)
    secretary = next(c for c in chosen if c.proposed_office == "secretary")
    deputies = [c.id for c in chosen if c.proposed_office == "deputy"][: election.party_deputies]
    others = [c.id for c in chosen if c.id != secretary.id and c.id not in deputies]
    committee = [secretary.id, *deputies, *others][: election.party_members + 1]
    party_candidates.choose_preliminary(session, election, committee, secretary.id, deputies)
    return day


def _publicity(session: Session, election: ElectionProcess, day: date) -> date:
    """Publicity of the configured length, ending on a working day before the request."""
    profile = profile_of(election.village.township)
    workdays = WorkdayCalendar.load(session)
    start = workdays.next_workday(day)
    end = workdays.add_working_days(start, profile.days("party_publicity_days") - 1)
    party_review.record_publicity(session, election, start, end, "公示期间未收到反映问题")
    return end


def _approval(session: Session, election: ElectionProcess, day: date) -> date:
    """The request the day after publicity, the reply the day after that."""
    row = party_candidates.track(session, election)
    request = max(day, row.publicity_end + timedelta(days=1))
    party_review.record_request(session, election, request)
    party_review.record_reply(session, election, request + timedelta(days=1), "云委字〔2026〕12号",
                              "同意所报村党组织委员会委员、书记候选人预备人选。")
    return request + timedelta(days=1)


def _attendance(session: Session, election: ElectionProcess, day: date) -> date:
    """The expected attendance reported and approved before the meeting."""
    eve = election.party_election_day - timedelta(days=3)
    attendance.record_attendance_report(session, election, eve - timedelta(days=1), eve)
    return day


ACTIONS = {
    "party.recommendation": _roster_and_rounds,
    "party.initial_candidates": _initial,
    "party.qualification": _review,
    "party.inspection": _inspection,
    "party.preliminary": _preliminary,
    "party.publicity": _publicity,
    "party.approval": _approval,
    "party.meeting": _attendance,
}
