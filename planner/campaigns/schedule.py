"""Campaign timelines: phases scheduled back (and forward) from an occurrence, and the team's load.

Pure core: plain data and date arithmetic. No file, database or clock is read here; the working
days come in as a `WorkCalendar` and every timestamp as a `now` argument.

The working-day rule, applied to each phase's scheduled date (never to a date set by hand):

- a phase *before* its anchor day (preparation: research, approvals, assets...) that falls on a
  weekend or public holiday moves back to the previous working day, so the work is done in time;
- a phase *on* its anchor day (offset 0: the launch, the closing day) stays on the day;
- a phase *after* its anchor day (follow-up, evaluation) moves forward to the next working day:
  it reacts to the day, so it cannot usefully happen earlier;
- a phase with the constraint `on-day` or `not-before` is never moved. `not-before` is also an
  embargo: a date set by hand may not be earlier than the scheduled day ("post 3 May material on
  3 May and not before").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from enum import StrEnum

from dateutil.relativedelta import relativedelta

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
from planner.campaigns.workdays import WEEKENDS_ONLY, WorkCalendar
from planner.catalogue.model import AnniversaryRule, Observance, Occurrence, OnceRule
from planner.catalogue.occurrences import occurrences_of
from planner.errors import OutOfRange, UsageProblem
from planner.words import short_date

_ROLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def anchor_day(anchor: Anchor, starts: dt.date, ends: dt.date) -> dt.date:
    """The day phases are counted from: the occurrence's first day (`Anchor.START`) or last day
    (`Anchor.END`).
    """
    return starts if anchor is Anchor.START else ends


def nominal_date(phase: Phase | PhaseTemplate, anchor: Anchor, starts: dt.date, ends: dt.date) -> dt.date:
    """The phase's date before the working-day rule: its anchor day plus its offset."""
    own = phase.anchor if phase.anchor is not None else anchor
    return phase.offset.apply(anchor_day(own, starts, ends))


def working_date(
    nominal: dt.date,
    anchored_on: dt.date,
    constraint: Constraint | None,
    calendar: WorkCalendar,
) -> dt.date:
    """Apply the working-day rule (see the module docstring) to a nominal date."""
    if constraint is not None or nominal == anchored_on:
        return nominal
    if nominal < anchored_on:
        return calendar.previous_working_day(nominal)
    return calendar.next_working_day(nominal)


def _scheduled(
    offset: Offset,
    own_anchor: Anchor,
    constraint: Constraint | None,
    starts: dt.date,
    ends: dt.date,
    calendar: WorkCalendar,
) -> dt.date:
    anchored_on = anchor_day(own_anchor, starts, ends)
    return working_date(offset.apply(anchored_on), anchored_on, constraint, calendar)


def schedule(
    template: CampaignTemplate,
    occurrence: Occurrence,
    *,
    calendar: WorkCalendar = WEEKENDS_ONLY,
    now: dt.datetime | None = None,
) -> tuple[Phase, ...]:
    """The template's phases dated for one occurrence, with the working-day rule applied."""
    phases = []
    for pt in template.phases:
        own = pt.anchor if pt.anchor is not None else template.anchor
        phases.append(
            Phase(
                key=pt.key,
                name=pt.name,
                offset=pt.offset,
                anchor=own,
                scheduled=_scheduled(pt.offset, own, pt.constraint, occurrence.start, occurrence.end, calendar),
                duration_days=occurrence.days if pt.through_period else pt.duration_days,
                through_period=pt.through_period,
                # A template names a role ('writer'), which `roster.staff` gives to a person; an
                # older team template may name a person ('Ana Silva') instead: that is the owner.
                role=pt.owner if _ROLE.match(pt.owner) else "",
                owner="" if _ROLE.match(pt.owner) else pt.owner,
                big_send=pt.big_send,
                constraint=pt.constraint,
                updated_at=now,
            )
        )
    return tuple(phases)


