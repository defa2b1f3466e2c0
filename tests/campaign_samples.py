"""Campaigns built from the core dataclasses, for the team-feed tests (no database)."""

from __future__ import annotations

import datetime as dt

from planner.campaigns.model import Anchor, Campaign, Constraint, Offset, Phase, PhaseStatus

UTC = dt.UTC
CREATED = dt.datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def phase(key: str, name: str, offset: str, day: dt.date, **extra: object) -> Phase:
    off = Offset.parse(offset)
    values: dict[str, object] = {"updated_at": CREATED, **extra}
    return Phase(key=key, name=name, offset=off, anchor=Anchor.START, scheduled=off.apply(day), **values)  # type: ignore[arg-type]


def human_rights_day_2026() -> Campaign:
    day = dt.date(2026, 12, 10)
    return Campaign(
        id="human-rights-day-2026",
        observance_id="human-rights-day",
        year=2026,
        name="Human Rights Day 2026",
        template="standard",
        anchor=Anchor.START,
        starts=day,
        ends=day,
        phases=(
            phase(
                "brief-due",
                "Brief due",
                "T-14",
                day,
                owner="Ana",
                status=PhaseStatus.DONE,
                sequence=1,
                updated_at=dt.datetime(2026, 11, 10, 16, 5, tzinfo=UTC),
            ),
            phase(
                "drafts",
                "Drafts; review, sign-off",
                "T-10",
                day,
                duration_days=3,
                status=PhaseStatus.DOING,
                note="Use the new photos, not last year's.",
            ),
            phase(
                "video",
                "Video shoot",
                "T-20",
                day,
                status=PhaseStatus.SKIPPED,
                sequence=2,
                updated_at=dt.datetime(2026, 11, 15, 8, 0, tzinfo=UTC),
            ),
            phase(
                "embargo",
                "Statement published",
                "T0",
                day,
                constraint=Constraint.NOT_BEFORE,
                big_send=True,
                owner="Comms",
            ),
            phase("report-back", "Report back", "T+7", day, manual_date=dt.date(2026, 12, 18), sequence=1),
        ),
        created_at=CREATED,
        updated_at=dt.datetime(2026, 11, 15, 8, 0, tzinfo=UTC),
        owner="Ana",
    )


def winter_day_2027() -> Campaign:
    """A campaign whose preparation starts in the year before its day."""
    day = dt.date(2027, 1, 12)
    return Campaign(
        id="winter-day-2027",
        observance_id="winter-day",
        year=2027,
        name="Winter Day (2027)",
        template="standard",
        anchor=Anchor.START,
        starts=day,
        ends=day,
        phases=(
            phase("research", "Research", "T-4w", day),
            phase("launch", "Launch", "T0", day, constraint=Constraint.NOT_BEFORE),
            phase(
                "old",
                "Skipped long ago",
                "T-3w",
                day,
                status=PhaseStatus.SKIPPED,
                updated_at=dt.datetime(2026, 10, 20, tzinfo=UTC),
            ),
        ),
        created_at=CREATED,
        updated_at=CREATED,
    )


def sample_campaigns() -> list[Campaign]:
    return [human_rights_day_2026(), winter_day_2027()]
