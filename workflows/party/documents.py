"""Party-track documents from stored data: 公示, 请示, 资格联审表, 应到会人数报告.

Each ``issue_*`` builds the plain spec from the database, renders and archives it through
:mod:`workflows.documents`; lists of names are in surname-stroke order (SO-02, SO-10).
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.orm import Session

from models import Document, ElectionProcess, PartyMember, Township, Village
from printing.documents import party_publicity as pub
from printing.documents import party_request as req
from printing.documents import qualification_form as form
from printing.documents.attendance_report import (
    AttendanceExclusionRow,
    AttendanceReportSpec,
    NonVotingMember,
)
from workflows.core import documents, names
from workflows.core.errors import InvalidInput
from workflows.core.paper import number_format
from workflows.core.scope import township_profile as profile_of
from workflows.core.text import format_date, msg
from workflows.party import attendance
from workflows.party import candidates as party_candidates
from workflows.party import review as party_review

OFFICE_ORDER = {"secretary": 0, "deputy": 1, "member": 2}
OFFICE_NAMES = {"secretary": "书记", "deputy": "副书记", "member": "委员"}


def _names(session: Session, election: ElectionProcess) -> tuple[Village, Township, str, str]:
    village = session.get(Village, election.village_id)
    township = session.get(Township, village.township_id)
    return village, township, f"中共{village.name}支部委员会", f"中共{township.name}委员会"


def _month(day: date | None) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def preliminary_candidates(session: Session, election: ElectionProcess):
    """Preliminary candidates in print order: by office, then surname strokes."""
    chosen = [c for c in party_candidates.candidates(session, election) if c.preliminary_office]
    return sorted(names.ordered(session, chosen, lambda c: c.name),
                  key=lambda c: OFFICE_ORDER.get(c.preliminary_office, 3))


def plain(text: str) -> str:
    """Drop the program's rule IDs (“（PT-04）”) from texts printed for people."""
    return re.sub(r"（[A-Z]{2,4}-\d+[a-z]?(、[A-Z]{2,4}-\d+[a-z]?)*）", "", text)


def _member(session: Session, candidate) -> PartyMember | None:
    return session.get(PartyMember, candidate.member_id) if candidate.member_id else None


def publicity_spec(session: Session, election: ElectionProcess, issued_on: date,
                   phone: str = "", address: str = "") -> pub.PartyPublicitySpec:
    """The 公示 of the preliminary candidates (PT-17); ``phone`` is the office's number."""
    village, township, organisation, township_committee = _names(session, election)
    chosen = preliminary_candidates(session, election)
    track = party_candidates.track(session, election, create=True)
    rows = []
    for candidate in chosen:
        member = _member(session, candidate)
        rows.append(pub.PreliminaryCandidate(
            OFFICE_NAMES.get(candidate.preliminary_office, "委员"), candidate.name, candidate.sex,
            member.ethnicity if member else "", _month(candidate.birth_date), candidate.education,
            _month(member.joined_on) if member and member.joined_on else "",
            member.current_post if member else ""))
    return pub.PartyPublicitySpec(
        title=f"关于{organisation}委员\n候选人预备人选的公示", organisation=organisation,
        township_committee=township_committee, seats=election.party_members, candidates=rows,
        secretaries=[c.name for c in chosen if c.preliminary_office == "secretary"],
        deputies=[c.name for c in chosen if c.preliminary_office == "deputy"],
        period_start=format_date(track.publicity_start) if track.publicity_start else "",
        period_end=format_date(track.publicity_end) if track.publicity_end else "",
        office=f"{township_committee}组织办", phone=phone, address=address,
        issuer=f"{township_committee}组织办", date_text=format_date(issued_on))


def _require(condition: bool, message: str) -> None:
    """Refuse to archive a document that would have nothing in it."""
    if not condition:
        raise InvalidInput({"general": msg("{text}", text=message)})


def issue_publicity(session: Session, election: ElectionProcess, issued_on: date,
                    phone: str = "", address: str = "") -> Document:
    """Render and archive the 公示 (numbered in the election's notice sequence)."""
    _require(bool(preliminary_candidates(session, election)), "尚未确定候选人预备人选，无法生成公示")
    village = session.get(Village, election.village_id)
    spec = publicity_spec(session, election, issued_on, phone, address)
    return documents.issue(session, "party_publicity", spec,
                           documents.Placement.of_election(session, election),
                           number_format(profile_of(village.township), village.name))


