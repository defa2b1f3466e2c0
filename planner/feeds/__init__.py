"""Calendar feeds: what a feed holds (`build`), RFC 5545 text (`ical`), the feed rules'
checker (`lint`), team-feed tokens (`tokens`) and campaigns (`team`), and the published site
with its subscribe page (`site`).

Its public names are re-exported here and imported on first use (see `planner._exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._exports import exports

if TYPE_CHECKING:
    from planner.feeds.build import EmbargoTime as EmbargoTime
    from planner.feeds.build import Feed as Feed
    from planner.feeds.build import FeedItem as FeedItem
    from planner.feeds.build import Include as Include
    from planner.feeds.build import observance_feed as observance_feed
    from planner.feeds.build import rolling_window as rolling_window
    from planner.feeds.build import team_feed as team_feed
    from planner.feeds.ical import render_feed as render_feed
    from planner.feeds.lint import lint as lint
    from planner.feeds.site import subscribe_page as subscribe_page
    from planner.feeds.site import write_site as write_site
    from planner.feeds.team import team_campaigns as team_campaigns
    from planner.feeds.team import token_feed as token_feed
    from planner.feeds.tokens import FeedToken as FeedToken
    from planner.feeds.tokens import TokenStore as TokenStore

__all__, __getattr__, __dir__ = exports(__name__, __file__)
