"""`planner feed`, `feed lint`, `feed token`, `publish` and `serve` from the command line."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import icalendar
import pytest

from planner.feeds.lint import lint
from tests.conftest import FIXTURES, TODAY, Invoke

CATALOGUE = str(FIXTURES / "feed-catalogue.yaml")
ICS = FIXTURES / "ics"


@pytest.fixture(scope="session")
def _empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A campaign database with its tables and no rows, made once (as `planner db upgrade` would)."""
    from planner.campaigns.store import open_store

    path = tmp_path_factory.mktemp("empty-db") / "campaigns.db"
    with open_store(f"sqlite:///{path}") as store:
        store.campaigns()
    return path


@pytest.fixture(autouse=True)
def _private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _empty_database: Path) -> None:
    """Tokens and campaigns go to this test's own folder, in a database that exists (one named
    with PLANNER_DATABASE_URL is never created by `feed`, `publish` or the token commands)."""
    shutil.copyfile(_empty_database, tmp_path / "campaigns.db")
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{tmp_path / 'campaigns.db'}")
    monkeypatch.delenv("PLANNER_UID_DOMAIN", raising=False)
    monkeypatch.delenv("PLANNER_BASE_URL", raising=False)


def _events(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


# -- planner feed ----------------------------------------------------------------------------


def test_feed_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "f.ics"
    result = invoke("--catalogue", CATALOGUE, "feed", "-o", str(out))
    assert result.exit_code == 0, result.output
    body = out.read_bytes()
    assert re.match(r"wrote \d+ events \([\d,]+ bytes\) from 2025-11-01 to 2028-11-30 to ", result.stderr)
    assert lint(body).problems == ()
    assert "press-freedom-day-2027@planner.invalid" in _events(body)


def test_feed_to_stdout_is_deterministic(invoke: Invoke) -> None:
    first = invoke("--catalogue", CATALOGUE, "feed").stdout_bytes
    second = invoke("--catalogue", CATALOGUE, "feed").stdout_bytes
    assert first == second and first.startswith(b"BEGIN:VCALENDAR\r\n")


def test_feed_filters_and_window(invoke: Invoke) -> None:
    args = (
        "--catalogue",
        CATALOGUE,
        "feed",
        "--theme",
        "media-freedom",
        "--from",
        "2027-01-01",
        "--to",
        "2027-12-31",
        "--uid-domain",
        "cal.example.org",
    )
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    events = _events(result.stdout_bytes)
    assert {"press-freedom-day-2027@cal.example.org", "summit-2027-2027@cal.example.org"} <= set(events)
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert str(cal["x-wr-calname"]) == "Human rights observances: media-freedom"
    only_anniversaries = invoke(
        "--catalogue", CATALOGUE, "feed", "--include", "anniversaries", "--from", "2026-01-01", "--to", "2026-12-31"
    )
    assert {u.rsplit("-", 1)[0] for u in _events(only_anniversaries.stdout_bytes)} >= {"declaration-anniversary"}
    assert all(
        str(e["categories"].to_ical(), "utf-8").startswith("anniversary")
        for e in _events(only_anniversaries.stdout_bytes).values()
    )


def test_uid_domain_from_the_environment(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_UID_DOMAIN", "ngo.example")
    result = invoke(
        "--catalogue", CATALOGUE, "feed", "--theme", "media-freedom", "--from", "2027-05-01", "--to", "2027-05-31"
    )
    assert "press-freedom-day-2027@ngo.example" in _events(result.stdout_bytes)


def test_alarms_are_opt_in(invoke: Invoke) -> None:
    plain = invoke("--catalogue", CATALOGUE, "feed", "--from", "2027-05-01", "--to", "2027-05-31").stdout_bytes
    assert b"VALARM" not in plain
    alarmed = invoke(
        "--catalogue", CATALOGUE, "feed", "--from", "2027-05-01", "--to", "2027-05-31", "--alarm", "7d"
    ).stdout_bytes
    assert b"BEGIN:VALARM" in alarmed and b"TRIGGER:-P7D" in alarmed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2027-01-01"), "give both --from and --to"),
        (("--from", "2027-02-01", "--to", "2027-01-01"), "is before --from"),
        (("--from", "2027-02-30", "--to", "2027-03-01"), "2027-02-30"),
        (("--theme", "media-fredom"), "did you mean media-freedom"),
        (("--include", "holidays"), "unknown --include value 'holidays'"),
        (("--alarm", "soon"), "invalid lead time 'soon'"),
        (("--uid-domain", "not a domain"), "invalid UID domain"),
        (("--embargo-at", "09:00 Europe/Geneva"), "Geneva uses Europe/Zurich"),
        (("--kind", "holiday"), "holiday"),
    ],
)
def test_feed_usage_errors(invoke: Invoke, args: tuple[str, ...], message: str) -> None:
    result = invoke("--catalogue", CATALOGUE, "feed", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_size_warning(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("planner.feeds.build.SIZE_LIMIT", 1000)
    result = invoke("--catalogue", CATALOGUE, "feed", "-o", str(tmp_path / "f.ics"))
    assert result.exit_code == 0
    assert "warning: the feed is" in result.stderr and "over 1,000" in result.stderr


def test_feed_help_lists_subcommands(invoke: Invoke) -> None:
    result = invoke("feed", "--help")
    assert result.exit_code == 0
    assert "lint" in result.stdout and "token" in result.stdout


# -- planner feed lint ------------------------------------------------------------------------


def test_lint_a_clean_feed(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "f.ics"
    invoke("--catalogue", CATALOGUE, "feed", "-o", str(out))
    result = invoke("feed", "lint", "--advice", "--strict", str(out))
    assert result.exit_code == 0
    assert re.fullmatch(
        rf"{re.escape(str(out))}: 0 errors, 0 warnings, 0 advice in \d+ events \([\d,]+ bytes\): ok\n", result.stdout
    )


def test_lint_reports_file_line_severity_and_rule(invoke: Invoke) -> None:
    path = str(ICS / "broken_allday_dtend_eq_dtstart.ics")
    result = invoke("feed", "lint", path)
    assert result.exit_code == 1
    assert (
        f"{path}:39: error: all-day DTEND 20240801 is not after DTSTART 20240801; DTEND is exclusive (the next day) "
        "(rule 3; RFC 5545 §3.6.1)" in result.stdout.splitlines()
    )
    assert all(
        re.match(rf"{re.escape(path)}:\d+: (error|warning): .+ \(rule \d+(; [^)]+)?\)$", line)
        for line in result.stdout.splitlines()
    )
    assert re.search(r"\d+ errors?, \d+ warnings?, \d+ advice \(shown with --advice\) in 6 events", result.stderr)


def test_lint_exits_1_only_on_errors_unless_strict(invoke: Invoke) -> None:
    """A valid file with only advice (good.ics: an RRULE, a VALARM) passes; a warning fails only --strict."""
    good = ICS / "good.ics"
    result = invoke("feed", "lint", str(good))
    assert (
        result.exit_code == 0
        and ": advice: " not in result.stdout
        and "19 advice (shown with --advice)" in result.stdout
    )
    shown = invoke("feed", "lint", "--advice", str(good))
    assert shown.exit_code == 0 and ": advice: " in shown.stdout and "(rule 17)" in shown.stdout
    warned = ICS / "broken_icalendar_rdate_vtimezone.ics"  # several onsets in one RDATE: ical.js
    assert invoke("feed", "lint", str(warned)).exit_code == 0
    strict = invoke("feed", "lint", "--strict", str(warned))
    assert strict.exit_code == 1 and ": warning: " in strict.stdout


def test_lint_from_stdin_and_alarm_option(invoke: Invoke) -> None:
    good = (ICS / "good.ics").read_bytes()
    result = invoke("feed", "lint", "--advice", "-", input=good.decode("utf-8"))
    assert result.exit_code == 0 and "<stdin>:" in result.stdout and "(rule 17)" in result.stdout
    allowed = invoke("feed", "lint", "--advice", "--alarms-ok", "-", input=good.decode("utf-8"))
    assert "(rule 17)" not in allowed.stdout


def test_lint_several_files_with_a_verdict_each(invoke: Invoke) -> None:
    """A third-party calendar is often several files: each gets its own verdict line; the exit
    code is 1 when any has errors. A file with advice only, or warnings without --strict, is ok."""
    good, broken, warned = (
        ICS / "good.ics",
        ICS / "broken_allday_dtend_eq_dtstart.ics",
        (ICS / "broken_icalendar_rdate_vtimezone.ics"),
    )
    result = invoke("feed", "lint", str(good), str(warned), str(broken))
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(str(good))}: 0 errors, 0 warnings, 19 advice .*: ok$", result.stdout, re.M)
    assert re.search(rf"^{re.escape(str(warned))}: 0 errors, [1-9]\d* warnings?, .*: ok, but ", result.stdout, re.M)
    assert re.search(rf"^{re.escape(str(broken))}: .*: fails \(it has errors\)$", result.stderr, re.M)
    strict = invoke("feed", "lint", "--strict", str(good), str(warned))
    assert strict.exit_code == 1 and "fails (it has warnings, and --strict fails on them)" in strict.stderr
    assert invoke("feed", "lint", str(good), str(good)).exit_code == 0


def test_lint_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("feed", "lint", str(tmp_path / "nope.ics"))
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = invoke("feed", "lint", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr
    result = invoke("feed", "lint", str(ICS / "good.ics"), str(tmp_path / "nope.ics"))
    assert result.exit_code == 2 and "no such file" in result.stderr and result.stdout == ""


# -- a database named that does not exist ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("feed",),
        ("feed", "--campaign", "world-press-freedom-day-2027"),
        ("publish", "SITE", "--base-url", "https://calendar.example.org"),
        ("feed", "token", "create", "--label", "comms team"),
        ("feed", "token", "list"),
        ("feed", "token", "revoke", "t1"),
    ],
    ids=["feed", "team-feed", "publish", "token-create", "token-list", "token-revoke"],
)
@pytest.mark.parametrize("how", ["--db", "env"])
def test_a_typo_in_the_database_path_creates_nothing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], how: str
) -> None:
    """Issue 10's rule for these writing commands too: a database named with --db or
    PLANNER_DATABASE_URL that does not exist is an error naming the path and how to create it;
    nothing is created (no empty database, no feed whose SEQUENCE starts again at 0)."""
    typo = tmp_path / "campaings.db"
    args = tuple(str(tmp_path / "site") if a == "SITE" else a for a in args)
    if how == "env":
        monkeypatch.setenv("PLANNER_DATABASE_URL", str(typo))
        result = invoke("--catalogue", CATALOGUE, *args)
    else:
        result = invoke("--catalogue", CATALOGUE, "--db", str(typo), *args)
    assert result.exit_code == 1, result.output
    assert f"error: no database at {typo}; check the --db path" in result.stderr
    assert f"planner --db {typo} db upgrade" in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""
    assert not typo.exists() and not (tmp_path / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("campaing")) == []


