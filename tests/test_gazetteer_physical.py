"""Gazetteer beyond towns: admin-2 areas, water, rivers, regions, landmarks, parts of areas.

Expected points come from general geographic knowledge (where the sea, the
county seat or the plant is), not from the database; the tolerance is sized
to the feature (a plant: a few km; a sea: a few hundred) and always small
enough to tell the feature from a same-named place elsewhere.
"""

from __future__ import annotations

import sqlite3

import pytest

from geoevents.gazetteer.gazetteer import haversine_km

# query, expected kind, expected country ("" for none, None: not checked), lat, lon, tolerance in km
CASES = [
    # the issue's own examples
    ("Black Sea", "water", "", 43.4, 34.0, 300),
    ("Sea of Azov", "water", "", 46.1, 36.5, 150),
    ("Dnipro river", "river", "UA", 47.5, 34.0, 400),
    ("Donbas", "region", "UA", 48.3, 38.3, 100),
    ("Pokrovsk Raion", "admin2", "UA", 48.28, 37.18, 40),
    ("Cook County", "admin2", "US", 41.88, -87.63, 60),
    ("Middle East", "region", "", 29.0, 42.0, 1500),
    ("Zaporizhzhia nuclear power plant", "landmark", "UA", 47.51, 34.59, 5),
    ("eastern Ukraine", "region", "UA", 48.5, 37.0, 250),
    # seas, gulfs, straits, lakes
    ("the Baltic Sea", "water", "", 58.0, 20.0, 400),
    ("Caspian Sea", "water", "", 42.0, 50.5, 400),
    ("Persian Gulf", "water", "", 26.8, 51.8, 300),
    ("Gulf of Aden", "water", "", 12.5, 48.0, 300),
    ("Red Sea", "water", "", 20.0, 38.5, 500),
    ("Kerch Strait", "water", "", 45.2, 36.55, 30),
    ("Bosphorus", "water", "TR", 41.1, 29.05, 20),
    ("Strait of Hormuz", "water", "", 26.6, 56.5, 60),
    ("Taiwan Strait", "water", "", 24.3, 119.6, 200),
    ("English Channel", "water", "", 50.2, -1.5, 200),
    ("Gulf of Finland", "water", "", 59.8, 26.0, 150),
    ("Aegean Sea", "water", "", 38.8, 25.2, 250),
    ("South China Sea", "water", "", 12.0, 113.0, 600),
    ("Lake Baikal", "water", "RU", 53.5, 108.0, 300),
    ("Lake Victoria", "water", "", -1.0, 33.0, 150),
    ("Lake Michigan", "water", "US", 44.0, -87.0, 250),
    ("Kakhovka Reservoir", "water", "UA", 47.3, 34.0, 100),
    ("Atlantic Ocean", "water", "", 10.0, -25.0, 3000),
    # rivers, with and without the word river
    ("Danube", "river", "", 45.3, 29.0, 300),
    ("River Thames", "river", "GB", 51.5, -0.1, 60),
    ("the Volga River", "river", "RU", 48.7, 44.5, 800),
    ("Nile", "river", "EG", 30.0, 31.2, 800),
    ("Mississippi River", "river", "US", 29.5, -89.8, 200),
    ("Yangtze", "river", "CN", 31.3, 121.5, 200),
    ("Euphrates", "river", "SY", 35.3, 40.1, 500),
    ("Siverskyi Donets river", "river", "UA", 48.9, 38.4, 150),
    ("Oskil River", "river", "UA", 49.7, 37.6, 100),
    ("Cauvery", "river", "IN", 11.2, 79.8, 100),
    ("Rio Grande River", "river", "US", 26.0, -97.2, 150),
    ("Rio Grande", "settlement", "BR", -32.03, -52.1, 30),  # the Brazilian port: rivers yield to big towns
    # mountains, peninsulas, islands, regions of the world
    ("the Alps", "region", "", 46.5, 10.0, 300),
    ("Himalayas", "region", "", 28.5, 84.0, 800),
    ("Andes", "region", "", -20.0, -67.5, 1500),
    ("Ural Mountains", "region", "RU", 60.0, 59.5, 800),
    ("Sahel", "region", "", 14.5, 0.0, 1500),
    ("Sahara", "region", "", 23.0, 13.0, 1500),
    ("the Balkans", "region", "", 43.0, 21.0, 400),
    ("Caucasus", "region", "", 42.5, 44.5, 300),
    ("Central Asia", "region", "", 43.0, 65.0, 1000),
    ("Horn of Africa", "region", "", 8.0, 46.0, 800),
    ("Sinai", "region", "EG", 29.5, 33.8, 200),
    ("Arabian Peninsula", "region", "", 23.0, 46.0, 1000),
    ("Siberia", "region", "RU", 62.0, 95.0, 1500),
    ("Golan Heights", "region", "", 33.0, 35.75, 40),
    ("Nagorno-Karabakh", "region", "AZ", 39.8, 46.75, 60),
    ("Transnistria", "region", "MD", 47.2, 29.4, 100),
    ("Kashmir", "region", "", 34.5, 76.0, 400),
    ("the Midwest", "region", "US", 41.5, -90.0, 800),
    ("Oahu", "region", "US", 21.47, -157.98, 40),
    ("Europe", "region", "", 48.7, 9.1, 1500),
    # the war's own regions and landmarks
    ("Kursk salient", "region", "RU", 51.25, 35.3, 50),
    ("Snake Island", "landmark", "UA", 45.25, 30.2, 5),
    ("Kinburn Spit", "landmark", "UA", 46.55, 31.6, 30),
    ("Crimean Bridge", "landmark", "UA", 45.3, 36.5, 10),
    ("Kerch bridge", "landmark", "UA", 45.3, 36.5, 10),
    ("Kakhovka dam", "landmark", "UA", 46.78, 33.37, 5),
    ("Chernobyl nuclear power plant", "landmark", "UA", 51.39, 30.1, 5),
    ("Azovstal", "landmark", "UA", 47.1, 37.6, 5),
    ("Hostomel airport", "landmark", "UA", 50.6, 30.2, 5),
    ("Kremlin", "landmark", "RU", 55.75, 37.62, 2),
    ("Rafah crossing", "landmark", "PS", 31.25, 34.26, 5),
    # admin-2 areas: US counties, raions, districts
    ("Los Angeles County", "admin2", "US", 34.05, -118.24, 80),
    ("Harris County", "admin2", "US", 29.76, -95.37, 60),
    ("Bakhmut Raion", "admin2", "UA", 48.6, 38.0, 60),
    ("Kursky District", "admin2", "RU", 51.7, 36.2, 60),
    ("Sudzha district", "admin2", "RU", 51.2, 35.3, 30),  # Sudzhanskiy Rayon, named after its town
    ("Glushkovo district", "admin2", "RU", 51.35, 34.6, 40),  # Glushkovskiy Rayon
    # parts of areas
    ("southern Russia", "region", "RU", 48.0, 42.0, 900),
    ("northern Kharkiv oblast", "region", "UA", 50.1, 36.5, 120),
    ("western Ukraine", "region", "UA", 49.5, 24.5, 250),
    ("South Florida", "region", "US", 26.3, -80.9, 200),
    ("north-eastern Syria", "region", "SY", 36.5, 40.5, 250),
    # names that must stay what they were
    ("South Africa", "country", "ZA", -29.0, 24.0, 300),
    ("North Korea", "country", "KP", 40.0, 127.0, 300),
    ("Western Australia", "admin1", "AU", -25.0, 122.0, 800),
    ("Jordan", "country", "JO", 31.0, 36.0, 200),
    ("Dnipro", "settlement", "UA", 48.45, 34.98, 20),
    ("Chad", "country", "TD", 15.0, 19.0, 400),
]


