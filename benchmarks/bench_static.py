"""Static maps (PNG, SVG) and the report page: time and size, for the example and for synthetic events.

    python benchmarks/bench_static.py [--events 10000]

The synthetic events are the example article's, copied to random points over
Ukraine and western Russia (seeded, so every run draws the same map). Times
are the best of 3 runs after one warm-up (which loads matplotlib, geopandas
and the outlines); the files go to a temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import tempfile
import time
from pathlib import Path

from geoevents import extract_events_from_file
from geoevents.outputs.report import save_report
from geoevents.outputs.static import save_static

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"


def synthetic(events, n: int, seed: int = 5):
    rng = random.Random(seed)
    base = [e for e in events if e.lat is not None]
    return [dataclasses.replace(base[i % len(base)], id=f"synthetic-{i}", lat=rng.uniform(44.5, 52.5),
                                lon=rng.uniform(22.5, 40.0)) for i in range(n)]


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    example = list(extract_events_from_file(EXAMPLE))
    many = synthetic(example, args.events)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        save_static(example, folder / "warm.png")
        print(f"first static map in the process (imports, outlines): {time.perf_counter() - t:.2f} s")
        print(f"{'what':42s} {'time':>8s} {'file':>9s}")
        for label, items in (("example (9 events)", example), (f"{len(many):,} synthetic events", many)):
            for suffix in (".png", ".svg"):
                path = folder / f"map{suffix}"
                seconds = best_of(lambda p=path, it=items: save_static(it, p))
                print(f"{'static ' + suffix[1:] + ', ' + label:42s} {seconds:7.2f}s {path.stat().st_size / 1e6:7.2f} MB")
            path = folder / "report.html"
            seconds = best_of(lambda p=path, it=items: save_report(it, p))
            print(f"{'report, ' + label:42s} {seconds:7.2f}s {path.stat().st_size / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
