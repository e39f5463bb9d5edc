"""Tests for :mod:`geoevents.extract.figures`: a table of news phrasings, exclusions, robustness, linear time.

The sentences below were written for these tests; they copy no article.
"""

from __future__ import annotations

import random
import string
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents.extract.figures import KINDS, QUALIFIERS, Figure, casualty_totals, find_figures

# source text -> the figures in it: (text, low, high, qualifier, unit, kind, sides)
FIGURES = [
    # troop numbers, qualifiers and sides
    ("around 11,000 North Korean soldiers",
     [("around 11,000 North Korean soldiers", 11000, 11000, "about", "soldier", "troops", ("North Korean",))]),
    ("approximately 50,000 Russian and North Korean troops",
     [("approximately 50,000 Russian and North Korean troops", 50000, 50000, "about", "troop", "troops",
       ("Russian", "North Korean"))]),
    ("approximately 50,000 Russian, Iranian and North Korean troops",
     [("approximately 50,000 Russian, Iranian and North Korean troops", 50000, 50000, "about", "troop", "troops",
       ("Russian", "Iranian", "North Korean"))]),
    ("some 50,000 troops", [("some 50,000 troops", 50000, 50000, "about", "troop", "troops", ())]),
    ("about 11k troops", [("about 11k troops", 11000, 11000, "about", "troop", "troops", ())]),
    ("12 thousand soldiers", [("12 thousand soldiers", 12000, 12000, "exact", "soldier", "troops", ())]),
    ("1.5 million people", [("1.5 million people", 1500000, 1500000, "exact", "person", "other", ())]),
    ("11,000 soldiers from North Korea",
     [("11,000 soldiers from North Korea", 11000, 11000, "exact", "soldier", "troops", ("North Korea",))]),
    ("Russia has massed about 50,000 troops in the Kursk region.",
     [("about 50,000 troops", 50000, 50000, "about", "troop", "troops", ())]),
    ("An estimated 600,000 Russian troops are in Ukraine.",
     [("An estimated 600,000 Russian troops", 600000, 600000, "about", "troop", "troops", ("Russian",))]),
    ("roughly 1,500 Wagner mercenaries",
     [("roughly 1,500 Wagner mercenaries", 1500, 1500, "about", "mercenary", "troops", ("Wagner",))]),
    ("Almost 2,000 fighters", [("Almost 2,000 fighters", 2000, 2000, "about", "fighter", "troops", ())]),
    ("Fewer than 100 soldiers remain.",
     [("Fewer than 100 soldiers", None, 100, "fewer than", "soldier", "troops", ())]),
    ("under 50 civilians stayed", [("under 50 civilians", None, 50, "fewer than", "civilian", "other", ())]),
    ("A 50,000-strong force", [("50,000-strong force", 50000, 50000, "exact", "force", "troops", ())]),
    ("Over 11,000+ troops", [("Over 11,000+ troops", 11000, None, "more than", "troop", "troops", ())]),
    ("50 or more soldiers", [("50 or more soldiers", 50, None, "at least", "soldier", "troops", ())]),
    ("Russia deployed 11,000 troops; Ukraine 5,000.",
     [("11,000 troops", 11000, 11000, "exact", "troop", "troops", ())]),
    # vague quantities
    ("thousands of troops", [("thousands of troops", 2000, None, "vague", "troop", "troops", ())]),
    ("hundreds of civilians", [("hundreds of civilians", 200, None, "vague", "civilian", "other", ())]),
    ("dozens of drones", [("dozens of drones", 24, None, "vague", "drone", "other", ())]),
    ("tens of thousands of Ukrainian troops",
     [("tens of thousands of Ukrainian troops", 20000, None, "vague", "troop", "troops", ("Ukrainian",))]),
    ("Several drones were shot down.", [("Several drones", 3, None, "vague", "drone", "other", ())]),
    ("several hundred soldiers", [("several hundred soldiers", 300, None, "vague", "soldier", "troops", ())]),
    ("a few soldiers were wounded", [("a few soldiers", 2, None, "vague", "soldier", "wounded", ())]),
    ("hundreds of thousands of people were displaced",
     [("hundreds of thousands of people", 200000, None, "vague", "person", "displaced", ())]),
    # weapons
    ("up to 85 drones", [("up to 85 drones", None, 85, "up to", "drone", "other", ())]),
    ("more than 150 missiles", [("more than 150 missiles", 150, None, "more than", "missile", "other", ())]),
    ("Kyiv says Russia launched 85 Shahed drones and 3 missiles overnight.",
     [("85 Shahed drones", 85, 85, "exact", "drone", "other", ()),
      ("3 missiles", 3, 3, "exact", "missile", "other", ())]),
    ("3 Iskander-M missiles and 2 F-16 jets",
     [("3 Iskander-M missiles", 3, 3, "exact", "missile", "other", ()),
      ("2 F-16 jets", 2, 2, "exact", "jet", "other", ())]),
    ("5 T-72 tanks", [("5 T-72 tanks", 5, 5, "exact", "tank", "other", ())]),
    ("150 Iranian-made drones", [("150 Iranian-made drones", 150, 150, "exact", "drone", "other", ())]),
    # casualties
    ("at least 12 people were killed",
     [("at least 12 people", 12, None, "at least", "person", "fatalities", ())]),
    ("one soldier was killed", [("one soldier", 1, 1, "exact", "soldier", "fatalities", ())]),
    ("two civilians were wounded", [("two civilians", 2, 2, "exact", "civilian", "wounded", ())]),
    ("the strike hit a school, killing three people",
     [("three people", 3, 3, "exact", "person", "fatalities", ())]),
    ("The attack killed 7 and wounded 15.",
     [("7", 7, 7, "exact", "", "fatalities", ()), ("15", 15, 15, "exact", "", "wounded", ())]),
    ("a soldier was killed", [("a soldier", 1, 1, "exact", "soldier", "fatalities", ())]),
    ("A Russian strike killed a civilian.", [("a civilian", 1, 1, "exact", "civilian", "fatalities", ())]),
    ("no casualties were reported", [("no casualties", 0, 0, "exact", "casualty", "fatalities", ())]),
    ("No one was killed. Nobody was hurt.",
     [("No one", 0, 0, "exact", "", "fatalities", ()), ("Nobody", 0, 0, "exact", "", "wounded", ())]),
    ("nearly 600,000 Russian casualties",
     [("nearly 600,000 Russian casualties", 600000, 600000, "about", "casualty", "casualties", ("Russian",))]),
    ("about 600,000 dead or wounded",
     [("about 600,000 dead or wounded", 600000, 600000, "about", "", "casualties", ())]),
    ("nearly 700 servicemen were killed or wounded",
     [("nearly 700 servicemen", 700, 700, "about", "serviceman", "casualties", ())]),
    ("12 Palestinians were killed and 30 injured.",
     [("12 Palestinians", 12, 12, "exact", "palestinian", "fatalities", ("Palestinians",)),
      ("30 injured", 30, 30, "exact", "", "wounded", ())]),
    ("The strike killed at least 12 people and injured 30 more.",
     [("at least 12 people", 12, None, "at least", "person", "fatalities", ()),
      ("30", 30, 30, "exact", "", "wounded", ())]),
    ("The death toll from the strike on Kharkiv has risen to 41, officials said.",
     [("41", 41, 41, "exact", "", "fatalities", ())]),
    ("200 wounded soldiers and 1 million displaced people",
     [("200 wounded soldiers", 200, 200, "exact", "soldier", "wounded", ()),
      ("1 million displaced people", 1000000, 1000000, "exact", "person", "displaced", ())]),
    ("Over 10 million people have been displaced.",
     [("Over 10 million people", 10000000, None, "more than", "person", "displaced", ())]),
    ("Ukraine captured 27 North Korean soldiers.",
     [("27 North Korean soldiers", 27, 27, "exact", "soldier", "captured", ("North Korean",))]),
    ("Two North Korean soldiers were taken prisoner.",
     [("Two North Korean soldiers", 2, 2, "exact", "soldier", "captured", ("North Korean",))]),
    ("More than 1,000 Ukrainian POWs were exchanged.",
     [("More than 1,000 Ukrainian POWs", 1000, None, "more than", "pow", "captured", ("Ukrainian",))]),
    ("At least 2,000 North Korean troops were killed or wounded.",
     [("At least 2,000 North Korean troops", 2000, None, "at least", "troop", "casualties", ("North Korean",))]),
    ("12 killed, 3 more died later", [("12 killed", 12, 12, "exact", "", "fatalities", ()),
                                      ("3", 3, 3, "exact", "", "fatalities", ())]),
    ("On 12 March 2024, three people died.", [("three people", 3, 3, "exact", "person", "fatalities", ())]),
    ("A 10-year-old boy was among three children killed.",
     [("three children", 3, 3, "exact", "child", "fatalities", ())]),
    # ranges
    ("between 10,000 and 12,000 troops",
     [("between 10,000 and 12,000 troops", 10000, 12000, "range", "troop", "troops", ())]),
    ("between 10 and 12", [("between 10 and 12", 10, 12, "range", "", "other", ())]),
    ("10,000-12,000 troops", [("10,000-12,000 troops", 10000, 12000, "range", "troop", "troops", ())]),
    ("10 to 12 thousand troops", [("10 to 12 thousand troops", 10000, 12000, "range", "troop", "troops", ())]),
    ("Two or three soldiers died", [("Two or three soldiers", 2, 3, "range", "soldier", "fatalities", ())]),
    # written numbers
    ("twenty-five soldiers", [("twenty-five soldiers", 25, 25, "exact", "soldier", "troops", ())]),
    ("two hundred and fifty civilians",
     [("two hundred and fifty civilians", 250, 250, "exact", "civilian", "other", ())]),
    ("a dozen tanks", [("a dozen tanks", 12, 12, "exact", "tank", "other", ())]),
    ("more than a dozen tanks", [("more than a dozen tanks", 12, None, "more than", "tank", "other", ())]),
    ("ninety drones", [("ninety drones", 90, 90, "exact", "drone", "other", ())]),
    ("Eleven thousand soldiers", [("Eleven thousand soldiers", 11000, 11000, "exact", "soldier", "troops", ())]),
    ("a hundred drones", [("a hundred drones", 100, 100, "exact", "drone", "other", ())]),
    ("seventeen tanks", [("seventeen tanks", 17, 17, "exact", "tank", "other", ())]),
    # not figures
    ("In 2022, Russia invaded. 2024 was hard.", []),
    ("The 2024 offensive began in 2023.", []),
    ("On 18 January and January 18th", []),
    ("The shelling started at 14:30, then at 5 a.m. and 6 pm, and lasted 48 hours.", []),
    ("Inflation hit 9.5% and the ruble fell 20 percent.", []),
    ("Ukraine received $61 billion, $1.5 billion and €50bn in aid.", []),
    ("The village is 15 km from the border, 30 kilometres or 10 miles away, 2,000km.", []),
    ("The 3rd Brigade and the 47th Mechanised Brigade fought near Pokrovsk.", []),
    ("Russia fired Su-34, F-16, S-300, Kh-101 and HIMARS.", []),
    ("Tank No. 5 and Unit 8200 and Resolution 2334 and Brigade 155.", []),
    ("He was 45 years old; a three-day truce; 1990s.", []),
    ("one of the soldiers said the 2,000 were ready", []),
    ("a soldier said", []),
    ("no troops were sent", []),
    ("", []),
]


