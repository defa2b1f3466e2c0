"""Messaging briefs: a message house for one occurrence and one audience, every claim cited.

Core module: it reads no file and renders nothing. `build_brief` assembles a `Brief` from the
catalogue alone, deterministically: the occasion (dates, anniversary number, proclaiming
instrument, sources with their status), one core message, up to three pillars each resting on one
or two recommendations, audience framing and calls to action (`planner.briefs.framing`), hashtags, posts
counted for each platform (`planner.briefs.posts`), plain-language checks (`planner.briefs.plain`), an
accessibility checklist, a note on staying safe online where defenders are involved, and every
source or cited instrument to check before publishing.

Nothing here invents a fact: dates, numbers and instruments come from the catalogue; the
generated sentences are our own plain wording around them. A team's own words (`Messages`) are
merged over the drafts.

How the pillars are chosen (the order is part of the contract, see tests/test_briefs.py):

1. Recommendations linked to the observance are the candidates, in the catalogue's order (the
   curator's order of emphasis). Those that merely name the day (`named_in`) explain why the day
   matters and appear under the occasion instead.
2. Pillar 3 speaks to the audience: the first linked recommendation whose `audiences` include the
   chosen audience, else the first recommendation the audience table names for it.
3. Pillars 1 and 2 are the first remaining linked recommendations.
4. Short of three, recommendations sharing a theme with the day fill the gap (audience matches
   first, then most shared themes, then catalogue order); they are marked as related by theme.
   Still short, the audience table's other recommendations fill it.
5. Each pillar takes one more linked recommendation sharing a theme with it, if one is left.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planner.briefs.framing import COMMON, FRAMINGS, SAFETY, SAFETY_REC, SAFETY_THEMES, Framing, Line
from planner.briefs.plain import JARGON, Jargon, JargonHit, Readability, find_jargon, readability
from planner.briefs.posts import PLATFORMS, Platform, Post, check, fit
from planner.catalogue.model import (
    Anniversary,
    Catalogue,
    Instrument,
    Kind,
    Observance,
    Occurrence,
    Recommendation,
    Report,
    Source,
    Status,
)
from planner.catalogue.rules import describe
from planner.errors import UnknownId
from planner.words import day_month_year, long_date, weekday

if TYPE_CHECKING:
    from planner.campaigns.model import Campaign

PILLARS = 3
MAX_PILLARS = 4  # a message house has three or four pillars
LINK_ROOM = 24  # room kept in short posts for one link (23 on X and Mastodon) and a space
NUMBER_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four"}


# -- what the brief holds -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cited:
    """A recommendation as the brief cites it, with why it fits this day ('' when not linked)."""

    id: str
    citation: str
    title: str
    summary: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Guidance:
    """A line of advice, a call to action or a reason, with the citations behind it."""

    text: str
    citations: tuple[str, ...] = ()

    @property
    def cite(self) -> str:
        """The citations joined with '; ' (`WP3013 §16(ii); WP2011 §20`)."""
        return "; ".join(self.citations)


@dataclass(frozen=True, slots=True)
class ProofPoint:
    """Evidence under a pillar: a report's point (with its citation) or the team's own."""

    text: str
    citation: str = ""


@dataclass(frozen=True, slots=True)
class Pillar:
    """One pillar of the message house: its `number` (1-4), `title`, why it fits the day (for the team),
    the recommendations behind it, proof points, and the public `message` when the team gives one.
    """

    number: int
    title: str
    why: str  # why it fits this day, for the team
    recommendations: tuple[Cited, ...]
    proof_points: tuple[ProofPoint, ...]
    message: str = ""  # a public line, when the team gives one
    own_evidence: bool = False  # the team added proof points of its own
    by_theme: bool = False  # chosen by shared theme, not linked to the day

    @property
    def cite(self) -> str:
        """The pillar's citations joined with '; '."""
        return "; ".join(c.citation for c in self.recommendations)


