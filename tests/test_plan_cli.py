"""`planner plan`: formats, golden outputs for a fixed --today and database, errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.campaigns.files import load_templates
from planner.campaigns.model import PhaseStatus
from planner.campaigns.schedule import new_campaign, update_phase
from planner.campaigns.store import Store
from planner.catalogue.load import load
from planner.catalogue.occurrences import between

from .conftest import Invoke

FIXTURES = Path(__file__).parent / "fixtures"
WINDOWS = str(FIXTURES / "plan-windows.yaml")
TODAY = dt.date(2025, 3, 14)
NOW = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
QUARTER_FORMS = "2027Q1, 2027-Q1, Q1 2027, current, next or previous"


@pytest.fixture
def plan_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty database path and no team templates or country from the environment."""
    db = tmp_path / "campaigns.db"
    templates = tmp_path / "team-templates"
    templates.mkdir()
    monkeypatch.setenv("PLANNER_DATABASE_URL", str(db))
    monkeypatch.setenv("PLANNER_TEMPLATE_DIR", str(templates))
    monkeypatch.delenv("PLANNER_COUNTRY", raising=False)
    return db


@pytest.fixture
def team_db(plan_env: Path) -> Path:
    """The fixed database of the golden files: two campaigns in 2025Q2.

    - World Press Freedom Day 2025 (standard): research and key messages done, approvals moved
      by hand to Saturday 12 April (a deadline on a weekend);
    - World Refugee Day 2025 (quick, a medium-priority day the team marks anyway).
    """
    catalogue = load([WINDOWS])
    templates = load_templates(team_dir=plan_env.parent / "team-templates")

    def occurrence(observance: str) -> object:
        return next(
            o
            for o in between([catalogue.observance(observance)], dt.date(2025, 1, 1), dt.date(2025, 12, 31))
            if o.year == 2025
        )

    wpfd = new_campaign(templates["standard"], occurrence("world-press-freedom-day"), now=NOW, owner="Lena")  # type: ignore[arg-type]
    for key in ("research", "key-messages"):
        wpfd = update_phase(wpfd, key, now=NOW, status=PhaseStatus.DONE)
    wpfd = update_phase(wpfd, "approvals", now=NOW, date=dt.date(2025, 4, 12))
    refugees = new_campaign(templates["quick"], occurrence("world-refugee-day"), now=NOW)  # type: ignore[arg-type]
    with Store(str(plan_env)) as store:
        store.add(wpfd)
        store.add(refugees)
    return plan_env


def run_plan(invoke: Invoke, *args: str) -> str:
    result = invoke("--catalogue", WINDOWS, "plan", "2025Q2", *args, today=TODAY)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "html"])
def test_golden(invoke: Invoke, team_db: Path, check_golden: Callable[[str, str], None], fmt: str) -> None:
    check_golden(f"plan/plan-2025Q2.{fmt}", run_plan(invoke, "--format", fmt))


def test_markdown_is_the_default_and_reads_as_a_plan(invoke: Invoke, team_db: Path) -> None:
    text = run_plan(invoke)
    assert text.startswith("# Campaign plan: Q2 2025 (April to June)\n")
    for heading in (
        "## 1. Observances by month",
        "### May 2025",
        "## 2. Lead-in",
        "## 3. Campaigns this quarter",
        "## 4. Workload by week",
        "### Flags",
        "## 5. Events and planning windows",
    ):
        assert f"\n{heading}" in text
    assert "| Sat 3 May | World Press Freedom Day | high |" in text
    assert "### World Press Freedom Day 2025\n" in text  # stored: not marked as suggested
    assert "### International Day against Homophobia, Biphobia and Transphobia (IDAHOBIT) 2025 (suggested)" in text
    assert "planner campaign new idahobit --year 2025 --template standard" in text
    assert "falls on a weekend: Sat 12 Apr 2025" in text
    assert "Human Rights Council, 59th session" in text


