"""planner's library API: one plain function per user action.

The CLI (`planner.cli`) and the web front end (`planner.web`) call only these. Each function
takes and returns typed values (core dataclasses from `planner.catalogue`, `planner.campaigns`,
`planner.plans`, `planner.feeds`, `planner.briefs`, or the small result types below: named
tuples, immutable, read by attribute, cheap to define at start-up), raises
only `PlannerError` subclasses, prints nothing and writes no file except where its name says so
(`publish_site`, `export_campaigns` returns text and writes nothing).

Conventions:
- Dates are `datetime.date`, and ranges are inclusive at both ends (`start`..`end`).
- Durations are whole days (`int`), unless a `datetime.timedelta` is named.
- `today` is always passed in (the injected clock); `now` is an aware UTC `datetime.datetime`.
- A `Catalogue` comes from `load_catalogue`; a `Store` from `open_database` (creates and
  upgrades the database on first use) or `open_existing_database` (never creates one).
- Facts (observance dates, instruments, sources) come from the catalogue files
  (`observances.yaml`, `recommendations.yaml` and the user's own), each entry citing its
  sources; recommendations are summarised from reports WP3013 (Jan 2023) and WP2011 (Feb 2022).

Heavy libraries (SQLAlchemy, Jinja2, icalendar, Starlette) are imported inside the functions
that need them, so importing this module stays cheap.

Where the other names come from (each folder re-exports its public names):
- Arguments: `Quarter`, `parse_quarter("2028Q4", today)` and `parse_date("2028-05-03")` from
  `planner.quarters`; `Kind` from `planner.catalogue`; `PhaseStatus`, `CampaignStatus` and
  `Unset` from `planner.campaigns`; `Include` and `EmbargoTime` from `planner.feeds`.
- Errors: `PlannerError` (the root: catch it, show `str(error)`, which says what to do),
  `UsageProblem`, `UnknownId` (`.what`, `.value`, `.suggestions`), `OutOfRange`,
  `FileProblems` and `CatalogueError` (`.problems`, each with `file`, `line`, `key`) from
  `planner.errors`; `NoDatabase`, `DatabaseError` and `DuplicateCampaign` from
  `planner.campaigns`; `MessagesError` from `planner.briefs`. Messages name the CLI's options
  (`--year`) where a script passes the argument of the same name (`year=`).
- Output: `render_plan(plan, "md" | "html" | "csv" | "json")` from `planner.plans` (text) and
  `render_brief(brief, "md" | "html" | "docx")` from `planner.briefs` (text, or bytes for DOCX)
  turn a `Plan` or a `Brief` into what the CLI prints or writes; `FeedResult.body` is the
  `.ics` file's bytes.

Example (a script; `tests/test_api_example.py` runs it):

```python
import datetime as dt
from planner import api
from planner.errors import PlannerError
from planner.plans import render_plan
from planner.quarters import parse_quarter

today = dt.date(2028, 8, 15)
now = dt.datetime(2028, 8, 15, 9, 0, tzinfo=dt.UTC)
catalogue = api.load_catalogue()
quarter = parse_quarter("next", today)
for occ in api.list_observances(catalogue, quarter.start, quarter.end, themes=["media-freedom"]):
    print(occ.start, occ.title)
plan = api.build_plan(catalogue, parse_quarter("2028Q4", today), today=today, db_url=DB)
markdown = render_plan(plan.plan, "md")
with api.open_database(DB) as store:  # a SQLite file path or a SQLAlchemy URL
    made = api.create_campaign(catalogue, store, "human-rights-day", today=today, now=now, year=2028)
    api.set_phase(store, made.campaign.id, "approvals", now=now, owner="Sam", status="doing")
    moved = api.move_campaign(catalogue, store, made.campaign.id, now=now, year=2029)
try:
    api.build_brief(catalogue, "world-press-day", today=today)
except PlannerError as error:
    print(error)  # unknown observance 'world-press-day'; did you mean world-press-freedom-day, ...?
```
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from planner.accounts import (
    LoginLimiter,
    NotAllowed,
    Role,
    User,
    check_name,
    dummy_verify,
    hash_password,
    needs_rehash,
    parse_role,
    verify_password,
)
from planner.errors import OutOfRange, PlannerError, UnknownId, UsageProblem

if TYPE_CHECKING:
    from planner.briefs.build import Brief, Messages
    from planner.briefs.lint import LintResult
    from planner.briefs.posts import Platform
    from planner.campaigns.model import Campaign, CampaignStatus, CampaignTemplate, Phase, PhaseStatus
    from planner.campaigns.roster import Person, Roster
    from planner.campaigns.schedule import Unset
    from planner.campaigns.store import ImportResult, MessagesRow, PhaseVersion, Revision, Store
    from planner.campaigns.team import Assigned, PersonChange
    from planner.campaigns.workdays import WorkCalendar
    from planner.campaigns.workload import OlderOpen, OpenStep, PersonDue
    from planner.catalogue.model import Catalogue, Kind, Observance, Occurrence, Priority, Recommendation
    from planner.catalogue.policy import EntryAudit
    from planner.feeds.build import EmbargoTime, Feed, Include
    from planner.feeds.lint import LintResult as FeedLintResult
    from planner.feeds.site import FeedLink
    from planner.feeds.tokens import FeedToken, TokenStore
    from planner.plans.build import Plan
    from planner.quarters import Quarter
    from planner.results import BriefResult as BriefResult
    from planner.results import CampaignMove as CampaignMove
    from planner.results import CampaignView as CampaignView
    from planner.results import CatalogueCheck as CatalogueCheck
    from planner.results import FeedResult as FeedResult
    from planner.results import NewCampaign as NewCampaign
    from planner.results import ObservanceView as ObservanceView
    from planner.results import PhaseChange as PhaseChange
    from planner.results import PlanResult as PlanResult
    from planner.results import PublishResult as PublishResult
    from planner.results import ServeSetup as ServeSetup
    from planner.results import TokenCreated as TokenCreated
    from planner.results import WorkloadResult as WorkloadResult

__all__ = [
    "BIG_SEND_GAP_DAYS",
    "LONG_PERIOD_DAYS",
    "BriefResult",
    "CalendarDay",
    "CalendarItem",
    "CalendarMonth",
    "CampaignList",
    "CampaignMove",
    "CampaignPage",
    "CampaignRow",
    "CampaignView",
    "CatalogueCheck",
    "Closed",
    "Download",
    "FeedResult",
    "LinkedRecommendation",
    "LoginLimiter",
    "NewCampaign",
    "NotAllowed",
    "ObservancePage",
    "ObservanceView",
    "PersonWork",
    "PhaseChange",
    "PhaseRow",
    "PlanResult",
    "PublishResult",
    "Role",
    "ServeSetup",
    "TeamMessages",
    "TokenCreated",
    "User",
    "WorkloadResult",
    "WrongLogin",
    "add_person",
    "add_user",
    "assign_roles",
    "audiences",
    "brief_download",
    "brief_for",
    "brief_formats",
    "brief_html",
    "brief_platforms",
    "brief_year",
    "build_brief",
    "build_feed",
    "build_plan",
    "calendar_month",
    "campaign_page",
    "campaign_rows",
    "change_person",
    "check_catalogue",
    "close_campaigns",
    "create_campaign",
    "create_feed_token",
    "current_campaigns",
    "database_revision",
    "day_recommendations",
    "delete_campaign",
    "downgrade_database",
    "due",
    "export_campaigns",
    "export_roster",
    "get_campaign",
    "has_accounts",
    "import_campaigns",
    "import_roster",
    "is_overdue",
    "keep_suggestion",
    "lint_feed",
    "lint_message",
    "list_anniversaries",
    "list_campaigns",
    "list_feed_tokens",
    "list_observances",
    "list_recommendations",
    "list_templates",
    "load_catalogue",
    "log_in",
    "mark_done",
    "message_form_fields",
    "month_of",
    "month_range",
    "move_campaign",
    "new_team_feed",
    "next_occurrence_of",
    "observance_choices",
    "observance_page",
    "older_open",
    "open_database",
    "open_existing_database",
    "plan_download",
    "plan_formats",
    "plan_overdue",
    "preview_campaign",
    "publish_site",
    "quarter_plan",
    "remove_campaign",
    "remove_person",
    "require",
    "reschedule_campaign",
    "revoke_feed_token",
    "revoke_team_feed",
    "save_campaign",
    "save_phase",
    "save_team_messages",
    "serve_setup",
    "set_password",
    "set_phase",
    "set_role",
    "show_campaign",
    "show_observance",
    "subscribe_feeds",
    "team_feed",
    "team_feed_url",
    "team_feeds",
    "team_messages",
    "team_roster",
    "team_work",
    "template_roles",
    "templates_for",
    "upcoming",
    "upgrade_database",
    "users",
    "work_calendar",
    "workload",
    "write_export",
]

_RESULTS = frozenset(__all__) & {
    "ObservanceView",
    "CatalogueCheck",
    "NewCampaign",
    "CampaignView",
    "PhaseChange",
    "CampaignMove",
    "WorkloadResult",
    "PlanResult",
    "BriefResult",
    "FeedResult",
    "TokenCreated",
    "PublishResult",
    "ServeSetup",
}


def __getattr__(name: str) -> object:
    """The result types (`planner.results`), imported on first use."""
    if name in _RESULTS:
        from planner import results

        return getattr(results, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_E = TypeVar("_E", bound=Enum)

BIG_SEND_GAP_DAYS = 14
"""Big sends (launches, releases) closer than this many days to each other are flagged."""


# -- opening things -----------------------------------------------------------------------------


def load_catalogue(files: Sequence[str | Path] = ()) -> Catalogue:
    """The shipped catalogue with the user's `files` merged over it (same id replaces).

    Read through the catalogue cache (plain data keyed by the files' contents), so a second
    call with unchanged files does not parse YAML. Raises `CatalogueError` with every problem
    found (file, line, key and the fix).
    """
    from planner.catalogue import cache
    from planner.resources import shipped_catalogues

    paths = shipped_catalogues() + [Path(f) for f in files]
    found, target = cache.get(paths)
    if found is None:
        from planner.catalogue.load import load

        found = load(files)
        cache.put(target, found)
    return found


def open_database(url: str | None = None, *, migrate: bool = True) -> Store:
    """The campaign store for `url` (a SQLAlchemy URL or a SQLite file path), else
    $PLANNER_DATABASE_URL, else the default SQLite file in the user's data folder.

    With `migrate`, the database and its tables are created or upgraded on first use (commands
    that write). The caller closes it (`Store.close`, or `with`). Raises `DatabaseError` when
    the database cannot be used.
    """
    from planner.campaigns.store import open_store

    return open_store(url, migrate=migrate)


def open_existing_database(url: str | None = None) -> Store:
    """The campaign store for a database that exists (see `open_database`), for reading.

    Raises `NoDatabase` (naming the path and how to create it) when the SQLite file does not
    exist; SQLAlchemy is not even imported then, and nothing is created.
    """
    from planner.campaigns.location import existing_url

    url = existing_url(url)  # raises NoDatabase before any SQLAlchemy import
    from planner.campaigns.store import open_existing

    return open_existing(url)


def _team_store(db_url: str | None) -> Store | None:
    """The campaign store for a team feed; None when the default database does not exist yet
    (no campaigns: an empty team feed). A database named with --db that does not exist is an
    error (`NoDatabase`): a typo must not publish an empty feed."""
    from planner.campaigns.location import NoDatabase

    try:
        return open_existing_database(db_url)
    except NoDatabase as exc:
        if exc.explicit:
            raise
        return None


def work_calendar(country: str | None) -> WorkCalendar:
    """The working days: weekends off, plus `country`'s public holidays (ISO 3166 code such as
    `GB`, `KE` or `GB-ENG`; None for weekends only). Holidays come from the `holidays` package.
    Raises `UsageProblem` for an unknown country or subdivision."""
    from planner.campaigns.holidays_adapter import work_calendar as calendar_for

    return calendar_for(country)


def _quiet_calendar(country: str | None) -> WorkCalendar:
    """The campaign's calendar for explanations; never fails a read-only action."""
    try:
        return work_calendar(country)
    except PlannerError:
        from planner.campaigns.workdays import WEEKENDS_ONLY

        return WEEKENDS_ONLY


# -- the catalogue ------------------------------------------------------------------------------


def _check_themes(catalogue: Catalogue, themes: Sequence[str]) -> None:
    """An unknown theme is an `UnknownId`; with no close match it lists the valid ones."""
    for theme in themes:
        if theme not in catalogue.themes:
            raise UnknownId("theme", theme, catalogue.themes, hint=f"use one of: {', '.join(catalogue.themes)}")


def _check_kinds(kinds: Sequence[str | Kind]) -> None:
    """An unknown kind of observance (`day`, `week`, ...) is an `UnknownId` listing the kinds."""
    from planner.catalogue.model import Kind

    known = [k.value for k in Kind]
    for kind in kinds:
        if kind not in known:
            raise UnknownId("kind", str(kind), known)


