"""The capability packages' lazy re-exports (`planner._exports`) read their names correctly."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from planner._exports import _homes

PACKAGES = ("catalogue", "campaigns", "plans", "feeds", "briefs", "web")


def _parsed(file: Path) -> dict[str, str]:
    homes: dict[str, str] = {}
    for node in ast.parse(file.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module, "only `from planner.x import Name as Name`"
                homes.update({alias.asname or alias.name: stmt.module for alias in stmt.names})
    return homes


@pytest.mark.parametrize("package", PACKAGES)
def test_the_quick_reading_finds_every_name_a_full_parse_finds(package: str) -> None:
    module = importlib.import_module(f"planner.{package}")
    assert module.__file__ is not None
    file = Path(module.__file__)
    homes = _homes(str(file))
    assert homes and homes == _parsed(file)
    assert sorted(homes) == module.__all__
    name = sorted(homes)[0]
    assert getattr(module, name) is getattr(importlib.import_module(homes[name]), name)
