"""Candidates of the villager committee: chosen from the nomination ranking, and kept up to date.

The election committee decides how many candidates an office gets within the profile's
range (GC-12); :func:`determine` then takes them from the ranking (see
:mod:`workflows.villager.selection`) and stores every nominee as a ``vc_candidate`` row.
Every later change — a person choosing between two offices, a further vote among the tied,
a withdrawal (PV-05), a disqualification by the qualification review (SD-40) — is recorded
and the list follows: the next in the ranking moves up.

For the other engineers of the track: :func:`current` (the candidates still standing),
:func:`disqualify` and :func:`confirm` (the qualification review), :class:`CandidateRecord`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import VcCandidate, VcCandidateChange, VcCandidateQuota, Voter
from workflows.core import names
from workflows.core.calendar import CalendarContext
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings, Severity
from workflows.core.scope import ElectionScope
from workflows.core.text import N_, Msg, format_date, msg
from workflows.villager import nomination
from workflows.villager import selection as sel
from workflows.villager.offices import OFFICE_LABELS, OFFICES, Office, seats

STATUS_LABELS = {"nominee": N_("被提名人"), "candidate": N_("候选人"), "formal": N_("正式候选人"),
                 "declined": N_("已选择其他职务"), "withdrawn": N_("已放弃"), "disqualified": N_("资格审查未通过")}
STANDING = ("candidate", "formal")
RANGE_KEYS = {Office.CHAIR: "chair_candidates_extra", Office.VICE_CHAIR: "chair_candidates_extra",
              Office.MEMBER: "member_candidates_extra"}


@dataclass(frozen=True)
class CandidateRecord:
    """One nominee of one office, as every page and the other stages see it."""

    id: int
    voter_id: int
    name: str
    id_number: str
    sex: str
    office: str
    status: str
    votes: int
    birth_date: date
    nominated_on: date | None
    women_seat: bool
    tiebreak_votes: int | None
    status_on: date | None
    status_reason: str

    @property
    def standing(self) -> bool:
        """A candidate or formal candidate (not a mere nominee, not out)."""
        return self.status in STANDING


def _record(row: VcCandidate) -> CandidateRecord:
    return CandidateRecord(row.id, row.voter_id, row.name, row.id_number, row.sex, row.office, row.status,
                           row.nomination_votes, row.birth_date, row.nominated_on, row.women_seat,
                           row.tiebreak_votes, row.status_on, row.status_reason)


def _rows(scope: ElectionScope) -> list[VcCandidate]:
    return list(scope.session.scalars(select(VcCandidate).where(VcCandidate.election_id == scope.election.id)))


def _ordered(scope: ElectionScope, rows: list[VcCandidate]) -> list[VcCandidate]:
    """By office, then votes (and a further vote), then surname strokes."""
    stroke = {row.id: index for index, row in enumerate(names.ordered(scope.session, rows, lambda r: r.name))}
    order = {office: index for index, office in enumerate(OFFICES)}
    return sorted(rows, key=lambda r: (order.get(r.office, 9), -r.nomination_votes,
                                       -(r.tiebreak_votes if r.tiebreak_votes is not None else -1), stroke[r.id]))


def nominees(scope: ElectionScope) -> list[CandidateRecord]:
    """Every nominee row of the election (all statuses), by office and ranking."""
    return [_record(row) for row in _ordered(scope, _rows(scope))]


def current(scope: ElectionScope) -> list[CandidateRecord]:
    """The candidates still standing (candidate or formal), by office and ranking."""
    return [record for record in nominees(scope) if record.standing]


def _row(scope: ElectionScope, candidate_id: int) -> VcCandidate:
    row = scope.session.get(VcCandidate, candidate_id)
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"candidate": msg("本村没有这名被提名人")})
    return row


def candidate(scope: ElectionScope, candidate_id: int) -> CandidateRecord:
    """One nominee row of this election."""
    return _record(_row(scope, candidate_id))


# --- the numbers (VC-13, GC-12) --------------------------------------------------------------

@dataclass(frozen=True)
class QuotaFacts:
    """One office's candidate numbers: the range the profile allows and the committee's choice."""

    office: str
    seats: int
    low: int
    high: int | None  # None: no upper limit
    decided: int | None
    decided_on: date | None
    basis: str

    @property
    def fixed(self) -> bool:
        """The range is one number: nothing for the committee to decide."""
        return self.high is not None and self.low == self.high

    @property
    def target(self) -> int | None:
        """The number of candidates to choose (None while undecided)."""
        return self.low if self.fixed else self.decided


def quotas(scope: ElectionScope) -> dict[str, QuotaFacts]:
    """Per office with seats, the profile's range (seats + extra) and the recorded decision."""
    stored = {row.office: row for row in scope.session.scalars(select(VcCandidateQuota).where(
        VcCandidateQuota.election_id == scope.election.id))}
    result = {}
    for office, count in seats(scope.election).items():
        extra = scope.profile.get(RANGE_KEYS[office])
        high = None if extra.get("max") is None else count + extra["max"]
        row = stored.get(office)
        result[office] = QuotaFacts(office, count, count + extra["min"], high, row.candidates if row else None,
                                    row.decided_on if row else None, row.basis if row else "")
    return result


