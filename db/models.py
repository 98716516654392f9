"""The tables of the drafts library (typed SQLAlchemy 2.0). The UI and CLI use db.repository, not these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, MetaData, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: DateTime(timezone=True)}  # noqa: RUF012


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utc_now, onupdate=utc_now, server_default=func.current_timestamp()
    )


class Organisation(Timestamped, Base):
    """An issuing body filled in once and offered again: header, default signer and recipients."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    parent: Mapped[str | None] = mapped_column(String(300))
    code: Mapped[str] = mapped_column(String(50))
    place: Mapped[str] = mapped_column(String(100))
    profile: Mapped[str] = mapped_column(String(10), default="state")
    default_signer: Mapped[dict[str, Any] | None]
    default_recipients: Mapped[list[Any]] = mapped_column(default=list)


class Draft(Timestamped, Base):
    """One report being written or already sent, with the whole report as report-file JSON."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(30))
    profile: Mapped[str] = mapped_column(String(10))
    year: Mapped[int | None]
    period: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="nhap")
    issuer_name: Mapped[str] = mapped_column(String(300))
    issuer_key: Mapped[str] = mapped_column(String(300), default="")
    """The issuer folded for search (lower case, no diacritics), for the issuer filter."""
    number: Mapped[int | None]
    """The number the clerk finally assigned (also written into the report)."""
    issued_on: Mapped[dt.date | None]
    version: Mapped[int] = mapped_column(default=1)
    """Raised by every save; a save naming an older version is a conflict."""
    content: Mapped[str] = deferred(mapped_column(Text))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    deleted_at: Mapped[dt.datetime | None]
    """Set when moved to the trash; nothing is removed at once."""

    # Folded (lower case, no diacritics, đ → d) copies of the text, indexed for search.
    search_title: Mapped[str] = deferred(mapped_column(Text, default=""))
    search_summary: Mapped[str] = deferred(mapped_column(Text, default=""))
    search_body: Mapped[str] = deferred(mapped_column(Text, default=""))
    search_people: Mapped[str] = deferred(mapped_column(Text, default=""))

    revisions: Mapped[list[Revision]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", passive_deletes=True, order_by="Revision.id"
    )

    __table_args__ = (
        Index("ix_drafts_library", "deleted_at", "updated_at"),
        Index("ix_drafts_year", "year"),
    )


class Revision(Base):
    """A saved state of a draft: every explicit save, autosave snapshots (thinned), conflicts."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = deferred(mapped_column(Text))
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    draft: Mapped[Draft] = relationship(back_populates="revisions")

    __table_args__ = (Index("ix_revisions_draft", "draft_id", "created_at"),)


class Recipient(Base):
    """The address book: every Kính gửi and Nơi nhận line ever used, most used first."""

    __tablename__ = "recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    use_count: Mapped[int] = mapped_column(default=0)
    last_used_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class Signer(Base):
    """Signers seen in saved drafts, with how they signed."""

    __tablename__ = "signers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[str | None] = mapped_column(String(300))
    mode: Mapped[str | None] = mapped_column(String(5))
    head_title: Mapped[str | None] = mapped_column(String(200))
    use_count: Mapped[int] = mapped_column(default=0)
    last_used_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    __table_args__ = (UniqueConstraint("name", "title", name="uq_signers_name_title"),)
