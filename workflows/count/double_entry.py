"""Double entry (issue 12 item 7): two clerks enter the same box independently — one after the
other on one laptop, or at once on a server — each under their own operator name.

Blind: an operator is given only their own entry (:func:`my_entry`); nothing of the other pass
is shown until both are submitted. Then :func:`compare` lists the differences field by field,
side by side; equal passes are agreed at once (the first kept), otherwise a supervisor keeps one
(:func:`keep`) or sends the box back for both to enter again (:func:`send_back`). Only agreed
entries count (:mod:`workflows.count.totals`). Who entered and who decided is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from models import CountBox, CountEntry
from models.base import utcnow as now
from models.count import COUNT_ENTRY_MODES
from workflows.core import audit
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import msg
from workflows.count.entry import draft_entry, entry_totals
from workflows.count.rounds import editable_round, own, round_view

LIVE = ("draft", "submitted", "agreed")  # entries of the current attempt at a box


def live_entries(scope: ElectionScope, box_id: int) -> list[CountEntry]:
    """The box's entries of its current attempt, pass 1 first."""
    return list(scope.session.scalars(select(CountEntry).where(
        CountEntry.box_id == box_id, CountEntry.status.in_(LIVE)).order_by(CountEntry.pass_no)))


def start_entry(scope: ElectionScope, box_id: int, operator: str, mode: str = "ballots") -> int:
    """Begin pass 1 or 2 of a box for ``operator``; the second pass needs another operator."""
    box = own(scope, CountBox, box_id, "找不到这个票箱")
    editable_round(scope, box.round_id)
    operator = operator.strip()
    if not operator:
        raise InvalidInput({"operator": msg("请填写录入人姓名")})
    if mode not in COUNT_ENTRY_MODES:
        raise InvalidInput({"mode": msg("录入方式不正确")})
    live = live_entries(scope, box.id)
    if any(e.status == "agreed" for e in live):
        raise InvalidInput({"general": msg("{box}的计票结果已经核对一致，无须再录入", box=box.name)})
    if len(live) >= 2:
        raise InvalidInput({"general": msg("{box}已有两遍录入", box=box.name)})
    if any(e.operator == operator for e in live):
        raise InvalidInput({"operator": msg("第二遍须由另一位录入人录入（双人录入）")})
    if live and live[0].mode != mode:
        raise InvalidInput({"mode": msg("第二遍须与第一遍用同一种录入方式")})
    entry = CountEntry(election_id=scope.election.id, box_id=box.id, operator=operator,
                       pass_no=2 if live else 1, mode=mode, status="draft", started_at=now())
    scope.session.add(entry)
    scope.session.flush()
    return entry.id


def my_entry(scope: ElectionScope, box_id: int, operator: str) -> int | None:
    """The entry ``operator`` is working on in this box (the only one they may see), if any."""
    return next((e.id for e in live_entries(scope, box_id) if e.operator == operator.strip()), None)


def submit_entry(scope: ElectionScope, entry_id: int) -> str:
    """The operator has finished; when both passes are in and equal, the box is agreed.
    Returns the box's state: waiting | agreed | differs."""
    entry = draft_entry(scope, entry_id)
    entry.status, entry.submitted_at = "submitted", now()
    scope.session.flush()
    return box_state(scope, entry.box_id, settle=True)


@dataclass(frozen=True)
class FieldDifference:
    """One figure the two passes disagree on, side by side."""

    field: str
    first: int
    second: int


@dataclass(frozen=True)
class Comparison:
    """The two passes of a box and where they differ (empty when they agree)."""

    first_id: int
    second_id: int
    first_operator: str
    second_operator: str
    differences: tuple[FieldDifference, ...]


def compare(scope: ElectionScope, box_id: int) -> Comparison:
    """Differences per field once both passes are submitted (refused before: blind entry)."""
    box = own(scope, CountBox, box_id, "找不到这个票箱")
    live = live_entries(scope, box.id)
    if len(live) < 2 or any(e.status == "draft" for e in live):
        raise InvalidInput({"general": msg("两遍录入都提交后才能比对")})
    first, second = live[0], live[1]
    view = round_view(scope, box.round_id)
    one = entry_totals(scope, first.id, view).fields(view)
    two = entry_totals(scope, second.id, view).fields(view)
    differences = tuple(FieldDifference(name, one.get(name, 0), two.get(name, 0))
                        for name in dict.fromkeys([*one, *two]) if one.get(name, 0) != two.get(name, 0))
    return Comparison(first.id, second.id, first.operator, second.operator, differences)


def box_state(scope: ElectionScope, box_id: int, settle: bool = False) -> str:
    """open (no entry) | entering | waiting (one pass in) | differs | agreed; ``settle`` agrees
    two equal passes (the first kept)."""
    live = live_entries(scope, box_id)
    if any(e.status == "agreed" for e in live):
        return "agreed"
    if not live:
        return "open"
    if len(live) < 2:
        return "waiting" if live[0].status == "submitted" else "entering"
    if any(e.status == "draft" for e in live):
        return "entering"
    if compare(scope, box_id).differences:
        return "differs"
    if settle:
        _agree(scope, live[0], live[1], "两遍录入一致")
        return "agreed"
    return "differs"


def keep(scope: ElectionScope, box_id: int, entry_id: int, by: str, note: str = "") -> None:
    """A supervisor keeps one of two differing passes (the paper decides which is right)."""
    editable_round(scope, own(scope, CountBox, box_id, "找不到这个票箱").round_id)
    comparison = compare(scope, box_id)
    if entry_id not in (comparison.first_id, comparison.second_id):
        raise InvalidInput({"general": msg("只能保留本票箱的两遍录入之一")})
    if not by.strip():
        raise InvalidInput({"by": msg("请填写处理人姓名")})
    other = comparison.second_id if entry_id == comparison.first_id else comparison.first_id
    kept, dropped = scope.session.get(CountEntry, entry_id), scope.session.get(CountEntry, other)
    _agree(scope, kept, dropped, f"{by.strip()}保留第{kept.pass_no}遍（{kept.operator}）" + (f"：{note}" if note else ""))


def send_back(scope: ElectionScope, box_id: int, by: str, reason: str) -> None:
    """Both passes are set aside; the box is entered again, twice."""
    if not reason.strip():
        raise InvalidInput({"reason": msg("请写明退回重录的原因")})
    box = own(scope, CountBox, box_id, "找不到这个票箱")
    editable_round(scope, box.round_id)
    for entry in live_entries(scope, box.id):
        entry.status = "sent_back"
    scope.session.flush()
    audit.record(scope.session, "count.send_back", f"{box.name}两遍录入退回重录：{reason.strip()}（{by.strip()}）",
                 entity="count_box", entity_id=box.id, scope=audit.Scope(election_id=scope.election.id))


def _agree(scope: ElectionScope, kept: CountEntry, dropped: CountEntry, why: str) -> None:
    kept.status, dropped.status = "agreed", "superseded"
    scope.session.flush()
    box = scope.session.get(CountBox, kept.box_id)
    audit.record(scope.session, "count.agree", f"{box.name}计票录入核对一致：{why}", entity="count_entry",
                 entity_id=kept.id, scope=audit.Scope(election_id=scope.election.id))


def agreed_entry(scope: ElectionScope, box_id: int) -> int | None:
    """The entry that counts for the box, if agreed."""
    return scope.session.scalar(select(CountEntry.id).where(CountEntry.box_id == box_id,
                                                            CountEntry.status == "agreed"))
