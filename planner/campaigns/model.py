"""Campaign values: offsets, phase and campaign templates, phases, campaigns and their statuses.

Pure core: plain frozen dataclasses; no file, database or clock is read here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from planner.catalogue.model import Kind
from planner.errors import UnknownId


class Anchor(StrEnum):
    """Which day of a (possibly multi-day) occurrence a phase counts from."""

    START = "start"
    END = "end"


class Constraint(StrEnum):
    """How a phase's date is held in place."""

    ON_DAY = "on-day"  # stays on its day (never moved to a working day)
    NOT_BEFORE = "not-before"  # stays on its day, and may not be set earlier by hand (embargo)


class PhaseStatus(StrEnum):
    """Where a phase stands: todo, doing, done or skipped."""

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
        """`T-56`, `-56`, `-56d`, `-8w`, `T0`, `T+7`, `T-1y`, `T-11m`, `T-1y-8w`; an int is days.
        Raises ValueError naming the accepted forms."""
        if isinstance(text, int) and not isinstance(text, bool):
            return cls(days=text)
        if cls is Offset and isinstance(text, str):
            return _parsed_offset(text)  # a database holds a few forms, read again and again
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str | int) -> Offset:
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
        """`day` moved by this offset's years, months and days (dateutil's relativedelta: a month
        later than 31 January is the last day of February)."""
        if not self.years and not self.months:  # plain days: no calendar arithmetic needed (and faster)
            return day + dt.timedelta(days=self.days)
        return day + relativedelta(years=self.years, months=self.months, days=self.days)

    @property
    def is_zero(self) -> bool:
        """Whether the offset is T0 (the day itself)."""
        return self.years == 0 and self.months == 0 and self.days == 0

    def __str__(self) -> str:
        """Canonical form: `T0`, `T-56d`, `T+7d`, `T-1y`, `T-1y-56d`."""
        if self.is_zero:
            return "T0"
        parts = [f"{v:+d}{unit}" for v, unit in ((self.years, "y"), (self.months, "m"), (self.days, "d")) if v]
        return "T" + "".join(parts)


@functools.lru_cache(maxsize=512)
def _parsed_offset(text: str) -> Offset:
    return Offset._parse(text)


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
        """Whether the template suits observances of this kind (a template without kinds suits all)."""
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
    role: str = ""  # the template's role for this step ('writer'); `owner` is the person doing it

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
        """Whether the phase's date was set by hand (`manual_date`)."""
        return self.manual_date is not None

    @property
    def is_open(self) -> bool:
        """Still to do: neither done nor skipped."""
        return self.status in (PhaseStatus.TODO, PhaseStatus.DOING)

    def is_overdue(self, today: dt.date) -> bool:
        """Past its last day and still open (not done or skipped)."""
        return self.is_open and self.end < today

    def is_due(self, today: dt.date, days: int) -> bool:
        """Open, not overdue, and starting within `days` days from today (today included)."""
        return self.is_open and self.end >= today and self.date < today + dt.timedelta(days=days)

    @property
    def who(self) -> str:
        """The person, else the role in brackets ('(writer)'), else '-'."""
        if self.owner:
            return self.owner
        return f"({self.role})" if self.role else "-"


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
    moved_to: str | None = None  # on the tombstone of a move to another year: the new id

    @property
    def deleted(self) -> bool:
        """Whether the campaign is deleted (a tombstone kept for the team feed)."""
        return self.deleted_at is not None

    @property
    def day(self) -> dt.date:
        """T0: the day the timeline counts from."""
        return self.starts if self.anchor is Anchor.START else self.ends

    @property
    def status(self) -> CampaignStatus:
        """done when every phase is done or skipped, doing when any phase is under way or done, else
        todo."""
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
        """The last day of work: the latest end of any phase."""
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

    def overdue(self, today: dt.date) -> tuple[Phase, ...]:
        """Open phases past their last day, in date order."""
        return tuple(p for p in self.timeline() if p.is_overdue(today))

    def timeline(self) -> list[Phase]:
        """Phases in date order (ties keep the template's order)."""
        order = {p.key: i for i, p in enumerate(self.phases)}
        return sorted(self.phases, key=lambda p: (p.date, order[p.key]))
