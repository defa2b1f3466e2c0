"""The web front end: a Starlette app serving the subscribe page and the feeds (`app`).

Its public names are re-exported here and imported on first use (see `planner._exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._exports import exports

if TYPE_CHECKING:
    from planner.web.app import FeedSite as FeedSite
    from planner.web.app import create_app as create_app
    from planner.web.app import serve as serve

__all__, __getattr__, __dir__ = exports(__name__, __file__)
