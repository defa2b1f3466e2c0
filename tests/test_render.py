"""The rendering adapter: templates, escaping of data, the sandbox for teams' templates, DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import jinja2
import pytest

from planner.briefs.build import Brief, KeyDate, build_brief
from planner.briefs.output import brief_context, render_brief
from planner.campaigns.schedule import occurrence_for
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.render import (
    TemplateProblem,
    markdown_to_docx,
    md_escape,
    render_template,
    render_user_template,
)

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load([FIXTURES / "briefs-catalogue.yaml"], shipped=False)


def brief(cat: Catalogue, observance: str, year: int, audience: str = "general") -> Brief:
    return build_brief(cat, occurrence_for(cat.observance(observance), year), audience)


# -- golden briefs on the fixture catalogue --------------------------------------------------------

FIXTURE_GOLDENS = [
    ("fixture-press-day", 2027, "youth", "md"),
    ("fixture-defenders-anniversary", 2028, "policymakers", "md"),
    ("fixture-script-day", 2028, "general", "md"),
    ("fixture-script-day", 2028, "general", "html"),
    ("fixture-press-day", 2027, "business", "html"),
]


@pytest.mark.parametrize(("observance", "year", "audience", "fmt"), FIXTURE_GOLDENS)
def test_fixture_brief_matches_golden(
    cat: Catalogue, check_golden: Callable[[str, str], None], observance: str, year: int, audience: str, fmt: str
) -> None:
    text = render_brief(brief(cat, observance, year, audience), fmt)
    assert isinstance(text, str)
    check_golden(f"briefs/{observance}-{year}-{audience}.{fmt}", text)


# -- escaping ------------------------------------------------------------------------------------


def test_html_escapes_every_text_from_data(cat: Catalogue) -> None:
    html = render_brief(brief(cat, "fixture-script-day", 2028), "html")
    assert isinstance(html, str)
    assert "<script" not in html and "<b>name" not in html and "<em>unverified" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;i&gt;language&lt;/i&gt;" in html
    assert 'href="https://example.org/script?a=1&amp;b=&lt;2&gt;"' in html
    # one self-contained file: no scripts, no external styles, fonts or images
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert "@import" not in html and "url(" not in html


def test_markdown_escapes_markup_from_data(cat: Catalogue) -> None:
    md = render_brief(brief(cat, "fixture-script-day", 2028), "md")
    assert isinstance(md, str)
    assert "# Messaging brief: Day of \\<script\\>alert" in md
    assert "\\[markdown\\](javascript:alert(1))" in md
    outside_code = re.sub(r"```text\n.*?\n```", "", md, flags=re.S)
    assert "<script>" not in outside_code


def test_md_escape() -> None:
    assert md_escape("a <b> [c](d) `e` *f* \\") == "a \\<b\\> \\[c\\](d) \\`e\\` \\*f\\* \\\\"
    assert md_escape("WP3013 §16(ii) #Tag") == "WP3013 §16(ii) #Tag"


def test_posts_are_printed_verbatim_in_markdown(cat: Catalogue) -> None:
    b = brief(cat, "fixture-script-day", 2028)
    md = render_brief(b, "md")
    assert isinstance(md, str)
    assert f"```text\n{b.posts[0].text}\n```" in md


def test_missing_values_are_errors_not_blanks() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render_template("brief.md.j2", {})


# -- teams' own templates: the sandbox -------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "mine.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_team_template_renders_the_brief(cat: Catalogue, tmp_path: Path) -> None:
    b = brief(cat, "fixture-script-day", 2028)
    template = write(tmp_path, "{{ brief.occasion.name }}|{% for p in brief.pillars %}{{ p.cite }};{% endfor %}")
    html = render_user_template(template, brief_context(b), "html")
    assert html.startswith("Day of &lt;script&gt;")
    md = render_user_template(template, brief_context(b), "md")
    assert md.startswith("Day of \\<script\\>")


UNSAFE = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ brief.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ brief.occasion.__reduce_ex__(2) }}",
    "{{ [].append(1) }}",
    "{% set d = {} %}{{ d.update(a=1) }}",
    "{{ platforms[0].counter.__globals__ }}",
]


@pytest.mark.parametrize("source", UNSAFE)
def test_the_sandbox_refuses_unsafe_template_code(cat: Catalogue, tmp_path: Path, source: str) -> None:
    with pytest.raises(TemplateProblem, match=r"unsafe|does not exist"):
        render_user_template(write(tmp_path, source), brief_context(brief(cat, "fixture-press-day", 2027)))


def test_template_errors_name_the_file_and_line(cat: Catalogue, tmp_path: Path) -> None:
    bad = write(tmp_path, "line one\n{% for x in %}\n")
    with pytest.raises(TemplateProblem, match=r"mine\.j2:2: template syntax error"):
        render_user_template(bad, brief_context(brief(cat, "fixture-press-day", 2027)))
    with pytest.raises(TemplateProblem, match="not found"):
        render_user_template(tmp_path / "missing.j2", {})
    with pytest.raises(TemplateProblem, match="does not exist"):
        render_user_template(
            write(tmp_path, "{{ brief.nothing_here }}"), brief_context(brief(cat, "fixture-press-day", 2027))
        )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ range(10**9) | list | length }}", "asked for a size of 1,000,000,000"),
        ("{{ 1 / 0 }}", "the template failed: ZeroDivisionError"),
        ("{% include 'brief.md.j2' %}", "cannot include, import or extend other files"),
        ("{% extends '/etc/passwd' %}", "cannot include, import or extend other files"),
    ],
)
def test_any_failure_in_a_team_template_is_a_clean_error(
    cat: Catalogue, tmp_path: Path, source: str, message: str
) -> None:
    with pytest.raises(TemplateProblem, match=message):
        render_user_template(write(tmp_path, source), brief_context(brief(cat, "fixture-press-day", 2027)))


# -- DOCX ------------------------------------------------------------------------------------------


def docx_text(data: bytes) -> tuple[list[tuple[str, str]], list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]
    tables = [[cell.text for row in t.rows for cell in row.cells] for t in document.tables]
    return paragraphs, tables


def test_docx_opens_and_holds_the_brief_s_text(cat: Catalogue) -> None:
    b = brief(cat, "fixture-script-day", 2028, "youth")
    data = render_brief(b, "docx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    paragraphs, tables = docx_text(data)
    texts = [t for _, t in paragraphs]
    styles = dict((t, s) for s, t in paragraphs)
    title = 'Messaging brief: Day of <script>alert("x")</script> & "quotes" 2028'
    assert texts[0] == title and styles[title] == "Title"
    assert styles["Message house"] == "Heading 1"
    assert b.core_message == ""  # no messaging for this day: the brief says what to write
    assert any(t.startswith("Write your core message:") for t in texts)
    for p in b.pillars:
        assert f"Pillar {p.number}: {p.title}" in texts
    assert b.posts[0].text in texts  # a post, verbatim, in a monospace block
    assert any(t.startswith("Use plain words and a positive tone") and t.endswith("(WP3013 §15)") for t in texts)
    assert any("Speak about rights in plain language" in cells for cells in tables)
    assert docx.Document(io.BytesIO(data)).core_properties.title == f"Messaging brief: {b.title}"


def test_table_cells_keep_a_column_bar_from_data(cat: Catalogue) -> None:
    occ = occurrence_for(cat.observance("fixture-press-day"), 2027)
    b = build_brief(cat, occ, key_dates=(KeyDate("Launch | press <call>", dt.date(2027, 5, 3), "owner: a|b"),))
    md = render_brief(b, "md")
    assert isinstance(md, str)
    assert "| Monday 3 May 2027 | Launch \\| press \\<call\\> (owner: a\\|b) |" in md
    data = render_brief(b, "docx")
    assert isinstance(data, bytes)
    _, tables = docx_text(data)
    assert ["Date", "Step", "Monday 3 May 2027", "Launch | press <call> (owner: a|b)"] in tables


def test_docx_is_reproducible(cat: Catalogue) -> None:
    b = brief(cat, "fixture-press-day", 2027)
    assert render_brief(b, "docx") == render_brief(b, "docx")


def test_markdown_to_docx_subset() -> None:
    md = (
        "# Title\n\nA **bold** word and `code` and \\<escaped\\>.\n\n## Part\n\n- one\n  continued\n  - nested\n"
        "1. first\n\n> quoted\n\n```text\nverbatim <b>\n```\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n"
    )
    paragraphs, tables = docx_text(markdown_to_docx(md, title="T"))
    assert paragraphs == [
        ("Title", "Title"),
        ("Normal", "A bold word and code and <escaped>."),
        ("Heading 1", "Part"),
        ("List Bullet", "one continued"),
        ("List Bullet 2", "nested"),
        ("List Number", "first"),
        ("Intense Quote", "quoted"),
        ("No Spacing", "verbatim <b>"),
    ]
    assert tables == [["A", "B", "1", "2"]]


# -- issue 10: a team's template is bounded in time and output ------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        # a loop without end that writes nothing: only the clock stops it
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "ran for more than 1 second ",
        ),
        (
            "{% for c in 'x' * 100000 %}{% for d in 'x' * 100000 %}{% endfor %}{% endfor %}",
            "ran for more than 1 second ",
        ),
        # huge strings, built in one step or written bit by bit
        ("{{ 'x' * 10000000000 }}", "built a value of more than 2,000,000 characters"),
        ("{% for i in range(100000) %}{{ 'y' * 99999 }}{% endfor %}", "output passed 2,000,000 characters"),
        ("{{ 'x' | center(1000000000) }}", "asked for a size of 1,000,000,000"),
        ("{{ 'x'.ljust(999999999) }}", "asked for a size of 999,999,999"),
        ("{{ '%*d' % (999999999, 1) }}", "asked for a size of 999,999,999"),
        ("{{ 2 ** 100000000 }}", "raised a number to a power above 64"),
        ("{{ 9 ** 9 ** 9 }}", "computed a number too large"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "a macro calls itself without end"),
    ],
)
def test_a_team_template_is_stopped_by_its_time_and_output_budget(
    cat: Catalogue, tmp_path: Path, source: str, message: str
) -> None:
    import time

    started = time.monotonic()
    with pytest.raises(TemplateProblem, match="the template was stopped: (its? )?" + message.replace("*", r"\*")):
        render_user_template(write(tmp_path, source), brief_context(brief(cat, "fixture-press-day", 2027)), seconds=1.0)
    assert time.monotonic() - started < 10


def test_a_control_character_in_a_team_template_or_its_output_is_refused(cat: Catalogue, tmp_path: Path) -> None:
    context = brief_context(brief(cat, "fixture-press-day", 2027))
    with pytest.raises(TemplateProblem, match=r"mine\.j2:2: the template contains the invisible character U\+0001"):
        render_user_template(write(tmp_path, "ok\n\x01"), context)
    with pytest.raises(TemplateProblem, match=r"line 1 of the template's output holds the invisible character U\+0006"):
        render_user_template(write(tmp_path, '{{ "a\\x06" }}'), context)
    # a vertical tab or form feed from a word processor becomes a line break
    assert render_user_template(write(tmp_path, '{{ "a\\x0bb\\x0cc" }}'), context) == "a\nb\nc"


def test_a_normal_team_template_is_unaffected_by_the_budget(cat: Catalogue, tmp_path: Path) -> None:
    context = brief_context(brief(cat, "fixture-press-day", 2027))
    out = render_user_template(
        write(tmp_path, "{% for i in range(3) %}{{ brief.title }} {{ i }}\n{% endfor %}"), context
    )
    assert out.count("\n") == 3 and out.endswith("2\n")
