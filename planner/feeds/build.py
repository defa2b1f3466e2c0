"""What goes into a calendar feed: items with stable UIDs, plain-text descriptions, a window.

Pure core: occurrences and campaign phases in, `Feed` values out. Serialising a feed to
RFC 5545 bytes is the `ical` adapter's job. The rules followed here are numbered as in
`feed-rules.md` (rule 1: UIDs from what an item is; rule 4: stamps from data; ...).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

from planner.campaigns.model import Campaign, Constraint, Phase, PhaseStatus
from planner.campaigns.schedule import CANCELLED_GRACE
from planner.catalogue.model import Catalogue, Kind, Observance, Occurrence, Source
from planner.catalogue.occurrences import between
from planner.catalogue.rules import describe, exceptions
from planner.errors import OutOfRange, PlannerError, UsageProblem
from planner.words import day_month_year, weekday_date

UTC = dt.UTC

DEFAULT_DOMAIN = "planner.invalid"
"""The right-hand side of every UID. Set it once to a domain you control (`--uid-domain`,
env PLANNER_UID_DOMAIN) and never change it again: a new domain makes every event new."""

CATALOGUE_EPOCH = dt.datetime(2026, 1, 1, tzinfo=UTC)
"""DTSTAMP and LAST-MODIFIED of catalogue entries whose file gives no `updated:` date, and the
earliest stamp any entry gets."""

PUBLIC_REFRESH = dt.timedelta(days=1)
TEAM_REFRESH = dt.timedelta(hours=2)
SIZE_LIMIT = 1_000_000
"""Feeds above this many bytes are too big for some clients (rule 12)."""

MONTHS_BACK = 12
MONTHS_AHEAD = 24
LONG_OCCURRENCE = dt.timedelta(days=31)
"""Occurrences longer than this (a UN decade: ten years) go only into feeds that ask for their
kind (`--kind period`, `?kind=period`): written as one all-day event, as rule 3 wants, they
would sit on every day of a subscriber's calendar for years and crowd out the days to act on."""
# CANCELLED_GRACE (14 days, from planner.campaigns.schedule): how long a cancelled phase (skipped, or of a
# deleted campaign) stays in the team feed as STATUS:CANCELLED (rule 6).
DELETED_LOOKBACK = CANCELLED_GRACE + dt.timedelta(days=31)
"""How far back the team feed looks for deleted campaigns: their phases stay `CANCELLED_GRACE`,
and the day they left still counts for the feed's `updated` until the rolling window (which
moves monthly) has passed it, so Last-Modified never goes backwards."""

