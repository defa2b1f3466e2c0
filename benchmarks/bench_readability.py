"""Readability of a brief, against textstat's own path measured in the same run (issue 15).

textstat builds the whole CMU pronouncing dictionary (135,000 entries) and parses every Pyphen
pattern to score a few hundred words; planner looks up only the text's words, with the same
scores (tests/test_plain.py). Each side runs as a fresh process scoring the same golden brief,
interleaved so machine noise hits both alike; time and peak memory are compared as ratios.

Targets: time <= 0.5 and peak memory <= 0.6 of textstat's path.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TEXT = Path(__file__).parents[1] / "tests" / "golden" / "briefs" / "world-press-freedom-day-2027-media.md"
PROBE = """
import json, resource, sys, time
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
from planner.briefs.plain import readability, scorable
if sys.argv[2] == "textstat":
    import textstat
    clean = scorable(text)
    result = (round(textstat.flesch_reading_ease(clean)), round(textstat.flesch_kincaid_grade(clean)))
else:
    score = readability(text)
    result = (score.ease, score.grade)
seconds = time.perf_counter() - start
print(json.dumps([seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, list(result)]))
"""
TARGETS = {"time": 0.5, "memory": 0.6}


def once(side: str) -> tuple[float, int, list[float]]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(TEXT), side], check=True, capture_output=True, text=True)
    seconds, rss, result = json.loads(out.stdout)
    return seconds, rss, result


def main() -> int:
    once("textstat")
    once("planner")
    base: list[tuple[float, int, list[float]]] = []
    ours: list[tuple[float, int, list[float]]] = []
    for _ in range(RUNS):
        base.append(once("textstat"))
        ours.append(once("planner"))
    same = all([float(x) for x in b[2]] == [float(x) for x in o[2]] for b, o in zip(base, ours, strict=True))
    ratios = {
        "time": statistics.median(o[0] for o in ours) / statistics.median(b[0] for b in base),
        "memory": statistics.median(o[1] for o in ours) / statistics.median(b[1] for b in base),
    }
    failed = not same
    print(f"readability of a brief: same scores as textstat: {'yes' if same else 'NO'}")
    for name, ratio in ratios.items():
        ok = ratio <= TARGETS[name]
        failed |= not ok
        print(f"readability {name:<7} ratio {ratio:4.2f} (target <= {TARGETS[name]}) {'PASS' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
