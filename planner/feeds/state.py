"""Update semantics for every feed: SEQUENCE and LAST-MODIFIED from what a subscriber sees.

Pure core. Per UID the feed state keeps a fingerprint of what a subscriber's calendar shows
(dates, title, status, location), the SEQUENCE and the LAST-MODIFIED last published. When a
feed is built again and an item's fingerprint differs, its SEQUENCE goes up by one and its
LAST-MODIFIED moves: clients that merge by SEQUENCE (and Google, by report) take the new
version instead of keeping the old date (feed-rules.md rule 5). Descriptions, categories and
links are not part of the fingerprint: they refresh without a new SEQUENCE.

The same state and the same input give the same output; only a changed fingerprint moves a
stamp, to `now` (the injected clock), never backwards. Storage is the store's job
(`Store.feed_state`, `Store.save_feed_state`: migration 0003).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner.feeds.build import Feed, FeedItem

UTC = dt.UTC
ONE_SECOND = dt.timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class ItemState:
    """What was last published for one UID: fingerprint, SEQUENCE and LAST-MODIFIED (UTC, whole seconds)."""

    uid: str
    fingerprint: str
    sequence: int
    modified: dt.datetime


def _when(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        zone = getattr(value.tzinfo, "key", None) or value.strftime("%z")
        return f"{value:%Y%m%dT%H%M%S} {zone}"
    return f"{value:%Y%m%d}"


def fingerprint(item: FeedItem) -> str:
    """A short hash of what a subscriber's calendar shows of the item: start, end (with zone),
    title, status and location. SHA-256, first 32 hex digits."""
    seen = "\x1f".join([_when(item.start), _when(item.end), item.summary, item.status.value, item.location])
    return hashlib.sha256(seen.encode("utf-8")).hexdigest()[:32]


def _second(when: dt.datetime) -> dt.datetime:
    return when.astimezone(UTC).replace(microsecond=0)


def advance(
    items: Iterable[FeedItem], known: Mapping[str, ItemState], *, now: dt.datetime
) -> tuple[list[FeedItem], list[ItemState]]:
    """The items with SEQUENCE and stamps from the feed state, and the states that changed.

    - a UID seen for the first time keeps its own sequence and stamp;
    - an unchanged fingerprint keeps the stored sequence (or the item's own, if higher, e.g. a
      phase edited in the campaign store) and the later of the two stamps;
    - a changed fingerprint gets the stored sequence + 1 (at least the item's own) and the stamp
      `now`, moved past the stored one if the clock is behind it.
    """
    out: list[FeedItem] = []
    changed: list[ItemState] = []
    for item in items:
        print_ = fingerprint(item)
        before = known.get(item.uid)
        stamp = _second(item.stamp)
        if before is None:
            state = ItemState(item.uid, print_, item.sequence, stamp)
            changed.append(state)
        elif before.fingerprint == print_:
            state = ItemState(item.uid, print_, max(before.sequence, item.sequence), max(before.modified, stamp))
            if state != before:
                changed.append(state)
        else:
            moved = max(_second(now), stamp, before.modified + ONE_SECOND)
            state = ItemState(item.uid, print_, max(before.sequence + 1, item.sequence), moved)
            changed.append(state)
        out.append(dataclasses.replace(item, sequence=state.sequence, stamp=state.modified))
    return out, changed


def apply(feed: Feed, known: Mapping[str, ItemState], *, now: dt.datetime) -> tuple[Feed, list[ItemState]]:
    """`advance` over a whole feed; the feed's `updated` moves with the newest stamp."""
    items, changed = advance(feed.items, known, now=now)
    newest = max((i.stamp for i in items), default=feed.updated)
    return dataclasses.replace(feed, items=tuple(items), updated=max(feed.updated, newest)), changed


def uids(feeds: Sequence[Feed]) -> list[str]:
    """Every UID of the feeds, once, sorted."""
    return sorted({i.uid for f in feeds for i in f.items})
