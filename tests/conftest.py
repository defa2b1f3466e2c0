"""Shared fixtures: a CLI runner with a fixed clock, and named fixture files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.catalogue.load import load
from planner.catalogue.model import Catalogue

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The shipped catalogue, loaded once."""
    return load()


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run `planner ARGS...` in-process with --today fixed; returns click's Result.

    stdout and stderr are kept apart (result.stdout, result.stderr).
    """
    from planner.cli import cli

    monkeypatch.delenv("PLANNER_TODAY", raising=False)

    def run(*args: str, today: dt.date | None = TODAY, input: str | None = None) -> Result:
        argv = ([f"--today={today.isoformat()}"] if today else []) + list(args)
        return CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)

    return run


def golden(name: str, actual: str, update: bool) -> None:
    """Compare with tests/golden/NAME; write it when PLANNER_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        if not update:
            pytest.fail(f"golden file {path} was missing and has been written; check it and run again")
    with path.open(encoding="utf-8", newline="") as handle:  # keep CRLF as it is
        expected = handle.read()
    assert actual == expected, f"output differs from golden file {path}"


@pytest.fixture
def check_golden() -> Callable[[str, str], None]:
    import os

    update = os.environ.get("PLANNER_UPDATE_GOLDEN") == "1"
    return lambda name, actual: golden(name, actual, update)


@pytest.fixture(autouse=True)
def _private_folders(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's cache, data (the default database, feed tokens) or config."""
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fuzz suite's counts (tests/test_fuzz.py), when it ran."""
    from .fuzzing import COUNTS, table

    if COUNTS:
        terminalreporter.section("fuzzing: inputs tried, clean errors, crashes (issue 10)")
        for line in table():
            terminalreporter.write_line(line)
