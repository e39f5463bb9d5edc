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
    events, report = read_event_table(acled_csv, gazetteer=gaz, skip_bad_rows=True)
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
    _events, report = read_event_table(acled_csv, gazetteer=gaz, skip_bad_rows=True)
    skipped = dict(report.skipped)
    assert sorted(skipped) == [5, 6, 7, 8]  # CSV line numbers (the header is line 1)
    assert "999" in skipped[5] and "not a valid point" in skipped[5]
    assert "abc" in skipped[6]
    assert "Zzyzxqqvlt" in skipped[7] and "gazetteer" in skipped[7]
    assert "sometime" in skipped[8]
    summary = report.summary()
    assert "acled.csv" in summary and "ACLED" in summary and "4 skipped" in summary


def test_table_ids_are_stable(acled_csv, gaz):
    a, _ = read_event_table(acled_csv, gazetteer=gaz, skip_bad_rows=True)
    b, _ = read_event_table(acled_csv, gazetteer=gaz, skip_bad_rows=True)
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
    events, report = read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
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
    events, _ = read_event_table_text(",".join(UCDP_COLUMNS) + "\n" + rows, source="ged.csv", gazetteer=gaz,
                                  skip_bad_rows=True)
    assert [e.date_precision for e in events] == ["day", "week", "week", "month", "year"]


def test_generic_csv_with_only_a_place_column_is_geocoded(tmp_path, gaz):
    f = tmp_path / "places.csv"
    f.write_text("date,place,event_type,fatalities\n"
                 "2024-11-17,Kharkiv,Explosions/Remote violence,2\n"
                 "2024-11-18,Kharkov,Battles,\n"
                 "2024-11-18,Zzyzxqqvlt,Battles,1\n"
                 "2024-11-18,,Battles,1\n", encoding="utf-8")
    events, report = read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
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
    events, _ = read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
    assert [(e.place.kind, e.geo_precision) for e in events] == [("admin1", 3), ("country", 4)]
    assert events[0].place.admin1_iso == "RU-KRS"


def test_generic_csv_with_lat_lon_aliases_and_tsv(tmp_path, gaz):
    f = tmp_path / "points.tsv"
    f.write_text("lat\tlng\tdate\n50.45\t30.52\t2024-11-17\n", encoding="utf-8")
    events, report = read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
    assert len(events) == 1 and (events[0].lat, events[0].lon) == (50.45, 30.52) and report.format == "CSV"


