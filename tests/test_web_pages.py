"""The web pages over HTTP: sign-in, roles, CSRF, escaping, the rate limit, no trust in the Host
header, optimistic locking. Real database (SQLite and PostgreSQL), real ASGI app, httpx client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from planner.catalogue.model import Catalogue
from planner.web.pages import WebSite

from .dbs import database_url, postgres_url  # noqa: F401 - fixtures
from .web_server import PASSWORD, Clock, build, free_port, serving


class Web:
    """A running server, its clock, and clients (each with its own cookies, i.e. its own person)."""

    def __init__(self, base: str, clock: Clock, site: WebSite) -> None:
        self.base = base
        self.clock = clock
        self.site = site
        self._clients: list[httpx.Client] = []

    def client(self) -> httpx.Client:
        made = httpx.Client(base_url=self.base, follow_redirects=False, timeout=30)
        self._clients.append(made)
        return made

    def close(self) -> None:
        for c in self._clients:
            c.close()


OBSERVANCE = "world-press-freedom-day"


@pytest.fixture
def web(catalogue: Catalogue, database_url: str, tmp_path: Path) -> Iterator[Web]:  # noqa: F811
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app, site, clock = build(catalogue, database_url, tmp_path, base_url=base)
    with serving(app, port):
        running = Web(base, clock, site)
        yield running
        running.close()
    site.store.close()


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: httpx.Client, name: str, password: str = PASSWORD) -> None:
    token = csrf(client.get("/login").text)
    answer = client.post("/login", data={"csrf": token, "name": name, "password": password, "next": "/"})
    assert answer.status_code == 303, answer.text


def create_campaign(client: httpx.Client, name: str = "") -> str:
    token = csrf(client.get(f"/campaigns/new?observance={OBSERVANCE}&year=2027").text)
    data = {"csrf": token, "observance": OBSERVANCE, "year": "2027", "template": "standard", "name": name}
    answer = client.post("/campaigns", data=data)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"]).split("?")[0]


def test_public_pages_need_no_account_and_the_rest_asks_to_sign_in(web: Web) -> None:
    client = web.client()
    for path in ("/", "/?view=list", f"/observances/{OBSERVANCE}", "/subscribe", "/login", "/static/app.css"):
        assert client.get(path).status_code == 200, path
    for path in ("/plan", "/campaigns", "/team", "/briefs", "/users"):
        answer = client.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/login?next={path.replace('/', '%2F')}"


def test_the_calendar_shows_the_month_filters_and_search(web: Web) -> None:
    client = web.client()
    may = client.get("/?month=2027-05").text
    assert "May 2027" in may and "World Press Freedom Day" in may
    filtered = client.get("/?month=2027-05&q=press+freedom&view=list").text
    assert "World Press Freedom Day" in filtered and "International Day of Families" not in filtered
    assert client.get("/?month=2027-13").status_code == 400
    wrong = client.get("/?theme=no-such-theme")
    assert wrong.status_code == 404 and "unknown theme" in wrong.text


def test_wrong_password_and_unknown_name_get_the_same_answer(web: Web) -> None:
    client = web.client()
    token = csrf(client.get("/login").text)
    wrong = client.post("/login", data={"csrf": token, "name": "editor", "password": "not the password"})
    unknown = client.post("/login", data={"csrf": token, "name": "nobody", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    assert "the name or the password is wrong" in wrong.text and "the name or the password is wrong" in unknown.text


def test_sign_in_is_rate_limited(web: Web) -> None:
    client = web.client()
    token = csrf(client.get("/login").text)
    for _ in range(5):
        assert (
            client.post("/login", data={"csrf": token, "name": "editor", "password": "guess guess guess"}).status_code
            == 401
        )
    blocked = client.post("/login", data={"csrf": token, "name": "editor", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "too many sign-in attempts; wait 15 minutes" in blocked.text
    assert "planner_session" not in blocked.headers.get("set-cookie", "") or "user" not in client.cookies


def test_every_post_needs_the_session_csrf_token(web: Web) -> None:
    client = web.client()
    assert client.post("/login", data={"name": "editor", "password": PASSWORD}).status_code == 403
    log_in(client, "editor")
    page = create_campaign(client)
    html = client.get(page).text
    version = re.search(r'name="version" value="(\d+)"', html)
    assert version
    refused = client.post(f"{page}/phases/research/done", data={"csrf": "forged" * 8, "version": version.group(1)})
    assert refused.status_code == 403 and "This form has expired" in refused.text
    campaign_id = page.rsplit("/", 1)[1]
    assert web.site.store.campaign(campaign_id).phase("research").status.value == "todo"
    other = web.client()
    log_in(other, "editor")
    # a token from another session is refused too
    assert (
        client.post(
            f"{page}/phases/research/done", data={"csrf": csrf(other.get("/").text), "version": version.group(1)}
        ).status_code
        == 403
    )


def test_roles_viewer_reads_editor_changes_admin_manages_accounts(web: Web) -> None:
    client = web.client()
    log_in(client, "editor")
    page = create_campaign(client)
    assert client.get("/users").status_code == 403
    viewer = web.client()
    log_in(viewer, "viewer")
    html = viewer.get(page).text
    assert "ask an editor to change it" in html and "Save</button>" not in html
    token = csrf(html)
    assert viewer.post(f"{page}/phases/research/done", data={"csrf": token, "version": "1"}).status_code == 403
    assert viewer.post(f"{page}/delete", data={"csrf": token}).status_code == 403
    assert viewer.post("/tokens", data={"csrf": token, "label": "x"}).status_code == 403
    assert (
        viewer.post(
            "/users", data={"csrf": token, "name": "mallory", "role": "admin", "password": PASSWORD}
        ).status_code
        == 403
    )
    for path in ("/plan", "/campaigns", "/team", f"/briefs?observance={OBSERVANCE}&year=2027"):
        assert viewer.get(path).status_code == 200, path
    admin = web.client()
    log_in(admin, "admin")
    made = admin.post(
        "/users", data={"csrf": csrf(admin.get("/users").text), "name": "amina", "role": "editor", "password": PASSWORD}
    )
    assert made.status_code == 303
    assert "amina" in admin.get("/users").text


def test_user_text_is_escaped_everywhere(web: Web) -> None:
    client = web.client()
    log_in(client, "editor")
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = create_campaign(client, name=evil)
    html = client.get(page).text
    token = csrf(html)
    client.post(f"{page}/phases/research", data={"csrf": token, "version": "1", "note": evil, "owner": evil})
    for path in (page, "/campaigns", "/team", "/?month=2027-03&view=list", f"/?q={evil}"):
        body = client.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path
        assert "&lt;script&gt;" in body, path


def test_no_address_is_taken_from_the_host_header(web: Web) -> None:
    client = web.client()
    headers = {"host": "evil.example"}
    assert "evil.example" not in client.get("/subscribe", headers=headers).text
    assert f"{web.base}/feeds/observances.ics" in client.get("/subscribe", headers=headers).text
    redirect = client.get("/plan", headers=headers)
    assert redirect.headers["location"].startswith("/login")
    token = csrf(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf": token, "name": "editor", "password": PASSWORD, "next": "//evil.example/x"},
        headers=headers,
    )
    assert answer.headers["location"] == "/"


def test_pages_send_a_strict_content_security_policy_and_safe_cookies(web: Web) -> None:
    client = web.client()
    answer = client.get("/login")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "<script>" not in answer.text  # no inline scripts: every script has a src
    cookie = answer.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http here; see the https test below


def test_the_session_cookie_is_secure_behind_https(catalogue: Catalogue, tmp_path: Path) -> None:
    app, site, _ = build(catalogue, f"sqlite:///{tmp_path / 'c.db'}", tmp_path, base_url="https://planner.example.org")
    port = free_port()
    with serving(app, port), httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        assert "; secure" in client.get("/login").headers["set-cookie"].lower()
    site.store.close()


def test_a_second_save_of_the_same_phase_is_refused_with_who_and_when(web: Web) -> None:
    client = web.client()
    log_in(client, "editor")
    page = create_campaign(client)
    other = web.client()
    log_in(other, "admin")
    first, second = client.get(page).text, other.get(page).text
    assert (
        client.post(f"{page}/phases/research", data={"csrf": csrf(first), "version": "1", "owner": "Amina"}).status_code
        == 303
    )
    late = other.post(f"{page}/phases/research", data={"csrf": csrf(second), "version": "1", "owner": "Ben"})
    assert late.status_code == 409
    assert "was changed by editor at 09:30 on 12 Apr 2027 (UTC)" in late.text and "Reload the page" in late.text
    assert "Amina" in other.get(page).text


def test_the_team_page_keeps_the_roster_and_shows_each_persons_work(web: Web) -> None:
    editor = web.client()
    log_in(editor, "editor")
    team = csrf(editor.get("/team").text)
    for name, roles, capacity in (("Amina Diallo", "writer, researcher", "2"), ("Ben Ode", "designer", "3")):
        added = editor.post("/team/people", data={"csrf": team, "name": name, "roles": roles, "capacity": capacity})
        assert added.status_code == 303, added.text
    taken = editor.post("/team/people", data={"csrf": team, "name": "amina diallo", "roles": "", "capacity": "2"})
    assert taken.status_code == 400 and "Amina Diallo" in taken.text  # one person per name, whatever the case
    bad = editor.post("/team/people", data={"csrf": team, "name": "Cleo", "roles": "", "capacity": "many"})
    assert bad.status_code == 400 and "capacity" in bad.text
    page = create_campaign(editor)
    campaign_id = page.rsplit("/", 1)[1]
    html = editor.get(page).text
    assert '<option value="writer">' in html and '<option value="Amina Diallo">' in html
    gave = editor.post(f"{page}/assign", data={"csrf": csrf(html), "role": "writer", "person": "amina diallo"})
    assert gave.status_code == 303, gave.text
    phases = web.site.store.campaign(campaign_id).phases
    assert (
        {p.key for p in phases if p.owner == "Amina Diallo"} == {p.key for p in phases if p.role == "writer"} != set()
    )
    nobody = editor.post(f"{page}/assign", data={"csrf": csrf(html), "role": "designer", "person": "Zed"})
    assert nobody.status_code in (400, 404) and "Zed" in nobody.text  # only people on the roster
    shown = editor.get("/team").text
    assert "The roster: 2 people" in shown and "researcher, writer" in shown
    amina = shown[shown.index('<h2 id="person-1">Amina Diallo</h2>') : shown.index('<h2 id="person-2">')]
    assert (
        "1 overdue" in amina and "Key messages drafted" in amina and "21 days late" in amina
    )  # T-42 passed on 12 April 2027
    assert "Nobody yet: the researcher role" in shown
    changed = editor.post(
        "/team/people/Ben%20Ode", data={"csrf": csrf(shown), "roles": "designer, social-media", "capacity": "1"}
    )
    assert changed.status_code == 303, changed.text
    assert web.site.store.roster().get("Ben Ode") is not None
    assert web.site.store.roster().get("Ben Ode").roles == ("designer", "social-media")  # type: ignore[union-attr]
    viewer = web.client()
    log_in(viewer, "viewer")
    seen = viewer.get("/team").text
    assert "Amina Diallo" in seen and "Add someone to the team" not in seen
    token = csrf(seen)
    assert viewer.post("/team/people", data={"csrf": token, "name": "Mallory", "capacity": "3"}).status_code == 403
    assert viewer.post("/team/people/Ben%20Ode/remove", data={"csrf": token}).status_code == 403
    forged = editor.post("/team/people/Ben%20Ode/remove", data={"csrf": "forged" * 8})
    assert forged.status_code == 403 and web.site.store.roster().get("Ben Ode") is not None
    gone = editor.post("/team/people/Ben%20Ode/remove", data={"csrf": csrf(editor.get("/team").text)})
    assert gone.status_code == 303 and web.site.store.roster().get("Ben Ode") is None
    assert [p.name for p in web.site.store.roster().people] == ["Amina Diallo"]


def test_downloads_of_the_plan_and_the_brief(web: Web) -> None:
    client = web.client()
    log_in(client, "viewer")
    csv = client.get("/plan/download?quarter=2027Q2&format=csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert 'filename="plan-' in csv.headers["content-disposition"]
    xlsx = client.get("/plan/download?quarter=2027Q2&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    docx = client.get(f"/briefs/download?observance={OBSERVANCE}&year=2027&audience=general&format=docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get("/plan/download?quarter=2027Q2&format=exe").status_code == 404


def test_feeds_are_still_served_beside_the_pages(web: Web) -> None:
    client = web.client()
    feed = client.get("/feeds/observances.ics")
    assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")
    assert "set-cookie" not in feed.headers
