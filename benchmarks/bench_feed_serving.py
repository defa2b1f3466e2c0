"""Feed publishing and serving benchmarks (issue 11 and the feed targets of issue 15), printed
as ratios measured in the same run (not timed tests).

    python benchmarks/bench_feed_serving.py [--repeat 5] [--strict]

1. A ten-year public feed from the CLI (`planner feed --from 2027-01-01 --to 2036-12-31`), in a
   fresh process, against a plain icalendar script building the same events in a fresh process
   (the same catalogue and occurrences through planner's library, then one icalendar Calendar
   with the same properties; its VEVENT bytes are compared with ours):
   - cold: no saved events in the cache folder (the database holds the feed state and the
     cache folder a valid copy of it): target <= 1.2; also shown with the cache folder's feed
     files removed, which opens the database (SQLAlchemy and Alembic's schema check);
   - warm: a second run, nothing changed: target <= 0.5;
   - for reference, a script fed the events from JSON (serialising only).
   Ratios are of user+system CPU time (best of `--repeat` runs), since the machine running them
   is shared and wall clock follows others' load; wall clock is shown beside them.
2. gzip GET throughput against an uncompressed GET of the same feed, over the ASGI app in
   process: target >= 0.5 (gzip is compressed once per body and kept).
3. A team feed over 1,000 campaigns in a real SQLite store: a 304 (If-None-Match) against a 200
   after a change: target >= 10x faster (the 304 checks a change stamp and reads no phase).
4. Resident memory of a server process after 1,000 requests with distinct query strings,
   against one after 1,000 identical requests: target <= 1.5.

Exit status is 0 unless --strict is given and a ratio misses its target.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 21)
PLANNER = [sys.executable, "-c", "from planner.cli import main; main()"]

PLAIN_FROM_CATALOGUE = r"""
import datetime as dt, sys
from icalendar import Calendar, Event, vText
from planner.catalogue import cache
from planner.catalogue.load import load
from planner.feeds.build import observance_feed
from planner.resources import shipped_catalogues

catalogue, target = cache.get(shipped_catalogues())
if catalogue is None:
    catalogue = load()
    cache.put(target, catalogue)
feed = observance_feed(catalogue, dt.date(2027, 1, 1), dt.date(2036, 12, 31))
data = {"name": feed.name, "description": feed.description, "items": [
    {"uid": i.uid, "summary": i.summary, "start": i.first_day.isoformat(), "end": i.end.isoformat(),
     "stamp": i.stamp.isoformat(), "description": i.description, "sequence": i.sequence,
     "status": i.status.value, "categories": list(i.categories), "url": i.url} for i in feed.items]}
"""

PLAIN_SCRIPT = r"""
import datetime as dt, json, sys
from icalendar import Calendar, Event, vText
data = json.load(open(sys.argv[1], encoding="utf-8"))
"""

PLAIN_BUILD = r"""
cal = Calendar()
cal.add("prodid", "-//planner//Human rights observance feeds//EN")
cal.add("version", "2.0")
cal.add("calscale", "GREGORIAN")
cal.add("name", vText(data["name"]))
cal.add("x-wr-calname", vText(data["name"]))
cal.add("description", vText(data["description"]))
cal.add("x-wr-caldesc", vText(data["description"]))
cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
cal.add("x-published-ttl", "P1D")
for item in data["items"]:
    event = Event()
    stamp = dt.datetime.fromisoformat(item["stamp"])
    event.add("uid", item["uid"])
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", dt.date.fromisoformat(item["start"]))
    event.add("dtend", dt.date.fromisoformat(item["end"]))
    event.add("summary", item["summary"])
    event.add("description", item["description"])
    event.add("sequence", item["sequence"])
    event.add("status", item["status"])
    event.add("transp", "TRANSPARENT")
    event.add("x-microsoft-cdo-busystatus", "FREE")
    event.add("categories", item["categories"])
    if item["url"]:
        event.add("url", item["url"])
    cal.add_component(event)
open(sys.argv[2], "wb").write(cal.to_ical())
"""


@dataclasses.dataclass
class Result:
    name: str
    ours: float
    other: float
    ratio: float
    target: str
    ok: bool
    note: str = ""


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(argv: list[str], env: dict[str, str], before: Callable[[], None] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`."""
    if before is not None:
        before()
    cpu = _child_cpu()
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _child_cpu() - cpu


