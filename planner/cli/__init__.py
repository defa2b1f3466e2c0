"""The `planner` command: a thin shell over the library.

Subcommands live in sibling modules and are imported only when run, so `planner --help` stays
fast. One error boundary (`PlannerGroup.invoke`) turns a `PlannerError` into a clean message and
exit code: 1 for a runtime error, 2 for a usage error; never a traceback.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from planner import __version__

if TYPE_CHECKING:
    from planner.campaigns.store import Store
    from planner.catalogue.model import Catalogue

# name -> (module, attribute, one-line help). The help is here so `--help` imports nothing.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "plan": (
        "planner.cli.plan_cmds",
        "plan",
        "The quarter's campaign plan: what is coming, what to prepare, who is busy.",
    ),
    "upcoming": ("planner.cli.catalogue_cmds", "upcoming", "What is coming in the next 60 days, at a glance."),
    "observances": (
        "planner.cli.catalogue_cmds",
        "observances",
        "Observances between two dates (default: the next 90 days).",
    ),
    "anniversaries": (
        "planner.cli.catalogue_cmds",
        "anniversaries",
        "Numbered anniversaries; milestone years by default.",
    ),
    "show": ("planner.cli.catalogue_cmds", "show", "One observance: dates, sources and linked recommendations."),
    "recommendations": (
        "planner.cli.catalogue_cmds",
        "recommendations",
        "The reports' recommendations, in our own words.",
    ),
    "check": ("planner.cli.catalogue_cmds", "check", "Validate catalogue files and their sources."),
    "sources": (
        "planner.cli.catalogue_cmds",
        "sources",
        "Each entry's sources (kind, status, month checked) and what falls short of the source policy.",
    ),
    "campaign": ("planner.cli.campaign_cmds", "campaign", "Campaigns: dated plans of work scheduled back from a day."),
    "due": ("planner.cli.team_cmds", "due", "What each person has overdue and coming up, for the weekly meeting."),
    "team": ("planner.cli.team_cmds", "team", "The team roster: people, their roles and weekly capacity."),
    "workload": ("planner.cli.campaign_cmds", "workload", "Phases per week and person; flags overloaded weeks."),
    "export": ("planner.cli.campaign_cmds", "export", "All campaigns as a YAML file."),
    "import": ("planner.cli.campaign_cmds", "import_", "Campaigns from a file made by `planner export`."),
    "db": ("planner.cli.campaign_cmds", "db", "The campaign database: upgrade, downgrade, current."),
    "feed": ("planner.cli.feed_cmds", "feed", "An iCalendar feed of observances; also feed lint and feed token."),
    "publish": ("planner.cli.feed_cmds", "publish", "A static folder of feeds with a subscribe page."),
    "serve": (
        "planner.cli.feed_cmds",
        "serve",
        "The web app: calendar, plan, campaigns, briefs and feeds in a browser.",
    ),
    "user": ("planner.cli.user_cmds", "user", "Accounts for the web app: add, passwd, list."),
    "brief": ("planner.cli.brief_cmds", "brief", "A messaging brief for one day: message house, posts, checks."),
    "lint-message": ("planner.cli.brief_cmds", "lint_message", "Check your own draft for jargon and over-long posts."),
}


GLOBAL_OPTIONS = ("--today", "--catalogue", "--db")
"""Options of `planner` itself that are also accepted after the command name:
`planner plan 2027Q4 --today 2027-09-01` means `planner --today 2027-09-01 plan 2027Q4`."""


def hoist_global_options(args: list[str]) -> list[str]:
    """`args` with the global options found after the command name moved before it.

    No subcommand has an option of the same name, so the move is unambiguous; everything after
    a `--` is left alone (it is an argument, not an option).
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and rest:  # after the command name
            if "=" in arg:
                front.append(arg)
            else:
                front += args[i : i + 2]
                i += 1
        elif name in GLOBAL_OPTIONS and "=" not in arg and not rest:
            front += args[i : i + 2]
            i += 1
        elif not rest and arg.startswith("-"):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


