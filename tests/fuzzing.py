"""Counts for the property-based suite (tests/test_fuzz.py): inputs tried, clean results, clean
errors and crashes per target. `pytest` prints the table at the end of a run that used them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from planner.errors import PlannerError

COUNTS: defaultdict[str, Counter[str]] = defaultdict(Counter)


def attempt(target: str, run: Callable[[], Any], clean: tuple[type[BaseException], ...] = (PlannerError,)) -> Any:
    """Run one input: a result or an error of the `clean` kinds is counted; anything else is a
    crash, counted and raised so hypothesis shrinks it to the smallest input."""
    try:
        result = run()
    except clean:
        COUNTS[target]["clean error"] += 1
        return None
    except Exception:
        COUNTS[target]["crash"] += 1
        raise
    COUNTS[target]["ok"] += 1
    return result


def record(target: str, outcome: str) -> None:
    COUNTS[target][outcome] += 1


def table() -> list[str]:
    rows = [("target", "inputs", "ok", "clean errors", "crashes")]
    total = Counter[str]()
    for target in sorted(COUNTS):
        c = COUNTS[target]
        tried = c["ok"] + c["clean error"] + c["crash"]
        total.update({"inputs": tried, "ok": c["ok"], "clean error": c["clean error"], "crash": c["crash"]})
        rows.append((target, str(tried), str(c["ok"]), str(c["clean error"]), str(c["crash"])))
    rows.append(("TOTAL", str(total["inputs"]), str(total["ok"]), str(total["clean error"]), str(total["crash"])))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return [
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    ]
