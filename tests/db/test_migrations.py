"""The schema's versions: Alembic migrations, what opening a database checks, and upgrading older files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import db.engine
from app.core.model import Report
from db.backup import list_backups
from db.engine import MIGRATIONS, SCHEMA_HEAD, DatabaseError, open_database
from db.repository import DraftRepository

TRA_TAY = "ubnd-xa-tra-tay-so-ket-2023"
BINH_SON = "ubnd-huyen-binh-son-so-ket-2022"
TABLES = {"alembic_version", "organisations", "drafts", "revisions", "recipients", "signers", "drafts_fts"}
NEXT_REVISION = '''"""A test-only next schema version, as the program's next release would ship it."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drafts", recreate="{recreate}") as batch:
        batch.add_column(sa.Column("ghi_chu", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("ghi_chu")
'''


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


def schema_objects(path: Path, kind: str) -> set[str]:
    return {str(name) for (name,) in rows(path, f"SELECT name FROM sqlite_master WHERE type = '{kind}'")}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "baocao.sqlite3"


@pytest.fixture
def filled(path: Path, examples: dict[str, Report]) -> Path:
    """A database at the current schema with two drafts, one saved twice; closed again."""
    database = open_database(sqlite_url(path))
    library = DraftRepository(database)
    draft = library.create(examples[TRA_TAY])
    report = examples[TRA_TAY]
    report.summary = "Sơ kết (bản sửa)"
    library.save(draft.id, report, expected_version=draft.version)
    library.create(examples[BINH_SON])
    database.close()
    return path


def next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, recreate: str = "auto") -> None:
    """Make db.engine see a migrations folder with one more revision, as after an update of the program."""
    folder = tmp_path / "migrations-moi"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "0002_ghi_chu.py").write_text(
        NEXT_REVISION.format(head=SCHEMA_HEAD, recreate=recreate), encoding="utf-8"
    )
    monkeypatch.setattr(db.engine, "MIGRATIONS", folder)
    monkeypatch.setattr(db.engine, "SCHEMA_HEAD", "0002")


# -- the migrations folder ----------------------------------------------------------------------


def test_schema_head_is_the_single_head_of_the_migrations() -> None:
    scripts = ScriptDirectory(str(MIGRATIONS))
    assert scripts.get_heads() == [SCHEMA_HEAD]
    assert [revision.revision for revision in scripts.walk_revisions()][-1] == "0001"  # versioned from the first


# -- a fresh database ---------------------------------------------------------------------------


def test_a_fresh_database_gets_every_table_the_search_index_and_the_head_version(path: Path) -> None:
    database = open_database(sqlite_url(path))
    try:
        assert set(inspect(database.engine).get_table_names()) >= TABLES
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [SCHEMA_HEAD]
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        database.close()
    assert {"drafts_fts_insert", "drafts_fts_delete", "drafts_fts_update"} <= schema_objects(path, "trigger")
    assert not (path.parent / "sao-luu").exists()  # nothing to back up before the first migration


def test_opening_again_does_not_run_the_migrations_again(
    filled: Path, monkeypatch: pytest.MonkeyPatch, examples: dict[str, Report]
) -> None:
    import alembic.command

    def no_migration(*_arguments: object, **_options: object) -> None:
        raise AssertionError("the migrations ran on a database already at the newest version")

    monkeypatch.setattr(alembic.command, "upgrade", no_migration)
    before = rows(filled, "SELECT * FROM alembic_version")
    database = open_database(sqlite_url(filled))
    try:
        assert [draft.id for draft in DraftRepository(database).list_drafts()] == [2, 1]
    finally:
        database.close()
    assert rows(filled, "SELECT * FROM alembic_version") == before
    assert not (filled.parent / "sao-luu").exists()


# -- an older database --------------------------------------------------------------------------


def test_an_older_database_is_backed_up_then_migrated(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts_before = rows(filled, "SELECT id, title, version FROM drafts ORDER BY id")
    next_release(tmp_path, monkeypatch)

    database = open_database(sqlite_url(filled))
    try:
        [backup] = list_backups(database)
        library = DraftRepository(database)
        assert [draft.id for draft in library.list_drafts()] == [2, 1]
        assert library.get(1).report.summary == "Sơ kết (bản sửa)"
        assert [hit.draft.id for hit in library.search("tra tay")][:1] == [1]
    finally:
        database.close()

    # The copy was taken before the upgrade: the old version, without the new column, every draft in it.
    assert backup.reason == f"truoc-nang-cap-{SCHEMA_HEAD}"
    assert backup.path.parent == filled.parent / "sao-luu"
    assert rows(backup.path, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    assert "ghi_chu" not in {row[1] for row in rows(backup.path, "PRAGMA table_info(drafts)")}
    assert rows(backup.path, "SELECT id, title, version FROM drafts ORDER BY id") == drafts_before
    assert rows(backup.path, "PRAGMA integrity_check") == [("ok",)]

    assert rows(filled, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert "ghi_chu" in {row[1] for row in rows(filled, "PRAGMA table_info(drafts)")}
    assert rows(filled, "SELECT id, title, version FROM drafts ORDER BY id") == drafts_before

    database = open_database(sqlite_url(filled))  # now at the head: no second copy
    database.close()
    assert len(list(backup.path.parent.glob("*.sqlite3"))) == 1


def test_a_batch_migration_that_rebuilds_drafts_keeps_every_revision(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(sqlite_url(filled))
    DraftRepository(database).clone(1, year=2024)
    database.close()
    revisions_before = rows(filled, "SELECT id, draft_id, version FROM revisions ORDER BY id")
    sources_before = rows(filled, "SELECT id, source_id FROM drafts ORDER BY id")
    assert len(revisions_before) == 4 and sources_before[-1] == (3, 1)

    next_release(tmp_path, monkeypatch, recreate="always")
    open_database(sqlite_url(filled)).close()
    assert rows(filled, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert rows(filled, "SELECT id, source_id FROM drafts ORDER BY id") == sources_before
    assert rows(filled, "SELECT id, draft_id, version FROM revisions ORDER BY id") == revisions_before


def test_a_database_from_a_newer_release_is_refused_in_vietnamese(filled: Path) -> None:
    with closing(sqlite3.connect(filled)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
        connection.commit()
    with pytest.raises(DatabaseError):
        open_database(sqlite_url(filled))
    assert rows(filled, "SELECT version_num FROM alembic_version") == [("0099",)]


@pytest.mark.parametrize("version_table", ["missing", "empty"])
def test_a_database_with_tables_but_no_version_is_refused_untouched(filled: Path, version_table: str) -> None:
    with closing(sqlite3.connect(filled)) as connection:
        connection.execute(
            "DROP TABLE alembic_version" if version_table == "missing" else "DELETE FROM alembic_version"
        )
        connection.commit()
    before = digest(filled)
    with pytest.raises(DatabaseError, match="không rõ phiên bản"):
        open_database(sqlite_url(filled))
    assert digest(filled) == before
    assert rows(filled, "SELECT count(*) FROM drafts") == [(2,)]


# -- the integrity check ------------------------------------------------------------------------


def test_a_damaged_file_is_refused_in_vietnamese_and_left_as_it_was(filled: Path) -> None:
    data = bytearray(filled.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + 4 * page] = b"\xde\xad\xbe\xef" * page
    filled.write_bytes(bytes(data))
    before = digest(filled)

    with pytest.raises(DatabaseError) as refused:
        open_database(sqlite_url(filled))
    message = str(refused.value)
    assert "hỏng" in message and "main.py drafts restore --from-backup latest" in message
    assert digest(filled) == before
    assert not (filled.parent / "sao-luu").exists()


def test_damage_only_the_integrity_check_finds_is_refused_too(filled: Path) -> None:
    # An index that no longer matches its table: every query still works, only PRAGMA integrity_check sees it.
    with closing(sqlite3.connect(filled)) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_drafts_year ON drafts (title)' "
            "WHERE name = 'ix_drafts_year'"
        )
        connection.commit()
    assert rows(filled, "SELECT count(*) FROM drafts") == [(2,)]
    before = digest(filled)

    with pytest.raises(DatabaseError) as refused:
        open_database(sqlite_url(filled))
    message = str(refused.value)
    assert message.startswith(f"Cơ sở dữ liệu «{filled}» bị hỏng (row 1 missing from index ix_drafts_year")
    assert "Hãy khôi phục từ bản sao lưu gần nhất: main.py drafts restore --from-backup latest" in message
    assert digest(filled) == before


def test_a_file_that_is_not_a_database_is_refused_in_vietnamese(path: Path) -> None:
    path.write_text("Đây là một tệp văn bản, không phải cơ sở dữ liệu.\n" * 100, encoding="utf-8")
    before = digest(path)
    with pytest.raises(DatabaseError, match="không phải cơ sở dữ liệu hợp lệ"):
        open_database(sqlite_url(path))
    assert digest(path) == before
