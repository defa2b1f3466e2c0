"""`planner team add|set|remove|list|import|export` (the roster) and `planner due` (the weekly list).

Thin: parse, call the roster core (`planner.campaigns.roster`) through the store, print.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from planner import api
from planner.cli.campaign_cmds import _existing, _now, _store
from planner.cli.options import app, format_option, output_option, write_output
from planner.serialise import older_dict, to_json
from planner.words import short_date, table
from planner.words import wrap_text as _fit


@click.group()
def team() -> None:
    """The team roster: who does what, and how much work a week each can take.

    New campaigns give each phase to the person holding its role; `planner campaign assign`
    hands a role's phases to someone else; `planner workload` and `planner due` count people.

    \b
    Start with:
      planner team add Amina --role campaign-lead --role writer --capacity 4
      planner team add "Ben Ode" --role designer,social-media
      planner team list
    """


@team.command("add")
@click.argument("name")
@click.option(
    "--role", "roles", multiple=True, metavar="ROLE", help="A role they hold (repeatable, or comma-separated)."
)
@click.option("--capacity", type=int, default=3, show_default=True, help="Phases a week they can take.")
@click.pass_context
def team_add(ctx: click.Context, name: str, roles: tuple[str, ...], capacity: int) -> None:
    """Add NAME to the team."""
    added = api.add_person(_store(ctx), name, roles, capacity, now=_now(ctx))
    held = ", ".join(added.roles) or "no roles yet (add some with --role)"
    click.echo(f"Added {added.name}: {held}; {added.capacity} phases a week.")
    if added.roles:
        click.echo(_fit("New campaigns give them these roles' phases; for a campaign that exists already:"))
        click.echo(f"  planner campaign assign ID {added.roles[0]}={_arg(added.name)}")


def _arg(name: str) -> str:
    return f'"{name}"' if " " in name else name


@team.command("set")
@click.argument("name")
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="Their roles, replacing the ones they had.")
@click.option("--add-role", "add_roles", multiple=True, metavar="ROLE", help="A role to add (repeatable).")
@click.option("--drop-role", "drop_roles", multiple=True, metavar="ROLE", help="A role to take away (repeatable).")
@click.option("--capacity", type=int, help="Phases a week they can take.")
@click.option("--name", "new_name", help="A new name; their phases follow.")
@click.pass_context
def team_set(
    ctx: click.Context,
    name: str,
    roles: tuple[str, ...],
    add_roles: tuple[str, ...],
    drop_roles: tuple[str, ...],
    capacity: int | None,
    new_name: str | None,
) -> None:
    """Change NAME's roles, capacity or name."""
    done = api.change_person(
        _store(ctx),
        name,
        now=_now(ctx),
        roles=roles,
        add_roles=add_roles,
        drop_roles=drop_roles,
        capacity=capacity,
        new_name=new_name,
    )
    after = done.after
    click.echo(f"{after.name}: {', '.join(after.roles) or 'no roles'}; {after.capacity} phases a week.")
    if after.name != done.before.name:
        n = done.phases_renamed
        click.echo(f"Renamed from {done.before.name}; {n} phase{'s' if n != 1 else ''} now show the new name.")


@team.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.pass_context
def team_remove(ctx: click.Context, name: str, yes: bool) -> None:
    """Take NAME off the team. Their phases keep their name until you hand them over."""
    store = _store(ctx)
    found = api.team_roster(store).find(name)
    if not yes and not click.confirm(f"Take {found.name} off the team?", default=False):
        click.echo("Nothing changed.")
        return
    gone, left = api.remove_person(store, found.name, today=app(ctx).today)
    click.echo(f"Removed {gone.name} from the team.")
    if left:
        click.echo(
            _fit(
                f"They still hold {left} open phase{'s' if left != 1 else ''}: see them with "
                f"`planner due --owner {_arg(gone.name)}`, and hand them over with "
                "`planner campaign assign ID ROLE=NAME`."
            )
        )


def person_dict(p: Any) -> dict[str, Any]:
    return {"name": p.name, "roles": list(p.roles), "capacity": p.capacity}


@team.command("list")
@format_option("table", "json")
@output_option
@click.pass_context
def team_list(ctx: click.Context, fmt: str, output: str | None) -> None:
    """The team: names, roles and phases a week."""
    from planner.campaigns.roster import holders

    roster = api.team_roster(_existing(ctx))
    if fmt == "json":
        write_output(to_json([person_dict(p) for p in roster.people]), output)
        return
    if not roster:
        write_output("The team roster is empty. Add people with: planner team add NAME --role ROLE\n", output)
        return
    gets = holders(roster)
    rows = []
    for p in roster.people:
        roles = ", ".join(r if gets.get(r) == p.name else f"{r} (backup)" for r in p.roles) or "-"
        rows.append((p.name, roles, str(p.capacity)))
    text = table(("Name", "Roles", "A week"), rows, (24, 44, 6))
    count = f"{len(roster.people)} {'person' if len(roster.people) == 1 else 'people'}."
    text += (
        "\n"
        + _fit(
            f"{count} New campaigns give each phase to the holder of its role (the first by name; "
            "the others are marked backup)."
        )
        + "\n"
    )
    write_output(text, output)


