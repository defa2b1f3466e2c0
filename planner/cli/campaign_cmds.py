"""Commands over campaigns: `campaign new|list|show|set|move|assign|delete|templates`, `workload`,
`export`, `import` and `db upgrade|downgrade|current`.

Thin: each command parses its options, calls the core (`planner.campaigns`) through the store
(`planner.campaigns.store`, one transaction per command), renders and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from planner import api
from planner.campaigns.model import Campaign, CampaignStatus, Constraint, Phase, PhaseStatus
from planner.campaigns.schedule import Unset
from planner.campaigns.workdays import WorkCalendar
from planner.campaigns.workload import Workload
from planner.cli.options import (
    MULTI_LINE,
    ONE_LINE,
    app,
    format_option,
    output_option,
    range_options,
    resolve_range,
    write_output,
)
from planner.errors import PlannerError, UsageProblem
from planner.quarters import parse_date, parse_quarter, parse_year
from planner.serialise import campaign_dict, to_json, workload_dict
from planner.words import keep_together, short_date, table, wrap, wrap_text

if TYPE_CHECKING:
    from planner.campaigns.store import Store

STATUSES = [s.value for s in PhaseStatus]
CAMPAIGN_STATUSES = [s.value for s in CampaignStatus]
PHASE_WIDTH = 30
BIG_SEND_GAP_DAYS = 14
STATUS_WORDS = {
    CampaignStatus.TODO: "not started",
    CampaignStatus.DOING: "under way",
    CampaignStatus.DONE: "finished",
}


# -- helpers ------------------------------------------------------------------------------------


def _now(ctx: click.Context) -> dt.datetime:
    """The injected clock: midnight UTC of --today/PLANNER_TODAY when given, else the real time."""
    root = ctx.find_root()
    source = root.get_parameter_source("today")
    if source in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return dt.datetime.combine(app(ctx).today, dt.time(), dt.UTC)


def _store(ctx: click.Context) -> Store:
    """The campaign database for a command that writes (created on first use)."""
    store = app(ctx).store
    ctx.call_on_close(store.close)
    return store


def _existing(ctx: click.Context) -> Store:
    """The campaign database for a command that only reads: never created."""
    store = app(ctx).existing_store
    ctx.call_on_close(store.close)
    return store


def _day(days: int) -> str:
    return "T0" if days == 0 else f"T{days:+d}"


def _country_line(calendar: WorkCalendar, fix: str) -> str:
    text = f"Working days: {calendar.describe()}."
    if calendar.country is None:
        text += f"\n              To avoid them: {fix}"
    return text


def _phase_notes(campaign: Campaign, phase: Phase, calendar: WorkCalendar) -> list[str]:
    from planner.campaigns.schedule import nominal_date

    notes: list[str] = []
    if phase.big_send:
        notes.append("big send")
    if phase.constraint is Constraint.NOT_BEFORE:
        notes.append("on the day, not before")
    if phase.is_manual:
        notes.append(f"set by hand (plan: {short_date(phase.scheduled, year=False)})")
    else:
        nominal = nominal_date(phase, campaign.anchor, campaign.starts, campaign.ends)
        if nominal != phase.scheduled:
            why = calendar.why_not_working(nominal) or "not a working day"
            notes.append(f"moved from {short_date(nominal, year=False)} ({why})")
    if phase.note:
        notes.append(f"note: {phase.note}")
    return notes


def timeline_table(campaign: Campaign, calendar: WorkCalendar, today: dt.date | None = None) -> str:
    """The timeline as a text table: phase, date, days from the day, owner (or '(role)' when
    nobody has it), status; with `today`, OVERDUE under the status of an open phase past its
    last day."""
    rows: list[tuple[str, ...]] = []
    for p in campaign.timeline():
        name = p.name + (f", {p.duration_days} days" if p.duration_days > 1 else "")
        lines = [name, f"  key: {p.key}"]
        for note in _phase_notes(campaign, p, calendar):
            lines += wrap(note, "    ", "  ", PHASE_WIDTH)
        if rows:
            rows.append(("", "", "", "", ""))
        status = p.status.value + ("\nOVERDUE" if today is not None and p.is_overdue(today) else "")
        owner = p.owner or (f"({p.role})" if p.role else "-")
        rows.append(("\n".join(lines), short_date(p.date), _day(campaign.days_from_day(p)), owner, status))
    return table(("Phase", "Date", "Day", "Owner", "Status"), rows, (PHASE_WIDTH, 15, 5, 13, 7))


def _progress(c: Campaign) -> str:
    done = sum(p.status in (PhaseStatus.DONE, PhaseStatus.SKIPPED) for p in c.phases)
    return f"{done}/{len(c.phases)}"


def _next_phase(c: Campaign) -> Phase | None:
    return next((p for p in c.timeline() if p.status in (PhaseStatus.TODO, PhaseStatus.DOING)), None)


def _overdue_words(c: Campaign, today: dt.date | None) -> str:
    late = len(c.overdue(today)) if today is not None else 0
    return f"; {late} OVERDUE" if late else ""


def order_warnings(c: Campaign, indent: str = "") -> list[str]:
    """'beware:' lines for phases out of order (see `schedule.out_of_order`)."""
    from planner.campaigns.schedule import out_of_order

    return [
        wrap_text(
            f"{indent}beware: {message}; change it with: planner campaign set {c.id} {key} --date YYYY-MM-DD",
            indent + "  ",
        )
        for key, message in out_of_order(c)
    ]


def campaign_header(c: Campaign, calendar: WorkCalendar, fix: str = "", today: dt.date | None = None) -> str:
    """A campaign's header lines: name, id, observance and dates, template and owner, progress, working
    days.
    """
    when = (
        keep_together(short_date(c.starts))
        if c.starts == c.ends
        else f"{keep_together(short_date(c.starts))} to {keep_together(short_date(c.ends))}"
    )
    t0 = "" if c.starts == c.ends else " " + keep_together(f"(T0 = {'first' if c.day == c.starts else 'last'} day)")
    pad = " " * 14
    lines = [
        click.style(c.name, bold=True),
        f"Campaign:     {c.id}",
        wrap_text(f"Observance:   {c.observance_id}, {when}{t0}", pad),
        wrap_text(f"Template:     {c.template}" + (f" · owner: {c.owner}" if c.owner else ""), pad),
        f"Progress:     {STATUS_WORDS[c.status]}, {_progress(c)} phases done or skipped" + _overdue_words(c, today),
        _country_line(calendar, fix or "planner campaign move ID --country GB"),
    ]
    return "\n".join(lines) + "\n"


# -- campaign -----------------------------------------------------------------------------------


@click.group()
def campaign() -> None:
    """Campaigns: dated plans of work scheduled back from an observance.

    \b
    Start with:
      planner campaign new world-press-freedom-day --year 2027 --country GB
      planner campaign show world-press-freedom-day-2027
      planner campaign set world-press-freedom-day-2027 research --status done
    """


@campaign.command("new")
@click.argument("observance_id", metavar="OBSERVANCE")
@click.option("--year", metavar="YYYY", help="The year of the occurrence (default: the next one).")
@click.option(
    "--template", "template_name", metavar="T", help="standard, quick, week or anniversary-year, or your own."
)
@click.option(
    "--template-file", "template_files", multiple=True, metavar="FILE", help="Your own template file (repeatable)."
)
@click.option("--name", type=ONE_LINE, help="A name for the campaign (default: the observance and year).")
@click.option("--owner", type=ONE_LINE, default="", help="Who leads the campaign.")
@click.option(
    "--country",
    envvar="PLANNER_COUNTRY",
    metavar="CC",
    help="Avoid this country's public holidays, e.g. GB, KE, GB-ENG (env PLANNER_COUNTRY).",
)
@click.option("--allow-past", is_flag=True, help="Create it even when some phases would be dated before today.")
@format_option("table", "json")
@click.pass_context
def new(
    ctx: click.Context,
    observance_id: str,
    year: str | None,
    template_name: str | None,
    template_files: tuple[str, ...],
    name: str | None,
    owner: str,
    country: str | None,
    allow_past: bool,
    fmt: str,
) -> None:
    """Plan a campaign for OBSERVANCE in one year, from a template.

    Preparation deadlines that fall on a weekend or public holiday move to the working day
    before; the launch stays on the day. One campaign per observance and year. Each phase goes
    to the person on the team roster holding its role (see `planner team`). A timeline with
    phases before today is refused unless --allow-past is given.
    """
    from planner.campaigns.schedule import past_phases

    a = app(ctx)
    result = api.create_campaign(
        a.catalogue,
        _store(ctx),
        observance_id,
        today=a.today,
        now=_now(ctx),
        year=None if year is None else parse_year(year),
        template=template_name,
        template_files=template_files,
        name=name,
        owner=owner,
        country=country,
        allow_past=allow_past,
    )
    created, template, calendar, occ = result.campaign, result.template, result.calendar, result.occurrence
    if fmt == "json":
        write_output(to_json(campaign_dict(created, phases=True, today=a.today)), None)
        return
    lines = [f"Created campaign {created.id} from the {template.name} template."]
    if result.replaced:
        lines.append(
            wrap_text("It takes the place of the deleted campaign with this id: team calendars show its phases again.")
        )
    lines.append("")
    lines.append(
        campaign_header(created, calendar, "--country GB (your country), or set PLANNER_COUNTRY", today=a.today)
    )
    lines.append(timeline_table(created, calendar, a.today))
    late = past_phases(created, a.today)
    if late:
        lines.append(
            wrap_text(f"Beware: {len(late)} phases are dated before today ({short_date(a.today)}), as you asked.")
        )
    unstaffed = sorted({p.role for p in created.phases if p.role and not p.owner})
    if unstaffed:
        lines.append(
            wrap_text(
                f"Nobody on the team roster holds {', '.join(unstaffed)}: give them with "
                f"planner campaign assign {created.id} {unstaffed[0]}=NAME (see planner team)."
            )
        )
    if occ.anniversary and occ.anniversary.milestone and template.name != "anniversary-year":
        lines.append(
            wrap_text(
                f"The {occ.anniversary.ordinal} is a milestone: for a year-long campaign, delete this one and use "
                "--template anniversary-year."
            )
        )
    lines.append(f"Change a phase with:\n  planner campaign set {created.id} KEY --status done")
    click.echo("\n".join(lines))


@campaign.command("list")
@click.option("--quarter", metavar="Q", help="Campaigns with work or their day in a quarter: 2027Q2, next...")
@click.option(
    "--status", type=click.Choice(CAMPAIGN_STATUSES), help="todo: not started; doing: under way; done: finished."
)
@format_option("table", "json")
@output_option
@click.pass_context
def list_(ctx: click.Context, quarter: str | None, status: str | None, fmt: str, output: str | None) -> None:
    """All campaigns, by day."""
    a = app(ctx)
    start = end = None
    if quarter is not None:
        q = parse_quarter(quarter, a.today)
        start, end = q.start, q.end
    found = api.list_campaigns(
        _existing(ctx), start=start, end=end, status=None if status is None else CampaignStatus(status)
    )
    if fmt == "json":
        write_output(to_json([campaign_dict(c, phases=False, today=a.today) for c in found]), output)
        return
    if not found:
        what = "No campaigns" + (f" in {parse_quarter(quarter, a.today).label}" if quarter else "")
        what += f" with status {status}" if status else ""
        write_output(f"{what}. Create one with: planner campaign new OBSERVANCE --year YYYY\n", output)
        return
    rows = []
    late_total = 0
    for c in found:
        nxt = _next_phase(c)
        follow = f"\nnext: {nxt.key}, {short_date(nxt.date, year=False)}" if nxt else ""
        late = len(c.overdue(a.today))
        late_total += late
        done = _progress(c) + (f"\n{late} OVERDUE" if late else "")
        rows.append((f"{c.name}\n{c.id}{follow}", short_date(c.day), c.template, done))
    text = table(("Campaign", "Day", "Template", "Done"), rows, (34, 15, 15, 10))
    text += f"\n{len(found)} campaign{'s' if len(found) != 1 else ''}. Timeline: planner campaign show ID\n"
    if late_total:
        from planner.campaigns.workload import OVERDUE_LOOKBACK_DAYS, older_than

        since = older_than(a.today)
        old = sum(1 for c in found for p in c.overdue(a.today) if p.end < since)
        text += f"{late_total} phase{'s are' if late_total != 1 else ' is'} overdue: see planner due\n"
        if old:
            text += (
                wrap_text(
                    f"{old} of them ended more than {OVERDUE_LOOKBACK_DAYS} days ago: planner due counts them "
                    "without listing them (planner due --all lists them), and planner campaign close --older marks "
                    "them skipped."
                )
                + "\n"
            )
    write_output(text, output)


@campaign.command("show")
@click.argument("campaign_id", metavar="ID")
@format_option("table", "json")
@output_option
@click.pass_context
def show(ctx: click.Context, campaign_id: str, fmt: str, output: str | None) -> None:
    """One campaign's timeline: phase, date, days before or after the day, owner, status."""
    a = app(ctx)
    view = api.show_campaign(a.catalogue, _existing(ctx), campaign_id)
    c = view.campaign
    if fmt == "json":
        write_output(to_json(campaign_dict(c, phases=True, today=a.today)), output)
        return
    text = campaign_header(c, view.calendar, today=a.today) + "\n" + timeline_table(c, view.calendar, a.today)
    warnings = order_warnings(c)
    if warnings:
        text += "\n" + "\n".join(warnings) + "\n"
    if view.stale is not None:
        stale = wrap_text(
            f"The catalogue now dates {c.observance_id} {short_date(view.stale.start)}; re-schedule with: "
            f"planner campaign move {c.id} --year {c.year}"
        )
        text += f"\n{stale}\n"
    write_output(text, output)


