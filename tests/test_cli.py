"""The first CLI commands, as a user runs them: output, formats, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest

from planner.catalogue.model import Catalogue

from .conftest import FIXTURES, Invoke

OCCURRENCE_KEYS = ["id", "name", "kind", "start", "end", "anniversary", "themes", "recommendations", "sources"]


def test_every_registered_command_loads_and_has_help(invoke: Invoke) -> None:
    from planner.cli import COMMANDS

    for name in COMMANDS:
        result = invoke(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert f"Usage: planner {name}" in result.stdout, name


def test_help_lists_the_commands(invoke: Invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("upcoming", "observances", "anniversaries", "show", "recommendations", "check"):
        assert name in result.stdout


def test_observances_json_has_the_documented_shape(invoke: Invoke) -> None:
    result = invoke("observances", "--year", "2028", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(list(item) == OCCURRENCE_KEYS for item in data)
    udhr = [d for d in data if d["id"] == "udhr-anniversary"]
    assert udhr == [udhr[0]] and udhr[0]["start"] == "2028-12-10" == udhr[0]["end"]
    assert udhr[0]["anniversary"] == {"number": 80, "milestone": True}
    assert "WP3013-18" in udhr[0]["recommendations"]
    assert {s["status"] for d in data for s in d["sources"]} <= {"primary", "secondary", "unverified"}
    assert [(d["start"], d["id"]) for d in data] == sorted((d["start"], d["id"]) for d in data)
    sixteen = next(d for d in data if d["id"] == "sixteen-days-of-activism")
    assert (sixteen["start"], sixteen["end"]) == ("2028-11-25", "2028-12-10")


def test_anniversaries_only_in_milestone_years_unless_all(invoke: Invoke) -> None:
    def ids(*args: str) -> list[str]:
        result = invoke("observances", "--year", "2027", "--kind", "anniversary", "--format", "json", *args)
        return [d["id"] for d in json.loads(result.stdout)]

    assert "udhr-anniversary" not in ids()  # 79th
    assert "udhr-anniversary" in ids("--all")


def test_quarter_theme_and_kind_filters(invoke: Invoke) -> None:
    result = invoke("observances", "--quarter", "Q2 2027", "--theme", "lgbti", "--format", "json")
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ["idahobit"]
    assert data[0]["start"] == "2027-05-17"
    weeks = json.loads(invoke("observances", "--year", "2027", "--kind", "week", "--format", "json").stdout)
    assert weeks and all(d["kind"] == "week" for d in weeks)


def test_default_range_is_the_next_90_days(invoke: Invoke) -> None:
    data = json.loads(invoke("observances", "--format", "json").stdout)
    assert data[0]["end"] >= "2026-11-21"
    assert max(d["start"] for d in data) <= "2027-02-18"
    assert any(d["id"] == "human-rights-day" for d in data)


def test_csv_parses_back(invoke: Invoke) -> None:
    result = invoke("observances", "--year", "2027", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0].keys() >= {"id", "name", "start", "end", "themes"}
    womens = next(r for r in rows if r["id"] == "international-womens-day")
    assert womens["start"] == "2027-03-08"


def test_tables_fit_80_columns(invoke: Invoke) -> None:
    for args in (
        ("observances", "--year", "2027"),
        ("anniversaries",),
        ("upcoming",),
        ("recommendations",),
        ("show", "udhr-anniversary"),
        ("show", "world-press-freedom-day", "--year", "2027"),
        ("show", "genocide-prevention-day"),  # a name longer than a line
        ("check",),
    ):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        too_wide = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert not too_wide, (args, too_wide)
        assert "\x1b[" not in result.stdout, "no colour when not on a terminal"


def test_upcoming_golden(invoke: Invoke, check_golden: Callable[[str, str], None]) -> None:
    check_golden("upcoming-2026-11-21.txt", invoke("upcoming").stdout)


def test_observances_table_golden(invoke: Invoke, check_golden: Callable[[str, str], None]) -> None:
    check_golden("observances-2027Q2.txt", invoke("observances", "--quarter", "2027Q2").stdout)


def test_show_golden(invoke: Invoke, check_golden: Callable[[str, str], None]) -> None:
    check_golden("show-udhr-2028.txt", invoke("show", "udhr-anniversary", "--year", "2028").stdout)


def test_show_has_sources_status_and_linked_recommendations(invoke: Invoke) -> None:
    out = invoke("show", "idahobit").stdout
    assert "Next:           Mon 17 May 2027" in out
    assert "[organiser, primary] IDAHOBIT Committee" in out and "https://may17.org/" in out
    assert "checked 2026-11" in out
    assert "WP3013 §13(iv)" in out


def test_show_before_first_year_says_so(invoke: Invoke) -> None:
    out = invoke("show", "idahobit", "--year", "2000").stdout
    assert "no occurrence; the first year is 2005" in out


@pytest.mark.parametrize(
    ("oid", "year", "why"),
    [
        ("udhr-anniversary", "1948", "no occurrence; the first anniversary is in 1949"),
        ("summit-of-the-future", "2025", "no occurrence; it happened once, in 2024"),
        ("international-day-of-peace-1982-2001", "2005", "no occurrence; the last year was 2001"),
    ],
)
def test_show_says_why_a_year_has_no_occurrence(invoke: Invoke, oid: str, year: str, why: str) -> None:
    assert why in invoke("show", oid, "--year", year).stdout


def test_anniversaries_default_and_all(invoke: Invoke) -> None:
    out = " ".join(invoke("anniversaries").stdout.split())
    assert "80th anniversary of the Universal Declaration of Human Rights" in out
    data = json.loads(invoke("anniversaries", "--year", "2027", "--all", "--format", "json").stdout)
    udhr = next(d for d in data if d["id"] == "udhr-anniversary")
    assert udhr["anniversary"] == {"number": 79, "milestone": False}


def test_recommendations_json(invoke: Invoke, catalogue: Catalogue) -> None:
    data = json.loads(invoke("recommendations", "--format", "json").stdout)
    assert len(data) == len(catalogue.recommendations) == 96
    assert all({"id", "report", "paragraph", "item", "title", "summary", "message", "themes"} <= set(d) for d in data)
    only = json.loads(invoke("recommendations", "--report", "WP3013", "--theme", "lgbti", "--format", "json").stdout)
    assert [d["id"] for d in only] == ["WP3013-13.4"]


def test_check_shipped_and_team_files(invoke: Invoke) -> None:
    result = invoke("check")
    assert result.exit_code == 0 and result.stdout.startswith("OK: ")
    assert "A/HRC/RES/49/48" in result.stdout and "[doubtful]" in result.stdout
    assert invoke("check", str(FIXTURES / "team-days.yaml")).exit_code == 0
    team = invoke(
        "--catalogue",
        str(FIXTURES / "team-days.yaml"),
        "observances",
        "--year",
        "2026",
        "--theme",
        "our-campaign",
        "--format",
        "json",
    )
    assert [d["id"] for d in json.loads(team.stdout)] == ["hrc-61-session", "world-press-freedom-day"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("observances", "--from", "2027-02-30"), 2, "day is out of range for month"),
        (("observances", "--from", "3 May"), 2, "use the form YYYY-MM-DD"),
        (("observances", "--quarter", "2027Q5"), 2, "use 2027Q1, 2027-Q1, Q1 2027, current, next or previous"),
        (
            ("observances", "--from", "2027-05-01", "--to", "2027-04-01"),
            2,
            "--to 2027-04-01 is before --from 2027-05-01",
        ),
        (("observances", "--year", "2027", "--quarter", "next"), 2, "use only one of --year, --quarter"),
        (("observances", "--to", "2026-01-31"), 2, "--to 2026-01-31 is before today (2026-11-21); give --from as well"),
        (("anniversaries", "--to", "2001-05-01"), 2, "is before today (2026-11-21); give --from as well"),
        (("observances", "--theme", "press"), 2, "unknown theme 'press'"),
        (("show", "world-press-freedom"), 2, "did you mean world-press-freedom-day"),
        (("show", "idahobit", "--year", "20x7"), 2, "invalid year '20x7'"),
        (("recommendations", "--report", "WP3031"), 2, "did you mean WP3013"),
        (("recommendations", "--report", "annual"), 2, "unknown report 'annual'; use one of: WP2011, WP3013"),
        (("check", str(FIXTURES / "bad" / "unknown-theme.yaml")), 1, "unknown-theme.yaml:6: in 'my-day': key themes"),
        (("--catalogue", "missing.yaml", "upcoming"), 1, "missing.yaml: file not found"),
        (("obsevances",), 2, "Did you mean observances"),
        (("--today", "9999-12-31", "feed", "-o", "-"), 2, "outside the calendar planner can handle (years 1 to 9999)"),
        (("campaign", "new", "zzz", "--year", "2027"), 2, "`planner observances --year 2027 --all` lists the ids"),
        (("--today", "tomorrow", "upcoming"), 2, "use the form YYYY-MM-DD"),
    ],
)
def test_bad_input_gets_a_clear_message_and_exit_code(
    invoke: Invoke, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_output_file_is_written_atomically_and_not_on_error(invoke: Invoke, tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "out.json"
    assert invoke("observances", "--year", "2027", "--format", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text())
    before = target.read_text()
    failed = invoke("observances", "--theme", "nope", "--format", "json", "-o", str(target))
    assert failed.exit_code == 2 and target.read_text() == before
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    missing_dir = invoke("observances", "-o", str(Path(str(tmp_path)) / "no" / "such" / "out.txt"))
    assert missing_dir.exit_code == 1 and "does not exist; create it first" in missing_dir.stderr


def test_today_comes_from_the_environment(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_TODAY", "2028-12-01")
    result = invoke("upcoming", "--days", "10", today=None)
    assert "Sun 10 Dec" in result.stdout and "80th anniversary" in result.stdout


def test_output_file_gets_normal_permissions(invoke: Invoke, tmp_path: object) -> None:
    import os
    import stat
    from pathlib import Path

    target = Path(str(tmp_path)) / "year.csv"
    assert invoke("observances", "--year", "2027", "--format", "csv", "-o", str(target)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o640)
    assert invoke("observances", "--year", "2028", "--format", "csv", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_no_terminal_colours_in_pipes_or_files(invoke: Invoke, tmp_path: object) -> None:
    from pathlib import Path

    from planner.cli.options import write_output

    target = Path(str(tmp_path)) / "styled.txt"
    write_output("\x1b[1mbold\x1b[0m\n", target)
    assert target.read_text() == "bold\n"


@pytest.mark.parametrize(
    ("today", "args"),
    [
        ("9999-12-31", ("observances",)),
        ("9999-12-31", ("upcoming",)),
        ("9999-12-31", ("anniversaries",)),
        ("9999-12-31", ("show", "human-rights-day")),
        ("9999-12-31", ("show", "sixteen-days-of-activism")),
        ("0001-01-01", ("show", "human-rights-day")),
        ("0001-01-01", ("upcoming",)),
        ("2026-11-21", ("observances", "--year", "0001", "--all")),
        ("2026-11-21", ("observances", "--year", "9999", "--all")),
        ("2026-11-21", ("observances", "--quarter", "9999Q4")),
        ("2026-11-21", ("observances", "--quarter", "0001Q1")),
        ("2026-11-21", ("anniversaries", "--from", "9999-01-01")),
    ],
)
def test_the_first_and_last_years_work(invoke: Invoke, today: str, args: tuple[str, ...]) -> None:
    import datetime as dt

    result = invoke(*args, today=dt.date.fromisoformat(today))
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output


def test_a_quarter_beyond_the_calendar_is_a_usage_error(invoke: Invoke) -> None:
    import datetime as dt

    result = invoke("observances", "--quarter", "next", today=dt.date(9999, 12, 31))
    assert result.exit_code == 2 and "planner handles the years 1 to 9999" in result.stderr


def test_output_to_a_device_or_through_a_link_keeps_them(invoke: Invoke, tmp_path: object) -> None:
    import os
    import stat
    from pathlib import Path

    assert invoke("observances", "--year", "2027", "-o", os.devnull).exit_code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode), "/dev/null must stay a device"
    real = Path(str(tmp_path)) / "real.json"
    real.write_text("old")
    link = Path(str(tmp_path)) / "link.json"
    link.symlink_to(real)
    assert invoke("observances", "--year", "2027", "--format", "json", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text())
    fifo = Path(str(tmp_path)) / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert (
            invoke("observances", "--year", "2027", "--kind", "week", "--format", "csv", "-o", str(fifo)).exit_code == 0
        )
        assert os.read(reader, 9) == b"id,name,k"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_check_never_splits_a_file_name(invoke: Invoke, tmp_path: object) -> None:
    from pathlib import Path

    team = Path(str(tmp_path)) / "our-team-days-for-the-twenty-twenty-seven-campaign-season.yaml"
    team.write_text("themes: {our-campaign: Our own campaign}\n", encoding="utf-8")
    result = invoke("check", str(team))
    assert result.exit_code == 0, result.output
    assert str(team) in result.stdout.replace("\n    ", " ")  # wrapped between names, never inside one


def test_csv_cells_never_become_spreadsheet_formulas(invoke: Invoke) -> None:
    team = str(FIXTURES / "formula-names.yaml")
    result = invoke("--catalogue", team, "observances", "--from", "2027-05-04", "--to", "2027-05-04", "--format", "csv")
    (row,) = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["id"] == "formula-day"]
    assert row["name"].startswith("'=HYPERLINK(")
    plan = invoke("--catalogue", team, "plan", "2027Q2", "--format", "csv")
    assert plan.exit_code == 0, plan.output
    assert "'=HYPERLINK(" in plan.stdout and '\n"=HYPERLINK' not in plan.stdout and ",=HYPERLINK" not in plan.stdout
