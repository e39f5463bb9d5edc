#!/usr/bin/env python3
"""Event-store benchmarks: append rows/s (new, repeated reports, already stored), query time, peak memory.

    python benchmarks/bench_store.py [--events 100000] [--json]

* Events are made from the events of ``maps/examples/kursk-buildup.html``
  with new ids, places (random points over Ukraine and western Russia,
  10,000 distinct place ids), dates (2022-2025) and types, fixed seed, so no
  extraction is timed.
* Append ``--events`` new events in batches of 2,000 (one transaction each)
  into a fresh store; then the same events again (all already stored, the
  file must not change); then 10% of them as second reports from another
  source (merged).  Target: >= 5,000 rows/s for new events.
* Queries on the full store, median of 5: bbox + date range (R-tree), one
  country, one actor word.  Target: < 1 s.
* Peak memory: max RSS of this process.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"append_rows_per_s": 5_000, "query_s": 1.0}
TYPES = (("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Strategic developments", "Change to group/activity"), ("Protests", "Peaceful protest"))


def make_events(n: int, seed: int = 5):
    from geoevents import extract_events_from_file

    templates = extract_events_from_file(ROOT / "maps" / "examples" / "kursk-buildup.html")
    rng = random.Random(seed)
    out = []
    start = dt.date(2022, 1, 1)
    for i in range(n):
        base = templates[i % len(templates)]
        k = rng.randrange(10_000)
        lat, lon = 46 + (k % 100) * 0.08, 30 + (k // 100) * 0.12
        place = dataclasses.replace(base.place, id=f"bench:{k}", name=f"Place {k}", lat=lat, lon=lon,
                                    country="UA" if lon < 40 else "RU")
        day = start + dt.timedelta(days=rng.randrange(1400))
        et, st = TYPES[rng.randrange(len(TYPES))]
        out.append(dataclasses.replace(base, id=f"bench{i:09d}", place=place, lat=lat, lon=lon, date_start=day,
                                       date_end=day, event_type=et, sub_event_type=st,
                                       fatalities=rng.choice((None, 0, 1, 2, 5)), source=f"https://news.example/{i}"))
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(n: int = 100_000) -> dict:
    from geoevents.store import EventStore

    events = make_events(n)
    again = [dataclasses.replace(e, id=e.id + "-b", source=e.source + "?repeat", fatalities=(e.fatalities or 0) + 1)
             for e in events[: n // 10]]
    res: dict = {"events": n, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        path = Path(tmp) / "events.gpkg"
        with EventStore(path) as store:
            t, c = time.perf_counter(), time.process_time()
            r = store.add(events)
            res["append_new_s"] = time.perf_counter() - t
            res["append_new_cpu_s"] = time.process_time() - c
            res["append_new"] = r.new
            digest = _sha(path)
            t = time.perf_counter()
            r = store.add(events)
            res["append_again_s"] = time.perf_counter() - t
            res["append_again_unchanged"] = r.unchanged
            res["unchanged_bytes"] = _sha(path) == digest
            t = time.perf_counter()
            r = store.add(again)
            res["append_merge_s"] = time.perf_counter() - t
            res["append_merged"] = r.merged
            res["store_mb"] = path.stat().st_size / 1e6
            queries = {
                "bbox_and_dates": dict(bbox=(33, 47, 36, 49), since="2023-01-01", until="2023-06-30"),
                "country": dict(countries=["RU"]),
                "actor": dict(actors=["North Korea"]),
            }
            for name, q in queries.items():
                times, cpu = [], []
                for _ in range(5):
                    t, c = time.perf_counter(), time.process_time()
                    found = store.query(**q)
                    times.append(time.perf_counter() - t)
                    cpu.append(time.process_time() - c)
                res[f"query_{name}_s"] = statistics.median(times)
                res[f"query_{name}_cpu_s"] = statistics.median(cpu)
                res[f"query_{name}_rows"] = len(found)
    res["append_new_rows_per_s"] = res["append_new"] / res["append_new_s"]
    res["append_new_rows_per_cpu_s"] = res["append_new"] / res["append_new_cpu_s"]
    res["load_after"] = os.getloadavg()
    res["append_again_rows_per_s"] = n / res["append_again_s"]
    res["append_merge_rows_per_s"] = len(again) / res["append_merge_s"]
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res["targets"] = TARGETS
    return res


def format_rows(res: dict) -> list[tuple[str, str, str]]:
    n = res["events"]
    return [
        (f"store append, {n:,} new events (batches of 2,000): wall (per CPU second)",
         f"{res['append_new_rows_per_s']:,.0f} rows/s ({res['append_new_rows_per_cpu_s']:,.0f} rows/CPU-s; "
         f"{res['append_new_s']:.1f} s)", f">= {TARGETS['append_rows_per_s']:,} rows/s"),
        (f"store append, the same {n:,} again (all already stored)", f"{res['append_again_rows_per_s']:,.0f} rows/s, "
         f"file {'unchanged' if res['unchanged_bytes'] else 'CHANGED'}", "file unchanged"),
        (f"store append, {res['append_merged']:,} repeated reports (merged)",
         f"{res['append_merge_rows_per_s']:,.0f} rows/s", "-"),
        (f"store query, bbox + date range on {n:,} ({res['query_bbox_and_dates_rows']:,} rows), median of 5",
         f"{res['query_bbox_and_dates_s'] * 1000:.0f} ms ({res['query_bbox_and_dates_cpu_s'] * 1000:.0f} ms CPU)",
         f"< {TARGETS['query_s']:.0f} s"),
        (f"store query, one country ({res['query_country_rows']:,} rows) / one actor "
         f"({res['query_actor_rows']:,} rows)",
         f"{res['query_country_s'] * 1000:.0f} ms / {res['query_actor_s'] * 1000:.0f} ms "
         f"({res['query_country_cpu_s'] * 1000:.0f} / {res['query_actor_cpu_s'] * 1000:.0f} ms CPU)",
         f"< {TARGETS['query_s']:.0f} s"),
        ("store file size", f"{res['store_mb']:.0f} MB", "-"),
        ("store peak memory (events in memory + store)", f"{res['peak_rss_mb']:.0f} MB", "-"),
        ("load average (1, 5, 15 min) before / after", f"{', '.join(f'{x:.1f}' for x in res['load_before'])} / "
         f"{', '.join(f'{x:.1f}' for x in res['load_after'])}", "machine not shared"),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="10,000 events")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = run(10_000 if args.quick else args.events)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for what, value, target in format_rows(res):
        print(f"{what:75s} {value:>40s}   target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
