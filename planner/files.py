"""Files written completely or not at all: a temporary file in the same folder, renamed into place.

Used for every file planner writes (`-o FILE`, the catalogue cache, feed tokens). Standard
library only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from planner.errors import PlannerError

__all__ = ["atomic_writer", "write_file"]


def _new_file_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less umask).

    mkstemp makes files readable by their owner only, which is right for a temporary file but
    not for a plan or a feed that a team shares.
    """
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_writer(path: str | Path, mode: str = "w", *, private: bool = False) -> Iterator[IO[Any]]:
    """Write a file completely or not at all: a temporary file renamed into place.

    `private`: a file that holds secrets (or their hashes) stays readable by its owner only, from
    its first byte (the temporary file is created 0600 and keeps that mode).

    A symbolic link is followed (the file it points to is replaced, the link stays), and a
    special file such as /dev/null or a named pipe is written directly: renaming over it would
    replace the device itself.
    """
    target = Path(path)
    if target.is_dir():
        raise PlannerError(f"cannot write to {target}: it is a folder; give a file name")
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not target.is_file():
        kwargs_direct: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with open(target, mode, **kwargs_direct) as direct:
            yield direct
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PlannerError(f"cannot write to {target}: folder {folder} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.chmod(tmp, 0o600 if private else _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_file(path: str | Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8, as it is) to `path` atomically. Raises `PlannerError` when
    the path is a folder, its folder does not exist, or permission is denied."""
    try:
        with atomic_writer(path, "wb" if isinstance(content, bytes) else "w") as handle:
            handle.write(content)
    except PermissionError:
        raise PlannerError(f"cannot write to {path}: permission denied; choose another file") from None
    except OSError as exc:  # a full disk or a read-only medium: the CLI names the cause and this file
        if exc.filename is None:
            exc.filename = str(path)
        raise