@pytest.mark.parametrize(("query", "kind", "country", "lat", "lon", "km"), CASES, ids=[c[0] for c in CASES])
def test_geography_lookup(gaz, query, kind, country, lat, lon, km):
    found = gaz.candidates(query)
    assert found, f"{query!r} found nothing"
    place = found[0].place
    assert place.kind == kind, (query, place)
    if country is not None:
        assert place.country == country, (query, place)
    distance = haversine_km(place.lat, place.lon, lat, lon)
    assert distance <= km, f"{query!r} -> {place.name} at {place.lat}, {place.lon} is {distance:.0f} km off"


def test_cases_span_the_world():
    assert len(CASES) >= 60
    assert {c[1] for c in CASES} >= {"settlement", "admin1", "admin2", "country", "water", "river", "region",
                                     "landmark"}
    assert min(c[3] for c in CASES) < -15 and max(c[3] for c in CASES) > 55
    assert min(c[4] for c in CASES) < -100 and max(c[4] for c in CASES) > 100


@pytest.mark.parametrize("query", ["Don", "Ohio", "Georgia", "Mobile", "Amazon"])
def test_ambiguous_river_names_need_the_word_river(gaz, query):
    found = gaz.candidates(query)
    assert not found or found[0].kind != "river", found[:2]


