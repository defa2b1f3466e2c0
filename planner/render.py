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

import datetime as dt
import functools
import io
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from planner.errors import PlannerError
from planner.resources import data_path
from planner.words import day_month_year, long_date, ordinal

FORMATS = ("md", "html", "docx", "pdf")


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper size for printed and Word output: A4 (the default) or US letter."""

    id: str
    css: str  # CSS @page size
    margin: str  # CSS margin
    width_mm: float
    height_mm: float
    margin_mm: float


PAPERS = {
    "a4": Paper("a4", "A4", "18mm", 210.0, 297.0, 18.0),
    "letter": Paper("letter", "letter", "0.75in", 215.9, 279.4, 19.05),
}
PAPER_IDS = tuple(PAPERS)


def paper(paper_id: str) -> Paper:
    """The paper size named `paper_id` ('a4' or 'letter'); PlannerError for anything else."""
    try:
        return PAPERS[paper_id.lower()]
    except KeyError:
        raise PlannerError(f"unknown paper size '{paper_id}'; use one of: {', '.join(PAPER_IDS)}") from None


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


@jinja2.pass_context
def _code_spans(ctx: jinja2.runtime.Context, text: str) -> Markup:
    """Plain `text` whose `backticked` parts are commands: kept as code spans in Markdown,
    <code> in HTML; everything else escaped for the output."""
    parts = str(text).split("`")
    markdown = _is_markdown_template(ctx)
    out = []
    for i, part in enumerate(parts):
        if i % 2 and i < len(parts) - 1:
            out.append(f"`{part}`" if markdown else f"<code>{escape(part)}</code>")
        else:
            out.append(md_escape(part) if markdown else str(escape(part)))
    return Markup("".join(out))


def _setup(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["code_spans"] = _code_spans
    env.filters["long_date"] = long_date
    env.filters["day"] = day_month_year
    env.filters["ordinal"] = ordinal
    env.filters["fenced"] = _fence
    env.filters["cell"] = md_cell
    return env


class _TrustedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in planner's cache folder, read only from files the user owns and no
    one else can write (`planner.cachedir.trusted`): compiled code is never taken from a file
    another user could have written. Jinja2 checks each file against the template's source and
    the Python version, and compiles again when they differ or the file is damaged."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from planner.cachedir import trusted

        if trusted(Path(self._get_cache_filename(bucket))):
            try:
                super().load_bytecode(bucket)
            except Exception:  # damaged: compile again
                bucket.reset()


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The template cache in planner's cache folder (see `planner.cachedir`), or None."""
    from planner.cachedir import cache_folder, private_folder

    folder = cache_folder()
    if folder is None or not private_folder(folder / "templates"):
        return None
    return _TrustedBytecodeCache(str(folder / "templates"), "%s.jinja-cache")


@functools.cache
def environment() -> jinja2.Environment:
    """planner's one Environment over its shipped templates; compiled templates are cached
    between runs (`_bytecode_cache`), so a plan or a brief does not compile its template again."""
    return _setup(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(data_path("templates"))),
            bytecode_cache=_bytecode_cache(),
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


# -- a team's own template: sandboxed, and bounded in time and output -----------------------------

TEMPLATE_SECONDS = 5.0
"""How long a team's template may run. planner's own brief renders in well under a second."""
TEMPLATE_OUTPUT_CHARS = 2_000_000
"""How much text a team's template may produce, and the most any one value in it may hold (a
brief is some 20,000 characters)."""


