"""The members' meeting's vote, the officers and the report (PT-08, PT-11, PT-13…PT-15,
PT-18, PT-19, PT-21), stored through the count (:mod:`workflows.count`).

- The meeting: 实到会有选举权党员 against 应到会 (:mod:`workflows.party.attendance`), PT-08 by
  the count's validity; the committee round opens with the approved preliminary candidates in
  surname-stroke order (SO-02).
- The count: the tally sheet (赞成 / 不赞成 / 弃权 per candidate) or the ballots one by one
  (``1 2 -4``: 赞成 1 and 2, 不赞成 4, 弃权 the rest), entered twice by two clerks (the count's
  blind double entry, every figure compared); the 赞成 figures are the votes.
- The result: :func:`workflows.count.totals.decide` (PT-13 majority with the profile's base,
  PT-14 over-full by votes and a re-vote among the tied, PT-15 no filling from below half);
  the chief scrutineer confirms it (:func:`workflows.count.official.confirm`).
- Seats left empty (PT-15): the meeting's recorded choice — 再次选举 of those seats among the
  not elected, or fewer seats with the consent of a majority of the members present.
- The officers: the committee's first full meeting elects the secretary and deputies 等额
  (PT-18, PT-19) from the elected members.
- The report to the township Party committee (PT-21) and its 批复 (date, 文号).

The PT-15 decision is kept on the Party track record (``party_track.vacancy_*``); the report
sent and the township's reply are dated facts of the election (``MilestoneFact``), as the legal
calendar reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from models import CountCandidate, MilestoneFact
from printing.documents.party_result_report import OfficerVote, PartyResultReportSpec, PartyVoteLine
from workflows.core import documents, names
from workflows.core.errors import InvalidInput
from workflows.core.policy_catalog import THRESHOLD_BASES
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, format_date, msg
from workflows.count import checks, double_entry, official
from workflows.count.entry import ContestSheet, SheetInput, entry_totals, save_sheet
from workflows.count.results import PARTY_COMMITTEE, Tally, Validity
from workflows.count.rounds import (
    BoxFigures,
    BoxInput,
    CandidateInput,
    ContestInput,
    RoundInput,
    RoundView,
    editable_round,
    open_round,
    round_view,
    rounds,
    set_box_figures,
    set_round_figures,
)
from workflows.count.selection import share, share_of
from workflows.count.totals import decide
from workflows.count.validity import party_quorum, quorum_check
from workflows.party import attendance
from workflows.party import candidates as party_candidates

TRACK = "party"
SECRETARY, DEPUTY = "书记", "副书记"
MEETING_FACT = "party_meeting_held"  # the legal calendar's event (schedule.py)
REPORT_FACT = "party_report_sent"  # the legal calendar's deadline (PT-21)
REPLY_FACT = "party_result_reply"  # the township's 批复: day, 文号 in the note
CHOICES = {"reelect": "对空缺名额再次选举", "reduce": "经多数党员同意减少名额"}
COMMITTEE_KINDS = ("first", "revote")


# --- the ballot's candidates -------------------------------------------------------------------

def approved(scope: ElectionScope) -> bool:
    """Whether the township approved (批复) the preliminary candidates (PT-17)."""
    return party_candidates.track(scope).reply_on is not None


def ballot_candidates(scope: ElectionScope) -> list:
    """The approved preliminary candidates in surname-stroke order (SO-02)."""
    if not approved(scope):
        return []
    return names.ordered(scope.session, party_candidates.preliminary_candidates(scope), lambda c: c.name)


def expected_figure(scope: ElectionScope) -> int:
    """应到会人数: the figure the township approved, else the one the roster gives (PT-06)."""
    figure = attendance.approved_figure(scope)
    return figure if figure is not None else attendance.expected_attendance(scope).expected


# --- the meeting ---------------------------------------------------------------------------

def committee_rounds(scope: ElectionScope) -> list[RoundView]:
    """The committee's rounds that stand (first, re-votes), oldest first; void ones left out."""
    return [round_view(scope, row.id) for row in rounds(scope, TRACK)
            if row.kind in COMMITTEE_KINDS and not row.void]


