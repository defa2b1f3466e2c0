"""The icalendar adapter: golden feeds, and every feed read back by icalendar and by independent
parsers (recurring-ical-events, vobject) with the same occurrences as the engine."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject

from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.catalogue.occurrences import between
from planner.errors import PlannerError
from planner.feeds.build import (
    CATALOGUE_EPOCH,
    Feed,
    FeedItem,
    ItemStatus,
    build_feed,
    listed,
    observance_feed,
    observance_uid,
    rolling_window,
    window_moved,
)
from planner.feeds.ical import EventCache, render_feed, vtimezone
from planner.feeds.lint import lint
from tests.conftest import FIXTURES, TODAY

UTC = dt.UTC
ZURICH = ZoneInfo("Europe/Zurich")  # Geneva's zone: IANA has no Europe/Geneva


@pytest.fixture(scope="module")
def fixture_catalogue() -> Catalogue:
    return load([FIXTURES / "feed-catalogue.yaml"], shipped=False)


def _unescape(text: str) -> str:
    """RFC 5545 TEXT unescaping."""
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], text)


def check_ics_golden(check_golden: Callable[[str, str], None], name: str, body: bytes) -> None:
    """Golden .ics files: CRLF is checked on the bytes; the golden is kept with LF endings
    because the shared golden helper reads files with universal newlines."""
    assert b"\n" not in body.replace(b"\r\n", b""), "every line must end with CRLF"
    check_golden(name, body.decode("utf-8").replace("\r\n", "\n"))


def team_like_feed(alarm: dt.timedelta | None = None) -> Feed:
    """A feed with timed items (an embargo lifting at 09:00 in Geneva, summer and winter), a
    cancelled phase and a changed phase, built directly from items."""
    stamp = dt.datetime(2026, 11, 2, 14, 30, tzinfo=UTC)
    items = [
        FeedItem(
            uid="hrd-2027-embargo-2027@planner.invalid",
            summary="Embargo lifts: Human Rights Day statement",
            start=dt.datetime(2027, 12, 10, 9, 0, tzinfo=ZURICH),
            end=dt.datetime(2027, 12, 10, 9, 30, tzinfo=ZURICH),
            stamp=stamp,
            description="Publish at 09:00 Geneva time, not before.",
            sequence=2,
        ),
        FeedItem(
            uid="wpfd-2027-embargo-2027@planner.invalid",
            summary="Embargo lifts: press freedom report",
            start=dt.datetime(2027, 5, 3, 9, 0, tzinfo=ZURICH),
            end=dt.datetime(2027, 5, 3, 9, 30, tzinfo=ZURICH),
            stamp=stamp,
        ),
        FeedItem(
            uid="hrd-2027-brief-due-2027@planner.invalid",
            summary="T-14: brief due, Human Rights Day",
            start=dt.date(2027, 11, 26),
            end=dt.date(2027, 11, 27),
            stamp=stamp,
            sequence=1,
        ),
        FeedItem(
            uid="hrd-2027-video-2027@planner.invalid",
            summary="Video shoot",
            start=dt.date(2027, 11, 15),
            end=dt.date(2027, 11, 16),
            stamp=stamp,
            sequence=3,
            status=ItemStatus.CANCELLED,
        ),
    ]
    return build_feed(
        items, name="Team, phases; HRD", description="Private.", refresh=dt.timedelta(hours=2), alarm=alarm
    )


# -- golden files ------------------------------------------------------------------------------


def test_golden_rolling_feed(fixture_catalogue: Catalogue, check_golden: Callable[[str, str], None]) -> None:
    start, end = rolling_window(TODAY)
    feed = observance_feed(fixture_catalogue, start, end, rolling_since=window_moved(TODAY))
    check_ics_golden(check_golden, "feeds/observances-2026-11-21.ics", render_feed(feed))


def test_golden_theme_feed_with_own_domain(
    fixture_catalogue: Catalogue, check_golden: Callable[[str, str], None]
) -> None:
    feed = observance_feed(
        fixture_catalogue,
        dt.date(2027, 1, 1),
        dt.date(2027, 12, 31),
        themes=["media-freedom"],
        domain="cal.example.org",
    )
    check_ics_golden(check_golden, "feeds/media-freedom-2027.ics", render_feed(feed))


def test_golden_timed_feed_with_alarms(check_golden: Callable[[str, str], None]) -> None:
    check_ics_golden(
        check_golden, "feeds/team-timed-alarm.ics", render_feed(team_like_feed(alarm=dt.timedelta(days=2)))
    )


# -- determinism and caching ---------------------------------------------------------------------


def test_unchanged_data_renders_byte_identical(fixture_catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    first = render_feed(observance_feed(fixture_catalogue, start, end), cache=EventCache())
    cache = EventCache()
    cold = render_feed(observance_feed(fixture_catalogue, start, end), cache=cache)
    warm = render_feed(observance_feed(fixture_catalogue, start, end), cache=cache)
    assert first == cold == warm
    assert cache.hits == cache.misses == len(observance_feed(fixture_catalogue, start, end).items)


def test_one_change_serialises_one_event(fixture_catalogue: Catalogue) -> None:
    import dataclasses

    cache = EventCache()
    feed = team_like_feed()
    render_feed(feed, cache=cache)
    changed = dataclasses.replace(feed, items=(dataclasses.replace(feed.items[0], summary="Changed"), *feed.items[1:]))
    before = cache.misses
    body = render_feed(changed, cache=cache)
    assert cache.misses == before + 1
    assert b"SUMMARY:Changed" in body


def test_the_zone_is_part_of_the_cache_key() -> None:
    """09:00 in Zurich and 08:00 in London are the same instant, hence equal datetimes."""
    cache = EventCache()
    london = ZoneInfo("Europe/London")
    a = FeedItem(
        uid="x@y",
        summary="s",
        start=dt.datetime(2027, 5, 3, 9, tzinfo=ZURICH),
        end=dt.datetime(2027, 5, 3, 10, tzinfo=ZURICH),
        stamp=CATALOGUE_EPOCH,
    )
    b = FeedItem(
        uid="x@y",
        summary="s",
        start=dt.datetime(2027, 5, 3, 8, tzinfo=london),
        end=dt.datetime(2027, 5, 3, 9, tzinfo=london),
        stamp=CATALOGUE_EPOCH,
    )
    assert a == b
    assert b"TZID=Europe/Zurich" in cache.get(a, None)
    assert b"TZID=Europe/London" in cache.get(b, None)


def test_cache_is_bounded() -> None:
    cache = EventCache(max_items=8)
    for day in range(1, 21):
        cache.get(
            FeedItem(
                uid=f"{day}@x",
                summary="s",
                start=dt.date(2027, 1, day),
                end=dt.date(2027, 1, day + 1),
                stamp=CATALOGUE_EPOCH,
            ),
            None,
        )
    assert len(cache) <= 8
    cache.clear()
    assert len(cache) == 0


# -- read back by icalendar and independent parsers ---------------------------------------------


def _expanded(body: bytes, start: dt.date, end: dt.date) -> set[tuple[str, dt.date]]:
    cal = icalendar.Calendar.from_ical(body)
    found = set()
    for event in recurring_ical_events.of(cal).between(start, end + dt.timedelta(days=1)):
        first = event.decoded("dtstart")
        found.add((str(event["uid"]), first.date() if isinstance(first, dt.datetime) else first))
    return found


def _vobject_events(body: bytes) -> list[vobject.base.Component]:
    parsed = vobject.readOne(body.decode("utf-8"))
    return list(parsed.vevent_list)


@pytest.mark.parametrize(
    ("themes", "window"),
    [
        ((), None),
        (("media-freedom",), (dt.date(2027, 1, 1), dt.date(2027, 12, 31))),
        ((), (dt.date(1998, 1, 1), dt.date(2031, 12, 31))),
    ],
)
def test_parsers_agree_with_the_engine(
    fixture_catalogue: Catalogue, themes: tuple[str, ...], window: tuple[dt.date, dt.date] | None
) -> None:
    start, end = window or rolling_window(TODAY)
    body = render_feed(observance_feed(fixture_catalogue, start, end, themes=themes))
    engine = {
        (observance_uid(o.id, o.year), o.start)
        for o in between(fixture_catalogue.observances.values(), start, end, themes=themes)
    }
    assert _expanded(body, start, end) == engine
    events = _vobject_events(body)
    assert {(e.uid.value, e.dtstart.value) for e in events} == engine
    for e in events:
        assert e.dtend.value > e.dtstart.value
        assert e.dtstamp.value.tzinfo is not None and e.dtstamp.value.utcoffset() == dt.timedelta(0)
    assert lint(body).problems == ()


def test_calendar_properties(fixture_catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    cal = icalendar.Calendar.from_ical(render_feed(observance_feed(fixture_catalogue, start, end)))
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]) == "-//planner//Human rights observance feeds//EN"
    assert str(cal["x-wr-calname"]) == str(cal["name"]) == "Human rights observances"
    # icalendar reads X-WR-* back raw (still escaped) and DESCRIPTION unescaped: compare the wire form
    assert cal["x-wr-caldesc"].to_ical() == cal["description"].to_ical()
    assert cal["refresh-interval"].to_ical() == b"P1D"
    assert cal["refresh-interval"].params["VALUE"] == "DURATION"
    assert str(cal["x-published-ttl"]) == "P1D"
    assert "method" not in cal
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    for event in cal.walk("VEVENT"):
        assert event["dtstart"].params.get("VALUE") == "DATE"
        assert isinstance(event.decoded("dtstart"), dt.date) and not isinstance(event.decoded("dtstart"), dt.datetime)
        assert event.decoded("dtend") > event.decoded("dtstart")
        assert event.decoded("dtstamp") == event.decoded("last-modified") == CATALOGUE_EPOCH
        assert str(event["transp"]) == "TRANSPARENT"
        assert str(event["x-microsoft-cdo-busystatus"]) == "FREE"
        assert "rrule" not in event and "rdate" not in event
        assert not event.walk("VALARM")


def test_text_is_escaped_and_round_trips(fixture_catalogue: Catalogue) -> None:
    body = render_feed(team_like_feed())
    assert b"X-WR-CALNAME:Team\\, phases\\; HRD" in body
    assert b"NAME:Team\\, phases\\; HRD" in body
    cal = icalendar.Calendar.from_ical(body)
    for name in ("x-wr-calname", "name"):  # icalendar reads both back still escaped
        assert _unescape(str(cal[name])) == "Team, phases; HRD"
    press = render_feed(
        observance_feed(fixture_catalogue, dt.date(2027, 5, 1), dt.date(2027, 5, 31), themes=["media-freedom"])
    )
    event = next(iter(icalendar.Calendar.from_ical(press).walk("VEVENT")))
    assert str(event["summary"]) == "Wörld Press Freedom Day"
    assert "commas, semicolons; a backslash \\ and" in str(event["description"])
    assert b"\\:" not in press


def test_html_and_shortcodes_never_reach_the_feed() -> None:
    """A team's own catalogue or a phase note may hold HTML; SUMMARY and DESCRIPTION stay plain (rule 14)."""
    item = FeedItem(
        uid="our-day-2027@planner.invalid",
        summary="Our <b>founding</b> day &amp; party",
        start=dt.date(2027, 6, 1),
        end=dt.date(2027, 6, 2),
        stamp=CATALOGUE_EPOCH,
        description='<p>Founded in <a href="https://e.org">1990</a>.<br>Since then:&nbsp;[caption id="1"]work[/caption]</p>'
        "\nChildren < 5 and > 2 years; 3 <= 4. [sic] [1]",
    )
    body = render_feed(build_feed([item], name="n", description="d", refresh=dt.timedelta(days=1)))
    assert lint(body).problems == ()
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == "Our founding day & party"
    assert (
        str(event["description"])
        == "Founded in 1990.\nSince then: work\n\nChildren < 5 and > 2 years; 3 <= 4. [sic] [1]"
    )