def test_json_for_scripts(invoke: Invoke, team_db: Path) -> None:
    data = json.loads(run_plan(invoke, "--format", "json"))
    assert list(data)[:7] == ["quarter", "start", "end", "observances", "campaigns", "workload", "flags"]
    assert (data["quarter"], data["start"], data["end"]) == ("2025Q2", "2025-04-01", "2025-06-30")
    campaigns = {c["id"]: c for c in data["campaigns"]}
    assert campaigns["world-press-freedom-day-2025"]["suggested"] is False
    assert campaigns["world-refugee-day-2025"]["suggested"] is False
    assert campaigns["idahobit-2025"]["suggested"] is True
    approvals = next(p for p in campaigns["world-press-freedom-day-2025"]["phases"] if p["key"] == "approvals")
    assert approvals["date"] == "2025-04-12" and approvals["manual_date"] == "2025-04-12"
    assert [w["id"] for w in data["windows"]] == ["hrc-58-session", "hrc-59-session"]
    assert all({"kind", "date", "message"} == set(f) for f in data["flags"])
    assert data["workload"]["weeks"][0]["week"] == "2025-W14"


def test_csv_parses_back(invoke: Invoke, team_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run_plan(invoke, "--format", "csv"), newline="")))
    # no lead-in since the instrument anniversaries are "linked", not "named" (no suggested campaign)
    assert {r["section"] for r in rows} == {"observance", "window", "phase"}
    observances = [r for r in rows if r["section"] == "observance"]
    assert ("2025-05-03", "world-press-freedom-day", "high", "Sat") in {
        (r["date"], r["observance"], r["priority"], r["weekday"]) for r in observances
    }
    phases = [r for r in rows if r["section"] == "phase"]
    for r in phases:
        start, end = dt.date.fromisoformat(r["date"]), dt.date.fromisoformat(r["end"])
        assert start <= dt.date(2025, 6, 30) and end >= dt.date(2025, 4, 1)
        assert r["suggested"] in ("yes", "no") and r["big_send"] in ("yes", "no")
    stored = {r["phase"] for r in phases if r["campaign"] == "world-press-freedom-day-2025"}
    assert {"approvals", "launch"} <= stored
    assert {r["suggested"] for r in phases if r["campaign"] == "idahobit-2025"} == {"yes"}
    windows = [r["observance"] for r in rows if r["section"] == "window"]
    assert windows == ["hrc-58-session", "hrc-59-session"]


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("plan.html", "<!DOCTYPE html>"),
        ("plan.json", "{"),
        ("plan.csv", "\ufeffsection,date"),
        ("plan.md", "# Campaign"),
    ],
)
def test_format_follows_the_output_file(invoke: Invoke, plan_env: Path, tmp_path: Path, name: str, start: str) -> None:
    target = tmp_path / name
    result = invoke("plan", "2027Q2", "-o", str(target), today=dt.date(2027, 3, 1))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith(start)


