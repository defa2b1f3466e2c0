"""The source policy: what a catalogue may show its users as a source, and what it may not.

A source users see is the proclaiming instrument (through the UN document resolver), the UN's or
the proclaiming body's own page, or, for a civil-society day, the organiser's own site. Never a
retailer, state-controlled media, a calendar aggregator, a code repository, a personal blog, a
content farm or encyclopaedia mirror, nor an internal research note. A `secondary` source is shown
as secondary, and an entry whose sources are all secondary or unverified says so.

Plain functions over the model; nothing here reads a file or prints. The rules come from the
team's reference note on citable sources (November 2026).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from planner.catalogue.model import Catalogue, Observance, Source, SourceKind, Status


class Banned(StrEnum):
    """The kinds of site a source may never be."""

    RETAILER = "a retailer"
    STATE_MEDIA = "state-controlled media"
    AGGREGATOR = "a calendar or 'days' aggregator"
    CODE = "a code repository"
    BLOG = "a personal blog or blogging platform"
    CONTENT_FARM = "a content farm, exam-prep site or copy of other sites' documents"
    ENCYCLOPAEDIA = "an encyclopaedia anyone can edit, or a mirror of one"


# Registrable domains (and everything under them). Kept short and specific: each one was seen
# cited somewhere for a day, or is the obvious member of its kind.
BANNED_DOMAINS: dict[str, Banned] = {
    # retailers
    "svakom.com": Banned.RETAILER,
    "amazon.com": Banned.RETAILER,
    "amazon.co.uk": Banned.RETAILER,
    "ebay.com": Banned.RETAILER,
    "etsy.com": Banned.RETAILER,
    "aliexpress.com": Banned.RETAILER,
    # state-controlled media
    "presstv.ir": Banned.STATE_MEDIA,
    "presstv.com": Banned.STATE_MEDIA,
    "sputniknews.com": Banned.STATE_MEDIA,
    "sputnikglobe.com": Banned.STATE_MEDIA,
    "tass.com": Banned.STATE_MEDIA,
    "tass.ru": Banned.STATE_MEDIA,
    "rt.com": Banned.STATE_MEDIA,
    "xinhuanet.com": Banned.STATE_MEDIA,
    "news.cn": Banned.STATE_MEDIA,
    "people.cn": Banned.STATE_MEDIA,
    "peopledaily.com.cn": Banned.STATE_MEDIA,
    "cgtn.com": Banned.STATE_MEDIA,
    "globaltimes.cn": Banned.STATE_MEDIA,
    "chinadaily.com.cn": Banned.STATE_MEDIA,
    "irna.ir": Banned.STATE_MEDIA,
    "kcna.kp": Banned.STATE_MEDIA,
    # calendar and "days" aggregators
    "keepincalendar.com": Banned.AGGREGATOR,
    "checkiday.com": Banned.AGGREGATOR,
    "calendr.net": Banned.AGGREGATOR,
    "vercalendario.info": Banned.AGGREGATOR,
    "whlist.com": Banned.AGGREGATOR,
    "webplus.info": Banned.AGGREGATOR,
    "tigweb.org": Banned.AGGREGATOR,
    "timeanddate.com": Banned.AGGREGATOR,
    "nationaltoday.com": Banned.AGGREGATOR,
    "daysoftheyear.com": Banned.AGGREGATOR,
    "awarenessdays.com": Banned.AGGREGATOR,
    "wdor-archive.com": Banned.AGGREGATOR,
    # content farms, exam-prep sites, document copy sites
    "affairscloud.com": Banned.CONTENT_FARM,
    "gktoday.in": Banned.CONTENT_FARM,
    "adda247.com": Banned.CONTENT_FARM,
    "testcloud.in": Banned.CONTENT_FARM,
    "testbook.com": Banned.CONTENT_FARM,
    "jagranjosh.com": Banned.CONTENT_FARM,
    "hiox.org": Banned.CONTENT_FARM,
    "docslib.org": Banned.CONTENT_FARM,
    "vdocuments.net": Banned.CONTENT_FARM,
    "vdocuments.mx": Banned.CONTENT_FARM,
    "scribd.com": Banned.CONTENT_FARM,
    # code repositories
    "github.com": Banned.CODE,
    "githubusercontent.com": Banned.CODE,
    "github.io": Banned.CODE,
    "gitlab.com": Banned.CODE,
    "bitbucket.org": Banned.CODE,
    "codeberg.org": Banned.CODE,
    "sourceforge.net": Banned.CODE,
    # blogs
    "blogspot.com": Banned.BLOG,
    "wordpress.com": Banned.BLOG,
    "medium.com": Banned.BLOG,
    "substack.com": Banned.BLOG,
    "tumblr.com": Banned.BLOG,
    "intlawgrrls.com": Banned.BLOG,
    # encyclopaedias anyone can edit, and their mirrors
    "wikipedia.org": Banned.ENCYCLOPAEDIA,
    "wikiwand.com": Banned.ENCYCLOPAEDIA,
    "dbpedia.org": Banned.ENCYCLOPAEDIA,
    "everybodywiki.com": Banned.ENCYCLOPAEDIA,
}

# Words that only make sense inside the team's research notes and must never reach a user.
INTERNAL_LABELS = re.compile(r"\bD[12]\b|facts\.md|\bour notes\b|corrections\.md", re.IGNORECASE)
# A mention of a banned domain anywhere in a text (a URL or a bare name such as "keepincalendar.com").
_DOMAIN_IN_TEXT = re.compile(
    r"(?<![\w.-])(?:[\w-]+\.)*("
    + "|".join(re.escape(d) for d in sorted(BANNED_DOMAINS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# Kinds a followable source must have for the entry to meet the policy.
CITABLE = (SourceKind.INSTRUMENT, SourceKind.OFFICIAL, SourceKind.ORGANISER)


def banned(url: str) -> Banned | None:
    """The kind of banned site `url` points to, or None. Subdomains count (en.wikipedia.org)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    parts = host.split(".")
    for i in range(len(parts) - 1):
        found = BANNED_DOMAINS.get(".".join(parts[i:]))
        if found is not None:
            return found
    return None


