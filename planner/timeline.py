"""Campaign timelines: phases scheduled back (and forward) from an occurrence, and the team's load.

Pure core: plain data and date arithmetic. No file, database or clock is read here; the working
days come in as a `WorkCalendar` and every timestamp as a `now` argument.

The working-day rule, applied to each phase's scheduled date (never to a date set by hand):

- a phase *before* its anchor day (preparation: research, approvals, assets...) that falls on a
  weekend or public holiday moves back to the previous working day, so the work is done in time;
- a phase *on* its anchor day (offset 0: the launch, the closing day) stays on the day;
- a phase *after* its anchor day (follow-up, evaluation) moves forward to the next working day:
  it reacts to the day, so it cannot usefully happen earlier;
- a phase with the constraint `on-day` or `not-before` is never moved. `not-before` is also an
  embargo: a date set by hand may not be earlier than the scheduled day ("post 3 May material on
  3 May and not before").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from planner.errors import PlannerError, UnknownId, UsageProblem
from planner.model import AnniversaryRule, Kind, Observance, Occurrence, OnceRule
from planner.occurrences import occurrences_of


class Anchor(StrEnum):
    """Which day of a (possibly multi-day) occurrence a phase counts from."""

    START = "start"
    END = "end"


class Constraint(StrEnum):
    """How a phase's date is held in place."""

    ON_DAY = "on-day"  # stays on its day (never moved to a working day)
    NOT_BEFORE = "not-before"  # stays on its day, and may not be set earlier by hand (embargo)


class PhaseStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    SKIPPED = "skipped"


_TERM_RE = re.compile(r"([+-]?)(\d+)([ymwd]?)")
OFFSET_FORMS = "T-56, T0, T+7, -8w, T-1y, T-1y-8w (y years, m months, w weeks, d days; days by default)"


@dataclass(frozen=True, slots=True, order=True)
class Offset:
    """Distance from an anchor day, in calendar years and months plus days.

    Years and months use calendar arithmetic (10 Dec 2028 minus one year is 10 Dec 2027, never
    365 days), then days are added.
    """

    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str | int) -> Offset:
        """`T-56`, `-56`, `-56d`, `-8w`, `T0`, `T+7`, `T-1y`, `T-11m`, `T-1y-8w`; an int is days."""
        if isinstance(text, int) and not isinstance(text, bool):
            return cls(days=text)
        value = str(text).strip().replace(" ", "")
        if value[:1] in ("T", "t"):
            value = value[1:]
        terms = list(_TERM_RE.finditer(value))
        covered = "".join(m.group() for m in terms)
        if not terms or covered != value or any(m.group(1) == "" for m in terms[1:]):
            raise ValueError(f"invalid offset '{text}'; use a form such as {OFFSET_FORMS}")
        years = months = days = 0
        for m in terms:
            sign, number, unit = m.groups()
            n = -int(number) if sign == "-" else int(number)
            if unit == "y":
                years += n
            elif unit == "m":
                months += n
            elif unit == "w":
                days += 7 * n
            else:
                days += n
        return cls(years, months, days)

    def apply(self, day: dt.date) -> dt.date:
        return day + relativedelta(years=self.years, months=self.months, days=self.days)

    @property
    def is_zero(self) -> bool:
        return self.years == 0 and self.months == 0 and self.days == 0

    def __str__(self) -> str:
        """Canonical form: `T0`, `T-56d`, `T+7d`, `T-1y`, `T-1y-56d`."""
        if self.is_zero:
            return "T0"
        parts = [f"{v:+d}{unit}" for v, unit in ((self.years, "y"), (self.months, "m"), (self.days, "d")) if v]
        return "T" + "".join(parts)


@dataclass(frozen=True, slots=True)
class PhaseTemplate:
    """One step of a campaign template, placed by its offset from the anchor day."""

    key: str
    name: str
    offset: Offset
    anchor: Anchor | None = None  # None: the template's anchor
    duration_days: int = 1
    through_period: bool = False  # lasts as long as the occurrence (e.g. daily posts in a week)
    owner: str = ""
    big_send: bool = False
    constraint: Constraint | None = None