@dataclass(frozen=True, slots=True)
class Occasion:
    """What the day is: dates, number, who proclaimed it and on what evidence."""

    id: str
    name: str
    label: str  # for sentences: "World Press Freedom Day", "the 80th anniversary of ..."
    short: str  # for repeating: the name's own acronym, "IDAHOBIT", else the label
    kind: Kind
    description: str
    start: dt.date
    end: dt.date
    when: str  # "Monday 3 May 2027"
    rule: str  # "every year on 3 May"
    anniversary: Anniversary | None
    edition: int | None  # "the 34th" World Press Freedom Day, counted from first_year
    first_year: int | None
    proclaimed_by: str
    instrument: Instrument | None
    sources: tuple[Source, ...]
    why: tuple[Guidance, ...]  # the reports that name this day, and what they say
    hook: str  # the first sentence of every post: "3 May is World Press Freedom Day."

    @property
    def weekday(self) -> str:
        """The weekday the occurrence starts on ('Monday')."""
        return weekday(self.start)

    @property
    def year(self) -> int:
        """The year the occurrence starts in."""
        return self.start.year


@dataclass(frozen=True, slots=True)
class Audience:
    """Who the brief speaks to: id and label, a description, framing guidance, channels and calls to
    action.
    """

    id: str
    label: str
    description: str
    framing: tuple[Guidance, ...]
    channels: str
    calls_to_action: tuple[Guidance, ...]


@dataclass(frozen=True, slots=True)
class KeyDate:
    """A dated step of the campaign around the occasion (embargo, launch, follow-up)."""

    name: str
    date: dt.date
    note: str = ""

    @property
    def when(self) -> str:
        """The date in words ('Monday 3 May 2027')."""
        return long_date(self.date)


@dataclass(frozen=True, slots=True)
class CheckItem:
    """Something to verify before publishing: a source, an instrument or a doubtful fact."""

    what: str
    text: str
    status: str
    reference: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Access:
    """One accessibility check: `ok`, `fix` (found a problem) or `todo` (for the team to do)."""

    text: str
    state: str
    detail: str = ""

    @property
    def mark(self) -> str:
        """A Markdown checkbox for the state: '[x]' ok, '[!]' to fix, '[ ]' to do."""
        return {"ok": "[x]", "fix": "[!]", "todo": "[ ]"}[self.state]


@dataclass(frozen=True, slots=True)
class Brief:
    """A messaging brief for one occurrence and audience: the occasion, the message house (core message,
    pillars, calls to action), key dates from the team's campaign, hashtags, posts counted per platform,
    readability, jargon and accessibility checks, safety notes, what to check before publishing, and every
    recommendation and report cited.
    """

    occasion: Occasion
    audience: Audience
    core_message: str
    pillars: tuple[Pillar, ...]
    calls_to_action: tuple[Guidance, ...]
    key_dates: tuple[KeyDate, ...]
    hashtags: tuple[str, ...]
    posts: tuple[Post, ...]
    readability: Readability
    jargon_found: tuple[JargonHit, ...]
    jargon_list: tuple[Jargon, ...]
    accessibility: tuple[Access, ...]
    safety: tuple[str, ...]
    safety_cite: str
    check: tuple[CheckItem, ...]
    cited: tuple[Cited, ...]
    reports: tuple[Report, ...]
    customised: tuple[str, ...] = ()
    campaign: str = ""  # the id of the campaign the key dates come from

    @property
    def title(self) -> str:
        """'World Press Freedom Day 2027'."""
        return f"{self.occasion.name} {self.occasion.year}"

    @property
    def posts_over(self) -> tuple[Post, ...]:
        """The posts over their platform's limit."""
        return tuple(p for p in self.posts if p.over)


