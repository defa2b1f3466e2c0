"""Campaign templates through planner's cache: a plan reads them on every run, and parsing their
YAML (and importing the YAML library) costs more than the rest of a small plan.

The cached value is keyed by the content of every template file (shipped and the team's
folder), like the catalogue cache; see `planner.cachedir` and `planner.plaindata`. Without a
usable cache entry the files are read by `planner.campaigns.files.load_templates`, which
reports any problem in them.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner import cachedir
from planner.campaigns import model as campaigns_model
from planner.campaigns.model import CampaignTemplate
from planner.catalogue import model as catalogue_model
from planner.plaindata import Codec
from planner.resources import data_path

TEMPLATE_DIR_ENV = "PLANNER_TEMPLATE_DIR"
KIND = "templates"
CODEC = Codec.of_modules(campaigns_model, catalogue_model)  # every dataclass and enum of both models


def team_template_dir() -> Path:
    """Where a team keeps its own templates: $PLANNER_TEMPLATE_DIR, else the user's config folder."""
    env = os.environ.get(TEMPLATE_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_config_path("planner", appauthor=False) / "templates"


def shipped_template_files() -> list[Path]:
    return sorted(data_path("templates").joinpath("campaigns").glob("*.yaml"))


def template_files(team_dir: Path | None = None) -> list[Path]:
    """The shipped template files, then the team folder's (`team_template_dir()` by default)."""
    folder = team_template_dir() if team_dir is None else team_dir
    paths = shipped_template_files()
    if folder.is_dir():
        paths += sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    return paths


def templates(team_dir: Path | None = None) -> dict[str, CampaignTemplate]:
    """Campaign templates by name, shipped then the team's: `files.load_templates()`, cached."""
    found, target = cachedir.get(KIND, template_files(team_dir), CODEC)
    if isinstance(found, dict) and all(isinstance(t, CampaignTemplate) for t in found.values()):
        return found
    from planner.campaigns.files import load_templates

    fresh = load_templates(team_dir=team_dir)
    cachedir.put(target, fresh, CODEC)
    return fresh
