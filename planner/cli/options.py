"""Options and helpers shared by several commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from planner.cli import App
from planner.errors import UsageProblem
from planner.quarters import add_days, check_span, parse_date, parse_quarter, parse_year

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """An ISO date; the error says which form is accepted."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        """The date typed; a malformed one fails with the accepted form."""
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value), param.opts[0] if param else "date")
        except UsageProblem as exc:
            self.fail(exc.message, param, ctx)


DATE = DateParam()


def app(ctx: click.Context) -> App:
    """The command's `App` (clock, catalogue, database)."""
    obj = ctx.find_object(App)
    assert obj is not None
    return obj


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """A --format option with these choices."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


def format_from_name(output: str | None, extensions: Mapping[str, str], default: str = "md") -> str:
    """The format an `-o` file name asks for (`plan.html` -> html), else `default` (no extension,
    or the screen). An extension planner cannot write (`plan.doc`) is refused with the list."""
    from pathlib import Path

    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    if suffix and suffix not in extensions:
        known = ", ".join(sorted(extensions))
        raise UsageProblem(
            f"planner cannot write a '{suffix}' file ({output}); name the file with one of: {known}, or choose "
            "the format with --format"
        )
    return extensions.get(suffix, default)


def refuse_binary_on_screen(fmt: str, output: str | None, example: str) -> None:
    """A PDF, DOCX or XLSX file is not for a terminal: ask for -o FILE instead."""
    import sys

    if fmt in ("pdf", "docx", "xlsx") and (output is None or output == "-") and sys.stdout.isatty():
        raise UsageProblem(
            f"a {fmt.upper()} file cannot be shown on the screen; save it with -o FILE, e.g. -o {example}"
        )


def write_output(content: str | bytes, path: str | None) -> None:
    """Write to `path` atomically (`planner.files`), or to standard output when path is None or
    '-'. Text written to a file never holds terminal colours."""
    import sys

    if path is None or str(path) == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            click.echo(content, nl=False)  # drops colour unless stdout is a terminal
        return
    from planner.files import write_file

    if isinstance(content, str):
        content = click.unstyle(content)
        if str(path).lower().endswith(".csv") and not content.startswith(BOM):
            content = BOM + content  # Excel on Windows reads a CSV file as UTF-8 only with it
    write_file(path, content)


BOM = "\ufeff"
"""The UTF-8 byte-order mark a CSV file starts with, so Excel reads its accents."""


def output_option(f: F) -> F:
    """The -o/--output option."""
    return click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of the screen.")(f)


def range_options(f: F) -> F:
    """The --from, --to, --year and --quarter options (see `resolve_range`)."""
    for decorator in reversed(
        (
            click.option("--from", "date_from", type=DATE, help="First day (inclusive)."),
            click.option("--to", "date_to", type=DATE, help="Last day (inclusive)."),
            click.option("--year", metavar="YYYY", help="A whole calendar year."),
            click.option(
                "--quarter", metavar="Q", help="A quarter: 2027Q1, 2027-Q1, Q1 2027, current, next, previous."
            ),
        )
    ):
        f = decorator(f)
    return f


def resolve_range(
    today: dt.date,
    date_from: dt.date | None,
    date_to: dt.date | None,
    year: str | None,
    quarter: str | None,
    *,
    default_days: int,
) -> tuple[dt.date, dt.date]:
    """One date range from --from/--to, --year or --quarter; the default starts today."""
    chosen = [name for name, v in (("--year", year), ("--quarter", quarter)) if v is not None]
    if date_from or date_to:
        chosen.append("--from/--to")
    if len(chosen) > 1:
        raise UsageProblem(f"use only one of {', '.join(chosen)}")
    if year is not None:
        y = parse_year(year)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    start, end = _checked_range(today, date_from, date_to, quarter, default_days)
    return check_span(start, end)


def _checked_range(
    today: dt.date, date_from: dt.date | None, date_to: dt.date | None, quarter: str | None, default_days: int
) -> tuple[dt.date, dt.date]:
    if quarter is not None:
        q = parse_quarter(quarter, today)
        return q.start, q.end
    start = date_from or today
    end = date_to or add_days(start, default_days - 1)
    if end < start:
        if date_from is None:
            raise UsageProblem(
                f"--to {end} is before today ({start}); give --from as well, e.g. --from {end.year}-01-01"
            )
        raise UsageProblem(f"--to {end} is before --from {start}; swap them")
    return start, end


class TextParam(click.ParamType):  # type: ignore[type-arg]
    """Text typed on the command line, cleaned by `planner.text.clean`: a control character is a
    usage error naming the option; `one_line` turns line breaks into spaces (names, labels)."""

    name = "TEXT"

    def __init__(self, *, one_line: bool) -> None:
        self.one_line = one_line

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from planner.text import UnsafeText, clean

        try:
            return clean(str(value), one_line=self.one_line)
        except UnsafeText as exc:
            self.fail(exc.reason, param, ctx)


ONE_LINE = TextParam(one_line=True)
MULTI_LINE = TextParam(one_line=False)
