"""The archive of every generated document: its spec, its bytes and their SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Document(Base):
    """One generated document, kept byte for byte so a posted copy can be checked.

    ``code`` is the short verification code printed on every page; it is reserved before
    the document is rendered, so it cannot depend on the bytes, while ``sha256`` is
    computed afterwards from the exact bytes archived.
    """

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True, info={"label": "核验码"})
    kind: Mapped[str] = mapped_column(String(40), info={"label": "文书种类"})
    title: Mapped[str] = mapped_column(String(200), info={"label": "标题"})
    township_id: Mapped[int | None] = mapped_column(
        ForeignKey("township.id", ondelete="SET NULL"), nullable=True, index=True)
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("village.id", ondelete="SET NULL"), nullable=True, index=True)
    election_id: Mapped[int | None] = mapped_column(
        ForeignKey("election_process.id", ondelete="SET NULL"), nullable=True)
    notice_number: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "公告编号"})
    spec_json: Mapped[str] = mapped_column(Text, info={"label": "内容", "audit": False})
    sha256: Mapped[str] = mapped_column(String(64), info={"label": "SHA-256"})
    size: Mapped[int] = mapped_column(Integer, info={"label": "字节数"})
    pages: Mapped[int] = mapped_column(Integer, default=0, info={"label": "页数"})
    pdf: Mapped[bytes] = mapped_column(LargeBinary, info={"label": "PDF", "audit": False})
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    operator: Mapped[str] = mapped_column(String(60), default="", info={"label": "操作人员"})