@dataclass(frozen=True, slots=True)
class CampaignTemplate:
    """A named campaign plan: phases with offsets from the occurrence."""

    name: str
    title: str
    phases: tuple[PhaseTemplate, ...]
    anchor: Anchor = Anchor.START
    description: str = ""
    kinds: tuple[Kind, ...] = ()  # the kinds of observance it suits; empty: every kind
    origin: str = ""

    def suits(self, kind: Kind) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True, slots=True)
class Phase:
    """A dated step of one campaign.

    `scheduled` comes from the offset and the working-day rule; `manual_date` is a date a person
    set by hand and wins over it. `sequence` increases, and `updated_at` moves, whenever the
    date, name or status changes (the iCal feed's SEQUENCE and LAST-MODIFIED).
    """

    key: str
    name: str
    offset: Offset
    anchor: Anchor
    scheduled: dt.date
    duration_days: int = 1
    through_period: bool = False
    owner: str = ""
    status: PhaseStatus = PhaseStatus.TODO
    note: str = ""
    manual_date: dt.date | None = None
    big_send: bool = False
    constraint: Constraint | None = None
    sequence: int = 0
    updated_at: dt.datetime | None = None

    @property
    def date(self) -> dt.date:
        """The date in force: the one set by hand, else the scheduled one."""
        return self.manual_date if self.manual_date is not None else self.scheduled

    @property
    def end(self) -> dt.date:
        """Last day of the phase (inclusive)."""
        return self.date + dt.timedelta(days=max(self.duration_days, 1) - 1)

    @property
    def is_manual(self) -> bool:
        return self.manual_date is not None


class CampaignStatus(StrEnum):
    """A campaign's progress, from its phases: nothing started, under way, or finished."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Campaign:
    """A team's plan around one occurrence of an observance.

    `id` is stable and derived from what the campaign is (`world-press-freedom-day-2027`), so
    feeds can build UIDs from it. `starts`/`ends` are the occurrence the phases were scheduled
    from; `day` (T0) is the one the template anchors on. `deleted_at` is set on a deleted
    campaign (a tombstone, see `cancel`): the team feed shows its phases as cancelled for a
    while, and nothing else sees it.
    """

    id: str
    observance_id: str
    year: int
    name: str
    template: str
    anchor: Anchor
    starts: dt.date
    ends: dt.date
    phases: tuple[Phase, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    owner: str = ""
    country: str | None = None
    deleted_at: dt.datetime | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def day(self) -> dt.date:
        """T0: the day the timeline counts from."""
        return self.starts if self.anchor is Anchor.START else self.ends

    @property
    def status(self) -> CampaignStatus:
        states = {p.status for p in self.phases}
        if states <= {PhaseStatus.DONE, PhaseStatus.SKIPPED}:
            return CampaignStatus.DONE
        if states & {PhaseStatus.DOING, PhaseStatus.DONE}:
            return CampaignStatus.DOING
        return CampaignStatus.TODO

    @property
    def first(self) -> dt.date:
        """The first day with work, or the occurrence's start if earlier."""
        return min([self.starts, *(p.date for p in self.phases)])

    @property
    def last(self) -> dt.date:
        return max([self.ends, *(p.end for p in self.phases)])

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Whether any phase, or the occurrence itself, falls within start..end (inclusive)."""
        if self.starts <= end and self.ends >= start:
            return True
        return any(p.date <= end and p.end >= start for p in self.phases)

    def phase(self, key: str) -> Phase:
        """The phase with this key; an unknown key suggests the closest ones."""
        for p in self.phases:
            if p.key == key:
                return p
        raise UnknownId("phase", key, [p.key for p in self.phases])

    def days_from_day(self, phase: Phase) -> int:
        """Days from T0 to the phase's date: negative before, positive after."""
        return (phase.date - self.day).days

    def timeline(self) -> list[Phase]:
        """Phases in date order (ties keep the template's order)."""
        order = {p.key: i for i, p in enumerate(self.phases)}
        return sorted(self.phases, key=lambda p: (p.date, order[p.key]))


# -- working days -----------------------------------------------------------------------------

