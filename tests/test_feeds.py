"""The feed core: UIDs, windows, summaries, descriptions and what goes into a feed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.campaigns.model import Constraint, PhaseStatus
from planner.campaigns.schedule import cancel, update_phase
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue, FixedRule, Kind, Observance, Source, Status
from planner.catalogue.occurrences import between
from planner.errors import PlannerError, UnknownId, UsageProblem
from planner.feeds.build import (
    CANCELLED_GRACE,
    CATALOGUE_EPOCH,
    DEFAULT_DOMAIN,
    TEAM_REFRESH,
    EmbargoTime,
    FeedItem,
    Include,
    ItemStatus,
    build_feed,
    check_domain,
    check_unique,
    deleted_lookback,
    embargo_instant,
    embargo_notes,
    observance_feed,
    observance_items,
    observance_uid,
    parse_embargo_time,
    parse_include,
    parse_lead_time,
    phase_item,
    phase_items,
    phase_summary,
    phase_uid,
    rolling_window,
    team_feed,
    theme_counts,
    window_moved,
)
from tests.campaign_samples import human_rights_day_2026, sample_campaigns, winter_day_2027
from tests.conftest import FIXTURES, TODAY

UTC = dt.UTC


@pytest.fixture(scope="module")
def fixture_catalogue() -> Catalogue:
    return load([FIXTURES / "feed-catalogue.yaml"], shipped=False)


def _by_uid(items: list[FeedItem]) -> dict[str, FeedItem]:
    return {i.uid: i for i in items}


# -- identities --------------------------------------------------------------------------------


def test_uid_is_what_the_item_is() -> None:
    assert observance_uid("world-press-freedom-day", 2027) == "world-press-freedom-day-2027@planner.invalid"
    assert observance_uid("x", 812, "cal.example.org") == "x-0812@cal.example.org"
    assert phase_uid("hrd-2027", "brief-due", 2027, "ngo.example") == "hrd-2027-brief-due-2027@ngo.example"
    assert phase_uid(42, "Press Release!", 2027) == "42-press-release-2027@planner.invalid"


@pytest.mark.parametrize("domain", ["planner.invalid", "cal.example.org", "localhost", "EXAMPLE.org"])
def test_valid_domains(domain: str) -> None:
    assert check_domain(domain) == domain.lower()


@pytest.mark.parametrize("domain", ["", "a b", "example.org/x", "-bad.org", "bad-.org", "a..b", "x@y"])
def test_invalid_domains_name_the_fix(domain: str) -> None:
    with pytest.raises(UsageProblem, match="invalid UID domain"):
        check_domain(domain)


def test_duplicate_uids_are_refused() -> None:
    item = FeedItem(uid="a@x", summary="A", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 2), stamp=CATALOGUE_EPOCH)
    check_unique([item])
    with pytest.raises(PlannerError, match="duplicate UIDs in the feed: a@x"):
        check_unique([item, dataclasses.replace(item, summary="B")])


# -- windows ----------------------------------------------------------------------------------

WINDOWS = [
    # today, first day, last day
    (dt.date(2026, 11, 21), dt.date(2025, 11, 1), dt.date(2028, 11, 30)),
    (dt.date(2026, 11, 1), dt.date(2025, 11, 1), dt.date(2028, 11, 30)),
    (dt.date(2026, 11, 30), dt.date(2025, 11, 1), dt.date(2028, 11, 30)),
    (dt.date(2024, 2, 29), dt.date(2023, 2, 1), dt.date(2026, 2, 28)),
    (dt.date(2026, 1, 31), dt.date(2025, 1, 1), dt.date(2028, 1, 31)),
    (dt.date(2026, 12, 31), dt.date(2025, 12, 1), dt.date(2028, 12, 31)),
]


@pytest.mark.parametrize(("today", "first", "last"), WINDOWS)
def test_rolling_window_is_12_months_back_24_ahead_by_whole_months(
    today: dt.date, first: dt.date, last: dt.date
) -> None:
    assert rolling_window(today) == (first, last)


def test_window_moves_on_the_first_of_the_month() -> None:
    assert window_moved(dt.date(2026, 11, 21)) == dt.datetime(2026, 11, 1, tzinfo=UTC)
    assert window_moved(dt.date(2026, 11, 1)) == window_moved(dt.date(2026, 11, 30))


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("7d", dt.timedelta(days=7)),
        ("2w", dt.timedelta(weeks=2)),
        ("12h", dt.timedelta(hours=12)),
        (" 30 M ", dt.timedelta(minutes=30)),
    ],
)
def test_lead_times(text: str, lead: dt.timedelta) -> None:
    assert parse_lead_time(text) == lead


@pytest.mark.parametrize("text", ["", "7", "d", "0d", "7y", "-1d", "P7D"])
def test_bad_lead_times(text: str) -> None:
    with pytest.raises(UsageProblem, match=r"e\.g\. 7d"):
        parse_lead_time(text)


def test_include_lists() -> None:
    assert parse_include(["observances,anniversaries"]) == (Include.OBSERVANCES, Include.ANNIVERSARIES)
    assert parse_include(["campaigns", "Observances", "campaigns"]) == (Include.CAMPAIGNS, Include.OBSERVANCES)
    with pytest.raises(UsageProblem, match="unknown --include value 'holidays'"):
        parse_include(["observances,holidays"])
    with pytest.raises(UsageProblem, match="at least one"):
        parse_include([" , "])


# -- observance items ------------------------------------------------------------------------


def test_items_of_every_rule_kind(fixture_catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    items = _by_uid(observance_items(fixture_catalogue, start, end))
    expected = {
        # fixed day: one day, DTEND exclusive
        "press-freedom-day-2027@planner.invalid": (dt.date(2027, 5, 3), dt.date(2027, 5, 4)),
        # third Sunday of November
        "children-sunday-2026@planner.invalid": (dt.date(2026, 11, 15), dt.date(2026, 11, 16)),
        "children-sunday-2027@planner.invalid": (dt.date(2027, 11, 21), dt.date(2027, 11, 22)),
        # a span across a month boundary is one multi-day item
        "sixteen-days-2026@planner.invalid": (dt.date(2026, 11, 25), dt.date(2026, 12, 11)),
        # a span across the year boundary belongs to the year it starts in
        "winter-week-2026@planner.invalid": (dt.date(2026, 12, 29), dt.date(2027, 1, 5)),
        # a one-off event
        "summit-2027-2027@planner.invalid": (dt.date(2027, 9, 22), dt.date(2027, 9, 24)),
        # milestone anniversaries only: the 78th is listed; the 77th and 79th are not
        "declaration-anniversary-2026@planner.invalid": (dt.date(2026, 12, 10), dt.date(2026, 12, 11)),
        # 29 February, leap years only
        "leap-day-2028@planner.invalid": (dt.date(2028, 2, 29), dt.date(2028, 3, 1)),
    }
    for uid, (first, after) in expected.items():
        assert (items[uid].start, items[uid].end) == (first, after), uid
    assert "declaration-anniversary-2025@planner.invalid" not in items
    assert "declaration-anniversary-2027@planner.invalid" not in items
    assert "declaration-anniversary-2028@planner.invalid" not in items  # 10 Dec 2028 is after the window
    assert all(i.end > i.start and i.all_day for i in items.values())


def test_items_match_the_engine_one_to_one(fixture_catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    engine = between(fixture_catalogue.observances.values(), start, end)
    items = observance_items(fixture_catalogue, start, end)
    assert [(i.uid, i.start, i.end) for i in items] == [
        (observance_uid(o.id, o.year), o.start, o.end + dt.timedelta(days=1)) for o in engine
    ]


def test_summaries_carry_the_anniversary_number_never_a_date(fixture_catalogue: Catalogue) -> None:
    items = _by_uid(observance_items(fixture_catalogue, dt.date(2020, 1, 1), dt.date(2050, 12, 31)))
    assert (
        items["declaration-anniversary-2028@planner.invalid"].summary
        == "Universal Declaration of Human Rights: 80th anniversary"
    )
    assert (
        items["declaration-anniversary-2023@planner.invalid"].summary
        == "Universal Declaration of Human Rights: 75th anniversary"
    )
    for item in items.values():
        assert not re.search(r"\b(19|20)\d\d\b", item.summary), item.summary  # rule 18
        assert not re.search(
            r"\b\d{1,2}(st|nd|rd|th)? (January|February|March|April|May|June|July|August|September|October|November|December)\b",
            item.summary,
        )


def test_summary_of_a_name_ending_in_anniversary(fixture_catalogue: Catalogue) -> None:
    obs = fixture_catalogue.observance("declaration-anniversary")
    renamed = dataclasses.replace(obs, name="UDHR anniversary")
    occ = next(o for o in between([renamed], dt.date(2028, 1, 1), dt.date(2028, 12, 31)))
    assert occ.title == "UDHR anniversary: 80th"


def test_description_is_plain_text_with_citations_and_sources(fixture_catalogue: Catalogue) -> None:
    items = _by_uid(observance_items(fixture_catalogue, dt.date(2028, 1, 1), dt.date(2028, 12, 31)))
    text = items["declaration-anniversary-2028@planner.invalid"].description
    assert text.startswith(
        "The anniversary of the Declaration's adoption in Paris.\n\n80th anniversary (a milestone year)."
    )
    assert "When: every year on 10 December, counting from 10 December 1948." in text
    assert "Proclaimed by: UNGA, UNGA res 217 A (III) (adopted 10 December 1948)." in text
    assert "- TST1 §18, Use the big days: The big anniversary is the moment for the whole movement." in text
    assert (
        "- UN page on the UDHR (primary): https://www.un.org/en/about-us/universal-declaration-of-human-rights" in text
    )
    assert "Check before relying on it:\n- first year 1949 is unverified: Not checked against a primary source." in text
    assert text.endswith("planner id: declaration-anniversary (details: planner show declaration-anniversary)")
    assert "<" not in text and "&" not in text
    press = items["press-freedom-day-2028@planner.invalid"]
    assert "- TST1 §16(ii), Counter false information, early: Disinformation spreads" in press.description
    assert "Hashtags: #WorldPressFreedomDay" in press.description
    assert press.url == "https://www.un.org/en/observances/press-freedom-day"
    assert press.categories == ("day", "media-freedom")


def test_stamps_come_from_data_not_the_clock(fixture_catalogue: Catalogue) -> None:
    items = observance_items(fixture_catalogue, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert {i.stamp for i in items} == {CATALOGUE_EPOCH}
    again = observance_items(fixture_catalogue, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert items == again


def test_an_edited_file_moves_last_modified_of_its_own_entries(tmp_path: Path) -> None:
    from planner.catalogue.load import load

    team = tmp_path / "team.yaml"
    team.write_text(
        "updated: 2027-02-01\n"
        "observances:\n"
        "  - id: our-day\n    name: Our day\n    kind: day\n    rule: {kind: fixed, month: 6, day: 1}\n"
        "    themes: [civil-society]\n    proclaimed_by: civil society\n"
        "    sources: [{title: Our note, document: note, status: unverified}]\n",
        encoding="utf-8",
    )
    cat = load([team])
    items = _by_uid(observance_items(cat, dt.date(2027, 1, 1), dt.date(2027, 12, 31)))
    assert items["our-day-2027@planner.invalid"].stamp == dt.datetime(2027, 2, 1, tzinfo=dt.UTC)
    shipped = cat.observance("human-rights-day").updated
    assert shipped is not None
    assert items["human-rights-day-2027@planner.invalid"].stamp == dt.datetime.combine(shipped, dt.time(), dt.UTC)


@pytest.mark.parametrize(
    ("include", "kinds", "themes", "expected"),
    [
        ((Include.ANNIVERSARIES,), (), (), {"declaration-anniversary"}),
        (
            (Include.OBSERVANCES,),
            (),
            (),
            {"press-freedom-day", "children-sunday", "sixteen-days", "winter-week", "summit-2027", "leap-day"},
        ),
        ((Include.OBSERVANCES, Include.ANNIVERSARIES), ("period", "week"), (), {"sixteen-days", "winter-week"}),
        ((Include.OBSERVANCES,), ("anniversary",), (), set()),
        ((Include.OBSERVANCES, Include.ANNIVERSARIES), (), ("media-freedom",), {"press-freedom-day", "summit-2027"}),
        ((Include.OBSERVANCES, Include.ANNIVERSARIES), (), ("empty-theme",), set()),
        ((Include.CAMPAIGNS,), (), (), set()),
    ],
)
def test_what_goes_in(
    fixture_catalogue: Catalogue,
    include: tuple[Include, ...],
    kinds: tuple[str, ...],
    themes: tuple[str, ...],
    expected: set[str],
) -> None:
    items = observance_items(
        fixture_catalogue, dt.date(2027, 1, 1), dt.date(2028, 12, 31), include=include, kinds=kinds, themes=themes
    )
    assert {i.uid.rsplit("-", 1)[0] for i in items} == expected


def test_unknown_theme_is_named(fixture_catalogue: Catalogue) -> None:
    with pytest.raises(UnknownId, match="unknown theme 'media-fredom'; did you mean media-freedom"):
        observance_feed(fixture_catalogue, dt.date(2027, 1, 1), dt.date(2027, 12, 31), themes=["media-fredom"])


def test_uids_stay_when_the_catalogue_gains_an_entry(fixture_catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    before = observance_items(fixture_catalogue, start, end)
    newcomer = Observance(
        id="aaa-new-day",
        name="A New Day",
        kind=Kind.DAY,
        rule=FixedRule(month=5, day=3),  # the same date as another day: still its own UID
        themes=("media-freedom",),
        proclaimed_by="civil society",
        sources=(Source(title="t", status=Status.UNVERIFIED, url="https://example.org"),),
    )
    grown = dataclasses.replace(
        fixture_catalogue, observances={"aaa-new-day": newcomer, **fixture_catalogue.observances}
    )
    after = _by_uid(observance_items(grown, start, end))
    for item in before:
        assert after[item.uid] == item
    assert len(after) == len(before) + 3
    assert "aaa-new-day-2027@planner.invalid" in after


def _decade(fixture_catalogue: Catalogue) -> Catalogue:
    """The fixture catalogue plus a ten-year period, like a UN decade."""
    from planner.catalogue.model import OnceRule

    decade = Observance(
        id="test-decade",
        name="Test Decade",
        kind=Kind.PERIOD,
        rule=OnceRule(start=dt.date(2025, 1, 1), end=dt.date(2034, 12, 31)),
        themes=("universal-rights",),
        proclaimed_by="UNGA",
        sources=(Source(title="t", status=Status.UNVERIFIED, url="https://example.org"),),
    )
    return dataclasses.replace(fixture_catalogue, observances={**fixture_catalogue.observances, decade.id: decade})


def test_a_decade_is_only_in_feeds_that_ask_for_periods(fixture_catalogue: Catalogue) -> None:
    """Ten years as one all-day event would sit on every day of a subscriber's calendar."""
    grown = _decade(fixture_catalogue)
    start, end = rolling_window(TODAY)
    assert _by_uid(observance_items(grown, start, end)) == _by_uid(observance_items(fixture_catalogue, start, end))
    themed = observance_items(grown, start, end, themes=["universal-rights"])
    assert "test-decade-2025@planner.invalid" not in _by_uid(themed)
    periods = _by_uid(observance_items(grown, start, end, kinds=["period"]))
    decade = periods["test-decade-2025@planner.invalid"]
    assert (decade.start, decade.end) == (dt.date(2025, 1, 1), dt.date(2035, 1, 1))  # still one event
    assert "sixteen-days-2026@planner.invalid" in periods
    assert "test-decade-2025@planner.invalid" not in _by_uid(observance_items(grown, start, end, kinds=["day"]))
    # the 16 days (16 days long) stay in every feed
    assert "sixteen-days-2026@planner.invalid" in _by_uid(observance_items(grown, start, end))
    # theme counts (which theme feeds to publish, and their sizes) follow the same rule
    counts = theme_counts(grown, start, end)
    assert counts == theme_counts(fixture_catalogue, start, end)


