"""Campaign YAML: templates in, and campaigns out and back in (export and import).

The same YAML adapter as `planner.catalogue.load`, reusing its reader so every problem names the
file, line and key, all at once, and unknown keys are errors. Format: docs/campaigns.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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
from planner.campaigns.template_cache import team_template_dir, template_files
from planner.catalogue.load import KEBAB
from planner.catalogue.model import Kind
from planner.errors import FileProblems, PlannerError, Problem
from planner.serialise import campaign_head, timestamp
from planner.yamlfile import MAX_BYTES, Invalid, Reader, compose_file, compose_text, display_path, is_null

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
    paths = template_files(folder) if shipped else sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
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


try:  # libyaml's emitter: about ten times faster than PyYAML's own
    _CBase: type[Any] = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _CBase = _Dumper


class _CDumper(_CBase):  # type: ignore[misc]
    """The same output as `_Dumper`, written by libyaml (where it writes the same bytes)."""

    _resolved: ClassVar[dict[tuple[Any, ...], str]] = {}

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """PyYAML's implicit tag for a scalar, remembered: the emitter asks twice per value, and an
        export repeats the same keys and many of the same values ten thousand times."""
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) < 50_000:
                self._resolved[key] = tag
        return tag


_DUMP_OPTIONS: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False, "width": 100}
# libyaml folds and escapes these differently from PyYAML's emitter (line breaks, tabs, control
# characters, U+2028/2029, a byte-order mark, characters beyond the Basic Multilingual Plane): a
# campaign holding one is written by PyYAML's emitter, so the output stays byte for byte the same.
_C_UNSAFE = re.compile(
    "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff\\ufffe\\uffff\\ud800-\\udfff\\U00010000-\\U0010ffff]"
)
_CHUNK = 200
_TAG = "tag:yaml.org,2002:"


def _c_safe(record: dict[str, Any]) -> bool:
    for value in record.values():
        if isinstance(value, str) and _C_UNSAFE.search(value):
            return False
        if isinstance(value, list) and not all(_c_safe(item) for item in value):
            return False
    return True


def _node(value: Any) -> Node:
    """The node PyYAML's SafeRepresenter makes for an export value (with default_flow_style=False
    and sort_keys=False), made directly: the representer costs more than libyaml's emitting."""
    if isinstance(value, str):
        return ScalarNode(_TAG + "str", value)
    if value is None:
        return ScalarNode(_TAG + "null", "null")
    if isinstance(value, bool):
        return ScalarNode(_TAG + "bool", "true" if value else "false")
    if isinstance(value, int):
        return ScalarNode(_TAG + "int", str(value))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return ScalarNode(_TAG + "timestamp", value.isoformat())
    if isinstance(value, dict):
        return MappingNode(_TAG + "map", [(_node(k), _node(v)) for k, v in value.items()], flow_style=False)
    if isinstance(value, list):
        return SequenceNode(_TAG + "seq", [_node(v) for v in value], flow_style=False)
    raise TypeError(f"cannot export a {type(value).__name__}")


def _dump_chunk(records: list[dict[str, Any]], dumper: type[Any]) -> str:
    """Campaign records as the items of a top-level block sequence ('- id: ...' lines)."""
    if dumper is _CDumper:
        options = {"allow_unicode": True, "width": _DUMP_OPTIONS["width"]}
        return str(yaml.serialize(_node(records), Dumper=_CDumper, **options))
    return str(yaml.dump(records, Dumper=dumper, **_DUMP_OPTIONS))


def write_campaigns(campaigns: Iterable[Campaign], write: Callable[[str], object]) -> int:
    """Write campaigns, already sorted by id, as an export file through `write`, a chunk at a
    time; returns how many. The text is the same as `dump_campaigns` gives, byte for byte, written
    by libyaml's C emitter where it writes the same bytes as PyYAML's, else by PyYAML's."""
    write(EXPORT_HEADER)
    count = 0
    fast: list[dict[str, Any]] = []

    def flush() -> None:
        if fast:
            write(_dump_chunk(fast, _CDumper))
            fast.clear()

    for campaign in campaigns:
        record = campaign_record(campaign)
        if count == 0:
            write("version: 1\ncampaigns:\n")
        count += 1
        if _c_safe(record):
            fast.append(record)
            if len(fast) >= _CHUNK:
                flush()
        else:
            flush()
            write(_dump_chunk([record], _Dumper))
    flush()
    if count == 0:
        write("version: 1\ncampaigns: []\n")
    return count


def dump_campaigns(campaigns: Iterable[Campaign]) -> str:
    """All campaigns as YAML, sorted by id: the same campaigns always give the same text."""
    out = io.StringIO()
    write_campaigns(sorted(campaigns, key=lambda c: c.id), out.write)
    return out.getvalue()


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


