#!/usr/bin/env python3
"""Scaling benchmark: geoparse and extraction time and peak memory for one large document, by size.

    python benchmarks/bench_scaling.py [--sizes 1 4 8] [--line 10] [--skip-extract] [--json]

* One generated news text per size (1, 4 and 8 MB by default): paragraphs of
  conflict-news sentences written for this script (not taken from any
  corpus), full of place names, among them towns that share their name with
  their admin-1 area (Kursk, Donetsk, Kharkiv, Zaporizhzhia, Odesa, ...) and
  countries, with dates, figures and actors, so every stage has work.  The
  seed is fixed, so each size is the same text on every run.
* One single line of 10 MB (``--line``): the same sentences joined by spaces,
  with no newline at all.
* Each case runs in its own child process, so its peak memory (max RSS,
  ``resource.getrusage``) is its own: the child loads the gazetteer and the
  lexicon, warms them with a short call, makes the text, then times
  ``geoevents.geoparse(text)`` and ``geoevents.extract_events(text,
  published=...)`` (the whole pipeline: geoparse again, then events).
* The ratios (8 MB / 1 MB, 10 MB line / 1 MB) are of times taken in this
  one run, wall clock and CPU time of the process (on a shared machine the
  CPU ratio is the one other sessions do not skew).  Target: at most 10
  (linear time would give 8 and 10).  Peak memory target: <= 1 GB per case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time

TARGETS = {"max_ratio": 10.0, "peak_rss_mb": 1024}
MB = 1024 * 1024
PUBLISHED = "2024-11-18"

# place names: towns named like their admin-1 area, other towns, areas, countries
_NAMESAKES = ("Kursk", "Donetsk", "Kharkiv", "Zaporizhzhia", "Odesa", "Kherson", "Luhansk", "Belgorod", "Bryansk",
              "Mykolaiv", "Sumy", "Dnipro", "Chernihiv", "Poltava", "Aleppo", "Idlib", "Homs", "Kidal", "Gao")
_TOWNS = ("Pokrovsk", "Kramatorsk", "Sloviansk", "Bakhmut", "Avdiivka", "Vovchansk", "Kupiansk", "Huliaipole",
          "Shebekino", "Sudzha", "Toretsk", "Chasiv Yar", "Kostiantynivka", "Nikopol", "Izium", "Kyiv", "Lviv",
          "Moscow", "Warsaw", "Minsk", "Beirut", "Khartoum", "El Fasher", "Bamako", "Timbuktu", "Damascus")
_COUNTRIES = ("Ukraine", "Russia", "Poland", "Belarus", "Syria", "Lebanon", "Israel", "Sudan", "Mali", "Niger",
              "Moldova", "Romania", "Turkey", "Iran", "North Korea")
_FORCES = ("Russian forces", "Ukrainian troops", "government forces", "rebel fighters", "North Korean soldiers",
           "militants", "army units", "separatist forces", "RSF fighters", "Israeli forces")  # as after a verb
_WHEN = ("on Monday", "on Tuesday", "overnight", "on 17 November 2024", "on 3 October 2024", "yesterday",
         "last week", "earlier this month", "on the night of 12 November", "this morning")
_SAID = ("the regional governor said", "officials said", "the defence ministry said", "witnesses said",
         "according to local media", "a military spokesman told reporters")
_TEMPLATES = (
    "{force} shelled {a} {when}, killing {n} civilians and wounding {m} others, {said}.",
    "A drone struck an energy facility near {a} in the {area} region {when}; {n} people were injured.",
    "About {troops} troops have massed in the {area} region ahead of an expected offensive, {said}.",
    "{force} said they had captured the village of {t} {when} after weeks of heavy fighting near {a}.",
    "Heavy fighting continues around {t}, where {force_low} have advanced {when}.",
    "Residents of {a} were evacuated by bus to {b} as the front line moved closer to {t}.",
    "Air defence units over {country} shot down {m} of the {troops} drones launched {when}, {said}.",
    "Officials in {country} said aid convoys reached {a} and {t} after a three-day pause.",
    "The governor of the {area} Oblast said power was cut in {a}, {b} and {t} {when}.",
    "Talks between {country} and {country2} resumed in {b} {when}, {said}.",
    "Missiles hit {a}, {area} Oblast, {when}; {n} people died and {m} were wounded.",
    "{country} accused {country2} of massing forces on the border near {a}.",
)
_NUMBERS = ("two", "three", "five", "seven", "12", "14", "at least 20", "dozens of")


def news_sentences(seed: int = 18):
    """An endless stream of generated news sentences (fixed seed)."""
    rng = random.Random(seed)
    while True:
        force = rng.choice(_FORCES)
        sentence = rng.choice(_TEMPLATES).format(
            force=force, force_low=force,
            a=rng.choice(_NAMESAKES), b=rng.choice(_TOWNS + _NAMESAKES), t=rng.choice(_TOWNS),
            area=rng.choice(_NAMESAKES), country=rng.choice(_COUNTRIES), country2=rng.choice(_COUNTRIES),
            when=rng.choice(_WHEN), said=rng.choice(_SAID), n=rng.choice(_NUMBERS), m=rng.choice(_NUMBERS),
            troops=f"{rng.randrange(2, 90) * 1000:,}")
        yield sentence[0].upper() + sentence[1:]


def news_text(size: int, *, single_line: bool = False, seed: int = 18) -> str:
    """About ``size`` characters of news: paragraphs of 4-6 sentences, or one line with no newline."""
    rng = random.Random(seed + 1)
    parts: list[str] = []
    total = 0
    sentences = news_sentences(seed)
    while total < size:
        para = " ".join(next(sentences) for _ in range(rng.randrange(4, 7)))
        parts.append(para)
        total += len(para) + (1 if single_line else 2)
    return (" " if single_line else "\n\n").join(parts)[:size]


def run_case(size: int, single_line: bool, extract: bool) -> dict[str, object]:
    """One case, in this process: load, warm up, make the text, time geoparse and extraction."""
    from geoevents import Gazetteer, extract_events, geoparse
    from geoevents.gazetteer.lexicon import Lexicon

    t = time.perf_counter()
    gaz = Gazetteer.default()
    lex = Lexicon.default()
    extract_events("Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed.",
                   published=PUBLISHED, gazetteer=gaz)
    load_s = time.perf_counter() - t
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = news_text(size, single_line=single_line)
    t, c = time.perf_counter(), time.process_time()
    toponyms = geoparse(text, gazetteer=gaz, lexicon=lex)
    geoparse_s, geoparse_cpu_s = time.perf_counter() - t, time.process_time() - c
    n_toponyms = len(toponyms)
    del toponyms
    extract_s = extract_cpu_s = n_events = None
    if extract:
        t, c = time.perf_counter(), time.process_time()
        events = extract_events(text, published=PUBLISHED, gazetteer=gaz)
        extract_s, extract_cpu_s = time.perf_counter() - t, time.process_time() - c
        n_events = len(events)
    return {"chars": len(text), "newlines": text.count("\n"), "load_s": load_s, "geoparse_s": geoparse_s,
            "geoparse_cpu_s": geoparse_cpu_s, "extract_s": extract_s, "extract_cpu_s": extract_cpu_s,
            "toponyms": n_toponyms, "events": n_events,
            "rss_after_load_mb": rss_loaded, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(size: int, single_line: bool, extract: bool) -> dict[str, object]:
    cmd = [sys.executable, os.path.abspath(__file__), "--case", str(size), *(["--single-line"] if single_line else []),
           *([] if extract else ["--skip-extract"])]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"case {size} bytes{' (one line)' if single_line else ''} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def run(sizes_mb: list[float], line_mb: float | None, extract: bool = True) -> dict[str, object]:
    cases = [(f"{mb:g} MB", int(mb * MB), False) for mb in sizes_mb]
    if line_mb:
        cases.append((f"{line_mb:g} MB line", int(line_mb * MB), True))
    results = {}
    for label, size, single in cases:
        print(f"  {label} ...", file=sys.stderr, flush=True)
        results[label] = _child(size, single, extract)
    base_label = cases[0][0]
    base = results[base_label]
    ratios = {}
    for label, res in results.items():
        if label == base_label:
            continue
        ratios[label] = {"size": res["chars"] / base["chars"], "geoparse": res["geoparse_s"] / base["geoparse_s"],
                         "geoparse_cpu": res["geoparse_cpu_s"] / base["geoparse_cpu_s"],
                         "extract": (res["extract_s"] / base["extract_s"]) if extract else None,
                         "extract_cpu": (res["extract_cpu_s"] / base["extract_cpu_s"]) if extract else None}
    return {"base": base_label, "cases": results, "ratios": ratios, "targets": TARGETS}


def format_rows(res: dict) -> list[tuple[str, str, str]]:
    rows = []
    for label, c in res["cases"].items():
        rows.append((f"{label}: geoparse ({c['toponyms']:,} toponyms), wall / CPU",
                     f"{c['geoparse_s']:.2f} / {c['geoparse_cpu_s']:.2f} s", "-"))
        if c.get("extract_s") is not None:
            rows.append((f"{label}: extract_events ({c['events']:,} events), wall / CPU",
                         f"{c['extract_s']:.2f} / {c['extract_cpu_s']:.2f} s", "-"))
        rows.append((f"{label}: peak memory", f"{c['peak_rss_mb']:.0f} MB", f"<= {TARGETS['peak_rss_mb']} MB"))
    for label, r in res["ratios"].items():
        what = f"time ratio {label} / {res['base']}"
        rows.append((f"{what}, geoparse (size x{r['size']:.1f}), wall / CPU",
                     f"{r['geoparse']:.1f} / {r['geoparse_cpu']:.1f}", f"<= {TARGETS['max_ratio']:g}"))
        if r.get("extract") is not None:
            rows.append((f"{what}, extract_events, wall / CPU", f"{r['extract']:.1f} / {r['extract_cpu']:.1f}",
                         f"<= {TARGETS['max_ratio']:g}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 8], help="news text sizes in MB (first: base)")
    ap.add_argument("--line", type=float, default=10, help="size of the single-line case in MB (0: none)")
    ap.add_argument("--skip-extract", action="store_true", help="time geoparse only")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--case", type=int, help=argparse.SUPPRESS)  # internal: run one case of this many characters
    ap.add_argument("--single-line", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.case is not None:
        print(json.dumps(run_case(args.case, args.single_line, not args.skip_extract)))
        return 0
    res = run(args.sizes, args.line or None, not args.skip_extract)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          "one process per case, one thread")
    for what, value, target in format_rows(res):
        print(f"{what:70s} {value:>12s}   target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
