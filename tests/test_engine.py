"""Batch engine: partitions read what ingest reads; local and Dask engines give identical parts; aggregation."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from geoevents.core.errors import InputError
from geoevents.engine import extract_corpus, plan_partitions, read_partition, read_parts
from geoevents.io.ingest import read_documents

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "maps" / "examples" / "kursk-buildup.html"


@pytest.fixture(scope="module")
def articles():
    """A few hundred generated articles (the benchmark generator), shortened to ~150 words to keep the suite fast."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_extract
    finally:
        sys.path.pop(0)
    from geoevents import Gazetteer

    words = bench_extract.ARTICLE_WORDS
    bench_extract.ARTICLE_WORDS = 150
    try:
        return bench_extract.generate_articles(240, Gazetteer.default())
    finally:
        bench_extract.ARTICLE_WORDS = words


@pytest.fixture(scope="module")
def corpus(articles, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i, (text, pub) in enumerate(articles):
            fh.write(json.dumps({"text": text, "published": pub.isoformat(), "title": f"Report {i}"}) + "\n")
            if i % 50 == 7:
                fh.write("\n")  # blank lines are skipped but still numbered
    return path


def test_engine_jsonl_partitions_read_exactly_what_ingest_reads(corpus):
    parts = plan_partitions(corpus, 37)
    assert len(parts) > 5 and parts[0].start == 0
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    from_parts = [d for p in parts for d in read_partition(p)]
    assert from_parts == list(read_documents(corpus))
    override = dt.date(2025, 1, 1)
    assert {d.published for p in parts[:2] for d in read_partition(p, override)} == {override}


def test_engine_parquet_and_folder_corpora(articles, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [t for t, _ in articles[:30]]
    table = pa.table({"text": texts, "published": [p for _, p in articles[:30]],
                      "url": [f"https://example.org/{i}" for i in range(30)], "extra": list(range(30))})
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path, row_group_size=12)
    parts = plan_partitions(path, 5)
    assert [p.group for p in parts] == [0, 0, 0, 1, 1, 1, 2, 2]
    docs = [d for p in parts for d in read_partition(p)]
    assert [d.text for d in docs] == texts
    assert [d.published for d in docs] == [p for _, p in articles[:30]]
    assert [d.source for d in docs] == [f"https://example.org/{i}" for i in range(30)]

    folder = tmp_path / "folder"
    folder.mkdir()
    for i, text in enumerate(texts[:7]):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    (folder / "more.jsonl").write_text(json.dumps({"text": texts[8]}) + "\n", encoding="utf-8")
    parts = plan_partitions(folder, 3)
    assert [p.kind for p in parts] == ["files", "files", "files", "jsonl"]
    assert [d for p in parts for d in read_partition(p)] == list(read_documents(folder))

    pq.write_table(pa.table({"body": texts}), tmp_path / "bad.parquet")
    with pytest.raises(InputError, match="'text' column"):
        plan_partitions(tmp_path / "bad.parquet")
    with pytest.raises(InputError, match="a corpus is"):
        plan_partitions(ARTICLE)


def _parts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "events.parquet"
    result = extract_corpus(corpus, out, partition_size=30)
    return out, result


def test_engine_local_writes_geoparquet_parts(local_run, corpus):
    import geopandas

    out, result = local_run
    assert result.articles == 240 and result.partitions == 9 and result.events > 240  # 245 lines with the blank ones
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"part-{i:05d}.parquet" for i in range(9)]
    frame = geopandas.read_parquet(out / names[0])
    assert frame.crs.to_epsg() == 4326 and "event_json" in frame.columns
    events = list(read_parts(out))
    assert len(events) == result.events
    assert [e.id for e in events[: len(frame)]] == list(frame["id"])
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_engine_dask_on_an_existing_scheduler_matches_local_part_for_part(local_run, corpus, tmp_path):
    from dask.distributed import LocalCluster

    out, local = local_run
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = extract_corpus(corpus, tmp_path / "dask.parquet", engine="dask",
                                scheduler=cluster.scheduler_address, partition_size=30)
    assert result.workers == 2 and result.processes == 2  # both workers took partitions
    assert (result.articles, result.events) == (local.articles, local.events)
    assert _parts(tmp_path / "dask.parquet") == _parts(out)


