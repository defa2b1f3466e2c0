"""Secret tokens for private team feeds, kept in the campaign database as SHA-256 hashes.

Google and Outlook fetch subscriptions without logging in, so a private feed is protected by
a secret in its URL (`/feeds/team/TOKEN.ics`), revocable at any time (rule 10). Only the hash
is stored, unique (migration 0003): a copy of the database does not reveal a working URL.
Creating and revoking are single transactions, so two `feed token create` at once both keep
their token, and a revoke racing a create never leaves the revoked token working.

Tokens from the JSON file of earlier versions (`feed-tokens.json` in planner's data folder:
$PLANNER_DATA_DIR or the platform's user data folder) are imported into the database on first
use, and the file is renamed `feed-tokens.json.imported`, so a token keeps working.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError, UsageProblem
from planner.text import checked

if TYPE_CHECKING:
    from planner.campaigns.store import Store, TokenRow

FILE_NAME = "feed-tokens.json"
IMPORTED_SUFFIX = ".imported"
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
        return ", ".join(self.campaigns) if self.campaigns else "all campaigns"


def data_dir() -> Path:
    """planner's data folder: $PLANNER_DATA_DIR or the user data folder of the platform."""
    override = os.environ.get("PLANNER_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("planner", appauthor=False))


def digest(token: str) -> str:
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


def _token(row: TokenRow) -> FeedToken:
    return FeedToken(id=row.id, label=row.label, digest=row.digest, created=row.created, campaigns=row.campaigns)


def read_json_tokens(path: Path) -> tuple[FeedToken, ...]:
    """Tokens from the JSON file of planner versions before 0003 (hashes only)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
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
            f"the old token file {path} is damaged ({exc}); fix it, or move it away and create new tokens"
        ) from None


class TokenStore:
    """Team-feed tokens in the campaign database (`Store`); every call is one transaction, so
    a revocation takes effect at once for every process that shares the database."""

    def __init__(
        self,
        store: Store,
        *,
        legacy_file: Path | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.legacy_file = legacy_file if legacy_file is not None else data_dir() / FILE_NAME
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._imported = False

    def _import_legacy(self) -> None:
        """Tokens of the old JSON file go into the database once; the file is then renamed."""
        if self._imported:
            return
        self._imported = True
        path = self.legacy_file
        if not path.is_file():
            return
        from planner.campaigns.store import TokenRow

        found = read_json_tokens(path)
        self.store.add_tokens(
            [
                TokenRow(
                    t.id,
                    t.label,
                    t.digest,
                    t.created.astimezone(dt.UTC) if t.created.tzinfo else t.created,
                    t.campaigns,
                )
                for t in found
            ]
        )
        try:
            path.replace(path.with_name(path.name + IMPORTED_SUFFIX))
        except OSError as exc:
            raise PlannerError(
                f"imported {len(found)} feed token(s) from {path} into the database, but cannot rename the file "
                f"({exc.strerror or exc}); rename or remove it yourself"
            ) from None

    def all(self) -> tuple[FeedToken, ...]:
        self._import_legacy()
        return tuple(_token(r) for r in self.store.tokens())

    def create(self, label: str = "", campaigns: Sequence[str] = ()) -> tuple[FeedToken, str]:
        """A new token; returns its record and the secret, which is shown once and never stored."""
        from planner.campaigns.store import TokenRow

        self._import_legacy()
        for _ in range(8):
            secret = new_secret()
            record = FeedToken(
                id=secrets.token_hex(4),
                label=checked(label, "the token label", one_line=True),
                digest=digest(secret),
                created=self._now().astimezone(dt.UTC).replace(microsecond=0),
                campaigns=tuple(campaigns),
            )
            row = TokenRow(record.id, record.label, record.digest, record.created, record.campaigns)
            if self.store.add_tokens([row]) == 1:
                return record, secret
        raise PlannerError("could not store a new feed token (id clashes); try again")  # pragma: no cover

    def revoke(self, token_id: str) -> FeedToken:
        self._import_legacy()
        row = self.store.revoke_token(token_id)
        if row is None:
            known = ", ".join(t.id for t in self.all()) or "none"
            raise UsageProblem(
                f"no feed token with id '{token_id}'; known ids: {known} (see `planner feed token list`)"
            )
        return _token(row)

    def find(self, presented: str) -> FeedToken | None:
        """The token for a presented secret: one lookup of its hash (a unique index)."""
        if not TOKEN_FORM.match(presented):
            return None
        self._import_legacy()
        row = self.store.token_by_digest(digest(presented))
        return None if row is None else _token(row)
