"""Issuing documents: render through ``printing``, archive the exact bytes, verify copies.

Every generated document gets a short verification code, reserved before rendering and
printed on each page (with a QR code) next to the audit anchor (the head of the audit
chain when it was drafted); the archive keeps the kind, the spec (JSON), the bytes and
their SHA-256, the time and the operator, and the anchor. Anyone holding a posted copy or
a PDF can later check it against the archive (核验), and the audit log against the paper
(``main.py audit-verify --anchor``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from models import Document, ElectionProcess, Township, Village
from printing.documents import DocumentKind, kind, spec_from_json, spec_to_json
from printing.layout import Footer
from workflows.core import audit
from workflows.core.text import Msg, msg

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and retyped
CODE_LENGTH = 8
QR_PREFIX = "VEW-CHECK:"


def new_code(session: Session) -> str:
    """A fresh verification code like ``7KQM-3XPA`` that no archived document uses."""
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = f"{raw[:4]}-{raw[4:]}"
        if session.scalar(select(func.count()).select_from(Document).where(Document.code == code)) == 0:
            return code


def normalise_code(text: str) -> str:
    """Accept codes typed loosely: lower case, spaces, missing dash, the QR payload."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", text.strip().removeprefix(QR_PREFIX)).upper()
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == CODE_LENGTH else cleaned


def next_notice_number(session: Session, election_id: int | None) -> int:
    """The next running number of the election's notices (第×号)."""
    if election_id is None:
        return 1
    latest = session.scalar(select(func.max(Document.notice_number)).where(
        Document.election_id == election_id))
    return (latest or 0) + 1


def count_pages(data: bytes) -> int:
    """Pages of a PDF, from its page tree (no full parse)."""
    match = re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)
    if match is None:
        match = re.search(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)
    return int(match.group(1)) if match else 0


@dataclass(frozen=True)
class Placement:
    """Where a document belongs: township, village and election (any may be absent)."""

    township_id: int | None = None
    village_id: int | None = None
    election_id: int | None = None

    @classmethod
    def of_election(cls, session: Session, election: ElectionProcess) -> Placement:
        """The placement of an election's documents."""
        village = session.get(Village, election.village_id)
        return cls(village.township_id, village.id, election.id)


class NumberTaken(Exception):
    """The notice number or code chosen for a draft was taken before it was archived."""


@dataclass(frozen=True)
class Draft:
    """A document ready to render: its spec carries the number; code and number are chosen.

    Drafting reads the database and changes nothing; rendering needs no database at all
    (it can run in the background, outside any transaction); :func:`archive` then stores the
    bytes in one short write — so a number is never taken without its PDF.
    """

    kind: str
    spec: object
    placement: Placement
    code: str
    number: int | None
    title: str
    anchor: audit.Anchor | None = None  # the audit chain's head when drafted, printed


def draft(session: Session, kind_key: str, spec, placement: Placement, number_format=None, *,
          number: int | None = None, archive_title: str = "") -> Draft:
    """Choose the code and (for numbered kinds) the notice number, and put it in the spec.

    ``number_format(n) -> str`` turns the running number into the printed number line. A
    notice posted in several parts (the voter list, one part per group) passes the same
    ``number`` for every part.
    """
    document_kind = kind(kind_key)
    if document_kind.numbered and number_format is not None:
        number = number or next_notice_number(session, placement.election_id)
        spec = dataclasses.replace(spec, number=number_format(number))
    else:
        number = None
    title = (archive_title or _title_of(spec, document_kind)).replace("\n", "")
    return Draft(kind_key, spec, placement, new_code(session), number, title, audit.head(session))


def render(document_draft: Draft) -> bytes:
    """The PDF of a draft (pure: no database)."""
    return kind(document_draft.kind).render(document_draft.spec, footer_of(document_draft))


def footer_of(document_draft: Draft) -> Footer:
    """The footer printed on every page: verification code, QR code and audit anchor."""
    code = document_draft.code
    anchor = document_draft.anchor.code if document_draft.anchor else ""
    return Footer(code, QR_PREFIX + code, anchor=anchor)


def archive(session: Session, drafts: list[Draft], pdfs: list[bytes]) -> list[Document]:
    """Store rendered drafts (the parts of one posting) in one go; refuse a taken number or code."""
    _check_still_free(session, drafts)
    stored = []
    for document_draft, data in zip(drafts, pdfs, strict=True):
        placement = document_draft.placement
        document = Document(
            code=document_draft.code, kind=document_draft.kind, title=document_draft.title,
            township_id=placement.township_id, village_id=placement.village_id,
            election_id=placement.election_id, notice_number=document_draft.number,
            spec_json=spec_to_json(document_draft.spec), sha256=hashlib.sha256(data).hexdigest(),
            size=len(data), pages=count_pages(data), pdf=data,
            operator=session.info.get("operator", ""))
        session.add(document)
        if document_draft.anchor is not None:
            audit.record_anchor(session, document_draft.code, document_draft.anchor, audit.Scope(
                placement.township_id, placement.village_id, placement.election_id))
        stored.append(document)
    session.flush()
    return stored


def _check_still_free(session: Session, drafts: list[Draft]) -> None:
    codes = [d.code for d in drafts]
    if session.scalar(select(func.count()).select_from(Document).where(Document.code.in_(codes))):
        raise NumberTaken(codes)
    for number, election_id in {(d.number, d.placement.election_id) for d in drafts if d.number}:
        if next_notice_number(session, election_id) > number:
            raise NumberTaken(number)


