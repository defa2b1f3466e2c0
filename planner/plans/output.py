"""The quarterly plan on paper and for scripts: Markdown, HTML, CSV and JSON.

`plan_dict` and `plan_csv` are plain serialisations (standard library). `plan_view` turns a
`Plan` into display-ready named tuples (dates written out, the Gantt chart's geometry, the month
grid) that both `templates/plan.md.j2` and `templates/plan.html.j2` lay out; `render_plan` renders
them through `planner.render`'s one Jinja2 Environment. Everything is sorted and derived from the
plan alone, so the same plan renders to the same bytes.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any, NamedTuple

from planner.campaigns.model import PhaseStatus
from planner.campaigns.workload import DueItem, PersonDue, iso_weeks
from planner.catalogue.model import Occurrence, Priority, Recommendation
from planner.plans.build import Flag, LeadIn, Moment, Plan, PlannedCampaign, PlannedObservance
from planner.serialise import (
    SafeCsvWriter,
    campaign_dict,
    occurrence_dict,
    older_dict,
    spreadsheet_safe,
    to_json,
    week_dict,
)
from planner.words import month_year, short_date, weekday

FORMATS = ("md", "html", "pdf", "xlsx", "csv", "json")
EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".json": "json",
}
PRIORITY_WORDS = {
    Priority.HIGH: "named in the reports, or set high by your team",
    Priority.MEDIUM: "linked to the reports' recommendations",
    Priority.LOW: "the rest",
}


def render_plan(plan: Plan, fmt: str) -> str | bytes:
    """The plan as text (md, html, csv, json) or bytes (pdf, xlsx) in one of FORMATS.

    The PDF is the HTML plan laid out for A4 by WeasyPrint (the `pdf` extra): a one-page summary,
    then the detail. Raises `planner.render.PdfUnavailable` when the extra is missing.
    """
    if fmt == "json":
        return to_json(plan_dict(plan))
    if fmt == "csv":
        return plan_csv(plan)
    if fmt == "xlsx":
        return plan_xlsx(plan)
    if fmt not in ("md", "html", "pdf"):
        raise ValueError(f"unknown plan format {fmt!r}")
    from planner.render import html_to_pdf, render_template

    text = render_template(
        f"plan.{'md' if fmt == 'md' else 'html'}.j2",
        {"plan": plan_view(plan), "cell": md_cell, "due_per_person": DUE_ROWS_PER_PERSON},
    )
    return html_to_pdf(text) if fmt == "pdf" else text


def md_cell(text: str) -> Any:
    """Text for a Markdown table cell (see `planner.render.md_cell`)."""
    from planner.render import md_cell as cell

    return cell(text)


# -- JSON -------------------------------------------------------------------------------------


def _observance_dict(o: PlannedObservance) -> dict[str, Any]:
    return {**occurrence_dict(o.occurrence), "priority": o.priority.value, "weekday": weekday(o.start)}


def _campaign_dict(pc: PlannedCampaign, today: dt.date) -> dict[str, Any]:
    """The one campaign shape (`serialise.campaign_dict`) with the quarter's phases only, and
    whether it is suggested and its priority."""
    return {
        **campaign_dict(pc.campaign, phases=pc.phases_in_quarter, today=today),
        "suggested": pc.suggested,
        "priority": pc.priority.value,
    }


def _lead_in_dict(li: LeadIn) -> dict[str, Any]:
    return {
        **_observance_dict(li.observance),
        "campaign": li.campaign.id,
        "suggested": li.campaign.suggested,
        "work_starts": li.work_starts.date.isoformat(),
        "first_phase": li.work_starts.name,
    }


def _flag_dict(f: Flag) -> dict[str, Any]:
    return {"kind": f.kind.value, "date": f.date.isoformat(), "message": f.message}


def _moment_dict(m: Moment) -> dict[str, Any]:
    return {
        "day": m.day.isoformat(),
        "lead": m.lead.id,
        "observances": [o.id for o in m.observances],
        "campaign": None if m.campaign is None else m.campaign.id,
        "suggested": None if m.campaign is None else m.campaign.suggested,
        "covered_by": None if m.covered_by is None else m.covered_by.id,
    }


def _due_dict(i: Any) -> dict[str, Any]:
    return {
        "campaign": i.campaign_id,
        "phase": i.key,
        "name": i.name,
        "start": i.start.isoformat(),
        "end": i.end.isoformat(),
        "status": i.status.value,
        "overdue": i.overdue,
        ("days_late" if i.overdue else "days_until"): i.days,
    }


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The whole plan as plain data: `quarter, start, end, observances, campaigns, workload, flags`,
    then `lead_in` and `windows` (parts 2 and 5) and the settings it was made with."""
    suggested = plan.suggested_ids
    w = plan.workload
    return {
        "quarter": str(plan.quarter),
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "observances": [_observance_dict(o) for o in plan.observances],
        "campaigns": [_campaign_dict(pc, plan.today) for pc in plan.campaigns],
        "workload": {
            "limits": {
                "max_per_week": w.max_per_week,
                "max_per_owner": w.max_per_owner,
                "min_gap_days": w.min_gap_days,
            },
            "weeks": [week_dict(wk, suggested) for wk in w.weeks],
        },
        "flags": [_flag_dict(f) for f in plan.flags],
        "lead_in": [_lead_in_dict(li) for li in plan.lead_in],
        "moments": [_moment_dict(m) for m in plan.moments],
        "ongoing": [_observance_dict(o) for o in plan.ongoing],
        "too_late": [{**_observance_dict(t.observance), "days_left": t.days_left} for t in plan.too_late],
        "overdue": plan.overdue_count,
        "due": {
            "days": plan.due_days,
            **({"older": older_dict(plan.older)} if plan.older is not None and plan.older.steps else {}),
            "people": [
                {
                    "owner": d.owner,
                    "overdue": [_due_dict(i) for i in d.overdue],
                    "coming": [_due_dict(i) for i in d.coming],
                }
                for d in plan.due
            ],
        },
        "windows": [occurrence_dict(o) for o in plan.windows],
        "today": plan.today.isoformat(),
        "themes": list(plan.themes),
        "calendar": {"country": plan.calendar.country, "working_days": plan.calendar.describe()},
    }


