"""iCalendar adapter: `Feed` in, RFC 5545 bytes out, through the icalendar library.

Each VEVENT is serialised by icalendar and cached by content, so re-rendering a feed after
one change serialises one event. `SavedEvents` keeps the serialised events between runs in
planner's cache folder, keyed by everything a subscriber sees of them (and the icalendar
version): a feed whose events did not change is assembled from saved bytes without importing
icalendar at all. Time zones get an RRULE-based VTIMEZONE derived from zoneinfo: icalendar's
`add_missing_timezones()` writes every onset into one multi-valued RDATE, which ical.js
(Thunderbird, Nextcloud) reads wrongly, an hour off all summer (rule 7).
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import datetime as dt
import functools
import hashlib
import html
import json
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planner.errors import PlannerError
from planner.feeds.build import Feed, FeedItem

if TYPE_CHECKING:
    from icalendar import Component, Event, Timezone

PRODID = "-//planner//Human rights observance feeds//EN"
UTC = dt.UTC
_END = b"END:VCALENDAR\r\n"
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

AlarmKey = dt.timedelta | None


def _serialise(component: Component) -> bytes:
    """icalendar's own serialiser (CRLF, folding at 75 octets on character boundaries, escaping)."""
    data = component.to_ical()
    assert isinstance(data, bytes)
    return data


_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr)\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_SHORTCODE = re.compile(r"\[(/?)([a-z_-]+)((?:\s+[a-z_-]+=(?:\"[^\"]*\"|'[^']*'|[^\]\s]*))*)\s*\]")


def plain_text(text: str) -> str:
    """SUMMARY and DESCRIPTION as plain text (rule 14): HTML tags and WordPress-style shortcodes
    from a team's catalogue or a phase note are dropped (line breaks kept), entities decoded.
    Text without them is returned unchanged; `a < b` and `[1]` are not tags."""
    if "<" not in text and "&" not in text and "[" not in text:
        return text
    out = _TAG.sub("", _BREAK.sub("\n", text))
    out = _ENTITY.sub(lambda m: html.unescape(m[0]).replace("\xa0", " "), out)

    def shortcode(m: re.Match[str]) -> str:
        closing, name, attributes = m[1], m[2], m[3]
        if closing or attributes or f"[/{name}]" in out:
            return ""
        return m[0]  # a bare [word] without its closing tag is text, e.g. [sic]

    out = _SHORTCODE.sub(shortcode, out)
    return re.sub(r"\n{3,}", "\n\n", out).strip() if out != text else text


def _tz_key(value: dt.date) -> str | None:
    if isinstance(value, dt.datetime):
        return str(value.tzinfo)
    return None


def _event(item: FeedItem, alarm: AlarmKey) -> Event:
    """One VEVENT: all-day as VALUE=DATE with exclusive DTEND, stamps in UTC, no RRULE."""
    from icalendar import Alarm, Event

    stamp = item.stamp.astimezone(UTC)
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    event.add("summary", plain_text(item.summary))
    if item.description:
        event.add("description", plain_text(item.description))
    event.add("sequence", item.sequence)
    event.add("status", item.status.value)
    event.add("transp", "TRANSPARENT")
    event.add("x-microsoft-cdo-busystatus", "FREE")
    if item.categories:
        event.add("categories", list(item.categories))
    if item.url:
        event.add("url", item.url)
    if item.location:
        event.add("location", plain_text(item.location))
    if alarm is not None:
        valarm = Alarm()
        valarm.add("action", "DISPLAY")
        valarm.add("description", plain_text(item.summary))
        valarm.add("trigger", -alarm)
        event.add_component(valarm)
    return event


FORMAT = 1
"""Bump when `_event` writes anything differently: saved events of another format are not used."""