def range_text(quota: QuotaFacts) -> Msg:
    """The profile's range in words: “2人”, “5～7人”, “不少于5人”."""
    if quota.fixed:
        return msg("{n}人", n=quota.low)
    if quota.high is None:
        return msg("不少于{n}人", n=quota.low)
    return msg("{low}～{high}人", low=quota.low, high=quota.high)


def decide_quota(scope: ElectionScope, office: str, number: int, decided_on: date | None, basis: str = "") -> None:
    """Record the election committee's number of candidates for an office (GC-12)."""
    quota = quotas(scope).get(office)
    errors: dict[str, Msg] = {}
    if quota is None:
        raise InvalidInput({"office": msg("本届不设{office}职位", office=OFFICE_LABELS.get(office, office))})
    if isinstance(number, bool) or not isinstance(number, int) or number < quota.low or (
            quota.high is not None and number > quota.high):
        errors["number"] = msg("{office}应选{n}名，候选人数须为{range}（VC-13、GC-12）",
                               office=OFFICE_LABELS[office], n=quota.seats, range=range_text(quota))
    if decided_on is None:
        errors["decided_on"] = msg("请填写选举委员会决定的日期")
    elif decided_on > scope.today:
        errors["decided_on"] = msg("决定日期不能晚于今天")
    if errors:
        raise InvalidInput(errors)
    row = scope.session.scalars(select(VcCandidateQuota).where(
        VcCandidateQuota.election_id == scope.election.id, VcCandidateQuota.office == office)).first()
    if row is None:
        row = VcCandidateQuota(election_id=scope.election.id, office=office)
        scope.session.add(row)
    row.candidates, row.decided_on, row.basis = number, decided_on, basis.strip()
    scope.session.flush()
    if nomination.record(scope).determined_on is not None:
        sync(scope)


# --- choosing from the ranking ---------------------------------------------------------------

def _unfilled(scope: ElectionScope, rows: list[VcCandidate]) -> dict[str, int]:
    offices = {row.id: row.office for row in rows}
    counts: dict[str, int] = {}
    for change in scope.session.scalars(select(VcCandidateChange).where(
            VcCandidateChange.election_id == scope.election.id, VcCandidateChange.filled.is_(False))):
        office = offices.get(change.candidate_id)
        if office:
            counts[office] = counts.get(office, 0) + 1
    return counts