WEEKEND = frozenset({5, 6})
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _no_holidays(day: dt.date) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days a team works: not a weekend day, not a public holiday of its country.

    `holidays` returns the holiday's name, or None on an ordinary day. The adapter
    (`planner.calendars`) builds one from the `holidays` library; tests pass plain dates.
    """

    country: str | None = None
    weekend: frozenset[int] = WEEKEND
    holidays: Callable[[dt.date], str | None] = field(default=_no_holidays, compare=False)

    def __post_init__(self) -> None:
        if len(self.weekend) >= 7 or not self.weekend <= set(range(7)):
            raise PlannerError(f"a weekend must leave some working days; got {sorted(self.weekend)}")

    @classmethod
    def of(
        cls,
        holidays: Mapping[dt.date, str] | Iterable[dt.date] = (),
        *,
        country: str | None = None,
        weekend: Iterable[int] = WEEKEND,
    ) -> WorkCalendar:
        """A calendar from plain dates (or a date -> name mapping)."""
        names = dict(holidays) if isinstance(holidays, Mapping) else dict.fromkeys(holidays, "public holiday")
        return cls(country=country, weekend=frozenset(weekend), holidays=names.get)

    def holiday(self, day: dt.date) -> str | None:
        return self.holidays(day)

    def why_not_working(self, day: dt.date) -> str | None:
        """'weekend', the holiday's name, or None on a working day."""
        if day.weekday() in self.weekend:
            return "weekend"
        return self.holidays(day)

    def is_working_day(self, day: dt.date) -> bool:
        return self.why_not_working(day) is None

    def previous_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the closest working day before it."""
        return self._step(day, -1)

    def next_working_day(self, day: dt.date) -> dt.date:
        return self._step(day, +1)

    def _step(self, day: dt.date, direction: int) -> dt.date:
        current = day
        for _ in range(370):  # a year of holidays in a row would be a broken calendar
            if self.is_working_day(current):
                return current
            current += dt.timedelta(days=direction)
        raise PlannerError(f"no working day within a year of {day}; check the country's calendar")

    def describe(self) -> str:
        """In words, e.g. 'Monday to Friday, without public holidays in GB'."""
        days = [i for i in range(7) if i not in self.weekend]
        contiguous = days == list(range(days[0], days[-1] + 1))
        span = (
            f"{_DAY_NAMES[days[0]]} to {_DAY_NAMES[days[-1]]}" if contiguous else ", ".join(_DAY_NAMES[d] for d in days)
        )
        if self.country:
            return f"{span}, without public holidays in {self.country}"
        return f"{span}, public holidays not avoided (no country set)"


WEEKENDS_ONLY = WorkCalendar()


# -- scheduling -------------------------------------------------------------------------------


def anchor_day(anchor: Anchor, starts: dt.date, ends: dt.date) -> dt.date:
    return starts if anchor is Anchor.START else ends


def nominal_date(phase: Phase | PhaseTemplate, anchor: Anchor, starts: dt.date, ends: dt.date) -> dt.date:
    """The phase's date before the working-day rule: its anchor day plus its offset."""
    own = phase.anchor if phase.anchor is not None else anchor
    return phase.offset.apply(anchor_day(own, starts, ends))


def working_date(
    nominal: dt.date,
    anchored_on: dt.date,
    constraint: Constraint | None,
    calendar: WorkCalendar,
) -> dt.date:
    """Apply the working-day rule (see the module docstring) to a nominal date."""
    if constraint is not None or nominal == anchored_on:
        return nominal
    if nominal < anchored_on:
        return calendar.previous_working_day(nominal)
    return calendar.next_working_day(nominal)


def _scheduled(
    offset: Offset,
    own_anchor: Anchor,
    constraint: Constraint | None,
    starts: dt.date,
    ends: dt.date,
    calendar: WorkCalendar,
) -> dt.date:
    anchored_on = anchor_day(own_anchor, starts, ends)
    return working_date(offset.apply(anchored_on), anchored_on, constraint, calendar)


def schedule(
    template: CampaignTemplate,
    occurrence: Occurrence,
    *,
    calendar: WorkCalendar = WEEKENDS_ONLY,
    now: dt.datetime | None = None,
) -> tuple[Phase, ...]:
    """The template's phases dated for one occurrence, with the working-day rule applied."""
    phases = []
    for pt in template.phases:
        own = pt.anchor if pt.anchor is not None else template.anchor
        phases.append(
            Phase(
                key=pt.key,
                name=pt.name,
                offset=pt.offset,
                anchor=own,
                scheduled=_scheduled(pt.offset, own, pt.constraint, occurrence.start, occurrence.end, calendar),
                duration_days=occurrence.days if pt.through_period else pt.duration_days,
                through_period=pt.through_period,
                owner=pt.owner,
                big_send=pt.big_send,
                constraint=pt.constraint,
                updated_at=now,
            )
        )
    return tuple(phases)


