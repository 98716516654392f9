"""Opening the drafts database: where it lives, how SQLite is set up, checks and migrations.

SQLite in the user's data folder by default; another file with `--db PATH` or `BAOCAO_DB`; any
SQLAlchemy URL (`--database-url`, or `BAOCAO_DB` holding a URL) so an agency can share PostgreSQL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.core.paths import data_folder

DATABASE_FILE = "baocao.sqlite3"
ENVIRONMENT_VARIABLE = "BAOCAO_DB"
SCHEMA_HEAD = "0001"
"""The newest migration under db/migrations/versions (a test keeps the two equal)."""
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be used; the message says why and what to do, in Vietnamese."""


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


def _configure_postgresql(dbapi_connection: Any, _record: Any) -> None:
    # Timestamps come back in UTC whatever the server's time zone (often Asia/Ho_Chi_Minh), as from
    # SQLite: the snapshot thinning counts hours and days in UTC. A SET rather than a startup option,
    # which a pooler such as PgBouncer refuses; committed so that the pool's rollback keeps it.
    cursor = dbapi_connection.cursor()
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.close()
    dbapi_connection.commit()


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
        raise DatabaseError(describe_database_error(error, url)) from None
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
    """Bring the schema to the newest version; an existing older database is backed up first.

    On SQLite the migration runs with foreign keys off (a batch migration rebuilds tables, and
    dropping `drafts` with them on would cascade into every revision) and is checked before commit.
    """
    current = schema_version(database)
    if current == SCHEMA_HEAD:
        return
    # Importing alembic costs ≈ 0.5 s: only when a migration is due.
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if current is not None:
        try:
            ScriptDirectory.from_config(config).get_revision(current)
        except CommandError:
            raise DatabaseError(
                f"Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của Trợ lý Báo cáo (lược đồ «{current}»); "
                "hãy cập nhật chương trình rồi mở lại. Dữ liệu không bị thay đổi."
            ) from None
        if database.path is not None:
            from db.backup import backup_database

            backup_database(database, reason=f"truoc-nang-cap-{current}")
    with database.engine.connect() as connection:
        driver = connection.connection.driver_connection if database.is_sqlite else None
        if driver is not None:
            driver.execute("PRAGMA foreign_keys=OFF")  # only outside a transaction
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if driver is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise DatabaseError(
                        "Nâng cấp cơ sở dữ liệu làm hỏng liên kết giữa các bảng nên đã được hủy; "
                        "dữ liệu không bị thay đổi. Hãy báo lỗi này cho người hỗ trợ."
                    )
        finally:
            if driver is not None:
                driver.execute("PRAGMA foreign_keys=ON")


def describe_database_error(error: DBAPIError, url: str) -> str:
    """What went wrong with the database file, in Vietnamese, with what to do."""
    message = str(error.orig) if error.orig is not None else str(error)
    safe_url = make_url(url).render_as_string(hide_password=True)
    if "file is not a database" in message or "malformed" in message:
        return (
            f"Tệp «{safe_url}» không phải cơ sở dữ liệu hợp lệ hoặc đã bị hỏng. "
            "Hãy khôi phục từ bản sao lưu: main.py drafts restore --from-backup latest"
        )
    if "already exists" in message:
        return (
            f"Tệp «{safe_url}» có dữ liệu nhưng không rõ phiên bản (không do Trợ lý Báo cáo tạo, hoặc lần tạo "
            "trước bị dừng giữa chừng). Hãy chọn tệp khác bằng --db, hoặc khôi phục: "
            "main.py drafts restore --from-backup latest"
        )
    if "readonly" in message or "read-only" in message:
        return f"Cơ sở dữ liệu «{safe_url}» chỉ đọc, không lưu được; hãy kiểm tra quyền ghi của tệp."
    if "disk i/o error" in message.lower() or "database or disk is full" in message:
        return (
            f"Không ghi được cơ sở dữ liệu «{safe_url}»: ổ đĩa đầy hoặc lỗi đọc ghi. "
            "Hãy giải phóng dung lượng ổ đĩa rồi thử lại; dữ liệu đã lưu trước đó vẫn còn."
        )
    if "unable to open" in message:
        return f"Không mở được cơ sở dữ liệu «{safe_url}»; hãy kiểm tra đường dẫn và quyền truy cập."
    return f"Lỗi cơ sở dữ liệu «{safe_url}»: {message}"
