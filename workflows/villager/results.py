"""The villager results (vc.results; issue 12 items 4, 9, 10): each round decided from its agreed
count, confirmed by the chief supervisor (总监票人) on a date not before the election day — the
handover deadline (VC-26) then counts from that date (the ``vc_results_official`` fact) —
reverted with a reason; the elected combined across the first round and the 另行选举; the
paper: the results notice (SD-26), the count report per box and in total, a certificate for each
winner, the results workbook for the township (GC-17).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta

from models import CountRound, Document
from printing.documents.certificate import CertificateSpec
from printing.documents.count_report import CountLine, CountReportSpec, CountSheet, OfficeCount
from printing.documents.results_workbook import (
    ElectedRow,
    Fact,
    ResultsWorkbookSpec,
    VoteRow,
    results_workbook,
)
from printing.documents.vc_results_notice import OfficeResult, ResultLine, VcResultsNoticeSpec
from workflows.core import documents, relatives
from workflows.core.errors import InvalidInput
from workflows.core.paper import election_committee_name
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.count import official, totals
from workflows.count.results import WOMEN_SEAT, ContestOutcome, Tally
from workflows.count.rounds import KIND_LABELS, RoundRow, RoundView, round_view
from workflows.count.tallies import EntryTotals
from workflows.villager import vote

RESULTS_FACT = "vc_results_official"  # the day the results became official (VC-26 counts from it)
NOTICE_FACT = "vc_results_notice"  # + ":<round id>": the day that round's results notice was posted
OFFICE_ORDER = ("主任", "副主任", "委员", WOMEN_SEAT)


# --- deciding a round --------------------------------------------------------------------------

# PV-13: whom the profile's ``elected_relatives_avoidance`` keeps apart once elected
AVOIDED_KINDS = {"none": frozenset(), "core": frozenset({"配偶", "父母", "子女", "兄弟姐妹"}),
                 "lineal": frozenset({"配偶", "父母", "子女", "祖父母", "孙子女", "外祖父母", "外孙子女"})}


def earlier_facts(scope: ElectionScope, round_id: int) -> dict:
    """What the count needs beyond the round's numbers: the close relatives among its candidates
    (PV-13) and, for a 另行选举, what earlier official rounds elected (PV-12)."""
    facts = relatives_facts(scope, round_id)
    row = scope.session.get(CountRound, round_id)
    if row is None or row.kind != "runoff":
        return facts
    before = [p for p in elected_list(scope) if p.round_number < row.number]
    return facts | {"elected_before": len(before), "chair_elected": any(p.office == "主任" for p in before)}


def relatives_facts(scope: ElectionScope, round_id: int) -> dict:
    """The round's candidates who are close relatives of the kinds the profile keeps apart
    (PV-13), recorded or implied by the township's relatives records."""
    kinds = AVOIDED_KINDS.get(scope.profile.get("elected_relatives_avoidance"), frozenset())
    if not kinds:
        return {}
    people = {p.identity.removeprefix("id:"): p for c in round_view(scope, round_id).contests
              for p in c.candidates if p.identity.startswith("id:")}  # those the roll identifies
    pairs = relatives.pairs_among(scope.session, scope.township.id, [(p.name, n) for n, p in people.items()])
    found = tuple((people[pair.id_number_a].identity, people[pair.id_number_b].identity, pair.describe())
                  for pair in pairs if pair.kind in kinds)
    return {"relatives": found} if found else {}


def round_tally(scope: ElectionScope, round_id: int) -> Tally:
    """Who the agreed count of the round elects, by the profile (unofficial until confirmed)."""
    return totals.decide(scope, round_id, **earlier_facts(scope, round_id))