def test_a_feed_with_campaign_phases_is_named_and_refreshed_as_a_team_feed(fixture_catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    only = observance_feed(fixture_catalogue, start, end, include=(Include.CAMPAIGNS,), rolling_since=None)
    assert only.name == "Human rights campaigns (team)"
    assert only.refresh == TEAM_REFRESH and "Private to the team" in only.description
    mixed = observance_feed(
        fixture_catalogue, start, end, include=(Include.OBSERVANCES, Include.CAMPAIGNS), themes=["media-freedom"]
    )
    assert mixed.name == "Human rights observances and campaigns (team): media-freedom"
    assert mixed.refresh == TEAM_REFRESH and "Private to the team" in mixed.description
    public = observance_feed(fixture_catalogue, start, end)
    assert public.name == "Human rights observances" and public.refresh == dt.timedelta(days=1)
    assert "Private" not in public.description


def test_uids_are_unique_over_a_century(fixture_catalogue: Catalogue) -> None:
    items = observance_items(fixture_catalogue, dt.date(1950, 1, 1), dt.date(2050, 12, 31), include=tuple(Include))
    assert len({i.uid for i in items}) == len(items)


def test_feed_metadata(fixture_catalogue: Catalogue) -> None:
    start, end = rolling_window(TODAY)
    feed = observance_feed(fixture_catalogue, start, end, rolling_since=window_moved(TODAY))
    assert feed.name == "Human rights observances"
    assert feed.refresh == dt.timedelta(days=1)
    assert feed.updated == dt.datetime(2026, 11, 1, tzinfo=UTC)
    assert "12 months back and 24 months ahead" in feed.description
    assert [i.sort_key() for i in feed.items] == sorted(i.sort_key() for i in feed.items)
    fixed = observance_feed(
        fixture_catalogue, dt.date(2027, 1, 1), dt.date(2027, 12, 31), themes=["media-freedom"], kinds=["day"]
    )
    assert fixed.name == "Human rights observances: media-freedom, day"
    assert fixed.updated == CATALOGUE_EPOCH
    assert "media-freedom (Press freedom, journalists' safety; independent media)" in fixed.description


def test_feed_items_validate_themselves() -> None:
    day = dt.date(2027, 5, 3)
    with pytest.raises(ValueError, match="exclusive"):
        FeedItem(uid="a", summary="s", start=day, end=day, stamp=CATALOGUE_EPOCH)
    with pytest.raises(ValueError, match="both be dates"):
        FeedItem(uid="a", summary="s", start=day, end=dt.datetime(2027, 5, 4, tzinfo=UTC), stamp=CATALOGUE_EPOCH)
    with pytest.raises(ValueError, match="floating"):
        FeedItem(
            uid="a",
            summary="s",
            start=dt.datetime(2027, 5, 3, 9),
            end=dt.datetime(2027, 5, 3, 10),
            stamp=CATALOGUE_EPOCH,
        )
    with pytest.raises(ValueError, match="UTC"):
        FeedItem(uid="a", summary="s", start=day, end=day + dt.timedelta(days=1), stamp=dt.datetime(2027, 1, 1))
    with pytest.raises(ValueError, match="negative"):
        FeedItem(uid="a", summary="s", start=day, end=day + dt.timedelta(days=1), stamp=CATALOGUE_EPOCH, sequence=-1)


def test_build_feed_takes_the_newest_stamp() -> None:
    newer = dt.datetime(2027, 3, 4, 5, 6, 7, tzinfo=UTC)
    items = [
        FeedItem(uid="b@x", summary="B", start=dt.date(2027, 5, 3), end=dt.date(2027, 5, 4), stamp=newer),
        FeedItem(uid="a@x", summary="A", start=dt.date(2027, 5, 3), end=dt.date(2027, 5, 4), stamp=CATALOGUE_EPOCH),
    ]
    feed = build_feed(items, name="n", description="d", refresh=dt.timedelta(hours=2))
    assert [i.uid for i in feed.items] == ["a@x", "b@x"]
    assert feed.updated == newer
    assert (
        build_feed(
            items, name="n", description="d", refresh=dt.timedelta(hours=2), updated=dt.datetime(2028, 1, 1, tzinfo=UTC)
        ).updated.year
        == 2028
    )
    assert build_feed([], name="n", description="d", refresh=dt.timedelta(hours=2)).updated == CATALOGUE_EPOCH


def test_default_domain_is_reserved() -> None:
    assert DEFAULT_DOMAIN.endswith(".invalid")  # RFC 2606: never a real domain


# -- the team feed: campaign phases -----------------------------------------------------------------

GENEVA = EmbargoTime(dt.time(9, 0), ZoneInfo("Europe/Zurich"))  # Geneva's zone


def test_phase_items() -> None:
    start, end = rolling_window(TODAY)
    items = _by_uid(phase_items(sample_campaigns(), start, end, today=TODAY))
    brief = items["human-rights-day-2026-brief-due-2026@planner.invalid"]
    assert brief.summary == "T-14d: Brief due — Human Rights Day"
    assert (brief.start, brief.end) == (dt.date(2026, 11, 26), dt.date(2026, 11, 27))
    assert brief.sequence == 1 and brief.stamp == dt.datetime(2026, 11, 10, 16, 5, tzinfo=UTC)
    assert brief.status is ItemStatus.CONFIRMED and brief.categories == ("campaign",)
    drafts = items["human-rights-day-2026-drafts-2026@planner.invalid"]
    assert (drafts.start, drafts.end) == (dt.date(2026, 11, 30), dt.date(2026, 12, 3))  # three days, DTEND exclusive
    assert "Note: Use the new photos, not last year's." in drafts.description
    launch = items["human-rights-day-2026-embargo-2026@planner.invalid"]
    assert launch.summary == "T0: Statement published (big send) — Human Rights Day"
    assert launch.categories == ("campaign", "big-send")
    assert "Embargo: not before this day." in launch.description
    report = items["human-rights-day-2026-report-back-2026@planner.invalid"]
    assert report.summary == "Report back — Human Rights Day"  # set by hand: no offset label
    assert report.start == dt.date(2026, 12, 18)
    # the offset of the day the item is on, then the plan's (rule 18: never only the template's)
    assert "Step: Report back, T+8d from the day (date set by hand; the plan had T+7d, Thu 17 December 2026)." in (
        report.description
    )
    research = items["winter-day-2027-research-2027@planner.invalid"]
    assert research.start == dt.date(2026, 12, 15)  # the year before the campaign's year
    assert research.summary == "T-28d: Research — Winter Day"  # no year that could disagree (rule 18)
    assert "winter-day-2027-old-2027@planner.invalid" not in items  # skipped long ago: gone


def test_a_skipped_phase_is_cancelled_for_a_grace_period() -> None:
    start, end = rolling_window(TODAY)
    campaigns = [human_rights_day_2026()]
    uid = "human-rights-day-2026-video-2026@planner.invalid"
    video = _by_uid(phase_items(campaigns, start, end, today=TODAY))[uid]
    assert video.status is ItemStatus.CANCELLED and video.sequence == 2
    assert "It leaves this calendar on Sun 29 November 2026." in video.description
    assert uid in _by_uid(phase_items(campaigns, start, end, today=dt.date(2026, 11, 28)))
    assert uid not in _by_uid(phase_items(campaigns, start, end, today=dt.date(2026, 11, 29)))
    assert dt.timedelta(days=14) == CANCELLED_GRACE


def test_team_feed_updated_counts_edits_and_departures() -> None:
    start, end = rolling_window(TODAY)
    feed = team_feed(sample_campaigns(), start, end, today=TODAY, label="comms")
    assert feed.name == "Human rights campaigns (team): comms"
    assert feed.refresh == dt.timedelta(hours=2)
    assert feed.updated == dt.datetime(2026, 11, 15, 8, 0, tzinfo=UTC)
    later = team_feed(sample_campaigns(), start, end, today=dt.date(2026, 11, 30))
    assert later.updated == dt.datetime(2026, 11, 29, tzinfo=UTC)  # the cancelled video left that day
    rolling = team_feed(sample_campaigns(), start, end, today=TODAY, rolling_since=window_moved(TODAY))
    assert rolling.updated == dt.datetime(2026, 11, 15, 8, 0, tzinfo=UTC)


def test_a_deleted_campaign_is_cancelled_for_a_grace_period_then_goes() -> None:
    start, end = rolling_window(TODAY)
    live = human_rights_day_2026()
    deleted_at = dt.datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    tomb = cancel(live, now=deleted_at)
    before = _by_uid(phase_items([live], start, end, today=TODAY))
    items = _by_uid(phase_items([tomb], start, end, today=TODAY))
    assert set(items) == set(before)  # the same UIDs (rule 1), now cancelled (rule 6)
    for uid, item in items.items():
        assert item.status is ItemStatus.CANCELLED, uid
        if uid.endswith("-video-2026@planner.invalid"):  # skipped before: unchanged, leaves on its own day
            assert dataclasses.replace(item, description=before[uid].description) == before[uid]
            assert "Cancelled (skipped)" in item.description
            continue
        assert item.sequence == before[uid].sequence + 1 and item.stamp == deleted_at, uid
        assert item.summary == before[uid].summary  # no "[CANCELLED]" prefix that Google would hide
        assert "Cancelled: the campaign was deleted on Sat 21 November 2026." in item.description
        assert "It leaves this calendar on Sat 5 December 2026." in item.description
        assert "planner campaign show" not in item.description
    last_day = _by_uid(phase_items([tomb], start, end, today=dt.date(2026, 12, 4)))
    assert "human-rights-day-2026-brief-due-2026@planner.invalid" in last_day
    assert phase_items([tomb], start, end, today=dt.date(2026, 12, 5)) == []
    assert deleted_lookback(TODAY) == dt.datetime(2026, 10, 7, tzinfo=UTC)  # 14 days + a month back


def test_team_feed_updated_counts_a_deletion_and_its_departure() -> None:
    start, end = rolling_window(TODAY)
    deleted_at = dt.datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    tomb = cancel(human_rights_day_2026(), now=deleted_at)
    assert team_feed([tomb], start, end, today=TODAY).updated == deleted_at
    gone = team_feed([tomb], start, end, today=dt.date(2026, 12, 6))
    assert gone.items == () and gone.updated == dt.datetime(2026, 12, 5, tzinfo=UTC)


def test_changes_raise_sequence_and_stamp() -> None:
    """The campaign core bumps sequence and updated_at; the feed carries them through (rule 5)."""
    start, end = rolling_window(TODAY)
    now = dt.datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    before = human_rights_day_2026()
    uid = "human-rights-day-2026-drafts-2026@planner.invalid"
    old = _by_uid(phase_items([before], start, end, today=TODAY))[uid]
    for change in ({"date": dt.date(2026, 12, 1)}, {"status": PhaseStatus.DONE}):
        after = update_phase(before, "drafts", now=now, **change)  # type: ignore[arg-type]
        new = _by_uid(phase_items([after], start, end, today=TODAY))[uid]
        assert new.sequence == old.sequence + 1 and new.stamp == now, change
    quiet = update_phase(before, "drafts", now=now, owner="Someone")  # not visible: same sequence
    assert _by_uid(phase_items([quiet], start, end, today=TODAY))[uid].sequence == old.sequence


def test_embargo_time_makes_timed_items() -> None:
    start, end = rolling_window(TODAY)
    items = _by_uid(phase_items(sample_campaigns(), start, end, today=TODAY, embargo=GENEVA))
    launch = items["human-rights-day-2026-embargo-2026@planner.invalid"]
    assert launch.start == dt.datetime(2026, 12, 10, 9, 0, tzinfo=GENEVA.zone)
    assert launch.end - launch.start == dt.timedelta(minutes=30)
    assert not launch.all_day
    assert items["human-rights-day-2026-brief-due-2026@planner.invalid"].all_day


def test_parse_embargo_time() -> None:
    parsed = parse_embargo_time("09:00 Europe/Zurich")
    assert (parsed.at, parsed.zone.key, str(parsed)) == (dt.time(9, 0), "Europe/Zurich", "09:00 Europe/Zurich")
    with pytest.raises(UsageProblem, match="Geneva uses Europe/Zurich"):
        parse_embargo_time("09:00 Europe/Geneva")
    for bad in ("9am Europe/Zurich", "25:00 Europe/Zurich", "09:00", "09:00 Mars/Olympus", "09:00 ../../etc/passwd"):
        with pytest.raises(UsageProblem):
            parse_embargo_time(bad)


def test_phase_summary_keeps_a_name_without_year() -> None:
    campaign = winter_day_2027()
    assert phase_summary(campaign, campaign.phases[1]) == "T0: Launch — Winter Day"
    renamed = dataclasses.replace(campaign, name="2027")
    assert phase_summary(renamed, campaign.phases[1]) == "T0: Launch — 2027"


def test_phase_uids_are_unique_and_stable() -> None:
    start, end = rolling_window(TODAY)
    first = [i.uid for i in phase_items(sample_campaigns(), start, end, today=TODAY)]
    again = [i.uid for i in phase_items(sample_campaigns(), start, end, today=TODAY)]
    assert first == again and len(set(first)) == len(first)


# -- embargo times that exist ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "lifts", "utc"),
    [
        # Chile: clocks jump from 00:00 to 01:00 on the first Sunday of September
        ("America/Santiago", dt.date(2027, 9, 5), dt.time(1, 0), dt.datetime(2027, 9, 5, 4, 0, tzinfo=dt.UTC)),
        # Cuba: from 00:00 to 01:00 on the second Sunday of March
        ("America/Havana", dt.date(2027, 3, 14), dt.time(1, 0), dt.datetime(2027, 3, 14, 5, 0, tzinfo=dt.UTC)),
    ],
)
def test_an_embargo_time_in_a_dst_gap_moves_to_the_nearest_valid_time(
    zone: str, day: dt.date, lifts: dt.time, utc: dt.datetime
) -> None:
    at, note = embargo_instant(day, parse_embargo_time(f"00:00 {zone}"))
    assert at.time() == lifts and at.astimezone(dt.UTC) == utc
    assert note is not None and "00:00 does not exist" in note and f"lifts at {lifts:%H:%M}" in note
    # the instant exists: a round trip through UTC gives the same wall time
    assert at.astimezone(dt.UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == at.replace(tzinfo=None)


def test_an_ambiguous_embargo_time_says_which_instant_it_took() -> None:
    # Zurich, 31 Oct 2027: 02:30 happens twice; the first is 02:30 CEST, 00:30 UTC
    at, note = embargo_instant(dt.date(2027, 10, 31), parse_embargo_time("02:30 Europe/Zurich"))
    assert at.astimezone(dt.UTC) == dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC)
    assert note is not None and "happens twice" in note and "02:30 CEST (00:30 UTC)" in note


