"""GeoDataFrame, GeoPackage and GeoParquet outputs: typed columns, EPSG:4326, atomic writes."""

from __future__ import annotations

import datetime as dt

import pytest

from geoevents import extract_events
from geoevents.core.errors import InputError
from geoevents.outputs import write_events
from geoevents.outputs.frames import events_to_geodataframe

TEXT = ("Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed. "
        "About 11,000 North Korean soldiers are in the Kursk region, officials said.")


@pytest.fixture(scope="module")
def events():
    return extract_events(TEXT, published=dt.date(2024, 11, 18))


def test_frames_geodataframe_typed_columns(events):
    gdf = events_to_geodataframe(events)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(events) >= 2
    kharkiv = gdf[gdf["location"] == "Kharkiv"].iloc[0]
    assert kharkiv["fatalities"] == 2
    assert kharkiv["event_date"] == dt.date(2024, 11, 17)
    assert (kharkiv.geometry.x, kharkiv.geometry.y) == pytest.approx((kharkiv["longitude"], kharkiv["latitude"]))
    assert str(gdf["troops_low"].dtype) == "Int64"


def test_frames_empty_collection_gives_empty_frame():
    gdf = events_to_geodataframe([])
    assert len(gdf) == 0 and gdf.crs.to_epsg() == 4326


@pytest.mark.parametrize("suffix", [".gpkg", ".parquet"])
def test_frames_gis_files_round_trip(events, tmp_path, suffix):
    import geopandas

    path = tmp_path / f"events{suffix}"
    assert write_events(events, path) == len(events)
    back = geopandas.read_file(path, engine="pyogrio") if suffix == ".gpkg" else geopandas.read_parquet(path)
    assert back.crs.to_epsg() == 4326
    assert sorted(back["id"]) == sorted(e.id for e in events)
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_frames_bad_coordinates_refused_and_nothing_written(events, tmp_path):
    import dataclasses

    bad = dataclasses.replace(events[0], lat=123.0)
    path = tmp_path / "bad.gpkg"
    with pytest.raises(InputError, match=bad.id):
        write_events([bad], path)
    assert list(tmp_path.iterdir()) == []
