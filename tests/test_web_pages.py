"""The web pages over HTTP: sign-in, roles, CSRF, escaping, the rate limit, no trust in the Host
header, optimistic locking. Real database (SQLite and PostgreSQL), real ASGI app, httpx client."""

from __future__ import annotations

import datetime as dt
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
    late = other.post(
        f"{page}/phases/research", data={"csrf": csrf(second), "version": "1", "owner": "Ben", "note": "<i>call</i>"}
    )
    assert late.status_code == 409
    assert "was changed by editor at 09:30 on 12 Apr 2027 (UTC)" in late.text and "Reload the page" in late.text
    # what the second person typed is shown to copy, not lost with the refused save
    assert "What you entered" in late.text and "<dt>Owner</dt><dd>Ben</dd>" in late.text
    assert "<dd>&lt;i&gt;call&lt;/i&gt;</dd>" in late.text
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
    versions = phase_versions(html)
    gave = editor.post(
        f"{page}/assign", data={"csrf": csrf(html), "role": "writer", "person": "amina diallo", **versions}
    )
    assert gave.status_code == 303, gave.text
    phases = web.site.store.campaign(campaign_id).phases
    assert (
        {p.key for p in phases if p.owner == "Amina Diallo"} == {p.key for p in phases if p.role == "writer"} != set()
    )
    nobody = editor.post(f"{page}/assign", data={"csrf": csrf(html), "role": "designer", "person": "Zed", **versions})
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


def test_a_kept_suggestion_gives_each_phase_to_the_roster_holder_of_its_role(web: Web) -> None:
    """Keeping a plan's suggestion staffs it from the roster, as `planner campaign new` does: the
    lead should not have to hand out every role again after building the team."""
    editor = web.client()
    log_in(editor, "editor")
    team = csrf(editor.get("/team").text)
    for name, roles in (("Amina", "campaign-lead"), ("Ben", "designer, social-media")):
        added = editor.post("/team/people", data={"csrf": team, "name": name, "roles": roles, "capacity": "3"})
        assert added.status_code == 303, added.text
    plan = editor.get("/plan?quarter=2027Q2").text
    kept = editor.post(
        "/plan/keep",
        data={"csrf": csrf(plan), "quarter": "2027Q2", "campaign": "world-press-freedom-day-2027"},
    )
    assert kept.status_code == 303, kept.text
    phases = web.site.store.campaign("world-press-freedom-day-2027").phases
    owners = {p.role: p.owner for p in phases}
    assert owners["campaign-lead"] == "Amina" and owners["designer"] == "Ben" and owners["social-media"] == "Ben"
    assert not owners.get("press-officer")  # nobody holds it: left for the lead to give


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


# -- the team's own messages on the Briefs page ---------------------------------------------------

BRIEF = f"/briefs?observance={OBSERVANCE}&year=2027&audience=general"


def messages_form(html: str) -> dict[str, str]:
    """The hidden fields of the messages form (csrf, observance, year, audience, version)."""
    form = html[html.index('action="/briefs/messages#messages"') :]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form[: form.index("</form>")]))


def test_an_editor_saves_the_teams_messages_and_the_brief_uses_them(web: Web) -> None:
    editor = web.client()
    log_in(editor, "editor")
    html = editor.get(BRIEF).text
    assert "Edit our messages" in html and "Using planner's drafts" in html
    assert '<label for="m-core_message">Core message</label>' in html and 'name="pillar4_title"' in html
    # beside each pillar: what the brief holds now and the citation a new title would keep
    assert html.count('<p class="draft">In the brief now: “') >= 3 and ", citing WP" in html
    hidden = messages_form(html)
    assert hidden["version"] == "0" and hidden["observance"] == OBSERVANCE and hidden["year"] == "2027"
    rec = re.search(r'type="checkbox" name="pillar1_recommendations" value="([^"]+)"', html)
    assert rec, "the day's linked recommendations are offered"
    data = {
        **hidden,
        "core_message": "A free press keeps every one of us informed.",
        "pillar1_title": "Back independent media",
        "pillar1_proof_points": "Our desk answered 120 questions in 2026.\r\n\r\nWe trained 40 reporters.",
        "pillar1_recommendations": [rec.group(1), ""],
        "calls_to_action": "Share one post today.",
        "hashtags": "#PressFreedom #WPFD2027",
        "post_x": "Our own post for X.",
    }
    saved = editor.post("/briefs/messages", data=data)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].startswith(f"/briefs?observance={OBSERVANCE}&year=2027")
    page = editor.get(saved.headers["location"]).text
    assert "Saved your team&#39;s messages for World Press Freedom Day 2027" in page
    assert "Using your team&#39;s messages saved by editor on 12 April 2027" in page
    assert "A free press keeps every one of us informed." in page  # back in the form
    assert "Our desk answered 120 questions in 2026.\nWe trained 40 reporters." in page
    assert messages_form(page)["version"] == "1"
    preview = editor.get(f"/briefs/preview?observance={OBSERVANCE}&year=2027&audience=general").text
    assert "A free press keeps every one of us informed." in preview and "Back independent media" in preview
    assert "from your team&#39;s messages saved by editor on 12 April 2027" in preview
    md = editor.get(f"/briefs/download?observance={OBSERVANCE}&year=2027&audience=youth&format=md").text
    assert "A free press keeps every one of us informed." in md and "Our own post for X." in md
    stored = web.site.store.team_messages(OBSERVANCE, 2027)
    assert stored is not None and (stored.version, stored.changed_by) == (1, "editor")
    assert web.site.store.team_messages(OBSERVANCE, 2028) is None  # per occurrence: another year has none
    # every field emptied: cleared, and the brief uses planner's drafts again
    emptied = {**messages_form(page), **{k: "" for k in data if k not in hidden}}
    cleared = editor.post("/briefs/messages", data=emptied)
    assert cleared.status_code == 303, cleared.text
    again = editor.get(cleared.headers["location"]).text
    assert "Cleared your team&#39;s messages" in again and "Using planner's drafts" in again
    assert "A free press keeps" not in editor.get(f"/briefs/preview?observance={OBSERVANCE}&year=2027").text


