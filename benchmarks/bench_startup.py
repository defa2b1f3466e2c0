"""Cold start of the CLI, as ratios to `python -c "import click"` measured in the same run.

Targets (issue 2): `planner --help` <= 2.0, `planner observances --year 2027 --format json` <= 3.0.
Each command runs as a fresh process; the median of the runs is compared after warm-up, with the
baseline measured interleaved so machine noise hits both alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import table_row

RUNS = int(os.environ.get("BENCH_RUNS", "21"))
PY = sys.executable
BASELINE = [PY, "-c", "import click"]
CASES = [
    ("planner --help", [PY, "-m", "planner", "--help"], 2.0),
    (
        "planner observances --year 2027 --format json",
        [PY, "-m", "planner", "observances", "--year", "2027", "--format", "json"],
        3.0,
    ),
]


def once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> int:
    env = dict(os.environ, PLANNER_TODAY="2026-11-21", PLANNER_CACHE_DIR=tempfile.mkdtemp(prefix="planner-bench-"))
    failed = False
    for name, cmd, target in CASES:
        for _ in range(3):  # warm the OS file cache and planner's catalogue cache
            once(BASELINE, env)
            once(cmd, env)
        base, case = [], []
        for _ in range(RUNS):
            base.append(once(BASELINE, env))
            case.append(once(cmd, env))
        ratio = statistics.median(case) / statistics.median(base)
        ok = ratio <= target
        failed |= not ok
        print(
            f"{name:<48} {statistics.median(case) * 1000:7.1f} ms  baseline {statistics.median(base) * 1000:6.1f} ms  "
            f"ratio {ratio:4.2f} (target <= {target}) {'PASS' if ok else 'FAIL'}"
        )
        table_row(f"start-up: {name} / import click", ratio, f"<= {target:g}x", ok)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