def issue(session: Session, kind_key: str, spec, placement: Placement,
          number_format=None, *, number: int | None = None, archive_title: str = "") -> Document:
    """Draft, render and archive in one go (small documents, the demo, tests)."""
    document_draft = draft(session, kind_key, spec, placement, number_format, number=number,
                           archive_title=archive_title)
    return archive(session, [document_draft], [render(document_draft)])[0]


def preview(kind_key: str, spec) -> bytes:
    """Render without archiving; the footer says it is a preview, not an issued document."""
    return kind(kind_key).render(spec, Footer(note="预览件 · 未存档 · 不得张贴"))


def _title_of(spec, document_kind: DocumentKind) -> str:
    """The archive title: the printed title on one line."""
    return (getattr(spec, "title", "") or document_kind.label).replace("\n", "")


def find(session: Session, code: str) -> Document | None:
    """The archived document with this verification code."""
    return session.scalars(select(Document).where(Document.code == normalise_code(code))).first()


@dataclass(frozen=True)
class Comparison:
    """The result of checking a file against the archive."""

    identical: bool
    message: Msg
    archived: Document | None = None


def compare(session: Session, code: str, data: bytes) -> Comparison:
    """Is ``data`` byte-identical to the document archived under ``code``?"""
    archived = find(session, code)
    digest = hashlib.sha256(data).hexdigest()
    if archived is None:
        return Comparison(False, msg("核验码“{code}”在档案中不存在", code=code.strip()))
    if digest == archived.sha256:
        return Comparison(True, msg(
            "文件与档案中的“{title}”完全一致（SHA-256 {digest}）", title=archived.title,
            digest=digest[:16] + "…"), archived)
    return Comparison(False, msg(
        "文件与档案中的“{title}”不一致：文件 SHA-256 为 {given}，档案为 {stored}。"
        "该文件不是本程序生成的原件，或已被改动。", title=archived.title,
        given=digest[:16] + "…", stored=archived.sha256[:16] + "…"), archived)


def reproduce(document: Document) -> bytes:
    """Render the archived spec again (with its own code and anchor): equal bytes prove the
    archive intact."""
    document_kind = kind(document.kind)
    spec = spec_from_json(document_kind.spec_type, document.spec_json)
    session = object_session(document)
    anchor = audit.anchor_of_document(session, document.code) if session is not None else ""
    return document_kind.render(spec, Footer(document.code, QR_PREFIX + document.code, anchor=anchor))


def archived_documents(session: Session, *, township_id: int | None = None,
                       village_id: int | None = None) -> list[Document]:
    """Archived documents, newest first, optionally for one township or village."""
    query = select(Document).order_by(Document.id.desc())
    if township_id is not None:
        query = query.where(Document.township_id == township_id)
    if village_id is not None:
        query = query.where(Document.village_id == village_id)
    return list(session.scalars(query))


@dataclass(frozen=True)
class DocumentRow:
    """One archived document as the documents table lists it (its bytes stay in the archive)."""

    id: int
    code: str
    notice_number: int | None
    kind_label: str
    title: str
    created_at: datetime
    operator: str
    pages: int


def document_rows(session: Session, *, village_id: int | None = None) -> list[DocumentRow]:
    """The archive's lines, newest first, optionally of one village (no PDF bytes loaded)."""
    from printing.documents import kinds

    labels = {key: document_kind.label for key, document_kind in kinds().items()}
    query = select(Document.id, Document.code, Document.notice_number, Document.kind,
                   Document.title, Document.created_at, Document.operator, Document.pages
                   ).order_by(Document.id.desc())
    if village_id is not None:
        query = query.where(Document.village_id == village_id)
    return [DocumentRow(ident, code, number, labels.get(key, key), title, created, operator, pages)
            for ident, code, number, key, title, created, operator, pages in session.execute(query)]


@dataclass(frozen=True)
class ArchivedFile:
    """An archived document's bytes with what identifies them."""

    id: int
    code: str
    title: str
    sha256: str
    pdf: bytes


def archived_file(session: Session, document_id: int) -> ArchivedFile:
    """The bytes of one archived document, as issued."""
    document = session.get(Document, document_id)
    return ArchivedFile(document.id, document.code, document.title, document.sha256, document.pdf)


@dataclass(frozen=True)
class ArchiveEntry:
    """What the archive says of one document, for the 核验 dialog."""

    id: int
    code: str
    title: str
    kind_label: str
    place: str
    created_at: datetime
    operator: str
    pages: int
    sha256: str


def lookup(session: Session, code: str) -> ArchiveEntry | None:
    """The archive's record of the document with this verification code (typed loosely)."""
    from printing.documents import kinds

    document = find(session, code)
    if document is None:
        return None
    township, village = issuer_names(session, Placement(document.township_id, document.village_id))
    document_kind = kinds().get(document.kind)
    return ArchiveEntry(document.id, document.code, document.title,
                        document_kind.label if document_kind else document.kind,
                        " ".join(part for part in (township, village) if part) or "—",
                        document.created_at, document.operator, document.pages, document.sha256)


def placement_of(session: Session, *, village_id: int | None = None,
                 election_id: int | None = None) -> Placement:
    """Where a document issued for an election, or else for a village, belongs."""
    if election_id is not None:
        return Placement.of_election(session, session.get(ElectionProcess, election_id))
    village = session.get(Village, village_id) if village_id is not None else None
    return Placement(village.township_id if village else None, village_id, None)


def issuer_names(session: Session, placement: Placement) -> tuple[str, str]:
    """(township name, village name) for headings and issuers."""
    township = session.get(Township, placement.township_id) if placement.township_id else None
    village = session.get(Village, placement.village_id) if placement.village_id else None
    return (township.name if township else "", village.name if village else "")