def key_dates(campaign: Campaign) -> tuple[KeyDate, ...]:
    """The phases of a campaign that a message brief needs: the launch and every big send, embargoes
    (phases that may not happen before their day), anything on the day, and the follow-up after it.
    Skipped phases are left out."""
    from planner.campaigns.model import Constraint, PhaseStatus

    out: list[KeyDate] = []
    for phase in campaign.timeline():
        if phase.status is PhaseStatus.SKIPPED:
            continue
        after = campaign.days_from_day(phase) >= 0
        embargo = phase.constraint is Constraint.NOT_BEFORE or "embargo" in phase.name.lower()
        if not (phase.big_send or embargo or after or phase.constraint is not None):
            continue
        notes = []
        if phase.constraint is Constraint.NOT_BEFORE:
            notes.append("embargo: not before this day")
        if phase.big_send:
            notes.append("big send")
        if phase.owner:
            notes.append(f"owner: {phase.owner}")
        if phase.status is not PhaseStatus.TODO:
            notes.append(phase.status.value)
        out.append(KeyDate(phase.name, phase.date, "; ".join(notes)))
    return tuple(out)


# -- a team's own words ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PillarDraft:
    """A team's version of one pillar; what is left out keeps the generated draft."""

    title: str | None = None
    message: str | None = None
    proof_points: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Messages:
    """A team's own core message, pillars, calls to action, hashtags and posts."""

    core_message: str | None = None
    pillars: tuple[PillarDraft, ...] = ()
    calls_to_action: tuple[str, ...] | None = None
    hashtags: tuple[str, ...] | None = None
    posts: Mapping[str, str] = field(default_factory=dict)


# -- building ----------------------------------------------------------------------------------


_TAKES_THE = re.compile(r"^(?:International|World|Global|UN|United Nations|Second|Third|Week|Decade|Day|Summit|\d+)\b")
_NAMED_DAY = re.compile(r"\b(?:Day|Week|Month|Year)$")


def with_article(name: str) -> str:
    """The name as it reads inside a sentence: 'the International Day of Peace', 'the 16 Days of
    Activism', 'the UN Summit of the Future'; but 'World Press Freedom Day', 'Disarmament Week'.

    Names that end in Day, Week, Month or Year go without an article, as do names that do not
    start like a UN title (a team's 'Ramadan' stays as it is).
    """
    core = re.sub(r"\s*\([^)]*\)$", "", name.strip())  # 'IDAHOBIT' in brackets does not count
    if _NAMED_DAY.search(core) or not _TAKES_THE.match(core):
        return name
    return f"the {name}"


def _label(obs: Observance, anniversary: Anniversary | None) -> str:
    if anniversary is None:
        return with_article(obs.name)
    prefix = "anniversary of "
    if obs.name.lower().startswith(prefix):
        return f"the {anniversary.ordinal} anniversary of {obs.name[len(prefix) :]}"
    return f"{obs.name} ({anniversary.ordinal} anniversary)"


def _short(name: str) -> str:
    """The acronym a name gives in brackets at its end ('... Transphobia (IDAHOBIT)'), else the name."""
    found = re.search(r"\(([A-Z][A-Za-z0-9]{1,11})\)$", name.strip())
    return found.group(1) if found else name


def _hook(occ: Occurrence, label: str) -> str:
    day = day_month_year(occ.start, year=False)
    if occ.start != occ.end:
        end = day_month_year(occ.end, year=False)
        return f"From {day} to {end}: {label}."
    if occ.anniversary is not None:
        return f"{day} {occ.start.year} marks {label}."
    return f"{day} is {label}."


def _when(occ: Occurrence) -> str:
    if occ.start == occ.end:
        return long_date(occ.start)
    first = long_date(occ.start, year=False)
    if occ.start.year != occ.end.year:
        first += f" {occ.start.year}"
    return f"{first} to {long_date(occ.end)}"


def _first_held(obs: Observance) -> int | None:
    """The year the day was first held: `first_observed` when given (the International Day of Peace
    since 1982, though on 21 September only from 2002), else the first year with an occurrence."""
    return obs.first_observed or obs.first_year


