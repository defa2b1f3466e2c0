"""The quarterly plan: what is coming, what to prepare, who is overloaded.

Pure core: `build_plan` assembles a `Plan` from the catalogue, the team's campaigns (already
read from the store by the caller), the campaign templates and the team's working calendar. It
reads no file, opens no database and renders nothing; the same inputs give the same plan.

A plan has five parts:

1. **Observances** of the quarter by month (milestone anniversaries included, events left for
   part 5), the most important first: `Catalogue.priority` (named in the reports > linked to
   recommendations > the rest; a team's `priorities:` win).
2. **Lead-in**: occurrences after the quarter whose campaign work starts in it. Candidates are
   the occurrences of the next two quarters, and milestone anniversaries up to five quarters
   ahead (a year-long anniversary campaign launches a year before its day: the UDHR 80th on
   10 Dec 2028 launches on 10 Dec 2027). The campaign is the team's own when the database holds
   one, else a suggested one for a high-priority occurrence.
3. **Campaigns** with work or their day in the quarter: the team's, and suggested timelines for
   high-priority occurrences that have no campaign yet (never stored; `suggested=True`). A
   timeline whose work is all before `today` is not suggested: nobody can still do it, so a plan
   for a quarter that is over shows only what the team stored.
4. **Workload** per ISO week and owner (`campaigns.workload`) over both, with flags.
5. **Events and planning windows** (`kind: event`) overlapping the quarter.

`themes` narrows parts 1 and 2 and the suggestions. The team's own campaigns, the workload and
the planning windows are never filtered: people's time is shared across themes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from planner.campaigns.model import Campaign, CampaignTemplate, Phase, PhaseStatus
from planner.campaigns.schedule import TEMPLATE_FALLBACK, fitting_in_time, new_campaign, out_of_order
from planner.campaigns.workdays import WEEKENDS_ONLY, WorkCalendar
from planner.campaigns.workload import (
    OVERDUE_LOOKBACK_DAYS,
    Assignment,
    OlderOpen,
    OpenStep,
    PersonDue,
    Workload,
    due_from_steps,
    older_open,
    open_steps,
    workload,
)
from planner.catalogue.model import Catalogue, Kind, Occurrence, Priority, Recommendation
from planner.catalogue.occurrences import between
from planner.quarters import Quarter
from planner.words import month_year, short_date

LEAD_IN_QUARTERS = 2  # occurrences this many quarters ahead may need work now
ANNIVERSARY_LEAD_IN_QUARTERS = 5  # a year-long anniversary campaign starts a year and more ahead
ANNIVERSARY_TEMPLATE = "anniversary-year"
PERIOD_TEMPLATE = "week"
DEFAULT_TEMPLATE = "standard"
MAX_PER_WEEK = 5
MAX_PER_OWNER = 3
MIN_GAP_DAYS = 14
DUE_DAYS = 14  # "Overdue and due in the next 14 days"
ONGOING_DAYS = 31  # an observance longer than a month (a year, a decade) is one "ongoing" line
_FLAGGED_PRIORITIES = (Priority.HIGH, Priority.MEDIUM)


class FlagKind(StrEnum):
    """Why a day or a week needs a second look."""

    BIG_SENDS = "big-sends-close"
    OVERLOADED = "overloaded-week"
    NOT_WORKING_DAY = "not-working-day"
    OUT_OF_ORDER = "out-of-order"
    SAME_DAY = "same-day-priorities"

    @property
    def label(self) -> str:
        """The flag's kind in words, as a heading ('Overloaded week')."""
        return {
            "big-sends-close": "Big sends close together",
            "overloaded-week": "Overloaded week",
            "not-working-day": "Deadline on a day off",
            "out-of-order": "Phase out of order",
            "same-day-priorities": "Priority observances on the same day",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Flag:
    """Something in the quarter to look at, on a day, in words a campaign lead can act on."""

    kind: FlagKind
    date: dt.date
    message: str

    def sort_key(self) -> tuple[dt.date, int, str]:
        """Sorts by date, then kind, then message."""
        return (self.date, list(FlagKind).index(self.kind), self.message)


@dataclass(frozen=True, slots=True)
class PlannedObservance:
    """An occurrence in the plan, with its priority and the recommendations it links to."""

    occurrence: Occurrence
    priority: Priority
    recommendations: tuple[Recommendation, ...] = ()

    @property
    def id(self) -> str:
        """The occurrence's id."""
        return self.occurrence.id

    @property
    def start(self) -> dt.date:
        """The occurrence's first day."""
        return self.occurrence.start

    @property
    def end(self) -> dt.date:
        """The occurrence's last day (inclusive)."""
        return self.occurrence.end


@dataclass(frozen=True, slots=True)
class PlanMonth:
    """One month of the quarter: its observances, the most important first, then by date."""

    year: int
    month: int
    observances: tuple[PlannedObservance, ...]

    @property
    def first(self) -> dt.date:
        """The first day of the month."""
        return dt.date(self.year, self.month, 1)

    @property
    def name(self) -> str:
        """'April 2027'."""
        return month_year(self.first)


@dataclass(frozen=True, slots=True)
class PlannedCampaign:
    """A campaign in the plan: the team's own, or a suggested timeline (`suggested=True`).

    `occurrence` is None for a stored campaign whose observance is no longer in the catalogue.
    """

    campaign: Campaign
    suggested: bool
    priority: Priority
    phases_in_quarter: tuple[Phase, ...]
    occurrence: Occurrence | None = None

    @property
    def id(self) -> str:
        """The campaign's id."""
        return self.campaign.id


@dataclass(frozen=True, slots=True)
class LeadIn:
    """An occurrence after the quarter whose campaign has work in the quarter."""

    observance: PlannedObservance
    campaign: PlannedCampaign

    @property
    def work_starts(self) -> Phase:
        """The first phase of the campaign that falls in the quarter."""
        return self.campaign.phases_in_quarter[0]


@dataclass(frozen=True, slots=True)
class Moment:
    """One day the team speaks on: the observances that fall on it and belong together, with one
    lead (see `moments`), and the campaign that carries it, if any.

    `covered_by` is a campaign (the team's or suggested) whose launch falls on the day although
    it was made for another observance (a year-long anniversary campaign launching a year ahead).
    """

    day: dt.date
    lead: PlannedObservance
    others: tuple[PlannedObservance, ...]
    campaign: PlannedCampaign | None = None
    covered_by: PlannedCampaign | None = None

    @property
    def observances(self) -> tuple[PlannedObservance, ...]:
        return (self.lead, *self.others)


@dataclass(frozen=True, slots=True)
class TooLate:
    """A high-priority occurrence too close for any campaign template: `days_left` until it."""

    observance: PlannedObservance
    days_left: int


@dataclass(frozen=True, slots=True)
class Plan:
    """The quarterly plan for `quarter`, as of `today`, in five parts (every sequence sorted):
    `months` (the quarter's observances month by month, the most important first), `lead_in`
    (later occurrences whose work starts in the quarter), `campaigns` (the team's and suggested
    ones, `suggested=True`), `workload` (phases per ISO week and owner) with `flags`, and
    `windows` (events and planning windows). `calendar` is the working days used; `themes` the
    filter asked for. How each part is chosen: `planner.plans.build`'s module docstring."""

    quarter: Quarter
    today: dt.date
    calendar: WorkCalendar
    themes: tuple[str, ...]
    months: tuple[PlanMonth, ...]
    lead_in: tuple[LeadIn, ...]
    campaigns: tuple[PlannedCampaign, ...]
    workload: Workload
    flags: tuple[Flag, ...]
    windows: tuple[Occurrence, ...]
    moments: tuple[Moment, ...] = ()
    ongoing: tuple[PlannedObservance, ...] = ()
    too_late: tuple[TooLate, ...] = ()
    due: tuple[PersonDue, ...] = ()
    due_days: int = DUE_DAYS
    older: OlderOpen | None = None  # open steps too old for `due` (None: no campaigns)

    @property
    def overdue_count(self) -> int:
        return sum(len(p.overdue) for p in self.due)

    @property
    def start(self) -> dt.date:
        """The quarter's first day."""
        return self.quarter.start

    @property
    def end(self) -> dt.date:
        """The quarter's last day (inclusive)."""
        return self.quarter.end

    @property
    def observances(self) -> tuple[PlannedObservance, ...]:
        """Part 1 in date order, ongoing ones (a Decade) included."""
        found = [o for m in self.months for o in m.observances] + list(self.ongoing)
        return tuple(sorted(found, key=lambda o: o.occurrence.sort_key()))

    @property
    def suggested_ids(self) -> frozenset[str]:
        """The ids of the suggested campaigns (not stored by the team)."""
        return frozenset(c.id for c in self.campaigns if c.suggested)

    @property
    def is_past(self) -> bool:
        """Whether the quarter ended before the plan was made."""
        return self.end < self.today


# -- helpers --------------------------------------------------------------------------------


def in_range(phase: Phase, start: dt.date, end: dt.date) -> bool:
    """Whether any day of the phase falls within start..end (inclusive)."""
    return phase.date <= end and phase.end >= start


def is_round_anniversary(occurrence: Occurrence) -> bool:
    """A 10th, 20th, 25th, 30th, ... 75th, 80th anniversary: worth a year-long campaign."""
    number = occurrence.anniversary.number if occurrence.anniversary else 0
    return number > 0 and (number % 10 == 0 or number % 25 == 0)


def fitting_template(
    occurrence: Occurrence, priority: Priority, templates: Mapping[str, CampaignTemplate]
) -> CampaignTemplate | None:
    """The template a suggested campaign uses: a year of work for a round anniversary (every
    10th or 25th: the UDHR's 75th and 80th) of a high-priority founding event, the week template
    for a week or a period, the standard one otherwise.

    Other milestones (a 15th, an 85th) get the standard template: a year-long campaign for each
    would swamp a team. A template that does not suit the observance's kind is passed over;
    None when none fits.
    """
    kind = occurrence.observance.kind
    names: list[str] = []
    if is_round_anniversary(occurrence) and priority is Priority.HIGH:
        names.append(ANNIVERSARY_TEMPLATE)
    if kind in (Kind.WEEK, Kind.PERIOD):
        names.append(PERIOD_TEMPLATE)
    names.append(DEFAULT_TEMPLATE)
    for name in names:
        template = templates.get(name)
        if template is not None and template.suits(kind):
            return template
    return None


def _planned(catalogue: Catalogue, occurrence: Occurrence) -> PlannedObservance:
    recs = tuple(
        catalogue.recommendations[link.id]
        for link in occurrence.observance.recommendations
        if link.id in catalogue.recommendations
    )
    return PlannedObservance(occurrence, catalogue.priority(occurrence.observance), recs)


def _priority_order(o: PlannedObservance) -> tuple[int, dt.date, str]:
    return (o.priority.rank, o.start, o.id)


def _date_order(o: PlannedObservance) -> tuple[dt.date, int, str]:
    return (o.start, o.priority.rank, o.id)


def is_ongoing(occurrence: Occurrence) -> bool:
    """Longer than a month (an International Year, a Decade): one 'ongoing' line, not a day."""
    return occurrence.days > ONGOING_DAYS


def _months(quarter: Quarter, observances: Iterable[PlannedObservance]) -> tuple[PlanMonth, ...]:
    """Each observance under the month it starts in (or the quarter's first, if it began before),
    in date order (priority breaks ties)."""
    by_month: dict[int, list[PlannedObservance]] = {m: [] for m in quarter.months()}
    for o in observances:
        by_month[max(o.start, quarter.start).month].append(o)
    return tuple(
        PlanMonth(quarter.year, month, tuple(sorted(items, key=_date_order))) for month, items in by_month.items()
    )


# -- moments --------------------------------------------------------------------------------


def _lead_order(o: PlannedObservance) -> tuple[int, int, int, str]:
    """Which observance of a moment leads: the higher priority; then a numbered anniversary of
    the founding event (the UDHR's 80th) over the yearly day that marks it; then a single day
    over a period that merely ends or begins on it; then by id."""
    occ = o.occurrence
    anniversary = 0 if occ.anniversary is not None else 1
    single = 0 if occ.start == occ.end else 1
    return (o.priority.rank, anniversary, single, o.id)


def moments(observances: Sequence[PlannedObservance], start: dt.date, end: dt.date) -> list[list[PlannedObservance]]:
    """The quarter's observances grouped into moments, by day; each group's lead first.

    The rule: observances that fall on the same day and share a theme belong together (Human
    Rights Day and the UDHR anniversary on 10 December; the 16 Days of Activism, which ends on
    it). A day observance or an anniversary falls on its date; a multi-day period falls on its
    first day, and joins a moment on its last day when that day already has one. Observances
    on the same day that share no theme stay separate moments (and are flagged: choose which
    leads). Ongoing observances (longer than a month) are not moments.
    """
    on_day: dict[dt.date, list[PlannedObservance]] = {}
    for o in observances:
        if is_ongoing(o.occurrence) or not start <= o.start <= end:
            continue
        on_day.setdefault(o.start, []).append(o)
    for o in observances:
        occ = o.occurrence
        if is_ongoing(occ) or occ.start == occ.end or occ.end not in on_day or not start <= occ.end <= end:
            continue
        on_day[occ.end].append(o)
    groups: list[list[PlannedObservance]] = []
    for _day, items in sorted(on_day.items()):
        pending = sorted(items, key=_lead_order)
        while pending:
            lead = pending.pop(0)
            themes = set(lead.occurrence.observance.themes)
            together = [o for o in pending if themes & set(o.occurrence.observance.themes)]
            pending = [o for o in pending if o not in together]
            groups.append([lead, *together])
    return groups


def _moment_day(group: Sequence[PlannedObservance]) -> dt.date:
    lead = group[0].occurrence
    return lead.start


class _Campaigns:
    """The team's campaigns by (observance, year), and suggestions made on demand (memoised)."""

    def __init__(
        self,
        catalogue: Catalogue,
        stored: Sequence[Campaign],
        templates: Mapping[str, CampaignTemplate],
        calendar: WorkCalendar,
        now: dt.datetime,
    ) -> None:
        self.catalogue = catalogue
        self.stored = {(c.observance_id, c.year): c for c in stored}
        self.templates = templates
        self.calendar = calendar
        self.now = now

    def for_occurrence(self, planned: PlannedObservance, quarter: Quarter) -> PlannedCampaign | None:
        """The team's campaign for the occurrence, else a suggested one if it is high priority."""
        occ = planned.occurrence
        stored = self.stored.get((occ.id, occ.year))
        if stored is not None:
            return _planned_campaign(stored, False, planned.priority, quarter, occ)
        if planned.priority is not Priority.HIGH:
            return None
        template = self.template_for(planned)
        if template is None:
            return None
        campaign = new_campaign(template, occ, now=self.now, calendar=self.calendar)
        return _planned_campaign(campaign, True, planned.priority, quarter, occ)

    def template_for(self, planned: PlannedObservance) -> CampaignTemplate | None:
        """The template a suggestion uses: the fitting one, else a shorter one (anniversary-year,
        then standard, then quick) whose every phase is on or after today; None: too late."""
        occ = planned.occurrence
        first = fitting_template(occ, planned.priority, self.templates)
        if first is None:
            return None
        shorter = (
            TEMPLATE_FALLBACK[TEMPLATE_FALLBACK.index(first.name) + 1 :]
            if first.name in TEMPLATE_FALLBACK
            else (TEMPLATE_FALLBACK[1:])
        )
        names = [first.name, *(n for n in shorter if n != first.name)]
        return fitting_in_time(names, self.templates, occ, self.now.date(), calendar=self.calendar)


def _planned_campaign(
    campaign: Campaign, suggested: bool, priority: Priority, quarter: Quarter | None, occurrence: Occurrence | None
) -> PlannedCampaign:
    """`quarter` None: a campaign with no work in the quarter (its phases are not listed)."""
    if quarter is None:
        return PlannedCampaign(campaign, suggested, priority, (), occurrence)
    inside = tuple(p for p in campaign.timeline() if in_range(p, quarter.start, quarter.end))
    return PlannedCampaign(campaign, suggested, priority, inside, occurrence)


def _stored_occurrence(catalogue: Catalogue, campaign: Campaign) -> Occurrence | None:
    """The occurrence a stored campaign was made for, if its observance is still catalogued."""
    observance = catalogue.observances.get(campaign.observance_id)
    if observance is None:
        return None
    for occ in between([observance], campaign.starts, campaign.ends, every_anniversary=True):
        if occ.year == campaign.year:
            return occ
    return Occurrence(observance, campaign.starts, campaign.ends)


# -- flags ----------------------------------------------------------------------------------


def _same_day_flags(groups: Sequence[Sequence[PlannedObservance]]) -> list[Flag]:
    """Separate moments on the same day, both of high or medium priority: choose which leads."""
    by_day: dict[dt.date, list[PlannedObservance]] = {}
    for g in groups:
        if g[0].priority in _FLAGGED_PRIORITIES:
            by_day.setdefault(_moment_day(g), []).append(g[0])
    flags = []
    for day, items in sorted(by_day.items()):
        if len(items) < 2:
            continue
        names = "; ".join(f"{o.occurrence.title} ({o.priority.value})" for o in sorted(items, key=_priority_order))
        flags.append(
            Flag(
                FlagKind.SAME_DAY,
                day,
                f"{len(items)} priority observances on {short_date(day)} that do not share a theme: {names}. "
                "Choose which one leads your messages that day",
            )
        )
    return flags


def _order_flags(campaigns: Sequence[PlannedCampaign]) -> list[Flag]:
    """The team's phases in the quarter whose dates are out of order (`schedule.out_of_order`)."""
    flags = []
    for pc in campaigns:
        inside = {p.key: p for p in pc.phases_in_quarter}
        for key, message in out_of_order(pc.campaign):
            if key in inside:
                flags.append(
                    Flag(
                        FlagKind.OUT_OF_ORDER,
                        inside[key].date,
                        f"{pc.campaign.name}: {message}. Set a date in order, or drop the one set by hand",
                    )
                )
    return flags


def _launch_days(campaign: Campaign) -> set[dt.date]:
    """The days a campaign launches on: its day (T0) and its big sends."""
    return {campaign.day, *(p.date for p in campaign.phases if p.big_send)}


def _day_off_flags(campaigns: Sequence[PlannedCampaign], calendar: WorkCalendar) -> list[Flag]:
    """One flag per day off with open work of the team's campaigns on it (phases that last the
    whole occurrence aside): prepare it the day before, or agree who is on duty."""
    by_day: dict[dt.date, list[str]] = {}
    for pc in campaigns:
        for phase in pc.phases_in_quarter:
            if phase.through_period or phase.status in (PhaseStatus.DONE, PhaseStatus.SKIPPED):
                continue
            if calendar.why_not_working(phase.date) is not None:
                by_day.setdefault(phase.date, []).append(f"'{phase.name}' ({pc.campaign.name})")
    flags = []
    for day, items in sorted(by_day.items()):
        why = calendar.why_not_working(day)
        day_off = (
            f"a weekend: {short_date(day)}" if why == "weekend" else f"a public holiday: {short_date(day)} ({why})"
        )
        what = items[0] + " falls" if len(items) == 1 else "; ".join(items) + " fall"
        flags.append(
            Flag(
                FlagKind.NOT_WORKING_DAY,
                day,
                f"{what} on {day_off}. Prepare {'it' if len(items) == 1 else 'them'} the working day before, "
                "or agree who is on duty",
            )
        )
    return flags


def _send_groups(load: Workload) -> list[list[Assignment]]:
    """The big sends that are too close, in runs: each send less than the minimum gap after the
    one before it. One flag per run reads better than one per pair when several campaigns send
    in the same fortnight."""
    involved = {(a.start, a.campaign_id, a.key): a for c in load.clashes for a in (c.first, c.second)}
    groups: list[list[Assignment]] = []
    for _, send in sorted(involved.items()):
        if groups and (send.start - groups[-1][-1].start).days < load.min_gap_days:
            groups[-1].append(send)
        else:
            groups.append([send])
    return groups


def _send_flag(group: Sequence[Assignment], suggested: frozenset[str], min_gap: int) -> Flag:
    first, last = group[0], group[-1]
    days = (last.start - first.start).days
    if len(group) == 2:
        head = (
            "Two big sends on the same day"
            if days == 0
            else f"Two big sends {days} day{'s' if days != 1 else ''} apart"
        )
    else:
        head = f"{len(group)} big sends within {days + 1} days"
    sends = "; ".join(
        f"'{a.name}' of {a.campaign_name}{' (suggested)' if a.campaign_id in suggested else ''} "
        f"on {short_date(a.start)}"
        for a in group
    )
    return Flag(
        FlagKind.BIG_SENDS,
        first.start,
        f"{head}: {sends}. Keep at least {min_gap} days between big sends, or merge them",
    )


def _workload_flags(load: Workload, suggested: frozenset[str]) -> list[Flag]:
    flags = []
    for week in load.overloaded:
        flags.append(
            Flag(
                FlagKind.OVERLOADED,
                week.monday,
                f"Week {week.label} (from {short_date(week.monday)}): {'; '.join(week.problems)}. "
                "Move a phase or share the work",
            )
        )
    for group in _send_groups(load):
        flags.append(_send_flag(group, suggested, load.min_gap_days))
    return flags


# -- the plan -------------------------------------------------------------------------------


def plan_window(quarter: Quarter, *, min_gap_days: int = MIN_GAP_DAYS) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) a stored campaign must touch to matter to the plan for
    `quarter`: its work in the quarter (and `min_gap_days` around it, for the big-send checks),
    and campaigns already made for the later occurrences a suggestion would cover (up to
    ANNIVERSARY_LEAD_IN_QUARTERS ahead)."""
    margin = dt.timedelta(days=min_gap_days)
    return quarter.start - margin, quarter.shift(ANNIVERSARY_LEAD_IN_QUARTERS).end + margin


def plan_occurrences(catalogue: Catalogue, quarter: Quarter) -> frozenset[tuple[str, int]]:
    """The (observance id, year) of every occurrence whose stored campaign the plan for `quarter`
    looks up (a superset): those from the quarter's start to `plan_window`'s end. A store reads
    their campaigns whatever their dates (`Store.campaigns(including=...)`), so a campaign dated
    outside the window (its observance's date changed since) is still found, not suggested again."""
    observances = list(catalogue.observances.values())
    end = plan_window(quarter)[1]
    return frozenset((o.id, o.year) for o in between(observances, quarter.start, end, every_anniversary=True))


def build_plan(
    catalogue: Catalogue,
    quarter: Quarter,
    *,
    campaigns: Sequence[Campaign],
    templates: Mapping[str, CampaignTemplate],
    calendar: WorkCalendar = WEEKENDS_ONLY,
    today: dt.date,
    themes: Iterable[str] = (),
    max_per_week: int = MAX_PER_WEEK,
    max_per_owner: int = MAX_PER_OWNER,
    min_gap_days: int = MIN_GAP_DAYS,
    capacities: Mapping[str, int] | None = None,
    due_steps: Iterable[OpenStep] | None = None,
    older: OlderOpen | None = None,
    lookback_days: int | None = OVERDUE_LOOKBACK_DAYS,
) -> Plan:
    """The plan for `quarter`. `campaigns` are the team's stored campaigns: all of them, or at
    least every one overlapping `plan_window(quarter)` and those for `plan_occurrences` (a store
    reads just those);
    `capacities` the team roster's phases a week per person. `due_steps`: the open steps of
    every stored campaign that start before `today + DUE_DAYS` and end on or after
    `lookback_start(today, OVERDUE_LOOKBACK_DAYS)` (`Store.open_steps`), for the overdue-and-due
    list, and `older` the count of the older ones (`Store.older_open`); None: both taken from
    `campaigns`. `lookback_days`: overdue work whose last day is more than this many days before
    `today` is counted in `Plan.older`, not listed (None: every overdue step is listed).

    Suggested campaigns are scheduled with `calendar` and stamped with the start of `today`
    (UTC), so the plan is deterministic.
    """
    wanted = tuple(sorted(set(themes)))
    observances = list(catalogue.observances.values())
    now = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
    team = _Campaigns(catalogue, campaigns, templates, calendar, now)
    kinds = [k for k in Kind if k is not Kind.EVENT]

    # 1. the quarter's observances
    current = [
        _planned(catalogue, o) for o in between(observances, quarter.start, quarter.end, themes=wanted, kinds=kinds)
    ]

    # 2. lead-in candidates: later occurrences whose campaign may have work in this quarter
    near = between(observances, quarter.shift(1).start, quarter.shift(LEAD_IN_QUARTERS).end, themes=wanted, kinds=kinds)
    far = between(
        observances,
        quarter.shift(LEAD_IN_QUARTERS + 1).start,
        quarter.shift(ANNIVERSARY_LEAD_IN_QUARTERS).end,
        themes=wanted,
        kinds=[Kind.ANNIVERSARY],
    )
    later = [_planned(catalogue, occ) for occ in near + far if occ.start > quarter.end]

    # 3. the team's campaigns with work or their day in the quarter
    planned_campaigns: dict[str, PlannedCampaign] = {}
    for c in campaigns:
        if c.overlaps(quarter.start, quarter.end):
            made_for = _stored_occurrence(catalogue, c)
            priority = catalogue.priority(made_for.observance) if made_for is not None else Priority.LOW
            planned_campaigns[c.id] = _planned_campaign(c, False, priority, quarter, made_for)

    # Suggestions: one per moment, never on a day a campaign already launches on. The team's
    # campaigns take their days first; then suggestions, highest ranked first, each taking its
    # own launch days (its day and its big sends).
    groups = moments(current, quarter.start, quarter.end)
    grouped = {o.id + o.start.isoformat() for g in groups for o in g[1:]}
    taken: dict[dt.date, PlannedCampaign] = {}
    by_occurrence: dict[tuple[str, int], PlannedCampaign] = {}
    for c in campaigns:
        pc = planned_campaigns.get(c.id) or _planned_campaign(c, False, Priority.LOW, None, None)
        by_occurrence[(c.observance_id, c.year)] = pc
        for day in _launch_days(c):
            taken.setdefault(day, pc)
    candidates = [o for o in current if o.id + o.start.isoformat() not in grouped and not is_ongoing(o.occurrence)]
    candidates += later
    candidates.sort(key=lambda o: (*_lead_order(o)[:2], o.start, o.id))
    too_late: list[TooLate] = []
    for o in candidates:
        occ = o.occurrence
        if (occ.id, occ.year) in by_occurrence or o.priority is not Priority.HIGH or occ.start in taken:
            continue
        if occ.start < today:
            continue
        suggestion = team.for_occurrence(o, quarter)
        if suggestion is None:
            if occ.start <= quarter.end and fitting_template(occ, o.priority, templates) is not None:
                too_late.append(TooLate(o, (occ.start - today).days))
            continue
        by_occurrence[(occ.id, occ.year)] = suggestion
        for day in _launch_days(suggestion.campaign):
            taken.setdefault(day, suggestion)
        if occ.start <= quarter.end or suggestion.phases_in_quarter:
            planned_campaigns.setdefault(suggestion.id, suggestion)

    lead_in: list[LeadIn] = []
    for o in later:
        found = by_occurrence.get((o.occurrence.id, o.occurrence.year))
        if found is not None and found.phases_in_quarter:
            lead_in.append(LeadIn(o, found))
    lead_in.sort(key=lambda li: (li.work_starts.date, li.observance.start, li.observance.id))
    ordered = tuple(sorted(planned_campaigns.values(), key=lambda pc: (pc.campaign.day, pc.priority.rank, pc.id)))

    found_moments = []
    for g in groups:
        day = _moment_day(g)
        own = next(
            (
                by_occurrence[(o.occurrence.id, o.occurrence.year)]
                for o in g
                if (o.occurrence.id, o.occurrence.year) in by_occurrence
            ),
            None,
        )
        cover = taken.get(day)
        found_moments.append(
            Moment(day, g[0], tuple(g[1:]), own, cover if cover is not None and cover is not own else None)
        )

    # 4. workload: the team's campaigns with work near the quarter (big sends are checked 14
    # days out). Suggestions are not the team's work yet, and are never flagged.
    margin = dt.timedelta(days=min_gap_days)
    near_work = [c for c in campaigns if c.overlaps(quarter.start - margin, quarter.end + margin)]
    load = workload(
        near_work,
        quarter.start,
        quarter.end,
        max_per_week=max_per_week,
        max_per_owner=max_per_owner,
        min_gap_days=min_gap_days,
        capacities=capacities,
        today=today,
        adjacent_only=True,  # the flags need the runs of close sends, not every pair
    )
    stored = [pc for pc in ordered if not pc.suggested]
    flags = (
        _same_day_flags(groups)
        + _day_off_flags(stored, calendar)
        + _workload_flags(load, frozenset())
        + _order_flags(stored)
    )

    # 5. events and planning windows
    windows = between(observances, quarter.start, quarter.end, kinds=[Kind.EVENT])

    # 6. overdue and due: recent overdue work listed, older open steps counted
    if due_steps is None:
        steps = list(open_steps(campaigns))
        due_steps = steps
        older = older_open(steps, today, lookback_days) if campaigns and lookback_days is not None else None
    due_list = due_from_steps(due_steps, today, days=DUE_DAYS, lookback_days=lookback_days)

    return Plan(
        quarter=quarter,
        today=today,
        calendar=calendar,
        themes=wanted,
        months=_months(quarter, [o for o in current if not is_ongoing(o.occurrence)]),
        lead_in=tuple(lead_in),
        campaigns=ordered,
        workload=load,
        flags=tuple(sorted(flags, key=Flag.sort_key)),
        windows=tuple(windows),
        moments=tuple(found_moments),
        ongoing=tuple(sorted((o for o in current if is_ongoing(o.occurrence)), key=_date_order)),
        too_late=tuple(too_late),
        due=due_list,
        older=older,
    )
