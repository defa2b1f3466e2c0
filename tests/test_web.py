"""The HTTP layer over real loopback connections: a uvicorn server in a thread (and one
`planner serve` subprocess), conditional GETs, HEAD, gzip, filters, token feeds, 400s and 404s."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import gzip
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
import uvicorn

from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.errors import UsageProblem
from planner.feeds.build import CATALOGUE_EPOCH, TEAM_REFRESH, Feed, FeedItem, build_feed, feed_name
from planner.feeds.lint import lint
from planner.feeds.tokens import FeedToken, TokenStore
from planner.web.app import (
    ALARMS,
    NOT_FOUND,
    FeedQuery,
    FeedSite,
    Rendered,
    accepts_gzip,
    create_app,
    http_date,
    not_modified,
    parse_query,
)
from tests.conftest import FIXTURES, TODAY

UTC = dt.UTC
Reply = tuple[int, dict[str, str], bytes]


@pytest.fixture(scope="module")
def fixture_catalogue() -> Catalogue:
    return load([FIXTURES / "feed-catalogue.yaml"], shipped=False)


class Team:
    """An in-memory team source: phases per token id, changeable during a test."""

    def __init__(self) -> None:
        self.items: list[FeedItem] = [
            FeedItem(
                uid="hrd-2027-brief-due-2027@planner.invalid",
                summary="T-14: brief due, Human Rights Day",
                start=dt.date(2027, 11, 26),
                end=dt.date(2027, 11, 27),
                stamp=dt.datetime(2026, 11, 10, 9, 0, tzinfo=UTC),
                sequence=1,
            )
        ]
        self.calls = 0

    def __call__(self, token: FeedToken, today: dt.date) -> Feed:
        self.calls += 1
        return build_feed(
            self.items,
            name=feed_name(team=True) + (f": {token.label}" if token.label else ""),
            description="Private.",
            refresh=TEAM_REFRESH,
        )


class Server:
    def __init__(self, site: FeedSite, team: Team, store: TokenStore, **app_options: object) -> None:
        self.site = site
        self.team = team
        self.store = store
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        config = uvicorn.Config(create_app(site, **app_options), lifespan="off", log_level="warning", access_log=False)  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        assert not self.thread.is_alive(), "the test server did not stop"

    def request(self, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            conn.close()


def _tokens(tmp_path: Path) -> TokenStore:
    """Tokens in a SQLite database of the test's own (closed when the process ends)."""
    from planner.campaigns.store import Store

    return TokenStore(Store(f"sqlite:///{tmp_path / 'tokens.db'}"), legacy_file=tmp_path / "none.json")


def _site(catalogue: Catalogue, team: Team, store: TokenStore, today: list[dt.date]) -> FeedSite:
    return FeedSite(catalogue=catalogue, today=lambda: today[0], domain="planner.invalid", tokens=store, team=team)


@pytest.fixture
def server(fixture_catalogue: Catalogue, tmp_path: Path) -> Iterator[Server]:
    team = Team()
    store = _tokens(tmp_path)
    with Server(_site(fixture_catalogue, team, store, [TODAY]), team, store) as running:
        yield running


