"""docs/api.md is generated from planner.api's docstrings and kept up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_api_page_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "api_docs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr + " (regenerate with: python scripts/api_docs.py)"


def test_the_api_page_names_every_declared_function() -> None:
    from planner import api

    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in api.__all__:
        assert f"`{name}" in page
