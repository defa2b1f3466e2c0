"""Commands over the catalogue and the date engine: upcoming, observances, anniversaries,
show, recommendations, check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from planner import api
from planner.catalogue.model import Kind, Observance, Occurrence
from planner.catalogue.rules import describe, exceptions
from planner.cli.options import (
    DATE,
    app,
    format_option,
    output_option,
    range_options,
    resolve_range,
    write_output,
)
from planner.quarters import add_days, parse_year
from planner.serialise import occurrence_dict, occurrences_csv, recommendation_dict, source_dict, to_json
from planner.words import day_month_year, month_year, short_date, table, weekday, when, wrap

if TYPE_CHECKING:
    from planner.catalogue.policy import EntryAudit

KINDS = [k.value for k in Kind]
STAR = "★"


def _title(occ: Occurrence) -> str:
    mark = f" {STAR}" if occ.observance.named_in else ""
    return f"{occ.title}{mark}"


def occurrences_table(occurrences: Sequence[Occurrence]) -> str:
    """Occurrences as a text table with a footer, or a line saying there are none."""
    if not occurrences:
        return "No observances in this range.\n"
    rows = []
    for occ in occurrences:
        until = "" if occ.start == occ.end else short_date(occ.end)
        rows.append((short_date(occ.start), until, f"{_title(occ)}\n{occ.id} · {occ.observance.kind.value}"))
    footer = f"\n{len(occurrences)} occurrence{'s' if len(occurrences) != 1 else ''}."
    if any(o.observance.named_in for o in occurrences):
        footer += f" {STAR} = named in the reports."
    footer += " Details: planner show ID\n"
    return table(("Starts", "Until", "Observance"), rows, (15, 15, 44)) + footer


def _render(occurrences: Sequence[Occurrence], fmt: str) -> str:
    if fmt == "json":
        return to_json([occurrence_dict(o) for o in occurrences])
    if fmt == "csv":
        return occurrences_csv(occurrences)
    return occurrences_table(occurrences)


@click.command()
@range_options
@click.option("--theme", "themes", multiple=True, metavar="T", help="Only these themes (repeatable; any matches).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these kinds (repeatable).")
@click.option("--all", "every", is_flag=True, help="Every anniversary year, not only milestones.")
@format_option("table", "json", "csv")
@output_option
@click.pass_context
def observances(
    ctx: click.Context,
    date_from: dt.date | None,
    date_to: dt.date | None,
    year: str | None,
    quarter: str | None,
    themes: tuple[str, ...],
    kinds: tuple[str, ...],
    every: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Observances between two dates (default: the next 90 days).

    Anniversaries appear in their milestone years (the 1st and every 5th); --all shows every year.
    """
    a = app(ctx)
    start, end = resolve_range(a.today, date_from, date_to, year, quarter, default_days=90)
    found = api.list_observances(a.catalogue, start, end, themes=themes, kinds=kinds, every_anniversary=every)
    text = _render(found, fmt)
    if fmt == "table" and output is None:
        text = f"Observances from {short_date(start)} to {short_date(end)}\n\n{text}"
    write_output(text, output)


