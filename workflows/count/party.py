"""The village Party organisation's count: PT-13 majority, PT-14 over-full and ties, PT-15
no filling from below half, the officers 等额 (PT-18, PT-19).

The committee (委员会委员) is elected by the members' meeting; the secretary and deputies
(书记、副书记) by the new committee's first full meeting — for them ``expected`` and
``attended`` are the committee's members. Both use ``party_elected`` (超过二分之一 of
实到会 by default; 应到会 per profile). A tie for the last seats is always a re-vote among
the tied (PT-14); short seats are never filled from below half, and the meeting decides
the next step (PT-15), so a Party count names no 另行选举 candidates.
"""

from __future__ import annotations

from workflows.core.policy import RulesProfile, Threshold
from workflows.core.policy_catalog import THRESHOLD_BASES
from workflows.core.text import Msg, msg
from workflows.count.results import (
    PARTY_OFFICERS,
    Contest,
    ContestOutcome,
    RoundFacts,
    Tally,
    void_outcomes,
)
from workflows.count.selection import by_votes, names, select_by_votes, share_of
from workflows.count.validity import base_count, party_validity


def count_party(facts: RoundFacts, profile: RulesProfile) -> Tally:
    """Decide one Party vote (the committee, or the officers) from its numbers."""
    validity = party_validity(facts, profile)
    if not validity.valid:
        return Tally(False, validity.reasons, void_outcomes(facts))
    threshold = profile.threshold("party_elected")
    base = base_count(facts, threshold.base)
    outcomes = [_decide(contest, threshold, base) for contest in facts.contests]
    reasons = list(validity.reasons)
    for contest, outcome in zip(facts.contests, outcomes, strict=True):
        reasons += _sentences(contest, outcome, threshold, base)
    return Tally(True, tuple(reasons), tuple(outcomes))


def _decide(contest: Contest, threshold: Threshold, base: int) -> ContestOutcome:
    eligible = [i for i, c in enumerate(contest.candidates) if threshold.met(c.votes, base)]
    chosen = select_by_votes(contest.votes, eligible, contest.seats)
    return ContestOutcome(contest.office, contest.seats, contest.candidates,
                          tuple(by_votes(contest.votes, chosen.elected)), tuple(sorted(chosen.tied)),
                          chosen.tie_seats)


def _sentences(contest: Contest, outcome: ContestOutcome, threshold: Threshold, base: int) -> list[Msg]:
    cands = contest.candidates
    reasons = []
    if contest.office in PARTY_OFFICERS and len(cands) != contest.seats:
        reasons.append(msg("{office}应等额选举，候选人{count}名与应选{seats}名不相等，请核对（PT-19）。",
                           office=contest.office, count=len(cands), seats=contest.seats))
    reasons.append(msg("{office}（应选{seats}名）：赞成票须{share}即至少{minimum}票；当选：{elected}（PT-13）。",
                       office=contest.office, seats=contest.seats,
                       share=share_of(threshold, THRESHOLD_BASES[threshold.base], base),
                        minimum=threshold.minimum(base),
                       elected=names(cands, outcome.elected) or "无人"))
    if outcome.tie_revote_among:
        reasons.append(msg("{office}：{tied}赞成票相等（各{votes}票），争最后{seats}个名额，须就这几人再投票，"
                           "得票多的当选（PT-14）。", office=contest.office,
                           tied=names(cands, outcome.tie_revote_among),
                           votes=cands[outcome.tie_revote_among[0]].votes, seats=outcome.tie_seats))
    short = outcome.unfilled - outcome.tie_seats
    if short > 0:
        reasons.append(msg("{office}：赞成票过半数的少于应选名额，不得在未过半数者中按得票多少补足；不足{short}名"
                           "可在未当选人中再酝酿、重新选举，或经多数党员同意减少名额（PT-15）。",
                           office=contest.office, short=short))
    return reasons
