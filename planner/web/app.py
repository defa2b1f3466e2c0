"""HTTP: the subscribe page and the feeds, as a Starlette app served by uvicorn.

- `/` is the subscribe page; `/feeds/observances.ics` the public feed, filtered with
  `?theme=&kind=` (repeatable or comma-separated) and opt-in alarms with `?alarm=7d`;
  `/feeds/team/TOKEN.ics` a team's campaign phases, for a valid secret token only (404
  otherwise, exactly like an unknown path). Nothing else is served: there is no file access.
- `text/calendar; charset=utf-8`, a strong ETag (SHA-256 of the body), a Last-Modified taken
  from the data that never goes backwards, and 304 answers to If-None-Match / If-Modified-Since
  without re-rendering: rendered bodies are cached per query (rule 10).
- gzip through Starlette's middleware when the client asks; the ETag then carries `-gzip`, since
  a strong validator must differ between encodings.

Starlette and uvicorn are imported here only, and this module only by `planner serve`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import hashlib
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
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

TeamSource = Callable[[FeedToken, dt.date], Feed]
"""The team feed a token may see on a given day (campaign phases; see `feeds.team_feed`)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered feed with its validators."""

    body: bytes
    etag: str
    last_modified: dt.datetime
    events: int


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
    alarms = _values(params, "alarm")
    if len(alarms) > 1:
        raise UsageProblem("give alarm once, e.g. alarm=7d")
    alarm = parse_lead_time(alarms[0]) if alarms else None
    return FeedQuery(tuple(themes), tuple(kinds), alarm)


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
    """

    catalogue: Catalogue
    today: Callable[[], dt.date]
    domain: str
    tokens: TokenStore | None = None
    team: TeamSource | None = None
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    loaded_at: dt.datetime | None = None
    max_cached: int = 256
    events: EventCache = field(default_factory=EventCache)
    _bodies: dict[tuple[Any, ...], Rendered] = field(default_factory=dict, init=False, repr=False)
    _latest: dict[tuple[Any, ...], tuple[str, dt.datetime]] = field(default_factory=dict, init=False, repr=False)
    _team_feeds: dict[tuple[Any, ...], Feed] = field(default_factory=dict, init=False, repr=False)
    _pages: dict[tuple[str, dt.date], str] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # -- rendering with validators ------------------------------------------------------
    def _remember(self, key: tuple[Any, ...], stable: tuple[Any, ...], feed: Feed) -> Rendered:
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
        rendered = Rendered(body=body, etag=etag, last_modified=modified, events=len(feed.items))
        with self._lock:
            _bound(self._bodies, self.max_cached)
            self._bodies[key] = rendered
            # validators only (no body), for many more queries than bodies: each distinct query
            # (?alarm=1m, 2m, ...) adds one, so this is bounded too
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
        """The team feed of one token. Phases are read from the store on each call; the body is
        reused while the feed is unchanged."""
        if self.team is None:
            raise PlannerError("team feeds are not set up on this server")
        today = self.today()
        feed = dataclasses.replace(self.team(token, today), alarm=query.alarm)
        stable = ("team", token.id, query.alarm)
        key = (*stable, today)
        with self._lock:
            found = self._bodies.get(key)
            same = self._team_feeds.get(key) == feed
        if found is not None and same:
            return found
        rendered = self._remember(key, stable, feed)
        with self._lock:
            _bound(self._team_feeds, self.max_cached)
            self._team_feeds[key] = feed
        return rendered

    def find_token(self, presented: str) -> FeedToken | None:
        """The token whose secret was presented, or None."""
        return self.tokens.find(presented) if self.tokens is not None else None

    # -- the subscribe page -------------------------------------------------------------
    def index(self, base: str) -> str:
        """The subscribe page for the site at `base` (kept per day)."""
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
    encoded = gzip and "gzip" in request.headers.get("accept-encoding", "") and len(rendered.body) >= GZIP_MIN
    headers = {
        "ETag": f'"{rendered.etag}-gzip"' if encoded else f'"{rendered.etag}"',
        "Last-Modified": http_date(rendered.last_modified),
        "Cache-Control": "private, max-age=900" if private else "public, max-age=3600",
        "X-Content-Type-Options": "nosniff",
    }
    if private:
        headers["X-Robots-Tag"] = "noindex, nofollow"
        headers["Referrer-Policy"] = "no-referrer"
    if not_modified(request.headers, rendered):
        if gzip:
            headers["Vary"] = "Accept-Encoding"
        return Response(status_code=304, headers=headers)
    if gzip and len(rendered.body) < GZIP_MIN:  # above it the gzip middleware adds Vary itself
        headers["Vary"] = "Accept-Encoding"
    return Response(rendered.body, media_type=MEDIA_TYPE, headers=headers)


def _bad_request(exc: PlannerError) -> Response:
    return PlainTextResponse(f"{exc.message}\n", status_code=400)


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404)


def create_app(
    site: FeedSite,
    *,
    base_url: str | None = None,
    gzip: bool = True,
    pages: Sequence[BaseRoute] = (),
    page_middleware: Sequence[Middleware] = (),
) -> Starlette:
    """The ASGI app. `base_url` fixes the public address used on the subscribe page; without it
    the address is taken from the request. `pages` (the web front end, `planner.web.pages`) are
    matched before the feeds, with their `page_middleware` (sessions)."""

    async def index(request: Request) -> Response:
        base = base_url or str(request.base_url).rstrip("/")
        html = await run_in_threadpool(site.index, base)
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
    middleware = [*page_middleware]
    if gzip:
        middleware.append(Middleware(GZipMiddleware, minimum_size=GZIP_MIN, compresslevel=6))
    # any method but GET and HEAD gets the 404 of an unknown path, not a 405 that tells routes apart
    handlers = {404: not_found, 405: not_found}
    application = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    application.router.redirect_slashes = False  # exact paths only: nothing else is answered
    return application


class RedactTokens(logging.Filter):
    """Keeps team-feed secrets out of the access log: `/feeds/team/[token].ics`."""

    _path = re.compile(r"/feeds/team/[^/?\s]+")

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace team-feed secrets in a log record's path with '[token]'."""
        if isinstance(record.args, tuple):
            record.args = tuple(
                self._path.sub("/feeds/team/[token]", a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = self._path.sub("/feeds/team/[token]", record.msg)
        return True


def serve(app: Starlette, host: str, port: int) -> None:
    """Run the app with uvicorn, a production ASGI server, until interrupted."""
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, proxy_headers=True, server_header=False, log_level="info", lifespan="off"
    )
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())  # after uvicorn has set up logging
    uvicorn.Server(config).run()