def compute(scope: ElectionScope, rows: list[VcCandidate] | None = None) -> sel.Selection:
    """The selection the stored nominees and numbers give now (changes nothing)."""
    rows = _rows(scope) if rows is None else rows
    stroke = {row.id: index for index, row in enumerate(names.ordered(scope.session, rows, lambda r: r.name))}
    unfilled = _unfilled(scope, rows)
    targets = {office: sel.Quota(q.seats, q.low, q.high, q.target, unfilled.get(office, 0))
               for office, q in quotas(scope).items()}
    people = [sel.Nominee(r.id, r.voter_id, r.office, r.nomination_votes, r.tiebreak_votes, r.status, r.sex,
                          stroke[r.id]) for r in rows]
    return sel.select(people, targets, scope.profile.get("woman_candidate_method"))


def determine(scope: ElectionScope, on: date) -> sel.Selection:
    """Store every nominee with its votes and choose the candidates (the committee's act on ``on``)."""
    facts = nomination.facts(scope)
    errors: dict[str, Msg] = {}
    if facts.held_on is None:
        errors["held_on"] = msg("请先记录提名日期")
    if on < (facts.held_on or on) or on > scope.today:
        errors["on"] = msg("确定候选人的日期应在提名之后、不晚于今天")
    undecided = [OFFICE_LABELS[o] for o, q in quotas(scope).items() if q.target is None]
    if undecided:
        errors["quota"] = msg("选举委员会尚未确定{offices}的候选人数（GC-12）", offices="、".join(undecided))
    if not nomination.tallies(scope):
        errors["general"] = msg("尚未录入提名票或得票")
    if errors:
        raise InvalidInput(errors)
    nomination.record(scope, create=True).determined_on = on
    return sync(scope)


def sync(scope: ElectionScope) -> sel.Selection:
    """Bring the stored nominees in line with the tallies and the selection; returns the selection."""
    session = scope.session
    held_on = nomination.record(scope).held_on
    counts = nomination.tallies(scope)
    rows = {(row.office, row.voter_id): row for row in _rows(scope)}
    missing = {voter_id for office, voter_id in counts if (office, voter_id) not in rows}
    voters = {v.id: v for v in session.scalars(select(Voter).where(Voter.id.in_(missing)))} if missing else {}
    for (office, voter_id), votes in counts.items():
        row = rows.get((office, voter_id))
        if row is None:
            row = rows[(office, voter_id)] = _new_row(scope, voters[voter_id], office)
        row.nomination_votes = votes
    for key, row in rows.items():  # nominees whose votes were taken back
        if key not in counts:
            row.nomination_votes = 0
    session.flush()
    result = compute(scope, list(rows.values()))
    if result.woman_voter is not None and result.woman_nominee is None:
        office = Office.MEMBER if Office.MEMBER in seats(scope.election) else OFFICES[-1]
        voter = session.get(Voter, result.woman_voter)
        rows[(office, voter.id)] = _new_row(scope, voter, office)
        session.flush()
        result = compute(scope, list(rows.values()))
    chosen = result.chosen_ids()
    for key, row in list(rows.items()):
        row.women_seat = row.id == result.woman_nominee
        if row.status == "nominee" and not row.nomination_votes and not row.women_seat:
            session.delete(row)  # nobody nominates them for this office any more
            del rows[key]
            continue
        if held_on and row.nominated_on is None:
            row.nominated_on = held_on
        if row.status in ("nominee", "candidate"):
            row.status = "candidate" if row.id in chosen else "nominee"
    session.flush()
    return result


def _new_row(scope: ElectionScope, voter: Voter, office: str) -> VcCandidate:
    row = VcCandidate(election_id=scope.election.id, voter_id=voter.id, name=voter.name,
                      id_number=voter.id_number, sex=voter.sex, birth_date=voter.birth_date, office=office,
                      nomination_votes=0, status="nominee", status_reason="", women_seat=False,
                      nominated_on=nomination.record(scope).held_on)
    scope.session.add(row)
    return row


def _require_determined(scope: ElectionScope) -> None:
    if nomination.record(scope).determined_on is None:
        raise InvalidInput({"general": msg("尚未确定候选人")})


