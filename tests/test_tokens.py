"""Team-feed tokens: hashed at rest, matched in constant time, revocable at once."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from planner.errors import PlannerError, UsageProblem
from planner.feeds.tokens import FILE_NAME, TOKEN_FORM, FeedToken, TokenStore, data_dir, digest, match

NOW = dt.datetime(2026, 11, 21, 10, 30, 15, 123, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> TokenStore:
    return TokenStore(tmp_path / "data" / FILE_NAME, now=lambda: NOW)


def test_create_stores_only_the_hash(store: TokenStore) -> None:
    record, secret = store.create("comms team", ["hrd-2027"])
    assert TOKEN_FORM.match(secret) and len(secret) >= 43
    text = store.path.read_text(encoding="utf-8")
    assert secret not in text
    data = json.loads(text)
    assert data["tokens"] == [
        {
            "id": record.id,
            "label": "comms team",
            "sha256": digest(secret),
            "created": "2026-11-21T10:30:15+00:00",
            "campaigns": ["hrd-2027"],
        }
    ]
    assert oct(os.stat(store.path).st_mode & 0o777) == oct(0o600)
    assert record.scope == "hrd-2027"


def test_find_and_revoke(store: TokenStore) -> None:
    a, secret_a = store.create("a")
    b, secret_b = store.create("b")
    assert store.find(secret_a) == a and store.find(secret_b) == b
    assert store.find(secret_a[:-2]) is None
    assert store.find("x" * 43) is None
    assert store.find("../../etc/passwd") is None
    store.revoke(a.id)
    assert store.find(secret_a) is None and store.find(secret_b) == b
    with pytest.raises(UsageProblem, match=f"no feed token with id 'nope'; known ids: {b.id}"):
        store.revoke("nope")


def test_another_process_revoking_takes_effect_at_once(store: TokenStore) -> None:
    record, secret = store.create("a")
    assert store.find(secret) == record
    other = TokenStore(store.path)
    other.revoke(record.id)
    assert store.find(secret) is None


def test_match_checks_every_token() -> None:
    tokens = [FeedToken(id=str(i), label="", digest=digest(f"{'s' * 40}{i}"), created=NOW) for i in range(5)]
    assert match(tokens, f"{'s' * 40}3") == tokens[3]
    assert match(tokens, f"{'s' * 40}9") is None
    assert match([], "s" * 40) is None


def test_no_file_means_no_tokens(tmp_path: Path) -> None:
    assert TokenStore(tmp_path / "none.json").all() == ()


def test_damaged_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(PlannerError, match="is damaged"):
        TokenStore(path).all()


def test_data_dir_can_be_moved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    assert TokenStore().path == tmp_path / FILE_NAME
    monkeypatch.delenv("PLANNER_DATA_DIR")
    assert data_dir().name == "planner"
