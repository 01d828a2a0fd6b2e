"""Does the round stand: ballots returned (GC-15, PT-11), turnout (VC-15), attendance (PT-08)."""

from __future__ import annotations

from dataclasses import replace

from workflows.core.policy import RulesProfile, Threshold
from workflows.core.text import Msg, msg
from workflows.count.results import RoundFacts, Validity
from workflows.count.selection import share

_COMPARED = {"voters": ("投票人数", "人"), "issued": ("发出选票", "张")}


def base_count(facts: RoundFacts, base: str) -> int | None:
    """The number a threshold's base names (已投选票总数 falls back on the ballots returned)."""
    cast = facts.ballots_cast if facts.ballots_cast is not None else facts.returned
    return {"registered": facts.registered, "voters": facts.voters, "ballots_cast": cast,
            "expected": facts.expected, "present": facts.attended}.get(base)


def villager_validity(facts: RoundFacts, profile: RulesProfile) -> Validity:
    """GC-15 (the profile's ``ballots_returned_base``) then VC-15 (``vc_valid_threshold``)."""
    returned = _returned_check(facts, [profile.get("ballots_returned_base")], "GC-15")
    reasons = list(returned.reasons)
    valid = returned.valid
    if facts.registered is not None and facts.voters is not None:
        turnout = turnout_check(facts.voters, facts.registered, profile.threshold("vc_valid_threshold"))
        reasons.append(turnout.reasons[0])
        valid = valid and turnout.valid
    return Validity(valid, tuple(reasons))


def turnout_check(voters: int, registered: int, threshold: Threshold) -> Validity:
    """VC-15: more than half of the registered voters voted (by default)."""
    met = threshold.met(voters, registered)
    return Validity(met, (msg("参加投票{voters}人，登记参加选举的村民{registered}人，须{share}即至少{minimum}人投票："
                              "{verdict}（VC-15）。", voters=voters, registered=registered,
                              share=share(threshold), minimum=threshold.minimum(registered),
                              verdict="选举有效" if met else "人数不足，选举无效，须重新组织投票"),))


def party_validity(facts: RoundFacts, profile: RulesProfile) -> Validity:
    """PT-08 (``party_quorum``, its comparison overridden by the input) then PT-11."""
    quorum = quorum_check(facts.attended, facts.expected, party_quorum(profile, facts.quorum))
    choice = profile.get("party_ballots_base")
    returned = _returned_check(facts, ["issued", "voters"] if choice == "both" else [choice], "PT-11")
    return Validity(quorum.valid and returned.valid, quorum.reasons + returned.reasons)


def party_quorum(profile: RulesProfile, comparison: str | None) -> Threshold:
    """The profile's PT-08 threshold; 超过 (gt) or 不少于 (ge) when the meeting says which."""
    threshold = profile.threshold("party_quorum")
    return replace(threshold, comparison=comparison) if comparison else threshold


def quorum_check(attended: int, expected: int, threshold: Threshold) -> Validity:
    """PT-08: those present with the right to vote against those expected."""
    met = threshold.met(attended, expected)
    return Validity(met, (msg("实到会有选举权的党员{attended}人，应到会{expected}人，须{share}即至少{minimum}人："
                              "{verdict}（PT-08）。", attended=attended, expected=expected,
                              share=share(threshold), minimum=threshold.minimum(expected),
                              verdict="会议有效" if met else "到会人数不足，会议无效，不能进行选举"),))


def _returned_check(facts: RoundFacts, deciding: list[str], rule: str) -> Validity:
    """Ballots returned ≤ the deciding number(s); the other number, if exceeded, is a hint."""
    if facts.returned is None:
        return Validity(True)
    numbers = {"voters": facts.voters if facts.voters is not None else facts.attended,
               "issued": facts.issued}
    decide = [key for key in deciding if numbers[key] is not None] or ["voters"]
    decide = [key for key in decide if numbers[key] is not None]
    reasons: list[Msg] = []
    valid = True
    for key in ("voters", "issued"):
        if numbers[key] is None:
            continue
        exceeded = facts.returned > numbers[key]
        if key in decide:
            valid = valid and not exceeded
            reasons.append(_returned_sentence(facts.returned, key, numbers[key], exceeded, rule))
        elif exceeded:
            reasons.append(_returned_hint(facts.returned, key, numbers[key], decide, rule))
    return Validity(valid, tuple(reasons))


def _returned_sentence(returned: int, key: str, count: int, exceeded: bool, rule: str) -> Msg:
    what, unit = _COMPARED[key]
    if exceeded:
        return msg("收回选票{returned}张，多于{what}{count}{unit}：本轮选举无效，须重新投票（{rule}）。",
                   returned=returned, what=what, count=count, unit=unit, rule=rule)
    return msg("收回选票{returned}张，不多于{what}{count}{unit}：投票有效（{rule}）。",
               returned=returned, what=what, count=count, unit=unit, rule=rule)


def _returned_hint(returned: int, key: str, count: int, decide: list[str], rule: str) -> Msg:
    what, unit = _COMPARED[key]
    return msg("收回选票{returned}张，多于{what}{count}{unit}；本规则配置以{decider}为准，此项不作判定，"
               "请核对（{rule}）。", returned=returned, what=what, count=count, unit=unit,
               decider="、".join(_COMPARED[k][0] for k in decide), rule=rule)
