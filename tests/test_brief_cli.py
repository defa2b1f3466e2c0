"""`planner brief` and `planner lint-message` as a user runs them: golden briefs, formats, exit
codes, and that a failed command writes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result

from .conftest import FIXTURES, Invoke

BRIEFS_CATALOGUE = str(FIXTURES / "briefs-catalogue.yaml")


@pytest.fixture(autouse=True)
def no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the campaign database at a file that does not exist (and must not be created)."""
    path = tmp_path / "none.db"
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{path}")
    return path


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def failed(result: Result, code: int, message: str) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert message in " ".join(result.stderr.split()), result.stderr
    return result.stderr


# -- golden briefs: six days x three audiences (the shipped catalogue) -----------------------------
# Five days the reports name and World Environment Day, each with its own messaging (World
# Environment Day's was added in the second review), for young people, business and media; and one
# day with no messaging and no pillar (Clean Air Day), where the brief says what to write and the
# posts hold a marked place for the team's core message.

DAYS = (
    ("human-rights-day", 2027),
    ("international-womens-day", 2027),
    ("world-press-freedom-day", 2027),
    ("idahobit", 2027),
    ("udhr-anniversary", 2028),
    ("world-environment-day", 2027),
)
GOLDENS = [(observance, year, audience) for observance, year in DAYS for audience in ("youth", "business", "media")]
GOLDENS.append(("clean-air-day", 2027, "general"))


@pytest.mark.parametrize(("observance", "year", "audience"), GOLDENS)
def test_brief_matches_golden(
    invoke: Invoke, check_golden: Callable[[str, str], None], observance: str, year: int, audience: str
) -> None:
    out = ok(invoke("brief", observance, "--year", str(year), "--audience", audience)).stdout
    check_golden(f"briefs/{observance}-{year}-{audience}.md", out)


def test_default_is_the_next_occurrence_for_the_general_public(invoke: Invoke) -> None:
    out = ok(invoke("brief", "world-press-freedom-day")).stdout  # today is 2026-11-21
    assert out.startswith("# Messaging brief: World Press Freedom Day 2027\n")
    assert "**For:** the general public · **When:** Monday 3 May 2027" in out


def test_udhr_80th_anniversary(invoke: Invoke) -> None:
    out = ok(invoke("brief", "udhr-anniversary", "--year", "2028", "--audience", "faith")).stdout
    assert "is on **Sunday 10 December 2028**: the 80th anniversary, a milestone year." in out
    assert "10 December 2028 marks the 80th anniversary of the Universal Declaration of Human Rights." in out


# -- formats and files -----------------------------------------------------------------------------


def test_html_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    result = ok(invoke("brief", "idahobit", "--format", "html", "-o", str(target)))
    assert result.stdout == ""
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<title>Messaging brief: International Day against" in html


