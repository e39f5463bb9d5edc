"""The event store: round trip, de-duplication, merging, queries, GDAL compatibility, crash safety, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from geoevents import extract_events_from_file
from geoevents.core.errors import StoreError
from geoevents.core.model import Event
from geoevents.pipeline import collect_events
from geoevents.store import EventStore, is_event_store

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "maps" / "examples" / "kursk-buildup.html"

# events made cheaply from one template: distinct ids and places, so each is a new event
MAKE_EVENTS = textwrap.dedent("""
    import dataclasses, json, sys
    from geoevents.core.model import Event
    def make_events(template, start, n):
        base = Event.from_dict(template)
        out = []
        for i in range(start, start + n):
            place = dataclasses.replace(base.place, id=f"test:{i}", name=f"Place {i}")
            out.append(dataclasses.replace(base, id=f"ev{i:08d}", place=place, lat=40 + (i % 1000) / 100,
                                           lon=30 + (i // 1000) / 100))
        return out
""")


@pytest.fixture(scope="module")
def article_events():
    return extract_events_from_file(ARTICLE)


def make_events(template: Event, start: int, n: int) -> list[Event]:
    namespace: dict = {}
    exec(MAKE_EVENTS, namespace)
    return namespace["make_events"](template.to_dict(), start, n)


def test_store_round_trip_keeps_every_field(article_events, tmp_path):
    assert any(e.other_places for e in article_events) and any(e.origin for e in article_events)
    assert any(e.troops and e.troops.unit and e.troops.text for e in article_events)
    assert any(e.actor_countries for e in article_events)
    with EventStore(tmp_path / "s.gpkg") as store:
        result = store.add(article_events)
        assert (result.new, result.merged, result.unchanged) == (len(article_events), 0, 0)
        back = store.query()
    assert back == article_events  # Event equality: every field, other places, origin id, troop unit and text


def test_store_same_articles_twice_leaves_the_file_byte_identical(article_events, tmp_path):
    path = tmp_path / "s.gpkg"
    with EventStore(path) as store:
        store.add(article_events)
    before = path.read_bytes()
    with EventStore(path) as store:
        again = store.add(article_events)
        assert (again.new, again.merged, again.unchanged) == (0, 0, len(article_events))
    assert path.read_bytes() == before


def test_store_merges_repeated_reports_keeping_sources_and_larger_figures(article_events, tmp_path):
    strike = next(e for e in article_events if e.fatalities)
    other = dataclasses.replace(strike, id="another-report", source="https://example.org/b",
                                fatalities=strike.fatalities + 3, wounded=(strike.wounded or 0) + 5)
    smaller = dataclasses.replace(strike, id="third-report", source="https://example.org/c", fatalities=1)
    with EventStore(tmp_path / "s.gpkg") as store:
        store.add([strike])
        result = store.add([other, smaller])
        assert (result.new, result.merged, result.unchanged) == (0, 2, 0)
        assert store.count() == 1 and store.report_count() == 3
        (stored,) = store.query()
        assert stored.id == strike.id
        assert stored.fatalities == strike.fatalities + 3 and stored.wounded == (strike.wounded or 0) + 5
        reports = store.reports(strike.id)
        assert [r["source"] for r in reports] == [strike.source, "https://example.org/b", "https://example.org/c"]
        assert all(r["sentence"] == strike.evidence.sentence for r in reports)
        assert store.add([other]).unchanged == 1  # a report already stored is not counted again
    conn = sqlite3.connect(tmp_path / "s.gpkg")
    assert conn.execute("SELECT report_count, fatalities FROM events").fetchone() == (3, strike.fatalities + 3)


def test_store_a_different_date_range_is_a_different_event(article_events, tmp_path):
    strike = next(e for e in article_events if e.fatalities)
    later = dataclasses.replace(strike, id="later", date_start=strike.date_start + dt.timedelta(days=3),
                                date_end=strike.date_end + dt.timedelta(days=3))
    with EventStore(tmp_path / "s.gpkg") as store:
        assert store.add([strike, later]).new == 2


def test_store_queries(article_events, tmp_path):
    with EventStore(tmp_path / "s.gpkg") as store:
        store.add(article_events)
        every = store.query()
        assert store.query(bbox=(35, 49, 37, 51)) == [e for e in every if e.lat and 49 <= e.lat <= 51
                                                       and 35 <= e.lon <= 37]
        assert {e.place.country for e in store.query(countries=["ua"])} == {"UA"}
        assert store.query(countries=["ua", "RU"]) == [e for e in every if e.place.country in ("UA", "RU")]
        korea = store.query(actors=["north korea"])
        assert korea and all(any("North Korea" in a for a in e.actors) for e in korea)
        strikes = store.query(types=["air/drone strike"])
        assert strikes and {e.sub_event_type for e in strikes} == {"Air/drone strike"}
        assert {e.event_type for e in store.query(types=["Strategic developments"])} == {"Strategic developments"}
        since = store.query(since="2024-11-18")
        assert since == [e for e in every if e.date_start and (e.date_end or e.date_start) >= dt.date(2024, 11, 18)]
        until = store.query(until=dt.date(2024, 10, 31))
        assert until and all(e.date_start <= dt.date(2024, 10, 31) for e in until)
        assert store.query(bbox=(0, 0, 1, 1)) == []


def test_store_is_a_geopackage_gdal_reads(article_events, tmp_path):
    import pyogrio

    path = tmp_path / "s.gpkg"
    with EventStore(path) as store:
        store.add(article_events)
    layers = dict(pyogrio.list_layers(path))
    assert layers == {"events": "Point", "event_reports": None}
    frame = pyogrio.read_dataframe(path, layer="events")
    assert frame.crs.to_epsg() == 4326 and len(frame) == len(article_events)
    assert sorted(frame["id"]) == sorted(e.id for e in article_events)
    located = [e for e in article_events if e.lat is not None]
    first = frame.set_index("id").loc[located[0].id]
    assert (first.geometry.x, first.geometry.y) == pytest.approx((located[0].lon, located[0].lat))
    boxed = pyogrio.read_dataframe(path, layer="events", bbox=(35, 49, 37, 51))  # GDAL uses our R-tree
    assert set(boxed["location"]) == {"Kharkiv"}
    assert len(pyogrio.read_dataframe(path, layer="event_reports")) == len(article_events)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 10400
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert is_event_store(path)


def test_store_refuses_what_is_not_a_store(article_events, tmp_path):
    from geoevents.outputs import write_events

    plain = tmp_path / "plain.gpkg"
    write_events(article_events, plain)
    assert not is_event_store(plain) and not is_event_store(tmp_path / "missing.gpkg")
    with pytest.raises(StoreError, match="not a geoevents event store"):
        EventStore(plain)
    with pytest.raises(StoreError, match="no such event store"):
        EventStore(tmp_path / "missing.gpkg", create=False)
    assert not (tmp_path / "missing.gpkg").exists()
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database at all, just some text that is long enough " * 5)
    with pytest.raises(StoreError):
        EventStore(text)


def test_collect_events_reads_a_store(article_events, tmp_path):
    path = tmp_path / "s.gpkg"
    with EventStore(path) as store:
        store.add(article_events)
    events, lines = collect_events([str(path)])
    assert events == article_events
    assert lines == [f"{path}: event store, {len(article_events)} events from {len(article_events)} reports"]


def _writer(path: Path, template: Event, body: str) -> subprocess.Popen:
    script = MAKE_EVENTS + textwrap.dedent(f"""
        from geoevents.store import EventStore
        template = json.loads({json.dumps(json.dumps(template.to_dict()))})
        store = EventStore({str(path)!r})
    """) + textwrap.dedent(body)
    return subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _check_after_crash(path: Path, expected: int) -> None:
    import pyogrio

    conn = sqlite3.connect(path)  # a normal connection rolls a hot journal back, as GDAL's and ours do
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == expected
    assert conn.execute("SELECT count(*) FROM event_reports").fetchone()[0] == expected
    rtree = conn.execute('SELECT count(*) FROM "rtree_events_geom"').fetchone()[0]
    assert rtree == expected
    conn.close()
    assert not Path(f"{path}-journal").exists() or Path(f"{path}-journal").stat().st_size == 0
    assert len(pyogrio.read_dataframe(path, layer="events")) == expected
    with EventStore(path) as store:
        assert store.count() == expected


def test_store_kill_between_committed_batches_keeps_exactly_them(article_events, tmp_path):
    path = tmp_path / "s.gpkg"
    proc = _writer(path, article_events[0], """
        for b in range(100):
            store.add(make_events(template, b * 500, 500))
            print("committed", b + 1, flush=True)
            sys.stdin.readline()  # wait: the parent kills us here
    """)
    for _ in range(3):
        line = proc.stdout.readline()
        assert line.startswith("committed"), proc.stderr.read()
        if not line.endswith(" 3\n"):
            proc.stdin.write("go\n")
            proc.stdin.flush()
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    _check_after_crash(path, 1500)


def test_store_kill_during_a_large_batch_loses_only_that_batch(article_events, tmp_path):
    path = tmp_path / "s.gpkg"
    proc = _writer(path, article_events[0], """
        store.add(make_events(template, 0, 1000))
        big = make_events(template, 1000, 200_000)
        print("committed", flush=True)
        store.add(big, batch_size=200_000)
        print("finished", flush=True)
    """)
    assert proc.stdout.readline() == "committed\n", proc.stderr.read()
    journal = Path(f"{path}-journal")
    deadline = time.monotonic() + 60
    while not (journal.exists() and journal.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert journal.exists(), "the large batch never started writing"
    time.sleep(0.5)  # well into the transaction
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert journal.exists() and journal.stat().st_size > 0  # a hot journal: the batch was cut mid-write
    _check_after_crash(path, 1000)


def test_store_two_processes_creating_and_adding_at_once_both_succeed(article_events, tmp_path):
    path = tmp_path / "s.gpkg"
    body = """
        start = int(sys.argv[1]) if len(sys.argv) > 1 else 0
        for b in range(10):
            store.add(make_events(template, START + b * 300, 300), batch_size=100)
        print("done", store.count(), flush=True)
    """
    procs = [_writer(path, article_events[0], body.replace("START", str(k * 1_000_000))) for k in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _out, err in outs]
    with EventStore(path) as store:
        assert store.count() == 6000 and store.report_count() == 6000
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_add_and_query(tmp_path):
    from typer.testing import CliRunner

    from geoevents.cli import app

    runner = CliRunner()
    store = tmp_path / "events.gpkg"
    first = runner.invoke(app, ["add", str(ARTICLE), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "9 new" in first.output or "new" in first.output
    before = store.read_bytes()
    again = runner.invoke(app, ["add", str(ARTICLE), "--store", str(store)])
    assert again.exit_code == 0 and "0 new, 0 merged" in again.output
    assert store.read_bytes() == before
    out = tmp_path / "ua.geojson"
    q = runner.invoke(app, ["query", "--store", str(store), "--country", "UA", "--since", "2024-11-01", "-o", str(out)])
    assert q.exit_code == 0, q.output
    features = json.loads(out.read_text())["features"]
    assert features and {f["properties"]["place"]["country"] for f in features} == {"UA"}
    lines = runner.invoke(app, ["query", "--store", str(store), "--type", "Air/drone strike", "-q"])
    assert lines.exit_code == 0
    assert {json.loads(x)["sub_event_type"] for x in lines.stdout.splitlines()} == {"Air/drone strike"}
    assert runner.invoke(app, ["query", "--store", str(tmp_path / "none.gpkg")]).exit_code == 1
    assert runner.invoke(app, ["query", "--store", str(store), "--bbox", "1,2"]).exit_code == 2
    assert runner.invoke(app, ["query", "--store", str(store), "--since", "soon"]).exit_code == 2
    assert runner.invoke(app, ["add", str(ARTICLE), "--store", str(tmp_path / "x.sqlite")]).exit_code == 2
    csv_out = tmp_path / "all.csv"
    ex = runner.invoke(app, ["extract", str(store), "-o", str(csv_out)])
    assert ex.exit_code == 0 and len(csv_out.read_text().splitlines()) == 10