def occurrence_for(observance: Observance, year: int) -> Occurrence:
    """The occurrence that starts in `year`; a year without one says why, and which years work.

    Raises `UsageProblem` for a year without one, `OutOfRange` for a year outside 1 to 9999.
    """
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OutOfRange(f"year {year} is out of range: planner handles the years 1 to 9999")
    found = [o for o in occurrences_of(observance, dt.date(year, 1, 1), dt.date(year, 12, 31)) if o.start.year == year]
    if found:
        return found[0]
    rule = observance.rule
    oid = observance.id
    if isinstance(rule, OnceRule):
        raise UsageProblem(f"{oid} happens only once, in {rule.start.year}; use --year {rule.start.year}")
    if isinstance(rule, AnniversaryRule) and year <= rule.date.year:
        raise UsageProblem(
            f"{oid} counts from {rule.date.isoformat()}: its first anniversary is in {rule.date.year + 1}; "
            f"use --year {rule.date.year + 1} or later"
        )
    first = observance.first_year
    if first is not None and year < first:
        raise UsageProblem(
            f"{oid} did not exist yet in {year}: it is observed from {first}; use --year {first} or later"
        )
    if observance.valid_to is not None and year > observance.valid_to:
        raise UsageProblem(f"{oid} ended in {observance.valid_to}: there is none in {year}")
    raise UsageProblem(f"{oid} has no occurrence in {year} (its date rule skips that year); choose another year")


def campaign_id(observance_id: str, year: int) -> str:
    """The stable id of the campaign for an observance's occurrence in `year`."""
    return f"{observance_id}-{year}"


def default_name(occurrence: Occurrence) -> str:
    """'World Press Freedom Day 2027'; anniversaries carry their number: 'UDHR anniversary: 80th'."""
    if occurrence.anniversary is not None:
        return f"{occurrence.title} ({occurrence.year})"
    return f"{occurrence.observance.name} {occurrence.year}"


def new_campaign(
    template: CampaignTemplate,
    occurrence: Occurrence,
    *,
    now: dt.datetime,
    calendar: WorkCalendar = WEEKENDS_ONLY,
    name: str | None = None,
    owner: str = "",
) -> Campaign:
    """A new campaign for `occurrence`, scheduled from `template`."""
    if not template.suits(occurrence.observance.kind):
        kinds = ", ".join(k.value for k in template.kinds)
        raise UsageProblem(
            f"template '{template.name}' is for {kinds} observances, and {occurrence.id} is a "
            f"{occurrence.observance.kind.value}; choose another template with --template"
        )
    return Campaign(
        id=campaign_id(occurrence.id, occurrence.year),
        observance_id=occurrence.id,
        year=occurrence.year,
        name=(name or "").strip() or default_name(occurrence),
        template=template.name,
        anchor=template.anchor,
        starts=occurrence.start,
        ends=occurrence.end,
        phases=schedule(template, occurrence, calendar=calendar, now=now),
        created_at=now,
        updated_at=now,
        owner=owner.strip(),
        country=calendar.country,
    )


def past_phases(campaign: Campaign, today: dt.date) -> tuple[Phase, ...]:
    """Phases that start before `today` and are still open: work nobody can do on time any more."""
    return tuple(p for p in campaign.timeline() if p.date < today and p.is_open)


TEMPLATE_FALLBACK = ("anniversary-year", "standard", "quick")
"""Shorter and shorter templates: what to try when a longer one would start in the past."""


def fitting_in_time(
    names: Sequence[str],
    templates: Mapping[str, CampaignTemplate],
    occurrence: Occurrence,
    today: dt.date,
    *,
    calendar: WorkCalendar = WEEKENDS_ONLY,
) -> CampaignTemplate | None:
    """The first of `names` (in order) that suits the occurrence and whose every phase falls on
    or after `today`; None when none does (too late for a full campaign)."""
    now = dt.datetime.combine(today, dt.time(), dt.UTC)
    for name in names:
        template = templates.get(name)
        if template is None or not template.suits(occurrence.observance.kind):
            continue
        phases = schedule(template, occurrence, calendar=calendar, now=now)
        if all(p.date >= today for p in phases):
            return template
    return None


def refuse_past(
    campaign: Campaign,
    template: CampaignTemplate,
    templates: Mapping[str, CampaignTemplate],
    occurrence: Occurrence,
    today: dt.date,
    *,
    calendar: WorkCalendar = WEEKENDS_ONLY,
) -> None:
    """Raise a UsageProblem when a new campaign has phases before today: it names the first, a
    shorter template that still fits (or the days left), and `--allow-past`."""
    late = past_phases(campaign, today)
    if not late:
        return
    first = late[0]
    shorter = fitting_in_time(
        [n for n in TEMPLATE_FALLBACK if n != template.name], templates, occurrence, today, calendar=calendar
    )
    left = (occurrence.start - today).days
    if shorter is not None:
        fix = f"use a shorter template (--template {shorter.name} fits)"
    elif left >= 0:
        fix = f"{left} days left: too late for a full campaign; plan a short one by hand"
    else:
        fix = "the day has passed"
    raise UsageProblem(
        f"{len(late)} of {len(campaign.phases)} phases of the {template.name} template would be dated before today "
        f"({_words(today)}), the first '{first.name}' on {_words(first.date)}; {fix}, or add "
        "--allow-past to record them anyway"
    )


