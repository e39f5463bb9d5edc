#!/usr/bin/env python3
"""Run every benchmark, each in its own process, and write the table to benchmarks/RESULTS.md.

    python benchmarks/run_all.py [--quick] [--only NAME ...] [--reuse] [--out benchmarks/RESULTS.md]

Each ``bench_*.py`` here is run as ``python bench_X.py --json ARGS``; its
JSON is kept in ``benchmarks/results/X.json`` and turned into rows by the
script's own ``format_rows``.  ``--quick`` runs small sizes (a few minutes
in all); ``--reuse`` builds the table from the kept JSON files instead of
running (for a benchmark taken earlier, e.g. the long Dask run);
``--only NAME ...`` runs just those and takes the others' rows from the
kept JSON, so the table stays whole.  A
benchmark script that is not there (``bench_map.py`` until the maps branch
lands) is listed as skipped.  The machine facts (CPU, cores, Python, date,
load average) go above the table: on a shared machine the load matters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name: (full-size arguments, quick arguments)
BENCHMARKS = {
    "gazetteer": ([], ["--names", "5000", "--runs", "2"]),
    "geoparse": ([], []),
    "extract": ([], ["--articles", "100", "--rows", "20000"]),
    "store": (["--events", "100000"], ["--quick"]),
    "map": ([], ["--sizes", "1000", "10000"]),
    "dask": (["--articles", "10000", "--memory", "100000"], ["--quick"]),
    "scaling": ([], ["--sizes", "0.25", "1", "2", "--line", "2.5"]),
}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_pressure() -> str:
    """Share of the last 60 s in which some runnable task waited for a CPU (Linux PSI), e.g. "82%"."""
    try:
        for line in Path("/proc/pressure/cpu").read_text().splitlines():
            if line.startswith("some"):
                return line.split("avg60=")[1].split()[0] + "%"
    except (OSError, IndexError):
        pass
    return "unknown"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"bench_{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE))
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(HERE))
    return mod


def run_one(name: str, args: list[str], results: Path) -> tuple[dict | None, str, float]:
    script = HERE / f"bench_{name}.py"
    cmd = [sys.executable, str(script), "--json", *args]
    shown = " ".join(["python", f"benchmarks/bench_{name}.py", *args])
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
    took = time.perf_counter() - t
    if proc.returncode != 0:
        print(f"{name}: failed ({proc.returncode})\n{proc.stderr[-2000:]}", file=sys.stderr)
        return None, shown, took
    res = json.loads(proc.stdout)
    res["_command"] = shown
    res["_seconds"] = took
    (results / f"{name}.json").write_text(json.dumps(res, indent=2) + "\n")
    return res, shown, took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes")
    ap.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="just these benchmarks")
    ap.add_argument("--reuse", action="store_true", help="use the JSON kept in benchmarks/results/ instead of running")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args(argv)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    load_before = os.getloadavg()
    started = dt.datetime.now(dt.timezone.utc)
    sections: list[str] = []
    notes: list[str] = []
    for name, (full, quick) in BENCHMARKS.items():
        left_out = bool(args.only) and name not in args.only  # its rows come from the kept JSON
        if not (HERE / f"bench_{name}.py").exists():
            notes.append(f"- `bench_{name}.py` is not in this checkout: skipped.")
            continue
        kept = results / f"{name}.json"
        if left_out and not kept.exists():
            notes.append(f"- {name}: not run (--only) and no kept figures.")
            continue
        if (args.reuse or left_out) and kept.exists():
            res = json.loads(kept.read_text())
            shown = res.get("_command", f"python benchmarks/bench_{name}.py")
            notes.append(f"- {name}: figures reused from `benchmarks/results/{name}.json` (an earlier run)"
                         + (f"; {res['_note'].rstrip('.')}" if res.get("_note") else "") + ".")
        else:
            print(f"running bench_{name}.py ...", file=sys.stderr, flush=True)
            res, shown, took = run_one(name, quick if args.quick else full, results)
            if res is None:
                notes.append(f"- `{shown}` failed: see its output.")
                continue
            print(f"  {took:.0f} s", file=sys.stderr)
        rows = _module(name).format_rows(res)
        sections.append(f"| **{name}** | | | `{shown}` |")
        sections += [f"| {what} | {value} | {target} | |" for what, value, target in rows]
    load_after = os.getloadavg()
    if args.reuse:
        when = (f"Assembled {started:%Y-%m-%d %H:%M} UTC from the results kept in benchmarks/results/ (taken "
                "earlier; see the load rows and notes), on")
    elif args.only:
        when = (f"Taken {started:%Y-%m-%d %H:%M} UTC ({', '.join(args.only)}; the other rows are kept from earlier "
                "runs, see the notes) on")
    else:
        when = f"Taken {started:%Y-%m-%d %H:%M} UTC on"
    facts = (f"{when} {cpu_model()}, {os.cpu_count()} cores "
             f"({platform.machine()}, {platform.system()}), Python {platform.python_version()}; load average "
             f"{', '.join(f'{x:.2f}' for x in load_before)} before and "
             f"{', '.join(f'{x:.2f}' for x in load_after)} after; CPU pressure (time some task waited for a CPU, "
             f"last 60 s) {cpu_pressure()} at the end{' (--quick sizes)' if args.quick else ''}.")
    lines = ["# Benchmark results", "", "Written by `python benchmarks/run_all.py`"
             + (" --quick" if args.quick else "") + ".", "", facts, "",
             "| what | measured | target | command |", "|---|---|---|---|", *sections]
    if notes:
        lines += ["", *notes]
    args.out.write_text("\n".join(lines) + "\n" + _kept_notes(args.out))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


KEPT_HEADING = "## Notes kept by hand"


def _kept_notes(path: Path) -> str:
    """The hand-written notes at the end of an existing RESULTS.md, from their heading on (or "")."""
    if not path.exists():
        return ""
    text = path.read_text()
    at = text.find(KEPT_HEADING)
    return "" if at < 0 else "\n" + text[at:]


if __name__ == "__main__":
    sys.exit(main())
