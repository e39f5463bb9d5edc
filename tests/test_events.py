"""Event assembly: places, back-references, origins, casualties, ids; and the extractor on any text."""

from __future__ import annotations

import datetime as dt
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents import extract_events
from geoevents.extract.events import event_id

PUB = dt.date(2024, 11, 18)


def test_events_metonym_never_locates_an_event():
    events = extract_events("Moscow's invasion of Ukraine has killed thousands; Moscow said on Monday it "
                            "struck Kharkiv.", published=PUB)
    assert events
    assert all(e.place.name != "Moscow" for e in events)


def test_events_back_reference_follows_the_last_place():
    events = extract_events("Russia has moved troops to the Kursk region. About 11,000 North Korean soldiers "
                            "are there.", published=PUB)
    there = [e for e in events if e.troops and e.troops.low == 11000]
    assert there and there[0].place.admin1_iso == "RU-KRS"
    assert "earlier mention" in there[0].notes


def test_events_origin_and_destination():
    events = extract_events("About 11,000 North Korean soldiers were sent from North Korea to the Kursk region "
                            "last month.", published=PUB)
    e = events[0]
    assert e.place.admin1_iso == "RU-KRS"
    assert e.origin is not None and e.origin.country == "KP"
    assert (e.date_start, e.date_end, e.date_precision) == (dt.date(2024, 10, 1), dt.date(2024, 10, 31), "month")


def test_events_one_event_per_town_and_casualties_follow_their_town():
    events = extract_events("Russian drones struck Kharkiv and Odesa overnight; two civilians were killed in "
                            "Odesa.", published=PUB)
    by_place = {e.place.name: e for e in events}
    assert set(by_place) == {"Kharkiv", "Odesa"}
    assert by_place["Odesa"].fatalities == 2 and by_place["Kharkiv"].fatalities is None
    assert all(e.event_type == "Explosions/Remote violence" for e in events)


def test_events_expected_assault_with_troop_figure():
    events = extract_events("Russia has massed approximately 50,000 Russian and North Korean troops in the Kursk "
                            "region and is preparing an assault in the coming days.", published=PUB)
    e = events[0]
    assert e.status == "expected" and e.date_start > PUB
    assert e.troops.low == 50000 and e.troops.qualifier == "about"
    assert set(e.troops.sides) == {"Russian", "North Korean"}
    assert e.troops.label == "~50,000"


def test_events_without_publication_date_leave_relative_dates_unresolved():
    events = extract_events("Putin and Kim met in the Amur region last month.")
    assert events and events[0].date_start is None
    assert "publication date" in events[0].notes


def test_events_ids_are_stable_and_content_based():
    text = "Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed."
    a = [e.id for e in extract_events(text, published=PUB)]
    b = [e.id for e in extract_events(text, published=PUB)]
    assert a == b and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in a)
    assert event_id({"a": 1, "b": [1, 2]}) == event_id({"b": [1, 2], "a": 1})


def test_events_to_dict_is_json():
    # history dated to a day: a background event, and every field survives JSON
    events = extract_events("Ukrainian forces recaptured Robotyne on 28 August 2023.", published=PUB)
    assert len(events) == 1
    d = json.loads(json.dumps(events[0].to_dict()))
    assert d["id"] == events[0].id and d["place"]["name"] == "Robotyne" and d["background"] is True
    assert (d["date_start"], d["date_end"], d["date_precision"]) == ("2023-08-28", "2023-08-28", "day")
    assert d["event_type"] == "Battles" and d["evidence"]["sentence"].startswith("Ukrainian forces recaptured")
    assert type(events[0]).from_dict(d) == events[0]
    # dated only to a month, the same history is not an event (the coding conventions)
    assert not extract_events("Ukrainian forces recaptured Robotyne in August 2023.", published=PUB)


_WORDS = st.sampled_from(["Kursk", "region", "Kyiv", "shelled", "struck", "50,000", "troops", "killed", "two",
                          "civilians", "on", "Monday", "last", "month", "there", "from", "to", "North", "Korean",
                          ";", ".", ",", "'s", "Moscow", "in", "the", "Putin", "met", "about", "11k", "drones"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=3000), st.lists(_WORDS, max_size=300).map(" ".join)),
       st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))))
