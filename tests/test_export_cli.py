"""``geoevents export``: articles and tables to GeoJSON, GeoPackage, CSV, GeoParquet and JSON lines."""

from __future__ import annotations

import csv
import inspect
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents.cli import app
from geoevents.outputs.rfc7946 import rfc7946_problems

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                 "source", "notes", "fatalities"]

if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["export", *map(str, args)])


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The example article exported once to every format: {suffix: path}."""
    folder = tmp_path_factory.mktemp("export")
    paths = {}
    for suffix in (".geojson", ".gpkg", ".csv", ".parquet", ".jsonl"):
        path = folder / f"events{suffix}"
        result = ok(run(EXAMPLE, "-o", path))
        assert f"wrote 9 event(s) to {path}" in result.stderr
        assert result.stdout == ""
        paths[suffix] = path
    assert {p.name for p in folder.iterdir()} == {p.name for p in paths.values()}  # no temporary files left
    return paths


def test_export_summary_on_stderr(tmp_path):
    result = ok(run(EXAMPLE, "-o", tmp_path / "e.geojson"))
    assert result.stderr.splitlines()[0] == "1 article(s), 9 event(s) found, 0 skipped"
    quiet = ok(run(EXAMPLE, "-q", "-o", tmp_path / "e.geojson"))
    assert quiet.stderr == ""


def test_export_geojson_is_rfc7946(exported):
    doc = json.loads(exported[".geojson"].read_text(encoding="utf-8"))
    assert rfc7946_problems(doc) == []
    assert len(doc["features"]) == 9


def test_export_gpkg_opens_with_pyogrio(exported):
    import pyogrio

    path = exported[".gpkg"]
    layers = pyogrio.list_layers(path)
    assert [str(name) for name, _geom in layers] == ["events"]
    info = pyogrio.read_info(path, layer="events")
    assert info["crs"] == "EPSG:4326"
    assert info["features"] == 9
    assert info["geometry_type"] == "Point"
    frame = pyogrio.read_dataframe(path, layer="events")
    assert frame.crs.to_epsg() == 4326
    kharkiv = frame[frame["location"] == "Kharkiv"].iloc[0]
    assert (round(kharkiv.geometry.x, 2), round(kharkiv.geometry.y, 2)) == (36.25, 49.98)
    assert int(kharkiv["fatalities"]) == 2


def test_export_parquet_reads_back_with_crs(exported):
    import geopandas

    gdf = geopandas.read_parquet(exported[".parquet"])
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == 9
    assert set(ACLED_COLUMNS) <= set(gdf.columns)
    assert str(gdf["fatalities"].dtype) == "Int64"


def test_export_csv_header_starts_with_acled_columns(exported):
    with exported[".csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert len(rows) == 10
    kharkiv = dict(zip(rows[0], next(r for r in rows if "Kharkiv" in r)))
    assert kharkiv["event_type"] == "Explosions/Remote violence" and kharkiv["fatalities"] == "2"


def test_export_jsonl_one_event_a_line(exported):
    lines = exported[".jsonl"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9
    assert {json.loads(line)["source"] for line in lines} == {str(EXAMPLE)}


def test_export_reads_its_own_exports_back(exported, tmp_path):
    out = tmp_path / "again.geojson"
    result = ok(run(exported[".geojson"], "-o", out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["features"]) == 9, result.stderr
    assert rfc7946_problems(doc) == []


@pytest.mark.parametrize("name", ["events.kml", "events", "events.html", "events.png"])
def test_export_unknown_format_refused_before_any_work(tmp_path, name):
    out = tmp_path / name
    result = run(tmp_path / "does-not-exist.txt", "-o", out)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geoevents: ") and "unknown output format" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_export_needs_an_output(tmp_path):
    result = run(EXAMPLE)
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_export_bad_date_exit_2(tmp_path):
    result = run(EXAMPLE, "--published", "yesterday-ish", "-o", tmp_path / "e.csv")
    assert result.exit_code == 2 and result.stderr.startswith("geoevents: ")
    assert list(tmp_path.iterdir()) == []


def test_export_missing_input_one_line_and_nothing_written(tmp_path):
    result = run(tmp_path / "missing.txt", "-o", tmp_path / "e.gpkg")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geoevents: ")
    assert list(tmp_path.iterdir()) == []


def test_export_failed_write_leaves_old_file(tmp_path, monkeypatch):
    out = tmp_path / "e.gpkg"
    out.write_bytes(b"old")
    import geopandas

    from geoevents.core.errors import InputError

    def broken(gdf, tmp, **kw):
        Path(tmp).write_bytes(b"half")
        raise InputError("disk full (simulated)")

    monkeypatch.setattr(geopandas.GeoDataFrame, "to_file", broken)
    result = run(EXAMPLE, "-o", out)
    assert result.exit_code == 1 and "disk full" in result.stderr
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["e.gpkg"]


def test_export_missing_folder_refused_before_any_work(tmp_path):
    result = run(tmp_path / "missing.txt", "-o", tmp_path / "nope" / "e.geojson")
    assert result.exit_code == 2
    assert "folder" in result.stderr and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