def _parse_manual(value: str | None) -> dt.date | Unset | None:
    if value is None:
        return None
    if value.strip().lower() in ("auto", "clear", "none"):
        return Unset.AUTO
    return parse_date(value, "--date")


@campaign.command("set")
@click.argument("campaign_id", metavar="ID")
@click.argument("phase_key", metavar="PHASE")
@click.option("--status", type=click.Choice(STATUSES), help="todo, doing, done or skipped.")
@click.option("--owner", type=ONE_LINE, help="Who does this phase.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Set the date by hand; 'auto' goes back to the plan.")
@click.option("--note", type=MULTI_LINE, help="A note on the phase ('' clears it).")
@click.pass_context
def set_(
    ctx: click.Context,
    campaign_id: str,
    phase_key: str,
    status: str | None,
    owner: str | None,
    date_text: str | None,
    note: str | None,
) -> None:
    """Change one phase of a campaign: status, owner, date or note.

    A date set by hand is kept when the campaign is re-scheduled.
    """
    if status is None and owner is None and date_text is None and note is None:
        raise UsageProblem("say what to change: --status, --owner, --date or --note")
    change = api.set_phase(
        _store(ctx),
        campaign_id,
        phase_key,
        now=_now(ctx),
        status=None if status is None else PhaseStatus(status),
        owner=owner,
        date=_parse_manual(date_text),
        note=note,
    )
    after, old, new_ = change.after, change.old, change.new
    lines = [f"{after.id} › {new_.key} ({new_.name})"]
    changes = [
        ("status", old.status.value, new_.status.value),
        ("owner", old.owner or "-", new_.owner or "-"),
        ("date", _date_word(old), _date_word(new_)),
        ("note", old.note or "-", new_.note or "-"),
    ]
    shown = [wrap_text(f"  {what}: {x} -> {y}", "    ") for what, x, y in changes if x != y]
    lines += shown or ["  nothing changed: it was already like that"]
    if new_.is_manual and new_.date != old.date:
        why = change.calendar.why_not_working(new_.date)
        if why:
            lines.append(f"  beware: {short_date(new_.date)} is not a working day ({why})")
    lines += order_warnings(after, "  ")
    click.echo("\n".join(lines))