def _uids(body: bytes) -> set[str]:
    return {str(e["uid"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


# -- the public feed ----------------------------------------------------------------------------


def test_get_the_feed(server: Server) -> None:
    status, headers, body = server.request("/feeds/observances.ics")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["etag"].startswith('"') and not headers["etag"].startswith("W/")
    assert headers["last-modified"] == "Sun, 01 Nov 2026 00:00:00 GMT"  # when the rolling window last moved
    assert headers["cache-control"] == "public, max-age=3600"
    assert int(headers["content-length"]) == len(body)
    assert "content-encoding" not in headers
    assert lint(body).problems == ()
    assert "press-freedom-day-2027@planner.invalid" in _uids(body)


def test_conditional_gets(server: Server) -> None:
    _, headers, body = server.request("/feeds/observances.ics")
    etag, modified = headers["etag"], headers["last-modified"]
    for condition in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", {etag}'},
        {"If-None-Match": f"W/{etag}"},
        {"If-None-Match": "*"},
        {"If-Modified-Since": modified},
        {"If-Modified-Since": "Mon, 01 Jan 2035 00:00:00 GMT"},
    ):
        status, h304, again = server.request("/feeds/observances.ics", condition)
        assert (status, again) == (304, b""), condition
        assert h304["etag"] == etag and h304["last-modified"] == modified
    for condition in (
        {"If-None-Match": '"other"'},
        {"If-Modified-Since": "Sat, 31 Oct 2026 23:59:59 GMT"},
        {"If-Modified-Since": "yesterday"},
        {"If-None-Match": '"other"', "If-Modified-Since": "Mon, 01 Jan 2035 00:00:00 GMT"},  # If-None-Match decides
    ):
        status, _, full = server.request("/feeds/observances.ics", condition)
        assert (status, full) == (200, body), condition


def test_head(server: Server) -> None:
    _, _, body = server.request("/feeds/observances.ics")
    status, headers, empty = server.request("/feeds/observances.ics", method="HEAD")
    assert (status, empty) == (200, b"")
    assert int(headers["content-length"]) == len(body)
    assert headers["content-type"] == "text/calendar; charset=utf-8"


def test_gzip_when_asked(server: Server) -> None:
    _, plain_headers, body = server.request("/feeds/observances.ics")
    status, headers, packed = server.request("/feeds/observances.ics", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed) == body
    assert len(packed) < len(body) / 2
    assert headers["etag"] == plain_headers["etag"][:-1] + '-gzip"'  # a strong ETag per encoding
    assert headers["vary"] == "Accept-Encoding"
    status, h304, _ = server.request(
        "/feeds/observances.ics", {"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]}
    )
    assert status == 304 and h304["etag"] == headers["etag"] and h304["vary"] == "Accept-Encoding"


def test_filters(server: Server) -> None:
    _, _, everything = server.request("/feeds/observances.ics")
    _, _, press = server.request("/feeds/observances.ics?theme=media-freedom")
    assert _uids(press) == {u for u in _uids(everything) if u.startswith(("press-freedom-day", "summit-2027"))}
    _, h1, two = server.request("/feeds/observances.ics?theme=media-freedom&theme=gender-equality")
    _, h2, same = server.request("/feeds/observances.ics?theme=gender-equality,media-freedom")
    assert two == same and h1["etag"] == h2["etag"]
    _, _, anniversaries = server.request("/feeds/observances.ics?kind=anniversary")
    assert {u.rsplit("-", 1)[0] for u in _uids(anniversaries)} == {"declaration-anniversary"}
    _, _, alarmed = server.request("/feeds/observances.ics?kind=day&alarm=7d")
    assert b"BEGIN:VALARM" in alarmed and b"TRIGGER:-P7D" in alarmed


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=nope", "unknown theme 'nope'"),
        ("theme=media-fredom", "did you mean media-freedom"),
        ("kind=holiday", "unknown kind 'holiday'"),
        ("foo=1", "unknown parameter 'foo'"),
        ("alarm=soon", "alarm must be one of 15m, 30m, 1h, 2h, 12h, 1d, 2d, 7d, 14d (not 'soon')"),
        ("alarm=3m", "alarm must be one of"),
        ("alarm=1d&alarm=2d", "give alarm once"),
        ("theme=", "theme needs a value"),
        ("theme", "theme needs a value"),
        ("kind=,", "kind needs a value"),
        ("theme=media-freedom&theme=", "theme needs a value"),
    ],
)
def test_bad_parameters_get_400_with_a_message(server: Server, query: str, message: str) -> None:
    status, headers, body = server.request(f"/feeds/observances.ics?{query}")
    assert status == 400
    assert headers["content-type"].startswith("text/plain")
    assert message in body.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/feeds/",
        "/feeds/other.ics",
        "/feeds/observances.ics/",
        "/feeds/../../etc/passwd",
        "/feeds/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/feeds/team/..%2f..%2fetc%2fpasswd.ics",
        "/feeds/team/../observances.ics",
        "/feeds/observances.ics/../../../etc/passwd",
        "//etc/passwd",
    ],
)
def test_no_path_leaves_the_feeds(server: Server, path: str) -> None:
    status, _, body = server.request(path)
    assert status == 404, path
    assert b"root:" not in body and b"VCALENDAR" not in body


