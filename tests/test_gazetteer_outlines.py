"""The Natural Earth outlines in the ``shapes`` table: antimeridian, coverage, land.

world-atlas stitches outlines across +-180 degrees for spherical drawing; the build
unwraps and cuts them so that, read as flat longitude/latitude, no outline wraps
round the world. Every country of the country table has an outline but for the
listed exceptions.
"""

from __future__ import annotations

import sqlite3

import pytest

from geoevents.gazetteer import shapecodec

# Countries of the country table with no Natural Earth admin-0 outline of their own:
# Natural Earth draws them as part of another country (their land reverse-geocodes to
# that country), or they are too small for the 10m outlines.
NO_OUTLINE = {
    "BQ": "Caribbean Netherlands: part of the Netherlands' outline",
    "BV": "Bouvet Island: part of Norway's outline",
    "GF": "French Guiana: part of France's outline",
    "GP": "Guadeloupe: part of France's outline",
    "MQ": "Martinique: part of France's outline",
    "RE": "Réunion: part of France's outline",
    "YT": "Mayotte: part of France's outline",
    "SJ": "Svalbard and Jan Mayen: part of Norway's outline",
    "TK": "Tokelau: part of New Zealand's outline",
    "VA": "Vatican City: too small for the simplified outlines (Rome reverse-geocodes to Italy)",
}


def _shapes(gaz, layer: str | None = None):
    db = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True)
    try:
        sql = "SELECT layer, code, name, cc, wkb FROM shapes"
        rows = db.execute(sql + (" WHERE layer = ?" if layer else ""), (layer,) if layer else ()).fetchall()
    finally:
        db.close()
    return [(lay, code, name, cc, shapecodec.decode(wkb)) for lay, code, name, cc, wkb in rows]


def _country_codes(gaz) -> set[str]:
    db = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True)
    try:
        return {cc for (cc,) in db.execute("SELECT cc FROM countries")}
    finally:
        db.close()


@pytest.fixture(scope="module")
def shapes(gaz):
    return _shapes(gaz)


def test_outlines_are_valid_and_within_the_antimeridian(shapes):
    for layer, code, _name, _cc, geom in shapes:
        assert geom.is_valid, (layer, code)
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90, (layer, code)


def test_outlines_have_no_ring_round_the_world(shapes):
    for layer, code, _name, _cc, geom in shapes:
        for poly in geom.geoms:
            minx, miny, maxx, _ = poly.bounds
            if miny <= -89.9:  # Antarctica goes round the South Pole
                continue
            assert maxx - minx < 300, (layer, code, poly.bounds)


def test_russia_outline_is_the_sum_of_its_admin1_areas(shapes):
    russia = [g for lay, code, _n, _cc, g in shapes if lay == "country" and code == "RU"]
    assert len(russia) == 1
    admin1 = sum(g.area for lay, _c, _n, cc, g in shapes if lay == "admin1" and cc == "RU")
    # Crimea and Sevastopol are Ukraine's here but in Natural Earth's Russia
    assert abs(russia[0].area - admin1) / admin1 < 0.02
    assert russia[0].bounds[3] < 82  # no band along the Arctic coast


def test_fiji_outline_lies_either_side_of_the_antimeridian(shapes):
    fiji = [g for lay, code, _n, _cc, g in shapes if lay == "country" and code == "FJ"]
    assert len(fiji) == 1
    for poly in fiji[0].geoms:
        minx, _, maxx, _ = poly.bounds
        assert 174.5 <= minx <= maxx <= 180 or -180 <= minx <= maxx <= -178, poly.bounds
    assert 1.0 < fiji[0].area < 2.0  # ~18,000 km2, not a band round the world


