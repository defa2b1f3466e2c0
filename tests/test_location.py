"""Where the campaign database is, found without SQLAlchemy and without creating anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.campaigns.location import NoDatabase, existing_url, normalise_url, sqlite_file


def test_sqlite_files_are_found_in_urls(tmp_path: Path) -> None:
    assert sqlite_file(f"sqlite:///{tmp_path / 'a.db'}") == tmp_path / "a.db"
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
    assert normalise_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_missing_file_is_named_with_how_to_create_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    with pytest.raises(NoDatabase, match=r"no database at .*typo\.db; check the --db path") as caught:
        existing_url(str(tmp_path / "typo.db"))
    assert caught.value.explicit and not (tmp_path / "typo.db").exists()
    with pytest.raises(NoDatabase, match="no campaign database yet") as default:
        existing_url(None)
    assert not default.value.explicit and not default.value.path.parent.exists()


def test_an_existing_file_and_other_databases_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.db").write_bytes(b"")
    assert existing_url(str(tmp_path / "ok.db")) == f"sqlite:///{tmp_path / 'ok.db'}"
    monkeypatch.setenv("PLANNER_DATABASE_URL", "postgresql://u@h/db")
    assert existing_url(None) == "postgresql+psycopg://u@h/db"