def test_an_ordinary_embargo_time_has_no_note() -> None:
    at, note = embargo_instant(dt.date(2027, 5, 3), parse_embargo_time("09:00 Europe/Zurich"))
    assert note is None and at == dt.datetime(2027, 5, 3, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


def test_a_phase_in_a_dst_gap_is_timed_at_a_real_instant_and_says_so() -> None:
    campaign = sample_campaigns()[0]
    embargoed = next(p for p in campaign.phases if p.constraint is Constraint.NOT_BEFORE)
    moved = dataclasses.replace(embargoed, manual_date=dt.date(2027, 9, 5))
    changed = dataclasses.replace(
        campaign, phases=tuple(moved if p.key == embargoed.key else p for p in campaign.phases)
    )
    embargo = parse_embargo_time("00:00 America/Santiago")
    item = phase_item(changed, moved, embargo=embargo)
    assert isinstance(item.start, dt.datetime) and item.start.time() == dt.time(1, 0)
    assert (item.end - item.start) == dt.timedelta(minutes=30)
    assert "00:00 does not exist in America/Santiago" in item.description
    notes = embargo_notes([changed], dt.date(2027, 1, 1), dt.date(2027, 12, 31), embargo)
    assert len(notes) == 1 and notes[0].startswith(f"{changed.id} {moved.key}: 00:00 does not exist")


# -- what an item says about its day --------------------------------------------------------------


def test_the_summary_offset_is_the_day_the_phase_is_on() -> None:
    """A phase at T+30d moved to the next working day, two days later, reads T+32d: the title
    never disagrees with DTSTART (rule 18); the description says why."""
    campaign = human_rights_day_2026()
    phase = next(p for p in campaign.phases if not p.is_manual)
    shifted = dataclasses.replace(phase, scheduled=phase.scheduled + dt.timedelta(days=2))
    days = (shifted.date - campaign.day).days
    assert phase_summary(campaign, phase).startswith(f"{phase.offset}: ")
    assert phase_summary(campaign, shifted).startswith(f"T{days:+d}d: ")
    item = phase_item(campaign, shifted)
    assert f"moved to T{days:+d}d to fall on a working day" in item.description


def test_a_moved_campaign_says_where_it_went() -> None:
    campaign = human_rights_day_2026()
    gone = dataclasses.replace(
        cancel(campaign, now=dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC)), moved_to="human-rights-day-2027"
    )
    items = phase_items([gone], dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=TODAY)
    assert items and all(i.status.value == "CANCELLED" for i in items)
    for item in (i for i in items if "Status: skipped" not in i.description):
        assert "the campaign moved to human-rights-day-2027 on Sat 21 November 2026" in item.description
        assert "Details: planner campaign show human-rights-day-2027" in item.description
        assert "was deleted" not in item.description


