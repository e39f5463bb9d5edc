"""Tests for :mod:`geoevents.io.tables`: ACLED, UCDP GED, generic CSV and GeoJSON event tables in.

A bad row is skipped with its row number and a reason; a table that cannot
be used at all is an :class:`~geoevents.core.errors.InputError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from geoevents.core.errors import InputError
from geoevents.io.tables import is_event_table, read_event_table, read_event_table_text
from geoevents.outputs import write_events
from geoevents.pipeline import extract_events, extract_events_from_file

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
                 "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                 "notes", "fatalities"]
UCDP_COLUMNS = ["id", "year", "type_of_violence", "side_a", "side_b", "where_prec", "latitude", "longitude",
                "country", "adm_1", "date_start", "date_end", "date_prec", "best", "source_headline"]


def write_csv(path: Path, columns: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        w.writerows(rows)
    return path


ACLED_ROWS = [
    ["UKR100001", "2024-11-17", 2024, 1, "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "Military Forces of Russia (2000-)", "Civilians (Ukraine)", "Ukraine", "Kharkiv", "Kharkiv", "49.9808",
     "36.2527", 1, "Ukrinform", "Russian forces shelled Kharkiv; two civilians were killed.", 2],
    ["UKR100002", "18 November 2024", 2024, 2, "Battles", "Armed clash", "Military Forces of Russia (2000-)",
     "Military Forces of Ukraine (2019-)", "Ukraine", "Donetsk", "Pokrovsk", "48.2820", "37.1759", 2,
     "Ukrainska Pravda", "Clashes near Pokrovsk.", 0],
    ["RUS200003", "2024-11-01", 2024, 3, "Strategic developments", "Change to group/activity",
     "Military Forces of North Korea", "", "Russia", "Kursk", "Kursk", "51.7373", "36.1874", 3, "Reuters",
     "North Korean troops deployed in Kursk region.", ""],
    # broken rows: skipped with a reason
    ["UKR100004", "2024-11-17", 2024, 1, "Battles", "Armed clash", "", "", "Ukraine", "", "Atlantis", "999",
     "36.0", 1, "x", "Latitude out of range.", 0],
    ["UKR100005", "2024-11-17", 2024, 1, "Battles", "Armed clash", "", "", "Ukraine", "", "Atlantis", "abc",
     "36.0", 1, "x", "Garbage latitude.", 0],
    ["UKR100006", "2024-11-17", 2024, 1, "Battles", "Armed clash", "", "", "Ukraine", "", "Zzyzxqqvlt", "", "",
     1, "x", "No coordinates and an unknown place.", 0],
    ["UKR100007", "sometime", 2024, 1, "Battles", "Armed clash", "", "", "Ukraine", "", "Kharkiv", "49.98",
     "36.25", 1, "x", "Bad date.", 0],
]


@pytest.fixture
def acled_csv(tmp_path) -> Path:
    return write_csv(tmp_path / "acled.csv", ACLED_COLUMNS, ACLED_ROWS)


def test_acled_csv(acled_csv, gaz):
    events, report = read_event_table(acled_csv, gazetteer=gaz)
    assert report.format == "ACLED"
    assert report.rows == 7 and report.events == 3 and len(events) == 3
    kharkiv, pokrovsk, kursk = events
    assert (kharkiv.lat, kharkiv.lon) == (49.9808, 36.2527)
    assert kharkiv.event_type == "Explosions/Remote violence"
    assert kharkiv.sub_event_type == "Shelling/artillery/missile attack"
    assert kharkiv.date_start == kharkiv.date_end == dt.date(2024, 11, 17)
    assert kharkiv.date_precision == "day" and kharkiv.time_precision == 1
    assert kharkiv.actors == ("Military Forces of Russia (2000-)", "Civilians (Ukraine)")
    assert kharkiv.fatalities == 2 and kharkiv.geo_precision == 1
    assert kharkiv.place.name == "Kharkiv" and kharkiv.place.admin1 == "Kharkiv"
    assert kharkiv.evidence.sentence == "Russian forces shelled Kharkiv; two civilians were killed."
    assert kharkiv.source == "Ukrinform" and kharkiv.status == "happened"
    assert "row 2" in kharkiv.notes
    assert pokrovsk.date_start == dt.date(2024, 11, 18) and pokrovsk.date_precision == "week"
    assert pokrovsk.geo_precision == 2 and pokrovsk.fatalities == 0
    assert kursk.date_precision == "month" and kursk.fatalities is None and kursk.actors == (
        "Military Forces of North Korea",)
    assert len({e.id for e in events}) == 3 and all(len(e.id) == 16 for e in events)


def test_acled_bad_rows_are_skipped_with_row_and_reason(acled_csv, gaz):
    _events, report = read_event_table(acled_csv, gazetteer=gaz)
    skipped = dict(report.skipped)
    assert sorted(skipped) == [5, 6, 7, 8]  # CSV line numbers (the header is line 1)
    assert "999" in skipped[5] and "not a valid point" in skipped[5]
    assert "abc" in skipped[6]
    assert "Zzyzxqqvlt" in skipped[7] and "gazetteer" in skipped[7]
    assert "sometime" in skipped[8]
    summary = report.summary()
    assert "acled.csv" in summary and "ACLED" in summary and "4 skipped" in summary


def test_table_ids_are_stable(acled_csv, gaz):
    a, _ = read_event_table(acled_csv, gazetteer=gaz)
    b, _ = read_event_table(acled_csv, gazetteer=gaz)
    assert [e.id for e in a] == [e.id for e in b]


def test_ucdp_ged_csv(tmp_path, gaz):
    f = write_csv(tmp_path / "ged.csv", UCDP_COLUMNS, [
        [501, 2024, 1, "Government of Russia (Soviet Union)", "Government of Ukraine", 1, 48.5947, 37.9999,
         "Ukraine", "Donetsk oblast", "2024-05-17 00:00:00.000", "2024-05-17 00:00:00.000", 1, 12,
         "Fighting near Bakhmut"],
        [502, 2024, 3, "Government of Russia (Soviet Union)", "Civilians", 6, 50.45, 30.52, "Ukraine",
         "Kyiv city", "2024-06-01", "2024-06-30", 4, 3, "Strike on Kyiv"],
        [503, 2024, 1, "A", "B", 1, -95.0, 30.0, "Nowhere", "", "2024-06-01", "2024-06-01", 1, 0, "Bad point"],
    ])
    events, report = read_event_table(f, gazetteer=gaz)
    assert report.format == "UCDP GED"
    assert report.rows == 3 and report.events == 2
    assert [n for n, _ in report.skipped] == [4]
    bakhmut, kyiv = events
    assert (bakhmut.event_type, bakhmut.sub_event_type) == ("Battles", "Armed clash")
    assert (kyiv.event_type, kyiv.sub_event_type) == ("Violence against civilians", "Attack")
    assert bakhmut.actors == ("Government of Russia (Soviet Union)", "Government of Ukraine")
    assert bakhmut.fatalities == 12 and kyiv.fatalities == 3
    assert bakhmut.date_start == bakhmut.date_end == dt.date(2024, 5, 17) and bakhmut.date_precision == "day"
    assert (kyiv.date_start, kyiv.date_end) == (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert bakhmut.geo_precision == 1 and kyiv.geo_precision == 4  # where_prec 6 is capped at 4
    assert bakhmut.place.admin1 == "Donetsk oblast"
    assert bakhmut.evidence.sentence == "Fighting near Bakhmut"
    assert (bakhmut.lat, bakhmut.lon) == (48.5947, 37.9999)


def test_ucdp_date_prec_follows_the_codebook(gaz):
    rows = "".join(f"{n},2024,1,A,B,1,48.0,37.0,Ukraine,,2024-06-01,2024-06-30,{n},0,x\n" for n in range(1, 6))
    events, _ = read_event_table_text(",".join(UCDP_COLUMNS) + "\n" + rows, source="ged.csv", gazetteer=gaz)
    assert [e.date_precision for e in events] == ["day", "week", "week", "month", "year"]


def test_generic_csv_with_only_a_place_column_is_geocoded(tmp_path, gaz):
    f = tmp_path / "places.csv"
    f.write_text("date,place,event_type,fatalities\n"
                 "2024-11-17,Kharkiv,Explosions/Remote violence,2\n"
                 "2024-11-18,Kharkov,Battles,\n"
                 "2024-11-18,Zzyzxqqvlt,Battles,1\n"
                 "2024-11-18,,Battles,1\n", encoding="utf-8")
    events, report = read_event_table(f, gazetteer=gaz)
    assert report.format == "CSV"
    assert len(events) == 2
    for e in events:
        assert e.place.name == "Kharkiv" and e.place.country == "UA" and e.place.admin1_iso == "UA-63"
        assert e.lat == pytest.approx(49.98, abs=0.05) and e.lon == pytest.approx(36.25, abs=0.05)
        assert e.geo_precision == 1
    assert events[0].date_start == dt.date(2024, 11, 17) and events[0].fatalities == 2
    assert dict(report.skipped).keys() == {4, 5}
    assert "Zzyzxqqvlt" in dict(report.skipped)[4]
    assert "no place name" in dict(report.skipped)[5]


def test_generic_csv_admin_area_gets_area_precision(tmp_path, gaz):
    f = tmp_path / "areas.csv"
    f.write_text("location\nKursk Oblast\nUkraine\n", encoding="utf-8")
    events, _ = read_event_table(f, gazetteer=gaz)
    assert [(e.place.kind, e.geo_precision) for e in events] == [("admin1", 3), ("country", 4)]
    assert events[0].place.admin1_iso == "RU-KRS"


def test_generic_csv_with_lat_lon_aliases_and_tsv(tmp_path, gaz):
    f = tmp_path / "points.tsv"
    f.write_text("lat\tlng\tdate\n50.45\t30.52\t2024-11-17\n", encoding="utf-8")
    events, report = read_event_table(f, gazetteer=gaz)
    assert len(events) == 1 and (events[0].lat, events[0].lon) == (50.45, 30.52) and report.format == "CSV"


def test_csv_without_coordinates_or_place_is_an_input_error(tmp_path, gaz):
    f = tmp_path / "nothing.csv"
    f.write_text("event_date,event_type,fatalities\n2024-11-17,Battles,3\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_event_table(f, gazetteer=gaz)
    message = str(excinfo.value)
    assert "nothing.csv" in message and "\n" not in message and "latitude" in message


def test_empty_csv_is_an_input_error(tmp_path, gaz):
    f = tmp_path / "empty.csv"
    f.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty.csv"):
        read_event_table(f, gazetteer=gaz)


def test_missing_and_binary_tables_are_input_errors(tmp_path, gaz):
    with pytest.raises(InputError, match="nope.csv"):
        read_event_table(tmp_path / "nope.csv", gazetteer=gaz)
    f = tmp_path / "image.csv"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(InputError, match="image.csv"):
        read_event_table(f, gazetteer=gaz)


def test_garbage_coordinates_in_generic_csv(tmp_path, gaz):
    f = tmp_path / "bad.csv"
    f.write_text("latitude,longitude,event_date\n"
                 "50,30,2024-11-17\n"
                 "999,30,2024-11-17\n"
                 "abc,30,2024-11-17\n"
                 "nan,inf,2024-11-17\n"
                 "50,-181,2024-11-17\n"
                 "50,30,not-a-date\n", encoding="utf-8")
    events, report = read_event_table(f, gazetteer=gaz)
    assert len(events) == 1
    assert [n for n, _ in report.skipped] == [3, 4, 5, 6, 7]
    assert all(reason for _, reason in report.skipped)


# ---------------------------------------------------------------- GeoJSON


def feature(lon, lat, **props):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def test_geojson_feature_collection(tmp_path, gaz):
    f = tmp_path / "events.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        feature(36.2527, 49.9808, event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                date_start="2024-11-17", location="Kharkiv", actors=["Military Forces of Russia"], fatalities=2),
        feature(37.18, 48.28, event_type="Battles", date="2024-11-18", troops={"low": 500, "high": 700,
                                                                             "qualifier": "range"}),
        {"type": "Feature", "geometry": None, "properties": {"event_type": "Battles", "location": "Kharkiv"}},
        feature(999, 48.0, event_type="Battles"),
        feature("a", "b", event_type="Battles"),
        {"type": "Feature", "geometry": None, "properties": {"event_type": "Battles"}},
    ]}), encoding="utf-8")
    events, report = read_event_table(f, gazetteer=gaz)
    assert report.format == "GeoJSON" and report.rows == 6 and len(events) == 3
    first, second, geocoded = events
    assert (first.lat, first.lon) == (49.9808, 36.2527)
    assert first.event_type == "Explosions/Remote violence" and first.fatalities == 2
    assert first.actors == ("Military Forces of Russia",) and first.date_start == dt.date(2024, 11, 17)
    assert second.troops is not None and (second.troops.low, second.troops.high) == (500, 700)
    assert geocoded.place.name == "Kharkiv" and geocoded.place.country == "UA"
    assert [n for n, _ in report.skipped] == [5, 6, 7]


@pytest.mark.parametrize("text", ['{"type": "Feature"}', "[1, 2]", '{"type": "FeatureCollection"}', '{"type":'])
def test_bad_geojson_is_an_input_error(tmp_path, gaz, text):
    f = tmp_path / "bad.geojson"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_event_table(f, gazetteer=gaz)
    assert "bad.geojson" in str(excinfo.value) and "\n" not in str(excinfo.value)


def test_is_event_table(tmp_path):
    assert is_event_table("a.csv") and is_event_table("a.GeoJSON") and is_event_table("a.tsv")
    assert not is_event_table("a.txt") and not is_event_table("a.html") and not is_event_table("a.jsonl")
    (tmp_path / "a.json").write_text("{}")
    assert is_event_table(tmp_path / "a.json") and not is_event_table(tmp_path / "missing.json")


# ---------------------------------------------------------------- robustness (known bugs)


def test_csv_huge_field_is_not_a_raw_csv_error(gaz):
    text = 'event_date,latitude,longitude,notes\n2024-11-17,48,37,"' + "x" * 200_000 + '"\n2024-11-17,48,37,ok\n'
    try:
        _events, report = read_event_table_text(text, source="huge-field.csv", gazetteer=gaz)
    except InputError as exc:
        assert "huge-field.csv" in str(exc)
    else:
        assert report.rows >= 1


@pytest.mark.parametrize("bad", [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}, "properties": [1, 2]},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}, "properties": "abc"},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}, "properties": 5},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [{"a": 1}, {}]}, "properties": {}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [True, False]}, "properties": {}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [[1, 2], [3, 4]]}, "properties": {}},
    {"type": "Feature", "geometry": None, "properties": {"location": 5}},
    {"type": "Feature", "geometry": None, "properties": {"place": {"name": None}}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.5, 50.4]},
     "properties": {"date_start": {"a": 1}, "fatalities": "many", "troops": {"low": "x", "high": [1]},
                    "actors": [None, {"a": 1}], "origin": {"name": "x"}}},
    1, None, "feature", [],
], ids=["properties-list", "properties-str", "properties-int", "coordinates-objects", "coordinates-bools",
        "coordinates-nested", "location-number", "place-name-null", "weird-properties", "feature-int",
        "feature-null", "feature-str", "feature-list"])
def test_hostile_geojson_features_never_raise(gaz, bad):
    """A broken feature is skipped (or read as a bare point); the good feature beside it is always read."""
    good = feature(30.5, 50.4, event_type="Battles", date_start="2024-11-17")
    text = json.dumps({"type": "FeatureCollection", "features": [good, bad]})
    events, report = read_event_table_text(text, source="hostile.geojson", gazetteer=gaz, geojson=True)
    assert report.rows == 2 and len(events) + len(report.skipped) == 2
    assert events[0].event_type == "Battles" and (events[0].lat, events[0].lon) == (50.4, 30.5)
    assert [n for n, _ in report.skipped] in ([], [3])
    for e in events:
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180
        assert isinstance(e.event_type, str) and isinstance(e.status, str) and isinstance(e.source, str)


def test_deeply_nested_geojson_is_an_input_error(tmp_path, gaz):
    f = tmp_path / "deep.geojson"
    f.write_text('{"type": "FeatureCollection", "features": ' + "[" * 100_000, encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_event_table(f, gazetteer=gaz)
    assert "deep.geojson" in str(excinfo.value) and "\n" not in str(excinfo.value)


def test_acled_numeric_iso_column_is_not_a_country_code(gaz):
    """ACLED's 'iso' column is numeric (804 = Ukraine): it must not become an ISO alpha-2 code."""
    events, _ = read_event_table_text(
        "event_id_cnty,event_date,event_type,sub_event_type,iso,country,location,latitude,longitude\n"
        "UKR1,2024-11-18,Battles,Armed clash,804,Ukraine,Kupiansk,49.7,37.6\n", source="acled.csv", gazetteer=gaz)
    assert events[0].place.country in ("", "UA")


