"""Web map at scale: build seconds, file size and the time until headless Chromium has drawn it.

    python benchmarks/bench_map.py                 # 1,000 / 10,000 / 100,000 synthetic events
    python benchmarks/bench_map.py --sizes 1000    # just one size
    python benchmarks/bench_map.py --json          # for run_all.py

Synthetic events spread over Ukraine and western Russia, all six ACLED types,
40 actors, dates over a year, one in fifty with a troop figure and an origin,
and unique sentences.  "drawn" is ``performance.now()`` when the map's script
has painted its first frame with events (Chromium offline, file:// URL),
that is from the start of navigation, parsing the file included.
Targets for 100,000 events (issue 5): build <= 10 s, file <= 40 MB, drawn <= 5 s.
Peak memory is this process's maximum RSS after each size (the sizes run
smallest first, so each figure is that size's peak); Chromium's is not in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import headless  # noqa: E402  (tools/headless.py)

from geoevents.core.model import Event, EventPlace, Evidence, Troops  # noqa: E402
from geoevents.webmap import save_map  # noqa: E402

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
         "Strategic developments"]
ADMIN1 = [("Kharkiv Oblast", "UA-63"), ("Donetsk Oblast", "UA-14"), ("Zaporizhzhia Oblast", "UA-23"),
          ("Kherson Oblast", "UA-65"), ("Kursk Oblast", "RU-KRS"), ("Belgorod Oblast", "RU-BEL")]
TARGETS = {100_000: (10.0, 40.0, 5.0)}


def synthetic(n: int, seed: int = 1) -> list[Event]:
    rnd = random.Random(seed)
    start = dt.date(2024, 1, 1)
    out = []
    for k in range(n):
        lat, lon = 46.0 + rnd.random() * 6.5, 30.0 + rnd.random() * 10.0
        a1, iso = ADMIN1[k % len(ADMIN1)]
        place = EventPlace(f"Village {k % 5000}", f"synthetic:{k % 5000}", "city", a1, iso, iso[:2], lat, lon)
        d0 = start + dt.timedelta(days=rnd.randrange(365))
        d1 = d0 + dt.timedelta(days=rnd.choice((0, 0, 0, 6)))
        troops = origin = None
        if k % 50 == 0:
            strength = rnd.choice((500, 2000, 11000, 50000))
            troops = Troops(strength, strength, "about", "troops", ("Russian",), f"about {strength:,} troops")
            origin = EventPlace("Rostov-on-Don", "synthetic:rostov", "city", "Rostov Oblast", "RU-ROS", "RU",
                                47.2357, 39.7015)
        actors = tuple(f"Actor {rnd.randrange(40)}" for _ in range(rnd.choice((0, 1, 1, 2))))
        sentence = f"Event {k}: forces were reported near village {k % 5000} on {d0.isoformat()}, officials said."
        out.append(Event(id=f"{k:08x}", lat=lat, lon=lon, place=place, geo_precision=1, date_start=d0, date_end=d1,
                         date_precision="day" if d0 == d1 else "week", status="happened", event_type=TYPES[k % 6],
                         sub_event_type="Armed clash", actors=actors, troops=troops,
                         fatalities=rnd.choice((None, None, 1, 3)), evidence=Evidence(0, len(sentence), sentence),
                         source=f"https://news.example/{k // 10}", origin=origin))
    return out


def run(sizes: list[int], browser: bool = True) -> dict:
    why = headless.available() if browser else "--no-browser"
    if why and browser:
        print(f"bench_map: no browser timings ({why})", file=sys.stderr)
    res: dict = {"load_before": os.getloadavg(), "browser": None if why else "headless Chromium", "sizes": []}
    save_map(synthetic(10), Path(tempfile.gettempdir()) / "geoevents-warmup.html")  # loads the outlines once
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            events = synthetic(n)
            path = Path(tmp) / f"map-{n}.html"
            t0 = time.perf_counter()
            save_map(events, path, title=f"{n:,} synthetic events")
            row = {"events": n, "build_s": time.perf_counter() - t0, "file_mb": path.stat().st_size / 1e6,
                   "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "drawn_s": None}
            del events
            if not why:
                with headless.offline_browser() as b:
                    b.open(path, timeout=120)
                    row["drawn_s"] = b.js("return document.querySelector('.folium-map').geoevents.drawnAt") / 1000
                    assert not b.errors(), b.errors()
            res["sizes"].append(row)
            print(f"bench_map: {n:,} events done", file=sys.stderr, flush=True)
    res["load_after"] = os.getloadavg()
    return res


def format_rows(res: dict) -> list[tuple[str, str, str]]:
    rows = []
    for r in res["sizes"]:
        target = TARGETS.get(r["events"])
        drawn = f"{r['drawn_s']:.2f} s" if r["drawn_s"] is not None else "not timed (no Chromium)"
        rows.append((f"web map, {r['events']:,} events: build / file / drawn in Chromium / peak memory",
                     f"{r['build_s']:.2f} s / {r['file_mb']:.1f} MB / {drawn} / {r['peak_rss_mb']:.0f} MB",
                     f"<= {target[0]:g} s / <= {target[1]:g} MB / <= {target[2]:g} s / -" if target else "-"))
    rows.append(("load average (1, 5, 15 min) before / after", f"{', '.join(f'{x:.1f}' for x in res['load_before'])}"
                 f" / {', '.join(f'{x:.1f}' for x in res['load_after'])}", "machine not shared"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-browser", action="store_true", help="build only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    res = run(args.sizes, browser=not args.no_browser)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    for what, value, target in format_rows(res):
        print(f"{what:75s} {value:>45s}   target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