def _date_word(p: Phase) -> str:
    return short_date(p.date) + (" (set by hand)" if p.is_manual else "")


@campaign.command("move")
@click.argument("campaign_id", metavar="ID")
@click.option("--year", metavar="YYYY", help="The new year (default: the same year, re-dated from the catalogue).")
@click.option("--country", metavar="CC", help="Another country's holidays ('none' for weekends only).")
@click.option(
    "--keep-status",
    is_flag=True,
    help="Keep each phase's status when moving to another year (by default they start again as todo).",
)
@click.pass_context
def move(ctx: click.Context, campaign_id: str, year: str | None, country: str | None, keep_status: bool) -> None:
    """Re-schedule a campaign: to another year, or after the observance's date changed.

    Every phase keeps its owner and note. Moving to another year starts the work afresh: every
    phase is todo again (unless --keep-status). Dates set by hand are kept (moved by whole
    years when the year changes); a date that ends up out of order is pointed out.
    """
    a = app(ctx)
    result = api.move_campaign(
        a.catalogue,
        _store(ctx),
        campaign_id,
        now=_now(ctx),
        year=None if year is None else parse_year(year),
        country=country,
        keep_status=keep_status,
    )
    before, after, calendar = result.before, result.after, result.calendar
    if not result.changed:
        click.echo(f"{after.id} is already scheduled for {short_date(after.day)}; nothing changed.")
        return
    moved, kept, dropped = result.moved, result.kept, result.dropped
    head = f"Re-scheduled {before.id}" + (f" as {after.id}" if after.id != before.id else "")
    lines = [
        wrap_text(
            f"{head}: the day is now {short_date(after.day)}; {moved} phase date{'s' if moved != 1 else ''} changed."
        )
    ]
    if after.id != before.id:
        from planner.campaigns.schedule import CANCELLED_GRACE

        lines.append(
            wrap_text(f"Team calendar feeds show the {before.year} dates as cancelled for {CANCELLED_GRACE.days} days.")
        )
    if kept:
        lines.append(
            wrap_text("Dates set by hand, kept: " + ", ".join(f"{p.key} ({short_date(p.date)})" for p in kept), "  ")
        )
    for p in dropped:
        lines.append(
            wrap_text(
                f"The date set by hand for {p.key} would fall before its day (not before {short_date(p.date)}): "
                "it is back on the plan's date.",
                "  ",
            )
        )
    if result.reset:
        n = result.reset
        lines.append(
            wrap_text(
                f"{n} phase{'s' if n != 1 else ''} done or under way in {before.year} "
                f"{'are' if n != 1 else 'is'} todo again for {after.year} (--keep-status keeps them)."
            )
        )
    lines += ["", campaign_header(after, calendar, today=a.today), timeline_table(after, calendar, a.today)]
    lines += order_warnings(after)
    click.echo("\n".join(lines))


