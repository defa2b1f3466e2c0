"""Feed state and feed tokens in the database; where a moved campaign went.

- `feed_items`: per UID the fingerprint of what subscribers last saw, its SEQUENCE and
  LAST-MODIFIED, so every feed raises SEQUENCE when an item's dates, title, status or location
  change (see planner.feeds.state).
- `feed_tokens`: the SHA-256 hashes of team-feed tokens (unique), so creating and revoking a
  token are transactions. Tokens from the old JSON file (feed-tokens.json in planner's data
  folder) are imported by planner on first use and the file is renamed, not by this migration:
  a migration reads only the database.
- `campaigns.moved_to`: on the tombstone a move to another year leaves, the id it moved to, so
  the team feed says where the campaign went.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_items",
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("modified", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_feed_items")),
    )
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("campaigns", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("digest", name=op.f("uq_feed_tokens_digest")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moved_to", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_column("moved_to")
    op.drop_table("feed_tokens")
    op.drop_table("feed_items")
