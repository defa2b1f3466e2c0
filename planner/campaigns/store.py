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
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from planner.accounts import Role, User
from planner.campaigns.location import DATABASE_ENV, existing_url, sqlite_file
from planner.campaigns.location import NoDatabase as NoDatabase
from planner.campaigns.location import default_url as default_url
from planner.campaigns.location import normalise_url as normalise_url
from planner.campaigns.model import (
    OFFSET_FORMS,
    Anchor,
    Campaign,
    CampaignStatus,
    Constraint,
    Offset,
    Phase,
    PhaseStatus,
)
from planner.campaigns.roster import Person, Roster
from planner.campaigns.schedule import cancel, supersede
from planner.campaigns.workload import OlderOpen, OpenStep, owner_label_of
from planner.errors import PlannerError, UnknownId, UsageProblem
from planner.resources import data_path
from planner.text import clean

if TYPE_CHECKING:  # at run time `_load_sqlalchemy` imports these: reading SQLite never needs them
    import sqlite3

    from alembic.config import Config
    from sqlalchemy import Connection, Engine, create_engine, delete, event, exc, func, select
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.orm import Session, selectinload

    from planner.campaigns.db import (
        CampaignRecord,
        FeedItemRecord,
        FeedTokenRecord,
        PersonRecord,
        PhaseRecord,
        TeamMessagesRecord,
        UserRecord,
    )


def _load_sqlalchemy() -> None:
    """Import SQLAlchemy and the ORM records into this module's namespace on first use. Reading
    an up-to-date SQLite file goes through the standard library's sqlite3 and never calls this,
    so `planner plan` / `brief` start without SQLAlchemy; every path that touches SQLAlchemy
    (`check_url`, `Store.engine`, `Store._session`, `Store._errors`, `_records`) calls it first."""
    if "select" in globals():
        return
    import sqlalchemy
    import sqlalchemy.engine
    import sqlalchemy.orm

    from planner.campaigns import db

    names: dict[str, Any] = {
        name: getattr(sqlalchemy, name)
        for name in ("Connection", "Engine", "create_engine", "delete", "event", "exc", "func", "select")
    }
    names.update(URL=sqlalchemy.engine.URL, make_url=sqlalchemy.engine.make_url)
    names.update(Session=sqlalchemy.orm.Session, selectinload=sqlalchemy.orm.selectinload)
    for record in (
        "CampaignRecord",
        "FeedItemRecord",
        "FeedTokenRecord",
        "PersonRecord",
        "PhaseRecord",
        "TeamMessagesRecord",
        "UserRecord",
    ):
        names[record] = getattr(db, record)
    globals().update(names)


BUSY_TIMEOUT_MS = 30_000
_PG_MIGRATION_LOCK = 0x706C616E  # 'plan': serialises concurrent first-use migrations
IMPORT_RETRIES = 5
"""How often an import looks again at a campaign another import added at the same moment."""
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


