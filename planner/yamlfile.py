"""The one YAML reader: every YAML file planner reads (catalogues, campaign templates, campaign
export files, messages files) is read, parsed and walked here, so every problem reads the same
way and names the same file and line, all at once. Unknown keys are errors.

- `compose_file` / `compose_text`: UTF-8 text to a node tree, with limits: a file over
  `MAX_BYTES` or nested deeper than `MAX_DEPTH` is refused with a clear message (never a
  `RecursionError`). A syntax error points at the line where the broken construct starts (an
  unclosed quote's opening line), then says where it broke.
- `Reader`: walks nodes, recording a `Problem` (file, line, key, message) for each fault.
- `FileProblems` (in `planner.errors`) is the one error type for a file that cannot be read.

PyYAML is imported here and in the modules that walk YAML nodes (the readers), nowhere else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from planner.errors import Problem
from planner.text import UnsafeText, clean, source_text

try:  # the C parser is much faster; marks (line numbers) work the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = [
    "MAX_ALIAS_ITEMS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "Invalid",
    "Reader",
    "compose_file",
    "compose_text",
    "display_path",
    "is_null",
    "shown",
    "shown_node",
]

MAX_BYTES = 20 * 1024 * 1024
"""The largest YAML file planner reads (20 MiB; the shipped catalogue is far below 1 MiB)."""
MAX_DEPTH = 64
"""The deepest nesting of lists and mappings planner reads (its formats need fewer than 10)."""
MAX_ALIAS_ITEMS = 100_000
"""The most items that aliases (`*name`) may add when expanded (a reused list of sources is a few
dozen; ten lines of nested aliases can stand for billions, which would hang every reader)."""

_constructor = yaml.constructor.SafeConstructor()


class Invalid(Exception):
    """Raised inside the reader once a problem has been recorded; aborts one entry.

    Every YAML reader (catalogues, campaign templates and exports, messages files) uses it, so
    every file error reads the same way.
    """


class Reader:
    """Walks YAML nodes, recording problems with file, line and key."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.entry: str | None = None

    # -- reporting -------------------------------------------------------------------------
    def at(self, node: Node | None, key: str | None, message: str) -> Problem:
        """A problem at `node`'s line (None: no line), under `key`, in the current entry."""
        line = node.start_mark.line + 1 if node is not None else None
        return Problem(self.file, line, key, message, self.entry)

    def fail(self, node: Node | None, key: str | None, message: str) -> Invalid:
        """Record a problem and return `Invalid` to raise, which abandons the current entry."""
        self.problems.append(self.at(node, key, message))
        return Invalid()

    # -- structure -------------------------------------------------------------------------
    def mapping(
        self,
        node: Node,
        key: str | None,
        allowed: Sequence[str],
        required: Sequence[str] = (),
        what: str = "entry",
    ) -> dict[str, tuple[ScalarNode, Node]]:
        """The keys of a mapping node: unknown, duplicate and missing required keys are problems (all
        of them recorded, then `Invalid`).
        """
        if not isinstance(node, MappingNode):
            raise self.fail(node, key, f"expected a mapping ({what} with keys such as {', '.join(allowed[:3])})")
        out: dict[str, tuple[ScalarNode, Node]] = {}
        bad = False
        for k_node, v_node in node.value:
            name = k_node.value if isinstance(k_node, ScalarNode) else None
            full = f"{key}.{name}" if key and name else name
            if name is None:
                self.fail(k_node, key, "keys must be plain words")
                bad = True
            elif name in out:
                self.fail(k_node, full, "duplicate key; keep only one")
                bad = True
            elif name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.fail(k_node, full, f"unknown key '{name}'; {hint}allowed keys: {', '.join(allowed)}")
                bad = True
            else:
                out[name] = (k_node, v_node)
        for name in required:
            if name not in out:
                self.fail(node, f"{key}.{name}" if key else name, f"missing required key '{name}'")
                bad = True
        if bad:
            raise Invalid()
        return out

    def sequence(self, node: Node, key: str) -> list[Node]:
        """The items of a list node; anything else is a problem."""
        if not isinstance(node, SequenceNode):
            raise self.fail(node, key, "expected a list (items starting with '- ')")
        return list(node.value)

    def value(self, node: Node, key: str, *, one_line: bool = False) -> Any:
        """The Python value of a scalar node (text, number, date, bool or None). Text is cleaned by
        `planner.text.clean`: a control character is a problem at the value's line; `one_line`
        turns line breaks into spaces (names, titles)."""
        if not isinstance(node, ScalarNode):
            raise self.fail(node, key, "expected a single value, not a list or mapping")
        try:
            value = _constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            # a YAML error's own text ends with a position in "<unicode string>"; the line is ours
            why = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else exc
            raise self.fail(node, key, f"invalid value '{clean(node.value, drop=True)}': {why}") from None
        if isinstance(value, str):
            try:
                return clean(value, one_line=one_line)
            except UnsafeText as exc:
                raise self.fail(node, key, exc.reason) from None
        return value

    def text(self, node: Node, key: str, *, empty_ok: bool = False, one_line: bool = False) -> str:
        """Non-empty text (stripped); `empty_ok` allows '' and null; `one_line` as in `value`."""
        v = self.value(node, key, one_line=one_line)
        if v is None and empty_ok:
            return ""
        if not isinstance(v, str) or (not v.strip() and not empty_ok):
            raise self.fail(node, key, f"expected text, got {shown(v)}")
        return v.strip()

    def opt_text(
        self, pairs: dict[str, tuple[ScalarNode, Node]], name: str, prefix: str = "", *, one_line: bool = False
    ) -> str | None:
        """The text under `name` in `pairs`, or None when it is missing or null."""
        if name not in pairs or is_null(pairs[name][1]):
            return None
        return self.text(pairs[name][1], prefix + name, one_line=one_line)

    def integer(self, node: Node, key: str, lo: int | None = None, hi: int | None = None) -> int:
        """A whole number, within `lo`..`hi` when given."""
        v = self.value(node, key)
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(node, key, f"expected a whole number, got {shown(v)}")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise self.fail(node, key, f"{v} is out of range; use {lo}..{hi}")
        return v

    def date(self, node: Node, key: str) -> dt.date:
        """A date written YYYY-MM-DD; an impossible one (30 February) is a problem that says why."""
        if isinstance(node, ScalarNode) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", node.value.strip()):
            y, m, d = (int(p) for p in node.value.strip().split("-"))
            if not 1 <= m <= 12:
                raise self.fail(node, key, f"impossible date {node.value}: there is no month {m}")
            last = calendar.monthrange(y, m)[1]
            if not 1 <= d <= last:
                raise self.fail(
                    node, key, f"impossible date {node.value}: {calendar.month_name[m]} {y} has {last} days"
                )
            return dt.date(y, m, d)
        raise self.fail(node, key, f"expected a date in the form YYYY-MM-DD, got {shown_node(node)}")

    def choice(self, node: Node, key: str, choices: Iterable[str], what: str) -> str:
        """One of `choices`; an unknown value suggests the closest."""
        v = self.value(node, key)
        options = list(choices)
        if not isinstance(v, str) or v not in options:
            close = difflib.get_close_matches(str(v), options, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise self.fail(node, key, f"unknown {what} {shown(v)}; {hint}use one of: {', '.join(options)}")
        return v

    def texts(self, node: Node, key: str) -> list[tuple[Node, str]]:
        """A list of texts, each with its node (for line numbers)."""
        return [(item, self.text(item, f"{key}[{i}]")) for i, item in enumerate(self.sequence(node, key))]


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def is_null(node: Node) -> bool:
    """Whether a node is YAML's null (`~`, `null` or nothing)."""
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def shown(v: object) -> str:
    """A value as a message shows it: `'text'`, `nothing` or its repr."""
    if isinstance(v, str):
        return f"'{v}'"
    if v is None:
        return "nothing"
    return f"{v!r}"


def shown_node(node: Node) -> str:
    """A node as a message shows it: its text, or 'a list or mapping'."""
    return f"'{node.value}'" if isinstance(node, ScalarNode) else "a list or mapping"


def _too_deep(root: Node) -> tuple[Node, str] | None:
    """The first node nested deeper than MAX_DEPTH, or the node where aliases have added more
    than MAX_ALIAS_ITEMS items, with the message to give; found without recursion; else None.
    A node reached again through an alias counts each time, as every reader walks it again."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    seen: set[int] = set()
    repeats = 0
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node, _DEEP
        if id(node) in seen:
            repeats += 1
            if repeats > MAX_ALIAS_ITEMS:
                return node, _ALIASES
        else:
            seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return None


_KEY_ON_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.-]*)\s*:")


def _source(text: str, name: str, problems: list[Problem]) -> str:
    """A file's text ready for the parser: each raw control character is a problem at its line,
    with the key written on that line (see `planner.text.source_text`); line numbers stay."""
    prepared, bad = source_text(text)
    lines = prepared.split("\n")
    for b in bad:
        key = _KEY_ON_LINE.match(lines[b.line - 1]) if b.line <= len(lines) else None
        problems.append(Problem(name, b.line, key.group(1) if key else None, b.message))
    return prepared


# Spaces a word processor writes that look like a space but are not one to YAML.
_ODD_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2007": "a figure space (U+2007)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
}


def _paste_hint(text: str, first: int | None, last: int | None) -> str:
    """'; line 7 is indented with a tab...' or '; line 7 holds a non-breaking space (U+00A0)...'
    when a line from just before `first` to `last` (0-based; YAML often notices on the line
    after) starts with a tab or holds a look-alike space (pasted from Word), else ''."""
    if first is None:
        return ""
    lines = text.split("\n")
    end = min(max(first, last if last is not None else first), len(lines) - 1)
    for number in range(max(first - 1, 0), end + 1):
        if "\t" in lines[number][: len(lines[number]) - len(lines[number].lstrip())]:
            return f"; line {number + 1} is indented with a tab: YAML needs spaces, so indent it with spaces"
        for char, what in _ODD_SPACES.items():
            if char in lines[number]:
                return (
                    f"; line {number + 1} holds {what}, often pasted from a word processor: "
                    "retype it as an ordinary space"
                )
    return ""


def compose_text(text: str, name: str, problems: list[Problem]) -> Node | None:
    """The node tree of a YAML document; None (with a problem recorded) when it is malformed or
    nested deeper than MAX_DEPTH, or when it is empty (no problem then). Raw control characters
    are problems at their line and column (the rest of the file is still parsed); a raw vertical
    tab or form feed becomes a line break in the value that holds it."""
    text = _source(text, name, problems)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # Point at where the broken construct starts (an unclosed quote), then say where it broke.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None
        what = f"{exc.context}: {exc.problem}" if exc.context else str(exc.problem)
        if "maximum nesting depth" in what:  # libyaml's own limit, a little above ours
            problems.append(Problem(name, line, None, _DEEP))
            return None
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
            what += f" (at line {exc.problem_mark.line + 1})"
        hint = _paste_hint(text, mark.line if mark else None, exc.problem_mark.line if exc.problem_mark else None)
        problems.append(Problem(name, line, None, f"malformed YAML, {what}; check indentation and quoting{hint}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(name, None, None, f"malformed YAML: {exc}"))
        return None
    except RecursionError:  # the pure-Python parser on a very deep file
        problems.append(Problem(name, None, None, _DEEP))
        return None
    if root is None:
        return None
    found = _too_deep(root)
    if found is not None:
        node, message = found
        problems.append(Problem(name, node.start_mark.line + 1, None, message))
        return None
    return root


_DEEP = (
    f"lists and mappings are nested more than {MAX_DEPTH} levels deep; planner's files need far fewer: "
    "check the indentation"
)
_ALIASES = (
    f"aliases (*name) here expand to more than {MAX_ALIAS_ITEMS:,} items; planner's files need far fewer: "
    "write the items out, or reuse each anchor (&name) only a few times"
)


def read_text(path: Path, problems: list[Problem], kind: str) -> str | None:
    """A file's UTF-8 text; None (with a problem naming the file) when it is missing, a folder,
    larger than MAX_BYTES, not UTF-8 or unreadable. `kind` says what to give instead of a
    folder, e.g. 'a catalogue file (.yaml)'."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if path.is_file() and size > MAX_BYTES:
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    f"is {size / 1048576:.1f} MiB, over the {MAX_BYTES // 1048576} MiB limit for a YAML file; "
                    "check it is the right file, or split it",
                )
            )
            return None
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        problems.append(Problem(name, None, None, "file not found; check the path"))
    except IsADirectoryError:
        problems.append(Problem(name, None, None, f"is a folder; give {kind}"))
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(name, None, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")
        )
    except OSError as exc:
        problems.append(Problem(name, None, None, f"cannot be read: {exc.strerror}"))
    return None


def compose_file(path: Path, problems: list[Problem], kind: str, *, empty_ok: bool = False) -> Node | None:
    """The node tree of a YAML file (see `read_text` and `compose_text`); an empty file is a
    problem unless `empty_ok`."""
    text = read_text(path, problems, kind)
    if text is None:
        return None
    before = len(problems)
    root = compose_text(text, display_path(path), problems)
    if root is None and not empty_ok and len(problems) == before:
        problems.append(Problem(display_path(path), None, None, "the file is empty"))
    return root
