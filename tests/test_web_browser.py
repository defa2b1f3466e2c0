"""The web front end in a real browser: Playwright for Python driving the system Chromium.

The flows a comms team uses, on SQLite and on PostgreSQL: sign in; keep a campaign suggested by
the plan; put two people on the roster and give them its phases by role; mark one done; see what is overdue; download the plan as xlsx
and a brief; write the team's own messages for a brief and download it; copy a feed address; a viewer cannot change anything; a forged CSRF token is
refused; a second save of the same phase is refused. axe-core (vendored, tests only) checks each
page: no serious or critical violations. A screenshot of every page is saved to
$PLANNER_SCREENSHOTS (default: a folder under pytest's temporary directory) for review.

Playwright cannot download its own browser here: the tests use /usr/bin/chromium (Debian's
`chromium`, installed by `.ci/run`) and skip with the reason when it or Playwright is missing.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from planner.catalogue.model import Catalogue

from .dbs import database_url, postgres_url  # noqa: F401 - fixtures
from .web_server import PASSWORD, START, Clock, build, free_port, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)"
)
expect = sync_api.expect

CHROMIUM = os.environ.get("PLANNER_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
QUARTER = "2027Q2"
SUGGESTION = "world-press-freedom-day-2027"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium package, as .ci/run does)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"))
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("PLANNER_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Site:
    base: str
    clock: Clock
    shots: Path
    backend: str

    def look(self, page: Page, name: str) -> None:
        """Screenshot the page and check it with axe-core: no serious or critical violations."""
        page.screenshot(path=str(self.shots / f"{self.backend}-{name}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.viewport_size
        assert viewport is None or width <= viewport["width"], f"{name} scrolls sideways ({width}px)"
        page.add_script_tag(path=str(AXE))
        found: list[dict[str, Any]] = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
        )
        assert found == [], f"axe-core on {name} ({page.url}): {found}"


@pytest.fixture
def site(catalogue: Catalogue, database_url: str, tmp_path: Path, shots: Path) -> Iterator[Site]:  # noqa: F811
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app, web, clock = build(catalogue, database_url, tmp_path, base_url=base)
    with serving(app, port):
        yield Site(base, clock, shots, "postgresql" if database_url.startswith("postgresql") else "sqlite")
    web.store.close()


def context(browser: Browser, site: Site) -> BrowserContext:
    # bypass_csp: axe-core is injected as a script the page's own policy would (rightly) refuse
    made = browser.new_context(base_url=site.base, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    made.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base)
    return made


def sign_in(page: Page, name: str) -> None:
    page.goto("/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"{name} (").first).to_be_visible()


def _brief_docx_text(page: Any, path: Path) -> str:
    """Download the brief shown as Word (docx) to `path`; its paragraphs' text."""
    import docx

    with page.expect_download() as got:
        page.get_by_role("link", name="Word (docx)").click()
    got.value.save_as(path)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)


