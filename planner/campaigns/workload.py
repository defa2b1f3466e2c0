"""The team's load: phases per person and per ISO week, and big-send clashes.

Pure core: plain data; no file, database or clock is read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from planner.campaigns.model import Campaign, Phase, PhaseStatus

NO_OWNER = "(no owner)"
UNASSIGNED = "unassigned"


def owner_label(phase: Phase) -> str:
    """Who a phase counts against: its person, else 'unassigned (writer)', else '(no owner)'."""
    return owner_label_of(phase.owner, phase.role)


def owner_label_of(owner: str, role: str) -> str:
    """`owner_label` from a phase's owner and role."""
    if owner:
        return owner
    return f"{UNASSIGNED} ({role})" if role else NO_OWNER


def is_person(owner: str) -> bool:
    """Whether a workload owner is a person (not '(no owner)' or 'unassigned (role)')."""
    return owner != NO_OWNER and not owner.startswith(UNASSIGNED + " (")


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
    overdue: bool = False


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


def assignments(campaigns: Iterable[Campaign], today: dt.date | None = None) -> list[Assignment]:
    """Every phase still to count (skipped phases are not work), in date order; with `today`,
    open phases past their last day are marked overdue."""
    out = [
        Assignment(
            c.id,
            c.name,
            p.key,
            p.name,
            owner_label(p),
            p.date,
            p.end,
            p.big_send,
            today is not None and p.is_overdue(today),
        )
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
    capacities: Mapping[str, int] | None = None,
    today: dt.date | None = None,
    adjacent_only: bool = False,
) -> Workload:
    """Phases per ISO week and owner between start and end, with the weeks that are too full.

    A phase counts in every week its days touch. A week is overloaded when the team has more
    than `max_per_week` phases in it, or one person more than their capacity (`capacities`, from
    the team roster: name -> phases a week; `max_per_owner` for anyone not on it). Phases given
    to nobody count as 'unassigned (role)' and are never a person's overload. Big sends closer
    than `min_gap_days` to each other are reported when either falls in the range. With
    `today`, overdue phases are marked. `adjacent_only` keeps only the clashes of each big send
    with the next one: the same runs of close sends, in linear time (the plan's flags).
    """
    limits = {k.casefold(): v for k, v in (capacities or {}).items()}
    items = assignments(campaigns, today)
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
            limit = limits.get(owner.casefold(), max_per_owner)
            if n > limit and is_person(owner):
                problems.append(f"{owner} has {n} (more than {limit})")
        iso = monday.isocalendar()
        weeks.append(WeekLoad(iso.year, iso.week, monday, inside, by_owner, tuple(problems)))
    sends = [a for a in items if a.big_send]
    clashes = []
    gap = dt.timedelta(days=min_gap_days)
    for i, first in enumerate(sends):
        for j in range(i + 1, len(sends)):  # by index: a slice would copy the rest of the list each time
            second = sends[j]
            if second.start - first.start >= gap:
                break
            if start <= first.start <= end or start <= second.start <= end:
                clashes.append(BigSendClash(first, second))
            if adjacent_only:
                break
    return Workload(start, end, tuple(weeks), tuple(clashes), max_per_week, max_per_owner, min_gap_days)


def campaigns_between(campaigns: Sequence[Campaign], start: dt.date, end: dt.date) -> list[Campaign]:
    """Campaigns with a phase or their occurrence within start..end, by day then id."""
    return sorted((c for c in campaigns if c.overlaps(start, end)), key=lambda c: (c.day, c.id))


# -- overdue and due ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    """One open phase for the weekly meeting: overdue (past its last day) or coming up."""

    campaign_id: str
    campaign_name: str
    key: str
    name: str
    owner: str
    start: dt.date
    end: dt.date
    status: PhaseStatus
    overdue: bool
    days: int  # days late (overdue) or days until it starts (0: today or under way)


@dataclass(frozen=True, slots=True)
class PersonDue:
    """What one person (or 'unassigned (role)') has overdue and coming up."""

    owner: str
    overdue: tuple[DueItem, ...]
    coming: tuple[DueItem, ...]