def best_process(
    argv: list[str], env: dict[str, str], repeat: int, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    runs = [run_process(argv, env, before) for _ in range(repeat)]
    return min(w for w, _ in runs), min(c for _, c in runs)


def bench_cli_feed(repeat: int) -> list[Result]:
    from planner.catalogue.load import load
    from planner.feeds.build import observance_feed

    work = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    try:
        cache = work / "cache"
        env = {
            **os.environ,
            "PLANNER_CACHE_DIR": str(cache),
            "PLANNER_DATA_DIR": str(work / "data"),
            "PLANNER_DATABASE_URL": f"sqlite:///{work / 'bench.db'}",
        }
        out = work / "ten.ics"
        argv = [
            *PLANNER,
            "--today",
            TODAY.isoformat(),
            "feed",
            "--from",
            "2027-01-01",
            "--to",
            "2036-12-31",
            "-o",
            str(out),
        ]
        subprocess.run(argv, env=env, check=True, capture_output=True)  # database, feed state, catalogue cache
        feed = observance_feed(load(), dt.date(2027, 1, 1), dt.date(2036, 12, 31))
        data = {
            "name": feed.name,
            "description": feed.description,
            "items": [
                {
                    "uid": i.uid,
                    "summary": i.summary,
                    "start": i.first_day.isoformat(),
                    "end": i.end.isoformat(),
                    "stamp": i.stamp.isoformat(),
                    "description": i.description,
                    "sequence": i.sequence,
                    "status": i.status.value,
                    "categories": list(i.categories),
                    "url": i.url,
                }
                for i in feed.items
            ],
        }
        (work / "items.json").write_text(json.dumps(data), encoding="utf-8")
        (work / "plain.py").write_text(PLAIN_SCRIPT + PLAIN_BUILD, encoding="utf-8")
        (work / "plain_catalogue.py").write_text(PLAIN_FROM_CATALOGUE + PLAIN_BUILD, encoding="utf-8")
        plain_argv = [sys.executable, str(work / "plain_catalogue.py"), "-", str(work / "plain.ics")]
        json_argv = [sys.executable, str(work / "plain.py"), str(work / "items.json"), str(work / "plain-json.ics")]

        def forget_events() -> None:
            (cache / "feed-events.json").unlink(missing_ok=True)

        def forget_feeds() -> None:
            for path in list(cache.glob("feed-*.json")):
                path.unlink()

        plain = best_process(plain_argv, env, repeat)
        from_json = best_process(json_argv, env, repeat)
        cold = best_process(argv, env, repeat, forget_events)
        coldest = best_process(argv, env, max(2, repeat // 2), forget_feeds)
        subprocess.run(argv, env=env, check=True, capture_output=True)
        warm = best_process(argv, env, repeat)
        events = len(feed.items)
        same = _vevents(out.read_bytes()) == _vevents((work / "plain.ics").read_bytes())
        note = "same VEVENT bytes" if same else "VEVENTs differ"

        def result(
            name: str, ours: tuple[float, float], base: tuple[float, float], limit: float, extra: str = ""
        ) -> Result:
            ratio = ours[1] / base[1]  # CPU: the machine is shared, wall clock varies with others' load
            return Result(
                name,
                ours[1],
                base[1],
                ratio,
                f"<= {limit}",
                ratio <= limit,
                f"wall {ours[0] * 1000:.0f} vs {base[0] * 1000:.0f} ms = {ours[0] / base[0]:.2f}" + extra,
            )

        return [
            result(
                f"ten-year public feed ({events} events), CLI cold vs plain icalendar", cold, plain, 1.2, f"; {note}"
            ),
            result("  the same, cache folder empty (database opened)", coldest, plain, 1.2),
            result("ten-year public feed, CLI warm (nothing changed) vs plain icalendar", warm, plain, 0.5),
            result("  plain icalendar fed from JSON (serialising only) vs the plain script", from_json, plain, 1.0),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _vevents(body: bytes) -> list[bytes]:
    return sorted(b"BEGIN:VEVENT" + part.split(b"END:VEVENT")[0] for part in body.split(b"BEGIN:VEVENT")[1:])


async def _asgi_get(app: Any, path: str, headers: dict[str, str]) -> tuple[int, int]:
    raw_path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    status = 0
    size = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await app(scope, receive, send)
    return status, size


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_gzip(repeat: int) -> Result:
    from planner.catalogue.load import load
    from planner.web.app import FeedSite, create_app

    site = FeedSite(catalogue=load(), today=lambda: TODAY, domain="planner.invalid")
    app = create_app(site)
    loop = asyncio.new_event_loop()

    def get(headers: dict[str, str]) -> tuple[int, int]:
        return loop.run_until_complete(_asgi_get(app, "/feeds/observances.ics", headers))

    plain_status, plain_size = get({})
    gz_status, gz_size = get({"Accept-Encoding": "gzip, deflate, br"})
    assert plain_status == gz_status == 200 and gz_size < plain_size

    def plain() -> None:
        for _ in range(200):
            get({})

    def gzipped() -> None:
        for _ in range(200):
            get({"Accept-Encoding": "gzip, deflate, br"})

    t_plain = best(plain, repeat)
    t_gzip = best(gzipped, repeat)
    loop.close()
    throughput = t_plain / t_gzip  # gzip requests per second / plain requests per second
    return Result(
        "gzip GET throughput vs uncompressed GET (in-process ASGI)",
        t_gzip / 200,
        t_plain / 200,
        throughput,
        ">= 0.5",
        throughput >= 0.5,
        f"{plain_size:,} bytes plain, {gz_size:,} gzip",
    )


def team_source(store: Any, day: dt.date) -> Any:
    """What `planner serve` does for a token of all campaigns: the campaigns with work in the
    rolling window, and those deleted lately, as a team feed."""
    from planner.feeds.build import deleted_lookback, rolling_window, team_feed, window_moved

    start, end = rolling_window(day)
    found = store.campaigns(start=start, end=end) + [
        c for c in store.deleted_since(deleted_lookback(day)) if c.overlaps(start, end)
    ]
    return team_feed(found, start, end, today=day, rolling_since=window_moved(day))


def bench_team_304(repeat: int, campaigns: int) -> Result:
    from planner.campaigns.files import load_templates
    from planner.campaigns.schedule import new_campaign, occurrence_for
    from planner.campaigns.store import Store
    from planner.feeds.published import publish_state
    from planner.feeds.tokens import TokenStore
    from planner.web.app import FeedSite, create_app

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_feed import synthetic_catalogue

    work = Path(tempfile.mkdtemp(prefix="planner-bench-team-"))
    try:
        url = f"sqlite:///{work / 'team.db'}"
        catalogue = synthetic_catalogue(campaigns)
        template = load_templates(team_dir=work / "none")["standard"]
        now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        made = []
        for obs in catalogue.observances.values():
            occ = occurrence_for(obs, 2027)
            made.append(new_campaign(template, occ, now=now))
        store = Store(url)
        store.import_campaigns(made)
        tokens = TokenStore(store, legacy_file=work / "none.json")
        _, secret = tokens.create("bench")

        site = FeedSite(
            catalogue=catalogue,
            today=lambda: TODAY,
            domain="planner.invalid",
            tokens=tokens,
            team=lambda token, day: team_source(store, day),
            team_stamp=lambda token, day: store.change_stamp(),
            publish=lambda feed: publish_state(lambda: store, url, [feed], now=now, snapshot=False)[0],
        )
        app = create_app(site)
        loop = asyncio.new_event_loop()
        path = f"/feeds/team/{secret}.ics"

        def get(headers: dict[str, str]) -> tuple[int, int]:
            return loop.run_until_complete(_asgi_get(app, path, headers))

        status, size = get({})
        assert status == 200
        first = site._bodies.get(next(k for k in site._bodies._data if k[0] == "team"))
        assert first is not None
        etag = f'"{first.etag}"'

        def full() -> None:
            site._bodies.clear()  # as after a change: the feed is read from the store and rendered
            site.events.clear()
            assert get({})[0] == 200

        def conditional() -> None:
            for _ in range(20):
                assert get({"If-None-Match": etag})[0] == 304

        t_full = best(full, repeat)
        t_304 = best(conditional, repeat) / 20
        loop.close()
        store.close()
        events = first.events
        return Result(
            f"team feed 304 vs 200 ({campaigns:,} campaigns, {events:,} events, SQLite)",
            t_304,
            t_full,
            t_full / t_304,
            ">= 10x",
            t_full / t_304 >= 10,
            f"{size:,} bytes",
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


MEMORY_CHILD = r"""
import asyncio, datetime as dt, gc, itertools, sys
sys.path.insert(0, sys.argv[2])
from bench_feed_serving import _asgi_get
from planner.catalogue.load import load
from planner.web.app import ALARMS, FeedSite, create_app

catalogue = load()
site = FeedSite(catalogue=catalogue, today=lambda: dt.date(2026, 11, 21), domain="planner.invalid")
app = create_app(site)
themes = sorted(catalogue.themes)
kinds = ["day", "week", "anniversary", "event", "period"]
queries = []
for n in itertools.count():
    if len(queries) >= 1000:
        break
    picked = [themes[(n * 7 + k) % len(themes)] for k in range(1 + n % 3)]
    q = "theme=" + ",".join(picked) + "&alarm=" + ALARMS[n % len(ALARMS)]
    if n % 2:
        q += "&kind=" + kinds[n % len(kinds)]
    queries.append(q + "&x=" * 0)
if sys.argv[1] == "same":
    queries = [queries[0]] * 1000
loop = asyncio.new_event_loop()
for q in queries:
    status, _ = loop.run_until_complete(_asgi_get(app, "/feeds/observances.ics?" + q, {"Accept-Encoding": "gzip"}))
    assert status in (200, 400), status
gc.collect()
with open("/proc/self/statm") as f:
    pages = int(f.read().split()[1])
import os
print(pages * os.sysconf("SC_PAGE_SIZE"), len(set(queries)))
"""


def bench_memory() -> Result:
    results = {}
    for which in ("same", "distinct"):
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, which, str(ROOT / "benchmarks")],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.split()
        results[which] = (int(out[0]), int(out[1]))
    same, distinct = results["same"][0], results["distinct"][0]
    return Result(
        f"server memory after 1,000 requests: {results['distinct'][1]} distinct query strings vs 1 repeated",
        distinct / 1e6,
        same / 1e6,
        distinct / same,
        "<= 1.5",
        distinct / same <= 1.5,
        f"RSS {distinct / 1e6:.0f} MB vs {same / 1e6:.0f} MB",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing; the best counts (default 5)")
    parser.add_argument("--campaigns", type=int, default=1000, help="campaigns in the team feed (default 1000)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any ratio misses its target")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    results = bench_cli_feed(args.repeat)
    results.append(bench_gzip(args.repeat))
    results.append(bench_team_304(max(2, args.repeat // 2), args.campaigns))
    results.append(bench_memory())

    width = max(len(r.name) for r in results)
    print(f"planner feed serving benchmarks ({time.perf_counter() - started:.1f} s, Python {sys.version.split()[0]})\n")
    print(f"{'benchmark':<{width}}  {'ours':>10}  {'baseline':>10}  {'ratio':>8}  {'target':>7}  result")
    for r in results:
        ratio = f"{r.ratio:.2f}" if r.target.startswith("<=") or "throughput" in r.name else f"{r.ratio:.1f}x"
        unit = "MB" if "memory" in r.name else "ms"
        scale = 1 if unit == "MB" else 1000
        note = f"  ({r.note})" if r.note else ""
        print(
            f"{r.name:<{width}}  {r.ours * scale:>8.2f}{unit}  {r.other * scale:>8.2f}{unit}  "
            f"{ratio:>8}  {r.target:>7}  {'PASS' if r.ok else 'FAIL'}{note}"
        )
    misses = [r for r in results if not r.ok]
    if misses:
        print(
            f"\n{len(misses)} ratio(s) missed the target; timings vary with machine load, so run again before acting."
        )
    return 1 if args.strict and misses else 0


if __name__ == "__main__":
    sys.exit(main())
