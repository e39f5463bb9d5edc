"""Tests for :mod:`geoevents.extract.actors`: the curated table, a table of mentions, robustness, linear time.

The sentences below were written for these tests; they copy no article.
"""

from __future__ import annotations

import csv
import random
import string
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents.core.errors import InputError
from geoevents.extract.actors import (
    ACTOR_KINDS,
    COUNTRY_NAMES,
    DATA_PATH,
    DEMONYMS,
    ActorEntry,
    ActorMention,
    find_actors,
    load_actors,
    state_actor,
)

RU, UA, KP = "Military Forces of Russia", "Military Forces of Ukraine", "Military Forces of North Korea"
GOV_RU, GOV_UA, GOV_US = "Government of Russia", "Government of Ukraine", "Government of the United States"

# text -> mentions: (text, actor, country, kind)
MENTIONS = [
    # Russia
    ("Putin said", [("Putin", GOV_RU, "RU", "leader")]),
    ("Vladimir Putin said", [("Vladimir Putin", GOV_RU, "RU", "leader")]),
    ("Putin's war", [("Putin", GOV_RU, "RU", "leader")]),
    ("Putin’s war", [("Putin", GOV_RU, "RU", "leader")]),
    ("the Kremlin said", [("Kremlin", GOV_RU, "RU", "government")]),
    ("Russian forces advanced", [("Russian forces", RU, "RU", "state forces")]),
    ("Russian troops advanced", [("Russian troops", RU, "RU", "state forces")]),
    ("Russian drones hit Kyiv", [("Russian drones", RU, "RU", "state forces")]),
    ("Russian occupying forces", [("Russian occupying forces", RU, "RU", "state forces")]),
    ("Russia's army", [("Russia's army", RU, "RU", "state forces")]),
    ("Gerasimov ordered", [("Gerasimov", RU, "RU", "leader")]),
    ("Shoigu and Belousov", [("Shoigu", GOV_RU, "RU", "leader"), ("Belousov", GOV_RU, "RU", "leader")]),
    ("the Russian Defence Ministry", [("Russian Defence Ministry", GOV_RU, "RU", "government")]),
    ("Russian authorities", [("Russian authorities", GOV_RU, "RU", "government")]),
    ("Russian President Vladimir Putin",
     [("Russian President", GOV_RU, "RU", "leader"), ("Vladimir Putin", GOV_RU, "RU", "leader")]),
    ("Wagner fighters", [("Wagner", "Wagner Group", "RU", "militia")]),
    # Ukraine
    ("the Armed Forces of Ukraine", [("Armed Forces of Ukraine", UA, "UA", "state forces")]),
    ("the ZSU", [("ZSU", UA, "UA", "state forces")]),
    ("Ukrainian forces", [("Ukrainian forces", UA, "UA", "state forces")]),
    ("the Ukrainian army", [("Ukrainian army", UA, "UA", "state forces")]),
    ("Ukraine's armed forces", [("Ukraine's armed forces", UA, "UA", "state forces")]),
    ("Zelensky", [("Zelensky", GOV_UA, "UA", "leader")]),
    ("Zelenskyy", [("Zelenskyy", GOV_UA, "UA", "leader")]),
    ("Volodymyr Zelenskyy's office", [("Volodymyr Zelenskyy", GOV_UA, "UA", "leader")]),
    ("Syrskyi", [("Syrskyi", UA, "UA", "leader")]),
    ("Ukrainian civilians", [("Ukrainian civilians", "Civilians (Ukraine)", "UA", "civilians")]),
    # North Korea, Belarus
    ("Kim Jong Un", [("Kim Jong Un", "Government of North Korea", "KP", "leader")]),
    ("Kim Jong-un", [("Kim Jong-un", "Government of North Korea", "KP", "leader")]),
    ("North Korean soldiers", [("North Korean soldiers", KP, "KP", "state forces")]),
    ("North Korean special forces", [("North Korean special forces", KP, "KP", "state forces")]),
    ("Russian and North Korean troops",
     [("Russian", RU, "RU", "state forces"), ("North Korean troops", KP, "KP", "state forces")]),
    ("Russian, Iranian and North Korean troops",
     [("Russian", RU, "RU", "state forces"), ("Iranian", "Military Forces of Iran", "IR", "state forces"),
      ("North Korean troops", KP, "KP", "state forces")]),
    ("the Korean People's Army", [("Korean People's Army", KP, "KP", "state forces")]),
    ("Lukashenko", [("Lukashenko", "Government of Belarus", "BY", "leader")]),
    ("Belarusian troops", [("Belarusian troops", "Military Forces of Belarus", "BY", "state forces")]),
    # United States, United Kingdom, NATO, EU
    ("Biden and Trump", [("Biden", GOV_US, "US", "leader"), ("Trump", GOV_US, "US", "leader")]),
    ("the Pentagon and the White House",
     [("Pentagon", GOV_US, "US", "government"), ("White House", GOV_US, "US", "government")]),
    ("US troops", [("US troops", "Military Forces of the United States", "US", "state forces")]),
    ("U.S. forces", [("U.S. forces", "Military Forces of the United States", "US", "state forces")]),
    ("America's military", [("America's military", "Military Forces of the United States", "US", "state forces")]),
    ("British troops", [("British troops", "Military Forces of the United Kingdom", "GB", "state forces")]),
    ("Keir Starmer", [("Keir Starmer", "Government of the United Kingdom", "GB", "leader")]),
    ("NATO and Nato", [("NATO", "NATO", "", "international"), ("Nato", "NATO", "", "international")]),
    ("the EU", [("EU", "European Union", "", "international")]),
    # Middle East
    ("the IDF", [("IDF", "Military Forces of Israel", "IL", "state forces")]),
    ("Israeli forces", [("Israeli forces", "Military Forces of Israel", "IL", "state forces")]),
    ("Netanyahu", [("Netanyahu", "Government of Israel", "IL", "leader")]),
    ("Hamas and Hezbollah",
     [("Hamas", "Hamas", "PS", "rebel group"), ("Hezbollah", "Hezbollah", "LB", "militia")]),
    ("the Houthis", [("Houthis", "Houthi Movement", "YE", "rebel group")]),
    ("the IRGC", [("IRGC", "Military Forces of Iran", "IR", "state forces")]),
    ("Hayat Tahrir al-Sham", [("Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham", "SY", "rebel group")]),
    # Africa, Asia
    ("the RSF and the SAF",
     [("RSF", "Rapid Support Forces", "SD", "rebel group"), ("SAF", "Military Forces of Sudan", "SD", "state forces")]),
    ("the Rapid Support Forces", [("Rapid Support Forces", "Rapid Support Forces", "SD", "rebel group")]),
    ("the Tatmadaw", [("Tatmadaw", "Military Forces of Myanmar", "MM", "state forces")]),
    ("the Arakan Army", [("Arakan Army", "Arakan Army", "MM", "rebel group")]),
    ("JNIM", [("JNIM", "JNIM: Jama'at Nusrat al-Islam wal-Muslimin", "", "rebel group")]),
    ("ISGS", [("ISGS", "Islamic State (Sahel)", "", "rebel group")]),
    ("M23 rebels", [("M23", "M23: March 23 Movement", "CD", "rebel group")]),
    ("Congolese troops",
     [("Congolese troops", "Military Forces of the Democratic Republic of Congo", "CD", "state forces")]),
    # not actors
    ("pro-Russian forces", []),
    ("Russian-backed separatists", []),
    ("anti-Hamas protests", []),
    ("the russian troops", []),  # names and demonyms are case-sensitive
    ("Us soldiers", []),  # "US" as a demonym only in capitals
    ("Russian culture", []),
    ("putin", []),
    ("Putinism", []),
    ("", []),
]


