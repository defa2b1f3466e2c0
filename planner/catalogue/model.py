"""The core's value objects: observances, their date rules, recommendations, occurrences.

Plain frozen dataclasses over the standard library. Nothing here reads a file or prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from planner.errors import UnknownId
from planner.words import ordinal as ordinal


class Kind(StrEnum):
    """What an observance is."""

    DAY = "day"
    WEEK = "week"
    PERIOD = "period"
    EVENT = "event"
    ANNIVERSARY = "anniversary"


class Status(StrEnum):
    """How well a source or an instrument has been checked."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"
    DOUBTFUL = "doubtful"
    DISPUTED = "disputed"


class SourceKind(StrEnum):
    """What a source is: the proclaiming text, the body's own page, or a civil-society organiser's site."""

    INSTRUMENT = "instrument"
    OFFICIAL = "official"
    ORGANISER = "organiser"


class YearStatus(StrEnum):
    """How sure the first year of an observance is.

    `floor` means the first observance is not known and the year is the earliest possible one
    (the proclaiming or marked instrument's adoption, or the first date after it).
    """

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    DISPUTED = "disputed"
    FLOOR = "floor"

    @property
    def settled(self) -> bool:
        return self is YearStatus.VERIFIED


class Feb29(StrEnum):
    """What a 29 February date does in a common year."""

    FEB28 = "feb28"
    MAR1 = "mar1"
    SKIP = "skip"


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A day of the year: `month` 1-12 and `day` 1-31 (no year)."""

    month: int
    day: int


@dataclass(frozen=True, slots=True)
class FixedRule:
    """The same date every year."""

    month: int
    day: int
    feb29: Feb29 | None = None
    kind: str = field(default="fixed", init=False)


@dataclass(frozen=True, slots=True)
class NthWeekdayRule:
    """The n-th (1..5, or -1 for last) weekday of a month; weekday 0 is Monday."""

    month: int
    weekday: int
    n: int
    kind: str = field(default="nth_weekday", init=False)


@dataclass(frozen=True, slots=True)
class SpanRule:
    """A yearly period from start to end inclusive; may cross a month or year boundary."""

    start: MonthDay
    end: MonthDay
    kind: str = field(default="span", init=False)

    @property
    def crosses_year(self) -> bool:
        """Whether the span runs into the next year (e.g. 25 November to 10 December does not; 20
        December to 5 January does).
        """
        return (self.end.month, self.end.day) < (self.start.month, self.start.day)


@dataclass(frozen=True, slots=True)
class OnceRule:
    """A one-off event or planning window, end inclusive."""

    start: dt.date
    end: dt.date
    kind: str = field(default="once", init=False)


@dataclass(frozen=True, slots=True)
class AnniversaryRule:
    """Numbered yearly returns of a founding event; the 1st falls one year after `date`."""

    date: dt.date
    feb29: Feb29 | None = None
    kind: str = field(default="anniversary", init=False)


Rule = FixedRule | NthWeekdayRule | SpanRule | OnceRule | AnniversaryRule
RULE_KINDS = ("anniversary", "fixed", "nth_weekday", "once", "span")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact about an observance comes from, as users see it: a public `url` (or, in a team's
    own file, a `document` reference), its `title`, the `publisher`, its `kind` (instrument: the
    proclaiming text; official: the body's own page; organiser: a civil-society organiser's site),
    its `status` (primary: the body's own text or page; secondary; unverified) and the month
    (`checked`, YYYY-MM) someone last confirmed it. Never a retailer, aggregator or internal note
    (enforced by `planner.catalogue.policy`)."""

    title: str
    status: Status
    url: str | None = None
    document: str | None = None
    note: str | None = None
    kind: SourceKind | None = None
    publisher: str | None = None
    checked: str | None = None

    @property
    def reference(self) -> str:
        """The URL or document that can be checked."""
        return self.url or self.document or ""

    @property
    def label(self) -> str:
        """`title (publisher; kind, status, checked YYYY-MM)`: what every output shows of it."""
        bits = [b for b in (self.kind.value if self.kind else None, self.status.value) if b]
        if self.checked:
            bits.append(f"checked {self.checked}")
        who = f"{self.publisher}; " if self.publisher else ""
        return f"{self.title} ({who}{', '.join(bits)})"


