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


def test_the_api_page_gives_the_fields_of_the_core_types_a_script_meets() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    core = page.split("## Core types", 1)[1]
    for heading in ("planner.catalogue.Occurrence", "planner.campaigns.Campaign", "planner.campaigns.Phase"):
        assert f"### `{heading}`" in core
    assert "| `scheduled` | `dt.date` |" in core and "| `manual_date` | `dt.date \\| None` |" in core
    assert "see the module docstring" not in page  # every pointer leads somewhere the page shows


def test_the_names_the_api_page_sends_scripts_to_exist_where_it_says() -> None:
    import importlib

    named = {
        "planner.quarters": ("Quarter", "parse_quarter", "parse_date"),
        "planner.catalogue": ("Kind",),
        "planner.campaigns": ("PhaseStatus", "CampaignStatus", "Unset", "NoDatabase", "DatabaseError"),
        "planner.feeds": ("Include", "EmbargoTime"),
        "planner.errors": ("PlannerError", "UsageProblem", "UnknownId", "OutOfRange", "FileProblems"),
        "planner.plans": ("render_plan",),
        "planner.briefs": ("render_brief", "MessagesError"),
    }
    from planner import api

    for module, names in named.items():
        for name in names:
            assert hasattr(importlib.import_module(module), name), f"{module}.{name}"
            assert f"`{name}`" in (api.__doc__ or "") or f"`{name}(" in (api.__doc__ or ""), name
    assert hasattr(importlib.import_module("planner.campaigns"), "DuplicateCampaign")
