"""Catalogue adapter: YAML files in, a validated `Catalogue` out.

Every problem is reported with its file, line and key, all at once, so a team can fix a file in
one pass. Unknown keys are errors. Format: docs/catalogue-format.md.
"""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from planner.catalogue.model import (
    RULE_KINDS,
    WEEKDAYS,
    AnniversaryRule,
    Catalogue,
    CitedInstrument,
    Feb29,
    FixedRule,
    Instrument,
    Kind,
    Link,
    MonthDay,
    NthWeekdayRule,
    Observance,
    OnceRule,
    Priority,
    Recommendation,
    Report,
    Rule,
    Source,
    SourceKind,
    SpanRule,
    Status,
    YearDate,
    YearStatus,
    citation,
    recommendation_id,
)
from planner.errors import CatalogueError, Problem
from planner.hashtags import is_hashtag
from planner.resources import shipped_catalogues
from planner.yamlfile import Invalid, Reader, compose_file, display_path, is_null

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REC_ID = re.compile(r"^(?P<report>[A-Z]+[0-9]+)-(?P<paragraph>[0-9]+)(?:\.(?P<item>[0-9]+))?$")

TOP_KEYS = ("version", "updated", "themes", "audiences", "reports", "recommendations", "observances", "priorities")
OBSERVANCE_KEYS = (
    "id",
    "name",
    "kind",
    "description",
    "rule",
    "valid_from",
    "valid_to",
    "first_observed",
    "first_observed_note",
    "first_observed_status",
    "year_dates",
    "themes",
    "proclaimed_by",
    "instrument",
    "sources",
    "hashtags",
    "named_in",
    "recommendations",
    "milestones",
)
OBSERVANCE_REQUIRED = ("id", "name", "kind", "rule", "themes", "proclaimed_by", "sources")
RULE_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required, optional)
    "fixed": (("month", "day"), ("feb29",)),
    "nth_weekday": (("month", "weekday", "n"), ()),
    "span": (("start", "end"), ()),
    "once": (("start",), ("end",)),
    "anniversary": (("date",), ("feb29",)),
}
SOURCE_KEYS = ("title", "url", "document", "publisher", "kind", "status", "checked", "note")
YEAR_DATE_KEYS = ("date", "status", "note")
CHECKED = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
SOURCE_STATUSES = (Status.PRIMARY, Status.SECONDARY, Status.UNVERIFIED)
INSTRUMENT_KEYS = ("symbol", "adopted", "status", "note")
LINK_KEYS = ("id", "reason")
REPORT_KEYS = ("code", "title", "publisher", "date", "event", "item_style")
REC_KEYS = ("id", "report", "paragraph", "item", "title", "summary", "message", "themes", "audiences", "instruments")
REC_REQUIRED = ("id", "report", "paragraph", "title", "summary", "themes", "audiences")
CITED_KEYS = ("as_written", "symbol", "status", "note")


@dataclass
class _Ref:
    """A reference to check once every file is merged (themes, audiences, links)."""

    what: str
    value: str
    problem_at: Problem


@dataclass
class _Fragment:
    """What one file contributes, before merging."""

    file: str
    themes: dict[str, str] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    observances: dict[str, Observance] = field(default_factory=dict)
    priorities: dict[str, Priority] = field(default_factory=dict)
    refs: dict[str, list[_Ref]] = field(default_factory=dict)  # entry id -> its references


def _check_month_day(r: Reader, month_node: Node, day_node: Node, key: str, *, feb29_ok: bool) -> tuple[int, int]:
    month = r.integer(month_node, f"{key}.month", 1, 12)
    day = r.integer(day_node, f"{key}.day", 1, 31)
    longest = calendar.monthrange(2000, month)[1]  # 2000 is a leap year: 29 Feb allowed here
    if day > longest:
        raise r.fail(day_node, f"{key}.day", f"impossible date: {calendar.month_name[month]} has {longest} days")
    if month == 2 and day == 29 and not feb29_ok:
        raise r.fail(
            day_node, f"{key}.day", "29 February needs a policy for common years; add feb29: feb28, mar1 or skip"
        )
    return month, day


