"""The library API: declared, documented, typed values in and out, only PlannerError raised."""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from planner import api
from planner.campaigns.location import NoDatabase
from planner.campaigns.model import PhaseStatus
from planner.errors import OutOfRange, PlannerError, UnknownId, UsageProblem

TODAY = dt.date(2027, 3, 1)
NOW = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


def test_every_declared_name_exists_and_says_what_it_does() -> None:
    for name in api.__all__:
        value = getattr(api, name)
        if callable(value):
            doc = inspect.getdoc(value) or ""
            assert len(doc) > 40, f"api.{name} needs a docstring"
    functions = [n for n in api.__all__ if inspect.isfunction(getattr(api, n))]
    for name in functions:  # each function says what it raises, or returns data only
        doc = inspect.getdoc(getattr(api, name)) or ""
        assert "Raises" in doc or "raise" not in inspect.getsource(getattr(api, name)), name


def test_public_functions_take_keyword_dates_and_return_typed_values(tmp_path: Path) -> None:
    catalogue = api.load_catalogue()
    found = api.list_observances(catalogue, dt.date(2027, 5, 1), dt.date(2027, 5, 31))
    assert found and all(dt.date(2027, 5, 1) <= o.end and o.start <= dt.date(2027, 5, 31) for o in found)
    view = api.show_observance(catalogue, "human-rights-day", today=TODAY, year=2027)
    assert [o.start for o in view.occurrences] == [dt.date(2027, 12, 10)]
    db = str(tmp_path / "c.db")
    with api.open_database(db) as store:
        made = api.create_campaign(catalogue, store, "human-rights-day", today=TODAY, now=NOW, year=2027)
        assert api.list_campaigns(store) == [made.campaign]
        moved = api.move_campaign(catalogue, store, made.campaign.id, now=NOW, year=2028)
        assert moved.changed and moved.after.year == 2028


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: api.show_observance(c, "nope", today=TODAY), UnknownId),
        (lambda c: api.list_observances(c, TODAY, TODAY, themes=["press"]), UnknownId),
        (lambda c: api.list_recommendations(c, reports=["WP3031"]), UnknownId),
        (lambda c: api.build_feed(c, today=TODAY, start=TODAY), UsageProblem),
        (lambda c: api.build_feed(c, today=dt.date(9999, 12, 31)), UsageProblem),
        (lambda c: api.build_brief(c, "human-rights-day", today=TODAY, audience="martians"), UnknownId),
        (lambda c: api.open_existing_database("/nonexistent/folder/x.db"), NoDatabase),
    ],
)
def test_bad_input_raises_a_planner_error(call: object, error: type[PlannerError]) -> None:
    catalogue = api.load_catalogue()
    with pytest.raises(error):
        call(catalogue)  # type: ignore[operator]