def test_format_option_wins_over_the_extension(invoke: Invoke, plan_env: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    result = invoke("plan", "2027Q2", "--format", "md", "-o", str(target), today=dt.date(2027, 3, 1))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Campaign plan")


def test_next_quarter_by_default(invoke: Invoke, team_db: Path) -> None:
    implicit = invoke("--catalogue", WINDOWS, "plan", today=TODAY)
    assert implicit.exit_code == 0
    assert implicit.stdout == run_plan(invoke)


@pytest.mark.parametrize("quarter", ["2025Q5", "Q2", "spring", "2025-13"])
def test_bad_quarter_exits_2_with_the_accepted_forms(invoke: Invoke, plan_env: Path, quarter: str) -> None:
    result = invoke("plan", quarter)
    assert result.exit_code == 2
    assert f"invalid quarter '{quarter}'" in result.stderr
    assert QUARTER_FORMS in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_theme_and_country_are_usage_errors(invoke: Invoke, plan_env: Path) -> None:
    theme = invoke("plan", "2027Q2", "--theme", "lgbt")
    assert theme.exit_code == 2 and "unknown theme 'lgbt'" in theme.stderr
    country = invoke("plan", "2027Q2", "--country", "ZZ")
    assert country.exit_code == 2 and "country" in country.stderr


def test_an_empty_database_is_fine_and_is_not_created(invoke: Invoke, plan_env: Path) -> None:
    result = invoke("plan", "2027Q2", "--format", "json", today=dt.date(2027, 3, 1))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["campaigns"] and all(c["suggested"] for c in data["campaigns"])
    assert not plan_env.exists()
    assert "suggested timelines only" in result.stderr


def test_a_migrated_but_empty_database(invoke: Invoke, plan_env: Path) -> None:
    with Store(str(plan_env)) as store:
        assert store.campaigns() == []
    result = invoke("plan", "2027Q2", today=dt.date(2027, 3, 1))
    assert result.exit_code == 0 and "0 campaigns of yours" in result.stdout


def test_country_holidays_are_days_off(invoke: Invoke, plan_env: Path) -> None:
    result = invoke("plan", "2027Q2", "--country", "GB", "--format", "json", today=dt.date(2027, 3, 1))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["calendar"]["country"] == "GB"
    assert "without public holidays in GB" in data["calendar"]["working_days"]


def test_output_to_a_missing_folder_is_a_clean_error(invoke: Invoke, plan_env: Path, tmp_path: Path) -> None:
    result = invoke("plan", "2027Q2", "-o", str(tmp_path / "nowhere" / "plan.md"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_plan_is_the_first_command_in_help(invoke: Invoke) -> None:
    result = invoke("--help")
    commands = result.stdout.split("Commands:")[1].split()
    assert commands[0] == "plan"


def test_data_is_escaped_in_markdown_and_html(invoke: Invoke, plan_env: Path) -> None:
    nasty = str(FIXTURES / "plan-nasty.yaml")
    md = invoke("--catalogue", nasty, "plan", "2027Q2", today=dt.date(2027, 3, 1)).stdout
    assert (
        '| \\<script\\>alert("x")\\</script\\> \\| \\*Bold\\* & \\[link\\](https://example.org) \\`code\\` | high |'
        in md
    )
    assert "<script>" not in md
    html = invoke("--catalogue", nasty, "plan", "2027Q2", "--format", "html", today=dt.date(2027, 3, 1)).stdout
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_html_is_self_contained_and_printable(invoke: Invoke, team_db: Path) -> None:
    html = run_plan(invoke, "--format", "html")
    assert "@page { size: A4;" in html
    for fetch in ("<link", "<script", "<img", "@import", "url(http", 'src="http', "src='http"):
        assert fetch not in html
    # the only URLs are the SVG namespace and sources printed as text
    assert html.count("<svg") >= 2 and 'class="gantt"' in html
    assert "<rect" in html and 'fill="url(#hatch)"' in html  # suggested phases are hatched


@pytest.mark.parametrize("name", ["plan.docx", "plan.odt"])
def test_a_file_name_another_program_opens_is_refused_not_filled_with_markdown(
    invoke: Invoke, plan_env: Path, tmp_path: Path, name: str
) -> None:
    # Review of issue 10: `plan -o plan.docx` wrote Markdown into plan.docx, exit 0; Word then
    # calls the file damaged.
    target = tmp_path / name
    result = invoke("plan", "2027Q2", "-o", str(target), today=dt.date(2027, 3, 1))
    assert result.exit_code == 2
    assert f"planner cannot write a '{target.suffix}' file" in result.stderr and "--format" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_a_plain_text_name_still_gets_markdown(invoke: Invoke, plan_env: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.txt"
    result = invoke("plan", "2027Q2", "-o", str(target), today=dt.date(2027, 3, 1))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Campaign plan")


def test_the_quarter_as_two_words_without_quotes(invoke: Invoke, plan_env: Path) -> None:
    # Review of issue 10: the help says "Q2 2027" is a quarter, but `planner plan Q2 2027` (no
    # quotes, as people type it) failed with "Got unexpected extra argument (2027)".
    result = invoke("plan", "Q2", "2027", today=dt.date(2027, 3, 1))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == invoke("plan", "2027Q2", today=dt.date(2027, 3, 1)).stdout
    assert result.stdout.startswith("# Campaign plan: Q2 2027")
    wrong = invoke("plan", "Q2", "2027", "x", today=dt.date(2027, 3, 1))
    assert wrong.exit_code == 2 and "invalid quarter 'Q2 2027 x'" in wrong.stderr