def confirm_results(scope: ElectionScope, round_id: int, by: str, on: date) -> official.Confirmed:
    """The chief supervisor confirms the round on ``on`` (not before the election day, not after
    today); a valid result starts the handover period (VC-26), a void one sets up the re-vote."""
    day = vote.election_day(scope)
    if day is not None and on < day:
        raise InvalidInput({"on": msg("确认结果的日期{on}早于选举日{day}，不能确认（VC-26）",
                                      on=format_date(on), day=format_date(day))})
    if on > scope.today:
        raise InvalidInput({"on": msg("确认结果的日期不能晚于今天")})
    confirmed = official.confirm(scope, round_id, by, **earlier_facts(scope, round_id))
    if confirmed.tally.valid:
        scope.record_fact(RESULTS_FACT, on, f"{by.strip()}确认村委会选举计票结果")
    return confirmed


def revert_results(scope: ElectionScope, round_id: int, by: str, reason: str) -> None:
    """Take back a confirmation; the handover date falls back to an earlier official round's."""
    official.revert(scope, round_id, by, reason)
    scope.clear_fact(notice_fact(round_id))  # the notice must be posted again, as a correction
    if not any(r.official and not r.void for r in vote.villager_rounds(scope)):
        scope.clear_fact(RESULTS_FACT)


def revert_reason(scope: ElectionScope, round_id: int) -> str:
    """Why the round's confirmation was last taken back ('' if never)."""
    row = scope.session.get(CountRound, round_id)
    return row.revert_reason if row is not None else ""


def confirmation(scope: ElectionScope, round_id: int) -> tuple[str, str]:
    """(who, when) of the round's confirmation, or empty strings."""
    row = scope.session.get(CountRound, round_id)
    if row is None or row.official_at is None:
        return "", ""
    when = row.official_at if row.official_at.tzinfo else row.official_at.replace(tzinfo=UTC)
    return row.official_by or "", when.astimezone().strftime("%Y-%m-%d %H:%M")  # the clerk's local time


# --- the elected across rounds -----------------------------------------------------------------

@dataclass(frozen=True)
class ElectedPerson:
    """One winner: the office held (妇女委员 sits as 委员), the round, the votes."""

    office: str
    seat: str  # as the count named it: 主任 / 副主任 / 委员 / 妇女委员
    name: str
    votes: int
    female: bool
    write_in: bool
    round_number: int
    round_label: str
    held_on: date
    source_id: int | None


def _decided_rounds(scope: ElectionScope) -> list[RoundRow]:
    return [r for r in vote.villager_rounds(scope) if r.official and not r.void]


def elected_list(scope: ElectionScope) -> list[ElectedPerson]:
    """Everyone elected by the confirmed rounds, by office then round then votes."""
    people: list[ElectedPerson] = []
    for row in _decided_rounds(scope):
        view = round_view(scope, row.id)
        tally = totals.decide(scope, row.id, **_facts_before(scope, people, row))
        people += _winners(view, row, tally)
    return sorted(people, key=lambda p: (OFFICE_ORDER.index(p.office), p.round_number, -p.votes))


def _facts_before(scope: ElectionScope, people: list[ElectedPerson], row: RoundRow) -> dict:
    facts = relatives_facts(scope, row.id)
    if row.kind != "runoff":
        return facts
    return facts | {"elected_before": len(people), "chair_elected": any(p.office == "主任" for p in people)}


def _winners(view: RoundView, row: RoundRow, tally: Tally) -> list[ElectedPerson]:
    if not tally.valid:
        return []
    found = []
    for outcome in tally.outcomes:
        listed = _listed(view, outcome)
        for index in outcome.elected:
            person, counted = listed[index], outcome.candidates[index]
            office = "委员" if outcome.office == WOMEN_SEAT else outcome.office
            found.append(ElectedPerson(office, outcome.office, person.name, counted.votes, person.female,
                                       person.write_in, row.number, row.label, row.held_on, None))
    return found


def _listed(view: RoundView, outcome: ContestOutcome):
    contest = next((c for c in view.contests if c.office == outcome.office), None)
    contest = contest or next(c for c in view.contests if c.office == "委员")
    return contest.candidates


def open_seats(scope: ElectionScope) -> list[tuple[str, int]]:
    """Seats the latest confirmed round still leaves open: (office, seats)."""
    decided = _decided_rounds(scope)
    if not decided:
        return []
    tally = round_tally(scope, decided[-1].id)
    return [(o.office, o.unfilled) for o in tally.outcomes if o.unfilled]


