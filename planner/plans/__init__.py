"""Quarterly campaign plans: what the plan holds (`build`) and how it is written (`output`:
Markdown, HTML, CSV, JSON).

The names below are re-exported here and imported on first use, so importing this package
stays light (no database, template, calendar or web library is loaded by it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.plans.build import Flag, LeadIn, Plan, PlannedCampaign, PlannedObservance, build_plan
    from planner.plans.output import plan_dict, render_plan

_HOMES = {
    "Flag": "build",
    "LeadIn": "build",
    "Plan": "build",
    "PlannedCampaign": "build",
    "PlannedObservance": "build",
    "build_plan": "build",
    "plan_dict": "output",
    "render_plan": "output",
}

__all__ = [
    "Flag",
    "LeadIn",
    "Plan",
    "PlannedCampaign",
    "PlannedObservance",
    "build_plan",
    "plan_dict",
    "render_plan",
]


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
