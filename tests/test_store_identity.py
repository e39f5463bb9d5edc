"""The event store keeps every table row that its source coded as its own event.

Rows are written in the real column layouts of ACLED and UCDP GED exports (invented events). Two rows with
different source ids never merge; the store check counts them per source.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents.cli import app
from geoevents.io.tables import read_event_table, read_event_table_text
from geoevents.store import EventStore

ROOT = Path(__file__).resolve().parents[1]

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                "tags,timestamp").split(",")
UCDP_HEADER = ("id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,"
               "dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,"
               "side_b,number_of_sources,source_article,source_office,source_date,source_headline,"
               "source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,"
               "geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,"
               "deaths_a,deaths_b,deaths_civilians,deaths_unknown,high,low,best").split(",")

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
PLACES = [  # country, iso (numeric, as ACLED gives it), admin1, location, lat, lon
    ("Ukraine", "804", "Donetsk", "Pokrovsk", 48.2833, 37.1833),
    ("Ukraine", "804", "Odesa", "Odesa", 46.4775, 30.7326),
    ("Russia", "643", "Kursk", "Kursk", 51.7373, 36.1874),
]


def acled_rows(n: int, *, start: int = 0, date: str = "2024-11-17", places=PLACES) -> list[dict]:
    rows = []
    for i in range(start, start + n):
        country, iso, admin1, location, lat, lon = places[i % len(places)]
        rows.append(dict.fromkeys(ACLED_HEADER, "") | {
            "event_id_cnty": f"{'UKR' if country == 'Ukraine' else 'RUS'}{100000 + i}", "event_date": date,
            "year": date[:4], "time_precision": "1", "event_type": SHELLING[0], "sub_event_type": SHELLING[1],
            "actor1": "Military Forces of Russia (2000-)", "iso": iso, "region": "Europe", "country": country,
            "admin1": admin1, "location": location, "latitude": lat, "longitude": lon, "geo_precision": "1",
            "source": "Invented Wire", "notes": f"Shelling reported at {location} (row {i}).",
            "fatalities": str(i % 4)})
    return rows


def to_csv(header: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def test_store_three_acled_rows_at_three_places_on_one_day_stay_three(tmp_path):
    table = tmp_path / "acled.csv"
    table.write_text(to_csv(ACLED_HEADER, acled_rows(3)), encoding="utf-8")
    store = tmp_path / "events.gpkg"
    runner = CliRunner()
    added = runner.invoke(app, ["add", str(table), "--store", str(store)])
    assert added.exit_code == 0, added.output
    assert "3 new, 0 merged" in added.output
    ua = runner.invoke(app, ["query", "--store", str(store), "--country", "UA", "-q"])
    assert ua.exit_code == 0, ua.output
    assert len(ua.stdout.splitlines()) == 2
    assert len(runner.invoke(app, ["query", "--store", str(store), "--country", "RU", "-q"]).stdout.splitlines()) == 1


def test_store_table_rows_keep_country_name_code_admin1_and_source_id(tmp_path):
    events, _ = read_event_table_text(to_csv(ACLED_HEADER, acled_rows(3)), source="acled.csv")
    assert [(e.place.country, e.place.admin1, e.source_id) for e in events] == [
        ("UA", "Donetsk", "UKR100000"), ("UA", "Odesa", "UKR100001"), ("RU", "Kursk", "RUS100002")]
    with EventStore(tmp_path / "s.gpkg") as store:
        store.add(events)
    conn = sqlite3.connect(tmp_path / "s.gpkg")
    rows = conn.execute("SELECT event_id_cnty, country, country_code, admin1 FROM events ORDER BY fid").fetchall()
    assert rows == [("UKR100000", "Ukraine", "UA", "Donetsk"), ("UKR100001", "Ukraine", "UA", "Odesa"),
                    ("RUS100002", "Russia", "RU", "Kursk")]


def test_store_rows_with_different_source_ids_at_one_place_never_merge(tmp_path):
    same_place = [PLACES[0]]
    events, _ = read_event_table_text(to_csv(ACLED_HEADER, acled_rows(5, places=same_place)), source="a.csv")
    with EventStore(tmp_path / "s.gpkg") as store:
        result = store.add(events)
        assert (result.new, result.merged) == (5, 0)
        assert store.count() == 5


def test_store_a_later_export_of_the_same_row_is_a_report_of_it(tmp_path):
    first = acled_rows(2)
    revised = [dict(r, fatalities="9", notes=r["notes"] + " Toll revised.") for r in first]
    with EventStore(tmp_path / "s.gpkg") as store:
        store.add(read_event_table_text(to_csv(ACLED_HEADER, first), source="a.csv")[0])
        result = store.add(read_event_table_text(to_csv(ACLED_HEADER, revised), source="a.csv")[0])
        assert (result.new, result.merged) == (0, 2)
        assert store.count() == 2 and store.report_count() == 4
        assert {e.fatalities for e in store.query()} == {9}
        assert store.check().ok


def test_store_a_text_report_and_a_table_row_of_one_place_and_day_merge_once(tmp_path):
    from geoevents import extract_events

    text = extract_events("Russian forces shelled Kharkiv on 17 November 2024.", published="2024-11-18")
    assert len(text) == 1 and text[0].place.id
    rows = [dict(r, location="Kharkiv", admin1="Kharkiv", latitude="", longitude="")
            for r in acled_rows(2, places=[("Ukraine", "804", "Kharkiv", "Kharkiv", 0, 0)])]
    table = read_event_table_text(to_csv(ACLED_HEADER, rows), source="a.csv")[0]
    assert {e.place.id for e in table} == {text[0].place.id}  # resolved through the gazetteer by name
    with EventStore(tmp_path / "s.gpkg") as store:
        store.add(text)
        result = store.add(table)
        # the first row is another report of the text's event; the second has another source id: its own event
        assert (result.merged, result.new) == (1, 1)
        assert sorted(e.source_id for e in store.query()) == ["UKR100000", "UKR100001"]
        assert store.check().ok


def test_store_ucdp_rows_keep_their_ids_and_countries(tmp_path):
    rows = []
    for i, (country, _iso, admin1, location, lat, lon) in enumerate(PLACES * 2):
        rows.append(dict.fromkeys(UCDP_HEADER, "") | {
            "id": str(500000 + i), "year": "2024", "type_of_violence": "1", "side_a": "Government of Russia",
            "side_b": "Government of Ukraine", "where_prec": "1", "where_description": location,
            "adm_1": f"{admin1} oblast", "latitude": lat, "longitude": lon, "country": f"{country} (Soviet Union)"
            if country == "Russia" else country, "date_prec": "1", "date_start": "2024-11-17",
            "date_end": "2024-11-17", "best": str(i), "source_headline": f"Fighting near {location}"})
    path = tmp_path / "ged.csv"
    path.write_text(to_csv(UCDP_HEADER, rows), encoding="utf-8")
    events, report = read_event_table(path)
    assert report.format == "UCDP GED" and len(events) == 6
    assert [e.place.country for e in events] == ["UA", "UA", "RU"] * 2
    with EventStore(tmp_path / "s.gpkg") as store:
        assert store.add(events).new == 6
        check = store.check()
    assert check.ok and [(s.source, s.reports, s.events, s.source_ids) for s in check.sources] == [
        (str(path), 6, 6, 6)]


WRITER = textwrap.dedent("""
    import sys
    from geoevents.store import EventStore
    from geoevents.io.tables import read_event_table
    events, _ = read_event_table(sys.argv[1])
    with EventStore(sys.argv[2]) as store:
        store.add(events, batch_size=500)
