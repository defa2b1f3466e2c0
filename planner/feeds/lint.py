"""Check any iCalendar feed against the feed rules, reporting each problem by line.

Pure and standard-library only: it reads bytes, not files, and uses no iCalendar library, so
it judges our own output independently of the library that wrote it. Rule numbers are those
of `feed-rules.md`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from planner.feeds.build import SIZE_LIMIT

MAX_SAME = 5
"""Report at most this many problems of one kind; then say how many more there are."""


@dataclass(frozen=True, slots=True, order=True)
class LintProblem:
    """One problem in a feed: its `line`, a message, and the feed rule it breaks (docs/feeds.md)."""

    line: int
    message: str
    rule: int

    def format(self, file: str) -> str:
        """'FILE:LINE: message (rule N)'."""
        return f"{file}:{self.line}: {self.message} (rule {self.rule})"


@dataclass(slots=True)
class Prop:
    """One iCalendar property as read: name, parameters, value and line."""

    name: str
    params: dict[str, str]
    value: str
    line: int


@dataclass(slots=True)
class Component:
    """One iCalendar component as read (VCALENDAR, VEVENT, VALARM...), with its properties and children."""

    name: str
    line: int
    props: list[Prop] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> Prop | None:
        """The first property with this name, or None."""
        return next((p for p in self.props if p.name == name), None)

    def all(self, name: str) -> list[Prop]:
        """Every property with this name."""
        return [p for p in self.props if p.name == name]

    def walk(self) -> Iterator[Component]:
        """This component and all below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class LintResult:
    """A feed checked: its problems, how many events it holds and its size in bytes."""

    problems: tuple[LintProblem, ...]
    events: int
    size: int

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


class _Report:
    def __init__(self) -> None:
        self.problems: list[LintProblem] = []
        self._counts: dict[str, int] = {}
        self._first: dict[str, LintProblem] = {}
        self._hidden: dict[str, LintProblem] = {}

    def add(self, line: int, message: str, rule: int, kind: str | None = None) -> None:
        key = kind or message
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        if count <= MAX_SAME:
            problem = LintProblem(line, message, rule)
            self._first.setdefault(key, problem)
            self.problems.append(problem)
        elif count == MAX_SAME + 1:
            self._hidden[key] = LintProblem(line, message, rule)

    def extra(self) -> None:
        """One line per kind of problem that was reported only MAX_SAME times: the problem
        itself if it is just one more, else how many more there are from its line on."""
        for key, count in self._counts.items():
            if count == MAX_SAME + 1:
                self.problems.append(self._hidden[key])
            elif count > MAX_SAME:
                first = self._first[key]
                line = self._hidden[key].line
                self.problems.append(
                    LintProblem(
                        line, f"and {count - MAX_SAME} more like this from here on: {first.message}", first.rule
                    )
                )


# -- lines ---------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NAME = re.compile(r"[A-Za-z0-9-]+")


def _physical_lines(data: bytes, report: _Report) -> list[tuple[int, bytes]]:
    """Split on line ends, reporting any that is not CRLF (rule 14)."""
    lines: list[tuple[int, bytes]] = []
    number = 1
    pos = 0
    for m in re.finditer(rb"\r\n|\n|\r", data):
        if m.group() != b"\r\n":
            report.add(number, "line ends with a bare LF or CR; use CRLF", 14, "line ends with a bare")
        lines.append((number, data[pos : m.start()]))
        pos = m.end()
        number += 1
    if pos < len(data):
        report.add(number, "the last line has no CRLF", 14)
        lines.append((number, data[pos:]))
    return lines


