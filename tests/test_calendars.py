"""Working-day calendars from the holidays library."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.campaigns.holidays_adapter import normalise_country, work_calendar
from planner.campaigns.workdays import WEEKENDS_ONLY
from planner.errors import UsageProblem

D = dt.date


@pytest.mark.parametrize(
    ("country", "day", "expected"),
    [
        ("GB", D(2027, 3, 26), "Good Friday"),
        ("GB", D(2027, 5, 3), "May Day"),
        ("GB", D(2027, 3, 29), None),  # Easter Monday is not a holiday in Scotland, so not UK-wide
        ("GB-ENG", D(2027, 3, 29), "Easter Monday"),
        ("gb-sct", D(2027, 1, 4), "New Year Holiday (observed)"),
        ("DE", D(2027, 3, 26), "Good Friday"),  # English names where the library has them
        ("KE", D(2027, 6, 1), "Madaraka Day"),
    ],
)
def test_holidays_of_a_country(country: str, day: dt.date, expected: str | None) -> None:
    assert work_calendar(country).holiday(day) == expected


def test_no_country_means_weekends_only() -> None:
    assert work_calendar(None) is WEEKENDS_ONLY
    assert work_calendar("") is WEEKENDS_ONLY
    assert work_calendar("GB").describe() == "Monday to Friday, without public holidays in GB"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("XX", "unknown country 'XX'"),
        ("Britain", "use an ISO 3166 country code such as GB"),
        ("GB-XYZ", "unknown subdivision 'XYZ' of GB; use one of: ENG, NIR, SCT, WLS"),
    ],
)
def test_unknown_countries_say_what_works(text: str, message: str) -> None:
    with pytest.raises(UsageProblem, match=message):
        normalise_country(text)


def test_country_codes_are_normalised() -> None:
    assert normalise_country(" gb_eng ") == "GB-ENG"
    assert normalise_country("ke") == "KE"
