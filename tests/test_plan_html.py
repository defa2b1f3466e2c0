"""The HTML plan in a real browser: headless Chromium takes an A4-sized screenshot in which the
timeline chart is visible and not empty."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from planner.campaigns.files import load_templates
from planner.campaigns.model import PhaseStatus
from planner.campaigns.schedule import new_campaign, update_phase
from planner.catalogue.load import load
from planner.catalogue.occurrences import between
from planner.plans.build import build_plan
from planner.plans.output import render_plan
from planner.quarters import Quarter

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = os.environ.get("PLANNER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
WINDOW = (1240, 1754)  # A4 at 150 dpi
STORED_BLUE = (0x2F, 0x6D, 0xB5)  # phases of the team's own campaigns
BIG_SEND_RED = (0xB3, 0x26, 0x1E)  # big sends, high-priority markers
HATCH_ORANGE = (0xC4, 0x6A, 0x12)  # suggested phases (hatched)

pytestmark = pytest.mark.slow


def _html(tmp_path: Path) -> Path:
    catalogue = load([FIXTURES / "plan-windows.yaml"])
    templates = load_templates(team_dir=tmp_path / "no-templates")
    now = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
    wpfd_obs = catalogue.observance("world-press-freedom-day")
    occ = next(o for o in between([wpfd_obs], dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    wpfd = update_phase(new_campaign(templates["standard"], occ, now=now), "research", now=now, status=PhaseStatus.DONE)
    plan = build_plan(catalogue, Quarter(2025, 2), campaigns=[wpfd], templates=templates, today=dt.date(2025, 3, 14))
    path = tmp_path / "plan.html"
    path.write_text(render_plan(plan, "html"), encoding="utf-8")
    return path


def _screenshot(html: Path, png: Path, profile: Path) -> None:
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        html.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert png.exists(), f"chromium made no screenshot (exit {done.returncode}): {done.stderr[-2000:]}"


def _near(colour: tuple[int, ...], target: tuple[int, int, int], tolerance: int = 14) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], target, strict=True))


def test_the_chart_is_visible_in_a_screenshot(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (.ci/run does)")
    image_module = pytest.importorskip(
        "PIL.Image", reason="Pillow is needed to read the screenshot (pip install '.[test]')"
    )
    html = _html(tmp_path)
    png = tmp_path / "plan.png"
    _screenshot(html, png, tmp_path / "profile")
    image = image_module.open(png).convert("RGB")
    assert image.size == WINDOW
    colours = image.getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    assert colours is not None
    white = sum(n for n, c in colours if c == (255, 255, 255))
    assert white < 0.97 * WINDOW[0] * WINDOW[1], "the page is blank"
    # the chart sits in the first screen, under the summary: look in the top half
    top = image.crop((0, 0, WINDOW[0], WINDOW[1] // 2)).getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    assert top is not None
    blue = sum(n for n, c in top if _near(c, STORED_BLUE))
    red = sum(n for n, c in top if _near(c, BIG_SEND_RED))
    orange = sum(n for n, c in top if _near(c, HATCH_ORANGE))
    # the legend's swatches hold about 220 pixels each; bars make many more
    assert blue > 600, f"no bars of the team's campaign in the chart ({blue} blue pixels)"
    assert orange > 600, f"no hatched bars of suggested campaigns ({orange} orange pixels)"
    assert red > 300, f"no big sends or high-priority markers ({red} red pixels)"