# -- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "section",
    "date",
    "end",
    "weekday",
    "observance",
    "name",
    "kind",
    "priority",
    "campaign",
    "suggested",
    "phase",
    "phase_name",
    "owner",
    "status",
    "big_send",
    "recommendations",
    "themes",
)


def _occurrence_row(section: str, occ: Occurrence, priority: str, campaign: str = "", suggested: str = "") -> list[str]:
    return [
        section,
        occ.start.isoformat(),
        occ.end.isoformat(),
        weekday(occ.start, short=True),
        occ.id,
        occ.title,
        occ.observance.kind.value,
        priority,
        campaign,
        suggested,
        "",
        "",
        "",
        "",
        "",
        "; ".join(link.id for link in occ.observance.recommendations),
        "; ".join(occ.observance.themes),
    ]


def plan_csv(plan: Plan) -> str:
    """One row per occurrence (sections observance, lead-in, window) or phase (section phase)."""
    buf = io.StringIO()
    writer = SafeCsvWriter(buf)
    writer.writerow(CSV_COLUMNS)
    yes_no = {True: "yes", False: "no"}
    for o in plan.observances:
        writer.writerow(_occurrence_row("observance", o.occurrence, o.priority.value))
    for li in plan.lead_in:
        o = li.observance
        writer.writerow(
            _occurrence_row("lead-in", o.occurrence, o.priority.value, li.campaign.id, yes_no[li.campaign.suggested])
        )
    for window in plan.windows:
        writer.writerow(_occurrence_row("window", window, ""))
    phases = [(p, pc) for pc in plan.campaigns for p in pc.phases_in_quarter]
    phases.sort(key=lambda x: (x[0].date, x[1].id, x[0].key))
    for p, pc in phases:
        c = pc.campaign
        made_for = pc.occurrence
        writer.writerow(
            [
                "phase",
                p.date.isoformat(),
                p.end.isoformat(),
                weekday(p.date, short=True),
                c.observance_id,
                c.name,
                "" if made_for is None else made_for.observance.kind.value,
                pc.priority.value,
                c.id,
                yes_no[pc.suggested],
                p.key,
                p.name,
                p.owner,
                p.status.value,
                yes_no[p.big_send],
                "" if made_for is None else "; ".join(link.id for link in made_for.observance.recommendations),
                "" if made_for is None else "; ".join(made_for.observance.themes),
            ]
        )
    return buf.getvalue()


# -- the view: what the Markdown and HTML templates lay out -----------------------------------


class RecView(NamedTuple):
    """A recommendation as the plan templates show it."""

    id: str
    citation: str
    title: str


class ObservanceView(NamedTuple):
    """An observance of the quarter as the plan templates show it."""

    id: str
    title: str
    kind: str
    date: str  # 'Mon 3 May', or 'Thu 25 Nov to Fri 10 Dec 2027' for a span
    weekday: str
    priority: str
    recommendations: tuple[str, ...]  # citations
    dom_id: str  # anchor in the HTML


class MonthView(NamedTuple):
    """One month of the plan's observances."""

    name: str
    observances: tuple[ObservanceView, ...]


class PhaseView(NamedTuple):
    """A campaign phase as the plan templates show it."""

    date: str
    until: str  # '' for a one-day phase
    name: str
    owner: str
    status: str
    big_send: bool
    manual: bool