def test_csv_without_coordinates_or_place_is_an_input_error(tmp_path, gaz):
    f = tmp_path / "nothing.csv"
    f.write_text("event_date,event_type,fatalities\n2024-11-17,Battles,3\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
    message = str(excinfo.value)
    assert "nothing.csv" in message and "\n" not in message and "latitude" in message


def test_empty_csv_is_an_input_error(tmp_path, gaz):
    f = tmp_path / "empty.csv"
    f.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty.csv"):
        read_event_table(f, gazetteer=gaz, skip_bad_rows=True)


def test_missing_and_binary_tables_are_input_errors(tmp_path, gaz):
    with pytest.raises(InputError, match="nope.csv"):
        read_event_table(tmp_path / "nope.csv", gazetteer=gaz, skip_bad_rows=True)
    f = tmp_path / "image.csv"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(InputError, match="image.csv"):
        read_event_table(f, gazetteer=gaz, skip_bad_rows=True)


def test_garbage_coordinates_in_generic_csv(tmp_path, gaz):
    f = tmp_path / "bad.csv"
    f.write_text("latitude,longitude,event_date\n"
                 "50,30,2024-11-17\n"
                 "999,30,2024-11-17\n"
                 "abc,30,2024-11-17\n"
                 "nan,inf,2024-11-17\n"
                 "50,-181,2024-11-17\n"
                 "50,30,not-a-date\n", encoding="utf-8")
    events, report = read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
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
    events, report = read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
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
        read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
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
        _events, report = read_event_table_text(text, source="huge-field.csv", gazetteer=gaz, skip_bad_rows=True)
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
    events, report = read_event_table_text(text, source="hostile.geojson", gazetteer=gaz, geojson=True,
                                           skip_bad_rows=True)
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
        read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
    assert "deep.geojson" in str(excinfo.value) and "\n" not in str(excinfo.value)


def test_acled_numeric_iso_column_is_not_a_country_code(gaz):
    """ACLED's 'iso' column is numeric (804 = Ukraine): it must not become an ISO alpha-2 code."""
    events, _ = read_event_table_text(
        "event_id_cnty,event_date,event_type,sub_event_type,iso,country,location,latitude,longitude\n"
        "UKR1,2024-11-18,Battles,Armed clash,804,Ukraine,Kupiansk,49.7,37.6\n", source="acled.csv",
        gazetteer=gaz, skip_bad_rows=True)
    assert events[0].place.country in ("", "UA")


def test_geo_precision_is_clamped_to_1_to_4(gaz):
    events, _ = read_event_table_text("event_date,latitude,longitude,geo_precision\n"
                                      "2024-11-17,48,37,-3\n2024-11-17,48,37,0\n2024-11-17,48,37,9\n"
                                      "2024-11-17,48,37,two\n", source="p.csv", gazetteer=gaz, skip_bad_rows=True)
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
    back, report = read_event_table(path, gazetteer=gaz, skip_bad_rows=True)
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


# ---------------------------------------------------------------- tables as people keep them (issue 20)
# Every row below is invented for these tests: the shapes of ACLED and UCDP GED exports, none of their data.

ACLED_EXPORT_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


def acled_export_row(n: int, date: str, *, fatalities="1", event_type="Battles", sub_type="Armed clash",
                     lat="49.9900", lon="36.2300") -> list[str]:
    return [f"XYZ{n:05d}", date, "2020", "1", "Political violence", event_type, sub_type,
            "Invented Forces A", "Invented Militia", "1", "Invented Forces B", "", "2", "12",
            "Civilian targeting" if n % 2 else "", "804", "Europe", "Ukraine", "Kharkiv", "Kharkivskyi", "",
            "Kharkiv", lat, lon, "1", "Invented Gazette", "National", f"Invented note {n}.", fatalities,
            "crowd size=no report", "1600000000"]


def write_rows(path: Path, columns: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        w.writerows(rows)
    return path


@pytest.mark.parametrize(("dates", "expected", "order"), [
    (["14/08/2020 00:00:00", "05/03/2020 00:00:00"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], "day-first"),
    (["14/08/2020 00:00", "05/03/2020 13:45"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], "day-first"),
    (["14/08/2020", "05/03/2020"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], "day-first"),
    (["08/14/2020 09:30:00", "3/5/2020"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], "month-first"),
    (["14.08.2020", "05.03.2020"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], "day-first"),
    (["14 August 2020", "5 March 2020"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], None),
    (["August 14, 2020", "March 5, 2020"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], None),
    (["2020-08-14", "2020-03-05T10:00:00"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], None),
    (["44057", "43895"], [dt.date(2020, 8, 14), dt.date(2020, 3, 5)], "Excel"),
])
def test_tables_date_forms_are_inferred_per_column(tmp_path, gaz, dates, expected, order):
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS,
                   [acled_export_row(i, d) for i, d in enumerate(dates)])
    events, report = read_event_table(f, gazetteer=gaz)
    assert [e.date_start for e in events] == expected
    if order:
        assert order in report.dates["event_date"] and order in report.summary()


def test_tables_ambiguous_acled_column_follows_the_acled_convention(tmp_path, gaz):
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, [acled_export_row(1, "05/03/2020 00:00")])
    events, report = read_event_table(f, gazetteer=gaz)
    assert events[0].date_start == dt.date(2020, 3, 5)
    assert "ACLED convention" in report.dates["event_date"] and "--date-format" in report.dates["event_date"]
    events, _ = read_event_table(f, gazetteer=gaz, date_format="mdy")
    assert events[0].date_start == dt.date(2020, 5, 3)


def test_tables_ambiguous_generic_column_asks_for_date_format(tmp_path, gaz):
    f = tmp_path / "t.csv"
    f.write_text("date,latitude,longitude,event_type\n05/03/2020,49.99,36.23,Battles\n")
    with pytest.raises(InputError, match="--date-format"):
        read_event_table(f, gazetteer=gaz)
    events, report = read_event_table(f, gazetteer=gaz, date_format="%m/%d/%Y")
    assert events[0].date_start == dt.date(2020, 5, 3) and "--date-format" in report.dates["date"]


def test_tables_cp1252_table_is_read(tmp_path, gaz):
    row = acled_export_row(1, "14 August 2020")
    row[27] = "Invented café report, ± 3 km from the centre – as “reported”."
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, [row], encoding="cp1252")
    (event,), _ = read_event_table(f, gazetteer=gaz)
    assert event.evidence.sentence == row[27]


def test_tables_acled_export_keeps_every_column(tmp_path, gaz):
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, [acled_export_row(1, "14 August 2020")])
    (e,), report = read_event_table(f, gazetteer=gaz)
    assert report.format == "ACLED" and e.source_id == "XYZ00001"
    kept = dict(e.source_fields)
    assert kept["inter1"] == "1" and kept["inter2"] == "2" and kept["interaction"] == "12"
    assert kept["civilian_targeting"] == "Civilian targeting" and kept["tags"] == "crowd size=no report"
    assert kept["admin2"] == "Kharkivskyi" and kept["timestamp"] == "1600000000" and kept["disorder_type"]
    assert e.actors == ("Invented Forces A", "Invented Forces B", "Invented Militia")
    assert e.place.country == "UA" and e.place.admin1 == "Kharkiv"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".gpkg", ".geojson"])