def _row(f: Figure) -> tuple:
    return (f.text, f.low, f.high, f.qualifier, f.unit, f.kind, f.sides)


@pytest.mark.parametrize(("source", "expected"), FIGURES, ids=[s[:50] for s, _ in FIGURES])
def test_figures_table(source: str, expected: list[tuple]) -> None:
    got = find_figures(source)
    assert [_row(f) for f in got] == expected
    for f in got:
        assert source[f.start : f.end] == f.text


def test_figures_table_is_large() -> None:
    assert len(FIGURES) >= 50


def test_figures_fields_use_the_documented_vocabularies() -> None:
    for source, _ in FIGURES:
        for f in find_figures(source):
            assert f.kind in KINDS and f.qualifier in QUALIFIERS
            assert f.unit == f.unit.lower()


def test_figures_offsets_in_a_longer_text() -> None:
    text = ("Western officials said on Sunday that about 11,000 North Korean soldiers are in the Kursk region.\n"
            "A drone strike on Kharkiv killed three people and wounded 12, the governor said.")
    figs = find_figures(text)
    assert [f.text for f in figs] == ["about 11,000 North Korean soldiers", "three people", "12"]
    assert [f.kind for f in figs] == ["troops", "fatalities", "wounded"]
    for f in figs:
        assert text[f.start : f.end] == f.text


