"""VC-07 / CONV-07: every registered voter is of voting age on the election day — re-checked
whenever the day moves, since a later or earlier day changes who has turned 18.

The roster import and the voter form check each person's age on the day in force when they
are registered; this rule re-checks the whole list on the current day, so moving the day
earlier (or a list registered before the day was fixed) cannot leave a minor on it.
"""

from __future__ import annotations

from workflows.core.findings import Finding
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers
from workflows.core.text import format_date, msg
from workflows.voters.registration import underage_voters

SHOWN = 20  # names written out; the rest are counted


@register_blockers("vc.registration", "vc.nomination", "vc.qualification", "vc.formal_candidates",
                   "vc.vote_notice", "vc.vote")
def voters_of_age_on_the_election_day(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Registered voters under the profile's voting age on the election day, by name."""
    day = context.election.committee_election_day
    if day is None:
        return []
    minors = underage_voters(context, day)
    if not minors:
        return []
    names = "、".join(f"{m.name}（{format_date(m.birth_date)}出生）" for m in minors[:SHOWN])
    if len(minors) > SHOWN:
        names += f"等{len(minors)}人"
    text = ("以下已登记的选民在选举日{day}未满{age}周岁，没有选举权，须从名单中除名"
            "（名单已公布的，作更正并发布补充公告）：{names}")
    if stage.key != "vc.registration":
        text += "。请重新打开“选民登记与名单公布”阶段办理"
    return [Finding(msg(text, day=format_date(day), age=context.profile.get("voting_age"), names=names),
                    ("VC-07", "CONV-07"), subject_ids=tuple(m.id for m in minors))]