def _check_range(start: dt.date, end: dt.date, *, expands: bool = True) -> None:
    """`end` before `start` is a `UsageProblem` (a range is inclusive, so one day is start == end).
    A range that is expanded into occurrences or weeks (`expands`) may cover at most
    `quarters.MAX_SPAN_YEARS`: years 1-9999 took minutes and gigabytes."""
    if end < start:
        raise UsageProblem(f"--to {end} is before --from {start}; swap them")
    if expands:
        from planner.quarters import check_span

        check_span(start, end)


def _check_year(year: int | None) -> None:
    """A year outside 1 to 9999 (what `datetime.date` handles) is an `OutOfRange`."""
    if year is not None and not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OutOfRange(f"year {year} is out of range: planner handles the years 1 to 9999")


def _check_now(now: dt.datetime) -> None:
    """`now` must carry its time zone (a naive datetime is ambiguous once stored)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise UsageProblem(
            f"now={now.isoformat()} has no time zone; pass an aware datetime such as "
            "datetime.datetime.now(datetime.UTC)"
        )


def _enum_value(kind: type[_E], value: _E | str, what: str) -> _E:
    """`value` as a member of the enum `kind` (its value as text works too); else an `UnknownId`."""
    try:
        return kind(value)
    except ValueError:
        raise UnknownId(what, str(value), [m.value for m in kind]) from None


def _observance(catalogue: Catalogue, observance_id: str, today: dt.date, year: int | None = None) -> Observance:
    """The observance with this id; an unknown id with no close match says where to find the ids
    (for `year`, else today's year)."""
    if observance_id in catalogue.observances:
        return catalogue.observance(observance_id)
    raise UnknownId(
        "observance",
        observance_id,
        catalogue.observances,
        hint=f"`planner observances --year {year or today.year} --all` lists the ids",
    )


def list_observances(
    catalogue: Catalogue,
    start: dt.date,
    end: dt.date,
    *,
    themes: Sequence[str] = (),
    kinds: Sequence[str | Kind] = (),
    every_anniversary: bool = False,
) -> list[Occurrence]:
    """The occurrences overlapping `start`..`end` (inclusive), sorted by start date then id.

    `themes` and `kinds` filter (any theme matches); anniversaries appear in milestone years
    (the 1st and every 5th) unless `every_anniversary`. Raises `UnknownId` for an unknown
    theme or kind (`day`, `week`, `period`, `event` or `anniversary`: the values of `Kind`),
    `UsageProblem` when `end` is before `start`.
    """
    from planner.catalogue.occurrences import between

    _check_range(start, end)
    _check_themes(catalogue, themes)
    _check_kinds(kinds)
    return between(
        catalogue.observances.values(), start, end, every_anniversary=every_anniversary, themes=themes, kinds=kinds
    )


def list_anniversaries(catalogue: Catalogue, start: dt.date, end: dt.date, *, every: bool = False) -> list[Occurrence]:
    """Numbered anniversaries between `start` and `end` (inclusive): milestones only (the 1st
    and every 5th), or every year with `every`. Raises `UsageProblem` when `end` is before `start`."""
    from planner.catalogue.model import Kind

    return list_observances(catalogue, start, end, kinds=[Kind.ANNIVERSARY], every_anniversary=every)


def upcoming(catalogue: Catalogue, days: int = 60, *, today: dt.date, themes: Sequence[str] = ()) -> list[Occurrence]:
    """The occurrences in the `days` days from `today` (inclusive: `today` is the first of them),
    including those under way; none when `days` is 0 or less. Raises `UnknownId` for an unknown
    theme."""
    from planner.quarters import add_days

    if days < 1:
        _check_themes(catalogue, themes)
        return []
    return list_observances(catalogue, today, add_days(today, days - 1), themes=themes)


def next_occurrence_of(observance: Observance, *, today: dt.date) -> Occurrence | None:
    """The occurrence under way on `today` or the next one; None for a past one-off or an ended
    observance."""
    from planner.catalogue.occurrences import next_occurrence

    return next_occurrence(observance, today)


def _why_none(obs: Observance, year: int) -> str:
    """Why an observance has no occurrence in `year`, as a clause: '; the first year is 2002'."""
    from planner.catalogue.model import AnniversaryRule, OnceRule

    rule = obs.rule
    if isinstance(rule, OnceRule):
        return f"; it happened once, in {rule.start.year}"
    if isinstance(rule, AnniversaryRule) and year <= rule.date.year:
        return f"; the first anniversary is in {rule.date.year + 1}"
    if obs.first_year and year < obs.first_year:
        return f"; the first year is {obs.first_year}"
    if obs.valid_to and year > obs.valid_to:
        return f"; the last year was {obs.valid_to}"
    return ""


def show_observance(
    catalogue: Catalogue, observance_id: str, *, today: dt.date, year: int | None = None
) -> ObservanceView:
    """One observance with its occurrences in `year` (else the next from `today`), its linked
    recommendations and the recommendations that name it. Raises `UnknownId`/`UsageProblem`."""
    from planner.catalogue.occurrences import next_occurrence, occurrences_of
    from planner.results import ObservanceView

    _check_year(year)
    obs = _observance(catalogue, observance_id, today, year)
    if year is not None:
        found = tuple(
            o for o in occurrences_of(obs, dt.date(year, 1, 1), dt.date(year, 12, 31)) if o.start.year == year
        )
        why = "" if found else _why_none(obs, year)
    else:
        nxt = next_occurrence(obs, today)
        found = () if nxt is None else (nxt,)
        why = ""
    return ObservanceView(
        observance=obs,
        year=year,
        occurrences=found,
        why_none=why,
        named_in=tuple(catalogue.recommendation(r) for r in obs.named_in),
        recommendations=tuple((catalogue.recommendation(link.id), link.reason) for link in obs.recommendations),
    )


def list_recommendations(
    catalogue: Catalogue,
    *,
    reports: Sequence[str] = (),
    themes: Sequence[str] = (),
    audiences: Sequence[str] = (),
) -> list[Recommendation]:
    """The reports' recommendations (summaries in our own words), in catalogue order, filtered by
    report code (`WP3013`, `WP2011`), theme and audience (any matches). Raises `UnknownId`."""
    _check_themes(catalogue, themes)
    for r in reports:
        if r not in catalogue.reports:
            raise UnknownId("report", r, catalogue.reports)
    for aud in audiences:
        if aud not in catalogue.audiences:
            raise UnknownId("audience", aud, catalogue.audiences)
    return [
        r
        for r in catalogue.recommendations.values()
        if (not reports or r.report in reports)
        and (not themes or set(themes) & set(r.themes))
        and (not audiences or set(audiences) & set(r.audiences))
    ]


def check_catalogue(files: Sequence[str | Path] = ()) -> CatalogueCheck:
    """Load the shipped catalogue with `files` merged over it, without the cache, and list what
    to check by hand; planner's messaging (messaging.yaml) is validated against it too. Raises
    `CatalogueError` (or `FileProblems` for the messaging file) with every problem (file, line,
    key, fix)."""
    from planner.briefs.content_file import load_messaging
    from planner.briefs.framing import AUDIENCES
    from planner.catalogue.load import load
    from planner.results import CatalogueCheck

    cat = load(files)
    shipped = load() if files else cat  # planner's messaging.yaml belongs to the shipped days and their themes
    load_messaging(AUDIENCES, {o.id: o.themes for o in shipped.observances.values()})
    doubtful = tuple(o for o in cat.observances.values() if o.doubts)
    shaky = tuple(
        r
        for r in cat.recommendations.values()
        if any(i.status.value in ("unverified", "doubtful") for i in r.instruments)
    )
    return CatalogueCheck(cat, doubtful, shaky, tuple(audit_sources(cat)))


def audit_sources(catalogue: Catalogue, ids: Sequence[str] = ()) -> list[EntryAudit]:
    """Each observance (or those in `ids`) with its sources judged against the source policy
    (`planner.catalogue.policy`), sorted by id. An entry from a shipped catalogue file must meet
    the policy; a team's own entry may fall short (a warning) but never cite a banned kind of
    site. Raises `UnknownId` for an id not in the catalogue."""
    from planner.catalogue.policy import sources_audit
    from planner.resources import shipped_catalogues
    from planner.yamlfile import display_path

    return sources_audit(catalogue, ids, shipped_files=[display_path(p) for p in shipped_catalogues()])


# -- campaigns ----------------------------------------------------------------------------------


def list_templates(files: Sequence[str | Path] = ()) -> dict[str, CampaignTemplate]:
    """Campaign templates by name: shipped, the team folder's, then `files` (later replaces).
    Raises `FileProblems` naming file and line."""
    from planner.campaigns.files import load_templates

    return load_templates(files)


def _template_for(templates: Mapping[str, CampaignTemplate], name: str | None, days: int) -> CampaignTemplate:
    chosen = name or ("week" if days > 1 and "week" in templates else "standard")
    if chosen not in templates:
        raise UnknownId("template", chosen, templates)
    return templates[chosen]


def create_campaign(
    catalogue: Catalogue,
    store: Store,
    observance_id: str,
    *,
    today: dt.date,
    now: dt.datetime,
    year: int | None = None,
    template: str | None = None,
    template_files: Sequence[str | Path] = (),
    name: str | None = None,
    owner: str = "",
    country: str | None = None,
    allow_past: bool = False,
) -> NewCampaign:
    """Plan a campaign for one occurrence (of `year`, else the next from `today`) from a template
    (default: `standard`, or `week` for a period) and store it.

    Phase dates are counted back from the day in days; preparation deadlines on a weekend or a
    public holiday of `country` move to the working day before. Each phase goes to the person
    on the team roster who holds its role (`roster.staff`). A timeline with phases before
    `today` is refused unless `allow_past`. Raises `UnknownId`, `UsageProblem` (no coming
    occurrence, a year before the observance existed, phases in the past), `DuplicateCampaign`,
    `DatabaseError`.
    """
    _check_now(now)
    from planner.campaigns.roster import staff
    from planner.campaigns.schedule import new_campaign, occurrence_for, refuse_past
    from planner.catalogue.occurrences import next_occurrence
    from planner.results import NewCampaign

    obs = _observance(catalogue, observance_id, today, year)
    if year is None:
        coming = next_occurrence(obs, today)
        if coming is None:
            raise UsageProblem(f"{obs.id} has no coming occurrence; give the year with --year")
        occ = coming
    else:
        occ = occurrence_for(obs, year)
    known = list_templates(template_files)
    chosen = _template_for(known, template, occ.days)
    calendar = work_calendar(country)
    made = staff(new_campaign(chosen, occ, now=now, calendar=calendar, name=name, owner=owner), store.roster())
    if not allow_past:
        refuse_past(made, chosen, known, occ, today, calendar=calendar)
    created = store.add(made)
    return NewCampaign(created, chosen, calendar, occ, replaced=created != made)


def list_campaigns(
    store: Store,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    status: CampaignStatus | str | None = None,
) -> list[Campaign]:
    """Campaigns by day, those with work or their day in `start`..`end` (inclusive) when given,
    with this `status` when given (a `CampaignStatus` or its value). Raises `UnknownId` for an
    unknown status, `UsageProblem` when `end` is before `start`, `DatabaseError`."""
    from planner.campaigns.model import CampaignStatus

    if start is not None and end is not None:
        _check_range(start, end, expands=False)  # a filter over stored campaigns: any span
    wanted = None if status is None else _enum_value(CampaignStatus, status, "campaign status")
    return store.campaigns(start=start, end=end, status=wanted)


def get_campaign(store: Store, campaign_id: str) -> Campaign:
    """One campaign. Raises `UnknownId` (a deleted one says so and how to plan it again)."""
    return store.campaign(campaign_id)


def show_campaign(catalogue: Catalogue, store: Store, campaign_id: str) -> CampaignView:
    """One campaign's timeline, with its calendar and a staleness check against the catalogue.
    Raises `UnknownId`, `DatabaseError`."""
    from planner.campaigns.schedule import occurrence_for
    from planner.results import CampaignView

    c = store.campaign(campaign_id)
    stale: Occurrence | None = None
    try:
        occ = occurrence_for(catalogue.observance(c.observance_id), c.year)
    except PlannerError:
        occ = None
    if occ is not None and (occ.start, occ.end) != (c.starts, c.ends):
        stale = occ
    return CampaignView(c, _quiet_calendar(c.country), stale)


def set_phase(
    store: Store,
    campaign_id: str,
    phase_key: str,
    *,
    now: dt.datetime,
    status: PhaseStatus | str | None = None,
    owner: str | None = None,
    date: dt.date | Unset | None = None,
    note: str | None = None,
) -> PhaseChange:
    """Change one phase: status (a `PhaseStatus` or its value: `todo`, `doing`, `done`,
    `skipped`), owner (assign it to someone), a date set by hand (`Unset.AUTO` goes back to the
    plan) or note; None leaves a field as it is. One transaction. Raises `UsageProblem` when
    nothing is asked or `now` has no time zone, `UnknownId` for an unknown campaign, phase or
    status, `DatabaseError`."""
    from planner.campaigns.model import PhaseStatus
    from planner.campaigns.schedule import update_phase
    from planner.results import PhaseChange

    if status is None and owner is None and date is None and note is None:
        raise UsageProblem("say what to change: --status, --owner, --date or --note")
    _check_now(now)
    wanted = None if status is None else _enum_value(PhaseStatus, status, "phase status")

    def edit(c: Campaign) -> Campaign:
        return update_phase(c, phase_key, now=now, status=wanted, owner=owner, date=date, note=note)

    before, after = store.change(campaign_id, edit)
    return PhaseChange(before, after, phase_key, _quiet_calendar(after.country))


def move_campaign(
    catalogue: Catalogue,
    store: Store,
    campaign_id: str,
    *,
    now: dt.datetime,
    year: int | None = None,
    country: str | None = None,
    keep_status: bool = False,
) -> CampaignMove:
    """Re-schedule a campaign to `year` (default: its year, re-dated from the catalogue) and, when
    given, another `country`'s holidays (`'none'`: weekends only). Phases keep status, owner
    and note; dates set by hand are kept (moved by whole years). A campaign that still has its
    default name is renamed for the new year. Raises `PlannerError` when its observance is not in
    the catalogue, `UsageProblem`, `UnknownId`, `DuplicateCampaign`, `DatabaseError`. A move to
    another year starts the work afresh: every phase is todo again unless `keep_status`."""
    _check_now(now)
    from planner.campaigns.schedule import default_name, occurrence_for, reschedule, reset_statuses
    from planner.results import CampaignMove

    current = store.campaign(campaign_id)
    try:
        obs = catalogue.observance(current.observance_id)
    except UnknownId:
        raise PlannerError(
            f"{current.id} is for {current.observance_id}, which is not in the catalogue; "
            "pass the catalogue file that defines it with --catalogue"
        ) from None
    target = occurrence_for(obs, year if year is not None else current.year)
    if country is None:
        calendar = work_calendar(current.country)
    else:
        calendar = work_calendar(None if country.lower() == "none" else country)

    def edit(c: Campaign) -> Campaign:
        name = None
        try:
            if c.name == default_name(occurrence_for(obs, c.year)):
                name = default_name(target)
        except UsageProblem:
            pass
        moved = reschedule(c, target, now=now, calendar=calendar, name=name)
        if moved.year != c.year and not keep_status:
            moved, reset[0] = reset_statuses(moved, now=now)
        return moved

    reset = [0]
    before, after = store.change(campaign_id, edit)
    return CampaignMove(before, after, calendar, reset[0])


def delete_campaign(store: Store, campaign_id: str, *, now: dt.datetime) -> Campaign:
    """Delete a campaign (kept as a tombstone so team feeds show its phases as cancelled for 14
    days); returns it as it was. Raises `UnknownId`, `DatabaseError`."""
    _check_now(now)
    return store.delete(campaign_id, now=now)


def workload(
    store: Store,
    start: dt.date,
    end: dt.date,
    *,
    max_per_week: int = 5,
    max_per_owner: int = 3,
    today: dt.date | None = None,
) -> WorkloadResult:
    """Phases per ISO week and person between `start` and `end` (inclusive); weeks over the
    limits (a person over their roster capacity, `max_per_owner` for anyone not on it) and big
    sends closer than `BIG_SEND_GAP_DAYS` days are flagged (big sends just outside the range
    count too); with `today`, overdue phases are marked. Skipped phases do not count. Also the
    campaigns with work in the range whose phases are out of order. Raises `UsageProblem` when
    `end` is before `start`, `DatabaseError`."""
    from planner.campaigns.schedule import out_of_order
    from planner.campaigns.workload import workload as compute
    from planner.results import WorkloadResult

    _check_range(start, end)
    margin = dt.timedelta(days=BIG_SEND_GAP_DAYS)
    found = store.campaigns(start=start - margin, end=end + margin)
    roster = store.roster()
    result = compute(
        found,
        start,
        end,
        max_per_week=max_per_week,
        max_per_owner=max_per_owner,
        min_gap_days=BIG_SEND_GAP_DAYS,
        capacities={p.name: p.capacity for p in roster.people},
        today=today,
    )
    inside = [c for c in found if c.overlaps(start, end)]
    order = tuple((c, key, message) for c in inside for key, message in out_of_order(c))
    return WorkloadResult(result, len(inside), order)


def export_campaigns(store: Store) -> tuple[str, int]:
    """Every campaign as the YAML text of an export file (see docs/campaigns.md), and how many.
    Raises `DatabaseError`. For many campaigns, `write_export` keeps memory flat."""
    import io

    text = io.StringIO()
    count = write_export(store, text.write)
    return text.getvalue(), count


def write_export(store: Store, write: Callable[[str], object]) -> int:
    """Every campaign as an export file (see docs/campaigns.md), given to `write` a piece at a
    time as the campaigns are read (memory stays flat however many there are); returns how many.
    The same bytes as `export_campaigns`. Raises `DatabaseError`."""
    from planner.campaigns.files import write_campaigns

    return write_campaigns(store.iter_campaigns(), write)


def import_campaigns(store: Store, path: str | Path) -> ImportResult:
    """Campaigns from an export file: new ones added, changed ones replaced, all or nothing.

    The file is read a campaign at a time, then written in one transaction, each campaign in its
    own savepoint (retried when a concurrent PostgreSQL import added it first); a problem
    anywhere in it rolls everything back. The first campaign is read before the database is
    opened, so a file that cannot be read at all never touches (or creates) the database.
    Raises `FileProblems` (file, line, key), `DatabaseError`."""
    import itertools

    from planner.campaigns.files import read_campaigns

    stream = read_campaigns(path)
    first = next(stream, None)
    return store.import_campaigns(stream if first is None else itertools.chain([first], stream))


# -- the team roster and the weekly list -----------------------------------------------------------


def team_roster(store: Store) -> Roster:
    """The team: people by name, their roles and weekly capacity. Raises `DatabaseError`."""
    return store.roster()


def add_person(store: Store, name: str, roles: Sequence[str] = (), capacity: int = 3, *, now: dt.datetime) -> Person:
    """Add someone to the roster with their roles (repeated or comma-separated) and the phases a
    week they can take. Raises `UsageProblem` (a name taken, a malformed role, a capacity out of
    1..100), `DatabaseError`."""
    _check_now(now)
    from planner.campaigns import team

    return team.add_person(store, name, roles, capacity, now=now)


def change_person(
    store: Store,
    name: str,
    *,
    now: dt.datetime,
    roles: Sequence[str] = (),
    add_roles: Sequence[str] = (),
    drop_roles: Sequence[str] = (),
    capacity: int | None = None,
    new_name: str | None = None,
) -> PersonChange:
    """Change someone's roles (`roles` replaces them), capacity or name; a new name follows them
    into every campaign's phases. Raises `UnknownId`, `UsageProblem`, `DatabaseError`."""
    _check_now(now)
    from planner.campaigns import team

    return team.change_person(
        store,
        name,
        now=now,
        set_roles=roles,
        add_roles=add_roles,
        drop_roles=drop_roles,
        capacity=capacity,
        new_name=new_name,
    )


def remove_person(store: Store, name: str, *, today: dt.date) -> tuple[Person, int]:
    """Take someone off the roster; returns them and how many open phases still carry their name.
    Raises `UnknownId`, `UsageProblem` (an empty roster), `DatabaseError`."""
    from planner.campaigns import team

    return team.remove_person(store, name, today=today)


def import_roster(
    store: Store, path: str | Path, *, now: dt.datetime, replace: bool = False
) -> tuple[ImportResult, list[str]]:
    """People from a roster YAML file, all or nothing; `replace` also removes anyone not in it
    (returned by name). Raises `FileProblems` (file, line, key), `DatabaseError`."""
    _check_now(now)
    from planner.campaigns import team

    return team.import_roster(store, path, now=now, replace=replace)


def export_roster(store: Store) -> tuple[str, int]:
    """The roster as YAML text (`team import` reads it back), and how many people it holds."""
    from planner.campaigns import team

    return team.export_roster(store)


def assign_roles(
    store: Store,
    campaign_id: str,
    pairs: Sequence[str],
    *,
    now: dt.datetime,
    by: User | None = None,
    versions: Mapping[str, int] | None = None,
) -> Assigned:
    """`ROLE=NAME` pairs: every phase of each role in the campaign to that person (on the roster),
    in one transaction. From a page, `by` is the signed-in editor (recorded as who changed the
    phases; `ROLE=` with no name then leaves the role's phases with nobody) and `versions`
    (phase key -> version, `CampaignPage.phases`) the versions the page showed: if any phase of
    those roles changed since, `PhaseConflict` ("changed by NAME at TIME, reload") and nothing
    is written. Raises `UsageProblem` (malformed pair, a role the campaign lacks), `UnknownId`
    (campaign, person), `NotAllowed`, `PhaseConflict`, `DatabaseError`."""
    _check_now(now)
    from planner.campaigns import team

    if by is not None:
        require(by, Role.EDITOR)
    return team.assign_roles(
        store, campaign_id, pairs, now=now, by=by.name if by else "", versions=versions, clear_ok=by is not None
    )


class Closed(NamedTuple):
    """What `close_campaigns` changed: per campaign id, how many phases it set, and the status."""

    counts: tuple[tuple[str, int], ...]
    status: str

    @property
    def phases(self) -> int:
        """Phases set in all."""
        return sum(n for _, n in self.counts)


def close_campaigns(
    store: Store,
    campaign_ids: Sequence[str] = (),
    *,
    status: PhaseStatus | str,
    now: dt.datetime,
    older_than: dt.date | None = None,
) -> Closed:
    """Close old work in one transaction: every open phase of the campaigns `campaign_ids`, or
    with `older_than` (and no ids) every open phase of any campaign whose last day is before
    that day (what `due` counts as older: `older_open`). `status` is done or skipped. Raises
    `UsageProblem` (no ids and no day, both, another status), `UnknownId` (a campaign),
    `DatabaseError`."""
    from planner.campaigns.model import PhaseStatus
    from planner.campaigns.schedule import close_open_phases

    _check_now(now)
    wanted = _enum_value(PhaseStatus, status, "status")
    if wanted not in (PhaseStatus.DONE, PhaseStatus.SKIPPED):
        raise UsageProblem(f"close work as done or skipped, not {wanted.value}")
    if campaign_ids and older_than is not None:
        raise UsageProblem("name the campaigns to close, or close the older work of every campaign; not both")
    if not campaign_ids and older_than is None:
        raise UsageProblem("name the campaigns to close (their ids: planner campaign list), or close the older work")
    if older_than is not None:
        ids = sorted({s.campaign_id for s in store.open_steps(older_than) if s.end < older_than})
    else:
        ids = list(dict.fromkeys(campaign_ids))
    changed = store.change_each(ids, lambda c: close_open_phases(c, status=wanted, now=now, ended_before=older_than))
    counts = tuple(
        (after.id, sum(a.status != b.status for a, b in zip(before.phases, after.phases, strict=True)))
        for before, after in changed
    )
    return Closed(tuple((i, n) for i, n in counts if n), wanted.value)


def due(
    store: Store, *, today: dt.date, days: int = 14, owner: str | None = None, every: bool = False
) -> tuple[PersonDue, ...]:
    """Per person, by name (unassigned work last): open phases past their last day (overdue) and
    those starting in the next `days` days. Overdue work whose last day is more than
    `OVERDUE_LOOKBACK_DAYS` (90) days ago is left out unless `every` (see `older_open`).
    Raises `DatabaseError`."""
    from planner.campaigns import team
    from planner.campaigns.workload import OVERDUE_LOOKBACK_DAYS

    lookback = None if every else OVERDUE_LOOKBACK_DAYS
    return team.due_list(store, today, days=days, owner=owner, lookback_days=lookback)


def older_open(store: Store, *, today: dt.date, owner: str | None = None) -> OlderOpen:
    """How many open steps (and in how many campaigns) `due` leaves out for being older than
    `OVERDUE_LOOKBACK_DAYS` days: `OlderOpen(before, steps, campaigns)`. Raises `DatabaseError`."""
    from planner.campaigns.workload import older_than

    return store.older_open(older_than(today), owner=owner)


def database_revision(store: Store) -> Revision:
    """The schema revision the database is at, and the latest this planner knows."""
    return store.revision()


def upgrade_database(store: Store, revision: str = "head") -> tuple[Revision, Revision]:
    """Upgrade the schema to `revision`; returns the revisions before and after."""
    before = store.revision()
    return before, store.upgrade(revision)


def downgrade_database(store: Store, revision: str = "-1") -> tuple[Revision, Revision]:
    """Downgrade the schema to `revision` (`base` removes every table; data can be lost);
    returns the revisions before and after."""
    before = store.revision()
    return before, store.downgrade(revision)


# -- plans --------------------------------------------------------------------------------------


def _campaigns_if_any(
    db_url: str | None, catalogue: Catalogue, quarter: Quarter, today: dt.date
) -> tuple[list[Campaign], dict[str, int], tuple[str, ...], list[OpenStep], OlderOpen | None]:
    """What a plan reads from the database at `db_url` (`_plan_reads`), the team roster's
    capacities (phases a week by name) and notes; nothing when there is no database yet
    (reading never creates one)."""
    from planner.campaigns.location import NoDatabase

    try:
        store = open_existing_database(db_url)
    except NoDatabase as exc:
        if exc.explicit:
            note = f"no campaign database at {exc.path} yet, so the plan shows suggested timelines only"
            return [], {}, (note,), [], None
        return [], {}, (), [], None
    try:
        found, steps, older = _plan_reads(store, catalogue, quarter, today)
        capacities = {p.name: p.capacity for p in store.roster().people}
        return found, capacities, _damaged(store), steps, older
    finally:
        store.close()


def _plan_reads(
    store: Store, catalogue: Catalogue, quarter: Quarter, today: dt.date
) -> tuple[list[Campaign], list[OpenStep], OlderOpen | None]:
    """What a plan reads from the store: the campaigns touching its window (`plan_window`) or
    made for the occurrences it looks up (`plan_occurrences`), the open steps for its
    overdue-and-due list, and the count of older open steps."""
    from planner.campaigns.workload import older_than
    from planner.plans.build import DUE_DAYS, plan_occurrences, plan_window

    window = plan_window(quarter)
    found = store.campaigns(start=window[0], end=window[1], including=plan_occurrences(catalogue, quarter))
    steps, older = store.due_steps(today + dt.timedelta(days=DUE_DAYS), older_than(today))
    return found, steps, older


def _damaged(store: Store | None) -> tuple[str, ...]:
    """Warnings for the damaged campaigns a read left out (see `campaigns.store.DamagedRow`)."""
    if store is None:
        return ()
    return tuple(f"left out a damaged campaign: {problem}" for problem in store.problems)


def build_plan(
    catalogue: Catalogue,
    quarter: Quarter,
    *,
    today: dt.date,
    db_url: str | None = None,
    themes: Sequence[str] = (),
    country: str | None = None,
) -> PlanResult:
    """The campaign plan for `quarter`: its observances by month, lead-in work for later ones,
    the team's campaigns (from the database at `db_url`, if it exists) and suggested ones, the
    workload per week and owner, and flags. Raises `UnknownId`, `UsageProblem`, `DatabaseError`,
    `FileProblems` (a team template)."""
    from planner.campaigns.template_cache import templates
    from planner.plans.build import build_plan as build
    from planner.results import PlanResult

    _check_themes(catalogue, themes)
    calendar = work_calendar(country)
    campaigns, capacities, notes, steps, older = _campaigns_if_any(db_url, catalogue, quarter, today)
    plan = build(
        catalogue,
        quarter,
        campaigns=campaigns,
        due_steps=steps,
        older=older,
        capacities=capacities,
        templates=templates(),
        calendar=calendar,
        today=today,
        themes=themes,
    )
    return PlanResult(plan, notes)


# -- briefs -------------------------------------------------------------------------------------


class _TeamBriefData(NamedTuple):
    campaign: str = ""
    key_dates: tuple[object, ...] = ()
    notes: tuple[str, ...] = ()
    saved: MessagesRow | None = None


def _team_brief_data(
    db_url: str | None, observance_id: str, year: int, *, with_messages: bool = True
) -> _TeamBriefData:
    """The key dates of the team's campaign for this occurrence and the team's saved messages for
    it, if a campaign database has them. Never creates a database; an unreadable one only leaves
    them out, with a note."""
    from planner.briefs.build import key_dates
    from planner.campaigns.location import NoDatabase

    try:
        store = open_existing_database(db_url)
    except NoDatabase:
        return _TeamBriefData()
    except PlannerError as exc:
        return _TeamBriefData(notes=(f"key dates left out: {exc.message}",))
    saved: MessagesRow | None = None
    notes: list[str] = []
    try:
        with store:
            found = store.campaign_for(observance_id, year)  # one indexed query
            if with_messages:
                try:
                    saved = store.team_messages(observance_id, year)  # one indexed query
                except PlannerError as exc:
                    notes.append(f"your team's saved messages left out: {exc.message}")
    except PlannerError as exc:
        return _TeamBriefData(notes=(f"key dates left out: {exc.message}", *notes))
    if found is None:
        return _TeamBriefData(notes=(*_damaged(store), *notes), saved=saved)
    return _TeamBriefData(found.id, key_dates(found), (*_damaged(store), *notes), saved)


def build_brief(
    catalogue: Catalogue,
    observance_id: str,
    *,
    today: dt.date,
    year: int | None = None,
    audience: str = "general",
    messages_file: str | Path | None = None,
    db_url: str | None = None,
) -> BriefResult:
    """A messaging brief for one occurrence (of `year`, else the next from `today`) and audience:
    a message house tied to the recommendations behind it, posts, checks and sources, with key
    dates from the team's campaign when the database at `db_url` has one. The day's own messaging
    (planner's `messaging.yaml`) is used when it has any. The team's own words override the
    drafts: those in `messages_file` (YAML), else those saved for this occurrence in the
    database (`save_team_messages`, the web's Briefs page); a note says which were used. Never
    creates a database. Raises `UnknownId`, `UsageProblem`, `MessagesError`, `FileProblems`."""
    from planner.briefs.build import build_brief as build
    from planner.briefs.framing import AUDIENCES
    from planner.briefs.messaging_cache import shipped_messaging
    from planner.briefs.score_cache import kept_scores
    from planner.campaigns.schedule import occurrence_for
    from planner.catalogue.occurrences import next_occurrence
    from planner.results import BriefResult

    if audience not in AUDIENCES:
        raise UnknownId("audience", audience, AUDIENCES)
    _check_year(year)
    obs = _observance(catalogue, observance_id, today, year)
    if year is not None:
        occ = occurrence_for(obs, year)
    else:
        found = next_occurrence(obs, today)
        if found is None:
            from planner.catalogue.model import OnceRule

            if isinstance(obs.rule, OnceRule):
                first = obs.rule.start.year
                raise UsageProblem(f"{obs.id} happened once, in {first}; for a brief about it, use --year {first}")
            raise UsageProblem(f"{obs.id} has no occurrence after {today.isoformat()}; choose one with --year")
        occ = found
    messages = None
    if messages_file:
        from planner.briefs.messages import load_messages

        messages = load_messages(messages_file, catalogue.recommendations)
    team = _team_brief_data(db_url, obs.id, occ.year)
    notes = list(team.notes)
    source = "the messages file"
    if team.saved is not None and team.saved.document:
        saved = _saved_messages(catalogue, team.saved)
        said = saved.source
        if messages is not None:
            notes.append(f"used the messages file {messages_file}, not {said} (in the database)")
        else:
            messages, source = saved.messages, said
            notes += [*saved.notes, f"used {said} (in the database); --messages FILE uses a file instead"]
    content = shipped_messaging(AUDIENCES).get(obs.id)
    with kept_scores():  # texts scored in earlier runs are not scored again
        brief = build(catalogue, occ, audience, key_dates=team.key_dates, campaign=team.campaign,  # type: ignore[arg-type]
                      messages=messages, content=content, messages_source=source)  # fmt: skip
    tense = ""
    if occ.end < today:
        tense = (
            f"{obs.id} {occ.year} ended on {occ.end.isoformat()}; the brief is worded as if it were still "
            "to come, so adjust the tense before you use it"
        )
    return BriefResult(brief, occ, tuple(notes), tense)


def lint_message(
    catalogue: Catalogue | None,
    text: str,
    name: str,
    *,
    platforms: Sequence[str] = (),
    messages: bool = False,
) -> LintResult:
    """Check a draft for jargon, readability and post length. `text` is plain text (posts
    separated by a line `---`, each counted for `platforms`, default all) or, with `messages`,
    a messages YAML file checked field by field against `catalogue`'s recommendation ids;
    `name` names it in messages. Raises `MessagesError` for a bad messages file."""
    from planner.briefs.lint import lint_messages, lint_text
    from planner.briefs.posts import PLATFORM_IDS

    if messages:
        from planner.briefs.messages import parse_messages

        known = catalogue.recommendations if catalogue is not None else None
        return lint_messages(parse_messages(text, name, known), name)
    return lint_text(text, name, platforms or PLATFORM_IDS)


# -- feeds --------------------------------------------------------------------------------------


def _size_warning(name: str, body: bytes, fix: str = "") -> tuple[str, ...]:
    """A warning when a feed is over `feeds.build.SIZE_LIMIT` bytes (some calendars refuse it)."""
    from planner.feeds import build

    if len(body) <= build.SIZE_LIMIT:
        return ()
    return (f"{name} is {len(body):,} bytes, over {build.SIZE_LIMIT:,}; some calendars refuse {fix or 'it'}",)


def build_feed(
    catalogue: Catalogue,
    *,
    today: dt.date,
    now: dt.datetime | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    themes: Sequence[str] = (),
    kinds: Sequence[str] = (),
    include: Sequence[Include] = (),
    campaigns: Sequence[str] = (),
    alarm: dt.timedelta | None = None,
    embargo: EmbargoTime | None = None,
    domain: str | None = None,
    db_url: str | None = None,
) -> FeedResult:
    """An iCalendar feed of observances between `start` and `end` (inclusive; default: the
    rolling window, from the first of the month 12 months ago to the end of the month 24 months
    ahead), and campaign phases when `include` has campaigns or `campaigns` names some (read
    from the database at `db_url`). `alarm` adds a reminder that long before each event.
    SEQUENCE and LAST-MODIFIED come from the feed state in that database (the default one is
    created if it does not exist yet, a named one must exist; see `feeds.published`), moved to
    `now` (default: the clock) for events that changed.
    Raises `UsageProblem`, `UnknownId`, `DatabaseError`, `NoDatabase`."""
    from planner.feeds.build import (
        PUBLIC_INCLUDE,
        FeedItem,
        Include,
        observance_feed,
        rolling_window,
        window_moved,
    )
    from planner.results import FeedResult

    moved: dt.datetime | None = None
    if start is None and end is None:
        start, end = rolling_window(today)
        moved = window_moved(today)
    elif start is None or end is None:
        raise UsageProblem("give both --from and --to, or neither for the rolling window (12 months back, 24 ahead)")
    _check_range(start, end)
    _check_themes(catalogue, themes)
    _check_kinds(kinds)
    chosen = tuple(include) if include else PUBLIC_INCLUDE
    if campaigns and Include.CAMPAIGNS not in chosen:
        chosen = (*chosen, Include.CAMPAIGNS) if include else (Include.CAMPAIGNS,)
    uid_domain = _domain(domain)
    warnings: list[str] = []
    extra: list[FeedItem] = []
    if Include.CAMPAIGNS in chosen:
        from planner.feeds.build import embargo_notes, phase_items
        from planner.feeds.team import team_campaigns

        store = _team_store(db_url)
        try:
            found = team_campaigns(store, start, end, campaigns, today=today)
        finally:
            if store is not None:
                store.close()
        warnings += _damaged(store)
        extra = phase_items(found, start, end, today=today, domain=uid_domain, embargo=embargo)
        warnings += embargo_notes(found, start, end, embargo)
        if campaigns and not extra:
            one = len(campaigns) == 1
            warnings.append(
                f"{', '.join(campaigns)} ha{'s' if one else 've'} no phases from {start} to {end}; "
                f"give --from and --to to cover {'its' if one else 'their'} dates"
            )
    built = observance_feed(
        catalogue,
        start,
        end,
        themes=themes,
        kinds=kinds,
        include=chosen,
        domain=uid_domain,
        rolling_since=moved,
        alarm=alarm,
        extra=extra,
    )
    (built,) = _published([built], db_url=db_url, now=now)
    (body,) = _render([built])
    return FeedResult(
        built,
        body,
        start,
        end,
        (*warnings, *_size_warning("the feed", body, "feeds this big. Narrow it with --from/--to, --theme or --kind.")),
    )


def _state_store(db_url: str | None) -> Store:
    """The campaign database that holds the feed state and the feed tokens: the one at `db_url`
    (else $PLANNER_DATABASE_URL), else the default one. The default one is created if needed
    (these commands write: the state must outlive the run for SEQUENCE to go up when an event
    changes); a SQLite file named with `db_url` or $PLANNER_DATABASE_URL must exist: a typo
    raises `NoDatabase` (naming the path and how to create it) and creates nothing."""
    from planner.campaigns.location import chosen_url, existing_url

    if chosen_url(db_url) is not None:
        existing_url(db_url)
    return open_database(db_url)


def _published(feeds: Sequence[Feed], *, db_url: str | None, now: dt.datetime | None) -> list[Feed]:
    """The feeds with SEQUENCE and LAST-MODIFIED from the feed state (opened only if needed)."""
    from planner.campaigns.location import NoDatabase, chosen_url, normalise_url
    from planner.feeds.published import publish_state

    opened: list[Store] = []

    def open_store() -> Store:
        if not opened:
            opened.append(_state_store(db_url))
        return opened[0]

    clock = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return publish_state(open_store, normalise_url(chosen_url(db_url)), feeds, now=clock)
    except NoDatabase:
        raise
    except PlannerError as exc:
        explained = PlannerError(
            f"{exc.message} (feeds keep each event's SEQUENCE in the campaign database, so that calendars "
            "take a corrected date: give a database that works with --db)"
        )
        explained.exit_code = exc.exit_code
        raise explained from None
    finally:
        for store in opened:
            store.close()


def _render(feeds: Sequence[Feed]) -> list[bytes]:
    """The feeds as bytes; unchanged events come from the events saved by earlier runs."""
    from planner.feeds.ical import EventCache, SavedEvents, render_feed

    saved = SavedEvents.in_cache_folder()
    cache = EventCache(saved=saved)
    bodies = [render_feed(f, cache=cache) for f in feeds]
    saved.save()
    return bodies


def _domain(value: str | None) -> str:
    """The UID domain: `value`, else $PLANNER_UID_DOMAIN, else the default; checked."""
    import os

    from planner.feeds.build import DEFAULT_DOMAIN, check_domain

    return check_domain(value or os.environ.get("PLANNER_UID_DOMAIN") or DEFAULT_DOMAIN)


def lint_feed(data: bytes, *, alarms_ok: bool = False) -> FeedLintResult:
    """Check any iCalendar feed against the feed rules (docs/feeds.md): each problem with its
    line and rule number."""
    from planner.feeds.lint import lint

    return lint(data, alarms_ok=alarms_ok)


def team_feed(
    store: Store, token: FeedToken, *, today: dt.date, domain: str | None = None, embargo: EmbargoTime | None = None
) -> Feed:
    """The rolling team feed (campaign phases) that `token` may read. Raises `DatabaseError`."""
    from planner.feeds.team import token_feed

    return token_feed(store, token, today, domain=_domain(domain), embargo=embargo)


def _tokens(db_url: str | None) -> tuple[TokenStore, Store]:
    """The feed tokens, kept in the campaign database (the default one is created if needed; a
    SQLite file named with `db_url` or $PLANNER_DATABASE_URL must exist, else `NoDatabase`).
    The caller closes the store."""
    from planner.feeds.tokens import TokenStore

    store = _state_store(db_url)
    return TokenStore(store), store


def create_feed_token(
    *, label: str = "", campaigns: Sequence[str] = (), base_url: str | None = None, db_url: str | None = None
) -> TokenCreated:
    """Create a secret token for a private team feed of all campaigns, or of `campaigns` (checked
    in the database at `db_url`), and store its hash in that database (one transaction).
    Raises `UnknownId`, `UsageProblem` (a bad base URL), `NoDatabase`, `DatabaseError`."""
    from planner.feeds.site import check_base_url
    from planner.results import TokenCreated

    if campaigns:
        from planner.campaigns.location import NoDatabase

        try:
            store = open_existing_database(db_url)
        except NoDatabase:  # no database: no campaign exists, so the first id is unknown
            raise UnknownId("campaign", campaigns[0], ()) from None
        try:
            for campaign_id in campaigns:  # an unknown id (a typo) is named with the known ones
                store.campaign(campaign_id)
        finally:
            store.close()
    base = check_base_url(base_url) if base_url else None
    tokens, store = _tokens(db_url)
    try:
        record, secret = tokens.create(label, campaigns)
    finally:
        store.close()
    path = f"/feeds/team/{secret}.ics"
    return TokenCreated(record, secret, path, base + path if base else None)


def list_feed_tokens(*, db_url: str | None = None) -> tuple[tuple[FeedToken, ...], str]:
    """The feed tokens (never the secrets) and the database that holds them (password hidden).
    Raises `NoDatabase`, `DatabaseError`."""
    tokens, store = _tokens(db_url)
    try:
        return tokens.all(), store.shown_url
    finally:
        store.close()


def revoke_feed_token(token_id: str, *, db_url: str | None = None) -> FeedToken:
    """Revoke a token (one transaction): its feed URL stops working at once. Raises
    `UsageProblem` naming the known ids, `NoDatabase`, `DatabaseError`."""
    tokens, store = _tokens(db_url)
    try:
        return tokens.revoke(token_id)
    finally:
        store.close()


def _publish_domain(value: str | None, base: str) -> str:
    """--uid-domain, else $PLANNER_UID_DOMAIN, else the host of `base` (rule 1: a domain you
    control), else the placeholder for a local address."""
    import os
    from urllib.parse import urlsplit

    from planner.feeds.build import DEFAULT_DOMAIN, check_domain

    given = value or os.environ.get("PLANNER_UID_DOMAIN")
    if given:
        return check_domain(given)
    host = (urlsplit(base).hostname or "").lower()
    if not host or _local(base) or host.replace(".", "").isdigit() or ":" in host:
        return DEFAULT_DOMAIN
    return check_domain(host)


def _local(base: str) -> bool:
    """Whether `base` is an address only this machine or a test network reaches."""
    from urllib.parse import urlsplit

    host = (urlsplit(base).hostname or "").lower()
    return host in ("localhost", "127.0.0.1", "::1") or host.endswith((".invalid", ".localhost", ".test"))


def publish_site(
    catalogue: Catalogue,
    folder: str | Path,
    base_url: str,
    *,
    today: dt.date,
    now: dt.datetime | None = None,
    team_tokens: Sequence[str] = (),
    embargo: EmbargoTime | None = None,
    domain: str | None = None,
    db_url: str | None = None,
) -> PublishResult:
    """Write a static folder of feeds with a subscribe page, replacing the folder atomically:
    `index.html`, `feeds/observances.ics`, `feeds/themes/THEME.ics` (one per theme with events)
    and, per token in `team_tokens`, `feeds/team/TOKEN.ics`. The window is the rolling one.
    The UIDs' domain is `domain`, else $PLANNER_UID_DOMAIN, else the host of `base_url` (a
    warning says when a public site would carry `.invalid` UIDs). SEQUENCE and LAST-MODIFIED
    come from the feed state, as for `build_feed`. Raises `UsageProblem` (bad base URL or
    token), `PlannerError` (the folder cannot be written), `DatabaseError`, `NoDatabase`."""
    from planner.feeds.build import observance_feed, rolling_window, theme_counts, window_moved
    from planner.feeds.site import (
        ALL_FEEDS_PATH,
        HEADERS_FILE,
        HTACCESS_FILE,
        MARKER,
        check_base_url,
        robots_txt,
        subscribe_page,
        theme_feed_path,
        write_site,
    )
    from planner.results import PublishResult

    base = check_base_url(base_url)
    uid_domain = _publish_domain(domain, base)
    start, end = rolling_window(today)
    moved = window_moved(today)
    feeds: dict[str, Feed] = {}
    feeds[ALL_FEEDS_PATH] = observance_feed(catalogue, start, end, domain=uid_domain, rolling_since=moved)
    for theme, count in theme_counts(catalogue, start, end).items():
        if count:
            one = observance_feed(catalogue, start, end, themes=[theme], domain=uid_domain, rolling_since=moved)
            feeds[theme_feed_path(theme)] = one
    team_urls: list[str] = []
    warnings: list[str] = []
    if uid_domain.endswith(".invalid") and not _local(base):
        warnings.append(
            f"the events' UIDs end in @{uid_domain}, a domain nobody owns, on a public site; give --uid-domain "
            "with a domain you control (once: changing it later makes every event new to subscribers)"
        )
    tokens, token_db = _tokens(db_url) if team_tokens else (None, None)
    try:
        if tokens is not None:
            from planner.feeds.team import token_feed

            records = []
            for secret in team_tokens:
                record = tokens.find(secret)
                if record is None:
                    raise UsageProblem(
                        "a --team-token is not a valid token; see `planner feed token list` or create one"
                    )
                records.append((secret, record))
            store = _team_store(db_url)
            try:
                for secret, record in records:
                    feeds[f"feeds/team/{secret}.ics"] = token_feed(
                        store, record, today, domain=uid_domain, embargo=embargo
                    )
                    team_urls.append(f"{base}/feeds/team/{secret}.ics")
            finally:
                if store is not None:
                    store.close()
            warnings += _damaged(store)
    finally:
        if token_db is not None:
            token_db.close()
    names = list(feeds)
    files = dict(zip(names, _render(_published([feeds[n] for n in names], db_url=db_url, now=now)), strict=True))
    if team_tokens:
        files["feeds/team/index.html"] = b"<!DOCTYPE html><title>Not here</title>\n"
    files["index.html"] = subscribe_page(catalogue, base, today, domain=uid_domain).encode("utf-8")
    files["_headers"] = HEADERS_FILE.encode("utf-8")
    files[".htaccess"] = HTACCESS_FILE.encode("utf-8")
    files["robots.txt"] = robots_txt(base).encode("utf-8")
    for name, body in files.items():
        if name.endswith(".ics"):
            warnings += _size_warning(name, body)
    old_team = Path(folder) / "feeds" / "team"
    if (Path(folder) / MARKER).exists() and old_team.is_dir():
        # the folder is replaced as a whole: a team feed not given again stops working for its subscribers
        dropped = sorted(p.stem for p in old_team.glob("*.ics") if f"feeds/team/{p.name}" not in files)
        if dropped:
            known, known_db = _tokens(db_url)
            try:
                shown = [
                    f"{t.id}{f' ({t.label})' if t.label else ''}" for t in map(known.find, dropped) if t is not None
                ]
            finally:
                known_db.close()
            unknown = len(dropped) - len(shown)
            which = ", ".join(shown + ([f"{unknown} with a revoked token"] if unknown else []))
            warnings.append(
                f"{len(dropped)} team feed(s) of the last publish are left out and stop working: {which}. "
                "Give --team-token again for each one to keep."
            )
    try:
        write_site(folder, files)
    except OSError as exc:  # a full disk, a read-only folder: nothing was published
        where = f" ({exc.filename})" if exc.filename else ""
        raise PlannerError(
            f"cannot publish to {folder}: {exc.strerror or exc}{where}; nothing was changed: free some space "
            "or choose another folder, then publish again"
        ) from None
    return PublishResult(
        folder=Path(folder),
        feeds=sum(1 for n in files if n.endswith(".ics")),
        page=f"{base}/index.html",
        team_urls=tuple(team_urls),
        start=start,
        end=end,
        warnings=tuple(warnings),
    )


def serve_setup(
    catalogue: Catalogue,
    *,
    today: dt.date | None = None,
    now: Callable[[], dt.datetime] | None = None,
    base_url: str | None = None,
    embargo: EmbargoTime | None = None,
    domain: str | None = None,
    db_url: str | None = None,
    tokens: TokenStore | None = None,
) -> ServeSetup:
    """Set up `planner serve`: the subscribe page (the same page `publish_site` writes), public
    feeds, and team feeds read from the database at `db_url` for valid tokens (kept in that
    database). The database holds the feed state too, so it is opened (and, the default one,
    created) before the server listens. `today` fixes the date (default: the real date, read per
    request); `now` the clock for the feed state (default: the real time). Team-feed bodies are
    reused while the database's change stamp holds. The UID domain is `domain`, else
    $PLANNER_UID_DOMAIN, else the host of `base_url` as for `publish_site`, else the placeholder.
    Raises `UsageProblem` (a bad base URL or UID domain), `NoDatabase` (a database named with
    `db_url` that does not exist), `DatabaseError`."""
    from planner.campaigns.location import normalise_url
    from planner.feeds.published import publish_state
    from planner.feeds.site import check_base_url
    from planner.feeds.tokens import TokenStore
    from planner.results import ServeSetup

    base = check_base_url(base_url) if base_url else None
    # the same UIDs as `publish` with the same --base-url: switching between them, or serving
    # the team feed while publishing the public one, never doubles a subscriber's events
    uid_domain = _publish_domain(domain, base) if base else _domain(domain)
    fixed = today

    def clock() -> dt.date:
        return fixed if fixed is not None else dt.date.today()

    store = _state_store(db_url)  # a --db typo stops the server before it listens
    url = normalise_url(str(store.url))

    def team(token: FeedToken, day: dt.date) -> Feed:
        from planner.feeds.team import token_feed

        return token_feed(store, token, day, domain=uid_domain, embargo=embargo)

    def stamp(token: FeedToken, day: dt.date) -> object:
        return store.change_stamp()

    def publish(feed: Feed) -> Feed:
        moment = now() if now is not None else dt.datetime.now(dt.UTC).replace(microsecond=0)
        return publish_state(lambda: store, url, [feed], now=moment, snapshot=False)[0]

    return ServeSetup(
        catalogue=catalogue,
        today=clock,
        domain=uid_domain,
        tokens=tokens if tokens is not None else TokenStore(store),
        team=team,
        base_url=base,
        loaded_at=dt.datetime.now(dt.UTC),
        team_stamp=stamp,
        publish=publish,
    )


# -- the web front end: accounts, pages' data, and actions checked against the person's role ----
#
# These take the signed-in `User` as `by` and raise `NotAllowed` when the role does not allow
# the action; see `planner.accounts` for the roles.

# -- accounts -------------------------------------------------------------------------------------


class WrongLogin(PlannerError):
    """A name and password that do not match an account (which of the two is wrong is not told)."""

    def __init__(self) -> None:
        super().__init__("the name or the password is wrong; check both and try again")


def add_user(store: Store, name: str, role: str, password: str, *, now: dt.datetime) -> User:
    """Create an account. Raises UsageProblem for a bad name, role or weak password,
    DuplicateUser for a name in use."""
    user = User(
        name=check_name(name),
        role=parse_role(role),
        password_hash=hash_password(password),
        created_at=now,
        updated_at=now,
    )
    return store.add_user(user)


def set_password(store: Store, name: str, password: str, *, now: dt.datetime) -> User:
    """Give an account a new password (checked like a new one)."""
    return store.change_user(name, now=now, password_hash=hash_password(password))


def set_role(store: Store, name: str, role: str, *, now: dt.datetime, by: User) -> User:
    """Change an account's role (admins only); an admin cannot demote themself, so one admin is
    always left. Raises `NotAllowed`, `UsageProblem`, `UnknownId`, `DatabaseError`."""
    require(by, Role.ADMIN)
    new_role = parse_role(role)
    if name == by.name and new_role is not Role.ADMIN:
        raise UsageProblem("you cannot take the admin role from your own account; ask another admin")
    return store.change_user(name, now=now, role=new_role)


def users(store: Store, *, by: User) -> list[User]:
    """Every account, by name, with its role (admins only; never a password). Raises
    `NotAllowed`, `DatabaseError`."""
    require(by, Role.ADMIN)
    return store.users()


def log_in(store: Store, limiter: LoginLimiter, name: str, password: str, *, client: str, now: dt.datetime) -> User:
    """The account for a name and password. Raises TooManyAttempts after repeated failures (per
    name and per client address), WrongLogin otherwise; the time taken does not reveal whether
    the name exists."""
    name = name.strip()
    name_key, client_key = f"name:{name.lower()}", f"client:{client}"
    limiter.check(name_key, client_key)
    user = store.user(name) if name else None
    if user is None:
        dummy_verify(password)
        limiter.failed(name_key, client_key)
        raise WrongLogin()
    if not verify_password(user.password_hash, password):
        limiter.failed(name_key, client_key)
        raise WrongLogin()
    limiter.succeeded(name_key)
    if needs_rehash(user.password_hash):
        user = store.change_user(user.name, now=now, password_hash=hash_password(password))
    return user


def require(user: User | None, needed: Role) -> User:
    """The user, if their role allows `needed` (admin > editor > viewer). Raises `NotAllowed`
    otherwise, and for nobody signed in."""
    if user is None or not user.role.allows(needed):
        raise NotAllowed(None if user is None else user.role, needed)
    return user


# -- the calendar ---------------------------------------------------------------------------------


class CalendarItem(NamedTuple):
    """One line on the calendar: an observance's occurrence, or a phase of a team campaign."""

    start: dt.date
    end: dt.date
    title: str
    kind: str  # 'day', 'week', ... for an observance; 'phase' for campaign work
    priority: str  # high, medium, low; '' for a phase
    observance_id: str
    campaign_id: str = ""
    phase_key: str = ""
    owner: str = ""
    status: str = ""
    overdue: bool = False

    def on(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class CalendarDay(NamedTuple):
    """One day of the month grid: its date, whether it is in the month shown, and its items."""

    date: dt.date
    in_month: bool
    items: tuple[CalendarItem, ...]


class CalendarMonth(NamedTuple):
    """A month of the calendar page: the grid by week, the items as a list, and the filters."""

    year: int
    month: int
    today: dt.date
    weeks: tuple[tuple[CalendarDay, ...], ...]
    items: tuple[CalendarItem, ...]  # the month's items in date order, for the list view
    ongoing: tuple[CalendarItem, ...]  # periods longer than a month (a UN decade): shown once, not on every day
    themes: tuple[str, ...]
    kinds: tuple[str, ...]
    priorities: tuple[str, ...]
    search: str

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)

    @property
    def previous_first(self) -> dt.date:
        return dt.date(*self.previous, 1)

    @property
    def next_first(self) -> dt.date:
        return dt.date(*self.next, 1)


def _check_filters(
    catalogue: Catalogue, themes: Sequence[str], kinds: Sequence[str], priorities: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    from planner.catalogue.model import Kind, Priority

    for theme in themes:
        catalogue.check_theme(theme)
    known_kinds = [k.value for k in Kind]
    for kind in kinds:
        if kind not in known_kinds:
            raise UnknownId("kind", kind, known_kinds)
    known_priorities = [p.value for p in Priority]
    for priority in priorities:
        if priority not in known_priorities:
            raise UnknownId("priority", priority, known_priorities)
    return tuple(sorted(set(themes))), tuple(sorted(set(kinds))), tuple(sorted(set(priorities)))


LONG_PERIOD_DAYS = 31
"""Observances lasting longer than this (years, decades) are listed once above the month."""


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The days the month's grid shows: Monday before the 1st to Sunday after the last day."""
    weeks = _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


def month_of(text: str | None, *, today: dt.date) -> tuple[int, int]:
    """'2027-05' as (2027, 5); empty means today's month. Raises `UsageProblem` for anything
    else, with an example of the form."""
    if not text:
        return today.year, today.month
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
        if not (1 <= year <= 9998 and 1 <= month <= 12):
            raise ValueError
    except ValueError:
        raise UsageProblem(f"'{text}' is not a month; use YYYY-MM, e.g. {today:%Y-%m}") from None
    return year, month


def calendar_month(
    catalogue: Catalogue,
    campaigns: Sequence[Campaign],
    year: int,
    month: int,
    *,
    today: dt.date,
    themes: Sequence[str] = (),
    kinds: Sequence[str] = (),
    priorities: Sequence[str] = (),
    search: str = "",
) -> CalendarMonth:
    """A month of observances and (when `campaigns` are given) the team's phases, as weeks
    Monday to Sunday and as a list. Filters keep observances with any of the themes, kinds and
    priorities; `search` keeps items whose title or id contains it (any case)."""
    from planner.catalogue.occurrences import between

    wanted_themes, wanted_kinds, wanted_priorities = _check_filters(catalogue, themes, kinds, priorities)
    weeks_dates = _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    needle = search.strip().casefold()
    items: list[CalendarItem] = []
    for occ in between(catalogue.observances.values(), first, last, themes=wanted_themes, kinds=wanted_kinds):
        priority = catalogue.priority(occ.observance).value
        if wanted_priorities and priority not in wanted_priorities:
            continue
        items.append(CalendarItem(occ.start, occ.end, occ.title, occ.observance.kind.value, priority, occ.id))
    filtered = bool(wanted_themes or wanted_kinds or wanted_priorities)
    for c in campaigns:
        if filtered and not _campaign_matches(catalogue, c, wanted_themes, wanted_kinds, wanted_priorities):
            continue
        for p in c.phases:
            if p.date <= last and p.end >= first:
                items.append(
                    CalendarItem(
                        p.date,
                        p.end,
                        f"{p.name} ({c.name})",
                        "phase",
                        "",
                        c.observance_id,
                        c.id,
                        p.key,
                        p.owner,
                        p.status.value,
                        is_overdue(p, today=today),
                    )
                )
    if needle:
        items = [i for i in items if needle in i.title.casefold() or needle in i.observance_id.casefold()]
    items.sort(key=lambda i: (i.start, i.kind == "phase", i.title))
    ongoing = tuple(i for i in items if i.kind != "phase" and (i.end - i.start).days >= LONG_PERIOD_DAYS)
    items = [i for i in items if i not in ongoing]
    weeks = tuple(
        tuple(CalendarDay(d, d.month == month, tuple(i for i in items if i.on(d))) for d in week)
        for week in weeks_dates
    )
    month_first = dt.date(year, month, 1)
    month_last = dt.date(year, month, _calendar.monthrange(year, month)[1])
    in_month = tuple(i for i in items if i.end >= month_first and i.start <= month_last)
    return CalendarMonth(
        year, month, today, weeks, in_month, ongoing, wanted_themes, wanted_kinds, wanted_priorities, search.strip()
    )


def _campaign_matches(
    catalogue: Catalogue, c: Campaign, themes: Sequence[str], kinds: Sequence[str], priorities: Sequence[str]
) -> bool:
    obs = catalogue.observances.get(c.observance_id)
    if obs is None:
        return False
    if themes and set(themes).isdisjoint(obs.themes):
        return False
    if kinds and obs.kind.value not in kinds:
        return False
    return not (priorities and catalogue.priority(obs).value not in priorities)


# -- observances ----------------------------------------------------------------------------------


class LinkedRecommendation(NamedTuple):
    """A recommendation linked to an observance, and why it is linked."""

    recommendation: Recommendation
    reason: str


class ObservancePage(NamedTuple):
    """An observance's page: its priority, next occurrences, anniversaries, linked recommendations,
    the team's campaigns for it, the templates to plan one with, and its themes (id, name)."""

    observance: Observance
    priority: Priority
    coming: tuple[Occurrence, ...]  # the next occurrences from today
    anniversaries: tuple[Occurrence, ...]  # coming milestone anniversaries
    recommendations: tuple[LinkedRecommendation, ...]
    campaigns: tuple[Campaign, ...]
    templates: tuple[CampaignTemplate, ...]  # templates that suit its kind
    themes: tuple[tuple[str, str], ...]  # (id, description)


def observance_page(
    catalogue: Catalogue,
    campaigns: Sequence[Campaign],
    observance_id: str,
    *,
    today: dt.date,
    templates: Mapping[str, CampaignTemplate] | None = None,
    count: int = 3,
) -> ObservancePage:
    """One observance: its next `count` occurrences, coming milestone anniversaries (next 30
    years), linked recommendations, the team's campaigns for it and the templates that suit it."""
    from planner.catalogue.occurrences import occurrences_of

    obs = catalogue.observance(observance_id)
    coming: list[Occurrence] = []
    start = today
    for _ in range(count):
        upcoming = _next_after(obs, start)
        if upcoming is None:
            break
        coming.append(upcoming)
        start = upcoming.end + dt.timedelta(days=1)
    horizon = min(dt.date(9998, 12, 31), dt.date(min(today.year + 30, 9998), 12, 31))
    anniversaries = tuple(
        o for o in occurrences_of(obs, today, horizon) if o.anniversary is not None and o.anniversary.milestone
    )[:5]
    recs = tuple(
        LinkedRecommendation(catalogue.recommendations[link.id], link.reason)
        for link in obs.recommendations
        if link.id in catalogue.recommendations
    )
    found = tuple(c for c in campaigns if c.observance_id == obs.id)
    suits = tuple(t for t in (templates or {}).values() if t.suits(obs.kind))
    themes = tuple((t, catalogue.themes.get(t, t)) for t in obs.themes)
    return ObservancePage(obs, catalogue.priority(obs), tuple(coming), anniversaries, recs, found, suits, themes)


def _next_after(obs: Observance, day: dt.date) -> Occurrence | None:
    from planner.catalogue.occurrences import next_occurrence

    try:
        return next_occurrence(obs, day)
    except (OverflowError, ValueError):
        return None


# -- campaigns ------------------------------------------------------------------------------------


def preview_campaign(
    catalogue: Catalogue,
    templates: Mapping[str, CampaignTemplate],
    observance_id: str,
    *,
    year: int | None,
    template: str | None,
    today: dt.date,
    now: dt.datetime,
    country: str | None = None,
    name: str = "",
) -> Campaign:
    """The campaign that `create_campaign` would store, without storing it: the phases to show
    before saving. `year` None means the next occurrence from today. Raises `UnknownId`
    (observance or template), `UsageProblem` (no coming occurrence, a template for another kind)."""
    from planner.campaigns.holidays_adapter import work_calendar
    from planner.campaigns.schedule import new_campaign, occurrence_for

    obs = catalogue.observance(observance_id)
    if year is None:
        occ = _next_after(obs, today)
        if occ is None:
            raise UsageProblem(f"{obs.name} has no coming occurrence; choose a year")
    else:
        occ = occurrence_for(obs, year)
    chosen = _template_for(templates, template, occ.days)
    return new_campaign(chosen, occ, now=now, calendar=work_calendar(country), name=name or None)


def save_campaign(store: Store, campaign: Campaign, *, by: User) -> Campaign:
    """Store a campaign made by `preview_campaign` (editors); DuplicateCampaign if the observance
    and year have one."""
    require(by, Role.EDITOR)
    return store.add(campaign)


class CampaignRow(NamedTuple):
    """A campaign in the list: its next step and how much is overdue."""

    campaign: Campaign
    next_phase: Phase | None
    overdue: int
    done: int

    @property
    def total(self) -> int:
        return len(self.campaign.phases)


def is_overdue(phase: Phase, *, today: dt.date) -> bool:
    """A phase not done or skipped whose last day is before today."""
    from planner.campaigns.model import PhaseStatus

    return phase.status in (PhaseStatus.TODO, PhaseStatus.DOING) and phase.end < today


def templates_for(
    catalogue: Catalogue, templates: Mapping[str, CampaignTemplate], observance_id: str
) -> list[CampaignTemplate]:
    """The campaign templates that suit an observance's kind, in their order."""
    kind = catalogue.observance(observance_id).kind
    return [t for t in templates.values() if t.suits(kind)]


def observance_choices(catalogue: Catalogue) -> list[Observance]:
    """Every observance, by name, for a list to choose from."""
    return sorted(catalogue.observances.values(), key=lambda o: (o.name.casefold(), o.id))


def plan_overdue(plan: Plan, *, today: dt.date) -> list[CampaignRow]:
    """The plan's own campaigns (not the suggestions) that have overdue phases."""
    stored = [pc.campaign for pc in plan.campaigns if not pc.suggested]
    return [row for row in campaign_rows(stored, today=today) if row.overdue]


CURRENT_DAYS = 90
"""The campaigns list shows campaigns whose last day is at most this many days ago unless asked
for every one (`current_campaigns`)."""
CAMPAIGNS_PER_PAGE = 50


class CampaignList(NamedTuple):
    """One page of the campaigns list: `campaigns` by day, the page number (from 1) and how
    many pages there are, how many campaigns the list holds, and how many older ones it leaves
    out (ended more than `CURRENT_DAYS` ago; 0 when every campaign is listed)."""

    campaigns: list[Campaign]
    page: int
    pages: int
    total: int
    older: int


def current_campaigns(
    store: Store, *, today: dt.date, every: bool = False, page: int = 1, per_page: int = CAMPAIGNS_PER_PAGE
) -> CampaignList:
    """The campaigns list, a page at a time (`per_page` campaigns, by day then id): those with a
    day or work on or after `today - CURRENT_DAYS`, or every one with `every`. Only the page is
    read from the database. A page past the end gives the last page. Raises `DatabaseError`."""
    since = None if every else today - dt.timedelta(days=CURRENT_DAYS)
    total = store.campaign_count(since)
    older = 0 if since is None else store.campaign_count() - total
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    found = store.campaigns_by_day(since=since, offset=(page - 1) * per_page, limit=per_page)
    return CampaignList(found, page, pages, total, older)


def campaign_rows(campaigns: Sequence[Campaign], *, today: dt.date) -> list[CampaignRow]:
    """The campaigns list, in the order given (the store's: by day), each with its next open
    phase, how many phases are overdue on `today` and how many are done or skipped."""
    from planner.campaigns.model import PhaseStatus

    rows = []
    for c in campaigns:
        open_phases = [p for p in c.timeline() if p.status in (PhaseStatus.TODO, PhaseStatus.DOING)]
        rows.append(
            CampaignRow(
                c,
                open_phases[0] if open_phases else None,
                sum(is_overdue(p, today=today) for p in c.phases),
                sum(p.status in (PhaseStatus.DONE, PhaseStatus.SKIPPED) for p in c.phases),
            )
        )
    return rows


class PhaseRow(NamedTuple):
    """One row of a campaign's phase table: the phase, its version and who last changed it (for the
    'changed by NAME, reload' check), whether it is overdue, warnings, and its role."""

    phase: Phase
    version: int
    changed_by: str
    overdue: bool
    warnings: tuple[str, ...]
    role: str  # the role the template gives this phase ('' if unknown)


class CampaignPage(NamedTuple):
    """A campaign's page: the campaign, its observance's name, its phases as rows, warnings, the
    template's roles and the people who can own a phase."""

    campaign: Campaign
    observance_name: str  # the observance's name, or its id if the catalogue no longer has it
    phases: tuple[PhaseRow, ...]
    warnings: tuple[str, ...]  # about the whole campaign
    roles: tuple[str, ...]  # roles named by its phases, for bulk assignment
    owners: tuple[str, ...]  # people already named on this team's campaigns, for the owner list
    people: tuple[str, ...] = ()  # the roster, by name, for bulk assignment


def campaign_page(
    store: Store,
    catalogue: Catalogue,
    campaign_id: str,
    *,
    today: dt.date,
    templates: Mapping[str, CampaignTemplate] | None = None,
    people: Sequence[str] = (),
) -> CampaignPage:
    """One campaign with each phase's version (for safe editing), overdue phases and the
    warnings that apply: a date set by hand on a day off, a phase after its day's end, a catalogue
    that now dates the observance differently."""
    from planner.campaigns.holidays_adapter import work_calendar
    from planner.campaigns.schedule import occurrence_for

    c = store.campaign(campaign_id)
    versions: Mapping[str, PhaseVersion] = store.phase_versions(campaign_id)
    template = (templates or {}).get(c.template)
    # each phase's role as the campaign carries it (0004); the template's, for phases saved before
    roles_by_key = {t.key: t.owner for t in template.phases} if template else {}
    roles_by_key |= {p.key: p.role for p in c.phases if p.role}
    try:
        calendar = work_calendar(c.country)
    except PlannerError:
        calendar = work_calendar(None)
    rows = []
    for p in c.timeline():
        warnings = []
        if p.is_manual:
            why = calendar.why_not_working(p.date)
            if why:
                warnings.append(f"set by hand on a day off ({why})")
        if is_overdue(p, today=today):
            warnings.append("overdue: not done and its date has passed")
        v = versions.get(p.key)
        rows.append(
            PhaseRow(
                p,
                v.version if v else 1,
                v.updated_by if v else "",
                is_overdue(p, today=today),
                tuple(warnings),
                roles_by_key.get(p.key, ""),
            )
        )
    campaign_warnings = []
    obs = catalogue.observances.get(c.observance_id)
    if obs is None:
        campaign_warnings.append(f"{c.observance_id} is no longer in the catalogue")
    else:
        try:
            occ = occurrence_for(obs, c.year)
            if (occ.start, occ.end) != (c.starts, c.ends):
                campaign_warnings.append(
                    f"the catalogue now dates {obs.name} {occ.start:%d %B %Y}; use Move to re-date the campaign"
                )
        except PlannerError:
            pass
    roles = tuple(sorted({r for r in roles_by_key.values() if r}))
    owners = tuple(sorted({*people, *(p.owner for p in c.phases if p.owner)} - set(roles)))
    name = obs.name if obs is not None else c.observance_id
    return CampaignPage(c, name, tuple(rows), tuple(campaign_warnings), roles, owners, tuple(people))


def _parse_date(text: str) -> dt.date:
    from planner.quarters import parse_date

    return parse_date(text.strip(), "date")


def save_phase(
    store: Store,
    campaign_id: str,
    key: str,
    *,
    version: int,
    by: User,
    now: dt.datetime,
    status: str | None = None,
    owner: str | None = None,
    date: str | None = None,
    note: str | None = None,
) -> Campaign:
    """Change one phase from a page (editors). `version` is the phase's version the page showed:
    if someone saved it since, PhaseConflict ("changed by NAME at TIME, reload") and nothing is
    written. `date` '' or 'auto' goes back to the plan's date. Raises `NotAllowed`,
    `PhaseConflict`, `UnknownId` (campaign, phase or status), `UsageProblem` (a bad date),
    `DatabaseError`."""
    from planner.campaigns.model import PhaseStatus
    from planner.campaigns.schedule import Unset, update_phase

    require(by, Role.EDITOR)
    new_status = None
    if status is not None:
        try:
            new_status = PhaseStatus(status)
        except ValueError:
            raise UnknownId("status", status, [s.value for s in PhaseStatus]) from None
    manual: dt.date | Unset | None = None
    if date is not None:
        manual = Unset.AUTO if date.strip().lower() in ("", "auto") else _parse_date(date)

    def edit(c: Campaign) -> Campaign:
        if manual is not None and not isinstance(manual, Unset) and manual == c.phase(key).scheduled:
            # the plan's own date, sent back by the form: not a date set by hand
            return update_phase(c, key, now=now, status=new_status, owner=owner, note=note)
        return update_phase(c, key, now=now, status=new_status, owner=owner, date=manual, note=note)

    _, after = store.change_phases(campaign_id, {key: version}, edit, by=by.name)
    return after


def mark_done(store: Store, campaign_id: str, key: str, *, version: int, by: User, now: dt.datetime) -> Campaign:
    """Mark one phase done (editors), refusing a page that is out of date like `save_phase`.
    Raises `NotAllowed`, `PhaseConflict`, `UnknownId`, `DatabaseError`."""
    from planner.campaigns.model import PhaseStatus

    return save_phase(store, campaign_id, key, version=version, by=by, now=now, status=PhaseStatus.DONE.value)


def reschedule_campaign(
    store: Store, catalogue: Catalogue, campaign_id: str, *, year: int, by: User, now: dt.datetime
) -> Campaign:
    """`move_campaign` for a signed-in person (editors): to another year; phases keep status,
    owner and note."""
    require(by, Role.EDITOR)
    return move_campaign(catalogue, store, campaign_id, now=now, year=year).after


def remove_campaign(store: Store, campaign_id: str, *, by: User, now: dt.datetime) -> Campaign:
    """`delete_campaign` for a signed-in person (editors); team feeds show its phases as
    cancelled for a while."""
    require(by, Role.EDITOR)
    return delete_campaign(store, campaign_id, now=now)


# -- the quarterly plan ---------------------------------------------------------------------------


def plan_formats() -> tuple[str, ...]:
    """The formats a plan can be downloaded in: every format `planner plan` writes."""
    from planner.plans.output import FORMATS

    return tuple(FORMATS)


def brief_formats() -> tuple[str, ...]:
    """The formats a brief can be downloaded in: every format `planner brief` writes."""
    from planner.briefs.output import FORMATS

    return tuple(FORMATS)


_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class Download(NamedTuple):
    """A file to hand over: its bytes, media type and a file name."""

    body: bytes
    media_type: str
    filename: str


def quarter_plan(
    catalogue: Catalogue,
    campaigns: Store | Sequence[Campaign],
    quarter: str,
    *,
    today: dt.date,
    templates: Mapping[str, CampaignTemplate],
    country: str | None = None,
    themes: Sequence[str] = (),
) -> Plan:
    """The plan for a quarter ('2027Q2', 'next', ...), with the team's campaigns: a `Store`
    (only the campaigns of the plan's window and the open steps are read, as `build_plan` does)
    or the campaigns themselves. Raises `UsageProblem` (quarter), `UnknownId` (theme),
    `DatabaseError`."""
    from planner.campaigns.holidays_adapter import work_calendar
    from planner.plans.build import build_plan
    from planner.quarters import parse_quarter

    chosen = parse_quarter(quarter or "next", today)
    for theme in themes:
        catalogue.check_theme(theme)
    steps: list[OpenStep] | None = None
    older: OlderOpen | None = None
    if isinstance(campaigns, Sequence):
        found = list(campaigns)
    else:
        found, steps, older = _plan_reads(campaigns, catalogue, chosen, today)
    return build_plan(
        catalogue,
        chosen,
        campaigns=found,
        due_steps=steps,
        older=older,
        templates=templates,
        calendar=work_calendar(country),
        today=today,
        themes=themes,
    )


def plan_download(plan: Plan, fmt: str) -> Download:
    """The plan in a format the CLI writes (see `plan_formats`), with a file name. Raises
    `UnknownId` (a format it does not write), `PlannerError` (a format whose extra is missing)."""
    from planner.plans.output import render_plan

    if fmt not in plan_formats():
        raise UnknownId("format", fmt, plan_formats())
    text = render_plan(plan, fmt)
    body = text if isinstance(text, bytes) else text.encode("utf-8")
    return Download(body, _MEDIA[fmt], f"plan-{plan.quarter.label.replace(' ', '-')}.{fmt}")


def keep_suggestion(store: Store, plan: Plan, campaign_id: str, *, by: User, now: dt.datetime) -> Campaign:
    """Store one of the plan's suggested campaigns as the team's own (editors). Like
    `create_campaign`, each phase goes to the person on the team roster who holds its role
    (`roster.staff`). Raises `NotAllowed`, `UnknownId` (not a suggestion of this plan),
    `DuplicateCampaign`, `DatabaseError`."""
    require(by, Role.EDITOR)
    from planner.campaigns.roster import staff

    for planned in plan.campaigns:
        if planned.suggested and planned.campaign.id == campaign_id:
            suggestion = planned.campaign
            return store.add(staff(replace(suggestion, created_at=now, updated_at=now), store.roster()))
    raise UnknownId("suggestion", campaign_id, sorted(plan.suggested_ids))


# -- briefs ---------------------------------------------------------------------------------------


def brief_for(
    catalogue: Catalogue,
    campaigns: Store | Sequence[Campaign],
    observance_id: str,
    *,
    year: int | None,
    audience: str,
    today: dt.date,
    saved: TeamMessages | None = None,
) -> Brief:
    """The messaging brief for an observance's occurrence in `year` (None: the next one), with
    the key dates of the team's campaign for it if there is one, and the team's own words from
    `saved` (`team_messages`) when they are for this occurrence. `campaigns`: a `Store` (its
    campaign for the occurrence is read) or the campaigns themselves. Raises `UnknownId`
    (observance or audience), `UsageProblem` (no coming occurrence, a year before the
    observance existed), `DatabaseError`."""
    from planner.briefs.build import build_brief, key_dates
    from planner.campaigns.schedule import occurrence_for

    obs = catalogue.observance(observance_id)
    if year is None:
        occ = _next_after(obs, today)
        if occ is None:
            raise UsageProblem(f"{obs.name} has no coming occurrence; choose a year")
    else:
        occ = occurrence_for(obs, year)
    if isinstance(campaigns, Sequence):
        found = [c for c in campaigns if c.observance_id == obs.id and c.year == occ.year]
    else:  # a Store: one indexed query
        one = campaigns.campaign_for(obs.id, occ.year)
        found = [one] if one is not None else []
    messages, source = None, "the messages file"
    if saved is not None and saved.saved and (saved.observance_id, saved.year) == (obs.id, occ.year):
        messages, source = saved.messages, saved.source
    dates, campaign = (key_dates(found[0]), found[0].id) if found else ((), "")
    return build_brief(
        catalogue, occ, audience, key_dates=dates, campaign=campaign, messages=messages, messages_source=source
    )


def brief_year(catalogue: Catalogue, observance_id: str, *, year: int | None, today: dt.date) -> int:
    """The year of the occurrence a brief is for: `year`, else the year of the next one from
    `today`. Raises `UnknownId`, `UsageProblem` (no coming occurrence)."""
    obs = catalogue.observance(observance_id)
    if year is not None:
        _check_year(year)
        return year
    occ = _next_after(obs, today)
    if occ is None:
        raise UsageProblem(f"{obs.name} has no coming occurrence; choose a year")
    return occ.year


class TeamMessages(NamedTuple):
    """The team's own messages for one occurrence's brief, as saved (`save_team_messages`):
    `messages` (empty when none are saved), the `version` a page must send back to save (0:
    never saved), who saved them last and when (UTC), and `notes` (e.g. a recommendation id
    the catalogue no longer has, left out)."""

    observance_id: str
    year: int
    messages: Messages
    version: int = 0
    changed_by: str = ""
    changed_at: dt.datetime | None = None
    notes: tuple[str, ...] = ()

    @property
    def saved(self) -> bool:
        """Whether the team has messages saved for this occurrence (not none, not cleared)."""
        from planner.briefs.messages import is_empty

        return not is_empty(self.messages)

    @property
    def source(self) -> str:
        """Who saved them and when, for a sentence: "your team's messages saved by Amina on 3 May 2027"."""
        from planner.words import day_month_year

        who = f" by {self.changed_by}" if self.changed_by else ""
        when = f" on {day_month_year(self.changed_at)}" if self.changed_at is not None else ""
        return f"your team's messages saved{who}{when}"

    @property
    def fields(self) -> dict[str, object]:
        """The messages as the form's fields (see `message_form_fields`)."""
        from planner.briefs.messages import message_fields

        return message_fields(self.messages)


def day_recommendations(catalogue: Catalogue, observance_id: str) -> tuple[Recommendation, ...]:
    """The recommendations linked to an observance, in the catalogue's order of emphasis: the
    ones a pillar of its brief would rest on first. Raises `UnknownId`."""
    obs = catalogue.observance(observance_id)
    return tuple(
        catalogue.recommendations[link.id] for link in obs.recommendations if link.id in catalogue.recommendations
    )


def message_form_fields() -> tuple[str, ...]:
    """The fields of the messages form, in order: core_message; pillarN_title, pillarN_message,
    pillarN_proof_points (one per line), pillarN_recommendations (ids) for N = 1..4;
    calls_to_action (one per line); hashtags; post_x, post_bluesky, post_mastodon,
    post_linkedin, post_instagram."""
    from planner.briefs.messages import MESSAGE_FIELDS

    return MESSAGE_FIELDS


def brief_platforms() -> tuple[Platform, ...]:
    """The platforms a brief drafts posts for (X, Bluesky, Mastodon, LinkedIn, Instagram), each
    with its id, name and limit, in order."""
    from planner.briefs.posts import PLATFORMS

    return PLATFORMS


def _saved_messages(
    catalogue: Catalogue, row: MessagesRow | None, observance_id: str = "", year: int = 0
) -> TeamMessages:
    """A stored row as `TeamMessages`; recommendation ids the catalogue no longer has are left
    out with a note (the rest of the team's words still count)."""
    from planner.briefs.build import Messages
    from planner.briefs.messages import parse_messages

    if row is None:
        return TeamMessages(observance_id, year, Messages())
    messages = parse_messages(row.document, f"the saved messages for {row.observance} {row.year}")
    known = catalogue.recommendations
    gone = sorted({r for p in messages.pillars for r in p.recommendations if r not in known})
    notes: tuple[str, ...] = ()
    if gone:
        pillars = tuple(
            replace(p, recommendations=tuple(r for r in p.recommendations if r in known)) for p in messages.pillars
        )
        messages = replace(messages, pillars=pillars)
        what, it = ("recommendation", "it") if len(gone) == 1 else ("recommendations", "them")
        notes = (f"left out {what} {', '.join(gone)} from your team's messages: the catalogue no longer has {it}",)
    return TeamMessages(row.observance, row.year, messages, row.version, row.changed_by, row.changed_at, notes)


def team_messages(store: Store, catalogue: Catalogue, observance_id: str, year: int) -> TeamMessages:
    """The team's own messages saved for an observance's occurrence in `year` (empty, version 0,
    when none were saved; empty with a version after they were cleared). Raises `UnknownId`
    (observance), `OutOfRange`, `MessagesError` (a stored document damaged by hand), `DatabaseError`."""
    obs = catalogue.observance(observance_id)
    _check_year(year)
    return _saved_messages(catalogue, store.team_messages(obs.id, year), obs.id, year)


def save_team_messages(
    store: Store,
    catalogue: Catalogue,
    observance_id: str,
    year: int,
    messages: Messages | Mapping[str, str | Sequence[str]],
    *,
    by: User,
    expected_version: int,
    now: dt.datetime,
) -> TeamMessages:
    """Save the team's own messages for an observance's occurrence in `year` (editors): a
    `Messages`, or the messages form's fields (`message_form_fields`; text per field, a field
    sent several times as a sequence). They are checked by the same rules as a `--messages`
    file (clean text, hashtags, at most 4 pillars, recommendation ids in the catalogue) and
    stored as one; every field empty clears them. `expected_version` is the version the page
    showed (`TeamMessages.version`; 0: none saved yet): if someone saved since, nothing is
    written and `MessagesConflict` says who and when ("changed by NAME at TIME ... Reload").
    Returns what is saved now, `by` recorded as who changed it. Raises `NotAllowed`,
    `UnknownId` (observance), `OutOfRange`, `MessageFieldsError` (form fields: each problem
    names its field) or `MessagesError` (a `Messages`), `MessagesConflict`, `DatabaseError`."""
    from planner.briefs.build import Messages
    from planner.briefs.messages import dump_messages, messages_from_fields, parse_messages

    require(by, Role.EDITOR)
    _check_now(now)
    obs = catalogue.observance(observance_id)
    _check_year(year)
    known = catalogue.recommendations
    if isinstance(messages, Messages):
        document = dump_messages(messages)
        parse_messages(document, "your messages", known)  # the file's rules, every problem at once
    else:
        document = dump_messages(messages_from_fields(messages, known))
    row = store.save_team_messages(
        obs.id, year, document, expected_version=expected_version, by=by.name, now=now, label=f"{obs.name} {year}"
    )
    return _saved_messages(catalogue, row)


def brief_download(brief: Brief, fmt: str) -> Download:
    """The brief in a format the CLI writes (see `brief_formats`), with a file name. Raises
    `UnknownId` (a format it does not write), `TemplateProblem`."""
    from planner.briefs.output import render_brief

    if fmt not in brief_formats():
        raise UnknownId("format", fmt, brief_formats())
    out = render_brief(brief, fmt)
    body = out if isinstance(out, bytes) else out.encode("utf-8")
    name = f"brief-{brief.occasion.id}-{brief.occasion.start.year}-{brief.audience.id}.{fmt}"
    return Download(body, _MEDIA[fmt], name)


def brief_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page (its own inline styles, no scripts), for a
    preview. Raises `TemplateProblem`."""
    from planner.briefs.output import render_brief

    out = render_brief(brief, "html")
    assert isinstance(out, str)
    return out


def audiences() -> tuple[str, ...]:
    """The audiences a brief can speak to (general, youth, ...), as their ids, in order."""
    from planner.briefs.framing import AUDIENCES

    return AUDIENCES


# -- team-feed tokens -----------------------------------------------------------------------------


def team_feeds(tokens: TokenStore, *, by: User) -> tuple[FeedToken, ...]:
    """The team-feed tokens (never their secrets); viewers may see that they exist."""
    require(by, Role.VIEWER)
    return tokens.all()


def new_team_feed(
    tokens: TokenStore, store: Store, label: str, campaigns: Sequence[str], *, by: User
) -> tuple[FeedToken, str]:
    """A new team-feed token (editors); returns the record and the secret, shown once."""
    require(by, Role.EDITOR)
    for campaign_id in campaigns:
        store.campaign(campaign_id)
    return tokens.create(label.strip(), campaigns)


def revoke_team_feed(tokens: TokenStore, token_id: str, *, by: User) -> FeedToken:
    """Revoke a team-feed token (editors): its address stops working at once."""
    require(by, Role.EDITOR)
    return tokens.revoke(token_id)


def team_feed_url(base: str, secret: str) -> str:
    """The address of a team feed on the server at `base`: `BASE/feeds/team/SECRET.ics`."""
    return f"{base}/feeds/team/{secret}.ics"


def has_accounts(store: Store) -> bool:
    """Whether anyone can sign in yet. Raises `DatabaseError`."""
    return bool(store.users())


def subscribe_feeds(catalogue: Catalogue, base: str, *, today: dt.date) -> list[FeedLink]:
    """The public feeds for the subscribe page: everything first, then one per theme with events
    in the rolling window. `base` is the server's public address (never taken from a request)."""
    from planner.feeds.build import Include, observance_feed, rolling_window, theme_counts
    from planner.feeds.site import ALL_FEEDS, FeedLink

    start, end = rolling_window(today)
    everything = len(observance_feed(catalogue, start, end, include=(Include.OBSERVANCES, Include.ANNIVERSARIES)).items)
    feeds = [FeedLink(*ALL_FEEDS, f"{base}/feeds/observances.ics", everything)]
    for theme, count in theme_counts(catalogue, start, end).items():
        if count:
            feeds.append(FeedLink(theme, catalogue.themes[theme], f"{base}/feeds/themes/{theme}.ics", count))
    return feeds


class PersonWork(NamedTuple):
    """One person's open phases: overdue ones, and those due in the next weeks."""

    name: str
    overdue: tuple[tuple[Campaign, Phase], ...]
    due: tuple[tuple[Campaign, Phase], ...]
    role: bool = False  # the name is a template role (e.g. writer): nobody has the work yet


def template_roles(templates: Mapping[str, CampaignTemplate]) -> frozenset[str]:
    """The roles the campaign templates give phases to (writer, designer, ...)."""
    return frozenset(t.owner for template in templates.values() for t in template.phases if t.owner)


def team_work(
    campaigns: Sequence[Campaign], *, today: dt.date, days: int = 28, roles: frozenset[str] = frozenset()
) -> list[PersonWork]:
    """Each owner named on the campaigns' open phases, with overdue work and work due within
    `days`: people first, then `roles` still holding phases nobody has taken, then phases with
    no owner at all (listed under '')."""
    from planner.campaigns.model import PhaseStatus

    horizon = today + dt.timedelta(days=days)
    by_owner: dict[str, tuple[list[tuple[Campaign, Phase]], list[tuple[Campaign, Phase]]]] = {}
    for c in campaigns:
        for p in c.timeline():
            if p.status not in (PhaseStatus.TODO, PhaseStatus.DOING):
                continue
            overdue, due = by_owner.setdefault(p.owner, ([], []))
            if is_overdue(p, today=today):
                overdue.append((c, p))
            elif p.date <= horizon:
                due.append((c, p))
    out = []
    for name in sorted(by_owner, key=lambda n: (n == "", n in roles, n.casefold())):
        overdue, due = by_owner[name]
        if overdue or due:
            key = lambda cp: (cp[1].date, cp[0].id, cp[1].key)  # noqa: E731
            out.append(PersonWork(name, tuple(sorted(overdue, key=key)), tuple(sorted(due, key=key)), name in roles))
    return out
