"""The date engine: properties against dateutil's rrule, sorting, range and numbering."""

from __future__ import annotations

import calendar
import datetime as dt

from dateutil.rrule import YEARLY, rrule, weekday
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.catalogue.model import (
    AnniversaryRule,
    FixedRule,
    Kind,
    MonthDay,
    NthWeekdayRule,
    Observance,
    OnceRule,
    Rule,
    Source,
    SpanRule,
    Status,
)
from planner.catalogue.occurrences import between, next_occurrence

SRC = (Source(title="test", status=Status.UNVERIFIED, document="test"),)


def obs(rule: Rule, oid: str = "x", kind: Kind = Kind.DAY, **kw: object) -> Observance:
    return Observance(id=oid, name=oid, kind=kind, rule=rule, themes=("t",), proclaimed_by="UNGA", sources=SRC, **kw)  # type: ignore[arg-type]


dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))
months = st.integers(1, 12)


@st.composite
def ranges(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    start = draw(dates)
    days = draw(st.integers(0, 3 * 366))
    return start, start + dt.timedelta(days=days)


@st.composite
def month_days(draw: st.DrawFn) -> MonthDay:
    month = draw(months)
    day = draw(st.integers(1, calendar.monthrange(2001, month)[1]))  # no 29 Feb
    return MonthDay(month, day)


@given(md=month_days(), rng=ranges())
def test_fixed_agrees_with_rrule(md: MonthDay, rng: tuple[dt.date, dt.date]) -> None:
    start, end = rng
    expected = [d.date() for d in rrule(YEARLY, bymonth=md.month, bymonthday=md.day, dtstart=start, until=end)]
    got = [o.start for o in between([obs(FixedRule(md.month, md.day))], start, end)]
    assert got == expected


@given(month=months, wd=st.integers(0, 6), n=st.sampled_from([1, 2, 3, 4, 5, -1]), rng=ranges())
def test_nth_weekday_agrees_with_rrule(month: int, wd: int, n: int, rng: tuple[dt.date, dt.date]) -> None:
    start, end = rng
    expected = [d.date() for d in rrule(YEARLY, bymonth=month, byweekday=weekday(wd)(n), dtstart=start, until=end)]
    got = [o.start for o in between([obs(NthWeekdayRule(month, wd, n))], start, end)]
    assert got == expected


@given(first=month_days(), last=month_days(), rng=ranges())
def test_span_starts_agree_with_rrule_and_ends_are_inclusive(
    first: MonthDay, last: MonthDay, rng: tuple[dt.date, dt.date]
) -> None:
    start, end = rng
    rule = SpanRule(first, last)
    got = between([obs(rule, kind=Kind.PERIOD)], start, end)
    # rrule gives every start; keep those whose span overlaps the range.
    lookback = start - dt.timedelta(days=370)
    starts = [d.date() for d in rrule(YEARLY, bymonth=first.month, bymonthday=first.day, dtstart=lookback, until=end)]
    expected = []
    for s in starts:
        e = dt.date(s.year + (1 if rule.crosses_year else 0), last.month, last.day)
        if e >= start:
            expected.append((s, e))
    assert [(o.start, o.end) for o in got] == expected
    for o in got:
        assert o.end >= o.start and o.days <= 366


@given(founded=dates, rng=ranges())
def test_anniversaries_agree_with_rrule_and_are_numbered(founded: dt.date, rng: tuple[dt.date, dt.date]) -> None:
    if (founded.month, founded.day) == (2, 29):
        founded = founded.replace(day=28)
    start, end = rng
    rule = AnniversaryRule(founded)
    first = dt.date(founded.year + 1, founded.month, founded.day)
    expected = [d.date() for d in rrule(YEARLY, dtstart=first, until=end) if d.date() >= start]
    got = between([obs(rule, kind=Kind.ANNIVERSARY)], start, end, every_anniversary=True)
    assert [o.start for o in got] == expected
    for o in got:
        assert o.anniversary is not None
        assert o.anniversary.number == o.start.year - founded.year >= 1
        assert o.anniversary.milestone == (o.anniversary.number == 1 or o.anniversary.number % 5 == 0)
    milestones = between([obs(rule, kind=Kind.ANNIVERSARY)], start, end)
    assert [o.start for o in milestones] == [o.start for o in got if o.anniversary and o.anniversary.milestone]


RULES = st.one_of(
    st.builds(lambda md: FixedRule(md.month, md.day), month_days()),
    st.builds(NthWeekdayRule, months, st.integers(0, 6), st.sampled_from([1, 2, 3, 4, 5, -1])),
    st.builds(SpanRule, month_days(), month_days()),
    st.builds(lambda d, n: OnceRule(d, d + dt.timedelta(days=n)), dates, st.integers(0, 20)),
    st.builds(lambda d: AnniversaryRule(d.replace(day=28) if (d.month, d.day) == (2, 29) else d), dates),
)
KIND_OF = {
    "fixed": Kind.DAY,
    "nth_weekday": Kind.DAY,
    "span": Kind.PERIOD,
    "once": Kind.EVENT,
    "anniversary": Kind.ANNIVERSARY,
}


@settings(max_examples=200)
@given(rules=st.lists(RULES, min_size=1, max_size=8), rng=ranges(), every=st.booleans())
def test_occurrences_are_sorted_inside_the_range_and_never_duplicated(
    rules: list[Rule], rng: tuple[dt.date, dt.date], every: bool
) -> None:
    start, end = rng
    observances = [obs(r, oid=f"o{i}", kind=KIND_OF[r.kind]) for i, r in enumerate(rules)]
    got = between(observances, start, end, every_anniversary=every)
    keys = [o.sort_key() for o in got]
    assert keys == sorted(keys)
    assert len({(o.id, o.start) for o in got}) == len(got)
    for o in got:
        assert o.start <= end and o.end >= start, "an occurrence overlaps the range"


def test_valid_from_and_valid_to_bound_the_years() -> None:
    peace_old = obs(NthWeekdayRule(9, 1, 3), valid_from=1982, valid_to=2001)
    got = between([peace_old], dt.date(1970, 1, 1), dt.date(2010, 12, 31))
    assert [o.start.year for o in got] == list(range(1982, 2002))
    womens = obs(FixedRule(3, 8), first_observed=1975)
    assert between([womens], dt.date(1974, 1, 1), dt.date(1975, 12, 31))[0].start == dt.date(1975, 3, 8)


def test_udhr_80th_is_a_milestone_on_a_sunday_in_2028() -> None:
    udhr = obs(AnniversaryRule(dt.date(1948, 12, 10)), oid="udhr-anniversary", kind=Kind.ANNIVERSARY)
    got = between([udhr], dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    assert [(o.start, o.anniversary.number if o.anniversary else None) for o in got] == [(dt.date(2028, 12, 10), 80)]
    assert got[0].start.strftime("%A") == "Sunday"
    assert len(between([udhr], dt.date(2026, 1, 1), dt.date(2030, 12, 31), every_anniversary=True)) == 5


def test_own_milestones_replace_the_default() -> None:
    o = obs(AnniversaryRule(dt.date(2000, 1, 1)), kind=Kind.ANNIVERSARY, milestones=(10, 25))
    got = between([o], dt.date(2001, 1, 1), dt.date(2030, 12, 31))
    assert [x.anniversary.number for x in got if x.anniversary] == [10, 25]


def test_span_overlapping_the_start_of_a_range_is_included() -> None:
    sixteen = obs(SpanRule(MonthDay(11, 25), MonthDay(12, 10)), kind=Kind.PERIOD)
    got = between([sixteen], dt.date(2027, 12, 1), dt.date(2027, 12, 31))
    assert [(o.start, o.end) for o in got] == [(dt.date(2027, 11, 25), dt.date(2027, 12, 10))]


def test_filters_by_theme_and_kind() -> None:
    a = obs(FixedRule(5, 3), oid="a")
    b = Observance(
        id="b",
        name="b",
        kind=Kind.WEEK,
        rule=SpanRule(MonthDay(5, 1), MonthDay(5, 7)),
        themes=("u",),
        proclaimed_by="x",
        sources=SRC,
    )
    rng = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert [o.id for o in between([a, b], *rng, themes=["u"])] == ["b"]
    assert [o.id for o in between([a, b], *rng, kinds=["day"])] == ["a"]
    assert [o.id for o in between([a, b], *rng)] == ["b", "a"]  # by date, then id


def test_next_occurrence() -> None:
    summit = obs(OnceRule(dt.date(2024, 9, 22), dt.date(2024, 9, 23)), kind=Kind.EVENT)
    assert next_occurrence(summit, dt.date(2026, 1, 1)) is None
    assert next_occurrence(summit, dt.date(2024, 1, 1)) is not None
    press = obs(FixedRule(5, 3))
    nxt = next_occurrence(press, dt.date(2027, 5, 4))
    assert nxt is not None and nxt.start == dt.date(2028, 5, 3)


def test_the_first_and_last_years_of_the_calendar_do_not_crash() -> None:
    days = [
        obs(FixedRule(12, 10), "fixed"),
        obs(SpanRule(MonthDay(12, 20), MonthDay(1, 5)), "crossing", Kind.PERIOD),
        obs(AnniversaryRule(dt.date(1948, 12, 10)), "anniv", Kind.ANNIVERSARY),
    ]
    first = between(days, dt.date(1, 1, 1), dt.date(1, 12, 31), every_anniversary=True)
    assert [(o.id, o.start) for o in first] == [("fixed", dt.date(1, 12, 10)), ("crossing", dt.date(1, 12, 20))]
    last = between(days, dt.date(9999, 1, 1), dt.date.max, every_anniversary=True)
    assert [(o.id, o.start) for o in last] == [
        ("crossing", dt.date(9998, 12, 20)),
        ("anniv", dt.date(9999, 12, 10)),
        ("fixed", dt.date(9999, 12, 10)),
    ]
    assert next_occurrence(days[0], dt.date.max) is None
    found = next_occurrence(days[0], dt.date.min)
    assert found is not None and found.start == dt.date(1, 12, 10)