def _logical_lines(data: bytes, report: _Report) -> list[tuple[int, str]]:
    """Unfold continuation lines, checking length, folding and UTF-8 on the way (rule 14)."""
    out: list[tuple[int, bytearray]] = []
    for number, raw in _physical_lines(data, report):
        if len(raw) > 75:
            report.add(number, f"line is {len(raw)} octets long; fold lines at 75 octets", 14, "line is")
        if raw[:1] in (b" ", b"\t"):
            piece = raw[1:]
            if not out:
                report.add(number, "the file starts with a continuation line", 14)
                continue
            if piece[:1] and 0x80 <= piece[0] <= 0xBF:
                report.add(number, "a fold splits a UTF-8 character; fold between characters", 14, "a fold splits")
            out[-1][1].extend(piece)
            continue
        if not raw:
            report.add(number, "blank line; remove it", 14, "blank line")
            continue
        out.append((number, bytearray(raw)))
    lines: list[tuple[int, str]] = []
    for number, raw_line in out:
        try:
            text = raw_line.decode("utf-8")
        except UnicodeDecodeError:
            report.add(number, "not valid UTF-8", 14, "not valid UTF-8")
            text = raw_line.decode("utf-8", "replace")
        if _CONTROL.search(text):
            report.add(number, "control character in a line", 14, "control character")
        lines.append((number, text))
    return lines


def _parse(number: int, text: str, report: _Report) -> Prop | None:
    """`NAME;PARAM=value;P2="quoted":value` into a Prop, or None if malformed."""
    m = _NAME.match(text)
    if not m:
        report.add(number, f"malformed content line: {text[:40]!r}", 14, "malformed content line")
        return None
    name = m.group().upper()
    pos = m.end()
    params: dict[str, str] = {}
    while pos < len(text) and text[pos] == ";":
        pm = _NAME.match(text, pos + 1)
        if not pm or pm.end() >= len(text) or text[pm.end()] != "=":
            report.add(number, f"malformed parameter in {name}", 14, "malformed parameter")
            return None
        key = pm.group().upper()
        pos = pm.end() + 1
        values: list[str] = []
        while True:
            if pos < len(text) and text[pos] == '"':
                end = text.find('"', pos + 1)
                if end < 0:
                    report.add(number, f"unclosed quote in a parameter of {name}", 14)
                    return None
                values.append(text[pos + 1 : end])
                pos = end + 1
            else:
                vm = re.compile(r'[^";:,]*').match(text, pos)
                assert vm is not None
                values.append(vm.group())
                pos = vm.end()
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            break
        params[key] = ",".join(values)
    if pos >= len(text) or text[pos] != ":":
        report.add(number, f"malformed content line for {name}: no ':' before the value", 14, "malformed content line")
        return None
    return Prop(name, params, text[pos + 1 :], number)


def _tree(lines: list[tuple[int, str]], report: _Report) -> list[Component]:
    roots: list[Component] = []
    stack: list[Component] = []
    for number, text in lines:
        prop = _parse(number, text, report)
        if prop is None:
            continue
        if prop.name == "BEGIN":
            comp = Component(prop.value.upper(), number)
            (stack[-1].children if stack else roots).append(comp)
            stack.append(comp)
        elif prop.name == "END":
            if not stack or stack[-1].name != prop.value.upper():
                expected = stack[-1].name if stack else "nothing"
                report.add(number, f"END:{prop.value} does not close {expected}", 15)
                continue
            stack.pop()
        elif stack:
            stack[-1].props.append(prop)
        else:
            report.add(number, f"{prop.name} outside any component", 15)
    for comp in stack:
        report.add(comp.line, f"BEGIN:{comp.name} is never closed", 15)
    return roots


# -- values ----------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
_DURATION = re.compile(r"^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$")
TEXT_SINGLE = ("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "NAME", "X-WR-CALNAME", "X-WR-CALDESC")
TEXT_LIST = ("CATEGORIES", "RESOURCES")
_ESCAPE = re.compile(r"\\(.?)", re.DOTALL)
_HTML = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|table|tr|td|img|font)\b[^>]*>|&(?:nbsp|amp|lt|gt|quot|#\d+);",
    re.IGNORECASE,
)
_SHORTCODE = re.compile(r"\[/[a-z_-]+\]|\[[a-z_-]+\s+[a-z_-]+=")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b\.?", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
EVENT_STATUSES = ("TENTATIVE", "CONFIRMED", "CANCELLED")


