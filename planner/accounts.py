"""Accounts for the web front end: who may sign in, with which role, and the login rate limit.

- Roles: `viewer` reads plans, campaigns and briefs; `editor` also changes campaigns, the roster
  and team-feed tokens; `admin` also manages accounts. Not signed in: the public calendar,
  observance pages and the subscribe page only.
- Passwords are hashed with Argon2id through argon2-cffi (its default, RFC 9106 low-memory
  parameters); only the hash is stored, and a hash made with older parameters is re-made at the
  next successful sign-in (`needs_rehash`).
- `LoginLimiter` refuses sign-in attempts after too many failures per name and per client
  address within a window, so passwords cannot be guessed quickly.

argon2-cffi is imported here only.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from planner.errors import PlannerError, UsageProblem

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # Argon2 hashes any length; a bound keeps a huge form field from costing time
NAME_FORM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what `needed` may do (admin > editor > viewer)."""
        return self.rank >= needed.rank


ROLE_WORDS = {
    Role.VIEWER: "reads plans, campaigns and briefs",
    Role.EDITOR: "also changes campaigns, the roster and team-feed addresses",
    Role.ADMIN: "also manages accounts",
}


@dataclass(frozen=True, slots=True)
class User:
    """A person who signs in. `password_hash` is an Argon2 hash string, never the password."""

    name: str
    role: Role
    password_hash: str = field(repr=False)
    created_at: dt.datetime
    updated_at: dt.datetime


class NotAllowed(PlannerError):
    """The signed-in person's role does not allow the action."""

    exit_code = 1

    def __init__(self, role: Role | None, needed: Role) -> None:
        who = "you are not signed in" if role is None else f"your account is a {role.value}"
        super().__init__(f"{who}; this needs an {needed.value} account" if needed is not Role.VIEWER else who)
        self.needed = needed


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise UsageProblem(f"unknown role '{text}'; use one of: {', '.join(r.value for r in Role)}") from None


def check_name(name: str) -> str:
    """An account name: 1-64 letters, digits, `.`, `_`, `@` or `-`, starting with a letter or digit."""
    value = name.strip()
    if not NAME_FORM.match(value):
        raise UsageProblem(
            f"'{name}' cannot be an account name; use 1 to 64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit (e.g. amina or amina.k)"
        )
    return value


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsageProblem(f"the password is too short; use at least {MIN_PASSWORD} characters (a few words work well)")
    if len(password) > MAX_PASSWORD:
        raise UsageProblem(f"the password is too long; use at most {MAX_PASSWORD} characters")
    return password


@functools.cache
def _ph() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of a checked password (raises UsageProblem for a weak one)."""
    return _ph().hash(check_password(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` matches; False (never an exception) for a wrong or damaged hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    if len(password) > MAX_PASSWORD:
        return False
    try:
        return _ph().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _ph().check_needs_rehash(stored_hash)


# A hash of a random password, verified when the name is unknown, so a wrong name takes as long
# as a wrong password and the time of the answer does not tell which names exist.
_DUMMY: str | None = None


def dummy_verify(password: str) -> None:
    global _DUMMY
    if _DUMMY is None:
        import secrets

        _DUMMY = hash_password(secrets.token_urlsafe(16))
    verify_password(_DUMMY, password)


class TooManyAttempts(PlannerError):
    """Sign-in refused for a while after too many failures."""

    def __init__(self, wait: dt.timedelta) -> None:
        minutes = max(1, round(wait.total_seconds() / 60))
        super().__init__(
            f"too many sign-in attempts; wait {minutes} minute{'s' if minutes != 1 else ''} and try again, "
            "or ask an admin to reset your password"
        )
        self.wait = wait


@dataclass
class LoginLimiter:
    """At most `limit` failed sign-ins per key (a name, a client address) within `window`.

    In memory, per server process: enough for one server behind a proxy; the keys are bounded.
    """

    limit: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    max_keys: int = 10_000
    _failures: dict[str, deque[dt.datetime]] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _recent(self, key: str, now: dt.datetime) -> deque[dt.datetime]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def check(self, *keys: str) -> None:
        """Raise TooManyAttempts if any key has used up its attempts."""
        now = self.now()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.limit:
                    raise TooManyAttempts(times[0] + self.window - now)

    def failed(self, *keys: str) -> None:
        now = self.now()
        with self._lock:
            if len(self._failures) >= self.max_keys:
                for old in list(self._failures)[: self.max_keys // 4]:
                    del self._failures[old]
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, name_key: str) -> None:
        with self._lock:
            self._failures.pop(name_key, None)
