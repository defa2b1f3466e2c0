"""The web front end's pages: thin handlers over `planner.api`.

Each handler reads the request (query or form), calls one or two `planner.api` functions and
renders a template from `templates/web/`; it holds no planning logic of its own. The `page`
wrapper does what every page needs: the signed-in account, the role check, the CSRF check on
every POST, and turning a `PlannerError` into a page that says what to do.

Public (not signed in): the calendar (`/`), observance pages and the subscribe page. Viewers
also read the plan, campaigns, the team and briefs; editors change campaigns and team-feed
addresses; admins manage accounts. See `planner.accounts` for the roles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from planner import api
from planner.accounts import ROLE_WORDS, LoginLimiter, NotAllowed, Role, TooManyAttempts, User
from planner.briefs.messages import MessageFieldsError
from planner.campaigns.model import Campaign, CampaignTemplate, PhaseStatus
from planner.campaigns.store import MessagesConflict, PhaseConflict, Store
from planner.catalogue.model import Catalogue, Kind, Priority
from planner.errors import PlannerError, UnknownId, UsageProblem
from planner.feeds.tokens import TokenStore
from planner.render import render_template
from planner.web import auth

STATIC = Path(__file__).resolve().parent / "static"
HTMX_VERSION = "2.0.11"


@dataclass
class WebSite:
    """What the pages work on. `base_url` is the public address (from --base-url, else the
    address the server listens on); it is never taken from a request."""

    catalogue: Catalogue
    store: Store
    tokens: TokenStore
    base_url: str
    secret_key: str
    today: Callable[[], dt.date] = dt.date.today
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    country: str | None = None
    _templates: dict[str, CampaignTemplate] | None = field(default=None, init=False, repr=False)

    @property
    def secure(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def templates(self) -> dict[str, CampaignTemplate]:
        if self._templates is None:
            self._templates = api.list_templates()
        return self._templates

    def campaigns(self, user: User | None, start: dt.date | None = None, end: dt.date | None = None) -> list[Campaign]:
        """The team's campaigns (with work or their day in start..end) for a signed-in person;
        none for the public."""
        return self.store.campaigns(start=start, end=end) if user is not None else []


MIN_SECRET_KEY = 32


def make_site(
    catalogue: Catalogue,
    *,
    db_url: str | None,
    base_url: str,
    secret_key: str,
    today: dt.date | None = None,
    country: str | None = None,
    tokens: TokenStore | None = None,
) -> WebSite:
    """What the pages work on: the catalogue, the campaign database at `db_url` (created and
    upgraded on first use: the pages write campaigns and accounts) or the one holding `tokens`
    (so the pages and the feeds share one), the team-feed tokens, the
    public address `base_url` (never taken from a request) and the key that signs session cookies
    (at least 32 characters; empty: a new random key, so sessions end when the server stops).
    `today` fixes the date (default: the real date, read per request). Raises `UsageProblem`."""
    import secrets

    from planner.feeds.site import check_base_url

    if secret_key and len(secret_key) < MIN_SECRET_KEY:
        raise UsageProblem(
            f"the secret key (PLANNER_SECRET_KEY) is too short; use at least {MIN_SECRET_KEY} random "
            "characters, e.g. from: openssl rand -hex 32"
        )
    fixed = today
    clock: Callable[[], dt.date] = (lambda: fixed) if fixed is not None else dt.date.today
    store = tokens.store if tokens is not None else api.open_database(db_url)
    return WebSite(
        catalogue=catalogue,
        store=store,
        tokens=tokens if tokens is not None else TokenStore(store),
        base_url=check_base_url(base_url),
        secret_key=secret_key or secrets.token_urlsafe(32),
        today=clock,
        country=country,
    )


@dataclass
class Page:
    """What a handler gets: the request, its form (for a POST), the account and the site."""

    request: Request
    site: WebSite
    user: User | None
    form: FormData | None = None

    def query(self, name: str, default: str = "") -> str:
        return self.request.query_params.get(name, default).strip()

    def queries(self, name: str) -> list[str]:
        return [v.strip() for v in self.request.query_params.getlist(name) if v.strip()]

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name, default) if self.form is not None else default
        return value.strip() if isinstance(value, str) else default

    def optional(self, name: str) -> str | None:
        """A form field's text, or None when the form does not have the field."""
        if self.form is None or name not in self.form:
            return None
        value = self.form.get(name)
        return value if isinstance(value, str) else None

    def number(self, name: str) -> int:
        text = self.field(name)
        try:
            return int(text)
        except ValueError:
            raise UsageProblem(f"the form sent '{text}' for {name}; reload the page and try again") from None

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        base: dict[str, Any] = {
            "user": self.user,
            "csrf": auth.csrf_token(self.request),
            "path": self.request.url.path,
            "today": self.site.today(),
            "can_edit": self.user is not None and self.user.role.allows(Role.EDITOR),
            "is_admin": self.user is not None and self.user.role.allows(Role.ADMIN),
            "flash": self.request.query_params.get("done", "")[:200],
            "htmx_version": HTMX_VERSION,
            "reload": "",
            "sent": [],
        }
        html = render_template(f"web/{template}", {**base, **context})
        return HTMLResponse(html, status_code=status, headers={**auth.HEADERS, "Content-Security-Policy": auth.CSP})


