"""planner's shipped messaging (`messaging.yaml`) through planner's cache folder.

Every brief reads the day's messaging; parsing the YAML file (and importing the YAML library)
costs a brief more than building it. The parsed value is kept in the cache folder, keyed by the
file's bytes and the audiences it was checked against (see `planner.cachedir` and
`planner.plaindata`); without a usable entry the file is read by
`planner.briefs.content_file.load_messaging`, which reports any problem in it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Collection
from pathlib import Path

from planner import cachedir
from planner.briefs import content
from planner.briefs.content import DayMessaging
from planner.plaindata import Codec
from planner.resources import data_path

KIND = "messaging"
CODEC = Codec.of_modules(content)


def _code_files() -> list[Path]:
    """The reader's own source (found without importing it: it imports the YAML library), so a
    changed reader never reuses a value the old one made."""
    spec = importlib.util.find_spec("planner.briefs.content_file")
    return [Path(spec.origin)] if spec is not None and spec.origin else []


def shipped_messaging(audiences: Collection[str]) -> dict[str, DayMessaging]:
    """The shipped messaging by observance id, checked against `audiences`: `load_messaging`, cached."""
    path = data_path("messaging.yaml")
    found, target = cachedir.get(KIND, [path, *_code_files()], CODEC, sorted(audiences))
    if isinstance(found, dict) and all(isinstance(v, DayMessaging) for v in found.values()):
        return found
    from planner.briefs.content_file import load_messaging

    fresh = load_messaging(audiences)
    cachedir.put(target, fresh, CODEC)
    return fresh
