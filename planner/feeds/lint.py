"""Check any iCalendar feed against RFC 5545, known client problems and the feed rules.

Every problem has a severity:

- `error`: the file breaks a parser we know (the client is named) or violates a MUST of
  RFC 5545; `planner feed lint` exits 1.
- `warning`: a known client problem (a feed still loads, but a named client shows it wrongly);
  exit 1 only with `--strict`.
- `advice`: planner's own style rules for subscription feeds (`feed-rules.md`), shown with
  `--advice`.

The verdicts were checked against real-world files and an independent multi-parser check
(`tests/fixtures/ics-real/expected.json`). Pure: it reads bytes, not files, and uses no
iCalendar library, so it judges our own output independently of the library that wrote it;
zoneinfo and dateutil's rrule only compare an embedded VTIMEZONE with the time zone database.
Rule numbers are those of `feed-rules.md`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from planner.feeds.build import SIZE_LIMIT

MAX_SAME = 5
"""Report at most this many problems of one kind; then say how many more there are."""


class Severity(StrEnum):
    """How bad a problem is: see the module docstring."""

    ERROR = "error"
    WARNING = "warning"
    ADVICE = "advice"


ERROR, WARNING, ADVICE = Severity.ERROR, Severity.WARNING, Severity.ADVICE


@dataclass(frozen=True, slots=True, order=True)
class LintProblem:
    """One problem: its line (1-based, physical), what is wrong and how to fix it, the feed
    rule it falls under, its severity and (for RFC checks) the section it cites."""

    line: int
    message: str
    rule: int
    severity: Severity = ERROR
    ref: str = ""

    def format(self, file: str) -> str:
        where = f"rule {self.rule}; {self.ref}" if self.ref else f"rule {self.rule}"
        return f"{file}:{self.line}: {self.severity.value}: {self.message} ({where})"


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

    def of(self, severity: Severity) -> tuple[LintProblem, ...]:
        return tuple(p for p in self.problems if p.severity is severity)

    @property
    def errors(self) -> tuple[LintProblem, ...]:
        return self.of(ERROR)

    @property
    def warnings(self) -> tuple[LintProblem, ...]:
        return self.of(WARNING)

    @property
    def advice(self) -> tuple[LintProblem, ...]:
        return self.of(ADVICE)

    @property
    def ok(self) -> bool:
        """No errors (warnings and advice aside)."""
        return not self.errors

    def failed(self, *, strict: bool = False) -> bool:
        """Whether `feed lint` exits 1: on errors, and with `strict` on warnings too."""
        return bool(self.errors or (strict and self.warnings))


class _Report:
    def __init__(self) -> None:
        self.problems: list[LintProblem] = []
        self._counts: dict[str, int] = {}
        self._first: dict[str, LintProblem] = {}
        self._hidden: dict[str, LintProblem] = {}

    def add(self, line: int, message: str, rule: int, kind: str | None = None, *, sev: Severity, ref: str = "") -> None:
        key = kind or message
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        problem = LintProblem(line, message, rule, sev, ref)
        if count <= MAX_SAME:
            self._first.setdefault(key, problem)
            self.problems.append(problem)
        elif count == MAX_SAME + 1:
            self._hidden[key] = problem

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
                        line,
                        f"and {count - MAX_SAME} more like this from here on: {first.message}",
                        first.rule,
                        first.severity,
                        first.ref,
                    )
                )


# -- lines ---------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NAME = re.compile(r"[A-Za-z0-9-]+")
RFC_LINES = "RFC 5545 §3.1"


def _physical_lines(data: bytes, report: _Report) -> list[tuple[int, bytes]]:
    """Split on line ends, reporting any that is not CRLF (rule 14)."""
    lines: list[tuple[int, bytes]] = []
    number = 1
    pos = 0
    for m in re.finditer(rb"\r\n|\n|\r", data):
        if m.group() != b"\r\n":
            report.add(
                number,
                "line ends with a bare LF or CR; use CRLF",
                14,
                "line ends with a bare",
                sev=ERROR,
                ref=RFC_LINES,
            )
        lines.append((number, data[pos : m.start()]))
        pos = m.end()
        number += 1
    if pos < len(data):
        report.add(number, "the last line has no CRLF", 14, sev=ERROR, ref=RFC_LINES)
        lines.append((number, data[pos:]))
    return lines


def _logical_lines(data: bytes, report: _Report) -> list[tuple[int, str]]:
    """Unfold continuation lines, checking length, folding and UTF-8 on the way (rule 14)."""
    out: list[tuple[int, bytearray]] = []
    for number, raw in _physical_lines(data, report):
        if len(raw) > 75:
            # a SHOULD in RFC 5545 §3.1, but the independent multi-parser check of real files
            # counts unfolded lines as a defect, and so do we: fold at 75 octets
            report.add(
                number,
                f"line is {len(raw)} octets long; fold lines at 75 octets",
                14,
                "line is",
                sev=ERROR,
                ref=RFC_LINES,
            )
        if raw[:1] in (b" ", b"\t"):
            piece = raw[1:]
            if not out:
                report.add(number, "the file starts with a continuation line", 14, sev=ERROR, ref=RFC_LINES)
                continue
            if piece[:1] and 0x80 <= piece[0] <= 0xBF:
                report.add(
                    number,
                    "a fold splits a UTF-8 character; fold between characters (parsers that decode each "
                    "physical line show a replacement character)",
                    14,
                    "a fold splits",
                    sev=WARNING,
                    ref=RFC_LINES,
                )
            out[-1][1].extend(piece)
            continue
        if not raw:
            report.add(
                number,
                "blank line; remove it (vobject (Radicale) and ics reject a calendar with one)",
                14,
                "blank line",
                sev=ERROR,
                ref=RFC_LINES,
            )
            continue
        out.append((number, bytearray(raw)))
    lines: list[tuple[int, str]] = []
    for number, raw_line in out:
        try:
            text = raw_line.decode("utf-8")
        except UnicodeDecodeError:
            report.add(number, "not valid UTF-8", 14, "not valid UTF-8", sev=ERROR, ref="RFC 5545 §3.1.4")
            text = raw_line.decode("utf-8", "replace")
        if _CONTROL.search(text):
            report.add(number, "control character in a line", 14, "control character", sev=ERROR, ref="RFC 5545 §3.1")
        lines.append((number, text))
    return lines


def _parse(number: int, text: str, report: _Report) -> Prop | None:
    """`NAME;PARAM=value;P2="quoted":value` into a Prop, or None if malformed."""
    m = _NAME.match(text)
    if not m:
        report.add(
            number,
            f"malformed content line: {text[:40]!r}; most parsers (ical.js, vobject, ics) reject the file",
            14,
            "malformed content line",
            sev=ERROR,
            ref=RFC_LINES,
        )
        return None
    name = m.group().upper()
    pos = m.end()
    params: dict[str, str] = {}
    while pos < len(text) and text[pos] == ";":
        pm = _NAME.match(text, pos + 1)
        if not pm or pm.end() >= len(text) or text[pm.end()] != "=":
            report.add(number, f"malformed parameter in {name}", 14, "malformed parameter", sev=ERROR, ref=RFC_LINES)
            return None
        key = pm.group().upper()
        pos = pm.end() + 1
        values: list[str] = []
        while True:
            if pos < len(text) and text[pos] == '"':
                end = text.find('"', pos + 1)
                if end < 0:
                    report.add(number, f"unclosed quote in a parameter of {name}", 14, sev=ERROR, ref=RFC_LINES)
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
        report.add(
            number,
            f"malformed content line for {name}: no ':' before the value",
            14,
            "malformed content line",
            sev=ERROR,
            ref=RFC_LINES,
        )
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
                report.add(number, f"END:{prop.value} does not close {expected}", 15, sev=ERROR, ref="RFC 5545 §3.4")
                continue
            stack.pop()
        elif stack:
            stack[-1].props.append(prop)
        else:
            report.add(
                number,
                f"{prop.name} outside any component; ical.js (Thunderbird, Nextcloud) and vobject reject the file",
                15,
                sev=ERROR,
                ref="RFC 5545 §3.4",
            )
    for comp in stack:
        report.add(comp.line, f"BEGIN:{comp.name} is never closed", 15, sev=ERROR, ref="RFC 5545 §3.4")
    return roots


# -- values ----------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
_DURATION = re.compile(r"^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$")
_UTC_OFFSET = re.compile(r"^([+-])(\d{2})(\d{2})(\d{2})?$")
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
ONCE_IN_EVENT = (
    "DTSTAMP",
    "UID",
    "DTSTART",
    "CLASS",
    "CREATED",
    "DESCRIPTION",
    "GEO",
    "LAST-MODIFIED",
    "LOCATION",
    "ORGANIZER",
    "PRIORITY",
    "SEQUENCE",
    "STATUS",
    "SUMMARY",
    "TRANSP",
    "URL",
    "RECURRENCE-ID",
    "DTEND",
    "DURATION",
)
"""Properties a VEVENT may have at most once (RFC 5545 §3.6.1)."""
DATE_TIME_PROPS = ("DTSTAMP", "CREATED", "LAST-MODIFIED", "DTSTART", "DTEND", "RECURRENCE-ID")
_FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_BYDAY = re.compile(r"^[+-]?(?:[1-9]|[1-4][0-9]|5[0-3])?(?:MO|TU|WE|TH|FR|SA|SU)$")
_RULE_INT = re.compile(r"^[+-]?\d{1,3}$")
_RULE_PARTS = {
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
# properties whose empty value libical (Evolution, KDE) drops with "No value for ... property"
_MAY_BE_EMPTY = {"X-WR-CALDESC"}


def _date_of(prop: Prop) -> dt.date | dt.datetime | None:
    return _parse_date(prop.value.strip())


def _parse_date(value: str) -> dt.date | dt.datetime | None:
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
            sev=ERROR,
            ref="RFC 5545 §3.3.11",
        )
    unescaped = re.sub(r"\\.", "", value)
    if ";" in unescaped:
        report.add(
            prop.line,
            f"{prop.name} has an unescaped ';'; write \\;",
            14,
            "unescaped",
            sev=ERROR,
            ref="RFC 5545 §3.3.11",
        )
    if prop.name in TEXT_SINGLE and "," in unescaped:
        report.add(
            prop.line,
            f"{prop.name} has an unescaped ','; write \\,",
            14,
            "unescaped",
            sev=ERROR,
            ref="RFC 5545 §3.3.11",
        )
    if prop.name in ("SUMMARY", "DESCRIPTION") and (_HTML.search(value) or _SHORTCODE.search(value)):
        report.add(
            prop.line,
            f"{prop.name} contains HTML or shortcodes; Google and Outlook show them as text: keep it plain text "
            "(HTML goes in X-ALT-DESC)",
            14,
            "contains HTML",
            sev=WARNING,
        )


def _summary_dates(summary: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in _DAY_MONTH.finditer(summary):
        found.append((_MONTHS[m[2].lower().rstrip(".")], int(m[1])))
    for m in _MONTH_DAY.finditer(summary):
        found.append((_MONTHS[m[1].lower().rstrip(".")], int(m[2])))
    return found


def _check_empty(comp: Component, report: _Report) -> None:
    for prop in comp.props:
        if not prop.value.strip() and prop.name not in _MAY_BE_EMPTY and prop.name not in ("RRULE",):
            report.add(
                prop.line,
                f"{prop.name} has no value; libical (Evolution, KDE) drops the property: leave it out instead",
                15,
                "has no value",
                sev=WARNING,
                ref="RFC 5545 §3.1",
            )


def _check_calendar(cal: Component, report: _Report) -> None:
    for name in ("PRODID", "VERSION"):
        if cal.get(name) is None:
            report.add(
                cal.line,
                f"VCALENDAR has no {name} (required); vobject (Radicale) and ics reject the file",
                15,
                sev=ERROR,
                ref="RFC 5545 §3.6",
            )
    version = cal.get("VERSION")
    if version is not None and version.value.strip() != "2.0":
        report.add(version.line, f"VERSION is {version.value!r}; use 2.0", 15, sev=ERROR, ref="RFC 5545 §3.7.4")
    method = cal.get("METHOD")
    if method is not None and method.value.strip().upper() != "PUBLISH":
        report.add(
            method.line,
            f"METHOD:{method.value} in a subscription feed: it is a scheduling message (an invitation), which "
            "Outlook and Apple Calendar handle as one; omit METHOD or use PUBLISH",
            15,
            sev=WARNING,
            ref="RFC 5546 §1.4",
        )
    if cal.get("X-WR-CALNAME") is None:
        report.add(cal.line, "no X-WR-CALNAME: Google shows the URL instead of a name", 8, sev=ADVICE)
    if cal.get("NAME") is None:
        report.add(cal.line, "no NAME (RFC 7986 calendar name)", 8, sev=ADVICE)
    if cal.get("X-WR-CALDESC") is None and cal.get("DESCRIPTION") is None:
        report.add(cal.line, "no X-WR-CALDESC or DESCRIPTION describing the calendar", 8, sev=ADVICE)
    refresh = cal.get("REFRESH-INTERVAL")
    ttl = cal.get("X-PUBLISHED-TTL")
    if refresh is None:
        report.add(cal.line, "no REFRESH-INTERVAL;VALUE=DURATION refresh hint", 9, sev=ADVICE)
    elif refresh.params.get("VALUE", "").upper() != "DURATION" or not _DURATION.match(refresh.value.strip()):
        report.add(
            refresh.line,
            "REFRESH-INTERVAL needs VALUE=DURATION and a duration such as P1D",
            9,
            sev=ERROR,
            ref="RFC 7986 §5.7",
        )
    if ttl is None:
        report.add(cal.line, "no X-PUBLISHED-TTL refresh hint", 9, sev=ADVICE)
    elif refresh is not None and ttl.value.strip() != refresh.value.strip():
        report.add(
            ttl.line,
            f"X-PUBLISHED-TTL {ttl.value} differs from REFRESH-INTERVAL {refresh.value}; use the same value",
            9,
            sev=ADVICE,
        )
    for prop in cal.props:
        if prop.name in TEXT_SINGLE or prop.name in TEXT_LIST:
            _check_text(prop, report)
    _check_empty(cal, report)


def _check_rrule(prop: Prop, report: _Report) -> None:
    """An RRULE value as RFC 5545 §3.3.10 writes it: parts NAME=VALUE, FREQ first-class, no spaces."""
    value = prop.value.strip()
    ref = "RFC 5545 §3.3.10"
    if not value:
        report.add(
            prop.line,
            "RRULE has no value; ical.js (Thunderbird, Nextcloud), node-ical, libical (Evolution), vobject and "
            "ical (Home Assistant) reject it: remove the line or give a rule such as FREQ=YEARLY",
            13,
            "RRULE has no value",
            sev=ERROR,
            ref=ref,
        )
        return
    parts: dict[str, str] = {}
    for part in value.split(";"):
        name, eq, text = part.partition("=")
        if not eq or name.strip().upper() not in _RULE_PARTS:
            report.add(
                prop.line,
                f"RRULE part '{part}' is not NAME=VALUE with a known name",
                13,
                "RRULE part",
                sev=ERROR,
                ref=ref,
            )
            return
        parts[name.upper()] = text
    freq = parts.get("FREQ")
    if freq is None or freq.upper() not in _FREQS:
        report.add(
            prop.line,
            f"RRULE {value} has no valid FREQ (one of {', '.join(_FREQS)})",
            13,
            "RRULE FREQ",
            sev=ERROR,
            ref=ref,
        )
    byday = parts.get("BYDAY")
    if byday is not None:
        if any(c.isspace() for c in byday):
            report.add(
                prop.line,
                f"RRULE BYDAY={byday} has spaces; ical.js (Thunderbird, Nextcloud), icalendar, vobject, ical (Home "
                "Assistant) and recurring-ical-events reject it: write BYDAY=" + re.sub(r"\s+", "", byday),
                13,
                "BYDAY spaces",
                sev=ERROR,
                ref=ref,
            )
        elif not all(_BYDAY.match(day) for day in byday.upper().split(",")):
            report.add(
                prop.line,
                f"RRULE BYDAY={byday} is not a list of weekdays such as MO,TU or -1SU",
                13,
                sev=ERROR,
                ref=ref,
            )
    for name in ("COUNT", "INTERVAL"):
        if name in parts and not parts[name].strip().isdigit():
            report.add(prop.line, f"RRULE {name}={parts[name]} is not a whole number", 13, sev=ERROR, ref=ref)
    for name in ("BYMONTH", "BYMONTHDAY", "BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND", "BYYEARDAY", "BYWEEKNO"):
        if name in parts and not all(_RULE_INT.match(v) for v in parts[name].split(",")):
            report.add(prop.line, f"RRULE {name}={parts[name]} is not a list of numbers", 13, sev=ERROR, ref=ref)
    until = parts.get("UNTIL")
    if until is not None and _parse_date(until) is None:
        report.add(prop.line, f"RRULE UNTIL={until} is not a date or date-time", 13, sev=ERROR, ref=ref)
    if "COUNT" in parts and "UNTIL" in parts:
        report.add(prop.line, "RRULE has both COUNT and UNTIL; give one", 13, sev=ERROR, ref=ref)


def _check_date_list(prop: Prop, report: _Report) -> None:
    """RDATE and EXDATE values: dates (VALUE=DATE), date-times, or periods (VALUE=PERIOD)."""
    kind = prop.params.get("VALUE", "DATE-TIME").upper()
    for value in prop.value.split(","):
        value = value.strip()
        parsed = None if kind == "PERIOD" else _parse_date(value)
        if kind == "PERIOD":
            start, slash, end = value.partition("/")
            ok = (
                bool(slash)
                and _parse_date(start) is not None
                and (_parse_date(end) is not None or _DURATION.match(end))
            )
        elif kind == "DATE":
            ok = parsed is not None and not isinstance(parsed, dt.datetime)
        else:
            ok = isinstance(parsed, dt.datetime)
        if not ok:
            extra = ""
            if re.fullmatch(r"\d{8}Z", value):
                extra = (
                    "; a DATE never has a 'Z': libical (Evolution), icalendar, vobject, ical (Home Assistant) and "
                    f"recurring-ical-events reject it. Write {prop.name};VALUE=DATE:{value[:8]}"
                )
            report.add(
                prop.line,
                f"{prop.name} value '{value}' is not a {'date' if kind == 'DATE' else kind.lower()}{extra}",
                13,
                f"{prop.name} value",
                sev=ERROR,
                ref="RFC 5545 §3.8.5",
            )
            return


def _check_values(comp: Component, report: _Report) -> None:
    """Date and date-time values that exist (no year 0000, no 31 June), and recurrence values."""
    for prop in comp.props:
        if prop.name in DATE_TIME_PROPS and prop.value.strip():
            value = prop.value.strip()
            if (_DATE.match(value) or _DATETIME.match(value)) and _parse_date(value) is None:
                year0 = value.startswith("0000")
                report.add(
                    prop.line,
                    f"{prop.name} {value} is not a real date"
                    + (
                        "; year 0000 does not exist: icalendar and ical (Home Assistant) reject the file"
                        if year0
                        else ""
                    ),
                    15,
                    f"{prop.name} not a real date",
                    sev=ERROR,
                    ref="RFC 5545 §3.3.4",
                )
        elif prop.name == "RRULE":
            _check_rrule(prop, report)
        elif prop.name in ("RDATE", "EXDATE") and prop.value.strip():
            _check_date_list(prop, report)


Onset = tuple[dt.datetime, dt.timedelta, dt.timedelta]  # local onset, offset before, offset after


def _utc_offset(prop: Prop | None) -> dt.timedelta | None:
    m = _UTC_OFFSET.match(prop.value.strip()) if prop is not None else None
    if m is None:
        return None
    sign = -1 if m[1] == "-" else 1
    return sign * dt.timedelta(hours=int(m[2]), minutes=int(m[3]), seconds=int(m[4] or 0))


def _onsets(tz: Component, last: int) -> list[Onset] | None:
    """Every STANDARD/DAYLIGHT onset up to the end of year `last`, sorted; None when a part
    cannot be read (other checks report why)."""
    from dateutil.rrule import rrulestr

    onsets: list[Onset] = []
    for part in tz.children:
        if part.name not in ("STANDARD", "DAYLIGHT"):
            continue
        start = part.get("DTSTART")
        before, after = _utc_offset(part.get("TZOFFSETFROM")), _utc_offset(part.get("TZOFFSETTO"))
        begin = _date_of(start) if start is not None else None
        if not isinstance(begin, dt.datetime) or before is None or after is None:
            return None
        stop = dt.datetime(last + 1, 1, 1)
        rules = part.all("RRULE")
        if rules:
            try:
                text = rules[0].value.strip()
                text = re.sub(r"UNTIL=(\d{8}T\d{6})Z", r"UNTIL=\1", text)  # compare in local time
                rule = rrulestr(text, dtstart=begin)
                onsets += [(when, before, after) for when in rule.between(begin, stop, inc=True)]
            except (ValueError, TypeError):
                return None
        else:
            onsets.append((begin, before, after))
        for rdate in part.all("RDATE"):
            for value in rdate.value.split(","):
                when = _parse_date(value.strip())
                if isinstance(when, dt.datetime):
                    onsets.append((when, before, after))
    return sorted(onsets)


def _check_zone_against_tzdata(tz: Component, tzid: str, times: list[tuple[dt.datetime, int]], report: _Report) -> None:
    """An embedded VTIMEZONE for an IANA zone that gives other UTC offsets than the time zone
    database at the feed's own times: clients that use the VTIMEZONE (ical.js) and those that use
    tzdata (recurring-ical-events, Google) put the event hours apart."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        return
    if not times:
        return
    onsets = _onsets(tz, max(t.year for t, _ in times))
    if not onsets:
        return
    for local, line in sorted(times):
        passed = [after for when, _, after in onsets if when <= local]
        # before the first onset a client can only take the offset the zone had then (TZOFFSETFROM)
        embedded = passed[-1] if passed else onsets[0][1]
        real = local.replace(tzinfo=zone).utcoffset()
        if real is not None and real != embedded:
            hours = (embedded - real).total_seconds() / 3600
            report.add(
                line,
                f"the VTIMEZONE {tzid} (line {tz.line}) gives UTC{_offset_text(embedded)} on {local:%Y-%m-%d %H:%M}, "
                f"but {tzid} is UTC{_offset_text(real)} then: clients that use the VTIMEZONE (ical.js: Thunderbird, "
                f"Nextcloud) and those that use the time zone database disagree by {abs(hours):g} h. "
                "Write the VTIMEZONE from current tzdata",
                7,
                "VTIMEZONE contradicts",
                sev=ERROR,
                ref="RFC 5545 §3.6.5",
            )