def test_geo_precision_is_clamped_to_1_to_4(gaz):
    events, _ = read_event_table_text("event_date,latitude,longitude,geo_precision\n"
                                      "2024-11-17,48,37,-3\n2024-11-17,48,37,0\n2024-11-17,48,37,9\n"
                                      "2024-11-17,48,37,two\n", source="p.csv", gazetteer=gaz)
    assert [e.geo_precision for e in events] == [1, 1, 4, 1]


# ---------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def article_events():
    events = extract_events_from_file(EXAMPLE)
    events += extract_events("Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed. "
                             "About 3,000 troops massed near Pokrovsk.", "2024-11-18", source="text")
    assert len(events) >= 5
    return events


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
def test_round_trip_through_write_events(tmp_path, gaz, article_events, suffix):
    path = tmp_path / f"events{suffix}"
    assert write_events(article_events, path) == len(article_events)
    back, report = read_event_table(path, gazetteer=gaz)
    assert report.skipped == []
    assert len(back) == len(article_events)
    for a, b in zip(article_events, back):
        assert b.lat == pytest.approx(round(a.lat, 6), abs=1e-9) and b.lon == pytest.approx(round(a.lon, 6), abs=1e-9)
        assert (b.event_type, b.sub_event_type) == (a.event_type, a.sub_event_type)
        assert (b.date_start, b.date_end, b.date_precision) == (a.date_start, a.date_end, a.date_precision)
        assert b.status == a.status and b.fatalities == a.fatalities and b.id == a.id
        assert b.place.name == a.place.name
        if a.troops is not None:
            assert (b.troops.low, b.troops.high, b.troops.qualifier) == (a.troops.low, a.troops.high,
                                                                          a.troops.qualifier)
