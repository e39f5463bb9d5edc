"""Tests for :mod:`geoevents.gazetteer.gazetteer` over the bundled data.

Expected coordinates come from real-world knowledge (not from the database),
with a tolerance that separates the right place from a same-named one
elsewhere: 25 km for populated places, 150 km for areas.
"""

from __future__ import annotations

import json
import math
import threading

import pytest

from geoevents import CoordinateError, Gazetteer, GazetteerError
from geoevents.core.model import KINDS, Candidate, Place
from geoevents.gazetteer.gazetteer import haversine_km, validate_point

CITY_KM = 25.0
AREA_KM = 150.0

# query, kwargs, expected name (or tuple of accepted spellings), kind, country,
# admin1_iso (None: not checked), lat, lon, tolerance in km
LOOKUPS = [
    ("Kursk", {}, "Kursk", "settlement", "RU", "RU-KRS", 51.74, 36.19, CITY_KM),
    ("Kursk region", {}, "Kursk Oblast", "admin1", "RU", "RU-KRS", 51.6, 36.3, AREA_KM),
    ("Kursk Oblast", {}, "Kursk Oblast", "admin1", "RU", "RU-KRS", 51.6, 36.3, AREA_KM),
    ("the Kursk region", {}, "Kursk Oblast", "admin1", "RU", "RU-KRS", 51.6, 36.3, AREA_KM),
    ("Kiev", {}, "Kyiv", "settlement", "UA", "UA-30", 50.45, 30.52, CITY_KM),
    ("Kharkov", {}, "Kharkiv", "settlement", "UA", "UA-63", 49.99, 36.23, CITY_KM),
    ("Харків", {}, "Kharkiv", "settlement", "UA", "UA-63", 49.99, 36.23, CITY_KM),
    ("Artemivsk", {}, "Bakhmut", "settlement", "UA", "UA-14", 48.59, 38.00, CITY_KM),
    ("Курск", {}, "Kursk", "settlement", "RU", "RU-KRS", 51.74, 36.19, CITY_KM),
    ("Sudzha", {}, "Sudzha", "settlement", "RU", "RU-KRS", 51.19, 35.27, CITY_KM),
    ("Blagoveshchensk", {}, "Blagoveshchensk", "settlement", "RU", "RU-AMU", 50.27, 127.53, CITY_KM),
    ("Pokrovsk", {"country": "UA"}, "Pokrovsk", "settlement", "UA", "UA-14", 48.28, 37.18, CITY_KM),
    ("Avdiivka", {}, "Avdiivka", "settlement", "UA", "UA-14", 48.14, 37.75, CITY_KM),
    ("Vuhledar", {}, "Vuhledar", "settlement", "UA", "UA-14", 47.78, 37.25, CITY_KM),
    ("Kupiansk", {}, "Kupiansk", "settlement", "UA", "UA-63", 49.71, 37.61, CITY_KM),
    ("Robotyne", {}, "Robotyne", "settlement", "UA", "UA-23", 47.44, 35.84, CITY_KM),
    ("Pyongyang", {}, "Pyongyang", "settlement", "KP", None, 39.03, 125.75, CITY_KM),
    ("Amur region", {}, "Amur Oblast", "admin1", "RU", "RU-AMU", 53.0, 128.0, AREA_KM),
    ("Donetsk oblast", {}, ("Donetsk", "Donetsk Oblast"), "admin1", "UA", "UA-14", 48.0, 37.8, AREA_KM),
    ("Kherson province", {}, ("Kherson", "Kherson Oblast"), "admin1", "UA", "UA-65", 46.6, 33.5, AREA_KM),
    # GeoNames spells the city "Zaporizhzhya" in the bundled release
    ("Zaporozhye", {}, ("Zaporizhzhia", "Zaporizhzhya"), "settlement", "UA", "UA-23", 47.84, 35.14, CITY_KM),
    ("Krasnoarmiisk", {}, "Pokrovsk", "settlement", "UA", "UA-14", 48.28, 37.18, CITY_KM),
    ("Paris, Texas", {}, "Paris", "settlement", "US", "US-TX", 33.66, -95.56, CITY_KM),
    ("Paris", {}, "Paris", "settlement", "FR", None, 48.86, 2.35, CITY_KM),
    ("Georgia", {}, "Georgia", "country", "GE", None, 42.2, 43.5, AREA_KM),
    ("Crimea", {}, ("Crimea", "Autonomous Republic of Crimea"), "admin1", "UA", "UA-43", 45.3, 34.4, AREA_KM),
]


