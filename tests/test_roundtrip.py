"""Round trips: every format geoevents writes, it reads back into the same events."""

from __future__ import annotations

import csv
import dataclasses
import inspect
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents.cli import app
from geoevents.core.model import Event, EventPlace, Evidence, Troops

if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"
ACLED = ("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,country,admin1,"
         "location,latitude,longitude,geo_precision,source,notes,fatalities\n"
         "UKR123456,2024-11-17,2024,1,Battles,Armed clash,Military Forces of Russia (2000-),Military Forces of "
         "Ukraine (2019-),Ukraine,Donetsk,Pokrovsk,48.2820,37.1750,1,Ukrainska Pravda,Clashes near Pokrovsk.,3\n"
         "RUS98765,2024-11-17,2024,1,Explosions/Remote violence,Drone strike,Military Forces of Ukraine (2019-),,"
         "Russia,Kursk,Kursk,51.7373,36.1874,1,TASS,A drone hit Kursk.,0\n")


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A JSON lines file of events with everything an event can carry: the example article's events, two
    ACLED rows (source ids, country names), and events with more evidence, background and figures."""
    from geoevents import extract_events_from_file
    from geoevents.io.tables import read_event_table_text

    events = list(extract_events_from_file(EXAMPLE))
    table, _ = read_event_table_text(ACLED, source="acled.csv")
    base = events[0]
    kyiv = EventPlace("Kyiv", "geonames:703448", "settlement", "Kyiv City", "UA-30", "UA", 50.45466, 30.5238)
    rich = dataclasses.replace(
        base, id="feedfacecafe0001", place=kyiv, lat=kyiv.lat, lon=kyiv.lon, more_evidence=(Evidence(120, 180, "A second sentence, about the same."),
                                                    Evidence(200, 240, "And a third.")),
        background=True, source_id="UKR777", wounded=4, fatalities=1, other_places=(kyiv,), origin=kyiv,
        troops=Troops(10_000, 12_000, "range", "troops", ("Russia", "North Korea"), "10,000-12,000 troops"),
        actor_countries=("RU", "KP"), notes="a note")
    bare = Event("feedfacecafe0002", None, None, None, None, None, None, None, "happened", "Battles", "Armed clash",
                 (), None, None, Evidence(0, 9, "Fighting."), "b.txt")
    everything = [*events, *table, rich, bare]
    path = tmp_path_factory.mktemp("roundtrip") / "events.jsonl"
    path.write_text("".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in everything))
    return path, [e.to_dict() for e in everything]


def _extracted(path: Path) -> list[dict]:
    result = ok(runner.invoke(app, ["extract", str(path), "-q"]))
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("suffix", [".jsonl", ".geojson", ".csv", ".parquet", ".gpkg"])
def test_roundtrip_export_then_extract_gives_the_same_events(source, tmp_path, suffix):
    path, expected = source
    out = tmp_path / f"events{suffix}"
    ok(runner.invoke(app, ["export", str(path), "-o", str(out), "-q"]))
    assert _extracted(out) == expected


def test_roundtrip_parquet_folder_of_parts(source, tmp_path):
    path, expected = source
    out = tmp_path / "events.parquet"
    ok(runner.invoke(app, ["extract", str(path), "-o", str(out), "-q"]))
    assert out.is_dir() and _extracted(out) == expected
    again = tmp_path / "again.jsonl"
    ok(runner.invoke(app, ["export", str(out), "-o", str(again), "-q"]))
    assert [json.loads(line) for line in again.read_text().splitlines()] == expected


def test_roundtrip_event_store(source, tmp_path):
    path, expected = source
    store = tmp_path / "store.gpkg"
    ok(runner.invoke(app, ["add", str(path), "--store", str(store), "-q"]))
    assert sorted(_extracted(store), key=lambda d: d["id"]) == sorted(expected, key=lambda d: d["id"])


def test_roundtrip_csv_keeps_acled_ids_and_country_names(source, tmp_path):
    path, _ = source
    out = tmp_path / "events.csv"
    ok(runner.invoke(app, ["export", str(path), "-o", str(out), "-q"]))
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["UKR123456"]["country"] == "Ukraine" and rows["UKR123456"]["country_code"] == "UA"
    assert rows["RUS98765"]["country"] == "Russia" and rows["UKR777"]["location"]


def test_roundtrip_csv_edited_by_hand_is_read_from_its_columns(source, tmp_path):
    path, _ = source
    out = tmp_path / "events.csv"
    ok(runner.invoke(app, ["export", str(path), "-o", str(out), "-q"]))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    edited = next(r for r in rows if r["event_id_cnty"] == "UKR123456")
    edited["fatalities"] = "7"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # read from its columns, the place-less event cannot be placed: the table reader refuses to drop it quietly
    assert runner.invoke(app, ["extract", str(out)]).exit_code == 1
    result = ok(runner.invoke(app, ["extract", str(out), "--skip-bad-rows"]))
    assert "edited since export" in result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert next(d for d in found if d["source_id"] == "UKR123456")["fatalities"] == 7


@pytest.mark.parametrize("kind", ["store", "parquet", "gpkg", "geojson"])
def test_roundtrip_map_and_report_take_stores_and_exports(source, tmp_path, kind):
    path, expected = source
    if kind == "store":
        events = tmp_path / "store.gpkg"
        ok(runner.invoke(app, ["add", str(path), "--store", str(events), "-q"]))
    else:
        events = tmp_path / f"events.{kind}"
        ok(runner.invoke(app, ["export", str(path), "-o", str(events), "-q"]))
    ok(runner.invoke(app, ["map", str(events), "-o", str(tmp_path / "map.html"), "-q"]))
    ok(runner.invoke(app, ["report", str(events), "-o", str(tmp_path / "report.html"), "-q"]))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Pokrovsk" in page and (tmp_path / "map.html").stat().st_size > 0
