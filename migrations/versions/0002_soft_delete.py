"""Soft deletion: campaigns.deleted_at marks a deleted campaign (a tombstone).

The team feed shows a deleted campaign's phases as cancelled for a grace period, so a deleted
campaign stays in the database for a while with `deleted_at` set instead of being removed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Without the column a tombstone would come back as a live campaign: remove tombstones
    # first. Phases go explicitly, since SQLite runs migrations with foreign keys off.
    op.execute("DELETE FROM phases WHERE campaign_id IN (SELECT id FROM campaigns WHERE deleted_at IS NOT NULL)")
    op.execute("DELETE FROM campaigns WHERE deleted_at IS NOT NULL")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
