"""Print the benchmark results that the scripts recorded (see measure.py) as one table.

    python benchmarks/table.py RESULTS_FILE

Exit status 1 if any target was missed (`.ci/run` prints the table either way).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: str) -> int:
    file = Path(path)
    rows = (
        [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        if file.exists()
        else []
    )
    if not rows:
        print("no benchmark results were recorded")
        return 1
    width = max(len(r["benchmark"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>9}  {'target':<9}  result")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 9}  ------")
    for r in rows:
        print(f"{r['benchmark']:<{width}}  {r['measured']:>9.2f}  {r['target']:<9}  {'PASS' if r['ok'] else 'FAIL'}")
    missed = [r for r in rows if not r["ok"]]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} targets met" + (f"; missed: {len(missed)}" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
