"""Words for people: dates in words, wrapped lines and plain text tables.

The one home for how planner words a date ('Mon 3 May 2027', 'Monday 3 May 2027',
'3 May 2027', 'May 2027'), wraps a line of text, and lays out a terminal table. Tables are
measured in display columns (`wcwidth`), so names in Chinese, Arabic with marks, or with emoji
line up as they show in a terminal, not as Python counts characters.

Standard library and wcwidth only: the core may use it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.catalogue.model import Occurrence

__all__ = [
    "NBSP",
    "day_month_year",
    "display_width",
    "keep_together",
    "long_date",
    "month_year",
    "ordinal",
    "pad",
    "short_date",
    "table",
    "weekday",
    "weekday_date",
    "when",
    "wrap",
    "wrap_text",
]

NBSP = "\xa0"
"""Joins words that `wrap` must keep on one line (see `keep_together`)."""


# -- dates --------------------------------------------------------------------------------------


def short_date(day: dt.date, *, year: bool = True, weekday: bool = True) -> str:
    """'Mon 3 May 2027' (without the year 'Mon 3 May', without the weekday '3 May 2027'):
    tables and terminal output."""
    text = f"{day.day} {day:%b}"
    if weekday:
        text = f"{day:%a} {text}"
    return f"{text} {day.year}" if year else text


def weekday_date(day: dt.date) -> str:
    """'Mon 3 January 2027': a short weekday with the month in full (calendar descriptions)."""
    return f"{day:%a} {day.day} {day:%B %Y}"


def long_date(day: dt.date, *, year: bool = True) -> str:
    """'Monday 3 May 2027' (or 'Monday 3 May' without the year): prose (briefs, plans)."""
    text = f"{day:%A} {day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def day_month_year(day: dt.date, *, year: bool = True) -> str:
    """'20 December 1993' (or '20 December' without the year): a date in the past, such as an
    adoption, or a day in a sentence."""
    text = f"{day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def weekday(day: dt.date, *, short: bool = False) -> str:
    """'Monday' (or 'Mon')."""
    return f"{day:%a}" if short else f"{day:%A}"


def month_year(day: dt.date) -> str:
    """'May 2027': a month heading."""
    return f"{day:%B %Y}"


def when(occ: Occurrence) -> str:
    """An occurrence's dates: 'Mon 3 May 2027', or 'Thu 25 Nov to Fri 10 Dec 2027' for a span."""
    if occ.start == occ.end:
        return short_date(occ.start)
    same_year = occ.start.year == occ.end.year
    return f"{short_date(occ.start, year=not same_year)} to {short_date(occ.end)}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st, 75th, 80th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- wrapping -----------------------------------------------------------------------------------


def keep_together(text: str) -> str:
    """Text whose words `wrap` keeps on one line (a date, '(T0 = first day)')."""
    return text.replace(" ", NBSP)


def wrap(text: str, indent: str = "", first: str | None = None, width: int = 80) -> list[str]:
    """`text` as lines of at most `width` characters, continuation lines starting with
    `indent` and the first with `first` (default: `indent`).

    Never splits a word, an id, a file name or a link: they must stay whole to be copied (a
    rare one longer than the line runs past it). Words joined by `keep_together` stay on one
    line. An empty text is one empty line.
    """
    lines = textwrap.wrap(
        text,
        width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return [line.replace(NBSP, " ") for line in lines] or [""]


def wrap_text(text: str, indent: str = "", width: int = 80) -> str:
    """`text` wrapped as one string (see `wrap`): the first line unindented, the others
    starting with `indent`; no final newline."""
    return "\n".join(wrap(text, indent, "", width))


# -- tables -------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """How many terminal columns `text` takes: wide (East Asian) characters count two,
    combining marks none. A control character (which has no width) counts one."""
    if text.isascii() and text.isprintable():
        return len(text)
    from wcwidth import wcswidth, wcwidth  # only for text beyond printable ASCII

    width = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcwidth(c), 1) for c in text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` display columns."""
    return text + " " * max(0, width - display_width(text))


def _fit(line: str, width: int) -> list[str]:
    """One wrapped line cut further where it is wider on screen than `width` (wide characters)."""
    if display_width(line) <= width:
        return [line]
    out: list[str] = []
    current = ""
    for char in line:
        if current and display_width(current + char) > width:
            out.append(current.rstrip())
            current = char.lstrip()
        else:
            current += char
    out.append(current)
    return out


def _cell_lines(cell: str, width: int) -> list[str]:
    return [
        piece
        for part in cell.split("\n")
        for line in (textwrap.wrap(part, width) or [""])
        for piece in _fit(line, width)
    ]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int], gap: int = 2) -> str:
    """A plain text table: a header row, a rule, then the rows; columns `widths` display columns
    wide. Every cell wraps within its column, and may hold several lines ('\\n')."""
    out: list[str] = []

    def emit(cells: Sequence[str]) -> None:
        columns = [_cell_lines(cell, width) for cell, width in zip(cells, widths, strict=True)]
        for i in range(max(len(c) for c in columns)):
            parts = [pad(c[i] if i < len(c) else "", w) for c, w in zip(columns, widths, strict=True)]
            out.append((" " * gap).join(parts).rstrip())

    emit(headers)
    out.append((" " * gap).join("-" * w for w in widths))
    for row in rows:
        emit(row)
    return "\n".join(out) + "\n"