# --- the paper ---------------------------------------------------------------------------------

def _body(scope: ElectionScope) -> str:
    return f"{scope.village.name}{scope.election.term_label}村民委员会"


def notice_spec(scope: ElectionScope, round_id: int, on: date) -> VcResultsNoticeSpec:
    """The 选举结果公告 of a round (write-in winners by votes only, SD-26; 更正 after a revert)."""
    view = round_view(scope, round_id)
    facts = totals.round_facts(scope, round_id)
    tally = round_tally(scope, round_id)
    counted = totals.round_totals(scope, round_id).totals
    offices = _offices(view, tally)
    reason = revert_reason(scope, round_id)
    runoff = [_plan_sentence(p) for p in vote.runoff_plan(scope, round_id, tally)] if tally.valid else []
    returned = facts.returned or 0
    return VcResultsNoticeSpec(
        title=f"{_body(scope)}选举结果公告", number="",
        intro=f"{format_date(view.held_on)}，{scope.village.name}召开选举大会，采取无记名投票方式选举"
              f"{_body(scope)}成员。" if view.kind == "first" else
              f"{format_date(view.held_on)}，{scope.village.name}" + (
                  f"就{_body(scope)}选举中票数相等的候选人再次投票。" if all(c.tie_revote for c in view.contests)
                  else f"对{_body(scope)}不足的名额另行选举。"),
        body=_body(scope), registered=view.registered or 0, voters=facts.voters or 0, issued=facts.issued or 0,
        returned=returned, valid_ballots=returned - counted.void, invalid_ballots=counted.void, offices=offices,
        proxy_voters=len(vote.proxy_map(scope)), valid=tally.valid,
        validity_text="" if tally.valid else "；".join(str(r) for r in tally.reasons if "无效" in str(r)),
        runoff=runoff, correction=bool(reason), correction_text=f"原公告撤销确认的理由：{reason}" if reason else "",
        issuer=election_committee_name(scope.village.name), date_text=format_date(on))


def _offices(view: RoundView, tally: Tally) -> list[OfficeResult]:
    """One table per office on the ballot; a women's seat set aside from the 委员 in this round
    (GC-18) is told under 委员, not printed as an office nobody voted for."""
    on_ballot = {c.office for c in view.contests}
    aside = [o for o in tally.outcomes if o.office not in on_ballot]
    offices = []
    for outcome in tally.outcomes:
        if outcome in aside:
            continue
        result = _office_result(view, outcome)
        if outcome.office == "委员" and aside:
            seats = sum(o.seats for o in aside)
            note = f"其中{seats}个名额单列为妇女委员，在另行选举中专门选举妇女成员。"
            result = OfficeResult(result.office, result.seats + seats, result.lines,
                                  result.unfilled + sum(o.unfilled for o in aside), (result.note + note).strip())
        offices.append(result)
    return offices


def _office_result(view: RoundView, outcome: ContestOutcome) -> OfficeResult:
    listed = _listed(view, outcome)
    elected = set(outcome.elected)
    order = sorted(range(len(outcome.candidates)), key=lambda i: (-outcome.candidates[i].votes, i))
    lines = [ResultLine(outcome.candidates[i].name, outcome.candidates[i].votes, i in elected, listed[i].write_in)
             for i in order if outcome.candidates[i].votes or not listed[i].write_in]
    note = ""
    if outcome.tie_revote_among:
        note = f"{'、'.join(outcome.names(outcome.tie_revote_among))}得票相等，须就{outcome.tie_seats}个名额重新投票。"
    return OfficeResult(outcome.office, outcome.seats, lines, outcome.unfilled, note)


def _plan_sentence(part: vote.RunoffContest) -> str:
    names = "、".join(c.name for c in part.candidates)
    if part.why == "tie":
        return f"{part.office}{part.seats}名由得票相等的{names}重新投票产生。"
    return f"{part.office}不足{part.seats}名，另行选举，候选人为{names}。"