_DOMAIN = re.compile(
    r"^(?=.{1,200}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)
_UID_PART = re.compile(r"[^a-z0-9]+")


class ItemStatus(StrEnum):
    """An event's iCalendar STATUS: CONFIRMED, TENTATIVE or CANCELLED."""

    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


class Include(StrEnum):
    """What a feed may contain."""

    OBSERVANCES = "observances"
    ANNIVERSARIES = "anniversaries"
    CAMPAIGNS = "campaigns"


PUBLIC_INCLUDE = (Include.OBSERVANCES, Include.ANNIVERSARIES)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One event of a feed, ready to serialise.

    All-day items have `datetime.date` start and an exclusive end (the day after the last day);
    timed items have aware datetimes (a zoneinfo zone or UTC). `stamp` is when the data last
    changed (UTC); it becomes DTSTAMP and LAST-MODIFIED, so unchanged data renders identically.
    """

    uid: str
    summary: str
    start: dt.date
    end: dt.date
    stamp: dt.datetime
    description: str = ""
    sequence: int = 0
    status: ItemStatus = ItemStatus.CONFIRMED
    categories: tuple[str, ...] = ()
    url: str | None = None
    location: str = ""

    def __post_init__(self) -> None:
        timed = isinstance(self.start, dt.datetime)
        if timed != isinstance(self.end, dt.datetime):
            raise ValueError(f"{self.uid}: start and end must both be dates or both be datetimes")
        if timed:
            assert isinstance(self.start, dt.datetime) and isinstance(self.end, dt.datetime)
            if self.start.tzinfo is None or self.end.tzinfo is None:
                raise ValueError(f"{self.uid}: timed items need a time zone (floating times break clients)")
        if not self.end > self.start:
            raise ValueError(f"{self.uid}: end {self.end} must be after start {self.start} (the end is exclusive)")
        if self.stamp.tzinfo is None or self.stamp.utcoffset() != dt.timedelta(0):
            raise ValueError(f"{self.uid}: stamp must be in UTC")
        if self.sequence < 0:
            raise ValueError(f"{self.uid}: sequence must not be negative")

    @property
    def all_day(self) -> bool:
        """Whether the item is all-day (dates) rather than timed (an embargo lifting at a time)."""
        return not isinstance(self.start, dt.datetime)

    @property
    def first_day(self) -> dt.date:
        """The local date the item starts on."""
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    def sort_key(self) -> tuple[dt.date, str]:
        """Sorts by first day, then UID."""
        return (self.first_day, self.uid)


@dataclass(frozen=True, slots=True)
class Feed:
    """A whole calendar: its name, description, refresh hint and items in order.

    `updated` is when the feed's content last changed, from data (never the clock): the newest
    item stamp, or the start of the window's month for a rolling window. It feeds HTTP
    Last-Modified.
    """

    name: str
    description: str
    refresh: dt.timedelta
    items: tuple[FeedItem, ...]
    updated: dt.datetime
    alarm: dt.timedelta | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)


# -- identities -----------------------------------------------------------------------------


def check_domain(domain: str) -> str:
    """The UID domain, checked: letters, digits, hyphens and dots."""
    if not _DOMAIN.match(domain):
        raise UsageProblem(f"invalid UID domain '{domain}': use a domain name such as calendar.example.org")
    return domain.lower()


def uid_part(value: object) -> str:
    """A lower-case kebab form of an id, safe inside a UID."""
    return _UID_PART.sub("-", str(value).lower()).strip("-") or "x"


def observance_uid(observance_id: str, year: int, domain: str = DEFAULT_DOMAIN) -> str:
    """`world-press-freedom-day-2027@planner.invalid`: what the item is, never when it was made."""
    return f"{uid_part(observance_id)}-{year:04d}@{domain}"


def phase_uid(campaign_id: object, phase_key: str, year: int, domain: str = DEFAULT_DOMAIN) -> str:
    """`hrd-2027-brief-due-2027@planner.invalid` for a campaign's phase."""
    return f"{uid_part(campaign_id)}-{uid_part(phase_key)}-{year:04d}@{domain}"


def check_unique(items: Iterable[FeedItem]) -> None:
    """Two items with one UID make clients drop one of them (rule 2): refuse to build such a feed."""
    seen: set[str] = set()
    duplicates: list[str] = []
    for item in items:
        if item.uid in seen:
            duplicates.append(item.uid)
        seen.add(item.uid)
    if duplicates:
        raise PlannerError(f"duplicate UIDs in the feed: {', '.join(sorted(set(duplicates)))}; ids must be unique")


# -- windows ------------------------------------------------------------------------------


def rolling_window(today: dt.date, back: int = MONTHS_BACK, ahead: int = MONTHS_AHEAD) -> tuple[dt.date, dt.date]:
    """From the first day of the month `back` months ago to the last day of the month `ahead`
    months on. Snapping to months keeps the feed unchanged for a whole month. Raises
    `OutOfRange` when the window would leave the years 1 to 9999."""
    first = today.replace(day=1)
    months = first.year * 12 + first.month - 1
    if not (months - back >= 12 and months + ahead + 1 < (dt.MAXYEAR + 1) * 12):
        raise OutOfRange()
    start = first - relativedelta(months=back)
    end = first + relativedelta(months=ahead + 1) - dt.timedelta(days=1)
    return start, end


def window_moved(today: dt.date) -> dt.datetime:
    """When the rolling window last moved: midnight UTC on the first day of this month."""
    return dt.datetime(today.year, today.month, 1, tzinfo=UTC)


_LEAD = re.compile(r"^\s*(\d{1,4})\s*(w|d|h|m)\s*$", re.IGNORECASE)


def parse_lead_time(text: str) -> dt.timedelta:
    """`7d`, `2w`, `12h`, `30m` as a timedelta; for opt-in alarms."""
    m = _LEAD.match(text)
    if not m or int(m[1]) == 0:
        raise UsageProblem(f"invalid lead time '{text}': use a number and a unit, e.g. 7d, 2w, 12h or 30m")
    unit = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}[m[2].lower()]
    return dt.timedelta(**{unit: int(m[1])})