def _edition(obs: Observance, occ: Occurrence) -> int | None:
    """ "The Nth" day, counted from the first year; None while that year is not settled (a
    disputed, unverified or earliest-possible first year gives no count)."""
    first = _first_held(obs)
    if occ.anniversary is not None or first is None or obs.kind is Kind.EVENT or not obs.first_year_settled:
        return None
    number = occ.year - first + 1
    return number if number >= 1 else None


def _cite(cat: Catalogue, ids: Sequence[str]) -> tuple[str, ...]:
    """Citations for the ids present in the catalogue (a team catalogue may lack some)."""
    return tuple(cat.recommendations[i].citation for i in ids if i in cat.recommendations)


def _guidance(cat: Catalogue, line: Line, day: str) -> Guidance:
    return Guidance(line.text.replace("{day}", day), _cite(cat, line.recommendations))


def _cited(rec: Recommendation, reason: str = "") -> Cited:
    return Cited(rec.id, rec.citation, rec.title, rec.summary, reason)


def _occasion(cat: Catalogue, occ: Occurrence) -> Occasion:
    obs = occ.observance
    label = _label(obs, occ.anniversary)
    reasons = {link.id: link.reason for link in obs.recommendations}
    why = tuple(
        Guidance(reasons.get(rec_id) or f"Named in the report: {cat.recommendations[rec_id].title}.",
                 (cat.recommendations[rec_id].citation,))
        for rec_id in obs.named_in
        if rec_id in cat.recommendations
    )  # fmt: skip
    return Occasion(
        id=obs.id,
        name=obs.name,
        label=label,
        short=_short(obs.name) if occ.anniversary is None and _short(obs.name) != obs.name else label,
        kind=obs.kind,
        description=obs.description,
        start=occ.start,
        end=occ.end,
        when=_when(occ),
        rule=describe(obs.rule),
        anniversary=occ.anniversary,
        edition=_edition(obs, occ),
        first_year=_first_held(obs),
        proclaimed_by=obs.proclaimed_by,
        instrument=obs.instrument,
        sources=obs.sources,
        why=why,
        hook=_hook(occ, label),
    )


def _audience(cat: Catalogue, framing: Framing, day: str) -> Audience:
    return Audience(
        id=framing.id,
        label=framing.label,
        description=cat.audiences.get(framing.id, ""),
        framing=tuple(_guidance(cat, line, day) for line in (*framing.framing, *COMMON)),
        channels=framing.channels,
        calls_to_action=tuple(_guidance(cat, line, day) for line in framing.calls_to_action),
    )


def _shared(a: Sequence[str], b: Sequence[str]) -> int:
    return len(set(a) & set(b))


