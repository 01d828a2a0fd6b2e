"""Party-track documents from stored data: 公示, 请示, 资格联审表, 应到会人数报告.

Each ``issue_*`` builds the plain spec from the database, renders and archives it through
:mod:`workflows.documents`; lists of names are in surname-stroke order (SO-02, SO-10).
"""

from __future__ import annotations

import re
from datetime import date

from models import Document, PartyMember
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
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.party import attendance
from workflows.party import candidates as party_candidates
from workflows.party import review as party_review


def _names(scope: ElectionScope) -> tuple[str, str]:
    """The village's Party organisation and the township Party committee, as documents name them."""
    return f"中共{scope.village.name}支部委员会", f"中共{scope.township.name}委员会"


def _month(day: date | None) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def _dotted_month(day: date | None) -> str:
    """“1986.06”: the month as 公示 tables customarily print it (fits a narrow column)."""
    return f"{day.year}.{day.month:02d}" if day else ""


def plain(text: str) -> str:
    """Drop the program's rule IDs (“（PT-04）”) from texts printed for people."""
    return re.sub(r"（[A-Z]{2,4}-\d+[a-z]?(、[A-Z]{2,4}-\d+[a-z]?)*）", "", text)


def _stroke_ordered(scope: ElectionScope) -> list:
    """Every chosen preliminary candidate in surname-stroke order (SO-02, SO-10).

    The 公示 and the 请示 say 按姓氏笔画为序, so the list keeps that order whole: the
    secretary and deputy candidates keep their places in it and are named separately
    (书记候选人预备人选：…), never moved to its front (paper-formats §12a, §12c).
    """
    return names.ordered(scope.session, party_candidates.preliminary_candidates(scope), lambda c: c.name)


def _member(scope: ElectionScope, candidate) -> PartyMember | None:
    return scope.session.get(PartyMember, candidate.member_id) if candidate.member_id else None


def publicity_spec(scope: ElectionScope, issued_on: date, phone: str = "",
                   address: str = "") -> pub.PartyPublicitySpec:
    """The 公示 of the preliminary candidates (PT-17); ``phone`` is the office's number."""
    organisation, township_committee = _names(scope)
    chosen = _stroke_ordered(scope)
    track = party_candidates.track(scope, create=True)
    rows = []
    for candidate in chosen:
        member = _member(scope, candidate)
        rows.append(pub.PreliminaryCandidate(
            party_candidates.OFFICE_LABELS.get(candidate.preliminary_office, "委员"), candidate.name,
            candidate.sex, member.ethnicity if member else "", _dotted_month(candidate.birth_date),
            candidate.education, _dotted_month(member.joined_on) if member and member.joined_on else "",
            member.current_post if member else ""))
    offices = party_candidates.preliminary_list(scope)
    return pub.PartyPublicitySpec(
        title=f"关于{organisation}委员\n候选人预备人选的公示", organisation=organisation,
        township_committee=township_committee, seats=scope.election.party_members, candidates=rows,
        secretaries=list(offices.secretaries), deputies=list(offices.deputies),
        period_start=format_date(track.publicity_start) if track.publicity_start else "",
        period_end=format_date(track.publicity_end) if track.publicity_end else "",
        office=f"{township_committee}组织办", phone=phone, address=address,
        issuer=f"{township_committee}组织办", date_text=format_date(issued_on))


def _require(condition: bool, message: str) -> None:
    """Refuse to archive a document that would have nothing in it."""
    if not condition:
        raise InvalidInput({"general": msg("{text}", text=message)})


def issue_publicity(scope: ElectionScope, issued_on: date, phone: str = "",
                    address: str = "") -> Document:
    """Render and archive the 公示 (numbered in the election's notice sequence)."""
    _require(bool(party_candidates.preliminary_candidates(scope)), "尚未确定候选人预备人选，无法生成公示")
    spec = publicity_spec(scope, issued_on, phone, address)
    return documents.issue(scope.session, "party_publicity", spec,
                           documents.Placement.of_election(scope.session, scope.election),
                           scope.notice_number())


