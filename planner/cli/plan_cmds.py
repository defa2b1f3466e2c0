"""`planner plan`: the quarterly campaign plan, planner's main job.

Thin: parse the quarter and options, call `planner.api.build_plan`, render with
`planner.plans.output`, write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from planner.cli.options import app, format_from_name, output_option

if TYPE_CHECKING:
    pass

FORMATS = ("md", "html", "pdf", "xlsx", "csv", "json")


@click.command()
@click.argument("quarter_words", nargs=-1, metavar="[QUARTER]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help=(
        "md, html (printable: a one-page summary, then the detail), pdf (needs the pdf extra), xlsx, csv or "
        "json. Default: from -o FILE's extension, else md."
    ),
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
    quarter_words: tuple[str, ...],
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
      - at a glance, the quarter's moments (one per day), what is overdue
        and due, and the month grids with your team's deadlines;
      1. the quarter's observances and milestone anniversaries, by month;
      2. later observances whose campaign work starts this quarter (lead-in);
      3. your campaigns, and suggested ones for high-priority days without one;
      4. the workload per week and person, with flags;
      5. events and planning windows from your own catalogue.

    \b
    Examples:
      planner plan
      planner plan 2027Q4 -o plan.html        (printable, with a timeline chart)
      planner plan 2027Q4 -o plan.pdf         (needs: pip install 'planner[pdf]')
      planner plan 2027Q4 -o plan.xlsx        (a sheet per section)
      planner plan next --format csv -o plan.csv
    """
    from planner import api
    from planner.cli.options import refuse_binary_on_screen, write_output
    from planner.plans.output import EXTENSIONS, render_plan
    from planner.quarters import parse_quarter

    quarter = " ".join(quarter_words) or "next"  # `plan Q2 2027` unquoted is two words
    fmt = fmt or format_from_name(output, EXTENSIONS)  # a wrong -o name is refused before any work
    a = app(ctx)
    refuse_binary_on_screen(fmt, output, f"plan.{fmt}")
    result = api.build_plan(
        a.catalogue, parse_quarter(quarter, a.today), today=a.today, db_url=a.db_url, themes=themes, country=country
    )
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    write_output(render_plan(result.plan, fmt), output)
