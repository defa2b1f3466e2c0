"""Quarters and dates as users type them: `2027Q1`, `2027-Q1`, `Q1 2027`, `next`; `2027-05-03`."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from planner.errors import UsageProblem

QUARTER_FORMS = "2027Q1, 2027-Q1, Q1 2027, current, next or previous"
_QUARTER_RES = (
    re.compile(r"^(?P<year>\d{4})\s*-?\s*Q(?P<q>[1-4])$", re.IGNORECASE),
    re.compile(r"^Q(?P<q>[1-4])\s*-?\s*(?P<year>\d{4})$", re.IGNORECASE),
)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    """A calendar quarter: `year` and `number` (1-4). Its `start` and `end` are inclusive dates."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        """The quarter that holds `day`."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        """The first day of the quarter."""
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter (inclusive)."""
        last_month = 3 * self.number
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def shift(self, quarters: int) -> Quarter:
        """The quarter `quarters` quarters later (earlier when negative); the caller checks the year
        stays within 1 to 9999 (see `parse_quarter`)."""
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def months(self) -> tuple[int, int, int]:
        """The three months of the quarter (1-12)."""
        first = 3 * self.number - 2
        return (first, first + 1, first + 2)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """Readable: 'Q1 2027 (January to March)'."""
        names = ("January to March", "April to June", "July to September", "October to December")
        return f"Q{self.number} {self.year} ({names[self.number - 1]})"


def parse_quarter(text: str, today: dt.date) -> Quarter:
    """Parse a quarter in any accepted form; `current`, `next`, `previous` are relative to today."""
    value = text.strip()
    relative = {"current": 0, "this": 0, "next": 1, "previous": -1, "last": -1}
    found: Quarter | None = None
    if value.lower() in relative:
        found = Quarter.containing(today).shift(relative[value.lower()])
    for pattern in _QUARTER_RES:
        m = pattern.match(value)
        if m:
            found = Quarter(int(m["year"]), int(m["q"]))
    if found is None:
        raise UsageProblem(f"invalid quarter '{text}': use {QUARTER_FORMS}")
    if not dt.MINYEAR <= found.year <= dt.MAXYEAR:
        raise UsageProblem(f"invalid quarter '{text}': planner handles the years 1 to 9999")
    return found


def parse_date(text: str, what: str = "date") -> dt.date:
    """Parse an ISO date (YYYY-MM-DD), naming the value and the accepted form on failure."""
    value = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise UsageProblem(f"invalid {what} '{text}': use the form YYYY-MM-DD, e.g. 2027-05-03")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageProblem(f"invalid {what} '{text}': {exc}; use a real date in the form YYYY-MM-DD") from None


def parse_year(text: str | int) -> int:
    """A year typed by a user, 1 to 9999. Raises `UsageProblem` naming the value."""
    try:
        year = int(text)
    except (TypeError, ValueError):
        raise UsageProblem(f"invalid year '{text}': use four digits, e.g. 2027") from None
    if not 1 <= year <= 9999:
        raise UsageProblem(f"invalid year '{text}': use four digits, e.g. 2027")
    return year


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` plus `days`, stopping at the first or last date Python can represent."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def year_range(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of `year` (inclusive)."""
    return (dt.date(year, 1, 1), dt.date(year, 12, 31))


MAX_SPAN_YEARS = 100
"""The longest range a command expands into occurrences at once. Every observance in a century is
some 9,000 occurrences and takes seconds; ten thousand years took minutes and gigabytes."""


def check_span(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The range, if it is at most MAX_SPAN_YEARS long; else a UsageProblem that says how to narrow it."""
    years = (end - start).days / 365.2425
    if years > MAX_SPAN_YEARS:
        raise UsageProblem(
            f"the range {start} to {end} covers {years:,.0f} years; planner lists at most {MAX_SPAN_YEARS} years "
            f"at a time. Narrow --from/--to, or run the command once per {MAX_SPAN_YEARS} years"
        )
    return start, end
