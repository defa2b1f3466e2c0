"""The feed linter: each rule caught on a broken feed, reported by line; our own feeds are clean."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from planner.catalogue.load import load
from planner.feeds.build import observance_feed, rolling_window
from planner.feeds.ical import render_feed
from planner.feeds.lint import LintProblem, Severity, lint
from tests.conftest import FIXTURES, TODAY

ICS = FIXTURES / "ics"
TODAY_STAMP = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def good_feed() -> bytes:
    cat = load([FIXTURES / "feed-catalogue.yaml"], shipped=False)
    start, end = rolling_window(TODAY)
    return render_feed(observance_feed(cat, start, end))


def _line_of(data: bytes, prefix: bytes) -> int:
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if line.startswith(prefix):
            return number
    raise AssertionError(prefix)


def _found(problems: tuple[LintProblem, ...], rule: int, text: str) -> list[LintProblem]:
    return [p for p in problems if p.rule == rule and text in p.message]


def test_our_feed_is_clean(good_feed: bytes) -> None:
    result = lint(good_feed)
    assert result.ok and result.problems == ()
    assert result.events == good_feed.count(b"BEGIN:VEVENT")
    assert result.size == len(good_feed)


SAMPLES = [
    ("broken_lf_endings.ics", 14, "bare LF", 1),
    ("broken_unfolded_long_line.ics", 14, "117 octets long", 49),
    ("broken_fold_splits_utf8.ics", 14, "splits a UTF-8 character", 50),
    ("broken_missing_uid.ics", 15, "VEVENT has no UID", 36),
    ("broken_duplicate_uid.ics", 2, "is also used at line 32", 86),
    ("broken_allday_dtend_eq_dtstart.ics", 3, "is not after DTSTART", 39),
    ("broken_allday_without_value_date.ics", 3, "all-day DTSTART without VALUE=DATE", 29),
    ("broken_missing_vtimezone.ics", 7, "TZID Europe/Zurich has no VTIMEZONE", 42),
    ("broken_unknown_tzid.ics", 7, "TZID Europe/Atlantis has no VTIMEZONE", 60),
    ("broken_unescaped_text.ics", 14, "LOCATION has an unescaped ','", 46),
    ("broken_no_version_prodid.ics", 15, "VCALENDAR has no PRODID", 1),
    ("broken_missing_dtstamp.ics", 15, "VEVENT has no DTSTAMP", 48),
    ("broken_timed_dtend_before_dtstart.ics", 3, "DTEND is before DTSTART", 61),
    ("broken_icalendar_rdate_vtimezone.ics", 7, "several onsets in one RDATE", 20),
    ("broken_xwr_calname_unescaped.ics", 14, "X-WR-CALNAME has an unescaped ';'", 6),
]


@pytest.mark.parametrize(("name", "rule", "text", "line"), SAMPLES)
def test_each_broken_sample_is_caught_at_its_line(name: str, rule: int, text: str, line: int) -> None:
    problems = lint((ICS / name).read_bytes()).problems
    hits = _found(problems, rule, text)
    assert hits, [p.format(name) for p in problems]
    assert hits[0].line == line
    assert not _found(lint((ICS / "good.ics").read_bytes()).problems, rule, text)


def test_a_valid_feed_can_still_break_the_feed_rules() -> None:
    problems = lint((ICS / "good.ics").read_bytes()).problems
    rules = {p.rule for p in problems}
    assert {8, 13, 16, 17} <= rules  # no NAME; RRULE; not transparent; VALARM
    assert lint((ICS / "good.ics").read_bytes(), alarms_ok=True).problems != ()
    assert not any(p.rule == 17 for p in lint((ICS / "good.ics").read_bytes(), alarms_ok=True).problems)


def test_formatting() -> None:
    assert LintProblem(12, "a problem", 3).format("f.ics") == "f.ics:12: error: a problem (rule 3)"
    advice = LintProblem(1, "style", 8, Severity.ADVICE)
    assert advice.format("f.ics") == "f.ics:1: advice: style (rule 8)"
    cited = LintProblem(2, "x", 13, Severity.ERROR, "RFC 5545 §3.3.10")
    assert cited.format("f.ics") == "f.ics:2: error: x (rule 13; RFC 5545 §3.3.10)"


def test_a_single_extra_problem_is_shown_not_summarised() -> None:
    """A summary line ("and 1 more like this") would take the place of the line it hides."""
    problems = lint((ICS / "good.ics").read_bytes()).problems
    busy = [p for p in problems if "X-MICROSOFT-CDO-BUSYSTATUS" in p.message]
    assert len(busy) == 6 and not any(p.message.startswith("and ") for p in busy)
    assert busy[-1] == LintProblem(81, "no X-MICROSOFT-CDO-BUSYSTATUS:FREE for Outlook", 16, Severity.ADVICE)


def test_many_problems_of_one_kind_are_summarised() -> None:
    problems = lint((ICS / "broken_lf_endings.ics").read_bytes()).problems
    bare = [p for p in problems if "bare LF" in p.message]
    assert len(bare) == 6
    assert any(p.message.startswith("and ") and "more like this from here on" in p.message for p in bare)


EDITS = [
    # (description, old, new, rule, message)
    ("DTEND equals DTSTART", b"DTEND;VALUE=DATE:20260504", b"DTEND;VALUE=DATE:20260503", 3, "not after DTSTART"),
    (
        "all-day as UTC midnight",
        b"DTSTART;VALUE=DATE:20260503\r\nDTEND;VALUE=DATE:20260504",
        b"DTSTART:20260503T000000Z\r\nDTEND:20260504T000000Z",
        3,
        "midnight-to-midnight",
    ),
    (
        "DTSTAMP not UTC",
        b"DTSTAMP:20260101T000000Z",
        b"DTSTAMP:20260101T000000",
        4,
        "DTSTAMP 20260101T000000 is not a UTC time",
    ),
    ("LAST-MODIFIED not UTC", b"LAST-MODIFIED:20260101T000000Z", b"LAST-MODIFIED:20260101", 4, "LAST-MODIFIED"),
    ("no X-WR-CALNAME", b"X-WR-CALNAME:Human rights observances\r\n", b"", 8, "no X-WR-CALNAME"),
    ("no NAME", b"NAME:Human rights observances\r\n", b"", 8, "no NAME"),
    ("TTL differs", b"X-PUBLISHED-TTL:P1D", b"X-PUBLISHED-TTL:PT1H", 9, "differs from REFRESH-INTERVAL"),
    ("no refresh hint", b"REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n", b"", 9, "no REFRESH-INTERVAL"),
    (
        "refresh without VALUE",
        b"REFRESH-INTERVAL;VALUE=DURATION:P1D",
        b"REFRESH-INTERVAL:P1D",
        9,
        "needs VALUE=DURATION",
    ),
    ("an RRULE", b"TRANSP:TRANSPARENT\r\n", b"TRANSP:TRANSPARENT\r\nRRULE:FREQ=YEARLY\r\n", 13, "RRULE in a VEVENT"),
    ("opaque", b"TRANSP:TRANSPARENT", b"TRANSP:OPAQUE", 16, "not TRANSP:TRANSPARENT"),
    (
        "busy in Outlook",
        b"X-MICROSOFT-CDO-BUSYSTATUS:FREE",
        b"X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        16,
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
    ),
    (
        "an alarm",
        b"TRANSP:TRANSPARENT\r\n",
        b"TRANSP:TRANSPARENT\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D\r\nDESCRIPTION:x\r\nEND:VALARM\r\n",
        17,
        "VALARM",
    ),
    ("a colon escape", b"SUMMARY:Children's Sunday", b"SUMMARY:Children's\\: Sunday", 14, "invalid escape '\\:'"),
    (
        "HTML in a description",
        b"DESCRIPTION:When: every year on the third Sunday",
        b"DESCRIPTION:<p>When</p>: every year on the third Sunday",
        14,
        "HTML",
    ),
    (
        "a shortcode",
        b"DESCRIPTION:When: every year on the third Sunday",
        b"DESCRIPTION:[caption id=1]When: every year on the third Sunday",
        14,
        "shortcodes",
    ),
    (
        "a date in the summary",
        b"SUMMARY:Children's Sunday",
        b"SUMMARY:Children's Sunday (20 November)",
        18,
        "SUMMARY names 20 November",
    ),
    (
        "a US date in the summary",
        b"SUMMARY:Children's Sunday",
        b"SUMMARY:Children's Sunday\\, Nov 20th",
        18,
        "SUMMARY names 20 November",
    ),
    (
        "a floating time",
        b"DTSTART;VALUE=DATE:20260503\r\nDTEND;VALUE=DATE:20260504",
        b"DTSTART:20260503T090000\r\nDTEND:20260503T100000",
        7,
        "floating time",
    ),
    ("bad sequence", b"SEQUENCE:0", b"SEQUENCE:first", 5, "not a whole number"),
    ("bad status", b"STATUS:CONFIRMED", b"STATUS:MAYBE", 6, "STATUS MAYBE"),
    ("unclosed component", b"END:VCALENDAR\r\n", b"", 15, "never closed"),
    ("a blank line", b"CALSCALE:GREGORIAN\r\n", b"CALSCALE:GREGORIAN\r\n\r\n", 14, "blank line"),
    ("a byte order mark", b"BEGIN:VCALENDAR", b"\xef\xbb\xbfBEGIN:VCALENDAR", 14, "byte order mark"),
    ("a control character", b"SUMMARY:Children's Sunday", b"SUMMARY:Children's\x07 Sunday", 14, "control character"),
    ("malformed line", b"CALSCALE:GREGORIAN", b"CALSCALE GREGORIAN", 14, "malformed content line"),
]


@pytest.mark.parametrize(("what", "old", "new", "rule", "message"), EDITS, ids=[e[0] for e in EDITS])
def test_each_rule_on_an_edited_feed(
    good_feed: bytes, what: str, old: bytes, new: bytes, rule: int, message: str
) -> None:
    assert old in good_feed, what
    broken = good_feed.replace(old, new, 1)
    problems = lint(broken).problems
    assert _found(problems, rule, message), [p.format("f") for p in problems]


def test_problems_point_at_the_right_line(good_feed: bytes) -> None:
    broken = good_feed.replace(b"SUMMARY:Children's Sunday", b"SUMMARY:Children's Sunday (20 November)", 1)
    (problem,) = lint(broken).problems
    assert problem.line == _line_of(broken, b"SUMMARY:Children's Sunday (20 November)")


def test_a_summary_date_inside_the_span_is_fine(good_feed: bytes) -> None:
    old = b"SUMMARY:16 Days of Activism against Gender-Based Violence"
    fine = good_feed.replace(old, b"SUMMARY:16 Days\\, 25 November to 10 December", 1)
    assert lint(fine).problems == ()


def test_duplicate_uids(good_feed: bytes) -> None:
    uids = re.findall(rb"UID:([^\r]+)", good_feed)
    broken = good_feed.replace(b"UID:" + uids[1], b"UID:" + uids[0], 1)
    (problem,) = lint(broken).problems
    assert problem.rule == 2 and "is also used at line" in problem.message


def test_size_limit(good_feed: bytes) -> None:
    problems = lint(good_feed, size_limit=1000).problems
    assert _found(problems, 12, "keep it under 1,000")
    assert problems[0].line == 1


def test_garbage_is_reported_not_crashed() -> None:
    for data in (
        b"",
        b"\x00\x01\x02",
        b"BEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
        "ünïcode".encode("latin-1"),
        b":::\r\n",
        b'X;Y="unclosed:value\r\n',
    ):
        result = lint(data)
        assert not result.ok


def test_timed_feeds_with_timezones_are_clean() -> None:
    from zoneinfo import ZoneInfo

    from planner.feeds.build import CATALOGUE_EPOCH, FeedItem, build_feed

    zone = ZoneInfo("America/New_York")
    item = FeedItem(
        uid="a@x",
        summary="Press call",
        start=dt.datetime(2027, 3, 20, 9, tzinfo=zone),
        end=dt.datetime(2027, 3, 20, 10, tzinfo=zone),
        stamp=CATALOGUE_EPOCH,
    )
    body = render_feed(build_feed([item], name="n", description="d", refresh=dt.timedelta(hours=1)))
    assert lint(body).problems == ()


def test_reads_any_file(tmp_path: Path) -> None:
    assert lint((ICS / "good.ics").read_bytes()).events == 6


# -- severities -----------------------------------------------------------------------------

SEVERITIES = [
    # (edit, severity): RFC MUSTs and parser breakers are errors, client problems warnings, style advice
    ("DTEND equals DTSTART", Severity.ERROR),
    ("DTSTAMP not UTC", Severity.ERROR),
    ("no X-WR-CALNAME", Severity.ADVICE),
    ("an RRULE", Severity.ADVICE),
    ("opaque", Severity.ADVICE),
    ("an alarm", Severity.ADVICE),
    ("a date in the summary", Severity.ADVICE),
    ("HTML in a description", Severity.WARNING),
    ("a floating time", Severity.WARNING),
    ("a blank line", Severity.ERROR),
    ("a byte order mark", Severity.ERROR),
]


@pytest.mark.parametrize(("what", "severity"), SEVERITIES, ids=[s[0] for s in SEVERITIES])
def test_each_problem_has_its_severity(good_feed: bytes, what: str, severity: Severity) -> None:
    _, old, new, rule, message = next(e for e in EDITS if e[0] == what)
    hits = _found(lint(good_feed.replace(old, new, 1)).problems, rule, message)
    assert hits and {p.severity for p in hits} == {severity}


def test_only_errors_fail_unless_strict(good_feed: bytes) -> None:
    floating = good_feed.replace(
        b"DTSTART;VALUE=DATE:20260503\r\nDTEND;VALUE=DATE:20260504", b"DTSTART:20260503T090000\r\nDTEND:20260503T100000"
    )
    result = lint(floating)
    assert result.ok and result.warnings and not result.failed() and result.failed(strict=True)
    assert not lint((ICS / "good.ics").read_bytes()).failed(strict=True)  # advice only


# -- the real-world corpus ------------------------------------------------------------------

REAL = FIXTURES / "ics-real"
EXPECTED: dict[str, Any] = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))["files"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lint_agrees_with_the_multi_parser_check(name: str) -> None:
    """expected.json: eight parsers real clients use plus strict RFC checks. Every valid file passes
    (no errors), every broken file fails, whatever severity its other problems have."""
    result = lint((REAL / name).read_bytes())
    verdict = "broken" if result.failed() else "valid"
    assert verdict == EXPECTED[name]["verdict"], [p.format(name) for p in result.errors]


def test_the_corpus_is_complete() -> None:
    files = {p.name for p in REAL.glob("*.ics")}
    assert files == set(EXPECTED) and len(files) == 41
    assert sum(v["verdict"] == "valid" for v in EXPECTED.values()) == 6


def _error(name: str, text: str) -> LintProblem:
    result = lint((REAL / name).read_bytes())
    hits = [p for p in result.errors if text in p.message]
    assert hits, [p.format(name) for p in result.problems]
    return hits[0]


def test_empty_rrule_protects_thunderbird_nextcloud_evolution_and_home_assistant() -> None:
    """ical.js (Thunderbird, Nextcloud), node-ical, libical (Evolution), vobject and ical (Home
    Assistant) reject `RRULE:` with no value."""
    problem = _error("us-holidays-dday--empty-rrule.ics", "RRULE has no value")
    assert "ical.js" in problem.message and problem.rule == 13
    assert not [p for p in lint((REAL / "us-holidays-dday.crlf.ics").read_bytes()).errors]


def test_byday_with_spaces_protects_thunderbird_and_python_parsers() -> None:
    """`BYDAY=TU, TH`: ical.js (Thunderbird), icalendar, vobject, ical and recurring-ical-events fail."""
    problem = _error("evolution-sequence--byday-spaces.ics", "BYDAY=TU, TH has spaces")
    assert "write BYDAY=TU,TH" in problem.message


def test_rdate_date_with_z_protects_evolution_and_home_assistant() -> None:
    """`RDATE:20270101Z`: libical (Evolution), icalendar, vobject, ical (Home Assistant) fail."""
    problem = _error("kr-holidays-2026--rdate-date-z.ics", "RDATE value '20270101Z'")
    assert "RDATE;VALUE=DATE:20270101" in problem.message and problem.line == 9


def test_valarm_without_action_protects_home_assistant_and_ics() -> None:
    """ical (Home Assistant's parser) and ics reject a VALARM without ACTION."""
    problem = _error("mozilla-calendar1.crlf.ics", "VALARM has no ACTION")
    assert "Home Assistant" in problem.message


def test_created_in_year_0000_protects_icalendar_and_home_assistant() -> None:
    problem = _error("thunderbird-sequence--created-0000.ics", "CREATED 00001231T000000Z is not a real date")
    assert "icalendar" in problem.message


def test_dtstart_twice_protects_node_ical_and_radicale() -> None:
    """node-ical, vobject (Radicale), ical, ics and recurring-ical-events reject two DTSTARTs."""
    problem = _error("nz-holidays-2022-2032--dtstart-twice.ics", "DTSTART appears 2 times")
    assert "node-ical" in problem.message


def test_method_request_in_a_feed_warns_for_outlook_and_apple() -> None:
    result = lint((REAL / "podio-export.crlf.ics").read_bytes())
    hits = [p for p in result.warnings if p.message.startswith("METHOD:REQUEST")]
    assert hits and "Outlook" in hits[0].message


def test_vtimezone_defined_twice_is_an_error() -> None:
    """Clients differ in which copy of a twice-defined TZID they use (RFC 5545 §3.8.3.1: one per TZID)."""
    problem = _error("thunderbird-sequence--duplicate-vtimezone.ics", "VTIMEZONE Europe/London is defined twice")
    assert "also at line 4" in problem.message


def test_vtimezone_contradicting_tzdata_protects_thunderbird() -> None:
    """ical.js (Thunderbird, Nextcloud) uses the embedded VTIMEZONE; tzdata users put the event elsewhere."""
    problem = _error("iCalcreator-fablab.ics", "the VTIMEZONE Europe/Berlin (line 8) gives UTC+02:00 on 2016-12-03")
    assert "Europe/Berlin is UTC+01:00 then" in problem.message and "ical.js" in problem.message


def test_a_vtimezone_from_tzdata_is_not_reported(good_feed: bytes) -> None:
    from planner.feeds.build import FeedItem, build_feed
    from planner.feeds.ical import render_feed as render

    zone = ZoneInfo("America/Santiago")
    start = dt.datetime(2027, 9, 6, 9, 0, tzinfo=zone)
    item = FeedItem("x@planner.invalid", "Embargo lifts", start, start + dt.timedelta(minutes=30), TODAY_STAMP)
    body = render(build_feed([item], name="n", description="d", refresh=dt.timedelta(days=1)))
    assert not lint(body).failed(strict=True)


def test_empty_values_warn_for_evolution() -> None:
    result = lint((REAL / "exchange2010-rrule-utc.ics").read_bytes())
    assert any("LOCATION has no value" in p.message and "libical" in p.message for p in result.warnings)


def test_until_type_protects_evolution() -> None:
    """libical rejects an RRULE whose UNTIL is a date-time when DTSTART is a date."""
    assert _error("exchange2010-rrule-utc.ics", "UNTIL=20200916T230000Z is a date-time but DTSTART is a date")
