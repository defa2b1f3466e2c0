"""The team roster, `campaign assign`, overdue marks and `planner due`, as a campaign lead runs them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from planner.campaigns.files import FileProblems, dump_roster, load_roster
from planner.campaigns.roster import Roster, person
from planner.campaigns.store import Store
from planner.errors import UsageProblem

from .conftest import FIXTURES, Invoke
from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

CATALOGUE = str(FIXTURES / "campaigns-catalogue.yaml")
WPFD = "world-press-freedom-day-2027"
Run = Callable[..., Result]
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def run(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{tmp_path / 'planner.campaigns.db'}")
    monkeypatch.setenv("PLANNER_TEMPLATE_DIR", str(tmp_path / "templates"))
    monkeypatch.delenv("PLANNER_COUNTRY", raising=False)
    return lambda *args, **kw: invoke("--catalogue", CATALOGUE, *args, **kw)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def failed(result: Result, code: int, message: str) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert message in " ".join(result.stderr.split()), result.stderr
    return result.stderr


@pytest.fixture
def team(run: Run) -> Run:
    """Three people: Amina leads and writes, Ben designs and posts, Chen does press and research."""
    ok(run("team", "add", "Amina", "--role", "campaign-lead", "--role", "writer", "--capacity", "4"))
    ok(run("team", "add", "Ben Ode", "--role", "designer,social-media"))
    ok(run("team", "add", "Chen", "--role", "press-officer", "--role", "researcher", "--role", "partnerships"))
    return run


def test_team_add_list_set_remove(team: Run) -> None:
    out = ok(team("team", "list")).stdout
    assert "Amina" in out and "campaign-lead, writer" in out and "Ben Ode" in out and "3 people." in out
    assert all(len(line) <= 80 for line in out.splitlines())
    data = json.loads(ok(team("team", "list", "--format", "json")).stdout)
    assert data[0] == {"name": "Amina", "roles": ["campaign-lead", "writer"], "capacity": 4}
    failed(team("team", "add", "amina"), 2, "'Amina' is already on the team")
    failed(team("team", "add", "Dee", "--role", "Chief Writer!"), 2, "role 'Chief Writer!' must be lower-case")
    failed(team("team", "add", "Dee", "--capacity", "0"), 2, "capacity 0 is out of range")
    failed(team("team", "set", "Amnia", "--capacity", "2"), 2, "unknown person 'Amnia'; did you mean Amina?")
    out = ok(team("team", "set", "amina", "--drop-role", "writer", "--capacity", "2")).stdout
    assert "Amina: campaign-lead; 2 phases a week." in out
    failed(team("team", "set", "Amina", "--drop-role", "designer"), 2, "Amina does not hold designer")
    assert "Nothing changed." in ok(team("team", "remove", "Chen", input="n\n")).stdout
    assert "Removed Chen from the team." in ok(team("team", "remove", "chen", "--yes")).stdout
    assert [p["name"] for p in json.loads(ok(team("team", "list", "--format", "json")).stdout)] == ["Amina", "Ben Ode"]


def test_new_campaign_gives_phases_to_people(team: Run) -> None:
    data = json.loads(
        ok(team("campaign", "new", "world-press-freedom-day", "--year", "2027", "--format", "json")).stdout
    )
    owners = {p["key"]: (p["role"], p["owner"]) for p in data["phases"]}
    assert owners["research"] == ("researcher", "Chen")
    assert owners["key-messages"] == ("writer", "Amina")
    assert owners["assets-ready"] == ("designer", "Ben Ode")
    assert all(owner for _, owner in owners.values())  # nobody's role left unheld


def test_unheld_roles_are_named_and_assign_hands_them_over(run: Run) -> None:
    ok(run("team", "add", "Amina", "--role", "writer"))
    out = ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027")).stdout
    assert "Nobody on the team roster holds" in out and "designer" in out
    assert f"planner campaign assign {WPFD}" in " ".join(out.split())
    ok(run("team", "add", "Ben Ode", "--role", "designer"))
    out = ok(run("campaign", "assign", WPFD, "designer=ben ode", "researcher=Amina")).stdout
    assert "designer: 1 phase now with Ben Ode" in out and "researcher: 1 phase now with Amina" in out
    phases = json.loads(ok(run("campaign", "show", WPFD, "--format", "json")).stdout)["phases"]
    assert {p["owner"] for p in phases if p["role"] in ("designer", "researcher")} == {"Ben Ode", "Amina"}
    failed(run("campaign", "assign", WPFD, "designer=Zed"), 2, "unknown person 'Zed'")
    failed(run("campaign", "assign", WPFD, "illustrator=Amina"), 2, "has no phase for role 'illustrator'")
    failed(run("campaign", "assign", WPFD, "designer"), 2, "'designer' is not ROLE=NAME")
    failed(run("campaign", "assign", WPFD), 2, "say who does what")


def test_roster_round_trips_through_yaml(team: Run, tmp_path: Path) -> None:
    target = tmp_path / "team.yaml"
    ok(team("team", "export", "-o", str(target)))
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# planner team roster.")
    assert "- name: Ben Ode\n  roles:\n  - designer\n  - social-media\n  capacity: 3\n" in text
    assert "0 added, 0 updated, 3 unchanged" in ok(team("team", "import", str(target))).stdout
    target.write_text(
        "version: 1\npeople:\n  - {name: Amina, roles: [writer], capacity: 5}\n  - {name: Dee, roles: [designer]}\n",
        encoding="utf-8",
    )
    out = ok(team("team", "import", str(target), "--replace")).stdout
    assert "1 added, 1 updated, 0 unchanged, 2 removed" in out
    assert [p["name"] for p in json.loads(ok(team("team", "list", "--format", "json")).stdout)] == ["Amina", "Dee"]


def test_a_bad_roster_file_names_line_and_key_and_changes_nothing(team: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "people:\n  - name: Amina\n    capacity: lots\n  - name: Ben\n    role: designer\n  - name: Dee\n  - name: dee\n",
        encoding="utf-8",
    )
    err = failed(team("team", "import", str(bad)), 1, "the roster file has 3 problems")
    assert "bad.yaml:3: key people[0].capacity: expected a whole number" in err
    assert "people[1]" in err and "role" in err
    assert "'dee' appears twice in this file" in err
    assert len(json.loads(ok(team("team", "list", "--format", "json")).stdout)) == 3


def test_roster_yaml_functions_round_trip(tmp_path: Path) -> None:
    roster = Roster.of([person("Zoë Ørsted", ["writer"], 2), person("amir", ["designer", "social-media"])])
    path = tmp_path / "r.yaml"
    path.write_text(dump_roster(roster), encoding="utf-8")
    assert load_roster(path) == roster
    assert [p.name for p in roster.people] == ["amir", "Zoë Ørsted"]
    with pytest.raises(UsageProblem, match="may not contain"):
        person("a=b")
    path.write_text("people: [{name: ''}]\n", encoding="utf-8")
    with pytest.raises(FileProblems):
        load_roster(path)


def test_the_roster_is_kept_in_the_database(database_url: str) -> None:  # noqa: F811
    with Store(database_url) as store:
        store.save_person(person("Amina", ["writer"], 4), now=NOW)
        store.save_person(person("Ben", ["designer"]), now=NOW)
        with pytest.raises(UsageProblem, match="already on the team"):
            store.save_person(person("BEN"), now=NOW)
        store.save_person(person("Benedict", ["designer", "writer"]), now=NOW, replace_name="ben")
        assert store.roster().people == (person("Amina", ["writer"], 4), person("Benedict", ["designer", "writer"]))
        assert store.roster().holder("writer") == person("Amina", ["writer"], 4)
        store.remove_person("amina")
        assert [p.name for p in store.roster().people] == ["Benedict"]


# -- overdue and due --------------------------------------------------------------------------------


@pytest.fixture
def late(team: Run) -> Run:
    """Campaigns made in November 2026, looked at on 1 April 2027 with some work not done."""
    ok(team("campaign", "new", "world-press-freedom-day", "--year", "2027"))
    ok(team("campaign", "new", "idahobit", "--year", "2027", "--template", "quick"))
    ok(team("campaign", "set", WPFD, "key-messages", "--status", "done"))
    return lambda *args, **kw: team(*args, today=kw.pop("today", dt.date(2027, 4, 1)), **kw)


def test_overdue_shows_in_show_list_and_json(late: Run) -> None:
    out = ok(late("campaign", "show", WPFD)).stdout
    assert "OVERDUE" in out and all(len(line) <= 80 for line in out.splitlines())
    phases = {p["key"]: p for p in json.loads(ok(late("campaign", "show", WPFD, "--format", "json")).stdout)["phases"]}
    assert phases["research"]["overdue"] is True  # 8-21 March, still todo
    assert phases["key-messages"]["overdue"] is False  # done
    assert phases["launch"]["overdue"] is False  # not yet
    listed = {c["id"]: c for c in json.loads(ok(late("campaign", "list", "--format", "json")).stdout)}
    assert listed[WPFD]["overdue"] is True and listed[WPFD]["phases_overdue"] >= 1
    assert listed["idahobit-2027"]["overdue"] is False
    out = ok(late("campaign", "list")).stdout
    assert "OVERDUE" in out and "overdue: see planner due" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_due_lists_each_persons_overdue_and_coming_work(late: Run) -> None:
    out = ok(late("due")).stdout
    assert out.startswith("Due on Thu 1 Apr 2027: overdue, and coming up to Wed 14 Apr 2027.")
    assert "Chen (" in out and "OVERDUE" in out and "Research and plan" in out
    assert all(len(line) <= 80 for line in out.splitlines()), out
    data = json.loads(ok(late("due", "--format", "json", "--days", "30")).stdout)
    chen = next(p for p in data["people"] if p["owner"] == "Chen")
    assert chen["overdue"][0]["phase"] == "research" and chen["overdue"][0]["overdue"] is True
    assert chen["overdue"][0]["days_late"] == 11  # research ended Sun 21 March
    only = json.loads(ok(late("due", "--owner", "amina", "--format", "json")).stdout)
    assert [p["owner"] for p in only["people"]] in ([], ["Amina"])
    assert "key-messages" not in json.dumps(only)  # done work is never due
    assert "Nothing overdue or coming up for Nobody" in ok(late("due", "--owner", "Nobody")).stdout


def test_due_counts_work_older_than_90_days_and_lists_it_with_all(late: Run) -> None:
    """Six months after 3 May, the campaign's unmarked steps are counted in one line, not listed;
    `--all` lists them, and JSON carries the count."""
    autumn = dt.date(2027, 11, 15)
    out = ok(late("due", today=autumn)).stdout
    assert "OVERDUE" not in out
    assert "Not listed:" in out and "older open steps in 2 campaigns" in out and "planner due --all" in out
    assert all(len(line) <= 80 for line in out.splitlines()), out
    everything = ok(late("due", "--all", today=autumn)).stdout
    assert "OVERDUE" in everything and "Not listed" not in everything
    data = json.loads(ok(late("due", "--format", "json", today=autumn)).stdout)
    assert data["people"] == [] and data["older"]["campaigns"] == 2 and data["older"]["before"] == "2027-08-17"
    listed = json.loads(ok(late("due", "--all", "--format", "json", today=autumn)).stdout)
    assert sum(len(p["overdue"]) for p in listed["people"]) == data["older"]["steps"]


def test_workload_marks_overdue_weeks(late: Run) -> None:
    out = ok(late("workload", "--from", "2027-03-01", "--to", "2027-03-31")).stdout
    assert "OVERDUE" in out
    data = json.loads(ok(late("workload", "--from", "2027-03-01", "--to", "2027-03-31", "--format", "json")).stdout)
    assert any(item["overdue"] for week in data["weeks"] for item in week["items"])


# -- nothing planned in the past --------------------------------------------------------------------


def test_new_refuses_phases_in_the_past_without_allow_past(run: Run) -> None:
    err = failed(
        run("campaign", "new", "world-press-freedom-day", "--year", "2027", today=dt.date(2027, 4, 1)),
        2,
        "phases of the standard template would be dated before today (Thu 1 Apr 2027)",
    )
    assert "--template quick fits" in " ".join(err.split()) and "--allow-past" in err
    assert "No campaigns" in ok(run("campaign", "list")).stdout  # nothing was written
    out = ok(
        run("campaign", "new", "world-press-freedom-day", "--year", "2027", "--allow-past", today=dt.date(2027, 4, 1))
    )
    assert "are dated before today" in out.stdout
    ok(run("campaign", "delete", WPFD, "--yes"))
    assert (
        "Created campaign"
        in ok(
            run(
                "campaign",
                "new",
                "world-press-freedom-day",
                "--year",
                "2027",
                "--template",
                "quick",
                today=dt.date(2027, 4, 1),
            )
        ).stdout
    )


# -- consistency warnings -------------------------------------------------------------------------


def test_dates_out_of_order_are_pointed_out_in_set_show_workload_and_plan(run: Run) -> None:
    ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027"))
    out = ok(run("campaign", "set", WPFD, "approvals", "--date", "2027-05-06")).stdout
    flat = " ".join(out.split())
    assert "beware: 'Approvals signed off' (approvals) is on Thu 6 May 2027, after the day it prepares" in flat
    out = ok(run("campaign", "set", WPFD, "assets-ready", "--date", "2027-04-28")).stdout
    assert "after 'Embargoed press release to media' (press-release)" in " ".join(out.split())
    shown = ok(run("campaign", "show", WPFD)).stdout
    assert shown.count("beware:") == 2 and all(len(line) <= 80 for line in shown.splitlines())
    load = ok(run("workload", "--quarter", "2027Q2")).stdout
    assert "Phases out of order:" in load
    plan = json.loads(ok(run("plan", "2027Q2", "--format", "json")).stdout)
    assert {f["date"] for f in plan["flags"] if f["kind"] == "out-of-order"} == {"2027-04-28", "2027-05-06"}
    ok(run("campaign", "set", WPFD, "approvals", "--status", "done"))  # history is not checked
    assert ok(run("campaign", "show", WPFD)).stdout.count("beware:") == 1


def test_moving_to_another_year_starts_the_work_afresh(run: Run) -> None:
    ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027"))
    ok(run("campaign", "set", WPFD, "research", "--status", "done"))
    ok(run("campaign", "set", WPFD, "key-messages", "--status", "doing"))
    out = ok(run("campaign", "move", WPFD, "--year", "2028")).stdout
    assert "2 phases done or under way in 2027 are todo again for 2028" in " ".join(out.split())
    phases = json.loads(ok(run("campaign", "show", "world-press-freedom-day-2028", "--format", "json")).stdout)
    assert {p["status"] for p in phases["phases"]} == {"todo"}
    ok(run("campaign", "set", "world-press-freedom-day-2028", "research", "--status", "done"))
    out = ok(run("campaign", "move", "world-press-freedom-day-2028", "--year", "2029", "--keep-status")).stdout
    assert "todo again" not in out
    phases = json.loads(ok(run("campaign", "show", "world-press-freedom-day-2029", "--format", "json")).stdout)
    assert {p["key"]: p["status"] for p in phases["phases"]}["research"] == "done"


def test_an_export_from_before_the_roster_imports_roles_as_roles(run: Run, tmp_path: Path) -> None:
    ok(run("campaign", "new", "world-press-freedom-day", "--year", "2027"))
    text = ok(run("export")).stdout
    # the shape of an export made before the roster: no role, the template's role as the owner
    old = "\n".join(line for line in text.splitlines() if not line.strip().startswith("role:")) + "\n"
    ok(run("campaign", "delete", WPFD, "--yes"))
    path = tmp_path / "old.yaml"
    path.write_text(old.replace("    owner: ''", "    owner: writer"), encoding="utf-8")
    ok(run("import", str(path)))
    phases = json.loads(ok(run("campaign", "show", WPFD, "--format", "json")).stdout)["phases"]
    assert {(p["role"], p["owner"]) for p in phases} == {("writer", "")}


def test_close_marks_old_work_skipped_in_one_go(late: Run) -> None:
    """`campaign close --older` closes exactly what `due` counts as older; `campaign close ID`
    closes one campaign; the plan and `due` then stop counting them; a refusal changes nothing."""
    autumn = dt.date(2027, 11, 15)
    before = json.loads(ok(late("due", "--format", "json", today=autumn)).stdout)["older"]
    listing = ok(late("campaign", "list", today=autumn)).stdout
    assert "planner campaign close --older marks them skipped" in " ".join(listing.split())
    assert "Nothing changed." in ok(late("campaign", "close", "--older", today=autumn, input="n\n")).stdout
    assert json.loads(ok(late("due", "--format", "json", today=autumn)).stdout)["older"] == before
    out = ok(late("campaign", "close", "--older", "--yes", today=autumn)).stdout
    assert f"Marked {before['steps']} phases in {before['campaigns']} campaigns as skipped." in out
    after = json.loads(ok(late("due", "--all", "--format", "json", today=autumn)).stdout)
    assert after["people"] == [] and "older" not in after
    shown = json.loads(ok(late("campaign", "show", WPFD, "--format", "json", today=autumn)).stdout)["phases"]
    assert {p["key"]: p["status"] for p in shown}["key-messages"] == "done"  # done work keeps its status
    assert {p["status"] for p in shown} <= {"done", "skipped"}
    assert "Nothing to close" in ok(late("campaign", "close", "--older", "--yes", today=autumn)).stdout
    failed(late("campaign", "close", today=autumn), 2, "name the campaigns to close")
    failed(late("campaign", "close", WPFD, "--older", today=autumn), 2, "not both")


def test_close_one_campaign_by_id(late: Run) -> None:
    out = ok(late("campaign", "close", "idahobit-2027", "--status", "done", "--yes")).stdout
    assert "in 1 campaign as done." in out and "idahobit-2027:" in out
    shown = json.loads(ok(late("campaign", "show", "idahobit-2027", "--format", "json")).stdout)["phases"]
    assert {p["status"] for p in shown} == {"done"}
    failed(late("campaign", "close", "no-such-campaign", "--yes"), 2, "unknown campaign 'no-such-campaign'")