def _date_of(prop: Prop) -> dt.date | dt.datetime | None:
    value = prop.value.strip()
    m = _DATE.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = _DATETIME.match(value)
    if m:
        try:
            return dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
        except ValueError:
            return None
    return None


def _check_text(prop: Prop, report: _Report) -> None:
    value = prop.value
    bad = next((m for m in _ESCAPE.finditer(value) if m.group(1) not in ("\\", ";", ",", "n", "N")), None)
    if bad is not None:
        shown = bad.group()
        report.add(
            prop.line,
            f"{prop.name} has an invalid escape '{shown}'; only \\\\ \\; \\, \\n are allowed",
            14,
            "invalid escape",
        )
    unescaped = re.sub(r"\\.", "", value)
    if ";" in unescaped:
        report.add(prop.line, f"{prop.name} has an unescaped ';'; write \\;", 14, "unescaped")
    if prop.name in TEXT_SINGLE and "," in unescaped:
        report.add(prop.line, f"{prop.name} has an unescaped ','; write \\,", 14, "unescaped")
    if prop.name in ("SUMMARY", "DESCRIPTION") and (_HTML.search(value) or _SHORTCODE.search(value)):
        report.add(
            prop.line,
            f"{prop.name} contains HTML or shortcodes; keep it plain text (HTML goes in X-ALT-DESC)",
            14,
            "contains HTML",
        )


