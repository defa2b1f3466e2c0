"""One JSON and CSV shape per object, used by every command, the web front end and export.

- `occurrence_dict`, `recommendation_dict`, `source_dict`: the catalogue's shapes.
- `campaign_dict`, `phase_dict`: the one campaign shape (`campaign show`, `campaign list`,
  `campaign new --format json`, `plan --format json`); the export file (`planner export`) holds
  the same keys for what it stores (see `campaigns.files.campaign_record`).
- `assignment_dict`, `week_dict`, `workload_dict`: the workload's shapes (`workload`, `plan`).
- `to_json`: indented UTF-8 JSON with a final newline; `SafeCsvWriter`: CSV whose cells never
  run as spreadsheet formulas.

Dates are ISO 8601 strings (`YYYY-MM-DD`), timestamps ISO 8601 in UTC with a `Z`.
Standard library only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: plain data in, plain data out
    from planner.campaigns.model import Campaign, Phase
    from planner.campaigns.workload import Assignment, OlderOpen, WeekLoad, Workload
    from planner.catalogue.model import Occurrence, Recommendation, Source


def source_dict(source: Source) -> dict[str, Any]:
    """A source as users see it: `title, url, document, publisher, kind, status, checked` (kind:
    instrument, official or organiser; status: primary, secondary or unverified; checked: the month,
    YYYY-MM, it was last confirmed)."""
    return {
        "title": source.title,
        "url": source.url,
        "document": source.document,
        "publisher": source.publisher,
        "kind": source.kind.value if source.kind else None,
        "status": source.status.value,
        "checked": source.checked,
    }


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
    """A recommendation: `id, report, paragraph, item, title, summary, themes, audiences, citation,
    instruments`.
    """
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
        "overdue": a.overdue,
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
    """Indented JSON (UTF-8 characters kept) with a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


BOM = "\ufeff"
"""The UTF-8 byte-order mark that a CSV file starts with, so Excel reads its accents."""

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
        """Write one row, every cell made spreadsheet-safe."""
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
    """Occurrences as CSV (CRLF line ends): the `OCCURRENCE_CSV` columns; lists joined with '; '."""
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
                "; ".join(
                    (s.url or s.document or s.title) + ("" if s.status.value == "primary" else f" ({s.status.value})")
                    for s in occ.observance.sources
                ),
            ]
        )
    return buf.getvalue()


def timestamp(value: dt.datetime) -> str:
    """An aware datetime as ISO 8601 in UTC with a `Z`: '2026-11-21T09:30:00Z'."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def phase_dict(c: Campaign, p: Phase, today: dt.date | None = None) -> dict[str, Any]:
    """The one JSON shape of a phase: `date` and `end` (inclusive), `days_from_day` (T-days),
    `role` (the template's, e.g. 'writer') and `owner` (the person), `overdue` (past its last
    day on `today` and neither done nor skipped; false without `today`), `scheduled` (the
    plan's date) and `manual_date` (set by hand, else null), `duration_days`."""
    return {
        "key": p.key,
        "name": p.name,
        "date": p.date.isoformat(),
        "end": p.end.isoformat(),
        "days_from_day": c.days_from_day(p),
        "role": p.role,
        "owner": p.owner,
        "status": p.status.value,
        "overdue": today is not None and p.is_overdue(today),
        "note": p.note,
        "scheduled": p.scheduled.isoformat(),
        "manual_date": None if p.manual_date is None else p.manual_date.isoformat(),
        "duration_days": p.duration_days,
        "offset": str(p.offset),
        "big_send": p.big_send,
        "constraint": None if p.constraint is None else p.constraint.value,
        "sequence": p.sequence,
        "updated_at": None if p.updated_at is None else timestamp(p.updated_at),
    }


def campaign_head(c: Campaign) -> dict[str, Any]:
    """What every campaign shape starts with, the JSON outputs and the export file alike:
    `id, observance, year, name, template, owner, country`."""
    return {
        "id": c.id,
        "observance": c.observance_id,
        "year": c.year,
        "name": c.name,
        "template": c.template,
        "owner": c.owner,
        "country": c.country,
    }


def campaign_dict(c: Campaign, *, phases: bool | Sequence[Phase], today: dt.date | None = None) -> dict[str, Any]:
    """The one JSON shape of a campaign: `id, observance, year, name, template`, then the rest.

    `phases`: True for every phase in timeline order (`phase_dict`), a sequence for those
    phases only (the plan: phases in the quarter), False for counts (`phases_done`,
    `phases_total`, `phases_overdue`) instead. `overdue`: whether any phase is overdue on
    `today` (false without it).
    """
    out: dict[str, Any] = {
        **campaign_head(c),
        "status": c.status.value,
        "day": c.day.isoformat(),
        "starts": c.starts.isoformat(),
        "ends": c.ends.isoformat(),
        "first": c.first.isoformat(),
        "last": c.last.isoformat(),
        "created_at": timestamp(c.created_at),
        "updated_at": timestamp(c.updated_at),
    }
    late = len(c.overdue(today)) if today is not None else 0
    out["overdue"] = late > 0
    if phases is False:
        out["phases_done"] = sum(p.status.value in ("done", "skipped") for p in c.phases)
        out["phases_total"] = len(c.phases)
        out["phases_overdue"] = late
    else:
        chosen = c.timeline() if phases is True else phases
        out["phases"] = [phase_dict(c, p, today) for p in chosen]
    return out


def workload_dict(w: Workload) -> dict[str, Any]:
    """A workload: its range, limits, ISO weeks (`week_dict`) and big sends too close together."""
    return {
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "limits": {"max_per_week": w.max_per_week, "max_per_owner": w.max_per_owner, "min_gap_days": w.min_gap_days},
        "weeks": [week_dict(wk) for wk in w.weeks],
        "big_sends_too_close": [
            {"first": assignment_dict(c.first), "second": assignment_dict(c.second), "days": c.days} for c in w.clashes
        ],
    }


def older_dict(older: OlderOpen) -> dict[str, Any]:
    """Open steps too old for the due list (`OlderOpen`): before, steps, campaigns."""
    return {"before": older.before.isoformat(), "steps": older.steps, "campaigns": older.campaigns}