@pytest.mark.parametrize(
    ("query", "kwargs", "name", "kind", "country", "admin1_iso", "lat", "lon", "km"),
    LOOKUPS,
    ids=[f"{row[0]}{'-' + '-'.join(map(str, row[1].values())) if row[1] else ''}" for row in LOOKUPS],
)
def test_gazetteer_lookup_table(gaz, query, kwargs, name, kind, country, admin1_iso, lat, lon, km):
    found = gaz.candidates(query, **kwargs)
    assert found, f"{query!r} found nothing"
    place = found[0].place
    names = (name,) if isinstance(name, str) else name
    assert place.name in names, (query, place)
    assert place.kind == kind, (query, place)
    assert place.country == country, (query, place)
    if admin1_iso is not None:
        assert place.admin1_iso == admin1_iso, (query, place)
    distance = haversine_km(place.lat, place.lon, lat, lon)
    assert distance <= km, f"{query!r} -> {place.name} at {place.lat}, {place.lon} is {distance:.0f} km off"


def test_gazetteer_best_matches_first_candidate(gaz):
    assert gaz.best("Kursk") == gaz.candidates("Kursk")[0].place
    assert gaz.best("Pokrovsk", country="UA").admin1_iso == "UA-14"
    assert gaz.best("Xyzzyplughtown") is None


def test_gazetteer_crimea_has_status(gaz):
    place = gaz.best("Crimea")
    assert place.status.strip()
    assert "2014" in place.status


def test_gazetteer_city_inherits_no_status(gaz):
    # status notes describe areas; a town inside one does not carry them
    assert gaz.best("Avdiivka").status == ""


def test_gazetteer_avdiivka_prefers_donetsk_one(gaz):
    found = gaz.candidates("Avdiivka")
    assert [c.place.admin1_iso for c in found][0] == "UA-14"


def test_gazetteer_blagoveshchensk_prefers_amur_one(gaz):
    found = gaz.candidates("Blagoveshchensk")
    assert len(found) >= 2, "the Bashkortostan namesake is expected too"
    assert found[0].place.admin1_iso == "RU-AMU"
    assert found[0].place.population > found[1].place.population


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("KUP'YANS'K", "Kupiansk"),
        ("Kup’yans’k", "Kupiansk"),
        ("kupyansk", "Kupiansk"),
        ("kÚrsk", "Kursk"),
        ("KURSK", "Kursk"),
        ("  kursk  ", "Kursk"),
        ("КУРСК", "Kursk"),
    ],
)
def test_gazetteer_case_diacritic_apostrophe_insensitive(gaz, query, expected):
    place = gaz.best(query)
    assert place is not None and place.name == expected


@pytest.mark.parametrize("query", ["", " ", "   \t\n", ",", "'''", "--"])
def test_gazetteer_empty_query_returns_nothing(gaz, query):
    assert gaz.candidates(query) == []
    assert gaz.best(query) is None


@pytest.mark.parametrize("query", ["Xyzzyplughtown", "Qqqqqq region", "Nowhere-on-Earth-123"])
def test_gazetteer_unknown_name_returns_nothing(gaz, query):
    assert gaz.candidates(query) == []


def test_gazetteer_kind_filter(gaz):
    cities = gaz.candidates("Kursk", kind="settlement")
    assert cities and all(c.place.kind == "settlement" for c in cities)
    # the kinds' older names are still accepted
    assert [c.place.id for c in gaz.candidates("Kursk", kind="city")] == [c.place.id for c in cities]
    assert gaz.best("Kremlin", kind="site").kind == "landmark"
    areas = gaz.candidates("Kursk", kind="admin1")
    assert areas and all(c.place.kind == "admin1" for c in areas)
    assert areas[0].place.admin1_iso == "RU-KRS"
    several = gaz.candidates("Georgia", kind=["admin1", "country"])
    assert {c.place.kind for c in several} <= {"admin1", "country"}
    assert {c.place.country for c in several} >= {"GE", "US"}
    us_state = gaz.candidates("Georgia", kind="admin1")
    assert us_state[0].place.admin1_iso == "US-GA"


@pytest.mark.parametrize("kind", ["town", "City", ["city", "village"]])
def test_gazetteer_bad_kind_raises_value_error(gaz, kind):
    with pytest.raises(ValueError, match="not one of"):
        gaz.candidates("Kursk", kind=kind)


