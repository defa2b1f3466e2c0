"""SQLAlchemy 2 records for campaigns and their phases.

Rows stay in the storage layer: `planner.campaigns.store` converts them to and from the core's frozen
dataclasses (`planner.campaigns`). Constraint names follow a naming convention, so Alembic
migrations can refer to them on every database (SQLite batch mode included).
Timestamps are stored as naive UTC, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PHASE_STATUSES = ("todo", "doing", "done", "skipped")
ANCHORS = ("start", "end")
CONSTRAINTS = ("on-day", "not-before")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """The declarative base of the campaign tables, with a naming convention for constraints (so Alembic
    migrations name them the same on SQLite and PostgreSQL).
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CampaignRecord(Base):
    """One campaign: an observance's occurrence in one year, planned from a template.

    A deleted campaign stays for a while as a tombstone (`deleted_at` set), still holding its
    observance and year: re-creating it replaces the tombstone (see `planner.campaigns.store`).
    """

    __tablename__ = "campaigns"
    __table_args__ = (
        UniqueConstraint("observance", "year"),
        CheckConstraint(_in("anchor", ANCHORS), name="anchor"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String, unique=True)  # stable id: observance-year
    observance: Mapped[str] = mapped_column(String)
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String)
    owner: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str | None] = mapped_column(String)
    anchor: Mapped[str] = mapped_column(String(8))
    starts: Mapped[dt.date] = mapped_column(Date)
    ends: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Set when the campaign is deleted: a tombstone kept for the team feed's cancellations (0002).
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    # On the tombstone a move to another year leaves: the id it moved to (0003).
    moved_to: Mapped[str | None] = mapped_column(String)
    # The first and last day with work or of the occurrence (Campaign.first / Campaign.last), kept
    # by every write so that reads by date range are one indexed query (0005).
    first_day: Mapped[dt.date] = mapped_column(Date, index=True)
    last_day: Mapped[dt.date] = mapped_column(Date, index=True)

    phases: Mapped[list[PhaseRecord]] = relationship(
        back_populates="campaign",
        cascade="all, delete-orphan",
        order_by="PhaseRecord.position",
        passive_deletes=True,
    )


class PhaseRecord(Base):
    """One dated step of a campaign. `sequence` and `updated_at` feed iCal's SEQUENCE/LAST-MODIFIED."""

    __tablename__ = "phases"
    __table_args__ = (
        UniqueConstraint("campaign_id", "key"),
        CheckConstraint(_in("status", PHASE_STATUSES), name="status"),
        CheckConstraint(_in("anchor", ANCHORS), name="anchor"),
        CheckConstraint(f"constraint_kind IS NULL OR {_in('constraint_kind', CONSTRAINTS)}", name="constraint_kind"),
        CheckConstraint("duration_days >= 1", name="duration_days"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(Text)
    offset_spec: Mapped[str] = mapped_column(String)  # e.g. T-1y-56d
    anchor: Mapped[str] = mapped_column(String(8))
    scheduled: Mapped[dt.date] = mapped_column(Date)
    manual_date: Mapped[dt.date | None] = mapped_column(Date)
    duration_days: Mapped[int] = mapped_column(Integer, default=1)
    through_period: Mapped[bool] = mapped_column(Boolean, default=False)
    owner: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="todo")
    note: Mapped[str] = mapped_column(Text, default="")
    big_send: Mapped[bool] = mapped_column(Boolean, default=False)
    constraint_kind: Mapped[str | None] = mapped_column(String(12))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Optimistic locking for the web front end (0006): raised on every change, so a save made
    # from an older page is refused; `updated_by` names who changed it last ('' from the CLI).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(Text, default="")
    # The template's role for the phase ('writer'); `owner` is the person (0004).
    role: Mapped[str] = mapped_column(Text, default="")

    campaign: Mapped[CampaignRecord] = relationship(back_populates="phases")


ROLES = ("viewer", "editor", "admin")


class UserRecord(Base):
    """A person who signs in to the web front end. Only an Argon2 hash of the password is kept."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(8))
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class PersonRecord(Base):
    """One member of the team roster (0004): their roles, comma-separated in kebab-case, and how
    many phases a week they can take."""

    __tablename__ = "people"
    __table_args__ = (CheckConstraint("capacity >= 1", name="capacity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    # name folded to lower case: one person per name, whatever the case
    folded: Mapped[str] = mapped_column(Text, unique=True)
    roles: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int] = mapped_column(Integer, default=3)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FeedItemRecord(Base):
    """The feed state of one UID (0003): what subscribers last saw (a fingerprint of dates,
    title, status and location), its SEQUENCE and LAST-MODIFIED (naive UTC). See `planner.feeds.state`."""

    __tablename__ = "feed_items"

    uid: Mapped[str] = mapped_column(String, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer)
    modified: Mapped[dt.datetime] = mapped_column(DateTime)


class FeedTokenRecord(Base):
    """A secret token for a private team feed (0003): only its SHA-256 hash, unique. `campaigns`
    is a comma-separated list of campaign ids ('' for all)."""

    __tablename__ = "feed_tokens"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(Text, default="")
    campaigns: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TeamMessagesRecord(Base):
    """A team's own messages for one occurrence's brief (0007): the messages document (the YAML a
    `--messages` file holds; '' once cleared), its version for optimistic locking, and who saved
    it when (naive UTC)."""

    __tablename__ = "team_messages"
    __table_args__ = (
        UniqueConstraint("observance", "year"),
        CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observance: Mapped[str] = mapped_column(String)
    year: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    changed_by: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