def notice_fact(round_id: int) -> str:
    """The milestone fact of the day a round's results notice was posted."""
    return f"{NOTICE_FACT}:{round_id}"


def notice_deadline(scope: ElectionScope, round_id: int) -> date:
    """The last day the elected may be published after the vote (PV-15: 0 = on the spot)."""
    return round_view(scope, round_id).held_on + timedelta(days=scope.profile.get("elected_list_days"))


def notice_posted(scope: ElectionScope, round_id: int) -> date | None:
    return scope.facts.get(notice_fact(round_id))


def issue_notice(scope: ElectionScope, round_id: int, on: date) -> Document:
    """Number and archive the results notice of a confirmed round, dated ``on`` (not before the
    vote, not after today), and record the posting — late by the profile's days (PV-15) is
    recorded as such."""
    row = scope.session.get(CountRound, round_id)
    if row is None or row.official_at is None:
        raise InvalidInput({"general": msg("本轮计票结果尚未经总监票人确认，不能公布")})
    if on < row.held_on or on > scope.today:
        raise InvalidInput({"on": msg("公告日期{on}应在投票日{held}至今天之间", on=format_date(on),
                                      held=format_date(row.held_on))})
    document = documents.issue(scope.session, "vc_results_notice", notice_spec(scope, round_id, on),
                               documents.Placement.of_election(scope.session, scope.election), scope.notice_number())
    late = (on - notice_deadline(scope, round_id)).days
    label = f"第{row.number}轮{KIND_LABELS.get(row.kind, '')}"
    scope.record_fact(notice_fact(round_id), on, f"{label}选举结果公告张贴"
                      + (f"（晚于法定最迟日期{late}日）" if late > 0 else ""))
    return document


def count_report_spec(scope: ElectionScope, round_id: int) -> CountReportSpec:
    """The 计票结果报告单: each box's agreed count, then the total."""
    view = round_view(scope, round_id)
    tally = round_tally(scope, round_id)
    sheets = []
    for box in view.boxes:
        figures = totals.box_totals(scope, box.id, view) or EntryTotals()
        sheets.append(_sheet(view, box.name, figures, box.voters or 0, box.ballots_issued or 0, None))
    summed = totals.round_totals(scope, round_id).totals
    facts = totals.round_facts(scope, round_id)
    sheets.append(_sheet(view, "合计", summed, facts.voters or 0, facts.issued or 0, tally, total=True))
    validity = "；".join(str(r) for r in tally.reasons[:1])
    return CountReportSpec(title=f"{_body(scope)}选举计票结果报告单", election_date_text=format_date(view.held_on),
                           registered=view.registered or 0, sheets=sheets, validity_text=validity)


def _sheet(view: RoundView, label: str, figures: EntryTotals, voters: int, issued: int, tally: Tally | None,
           total: bool = False) -> CountSheet:
    offices = []
    for contest in view.contests:
        counted = figures.contest(contest.id)
        outcome = next((o for o in tally.outcomes if o.office == contest.office), None) if tally else None
        winners = {outcome.candidates[i].identity for i in outcome.elected} if outcome else set()
        lines = [CountLine(p.name, counted.votes.get(p.id, 0), p.write_in,
                           "当选" if p.identity in winners else "") for p in contest.candidates]
        offices.append(OfficeCount(contest.office, contest.seats, lines, counted.blank, counted.invalid))
    return CountSheet(label, voters, issued, figures.ballots, figures.ballots - figures.void, figures.void,
                      offices, total)


def issue_count_report(scope: ElectionScope, round_id: int) -> Document:
    return documents.issue(scope.session, "count_report", count_report_spec(scope, round_id),
                           documents.Placement.of_election(scope.session, scope.election))


def certificate_specs(scope: ElectionScope, on: date) -> list[CertificateSpec]:
    """A 当选证书 for each winner of the confirmed rounds (never a free-typed name)."""
    township = scope.township
    county = township.county or ""
    issuers = [f"{county}民政局" if county else "县民政局", f"{township.name}人民政府"]
    result = []
    for number, person in enumerate(elected_list(scope), start=1):
        body = (f"经{format_date(person.held_on)}{township.name}{scope.village.name}村民依法直接选举，"
                f"当选为{_body(scope)}{person.office}。")
        result.append(CertificateSpec(f"{person.name}当选证书", f"{county[:2]}民选证字第{number}号", person.name,
                                      body, issuers, format_date(on)))
    return result