def test_bad_messages_are_refused_field_by_field_and_the_text_is_kept(web: Web) -> None:
    editor = web.client()
    log_in(editor, "editor")
    hidden = messages_form(editor.get(BRIEF).text)
    data = {
        **hidden,
        "core_message": "Our core message, kept while we fix the rest.",
        "pillar2_recommendations": "WP9999-1.1",
        "hashtags": "PressFreedom",
        "post_x": "bell\x07",
    }
    refused = editor.post("/briefs/messages", data=data)
    assert refused.status_code == 400
    html = refused.text
    assert "Your messages have 3 problems" in html
    assert "Pillar 2 recommendations: unknown recommendation &#39;WP9999-1.1&#39;" in html
    assert "Hashtags: &#39;PressFreedom&#39; is not a hashtag: start with #" in html
    assert "X post: contains the invisible character U+0007 (BEL)" in html
    assert 'id="m-hashtags" name="hashtags" value="PressFreedom" aria-describedby="h-hashtags e-hashtags"' in html
    assert "Our core message, kept while we fix the rest." in html  # nothing typed is lost
    assert web.site.store.team_messages(OBSERVANCE, 2027) is None  # nothing written


def test_a_stale_save_of_the_messages_is_refused_with_who_and_when(web: Web) -> None:
    editor, admin = web.client(), web.client()
    log_in(editor, "editor")
    log_in(admin, "admin")
    first, second = messages_form(editor.get(BRIEF).text), messages_form(admin.get(BRIEF).text)
    assert editor.post("/briefs/messages", data={**first, "core_message": "Ours first."}).status_code == 303
    web.clock.day = web.clock.day.replace(day=13)
    late = admin.post("/briefs/messages", data={**second, "core_message": "Theirs, later."})
    assert late.status_code == 409
    assert "were changed by editor at 09:30 on 12 Apr 2027 (UTC)" in late.text and "Reload the page" in late.text
    assert "Theirs, later." in late.text  # kept in the form
    stored = web.site.store.team_messages(OBSERVANCE, 2027)
    assert stored is not None and "Ours first." in stored.document and stored.version == 1


def test_viewers_read_the_messages_but_cannot_save_them(web: Web) -> None:
    editor = web.client()
    log_in(editor, "editor")
    hidden = messages_form(editor.get(BRIEF).text)
    assert editor.post("/briefs/messages", data={**hidden, "core_message": "Ours."}).status_code == 303
    viewer = web.client()
    log_in(viewer, "viewer")
    html = viewer.get(BRIEF).text
    assert "Edit our messages" not in html and 'action="/briefs/messages#messages"' not in html
    assert "<dt>Core message</dt><dd>Ours.</dd>" in html and "ask an editor to change them" in html
    token = csrf(html)
    refused = viewer.post("/briefs/messages", data={**hidden, "csrf": token, "version": "1", "core_message": "Theirs"})
    assert refused.status_code == 403
    forged = editor.post("/briefs/messages", data={**hidden, "csrf": "forged" * 8, "version": "1", "core_message": "X"})
    assert forged.status_code == 403 and "This form has expired" in forged.text
    nobody = web.client()
    answer = nobody.post("/briefs/messages", data={**hidden, "version": "1", "core_message": "X"})
    assert answer.status_code == 403  # no session: no CSRF token
    assert nobody.get(BRIEF).status_code == 303  # and the page asks to sign in
    stored = web.site.store.team_messages(OBSERVANCE, 2027)
    assert stored is not None and stored.version == 1 and "Ours." in stored.document


