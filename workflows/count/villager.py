"""The villager committee's count: VC-16 first round, PV-10 ties, the higher of two offices,
PV-13 close relatives among the elected, VC-17 另行选举, the women's seat (VC-02, GC-18),
PV-12 vacancies.

Thresholds and bases come from the profile: ``vc_elected_threshold`` (first round),
``vc_runoff_threshold`` (另行选举), ``tie_revote`` (a tie across the last seat goes to a
re-vote among the tied; without it those seats are short and go to the 另行选举, whose
candidates the tied then lead), ``vc_women_min``, ``vacancy_min_elected`` and
``vacancy_needs_chair``. The 另行选举 has unfilled seats + 1 candidates, everyone tied
with the last of them included. The women's seat takes the form ``reserved`` (the woman
with most votes above the threshold takes a 委员 seat; the lowest-voted 委员 yields it) or
``runoff`` (default: the seat is elected separately, only women standing, in the 另行选举).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflows.core.policy import RulesProfile, Threshold
from workflows.core.policy_catalog import THRESHOLD_BASES
from workflows.core.text import Msg, msg
from workflows.count.results import (
    OFFICE_RANK,
    WOMEN_SEAT,
    Contest,
    ContestOutcome,
    RoundFacts,
    Tally,
    void_outcomes,
)
from workflows.count.selection import Selection, by_votes, leading, names, select_by_votes, share_of
from workflows.count.validity import base_count, villager_validity


@dataclass
class _Work:
    """One contest while the count decides it (indices into the contest's candidates)."""

    contest: Contest
    seats: int
    elected: list[int] = field(default_factory=list)
    tied: list[int] = field(default_factory=list)
    tie_seats: int = 0
    runoff: tuple[int, ...] = ()
    eligible: list[int] = field(default_factory=list)  # over the threshold (PV-13 successors)
    barred: set[int] = field(default_factory=set)  # gave way to a close relative (PV-13)

    @property
    def office(self) -> str:
        return self.contest.office

    def identity(self, index: int) -> str:
        return self.contest.candidates[index].identity

    def outcome(self, revote: bool) -> ContestOutcome:
        votes = self.contest.votes
        return ContestOutcome(self.office, self.seats, self.contest.candidates,
                              tuple(by_votes(votes, self.elected)),
                              tuple(sorted(self.tied)) if revote else (), self.tie_seats if revote else 0,
                              self.runoff)


def count_villager(facts: RoundFacts, profile: RulesProfile) -> Tally:
    """Decide one villager round (first or 另行选举) from its numbers."""
    validity = villager_validity(facts, profile)
    if not validity.valid:
        return Tally(False, validity.reasons, void_outcomes(facts))
    runoff = facts.round == "runoff"
    threshold = profile.threshold("vc_runoff_threshold" if runoff else "vc_elected_threshold")
    base = base_count(facts, threshold.base)
    revote = bool(profile.get("tie_revote"))
    works = [_select(c, _eligible(c, threshold, base)) for c in facts.contests]
    reasons = list(validity.reasons)
    reasons += [_tie_revote_sentence(w) if w.contest.tie_revote else _elected_sentence(w, threshold, base, runoff)
                for w in works]
    if not runoff:
        reasons += _women_seat(facts, profile, works, threshold, base)
    reasons += _keep_higher_office(works)
    if facts.relatives:
        women_short = _women_short(profile, works)
        reasons += _avoid_relatives(works, facts.relatives)
        if not runoff and not women_short:
            reasons += _women_after_avoidance(facts, profile, works)
    reasons += [_tie_sentence(w, revote, runoff) for w in works if w.tied]
    if runoff:
        reasons += _vacancy(facts, profile, works, revote)
    else:
        extra = int(profile.get("vc_runoff_candidates_extra"))
        barred = _related_to_holders(works, facts.relatives)
        reasons += [s for w in works for s in _runoff_candidates(w, works, revote, extra, barred)]
    return Tally(True, tuple(reasons), tuple(w.outcome(revote) for w in works))


def _eligible(contest: Contest, threshold: Threshold, base: int) -> list[int]:
    """Candidates over the threshold (the women's seat: women only, GC-18); in a re-vote among
    the tied everyone with a vote (PV-10: 以得票多的当选)."""
    return [i for i, c in enumerate(contest.candidates)
            if (c.votes > 0 if contest.tie_revote else threshold.met(c.votes, base))
            and (c.female or contest.office != WOMEN_SEAT)]


def _select(contest: Contest, eligible: list[int]) -> _Work:
    chosen = select_by_votes(contest.votes, eligible, contest.seats)
    return _Work(contest, contest.seats, list(chosen.elected), list(chosen.tied), chosen.tie_seats,
                 eligible=eligible)


def _elected_sentence(work: _Work, threshold: Threshold, base: int, runoff: bool) -> Msg:
    elected = names(work.contest.candidates, by_votes(work.contest.votes, work.elected)) or "无人"
    return msg("{office}{round}（应选{seats}名）：{how}得票须{share}即至少{minimum}票；"
               "当选：{elected}（{rule}）。", office=work.office, round="另行选举" if runoff else "",
               seats=work.seats, how="以得票多的当选，" if runoff else "",
               share=share_of(threshold, THRESHOLD_BASES[threshold.base], base),
               minimum=threshold.minimum(base), elected=elected, rule="VC-17" if runoff else "VC-16")


def _tie_revote_sentence(work: _Work) -> Msg:
    elected = names(work.contest.candidates, by_votes(work.contest.votes, work.elected)) or "无人"
    return msg("{office}（就票数相等者再次投票，应选{seats}名）：以得票多的当选；当选：{elected}（PV-10）。",
               office=work.office, seats=work.seats, elected=elected)


def _elected_elsewhere(works: list[_Work], work: _Work) -> set[str]:
    return {other.identity(i) for other in works if other is not work for i in other.elected}


def _keep_higher_office(works: list[_Work]) -> list[Msg]:
    """One person elected to two offices keeps the higher; the other seat stays unfilled."""
    reasons = []
    for work in sorted(works, key=lambda w: OFFICE_RANK[w.office]):
        for index in list(work.elected):
            for lower in works:
                if OFFICE_RANK[lower.office] <= OFFICE_RANK[work.office] or lower is work:
                    continue
                reasons += _drop_person(lower, work.identity(index), work.office)
    for work in works:
        _settle_tie(work, _elected_elsewhere(works, work))
    return reasons


def _drop_person(work: _Work, identity: str, kept: str) -> list[Msg]:
    dropped = [i for i in work.elected if work.identity(i) == identity]
    for index in dropped:
        work.elected.remove(index)
    return [msg("{name}同时当选{kept}和{office}，按较高的职务{kept}当选，{office}名额空缺1名（VC-16、VC-17）。",
                name=work.contest.candidates[i].name, kept=kept, office=work.office) for i in dropped]


def _settle_tie(work: _Work, elsewhere: set[str]) -> None:
    """Those elected to another office leave a tie; if the rest fit the seats, they are in."""
    work.tied = [i for i in work.tied if work.identity(i) not in elsewhere]
    if work.tied and len(work.tied) <= work.tie_seats:
        work.elected += work.tied
        work.tied, work.tie_seats = [], 0
    elif not work.tied:
        work.tie_seats = 0


def _tie_sentence(work: _Work, revote: bool, runoff: bool) -> Msg:
    votes = work.contest.votes[work.tied[0]]
    tied = names(work.contest.candidates, sorted(work.tied))
    if revote:
        return msg("{office}：{tied}得票相等（各{votes}票），争最后{seats}个名额，须就票数相等者再次投票，"
                   "得票多的当选（PV-10）。", office=work.office, tied=tied, votes=votes, seats=work.tie_seats)
    then = "仍然不足" if runoff else "按不足名额另行选举"
    return msg("{office}：{tied}得票相等（各{votes}票），不能确定最后{seats}个名额由谁当选；本规则配置未规定"
               "就票数相等者再次投票，这些名额{then}（PV-10、VC-17）。", office=work.office, tied=tied,
               votes=votes, seats=work.tie_seats, then=then)


def _runoff_seats(work: _Work, revote: bool) -> int:
    return work.seats - len(work.elected) - (work.tie_seats if revote else 0)


def _runoff_candidates(work: _Work, works: list[_Work], revote: bool, extra: int, barred: set[str]) -> list[Msg]:
    """VC-17: the unelected with most votes, unfilled + the profile's extra of them, all tied at
    the cut-off; a close relative of someone elected could not serve (PV-13) and stands no more."""
    seats = _runoff_seats(work, revote)
    if seats <= 0 or work.runoff:
        return []
    elsewhere = _elected_elsewhere(works, work) | barred
    pool = [i for i, c in enumerate(work.contest.candidates)
            if i not in work.elected and c.identity not in elsewhere and i not in work.barred
            and not (revote and i in work.tied)
            and (c.female or work.office != WOMEN_SEAT)]
    work.runoff = leading(work.contest.votes, pool, seats + extra)
    if not work.runoff:
        return [msg("{office}：不足{seats}名，须另行选举，但第一次投票没有未当选的候选人，须依法重新确定候选人（VC-17）。",
                    office=work.office, seats=seats)]
    return [msg("{office}：不足{seats}名，另行选举；候选人为第一次投票未当选者中得票多的{names}（VC-17）。",
                office=work.office, seats=seats, names=names(work.contest.candidates, work.runoff))]


# --- Close relatives among the elected (PV-13) ---------------------------------------------

def _avoid_relatives(works: list[_Work], relatives: tuple[tuple[str, str, str], ...]) -> list[Msg]:
    """Of two elected close relatives only one serves: the higher office, else more votes, else
    a re-vote between them; the seat given up goes to the next over the threshold by votes."""
    related = {frozenset(pair[:2]): pair[2] for pair in relatives}
    reasons: list[Msg] = []
    for _ in range(len(relatives)):  # each pass settles one pair; a successor may bring another
        conflict = _related_holders(works, related)
        if conflict is None:
            break
        reasons += _settle_relatives(works, related, *conflict)
    return reasons


def _related_to_holders(works: list[_Work], relatives: tuple[tuple[str, str, str], ...]) -> set[str]:
    """Who is a close relative of someone elected (PV-13)."""
    holders = {w.identity(i) for w in works for i in w.elected}
    return {b if a in holders else a for a, b, _how in relatives if (a in holders) != (b in holders)}


def _related_holders(works: list[_Work], related: dict) -> tuple | None:
    holders = [(w, i) for w in works for i in w.elected]
    for index, (work_a, a) in enumerate(holders):
        for work_b, b in holders[index + 1:]:
            how = related.get(frozenset((work_a.identity(a), work_b.identity(b))))
            if how:
                return (work_a, a), (work_b, b), how
    return None


def _settle_relatives(works: list[_Work], related: dict, first: tuple, second: tuple, how: str) -> list[Msg]:
    (work_a, a), (work_b, b) = sorted((first, second), key=lambda h: (OFFICE_RANK[h[0].office],
                                                                      -h[0].contest.votes[h[1]]))
    name_a, name_b = work_a.contest.candidates[a].name, work_b.contest.candidates[b].name
    same_rank = OFFICE_RANK[work_a.office] == OFFICE_RANK[work_b.office]
    if same_rank and work_a is work_b and work_a.contest.votes[a] == work_b.contest.votes[b] and not work_a.tied:
        work_a.elected = [i for i in work_a.elected if i not in (a, b)]
        work_a.tied, work_a.tie_seats = sorted((a, b)), 1
        return [msg("{a}与{b}同时当选{office}且得票相等，但二人是近亲属（{how}），当选人之间应当回避："
                    "须就二人再次投票，得票多的当选（PV-13）。", a=name_a, b=name_b, office=work_a.office, how=how)]
    if same_rank and work_b.office == WOMEN_SEAT:  # the women's seat is kept (VC-02)
        (work_a, a, name_a), (work_b, b, name_b) = (work_b, b, name_b), (work_a, a, name_a)
    if same_rank and work_a is work_b and work_a.contest.votes[a] == work_b.contest.votes[b]:
        # equal votes while the office already waits for a re-vote among others: list order
        # never decides a seat, so neither is elected by this count
        work_a.elected = [i for i in work_a.elected if i not in (a, b)]
        return [msg("{a}与{b}同时当选{office}且得票相等，但二人是近亲属（{how}）；本职位已有得票相等者待再次投票，"
                    "二人均不能由本次计票确定当选，名额按不足名额处理（PV-13）。", a=name_a, b=name_b,
                    office=work_a.office, how=how)]
    why = "职务较高" if not same_rank else "当选妇女委员" if work_a.office == WOMEN_SEAT else "得票较多"
    work_b.elected.remove(b)
    work_b.barred.add(b)
    reasons = [msg("{b}与{a}是近亲属（{how}），当选人之间应当回避：{a}{why}，保留{kept}；{b}不再担任{office}（PV-13）。",
                   a=name_a, b=name_b, how=how, why=why, kept=work_a.office, office=work_b.office)]
    return reasons + [_successor(works, work_b, related)]


def _successor(works: list[_Work], work: _Work, related: dict) -> Msg:
    """The seat given up goes to the next over the threshold, by votes (PV-13)."""
    holders = {w.identity(i) for w in works for i in w.elected}
    pool = [i for i in work.eligible if work.identity(i) not in holders and i not in work.tied
            and not any(frozenset((work.identity(i), other)) in related for other in holders)]
    chosen = select_by_votes(work.contest.votes, pool, 1)
    if chosen.elected:
        work.elected += list(chosen.elected)
        return msg("{office}因回避出缺的名额，由得票达到当选票数的{name}依次递补（PV-13）。", office=work.office,
                   name=names(work.contest.candidates, chosen.elected))
    if chosen.tied and not work.tied:
        work.tied, work.tie_seats = list(chosen.tied), 1
        return msg("{office}因回避出缺的名额，得票达到当选票数且得票相等的{names}须再次投票决定（PV-13）。",
                   office=work.office, names=names(work.contest.candidates, chosen.tied))
    return msg("{office}因回避出缺的名额，没有其他得票达到当选票数的候选人可以递补，名额空缺（PV-13）。",
               office=work.office)


# --- The women's seat (VC-02, GC-18) -------------------------------------------------------

def _women_seat(facts: RoundFacts, profile: RulesProfile, works: list[_Work], threshold: Threshold,
                base: int) -> list[Msg]:
    """No woman elected in the first round: set 委员 seats aside for women."""
    short = _women_short(profile, works)
    form = facts.women_seat or profile.get("vc_women_seat_form")
    if short <= 0 or form == "none":
        return []
    if not any(c.female for w in works for c in w.contest.candidates):
        return [msg("候选人中没有标明妇女，未能核对村民委员会成员中应有妇女成员（VC-02）。")]
    member = next((w for w in works if w.office == "委员"), None)
    if member is None or member.seats == 0:
        return [msg("村民委员会成员中没有妇女当选，本次计票没有委员职位，不能安排妇女名额，请核对（VC-02、GC-18）。")]
    seats = min(short, member.seats)
    picked = _reserved_pick(member, threshold, base, seats) if form == "reserved" else Selection(())
    before = set(member.elected)
    women_seats = _split_member_seats(member, threshold, base, seats, picked)
    if women_seats:
        women = _Work(Contest(WOMEN_SEAT, women_seats, member.contest.candidates), women_seats, [],
                      list(picked.tied), picked.tie_seats)
        works.insert(works.index(member) + 1, women)
    yielded = names(member.contest.candidates, by_votes(member.contest.votes, before - set(member.elected)))
    return [_women_sentence(member, picked, women_seats, yielded)]


def _women_short(profile: RulesProfile, works: list[_Work]) -> int:
    """How many more women the committee needs (VC-02)."""
    return int(profile.get("vc_women_min")) - len(
        {w.identity(i) for w in works for i in w.elected if w.contest.candidates[i].female})


def _women_after_avoidance(facts: RoundFacts, profile: RulesProfile, works: list[_Work]) -> list[Msg]:
    """A woman who gave way to a close relative (PV-13) may leave the committee without one
    (VC-02): a 委员 seat left empty becomes the women's seat of the 另行选举 (GC-18)."""
    short = _women_short(profile, works)
    if short <= 0 or (facts.women_seat or profile.get("vc_women_seat_form")) == "none":
        return []
    member = next((w for w in works if w.office == "委员"), None)
    seats = min(short, member.seats - len(member.elected) - member.tie_seats) if member else 0
    if seats <= 0:
        return [msg("因近亲属回避，村民委员会成员中已没有妇女当选，且没有空缺的委员名额可以单列为妇女委员，"
                    "请报乡镇指导（VC-02、PV-13）。")]
    member.seats -= seats
    works.insert(works.index(member) + 1, _Work(Contest(WOMEN_SEAT, seats, member.contest.candidates), seats,
                                                barred=set(member.barred)))
    return [msg("因近亲属回避，村民委员会成员中已没有妇女当选：空缺的{seats}个委员名额单列为妇女委员职位，"
                "在另行选举中专门选举妇女成员（VC-02、GC-18、PV-13）。", seats=seats)]


def _reserved_pick(member: _Work, threshold: Threshold, base: int, seats: int) -> Selection:
    """The women over the threshold with most votes (the ``reserved`` form)."""
    votes = member.contest.votes
    women = [i for i, c in enumerate(member.contest.candidates) if c.female and threshold.met(c.votes, base)]
    return select_by_votes(votes, women, seats)


def _split_member_seats(member: _Work, threshold: Threshold, base: int, seats: int, picked: Selection) -> int:
    """The other 委员 seats by votes among the rest; returns the seats left for women."""
    taken = set(picked.elected) | set(picked.tied)
    eligible = [i for i in _eligible(member.contest, threshold, base) if i not in taken]
    general = select_by_votes(member.contest.votes, eligible, member.seats - seats)
    women_seats = seats - len(picked.elected)
    member.seats -= women_seats
    member.elected = list(general.elected) + list(picked.elected)
    member.tied, member.tie_seats = list(general.tied), general.tie_seats
    return women_seats


def _women_sentence(member: _Work, picked: Selection, women_seats: int, yielded: str) -> Msg:
    parts = []
    if picked.elected:
        women = names(member.contest.candidates, picked.elected)
        parts.append(f"{len(picked.elected)}个委员名额由得票达到当选票数的妇女中得票最多的{women}当选")
    if picked.tied:
        parts.append(f"{women_seats}个委员名额留给妇女，得票相等的妇女中谁当选见下")
    elif women_seats:
        parts.append(f"{women_seats}个委员名额单列为妇女委员职位，在另行选举中专门选举妇女成员")
    if yielded:
        parts.append(f"{yielded}因此让出名额")
    return msg("村民委员会成员中没有妇女当选：{parts}（VC-02、GC-18）。", parts="；".join(parts))


# --- After the 另行选举 (PV-12) ---------------------------------------------------------------

def _vacancy(facts: RoundFacts, profile: RulesProfile, works: list[_Work], revote: bool) -> list[Msg]:
    """Seats still short after the 另行选举: may they stay vacant (PV-12)?"""
    short = sum(max(0, _runoff_seats(w, revote)) for w in works)
    if not short:
        return []
    minimum = int(profile.get("vacancy_min_elected"))
    if minimum == 0:
        return [msg("另行选举后仍不足{short}名；不足名额能否空缺，本规则配置未作规定（PV-12）。", short=short)]
    needs_chair = bool(profile.get("vacancy_needs_chair"))
    condition = "已选出{minimum}人以上{chair}".format(minimum=minimum, chair="且主任已经选出" if needs_chair else "")
    if facts.elected_before is None:
        return [msg("另行选举后仍不足{short}名：村民委员会{condition}的，不足名额可以空缺（PV-12）。",
                    short=short, condition=condition)]
    total = facts.elected_before + sum(len(w.elected) for w in works)
    chair = bool(facts.chair_elected) or any(w.office == "主任" and w.elected for w in works)
    may = total >= minimum and (chair or not needs_chair)
    return [msg("另行选举后仍不足{short}名，村民委员会已选出{total}人；{condition}的可以空缺：{verdict}（PV-12）。",
                short=short, total=total, condition=condition,
                verdict="不足名额可以空缺" if may else "不足名额不能空缺，须再行选举")]