def test_the_comms_team_flows(browser: Browser, site: Site, tmp_path: Path) -> None:
    ctx = context(browser, site)
    page = ctx.new_page()

    # the public pages
    page.goto("/?month=2027-05")
    expect(page.get_by_role("heading", name="May 2027")).to_be_visible()
    site.look(page, "01-calendar-grid")
    page.get_by_label("Search").fill("press")
    page.get_by_label("List").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="World Press Freedom Day").first).to_be_visible()
    site.look(page, "02-calendar-list")
    page.get_by_role("link", name="World Press Freedom Day").first.click()
    expect(page.get_by_role("heading", name="World Press Freedom Day", level=1)).to_be_visible()
    site.look(page, "03-observance")

    # copy a feed address
    page.goto("/subscribe")
    page.get_by_role("button", name="Copy address").first.click()
    expect(page.get_by_text("Copied").first).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{site.base}/feeds/observances.ics"
    site.look(page, "04-subscribe")

    # sign in and keep a suggestion from the plan
    page.goto("/login")
    site.look(page, "05-login")
    sign_in(page, "editor")
    page.goto(f"/plan?quarter={QUARTER}")
    site.look(page, "06-plan")
    page.get_by_role("button", name="Keep this suggestion: World Press Freedom Day 2027").click()
    expect(page.get_by_text("Saved World Press Freedom Day 2027 as the team's campaign.")).to_be_visible()
    assert page.url.endswith(
        f"/campaigns/{SUGGESTION}?done=Saved+World+Press+Freedom+Day+2027+as+the+team%27s+campaign."
    )

    # put two people on the roster, then give the campaign's phases to them by role
    campaign_url = page.url
    page.goto("/team")
    for person, roles, capacity in (("Amina", "campaign-lead", "2"), ("Ben", "designer, writer", "3")):
        page.get_by_label("Name", exact=True).fill(person)
        page.get_by_label("Roles (comma-separated, e.g. writer, designer)").fill(roles)
        page.get_by_label("Phases a week").last.fill(capacity)
        page.get_by_role("button", name="Add to the team").click()
        expect(page.get_by_text(f"Added {person} to the team.")).to_be_visible()
    expect(page.get_by_role("table", name="The roster: 2 people")).to_be_visible()
    page.goto(campaign_url)
    # three weeks before the day the plan keeps the quick template
    expect(page.get_by_text("quick template")).to_be_visible()
    for role, person in (("campaign-lead", "Amina"), ("designer", "Ben")):
        page.get_by_label("Role", exact=True).select_option(role)
        page.get_by_label("Person").select_option(person)
        page.get_by_role("button", name="Give them the phases").click()
        expect(page.get_by_text(f"of the {role} role to {person}")).to_be_visible()
    expect(page.get_by_label("Owner of Brief and key messages")).to_have_value("Amina")
    expect(page.get_by_label("Owner of Assets ready")).to_have_value("Ben")
    # an empty choice leaves a role's phases with nobody; then Ben takes them again
    page.get_by_label("Role", exact=True).select_option("designer")
    page.get_by_label("Person").select_option(label="Nobody (leave unassigned)")
    page.get_by_role("button", name="Give them the phases").click()
    expect(page.get_by_text("of the designer role with nobody")).to_be_visible()
    expect(page.get_by_label("Owner of Assets ready")).to_have_value("")
    page.get_by_label("Role", exact=True).select_option("designer")
    page.get_by_label("Person").select_option("Ben")
    page.get_by_role("button", name="Give them the phases").click()
    expect(page.get_by_label("Owner of Assets ready")).to_have_value("Ben")

    # on 1 May: mark one done; the other overdue ones show as overdue
    site.clock.day = dt.date(2027, 5, 1)
    page.reload()
    page.get_by_role("button", name="Mark Brief and key messages done").click()
    expect(page.get_by_label("Status of Brief and key messages")).to_have_value("done")
    # assets (23 April), approvals (26 April) and the press release (30 April) are still open
    expect(page.get_by_text("3 overdue:")).to_be_visible()
    site.look(page, "07-campaign")
    page.goto("/campaigns")
    expect(page.get_by_text("3 overdue")).to_be_visible()
    site.look(page, "08-campaigns")
    page.goto("/team")
    amina = page.get_by_role("region", name="Amina")
    expect(amina.get_by_text("1 overdue")).to_be_visible()
    expect(amina.get_by_text("Approvals signed off")).to_be_visible()
    expect(page.get_by_role("row", name="Amina campaign-lead 2 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Nobody yet: the press-officer role")).to_be_visible()
    site.look(page, "09-team")
    site.clock.day = START

    # downloads: the plan as csv and as xlsx, and a brief as docx
    page.goto(f"/plan?quarter={QUARTER}")
    with page.expect_download() as got:
        page.get_by_role("link", name="Excel (xlsx)").click()
    xlsx_path = tmp_path / "plan.xlsx"
    got.value.save_as(xlsx_path)
    assert got.value.suggested_filename.startswith("plan-") and got.value.suggested_filename.endswith(".xlsx")
    import openpyxl

    book = openpyxl.load_workbook(xlsx_path, read_only=True)
    cells = {str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v}
    book.close()
    assert any("World Press Freedom Day" in c for c in cells), sorted(cells)[:40]
    with page.expect_download() as got:
        page.get_by_role("link", name="Spreadsheet (CSV)").click()
    csv_path = tmp_path / "plan.csv"
    got.value.save_as(csv_path)
    assert got.value.suggested_filename.startswith("plan-") and got.value.suggested_filename.endswith(".csv")
    assert "World Press Freedom Day" in csv_path.read_text(encoding="utf-8-sig")
    page.goto("/briefs?observance=world-press-freedom-day&year=2027&audience=general")
    expect(page.frame_locator("iframe.preview").get_by_text("World Press Freedom Day").first).to_be_visible()
    site.look(page, "10-briefs")
    text = _brief_docx_text(page, tmp_path / "brief.docx")
    assert "World Press Freedom Day" in text

    # plan a campaign from an observance page, seeing the phases before saving
    page.goto("/observances/idahobit")
    page.get_by_role("button", name="Show the phases").click()
    expect(page.get_by_text("nothing is saved yet")).to_be_visible()
    site.look(page, "11-campaign-new")
    page.get_by_role("button", name="Save this campaign").click()
    expect(page.get_by_text("Created ")).to_be_visible()
    page.get_by_role("link", name="Delete this campaign…").click()
    site.look(page, "12-campaign-delete")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("Deleted ")).to_be_visible()

    # a forged CSRF token is refused, and nothing changes
    page.goto(f"/campaigns/{SUGGESTION}")
    page.evaluate(
        "document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'forged-token-forged-token-forged-token')"
    )
    page.get_by_label("Note on Brief and key messages").fill("should not be saved")
    page.get_by_role("button", name="Save Brief and key messages").click()
    expect(page.get_by_role("heading", name="This form has expired")).to_be_visible()
    site.look(page, "13-error-csrf")
    page.goto(f"/campaigns/{SUGGESTION}")
    expect(page.get_by_label("Note on Brief and key messages")).to_have_value("")

    # two people save the same phase: the second is told who changed it, nothing is overwritten
    other_ctx = context(browser, site)
    other = other_ctx.new_page()
    sign_in(other, "admin")
    other.goto(f"/campaigns/{SUGGESTION}")
    page.goto(f"/campaigns/{SUGGESTION}")
    page.get_by_label("Note on Brief and key messages").fill("draft with partners")
    page.get_by_role("button", name="Save Brief and key messages").click()
    other.get_by_label("Note on Brief and key messages").fill("a different note")
    other.get_by_role("button", name="Save Brief and key messages").click()
    expect(other.get_by_text("was changed by editor at 09:30 on 12 Apr 2027 (UTC)")).to_be_visible()
    site.look(other, "14-error-conflict")
    other.goto("/users")
    site.look(other, "15-accounts")
    other_ctx.close()

    # team feed addresses: created once, shown once, revoked
    page.goto("/subscribe")
    page.get_by_label("Name (who or what it is for)").fill("Comms team")
    page.get_by_role("button", name="Create the address").click()
    secret_url = page.get_by_label("Address to copy").last.input_value()
    assert secret_url.startswith(f"{site.base}/feeds/team/") and secret_url.endswith(".ics")
    site.look(page, "16-subscribe-team")
    page.get_by_role("button", name="Revoke Comms team").click()
    expect(page.get_by_text("stops working now")).to_be_visible()
    ctx.close()


