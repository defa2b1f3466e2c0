"""One plain function per user action: the web front end calls only these.

Every function takes what it works on (the catalogue, the campaign store, the clock) as
arguments, returns plain frozen dataclasses or core objects, and raises only `PlannerError`
subclasses, whose messages say what to do. Nothing here knows about HTTP or the terminal.

Sections: accounts; the calendar; observances; campaigns (plan, create, edit, assign, move,
delete); the quarterly plan; briefs; team-feed tokens.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

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
from planner.campaigns.model import Campaign, CampaignTemplate, Phase, PhaseStatus
from planner.catalogue.model import Catalogue, Kind, Observance, Occurrence, Priority, Recommendation
from planner.errors import PlannerError, UnknownId, UsageProblem

if TYPE_CHECKING:
    from planner.briefs.build import Brief
    from planner.campaigns.store import PhaseVersion, Store
    from planner.feeds.site import FeedLink
    from planner.feeds.tokens import FeedToken, TokenStore
    from planner.plans.build import Plan

__all__ = [
    "Role",
    "User",
]


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
    always left."""
    require(by, Role.ADMIN)
    new_role = parse_role(role)
    if name == by.name and new_role is not Role.ADMIN:
        raise UsageProblem("you cannot take the admin role from your own account; ask another admin")
    return store.change_user(name, now=now, role=new_role)


def users(store: Store, *, by: User) -> list[User]:
    """Every account (admins only)."""
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
    """The user, if their role allows `needed`; else NotAllowed."""
    if user is None or not user.role.allows(needed):
        raise NotAllowed(None if user is None else user.role, needed)
    return user


# -- the calendar ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarItem:
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


@dataclass(frozen=True, slots=True)
class CalendarDay:
    date: dt.date
    in_month: bool
    items: tuple[CalendarItem, ...]


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    year: int
    month: int
    today: dt.date
    weeks: tuple[tuple[CalendarDay, ...], ...]
    items: tuple[CalendarItem, ...]  # the month's items in date order, for the list view
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