class _OverBudget(Exception):
    """Raised inside a team's template when it runs too long or builds too much text."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class _Budget:
    """The clock and size limits for one render of a team's template."""

    def __init__(self, seconds: float, chars: int) -> None:
        self.seconds = seconds
        self.chars = chars
        self.deadline = time.monotonic() + seconds
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % 256 == 0 and time.monotonic() > self.deadline:
            unit = "second" if self.seconds == 1 else "seconds"
            raise _OverBudget(f"it ran for more than {self.seconds:g} {unit} (a loop without end?)")

    def size(self, value: Any) -> Any:
        if isinstance(value, str | bytes | list | tuple | dict | set | frozenset) and len(value) > self.chars:
            raise _OverBudget(f"it built a value of more than {self.chars:,} characters or items")
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
            raise _OverBudget("it computed a number too large to be a date, a count or a length")
        return value

    def arguments(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        """Refuse a size argument bigger than the output budget (`center(10**9)`, `'x'.ljust(...)`)."""
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > self.chars:
                raise _OverBudget(f"it asked for a size of {arg:,}, more than the {self.chars:,} allowed")

    def trace(self, frame: Any, event: str, arg: Any) -> Any:
        """A tracer for the template's own code only: every line it runs checks the clock, so even a
        loop that writes nothing is stopped."""
        if frame.f_code.co_filename != "<template>":
            return None
        self.tick()
        return self.trace


class _BudgetRange:
    """`range` for a team's template: Jinja2's sandbox cap on items, plus the clock on each step."""

    def __init__(self, budget: _Budget, *args: int) -> None:
        from jinja2.sandbox import safe_range

        self.budget = budget
        self.range = safe_range(*args)

    def __iter__(self) -> Iterator[int]:
        for i in self.range:
            self.budget.tick()
            yield i

    def __len__(self) -> int:
        return len(self.range)

    def __getitem__(self, index: Any) -> Any:
        return self.range[index]


class _BudgetedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with every call, filter and arithmetic operator metered."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, budget: _Budget, **options: Any) -> None:
        super().__init__(**options)
        self.budget = budget

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        b = self.budget
        b.tick()
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise _OverBudget("it raised a number to a power above 64")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | bytes | list | tuple) and isinstance(n, int) and len(seq) * n > b.chars:
                    raise _OverBudget(f"it built a value of more than {b.chars:,} characters or items")
        if operator == "%":
            b.arguments(right if isinstance(right, tuple) else (right,), right if isinstance(right, dict) else {})
        return b.size(super().call_binop(context, operator, left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        b = __self.budget
        b.tick()
        b.arguments(args, kwargs)
        return b.size(super().call(__context, __obj, *args, **kwargs))


def _metered(budget: _Budget, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)  # keeps Jinja2's pass_context/pass_environment marks
    def run(*args: Any, **kwargs: Any) -> Any:
        budget.tick()
        budget.arguments(args[1:], kwargs)  # the first argument is the value filtered
        return budget.size(fn(*args, **kwargs))

    return run


def user_environment(fmt: str, budget: _Budget | None = None) -> jinja2.Environment:
    """A sandboxed Environment for a team's template: HTML autoescaped, Markdown escaped; it loads
    no other file (include, import and extends fail with a clear message); every call, filter,
    operator and loop step is metered against `budget`."""
    meter = budget or _Budget(TEMPLATE_SECONDS, TEMPLATE_OUTPUT_CHARS)
    env = _setup(
        _BudgetedSandbox(
            meter,
            loader=_NoLoader(),
            undefined=jinja2.StrictUndefined,
            autoescape=fmt == "html",
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalizer(lambda ctx: fmt != "html"),
        )
    )
    env.filters = {name: _metered(meter, f) for name, f in env.filters.items()}
    env.globals["range"] = lambda *args: _BudgetRange(meter, *args)
    return env


def render_user_template(
    path: str | Path,
    context: Mapping[str, Any],
    fmt: str = "md",
    *,
    seconds: float = TEMPLATE_SECONDS,
    max_chars: int = TEMPLATE_OUTPUT_CHARS,
) -> str:
    """Render a team's own Jinja2 template in the sandbox, within `seconds` and `max_chars` of
    output; its output is cleaned like any outside text (`planner.text.clean`).

    Raises TemplateProblem for unsafe code, a template that runs too long or writes too much, a
    control character in the template or its output, and any other failure of the template."""
    from planner.text import UnsafeText, clean, describe, find_bad

    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateProblem(f"template {p} not found; check the path") from None
    except IsADirectoryError:
        raise TemplateProblem(f"template {p} is a folder; give a template file") from None
    except UnicodeDecodeError:
        raise TemplateProblem(f"template {p} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise TemplateProblem(f"template {p} cannot be read: {exc.strerror}") from None
    bad = find_bad(source)
    if bad:
        raise TemplateProblem(f"{p}:{bad[0].line}: the template {bad[0].message}")
    budget = _Budget(seconds, max_chars)
    previous = sys.gettrace()
    parts: list[str] = []
    written = 0
    try:
        template = user_environment(fmt, budget).from_string(source)
        sys.settrace(budget.trace)
        try:
            for chunk in template.generate(context):
                written += len(chunk)
                if written > max_chars:
                    raise _OverBudget(f"its output passed {max_chars:,} characters")
                budget.tick()
                parts.append(chunk)
        finally:
            sys.settrace(previous)
    except _OverBudget as stop:
        raise TemplateProblem(
            f"{p}: the template was stopped: {stop.why}. A brief template should only print the "
            "brief's data; check its loops and repeated text"
        ) from None
    except RecursionError:
        raise TemplateProblem(f"{p}: the template was stopped: a macro calls itself without end") from None
    except MemoryError:
        raise TemplateProblem(f"{p}: the template was stopped: it needed more memory than there is") from None
    except Exception as exc:  # a team's template is user code: any failure is theirs to fix, not a crash
        raise _explain(exc, str(p)) from None
    text = "".join(parts)
    try:
        return clean(text)
    except UnsafeText as exc:
        raise TemplateProblem(
            f"{p}: line {exc.bad.line} of the template's output holds the invisible character "
            f"{describe(exc.bad.char)}, which documents cannot hold; remove it from the template"
        ) from None


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


def markdown_to_docx(text: str, *, title: str = "", paper_id: str = "a4", created: dt.date | None = None) -> bytes:
    """A Word document from planner's Markdown. Reproducible: the same text gives the same bytes.

    `paper_id` sets the page size and margins ('a4' or 'letter'); the document's core properties
    carry `title` and, as created and modified dates, `created` (the command's --today) at
    midnight UTC, so the same day gives the same file.

    Supported (what planner's templates write): `#`-`####` headings, paragraphs, `- ` bullets
    (two levels, `  ` continuation lines), `1. ` numbered items, `> ` quotes, fenced code blocks,
    pipe tables, **bold**, `code` and backslash escapes. Anything else is kept as plain text.
    """
    import docx
    from docx.shared import Mm, Pt

    from planner.text import clean

    # Word's XML cannot hold control characters: outside text was checked where it came in, and
    # anything older (a database row from before) loses them here rather than break the file.
    text = clean(text, drop=True)
    document = docx.Document()
    props = document.core_properties
    props.title = title
    props.author = "planner"
    props.last_modified_by = "planner"
    props.revision = 1
    if created is not None:
        stamp = dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
        props.created = stamp
        props.modified = stamp
    size = paper(paper_id)
    for section in document.sections:
        section.page_width = Mm(size.width_mm)
        section.page_height = Mm(size.height_mm)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(size.margin_mm))
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
    return reproducible_zip(raw.getvalue())


def reproducible_zip(data: bytes, *, modified: str | None = None) -> bytes:
    """The same archive with fixed timestamps, so equal documents give equal bytes. `modified`
    (an ISO timestamp) replaces the document's own last-modified stamp in docProps/core.xml,
    which some writers (openpyxl) set to the clock on save."""
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if modified is not None and info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + modified.encode() + rb"\g<2>",
                    content,
                )
            dst.writestr(fixed, content)
    return out.getvalue()


# -- PDF -------------------------------------------------------------------------------------------

PDF_EXTRA = "pip install 'planner[pdf]'"


class PdfUnavailable(PlannerError):
    """PDF output needs WeasyPrint (the `pdf` extra) and the Pango libraries of the system."""


def html_to_pdf(html: str) -> bytes:
    """A PDF from one of planner's HTML documents, laid out by WeasyPrint with the document's own
    print CSS (`@page` size and margins). Raises PdfUnavailable, naming the extra to install, when
    WeasyPrint or the system libraries it needs are missing.

    """
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable(
            f"PDF output needs the pdf extra, which is not installed: {PDF_EXTRA}; or write HTML "
            "(-o FILE.html) and print it to PDF from a browser"
        ) from None
    except OSError as exc:  # WeasyPrint is there, the Pango libraries it loads are not
        raise PdfUnavailable(
            f"PDF output needs the Pango libraries of your system ({exc}); on Debian or Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0, then try again"
        ) from None
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS it ignores is not the user's problem
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=str(data_path("templates")))
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)