def occurrence_for(observance: Observance, year: int) -> Occurrence:
    """The occurrence that starts in `year`; a year without one says why, and which years work."""
    found = [o for o in occurrences_of(observance, dt.date(year, 1, 1), dt.date(year, 12, 31)) if o.start.year == year]
    if found:
        return found[0]
    rule = observance.rule
    oid = observance.id
    if isinstance(rule, OnceRule):
        raise UsageProblem(f"{oid} happens only once, in {rule.start.year}; use --year {rule.start.year}")
    if isinstance(rule, AnniversaryRule) and year <= rule.date.year:
        raise UsageProblem(
            f"{oid} counts from {rule.date.isoformat()}: its first anniversary is in {rule.date.year + 1}; "
            f"use --year {rule.date.year + 1} or later"
        )
    first = observance.first_year
    if first is not None and year < first:
        raise UsageProblem(
            f"{oid} did not exist yet in {year}: it is observed from {first}; use --year {first} or later"
        )
    if observance.valid_to is not None and year > observance.valid_to:
        raise UsageProblem(f"{oid} ended in {observance.valid_to}: there is none in {year}")
    raise UsageProblem(f"{oid} has no occurrence in {year} (its date rule skips that year); choose another year")


def campaign_id(observance_id: str, year: int) -> str:
    """The stable id of the campaign for an observance's occurrence in `year`."""
    return f"{observance_id}-{year}"


def default_name(occurrence: Occurrence) -> str:
    """'World Press Freedom Day 2027'; anniversaries carry their number: 'UDHR anniversary: 80th'."""
    if occurrence.anniversary is not None:
        return f"{occurrence.title} ({occurrence.year})"
    return f"{occurrence.observance.name} {occurrence.year}"


def new_campaign(
    template: CampaignTemplate,
    occurrence: Occurrence,
    *,
    now: dt.datetime,
    calendar: WorkCalendar = WEEKENDS_ONLY,
    name: str | None = None,
    owner: str = "",
) -> Campaign:
    """A new campaign for `occurrence`, scheduled from `template`."""
    if not template.suits(occurrence.observance.kind):
        kinds = ", ".join(k.value for k in template.kinds)
        raise UsageProblem(
            f"template '{template.name}' is for {kinds} observances, and {occurrence.id} is a "
            f"{occurrence.observance.kind.value}; choose another template with --template"
        )
    return Campaign(
        id=campaign_id(occurrence.id, occurrence.year),
        observance_id=occurrence.id,
        year=occurrence.year,
        name=(name or "").strip() or default_name(occurrence),
        template=template.name,
        anchor=template.anchor,
        starts=occurrence.start,
        ends=occurrence.end,
        phases=schedule(template, occurrence, calendar=calendar, now=now),
        created_at=now,
        updated_at=now,
        owner=owner.strip(),
        country=calendar.country,
    )


def reschedule(
    campaign: Campaign,
    occurrence: Occurrence,
    *,
    now: dt.datetime,
    calendar: WorkCalendar = WEEKENDS_ONLY,
    name: str | None = None,
) -> Campaign:
    """The campaign re-dated for `occurrence` (another year, or the observance's new date).

    Each phase keeps its own offset, status, owner and note. Dates set by hand are kept: when
    the campaign moves to another year they move by the same number of calendar years (20 April
    stays 20 April), otherwise they stay exactly as set; except that a `not-before` (embargo)
    phase whose kept date would now fall before its day goes back to the day. Phases whose date
    changes get a higher sequence. The id follows the year.
    """
    years = occurrence.year - campaign.year
    phases = []
    for p in campaign.phases:
        manual = p.manual_date + relativedelta(years=years) if p.manual_date is not None else None
        scheduled = _scheduled(p.offset, p.anchor, p.constraint, occurrence.start, occurrence.end, calendar)
        if p.constraint is Constraint.NOT_BEFORE and manual is not None and manual < scheduled:
            manual = None  # the embargo wins: never publish before the (new) day
        moved = replace(
            p,
            scheduled=scheduled,
            duration_days=occurrence.days if p.through_period else p.duration_days,
            manual_date=manual,
        )
        phases.append(_touch(p, moved, now))
    changed = replace(
        campaign,
        id=campaign_id(campaign.observance_id, occurrence.year),
        year=occurrence.year,
        name=(name or "").strip() or campaign.name,
        starts=occurrence.start,
        ends=occurrence.end,
        country=calendar.country,
        phases=tuple(phases),
    )
    return changed if changed == campaign else replace(changed, updated_at=now)


