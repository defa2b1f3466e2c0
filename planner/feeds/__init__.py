"""Calendar feeds: what a feed holds (`build`), RFC 5545 text (`ical`), the feed rules'
checker (`lint`), team-feed tokens (`tokens`) and campaigns (`team`), and the published site
with its subscribe page (`site`).

The names below are re-exported here and imported on first use, so importing this package
stays light (no database, template, calendar or web library is loaded by it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.feeds.build import EmbargoTime, Feed, FeedItem, Include, observance_feed, rolling_window, team_feed
    from planner.feeds.ical import render_feed
    from planner.feeds.lint import lint
    from planner.feeds.site import subscribe_page, write_site
    from planner.feeds.team import team_campaigns, token_feed
    from planner.feeds.tokens import FeedToken, TokenStore

_HOMES = {
    "EmbargoTime": "build",
    "Feed": "build",
    "FeedItem": "build",
    "Include": "build",
    "observance_feed": "build",
    "rolling_window": "build",
    "team_feed": "build",
    "render_feed": "ical",
    "lint": "lint",
    "FeedToken": "tokens",
    "TokenStore": "tokens",
    "team_campaigns": "team",
    "token_feed": "team",
    "subscribe_page": "site",
    "write_site": "site",
}

__all__ = [
    "EmbargoTime",
    "Feed",
    "FeedItem",
    "FeedToken",
    "Include",
    "TokenStore",
    "lint",
    "observance_feed",
    "render_feed",
    "rolling_window",
    "subscribe_page",
    "team_campaigns",
    "team_feed",
    "token_feed",
    "write_site",
]


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
