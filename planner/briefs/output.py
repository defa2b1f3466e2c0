"""A brief written out: Markdown, HTML (planner's templates or a team's own, sandboxed) or DOCX.

Rendering itself (the Jinja2 environment, the sandbox, Markdown to DOCX) is `planner.render`'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.briefs.build import Brief
from planner.errors import PlannerError
from planner.render import FORMATS, markdown_to_docx, render_template, render_user_template

__all__ = ["FORMATS", "brief_context", "render_brief"]


def brief_context(brief: Brief) -> dict[str, Any]:
    """What a brief template receives: the brief itself, and the platforms and limits notes."""
    from planner.briefs.plain import LIMITS
    from planner.briefs.posts import PLATFORMS

    return {"brief": brief, "platforms": PLATFORMS, "readability_limits": LIMITS}


def render_brief(brief: Brief, fmt: str, *, template: str | Path | None = None) -> str | bytes:
    """The brief as Markdown or HTML text, or DOCX bytes; `template` is a team's own (sandboxed)."""
    if fmt not in FORMATS:
        raise PlannerError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    context = brief_context(brief)
    text_fmt = "md" if fmt == "docx" else fmt
    if template is not None:
        text = render_user_template(template, context, text_fmt)
    else:
        text = render_template(f"brief.{text_fmt}.j2", context)
    if fmt == "docx":
        return markdown_to_docx(text, title=f"Messaging brief: {brief.title}")
    return text
