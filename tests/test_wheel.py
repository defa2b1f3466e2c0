"""An installed wheel finds its data: built, installed into a fresh virtual environment and run
from a folder outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        cwd=work,
    )
    wheels = list(dist.glob("planner-*.whl"))
    assert len(wheels) == 1, wheels
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheels[0])], check=True, cwd=work)
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PLANNER_TODAY="2026-11-21", PLANNER_CACHE_DIR=str(cwd / "cache"), HOME=str(cwd))
    return subprocess.run([str(env_dir / "bin" / "planner"), *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_installed_wheel_runs_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "observances", "--year", "2028", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ids = {d["id"] for d in json.loads(result.stdout)}
    assert {"udhr-anniversary", "human-rights-day", "world-press-freedom-day"} <= ids
    check = run(installed, "check", cwd=tmp_path)
    assert check.returncode == 0 and "96 recommendations" in check.stdout, check.stderr
    assert run(installed, "upcoming", cwd=tmp_path).returncode == 0
    brief = run(installed, "brief", "idahobit", "--year", "2027", cwd=tmp_path)  # messaging.yaml from the wheel
    assert brief.returncode == 0 and "Everyone should be free to love" in brief.stdout, brief.stderr


def test_installed_wheel_carries_templates_and_migrations(installed: Path, tmp_path: Path) -> None:
    code = (
        "from planner.resources import data_path; import sys; "
        "paths = [data_path(n) for n in ('observances.yaml', 'recommendations.yaml', 'messaging.yaml', 'templates', 'migrations')]; "
        "print('\\n'.join(str(p) for p in paths))"
    )
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        assert "site-packages" in line and "_data" in line, line
        assert not line.startswith(str(ROOT)), "must not read the checkout"
