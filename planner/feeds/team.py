"""Which campaigns a team feed shows, read from the campaign store.

The rule (feed rule 6): the campaigns asked for by id, else every campaign with work in the
window; plus those deleted lately, whose phases the team feed shows as cancelled for a while.
Used by `planner feed --include campaigns`, `planner publish --team-token` and `planner serve`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.errors import UnknownId
from planner.feeds.build import (
    DEFAULT_DOMAIN,
    EmbargoTime,
    Feed,
    FeedItem,
    deleted_lookback,
    phase_items,
    rolling_window,
    team_feed,
    window_moved,
)

if TYPE_CHECKING:
    from planner.campaigns.model import Campaign
    from planner.campaigns.store import Store
    from planner.feeds.tokens import FeedToken


def team_campaigns(
    store: Store | None, start: dt.date, end: dt.date, ids: Sequence[str] = (), *, today: dt.date, strict: bool = True
) -> list[Campaign]:
    """The campaigns asked for by id, else those with work in `start`..`end` (inclusive dates);
    with the ones deleted lately, whose phases the team feed shows as cancelled for a while.

    `strict` (ids a user typed): an unknown id, or one deleted too long ago to show, raises
    `UnknownId` naming it. Otherwise (a token's campaigns) such ids are passed over, so one
    deleted campaign never breaks a subscribed feed. Raises `DatabaseError` when the store
    cannot be read. A `store` of None (no database yet) holds no campaigns.
    """
    if store is None:
        if ids and strict:
            raise UnknownId("campaign", ids[0], ())
        return []
    deleted = store.deleted_since(deleted_lookback(today))
    if not ids:
        return store.campaigns(start=start, end=end) + [c for c in deleted if c.overlaps(start, end)]
    gone = {c.id: c for c in deleted}
    found: list[Campaign] = []
    for campaign_id in dict.fromkeys(ids):
        if campaign_id in gone:
            found.append(gone[campaign_id])
            continue
        try:
            found.append(store.campaign(campaign_id))
        except UnknownId:  # includes a campaign deleted long ago (store.DeletedCampaign)
            if strict:
                raise
    return found


def team_items(
    store: Store | None,
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date,
    campaigns: Sequence[str] = (),
    domain: str = DEFAULT_DOMAIN,
    embargo: EmbargoTime | None = None,
) -> list[FeedItem]:
    """Campaign phases between `start` and `end` (inclusive) as feed items, for a feed file that
    mixes observances and phases. Raises `UnknownId` for an unknown campaign id."""
    found = team_campaigns(store, start, end, campaigns, today=today)
    return phase_items(found, start, end, today=today, domain=domain, embargo=embargo)


def token_feed(
    store: Store | None,
    token: FeedToken,
    today: dt.date,
    *,
    domain: str = DEFAULT_DOMAIN,
    embargo: EmbargoTime | None = None,
) -> Feed:
    """The rolling team feed a token may read: its campaigns, or all with work in the window
    (12 months back, 24 ahead). Ids of campaigns gone since the token was made are passed over."""
    start, end = rolling_window(today)
    found = team_campaigns(store, start, end, token.campaigns, today=today, strict=False)
    return team_feed(
        found,
        start,
        end,
        today=today,
        domain=domain,
        label=token.label,
        embargo=embargo,
        rolling_since=window_moved(today),
    )