def _read_rule(r: Reader, node: Node) -> Rule:
    if not isinstance(node, MappingNode):
        raise r.fail(node, "rule", "expected a mapping such as {kind: fixed, month: 5, day: 3}")
    kind_node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "kind"), None)
    if kind_node is None:
        raise r.fail(node, "rule.kind", f"missing rule kind; use one of: {', '.join(RULE_KINDS)}")
    kind = r.choice(kind_node, "rule.kind", RULE_KINDS, "rule kind")
    required, optional = RULE_FIELDS[kind]
    p = r.mapping(node, "rule", ("kind", *required, *optional), required, "rule")
    if kind == "fixed":
        feb29 = (
            Feb29(r.choice(p["feb29"][1], "rule.feb29", [f.value for f in Feb29], "29 February policy"))
            if "feb29" in p
            else None
        )
        month, day = _check_month_day(r, p["month"][1], p["day"][1], "rule", feb29_ok=feb29 is not None)
        return FixedRule(month=month, day=day, feb29=feb29)
    if kind == "nth_weekday":
        month = r.integer(p["month"][1], "rule.month", 1, 12)
        weekday = r.choice(p["weekday"][1], "rule.weekday", WEEKDAYS, "weekday")
        n = r.integer(p["n"][1], "rule.n")
        if n not in (1, 2, 3, 4, 5, -1):
            raise r.fail(p["n"][1], "rule.n", f"n must be 1 to 5, or -1 for the last; got {n}")
        return NthWeekdayRule(month=month, weekday=WEEKDAYS.index(weekday), n=n)
    if kind == "span":
        ends = []
        for name in ("start", "end"):
            sub = r.mapping(p[name][1], f"rule.{name}", ("month", "day"), ("month", "day"), "month and day")
            ends.append(MonthDay(*_check_month_day(r, sub["month"][1], sub["day"][1], f"rule.{name}", feb29_ok=False)))
        return SpanRule(start=ends[0], end=ends[1])
    if kind == "once":
        start = r.date(p["start"][1], "rule.start")
        end = r.date(p["end"][1], "rule.end") if "end" in p and not is_null(p["end"][1]) else start
        if end < start:
            raise r.fail(p["end"][1], "rule.end", f"end {end} is before start {start}")
        return OnceRule(start=start, end=end)
    founded = r.date(p["date"][1], "rule.date")
    feb29_policy = None
    if "feb29" in p:
        feb29_policy = Feb29(r.choice(p["feb29"][1], "rule.feb29", ("feb28", "mar1"), "29 February policy"))
    elif (founded.month, founded.day) == (2, 29):
        raise r.fail(
            p["date"][1],
            "rule.date",
            "an event on 29 February needs a policy for common years; add feb29: feb28 or mar1",
        )
    return AnniversaryRule(date=founded, feb29=feb29_policy)


_KIND_RULES = {
    Kind.DAY: ("fixed", "nth_weekday", "once"),
    Kind.WEEK: ("span", "once"),
    Kind.PERIOD: ("span", "once"),
    Kind.EVENT: ("once",),
    Kind.ANNIVERSARY: ("anniversary",),
}


def _read_source(r: Reader, node: Node, key: str) -> Source:
    p = r.mapping(node, key, SOURCE_KEYS, ("title", "status"), "source")
    if "url" not in p and "document" not in p:
        raise r.fail(node, key, "a source needs a url or a document")
    status = r.choice(p["status"][1], f"{key}.status", [s.value for s in SOURCE_STATUSES], "verification status")
    url = r.opt_text(p, "url", f"{key}.")
    if url is not None and not re.match(r"^https?://[^\s/]+\.[^\s/]+", url):
        raise r.fail(
            p["url"][1], f"{key}.url", "a url starts with https:// or http://; put other references under 'document'"
        )
    kind = None
    if "kind" in p and not is_null(p["kind"][1]):
        kind = SourceKind(r.choice(p["kind"][1], f"{key}.kind", [k.value for k in SourceKind], "source kind"))
    checked = None
    if "checked" in p and not is_null(p["checked"][1]):
        checked_node = p["checked"][1]
        checked = str(checked_node.value).strip() if isinstance(checked_node, ScalarNode) else ""
        if not CHECKED.match(checked):
            raise r.fail(
                checked_node, f"{key}.checked", f"'{checked}' is not a month; write the month it was checked as YYYY-MM"
            )
    return Source(
        title=r.text(p["title"][1], f"{key}.title", one_line=True),
        status=Status(status),
        url=url,
        document=r.opt_text(p, "document", f"{key}."),
        note=r.opt_text(p, "note", f"{key}."),
        kind=kind,
        publisher=r.opt_text(p, "publisher", f"{key}."),
        checked=checked,
    )