def choose_office(scope: ElectionScope, voter_id: int, office: str, on: date) -> None:
    """A person chosen for two offices stands for ``office``; the other rows are declined (recorded)."""
    _require_determined(scope)
    rows = [row for row in _rows(scope) if row.voter_id == voter_id]
    keep = next((row for row in rows if row.office == office and row.status not in sel.OUT), None)
    if keep is None:
        raise InvalidInput({"office": msg("此人没有被提名为{office}，或已不在候选之列", office=OFFICE_LABELS.get(office, office))})
    for row in rows:
        if row is not keep and row.status in ("nominee", "candidate"):
            row.status, row.status_on = "declined", on
            row.status_reason = f"本人选择参加{OFFICE_LABELS[office]}候选"
    scope.session.flush()
    sync(scope)


def record_tiebreak(scope: ElectionScope, votes: Mapping[int, int], on: date) -> None:
    """The result of a further nomination vote among nominees tied at the cut-off (GC-12, SD-25)."""
    _require_determined(scope)
    errors = {}
    for candidate_id, count in votes.items():
        row = _row(scope, candidate_id)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            errors["votes"] = msg("{name}的再次提名票数应为不小于0的整数", name=row.name)
        elif count > nomination.registered_count(scope):
            errors["votes"] = msg("{name}的再次提名票数超过本村登记选民人数", name=row.name)
    if errors:
        raise InvalidInput(errors)
    for candidate_id, count in votes.items():
        _row(scope, candidate_id).tiebreak_votes = count
    scope.session.flush()
    sync(scope)


# --- leaving the list (PV-05, SD-40) -----------------------------------------------------------

def withdrawal_deadline(scope: ElectionScope) -> date | None:
    """The last day a written withdrawal is filled from the ranking (PV-05); None: no deadline."""
    days = scope.profile.days("candidate_withdrawal_days")
    day = scope.election.committee_election_day
    if not days or day is None:
        return None
    return CalendarContext(scope.election, scope.profile, scope.workdays, {}).days_before(day, days)


def _leave(scope: ElectionScope, row: VcCandidate, status: str, kind: str, on: date, reason: str,
           filled: bool) -> VcCandidateChange:
    before = {r.id for r in _rows(scope) if r.status in STANDING}
    was_standing = row.status in STANDING
    for other in _rows(scope):  # the person leaves every office still open to them
        if other.voter_id == row.voter_id and other.status not in sel.OUT:
            other.status, other.status_on, other.status_reason = status, on, reason
    change = VcCandidateChange(election_id=scope.election.id, candidate_id=row.id, kind=kind, happened_on=on,
                               reason=reason, filled=filled or not was_standing)
    scope.session.add(change)
    scope.session.flush()
    sync(scope)
    moved_up = [r for r in _rows(scope) if r.status in STANDING and r.id not in before and r.office == row.office]
    change.replacement_id = moved_up[0].id if moved_up and was_standing and change.filled else None
    scope.session.flush()
    return change


def withdraw(scope: ElectionScope, candidate_id: int, on: date | None, in_writing: bool,
             reason: str = "") -> VcCandidateChange:
    """A written withdrawal received on ``on`` (PV-05): filled from the ranking when received by the
    deadline, recorded but not filled after it."""
    _require_determined(scope)
    row = _row(scope, candidate_id)
    errors: dict[str, Msg] = {}
    if row.status in sel.OUT:
        errors["candidate"] = msg("{name}已不在候选之列", name=row.name)
    if not in_writing:
        errors["in_writing"] = msg("放弃候选资格须本人书面提出（PV-05）")
    if on is None:
        errors["on"] = msg("请填写收到书面放弃的日期")
    elif on > scope.today:
        errors["on"] = msg("日期不能晚于今天")
    elif scope.election.committee_election_day and on >= scope.election.committee_election_day:
        errors["on"] = msg("选举日当天及以后不再办理放弃")
    if errors:
        raise InvalidInput(errors)
    deadline = withdrawal_deadline(scope)
    filled = deadline is None or on <= deadline
    text = reason.strip() or "本人书面提出放弃候选资格"
    return _leave(scope, row, "withdrawn", "withdrawal", on, text, filled)