def test_figures_to_dict() -> None:
    (f,) = find_figures("approximately 50,000 Russian and North Korean troops")
    d = f.to_dict()
    assert d["sides"] == ["Russian", "North Korean"] and d["low"] == 50000 and d["kind"] == "troops"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The attack killed 7 and wounded 15.", (7, 15)),
        ("Two soldiers were killed and at least 5 civilians injured; 3 more died.", (5, 5)),
        ("up to 40 people were killed", (40, None)),
        ("no casualties were reported", (0, 0)),  # was (0, None): the README counts 0 wounded too
        ("11,000 troops and 600,000 casualties", (None, None)),
        ("", (None, None)),
    ],
)
def test_figures_casualty_totals(text: str, expected: tuple) -> None:
    assert casualty_totals(find_figures(text)) == expected


def test_figures_casualty_totals_takes_any_iterable() -> None:
    assert casualty_totals(iter(find_figures("12 killed"))) == (12, None)


# ---------------------------------------------------------------- robustness

# news-like fragments glued at random: numbers, qualifiers, units, casualty verbs, punctuation
NEWSY = st.lists(
    st.sampled_from(list(string.ascii_letters + string.digits + " ,.-%$:/+~'’\n–")
                    + ["killed ", "wounded ", "troops ", "about ", "between ", " and ", "thousands of ", "a ",
                       "no ", "one ", "twenty-", "hundred ", "k ", "million ", "January ", "Su-", "11,000 ",
                       "North Korean ", "were ", "or ", "to ", "from "]),
    max_size=300,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(NEWSY, st.text(max_size=20_000)))
