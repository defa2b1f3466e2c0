"""The team's own messages for a brief, per occurrence (observance and year), edited from the web.

`team_messages` holds one messages document per occurrence: the same YAML a `planner brief
--messages FILE` reads (core message, pillars, calls to action, hashtags, posts), with a version
raised on every save and who saved it when, so a save made from a page that is out of date is
refused ("changed by NAME at TIME, reload"). Clearing every field keeps the row with an empty
document, so a stale page is still refused and says who cleared it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("observance", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_team_messages_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_messages")),
        sa.UniqueConstraint("observance", "year", name=op.f("uq_team_messages_observance_year")),
    )


def downgrade() -> None:
    op.drop_table("team_messages")
