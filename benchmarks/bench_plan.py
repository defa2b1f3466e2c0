"""The quarterly plan for a large network, as a ratio to loading the same data (issue 5).

Data, generated in a temporary folder: a catalogue of 500 observances (days, weekday rules, weeks
and anniversaries; a fifth set high by `priorities:`) and a SQLite database of 1,000 campaigns of
9 phases (the standard template), written through the store's bulk path (`import_campaigns`).
Campaigns go to medium- and low-priority observances only, so the suggested timelines (made for
high-priority days without a campaign) are the same at every size and the linearity check
measures the campaigns alone.

- load: parse the catalogue (no cache) and read every campaign from the database;
- plan: `build_plan` for 2027Q2 and the Markdown rendering that `planner plan` prints.

Targets: plan / load <= 2.0; and the cost grows linearly with campaigns: the cost the campaigns
add (over the same plan without any), per campaign, is at most 1.5 times higher at 1,000 campaigns
than at 250 (a quadratic step would make it about 4 times higher). Each time is the fastest of
several runs, which is the least noisy estimate on a shared machine; the whole script takes well
under a minute.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import table_row

OBSERVANCES = 500
CAMPAIGNS = 1000
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
QUARTER = (2027, 2)
TODAY = dt.date(2027, 3, 1)
THEMES = ("media-freedom", "gender-equality", "lgbti", "children-youth", "climate", "migration", "justice", "peace")


def catalogue_yaml() -> str:
    """500 observances of every shape, as a team would write them."""
    lines = ["version: 1", "themes:"]
    lines += [f"  {t}: Benchmark theme {t}" for t in THEMES]
    lines.append("priorities:")
    lines += [f"  bench-{i:03d}: high" for i in range(0, OBSERVANCES, 5)]
    lines.append("observances:")
    for i in range(OBSERVANCES):
        month, day = i % 12 + 1, i % 28 + 1
        theme = THEMES[i % len(THEMES)]
        if i % 10 == 7:
            end = min(day + 6, 28)
            kind, rule = (
                "week",
                f"{{kind: span, start: {{month: {month}, day: {day}}}, end: {{month: {month}, day: {end}}}}}",
            )
        elif i % 10 == 8:
            kind, rule = "anniversary", f"{{kind: anniversary, date: {1950 + i % 60}-{month:02d}-{day:02d}}}"
        elif i % 10 == 9:
            weekday = ("MO", "TU", "WE", "TH", "FR")[i % 5]
            kind, rule = "day", f"{{kind: nth_weekday, month: {month}, weekday: {weekday}, n: {i % 4 + 1}}}"
        else:
            kind, rule = "day", f"{{kind: fixed, month: {month}, day: {day}}}"
        lines += [
            f"  - id: bench-{i:03d}",
            f"    name: Benchmark observance number {i}",
            f"    kind: {kind}",
            f"    description: A generated observance for the plan benchmark, number {i}.",
            f"    rule: {rule}",
            f"    themes: [{theme}]",
            "    proclaimed_by: civil society",
            "    sources:",
            f"      - title: Benchmark source {i}",
            f"        document: benchmark note {i}",
            "        status: secondary",
        ]
    return "\n".join(lines) + "\n"


def best_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    """The fastest of `runs` runs after a warm-up, with the garbage collector paused: the least
    noisy estimate of a deterministic computation's cost on a shared machine."""
    fn()
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def main() -> int:
    from planner.campaigns.files import load_templates
    from planner.campaigns.model import Campaign
    from planner.campaigns.schedule import new_campaign
    from planner.campaigns.store import Store
    from planner.catalogue.load import load
    from planner.catalogue.model import Priority
    from planner.catalogue.occurrences import between
    from planner.plans.build import build_plan
    from planner.plans.output import render_plan
    from planner.quarters import Quarter

    folder = Path(tempfile.mkdtemp(prefix="planner-bench-plan-"))
    cat_file = folder / "network.yaml"
    cat_file.write_text(catalogue_yaml(), encoding="utf-8")
    catalogue = load([cat_file], shipped=False)
    templates = load_templates(team_dir=folder / "no-team-templates")
    standard = templates["standard"]
    now = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)

    # 1,000 campaigns of 9 phases, spread over three years of the medium and low days
    others = [o for o in catalogue.observances.values() if catalogue.priority(o) is not Priority.HIGH]
    made: list[Campaign] = []
    for year in (2027, 2026, 2028):
        for occ in between(others, dt.date(year, 1, 1), dt.date(year, 12, 31), every_anniversary=True):
            if occ.year == year and len(made) < CAMPAIGNS:
                made.append(new_campaign(standard, occ, now=now))
    assert len(made) == CAMPAIGNS and all(len(c.phases) == 9 for c in made)
    url = f"sqlite:///{folder / 'campaigns.db'}"
    setup = time.perf_counter()
    with Store(url) as store:
        store.import_campaigns(made)
    took = time.perf_counter() - setup
    print(f"setup: {OBSERVANCES} observances, {CAMPAIGNS} campaigns x 9 phases in SQLite ({took:.1f} s)")

    def load_all() -> tuple[object, list[Campaign]]:
        with Store(url) as s:
            return load([cat_file], shipped=False), s.campaigns()

    _, campaigns = load_all()
    quarter = Quarter(*QUARTER)

    def plan_with(n: int) -> Callable[[], str]:
        subset = [] if n == 0 else campaigns[:: CAMPAIGNS // n][:n]

        def run() -> str:
            plan = build_plan(catalogue, quarter, campaigns=subset, templates=templates, today=TODAY)
            return render_plan(plan, "md")

        return run

    t_load = best_time(load_all, max(3, RUNS // 2))
    t_plan = best_time(plan_with(CAMPAIGNS))
    failed = False

    def report(name: str, value: float, target: float, detail: str) -> None:
        nonlocal failed
        ok = value <= target
        failed |= not ok
        print(f"{name:<44} {detail}  ratio {value:4.2f} (target <= {target}) {'PASS' if ok else 'FAIL'}")
        table_row(f"plan (in process): {name}", value, f"<= {target:g}x", ok)

    report(
        "plan 2027Q2 (build + Markdown) / load",
        t_plan / t_load,
        2.0,
        f"{t_plan * 1000:7.1f} ms vs {t_load * 1000:7.1f} ms",
    )
    t_json = best_time(
        lambda: render_plan(
            build_plan(catalogue, quarter, campaigns=campaigns, templates=templates, today=TODAY), "json"
        )
    )
    t_html = best_time(
        lambda: render_plan(
            build_plan(catalogue, quarter, campaigns=campaigns, templates=templates, today=TODAY), "html"
        )
    )
    print(f"{'  (for information) JSON / load, HTML / load':<44} {t_json / t_load:4.2f}, {t_html / t_load:4.2f}")

    # linearity: the cost that campaigns add (over a plan without any), per campaign
    base = best_time(plan_with(0))
    sizes = (250, 500, 1000)
    times = {n: best_time(plan_with(n)) for n in sizes}
    per = {n: (times[n] - base) / n for n in sizes}
    growth = per[1000] / per[250] if per[250] > 0 else float("inf")
    shown = f"0: {base * 1000:.0f} ms, " + ", ".join(f"{n}: {times[n] * 1000:.0f} ms" for n in sizes)
    report("linearity: cost per campaign at 1000 / at 250", growth, 1.5, shown)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