class CampaignView(NamedTuple):
    """A campaign (stored or suggested) as the plan templates show it."""

    id: str
    name: str
    day: str
    priority: str
    suggested: bool
    template: str
    phases: tuple[PhaseView, ...]
    create: str  # the command that stores a suggested campaign ('' for a stored one)
    note: str
    owner: str
    progress: str  # '2 of 9 phases done' for a stored campaign with work done


class LeadInView(NamedTuple):
    """A later observance whose work starts this quarter."""

    title: str
    id: str
    date: str
    priority: str
    work_starts: str
    first_phase: str
    campaign: str
    suggested: bool


class WeekView(NamedTuple):
    """One ISO week of the workload as the plan templates show it."""

    label: str
    dates: str
    phases: int
    big_sends: int
    owners: str
    problems: str


class FlagView(NamedTuple):
    """A flag as the plan templates show it."""

    date: str
    kind: str
    label: str
    message: str


class WindowView(NamedTuple):
    """An event or planning window from the team's catalogue."""

    id: str
    title: str
    dates: str
    days: int


class Bar(NamedTuple):
    """One bar of the HTML plan's timeline chart (a phase): `x` and `width` in chart units (SVG)."""

    x: float
    width: float
    title: str  # tooltip: phase, dates, owner
    big_send: bool
    done: bool


class ChartRow(NamedTuple):
    """One row of the timeline chart: a campaign and its bars."""

    y: float
    label: str
    detail: str
    title: str
    suggested: bool
    bars: tuple[Bar, ...]
    band: tuple[float, float] | None  # the occurrence itself (x, width), when inside the chart
    marker: str | None  # SVG path of a diamond on the day (T0), when inside the chart


class Tick(NamedTuple):
    """A month band on the timeline chart."""

    x: float
    width: float
    label: str
    shaded: bool = False


class Marker(NamedTuple):
    """A day marked on the timeline chart (an observance day)."""

    path: str  # SVG path of a diamond
    priority: str
    title: str


class Chart(NamedTuple):
    """A Gantt chart in SVG user units: phases as bars against the weeks around the quarter."""

    width: float
    height: float
    left: float  # x where the weeks begin
    top: float  # y where the rows begin
    day_width: float
    months: tuple[Tick, ...]
    weeks: tuple[Tick, ...]
    quarter: tuple[float, float]  # x and width of the quarter itself
    rows: tuple[ChartRow, ...]
    markers: tuple[Marker, ...]
    marker_row: float  # y of the observances row
    today: float | None
    lanes: int


class DayCell(NamedTuple):
    """One day of the plan's month grid."""

    day: int  # 0 for a padding cell outside the month
    date: str
    weekend: bool
    holiday: str
    items: tuple[tuple[str, str, str], ...]  # (priority, 'window', 'phase', 'overdue' or 'done'; label; title)


class GridMonth(NamedTuple):
    """One month of the plan's grid: its name and weeks of days."""

    name: str
    weeks: tuple[tuple[DayCell, ...], ...]


class MomentView(NamedTuple):
    number: int  # as the calendar chips show it
    date: str
    title: str  # the lead observance
    also: str  # the others, in words ('' when alone)
    priority: str
    campaign: str  # 'your campaign: ...', 'suggested: ...', 'launch of ...', or ''
    kind: str  # 'stored', 'suggested', 'covered' or 'none'
    campaign_name: str = ""  # the campaign's name alone


class DueView(NamedTuple):
    owner: str
    overdue: bool
    date: str
    phase: str
    campaign: str
    when: str  # '11 days late', 'in 3 days', 'today or under way'


class PlanView(NamedTuple):
    """Everything the plan templates receive, as plain values."""

    quarter: str
    label: str
    made: str
    range: str
    working_days: str
    country_hint: str
    past: str  # a note for a quarter that is over ('' otherwise)
    themes: tuple[str, ...]
    summary: tuple[str, ...]
    months: tuple[MonthView, ...]
    lead_in: tuple[LeadInView, ...]
    campaigns: tuple[CampaignView, ...]
    weeks: tuple[WeekView, ...]
    limits: str
    flags: tuple[FlagView, ...]
    windows: tuple[WindowView, ...]
    recommendations: tuple[RecView, ...]
    priority_words: tuple[tuple[str, str], ...]
    chart: Chart
    grid: tuple[GridMonth, ...]
    stored: int
    suggested: int
    moments: tuple[MomentView, ...] = ()
    headline: tuple[MomentView, ...] = ()  # the moments the one-page summary lists
    ongoing: tuple[str, ...] = ()
    too_late: tuple[str, ...] = ()
    due: tuple[DueView, ...] = ()
    due_owners: tuple[str, ...] = ()  # 'Amina: 1 overdue, 2 coming up'
    due_summary: tuple[DueView, ...] = ()  # the rows the one-page summary shows (`summary_due`)
    due_more: int = 0  # rows left out (at most DUE_ROWS_PER_PERSON a person); `planner due` lists all
    due_days: int = 14
    older: str = ""  # 'Not listed: 12 older steps ...' (open steps older than the due list shows)
    overdue: int = 0
    council_hint: bool = True


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _dates(start: dt.date, end: dt.date, *, year: bool) -> str:
    if start == end:
        return short_date(start, year=year)
    return f"{short_date(start, year=year and start.year != end.year)} to {short_date(end, year=year)}"