def parse_include(values: Iterable[str]) -> tuple[Include, ...]:
    """`observances,anniversaries` (comma-separated, repeatable) as a tuple of Include."""
    found: list[Include] = []
    names = [i.value for i in Include]
    for value in values:
        for part in value.split(","):
            word = part.strip().lower()
            if not word:
                continue
            if word not in names:
                raise UsageProblem(f"unknown --include value '{part.strip()}': use one or more of {', '.join(names)}")
            if Include(word) not in found:
                found.append(Include(word))
    if not found:
        raise UsageProblem(f"--include needs at least one of {', '.join(names)}")
    return tuple(found)


# -- observances ---------------------------------------------------------------------------


def observance_stamp(observance: Observance) -> dt.datetime:
    """When an observance last changed, as a UTC time: its catalogue file's `updated:` date
    (midnight UTC), else a fixed epoch. Deterministic, and never the clock."""
    if observance.updated is None:
        return CATALOGUE_EPOCH
    return max(CATALOGUE_EPOCH, dt.datetime.combine(observance.updated, dt.time(), tzinfo=UTC))


def catalogue_stamp(catalogue: Catalogue) -> dt.datetime:
    """When the catalogue last changed: the newest of its observances' stamps."""
    return max((observance_stamp(o) for o in catalogue.observances.values()), default=CATALOGUE_EPOCH)


def _source_line(source: Source) -> str:
    where = source.url or source.document or ""
    return f"- {source.label}: {where}" if where else f"- {source.label}"


def occurrence_description(occ: Occurrence, catalogue: Catalogue) -> str:
    """Plain text: what the day is, the anniversary number, linked recommendations cited, sources."""
    obs = occ.observance
    parts: list[str] = []
    if obs.description:
        parts.append(obs.description)
    if occ.anniversary is not None:
        a = occ.anniversary
        parts.append(f"{a.ordinal} anniversary" + (" (a milestone year)." if a.milestone else "."))
    facts = [f"When: {describe(obs.rule)}{exceptions(obs)}."]
    proclaimed = f"Proclaimed by: {obs.proclaimed_by}"
    if obs.instrument is not None:
        proclaimed += f", {obs.instrument.symbol}"
        if obs.instrument.adopted is not None:
            proclaimed += f" (adopted {day_month_year(obs.instrument.adopted)})"
    facts.append(proclaimed + ".")
    facts.append(f"Themes: {', '.join(obs.themes)}.")
    if obs.hashtags:
        facts.append(f"Hashtags: {' '.join(obs.hashtags)}")
    parts.append("\n".join(facts))
    if obs.recommendations:
        lines = ["Linked recommendations:"]
        for link in obs.recommendations:
            rec = catalogue.recommendations.get(link.id)
            if rec is None:
                lines.append(f"- {link.id}: {link.reason}")
            else:
                lines.append(f"- {rec.citation or rec.id}, {rec.title}: {link.reason}")
        parts.append("\n".join(lines))
    parts.append("\n".join(["Sources:", *(_source_line(s) for s in obs.sources)]))
    if obs.doubts:
        parts.append("\n".join(["Check before relying on it:", *(f"- {d}" for d in obs.doubts)]))
    parts.append(f"planner id: {obs.id} (details: planner show {obs.id})")
    return "\n\n".join(parts)