def choose_pillars(cat: Catalogue, obs: Observance, framing: Framing) -> list[list[Cited]]:
    """The recommendations under each pillar, by the rule in the module docstring."""
    reasons = {link.id: link.reason for link in obs.recommendations}
    linked = [
        cat.recommendations[link.id]
        for link in obs.recommendations
        if link.id in cat.recommendations and link.id not in obs.named_in
    ]
    used: set[str] = set()

    def take(rec: Recommendation, reason: str) -> Cited:
        used.add(rec.id)
        return _cited(rec, reason)

    audience_lead: Cited | None = None
    for rec in linked:
        if framing.id in rec.audiences:
            audience_lead = take(rec, reasons[rec.id])
            break
    if audience_lead is None:
        for rec_id in framing.recommendations:
            if rec_id in cat.recommendations and rec_id not in used and rec_id not in obs.named_in:
                rec = cat.recommendations[rec_id]
                why = reasons.get(rec_id) or f"It is what the reports advise for reaching {framing.label}."
                audience_lead = take(rec, why)
                break
    groups: list[list[Cited]] = []
    for rec in linked:
        if len(groups) == PILLARS - (audience_lead is not None):
            break
        if rec.id not in used:
            groups.append([take(rec, reasons[rec.id])])
    if audience_lead is not None:
        groups.append([audience_lead])
    if len(groups) < PILLARS:
        related = [
            r
            for r in cat.recommendations.values()
            if r.id not in used and r.id not in obs.named_in and _shared(r.themes, obs.themes)
        ]
        order = {r.id: i for i, r in enumerate(cat.recommendations.values())}
        related.sort(key=lambda r: (framing.id not in r.audiences, -_shared(r.themes, obs.themes), order[r.id]))
        for rec in related[: PILLARS - len(groups)]:
            themes = ", ".join(t for t in rec.themes if t in obs.themes)
            why = f"Shares the theme {themes} with this day (not linked to it in the catalogue)."
            groups.insert(len(groups) - (audience_lead is not None), [take(rec, why)])
    for rec_id in framing.recommendations:
        if len(groups) >= PILLARS:
            break
        if rec_id in cat.recommendations and rec_id not in used and rec_id not in obs.named_in:
            why = f"It is what the reports advise for reaching {framing.label}."
            groups.insert(len(groups) - (audience_lead is not None), [take(cat.recommendations[rec_id], why)])
    for group in groups:
        lead = cat.recommendations[group[0].id]
        for rec in linked:
            if rec.id not in used and _shared(rec.themes, lead.themes):
                group.append(take(rec, reasons[rec.id]))
                break
    return groups


def _pillar(number: int, group: Sequence[Cited], by_theme: bool) -> Pillar:
    return Pillar(
        number=number,
        title=group[0].title,
        why=group[0].reason,
        recommendations=tuple(group),
        proof_points=tuple(ProofPoint(c.summary, c.citation) for c in group),
        by_theme=by_theme,
    )


