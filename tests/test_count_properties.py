"""Properties of the count (issue 12 item 12, hypothesis): totals reconcile; one more vote
never lowers a candidate's standing; the ½ (VC-16, PT-13, CONV-02) and ⅓ (VC-17) thresholds
exactly at the boundary for many sizes; the order of the list never changes who is elected."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workflows.core.policy import RulesProfile
from workflows.count.results import Candidate, Contest, RoundFacts
from workflows.count.round import count_round

PROFILES = [RulesProfile.from_preset(key) for key in ("national", "zhejiang_2020")]
OFFICE = {"villager": "委员", "party": "委员会委员"}


@st.composite
def rounds(draw, track=None):
    """A possible round: votes ≤ voters, the votes together ≤ voters × seats."""
    track = track or draw(st.sampled_from(["villager", "party"]))
    voters = draw(st.integers(1, 300))
    seats = draw(st.integers(1, 5))
    votes = draw(st.lists(st.integers(0, voters), max_size=8))
    assume(sum(votes) <= voters * seats)
    return track, voters, seats, votes, draw(st.sampled_from(PROFILES)), draw(st.sampled_from(["first", "runoff"]))


def decide(track, voters, seats, votes, profile, rnd="first", names=None):
    names = names or [f"候选人{i}" for i in range(len(votes))]
    contest = Contest(OFFICE[track], seats, tuple(Candidate(n, v) for n, v in zip(names, votes, strict=True)))
    if track == "party":
        facts = RoundFacts("party", rnd, expected=voters, attended=voters, contests=(contest,))
    else:
        facts = RoundFacts("villager", rnd, voters, voters, ballots_cast=voters, contests=(contest,))
    tally = count_round(facts, profile)
    assert tally.valid
    return tally.outcomes[0]


def standing(outcome, index: int) -> int:
    """Elected 3, in a re-vote for a seat 2, a 另行选举 candidate 1, nothing 0."""
    if index in outcome.elected:
        return 3
    if index in outcome.tie_revote_among:
        return 2
    return 1 if index in outcome.runoff_candidates else 0


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_totals_reconcile(case):
    track, voters, seats, votes, profile, rnd = case
    outcome = decide(*case)
    elected, tied, runoff = set(outcome.elected), set(outcome.tie_revote_among), set(outcome.runoff_candidates)
    assert len(outcome.elected) + outcome.unfilled == seats
    assert len(elected) == len(outcome.elected) and not elected & tied and not elected & runoff
    assert outcome.tie_seats <= outcome.unfilled and (outcome.tie_seats > 0) == bool(tied)
    assert len(tied) > outcome.tie_seats or not tied
    for i in elected:  # everyone elected is over the threshold, and beats everyone left out
        assert (3 * votes[i] >= voters) if (track, rnd) == ("villager", "runoff") else (2 * votes[i] > voters)
        assert all(votes[i] > votes[j] for j in set(range(len(votes))) - elected - tied
                   if 2 * votes[j] > voters or (track, rnd) == ("villager", "runoff"))
    if track == "party" or rnd == "runoff":
        assert not runoff


@settings(max_examples=300, deadline=None)
@given(rounds(), st.data())
def test_one_more_vote_never_lowers_a_standing(case, data):
    track, voters, seats, votes, profile, rnd = case
    assume(votes)
    index = data.draw(st.integers(0, len(votes) - 1))
    more = [v + (i == index) for i, v in enumerate(votes)]
    assume(more[index] <= voters and sum(more) <= voters * seats)
    before = standing(decide(track, voters, seats, votes, profile, rnd), index)
    after = standing(decide(track, voters, seats, more, profile, rnd), index)
    assert after >= before


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000), st.sampled_from(PROFILES))
def test_half_exactly_at_the_boundary(voters, profile):
    half = voters // 2  # 2·half ≤ voters: never elected; half + 1 always
    for track in ("villager", "party"):
        assert decide(track, voters, 1, [half], profile).elected == ()
        assert decide(track, voters, 1, [half + 1], profile).elected == (0,)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000), st.sampled_from(PROFILES))
def test_third_exactly_at_the_boundary_of_the_runoff(cast, profile):
    third = -(-cast // 3)  # the least with 3·votes ≥ cast
    assert decide("villager", cast, 1, [third], profile, "runoff").elected == (0,)
    assert decide("villager", cast, 1, [third - 1], profile, "runoff").elected == ()


@settings(max_examples=300, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_the_order_of_the_list_never_changes_who_is_elected(case, random):
    track, voters, seats, votes, profile, rnd = case
    names = [f"候选人{i}" for i in range(len(votes))]
    order = list(range(len(votes)))
    random.shuffle(order)
    first = decide(track, voters, seats, votes, profile, rnd, names)
    shuffled = decide(track, voters, seats, [votes[i] for i in order], profile, rnd, [names[i] for i in order])
    for field in ("elected", "tie_revote_among", "runoff_candidates"):
        assert sorted(first.names(getattr(first, field))) == sorted(shuffled.names(getattr(shuffled, field)))
    assert first.unfilled == shuffled.unfilled
