"""Lazy re-exports for the capability packages' `__init__.py`.

A package lists its public names once, as `from planner.pkg.module import Name as Name` lines
under `if TYPE_CHECKING:` (which type checkers read); `exports(__name__, __file__)` reads those
lines and imports each name from its module on first use, so importing the package loads no
database, template, calendar or web library.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _homes(file: str) -> dict[str, str]:
    """Name -> module, from the `if TYPE_CHECKING:` imports of a package's `__init__.py`."""
    tree = ast.parse(Path(file).read_text(encoding="utf-8"))
    homes: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom) and stmt.module:
                    homes.update({alias.asname or alias.name: stmt.module for alias in stmt.names})
    return homes


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