def test_gazetteer_kinds_constant():
    assert set(KINDS) == {"settlement", "admin1", "admin2", "country", "water", "river", "region", "landmark"}
    assert KINDS.index("country") < KINDS.index("admin1") < KINDS.index("admin2") < KINDS.index("settlement")


def test_gazetteer_country_filter(gaz):
    ru = gaz.candidates("Pokrovsk", country="RU")
    assert ru and all(c.place.country == "RU" for c in ru)
    assert "RU-SA" in {c.place.admin1_iso for c in ru}  # Pokrovsk in Yakutia
    lower = gaz.candidates("Pokrovsk", country="ua")
    assert lower and all(c.place.country == "UA" for c in lower)
    both = gaz.candidates("Paris", country=["US", "CA"])
    assert both and {c.place.country for c in both} <= {"US", "CA"}
    assert gaz.candidates("Kursk", country="FR") == []


def _ids(found):
    return [c.place.id for c in found]


def test_gazetteer_limit(gaz):
    everything = _ids(gaz.candidates("Paris"))
    assert len(everything) > 5
    assert _ids(gaz.candidates("Paris", limit=3)) == everything[:3]
    assert _ids(gaz.candidates("Paris", limit=1)) == everything[:1]
    assert _ids(gaz.candidates("Paris", limit=1000)) == everything
    assert _ids(gaz.candidates("Paris", limit=None)) == everything


def test_gazetteer_negative_limit_is_rejected(gaz):
    with pytest.raises(ValueError):
        gaz.candidates("Paris", limit=-1)


def test_gazetteer_ranking_is_deterministic(gaz):
    first = _ids(gaz.candidates("Paris"))
    again = _ids(gaz.candidates("Paris"))
    assert first == again
    scores = [c.score for c in gaz.candidates("Paris")]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("query", ["Kursk", "Kursk region", "Robotyne", "Georgia", "Crimea", "Paris, Texas"])
def test_gazetteer_get_round_trips_id(gaz, query):
    place = gaz.best(query)
    assert gaz.get(place.id) == place


@pytest.mark.parametrize(
    "place_id", ["geonames:999999999", "geonames:", "nonsense", "", "geoevents:nowhere", "naturalearth:XXX-0"]
)
def test_gazetteer_get_unknown_id_returns_none(gaz, place_id):
    assert gaz.get(place_id) is None


def test_gazetteer_candidate_to_dict_is_json(gaz):
    for cand in gaz.candidates("Kursk") + gaz.candidates("Crimea"):
        assert isinstance(cand, Candidate)
        d = cand.to_dict()
        back = json.loads(json.dumps(d, ensure_ascii=False))
        assert back == d
        assert back["id"] == cand.place.id
        assert back["matched"] in {"name", "alternate", "area", "fuzzy"}
        assert isinstance(back["alternate_names"], list)
        assert {"name", "kind", "lat", "lon", "country", "admin1_iso", "status", "score"} <= set(back)


def test_gazetteer_place_fields_of_kursk(gaz):
    place = gaz.best("Kursk")
    assert isinstance(place, Place)
    assert place.id.startswith("geonames:")
    assert place.admin1 == "Kursk Oblast"
    assert place.admin1_code == "RU.41"
    assert place.admin1_iso == "RU-KRS"
    assert place.country_name == "Russia"
    assert place.feature_code == "PPLA"  # seat of the oblast
    assert 300_000 < place.population < 700_000
    assert "Курск" in place.alternate_names
    with pytest.raises(AttributeError):
        place.name = "Elsewhere"  # frozen


def test_gazetteer_is_thread_safe(gaz):
    results: dict[int, list[str]] = {}

    def work(i: int) -> None:
        results[i] = [gaz.best(q).id for q in ("Kursk", "Kharkov", "Paris, Texas", "Kursk region")]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len({tuple(v) for v in results.values()}) == 1


def test_gazetteer_default_is_shared(gaz):
    assert Gazetteer.default() is gaz


def test_gazetteer_info_names_sources(gaz):
    info = gaz.info()
    assert info["counts"]["places"] > 100_000
    assert info["counts"]["countries"] >= 200
    what = " ".join(f"{s['name']} {s['what']} {s['licence']}" for s in info["sources"])
    assert "GeoNames" in what and "Natural Earth" in what


# ---------------------------------------------------------------- reverse


