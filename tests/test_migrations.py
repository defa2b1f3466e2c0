"""Alembic migrations on SQLite and PostgreSQL: up, down, up again; models and migrations agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from planner.campaigns.db import Base
from planner.campaigns.model import Campaign
from planner.campaigns.store import DatabaseError, Store, shipped_revisions
from planner.resources import data_path

from .conftest import FIXTURES
from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

TABLES = {"alembic_version", "campaigns", "phases", "feed_items", "feed_tokens", "people", "users", "team_messages"}
HEAD = shipped_revisions()[0]  # the newest shipped migration
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


def tables(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def columns(store: Store, table: str) -> set[str]:
    return {c["name"] for c in inspect(store.engine).get_columns(table)}


def _chain() -> list[str]:
    """The shipped revisions, oldest first, as Alembic sees them."""
    from alembic.script import ScriptDirectory

    return [s.revision for s in ScriptDirectory.from_config(Store("sqlite://").alembic_config()).walk_revisions()][::-1]


def test_upgrade_downgrade_upgrade(database_url: str) -> None:  # noqa: F811
    chain = _chain()
    head = chain[-1]
    with Store(database_url, migrate=False) as store:
        assert store.revision().current is None
        assert store.upgrade().current == head
        assert tables(store) == TABLES
        assert {"deleted_at", "first_day", "last_day"} <= columns(store, "campaigns")
        assert store.downgrade("base").current is None
        assert tables(store) <= {"alembic_version"}
        assert store.upgrade().current == head
        assert tables(store) == TABLES
        for below in reversed([None, *chain[:-1]]):  # one step down at a time, to nothing
            assert store.downgrade().current == below
        for revision in chain:  # and up again one step at a time
            assert store.upgrade(revision).current == revision
        assert store.upgrade().current == head
        assert store.downgrade("0003").current == "0003"  # below 0004: no roster
        assert "people" not in tables(store) and "role" not in columns(store, "phases")
        assert "first_day" not in columns(store, "campaigns")
        assert store.downgrade("0002").current == "0002"
        assert not {"feed_items", "feed_tokens"} & tables(store) and "moved_to" not in columns(store, "campaigns")
        assert store.upgrade().current == head
        assert store.campaigns() == []


def test_the_cheap_revision_check_agrees_with_alembic() -> None:
    head, known = shipped_revisions()
    chain = _chain()
    assert head == chain[-1]
    assert known == frozenset(chain)


def test_soft_delete_migrates_both_ways_with_data(database_url: str) -> None:  # noqa: F811
    kept, deleted = _campaign(2027), _campaign(2028)
    with Store(database_url, migrate=False) as store:
        store.upgrade("0001")
        store.upgrade()  # an 0001 database with no tombstones yet gains the column
        store.add(kept)
        store.add(deleted)
        store.delete(deleted.id, now=NOW)
        assert store.downgrade("0001").current == "0001"
        # Without deleted_at a tombstone would come back to life: the downgrade removes it.
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT slug FROM campaigns")).scalars().all() == [kept.id]
            assert conn.execute(text("SELECT COUNT(*) FROM phases")).scalar() == len(kept.phases)
        assert store.upgrade().current == _chain()[-1]
        assert store.campaigns() == [kept]
        assert store.deleted_since(NOW) == []


def test_date_range_columns_are_filled_for_existing_campaigns(database_url: str) -> None:  # noqa: F811
    """0005 fills first_day/last_day of the campaigns already there, so range reads find them."""
    early, late = _campaign(2027), _campaign(2028)
    with Store(database_url, migrate=False) as store:
        store.upgrade("0002")
        with store.engine.begin() as conn:  # campaigns as a 0002 planner wrote them
            for c in (early, late):
                conn.execute(
                    text(
                        "INSERT INTO campaigns (slug, observance, year, name, template, owner, anchor, starts, ends, "
                        "created_at, updated_at) VALUES (:slug, :o, :y, :n, :t, '', :a, :s, :e, :c, :u)"
                    ),
                    {
                        "slug": c.id, "o": c.observance_id, "y": c.year, "n": c.name, "t": c.template,
                        "a": c.anchor.value, "s": c.starts, "e": c.ends,
                        "c": c.created_at.replace(tzinfo=None), "u": c.updated_at.replace(tzinfo=None),
                    },
                )  # fmt: skip
                row = conn.execute(text("SELECT id FROM campaigns WHERE slug = :s"), {"s": c.id}).scalar_one()
                for i, p in enumerate(c.phases):
                    conn.execute(
                        text(
                            "INSERT INTO phases (campaign_id, position, key, name, offset_spec, anchor, scheduled, "
                            "duration_days, through_period, owner, status, note, big_send, sequence) VALUES "
                            "(:cid, :pos, :k, :n, :o, :a, :s, :d, :tp, '', 'todo', '', :b, 0)"
                        ),
                        {
                            "cid": row, "pos": i, "k": p.key, "n": p.name, "o": str(p.offset), "a": p.anchor.value,
                            "s": p.scheduled, "d": p.duration_days, "tp": p.through_period, "b": p.big_send,
                        },
                    )  # fmt: skip
        store.upgrade()
        with store.engine.connect() as conn:
            spans = conn.execute(text("SELECT slug, first_day, last_day FROM campaigns ORDER BY slug")).all()
        assert [(s, str(f)[:10], str(la)[:10]) for s, f, la in spans] == [
            (c.id, c.first.isoformat(), c.last.isoformat()) for c in (early, late)
        ]
        first_work = min(p.date for p in early.phases)
        assert [c.id for c in store.campaigns(start=first_work, end=first_work)] == [early.id]
        assert [c.id for c in store.campaigns()] == [early.id, late.id]


def test_accounts_and_phase_versions_migrate_both_ways_with_data(database_url: str) -> None:  # noqa: F811
    kept = _campaign(2027)
    with Store(database_url, migrate=False) as store:
        store.upgrade()
        store.add(kept)
        before = store.downgrade("0005").current  # the campaign stays, without versions
        assert before == "0005" and "users" not in tables(store)
        store.upgrade()  # through 0006
        assert {"users"} <= tables(store)
        assert {"version", "updated_by"} <= columns(store, "phases")
        versions = store.phase_versions(kept.id)
        assert {v.version for v in versions.values()} == {1}  # existing phases start at version 1
        assert {v.updated_by for v in versions.values()} == {""}
        store.downgrade(before or "base")
        assert "users" not in tables(store)
        assert "version" not in columns(store, "phases")
        store.upgrade()
        assert store.campaigns() == [kept]


def _campaign(year: int) -> Campaign:
    from planner.campaigns.files import load_templates
    from planner.campaigns.schedule import new_campaign, occurrence_for
    from planner.catalogue.load import load

    catalogue = load([FIXTURES / "campaigns-catalogue.yaml"], shipped=False)
    occ = occurrence_for(catalogue.observance("world-press-freedom-day"), year)
    templates = load_templates(team_dir=Path("/nonexistent/planner-templates"))
    return new_campaign(templates["standard"], occ, now=NOW)


def test_models_and_migrations_agree(database_url: str) -> None:  # noqa: F811
    with Store(database_url, migrate=False) as store:
        store.upgrade()
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            command.check(store.alembic_config(conn))  # `alembic check`: raises on any difference


def test_the_metadata_names_its_constraints() -> None:
    names = {c.name for t in Base.metadata.tables.values() for c in t.constraints}
    assert {"pk_campaigns", "uq_campaigns_slug", "uq_campaigns_observance_year", "ck_phases_status"} <= names
    assert all(names)


def test_without_migrate_an_empty_database_asks_for_an_upgrade(database_url: str) -> None:  # noqa: F811
    with Store(database_url, migrate=False) as store, pytest.raises(DatabaseError, match="run `planner db upgrade`"):
        store.campaigns()


def test_an_unknown_target_revision_is_a_clear_error(database_url: str) -> None:  # noqa: F811
    with (
        Store(database_url, migrate=False) as store,
        pytest.raises(DatabaseError, match=r"cannot upgrade the database .* to 'nope'"),
    ):
        store.upgrade("nope")


def test_migrations_ship_with_planner() -> None:
    folder = data_path("migrations")
    assert (folder / "env.py").is_file()
    assert (folder / "script.py.mako").is_file()
    shipped = sorted(p.name for p in (folder / "versions").glob("*.py"))
    assert {
        "0001_initial.py",
        "0002_soft_delete.py",
        "0003_feed_state.py",
        "0004_roster.py",
        "0005_date_range_indexes.py",
        "0006_accounts.py",
        "0007_team_messages.py",
    } <= set(shipped)


def test_feed_state_and_tokens_migrate_both_ways_with_data(database_url: str) -> None:  # noqa: F811
    """0003 on a database with campaigns keeps them; its tables hold the feed state and the
    token hashes (unique); down again drops them and the moved_to column, and keeps the campaigns."""
    from planner.campaigns.store import FeedStateRow, TokenRow

    kept = _campaign(2027)
    with Store(database_url, migrate=False) as store:
        store.upgrade()
        store.add(kept)
        assert store.downgrade("0002").current == "0002"
        assert store.upgrade().current == HEAD
        assert store.campaigns() == [kept]
        store.save_feed_state([FeedStateRow("a@x.invalid", "f" * 32, 2, NOW)])
        assert store.feed_state(["a@x.invalid"]) == {"a@x.invalid": FeedStateRow("a@x.invalid", "f" * 32, 2, NOW)}
        token = TokenRow("0a0b0c0d", "comms", "d" * 64, NOW)
        assert store.add_tokens([token, token._replace(id="ffffffff")]) == 1  # one hash, once
        assert store.tokens() == [token]
        assert store.downgrade("0003").current == "0003"  # below the roster (0004) and the day columns (0005)

        assert store.downgrade("0003").current == "0003"
        assert "people" not in tables(store) and "role" not in columns(store, "phases")
        assert "first_day" not in columns(store, "campaigns")
        assert store.downgrade("0002").current == "0002"
        assert not {"feed_items", "feed_tokens"} & tables(store)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT slug FROM campaigns")).scalars().all() == [kept.id]
        assert store.upgrade().current == HEAD
        assert store.campaigns() == [kept]
        assert store.tokens() == [] and store.feed_state() == {}


def test_roster_migration_moves_template_roles_out_of_owner(database_url: str) -> None:  # noqa: F811
    """0004: an owner that is a shipped template role becomes the phase's role; a person stays owner."""
    with Store(database_url, migrate=False) as store:
        store.upgrade("0002")
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO campaigns (id, slug, observance, year, name, template, owner, anchor, starts, ends, "
                    "created_at, updated_at) VALUES (1, 'x-2027', 'x', 2027, 'X', 'standard', '', 'start', "
                    "'2027-05-03', '2027-05-03', '2026-11-21 09:30:00', '2026-11-21 09:30:00')"
                )
            )
            for i, owner in enumerate(("writer", "Ana Silva", "")):
                conn.execute(
                    text(
                        "INSERT INTO phases (campaign_id, position, key, name, offset_spec, anchor, scheduled, "
                        "duration_days, through_period, owner, status, note, big_send, sequence) VALUES "
                        f"(1, {i}, 'p{i}', 'P{i}', 'T0', 'start', '2027-05-03', 1, false, '{owner}', 'todo', '', "
                        "false, 0)"
                    )
                )
        store.upgrade()
        phases = store.campaign("x-2027").phases
        assert [(p.role, p.owner) for p in phases] == [("writer", ""), ("", "Ana Silva"), ("", "")]
        assert store.roster().people == ()
        store.downgrade("0002")
        with store.engine.connect() as conn:
            owners = conn.execute(text("SELECT owner FROM phases ORDER BY position")).scalars().all()
        assert owners == ["writer", "Ana Silva", ""]


