"""Rendering adapter: Jinja2 templates to Markdown and HTML, Markdown to DOCX.

One Environment for planner's own templates (`templates/` at the top level of a checkout, or
`planner/_data/templates` in a wheel): `StrictUndefined`, so a missing value is an error and not
a silent blank; autoescape for `*.html.j2`, so every text that comes from data is escaped in HTML.
In Markdown (`*.md.j2`) every printed value has its Markdown and HTML specials backslash-escaped
(`md_escape`), so a name like `<script>` stays text when the Markdown is turned into a web page.
Templates receive plain dataclasses.

A team's own template (`render_user_template`) runs in Jinja2's `ImmutableSandboxedEnvironment`:
no access to private attributes or Python internals (`''.__class__.__mro__`), no mutating of
the data; a template that tries gets a `TemplateProblem`, not a result.

DOCX is made from the Markdown (`markdown_to_docx`) with python-docx, so Word and Google Docs users
get the same text as the Markdown; the supported subset is listed there.

Public API (also for other documents, e.g. the quarterly plan):
`render_template(name, context)`, `render_user_template(path, context, fmt)`,
`markdown_to_docx(text, title=...)`, `render_brief(brief, fmt, template=None)`, `md_escape`.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from planner.errors import PlannerError
from planner.resources import data_path
from planner.words import day_month_year, long_date, ordinal

FORMATS = ("md", "html", "docx")
_MD_SPECIAL = re.compile(r"([\\`*<>\[\]])")


class TemplateProblem(PlannerError):
    """A template could not be read or rendered; the message says where and why."""


def md_escape(text: str) -> str:
    """Backslash-escape the characters that would turn data into Markdown or HTML markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_cell(value: Any) -> Markup:
    """A Markdown table cell: escaped like any value, plus the column bar, on one line."""
    return Markup(md_escape(str(value)).replace("|", "\\|").replace("\n", " "))


def _fence(text: str) -> Markup:
    """A fenced code block holding `text` verbatim, with a fence longer than any run of backticks in it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}text\n{text}\n{fence}")


def _finalizer(markdown: Callable[[jinja2.runtime.Context], bool]) -> Callable[..., Any]:
    @jinja2.pass_context
    def finalize(ctx: jinja2.runtime.Context, value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Markup) and markdown(ctx):
            return md_escape(value)
        return value

    return finalize


def _is_markdown_template(ctx: jinja2.runtime.Context) -> bool:
    return bool(ctx.name and ctx.name.endswith((".md.j2", ".md")))


def _setup(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["long_date"] = long_date
    env.filters["day"] = day_month_year
    env.filters["ordinal"] = ordinal
    env.filters["fenced"] = _fence
    env.filters["cell"] = md_cell
    return env


@functools.cache
def environment() -> jinja2.Environment:
    """planner's one Environment over its shipped templates."""
    return _setup(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(data_path("templates"))),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalizer(_is_markdown_template),
        )
    )