def test_tables_kept_columns_round_trip_through_exports(tmp_path, gaz, suffix):
    from geoevents.pipeline import collect_events

    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, [acled_export_row(1, "14 August 2020")])
    (e,), _ = read_event_table(f, gazetteer=gaz)
    out = tmp_path / f"out{suffix}"
    write_events([e], out)
    if suffix == ".jsonl":
        back = [type(e).from_dict(json.loads(line)) for line in out.read_text().splitlines()]
    elif suffix == ".gpkg":
        import geopandas

        frame = geopandas.read_file(out)
        assert frame.loc[0, "inter1"] == "1" and frame.loc[0, "tags"] == "crowd size=no report"
        return
    else:
        back, _ = collect_events([str(out)], gazetteer=gaz)
    if suffix == ".geojson":
        assert back[0].source_id == "XYZ00001"
        return
    assert dict(back[0].source_fields) == dict(e.source_fields)


UCDP_GED_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]


def ucdp_row(n: int, tov: int, start: str, end: str, *, where_prec=1, best=4, lat=49.99, lon=36.23) -> list:
    return [n, f"INV-{n}", 2014, "TRUE", "Clear", tov, 900, 900, "Invented conflict", 901, 901, "A - B", 902, 902,
            "Invented Government", 903, 903, "Invented Rebels", 2, f"Invented Wire,{start[:10]},Invented headline {n}",
            "Invented Wire", start[:10], f"Invented headline {n}", "local residents", where_prec, "Kharkiv town",
            "near the invented bridge, Kharkiv", "Kharkiv oblast", "Kharkiv raion", lat, lon,
            f"POINT ({lon} {lat})", 180000, "Ukraine", 369, "Europe", 1, 1, start, end, 1, 1, 2, 0, best, best + 3, 1,
            "", ""]


def test_tables_ucdp_ged_fully(tmp_path, gaz):
    f = write_rows(tmp_path / "ged.csv", UCDP_GED_COLUMNS, [
        ucdp_row(7001, 1, "05/03/2014 00:00", "05/03/2014 00:00"),
        ucdp_row(7002, 3, "14/08/2014 00:00", "16/08/2014 00:00", where_prec=4, best=2),
        ucdp_row(7003, 2, "01/09/2014 00:00", "01/09/2014 00:00", where_prec=6),
    ])
    (a, b, c), report = read_event_table(f, gazetteer=gaz)
    assert report.format == "UCDP GED" and "day-first" in report.dates["date_start"]
    assert a.date_start == dt.date(2014, 3, 5) and (b.date_start, b.date_end) == (dt.date(2014, 8, 14),
                                                                                dt.date(2014, 8, 16))
    assert (a.event_type, b.event_type) == ("Battles", "Violence against civilians")
    assert [dict(e.source_fields)["type_of_violence"] for e in (a, b, c)] == ["1", "3", "2"]
    assert [e.geo_precision for e in (a, b, c)] == [1, 3, 4]
    assert a.place.name == "near the invented bridge, Kharkiv" and a.place.admin1 == "Kharkiv oblast"
    assert a.fatalities == 4 and dict(a.source_fields)["low"] == "1" and dict(a.source_fields)["high"] == "7"
    assert dict(b.source_fields)["deaths_civilians"] == "2"
    assert a.actors == ("Invented Government", "Invented Rebels") and a.source_id == "7001"
    assert a.evidence.sentence == "Invented headline 7001" and a.source.startswith("Invented Wire,")
    assert a.date_precision == "day" and a.place.country == "UA"


def test_tables_bad_counts_warn_and_are_left_empty(tmp_path, gaz):
    rows = [acled_export_row(i, "14 August 2020", fatalities=v) for i, v in enumerate(["3", "many", "-5", "3.7",
                                                                                        "2.0", ""])]
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, rows)
    events, report = read_event_table(f, gazetteer=gaz)
    assert [e.fatalities for e in events] == [3, None, None, None, 2, None]
    warned = [w for w in report.warnings if "fatalities" in w]
    assert len(warned) == 3 and all("t.csv row" in w for w in warned)
    assert "row 3" in warned[0] and "'many'" in warned[0] and "'3.7'" in warned[2]
    assert "warning:" in report.summary()


def test_tables_unknown_event_types_warn(tmp_path, gaz):
    rows = [acled_export_row(1, "14 August 2020", event_type="Frobnicate", sub_type=""),
            acled_export_row(2, "14 August 2020", sub_type="Air/drone strike"),
            acled_export_row(3, "14 August 2020")]
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, rows)
    events, report = read_event_table(f, gazetteer=gaz)
    assert len(events) == 3 and events[0].event_type == "Frobnicate"
    assert len(report.warnings) == 2 and "'Frobnicate'" in report.warnings[0] and "row 2" in report.warnings[0]
    assert "'Air/drone strike'" in report.warnings[1]