def test_team_messages_migrate_both_ways_with_data(database_url: str) -> None:  # noqa: F811
    """0007 adds the team's saved messages beside existing campaigns and accounts; down again drops
    them and keeps the rest; a save from a page that is out of date is refused."""
    from planner.campaigns.store import MessagesConflict

    kept = _campaign(2027)
    with Store(database_url, migrate=False) as store:
        store.upgrade()
        store.add(kept)
        assert store.downgrade("0006").current == "0006"
        assert "team_messages" not in tables(store)
        assert store.upgrade("0007").current == "0007"
        assert {"observance", "year", "document", "version", "changed_by", "changed_at"} <= columns(
            store, "team_messages"
        )
        assert store.team_messages("world-press-freedom-day", 2027) is None
        saved = store.save_team_messages(
            "world-press-freedom-day", 2027, "core_message: Ours.\n", expected_version=0, by="Amina", now=NOW
        )
        assert (saved.version, saved.changed_by, saved.changed_at) == (1, "Amina", NOW)
        assert store.team_messages("world-press-freedom-day", 2027) == saved
        with pytest.raises(MessagesConflict, match="changed by Amina at 09:30 on 21 Nov 2026"):
            store.save_team_messages("world-press-freedom-day", 2027, "", expected_version=0, by="Ben", now=NOW)
        assert store.downgrade("0006").current == "0006"
        assert "team_messages" not in tables(store)
        assert store.upgrade().current == HEAD
        assert store.campaigns() == [kept]
        assert store.team_messages("world-press-freedom-day", 2027) is None  # dropped on the way down
