"""The team roster: people, the roles they hold and how much work a week they can take.

Pure core: plain frozen dataclasses and functions; the store (`planner.campaigns.store`) keeps
the roster in the database (migration 0004) and `planner.campaigns.files` reads and writes it
as YAML.

A campaign template names a *role* for each phase (`writer`, `designer`); a phase's `owner` is
the *person* who does it. `staff` gives each phase of a new campaign to the person holding its
role; `assign` hands a role's phases to a named person in one go (`campaign assign ID
writer=Amina designer=Ben`).

When several people hold a role, the first of them by name gets its phases: the rule is the
same every time, and `campaign assign` changes it for one campaign.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from planner.campaigns.model import Campaign
from planner.errors import UnknownId, UsageProblem

DEFAULT_CAPACITY = 3
"""Phases a week one person can take, unless the roster says otherwise."""
MAX_CAPACITY = 100
ROLE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class Person:
    """One member of the team. `capacity` is how many phases a week they can take."""

    name: str
    roles: tuple[str, ...] = ()
    capacity: int = DEFAULT_CAPACITY

    def holds(self, role: str) -> bool:
        return role in self.roles


def check_name(name: str) -> str:
    """A person's name, trimmed; refuses an empty or over-long one, or one with `=` or `,`."""
    value = " ".join(name.split())
    if not value:
        raise UsageProblem("a person needs a name, e.g. planner team add Amina --role writer")
    if len(value) > MAX_NAME:
        raise UsageProblem(f"the name '{value[:20]}…' is longer than {MAX_NAME} characters; shorten it")
    if "=" in value or "," in value:
        raise UsageProblem(f"the name '{value}' may not contain '=' or ','; leave them out")
    return value


def check_role(role: str) -> str:
    """A role in kebab-case ('press-officer'), as campaign templates write them."""
    value = role.strip().lower().replace(" ", "-").replace("_", "-")
    if not ROLE_RE.match(value) or len(value) > MAX_NAME:
        raise UsageProblem(
            f"role '{role}' must be lower-case letters, digits and hyphens, like the templates' roles "
            "(campaign-lead, writer, designer, press-officer, social-media, researcher, partnerships)"
        )
    return value


def check_capacity(capacity: int) -> int:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise UsageProblem(f"capacity {capacity} is out of range: give the phases a week, 1 to {MAX_CAPACITY}")
    return capacity


def person(name: str, roles: Iterable[str] = (), capacity: int = DEFAULT_CAPACITY) -> Person:
    """A checked Person: name trimmed, roles in kebab-case, sorted and unique."""
    return Person(check_name(name), tuple(sorted({check_role(r) for r in roles})), check_capacity(capacity))


@dataclass(frozen=True, slots=True)
class Roster:
    """The team, sorted by name (case-insensitive)."""

    people: tuple[Person, ...] = ()

    @classmethod
    def of(cls, people: Iterable[Person]) -> Roster:
        return cls(tuple(sorted(people, key=lambda p: (p.name.casefold(), p.name))))

    def __bool__(self) -> bool:
        return bool(self.people)

    def get(self, name: str) -> Person | None:
        """The person with this name (case-insensitive), or None."""
        wanted = name.strip().casefold()
        return next((p for p in self.people if p.name.casefold() == wanted), None)

    def find(self, name: str) -> Person:
        """The person with this name; an unknown one suggests the closest names."""
        found = self.get(name)
        if found is None:
            if not self.people:
                raise UsageProblem(
                    f"'{name}' is not on the team roster, which is empty; add them first: "
                    f"planner team add {_quoted(name)} --role ROLE"
                )
            raise UnknownId("person", name, [p.name for p in self.people])
        return found

    def holder(self, role: str) -> Person | None:
        """The person who gets a role's phases: the first by name who holds it."""
        return next((p for p in self.people if p.holds(role)), None)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(sorted({r for p in self.people for r in p.roles}))

    def capacity(self, owner: str) -> int | None:
        """A person's weekly capacity; None for an owner who is not on the roster."""
        found = self.get(owner) if owner else None
        return None if found is None else found.capacity


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def staff(campaign: Campaign, roster: Roster, *, now: dt.datetime | None = None) -> Campaign:
    """A new campaign with each phase that has no owner given to the person holding its role.

    Phases whose role nobody holds keep no owner (they show as '(role)'). Nothing else changes.
    """
    if not roster:
        return campaign
    phases = []
    for p in campaign.phases:
        holder = roster.holder(p.role) if p.role and not p.owner else None
        phases.append(replace(p, owner=holder.name) if holder else p)
    return replace(campaign, phases=tuple(phases))


def parse_assignments(pairs: Sequence[str], *, clear_ok: bool = False) -> list[tuple[str, str]]:
    """`['writer=Amina', 'designer=Ben Ode']` -> [('writer', 'Amina'), ('designer', 'Ben Ode')].
    With `clear_ok`, `writer=` gives ('writer', ''): nobody."""
    if not pairs:
        raise UsageProblem("say who does what: ROLE=NAME, e.g. writer=Amina designer=Ben")
    out = []
    for pair in pairs:
        role, sep, name = pair.partition("=")
        if not sep or not role.strip() or not (name.strip() or clear_ok):
            raise UsageProblem(f"'{pair}' is not ROLE=NAME; write it like writer=Amina")
        out.append((check_role(role), check_name(name) if name.strip() else ""))
    roles = [r for r, _ in out]
    twice = sorted({r for r in roles if roles.count(r) > 1})
    if twice:
        raise UsageProblem(f"role {', '.join(twice)} is given twice; give each role once")
    return out


def assign(
    campaign: Campaign, assignments: Sequence[tuple[str, str]], roster: Roster, *, now: dt.datetime
) -> tuple[Campaign, dict[str, int]]:
    """The campaign with every phase of each ROLE given to NAME; returns it and the phases changed
    per role. NAME must be on the roster ('' leaves the phases with nobody); ROLE must be a role
    of the campaign's phases."""
    from planner.campaigns.schedule import update_phase

    roles = sorted({p.role for p in campaign.phases if p.role})
    changed: dict[str, int] = {}
    result = campaign
    for role, name in assignments:
        if role not in roles:
            known = ", ".join(roles) if roles else "none (its phases name no roles)"
            raise UsageProblem(f"{campaign.id} has no phase for role '{role}'; its roles are: {known}")
        who = roster.find(name).name if name else ""
        count = 0
        for p in campaign.phases:
            if p.role == role:
                after = update_phase(result, p.key, now=now, owner=who)
                count += after is not result
                result = after
        changed[role] = count
    return result, changed


def rename_owner(campaign: Campaign, old: str, new: str, *, now: dt.datetime) -> Campaign:
    """The campaign with `old`'s phases given to `new` ('' leaves them unassigned)."""
    from planner.campaigns.schedule import update_phase

    result = campaign
    for p in campaign.phases:
        if p.owner and p.owner.casefold() == old.casefold():
            result = update_phase(result, p.key, now=now, owner=new)
    return result


def holders(roster: Roster) -> Mapping[str, str]:
    """Role -> the person who gets its phases in new campaigns."""
    return {role: holder.name for role in roster.roles if (holder := roster.holder(role)) is not None}
