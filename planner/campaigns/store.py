"""The campaign store: a database behind repository functions that speak core dataclasses.

- Default database: a SQLite file in the user's data folder, created and migrated on first use.
  Any SQLAlchemy URL works (`--db URL` or PLANNER_DATABASE_URL); PostgreSQL through psycopg 3.
- SQLite runs in WAL mode with a busy timeout, and write transactions start with
  `BEGIN IMMEDIATE`, so two processes writing at once queue up instead of failing or losing work.
- One transaction per call: a call either completes or changes nothing. Read-modify-write goes
  through `Store.change`, which locks the campaign (`FOR UPDATE` on PostgreSQL).
- Migrations are Alembic's, run through its command API with planner's own connection, so no
  alembic.ini is needed; a database at a newer revision than this planner gets a clear message.
- Deleting a campaign keeps it as a tombstone (`deleted_at` set, each phase's sequence raised)
  that only `deleted_since` returns, so the team feed can show its phases as cancelled for a
  grace period (feed rule 6). Every other read ignores tombstones. Creating or importing the
  campaign again replaces its tombstone, with sequences above the cancelled ones; tombstones
  older than `KEEP_DELETED` are purged when a campaign is added or deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from planner.campaigns.location import DATABASE_ENV, existing_url, sqlite_file
from planner.campaigns.location import NoDatabase as NoDatabase
from planner.campaigns.location import default_url as default_url
from planner.campaigns.location import normalise_url as normalise_url
from planner.campaigns.model import Anchor, Campaign, CampaignStatus, Constraint, Offset, Phase, PhaseStatus
from planner.campaigns.schedule import cancel, supersede
from planner.errors import PlannerError, UnknownId, UsageProblem
from planner.resources import data_path

if TYPE_CHECKING:  # SQLAlchemy is imported where it is used: reading SQLite never needs it
    import sqlite3

    from alembic.config import Config
    from sqlalchemy import Connection, Engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

    from planner.campaigns.db import CampaignRecord, FeedTokenRecord, PhaseRecord

BUSY_TIMEOUT_MS = 30_000
_PG_MIGRATION_LOCK = 0x706C616E  # 'plan': serialises concurrent first-use migrations
KEEP_DELETED = dt.timedelta(days=60)
"""How long a deleted campaign's tombstone is kept: the team feed's 14-day grace for its
cancelled phases, plus time for the feed's rolling window (which moves monthly) to pass the day
they left, so the feed's Last-Modified never goes backwards when a tombstone goes."""


class DuplicateCampaign(PlannerError):
    """A campaign for the same observance and year exists already."""

    def __init__(self, existing: Campaign) -> None:
        self.existing = existing
        super().__init__(
            f"there is already a campaign for {existing.observance_id} in {existing.year}: "
            f"{existing.id} ('{existing.name}', created {existing.created_at:%Y-%m-%d}). "
            f"See it with `planner campaign show {existing.id}`, or delete it first"
        )


class DeletedCampaign(UnknownId):
    """A campaign id that belonged to a deleted campaign (its tombstone is still kept)."""

    def __init__(self, deleted: Campaign) -> None:
        when = "" if deleted.deleted_at is None else f" on {deleted.deleted_at:%Y-%m-%d}"
        UsageProblem.__init__(
            self,
            f"campaign '{deleted.id}' was deleted{when}; plan it again with: "
            f"planner campaign new {deleted.observance_id} --year {deleted.year}",
        )
        self.what = "campaign"
        self.value = deleted.id
        self.suggestions = ()
        self.deleted = deleted


class DatabaseError(PlannerError):
    """The database cannot be opened or used."""


# -- URLs -------------------------------------------------------------------------------------


def shown_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy import exc
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url


# -- records <-> core -------------------------------------------------------------------------


