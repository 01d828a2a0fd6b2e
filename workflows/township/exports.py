"""``--export-documents DIR``: every document the open database can produce, as PDF files.

Documents that depend on the calendar (the schedule notice of each village) are issued
afresh; everything already in the archive (voter lists, supplements, cards, certificates,
notices) is written out as archived, byte for byte.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Document, Township, Village
from printing.documents import kinds
from workflows.core import names
from workflows.core.scope import open_scope
from workflows.core.store import Store
from workflows.township import notices
from workflows.township.townships import current_election


def safe_name(text: str) -> str:
    """A file name without characters Windows forbids."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")[:120]


def issue_producible(session: Session, today: date) -> int:
    """Issue the documents computed from current data (schedule notices); returns how many."""
    count = 0
    for township in session.scalars(select(Township)):
        villages = session.scalars(select(Village).where(Village.township_id == township.id)).all()
        for village in names.ordered(session, villages, lambda v: v.name):
            election = current_election(session, village.id)
            if election is not None and (election.party_election_day or election.committee_election_day):
                notices.issue_schedule_notice(open_scope(session, election, today), today)
                count += 1
    return count


def write_archive(session: Session, folder: Path) -> list[Path]:
    """Write every archived document as ``<village>-<kind>-<title>-<code>.pdf``."""
    folder.mkdir(parents=True, exist_ok=True)
    labels = {key: kind.label for key, kind in kinds().items()}
    villages = {ident: name for ident, name in session.execute(select(Village.id, Village.name))}
    written = []
    for document in session.scalars(select(Document).order_by(Document.id)):
        village = villages.get(document.village_id, "乡镇")
        name = safe_name(f"{village}-{labels.get(document.kind, document.kind)}-{document.title}-{document.code}")
        path = folder / f"{name}.pdf"
        path.write_bytes(document.pdf)
        written.append(path)
    return written


def export_documents(store: Store, folder: Path, today: date, operator: str) -> list[Path]:
    """Issue what can be produced now, then write the whole archive into ``folder``."""
    with store.transaction(operator) as session:
        issue_producible(session, today)
    with store.session(operator) as session:
        return write_archive(session, folder)
