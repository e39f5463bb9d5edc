"""Batch extraction: a corpus in partitions, each geoparsed by a worker into one GeoParquet part.

The same function, :func:`process_partition`, runs every partition on both
engines: in this process for ``engine="local"``, on ``dask.distributed``
workers for ``engine="dask"`` (a dask bag of partition descriptions,
``map_partitions``).  The worker reads its articles from disk, extracts
their events with the gazetteer it loaded once (``Gazetteer.default()`` is
a per-process cache), and writes ``part-NNNNN.parquet`` itself; only counts
go back to the client.  So both engines give the same parts for the same
input, and memory stays flat.

Output is a folder ``NAME.parquet/`` of GeoParquet parts (EPSG:4326, the
CSV columns plus ``event_json``, the whole event).  It is written under a
temporary name beside the target and renamed into place when every part is
done: a failed run leaves no half-written output.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..core.atomic import AtomicFolder
from ..core.errors import EngineError, InputError
from ..core.model import Event
from .corpus import Partition, plan_partitions, read_partition

__all__ = ["RunResult", "extract_corpus", "process_partition", "write_part", "read_parts", "part_files",
           "PART_PATTERN"]

PART_PATTERN = "part-{:05d}.parquet"
DEFAULT_PARTITION = 500


@dataclass
class RunResult:
    """What a batch run did."""

    engine: str
    output: str
    partitions: int = 0
    articles: int = 0
    events: int = 0
    skipped: int = 0
    seconds: float = 0.0
    workers: int = 1
    scheduler: str = ""
    processes: int = 0  # distinct processes that ran partitions (Dask: workers that got work)

    def summary(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        where = f"dask, {self.workers} worker(s) at {self.scheduler}" if self.engine == "dask" else "local engine"
        return (f"{self.articles:,} article(s), {self.events:,} event(s), {self.skipped:,} skipped, in "
                f"{self.partitions:,} partition(s) on the {where}: {self.seconds:.1f} s ({rate:,.1f} articles/s); "
                f"wrote {self.output}")


def _frame(events: list[Event]):
    import pandas as pd
    import pyarrow as pa

    from ..io.columns import DATE_COLUMNS
    from ..outputs.frames import events_to_geodataframe

    gdf = events_to_geodataframe(events)
    for col in DATE_COLUMNS:  # typed even when a part has no dates at all, so every part has one schema
        # pandas-stubs' pd.array overloads omit ArrowDtype instances, which pandas accepts
        gdf[col] = pd.array(list(gdf[col]), dtype=pd.ArrowDtype(pa.date32()))  # type: ignore[call-overload]
    gdf["event_json"] = pd.array([json.dumps(e.to_dict(), ensure_ascii=False) for e in events], dtype="string")
    return gdf


def write_part(events: list[Event], path: str | Path) -> int:
    """One GeoParquet part: the typed event columns plus ``event_json``; written atomically."""
    from ..outputs.frames import write_parquet

    return write_parquet(_frame(events), Path(path))


def process_partition(index: int, part: Partition, out_dir: str, published: dt.date | None = None) -> dict:
    """Extract the events of one partition and write them as ``out_dir/part-<index>.parquet``; returns counts."""
    from ..gazetteer.gazetteer import Gazetteer
    from ..pipeline import extract_document

    gaz = Gazetteer.default()  # loaded once per process, then reused by every partition it runs
    events: list[Event] = []
    articles = skipped = 0
    for doc in read_partition(part, published):
        articles += 1
        if not doc.text.strip():
            skipped += 1
            continue
        events.extend(extract_document(doc, gazetteer=gaz))
    write_part(events, Path(out_dir) / PART_PATTERN.format(index))
    return {"index": index, "articles": articles, "events": len(events), "skipped": skipped, "pid": os.getpid()}


def _dask_partitions(items: Iterable[tuple[int, Partition]], out_dir: str, published: dt.date | None) -> list[dict]:
    return [process_partition(i, part, out_dir, published) for i, part in items]


def part_files(output: str | os.PathLike[str]) -> list[Path]:
    """The parts of an engine output folder, in order."""
    folder = Path(output)
    if not folder.is_dir():
        raise InputError(f"{output}: not an engine output folder (expected NAME.parquet/ with part files)")
    return sorted(folder.glob("part-*.parquet"))


def read_parts(output: str | Path) -> Iterator[Event]:
    """Every event of an engine output folder, part by part, rebuilt from ``event_json``."""
    import pyarrow.parquet as pq

    for f in part_files(output):
        for blob in pq.read_table(f, columns=["event_json"]).column("event_json").to_pylist():
            yield Event.from_dict(json.loads(cast(str, blob)))  # write_part never leaves event_json null


class _Output(AtomicFolder):
    """A temporary folder beside ``target``, renamed over it when the run succeeds."""

    def _check_target(self) -> None:
        target = self.target
        if target.exists() and not self._replaceable(target):
            raise InputError(f"{target}: exists and is not an earlier output (a file or a folder of part files); "
                             "not overwriting it")

    @staticmethod
    def _replaceable(target: Path) -> bool:
        if target.is_file():
            return True
        return target.is_dir() and all(p.is_file() and p.name.startswith("part-") and p.suffix == ".parquet"
                                       for p in target.iterdir())


def extract_corpus(corpus: str | Path, output: str | Path, *, engine: str = "local", scheduler: str | None = None,
                   workers: int | None = None, partition_size: int = DEFAULT_PARTITION,
                   published: dt.date | None = None,
                   progress: Callable[[dict], object] | None = None) -> RunResult:
    """Extract the events of a corpus (folder, .jsonl or .parquet) into ``output``, a folder of GeoParquet parts.

    ``engine="dask"`` runs on ``dask.distributed``: on the cluster at ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``; its workers must see the corpus and the output folder at the same paths) or, with
    none, on a LocalCluster of ``workers`` processes (default: one per core), one thread each.
    ``progress`` is called with each partition's counts as it finishes.
    """
    if engine not in ("local", "dask"):
        raise InputError(f"engine {engine!r}: use 'local' or 'dask'")
    parts = plan_partitions(corpus, partition_size)
    target = Path(output).absolute()
    out = _Output(target)
    result = RunResult(engine=engine, output=str(output), partitions=len(parts))
    t = time.perf_counter()
    try:
        if engine == "local":
            counts = []
            for i, part in enumerate(parts):
                c = process_partition(i, part, str(out.tmp), published)
                counts.append(c)
                if progress:
                    progress(c)
        else:
            counts = _run_dask(parts, str(out.tmp), published, scheduler, workers, result, progress)
        out.commit()
    except BaseException:
        out.abort()
        raise
    result.seconds = time.perf_counter() - t
    result.processes = len({c["pid"] for c in counts})
    for c in counts:
        result.articles += c["articles"]
        result.events += c["events"]
        result.skipped += c["skipped"]
    return result


def _run_dask(parts: list[Partition], out_dir: str, published, scheduler, workers, result: RunResult,
              progress) -> list[dict]:
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - both are dependencies
        raise EngineError(f"the dask engine needs dask[distributed] ({exc})") from None
    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
            n = workers or cores or 1
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except EngineError:
        raise
    except Exception as exc:
        raise EngineError(f"cannot start a local Dask cluster ({exc})") from None
    try:
        result.workers = len(client.scheduler_info().get("workers", {}))
        rpc = client.scheduler  # None only before the client has connected or after it has closed
        result.scheduler = str(rpc.address) if rpc is not None else ""
        if not parts:
            return []
        bag = db.from_sequence(list(enumerate(parts)), npartitions=len(parts))
        futures = client.compute(bag.map_partitions(_dask_partitions, out_dir, published).to_delayed())
        from dask.distributed import as_completed

        counts: list[dict] = []
        for fut in as_completed(futures):
            for c in fut.result():
                counts.append(c)
                if progress:
                    progress(c)
        return sorted(counts, key=lambda c: c["index"])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