def test_other_methods_get_the_same_404(server: Server) -> None:
    """Only GET and HEAD are answered; anything else is the 404 of an unknown path, so a wrong
    token cannot be told apart from a right one by method either."""
    _, secret = server.store.create()
    for path in ("/", "/feeds/observances.ics", f"/feeds/team/{secret}.ics", "/feeds/team/wrong.ics", "/nope"):
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"):
            status, headers, body = server.request(path, method=method)
            assert (status, body) == (404, NOT_FOUND.encode()), (method, path)
            assert "allow" not in headers


def test_published_theme_paths_work_too(server: Server) -> None:
    """`planner publish` writes feeds/themes/THEME.ics: the same URLs work on `planner serve`."""
    _, h1, by_path = server.request("/feeds/themes/media-freedom.ics")
    _, h2, by_query = server.request("/feeds/observances.ics?theme=media-freedom")
    assert by_path == by_query and h1["etag"] == h2["etag"]
    assert h1["content-type"] == "text/calendar; charset=utf-8"
    assert server.request("/feeds/themes/media-freedom.ics?alarm=7d")[0] == 200
    assert server.request("/feeds/themes/media-freedom.ics?theme=x")[0] == 400
    for path in ("/feeds/themes/nope.ics", "/feeds/themes/..%2fobservances.ics", "/feeds/themes/", "/feeds/themes"):
        assert server.request(path)[0] == 404, path