class _ChunkReader(Reader):
    """A reader for a piece of a file composed on its own: lines count from `line_offset`."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__(file, problems)
        self.line_offset = 0

    def at(self, node: Node | None, key: str | None, message: str) -> Problem:
        found = super().at(node, key, message)
        if found.line is None or not self.line_offset:
            return found
        return dataclasses.replace(found, line=found.line + self.line_offset)


# Anything that could tie one campaign's text to another's (anchors and aliases, directives,
# document markers) sends a file down the slower, fully general path.
_NOT_PLAIN = re.compile(r"^(?:%|---|\.\.\.)|(?:^|[\s\[{,])[&*][^\s\]},]", re.M)
_CAMPAIGNS_LINE = re.compile(r"campaigns:[ \t]*(?:#.*)?\r?\n?")
_TOP_KEY_LINE = re.compile(r"[^\s#-][^:]*:(?:[ \t]|\r?\n?$)")


def _plain_layout(path: Path) -> bool:
    """Whether the file is laid out as `planner export` writes it: a `campaigns:` line and items
    starting with '- ' in the first column, and nothing that ties items together."""
    found = False
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            while block := handle.read(1 << 20):
                block += handle.readline()  # whole lines
                if _NOT_PLAIN.search(block):
                    return False
                found |= re.search(r"^campaigns:[ \t]*(?:#.*)?$", block, re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False
    return found


def _compose_piece(text: str, name: str, offset: int, problems: list[Problem]) -> Node | None:
    """`yamlfile.compose_text` on a piece of a file that starts at line `offset` (0-based)."""
    found: list[Problem] = []
    root = compose_text(text, name, found)
    problems += [p if p.line is None else dataclasses.replace(p, line=p.line + offset) for p in found]
    return root


def _chunked_items(path: Path, name: str, r: _ChunkReader) -> Iterator[Node]:
    """The nodes of the campaigns list of a file with `_plain_layout`, each item's lines composed
    on their own (libyaml's parser, `yamlfile`'s limits: MAX_BYTES applies to each campaign, not
    to the whole file, which is never held at once), the rest of the file checked as before."""
    top: list[str] = []
    rest: list[str] = []
    chunk: list[str] = []
    chunk_start = chunk_size = 0
    skipped = 0  # lines of items, left out of the top-level text
    state = "before"
    found_items = False

    def compose(lines: list[str], start: int, size: int) -> Iterator[Node]:
        r.line_offset = start
        if size > MAX_BYTES:
            r.problems.append(
                Problem(name, start + 1, None, f"this campaign is over {MAX_BYTES // 1048576} MiB; check the file")
            )
            return
        root = _compose_piece("".join(lines), name, start, r.problems)
        if isinstance(root, SequenceNode):
            yield from root.value

    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle):
            if state == "before":
                top.append(line)
                if _CAMPAIGNS_LINE.fullmatch(line):
                    state = "items"
                continue
            if state == "items":
                if line.startswith("- ") or line.rstrip("\r\n") == "-":
                    if chunk:
                        yield from compose(chunk, chunk_start, chunk_size)
                    chunk, chunk_start, chunk_size, found_items = [line], number, len(line), True
                    skipped += 1
                    continue
                if _TOP_KEY_LINE.match(line):
                    state = "after"
                elif chunk:
                    chunk.append(line)
                    chunk_size += len(line)
                    skipped += 1
                    continue
                else:
                    top.append(line)
                    continue
            rest.append(line)
    if chunk:
        yield from compose(chunk, chunk_start, chunk_size)
    # The rest of the file, checked as when it was read whole (same line numbers): its problems
    # come first, and a top level that is not right means the campaigns were not read at all.
    r.line_offset = 0
    checked = Reader(r.file, [])
    root = compose_text("".join(top) + "\n" * skipped + "".join(rest), name, checked.problems)
    if root is None:
        if not checked.problems:
            checked.problems.append(Problem(name, None, None, "the file is empty"))
        r.problems[:] = checked.problems
        return
    try:
        fields = checked.mapping(root, None, EXPORT_KEYS, ("campaigns",), "export file")
        _version(checked, fields)
        value = fields["campaigns"][1]
        nodes = [] if found_items or is_null(value) else checked.sequence(value, "campaigns")
        r.problems[0:0] = checked.problems
    except Invalid:
        r.problems[:] = checked.problems
        return
    yield from nodes


def read_campaigns(path: str | Path) -> Iterator[Campaign]:
    """Campaigns from an export file, one at a time as the file is read, in the file's order.

    A file laid out as `planner export` writes it is read a campaign at a time (memory stays
    flat however long it is); any other layout (hand-written flow style, anchors) is read whole,
    within `yamlfile`'s limits. Every problem in the file is collected; at the end FileProblems
    names them all (file, line, key), so a caller writing as it reads (e.g.
    `Store.import_campaigns`, one transaction) writes nothing. Duplicate ids are problems."""
    problems: list[Problem] = []
    file = Path(path)
    name = display_path(file)
    r = _ChunkReader(name, problems)
    items: Iterator[Node]
    if file.is_file() and _plain_layout(file):
        items = _chunked_items(file, name, r)
    else:  # read it whole, which also explains what is wrong with a file that cannot be read
        root_name, root = _compose(file, problems)
        r = _ChunkReader(root_name, problems)
        nodes: list[Node] = []
        if root is not None:
            try:
                top = r.mapping(root, None, EXPORT_KEYS, ("campaigns",), "export file")
                _version(r, top)
                nodes = [] if is_null(top["campaigns"][1]) else r.sequence(top["campaigns"][1], "campaigns")
            except Invalid:
                nodes = []
        items = iter(nodes)
    seen: set[str] = set()
    for item in items:
        r.entry = None
        try:
            campaign = _read_campaign(r, item)
        except Invalid:
            continue
        if campaign.id in seen:
            r.fail(item, "id", f"campaign '{campaign.id}' appears twice in this file; keep one")
            continue
        seen.add(campaign.id)
        if not problems:
            yield campaign
    if problems:
        raise FileProblems("campaigns file", problems)


def load_campaigns(path: str | Path) -> list[Campaign]:
    """Campaigns from an export file, sorted by id; raises FileProblems naming file, line and key."""
    return sorted(read_campaigns(path), key=lambda c: c.id)


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
