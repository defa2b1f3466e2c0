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
from planner.campaigns.schedule import new_campaign
from planner.campaigns.workdays import WEEKENDS_ONLY, WorkCalendar
from planner.campaigns.workload import Assignment, Workload, workload
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
_FLAGGED_PRIORITIES = (Priority.HIGH, Priority.MEDIUM)


class FlagKind(StrEnum):
    """Why a day or a week needs a second look."""

    BIG_SENDS = "big-sends-close"
    OVERLOADED = "overloaded-week"
    NOT_WORKING_DAY = "not-working-day"
    SAME_DAY = "same-day-priorities"

    @property
    def label(self) -> str:
        """The flag's kind in words, as a heading ('Overloaded week')."""
        return {
            "big-sends-close": "Big sends close together",
            "overloaded-week": "Overloaded week",
            "not-working-day": "Deadline on a day off",
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
        """Part 1 in date order (the months hold them by priority)."""
        found = [o for m in self.months for o in m.observances]
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


def _months(quarter: Quarter, observances: Iterable[PlannedObservance]) -> tuple[PlanMonth, ...]:
    """Each observance under the month it starts in (or the quarter's first, if it began before)."""
    by_month: dict[int, list[PlannedObservance]] = {m: [] for m in quarter.months()}
    for o in observances:
        by_month[max(o.start, quarter.start).month].append(o)
    return tuple(
        PlanMonth(quarter.year, month, tuple(sorted(items, key=_priority_order))) for month, items in by_month.items()
    )


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
        template = fitting_template(occ, planned.priority, self.templates)
        if template is None:
            return None
        campaign = new_campaign(template, occ, now=self.now, calendar=self.calendar)
        if campaign.last < self.now.date():
            return None  # all its work is in the past: too late to suggest it
        return _planned_campaign(campaign, True, planned.priority, quarter, occ)


def _planned_campaign(
    campaign: Campaign, suggested: bool, priority: Priority, quarter: Quarter, occurrence: Occurrence | None
) -> PlannedCampaign:
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


def _same_day_flags(observances: Sequence[PlannedObservance]) -> list[Flag]:
    by_day: dict[dt.date, list[PlannedObservance]] = {}
    for o in observances:
        if o.priority in _FLAGGED_PRIORITIES:
            by_day.setdefault(o.start, []).append(o)
    flags = []
    for day, items in sorted(by_day.items()):
        if len(items) < 2:
            continue
        names = "; ".join(f"{o.occurrence.title} ({o.priority.value})" for o in sorted(items, key=_priority_order))
        flags.append(
            Flag(
                FlagKind.SAME_DAY,
                day,
                f"{len(items)} priority observances on {short_date(day)}: {names}. "
                "Choose which one leads your messages that day",
            )
        )
    return flags


def _day_off_flags(campaigns: Sequence[PlannedCampaign], calendar: WorkCalendar) -> list[Flag]:
    flags = []
    for pc in campaigns:
        for phase in pc.phases_in_quarter:
            if phase.through_period or phase.status in (PhaseStatus.DONE, PhaseStatus.SKIPPED):
                continue
            why = calendar.why_not_working(phase.date)
            if why is None:
                continue
            what = "suggested campaign " if pc.suggested else ""
            day_off = (
                f"a weekend: {short_date(phase.date)}"
                if why == "weekend"
                else f"a public holiday: {short_date(phase.date)} ({why})"
            )
            flags.append(
                Flag(
                    FlagKind.NOT_WORKING_DAY,
                    phase.date,
                    f"'{phase.name}' ({what}{pc.campaign.name}) falls on {day_off}. "
                    "Prepare it the working day before, or agree who is on duty",
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
) -> Plan:
    """The plan for `quarter`. `campaigns` are all the team's stored campaigns (any dates).

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

    # 2. lead-in: later occurrences whose campaign has work in this quarter
    near = between(observances, quarter.shift(1).start, quarter.shift(LEAD_IN_QUARTERS).end, themes=wanted, kinds=kinds)
    far = between(
        observances,
        quarter.shift(LEAD_IN_QUARTERS + 1).start,
        quarter.shift(ANNIVERSARY_LEAD_IN_QUARTERS).end,
        themes=wanted,
        kinds=[Kind.ANNIVERSARY],
    )
    lead_in: list[LeadIn] = []
    for occ in near + far:
        if occ.start <= quarter.end:
            continue  # began in this quarter: it is in part 1
        planned = _planned(catalogue, occ)
        pc = team.for_occurrence(planned, quarter)
        if pc is not None and pc.phases_in_quarter:
            lead_in.append(LeadIn(planned, pc))
    lead_in.sort(key=lambda li: (li.work_starts.date, li.observance.start, li.observance.id))

    # 3. campaigns: the team's with work or their day in the quarter, then suggestions
    planned_campaigns: dict[str, PlannedCampaign] = {}
    for c in campaigns:
        if c.overlaps(quarter.start, quarter.end):
            made_for = _stored_occurrence(catalogue, c)
            priority = catalogue.priority(made_for.observance) if made_for is not None else Priority.LOW
            planned_campaigns[c.id] = _planned_campaign(c, False, priority, quarter, made_for)
    for o in current:
        pc = team.for_occurrence(o, quarter)
        if pc is not None and pc.suggested:
            planned_campaigns[pc.id] = pc
    for li in lead_in:
        planned_campaigns.setdefault(li.campaign.id, li.campaign)
    ordered = tuple(sorted(planned_campaigns.values(), key=lambda pc: (pc.campaign.day, pc.priority.rank, pc.id)))

    # 4. workload: every campaign with work near the quarter (big sends are checked 14 days out)
    margin = dt.timedelta(days=min_gap_days)
    near_work = [c for c in campaigns if c.overlaps(quarter.start - margin, quarter.end + margin)]
    near_work += [pc.campaign for pc in ordered if pc.suggested]
    load = workload(
        near_work,
        quarter.start,
        quarter.end,
        max_per_week=max_per_week,
        max_per_owner=max_per_owner,
        min_gap_days=min_gap_days,
    )
    suggested = frozenset(pc.id for pc in ordered if pc.suggested)
    flags = _same_day_flags(current) + _day_off_flags(ordered, calendar) + _workload_flags(load, suggested)

    # 5. events and planning windows
    windows = between(observances, quarter.start, quarter.end, kinds=[Kind.EVENT])

    return Plan(
        quarter=quarter,
        today=today,
        calendar=calendar,
        themes=wanted,
        months=_months(quarter, current),
        lead_in=tuple(lead_in),
        campaigns=ordered,
        workload=load,
        flags=tuple(sorted(flags, key=Flag.sort_key)),
        windows=tuple(windows),
    )