def _summary_dates(summary: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in _DAY_MONTH.finditer(summary):
        found.append((_MONTHS[m[2].lower().rstrip(".")], int(m[1])))
    for m in _MONTH_DAY.finditer(summary):
        found.append((_MONTHS[m[1].lower().rstrip(".")], int(m[2])))
    return found


def _check_calendar(cal: Component, report: _Report) -> None:
    for name in ("PRODID", "VERSION"):
        if cal.get(name) is None:
            report.add(cal.line, f"VCALENDAR has no {name}", 15)
    version = cal.get("VERSION")
    if version is not None and version.value.strip() != "2.0":
        report.add(version.line, f"VERSION is {version.value!r}; use 2.0", 15)
    if cal.get("X-WR-CALNAME") is None:
        report.add(cal.line, "no X-WR-CALNAME: Google shows the URL instead of a name", 8)
    if cal.get("NAME") is None:
        report.add(cal.line, "no NAME (RFC 7986 calendar name)", 8)
    if cal.get("X-WR-CALDESC") is None and cal.get("DESCRIPTION") is None:
        report.add(cal.line, "no X-WR-CALDESC or DESCRIPTION describing the calendar", 8)
    refresh = cal.get("REFRESH-INTERVAL")
    ttl = cal.get("X-PUBLISHED-TTL")
    if refresh is None:
        report.add(cal.line, "no REFRESH-INTERVAL;VALUE=DURATION refresh hint", 9)
    elif refresh.params.get("VALUE", "").upper() != "DURATION" or not _DURATION.match(refresh.value.strip()):
        report.add(refresh.line, "REFRESH-INTERVAL needs VALUE=DURATION and a duration such as P1D", 9)
    if ttl is None:
        report.add(cal.line, "no X-PUBLISHED-TTL refresh hint", 9)
    elif refresh is not None and ttl.value.strip() != refresh.value.strip():
        report.add(
            ttl.line,
            f"X-PUBLISHED-TTL {ttl.value} differs from REFRESH-INTERVAL {refresh.value}; use the same value",
            9,
        )
    for prop in cal.props:
        if prop.name in TEXT_SINGLE or prop.name in TEXT_LIST:
            _check_text(prop, report)


def _check_timezone(tz: Component, report: _Report) -> None:
    parts = [c for c in tz.children if c.name in ("STANDARD", "DAYLIGHT")]
    if tz.get("TZID") is None:
        report.add(tz.line, "VTIMEZONE has no TZID", 7)
    if not parts:
        report.add(tz.line, "VTIMEZONE has no STANDARD or DAYLIGHT part", 7)
    if any(c.name == "DAYLIGHT" for c in parts) and not any(c.name == "STANDARD" for c in parts):
        report.add(tz.line, "VTIMEZONE has DAYLIGHT but no STANDARD part", 7)
    for part in parts:
        for rdate in part.all("RDATE"):
            if "," in rdate.value:
                report.add(
                    rdate.line,
                    "VTIMEZONE part lists several onsets in one RDATE; ical.js reads only the first (use RRULE)",
                    7,
                    "VTIMEZONE part lists",
                )


def _check_event(ev: Component, zones: set[str], report: _Report, alarms_ok: bool) -> None:
    for name in ("UID", "DTSTAMP", "DTSTART"):
        if ev.get(name) is None:
            report.add(ev.line, f"VEVENT has no {name}", 15, f"VEVENT has no {name}")
    for name in ("DTSTAMP", "LAST-MODIFIED", "CREATED"):
        prop = ev.get(name)
        value = prop.value.strip() if prop is not None else ""
        if prop is not None and not (_DATETIME.match(value) and value.endswith("Z")):
            report.add(prop.line, f"{name} {prop.value} is not a UTC time (ending in Z)", 4, f"{name} is not UTC")
    for name in ("RRULE", "RDATE", "EXDATE"):
        prop = ev.get(name)
        if prop is not None:
            report.add(
                prop.line, f"{name} in a VEVENT; write each occurrence out as its own event", 13, f"{name} in a VEVENT"
            )
    start, end = ev.get("DTSTART"), ev.get("DTEND")
    if start is not None:
        _check_times(ev, start, end, zones, report)
    transp = ev.get("TRANSP")
    if transp is None or transp.value.strip().upper() != "TRANSPARENT":
        report.add(
            (transp or ev).line,
            "VEVENT is not TRANSP:TRANSPARENT; observances should not block busy time",
            16,
            "not TRANSP",
        )
    busy = ev.get("X-MICROSOFT-CDO-BUSYSTATUS")
    if busy is None or busy.value.strip().upper() != "FREE":
        report.add(
            (busy or ev).line, "no X-MICROSOFT-CDO-BUSYSTATUS:FREE for Outlook", 16, "no X-MICROSOFT-CDO-BUSYSTATUS"
        )
    status = ev.get("STATUS")
    if status is not None and status.value.strip().upper() not in EVENT_STATUSES:
        report.add(status.line, f"STATUS {status.value} is not one of {', '.join(EVENT_STATUSES)}", 6)
    sequence = ev.get("SEQUENCE")
    if sequence is not None and not sequence.value.strip().isdigit():
        report.add(sequence.line, f"SEQUENCE {sequence.value} is not a whole number", 5)
    if not alarms_ok:
        for child in ev.children:
            if child.name == "VALARM":
                report.add(
                    child.line,
                    "VALARM in a subscription feed: clients ignore or strip it; make alarms opt-in",
                    17,
                    "VALARM",
                )
    for prop in ev.props:
        if prop.name in TEXT_SINGLE or prop.name in TEXT_LIST:
            _check_text(prop, report)
    summary = ev.get("SUMMARY")
    first = _date_of(start) if start is not None else None
    if summary is not None and first is not None:
        _check_summary_dates(summary, first, _date_of(end) if end is not None else None, report)


def _check_times(ev: Component, start: Prop, end: Prop | None, zones: set[str], report: _Report) -> None:
    first = _date_of(start)
    if first is None:
        report.add(start.line, f"DTSTART {start.value} is not a date or date-time", 3)
        return
    if not isinstance(first, dt.datetime):
        if start.params.get("VALUE", "").upper() != "DATE":
            report.add(start.line, "all-day DTSTART without VALUE=DATE", 3)
        if end is None:
            if ev.get("DURATION") is None:
                report.add(start.line, "all-day event without DTEND; add an exclusive DTEND on the next day", 3)
            return
        last = _date_of(end)
        if isinstance(last, dt.datetime) or last is None:
            report.add(end.line, "DTEND is not a date while DTSTART is; use DTEND;VALUE=DATE", 3)
            return
        if end.params.get("VALUE", "").upper() != "DATE":
            report.add(end.line, "all-day DTEND without VALUE=DATE", 3)
        if last <= first:
            report.add(
                end.line,
                f"all-day DTEND {end.value} is not after DTSTART {start.value}; DTEND is exclusive (the next day)",
                3,
            )
        return
    utc = start.value.strip().endswith("Z")
    tzid = start.params.get("TZID")
    if not utc and tzid is None:
        report.add(
            start.line, "floating time (no TZID, no Z); give a TZID with a VTIMEZONE, or UTC", 7, "floating time"
        )
    if tzid is not None and tzid not in zones:
        report.add(start.line, f"TZID {tzid} has no VTIMEZONE in the feed", 7, "has no VTIMEZONE")
    if end is not None:
        last = _date_of(end)
        if not isinstance(last, dt.datetime):
            report.add(end.line, "DTEND is a date while DTSTART is a date-time", 3)
            return
        if end.params.get("TZID") is not None and end.params.get("TZID") not in zones:
            report.add(end.line, f"TZID {end.params['TZID']} has no VTIMEZONE in the feed", 7, "has no VTIMEZONE")
        if end.params.get("TZID") == tzid and last < first:
            report.add(end.line, "DTEND is before DTSTART", 3)
        if utc and first.time() == dt.time(0) and last.time() == dt.time(0) and last > first:
            report.add(start.line, "a midnight-to-midnight UTC event; write all-day items with VALUE=DATE", 3)


def _check_summary_dates(summary: Prop, first: dt.date, end: dt.date | None, report: _Report) -> None:
    day = first.date() if isinstance(first, dt.datetime) else first
    last = day
    if end is not None and not isinstance(end, dt.datetime) and end > day:
        last = end - dt.timedelta(days=1)
    allowed: set[tuple[int, int]] = set()
    d = day
    while d <= last and len(allowed) < 400:
        allowed.add((d.month, d.day))
        d += dt.timedelta(days=1)
    for month, mday in _summary_dates(summary.value):
        if (month, mday) not in allowed:
            name = calendar.month_name[month]
            report.add(
                summary.line,
                f"SUMMARY names {mday} {name} but the event starts on {day.isoformat()}; keep dates out of SUMMARY",
                18,
                "SUMMARY names",
            )


def lint(data: bytes, *, alarms_ok: bool = False, size_limit: int = SIZE_LIMIT) -> LintResult:
    """Every problem found in a feed, in line order."""
    report = _Report()
    if data.startswith(b"\xef\xbb\xbf"):
        report.add(1, "the file starts with a byte order mark; remove it", 14)
        data_for_lines = data[3:]
    else:
        data_for_lines = data
    if len(data) > size_limit:
        report.add(1, f"feed is {len(data):,} bytes; keep it under {size_limit:,} (narrow the window or split it)", 12)
    roots = _tree(_logical_lines(data_for_lines, report), report)
    calendars = [r for r in roots if r.name == "VCALENDAR"]
    for root in roots:
        if root.name != "VCALENDAR":
            report.add(root.line, f"{root.name} outside VCALENDAR", 15)
    if not calendars:
        report.add(1, "no VCALENDAR in the file", 15)
    events = 0
    uids: dict[tuple[str, str], int] = {}
    for cal in calendars:
        _check_calendar(cal, report)
        zones = {p.value for tz in cal.children if tz.name == "VTIMEZONE" for p in tz.all("TZID")}
        for child in cal.children:
            if child.name == "VTIMEZONE":
                _check_timezone(child, report)
            elif child.name == "VEVENT":
                events += 1
                _check_event(child, zones, report, alarms_ok)
                uid = child.get("UID")
                if uid is not None:
                    rid = child.get("RECURRENCE-ID")
                    key = (uid.value, rid.value if rid is not None else "")
                    if key in uids:
                        report.add(
                            uid.line,
                            f"UID {uid.value} is also used at line {uids[key]}; UIDs must be unique",
                            2,
                            "is also used",
                        )
                    else:
                        uids[key] = uid.line
    report.extra()
    return LintResult(problems=tuple(sorted(report.problems)), events=events, size=len(data))