@dataclass(frozen=True, slots=True)
class YearDate:
    """A year in which the observance fell on a date its rule does not give (`date`), with how
    sure that date is and why."""

    date: dt.date
    status: Status
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Instrument:
    """The text that proclaimed an observance, with its adoption (not issue) date."""

    symbol: str
    status: Status
    adopted: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A link from an observance to a recommendation, with the reason it matters."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Observance:
    """A recurring day, week or period (or a one-off event, or the anniversaries of a founding event) from
    the catalogue.

    `id` is kebab-case and stable; `rule` dates it (see `planner.catalogue.rules`); `themes` and
    `proclaimed_by` say what it is about and who proclaimed it; `sources` (at least one) are where its
    dates come from; `instrument` the text that proclaimed it. `valid_from`/`valid_to` bound its years
    (inclusive); `named_in` lists the recommendations (ids) that name it and `recommendations` the ones
    linked to it with a reason. `milestones` overrides which anniversary numbers are milestones; `origin`
    is the file it came from.
    """

    id: str
    name: str
    kind: Kind
    rule: Rule
    themes: tuple[str, ...]
    proclaimed_by: str
    sources: tuple[Source, ...]
    description: str = ""
    valid_from: int | None = None
    valid_to: int | None = None
    first_observed: int | None = None
    first_observed_note: str | None = None
    first_observed_status: YearStatus | None = None
    instrument: Instrument | None = None
    hashtags: tuple[str, ...] = ()
    named_in: tuple[str, ...] = ()
    recommendations: tuple[Link, ...] = ()
    milestones: tuple[int, ...] | None = None
    year_dates: tuple[YearDate, ...] = ()
    updated: dt.date | None = None  # when its catalogue file last changed (the file's `updated:`)
    origin: str = ""

    @property
    def first_year(self) -> int | None:
        """The first year with an occurrence: valid_from, else first_observed, else the year the
        proclaiming instrument was adopted (a day cannot be marked before it was proclaimed)."""
        if self.valid_from is not None:
            return self.valid_from
        if self.first_observed is not None:
            return self.first_observed
        if self.instrument is not None and self.instrument.adopted is not None:
            return self.instrument.adopted.year
        return None

    def is_milestone(self, number: int) -> bool:
        """Milestone anniversaries: the entry's own list, else the 1st and every 5th."""
        if self.milestones is not None:
            return number in self.milestones
        return number == 1 or number % 5 == 0

    @property
    def year_status(self) -> YearStatus | None:
        """How sure the first year is: the entry's own `first_observed_status`; without one, a
        `first_observed_note` is read as doubt (unverified) and no note as verified."""
        if self.first_observed_status is not None:
            return self.first_observed_status
        if self.first_year is None:
            return None
        return YearStatus.UNVERIFIED if self.first_observed_note else YearStatus.VERIFIED

    @property
    def first_year_settled(self) -> bool:
        """True when the first year is verified, so "the Nth since YEAR" may be printed."""
        status = self.year_status
        return status is not None and status.settled

    def year_date(self, year: int) -> YearDate | None:
        """The date this entry fell on in `year` when its rule does not give it, else None."""
        return next((d for d in self.year_dates if d.date.year == year), None)

    @property
    def doubts(self) -> tuple[str, ...]:
        """Everything about this entry that is not verified, in words a user can act on."""
        out: list[str] = []
        status = self.year_status
        if status is YearStatus.FLOOR:
            why = f": {self.first_observed_note}" if self.first_observed_note else ""
            out.append(f"first year {self.first_year} is only the earliest possible year{why}")
        elif status in (YearStatus.UNVERIFIED, YearStatus.DISPUTED):
            why = f": {self.first_observed_note}" if self.first_observed_note else ""
            out.append(f"first year {self.first_year} is {status.value}{why}")
        for d in self.year_dates:
            if d.status in (Status.UNVERIFIED, Status.DOUBTFUL, Status.DISPUTED):
                why = f": {d.note}" if d.note else ""
                out.append(f"the {d.date.year} date is {d.status.value}{why}")
        if self.instrument and self.instrument.status in (Status.UNVERIFIED, Status.DOUBTFUL, Status.DISPUTED):
            note = f" ({self.instrument.note})" if self.instrument.note else ""
            out.append(f"instrument {self.instrument.symbol} is {self.instrument.status}{note}")
        for s in self.sources:
            if s.status is Status.UNVERIFIED:
                out.append(f"source '{s.title}' is unverified")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Report:
    """A report whose recommendations the catalogue summarises: `code` (WP3013, WP2011), `title`,
    `publisher`, `date` as written (e.g. 'January 2023'), the `event` it reports on, and how its items are
    numbered (`item_style`: 'roman' for 16(ii), else 'point').
    """

    code: str
    title: str
    publisher: str
    date: str
    event: str = ""
    item_style: str = "roman"


@dataclass(frozen=True, slots=True)
class CitedInstrument:
    """An instrument a report cites, kept exactly as the report writes it."""

    as_written: str
    status: Status
    symbol: str | None = None
    note: str | None = None


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv")