class Failure(click.ClickException):
    """A PlannerError on its way out: printed as `error: ...` with its own exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        """Print 'error: MESSAGE' on standard error, control characters shown as escapes."""
        from planner.text import printable

        click.echo(f"error: {printable(self.format_message())}", err=True)


class PlannerGroup(click.Group):
    """Loads subcommands on demand and is the CLI's single error boundary."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands in the order of `planner --help`."""
        return list(COMMANDS) + sorted(set(self.commands) - set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported only now."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command; an unknown name suggests the closest ones."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=2)
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint} Run `planner --help` to see the commands.")
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `--help`, from `COMMANDS` (nothing imported)."""
        rows = [(name, COMMANDS[name][2]) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command (see `_invoke`); then print the warnings of damaged campaigns left out,
        and close the database, so no PostgreSQL connection outlives the command."""
        try:
            return self._invoke(ctx)
        finally:
            application = ctx.find_object(App)
            if application is not None and application._store is not None:
                from planner.text import printable

                for problem in dict.fromkeys(application._store.problems):
                    click.echo(f"warning: left out a damaged campaign: {printable(problem)}", err=True)
                for mended in application._store.mended:
                    click.echo(f"note: mended {printable(mended)}", err=True)
                application._store.close()  # PostgreSQL connections end with the command

    def _invoke(self, ctx: click.Context) -> Any:
        """Run the command; a PlannerError becomes 'error: ...' with its exit code, anything else an
        internal error without a traceback.
        """
        from planner.errors import PlannerError

        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            raise Failure(exc.message, exc.exit_code) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OverflowError:  # date arithmetic past year 9999 or before year 1
            from planner.errors import OutOfRange

            error = OutOfRange()
            raise Failure(error.message, error.exit_code) from None
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise click.exceptions.Exit(1) from None
            raise Failure(os_problem(exc), 1) from None
        except Exception as exc:  # the last line of defence: no traceback for users
            raise self._internal(exc) from None

    @staticmethod
    def _internal(exc: Exception) -> Exception:
        if os.environ.get("PLANNER_DEBUG"):
            return exc
        return Failure(
            f"internal error ({type(exc).__name__}: {exc}). This is a bug in planner; "
            "run again with PLANNER_DEBUG=1 to see the details and report them.",
            1,
        )


def os_problem(exc: OSError) -> str:
    """An operating-system error in words that name the real cause and what to do."""
    import errno

    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"the disk is full (or your quota is used up) while writing{where or ' the output'}; "
            "free some space or write to another disk, then run the command again"
        )
    if exc.errno == errno.EROFS:
        return f"cannot write{where or ' the output'}: it is on a read-only medium; write to another folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot use{where or ' a file'}: permission denied; choose another file or folder"
    return f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}"


@dataclass
class App:
    """What every command needs: the injected clock and the catalogue files."""

    today: dt.date
    catalogue_files: tuple[str, ...] = ()
    db_url: str | None = None
    _catalogue: Catalogue | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def catalogue(self) -> Catalogue:
        """The shipped catalogue with the --catalogue files merged over it (loaded once)."""
        if self._catalogue is None:
            from planner import api

            self._catalogue = api.load_catalogue(self.catalogue_files)
        return self._catalogue

    @property
    def store(self) -> Store:
        """The campaign database for writing (--db, else PLANNER_DATABASE_URL, else the default
        file), created and upgraded on first use."""
        if self._store is None:
            from planner import api

            self._store = api.open_database(self.db_url)
        return self._store

    @property
    def existing_store(self) -> Store:
        """The campaign database for reading: never created (`NoDatabase` when it is missing)."""
        if self._store is None:
            from planner import api

            self._store = api.open_existing_database(self.db_url)
        return self._store


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None or value == "":
        return dt.date.today()
    from planner.errors import UsageProblem
    from planner.quarters import parse_date

    try:
        return parse_date(value, "--today")
    except UsageProblem as exc:
        raise click.BadParameter(exc.message) from None


@click.group(
    name="planner", cls=PlannerGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80}
)
@click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    metavar="FILE",
    help="Your own catalogue file, merged over the shipped one (repeatable; same id replaces).",
)
@click.option(
    "--today",
    envvar="PLANNER_TODAY",
    callback=_parse_today,
    metavar="YYYY-MM-DD",
    help="Pretend today is this date (env PLANNER_TODAY). Default: the real date.",
)
@click.option(
    "--db",
    "db_url",
    envvar="PLANNER_DATABASE_URL",
    metavar="URL",
    help="Campaign database: a URL or a SQLite file (env PLANNER_DATABASE_URL). Default: one in your data folder.",
)
@click.version_option(__version__, prog_name="planner", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, catalogues: tuple[str, ...], today: dt.date, db_url: str | None) -> None:
    """planner: plan human-rights campaigns around observance days and anniversaries.

    \b
    Start with:
      planner plan                      next quarter's campaign plan
      planner upcoming                  what is coming in the next 60 days
      planner show human-rights-day     one observance in detail
      planner brief idahobit            a messaging brief for one day
      planner feed -o observances.ics   a calendar to subscribe to
    """
    ctx.obj = App(today=today, catalogue_files=catalogues, db_url=db_url)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    try:
        cli.main(args=argv, prog_name="planner")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("interrupted", err=True)
        sys.exit(130)