def officers_round(scope: ElectionScope) -> RoundView | None:
    """The officers' round that stands, if opened."""
    rows = [row for row in rounds(scope, TRACK) if row.kind == "officers" and not row.void]
    return round_view(scope, rows[-1].id) if rows else None


def open_meeting(scope: ElectionScope, held_on: date, attended: int, quorum: str | None = None) -> int:
    """Record the meeting's attendance and open the committee vote (PT-08, PT-18, SO-02)."""
    errors: dict[str, Msg] = {}
    people = ballot_candidates(scope)
    if not approved(scope):
        errors["general"] = msg("镇党委尚未批复候选人预备人选，不能进行选举（PT-17）")
    elif not people:
        errors["general"] = msg("没有经批复的委员候选人预备人选（PT-17）")
    elif any(r.kind == "first" for r in committee_rounds(scope)):
        errors["general"] = msg("党员大会选举已经开始，请在原记录上修改到会人数")
    errors.update(_attendance_errors(scope, held_on, attended, expected_figure(scope)))
    if errors:
        raise InvalidInput(errors)
    contest = ContestInput(PARTY_COMMITTEE, scope.election.party_members,
                           tuple(_input(c) for c in people))
    round_id = open_round(scope, RoundInput(TRACK, "first", held_on, (contest,), (BoxInput("党员大会票箱", "meeting"),),
                                            expected=expected_figure(scope), attended=attended, quorum=quorum))
    scope.record_fact(MEETING_FACT, held_on, f"实到会{attended}人")
    return round_id


def _input(candidate) -> CandidateInput:
    return CandidateInput(candidate.name, candidate.sex == "女", candidate.id_number, "party_member",
                          candidate.member_id)


def _attendance_errors(scope: ElectionScope, held_on: date | None, attended: int | None,
                       expected: int) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    if held_on is None:
        errors["held_on"] = msg("请填写会议日期")
    elif held_on > scope.today:
        errors["held_on"] = msg("会议日期{day}晚于今天", day=format_date(held_on))
    if attended is None or attended < 0:
        errors["attended"] = msg("请填写实到会有选举权的党员人数")
    elif attended > expected:
        errors["attended"] = msg("实到会{attended}人，多于应到会{expected}人，请核对", attended=attended,
                                 expected=expected)
    return errors


def set_attendance(scope: ElectionScope, round_id: int, attended: int) -> None:
    """Correct 实到会人数 before the count is confirmed."""
    view = round_view(scope, round_id)
    errors = _attendance_errors(scope, view.held_on, attended, view.expected or 0)
    if errors:
        raise InvalidInput(errors)
    set_round_figures(scope, round_id, expected=view.expected, attended=attended)


def quorum(scope: ElectionScope, round_id: int) -> Validity:
    """PT-08 for the stored round (超过 / 不少于 as the round or the profile says)."""
    view = round_view(scope, round_id)
    return quorum_check(view.attended or 0, view.expected or 0, party_quorum(scope.profile, view.quorum))


# --- the tally sheet -----------------------------------------------------------------------

@dataclass(frozen=True)
class VoteLine:
    """One candidate's line on the tally sheet."""

    candidate_id: int
    yes: int
    no: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class SheetFigures:
    """The tally sheet of the meeting's box: ballots issued and returned, void ones, the lines."""

    issued: int
    returned: int
    void_ballots: int
    lines: tuple[VoteLine, ...]


