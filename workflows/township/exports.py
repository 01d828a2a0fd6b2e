"""``--export-documents DIR``: the archive's documents as PDF files, exactly as issued.

Exporting issues nothing: issuing a notice is a clerk's act with its own date and number,
done in the program (or, for the demo, by the demo build through the same workflows).
Every archived document is written byte for byte as it was issued — same verification
code, same notice number, same date — so two exports of one database are identical and
the archive does not grow.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Document, Village
from printing.documents import kinds
from workflows.core.store import Store


def safe_name(text: str) -> str:
    """A file name without characters Windows forbids."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")[:120]


def write_archive(session: Session, folder: Path) -> list[Path]:
    """Write every archived document as ``<village>-<kind>-<title>-<code>.pdf`` (read only)."""
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


def export_documents(store: Store, folder: Path, operator: str) -> list[Path]:
    """Write the whole archive into ``folder`` as issued; nothing is issued or changed."""
    with store.session(operator) as session:
        return write_archive(session, folder)
