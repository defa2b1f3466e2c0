"""Campaigns: dated plans of work around one occurrence. Values (`model`), the work
calendar (`workdays`, with public holidays from `holidays_adapter`), scheduling (`schedule`),
the workload (`workload`), template and export files (`files`), and the database (`store`,
`db`, `location`).

The names below are re-exported here and imported on first use, so importing this package
stays light (no database, template, calendar or web library is loaded by it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.campaigns.files import dump_campaigns, load_campaigns, load_templates
    from planner.campaigns.holidays_adapter import work_calendar
    from planner.campaigns.location import NoDatabase
    from planner.campaigns.model import (
        Anchor,
        Campaign,
        CampaignStatus,
        CampaignTemplate,
        Constraint,
        Offset,
        Phase,
        PhaseStatus,
        PhaseTemplate,
    )
    from planner.campaigns.schedule import Unset, new_campaign, occurrence_for, reschedule, update_phase
    from planner.campaigns.store import DatabaseError, DuplicateCampaign, Store, open_existing, open_store
    from planner.campaigns.workdays import WEEKENDS_ONLY, WorkCalendar
    from planner.campaigns.workload import Workload, workload

_HOMES = {
    "Anchor": "model",
    "Campaign": "model",
    "CampaignStatus": "model",
    "CampaignTemplate": "model",
    "Constraint": "model",
    "Offset": "model",
    "Phase": "model",
    "PhaseStatus": "model",
    "PhaseTemplate": "model",
    "Unset": "schedule",
    "new_campaign": "schedule",
    "occurrence_for": "schedule",
    "reschedule": "schedule",
    "update_phase": "schedule",
    "WEEKENDS_ONLY": "workdays",
    "WorkCalendar": "workdays",
    "Workload": "workload",
    "workload": "workload",
    "work_calendar": "holidays_adapter",
    "dump_campaigns": "files",
    "load_campaigns": "files",
    "load_templates": "files",
    "NoDatabase": "location",
    "DatabaseError": "store",
    "DuplicateCampaign": "store",
    "Store": "store",
    "open_existing": "store",
    "open_store": "store",
}

__all__ = [
    "WEEKENDS_ONLY",
    "Anchor",
    "Campaign",
    "CampaignStatus",
    "CampaignTemplate",
    "Constraint",
    "DatabaseError",
    "DuplicateCampaign",
    "NoDatabase",
    "Offset",
    "Phase",
    "PhaseStatus",
    "PhaseTemplate",
    "Store",
    "Unset",
    "WorkCalendar",
    "Workload",
    "dump_campaigns",
    "load_campaigns",
    "load_templates",
    "new_campaign",
    "occurrence_for",
    "open_existing",
    "open_store",
    "reschedule",
    "update_phase",
    "work_calendar",
    "workload",
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
