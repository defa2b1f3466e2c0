"""Quarters and dates as users type them."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.errors import UsageProblem
from planner.quarters import Quarter, add_days, parse_date, parse_quarter, parse_year

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027Q1", Quarter(2027, 1)),
        ("2027-Q1", Quarter(2027, 1)),
        ("Q1 2027", Quarter(2027, 1)),
        ("q3 2027", Quarter(2027, 3)),
        (" 2027q4 ", Quarter(2027, 4)),
        ("current", Quarter(2026, 4)),
        ("next", Quarter(2027, 1)),
        ("previous", Quarter(2026, 3)),
        ("NEXT", Quarter(2027, 1)),
    ],
)
def test_quarter_forms(text: str, expected: Quarter) -> None:
    assert parse_quarter(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2027Q5", "Q0 2027", "2027", "next quarter", "", "27Q1"])
def test_bad_quarter_names_the_accepted_forms(text: str) -> None:
    with pytest.raises(UsageProblem, match=r"2027Q1, 2027-Q1, Q1 2027, current, next or previous"):
        parse_quarter(text, TODAY)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2027, 1), dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        (Quarter(2028, 1), dt.date(2028, 1, 1), dt.date(2028, 3, 31)),
        (Quarter(2027, 2), dt.date(2027, 4, 1), dt.date(2027, 6, 30)),
        (Quarter(2027, 3), dt.date(2027, 7, 1), dt.date(2027, 9, 30)),
        (Quarter(2027, 4), dt.date(2027, 10, 1), dt.date(2027, 12, 31)),
    ],
)
def test_quarter_bounds(quarter: Quarter, start: dt.date, end: dt.date) -> None:
    assert (quarter.start, quarter.end) == (start, end)


def test_quarter_shift_crosses_years() -> None:
    assert Quarter(2026, 4).shift(1) == Quarter(2027, 1)
    assert Quarter(2027, 1).shift(-1) == Quarter(2026, 4)
    assert Quarter(2027, 1).shift(8) == Quarter(2029, 1)
    assert str(Quarter(2027, 2)) == "2027Q2"
    assert Quarter(2027, 2).label == "Q2 2027 (April to June)"


def test_dates() -> None:
    assert parse_date("2027-05-03") == dt.date(2027, 5, 3)
    with pytest.raises(UsageProblem, match="use the form YYYY-MM-DD"):
        parse_date("03/05/2027", "--from")
    with pytest.raises(UsageProblem, match="day is out of range"):
        parse_date("2027-04-31", "--from")
    assert parse_year("2027") == 2027
    with pytest.raises(UsageProblem, match="four digits"):
        parse_year("twenty")


def test_quarters_at_the_ends_of_the_calendar() -> None:
    assert Quarter(9999, 4).end == dt.date(9999, 12, 31)
    assert Quarter(1, 1).start == dt.date(1, 1, 1)
    assert parse_quarter("current", dt.date(1, 2, 1)) == Quarter(1, 1)
    for text, today in (("next", dt.date(9999, 12, 31)), ("previous", dt.date(1, 1, 1))):
        with pytest.raises(UsageProblem, match="planner handles the years 1 to 9999"):
            parse_quarter(text, today)
    assert add_days(dt.date(9999, 12, 1), 90) == dt.date.max
    assert add_days(dt.date(1, 1, 5), -10) == dt.date.min
    assert add_days(dt.date(2027, 1, 1), 89) == dt.date(2027, 3, 31)
