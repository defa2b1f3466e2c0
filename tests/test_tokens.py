"""Team-feed tokens: hashed at rest in the database (unique), revocable at once, safe when
created and revoked by several processes at the same time; old JSON files are imported."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.campaigns.store import Store
from planner.errors import PlannerError, UsageProblem
from planner.feeds.tokens import FILE_NAME, TOKEN_FORM, FeedToken, TokenStore, data_dir, digest, match

from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

NOW = dt.datetime(2026, 11, 21, 10, 30, 15, 123, tzinfo=dt.UTC)


@pytest.fixture
def db(database_url: str) -> Iterator[Store]:  # noqa: F811
    with Store(database_url) as store:
        yield store


@pytest.fixture
def tokens(db: Store, tmp_path: Path) -> TokenStore:
    return TokenStore(db, legacy_file=tmp_path / "data" / FILE_NAME, now=lambda: NOW)


def test_create_stores_only_the_hash(tokens: TokenStore, db: Store) -> None:
    record, secret = tokens.create("comms team", ["hrd-2027"])
    assert TOKEN_FORM.match(secret) and len(secret) >= 43
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, digest, label, campaigns, created_at FROM feed_tokens")).all()
    assert len(rows) == 1
    assert rows[0][:4] == (record.id, digest(secret), "comms team", "hrd-2027")
    assert secret not in repr(rows)
    assert record.created == dt.datetime(2026, 11, 21, 10, 30, 15, tzinfo=dt.UTC)
    assert tokens.all() == (record,)
    assert record.scope == "hrd-2027"


def test_find_and_revoke(tokens: TokenStore) -> None:
    a, secret_a = tokens.create("a")
    b, secret_b = tokens.create("b")
    assert tokens.find(secret_a) == a and tokens.find(secret_b) == b
    assert tokens.find(secret_a[:-2]) is None
    assert tokens.find("x" * 43) is None
    assert tokens.find("../../etc/passwd") is None
    tokens.revoke(a.id)
    assert tokens.find(secret_a) is None and tokens.find(secret_b) == b
    with pytest.raises(UsageProblem, match=f"no feed token with id 'nope'; known ids: {b.id}"):
        tokens.revoke("nope")


def test_another_process_revoking_takes_effect_at_once(tokens: TokenStore, db: Store, tmp_path: Path) -> None:
    record, secret = tokens.create("a")
    assert tokens.find(secret) == record
    with Store(db.url) as other_db:
        TokenStore(other_db, legacy_file=tmp_path / "none.json").revoke(record.id)
    assert tokens.find(secret) is None


def test_match_checks_every_token() -> None:
    found = [FeedToken(id=str(i), label="", digest=digest(f"{'s' * 40}{i}"), created=NOW) for i in range(5)]
    assert match(found, f"{'s' * 40}3") == found[3]
    assert match(found, f"{'s' * 40}9") is None
    assert match([], "s" * 40) is None


def test_tokens_of_the_old_json_file_are_imported_once(db: Store, tmp_path: Path) -> None:
    legacy = tmp_path / FILE_NAME
    secret = "s" * 43
    legacy.write_text(
        json.dumps(
            {
                "version": 1,
                "tokens": [
                    {
                        "id": "0a0b0c0d",
                        "label": "comms",
                        "sha256": digest(secret),
                        "created": "2026-11-01T09:00:00+00:00",
                        "campaigns": ["hrd-2027"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    store = TokenStore(db, legacy_file=legacy)
    found = store.find(secret)
    assert found is not None and (found.id, found.label, found.campaigns) == ("0a0b0c0d", "comms", ("hrd-2027",))
    assert not legacy.exists() and (tmp_path / f"{FILE_NAME}.imported").exists()
    assert len(TokenStore(db, legacy_file=legacy).all()) == 1


def test_a_damaged_old_file_is_named(db: Store, tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(PlannerError, match="is damaged"):
        TokenStore(db, legacy_file=path).all()


def test_data_dir_can_be_moved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv("PLANNER_DATA_DIR")
    assert data_dir().name == "planner"


def _create(url: str, legacy: str, label: str) -> str:
    with Store(url) as store:
        record, _ = TokenStore(store, legacy_file=Path(legacy)).create(label)
        return record.id


def _revoke(url: str, legacy: str, token_id: str) -> bool:
    with Store(url) as store:
        try:
            TokenStore(store, legacy_file=Path(legacy)).revoke(token_id)
        except UsageProblem:
            return False
        return True


def test_parallel_creates_keep_every_token(db: Store, tmp_path: Path) -> None:
    """Eight processes create a token at once: all eight are kept (the JSON file lost some)."""
    db.campaigns()  # migrate first, as `planner db upgrade` would
    legacy = str(tmp_path / "none.json")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        ids = pool.starmap(_create, [(db.url, legacy, f"team {i}") for i in range(8)])
    stored = TokenStore(db, legacy_file=Path(legacy)).all()
    assert sorted(t.id for t in stored) == sorted(ids) and len(set(ids)) == 8


def test_a_revoke_racing_creates_leaves_the_token_revoked(db: Store, tmp_path: Path) -> None:
    legacy = str(tmp_path / "none.json")
    tokens = TokenStore(db, legacy_file=Path(legacy))
    victim, secret = tokens.create("to revoke")
    jobs = [(_create, (db.url, legacy, f"new {i}")) for i in range(4)] + [(_revoke, (db.url, legacy, victim.id))]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = [pool.apply_async(f, a) for f, a in jobs]
        outcomes = [r.get(timeout=120) for r in results]
    assert outcomes[-1] is True
    assert tokens.find(secret) is None
    assert len(tokens.all()) == 4