def _row(m: ActorMention) -> tuple:
    return (m.text, m.actor, m.country, m.kind)


@pytest.mark.parametrize(("text", "expected"), MENTIONS, ids=[t[:40] or "empty" for t, _ in MENTIONS])
def test_actors_table(text: str, expected: list[tuple]) -> None:
    got = find_actors(text)
    assert [_row(m) for m in got] == expected
    for m in got:
        assert text[m.start : m.end] == m.text


def test_actors_table_is_large() -> None:
    assert len(MENTIONS) >= 40


def test_actors_offsets_in_a_longer_text() -> None:
    text = ("About 11,000 North Korean soldiers are in the Kursk region, Western officials said.\n"
            "Zelensky's office said Russian forces shelled Kharkiv; the Kremlin denied it.")
    got = find_actors(text)
    assert [m.text for m in got] == ["North Korean soldiers", "Zelensky", "Russian forces", "Kremlin"]
    for m in got:
        assert text[m.start : m.end] == m.text


def test_actors_demonyms_extend_the_builtin_table() -> None:
    assert find_actors("Bhutanese troops") == []
    (m,) = find_actors("Bhutanese troops", demonyms={"bhutanese": "BT"})
    assert (m.actor, m.country, m.kind) == ("Military Forces of Bhutan", "BT", "state forces")
    (m,) = find_actors("New Zealander troops", demonyms={"New Zealander": "nz"})
    assert (m.text, m.country) == ("New Zealander troops", "NZ")


@pytest.mark.parametrize("bad", [{"bhutanese": "BTN"}, {"bhutanese": ""}, {"bhutanese": 7}])
def test_actors_bad_demonyms_are_refused(bad: dict) -> None:
    with pytest.raises(InputError, match="bhutanese"):
        find_actors("Bhutanese troops", demonyms=bad)