def test_the_default_database_is_still_created(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no --db and no PLANNER_DATABASE_URL, the first feed and the first token create the
    default database in the data folder, as before (a new user needs no setup step)."""
    monkeypatch.delenv("PLANNER_DATABASE_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh"))
    default = tmp_path / "fresh" / "planner" / "planner.campaigns.db"
    assert not default.exists()
    assert invoke("--catalogue", CATALOGUE, "feed").exit_code == 0
    assert default.is_file()
    created = invoke("feed", "token", "create", "--label", "comms team")
    assert created.exit_code == 0, created.output
    assert "comms team" in invoke("feed", "token", "list").stdout


# -- planner feed token -------------------------------------------------------------------------


def test_token_lifecycle(invoke: Invoke, tmp_path: Path) -> None:
    created = invoke("feed", "token", "create", "--label", "comms team", "--base-url", "https://cal.example.org")
    assert created.exit_code == 0, created.stderr
    secret = created.stdout.splitlines()[1].strip()
    token_id = re.search(r"Created feed token (\w+)", created.stdout)[1]  # type: ignore[index]
    assert f"Subscribe at:  https://cal.example.org/feeds/team/{secret}.ics" in created.stdout
    assert f"webcal://cal.example.org/feeds/team/{secret}.ics" in created.stdout
    import sqlite3

    with contextlib.closing(sqlite3.connect(tmp_path / "campaigns.db")) as conn:
        stored = conn.execute("SELECT label, digest FROM feed_tokens").fetchall()
    assert stored == [("comms team", hashlib.sha256(secret.encode()).hexdigest())]
    listed = invoke("feed", "token", "list")
    assert token_id in listed.stdout and "comms team" in listed.stdout and secret not in listed.stdout
    assert invoke("feed", "token", "revoke", token_id).stdout == f"Revoked feed token {token_id} (comms team).\n"
    assert "No feed tokens" in invoke("feed", "token", "list").stdout
    again = invoke("feed", "token", "revoke", token_id)
    assert again.exit_code == 2 and "no feed token with id" in again.stderr


def test_a_token_for_an_unknown_campaign_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    """Otherwise its feed URL would answer 503 for ever."""
    result = invoke("--catalogue", CATALOGUE, "feed", "token", "create", "--campaign", "nope-2027")
    assert result.exit_code == 2 and "unknown campaign 'nope-2027'" in result.stderr
    assert "No feed tokens" in invoke("feed", "token", "list").stdout
    campaign = _campaign(invoke)
    assert invoke("--catalogue", CATALOGUE, "feed", "token", "create", "--campaign", campaign).exit_code == 0


# -- planner publish ------------------------------------------------------------------------------


def test_publish_a_site(invoke: Invoke, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = invoke("--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://example.org/cal/")
    assert result.exit_code == 0, result.stderr
    assert "Subscribe page: https://example.org/cal/index.html" in result.stdout
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "https://example.org/cal/feeds/observances.ics" in page
    assert "webcal://example.org/cal/feeds/themes/media-freedom.ics" in page
    assert "https://calendar.google.com/calendar/r?cid=webcal://example.org/cal/feeds/observances.ics" in page
    assert not (site / "feeds" / "themes" / "empty-theme.ics").exists()  # no empty feeds
    feeds = sorted(site.rglob("*.ics"))
    assert site / "feeds" / "observances.ics" in feeds and site / "feeds" / "themes" / "media-freedom.ics" in feeds
    for path in feeds:
        assert lint(path.read_bytes()).problems == (), path
    assert (site / "_headers").exists() and (site / ".htaccess").exists() and (site / "robots.txt").exists()
    assert not (site / "feeds" / "team").exists()
    again = invoke("--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://example.org/cal")
    assert again.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_publish_refuses_other_folders_and_bad_urls(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.txt").write_text("mine")
    result = invoke("--catalogue", CATALOGUE, "publish", str(tmp_path / "docs"), "--base-url", "https://e.org")
    assert result.exit_code == 1 and "not made by `planner publish`" in result.stderr
    assert (tmp_path / "docs" / "keep.txt").read_text() == "mine"
    bad = invoke("--catalogue", CATALOGUE, "publish", str(tmp_path / "s"), "--base-url", "example.org")
    assert bad.exit_code == 2 and "invalid base URL" in bad.stderr
    missing = invoke("--catalogue", CATALOGUE, "publish", str(tmp_path / "s"))
    assert missing.exit_code == 2 and "--base-url" in missing.stderr
    http = invoke("--catalogue", CATALOGUE, "publish", str(tmp_path / "s"), "--base-url", "http://e.org")
    assert http.exit_code == 0 and "not https" in http.stderr


# -- team feeds from the campaign store --------------------------------------------------------


def _campaign(invoke: Invoke) -> str:
    result = invoke("--catalogue", CATALOGUE, "campaign", "new", "press-freedom-day", "--year", "2027")
    assert result.exit_code == 0, result.stderr
    return "press-freedom-day-2027"


def test_feed_with_campaign_phases(invoke: Invoke) -> None:
    campaign = _campaign(invoke)
    result = invoke("--catalogue", CATALOGUE, "feed", "--campaign", campaign, "--embargo-at", "09:00 Europe/Zurich")
    assert result.exit_code == 0, result.stderr
    body = result.stdout_bytes
    events = _events(body)
    assert events and all(uid.startswith(f"{campaign}-") and uid.endswith("-2027@planner.invalid") for uid in events)
    assert lint(body).problems == ()
    mixed = _events(invoke("--catalogue", CATALOGUE, "feed", "--include", "observances,campaigns").stdout_bytes)
    assert "press-freedom-day-2027@planner.invalid" in mixed and any(u.startswith(f"{campaign}-") for u in mixed)
    unknown = invoke("--catalogue", CATALOGUE, "feed", "--campaign", "nope-2027")
    assert unknown.exit_code == 2 and "unknown campaign 'nope-2027'" in unknown.stderr


def test_a_campaign_feed_is_named_and_refreshed_as_a_team_feed(invoke: Invoke) -> None:
    campaign = _campaign(invoke)
    cal = icalendar.Calendar.from_ical(invoke("--catalogue", CATALOGUE, "feed", "--campaign", campaign).stdout_bytes)
    assert str(cal["x-wr-calname"]) == str(cal["name"]) == "Human rights campaigns (team)"
    assert "Private to the team" in str(cal["x-wr-caldesc"])
    assert cal["refresh-interval"].to_ical() == b"PT2H" and str(cal["x-published-ttl"]) == "PT2H"
    mixed = invoke("--catalogue", CATALOGUE, "feed", "--include", "observances,campaigns").stdout_bytes
    assert str(icalendar.Calendar.from_ical(mixed)["x-wr-calname"]) == "Human rights observances and campaigns (team)"


def test_a_campaign_outside_the_window_is_named(invoke: Invoke) -> None:
    result = invoke("--catalogue", CATALOGUE, "campaign", "new", "press-freedom-day", "--year", "2030")
    assert result.exit_code == 0, result.stderr
    empty = invoke("--catalogue", CATALOGUE, "feed", "--campaign", "press-freedom-day-2030")
    assert empty.exit_code == 0 and b"BEGIN:VEVENT" not in empty.stdout_bytes
    assert "warning: press-freedom-day-2030 has no phases from 2025-11-01 to 2028-11-30" in empty.stderr
    fixed = invoke(
        "--catalogue",
        CATALOGUE,
        "feed",
        "--campaign",
        "press-freedom-day-2030",
        "--from",
        "2030-01-01",
        "--to",
        "2030-12-31",
    )
    assert b"BEGIN:VEVENT" in fixed.stdout_bytes and "warning" not in fixed.stderr


def test_a_phase_change_raises_its_sequence(invoke: Invoke) -> None:
    campaign = _campaign(invoke)
    before = _events(invoke("--catalogue", CATALOGUE, "feed", "--campaign", campaign).stdout_bytes)
    key = next(uid for uid in before if "-research-" in uid)
    assert (
        invoke("--catalogue", CATALOGUE, "campaign", "set", campaign, "research", "--status", "skipped").exit_code == 0
    )
    after = _events(invoke("--catalogue", CATALOGUE, "feed", "--campaign", campaign).stdout_bytes)
    assert int(after[key]["sequence"]) == int(before[key]["sequence"]) + 1
    assert str(after[key]["status"]) == "CANCELLED"
    assert set(after) == set(before)


def test_publish_a_team_feed(invoke: Invoke, tmp_path: Path) -> None:
    campaign = _campaign(invoke)
    created = invoke("feed", "token", "create", "--campaign", campaign)
    secret = created.stdout.splitlines()[1].strip()
    site = tmp_path / "site"
    result = invoke(
        "--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://e.org", "--team-token", secret
    )
    assert result.exit_code == 0, result.stderr
    assert f"Team feed (keep it private): https://e.org/feeds/team/{secret}.ics" in result.stdout
    body = (site / "feeds" / "team" / f"{secret}.ics").read_bytes()
    assert lint(body).problems == ()
    assert all(uid.startswith(f"{campaign}-") for uid in _events(body))
    assert secret not in (site / "index.html").read_text()
    wrong = invoke(
        "--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://e.org", "--team-token", "x" * 43
    )
    assert wrong.exit_code == 2 and "not a valid token" in wrong.stderr
    assert (site / "feeds" / "team" / f"{secret}.ics").exists()  # the failed publish left the site alone


def test_republishing_without_a_team_token_warns(invoke: Invoke, tmp_path: Path) -> None:
    """The folder is replaced as a whole: a team feed left out goes dark for its subscribers."""
    campaign = _campaign(invoke)
    created = invoke("feed", "token", "create", "--label", "comms team", "--campaign", campaign)
    secret = created.stdout.splitlines()[1].strip()
    token_id = re.search(r"Created feed token (\w+)", created.stdout)[1]  # type: ignore[index]
    site = tmp_path / "site"
    base = ("--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://e.org/cal")
    assert invoke(*base, "--team-token", secret).exit_code == 0
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /cal/feeds/team/\n"
    kept = invoke(*base, "--team-token", secret)
    assert kept.exit_code == 0 and "warning" not in kept.stderr
    dropped = invoke(*base)
    assert dropped.exit_code == 0
    assert (
        f"1 team feed(s) of the last publish are left out and stop working: {token_id} (comms team)" in dropped.stderr
    )
    assert secret not in dropped.stderr
    assert not (site / "feeds" / "team").exists()


def test_serve_help(invoke: Invoke) -> None:
    result = invoke("serve", "--help")
    assert result.exit_code == 0 and "/feeds/team/TOKEN.ics" in result.stdout


# -- update semantics ---------------------------------------------------------------------------------


def _summit_catalogue(tmp_path: Path, day: int) -> str:
    """The fixture catalogue with the team `once` event summit-2027 on `day` May 2027."""
    text = Path(CATALOGUE).read_text(encoding="utf-8")
    old = "rule: {kind: once, start: 2027-09-22, end: 2027-09-23}"
    assert old in text
    path = tmp_path / "team-catalogue.yaml"
    path.write_text(text.replace(old, f"rule: {{kind: once, start: 2027-05-{day:02d}, end: 2027-05-{day:02d}}}"))
    return str(path)


def _summit(invoke: Invoke, catalogue: str, today: dt.date = TODAY) -> tuple[bytes, icalendar.Event]:
    result = invoke(
        "--catalogue", catalogue, "feed", "--from", "2027-01-01", "--to", "2027-12-31", "--kind", "event", today=today
    )
    assert result.exit_code == 0, result.stderr
    body = result.stdout_bytes
    return body, _events(body)["summit-2027-2027@planner.invalid"]


def test_a_date_correction_raises_sequence_and_the_later_version_wins(invoke: Invoke, tmp_path: Path) -> None:
    """The summit moves from 25 to 12 May: SEQUENCE goes 0 -> 1, LAST-MODIFIED moves, and a
    client merging the two versions by SEQUENCE (recurring-ical-events, like Google by report)
    keeps the corrected date whichever version it read first. With SEQUENCE 0 in both it kept
    the old one."""
    import recurring_ical_events

    before, old = _summit(invoke, _summit_catalogue(tmp_path, 25))
    assert old["SEQUENCE"] == 0 and old.start == dt.date(2027, 5, 25)
    later = TODAY + dt.timedelta(days=2)
    after, new = _summit(invoke, _summit_catalogue(tmp_path, 12), today=later)
    assert new["SEQUENCE"] == 1 and new.start == dt.date(2027, 5, 12)
    assert new["LAST-MODIFIED"].dt == dt.datetime.combine(later, dt.time(), dt.UTC) > old["LAST-MODIFIED"].dt
    assert new["DTSTAMP"].dt == new["LAST-MODIFIED"].dt
    assert lint(after).problems == ()
    # the same state and input give the same bytes
    assert _summit(invoke, _summit_catalogue(tmp_path, 12), today=later + dt.timedelta(days=1))[0] == after

    def vevent(body: bytes) -> bytes:
        parts = [b"BEGIN:VEVENT" + p.split(b"END:VEVENT\r\n")[0] for p in body.split(b"BEGIN:VEVENT")[1:]]
        (found,) = [p for p in parts if b"\r\nUID:summit-2027-2027@" in p]
        return found + b"END:VEVENT\r\n"

    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    for first, second in ((before, after), (after, before)):
        merged = icalendar.Calendar.from_ical(head + vevent(first) + vevent(second) + b"END:VCALENDAR\r\n")
        seen = recurring_ical_events.of(merged).between(dt.date(2027, 1, 1), dt.date(2028, 1, 1))
        assert [e.start for e in seen] == [dt.date(2027, 5, 12)]
    # without the raised SEQUENCE the old date wins: what the issue reported
    stale = vevent(after).replace(b"SEQUENCE:1", b"SEQUENCE:0")
    merged = icalendar.Calendar.from_ical(head + vevent(before) + stale + b"END:VCALENDAR\r\n")
    assert [e.start for e in recurring_ical_events.of(merged).between(dt.date(2027, 1, 1), dt.date(2028, 1, 1))] == [
        dt.date(2027, 5, 25)
    ]


def test_the_state_is_shared_by_feed_and_publish(invoke: Invoke, tmp_path: Path) -> None:
    _summit(invoke, _summit_catalogue(tmp_path, 25))
    _summit(invoke, _summit_catalogue(tmp_path, 12))
    site = tmp_path / "site"
    result = invoke(
        "--catalogue", _summit_catalogue(tmp_path, 12), "publish", str(site), "--base-url", "https://localhost/x"
    )
    assert result.exit_code == 0, result.stderr
    published = _events((site / "feeds" / "observances.ics").read_bytes())
    assert published["summit-2027-2027@planner.invalid"]["SEQUENCE"] == 1


def test_serve_takes_the_same_uid_domain_as_publish(invoke: Invoke, tmp_path: Path) -> None:
    """`serve` and `publish` with the same --base-url give every event the same UID, so a team
    that serves its team feed and publishes the public one, or moves from one to the other,
    never doubles its subscribers' events."""
    from planner import api
    from planner.catalogue.load import load

    catalogue = load([Path(CATALOGUE)], shipped=False)
    site = tmp_path / "site"
    assert (
        invoke("--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://cal.example.org/f").exit_code == 0
    )
    published = {uid.split("@", 1)[1] for uid in _events((site / "feeds" / "observances.ics").read_bytes())}
    served = api.serve_setup(catalogue, today=TODAY, base_url="https://cal.example.org/f")
    assert published == {served.domain} == {"cal.example.org"}
    assert api.serve_setup(catalogue, today=TODAY, base_url="http://127.0.0.1:8080").domain == "planner.invalid"
    assert api.serve_setup(catalogue, today=TODAY).domain == "planner.invalid"
    chosen = api.serve_setup(catalogue, today=TODAY, base_url="https://cal.example.org", domain="ngo.example")
    assert chosen.domain == "ngo.example"


def test_publish_takes_the_uid_domain_from_the_base_url(invoke: Invoke, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = invoke("--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://cal.example.org/feeds")
    assert result.exit_code == 0 and ".invalid" not in result.stderr
    body = (site / "feeds" / "observances.ics").read_bytes()
    assert all(uid.endswith("@cal.example.org") for uid in _events(body))
    chosen = invoke(
        "--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://cal.example.org", "--uid-domain", "x.org"
    )
    assert chosen.exit_code == 0
    assert all(uid.endswith("@x.org") for uid in _events((site / "feeds" / "observances.ics").read_bytes()))
    warned = invoke(
        "--catalogue", CATALOGUE, "publish", str(site), "--base-url", "https://example.org", "--uid-domain", "a.invalid"
    )
    assert warned.exit_code == 0 and "warning: the events' UIDs end in @a.invalid" in warned.stderr
