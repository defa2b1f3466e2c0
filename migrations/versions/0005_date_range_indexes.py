"""Reads by date range: campaigns.first_day and last_day, with indexes; an index on deleted_at.

A plan reads only the campaigns with work in its quarter (and a brief its one campaign), so the
store asks the database for `first_day <= end AND last_day >= start` instead of reading every
campaign. first_day/last_day are the campaign's first and last day with work or of the
occurrence itself (`Campaign.first` / `Campaign.last`); existing rows are filled in here.
`deleted_at` gets an index for the team feed's tombstone reads.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _fill() -> None:
    """first_day/last_day of every existing campaign, as Campaign.first and Campaign.last."""
    conn = op.get_bind()
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    wide = (dt.date(1, 1, 1), dt.date(9999, 12, 31))  # a damaged row: always read, then reported
    for cid, starts, ends in conn.execute(sa.text("SELECT id, starts, ends FROM campaigns")):
        try:
            spans[cid] = (_day(starts), _day(ends))
        except (ValueError, TypeError):
            spans[cid] = wide
    phases = sa.text("SELECT campaign_id, scheduled, manual_date, duration_days FROM phases")
    for cid, scheduled, manual, duration in conn.execute(phases):
        if cid not in spans or spans[cid] == wide:
            continue
        try:
            day = _day(manual if manual is not None else scheduled)
            end = day + dt.timedelta(days=max(int(duration or 1), 1) - 1)
        except (ValueError, TypeError, OverflowError):
            spans[cid] = wide
            continue
        first, last = spans[cid]
        spans[cid] = (min(first, day), max(last, end))
    table = sa.table(
        "campaigns", sa.column("id", sa.Integer), sa.column("first_day", sa.Date), sa.column("last_day", sa.Date)
    )
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("cid"))
        .values(first_day=sa.bindparam("first"), last_day=sa.bindparam("last"))
    )
    rows = [{"cid": cid, "first": first, "last": last} for cid, (first, last) in spans.items()]
    if rows:
        conn.execute(update, rows)


def upgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_day", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_day", sa.Date(), nullable=True))
    _fill()
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.alter_column("first_day", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("last_day", existing_type=sa.Date(), nullable=False)
        batch_op.create_index(batch_op.f("ix_campaigns_first_day"), ["first_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaigns_last_day"), ["last_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaigns_deleted_at"), ["deleted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaigns_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_campaigns_last_day"))
        batch_op.drop_index(batch_op.f("ix_campaigns_first_day"))
        batch_op.drop_column("last_day")
        batch_op.drop_column("first_day")