def _merge_pillar(cat: Catalogue, number: int, base: Pillar | None, draft: PillarDraft) -> Pillar:
    if draft.recommendations:
        recs = tuple(_cited(cat.recommendation(r), "") for r in draft.recommendations)
    else:
        recs = base.recommendations if base else ()
    own = tuple(ProofPoint(p) for p in draft.proof_points)
    report_points = tuple(ProofPoint(c.summary, c.citation) for c in recs)
    return Pillar(
        number=number,
        title=draft.title or (base.title if base else f"Pillar {number}"),
        why=base.why if base and not draft.recommendations else "",
        recommendations=recs,
        proof_points=own + report_points,
        message=draft.message or (base.message if base else ""),
        own_evidence=bool(own),
        by_theme=bool(base and base.by_theme and not draft.recommendations),
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _posts(occasion: Occasion, framing: Framing, pillars: Sequence[Pillar],
           ctas: Sequence[Guidance], hashtags: Sequence[str]) -> dict[str, Post]:  # fmt: skip
    hook = occasion.hook
    core = _cap(framing.core)
    tags = " ".join(hashtags)
    cta = ctas[0].text if ctas else ""
    titles = [p.title for p in pillars]

    def join(*parts: str) -> str:
        return "\n\n".join(p for p in parts if p)

    short = [join(f"{hook} {core}", cta, tags), join(f"{hook} {core}", tags), join(hook, tags), hook]
    listed = "\n".join(f"- {t}" for t in titles)
    count = NUMBER_WORDS.get(len(titles), str(len(titles)))
    intro = f"{count} key point{'s' if len(titles) != 1 else ''}:" if titles else ""
    long = [join(f"{hook} {core}", f"{intro}\n{listed}" if titles else "", cta, tags), *short]
    drafts = {"x": short, "bluesky": short, "mastodon": long, "linkedin": long, "instagram": long}
    out: dict[str, Post] = {}
    for p in PLATFORMS:
        reserve = LINK_ROOM if p.preview is None else 0
        out[p.id] = fit(p, drafts[p.id], reserve=reserve)
    return out


def _camel_ok(tag: str) -> bool:
    body = tag.lstrip("#")
    return not (body.islower() and len(body) > 8)


def _accessibility(posts: Sequence[Post], hashtags: Sequence[str], score: Readability,
                   jargon: Sequence[JargonHit]) -> tuple[Access, ...]:  # fmt: skip
    items = [
        Access("Alt text on every image: say what it shows and repeat any words in it.", "todo"),
        Access("Captions on every video, and a transcript for audio.", "todo"),
        Access("Emoji at the end of a post, not inside sentences: screen readers read out their names.", "todo"),
        Access(
            "Plain language",
            "ok" if score.ok else "fix",
            score.summary if score.ok else f"{score.summary}; aim for a reading ease of 60 or more",
        ),
    ]
    if jargon:
        terms = sorted({h.found for h in jargon})
        items.append(Access("No jargon", "fix", f"replace: {', '.join(terms)} (see the jargon list)"))
    else:
        items.append(Access("No jargon", "ok", "none found in the messages and posts"))
    if hashtags:
        bad = [t for t in hashtags if not _camel_ok(t)]
        items.append(
            Access("Hashtags with a capital letter for each word, so screen readers say the words",
                   "fix" if bad else "ok", f"rewrite: {', '.join(bad)}" if bad else " ".join(hashtags))
        )  # fmt: skip
    over = [p for p in posts if p.over]
    items.append(
        Access("Every post fits its platform", "fix" if over else "ok",
               ", ".join(f"{p.platform.name} {p.shown}" for p in over) if over else "all within their limits")
    )  # fmt: skip
    return tuple(items)


def _checks(obs: Observance, pillars: Sequence[Pillar], cat: Catalogue) -> tuple[CheckItem, ...]:
    items: list[CheckItem] = []
    for s in obs.sources:
        if s.status in (Status.SECONDARY, Status.UNVERIFIED):
            items.append(CheckItem("Source", s.title, s.status.value, s.reference, s.note or ""))
    if obs.instrument and obs.instrument.status is not Status.PRIMARY:
        i = obs.instrument
        items.append(CheckItem("Proclaiming text", i.symbol, i.status.value, "", i.note or ""))
    year_status = obs.year_status
    if year_status is not None and not year_status.settled:
        year = str(obs.first_year) if obs.first_year else ""
        shown = {"floor": "earliest possible year", "unverified": "unconfirmed"}.get(
            year_status.value, year_status.value
        )
        items.append(CheckItem("First year", year, shown, "", obs.first_observed_note or ""))
    for d in obs.year_dates:
        if d.status not in (Status.PRIMARY, Status.SECONDARY):
            items.append(CheckItem(f"Date in {d.date.year}", d.date.isoformat(), d.status.value, "", d.note or ""))
    seen: set[tuple[str, str]] = set()
    for pillar in pillars:
        for c in pillar.recommendations:
            for inst in cat.recommendations[c.id].instruments:
                if inst.status is not Status.PRIMARY and (c.id, inst.as_written) not in seen:
                    seen.add((c.id, inst.as_written))
                    items.append(
                        CheckItem(f"Cited in {c.citation}", inst.as_written, inst.status.value, "", inst.note or "")
                    )
    return tuple(items)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?:" else text + "."


def public_text(core: str, pillars: Sequence[Pillar], ctas: Sequence[Guidance], posts: Sequence[Post]) -> str:
    """The words meant for the public, one sentence per line: what readability and jargon check."""
    parts = [_sentence(core)]
    for p in pillars:
        parts.append(_sentence(p.title))
        if p.message:
            parts.append(_sentence(p.message))
    parts += [_sentence(c.text) for c in ctas]
    parts += [p.text for p in posts]
    return "\n".join(parts)


def build_brief(
    catalogue: Catalogue,
    occurrence: Occurrence,
    audience: str = "general",
    *,
    key_dates: Sequence[KeyDate] = (),
    campaign: str = "",
    messages: Messages | None = None,
) -> Brief:
    """Assemble the messaging brief for `occurrence` and `audience` (see the module docstring).

    Raises UnknownId for an audience without framing; `messages` ids must exist in the catalogue.
    """
    if audience not in FRAMINGS:
        raise UnknownId("audience", audience, FRAMINGS)
    framing = FRAMINGS[audience]
    cat = catalogue
    obs = occurrence.observance
    occasion = _occasion(cat, occurrence)
    aud = _audience(cat, framing, occasion.short)
    groups = choose_pillars(cat, obs, framing)
    linked_ids = {link.id for link in obs.recommendations}
    pillars = [_pillar(i + 1, g, g[0].id not in linked_ids and g[0].id not in framing.recommendations)
               for i, g in enumerate(groups)]  # fmt: skip
    core = f"{'On' if occasion.start == occasion.end else 'During'} {occasion.label}, {framing.core}"
    ctas = aud.calls_to_action
    hashtags = obs.hashtags
    customised: list[str] = []
    msg = messages or Messages()
    if msg.core_message:
        core = msg.core_message
        customised.append("core message")
    for i, draft in enumerate(msg.pillars[:MAX_PILLARS]):
        base = pillars[i] if i < len(pillars) else None
        merged = _merge_pillar(cat, i + 1, base, draft)
        if base is None:
            pillars.append(merged)
        else:
            pillars[i] = merged
        if draft != PillarDraft():
            customised.append(f"pillar {i + 1}")
    if msg.calls_to_action is not None:
        ctas = tuple(Guidance(t) for t in msg.calls_to_action)
        customised.append("calls to action")
    if msg.hashtags is not None:
        hashtags = msg.hashtags
        customised.append("hashtags")
    generated = _posts(occasion, framing, pillars, ctas, hashtags)
    by_id: dict[str, Platform] = {p.id: p for p in PLATFORMS}
    for platform_id, text in sorted(msg.posts.items(), key=lambda kv: list(by_id).index(kv[0])):
        generated[platform_id] = check(by_id[platform_id], text, from_team=True)
        customised.append(f"{by_id[platform_id].name} post")
    posts = tuple(generated[p.id] for p in PLATFORMS)
    text = public_text(core, pillars, ctas, posts)
    score = readability(text)
    jargon = find_jargon(text)
    cited_ids: set[str] = {c.id for p in pillars for c in p.recommendations}
    cited_ids |= {i for i in obs.named_in if i in cat.recommendations}
    cited_ids |= {i for line in (*framing.framing, *COMMON, *framing.calls_to_action) for i in line.recommendations}
    safety: tuple[str, ...] = ()
    themes = set(obs.themes) | {t for p in pillars for c in p.recommendations for t in cat.recommendations[c.id].themes}
    if themes & set(SAFETY_THEMES) or SAFETY_REC in linked_ids:
        safety = SAFETY
        if SAFETY_REC in cat.recommendations:
            cited_ids.add(SAFETY_REC)
    cited = tuple(_cited(r) for r in cat.recommendations.values() if r.id in cited_ids)
    report_codes = sorted({cat.recommendations[c.id].report for c in cited})
    return Brief(
        occasion=occasion,
        audience=aud,
        core_message=core,
        pillars=tuple(pillars),
        calls_to_action=ctas,
        key_dates=tuple(sorted(key_dates, key=lambda k: (k.date, k.name))),
        hashtags=hashtags,
        posts=posts,
        readability=score,
        jargon_found=jargon,
        jargon_list=JARGON,
        accessibility=_accessibility(posts, hashtags, score, jargon),
        safety=safety,
        safety_cite=cat.recommendations[SAFETY_REC].citation if safety and SAFETY_REC in cat.recommendations else "",
        check=_checks(obs, pillars, cat),
        cited=cited,
        reports=tuple(cat.reports[c] for c in report_codes if c in cat.reports),
        customised=tuple(customised),
        campaign=campaign,
    )