def test_gazetteer_reverse_crimea(gaz):
    result = gaz.reverse(45.0, 34.1)
    assert result.country == "UA"
    assert result.admin1_iso == "UA-43"
    assert "2014" in result.status
    assert result.nearest is not None and result.nearest.country == "UA"
    assert result.distance_km is not None and result.distance_km < 30
    json.dumps(result.to_dict())


def test_gazetteer_reverse_kursk_city(gaz):
    result = gaz.reverse(51.7373, 36.1874)
    assert result.country == "RU"
    assert result.admin1_iso == "RU-KRS"
    assert result.nearest is not None
    assert result.nearest.name == "Kursk" and result.nearest.country == "RU"
    assert result.distance_km < 5
    assert result.status == ""


def test_gazetteer_reverse_open_ocean(gaz):
    result = gaz.reverse(0, -30)
    assert result.country == ""
    assert result.admin1 == "" and result.admin1_iso == ""
    json.dumps(result.to_dict())


@pytest.mark.parametrize(("lat", "lon"), [(90, 180), (-90, -180), (0, 0), ("45.0", "34.1")])
def test_gazetteer_reverse_edges_do_not_raise(gaz, lat, lon):
    result = gaz.reverse(lat, lon)
    assert result.lat == float(lat) and result.lon == float(lon)


BAD_POINTS = [
    (95, 10, "95"),
    (10, -181, "-181"),
    (float("nan"), 10, "nan"),
    ("abc", 10, "abc"),
    (10, "abc", "abc"),
    (None, 10, "None"),
    (10, float("inf"), "inf"),
    (-90.0001, 0, "-90.0001"),
]


@pytest.mark.parametrize(("lat", "lon", "shown"), BAD_POINTS)
def test_gazetteer_validate_point_refuses_bad_values(lat, lon, shown):
    with pytest.raises(CoordinateError) as info:
        validate_point(lat, lon)
    assert isinstance(info.value, ValueError)
    assert shown in str(info.value)


@pytest.mark.parametrize(("lat", "lon", "shown"), BAD_POINTS[:4])
def test_gazetteer_reverse_refuses_bad_values(gaz, lat, lon, shown):
    with pytest.raises(ValueError, match="out of range|not a number") as info:
        gaz.reverse(lat, lon)
    assert isinstance(info.value, CoordinateError)
    assert shown in str(info.value)


def test_gazetteer_validate_point_accepts_bounds_and_strings():
    assert validate_point(90, 180) == (90.0, 180.0)
    assert validate_point(-90, -180) == (-90.0, -180.0)
    assert validate_point(" 45.5 ", "-3") == (45.5, -3.0)


def test_gazetteer_validate_point_huge_int_is_coordinate_error():
    with pytest.raises(CoordinateError):
        validate_point(10**400, 0)


def test_gazetteer_haversine_known_distance():
    # Kyiv - Kharkiv is about 410 km by great circle
    assert 400 < haversine_km(50.45, 30.52, 49.99, 36.23) < 420
    assert haversine_km(10, 10, 10, 10) == 0
    assert math.isclose(haversine_km(0, 0, 0, 180), math.pi * 6371.0088, rel_tol=1e-9)


# ---------------------------------------------------------------- errors


def test_gazetteer_missing_database_names_path(tmp_path):
    missing = tmp_path / "nowhere" / "gazetteer.sqlite"
    with pytest.raises(GazetteerError) as info:
        Gazetteer(missing)
    assert str(missing) in str(info.value)


def test_gazetteer_not_a_database_names_path(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(GazetteerError) as info:
        Gazetteer(junk)
    assert str(junk) in str(info.value)


# ---------------------------------------------------------------- known bugs


@pytest.mark.parametrize("query", ["Kyiv Oblast", "Kyiv oblast", "Kyiv region", "Kiev region"])
def test_gazetteer_kyiv_oblast_is_not_kyiv_city(gaz, query):
    assert gaz.best(query).admin1_iso == "UA-32"


def test_gazetteer_exact_area_name_wins(gaz):
    assert gaz.best("Northern Territory").admin1_iso == "AU-NT"


@pytest.mark.parametrize("query", ["Pokrovsk, Donetsk oblast", "Pokrovsk, Donetsk region", "Avdiivka, Donetsk Oblast"])
def test_gazetteer_comma_area_qualifier(gaz, query):
    place = gaz.best(query)
    assert place is not None and place.admin1_iso == "UA-14"