def month_of(text: str | None, today: dt.date) -> tuple[int, int]:
    """'2027-05' as (2027, 5); empty means today's month."""
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
                        is_overdue(p, today),
                    )
                )
    if needle:
        items = [i for i in items if needle in i.title.casefold() or needle in i.observance_id.casefold()]
    items.sort(key=lambda i: (i.start, i.kind == "phase", i.title))
    weeks = tuple(
        tuple(CalendarDay(d, d.month == month, tuple(i for i in items if i.on(d))) for d in week) for week in weeks_dates
    )
    month_first, month_last = dt.date(year, month, 1), weeks_dates[-1][-1]
    month_last = dt.date(year, month, _calendar.monthrange(year, month)[1])
    in_month = tuple(i for i in items if i.end >= month_first and i.start <= month_last)
    return CalendarMonth(
        year, month, today, weeks, in_month, wanted_themes, wanted_kinds, wanted_priorities, search.strip()
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


@dataclass(frozen=True, slots=True)
class LinkedRecommendation:
    recommendation: Recommendation
    reason: str


@dataclass(frozen=True, slots=True)
class ObservancePage:
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


def campaign_templates() -> dict[str, CampaignTemplate]:
    """The shipped campaign templates and the team's own, by name."""
    from planner.campaigns.files import load_templates

    return load_templates()


def _template_for(templates: Mapping[str, CampaignTemplate], name: str | None, days: int) -> CampaignTemplate:
    chosen = name or ("week" if days > 1 and "week" in templates else "standard")
    if chosen not in templates:
        raise UnknownId("template", chosen, templates)
    return templates[chosen]


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
    before saving. `year` None means the next occurrence from today."""
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


def create_campaign(store: Store, campaign: Campaign, *, by: User) -> Campaign:
    """Store a previewed campaign (editors); DuplicateCampaign if the observance and year have one."""
    require(by, Role.EDITOR)
    return store.add(campaign)


@dataclass(frozen=True, slots=True)
class CampaignRow:
    """A campaign in the list: its next step and how much is overdue."""

    campaign: Campaign
    next_phase: Phase | None
    overdue: int
    done: int

    @property
    def total(self) -> int:
        return len(self.campaign.phases)


def is_overdue(phase: Phase, today: dt.date) -> bool:
    """A phase not done or skipped whose last day is before today."""
    return phase.status in (PhaseStatus.TODO, PhaseStatus.DOING) and phase.end < today


def campaign_rows(campaigns: Sequence[Campaign], *, today: dt.date) -> list[CampaignRow]:
    """The campaigns list, by day."""
    rows = []
    for c in campaigns:
        open_phases = [p for p in c.timeline() if p.status in (PhaseStatus.TODO, PhaseStatus.DOING)]
        rows.append(
            CampaignRow(
                c,
                open_phases[0] if open_phases else None,
                sum(is_overdue(p, today) for p in c.phases),
                sum(p.status in (PhaseStatus.DONE, PhaseStatus.SKIPPED) for p in c.phases),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class PhaseRow:
    phase: Phase
    version: int
    changed_by: str
    overdue: bool
    warnings: tuple[str, ...]
    role: str  # the role the template gives this phase ('' if unknown)


@dataclass(frozen=True, slots=True)
class CampaignPage:
    campaign: Campaign
    phases: tuple[PhaseRow, ...]
    warnings: tuple[str, ...]  # about the whole campaign
    roles: tuple[str, ...]  # roles named by its phases, for bulk assignment
    owners: tuple[str, ...]  # people already named on this team's campaigns, for the owner list


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
    roles_by_key = {t.key: t.owner for t in template.phases} if template else {}
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
        if is_overdue(p, today):
            warnings.append("overdue: not done and its date has passed")
        v = versions.get(p.key)
        rows.append(
            PhaseRow(
                p,
                v.version if v else 1,
                v.updated_by if v else "",
                is_overdue(p, today),
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
    return CampaignPage(c, tuple(rows), tuple(campaign_warnings), roles, owners)


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
    written. `date` '' or 'auto' goes back to the plan's date."""
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
    """Mark one phase done (editors)."""
    return save_phase(store, campaign_id, key, version=version, by=by, now=now, status=PhaseStatus.DONE.value)


def assign_role(
    store: Store,
    campaign_id: str,
    role: str,
    person: str,
    *,
    versions: Mapping[str, int],
    templates: Mapping[str, CampaignTemplate],
    by: User,
    now: dt.datetime,
) -> tuple[Campaign, int]:
    """Give every phase of a campaign that its template gives to `role` (e.g. writer) to
    `person` (editors). `versions` are the versions the page showed; returns the campaign and how
    many phases changed."""
    from planner.campaigns.schedule import update_phase

    require(by, Role.EDITOR)
    person = person.strip()
    if not person:
        raise UsageProblem("choose who takes the phases")
    current = store.campaign(campaign_id)
    template = templates.get(current.template)
    keys = [t.key for t in template.phases if t.owner == role] if template else []
    keys += [p.key for p in current.phases if p.owner == role and p.key not in keys]
    keys = [k for k in keys if any(p.key == k for p in current.phases)]
    if not keys:
        raise UsageProblem(f"no phase of {campaign_id} is for the role '{role}'")

    def edit(c: Campaign) -> Campaign:
        for k in keys:
            c = update_phase(c, k, now=now, owner=person)
        return c

    expected = {k: versions[k] for k in keys if k in versions}
    before, after = store.change_phases(campaign_id, expected, edit, by=by.name)
    changed = sum(p != q for p, q in zip(before.phases, after.phases, strict=True))
    return after, changed


def move_campaign(
    store: Store, catalogue: Catalogue, campaign_id: str, *, year: int, by: User, now: dt.datetime
) -> Campaign:
    """Re-schedule a campaign to another year (editors); phases keep status, owner and note."""
    from planner.campaigns.holidays_adapter import work_calendar
    from planner.campaigns.schedule import default_name, occurrence_for, reschedule

    require(by, Role.EDITOR)
    current = store.campaign(campaign_id)
    obs = catalogue.observance(current.observance_id)
    target = occurrence_for(obs, year)
    calendar = work_calendar(current.country)

    def edit(c: Campaign) -> Campaign:
        name = None
        try:
            if c.name == default_name(occurrence_for(obs, c.year)):
                name = default_name(target)
        except UsageProblem:
            pass
        return reschedule(c, target, now=now, calendar=calendar, name=name)

    _, after = store.change(campaign_id, edit)
    return after


def delete_campaign(store: Store, campaign_id: str, *, by: User, now: dt.datetime) -> Campaign:
    """Delete a campaign (editors); team feeds show its phases as cancelled for a while."""
    require(by, Role.EDITOR)
    return store.delete(campaign_id, now=now)


# -- the quarterly plan ---------------------------------------------------------------------------

PLAN_FORMATS = ("md", "html", "csv", "json")
_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True, slots=True)
class Download:
    """A file to hand over: its bytes, media type and a file name."""

    body: bytes
    media_type: str
    filename: str