def test_a_moved_campaigns_old_items_give_the_new_date_when_it_is_in_the_feed() -> None:
    """A subscriber reading the cancelled old date learns where the step went, not only which
    campaign holds it now."""
    campaign = human_rights_day_2026()
    gone = dataclasses.replace(
        cancel(campaign, now=dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC)), moved_to="human-rights-day-2027"
    )
    year = dt.timedelta(days=365)
    moved = dataclasses.replace(
        campaign,
        id="human-rights-day-2027",
        year=2027,
        name="Human Rights Day 2027",
        starts=campaign.starts + year,
        ends=campaign.ends + year,
        phases=tuple(
            dataclasses.replace(
                p, scheduled=p.scheduled + year, manual_date=None if p.manual_date is None else p.manual_date + year
            )
            for p in campaign.phases
        ),
    )
    items = {i.uid: i for i in phase_items([gone, moved], dt.date(2026, 1, 1), dt.date(2027, 12, 31), today=TODAY)}
    old = items["human-rights-day-2026-brief-due-2026@planner.invalid"]
    assert old.status.value == "CANCELLED"
    assert "this step is now on Fri 26 November 2027 (T-14d) in that campaign." in old.description
    assert items["human-rights-day-2027-brief-due-2027@planner.invalid"].start == dt.date(2027, 11, 26)
