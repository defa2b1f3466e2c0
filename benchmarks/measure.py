"""Shared by the benchmarks: whole processes measured in CPU seconds and peak memory, and the
results file that `.ci/run` prints as one table.

- `run(cmd)` starts a process and waits for it with `os.wait4`, which returns that process's own
  resource usage: CPU seconds (user + system) and peak resident memory (the `resource` module's
  ru_maxrss, in KiB on Linux). A failing command raises with its error output.
- `record(...)` appends one result as a JSON line to the file named by $BENCH_RESULTS (if set);
  `python benchmarks/table.py FILE` prints them as one table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

RESULTS_ENV = "BENCH_RESULTS"


@dataclass(frozen=True)
class Usage:
    cpu: float  # seconds, user + system
    peak_mib: float  # peak resident memory


def run(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: str | None = None) -> Usage:
    """Run `cmd` to completion; its CPU time and peak memory. Raises RuntimeError if it fails."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(list(cmd), env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read().decode(errors='replace')}")
    return Usage(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def record(benchmark: str, measured: float, target: str, ok: bool, detail: str = "") -> None:
    """Print one result and add it to the benchmark table: what was measured (a ratio, or MB)
    against its target."""
    print(f"{benchmark:<58} {measured:8.2f}  target {target:<9} {'PASS' if ok else 'FAIL'}  {detail}", flush=True)
    table_row(benchmark, measured, target, ok, detail)


def table_row(benchmark: str, measured: float, target: str, ok: bool, detail: str = "") -> None:
    """Add one result to the benchmark table (the file named by $BENCH_RESULTS), if one is kept."""
    path = os.environ.get(RESULTS_ENV)
    line = {"benchmark": benchmark, "measured": measured, "target": target, "ok": ok, "detail": detail}
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")


PY = sys.executable
