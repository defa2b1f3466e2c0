"""Golden plans for 2027Q4 and 2028Q4 with a team of three and their campaigns, and the plan's
files: XLSX read back with openpyxl, PDF text extracted with pypdf, CSV with a byte-order mark."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.campaigns.files import load_templates
from planner.campaigns.model import Campaign, CampaignTemplate, PhaseStatus
from planner.campaigns.roster import Roster, person, staff
from planner.campaigns.schedule import new_campaign, occurrence_for, update_phase
from planner.campaigns.store import Store
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.plans.build import Plan

from .conftest import Invoke

TEAM = Roster.of(
    [
        person("Amina", ["campaign-lead", "writer"], 4),
        person("Ben Ode", ["designer", "social-media"], 3),
        person("Chen", ["press-officer", "researcher", "partnerships"], 3),
    ]
)
CREATED = dt.datetime(2027, 9, 1, 9, 0, tzinfo=dt.UTC)
TODAY_2027 = dt.date(2027, 10, 20)
TODAY_2028 = dt.date(2028, 10, 2)


@functools.cache
def _inputs() -> tuple[Catalogue, dict[str, CampaignTemplate]]:
    return load(), load_templates(team_dir=Path("/nonexistent/planner-templates"))


def _campaign(observance: str, year: int, template: str) -> Campaign:
    catalogue, templates = _inputs()
    occ = occurrence_for(catalogue.observance(observance), year)
    return staff(new_campaign(templates[template], occ, now=CREATED), TEAM)


def _done_before(c: Campaign, day: dt.date, *, except_keys: tuple[str, ...] = ()) -> Campaign:
    for p in c.phases:
        if p.end < day and p.key not in except_keys:
            c = update_phase(c, p.key, now=CREATED, status=PhaseStatus.DONE)
    return c


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team of three with the UDHR 80th (a year-long campaign made on 1 Sep 2027), the Day of
    the Girl 2027 (quick; its brief done, its approvals not: overdue on 20 Oct 2027), the Day to
    End Impunity 2027 (standard: research late) and the 16 Days 2028 (week)."""
    db = tmp_path / "team.db"
    monkeypatch.setenv("PLANNER_DATABASE_URL", str(db))
    monkeypatch.setenv("PLANNER_TEMPLATE_DIR", str(tmp_path / "no-templates"))
    monkeypatch.delenv("PLANNER_COUNTRY", raising=False)
    girls = _campaign("day-of-the-girl-child", 2027, "quick")
    girls = update_phase(girls, girls.timeline()[0].key, now=CREATED, status=PhaseStatus.DONE)
    impunity = _campaign("end-impunity-crimes-against-journalists-day", 2027, "standard")
    impunity = update_phase(impunity, "key-messages", now=CREATED, status=PhaseStatus.DOING)
    udhr = _done_before(_campaign("udhr-anniversary", 2028, "anniversary-year"), TODAY_2028, except_keys=("month-09",))
    sixteen = _campaign("sixteen-days-of-activism", 2028, "week")
    with Store(str(db)) as store:
        for p in TEAM.people:
            store.save_person(p, now=CREATED)
        for c in (girls, impunity, udhr, sixteen):
            store.add(c)
    return db


def run_plan(invoke: Invoke, quarter: str, today: dt.date, *args: str) -> str:
    result = invoke("plan", quarter, *args, today=today)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
@pytest.mark.parametrize(("quarter", "today"), [("2027Q4", TODAY_2027), ("2028Q4", TODAY_2028)])
def test_golden_plans_with_campaigns(
    invoke: Invoke, team: Path, check_golden: Callable[[str, str], None], quarter: str, today: dt.date, fmt: str
) -> None:
    check_golden(f"plan/team-{quarter}.{fmt}", run_plan(invoke, quarter, today, "--format", fmt))


def test_2027q4_reads_as_a_campaign_lead_needs(invoke: Invoke, team: Path) -> None:
    text = run_plan(invoke, "2027Q4", TODAY_2027)
    glance = text[text.index("**At a glance**") : text.index("## The quarter's moments")]
    assert "overdue phases" in glance or "overdue phase," in glance
    assert "## Overdue and due in the next 14 days" in text
    assert "**OVERDUE**" in text
    # one moment on 10 December 2027, carried by the UDHR 80th's launch; no separate HRD suggestion
    assert "human-rights-day --year 2027" not in text
    assert "| Fri 10 Dec | Human Rights Day" in text
    data = json.loads(run_plan(invoke, "2027Q4", TODAY_2027, "--format", "json"))
    assert data["overdue"] >= 1
    late = [p for c in data["campaigns"] for p in c["phases"] if p["overdue"]]
    assert late and all(p["status"] in ("todo", "doing") for p in late)
    owners = {p["owner"] for c in data["campaigns"] if not c["suggested"] for p in c["phases"]}
    assert owners <= {"Amina", "Ben Ode", "Chen"}  # people, not roles