def occurrence_item(occ: Occurrence, catalogue: Catalogue, *, domain: str, stamp: dt.datetime) -> FeedItem:
    """An all-day item spanning the occurrence, DTEND exclusive (rule 3)."""
    obs = occ.observance
    url = next((s.url for s in obs.sources if s.url), None)
    return FeedItem(
        uid=observance_uid(obs.id, occ.year, domain),
        summary=occ.title,  # the anniversary number, never a computed date (rule 18)
        start=occ.start,
        end=occ.end + dt.timedelta(days=1),
        stamp=stamp,
        description=occurrence_description(occ, catalogue),
        categories=(obs.kind.value, *obs.themes),
        url=url,
    )


def _kinds_for(include: Sequence[Include], kinds: Sequence[Kind | str]) -> list[Kind]:
    allowed: list[Kind] = []
    if Include.OBSERVANCES in include:
        allowed += [k for k in Kind if k is not Kind.ANNIVERSARY]
    if Include.ANNIVERSARIES in include:
        allowed.append(Kind.ANNIVERSARY)
    if kinds:
        wanted = {Kind(k) for k in kinds}
        allowed = [k for k in allowed if k in wanted]
    return allowed


def observance_items(
    catalogue: Catalogue,
    start: dt.date,
    end: dt.date,
    *,
    themes: Sequence[str] = (),
    kinds: Sequence[Kind | str] = (),
    include: Sequence[Include] = PUBLIC_INCLUDE,
    domain: str = DEFAULT_DOMAIN,
    stamp: dt.datetime | None = None,
) -> list[FeedItem]:
    """Items for every occurrence overlapping `start`..`end`; anniversaries in milestone years."""
    allowed = _kinds_for(include, kinds)
    if not allowed:
        return []
    found = between(catalogue.observances.values(), start, end, themes=themes, kinds=allowed)
    return [
        occurrence_item(o, catalogue, domain=domain, stamp=stamp or observance_stamp(o.observance))
        for o in found
        if listed(o, kinds)
    ]


def listed(occ: Occurrence, kinds: Sequence[Kind | str] = ()) -> bool:
    """Whether an occurrence belongs in a feed: one longer than `LONG_OCCURRENCE` only when the
    feed asks for its kind by name."""
    if occ.end - occ.start < LONG_OCCURRENCE:  # start and end inclusive: up to 31 days
        return True
    return occ.observance.kind in {Kind(k) for k in kinds}


def feed_name(
    themes: Sequence[str] = (), kinds: Sequence[str] = (), *, team: bool = False, observances: bool = False
) -> str:
    """The calendar's name; `team` for campaign phases, with `observances` for both."""
    if team:
        base = "Human rights observances and campaigns (team)" if observances else "Human rights campaigns (team)"
    else:
        base = "Human rights observances"
    qualifiers = [*themes, *kinds]
    return f"{base}: {', '.join(qualifiers)}" if qualifiers else base


def feed_description(
    catalogue: Catalogue | None,
    themes: Sequence[str] = (),
    *,
    rolling: bool,
    team: bool = False,
    observances: bool = False,
) -> str:
    """The feed's description (X-WR-CALDESC): what it holds, its themes, and the rolling window when there
    is one.
    """
    public = (
        "International days, weeks and milestone anniversaries for human-rights campaign planning, "
        "with sources and linked recommendations."
    )
    phases = "Campaign phases planned with planner: briefs, drafts, embargoes and sends. Private to the team."
    text = (f"{public} {phases}" if observances else phases) if team else public
    if themes and catalogue is not None:
        text += " Themes: " + "; ".join(f"{t} ({catalogue.themes.get(t, t)})" for t in themes) + "."
    if rolling:
        text += f" Covers {MONTHS_BACK} months back and {MONTHS_AHEAD} months ahead."
    return text + " Made with planner."


