"""The feed state in the campaign database, applied to feeds before they are published.

`publish_state(store, feeds, now)` reads the stored state of the feeds' UIDs, raises SEQUENCE
and moves LAST-MODIFIED where what a subscriber sees changed (`planner.feeds.state`), and
writes the changes in one transaction. `feed`, `publish` and `serve` all go through it.

A copy of the state read is kept in planner's cache folder together with the database file's
size and modification time (SQLite only). When the file has not changed since and no item
changed, the copy is the database's state, so the feed is published without opening the
database (importing SQLAlchemy costs more than assembling a cached feed). Any write to the
database, by any process, changes the file and so invalidates the copy. PostgreSQL is always
asked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.feeds.build import Feed
from planner.feeds.state import ItemState, apply

if TYPE_CHECKING:
    from planner.campaigns.store import Store

SNAPSHOT_FORMAT = 1


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url.endswith(":memory:"):
        return None
    return Path(url[len(prefix) :].split("?", 1)[0])


def _signature(db: Path) -> list[int] | None:
    """Size and modification time (ns) of the SQLite file and its WAL; None if it is missing."""
    found: list[int] = []
    for path in (db, db.with_name(db.name + "-wal")):
        try:
            st = path.stat()
        except FileNotFoundError:
            if path == db:
                return None
            found += [-1, -1]
            continue
        found += [st.st_size, st.st_mtime_ns]
    return found


def _cache_file(url: str) -> Path | None:
    if os.environ.get("PLANNER_CACHE", "1") == "0":
        return None
    folder = os.environ.get("PLANNER_CACHE_DIR")
    if folder:
        base = Path(folder)
    else:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("planner", appauthor=False))
    name = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return base / f"feed-state-{name}.json"


def _read_snapshot(path: Path, signature: list[int]) -> dict[str, ItemState] | None:
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != SNAPSHOT_FORMAT or data.get("db") != signature:
            return None
        return {
            uid: ItemState(uid, str(fp), int(seq), dt.datetime.fromisoformat(str(mod)))
            for uid, (fp, seq, mod) in data["state"].items()
        }
    return None


def _write_snapshot(path: Path, signature: list[int] | None, state: dict[str, ItemState]) -> None:
    if signature is None:
        return
    from planner.files import atomic_writer

    payload = {
        "format": SNAPSHOT_FORMAT,
        "db": signature,
        "state": {uid: [s.fingerprint, s.sequence, s.modified.isoformat()] for uid, s in sorted(state.items())},
    }
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path) as handle:
            handle.write(json.dumps(payload, separators=(",", ":")))


def _url(store_or_url: Store | str) -> str:
    return store_or_url if isinstance(store_or_url, str) else str(store_or_url.url or "")


def publish_state(
    open_store: Callable[[], Store], url: str, feeds: Sequence[Feed], *, now: dt.datetime, snapshot: bool = True
) -> list[Feed]:
    """The feeds with SEQUENCE and LAST-MODIFIED from the feed state; changes are stored.

    `open_store` is called only when the database is needed (opening it imports SQLAlchemy);
    `url` is its URL (`planner.campaigns.location.normalise_url`). `snapshot=False` (a server, whose
    store other threads use) always asks the database. Raises the store's `DatabaseError`
    when the database cannot be used."""
    db_file = _sqlite_file(url) if snapshot else None
    snapshot_file = _cache_file(url) if db_file is not None else None
    signature = _signature(db_file) if db_file is not None else None
    if snapshot_file is not None and signature is not None:
        known = _read_snapshot(snapshot_file, signature)
        if known is not None:
            results = [apply(feed, known, now=now) for feed in feeds]
            if not any(changed for _, changed in results):
                return [feed for feed, _ in results]
    uids = sorted({i.uid for f in feeds for i in f.items})
    db = open_store()
    rows = db.feed_state(uids)
    known = {uid: ItemState(*row) for uid, row in rows.items()}
    out: list[Feed] = []
    changes: dict[str, ItemState] = {}
    for feed in feeds:
        # an item in two feeds (the public feed and a theme's) gets the same state in both
        applied, changed = apply(feed, {**known, **changes}, now=now)
        out.append(applied)
        changes.update({s.uid: s for s in changed})
    if changes:
        from planner.campaigns.store import FeedStateRow

        db.save_feed_state([FeedStateRow(s.uid, s.fingerprint, s.sequence, s.modified) for s in changes.values()])
    if snapshot_file is not None and db_file is not None:
        db.close()  # let SQLite check the WAL back in, so the file's signature settles
        _write_snapshot(snapshot_file, _signature(db_file), {**known, **changes})
    return out
