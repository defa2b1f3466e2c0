"""Date rules: where each kind of rule falls in a given year.

Calendar arithmetic only (same month and day, never 365-day offsets); weekday rules use
dateutil's relativedelta.
"""

from __future__ import annotations

import calendar
import datetime as dt

from dateutil.relativedelta import relativedelta, weekday

from planner.catalogue.model import (
    AnniversaryRule,
    Feb29,
    FixedRule,
    MonthDay,
    NthWeekdayRule,
    Observance,
    OnceRule,
    Rule,
    SpanRule,
    Status,
)
from planner.words import day_month_year

Span = tuple[dt.date, dt.date]


def month_day(year: int, month: int, day: int, feb29: Feb29 | None) -> dt.date | None:
    """The date `month`/`day` in `year`, applying the 29 February policy in common years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        if feb29 is Feb29.FEB28:
            return dt.date(year, 2, 28)
        if feb29 is Feb29.MAR1:
            return dt.date(year, 3, 1)
        return None
    return dt.date(year, month, day)


def nth_weekday(year: int, month: int, wd: int, n: int) -> dt.date | None:
    """The n-th weekday `wd` (0 = Monday) of a month; n = -1 is the last. None if absent."""
    if n > 0:
        found: dt.date = dt.date(year, month, 1) + relativedelta(weekday=weekday(wd)(+n))
    else:
        last = calendar.monthrange(year, month)[1]
        found = dt.date(year, month, last) + relativedelta(weekday=weekday(wd)(n))
    return found if found.month == month else None


def _span_in(year: int, start: MonthDay, end: MonthDay, crosses: bool) -> Span:
    first = dt.date(year, start.month, start.day)
    last = dt.date(year + 1 if crosses else year, end.month, end.day)
    return (first, last)


def span_in_year(rule: Rule, year: int) -> Span | None:
    """The occurrence of `rule` that starts in `year`, as (start, end) inclusive, or None.

    For an anniversary rule this is the plain yearly date; numbering is the caller's business.
    Years outside the calendar Python can represent (1 to 9999) have no occurrence, nor does a
    span that would end after 9999.
    """
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    if isinstance(rule, FixedRule):
        d = month_day(year, rule.month, rule.day, rule.feb29)
        return None if d is None else (d, d)
    if isinstance(rule, NthWeekdayRule):
        d = nth_weekday(year, rule.month, rule.weekday, rule.n)
        return None if d is None else (d, d)
    if isinstance(rule, SpanRule):
        if rule.crosses_year and year == dt.MAXYEAR:
            return None
        return _span_in(year, rule.start, rule.end, rule.crosses_year)
    if isinstance(rule, OnceRule):
        return (rule.start, rule.end) if rule.start.year == year else None
    if isinstance(rule, AnniversaryRule):
        if year <= rule.date.year:
            return None
        d = month_day(year, rule.date.month, rule.date.day, rule.feb29)
        return None if d is None else (d, d)
    raise TypeError(f"not a rule: {rule!r}")  # pragma: no cover - exhaustive


_ORD = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _md(month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]}"


def describe(rule: Rule) -> str:
    """The rule in plain words: 'every year on 3 May', 'the third Sunday of November'."""
    if isinstance(rule, FixedRule):
        extra = ""
        if rule.feb29 is not None:
            extra = {
                Feb29.FEB28: " (28 February in common years)",
                Feb29.MAR1: " (1 March in common years)",
                Feb29.SKIP: " (leap years only)",
            }[rule.feb29]
        return f"every year on {_md(rule.month, rule.day)}{extra}"
    if isinstance(rule, NthWeekdayRule):
        return f"every year on the {_ORD[rule.n]} {_DAY_NAMES[rule.weekday]} of {calendar.month_name[rule.month]}"
    if isinstance(rule, SpanRule):
        return f"every year from {_md(rule.start.month, rule.start.day)} to {_md(rule.end.month, rule.end.day)}"
    if isinstance(rule, OnceRule):
        if rule.start == rule.end:
            return f"once, on {day_month_year(rule.start)}"
        return f"once, from {day_month_year(rule.start)} to {day_month_year(rule.end)}"
    return f"every year on {_md(rule.date.month, rule.date.day)}, counting from {day_month_year(rule.date)}"


def exceptions(obs: Observance, *, list_dates: bool = True) -> str:
    """The years whose date was set one by one (`year_dates`), as a suffix for the rule in plain
    words, so a 'When' line never contradicts them; '' when there are none.

    ', except in 1998-2001: 9 September 1998, 14 September 1999, 19 September 2000 (disputed)
    and 11 September 2001', or with `list_dates=False` (the caller lists them)
    ', except in 1998-2001 (dates below)'.
    """
    if not obs.year_dates:
        return ""
    years = sorted(d.date.year for d in obs.year_dates)
    consecutive = years == list(range(years[0], years[-1] + 1))
    span = f"{years[0]}-{years[-1]}" if consecutive and len(years) > 2 else _and([str(y) for y in years])
    if not list_dates:
        return f", except in {span} (dates below)"
    dates = [
        day_month_year(d.date) + ("" if d.status in (Status.PRIMARY, Status.SECONDARY) else f" ({d.status.value})")
        for d in sorted(obs.year_dates, key=lambda d: d.date)
    ]
    return f", except in {span}: {_and(dates)}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
