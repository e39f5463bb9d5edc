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