def redacted(url: str) -> str:
    """The URL with everything that may be a password hidden, whether or not it parses.

    Everything between the user name's ':' and the last '@' before the host is hidden, so a
    password holding an unescaped '@', ':' or '/' is never shown, not even in part."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, host = rest.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"


def shown_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy import exc
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
        if "@" in (parsed.host or ""):
            return redacted(url)
        return parsed.render_as_string(hide_password=True)
    except (exc.ArgumentError, ValueError):  # UnicodeEncodeError (a lone surrogate) is a ValueError
        return redacted(url)


class DatabaseUrlError(DatabaseError):
    """A database URL that cannot be used as written (a usage error: exit 2)."""

    exit_code = 2


_URL_EXAMPLE = "e.g. postgresql://user:secret@db.example.org:5432/planner, sqlite:////path/to/planner.db or a file path"


def _check_text(url: str) -> None:
    """DatabaseUrlError for a URL holding control characters (password hidden)."""
    from planner.text import UnsafeText

    try:
        clean(url, one_line=False)
    except UnsafeText as error:
        raise DatabaseUrlError(f"the database URL {redacted(url)!r} {error.reason}") from None


def check_url(url: str) -> URL:
    """The parsed URL, or DatabaseUrlError saying how to write it. No message shows the password."""
    _load_sqlalchemy()
    shown = redacted(url)
    _check_text(url)
    try:
        parsed = make_url(url)
    except ValueError as error:  # SQLAlchemy's int() of the port
        if "int()" in str(error):
            raise DatabaseUrlError(
                f"the port in the database URL {shown} is not a number; write it as a number after the host, "
                f"{_URL_EXAMPLE}"
            ) from None
        raise DatabaseUrlError(f"{shown} is not a database URL; use {_URL_EXAMPLE}") from None
    except exc.ArgumentError:
        raise DatabaseUrlError(f"'{shown}' is not a database URL; use {_URL_EXAMPLE}") from None
    if "@" in (parsed.host or "") or "@" in (parsed.username or ""):
        raise DatabaseUrlError(
            f"the database URL {shown} has more than one '@': if the password (or user name) holds an '@', "
            "percent-encode it as %40 (and ':' as %3A, '/' as %2F, '%' as %25), "
            "e.g. postgresql://user:p%40ss@host/dbname"
        )
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise DatabaseUrlError(f"the port in the database URL {shown} must be 1 to 65535")
    return parsed


# -- records <-> core -------------------------------------------------------------------------


def _to_db_time(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _from_db_time(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class DamagedRow(DatabaseError):
    """A stored campaign or phase holds a value planner cannot read (a bad status, offset or date,
    typically from a hand edit or another program). Names the campaign and phase and how to fix it."""

    def __init__(self, campaign: str, phase: str | None, column: str, value: object, expected: str) -> None:
        self.campaign = campaign
        self.phase = phase
        self.column = column
        where = f"campaign {campaign}" + (f", phase {phase}" if phase else "")
        fix = (
            f"planner campaign set {campaign} {phase} --status todo"
            if phase and column == "status"
            else "planner import FILE, with FILE an export that holds the campaign (it replaces the damaged one)"
        )
        shown = clean(str(value), drop=True)[:60]
        super().__init__(f"{where}: the stored {column} '{shown}' cannot be read ({expected}); fix it with: {fix}")


def _field(
    campaign: str, phase: str | None, column: str, value: Any, convert: Callable[[Any], Any], expected: str
) -> Any:
    try:
        return convert(value)
    except (ValueError, TypeError, KeyError):
        raise DamagedRow(campaign, phase, column, value, expected) from None


def _text(value: Any) -> str:
    """Text from a row, cleaned on its way out (rows written before planner checked its input)."""
    return clean(value if isinstance(value, str) else "", drop=True)


def to_phase(rec: PhaseRecord, campaign: str = "?") -> Phase:
    """The core phase for a record; a value that cannot be read raises DamagedRow."""
    key = rec.key
    return Phase(
        key=key,
        name=_text(rec.name),
        offset=_field(campaign, key, "offset", rec.offset_spec, Offset.parse, f"a form such as {OFFSET_FORMS}"),
        anchor=_field(campaign, key, "anchor", rec.anchor, Anchor, "start or end"),
        scheduled=_field(campaign, key, "date", rec.scheduled, _date, "a date YYYY-MM-DD"),
        duration_days=_field(campaign, key, "duration", rec.duration_days, _positive, "a number of days, 1 or more"),
        through_period=bool(rec.through_period),
        owner=_text(rec.owner),
        status=_field(campaign, key, "status", rec.status, PhaseStatus, "todo, doing, done or skipped"),
        note=_text(rec.note),
        manual_date=None
        if rec.manual_date is None
        else _field(campaign, key, "date set by hand", rec.manual_date, _date, "a date YYYY-MM-DD"),
        big_send=bool(rec.big_send),
        constraint=None
        if rec.constraint_kind is None
        else _field(campaign, key, "constraint", rec.constraint_kind, Constraint, "on-day or not-before"),
        sequence=rec.sequence or 0,
        updated_at=None if rec.updated_at is None else _from_db_time(rec.updated_at),
        role=rec.role,
    )


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError(value)


def _positive(value: Any) -> int:
    if isinstance(value, int) and value >= 1:
        return value
    raise ValueError(value)


def to_campaign(rec: CampaignRecord) -> Campaign:
    """The core campaign for a record; a value that cannot be read raises DamagedRow."""
    slug = rec.slug
    return Campaign(
        id=slug,
        observance_id=rec.observance,
        year=rec.year,
        name=_text(rec.name),
        template=rec.template,
        anchor=_field(slug, None, "anchor", rec.anchor, Anchor, "start or end"),
        starts=_field(slug, None, "start date", rec.starts, _date, "a date YYYY-MM-DD"),
        ends=_field(slug, None, "end date", rec.ends, _date, "a date YYYY-MM-DD"),
        phases=tuple(to_phase(p, slug) for p in sorted(rec.phases, key=lambda p: p.position)),
        created_at=_from_db_time(rec.created_at),
        updated_at=_from_db_time(rec.updated_at),
        owner=_text(rec.owner),
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
    rec.role = p.role


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
        prec = existing.pop(phase.key, None)
        if prec is None:
            prec = _records()[1](version=1, updated_by="")
        elif (to_phase(prec), prec.position) != (phase, position):
            # any change raises the version, so a page showing the old phase cannot overwrite it
            prec.version = (prec.version or 1) + 1
            prec.updated_by = ""
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
    "p.status, p.note, p.manual_date, p.big_send, p.constraint_kind, p.sequence, p.updated_at, p.role"
)


def _records() -> tuple[type[CampaignRecord], type[PhaseRecord]]:
    """The ORM classes, imported on first write (they import SQLAlchemy)."""
    from planner.campaigns.db import CampaignRecord, PhaseRecord

    return CampaignRecord, PhaseRecord


def _raw_date(value: Any) -> Any:
    """A stored date as SQLAlchemy's Date type reads it; anything else is passed on unchanged,
    so `to_campaign` reports it as damaged."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _raw_time(value: Any) -> dt.datetime:
    """A stored time as SQLAlchemy's DateTime type reads it; raises ValueError when it cannot."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


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
    """A campaign from the rows of `_select` (one per phase, in order; one with NULLs if none),
    read by `to_campaign` as a record would be: a damaged value raises DamagedRow, a stored time
    that cannot be read ValueError."""
    c = rows[0]
    phases = [
        SimpleNamespace(
            position=i,
            key=r[15],
            name=r[16],
            offset_spec=r[17],
            anchor=r[18],
            scheduled=_raw_date(r[19]),
            duration_days=r[20],
            through_period=r[21],
            owner=r[22],
            status=r[23],
            note=r[24],
            manual_date=_raw_date(r[25]),
            big_send=r[26],
            constraint_kind=r[27],
            sequence=r[28],
            updated_at=None if r[29] is None else _raw_time(r[29]),
            role=r[30],
        )
        for i, r in enumerate(rows)
        if r[15] is not None
    ]
    record = SimpleNamespace(
        slug=c[1],
        observance=c[2],
        year=c[3],
        name=c[4],
        template=c[5],
        anchor=c[6],
        starts=_raw_date(c[7]),
        ends=_raw_date(c[8]),
        phases=phases,
        created_at=_raw_time(c[9]),
        updated_at=_raw_time(c[10]),
        owner=c[11],
        country=c[12],
        deleted_at=None if c[13] is None else _raw_time(c[13]),
        moved_to=c[14],
    )
    return to_campaign(cast("CampaignRecord", record))


# -- the store --------------------------------------------------------------------------------


class Revision(NamedTuple):
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


class PhaseVersion(NamedTuple):
    """Where a stored phase stands for optimistic locking: its version, who changed it and when."""

    version: int
    updated_by: str
    updated_at: dt.datetime | None


class PhaseConflict(PlannerError):
    """A phase changed since the page that tries to save it was loaded."""

    def __init__(self, campaign: str, phase: str, current: PhaseVersion) -> None:
        who = current.updated_by or "someone using the command line"
        when = "" if current.updated_at is None else f" at {current.updated_at:%H:%M on %d %b %Y} (UTC)"
        super().__init__(
            f"“{phase}” ({campaign}) was changed by {who}{when} after you opened this page, so your change "
            "was not saved. Reload the page to see theirs, then make yours again"
        )
        self.current = current


class MessagesRow(NamedTuple):
    """A team's saved messages for one occurrence (0007): the messages document (YAML, as a
    `--messages` file holds it; '' once cleared), its version and who saved it when (UTC)."""

    observance: str
    year: int
    document: str
    version: int
    changed_by: str
    changed_at: dt.datetime


class MessagesConflict(PlannerError):
    """The team's messages for an occurrence were saved by someone else after the page that
    tries to save them was loaded. `current` is what is stored now (None: nothing any more)."""

    def __init__(self, label: str, current: MessagesRow | None) -> None:
        who = "someone else" if current is None else current.changed_by or "someone using the command line"
        when = "" if current is None else f" at {current.changed_at:%H:%M on %d %b %Y} (UTC)"
        super().__init__(
            f"Your team's messages for {label} were changed by {who}{when} after you opened this page, so "
            "yours were not saved. Reload the page to see theirs, then make your changes again"
        )
        self.current = current


class DuplicateUser(PlannerError):
    def __init__(self, name: str) -> None:
        super().__init__(f"there is already an account named '{name}'; choose another name, or change its password")


def to_user(rec: UserRecord) -> User:
    return User(
        name=rec.name,
        role=Role(rec.role),
        password_hash=rec.password_hash,
        created_at=_from_db_time(rec.created_at),
        updated_at=_from_db_time(rec.updated_at),
    )


class ImportResult(NamedTuple):
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
    problems: list[str] = field(default_factory=list, init=False)
    """Damaged campaigns left out of a read, one message each (see `DamagedRow`)."""
    mended: list[str] = field(default_factory=list, init=False)
    """Damaged values this store mended while writing (an unreadable status set to todo)."""
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _ready: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self.url = normalise_url(self.url)
        if self._sqlite_file() is not None:  # an existing SQLite file: no SQLAlchemy to check its URL
            _check_text(self.url)
        else:
            check_url(self.url)

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
        _load_sqlalchemy()
        parsed = check_url(self.url or "")
        if parsed.get_backend_name() == "sqlite" and self.read_only:
            # SQLite's read-only URI: `immutable` as well when the folder cannot hold its lock files
            folder_ok = os.access(Path(parsed.database or "").parent, os.W_OK)
            query = {"mode": "ro", "uri": "true", **({} if folder_ok else {"immutable": "1"})}
            parsed = parsed.set(database=f"file:{parsed.database}").update_query_dict(query)
        elif parsed.get_backend_name() == "sqlite":
            _private_file(parsed.database)
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
            _sqlite_setup(engine, read_only=self.read_only)
        return engine

    @property
    def read_only(self) -> bool:
        """A SQLite file planner may read but not write: on a read-only medium, or without write
        permission on it or its folder. It is opened read-only, so it can still be read."""
        _load_sqlalchemy()
        url = make_url(self.url or "")
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return False
        path = Path(url.database)
        return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))

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
        _load_sqlalchemy()

        try:
            yield
        except (exc.OperationalError, exc.InterfaceError) as error:
            raise DatabaseError(self._explain(error)) from None
        except exc.IntegrityError as error:
            raise DatabaseError(
                f"the database {self.shown_url} refused the change ({self._scrub(_first_line(error.orig))}); "
                "nothing was written"
            ) from None
        except exc.DatabaseError as error:  # e.g. "file is not a database"
            raise DatabaseError(
                f"cannot use {self.shown_url}: {self._scrub(_first_line(error.orig))}. "
                f"Is it a planner database? Give another file with --db or {DATABASE_ENV}"
            ) from None

    def _explain(self, error: exc.DBAPIError) -> str:
        reason = self._scrub(_first_line(error.orig))
        if self.engine.dialect.name == "sqlite":
            told = self._sqlite_cause(reason)
            if told:
                return told
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

    def _sqlite_cause(self, reason: str) -> str | None:
        """The real cause of a SQLite failure to write: a read-only file or medium, or a full disk."""
        import shutil

        path = Path(make_url(self.url or "").database or "")
        if "readonly" in reason or "read-only" in reason or (self.read_only and "unable to open" in reason):
            return (
                f"the database {path} is read-only (a read-only disk or folder, or a file without write "
                "permission): planner can show its campaigns but not change them. To change them, copy "
                "it to a writable folder and give that copy with --db"
            )
        if "full" in reason or "disk I/O" in reason:
            folder = path.parent if path.parent.is_dir() else Path.cwd()
            free = shutil.disk_usage(folder).free
            if "full" in reason or free < 1024 * 1024:
                return (
                    f"the disk holding the database {path} is full ({free // 1024:,} KB free); nothing was "
                    "written. Free some space, then run the command again"
                )
            return f"the disk holding the database {path} reported an error ({reason}); check the disk"
        return None

    def _scrub(self, text: str) -> str:
        """A driver's message with the password (if any) hidden: drivers may echo parts of the URL."""
        try:
            password = make_url(self.url or "").password
        except (exc.ArgumentError, ValueError):
            return text
        return text.replace(str(password), "***") if password else text

    @contextlib.contextmanager
    def _session(self, *, write: bool) -> Iterator[Session]:
        _load_sqlalchemy()

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
            group = list(rows)
            try:
                yield _campaign_from_rows(group)
            except DamagedRow as damaged:
                self._note(damaged.message)
            except (ValueError, TypeError):  # a stored time: let SQLAlchemy's reading name it
                with self._session(write=False) as session:
                    found = self._load(session, self._query().where(CampaignRecord.id == group[0][0]))
                yield from found

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
        dates (a campaign not yet moved after its observance's date changed). A date range is
        read with one indexed query (first_day/last_day, see migration 0005), not by reading
        every campaign; `including` adds one query over the campaigns' ids, observances and
        years (no phases) to find those outside the range."""
        lo = start or dt.date.min
        hi = end or dt.date.max
        ranged = start is not None or end is not None
        pairs = set(including)
        where = ["c.deleted_at IS NULL"]
        params: dict[str, Any] = {}
        with self._reading() as run:
            if ranged:
                span = "(c.first_day <= :hi AND c.last_day >= :lo)"
                params.update(lo=lo, hi=hi)
                if pairs:
                    outside = self._outside(run, pairs, params)
                    if outside:
                        span = f"({span} OR c.id IN ({_names('i', outside, params)}))"
                where.append(span)
            found = list(self._select(run, " AND ".join(where), params))
        if ranged:
            found = [c for c in found if c.overlaps(lo, hi) or (c.observance_id, c.year) in pairs]
        if status is not None:
            found = [c for c in found if c.status is status]
        return sorted(found, key=lambda c: (c.day, c.id))

    def _outside(self, run: _Run, pairs: set[tuple[str, int]], span: dict[str, Any]) -> list[int]:
        """The row ids of the campaigns for `pairs` (observance id, year) that the date range in
        `span` (lo, hi) leaves out."""
        params: dict[str, Any] = dict(span)
        years = _names("y", sorted({y for _, y in pairs}), params)
        sql = (
            "SELECT c.id, c.observance, c.year FROM campaigns c WHERE c.deleted_at IS NULL "
            f"AND c.year IN ({years}) AND NOT (c.first_day <= :hi AND c.last_day >= :lo)"
        )
        return [int(row[0]) for row in run(sql, params) if (row[1], row[2]) in pairs]

    def campaign_count(self, since: dt.date | None = None) -> int:
        """How many campaigns there are (deleted ones aside; with `since`, only those with their
        day or work on or after it), counted in the database."""
        where, params = self._since(since)
        with self._reading() as run:
            rows = list(run(f"SELECT COUNT(*) FROM campaigns c WHERE {where}", params))
        return int(rows[0][0]) if rows else 0

    @staticmethod
    def _since(since: dt.date | None) -> tuple[str, dict[str, Any]]:
        if since is None:
            return "c.deleted_at IS NULL", {}
        return "c.deleted_at IS NULL AND c.last_day >= :since", {"since": since}

    def campaigns_by_day(self, *, since: dt.date | None = None, offset: int = 0, limit: int = 50) -> list[Campaign]:
        """One page of the campaigns (deleted ones aside; with `since`, those with their day or
        work on or after it) in `campaigns`' order, by day then id: the `limit` campaigns after
        the first `offset`, chosen and ordered in the database (only the page is read)."""
        where, params = self._since(since)
        collate = ' COLLATE "C"' if self._sqlite_file() is None and self._dialect() == "postgresql" else ""
        day = "(CASE WHEN c.anchor = 'end' THEN c.ends ELSE c.starts END)"
        params.update(limit=max(limit, 0), offset=max(offset, 0))
        page = f"SELECT c.id FROM campaigns c WHERE {where} ORDER BY {day}, c.slug{collate} LIMIT :limit OFFSET :offset"
        with self._reading() as run:
            found = list(self._select(run, f"c.id IN ({page})", params))
        return sorted(found, key=lambda c: (c.day, c.id))

    def campaign_for(self, observance_id: str, year: int) -> Campaign | None:
        """The campaign for one observance's occurrence in `year`, if any (one indexed query)."""
        with self._reading() as run:
            where = "c.deleted_at IS NULL AND c.observance = :observance AND c.year = :year"
            found = list(self._select(run, where, {"observance": observance_id, "year": year}))
        return found[0] if found else None

    _OPEN = "c.deleted_at IS NULL AND p.status NOT IN ('done', 'skipped')"
    _STEP_DAY = "COALESCE(p.manual_date, p.scheduled)"
    _SHORT = 31  # days: a step at most this long that starts before X - 31 ends before X
    # Steps that may end on or after X (given :early = X - 31): the rest are short steps that
    # started a month before X, counted by `_short_and_old` and never read. An unreadable
    # length is read, and reported as damaged.
    _MAY_END_LATE = f"({_STEP_DAY} >= :early OR p.duration_days > :short OR p.duration_days IS NULL)"

    def _steps(self, run: _Run, where: str, params: dict[str, Any]) -> Iterator[OpenStep]:
        """Open steps matching `where` (over campaigns c and phases p); a damaged value leaves
        its step out and is kept in `problems`."""
        sql = (
            "SELECT c.slug, c.name, p.key, p.name, p.owner, p.role, p.scheduled, p.manual_date, "
            f"p.duration_days, p.status FROM campaigns c JOIN phases p ON p.campaign_id = c.id "
            f"WHERE {self._OPEN} AND {where}"
        )
        for row in run(sql, params):
            slug, cname, key, name, owner, role, scheduled, manual, duration, status = row
            try:
                start = _field(slug, key, "date", _raw_date(scheduled if manual is None else manual), _date,
                               "a date YYYY-MM-DD")  # fmt: skip
                length = _field(slug, key, "duration", duration, _positive, "a number of days, 1 or more")
                state = _field(slug, key, "status", status, PhaseStatus, "todo, doing, done or skipped")
            except DamagedRow as damaged:
                self._note(damaged.message)
                continue
            end = start + dt.timedelta(days=length - 1)
            yield OpenStep(slug, _text(cname), key, _text(name), _text(owner), role or "", start, end, state)

    def _steps_before(self, run: _Run, before: dt.date, ended_since: dt.date | None) -> list[OpenStep]:
        """Open steps starting before `before`; with `ended_since`, the short steps that surely
        ended before it are not read (the rest are, whatever their end)."""
        if ended_since is None:
            return list(self._steps(run, f"{self._STEP_DAY} < :before", {"before": before}))
        early = ended_since - dt.timedelta(days=self._SHORT)
        params = {"before": before, "early": early, "short": self._SHORT}
        return list(self._steps(run, f"{self._STEP_DAY} < :before AND {self._MAY_END_LATE}", params))

    def open_steps(self, before: dt.date, *, ended_since: dt.date | None = None) -> list[OpenStep]:
        """The open (todo or doing) steps starting before `before`, of every campaign (deleted
        ones aside), read straight from the phases: the due and overdue lists need only these,
        not whole campaigns. `ended_since` keeps only steps whose last day is on or after it (the
        rest are left in the database, not read: see `older_open`)."""
        with self._reading() as run:
            found = self._steps_before(run, before, ended_since)
        return found if ended_since is None else [s for s in found if s.end >= ended_since]

    def due_steps(self, before: dt.date, ended_since: dt.date) -> tuple[list[OpenStep], OlderOpen]:
        """`open_steps(before, ended_since=ended_since)` and `older_open(ended_since)` in one read
        (what a plan's overdue-and-due list needs): two queries, not three."""
        with self._reading() as run:
            fetched = self._steps_before(run, before, ended_since)
            older = self._older(run, ended_since, None, fetched)
        return [s for s in fetched if s.end >= ended_since], older

    def older_open(self, ended_before: dt.date, *, owner: str | None = None) -> OlderOpen:
        """How many open steps (and in how many campaigns) have their last day before
        `ended_before`: counted in the database, not read one by one. `owner` counts one
        person's (or 'unassigned (role)') only, case-insensitive."""
        wanted = None if owner is None else owner.strip().casefold()
        with self._reading() as run:
            return self._older(run, ended_before, wanted, self._steps_before(run, ended_before, ended_before))

    def _older(self, run: _Run, ended_before: dt.date, wanted: str | None, fetched: list[OpenStep]) -> OlderOpen:
        """The open steps ending before `ended_before`: the short old ones counted in the
        database (`_short_and_old`) plus those among `fetched` (read by `_steps_before` with
        `ended_since=ended_before`, from any later `before`); `wanted` keeps one owner."""
        steps, campaigns = self._short_and_old(run, ended_before - dt.timedelta(days=self._SHORT), wanted)
        for s in fetched:
            if s.end < ended_before and (wanted is None or owner_label_of(s.owner, s.role).casefold() == wanted):
                steps += 1
                campaigns.add(s.campaign_id)
        return OlderOpen(ended_before, steps, len(campaigns))

    def _short_and_old(self, run: _Run, early: dt.date, wanted: str | None) -> tuple[int, set[str]]:
        """Open steps of at most `_SHORT` days starting before `early` (so ended before
        `early + _SHORT`): how many, and their campaigns, counted per campaign in the database
        (and per owner when `wanted` names one, casefolded)."""
        by = "c.slug" if wanted is None else "c.slug, p.owner, p.role"
        sql = (
            f"SELECT {by}, COUNT(*) FROM campaigns c JOIN phases p ON p.campaign_id = c.id "
            f"WHERE {self._OPEN} AND {self._STEP_DAY} < :early AND p.duration_days <= :short GROUP BY {by}"
        )
        steps = 0
        campaigns: set[str] = set()
        for row in run(sql, {"early": early, "short": self._SHORT}):
            if wanted is None or owner_label_of(_text(row[1]), row[2] or "").casefold() == wanted:
                steps += int(row[-1])
                campaigns.add(str(row[0]))
        return steps, campaigns

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
                yield from (found[slug] for slug in chunk if slug in found)  # a damaged one is left out

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

    def _load(self, session: Session, query: Any) -> list[Campaign]:
        """The campaigns a query selects. A damaged one (see `DamagedRow`) is left out and its
        message kept in `problems`, so one bad row does not stop every command that reads."""
        try:
            records = list(session.scalars(query))
        except (ValueError, TypeError):  # SQLite: a stored date or time the driver cannot read
            session.expunge_all()
            records = []
            ids = session.execute(select(CampaignRecord.id, CampaignRecord.slug).where(query.whereclause)).all()
            for row_id, slug in ids:
                try:
                    one = query.where(CampaignRecord.id == row_id).execution_options(populate_existing=True)
                    records.extend(session.scalars(one))
                except (ValueError, TypeError):
                    session.expunge_all()
                    self._note(self._diagnose(session, row_id, slug).message)
        found = []
        for rec in records:
            try:
                found.append(to_campaign(rec))
            except DamagedRow as damaged:
                self._note(damaged.message)
        return found

    def _note(self, problem: str) -> None:
        """Keep a damaged row's message once (a server reads the same rows again and again)."""
        if problem not in self.problems and len(self.problems) < 100:
            self.problems.append(problem)

    @staticmethod
    def _diagnose(session: Session, row_id: int, slug: str) -> DamagedRow:
        """Which stored value of a campaign the driver could not read, found by reading them as text."""
        from sqlalchemy import text

        def bad_time(value: Any, kind: type) -> bool:
            if value is None or not isinstance(value, str):
                return False
            try:
                (dt.date if kind is dt.date else dt.datetime).fromisoformat(value)
            except ValueError:
                return True
            return False

        row = session.execute(
            text("SELECT starts, ends, created_at, updated_at, deleted_at FROM campaigns WHERE id = :id"),
            {"id": row_id},
        ).one()
        for column, value, kind in zip(
            ("start date", "end date", "creation time", "change time", "deletion time"),
            row,
            (dt.date, dt.date, dt.datetime, dt.datetime, dt.datetime),
            strict=True,
        ):
            if bad_time(value, kind):
                return DamagedRow(slug, None, column, value, "a date YYYY-MM-DD or a time")
        phases = session.execute(
            text(
                "SELECT key, scheduled, manual_date, updated_at FROM phases WHERE campaign_id = :id ORDER BY position"
            ),
            {"id": row_id},
        ).all()
        for key, *values in phases:
            for column, value, kind in zip(
                ("date", "date set by hand", "change time"), values, (dt.date, dt.date, dt.datetime), strict=True
            ):
                if bad_time(value, kind):
                    return DamagedRow(slug, key, column, value, "a date YYYY-MM-DD")
        return DamagedRow(slug, None, "row", "?", "the database driver cannot read it")

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

        CampaignRecord, _ = _records()
        which = CampaignRecord.deleted_at.is_not(None) if deleted else CampaignRecord.deleted_at.is_(None)
        return select(CampaignRecord).options(selectinload(CampaignRecord.phases)).where(which)

    def _record(self, session: Session, campaign_id: str, *, lock: bool = False) -> CampaignRecord:
        from sqlalchemy import select

        CampaignRecord, _ = _records()
        query = self._query().where(CampaignRecord.slug == campaign_id)
        if lock:
            query = query.with_for_update()
        try:
            rec = session.scalars(query).one_or_none()
        except (ValueError, TypeError):  # SQLite: a stored date the driver cannot read
            session.expunge_all()
            row_id = session.scalars(select(CampaignRecord.id).where(CampaignRecord.slug == campaign_id)).one()
            raise self._diagnose(session, row_id, campaign_id) from None
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

    @staticmethod
    def _stamped(session: Session, campaign: Campaign) -> Campaign:
        """`campaign` with an `updated_at` after every campaign's `updated_at` and `deleted_at`
        stored so far (one microsecond after the newest when the clock says otherwise), so that
        `change_stamp` moves on every write: two edits in the same second, a fixed --today or an
        imported copy carrying an older time would otherwise leave a stale team feed behind a 304."""
        newest, deleted = session.execute(
            select(func.max(CampaignRecord.updated_at), func.max(CampaignRecord.deleted_at))
        ).one()
        times = [_from_db_time(t) for t in (newest, deleted) if t is not None]
        if not times or campaign.updated_at > max(times):
            return campaign
        return replace(campaign, updated_at=max(times) + dt.timedelta(microseconds=1))

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
                stored = self._replace_tombstones(session, campaign)  # one row more: the stamp moves
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
            repaired = False
            try:
                before = to_campaign(rec)
            except DamagedRow as damaged:
                if damaged.column != "status" or damaged.phase is None:
                    raise
                # The one repair made in place: an unreadable status counts as todo, so
                # `campaign set ID PHASE --status ...` can mend the row it names.
                for prec in rec.phases:
                    if prec.status not in [s.value for s in PhaseStatus]:
                        self.mended.append(
                            f"campaign {rec.slug}, phase {prec.key}: the unreadable status "
                            f"'{clean(str(prec.status), drop=True)[:60]}' was replaced by todo"
                        )
                        prec.status = PhaseStatus.TODO.value
                repaired = True
                before = to_campaign(rec)
            after = edit(before)
            if after != before or repaired:
                after = self._stamped(session, after)
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

    def change_each(
        self, campaign_ids: Sequence[str], edit: Callable[[Campaign], Campaign]
    ) -> list[tuple[Campaign, Campaign]]:
        """`change` for several campaigns in one transaction: all are written, or none (an
        unknown id or an `edit` that raises writes nothing). `edit` must keep each campaign's
        id. Returns (before, after) per campaign, in the order given."""
        done: list[tuple[Campaign, Campaign]] = []
        with self._session(write=True) as session:
            for campaign_id in campaign_ids:
                rec = self._record(session, campaign_id, lock=True)
                before = to_campaign(rec)
                after = edit(before)
                if after.id != before.id:
                    raise UsageProblem(f"cannot change the id of {before.id} here; use planner campaign move")
                if after != before:
                    after = self._stamped(session, after)
                    fill_campaign(rec, after)
                done.append((before, after))
        return done

    def phase_versions(self, campaign_id: str) -> dict[str, PhaseVersion]:
        """Each phase's version, by key, for pages that edit phases."""
        with self._session(write=False) as session:
            rec = self._record(session, campaign_id)
            return {p.key: self._version(p) for p in rec.phases}

    @staticmethod
    def _version(p: PhaseRecord) -> PhaseVersion:
        return PhaseVersion(
            p.version or 1, p.updated_by or "", None if p.updated_at is None else _from_db_time(p.updated_at)
        )

    def change_phases(
        self,
        campaign_id: str,
        expected: dict[str, int],
        edit: Callable[[Campaign], Campaign],
        *,
        by: str,
    ) -> tuple[Campaign, Campaign]:
        """Like `change`, for edits made from a page: each phase in `expected` (key -> the version
        the page showed) must still be at that version, else PhaseConflict and nothing is written.
        The phases that change are stamped as changed by `by`."""
        with self._session(write=True) as session:
            rec = self._record(session, campaign_id, lock=True)
            records = {p.key: p for p in rec.phases}
            for key, version in sorted(expected.items()):
                prec = records.get(key)
                if prec is None:
                    raise UnknownId("phase", key, sorted(records))
                if (prec.version or 1) != version:
                    raise PhaseConflict(rec.name, prec.name, self._version(prec))
            before = to_campaign(rec)
            after = edit(before)
            if after != before:
                if after.id != before.id:
                    raise PlannerError("a page edit cannot move a campaign; use Move instead")
                changed = {p.key for p, q in zip(before.phases, after.phases, strict=True) if p != q}
                fill_campaign(rec, after)
                for prec in rec.phases:
                    if prec.key in changed:
                        prec.updated_by = by
        return before, after

    # -- the team's own messages for briefs (0007) ---------------------------------------------
    def team_messages(self, observance_id: str, year: int) -> MessagesRow | None:
        """The team's saved messages for one occurrence (one indexed query), or None when none
        were ever saved. A cleared save is a row with an empty document."""
        sql = (
            "SELECT observance, year, document, version, changed_by, changed_at FROM team_messages "
            "WHERE observance = :observance AND year = :year"
        )
        with self._reading() as run:
            rows = list(run(sql, {"observance": observance_id, "year": year}))
        if not rows:
            return None
        o, y, document, version, by, at = rows[0]
        return MessagesRow(
            str(o), int(y), str(document or ""), int(version), str(by or ""), _from_db_time(_raw_time(at))
        )

    def save_team_messages(
        self,
        observance_id: str,
        year: int,
        document: str,
        *,
        expected_version: int,
        by: str,
        now: dt.datetime,
        label: str = "",
    ) -> MessagesRow:
        """Store the team's messages document for one occurrence ('' clears it), in one
        transaction. `expected_version` is the version the page showed (0: nothing saved yet);
        if the stored one differs, MessagesConflict (naming who saved it and when) and nothing
        is written. Returns the stored row, its version raised by one."""
        with self._session(write=True) as session:
            query = select(TeamMessagesRecord).where(
                (TeamMessagesRecord.observance == observance_id) & (TeamMessagesRecord.year == year)
            )
            rec = session.scalars(query.with_for_update()).one_or_none()
            current = None if rec is None else self._messages_row(rec)
            if (0 if current is None else current.version) != expected_version:
                raise MessagesConflict(label or f"{observance_id} {year}", current)
            if rec is None:
                rec = TeamMessagesRecord(observance=observance_id, year=year, version=0)
                session.add(rec)
            rec.document = document
            rec.version = (rec.version or 0) + 1
            rec.changed_by = by
            rec.changed_at = _to_db_time(now)
            try:
                session.flush()
            except exc.IntegrityError:  # someone saved the first messages at the same moment
                raise MessagesConflict(label or f"{observance_id} {year}", None) from None
            return self._messages_row(rec)

    @staticmethod
    def _messages_row(rec: TeamMessagesRecord) -> MessagesRow:
        return MessagesRow(
            rec.observance,
            rec.year,
            rec.document or "",
            rec.version,
            rec.changed_by or "",
            _from_db_time(rec.changed_at),
        )

    # -- accounts -----------------------------------------------------------------------------
    def users(self) -> list[User]:
        """Every account, by name."""
        with self._session(write=False) as session:
            return [to_user(r) for r in session.scalars(select(UserRecord).order_by(UserRecord.name))]

    def user(self, name: str) -> User | None:
        """The account with this name, or None. One indexed query (every signed-in page asks),
        through the standard library for an up-to-date SQLite file."""
        sql = "SELECT u.name, u.role, u.password_hash, u.created_at, u.updated_at FROM users u WHERE u.name = :name"
        with self._reading() as run:
            rows = list(run(sql, {"name": name}))
        if not rows:
            return None
        found, role, digest, created, updated = rows[0]
        record = SimpleNamespace(
            name=found, role=role, password_hash=digest, created_at=_raw_time(created), updated_at=_raw_time(updated)
        )
        return to_user(cast("UserRecord", record))

    def add_user(self, user: User) -> User:
        """Store a new account; refuses a name in use."""
        with self._session(write=True) as session:
            if session.scalars(select(UserRecord.id).where(UserRecord.name == user.name)).first() is not None:
                raise DuplicateUser(user.name)
            session.add(
                UserRecord(
                    name=user.name,
                    role=user.role.value,
                    password_hash=user.password_hash,
                    created_at=_to_db_time(user.created_at),
                    updated_at=_to_db_time(user.updated_at),
                )
            )
        return user

    def change_user(
        self, name: str, *, now: dt.datetime, password_hash: str | None = None, role: Role | None = None
    ) -> User:
        """Set an account's password hash and/or role."""
        with self._session(write=True) as session:
            rec = session.scalars(select(UserRecord).where(UserRecord.name == name).with_for_update()).one_or_none()
            if rec is None:
                known = session.scalars(select(UserRecord.name)).all()
                raise UnknownId("account", name, known)
            if password_hash is not None:
                rec.password_hash = password_hash
            if role is not None:
                rec.role = role.value
            rec.updated_at = _to_db_time(now)
            return to_user(rec)

    def delete(self, campaign_id: str, *, now: dt.datetime) -> Campaign:
        """Delete a campaign at `now`: it stays as a tombstone (see `timeline.cancel`) that only
        `deleted_since` returns. Returns the tombstone."""
        with self._session(write=True) as session:
            rec = self._record(session, campaign_id, lock=True)
            current = to_campaign(rec)
            gone = cancel(current, now=self._stamped(session, replace(current, updated_at=now)).updated_at)
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

    def _readable_or_gone(self, session: Session, campaign_id: str) -> CampaignRecord | None:
        """The live record holding `campaign_id`, locked; a damaged one (see `DamagedRow`) is
        removed, so importing a campaign from an export mends it."""
        query = self._query().where(CampaignRecord.slug == campaign_id).with_for_update()
        try:
            rec = session.scalars(query).one_or_none()
            if rec is not None:
                to_campaign(rec)
            return rec
        except (ValueError, TypeError, DamagedRow):
            session.expunge_all()
            session.execute(
                delete(PhaseRecord).where(
                    PhaseRecord.campaign_id.in_(select(CampaignRecord.id).where(CampaignRecord.slug == campaign_id))
                )
            )
            session.execute(delete(CampaignRecord).where(CampaignRecord.slug == campaign_id))
            return None

    def _import_one(self, session: Session, campaign: Campaign) -> str:
        """Add or replace one campaign inside an import; returns added, updated or unchanged."""
        rec = self._readable_or_gone(session, campaign.id)
        if rec is None:
            self._clash(session, campaign)
            rec = CampaignRecord()
            fill_campaign(rec, self._replace_tombstones(session, campaign))
            session.add(rec)
            session.flush()
            return "added"
        current = to_campaign(rec)
        incoming = supersede(campaign, current)
        if incoming == current:
            return "unchanged"
        fill_campaign(rec, self._stamped(session, incoming))
        session.flush()
        return "updated"

    def import_campaigns(self, campaigns: Iterable[Campaign]) -> ImportResult:
        """Add or replace campaigns by id, all in one transaction; identical ones are left alone.
        `campaigns` may be a stream (`files.read_campaigns`): it is read to the end before
        anything is written, so a problem in the file writes nothing.

        A replaced campaign never goes back in sequence (see `timeline.supersede`), so calendar
        clients take an older copy as a new version; a deleted campaign in the file's place is
        replaced and counts as added."""
        done: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": []}
        with self._session(write=True) as session:
            for campaign in sorted(campaigns, key=lambda c: c.id):
                for attempt in range(IMPORT_RETRIES):
                    try:
                        with session.begin_nested():  # a savepoint: a lost race undoes only this campaign
                            done[self._import_one(session, campaign)].append(campaign.id)
                        break
                    except exc.IntegrityError:
                        # PostgreSQL: another import added this campaign after we looked (our insert
                        # waited for its commit, then hit the unique id). Look again: now it is there.
                        session.expunge_all()
                        if attempt == IMPORT_RETRIES - 1:
                            raise
        added, updated, unchanged = done["added"], done["updated"], done["unchanged"]
        return ImportResult(tuple(added), tuple(updated), tuple(unchanged))

    # -- the team roster ----------------------------------------------------------------------
    def roster(self) -> Roster:
        """The team, by name (one query; through sqlite3 on an up-to-date SQLite file)."""
        with self._reading() as run:
            rows = list(run("SELECT name, roles, capacity FROM people", {}))
        return Roster.of(
            Person(str(name), tuple(r for r in str(roles or "").split(",") if r), capacity)
            for name, roles, capacity in rows
        )

    def save_person(self, person: Person, *, now: dt.datetime, replace_name: str | None = None) -> Person:
        """Add a person, or change one (`replace_name`: the name they are stored under, which may
        differ from `person.name` when renaming). A name already taken by someone else is refused."""
        with self._session(write=True) as session:
            rec = None
            if replace_name is not None:
                rec = session.scalars(
                    select(PersonRecord).where(PersonRecord.folded == replace_name.casefold()).with_for_update()
                ).one_or_none()
                if rec is None:
                    known = session.scalars(select(PersonRecord.name)).all()
                    raise UnknownId("person", replace_name, known)
            clash = session.scalars(
                select(PersonRecord).where(PersonRecord.folded == person.name.casefold())
            ).one_or_none()
            if clash is not None and clash is not rec:
                raise UsageProblem(
                    f"'{clash.name}' is already on the team; change them with: planner team set \"{clash.name}\" ..."
                )
            if rec is None:
                rec = PersonRecord()
                session.add(rec)
            _fill_person(rec, person, now)
        return person

    def remove_person(self, name: str) -> Person:
        """Take a person off the roster; returns them. Their phases keep their name as owner."""
        with self._session(write=True) as session:
            rec = session.scalars(
                select(PersonRecord).where(PersonRecord.folded == name.strip().casefold()).with_for_update()
            ).one_or_none()
            if rec is None:
                known = session.scalars(select(PersonRecord.name)).all()
                if not known:
                    raise UsageProblem("the team roster is empty; add people with: planner team add NAME --role ROLE")
                raise UnknownId("person", name, known)
            gone = _to_person(rec)
            session.delete(rec)
        return gone

    def import_roster(self, roster: Roster, *, now: dt.datetime, replace: bool = False) -> ImportResult:
        """Add or update people by name, in one transaction; `replace=True` also removes anyone
        not in `roster`. Identical people are left alone."""
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        with self._session(write=True) as session:
            existing = {r.folded: r for r in session.scalars(select(PersonRecord).with_for_update())}
            for person in roster.people:
                rec = existing.pop(person.name.casefold(), None)
                if rec is None:
                    rec = PersonRecord()
                    session.add(rec)
                    added.append(person.name)
                elif _to_person(rec) == person:
                    unchanged.append(person.name)
                    continue
                else:
                    updated.append(person.name)
                _fill_person(rec, person, now)
            if replace:
                for rec in existing.values():
                    session.delete(rec)
        return ImportResult(tuple(added), tuple(updated), tuple(unchanged))

    def change_many(self, edit: Callable[[Campaign], Campaign]) -> list[tuple[Campaign, Campaign]]:
        """Apply `edit` to every live campaign in one transaction (ids must not change); returns the
        (before, after) pairs that changed."""
        changed = []
        with self._session(write=True) as session:
            for rec in session.scalars(self._query().with_for_update()):
                before = to_campaign(rec)
                after = edit(before)
                if after != before:
                    if after.id != before.id:
                        raise PlannerError("internal: change_many may not change a campaign's id")
                    fill_campaign(rec, after)
                    changed.append((before, after))
        return changed

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


EXPORT_CHUNK = 500
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


def _to_person(rec: PersonRecord) -> Person:
    return Person(rec.name, tuple(r for r in rec.roles.split(",") if r), rec.capacity)


def _fill_person(rec: PersonRecord, person: Person, now: dt.datetime) -> None:
    rec.name = person.name
    rec.folded = person.name.casefold()
    rec.roles = ",".join(person.roles)
    rec.capacity = person.capacity
    rec.updated_at = _to_db_time(now)


def _to_token(row: FeedTokenRecord) -> TokenRow:
    return TokenRow(
        id=row.id,
        label=row.label,
        digest=row.digest,
        created=_from_db_time(row.created_at),
        campaigns=tuple(c for c in row.campaigns.split(",") if c),
    )


def _private_file(database: str | None) -> None:
    """Create a new SQLite file readable by its owner only, from its first byte: it holds the
    team's plans (embargoes included) and the hashes of its feed tokens. SQLite gives its -wal and
    -shm files the same permissions. An existing file, or a folder that does not exist (the store
    explains it), is left alone."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        fd = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:  # it exists, or it cannot be made here: SQLite reports the real cause
        return
    os.close(fd)


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


def _sqlite_setup(engine: Engine, *, read_only: bool = False) -> None:
    """WAL, a busy timeout and foreign keys on every connection; BEGIN IMMEDIATE for writes.
    A read-only file keeps its journal mode (changing it would be a write)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # planner issues BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not read_only:
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
