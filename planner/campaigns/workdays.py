"""The work calendar: which days a team works (weekends and public holidays).

Pure core: the holiday lookup comes in as a function (`planner.campaigns.holidays_adapter` builds it
from the `holidays` library).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from planner.errors import PlannerError

WEEKEND = frozenset({5, 6})
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _no_holidays(day: dt.date) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days a team works: not a weekend day, not a public holiday of its country.

    `holidays` returns the holiday's name, or None on an ordinary day. The adapter
    (`planner.campaigns.holidays_adapter`) builds one from the `holidays` library; tests pass plain dates.
    """

    country: str | None = None
    weekend: frozenset[int] = WEEKEND
    holidays: Callable[[dt.date], str | None] = field(default=_no_holidays, compare=False)
    # The weekend in force on a date, where it differs by year or state (Malaysia's Johor kept a
    # Friday-Saturday weekend until 2024); None: `weekend` on every date.
    weekend_on: Callable[[dt.date], frozenset[int]] | None = field(default=None, compare=False)

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
        """The name of the public holiday on `day`, or None."""
        return self.holidays(day)

    def weekend_days(self, day: dt.date) -> frozenset[int]:
        """The weekdays (0 = Monday) off in the week of `day`."""
        return self.weekend if self.weekend_on is None else self.weekend_on(day)

    def is_weekend(self, day: dt.date) -> bool:
        return day.weekday() in self.weekend_days(day)

    def why_not_working(self, day: dt.date) -> str | None:
        """'weekend', the holiday's name, or None on a working day."""
        if self.is_weekend(day):
            return "weekend"
        return self.holidays(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether `day` is neither a weekend day nor a public holiday."""
        return self.why_not_working(day) is None

    def previous_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the closest working day before it."""
        return self._step(day, -1)

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the next working day after it."""
        return self._step(day, +1)

    def _step(self, day: dt.date, direction: int) -> dt.date:
        current = day
        for _ in range(370):  # a year of holidays in a row would be a broken calendar
            if self.is_working_day(current):
                return current
            current += dt.timedelta(days=direction)
        raise PlannerError(f"no working day within a year of {day}; check the country's calendar")

    def describe(self, start: dt.date | None = None, end: dt.date | None = None) -> str:
        """In words, e.g. 'Monday to Friday, without public holidays in GB'; between `start` and
        `end`, a weekend that changes is told with its dates ('Sunday to Thursday until Tue 31 Dec
        2024, then Monday to Friday')."""
        spans = []
        if start is not None and end is not None and self.weekend_on is not None:
            day, current, since = start, self.weekend_days(start), start
            while day <= end:
                weekend = self.weekend_days(day)
                if weekend != current:
                    spans.append((since, day - dt.timedelta(days=1), current))
                    current, since = weekend, day
                day += dt.timedelta(days=1)
            spans.append((since, end, current))
        else:
            spans.append((start or dt.date.min, end or dt.date.max, self.weekend_days(start or dt.date(2000, 1, 3))))
        if len(spans) == 1:
            words = _working_days(spans[0][2])
        else:
            parts = [
                f"{_working_days(w)} until {_short(last)}" if i == 0 else f"from {_short(first)} {_working_days(w)}"
                for i, (first, last, w) in enumerate(spans)
            ]
            words = "; ".join(parts)
        if self.country:
            return f"{words}, without public holidays in {self.country}"
        return f"{words}, public holidays not avoided (no country set)"


def _short(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _working_days(weekend: frozenset[int]) -> str:
    """'Monday to Friday', 'Sunday to Thursday' (a Friday-Saturday weekend), or a list."""
    days = [i for i in range(7) if i not in weekend]
    # the working week as it runs: from the day after the weekend's last day
    first = next((d for d in days if (d - 1) % 7 in weekend), days[0])
    order = [(first + k) % 7 for k in range(7) if (first + k) % 7 in days]
    contiguous = len(order) == 1 or all((b - a) % 7 == 1 for a, b in itertools.pairwise(order))
    if contiguous and len(order) > 1:
        return f"{_DAY_NAMES[order[0]]} to {_DAY_NAMES[order[-1]]}"
    return ", ".join(_DAY_NAMES[d] for d in order)


WEEKENDS_ONLY = WorkCalendar()
