"""The subscribe page and the atomic folder write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import PlannerError, UsageProblem
from planner.feeds.site import MARKER, FeedLink, check_base_url, google_url, index_html, webcal_url, write_site

from .conftest import FIXTURES


def test_subscribe_links() -> None:
    url = "https://example.org/cal/feeds/observances.ics"
    assert webcal_url(url) == "webcal://example.org/cal/feeds/observances.ics"
    assert webcal_url("http://127.0.0.1:8080/x.ics") == "webcal://127.0.0.1:8080/x.ics"
    assert (
        google_url(url) == "https://calendar.google.com/calendar/r?cid=webcal://example.org/cal/feeds/observances.ics"
    )
    assert (
        google_url("https://e.org/f.ics?theme=a&kind=b")
        == "https://calendar.google.com/calendar/r?cid=webcal://e.org/f.ics%3Ftheme%3Da%26kind%3Db"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://example.org/cal/", "https://example.org/cal"), (" http://localhost:8080 ", "http://localhost:8080")],
)
def test_base_urls(url: str, expected: str) -> None:
    assert check_base_url(url) == expected


@pytest.mark.parametrize("url", ["https://comms:hunter2@example.org/cal", "https://token@example.org"])
def test_a_base_url_with_a_user_or_password_is_refused_without_repeating_it(url: str) -> None:
    """The base URL is printed on the public subscribe page and in every subscribe link."""
    with pytest.raises(UsageProblem, match="leave out the user name and password") as caught:
        check_base_url(url)
    assert "hunter2" not in caught.value.message and "token@" not in caught.value.message
    assert "example.org" in caught.value.message


@pytest.mark.parametrize(
    "url", ["example.org", "ftp://example.org", "https://", "https://e.org/?a=1", "https://e.org/#x", "/cal"]
)
def test_bad_base_urls(url: str) -> None:
    with pytest.raises(UsageProblem, match="invalid base URL"):
        check_base_url(url)


@pytest.mark.parametrize(
    "url", ["https://e.org/my calendar", 'https://e.org/a"b', "https://e.org/<x>", "https://e.org/a\\b"]
)
def test_base_urls_that_would_break_the_links(url: str) -> None:
    """A space or a quote would give subscribe links that no calendar can open."""
    with pytest.raises(UsageProblem, match="percent-encode"):
        check_base_url(url)
    assert check_base_url("https://e.org/my%20calendar") == "https://e.org/my%20calendar"


def test_robots_and_headers_follow_the_base_path() -> None:
    from planner.feeds.site import HEADERS_FILE, robots_txt

    assert robots_txt("https://e.org") == "User-agent: *\nDisallow: /feeds/team/\n"
    assert "Disallow: /cal/feeds/team/\n" in robots_txt("https://e.org/cal")
    # a rule per path, none overlapping: hosts that merge matching rules (Cloudflare Pages, Netlify)
    # would otherwise send a team feed "public, max-age=3600, private, max-age=900"
    blocks = [b.splitlines() for b in HEADERS_FILE.split("\n/")[1:]]
    cache = {b[0].lstrip("/"): [h.strip() for h in b[1:] if "Cache-Control" in h] for b in blocks}
    assert cache["feeds/team/*"] == ["Cache-Control: private, max-age=900"]
    assert sum(1 for v in cache.values() if v) == 3 and cache["feeds/*"] == []


def test_htaccess_needs_no_options_override() -> None:
    """`Options` in .htaccess is a 500 for every file where AllowOverride does not grant it."""
    from planner.feeds.site import HTACCESS_FILE

    directives = [line.split()[0] for line in HTACCESS_FILE.splitlines() if line and not line.startswith("#")]
    assert directives == ["AddType"]


def test_write_site_refuses_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Swapping out the folder a shell stands in leaves that shell in a deleted folder."""
    site = tmp_path / "site"
    write_site(site, {"index.html": b"one"})
    monkeypatch.chdir(site)
    for target in (".", "./", str(site), "../site"):
        with pytest.raises(PlannerError, match="the current folder"):
            write_site(target, {"index.html": b"two"})
    assert (site / "index.html").read_bytes() == b"one"
    monkeypatch.chdir(tmp_path)
    write_site("./site/", {"index.html": b"two"})
    assert (site / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_index_has_three_links_per_feed_and_instructions() -> None:
    feeds = [
        FeedLink("All observances", "Everything.", "https://e.org/feeds/observances.ics", 12),
        FeedLink("media-freedom", 'Press <freedom> & "safety"', "https://e.org/feeds/themes/media-freedom.ics", 1),
    ]
    page = index_html("Feeds <script>alert(1)</script>", feeds)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Press &lt;freedom&gt; &amp; &quot;safety&quot;" in page
    for feed in feeds:
        assert f'<a href="{feed.webcal}">' in page
        assert f'<a href="{feed.google}" rel="noopener">' in page
        assert f"<code>{feed.url}</code>" in page
    assert "12 events in the current window" in page and "1 event in the current window" in page
    for client in ("Google Calendar", "Outlook (new Outlook", "Outlook classic", "Apple Calendar", "Thunderbird"):
        assert client in page
    assert "12 to 24 hours" in page
    assert "does not accept\n<code>webcal:</code>" in page
    assert "need an https" not in page
    assert "<script" not in page.replace("&lt;script", "")
    assert "http://" not in page.replace('xmlns="http://', "")


def test_index_warns_about_plain_http() -> None:
    page = index_html("t", [FeedLink("a", "b", "http://e.org/x.ics", 1)])
    assert "need an\nhttps address" in page or "need an https address" in page


def test_write_site_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "site"
    write_site(target, {"index.html": b"one", "feeds/a.ics": b"A"})
    assert (target / "index.html").read_bytes() == b"one"
    assert (target / MARKER).exists()
    write_site(target, {"index.html": b"two"})
    assert (target / "index.html").read_bytes() == b"two"
    assert not (target / "feeds").exists()  # replaced as a whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folders left
    assert oct(target.stat().st_mode & 0o777) == oct(0o755)


def test_write_site_refuses_a_foreign_folder(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(PlannerError, match="not made by `planner publish`"):
        write_site(target, {"index.html": b"x"})
    assert (target / "thesis.docx").read_bytes() == b"precious"
    empty = tmp_path / "empty"
    empty.mkdir()
    write_site(empty, {"index.html": b"x"})
    assert (empty / "index.html").exists()


def test_write_site_refuses_paths_outside(tmp_path: Path) -> None:
    for name in ("../escape.html", "/etc/x", "a/../../b"):
        with pytest.raises(PlannerError, match="outside the published folder"):
            write_site(tmp_path / "s", {name: b"x"})
    assert not (tmp_path / "escape.html").exists()


def test_write_site_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "site"
    write_site(target, {"index.html": b"old", "feeds/a.ics": b"A"})
    calls = {"n": 0}
    original = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:  # type: ignore[override]
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError, match="No space left"):
        write_site(target, {"index.html": b"new", "feeds/a.ics": b"B", "feeds/b.ics": b"C"})
    monkeypatch.undo()
    assert (target / "index.html").read_bytes() == b"old"
    assert (target / "feeds" / "a.ics").read_bytes() == b"A"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_write_site_needs_a_parent(tmp_path: Path) -> None:
    with pytest.raises(PlannerError, match="does not exist"):
        write_site(tmp_path / "no" / "site", {"index.html": b"x"})
    (tmp_path / "file").write_text("x")
    with pytest.raises(PlannerError, match="it is a file"):
        write_site(tmp_path / "file", {"index.html": b"x"})


def test_publish_and_serve_give_one_subscribe_page(tmp_path: Path, check_golden: Callable[[str, str], None]) -> None:
    """The page is built by the library (feeds.site.subscribe_page) for both front ends."""
    import datetime as dt

    from planner import api
    from planner.web.app import FeedSite

    catalogue = api.load_catalogue([str(FIXTURES / "feed-catalogue.yaml")])
    today = dt.date(2027, 3, 15)
    base = "https://example.org/cal"
    api.publish_site(catalogue, tmp_path / "site", base, today=today)
    published = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    served = FeedSite(catalogue=catalogue, today=lambda: today, domain="planner.invalid").index(base)
    assert published == served
    assert f"{base}/feeds/themes/" in served and "?theme=" not in served
    check_golden("subscribe_page.html", served)