def test_engine_dask_starts_its_own_cluster_and_matches_local(local_run, corpus, tmp_path):
    out, local = local_run
    result = extract_corpus(corpus, tmp_path / "own.parquet", engine="dask", workers=2, partition_size=30)
    assert result.workers == 2 and result.scheduler.startswith("tcp://127.0.0.1")
    assert list(read_parts(tmp_path / "own.parquet")) == list(read_parts(out))


def test_engine_failed_run_leaves_the_previous_output(local_run, tmp_path):
    out = tmp_path / "events.parquet"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Drones hit Kyiv on 3 May 2024."}) + "\n{oops\n", encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": "Drones hit Kyiv on 3 May 2024."}) + "\n", encoding="utf-8")
    extract_corpus(good, out)
    before = _parts(out)
    with pytest.raises(InputError, match="line 2: not JSON"):
        extract_corpus(bad, out)
    assert _parts(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "events.parquet", "good.jsonl"]
    notes = tmp_path / "notes.parquet"
    notes.mkdir()
    (notes / "mine.txt").write_text("keep me")
    with pytest.raises(InputError, match="not overwriting"):
        extract_corpus(good, notes)


def test_engine_aggregate_counts_per_admin1_and_month(tmp_path):
    from geoevents import extract_events_from_file
    from geoevents.engine import aggregate, write_part

    events = extract_events_from_file(ARTICLE)
    folder = tmp_path / "events.parquet"
    folder.mkdir()
    write_part(events[:4], folder / "part-00000.parquet")
    write_part(events[4:], folder / "part-00001.parquet")
    table = aggregate(folder)
    located = [e for e in events if e.lat is not None]
    assert table["events"].sum() == len(located)
    assert table["fatalities"].sum() == sum(e.fatalities or 0 for e in located)
    kharkiv = table[(table["admin1_iso"] == "UA-63") & (table["month"] == "2024-11")]
    expected = [e for e in located if e.place.admin1_iso == "UA-63" and e.date_start.strftime("%Y-%m") == "2024-11"]
    assert len(kharkiv) == 1 and kharkiv["events"].iloc[0] == len(expected) > 0
    assert kharkiv.crs.to_epsg() == 4326 and kharkiv.geometry.iloc[0].contains(
        __import__("shapely").Point(expected[0].lon, expected[0].lat))


def test_cli_extract_engine_options(corpus, tmp_path):
    from typer.testing import CliRunner

    from geoevents.cli import app

    runner = CliRunner()
    small = tmp_path / "small.jsonl"
    small.write_text("".join(corpus.read_text().splitlines(keepends=True)[:6]))
    out = tmp_path / "out.parquet"
    r = runner.invoke(app, ["extract", str(small), "--partition-size", "4", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    one = tmp_path / "one.parquet"
    r = runner.invoke(app, ["extract", str(ARTICLE), "-o", str(one)])
    assert r.exit_code == 0 and [p.name for p in one.iterdir()] == ["part-00000.parquet"]
    assert len(list(read_parts(one))) == 9
    assert runner.invoke(app, ["extract", str(small), "--engine", "dask", "-o", str(tmp_path / "x.csv")]).exit_code == 2
    assert runner.invoke(app, ["extract", str(small), "--engine", "spark", "-o", str(out)]).exit_code == 2
    no_engine = ["extract", str(small), "--scheduler", "tcp://127.0.0.1:1", "-o", str(out)]
    assert runner.invoke(app, no_engine).exit_code == 2
    assert runner.invoke(app, ["extract", str(ARTICLE), "--engine", "dask", "-o", str(out)]).exit_code == 2
    agg = tmp_path / "areas.csv"
    r = runner.invoke(app, ["aggregate", str(out), "-o", str(agg)])
    assert r.exit_code == 0, r.output
    assert agg.read_text().splitlines()[0] == "admin1_code,admin1,admin1_iso,country,month,events,fatalities"