class OpenStep(NamedTuple):
    """One open (todo or doing) phase of a campaign, as the due list needs it: what a database
    can select directly (`Store.open_steps`) without reading whole campaigns."""

    campaign_id: str
    campaign_name: str
    key: str
    name: str
    owner: str
    role: str
    start: dt.date
    end: dt.date  # inclusive
    status: PhaseStatus


def open_steps(campaigns: Iterable[Campaign]) -> Iterator[OpenStep]:
    """The open phases of `campaigns`, in campaign then phase order."""
    for c in campaigns:
        for p in c.phases:
            if p.is_open:
                yield OpenStep(c.id, c.name, p.key, p.name, p.owner, p.role, p.date, p.end, p.status)


OVERDUE_LOOKBACK_DAYS = 90
"""The due list shows overdue work whose last day is at most this many days ago; older steps
never marked done or skipped are counted (`OlderOpen`), not listed, so a campaign from years
ago does not bury this week's work. `planner due --all` lists them."""


@dataclass(frozen=True, slots=True)
class OlderOpen:
    """Open steps whose last day is before `before` (older than the due list looks back): how
    many, and in how many campaigns."""

    before: dt.date
    steps: int = 0
    campaigns: int = 0


def older_than(today: dt.date) -> dt.date:
    """The day before which overdue work counts as older (`OVERDUE_LOOKBACK_DAYS` before today)."""
    return today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)


def lookback_start(today: dt.date, lookback_days: int | None) -> dt.date | None:
    """The first last-day the due list still shows as overdue; None: every one."""
    return None if lookback_days is None else today - dt.timedelta(days=lookback_days)


def due(
    campaigns: Iterable[Campaign],
    today: dt.date,
    *,
    days: int = 14,
    owner: str | None = None,
    lookback_days: int | None = None,
) -> tuple[PersonDue, ...]:
    """Per owner, by name (people first, then unassigned work): open phases past their last day,
    and open phases starting within `days` days from today (or under way). `owner` keeps one
    person (case-insensitive); `lookback_days` leaves out overdue work whose last day is more
    than that many days before today (see `older_open`; None: none left out)."""
    return due_from_steps(open_steps(campaigns), today, days=days, owner=owner, lookback_days=lookback_days)


def due_from_steps(
    steps: Iterable[OpenStep],
    today: dt.date,
    *,
    days: int = 14,
    owner: str | None = None,
    lookback_days: int | None = None,
) -> tuple[PersonDue, ...]:
    """`due` from open steps (any order; steps that are neither overdue nor due are ignored)."""
    by_owner: dict[str, tuple[list[DueItem], list[DueItem]]] = {}
    horizon = today + dt.timedelta(days=days)
    since = lookback_start(today, lookback_days)
    wanted = None if owner is None else owner.strip().casefold()
    for s in steps:
        end = s.end
        late = end < today
        if not late and s.start >= horizon:
            continue
        if since is not None and end < since:
            continue
        who = owner_label_of(s.owner, s.role)
        if wanted is not None and who.casefold() != wanted:
            continue
        gap = (today - end).days if late else max((s.start - today).days, 0)
        item = DueItem(s.campaign_id, s.campaign_name, s.key, s.name, who, s.start, end, s.status, late, gap)
        by_owner.setdefault(who, ([], []))[0 if late else 1].append(item)
    order = sorted(by_owner, key=lambda o: (not is_person(o), o.casefold(), o))
    return tuple(
        PersonDue(
            o,
            tuple(sorted(by_owner[o][0], key=lambda i: (i.end, i.campaign_id, i.key))),
            tuple(sorted(by_owner[o][1], key=lambda i: (i.start, i.campaign_id, i.key))),
        )
        for o in order
    )


def older_open(steps: Iterable[OpenStep], today: dt.date, lookback_days: int, *, owner: str | None = None) -> OlderOpen:
    """The open steps the due list leaves out for being older than `lookback_days` (their last
    day before `today - lookback_days`); `owner` counts one person's only."""
    before = today - dt.timedelta(days=lookback_days)
    wanted = None if owner is None else owner.strip().casefold()
    old = [
        s for s in steps if s.end < before and (wanted is None or owner_label_of(s.owner, s.role).casefold() == wanted)
    ]
    return OlderOpen(before, len(old), len({s.campaign_id for s in old}))
