"""The seed article: what a reader codes from a real news page about the Kursk build-up.

The article belongs to its publisher, so it is not in the repository: it is read from
``$GEOEVENTS_SEED_DIR`` or ``../shared/seed`` beside the checkout (where CI has it). Published 2024-11-18,
it tells of about 50,000 Russian and North Korean troops expected to take part in an assault in the Kursk
region, of about 11,000 North Korean soldiers there, and of Putin and Kim meeting in the Amur region. A
reader codes those three events and nothing at a country's label point or in Moscow.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geoevents import extract_events

SEED_DIR = Path(os.environ.get("GEOEVENTS_SEED_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seed")
SEED = SEED_DIR / "kursk-troops-inkl.txt"


@pytest.fixture(scope="module")
def events():
    if not SEED.is_file():
        pytest.skip(f"{SEED} not available (set GEOEVENTS_SEED_DIR to the folder of the seed article)")
    return extract_events(SEED.read_text(encoding="utf-8"), published="2024-11-18")


def _brief(e) -> tuple:
    t = e.troops
    return (e.place.name, e.place.kind, e.event_type, e.status, t.high or t.low if t else None)


def test_seed_gives_the_three_events_a_reader_codes(events):
    assert sorted(map(_brief, events), key=str) == sorted([
        ("Kursk Oblast", "admin1", "Strategic developments", "expected", 50_000),
        ("Kursk Oblast", "admin1", "Strategic developments", "happened", 11_000),
        ("Amur Oblast", "admin1", "Strategic developments", "happened", None),
    ], key=str)


def test_seed_places_nothing_at_a_country_or_in_moscow(events):
    assert all(e.place.kind not in ("country", "region") and e.place.name != "Moscow" for e in events)
    assert all(e.geo_precision == 3 for e in events)


def test_seed_build_ups_keep_their_evidence_and_actors(events):
    build_ups = [e for e in events if e.troops]
    assert all(len(e.evidences) >= 2 for e in build_ups)  # the lead and the sentences that retell it
    assert all(any("North Korea" in a for a in e.actors) for e in build_ups)
