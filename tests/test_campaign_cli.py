"""The campaign commands as a user runs them: output, JSON shapes, exit codes, and that a failed
command writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import FIXTURES, Invoke
from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

CATALOGUE = str(FIXTURES / "campaigns-catalogue.yaml")
WPFD = "world-press-freedom-day-2027"
Run = Callable[..., Result]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file for each test, through PLANNER_DATABASE_URL; no team templates."""
    url = f"sqlite:///{tmp_path / 'planner.campaigns.db'}"
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.setenv("PLANNER_TEMPLATE_DIR", str(tmp_path / "templates"))
    monkeypatch.delenv("PLANNER_COUNTRY", raising=False)
    return url


@pytest.fixture
def run(invoke: Invoke, db: str) -> Run:
    """`planner --catalogue <fixture> ARGS...`."""
    return lambda *args, **kw: invoke("--catalogue", CATALOGUE, *args, **kw)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def failed(result: Result, code: int, message: str) -> str:
    """A clean failure: the exit code, one `error:` message, no traceback, nothing on stdout."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ") or result.stderr.startswith("Usage:"), result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr
    return result.stderr


def exported(run: Run) -> str:
    return ok(run("export")).stdout


# -- campaign new -----------------------------------------------------------------------------


def test_new_prints_the_timeline(run: Run) -> None:
    out = ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027")).stdout
    assert f"Created campaign {WPFD} from the standard template." in out
    assert "Mon 8 Mar 2027   T-56" in out
    assert "Mon 3 May 2027   T0" in out
    assert "public holidays not avoided (no country set)" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_new_with_a_country_and_json(run: Run) -> None:
    data = json.loads(
        ok(
            run(
                "campaign",
                "new",
                "world-press-freedom-day",
                "--year",
                "2027",
                "--country",
                "gb-eng",
                "--format",
                "json",
            )
        ).stdout
    )
    assert data["country"] == "GB-ENG"
    phases = {p["key"]: p for p in data["phases"]}
    assert phases["partner-outreach"]["date"] == "2027-03-25"  # Easter Monday and Good Friday before it
    assert phases["launch"]["date"] == "2027-05-03"  # a bank holiday, but the launch stays


def test_country_from_the_environment(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_COUNTRY", "GB-ENG")
    out = ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027")).stdout
    assert "without public holidays in GB-ENG" in out
    assert "moved from Mon 29 Mar" in out and "(Easter Monday)" in out


def test_anniversary_year_for_the_udhr_80th(run: Run) -> None:
    out = ok(
        run(
            "campaign",
            "new",
            "udhr-anniversary",
            "--year",
            "2028",
            "--template",
            "anniversary-year",
            "--format",
            "json",
        )
    ).stdout
    phases = {p["key"]: p for p in json.loads(out)["phases"]}
    assert phases["launch"]["date"] == "2027-12-10"
    assert phases["culmination"]["date"] == "2028-12-10"


def test_a_milestone_suggests_the_anniversary_year(run: Run) -> None:
    out = ok(run("campaign", "new", "udhr-anniversary", "--year", "2028")).stdout
    assert "The 80th is a milestone" in out and "--template anniversary-year" in out


def test_multi_day_periods_default_to_the_week_template(run: Run) -> None:
    data = json.loads(ok(run("campaign", "new", "sixteen-days", "--year", "2027", "--format", "json")).stdout)
    assert data["template"] == "week"
    assert {p["key"]: p["date"] for p in data["phases"]}["closing"] == "2027-12-10"


def test_without_a_year_the_next_occurrence_is_used(run: Run) -> None:
    data = json.loads(ok(run("campaign", "new", "human-rights-day", "--allow-past", "--format", "json")).stdout)
    assert data["id"] == "human-rights-day-2026"  # today is 21 November 2026


def test_a_team_template_file(run: Run) -> None:
    press = str(FIXTURES / "campaign-templates" / "press-day.yaml")
    data = json.loads(
        ok(
            run(
                "campaign",
                "new",
                "idahobit",
                "--year",
                "2027",
                "--template",
                "press-day",
                "--template-file",
                press,
                "--format",
                "json",
            )
        ).stdout
    )
    assert [p["key"] for p in data["phases"]] == ["pitch", "launch"]


def test_the_templates_command(run: Run) -> None:
    out = ok(run("campaign", "templates")).stdout
    for name in ("standard", "quick", "week", "anniversary-year"):
        assert name in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_a_second_campaign_is_refused_naming_the_first(run: Run) -> None:
    ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027", "--name", "Press freedom 2027"))
    before = exported(run)
    err = failed(
        run("campaign", "new", "world-press-freedom-day", "--year", "2027", "--template", "quick"),
        1,
        f"already a campaign for world-press-freedom-day in 2027: {WPFD}",
    )
    assert "Press freedom 2027" in err
    assert exported(run) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["campaign", "new", "world-press-freedom-dya", "--year", "2027"],
            2,
            "unknown observance 'world-press-freedom-dya'; did you mean world-press-freedom-day",
        ),
        (
            ["campaign", "new", "world-press-freedom-day", "--year", "2027", "--template", "standrad"],
            2,
            "unknown template 'standrad'; did you mean standard",
        ),
        (
            ["campaign", "new", "world-press-freedom-day", "--year", "1990"],
            2,
            "did not exist yet in 1990: it is observed from 1994",
        ),
        (["campaign", "new", "summit-of-the-future", "--year", "2025"], 2, "happens only once, in 2024"),
        (["campaign", "new", "world-press-freedom-day", "--year", "20x7"], 2, "invalid year '20x7'"),
        (
            ["campaign", "new", "world-press-freedom-day", "--year", "2027", "--template", "week"],
            2,
            "template 'week' is for week, period, event observances",
        ),
        (
            ["campaign", "new", "world-press-freedom-day", "--year", "2027", "--country", "XX"],
            2,
            "unknown country 'XX'",
        ),
        (
            [
                "campaign",
                "new",
                "world-press-freedom-day",
                "--template-file",
                str(FIXTURES / "campaign-templates" / "broken.yaml"),
            ],
            1,
            "broken.yaml:8",
        ),
    ],
)
def test_bad_input_for_new_writes_nothing(run: Run, args: list[str], code: int, message: str) -> None:
    ok(run("campaign", "new", "human-rights-day", "--year", "2027"))
    before = exported(run)
    failed(run(*args), code, message)
    assert exported(run) == before


# -- list, show -------------------------------------------------------------------------------


@pytest.fixture
def three(run: Run) -> Run:
    ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027", "--owner", "Ana"))
    ok(run("campaign", "new", "human-rights-day", "--year", "2027"))
    ok(run("campaign", "new", "idahobit", "--year", "2027", "--template", "quick"))
    return run


def test_list_json_carries_the_documented_keys(three: Run) -> None:
    data = json.loads(ok(three("campaign", "list", "--format", "json")).stdout)
    assert [c["id"] for c in data] == [WPFD, "idahobit-2027", "human-rights-day-2027"]
    assert list(data[0])[:5] == ["id", "observance", "year", "name", "template"]
    assert data[0]["observance"] == "world-press-freedom-day" and data[0]["year"] == 2027


def test_list_by_quarter_and_status(three: Run) -> None:
    ids = [c["id"] for c in json.loads(ok(three("campaign", "list", "--quarter", "2027Q4", "--format", "json")).stdout)]
    assert ids == ["human-rights-day-2027"]
    ok(three("campaign", "set", "idahobit-2027", "brief", "--status", "doing"))
    ids = [c["id"] for c in json.loads(ok(three("campaign", "list", "--status", "doing", "--format", "json")).stdout)]
    assert ids == ["idahobit-2027"]
    out = ok(three("campaign", "list")).stdout
    assert "3 campaigns." in out and all(len(line) <= 80 for line in out.splitlines())
    assert "No campaigns in Q1 2030" in ok(three("campaign", "list", "--quarter", "2030Q1")).stdout


def test_show_table_and_json(three: Run) -> None:
    out = ok(three("campaign", "show", WPFD)).stdout
    assert "Phase" in out and "Date" in out and "Day" in out and "Owner" in out and "Status" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    data = json.loads(ok(three("campaign", "show", WPFD, "--format", "json")).stdout)
    assert data["id"] == WPFD
    first = data["phases"][0]
    assert {"name", "date", "status", "owner"} <= set(first)
    assert (first["key"], first["date"], first["status"], first["owner"]) == (
        "research",
        "2027-03-08",
        "todo",
        "",
    )
    assert (first["role"], first["overdue"]) == ("researcher", False)
    assert "(researcher)" in out  # the role, for want of a person


def test_show_an_unknown_campaign(three: Run) -> None:
    failed(
        three("campaign", "show", "world-press-freedom-day-2028"),
        2,
        f"unknown campaign 'world-press-freedom-day-2028'; did you mean {WPFD}",
    )


# -- set, move, delete ------------------------------------------------------------------------


def test_set_changes_one_phase(three: Run) -> None:
    out = ok(
        three(
            "campaign",
            "set",
            WPFD,
            "approvals",
            "--status",
            "done",
            "--owner",
            "Sam",
            "--date",
            "2027-04-14",
            "--note",
            "Board meets 13 April",
        )
    ).stdout
    assert "status: todo -> done" in out and "owner: - -> Sam" in out
    assert "date: Mon 12 Apr 2027 -> Wed 14 Apr 2027 (set by hand)" in out
    phase = next(
        p
        for p in json.loads(ok(three("campaign", "show", WPFD, "--format", "json")).stdout)["phases"]
        if p["key"] == "approvals"
    )
    assert (phase["status"], phase["owner"], phase["date"], phase["note"]) == (
        "done",
        "Sam",
        "2027-04-14",
        "Board meets 13 April",
    )
    assert phase["sequence"] == 1  # one change of status and date: one new version
    out = ok(three("campaign", "set", WPFD, "approvals", "--date", "auto")).stdout
    assert "date: Wed 14 Apr 2027 (set by hand) -> Mon 12 Apr 2027" in out
    assert "nothing changed" in ok(three("campaign", "set", WPFD, "approvals", "--status", "done")).stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([WPFD, "aprovals", "--status", "done"], 2, "unknown phase 'aprovals'; did you mean approvals"),
        ([WPFD, "approvals", "--date", "2027-02-30"], 2, "invalid --date '2027-02-30'"),
        ([WPFD, "approvals", "--date", "14/04/2027"], 2, "use the form YYYY-MM-DD"),
        ([WPFD, "approvals", "--status", "finished"], 2, "'finished' is not one of"),
        ([WPFD, "approvals"], 2, "say what to change"),
        ([WPFD, "launch", "--date", "2027-05-02"], 2, "under embargo"),
        (["nope-2027", "launch", "--status", "done"], 2, "unknown campaign 'nope-2027'"),
    ],
)
def test_bad_input_for_set_writes_nothing(three: Run, args: list[str], code: int, message: str) -> None:
    before = exported(three)
    failed(three("campaign", "set", *args), code, message)
    assert exported(three) == before


def test_move_to_another_year_keeps_hand_set_dates(three: Run) -> None:
    ok(three("campaign", "set", WPFD, "approvals", "--date", "2027-04-14", "--status", "done"))
    out = ok(three("campaign", "move", WPFD, "--year", "2028", "--keep-status")).stdout
    assert "as world-press-freedom-day-2028" in out
    assert "Team calendar feeds show the 2027 dates as cancelled for 14 days." in out
    assert "Dates set by hand, kept: approvals (Fri 14 Apr 2028)" in out
    data = json.loads(ok(three("campaign", "show", "world-press-freedom-day-2028", "--format", "json")).stdout)
    phases = {p["key"]: p for p in data["phases"]}
    assert phases["launch"]["date"] == "2028-05-03"
    assert phases["approvals"]["status"] == "done"
    assert data["name"] == "World Press Freedom Day 2028"
    assert data["owner"] == "Ana"


def test_a_move_cancels_the_old_years_dates_in_the_team_feed(three: Run) -> None:
    import icalendar

    def statuses(*args: str) -> dict[str, str]:
        body = ok(three("feed", *args)).stdout_bytes
        return {str(e["uid"]): str(e["status"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}

    before = statuses("--campaign", WPFD)
    ok(three("campaign", "move", WPFD, "--year", "2028"))
    after = statuses("--campaign", WPFD)
    assert set(after) == set(before) and set(after.values()) == {"CANCELLED"}
    moved = statuses("--campaign", "world-press-freedom-day-2028")
    assert moved and set(moved.values()) == {"CONFIRMED"} and not set(moved) & set(after)
    ok(three("campaign", "new", "world-press-freedom-day", "--year", "2027"))  # the old year is free again


def test_move_onto_an_existing_campaign_is_refused(three: Run) -> None:
    ok(three("campaign", "new", "world-press-freedom-day", "--year", "2028"))
    before = exported(three)
    failed(
        three("campaign", "move", WPFD, "--year", "2028"), 1, "already a campaign for world-press-freedom-day in 2028"
    )
    failed(three("campaign", "move", WPFD, "--year", "1980"), 2, "did not exist yet in 1980")
    assert exported(three) == before


def test_move_in_the_same_year_follows_a_changed_date(three: Run, tmp_path: Path) -> None:
    moved = tmp_path / "moved.yaml"
    text = (FIXTURES / "campaigns-catalogue.yaml").read_text(encoding="utf-8")
    moved.write_text(
        text.replace("{kind: fixed, month: 5, day: 3}", "{kind: fixed, month: 5, day: 4}"), encoding="utf-8"
    )
    ok(three("campaign", "set", WPFD, "approvals", "--date", "2027-04-14"))
    hint = ok(three("--catalogue", str(moved), "campaign", "show", WPFD)).stdout
    assert f"re-schedule with: planner campaign move {WPFD} --year 2027" in " ".join(hint.split())
    assert "nothing changed" in ok(three("campaign", "move", WPFD)).stdout
    out = ok(three("--catalogue", str(moved), "campaign", "move", WPFD)).stdout
    assert "the day is now Tue 4 May 2027" in out
    phases = {
        p["key"]: p["date"]
        for p in json.loads(ok(three("campaign", "show", WPFD, "--format", "json")).stdout)["phases"]
    }
    assert phases["launch"] == "2027-05-04" and phases["approvals"] == "2027-04-14"


def test_every_line_fits_80_columns_for_a_long_period_and_long_words(run: Run) -> None:
    outputs = [
        ok(run("campaign", "new", "sixteen-days", "--year", "2027", "--owner", "Ana Silva-Rodrigues")).stdout,
        ok(run("campaign", "show", "sixteen-days-2027")).stdout,
        ok(run("campaign", "move", "sixteen-days-2027", "--year", "2028")).stdout,
        ok(run("campaign", "set", "sixteen-days-2028", "research", "--note", "a long note " * 12)).stdout,
        ok(run("campaign", "new", "udhr-anniversary", "--year", "2028")).stdout,  # the milestone hint
    ]
    for out in outputs:
        assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "The 80th is a milestone" in outputs[-1] and "--template anniversary-year" in outputs[-1]


def test_move_never_puts_a_launch_before_its_embargo(three: Run, tmp_path: Path) -> None:
    ok(three("campaign", "set", WPFD, "launch", "--date", "2027-05-03"))  # the day itself, set by hand
    moved = tmp_path / "moved.yaml"
    text = (FIXTURES / "campaigns-catalogue.yaml").read_text(encoding="utf-8")
    moved.write_text(
        text.replace("{kind: fixed, month: 5, day: 3}", "{kind: fixed, month: 5, day: 4}"), encoding="utf-8"
    )
    out = ok(three("--catalogue", str(moved), "campaign", "move", WPFD)).stdout
    assert "The date set by hand for launch would fall before its day" in " ".join(out.split())
    phases = {p["key"]: p for p in json.loads(ok(three("campaign", "show", WPFD, "--format", "json")).stdout)["phases"]}
    assert (phases["launch"]["date"], phases["launch"]["manual_date"]) == ("2027-05-04", None)


def test_move_with_another_country(three: Run) -> None:
    out = ok(three("campaign", "move", WPFD, "--country", "GB-ENG")).stdout
    assert "without public holidays in GB-ENG" in out
    assert "1 phase date changed" in " ".join(out.split())


def test_delete_asks_first(three: Run) -> None:
    assert "Nothing deleted." in ok(three("campaign", "delete", WPFD, input="n\n")).stdout
    assert WPFD in exported(three)
    out = ok(three("campaign", "delete", WPFD, input="y\n")).stdout
    assert f"Deleted {WPFD}." in out
    assert "cancelled for 14 days" in out and "planner campaign new world-press-freedom-day --year 2027" in out
    ok(three("campaign", "delete", "idahobit-2027", "--yes"))
    assert [c["id"] for c in json.loads(ok(three("campaign", "list", "--format", "json")).stdout)] == [
        "human-rights-day-2027"
    ]
    failed(
        three("campaign", "delete", "idahobit-2027", "--yes"), 2, "campaign 'idahobit-2027' was deleted on 2026-11-21"
    )
    failed(three("campaign", "delete", "nope-2027", "--yes"), 2, "unknown campaign 'nope-2027'")


def test_a_deleted_campaign_is_gone_from_every_command_and_can_be_planned_again(three: Run) -> None:
    ok(three("campaign", "set", "idahobit-2027", "launch", "--status", "doing"))
    ok(three("campaign", "delete", "idahobit-2027", "--yes"))
    gone = "campaign 'idahobit-2027' was deleted on 2026-11-21; plan it again with: planner campaign new idahobit"
    failed(three("campaign", "show", "idahobit-2027"), 2, gone)
    failed(three("campaign", "set", "idahobit-2027", "launch", "--status", "done"), 2, gone)
    failed(three("campaign", "move", "idahobit-2027", "--year", "2028"), 2, gone)
    assert "idahobit" not in exported(three)
    assert "idahobit" not in ok(three("campaign", "list")).stdout
    assert "idahobit" not in ok(three("workload", "--quarter", "2027Q2")).stdout
    plan = json.loads(ok(three("plan", "2027Q2", "--format", "json")).stdout)
    assert [c["id"] for c in plan["campaigns"] if not c["suggested"]] == [WPFD]
    out = ok(three("campaign", "new", "idahobit", "--year", "2027")).stdout
    assert "Created campaign idahobit-2027 from the standard template." in out
    assert "takes the place of the deleted campaign" in out
    data = json.loads(ok(three("campaign", "show", "idahobit-2027", "--format", "json")).stdout)
    assert data["template"] == "standard"
    launch = next(p for p in data["phases"] if p["key"] == "launch")
    assert (launch["status"], launch["sequence"]) == ("todo", 3)  # above the deleted one's 2


def test_a_deleted_campaign_in_the_team_feed(three: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    import icalendar

    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))

    def events(*args: str, today: dt.date = dt.date(2027, 4, 20)) -> dict[str, icalendar.Event]:
        body = ok(three("feed", *args, today=today)).stdout_bytes
        return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}

    before = events("--campaign", WPFD)
    token = ok(three("feed", "token", "create", "--campaign", WPFD, "--campaign", "idahobit-2027")).stdout
    secret = token.splitlines()[1].strip()
    ok(three("campaign", "delete", WPFD, "--yes", today=dt.date(2027, 4, 20)))
    after = events("--campaign", WPFD)
    assert set(after) == set(before)
    for uid, event in after.items():
        assert str(event["status"]) == "CANCELLED", uid
        assert int(event["sequence"]) == int(before[uid]["sequence"]) + 1, uid
    assert {str(e["status"]) for e in events("--include", "campaigns").values()} >= {"CANCELLED", "CONFIRMED"}
    assert events("--campaign", WPFD, today=dt.date(2027, 5, 3))  # the last day of the grace period
    assert events("--campaign", WPFD, today=dt.date(2027, 5, 4)) == {}
    late = three("feed", "--campaign", WPFD, today=dt.date(2027, 7, 1))
    failed(late, 2, f"campaign '{WPFD}' was deleted on 2027-04-20")
    # A token for a deleted campaign keeps working (it used to fail for good).
    site = tmp_path / "site"
    for day, expected in ((dt.date(2027, 4, 21), {"CANCELLED", "CONFIRMED"}), (dt.date(2027, 7, 1), {"CONFIRMED"})):
        ok(three("publish", str(site), "--base-url", "https://e.org", "--team-token", secret, today=day))
        body = (site / "feeds" / "team" / f"{secret}.ics").read_bytes()
        found = icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert {str(e["status"]) for e in found} == expected


# -- export and import ------------------------------------------------------------------------


def test_export_import_export_is_byte_identical_and_import_is_idempotent(
    invoke: Invoke,
    tmp_path: Path,
    database_url: str,  # noqa: F811
    db: str,
) -> None:
    def run_on(url: str, *args: str, **kw: object) -> Result:
        return invoke("--catalogue", CATALOGUE, "--db", url, *args, **kw)

    source = f"sqlite:///{tmp_path / 'source.db'}"
    ok(
        run_on(
            source, "campaign", "new", "world-press-freedom-day", "--year", "2027", "--country", "GB", "--owner", "Ana"
        )
    )
    ok(run_on(source, "campaign", "new", "udhr-anniversary", "--year", "2028", "--template", "anniversary-year"))
    ok(run_on(source, "campaign", "new", "sixteen-days", "--year", "2027"))
    ok(
        run_on(
            source,
            "campaign",
            "set",
            WPFD,
            "approvals",
            "--date",
            "2027-04-14",
            "--note",
            "Board: «13 April»",
            "--status",
            "doing",
        )
    )
    ok(run_on(source, "campaign", "new", "idahobit", "--year", "2027"))
    ok(run_on(source, "campaign", "delete", "idahobit-2027", "--yes"))  # deleted: not exported
    first = tmp_path / "first.yaml"
    ok(run_on(source, "export", "-o", str(first)))
    assert "idahobit" not in first.read_text(encoding="utf-8")
    out = ok(run_on(database_url, "import", str(first))).stdout
    assert "3 added, 0 updated, 0 unchanged" in out
    second = tmp_path / "second.yaml"
    ok(run_on(database_url, "export", "-o", str(second)))
    assert second.read_bytes() == first.read_bytes()
    assert "0 added, 0 updated, 3 unchanged" in ok(run_on(database_url, "import", str(first))).stdout
    assert ok(run_on(database_url, "export")).stdout.encode() == first.read_bytes()


def test_a_bad_import_file_writes_nothing(three: Run, tmp_path: Path) -> None:
    before = exported(three)
    path = tmp_path / "campaigns.yaml"
    path.write_text(before.replace("status: todo", "status: someday", 1), encoding="utf-8")
    failed(three("import", str(path)), 1, "unknown status 'someday'")
    failed(three("import", str(tmp_path / "missing.yaml")), 1, "missing.yaml: file not found")
    assert exported(three) == before


# -- workload ---------------------------------------------------------------------------------


def test_workload_for_a_quarter(three: Run) -> None:
    ok(three("campaign", "set", WPFD, "launch", "--date", "2027-05-08"))  # 9 days before IDAHOBIT's launch
    ok(three("team", "add", "Sam", "--role", "social-media", "--capacity", "1"))
    ok(three("campaign", "assign", "idahobit-2027", "social-media=sam"))
    out = ok(three("workload", "--quarter", "2027Q2")).stdout
    assert "2027-W20" in out and "OVERLOADED" in out and "Sam has 2 (more than 1)" in out
    assert "Big sends closer than 14 days to each other:" in out
    assert (
        f"  9 days apart:\n    Sat 8 May 2027   {WPFD} › launch\n    Mon 17 May 2027  idahobit-2027 › launch\n" in out
    )
    assert all(len(line) <= 80 for line in out.splitlines()), out
    data = json.loads(ok(three("workload", "--quarter", "2027Q2", "--format", "json")).stdout)
    assert data["weeks"][0]["week"] == "2027-W13"
    assert data["big_sends_too_close"][0]["days"] == 9


def test_workload_fits_80_columns_with_long_ids_and_owners(run: Run) -> None:
    ok(run("campaign", "new", "udhr-anniversary", "--year", "2028", "--template", "anniversary-year"))
    ok(run("campaign", "new", "human-rights-day", "--year", "2027"))
    owner = "Ana Silva-Rodrigues (press office)"
    ok(run("campaign", "set", "udhr-anniversary-2028", "launch-press-release", "--owner", owner))
    ok(run("campaign", "set", "udhr-anniversary-2028", "launch", "--date", "2027-12-13"))  # 3 days after HRD
    out = ok(run("workload", "--quarter", "2027Q4", "--max-per-week", "1")).stdout
    assert "launch-press-release" in out and "Big sends closer than 14 days" in out
    assert all(len(line) <= 80 for line in out.splitlines()), out


def test_workload_sees_big_sends_just_outside_the_range(three: Run) -> None:
    ok(three("campaign", "set", WPFD, "launch", "--date", "2027-05-08"))
    out = ok(three("workload", "--from", "2027-05-01", "--to", "2027-05-10")).stdout
    assert "Mon 17 May 2027  idahobit-2027 › launch" in out


def test_set_warns_about_a_hand_set_date_on_a_weekend(three: Run) -> None:
    out = ok(three("campaign", "set", WPFD, "approvals", "--date", "2027-04-10")).stdout
    assert "beware: Sat 10 Apr 2027 is not a working day (weekend)" in out


def test_workload_with_nothing_to_do(run: Run) -> None:
    ok(run("db", "upgrade"))
    out = ok(run("workload", "--quarter", "2030Q1")).stdout
    assert "0 campaigns" in out and "No overloaded weeks" in out


@pytest.mark.parametrize(
    "args",
    [("campaign", "list"), ("campaign", "show", "x-2027"), ("workload",), ("export",)],
)
def test_read_commands_never_create_a_database(invoke: Invoke, tmp_path: Path, args: tuple[str, ...]) -> None:
    """A typo in --db names the missing file and how to create it; nothing is created."""
    missing = tmp_path / "typo.db"
    result = invoke("--db", str(missing), *args)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"error: no database at {missing}" in result.stderr and "db upgrade" in result.stderr
    assert not missing.exists()


def test_no_sqlalchemy_import_when_the_database_is_missing(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from planner import api\n"
        "from planner.campaigns.location import NoDatabase\n"
        "try:\n"
        f"    api.open_existing_database({str(tmp_path / 'none.db')!r})\n"
        "except NoDatabase:\n"
        "    pass\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- the database -----------------------------------------------------------------------------


def test_db_commands(run: Run, db: str) -> None:
    from planner.campaigns.store import Store

    with Store("sqlite://", migrate=False) as store:
        head = store.revision().head
    assert "Revision: none" in ok(run("db", "current")).stdout
    assert f"from empty to {head}" in ok(run("db", "upgrade")).stdout
    assert f"already at revision {head}" in ok(run("db", "upgrade")).stdout
    assert f"{head} (the latest; up to date)" in ok(run("db", "current")).stdout
    assert "Nothing changed." in ok(run("db", "downgrade", input="n\n")).stdout
    assert f"from {head} to 0001" in ok(run("db", "downgrade", "0001", "--yes")).stdout
    assert f"0001 (the latest is {head}: run `planner db upgrade`)" in ok(run("db", "current")).stdout
    assert "from 0001 to empty (base)" in ok(run("db", "downgrade", "--yes")).stdout


def test_a_database_from_a_newer_planner(run: Run, db: str) -> None:
    import sqlite3

    ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027"))
    conn = sqlite3.connect(db.removeprefix("sqlite:///"))
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    failed(run("campaign", "list"), 1, "written by a newer planner")
    failed(run("campaign", "show", WPFD), 1, "Upgrade planner")
    assert "newer than this planner knows" in ok(run("db", "current")).stdout


def test_an_unreachable_database(run: Run) -> None:
    err = failed(
        run("--db", "postgresql://me:secret@127.0.0.1:1/nowhere", "campaign", "list"),
        1,
        "cannot open the database postgresql+psycopg://me:***@127.0.0.1:1/nowhere",
    )
    assert "secret" not in err


def test_a_file_that_is_not_a_database(run: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("these are my notes, not a database\n" * 200)
    failed(run("--db", str(notes), "campaign", "list"), 1, "Is it a planner database?")
    assert notes.read_text().startswith("these are my notes")


def test_a_plain_file_path_for_db(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    ok(run("--db", str(path), "campaign", "new", "idahobit", "--year", "2027"))
    assert path.is_file()
