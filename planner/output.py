"""Plain serialisations of core objects (JSON, CSV, text tables) and atomic file writes.

Standard library only; rendering through templates lives in `render`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import tempfile
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from planner.catalogue.model import Occurrence, Recommendation, Source
from planner.errors import PlannerError

if TYPE_CHECKING:  # annotations only: keep the timeline off the start-up path of every command
    from planner.campaigns.workload import Assignment, WeekLoad


def source_dict(source: Source) -> dict[str, Any]:
    return {"title": source.title, "url": source.url, "document": source.document, "status": source.status.value}


def occurrence_dict(occ: Occurrence) -> dict[str, Any]:
    """The JSON shape of an occurrence, shared by every command that prints occurrences."""
    return {
        "id": occ.id,
        "name": occ.observance.name,
        "kind": occ.observance.kind.value,
        "start": occ.start.isoformat(),
        "end": occ.end.isoformat(),
        "anniversary": None
        if occ.anniversary is None
        else {"number": occ.anniversary.number, "milestone": occ.anniversary.milestone},
        "themes": list(occ.observance.themes),
        "recommendations": [link.id for link in occ.observance.recommendations],
        "sources": [source_dict(s) for s in occ.observance.sources],
    }


def recommendation_dict(rec: Recommendation) -> dict[str, Any]:
    return {
        "id": rec.id,
        "report": rec.report,
        "paragraph": rec.paragraph,
        "item": rec.item,
        "title": rec.title,
        "summary": rec.summary,
        "message": rec.message,
        "themes": list(rec.themes),
        "audiences": list(rec.audiences),
        "citation": rec.citation,
        "instruments": [
            {"as_written": i.as_written, "symbol": i.symbol, "status": i.status.value, "note": i.note}
            for i in rec.instruments
        ],
    }


def assignment_dict(a: Assignment, *, suggested: bool | None = None) -> dict[str, Any]:
    """One phase as the workload sees it; `suggested` is added when the caller knows it."""
    out: dict[str, Any] = {
        "campaign": a.campaign_id,
        "phase": a.key,
        "name": a.name,
        "owner": a.owner,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "big_send": a.big_send,
    }
    if suggested is not None:
        out["suggested"] = suggested
    return out


def week_dict(week: WeekLoad, suggested: frozenset[str] | None = None) -> dict[str, Any]:
    """One ISO week of a workload; with `suggested` (campaign ids), items and big sends say
    which come from suggested timelines."""
    return {
        "week": week.label,
        "monday": week.monday.isoformat(),
        "phases": week.count,
        "big_sends": sum(a.big_send for a in week.items),
        "by_owner": dict(week.by_owner),
        "overloaded": week.overloaded,
        "problems": list(week.problems),
        "items": [
            assignment_dict(a, suggested=None if suggested is None else a.campaign_id in suggested) for a in week.items
        ],
    }


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula.

    A team's own names come from their files; one starting with `=`, `+`, `-` or `@` would be
    evaluated by Excel, LibreOffice or Google Sheets. Such text gets a leading apostrophe, which
    spreadsheets hide; numbers (`-7`) are left as they are.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer with CRLF line ends whose every cell goes through `spreadsheet_safe`."""

    def __init__(self, buf: io.StringIO) -> None:
        self._writer = csv.writer(buf, lineterminator="\r\n")

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


OCCURRENCE_CSV = (
    "id",
    "name",
    "kind",
    "start",
    "end",
    "anniversary",
    "milestone",
    "themes",
    "recommendations",
    "sources",
)


def occurrences_csv(occurrences: Sequence[Occurrence]) -> str:
    buf = io.StringIO()
    writer = SafeCsvWriter(buf)
    writer.writerow(OCCURRENCE_CSV)
    for occ in occurrences:
        d = occurrence_dict(occ)
        writer.writerow(
            [
                d["id"],
                d["name"],
                d["kind"],
                d["start"],
                d["end"],
                "" if occ.anniversary is None else occ.anniversary.number,
                "" if occ.anniversary is None else ("yes" if occ.anniversary.milestone else "no"),
                "; ".join(d["themes"]),
                "; ".join(d["recommendations"]),
                "; ".join(s.url or s.document or s.title for s in occ.observance.sources),
            ]
        )
    return buf.getvalue()


def short_date(day: dt.date, *, year: bool = True) -> str:
    """'Mon 3 May 2027' (or without the year)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if year else text


def when(occ: Occurrence) -> str:
    """'Mon 3 May 2027', or 'Thu 25 Nov to Fri 10 Dec 2027' for a span."""
    if occ.start == occ.end:
        return short_date(occ.start)
    same_year = occ.start.year == occ.end.year
    return f"{short_date(occ.start, year=not same_year)} to {short_date(occ.end)}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int], gap: int = 2) -> str:
    """A plain text table; the last column wraps. Each cell may hold several lines."""
    out: list[str] = []

    def emit(cells: Sequence[str]) -> None:
        columns = [
            [seg for part in cell.split("\n") for seg in (textwrap.wrap(part, width) or [""])]
            for cell, width in zip(cells, widths, strict=True)
        ]
        for i in range(max(len(c) for c in columns)):
            parts = [(c[i] if i < len(c) else "").ljust(w) for c, w in zip(columns, widths, strict=True)]
            out.append((" " * gap).join(parts).rstrip())

    emit(headers)
    out.append((" " * gap).join("-" * w for w in widths))
    for row in rows:
        emit(row)
    return "\n".join(out) + "\n"


def _new_file_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less umask).

    mkstemp makes files readable by their owner only, which is right for a temporary file but
    not for a plan or a feed that a team shares.
    """
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_writer(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write a file completely or not at all: a temporary file renamed into place.

    A symbolic link is followed (the file it points to is replaced, the link stays), and a
    special file such as /dev/null or a named pipe is written directly: renaming over it would
    replace the device itself.
    """
    target = Path(path)
    if target.is_dir():
        raise PlannerError(f"cannot write to {target}: it is a folder; give a file name")
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not target.is_file():
        kwargs_direct: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with open(target, mode, **kwargs_direct) as direct:
            yield direct
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PlannerError(f"cannot write to {target}: folder {folder} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_output(content: str | bytes, path: str | Path | None) -> None:
    """Write to `path` atomically, or to standard output when path is None or '-'."""
    import sys

    import click

    if path is None or str(path) == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            click.echo(content, nl=False)  # drops colour unless stdout is a terminal
        return
    if isinstance(content, str):
        content = click.unstyle(content)  # a file never holds terminal colours
    try:
        with atomic_writer(path, "wb" if isinstance(content, bytes) else "w") as handle:
            handle.write(content)
    except PermissionError:
        raise PlannerError(f"cannot write to {path}: permission denied; choose another file") from None
