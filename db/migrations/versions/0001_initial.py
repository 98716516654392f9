"""The first schema: drafts, revisions, organisations, address book, signers and the search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_now = sa.func.current_timestamp()


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("parent", sa.String(300)),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("profile", sa.String(10), nullable=False),
        sa.Column("default_signer", sa.JSON),
        sa.Column("default_recipients", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_now),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=_now),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("profile", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("period", sa.String(60)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("issuer_name", sa.String(300), nullable=False),
        sa.Column("issuer_key", sa.String(300), nullable=False),
        sa.Column("number", sa.Integer),
        sa.Column("issued_on", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column(
            "source_id", sa.Integer, sa.ForeignKey("drafts.id", name="fk_drafts_source_id_drafts", ondelete="SET NULL")
        ),
        sa.Column(
            "organisation_id",
            sa.Integer,
            sa.ForeignKey("organisations.id", name="fk_drafts_organisation_id_organisations", ondelete="SET NULL"),
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
        sa.Column("search_title", sa.Text, nullable=False),
        sa.Column("search_summary", sa.Text, nullable=False),
        sa.Column("search_body", sa.Text, nullable=False),
        sa.Column("search_people", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_now),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=_now),
    )
    op.create_index("ix_drafts_library", "drafts", ["deleted_at", "updated_at"])
    op.create_index("ix_drafts_year", "drafts", ["year"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "draft_id",
            sa.Integer,
            sa.ForeignKey("drafts.id", name="fk_revisions_draft_id_drafts", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_revisions_draft", "revisions", ["draft_id", "created_at"])
    op.create_table(
        "recipients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("use_count", sa.Integer, nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name="uq_recipients_name"),
    )
    op.create_table(
        "signers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("on_behalf_of", sa.String(300)),
        sa.Column("mode", sa.String(5)),
        sa.Column("head_title", sa.String(200)),
        sa.Column("use_count", sa.Integer, nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", "title", name="uq_signers_name_title"),
    )
    _create_search_index()


def _create_search_index() -> None:
    """The full-text index over the folded search columns of drafts, in each server's own way."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External-content FTS5 kept in step by plain triggers: the folded text is stored once,
        # in drafts, and no application function is needed inside the triggers.
        op.execute(
            "CREATE VIRTUAL TABLE drafts_fts USING fts5(search_title, search_summary, search_body, search_people, "
            "content='drafts', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        columns = "search_title, search_summary, search_body, search_people"
        new = "new.search_title, new.search_summary, new.search_body, new.search_people"
        old = "old.search_title, old.search_summary, old.search_body, old.search_people"
        op.execute(
            f"CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN "
            f"INSERT INTO drafts_fts(rowid, {columns}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN "
            f"INSERT INTO drafts_fts(drafts_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER drafts_fts_update AFTER UPDATE OF {columns} ON drafts BEGIN "
            f"INSERT INTO drafts_fts(drafts_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO drafts_fts(rowid, {columns}) VALUES (new.id, {new}); END"
        )
    elif dialect == "postgresql":
        # PostgreSQL's parser keeps `2021-2022`, `30/6/2022`, `45/BC-UBND` or `a@b.vn` whole (and, in the
        # C locale, glues words across `–` and `“”`), so `2022` would not find them; like FTS5's unicode61,
        # every run of characters other than letters and digits separates words here.
        def words(column: str) -> str:
            return f"to_tsvector('simple', regexp_replace({column}, '[^[:alnum:]]+', ' ', 'g'))"

        op.execute(
            "ALTER TABLE drafts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            f"setweight({words('search_title')}, 'A') || "
            f"setweight({words('search_summary')}, 'B') || "
            f"setweight({words('search_people')}, 'C') || "
            f"setweight({words('search_body')}, 'D')) STORED"
        )
        op.execute("CREATE INDEX ix_drafts_search_vector ON drafts USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("drafts_fts_insert", "drafts_fts_delete", "drafts_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS drafts_fts")
    for table in ("signers", "recipients", "revisions", "drafts", "organisations"):
        op.drop_table(table)
