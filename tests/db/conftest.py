"""A fresh database per test: SQLite always; PostgreSQL too where BAOCAO_TEST_POSTGRES_URL names a server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from app.core.model import Report
from app.core.report_file import read_report
from db.engine import Database, open_database
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path

POSTGRES_URL = os.environ.get("BAOCAO_TEST_POSTGRES_URL", "")
SERVER_TIME_ZONE = "Asia/Ho_Chi_Minh"
"""The time zone of each test database on PostgreSQL, as on many agencies' servers; timestamps must not care."""


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[Engine]:
    """A connection to the server's maintenance database, for creating a database per test."""
    if not POSTGRES_URL:
        if _in_ci():
            pytest.fail("CI must run the repository tests on PostgreSQL: tools/test.sh starts a server")
        pytest.skip(
            "no PostgreSQL server here (set BAOCAO_TEST_POSTGRES_URL, or run BAOCAO_TEST_POSTGRES=1 tools/test.sh)"
        )
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    yield admin
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        opened = open_database(f"sqlite:///{tmp_path / 'baocao.sqlite3'}")
        yield opened
        opened.close()
        return
    admin: Engine = request.getfixturevalue("postgresql_server")
    name = f"baocao_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        connection.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO '{SERVER_TIME_ZONE}'"))
    try:
        opened = open_database(make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False))
        yield opened
        opened.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def library(database: Database) -> DraftRepository:
    return DraftRepository(database)


@pytest.fixture
def examples() -> dict[str, Report]:
    return {name: read_report(example_path(name)) for name in EXAMPLE_NAMES}
