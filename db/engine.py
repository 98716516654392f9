"""Opening the drafts database: where it lives, how SQLite is set up, checks and migrations.

SQLite in the user's data folder by default; another file with `--db PATH` or `BAOCAO_DB`; any
SQLAlchemy URL (`--database-url`, or `BAOCAO_DB` holding a URL) so an agency can share PostgreSQL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

APP_FOLDER = "TroLyBaoCao"
DATABASE_FILE = "baocao.sqlite3"
ENVIRONMENT_VARIABLE = "BAOCAO_DB"
SCHEMA_HEAD = "0001"
"""The newest migration under db/migrations/versions (a test keeps the two equal)."""
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be used; the message says why and what to do, in Vietnamese."""


def data_folder() -> Path:
    return platformdirs.user_data_path(APP_FOLDER, appauthor=False)


def default_database_path() -> Path:
    return data_folder() / DATABASE_FILE


def database_url(*, url: str | None = None, path: str | os.PathLike[str] | None = None) -> str:
    """The URL to open: an explicit URL, an explicit file, BAOCAO_DB, or the default file."""
    if url:
        return url
    if path is None:
        configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
        if "://" in configured:
            return configured
        path = configured or default_database_path()
    return f"sqlite:///{Path(path).expanduser().resolve()}"


@dataclass
class Database:
    """An open database: the engine and a session factory for the repository."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        """The database file for SQLite (backups copy it); None for a server."""
        database = self.engine.url.database
        return Path(database) if self.is_sqlite and database and database != ":memory:" else None

    def close(self) -> None:
        self.engine.dispose()


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling lets CREATE/ALTER commit one by one, so a crash in the
    # middle of a migration would leave half a schema: hand transactions to SQLAlchemy instead
    # (SQLAlchemy's documented pysqlite recipe, with _begin_sqlite below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Wait for another process's write or crash recovery instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets the window read while a save is written; FULL makes every commit survive a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def create_database_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(
                    f"Không tạo được thư mục dữ liệu «{folder}»: {error.strerror}. Hãy chọn nơi khác bằng --db."
                ) from None
        engine = create_engine(url)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "connect", _configure_postgresql)
    return engine


def open_database(url: str | None = None, *, migrate: bool = True, check: bool = True) -> Database:
    """Open (creating or migrating as needed) the database at `url`, or the default one."""
    url = url or database_url()
    engine = create_database_engine(url)
    database = Database(engine, sessionmaker(engine, expire_on_commit=False))
    try:
        if check and database.is_sqlite:
            check_integrity(database)
        if migrate:
            migrate_to_head(database)
    except DBAPIError as error:
        engine.dispose()
        raise DatabaseError(_describe(error, url)) from None
    except DatabaseError:
        engine.dispose()
        raise
    return database


def check_integrity(database: Database) -> None:
    """PRAGMA integrity_check; a damaged file is reported, never used."""
    with database.engine.connect() as connection:
        rows = [row[0] for row in connection.execute(text("PRAGMA integrity_check")).fetchall()]
    if rows != ["ok"]:
        detail = "; ".join(rows[:3])
        raise DatabaseError(
            f"Cơ sở dữ liệu «{database.path}» bị hỏng ({detail}). "
            "Hãy khôi phục từ bản sao lưu gần nhất: main.py drafts restore --from-backup latest"
        )


def schema_version(database: Database) -> str | None:
    with database.engine.connect() as connection:
        if not database.engine.dialect.has_table(connection, "alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate_to_head(database: Database) -> None:
    """Bring the schema to the newest version; an existing older database is backed up first."""
    current = schema_version(database)
    if current == SCHEMA_HEAD:
        return
    if current is not None and database.path is not None:
        from db.backup import backup_database  # only when a migration is due

        backup_database(database, reason=f"truoc-nang-cap-{current}")
    from alembic import command  # importing alembic costs ≈ 0.5 s
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _describe(error: DBAPIError, url: str) -> str:
    message = str(error.orig) if error.orig is not None else str(error)
    safe_url = make_url(url).render_as_string(hide_password=True)
    if "file is not a database" in message or "malformed" in message:
        return (
            f"Tệp «{safe_url}» không phải cơ sở dữ liệu hợp lệ hoặc đã bị hỏng. "
            "Hãy khôi phục từ bản sao lưu: main.py drafts restore --from-backup latest"
        )
    if "readonly" in message or "read-only" in message:
        return f"Cơ sở dữ liệu «{safe_url}» chỉ đọc, không lưu được; hãy kiểm tra quyền ghi của tệp."
    if "unable to open" in message:
        return f"Không mở được cơ sở dữ liệu «{safe_url}»; hãy kiểm tra đường dẫn và quyền truy cập."
    return f"Lỗi cơ sở dữ liệu «{safe_url}»: {message}"
