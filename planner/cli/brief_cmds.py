"""Commands for messaging: `brief` (a message house for one day and audience) and `lint-message`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planner.briefs.framing import AUDIENCES
from planner.briefs.posts import PLATFORM_IDS, PLATFORMS
from planner.cli.options import app, format_from_name, output_option
from planner.errors import UsageProblem
from planner.words import wrap

if TYPE_CHECKING:
    from planner.briefs.lint import LintResult

FORMATS = ("md", "html", "docx", "pdf")


EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@click.command()
@click.argument("observance_id", metavar="OBSERVANCE")
@click.option("--year", metavar="YYYY", help="The occurrence in this year (default: the next one from today).")
@click.option(
    "--audience",
    default="general",
    show_default=True,
    metavar="A",
    help=f"Who the brief speaks to: {', '.join(AUDIENCES)}.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: from the -o file name (.md, .html, .docx, .pdf), else md.",
)
@output_option
@click.option(
    "--messages",
    "messages_file",
    metavar="FILE",
    help="Your own core message, pillars, calls to action, hashtags and posts (YAML), merged over the drafts.",
)
@click.option("--template", metavar="FILE", help="Your own Jinja2 template (run in a sandbox) instead of planner's.")
@click.option(
    "--paper",
    type=click.Choice(("a4", "letter"), case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size for printing the HTML and for the Word document (letter for the US).",
)
@click.pass_context
def brief(
    ctx: click.Context,
    observance_id: str,
    year: str | None,
    audience: str,
    fmt: str | None,
    output: str | None,
    messages_file: str | None,
    template: str | None,
    paper: str,
) -> None:
    """A messaging brief for one observance: a message house tied to the recommendations behind it.

    \b
    It holds what the day is, one core message and three pillars with their
    sources (cited as WP3013 §16(ii)), framing and calls to action for the
    audience, key dates from your campaign, hashtags, posts counted for X,
    Bluesky, Mastodon, LinkedIn and Instagram, plain-language and
    accessibility checks, and every source to check before publishing.

    \b
    Examples:
      planner brief world-press-freedom-day --audience youth
      planner brief human-rights-day --format html -o brief.html
      planner brief idahobit --format docx -o brief.docx
      planner brief idahobit -o brief.pdf        (needs: pip install 'planner[pdf]')
      planner brief world-press-freedom-day --messages ours.yaml
    """
    from planner import api
    from planner.briefs.output import render_brief
    from planner.cli.options import write_output
    from planner.quarters import parse_year

    fmt = fmt or format_from_name(output, EXTENSIONS)
    if fmt in ("docx", "pdf") and (output is None or output == "-") and _stdout_is_terminal():
        raise UsageProblem(
            f"a {fmt.upper()} file cannot be shown on the screen; save it with -o FILE, e.g. -o brief.{fmt}"
        )
    a = app(ctx)
    result = api.build_brief(
        a.catalogue,
        observance_id,
        today=a.today,
        year=None if year is None else parse_year(year),
        audience=audience,
        messages_file=messages_file,
        db_url=a.db_url,
    )
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    write_output(render_brief(result.brief, fmt, template=template, paper_id=paper.lower(), created=a.today), output)
    if result.tense_note:
        click.echo(f"note: {result.tense_note}", err=True)


def _read_input(source: str) -> tuple[str, str]:
    """(text, name shown in messages) from a file or '-' for standard input."""
    from planner.text import checked

    p = Path(source)
    name = "standard input" if source == "-" else source
    try:
        raw = sys.stdin.buffer.read() if source == "-" else p.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageProblem(f"{source}: file not found; check the path, or use - to read standard input") from None
    except IsADirectoryError:
        raise UsageProblem(f"{source} is a folder; give a text file") from None
    except UnicodeDecodeError as exc:
        raise UsageProblem(f"{name} is not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    if p.suffix.lower() in (".yaml", ".yml"):
        return text, name  # the messages reader checks each value and names its key
    return checked(text, f"{name}:"), name


@click.command("lint-message")
@click.argument("source", metavar="FILE|-")
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(PLATFORM_IDS),
    help="Check posts for this platform only (repeatable). Default: all of them.",
)
@click.pass_context
def lint_message(ctx: click.Context, source: str, platforms: tuple[str, ...]) -> None:
    """Check your own draft for jargon, readability and post length (exit 1 if it finds a problem).

    \b
    FILE is plain text, or - to read standard input. Separate several posts with
    a line holding only ---. Each post is counted for every platform (or only
    those given with --platform) by that platform's rules. A messages file
    (.yaml, as for `planner brief --messages`) is checked field by field, each
    post for its own platform.

    \b
    Exit status: 0 when no jargon, no over-long post and no all-lower-case
    multi-word hashtag (#humanrightsday: screen readers cannot tell its words
    apart) is found, 1 when one is (the readability score is advice only and
    never fails), 2 for a usage error.

    \b
    Examples:
      planner lint-message draft.txt
      echo "The UPR and special procedures ..." | planner lint-message -
      planner lint-message ours.yaml
    """
    from planner import api

    text, name = _read_input(source)
    as_messages = source != "-" and Path(source).suffix.lower() in (".yaml", ".yml")
    catalogue = app(ctx).catalogue if as_messages else None
    result = api.lint_message(catalogue, text, name, platforms=platforms, messages=as_messages)
    click.echo(report(result), nl=False)
    if result.failed:
        ctx.exit(1)


def report(result: LintResult) -> str:
    """The lint result in words: each part, its counts and jargon, then readability and a verdict."""
    from planner.briefs.plain import LIMITS, TARGET_EASE

    out: list[str] = []
    posts = [p for p in result.parts if p.posts]
    used = {post.platform.id for p in posts for post in p.posts}
    names = [pl.name for pl in PLATFORMS if pl.id in used]
    noun = "post" if all(p.label.startswith("Post") for p in result.parts) else "part"
    head = f"Checked {result.source}: {len(result.parts)} {noun}{'s' if len(result.parts) != 1 else ''}"
    if names:
        head += f", posts counted for {', '.join(names)}"
    # wrapped at 80 columns, never inside the file name
    out += [
        *wrap(head + ".", "    ", ""),
        "",
    ]
    if not result.parts:
        out += ["Nothing to check: the draft is empty.", ""]
    for part in result.parts:
        first = part.text.strip().splitlines()[0] if part.text.strip() else ""
        shown = first if len(first) <= 60 else first[:57] + "..."
        out.append(f'{part.label}: "{shown}"')
        for post in part.posts:
            state = f"OVER by {post.count - post.limit}" if post.over else "fits"
            out.append(f"  {post.platform.name:<10} {post.shown:>9}  {state}")
            for w in post.warnings:
                if not w.startswith("over the"):
                    out += wrap(f"note: {w}", "      ")
        for hit in part.jargon:
            where = f"line {hit.line}, column {hit.column}" if part.label.startswith("Post") else part.label
            out += wrap(f'jargon ({where}): "{hit.found}"; say instead: {hit.jargon.plain}', "      ", "  ")
        for tag in part.hashtags:
            out += wrap(f"hashtag {tag}: screen readers read it as one long word; start each word with a capital "
                        "letter (#LikeThis)", "      ", "  ")  # fmt: skip
        out.append("")
    score = result.readability
    advice = ""
    if not score.ok:
        advice = f" Aim for a reading ease of {TARGET_EASE:.0f} or more: shorter sentences, shorter words."
    out += wrap(f"Readability: {score.summary}.{advice}")
    out += wrap(f"(Advice only, never a failure. {LIMITS})")
    out.append("")
    problems = []
    if result.jargon:
        problems.append(f"{len(result.jargon)} jargon term{'s' if len(result.jargon) != 1 else ''}")
    if result.over:
        problems.append(f"{len(result.over)} over-long post{'s' if len(result.over) != 1 else ''}")
    if result.hashtags:
        n = len(result.hashtags)
        problems.append(f"{n} hashtag{'s' if n != 1 else ''} to write with capitals")
    if problems:
        out.append(f"Result: {' and '.join(problems)} to fix; run again when they are done.")
    else:
        out.append("Result: no jargon, every hashtag readable aloud, and every post fits.")
    return "\n".join(out) + "\n"
