"""The team roster: a people table, and phases.role beside phases.owner.

A campaign template names a role for each phase ('writer'); the phase's owner is now the person
who does it. Until now the owner held the template's role, so phases whose owner is one of the
shipped templates' roles get it as their role and no owner; any other owner (a person set by
hand) stays the owner.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPPED_ROLES = ("campaign-lead", "designer", "partnerships", "press-officer", "researcher", "social-media", "writer")


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("capacity >= 1", name=op.f("ck_people_capacity")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("name", name=op.f("uq_people_name")),
        sa.UniqueConstraint("folded", name=op.f("uq_people_folded")),
    )
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.Text(), nullable=False, server_default=""))
    phases = sa.table("phases", sa.column("owner", sa.Text()), sa.column("role", sa.Text()))
    op.execute(
        phases.update()
        .where(phases.c.owner.in_(SHIPPED_ROLES))
        .values(role=phases.c.owner, owner="")
    )
    with op.batch_alter_table("phases", schema=None) as batch_op:  # the default was for existing rows only
        batch_op.alter_column("role", existing_type=sa.Text(), existing_nullable=False, server_default=None)


def downgrade() -> None:
    phases = sa.table("phases", sa.column("owner", sa.Text()), sa.column("role", sa.Text()))
    op.execute(phases.update().where((phases.c.owner == "") & (phases.c.role != "")).values(owner=phases.c.role))
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.drop_column("role")
    op.drop_table("people")
