"""Everyday commands as whole processes, as ratios to `python -c "import click"` in the same run.

Targets (issue 15), medians of BENCH_RUNS (default 7) runs in CPU seconds, each command
interleaved with the baseline so machine noise hits both alike, after warm-up runs (a warm
catalogue cache and OS file cache, as on a comms officer's laptop):

- `planner brief human-rights-day` (Markdown)                  <= 6x
- `planner plan 2027Q1` without a campaign database             <= 4x
- `planner plan 2027Q1` with a SQLite database of 1,000 campaigns <= 6x

The database holds 1,000 campaigns made from the shipped catalogue's occurrences of 2017-2036
with planner's own templates, written through `Store.import_campaigns`.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import PY, record, run

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
CAMPAIGNS = 1000
BASELINE = [PY, "-c", "import click"]


def make_database(url: str) -> int:
    """1,000 campaigns from the shipped catalogue, spread over twenty years."""
    from planner.campaigns.files import load_templates
    from planner.campaigns.schedule import new_campaign
    from planner.campaigns.store import Store
    from planner.catalogue.load import load
    from planner.catalogue.occurrences import between
    from planner.plans.build import fitting_template

    catalogue = load()
    templates = load_templates(team_dir=Path("/nonexistent/planner-bench-templates"))
    now = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
    occurrences = between(list(catalogue.observances.values()), dt.date(2017, 1, 1), dt.date(2036, 12, 31))
    made = {}
    step = max(1, len(occurrences) // CAMPAIGNS)
    for occ in occurrences[::step] + occurrences:
        if len(made) >= CAMPAIGNS:
            break
        template = fitting_template(occ, catalogue.priority(occ.observance), templates)
        if template is not None and (occ.id, occ.year) not in made:
            made[(occ.id, occ.year)] = new_campaign(template, occ, now=now)
    with Store(url) as store:
        store.import_campaigns(sorted(made.values(), key=lambda c: c.id))
    return len(made)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-commands-"))
    db = folder / "campaigns.db"
    count = make_database(f"sqlite:///{db}")
    base_env = dict(
        os.environ,
        PLANNER_TODAY="2026-11-21",
        PLANNER_CACHE_DIR=str(folder / "cache"),
        XDG_DATA_HOME=str(folder / "data"),  # no default database: "without a database" means none
    )
    base_env.pop("PLANNER_DATABASE_URL", None)
    # As installed for a user: pip compiles the modules, so Python reads bytecode, not source.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    with_db = dict(base_env, PLANNER_DATABASE_URL=f"sqlite:///{db}")
    planner = [PY, "-m", "planner"]
    cases = [
        ("brief human-rights-day (md) / import click", [*planner, "brief", "human-rights-day"], base_env, 6.0),
        ("plan 2027Q1, no database / import click", [*planner, "plan", "2027Q1"], base_env, 4.0),
        (f"plan 2027Q1, {count} campaigns in SQLite / import click", [*planner, "plan", "2027Q1"], with_db, 6.0),
    ]
    failed = False
    for name, cmd, env, target in cases:
        for _ in range(2):  # warm the OS file cache, planner's catalogue cache and template cache
            run(BASELINE, env)
            run(cmd, env)
        base, case = [], []
        for _ in range(RUNS):
            base.append(run(BASELINE, env).cpu)
            case.append(run(cmd, env).cpu)
        ratio = statistics.median(case) / statistics.median(base)
        ok = ratio <= target
        failed |= not ok
        detail = f"{statistics.median(case) * 1000:.0f} ms vs {statistics.median(base) * 1000:.0f} ms CPU"
        record(name, ratio, f"<= {target:g}x", ok, detail)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