def _explain(exc: Exception, where: str) -> TemplateProblem:
    if isinstance(exc, SecurityError):
        return TemplateProblem(
            f"{where}: the template tried something unsafe and was stopped ({exc}); templates may only "
            "read the brief's data, not Python internals"
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateProblem(f"{where}:{exc.lineno}: template syntax error: {exc.message}")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateProblem(f"{where}: the template uses a value that does not exist: {exc.message}")
    if isinstance(exc, _NoOtherFiles):
        return TemplateProblem(
            f"{where}: a team template cannot include, import or extend other files; put it all in one file"
        )
    return TemplateProblem(f"{where}: the template failed: {type(exc).__name__}: {exc}")


def render_template(name: str, context: Mapping[str, Any]) -> str:
    """Render one of planner's templates, e.g. `brief.md.j2`."""
    try:
        return environment().get_template(name).render(context)
    except jinja2.TemplateNotFound:
        raise TemplateProblem(f"planner's template {name} is missing; reinstall planner") from None


class _NoOtherFiles(Exception):
    """A team template tried to include, import or extend another file."""


class _NoLoader(jinja2.BaseLoader):
    """The loader of a team's environment: it loads nothing, so a template stays one file."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, None]:
        raise _NoOtherFiles(template)


def user_environment(fmt: str) -> jinja2.Environment:
    """A sandboxed Environment for a team's template: HTML autoescaped, Markdown escaped; it
    loads no other file (include, import and extends fail with a clear message)."""
    return _setup(
        ImmutableSandboxedEnvironment(
            loader=_NoLoader(),
            undefined=jinja2.StrictUndefined,
            autoescape=fmt == "html",
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalizer(lambda ctx: fmt != "html"),
        )
    )


def render_user_template(path: str | Path, context: Mapping[str, Any], fmt: str = "md") -> str:
    """Render a team's own Jinja2 template in the sandbox; unsafe code raises TemplateProblem."""
    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateProblem(f"template {p} not found; check the path") from None
    except IsADirectoryError:
        raise TemplateProblem(f"template {p} is a folder; give a template file") from None
    except UnicodeDecodeError:
        raise TemplateProblem(f"template {p} is not UTF-8 text; save it as UTF-8") from None
    try:
        return user_environment(fmt).from_string(source).render(context)
    except Exception as exc:  # a team's template is user code: any failure is theirs to fix, not a crash
        raise _explain(exc, str(p)) from None


# -- DOCX ----------------------------------------------------------------------------------------

_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|`(?P<code>[^`]+)`|\\(?P<esc>[\\`*<>\[\]_#|])")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def _runs(paragraph: Any, text: str) -> None:
    """Add `text` to a python-docx paragraph, honouring **bold**, `code` and backslash escapes."""
    pos = 0
    buf = ""
    for m in _INLINE.finditer(text):
        buf += text[pos : m.start()]
        pos = m.end()
        if m.group("esc") is not None:
            buf += m.group("esc")
            continue
        if buf:
            paragraph.add_run(buf)
            buf = ""
        if m.group("bold") is not None:
            _bold = paragraph.add_run(_unescape(m.group("bold")))
            _bold.bold = True
        else:
            code = paragraph.add_run(m.group("code"))
            code.font.name = "Courier New"
    buf += text[pos:]
    if buf:
        paragraph.add_run(buf)


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\`*<>\[\]_#|])", r"\1", text)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def markdown_to_docx(text: str, *, title: str = "") -> bytes:
    """A Word document from planner's Markdown. Reproducible: the same text gives the same bytes.

    Supported (what planner's templates write): `#`-`####` headings, paragraphs, `- ` bullets
    (two levels, `  ` continuation lines), `1. ` numbered items, `> ` quotes, fenced code blocks,
    pipe tables, **bold**, `code` and backslash escapes. Anything else is kept as plain text.
    """
    import docx
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.title = title
    props.author = "planner"
    props.last_modified_by = "planner"
    lines = text.splitlines()
    i = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            _runs(document.add_paragraph(), " ".join(s.strip() for s in para))
            para.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        fence = re.match(r"^(`{3,})", stripped)
        if fence:
            flush()
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].strip() != fence.group(1):
                body.append(lines[i])
                i += 1
            p = document.add_paragraph(style="No Spacing")
            run = p.add_run("\n".join(body))
            run.font.name = "Courier New"
            run.font.size = Pt(10)
        elif not stripped:
            flush()
        elif heading := re.match(r"^(#{1,4})\s+(.*)$", stripped):
            flush()
            level = len(heading.group(1))
            h = document.add_heading(level=0 if level == 1 else level - 1)
            _runs(h, heading.group(2))
        elif stripped.startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1].strip()):
            flush()
            rows = [_cells(line)]
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            columns = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=columns)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c in range(columns):
                    cell = table.cell(r, c)
                    _runs(cell.paragraphs[0], row[c] if c < len(row) else "")
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            continue
        elif item := re.match(r"^(\s*)(?:[-*]|(\d+)\.)\s+(.*)$", line):
            flush()
            nested = len(item.group(1)) >= 2
            style = ("List Number" if item.group(2) else "List Bullet") + (" 2" if nested else "")
            content = [item.group(3)]
            indent = len(item.group(1)) + 2
            while (
                i + 1 < len(lines)
                and lines[i + 1].strip()
                and len(lines[i + 1]) - len(lines[i + 1].lstrip()) >= indent
                and not re.match(r"^\s*(?:[-*]|\d+\.)\s", lines[i + 1])
            ):
                i += 1
                content.append(lines[i].strip())
            _runs(document.add_paragraph(style=style), " ".join(content))
        elif stripped.startswith(">"):
            flush()
            quote = [stripped.lstrip(">").strip()]
            while i + 1 < len(lines) and lines[i + 1].strip().startswith(">"):
                i += 1
                quote.append(lines[i].strip().lstrip(">").strip())
            _runs(document.add_paragraph(style="Intense Quote"), " ".join(quote))
        else:
            para.append(line)
        i += 1
    flush()
    raw = io.BytesIO()
    document.save(raw)
    return _reproducible_zip(raw.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so equal documents give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
