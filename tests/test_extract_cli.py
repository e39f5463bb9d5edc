"""Tests for ``geoevents extract`` (:func:`geoevents.cli.extract`) through Typer's CliRunner."""

from __future__ import annotations

import csv
import inspect
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"
TEXT = "Russian forces shelled Kharkiv yesterday; two civilians were killed."

# click < 8.2 mixes stderr into stdout unless told not to; 8.2+ always keeps them apart
if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["extract", *map(str, args)])


def error_line(result) -> str:
    """The one line the CLI printed on stderr."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("geoevents: ")
    return lines[0]


def assert_clean(folder: Path, expected: set[str]) -> None:
    names = {p.name for p in folder.iterdir()}
    assert names == expected, names
    assert not [n for n in names if n.endswith(".tmp")]


@pytest.fixture
def text_file(tmp_path) -> Path:
    f = tmp_path / "article.txt"
    f.write_text(TEXT, encoding="utf-8")
    return f


# ---------------------------------------------------------------- outputs


def test_extract_example_to_geojson(tmp_path):
    out = tmp_path / "out.geojson"
    result = run(EXAMPLE, "-o", out)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) >= 5
    for f in features:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["id"] == f["properties"]["id"]
        assert f["properties"]["event_type"] and f["properties"]["evidence"]["sentence"]
        assert "lat" not in f["properties"] and "lon" not in f["properties"]
    names = {f["properties"]["place"]["name"] for f in features}
    assert {"Kursk Oblast", "Kharkiv"} <= names
    # the summary goes to stderr
    assert f"1 article(s), {len(features)} event(s) found" in result.stderr
    assert f"wrote {len(features)} event(s) to {out}" in result.stderr
    assert_clean(tmp_path, {"out.geojson"})


def test_extract_to_csv(tmp_path):
    out = tmp_path / "out.csv"
    result = run(EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.stderr
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 5
    assert list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    kursk = [r for r in rows if r["location"] == "Kursk Oblast"]
    assert kursk and kursk[0]["admin1_iso"] == "RU-KRS" and kursk[0]["troops_low"] == "50000"
    assert f"wrote {len(rows)} event(s)" in result.stderr
    assert_clean(tmp_path, {"out.csv"})


def test_extract_to_jsonl(tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    assert len(events) >= 5 and all(e["id"] and e["lat"] is not None for e in events)
    assert_clean(tmp_path, {"out.jsonl"})


def test_extract_jsonl_on_stdout_without_output(tmp_path):
    result = run(EXAMPLE)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    events = [json.loads(line) for line in lines]  # nothing but JSON lines on stdout
    assert len(events) >= 5
    assert {"id", "lat", "lon", "place", "event_type", "evidence"} <= set(events[0])
    assert "event(s) found" in result.stderr and "event(s) found" not in result.stdout


def test_extract_quiet_has_no_summary(tmp_path):
    result = run(EXAMPLE, "-q", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0 and result.stderr == ""


def test_outputs_agree(tmp_path):
    for suffix in (".geojson", ".csv", ".jsonl"):
        assert run(EXAMPLE, "-o", tmp_path / f"out{suffix}").exit_code == 0
    ids_geojson = [f["id"] for f in json.loads((tmp_path / "out.geojson").read_text())["features"]]
    ids_jsonl = [json.loads(x)["id"] for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as fh:
        ids_csv = [r["id"] for r in csv.DictReader(fh)]
    assert ids_geojson == ids_jsonl == ids_csv


def test_extract_overwrites_an_existing_output(tmp_path):
    out = tmp_path / "out.geojson"
    out.write_text("old content")
    assert run(EXAMPLE, "-o", out).exit_code == 0
    assert json.loads(out.read_text())["type"] == "FeatureCollection"
    assert_clean(tmp_path, {"out.geojson"})


# ---------------------------------------------------------------- --published


def test_published_resolves_relative_dates(text_file):
    result = run(text_file, "--published", "2024-11-18")
    assert result.exit_code == 0, result.stderr
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["place"]["name"] == "Kharkiv"
    assert event["date_start"] == "2024-11-17" and event["date_precision"] == "day"
    assert event["fatalities"] == 2
    assert "give --published" not in result.stderr


def test_published_other_formats(text_file):
    result = run(text_file, "--published", "18 November 2024")
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["date_start"] == "2024-11-17"


def test_without_published_a_relative_date_is_left_unresolved(text_file):
    result = run(text_file)
    assert result.exit_code == 0
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["date_start"] is None
    assert "give --published" in result.stderr


@pytest.mark.parametrize("value", ["yesterday", "2024-02-30", "18/11/2024", ""])
def test_bad_published_exits_2(text_file, value):
    result = run(text_file, "--published", value)
    assert result.exit_code == 2
    line = error_line(result)
    assert "--published" in line and "not a date" in line
    assert result.stdout == ""


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("name", ["out.xml", "out", "out.geojson.bak", ".csv"])
def test_unknown_output_extension_exits_2(tmp_path, text_file, name):
    result = run(text_file, "-o", tmp_path / name)
    assert result.exit_code == 2
    assert "unknown output format" in error_line(result)
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("name", ["missing.txt", "missing.html", "missing.csv", "missing.jsonl", "missing.json"])
def test_missing_input_exits_1(tmp_path, name):
    result = run(tmp_path / name, "-o", tmp_path / "out.geojson")
    assert result.exit_code == 1
    line = error_line(result)
    assert name in line and "no such file" in line
    assert not (tmp_path / "out.geojson").exists()


def test_binary_input_exits_1(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    result = run(f)
    assert result.exit_code == 1 and "photo.txt" in error_line(result)


def test_empty_input_is_an_error_like_a_binary_one(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    result = run(f)
    assert result.exit_code == 1 and result.stdout == ""
    assert "empty.txt: is empty" in result.stderr


def test_output_in_missing_folder_exits_2_without_partial_file(tmp_path, text_file):
    out = tmp_path / "nowhere" / "out.geojson"
    result = run(text_file, "-o", out)
    assert result.exit_code == 2  # refused before any work, as every command refuses an unusable output
    line = error_line(result)
    assert "nowhere" in line and "does not exist" in line
    assert not out.parent.exists()
    assert_clean(tmp_path, {"article.txt"})


def test_failure_while_writing_leaves_no_file(tmp_path, text_file, monkeypatch):
    import geoevents.outputs.files as files

    def boom(event):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(files, "event_feature", boom)
    out = tmp_path / "out.geojson"
    result = run(text_file, "-o", out)
    assert result.exit_code == 1 and "internal error, RuntimeError: disk on fire" in error_line(result)
    assert "Traceback" not in result.stderr
    assert_clean(tmp_path, {"article.txt"})


def test_no_temp_files_left_after_success(tmp_path, text_file):
    for suffix in (".geojson", ".csv", ".jsonl"):
        assert run(text_file, "-o", tmp_path / f"events{suffix}").exit_code == 0
    assert_clean(tmp_path, {"article.txt", "events.geojson", "events.csv", "events.jsonl"})


# ---------------------------------------------------------------- tables and several inputs


def test_extract_reads_event_tables_and_reports_skipped_rows(tmp_path):
    table = tmp_path / "acled.csv"
    table.write_text("event_date,event_type,location,latitude,longitude\n"
                     "2024-11-17,Battles,Pokrovsk,48.28,37.18\n"
                     "2024-11-17,Battles,Atlantis,999,37\n", encoding="utf-8")
    refused = run(table, EXAMPLE, "-o", tmp_path / "out.geojson")
    assert refused.exit_code == 1 and "1 of 2 rows" in refused.stderr and "--skip-bad-rows" in refused.stderr
    result = run(table, EXAMPLE, "-o", tmp_path / "out.geojson", "--skip-bad-rows")
    assert result.exit_code == 0, result.stderr
    features = json.loads((tmp_path / "out.geojson").read_text())["features"]
    assert features[0]["properties"]["place"]["name"] == "Pokrovsk"
    assert "1 skipped" in result.stderr and "skipped row 3" in result.stderr


def test_extract_folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    (folder / "b.txt").write_text("Drones struck Odesa on 17 November 2024.")
    result = run(folder, "--published", "2024-11-18")
    assert result.exit_code == 0, result.stderr
    places = [json.loads(line)["place"]["name"] for line in result.stdout.splitlines()]
    assert places[0] == "Kharkiv" and "Odesa" in places
    assert "2 article(s)" in result.stderr


def test_html_with_deeply_nested_jsonld_does_not_crash(tmp_path):
    f = tmp_path / "deep.html"
    f.write_text('<html><head><script type="application/ld+json">' + "[" * 100_000
                 + "</script></head><body><p>Drones struck Kharkiv on 17 November 2024.</p></body></html>")
    result = run(f)
    # the broken JSON-LD is ignored (no publication date from it); the article text still gives its event
    assert result.exit_code == 0, result.stderr
    assert result.exception is None
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["place"]["name"] for e in events] == ["Kharkiv"]
    assert events[0]["date_start"] == "2024-11-17"
