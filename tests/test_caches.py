"""planner's cache folder: parsed catalogues and templates as plain JSON (several entries, no
pickle, untrusted or damaged files ignored) and compiled Jinja2 templates (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from planner import cachedir, render
from planner.campaigns import template_cache
from planner.campaigns.files import load_templates
from planner.catalogue import cache
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.resources import shipped_catalogues

from .conftest import FIXTURES


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(where))
    monkeypatch.delenv("PLANNER_CACHE", raising=False)
    return where


def test_a_catalogue_survives_the_round_trip_through_plain_data() -> None:
    shipped = load()
    back = cache.CODEC.decode(cache.CODEC.encode(shipped))
    assert back == shipped
    assert isinstance(back, Catalogue)
    assert list(back.observances) == list(shipped.observances)  # order kept


def test_plain_data_refuses_what_it_does_not_know() -> None:
    with pytest.raises(TypeError):
        cache.CODEC.encode(dt.datetime(2026, 1, 1))
    with pytest.raises(KeyError):
        cache.CODEC.decode(json.dumps(["c", "os.system", "rm -rf /"]).encode())
    with pytest.raises(ValueError):
        cache.CODEC.decode(json.dumps(["c", "Link", "only-one-field"]).encode())


def test_several_catalogues_stay_cached(folder: Path) -> None:
    shipped_paths = shipped_catalogues()
    other_paths = [FIXTURES / "campaigns-catalogue.yaml"]
    for paths, files, shipped in ((shipped_paths, (), True), (other_paths, other_paths, False)):
        found, target = cache.get(paths)
        assert found is None and target is not None
        cache.put(target, load(files, shipped=shipped))
    assert len(list(folder.glob("catalogue-*.json"))) == 2
    assert cache.get(shipped_paths)[0] == load()  # both are still there: switching is not cold
    assert cache.get(other_paths)[0] == load(other_paths, shipped=False)


def test_the_cache_is_bounded(folder: Path, tmp_path: Path) -> None:
    catalogue = load([FIXTURES / "campaigns-catalogue.yaml"], shipped=False)
    for i in range(cachedir.MAX_ENTRIES + 4):
        extra = tmp_path / f"file-{i}.yaml"
        extra.write_text(f"# {i}\n", encoding="utf-8")
        _, target = cache.get([extra])
        cache.put(target, catalogue)
        os.utime(target, (1_000_000 + i, 1_000_000 + i))  # in order of use
    kept = sorted(folder.glob("catalogue-*.json"))
    assert len(kept) == cachedir.MAX_ENTRIES
    _, newest = cache.get([tmp_path / f"file-{cachedir.MAX_ENTRIES + 3}.yaml"])
    assert newest in kept


def test_damaged_or_untrusted_entries_are_ignored(folder: Path) -> None:
    paths = shipped_catalogues()
    _, target = cache.get(paths)
    assert target is not None
    cache.put(target, load())
    assert cache.get(paths)[0] is not None
    assert target.stat().st_mode & 0o077 == 0  # the owner's alone

    target.write_bytes(b'["c", "Catalogue", ')  # damaged
    assert cache.get(paths)[0] is None
    cache.put(target, load())
    os.chmod(target, 0o666)  # others could have changed it
    assert cache.get(paths)[0] is None
    os.chmod(target, 0o600)
    os.chmod(folder, 0o777)  # others could have replaced it
    assert cache.get(paths)[0] is None
    os.chmod(folder, 0o700)
    assert cache.get(paths)[0] is not None
    if os.getuid() == 0:  # only root can give a file away: another user's entry
        os.chown(target, 12345, 12345)
        assert cache.get(paths)[0] is None


def test_no_pickle_is_written(folder: Path) -> None:
    paths = shipped_catalogues()
    _, target = cache.get(paths)
    cache.put(target, load())
    assert target is not None and target.suffix == ".json"
    json.loads(target.read_text(encoding="utf-8"))  # plain JSON
    assert not list(folder.glob("*.pickle"))


def test_campaign_templates_are_cached(folder: Path, tmp_path: Path) -> None:
    team = tmp_path / "team-templates"
    assert template_cache.templates(team) == load_templates(team_dir=team)
    assert len(list(folder.glob("templates-*.json"))) == 1
    assert template_cache.templates(team) == load_templates(team_dir=team)  # from the cache


def test_a_team_template_edit_is_seen(folder: Path, tmp_path: Path) -> None:
    team = tmp_path / "team-templates"
    team.mkdir()
    source = (FIXTURES.parent.parent / "templates" / "campaigns" / "standard.yaml").read_text(encoding="utf-8")
    (team / "mine.yaml").write_text(source.replace("name: standard", "name: mine"), encoding="utf-8")
    assert "mine" in template_cache.templates(team)
    (team / "mine.yaml").write_text(source.replace("name: standard", "name: ours"), encoding="utf-8")
    found = template_cache.templates(team)
    assert "ours" in found and "mine" not in found


def test_compiled_templates_are_cached_and_used(folder: Path) -> None:
    render.environment.cache_clear()
    try:
        env = render.environment()
        assert env.bytecode_cache is not None
        env.get_template("brief.md.j2")
        files = list((folder / "templates").glob("*.jinja-cache"))
        assert len(files) == 1
        assert files[0].stat().st_mode & 0o077 == 0
        render.environment.cache_clear()
        again = render.environment()
        loaded = again.get_template("brief.md.j2")
        assert loaded is not None
        os.chmod(files[0], 0o666)  # no longer trusted: compiled again, not loaded
        assert not cachedir.trusted(files[0])
        render.environment.cache_clear()
        assert render.environment().get_template("brief.md.j2") is not None
    finally:
        render.environment.cache_clear()


def test_caching_can_be_switched_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_CACHE", "0")
    assert cache.get(shipped_catalogues()) == (None, None)
    render.environment.cache_clear()
    try:
        assert render.environment().bytecode_cache is None
    finally:
        render.environment.cache_clear()
    assert not folder.exists()
