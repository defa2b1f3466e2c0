"""Quarterly campaign plans: what the plan holds (`build`) and how it is written (`output`:
Markdown, HTML, CSV, JSON).

Its public names are re-exported here and imported on first use (see `planner._exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._exports import exports

if TYPE_CHECKING:
    from planner.plans.build import Flag as Flag
    from planner.plans.build import LeadIn as LeadIn
    from planner.plans.build import Plan as Plan
    from planner.plans.build import PlannedCampaign as PlannedCampaign
    from planner.plans.build import PlannedObservance as PlannedObservance
    from planner.plans.build import build_plan as build_plan
    from planner.plans.output import plan_dict as plan_dict
    from planner.plans.output import render_plan as render_plan

__all__, __getattr__, __dir__ = exports(__name__, __file__)
