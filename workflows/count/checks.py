"""Coded checks of the count (issue 12 item 6, after Abacus' F.201): each message has a code,
names the fields that disagree and the rule, and is cleared one of two ways — the clerk corrects
the entry (the message goes away), or records that the paper itself says so
(:func:`paper_says_so`); the paper is never "corrected".

Codes:

- F.101 收回选票数 > 投票人数 (GC-15, PT-11: decides where the profile says so — the round is void)
- F.102 收回选票数 > 发出选票数 (GC-15, PT-11)
- F.103 领票登记人数 ≠ 投票人数 (check-ins against the box record)
- F.104 投票人数 or 收回选票数 of a box not recorded yet
- F.201 per office: votes + 弃权 ≠ valid ballots × seats (villager ballots: every seat is a
  vote or a blank); Party ballots: votes + 弃权 > valid ballots × seats
- F.202 per office: ballots invalid for it > ballots returned − void ballots
- F.203 a candidate's votes > the ballots valid for the office
- F.204 void ballots > ballots returned
- F.301 ballots entered (or the sheet's 收回选票数) ≠ the box's 收回选票数
- F.401 投票人数 (all boxes) > 登记选民数; F.402 实到会 > 应到会
- F.403 a box has no agreed entry yet (double entry, issue 12 item 7)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models import CountBox, CountCheckin, CountDecision, CountEntry, CountRound
from models.base import utcnow
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, msg
from workflows.count.double_entry import agreed_entry
from workflows.count.entry import entry_totals
from workflows.count.rounds import BoxView, RoundView, own, round_view
from workflows.count.tallies import EntryTotals


@dataclass(frozen=True)
class Check:
    """One coded message; ``cleared`` when a decision says the paper shows exactly this."""

    code: str
    text: Msg
    fields: tuple[str, ...]
    box_id: int | None = None
    entry_id: int | None = None
    cleared: bool = False

    @property
    def field_key(self) -> str:
        return "、".join(self.fields)


def check_entry(scope: ElectionScope, entry_id: int, view: RoundView | None = None) -> list[Check]:
    """The checks of one entry against itself and its box's record (its own operator may see)."""
    entry = own(scope, CountEntry, entry_id, "找不到这份录入")
    box = scope.session.get(CountBox, entry.box_id)
    view = view or round_view(scope, box.round_id)
    totals = entry_totals(scope, entry.id, view)
    found = _figures(view, totals, box.id, entry.id)
    if box.ballots_returned is not None and totals.ballots != box.ballots_returned:
        what = "录入选票张数" if entry.mode == "ballots" else "计票单收回选票数"
        found.append(Check("F.301", msg("{box}：{what}{count}张，与票箱记录的收回选票数{returned}张不符。",
                                        box=box.name, what=what, count=totals.ballots,
                                        returned=box.ballots_returned),
                           (what, "收回选票数"), box.id, entry.id))
    return _cleared(scope, box.round_id, found)


def check_box(scope: ElectionScope, box_id: int, view: RoundView | None = None) -> list[Check]:
    """The box's record (issued, voters, returned, check-ins) and its agreed entry."""
    row = own(scope, CountBox, box_id, "找不到这个票箱")
    view = view or round_view(scope, row.round_id)
    box = next(b for b in view.boxes if b.id == row.id)
    found = _box_record(scope, view, box)
    entry_id = agreed_entry(scope, box.id)
    if entry_id is not None:
        found += check_entry(scope, entry_id, view)
    return _cleared(scope, view.id, found)


def check_round(scope: ElectionScope, round_id: int) -> list[Check]:
    """Every box, then the round as a whole."""
    view = round_view(scope, round_id)
    found: list[Check] = []
    for box in view.boxes:
        found += check_box(scope, box.id, view)
        if agreed_entry(scope, box.id) is None:
            found.append(Check("F.403", msg("{box}还没有核对一致的计票录入（两遍录入）。", box=box.name),
                               ("计票录入",), box.id))
    voters = [b.voters for b in view.boxes]
    if view.registered is not None and None not in voters and sum(voters) > view.registered:
        found.append(Check("F.401", msg("各票箱投票人数合计{voters}人，多于登记选民数{registered}人。",
                                        voters=sum(voters), registered=view.registered),
                           ("投票人数", "登记选民数")))
    if view.expected is not None and view.attended is not None and view.attended > view.expected:
        found.append(Check("F.402", msg("实到会{attended}人，多于应到会{expected}人。", attended=view.attended,
                                        expected=view.expected), ("实到会人数", "应到会人数")))
    return _cleared(scope, view.id, found)


def open_checks(checks: list[Check]) -> list[Check]:
    """The messages still to be dealt with."""
    return [c for c in checks if not c.cleared]


def paper_says_so(scope: ElectionScope, round_id: int, check: Check, by: str, note: str) -> int:
    """Record that the paper itself shows what was entered (the check stays in the record,
    cleared); the note says what the scrutineers saw."""
    if not by.strip():
        raise InvalidInput({"by": msg("请填写处理人姓名")})
    if not note.strip():
        raise InvalidInput({"note": msg("请写明核对原始票据的情况")})
    return _decide(scope, round_id, check, "paper_says_so", by, note)


