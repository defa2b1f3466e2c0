"""Calendar feed commands: feed (with lint and token), publish, serve."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planner.catalogue.model import Kind
from planner.cli.options import DATE, ONE_LINE, app, output_option
from planner.errors import PlannerError, UsageProblem
from planner.feeds.build import (
    DEFAULT_DOMAIN,
    EmbargoTime,
    parse_embargo_time,
    parse_include,
    parse_lead_time,
)

if TYPE_CHECKING:
    pass

KINDS = [k.value for k in Kind]


def uid_domain_option(f: click.decorators.FC) -> click.decorators.FC:
    """The --uid-domain option (`feed`: default the placeholder domain)."""
    return click.option(
        "--uid-domain",
        metavar="DOMAIN",
        help=f"Domain at the end of every UID (env PLANNER_UID_DOMAIN; default {DEFAULT_DOMAIN}). "
        "Choose it once: changing it makes every event new to subscribers.",
    )(f)


def site_uid_domain_option(f: click.decorators.FC) -> click.decorators.FC:
    """The --uid-domain option of `publish` and `serve`: default the --base-url's host, so that
    both give every event the same UID."""
    return click.option(
        "--uid-domain",
        metavar="DOMAIN",
        help="Domain at the end of every UID (env PLANNER_UID_DOMAIN; default the host of --base-url, "
        f"{DEFAULT_DOMAIN} for a local one). Choose it once: changing it makes every event new to subscribers.",
    )(f)


def embargo_option(f: click.decorators.FC) -> click.decorators.FC:
    """The --embargo-at option."""
    return click.option(
        "--embargo-at",
        "embargo_at",
        metavar="'HH:MM ZONE'",
        help="Show embargoed (not-before) phases as timed items lifting at this local time, "
        "e.g. '09:00 Europe/Zurich' (Geneva). Default: all-day.",
    )(f)


def _check_listen(host: str, port: int) -> None:
    """--host and --port checked before the server starts: a name that does not resolve, or an
    address and port that cannot be bound (in use, or below 1024 without privileges), is a clear
    error with exit 1 or 2, not uvicorn's log line and exit 3."""
    import errno
    import socket

    from planner.text import checked

    checked(host, "--host", one_line=True)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise UsageProblem(
            f"invalid --host '{host}': not an address or a known name; use 127.0.0.1 (this machine only), "
            "0.0.0.0 (every IPv4 address) or :: (every address)"
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            why = "it is in use by another program" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
            raise PlannerError(f"cannot listen on {host}:{port}: {why}; choose another --port") from None


def _embargo(value: str | None) -> EmbargoTime | None:
    return parse_embargo_time(value) if value else None


def _now(ctx: click.Context) -> dt.datetime:
    """The injected clock: midnight UTC of --today/PLANNER_TODAY when given, else the real time
    (when a feed's event changed, for its LAST-MODIFIED)."""
    root = ctx.find_root()
    if root.get_parameter_source("today") in (None, click.core.ParameterSource.DEFAULT):
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return dt.datetime.combine(app(ctx).today, dt.time(), dt.UTC)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--from", "date_from", type=DATE, help="First day (default: the first of the month 12 months ago).")
@click.option("--to", "date_to", type=DATE, help="Last day (default: the end of the month 24 months ahead).")
@click.option("--theme", "themes", multiple=True, metavar="T", help="Only these themes (repeatable; any matches).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these kinds (repeatable).")
@click.option(
    "--include",
    "include",
    multiple=True,
    metavar="LIST",
    help="What to include, comma-separated: observances, anniversaries, campaigns "
    "(default: observances,anniversaries).",
)
@click.option(
    "--campaign",
    "campaigns",
    multiple=True,
    metavar="ID",
    help="Phases of this campaign (repeatable; implies campaigns).",
)
@click.option("--alarm", metavar="LEAD", help="Add a reminder this long before each event, e.g. 7d (off by default).")
@embargo_option
@uid_domain_option
@output_option
@click.pass_context
def feed(
    ctx: click.Context,
    date_from: dt.date | None,
    date_to: dt.date | None,
    themes: tuple[str, ...],
    kinds: tuple[str, ...],
    include: tuple[str, ...],
    campaigns: tuple[str, ...],
    alarm: str | None,
    embargo_at: str | None,
    uid_domain: str | None,
    output: str | None,
) -> None:
    """An iCalendar feed of observances (and, if asked, campaign phases).

    \b
    Default: the rolling window, from the first of the month 12 months ago to the end of
    the month 24 months ahead; observances and milestone anniversaries.
    \b
    Examples:
      planner feed -o observances.ics
      planner feed --theme media-freedom --from 2027-01-01 --to 2027-12-31 -o press.ics
      planner feed --include campaigns --campaign hrd-2027 -o team.ics
      planner feed lint observances.ics
    """
    if ctx.invoked_subcommand is not None:
        return
    from planner import api
    from planner.cli.options import write_output

    a = app(ctx)
    result = api.build_feed(
        a.catalogue,
        today=a.today,
        now=_now(ctx),
        start=date_from,
        end=date_to,
        themes=themes,
        kinds=kinds,
        include=parse_include(include) if include else (),
        campaigns=campaigns,
        alarm=parse_lead_time(alarm) if alarm else None,
        embargo=_embargo(embargo_at),
        domain=uid_domain,
        db_url=a.db_url,
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    write_output(result.body, output)
    if output not in (None, "-"):
        click.echo(
            f"wrote {len(result.feed.items)} events ({len(result.body):,} bytes) from {result.start} to {result.end} "
            f"to {output}",
            err=True,
        )


@feed.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@click.option("--alarms-ok", is_flag=True, help="Do not report VALARM components (for feeds with opt-in alarms).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (known client problems), not only on errors.")
@click.option("--advice", "show_advice", is_flag=True, help="Also show advice: planner's own style rules for feeds.")
@click.pass_context
def lint(ctx: click.Context, files: tuple[str, ...], alarms_ok: bool, strict: bool, show_advice: bool) -> None:
    """Check .ics files; prints FILE:LINE: severity: problem, then a verdict per file, and exits
    1 when a file has errors.

    \b
    error    the file breaks a calendar parser we know, or a MUST of RFC 5545
    warning  a known client problem (exit 1 only with --strict)
    advice   planner's own rules for subscription feeds (shown with --advice)
    FILE may be - for standard input. The rule numbers are explained in docs/feeds.md.
    """
    from planner import api
    from planner.feeds.lint import Severity

    read: list[tuple[str, bytes]] = []
    for file in files:  # every file is read before any is checked: a typo stops the run at once
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except FileNotFoundError:
            raise UsageProblem(f"no such file: {file}") from None
        except IsADirectoryError:
            raise UsageProblem(f"{file} is a folder; give a feed file (.ics)") from None
        read.append(("<stdin>" if file == "-" else file, data))

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 and word != 'advice' else ''}"

    failed = False
    for name, data in read:
        result = api.lint_feed(data, alarms_ok=alarms_ok)
        for problem in result.problems:
            if problem.severity is not Severity.ADVICE or show_advice:
                click.echo(problem.format(name))
        parts = [count(len(result.errors), "error"), count(len(result.warnings), "warning")]
        advice = len(result.advice)
        parts.append(count(advice, "advice") + ("" if show_advice or not advice else " (shown with --advice)"))
        events = f"{result.events} event{'' if result.events == 1 else 's'}"
        summary = f"{name}: {', '.join(parts)} in {events} ({result.size:,} bytes)"
        if result.failed(strict=strict):
            failed = True
            why = "it has errors" if result.errors else "it has warnings, and --strict fails on them"
            click.echo(f"{summary}: fails ({why})", err=True)
        elif result.warnings:
            click.echo(f"{summary}: ok, but some calendar programs have the problems warned about")
        else:
            click.echo(f"{summary}: ok")
    if failed:
        ctx.exit(1)


@feed.group()
def token() -> None:
    """Secret tokens for private team feeds: /feeds/team/TOKEN.ics."""


@token.command("create")
@click.option("--label", type=ONE_LINE, default="", help="Who the token is for, e.g. 'comms team'.")
@click.option(
    "--campaign",
    "campaigns",
    multiple=True,
    metavar="ID",
    help="Only this campaign's phases (repeatable; default: all).",
)
@click.option(
    "--base-url",
    envvar="PLANNER_BASE_URL",
    metavar="URL",
    help="Public address of the server, to print the full feed URL.",
)
@click.pass_context
def token_create(ctx: click.Context, label: str, campaigns: tuple[str, ...], base_url: str | None) -> None:
    """Create a token and print it once (only its hash is stored)."""
    from planner import api
    from planner.feeds.site import google_url, webcal_url

    made = api.create_feed_token(label=label, campaigns=campaigns, base_url=base_url, db_url=app(ctx).db_url)
    record, path, url = made.token, made.path, made.url
    click.echo(f"Created feed token {record.id} ({record.scope}). The secret is shown only now:")
    click.echo(f"  {made.secret}")
    if url:
        click.echo(f"Subscribe at:  {url}")
        click.echo(f"  webcal:      {webcal_url(url)}")
        click.echo(f"  Google:      {google_url(url)}")
    else:
        click.echo(f"Feed path: {path} (on the server of `planner serve`, or publish with --team-token)")
    click.echo(
        f"Anyone with this address can read the team's phases. Revoke it with: planner feed token revoke {record.id}"
    )


@token.command("list")
@click.pass_context
def token_list(ctx: click.Context) -> None:
    """The tokens that can read team feeds (never the secrets)."""
    from planner import api
    from planner.words import table

    tokens, where = api.list_feed_tokens(db_url=app(ctx).db_url)
    if not tokens:
        click.echo(f"No feed tokens (database: {where}). Create one with: planner feed token create --label NAME")
        return
    rows = [(t.id, f"{t.created:%Y-%m-%d}", t.label or "-", t.scope) for t in tokens]
    click.echo(table(("Id", "Created", "Label", "Campaigns"), rows, (8, 10, 24, 30)), nl=False)


@token.command("revoke")
@click.argument("token_id", metavar="ID")
@click.pass_context
def token_revoke(ctx: click.Context, token_id: str) -> None:
    """Revoke a token: its feed URL stops working at once (404)."""
    from planner import api

    record = api.revoke_feed_token(token_id, db_url=app(ctx).db_url)
    click.echo(f"Revoked feed token {record.id}{f' ({record.label})' if record.label else ''}.")


@click.command()
@click.argument("folder", metavar="DIR")
@click.option(
    "--base-url",
    envvar="PLANNER_BASE_URL",
    required=True,
    metavar="URL",
    help="Public https address where DIR will be served (env PLANNER_BASE_URL).",
)
@click.option(
    "--team-token",
    "team_tokens",
    multiple=True,
    metavar="TOKEN",
    help="Also publish this token's team feed at feeds/team/TOKEN.ics (repeatable).",
)
@embargo_option
@site_uid_domain_option
@click.pass_context
def publish(
    ctx: click.Context,
    folder: str,
    base_url: str,
    team_tokens: tuple[str, ...],
    embargo_at: str | None,
    uid_domain: str | None,
) -> None:
    """Write a static folder of feeds and a subscribe page, ready for any static host.

    \b
    DIR/index.html                  subscribe page (https, webcal and Google links)
    DIR/feeds/observances.ics       everything
    DIR/feeds/themes/THEME.ics      one per theme with events
    DIR/feeds/team/TOKEN.ics        team feeds, only with --team-token (not listed on the page)
    The folder is replaced as a whole, atomically.
    """
    from planner import api

    a = app(ctx)
    result = api.publish_site(
        a.catalogue,
        folder,
        base_url,
        today=a.today,
        now=_now(ctx),
        team_tokens=team_tokens,
        embargo=_embargo(embargo_at),
        domain=uid_domain,
        db_url=a.db_url,
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Published {result.feeds} feeds and index.html to {folder} (window {result.start} to {result.end}).")
    click.echo(f"Subscribe page: {result.page}")
    for url in result.team_urls:
        click.echo(f"Team feed (keep it private): {url}")
    if not result.https:
        click.echo("warning: the base URL is not https; Google Calendar and the new Outlook need https", err=True)


SECRET_ENV = "PLANNER_SECRET_KEY"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--base-url",
    envvar="PLANNER_BASE_URL",
    metavar="URL",
    help="Public address (behind an https proxy) for the subscribe page's links.",
)
@click.option(
    "--no-gzip", is_flag=True, help="Never compress responses (if a client, e.g. an Outlook version, fails with gzip)."
)
@embargo_option
@site_uid_domain_option
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    base_url: str | None,
    no_gzip: bool,
    embargo_at: str | None,
    uid_domain: str | None,
) -> None:
    """The web app and the feeds over HTTP (uvicorn); Ctrl+C stops. Open the address it prints.

    \b
    /                               the calendar; sign in for the plan, campaigns,
                                    team and briefs (accounts: planner user add)
    /subscribe                      subscribe page
    /feeds/observances.ics          public feed; ?theme=T&kind=K filter it
    /feeds/team/TOKEN.ics           a team's campaign phases (planner feed token create)
    Put it behind an https proxy for real subscribers; pass that address with --base-url.
    """
    import os

    from planner import api
    from planner.web import pages
    from planner.web.app import FeedSite, create_app
    from planner.web.app import serve as run

    a = app(ctx)
    root = ctx.find_root()
    fixed_today = root.get_parameter_source("today") not in (None, click.core.ParameterSource.DEFAULT)
    _check_listen(host, port)
    setup = api.serve_setup(
        a.catalogue,  # loaded (and validated) before listening
        today=a.today if fixed_today else None,
        now=(lambda: dt.datetime.combine(a.today, dt.time(), dt.UTC)) if fixed_today else None,
        base_url=base_url,
        embargo=_embargo(embargo_at),
        domain=uid_domain,
        db_url=a.db_url,
    )
    site = FeedSite(
        catalogue=setup.catalogue,
        today=setup.today,
        domain=setup.domain,
        tokens=setup.tokens,
        team=setup.team,
        team_stamp=setup.team_stamp,
        publish=setup.publish,
        loaded_at=setup.loaded_at,
    )
    shown = f"[{host}]" if ":" in host else host
    web = pages.make_site(
        setup.catalogue,
        db_url=a.db_url,
        base_url=setup.base_url or f"http://{shown}:{port}",
        secret_key=os.environ.get(SECRET_ENV, ""),
        today=a.today if fixed_today else None,
        country=os.environ.get("PLANNER_COUNTRY") or None,
        tokens=setup.tokens,  # one database and one token store for the pages and the feeds
    )
    application = create_app(
        site,
        base_url=setup.base_url,
        gzip=not no_gzip,
        pages=pages.routes(web),
        page_middleware=pages.middleware(web),
    )
    click.echo(f"planner is running. Open http://{shown}:{port}/ in your browser (Ctrl+C to stop).", err=True)
    if not os.environ.get(SECRET_ENV):
        click.echo(
            f"note: {SECRET_ENV} is not set, so everyone signs in again after a restart "
            "(on a server, set it to a long random value; see docs/deploy.md)",
            err=True,
        )
    if not api.has_accounts(web.store):
        click.echo("note: no accounts yet; create one to sign in: planner user add NAME --role admin", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            "note: listening beyond this machine over plain http; put an https proxy in front for subscribers", err=True
        )
    try:
        run(application, host, port)
    except OSError as exc:
        raise PlannerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port") from None
