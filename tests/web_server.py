"""A real planner web server for the page tests: uvicorn on a free loopback port, in a thread.

`Server` holds the site (a real campaign database, the shipped catalogue, a token file in the
test's folder) and a clock the test can move. Accounts: admin, editor and viewer, each with the
password PASSWORD.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette

from planner import api
from planner.campaigns.store import Store
from planner.catalogue.model import Catalogue
from planner.feeds.tokens import TokenStore
from planner.web.app import FeedSite, create_app
from planner.web.pages import WebSite, middleware, routes

PASSWORD = "a long test password"
START = dt.date(2027, 4, 12)
SECRET = "test-secret-key-0123456789abcdef0123456789"


@dataclass
class Clock:
    day: dt.date

    def today(self) -> dt.date:
        return self.day

    def now(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(9, 30), dt.UTC)


def build(
    catalogue: Catalogue, url: str, folder: Path, *, base_url: str = "http://127.0.0.1:8080"
) -> tuple[Starlette, WebSite, Clock]:
    clock = Clock(START)
    store = Store(url)
    for name, role in (("admin", "admin"), ("editor", "editor"), ("viewer", "viewer")):
        api.add_user(store, name, role, PASSWORD, now=clock.now())
    tokens = TokenStore(store, legacy_file=folder / "feed-tokens.json")
    site = WebSite(
        catalogue=catalogue,
        store=store,
        tokens=tokens,
        base_url=base_url,
        secret_key=SECRET,
        today=clock.today,
        now=clock.now,
    )
    feeds = FeedSite(catalogue=catalogue, today=clock.today, domain="planner.test", tokens=tokens)
    app = create_app(feeds, base_url=base_url, pages=routes(site), page_middleware=middleware(site))
    return app, site, clock


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(app: Starlette, port: int) -> Iterator[str]:
    """Run `app` with uvicorn on loopback at `port`; yields its address."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
