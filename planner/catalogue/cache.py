"""A cache of parsed catalogues, keyed by the content of their files.

Parsing and validating the YAML costs more than everything else a quick command does, and the
catalogue rarely changes between runs. The key covers planner's version, the Python version,
the shape of the catalogue's classes, the working directory (file names in messages are
relative to it) and every file's path and bytes, so an edit is always seen.

- Several entries are kept (`planner.cachedir.MAX_ENTRIES`, the least recently used go first),
  so switching between the shipped catalogue and a team's file does not make every run cold.
- Entries are plain JSON (`planner.plaindata`, no pickle): reading one builds only the catalogue
  model's own classes (`CODEC`). A damaged entry, or one another user wrote or could have changed
  (`planner.cachedir.trusted`), is ignored.
- The cache is optional: any problem reading or writing it is ignored.
Set PLANNER_CACHE_DIR to move it, or PLANNER_CACHE=0 to switch it off.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner import cachedir
from planner.catalogue import model
from planner.catalogue.model import Catalogue
from planner.plaindata import Codec

KIND = "catalogue"
CODEC = Codec.of_modules(model)  # every dataclass and enum of the catalogue model


def get(paths: Sequence[Path]) -> tuple[Catalogue | None, Path | None]:
    """The cached catalogue for these files, if any, and where to store a fresh one."""
    found, target = cachedir.get(KIND, paths, CODEC)
    return (found if isinstance(found, Catalogue) else None), target


def put(target: Path | None, catalogue: Catalogue) -> None:
    """Store a freshly parsed catalogue where `get` said."""
    cachedir.put(target, catalogue, CODEC)
