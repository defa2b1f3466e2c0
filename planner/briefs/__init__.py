"""Messaging briefs: the message house for one occurrence and audience (`build`), framing per
audience (`framing`), posts counted per platform (`posts`), plain-language checks (`plain`),
a draft's checker (`lint`), a team's own messages (`messages`) and the written brief (`output`).

Its public names are re-exported here and imported on first use (see `planner._exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._exports import exports

if TYPE_CHECKING:
    from planner.briefs.build import Brief as Brief
    from planner.briefs.build import KeyDate as KeyDate
    from planner.briefs.build import Messages as Messages
    from planner.briefs.build import build_brief as build_brief
    from planner.briefs.framing import AUDIENCES as AUDIENCES
    from planner.briefs.lint import LintResult as LintResult
    from planner.briefs.lint import lint_messages as lint_messages
    from planner.briefs.lint import lint_text as lint_text
    from planner.briefs.messages import MessagesError as MessagesError
    from planner.briefs.messages import load_messages as load_messages
    from planner.briefs.output import render_brief as render_brief
    from planner.briefs.plain import Readability as Readability
    from planner.briefs.plain import readability as readability
    from planner.briefs.posts import PLATFORM_IDS as PLATFORM_IDS
    from planner.briefs.posts import Platform as Platform
    from planner.briefs.posts import Post as Post

__all__, __getattr__, __dir__ = exports(__name__, __file__)
