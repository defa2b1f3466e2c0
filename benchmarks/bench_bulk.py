"""`planner import` and `planner export` of 1,000 and 10,000 campaigns, as whole processes.

Targets (issue 15):
- linear: each command takes under 10x as long (CPU seconds; the median of BENCH_BULK_RUNS runs,
  default 3, at 1,000; BENCH_BULK_LARGE_RUNS, default 1, at 10,000) for 10,000 campaigns as for
  1,000;
- peak memory (resident, from the resource usage of the process) under 300 MB at 10,000.

And a check, not a timing: export -> import -> export gives the same bytes (the file imported
is itself an export, and the export of the imported database must equal it).

The campaigns are made up: 1,000 observances x 10 years, 9 phases each, with a few names and
notes that hold accents, emoji and line breaks (which the export writes with PyYAML's emitter;
the rest goes through libyaml's).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import PY, Usage, record, run

RUNS = int(os.environ.get("BENCH_BULK_RUNS", "3"))  # at 1,000 campaigns
LARGE_RUNS = int(os.environ.get("BENCH_BULK_LARGE_RUNS", "1"))  # at 10,000: one run is ten times longer
SIZES = (1000, 10_000)
PEAK_MB = 300
LINEAR = 10.0


def campaigns(count: int) -> list[object]:
    from planner.campaigns.model import Anchor, Campaign, Offset, Phase, PhaseStatus

    now = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
    out = []
    for i in range(count):
        observance, year = f"bench-observance-{i // 10:04d}", 2020 + i % 10
        day = dt.date(year, 1, 1) + dt.timedelta(days=(i * 37) % 360)
        phases = tuple(
            Phase(
                key=f"phase-{k}",
                name=f"Phase {k} of campaign {i}" + (" — café ☕" if k == 3 and i % 50 == 0 else ""),
                offset=Offset(days=-7 * (8 - k)),
                anchor=Anchor.START,
                scheduled=day - dt.timedelta(days=7 * (8 - k)),
                duration_days=1 + k % 3,
                owner=("comms", "press", "digital")[k % 3],
                status=PhaseStatus.DONE if k < 2 else PhaseStatus.TODO,
                note="Check the quote\nwith legal 😀" if k == 5 and i % 100 == 0 else "",
                big_send=k == 8,
                sequence=k % 2,
                updated_at=now,
            )
            for k in range(9)
        )
        out.append(
            Campaign(
                id=f"{observance}-{year}",
                observance_id=observance,
                year=year,
                name=f"Benchmark campaign {i}",
                template="standard",
                anchor=Anchor.START,
                starts=day,
                ends=day,
                phases=phases,
                created_at=now,
                updated_at=now,
                owner="campaigns",
            )
        )
    return out


def make(size: int, path: str) -> None:
    """Write an export file of `size` campaigns (run in its own process: a child forked from a
    process holding them would count their memory in its peak)."""
    from planner.campaigns.files import dump_campaigns

    Path(path).write_text(dump_campaigns(campaigns(size)), encoding="utf-8")  # type: ignore[arg-type]


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-bulk-"))
    env = dict(os.environ, PLANNER_TODAY="2026-11-21", PLANNER_CACHE_DIR=str(folder / "cache"))
    env.pop("PLANNER_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules read from bytecode
    planner = [PY, "-m", "planner"]
    times: dict[tuple[str, int], float] = {}
    peaks: dict[tuple[str, int], float] = {}
    same = True
    small, large = SIZES
    sources = {size: folder / f"campaigns-{size}.yaml" for size in SIZES}
    for size, source in sources.items():
        run([PY, __file__, "--make", str(size), str(source)], env)
    # The large runs between small ones, so that a change in the machine's load hits both alike.
    schedule = [small] + [size for n in range(max(RUNS - 1, LARGE_RUNS)) for size in (large, small)]
    counts = {small: RUNS, large: LARGE_RUNS}
    usages: dict[tuple[str, int], list[Usage]] = {(name, size): [] for name in ("import", "export") for size in SIZES}
    for n, size in enumerate(schedule):
        if len(usages[("import", size)]) >= counts[size]:
            continue
        source = sources[size]
        db = f"sqlite:///{folder / f'db-{size}-{n}.db'}"
        run([*planner, "--db", db, "db", "upgrade"], env)  # the schema, not timed
        usages[("import", size)].append(run([*planner, "--db", db, "import", str(source)], env))
        out = folder / f"export-{size}-{n}.yaml"
        usages[("export", size)].append(run([*planner, "--db", db, "export", "-o", str(out)], env))
        same &= out.read_bytes() == source.read_bytes()
    for (name, size), found in usages.items():
        times[(name, size)] = statistics.median(u.cpu for u in found)
        peaks[(name, size)] = max(u.peak_mib for u in found)
        print(f"  {name} {size:>6}: {times[(name, size)]:.2f} s CPU, peak {peaks[(name, size)]:.0f} MiB")
    failed = False
    for name in ("import", "export"):
        ratio = times[(name, large)] / times[(name, small)]
        ok = ratio < LINEAR
        failed |= not ok
        detail = f"{times[(name, large)]:.2f} s vs {times[(name, small)]:.2f} s CPU"
        record(f"{name} {large:,} / {small:,} campaigns (time)", ratio, f"< {LINEAR:g}x", ok, detail)
        peak = peaks[(name, large)] * 1024 * 1024 / 1e6  # MB
        ok = peak < PEAK_MB
        failed |= not ok
        record(f"{name} {large:,} campaigns: peak memory (MB)", peak, f"< {PEAK_MB}", ok)
    record("export -> import -> export byte-identical (1 = yes)", float(same), "= 1", same)
    failed |= not same
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make"]:
        make(int(sys.argv[2]), sys.argv[3])
        sys.exit(0)
    sys.exit(main())