def disqualify(scope: ElectionScope, candidate_id: int, reason: str, on: date) -> CandidateRecord | None:
    """The qualification review found the nominee ineligible (SD-40): out of every office, and the
    next in the ranking moves up. Returns who moved up in that office (None when nobody)."""
    row = _row(scope, candidate_id)
    if not reason.strip():
        raise InvalidInput({"reason": msg("请填写取消资格的原因")})
    if row.status in sel.OUT:
        raise InvalidInput({"candidate": msg("{name}已不在候选之列", name=row.name)})
    change = _leave(scope, row, "disqualified", "disqualification", on, reason.strip(), True)
    return candidate(scope, change.replacement_id) if change.replacement_id else None


def confirm(scope: ElectionScope, candidate_id: int, on: date) -> None:
    """The qualification review passed: the candidate becomes a formal candidate (SD-24)."""
    row = _row(scope, candidate_id)
    if row.status == "formal":
        return
    if row.status != "candidate":
        raise InvalidInput({"candidate": msg("{name}不是候选人（{status}），不能确定为正式候选人", name=row.name,
                                             status=STATUS_LABELS.get(row.status, row.status))})
    row.status, row.status_on = "formal", on
    scope.session.flush()


@dataclass(frozen=True)
class ChangeRecord:
    """A candidate who left the list, and who moved up."""

    id: int
    kind: str
    name: str
    office: str
    happened_on: date
    reason: str
    filled: bool
    replacement: str  # name, "" when nobody moved up
    notice_on: date | None


def changes(scope: ElectionScope) -> list[ChangeRecord]:
    """Withdrawals and disqualifications in the order they happened."""
    rows = {row.id: row for row in _rows(scope)}
    result = []
    for change in scope.session.scalars(select(VcCandidateChange).where(
            VcCandidateChange.election_id == scope.election.id).order_by(
            VcCandidateChange.happened_on, VcCandidateChange.id)):
        who = rows[change.candidate_id]
        moved = rows.get(change.replacement_id) if change.replacement_id else None
        result.append(ChangeRecord(change.id, change.kind, who.name, who.office, change.happened_on, change.reason,
                                   change.filled, moved.name if moved else "", change.notice_on))
    return result


def deadline_text(scope: ElectionScope) -> Msg:
    """The withdrawal rule in words, for the page (PV-05)."""
    deadline = withdrawal_deadline(scope)
    if deadline is None:
        return msg("规则配置未规定放弃候选资格的期限：书面放弃的，按原提名得票依次递补")
    return msg("{day}（选举日{n}日前）以前书面放弃的，按原提名得票依次递补；此后放弃的只记录，不再递补",
               day=format_date(deadline), n=scope.profile.days("candidate_withdrawal_days"))


# --- what stands in the way of the nomination stage -------------------------------------------

def check(scope: ElectionScope) -> Findings:
    """The nomination and the candidates chosen from it (VC-12, VC-13, GC-12, GC-19, SD-25)."""
    findings = Findings()
    facts = nomination.facts(scope)
    if facts.held_on is None:
        findings.add(msg("尚未记录海选提名的日期"), "VC-12")
    if facts.nominators > facts.registered:
        findings.add(msg("提名人数{n}超过本村登记参加选举的村民{roll}人；提名人须是登记选民",
                         n=facts.nominators, roll=facts.registered), "VC-12 GC-19")
    if facts.mode == nomination.TOTALS and facts.held_on and not facts.nominators:
        findings.add(msg("尚未填写提名人数"), "GC-19")
    counts = nomination.tallies(scope)
    if not counts:
        findings.add(msg("尚未录入提名票或得票"), "VC-12")
        return findings
    rows = _rows(scope)
    if facts.determined_on is None or not rows:
        findings.add(msg("尚未确定候选人"), "VC-13 GC-12")
        _quota_findings(findings, scope)
        return findings
    stale = [r.name for r in rows if r.nomination_votes != counts.get((r.office, r.voter_id), 0)]
    if stale:
        findings.add(msg("提名票在确定候选人之后有变动（{names}等），须重新确定候选人",
                         names="、".join(stale[:3])), "VC-12")
    _quota_findings(findings, scope)
    result = compute(scope, rows)
    _selection_findings(findings, scope, rows, result)
    return findings


