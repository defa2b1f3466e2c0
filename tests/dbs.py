"""Databases for the campaign tests: a SQLite file per test, and PostgreSQL when available.

PostgreSQL tests read PLANNER_TEST_DATABASE_URL (`.ci/run` sets it when the server answers) and
skip with a visible reason without it. Each test gets its own schema, dropped afterwards, so
reruns and parallel runs do not see each other's tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "PLANNER_TEST_DATABASE_URL"
PG_SKIP = f"{PG_ENV} is not set: PostgreSQL tests skipped (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
BACKENDS = ["sqlite", "postgresql"]


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'campaigns.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose search_path is a fresh, empty schema."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"planner_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One URL per backend: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return str(request.getfixturevalue("postgres_url"))
