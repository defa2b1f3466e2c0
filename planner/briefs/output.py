"""A brief written out: Markdown, HTML (planner's templates or a team's own, sandboxed), DOCX or PDF.

Rendering itself (the Jinja2 environment, the sandbox, Markdown to DOCX) is `planner.render`'s.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from planner.briefs.build import Brief
from planner.errors import PlannerError
from planner.render import FORMATS, html_to_pdf, markdown_to_docx, paper, render_template, render_user_template

__all__ = ["FORMATS", "brief_context", "render_brief"]


def brief_context(brief: Brief, paper_id: str = "a4") -> dict[str, Any]:
    """What a brief template receives: the brief itself, the platforms, the limits note and the paper
    (`planner.render.Paper`: A4 or US letter)."""
    from planner.briefs.plain import LIMITS
    from planner.briefs.posts import PLATFORMS

    return {"brief": brief, "platforms": PLATFORMS, "readability_limits": LIMITS, "paper": paper(paper_id)}


def render_brief(
    brief: Brief,
    fmt: str,
    *,
    template: str | Path | None = None,
    paper_id: str = "a4",
    created: dt.date | None = None,
) -> str | bytes:
    """The brief as Markdown or HTML text, or DOCX or PDF bytes; `template` is a team's own
    (sandboxed). The PDF is the HTML brief laid out for print by `planner.render.html_to_pdf`
    (the `pdf` extra), on the same paper.

    `paper_id` ('a4' or 'letter') sizes the printed HTML page, the PDF and the Word document;
    `created` (the command's --today) dates the Word document. Raises PlannerError for an
    unknown format or paper, PdfUnavailable without the pdf extra, TemplateProblem for a
    failing template."""
    if fmt not in FORMATS:
        raise PlannerError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    context = brief_context(brief, paper_id)
    text_fmt = {"docx": "md", "pdf": "html"}.get(fmt, fmt)
    if template is not None:
        text = render_user_template(template, context, text_fmt)
    else:
        text = render_template(f"brief.{text_fmt}.j2", context)
    if fmt == "docx":
        return markdown_to_docx(text, title=f"Messaging brief: {brief.title}", paper_id=paper_id, created=created)
    if fmt == "pdf":
        return html_to_pdf(text)
    return text
