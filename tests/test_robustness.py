"""Issue 10: each fault found by fuzzing and fault injection, with the exact input that found it.

Every case ends with a clean message (exit 1 or 2, never "internal error") or a clean result.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import Result

from planner.campaigns.store import DatabaseError, DatabaseUrlError, Store, check_url, redacted, shown_url
from planner.catalogue.load import load
from planner.errors import CatalogueError, UsageProblem
from planner.text import LINE_BREAK_MARK, UnsafeText, clean, find_bad, printable, source_text

from .conftest import FIXTURES, Invoke
from .dbs import PG_ENV

CATALOGUE = FIXTURES / "campaigns-catalogue.yaml"


def clean_failure(result: Result, code: int) -> str:
    out = result.stdout + result.stderr
    assert result.exit_code == code, out
    assert "internal error" not in out and "Traceback" not in out, out
    return out


# -- 1. one boundary for outside text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("word\x0bprocessor", "word\nprocessor"),  # vertical tab from a word processor
        ("page\x0cbreak", "page\nbreak"),  # form feed
        ("windows\r\nline", "windows\nline"),
        ("old mac\rline", "old mac\nline"),
        ("para\u2029graph", "para\ngraph"),
        ("héllo ✊🏽 مرحبا", "héllo ✊🏽 مرحبا"),
    ],
)
def test_clean_keeps_text_and_normalises_line_breaks(value: str, expected: str) -> None:
    assert clean(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "a\x00",
        "a\x06",
        "a\x1b[31m",
        "a\x7f",
        "a\x85",
        "a\x9f",
        "a\ud800",
        "a\ufffe",
        "a\uffff",
        "a\ufdd5",
        "a\U0001fffe",
    ],
)
def test_clean_refuses_controls_surrogates_and_non_characters(value: str) -> None:
    with pytest.raises(UnsafeText, match=r"invisible character U\+[0-9A-F]{4,6}.* at position 2"):
        clean(value)
    assert find_bad(clean(value, drop=True)) == []


def test_one_line_values_get_spaces_for_line_breaks() -> None:
    assert clean(" Press\nfreedom\x0b day\t2027 ", one_line=True) == "Press freedom day 2027"


def test_source_text_keeps_line_numbers_and_finds_each_raw_character() -> None:
    text, bad = source_text("a: 1\nb: x\x06y\nc: p\x0bq\n")
    assert [(b.line, b.column, b.char) for b in bad] == [(2, 5, "\x06")]
    assert text.count("\n") == 3 and LINE_BREAK_MARK in text
    assert find_bad("ok") == []


def test_printable_escapes_what_a_terminal_would_obey() -> None:
    assert printable("a\x1b[2Jb\udcff\n\tok\x0b") == "a\\x1b[2Jb\\udcff\n\tok\\x0b"


def test_an_error_quoting_bad_input_cannot_drive_the_terminal(invoke: Invoke) -> None:
    out = clean_failure(invoke("show", "\x1b[2J\udcff"), 2)
    assert "\x1b" not in out and "'\\x1b[2J\\udcff'" in out


def test_core_message_with_a_raw_control_character_is_a_clean_error(invoke: Invoke, tmp_path: Path) -> None:
    # printf 'core_message: a\006' ended in "internal error" for brief --messages and lint-message
    messages = tmp_path / "m.yaml"
    messages.write_bytes(b"core_message: a\x06")
    for args in (("brief", "world-press-freedom-day", "--messages", str(messages)), ("lint-message", str(messages))):
        out = clean_failure(invoke(*args), 1)
        assert "m.yaml:1: key core_message: contains the invisible character U+0006" in out


def test_an_escaped_control_character_fails_check_and_never_reaches_the_docx(invoke: Invoke, tmp_path: Path) -> None:
    # an escaped \x01 passed `planner check` and then crashed the DOCX brief
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        CATALOGUE.read_text(encoding="utf-8").replace("name: World Press Freedom Day", 'name: "World Press\\x01 Day"'),
        encoding="utf-8",
    )
    out = clean_failure(invoke("--catalogue", str(mine), "check"), 1)
    assert "mine.yaml:8: in 'world-press-freedom-day': key name: contains the invisible character U+0001" in out
    out = clean_failure(
        invoke("--catalogue", str(mine), "brief", "world-press-freedom-day", "-o", str(tmp_path / "b.docx")), 1
    )
    assert "U+0001" in out
    assert not (tmp_path / "b.docx").exists()


def test_a_raw_vertical_tab_in_a_catalogue_becomes_a_line_break_not_a_broken_feed(
    invoke: Invoke, tmp_path: Path
) -> None:
    # a raw U+000B from a word processor went into the feed; 2-3 of 8 parsers rejected the calendar
    mine = tmp_path / "mine.yaml"
    text = CATALOGUE.read_text(encoding="utf-8")
    text = text.replace(
        "    kind: day\n    rule: {kind: fixed, month: 5, day: 3}",
        '    kind: day\n    description: "First\x0bSecond"\n    rule: {kind: fixed, month: 5, day: 3}',
        1,
    )
    mine.write_text(text, encoding="utf-8")
    assert load([mine], shipped=False).observance("world-press-freedom-day").description == "First\nSecond"
    feed = tmp_path / "f.ics"
    result = invoke("--catalogue", str(mine), "feed", "--from", "2027-01-01", "--to", "2027-12-31", "-o", str(feed))
    assert result.exit_code == 0, result.stderr
    data = feed.read_bytes()
    assert b"\x0b" not in data and b"First\\nSecond" in data.replace(b"\r\n ", b"")


def test_a_raw_control_character_in_a_catalogue_names_file_line_and_key(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(CATALOGUE.read_bytes().replace(b"name: Human Rights Day", b"name: Human \x1b[31mRights Day"))
    with pytest.raises(CatalogueError) as caught:
        load([mine], shipped=False)
    assert "mine.yaml:24: key name: contains the invisible character U+001B (ESC) at column 17" in str(caught.value)


def test_a_line_break_in_a_campaign_name_keeps_the_plan_on_one_line(invoke: Invoke, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    result = invoke(
        "--db", db, "campaign", "new", "world-press-freedom-day", "--year", "2027", "--name", "Press\nfreedom\x0bday"
    )
    assert result.exit_code == 0, result.stderr
    listed = invoke("--db", db, "campaign", "list")
    assert "Press freedom day" in listed.stdout
    plan = invoke("--db", db, "plan", "2027Q2", "--format", "md")
    assert plan.exit_code == 0, plan.stderr
    assert "Press freedom day" in plan.stdout and "Press\nfreedom" not in plan.stdout


def test_a_vertical_tab_in_a_phase_note_is_stored_as_a_line_break(invoke: Invoke, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert invoke("--db", db, "campaign", "new", "world-press-freedom-day", "--year", "2027").exit_code == 0
    result = invoke(
        "--db", db, "campaign", "set", "world-press-freedom-day-2027", "launch", "--note", "Call Ana\x0bthen Ben"
    )
    assert result.exit_code == 0, result.stderr
    with Store(db) as store:
        note = store.campaign("world-press-freedom-day-2027").phase("launch").note
    assert note == "Call Ana\nthen Ben"


@pytest.mark.parametrize(
    "args",
    [
        ("campaign", "new", "world-press-freedom-day", "--name", "bad\x01name"),
        ("feed", "token", "create", "--label", "bad\x1blabel"),
    ],
)
def test_control_characters_on_the_command_line_are_usage_errors(
    invoke: Invoke, tmp_path: Path, args: tuple[str, ...]
) -> None:
    out = clean_failure(invoke("--db", f"sqlite:///{tmp_path / 'c.db'}", *args), 2)
    assert "contains the invisible character" in out


def test_lint_message_refuses_a_control_character_and_bytes_that_are_not_utf8(invoke: Invoke, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(b"Free the press\x07 today")
    assert "U+0007 (BEL)" in clean_failure(invoke("lint-message", str(draft)), 2)
    draft.write_bytes(b"caf\xe9")
    assert "not UTF-8" in clean_failure(invoke("lint-message", str(draft)), 2)


# -- 3. option values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("publish", "{tmp}/site", "--base-url", "http://["),
        ("serve", "--base-url", "http://["),
        ("feed", "token", "create", "--base-url", "http://["),
    ],
)
def test_a_broken_base_url_is_a_usage_error(invoke: Invoke, tmp_path: Path, args: tuple[str, ...]) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    out = clean_failure(invoke("--db", f"sqlite:///{tmp_path / 'c.db'}", *argv), 2)
    assert "invalid base URL 'http://['" in out
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("host", ["[", "nonexistent.invalid", "bad\x01host"])
def test_serve_checks_its_host_before_listening(invoke: Invoke, host: str) -> None:
    # `serve --host '['` ended with uvicorn's log line and exit code 3
    out = clean_failure(invoke("serve", "--host", host, "--port", "8999"), 2)
    assert "--host" in out


def test_serve_says_when_its_port_is_taken(invoke: Invoke) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = clean_failure(invoke("serve", "--host", "127.0.0.1", "--port", str(port)), 1)
    assert f"cannot listen on 127.0.0.1:{port}: it is in use by another program" in out


def test_a_base_url_with_a_port_that_is_not_a_number(invoke: Invoke, tmp_path: Path) -> None:
    out = clean_failure(invoke("publish", str(tmp_path / "site"), "--base-url", "https://example.org:abc/cal"), 2)
    assert "the port after ':' is not a number" in out


def test_a_database_port_that_is_not_a_number(invoke: Invoke) -> None:
    out = clean_failure(invoke("--db", "postgresql://planner:hunter2@localhost:abc/planner", "campaign", "list"), 2)
    assert "the port in the database URL postgresql+psycopg://planner:***@localhost:abc/planner is not a number" in out
    assert "hunter2" not in out


def test_an_unescaped_at_sign_in_a_password_says_to_percent_encode_and_shows_none_of_it(invoke: Invoke) -> None:
    out = clean_failure(invoke("--db", "postgresql://planner:hunt@er2@localhost/planner", "campaign", "list"), 2)
    assert "percent-encode it as %40" in out
    assert "hunt" not in out and "er2" not in out


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u:p@Zq9@h/db",
        "postgresql+psycopg://u:p/Zq9@h/db",
        "postgresql+psycopg://u:p:Zq9@h:x/db",
        "postgresql+psycopg://u:p%40Zq9@h/db",
        "postgresql+psycopg://u:pZq9@h:99999/db",
    ],
)
def test_no_shown_url_holds_any_part_of_a_password(url: str) -> None:
    assert "Zq9" not in shown_url(url) and "Zq9" not in redacted(url)
    try:
        check_url(url)
    except DatabaseUrlError as exc:
        assert "Zq9" not in str(exc)


# -- 4. read-only medium and full disk ------------------------------------------------------------


def _in_mount_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` with sh in a private mount namespace (root, or an unprivileged user namespace)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare is not available")
    flags = ["-m"] if os.geteuid() == 0 else ["-r", "-m"]
    probe = subprocess.run([unshare, *flags, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr.decode().strip()}")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run([unshare, *flags, "sh", "-c", script], capture_output=True, text=True, check=False, env=env)


def _planner() -> str:
    return f"{sys.executable} -m planner"


def test_a_database_on_a_read_only_medium_can_still_be_read(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "medium"
    folder.mkdir()
    db = f"sqlite:///{folder / 'c.db'}"
    assert invoke("--db", db, "campaign", "new", "human-rights-day", "--year", "2027").exit_code == 0
    run = _in_mount_namespace(
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
        f"{_planner()} --db {db} --today 2026-11-21 campaign list && "
        f"{{ {_planner()} --db {db} --today 2026-11-21 campaign new world-press-freedom-day; echo exit=$?; }}"
    )
    assert "Human Rights Day 2027" in run.stdout, run.stderr
    assert "exit=1" in run.stdout
    assert "is read-only (a read-only disk or folder" in run.stderr
    assert "internal error" not in run.stderr


def test_a_full_disk_is_named_as_the_cause(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    run = _in_mount_namespace(
        f"mount -t tmpfs -o size=16k none {folder} && "
        f"{{ {_planner()} --db sqlite:///{folder}/c.db --today 2026-11-21 campaign new human-rights-day; echo exit=$?; }}"
    )
    assert "exit=1" in run.stdout, run.stderr
    assert "is full" in run.stderr and "nothing was written" in run.stderr
    assert "internal error" not in run.stderr


def test_writing_output_to_a_full_device_names_the_cause(invoke: Invoke) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    out = clean_failure(invoke("observances", "-o", "/dev/full"), 1)
    assert "the disk is full" in out and "/dev/full" in out


# -- 5. damaged rows ----------------------------------------------------------------------------------


def test_a_damaged_row_names_its_campaign_and_phase_and_the_rest_works(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = f"sqlite:///{path}"
    for obs in ("world-press-freedom-day", "human-rights-day", "idahobit"):
        assert (
            invoke("--catalogue", str(CATALOGUE), "--db", db, "campaign", "new", obs, "--year", "2027").exit_code == 0
        )
    assert invoke("--db", db, "campaign", "new", "international-womens-day", "--year", "2027").exit_code == 0
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA ignore_check_constraints = 1")
        for slug, column, value in (
            ("world-press-freedom-day-2027", "status", "bogus"),
            ("human-rights-day-2027", "scheduled", "2027-02-30"),
            ("idahobit-2027", "offset_spec", "T-banana"),
        ):
            conn.execute(
                f"UPDATE phases SET {column} = ? WHERE key = 'launch' AND campaign_id = "
                "(SELECT id FROM campaigns WHERE slug = ?)",
                (value, slug),
            )
    listed = invoke("--db", db, "campaign", "list")
    assert listed.exit_code == 0, listed.stderr
    assert "international-womens-day-2027" in listed.stdout
    assert "campaign world-press-freedom-day-2027, phase launch: the stored status 'bogus'" in listed.stderr
    assert "campaign human-rights-day-2027, phase launch: the stored date '2027-02-30'" in listed.stderr
    assert "campaign idahobit-2027, phase launch: the stored offset 'T-banana'" in listed.stderr
    plan = invoke("--db", db, "plan", "2027Q2", "--format", "md")
    assert plan.exit_code == 0, plan.stderr
    assert "left out a damaged campaign: campaign world-press-freedom-day-2027, phase launch" in plan.stderr
    feed = invoke("--db", db, "feed", "--include", "campaigns", "--from", "2027-01-01", "--to", "2027-12-31")
    assert feed.exit_code == 0, feed.stderr
    assert "left out a damaged campaign: campaign idahobit-2027, phase launch" in feed.stderr
    assert "BEGIN:VCALENDAR" in feed.stdout
    for args in (("campaign", "show", "human-rights-day-2027"), ("campaign", "show", "world-press-freedom-day-2027")):
        assert "phase launch" in clean_failure(invoke("--db", db, *args), 1)
    # a backup that leaves campaigns out must not look complete
    assert "leaves out 3 damaged campaigns" in clean_failure(
        invoke("--db", db, "export", "-o", str(tmp_path / "e.yaml")), 1
    )
    # the fixes the messages give work
    fixed = invoke("--db", db, "campaign", "set", "world-press-freedom-day-2027", "launch", "--status", "todo")
    assert fixed.exit_code == 0, fixed.stderr
    assert (
        "note: mended campaign world-press-freedom-day-2027, phase launch: the unreadable status 'bogus'"
        in fixed.stderr
    )
    assert "world-press-freedom-day-2027" not in invoke("--db", db, "campaign", "list").stderr
    # importing a good copy replaces a campaign whose date cannot be read
    good = tmp_path / "good.yaml"
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert (
        invoke(
            "--catalogue", str(CATALOGUE), "--db", other, "campaign", "new", "human-rights-day", "--year", "2027"
        ).exit_code
        == 0
    )
    assert invoke("--db", other, "export", "-o", str(good)).exit_code == 0
    mended = invoke("--db", db, "import", str(good))
    assert mended.exit_code == 0, mended.stderr
    assert "human-rights-day-2027" not in invoke("--db", db, "campaign", "list").stderr
    assert "human-rights-day-2027" in invoke("--db", db, "campaign", "list").stdout


# -- 6. (concurrent imports: tests/test_concurrency.py) 7. (templates: tests/test_render.py) -------
# -- 8. secret files and connections -------------------------------------------------------------


def test_the_database_holding_the_tokens_is_private_from_its_first_byte(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    old = os.umask(0)  # even with a permissive umask
    try:
        # a database named with --db is created on purpose (db upgrade), then holds the tokens
        created = invoke("--db", f"sqlite:///{path}", "db", "upgrade")
        assert created.exit_code == 0, created.stderr
        result = invoke("--db", f"sqlite:///{path}", "feed", "token", "create", "--label", "comms")
        assert result.exit_code == 0, result.stderr
    finally:
        os.umask(old)
    for file in [path, *tmp_path.glob("c.db-*")]:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_a_private_write_never_widens_the_mode(tmp_path: Path) -> None:
    from planner.files import atomic_writer

    target = tmp_path / "secret.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    with atomic_writer(target, private=True) as handle:
        handle.write("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text(encoding="utf-8") == "new"


def test_a_command_leaves_no_postgresql_connection_open(invoke: Invoke) -> None:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"planner-test-{uuid.uuid4().hex[:8]}"
    schema = f"planner_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}", "application_name": name})
    try:
        result = invoke("--db", url.render_as_string(hide_password=False), "campaign", "list")
        assert result.exit_code == 0, result.stderr
        import time

        for _ in range(50):  # a server process ends a moment after its client hangs up
            with admin.connect() as conn:
                count = conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :n"), {"n": name}
                ).scalar_one()
            if count == 0:
                break
            time.sleep(0.1)
        assert count == 0
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# -- 9. huge ranges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("observances", "--from", "0001-01-01", "--to", "9999-12-31"),
        ("anniversaries", "--from", "0001-01-01", "--to", "9999-12-31"),
        ("feed", "--from", "0001-01-01", "--to", "9999-12-31"),
        ("workload", "--from", "0001-01-01", "--to", "9999-12-31"),
    ],
)
def test_years_1_to_9999_are_refused_at_once_with_how_to_narrow(invoke: Invoke, args: tuple[str, ...]) -> None:
    started = dt.datetime.now()
    out = clean_failure(invoke(*args), 2)
    assert "covers 9,999 years; planner lists at most 100 years at a time" in out
    assert (dt.datetime.now() - started).total_seconds() < 30


def test_a_century_still_works(invoke: Invoke) -> None:
    result = invoke("observances", "--from", "1950-01-01", "--to", "2049-12-31", "--format", "json")
    assert result.exit_code == 0, result.stderr


def test_store_errors_stay_planner_errors() -> None:
    assert issubclass(DatabaseUrlError, DatabaseError) and DatabaseUrlError.exit_code == 2
    with pytest.raises(DatabaseUrlError):
        Store("postgresql://u:x@h:port/db")
    with pytest.raises(UsageProblem):
        from planner.feeds.site import check_base_url

        check_base_url("http://[")


def test_the_library_bounds_huge_ranges_too(catalogue: object) -> None:
    from planner import api

    with pytest.raises(UsageProblem, match="planner lists at most 100 years"):
        api.list_observances(catalogue, dt.date(1, 1, 1), dt.date(9999, 12, 31))  # type: ignore[arg-type]