def leaks(text: str) -> list[str]:
    """Everything in `text` (any rendered output) that must not be shown: internal labels and
    mentions of banned domains, each once, in order of appearance."""
    found: list[str] = []
    for m in INTERNAL_LABELS.finditer(text):
        found.append(f"internal label '{m.group(0)}'")
    for m in _DOMAIN_IN_TEXT.finditer(text):
        found.append(f"banned domain '{m.group(1).lower()}' ({BANNED_DOMAINS[m.group(1).lower()].value})")
    return list(dict.fromkeys(found))


class Severity(StrEnum):
    ERROR = "error"  # never shown to users: fix before the catalogue ships or a campaign uses it
    SHORTFALL = "falls short"  # the entry lacks what the policy asks for


@dataclass(frozen=True, slots=True)
class Finding:
    """One way an entry falls short of the source policy."""

    observance: str
    severity: Severity
    message: str


def _source_texts(s: Source) -> Iterator[str]:
    yield from (t for t in (s.title, s.url, s.document, s.publisher, s.note) if t)


def _entry_texts(obs: Observance) -> Iterator[tuple[str, str]]:
    yield "name", obs.name
    yield "description", obs.description
    if obs.first_observed_note:
        yield "first_observed_note", obs.first_observed_note
    if obs.instrument is not None:
        yield "instrument.symbol", obs.instrument.symbol
        if obs.instrument.note:
            yield "instrument.note", obs.instrument.note
    for d in obs.year_dates:
        if d.note:
            yield f"year_dates {d.date.year}", d.note
    for link in obs.recommendations:
        yield f"reason for {link.id}", link.reason


def audit(observance: Observance) -> list[Finding]:
    """Every way `observance` falls short of the source policy (empty when it meets it)."""
    out: list[Finding] = []
    oid = observance.id

    def add(severity: Severity, message: str) -> None:
        out.append(Finding(oid, severity, message))

    for i, s in enumerate(observance.sources, 1):
        where = f"source {i} ('{s.title}')"
        if s.url is not None and (kind := banned(s.url)) is not None:
            add(Severity.ERROR, f"{where} links to {kind.value}: {s.url}; replace it with a citable source")
        for text in _source_texts(s):
            for leak in leaks(text):
                if not (s.url and text == s.url and leak.startswith("banned domain")):
                    add(Severity.ERROR, f"{where} shows {leak}; say what the fact is, not where we noted it")
        missing = [
            name for name, value in (("kind", s.kind), ("publisher", s.publisher), ("checked", s.checked)) if not value
        ]
        if missing:
            add(Severity.SHORTFALL, f"{where} has no {', '.join(missing)}")
        if s.url is None:
            add(Severity.SHORTFALL, f"{where} has no url a reader can follow")
    for field, text in _entry_texts(observance):
        for leak in leaks(text):
            add(Severity.ERROR, f"{field} shows {leak}")
    followable = [s for s in observance.sources if s.url and s.kind in CITABLE and banned(s.url) is None]
    if not followable:
        add(
            Severity.SHORTFALL,
            "no followable source of kind instrument, official or organiser; add the proclaiming text, "
            "the body's own page or the organiser's site; if none can be confirmed, give the best one "
            "with status unverified",
        )
    return list(dict.fromkeys(out))  # a label in both the title and the note is reported once


def standing(observance: Observance) -> str:
    """One word for how well an entry is sourced: `primary` (a primary citable source),
    `secondary` (only secondary ones, shown as such) or `unverified`."""
    citable = [s for s in observance.sources if s.kind in CITABLE and s.url and banned(s.url) is None]
    if any(s.status is Status.PRIMARY for s in citable):
        return "primary"
    if any(s.status is Status.SECONDARY for s in citable):
        return "secondary"
    return "unverified"


@dataclass(frozen=True, slots=True)
class EntryAudit:
    """One entry's sources as the policy sees them: for `planner sources` and `planner check`.

    `shipped` entries must meet the policy; a team's own entries may fall short (listed as
    warnings), but an error (a banned site or an internal label) is never allowed.
    """

    observance: Observance
    standing: str
    findings: tuple[Finding, ...]
    shipped: bool

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """What makes `planner check` fail: errors anywhere, shortfalls in shipped entries."""
        return self.findings if self.shipped else self.errors


def sources_audit(
    catalogue: Catalogue, ids: Iterable[str] = (), *, shipped_files: Iterable[str] = ()
) -> list[EntryAudit]:
    """The audit of every observance (or those in `ids`, which must exist), sorted by id.

    An entry is `shipped` when its `origin` lies in one of `shipped_files` (display paths).
    Raises UnknownId for an id not in the catalogue.
    """
    files = tuple(shipped_files)
    out: list[EntryAudit] = []
    for oid in sorted(dict.fromkeys(ids or catalogue.observances)):
        obs = catalogue.observance(oid)
        shipped = any(obs.origin.rsplit(":", 1)[0] == f for f in files)
        out.append(EntryAudit(obs, standing(obs), tuple(audit(obs)), shipped))
    return out
