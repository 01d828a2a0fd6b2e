"""The facts of one counting round and what the count decided (plain data, no storage).

Candidates are identified by their index in their contest's list: two people may share a
name. ``Candidate.person`` names one person across contests (the name when empty), for the
rule that a person elected to two offices keeps the higher one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflows.core.text import Msg

VILLAGER_OFFICES = ("主任", "副主任", "委员")  # highest first
WOMEN_SEAT = "妇女委员"  # GC-18: the separate women's seat of a 另行选举
PARTY_COMMITTEE = "委员会委员"
PARTY_OFFICERS = ("书记", "副书记")
OFFICES = {"villager": (*VILLAGER_OFFICES, WOMEN_SEAT), "party": (PARTY_COMMITTEE, *PARTY_OFFICERS)}
OFFICE_RANK = {"主任": 0, "副主任": 1, "委员": 2, WOMEN_SEAT: 2}
WOMEN_SEAT_FORMS = ("reserved", "runoff", "none")


@dataclass(frozen=True)
class Candidate:
    """One line of a contest: votes (Party: yes-votes), whether a woman, who the person is."""

    name: str
    votes: int
    female: bool = False
    person: str = ""

    @property
    def identity(self) -> str:
        """The same person across contests (the name unless told otherwise)."""
        return self.person or self.name


@dataclass(frozen=True)
class Contest:
    """One office on the ballot: its seats and candidates in list order."""

    office: str
    seats: int
    candidates: tuple[Candidate, ...]
    tie_revote: bool = False  # PV-10: a re-vote among the tied — most votes wins, no threshold

    @property
    def votes(self) -> tuple[int, ...]:
        return tuple(c.votes for c in self.candidates)


@dataclass(frozen=True)
class RoundFacts:
    """The numbers of one round; ``None`` where a number does not apply or was not given."""

    track: str  # villager | party
    round: str = "first"  # first | runoff
    registered: int | None = None  # 登记参加选举的村民数
    voters: int | None = None  # 参加投票人数（领取选票）
    issued: int | None = None  # 发出选票数
    returned: int | None = None  # 收回选票数
    ballots_cast: int | None = None  # 已投选票总数 (the runoff's base)
    expected: int | None = None  # 应到会有选举权党员
    attended: int | None = None  # 实到会有选举权党员
    quorum: str | None = None  # "gt" | "ge": overrides the profile's PT-08 comparison
    women_seat: str | None = None  # reserved | runoff | none: the GC-18 form (default runoff)
    elected_before: int | None = None  # 村委会成员 elected in earlier rounds (PV-12)
    chair_elected: bool | None = None  # 主任 already elected (PV-12)
    contests: tuple[Contest, ...] = ()
    # PV-13: close relatives among the candidates whom the profile keeps apart once elected,
    # as (identity, identity, “李娜是张伟的配偶”)
    relatives: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Validity:
    """Whether the round stands, and why (one sentence per check)."""

    valid: bool
    reasons: tuple[Msg, ...] = ()


@dataclass(frozen=True)
class ContestOutcome:
    """What one contest decided; indices into ``candidates``, by votes then list order."""

    office: str
    seats: int
    candidates: tuple[Candidate, ...]
    elected: tuple[int, ...] = ()
    tie_revote_among: tuple[int, ...] = ()  # a re-vote among these (PV-10, PT-14)
    tie_seats: int = 0  # seats that re-vote decides
    runoff_candidates: tuple[int, ...] = ()  # candidates of the 另行选举 (VC-17)

    @property
    def unfilled(self) -> int:
        """Seats nobody was elected to by this count (those of a pending re-vote included)."""
        return self.seats - len(self.elected)

    def names(self, indices: tuple[int, ...]) -> list[str]:
        return [self.candidates[i].name for i in indices]

    def as_dict(self) -> dict:
        """The ``contests`` entry of ``main.py tally``."""
        return {"office": self.office, "elected": self.names(self.elected), "unfilled": self.unfilled,
                "tie_revote_among": self.names(self.tie_revote_among),
                "runoff_candidates": self.names(self.runoff_candidates)}


@dataclass(frozen=True)
class Tally:
    """The whole round: valid or void, the reasons in order, one outcome per contest."""

    valid: bool
    reasons: tuple[Msg, ...]
    outcomes: tuple[ContestOutcome, ...] = field(default=())

    def as_dict(self) -> dict:
        """The JSON ``main.py tally`` prints."""
        return {"valid": self.valid, "reasons": [str(r) for r in self.reasons],
                "contests": [o.as_dict() for o in self.outcomes]}


def void_outcomes(facts: RoundFacts) -> tuple[ContestOutcome, ...]:
    """Nobody elected: the round is void and must be held again (GC-15, VC-15, PT-08)."""
    return tuple(ContestOutcome(c.office, c.seats, c.candidates) for c in facts.contests)
