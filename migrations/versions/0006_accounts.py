"""Accounts for the web front end, and a version on each phase for optimistic locking.

`users` holds who may sign in (name, role viewer|editor|admin, an Argon2 hash of the password).
`phases.version` is raised on every change and `phases.updated_by` names who made it, so a save
made from a page that is out of date is refused ("changed by NAME at TIME, reload") instead of
silently overwriting a colleague's change.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("updated_by", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("phases", schema=None) as batch_op:
        # the default only fills existing rows; planner always writes the column itself
        batch_op.alter_column("updated_by", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.drop_column("updated_by")
        batch_op.drop_column("version")
    op.drop_table("users")