def test_an_editor_writes_the_teams_messages_for_a_brief(browser: Browser, site: Site, tmp_path: Path) -> None:
    """Edit our messages on the Briefs page: a refused save keeps the text and says what to fix; a
    saved core message is in the preview and the Word download; a viewer reads them."""
    ctx = context(browser, site)
    page = ctx.new_page()
    sign_in(page, "editor")
    page.goto("/briefs?observance=world-press-freedom-day&year=2027&audience=general")
    expect(page.get_by_text("Using planner's drafts")).to_be_visible()
    core = "Journalists keep all of us informed: stand with them on 3 May."
    page.get_by_label("Core message").fill(core)
    page.get_by_label("Title of pillar 1").fill("Back independent local media")
    page.get_by_label("Proof points of pillar 1").fill(
        "Our desk answered 120 questions in 2026.\nWe trained 40 reporters."
    )
    page.get_by_role("group", name="Recommendations behind pillar 1").get_by_role("checkbox").first.check()
    page.get_by_label("Hashtags").fill("PressFreedom")
    page.get_by_role("button", name="Save our messages").click()
    expect(page.get_by_role("alert")).to_contain_text("Hashtags: 'PressFreedom' is not a hashtag")
    expect(page.get_by_label("Core message")).to_have_value(core)  # nothing typed is lost
    site.look(page, "17-briefs-messages-error")
    page.get_by_label("Hashtags").fill("#PressFreedom #WPFD2027")
    page.get_by_role("button", name="Save our messages").click()
    expect(page.get_by_text("Saved your team's messages for World Press Freedom Day 2027")).to_be_visible()
    expect(page.get_by_text("Using your team's messages saved by editor on 12 April 2027")).to_be_visible()
    expect(page.get_by_label("Core message")).to_have_value(core)
    preview = page.frame_locator("iframe.preview")
    expect(preview.get_by_text(core).first).to_be_visible()
    expect(preview.get_by_text("Back independent local media").first).to_be_visible()
    page.get_by_role("heading", name="Edit our messages").scroll_into_view_if_needed()
    site.look(page, "18-briefs-messages")
    text = _brief_docx_text(page, tmp_path / "ours.docx")
    assert core in text and "your team's messages saved by editor on 12 April 2027" in text
    ctx.close()

    viewer_ctx = context(browser, site)
    viewer = viewer_ctx.new_page()
    sign_in(viewer, "viewer")
    viewer.goto("/briefs?observance=world-press-freedom-day&year=2027&audience=youth")
    expect(viewer.get_by_role("heading", name="Our messages")).to_be_visible()
    expect(viewer.get_by_text(core).first).to_be_visible()
    assert viewer.get_by_role("button", name="Save our messages").count() == 0
    site.look(viewer, "21-briefs-viewer")
    viewer_ctx.close()