def test_the_teams_messages_are_escaped_everywhere(web: Web) -> None:
    editor = web.client()
    log_in(editor, "editor")
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    hidden = messages_form(editor.get(BRIEF).text)
    data = {**hidden, "core_message": evil, "pillar1_title": evil, "calls_to_action": evil, "post_x": evil}
    assert editor.post("/briefs/messages", data=data).status_code == 303
    viewer = web.client()
    log_in(viewer, "viewer")
    for client in (editor, viewer):
        for path in (BRIEF, f"/briefs/preview?observance={OBSERVANCE}&year=2027"):
            body = client.get(path).text
            assert "<script>alert" not in body and "<img src=x" not in body, path
            assert "&lt;script&gt;" in body, path
    # a refused save shows the typed text escaped too
    refused = editor.post("/briefs/messages", data={**messages_form(editor.get(BRIEF).text), "hashtags": evil})
    assert refused.status_code == 400 and "<script>alert" not in refused.text and "&lt;script&gt;" in refused.text


# -- bulk assignment by role ----------------------------------------------------------------------


def phase_versions(html: str) -> dict[str, str]:
    """The phase versions the bulk-assign form sends (version.KEY -> version)."""
    form = html[html.index('/assign"') :]
    return dict(re.findall(r'name="(version\.[\w-]+)" value="(\d+)"', form[: form.index("</form>")]))


def test_bulk_assign_records_the_editor_and_refuses_a_stale_page(web: Web) -> None:
    editor = web.client()
    log_in(editor, "editor")
    team = csrf(editor.get("/team").text)
    for name in ("Amina Diallo", "Ben Ode"):
        assert (
            editor.post(
                "/team/people", data={"csrf": team, "name": name, "roles": "writer", "capacity": "3"}
            ).status_code
            == 303
        )
    page = create_campaign(editor)
    campaign_id = page.rsplit("/", 1)[1]
    other = web.client()
    log_in(other, "admin")
    mine, theirs = editor.get(page).text, other.get(page).text
    assert '<option value="">Nobody (leave unassigned)</option>' in mine
    versions = phase_versions(mine)
    assert versions and set(versions.values()) == {"1"}
    gave = editor.post(
        f"{page}/assign", data={"csrf": csrf(mine), "role": "writer", "person": "Amina Diallo", **versions}
    )
    assert gave.status_code == 303, gave.text
    writer = {k for k, v in web.site.store.phase_versions(campaign_id).items() if v.updated_by == "editor"}
    phases = web.site.store.campaign(campaign_id).phases
    assert writer == {p.key for p in phases if p.role == "writer"} != set()
    # the admin's page still shows the old versions: refused, naming who changed it and when
    late = other.post(
        f"{page}/assign", data={"csrf": csrf(theirs), "role": "writer", "person": "Ben Ode", **phase_versions(theirs)}
    )
    assert late.status_code == 409
    assert "was changed by editor at 09:30 on 12 Apr 2027 (UTC)" in late.text and "Reload the page" in late.text
    assert "What you entered" in late.text and "<dt>Person</dt><dd>Ben Ode</dd>" in late.text
    assert {p.owner for p in web.site.store.campaign(campaign_id).phases if p.role == "writer"} == {"Amina Diallo"}
    # another role's phases did not change: the same stale page may still assign them
    designer = other.post(
        f"{page}/assign", data={"csrf": csrf(theirs), "role": "designer", "person": "Ben Ode", **phase_versions(theirs)}
    )
    assert designer.status_code == 303, designer.text
    # an empty choice leaves the role's phases with nobody
    fresh = editor.get(page).text
    cleared = editor.post(
        f"{page}/assign", data={"csrf": csrf(fresh), "role": "writer", "person": "", **phase_versions(fresh)}
    )
    assert cleared.status_code == 303, cleared.text
    assert "with+nobody" in cleared.headers["location"] or "with%20nobody" in cleared.headers["location"]
    assert {p.owner for p in web.site.store.campaign(campaign_id).phases if p.role == "writer"} == {""}
    # a form without the versions it showed is refused
    bare = editor.post(f"{page}/assign", data={"csrf": csrf(fresh), "role": "writer", "person": "Ben Ode"})
    assert bare.status_code == 400 and "reload the page" in bare.text


def test_the_campaigns_list_shows_current_work_and_past_campaigns_on_request(web: Web) -> None:
    """With many years of campaigns the list opens on the current and coming ones (read by date in
    the database); older ones are counted, with a link that lists every campaign."""
    client = web.client()
    log_in(client, "editor")
    page = create_campaign(client)  # World Press Freedom Day 2027 (3 May)
    assert "older campaign" not in client.get("/campaigns").text
    web.clock.day = dt.date(2028, 1, 15)  # more than 90 days after its last step
    listed = client.get("/campaigns").text
    assert page not in listed
    assert "1 older campaign (ended more than 90 days ago) not shown" in listed
    assert 'href="/campaigns?show=all"' in listed
    everything = client.get("/campaigns?show=all").text
    assert page in everything and "Showing every campaign" in everything