@campaign.command("delete")
@click.argument("campaign_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.pass_context
def delete(ctx: click.Context, campaign_id: str, yes: bool) -> None:
    """Delete a campaign and its phases (asks first unless --yes).

    Team calendar feeds show its phases as cancelled for 14 days, then drop them. The same
    observance and year can be planned again with `campaign new`.
    """
    from planner.campaigns.schedule import CANCELLED_GRACE

    store = _store(ctx)
    c = api.get_campaign(store, campaign_id)
    if not yes:
        done = sum(p.status is PhaseStatus.DONE for p in c.phases)
        prompt = f"Delete {c.id} ('{c.name}', {len(c.phases)} phases, {done} done)? This cannot be undone"
        if not click.confirm(prompt, default=False):
            click.echo("Nothing deleted.")
            return
    api.delete_campaign(store, c.id, now=_now(ctx))
    click.echo(f"Deleted {c.id}.")
    click.echo(
        wrap_text(
            f"Team calendar feeds show its phases as cancelled for {CANCELLED_GRACE.days} days, then drop them. "
            f"To plan it again: planner campaign new {c.observance_id} --year {c.year}"
        )
    )


@campaign.command("assign")
@click.argument("campaign_id", metavar="ID")
@click.argument("pairs", nargs=-1, metavar="ROLE=NAME...")
@click.pass_context
def assign(ctx: click.Context, campaign_id: str, pairs: tuple[str, ...]) -> None:
    """Give every phase of a role to a person, in one go: writer=Amina designer="Ben Ode".

    NAME must be on the team roster (planner team add). Statuses, dates and notes stay.
    """
    done = api.assign_roles(_store(ctx), campaign_id, pairs, now=_now(ctx))
    lines = [f"{done.campaign.id}:"]
    for role, who in done.assignments:
        total, n = done.phases(role), done.changed.get(role, 0)
        note = "" if n == total else f" ({n} changed)"
        lines.append(f"  {role}: {total} phase{'s' if total != 1 else ''} now with {who}{note}")
    click.echo("\n".join(lines))


@campaign.command("close")
@click.argument("campaign_ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--older",
    is_flag=True,
    help="Instead of naming campaigns: every open phase whose last day is more than 90 days ago "
    "(what planner due counts as older and does not list).",
)
@click.option(
    "--status", "status", type=click.Choice(["skipped", "done"]), default="skipped", show_default=True,
    help="What the open phases become.",
)  # fmt: skip
@click.option("--yes", is_flag=True, help="Do not ask before changing them.")
@click.pass_context
def close(ctx: click.Context, campaign_ids: tuple[str, ...], older: bool, status: str, yes: bool) -> None:
    """Close finished campaigns: mark their open phases skipped (or done), in one go.

    For a campaign whose day has passed and whose steps nobody marked, so they stop counting as
    overdue. Examples:

    \b
      planner campaign close world-press-freedom-day-2026
      planner campaign close --older     (every step planner due no longer lists)
    """
    from planner.campaigns.workload import older_than

    a = app(ctx)
    store = _existing(ctx)
    before = older_than(a.today) if older else None
    if older and campaign_ids:
        raise click.UsageError("give campaign ids or --older, not both")
    if not older and not campaign_ids:
        raise click.UsageError("name the campaigns to close (planner campaign list shows their ids), or use --older")
    if not yes:
        what = (
            f"open phases whose last day is before {short_date(before)}"
            if before
            else f"open phases of {len(campaign_ids)} campaign{'s' if len(campaign_ids) != 1 else ''}"
        )
        if not click.confirm(f"Mark every one of the {what} as {status}?", default=False, err=True):
            click.echo("Nothing changed.")
            return
    closed = api.close_campaigns(store, campaign_ids, status=status, now=_now(ctx), older_than=before)
    if not closed.phases:
        click.echo("Nothing to close: no open phases " + ("that old." if before else "in those campaigns."))
        return
    n = len(closed.counts)
    click.echo(
        f"Marked {closed.phases} phase{'s' if closed.phases != 1 else ''} in {n} campaign{'s' if n != 1 else ''} "
        f"as {closed.status}."
    )
    for campaign_id, count in closed.counts[:20]:
        click.echo(f"  {campaign_id}: {count}")
    if n > 20:
        click.echo(f"  and {n - 20} more campaigns")


@campaign.command("templates")
@click.option(
    "--template-file", "template_files", multiple=True, metavar="FILE", help="Your own template file (repeatable)."
)
@click.pass_context
def templates(ctx: click.Context, template_files: tuple[str, ...]) -> None:
    """The campaign templates: shipped ones, your folder's, and --template-file ones."""
    from planner.campaigns.template_cache import team_template_dir

    found = api.list_templates(template_files)
    rows = []
    for t in found.values():
        kinds = ", ".join(k.value for k in t.kinds) or "any"
        rows.append((t.name, f"{t.title}\n{len(t.phases)} phases · for: {kinds}\n{t.description}".rstrip()))
    text = table(("Template", "What it plans"), rows, (16, 60))
    text += f"\nYour own templates: YAML files (see docs/campaigns.md) in\n  {team_template_dir()}\n"
    text += "or given with --template-file FILE.\n"
    click.echo(text, nl=False)


# -- workload -----------------------------------------------------------------------------------


def workload_text(w: Workload, campaigns: int, warnings: Sequence[str] = ()) -> str:
    """The workload as text: a table of weeks, then overloaded weeks, big sends too close together
    and phases out of order."""
    lines = [
        f"Workload from {short_date(w.start)} to {short_date(w.end)}: "
        f"{campaigns} campaign{'s' if campaigns != 1 else ''} with work.",
        wrap_text(
            f"A week is overloaded with more than {w.max_per_week} phases, or when a person has more than their "
            f"capacity on the team roster ({w.max_per_owner} for anyone not on it; change with --max-per-week and "
            "--max-per-owner)."
        ),
        "",
    ]
    rows = []
    for wk in w.weeks:
        owners = ", ".join(f"{o} {n}" for o, n in wk.by_owner) or "-"
        late = sum(x.overdue for x in wk.items)
        flag = "\n".join(f for f in ("OVERLOADED" if wk.overloaded else "", f"{late} OVERDUE" if late else "") if f)
        rows.append((wk.label, short_date(wk.monday, year=False), str(wk.count), owners, flag))
    lines.append(table(("Week", "Monday", "#", "By person", "Flag"), rows, (8, 10, 3, 35, 10)))
    if w.overloaded:
        lines.append("Overloaded weeks:")
        for wk in w.overloaded:
            lines.append(f"  {wk.label} (from {short_date(wk.monday)}): {'; '.join(wk.problems)}")
            for x in wk.items:
                when = keep_together(f"{short_date(x.start, year=False):<10}")
                lines.append(wrap_text(f"    {when}  {x.campaign_id} › {x.key} ({x.owner})", " " * 16))
        lines.append("")
    if w.clashes:
        lines.append(f"Big sends closer than {w.min_gap_days} days to each other:")
        for c in w.clashes:
            lines.append(f"  {c.days} day{'s' if c.days != 1 else ''} apart:")
            for x in (c.first, c.second):
                lines.append(
                    wrap_text(f"    {keep_together(f'{short_date(x.start):<15}')}  {x.campaign_id} › {x.key}", " " * 21)
                )
        lines.append("")
    if not w.overloaded and not w.clashes:
        lines.append(f"No overloaded weeks, and no big sends closer than {w.min_gap_days} days.\n")
    if warnings:
        lines.append("Phases out of order:")
        lines += list(warnings)
        lines.append("")
    return "\n".join(lines)


@click.command()
@range_options
@click.option(
    "--max-per-week", default=5, show_default=True, type=click.IntRange(1, 1000), help="Phases a week can take."
)
@click.option(
    "--max-per-owner",
    default=3,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Phases one owner can take a week.",
)
@format_option("table", "json")
@output_option
@click.pass_context
def workload(
    ctx: click.Context,
    date_from: dt.date | None,
    date_to: dt.date | None,
    year: str | None,
    quarter: str | None,
    max_per_week: int,
    max_per_owner: int,
    fmt: str,
    output: str | None,
) -> None:
    """Phases per ISO week and per owner (default: the next 13 weeks).

    Flags weeks with too much work and big sends closer than 14 days to each other. Skipped
    phases do not count.
    """
    a = app(ctx)
    start, end = resolve_range(a.today, date_from, date_to, year, quarter, default_days=91)
    result = api.workload(
        _existing(ctx), start, end, max_per_week=max_per_week, max_per_owner=max_per_owner, today=a.today
    )
    if fmt == "json":
        write_output(to_json(workload_dict(result.workload)), output)
        return
    warnings = [
        wrap_text(f"  beware: {message}; change it with: planner campaign set {c.id} {key} --date YYYY-MM-DD", "    ")
        for c, key, message in result.out_of_order
    ]
    write_output(workload_text(result.workload, result.campaigns, warnings), output)


# -- export and import ----------------------------------------------------------------------------


@click.command()
@output_option
@click.pass_context
def export(ctx: click.Context, output: str | None) -> None:
    """All campaigns as a YAML file, for a backup or another database (see `planner import`)."""
    store = _existing(ctx)
    if output in (None, "-"):
        api.write_export(store, lambda text: click.echo(text, nl=False))  # written as it is read
    else:
        from planner.files import atomic_writer

        try:
            with atomic_writer(output) as handle:  # complete or not at all
                count = api.write_export(store, handle.write)
        except PermissionError:
            raise PlannerError(f"cannot write to {output}: permission denied; choose another file") from None
        click.echo(f"Wrote {count} campaign{'s' if count != 1 else ''} to {output}.", err=True)
    if store.problems:  # a backup that leaves a campaign out must not look complete
        left = len(store.problems)
        raise PlannerError(
            f"the export leaves out {left} damaged campaign{'s' if left != 1 else ''} (see the warnings); "
            "mend them and export again"
        )


@click.command("import")
@click.argument("file", metavar="FILE")
@click.pass_context
def import_(ctx: click.Context, file: str) -> None:
    """Campaigns from a file made by `planner export`: new ones are added, changed ones replaced.

    Importing the same file twice changes nothing. All or nothing: on a problem, nothing is written.
    """
    result = api.import_campaigns(_store(ctx), file)
    parts = [f"{len(result.added)} added", f"{len(result.updated)} updated", f"{len(result.unchanged)} unchanged"]
    click.echo(f"Imported {file}: {', '.join(parts)}.")
    for what, ids in (("added", result.added), ("updated", result.updated)):
        for cid in ids:
            click.echo(f"  {what}: {cid}")


# -- db -------------------------------------------------------------------------------------------


def _db(ctx: click.Context) -> Store:
    store = api.open_database(app(ctx).db_url, migrate=False)
    ctx.call_on_close(store.close)
    return store


@click.group()
def db() -> None:
    """The campaign database (--db URL, PLANNER_DATABASE_URL, or a file in your data folder).

    planner creates and upgrades its database on first use; these commands do it by hand.
    """


@db.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Which schema revision the database is at."""
    store = _db(ctx)
    rev = api.database_revision(store)
    click.echo(f"Database: {store.shown_url}")
    if rev.current is None:
        click.echo("Revision: none (empty; planner creates its tables on first use, or run `planner db upgrade`)")
    elif not rev.known:
        click.echo(f"Revision: {rev.current}, newer than this planner knows ({rev.head}): upgrade planner")
    elif rev.up_to_date:
        click.echo(f"Revision: {rev.current} (the latest; up to date)")
    else:
        click.echo(f"Revision: {rev.current} (the latest is {rev.head}: run `planner db upgrade`)")


@db.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Upgrade the database schema (to REVISION; default: the latest)."""
    store = _db(ctx)
    before, after = api.upgrade_database(store, revision)
    if before.current == after.current:
        click.echo(f"{store.shown_url} is already at revision {after.current}; nothing to do.")
    else:
        click.echo(f"Upgraded {store.shown_url} from {before.current or 'empty'} to {after.current}.")


@db.command("downgrade")
@click.argument("revision", default="-1")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.pass_context
def db_downgrade(ctx: click.Context, revision: str, yes: bool) -> None:
    """Downgrade the database schema (to REVISION; default: one step; 'base' removes every table).

    A downgrade can delete data: export first with `planner export -o backup.yaml`.
    """
    store = _db(ctx)
    before = store.revision()
    if before.current is None:
        click.echo(f"{store.shown_url} has no planner tables; nothing to do.")
        return
    if not yes and not click.confirm(
        f"Downgrade {store.shown_url} to {revision}? This can delete campaigns", default=False
    ):
        click.echo("Nothing changed.")
        return
    before, after = api.downgrade_database(store, revision)
    click.echo(f"Downgraded {store.shown_url} from {before.current} to {after.current or 'empty (base)'}.")