def test_river_word_asks_for_the_river(gaz):
    assert gaz.best("Don River").kind == "river"
    assert gaz.best("River Don").kind == "river"
    assert gaz.best("Ohio River").country == "US"


def test_parts_carry_their_qualifier_and_whole(gaz):
    part = gaz.best("eastern Ukraine")
    whole = gaz.best("Ukraine")
    assert part.qualifier == "eastern" and part.part_of == whole.id
    assert part.name == "Eastern Ukraine" and part.id != whole.id
    assert part.lon > whole.lon + 3  # east of the country's point, not at it
    north = gaz.best("northern Kharkiv oblast")
    assert north.part_of == gaz.best("Kharkiv oblast").id and north.admin1_iso == "UA-63"
    assert north.lat > gaz.best("Kharkiv oblast").lat
    assert gaz.best("southern Russia").lat < gaz.best("northern Russia").lat
    assert gaz.best("central Ukraine").qualifier == "central"


def test_kind_filter_on_new_kinds(gaz):
    assert all(c.kind == "water" for c in gaz.candidates("Black Sea", kind="water"))
    assert gaz.candidates("Dnipro", kind="river")[0].name == "Dnipro River"
    assert gaz.candidates("Dnipro", kind="settlement")[0].country == "UA"


def test_admin2_method_is_recorded(gaz):
    db = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True)
    methods = dict(db.execute("SELECT code, method FROM admin2 WHERE code IN ('US.IL.031', 'UA.05.1416')"))
    assert methods == {"US.IL.031": "seat", "UA.05.1416": "seat"}
    # every admin-2 place in the index has a method; the unplaced rest are names by code only
    placed = db.execute("SELECT count(*) FROM admin2 WHERE method != ''").fetchone()[0]
    assert placed > 30_000


def test_geocode_cli_prints_kind():
    from typer.testing import CliRunner

    from geoevents.cli import app

    r = CliRunner().invoke(app, ["geocode", "Black Sea", "Pokrovsk Raion", "eastern Ukraine"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert any("Black Sea" in ln and " water " in ln for ln in lines)
    assert any("Pokrovsk Raion" in ln and " admin2 " in ln for ln in lines)
    assert any("Eastern Ukraine" in ln and " region " in ln for ln in lines)


def test_geocode_cli_kind_option():
    from typer.testing import CliRunner

    from geoevents.cli import app

    r = CliRunner().invoke(app, ["geocode", "Dnipro", "--kind", "river"])
    assert r.exit_code == 0 and "Dnipro River" in r.output and " river " in r.output, r.output
    r = CliRunner().invoke(app, ["geocode", "Dnipro", "--kind", "town"])
    assert r.exit_code == 2 and "not one of" in r.output, r.output
