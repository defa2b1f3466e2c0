"""The feed state through the database, and the saved events between runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.campaigns.store import FeedStateRow, Store
from planner.feeds.build import Feed, FeedItem, build_feed
from planner.feeds.ical import EventCache, SavedEvents, render_feed
from planner.feeds.published import publish_state
from planner.feeds.state import fingerprint
from tests.conftest import FIXTURES

from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

UTC = dt.UTC
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)
NOW = dt.datetime(2026, 11, 21, tzinfo=UTC)
ITEM = FeedItem("summit-2027@planner.invalid", "Summit", dt.date(2027, 5, 25), dt.date(2027, 5, 26), STAMP)


def _feed(*items: FeedItem) -> Feed:
    return build_feed(items, name="n", description="d", refresh=dt.timedelta(days=1))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(folder))
    monkeypatch.delenv("PLANNER_CACHE", raising=False)
    return folder


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:  # noqa: F811
    with Store(database_url) as opened:
        yield opened


def test_state_is_stored_and_raised_on_both_backends(store: Store, cache_dir: Path) -> None:
    url = str(store.url)
    (first,) = publish_state(lambda: store, url, [_feed(ITEM)], now=NOW)
    assert first.items[0].sequence == 0
    assert store.feed_state([ITEM.uid])[ITEM.uid] == FeedStateRow(ITEM.uid, fingerprint(ITEM), 0, STAMP)
    moved = dataclasses.replace(ITEM, start=dt.date(2027, 5, 12), end=dt.date(2027, 5, 13))
    (second,) = publish_state(lambda: store, url, [_feed(moved)], now=NOW)
    assert (second.items[0].sequence, second.items[0].stamp) == (1, NOW)
    assert store.feed_state()[ITEM.uid].sequence == 1


def test_a_feed_with_nothing_new_does_not_open_the_database(tmp_path: Path, cache_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    with Store(url) as store:
        publish_state(lambda: store, url, [_feed(ITEM)], now=NOW)

    def refuse() -> Store:
        raise AssertionError("the database was opened")

    (again,) = publish_state(refuse, url, [_feed(ITEM)], now=NOW)
    assert again.items[0] == ITEM
    assert list(cache_dir.glob("feed-state-*.json"))


def test_a_change_by_another_process_is_seen(tmp_path: Path, cache_dir: Path) -> None:
    """The copy in the cache folder is used only while the database file is unchanged."""
    url = f"sqlite:///{tmp_path / 'state.db'}"
    with Store(url) as store:
        publish_state(lambda: store, url, [_feed(ITEM)], now=NOW)
    with Store(url) as other:  # e.g. `planner publish` with a corrected date, elsewhere
        other.save_feed_state([FeedStateRow(ITEM.uid, "another date", 3, NOW)])
    with Store(url) as store:
        (seen,) = publish_state(lambda: store, url, [_feed(ITEM)], now=NOW + dt.timedelta(days=1))
    assert seen.items[0].sequence == 4  # the fingerprint differs from the stored one: raised again


def test_saved_events_make_a_second_render_serialise_nothing(tmp_path: Path) -> None:
    feed = _feed(ITEM, dataclasses.replace(ITEM, uid="other@planner.invalid", summary="Other"))
    path = tmp_path / "feed-events.json"
    saved = SavedEvents(path)
    cache = EventCache(saved=saved)
    first = render_feed(feed, cache=cache)
    saved.save()
    assert cache.misses == 2
    again = EventCache(saved=SavedEvents(path))
    assert render_feed(feed, cache=again) == first and again.misses == 0
    changed = EventCache(saved=SavedEvents(path))
    render_feed(_feed(dataclasses.replace(ITEM, summary="Summit (moved)")), cache=changed)
    assert changed.misses == 1


def test_a_damaged_saved_events_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "feed-events.json"
    path.write_text("{not json", encoding="utf-8")
    cache = EventCache(saved=SavedEvents(path))
    assert b"BEGIN:VEVENT" in render_feed(_feed(ITEM), cache=cache)


PROBE = (
    "import atexit, sys; "
    "atexit.register(lambda: sys.stderr.write('loaded: ' + ' '.join(m for m in ('icalendar', 'sqlalchemy') "
    "if m in sys.modules) + '\\n')); "
    "from planner.cli import main; main()"
)


def test_a_second_run_imports_neither_icalendar_nor_sqlalchemy(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PLANNER_CACHE_DIR": str(tmp_path / "cache"),
        "PLANNER_DATA_DIR": str(tmp_path / "data"),
        "PLANNER_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
    }
    env.pop("PLANNER_CACHE", None)
    # a database named with PLANNER_DATABASE_URL must exist (feed never creates one from a typo)
    subprocess.run([sys.executable, "-c", PROBE, "db", "upgrade"], env=env, capture_output=True, check=True)
    argv = [sys.executable, "-c", PROBE, "--today", "2026-11-21", "--catalogue", str(FIXTURES / "feed-catalogue.yaml")]
    argv += ["feed", "-o", str(tmp_path / "f.ics")]
    first = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    assert "loaded: icalendar sqlalchemy" in first.stderr
    body = (tmp_path / "f.ics").read_bytes()
    second = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    assert "loaded: \n" in second.stderr, second.stderr
    assert (tmp_path / "f.ics").read_bytes() == body
