"""The team's load: phases per person and per ISO week, and big-send clashes.

Pure core: plain data; no file, database or clock is read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.campaigns.model import Campaign, PhaseStatus

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
        """The ISO week as '2027-W18'."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def count(self) -> int:
        """How many phases have work in the week."""
        return len(self.items)

    @property
    def overloaded(self) -> bool:
        """Whether the week breaks a limit (see `problems`)."""
        return bool(self.problems)


@dataclass(frozen=True, slots=True)
class BigSendClash:
    """Two big sends closer than the minimum gap."""

    first: Assignment
    second: Assignment

    @property
    def days(self) -> int:
        """Days between the two big sends."""
        return (self.second.start - self.first.start).days


@dataclass(frozen=True, slots=True)
class Workload:
    """Phases per ISO week between `start` and `end` (inclusive), with the limits used, the weeks over
    them and big sends closer than `min_gap_days` days (`clashes`).
    """

    start: dt.date
    end: dt.date
    weeks: tuple[WeekLoad, ...]
    clashes: tuple[BigSendClash, ...]
    max_per_week: int
    max_per_owner: int
    min_gap_days: int

    @property
    def overloaded(self) -> tuple[WeekLoad, ...]:
        """The weeks that break a limit."""
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
