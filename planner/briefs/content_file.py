"""Reader for `messaging.yaml` (YAML in, `planner.briefs.content.DayMessaging` out).

Validated as strictly as a catalogue, with the catalogue's reader: unknown keys, a core message
over 30 words, fewer than two or more than three angles, an angle whose theme is not one of the
day's, a proof point without a source or date, a missing audience, an address that is not
https or points to a code repository or an encyclopedia: each is an error with file, line and key.
Format: docs/messaging-format.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from planner.briefs.content import (
    ANGLES,
    CORE_WORDS,
    Angle,
    DatedProof,
    DayMessaging,
    ProofSource,
    date_in_words,
    words,
)
from planner.errors import FileProblems, Problem
from planner.resources import data_path
from planner.yamlfile import Invalid, Reader, compose_text, display_path, is_null, read_text

TOP_KEYS = ("version", "updated", "days")
DAY_KEYS = ("observance", "core_message", "angles", "proof_points", "calls_to_action")
ANGLE_KEYS = ("theme", "text")
PROOF_KEYS = ("text", "date", "source", "ages")
SOURCE_KEYS = ("publisher", "title", "url")
# Never a source users see (shared reference corrections, section 0): code repositories, encyclopedias.
BANNED_HOSTS = ("github.com", "gitlab.com", "wikipedia.org", "amazon.", "timeanddate.com", "checkiday.com")


def _date(r: Reader, node: Node, key: str) -> str:
    value = r.value(node, key)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        date_in_words(text)
    except ValueError as exc:
        raise r.fail(node, key, str(exc)) from None
    return text


def _source(r: Reader, node: Node, key: str) -> ProofSource:
    p = r.mapping(node, key, SOURCE_KEYS, ("publisher", "title"), "source")
    url = r.opt_text(p, "url", f"{key}.") or ""
    if url:
        if not url.startswith(("https://", "http://")):
            raise r.fail(p["url"][1], f"{key}.url", "an address starts with https:// (or http://)")
        host = url.split("/", 3)[2].lower()
        if any(b in host for b in BANNED_HOSTS):
            raise r.fail(p["url"][1], f"{key}.url", f"{host} is not a source users may see; cite the instrument, "
                         "the body's own page or the organiser's site")  # fmt: skip
    return ProofSource(r.text(p["publisher"][1], f"{key}.publisher"), r.text(p["title"][1], f"{key}.title"), url)


def _day(
    r: Reader, node: Node, audiences: Collection[str], themes: Mapping[str, Collection[str]] | None
) -> DayMessaging:
    if isinstance(node, MappingNode):  # name the entry in messages about its keys
        r.entry = next((v.value for k, v in node.value if getattr(k, "value", None) == "observance"
                        and isinstance(v, ScalarNode)), None)  # fmt: skip
    p = r.mapping(node, None, DAY_KEYS, DAY_KEYS, "day")
    obs = r.text(p["observance"][1], "observance")
    r.entry = obs
    if themes is not None and obs not in themes:
        raise r.fail(p["observance"][1], "observance", f"unknown observance '{obs}'; use an id listed by "
                     "`planner observances`")  # fmt: skip
    core = r.text(p["core_message"][1], "core_message")
    if words(core) > CORE_WORDS:
        r.fail(p["core_message"][1], "core_message", f"{words(core)} words; a core message has at most {CORE_WORDS}")
    angle_nodes = r.sequence(p["angles"][1], "angles")
    if not ANGLES[0] <= len(angle_nodes) <= ANGLES[1]:
        r.fail(p["angles"][1], "angles", f"{len(angle_nodes)} angles; give {ANGLES[0]} or {ANGLES[1]}")
    angles = []
    for i, a_node in enumerate(angle_nodes):
        key = f"angles[{i}]"
        try:
            a = r.mapping(a_node, key, ANGLE_KEYS, ANGLE_KEYS, "angle")
            theme = r.text(a["theme"][1], f"{key}.theme")
            if themes is not None and theme not in themes[obs]:
                r.fail(a["theme"][1], f"{key}.theme", f"'{theme}' is not one of this day's themes: "
                       f"{', '.join(themes[obs])}")  # fmt: skip
            angles.append(Angle(theme, r.text(a["text"][1], f"{key}.text")))
        except Invalid:
            continue
    proofs = []
    for i, pp_node in enumerate(r.sequence(p["proof_points"][1], "proof_points")):
        key = f"proof_points[{i}]"
        try:
            pp = r.mapping(pp_node, key, PROOF_KEYS, ("text", "date", "source"), "proof point")
            ages = False
            if "ages" in pp:
                value = r.value(pp["ages"][1], f"{key}.ages")
                if not isinstance(value, bool):
                    raise r.fail(pp["ages"][1], f"{key}.ages", "expected true or false")
                ages = value
            proofs.append(DatedProof(r.text(pp["text"][1], f"{key}.text"), _date(r, pp["date"][1], f"{key}.date"),
                                     _source(r, pp["source"][1], f"{key}.source"), ages))  # fmt: skip
        except Invalid:
            continue
    if not proofs:
        r.fail(p["proof_points"][1], "proof_points", "give at least one proof point with its source and date")
    ctas = r.mapping(p["calls_to_action"][1], "calls_to_action", tuple(audiences), tuple(audiences),
                     "calls to action by audience")  # fmt: skip
    return DayMessaging(
        observance=obs,
        core_message=core,
        angles=tuple(angles),
        proof_points=tuple(proofs),
        calls_to_action={k: r.text(v, f"calls_to_action.{k}") for k, (_, v) in ctas.items()},
        origin=f"{r.file}:{node.start_mark.line + 1}",
    )


def parse_messaging(
    text: str, file: str, audiences: Collection[str], themes: Mapping[str, Collection[str]] | None = None
) -> dict[str, DayMessaging]:
    """Read a messaging document. `audiences`: every audience must have a call to action.
    `themes`: each known observance id with its themes (None: not checked). Raises FileProblems."""
    problems: list[Problem] = []
    r = Reader(file, problems)
    root = compose_text(text, file, problems)
    if problems:
        raise FileProblems("messaging file", problems)
    out: dict[str, DayMessaging] = {}
    if root is None or is_null(root):
        return out
    try:
        top = r.mapping(root, None, TOP_KEYS, ("days",), "messaging file")
        for node in r.sequence(top["days"][1], "days"):
            r.entry = None
            try:
                day = _day(r, node, audiences, themes)
            except Invalid:
                continue
            if day.observance in out:
                r.fail(node, "observance", f"'{day.observance}' has messaging already at {out[day.observance].origin}")
                continue
            out[day.observance] = day
    except Invalid:
        pass
    if problems:
        raise FileProblems("messaging file", sorted(problems, key=lambda p: p.line or 0))
    return out


def load_messaging(
    audiences: Collection[str], themes: Mapping[str, Collection[str]] | None = None, path: str | Path | None = None
) -> dict[str, DayMessaging]:
    """Read planner's shipped `messaging.yaml` (or `path`); see `parse_messaging`."""
    p = Path(path) if path is not None else data_path("messaging.yaml")
    problems: list[Problem] = []
    text = read_text(p, problems, "planner's messaging file (messaging.yaml); reinstall planner")
    if text is None:
        raise FileProblems("messaging file", problems)
    return parse_messaging(text, display_path(p), audiences, themes)
