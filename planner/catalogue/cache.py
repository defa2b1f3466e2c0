"""A cache of the parsed catalogue, keyed by the content of its files.

Parsing and validating the YAML costs more than everything else a quick command does, and the
catalogue rarely changes between runs. The key covers planner's version, the working directory
(file names in messages are relative to it) and every file's path and bytes, so an edit is always
seen. The cache is optional: any problem reading or writing it is ignored.
Set PLANNER_CACHE_DIR to move it, or PLANNER_CACHE=0 to switch it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from planner import __version__
from planner.catalogue.model import Catalogue
from planner.files import atomic_writer


def _folder() -> Path | None:
    if os.environ.get("PLANNER_CACHE", "1") == "0":
        return None
    if os.environ.get("PLANNER_CACHE_DIR"):
        return Path(os.environ["PLANNER_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("planner", appauthor=False))


def _key(paths: Sequence[Path]) -> str | None:
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{Path.cwd()}".encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return None  # let the loader report it
        digest.update(f"|{path.resolve()}|{len(data)}|".encode())
        digest.update(data)
    return digest.hexdigest()[:32]


def get(paths: Sequence[Path]) -> tuple[Catalogue | None, Path | None]:
    """The cached catalogue for these files, if any, and where to store a fresh one."""
    folder = _folder()
    key = _key(paths) if folder else None
    if folder is None or key is None:
        return None, None
    target = folder / f"catalogue-{key}.pickle"
    with contextlib.suppress(Exception):
        with target.open("rb") as handle:
            found = pickle.load(handle)
        if isinstance(found, Catalogue):
            return found, target
    return None, target


def put(target: Path | None, catalogue: Catalogue) -> None:
    """Store a loaded catalogue as plain data at `target` (None: no cache), written atomically; a failure
    only means no cache.
    """
    if target is None:
        return
    with contextlib.suppress(Exception):
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("catalogue-*.pickle"):  # keep the folder small
            if old != target:
                old.unlink(missing_ok=True)
        with atomic_writer(target, "wb") as handle:
            pickle.dump(catalogue, handle, protocol=pickle.HIGHEST_PROTOCOL)