def quarter_plan(
    catalogue: Catalogue,
    campaigns: Sequence[Campaign],
    quarter: str,
    *,
    today: dt.date,
    templates: Mapping[str, CampaignTemplate],
    country: str | None = None,
    themes: Sequence[str] = (),
) -> Plan:
    """The plan for a quarter ('2027Q2', 'next', ...), with the team's campaigns."""
    from planner.campaigns.holidays_adapter import work_calendar
    from planner.plans.build import build_plan
    from planner.quarters import parse_quarter

    chosen = parse_quarter(quarter or "next", today)
    for theme in themes:
        catalogue.check_theme(theme)
    return build_plan(
        catalogue,
        chosen,
        campaigns=campaigns,
        templates=templates,
        calendar=work_calendar(country),
        today=today,
        themes=themes,
    )


def plan_download(plan: Plan, fmt: str) -> Download:
    """The plan in a format the CLI writes (md, html, csv, json)."""
    from planner.plans.output import render_plan

    if fmt not in PLAN_FORMATS:
        raise UnknownId("format", fmt, PLAN_FORMATS)
    text = render_plan(plan, fmt)
    body = text if isinstance(text, bytes) else text.encode("utf-8")
    return Download(body, _MEDIA[fmt], f"plan-{plan.quarter.label.replace(' ', '-')}.{fmt}")


def keep_suggestion(
    store: Store, plan: Plan, campaign_id: str, *, by: User, now: dt.datetime
) -> Campaign:
    """Store one of the plan's suggested campaigns as the team's own (editors)."""
    require(by, Role.EDITOR)
    for planned in plan.campaigns:
        if planned.suggested and planned.campaign.id == campaign_id:
            suggestion = planned.campaign
            return store.add(replace(suggestion, created_at=now, updated_at=now))
    raise UnknownId("suggestion", campaign_id, sorted(plan.suggested_ids))


# -- briefs ---------------------------------------------------------------------------------------

BRIEF_FORMATS = ("md", "html", "docx")


def brief_for(
    catalogue: Catalogue,
    campaigns: Sequence[Campaign],
    observance_id: str,
    *,
    year: int | None,
    audience: str,
    today: dt.date,
) -> Brief:
    """The messaging brief for an observance's occurrence in `year` (None: the next one), with
    the key dates of the team's campaign for it if there is one."""
    from planner.briefs.build import build_brief, key_dates
    from planner.campaigns.schedule import occurrence_for

    obs = catalogue.observance(observance_id)
    if year is None:
        occ = _next_after(obs, today)
        if occ is None:
            raise UsageProblem(f"{obs.name} has no coming occurrence; choose a year")
    else:
        occ = occurrence_for(obs, year)
    found = [c for c in campaigns if c.observance_id == obs.id and c.year == occ.year]
    if found:
        return build_brief(catalogue, occ, audience, key_dates=key_dates(found[0]), campaign=found[0].id)
    return build_brief(catalogue, occ, audience)


