"""Messaging that belongs to a day: core message, angles, dated proof points, calls to action.

Core data (no I/O): `planner.briefs.content_file` reads it from `messaging.yaml`. Every observance
the reports name and every high-priority day has an entry; other days get none, and their brief
marks plainly what the team must write. Facts in proof points carry their source and the date they
refer to; a figure that ages (`ages`) is also listed under "Check before publishing".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

CORE_WORDS = 30  # a core message is at most this many words
ANGLES = (2, 3)  # how many angles a day carries
_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def words(text: str) -> int:
    """Words as a reader counts them: runs of letters, digits and apostrophes."""
    return len(re.findall(r"[\w'’-]+", text))


def date_in_words(iso: str) -> str:
    """'1948-12-10' -> '10 December 1948'; '2013-09' -> 'September 2013'; '1975' -> '1975'.

    Raises ValueError for anything else (the reader turns it into a file:line error)."""
    m = _DATE.match(iso)
    if not m:
        raise ValueError(f"'{iso}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(m["y"]), m["m"], m["d"]
    if month is None:
        return str(year)
    if day is None:
        return f"{dt.date(year, int(month), 1):%B} {year}"
    d = dt.date(year, int(month), int(day))
    return f"{d.day} {d:%B} {year}"


@dataclass(frozen=True, slots=True)
class ProofSource:
    """Where a proof point comes from: the body and the document or page, with its address if any."""

    publisher: str
    title: str
    url: str = ""

    @property
    def shown(self) -> str:
        """'United Nations, Human Rights Day: https://...'."""
        base = f"{self.publisher}, {self.title}"
        return f"{base}: {self.url}" if self.url else base


@dataclass(frozen=True, slots=True)
class DatedProof:
    """A fact for the public, with the date it refers to and its source."""

    text: str
    date: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    source: ProofSource
    ages: bool = False  # a count or figure that changes over time: check it before publishing

    @property
    def when(self) -> str:
        return date_in_words(self.date)


@dataclass(frozen=True, slots=True)
class Angle:
    """One way into the day's story, tied to one of the day's own themes."""

    theme: str
    text: str


@dataclass(frozen=True, slots=True)
class DayMessaging:
    """The messaging for one observance (by id)."""

    observance: str
    core_message: str
    angles: tuple[Angle, ...]
    proof_points: tuple[DatedProof, ...]
    calls_to_action: Mapping[str, str] = field(default_factory=dict)  # audience id -> line
    origin: str = ""  # file:line, for messages about the entry


Messaging = Mapping[str, DayMessaging]
