"""Official results (issue 12 item 9, after VxAdmin's official/unofficial): the chief supervisor
(总监票人) confirms the round's result with name and time; until then it is unofficial. A round
the count finds void (GC-15, VC-15, PT-08, PT-11) is confirmed as void: it stays in the record
with its reasons and the re-vote round is set up. Reverting a confirmation needs a reason and is
audited (the results notice is then reprinted as a correction by its document).
"""

from __future__ import annotations

from dataclasses import dataclass

from models import CountBox, CountRound
from models.base import utcnow
from workflows.core import audit
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import msg
from workflows.count.checks import check_box, check_round, open_checks
from workflows.count.double_entry import agreed_entry
from workflows.count.results import Tally
from workflows.count.rounds import editable_round, open_revote, own
from workflows.count.totals import decide


@dataclass(frozen=True)
class Confirmed:
    """What confirming did: the result, and the re-vote round when the round was void."""

    tally: Tally
    revote_round_id: int | None = None


def confirm(scope: ElectionScope, round_id: int, by: str, **more) -> Confirmed:
    """The chief supervisor confirms the result; refused while a coded check is open.
    ``more`` is passed to :func:`~workflows.count.totals.decide` (earlier rounds' facts)."""
    row = editable_round(scope, round_id)
    if not by.strip():
        raise InvalidInput({"by": msg("请填写总监票人姓名")})
    pending = open_checks(check_round(scope, round_id))
    if pending:
        raise InvalidInput({"general": msg("还有{count}项核对未处理（{codes}），不能确认结果",
                                           count=len(pending), codes="、".join(sorted({c.code for c in pending})))})
    tally = decide(scope, round_id, **more)
    new_round = None
    if not tally.valid:
        reason = "；".join(str(r) for r in tally.reasons if "无效" in str(r)) or "本轮选举无效"
        new_round = open_revote(scope, row, reason)
    row.official_by, row.official_at = by.strip(), utcnow()
    scope.session.flush()
    audit.record(scope.session, "count.official", f"{by.strip()}确认第{row.number}轮计票结果"
                 + ("" if tally.valid else "：本轮无效，另行组织重新投票"), entity="count_round", entity_id=row.id,
                 scope=audit.Scope(election_id=scope.election.id))
    return Confirmed(tally, new_round)


def confirm_box(scope: ElectionScope, box_id: int, by: str) -> None:
    """The scrutineers confirm a box: its entry agreed and its checks dealt with (the caller
    takes the backup the issue asks for at this moment)."""
    box = own(scope, CountBox, box_id, "找不到这个票箱")
    editable_round(scope, box.round_id)
    if not by.strip():
        raise InvalidInput({"by": msg("请填写核对人姓名")})
    if agreed_entry(scope, box.id) is None:
        raise InvalidInput({"general": msg("{box}还没有核对一致的计票录入", box=box.name)})
    pending = open_checks(check_box(scope, box.id))
    if pending:
        raise InvalidInput({"general": msg("{box}还有{count}项核对未处理（{codes}）", box=box.name,
                                           count=len(pending), codes="、".join(sorted({c.code for c in pending})))})
    box.confirmed_by, box.confirmed_at = by.strip(), utcnow()
    scope.session.flush()


def revert(scope: ElectionScope, round_id: int, by: str, reason: str) -> None:
    """Take back the confirmation (a wrong figure found after it); the reason is kept."""
    row = own(scope, CountRound, round_id, "找不到这一轮投票")
    if row.official_at is None:
        raise InvalidInput({"general": msg("本轮计票结果尚未确认")})
    if row.void:
        raise InvalidInput({"general": msg("本轮已宣布无效并另行组织投票，不能撤销")})
    if not reason.strip():
        raise InvalidInput({"reason": msg("请写明撤销确认的理由")})
    if not by.strip():
        raise InvalidInput({"by": msg("请填写撤销人姓名")})
    row.official_by, row.official_at, row.revert_reason = None, None, reason.strip()
    scope.session.flush()
    audit.record(scope.session, "count.revert", f"{by.strip()}撤销第{row.number}轮计票结果的确认：{reason.strip()}",
                 entity="count_round", entity_id=row.id, scope=audit.Scope(election_id=scope.election.id))


def is_official(scope: ElectionScope, round_id: int) -> bool:
    """Whether the round's result has been confirmed (and not reverted)."""
    return own(scope, CountRound, round_id, "找不到这一轮投票").official_at is not None
