"""The villager vote (vc.vote; issue 12 items 1, 2, 4): the rounds of the count set up from the
villager track's own data, which the count layer never reads itself.

- :func:`set_up_first_round` — the first round from the formal list (SD-24): one contest per
  office with its seats, the candidates in the list's order with the female flag and the
  ``vc_candidate`` reference; one ballot box per place of voting and per mobile box (GC-16);
  the roll's count as 登记选民数 (VC-15).
- :func:`ballot_quantity` / :func:`issue_ballots` — ballots for the roll plus a spare share
  (the profile's ``vc_ballot_spare_percent`` where a preset has it, else
  :data:`BALLOT_SPARE_PERCENT`, a township's choice); no number or mark on them (PT-12).
- :func:`vote_roll` — the roll for check-in with the valid proxies (VC-19, GC-11).
- :func:`runoff_plan` / :func:`set_up_runoff` — the 另行选举 (VC-17) of the seats a round left
  short, with the separate women's seat (GC-18) and a re-vote among the tied (PV-10).

What the rounds decided, confirmed and combined is in :mod:`workflows.villager.results`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from models import CountBox, CountCandidate, Document, VcCandidate, VcProxy
from printing.documents.vc_ballot import BallotOffice, VcBallotSpec
from workflows.core import documents
from workflows.core.errors import InvalidInput
from workflows.core.paper import election_committee_name
from workflows.core.policy_catalog import BY_KEY
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.count import checkin, rounds
from workflows.count.results import WOMEN_SEAT, Tally
from workflows.count.rounds import BoxInput, CandidateInput, ContestInput, RoundInput, RoundRow
from workflows.villager import formal, nomination, polling, proxies
from workflows.villager.offices import OFFICE_LABELS

TRACK = "villager"
SPARE_KEY = "vc_ballot_spare_percent"
# A township's choice while no preset carries SPARE_KEY: 5 % spare ballots (spoilt ballots are
# exchanged at the booth), rounded up, at least one.
BALLOT_SPARE_PERCENT = 5


# --- rounds of this election -------------------------------------------------------------------

def villager_rounds(scope: ElectionScope) -> list[RoundRow]:
    """The villager rounds, oldest first."""
    return rounds.rounds(scope, TRACK)


def current_round(scope: ElectionScope) -> RoundRow | None:
    """The latest round that is not void (the one being counted or just decided)."""
    live = [r for r in villager_rounds(scope) if not r.void]
    return live[-1] if live else None


def election_day(scope: ElectionScope) -> date | None:
    return scope.election.committee_election_day


# --- the first round ---------------------------------------------------------------------------

def first_round_input(scope: ElectionScope, held_on: date | None = None) -> RoundInput:
    """The first round as the formal list and the voting arrangements make it."""
    day = held_on or election_day(scope)
    if day is None:
        raise InvalidInput({"held_on": msg("尚未设定村委会选举日")})
    offices = formal.formal_list(scope)
    numbers = _id_numbers(scope, [e.candidate_id for o in offices for e in o.entries])
    # the ID number makes a candidate the same person as a write-in found on the roll (VC-16, PV-13)
    contests = tuple(ContestInput(str(OFFICE_LABELS[o.office]), o.seats, tuple(
        CandidateInput(e.name, e.sex == "女", numbers.get(e.candidate_id, ""), "vc_candidate", e.candidate_id)
        for e in o.entries)) for o in offices)
    if not any(c.candidates for c in contests):
        raise InvalidInput({"general": msg("还没有正式候选人，不能设置投票（SD-24）")})
    return RoundInput(TRACK, "first", day, contests, box_inputs(scope),
                      registered=nomination.registered_count(scope))


def _id_numbers(scope: ElectionScope, candidate_ids: list[int]) -> dict[int, str]:
    rows = scope.session.execute(select(VcCandidate.id, VcCandidate.id_number).where(VcCandidate.id.in_(candidate_ids)))
    return {ident: number for ident, number in rows}


def box_inputs(scope: ElectionScope) -> tuple[BoxInput, ...]:
    """One box per place of voting (the main venue first) and per mobile box (GC-16)."""
    boxes = [BoxInput(s.name, "main" if s.main else "station", station_id=s.id) for s in polling.stations(scope)]
    boxes += [BoxInput(b.name, "mobile", mobile_box_id=b.id) for b in polling.boxes(scope)]
    return tuple(boxes) or (BoxInput("选举大会会场票箱", "main"),)


def set_up_first_round(scope: ElectionScope, held_on: date | None = None) -> int:
    """Open the first round; refused while a villager round already exists."""
    if villager_rounds(scope):
        raise InvalidInput({"general": msg("本次选举的投票已经设置")})
    return rounds.open_round(scope, first_round_input(scope, held_on))


# --- ballots -----------------------------------------------------------------------------------

def spare_percent(scope: ElectionScope) -> int:
    """The spare share of ballots in percent: the profile's where it has the key."""
    return int(scope.profile.get(SPARE_KEY)) if SPARE_KEY in BY_KEY else BALLOT_SPARE_PERCENT


