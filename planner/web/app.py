"""HTTP: the subscribe page and the feeds, as a Starlette app served by uvicorn.

- `/` is the subscribe page; `/feeds/observances.ics` the public feed, filtered with
  `?theme=&kind=` (repeatable or comma-separated) and opt-in alarms with `?alarm=7d`;
  `/feeds/team/TOKEN.ics` a team's campaign phases, for a valid secret token only (404
  otherwise, exactly like an unknown path). Nothing else is served: there is no file access.
- `text/calendar; charset=utf-8`, a strong ETag (SHA-256 of the body), a Last-Modified taken
  from the data that never goes backwards, and 304 answers to If-None-Match / If-Modified-Since
  without re-rendering: rendered bodies are cached per query (rule 10), in a cache bounded in
  bytes, and query values come from small fixed sets (alarm lead times from `ALARMS`), so no
  client can force unbounded work or memory.
- gzip when the client asks, compressed once per body (ETag) and kept with it; the ETag then
  carries `-gzip`, since a strong validator must differ between encodings.
- A team feed's body is reused while a cheap change stamp of the campaign store (`TeamStamp`)
  is unchanged, so a 304 reads no campaign rows.
- The subscribe page's links come from `--base-url` only, else they are relative paths: never
  from the request's Host header.
- SEQUENCE and LAST-MODIFIED come from the feed state (`publish` hook, see `feeds.published`).

Starlette and uvicorn are imported here only, and this module only by `planner serve`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import gzip as gzip_lib
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from planner.catalogue.model import Catalogue, Kind
from planner.errors import PlannerError, UsageProblem
from planner.feeds.build import (
    SIZE_LIMIT,
    Feed,
    observance_feed,
    parse_lead_time,
    rolling_window,
    window_moved,
)
from planner.feeds.ical import EventCache, render_feed
from planner.feeds.site import subscribe_page
from planner.feeds.tokens import FeedToken, TokenStore

_log = logging.getLogger("planner.web.app")
MEDIA_TYPE = "text/calendar; charset=utf-8"
GZIP_MIN = 1024
PUBLIC_PARAMS = ("theme", "kind", "alarm")
TEAM_PARAMS = ("alarm",)
_EXAMPLES = {"theme": "media-freedom", "kind": "day", "alarm": "7d"}

ALARMS = ("15m", "30m", "1h", "2h", "12h", "1d", "2d", "7d", "14d")
"""The alarm lead times a feed URL may ask for (`?alarm=7d`); `1w` is `7d`."""
MAX_THEMES = 5
CACHE_BYTES = 4 * 1024 * 1024
"""Rendered bodies (plain and gzip) kept in memory, at most this many bytes."""
EVENTS_KEPT = 3_000
"""Serialised VEVENTs kept in memory (about 1-2 KB each): a feed's events with every alarm."""

TeamSource = Callable[[FeedToken, dt.date], Feed]
"""The team feed a token may see on a given day (campaign phases; see `feeds.team_feed`)."""
TeamStamp = Callable[[FeedToken, dt.date], Hashable]
"""A cheap value that changes whenever the token's team feed could (see `Store.change_stamp`)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered feed with its validators; `gzipped` is the body compressed once (or None
    when it is too small to be worth it)."""

    body: bytes
    etag: str
    last_modified: dt.datetime
    events: int
    gzipped: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


class BodyCache:
    """Rendered bodies by key, least recently used dropped first, bounded in bytes. Thread-safe."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._data: OrderedDict[Hashable, Rendered] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Rendered | None:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: Hashable, rendered: Rendered) -> None:
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._data[key] = rendered
            self._bytes += rendered.size
            while self._bytes > self.max_bytes and len(self._data) > 1:
                _, dropped = self._data.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True, slots=True)
class FeedQuery:
    """A public feed's query: themes, kinds and an opt-in alarm."""

    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    alarm: dt.timedelta | None = None


def _values(params: Sequence[tuple[str, str]], name: str) -> list[str]:
    return [part.strip() for key, value in params if key == name for part in value.split(",") if part.strip()]


def parse_query(
    params: Sequence[tuple[str, str]], catalogue: Catalogue | None, allowed: Sequence[str] = PUBLIC_PARAMS
) -> FeedQuery:
    """Query parameters as a FeedQuery; a UsageProblem (HTTP 400) names anything wrong."""
    for key, value in params:
        if key not in allowed:
            raise UsageProblem(f"unknown parameter '{key}'; use {', '.join(allowed)}")
        if not value.replace(",", "").strip():
            # `?theme=` would otherwise quietly serve everything
            raise UsageProblem(f"{key} needs a value, e.g. {key}={_EXAMPLES.get(key, 'x')}")
    themes = sorted(set(_values(params, "theme")))
    if catalogue is not None:
        for theme in themes:
            catalogue.check_theme(theme)
    kinds = sorted(set(_values(params, "kind")))
    known = [k.value for k in Kind]
    for kind in kinds:
        if kind not in known:
            raise UsageProblem(f"unknown kind '{kind}'; use one of: {', '.join(known)}")
    if len(themes) > MAX_THEMES:
        raise UsageProblem(f"give at most {MAX_THEMES} themes in one feed address")
    alarms = _values(params, "alarm")
    if len(alarms) > 1:
        raise UsageProblem("give alarm once, e.g. alarm=7d")
    alarm = parse_alarm(alarms[0]) if alarms else None
    return FeedQuery(tuple(themes), tuple(kinds), alarm)


