"""Working-day calendars from the `holidays` library: the adapter behind `WorkCalendar`.

A team's country is an ISO 3166 code (`GB`, `KE`), optionally with a subdivision (`GB-ENG`,
`US-NY`, `DE-BE`). Holiday names are in English where the library has an English translation.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from planner.campaigns.workdays import WEEKENDS_ONLY, WorkCalendar
from planner.errors import UnknownId, UsageProblem


def normalise_country(text: str | None) -> str | None:
    """'gb-eng ' -> 'GB-ENG'; empty -> None. Checked against the holidays library."""
    if text is None or not text.strip():
        return None
    value = text.strip().upper().replace("_", "-").replace("/", "-")
    code, _, subdiv = value.partition("-")
    supported = _supported()
    if code not in supported:
        unknown = UnknownId("country", code, supported)
        raise UsageProblem(
            f"{unknown.message} (use an ISO 3166 country code such as GB or KE, or GB-ENG for part of one)"
        )
    known = supported[code]
    if subdiv and subdiv not in known:
        if not known:
            raise UsageProblem(f"country {code} has no subdivisions in the holiday calendar; use {code} alone")
        if len(known) <= 20:
            raise UsageProblem(f"unknown subdivision '{subdiv}' of {code}; use one of: {', '.join(known)}")
        raise UnknownId(f"subdivision of {code}", subdiv, known)
    return f"{code}-{subdiv}" if subdiv else code


@cache
def _supported() -> dict[str, list[str]]:
    import holidays

    return {k.upper(): [str(s).upper() for s in v] for k, v in holidays.list_supported_countries().items()}


def work_calendar(country: str | None) -> WorkCalendar:
    """The working days of a team in `country`; without a country, Monday to Friday only."""
    code = normalise_country(country)
    if code is None:
        return WEEKENDS_ONLY
    return _calendar(code)


@cache
def _calendar(code: str) -> WorkCalendar:
    import holidays

    country, _, subdiv = code.partition("-")
    probe = holidays.country_holidays(country, subdiv=subdiv or None)
    languages = tuple(getattr(probe, "supported_languages", ()))
    language = next((lang for lang in ("en_GB", "en_US") if lang in languages), None)
    table = holidays.country_holidays(country, subdiv=subdiv or None, language=language) if language else probe
    weekend = frozenset(int(d) for d in getattr(table, "weekend", WEEKENDS_ONLY.weekend))
    working_weekend_days = frozenset(getattr(table, "weekend_workdays", ()) or ())

    def holiday(day: dt.date) -> str | None:
        name = table.get(day)
        if name is None and day in working_weekend_days:
            return None
        return None if name is None else str(name)

    @lru_cache(maxsize=8192)
    def weekend_on(day: dt.date) -> frozenset[int]:
        # The library decides per date: a state's weekend can change from one year to the next.
        # The weekend in force on `day` is read off seven days of the same year around it.
        first = day if (day + dt.timedelta(days=6)).year == day.year else day - dt.timedelta(days=6)
        week = [first + dt.timedelta(days=i) for i in range(7)]
        return frozenset(d.weekday() for d in week if table.is_weekend(d))

    return WorkCalendar(country=code, weekend=weekend, holidays=holiday, weekend_on=weekend_on)
