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

1. Only recommendations that share a theme with the day are candidates: an off-topic pillar is
   worse than none. Those that merely name the day (`named_in`) explain why the day matters and
   appear under the occasion instead.
2. Linked recommendations come first, in the catalogue's order (the curator's order of emphasis),
   then the others that share the day's first (main) theme (most shared themes first, then
   catalogue order); these are marked as related by theme.
3. Pillar 3 speaks to the audience: the first candidate whose `audiences` include the chosen
   audience. Pillars 1 and 2 are the first remaining candidates.
4. Each pillar takes one more linked recommendation sharing a theme with it and the day, if one is
   left.

Every audience but policymakers reads a pillar as its recommendation's public-facing `message`;
the policy ask (the recommendation's title) stays beside it for the team. Posts are built only
from public lines: the core message, the day's angles or the pillars' public messages, a call to
action said to the audience, and hashtags; never from the team's to-dos or the policy asks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from planner.briefs.content import Angle, DatedProof, DayMessaging
from planner.briefs.framing import COMMON, FRAMINGS, SAFETY, SAFETY_REC, SAFETY_THEMES, Framing, Line
from planner.briefs.plain import JARGON, Jargon, JargonHit, Readability, find_jargon, readability
from planner.briefs.posts import PLATFORMS, Platform, Post, check, fit, hard_to_hear
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
from planner.catalogue.rules import describe, exceptions
from planner.errors import UnknownId
from planner.words import day_month_year, long_date, weekday

if TYPE_CHECKING:
    from planner.campaigns.model import Campaign

PILLARS = 3
MAX_PILLARS = 4  # a message house has three or four pillars
LINK_ROOM = 24  # room kept in short posts for one link (23 on X and Mastodon) and a space


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
    """Evidence under a pillar: a report's point (with its citation) or the team's own.

    `dated` holds when and by whom a figure in it was given ("WP3013, January 2023"): figures age."""

    text: str
    citation: str = ""
    dated: str = ""


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
    message: str = ""  # the public line under the title (policymakers: the recommendation's message)
    own_evidence: bool = False  # the team added proof points of its own
    by_theme: bool = False  # chosen by shared theme, not linked to the day
    ask: str = ""  # the policy ask behind a public title, for the team (audiences other than policymakers)

    @property
    def public(self) -> str:
        """The pillar as a member of the public may read it: the message, else a public title."""
        if self.message:
            return self.message
        return self.title if self.ask or not self.recommendations else ""

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
    team_actions: tuple[Guidance, ...] = ()


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
    angles: tuple[Angle, ...] = ()
    proof_points: tuple[DatedProof, ...] = ()  # the day's own facts, each with source and date
    to_write: tuple[str, ...] = ()  # what the team must write itself: "Write your core message: ..."
    team_actions: tuple[Guidance, ...] = ()  # to-dos for the team (never in posts)
    posts_not_plain: tuple[tuple[Post, Readability], ...] = ()
    # what the drafted posts lead with while there is no core message: "pillar" (the first pillar's
    # public line) or "placeholder" (CORE_PLACEHOLDER, for the team to replace); "" with a core message
    posts_lead: str = ""
    # where the team's own words (`customised`) came from, for the brief to say
    messages_source: str = "the messages file"

    @property
    def has_messaging(self) -> bool:
        """The day has its own messaging in planner's catalogue (messaging.yaml)."""
        return bool(self.angles or self.proof_points)

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
    disputed, unverified or earliest-possible first year gives no count). A one-off (an event, or
    a decade held once) is never counted."""
    first = _first_held(obs)
    once = obs.kind is Kind.EVENT or obs.rule.kind == "once"
    if occ.anniversary is not None or first is None or once or not obs.first_year_settled:
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
        rule=describe(obs.rule) + exceptions(obs),
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
        calls_to_action=tuple(_guidance(cat, line, day) for line in framing.calls_to_action if not line.team),
        team_actions=tuple(_guidance(cat, line, day) for line in framing.calls_to_action if line.team),
    )


def _shared(a: Sequence[str], b: Sequence[str]) -> int:
    return len(set(a) & set(b))


def choose_pillars(cat: Catalogue, obs: Observance, framing: Framing) -> list[list[Cited]]:
    """The recommendations under each pillar, by the rule in the module docstring."""
    reasons = {link.id: link.reason for link in obs.recommendations}
    day = set(obs.themes)

    def on_topic(rec: Recommendation) -> bool:
        return bool(day & set(rec.themes))

    linked = [
        cat.recommendations[link.id]
        for link in obs.recommendations
        if link.id in cat.recommendations and link.id not in obs.named_in and on_topic(cat.recommendations[link.id])
    ]
    linked_ids = {r.id for r in linked}
    order = {r.id: i for i, r in enumerate(cat.recommendations.values())}
    main = obs.themes[0] if obs.themes else ""  # the day's first theme: what it is mainly about
    related = sorted(
        (r for r in cat.recommendations.values()
         if r.id not in linked_ids and r.id not in obs.named_in and r.id not in reasons and main in r.themes),
        key=lambda r: (-_shared(r.themes, obs.themes), order[r.id]),
    )  # fmt: skip
    candidates = linked + related
    used: set[str] = set()

    def take(rec: Recommendation) -> Cited:
        used.add(rec.id)
        if rec.id in linked_ids:
            return _cited(rec, reasons[rec.id])
        themes = ", ".join(t for t in rec.themes if t in day)
        return _cited(rec, f"Shares the theme {themes} with this day (not linked to it in the catalogue).")

    audience_lead = next((take(r) for r in candidates if framing.id in r.audiences), None)
    groups: list[list[Cited]] = []
    for rec in candidates:
        if len(groups) == PILLARS - (audience_lead is not None):
            break
        if rec.id not in used:
            groups.append([take(rec)])
    if audience_lead is not None:
        groups.append([audience_lead])
    for group in groups:
        lead = cat.recommendations[group[0].id]
        for rec in linked:
            if rec.id not in used and _shared(rec.themes, lead.themes):
                group.append(take(rec))
                break
    return groups


_FIGURE = re.compile(
    r"\b(?:some |about |around |over |more than |nearly |almost |at least )?\d[\d,.]*\s*"
    r"(?:per ?cent|%|countries|states|people|million|billion|members|nations|journalists|defenders)\b",
    re.IGNORECASE,
)


def _month_year(iso: str) -> str:
    """'2023-01' -> 'January 2023' (a report's date); anything else as it is."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", iso)
    return f"{dt.date(int(m[1]), int(m[2]), 1):%B %Y}" if m else iso


def _proof(cat: Catalogue, c: Cited) -> ProofPoint:
    """A recommendation's summary as a proof point; a figure in it gets the report's date."""
    rec = cat.recommendations[c.id]
    report = cat.reports.get(rec.report)
    dated = f"{rec.report}, {_month_year(report.date)}" if report and _FIGURE.search(c.summary) else ""
    return ProofPoint(c.summary, c.citation, dated)


def _pillar(cat: Catalogue, number: int, group: Sequence[Cited], by_theme: bool, policy: bool) -> Pillar:
    lead = cat.recommendations[group[0].id]
    public = lead.message
    return Pillar(
        number=number,
        title=group[0].title if policy or not public else public,
        why=group[0].reason,
        recommendations=tuple(group),
        proof_points=tuple(_proof(cat, c) for c in group),
        message=public if policy else "",
        by_theme=by_theme,
        ask="" if policy or not public else group[0].title,
    )


def _merge_pillar(cat: Catalogue, number: int, base: Pillar | None, draft: PillarDraft) -> Pillar:
    if draft.recommendations:
        recs = tuple(_cited(cat.recommendation(r), "") for r in draft.recommendations)
    else:
        recs = base.recommendations if base else ()
    own = tuple(ProofPoint(p) for p in draft.proof_points)
    report_points = tuple(_proof(cat, c) for c in recs)
    title = draft.title or (base.title if base else f"Pillar {number}")
    why = base.why if base and not draft.recommendations else ""
    if base and draft.title and draft.title != base.title and not draft.recommendations and recs:
        # The team's own pillar inherits the draft's citation: say so, rather than let the old
        # reason vouch for a new message.
        why = (
            f"your title replaced planner's draft pillar “{base.title}”, which cites {base.cite}; check "
            "that this recommendation backs your pillar, or name the one that does"
        )
    return Pillar(
        number=number,
        title=title,
        why=why,
        recommendations=recs,
        proof_points=own + report_points,
        message=draft.message or (base.message if base and not draft.title else ""),
        own_evidence=bool(own),
        by_theme=bool(base and base.by_theme and not draft.recommendations),
        ask=base.ask if base and not draft.title and not draft.recommendations else "",
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _posts(occasion: Occasion, core: str, points: Sequence[str], cta: str, hashtags: Sequence[str],
           *, keep_all: bool) -> dict[str, Post]:  # fmt: skip
    """Posts for every platform from public lines only.

    `core` leads every post after the day's hook. With `keep_all` (the team gave its own core
    message, call to action or hashtags), every draft keeps all three, and a post that cannot fit
    is shown over its limit rather than cut."""
    hook = occasion.hook
    brief_hook = hook.replace(occasion.label, occasion.short)  # "17 May is IDAHOBIT." when the name is long
    tags = " ".join(hashtags)

    def join(*parts: str) -> str:
        return "\n\n".join(p for p in parts if p)

    opening = f"{hook} {core}".strip()
    brief_opening = f"{brief_hook} {core}".strip()
    if keep_all:
        short = [join(opening, cta, tags), join(brief_opening, cta, tags), join(core, cta, tags)]
    else:
        short = [join(opening, cta, tags), join(brief_opening, cta, tags), join(opening, tags), join(core, tags),
                 join(opening), core or hook]  # fmt: skip
    listed = "\n".join(f"- {t}" for t in points)  # angles mix facts and asks: no "things to know" header
    long = [join(opening, listed, cta, tags), *short]
    drafts = {"x": short, "bluesky": short, "mastodon": long, "linkedin": long, "instagram": long}
    out: dict[str, Post] = {}
    for p in PLATFORMS:
        reserve = LINK_ROOM if p.preview is None else 0
        out[p.id] = fit(p, drafts[p.id], reserve=reserve)
    return out


def _unnamed(text: str, names: Sequence[str]) -> str:
    """`text` with the day's own names read as "the day": a proper name is not the writer's choice,
    and its long words would weigh on the score like links and hashtags would."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, "the day")
    return text


def _plain_posts(posts: Sequence[Post], names: Sequence[str]) -> tuple[list[Post], list[tuple[Post, Readability]]]:
    """Each post with a warning when it fails the plain-language check, and the list of those."""
    out: list[Post] = []
    failed: list[tuple[Post, Readability]] = []
    for post in posts:
        score = readability(_unnamed(post.text, names))
        if not score.ok:
            warning = f"{score.summary}: {score.why}" if score.why else score.summary
            post = replace(post, warnings=(*post.warnings, f"not plain English ({warning})"))
            failed.append((post, score))
        out.append(post)
    return out, failed


def _camel_ok(tag: str) -> bool:
    from planner.briefs.plain import is_word

    return not hard_to_hear(tag, is_word)


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


def _dated_checks(
    pillars: Sequence[Pillar], proofs: Sequence[DatedProof], listed: Sequence[CheckItem] = ()
) -> list[CheckItem]:
    """Figures that age: a report's count and the day's proof points marked `ages`. A report's count
    already `listed` as a checked claim of the same recommendation ("Cited in WP3013 §13(iv)": "some
    66 countries ...", with its newer count in the note) is not listed twice."""
    items: list[CheckItem] = []
    seen: set[str] = set()
    for pillar in pillars:
        for pp in pillar.proof_points:
            found = _FIGURE.search(pp.text)
            if found and any(
                c.what == f"Cited in {pp.citation}" and found.group(0).lower() in c.text.lower() for c in listed
            ):
                continue
            if pp.dated and found and pp.text not in seen:
                seen.add(pp.text)
                sentence = next(s for s in re.split(r"(?<=[.!?])\s+", pp.text) if found.group(0) in s)
                items.append(CheckItem("Dated figure", sentence.rstrip("."), f"as of {pp.dated.split(', ', 1)[-1]}",
                                       pp.citation, f"A figure from {pp.dated}; find the latest count and "
                                       "its source before you use it."))  # fmt: skip
    for proof in proofs:
        if proof.ages:
            items.append(CheckItem("Dated figure", proof.text.rstrip("."), f"as of {proof.when}", proof.source.shown,
                                   "Counts change; check for a newer one before you publish."))  # fmt: skip
    return items


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


def public_text(core: str, pillars: Sequence[Pillar], ctas: Sequence[Guidance], posts: Sequence[Post],
                angles: Sequence[str] = ()) -> str:  # fmt: skip
    """The words meant for the public, one sentence per line: what readability and jargon check."""
    parts = [_sentence(core)] if core else []
    for p in pillars:
        if p.public:
            parts.append(_sentence(p.public))
    parts += [_sentence(a) for a in angles]
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
    content: DayMessaging | None = None,
    messages_source: str = "the messages file",
) -> Brief:
    """Assemble the messaging brief for `occurrence` and `audience` (see the module docstring).

    `content` is the day's own messaging (`planner.briefs.content_file.load_messaging`), if it has
    any; without it the brief gives the day's facts and recommendations as material and says what
    the team must write. Raises UnknownId for an audience without framing; `messages` ids must
    exist in the catalogue. `messages_source` says where `messages` came from ("the messages
    file", "your team's messages saved by Amina on 3 May 2027"); the brief names it.
    """
    if audience not in FRAMINGS:
        raise UnknownId("audience", audience, FRAMINGS)
    framing = FRAMINGS[audience]
    cat = catalogue
    obs = occurrence.observance
    if content is not None and content.observance != obs.id:
        content = None
    occasion = _occasion(cat, occurrence)
    aud = _audience(cat, framing, occasion.short)
    groups = choose_pillars(cat, obs, framing)
    linked_ids = {link.id for link in obs.recommendations}
    policy = audience == "policymakers"
    pillars = [_pillar(cat, i + 1, g, g[0].id not in linked_ids, policy) for i, g in enumerate(groups)]
    to_write: list[str] = []
    if content is not None:
        core = content.core_message
        day_cta = content.calls_to_action.get(audience, "")
        ctas: tuple[Guidance, ...] = ((Guidance(day_cta),) if day_cta else ()) + aud.calls_to_action
        points = [a.text for a in content.angles]
    else:
        core = ""
        start = "the day's description and the pillars' public lines below" if pillars else "the day's description"
        to_write.append(
            f"Write your core message: one sentence of at most 30 plain words on what {occasion.short} means "
            f"to {framing.label}, and what you ask them to do. Start from {start}; save it with "
            "“Edit our messages” on the Briefs page, or as core_message in a messages file, to use it in every post."
        )
        to_write.append(
            "Write your proof points: one fact with its source and date, and one story of change, for each "
            + ("pillar. The report points below say what should happen; your proof shows that it works."
               if pillars else "of your pillars.")
        )  # fmt: skip
        ctas = aud.calls_to_action
        day_cta = framing.public_call
        points = [p.public for p in pillars if p.public]
    hashtags = obs.hashtags
    customised: list[str] = []
    msg = messages or Messages()
    if msg.core_message:
        core = msg.core_message
        customised.append("core message")
        to_write = [t for t in to_write if not t.startswith("Write your core message")]
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
        day_cta = msg.calls_to_action[0] if msg.calls_to_action else ""
        customised.append("calls to action")
    if msg.hashtags is not None:
        hashtags = msg.hashtags
        customised.append("hashtags")
    if content is None and not msg.core_message:
        # No core message yet: posts lead with the first pillar's public line, else with a marked place
        # for the team's core message. Never with the catalogue's description: it is written for the
        # team ("A day to ...", "Anniversaries of ..."), and a post built on it reads as a fragment.
        post_core = points[0] if points else CORE_PLACEHOLDER
        posts_lead = "pillar" if points else "placeholder"
        post_points = points[1:]
    else:
        post_core = core
        posts_lead = ""
        post_points = points if content is not None or not msg.pillars else [p.public for p in pillars if p.public]
    keep_all = bool(msg.core_message or msg.calls_to_action is not None or msg.hashtags is not None)
    generated = _posts(occasion, post_core, post_points, day_cta, hashtags, keep_all=keep_all)
    by_id: dict[str, Platform] = {p.id: p for p in PLATFORMS}
    for platform_id, text in sorted(msg.posts.items(), key=lambda kv: list(by_id).index(kv[0])):
        generated[platform_id] = check(by_id[platform_id], text, from_team=True)
        customised.append(f"{by_id[platform_id].name} post")
    names = (occasion.label, occasion.name, occasion.short, with_article(obs.name))
    posts_list, not_plain = _plain_posts([generated[p.id] for p in PLATFORMS], names)
    posts = tuple(posts_list)
    day_proofs = content.proof_points if content is not None else ()
    checks = _checks(obs, pillars, cat)
    angle_lines = [a.text for a in content.angles] if content is not None else []
    text = public_text(core, pillars, ctas, posts, angle_lines)
    parts = tuple(
        [("core message", core)] * bool(core)
        + [(f"pillar {p.number}", p.public) for p in pillars if p.public]
        + [(f"angle {i}", t) for i, t in enumerate(angle_lines, start=1)]
        + [(f"call to action {i}", c.text) for i, c in enumerate(ctas, start=1)]
        + [(f"{p.platform.name} post", p.text) for p in posts]
    )
    score = readability(_unnamed(text, names), tuple((label, _unnamed(t, names)) for label, t in parts))
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
        check=(*checks, *_dated_checks(pillars, day_proofs, checks)),
        cited=cited,
        reports=tuple(cat.reports[c] for c in report_codes if c in cat.reports),
        customised=tuple(customised),
        campaign=campaign,
        angles=content.angles if content is not None else (),
        proof_points=day_proofs,
        to_write=tuple(to_write),
        team_actions=aud.team_actions,
        posts_not_plain=tuple(not_plain),
        posts_lead=posts_lead,
        messages_source=messages_source,
    )


CORE_PLACEHOLDER = "[Your core message here, in at most 30 plain words.]"
"""Where a drafted post holds a place for the team's core message when planner has none to offer."""
