"""Messaging briefs: the message house for one occurrence and audience (`build`), framing per
audience (`framing`), posts counted per platform (`posts`), plain-language checks (`plain`),
a draft's checker (`lint`), a team's own messages (`messages`) and the written brief (`output`).

The names below are re-exported here and imported on first use, so importing this package
stays light (no database, template, calendar or web library is loaded by it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.briefs.build import Brief, KeyDate, Messages, build_brief
    from planner.briefs.framing import AUDIENCES
    from planner.briefs.lint import LintResult, lint_messages, lint_text
    from planner.briefs.messages import MessagesError, load_messages
    from planner.briefs.output import render_brief
    from planner.briefs.plain import Readability, readability
    from planner.briefs.posts import PLATFORM_IDS, Platform, Post

_HOMES = {
    "Brief": "build",
    "KeyDate": "build",
    "Messages": "build",
    "build_brief": "build",
    "AUDIENCES": "framing",
    "PLATFORM_IDS": "posts",
    "Platform": "posts",
    "Post": "posts",
    "Readability": "plain",
    "readability": "plain",
    "LintResult": "lint",
    "lint_messages": "lint",
    "lint_text": "lint",
    "MessagesError": "messages",
    "load_messages": "messages",
    "render_brief": "output",
}

__all__ = [
    "AUDIENCES",
    "PLATFORM_IDS",
    "Brief",
    "KeyDate",
    "LintResult",
    "Messages",
    "MessagesError",
    "Platform",
    "Post",
    "Readability",
    "build_brief",
    "lint_messages",
    "lint_text",
    "load_messages",
    "readability",
    "render_brief",
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