def test_index_page(server: Server) -> None:
    """Without --base-url the links are relative paths: never built from the Host header, which a
    client chooses (a poisoned shared cache would hand other users links to another host)."""
    status, headers, body = server.request("/", {"Host": "evil.example"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert 'href="/feeds/observances.ics"' in page and 'href="/feeds/themes/media-freedom.ics"' in page
    assert "evil.example" not in page and "127.0.0.1" not in page
    assert "webcal://" not in page and "calendar.google.com/calendar/r" not in page
    assert "--base-url" in page  # the page says why, and how to fix it
    assert "empty-theme" not in page  # no feed for a theme without events
    assert "journalists&#x27; safety; independent media" in page
    assert "/feeds/team/" not in page
    assert headers["cache-control"] == "public, max-age=3600"  # the same for every request
    assert server.request("/", {"Host": "other.example"})[2] == body


def test_index_uses_the_base_url(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    team, store = Team(), _tokens(tmp_path)
    with Server(
        _site(fixture_catalogue, team, store, [TODAY]), team, store, base_url="https://cal.example.org/x"
    ) as running:
        page = running.request("/")[2].decode()
    assert "https://cal.example.org/x/feeds/observances.ics" in page
    assert "webcal://cal.example.org/x/feeds/observances.ics" in page
    assert "need an https address" not in page


def test_gzip_can_be_switched_off(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    team, store = Team(), _tokens(tmp_path)
    with Server(_site(fixture_catalogue, team, store, [TODAY]), team, store, gzip=False) as running:
        status, headers, _ = running.request("/feeds/observances.ics", {"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in headers and not headers["etag"].endswith('-gzip"')


# -- team feeds ---------------------------------------------------------------------------------


def test_team_feed_needs_a_valid_token(server: Server) -> None:
    record, secret = server.store.create("comms team")
    status, headers, body = server.request(f"/feeds/team/{secret}.ics")
    assert status == 200
    assert headers["cache-control"] == "private, max-age=900"
    assert headers["x-robots-tag"] == "noindex, nofollow"
    assert _uids(body) == {"hrd-2027-brief-due-2027@planner.invalid"}
    cal = icalendar.Calendar.from_ical(body)
    assert "comms team" in str(cal["x-wr-calname"])
    assert cal["refresh-interval"].to_ical() == b"PT2H"
    assert lint(body).problems == ()
    status, _, _ = server.request(f"/feeds/team/{secret}.ics", {"If-None-Match": headers["etag"]})
    assert status == 304
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for path in (
        f"/feeds/team/{wrong}.ics",
        "/feeds/team/short.ics",
        f"/feeds/team/{secret}",
        f"/feeds/team/{record.digest}.ics",
    ):
        assert server.request(path)[0] == 404, path
    assert server.request(f"/feeds/team/{secret}.ics?alarm=nope")[0] == 400
    assert server.request(f"/feeds/team/{secret}.ics?theme=x")[0] == 400
    server.store.revoke(record.id)
    status, _, body = server.request(f"/feeds/team/{secret}.ics")
    assert (status, body) == (404, server.request("/feeds/team/nope.ics")[2])  # a revoked token looks like any other
    assert b"ask whoever runs your team's feeds for the current address" in body


def test_team_feed_follows_changes(server: Server) -> None:
    _, secret = server.store.create()
    _, first, _ = server.request(f"/feeds/team/{secret}.ics")
    moved = dataclasses.replace(
        server.team.items[0],
        start=dt.date(2027, 11, 25),
        end=dt.date(2027, 11, 26),
        sequence=2,
        stamp=dt.datetime(2026, 11, 20, 8, tzinfo=UTC),
    )
    server.team.items = [moved]
    status, second, changed = server.request(f"/feeds/team/{secret}.ics", {"If-None-Match": first["etag"]})
    assert status == 200 and second["etag"] != first["etag"]
    assert b"DTSTART;VALUE=DATE:20271125" in changed and b"SEQUENCE:2" in changed
    assert second["last-modified"] == "Fri, 20 Nov 2026 08:00:00 GMT"


# -- FeedSite without HTTP ------------------------------------------------------------------------


def test_a_304_does_not_render(fixture_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(fixture_catalogue, Team(), _tokens(tmp_path), [TODAY])
    first = site.public(FeedQuery())

    def boom(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("rendered again")

    monkeypatch.setattr("planner.web.app.render_feed", boom)
    assert site.cached_public(FeedQuery()) is first
    assert site.public(FeedQuery()) is first


def test_the_feed_follows_the_calendar(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    today = [TODAY]
    site = _site(fixture_catalogue, Team(), _tokens(tmp_path), today)
    site.now = lambda: dt.datetime.combine(today[0], dt.time(12), UTC)  # the clock agrees with the calendar
    november = site.public(FeedQuery())
    today[0] = dt.date(2026, 11, 30)
    assert site.public(FeedQuery()).etag == november.etag
    today[0] = dt.date(2026, 12, 1)
    december = site.public(FeedQuery())
    assert december.etag != november.etag
    assert december.last_modified == dt.datetime(2026, 12, 1, tzinfo=UTC) > november.last_modified


def test_last_modified_never_goes_backwards(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    """A phase deleted from the store leaves no stamp behind: the time it was noticed is used."""
    team = Team()
    now = [dt.datetime(2026, 11, 21, 12, 0, 0, 500, tzinfo=UTC)]
    site = _site(fixture_catalogue, team, _tokens(tmp_path), [TODAY])
    site.now = lambda: now[0]
    token = FeedToken(id="t1", label="", digest="0" * 64, created=CATALOGUE_EPOCH)
    extra = dataclasses.replace(team.items[0], uid="late@x", stamp=dt.datetime(2026, 11, 15, tzinfo=UTC))
    team.items.append(extra)
    with_both = site.team_feed(token, FeedQuery())
    assert with_both.last_modified == dt.datetime(2026, 11, 15, tzinfo=UTC)
    team.items.remove(extra)
    without = site.team_feed(token, FeedQuery())
    assert without.etag != with_both.etag
    assert without.last_modified == dt.datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
    assert site.team_feed(token, FeedQuery()).last_modified == without.last_modified


def test_memory_stays_bounded_whatever_the_queries(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    """Each distinct query (every allowed alarm, any set of themes, many tokens) must not keep a
    body for ever: a client could otherwise fill the server's memory. Bodies are bounded in bytes."""
    team = Team()
    site = _site(fixture_catalogue, team, _tokens(tmp_path), [TODAY])
    site.max_cached = 2
    site._bodies.max_bytes = 200_000
    themes = sorted(t for t in fixture_catalogue.themes if t != "empty-theme")
    for n in range(300):
        alarm = parse_query([("alarm", ALARMS[n % len(ALARMS)])], None).alarm
        site.public(FeedQuery(themes=(themes[n % len(themes)],), kinds=("day",), alarm=alarm))
        site.team_feed(
            FeedToken(id=f"t{n}", label="", digest="0" * 64, created=CATALOGUE_EPOCH), FeedQuery(alarm=alarm)
        )
    assert site._bodies.bytes <= 200_000
    assert len(site._team_stamps) <= 2 * 4
    assert len(site._latest) <= 2 * 64
    assert not any(isinstance(v, Rendered) for v in site._latest.values())  # validators only, no bodies


def test_parse_query() -> None:
    assert parse_query([], None) == FeedQuery()
    assert parse_query([("kind", "week,day"), ("kind", "day")], None) == FeedQuery(kinds=("day", "week"))
    assert parse_query([("alarm", "2w")], None).alarm == dt.timedelta(weeks=2)
    assert parse_query([("alarm", "1w")], None) == parse_query([("alarm", "7d")], None)
    with pytest.raises(UsageProblem, match="alarm must be one of"):
        parse_query([("alarm", "13d")], None)
    with pytest.raises(UsageProblem, match="unknown parameter 'theme'; use alarm"):
        parse_query([("theme", "x")], None, ("alarm",))


def test_not_modified_rules() -> None:
    rendered = Rendered(body=b"x", etag="abc", last_modified=dt.datetime(2026, 11, 1, tzinfo=UTC), events=0)
    assert not_modified({"if-none-match": '"abc"'}, rendered)
    assert not_modified({"if-none-match": '"abc-gzip"'}, rendered)
    assert not not_modified({"if-none-match": '"abcd"'}, rendered)
    assert not_modified({"if-modified-since": http_date(rendered.last_modified)}, rendered)
    assert not not_modified({"if-modified-since": "Sat, 31 Oct 2026 00:00:00 GMT"}, rendered)
    assert not_modified({"if-modified-since": "Sun, 01 Nov 2026 00:00:00"}, rendered)  # no zone: GMT
    assert not not_modified({}, rendered)
    assert (
        http_date(dt.datetime(2026, 11, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))))
        == "Sun, 01 Nov 2026 00:00:00 GMT"
    )


# -- `planner serve` itself ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.slow
def test_planner_serve_subprocess(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PLANNER_DATA_DIR": str(tmp_path), "PLANNER_TODAY": TODAY.isoformat()}
    command = [
        sys.executable,
        "-m",
        "planner",
        "--catalogue",
        str(FIXTURES / "feed-catalogue.yaml"),
        "serve",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/feeds/observances.ics?theme=media-freedom")
                response = conn.getresponse()
                body = response.read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert response.status == 200
        assert "press-freedom-day-2027@planner.invalid" in _uids(body)
        modified = email.utils.parsedate_to_datetime(response.getheader("Last-Modified") or "")
        # the data's date (1 Nov 2026, when the window moved), floored by when the server loaded it
        assert dt.datetime(2026, 11, 1, tzinfo=UTC) <= modified <= dt.datetime.now(UTC)
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - only if uvicorn hangs
            process.kill()
            process.communicate()


def test_big_feeds_are_logged(
    fixture_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("planner.web.app.SIZE_LIMIT", 1000)
    site = _site(fixture_catalogue, Team(), _tokens(tmp_path), [TODAY])
    with caplog.at_level("WARNING", logger="planner.web.app"):
        site.public(FeedQuery())
    assert "over 1,000; some calendars refuse it" in caplog.text


def test_team_feed_unavailable_is_503(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    from planner.errors import PlannerError

    def broken(token: FeedToken, today: dt.date) -> Feed:
        raise PlannerError("cannot open the campaign database")

    store = _tokens(tmp_path)
    site = FeedSite(
        catalogue=fixture_catalogue, today=lambda: TODAY, domain="planner.invalid", tokens=store, team=broken
    )
    _, secret = store.create()
    with Server(site, Team(), store) as running:
        status, headers, body = running.request(f"/feeds/team/{secret}.ics")
    assert status == 503 and headers["retry-after"] == "300"
    assert body == b"the team feed is unavailable for now; try again later\n"


def test_a_503_does_not_show_other_campaigns(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    """A token limited to one campaign must not learn the ids of the others from an error."""
    from planner.errors import PlannerError

    def gone(token: FeedToken, today: dt.date) -> Feed:
        raise PlannerError("unknown campaign 'old-2026'; use one of: secret-merger-2027, whistleblower-2027")

    store = _tokens(tmp_path)
    site = FeedSite(catalogue=fixture_catalogue, today=lambda: TODAY, domain="planner.invalid", tokens=store, team=gone)
    _, secret = store.create(campaigns=["old-2026"])
    with Server(site, Team(), store) as running:
        status, _, body = running.request(f"/feeds/team/{secret}.ics")
    assert status == 503 and b"secret-merger" not in body and b"old-2026" not in body


def test_last_modified_is_never_in_the_future(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    """RFC 9110 8.8.2.1: a Last-Modified later than now (a catalogue `updated:` date typed in a
    time zone ahead of UTC, a phase edited under another clock) becomes the time of the response."""
    team = Team()
    team.items = [dataclasses.replace(team.items[0], stamp=dt.datetime(2026, 11, 22, tzinfo=UTC))]
    now = [dt.datetime(2026, 11, 21, 18, 30, 5, 700, tzinfo=UTC)]
    site = _site(fixture_catalogue, team, _tokens(tmp_path), [TODAY])
    site.now = lambda: now[0]
    token = FeedToken(id="t1", label="", digest="0" * 64, created=CATALOGUE_EPOCH)
    first = site.team_feed(token, FeedQuery())
    assert first.last_modified == dt.datetime(2026, 11, 21, 18, 30, 5, tzinfo=UTC)
    now[0] = dt.datetime(2026, 11, 23, tzinfo=UTC)
    assert site.team_feed(token, FeedQuery()).last_modified == first.last_modified  # unchanged body, same date


def test_access_log_never_shows_a_token() -> None:
    import logging

    from planner.web.app import RedactTokens

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:1", "GET", "/feeds/team/s3cr3t-token_value.ics?alarm=7d", "1.1", 200),
        None,
    )
    assert RedactTokens().filter(record)
    assert record.getMessage() == '127.0.0.1:1 - "GET /feeds/team/[token]?alarm=7d HTTP/1.1" 200'
    plain = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, "GET /feeds/team/abc.ics", None, None)
    RedactTokens().filter(plain)
    assert plain.getMessage() == "GET /feeds/team/[token]"


def test_last_modified_is_never_before_the_data_was_loaded(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    """After a restart with an edited catalogue, a client that revalidates by date still sees a change."""
    loaded = dt.datetime(2026, 11, 21, 9, 30, 15, 999, tzinfo=UTC)
    site = FeedSite(catalogue=fixture_catalogue, today=lambda: TODAY, domain="planner.invalid", loaded_at=loaded)
    rendered = site.public(FeedQuery())
    assert rendered.last_modified == dt.datetime(2026, 11, 21, 9, 30, 15, tzinfo=UTC)
    assert not not_modified({"if-modified-since": "Sun, 01 Nov 2026 00:00:00 GMT"}, rendered)


# -- a server that holds up -----------------------------------------------------------------------


def test_a_team_304_reads_no_phases_while_the_change_stamp_holds(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    """With a change stamp, an unchanged team feed is answered without calling the team source
    (which reads every campaign and phase); a new stamp makes it read and render again."""
    team = Team()
    stamp = ["v1"]
    tokens = _tokens(tmp_path)
    site = dataclasses.replace(_site(fixture_catalogue, team, tokens, [TODAY]), team_stamp=lambda token, day: stamp[0])
    _, secret = tokens.create("comms")
    with Server(site, team, tokens) as running:
        status, headers, _ = running.request(f"/feeds/team/{secret}.ics")
        assert status == 200 and team.calls == 1
        for _ in range(5):
            assert running.request(f"/feeds/team/{secret}.ics", {"If-None-Match": headers["etag"]})[0] == 304
        assert team.calls == 1
        team.items = [dataclasses.replace(team.items[0], summary="T-14: brief due (moved)")]
        assert running.request(f"/feeds/team/{secret}.ics", {"If-None-Match": headers["etag"]})[0] == 304
        stamp[0] = "v2"  # the store changed
        status, _, body = running.request(f"/feeds/team/{secret}.ics", {"If-None-Match": headers["etag"]})
        assert status == 200 and team.calls == 2 and b"brief due (moved)" in body


def test_gzip_is_compressed_once_per_body(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = gzip.compress

    def counting(data: bytes, *args: object, **kwargs: object) -> bytes:
        calls.append(len(data))
        return real(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("planner.web.app.gzip_lib.compress", counting)
    bodies = {server.request("/feeds/observances.ics", {"Accept-Encoding": "gzip, br"})[2] for _ in range(5)}
    assert len(calls) == 1 and len(bodies) == 1
    assert gzip.decompress(bodies.pop()) == server.request("/feeds/observances.ics")[2]
    status, headers, _ = server.request("/feeds/observances.ics", {"Accept-Encoding": "gzip;q=0, identity"})
    assert status == 200 and "content-encoding" not in headers and headers["vary"] == "Accept-Encoding"


def test_accept_encoding_parsing() -> None:
    assert accepts_gzip("gzip") and accepts_gzip("br, gzip;q=0.5") and accepts_gzip("*")
    assert not accepts_gzip("") and not accepts_gzip("gzip;q=0") and not accepts_gzip("identity")
    assert not accepts_gzip("*, gzip;q=0")


def test_no_secret_reaches_any_log_line() -> None:
    import logging

    from planner.web.app import RedactTokens

    secret = "s3cr3t-token_value-" + "x" * 30
    try:
        raise RuntimeError(f"failed on /feeds/team/{secret}.ics")
    except RuntimeError:
        import sys

        info = sys.exc_info()
    record = logging.LogRecord(
        "uvicorn.error", logging.ERROR, __file__, 1, "error on %s", (f"/feeds/team/{secret}.ics",), info
    )
    assert RedactTokens().filter(record)
    formatted = logging.Formatter().format(record)
    assert secret not in formatted and "/feeds/team/[token]" in formatted
    record = logging.LogRecord("planner", logging.INFO, __file__, 1, f"GET /feeds/team/{secret}.ics", None, None)
    RedactTokens().filter(record)
    assert secret not in record.getMessage()


def test_served_feeds_take_sequence_from_the_feed_state(fixture_catalogue: Catalogue, tmp_path: Path) -> None:
    """`serve` applies the feed state shared with `feed` and `publish`: an event whose dates
    differ from what was last published gets a higher SEQUENCE."""
    from planner.campaigns.store import FeedStateRow, Store
    from planner.feeds.published import publish_state

    url = f"sqlite:///{tmp_path / 'state.db'}"
    store = Store(url)
    uid = "summit-2027-2027@planner.invalid"
    store.save_feed_state([FeedStateRow(uid, "what subscribers saw before a correction", 2, CATALOGUE_EPOCH)])
    now = dt.datetime(2026, 11, 21, 8, tzinfo=UTC)
    site = dataclasses.replace(
        _site(fixture_catalogue, Team(), _tokens(tmp_path), [TODAY]),
        publish=lambda feed: publish_state(lambda: store, url, [feed], now=now, snapshot=False)[0],
    )
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(site.public(FeedQuery()).body).walk("VEVENT")}
    assert events[uid]["SEQUENCE"] == 3 and events[uid]["LAST-MODIFIED"].dt == now
    assert store.feed_state([uid])[uid].sequence == 3
    others = [e for u, e in events.items() if u != uid]
    assert others and all(e["SEQUENCE"] == 0 for e in others)
    store.close()
