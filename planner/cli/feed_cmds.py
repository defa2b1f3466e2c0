"""Calendar feed commands: feed (with lint and token), publish, serve."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planner.catalogue.model import Kind
from planner.cli import App
from planner.cli.options import DATE, app, check_themes, output_option
from planner.errors import PlannerError, UsageProblem
from planner.feeds.build import (
    DEFAULT_DOMAIN,
    PUBLIC_INCLUDE,
    SIZE_LIMIT,
    EmbargoTime,
    Feed,
    FeedItem,
    Include,
    check_domain,
    parse_embargo_time,
    parse_include,
    parse_lead_time,
    rolling_window,
    window_moved,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from planner.campaigns.model import Campaign
    from planner.web.pages import WebSite
    from planner.feeds.tokens import FeedToken

KINDS = [k.value for k in Kind]


def _domain(value: str | None) -> str:
    return check_domain(value or os.environ.get("PLANNER_UID_DOMAIN") or DEFAULT_DOMAIN)


def uid_domain_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--uid-domain",
        metavar="DOMAIN",
        help=f"Domain at the end of every UID (env PLANNER_UID_DOMAIN; default {DEFAULT_DOMAIN}). "
        "Choose it once: changing it makes every event new to subscribers.",
    )(f)


def _window(a: App, date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date, dt.datetime | None]:
    """--from/--to, or the rolling window (12 months back, 24 ahead) and when it last moved."""
    if date_from is None and date_to is None:
        start, end = rolling_window(a.today)
        return start, end, window_moved(a.today)
    if date_from is None or date_to is None:
        raise UsageProblem("give both --from and --to, or neither for the rolling window (12 months back, 24 ahead)")
    if date_to < date_from:
        raise UsageProblem(f"--to {date_to} is before --from {date_from}; swap them")
    return date_from, date_to, None


def _campaigns(
    a: App, start: dt.date, end: dt.date, ids: Sequence[str], *, today: dt.date, strict: bool = True
) -> list[Campaign]:
    """The campaigns asked for by id, else those with work in start..end; with the ones deleted
    lately, whose phases the team feed shows as cancelled for a while (rule 6).

    `strict` (ids typed on the command line): an unknown id, or one deleted too long ago to show,
    is an error that names it. Otherwise (a token's campaigns) such ids are passed over, so one
    deleted campaign never breaks a subscribed feed.
    """
    from planner.errors import UnknownId
    from planner.feeds.build import deleted_lookback

    deleted = a.store.deleted_since(deleted_lookback(today))
    if not ids:
        return a.store.campaigns(start=start, end=end) + [c for c in deleted if c.overlaps(start, end)]
    gone = {c.id: c for c in deleted}
    found: list[Campaign] = []
    for campaign_id in dict.fromkeys(ids):
        if campaign_id in gone:
            found.append(gone[campaign_id])
            continue
        try:
            found.append(a.store.campaign(campaign_id))
        except UnknownId:  # includes a campaign deleted long ago (store.DeletedCampaign)
            if strict:
                raise
    return found


def team_items(
    a: App,
    start: dt.date,
    end: dt.date,
    *,
    campaigns: Sequence[str] = (),
    domain: str,
    embargo: EmbargoTime | None = None,
) -> list[FeedItem]:
    """Campaign phases as feed items, from the campaign store."""
    from planner.feeds.build import phase_items

    found = _campaigns(a, start, end, campaigns, today=a.today)
    return phase_items(found, start, end, today=a.today, domain=domain, embargo=embargo)


def team_feed_for(a: App, token: FeedToken, today: dt.date, *, domain: str, embargo: EmbargoTime | None) -> Feed:
    """The rolling team feed a token may read: its campaigns, or all with work in the window."""
    from planner.feeds.build import team_feed

    start, end = rolling_window(today)
    found = _campaigns(a, start, end, token.campaigns, today=today, strict=False)
    return team_feed(
        found,
        start,
        end,
        today=today,
        domain=domain,
        label=token.label,
        embargo=embargo,
        rolling_since=window_moved(today),
    )


def embargo_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--embargo-at",
        "embargo_at",
        metavar="'HH:MM ZONE'",
        help="Show embargoed (not-before) phases as timed items lifting at this local time, "
        "e.g. '09:00 Europe/Zurich' (Geneva). Default: all-day.",
    )(f)


def _embargo(value: str | None) -> EmbargoTime | None:
    return parse_embargo_time(value) if value else None


def _warn_size(body: bytes) -> None:
    if len(body) > SIZE_LIMIT:
        click.echo(
            f"warning: the feed is {len(body):,} bytes, over {SIZE_LIMIT:,}; some calendars refuse feeds this big. "
            "Narrow it with --from/--to, --theme or --kind.",
            err=True,
        )


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
    from planner.feeds.build import observance_feed
    from planner.feeds.ical import render_feed

    a = app(ctx)
    start, end, moved = _window(a, date_from, date_to)
    check_themes(a, themes)
    chosen = parse_include(include) if include else PUBLIC_INCLUDE
    if campaigns and Include.CAMPAIGNS not in chosen:
        chosen = (*chosen, Include.CAMPAIGNS) if include else (Include.CAMPAIGNS,)
    lead = parse_lead_time(alarm) if alarm else None
    domain = _domain(uid_domain)
    embargo = _embargo(embargo_at)
    extra: list[FeedItem] = []
    if Include.CAMPAIGNS in chosen:
        extra = team_items(a, start, end, campaigns=campaigns, domain=domain, embargo=embargo)
        if campaigns and not extra:
            one = len(campaigns) == 1
            click.echo(
                f"warning: {', '.join(campaigns)} ha{'s' if one else 've'} no phases from {start} to {end}; "
                f"give --from and --to to cover {'its' if one else 'their'} dates",
                err=True,
            )
    built = observance_feed(
        a.catalogue,
        start,
        end,
        themes=themes,
        kinds=kinds,
        include=chosen,
        domain=domain,
        rolling_since=moved,
        alarm=lead,
        extra=extra,
    )
    body = render_feed(built)
    _warn_size(body)
    from planner.output import write_output

    write_output(body, output)
    if output not in (None, "-"):
        click.echo(f"wrote {len(built.items)} events ({len(body):,} bytes) from {start} to {end} to {output}", err=True)


@feed.command()
@click.argument("file", metavar="FILE")
@click.option("--alarms-ok", is_flag=True, help="Do not report VALARM components (for feeds with opt-in alarms).")
@click.pass_context
def lint(ctx: click.Context, file: str, alarms_ok: bool) -> None:
    """Check any feed against the feed rules; prints FILE:LINE: problem (rule N), exit 1 on problems.

    FILE may be - for standard input.
    """
    from planner.feeds.lint import lint as lint_feed

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except FileNotFoundError:
        raise UsageProblem(f"no such file: {file}") from None
    except IsADirectoryError:
        raise UsageProblem(f"{file} is a folder; give a feed file (.ics)") from None
    name = "<stdin>" if file == "-" else file
    result = lint_feed(data, alarms_ok=alarms_ok)
    for problem in result.problems:
        click.echo(problem.format(name))
    if result.problems:
        count = len(result.problems)
        click.echo(f"{name}: {count} problem{'s' if count != 1 else ''} in {result.events} events", err=True)
        ctx.exit(1)
    click.echo(f"{name}: ok ({result.events} events, {result.size:,} bytes)")


@feed.group()
def token() -> None:
    """Secret tokens for private team feeds: /feeds/team/TOKEN.ics."""


@token.command("create")
@click.option("--label", default="", help="Who the token is for, e.g. 'comms team'.")
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
    from planner.feeds.site import check_base_url, google_url, webcal_url
    from planner.feeds.tokens import TokenStore

    if campaigns:
        a = app(ctx)
        for campaign_id in campaigns:  # an unknown id (a typo) is named with the known ones
            a.store.campaign(campaign_id)
    base = check_base_url(base_url) if base_url else None
    store = TokenStore()
    record, secret = store.create(label, campaigns)
    click.echo(f"Created feed token {record.id} ({record.scope}). The secret is shown only now:")
    click.echo(f"  {secret}")
    path = f"/feeds/team/{secret}.ics"
    if base:
        url = base + path
        click.echo(f"Subscribe at:  {url}")
        click.echo(f"  webcal:      {webcal_url(url)}")
        click.echo(f"  Google:      {google_url(url)}")
    else:
        click.echo(f"Feed path: {path} (on the server of `planner serve`, or publish with --team-token)")
    click.echo(
        f"Anyone with this address can read the team's phases. Revoke it with: planner feed token revoke {record.id}"
    )


@token.command("list")
def token_list() -> None:
    """The tokens that can read team feeds (never the secrets)."""
    from planner.feeds.tokens import TokenStore
    from planner.output import table

    store = TokenStore()
    tokens = store.all()
    if not tokens:
        click.echo(f"No feed tokens (file: {store.path}). Create one with: planner feed token create --label NAME")
        return
    rows = [(t.id, f"{t.created:%Y-%m-%d}", t.label or "-", t.scope) for t in tokens]
    click.echo(table(("Id", "Created", "Label", "Campaigns"), rows, (8, 10, 24, 30)), nl=False)


@token.command("revoke")
@click.argument("token_id", metavar="ID")
def token_revoke(token_id: str) -> None:
    """Revoke a token: its feed URL stops working at once (404)."""
    from planner.feeds.tokens import TokenStore

    record = TokenStore().revoke(token_id)
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
@uid_domain_option
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
    from planner.feeds.build import observance_feed, theme_counts
    from planner.feeds.ical import render_feed
    from planner.feeds.site import (
        ALL_FEEDS,
        HEADERS_FILE,
        HTACCESS_FILE,
        MARKER,
        FeedLink,
        check_base_url,
        index_html,
        robots_txt,
        write_site,
    )
    from planner.feeds.tokens import TokenStore

    a = app(ctx)
    base = check_base_url(base_url)
    domain = _domain(uid_domain)
    embargo = _embargo(embargo_at)
    start, end = rolling_window(a.today)
    moved = window_moved(a.today)
    files: dict[str, bytes] = {}
    links: list[FeedLink] = []

    everything = observance_feed(a.catalogue, start, end, domain=domain, rolling_since=moved)
    files["feeds/observances.ics"] = render_feed(everything)
    links.append(FeedLink(*ALL_FEEDS, f"{base}/feeds/observances.ics", len(everything.items)))
    for theme, count in theme_counts(a.catalogue, start, end).items():
        if not count:
            continue
        one = observance_feed(a.catalogue, start, end, themes=[theme], domain=domain, rolling_since=moved)
        files[f"feeds/themes/{theme}.ics"] = render_feed(one)
        links.append(FeedLink(theme, a.catalogue.themes[theme], f"{base}/feeds/themes/{theme}.ics", len(one.items)))
    team_urls: list[str] = []
    if team_tokens:
        store = TokenStore()
        for secret in team_tokens:
            record = store.find(secret)
            if record is None:
                raise UsageProblem("a --team-token is not a valid token; see `planner feed token list` or create one")
            team = team_feed_for(a, record, a.today, domain=domain, embargo=embargo)
            files[f"feeds/team/{secret}.ics"] = render_feed(team)
            team_urls.append(f"{base}/feeds/team/{secret}.ics")
        files["feeds/team/index.html"] = b"<!DOCTYPE html><title>Not here</title>\n"
    files["index.html"] = index_html("Human rights observances: calendar feeds", links).encode("utf-8")
    files["_headers"] = HEADERS_FILE.encode("utf-8")
    files[".htaccess"] = HTACCESS_FILE.encode("utf-8")
    files["robots.txt"] = robots_txt(base).encode("utf-8")
    for name, body in files.items():
        if name.endswith(".ics") and len(body) > SIZE_LIMIT:
            click.echo(
                f"warning: {name} is {len(body):,} bytes, over {SIZE_LIMIT:,}; some calendars refuse it", err=True
            )
    old_team = Path(folder) / "feeds" / "team"
    if (Path(folder) / MARKER).exists() and old_team.is_dir():
        # the folder is replaced as a whole: a team feed not given again stops working for its subscribers
        dropped = sorted(p.stem for p in old_team.glob("*.ics") if f"feeds/team/{p.name}" not in files)
        if dropped:
            store = TokenStore()
            names = [f"{t.id}{f' ({t.label})' if t.label else ''}" for t in map(store.find, dropped) if t is not None]
            unknown = len(dropped) - len(names)
            which = ", ".join(names + ([f"{unknown} with a revoked token"] if unknown else []))
            click.echo(
                f"warning: {len(dropped)} team feed(s) of the last publish are left out and stop working: {which}. "
                "Give --team-token again for each one to keep.",
                err=True,
            )
    write_site(folder, files)
    feeds_count = sum(1 for n in files if n.endswith(".ics"))
    click.echo(f"Published {feeds_count} feeds and index.html to {folder} (window {start} to {end}).")
    click.echo(f"Subscribe page: {base}/index.html")
    for url in team_urls:
        click.echo(f"Team feed (keep it private): {url}")
    if not base.startswith("https://"):
        click.echo("warning: the base URL is not https; Google Calendar and the new Outlook need https", err=True)


SECRET_ENV = "PLANNER_SECRET_KEY"


def _web_site(a: App, base: str, today: Callable[[], dt.date]) -> WebSite:
    """The web pages' site: the catalogue, the campaign database, tokens, the public address and
    the key that signs session cookies ($PLANNER_SECRET_KEY, else a new one per start)."""
    import secrets

    from planner.feeds.tokens import TokenStore
    from planner.web.pages import WebSite

    key = os.environ.get(SECRET_ENV, "")
    if not key:
        key = secrets.token_urlsafe(32)
        click.echo(
            f"note: {SECRET_ENV} is not set, so everyone must sign in again after a restart "
            "(set it to a long random value on a server; see docs/deploy.md)",
            err=True,
        )
    elif len(key) < 32:
        raise UsageProblem(f"{SECRET_ENV} is too short; use at least 32 random characters, e.g. from: openssl rand -hex 32")
    return WebSite(
        catalogue=a.catalogue,
        store=a.store,
        tokens=TokenStore(),
        base_url=base,
        secret_key=key,
        today=today,
        country=os.environ.get("PLANNER_COUNTRY") or None,
    )


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
@uid_domain_option
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
    from planner.feeds.site import check_base_url
    from planner.feeds.tokens import TokenStore
    from planner.web import pages
    from planner.web.app import FeedSite, create_app
    from planner.web.app import serve as run

    a = app(ctx)
    root = ctx.find_root()
    fixed_today = root.get_parameter_source("today") not in (None, click.core.ParameterSource.DEFAULT)
    today = (lambda: a.today) if fixed_today else dt.date.today
    domain = _domain(uid_domain)
    base = check_base_url(base_url) if base_url else None
    catalogue = a.catalogue  # load (and validate) before listening

    embargo = _embargo(embargo_at)

    def team(token: FeedToken, day: dt.date) -> Feed:
        return team_feed_for(a, token, day, domain=domain, embargo=embargo)

    site = FeedSite(
        catalogue=catalogue,
        today=today,
        domain=domain,
        tokens=TokenStore(),
        team=team,
        loaded_at=dt.datetime.now(dt.UTC),
    )
    shown = f"[{host}]" if ":" in host else host
    web = _web_site(a, base or f"http://{shown}:{port}", today)
    application = create_app(
        site, base_url=base, gzip=not no_gzip, pages=pages.routes(web), page_middleware=pages.middleware(web)
    )
    click.echo(f"planner is running. Open http://{shown}:{port}/ in your browser (Ctrl+C to stop).", err=True)
    if not a.store.users():
        click.echo("note: no accounts yet; create one to sign in: planner user add NAME --role admin", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            "note: listening beyond this machine over plain http; put an https proxy in front for subscribers", err=True
        )
    try:
        run(application, host, port)
    except OSError as exc:
        raise PlannerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port") from None