def record_sheet(scope: ElectionScope, round_id: int, operator: str, figures: SheetFigures) -> str:
    """One clerk's pass of the tally sheet, submitted; returns the box's state
    (waiting | agreed | differs | sent_back). The second pass must be another clerk's."""
    view = round_view(scope, round_id)
    editable_round(scope, round_id)
    if not quorum(scope, round_id).valid:
        raise InvalidInput({"general": msg("到会人数不足，会议无效，不能进行选举（PT-08）")})
    _sheet_errors(view, figures)
    box = view.boxes[0]
    set_box_figures(scope, box.id, BoxFigures(figures.issued, view.attended, figures.returned))
    entry_id = double_entry.my_entry(scope, box.id, operator) or double_entry.start_entry(
        scope, box.id, operator, "sheet")
    sheets = {c.id: ContestSheet({}) for c in view.contests}
    for line in figures.lines:
        sheet = sheets[view.candidate_by_id[line.candidate_id].contest_id]
        sheet.votes[line.candidate_id], sheet.against[line.candidate_id] = line.yes, line.no
        sheet.abstain[line.candidate_id] = line.abstain
    save_sheet(scope, entry_id, SheetInput(figures.returned, figures.void_ballots, sheets))
    return double_entry.submit_entry(scope, entry_id)


def start_ballots(scope: ElectionScope, round_id: int, operator: str) -> int:
    """One clerk's ballot-by-ballot pass of the meeting's box during 唱票 (the other clerk sees
    nothing of it); resumes the clerk's own pass if there is one."""
    view = round_view(scope, round_id)
    editable_round(scope, round_id)
    if not quorum(scope, round_id).valid:
        raise InvalidInput({"general": msg("到会人数不足，会议无效，不能进行选举（PT-08）")})
    box = view.boxes[0]
    return double_entry.my_entry(scope, box.id, operator) or double_entry.start_entry(
        scope, box.id, operator, "ballots")


def submit_ballots(scope: ElectionScope, round_id: int, entry_id: int, issued: int) -> str:
    """The pass is finished: the box's figures are the ballots issued and the ballots read
    (收回), then the pass is submitted; returns the box's state (waiting | agreed | differs)."""
    view = round_view(scope, round_id)
    if entry_id not in {e.id for e in double_entry.live_entries(scope, view.boxes[0].id)}:
        raise InvalidInput({"general": msg("这份录入不属于本轮选举")})
    read = entry_totals(scope, entry_id, view).ballots
    if issued is None or issued < 0:
        raise InvalidInput({"issued": msg("发出选票数应为0或正整数")})
    set_box_figures(scope, view.boxes[0].id, BoxFigures(issued, view.attended, read))
    return double_entry.submit_entry(scope, entry_id)


def _sheet_errors(view: RoundView, figures: SheetFigures) -> None:
    listed = {p.id for c in view.contests for p in c.candidates if not p.write_in}
    given = [line.candidate_id for line in figures.lines]
    numbers = [figures.issued, figures.returned, figures.void_ballots] + [
        n for line in figures.lines for n in (line.yes, line.no, line.abstain)]
    if any(n is None or n < 0 for n in numbers):
        raise InvalidInput({"sheet": msg("计票单上的数字应为0或正整数")})
    if set(given) != listed or len(given) != len(listed):
        raise InvalidInput({"sheet": msg("请为每位候选人填写一行")})
    if figures.void_ballots > figures.returned:
        raise InvalidInput({"void_ballots": msg("无效票不能多于收回的选票")})
    valid = figures.returned - figures.void_ballots
    for line in figures.lines:
        if line.yes + line.no + line.abstain > valid:
            raise InvalidInput({"sheet": msg("{name}：赞成{yes}、不赞成{no}、弃权{abstain}合计多于有效票{valid}张",
                                             name=view.candidate_by_id[line.candidate_id].name, yes=line.yes,
                                             no=line.no, abstain=line.abstain, valid=valid)})


@dataclass(frozen=True)
class SheetState:
    """Where the double entry of the meeting's box stands."""

    state: str  # open | entering | waiting | differs | agreed
    operators: tuple[str, ...]
    differences: tuple[tuple[str, int, int], ...] = ()
    pass_ids: tuple[int, ...] = ()