def _offset_text(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _check_timezone(tz: Component, report: _Report) -> None:
    parts = [c for c in tz.children if c.name in ("STANDARD", "DAYLIGHT")]
    if tz.get("TZID") is None:
        report.add(tz.line, "VTIMEZONE has no TZID", 7, sev=ERROR, ref="RFC 5545 §3.6.5")
    if not parts:
        report.add(tz.line, "VTIMEZONE has no STANDARD or DAYLIGHT part", 7, sev=ERROR, ref="RFC 5545 §3.6.5")
    if any(c.name == "DAYLIGHT" for c in parts) and not any(c.name == "STANDARD" for c in parts):
        report.add(tz.line, "VTIMEZONE has DAYLIGHT but no STANDARD part", 7, sev=ADVICE)
    for part in parts:
        for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
            if part.get(name) is None:
                report.add(part.line, f"{part.name} has no {name} (required)", 7, sev=ERROR, ref="RFC 5545 §3.6.5")
        for rdate in part.all("RDATE"):
            if "," in rdate.value:
                report.add(
                    rdate.line,
                    "VTIMEZONE part lists several onsets in one RDATE; ical.js (Thunderbird, Nextcloud) reads only "
                    "the first (use RRULE)",
                    7,
                    "VTIMEZONE part lists",
                    sev=WARNING,
                )
        _check_values(part, report)


def _check_alarm(alarm: Component, report: _Report) -> None:
    for name in ("ACTION", "TRIGGER"):
        if alarm.get(name) is None:
            report.add(
                alarm.line,
                f"VALARM has no {name} (required); ical (Home Assistant) and ics reject the whole calendar",
                17,
                f"VALARM has no {name}",
                sev=ERROR,
                ref="RFC 5545 §3.6.6",
            )


def _check_event(ev: Component, zones: set[str], report: _Report, alarms_ok: bool) -> None:
    for name in ("UID", "DTSTAMP", "DTSTART"):
        if ev.get(name) is None:
            report.add(
                ev.line,
                f"VEVENT has no {name} (required)",
                15,
                f"VEVENT has no {name}",
                sev=ERROR,
                ref="RFC 5545 §3.6.1",
            )
    for name in ONCE_IN_EVENT:
        found = ev.all(name)
        if len(found) > 1:
            report.add(
                found[1].line,
                f"{name} appears {len(found)} times in one VEVENT (at most once): node-ical, vobject, ical (Home "
                "Assistant), ics and recurring-ical-events reject it",
                15,
                f"{name} twice",
                sev=ERROR,
                ref="RFC 5545 §3.6.1",
            )
    if ev.get("DTEND") is not None and ev.get("DURATION") is not None:
        report.add(ev.line, "VEVENT has both DTEND and DURATION; give one", 15, sev=ERROR, ref="RFC 5545 §3.6.1")
    _check_values(ev, report)
    for name in ("DTSTAMP", "LAST-MODIFIED", "CREATED"):
        prop = ev.get(name)
        value = prop.value.strip() if prop is not None else ""
        if prop is not None and not (_DATETIME.match(value) and value.endswith("Z")):
            report.add(
                prop.line,
                f"{name} {prop.value} is not a UTC time (ending in Z)",
                4,
                f"{name} is not UTC",
                sev=ERROR,
                ref="RFC 5545 §3.8.7",
            )
    for name in ("RRULE", "RDATE", "EXDATE"):
        prop = ev.get(name)
        if prop is not None:
            report.add(
                prop.line,
                f"{name} in a VEVENT; write each occurrence out as its own event",
                13,
                f"{name} in a VEVENT",
                sev=ADVICE,
            )
    start, end = ev.get("DTSTART"), ev.get("DTEND")
    if start is not None:
        _check_times(ev, start, end, zones, report)
        _check_same_type(ev, start, report)
    transp = ev.get("TRANSP")
    if transp is None or transp.value.strip().upper() != "TRANSPARENT":
        report.add(
            (transp or ev).line,
            "VEVENT is not TRANSP:TRANSPARENT; observances should not block busy time",
            16,
            "not TRANSP",
            sev=ADVICE,
        )
    busy = ev.get("X-MICROSOFT-CDO-BUSYSTATUS")
    if busy is None or busy.value.strip().upper() != "FREE":
        report.add(
            (busy or ev).line,
            "no X-MICROSOFT-CDO-BUSYSTATUS:FREE for Outlook",
            16,
            "no X-MICROSOFT-CDO-BUSYSTATUS",
            sev=ADVICE,
        )
    status = ev.get("STATUS")
    if status is not None and status.value.strip().upper() not in EVENT_STATUSES:
        report.add(
            status.line,
            f"STATUS {status.value} is not one of {', '.join(EVENT_STATUSES)}",
            6,
            sev=ERROR,
            ref="RFC 5545 §3.8.1.11",
        )
    sequence = ev.get("SEQUENCE")
    if sequence is not None and not sequence.value.strip().isdigit():
        report.add(
            sequence.line, f"SEQUENCE {sequence.value} is not a whole number", 5, sev=ERROR, ref="RFC 5545 §3.8.7.4"
        )
    for child in ev.children:
        if child.name == "VALARM":
            _check_alarm(child, report)
            if not alarms_ok:
                report.add(
                    child.line,
                    "VALARM in a subscription feed: clients ignore or strip it; make alarms opt-in",
                    17,
                    "VALARM",
                    sev=ADVICE,
                )
    for prop in ev.props:
        if prop.name in TEXT_SINGLE or prop.name in TEXT_LIST:
            _check_text(prop, report)
    _check_empty(ev, report)
    summary = ev.get("SUMMARY")
    first = _date_of(start) if start is not None else None
    if summary is not None and first is not None:
        _check_summary_dates(summary, first, _date_of(end) if end is not None else None, report)


def _check_times(ev: Component, start: Prop, end: Prop | None, zones: set[str], report: _Report) -> None:
    first = _date_of(start)
    if first is None:
        if not (_DATE.match(start.value.strip()) or _DATETIME.match(start.value.strip())):
            report.add(
                start.line, f"DTSTART {start.value} is not a date or date-time", 3, sev=ERROR, ref="RFC 5545 §3.3.5"
            )
        return
    if not isinstance(first, dt.datetime):
        if start.params.get("VALUE", "").upper() != "DATE":
            report.add(
                start.line,
                "all-day DTSTART without VALUE=DATE; ical.js (Thunderbird, Nextcloud) reads it as a broken time",
                3,
                sev=ERROR,
                ref="RFC 5545 §3.3.4",
            )
        if end is None:
            if ev.get("DURATION") is None:
                report.add(
                    start.line, "all-day event without DTEND; add an exclusive DTEND on the next day", 3, sev=ADVICE
                )
            return
        last = _date_of(end)
        if isinstance(last, dt.datetime) or last is None:
            report.add(
                end.line,
                "DTEND is not a date while DTSTART is; use DTEND;VALUE=DATE",
                3,
                sev=ERROR,
                ref="RFC 5545 §3.8.2.2",
            )
            return
        if end.params.get("VALUE", "").upper() != "DATE":
            report.add(end.line, "all-day DTEND without VALUE=DATE", 3, sev=ERROR, ref="RFC 5545 §3.3.4")
        if last <= first:
            report.add(
                end.line,
                f"all-day DTEND {end.value} is not after DTSTART {start.value}; DTEND is exclusive (the next day)",
                3,
                sev=ERROR,
                ref="RFC 5545 §3.6.1",
            )
        return
    utc = start.value.strip().endswith("Z")
    tzid = start.params.get("TZID")
    if not utc and tzid is None:
        report.add(
            start.line,
            "floating time (no TZID, no Z): Google and Outlook place it in each viewer's own zone; give a TZID "
            "with a VTIMEZONE, or UTC",
            7,
            "floating time",
            sev=WARNING,
        )
    if tzid is not None and tzid not in zones:
        report.add(
            start.line,
            f"TZID {tzid} has no VTIMEZONE in the feed; ical.js (Thunderbird, Nextcloud) treats the time as floating",
            7,
            "has no VTIMEZONE",
            sev=ERROR,
            ref="RFC 5545 §3.2.19",
        )
    if end is not None:
        last = _date_of(end)
        if not isinstance(last, dt.datetime):
            report.add(end.line, "DTEND is a date while DTSTART is a date-time", 3, sev=ERROR, ref="RFC 5545 §3.8.2.2")
            return
        if end.params.get("TZID") is not None and end.params.get("TZID") not in zones:
            report.add(
                end.line,
                f"TZID {end.params['TZID']} has no VTIMEZONE in the feed",
                7,
                "has no VTIMEZONE",
                sev=ERROR,
                ref="RFC 5545 §3.2.19",
            )
        if end.params.get("TZID") == tzid and last < first:
            report.add(end.line, "DTEND is before DTSTART", 3, sev=ERROR, ref="RFC 5545 §3.8.2.2")
        if utc and first.time() == dt.time(0) and last.time() == dt.time(0) and last > first:
            report.add(
                start.line, "a midnight-to-midnight UTC event; write all-day items with VALUE=DATE", 3, sev=ADVICE
            )


def _check_same_type(ev: Component, start: Prop, report: _Report) -> None:
    """RRULE UNTIL and RECURRENCE-ID must have DTSTART's value type (a date, or a date-time)."""
    first = _date_of(start)
    if first is None:
        return
    timed = isinstance(first, dt.datetime)
    for rule in ev.all("RRULE"):
        m = re.search(r"(?:^|;)UNTIL=([0-9TZ]+)", rule.value.upper())
        until = _parse_date(m[1]) if m else None
        if until is not None and isinstance(until, dt.datetime) != timed:
            report.add(
                rule.line,
                f"RRULE UNTIL={m[1] if m else ''} is a {'date-time' if not timed else 'date'} but DTSTART is a "
                f"{'date-time' if timed else 'date'}; libical (Evolution, KDE) rejects the rule: give UNTIL as "
                f"{'a date-time' if timed else 'a date (YYYYMMDD)'}",
                13,
                "UNTIL type",
                sev=ERROR,
                ref="RFC 5545 §3.3.10",
            )
    rid = ev.get("RECURRENCE-ID")
    when = _date_of(rid) if rid is not None else None
    if rid is not None and when is not None and isinstance(when, dt.datetime) != timed:
        report.add(
            rid.line,
            "RECURRENCE-ID and DTSTART differ in value type (date and date-time); clients cannot match the "
            "override to its occurrence",
            13,
            "RECURRENCE-ID type",
            sev=ERROR,
            ref="RFC 5545 §3.8.4.4",
        )


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
                sev=ADVICE,
            )


