"""The work calendar: which days a team works (weekends and public holidays).

Pure core: the holiday lookup comes in as a function (`planner.campaigns.holidays_adapter` builds it
from the `holidays` library).
"""

from __future__ import annotations

import datetime as dt
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

    def why_not_working(self, day: dt.date) -> str | None:
        """'weekend', the holiday's name, or None on a working day."""
        if day.weekday() in self.weekend:
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