def _touch(before: Phase, after: Phase, now: dt.datetime) -> Phase:
    """Bump sequence (date, end, name or status changed) and updated_at (anything changed)."""
    if after == before:
        return before
    visible = (before.date, before.end, before.name, before.status) != (after.date, after.end, after.name, after.status)
    return replace(after, sequence=before.sequence + (1 if visible else 0), updated_at=now)


class Unset(StrEnum):
    """Marks 'go back to the scheduled date' for `update_phase(date=...)`."""

    AUTO = "auto"


def update_phase(
    campaign: Campaign,
    key: str,
    *,
    now: dt.datetime,
    status: PhaseStatus | None = None,
    owner: str | None = None,
    date: dt.date | Unset | None = None,
    note: str | None = None,
) -> Campaign:
    """The campaign with one phase changed; `date=Unset.AUTO` drops a date set by hand.

    Arguments left as None are unchanged. A change that changes nothing returns the campaign
    as it was (no new timestamp). A `not-before` phase refuses a date earlier than scheduled.
    """
    before = campaign.phase(key)
    after = before
    if status is not None:
        after = replace(after, status=status)
    if owner is not None:
        after = replace(after, owner=owner.strip())
    if note is not None:
        after = replace(after, note=note.strip())
    if date is Unset.AUTO:
        after = replace(after, manual_date=None)
    elif isinstance(date, dt.date):
        if before.constraint is Constraint.NOT_BEFORE and date < before.scheduled:
            raise UsageProblem(
                f"phase '{key}' is under embargo: it happens on {before.scheduled:%a} {before.scheduled.day} "
                f"{before.scheduled:%b %Y} and not before; choose that day or a later one"
            )
        after = replace(after, manual_date=date)
    touched = _touch(before, after, now)
    if touched is before:
        return campaign
    phases = tuple(touched if p.key == key else p for p in campaign.phases)
    return replace(campaign, phases=phases, updated_at=now)


# -- deletion ---------------------------------------------------------------------------------

CANCELLED_GRACE = dt.timedelta(days=14)
"""How long the team feed keeps a cancelled phase (skipped, or of a deleted campaign) as
STATUS:CANCELLED before it leaves (feed rule 6)."""


def cancel(campaign: Campaign, *, now: dt.datetime) -> Campaign:
    """The campaign as a tombstone, deleted at `now`.

    Every phase not already skipped gets a higher sequence and `now` as its stamp, so calendar
    clients take the cancellation as a new version of the event. Skipped phases were cancelled
    before and keep their own stamp (and the day they leave the feed).
    """
    phases = tuple(
        p if p.status is PhaseStatus.SKIPPED else replace(p, sequence=p.sequence + 1, updated_at=now)
        for p in campaign.phases
    )
    return replace(campaign, phases=phases, updated_at=now, deleted_at=now)


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None or b is None:
        return a if b is None else b
    return max(a, b)


def supersede(incoming: Campaign, existing: Campaign) -> Campaign:
    """`incoming`, stored in place of `existing` (the same campaign id), as calendar clients must see it.

    A phase's sequence and stamp never go backwards: a phase whose date, name or status differs
    from the stored one, or that replaces a deleted campaign's cancelled phase, gets a sequence
    above the stored one; the others keep the higher of the two. Re-creating a deleted campaign,
    or importing an older copy of one, thus reaches subscribers as a new version of each event.
    Applying it twice changes nothing more.
    """
    before = {p.key: p for p in existing.phases}
    phases = []
    for p in incoming.phases:
        old = before.get(p.key)
        if old is None:
            phases.append(p)
            continue
        visible = (p.date, p.end, p.name, p.status) != (old.date, old.end, old.name, old.status)
        floor = old.sequence + 1 if visible or existing.deleted else old.sequence
        phases.append(replace(p, sequence=max(p.sequence, floor), updated_at=_later(p.updated_at, old.updated_at)))
    updated = _later(incoming.updated_at, existing.updated_at)
    assert updated is not None
    return replace(incoming, phases=tuple(phases), updated_at=updated, deleted_at=None)


