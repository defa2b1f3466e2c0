"""The result types of the library API (`planner.api`): plain frozen values, one per action
that returns more than a core object. Kept apart from `planner.api` so that commands which need
none of them (e.g. `planner observances`) do not pay for creating these classes at start-up.

Dates are `datetime.date` (inclusive), timestamps aware UTC `datetime.datetime`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from planner.briefs.build import Brief
    from planner.campaigns.model import Campaign, CampaignTemplate, Phase
    from planner.campaigns.workdays import WorkCalendar
    from planner.campaigns.workload import Workload
    from planner.catalogue.model import Catalogue, Observance, Occurrence, Recommendation
    from planner.catalogue.policy import EntryAudit
    from planner.feeds.build import Feed
    from planner.feeds.tokens import FeedToken, TokenStore
    from planner.plans.build import Plan

__all__ = [
    "BriefResult",
    "CampaignMove",
    "CampaignView",
    "CatalogueCheck",
    "FeedResult",
    "NewCampaign",
    "ObservanceView",
    "PhaseChange",
    "PlanResult",
    "PublishResult",
    "ServeSetup",
    "TokenCreated",
    "WorkloadResult",
]


class ObservanceView(NamedTuple):
    """One observance as `planner show` presents it.

    `year` is the year asked for (None: the next occurrence from today); `occurrences` its
    occurrences in that year, or the next one (empty when there is none); `why_none` a clause
    saying why there is none (`'; the first year is 2002'`, or '').
    """

    observance: Observance
    year: int | None
    occurrences: tuple[Occurrence, ...]
    why_none: str
    named_in: tuple[Recommendation, ...]
    recommendations: tuple[tuple[Recommendation, str], ...]
    """Linked recommendations, each with the reason it is linked."""


class CatalogueCheck(NamedTuple):
    """A catalogue that loaded: `doubtful` observances carry unverified or doubtful facts;
    `shaky` recommendations cite an instrument whose status is unverified or doubtful; `sources`
    says how each observance meets the source policy."""

    catalogue: Catalogue
    doubtful: tuple[Observance, ...]
    shaky: tuple[Recommendation, ...]
    sources: tuple[EntryAudit, ...] = ()
    """Every observance judged against the source policy (see `planner.api.audit_sources`)."""


class NewCampaign(NamedTuple):
    """A campaign just created: `replaced` when it took the place of a deleted one with the same
    id; `occurrence` the occurrence it is planned for."""

    campaign: Campaign
    template: CampaignTemplate
    calendar: WorkCalendar
    occurrence: Occurrence
    replaced: bool


class CampaignView(NamedTuple):
    """A campaign with its work calendar and, when the catalogue now dates its observance
    differently, the occurrence it should move to (`stale`)."""

    campaign: Campaign
    calendar: WorkCalendar
    stale: Occurrence | None


class PhaseChange(NamedTuple):
    """One phase edited: the campaign `before` and `after`, the phase's `key`, and the calendar
    that explains a hand-set date that is not a working day."""

    before: Campaign
    after: Campaign
    key: str
    calendar: WorkCalendar

    @property
    def old(self) -> Phase:
        """The phase before the change."""
        return self.before.phase(self.key)

    @property
    def new(self) -> Phase:
        """The phase after the change."""
        return self.after.phase(self.key)


class CampaignMove(NamedTuple):
    """A campaign re-scheduled: `before` and `after` (a new id when the year changed)."""

    before: Campaign
    after: Campaign
    calendar: WorkCalendar
    reset: int = 0  # phases set back to todo by a move to another year

    @property
    def changed(self) -> bool:
        """False when the campaign was already scheduled like this."""
        return self.after != self.before

    @property
    def moved(self) -> int:
        """How many phase dates changed."""
        return sum(p.date != q.date for p, q in zip(self.before.phases, self.after.phases, strict=True))

    @property
    def kept(self) -> tuple[Phase, ...]:
        """Phases whose date set by hand was kept."""
        return tuple(p for p in self.after.phases if p.is_manual)

    @property
    def dropped(self) -> tuple[Phase, ...]:
        """Phases whose date set by hand would fall before their day, now back on the plan."""
        return tuple(
            q for p, q in zip(self.before.phases, self.after.phases, strict=True) if p.is_manual and not q.is_manual
        )


class WorkloadResult(NamedTuple):
    """The workload between two dates and how many campaigns have work in them."""

    workload: Workload
    campaigns: int
    out_of_order: tuple[tuple[Campaign, str, str], ...] = ()  # (campaign, phase key, message)


class PlanResult(NamedTuple):
    """A quarter's plan and notes for the user (e.g. no campaign database yet)."""

    plan: Plan
    notes: tuple[str, ...] = ()


class BriefResult(NamedTuple):
    """A messaging brief, the occurrence it is for, `notes` for the user (e.g. key dates left
    out) and `tense_note` when the occurrence is past ('' otherwise)."""

    brief: Brief
    occurrence: Occurrence
    notes: tuple[str, ...] = ()
    tense_note: str = ""


class FeedResult(NamedTuple):
    """A feed and its iCalendar bytes, with warnings for the user."""

    feed: Feed
    body: bytes
    start: dt.date
    end: dt.date
    warnings: tuple[str, ...] = ()


class TokenCreated(NamedTuple):
    """A new feed token: its record (only the hash is stored), the secret (shown once), and the
    feed's path and full URL (when a base URL was given)."""

    token: FeedToken
    secret: str
    path: str
    url: str | None


class PublishResult(NamedTuple):
    """A published folder: how many feeds, the subscribe page's URL (`https` False when it is
    plain http, which Google Calendar and the new Outlook refuse), the team feed URLs (keep them
    private), the rolling window and warnings for the user."""

    folder: Path
    feeds: int
    page: str
    team_urls: tuple[str, ...]
    start: dt.date
    end: dt.date
    warnings: tuple[str, ...] = ()

    @property
    def https(self) -> bool:
        """Whether the site's address is https."""
        return self.page.startswith("https://")


class ServeSetup(NamedTuple):
    """What `planner serve` serves, without HTTP: the catalogue, a clock read on each request
    (`today`), the UID domain, the token store, the team feed of a token on a day (`team`), the
    public address for the subscribe page (`base_url`, None: relative links) and when the
    data was loaded (`loaded_at`, a floor for Last-Modified); a cheap change stamp of a token's
    team feed (`team_stamp`) and the feed state applied before rendering (`publish`). `planner.web.app` turns it into
    an ASGI app (`FeedSite` and `create_app`)."""

    catalogue: Catalogue
    today: Callable[[], dt.date]
    domain: str
    tokens: TokenStore
    team: Callable[[FeedToken, dt.date], Feed]
    base_url: str | None
    loaded_at: dt.datetime
    team_stamp: Callable[[FeedToken, dt.date], object] | None = None
    publish: Callable[[Feed], Feed] | None = None