def test_figures_never_raises_and_offsets_are_valid(text: str) -> None:
    figs = find_figures(text)
    last = -1
    for f in figs:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.start >= last  # in text order, not overlapping
        last = f.end
        assert f.kind in KINDS and f.qualifier in QUALIFIERS
        assert f.low is None or f.low >= 0
        assert f.low is None or f.high is None or f.low <= f.high


def _junk(n: int, seed: int) -> str:
    rng = random.Random(seed)
    pieces = ["1", "11,000", "2024", "-", "12.5", "k", " ", "about ", "thousands of ", "killed ", ",", "9" * 30,
              "a ", "1,2,3,4", "..", "Su-34 ", "between ", "and "]
    out: list[str] = []
    size = 0
    while size < n:
        p = rng.choice(pieces) if rng.random() < 0.6 else rng.choice(string.digits + string.punctuation + " ")
        out.append(p)
        size += len(p)
    return "".join(out)[:n]


@pytest.mark.parametrize(
    "text",
    [
        "7" * 100_000,
        "1," * 50_000,
        "1." * 50_000,
        "1-" * 50_000,
        "between 1 and " * 7_000,
        "about " * 16_000,
        _junk(100_000, 1),
        _junk(100_000, 2),
    ],
    ids=["digits", "commas", "dots", "hyphens", "betweens", "qualifiers", "junk1", "junk2"],
)
def test_figures_linear_on_100k_of_junk(text: str) -> None:
    t0 = time.perf_counter()
    find_figures(text)
    assert time.perf_counter() - t0 < 10.0  # linear work: well under 1 s; backtracking: minutes