def request_spec(session: Session, election: ElectionProcess, issued_on: date) -> req.PartyRequestSpec:
    """The 请示 to the township Party committee, with the expected-attendance exclusions."""
    _village, _township, organisation, township_committee = _names(session, election)
    chosen = preliminary_candidates(session, election)
    track = party_candidates.track(session, election, create=True)
    initial = party_candidates.candidates(session, election)
    figures = attendance.expected_attendance(session, election)
    exclusions = [req.ExcludedMember(line.name, f"{line.category}。{line.detail}".rstrip("。"),
                                     "是" if line.member_consulted else "否")
                  for line in figures.exclusions]
    return req.PartyRequestSpec(
        title=f"关于确定{organisation}委员\n候选人预备人选的请示", addressee=township_committee,
        organisation=organisation, seats=election.party_members, members=[c.name for c in chosen],
        secretaries=[c.name for c in chosen if c.preliminary_office == "secretary"],
        deputies=[c.name for c in chosen if c.preliminary_office == "deputy"],
        member_round_date=format_date(track.member_round_on) if track.member_round_on else "",
        member_round_participants=track.member_round_participants,
        mass_round_date=format_date(track.mass_round_on) if track.mass_round_on else "",
        mass_round_participants=track.mass_round_participants, initial_count=len(initial),
        qualified_count=sum(1 for c in initial if c.status not in ("disqualified", "initial")),
        inspection_date="", publicity_start=format_date(track.publicity_start) if track.publicity_start else "",
        publicity_end=format_date(track.publicity_end) if track.publicity_end else "",
        publicity_outcome=track.publicity_outcome or "公示期间未收到反映问题",
        exclusions=exclusions, issuer=organisation, date_text=format_date(issued_on), sender=organisation)


def issue_request(session: Session, election: ElectionProcess, issued_on: date) -> Document:
    """Render and archive the 请示; the request date is recorded for the approval stage."""
    _require(bool(preliminary_candidates(session, election)), "尚未确定候选人预备人选，无法生成请示")
    document = documents.issue(session, "party_request", request_spec(session, election, issued_on),
                               documents.Placement.of_election(session, election))
    party_review.record_request(session, election, issued_on)
    return document


def qualification_spec(session: Session, election: ElectionProcess) -> form.QualificationFormSpec:
    """The 资格联审表 of every initial candidate (internal: full ID numbers)."""
    village, township, _organisation, _committee = _names(session, election)
    profile = profile_of(township)
    people = []
    for candidate in party_candidates.candidates(session, election):
        data = party_review.review_summary(candidate)
        member = _member(session, candidate)
        people.append(form.QualificationCandidate(
            name=data.name, sex=data.sex, ethnicity=data.ethnicity, birth_month=_month(data.birth_date),
            id_number=data.id_number, political_status="中共党员" if member else "",
            education=data.education, current_post=data.current_post,
            proposed_office=f"村党组织{data.proposed_office}",
            checks=[form.CheckAnswer(line.number, line.answer,
                                     "；".join(t for t in (line.evidence, line.window) if t))
                    for line in data.items],
            reviews=[form.DepartmentOpinion(
                line.department, line.result + (f"：{line.finding}" if line.finding else ""),
                line.reviewer, line.leader, format_date(line.reviewed_on) if line.reviewed_on else "")
                for line in data.departments],
            remarks=data.conclusion))
    return form.QualificationFormSpec(
        title=f"{village.name}“两委”换届候选人（初步人选）资格联审表", township=township.name,
        candidates=people,
        items=form.disqualifier_items(profile.get("disqualifier_recent_years"),
                                      profile.get("disqualifier_bribery_years")),
        departments=party_review.departments(profile))


def issue_qualification_form(session: Session, election: ElectionProcess) -> Document:
    """Render and archive the forms for all initial candidates."""
    _require(bool(party_candidates.candidates(session, election)), "尚未确定候选人初步人选，无法生成资格联审表")
    return documents.issue(session, "qualification_form", qualification_spec(session, election),
                           documents.Placement.of_election(session, election))


def attendance_spec(session: Session, election: ElectionProcess, issued_on: date) -> AttendanceReportSpec:
    """The report of 应到会人数 to the township (PT-06, PT-07, PT-08)."""
    _village, _township, organisation, township_committee = _names(session, election)
    report = attendance.attendance_report(session, election)
    return AttendanceReportSpec(
        title=f"关于{report.village}党员大会\n应到会人数的报告", addressee=township_committee,
        total_members=report.total, probationary_members=report.probationary,
        voting_members=report.eligible, expected=report.expected, minimum_present=report.quorum_minimum,
        issuer=organisation, date_text=format_date(issued_on),
        non_voting=[NonVotingMember(person.name, plain("；".join(person.reasons)))
                    for person in report.without_rights if person.full_member],
        exclusions=[AttendanceExclusionRow(
            line.name, line.category, line.detail, "同意" if line.member_consulted else "未征求",
            "同意" if line.family_consulted else "未征求",
            f"{format_date(line.township_approved_on)}同意" if line.township_approved_on else "")
            for line in report.exclusions if line.counts],
        quorum_rule=report.quorum_word, quorum_share=report.quorum_share,
        meeting_date=format_date(report.meeting_day) if report.meeting_day else "")


def issue_attendance_report(session: Session, election: ElectionProcess, issued_on: date) -> Document:
    """Render and archive the report."""
    _require(attendance.expected_attendance(session, election).total > 0, "尚未录入党员名册，无法生成报告")
    return documents.issue(session, "attendance_report", attendance_spec(session, election, issued_on),
                           documents.Placement.of_election(session, election))