def request_spec(scope: ElectionScope, issued_on: date) -> req.PartyRequestSpec:
    """The 请示 to the township Party committee, with the expected-attendance exclusions."""
    organisation, township_committee = _names(scope)
    offices = party_candidates.preliminary_list(scope)
    track = party_candidates.track(scope, create=True)
    initial = party_candidates.candidates(scope)
    figures = attendance.expected_attendance(scope)
    exclusions = [req.ExcludedMember(line.name, f"{line.category}。{line.detail}".rstrip("。"),
                                     "是" if line.member_consulted else "否")
                  for line in figures.exclusions]
    return req.PartyRequestSpec(
        title=f"关于确定{organisation}委员\n候选人预备人选的请示", addressee=township_committee,
        organisation=organisation, seats=scope.election.party_members,
        members=[c.name for c in _stroke_ordered(scope)],
        secretaries=list(offices.secretaries), deputies=list(offices.deputies),
        member_round_date=format_date(track.member_round_on) if track.member_round_on else "",
        member_round_participants=track.member_round_participants,
        mass_round_date=format_date(track.mass_round_on) if track.mass_round_on else "",
        mass_round_participants=track.mass_round_participants, initial_count=len(initial),
        qualified_count=sum(1 for c in initial if c.status not in ("disqualified", "initial")),
        inspection_date="", publicity_start=format_date(track.publicity_start) if track.publicity_start else "",
        publicity_end=format_date(track.publicity_end) if track.publicity_end else "",
        publicity_outcome=track.publicity_outcome or "公示期间未收到反映问题",
        exclusions=exclusions, issuer=organisation, date_text=format_date(issued_on), sender=organisation)


def issue_request(scope: ElectionScope, issued_on: date) -> Document:
    """Render and archive the 请示; the request date is recorded for the approval stage."""
    _require(bool(party_candidates.preliminary_candidates(scope)), "尚未确定候选人预备人选，无法生成请示")
    document = documents.issue(scope.session, "party_request", request_spec(scope, issued_on),
                               documents.Placement.of_election(scope.session, scope.election))
    party_review.record_request(scope, issued_on)
    return document


def _opinion(line) -> form.DepartmentOpinion:
    """One unit's row as entered for that unit alone: an empty row (signature cells blank
    for handwriting) until its own opinion, 经办人 and 分管领导 are recorded (PT-26)."""
    return form.DepartmentOpinion(
        line.department, line.result + (f"：{line.finding}" if line.finding else ""),
        line.reviewer, line.leader, format_date(line.reviewed_on) if line.reviewed_on else "")


def qualification_spec(scope: ElectionScope) -> form.QualificationFormSpec:
    """The 资格联审表 of every initial candidate (internal: full ID numbers).

    The township's 初审 goes into its own box (镇党委初审意见), the county departments into
    the table; no conclusion is pre-printed (综合意见 and 备注 are the county's to write).
    """
    profile = scope.profile
    people = []
    for candidate in party_candidates.candidates(scope):
        data = party_review.review_summary(scope, candidate.id)
        member = _member(scope, candidate)
        township = [line for line in data.departments if form.is_township_review(line.department)]
        people.append(form.QualificationCandidate(
            name=data.name, sex=data.sex, ethnicity=data.ethnicity, birth_month=_month(data.birth_date),
            id_number=data.id_number, political_status="中共党员" if member else "",
            education=data.education, current_post=data.current_post,
            proposed_office=f"村党组织{data.proposed_office}",
            checks=[form.CheckAnswer(line.number, line.answer,
                                     "；".join(t for t in (line.evidence, line.window) if t))
                    for line in data.items],
            reviews=[_opinion(line) for line in data.departments
                     if not form.is_township_review(line.department)],
            township_review=_opinion(township[0]) if township else None))
    return form.QualificationFormSpec(
        title=f"{scope.village.name}“两委”换届候选人（初步人选）资格联审表", township=scope.township.name,
        candidates=people,
        items=list(party_review.disqualifier_items(profile)),
        departments=form.county_departments(party_review.departments(profile)))


def plan_qualification_form(scope: ElectionScope) -> documents.Draft:
    """Draft the forms of all initial candidates (read only; render it anywhere)."""
    _require(bool(party_candidates.candidates(scope)), "尚未确定候选人初步人选，无法生成资格联审表")
    return documents.draft(scope.session, "qualification_form", qualification_spec(scope),
                           documents.Placement.of_election(scope.session, scope.election))


def post_qualification_form(scope: ElectionScope, form: documents.Draft, pdf: bytes) -> Document:
    """Archive the rendered forms (one short write)."""
    return documents.archive(scope.session, [form], [pdf])[0]


def issue_qualification_form(scope: ElectionScope) -> Document:
    """Draft, render and archive the forms in one go (the demo, tests)."""
    form = plan_qualification_form(scope)
    return post_qualification_form(scope, form, documents.render(form))


def attendance_spec(scope: ElectionScope, issued_on: date) -> AttendanceReportSpec:
    """The report of 应到会人数 to the township (PT-06, PT-07, PT-08)."""
    organisation, township_committee = _names(scope)
    report = attendance.attendance_report(scope)
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


def issue_attendance_report(scope: ElectionScope, issued_on: date) -> Document:
    """Render and archive the report."""
    _require(attendance.expected_attendance(scope).total > 0, "尚未录入党员名册，无法生成报告")
    return documents.issue(scope.session, "attendance_report", attendance_spec(scope, issued_on),
                           documents.Placement.of_election(scope.session, scope.election))
