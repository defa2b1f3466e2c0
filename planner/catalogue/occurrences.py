"""What happens between two dates: occurrences of observances and numbered anniversaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from planner.catalogue.model import Anniversary, AnniversaryRule, Kind, Observance, Occurrence, OnceRule
from planner.catalogue.rules import span_in_year


def _years(observance: Observance, start: dt.date, end: dt.date) -> range:
    """Years whose occurrence may overlap [start, end]; a span may begin the year before."""
    rule = observance.rule
    if isinstance(rule, OnceRule):
        return range(rule.start.year, rule.start.year + 1)
    first = max(start.year - 1, dt.MINYEAR)
    last = end.year
    if observance.first_year is not None:
        first = max(first, observance.first_year)
    if observance.valid_to is not None:
        last = min(last, observance.valid_to)
    return range(first, last + 1)


def occurrences_of(
    observance: Observance,
    start: dt.date,
    end: dt.date,
    *,
    every_anniversary: bool = True,
) -> Iterator[Occurrence]:
    """Occurrences of one observance overlapping `start`..`end` (both inclusive), in order."""
    rule = observance.rule
    for year in _years(observance, start, end):
        if observance.first_year is not None and year < observance.first_year:
            continue
        if observance.valid_to is not None and year > observance.valid_to:
            continue
        special = observance.year_date(year)
        span = (special.date, special.date) if special is not None else span_in_year(rule, year)
        if span is None or span[1] < start or span[0] > end:
            continue
        anniversary = None
        if isinstance(rule, AnniversaryRule):
            number = year - rule.date.year
            milestone = observance.is_milestone(number)
            if not (every_anniversary or milestone):
                continue
            anniversary = Anniversary(number=number, milestone=milestone)
        yield Occurrence(observance=observance, start=span[0], end=span[1], anniversary=anniversary)


def between(
    observances: Iterable[Observance],
    start: dt.date,
    end: dt.date,
    *,
    every_anniversary: bool = False,
    themes: Iterable[str] = (),
    kinds: Iterable[Kind | str] = (),
) -> list[Occurrence]:
    """Occurrences overlapping `start`..`end` inclusive, sorted by start date then id.

    Anniversaries appear in their milestone years only, unless `every_anniversary`.
    `themes` keeps observances with any of the themes; `kinds` keeps those kinds.
    """
    if end < start:
        return []
    wanted_themes = frozenset(themes)
    wanted_kinds = frozenset(Kind(k) for k in kinds)
    found: list[Occurrence] = []
    for obs in observances:
        if wanted_kinds and obs.kind not in wanted_kinds:
            continue
        if wanted_themes and wanted_themes.isdisjoint(obs.themes):
            continue
        found.extend(occurrences_of(obs, start, end, every_anniversary=every_anniversary))
    found.sort(key=Occurrence.sort_key)
    return found


def next_occurrence(observance: Observance, after: dt.date, *, horizon_years: int = 200) -> Occurrence | None:
    """The first occurrence ending on or after `after` (every anniversary counts): the one under
    way on `after`, else the next; None when there is none within `horizon_years`.

    A one-off period (e.g. a UN decade) is found while it is under way, however long ago it began.
    """
    first = after.year - 1
    if isinstance(observance.rule, OnceRule):
        first = min(first, observance.rule.start.year)
    for year in range(max(first, dt.MINYEAR), min(after.year + horizon_years, dt.MAXYEAR + 1)):
        for occ in occurrences_of(observance, dt.date(year, 1, 1), dt.date(year, 12, 31)):
            if occ.end >= after and occ.start.year == year:
                return occ
    return None