@click.command()
@click.option("--year", metavar="YYYY", help="One calendar year.")
@click.option("--from", "date_from", type=DATE, help="First day (inclusive).")
@click.option("--to", "date_to", type=DATE, help="Last day (inclusive).")
@click.option("--all", "every", is_flag=True, help="Every anniversary, not only milestones.")
@format_option("table", "json", "csv")
@output_option
@click.pass_context
def anniversaries(
    ctx: click.Context,
    year: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    every: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Numbered anniversaries (default: milestones from today to the end of four years on)."""
    a = app(ctx)
    if year is None and date_from is None and date_to is None:
        start, end = a.today, dt.date(min(a.today.year + 4, dt.MAXYEAR), 12, 31)
    else:
        start, end = resolve_range(a.today, date_from, date_to, year, None, default_days=366 * 5)
    found = api.list_anniversaries(a.catalogue, start, end, every=every)
    if fmt != "table":
        write_output(_render(found, fmt), output)
        return
    if not found:
        write_output(
            f"No {'' if every else 'milestone '}anniversaries from {short_date(start)} to {short_date(end)}.\n", output
        )
        return
    rows = [
        (short_date(o.start), o.anniversary.ordinal if o.anniversary else "", f"{_title(o)}\n{o.id}") for o in found
    ]
    text = (
        f"{'Anniversaries' if every else 'Milestone anniversaries'} from {short_date(start)} to {short_date(end)}\n\n"
    )
    text += table(("Date", "Number", "Anniversary"), rows, (15, 6, 53))
    write_output(text, output)


@click.command()
@click.option("--days", default=60, show_default=True, type=click.IntRange(1, 3660), help="How many days ahead.")
@click.option("--theme", "themes", multiple=True, metavar="T", help="Only these themes (repeatable).")
@click.pass_context
def upcoming(ctx: click.Context, days: int, themes: tuple[str, ...]) -> None:
    """What is coming in the next 60 days, grouped by month, at a glance."""
    a = app(ctx)
    found = api.upcoming(a.catalogue, days, today=a.today, themes=themes)
    start, end = a.today, add_days(a.today, days - 1)
    lines = [click.style(f"Coming up: {short_date(start)} to {short_date(end)} (next {days} days)", bold=True)]
    under_way = [o for o in found if o.start < start]
    groups: list[tuple[str, list[Occurrence]]] = []
    if under_way:
        groups.append(("Under way", under_way))
    for occ in found:
        if occ.start >= start:
            label = month_year(occ.start)
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            groups[-1][1].append(occ)
    if not found:
        lines += ["", "Nothing in this period."]
    indent = " " * 14
    for label, occs in groups:
        lines += ["", click.style(label, bold=True, underline=True)]
        for occ in occs:
            delta = (occ.start - a.today).days
            if occ.start <= a.today <= occ.end:
                rel = f"under way until {short_date(occ.end)}" if occ.start < a.today else "today"
            elif delta == 1:
                rel = "tomorrow"
            else:
                rel = f"in {delta} days"
            day = short_date(occ.start, year=occ.start.year != a.today.year and occ.start < start)
            span = (
                ""
                if occ.start == occ.end or occ.start < start
                else f" (to {short_date(occ.end, year=occ.end.year != occ.start.year)})"
            )
            important = bool(occ.observance.named_in or (occ.anniversary and occ.anniversary.milestone))
            wrapped = wrap(_title(occ) + span, width=78 - len(indent))
            first = f"  {day:<10}  " if len(day) <= 10 else f"  {day}\n{indent}"
            lines.append(first + click.style(wrapped[0], bold=important))
            lines += [indent + click.style(w, bold=important) for w in wrapped[1:]]
            recs = len(occ.observance.recommendations)
            detail = f"{occ.id} · {rel}" + (f" · {recs} recommendation{'s' if recs != 1 else ''}" if recs else "")
            lines += [indent + click.style(w, dim=True) for w in wrap(detail, width=78 - len(indent))]
    lines += ["", f"{STAR} = named in the reports. Details: planner show ID. More: planner observances"]
    click.echo("\n".join(lines))


def _rule_line(obs: Observance) -> str:
    text = describe(obs.rule)
    if obs.first_year and obs.kind is not Kind.ANNIVERSARY and obs.rule.kind != "once":
        text += f", since {obs.first_year}"
    if obs.valid_to:
        text += f", until {obs.valid_to}"
    return text + exceptions(obs, list_dates=False)


def _field(label: str, text: str) -> list[str]:
    return wrap(text, " " * 16, f"{label + ':':<16}")


def _occurrence_line(o: Occurrence) -> str:
    if o.anniversary is None:
        return when(o)
    milestone = ", a milestone" if o.anniversary.milestone else ""
    return f"{when(o)} ({o.anniversary.ordinal} anniversary{milestone})"


@click.command()
@click.argument("observance_id", metavar="ID")
@click.option("--year", metavar="YYYY", help="Show the dates in this year (default: the next occurrence).")
@click.pass_context
def show(ctx: click.Context, observance_id: str, year: str | None) -> None:
    """One observance: its dates, sources with their status, and linked recommendations."""
    a = app(ctx)
    view = api.show_observance(
        a.catalogue, observance_id, today=a.today, year=None if year is None else parse_year(year)
    )
    obs = view.observance
    heading = f"{obs.name}  ({obs.id})"
    if len(heading) <= 80:
        out: list[str] = [click.style(obs.name, bold=True) + f"  ({obs.id})", ""]
    else:  # a long name: wrap it, with the id on its own line
        out = [click.style(line, bold=True) for line in wrap(obs.name)] + wrap(f"({obs.id})") + [""]
    if obs.description:
        out += [*wrap(obs.description), ""]
    out += _field("Kind", obs.kind.value)
    out += _field("When", _rule_line(obs))
    if view.year is not None:
        special = obs.year_date(view.year)
        flag = f" [{special.status.value}]" if special and special.status.value != "primary" else ""
        for o in view.occurrences:
            out += _field(f"In {view.year}", _occurrence_line(o) + flag)
        if not view.occurrences:
            out += _field(f"In {view.year}", f"no occurrence{view.why_none}")
    else:
        nxt = view.occurrences[0] if view.occurrences else None
        out += _field("Next", _occurrence_line(nxt) if nxt else "none (a past one-off or an ended observance)")
    if obs.first_year is not None and (obs.first_observed is not None or obs.rule.kind not in ("anniversary", "once")):
        status = obs.year_status
        mark = {"unverified": " [unconfirmed]", "disputed": " [disputed]", "floor": " [earliest possible year]"}
        out += _field("First year", f"{obs.first_year}{mark.get(status.value, '') if status else ''}")
        if obs.first_observed_note:
            out += wrap(obs.first_observed_note, " " * 16)
    for yd in obs.year_dates:
        flag = "" if yd.status.value == "primary" else f" [{yd.status.value}]"
        out += _field(f"Date in {yd.date.year}", f"{weekday(yd.date)} {day_month_year(yd.date)}{flag}")
        if yd.note:
            out += wrap(yd.note, " " * 16)
    out += _field("Proclaimed by", obs.proclaimed_by)
    if obs.instrument:
        i = obs.instrument
        adopted = f", adopted {day_month_year(i.adopted)}" if i.adopted else ""
        out += _field("Instrument", f"{i.symbol}{adopted} [{i.status.value}]")
        if i.note:
            out += wrap(i.note, " " * 16)
    out += _field("Themes", ", ".join(obs.themes))
    if obs.hashtags:
        out += _field("Hashtags", " ".join(obs.hashtags))
    if obs.named_in:
        out += _field("Named in", ", ".join(r.citation for r in view.named_in))
    out += ["", click.style("Sources", bold=True)]
    for s in obs.sources:
        kind = f"{s.kind.value}, " if s.kind else ""
        out += wrap(f"[{kind}{s.status.value}] {s.title}", "      ", "  ")
        who = [w for w in (s.publisher, f"checked {s.checked}" if s.checked else None) if w]
        if who:
            out += wrap("; ".join(who), "      ")
        out += wrap(s.reference, "      ")
        if s.note:
            out += wrap(f"note: {s.note}", "      ")
    if obs.recommendations:
        out += ["", click.style("Linked recommendations", bold=True)]
        for rec, reason in view.recommendations:
            out += wrap(f"{rec.citation} ({rec.id}): {rec.title}", "      ", "  ")
            out += wrap(f"Why: {reason}", "      ")
            out += wrap(rec.summary, "      ")
    if obs.doubts:
        out += ["", click.style("Check before relying on it", bold=True)]
        for d in obs.doubts:
            out += wrap(d, "    ", "  - ")
    click.echo("\n".join(out))


@click.command()
@click.option(
    "--report", "reports", multiple=True, metavar="R", help="Only this report: WP3013 or WP2011 (repeatable)."
)
@click.option("--theme", "themes", multiple=True, metavar="T", help="Only these themes (repeatable).")
@click.option("--audience", "audiences", multiple=True, metavar="A", help="Only recommendations naming this audience.")
@format_option("table", "json")
@output_option
@click.pass_context
def recommendations(
    ctx: click.Context,
    reports: tuple[str, ...],
    themes: tuple[str, ...],
    audiences: tuple[str, ...],
    fmt: str,
    output: str | None,
) -> None:
    """The reports' recommendations, summarised in our own words, with citations."""
    a = app(ctx)
    cat = a.catalogue
    recs = api.list_recommendations(cat, reports=reports, themes=themes, audiences=audiences)
    if fmt == "json":
        write_output(to_json([recommendation_dict(r) for r in recs]), output)
        return
    rows = [(r.id, r.citation, f"{r.title}\n{r.summary}") for r in recs]
    text = table(("Id", "Cite as", "Recommendation"), rows, (12, 18, 44)) if recs else "No recommendations match.\n"
    used = sorted({r.report for r in recs})
    if used:
        lines = [
            w
            for c in used
            for w in wrap(f"{c}: {cat.reports[c].title} ({cat.reports[c].publisher}, {cat.reports[c].date})", "    ")
        ]
        text += "\n" + "\n".join(lines) + "\n"
    write_output(text, output)


def _audit_lines(audits: Sequence[EntryAudit], *, only_short: bool) -> list[str]:
    lines: list[str] = []
    for au in audits:
        if only_short and not au.findings:
            continue
        if not only_short:
            lines += ["", click.style(au.observance.name, bold=True) + f"  ({au.observance.id})"]
            lines += wrap(f"best source: {au.standing}" + ("" if au.shipped else " (your own entry)"), "    ", "  ")
            for s in au.observance.sources:
                lines += wrap(
                    f"[{s.kind.value if s.kind else 'no kind'}, {s.status.value}] {s.title}", "      ", "  - "
                )
                lines += wrap(
                    f"{s.publisher or 'publisher not given'}; "
                    f"{'checked ' + s.checked if s.checked else 'month checked not given'}",
                    "      ",
                    "    ",
                )
                lines += wrap(s.reference or "no url or document", "      ", "    ")
                if s.note:
                    lines += wrap(f"note: {s.note}", "      ", "    ")
        for f in au.findings:
            mark = "error" if f.severity.value == "error" else ("falls short" if au.shipped else "warning")
            lines += wrap(f"{au.observance.id}: {mark}: {f.message}", "      ", "  ! ")
    return lines


@click.command()
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option("--short", "only_short", is_flag=True, help="Only the entries that fall short of the source policy.")
@format_option("table", "json")
@output_option
@click.pass_context
def sources(ctx: click.Context, ids: tuple[str, ...], only_short: bool, fmt: str, output: str | None) -> None:
    """Each entry's sources with their kind, publisher, status and the month they were checked,
    and the entries that fall short of the source policy: audit before a campaign.

    A citable source is the proclaiming text (through the UN document resolver), the UN's or the
    proclaiming body's own page, or a civil-society organiser's own site. Exits 1 when a shipped
    entry falls short, or any entry cites a banned kind of site.
    """
    a = app(ctx)
    audits = api.audit_sources(a.catalogue, ids)
    if fmt == "json":
        data = [
            {
                "id": au.observance.id,
                "name": au.observance.name,
                "standing": au.standing,
                "shipped": au.shipped,
                "sources": [source_dict(s) for s in au.observance.sources],
                "findings": [{"severity": f.severity.value, "message": f.message} for f in au.findings],
            }
            for au in audits
        ]
        write_output(to_json(data), output)
    else:
        short = [au for au in audits if au.findings]
        counts = {k: sum(1 for au in audits if au.standing == k) for k in ("primary", "secondary", "unverified")}
        head = wrap(
            f"{len(audits)} entries: {counts['primary']} with a primary source, {counts['secondary']} with "
            f"secondary sources only, {counts['unverified']} unverified; {len(short)} fall short of the source policy.",
            "",
            "",
        )
        write_output("\n".join(head + _audit_lines(audits, only_short=only_short)) + "\n", output)
    if any(au.blocking for au in audits):
        ctx.exit(1)


@click.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Validate catalogue files, merged over the shipped catalogue (exit 1 on a problem).

    Without FILE, checks the shipped catalogue and any --catalogue files.
    """
    a = app(ctx)
    checked = api.check_catalogue(a.catalogue_files + files)
    cat, doubtful, shaky = checked.catalogue, checked.doubtful, checked.shaky
    blocking = [au for au in checked.sources if au.blocking]
    if blocking:
        lines = wrap(f"{len(blocking)} entries break the source policy; fix them and run `planner check` again:")
        lines += _audit_lines(blocking, only_short=True)
        click.echo("\n".join(lines), err=True)
        ctx.exit(1)
    lines = wrap(
        f"OK: {len(cat.observances)} observances, {len(cat.recommendations)} recommendations, "
        f"{len(cat.themes)} themes in {', '.join(cat.files)}",
        "    ",
        "",
    )
    if doubtful:
        lines += wrap(
            f"{len(doubtful)} observances carry unverified or doubtful facts; see `planner show ID` for each:"
        )
        for o in doubtful:
            more = f" (+{len(o.doubts) - 1} more)" if len(o.doubts) > 1 else ""
            lines += wrap(f"{o.id}: {o.doubts[0]}{more}", "    ", "  ")
    warned = [au for au in checked.sources if au.findings and not au.blocking]
    if warned:
        lines += wrap(
            f"{len(warned)} of your own entries fall short of the source policy (see `planner sources --short`):"
        )
        lines += _audit_lines(warned, only_short=True)
    click.echo("\n".join(lines))
    if shaky:
        click.echo(f"{len(shaky)} recommendations cite an instrument that is unverified or doubtful:")
    for r in shaky:
        for i in r.instruments:
            if i.status.value in ("unverified", "doubtful"):
                click.echo("\n".join(wrap(f"{r.id} cites {i.as_written} [{i.status.value}]", "    ", "  ")))