def issue_certificates(scope: ElectionScope, on: date) -> list[Document]:
    specs = certificate_specs(scope, on)
    if not specs:
        raise InvalidInput({"general": msg("还没有经确认的当选人")})
    placement = documents.Placement.of_election(scope.session, scope.election)
    return [documents.issue(scope.session, "certificate", spec, placement) for spec in specs]


def workbook_spec(scope: ElectionScope) -> ResultsWorkbookSpec:
    """The results workbook for 备案 (GC-17): the facts of each round, every vote, the elected."""
    facts: list[Fact] = []
    rows: list[VoteRow] = []
    for row in _decided_rounds(scope):
        view = round_view(scope, row.id)
        figures = totals.round_facts(scope, row.id)
        facts += [Fact(f"{row.label}·登记选民数", view.registered or 0),
                  Fact(f"{row.label}·参加投票人数", figures.voters or 0),
                  Fact(f"{row.label}·收回选票数", figures.returned or 0)]
        tally = totals.decide(scope, row.id, **earlier_facts(scope, row.id))
        for outcome in tally.outcomes:
            listed = _listed(view, outcome)
            for index, person in enumerate(outcome.candidates):
                rows.append(VoteRow(outcome.office, outcome.seats, person.name, person.votes, listed[index].write_in,
                                    "当选" if index in outcome.elected else ""))
    elected = [ElectedRow(p.office, p.name, "女" if p.female else "男", votes=p.votes,
                          note="妇女委员" if p.seat == WOMEN_SEAT else p.round_label) for p in elected_list(scope)]
    return ResultsWorkbookSpec(f"{_body(scope)}选举结果（报乡镇备案）", facts, rows, elected)


def workbook_bytes(scope: ElectionScope) -> bytes:
    return results_workbook(workbook_spec(scope))



# --- a count as the record shows it (the demo, tests) -----------------------------------------

def count_as_recorded(scope: ElectionScope, day: date, turnout_percent: int = 80,
                      operators: tuple[str, str] = ("计票员甲", "计票员乙"), chief: str = "总监票人") -> Tally:
    """Hold the first round on the record in one go: ballots returned in the first box by
    ``turnout_percent`` of the roll, every valid ballot for the first candidates of each office
    (a woman first among the 委员, VC-02), both tally-sheet passes equal, the boxes and the
    result confirmed on ``day``. For the demo and tests; the clerk does all this by hand."""
    from workflows.count import double_entry, entry, rounds
    from workflows.count.rounds import BoxFigures

    row = vote.current_round(scope)
    round_id = row.id if row else vote.set_up_first_round(scope, day)
    view = round_view(scope, round_id)
    voters = (view.registered or 0) * turnout_percent // 100
    for index, box in enumerate(view.boxes):
        ballots = voters if index == 0 else 0
        rounds.set_box_figures(scope, box.id, BoxFigures(ballots, ballots, ballots))
        sheet = entry.SheetInput(ballots, 0, {c.id: _unanimous(c, ballots) for c in view.contests})
        for operator in operators:
            entry_id = double_entry.start_entry(scope, box.id, operator, "sheet")
            entry.save_sheet(scope, entry_id, sheet)
            double_entry.submit_entry(scope, entry_id)
        official.confirm_box(scope, box.id, chief)
    return confirm_results(scope, round_id, chief, day).tally


def _unanimous(contest, ballots: int):
    from workflows.count import entry

    people = sorted(contest.candidates, key=lambda p: not p.female) if contest.office == "委员" else contest.candidates
    chosen = {p.id for p in list(people)[:contest.seats]}
    votes = {p.id: ballots if p.id in chosen else 0 for p in contest.candidates}
    return entry.ContestSheet(votes, ballots * (contest.seats - len(chosen)), 0)