def test_the_capability_packages_stay_light() -> None:
    code = (
        "import sys\n"
        "import planner.api, planner.catalogue, planner.campaigns, planner.plans, planner.feeds, planner.briefs\n"
        "import planner.web\n"
        "heavy = ('sqlalchemy', 'alembic', 'jinja2', 'icalendar', 'starlette', 'uvicorn', 'docx', 'yaml')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_packages_re_export_their_public_names() -> None:
    import planner.briefs
    import planner.campaigns
    import planner.catalogue
    import planner.feeds
    import planner.plans

    for package in (planner.catalogue, planner.campaigns, planner.plans, planner.feeds, planner.briefs):
        for name in package.__all__:
            assert getattr(package, name) is not None
    assert planner.campaigns.Campaign.__module__ == "planner.campaigns.model"
    with pytest.raises(AttributeError):
        _ = planner.feeds.nothing_here


def test_team_feeds_without_a_database(tmp_path: Path) -> None:
    """No database yet: team feeds are empty; a --db that does not exist is an error."""
    from planner.feeds.build import Include
    from planner.feeds.tokens import FeedToken

    catalogue = api.load_catalogue()
    result = api.build_feed(catalogue, today=TODAY, include=[Include.CAMPAIGNS])
    assert result.feed.items == ()
    with pytest.raises(UnknownId, match="unknown campaign 'x-2027'"):
        api.build_feed(catalogue, today=TODAY, campaigns=["x-2027"])
    typo = str(tmp_path / "typo.db")
    with pytest.raises(NoDatabase, match="no database at"):
        api.build_feed(catalogue, today=TODAY, include=[Include.CAMPAIGNS], db_url=typo)
    with pytest.raises(NoDatabase):
        api.serve_setup(catalogue, db_url=typo)
    setup = api.serve_setup(catalogue, today=TODAY)
    token = FeedToken(id="t1", label="comms", digest="0" * 64, created=NOW, campaigns=())
    assert setup.team(token, TODAY).items == ()
    assert not (tmp_path / "typo.db").exists()


@pytest.mark.parametrize(
    ("call", "error", "says"),
    [
        # one hint, with the year asked about, never two (the API's and the catalogue's)
        (
            lambda c, s: api.show_observance(c, "nope", today=TODAY),
            UnknownId,
            "unknown observance 'nope'; `planner observances --year 2027 --all` lists the ids",
        ),
        (lambda c, s: api.list_observances(c, TODAY, TODAY, themes=["zzz"]), UnknownId, "; use one of: business, "),
        (lambda c, s: api.list_observances(c, TODAY, TODAY, kinds=["days"]), UnknownId, "did you mean day?"),
        (lambda c, s: api.build_feed(c, today=TODAY, kinds=["festival"]), UnknownId, "unknown kind 'festival'"),
        (lambda c, s: api.show_observance(c, "human-rights-day", today=TODAY, year=0), OutOfRange, "1 to 9999"),
        (lambda c, s: api.build_brief(c, "human-rights-day", today=TODAY, year=99999), OutOfRange, "1 to 9999"),
        (
            lambda c, s: api.create_campaign(c, s, "human-rights-day", today=TODAY, now=NOW, year=0),
            OutOfRange,
            "year 0 is out of range",
        ),
        (
            lambda c, s: api.create_campaign(c, s, "human-rights-day", today=TODAY, now=dt.datetime(2027, 3, 1)),
            UsageProblem,
            "has no time zone",
        ),
        (lambda c, s: api.list_campaigns(s, status="finished"), UnknownId, "unknown campaign status 'finished'"),
    ],
)
def test_bad_arguments_from_a_script_are_planner_errors_with_one_hint(
    tmp_path: Path, call: object, error: type[PlannerError], says: str
) -> None:
    catalogue = api.load_catalogue()
    with api.open_database(str(tmp_path / "c.db")) as store, pytest.raises(error) as caught:
        call(catalogue, store)  # type: ignore[operator]
    assert says in str(caught.value)
    assert str(caught.value).count("lists the ids") <= 1


def test_a_phase_status_can_be_given_as_text_and_a_bad_year_changes_nothing(tmp_path: Path) -> None:
    catalogue = api.load_catalogue()
    with api.open_database(str(tmp_path / "c.db")) as store:
        made = api.create_campaign(catalogue, store, "human-rights-day", today=TODAY, now=NOW, year=2027)
        change = api.set_phase(store, made.campaign.id, "approvals", now=NOW, status="done", owner="Sam")
        assert (change.new.status, change.new.owner) == (PhaseStatus.DONE, "Sam")
        with pytest.raises(UnknownId, match="unknown phase status 'finished'; use one of: doing, done, skipped, todo"):
            api.set_phase(store, made.campaign.id, "approvals", now=NOW, status="finished")
        with pytest.raises(OutOfRange):
            api.move_campaign(catalogue, store, made.campaign.id, now=NOW, year=10000)
        assert api.get_campaign(store, made.campaign.id) == change.after
        assert [c.id for c in api.list_campaigns(store, status="doing")] == [made.campaign.id]


def test_a_decade_under_way_has_a_next_occurrence_and_a_brief() -> None:
    catalogue = api.load_catalogue()
    decade = catalogue.observance("second-decade-for-people-of-african-descent")
    today = dt.date(2028, 5, 3)
    under_way = api.next_occurrence_of(decade, today=today)
    assert under_way is not None and under_way.start <= today <= under_way.end
    result = api.build_brief(catalogue, decade.id, today=today)
    assert result.occurrence == under_way and result.tense_note == ""
    assert api.next_occurrence_of(decade, today=dt.date(2035, 1, 1)) is None


def test_publishing_where_nothing_can_be_written_is_a_planner_error(tmp_path: Path) -> None:
    catalogue = api.load_catalogue()
    with pytest.raises(PlannerError, match=r"cannot publish to /proc/site: .*; choose another folder"):
        api.publish_site(catalogue, "/proc/site", "https://example.org/calendar", today=TODAY)


def test_today_is_always_a_keyword_argument() -> None:
    for name in api.__all__:
        value = getattr(api, name)
        if inspect.isfunction(value) and "today" in inspect.signature(value).parameters:
            assert inspect.signature(value).parameters["today"].kind is inspect.Parameter.KEYWORD_ONLY, name


@pytest.mark.parametrize(
    "call",
    [
        lambda c, s: api.list_observances(c, dt.date(2027, 5, 1), dt.date(2027, 4, 1)),
        lambda c, s: api.list_anniversaries(c, dt.date(2027, 5, 1), dt.date(2027, 4, 1)),
        lambda c, s: api.workload(s, dt.date(2027, 5, 1), dt.date(2027, 4, 1)),
        lambda c, s: api.list_campaigns(s, start=dt.date(2027, 5, 1), end=dt.date(2027, 4, 1)),
        lambda c, s: api.build_feed(c, today=TODAY, start=dt.date(2027, 5, 1), end=dt.date(2027, 4, 1)),
    ],
)
def test_a_range_that_ends_before_it_starts_is_refused_not_empty(tmp_path: Path, call: object) -> None:
    catalogue = api.load_catalogue()
    with api.open_database(str(tmp_path / "c.db")) as store, pytest.raises(UsageProblem) as caught:
        call(catalogue, store)  # type: ignore[operator]
    assert str(caught.value) == "--to 2027-04-01 is before --from 2027-05-01; swap them"


def test_no_days_ahead_is_nothing_and_an_unknown_observance_hint_names_the_year_asked() -> None:
    catalogue = api.load_catalogue()
    assert api.upcoming(catalogue, 0, today=TODAY) == []
    with pytest.raises(UnknownId, match=r"--year 2031 --all` lists the ids$"):
        api.build_brief(catalogue, "zzz", today=TODAY, year=2031)
