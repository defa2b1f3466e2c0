"""planner's cache folder, and which files in it can be trusted.

The folder holds the parsed catalogue (`planner.catalogue.cache`) and compiled Jinja2 templates
(`planner.render`). Everything in it can be thrown away: a missing, damaged or untrusted file
only means the work is done again. PLANNER_CACHE_DIR moves it; PLANNER_CACHE=0 switches it off.

A cache file is used only when it belongs to the user running planner and nobody else can
write to it or to its folder: on a shared machine another user's file could otherwise feed us
a forged catalogue or template code. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

CACHE_ENV = "PLANNER_CACHE_DIR"
SWITCH_ENV = "PLANNER_CACHE"


def cache_folder() -> Path | None:
    """Where planner caches; None when caching is switched off (PLANNER_CACHE=0)."""
    if os.environ.get(SWITCH_ENV, "1") == "0":
        return None
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("planner", appauthor=False))


def _ours(info: os.stat_result) -> bool:
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted(path: Path) -> bool:
    """Whether `path` is a regular file that the current user owns, in a folder the user owns,
    with neither writable by anyone else."""
    try:
        info = path.lstat()
        folder = path.parent.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or not _ours(info):
        return False
    sticky_shared = folder.st_mode & stat.S_ISVTX  # e.g. /tmp: others cannot replace our files
    return _ours(folder) or bool(sticky_shared)


def private_folder(folder: Path) -> bool:
    """Create `folder` (owner-only) if needed; whether it can hold trusted files."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return _ours(info) or bool(info.st_mode & stat.S_ISVTX)


def write_private(target: Path, data: bytes) -> None:
    """Write `data` to `target` completely or not at all, readable and writable by the owner only."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