def test_docx_to_a_file_opens_and_holds_the_text(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "brief.docx"
    ok(invoke("brief", "world-press-freedom-day", "--audience", "youth", "--format", "docx", "-o", str(target)))
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Messaging brief: World Press Freedom Day 2027"
    assert (
        "A free press keeps all of us informed. Today, stand up for the journalists who find the facts, often at great risk."
        in texts
    )
    assert any(t.startswith("Pillar 1: ") for t in texts)
    assert any("WP3013 §16(i)" in t for t in texts)
    props = document.core_properties
    assert props.title == "Messaging brief: World Press Freedom Day 2027"
    assert props.created is not None and props.created.date() == dt.date(2026, 11, 21)  # --today of the tests
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 by default


def test_paper_letter_for_the_us(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "brief.docx"
    ok(invoke("brief", "idahobit", "--paper", "letter", "-o", str(target)))
    section = docx.Document(str(target)).sections[0]
    assert (round(section.page_width.inches, 1), round(section.page_height.inches, 1)) == (8.5, 11.0)
    html = ok(invoke("brief", "idahobit", "--paper", "letter", "--format", "html")).stdout
    assert "@page { size: letter;" in html
    assert "@page { size: A4;" in ok(invoke("brief", "idahobit", "--format", "html")).stdout
    failed(invoke("brief", "idahobit", "--paper", "a5"), 2, "'a5' is not one of 'a4', 'letter'")


def test_the_file_name_picks_the_format(invoke: Invoke, tmp_path: Path) -> None:
    ok(invoke("brief", "idahobit", "-o", str(tmp_path / "brief.docx")))
    assert docx.Document(str(tmp_path / "brief.docx")).paragraphs[0].text.startswith("Messaging brief: ")
    ok(invoke("brief", "idahobit", "-o", str(tmp_path / "brief.HTML")))
    assert (tmp_path / "brief.HTML").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ok(invoke("brief", "idahobit", "-o", str(tmp_path / "brief.txt")))
    assert (tmp_path / "brief.txt").read_text(encoding="utf-8").startswith("# Messaging brief: ")
    ok(invoke("brief", "idahobit", "--format", "md", "-o", str(tmp_path / "chosen.html")))  # --format wins
    assert (tmp_path / "chosen.html").read_text(encoding="utf-8").startswith("# Messaging brief: ")


def test_docx_to_a_terminal_is_refused(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planner.cli.brief_cmds._stdout_is_terminal", lambda: True)
    failed(invoke("brief", "idahobit", "--format", "docx"), 2, "save it with -o FILE")


def test_docx_to_a_pipe_is_allowed(invoke: Invoke) -> None:
    result = ok(invoke("brief", "idahobit", "--format", "docx"))
    assert docx.Document(io.BytesIO(result.stdout_bytes)).paragraphs[0].text.startswith("Messaging brief: ")


# -- errors ----------------------------------------------------------------------------------------


def test_unknown_audience_suggests_the_closest(invoke: Invoke) -> None:
    failed(invoke("brief", "idahobit", "--audience", "yuoth"), 2, "unknown audience 'yuoth'; did you mean youth?")


def test_unknown_observance_suggests_the_closest(invoke: Invoke) -> None:
    failed(invoke("brief", "idahobbit"), 2, "unknown observance 'idahobbit'; did you mean idahobit")


def test_a_year_without_an_occurrence(invoke: Invoke) -> None:
    failed(invoke("brief", "idahobit", "--year", "1990"), 2, "observed from 2005")


def test_an_unsafe_template_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ brief.__class__.__init__.__globals__ }}", encoding="utf-8")
    target = tmp_path / "out.md"
    failed(invoke("brief", "idahobit", "--template", str(template), "-o", str(target)), 1, "unsafe")
    assert not target.exists() and list(tmp_path.iterdir()) == [template]


def test_a_team_template(invoke: Invoke, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{{ brief.occasion.name }}: {{ brief.core_message }}\n"
        "{% for p in brief.pillars %}- {{ p.title }} ({{ p.cite }})\n{% endfor %}",
        encoding="utf-8",
    )
    out = ok(invoke("brief", "idahobit", "--year", "2027", "--audience", "sports", "--template", str(template))).stdout
    assert out.startswith(
        "International Day against Homophobia, Biphobia and Transphobia (IDAHOBIT): Everyone should be free"
    )
    # sports read a pillar as its public message, not the policy ask
    assert (
        "- LGBTI people face extra danger in war and need protection and support like everyone else. (WP3013 §13(iv))"
        in out
    )


# -- the team's messages -------------------------------------------------------------------------


def test_messages_file_merges_over_the_drafts(invoke: Invoke, tmp_path: Path) -> None:
    messages = tmp_path / "ours.yaml"
    messages.write_text(
        "core_message: On 3 May, a free press keeps all of us informed.\n"
        "pillars:\n"
        "  - title: Back local reporters\n"
        "    proof_points: [Our fact-checking desk answered 120 questions in 2026.]\n"
        "    recommendations: [WP2011-20.2]\n"
        "posts:\n"
        "  x: 'Our own post. " + "\U0001f4f0" * 140 + "'\n",
        encoding="utf-8",
    )
    out = ok(invoke("brief", "world-press-freedom-day", "--messages", str(messages))).stdout
    assert "> On 3 May, a free press keeps all of us informed." in out
    assert "### Pillar 1: Back local reporters" in out
    assert "- Our fact-checking desk answered 120 questions in 2026. (your evidence)" in out
    # the report's text stays marked as the team's material, apart from the team's public evidence
    pillar = out[out.index("### Pillar 1: Back local reporters") : out.index("### Pillar 2")]
    assert (
        pillar.index("Proof points:")
        < pillar.index("(your evidence)")
        < pillar.index("From the report (material for your team, not for the public):")
        < pillar.index("(WP2011 §20, point 2)")
    )
    assert "### X: 294/280 (your post)" in out and "**Warning:** over the X limit by 14; shorten it." in out
    assert "Your own words (from the messages file): core message, pillar 1, X post." in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("core_mesage: hi\n", "ours.yaml:1: key core_mesage: unknown key 'core_mesage'; did you mean 'core_message'?"),
        (
            "pillars:\n  - title: A\n    recommendations: [WP3013-99]\n",
            "ours.yaml:3: key pillars[0].recommendations: unknown recommendation 'WP3013-99'",
        ),
        ("posts:\n  tiktok: hi\n", "ours.yaml:2: key posts.tiktok: unknown key 'tiktok'"),
        ("hashtags: [PressFreedom]\n", "ours.yaml:1: key hashtags: 'PressFreedom' is not a hashtag"),
        (
            "pillars: [{title: a}, {title: b}, {title: c}, {title: d}, {title: e}]\n",
            "a message house has 3 or 4 pillars",
        ),
        ("core_message: [a, b\n", "malformed YAML"),
    ],
)
def test_messages_file_is_validated_strictly(invoke: Invoke, tmp_path: Path, content: str, message: str) -> None:
    messages = tmp_path / "ours.yaml"
    messages.write_text(content, encoding="utf-8")
    target = tmp_path / "out.md"
    failed(invoke("brief", "idahobit", "--messages", str(messages), "-o", str(target)), 1, message)
    assert not target.exists()


