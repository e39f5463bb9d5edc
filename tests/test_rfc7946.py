"""The RFC 7946 checker: every bad document is flagged, good ones pass; geoevents' GeoJSON passes it."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from geoevents import extract_events, extract_events_from_file
from geoevents.outputs import write_events
from geoevents.outputs.rfc7946 import rfc7946_problems, shape_to_rfc7946

EXAMPLE = Path(__file__).resolve().parent.parent / "maps" / "examples" / "kursk-buildup.html"

CCW = [[30.0, 50.0], [31.0, 50.0], [31.0, 51.0], [30.0, 51.0], [30.0, 50.0]]
HOLE_CW = [[30.2, 50.2], [30.2, 50.8], [30.8, 50.8], [30.8, 50.2], [30.2, 50.2]]


def feature(geometry, **extra):
    return {"type": "Feature", "geometry": geometry, "properties": {"name": "x"}, **extra}


def fc(*features, **extra):
    return {"type": "FeatureCollection", "features": list(features), **extra}


GOOD = {
    "point": {"type": "Point", "coordinates": [36.187391, 51.737324]},
    "point with height": {"type": "Point", "coordinates": [36.1, 51.7, 120.5]},
    "integer coordinates": {"type": "Point", "coordinates": [36, 51]},
    "extremes": {"type": "MultiPoint", "coordinates": [[-180, -90], [180, 90]]},
    "line": {"type": "LineString", "coordinates": [[30, 50], [31, 51]]},
    "multiline": {"type": "MultiLineString", "coordinates": [[[30, 50], [31, 51]], [[32, 50], [33, 50]]]},
    "polygon ccw": {"type": "Polygon", "coordinates": [CCW]},
    "polygon with cw hole": {"type": "Polygon", "coordinates": [CCW, HOLE_CW]},
    "multipolygon": {"type": "MultiPolygon", "coordinates": [[CCW], [[[40, 10], [41, 10], [40, 11], [40, 10]]]]},
    "empty polygon": {"type": "Polygon", "coordinates": []},
    "collection": {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]},
    "feature null geometry": feature(None),
    "feature null properties": {"type": "Feature", "geometry": None, "properties": None},
    "feature string id": feature({"type": "Point", "coordinates": [1, 2]}, id="ev-1"),
    "feature number id": feature({"type": "Point", "coordinates": [1, 2]}, id=7),
    "empty collection": fc(),
    "collection with bbox": fc(feature({"type": "Point", "coordinates": [1, 2]}), bbox=[1, 2, 1, 2]),
    "bbox across the antimeridian": fc(bbox=[170, -10, -170, 10]),
    "3d bbox": fc(bbox=[1, 2, 0, 3, 4, 10]),
    "foreign members": fc(title="events", features=[]),
}

# (document, a word the problem line must contain)
BAD = {
    "crs member on the collection": (fc(crs={"type": "name", "properties": {"name": "EPSG:4326"}}), "crs"),
    "crs member on a feature": (fc(feature(None, crs={})), "crs"),
    "crs member on a geometry": (feature({"type": "Point", "coordinates": [1, 2], "crs": {}}), "crs"),
    "latitude first (lat 51 lon 136 as [lat, lon] gives lat 136)": (
        {"type": "Point", "coordinates": [51.7, 136.2]}, "latitude"),
    "longitude out of range": ({"type": "Point", "coordinates": [-190.0, 10.0]}, "longitude"),
    "latitude out of range": ({"type": "Point", "coordinates": [10.0, -91.0]}, "latitude"),
    "7 decimals": ({"type": "Point", "coordinates": [36.1873912, 51.7]}, "decimals"),
    "7 decimals in a ring": ({"type": "Polygon", "coordinates": [[[30.0000001, 50], *CCW[1:-1], [30.0000001, 50]]]},
                             "decimals"),
    "one number": ({"type": "Point", "coordinates": [36.1]}, "position"),
    "four numbers": ({"type": "Point", "coordinates": [36.1, 51, 0, 1]}, "position"),
    "string coordinate": ({"type": "Point", "coordinates": ["36.1", 51]}, "number"),
    "boolean coordinate": ({"type": "Point", "coordinates": [True, 51]}, "number"),
    "nan coordinate": ({"type": "Point", "coordinates": [float("nan"), 51]}, "number"),
    "infinite coordinate": ({"type": "Point", "coordinates": [float("inf"), 51]}, "number"),
    "missing coordinates": ({"type": "Point"}, "coordinates"),
    "line of one position": ({"type": "LineString", "coordinates": [[30, 50]]}, "2 positions"),
    "ring not closed": ({"type": "Polygon", "coordinates": [CCW[:-1] + [[30.5, 50.0]]]}, "closed"),
    "ring of 3 positions": ({"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [30, 50]]]}, "4 positions"),
    "clockwise exterior": ({"type": "Polygon", "coordinates": [CCW[::-1]]}, "exterior"),
    "counter-clockwise hole": ({"type": "Polygon", "coordinates": [CCW, HOLE_CW[::-1]]}, "hole"),
    "clockwise exterior in a multipolygon": ({"type": "MultiPolygon", "coordinates": [[CCW], [CCW[::-1]]]},
                                             "exterior"),
    "flat ring": ({"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [32, 50], [30, 50]]]}, "area"),
    "unknown geometry type": ({"type": "Circle", "coordinates": [1, 2]}, "unknown"),
    "unknown top-level type": ({"type": "Topology"}, "unknown"),
    "not an object": ([1, 2], "object"),
    "features not a list": ({"type": "FeatureCollection", "features": {}}, "features"),
    "member is not a feature": (fc({"type": "Point", "coordinates": [1, 2]}), "Feature"),
    "feature without geometry": (fc({"type": "Feature", "properties": {}}), "geometry"),
    "feature without properties": (fc({"type": "Feature", "geometry": None}), "properties"),
    "properties a list": (fc({"type": "Feature", "geometry": None, "properties": []}), "properties"),
    "null id": (fc(feature(None, id=None)), "id"),
    "geometry a string": (fc(feature("POINT (1 2)")), "geometry"),
    "collection without geometries": ({"type": "GeometryCollection"}, "geometries"),
    "bad point inside a collection": ({"type": "GeometryCollection",
                                       "geometries": [{"type": "Point", "coordinates": [200, 0]}]}, "longitude"),
    "bbox of 3 numbers": (fc(bbox=[1, 2, 3]), "bbox"),
    "bbox south above north": (fc(bbox=[1, 20, 2, 10]), "south"),
    "bbox out of range": (fc(bbox=[1, 2, 3, 100]), "latitudes"),
    "bbox with 7 decimals": (fc(bbox=[1.1234567, 2, 3, 4]), "decimals"),
    "multipoint not a list": ({"type": "MultiPoint", "coordinates": 5}, "array"),
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_rfc7946_good_documents_pass(name):
    assert rfc7946_problems(GOOD[name]) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_rfc7946_bad_documents_are_flagged(name):
    doc, word = BAD[name]
    problems = rfc7946_problems(doc)
    assert problems, f"{name}: not flagged"
    assert any(word.lower() in p.lower() for p in problems), problems


def test_rfc7946_problems_name_where():
    doc = fc(feature({"type": "Point", "coordinates": [1, 2]}), feature({"type": "Point", "coordinates": [1, 95]}))
    assert rfc7946_problems(doc) == ["$.features[1].geometry.coordinates: latitude 95 out of range [-90, 90] "
                                     "(positions are [longitude, latitude])"]


def test_rfc7946_decimals_limit_is_a_parameter():
    doc = {"type": "Point", "coordinates": [36.1234, 51.0]}
    assert rfc7946_problems(doc) == []
    assert rfc7946_problems(doc, max_decimals=3)


def test_rfc7946_shape_to_rfc7946_winds_and_rounds():
    from shapely.geometry import MultiPolygon, Polygon

    cw_with_ccw_hole = Polygon([(p[0], p[1]) for p in CCW[::-1]], [[(p[0], p[1]) for p in HOLE_CW[::-1]]])
    assert rfc7946_problems({"type": "Polygon", "coordinates": [CCW[::-1], HOLE_CW[::-1]]})  # bad as given
    g = shape_to_rfc7946(MultiPolygon([cw_with_ccw_hole]))
    assert g["type"] == "MultiPolygon" and rfc7946_problems(g) == []
    wobbly = Polygon([(30.12345678, 50.0), (30.0, 51.0), (31.0, 51.0), (31.0, 50.0)])
    g = shape_to_rfc7946(wobbly)
    assert g["coordinates"][0][0] == [30.123457, 50.0] and rfc7946_problems(g) == []


# ----------------------------------------------------------- geoevents' own GeoJSON


@pytest.fixture(scope="module")
def example_events():
    return extract_events_from_file(EXAMPLE)


def _written(events, tmp_path, name="events.geojson"):
    path = tmp_path / name
    write_events(events, path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_rfc7946_example_geojson_passes_and_is_lon_lat(example_events, tmp_path):
    assert len(example_events) >= 5
    _path, doc = _written(example_events, tmp_path)
    assert rfc7946_problems(doc) == []
    assert "crs" not in doc
    kharkiv = next(f for f in doc["features"] if f["properties"]["place"]["name"] == "Kharkiv")
    lon, lat = kharkiv["geometry"]["coordinates"]
    assert (round(lon), round(lat)) == (36, 50)  # Kharkiv: 36.25 E, 49.98 N


def test_rfc7946_long_coordinates_are_rounded_to_6_decimals(example_events, tmp_path):
    noisy = [dataclasses.replace(e, lat=e.lat + 1.23456789e-7, lon=e.lon - 9.87654321e-8)
             for e in example_events if e.lat is not None]
    _path, doc = _written(noisy, tmp_path)
    assert rfc7946_problems(doc) == []
    # and the checker would have caught them unrounded
    raw = copy.deepcopy(doc)
    raw["features"][0]["geometry"]["coordinates"] = [noisy[0].lon, noisy[0].lat]
    assert rfc7946_problems(raw)


def test_rfc7946_points_only_table_passes(tmp_path):
    events = extract_events("Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed. "
                            "Drones struck Odesa the same night. Fighting continued near Pokrovsk.",
                            published=dt.date(2024, 11, 18))
    assert len(events) >= 2
    _path, doc = _written(events, tmp_path)
    assert rfc7946_problems(doc) == []
    assert {f["geometry"]["type"] for f in doc["features"]} == {"Point"}


def test_rfc7946_events_without_coordinates_get_null_geometry(example_events, tmp_path):
    unplaced = dataclasses.replace(example_events[0], lat=None, lon=None, place=None)
    _path, doc = _written([unplaced, example_events[1]], tmp_path)
    assert rfc7946_problems(doc) == []
    assert doc["features"][0]["geometry"] is None


def test_rfc7946_example_round_trips_through_geopandas(example_events, tmp_path):
    import geopandas

    path, doc = _written(example_events, tmp_path)
    back = geopandas.read_file(path)
    assert back.crs.to_epsg() == 4326
    assert len(back) == len(example_events)
    by_id = {e.id: e for e in example_events}
    for _i, row in back.iterrows():
        e = by_id[row["id"]]
        assert row.geometry.x == pytest.approx(e.lon, abs=1e-6)
        assert row.geometry.y == pytest.approx(e.lat, abs=1e-6)
        assert row["event_type"] == e.event_type


def test_rfc7946_any_coordinates_are_written_valid(example_events, tmp_path_factory):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    folder = tmp_path_factory.mktemp("prop")
    base = example_events[3]

    @settings(max_examples=150, deadline=None)
    @given(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False))
    def check(lat, lon):
        path = folder / "p.geojson"
        write_events([dataclasses.replace(base, lat=lat, lon=lon)], path)
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert rfc7946_problems(doc) == []
        x, y = doc["features"][0]["geometry"]["coordinates"]
        assert abs(x - lon) <= 5e-7 and abs(y - lat) <= 5e-7

    check()
