"""Which database: the URL from `--db`, PLANNER_DATABASE_URL or the default SQLite file.

Kept apart from the store so that knowing the URL does not import SQLAlchemy (a cached feed
is published without opening the database; see `planner.feeds.published`).
"""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_ENV = "PLANNER_DATABASE_URL"


def default_url() -> str:
    """A SQLite file in the user's data folder (created if missing)."""
    import platformdirs

    folder = platformdirs.user_data_path("planner", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'planner.campaigns.db'}"


def normalise_url(text: str | None) -> str:
    """A database URL from what a user typed: a URL, or a plain file path for SQLite.

    Empty means the default database; `postgresql://` and `postgres://` use psycopg 3.
    """
    value = (text or "").strip()
    if not value:
        return default_url()
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


def chosen_url(url: str | None = None) -> str:
    """`url`, else $PLANNER_DATABASE_URL, else the default file; normalised."""
    return normalise_url(url if url else os.environ.get(DATABASE_ENV))
