"""One error root for planner; every error says what went wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class PlannerError(Exception):
    """Root of planner's errors. The CLI prints the message and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageProblem(PlannerError):
    """Bad input given on the command line (an unknown id, a malformed date): exit 2."""

    exit_code = 2


class OutOfRange(UsageProblem):
    """A date that falls outside the years planner handles (1 to 9999), e.g. a rolling window
    from `--today 9999-12-31`."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "a date fell outside the calendar planner can handle (years 1 to 9999); "
            "use dates and years nearer today (check --today, --year, --from and --to)"
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a catalogue file, located by file, line and key."""

    file: str
    line: int | None
    key: str | None
    message: str
    entry: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.entry:
            parts.append(f"in '{self.entry}'")
        if self.key:
            parts.append(f"key {self.key}")
        return ": ".join(parts) + ": " + self.message


class FileProblems(PlannerError):
    """A file could not be read (YAML catalogue, campaign template or export, messages file).

    The one error type of the YAML reader (`planner.yamlfile`): carries every problem found
    (`problems`, each with file, line and key), not just the first, so a file can be fixed in
    one pass. `what` names the kind of file in the message.
    """

    def __init__(self, what: str, problems: Sequence[Problem], fix: str = "fix it and try again") -> None:
        self.what = what
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"the {what} has a problem" if count == 1 else f"the {what} has {count} problems"
        lines = [f"{head}; {fix}:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class CatalogueError(FileProblems):
    """A catalogue could not be loaded (a `FileProblems` whose message says to run `planner check`)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("catalogue", problems, "fix it and run `planner check` again")


LISTED_BY = {
    "observance": "`planner observances --year 2027 --all` lists the ids",
    "recommendation": "`planner recommendations` lists the ids",
    "campaign": "`planner campaign list` lists the campaigns",
    "theme": "`planner check` counts them; see the themes in observances.yaml",
}


class UnknownId(UsageProblem):
    """An id that is not in the catalogue; suggests the closest ones.

    With no close match, the message lists the known ids when there are 12 or fewer, else
    gives `hint` (default: where to find them, from `LISTED_BY`).
    """

    def __init__(self, what: str, value: str, known: Iterable[str], *, hint: str | None = None) -> None:
        import difflib

        known_list = sorted(known)
        close = difflib.get_close_matches(value, known_list, n=3, cutoff=0.5)
        if not close:
            close = [k for k in known_list if value.lower() in k.lower()][:3]
        if close:
            hint = f"; did you mean {', '.join(close)}?"
        elif 0 < len(known_list) <= 12:
            hint = f"; use one of: {', '.join(known_list)}"
        else:
            listed = hint if hint is not None else LISTED_BY.get(what)
            hint = f"; {listed}" if listed else ""
        super().__init__(f"unknown {what} '{value}'{hint}")
        self.what = what
        self.value = value
        self.suggestions = tuple(close)