def brief_download(brief: Brief, fmt: str) -> Download:
    """The brief as md, html or docx."""
    from planner.render import render_brief

    if fmt not in BRIEF_FORMATS:
        raise UnknownId("format", fmt, BRIEF_FORMATS)
    out = render_brief(brief, fmt)
    body = out if isinstance(out, bytes) else out.encode("utf-8")
    name = f"brief-{brief.occasion.id}-{brief.occasion.start.year}-{brief.audience.id}.{fmt}"
    return Download(body, _MEDIA[fmt], name)


def brief_html(brief: Brief) -> str:
    """The brief's HTML, for a preview."""
    from planner.render import render_brief

    out = render_brief(brief, "html")
    assert isinstance(out, str)
    return out


def audiences() -> tuple[str, ...]:
    from planner.briefs.framing import AUDIENCES

    return AUDIENCES


# -- team-feed tokens -----------------------------------------------------------------------------


def feed_tokens(tokens: TokenStore, *, by: User) -> tuple[FeedToken, ...]:
    """The team-feed tokens (never their secrets); viewers may see that they exist."""
    require(by, Role.VIEWER)
    return tokens.all()


def create_feed_token(
    tokens: TokenStore, store: Store, label: str, campaigns: Sequence[str], *, by: User
) -> tuple[FeedToken, str]:
    """A new team-feed token (editors); returns the record and the secret, shown once."""
    require(by, Role.EDITOR)
    for campaign_id in campaigns:
        store.campaign(campaign_id)
    return tokens.create(label.strip(), campaigns)


def revoke_feed_token(tokens: TokenStore, token_id: str, *, by: User) -> FeedToken:
    """Revoke a team-feed token (editors): its address stops working at once."""
    require(by, Role.EDITOR)
    return tokens.revoke(token_id)


def team_feed_url(base: str, secret: str) -> str:
    return f"{base}/feeds/team/{secret}.ics"


def subscribe_feeds(catalogue: Catalogue, base: str, *, today: dt.date) -> list[FeedLink]:
    """The public feeds for the subscribe page: everything first, then one per theme with events
    in the rolling window. `base` is the server's public address (never taken from a request)."""
    from planner.feeds.build import Include, observance_feed, rolling_window, theme_counts
    from planner.feeds.site import ALL_FEEDS, FeedLink

    start, end = rolling_window(today)
    everything = len(
        observance_feed(catalogue, start, end, include=(Include.OBSERVANCES, Include.ANNIVERSARIES)).items
    )
    feeds = [FeedLink(*ALL_FEEDS, f"{base}/feeds/observances.ics", everything)]
    for theme, count in theme_counts(catalogue, start, end).items():
        if count:
            feeds.append(FeedLink(theme, catalogue.themes[theme], f"{base}/feeds/themes/{theme}.ics", count))
    return feeds


@dataclass(frozen=True, slots=True)
class PersonWork:
    """One person's open phases: overdue ones, and those due in the next weeks."""

    name: str
    overdue: tuple[tuple[Campaign, Phase], ...]
    due: tuple[tuple[Campaign, Phase], ...]


def team_work(campaigns: Sequence[Campaign], *, today: dt.date, days: int = 28) -> list[PersonWork]:
    """Each owner named on the campaigns' open phases, with overdue work and work due within
    `days`; phases with no owner are listed under ''."""
    horizon = today + dt.timedelta(days=days)
    by_owner: dict[str, tuple[list[tuple[Campaign, Phase]], list[tuple[Campaign, Phase]]]] = {}
    for c in campaigns:
        for p in c.timeline():
            if p.status not in (PhaseStatus.TODO, PhaseStatus.DOING):
                continue
            overdue, due = by_owner.setdefault(p.owner, ([], []))
            if is_overdue(p, today):
                overdue.append((c, p))
            elif p.date <= horizon:
                due.append((c, p))
    out = []
    for name in sorted(by_owner, key=lambda n: (n == "", n.casefold())):
        overdue, due = by_owner[name]
        if overdue or due:
            key = lambda cp: (cp[1].date, cp[0].id, cp[1].key)  # noqa: E731
            out.append(PersonWork(name, tuple(sorted(overdue, key=key)), tuple(sorted(due, key=key))))
    return out
