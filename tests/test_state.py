"""Update semantics: SEQUENCE and LAST-MODIFIED follow what a subscriber sees (planner.feeds.state)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from planner.feeds.build import FeedItem, ItemStatus, build_feed
from planner.feeds.state import ItemState, advance, apply, fingerprint

UTC = dt.UTC
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
ITEM = FeedItem("summit-2027@planner.invalid", "Summit", dt.date(2027, 5, 25), dt.date(2027, 5, 26), STAMP)


def test_a_new_uid_keeps_its_own_sequence_and_stamp() -> None:
    items, changed = advance([ITEM], {}, now=NOW)
    assert items == [ITEM]
    assert changed == [ItemState(ITEM.uid, fingerprint(ITEM), 0, STAMP)]


def test_an_unchanged_item_is_published_the_same_way_again() -> None:
    _, first = advance([ITEM], {}, now=NOW)
    known = {s.uid: s for s in first}
    items, changed = advance([ITEM], known, now=NOW + dt.timedelta(days=3))
    assert items == [ITEM] and changed == []


def test_a_date_correction_raises_sequence_and_moves_last_modified() -> None:
    _, first = advance([ITEM], {}, now=NOW)
    moved = dataclasses.replace(ITEM, start=dt.date(2027, 5, 12), end=dt.date(2027, 5, 13))
    items, changed = advance([moved], {s.uid: s for s in first}, now=NOW)
    assert items[0].sequence == 1 and items[0].stamp == NOW
    assert changed == [ItemState(ITEM.uid, fingerprint(moved), 1, NOW)]
    # and again the same input: nothing moves (deterministic for the same state and input)
    again, none = advance([moved], {s.uid: s for s in changed}, now=NOW + dt.timedelta(days=1))
    assert again == items and none == []


def test_what_subscribers_see_is_in_the_fingerprint_and_nothing_else() -> None:
    base = fingerprint(ITEM)
    for change in (
        {"summary": "Summit (postponed)"},
        {"status": ItemStatus.CANCELLED},
        {"location": "Geneva"},
        {"start": dt.date(2027, 5, 24)},
        {"end": dt.date(2027, 5, 27)},
    ):
        assert fingerprint(dataclasses.replace(ITEM, **change)) != base, change  # type: ignore[arg-type]
    for same in ({"description": "More words."}, {"categories": ("day",)}, {"url": "https://example.org"}):
        assert fingerprint(dataclasses.replace(ITEM, **same)) == base, same  # type: ignore[arg-type]


def test_the_stamp_never_goes_back_even_with_a_slow_clock() -> None:
    known = {ITEM.uid: ItemState(ITEM.uid, "other", 4, NOW)}
    items, _ = advance([ITEM], known, now=NOW - dt.timedelta(days=30))
    assert items[0].sequence == 5 and items[0].stamp == NOW + dt.timedelta(seconds=1)


def test_a_higher_sequence_of_the_item_itself_wins() -> None:
    """A phase edited in the campaign store carries its own, higher sequence."""
    known = {ITEM.uid: ItemState(ITEM.uid, fingerprint(ITEM), 1, STAMP)}
    items, changed = advance([dataclasses.replace(ITEM, sequence=3)], known, now=NOW)
    assert items[0].sequence == 3 and changed[0].sequence == 3


def test_apply_moves_the_feed_updated_time() -> None:
    feed = build_feed([ITEM], name="n", description="d", refresh=dt.timedelta(days=1))
    known = {ITEM.uid: ItemState(ITEM.uid, "other", 0, STAMP)}
    published, changed = apply(feed, known, now=NOW)
    assert published.updated == NOW and published.items[0].sequence == 1 and len(changed) == 1
