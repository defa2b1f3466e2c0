"""Sessions, CSRF and security headers for the web pages.

- The session is Starlette's signed cookie (itsdangerous, HMAC with the server's secret key):
  HttpOnly, SameSite=Lax, Secure when the public address is https. It holds the account name and
  the CSRF token only; the account (and its role) is read again on every request, so a changed
  role or a removed account takes effect at once.
- Every form carries the session's CSRF token; a POST without the right one is refused (403).
- Every page gets a Content-Security-Policy that allows only this server's own scripts, styles
  and images (no inline scripts, nothing third-party), and framing nowhere.
- Nothing here reads the Host header: redirects are relative paths, and absolute addresses come
  from the configured base URL only.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.requests import Request

SESSION_COOKIE = "planner_session"
SESSION_AGE = 12 * 3600  # seconds: a working day, then sign in again
CSRF_FIELD = "csrf"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
"""For every page. `frame-ancestors 'self'` lets the brief preview sit in a frame of our own page."""

PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'"
"""For a brief shown in the preview frame: its own inline styles, never a script or a fetch."""

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def session(request: Request) -> dict[str, Any]:
    data: dict[str, Any] = request.session
    return data


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    data = session(request)
    token = data.get(CSRF_FIELD)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        data[CSRF_FIELD] = token
    return token


def csrf_ok(request: Request, sent: object) -> bool:
    """Whether a form's token matches the session's (constant-time)."""
    expected = session(request).get(CSRF_FIELD)
    if not isinstance(expected, str) or not isinstance(sent, str) or not sent:
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def sign_in(request: Request, name: str) -> None:
    """Start a fresh session for `name`: a new CSRF token, nothing kept from before."""
    data = session(request)
    data.clear()
    data["user"] = name
    data[CSRF_FIELD] = secrets.token_urlsafe(32)


def sign_out(request: Request) -> None:
    session(request).clear()


def signed_in_name(request: Request) -> str | None:
    name = session(request).get("user")
    return name if isinstance(name, str) else None


def safe_next(target: str | None) -> str:
    """A local path to go to after signing in; anything else (another site, `//host`) is '/'."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