def _quota_findings(findings: Findings, scope: ElectionScope) -> None:
    for office, quota in quotas(scope).items():
        if quota.target is None:
            findings.add(msg("{office}应选{n}名，候选人数可为{range}，须由选举委员会确定并记录",
                             office=OFFICE_LABELS[office], n=quota.seats, range=range_text(quota)), "GC-12")
        elif not quota.fixed and not (quota.low <= quota.target and (quota.high is None or quota.target <= quota.high)):
            findings.add(msg("选举委员会确定的{office}候选人数{k}人不在规则配置允许的{range}之内",
                             office=OFFICE_LABELS[office], k=quota.target, range=range_text(quota)), "GC-12")


def _selection_findings(findings: Findings, scope: ElectionScope, rows: list[VcCandidate],
                        result: sel.Selection) -> None:
    by_id = {row.id: row for row in rows}
    for tie in result.ties:
        findings.add(msg("{office}第{k}名起有{n}人提名票数相同（{names}），全部列入将超过规则配置的候选人数，"
                         "须在他们之间再次提名，取{places}人（GC-12）", office=OFFICE_LABELS[tie.office],
                         k=len(result.chosen[tie.office]) + 1, n=len(tie.nominee_ids),
                         names="、".join(by_id[i].name for i in tie.nominee_ids), places=tie.places),
                     "GC-12", subjects=tie.nominee_ids)
    for office, extra in result.widened.items():
        findings.add(msg("{office}末位有提名票数相同者，已全部列为候选人（多{n}人，仍在规则配置的范围之内）",
                         office=OFFICE_LABELS[office], n=extra), "GC-12", Severity.NOTE)
    for ids in result.conflicts.values():
        findings.add(msg("{name}同时被确定为{offices}候选人，须由本人选择其一并记录", name=by_id[ids[0]].name,
                         offices="、".join(OFFICE_LABELS[by_id[i].office] for i in ids)), "VC-13", subjects=ids)
    if result.woman_tie:
        findings.add(msg("候选人中没有妇女，得票最多的妇女有{n}人票数相同（{names}），须在她们之间再次提名（SD-25）",
                         n=len(result.woman_tie), names="、".join(by_id[i].name for i in result.woman_tie)),
                     "SD-25", subjects=result.woman_tie)
    if result.no_woman_nominated:
        findings.add(msg("被提名人中没有妇女，候选人中无法安排妇女名额（SD-25、VC-02）"), "SD-25 VC-02",
                     Severity.WARNING)
    if result.woman_voter is not None:
        woman = next(r for r in rows if r.voter_id == result.woman_voter)
        how = ("并替换委员候选人的最后一名" if result.woman_replaces is not None else "增列为委员候选人")
        findings.add(msg("候选人中没有妇女，{name}为得票最多的妇女，{how}（SD-25）", name=woman.name, how=how),
                     "SD-25", Severity.NOTE, [woman.id])
    standing = {office: [r for r in rows if r.office == office and r.status in STANDING] for office in quotas(scope)}
    for office, quota in quotas(scope).items():
        count = len(standing[office])
        if count <= quota.seats:
            findings.add(msg("{office}应选{n}名，候选人只有{k}人，不能实行差额选举（VC-13）",
                             office=OFFICE_LABELS[office], n=quota.seats, k=count), "VC-13")
        elif result.shortfall.get(office):
            findings.add(msg("{office}被提名人不足：候选人应为{target}人，现只有{k}人", office=OFFICE_LABELS[office],
                             target=count + result.shortfall[office], k=count), "GC-12", Severity.WARNING)
