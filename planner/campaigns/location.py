"""Where the campaign database is: URLs from what users type, the default file, and whether a
SQLite database exists yet. Standard library only (no SQLAlchemy), so a read command can find
out that there is no database without loading the database layer.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner.errors import PlannerError

DATABASE_ENV = "PLANNER_DATABASE_URL"
DEFAULT_FILE = "planner.campaigns.db"


class NoDatabase(PlannerError):
    """A read command was pointed at a SQLite database file that does not exist.

    Carries `path` (the file looked for) and `explicit` (False for the default database).
    """

    def __init__(self, path: Path, *, explicit: bool) -> None:
        self.path = path
        self.explicit = explicit
        if explicit:
            message = (
                f"no database at {path}; check the --db path (or PLANNER_DATABASE_URL), or create it with "
                f"`planner --db {path} db upgrade` (or `planner --db {path} campaign new OBSERVANCE`)"
            )
        else:
            message = (
                f"no campaign database yet (looked for {path}); create one with `planner campaign new OBSERVANCE` "
                "or `planner db upgrade`"
            )
        super().__init__(message)


def default_path() -> Path:
    """The default SQLite file in the user's data folder (nothing is created)."""
    import platformdirs

    return platformdirs.user_data_path("planner", appauthor=False) / DEFAULT_FILE


def default_url() -> str:
    """The default database's URL; its folder is created if missing (the file is not)."""
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def chosen_url(url: str | None) -> str | None:
    """What the user chose: `url`, else $PLANNER_DATABASE_URL, else None (the default file)."""
    value = (url or os.environ.get(DATABASE_ENV) or "").strip()
    return value or None


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


def sqlite_file(url: str) -> Path | None:
    """The file a `sqlite://` URL names; None for another database, an in-memory one or a URL
    SQLite would not read as a file (the store explains those)."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix) :].split("?", 1)[0]
            if not rest or rest == ":memory:":
                return None
            return Path(rest)
    return None


def existing_url(url: str | None) -> str:
    """The URL of a database that exists: `url`, else $PLANNER_DATABASE_URL, else the default
    file. Raises `NoDatabase` when it is a SQLite file that does not exist; never creates
    anything. Other databases (PostgreSQL) are assumed to exist: the store says if not."""
    chosen = chosen_url(url)
    if chosen is None:
        path = default_path()
        if not path.is_file():
            raise NoDatabase(path, explicit=False)
        return f"sqlite:///{path}"
    full = normalise_url(chosen)
    file = sqlite_file(full)
    if file is not None and not file.is_file():
        raise NoDatabase(file, explicit=True)
    return full
