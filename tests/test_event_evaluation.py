"""Tests of the event scorer, on small invented fixtures (no dev-set text)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geoevents.extract import evaluation as ev

D = dt.date
STRIKE, BATTLE, STRAT = "Explosions/Remote violence", "Battles", "Strategic developments"


def gold(place: str, date: dt.date | None = D(2024, 3, 5), event_type: str = STRIKE, *, admin1: str | None = None,
         country: str | None = "UA", lat: float | None = None, lon: float | None = None, sub: str | None = None,
         fatalities: int | None = None, wounded: int | None = None, troops: int | None = None,
         background: bool = False, doubtful: bool = False) -> ev.GoldEvent:
    return ev.GoldEvent(place, admin1, country, lat, lon, date, event_type, sub, fatalities, wounded, troops,
                        background=background, doubtful=doubtful)


def system(place: str, date: dt.date | None = D(2024, 3, 5), event_type: str = STRIKE, *, admin1: str | None = None,
           country: str | None = "UA", lat: float | None = None, lon: float | None = None, sub: str | None = None,
           fatalities: int | None = None, wounded: int | None = None, troops: int | None = None) -> ev.SystemEvent:
    return ev.SystemEvent(place, admin1, country, lat, lon, date, event_type, sub, fatalities, wounded, troops)


def article(*events: ev.GoldEvent, id: str = "t1") -> ev.GoldArticle:
    return ev.GoldArticle(id, D(2024, 3, 6), False, "invented text", tuple(events))


# ---------------------------------------------------------------------------- name key


@pytest.mark.parametrize("a, b", [
    ("Pavlograd", "Pavlohrad"),
    ("Graivoron", "Grayvoron"),
    ("Umanskoye", "Umanske"),
    ("Kupyansk", "Kupiansk"),
    ("Vugledar", "Vuhledar"),
    ("Nikopolskyi district", "Nikopol district"),
    ("Nikopol raion", "Nikopol district"),
    ("Kursk region", "Kursk Oblast"),
    ("Sumy province", "Sumy oblast"),
    ("Bilopillia hromada", "Bilopillia"),
    ("Myrnohrad urban community", "Myrnohrad urban"),
    ("Kamianets-Podilskyi", "Kamyanets Podilsky"),
    ("Kyïv", "Kyiv"),                  # diacritics dropped
    ("Kyiv’s", "Kyivs"),
])
def test_eventeval_name_key_equal(a: str, b: str) -> None:
    assert ev.name_key(a) == ev.name_key(b)


@pytest.mark.parametrize("a, b", [
    ("Sumy", "Sumy Oblast"),           # a city never matches its oblast
    ("Donetsk", "Donetsk region"),
    ("Kupiansk", "Kupiansk district"),  # nor its raion
    ("Sumy Oblast", "Sumy district"),
    ("Kyiv", "Kiev"),                  # more than spelling: needs aliases
    ("Pokrovsk", "Pokrovka"),
])
def test_eventeval_name_key_different(a: str, b: str) -> None:
    assert ev.name_key(a) != ev.name_key(b)


def test_eventeval_name_key_alias_hook_matches_other_forms() -> None:
    table = {"Kiev": ["Kyiv"], "Kharkov": ["Kharkiv"]}
    keys = ev._Keys(lambda name: table.get(name, ()))
    g, s = gold("Kyiv"), system("Kiev")
    assert ev.location_tier(g, s) is None
    assert ev.location_tier(g, s, keys) == 1


# ---------------------------------------------------------------------------- tiers and matching


def test_eventeval_tier_coordinates_within_25_km() -> None:
    g = gold("Alpha", lat=50.0, lon=36.0)
    assert ev.location_tier(g, system("Beta", lat=50.1, lon=36.1)) == 0      # ~13 km
    assert ev.location_tier(g, system("Beta", lat=50.5, lon=36.0)) is None   # ~56 km


def test_eventeval_tier_admin1_needs_same_country() -> None:
    g = gold("Alphaivka", admin1="Donetsk", country="UA")
    assert ev.location_tier(g, system("Betivka", admin1="Donetsk Oblast", country="UA")) == 2
    assert ev.location_tier(g, system("Betivka", admin1="Donetsk", country="RU")) is None
    assert ev.location_tier(gold("Alphaivka", admin1=None), system("Betivka", admin1="Donetsk")) is None


def test_eventeval_tier_order_coords_before_name_before_admin1() -> None:
    g = [gold("Alphaivka", admin1="Sumy", lat=51.0, lon=34.0)]
    s = [system("Other", admin1="Sumy"),                          # admin1 only
         system("Alphaivka", admin1="Sumy"),                      # name
         system("Gammaivka", admin1="Sumy", lat=51.05, lon=34.0)]  # coordinates
    assert ev.match_article(g, s) == [(0, 2, 0)]
    assert ev.match_article(g, s[:2]) == [(0, 1, 1)]


def test_eventeval_same_type_then_nearer_date_rank_next() -> None:
    g = [gold("Alphaivka", D(2024, 3, 5), BATTLE)]
    s = [system("Alphaivka", D(2024, 3, 5), STRIKE),
         system("Alphaivka", None, BATTLE),
         system("Alphaivka", D(2024, 3, 1), BATTLE)]
    assert ev.match_article(g, s) == [(0, 2, 1)]  # same type; a date 4 days off before a null date
    assert ev.match_article(g, s[:2]) == [(0, 1, 1)]  # same type beats a nearer date


def test_eventeval_greedy_one_to_one() -> None:
    g = [gold("Alphaivka", admin1="Kharkiv"), gold("Betivka", admin1="Kharkiv")]
    s = [system("Betivka", admin1="Kharkiv Oblast")]
    r = ev.score([article(*g)], {"t1": s})
    a = r.articles[0]
    assert [(p.gold, p.system, p.tier) for p in a.pairs] == [(1, 0, "name")]  # name beats admin1
    assert a.misses == [0] and a.spurious == []
    assert r.subsets["all"].recall == 0.5 and r.subsets["all"].precision == 1.0


def test_eventeval_greedy_takes_strongest_pair_first() -> None:
    # the system's first event could match both gold events by admin1, but gold 1 is its name match
    g = [gold("Alphaivka", admin1="Sumy"), gold("Betivka", admin1="Sumy")]
    s = [system("Betivka", admin1="Sumy Oblast"), system("Gammaivka", admin1="Sumy Oblast")]
    pairs = ev.match_article(g, s)
    assert sorted(pairs) == [(0, 1, 2), (1, 0, 1)]


def test_eventeval_city_does_not_match_its_oblast_by_name() -> None:
    g = gold("Sumy Oblast", admin1=None)
    assert ev.location_tier(g, system("Sumy", admin1=None)) is None


# ---------------------------------------------------------------------------- merging and figures


def test_eventeval_duplicates_merged_before_matching() -> None:
    s = [system("Alphaivka", sub=None, fatalities=2),
         system("Alphaivka", sub="Air/drone strike", fatalities=3),
         system("Alphaivka", D(2024, 3, 4)),          # another day: kept
         system("Alphaivka", event_type=BATTLE)]      # another type: kept
    merged = ev.merge_duplicates(s)
    assert len(merged) == 3
    assert merged[0].merged == 2 and merged[0].fatalities == 3 and merged[0].sub_event_type == "Air/drone strike"
    r = ev.score([article(gold("Alphaivka"))], {"t1": s})
    assert r.raw_system == 4 and r.subsets["all"].system == 3
    r_raw = ev.score([article(gold("Alphaivka"))], {"t1": s}, merge=False)
    assert r_raw.subsets["all"].system == 4


def test_eventeval_fatalities_positive_subset() -> None:
    g = [gold("Alphaivka", fatalities=2), gold("Betivka", fatalities=0), gold("Gammaivka", fatalities=None)]
    s = [system("Alphaivka", fatalities=2), system("Betivka", fatalities=None), system("Gammaivka", fatalities=5)]
    f = ev.score([article(*g)], {"t1": s}).subsets["all"].fields
    assert (f["fatalities"].hit, f["fatalities"].total) == (1, 2)   # gold null is not counted
    assert (f["fatalities>0"].hit, f["fatalities>0"].total) == (1, 1)


def test_eventeval_field_checks_and_wrong_list() -> None:
    g = [gold("Alphaivka", D(2024, 3, 5), BATTLE, sub="Armed clash", wounded=4, troops=1000),
         gold("Betivka", None, STRAT, sub=None)]
    s = [system("Alphaivka", D(2024, 3, 6), BATTLE, sub="Armed clash", wounded=4, troops=900),
         system("Betivka", D(2024, 3, 6), STRAT, sub=None)]
    r = ev.score([article(*g)], {"t1": s})
    f = r.subsets["all"].fields
    assert (f["date"].hit, f["date"].total) == (0, 1)          # null gold date not counted
    assert (f["sub_event_type"].hit, f["sub_event_type"].total) == (2, 2)
    assert (f["troops"].hit, f["wounded"].hit) == (0, 1)
    assert r.articles[0].pairs[0].wrong == ("date", "troops")
    assert "WRONG" in r.format_details()


def test_eventeval_subsets_drop_excluded_gold_and_their_matches() -> None:
    g = [gold("Alphaivka"), gold("Betivka", background=True), gold("Gammaivka", doubtful=True)]
    s = [system("Alphaivka"), system("Betivka"), system("Gammaivka"), system("Deltaivka")]
    sub = ev.score([article(*g)], {"t1": s}).subsets
    assert (sub["all"].gold, sub["all"].system, sub["all"].matched) == (3, 4, 3)
    assert (sub["no background"].gold, sub["no background"].system, sub["no background"].matched) == (2, 3, 2)
    assert (sub["non-doubtful"].gold, sub["non-doubtful"].system, sub["non-doubtful"].matched) == (2, 3, 2)


def test_eventeval_report_as_dict_is_json_and_table_has_all_rows() -> None:
    r = ev.score([article(gold("Alphaivka"))], {"t1": [system("Alphaivka")], "other": [system("X")]})
    json.dumps(r.as_dict())
    table = r.format_table()
    for label in ("recall", "precision", "F1", "fatalities>0 exact", "tier coords", "non-doubtful"):
        assert label in table


# ---------------------------------------------------------------------------- loading


def _write(tmp_path: Path, rows: list[object]) -> Path:
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return p


GOOD_EVENT = {"place": "Alphaivka", "admin1": "Sumy", "country": "UA", "lat": None, "lon": None,
              "date": "2024-03-05", "event_type": STRIKE, "sub_event_type": None, "fatalities": 1,
              "wounded": None, "troops": None, "evidence": "A drone hit Alphaivka.", "background": False,
              "doubtful": False}
GOOD = {"id": "t1", "published": "2024-03-06", "text": "A drone hit Alphaivka. More.", "events": [GOOD_EVENT]}


def test_eventeval_load_corpus_reads_good_file(tmp_path: Path) -> None:
    arts = ev.load_corpus(_write(tmp_path, [GOOD]))
    assert arts[0].events[0].date == D(2024, 3, 5) and arts[0].published == D(2024, 3, 6)


@pytest.mark.parametrize("row, message", [
    ("{not json", "not valid JSON"),
    ({**GOOD, "events": {}}, "'events' must be a list"),
    ({**GOOD, "events": [{**GOOD_EVENT, "date": "5 March"}]}, "'date' must be a YYYY-MM-DD date"),
    ({**GOOD, "events": [{**GOOD_EVENT, "event_type": "Strike"}]}, "'event_type' must be one of"),
    ({**GOOD, "events": [{**GOOD_EVENT, "fatalities": "2"}]}, "'fatalities' must be a non-negative integer"),
    ({**GOOD, "events": [{**GOOD_EVENT, "lat": 50.0}]}, "'lat' and 'lon' must be both given"),
    ({**GOOD, "events": [{**GOOD_EVENT, "evidence": "Not there."}]}, "does not occur in the article text"),
])
def test_eventeval_load_corpus_errors_name_file_and_line(tmp_path: Path, row: object, message: str) -> None:
    path = _write(tmp_path, [GOOD | {"id": "t0"}, row])
    with pytest.raises(ev.EventCorpusError, match=message) as info:
        ev.load_corpus(path)
    assert f"{path}:2" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_eventeval_load_corpus_refuses_duplicate_ids(tmp_path: Path) -> None:
    with pytest.raises(ev.EventCorpusError, match="already used on line 1"):
        ev.load_corpus(_write(tmp_path, [GOOD, GOOD]))


def test_eventeval_run_calls_extractor_per_article(tmp_path: Path) -> None:
    calls: list[tuple[str, dt.date | None]] = []

    def extractor(text: str, published: dt.date | None) -> list[ev.SystemEvent]:
        calls.append((text, published))
        return [system("Alphaivka", fatalities=1), system("Alphaivka", fatalities=1)]

    r = ev.run(_write(tmp_path, [GOOD]), extractor=extractor)
    assert calls == [(GOOD["text"], D(2024, 3, 6))]
    assert (r.subsets["all"].recall, r.subsets["all"].precision, r.raw_system) == (1.0, 1.0, 2)


def test_eventeval_from_geoevents_event() -> None:
    geoevents = pytest.importorskip("geoevents")
    events = list(geoevents.extract_events("Russian forces shelled Kharkiv on 17 November 2024.",
                                           published="2024-11-18"))
    s = ev.SystemEvent.from_event(events[0])
    assert (s.place, s.date, s.event_type) == ("Kharkiv", D(2024, 11, 17), STRIKE)
    assert s.lat is not None and s.evidence_start == 0