def _observance_view(o: PlannedObservance, *, year: bool = False) -> ObservanceView:
    occ = o.occurrence
    return ObservanceView(
        id=o.id,
        title=occ.title,
        kind=occ.observance.kind.value,
        date=_dates(occ.start, occ.end, year=year or occ.start.year != occ.end.year),
        weekday=weekday(occ.start),
        priority=o.priority.value,
        recommendations=tuple(r.citation or r.id for r in o.recommendations),
        dom_id=f"obs-{o.id}-{occ.start.isoformat()}",
    )


def _campaign_view(pc: PlannedCampaign) -> CampaignView:
    c = pc.campaign
    phases = tuple(
        PhaseView(
            date=short_date(p.date, year=False),
            until="" if p.end == p.date else short_date(p.end, year=False),
            name=p.name,
            owner=p.who,
            status=p.status.value,
            big_send=p.big_send,
            manual=p.is_manual,
        )
        for p in pc.phases_in_quarter
    )
    create = ""
    if pc.suggested:
        create = f"planner campaign new {c.observance_id} --year {c.year} --template {c.template}"
        if c.country:
            create += f" --country {c.country}"
    before = sum(p.date < pc.phases_in_quarter[0].date for p in c.phases) if pc.phases_in_quarter else 0
    after = len(c.phases) - len(pc.phases_in_quarter) - before
    done = sum(p.status in (PhaseStatus.DONE, PhaseStatus.SKIPPED) for p in c.phases)
    notes = []
    if before:
        notes.append(f"{_plural(before, 'phase')} before this quarter")
    if after:
        notes.append(f"{_plural(after, 'phase')} after this quarter")
    return CampaignView(
        id=c.id,
        name=c.name,
        day=_dates(c.starts, c.ends, year=True),
        priority=pc.priority.value,
        suggested=pc.suggested,
        template=c.template,
        phases=phases,
        create=create,
        note="; ".join(notes),
        owner=c.owner,
        progress=f"{done} of {_plural(len(c.phases), 'phase')} done or skipped" if done else "",
    )


