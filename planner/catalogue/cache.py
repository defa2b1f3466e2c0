"""A cache of parsed catalogues, keyed by the content of their files.

Parsing and validating the YAML costs more than everything else a quick command does, and the
catalogue rarely changes between runs. The key covers planner's version, the Python version,
the shape of the catalogue's classes, the working directory (file names in messages are
relative to it) and every file's path and bytes, so an edit is always seen.

- Several entries are kept (up to MAX_ENTRIES, the least recently used go first), so switching
  between the shipped catalogue and a team's file does not make every run start cold.
- Entries are plain JSON (no pickle): reading one builds only planner's own catalogue classes,
  listed in `_CLASSES`, so a forged file cannot run code. A damaged entry, or one that another
  user wrote or could have changed (see `planner.cachedir.trusted`), is ignored.
- The cache is optional: any problem reading or writing it is ignored.
Set PLANNER_CACHE_DIR to move it, or PLANNER_CACHE=0 to switch it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planner import __version__
from planner.cachedir import cache_folder, private_folder, trusted, write_private
from planner.catalogue import model
from planner.catalogue.model import Catalogue

MAX_ENTRIES = 8
PREFIX = "catalogue-"
SUFFIX = ".json"

_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        model.Catalogue,
        model.Observance,
        model.Recommendation,
        model.Report,
        model.Source,
        model.Instrument,
        model.CitedInstrument,
        model.Link,
        model.MonthDay,
        model.FixedRule,
        model.NthWeekdayRule,
        model.SpanRule,
        model.OnceRule,
        model.AnniversaryRule,
    )
}
_ENUMS: dict[str, type[enum.Enum]] = {
    cls.__name__: cls for cls in (model.Kind, model.Status, model.Feb29, model.Priority)
}
_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in dataclasses.fields(cls) if f.init) for name, cls in _CLASSES.items()
}


def _shape() -> str:
    """The classes' names and fields: a cache written for other classes is never read."""
    return repr(sorted(_FIELDS.items())) + repr(sorted((n, [m.value for m in e]) for n, e in _ENUMS.items()))


# -- plain data ---------------------------------------------------------------------------------
# Every JSON list is tagged by its first item: ["t", ...] a tuple, ["l", ...] a list,
# ["m", k, v, k, v, ...] a mapping (order kept), ["d", "YYYY-MM-DD"] a date,
# ["e", "Kind", "day"] an enum member, ["c", "Observance", field values in order] a dataclass.


def to_plain(value: Any) -> Any:
    """A catalogue (or any part of one) as JSON-ready plain data."""
    if isinstance(value, enum.Enum):
        return ["e", type(value).__name__, value.value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return ["d", value.isoformat()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"cannot cache a {name}")
        return ["c", name, *(to_plain(getattr(value, f)) for f in _FIELDS[name])]
    if isinstance(value, tuple):
        return ["t", *(to_plain(v) for v in value)]
    if isinstance(value, list):
        return ["l", *(to_plain(v) for v in value)]
    if isinstance(value, Mapping):
        out: list[Any] = ["m"]
        for k, v in value.items():
            out += [to_plain(k), to_plain(v)]
        return out
    raise TypeError(f"cannot cache a {type(value).__name__}")


def from_plain(data: Any) -> Any:
    """The value `to_plain` made; raises ValueError, KeyError or TypeError on anything else."""
    if not isinstance(data, list):
        if data is None or isinstance(data, str | int | float | bool):
            return data
        raise ValueError("not plain catalogue data")
    tag = data[0]
    if tag == "c":
        cls = _CLASSES[data[1]]
        names = _FIELDS[data[1]]
        if len(data) - 2 != len(names):
            raise ValueError(f"{data[1]} has {len(names)} fields")
        return cls(**{n: from_plain(v) for n, v in zip(names, data[2:], strict=True)})
    if tag == "t":
        return tuple(from_plain(v) for v in data[1:])
    if tag == "m":
        items = data[1:]
        return {from_plain(items[i]): from_plain(items[i + 1]) for i in range(0, len(items), 2)}
    if tag == "e":
        return _ENUMS[data[1]](data[2])
    if tag == "d":
        return dt.date.fromisoformat(data[1])
    if tag == "l":
        return [from_plain(v) for v in data[1:]]
    raise ValueError(f"unknown tag {tag!r}")


# -- the cache ----------------------------------------------------------------------------------


def _key(paths: Sequence[Path]) -> str | None:
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{Path.cwd()}|{_shape()}".encode())
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
    folder = cache_folder()
    key = _key(paths) if folder else None
    if folder is None or key is None:
        return None, None
    target = folder / f"{PREFIX}{key}{SUFFIX}"
    if trusted(target):
        with contextlib.suppress(Exception):  # damaged, or written for other code: parse again
            found = from_plain(json.loads(target.read_bytes()))
            if isinstance(found, Catalogue):
                with contextlib.suppress(OSError):
                    os.utime(target)  # recently used: kept when the folder is trimmed
                return found, target
    return None, target


def put(target: Path | None, catalogue: Catalogue) -> None:
    """Store a catalogue under the key `get` gave; keeps the MAX_ENTRIES most recently used."""
    if target is None:
        return
    with contextlib.suppress(Exception):
        if not private_folder(target.parent):
            return
        data = json.dumps(to_plain(catalogue), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_private(target, data)
        _trim(target.parent)


def _trim(folder: Path) -> None:
    entries = []
    for path in folder.glob(f"{PREFIX}*"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    entries.sort(reverse=True)
    for _, old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()