@functools.cache
def _serialiser_version() -> str:
    """icalendar's version, from the name of its installed metadata folder (`icalendar-7.3.2.dist-info`):
    importing icalendar, or importlib.metadata, costs more than assembling a cached feed."""
    import importlib.util

    spec = importlib.util.find_spec("icalendar")
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        found = sorted(site.glob("icalendar-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removeprefix("icalendar-").removesuffix(".dist-info")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("icalendar")
    except PackageNotFoundError:  # pragma: no cover - icalendar is a dependency
        return "?"


def _text(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return f"{value.isoformat()}[{_tz_key(value)}]"
    return value.isoformat()


def event_key(item: FeedItem, alarm: AlarmKey) -> str:
    """What a subscriber sees of one VEVENT, hashed (SHA-256, 40 hex digits): every field that
    reaches the bytes, the alarm, the zone names, the format and the icalendar version."""
    parts = [
        f"{FORMAT}|{_serialiser_version()}",
        item.uid,
        item.summary,
        _text(item.start),
        _text(item.end),
        item.stamp.astimezone(UTC).isoformat(),
        item.description,
        str(item.sequence),
        item.status.value,
        "\x1e".join(item.categories),
        item.url or "",
        item.location,
        "" if alarm is None else str(int(alarm.total_seconds())),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:40]


class SavedEvents:
    """Serialised VEVENTs (and feed headers, VTIMEZONEs) kept between runs in one JSON file in
    planner's cache folder (`feed-events.json`), keyed by `event_key`. Optional like every
    cache: a missing or damaged file is ignored; `save` keeps only what this run used."""

    FILE = "feed-events.json"

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._data: dict[str, str] = {}
        self._used: set[str] = set()
        self.loaded = 0
        if path is not None:
            with contextlib.suppress(OSError, ValueError, TypeError):
                found = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(found, dict) and found.get("format") == FORMAT:
                    self._data = {str(k): str(v) for k, v in found["events"].items()}
                    self.loaded = len(self._data)
        self._new = False

    @classmethod
    def in_cache_folder(cls) -> SavedEvents:
        """The saved events of planner's cache folder ($PLANNER_CACHE_DIR or the user cache
        folder; PLANNER_CACHE=0 switches it off)."""
        if os.environ.get("PLANNER_CACHE", "1") == "0":
            return cls(None)
        folder = os.environ.get("PLANNER_CACHE_DIR")
        if folder:
            return cls(Path(folder) / cls.FILE)
        from platformdirs import user_cache_dir

        return cls(Path(user_cache_dir("planner", appauthor=False)) / cls.FILE)

    def get(self, key: str) -> bytes | None:
        text = self._data.get(key)
        if text is None:
            return None
        self._used.add(key)
        return text.encode("utf-8")

    def put(self, key: str, data: bytes) -> None:
        self._data[key] = data.decode("utf-8")
        self._used.add(key)
        self._new = True

    def save(self) -> None:
        """Write what this run used, if anything is new or unused entries can go; atomic."""
        if self.path is None or (not self._new and len(self._used) == len(self._data)):
            return
        from planner.files import atomic_writer

        payload = {"format": FORMAT, "events": {k: self._data[k] for k in sorted(self._used)}}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_writer(self.path) as handle:
                handle.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))


class EventCache:
    """Serialised VEVENTs keyed by `event_key` (a hash of everything a subscriber sees of them),
    optionally backed by `SavedEvents` so they survive the process.

    Safe to share between threads. When full, the oldest quarter is dropped.
    """

    def __init__(self, max_items: int = 50_000, *, saved: SavedEvents | None = None) -> None:
        self.max_items = max_items
        self.saved = saved
        self._data: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, item: FeedItem, alarm: AlarmKey) -> bytes:
        """The VEVENT bytes of `item` with `alarm`, rendered once and kept (bounded; the oldest
        quarter goes when full)."""
        key = event_key(item, alarm)  # the zone names are part of it: equal instants in two zones differ
        data = self._data.get(key)
        if data is not None:
            self.hits += 1
            return data
        if self.saved is not None:
            data = self.saved.get(key)
        if data is not None:
            self.hits += 1
        else:
            self.misses += 1
            data = _serialise(_event(item, alarm))
            if self.saved is not None:
                self.saved.put(key, data)
        with self._lock:
            if len(self._data) >= self.max_items:
                for old in list(self._data)[: max(1, self.max_items // 4)]:
                    del self._data[old]
            self._data[key] = data
        return data

    def clear(self) -> None:
        """Forget every rendered event."""
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


DEFAULT_CACHE = EventCache()


# -- time zones -----------------------------------------------------------------------------

Transition = tuple[dt.datetime, dt.timedelta, dt.timedelta, bool, str]  # utc, from, to, dst, name


def _offset(zone: ZoneInfo, when: dt.datetime) -> dt.timedelta:
    off = when.astimezone(zone).utcoffset()
    assert off is not None
    return off


@functools.lru_cache(maxsize=64)
def _transitions(key: str, first_year: int, last_year: int) -> tuple[Transition, ...]:
    """UTC instants where the zone's offset changes, found day by day and then to the second."""
    zone = ZoneInfo(key)
    found: list[Transition] = []
    day = dt.timedelta(days=1)
    t = dt.datetime(first_year, 1, 1, tzinfo=UTC)
    stop = dt.datetime(last_year + 1, 1, 1, tzinfo=UTC)
    before = _offset(zone, t)
    while t < stop:
        nxt = t + day
        after = _offset(zone, nxt)
        if after != before:
            lo, hi = int(t.timestamp()), int(nxt.timestamp())
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset(zone, dt.datetime.fromtimestamp(mid, UTC)) == before:
                    lo = mid
                else:
                    hi = mid
            instant = dt.datetime.fromtimestamp(hi, UTC)
            local = instant.astimezone(zone)
            found.append((instant, before, after, bool(local.dst()), local.tzname() or str(after)))
            before = after
        t = nxt
    return tuple(found)


def _yearly_rule(walls: list[dt.datetime]) -> dict[str, object] | None:
    """An RRULE (as icalendar's dict) matching every wall-clock onset, or None if irregular."""
    first = walls[0]
    years = [w.year for w in walls]
    if years != list(range(first.year, first.year + len(walls))):
        return None
    if any((w.month, w.weekday(), w.time()) != (first.month, first.weekday(), first.time()) for w in walls):
        return None
    weekday = _WEEKDAYS[first.weekday()]
    if all(w.day + 7 > _calendar.monthrange(w.year, w.month)[1] for w in walls):
        return {"freq": "yearly", "bymonth": first.month, "byday": f"-1{weekday}"}
    nth = {(w.day - 1) // 7 + 1 for w in walls}
    if len(nth) == 1:
        return {"freq": "yearly", "bymonth": first.month, "byday": f"{nth.pop()}{weekday}"}
    return None


def vtimezone(key: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE valid from `first_year` to `last_year`, with STANDARD and DAYLIGHT parts in
    RRULE form where the zone follows a yearly rule, single onsets otherwise (never RDATE lists)."""
    try:
        zone = ZoneInfo(key)
    except (KeyError, ValueError) as exc:
        raise PlannerError(f"unknown time zone '{key}': use an IANA name such as Europe/Zurich") from exc
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", key)
    tz.add("x-lic-location", key)
    transitions = _transitions(key, first_year, last_year)
    if not transitions:
        start = dt.datetime(first_year, 1, 1)
        local = start.replace(tzinfo=zone)
        part = TimezoneDaylight() if local.dst() else TimezoneStandard()
        part.add("dtstart", start)
        part.add("tzoffsetfrom", local.utcoffset())
        part.add("tzoffsetto", local.utcoffset())
        part.add("tzname", local.tzname() or key)
        tz.add_component(part)
        return tz
    groups: dict[tuple[dt.timedelta, dt.timedelta, bool, str], list[dt.datetime]] = {}
    for instant, before, after, dst, name in transitions:
        groups.setdefault((before, after, dst, name), []).append(instant)
    last = transitions[-1][0]
    parts: list[tuple[dt.datetime, Component]] = []
    for (before, after, dst, name), instants in groups.items():
        walls = [(i + before).replace(tzinfo=None) for i in instants]
        rule = _yearly_rule(walls) if len(walls) > 1 else None
        onsets = [walls[0]] if rule is not None else walls
        for wall in onsets:
            part = TimezoneDaylight() if dst else TimezoneStandard()
            part.add("dtstart", wall)
            part.add("tzoffsetfrom", before)
            part.add("tzoffsetto", after)
            part.add("tzname", name)
            if rule is not None:
                if instants[-1].year < last.year:  # the zone stopped following this rule
                    rule = {**rule, "until": instants[-1]}
                part.add("rrule", rule)
            parts.append((wall, part))
    for _, one in sorted(parts, key=lambda p: p[0]):
        tz.add_component(one)
    return tz


def _timezones(items: Iterable[FeedItem], saved: SavedEvents | None = None) -> list[bytes]:
    years: dict[str, list[int]] = {}
    for item in items:
        for value in (item.start, item.end):
            if isinstance(value, dt.datetime) and isinstance(value.tzinfo, ZoneInfo):
                years.setdefault(value.tzinfo.key, []).append(value.year)
            elif isinstance(value, dt.datetime) and value.utcoffset() != dt.timedelta(0):
                raise PlannerError(f"{item.uid}: use a zoneinfo time zone (e.g. Europe/Zurich) or UTC for timed items")
    # one year of margin on each side keeps the dates just around the items covered
    return [_through(saved, ("zone", key, min(ys) - 1, max(ys) + 1)) for key, ys in sorted(years.items())]


def _through(saved: SavedEvents | None, what: tuple[object, ...]) -> bytes:
    """A header or VTIMEZONE from the saved events, else made (and saved)."""
    if saved is None:
        return _make(what)
    key = "h" + hashlib.sha256(f"{FORMAT}|{_serialiser_version()}|{what!r}".encode()).hexdigest()[:40]
    data = saved.get(key)
    if data is None:
        data = _make(what)
        saved.put(key, data)
    return data


def _make(what: tuple[object, ...]) -> bytes:
    if what[0] == "zone":
        _, key, first, last = what
        assert isinstance(key, str) and isinstance(first, int) and isinstance(last, int)
        return _vtimezone_ical(key, first, last)
    _, name, description, refresh = what
    assert isinstance(name, str) and isinstance(description, str) and isinstance(refresh, dt.timedelta)
    return _header(name, description, refresh)


@functools.lru_cache(maxsize=64)
def _vtimezone_ical(key: str, first_year: int, last_year: int) -> bytes:
    return _serialise(vtimezone(key, first_year, last_year))


# -- calendar -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _header(name: str, description: str, refresh: dt.timedelta) -> bytes:
    from icalendar import Calendar, vDuration, vText

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # as plain str icalendar would write these unescaped: wrap them in vText (rule 14)
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    cal.add("description", vText(description))
    cal.add("x-wr-caldesc", vText(description))
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    ttl = vDuration(refresh).to_ical()  # type: ignore[no-untyped-call]  # untyped in icalendar 7.3
    cal.add("x-published-ttl", ttl.decode("ascii"))  # the same text as REFRESH-INTERVAL (rule 9)
    head = _serialise(cal)
    assert head.endswith(_END)
    return head[: -len(_END)]


def render_feed(feed: Feed, *, cache: EventCache | None = None) -> bytes:
    """The feed as iCalendar bytes: CRLF, folded at 75 octets, deterministic for the same feed.

    With a cache backed by `SavedEvents`, unchanged events, the header and VTIMEZONEs come from
    the saved bytes; call `cache.saved.save()` afterwards to keep new ones."""
    events = DEFAULT_CACHE if cache is None else cache
    saved = events.saved
    parts = [_through(saved, ("header", feed.name, feed.description, feed.refresh))]
    parts.extend(_timezones(feed.items, saved))
    parts.extend(events.get(item, feed.alarm) for item in feed.items)
    parts.append(_END)
    return b"".join(parts)
