"""Campaign YAML: templates in, and campaigns out and back in (export and import).

The same YAML adapter as `planner.catalogue.load`, reusing its reader so every problem names the
file, line and key, all at once, and unknown keys are errors. Format: docs/campaigns.md.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode

from planner.campaigns.model import (
    Anchor,
    Campaign,
    CampaignTemplate,
    Constraint,
    Offset,
    Phase,
    PhaseStatus,
    PhaseTemplate,
)
from planner.campaigns.roster import DEFAULT_CAPACITY, MAX_CAPACITY, Person, Roster, person
from planner.campaigns.schedule import campaign_id
from planner.catalogue.load import KEBAB
from planner.catalogue.model import Kind
from planner.errors import FileProblems, PlannerError, Problem
from planner.resources import data_path
from planner.serialise import campaign_head, timestamp
from planner.yamlfile import Invalid, Reader, compose_file, display_path, is_null

TEMPLATE_DIR_ENV = "PLANNER_TEMPLATE_DIR"
TEMPLATE_KEYS = ("version", "name", "title", "description", "anchor", "kinds", "phases")
PHASE_TEMPLATE_KEYS = ("key", "name", "offset", "anchor", "duration", "role", "owner", "big_send", "constraint")
EXPORT_KEYS = ("version", "campaigns")
CAMPAIGN_KEYS = (
    "id", "observance", "year", "name", "template", "owner", "country", "anchor", "starts", "ends",
    "created_at", "updated_at", "phases",
)  # fmt: skip
PHASE_KEYS = (
    "key", "name", "offset", "anchor", "scheduled", "manual_date", "duration_days", "duration", "through_period",
    "role", "owner", "status", "note", "big_send", "constraint", "sequence", "updated_at",
)  # fmt: skip
PERIOD = "period"
SHIPPED_ROLES = ("campaign-lead", "designer", "partnerships", "press-officer", "researcher", "social-media", "writer")
"""The roles of the shipped templates (as migration 0004 knows them)."""

# -- reading helpers ----------------------------------------------------------------------------


def _compose(path: Path, problems: list[Problem]) -> tuple[str, Node | None]:
    return display_path(path), compose_file(path, problems, "a .yaml file")


def _opt(p: dict[str, tuple[ScalarNode, Node]], name: str) -> Node | None:
    if name not in p or is_null(p[name][1]):
        return None
    return p[name][1]


def _boolean(r: Reader, node: Node | None, key: str) -> bool:
    if node is None:
        return False
    v = r.value(node, key)
    if not isinstance(v, bool):
        raise r.fail(node, key, f"expected true or false, got '{getattr(node, 'value', v)}'")
    return v


def _offset(r: Reader, node: Node, key: str) -> Offset:
    v = r.value(node, key)
    if isinstance(v, bool) or not isinstance(v, int | str):
        raise r.fail(node, key, "expected an offset such as T-56, T0 or T+7")
    try:
        return Offset.parse(v)
    except ValueError as exc:
        raise r.fail(node, key, str(exc)) from None


def _version(r: Reader, p: dict[str, tuple[ScalarNode, Node]]) -> None:
    if "version" in p and r.value(p["version"][1], "version") != 1:
        r.fail(p["version"][1], "version", "unsupported format version; this planner reads version 1")


def _kebab(r: Reader, node: Node, key: str) -> str:
    value = r.text(node, key)
    if not KEBAB.match(value) or len(value) > 80:
        raise r.fail(
            node, key, f"'{value}' must be kebab-case (lower-case letters, digits and hyphens), at most 80 characters"
        )
    return value


# -- templates ----------------------------------------------------------------------------------


def team_template_dir() -> Path:
    """Where a team keeps its own templates: $PLANNER_TEMPLATE_DIR, else the user's config folder."""
    env = os.environ.get(TEMPLATE_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_config_path("planner", appauthor=False) / "templates"


def shipped_template_files() -> list[Path]:
    """The campaign template files shipped with planner (standard, quick, week, anniversary-year)."""
    return sorted(data_path("templates").joinpath("campaigns").glob("*.yaml"))


def _read_phase_template(r: Reader, node: Node, key: str) -> PhaseTemplate:
    p = r.mapping(node, key, PHASE_TEMPLATE_KEYS, ("key", "name", "offset"), "phase")
    duration, through = 1, False
    if (d := _opt(p, "duration")) is not None:
        if isinstance(d, ScalarNode) and d.value == PERIOD:
            through = True
        else:
            duration = r.integer(d, f"{key}.duration", 1, 400)
    anchor = _opt(p, "anchor")
    constraint = _opt(p, "constraint")
    # A template names the role that does each phase (`role:`; `owner:` is the older spelling).
    if _opt(p, "role") is not None and _opt(p, "owner") is not None:
        raise r.fail(p["owner"][1], f"{key}.owner", "give either role or owner (the same thing), not both")
    owner = _opt(p, "role") or _opt(p, "owner")
    return PhaseTemplate(
        key=_kebab(r, p["key"][1], f"{key}.key"),
        name=r.text(p["name"][1], f"{key}.name", one_line=True),
        offset=_offset(r, p["offset"][1], f"{key}.offset"),
        anchor=None
        if anchor is None
        else Anchor(r.choice(anchor, f"{key}.anchor", [a.value for a in Anchor], "anchor")),
        duration_days=duration,
        through_period=through,
        owner="" if owner is None else r.text(owner, f"{key}.role"),
        big_send=_boolean(r, _opt(p, "big_send"), f"{key}.big_send"),
        constraint=None
        if constraint is None
        else Constraint(r.choice(constraint, f"{key}.constraint", [c.value for c in Constraint], "constraint")),
    )


def _read_template(r: Reader, root: Node, origin: str) -> CampaignTemplate:
    p = r.mapping(root, None, TEMPLATE_KEYS, ("name", "title", "phases"), "template")
    _version(r, p)
    name = _kebab(r, p["name"][1], "name")
    r.entry = name
    kinds: list[Kind] = []
    if (k := _opt(p, "kinds")) is not None:
        for i, item in enumerate(r.sequence(k, "kinds")):
            kinds.append(Kind(r.choice(item, f"kinds[{i}]", [x.value for x in Kind], "kind")))
    anchor = Anchor.START
    if (a := _opt(p, "anchor")) is not None:
        anchor = Anchor(r.choice(a, "anchor", [x.value for x in Anchor], "anchor"))
    phases: list[PhaseTemplate] = []
    seen: set[str] = set()
    broken = False
    for i, item in enumerate(r.sequence(p["phases"][1], "phases")):
        try:
            phase = _read_phase_template(r, item, f"phases[{i}]")
        except Invalid:
            broken = True
            continue
        if phase.key in seen:
            r.fail(item, f"phases[{i}].key", f"duplicate phase key '{phase.key}'; keys must be unique in a template")
            broken = True
            continue
        seen.add(phase.key)
        phases.append(phase)
    if not phases and not broken:
        raise r.fail(p["phases"][1], "phases", "a template needs at least one phase")
    desc = _opt(p, "description")
    title = r.text(p["title"][1], "title", one_line=True)
    if broken:
        raise Invalid()
    return CampaignTemplate(
        name=name,
        title=title,
        phases=tuple(phases),
        anchor=anchor,
        description="" if desc is None else r.text(desc, "description"),
        kinds=tuple(kinds),
        origin=origin,
    )


def load_templates(
    files: Sequence[str | Path] = (),
    *,
    shipped: bool = True,
    team_dir: Path | None = None,
) -> dict[str, CampaignTemplate]:
    """Campaign templates by name: shipped, then the team folder, then `files`.

    A later template with the same name replaces an earlier one. `team_dir` defaults to
    `team_template_dir()`; a missing folder is fine. Raises FileProblems with every problem.
    """
    folder = team_template_dir() if team_dir is None else team_dir
    paths = shipped_template_files() if shipped else []
    if folder.is_dir():
        paths += sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    paths += [Path(f) for f in files]
    problems: list[Problem] = []
    found: dict[str, CampaignTemplate] = {}
    for path in paths:
        name, root = _compose(path, problems)
        if root is None:
            continue
        r = Reader(name, problems)
        try:
            template = _read_template(r, root, f"{name}:{root.start_mark.line + 1}")
        except Invalid:
            continue
        found[template.name] = template
    if problems:
        raise FileProblems("campaign template", problems)
    return dict(sorted(found.items()))


# -- export and import --------------------------------------------------------------------------

EXPORT_HEADER = (
    "# planner campaigns. Import into any planner database with: planner import FILE\n"
    "# Format: docs/campaigns.md. Dates are YYYY-MM-DD; timestamps are UTC.\n"
)


def _phase_dict(p: Phase) -> dict[str, Any]:
    return {
        "key": p.key,
        "name": p.name,
        "offset": str(p.offset),
        "anchor": p.anchor.value,
        "scheduled": p.scheduled,
        "manual_date": p.manual_date,
        "duration_days": p.duration_days,
        "through_period": p.through_period,
        "role": p.role,
        "owner": p.owner,
        "status": p.status.value,
        "note": p.note,
        "big_send": p.big_send,
        "constraint": None if p.constraint is None else p.constraint.value,
        "sequence": p.sequence,
        "updated_at": None if p.updated_at is None else timestamp(p.updated_at),
    }


def campaign_record(c: Campaign) -> dict[str, Any]:
    """A campaign as plain data (dates as date objects): the export's shape."""
    return {
        **campaign_head(c),
        "anchor": c.anchor.value,
        "starts": c.starts,
        "ends": c.ends,
        "created_at": timestamp(c.created_at),
        "updated_at": timestamp(c.updated_at),
        "phases": [_phase_dict(p) for p in c.phases],
    }


class _Dumper(yaml.SafeDumper):
    """Plain YAML: no &anchors or *aliases for values that happen to be the same object."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_campaigns(campaigns: Iterable[Campaign]) -> str:
    """All campaigns as YAML, sorted by id: the same campaigns always give the same text."""
    data = {"version": 1, "campaigns": [campaign_record(c) for c in sorted(campaigns, key=lambda c: c.id)]}
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return EXPORT_HEADER + body


def _timestamp(r: Reader, node: Node, key: str) -> dt.datetime:
    raw = node.value if isinstance(node, ScalarNode) else None
    try:
        if raw is None:
            raise ValueError
        value = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise r.fail(node, key, f"expected a UTC timestamp such as 2026-11-21T09:30:00Z, got '{raw}'") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _read_phase(r: Reader, node: Node, key: str) -> Phase:
    p = r.mapping(node, key, PHASE_KEYS, ("key", "name", "offset", "scheduled"), "phase")
    # `duration_days`, the name every JSON shape uses; `duration` in files exported before 0.2
    if _opt(p, "duration_days") is not None and _opt(p, "duration") is not None:
        raise r.fail(p["duration"][0], f"{key}.duration", "give duration_days only (duration is its old name)")
    name = "duration" if _opt(p, "duration_days") is None else "duration_days"
    d = _opt(p, name)
    duration = 1 if d is None else r.integer(d, f"{key}.{name}", 1, 400)
    through = _boolean(r, _opt(p, "through_period"), f"{key}.through_period")
    anchor = _opt(p, "anchor")
    status = _opt(p, "status")
    constraint = _opt(p, "constraint")
    manual = _opt(p, "manual_date")
    updated = _opt(p, "updated_at")
    sequence = _opt(p, "sequence")
    text = {
        name: ("" if (n := _opt(p, name)) is None else r.text(n, f"{key}.{name}", empty_ok=True))
        for name in ("role", "owner", "note")
    }
    if "role" not in p and text["owner"] in SHIPPED_ROLES:
        # a file exported before the roster (0004) held the template's role as the owner
        text["role"], text["owner"] = text["owner"], ""
    return Phase(
        key=_kebab(r, p["key"][1], f"{key}.key"),
        name=r.text(p["name"][1], f"{key}.name", one_line=True),
        offset=_offset(r, p["offset"][1], f"{key}.offset"),
        anchor=Anchor.START
        if anchor is None
        else Anchor(r.choice(anchor, f"{key}.anchor", [a.value for a in Anchor], "anchor")),
        scheduled=r.date(p["scheduled"][1], f"{key}.scheduled"),
        duration_days=duration,
        through_period=through,
        owner=text["owner"],
        role=text["role"],
        status=PhaseStatus.TODO
        if status is None
        else PhaseStatus(r.choice(status, f"{key}.status", [s.value for s in PhaseStatus], "status")),
        note=text["note"],
        manual_date=None if manual is None else r.date(manual, f"{key}.manual_date"),
        big_send=_boolean(r, _opt(p, "big_send"), f"{key}.big_send"),
        constraint=None
        if constraint is None
        else Constraint(r.choice(constraint, f"{key}.constraint", [c.value for c in Constraint], "constraint")),
        sequence=0 if sequence is None else r.integer(sequence, f"{key}.sequence", 0, 1_000_000),
        updated_at=None if updated is None else _timestamp(r, updated, f"{key}.updated_at"),
    )


def _read_campaign(r: Reader, node: Node) -> Campaign:
    required = (
        "id",
        "observance",
        "year",
        "name",
        "template",
        "anchor",
        "starts",
        "ends",
        "created_at",
        "updated_at",
        "phases",
    )
    p = r.mapping(node, None, CAMPAIGN_KEYS, required, "campaign")
    r.entry = r.text(p["id"][1], "id")
    observance = _kebab(r, p["observance"][1], "observance")
    year = r.integer(p["year"][1], "year", 1, 9999)
    if r.entry != campaign_id(observance, year):
        raise r.fail(
            p["id"][1],
            "id",
            f"id '{r.entry}' does not match observance and year; expected '{campaign_id(observance, year)}'",
        )
    starts = r.date(p["starts"][1], "starts")
    ends = r.date(p["ends"][1], "ends")
    if ends < starts:
        raise r.fail(p["ends"][1], "ends", f"ends {ends} is before starts {starts}")
    phases: list[Phase] = []
    broken = False
    for i, item in enumerate(r.sequence(p["phases"][1], "phases")):
        try:
            phase = _read_phase(r, item, f"phases[{i}]")
        except Invalid:
            broken = True
            continue
        if any(q.key == phase.key for q in phases):
            r.fail(item, f"phases[{i}].key", f"duplicate phase key '{phase.key}'")
            broken = True
            continue
        phases.append(phase)
    if not phases and not broken:
        raise r.fail(p["phases"][1], "phases", "a campaign needs at least one phase")
    owner, country = _opt(p, "owner"), _opt(p, "country")
    campaign = Campaign(
        id=r.entry,
        observance_id=observance,
        year=year,
        name=r.text(p["name"][1], "name", one_line=True),
        template=_kebab(r, p["template"][1], "template"),
        anchor=Anchor(r.choice(p["anchor"][1], "anchor", [a.value for a in Anchor], "anchor")),
        starts=starts,
        ends=ends,
        phases=tuple(phases),
        created_at=_timestamp(r, p["created_at"][1], "created_at"),
        updated_at=_timestamp(r, p["updated_at"][1], "updated_at"),
        owner="" if owner is None else r.text(owner, "owner", empty_ok=True),
        country=None if country is None else r.text(country, "country"),
    )
    if broken:
        raise Invalid()
    return campaign


def load_campaigns(path: str | Path) -> list[Campaign]:
    """Campaigns from an export file; raises FileProblems naming file, line and key."""
    problems: list[Problem] = []
    name, root = _compose(Path(path), problems)
    campaigns: dict[str, Campaign] = {}
    if root is not None:
        r = Reader(name, problems)
        try:
            top = r.mapping(root, None, EXPORT_KEYS, ("campaigns",), "export file")
            _version(r, top)
            items = [] if is_null(top["campaigns"][1]) else r.sequence(top["campaigns"][1], "campaigns")
        except Invalid:
            items = []
        for item in items:
            r.entry = None
            try:
                campaign = _read_campaign(r, item)
            except Invalid:
                continue
            if campaign.id in campaigns:
                r.fail(item, "id", f"campaign '{campaign.id}' appears twice in this file; keep one")
                continue
            campaigns[campaign.id] = campaign
    if problems:
        raise FileProblems("campaigns file", problems)
    return [campaigns[k] for k in sorted(campaigns)]


# -- the team roster ------------------------------------------------------------------------------

ROSTER_KEYS = ("version", "people")
PERSON_KEYS = ("name", "roles", "capacity")
ROSTER_HEADER = (
    "# planner team roster. Load it with: planner team import FILE\n"
    "# Each person: name, roles (as in the campaign templates), capacity (phases a week).\n"
)


def dump_roster(roster: Roster) -> str:
    """The roster as YAML, people by name: the same roster always gives the same text."""
    data = {
        "version": 1,
        "people": [{"name": p.name, "roles": list(p.roles), "capacity": p.capacity} for p in roster.people],
    }
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return ROSTER_HEADER + body


def _read_person(r: Reader, node: Node, key: str) -> Person:
    p = r.mapping(node, key, PERSON_KEYS, ("name",), "person")
    roles_node, capacity_node = _opt(p, "roles"), _opt(p, "capacity")
    roles = [] if roles_node is None else r.texts(roles_node, f"{key}.roles")
    for n, _ in roles:
        _kebab(r, n, f"{key}.roles")
    capacity = (
        DEFAULT_CAPACITY if capacity_node is None else r.integer(capacity_node, f"{key}.capacity", 1, MAX_CAPACITY)
    )
    name_node = p["name"][1]
    try:
        return person(r.text(name_node, f"{key}.name"), [v for _, v in roles], capacity)
    except PlannerError as exc:
        raise r.fail(name_node, f"{key}.name", exc.message) from None


def load_roster(path: str | Path) -> Roster:
    """A roster from YAML (the shape `dump_roster` writes); raises FileProblems naming file, line
    and key, all problems at once."""
    problems: list[Problem] = []
    name, root = _compose(Path(path), problems)
    people: dict[str, Person] = {}
    if root is not None:
        r = Reader(name, problems)
        try:
            top = r.mapping(root, None, ROSTER_KEYS, ("people",), "roster file")
            _version(r, top)
            items = [] if is_null(top["people"][1]) else r.sequence(top["people"][1], "people")
        except Invalid:
            items = []
        for i, item in enumerate(items):
            try:
                found = _read_person(r, item, f"people[{i}]")
            except Invalid:
                continue
            if found.name.casefold() in people:
                r.fail(item, f"people[{i}].name", f"'{found.name}' appears twice in this file; keep one")
                continue
            people[found.name.casefold()] = found
    if problems:
        raise FileProblems("roster file", problems)
    return Roster.of(people.values())