def build_feed(
    items: Iterable[FeedItem],
    *,
    name: str,
    description: str,
    refresh: dt.timedelta,
    updated: dt.datetime | None = None,
    alarm: dt.timedelta | None = None,
    notes: Sequence[str] = (),
) -> Feed:
    """Sort the items, check UIDs are unique and work out `updated`."""
    ordered = tuple(sorted(items, key=FeedItem.sort_key))
    check_unique(ordered)
    newest = max((i.stamp for i in ordered), default=CATALOGUE_EPOCH)
    changed = max(newest, updated) if updated is not None else newest
    return Feed(
        name=name,
        description=description,
        refresh=refresh,
        items=ordered,
        updated=changed,
        alarm=alarm,
        notes=tuple(notes),
    )


def observance_feed(
    catalogue: Catalogue,
    start: dt.date,
    end: dt.date,
    *,
    themes: Sequence[str] = (),
    kinds: Sequence[str] = (),
    include: Sequence[Include] = PUBLIC_INCLUDE,
    domain: str = DEFAULT_DOMAIN,
    rolling_since: dt.datetime | None = None,
    alarm: dt.timedelta | None = None,
    extra: Iterable[FeedItem] = (),
    name: str | None = None,
) -> Feed:
    """The public feed (plus `extra` items, e.g. campaign phases for a team's own file).

    `rolling_since` is when a rolling window last moved (see `window_moved`); None for a fixed
    window. With `Include.CAMPAIGNS` the feed is named, described and refreshed as a team feed:
    phases are private and change more often than the catalogue (rules 8 and 9).
    """
    for theme in themes:
        catalogue.check_theme(theme)
    items = observance_items(catalogue, start, end, themes=themes, kinds=kinds, include=include, domain=domain)
    items.extend(extra)
    stamp = catalogue_stamp(catalogue)
    updated = max(stamp, rolling_since) if rolling_since is not None else stamp
    team = Include.CAMPAIGNS in include
    both = team and any(i is not Include.CAMPAIGNS for i in include)
    rolling = rolling_since is not None
    return build_feed(
        items,
        name=name or feed_name(themes, kinds, team=team, observances=both),
        description=feed_description(catalogue, themes, rolling=rolling, team=team, observances=both),
        refresh=TEAM_REFRESH if team else PUBLIC_REFRESH,
        updated=updated,
        alarm=alarm,
    )


def theme_counts(catalogue: Catalogue, start: dt.date, end: dt.date) -> Mapping[str, int]:
    """How many occurrences each theme has in the window (for one feed per theme)."""
    counts = dict.fromkeys(catalogue.themes, 0)
    for occ in between(catalogue.observances.values(), start, end):
        if not listed(occ):
            continue
        for theme in occ.observance.themes:
            counts[theme] = counts.get(theme, 0) + 1
    return counts


# -- campaign phases (the team feed) ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmbargoTime:
    """When an embargoed (`not-before`) phase lifts on its day, e.g. 09:00 in Geneva."""

    at: dt.time
    zone: ZoneInfo
    minutes: int = 30

    def __str__(self) -> str:
        return f"{self.at:%H:%M} {self.zone.key}"


_EMBARGO = re.compile(r"^\s*(\d{1,2}):(\d{2})\s+(\S+)\s*$")
_ZONE_HINTS = {
    "Europe/Geneva": "Europe/Zurich",
    "Europe/Bern": "Europe/Zurich",
    "America/Washington": "America/New_York",
}


def parse_embargo_time(text: str) -> EmbargoTime:
    """`09:00 Europe/Zurich`: a local time and an IANA time zone."""
    m = _EMBARGO.match(text)
    if not m or not (0 <= int(m[1]) <= 23 and 0 <= int(m[2]) <= 59):
        raise UsageProblem(
            f"invalid embargo time '{text}': use HH:MM and an IANA time zone, e.g. '09:00 Europe/Zurich'"
        )
    key = m[3]
    try:
        zone = ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        hint = f"; {key.split('/')[-1]} uses {_ZONE_HINTS[key]}" if key in _ZONE_HINTS else ""
        raise UsageProblem(f"unknown time zone '{key}'{hint}: use an IANA name such as Europe/Zurich") from None
    return EmbargoTime(dt.time(int(m[1]), int(m[2])), zone)


