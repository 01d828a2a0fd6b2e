"""A village whose Party track stands at the members' meeting: roster, recommendations,
candidates reviewed and inspected, preliminary candidates approved (批复), 应到会人数 approved —
all through the real workflows (the demo's steps, :mod:`workflows.demo.party`)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import TODAY, make_election, make_township
from workflows.core import stages
from workflows.core.calendar import record_fact
from workflows.core.scope import open_scope
from workflows.demo import party as demo_party
from workflows.demo.township import _complete_until
from workflows.party import vote

MEETING_DAY = TODAY - timedelta(days=1)


def party_at_meeting(session, seats: int = 5, deputies: int = 1, preset: str = "jiangxi_2021",
                     meeting: date = MEETING_DAY) -> int:
    """An election at party.meeting with approved preliminary candidates; returns its id."""
    township = make_township(session, preset)
    election = make_election(session, township, party=meeting, committee=meeting + timedelta(days=50))
    election.party_members, election.party_deputies = seats, deputies
    session.flush()
    record_fact(session, election, "audit_published", meeting - timedelta(days=60))
    profile = open_scope(session, election, TODAY).profile
    _complete_until(session, election, profile, TODAY, stages.Track.PARTY, "party.meeting")
    demo_party.report_attendance(open_scope(session, election, TODAY), meeting)
    return election.id


def scope_of(session, election_id: int, profile=None):
    return open_scope(session, election_id, TODAY, profile=profile)


def candidate_ids(scope, round_id: int) -> list[int]:
    """The round's candidates in ballot order."""
    view = vote.round_view(scope, round_id)
    return [p.id for c in view.contests for p in c.candidates]


def enter_twice(scope, round_id: int, figures: vote.SheetFigures, clerks=("王芳", "李明")) -> str:
    """Two clerks enter the same tally sheet (blind double entry); returns the box's state."""
    vote.record_sheet(scope, round_id, clerks[0], figures)
    return vote.record_sheet(scope, round_id, clerks[1], figures)


def sheet(scope, round_id: int, yes: list[int], returned: int | None = None, void: int = 0,
          issued: int | None = None) -> vote.SheetFigures:
    """A tally sheet with these yes-votes in ballot order (不赞成 = the rest, 弃权 0)."""
    view = vote.round_view(scope, round_id)
    returned = view.attended if returned is None else returned
    valid = returned - void
    lines = tuple(vote.VoteLine(cid, y, valid - y, 0) for cid, y in zip(candidate_ids(scope, round_id), yes,
                                                                         strict=True))
    return vote.SheetFigures(view.attended if issued is None else issued, returned, void, lines)