def _owners(by_owner: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{owner} {n}" for owner, n in by_owner)


# -- chart geometry ---------------------------------------------------------------------------

CHART_WIDTH = 800.0
CHART_LEFT = 236.0
ROW_HEIGHT = 30.0
HEADER = 44.0
MARKER_ROW = 26.0
LABEL_CHARS = 34


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _diamond(cx: float, cy: float, rx: float, ry: float) -> str:
    """An SVG path: a diamond centred on (cx, cy)."""

    def n(v: float) -> str:
        return f"{v:.2f}".rstrip("0").rstrip(".")

    return f"M{n(cx)} {n(cy - ry)} L{n(cx + rx)} {n(cy)} L{n(cx)} {n(cy + ry)} L{n(cx - rx)} {n(cy)} Z"


def _chart(plan: Plan) -> Chart:
    mondays = iso_weeks(plan.start, plan.end)
    first = mondays[0]
    last = mondays[-1] + dt.timedelta(days=6)
    days = (last - first).days + 1
    dw = (CHART_WIDTH - CHART_LEFT) / days

    def x(day: dt.date) -> float:
        return round(CHART_LEFT + (day - first).days * dw, 2)

    def span(start: dt.date, end: dt.date) -> tuple[float, float] | None:
        if end < first or start > last:
            return None
        lo, hi = max(start, first), min(end, last)
        return x(lo), round(((hi - lo).days + 1) * dw, 2)

    weeks = tuple(Tick(x(m), round(7 * dw, 2), f"W{m.isocalendar().week:02d}") for m in mondays)
    months = []
    for month in plan.quarter.months():
        start = dt.date(plan.quarter.year, month, 1)
        end = dt.date(plan.quarter.year, month, calendar_module.monthrange(plan.quarter.year, month)[1])
        sp = span(start, end)
        assert sp is not None
        months.append(Tick(sp[0], sp[1], month_year(start), shaded=month % 2 == 0))
    marker_y = HEADER + MARKER_ROW / 2
    markers = []
    for o in plan.observances:
        if o in plan.ongoing:
            continue
        day = max(o.start, plan.start)
        markers.append(
            Marker(
                _diamond(x(day) + dw / 2, marker_y, 6, 7),
                o.priority.value,
                f"{_dates(o.start, o.end, year=True)}: {o.occurrence.title} ({o.priority.value} priority)",
            )
        )
    top = HEADER + MARKER_ROW
    rows = []
    for i, pc in enumerate(plan.campaigns):
        c = pc.campaign
        y = round(top + i * ROW_HEIGHT, 2)
        bars = []
        ordered = sorted(pc.phases_in_quarter, key=lambda p: (-p.duration_days, p.date, p.key))
        for p in ordered:
            sp = span(p.date, p.end)
            if sp is None:
                continue
            when = _dates(p.date, p.end, year=True)
            bars.append(
                Bar(
                    sp[0],
                    sp[1],
                    f"{p.name}: {when}, {p.owner or (p.role + ', unassigned' if p.role else 'no owner')}"
                    + (", big send" if p.big_send else ""),
                    p.big_send,
                    p.status.value in ("done", "skipped"),
                )
            )
        detail = f"{short_date(c.day)} · {pc.priority.value}" + (" · suggested" if pc.suggested else "")
        day_x = _diamond(x(c.day) + dw / 2, y + 15, 5, 9) if first <= c.day <= last else None
        rows.append(
            ChartRow(
                y=y,
                label=_clip(c.name, LABEL_CHARS),
                detail=detail,
                title=c.name,
                suggested=pc.suggested,
                bars=tuple(bars),
                band=span(c.starts, c.ends),
                marker=day_x,
            )
        )
    height = top + max(len(rows), 1) * ROW_HEIGHT + 8
    today = round(x(plan.today) + dw / 2, 2) if first <= plan.today <= last else None
    quarter = span(plan.start, plan.end)
    assert quarter is not None
    return Chart(
        width=CHART_WIDTH,
        height=round(height, 2),
        left=CHART_LEFT,
        top=top,
        day_width=round(dw, 3),
        months=tuple(months),
        weeks=weeks,
        quarter=quarter,
        rows=tuple(rows),
        markers=tuple(markers),
        marker_row=HEADER,
        today=today,
        lanes=len(rows),
    )


def _initials(name: str) -> str:
    """'Ben Ode' -> 'BO', 'Amina' -> 'AM'; for the calendar chips."""
    words = [w for w in name.replace("(", " ").split() if w[:1].isalnum()]
    if len(words) >= 2:
        return (words[0][0] + words[1][0]).upper()
    return name[:2].upper() if name else "?"


def _grid(plan: Plan) -> tuple[GridMonth, ...]:
    """The quarter's three months as calendars (Monday first). Each day holds chips: the number
    of the moment on it (as numbered in 'The quarter's moments'), an E for an event or planning
    window, and a chip with the owner's initials for each phase of the team's own campaigns due
    that day (marked overdue when late)."""
    on_day: dict[dt.date, list[tuple[int, str, str, str]]] = {}
    for number, m in enumerate(plan.moments, start=1):
        names = "; ".join(o.occurrence.title for o in m.observances)
        on_day.setdefault(m.day, []).append((m.lead.priority.rank, m.lead.priority.value, str(number), names))
    for w in plan.windows:
        day = max(w.start, plan.start)
        on_day.setdefault(day, []).append((3, "window", "E", f"{w.title} (to {short_date(w.end, year=False)})"))
    for pc in plan.campaigns:
        if pc.suggested:
            continue
        for p in pc.phases_in_quarter:
            if p.through_period or not plan.start <= p.date <= plan.end:
                continue
            late = p.is_overdue(plan.today)
            kind = "overdue" if late else ("done" if not p.is_open else "phase")
            who = p.owner or (f"{p.role}, unassigned" if p.role else "no owner")
            title = f"{'OVERDUE: ' if late else ''}{p.name} ({pc.campaign.name}; {who})"
            on_day.setdefault(p.date, []).append((4, kind, _initials(p.owner) if p.owner else "?", title))
    months = []
    cal = calendar_module.Calendar(firstweekday=0)
    for month in plan.quarter.months():
        weeks = []
        for week in cal.monthdatescalendar(plan.quarter.year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(DayCell(0, "", day.weekday() >= 5, "", ()))
                    continue
                why = plan.calendar.why_not_working(day)
                items = tuple((kind, label, title) for _, kind, label, title in sorted(on_day.get(day, [])))
                cells.append(
                    DayCell(
                        day.day,
                        day.isoformat(),
                        plan.calendar.is_weekend(day),
                        "" if why in (None, "weekend") else str(why),
                        items,
                    )
                )
            weeks.append(tuple(cells))
        months.append(GridMonth(month_year(dt.date(plan.quarter.year, month, 1)), tuple(weeks)))
    return tuple(months)


# -- the view ---------------------------------------------------------------------------------


def older_words(plan: Plan) -> str:
    """The line about open steps too old for the due list ('' when there are none)."""
    older = plan.older
    if older is None or not older.steps:
        return ""
    return (
        f"Not listed: {_plural(older.steps, 'older step')} in {_plural(older.campaigns, 'campaign')}, "
        f"whose last day was before {short_date(older.before)}, never marked done or skipped. "
        "`planner due --all` lists them; `planner campaign close --older` marks them skipped."
    )


def plan_view(plan: Plan) -> PlanView:
    """Everything the Markdown and HTML templates print, already written out."""
    stored = sum(not pc.suggested for pc in plan.campaigns)
    suggested = len(plan.campaigns) - stored
    observances = plan.observances
    high = sum(o.priority is Priority.HIGH for o in observances)
    overdue = plan.overdue_count
    coming = sum(len(p.coming) for p in plan.due)
    summary = (
        f"{_plural(len(plan.moments), 'moment')} to speak on ({_plural(len(observances), 'observance')}, "
        f"{high} high priority)",
        f"{overdue} overdue {'phase' if overdue == 1 else 'phases'}, {coming} due in the next {plan.due_days} days",
        f"{_plural(stored, 'campaign')} of yours and {suggested} suggested",
        f"{_plural(len(plan.lead_in), 'later observance')} to start work on now",
        f"{_plural(len(plan.flags), 'flag')} to check",
    )
    recs: dict[str, Recommendation] = {}
    for o in [*observances, *(li.observance for li in plan.lead_in)]:
        for r in o.recommendations:
            recs.setdefault(r.id, r)
    cited = sorted(recs.values(), key=lambda r: (r.report, r.paragraph, r.item or 0))
    w = plan.workload
    weeks = tuple(
        WeekView(
            label=wk.label,
            dates=_dates(wk.monday, wk.monday + dt.timedelta(days=6), year=False),
            phases=wk.count,
            big_sends=sum(a.big_send for a in wk.items),
            owners=_owners(wk.by_owner),
            problems="; ".join(wk.problems),
        )
        for wk in w.weeks
    )
    moment_views = tuple(_moment_view(i, m) for i, m in enumerate(plan.moments, start=1))

    def due_view(person: PersonDue, i: DueItem) -> DueView:
        day = i.end if i.overdue else i.start
        return DueView(
            owner=person.owner,
            overdue=i.overdue,
            date=short_date(day, year=day.year != plan.quarter.year),
            phase=i.name,
            campaign=i.campaign_name,
            when=(
                f"{_plural(i.days, 'day')} late"
                if i.overdue
                else ("today or under way" if i.days == 0 else f"in {_plural(i.days, 'day')}")
            ),
        )

    due_rows: list[DueView] = []
    due_owners = []
    due_more = 0
    for person in plan.due:
        due_owners.append(f"{person.owner}: {len(person.overdue)} overdue, {len(person.coming)} coming up")
        # the latest overdue work first (the oldest is the likeliest to be dropped), then what is coming
        items = (*reversed(person.overdue), *person.coming)
        due_more += max(len(items) - DUE_ROWS_PER_PERSON, 0)
        due_rows.extend(due_view(person, i) for i in items[:DUE_ROWS_PER_PERSON])
    due_summary = tuple(due_view(p, i) for p, i in summary_due(plan.due))
    hint = ""
    if plan.calendar.country is None:
        hint = "Add --country GB (your country) or set PLANNER_COUNTRY to avoid public holidays."
    return PlanView(
        quarter=str(plan.quarter),
        label=plan.quarter.label,
        made=short_date(plan.today),
        range=f"{short_date(plan.start)} to {short_date(plan.end)}",
        working_days=plan.calendar.describe(plan.start, plan.end),
        country_hint=hint,
        past=(
            "This quarter is over: the plan shows your campaigns as they stand, and suggests no timelines for "
            "work that could only have been done before today."
            if plan.is_past
            else ""
        ),
        themes=plan.themes,
        summary=summary,
        months=tuple(MonthView(m.name, tuple(_observance_view(o) for o in m.observances)) for m in plan.months),
        lead_in=tuple(
            LeadInView(
                title=li.observance.occurrence.title,
                id=li.observance.id,
                date=_dates(li.observance.start, li.observance.end, year=True),
                priority=li.observance.priority.value,
                work_starts=short_date(li.work_starts.date),
                first_phase=li.work_starts.name,
                campaign=li.campaign.id,
                suggested=li.campaign.suggested,
            )
            for li in plan.lead_in
        ),
        campaigns=tuple(_campaign_view(pc) for pc in plan.campaigns),
        weeks=weeks,
        limits=(
            f"A week is overloaded with more than {w.max_per_week} phases, or when a person has more than their "
            f"capacity on the team roster ({w.max_per_owner} for anyone not on it); big sends need at least "
            f"{w.min_gap_days} days between them."
        ),
        flags=tuple(FlagView(short_date(f.date), f.kind.value, f.kind.label, f.message) for f in plan.flags),
        windows=tuple(WindowView(o.id, o.title, _dates(o.start, o.end, year=True), o.days) for o in plan.windows),
        recommendations=tuple(RecView(r.id, r.citation or r.id, r.title) for r in cited),
        priority_words=tuple((p.value, PRIORITY_WORDS[p]) for p in Priority),
        chart=_chart(plan),
        grid=_grid(plan),
        stored=stored,
        suggested=suggested,
        moments=moment_views,
        headline=_headline(moment_views),
        ongoing=tuple(f"{o.occurrence.title} ({_dates(o.start, o.end, year=True)})" for o in plan.ongoing),
        too_late=tuple(
            f"{t.observance.occurrence.title}, {short_date(t.observance.start)}: {_plural(t.days_left, 'day')} left, "
            "too late for a full campaign"
            for t in plan.too_late
        ),
        due=tuple(due_rows),
        due_owners=tuple(due_owners),
        due_more=due_more,
        due_summary=due_summary,
        due_days=plan.due_days,
        older=older_words(plan),
        overdue=overdue,
        council_hint=not any("council" in w.title.lower() for w in plan.windows),
    )


HEADLINE_ROWS = 15
DUE_ROWS_PER_PERSON = 8
SUMMARY_DUE_ROWS = 6  # rows of "Overdue and due" on the one-page summary


def summary_due(people: tuple[PersonDue, ...], rows: int = SUMMARY_DUE_ROWS) -> tuple[tuple[PersonDue, DueItem], ...]:
    """The work the one-page summary shows for the weekly meeting: at most `rows` items, taken
    in turns from each person (so nobody drops off the page), each person's items nearest to
    today first (3 days late or due in 4 days before 200 days late); shown by person, then date.
    """
    queues = [sorted((*p.overdue, *p.coming), key=lambda i: (i.days, not i.overdue)) for p in people]
    picked: list[tuple[int, DueItem]] = []
    while len(picked) < rows and any(queues):
        for n, q in enumerate(queues):
            if q and len(picked) < rows:
                picked.append((n, q.pop(0)))
    picked.sort(key=lambda t: (t[0], t[1].end if t[1].overdue else t[1].start))
    return tuple((people[n], i) for n, i in picked)


def _headline(moments: Sequence[MomentView]) -> tuple[MomentView, ...]:
    """What the one-page summary lists: every moment with a campaign, then high, then medium
    priority days, up to HEADLINE_ROWS, in date order."""
    rank = {"high": 1, "medium": 2, "low": 3}
    ordered = sorted(
        range(len(moments)), key=lambda i: (moments[i].kind == "none", rank.get(moments[i].priority, 4), i)
    )
    keep = sorted(i for i in ordered[:HEADLINE_ROWS] if moments[i].kind != "none" or moments[i].priority != "low")
    return tuple(moments[i] for i in keep)


def _moment_view(number: int, m: Moment) -> MomentView:
    others = [o.occurrence.title for o in m.others]
    name = ""
    if m.campaign is not None:
        name = m.campaign.campaign.name
        kind = "suggested" if m.campaign.suggested else "stored"
        what = f"{'suggested' if m.campaign.suggested else 'your campaign'}: {m.campaign.campaign.name}"
    elif m.covered_by is not None:
        kind = "covered"
        c = m.covered_by.campaign
        what = ("launch" if c.day == m.day else "big send") + f" of {c.name}"
        what += " (suggested)" if m.covered_by.suggested else ""
    else:
        kind, what = "none", ""
    return MomentView(
        number=number,
        date=short_date(m.day, year=False),
        title=m.lead.occurrence.title,
        also=("with " + "; ".join(others)) if others else "",
        priority=m.lead.priority.value,
        campaign=what,
        kind=kind,
        campaign_name=name,
    )


# -- XLSX ---------------------------------------------------------------------------------------

XLSX_DATE = "ddd d mmm yyyy"


def _sheets(plan: Plan) -> list[tuple[str, tuple[str, ...], list[list[Any]]]]:
    """(title, headers, rows) per section; dates stay dates, numbers numbers."""
    yes = {True: "yes", False: "no"}
    view = plan_view(plan)
    sheets: list[tuple[str, tuple[str, ...], list[list[Any]]]] = []
    sheets.append(("At a glance", ("Quarter", "Item"), [[view.label, line] for line in view.summary]))
    sheets.append(
        (
            "Moments",
            ("Date", "Moment", "Also", "Priority", "Campaign"),
            [
                [
                    m.day,
                    m.lead.occurrence.title,
                    "; ".join(o.occurrence.title for o in m.others),
                    m.lead.priority.value,
                    mv.campaign,
                ]
                for m, mv in zip(plan.moments, view.moments, strict=True)
            ],
        )
    )
    sheets.append(
        (
            "Overdue and due",
            ("Who", "Overdue", "Start", "End", "Phase", "Campaign", "Key", "Status", "Days late or until"),
            [
                [
                    pd.owner,
                    yes[i.overdue],
                    i.start,
                    i.end,
                    i.name,
                    i.campaign_name,
                    f"{i.campaign_id} {i.key}",
                    i.status.value,
                    i.days,
                ]
                for pd in plan.due
                for i in (*pd.overdue, *pd.coming)
            ],
        )
    )
    sheets.append(
        (
            "Observances",
            ("Start", "End", "Observance", "Kind", "Priority", "Recommendations", "Themes", "Id"),
            [
                [
                    o.start,
                    o.end,
                    o.occurrence.title,
                    o.occurrence.observance.kind.value,
                    o.priority.value,
                    "; ".join(r.citation or r.id for r in o.recommendations),
                    "; ".join(o.occurrence.observance.themes),
                    o.id,
                ]
                for o in plan.observances
            ],
        )
    )
    sheets.append(
        (
            "Lead-in",
            ("Observance", "Date", "Priority", "Work starts", "First step", "Campaign", "Suggested"),
            [
                [
                    li.observance.occurrence.title,
                    li.observance.start,
                    li.observance.priority.value,
                    li.work_starts.date,
                    li.work_starts.name,
                    li.campaign.id,
                    yes[li.campaign.suggested],
                ]
                for li in plan.lead_in
            ],
        )
    )
    phases = sorted(
        ((p, pc) for pc in plan.campaigns for p in pc.phases_in_quarter), key=lambda x: (x[0].date, x[1].id, x[0].key)
    )
    sheets.append(
        (
            "Campaigns",
            (
                "Start",
                "End",
                "Phase",
                "Campaign",
                "Suggested",
                "Priority",
                "Role",
                "Owner",
                "Status",
                "Overdue",
                "Big send",
                "Key",
            ),
            [
                [
                    p.date,
                    p.end,
                    p.name,
                    pc.campaign.name,
                    yes[pc.suggested],
                    pc.priority.value,
                    p.role,
                    p.owner,
                    p.status.value,
                    yes[p.is_overdue(plan.today)],
                    yes[p.big_send],
                    f"{pc.id} {p.key}",
                ]
                for p, pc in phases
            ],
        )
    )
    sheets.append(
        (
            "Workload",
            ("Week", "Monday", "Phases", "Big sends", "By person", "Overloaded"),
            [
                [
                    wk.label,
                    wk.monday,
                    wk.count,
                    sum(a.big_send for a in wk.items),
                    _owners(wk.by_owner),
                    "; ".join(wk.problems),
                ]
                for wk in plan.workload.weeks
            ],
        )
    )
    sheets.append(("Flags", ("Date", "Flag", "Message"), [[f.date, f.kind.label, f.message] for f in plan.flags]))
    sheets.append(
        ("Events", ("Start", "End", "Event", "Days"), [[w.start, w.end, w.title, w.days] for w in plan.windows])
    )
    return sheets


def plan_xlsx(plan: Plan) -> bytes:
    """The plan as an Excel workbook (openpyxl): one sheet per section, real dates, the header
    row frozen and filtered, columns fitted to their text. Text cells that a spreadsheet would
    run as formulas are kept as text. The same plan gives the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E4E9F1")
    for title, headers, rows in _sheets(plan):
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append([spreadsheet_safe(v) for v in row])
        widths = [len(h) for h in headers]
        for row in sheet.iter_rows(min_row=2):
            for i, cell in enumerate(row):
                if isinstance(cell.value, dt.date):
                    cell.number_format = XLSX_DATE
                    size = 15
                else:
                    size = len(str(cell.value)) if cell.value is not None else 0
                widths[i] = max(widths[i], min(size, 60))
        for i, cell in enumerate(sheet[1]):
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="top")
            sheet.column_dimensions[get_column_letter(i + 1)].width = widths[i] + 2
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    props = book.properties
    props.title = f"Campaign plan: {plan.quarter.label}"
    props.creator = "planner"
    fixed = dt.datetime(plan.today.year, plan.today.month, plan.today.day)
    props.created = fixed
    props.modified = fixed
    raw = io.BytesIO()
    book.save(raw)
    from planner.render import reproducible_zip

    return reproducible_zip(raw.getvalue(), modified=f"{fixed.isoformat()}Z")