def test_2028q4_has_one_moment_on_10_december_and_no_noise(invoke: Invoke, team: Path) -> None:
    data = json.loads(run_plan(invoke, "2028Q4", TODAY_2028, "--format", "json"))
    dec10 = [m for m in data["moments"] if m["day"] == "2028-12-10"]
    assert (
        len(dec10) == 1 and dec10[0]["lead"] == "udhr-anniversary" and dec10[0]["campaign"] == "udhr-anniversary-2028"
    )
    assert set(dec10[0]["observances"]) == {"udhr-anniversary", "human-rights-day", "sixteen-days-of-activism"}
    assert "human-rights-day-2028" not in {c["id"] for c in data["campaigns"]}
    assert not [f for f in data["flags"] if f["date"] == "2028-12-10" and f["kind"] == "same-day-priorities"]
    assert len(data["flags"]) <= 5  # was 11 before moments
    md = run_plan(invoke, "2028Q4", TODAY_2028)
    assert "Month 9 theme" in md  # the overdue month, by name
    assert "phases after this quarter" in md or "phase after this quarter" in md or "before this quarter" in md


# -- files ---------------------------------------------------------------------------------------


def test_xlsx_reads_back_with_openpyxl(invoke: Invoke, team: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "plan.xlsx"
    run_plan(invoke, "2028Q4", TODAY_2028, "-o", str(target))
    book = load_workbook(target)
    assert book.sheetnames == [
        "At a glance",
        "Moments",
        "Overdue and due",
        "Observances",
        "Lead-in",
        "Campaigns",
        "Workload",
        "Flags",
        "Events",
    ]
    moments = book["Moments"]
    assert moments.freeze_panes == "A2"
    assert [c.value for c in moments[1]] == ["Date", "Moment", "Also", "Priority", "Campaign"]
    rows = list(moments.iter_rows(min_row=2, values_only=True))
    dec10 = [r for r in rows if r[0] == dt.datetime(2028, 12, 10)]  # a real date, not text
    assert len(dec10) == 1 and "Universal Declaration" in dec10[0][1]
    assert moments.column_dimensions["B"].width > 30  # fitted to the names
    campaigns = book["Campaigns"]
    header = [c.value for c in campaigns[1]]
    assert {"Owner", "Role", "Overdue"} <= set(header)
    owners = {r[header.index("Owner")] for r in campaigns.iter_rows(min_row=2, values_only=True)}
    assert "Ben Ode" in owners
    late = book["Overdue and due"]
    assert any(r[1] == "yes" for r in late.iter_rows(min_row=2, values_only=True))
    # the same plan gives the same bytes
    again = tmp_path / "again.xlsx"
    run_plan(invoke, "2028Q4", TODAY_2028, "-o", str(again))
    assert again.read_bytes() == target.read_bytes()


def test_pdf_plan_text_and_one_page_summary(invoke: Invoke, team: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    target = tmp_path / "plan.pdf"
    run_plan(invoke, "2028Q4", TODAY_2028, "-o", str(target))
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Campaign plan Q4 2028" in first
    assert "At a glance" in first and "The quarter's moments" in first and "Overdue and due" in first
    assert "December 2028" in first  # the month grids are on the summary page
    assert "80th anniversary of the Universal Declaration of Human Rights" in first
    assert "Timeline" not in first  # the detail starts on page 2
    second = " ".join(reader.pages[1].extract_text().split())
    assert "Timeline" in second
    assert len(reader.pages) >= 3


def test_pdf_brief_text(invoke: Invoke, team: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    target = tmp_path / "brief.pdf"
    result = invoke("brief", "human-rights-day", "--year", "2027", "-o", str(target), today=TODAY_2027)
    assert result.exit_code == 0, result.stderr
    text = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "Messaging brief: Human Rights Day 2027" in text
    assert "Friday 10 December 2027" in text


def test_unknown_extensions_are_refused_with_the_formats(invoke: Invoke, team: Path, tmp_path: Path) -> None:
    for args, wanted in (
        (("plan", "2028Q4", "-o", str(tmp_path / "plan.doc")), ".csv, .htm, .html, .json, .markdown, .md, .pdf"),
        (("brief", "human-rights-day", "-o", str(tmp_path / "brief.doc")), ".docx"),
        (("plan", "2028Q4", "-o", str(tmp_path / "plan.xls")), ".xlsx"),
    ):
        result = invoke(*args, today=TODAY_2028)
        assert result.exit_code == 2, result.output
        assert "cannot write a '." in result.stderr and wanted in result.stderr
    assert not list(tmp_path.glob("plan.*")) and not list(tmp_path.glob("brief.*"))


def test_csv_files_start_with_a_byte_order_mark(invoke: Invoke, team: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.csv"
    run_plan(invoke, "2028Q4", TODAY_2028, "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsection,date")
    assert raw.decode("utf-8-sig").count("\ufeff") == 0
    screen = run_plan(invoke, "2028Q4", TODAY_2028, "--format", "csv")
    assert screen.startswith("section,date")  # a pipe gets plain UTF-8


def test_missing_pdf_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from planner.errors import PlannerError
    from planner.render import html_to_pdf

    real = builtins.__import__

    def no_weasyprint(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(PlannerError, match=r"pip install 'planner\[pdf\]'"):
        html_to_pdf("<p>x</p>")


def test_global_options_after_the_command_name(invoke: Invoke, team: Path) -> None:
    before = invoke("--today", "2028-10-02", "plan", "2028Q4", "--format", "json", today=None)
    after = invoke("plan", "2028Q4", "--format", "json", "--today", "2028-10-02", today=None)
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    listed = invoke("campaign", "list", f"--db={team}", "--today=2027-10-20", today=None)
    assert listed.exit_code == 0 and "udhr-anniversary-2028" in listed.stdout


def test_the_plan_says_which_days_are_working_days(invoke: Invoke, team: Path) -> None:
    text = run_plan(invoke, "2028Q4", TODAY_2028, "--country", "MY-03")
    assert "**Working days:** Sunday to Thursday, without public holidays in MY-03." in text
    data = json.loads(run_plan(invoke, "2028Q4", TODAY_2028, "--country", "MY-03", "--format", "json"))
    assert data["calendar"] == {
        "country": "MY-03",
        "working_days": "Sunday to Thursday, without public holidays in MY-03",
    }


def test_council_hint_only_when_no_session_is_recorded(invoke: Invoke, team: Path, tmp_path: Path) -> None:
    hint = "Record this year's Human Rights Council sessions"
    assert hint in run_plan(invoke, "2028Q4", TODAY_2028)
    own = tmp_path / "ours.yaml"
    own.write_text(
        "version: 1\nobservances:\n  - id: hrc-59-session\n    name: Human Rights Council, 59th session\n"
        "    kind: event\n    rule: {kind: once, start: 2028-10-09, end: 2028-10-27}\n"
        "    themes: [multilateralism]\n    proclaimed_by: HRC\n"
        "    sources: [{title: 'OHCHR, Human Rights Council sessions page', "
        "url: 'https://www.ohchr.org/en/hr-bodies/hrc/sessions', status: primary}]\n",
        encoding="utf-8",
    )
    result = invoke("--catalogue", str(own), "plan", "2028Q4", today=TODAY_2028)
    assert result.exit_code == 0, result.stderr
    assert "Human Rights Council, 59th session" in result.stdout and hint not in result.stdout


def _udhr_plan(**options: Any) -> Plan:
    """The 2029Q1 plan on 1 Feb 2029 with the team's UDHR 80th campaign (a year of work)."""
    from planner.plans.build import build_plan
    from planner.quarters import Quarter

    catalogue, templates = _inputs()
    udhr = _campaign("udhr-anniversary", 2028, "anniversary-year")
    return build_plan(
        catalogue, Quarter(2029, 1), campaigns=[udhr], templates=templates, today=dt.date(2029, 2, 1), **options
    )


def test_the_plans_due_list_is_bounded_and_points_to_planner_due() -> None:
    """Twelve overdue phases for Ben Ode: the plan shows his latest eight and says how many more
    `planner due` lists; JSON keeps them all."""
    from planner.plans.output import DUE_ROWS_PER_PERSON, plan_dict, render_plan

    plan = _udhr_plan(lookback_days=None)
    text = render_plan(plan, "md")
    assert isinstance(text, str)
    assert "- Ben Ode: 12 overdue, 0 coming up" in text
    assert text.count("| Ben Ode |") == DUE_ROWS_PER_PERSON == 8
    assert "And 4 more (the latest 8 a person are shown): `planner due` lists them all." in text
    assert plan_dict(plan)["overdue"] == 18
    amina = [line for line in text.splitlines() if line.startswith("| Amina |")]
    assert "Evaluation of the year" in amina[0]  # the latest overdue phase first


def test_the_plan_lists_recent_overdue_work_and_counts_older_work() -> None:
    """By default the plan lists overdue work of the last 90 days; the rest of a year-old campaign
    never marked done is one line with the command that lists it, in Markdown, HTML and JSON."""
    from planner.plans.output import plan_dict, render_plan

    plan = _udhr_plan()
    everything = _udhr_plan(lookback_days=None)
    listed = [i for p in plan.due for i in p.overdue]
    assert listed and all(i.end >= dt.date(2028, 11, 3) for i in listed)
    assert plan.older is not None
    assert plan.older.before == dt.date(2028, 11, 3)
    assert (plan.older.steps, plan.older.campaigns) == (everything.overdue_count - len(listed), 1)
    text = render_plan(plan, "md")
    assert isinstance(text, str)
    line = (
        f"Not listed: {plan.older.steps} older steps in 1 campaign, whose last day was before Fri 3 Nov 2028, "
        "never marked done or skipped. `planner due --all` lists them"
    )
    assert line in text
    html = render_plan(plan, "html")
    assert isinstance(html, str)
    assert "<code>planner due --all</code> lists them" in html
    assert plan_dict(plan)["due"]["older"] == {"before": "2028-11-03", "steps": plan.older.steps, "campaigns": 1}
