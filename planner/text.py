"""The one boundary for text that comes from outside: files, the command line, templates.

Every reader passes each value through `clean` (YAML scalars, command-line names and notes, token
labels, a team template's output), so what reaches the core, the database, a feed or a document
holds no character that a calendar client, Word or a terminal rejects:

- refused, with the character and its column: the C0 controls U+0000-U+001F other than tab, line
  feed and carriage return; DEL and the C1 controls U+007F-U+009F; lone surrogates (U+D800-U+DFFF,
  which is how Python shows bytes that were not UTF-8); and the Unicode non-characters
  (U+FDD0-U+FDEF and the last two code points of every plane, U+FFFE, U+FFFF, ...);
- normalised: a carriage return (alone or before a line feed), vertical tab (U+000B), form feed
  (U+000C), and the line and paragraph separators (U+2028, U+2029) become a line feed: word
  processors write them where a line or page ended. A one-line value (a name, a title, a label)
  gets a space for each run of line breaks and tabs instead.

`source_text` does the same for a whole file before a YAML parser sees it (PyYAML stops with a
reader error on a raw control character): it returns every refused character with its line and
column, and keeps line numbers unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LINE_BREAK_MARK",
    "BadCharacter",
    "UnsafeText",
    "checked",
    "clean",
    "describe",
    "find_bad",
    "printable",
    "source_text",
]

# Refused outright. Tab, LF and CR are allowed (CR is normalised below); VT and FF are normalised.
_REFUSED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029]")
_ONE_LINE_SPACE = re.compile(r"[ \t]*[\n\t][ \t\n]*")

LINE_BREAK_MARK = "\ufdd0"
"""What `source_text` puts where a raw vertical tab or form feed stood, so the YAML parser accepts
the file and the line numbers stay the same; `clean` turns it into a line break. (A non-character:
no real text holds one, and `source_text` refuses one found in a file.)"""

_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL",
}


def describe(char: str) -> str:
    """'U+0006', 'U+001B (ESC)', 'U+D800 (a lone surrogate: bytes that were not UTF-8)'."""
    code = ord(char)
    label = f"U+{code:04X}"
    if code in _NAMES:
        return f"{label} ({_NAMES[code]})"
    if 0xD800 <= code <= 0xDFFF:
        return f"{label} (a lone surrogate: bytes that were not UTF-8)"
    if code >= 0xFDD0 and (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        return f"{label} (a Unicode non-character)"
    return f"{label} (a control character)"


@dataclass(frozen=True, slots=True)
class BadCharacter:
    """One refused character: where it is (1-based line and column) and what it is."""

    char: str
    line: int
    column: int

    @property
    def message(self) -> str:
        return (
            f"contains the invisible character {describe(self.char)} at column {self.column}; "
            "delete it (it often comes from pasting out of a word processor or a PDF)"
        )


class UnsafeText(ValueError):
    """A value holds a refused character. `reason` says which and where, for the caller to place
    in its own message (file, line and key; or the option's name)."""

    def __init__(self, bad: BadCharacter, *, multiline: bool) -> None:
        self.bad = bad
        where = f"line {bad.line}, column {bad.column} of the text" if multiline else f"position {bad.column}"
        self.reason = (
            f"contains the invisible character {describe(bad.char)} at {where}; delete it "
            "(it often comes from pasting out of a word processor or a PDF)"
        )
        super().__init__(self.reason)


def find_bad(text: str) -> list[BadCharacter]:
    """Every refused character in `text`, with 1-based line and column (lines split at LF only)."""
    found = []
    for match in _REFUSED.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        found.append(BadCharacter(match.group(), line, column))
    return found


def clean(value: str, *, one_line: bool = False, drop: bool = False) -> str:
    """`value` with line breaks normalised; raises UnsafeText for a refused character.

    `one_line`: a name, title or label; line breaks and tabs become one space and the ends are
    trimmed. `drop`: remove refused characters instead of raising (only for text that was
    accepted before this check existed, such as an older database's rows, on its way out).
    """
    if value.isascii() and value.isprintable():  # the common case: nothing to change or refuse
        return value.strip() if one_line else value
    text = value.replace(LINE_BREAK_MARK, "\n")
    text = _BREAKS.sub("\n", text)
    match = _REFUSED.search(text)
    if match is not None:
        if not drop:
            bad = find_bad(text)[0]
            raise UnsafeText(bad, multiline=not one_line and "\n" in text)
        text = _REFUSED.sub("", text)
    if one_line:
        text = _ONE_LINE_SPACE.sub(" ", text).strip()
    return text


def source_text(text: str) -> tuple[str, list[BadCharacter]]:
    """A whole file's text ready for a parser, and the refused characters in it.

    Raw vertical tabs and form feeds become `LINE_BREAK_MARK` (which `clean` turns into a line
    break), and every refused character is replaced by a space, so the parser can go on to find
    the file's other problems with the same line numbers."""
    bad = find_bad(text)
    if bad:
        text = _REFUSED.sub(" ", text)
    return text.replace("\x0b", LINE_BREAK_MARK).replace("\x0c", LINE_BREAK_MARK), bad


def checked(value: str, where: str, *, one_line: bool = False) -> str:
    """`clean(value)`, or a UsageProblem naming `where` (an option such as '--name', or a file)."""
    from planner.errors import UsageProblem

    try:
        return clean(value, one_line=one_line)
    except UnsafeText as exc:
        raise UsageProblem(f"{where} {exc.reason}") from None


def printable(text: str) -> str:
    """`text` for a terminal: each refused character (and a raw escape, VT or FF) shown as an escape
    such as `\\x1b` or `\\udcff`, so a message quoting bad input cannot move the cursor, clear the
    screen or fail to print. Line breaks and tabs stay."""
    return _SHOWN.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


_SHOWN = re.compile(_REFUSED.pattern[:-1] + "\x0b\x0c\r" + "]")
