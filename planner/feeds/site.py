"""The subscribe page and the published folder of feeds.

`index_html` builds a self-contained page (no scripts, no outside assets, every value escaped)
with three links per feed (rule 11): the https URL to copy, a `webcal://` link, and Google's
add-by-URL link, plus instructions for Google, Outlook (new and classic), Apple and
Thunderbird. `write_site` writes a whole folder atomically: built next to the target, then
swapped in, so a failure leaves the old folder untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from planner.errors import PlannerError, UsageProblem

if TYPE_CHECKING:
    from planner.catalogue.model import Catalogue

MARKER = ".planner-site"
GOOGLE_ADD = "https://calendar.google.com/calendar/r?cid="
ALL_FEEDS = ("All observances", "Every day and week, periods of up to a month, and milestone anniversaries.")
"""Title and description of the feed of everything on the subscribe page."""


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed on the subscribe page."""

    title: str
    description: str
    url: str
    events: int

    @property
    def webcal(self) -> str:
        """The feed's `webcal://` address (subscribes in Apple Calendar and Outlook classic)."""
        return webcal_url(self.url)

    @property
    def google(self) -> str:
        """Google Calendar's add-by-URL link for the feed."""
        return google_url(self.url)


def check_base_url(url: str) -> str:
    """An absolute http(s) URL without query, fragment or credentials, without a trailing slash.
    Raises `UsageProblem` saying what to change (never repeating a password)."""
    from planner.text import checked

    checked(url, "--base-url", one_line=False)
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port that is not a number raises here, not later in a link
    except ValueError as exc:
        why = "the port after ':' is not a number" if "port" in str(exc).lower() else str(exc)
        raise UsageProblem(
            f"invalid base URL '{url}': {why}; give the public address of the folder, "
            "e.g. https://example.org/calendar or http://[2001:db8::1]:8080/calendar"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageProblem(
            f"invalid base URL '{url}': give the public address of the folder, e.g. https://example.org/calendar"
        )
    if parts.query or parts.fragment:
        raise UsageProblem(f"invalid base URL '{url}': leave out '?' and '#' parts")
    if "@" in parts.netloc:
        # a user name or password would be printed on the public subscribe page and in every link
        raise UsageProblem(
            f"invalid base URL '{parts.scheme}://…@{parts.hostname}': leave out the user name and password "
            "(the address is printed on the public subscribe page); give the public address, "
            "e.g. https://example.org/calendar"
        )
    bad = sorted({c for c in url.strip() if c.isspace() or c in _NOT_IN_URLS or ord(c) < 0x20})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise UsageProblem(
            f"invalid base URL '{url}': it contains {shown}, which breaks subscribe links; "
            "percent-encode them (a space is %20)"
        )
    return url.strip().rstrip("/")


_NOT_IN_URLS = frozenset('"<>\\^`{|}')


def webcal_url(url: str) -> str:
    """The same URL with the webcal scheme, which Apple and desktop Outlook open as a subscription."""
    parts = urlsplit(url)
    return "webcal://" + url[len(parts.scheme) + 3 :]


def google_url(url: str) -> str:
    """Google Calendar's add-by-URL link: `https://calendar.google.com/calendar/r?cid=webcal://...`."""
    return GOOGLE_ADD + quote(webcal_url(url), safe=":/")


_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.05rem;margin-bottom:.25rem}
.feed{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
.feed p{margin:.25rem 0}.links a{margin-right:1rem}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;word-break:break-all}
.note{background:#fff7d6;border-left:4px solid #e0b400;padding:.5rem 1rem}
ul.themes{padding-left:1.2rem}li.theme{margin:.75rem 0}li.theme p{margin:.1rem 0}
code.opt{word-break:normal;white-space:nowrap}
"""


def _count(events: int) -> str:
    return f"{events} event{'s' if events != 1 else ''} in the current window"


def _relative(url: str) -> bool:
    return not urlsplit(url).scheme


def _links(feed: FeedLink) -> str:
    if _relative(feed.url):  # no public address known: webcal and Google links need one
        return f'<p class="links"><a href="{escape(feed.url)}">Download (.ics)</a></p>\n'
    return (
        '<p class="links">'
        f'<a href="{escape(feed.webcal)}">Subscribe (Apple, Outlook desktop)</a>'
        f'<a href="{escape(feed.google)}" rel="noopener">Add to Google Calendar</a>'
        f'<a href="{escape(feed.url)}">Download (.ics)</a>'
        "</p>\n"
    )


def _feed_block(feed: FeedLink) -> str:
    return (
        '<div class="feed">\n'
        f"<h3>{escape(feed.title)}</h3>\n"
        f"<p>{escape(feed.description)} {_count(feed.events)}.</p>\n"
        f"<p>Address to copy: <code>{escape(feed.url)}</code></p>\n"
        f"{_links(feed)}</div>\n"
    )


def _theme_row(feed: FeedLink) -> str:
    return (
        '<li class="theme">'
        f"<strong>{escape(feed.title)}</strong>: {escape(feed.description)} ({_count(feed.events)})<br>\n"
        f"<code>{escape(feed.url)}</code>\n{_links(feed)}</li>\n"
    )


def index_html(title: str, feeds: Sequence[FeedLink], *, refresh_note: str = "once a day") -> str:
    """The subscribe page: the first feed with its three links, how to subscribe in each client,
    then the other feeds (one per theme) in a compact list."""
    first = feeds[0].url if feeds else "https://example.org/feeds/observances.ics"
    plain_http = any(urlsplit(f.url).scheme == "http" for f in feeds)
    warning = ""
    if plain_http:
        warning = (
            '<p class="note">These addresses use plain http. Google Calendar and the new Outlook need an '
            "https address: publish this folder on an https host.</p>\n"
        )
    if any(_relative(f.url) for f in feeds):
        warning += (
            '<p class="note">This server does not know its public address, so the addresses below are paths on '
            "it: put the address you opened this page with in front of them. Whoever runs the server can give "
            'it with <code class="opt">--base-url</code>; the page then also offers Subscribe and Google links.</p>\n'
        )
    relative = any(_relative(f.url) for f in feeds)
    google_click = "" if relative else "Click <em>Add to Google Calendar</em> above, or"
    google_open = "Open" if relative else "open"
    outlook = "Go to" if relative else "Click <em>Subscribe (Apple, Outlook desktop)</em> above and confirm, or go to"
    apple = (
        "On a Mac choose"
        if relative
        else "Click <em>Subscribe (Apple, Outlook desktop)</em>. On a Mac you can also choose"
    )
    blocks = _feed_block(feeds[0]) if feeds else "<p>No feeds have events in the current window.</p>\n"
    more = ""
    if len(feeds) > 1:
        rows = "".join(_theme_row(f) for f in feeds[1:])
        more = (
            "<h2>One feed per theme</h2>\n<p>Subscribe only to the themes you work on.</p>\n"
            f'<ul class="themes">\n{rows}</ul>\n'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{escape(title)}</h1>
<p>Calendar feeds of international days, weeks and milestone anniversaries for human-rights
campaign planning. Subscribe once and your calendar keeps itself up to date: each event says what
the day is, which report recommendations it links to, and where the date comes from.</p>
{warning}<h2>The feed</h2>
{blocks}
<h2>How to subscribe</h2>
<p>Subscribe rather than import: an imported file never updates. The feeds ask calendars to check
for changes {escape(refresh_note)}; each calendar decides for itself how often it really does.</p>

<h3>Google Calendar</h3>
<p>Use a computer: the Google Calendar phone apps cannot add a calendar by address. {google_click}
{google_open} Google Calendar, click <strong>+</strong> next to
<em>Other calendars</em>, choose <em>From URL</em>, paste the address to copy (for example
<code>{escape(first)}</code>) and click <em>Add calendar</em>. Google refreshes subscribed
calendars on its own schedule: changes can take 12 to 24 hours or more to appear. The calendar
then shows on your phone too.</p>

<h3>Outlook (new Outlook, Outlook on the web, Outlook.com)</h3>
<p>Go to <em>Calendar</em>, choose <em>Add calendar</em>, then <em>Subscribe from web</em>. Paste the
<strong>https</strong> address to copy (not the webcal link: the new Outlook does not accept
<code>webcal:</code>), give the calendar a name and click <em>Import</em>.</p>

<h3>Outlook classic (Windows desktop)</h3>
<p>{outlook} <em>Calendar</em>,
<em>Add Calendar</em>, <em>From Internet</em> and paste the address to copy.</p>

<h3>Apple Calendar (Mac, iPhone, iPad)</h3>
<p>{apple}
<em>File</em>, <em>New Calendar Subscription</em> and paste the address. Set <em>Auto-refresh</em>
to every day. Keep <em>Remove alerts</em> ticked: the feeds carry no alarms.
On an iPhone: <em>Settings</em>, <em>Calendar</em>, <em>Accounts</em>, <em>Add Account</em>,
<em>Other</em>, <em>Add Subscribed Calendar</em>.</p>

<h3>Thunderbird</h3>
<p>In the calendar view choose <em>New Calendar</em>, <em>On the Network</em>, paste the address to
copy into <em>Location</em>, tick <em>This location doesn't require credentials</em>, then click
<em>Find Calendars</em> and <em>Subscribe</em>.</p>

<h2>Good to know</h2>
<p>The feeds cover the past 12 months and the next 24 months, and move forward each month.
Events are all-day and marked free, so they never block your availability. Periods longer than a
month, such as a UN decade, are left out: as one event they would fill every day of your calendar
for years. If a calendar shows the address instead of the name, rename the calendar in its
settings.</p>
{more}</body>
</html>
"""


def _check_target(target: Path) -> None:
    here = Path.cwd()
    if target == here or target in here.parents:
        raise PlannerError(
            f"cannot publish to {target}: it is the current folder (or holds it), and the folder is replaced "
            f"as a whole; run the command from outside it, e.g. from {target.parent}"
        )
    if target.exists() and not target.is_dir():
        raise PlannerError(f"cannot publish to {target}: it is a file; give a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise PlannerError(
            f"cannot publish to {target}: the folder is not empty and was not made by `planner publish`; "
            "choose a new or empty folder"
        )
    parent = target.parent
    if not parent.is_dir():
        raise PlannerError(f"cannot publish to {target}: folder {parent} does not exist; create it first")


def write_site(target: str | Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (relative path -> content) as the folder `target`, all or nothing.

    The new folder is built next to the target and swapped in with two renames; a folder made
    earlier by `planner publish` is replaced, any other non-empty folder is refused. Raises
    `PlannerError` for a target that cannot be used; an `OSError` while writing (a full disk)
    leaves the old folder as it was.
    """
    target = Path(os.path.abspath(target))  # `.`, `site/.` and `a/../site` have a name and a parent
    _check_target(target)
    for name in files:
        path = Path(name)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise PlannerError(f"refusing to write {name!r} outside the published folder")
    try:
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except PermissionError:
        raise PlannerError(f"cannot publish to {target}: permission denied; choose another folder") from None
    except OSError as exc:
        raise PlannerError(f"cannot publish to {target}: {exc.strerror or exc}; choose another folder") from None
    old: Path | None = None
    try:
        os.chmod(build, 0o755)
        (build / MARKER).write_text(
            "Made by `planner publish`; the whole folder is replaced on each publish.\n", encoding="utf-8"
        )
        for name, content in sorted(files.items()):
            path = build / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}-{build.name.rsplit('.', 2)[-2]}"
            os.rename(target, old)
        os.rename(build, target)
    except BaseException:
        if old is not None and not target.exists():
            with contextlib.suppress(OSError):
                os.rename(old, target)
            old = None
        shutil.rmtree(build, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


HEADERS_FILE = """# Content types and caching for static hosts that read a _headers file (Netlify, Cloudflare Pages).
# These hosts merge every rule that matches a path, joining repeated headers with commas: each
# Cache-Control is set by one rule only, so a team feed is never also "public".
/feeds/*
  Content-Type: text/calendar; charset=utf-8
  X-Content-Type-Options: nosniff
/feeds/observances.ics
  Cache-Control: public, max-age=3600
/feeds/themes/*
  Cache-Control: public, max-age=3600
/feeds/team/*
  Cache-Control: private, max-age=900
  X-Robots-Tag: noindex, nofollow
  Referrer-Policy: no-referrer
"""

HTACCESS_FILE = """# Apache: serve feeds as text/calendar. No "Options -Indexes": where AllowOverride does not
# grant Options, that line alone makes Apache answer 500 for every feed. feeds/team/ holds an
# index.html, so its folder (team feed names are secrets) is never listed.
AddType "text/calendar; charset=utf-8" .ics
"""


def robots_txt(base_url: str) -> str:
    """Keeps crawlers out of the team feeds. Crawlers read robots.txt only at the root of a host:
    under a path (https://e.org/cal) it works only if copied there."""
    path = urlsplit(base_url).path.rstrip("/")
    return f"User-agent: *\nDisallow: {path}/feeds/team/\n"


SITE_TITLE = "Human rights observances: calendar feeds"
"""The subscribe page's title, the same from `planner publish` and `planner serve`."""


def theme_feed_path(theme: str) -> str:
    """Where a theme's feed lives, relative to the site root: `feeds/themes/THEME.ics`.

    The one link scheme for theme feeds: `publish` writes files there and `serve` answers there.
    """
    return f"feeds/themes/{theme}.ics"


ALL_FEEDS_PATH = "feeds/observances.ics"


def subscribe_links(catalogue: Catalogue, base: str, today: dt.date, *, domain: str) -> list[FeedLink]:
    """The feeds the subscribe page lists: everything first, then one per theme with events in
    the rolling window around `today` (12 months back, 24 ahead), at `base` (no trailing slash)."""
    from planner.feeds.build import PUBLIC_INCLUDE, observance_feed, rolling_window, theme_counts

    start, end = rolling_window(today)
    everything = len(observance_feed(catalogue, start, end, domain=domain, include=PUBLIC_INCLUDE).items)
    links = [FeedLink(*ALL_FEEDS, f"{base}/{ALL_FEEDS_PATH}", everything)]
    for theme, count in theme_counts(catalogue, start, end).items():
        if count:
            links.append(FeedLink(theme, catalogue.themes[theme], f"{base}/{theme_feed_path(theme)}", count))
    return links


def subscribe_page(catalogue: Catalogue, base: str, today: dt.date, *, domain: str) -> str:
    """The subscribe page (HTML) for the site at `base`, the same for `publish` and `serve`."""
    return index_html(SITE_TITLE, subscribe_links(catalogue, base, today, domain=domain))