Handler = Callable[[Page], Response]


def _redirect(path: str, done: str = "") -> RedirectResponse:
    """A 303 to a local path (never an absolute URL built from the Host header)."""
    if done:
        path, hash_, fragment = path.partition("#")
        path += ("&" if "?" in path else "?") + urlencode({"done": done}) + hash_ + fragment
    return RedirectResponse(path, status_code=303)


def page(site: WebSite, needed: Role | None, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint: account, role, CSRF and errors around a thin handler."""

    async def endpoint(request: Request) -> Response:
        name = auth.signed_in_name(request)
        user = await run_in_threadpool(site.store.user, name) if name else None
        if name and user is None:
            auth.sign_out(request)  # the account was removed
        current = Page(request, site, user)
        if request.method == "POST":
            current.form = await request.form(max_files=0, max_fields=2000)
            if not auth.csrf_ok(request, current.form.get(auth.CSRF_FIELD)):
                return current.render(
                    "error.html.j2",
                    403,
                    title="This form has expired",
                    message="The page was open too long or came from somewhere else, so nothing was changed. "
                    "Go back, reload the page and try again.",
                )
        if needed is not None and user is None:
            return _redirect("/login?" + urlencode({"next": request.url.path}))
        if needed is not None and user is not None and not user.role.allows(needed):
            return current.render(
                "error.html.j2",
                403,
                title="Not allowed",
                message=f"Your account is a {user.role.value} account: it {ROLE_WORDS[user.role]}. "
                f"This needs an {needed.value} account; ask an admin if you need it.",
            )
        try:
            return await run_in_threadpool(handler, current)
        except NotAllowed as exc:
            return current.render("error.html.j2", 403, title="Not allowed", message=exc.message)
        except PhaseConflict as exc:
            return current.render(
                "error.html.j2",
                409,
                title="Someone else changed this",
                message=exc.message,
                reload=_page_of(request),
                sent=_sent(current.form),
            )
        except TooManyAttempts as exc:
            return current.render(
                "login.html.j2", 429, title="Sign in", error=exc.message, name="", next=request.url.path
            )
        except UsageProblem as exc:
            status = 404 if isinstance(exc, UnknownId) and request.method == "GET" else 400
            return current.render("error.html.j2", status, title="Please check", message=exc.message)
        except PlannerError as exc:
            return current.render("error.html.j2", 500, title="Something went wrong", message=exc.message)

    return endpoint


_SENT_LABELS = {
    "date": "Date",
    "owner": "Owner",
    "status": "Status",
    "note": "Note",
    "role": "Role",
    "person": "Person",
}


def _sent(form: FormData | None) -> list[tuple[str, str]]:
    """What a refused form held, as (label, value) for the fields a person types or picks, so a
    conflict page can show it to copy before reloading (the reload shows the other person's)."""
    if form is None:
        return []
    out = []
    for name, label in _SENT_LABELS.items():
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            out.append((label, value.strip()[:2000]))
    return out


def _page_of(request: Request) -> str:
    """The page a form was sent from: the campaign's page for a phase form."""
    campaign = request.path_params.get("campaign")
    return f"/campaigns/{quote(str(campaign))}" if campaign else request.url.path


# -- public pages ---------------------------------------------------------------------------------


def calendar_page(p: Page) -> Response:
    today = p.site.today()
    year, month = api.month_of(p.query("month"), today=today)
    view = "list" if p.query("view") == "list" else "grid"
    first, last = api.month_range(year, month)
    cal = api.calendar_month(
        p.site.catalogue,
        p.site.campaigns(p.user, first, last),
        year,
        month,
        today=today,
        themes=p.queries("theme"),
        kinds=p.queries("kind"),
        priorities=p.queries("priority"),
        search=p.query("q")[:100],
    )
    keep = [(k, v) for k, v in p.request.query_params.multi_items() if k in ("theme", "kind", "priority", "q", "view")]
    return p.render(
        "calendar.html.j2",
        title=f"{cal.first:%B %Y}",
        cal=cal,
        view=view,
        filters=urlencode(keep),
        themes=sorted(p.site.catalogue.themes.items()),
        kinds=[k.value for k in Kind],
        priorities=[x.value for x in Priority],
        month_param=lambda y, m: f"{y:04d}-{m:02d}",
    )


def observance_page(p: Page) -> Response:
    info = api.observance_page(
        p.site.catalogue,
        p.site.campaigns(p.user),
        str(p.request.path_params["observance"]),
        today=p.site.today(),
        templates=p.site.templates,
    )
    return p.render("observance.html.j2", title=info.observance.name, info=info)


def subscribe_page(p: Page) -> Response:
    feeds = api.subscribe_feeds(p.site.catalogue, p.site.base_url, today=p.site.today())
    tokens = api.team_feeds(p.site.tokens, by=p.user) if p.user is not None else ()
    campaigns = p.site.campaigns(p.user)
    return p.render(
        "subscribe.html.j2",
        title="Subscribe to the calendar",
        feeds=feeds,
        tokens=tokens,
        campaigns=campaigns,
        base=p.site.base_url,
        plain_http=not p.site.base_url.startswith("https://"),
        secret=None,
    )


def token_create(p: Page) -> Response:
    chosen = [c for c in (p.form.getlist("campaign") if p.form else []) if isinstance(c, str) and c]
    record, secret = api.new_team_feed(p.site.tokens, p.site.store, p.field("label")[:100], chosen, by=_user(p))
    feeds = api.subscribe_feeds(p.site.catalogue, p.site.base_url, today=p.site.today())
    url = api.team_feed_url(p.site.base_url, secret)
    return p.render(
        "subscribe.html.j2",
        title="Subscribe to the calendar",
        feeds=feeds,
        tokens=api.team_feeds(p.site.tokens, by=_user(p)),
        campaigns=p.site.campaigns(p.user),
        base=p.site.base_url,
        plain_http=not p.site.base_url.startswith("https://"),
        secret={"record": record, "url": url},
    )


def token_revoke(p: Page) -> Response:
    record = api.revoke_team_feed(p.site.tokens, str(p.request.path_params["token"]), by=_user(p))
    label = f" ({record.label})" if record.label else ""
    return _redirect("/subscribe#team", f"Revoked the team feed address {record.id}{label}: it stops working now.")


# -- signing in -----------------------------------------------------------------------------------


def login_form(p: Page) -> Response:
    return p.render("login.html.j2", title="Sign in", error="", name="", next=auth.safe_next(p.query("next")))


def login_submit(p: Page) -> Response:
    target = auth.safe_next(p.field("next"))
    client = p.request.client.host if p.request.client else "unknown"
    name = p.field("name")[:64]
    try:
        user = api.log_in(
            p.site.store, p.site.limiter, name, p.field("password")[:2048], client=client, now=p.site.now()
        )
    except api.WrongLogin as exc:
        return p.render("login.html.j2", 401, title="Sign in", error=exc.message, name=name, next=target)
    except TooManyAttempts as exc:
        return p.render("login.html.j2", 429, title="Sign in", error=exc.message, name=name, next=target)
    auth.sign_in(p.request, user.name)
    return _redirect(target)


def logout(p: Page) -> Response:
    auth.sign_out(p.request)
    return _redirect("/", "You are signed out.")


# -- the plan -------------------------------------------------------------------------------------


def _plan(p: Page, quarter: str) -> Any:
    return api.quarter_plan(
        p.site.catalogue,
        p.site.store,
        quarter,
        today=p.site.today(),
        templates=p.site.templates,
        country=p.site.country,
    )


def plan_page(p: Page) -> Response:
    from planner.plans.output import plan_view

    quarter = p.query("quarter") or "next"
    plan = _plan(p, quarter)
    here = plan.quarter.start
    return p.render(
        "plan.html.j2",
        title=f"Plan for {plan.quarter.label}",
        plan=plan,
        view=plan_view(plan),
        quarter=str(plan.quarter),
        previous=str(plan.quarter.shift(-1)),
        following=str(plan.quarter.shift(1)),
        formats=api.plan_formats(),
        overdue=api.plan_overdue(plan, today=p.site.today()),
        start=here,
    )


def plan_download(p: Page) -> Response:
    plan = _plan(p, p.query("quarter") or "next")
    return _download(api.plan_download(plan, p.query("format") or "html"))


def plan_keep(p: Page) -> Response:
    quarter = p.field("quarter") or "next"
    kept = api.keep_suggestion(p.site.store, _plan(p, quarter), p.field("campaign"), by=_user(p), now=p.site.now())
    return _redirect(f"/campaigns/{quote(kept.id)}", f"Saved {kept.name} as the team's campaign.")


def _download(d: api.Download) -> Response:
    return Response(
        d.body,
        media_type=d.media_type,
        headers={
            **auth.HEADERS,
            "Content-Disposition": f'attachment; filename="{d.filename}"',
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        },
    )


# -- campaigns ------------------------------------------------------------------------------------


def campaigns_page(p: Page) -> Response:
    every = p.query("show") == "all"
    page = p.query("page")
    listed = api.current_campaigns(
        p.site.store, today=p.site.today(), every=every, page=int(page) if page.isdigit() and len(page) < 7 else 1
    )
    return p.render(
        "campaigns.html.j2",
        title="Campaigns",
        rows=api.campaign_rows(listed.campaigns, today=p.site.today()),
        listed=listed,
        older=listed.older,
        every=every,
        days=api.CURRENT_DAYS,
    )


def campaign_new(p: Page) -> Response:
    year_text = p.query("year")
    year = _year(year_text) if year_text else None
    template = p.query("template") or None
    preview = api.preview_campaign(
        p.site.catalogue,
        p.site.templates,
        p.query("observance"),
        year=year,
        template=template,
        today=p.site.today(),
        now=p.site.now(),
        country=p.site.country,
    )
    return p.render(
        "campaign_new.html.j2",
        title=f"Plan a campaign: {preview.name}",
        preview=preview,
        templates=api.templates_for(p.site.catalogue, p.site.templates, preview.observance_id),
    )


def campaign_create(p: Page) -> Response:
    preview = api.preview_campaign(
        p.site.catalogue,
        p.site.templates,
        p.field("observance"),
        year=_year(p.field("year")),
        template=p.field("template") or None,
        today=p.site.today(),
        now=p.site.now(),
        country=p.site.country,
        name=p.field("name")[:200],
    )
    created = api.save_campaign(p.site.store, preview, by=_user(p))
    return _redirect(f"/campaigns/{quote(created.id)}", f"Created {created.name}.")


def _year(text: str) -> int:
    from planner.quarters import parse_year

    return parse_year(text)


def campaign_page(p: Page) -> Response:
    info = api.campaign_page(
        p.site.store,
        p.site.catalogue,
        str(p.request.path_params["campaign"]),
        today=p.site.today(),
        templates=p.site.templates,
        people=[person.name for person in api.team_roster(p.site.store).people],
    )
    return p.render(
        "campaign.html.j2",
        title=info.campaign.name,
        info=info,
        statuses=[s.value for s in PhaseStatus],
    )


def phase_save(p: Page) -> Response:
    campaign_id = str(p.request.path_params["campaign"])
    key = str(p.request.path_params["phase"])
    after = api.save_phase(
        p.site.store,
        campaign_id,
        key,
        version=p.number("version"),
        by=_user(p),
        now=p.site.now(),
        status=p.optional("status"),
        owner=None if p.optional("owner") is None else p.field("owner")[:100],
        date=p.optional("date"),
        note=None if p.optional("note") is None else p.field("note")[:2000],
    )
    phase = after.phase(key)
    return _redirect(f"/campaigns/{quote(after.id)}#phase-{key}", f"Saved {phase.name}.")


def phase_done(p: Page) -> Response:
    campaign_id = str(p.request.path_params["campaign"])
    key = str(p.request.path_params["phase"])
    after = api.mark_done(p.site.store, campaign_id, key, version=p.number("version"), by=_user(p), now=p.site.now())
    return _redirect(f"/campaigns/{quote(after.id)}#phase-{key}", f"Marked {after.phase(key).name} as done.")


def campaign_assign(p: Page) -> Response:
    campaign_id = str(p.request.path_params["campaign"])
    role, person = p.field("role"), p.field("person")[:100]
    versions = {}
    for name in p.form or ():
        if name.startswith("version."):
            versions[name[len("version.") :]] = p.number(name)
    done = api.assign_roles(
        p.site.store, campaign_id, [f"{role}={person}"], now=p.site.now(), by=_user(p), versions=versions
    )
    changed = done.changed.get(role, 0)
    name = dict(done.assignments).get(role, person)
    phases = f"{changed} phase{'s' if changed != 1 else ''}"
    if not changed:
        said = (
            f"Nothing changed: the {role} role's phases already have nobody."
            if not name
            else f"Nothing changed: {name} already has the {role} role's phases."
        )
    elif not name:
        said = f"Left {phases} of the {role} role with nobody."
    else:
        said = f"Gave {phases} of the {role} role to {name}."
    return _redirect(f"/campaigns/{quote(done.campaign.id)}", said)


def campaign_move(p: Page) -> Response:
    campaign_id = str(p.request.path_params["campaign"])
    after = api.reschedule_campaign(
        p.site.store, p.site.catalogue, campaign_id, year=_year(p.field("year")), by=_user(p), now=p.site.now()
    )
    return _redirect(f"/campaigns/{quote(after.id)}", f"Re-scheduled: the day is now {after.day:%d %B %Y}.")


def campaign_delete_confirm(p: Page) -> Response:
    c = p.site.store.campaign(str(p.request.path_params["campaign"]))
    api.require(p.user, Role.EDITOR)
    return p.render("campaign_delete.html.j2", title=f"Delete {c.name}?", campaign=c)


def campaign_delete(p: Page) -> Response:
    gone = api.remove_campaign(p.site.store, str(p.request.path_params["campaign"]), by=_user(p), now=p.site.now())
    return _redirect("/campaigns", f"Deleted {gone.name}.")


# -- team, briefs, accounts -----------------------------------------------------------------------


def team_page(p: Page) -> Response:
    today = p.site.today()
    roster = api.team_roster(p.site.store)
    due = api.due(p.site.store, today=today, days=28)
    folded = {d.owner.casefold(): d for d in due}
    work = {person.name: folded.get(person.name.casefold()) for person in roster.people}
    others = [d for d in due if roster.get(d.owner) is None]
    return p.render("team.html.j2", title="Team", roster=roster, work=work, others=others, today=today)


def _roles(p: Page) -> list[str]:
    return [r for r in p.field("roles").replace(",", " ").split() if r]


def _capacity(p: Page) -> int:
    text = p.field("capacity").strip()
    if not text.isdigit():
        raise UsageProblem(f"capacity '{text[:20]}' is not a whole number of phases a week (for example 3)")
    return int(text)


def person_add(p: Page) -> Response:
    api.require(p.user, Role.EDITOR)
    person = api.add_person(p.site.store, p.field("name")[:100], _roles(p), _capacity(p), now=p.site.now())
    return _redirect("/team", f"Added {person.name} to the team.")


def person_change(p: Page) -> Response:
    api.require(p.user, Role.EDITOR)
    name = str(p.request.path_params["name"])
    change = api.change_person(p.site.store, name, now=p.site.now(), roles=_roles(p) or [], capacity=_capacity(p))
    return _redirect("/team", f"Saved {change.after.name}.")


def person_remove(p: Page) -> Response:
    api.require(p.user, Role.EDITOR)
    person, still = api.remove_person(p.site.store, str(p.request.path_params["name"]), today=p.site.today())
    left = f" {still} open phase{'s' if still != 1 else ''} still carry their name." if still else ""
    return _redirect("/team", f"Took {person.name} off the team.{left}")


@dataclass(frozen=True)
class _BriefChoice:
    observance: str
    year_text: str
    audience: str

    @property
    def params(self) -> str:
        return urlencode({"observance": self.observance, "year": self.year_text, "audience": self.audience})


def _brief_choice(p: Page, *, form: bool = False) -> _BriefChoice:
    if form:
        return _BriefChoice(p.field("observance")[:200], p.field("year")[:10], p.field("audience")[:40] or "general")
    return _BriefChoice(p.query("observance")[:200], p.query("year")[:10], p.query("audience")[:40] or "general")


def _chosen_year(p: Page, chosen: _BriefChoice) -> int:
    year = _year(chosen.year_text) if chosen.year_text else None
    return api.brief_year(p.site.catalogue, chosen.observance, year=year, today=p.site.today())


def _brief_parts(p: Page, chosen: _BriefChoice) -> tuple[Any, api.TeamMessages]:
    """The brief for the chosen day, year and audience, and the team's saved messages it uses."""
    today = p.site.today()
    year = _chosen_year(p, chosen)
    saved = api.team_messages(p.site.store, p.site.catalogue, chosen.observance, year)
    brief = api.brief_for(
        p.site.catalogue,
        p.site.store,
        chosen.observance,
        year=year,
        audience=chosen.audience,
        today=today,
        saved=saved,
    )
    return brief, saved


def _briefs(
    p: Page,
    chosen: _BriefChoice,
    *,
    status: int = 200,
    entered: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
) -> Response:
    brief, saved = _brief_parts(p, chosen) if chosen.observance else (None, None)
    return p.render(
        "briefs.html.j2",
        status,
        title="Messaging briefs",
        brief=brief,
        saved=saved,
        fields=entered if entered is not None else (saved.fields if saved is not None else {}),
        errors=errors or {},
        problem=problem,
        linked=api.day_recommendations(p.site.catalogue, chosen.observance) if brief is not None else (),
        observances=api.observance_choices(p.site.catalogue),
        audiences=api.audiences(),
        chosen={"observance": chosen.observance, "year": chosen.year_text, "audience": chosen.audience},
        params=chosen.params,
        formats=api.brief_formats(),
        platforms=api.brief_platforms(),
    )


def briefs_page(p: Page) -> Response:
    return _briefs(p, _brief_choice(p))


def _entered(p: Page) -> dict[str, Any]:
    """The messages form's fields as sent: text per field; the recommendation boxes and the typed
    ids of a pillar together, as a list."""
    out: dict[str, Any] = {}
    if p.form is None:
        return out
    for name in api.message_form_fields():
        values = [v for v in p.form.getlist(name) if isinstance(v, str)]
        if name.endswith("_recommendations"):
            out[name] = [w for v in values for w in v.replace(",", " ").split() if w]
        else:
            out[name] = values[0][: 2 * 10_000] if values else ""
    return out


def brief_messages_save(p: Page) -> Response:
    chosen = _brief_choice(p, form=True)
    entered = _entered(p)
    year = api.brief_year(
        p.site.catalogue,
        chosen.observance,
        year=_year(chosen.year_text) if chosen.year_text else None,
        today=p.site.today(),
    )
    try:
        saved = api.save_team_messages(
            p.site.store,
            p.site.catalogue,
            chosen.observance,
            year,
            entered,
            by=_user(p),
            expected_version=p.number("version"),
            now=p.site.now(),
        )
    except MessageFieldsError as exc:
        return _briefs(p, chosen, status=400, entered=entered, errors=exc.by_field(), problem=exc.message)
    except MessagesConflict as exc:
        return _briefs(p, chosen, status=409, entered=entered, problem=exc.message)
    name = p.site.catalogue.observance(chosen.observance).name
    done = (
        f"Saved your team's messages for {name} {year}: the preview and the downloads use them."
        if saved.saved
        else f"Cleared your team's messages for {name} {year}: the brief uses planner's drafts again."
    )
    return _redirect(f"/briefs?{chosen.params}#main", done)  # the message at the top, not the form


def brief_preview(p: Page) -> Response:
    html = api.brief_html(_brief_parts(p, _brief_choice(p))[0])
    return HTMLResponse(html, headers={**auth.HEADERS, "Content-Security-Policy": auth.PREVIEW_CSP})


def brief_download(p: Page) -> Response:
    return _download(api.brief_download(_brief_parts(p, _brief_choice(p))[0], p.query("format") or "docx"))


def users_page(p: Page) -> Response:
    return p.render(
        "users.html.j2",
        title="Accounts",
        accounts=api.users(p.site.store, by=_user(p)),
        roles=list(Role),
        words=ROLE_WORDS,
    )


def user_add(p: Page) -> Response:
    api.require(p.user, Role.ADMIN)
    made = api.add_user(p.site.store, p.field("name"), p.field("role"), p.field("password")[:1024], now=p.site.now())
    return _redirect("/users", f"Created the {made.role.value} account {made.name}.")


def user_role(p: Page) -> Response:
    changed = api.set_role(
        p.site.store, str(p.request.path_params["name"]), p.field("role"), now=p.site.now(), by=_user(p)
    )
    return _redirect("/users", f"{changed.name} is now a {changed.role.value}.")


def _user(p: Page) -> User:
    return api.require(p.user, Role.VIEWER)


# -- the routes -----------------------------------------------------------------------------------


def routes(site: WebSite) -> list[BaseRoute]:
    """The pages' routes, to mount in front of the feed routes of `planner.web.app`."""

    def r(path: str, handler: Handler, needed: Role | None, methods: Sequence[str] = ("GET",)) -> Route:
        return Route(path, page(site, needed, handler), methods=list(methods))

    post = ("POST",)
    return [
        r("/", calendar_page, None),
        r("/observances/{observance}", observance_page, None),
        r("/subscribe", subscribe_page, None),
        r("/login", login_form, None),
        r("/login", login_submit, None, post),
        r("/logout", logout, None, post),
        r("/plan", plan_page, Role.VIEWER),
        r("/plan/download", plan_download, Role.VIEWER),
        r("/plan/keep", plan_keep, Role.EDITOR, post),
        r("/campaigns", campaigns_page, Role.VIEWER),
        r("/campaigns/new", campaign_new, Role.VIEWER),
        r("/campaigns", campaign_create, Role.EDITOR, post),
        r("/campaigns/{campaign}", campaign_page, Role.VIEWER),
        r("/campaigns/{campaign}/phases/{phase}", phase_save, Role.EDITOR, post),
        r("/campaigns/{campaign}/phases/{phase}/done", phase_done, Role.EDITOR, post),
        r("/campaigns/{campaign}/assign", campaign_assign, Role.EDITOR, post),
        r("/campaigns/{campaign}/move", campaign_move, Role.EDITOR, post),
        r("/campaigns/{campaign}/delete", campaign_delete_confirm, Role.EDITOR),
        r("/campaigns/{campaign}/delete", campaign_delete, Role.EDITOR, post),
        r("/team", team_page, Role.VIEWER),
        r("/team/people", person_add, Role.EDITOR, post),
        r("/team/people/{name}", person_change, Role.EDITOR, post),
        r("/team/people/{name}/remove", person_remove, Role.EDITOR, post),
        r("/briefs", briefs_page, Role.VIEWER),
        r("/briefs/preview", brief_preview, Role.VIEWER),
        r("/briefs/download", brief_download, Role.VIEWER),
        r("/briefs/messages", brief_messages_save, Role.EDITOR, post),
        r("/tokens", token_create, Role.EDITOR, post),
        r("/tokens/{token}/revoke", token_revoke, Role.EDITOR, post),
        r("/users", users_page, Role.ADMIN),
        r("/users", user_add, Role.ADMIN, post),
        r("/users/{name}/role", user_role, Role.ADMIN, post),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]


def middleware(site: WebSite) -> list[Middleware]:
    """The signed session cookie: HttpOnly, SameSite=Lax, Secure when the site is on https."""
    return [
        Middleware(
            SessionMiddleware,
            secret_key=site.secret_key,
            session_cookie=auth.SESSION_COOKIE,
            max_age=auth.SESSION_AGE,
            same_site="lax",
            https_only=site.secure,
        )
    ]