def test_actors_to_dict() -> None:
    (m,) = find_actors("Putin")
    assert m.to_dict() == {"start": 0, "end": 5, "text": "Putin", "actor": GOV_RU, "country": "RU", "kind": "leader"}


# ---------------------------------------------------------------- the table


def test_actors_csv_loads_and_every_row_is_valid() -> None:
    rows = load_actors()
    assert len(rows) >= 80
    assert all(isinstance(r, ActorEntry) for r in rows)
    for r in rows:
        assert r.name and r.actor, r
        assert r.kind in ACTOR_KINDS, r
        assert r.country == "" or r.country in COUNTRY_NAMES, r
    names = [r.name for r in rows]
    assert len(names) == len(set(names)), "duplicate names"


def test_actors_csv_is_read_next_to_the_module() -> None:
    import geoevents.extract.actors as actors

    assert DATA_PATH == Path(actors.__file__).parent.parent / "data" / "actors.csv"
    with DATA_PATH.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["name", "actor", "country", "kind", "note"]


def test_actors_csv_covers_the_regions() -> None:
    countries = {r.country for r in load_actors()}
    for cc in ("RU", "UA", "KP", "BY", "US", "GB", "IL", "PS", "LB", "YE", "IR", "SY", "SD", "MM", "ML", "CD"):
        assert cc in countries, cc
    actors = {r.actor for r in load_actors()}
    for a in ("NATO", "European Union", "Rapid Support Forces", "Wagner Group", "Islamic State (Sahel)",
              "JNIM: Jama'at Nusrat al-Islam wal-Muslimin", "M23: March 23 Movement"):
        assert a in actors, a


def test_actors_csv_state_actors_agree_with_the_country_names() -> None:
    for r in load_actors():
        for role, prefix in (("military", "Military Forces of "), ("government", "Government of ")):
            if r.actor.startswith(prefix) and r.country:
                assert r.actor == state_actor(r.country, role), r


def test_actors_every_table_name_is_found_in_a_sentence() -> None:
    for r in load_actors():
        got = find_actors(f"Yesterday {r.name} said so.")
        assert got and got[0].text == r.name and got[0].actor == r.actor, r


def test_actors_builtin_demonyms() -> None:
    assert len(DEMONYMS) >= 40
    for demonym, code in DEMONYMS.items():
        assert demonym == demonym.lower() and code in COUNTRY_NAMES, demonym


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,actor\nPutin,Government of Russia\n", "header"),
        ("name,actor,country,kind,note\nPutin,Government of Russia,RU,boss,\n", "kind"),
        ("name,actor,country,kind,note\nPutin,,RU,leader,\n", "empty"),
        ("name,actor,country,kind,note\nPutin,Government of Russia,RUS,leader,\n", "country"),
        ("name,actor,country,kind,note\nPutin,Government of Russia,RU\n", "columns"),
    ],
)
def test_actors_bad_tables_are_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_actors(path)


def test_actors_missing_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_actors(tmp_path / "nope.csv")


def test_actors_state_actor_refuses_unknown_roles() -> None:
    with pytest.raises(InputError, match="role"):
        state_actor("RU", "navy")


# ---------------------------------------------------------------- robustness

NEWSY = st.lists(
    st.sampled_from(list(string.ascii_letters + string.digits + " ,.-'’\n/&")
                    + ["Putin", "Russian ", "North ", "Korean ", "troops", "forces", " and ", "pro-", "'s ",
                       "Russia", "Kim Jong", "-un", "U.S.", "People's ", "Army", "Armed Forces of ", "Ukraine"]),
    max_size=300,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(NEWSY, st.text(max_size=20_000)))
def test_actors_never_raises_and_offsets_are_valid(text: str) -> None:
    last = -1
    for m in find_actors(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last
        last = m.end
        assert m.kind in ACTOR_KINDS


def _junk(n: int, seed: int) -> str:
    rng = random.Random(seed)
    pieces = ["Russian ", "North Korean ", "and ", ", ", "Putin", "'s ", "-", "1", "2024", "Kim Jong ", "U.S.",
              "Armed Forces of ", "pro-", "Russia", "forces "]
    out: list[str] = []
    size = 0
    while size < n:
        p = rng.choice(pieces) if rng.random() < 0.5 else rng.choice(string.digits + string.punctuation + " ")
        out.append(p)
        size += len(p)
    return "".join(out)[:n]


@pytest.mark.parametrize(
    "text",
    ["7" * 100_000, "Russian and " * 9_000, "A" * 100_000, "A " * 50_000, _junk(100_000, 1), _junk(100_000, 2)],
    ids=["digits", "coordination", "one-word", "capitals", "junk1", "junk2"],
)
def test_actors_linear_on_100k_of_junk(text: str) -> None:
    t0 = time.perf_counter()
    find_actors(text)
    assert time.perf_counter() - t0 < 10.0  # linear work: well under 1 s; backtracking: minutes
