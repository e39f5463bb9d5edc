"""Golden-file test: the events of maps/examples/kursk-buildup.html.

The events of the example article, projected onto the fields that matter
(what, where, when, who, how many), must equal ``tests/golden/kursk-buildup.events.json``.
After a deliberate change to extraction, regenerate the golden file and
review its diff::

    GEOEVENTS_REGEN_GOLDEN=1 python -m pytest tests/test_example_article.py

The explicit checks below hold whatever the golden file says, so
regenerating it cannot bless a regression in the facts the article states.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

import geoevents

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "maps" / "examples" / "kursk-buildup.html"
GOLDEN = Path(__file__).resolve().parent / "golden" / "kursk-buildup.events.json"
REGEN = os.environ.get("GEOEVENTS_REGEN_GOLDEN") == "1"


def project(event) -> dict:
    """The compared part of an event: no ids, offsets, coordinates or free-text notes."""
    p, t, o = event.place, event.troops, event.origin
    return {
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "place": None if p is None else {"name": p.name, "kind": p.kind, "admin1_iso": p.admin1_iso},
        "geo_precision": event.geo_precision,
        "date_start": event.date_start.isoformat() if event.date_start else None,
        "date_end": event.date_end.isoformat() if event.date_end else None,
        "date_precision": event.date_precision,
        "status": event.status,
        "actors": list(event.actors),
        "troops": None if t is None else {"low": t.low, "high": t.high, "qualifier": t.qualifier,
                                          "sides": list(t.sides)},
        "fatalities": event.fatalities,
        "wounded": event.wounded,
        "origin": None if o is None else o.name,
    }


@pytest.fixture(scope="module")
def events() -> list[dict]:
    return [project(e) for e in geoevents.extract_events_from_file(EXAMPLE)]


def test_matches_golden_file(events):
    if REGEN:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(events, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(events) == len(golden), [e["place"] and e["place"]["name"] for e in events]
    for i, (got, want) in enumerate(zip(events, golden)):
        assert got == want, f"event {i} ({want['place'] and want['place']['name']}) differs from the golden file"


def test_extraction_is_deterministic(events):
    again = [project(e) for e in geoevents.extract_events_from_file(EXAMPLE)]
    assert again == events
    ids = [e.id for e in geoevents.extract_events_from_file(EXAMPLE)]
    assert ids == [e.id for e in geoevents.extract_events_from_file(EXAMPLE)] and len(set(ids)) == len(ids)


# ---------------------------------------------------------------- what the article says


def at(events: list[dict], name: str) -> list[dict]:
    return [e for e in events if e["place"] and e["place"]["name"] == name]


def test_expected_assault_in_kursk_with_50000_troops(events):
    published = dt.date(2024, 11, 18)
    found = [e for e in at(events, "Kursk Oblast")
             if e["place"]["admin1_iso"] == "RU-KRS" and e["status"] == "expected"
             and e["date_start"] and dt.date.fromisoformat(e["date_start"]) > published
             and e["troops"] and e["troops"]["low"] == 50000 and e["troops"]["qualifier"] == "about"
             and {"Russian", "North Korean"} <= set(e["troops"]["sides"])]
    assert found, at(events, "Kursk Oblast")


def test_11000_north_korean_troops_in_kursk(events):
    found = [e for e in at(events, "Kursk Oblast") if e["troops"] and e["troops"]["low"] == 11000]
    assert found, at(events, "Kursk Oblast")
    assert found[0]["place"]["admin1_iso"] == "RU-KRS"
    assert found[0]["origin"] == "North Korea"  # "sent from North Korea to the Kursk region"


def test_putin_kim_meeting_in_amur_last_month(events):
    found = [e for e in at(events, "Amur Oblast")
             if (e["date_start"], e["date_end"], e["date_precision"]) == ("2024-10-01", "2024-10-31", "month")]
    assert found, at(events, "Amur Oblast")


def test_kharkiv_strike_killed_two(events):
    found = [e for e in at(events, "Kharkiv") if e["fatalities"] == 2]
    assert found, at(events, "Kharkiv")
    assert found[0]["wounded"] == 9 and found[0]["event_type"] == "Explosions/Remote violence"


def test_no_event_in_moscow(events):
    """ "Moscow's invasion" is a metonym: it names the government, not a place where anything happened."""
    assert at(events, "Moscow") == []


def test_washington_decision(events):
    assert at(events, "Washington"), [e["place"] for e in events]


def test_golden_file_holds_the_explicit_facts():
    """The checks above, on the golden file itself: a regenerated file must still state them."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    test_expected_assault_in_kursk_with_50000_troops(golden)
    test_11000_north_korean_troops_in_kursk(golden)
    test_putin_kim_meeting_in_amur_last_month(golden)
    test_kharkiv_strike_killed_two(golden)
    test_no_event_in_moscow(golden)
    test_washington_decision(golden)
