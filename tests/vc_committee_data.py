"""A valid villager election committee for tests of the stages after it (VC-05, GC-04, SD-22)."""

from __future__ import annotations

from datetime import date

from workflows.core.scope import open_scope


def seat_committee(session, election, day: date | None = None) -> None:
    """Choose, publish and file the committee and adopt the work plan on ``day`` (today by
    default) through the real workflows, so stage vc.election_committee can be completed."""
    from workflows.core import config
    from workflows.demo.villager import seat_committee as seat

    day = day or config.today()
    seat(open_scope(session, election, day), day)
    session.flush()
