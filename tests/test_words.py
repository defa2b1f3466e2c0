"""Dates in words, wrapping and terminal tables measured in display columns."""

from __future__ import annotations

import datetime as dt

from planner.words import (
    day_month_year,
    display_width,
    keep_together,
    long_date,
    month_year,
    short_date,
    table,
    weekday_date,
    wrap,
    wrap_text,
)

DAY = dt.date(2027, 5, 3)


def test_dates_in_words() -> None:
    assert short_date(DAY) == "Mon 3 May 2027"
    assert short_date(DAY, year=False) == "Mon 3 May"
    assert short_date(DAY, weekday=False) == "3 May 2027"
    assert weekday_date(dt.date(2027, 1, 4)) == "Mon 4 January 2027"
    assert long_date(DAY) == "Monday 3 May 2027"
    assert day_month_year(dt.date(1993, 12, 20)) == "20 December 1993"
    assert month_year(DAY) == "May 2027"


def test_wrap_never_splits_ids_or_kept_words() -> None:
    text = "see world-press-freedom-day-2027 and " + keep_together("Mon 3 May 2027") + " " + "x" * 90
    lines = wrap(text, "    ", "", 30)
    assert "world-press-freedom-day-2027" in lines[0] + lines[1]
    assert any("Mon 3 May 2027" in line for line in lines)
    assert "x" * 90 in lines[-1]  # a word longer than the line runs past it
    assert wrap("") == [""]
    assert wrap_text("a " * 50, "  ", 20).count("\n") == 5


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("人权日") == 6  # wide characters take two columns
    assert display_width("e\u0301") == 1  # a combining accent takes none


def test_table_lines_up_wide_characters() -> None:
    text = table(("Day", "Name"), [("人权日", "Human Rights Day"), ("Día", "x")], (8, 20))
    lines = text.splitlines()
    # the second column starts at the same display column on every line
    starts = [display_width(line[: line.index(word)]) for line, word in zip(lines[2:], ("Human", "x"), strict=True)]
    assert starts == [10, 10]


def test_table_wraps_wide_text_within_its_column() -> None:
    text = table(("Name",), [("人权" * 10,)], (10,))
    assert all(display_width(line) <= 10 for line in text.splitlines())
    assert text.replace("\n", "").replace("-", "").replace("Name", "").replace(" ", "") == "人权" * 10
