"""Lazy re-exports for the capability packages' `__init__.py`.

A package lists its public names once, as `from planner.pkg.module import Name as Name` lines
under `if TYPE_CHECKING:` (which type checkers read); `exports(__name__, __file__)` reads those
lines and imports each name from its module on first use, so importing the package loads no
database, template, calendar or web library.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

_IMPORT = re.compile(r"^    from (planner(?:\.\w+)+) import (\w+) as (\w+)$", re.MULTILINE)


def _homes(file: str) -> dict[str, str]:
    """Name -> module, from the `if TYPE_CHECKING:` imports of a package's `__init__.py`.

    Read with a regular expression over the block's fixed form (`    from planner.x import
    Name as Name`, one per line), not a full parse: every command imports several packages."""
    text = Path(file).read_text(encoding="utf-8")
    start = text.find("\nif TYPE_CHECKING:\n")
    if start < 0:
        return {}
    end = text.find("\n\n", start + 1)
    block = text[start : end if end >= 0 else len(text)]
    return {alias: module for module, _, alias in _IMPORT.findall(block)}


def exports(package: str, file: str) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """`__all__`, `__getattr__` and `__dir__` for a package whose public names are imported lazily."""
    homes = _homes(file)
    namespace = importlib.import_module(package).__dict__

    def getattr_(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(homes[name]), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(set(namespace) | set(homes))

    return sorted(homes), getattr_, dir_