def sheet_state(scope: ElectionScope, round_id: int) -> SheetState:
    """The box's state, who entered, and the differences side by side once both are in."""
    box = round_view(scope, round_id).boxes[0]
    state = double_entry.box_state(scope, box.id)
    live = double_entry.live_entries(scope, box.id)
    found: tuple = ()
    if state == "differs":
        comparison = double_entry.compare(scope, box.id)
        found = tuple((d.field, d.first, d.second) for d in comparison.differences)
    return SheetState(state, tuple(e.operator for e in live), found, tuple(e.id for e in live))


def keep_pass(scope: ElectionScope, round_id: int, entry_id: int, by: str) -> None:
    """The supervisor keeps one of two differing passes (the paper decides)."""
    double_entry.keep(scope, round_view(scope, round_id).boxes[0].id, entry_id, by)


def send_back(scope: ElectionScope, round_id: int, by: str, reason: str) -> None:
    """Both passes set aside; the sheet is entered again, twice."""
    double_entry.send_back(scope, round_view(scope, round_id).boxes[0].id, by, reason)


# --- the result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CandidateResult:
    candidate_id: int
    office: str
    name: str
    yes: int
    no: int
    abstain: int
    elected: bool
    tied: bool


@dataclass(frozen=True)
class RoundResult:
    """A counted round: its figures, the decision and each candidate's line (ballot order)."""

    round_id: int
    kind: str
    label: str
    held_on: date
    expected: int
    attended: int
    issued: int
    returned: int
    void_ballots: int
    official: bool
    tally: Tally
    lines: tuple[CandidateResult, ...]

    @property
    def valid(self) -> bool:
        return self.tally.valid

    def elected(self, office: str | None = None) -> list[CandidateResult]:
        """The elected of one office (or all), by votes."""
        chosen = [line for line in self.lines if line.elected and (office is None or line.office == office)]
        return sorted(chosen, key=lambda line: -line.yes)


def round_result(scope: ElectionScope, round_id: int) -> RoundResult | None:
    """The decision by the agreed tally sheet; ``None`` until both passes agree."""
    view = round_view(scope, round_id)
    box = view.boxes[0]
    entry_id = double_entry.agreed_entry(scope, box.id)
    if entry_id is None:
        return None
    tally = decide(scope, round_id)
    totals = entry_totals(scope, entry_id, view)
    lines = []
    for contest, outcome in zip(view.contests, tally.outcomes, strict=True):
        figures = totals.contest(contest.id)
        for index, person in enumerate(contest.candidates):
            lines.append(CandidateResult(person.id, contest.office, person.name, figures.votes.get(person.id, 0),
                                         figures.against.get(person.id, 0), figures.abstain.get(person.id, 0),
                                         index in outcome.elected, index in outcome.tie_revote_among))
    return RoundResult(view.id, view.kind, view.label, view.held_on, view.expected or 0, view.attended or 0,
                       box.ballots_issued or 0, box.ballots_returned or 0, totals.void,
                       view.official_by is not None, tally, tuple(lines))


def open_checks(scope: ElectionScope, round_id: int) -> list[checks.Check]:
    """The count's coded checks still to be dealt with (F.101…F.403)."""
    return checks.open_checks(checks.check_round(scope, round_id))


def paper_says_so(scope: ElectionScope, round_id: int, by: str, note: str) -> None:
    """The scrutineers looked at the paper: it shows exactly what was entered (never
    "corrected"); every open check of the round is cleared with this note."""
    for check in open_checks(scope, round_id):
        if check.code != "F.403":
            checks.paper_says_so(scope, round_id, check, by, note)


def confirm(scope: ElectionScope, round_id: int, by: str) -> int | None:
    """The chief scrutineer confirms the round; a void round gets its re-vote (PT-08, PT-11),
    whose id is returned."""
    return official.confirm(scope, round_id, by).revote_round_id


# --- the committee as elected so far ---------------------------------------------------------