# -- workload ---------------------------------------------------------------------------------

NO_OWNER = "(no owner)"


@dataclass(frozen=True, slots=True)
class Assignment:
    """One phase of one campaign, as the workload sees it."""

    campaign_id: str
    campaign_name: str
    key: str
    name: str
    owner: str
    start: dt.date
    end: dt.date
    big_send: bool


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """One ISO week: the phases under way in it, per owner, and why it is overloaded (if so)."""

    year: int
    week: int
    monday: dt.date
    items: tuple[Assignment, ...]
    by_owner: tuple[tuple[str, int], ...]
    problems: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def overloaded(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True, slots=True)
class BigSendClash:
    """Two big sends closer than the minimum gap."""

    first: Assignment
    second: Assignment

    @property
    def days(self) -> int:
        return (self.second.start - self.first.start).days


@dataclass(frozen=True, slots=True)
class Workload:
    start: dt.date
    end: dt.date
    weeks: tuple[WeekLoad, ...]
    clashes: tuple[BigSendClash, ...]
    max_per_week: int
    max_per_owner: int
    min_gap_days: int

    @property
    def overloaded(self) -> tuple[WeekLoad, ...]:
        return tuple(w for w in self.weeks if w.overloaded)


def assignments(campaigns: Iterable[Campaign]) -> list[Assignment]:
    """Every phase still to count (skipped phases are not work), in date order."""
    out = [
        Assignment(c.id, c.name, p.key, p.name, p.owner or NO_OWNER, p.date, p.end, p.big_send)
        for c in campaigns
        for p in c.phases
        if p.status is not PhaseStatus.SKIPPED
    ]
    out.sort(key=lambda a: (a.start, a.campaign_id, a.key))
    return out


def iso_weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    """Mondays of the ISO weeks that overlap start..end."""
    monday = start - dt.timedelta(days=start.weekday())
    out = []
    while monday <= end:
        out.append(monday)
        monday += dt.timedelta(days=7)
    return out


def workload(
    campaigns: Iterable[Campaign],
    start: dt.date,
    end: dt.date,
    *,
    max_per_week: int = 5,
    max_per_owner: int = 3,
    min_gap_days: int = 14,
) -> Workload:
    """Phases per ISO week and owner between start and end, with the weeks that are too full.

    A phase counts in every week its days touch. A week is overloaded when the team has more
    than `max_per_week` phases in it, or one owner more than `max_per_owner`. Big sends closer
    than `min_gap_days` to each other are reported when either falls in the range.
    """
    items = assignments(campaigns)
    weeks = []
    for monday in iso_weeks(start, end):
        sunday = monday + dt.timedelta(days=6)
        inside = tuple(a for a in items if a.start <= sunday and a.end >= monday)
        counts: dict[str, int] = {}
        for a in inside:
            counts[a.owner] = counts.get(a.owner, 0) + 1
        by_owner = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        problems = []
        if len(inside) > max_per_week:
            problems.append(f"{len(inside)} phases (more than {max_per_week})")
        for owner, n in by_owner:
            if n > max_per_owner and owner != NO_OWNER:
                problems.append(f"{owner} has {n} (more than {max_per_owner})")
        iso = monday.isocalendar()
        weeks.append(WeekLoad(iso.year, iso.week, monday, inside, by_owner, tuple(problems)))
    sends = [a for a in items if a.big_send]
    clashes = []
    for i, first in enumerate(sends):
        for second in sends[i + 1 :]:
            if (second.start - first.start).days >= min_gap_days:
                break
            if start <= first.start <= end or start <= second.start <= end:
                clashes.append(BigSendClash(first, second))
    return Workload(start, end, tuple(weeks), tuple(clashes), max_per_week, max_per_owner, min_gap_days)


def campaigns_between(campaigns: Sequence[Campaign], start: dt.date, end: dt.date) -> list[Campaign]:
    """Campaigns with a phase or their occurrence within start..end, by day then id."""
    return sorted((c for c in campaigns if c.overlaps(start, end)), key=lambda c: (c.day, c.id))