def test_events_extractor_never_raises_on_any_text(text, published):
    for e in extract_events(text, published=published):
        assert 0 <= e.evidence.start <= e.evidence.end <= len(text)
        assert text[e.evidence.start : e.evidence.end] == e.evidence.sentence
        assert e.lat is None or -90 <= e.lat <= 90


_JSON_VALUES = st.recursive(
    st.none() | st.integers() | st.text() | st.booleans() | st.floats(allow_nan=False) | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_events_canonical_json_is_json_dumps(value) -> None:
    # event ids hash this text: it must stay exactly what json.dumps writes
    import json

    from geoevents.extract.events import _canonical_json

    assert _canonical_json(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.text(), st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates()),
       st.text(), st.lists(st.text(), max_size=3),
       st.one_of(st.none(), st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text()))),
       st.one_of(st.none(), st.integers()), st.text(), st.lists(st.integers(), min_size=2, max_size=2))
def test_events_event_id_of_matches_event_id(event_type, sub, place, start, end, status, actors, troops, fatalities,
                                             sentence, clause) -> None:
    from geoevents.extract.events import _event_id_of, event_id

    payload = {"type": event_type, "sub": sub, "place": place, "start": start, "end": end, "status": status,
               "actors": actors, "troops": troops, "fatalities": fatalities, "sentence": sentence, "clause": clause}
    assert _event_id_of(event_type, sub, place, start, end, status, actors, troops, fatalities, sentence,
                        clause) == event_id(payload)


def test_events_stages_are_listed_in_order():
    from geoevents.extract.events import CLAUSE_STEPS, STAGES, stage_names

    assert [s.name for s in STAGES] == ["mentions", "group", "summaries", "merge"]
    assert [name for name, _ in CLAUSE_STEPS] == ["filter", "casualties"]
    assert stage_names() == ("mentions", "filter", "casualties", "group", "summaries", "merge")
    assert all(s.about for s in STAGES)


def _stage_run(text: str, skip: frozenset[str] = frozenset()):
    from geoevents import Gazetteer, geoparse
    from geoevents.extract.events import build_events
    from geoevents.io.ingest import Document

    gaz = Gazetteer.default()
    return build_events(Document(text, "<text>", published=PUB), geoparse(text, gazetteer=gaz),
                        demonyms=gaz.demonym_countries(), skip=skip)


def test_events_stages_all_on_is_the_pipeline():
    text = "Russian forces shelled Kharkiv on 17 November 2024. The shelling of Kharkiv damaged a school."
    assert [e.to_dict() for e in _stage_run(text)] == [e.to_dict() for e in extract_events(text, published=PUB)]


def test_events_stages_without_group_one_event_per_clause():
    text = "Russian forces shelled Kharkiv on 17 November 2024. The shelling of Kharkiv damaged a school."
    grouped = _stage_run(text)
    assert len(grouped) == 1 and len(grouped[0].evidences) == 2
    apart = _stage_run(text, frozenset({"group"}))
    assert len(apart) == 2
    assert [e.evidence.start for e in apart] == sorted(e.evidence.start for e in apart)
    assert all(len(e.evidences) == 1 for e in apart)


def test_events_stages_without_merge_keeps_the_first_mention():
    text = "Russian forces shelled Kharkiv on 17 November 2024. The shelling of Kharkiv damaged a school."
    (first,) = _stage_run(text, frozenset({"merge"}))
    assert first.evidence.start == 0 and len(first.evidences) == 1


def test_events_stages_without_casualties_the_toll_stands_alone():
    text = "Russian forces shelled Hirnyk on 17 November 2024. One civilian was killed."
    (with_toll,) = _stage_run(text)
    assert with_toll.fatalities == 1
    without = _stage_run(text, frozenset({"casualties"}))
    assert all(e.fatalities is None for e in without)


def test_events_stages_without_filter_keeps_what_the_filter_drops():
    text = "Russia has repeatedly shelled Kharkiv. Russian forces shelled Odesa on 17 November 2024."
    kept = _stage_run(text)
    unfiltered = _stage_run(text, frozenset({"filter"}))
    assert {e.place.name for e in kept} < {e.place.name for e in unfiltered}


def test_events_stages_unknown_name_is_refused():
    import pytest

    from geoevents.core.errors import InputError

    with pytest.raises(InputError, match="unknown stage.*'grouping'.*expected.*group"):
        _stage_run("Russian forces shelled Kharkiv.", frozenset({"grouping"}))