def embargo_instant(day: dt.date, embargo: EmbargoTime) -> tuple[dt.datetime, str | None]:
    """When an embargo lifts on `day`, and a note when the local time needed care.

    A local time in a daylight-saving gap (00:00 in Santiago on 5 Sep 2027, when clocks jump to
    01:00) does not exist: the embargo lifts at the first valid time after the gap, and the note
    says so. A local time that happens twice (clocks going back) takes the first, earlier
    instant, and the note gives it in UTC."""
    naive = dt.datetime.combine(day, embargo.at)
    first = naive.replace(tzinfo=embargo.zone, fold=0)
    second = naive.replace(tzinfo=embargo.zone, fold=1)
    t0, t1 = first.astimezone(UTC), second.astimezone(UTC)
    if t0 == t1:
        return first, None
    zone = embargo.zone.key
    if t0.astimezone(embargo.zone).replace(tzinfo=None) != naive:  # a gap: neither reading exists
        valid = max(t0, t1).astimezone(embargo.zone)
        return valid, (
            f"{embargo.at:%H:%M} does not exist in {zone} on {weekday_date(day)} (clocks go forward); "
            f"the embargo lifts at {valid:%H:%M}, the nearest valid time"
        )
    earlier = min(t0, t1)
    local = earlier.astimezone(embargo.zone)
    return local, (
        f"{embargo.at:%H:%M} happens twice in {zone} on {weekday_date(day)} (clocks go back); "
        f"the embargo lifts at the first one, {local:%H:%M} {local.tzname()} ({earlier:%H:%M} UTC)"
    )


def embargo_notes(
    campaigns: Iterable[Campaign], start: dt.date, end: dt.date, embargo: EmbargoTime | None
) -> list[str]:
    """A warning for each embargoed phase in start..end whose lift time needed care (see
    `embargo_instant`), naming the phase."""
    if embargo is None:
        return []
    notes: list[str] = []
    for campaign in campaigns:
        for phase in campaign.phases:
            if phase.constraint is not Constraint.NOT_BEFORE or phase.duration_days > 1:
                continue
            if phase.date < start or phase.date > end:
                continue
            _, note = embargo_instant(phase.date, embargo)
            if note:
                notes.append(f"{campaign.id} {phase.key}: {note}")
    return notes


def _campaign_label(campaign: Campaign) -> str:
    """The campaign's name without a trailing year, which could disagree with a phase's date (rule 18)."""
    name = campaign.name.strip()
    for suffix in (f" ({campaign.year})", f" {campaign.year}"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)].strip()
    return name


def _anchor_day(campaign: Campaign, phase: Phase) -> dt.date:
    return campaign.starts if phase.anchor.value == "start" else campaign.ends


def real_offset(campaign: Campaign, phase: Phase) -> str:
    """The offset of the day the phase really sits on: the template's (`T-1y-56d`) when the
    phase is on its nominal day, else the days from the anchor day (`T+32d`), e.g. after a
    weekend shift or a date set by hand. Rule 18: a SUMMARY never disagrees with DTSTART."""
    anchor = _anchor_day(campaign, phase)
    if phase.offset.apply(anchor) == phase.date:
        return str(phase.offset)
    days = (phase.date - anchor).days
    return "T0" if days == 0 else f"T{days:+d}d"


def phase_summary(campaign: Campaign, phase: Phase) -> str:
    """`T-14d: Brief due — Human Rights Day`; the offset is the one of the day the phase is on."""
    step = phase.name if phase.is_manual else f"{real_offset(campaign, phase)}: {phase.name}"
    if phase.big_send:
        step += " (big send)"
    return f"{step} — {_campaign_label(campaign)}"


def _step_in(campaign: Campaign | None, key: str) -> Phase | None:
    """The phase `key` of `campaign`, if both exist."""
    if campaign is None:
        return None
    return next((p for p in campaign.phases if p.key == key), None)


