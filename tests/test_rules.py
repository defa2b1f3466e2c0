"""Date rules: tables of expected dates (facts.md B.8 and leap-year cases)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.catalogue.model import AnniversaryRule, Feb29, FixedRule, MonthDay, NthWeekdayRule, OnceRule, SpanRule
from planner.catalogue.rules import describe, nth_weekday, span_in_year

MO, TU, WE, TH, FR, SA, SU = range(7)

# facts.md B.8: weekday-rule observances, 2024-2028.
B8 = [
    ("World Habitat Day", NthWeekdayRule(10, MO, 1), ["10-07", "10-06", "10-05", "10-04", "10-02"]),
    ("Road Traffic Victims", NthWeekdayRule(11, SU, 3), ["11-17", "11-16", "11-15", "11-21", "11-19"]),
    ("World Philosophy Day", NthWeekdayRule(11, TH, 3), ["11-21", "11-20", "11-19", "11-18", "11-16"]),
    ("Day of Cooperatives", NthWeekdayRule(7, SA, 1), ["07-06", "07-05", "07-04", "07-03", "07-01"]),
    ("World Maritime Day", NthWeekdayRule(9, TH, -1), ["09-26", "09-25", "09-24", "09-30", "09-28"]),
    ("Migratory Bird Day (May)", NthWeekdayRule(5, SA, 2), ["05-11", "05-10", "05-09", "05-08", "05-13"]),
    ("Migratory Bird Day (Oct)", NthWeekdayRule(10, SA, 2), ["10-12", "10-11", "10-10", "10-09", "10-14"]),
]


@pytest.mark.parametrize(("name", "rule", "expected"), B8, ids=[row[0] for row in B8])
def test_weekday_rules_match_facts_b8(name: str, rule: NthWeekdayRule, expected: list[str]) -> None:
    got = []
    for year in range(2024, 2029):
        span = span_in_year(rule, year)
        assert span is not None and span[0] == span[1]
        got.append(f"{span[0]:%m-%d}")
    assert got == expected


def test_international_day_of_peace_before_2002_was_third_tuesday_of_september() -> None:
    rule = NthWeekdayRule(9, TU, 3)
    assert span_in_year(rule, 1982) == (dt.date(1982, 9, 21), dt.date(1982, 9, 21))
    assert span_in_year(rule, 2001) == (dt.date(2001, 9, 18), dt.date(2001, 9, 18))


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, None),
        (2024, dt.date(2024, 3, 31)),
        (2025, dt.date(2025, 3, 30)),
        (2026, dt.date(2026, 3, 29)),
        (2027, None),
        (2015, dt.date(2015, 3, 29)),
    ],
)
def test_fifth_sunday_exists_only_in_some_years(year: int, expected: dt.date | None) -> None:
    assert nth_weekday(year, 3, SU, 5) == expected


@pytest.mark.parametrize(
    ("policy", "year", "expected"),
    [
        (Feb29.FEB28, 2027, dt.date(2027, 2, 28)),
        (Feb29.MAR1, 2027, dt.date(2027, 3, 1)),
        (Feb29.SKIP, 2027, None),
        (Feb29.FEB28, 2028, dt.date(2028, 2, 29)),
        (Feb29.SKIP, 2028, dt.date(2028, 2, 29)),
        (Feb29.MAR1, 2100, dt.date(2100, 3, 1)),  # 2100 is not a leap year
        (Feb29.SKIP, 2000, dt.date(2000, 2, 29)),  # 2000 is
    ],
)
def test_fixed_29_february_follows_its_policy(policy: Feb29, year: int, expected: dt.date | None) -> None:
    span = span_in_year(FixedRule(2, 29, policy), year)
    assert (span[0] if span else None) == expected


def test_anniversary_of_29_february_and_numbering_starts_a_year_later() -> None:
    rule = AnniversaryRule(dt.date(2004, 2, 29), Feb29.MAR1)
    assert span_in_year(rule, 2004) is None
    assert span_in_year(rule, 2005) == (dt.date(2005, 3, 1), dt.date(2005, 3, 1))
    assert span_in_year(rule, 2008) == (dt.date(2008, 2, 29), dt.date(2008, 2, 29))


SPANS = [
    # 16 Days of Activism: 25 Nov - 10 Dec inclusive, 16 days, crosses a month boundary.
    (SpanRule(MonthDay(11, 25), MonthDay(12, 10)), 2027, dt.date(2027, 11, 25), dt.date(2027, 12, 10), 16),
    # Global Media and Information Literacy Week: 8 days.
    (SpanRule(MonthDay(10, 24), MonthDay(10, 31)), 2026, dt.date(2026, 10, 24), dt.date(2026, 10, 31), 8),
    # A period crossing the year boundary belongs to the year it starts in.
    (SpanRule(MonthDay(12, 20), MonthDay(1, 6)), 2027, dt.date(2027, 12, 20), dt.date(2028, 1, 6), 18),
    # World Interfaith Harmony Week.
    (SpanRule(MonthDay(2, 1), MonthDay(2, 7)), 2028, dt.date(2028, 2, 1), dt.date(2028, 2, 7), 7),
]


@pytest.mark.parametrize(("rule", "year", "start", "end", "days"), SPANS)
def test_spans_are_inclusive_and_may_cross_boundaries(
    rule: SpanRule, year: int, start: dt.date, end: dt.date, days: int
) -> None:
    assert span_in_year(rule, year) == (start, end)
    assert (end - start).days + 1 == days


def test_once_occurs_only_in_its_year() -> None:
    rule = OnceRule(dt.date(2024, 9, 22), dt.date(2024, 9, 23))
    assert span_in_year(rule, 2024) == (dt.date(2024, 9, 22), dt.date(2024, 9, 23))
    assert span_in_year(rule, 2025) is None


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (FixedRule(5, 3), "every year on 3 May"),
        (NthWeekdayRule(11, SU, 3), "every year on the third Sunday of November"),
        (NthWeekdayRule(9, TH, -1), "every year on the last Thursday of September"),
        (SpanRule(MonthDay(11, 25), MonthDay(12, 10)), "every year from 25 November to 10 December"),
        (OnceRule(dt.date(2024, 9, 22), dt.date(2024, 9, 23)), "once, from 22 September 2024 to 23 September 2024"),
        (AnniversaryRule(dt.date(1948, 12, 10)), "every year on 10 December, counting from 10 December 1948"),
        (FixedRule(2, 29, Feb29.SKIP), "every year on 29 February (leap years only)"),
    ],
)
def test_rules_are_described_in_plain_words(rule: object, text: str) -> None:
    assert describe(rule) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "rule",
    [
        FixedRule(12, 10),
        NthWeekdayRule(11, SU, 3),
        SpanRule(MonthDay(12, 20), MonthDay(1, 5)),
        AnniversaryRule(dt.date(1948, 12, 10)),
    ],
)
def test_years_outside_the_calendar_have_no_occurrence(rule: object) -> None:
    for year in (0, dt.MAXYEAR + 1):
        assert span_in_year(rule, year) is None  # type: ignore[arg-type]
    assert span_in_year(SpanRule(MonthDay(12, 20), MonthDay(1, 5)), dt.MAXYEAR) is None  # would end in 10000
    assert span_in_year(SpanRule(MonthDay(11, 25), MonthDay(12, 10)), dt.MAXYEAR) == (
        dt.date(9999, 11, 25),
        dt.date(9999, 12, 10),
    )
