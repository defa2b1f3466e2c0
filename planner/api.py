"""planner's library API: one plain function per user action.

The CLI (`planner.cli`) and the web front end (`planner.web`) call only these. Each function
takes and returns typed values (core dataclasses from `planner.catalogue`, `planner.campaigns`,
`planner.plans`, `planner.feeds`, `planner.briefs`, or the small result types below), raises
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

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from planner.errors import OutOfRange, PlannerError, UnknownId, UsageProblem

if TYPE_CHECKING:
    from planner.briefs.lint import LintResult
    from planner.campaigns.model import Campaign, CampaignStatus, CampaignTemplate, PhaseStatus
    from planner.campaigns.roster import Person, Roster
    from planner.campaigns.schedule import Unset
    from planner.campaigns.store import ImportResult, Revision, Store
    from planner.campaigns.team import Assigned, PersonChange
    from planner.campaigns.workdays import WorkCalendar
    from planner.campaigns.workload import PersonDue
    from planner.catalogue.model import Catalogue, Kind, Observance, Occurrence, Recommendation
    from planner.catalogue.policy import EntryAudit
    from planner.feeds.build import EmbargoTime, Feed, Include
    from planner.feeds.lint import LintResult as FeedLintResult
    from planner.feeds.tokens import FeedToken, TokenStore
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
    "BriefResult",
    "CampaignMove",
    "CampaignView",
    "CatalogueCheck",
    "FeedResult",
    "NewCampaign",
    "ObservanceView",
    "PhaseChange",
    "PlanResult",
    "PublishResult",
    "ServeSetup",
    "TokenCreated",
    "WorkloadResult",
    "add_person",
    "assign_roles",
    "build_brief",
    "build_feed",
    "build_plan",
    "change_person",
    "check_catalogue",
    "create_campaign",
    "create_feed_token",
    "database_revision",
    "delete_campaign",
    "downgrade_database",
    "due",
    "export_campaigns",
    "export_roster",
    "get_campaign",
    "import_campaigns",
    "import_roster",
    "lint_feed",
    "lint_message",
    "list_anniversaries",
    "list_campaigns",
    "list_feed_tokens",
    "list_observances",
    "list_recommendations",
    "list_templates",
    "load_catalogue",
    "move_campaign",
    "next_occurrence_of",
    "open_database",
    "open_existing_database",
    "publish_site",
    "remove_person",
    "revoke_feed_token",
    "serve_setup",
    "set_phase",
    "show_campaign",
    "show_observance",
    "team_feed",
    "team_roster",
    "upcoming",
    "upgrade_database",
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


def assign_roles(store: Store, campaign_id: str, pairs: Sequence[str], *, now: dt.datetime) -> Assigned:
    """`ROLE=NAME` pairs: every phase of each role in the campaign to that person (on the roster),
    in one transaction. Raises `UsageProblem` (malformed pair, a role the campaign lacks),
    `UnknownId` (campaign, person), `DatabaseError`."""
    _check_now(now)
    from planner.campaigns import team

    return team.assign_roles(store, campaign_id, pairs, now=now)


def due(store: Store, *, today: dt.date, days: int = 14, owner: str | None = None) -> tuple[PersonDue, ...]:
    """Per person, by name (unassigned work last): open phases past their last day (overdue) and
    those starting in the next `days` days. Raises `DatabaseError`."""
    from planner.campaigns import team

    return team.due_list(store, today, days=days, owner=owner)


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


def _campaigns_if_any(db_url: str | None) -> tuple[list[Campaign], Roster, tuple[str, ...]]:
    """Every stored campaign and the team roster; none when there is no database yet (reading
    never creates one)."""
    from planner.campaigns.location import NoDatabase
    from planner.campaigns.roster import Roster

    try:
        store = open_existing_database(db_url)
    except NoDatabase as exc:
        if exc.explicit:
            note = f"no campaign database at {exc.path} yet, so the plan shows suggested timelines only"
            return [], Roster(), (note,)
        return [], Roster(), ()
    try:
        found = store.campaigns()
        return found, store.roster(), _damaged(store)
    finally:
        store.close()


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
    campaigns, roster, notes = _campaigns_if_any(db_url)
    plan = build(
        catalogue,
        quarter,
        campaigns=campaigns,
        capacities={p.name: p.capacity for p in roster.people},
        templates=templates(),
        calendar=calendar,
        today=today,
        themes=themes,
    )
    return PlanResult(plan, notes)


# -- briefs -------------------------------------------------------------------------------------


def _key_dates(db_url: str | None, observance_id: str, year: int) -> tuple[str, tuple[object, ...], tuple[str, ...]]:
    """The key dates of the team's campaign for this occurrence, if a campaign database has one.
    Never creates a database; an unreadable one only leaves the key dates out, with a note."""
    from planner.briefs.build import key_dates
    from planner.campaigns.location import NoDatabase

    try:
        store = open_existing_database(db_url)
    except NoDatabase:
        return "", (), ()
    except PlannerError as exc:
        return "", (), (f"key dates left out: {exc.message}",)
    try:
        with store:
            found = store.campaign_for(observance_id, year)  # one indexed query
    except PlannerError as exc:
        return "", (), (f"key dates left out: {exc.message}",)
    if found is None:
        return "", (), _damaged(store)
    return found.id, key_dates(found), _damaged(store)


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
    (planner's `messaging.yaml`) is used when it has any. `messages_file` (YAML) overrides the
    drafts. Raises `UnknownId`, `UsageProblem`, `MessagesError`, `FileProblems`."""
    from planner.briefs.build import build_brief as build
    from planner.briefs.content_file import load_messaging
    from planner.briefs.framing import AUDIENCES
    from planner.briefs.messages import load_messages
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
    messages = load_messages(messages_file, catalogue.recommendations) if messages_file else None
    campaign, dates, notes = _key_dates(db_url, obs.id, occ.year)
    content = load_messaging(AUDIENCES).get(obs.id)
    brief = build(catalogue, occ, audience, key_dates=dates, campaign=campaign, messages=messages,  # type: ignore[arg-type]
                  content=content)  # fmt: skip
    tense = ""
    if occ.end < today:
        tense = (
            f"{obs.id} {occ.year} ended on {occ.end.isoformat()}; the brief is worded as if it were still "
            "to come, so adjust the tense before you use it"
        )
    return BriefResult(brief, occ, notes, tense)


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
