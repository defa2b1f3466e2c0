"""Campaigns: dated plans of work around one occurrence. Values (`model`), the work
calendar (`workdays`, with public holidays from `holidays_adapter`), scheduling (`schedule`),
the workload (`workload`), template and export files (`files`), and the database (`store`,
`db`, `location`).

Its public names are re-exported here and imported on first use (see `planner._exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._exports import exports

if TYPE_CHECKING:
    from planner.campaigns.files import dump_campaigns as dump_campaigns
    from planner.campaigns.files import load_campaigns as load_campaigns
    from planner.campaigns.files import load_templates as load_templates
    from planner.campaigns.holidays_adapter import work_calendar as work_calendar
    from planner.campaigns.location import NoDatabase as NoDatabase
    from planner.campaigns.model import Anchor as Anchor
    from planner.campaigns.model import Campaign as Campaign
    from planner.campaigns.model import CampaignStatus as CampaignStatus
    from planner.campaigns.model import CampaignTemplate as CampaignTemplate
    from planner.campaigns.model import Constraint as Constraint
    from planner.campaigns.model import Offset as Offset
    from planner.campaigns.model import Phase as Phase
    from planner.campaigns.model import PhaseStatus as PhaseStatus
    from planner.campaigns.model import PhaseTemplate as PhaseTemplate
    from planner.campaigns.schedule import Unset as Unset
    from planner.campaigns.schedule import new_campaign as new_campaign
    from planner.campaigns.schedule import occurrence_for as occurrence_for
    from planner.campaigns.schedule import reschedule as reschedule
    from planner.campaigns.schedule import update_phase as update_phase
    from planner.campaigns.store import DatabaseError as DatabaseError
    from planner.campaigns.store import DuplicateCampaign as DuplicateCampaign
    from planner.campaigns.store import Store as Store
    from planner.campaigns.store import open_existing as open_existing
    from planner.campaigns.store import open_store as open_store
    from planner.campaigns.workdays import WEEKENDS_ONLY as WEEKENDS_ONLY
    from planner.campaigns.workdays import WorkCalendar as WorkCalendar
    from planner.campaigns.workload import Workload as Workload
    from planner.campaigns.workload import workload as workload

__all__, __getattr__, __dir__ = exports(__name__, __file__)
