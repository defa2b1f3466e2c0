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
from planner.errors import PlannerError, UnknownId, UsageProblem

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
        (lambda c: api.show_observance(c, "nope", today=TODAY), UsageProblem),
        (lambda c: api.list_observances(c, TODAY, TODAY, themes=["press"]), UsageProblem),
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