_ALARM_TIMES = {parse_lead_time(a): a for a in ALARMS}


def parse_alarm(text: str) -> dt.timedelta:
    """An alarm lead time from the fixed list `ALARMS` (`1w` is taken as `7d`)."""
    try:
        lead = parse_lead_time(text)
    except UsageProblem:
        lead = None
    if lead not in _ALARM_TIMES:
        raise UsageProblem(f"alarm must be one of {', '.join(ALARMS)} (not '{text[:20]}')")
    return lead


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip;q=0` refuses it; `*` allows it)."""
    allowed: dict[str, float] = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name.strip():
            allowed[name.strip().lower()] = q
    if "gzip" in allowed:
        return allowed["gzip"] > 0
    return allowed.get("*", 0) > 0


def _bound(cache: dict[Any, Any], size: int) -> None:
    """Make room for one more entry: drop the oldest quarter when `cache` is full."""
    if len(cache) >= size:
        for old in list(cache)[: max(1, size // 4)]:
            del cache[old]


def http_date(when: dt.datetime) -> str:
    """An HTTP date ('Mon, 03 May 2027 09:30:00 GMT')."""
    return email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)


def _whole_seconds(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(microsecond=0)


def not_modified(headers: Any, rendered: Rendered) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    inm = headers.get("if-none-match")
    if inm is not None:
        if inm.strip() == "*":
            return True
        for tag in inm.split(","):
            tag = tag.strip()
            tag = tag.removeprefix("W/").strip('"').removesuffix("-gzip")
            if tag == rendered.etag:
                return True
        return False
    ims = headers.get("if-modified-since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return rendered.last_modified <= since
    return False


@dataclass
class FeedSite:
    """What the app serves, without HTTP: renders feeds and keeps one body per query.

    `today` is read on every request, so a long-running server follows the calendar.
    `loaded_at` (when the server loaded its catalogue) is a floor for Last-Modified.
    `publish` applies the feed state (SEQUENCE, LAST-MODIFIED) to a feed before it is rendered;
    `team_stamp` gives a cheap change stamp for a token's team feed.
    """

    catalogue: Catalogue
    today: Callable[[], dt.date]
    domain: str
    tokens: TokenStore | None = None
    team: TeamSource | None = None
    team_stamp: TeamStamp | None = None
    publish: Callable[[Feed], Feed] | None = None
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    loaded_at: dt.datetime | None = None
    max_cached: int = 256
    max_bytes: int = CACHE_BYTES
    gzip_level: int = 6
    events: EventCache = field(default_factory=lambda: EventCache(max_items=EVENTS_KEPT))
    _bodies: BodyCache = field(init=False, repr=False)
    _latest: dict[tuple[Any, ...], tuple[str, dt.datetime]] = field(default_factory=dict, init=False, repr=False)
    _team_stamps: dict[tuple[Any, ...], Hashable] = field(default_factory=dict, init=False, repr=False)
    _pages: dict[tuple[str, dt.date], str] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._bodies = BodyCache(self.max_bytes)

    # -- rendering with validators ------------------------------------------------------
    def _remember(self, key: tuple[Any, ...], stable: tuple[Any, ...], feed: Feed) -> Rendered:
        if self.publish is not None:
            feed = self.publish(feed)
        body = render_feed(feed, cache=self.events)
        if len(body) > SIZE_LIMIT:
            _log.warning(
                "feed %s is %s bytes, over %s; some calendars refuse it", feed.name, f"{len(body):,}", f"{SIZE_LIMIT:,}"
            )
        etag = hashlib.sha256(body).hexdigest()[:32]
        modified = _whole_seconds(feed.updated)
        if self.loaded_at is not None:
            # data edited before a restart leaves no later stamp; clients that revalidate by date
            # only (Apple) must still see a change, so the time the data was loaded is a floor
            modified = max(modified, _whole_seconds(self.loaded_at))
        # never in the future (RFC 9110 8.8.2.1), e.g. an `updated:` date typed east of UTC
        modified = min(modified, _whole_seconds(self.now()))
        with self._lock:
            before = self._latest.get(stable)
        if before is not None:
            before_etag, before_modified = before
            if before_etag == etag:
                modified = before_modified
            elif modified <= before_modified:
                # the body changed but the data does not say when (e.g. a deleted row): never go backwards
                modified = max(before_modified + dt.timedelta(seconds=1), _whole_seconds(self.now()))
        gzipped = gzip_lib.compress(body, compresslevel=self.gzip_level, mtime=0) if len(body) >= GZIP_MIN else None
        rendered = Rendered(body=body, etag=etag, last_modified=modified, events=len(feed.items), gzipped=gzipped)
        self._bodies.put(key, rendered)
        with self._lock:
            # validators only (no body), for many more queries than bodies: each distinct query
            # adds one, so this is bounded too
            _bound(self._latest, self.max_cached * 64)
            self._latest[stable] = (etag, modified)
        return rendered

    def _public_key(self, query: FeedQuery) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        stable = ("public", query.themes, query.kinds, query.alarm)
        return (*stable, self.today()), stable

    def cached_public(self, query: FeedQuery) -> Rendered | None:
        """The body for this query if it is still current: answering from here costs no rendering."""
        key, _ = self._public_key(query)
        return self._bodies.get(key)

    def public(self, query: FeedQuery) -> Rendered:
        """The public feed for `query`, rendered or from the cache."""
        key, stable = self._public_key(query)
        found = self._bodies.get(key)
        if found is not None:
            return found
        today = key[-1]
        start, end = rolling_window(today)
        feed = observance_feed(
            self.catalogue,
            start,
            end,
            themes=query.themes,
            kinds=query.kinds,
            domain=self.domain,
            rolling_since=window_moved(today),
            alarm=query.alarm,
        )
        return self._remember(key, stable, feed)

    def team_feed(self, token: FeedToken, query: FeedQuery) -> Rendered:
        """The team feed of one token. While the change stamp (`team_stamp`) is the same as when
        the body was rendered, the body is reused without reading any phase; otherwise the
        phases are read from the store and the feed rendered again."""
        if self.team is None:
            raise PlannerError("team feeds are not set up on this server")
        today = self.today()
        stable = ("team", token.id, token.campaigns, query.alarm)
        key = (*stable, today)
        stamp = self.team_stamp(token, today) if self.team_stamp is not None else None
        found = self._bodies.get(key)
        if found is not None and stamp is not None:
            with self._lock:
                same = self._team_stamps.get(key) == stamp
            if same:
                return found
        feed = dataclasses.replace(self.team(token, today), alarm=query.alarm)
        rendered = self._remember(key, stable, feed)
        with self._lock:
            _bound(self._team_stamps, self.max_cached * 4)
            self._team_stamps[key] = stamp
        return rendered

    def find_token(self, presented: str) -> FeedToken | None:
        """The token whose secret was presented, or None."""
        return self.tokens.find(presented) if self.tokens is not None else None

    # -- the subscribe page -------------------------------------------------------------
    def index(self, base: str) -> str:
        """The subscribe page, links under `base` (the configured public address, or '' for
        relative links)."""
        today = self.today()
        page = self._pages.get((base, today))
        if page is None:
            page = self._index(base, today)
            with self._lock:
                if len(self._pages) >= self.max_cached:
                    self._pages.clear()
                self._pages[(base, today)] = page
        return page

    def _index(self, base: str, today: dt.date) -> str:
        return subscribe_page(self.catalogue, base, today, domain=self.domain)


def _feed_response(request: Request, rendered: Rendered, *, private: bool, gzip: bool) -> Response:
    encoded = gzip and rendered.gzipped is not None and accepts_gzip(request.headers.get("accept-encoding", ""))
    headers = {
        "ETag": f'"{rendered.etag}-gzip"' if encoded else f'"{rendered.etag}"',
        "Last-Modified": http_date(rendered.last_modified),
        "Cache-Control": "private, max-age=900" if private else "public, max-age=3600",
        "X-Content-Type-Options": "nosniff",
    }
    if gzip:
        headers["Vary"] = "Accept-Encoding"
    if private:
        headers["X-Robots-Tag"] = "noindex, nofollow"
        headers["Referrer-Policy"] = "no-referrer"
    if not_modified(request.headers, rendered):
        return Response(status_code=304, headers=headers)
    if encoded:
        assert rendered.gzipped is not None
        headers["Content-Encoding"] = "gzip"
        return Response(rendered.gzipped, media_type=MEDIA_TYPE, headers=headers)
    return Response(rendered.body, media_type=MEDIA_TYPE, headers=headers)


def _bad_request(exc: PlannerError) -> Response:
    return PlainTextResponse(f"{exc.message}\n", status_code=400)


NOT_FOUND = (
    "Not found. A team feed address stops working when it is mistyped or its token is revoked: "
    "ask whoever runs your team's feeds for the current address. The public feeds are listed on "
    "the subscribe page (/).\n"
)
"""The body of every 404: the same for an unknown path and a wrong or revoked token (nothing
tells them apart), and it says what a subscriber whose team feed stopped can do."""


def _not_found() -> Response:
    return PlainTextResponse(NOT_FOUND, status_code=404)


def create_app(
    site: FeedSite,
    *,
    base_url: str | None = None,
    gzip: bool = True,
    pages: Sequence[BaseRoute] = (),
    page_middleware: Sequence[Middleware] = (),
) -> Starlette:
    """The ASGI app. `base_url` fixes the public address used on the subscribe page; without it
    the page's links are relative paths (never taken from the request's Host header). `pages`
    (the web front end, `planner.web.pages`) are matched before the feeds, with their
    `page_middleware` (sessions)."""

    async def index(request: Request) -> Response:
        html = await run_in_threadpool(site.index, base_url or "")
        # the page does not depend on the request, so shared caches may keep it
        return HTMLResponse(
            html, headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
        )

    async def public_feed(request: Request) -> Response:
        params = request.query_params.multi_items()
        theme = request.path_params.get("theme")
        if theme is not None:  # /feeds/themes/THEME.ics, as `planner publish` writes it
            if theme not in site.catalogue.themes:
                return _not_found()
            if any(key == "theme" for key, _ in params):
                return _bad_request(UsageProblem("give the theme in the path or in ?theme=, not both"))
            params = [*params, ("theme", theme)]
        try:
            query = parse_query(params, site.catalogue)
        except UsageProblem as exc:
            return _bad_request(exc)
        rendered = site.cached_public(query)
        if rendered is None:
            try:
                rendered = await run_in_threadpool(site.public, query)
            except UsageProblem as exc:
                return _bad_request(exc)
        return _feed_response(request, rendered, private=False, gzip=gzip)

    async def team_feed(request: Request) -> Response:
        token = site.find_token(str(request.path_params["token"]))
        if token is None:
            return _not_found()
        try:
            query = parse_query(request.query_params.multi_items(), None, TEAM_PARAMS)
        except UsageProblem as exc:
            return _bad_request(exc)
        try:
            rendered = await run_in_threadpool(site.team_feed, token, query)
        except PlannerError as exc:  # e.g. the campaign database is unreachable
            # the reason goes to the log only: it may name campaigns this token may not see
            _log.error("team feed of token %s unavailable: %s", token.id, exc.message)
            return PlainTextResponse(
                "the team feed is unavailable for now; try again later\n",
                status_code=503,
                headers={"Retry-After": "300"},
            )
        return _feed_response(request, rendered, private=True, gzip=gzip)

    async def not_found(request: Request, exc: Exception) -> Response:
        return _not_found()

    routes = [
        *pages,
        Route("/", index, methods=["GET"]),
        Route("/feeds/observances.ics", public_feed, methods=["GET"]),
        Route("/feeds/themes/{theme}.ics", public_feed, methods=["GET"]),
        Route("/feeds/team/{token}.ics", team_feed, methods=["GET"]),
    ]
    # any method but GET and HEAD gets the 404 of an unknown path, not a 405 that tells routes apart
    handlers = {404: not_found, 405: not_found}
    application = Starlette(routes=routes, middleware=list(page_middleware), exception_handlers=handlers)
    application.router.redirect_slashes = False  # exact paths only: nothing else is answered
    return application


class RedactTokens(logging.Filter):
    """Keeps team-feed secrets out of every log line: `/feeds/team/[token].ics`, in the message,
    its arguments (uvicorn's access log passes the path as one) and an exception's text."""

    _path = re.compile(r"/feeds/team/[^/?\s\"']+")

    def _clean(self, value: object) -> object:
        return self._path.sub("/feeds/team/[token]", value) if isinstance(value, str) else value

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace team-feed secrets in a log record's path with '[token]'."""
        if isinstance(record.args, tuple):
            record.args = tuple(self._clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: self._clean(v) for k, v in record.args.items()}
        if isinstance(record.msg, str):
            record.msg = self._path.sub("/feeds/team/[token]", record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            # the formatted traceback may quote the path: format it now, redacted, and drop the original
            import traceback

            text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_text = self._path.sub("/feeds/team/[token]", text)
            record.exc_info = None
        return True


LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn", "planner")


def serve(app: Starlette, host: str, port: int) -> None:
    """Run the app with uvicorn, a production ASGI server, until interrupted."""
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, proxy_headers=True, server_header=False, log_level="info", lifespan="off"
    )
    redact = RedactTokens()
    for name in LOGGERS:  # after uvicorn has set up logging; handlers too, for records from child loggers
        logger = logging.getLogger(name)
        logger.addFilter(redact)
        for handler in logger.handlers:
            handler.addFilter(redact)
    uvicorn.Server(config).run()
