"""The team's actions on the roster and the weekly list, over the campaign store.

Each function is one user action (`planner team ...`, `planner campaign assign`, `planner due`):
it checks its input with the roster core (`planner.campaigns.roster`), reads and writes through
the store (one transaction per call), and returns plain values for the CLI or the web pages to
show. It prints nothing and raises only `PlannerError` subclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.campaigns.model import Campaign
from planner.campaigns.roster import Person, Roster, assign, check_role, parse_assignments, person, rename_owner
from planner.campaigns.workload import OVERDUE_LOOKBACK_DAYS, PersonDue, due_from_steps, lookback_start
from planner.errors import UsageProblem

if TYPE_CHECKING:
    from planner.campaigns.store import ImportResult, Store


def roles(values: Sequence[str]) -> list[str]:
    """Roles as typed: repeated (`--role a --role b`) or comma-separated (`--role a,b`)."""
    return [r for v in values for r in v.split(",") if r.strip()]


def add_person(store: Store, name: str, role_list: Sequence[str], capacity: int, *, now: dt.datetime) -> Person:
    """Add someone to the roster; a name already on it (in any case) is refused."""
    return store.save_person(person(name, roles(role_list), capacity), now=now)


@dataclass(frozen=True, slots=True)
class PersonChange:
    before: Person
    after: Person
    phases_renamed: int  # phases whose owner followed a new name


def change_person(
    store: Store,
    name: str,
    *,
    now: dt.datetime,
    set_roles: Sequence[str] = (),
    add_roles: Sequence[str] = (),
    drop_roles: Sequence[str] = (),
    capacity: int | None = None,
    new_name: str | None = None,
) -> PersonChange:
    """Change someone's roles (replace, add, drop), capacity or name; a new name follows them into
    every campaign's phases."""
    if not (set_roles or add_roles or drop_roles or capacity is not None or new_name):
        raise UsageProblem("say what to change: --role, --add-role, --drop-role, --capacity or --name")
    current = store.roster().find(name)
    held = {check_role(r) for r in roles(set_roles)} if set_roles else set(current.roles)
    held |= {check_role(r) for r in roles(add_roles)}
    dropping = {check_role(r) for r in roles(drop_roles)}
    missing = sorted(dropping - held)
    if missing:
        raise UsageProblem(
            f"{current.name} does not hold {', '.join(missing)}; they hold: {', '.join(current.roles) or 'no roles'}"
        )
    changed = person(new_name or current.name, held - dropping, current.capacity if capacity is None else capacity)
    store.save_person(changed, now=now, replace_name=current.name)
    renamed = 0
    if changed.name != current.name:
        moved = store.change_many(lambda c: rename_owner(c, current.name, changed.name, now=now))
        renamed = sum(sum(p.owner != q.owner for p, q in zip(b.phases, a.phases, strict=True)) for b, a in moved)
    return PersonChange(current, changed, renamed)


def remove_person(store: Store, name: str, *, today: dt.date) -> tuple[Person, int]:
    """Take someone off the roster; returns them and how many open phases (not yet past) still
    carry their name, to hand over with `campaign assign`."""
    gone = store.remove_person(store.roster().find(name).name)
    left = sum(
        1
        for c in store.campaigns()
        for p in c.phases
        if p.owner.casefold() == gone.name.casefold() and p.is_open and p.end >= today
    )
    return gone, left


def import_roster(
    store: Store, path: str | Path, *, now: dt.datetime, replace: bool = False
) -> tuple[ImportResult, list[str]]:
    """People from a roster YAML file (all or nothing); returns the result and, with `replace`,
    the names removed."""
    from planner.campaigns.files import load_roster

    incoming = load_roster(path)
    before = {p.name for p in store.roster().people}
    result = store.import_roster(incoming, now=now, replace=replace)
    removed = sorted(before - {p.name for p in incoming.people}) if replace else []
    return result, removed


def export_roster(store: Store) -> tuple[str, int]:
    """The roster as YAML text, and how many people it holds."""
    from planner.campaigns.files import dump_roster

    roster = store.roster()
    return dump_roster(roster), len(roster.people)


@dataclass(frozen=True, slots=True)
class Assigned:
    campaign: Campaign
    roster: Roster
    assignments: tuple[tuple[str, str], ...]  # (role, name as on the roster)
    changed: dict[str, int]  # role -> phases whose owner changed

    def phases(self, role: str) -> int:
        return sum(p.role == role for p in self.campaign.phases)


def assign_roles(
    store: Store,
    campaign_id: str,
    pairs: Sequence[str],
    *,
    now: dt.datetime,
    by: str = "",
    versions: Mapping[str, int] | None = None,
    clear_ok: bool = False,
) -> Assigned:
    """`campaign assign ID writer=Amina designer="Ben Ode"`: every phase of each role to that
    person (on the roster), in one transaction. With `versions` (phase key -> the version a page
    showed), each phase of the roles given must still be at that version, else `PhaseConflict`
    and nothing is written; the phases that change are recorded as changed by `by`. With
    `clear_ok`, `writer=` (no name) leaves the role's phases with nobody."""
    wanted = parse_assignments(pairs, clear_ok=clear_ok)
    roster = store.roster()
    counts: dict[str, int] = {}

    def edit(c: Campaign) -> Campaign:
        after, changed = assign(c, wanted, roster, now=now)
        counts.update(changed)
        return after

    if versions is None:
        _, after = store.change(campaign_id, edit)
    else:
        roles = {role for role, _ in wanted}
        keys = {p.key for p in store.campaign(campaign_id).phases if p.role in roles}
        missing = sorted(keys - set(versions))
        if missing:
            raise UsageProblem(
                f"the form did not say which version of {', '.join(missing)} it showed; reload the page and try again"
            )
        _, after = store.change_phases(campaign_id, {k: versions[k] for k in keys}, edit, by=by)
    named = tuple((role, roster.find(name).name if name else "") for role, name in wanted)
    return Assigned(after, roster, named, counts)


def due_list(
    store: Store,
    today: dt.date,
    *,
    days: int = 14,
    owner: str | None = None,
    lookback_days: int | None = OVERDUE_LOOKBACK_DAYS,
) -> tuple[PersonDue, ...]:
    """Per person: open phases past their last day (at most `lookback_days` ago; None: any),
    and those starting in the next `days` days. Read as open steps, not as whole campaigns
    (`Store.older_open` counts the ones left out)."""
    since = lookback_start(today, lookback_days)
    steps = store.open_steps(today + dt.timedelta(days=days), ended_since=since)
    return due_from_steps(steps, today, days=days, owner=owner)