def test_tables_more_than_one_percent_skipped_stops(tmp_path, gaz):
    rows = [acled_export_row(i, "14 August 2020") for i in range(150)]
    rows[10][1] = "sometime"
    rows[20][22] = "999"
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, rows)
    with pytest.raises(InputError) as excinfo:
        read_event_table(f, gazetteer=gaz)
    message = str(excinfo.value)
    assert "2 of 150 rows" in message and "row 12" in message and "sometime" in message and "row 22" in message
    assert "--skip-bad-rows" in message and "\n" not in message
    events, report = read_event_table(f, gazetteer=gaz, skip_bad_rows=True)
    assert len(events) == 148 and report.skip_kinds == {"bad date": 1, "bad coordinates": 1}
    assert "1 bad date" in report.summary() and "148 events placed" in report.summary()


def test_tables_one_percent_skipped_is_reported_not_fatal(tmp_path, gaz):
    rows = [acled_export_row(i, "14 August 2020") for i in range(100)]
    rows[5][1] = "sometime"
    events, report = read_event_table(write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, rows), gazetteer=gaz)
    assert len(events) == 99 and report.skipped == [(7, "date 'sometime' is not understood")]


def test_tables_no_row_read_is_an_error(tmp_path, gaz):
    rows = [acled_export_row(i, "sometime") for i in range(3)]
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, rows)
    for skip in (False, True):
        with pytest.raises(InputError, match="none of its 3 rows"):
            read_event_table(f, gazetteer=gaz, skip_bad_rows=skip)
    with pytest.raises(InputError, match="no rows"):
        read_event_table(write_rows(tmp_path / "h.csv", ACLED_EXPORT_COLUMNS, []), gazetteer=gaz)


def test_tables_cli_unreadable_table_fails_loudly_and_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from geoevents.cli import app

    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, [acled_export_row(i, "sometime") for i in range(3)])
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["export", str(f), "-o", str(out)])
    assert result.exit_code == 1 and "none of its 3 rows" in result.stderr and not out.exists()


def test_tables_cli_date_format_and_skip_bad_rows(tmp_path):
    from typer.testing import CliRunner

    from geoevents.cli import app

    rows = [acled_export_row(i, "05/03/2020 00:00") for i in range(20)]
    rows[3][22] = "999"
    f = write_rows(tmp_path / "t.csv", ACLED_EXPORT_COLUMNS, rows)
    runner = CliRunner()
    refused = runner.invoke(app, ["extract", str(f)])
    assert refused.exit_code == 1 and "--skip-bad-rows" in refused.stderr
    ok = runner.invoke(app, ["extract", str(f), "--skip-bad-rows", "--date-format", "mdy"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout.splitlines()[0])["date_start"] == "2020-05-03"
    assert "19 events placed, 1 skipped (1 bad coordinates)" in ok.stderr and "--date-format mdy" in ok.stderr
    bad = runner.invoke(app, ["extract", str(f), "--date-format", "sometimes"])
    assert bad.exit_code == 2 and "--date-format" in bad.stderr


def test_tables_cli_no_events_exits_1_unless_allow_empty(tmp_path):
    from typer.testing import CliRunner

    from geoevents.cli import app

    f = tmp_path / "quiet.txt"
    f.write_text("The weather in the capital was mild and nobody was hurt.\n")
    out = tmp_path / "out.geojson"
    runner = CliRunner()
    for command in (["extract", str(f), "-o", str(out)], ["export", str(f), "-o", str(out)],
                    ["map", str(f), "-o", str(tmp_path / "m.html")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and "no events found" in result.stderr, command
    assert not out.exists() and not (tmp_path / "m.html").exists()
    result = runner.invoke(app, ["export", str(f), "-o", str(out), "--allow-empty"])
    assert result.exit_code == 0 and json.loads(out.read_text())["features"] == []


def test_tables_date_inference_keeps_the_speed(gaz):
    import time

    header = ",".join(ACLED_EXPORT_COLUMNS)
    lines = [header] + [",".join(acled_export_row(i, f"{1 + i % 28:02d}/{1 + i % 12:02d}/2020 00:00:00"))
                        for i in range(20_000)]
    text = "\n".join(lines)
    read_event_table_text(text, source="warm.csv", gazetteer=gaz)
    t = time.process_time()
    events, report = read_event_table_text(text, source="t.csv", gazetteer=gaz)
    assert len(events) == 20_000 and "day-first" in report.dates["event_date"]
    assert time.process_time() - t < 2.0  # >= 10,000 rows/s even on a loaded test machine
