"""Alembic environment for planner.

planner runs migrations itself (`planner db upgrade`, or automatically on first use) and hands
its open connection over in `config.attributes["connection"]`, so no alembic.ini is needed and
this works from an installed wheel. Run by hand (`alembic -x url=...`), it opens the URL given
with `-x url=`, or PLANNER_DATABASE_URL.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from planner.campaigns.db import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        compare_server_default=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("PLANNER_DATABASE_URL")
    if not url:
        raise SystemExit("give the database with -x url=URL or PLANNER_DATABASE_URL")
    engine = create_engine(url)
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("planner's migrations run online only; use `planner db upgrade`")
run_migrations_online()
