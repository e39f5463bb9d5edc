#!/usr/bin/env python3
"""Batch-engine benchmarks: the local engine against Dask on 1 and 2 workers, and peak memory on a large corpus.

    python benchmarks/bench_dask.py [--articles 10000] [--partition-size 250] [--memory 0] [--json] [--quick]

* A JSONL corpus of generated ~700-word articles is written first (the
  generator of ``bench_extract.py``, fixed seed, made in chunks of 1,000 so
  the generator itself stays small).
* Each run is ``geoevents.engine.extract_corpus`` in a fresh child process
  (so each loads its own gazetteer, as a worker does): the local engine,
  then Dask with a LocalCluster of 1 and of 2 worker processes (one thread
  each).  Wall time includes starting the cluster and loading the gazetteer
  in each worker.  CPU time is the child's and its reaped descendants'
  (``os.wait4``), so CPU / wall is the number of cores kept busy on average.
* The three outputs are compared event for event (``read_parts``) and part
  file for part file (bytes).
* ``--memory N`` also runs the local engine on N articles and reports its
  peak RSS (``ru_maxrss``) and the RSS after each quarter of the run, to
  show it stays flat.  Target: < 1 GB at 100,000 articles.  ``--memory-engine
  dask`` makes it a 2-worker LocalCluster run; over several processes the
  summed RSS counts shared pages (the gazetteer's mapped file, libraries)
  once per process, so the summed PSS (proportional set size, each shared
  page split between its users) is reported too.
* Load average before and after is reported: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TARGETS = {"peak_rss_mb_100k": 1024}


def write_corpus(path: Path, n: int, chunk: int = 1000, unique: int | None = None) -> None:
    """``n`` articles; with ``unique``, the first ``unique`` are generated and then repeated under new URLs
    (so every article is a new document with its own events), which is much faster for the memory run."""
    from bench_extract import generate_articles

    from geoevents import Gazetteer

    gaz = Gazetteer.default()
    with open(path, "w", encoding="utf-8") as fh:
        done = 0
        while done < min(n, unique or n):
            k = min(chunk, n - done, (unique or n) - done)
            for i, (text, pub) in enumerate(generate_articles(k, gaz, seed=17 + done // chunk)):
                fh.write(json.dumps({"text": text, "published": pub.isoformat(),
                                     "url": f"https://news.example/{done + i}"}) + "\n")
            done += k
    if unique and n > unique:
        with open(path, encoding="utf-8") as src:
            first = src.readlines()
        with open(path, "a", encoding="utf-8") as fh:
            while done < n:
                for line in first[: n - done]:
                    rec = json.loads(line)
                    rec["url"] = f"https://news.example/{done}"
                    fh.write(json.dumps(rec) + "\n")
                    done += 1


_CHILD = r"""
import json, resource, sys, time
from geoevents.engine import extract_corpus
args = json.loads(sys.argv[1])
marks = []
def progress(c, seen=[0]):
    seen[0] += 1
    if seen[0] % max(1, args["parts"] // 4) == 0:
        marks.append(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
if __name__ == "__main__":
    r = extract_corpus(args["corpus"], args["out"], engine=args["engine"], workers=args.get("workers"),
                       partition_size=args["size"], progress=progress)
    print(json.dumps({"articles": r.articles, "events": r.events, "seconds": r.seconds, "workers": r.workers,
                      "rss_marks_mb": marks}))
"""


def run_child(corpus: Path, out: Path, engine: str, workers: int | None, size: int, parts: int) -> dict:
    args = json.dumps({"corpus": str(corpus), "out": str(out), "engine": engine, "workers": workers, "size": size,
                       "parts": parts})
    import psutil  # comes with dask.distributed

    t = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out_fh, tempfile.TemporaryFile("w+") as err_fh:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, args], stdout=out_fh, stderr=err_fh, text=True)
        root = psutil.Process(proc.pid)
        cpu_by_pid: dict[int, float] = {}
        peak_tree = peak_one = peak_pss = 0
        samples = 0
        while proc.poll() is None:  # sample the process tree: Dask's workers are grandchildren
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            total = pss = 0
            with_pss = samples % 8 == 0  # PSS reads smaps, which is slow: every 2 s
            for p in tree:
                try:
                    c, rss = p.cpu_times(), p.memory_info().rss
                    if with_pss:
                        pss += getattr(p.memory_full_info(), "pss", rss)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                cpu_by_pid[p.pid] = c.user + c.system  # own time only: a nanny's children_* are its worker
                total += rss
                peak_one = max(peak_one, rss)
            peak_tree = max(peak_tree, total)
            peak_pss = max(peak_pss, pss)
            samples += 1
            time.sleep(0.25)
        proc.wait()
        wall = time.perf_counter() - t
        out_fh.seek(0)
        err_fh.seek(0)
        out_text, err_text = out_fh.read(), err_fh.read()
    if proc.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{err_text[-3000:]}")
    res = json.loads(out_text.strip().splitlines()[-1])
    cpu = sum(cpu_by_pid.values())
    res.update({"wall_s": wall, "cpu_s": cpu, "cores_busy": cpu / wall if wall else 0.0,
                "peak_rss_mb": peak_one / 2**20, "peak_rss_tree_mb": peak_tree / 2**20,
                "peak_pss_tree_mb": peak_pss / 2**20,
                "articles_per_s": res["articles"] / wall if wall else 0.0})
    return res


def read_parts_of(part: Path):
    """The events of one part file (``read_parts`` reads a whole folder)."""
    import pyarrow.parquet as pq

    from geoevents.core.model import Event

    for blob in pq.read_table(part, columns=["event_json"]).column("event_json").to_pylist():
        yield Event.from_dict(json.loads(blob))


def run(n_articles: int = 10_000, size: int = 250, memory: int = 0, memory_engine: str = "local",
        skip_compare: bool = False) -> dict:
    res: dict = {"articles": n_articles, "partition_size": size, "load_before": os.getloadavg(),
                 "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        t = time.perf_counter()
        write_corpus(corpus, n_articles)
        res["generate_s"] = time.perf_counter() - t
        res["corpus_mb"] = corpus.stat().st_size / 1e6
        parts = -(-n_articles // size)
        outs = {}
        for label, engine, workers in (() if skip_compare else (
                ("local", "local", None), ("dask_1", "dask", 1), ("dask_2", "dask", 2))):
            outs[label] = Path(tmp) / f"{label}.parquet"
            res[label] = run_child(corpus, outs[label], engine, workers, size, parts)
        if skip_compare:
            corpus.unlink()
            big = Path(tmp) / "big.jsonl"
            t = time.perf_counter()
            write_corpus(big, memory, unique=10_000)
            res["memory_generate_s"] = time.perf_counter() - t
            res["memory_articles"] = memory
            res["memory_engine"] = memory_engine
            res["memory_run"] = run_child(big, Path(tmp) / "big.parquet", memory_engine,
                                          2 if memory_engine == "dask" else None, size, -(-memory // size))
            res["load_after"] = os.getloadavg()
            return res
        files = {k: sorted(p.name for p in v.iterdir()) for k, v in outs.items()}
        res["events"] = 0
        res["same_events"] = files["local"] == files["dask_1"] == files["dask_2"]
        for name in files["local"]:  # part by part, so the comparison stays small
            base = list(read_parts_of(outs["local"] / name))
            res["events"] += len(base)
            res["same_events"] &= all(list(read_parts_of(outs[k] / name)) == base for k in ("dask_1", "dask_2"))
        res["same_part_files"] = (files["local"] == files["dask_1"] == files["dask_2"] and all(
            (outs["local"] / f).read_bytes() == (outs[k] / f).read_bytes() for k in ("dask_1", "dask_2")
            for f in files["local"]))
        res["speedup_2_vs_1"] = res["dask_1"]["wall_s"] / res["dask_2"]["wall_s"]
        res["speedup_2_vs_local"] = res["local"]["wall_s"] / res["dask_2"]["wall_s"]
        if memory:
            big = Path(tmp) / "big.jsonl"
            corpus.unlink()
            write_corpus(big, memory, unique=10_000)
            res["memory_articles"] = memory
            res["memory_engine"] = memory_engine
            res["memory_run"] = run_child(big, Path(tmp) / "big.parquet", memory_engine,
                                          2 if memory_engine == "dask" else None, size, -(-memory // size))
    res["load_after"] = os.getloadavg()
    res["bench_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res["targets"] = TARGETS
    return res


def format_rows(res: dict) -> list[tuple[str, str, str]]:
    n = res["articles"]
    rows = []
    if "local" in res:
        for label, what in (("local", "local engine"), ("dask_1", "Dask, 1 worker"), ("dask_2", "Dask, 2 workers")):
            r = res[label]
            busy = "CPU not measured" if r.get("cores_busy") is None else f"{r['cores_busy']:.2f} cores busy"
            rows.append((f"batch extract, {n:,} articles, {what} (wall incl. start-up)",
                         f"{r['articles_per_s']:,.1f} articles/s ({r['wall_s']:.0f} s, {busy})", "-"))
        rows.append(("Dask speed-up, 2 workers vs 1 / vs local",
                     f"{res['speedup_2_vs_1']:.2f}x / {res['speedup_2_vs_local']:.2f}x",
                     "uses both cores (~2x on an idle 2-core machine)"))
        rows.append(("Dask output equals local output",
                     f"{'yes' if res['same_events'] else 'NO'} ({res['events']:,} events"
                     f"{', identical part files' if res['same_part_files'] else ', part files differ'})", "identical"))
        rows.append(("peak memory, largest process (local / Dask 2 workers; all Dask processes)",
                     f"{res['local']['peak_rss_mb']:.0f} MB / {res['dask_2']['peak_rss_mb']:.0f} MB; "
                     f"{res['dask_2']['peak_rss_tree_mb']:.0f} MB", "-"))
    if "load_before" in res:
        rows.append(("load average (1, 5, 15 min) before / after these runs",
                     f"{', '.join(f'{x:.1f}' for x in res['load_before'])} / "
                     f"{', '.join(f'{x:.1f}' for x in res['load_after'])}", "machine not shared"))
    if "memory_run" in res:
        m = res["memory_run"]
        engine = "local engine" if res.get("memory_engine", "local") == "local" else "Dask, 2 workers"
        rows.append((f"{res['memory_articles']:,} articles, {engine}: throughput",
                     f"{m['articles_per_s']:,.1f} articles/s ({m['wall_s']:.0f} s, {m['cores_busy']:.2f} cores busy)",
                     "-"))
        marks = f" (main process peak RSS after each quarter: {', '.join(str(x) for x in m['rss_marks_mb'])} MB)" \
            if m.get("rss_marks_mb") else ""
        pss = f"; all processes, PSS: {m['peak_pss_tree_mb']:.0f} MB" if m.get("peak_pss_tree_mb") else ""
        rows.append((f"{res['memory_articles']:,} articles, {engine}: peak memory, largest process / all processes",
                     f"{m['peak_rss_mb']:.0f} MB / {m['peak_rss_tree_mb']:.0f} MB{pss}{marks}",
                     f"< {TARGETS['peak_rss_mb_100k']} MB at 100,000"))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--partition-size", type=int, default=250)
    ap.add_argument("--memory", type=int, default=0, help="also run the local engine on this many articles")
    ap.add_argument("--memory-engine", choices=("local", "dask"), default="local",
                    help="engine of the memory run (dask: a LocalCluster of 2 workers)")
    ap.add_argument("--memory-only", action="store_true", help="only the memory run (no engine comparison)")
    ap.add_argument("--quick", action="store_true", help="400 articles, no memory run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.articles, args.partition_size, args.memory = 400, 50, 0
    if args.memory_only and not args.memory:
        ap.error("--memory-only needs --memory N")
    res = run(0 if args.memory_only else args.articles, args.partition_size, args.memory, args.memory_engine,
              skip_compare=args.memory_only)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"machine: {platform.machine()}, {res['cores']} cores, Python {platform.python_version()}; load average "
          f"before {', '.join(f'{x:.2f}' for x in res['load_before'])}, after "
          f"{', '.join(f'{x:.2f}' for x in res['load_after'])}")
    for what, value, target in format_rows(res):
        print(f"{what:75s} {value:>45s}   target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