def reschedule(
    campaign: Campaign,
    occurrence: Occurrence,
    *,
    now: dt.datetime,
    calendar: WorkCalendar = WEEKENDS_ONLY,
    name: str | None = None,
) -> Campaign:
    """The campaign re-dated for `occurrence` (another year, or the observance's new date).

    Each phase keeps its own offset, status, owner and note. Dates set by hand are kept: when
    the campaign moves to another year they move by the same number of calendar years (20 April
    stays 20 April), otherwise they stay exactly as set; except that a `not-before` (embargo)
    phase whose kept date would now fall before its day goes back to the day. Phases whose date
    changes get a higher sequence. The id follows the year.
    """
    years = occurrence.year - campaign.year
    phases = []
    for p in campaign.phases:
        manual = p.manual_date + relativedelta(years=years) if p.manual_date is not None else None
        scheduled = _scheduled(p.offset, p.anchor, p.constraint, occurrence.start, occurrence.end, calendar)
        if p.constraint is Constraint.NOT_BEFORE and manual is not None and manual < scheduled:
            manual = None  # the embargo wins: never publish before the (new) day
        moved = replace(
            p,
            scheduled=scheduled,
            duration_days=occurrence.days if p.through_period else p.duration_days,
            manual_date=manual,
        )
        phases.append(_touch(p, moved, now))
    changed = replace(
        campaign,
        id=campaign_id(campaign.observance_id, occurrence.year),
        year=occurrence.year,
        name=(name or "").strip() or campaign.name,
        starts=occurrence.start,
        ends=occurrence.end,
        country=calendar.country,
        phases=tuple(phases),
    )
    return changed if changed == campaign else replace(changed, updated_at=now)


def _touch(before: Phase, after: Phase, now: dt.datetime) -> Phase:
    """Bump sequence (date, end, name or status changed) and updated_at (anything changed)."""
    if after == before:
        return before
    visible = (before.date, before.end, before.name, before.status) != (after.date, after.end, after.name, after.status)
    return replace(after, sequence=before.sequence + (1 if visible else 0), updated_at=now)


class Unset(StrEnum):
    """Marks 'go back to the scheduled date' for `update_phase(date=...)`."""

    AUTO = "auto"


def update_phase(
    campaign: Campaign,
    key: str,
    *,
    now: dt.datetime,
    status: PhaseStatus | None = None,
    owner: str | None = None,
    date: dt.date | Unset | None = None,
    note: str | None = None,
) -> Campaign:
    """The campaign with one phase changed; `date=Unset.AUTO` drops a date set by hand.

    Arguments left as None are unchanged. A change that changes nothing returns the campaign
    as it was (no new timestamp). A `not-before` phase refuses a date earlier than scheduled.
    """
    before = campaign.phase(key)
    after = before
    if status is not None:
        after = replace(after, status=status)
    if owner is not None:
        after = replace(after, owner=owner.strip())
    if note is not None:
        after = replace(after, note=note.strip())
    if date is Unset.AUTO:
        after = replace(after, manual_date=None)
    elif isinstance(date, dt.date):
        if before.constraint is Constraint.NOT_BEFORE and date < before.scheduled:
            raise UsageProblem(
                f"phase '{key}' is under embargo: it happens on {short_date(before.scheduled)} "
                "and not before; choose that day or a later one"
            )
        after = replace(after, manual_date=date)
    touched = _touch(before, after, now)
    if touched is before:
        return campaign
    phases = tuple(touched if p.key == key else p for p in campaign.phases)
    return replace(campaign, phases=phases, updated_at=now)


# -- deletion ---------------------------------------------------------------------------------

CANCELLED_GRACE = dt.timedelta(days=14)
"""How long the team feed keeps a cancelled phase (skipped, or of a deleted campaign) as
STATUS:CANCELLED before it leaves (feed rule 6)."""