def test_an_unknown_key_does_not_hide_the_other_problems(invoke: Invoke, tmp_path: Path) -> None:
    messages = tmp_path / "ours.yaml"
    messages.write_text(
        "core_mesage: hi\nhashtags: [PressFreedom]\npillars:\n  - recommendations: [WP3013-99]\n",
        encoding="utf-8",
    )
    result = invoke("brief", "idahobit", "--messages", str(messages))
    assert result.exit_code == 1
    lines = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in lines] == ["1", "2", "4"], lines
    assert "unknown key 'core_mesage'" in lines[0] and "'PressFreedom' is not a hashtag" in lines[1]
    assert "unknown recommendation 'WP3013-99'" in lines[2]


def test_the_documented_messages_example_is_valid(invoke: Invoke, tmp_path: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "briefs.md").read_text(encoding="utf-8")
    example = docs.split("## Your own words", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    messages = tmp_path / "ours.yaml"
    messages.write_text(example, encoding="utf-8")
    out = ok(invoke("brief", "world-press-freedom-day", "--messages", str(messages))).stdout
    assert "Your own words (from the messages file): core message, pillar 1, calls to action, hashtags, X post." in out


# -- key dates from a campaign -------------------------------------------------------------------


def test_key_dates_appear_when_a_campaign_exists(invoke: Invoke, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'campaigns.db'}"
    ok(invoke("--db", url, "campaign", "new", "world-press-freedom-day", "--year", "2027", "--template", "standard"))
    out = ok(invoke("--db", url, "brief", "world-press-freedom-day", "--year", "2027")).stdout
    section = out.split("## Key dates\n", 1)[1].split("\n## ", 1)[0]
    assert "| Monday 3 May 2027 | Launch on the day (embargo: not before this day; big send" in section
    assert "Follow-up" in section and "Research and plan" not in section
    assert "planner campaign show world-press-freedom-day-2027" in section


def test_no_database_means_no_key_dates_and_nothing_created(invoke: Invoke, no_database: Path) -> None:
    out = ok(invoke("brief", "world-press-freedom-day")).stdout
    assert "## Key dates" not in out
    assert not no_database.exists()


def test_an_unreadable_database_is_a_note_not_a_failure(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database")
    result = ok(invoke("--db", str(bad), "brief", "idahobit"))
    assert "## Key dates" not in result.stdout
    assert result.stderr.startswith("note: key dates left out: ")


# -- lint-message ----------------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def test_lint_finds_jargon_and_fails(invoke: Invoke) -> None:
    result = invoke("lint-message", "-", input="The UPR and special procedures support duty bearers.\n")
    assert result.exit_code == 1, result.output
    out = flat(result.stdout)
    assert 'jargon (line 1, column 5): "UPR"; say instead: the UN\'s regular check' in out
    assert '"special procedures"; say instead: independent UN human rights experts' in out
    assert "Result: 3 jargon terms to fix" in out


def test_lint_passes_a_clean_draft(invoke: Invoke) -> None:
    result = ok(invoke("lint-message", "-", input="Journalists keep us informed. Help keep them safe today.\n"))
    assert "Result: no jargon, every hashtag readable aloud, and every post fits." in result.stdout
    assert "X 56/280 fits Bluesky 56/300 fits" in flat(result.stdout)


def test_lint_counts_each_post_for_each_platform(invoke: Invoke, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("A short post.\n---\n" + "\U0001f4f0" * 150 + "\n", encoding="utf-8")
    result = invoke("lint-message", str(draft), "--platform", "x", "--platform", "bluesky")
    assert result.exit_code == 1, result.output
    out = flat(result.stdout)
    assert f"Checked {draft}: 2 posts, posts counted for X, Bluesky." in out
    assert 'Post 1: "A short post." X 13/280 fits Bluesky 13/300 fits' in out and "Post 2:" in out
    assert "X 300/280 OVER by 20 Bluesky 150/300 fits" in out
    assert "Result: 1 over-long post to fix" in out


def test_lint_a_messages_file(invoke: Invoke, tmp_path: Path) -> None:
    messages = tmp_path / "ours.yaml"
    messages.write_text("core_message: Our OHCHR partners agree.\nposts:\n  bluesky: Fine.\n", encoding="utf-8")
    result = invoke("lint-message", str(messages))
    assert result.exit_code == 1
    assert 'jargon (core message): "OHCHR"; say instead: the UN Human Rights Office' in result.stdout
    assert 'Bluesky post: "Fine." Bluesky 5/300 fits' in flat(result.stdout)


def test_lint_a_missing_file(invoke: Invoke) -> None:
    failed(invoke("lint-message", "nowhere.txt"), 2, "nowhere.txt: file not found")


def test_help_lists_the_commands(invoke: Invoke) -> None:
    out = ok(invoke("--help")).stdout
    assert "brief" in out and "lint-message" in out


def test_briefs_catalogue_through_the_cli(invoke: Invoke) -> None:
    out = ok(invoke("--catalogue", BRIEFS_CATALOGUE, "brief", "fixture-script-day", "--format", "html")).stdout
    assert "<script" not in out and "&lt;script&gt;" in out


def test_a_brief_for_a_past_occurrence_says_so(invoke: Invoke) -> None:
    past = ok(invoke("brief", "summit-of-the-future", "--year", "2024"))
    assert "Messaging brief: UN Summit of the Future 2024" in past.stdout
    assert "note: summit-of-the-future 2024 ended on 2024-09-23" in past.stderr
    assert "ended on" not in ok(invoke("brief", "idahobit")).stderr
    failed(invoke("brief", "summit-of-the-future"), 2, "happened once, in 2024; for a brief about it, use --year 2024")


def test_lint_flags_a_lower_case_multi_word_hashtag(invoke: Invoke, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Join us on #humanrightsday, #IDAHOBIT and #मानवाधिकार today.\n", encoding="utf-8")
    result = invoke("lint-message", str(draft))
    assert result.exit_code == 1, result.output
    out = flat(result.stdout)
    assert "hashtag #humanrightsday: screen readers read it as one long word" in out
    assert "#IDAHOBIT:" not in out and "#मानवाधिकार:" not in out
    assert "Result: 1 hashtag to write with capitals to fix" in out


def test_messages_accept_hashtags_in_any_script(invoke: Invoke, tmp_path: Path) -> None:
    messages = tmp_path / "ours.yaml"
    messages.write_text('hashtags: ["#मानवाधिकार", "#สิทธิมนุษยชน", "#మానవహక్కులు", "#حقوق\u200cبشر"]\n', encoding="utf-8")
    out = ok(invoke("brief", "human-rights-day", "--messages", str(messages))).stdout
    assert "#मानवाधिकार #สิทธิมนุษยชน #మానవహక్కులు #حقوق\u200cبشر" in out
    messages.write_text('hashtags: ["#human rights"]\n', encoding="utf-8")
    failed(invoke("brief", "human-rights-day", "--messages", str(messages)), 1, "'#human rights' is not a hashtag")
