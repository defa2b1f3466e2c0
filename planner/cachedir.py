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
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.plaindata import Codec

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


# -- cached values keyed by the files they were read from ---------------------------------------

MAX_ENTRIES = 8  # per kind; the least recently used go first


def entry_key(paths: Sequence[Path], *extra: str) -> str | None:
    """A key over planner's and Python's versions, the working directory (file names in messages
    are relative to it), `extra` (e.g. a codec's shape) and every file's path and bytes; None when
    a file cannot be read (the loader will say why)."""
    from planner import __version__

    digest = hashlib.sha256("|".join([__version__, sys.version, str(Path.cwd()), *extra]).encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(f"|{path.resolve()}|{len(data)}|".encode())
        digest.update(data)
    return digest.hexdigest()[:32]


def get(kind: str, paths: Sequence[Path], codec: Codec, extra: Sequence[str] = ()) -> tuple[Any, Path | None]:
    """The value cached for these files (None if none, damaged or untrusted), and where to put a
    fresh one (None when caching is off). `extra`: anything else the value depends on."""
    folder = cache_folder()
    key = entry_key(paths, kind, codec.shape, *extra) if folder else None
    if folder is None or key is None:
        return None, None
    target = folder / f"{kind}-{key}.json"
    if trusted(target):
        with contextlib.suppress(Exception):  # damaged: read the files again
            found = codec.decode(target.read_bytes())
            with contextlib.suppress(OSError):
                os.utime(target)  # recently used: kept when the folder is trimmed
            return found, target
    return None, target


def put(target: Path | None, value: Any, codec: Codec) -> None:
    """Store `value` where `get` said; keeps the MAX_ENTRIES most recently used of its kind."""
    if target is None:
        return
    with contextlib.suppress(Exception):
        if not private_folder(target.parent):
            return
        write_private(target, codec.encode(value))
        kind = target.name.rsplit("-", 1)[0]
        entries = []
        for path in target.parent.glob(f"{kind}-*.json"):
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime, path))
        entries.sort(reverse=True)
        for _, old in entries[MAX_ENTRIES:]:
            with contextlib.suppress(OSError):
                old.unlink()