def _read_year_dates(r: Reader, node: Node, rule: Rule) -> tuple[YearDate, ...]:
    """`year_dates: [{date: 1998-09-09, status: primary, note: ...}]`: years the rule does not give."""
    out: list[YearDate] = []
    seen: set[int] = set()
    for i, item in enumerate(r.sequence(node, "year_dates")):
        key = f"year_dates[{i}]"
        p = r.mapping(item, key, YEAR_DATE_KEYS, ("date", "status"), "date of one year")
        when = r.date(p["date"][1], f"{key}.date")
        if when.year in seen:
            raise r.fail(p["date"][1], f"{key}.date", f"{when.year} is given twice; keep one date per year")
        seen.add(when.year)
        status = Status(r.choice(p["status"][1], f"{key}.status", [s.value for s in Status], "verification status"))
        out.append(YearDate(date=when, status=status, note=r.opt_text(p, "note", f"{key}.")))
    if out and not isinstance(rule, (FixedRule, NthWeekdayRule)):
        raise r.fail(node, "year_dates", "only a day with a fixed or nth_weekday rule can have year_dates")
    return tuple(sorted(out, key=lambda d: d.date))


def _peek_id(node: Node, key: str = "id") -> str | None:
    """The entry's id before validation, so every problem in it can name the entry."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key and isinstance(v, ScalarNode):
                return str(v.value)
    return None


def _read_observance(r: Reader, node: Node, refs: list[_Ref]) -> Observance:
    r.entry = _peek_id(node)
    p = r.mapping(node, None, OBSERVANCE_KEYS, (), "observance")
    if "id" in p:
        r.entry = r.text(p["id"][1], "id")
        if not KEBAB.match(r.entry):
            raise r.fail(p["id"][1], "id", f"id '{r.entry}' must be kebab-case: lower-case letters, digits and hyphens")
    missing = [k for k in OBSERVANCE_REQUIRED if k not in p]
    if missing:
        raise r.fail(node, missing[0], f"missing required key{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    kind = Kind(r.choice(p["kind"][1], "kind", [k.value for k in Kind], "kind"))
    rule = _read_rule(r, p["rule"][1])
    if rule.kind not in _KIND_RULES[kind]:
        raise r.fail(
            p["rule"][1],
            "rule.kind",
            f"a {kind.value} uses rule kind {' or '.join(_KIND_RULES[kind])}, not {rule.kind}",
        )
    if kind is Kind.DAY and isinstance(rule, OnceRule) and rule.end != rule.start:
        raise r.fail(p["rule"][1], "rule.end", "a day lasts one day; use kind: event or period for several days")
    years: dict[str, int | None] = {}
    for name in ("valid_from", "valid_to", "first_observed"):
        years[name] = r.integer(p[name][1], name, 1, 9999) if name in p and not is_null(p[name][1]) else None
    if years["valid_from"] and years["valid_to"] and years["valid_to"] < years["valid_from"]:
        raise r.fail(p["valid_to"][1], "valid_to", "valid_to is before valid_from")
    year_status = None
    if "first_observed_status" in p and not is_null(p["first_observed_status"][1]):
        year_status = YearStatus(
            r.choice(
                p["first_observed_status"][1],
                "first_observed_status",
                [y.value for y in YearStatus],
                "first-year status",
            )
        )
    year_dates = _read_year_dates(r, p["year_dates"][1], rule) if "year_dates" in p else ()
    milestones = None
    if "milestones" in p:
        if kind is not Kind.ANNIVERSARY:
            raise r.fail(p["milestones"][0], "milestones", "only anniversaries have milestones")
        milestones = tuple(
            sorted({r.integer(n, "milestones", 1, 1000) for n in r.sequence(p["milestones"][1], "milestones")})
        )
    instrument = None
    if "instrument" in p and not is_null(p["instrument"][1]):
        ip = r.mapping(p["instrument"][1], "instrument", INSTRUMENT_KEYS, ("symbol", "status"), "instrument")
        instrument = Instrument(
            symbol=r.text(ip["symbol"][1], "instrument.symbol"),
            status=Status(
                r.choice(ip["status"][1], "instrument.status", [s.value for s in Status], "verification status")
            ),
            adopted=r.date(ip["adopted"][1], "instrument.adopted")
            if "adopted" in ip and not is_null(ip["adopted"][1])
            else None,
            note=r.opt_text(ip, "note", "instrument."),
        )
    source_nodes = r.sequence(p["sources"][1], "sources")
    if not source_nodes:
        raise r.fail(p["sources"][1], "sources", "at least one source is needed; mark its status unverified if unsure")
    sources = tuple(_read_source(r, s, f"sources[{i}]") for i, s in enumerate(source_nodes))
    themes = r.texts(p["themes"][1], "themes")
    if not themes:
        raise r.fail(p["themes"][1], "themes", "at least one theme is needed")
    for t_node, theme in themes:
        refs.append(_Ref("theme", theme, r.at(t_node, "themes", "")))
    hashtags = tuple(h for _, h in r.texts(p["hashtags"][1], "hashtags")) if "hashtags" in p else ()
    for h in hashtags:
        if not is_hashtag(h):
            raise r.fail(
                p["hashtags"][1],
                "hashtags",
                f"'{h}' is not a hashtag: start with # and use letters, digits or _ with no spaces or punctuation",
            )
    named_in = r.texts(p["named_in"][1], "named_in") if "named_in" in p else []
    for n_node, rec in named_in:
        refs.append(_Ref("recommendation", rec, r.at(n_node, "named_in", "")))
    links: list[Link] = []
    if "recommendations" in p:
        for i, item in enumerate(r.sequence(p["recommendations"][1], "recommendations")):
            key = f"recommendations[{i}]"
            lp = r.mapping(item, key, LINK_KEYS, LINK_KEYS, "link")
            link = Link(id=r.text(lp["id"][1], f"{key}.id"), reason=r.text(lp["reason"][1], f"{key}.reason"))
            refs.append(_Ref("recommendation", link.id, r.at(lp["id"][1], f"{key}.id", "")))
            links.append(link)
    assert r.entry is not None
    return Observance(
        id=r.entry,
        name=r.text(p["name"][1], "name", one_line=True),
        kind=kind,
        rule=rule,
        themes=tuple(t for _, t in themes),
        proclaimed_by=r.text(p["proclaimed_by"][1], "proclaimed_by"),
        sources=sources,
        description=r.opt_text(p, "description") or "",
        valid_from=years["valid_from"],
        valid_to=years["valid_to"],
        first_observed=years["first_observed"],
        first_observed_note=r.opt_text(p, "first_observed_note"),
        first_observed_status=year_status,
        instrument=instrument,
        hashtags=hashtags,
        named_in=tuple(n for _, n in named_in),
        recommendations=tuple(links),
        milestones=milestones,
        year_dates=year_dates,
        origin=f"{r.file}:{node.start_mark.line + 1}",
    )


def _read_report(r: Reader, node: Node) -> Report:
    r.entry = _peek_id(node, "code")
    p = r.mapping(node, None, REPORT_KEYS, ("code", "title", "publisher", "date"), "report")
    r.entry = r.text(p["code"][1], "code")
    style = (
        r.choice(p["item_style"][1], "item_style", ("roman", "bullet"), "item style") if "item_style" in p else "roman"
    )
    return Report(
        code=r.entry,
        title=r.text(p["title"][1], "title", one_line=True),
        publisher=r.text(p["publisher"][1], "publisher"),
        date=str(r.value(p["date"][1], "date")),
        event=r.opt_text(p, "event") or "",
        item_style=style,
    )


@dataclass
class _PendingRec:
    """A recommendation read from YAML whose citation needs its report (maybe in another file)."""

    rec: Recommendation
    report_at: Problem


def _read_recommendation(r: Reader, node: Node, refs: list[_Ref]) -> _PendingRec:
    r.entry = _peek_id(node)
    p = r.mapping(node, None, REC_KEYS, (), "recommendation")
    if "id" in p:
        r.entry = r.text(p["id"][1], "id")
    missing = [k for k in REC_REQUIRED if k not in p]
    if missing:
        raise r.fail(node, missing[0], f"missing required key{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    report = r.text(p["report"][1], "report")
    paragraph = r.integer(p["paragraph"][1], "paragraph", 1, 999)
    item = r.integer(p["item"][1], "item", 1, 99) if "item" in p and not is_null(p["item"][1]) else None
    expected = recommendation_id(report, paragraph, item)
    if r.entry != expected:
        raise r.fail(
            p["id"][1], "id", f"id '{r.entry}' does not match report, paragraph and item; expected '{expected}'"
        )
    themes = r.texts(p["themes"][1], "themes")
    audiences = r.texts(p["audiences"][1], "audiences")
    for t_node, theme in themes:
        refs.append(_Ref("theme", theme, r.at(t_node, "themes", "")))
    for a_node, audience in audiences:
        refs.append(_Ref("audience", audience, r.at(a_node, "audiences", "")))
    instruments = []
    if "instruments" in p:
        for i, item_node in enumerate(r.sequence(p["instruments"][1], "instruments")):
            key = f"instruments[{i}]"
            ip = r.mapping(item_node, key, CITED_KEYS, ("as_written", "status"), "instrument")
            instruments.append(
                CitedInstrument(
                    as_written=r.text(ip["as_written"][1], f"{key}.as_written"),
                    status=Status(
                        r.choice(ip["status"][1], f"{key}.status", [s.value for s in Status], "verification status")
                    ),
                    symbol=r.opt_text(ip, "symbol", f"{key}."),
                    note=r.opt_text(ip, "note", f"{key}."),
                )
            )
    rec = Recommendation(
        id=r.entry,
        report=report,
        paragraph=paragraph,
        item=item,
        title=r.text(p["title"][1], "title", one_line=True),
        summary=r.text(p["summary"][1], "summary"),
        message=r.opt_text(p, "message", "") or "",
        themes=tuple(t for _, t in themes),
        audiences=tuple(a for _, a in audiences),
        instruments=tuple(instruments),
        origin=f"{r.file}:{node.start_mark.line + 1}",
    )
    return _PendingRec(rec, r.at(p["report"][1], "report", ""))


def _vocabulary(r: Reader, node: Node, key: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if is_null(node):
        return out
    if not isinstance(node, MappingNode):
        r.fail(node, key, "expected a mapping of id: description, one per line")
        return out
    for k_node, v_node in node.value:
        name = str(k_node.value) if isinstance(k_node, ScalarNode) else ""
        try:
            if not KEBAB.match(name):
                raise r.fail(
                    k_node, f"{key}.{name}", f"'{name}' must be kebab-case: lower-case letters, digits and hyphens"
                )
            if name in out:
                raise r.fail(k_node, f"{key}.{name}", "duplicate id; keep only one")
            out[name] = r.text(v_node, f"{key}.{name}")
        except Invalid:
            continue
    return out


def _priorities(r: Reader, node: Node, frag: _Fragment) -> dict[str, Priority]:
    """`priorities: {observance-id: high|medium|low}`: the team's own order of importance."""
    out: dict[str, Priority] = {}
    if is_null(node):
        return out
    if not isinstance(node, MappingNode):
        r.fail(node, "priorities", "expected a mapping of observance id: high, medium or low")
        return out
    refs = frag.refs.setdefault("priorities", [])
    for k_node, v_node in node.value:
        name = str(k_node.value) if isinstance(k_node, ScalarNode) else ""
        try:
            level = r.choice(v_node, f"priorities.{name}", [p.value for p in Priority], "priority")
        except Invalid:
            continue
        out[name] = Priority(level)
        refs.append(_Ref("observance", name, r.at(k_node, f"priorities.{name}", "")))
    return out