@dataclass(frozen=True)
class Member:
    """A person elected to the committee (the count's candidate row)."""

    candidate_id: int
    name: str
    id_number: str
    yes: int


@dataclass(frozen=True)
class CommitteeState:
    """What the meeting has decided so far, and what it still has to do."""

    seats: int  # after a reduction (PT-15)
    elected: tuple[Member, ...]
    pending_round_id: int | None = None  # a round not yet confirmed
    tie_among: tuple[int, ...] = ()  # count candidate ids of a pending tie (PT-14)
    tie_seats: int = 0
    choice: str = ""  # PT-15: reelect | reduce
    not_elected: tuple[int, ...] = field(default=())  # candidate ids of the last rounds' others

    @property
    def unfilled(self) -> int:
        return self.seats - len(self.elected) - self.tie_seats

    @property
    def complete(self) -> bool:
        return (self.pending_round_id is None and not self.tie_among and self.unfilled == 0
                and bool(self.elected))


def committee_state(scope: ElectionScope) -> CommitteeState | None:
    """Walk the committee's rounds in order; ``None`` before the meeting is opened."""
    views = committee_rounds(scope)
    if not views:
        return None
    elected: list[Member] = []
    pending, tie, tie_seats, others = None, (), 0, []
    for view in views:
        result = round_result(scope, view.id) if view.official_by else None
        if result is None:
            pending = view.id
            continue
        if not result.valid:
            continue
        outcome = result.tally.outcomes[0]
        people = view.contests[0].candidates
        elected += [_member(scope, people[i].id, outcome.candidates[i].votes) for i in outcome.elected]
        tie, tie_seats = tuple(people[i].id for i in outcome.tie_revote_among), outcome.tie_seats
        chosen = {people[i].id for i in (*outcome.elected, *outcome.tie_revote_among)}
        others = [p.id for p in people if p.id not in chosen]
    choice = _choice(scope)
    seats = scope.election.party_members
    if choice.get("choice") == "reduce" and pending is None and not tie:
        seats = len(elected)
    return CommitteeState(seats, tuple(elected), pending, tie, tie_seats, choice.get("choice", ""),
                          tuple(others))


def _member(scope: ElectionScope, candidate_id: int, votes: int) -> Member:
    row = scope.session.get(CountCandidate, candidate_id)
    return Member(row.id, row.name, row.id_number, votes)


def _choice(scope: ElectionScope) -> dict:
    """The PT-15 decision recorded on the Party track ({} when none)."""
    row = party_candidates.track(scope)
    if not row.vacancy_choice:
        return {}
    return {"choice": row.vacancy_choice, "consent": row.vacancy_consent, "unfilled": row.vacancy_unfilled,
            "day": row.vacancy_decided_on}


def open_tie_revote(scope: ElectionScope, held_on: date) -> int:
    """PT-14: the tied for the last seats are voted on again; most votes take the seats."""
    state = committee_state(scope)
    if state is None or not state.tie_among or state.pending_round_id is not None:
        raise InvalidInput({"general": msg("没有需要再投票的票数相等情形（PT-14）")})
    return _again(scope, held_on, state.tie_seats, state.tie_among)


def _again(scope: ElectionScope, held_on: date, seats: int, candidate_ids) -> int:
    first = committee_rounds(scope)[0]
    if held_on is None or held_on > scope.today:
        raise InvalidInput({"held_on": msg("请填写投票日期（不晚于今天）")})
    people = names.ordered(scope.session, [scope.session.get(CountCandidate, i) for i in candidate_ids],
                           lambda c: c.name)
    contest = ContestInput(PARTY_COMMITTEE, seats, tuple(
        CandidateInput(p.name, p.female, p.id_number, p.source, p.source_id) for p in people))
    return open_round(scope, RoundInput(TRACK, "revote", held_on, (contest,),
                                        (BoxInput("党员大会票箱", "meeting"),), expected=first.expected,
                                        attended=first.attended, quorum=first.quorum))