@team.command("export")
@output_option
@click.pass_context
def team_export(ctx: click.Context, output: str | None) -> None:
    """The roster as a YAML file (load it with `planner team import`)."""
    text, count = api.export_roster(_existing(ctx))
    write_output(text, output)
    if output not in (None, "-"):
        click.echo(f"Wrote {count} {'person' if count == 1 else 'people'} to {output}.", err=True)


@team.command("import")
@click.argument("file", metavar="FILE")
@click.option("--replace", is_flag=True, help="Also remove people who are not in the file.")
@click.pass_context
def team_import(ctx: click.Context, file: str, replace: bool) -> None:
    """People from a YAML file: new ones added, changed ones updated. All or nothing."""
    result, removed = api.import_roster(_store(ctx), file, now=_now(ctx), replace=replace)
    parts = [f"{len(result.added)} added", f"{len(result.updated)} updated", f"{len(result.unchanged)} unchanged"]
    if replace:
        parts.append(f"{len(removed)} removed")
    click.echo(f"Imported {file}: {', '.join(parts)}.")
    for what, names in (("added", result.added), ("updated", result.updated), ("removed", tuple(removed))):
        for n in names:
            click.echo(f"  {what}: {n}")


# -- due ------------------------------------------------------------------------------------------


def _late(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''} late"


def _in(days: int) -> str:
    return "today or under way" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"


@click.command()
@click.option("--owner", metavar="NAME", help="Only this person's work.")
@click.option(
    "--days", default=14, show_default=True, type=click.IntRange(1, 366), help="How far ahead 'coming up' looks."
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Also list overdue work whose last day is more than 90 days ago (counted, not listed, by default).",
)
@format_option("table", "json")
@output_option
@click.pass_context
def due(ctx: click.Context, owner: str | None, days: int, every: bool, fmt: str, output: str | None) -> None:
    """What each person has overdue and coming up: the list for the weekly meeting.

    A phase is overdue when its last day has passed and it is neither done nor skipped. Overdue
    work from more than 90 days ago is counted at the end, not listed (`--all` lists it).
    """
    today = app(ctx).today
    store = _existing(ctx)
    found = api.due(store, today=today, days=days, owner=owner, every=every)
    older = None if every else api.older_open(store, today=today, owner=owner)
    if fmt == "json":
        data = {
            "today": today.isoformat(),
            "days": days,
            **({"older": older_dict(older)} if older is not None and older.steps else {}),
            "people": [
                {
                    "owner": pd.owner,
                    "overdue": [_item(i) for i in pd.overdue],
                    "coming": [_item(i) for i in pd.coming],
                }
                for pd in found
            ],
        }
        write_output(to_json(data), output)
        return
    until = today + dt.timedelta(days=days - 1)
    head = f"Due on {short_date(today)}: overdue, and coming up to {short_date(until)}."
    tail = _older_line(older)
    if not found:
        who = f" for {owner}" if owner else ""
        write_output(f"{head}\nNothing overdue or coming up{who}.\n" + (f"\n{tail}\n" if tail else ""), output)
        return
    lines = [head, ""]
    late_total = sum(len(pd.overdue) for pd in found)
    for pd in found:
        counts = f"{len(pd.overdue)} overdue, {len(pd.coming)} coming up"
        lines.append(click.style(f"{pd.owner}", bold=True) + f" ({counts})")
        pad = " " * 23
        for i in pd.overdue:
            lines.append(_fit(f"  OVERDUE  {short_date(i.end, year=False):<10}  {i.name}, {_late(i.days)}", pad))
            lines.append(_fit(f"{pad}{i.campaign_id} › {i.key}", pad))
        for i in pd.coming:
            lines.append(_fit(f"           {short_date(i.start, year=False):<10}  {i.name}, {_in(i.days)}", pad))
            lines.append(_fit(f"{pad}{i.campaign_id} › {i.key}", pad))
        lines.append("")
    if tail:
        lines.extend([tail, ""])
    if late_total or tail:
        lines.append(_fit("Mark work done with: planner campaign set ID KEY --status done (or --status skipped)."))
    write_output("\n".join(lines).rstrip("\n") + "\n", output)


def _older_line(older: Any) -> str:
    """The count of overdue work too old to list ('' when none)."""
    if older is None or not older.steps:
        return ""
    steps = f"{older.steps} older open step{'s' if older.steps != 1 else ''}"
    campaigns = f"{older.campaigns} campaign{'s' if older.campaigns != 1 else ''}"
    return _fit(f"Not listed: {steps} in {campaigns}, whose last day was before {short_date(older.before)}. "
                "`planner due --all` lists them; `planner campaign close --older` marks them skipped.")  # fmt: skip


def _item(i: Any) -> dict[str, Any]:
    return {
        "campaign": i.campaign_id,
        "campaign_name": i.campaign_name,
        "phase": i.key,
        "name": i.name,
        "start": i.start.isoformat(),
        "end": i.end.isoformat(),
        "status": i.status.value,
        "overdue": i.overdue,
        "days_late" if i.overdue else "days_until": i.days,
    }
