"""Find planner's data (catalogues, templates, migrations) in a checkout or an installed wheel.

The wheel carries them under `planner/_data/`; a source checkout keeps them at the top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """Path of a shipped data file or folder, e.g. `observances.yaml` or `templates`."""
    for base in (_PACKAGE / "_data", _PACKAGE.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"planner's data file {name} is missing; reinstall planner")


SHIPPED_CATALOGUES = ("observances.yaml", "recommendations.yaml")


def shipped_catalogues() -> list[Path]:
    """The shipped catalogue files (observances.yaml, recommendations.yaml), from the package or the
    source tree.
    """
    return [data_path(name) for name in SHIPPED_CATALOGUES]
