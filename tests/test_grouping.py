"""Document-level events: the mentions of one happening become one event (invented sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from geoevents import extract_events

PUB = dt.date(2024, 5, 4)


def names(events) -> list[str]:
    return [e.place.name for e in events]


def test_grouping_lead_and_follow_up_are_one_event_with_both_sentences():
    text = ("Russian missiles struck Dnipro on 3 May 2024, damaging a hospital. "
            "The missile strike on Dnipro also cut power to several districts.")
    (e,) = extract_events(text, published=PUB)
    assert e.place.name == "Dnipro" and str(e.date_start) == "2024-05-03"
    assert [ev.sentence[:20] for ev in e.evidences] == ["Russian missiles str", "The missile strike o"]
    assert e.evidence.start == 0


def test_grouping_two_towns_stay_two_events():
    text = "Russian drones struck Kharkiv on 3 May 2024. Russian drones struck Odesa on 3 May 2024."
    assert names(extract_events(text, published=PUB)) == ["Kharkiv", "Odesa"]


def test_grouping_an_oblast_summary_folds_into_the_town_it_holds():
    text = ("Russian artillery shelled the Kharkiv region on 3 May 2024. "
            "In Kupiansk, the shelling damaged a school.")
    (e,) = extract_events(text, published=PUB)
    assert e.place.name == "Kupiansk" and e.geo_precision == 1 and len(e.evidences) == 2


def test_grouping_a_headline_folds_into_the_body_event():
    text = ("Missile attack on Dnipro\n\n"
            "Russian missiles struck Dnipro on 3 May 2024, damaging a hospital.")
    (e,) = extract_events(text, published=PUB)
    assert e.place.name == "Dnipro" and e.evidence.sentence.startswith("Russian missiles")
    assert e.more_evidence and e.more_evidence[0].sentence == "Missile attack on Dnipro"


def test_grouping_casualties_in_the_next_sentence_attach_to_the_event_in_focus():
    text = "Russian forces shelled Kupiansk on 3 May 2024. One civilian was killed and two were wounded."
    (e,) = extract_events(text, published=PUB)
    assert (e.place.name, e.fatalities, e.wounded) == ("Kupiansk", 1, 2)


def test_grouping_a_later_toll_replaces_the_first_and_is_not_added():
    text = ("A Russian missile hit a shopping centre in Kremenchuk on 3 May 2024, killing 10 people. "
            "The missile attack on Kremenchuk killed 18 people, officials said later.")
    (e,) = extract_events(text, published=PUB)
    assert e.fatalities == 18


def test_grouping_a_sentence_without_a_date_takes_the_day_stated_earlier_in_its_paragraph():
    text = ("On 2 May 2024 Russian forces shelled Vovchansk. "
            "Russian artillery also shelled Kupiansk.")
    events = extract_events(text, published=PUB)
    assert [(e.place.name, str(e.date_start), e.date_precision) for e in events] == [
        ("Vovchansk", "2024-05-02", "day"), ("Kupiansk", "2024-05-02", "day")]


def test_grouping_an_expected_assault_is_not_the_build_up_that_happened():
    text = ("Russia has massed 20,000 troops in the Belgorod region. "
            "Some 30,000 troops are expected to join the upcoming assault in the Belgorod region.")
    events = extract_events(text, published=PUB)
    assert sorted(e.status for e in events) == ["expected", "happened"]


@pytest.mark.parametrize("text, expected", [
    # beside an event at a town, a strike "on Ukraine" is a summary
    ("Russia launched a missile attack on Ukraine on 3 May 2024. A missile struck Dnipro on 3 May 2024.",
     ["Dnipro"]),
    # alone, it is all the text says: kept at country level
    ("Israeli warplanes struck targets in Syria on 3 May 2024.", ["Syria"]),
])
def test_grouping_country_level_violence_is_a_summary_beside_town_events(text, expected):
    assert names(extract_events(text, published=PUB)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Moscow said its forces captured Avdiivka on 3 May 2024.", ["Avdiivka"]),
    ("The mayor, installed by Moscow, ordered an evacuation of Oleshky on 3 May 2024.", ["Oleshky"]),
    ("Drones struck Moscow on 3 May 2024.", ["Moscow"]),
    ("Several explosions were heard in the capital, Kyiv, on 3 May 2024.", ["Kyiv"]),
])
def test_events_a_capital_that_acts_is_the_government_not_the_place(text, expected):
    assert names(extract_events(text, published=PUB)) == expected


def test_events_history_dated_to_a_day_is_background_and_to_a_month_is_left_out():
    (e,) = extract_events("Ukrainian forces recaptured Kherson on 11 November 2022.", published=PUB)
    assert e.background and str(e.date_start) == "2022-11-11"
    assert not extract_events("Ukrainian forces recaptured Kherson in November 2022.", published=PUB)
    (now,) = extract_events("Russian drones struck Odesa on 3 May 2024.", published=PUB)
    assert not now.background


def test_cli_eval_events_scores_a_corpus(tmp_path):
    import json

    from typer.testing import CliRunner

    from geoevents.cli import app

    article = {"id": "a1", "published": "2024-05-04", "text": "Russian drones struck Odesa on 3 May 2024. "
               "Russian artillery shelled Kupiansk on 3 May 2024.",
               "events": [{"place": "Odesa", "admin1": "Odesa", "country": "UA", "lat": 46.48, "lon": 30.73,
                           "date": "2024-05-03", "event_type": "Explosions/Remote violence",
                           "sub_event_type": "Air/drone strike", "fatalities": None, "wounded": None,
                           "troops": None, "evidence": "Russian drones struck Odesa on 3 May 2024.",
                           "background": False, "doubtful": False}]}
    corpus = tmp_path / "gold.jsonl"
    corpus.write_text(json.dumps(article) + "\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["eval-events", str(corpus), "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert report["subsets"]["all"]["recall"] == 1.0 and report["subsets"]["all"]["precision"] == 0.5
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    err = CliRunner().invoke(app, ["eval-events", str(bad)])
    assert err.exit_code == 1 and f"{bad}:1" in err.output


def test_events_people_hurt_at_a_place_are_an_attack_there():
    (e,) = extract_events("Russian forces injured three civilians in Bakhmut on 3 May 2024.", published=PUB)
    assert (e.place.name, e.event_type, e.wounded, e.fatalities) == ("Bakhmut", "Explosions/Remote violence", 3, 0)


def test_events_no_casualties_after_a_list_applies_to_every_event_told():
    text = ("On 3 May 2024 Russian artillery shelled Vovchansk. Russian mortars hit Kupiansk. "
            "No casualties were reported.")
    events = extract_events(text, published=PUB)
    assert [(e.place.name, e.fatalities, e.wounded) for e in events] == [("Vovchansk", 0, 0), ("Kupiansk", 0, 0)]


def test_events_a_toll_across_the_country_is_not_one_towns():
    text = ("Russian missiles struck Kyiv and cities across Ukraine on 3 May 2024, killing 28 people. "
            "In the capital, seven people were killed.")
    (e,) = extract_events(text, published=PUB)
    assert (e.place.name, e.fatalities) == ("Kyiv", 7)


def test_events_at_a_village_placed_at_its_hromada_centre_are_near():
    from geoevents import Gazetteer

    village = Gazetteer.default().best("Vodiane, Donetsk Oblast")
    assert village is not None and village.approximate  # the gazetteer has no point of its own for it
    (e,) = extract_events("On 3 May 2024 Russian forces shelled Vodiane in the Donetsk region.", published=PUB)
    assert (e.place.name, e.geo_precision) == ("Vodiane", 2)


def test_events_a_policy_decision_is_an_event_only_where_the_text_places_it():
    assert not extract_events("The government lifted restrictions on volunteers travelling to Ukraine on "
                              "3 May 2024.", published=PUB)
    (e,) = extract_events("In Warsaw, the government lifted restrictions on volunteers travelling to Ukraine "
                          "on 3 May 2024.", published=PUB)
    assert e.place.name == "Warsaw"


def test_events_at_an_approximate_point_say_so_in_exports(tmp_path):
    from geoevents.io.columns import csv_row

    (e,) = extract_events("On 3 May 2024 Russian forces shelled Vodiane in the Donetsk region.", published=PUB)
    assert e.place.approximate in ("hromada", "raion")
    assert e.to_dict()["place"]["approximate"] == e.place.approximate
    assert csv_row(e)["place_approximate"] == e.place.approximate
    assert type(e).from_dict(e.to_dict()) == e