def phase_description(
    campaign: Campaign, phase: Phase, *, leaves: dt.date | None = None, moved: Campaign | None = None
) -> str:
    """Plain text: campaign, step, status, owner, embargo, note, and where to see more; for a
    phase of a deleted campaign, why it is cancelled (deleted, or moved to another year: then
    the step's new date when `moved`, the campaign it moved to, has it)."""
    lines = [f"Campaign: {campaign.name} ({campaign.id})", f"Day (T0): {weekday_date(campaign.day)}"]
    when = f"Step: {phase.name}, {phase.offset} from the day"
    if phase.is_manual:
        # the item's own day first: a reader must not take the template's offset for its date
        when = (
            f"Step: {phase.name}, {real_offset(campaign, phase)} from the day (date set by hand; "
            f"the plan had {phase.offset}, {weekday_date(phase.scheduled)})"
        )
    elif real_offset(campaign, phase) != str(phase.offset):
        when += f", moved to {real_offset(campaign, phase)} to fall on a working day"
    lines.append(when + ".")
    facts = [f"Status: {phase.status.value}"]
    if phase.owner:
        facts.append(f"owner: {phase.owner}")
    if phase.big_send:
        facts.append("a big send")
    lines.append(", ".join(facts) + ".")
    if phase.constraint is Constraint.NOT_BEFORE:
        lines.append("Embargo: not before this day.")
    elif phase.constraint is Constraint.ON_DAY:
        lines.append("Stays on this day.")
    if phase.note:
        lines.append(f"Note: {phase.note}")
    if leaves is not None and campaign.deleted_at is not None and phase.status is not PhaseStatus.SKIPPED:
        gone = campaign.deleted_at.astimezone(UTC).date()
        if campaign.moved_to:
            now_on = _step_in(moved, phase.key)
            lines.append(
                f"Cancelled: the campaign moved to {campaign.moved_to} on {weekday_date(gone)}; "
                + (
                    f"this step is now on {weekday_date(now_on.date)} ({real_offset(moved, now_on)}) in that campaign."
                    if moved is not None and now_on is not None
                    else "this step is now in that campaign, under its new date."
                )
            )
            lines.append(f"This old date leaves this calendar on {weekday_date(leaves)}.")
            lines.append(f"Details: planner campaign show {campaign.moved_to}")
        else:
            lines.append(f"Cancelled: the campaign was deleted on {weekday_date(gone)}.")
            lines.append(f"It leaves this calendar on {weekday_date(leaves)}.")
    elif leaves is not None:
        lines.append(f"Cancelled (skipped). It leaves this calendar on {weekday_date(leaves)}.")
    if campaign.deleted_at is None:
        lines.append(f"Details: planner campaign show {campaign.id}")
    return "\n".join(lines)


def _stamp_of(campaign: Campaign, phase: Phase) -> dt.datetime:
    stamp = phase.updated_at or campaign.updated_at
    return stamp.astimezone(UTC) if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _leaves(stamp: dt.datetime, grace: dt.timedelta) -> dt.date:
    """The first day a skipped phase is no longer in the feed."""
    return (stamp + grace).date()


def cancelled_until(campaign: Campaign, phase: Phase, grace: dt.timedelta = CANCELLED_GRACE) -> dt.date | None:
    """The first day a cancelled phase is no longer in the team feed; None for a phase that is
    not cancelled. A skipped phase leaves `grace` after it was skipped, every other phase of a
    deleted campaign `grace` after the deletion."""
    if phase.status is PhaseStatus.SKIPPED:
        return _leaves(_stamp_of(campaign, phase), grace)
    if campaign.deleted_at is not None:
        return _leaves(campaign.deleted_at.astimezone(UTC), grace)
    return None


def deleted_lookback(today: dt.date) -> dt.datetime:
    """Since when the team feed needs deleted campaigns (`DELETED_LOOKBACK` before `today`)."""
    return dt.datetime(today.year, today.month, today.day, tzinfo=UTC) - DELETED_LOOKBACK