@pytest.mark.parametrize(
    ("lat", "lon", "country"),
    [
        (0, -150, ""),  # Pacific
        (80, 0, ""),  # Arctic Ocean
        (-60, -120, ""),  # Southern Ocean
        (-50, 20, ""),
        (65.8, -178.0, "RU"),  # Chukotka, west of the antimeridian
        (66.5, -176.0, "RU"),
        (65.58, -171.0, "RU"),  # Lavrentiya, Chukotka
        (69.70, 170.31, "RU"),  # Pevek
        (65.5, 175.0, "RU"),  # inland Chukotka, west of Anadyr
        (-17.8, 178.0, "FJ"),  # Viti Levu
        (-16.8, -179.95, "FJ"),  # Taveuni
        (-17.2, -178.95, "FJ"),  # Vanua Balavu, Lau Islands
        (-80, 0, "AQ"),
    ],
)
def test_reverse_either_side_of_the_antimeridian(gaz, lat, lon, country):
    assert gaz.reverse(lat, lon).country == country


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [
        ("Anadyr", "RU", "Chukotka"),  # about 2 km outside the simplified coastline
        ("Odesa", "UA", "Odesa"),
        ("Valletta", "MT", ""),
    ],
)
def test_reverse_at_a_port_outside_the_simplified_coast(gaz, name, country, admin1):
    place = gaz.candidates(name)[0].place
    r = gaz.reverse(place.lat, place.lon)
    assert r.country == country
    assert admin1 in r.admin1


def test_coast_tolerance_does_not_reach_the_open_sea(gaz):
    assert gaz.reverse(43.0, 35.0).country == ""  # mid Black Sea
    assert gaz.reverse(64.5, 179.0).country == ""  # Gulf of Anadyr, 30 km out
    assert gaz.reverse(46.0, 31.2).country == ""  # off Odesa, 40 km out


def test_every_country_has_an_outline_but_the_listed_exceptions(gaz, shapes):
    with_outline = {cc for lay, _c, _n, cc, _g in shapes if lay == "country" and cc}
    assert _country_codes(gaz) - with_outline == set(NO_OUTLINE)


def test_indian_ocean_territories_are_split(shapes):
    bounds = {cc: g.bounds for lay, _c, _n, cc, g in shapes if lay == "country" and cc in ("CC", "CX")}
    assert 96.5 < bounds["CC"][0] < bounds["CC"][2] < 97.0  # Cocos (Keeling) Islands
    assert 105.5 < bounds["CX"][0] < bounds["CX"][2] < 105.8  # Christmas Island


@pytest.mark.parametrize(
    ("lat", "lon", "country"),
    [
        (-15.79, -47.88, "BR"),  # Brasília
        (59.91, 10.75, "NO"),  # Oslo
        (42.66, 21.17, "XK"),  # Pristina
        (45.62, 63.31, "KZ"),  # Baikonur, leased to Russia
        (9.56, 44.06, "SO"),  # Hargeisa, Somaliland
        (35.19, 33.36, "CY"),  # North Nicosia
        (-10.49, 105.63, "CX"),  # Christmas Island
    ],
)
def test_reverse_countries_matched_by_id_or_name(gaz, lat, lon, country):
    assert gaz.reverse(lat, lon).country == country


def test_pieces_without_a_country_are_not_filed_under_kosovo(shapes):
    kosovo = [name for lay, _c, name, cc, _g in shapes if lay == "country" and cc == "XK"]
    assert kosovo == ["Kosovo"]
    names = {name for lay, _c, name, _cc, _g in shapes if lay == "country"}
    assert not names & {"Spratly Is.", "Scarborough Reef", "Bajo Nuevo Bank", "Serranilla Bank", "Siachen Glacier"}
    assert all(cc for lay, _c, _n, cc, _g in shapes if lay == "country")


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (65.5, 38.5),  # the White Sea's main basin
        (65.8, -169.0),  # the Bering Strait between the Diomedes
        (70.0, -170.0),  # the Chukchi Sea
        (-55.0, 150.0),  # the Southern Ocean
    ],
)
def test_land_outline_leaves_the_sea_open(gaz, lat, lon):
    import shapely

    land = _shapes(gaz, "land")
    assert len(land) == 1
    assert not land[0][4].contains(shapely.Point(lon, lat))
