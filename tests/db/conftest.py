"""A fresh database per test: SQLite always; PostgreSQL too where BAOCAO_TEST_POSTGRES_URL names a server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.core.model import Report
from app.core.report_file import read_report
from db.engine import Database, open_database
from db.repository import DraftRepository
from tests.conftest import EXAMPLE_NAMES, example_path

POSTGRES_URL = os.environ.get("BAOCAO_TEST_POSTGRES_URL", "")


def _backends() -> list[str]:
    return ["sqlite", "postgresql"]


@pytest.fixture(params=_backends())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        opened = open_database(f"sqlite:///{tmp_path / 'baocao.sqlite3'}")
        yield opened
        opened.close()
        return
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the repository tests on PostgreSQL: tools/test.sh starts a server")
        pytest.skip("no PostgreSQL server here (set BAOCAO_TEST_POSTGRES_URL; tools/test.sh does it in CI)")
    name = f"baocao_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    opened = open_database(url)
    yield opened
    opened.close()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(f"sqlite:///{tmp_path / 'baocao.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def library(database: Database) -> DraftRepository:
    return DraftRepository(database)


@pytest.fixture
def examples() -> dict[str, Report]:
    return {name: read_report(example_path(name)) for name in EXAMPLE_NAMES}