def corrected(scope: ElectionScope, round_id: int, check: Check, by: str, note: str = "") -> int:
    """Note that the entry was corrected against the paper (for the record; the check clears
    itself once the figures agree)."""
    return _decide(scope, round_id, check, "corrected", by, note)


def _decide(scope: ElectionScope, round_id: int, check: Check, resolution: str, by: str, note: str) -> int:
    own(scope, CountRound, round_id, "找不到这一轮投票")
    row = CountDecision(election_id=scope.election.id, round_id=round_id, box_id=check.box_id,
                        entry_id=check.entry_id, code=check.code, field=check.field_key[:60],
                        resolution=resolution, decided_by=by.strip(), decided_at=utcnow(), note=note.strip())
    scope.session.add(row)
    scope.session.flush()
    return row.id


def _cleared(scope: ElectionScope, round_id: int, found: list[Check]) -> list[Check]:
    said = {(d.code, d.box_id, d.entry_id, d.field) for d in scope.session.scalars(select(CountDecision).where(
        CountDecision.round_id == round_id, CountDecision.resolution == "paper_says_so"))}
    return [Check(c.code, c.text, c.fields, c.box_id, c.entry_id,
                  c.cleared or (c.code, c.box_id, c.entry_id, c.field_key[:60]) in said) for c in found]


def _box_record(scope: ElectionScope, view: RoundView, box: BoxView) -> list[Check]:
    found: list[Check] = []
    returned, voters, issued = box.ballots_returned, box.voters, box.ballots_issued
    rule = "PT-11" if view.track == "party" else "GC-15"
    if returned is not None and voters is not None and returned > voters:
        found.append(Check("F.101", msg("{box}：收回选票{returned}张，多于投票人数{voters}人（{rule}）。",
                                        box=box.name, returned=returned, voters=voters, rule=rule),
                           ("收回选票数", "投票人数"), box.id))
    if returned is not None and issued is not None and returned > issued:
        found.append(Check("F.102", msg("{box}：收回选票{returned}张，多于发出选票{issued}张（{rule}）。",
                                        box=box.name, returned=returned, issued=issued, rule=rule),
                           ("收回选票数", "发出选票数"), box.id))
    if returned is None or voters is None:
        found.append(Check("F.104", msg("{box}：请填写投票人数和收回选票数。", box=box.name),
                           ("投票人数", "收回选票数"), box.id))
    checked = scope.session.scalar(select(func.count()).select_from(CountCheckin).where(
        CountCheckin.box_id == box.id)) or 0
    if checked and voters is not None and checked != voters:
        found.append(Check("F.103", msg("{box}：领票登记{checked}人，与投票人数{voters}人不符。",
                                        box=box.name, checked=checked, voters=voters),
                           ("领票登记人数", "投票人数"), box.id))
    return found


def _figures(view: RoundView, totals: EntryTotals, box_id: int, entry_id: int) -> list[Check]:
    found: list[Check] = []
    if totals.void > totals.ballots:
        found.append(Check("F.204", msg("整张无效的选票{void}张，多于收回选票{ballots}张。", void=totals.void,
                                        ballots=totals.ballots), ("整张无效", "收回选票"), box_id, entry_id))
    for contest in view.contests:
        figures = totals.contest(contest.id)
        found += _contest_figures(view, contest, figures, totals, box_id, entry_id)
    return found


def _contest_figures(view, contest, figures, totals, box_id, entry_id) -> list[Check]:
    found: list[Check] = []
    office = contest.office
    votes = sum(figures.votes.values())
    slots = figures.valid * contest.seats
    marked = votes + figures.blank
    wrong = marked > slots if view.track == "party" else marked != slots
    if wrong:
        relation = "不大于" if view.track == "party" else "等于"
        found.append(Check("F.201", msg("{office}：得票合计{votes}加弃权{blank}为{marked}，应{relation}有效票{valid}张"
                                        "×应选{seats}名＝{slots}。", office=office, votes=votes,
                                        blank=figures.blank, marked=marked, relation=relation, valid=figures.valid,
                                        seats=contest.seats, slots=slots),
                           (f"{office}·得票合计", f"{office}·弃权", f"{office}·有效票"), box_id, entry_id))
    if figures.invalid > totals.ballots - totals.void:
        found.append(Check("F.202", msg("{office}：该栏无效{invalid}张，多于收回选票减整张无效的{rest}张。",
                                        office=office, invalid=figures.invalid, rest=totals.ballots - totals.void),
                           (f"{office}·该栏无效", "收回选票", "整张无效"), box_id, entry_id))
    people = {p.id: p.name for p in contest.candidates}
    for candidate, count in figures.votes.items():
        if count > figures.valid:
            found.append(Check("F.203", msg("{office}：{name}得{votes}票，多于该栏有效票{valid}张。", office=office,
                                            name=people.get(candidate, ""), votes=count, valid=figures.valid),
                               (f"{office}·{people.get(candidate, '')}", f"{office}·有效票"), box_id, entry_id))
    return found