def test_lines_are_folded_on_character_boundaries(fixture_catalogue: Catalogue) -> None:
    body = render_feed(observance_feed(fixture_catalogue, dt.date(2027, 1, 1), dt.date(2027, 12, 31)))
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is whole UTF-8


# -- time zones ---------------------------------------------------------------------------------


def test_timed_items_carry_a_full_rrule_vtimezone() -> None:
    body = render_feed(team_like_feed())
    cal = icalendar.Calendar.from_ical(body)
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Europe/Zurich"
    parts = {c.name: c for c in tz.subcomponents}
    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    assert parts["DAYLIGHT"]["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert parts["STANDARD"]["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert b"RDATE" not in body and b"COMMENT" not in body
    assert b"DTSTART;TZID=Europe/Zurich:20270503T090000" in body
    assert lint(body, alarms_ok=True).problems == ()


def test_the_embedded_vtimezone_gives_the_right_instants() -> None:
    """Read the instants through our VTIMEZONE (not the TZID name): 09:00 in Geneva is 07:00Z in
    summer and 08:00Z in winter."""
    cal = icalendar.Calendar.from_ical(render_feed(team_like_feed()))
    (tz_component,) = cal.walk("VTIMEZONE")
    embedded = tz_component.to_tz()
    for local, utc_hour in (
        (dt.datetime(2027, 5, 3, 9), 7),
        (dt.datetime(2027, 12, 10, 9), 8),
        (dt.datetime(2027, 1, 15, 9), 8),
        (dt.datetime(2028, 7, 1, 9), 7),
    ):
        assert local.replace(tzinfo=embedded).astimezone(UTC).hour == utc_hour, local
    events = {e.uid.value: e for e in _vobject_events(render_feed(team_like_feed()))}
    summer = events["wpfd-2027-embargo-2027@planner.invalid"].dtstart.value
    winter = events["hrd-2027-embargo-2027@planner.invalid"].dtstart.value
    assert summer.astimezone(UTC) == dt.datetime(2027, 5, 3, 7, tzinfo=UTC)
    assert winter.astimezone(UTC) == dt.datetime(2027, 12, 10, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    "key",
    ["Europe/Zurich", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "America/Sao_Paulo", "Africa/Casablanca"],
)
def test_vtimezones_match_zoneinfo_every_day(key: str) -> None:
    """Our VTIMEZONE, read back by icalendar, gives zoneinfo's offset at noon on every day of
    the covered years, including zones that stopped DST (Sao Paulo) or have irregular rules
    (Casablanca)."""
    body = vtimezone(key, 2017, 2029).to_ical()
    assert b"RDATE" not in body
    embedded = icalendar.Timezone.from_ical(body).to_tz()
    zone = ZoneInfo(key)
    day = dt.datetime(2018, 1, 1, 12)
    while day.year < 2029:
        assert day.replace(tzinfo=embedded).utcoffset() == day.replace(tzinfo=zone).utcoffset(), (key, day)
        day += dt.timedelta(days=1)


def test_unknown_zone_is_named() -> None:
    with pytest.raises(PlannerError, match="unknown time zone 'Europe/Geneva'"):
        vtimezone("Europe/Geneva", 2026, 2028)


def test_utc_items_need_no_vtimezone() -> None:
    item = FeedItem(
        uid="u@x",
        summary="s",
        start=dt.datetime(2027, 5, 3, 7, tzinfo=UTC),
        end=dt.datetime(2027, 5, 3, 8, tzinfo=UTC),
        stamp=CATALOGUE_EPOCH,
    )
    body = render_feed(build_feed([item], name="n", description="d", refresh=dt.timedelta(hours=1)))
    assert b"DTSTART:20270503T070000Z" in body and b"VTIMEZONE" not in body


def test_other_tzinfo_is_refused() -> None:
    fixed = dt.timezone(dt.timedelta(hours=2))
    item = FeedItem(
        uid="u@x",
        summary="s",
        start=dt.datetime(2027, 5, 3, 7, tzinfo=fixed),
        end=dt.datetime(2027, 5, 3, 8, tzinfo=fixed),
        stamp=CATALOGUE_EPOCH,
    )
    with pytest.raises(PlannerError, match="zoneinfo time zone"):
        render_feed(build_feed([item], name="n", description="d", refresh=dt.timedelta(hours=1)))


# -- alarms, cancellations ----------------------------------------------------------------------


def test_alarms_only_when_asked() -> None:
    assert b"VALARM" not in render_feed(team_like_feed())
    cal = icalendar.Calendar.from_ical(render_feed(team_like_feed(alarm=dt.timedelta(days=7))))
    alarms = cal.walk("VALARM")
    assert len(alarms) == 4
    assert all(a["trigger"].to_ical() == b"-P7D" and str(a["action"]) == "DISPLAY" for a in alarms)


def test_cancelled_and_changed_phases() -> None:
    cal = icalendar.Calendar.from_ical(render_feed(team_like_feed()))
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    video = events["hrd-2027-video-2027@planner.invalid"]
    assert str(video["status"]) == "CANCELLED" and int(video["sequence"]) == 3
    assert int(events["hrd-2027-embargo-2027@planner.invalid"]["sequence"]) == 2
    assert events["hrd-2027-embargo-2027@planner.invalid"].decoded("last-modified") == dt.datetime(
        2026, 11, 2, 14, 30, tzinfo=UTC
    )


# -- the shipped catalogue ------------------------------------------------------------------------


def test_shipped_catalogue_feed_is_valid(catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    feed = observance_feed(catalogue, start, end, rolling_since=window_moved(TODAY))
    body = render_feed(feed)
    assert len(body) < 1_000_000
    assert feed.items, "the shipped feed should not be empty"
    assert lint(body).problems == ()
    cal = icalendar.Calendar.from_ical(body)
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(feed.items)
    engine = {
        (observance_uid(o.id, o.year), o.start)
        for o in between(catalogue.observances.values(), start, end)
        if listed(o)  # a ten-year decade only in feeds that ask for periods
    }
    assert ("second-decade-for-people-of-african-descent-2025@planner.invalid", dt.date(2025, 1, 1)) not in engine
    assert _expanded(body, start, end) == engine
    assert {(e.uid.value, e.dtstart.value) for e in _vobject_events(body)} == engine


def test_shipped_catalogue_every_theme_feed_is_valid(catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    for theme in catalogue.themes:
        body = render_feed(observance_feed(catalogue, start, end, themes=[theme]))
        assert lint(body).problems == (), theme
        assert len(body) < 1_000_000
        icalendar.Calendar.from_ical(body)


# -- the team feed from campaigns ------------------------------------------------------------------


def _team(today: dt.date = TODAY) -> Feed:
    from planner.feeds.build import EmbargoTime, team_feed
    from tests.campaign_samples import sample_campaigns

    start, end = rolling_window(today)
    geneva = EmbargoTime(dt.time(9, 0), ZURICH)
    return team_feed(
        sample_campaigns(), start, end, today=today, label="comms", embargo=geneva, rolling_since=window_moved(today)
    )


def test_golden_team_feed(check_golden: Callable[[str, str], None]) -> None:
    check_ics_golden(check_golden, "feeds/team-2026-11-21.ics", render_feed(_team()))


def test_team_feed_read_back() -> None:
    body = render_feed(_team())
    assert lint(body).problems == ()
    cal = icalendar.Calendar.from_ical(body)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    video = events["human-rights-day-2026-video-2026@planner.invalid"]
    assert (str(video["status"]), int(video["sequence"])) == ("CANCELLED", 2)
    launch = events["human-rights-day-2026-embargo-2026@planner.invalid"]
    assert launch.decoded("dtstart") == dt.datetime(2026, 12, 10, 9, 0, tzinfo=ZURICH)
    (tz,) = cal.walk("VTIMEZONE")
    assert dt.datetime(2026, 12, 10, 9, 0).replace(tzinfo=tz.to_tz()).astimezone(UTC) == dt.datetime(
        2026, 12, 10, 8, 0, tzinfo=UTC
    )
    start, end = rolling_window(TODAY)
    expected = {(i.uid, i.first_day) for i in _team().items}
    assert _expanded(body, start, end) == expected
    assert {
        (e.uid.value, e.dtstart.value.date() if isinstance(e.dtstart.value, dt.datetime) else e.dtstart.value)
        for e in _vobject_events(body)
    } == expected
    after_grace = render_feed(_team(dt.date(2026, 11, 29)))
    assert b"video-2026" not in after_grace