def test_a_viewer_can_read_but_not_change_anything(browser: Browser, site: Site) -> None:
    editor_ctx = context(browser, site)
    editor = editor_ctx.new_page()
    sign_in(editor, "editor")
    editor.goto(f"/plan?quarter={QUARTER}")
    editor.get_by_role("button", name="Keep this suggestion: World Press Freedom Day 2027").click()
    editor_ctx.close()

    ctx = context(browser, site)
    page = ctx.new_page()
    sign_in(page, "viewer")
    page.goto(f"/campaigns/{SUGGESTION}")
    expect(page.get_by_text("ask an editor to change it")).to_be_visible()
    assert page.get_by_role("button", name="Save").count() == 0
    assert page.get_by_role("link", name="Delete this campaign…").count() == 0
    site.look(page, "20-campaign-viewer")
    page.goto(f"/plan?quarter={QUARTER}")
    assert page.get_by_role("button", name="Keep this suggestion").count() == 0
    # even a hand-made request with the viewer's own valid token is refused
    token = page.locator("input[name=csrf]").first.input_value()
    answer = page.request.post(
        f"/campaigns/{SUGGESTION}/phases/research/done", form={"csrf": token, "version": "1"}, max_redirects=0
    )
    assert answer.status == 403 and "This needs an editor account" in answer.text()
    page.goto(f"/campaigns/{SUGGESTION}/delete")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    ctx.close()


def test_pages_break_no_content_security_rule(browser: Browser, site: Site) -> None:
    """Without bypassing the policy: the pages load no inline script or style the CSP refuses."""
    ctx = browser.new_context(base_url=site.base)
    page = ctx.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site.base) else None)
    for path in ("/", "/?view=list", "/observances/human-rights-day", "/subscribe", "/login"):
        page.goto(path)
    sign_in(page, "editor")
    for path in (f"/plan?quarter={QUARTER}", "/campaigns", "/team", "/briefs?observance=human-rights-day"):
        page.goto(path)
    assert problems == []
    assert outside == []  # no third-party request: fonts, scripts and styles come from this server
    ctx.close()