def roman(n: int) -> str:
    """Lower-case roman numeral for a report item number (1..14)."""
    return _ROMAN[n - 1] if 1 <= n <= len(_ROMAN) else str(n)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recommendation of a report, summarised in our own words (never the report's sentences): `id`
    (`WP3013-16.2`), `report` code, `paragraph` and `item` numbers, a short `title` and `summary`, its
    `themes` and `audiences`, the `instruments` it cites as written, and its `citation` (`WP3013
    §16(ii)`).
    """

    id: str
    report: str
    paragraph: int
    item: int | None
    title: str
    summary: str
    themes: tuple[str, ...]
    audiences: tuple[str, ...]
    instruments: tuple[CitedInstrument, ...] = ()
    citation: str = ""
    origin: str = ""
    message: str = ""  # a public-facing sentence in our own words, beside the policy ask in `summary`


def citation(report: Report, paragraph: int, item: int | None) -> str:
    """`WP3013 §16(ii)` for a roman item, `WP2011 §20, point 2` for a bullet, `WP3013 §18`."""
    if item is None:
        return f"{report.code} §{paragraph}"
    if report.item_style == "roman":
        return f"{report.code} §{paragraph}({roman(item)})"
    return f"{report.code} §{paragraph}, point {item}"


def recommendation_id(report: str, paragraph: int, item: int | None) -> str:
    """The id of a recommendation: `WP3013-16` for a paragraph, `WP3013-16.2` for an item."""
    return f"{report}-{paragraph}" if item is None else f"{report}-{paragraph}.{item}"


class Priority(StrEnum):
    """How much an observance matters to the team's plan."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high; sorts the most important first."""
        return ("high", "medium", "low").index(self.value)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything planner knows: vocabularies, reports, recommendations, observances."""

    themes: Mapping[str, str]
    audiences: Mapping[str, str]
    reports: Mapping[str, Report]
    recommendations: Mapping[str, Recommendation]
    observances: Mapping[str, Observance]
    files: tuple[str, ...] = ()
    priorities: Mapping[str, Priority] = field(default_factory=dict)

    def priority(self, observance: Observance) -> Priority:
        """The team's own priority if set, else: named by the reports > linked to
        recommendations > the rest."""
        if observance.id in self.priorities:
            return self.priorities[observance.id]
        if observance.named_in:
            return Priority.HIGH
        if observance.recommendations:
            return Priority.MEDIUM
        return Priority.LOW

    def observance(self, observance_id: str) -> Observance:
        """The observance with this id. Raises `UnknownId` (with close matches) for an unknown one."""
        try:
            return self.observances[observance_id]
        except KeyError:
            raise UnknownId("observance", observance_id, self.observances) from None

    def recommendation(self, rec_id: str) -> Recommendation:
        """The recommendation with this id. Raises `UnknownId` (with close matches) for an unknown
        one.
        """
        try:
            return self.recommendations[rec_id]
        except KeyError:
            raise UnknownId("recommendation", rec_id, self.recommendations) from None

    def check_theme(self, theme: str) -> str:
        """`theme`, when the catalogue knows it. Raises `UnknownId` (with close matches) otherwise."""
        if theme not in self.themes:
            raise UnknownId("theme", theme, self.themes)
        return theme


@dataclass(frozen=True, slots=True)
class Anniversary:
    """The number of an anniversary occurrence (80 for the 80th) and whether it is a milestone."""

    number: int
    milestone: bool

    @property
    def ordinal(self) -> str:
        """'80th'."""
        return ordinal(self.number)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated instance of an observance: start and end inclusive."""

    observance: Observance
    start: dt.date
    end: dt.date
    anniversary: Anniversary | None = None

    @property
    def id(self) -> str:
        """The observance's id (`human-rights-day`); the same for every year, so pair it with
        `year` (or `start`) to tell occurrences apart. Campaign ids add the year
        (`human-rights-day-2027`).
        """
        return self.observance.id

    @property
    def year(self) -> int:
        """The year the occurrence belongs to: the year it starts in."""
        return self.start.year

    @property
    def title(self) -> str:
        """Name with the anniversary number: '80th anniversary of the Universal Declaration ...'."""
        name = self.observance.name
        if self.anniversary is None:
            return name
        number = self.anniversary.ordinal
        if name.startswith("Anniversary of "):
            return f"{number} anniversary of {name.removeprefix('Anniversary of ')}"
        if name.lower().endswith("anniversary"):
            return f"{name}: {number}"
        return f"{name}: {number} anniversary"

    @property
    def days(self) -> int:
        """How many days the occurrence lasts (start and end inclusive)."""
        return (self.end - self.start).days + 1

    def sort_key(self) -> tuple[dt.date, str]:
        """Sorts by start date, then observance id."""
        return (self.start, self.observance.id)