def phase_item(
    campaign: Campaign,
    phase: Phase,
    *,
    domain: str = DEFAULT_DOMAIN,
    embargo: EmbargoTime | None = None,
    leaves: dt.date | None = None,
    moved: Campaign | None = None,
) -> FeedItem:
    """One phase: all-day (its days, DTEND exclusive), or timed when an embargo time is set.
    `moved` is the campaign a deleted one moved to, when known: its description names the
    step's new date."""
    start: dt.date = phase.date
    end: dt.date = phase.end + dt.timedelta(days=1)
    description = phase_description(campaign, phase, leaves=leaves, moved=moved)
    if embargo is not None and phase.constraint is Constraint.NOT_BEFORE and phase.duration_days <= 1:
        lifts, note = embargo_instant(phase.date, embargo)
        start = lifts
        end = (lifts.astimezone(UTC) + dt.timedelta(minutes=embargo.minutes)).astimezone(embargo.zone)
        if note:
            description += f"\nEmbargo time: {note}."
    return FeedItem(
        uid=phase_uid(campaign.id, phase.key, campaign.year, domain),
        summary=phase_summary(campaign, phase),
        start=start,
        end=end,
        stamp=_stamp_of(campaign, phase),
        description=description,
        sequence=phase.sequence,
        status=ItemStatus.CANCELLED if leaves is not None else ItemStatus.CONFIRMED,
        categories=("campaign", "big-send") if phase.big_send else ("campaign",),
    )


def phase_items(
    campaigns: Iterable[Campaign],
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date,
    domain: str = DEFAULT_DOMAIN,
    grace: dt.timedelta = CANCELLED_GRACE,
    embargo: EmbargoTime | None = None,
) -> list[FeedItem]:
    """Items for the phases within start..end. A skipped phase stays as STATUS:CANCELLED for
    `grace` after it was skipped, then leaves the feed (rule 6); so do the phases of a deleted
    campaign (`Campaign.deleted_at`), counted from the deletion."""
    items: list[FeedItem] = []
    chosen = list(campaigns)
    live = {c.id: c for c in chosen if c.deleted_at is None}
    for campaign in chosen:
        moved = live.get(campaign.moved_to) if campaign.moved_to else None
        for phase in campaign.phases:
            if phase.end < start or phase.date > end:
                continue
            leaves = cancelled_until(campaign, phase, grace)
            if leaves is not None and today >= leaves:
                continue
            items.append(phase_item(campaign, phase, domain=domain, embargo=embargo, leaves=leaves, moved=moved))
    return items


def team_feed(
    campaigns: Sequence[Campaign],
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date,
    domain: str = DEFAULT_DOMAIN,
    label: str = "",
    alarm: dt.timedelta | None = None,
    grace: dt.timedelta = CANCELLED_GRACE,
    embargo: EmbargoTime | None = None,
    rolling_since: dt.datetime | None = None,
) -> Feed:
    """The private feed of campaign phases.

    `campaigns` may include deleted ones (tombstones, e.g. from `Store.deleted_since(
    deleted_lookback(today))`): their phases show as cancelled for `grace`, then go.
    `updated` is the newest change the data records: a campaign or phase edit, a deletion, a
    cancelled phase leaving after its grace period, or the rolling window moving.
    """
    items = phase_items(campaigns, start, end, today=today, domain=domain, grace=grace, embargo=embargo)
    changes = [c.updated_at.astimezone(UTC) for c in campaigns]
    for campaign in campaigns:
        for phase in campaign.phases:
            left = cancelled_until(campaign, phase, grace)
            if left is not None and left <= today:
                changes.append(dt.datetime(left.year, left.month, left.day, tzinfo=UTC))
    if rolling_since is not None:
        changes.append(rolling_since)
    return build_feed(
        items,
        name=feed_name(team=True) + (f": {label}" if label else ""),
        description=feed_description(None, rolling=rolling_since is not None, team=True),
        refresh=TEAM_REFRESH,
        updated=max(changes, default=None),
        alarm=alarm,
    )