def _to_db_time(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _from_db_time(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def to_phase(rec: PhaseRecord) -> Phase:
    """A phase row as a core `Phase` (times in UTC)."""
    return Phase(
        key=rec.key,
        name=rec.name,
        offset=Offset.parse(rec.offset_spec),
        anchor=Anchor(rec.anchor),
        scheduled=rec.scheduled,
        duration_days=rec.duration_days,
        through_period=rec.through_period,
        owner=rec.owner,
        status=PhaseStatus(rec.status),
        note=rec.note,
        manual_date=rec.manual_date,
        big_send=rec.big_send,
        constraint=None if rec.constraint_kind is None else Constraint(rec.constraint_kind),
        sequence=rec.sequence,
        updated_at=None if rec.updated_at is None else _from_db_time(rec.updated_at),
    )


def to_campaign(rec: CampaignRecord) -> Campaign:
    """A campaign row (with its phases) as a core `Campaign`."""
    return Campaign(
        id=rec.slug,
        observance_id=rec.observance,
        year=rec.year,
        name=rec.name,
        template=rec.template,
        anchor=Anchor(rec.anchor),
        starts=rec.starts,
        ends=rec.ends,
        phases=tuple(to_phase(p) for p in sorted(rec.phases, key=lambda p: p.position)),
        created_at=_from_db_time(rec.created_at),
        updated_at=_from_db_time(rec.updated_at),
        owner=rec.owner,
        country=rec.country,
        deleted_at=None if rec.deleted_at is None else _from_db_time(rec.deleted_at),
        moved_to=rec.moved_to,
    )


def _fill_phase(rec: PhaseRecord, p: Phase, position: int) -> None:
    rec.position = position
    rec.key = p.key
    rec.name = p.name
    rec.offset_spec = str(p.offset)
    rec.anchor = p.anchor.value
    rec.scheduled = p.scheduled
    rec.manual_date = p.manual_date
    rec.duration_days = p.duration_days
    rec.through_period = p.through_period
    rec.owner = p.owner
    rec.status = p.status.value
    rec.note = p.note
    rec.big_send = p.big_send
    rec.constraint_kind = None if p.constraint is None else p.constraint.value
    rec.sequence = p.sequence
    rec.updated_at = None if p.updated_at is None else _to_db_time(p.updated_at)


def fill_campaign(rec: CampaignRecord, c: Campaign) -> None:
    """Copy a core campaign onto its record; phases are matched by key and updated in place."""
    rec.slug = c.id
    rec.observance = c.observance_id
    rec.year = c.year
    rec.name = c.name
    rec.template = c.template
    rec.owner = c.owner
    rec.country = c.country
    rec.anchor = c.anchor.value
    rec.starts = c.starts
    rec.ends = c.ends
    rec.created_at = _to_db_time(c.created_at)
    rec.updated_at = _to_db_time(c.updated_at)
    rec.deleted_at = None if c.deleted_at is None else _to_db_time(c.deleted_at)
    rec.moved_to = c.moved_to
    rec.first_day = c.first
    rec.last_day = c.last
    existing = {p.key: p for p in rec.phases}
    phases = []
    for position, phase in enumerate(c.phases):
        prec = existing.pop(phase.key, None) or _records()[1]()
        _fill_phase(prec, phase, position)
        phases.append(prec)
    rec.phases = phases


# -- rows <-> core (reads: the same SQL on SQLite through sqlite3, elsewhere through SQLAlchemy) --

_Run = Callable[[str, dict[str, Any]], Iterator[tuple[Any, ...]]]
_CAMPAIGN_COLUMNS = (
    "c.id, c.slug, c.observance, c.year, c.name, c.template, c.anchor, c.starts, c.ends, c.created_at, "
    "c.updated_at, c.owner, c.country, c.deleted_at, c.moved_to"
)
_PHASE_COLUMNS = (
    "p.key, p.name, p.offset_spec, p.anchor, p.scheduled, p.duration_days, p.through_period, p.owner, "
    "p.status, p.note, p.manual_date, p.big_send, p.constraint_kind, p.sequence, p.updated_at"
)


def _records() -> tuple[type[CampaignRecord], type[PhaseRecord]]:
    """The ORM classes, imported on first write (they import SQLAlchemy)."""
    from planner.campaigns.db import CampaignRecord, PhaseRecord

    return CampaignRecord, PhaseRecord


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> dt.datetime:
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return _from_db_time(stamp)


def _sqlite_value(value: Any) -> Any:
    """A parameter as SQLAlchemy stores it in SQLite (dates and times as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return value


def _names(prefix: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """Bound parameters for an IN list: ':o0, :o1, ...', values added to `params`."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values, strict=True))
    return ", ".join(f":{n}" for n in names)


def _campaign_from_rows(rows: Sequence[tuple[Any, ...]]) -> Campaign:
    """A campaign from the rows of `_select` (one per phase, in order; one with NULLs if none)."""
    c = rows[0]
    phases = tuple(
        Phase(
            key=r[15],
            name=r[16],
            offset=Offset.parse(r[17]),
            anchor=Anchor(r[18]),
            scheduled=_date(r[19]),
            duration_days=r[20],
            through_period=bool(r[21]),
            owner=r[22],
            status=PhaseStatus(r[23]),
            note=r[24],
            manual_date=None if r[25] is None else _date(r[25]),
            big_send=bool(r[26]),
            constraint=None if r[27] is None else Constraint(r[27]),
            sequence=r[28],
            updated_at=None if r[29] is None else _datetime(r[29]),
        )
        for r in rows
        if r[15] is not None
    )
    return Campaign(
        id=c[1],
        observance_id=c[2],
        year=c[3],
        name=c[4],
        template=c[5],
        anchor=Anchor(c[6]),
        starts=_date(c[7]),
        ends=_date(c[8]),
        phases=phases,
        created_at=_datetime(c[9]),
        updated_at=_datetime(c[10]),
        owner=c[11],
        country=c[12],
        deleted_at=None if c[13] is None else _datetime(c[13]),
        moved_to=c[14],
    )


# -- the store --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Revision:
    """Where a database stands against this planner's migrations."""

    current: str | None  # None: no planner tables yet
    head: str
    known: bool  # False: a newer planner wrote this database

    @property
    def up_to_date(self) -> bool:
        """Whether the database is at the latest revision this planner knows."""
        return self.current == self.head


class FeedStateRow(NamedTuple):
    """One row of the feed state (0003): what subscribers last saw of a UID."""

    uid: str
    fingerprint: str
    sequence: int
    modified: dt.datetime  # UTC


class TokenRow(NamedTuple):
    """One team-feed token (0003): its id, label, SHA-256 hash, creation time (UTC) and campaigns."""

    id: str
    label: str
    digest: str
    created: dt.datetime
    campaigns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the ids `added`, `updated` and `unchanged`, each sorted."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


@dataclass
class Store:
    """Campaigns in a database. Each public method is one transaction.

    `migrate=True` creates and upgrades the schema on first use; `planner db` passes False.
    """

    url: str | None = None
    migrate: bool = True
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _ready: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self.url = normalise_url(self.url)

    # -- connection ---------------------------------------------------------------------------
    @property
    def shown_url(self) -> str:
        """The database URL with any password hidden, for messages."""
        return shown_url(self.url or "")

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, created on first use."""
        if self._engine is None:
            self._engine = self._create_engine()
        return self._engine

    def _create_engine(self) -> Engine:
        from sqlalchemy import create_engine, exc
        from sqlalchemy.engine import make_url

        url = self.url or ""
        try:
            parsed = make_url(url)
        except exc.ArgumentError:
            raise DatabaseError(
                f"'{url}' is not a database URL; use e.g. sqlite:////path/to/planner.campaigns.db, a file path, "
                "or postgresql://user@host/dbname"
            ) from None
        connect_args: dict[str, Any] = {}
        backend = parsed.get_backend_name()
        if backend == "postgresql":
            connect_args["connect_timeout"] = 10
        elif backend == "sqlite":
            connect_args["timeout"] = BUSY_TIMEOUT_MS / 1000
        try:
            engine = create_engine(parsed, connect_args=connect_args)
        except (exc.NoSuchModuleError, ModuleNotFoundError) as error:
            hint = " (install it with: pip install 'planner[postgres]')" if backend == "postgresql" else ""
            raise DatabaseError(
                f"cannot use the database {self.shown_url}: no driver for it{hint} ({error}); "
                "planner works with SQLite and PostgreSQL"
            ) from None
        if engine.dialect.name == "sqlite":
            _sqlite_setup(engine)
        return engine

    def close(self) -> None:
        """Close every connection; the store can be used again afterwards."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._ready = False

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Database failures as planner errors that name the database (password hidden)."""
        from sqlalchemy import exc

        try:
            yield
        except (exc.OperationalError, exc.InterfaceError) as error:
            raise DatabaseError(self._explain(error)) from None
        except exc.IntegrityError as error:
            raise DatabaseError(
                f"the database {self.shown_url} refused the change ({_first_line(error.orig)}); nothing was written"
            ) from None
        except exc.DatabaseError as error:  # e.g. "file is not a database"
            raise DatabaseError(
                f"cannot use {self.shown_url}: {_first_line(error.orig)}. "
                f"Is it a planner database? Give another file with --db or {DATABASE_ENV}"
            ) from None

    def _explain(self, error: DBAPIError) -> str:
        reason = _first_line(error.orig)
        if "locked" in reason or "busy" in reason:
            return f"the database {self.shown_url} is busy (another planner is writing to it); try again"
        if self.engine.dialect.name == "sqlite" and "unable to open" in reason:
            folder = Path(self.engine.url.database or "").parent
            if not folder.is_dir():
                return f"cannot open the database {self.shown_url}: folder {folder} does not exist; create it first"
        return (
            f"cannot open the database {self.shown_url}: {reason}. "
            f"Check the URL given with --db or {DATABASE_ENV}, and that the database server is running"
        )

    @contextlib.contextmanager
    def _session(self, *, write: bool) -> Iterator[Session]:
        from sqlalchemy.orm import Session

        with self._errors():
            self._prepare()
            bind = self.engine if write else self.engine.execution_options(planner_write=False)
            with Session(bind, expire_on_commit=False, autoflush=False) as session, session.begin():
                yield session

    # -- migrations ---------------------------------------------------------------------------
    def alembic_config(self, connection: Connection | None = None) -> Config:
        """Alembic configured in code: the shipped migrations, and `connection` to run them on."""
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(data_path("migrations")))
        if connection is not None:
            cfg.attributes["connection"] = connection
        return cfg

    def _revision_on(self, connection: Connection) -> Revision:
        """One query for the stored revision, compared with the shipped migrations (read from their
        files by `shipped_revisions`, not through Alembic, which costs a fifth of a second)."""
        from sqlalchemy import inspect, text

        stored: list[str] = []
        if inspect(connection).has_table("alembic_version"):
            stored = [str(v) for v in connection.execute(text("SELECT version_num FROM alembic_version")).scalars()]
        return _revision(stored)

    def revision(self) -> Revision:
        """Where the database stands; never changes it."""
        with self._errors(), self.engine.execution_options(planner_write=False).connect() as conn:
            return self._revision_on(conn)

    def _newer(self, rev: Revision) -> DatabaseError:
        return DatabaseError(
            f"the database {self.shown_url} was written by a newer planner (schema revision {rev.current}; "
            f"this planner knows up to {rev.head}). Upgrade planner (pip install --upgrade planner), "
            "or use another database with --db"
        )

    def _prepare(self) -> None:
        """On first use: check the schema revision, and create or upgrade it if allowed."""
        if self._ready:
            return
        rev = self.revision()
        if not rev.known:
            raise self._newer(rev)
        if not rev.up_to_date:
            if not self.migrate:
                raise DatabaseError(f"the database {self.shown_url} needs an upgrade; run `planner db upgrade`")
            self._migrate("upgrade", "head")
        self._ready = True

    def _migrate(self, direction: str, target: str) -> Revision:
        from alembic import command
        from alembic.util import CommandError

        with self._errors(), self.engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # batch mode copies tables; cascades must not fire while it does
                _raw_pragma(conn, "foreign_keys = OFF")
            try:
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        from sqlalchemy import func, select

                        conn.execute(select(func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
                    rev = self._revision_on(conn)  # again, under the lock: another process may have won
                    if not rev.known:
                        raise self._newer(rev)
                    if direction == "upgrade" and target == "head" and rev.up_to_date:
                        return rev
                    cfg = self.alembic_config(conn)
                    try:
                        if direction == "upgrade":
                            command.upgrade(cfg, target)
                        else:
                            command.downgrade(cfg, target)
                    except CommandError as error:
                        raise DatabaseError(
                            f"cannot {direction} the database {self.shown_url} to '{target}': {error}"
                        ) from None
                    return self._revision_on(conn)
            finally:
                if sqlite:
                    _raw_pragma(conn, "foreign_keys = ON")

    def upgrade(self, target: str = "head") -> Revision:
        """Apply migrations up to `target`; returns the new revision."""
        rev = self._migrate("upgrade", target)
        self._ready = False
        return rev

    def downgrade(self, target: str = "-1") -> Revision:
        """Undo migrations down to `target` (`-1`, a revision id, or `base` for an empty database)."""
        rev = self._migrate("downgrade", target)
        self._ready = False
        return rev

    # -- reading ------------------------------------------------------------------------------
    def _sqlite_file(self) -> Path | None:
        """The file of a plain `sqlite:///` URL when it exists: read with the standard library."""
        url = self.url or ""
        path = None if "?" in url else sqlite_file(url)
        return path if path is not None and path.is_file() else None

    def _sqlite_reader(self) -> sqlite3.Connection | None:
        """A read connection to an up-to-date SQLite database through the standard library's
        sqlite3, or None when SQLAlchemy must take over (no file yet, not a database, a schema to
        create or upgrade): its path explains problems and migrates. A database written by a newer
        planner is refused here as there."""
        import sqlite3
        from urllib.parse import quote

        path = self._sqlite_file()
        if path is None:
            return None
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                f"file:{quote(str(path))}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            stored = [str(row[0]) for row in conn.execute("SELECT version_num FROM alembic_version")]
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            return None
        rev = _revision(stored)
        if not rev.known:
            conn.close()
            raise self._newer(rev)
        if not rev.up_to_date:
            conn.close()
            return None
        return conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[_Run]:
        """One read transaction; yields `run(sql, params)` that iterates over result rows.

        SQLite files already at this planner's schema are read through the standard library
        (no SQLAlchemy import: a plan or a brief starts in a fraction of the time); everything
        else through SQLAlchemy, which also creates or upgrades the schema on first use."""
        conn = self._sqlite_reader()
        if conn is not None:
            import sqlite3

            try:
                conn.execute("BEGIN")

                def run_sqlite(sql: str, params: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
                    return iter(conn.execute(sql, {k: _sqlite_value(v) for k, v in params.items()}))

                yield run_sqlite
            except sqlite3.Error as error:
                raise DatabaseError(
                    f"cannot read the database {self.shown_url}: {_first_line(error)}. "
                    f"Is it a planner database? Give another file with --db or {DATABASE_ENV}"
                ) from None
            finally:
                conn.close()
            return
        from sqlalchemy import text

        with self._errors():
            self._prepare()
            with self.engine.execution_options(planner_write=False).connect() as sa_conn, sa_conn.begin():

                def run_sqlalchemy(sql: str, params: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
                    result = sa_conn.execution_options(stream_results=True, yield_per=500).execute(text(sql), params)
                    return (tuple(row) for row in result)

                yield run_sqlalchemy

    def _select(self, run: _Run, where: str, params: dict[str, Any], *, order: str = "c.id") -> Iterator[Campaign]:
        """Campaigns (with their phases) matching `where`, one query, in `order`."""
        sql = (
            f"SELECT {_CAMPAIGN_COLUMNS}, {_PHASE_COLUMNS} FROM campaigns c LEFT JOIN phases p ON p.campaign_id = c.id "
            f"WHERE {where} ORDER BY {order}, c.id, p.position"
        )
        for _, rows in itertools.groupby(run(sql, params), key=lambda row: row[0]):
            yield _campaign_from_rows(list(rows))

    def campaigns(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        status: CampaignStatus | None = None,
        including: Iterable[tuple[str, int]] = (),
    ) -> list[Campaign]:
        """All campaigns (deleted ones aside), by day then id; optionally those with work or their
        day in start..end, and those with a given status.

        `including` adds the campaigns for these (observance id, year) pairs whatever their
        dates. A date range is read with one indexed query (first_day/last_day, see migration
        0005), not by reading every campaign."""
        lo = start or dt.date.min
        hi = end or dt.date.max
        ranged = start is not None or end is not None
        pairs = set(including)
        where = ["c.deleted_at IS NULL"]
        params: dict[str, Any] = {}
        if ranged:
            span = "(c.first_day <= :hi AND c.last_day >= :lo)"
            params.update(lo=lo, hi=hi)
            if pairs:
                observances = sorted({o for o, _ in pairs})
                years = sorted({y for _, y in pairs})
                names = _names("o", observances, params)
                numbers = _names("y", years, params)
                span = f"({span} OR (c.observance IN ({names}) AND c.year IN ({numbers})))"
            where.append(span)
        with self._reading() as run:
            found = list(self._select(run, " AND ".join(where), params))
        if ranged:
            found = [c for c in found if c.overlaps(lo, hi) or (c.observance_id, c.year) in pairs]
        if status is not None:
            found = [c for c in found if c.status is status]
        return sorted(found, key=lambda c: (c.day, c.id))

    def campaign_for(self, observance_id: str, year: int) -> Campaign | None:
        """The campaign for one observance's occurrence in `year`, if any (one indexed query)."""
        with self._reading() as run:
            where = "c.deleted_at IS NULL AND c.observance = :observance AND c.year = :year"
            found = list(self._select(run, where, {"observance": observance_id, "year": year}))
        return found[0] if found else None

    def iter_campaigns(self) -> Iterator[Campaign]:
        """Every campaign (deleted ones aside) by id, read as a stream: memory stays flat however
        many there are (`planner export`)."""
        with self._reading() as run:
            collate = ' COLLATE "C"' if self._sqlite_file() is None and self._dialect() == "postgresql" else ""
            # The ids in order first (from the unique index), then the campaigns EXPORT_CHUNK at a
            # time: no sort of every phase of every campaign, so time stays linear.
            sql = f"SELECT c.slug FROM campaigns c WHERE c.deleted_at IS NULL ORDER BY c.slug{collate}"
            slugs = [str(row[0]) for row in run(sql, {})]
            for i in range(0, len(slugs), EXPORT_CHUNK):
                chunk = slugs[i : i + EXPORT_CHUNK]
                params: dict[str, Any] = {}
                where = f"c.deleted_at IS NULL AND c.slug IN ({_names('s', chunk, params)})"
                found = {c.id: c for c in self._select(run, where, params)}
                yield from (found[slug] for slug in chunk)

    def _dialect(self) -> str:
        return str(self.engine.dialect.name)

    def campaign(self, campaign_id: str) -> Campaign:
        """One campaign by id; an unknown id suggests the closest ones, a deleted one says so."""
        with self._reading() as run:
            found = list(self._select(run, "c.deleted_at IS NULL AND c.slug = :slug", {"slug": campaign_id}))
        if found:
            return found[0]
        with self._session(write=False) as session:  # not there: say why, with suggestions
            return to_campaign(self._record(session, campaign_id))

    def deleted_since(self, since: dt.date | dt.datetime) -> list[Campaign]:
        """Deleted campaigns (tombstones) deleted at or after `since` (a date: its start, UTC), by
        day then id: what the team feed shows as cancelled."""
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time(), dt.UTC)
        with self._reading() as run:
            found = list(self._select(run, "c.deleted_at >= :since", {"since": _to_db_time(since)}))
        return sorted(found, key=lambda c: (c.day, c.id))

    # -- writing ------------------------------------------------------------------------------
    @staticmethod
    def _query(*, deleted: bool = False) -> Any:
        """Campaign records with their phases: live ones, or (`deleted=True`) tombstones."""
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        CampaignRecord, _ = _records()
        which = CampaignRecord.deleted_at.is_not(None) if deleted else CampaignRecord.deleted_at.is_(None)
        return select(CampaignRecord).options(selectinload(CampaignRecord.phases)).where(which)

    def _record(self, session: Session, campaign_id: str, *, lock: bool = False) -> CampaignRecord:
        from sqlalchemy import select

        CampaignRecord, _ = _records()
        query = self._query().where(CampaignRecord.slug == campaign_id)
        if lock:
            query = query.with_for_update()
        rec = session.scalars(query).one_or_none()
        if rec is None:
            tomb = session.scalars(self._query(deleted=True).where(CampaignRecord.slug == campaign_id)).one_or_none()
            if tomb is not None:
                raise DeletedCampaign(to_campaign(tomb))
            known = session.scalars(select(CampaignRecord.slug).where(CampaignRecord.deleted_at.is_(None))).all()
            raise UnknownId("campaign", campaign_id, known)
        assert isinstance(rec, CampaignRecord)
        return rec

    @staticmethod
    def _same(campaign: Campaign) -> Any:
        CampaignRecord, _ = _records()
        return ((CampaignRecord.observance == campaign.observance_id) & (CampaignRecord.year == campaign.year)) | (
            CampaignRecord.slug == campaign.id
        )

    def _clash(self, session: Session, campaign: Campaign, *, other_than: int | None = None) -> None:
        for rec in session.scalars(self._query().where(self._same(campaign))):
            if rec.id != other_than:
                raise DuplicateCampaign(to_campaign(rec))

    def _replace_tombstones(self, session: Session, campaign: Campaign) -> Campaign:
        """Remove the tombstones holding the campaign's id or its observance and year; returns the
        campaign with its sequences raised above the cancelled phases' (see `supersede`)."""
        tombs = list(session.scalars(self._query(deleted=True).where(self._same(campaign)).with_for_update()))
        if not tombs:
            return campaign
        same_id = [t for t in tombs if t.slug == campaign.id]
        replaced = supersede(campaign, to_campaign((same_id or tombs)[0]))
        for tomb in tombs:
            session.delete(tomb)
        session.flush()  # before the insert that reuses their unique id and year
        return replaced

    def _purge(self, session: Session, now: dt.datetime) -> None:
        CampaignRecord, _ = _records()
        cutoff = _to_db_time(now - KEEP_DELETED)
        for tomb in session.scalars(self._query(deleted=True).where(CampaignRecord.deleted_at < cutoff)):
            session.delete(tomb)

    def add(self, campaign: Campaign) -> Campaign:
        """Store a new campaign; refuses a second one for the same observance and year.

        A deleted campaign for the same observance and year is replaced. Returns the campaign as
        stored (its sequences raised above a replaced tombstone's)."""
        CampaignRecord, _ = _records()
        try:
            with self._session(write=True) as session:
                self._clash(session, campaign)
                stored = self._replace_tombstones(session, campaign)
                rec = CampaignRecord()
                fill_campaign(rec, stored)
                session.add(rec)
                self._purge(session, campaign.updated_at)
        except DatabaseError:
            # Another process added the same campaign between our check and our commit
            # (PostgreSQL; SQLite's write lock rules that out): say which one.
            with self._session(write=False) as session:
                self._clash(session, campaign)
            raise
        return stored

    def change(self, campaign_id: str, edit: Callable[[Campaign], Campaign]) -> tuple[Campaign, Campaign]:
        """Read a campaign, apply `edit` (a core function), write the result: one locked transaction.

        Returns (before, after as stored). If `edit` raises, nothing is written. If the id
        changes (a move to another year), a campaign already holding the new id or year is
        refused, a deleted one there is replaced, and the old id is left as a tombstone deleted
        at `after.updated_at`, so the team feed shows the old dates as cancelled.
        """
        CampaignRecord, _ = _records()
        with self._session(write=True) as session:
            rec = self._record(session, campaign_id, lock=True)
            before = to_campaign(rec)
            after = edit(before)
            if after != before:
                if (after.observance_id, after.year, after.id) != (before.observance_id, before.year, before.id):
                    self._clash(session, after, other_than=rec.id)
                    after = self._replace_tombstones(session, after)
                    fill_campaign(rec, after)
                    session.flush()  # frees the old id and year for the tombstone
                    tomb = CampaignRecord()
                    fill_campaign(tomb, replace(cancel(before, now=after.updated_at), moved_to=after.id))
                    session.add(tomb)
                else:
                    fill_campaign(rec, after)
        return before, after

    def delete(self, campaign_id: str, *, now: dt.datetime) -> Campaign:
        """Delete a campaign at `now`: it stays as a tombstone (see `timeline.cancel`) that only
        `deleted_since` returns. Returns the tombstone."""
        with self._session(write=True) as session:
            rec = self._record(session, campaign_id, lock=True)
            gone = cancel(to_campaign(rec), now=now)
            fill_campaign(rec, gone)
            self._purge(session, now)
        return gone

    def purge_deleted(self, before: dt.datetime) -> int:
        """Remove the tombstones of campaigns deleted before `before`; returns how many."""
        CampaignRecord, _ = _records()
        with self._session(write=True) as session:
            tombs = list(
                session.scalars(self._query(deleted=True).where(CampaignRecord.deleted_at < _to_db_time(before)))
            )
            for tomb in tombs:
                session.delete(tomb)
        return len(tombs)

    def change_stamp(self) -> tuple[object, ...]:
        """A cheap value that changes whenever any campaign, phase or tombstone does: the newest
        `updated_at` and `deleted_at` and the number of campaign records (one aggregate query;
        no campaign or phase is loaded). Edits move `updated_at`; purges change the count."""
        from sqlalchemy import func, select

        CampaignRecord, _ = _records()
        with self._session(write=False) as session:
            row = session.execute(
                select(func.max(CampaignRecord.updated_at), func.max(CampaignRecord.deleted_at), func.count())
            ).one()
            return tuple(row)

    # -- feed state and feed tokens (0003) ----------------------------------------------------------
    def feed_state(self, uids: Sequence[str] | None = None) -> dict[str, FeedStateRow]:
        """The stored feed state (see `planner.feeds.state`), of the given UIDs or all, by UID."""
        from sqlalchemy import select

        from planner.campaigns.db import FeedItemRecord

        with self._session(write=False) as session:
            query = select(FeedItemRecord)
            if uids is not None and len(uids) <= 500:
                query = query.where(FeedItemRecord.uid.in_(list(uids)))
            rows = session.scalars(query).all()
            wanted = None if uids is None else set(uids)
            return {
                r.uid: FeedStateRow(r.uid, r.fingerprint, r.sequence, _from_db_time(r.modified))
                for r in rows
                if wanted is None or r.uid in wanted
            }

    def save_feed_state(self, states: Sequence[FeedStateRow]) -> None:
        """Store new feed states, one transaction. A state never goes back: a row another process
        moved further meanwhile (a higher SEQUENCE) is kept."""
        from sqlalchemy import select

        from planner.campaigns.db import FeedItemRecord

        if not states:
            return
        with self._session(write=True) as session:
            rows = {
                r.uid: r
                for r in session.scalars(
                    select(FeedItemRecord).where(FeedItemRecord.uid.in_([s.uid for s in states])).with_for_update()
                )
            }
            for state in states:
                row = rows.get(state.uid)
                if row is None:
                    session.add(
                        FeedItemRecord(
                            uid=state.uid,
                            fingerprint=state.fingerprint,
                            sequence=state.sequence,
                            modified=_to_db_time(state.modified),
                        )
                    )
                elif row.sequence <= state.sequence:
                    row.fingerprint = state.fingerprint
                    row.sequence = state.sequence
                    row.modified = _to_db_time(state.modified)

    def tokens(self) -> list[TokenRow]:
        """Every feed token (hashes only), oldest first."""
        from sqlalchemy import select

        from planner.campaigns.db import FeedTokenRecord

        with self._session(write=False) as session:
            rows = session.scalars(select(FeedTokenRecord).order_by(FeedTokenRecord.created_at, FeedTokenRecord.id))
            return [_to_token(r) for r in rows]

    def token_by_digest(self, digest: str) -> TokenRow | None:
        """The token with this SHA-256 hash (an indexed, unique lookup), or None."""
        from sqlalchemy import select

        from planner.campaigns.db import FeedTokenRecord

        with self._session(write=False) as session:
            row = session.scalars(select(FeedTokenRecord).where(FeedTokenRecord.digest == digest)).one_or_none()
            return None if row is None else _to_token(row)

    def add_tokens(self, tokens: Sequence[TokenRow]) -> int:
        """Store new tokens in one transaction; a hash or id already stored is left as it is.
        Returns how many were added."""
        from sqlalchemy import select

        from planner.campaigns.db import FeedTokenRecord

        added = 0
        with self._session(write=True) as session:
            for token in tokens:
                clash = session.scalars(
                    select(FeedTokenRecord).where(
                        (FeedTokenRecord.digest == token.digest) | (FeedTokenRecord.id == token.id)
                    )
                ).first()
                if clash is not None:
                    continue
                session.add(
                    FeedTokenRecord(
                        id=token.id,
                        digest=token.digest,
                        label=token.label,
                        campaigns=",".join(token.campaigns),
                        created_at=_to_db_time(token.created),
                    )
                )
                session.flush()  # the next token's clash check sees this one
                added += 1
        return added

    def revoke_token(self, token_id: str) -> TokenRow | None:
        """Delete a token by id in one transaction; returns it, or None if there is none."""
        from planner.campaigns.db import FeedTokenRecord

        with self._session(write=True) as session:
            row = session.get(FeedTokenRecord, token_id, with_for_update=True)
            if row is None:
                return None
            token = _to_token(row)
            session.delete(row)
            return token

    def import_campaigns(self, campaigns: Iterable[Campaign]) -> ImportResult:
        """Add or replace campaigns by id, all in one transaction; identical ones are left alone.

        A replaced campaign never goes back in sequence (see `timeline.supersede`), so calendar
        clients take an older copy as a new version; a deleted campaign in the file's place is
        replaced and counts as added.

        `campaigns` is consumed as a stream, IMPORT_BATCH at a time with a handful of statements
        per batch (not several queries per campaign), so memory stays flat and time linear. If
        the stream raises (e.g. `files.read_campaigns` found a problem in the file), the
        transaction is rolled back: nothing is written. The ids come back sorted."""
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        with self._errors():
            self._prepare()
            with self.engine.begin() as conn:
                batch: dict[str, Campaign] = {}
                for campaign in campaigns:
                    if campaign.id in batch or len(batch) >= IMPORT_BATCH:
                        _import_batch(conn, list(batch.values()), added, updated, unchanged)
                        batch = {}
                    batch[campaign.id] = campaign
                if batch:
                    _import_batch(conn, list(batch.values()), added, updated, unchanged)
        return ImportResult(tuple(sorted(added)), tuple(sorted(updated)), tuple(sorted(unchanged)))


IMPORT_BATCH = 500
EXPORT_CHUNK = 500


def _campaign_row(c: Campaign) -> dict[str, Any]:
    """A campaign's columns as `fill_campaign` sets them."""
    return {
        "slug": c.id,
        "observance": c.observance_id,
        "year": c.year,
        "name": c.name,
        "template": c.template,
        "owner": c.owner,
        "country": c.country,
        "anchor": c.anchor.value,
        "starts": c.starts,
        "ends": c.ends,
        "created_at": _to_db_time(c.created_at),
        "updated_at": _to_db_time(c.updated_at),
        "deleted_at": None if c.deleted_at is None else _to_db_time(c.deleted_at),
        "moved_to": c.moved_to,
        "first_day": c.first,
        "last_day": c.last,
    }


def _phase_row(p: Phase, position: int) -> dict[str, Any]:
    """A phase's columns (its campaign aside) as `fill_campaign` sets them."""
    return {
        "position": position,
        "key": p.key,
        "name": p.name,
        "offset_spec": str(p.offset),
        "anchor": p.anchor.value,
        "scheduled": p.scheduled,
        "manual_date": p.manual_date,
        "duration_days": p.duration_days,
        "through_period": p.through_period,
        "owner": p.owner,
        "status": p.status.value,
        "note": p.note,
        "big_send": p.big_send,
        "constraint_kind": None if p.constraint is None else p.constraint.value,
        "sequence": p.sequence,
        "updated_at": None if p.updated_at is None else _to_db_time(p.updated_at),
    }


def _import_batch(
    conn: Connection, batch: Sequence[Campaign], added: list[str], updated: list[str], unchanged: list[str]
) -> None:
    """One batch of `Store.import_campaigns`: read what the database holds for these ids (live
    campaigns and tombstones, locked on PostgreSQL), then delete, insert and update in a few
    executemany statements."""
    from sqlalchemy import bindparam, delete, insert, select, text, update

    CampaignRecord, PhaseRecord = _records()
    ct, pt = CampaignRecord.metadata.tables["campaigns"], PhaseRecord.metadata.tables["phases"]
    ids = [c.id for c in batch]
    observances = sorted({c.observance_id for c in batch})
    years = sorted({c.year for c in batch})
    query = select(ct.c.id, ct.c.slug, ct.c.observance, ct.c.year, ct.c.deleted_at).where(
        ct.c.slug.in_(ids) | (ct.c.observance.in_(observances) & ct.c.year.in_(years))
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    rows = sorted(conn.execute(query).all(), key=lambda r: r[0])

    def run(sql: str, params: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
        return (tuple(r) for r in conn.execute(text(sql), params))

    def read(row_ids: Sequence[int]) -> dict[int, Campaign]:
        if not row_ids:
            return {}
        params: dict[str, Any] = {}
        sql = (
            f"SELECT {_CAMPAIGN_COLUMNS}, {_PHASE_COLUMNS} FROM campaigns c LEFT JOIN phases p ON p.campaign_id = c.id "
            f"WHERE c.id IN ({_names('r', list(row_ids), params)}) ORDER BY c.id, p.position"
        )
        return {
            key: _campaign_from_rows(list(group)) for key, group in itertools.groupby(run(sql, params), lambda r: r[0])
        }

    wanted = {(c.observance_id, c.year) for c in batch} | {(c.id, None) for c in batch}
    rows = [r for r in rows if (r[2], r[3]) in wanted or (r[1], None) in wanted]
    live = {r[1]: r[0] for r in rows if r[4] is None}
    stored = read([r[0] for r in rows])
    new_rows: list[dict[str, Any]] = []
    new_phases: dict[str, Sequence[Phase]] = {}
    gone: list[int] = []
    changed: dict[int, Campaign] = {}
    for campaign in batch:
        row_id = live.get(campaign.id)
        if row_id is not None:
            current = stored[row_id]
            incoming = supersede(campaign, current)
            if incoming == current:
                unchanged.append(campaign.id)
            else:
                changed[row_id] = incoming
                updated.append(campaign.id)
            continue
        for r in rows:  # a live campaign for the same observance and year under another id
            if r[4] is None and (r[2], r[3]) == (campaign.observance_id, campaign.year):
                raise DuplicateCampaign(stored[r[0]])
        tombs = [
            r
            for r in rows
            if r[4] is not None and (r[1] == campaign.id or (r[2], r[3]) == (campaign.observance_id, campaign.year))
        ]
        if tombs:
            same_id = [t for t in tombs if t[1] == campaign.id]
            campaign = supersede(campaign, stored[(same_id or tombs)[0][0]])
            gone += [t[0] for t in tombs]
        new_rows.append(_campaign_row(campaign))
        new_phases[campaign.id] = campaign.phases
        added.append(campaign.id)
    if gone:
        conn.execute(delete(pt).where(pt.c.campaign_id.in_(gone)))
        conn.execute(delete(ct).where(ct.c.id.in_(gone)))
    phase_inserts: list[dict[str, Any]] = []
    if new_rows:
        conn.execute(insert(ct), new_rows)
        made = select(ct.c.slug, ct.c.id).where(ct.c.slug.in_(list(new_phases)), ct.c.deleted_at.is_(None))
        for slug, row_id in conn.execute(made):
            phase_inserts += [{**_phase_row(p, i), "campaign_id": row_id} for i, p in enumerate(new_phases[slug])]
    if changed:
        update_campaigns = update(ct).where(ct.c.id == bindparam("b_id"))
        conn.execute(update_campaigns, [{**_campaign_row(c), "b_id": row_id} for row_id, c in changed.items()])
        existing: dict[tuple[int, str], int] = {}
        for phase_id, campaign_row, key in conn.execute(
            select(pt.c.id, pt.c.campaign_id, pt.c.key).where(pt.c.campaign_id.in_(list(changed)))
        ):
            existing[(campaign_row, key)] = phase_id
        phase_updates: list[dict[str, Any]] = []
        for row_id, c in changed.items():
            for i, p in enumerate(c.phases):
                phase_id = existing.pop((row_id, p.key), None)
                if phase_id is None:
                    phase_inserts.append({**_phase_row(p, i), "campaign_id": row_id})
                else:
                    phase_updates.append({**_phase_row(p, i), "b_id": phase_id})
        if existing:
            conn.execute(delete(pt).where(pt.c.id.in_(list(existing.values()))))
        if phase_updates:
            conn.execute(update(pt).where(pt.c.id == bindparam("b_id")), phase_updates)
    if phase_inserts:
        conn.execute(insert(pt), phase_inserts)


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(?:[\"']([^\"']*)[\"']|None)", re.M)


@functools.cache
def shipped_revisions() -> tuple[str, frozenset[str]]:
    """The newest schema revision this planner ships, and all of them: read from the migration
    files' `revision = "..."` and `down_revision = "..."` lines (tests check that Alembic agrees).

    Raises DatabaseError when the migrations are missing or do not form one line."""
    parents: dict[str, str | None] = {}
    for script in sorted((data_path("migrations") / "versions").glob("*.py")):
        found = dict((m.group(1), m.group(2)) for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")))
        if found.get("revision"):
            parents[str(found["revision"])] = found.get("down_revision") or None
    heads = set(parents) - {p for p in parents.values() if p}
    if len(heads) != 1:
        raise DatabaseError(f"planner's migrations are damaged (heads: {sorted(heads)}); reinstall planner")
    return heads.pop(), frozenset(parents)


def _revision(stored: Sequence[str]) -> Revision:
    head, known = shipped_revisions()
    current = stored[0] if stored else None
    return Revision(current, head, current is None or (len(stored) == 1 and current in known))


def _to_token(row: FeedTokenRecord) -> TokenRow:
    return TokenRow(
        id=row.id,
        label=row.label,
        digest=row.digest,
        created=_from_db_time(row.created_at),
        campaigns=tuple(c for c in row.campaigns.split(",") if c),
    )


def _first_line(orig: object) -> str:
    text = str(orig).strip().splitlines()
    return text[0].strip().rstrip(".") if text else "unknown error"


def _raw_pragma(conn: Connection, pragma: str) -> None:
    """A PRAGMA outside any transaction (SQLite ignores some, such as foreign_keys, inside one)."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def _wal(cursor: Any) -> None:
    """Switch a SQLite database to WAL. Two processes creating the database at once may find it
    locked while the other one switches (SQLite does not always wait for that lock): retry."""
    import sqlite3
    import time

    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if ("locked" not in str(error) and "busy" not in str(error)) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout and foreign keys on every connection; BEGIN IMMEDIATE for writes."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # planner issues BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            _wal(cursor)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A deferred transaction that reads and then writes cannot wait for a lock in WAL mode
        # (SQLite returns "database is locked" at once); taking the write lock first can.
        write = connection.get_execution_options().get("planner_write", True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """A store for `url`, else $PLANNER_DATABASE_URL, else the default SQLite file (created,
    with its tables, on first use when `migrate`)."""
    return Store(url if url else os.environ.get(DATABASE_ENV), migrate=migrate)


def open_existing(url: str | None = None) -> Store:
    """A store for a database that exists already (`url`, else $PLANNER_DATABASE_URL, else the
    default file), for commands that only read. Raises `NoDatabase` (naming the path and how to
    create it) for a SQLite file that does not exist: nothing is created."""
    return Store(existing_url(url))
