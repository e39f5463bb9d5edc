"""``aggregate``: events per admin-1 area and month, and country-level events per country."""

from __future__ import annotations

from pathlib import Path

import pytest

from geoevents import extract_events_from_file
from geoevents.engine import aggregate, write_part

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    events = extract_events_from_file(EXAMPLE)
    folder = tmp_path_factory.mktemp("areas") / "events.parquet"
    folder.mkdir()
    write_part(events, folder / "part-00000.parquet")
    return events, aggregate(folder)


def test_areas_country_level_event_is_counted_per_country(table):
    events, out = table
    ukraine = [e for e in events if e.geo_precision == 4 and e.place and e.place.country == "UA"]
    assert [e.place.name for e in ukraine] == ["Ukraine"]
    row = out[(out["admin1_code"] == "") & (out["country"] == "UA")]
    assert len(row) == 1 and row["events"].iloc[0] == 1 and row["month"].iloc[0] == "2024-11"
    assert row.geometry.iloc[0].contains(__import__("shapely").Point(30.5, 50.45))  # the country's outline
    assert "UA-71" not in set(out["admin1_iso"])  # not filed under Cherkasy, where Ukraine's label point lies


def test_areas_nothing_is_lost(table):
    events, out = table
    located = [e for e in events if e.lat is not None]
    assert out["events"].sum() == len(located)
    assert out["fatalities"].sum() == sum(e.fatalities or 0 for e in located)
    precise = [e for e in located if e.geo_precision != 4]
    assert out[out["admin1_code"] != ""]["events"].sum() == len(precise)