def _entries(
    r: Reader,
    node: Node,
    key: str,
    read: Callable[[Reader, Node], Any],
    ident: Callable[[Any], str],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if is_null(node):
        return out
    try:
        items = r.sequence(node, key)
    except Invalid:
        return out
    for item in items:
        r.entry = None
        try:
            value = read(r, item)
        except Invalid:
            continue
        name = ident(value)
        if name in out:
            r.fail(item, "id", f"duplicate id '{name}' in this file; ids must be unique")
            continue
        out[name] = value
    r.entry = None
    return out


def _parse_file(path: Path, problems: list[Problem]) -> _Fragment:
    name = display_path(path)
    frag = _Fragment(file=name)
    r = Reader(name, problems)
    root = compose_file(path, problems, "a catalogue file (.yaml)", empty_ok=True)
    if root is None:
        return frag
    try:
        top = r.mapping(root, None, TOP_KEYS, (), "catalogue")
    except Invalid:
        return frag
    if "version" in top:
        with contextlib.suppress(Invalid):
            if r.value(top["version"][1], "version") != 1:
                r.fail(top["version"][1], "version", "unsupported format version; this planner reads version 1")
    changed: dt.date | None = None
    if "updated" in top and not is_null(top["updated"][1]):
        with contextlib.suppress(Invalid):
            changed = r.date(top["updated"][1], "updated")
    if "themes" in top:
        frag.themes = _vocabulary(r, top["themes"][1], "themes")
    if "audiences" in top:
        frag.audiences = _vocabulary(r, top["audiences"][1], "audiences")
    if "reports" in top:
        frag.reports = _entries(r, top["reports"][1], "reports", _read_report, lambda x: x.code)
    pending: dict[str, _PendingRec] = {}
    if "recommendations" in top:

        def read_rec(rr: Reader, n: Node) -> _PendingRec:
            refs: list[_Ref] = []
            pr = _read_recommendation(rr, n, refs)
            frag.refs[f"rec:{pr.rec.id}"] = refs
            return pr

        pending = _entries(r, top["recommendations"][1], "recommendations", read_rec, lambda x: x.rec.id)
    frag.recommendations = {k: v.rec for k, v in pending.items()}
    frag.refs.update({f"report:{k}": [_Ref("report", v.rec.report, v.report_at)] for k, v in pending.items()})
    if "priorities" in top:
        frag.priorities = _priorities(r, top["priorities"][1], frag)
    if "observances" in top:

        def read_obs(rr: Reader, n: Node) -> Observance:
            refs: list[_Ref] = []
            obs = _read_observance(rr, n, refs)
            frag.refs[f"obs:{obs.id}"] = refs
            return obs

        frag.observances = _entries(r, top["observances"][1], "observances", read_obs, lambda x: x.id)
    if changed is not None:
        frag.observances = {k: dataclasses.replace(v, updated=changed) for k, v in frag.observances.items()}
    return frag


def load(files: Sequence[str | Path] = (), *, shipped: bool = True) -> Catalogue:
    """Load the shipped catalogue (unless `shipped` is false) and merge `files` over it.

    An entry in a later file replaces an entry with the same id. Raises CatalogueError with
    every problem found.
    """
    paths = (shipped_catalogues() if shipped else []) + [Path(f) for f in files]
    problems: list[Problem] = []
    fragments = [_parse_file(p, problems) for p in paths]
    themes: dict[str, str] = {}
    audiences: dict[str, str] = {}
    reports: dict[str, Report] = {}
    recs: dict[str, Recommendation] = {}
    observances: dict[str, Observance] = {}
    refs: dict[str, list[_Ref]] = {}
    priorities: dict[str, Priority] = {}
    priority_refs: list[_Ref] = []
    for frag in fragments:
        priorities.update(frag.priorities)
        priority_refs += frag.refs.pop("priorities", [])
        themes.update(frag.themes)
        audiences.update(frag.audiences)
        reports.update(frag.reports)
        recs.update(frag.recommendations)
        observances.update(frag.observances)
        refs.update(frag.refs)  # a replaced entry's references go with it
    refs["priorities"] = priority_refs
    vocab: dict[str, Mapping[str, object]] = {
        "theme": themes,
        "audience": audiences,
        "recommendation": recs,
        "report": reports,
        "observance": observances,
    }
    for entry_refs in refs.values():
        for ref in entry_refs:
            known = vocab[ref.what]
            if ref.value not in known:
                close = difflib.get_close_matches(ref.value, list(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                what = "dangling recommendation link" if ref.what == "recommendation" else f"unknown {ref.what}"
                fix = {
                    "theme": "add it to `themes:` or use an existing theme",
                    "audience": "add it to `audiences:` or use an existing audience",
                    "recommendation": "use an id listed by `planner recommendations`",
                    "report": "add the report under `reports:`",
                    "observance": "use an id listed by `planner observances`",
                }[ref.what]
                at = ref.problem_at
                problems.append(Problem(at.file, at.line, at.key, f"{what} '{ref.value}'{hint} ({fix})", at.entry))
    if problems:
        # In file order, then line order, so a team can work down its file from the top.
        order = {f.file: i for i, f in enumerate(fragments)}
        problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
        raise CatalogueError(problems)
    cited = {
        k: Recommendation(**{**_fields(r), "citation": citation(reports[r.report], r.paragraph, r.item)})
        for k, r in recs.items()
    }
    return Catalogue(
        themes=dict(sorted(themes.items())),
        audiences=dict(sorted(audiences.items())),
        reports=reports,
        recommendations=dict(sorted(cited.items(), key=lambda kv: _rec_order(kv[1]))),
        observances=dict(sorted(observances.items())),
        files=tuple(f.file for f in fragments),
        priorities=dict(sorted(priorities.items())),
    )


def _fields(rec: Recommendation) -> dict[str, Any]:
    return {name: getattr(rec, name) for name in rec.__dataclass_fields__}


def _rec_order(rec: Recommendation) -> tuple[str, int, int]:
    return (rec.report, rec.paragraph, rec.item or 0)