def cancel(campaign: Campaign, *, now: dt.datetime) -> Campaign:
    """The campaign as a tombstone, deleted at `now`.

    Every phase not already skipped gets a higher sequence and `now` as its stamp, so calendar
    clients take the cancellation as a new version of the event. Skipped phases were cancelled
    before and keep their own stamp (and the day they leave the feed).
    """
    phases = tuple(
        p if p.status is PhaseStatus.SKIPPED else replace(p, sequence=p.sequence + 1, updated_at=now)
        for p in campaign.phases
    )
    return replace(campaign, phases=phases, updated_at=now, deleted_at=now)


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None or b is None:
        return a if b is None else b
    return max(a, b)


def supersede(incoming: Campaign, existing: Campaign) -> Campaign:
    """`incoming`, stored in place of `existing` (the same campaign id), as calendar clients must see it.

    A phase's sequence and stamp never go backwards: a phase whose date, name or status differs
    from the stored one, or that replaces a deleted campaign's cancelled phase, gets a sequence
    above the stored one; the others keep the higher of the two. Re-creating a deleted campaign,
    or importing an older copy of one, thus reaches subscribers as a new version of each event.
    Applying it twice changes nothing more.
    """
    before = {p.key: p for p in existing.phases}
    phases = []
    for p in incoming.phases:
        old = before.get(p.key)
        if old is None:
            phases.append(p)
            continue
        visible = (p.date, p.end, p.name, p.status) != (old.date, old.end, old.name, old.status)
        floor = old.sequence + 1 if visible or existing.deleted else old.sequence
        phases.append(replace(p, sequence=max(p.sequence, floor), updated_at=_later(p.updated_at, old.updated_at)))
    updated = _later(incoming.updated_at, existing.updated_at)
    assert updated is not None
    return replace(incoming, phases=tuple(phases), updated_at=updated, deleted_at=None)


# -- consistency ------------------------------------------------------------------------------


def out_of_order(campaign: Campaign) -> tuple[tuple[str, str], ...]:
    """Open phases whose dates no longer make sense, as (phase key, message), in date order.

    - a preparation phase (planned before the day) dated after the day, as a date set by hand
      can be, or after a move: 'approvals on Thu 6 May 2027, after the day (Mon 3 May 2027)';
    - a preparation phase dated after the step that should follow it (approvals after the
      launch, assets after the press release).

    Done and skipped phases are history and are not checked.
    """
    nominal = {p.key: nominal_date(p, campaign.anchor, campaign.starts, campaign.ends) for p in campaign.phases}
    order = sorted(campaign.phases, key=lambda p: (nominal[p.key], p.offset, p.key))
    found: dict[str, str] = {}
    for i, p in enumerate(order):
        own_day = anchor_day(p.anchor, campaign.starts, campaign.ends)
        if not p.is_open or nominal[p.key] >= own_day:
            continue
        if p.date > own_day:
            found[p.key] = f"'{p.name}' ({p.key}) is on {_words(p.date)}, after the day it prepares ({_words(own_day)})"
            continue
        later = next((q for q in order[i + 1 :] if not q.through_period and nominal[q.key] > nominal[p.key]), None)
        if later is not None and p.date > later.date:
            found[p.key] = (
                f"'{p.name}' ({p.key}) is on {_words(p.date)}, after '{later.name}' ({later.key}) on "
                f"{_words(later.date)}, which should follow it"
            )
    dated = {p.key: p.date for p in campaign.phases}
    return tuple(sorted(found.items(), key=lambda kv: (dated[kv[0]], kv[0])))


def _words(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def reset_statuses(campaign: Campaign, *, now: dt.datetime) -> tuple[Campaign, int]:
    """Every phase back to todo (a campaign moved to another year starts afresh); returns the
    campaign and how many phases changed."""
    result, changed = campaign, 0
    for p in campaign.phases:
        if p.status is not PhaseStatus.TODO:
            result = update_phase(result, p.key, now=now, status=PhaseStatus.TODO)
            changed += 1
    return result, changed


def close_open_phases(
    campaign: Campaign, *, status: PhaseStatus, now: dt.datetime, ended_before: dt.date | None = None
) -> Campaign:
    """The campaign with its open (todo or doing) phases set to `status` (done or skipped):
    every one, or with `ended_before` only those whose last day is before it. Phases already
    done or skipped keep theirs. Raises ValueError for a status that is not done or skipped."""
    if status not in (PhaseStatus.DONE, PhaseStatus.SKIPPED):
        raise ValueError(f"a phase is closed as done or skipped, not {status.value}")
    for p in campaign.phases:
        if p.is_open and (ended_before is None or p.end < ended_before):
            campaign = update_phase(campaign, p.key, now=now, status=status)
    return campaign