def _zone_times(cal: Component) -> dict[str, list[tuple[dt.datetime, int]]]:
    """Local times written with each TZID in the calendar's events, with their lines."""
    found: dict[str, list[tuple[dt.datetime, int]]] = {}
    for ev in cal.children:
        if ev.name != "VEVENT":
            continue
        for prop in ev.props:
            tzid = prop.params.get("TZID")
            if tzid is None or prop.name not in ("DTSTART", "DTEND", "RECURRENCE-ID"):
                continue
            when = _date_of(prop)
            if isinstance(when, dt.datetime):
                found.setdefault(tzid, []).append((when, prop.line))
    return found


def lint(data: bytes, *, alarms_ok: bool = False, size_limit: int = SIZE_LIMIT) -> LintResult:
    """Every problem found in a feed, in line order, each with its severity."""
    report = _Report()
    if data.startswith(b"\xef\xbb\xbf"):
        report.add(
            1,
            "the file starts with a byte order mark; remove it (ical.js: Thunderbird, Nextcloud; vobject; ical: "
            "Home Assistant; ics reject the file)",
            14,
            sev=ERROR,
            ref="RFC 5545 §3.1",
        )
        data_for_lines = data[3:]
    else:
        data_for_lines = data
    if len(data) > size_limit:
        report.add(
            1,
            f"feed is {len(data):,} bytes; keep it under {size_limit:,}: some calendars refuse bigger feeds "
            "(narrow the window or split it)",
            12,
            sev=WARNING,
        )
    roots = _tree(_logical_lines(data_for_lines, report), report)
    calendars = [r for r in roots if r.name == "VCALENDAR"]
    for root in roots:
        if root.name != "VCALENDAR":
            report.add(root.line, f"{root.name} outside VCALENDAR", 15, sev=ERROR, ref="RFC 5545 §3.4")
    if not calendars:
        report.add(1, "no VCALENDAR in the file", 15, sev=ERROR, ref="RFC 5545 §3.4")
    events = 0
    uids: dict[tuple[str, str], int] = {}
    for cal in calendars:
        _check_calendar(cal, report)
        zones = {p.value for tz in cal.children if tz.name == "VTIMEZONE" for p in tz.all("TZID")}
        defined: dict[str, int] = {}
        times = _zone_times(cal)
        for child in cal.children:
            if child.name == "VTIMEZONE":
                _check_timezone(child, report)
                tzid = child.get("TZID")
                if tzid is None:
                    continue
                if tzid.value in defined:
                    report.add(
                        child.line,
                        f"VTIMEZONE {tzid.value} is defined twice (also at line {defined[tzid.value]}); a TZID names "
                        "one VTIMEZONE, and clients differ in which copy they use: keep one",
                        7,
                        sev=ERROR,
                        ref="RFC 5545 §3.8.3.1",
                    )
                else:
                    defined[tzid.value] = child.line
                    _check_zone_against_tzdata(child, tzid.value, times.get(tzid.value, []), report)
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
                            f"UID {uid.value} is also used at line {uids[key]}; UIDs must be unique: clients show "
                            "only one of the events",
                            2,
                            "is also used",
                            sev=ERROR,
                            ref="RFC 5545 §3.8.4.7",
                        )
                    else:
                        uids[key] = uid.line
            elif child.name in ("VTODO", "VJOURNAL"):
                _check_values(child, report)
                for alarm in child.children:
                    if alarm.name == "VALARM":
                        _check_alarm(alarm, report)
    report.extra()
    return LintResult(problems=tuple(sorted(report.problems)), events=events, size=len(data))
