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


# Working days as the holidays library defines them per date. Kelantan (MY-03), Kedah (MY-02)
# and Terengganu (MY-11) keep a Friday-Saturday weekend; Johor (MY-01) kept one until 2024 and
# has a Saturday-Sunday weekend from 2025.
@pytest.mark.parametrize(
    ("country", "day", "why"),
    [
        ("MY-03", D(2027, 5, 6), None),  # Thursday: a working day in Kelantan
        ("MY-03", D(2027, 5, 7), "weekend"),  # Friday
        ("MY-03", D(2027, 5, 8), "weekend"),  # Saturday
        ("MY-03", D(2027, 5, 9), None),  # Sunday: a working day in Kelantan
        ("MY-03", D(2027, 5, 10), None),  # Monday
        ("MY-03", D(2027, 5, 2), "Labor Day (observed)"),  # Labour Day fell on Kelantan's Saturday
        ("MY-02", D(2027, 5, 7), "weekend"),  # Kedah: Friday
        ("MY-11", D(2027, 5, 9), None),  # Terengganu: Sunday works
        ("MY-10", D(2027, 5, 7), None),  # Selangor: Friday works
        ("MY-10", D(2027, 5, 9), "weekend"),  # Selangor: Sunday off
        ("MY-01", D(2024, 12, 27), "weekend"),  # Johor, 2024: Friday off
        ("MY-01", D(2024, 12, 29), None),  # Johor, 2024: Sunday works
        ("MY-01", D(2025, 1, 3), None),  # Johor, 2025: Friday works
        ("MY-01", D(2025, 1, 5), "weekend"),  # Johor, 2025: Sunday off
    ],
)
def test_working_days_per_state_and_year(country: str, day: dt.date, why: str | None) -> None:
    assert work_calendar(country).why_not_working(day) == why


def test_a_deadline_moves_to_the_working_day_before_in_kelantan() -> None:
    """Preparation due on a Friday moves to Thursday in Kelantan, but stays in Selangor."""
    from planner.campaigns.schedule import working_date

    friday, launch = D(2027, 5, 7), D(2027, 5, 17)
    assert working_date(friday, launch, None, work_calendar("MY-03")) == D(2027, 5, 6)
    assert working_date(friday, launch, None, work_calendar("MY-10")) == friday
    sunday = D(2027, 5, 9)
    assert working_date(sunday, launch, None, work_calendar("MY-03")) == sunday
    assert working_date(sunday, launch, None, work_calendar("MY-10")) == D(2027, 5, 7)


def test_the_working_week_in_words() -> None:
    assert work_calendar("MY-03").describe(D(2027, 4, 1), D(2027, 6, 30)) == (
        "Sunday to Thursday, without public holidays in MY-03"
    )
    assert work_calendar("MY-01").describe(D(2024, 10, 1), D(2025, 3, 31)) == (
        "Sunday to Thursday until Tue 31 Dec 2024; from Wed 1 Jan 2025 Monday to Friday, "
        "without public holidays in MY-01"
    )
    assert WEEKENDS_ONLY.describe() == "Monday to Friday, public holidays not avoided (no country set)"