def ballot_quantity(scope: ElectionScope) -> int:
    """Registered voters (proxies' principals among them) plus the spare share, rounded up."""
    registered = nomination.registered_count(scope)
    spare = -(-registered * spare_percent(scope) // 100)
    return registered + max(spare, 1 if registered else 0)


def ballot_spec(scope: ElectionScope, round_id: int, copies: int) -> VcBallotSpec:
    """The ballot of a round: its offices, seats and candidates in list order, nothing else."""
    view = rounds.round_view(scope, round_id)
    offices = [BallotOffice(c.office, c.seats, [p.name for p in c.candidates if not p.write_in],
                            write_ins=0 if c.tie_revote else None,  # PV-10: only among the tied
                            note="只能选妇女" if c.office == WOMEN_SEAT else
                            "就票数相等的候选人再次投票" if c.tie_revote else "") for c in view.contests]
    kind = {"runoff": "另行选举", "revote": "选举重新投票"}.get(view.kind, "选举")  # “另行选举选票”, not “另行选举选举”
    if view.kind == "runoff" and all(c.tie_revote for c in view.contests):
        kind = "再次投票"  # PV-10 only: no seat of this round is a 另行选举
    title = f"{scope.village.name}{scope.election.term_label}村民委员会{kind}选票"
    order = "候选人按姓氏笔画为序" if formal.order(scope) == "stroke" else "候选人按提名得票多少为序"
    return VcBallotSpec(title=title, date_text=format_date(view.held_on), offices=offices,
                        issuer=election_committee_name(scope.village.name), order_note=order, copies=copies)


def issue_ballots(scope: ElectionScope, round_id: int, copies: int | None = None) -> Document:
    """Archive the ballots of a round to print (quantity tied to the roll unless given)."""
    copies = ballot_quantity(scope) if copies is None else copies
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 100_000:
        raise InvalidInput({"copies": msg("份数应在1至100000之间")})
    return documents.issue(scope.session, "vc_ballot", ballot_spec(scope, round_id, copies),
                           documents.Placement.of_election(scope.session, scope.election))


# --- check-in ----------------------------------------------------------------------------------

def proxy_map(scope: ElectionScope) -> dict[int, int]:
    """Valid authorisations as principal voter id → proxy voter id (VC-19, GC-11)."""
    valid = {line.id for line in proxies.lines(scope) if line.valid}
    if not valid:
        return {}
    rows = scope.session.execute(select(VcProxy.principal_id, VcProxy.proxy_id).where(VcProxy.id.in_(valid)))
    return {principal: proxy for principal, proxy in rows}


def vote_roll(scope: ElectionScope) -> checkin.Roll:
    """The roll in memory for a fast check-in, proxies marked."""
    return checkin.load_roll(scope, proxy_map(scope))


# --- the 另行选举 (VC-17, GC-18) and re-votes among the tied (PV-10) -----------------------------

@dataclass(frozen=True)
class RunoffContest:
    """One contest of the next round: why it is held and whom it lists."""

    office: str
    seats: int
    candidates: tuple[CandidateInput, ...]
    why: str  # runoff | tie
    women_seat: bool = False


def runoff_plan(scope: ElectionScope, round_id: int, tally: Tally) -> list[RunoffContest]:
    """What the next round elects after ``tally``: the 另行选举 of short seats among the
    runoff candidates, the women's seat among women, and re-votes among the tied."""
    view = rounds.round_view(scope, round_id)
    by_office = {c.office: c for c in view.contests}
    plan: list[RunoffContest] = []
    for outcome in tally.outcomes:
        listed = by_office.get(outcome.office) or by_office.get("委员")
        if listed is None:
            continue
        people = [p.id for p in listed.candidates]
        women = outcome.office == WOMEN_SEAT
        if outcome.tie_revote_among:
            plan.append(RunoffContest(outcome.office, outcome.tie_seats, tuple(
                _again(scope, people[i]) for i in outcome.tie_revote_among), "tie", women))
        short = outcome.unfilled - outcome.tie_seats
        if short > 0 and outcome.runoff_candidates:
            plan.append(RunoffContest(outcome.office, short, tuple(
                _again(scope, people[i]) for i in outcome.runoff_candidates), "runoff", women))
    return plan


def _again(scope: ElectionScope, candidate_id: int) -> CandidateInput:
    person = scope.session.get(CountCandidate, candidate_id)
    return CandidateInput(person.name, person.female, person.id_number, person.source, person.source_id)


def runoff_deadline(scope: ElectionScope) -> date | None:
    """The last day of a 另行选举: the election day plus the profile's days (PV-11); None where
    the profile sets no limit (0) or no election day is set."""
    days, day = scope.profile.days("runoff_days"), election_day(scope)
    return day + timedelta(days=days) if days and day is not None else None


def set_up_runoff(scope: ElectionScope, round_id: int, tally: Tally, held_on: date) -> int:
    """Open the next round for what ``tally`` (of an official round) left open."""
    row = next((r for r in villager_rounds(scope) if r.id == round_id), None)
    if row is None or not row.official or row.void:
        raise InvalidInput({"general": msg("须先由总监票人确认本轮计票结果，才能安排另行选举")})
    if any(r.number > row.number for r in villager_rounds(scope)):
        raise InvalidInput({"general": msg("下一轮投票已经设置")})
    day = election_day(scope)
    if day is not None and held_on < day:
        raise InvalidInput({"held_on": msg("另行选举日期不能早于选举日{day}", day=format_date(day))})
    latest = runoff_deadline(scope)
    if latest is not None and held_on > latest:
        raise InvalidInput({"held_on": msg("另行选举应在投票当日或者{n}日内进行，最迟{day}（PV-11）",
                                           n=scope.profile.days("runoff_days"), day=format_date(latest))})
    plan = runoff_plan(scope, round_id, tally)
    if not plan:
        raise InvalidInput({"general": msg("本轮没有须另行选举或重新投票的职位")})
    merged: dict[str, RunoffContest] = {}
    for part in plan:  # one office once on a ballot: a tie and a short seat of one office together
        if part.office in merged:
            old = merged[part.office]
            names = {(c.name, c.source_id) for c in old.candidates}
            extra = tuple(c for c in part.candidates if (c.name, c.source_id) not in names)
            merged[part.office] = RunoffContest(part.office, old.seats + part.seats, old.candidates + extra,
                                                "runoff", old.women_seat)
        else:
            merged[part.office] = part
    view = rounds.round_view(scope, round_id)
    contests = tuple(ContestInput(c.office, c.seats, c.candidates, c.women_seat, c.why == "tie")
                     for c in merged.values())
    links = dict((ident, (station, mobile)) for ident, station, mobile in scope.session.execute(
        select(CountBox.id, CountBox.station_id, CountBox.mobile_box_id).where(CountBox.round_id == round_id)))
    boxes = tuple(BoxInput(b.name, b.kind, *links[b.id]) for b in view.boxes)
    return rounds.open_round(scope, RoundInput(TRACK, "runoff", held_on, contests, boxes,
                                               registered=nomination.registered_count(scope)))


def check_in_voter(scope: ElectionScope, box_id: int, voter_id: int, roll: checkin.Roll,
                   proxy_voter_id: int | None = None) -> int:
    """Check a voter off at a box: their own ballot, or a principal's collected by the proxy."""
    return checkin.check_in(scope, box_id, voter_id, roll, proxy_voter_id)


