"""The web front end: a Starlette app serving the subscribe page and the feeds (`app`).

The names below are re-exported here and imported on first use, so importing this package
stays light (no database, template, calendar or web library is loaded by it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.web.app import FeedSite, create_app, serve

_HOMES = {
    "FeedSite": "app",
    "create_app": "app",
    "serve": "app",
}

__all__ = [
    "FeedSite",
    "create_app",
    "serve",
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