def record_unfilled_choice(scope: ElectionScope, choice: str, day: date, consent: int | None = None) -> int | None:
    """PT-15: seats stay empty; the meeting re-elects them among the not elected (returns the
    new round), or — with a majority of the members present agreeing — reduces the seats."""
    state = committee_state(scope)
    if state is None or state.pending_round_id is not None or state.tie_among or state.unfilled <= 0:
        raise InvalidInput({"general": msg("委员名额没有空缺，无须决定（PT-15）")})
    if choice not in CHOICES:
        raise InvalidInput({"choice": msg("请选择再次选举或减少名额")})
    if day is None or day > scope.today:
        raise InvalidInput({"day": msg("请填写决定日期（不晚于今天）")})
    present = committee_rounds(scope)[0].attended or 0
    if choice == "reduce" and (consent is None or 2 * consent <= present):
        raise InvalidInput({"consent": msg("减少名额须经多数党员同意：实到会{present}人，同意的须超过半数"
                                           "（至少{minimum}人）（PT-15）", present=present,
                                           minimum=present // 2 + 1)})
    if choice == "reduce" and not state.elected:
        raise InvalidInput({"choice": msg("没有人当选，不能以减少名额代替选举（PT-15）")})
    row = party_candidates.track(scope, create=True)
    row.vacancy_choice, row.vacancy_decided_on, row.vacancy_unfilled = choice, day, state.unfilled
    row.vacancy_consent = consent if choice == "reduce" else None
    scope.session.flush()
    if choice == "reelect":
        if not state.not_elected:
            raise InvalidInput({"choice": msg("未当选人中没有可再次选举的人选，请减少名额（PT-15）")})
        return _again(scope, day, state.unfilled, state.not_elected)
    return None


def choice_text(scope: ElectionScope) -> str:
    """The PT-15 decision as the report says it (empty when none was needed)."""
    choice = _choice(scope)
    if not choice:
        return ""
    if choice["choice"] == "reduce":
        return (f"委员应选{scope.election.party_members}名，赞成票过半数的不足应选名额，空缺{choice['unfilled']}名；"
                f"经到会党员{choice['consent']}人同意（超过半数），减少名额，不再选举。")
    return (f"委员应选{scope.election.party_members}名，首次投票赞成票过半数的不足应选名额，"
            f"空缺{choice['unfilled']}名；经大会决定，在未当选人中再次选举。")


# --- the officers --------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficerSlate:
    """Who stands 等额 for secretary and deputies (count candidate ids of elected members)."""

    secretary: int | None
    deputies: tuple[int, ...]


def proposed_slate(scope: ElectionScope) -> OfficerSlate:
    """The approved secretary and deputy candidates, where elected to the committee."""
    state = committee_state(scope)
    if state is None:
        return OfficerSlate(None, ())
    by_number = {m.id_number: m.candidate_id for m in state.elected}
    offices = {c.id_number: c.preliminary_office for c in party_candidates.preliminary_candidates(scope)}
    secretary = next((cid for number, cid in by_number.items()
                      if offices.get(number) == party_candidates.SECRETARY), None)
    deputies = tuple(cid for number, cid in by_number.items() if offices.get(number) == party_candidates.DEPUTY)
    return OfficerSlate(secretary, deputies)


def open_officers(scope: ElectionScope, held_on: date, slate: OfficerSlate | None = None,
                  attended: int | None = None) -> int:
    """The committee's first full meeting: secretary and deputies 等额 (PT-18, PT-19)."""
    state = committee_state(scope)
    if state is None or not state.complete:
        raise InvalidInput({"general": msg("委员会委员尚未全部选出，不能选举书记、副书记（PT-18）")})
    if officers_round(scope) is not None:
        raise InvalidInput({"general": msg("书记、副书记选举已经开始")})
    slate = slate or proposed_slate(scope)
    size = len(state.elected)
    members = {m.candidate_id for m in state.elected}
    deputies = scope.election.party_deputies
    errors: dict[str, Msg] = {}
    if slate.secretary not in members:
        errors["secretary"] = msg("书记候选人须是新当选的委员（PT-18）")
    if len(slate.deputies) != deputies or any(d not in members for d in slate.deputies):
        errors["deputies"] = msg("副书记应选{n}名，等额选举，候选人须是新当选的委员（PT-19）", n=deputies)
    elif slate.secretary in slate.deputies:
        errors["deputies"] = msg("同一人不能同时是书记和副书记候选人")
    errors.update(_attendance_errors(scope, held_on, size if attended is None else attended, size))
    if errors:
        raise InvalidInput(errors)
    contests = [ContestInput(SECRETARY, 1, (_again_input(scope, slate.secretary),))]
    if deputies:
        contests.append(ContestInput(DEPUTY, deputies, tuple(_again_input(scope, d) for d in slate.deputies)))
    return open_round(scope, RoundInput(TRACK, "officers", held_on, tuple(contests),
                                        (BoxInput("委员会全体会议票箱", "meeting"),), expected=size,
                                        attended=size if attended is None else attended))


def _again_input(scope: ElectionScope, candidate_id: int) -> CandidateInput:
    row = scope.session.get(CountCandidate, candidate_id)
    return CandidateInput(row.name, row.female, row.id_number, row.source, row.source_id)


def officers_done(scope: ElectionScope) -> RoundResult | None:
    """The confirmed officers' result, when every officer was elected."""
    view = officers_round(scope)
    if view is None or view.official_by is None:
        return None
    result = round_result(scope, view.id)
    if result is None or not result.valid or any(not line.elected for line in result.lines):
        return None
    return result


# --- the report (PT-21) --------------------------------------------------------------------

def _fact(scope: ElectionScope, key: str) -> MilestoneFact | None:
    return scope.session.scalar(select(MilestoneFact).where(
        MilestoneFact.election_id == scope.election.id, MilestoneFact.key == key))


@dataclass(frozen=True)
class ReportState:
    sent_on: date | None
    reply_on: date | None
    reply_number: str


def report_state(scope: ElectionScope) -> ReportState:
    sent, reply = _fact(scope, REPORT_FACT), _fact(scope, REPLY_FACT)
    return ReportState(sent.day if sent else None, reply.day if reply else None, reply.note if reply else "")


def report_spec(scope: ElectionScope, day: date) -> PartyResultReportSpec:
    """The 选举结果报告 from the stored count (printing's plain spec)."""
    first = committee_rounds(scope)
    officers = officers_done(scope)
    if not first or officers is None:
        raise InvalidInput({"general": msg("书记、副书记尚未选出，不能报告选举结果（PT-21）")})
    results = [round_result(scope, v.id) for v in first]
    main = results[0]
    elected_ids = {m.candidate_id for m in committee_state(scope).elected}
    threshold = scope.profile.threshold("party_elected")
    base = main.attended if threshold.base == "present" else main.expected
    org, township = f"中共{scope.village.name}支部委员会", f"中共{scope.township.name}委员会"
    quorum_rule = party_quorum(scope.profile, round_view(scope, main.round_id).quorum)
    return PartyResultReportSpec(
        title=f"关于{org}选举结果的报告", addressee=township, meeting_date=format_date(main.held_on),
        expected=main.expected, attended=main.attended, seats=scope.election.party_members,
        issued=main.issued, returned=main.returned, valid_ballots=main.returned - main.void_ballots,
        invalid_ballots=main.void_ballots,
        threshold_text=f"赞成票{share_of(threshold, THRESHOLD_BASES[threshold.base], base)}"
                       f"（至少{threshold.minimum(base)}票）",
        committee=[PartyVoteLine(line.name, line.yes, line.no, line.abstain,
                                 line.candidate_id in elected_ids) for line in main.lines],
        quorum_text=_quorum_text(quorum_rule),
        unfilled_text=choice_text(scope) + _later_rounds(results[1:], elected_ids),
        first_meeting_date=format_date(officers.held_on), committee_size=officers.attended,
        officers=[OfficerVote(line.office, line.name, line.yes, line.no, line.abstain, line.elected)
                  for line in officers.lines],
        issuer=org, date_text=format_date(day))


def _quorum_text(rule) -> str:
    """“超过应到会人数的五分之四，符合规定” (PT-08, the rule the meeting applied)."""
    word = "不少于" if rule.comparison == "ge" else "超过"
    return f"{word}应到会人数的{share(rule)[len(word):]}，符合规定"


def _later_rounds(results: list[RoundResult], elected_ids: set[int]) -> str:
    said = []
    for result in results:
        chosen = [line.name for line in result.lines if line.candidate_id in elected_ids]
        said.append(f"{format_date(result.held_on)}再次投票，{'、'.join(chosen) or '无人'}当选。")
    return "".join(said)


def issue_report(scope: ElectionScope, day: date):
    """Print and archive the report; its day is the report's (the calendar's PT-21 deadline)."""
    if day is None or day > scope.today:
        raise InvalidInput({"day": msg("报告日期不能晚于今天")})
    spec = report_spec(scope, day)
    document = documents.issue(scope.session, "party_result_report", spec,
                               documents.Placement.of_election(scope.session, scope.election))
    scope.record_fact(REPORT_FACT, day, "选举结果报告镇党委")
    return document


def record_reply(scope: ElectionScope, reply_on: date, number: str) -> None:
    """The township Party committee's 批复 of the result: its date and 文号 (PT-21)."""
    sent = report_state(scope).sent_on
    errors: dict[str, Msg] = {}
    if sent is None:
        errors["general"] = msg("请先打印选举结果报告并报镇党委（PT-21）")
    if reply_on is None:
        errors["reply_on"] = msg("请填写批复日期")
    elif reply_on > scope.today:
        errors["reply_on"] = msg("批复日期{day}晚于今天", day=format_date(reply_on))
    elif sent is not None and reply_on < sent:
        errors["reply_on"] = msg("批复日期早于报告日期{day}", day=format_date(sent))
    if not (number or "").strip():
        errors["number"] = msg("请填写批复文号")
    if errors:
        raise InvalidInput(errors)
    scope.record_fact(REPLY_FACT, reply_on, number.strip())


# --- ballots (PT-12, SO-02, PT-18, PT-19) -------------------------------------------------------

def ballot_spec(scope: ElectionScope, round_id: int, copies: int):
    """The round's ballot: the committee's candidates in the round's (stroke) order, or the
    officers' 等额 slate; no number, code or mark of any kind (PT-12)."""
    from printing.documents.party_ballot import PartyBallotSection, PartyBallotSpec

    view = round_view(scope, round_id)
    organisation = f"中共{scope.village.name}支部委员会"
    officers = view.kind == "officers"
    sections = [PartyBallotSection(c.office, c.seats, [p.name for p in c.candidates if not p.write_in],
                                   0 if officers else c.seats) for c in view.contests]
    title = organisation + ("书记、副书记选票" if officers else "委员选票")
    return PartyBallotSpec(title=title, date_text=format_date(view.held_on), sections=sections,
                           order_note="候选人按姓氏笔画为序", copies=copies)


def issue_ballots(scope: ElectionScope, round_id: int, copies: int | None = None):
    """Archive a round's ballots to print: one per member expected (or present) unless given."""
    view = round_view(scope, round_id)
    copies = (view.expected or view.attended or 0) if copies is None else copies
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 10_000:
        raise InvalidInput({"copies": msg("份数应在1至10000之间")})
    return documents.issue(scope.session, "party_ballot", ballot_spec(scope, round_id, copies),
                           documents.Placement.of_election(scope.session, scope.election))