""")


def test_store_two_writers_of_acled_tables_keep_one_event_per_source_id(tmp_path):
    # 3,000 rows each, a third per place, all on one day: before source ids they collapsed to 3 events
    paths = []
    for k in range(2):
        path = tmp_path / f"part{k}.csv"
        path.write_text(to_csv(ACLED_HEADER, acled_rows(3000, start=k * 3000)), encoding="utf-8")
        paths.append(path)
    store = tmp_path / "s.gpkg"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(p), str(store)], stderr=subprocess.PIPE,
                              text=True, cwd=ROOT) for p in paths]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with EventStore(store) as s:
        assert s.count() == 6000
        check = s.check()
    assert check.ok, check.problems
    assert sum(src.source_ids for src in check.sources) == 6000
    out = CliRunner().invoke(app, ["store", "check", str(store)])
    assert out.exit_code == 0 and "no problems found" in out.output


def test_store_check_reports_an_inconsistent_store(tmp_path):
    events, _ = read_event_table_text(to_csv(ACLED_HEADER, acled_rows(2)), source="a.csv")
    path = tmp_path / "s.gpkg"
    with EventStore(path) as store:
        store.add(events)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM event_reports WHERE fid = 1")  # a report lost behind the tool's back
    conn.commit()
    conn.close()
    out = CliRunner().invoke(app, ["store", "check", str(path)])
    assert out.exit_code == 1 and "has 0 report(s) but report_count 1" in out.output


def test_store_written_before_source_ids_is_upgraded_on_the_next_add(tmp_path):
    path = tmp_path / "s.gpkg"
    first, second = acled_rows(3), acled_rows(3, start=3)
    with EventStore(path) as store:
        store.add(read_event_table_text(to_csv(ACLED_HEADER, first), source="a.csv")[0])
    conn = sqlite3.connect(path)  # the layout of a store made before this version
    conn.execute("DROP INDEX events_source")
    conn.execute("ALTER TABLE event_reports DROP COLUMN source_id")
    conn.commit()
    conn.close()
    with EventStore(path) as store:
        assert len(store.reports(store.query()[0].id)) == 1
        assert store.add(read_event_table_text(to_csv(ACLED_HEADER, second), source="a.csv")[0]).new == 3
        assert store.count() == 6 and store.check().ok


@pytest.mark.parametrize("bad", ["missing.csv", "empty.jsonl"])
def test_store_add_that_finds_nothing_leaves_no_store_file(tmp_path, bad):
    (tmp_path / "empty.jsonl").write_text('{"text": "not closed\n', encoding="utf-8")
    store = tmp_path / "new.gpkg"
    out = CliRunner().invoke(app, ["add", str(tmp_path / bad), "--store", str(store)])
    assert out.exit_code != 0
    assert not store.exists()
