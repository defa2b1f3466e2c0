"""What the time and output budget costs a team's brief template (issue 10), as a ratio.

- baseline: the shipped brief template (`templates/brief.md.j2`) compiled and rendered in Jinja2's
  plain `ImmutableSandboxedEnvironment`, with planner's filters and Markdown escaping;
- budgeted: the same file through `render_user_template`, which adds the clock on every template
  line, loop step, call and filter, the size checks and the output cleaning.

Target: budgeted / baseline <= 1.5. Both outputs must be identical. Each time is the fastest of
several interleaved runs (the least noisy estimate on a shared machine).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
TARGET = 1.5


def fastest(*runs: Callable[[], object]) -> list[float]:
    """The fastest time of each function, run in turn (interleaved, so a busy moment on a shared
    machine falls on both alike)."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(RUNS):
        for run, found in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            found.append(time.perf_counter() - started)
    return [min(found) for found in times]


def main() -> int:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from planner.briefs.build import build_brief
    from planner.briefs.output import brief_context
    from planner.campaigns.schedule import occurrence_for
    from planner.catalogue.load import load
    from planner.render import _finalizer, _setup, render_user_template
    from planner.resources import data_path

    catalogue = load()
    brief = build_brief(catalogue, occurrence_for(catalogue.observance("world-press-freedom-day"), 2027), "general")
    context = brief_context(brief)
    path = data_path("templates") / "brief.md.j2"
    source = path.read_text(encoding="utf-8")

    def baseline() -> str:
        env = _setup(
            ImmutableSandboxedEnvironment(
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                finalize=_finalizer(lambda ctx: True),
            )
        )
        return env.from_string(source).render(context)

    def budgeted() -> str:
        return render_user_template(path, context, "md")

    if baseline() != budgeted():
        print("FAIL: the budgeted render differs from the plain sandbox's")
        return 1
    base, team = fastest(baseline, budgeted)
    ratio = team / base
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(
        f"team template with budget / plain sandbox: {ratio:.2f} (target <= {TARGET}) {verdict} "
        f"[{team * 1000:.1f} ms vs {base * 1000:.1f} ms, {len(budgeted()):,} characters]"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
