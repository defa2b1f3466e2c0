"""Secret tokens for private team feeds, stored as SHA-256 hashes in a JSON file.

Google and Outlook fetch subscriptions without logging in, so a private feed is protected by
a secret in its URL (`/feeds/team/TOKEN.ics`), revocable at any time (rule 10). Only the hash
is stored: a copy of the file does not reveal a working URL. Lookups compare every stored
hash in constant time.

The file lives in planner's data folder: $PLANNER_DATA_DIR, else the platform's user data
folder (platformdirs), as `feed-tokens.json`. Writes are atomic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import PlannerError, UsageProblem
from planner.files import atomic_writer

FILE_NAME = "feed-tokens.json"
TOKEN_FORM = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


@dataclass(frozen=True, slots=True)
class FeedToken:
    """A stored token: never the secret itself, only its SHA-256 hash."""

    id: str
    label: str
    digest: str
    created: dt.datetime
    campaigns: tuple[str, ...] = ()

    @property
    def scope(self) -> str:
        """Which campaigns the token reads: their ids, or 'all campaigns'."""
        return ", ".join(self.campaigns) if self.campaigns else "all campaigns"


def data_dir() -> Path:
    """planner's data folder: $PLANNER_DATA_DIR or the user data folder of the platform."""
    override = os.environ.get("PLANNER_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("planner", appauthor=False))


def digest(token: str) -> str:
    """The SHA-256 of a secret, hex: what the token file stores instead of the secret."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """A URL-safe secret with 256 bits of randomness."""
    return secrets.token_urlsafe(32)


def match(tokens: Sequence[FeedToken], presented: str) -> FeedToken | None:
    """The token whose hash matches, comparing every stored hash in constant time."""
    if not TOKEN_FORM.match(presented):
        return None
    wanted = digest(presented)
    found: FeedToken | None = None
    for token in tokens:
        if hmac.compare_digest(token.digest, wanted):  # no early exit: time does not depend on position
            found = token
    return found


class TokenStore:
    """Tokens in a JSON file. Re-reads the file when it changes, so revocation takes effect at once."""

    def __init__(self, path: Path | None = None, *, now: Callable[[], dt.datetime] | None = None) -> None:
        self.path = path or data_dir() / FILE_NAME
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._lock = threading.Lock()
        self._cached: tuple[tuple[int, int] | None, tuple[FeedToken, ...]] | None = None

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def all(self) -> tuple[FeedToken, ...]:
        """Every token, read again when the file changed."""
        stat = self._stat()
        with self._lock:
            if self._cached is not None and self._cached[0] == stat:
                return self._cached[1]
        tokens = self._read() if stat is not None else ()
        with self._lock:
            self._cached = (stat, tokens)
        return tokens

    def _read(self) -> tuple[FeedToken, ...]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return tuple(
                FeedToken(
                    id=str(t["id"]),
                    label=str(t.get("label", "")),
                    digest=str(t["sha256"]),
                    created=dt.datetime.fromisoformat(str(t["created"])),
                    campaigns=tuple(str(c) for c in t.get("campaigns", ())),
                )
                for t in data["tokens"]
            )
        except FileNotFoundError:
            return ()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PlannerError(
                f"the token file {self.path} is damaged ({exc}); fix it or remove it and create new tokens"
            ) from None

    def _write(self, tokens: Sequence[FeedToken]) -> None:
        payload: dict[str, Any] = {
            "version": 1,
            "note": "SHA-256 hashes of planner's team-feed tokens; the tokens themselves are not stored.",
            "tokens": [
                {
                    "id": t.id,
                    "label": t.label,
                    "sha256": t.digest,
                    "created": t.created.isoformat(),
                    "campaigns": list(t.campaigns),
                }
                for t in tokens
            ],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_writer(self.path) as handle:
                handle.write(json.dumps(payload, indent=2) + "\n")
            os.chmod(self.path, 0o600)
        except PermissionError:
            raise PlannerError(f"cannot write the token file {self.path}: permission denied") from None
        with self._lock:
            self._cached = None

    def create(self, label: str = "", campaigns: Sequence[str] = ()) -> tuple[FeedToken, str]:
        """A new token; returns its record and the secret, which is shown once and never stored."""
        secret = new_secret()
        existing = self.all()
        ids = {t.id for t in existing}
        token_id = secrets.token_hex(4)
        while token_id in ids:  # pragma: no cover - 1 in 4 billion
            token_id = secrets.token_hex(4)
        record = FeedToken(
            id=token_id,
            label=label.strip(),
            digest=digest(secret),
            created=self._now().astimezone(dt.UTC).replace(microsecond=0),
            campaigns=tuple(campaigns),
        )
        self._write([*existing, record])
        return record, secret

    def revoke(self, token_id: str) -> FeedToken:
        """Remove a token by id; its feed stops at once. Raises `UnknownId` for an unknown id."""
        existing = self.all()
        found = [t for t in existing if t.id == token_id]
        if not found:
            known = ", ".join(t.id for t in existing) or "none"
            raise UsageProblem(
                f"no feed token with id '{token_id}'; known ids: {known} (see `planner feed token list`)"
            )
        self._write([t for t in existing if t.id != token_id])
        return found[0]

    def find(self, presented: str) -> FeedToken | None:
        """The token whose secret is `presented` (compared in constant time), or None."""
        return match(self.all(), presented)
