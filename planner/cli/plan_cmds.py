"""`planner plan`: the quarterly campaign plan, planner's main job.

Thin: parse the quarter and options, read the campaigns from the store, call
`planner.plans.build.build_plan`, render with `planner.plans.output`, write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from planner.cli.options import app, check_themes, format_from_name, output_option

if TYPE_CHECKING:
    from planner.campaigns.model import Campaign
    from planner.cli import App
    from planner.plans.build import CampaignsNeeded

FORMATS = ("md", "html", "csv", "json")


def _stored_campaigns(a: App, needed: CampaignsNeeded) -> list[Campaign]:
    """The team's stored campaigns the plan needs (see `campaigns_needed`). A SQLite file that
    does not exist yet means none: reading a plan never creates a database."""
    from planner.campaigns.store import sqlite_path

    store = a.store
    database = sqlite_path(store.url or "")
    if database is not None and not database.exists():
        if a.db_url:
            click.echo(
                f"note: no campaign database at {database} yet, so the plan shows suggested timelines only",
                err=True,
            )
        return []
    try:
        return store.campaigns(start=needed.start, end=needed.end, including=needed.including)
    finally:
        store.close()


@click.command()
@click.argument("quarter", required=False, default="next", metavar="[QUARTER]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="md, html (one printable file with a chart), csv or json. Default: from -o FILE's extension, else md.",
)
@output_option
@click.option("--theme", "themes", multiple=True, metavar="T", help="Only observances with these themes (repeatable).")
@click.option(
    "--country",
    envvar="PLANNER_COUNTRY",
    metavar="CC",
    help="Your country's public holidays count as days off, e.g. GB, KE, GB-ENG (env PLANNER_COUNTRY).",
)
@click.pass_context
def plan(
    ctx: click.Context,
    quarter: str,
    fmt: str | None,
    output: str | None,
    themes: tuple[str, ...],
    country: str | None,
) -> None:
    """The campaign plan for a quarter (default: next): what is coming, what to prepare, who is
    overloaded.

    QUARTER is 2027Q2, 2027-Q2, Q2 2027, current, next or previous.

    \b
    The plan holds:
      1. the quarter's observances and milestone anniversaries, by month;
      2. later observances whose campaign work starts this quarter (lead-in);
      3. your campaigns, and suggested ones for high-priority days without one;
      4. the workload per week and owner, with flags;
      5. events and planning windows from your own catalogue.

    \b
    Examples:
      planner plan
      planner plan 2027Q4 -o plan.html        (printable, with a timeline chart)
      planner plan next --format csv -o plan.csv
    """
    from planner.campaigns.holidays_adapter import work_calendar
    from planner.campaigns.template_cache import templates
    from planner.output import write_output
    from planner.plans.build import build_plan, campaigns_needed
    from planner.plans.output import EXTENSIONS, render_plan
    from planner.quarters import parse_quarter

    a = app(ctx)
    chosen = parse_quarter(quarter, a.today)
    check_themes(a, themes)
    calendar = work_calendar(country)
    result = build_plan(
        a.catalogue,
        chosen,
        campaigns=_stored_campaigns(a, campaigns_needed(a.catalogue, chosen, themes=themes)),
        templates=templates(),
        calendar=calendar,
        today=a.today,
        themes=themes,
    )
    write_output(render_plan(result, fmt or format_from_name(output, EXTENSIONS)), output)
