"""Casualty readings of single sentences: figures.read_casualties / casualty_totals and the figure flags.

Every sentence here is invented to show one wording pattern; none is taken from an evaluation set.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents.core.errors import InputError
from geoevents.extract.figures import (
    SCOPES,
    CasualtyReading,
    casualty_totals,
    find_figures,
    load_cues,
    read_casualties,
)


def _read(text: str) -> CasualtyReading:
    return read_casualties(find_figures(text))


# (sentence, fatalities, wounded)
TOTALS = [
    # articles and determiners count as one; words and digits as written
    ("A civilian was killed when a shell hit the market.", 1, None),
    ("An elderly man died in the shelling.", 1, None),
    ("A 72-year-old man was killed by a drone.", 1, None),
    ("An 8-month-old baby was among the dead.", None, None),  # "among the dead" is no count of its own
    ("A 15-year-old girl was wounded.", 0, 1),
    ("Two were wounded in the blast.", 0, 2),
    ("Four were killed and nine injured.", 4, 9),
    ("One woman died in hospital.", 1, None),
    ("Officials confirmed the death of one man.", 1, None),
    ("The governor reported the deaths of two rescuers.", 2, None),
    ("A glide bomb struck the depot, killing a worker.", 1, None),
    ("The missile hit a bus stop, killing a teenager and wounding a nurse.", 1, 1),
    # "left / leaving N dead"
    ("The rocket attack left nine people dead.", 9, None),
    ("The blast left 4 dead and 17 injured.", 4, 17),
    ("Drones hit the depot overnight, leaving three dead.", 3, None),
    ("The strike left five civilians wounded.", 0, 5),
    # qualifiers keep the number
    ("Up to 45 soldiers were killed in the strike on the training ground.", 45, None),
    ("At least 8 people were killed.", 8, None),
    ("More than 20 people were injured.", 0, 20),
    # a sub-count is part of the count, not on top of it
    ("Fourteen people, including 5 children, were killed.", 14, None),
    ("The attack killed 9 people, including two children.", 9, None),
    ("Twenty people were wounded, among them four children.", 0, 20),
    # vague words give no number
    ("Dozens of civilians have died in the fighting.", None, None),
    ("Scores were killed in the assault.", None, None),
    ("Several people were killed.", None, None),
    ("Hundreds were wounded.", 0, None),
    # counts of things are never deaths
    ("The parliament dissolved two anti-fraud bodies.", None, None),
    ("Seven drones were shot down.", None, None),
    ("Two tanks were destroyed near the bridge.", None, None),
    ("The bodies of three men were recovered from the river.", None, None),
    ("Rescuers found 6 bodies in the forest.", None, None),
    ("Ukraine said it destroyed 11 artillery systems.", None, None),
    # nobody hurt
    ("There were no casualties.", 0, 0),
    ("No casualties were reported after the attack.", 0, 0),
    ("No one was hurt.", 0, 0),
    ("Nobody was injured in the blast.", 0, 0),
    ("The drone hit an empty warehouse without casualties.", 0, 0),
    ("The depot burned without any casualties.", 0, 0),
    ("There were no deaths.", 0, None),
    ("No one was killed.", 0, None),
    # only injuries: no deaths
    ("Five people were injured.", 0, 5),
    ("The shelling injured 3 residents.", 0, 3),
    # tolls
    ("The death toll rose to 52.", 52, None),
    ("The death toll from the missile strike has climbed to at least 19.", 19, None),
    ("The number of injured has risen to 31.", 0, 31),
    ("Three people were killed, and the toll later rose to 7.", 7, None),
    # cumulative and national tolls are not one event's
    ("More than 9,000 civilians have been killed since the start of the war.", None, None),
    ("Since February 2022, 400 children have been killed.", None, None),
    ("In total since 2022, about 300 medics were killed.", None, None),
    ("Across the country, 35 people were killed by shelling last month.", None, None),
    ("Two people were killed in the deadliest attack since the start of the year.", 2, None),
    # nothing about casualties
    ("11,000 troops crossed the border.", None, None),
    ("A soldier said the town was quiet.", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("text", "fatalities", "wounded"), TOTALS, ids=[t[:50] for t, _, _ in TOTALS])
def test_casualties_totals_table(text: str, fatalities: int | None, wounded: int | None) -> None:
    assert casualty_totals(find_figures(text)) == (fatalities, wounded)
    r = _read(text)
    assert (r.fatalities, r.wounded) == (fatalities, wounded)


# (sentence, figure text, fatalities qualifier)
QUALIFIED = [
    ("Up to 45 soldiers were killed.", "Up to 45 soldiers", "up to"),
    ("At least 8 people were killed.", "At least 8 people", "at least"),
    ("Nearly 30 people died.", "Nearly 30 people", "about"),
    ("Two people were killed.", "Two people", "exact"),
]


@pytest.mark.parametrize(("text", "figure", "qualifier"), QUALIFIED, ids=[t for t, _, _ in QUALIFIED])
def test_casualties_keep_the_qualifier(text: str, figure: str, qualifier: str) -> None:
    (f,) = find_figures(text)
    assert f.text == figure and f.qualifier == qualifier and f.kind == "fatalities"
    assert _read(text).fatalities_qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "fatalities_vague", "wounded_vague"),
    [
        ("Dozens of people have died.", True, False),
        ("Scores were killed.", True, False),
        ("A few soldiers were killed.", True, False),
        ("Hundreds were wounded.", False, True),
        ("Dozens were killed and hundreds wounded.", True, True),
        ("Dozens of drones were shot down.", False, False),
        ("Five people were killed.", False, False),
    ],
)
def test_casualties_vague_words_flag_without_a_number(text: str, fatalities_vague: bool, wounded_vague: bool) -> None:
    r = _read(text)
    assert (r.fatalities_vague, r.wounded_vague) == (fatalities_vague, wounded_vague)
    if fatalities_vague:
        assert r.fatalities is None and r.fatalities_qualifier == "vague"
    if wounded_vague:
        assert r.wounded is None and r.wounded_qualifier == "vague"


@pytest.mark.parametrize(
    ("text", "implied"),
    [
        ("Five people were injured.", True),
        ("Hundreds were wounded.", True),
        ("No one was hurt.", True),
        ("There were no casualties.", False),
        ("No one was killed.", False),
        ("Two people were killed and five injured.", False),
        ("Dozens were killed and 40 wounded.", False),  # deaths reported, without a number
        ("Forty soldiers were killed or wounded.", False),  # killed and wounded together
        ("11,000 troops crossed the border.", False),
    ],
)
def test_casualties_zero_implied_by_injuries_only(text: str, implied: bool) -> None:
    r = _read(text)
    assert r.fatalities_implied is implied
    if implied:
        assert r.fatalities == 0


@pytest.mark.parametrize(
    ("text", "is_total"),
    [
        ("The death toll rose to 52.", True),
        ("The toll has climbed to 19, officials said.", True),
        ("The number of dead has risen to 12.", True),
        ("The number of injured has risen to 31.", True),
        ("Officials raised the death toll to 23.", True),
        ("Twelve people were killed.", False),
        ("The strike killed 5.", False),
    ],
)
def test_casualties_tolls_are_totals(text: str, is_total: bool) -> None:
    figs = [f for f in find_figures(text) if f.kind in ("fatalities", "wounded")]
    assert [f.is_total for f in figs] == [is_total]
    assert _read(text).is_total is is_total


def test_casualties_last_toll_wins_within_a_clause() -> None:
    assert _read("Four people were killed on Monday; the death toll rose to 9 and then to 11.").fatalities in (9, 11)
    r = _read("Four people were killed, and the death toll rose to 9.")
    assert (r.fatalities, r.is_total) == (9, True)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("More than 9,000 civilians have been killed since the start of the war.", "cumulative"),
        ("Since the full-scale invasion, 500 children have been killed.", "cumulative"),
        ("Since 2014, about 14,000 people died in the conflict.", "cumulative"),
        ("Since February 2022, 400 children have been killed.", "cumulative"),
        ("In total since 2022, 300 medics were killed.", "cumulative"),
        ("Across the country, 35 people were killed.", "cumulative"),
        ("Nationwide, 80 people were injured in the strikes.", "cumulative"),
        ("So far this year, 60 civilians were killed in the region.", "cumulative"),
        ("Two people were killed in the deadliest attack since the start of the year.", ""),
        ("It was the worst strike since 2023: 6 people died.", ""),
        ("Three people were killed in Kherson on Monday.", ""),
        ("The war began in 2022. Three people were killed on Monday.", ""),
    ],
)
def test_casualties_cumulative_scope(text: str, scope: str) -> None:
    figs = [f for f in find_figures(text) if f.kind in ("fatalities", "wounded")]
    assert figs and all(f.scope == scope for f in figs)
    assert all(f.scope in SCOPES for f in figs)
    r = _read(text)
    assert r.cumulative is (scope == "cumulative")
    if scope == "cumulative":
        assert r.fatalities is None and r.wounded is None


def test_casualties_cumulative_is_only_for_casualties() -> None:
    (f,) = find_figures("About 5,000 troops have rotated through the town since the start of the war.")
    assert f.kind == "troops" and f.scope == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eleven people, including 3 children, were killed.",
         [("Eleven people", "fatalities", False), ("3 children", "fatalities", True)]),
        ("The strike killed 12 people, including four children.",
         [("12 people", "fatalities", False), ("four children", "fatalities", True)]),
        ("Some 8,000 troops, including 1,500 paratroopers, were deployed.",
         [("Some 8,000 troops", "troops", False), ("1,500 paratroopers", "troops", True)]),
        ("Two people were killed. Including rescuers, 5 were injured.",
         [("Two people", "fatalities", False), ("5", "wounded", False)]),
    ],
)
def test_casualties_subcount_is_included(text: str, expected: list[tuple]) -> None:
    assert [(f.text, f.kind, f.included) for f in find_figures(text)] == expected


def test_casualties_age_compound_keeps_the_count() -> None:
    assert [(f.text, f.low) for f in find_figures("Two 19-year-old conscripts were killed.")] == \
        [("Two 19-year-old conscripts", 2)]
    assert find_figures("He was a 45-year-old teacher.") == []  # no casualty verb: "a" is no figure


def test_casualties_figure_dict_has_the_new_fields() -> None:
    (f,) = find_figures("The death toll rose to 40.")
    d = f.to_dict()
    assert d["is_total"] is True and d["scope"] == "" and d["included"] is False


def test_casualties_reading_defaults_are_empty() -> None:
    r = read_casualties([])
    assert r == CasualtyReading()
    assert (r.fatalities, r.wounded, r.fatalities_qualifier, r.is_total, r.cumulative) == (None, None, "", False, False)


# ---------------------------------------------------------------- the cue table


def test_casualties_cue_table_loads_and_has_both_classes() -> None:
    cues = load_cues()
    assert set(cues) == {"cumulative", "subset"}
    assert ("since", "the", "start", "of") in cues["cumulative"]
    assert ("including",) in cues["subset"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("cue,kind,note\n", "header"),
        ("cue,class,note\nsince 2022,cumulative\n", "2 fields"),
        ("cue,class,note\nsince the war,temporal,\n", "class 'temporal'"),
        ("cue,class,note\n<year> onwards,cumulative,\n", "starting with a word"),
        ("cue,class,note\nto date,cumulative,\nto date,cumulative,\n", "appears twice"),
    ],
)
def test_casualties_cue_table_errors_name_file_and_line(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "cues.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_cues(path)
    assert str(path) in str(info.value) and "line" in str(info.value)


def test_casualties_cue_table_missing_file(tmp_path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_cues(tmp_path / "nope.csv")


# ---------------------------------------------------------------- robustness

CASUALTY_NEWS = st.lists(
    st.sampled_from(["a ", "an ", "one ", "two ", "12 ", "dozens of ", "scores ", "up to ", "at least ", "no ",
                     "without ", "casualties ", "people ", "civilians ", "bodies ", "69-year-old ", "-", ", ",
                     "including ", "among them ", "were ", "killed ", "injured ", "died ", "left ", "dead ",
                     "the death toll rose to ", "number of injured ", "since the start of the war ", "since ",
                     "2022 ", "across the country ", "deadliest ", ". ", "\n", "one man ", "the death of "]),
    max_size=200,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(CASUALTY_NEWS, st.text(max_size=5_000)))
def test_casualties_never_raise_and_stay_consistent(text: str) -> None:
    figs = find_figures(text)
    for f in figs:
        assert text[f.start : f.end] == f.text
        assert f.scope in SCOPES
    r = read_casualties(figs)
    assert casualty_totals(figs) == (r.fatalities, r.wounded)
    assert r.fatalities is None or r.fatalities >= 0
    assert not (r.fatalities_vague and r.fatalities is not None)
    assert not (r.fatalities_implied and r.fatalities != 0)


@pytest.mark.parametrize(
    "text",
    ["including " * 10_000, "since the start of " * 5_000, "12 people, including 3 children, " * 3_000,
     "the death toll rose to 5 " * 4_000, "a 69-year-old " * 7_000, "killed since " * 8_000],
    ids=["includings", "sinces", "parentheticals", "tolls", "ages", "killed-since"],
)
def test_casualties_linear_on_100k_of_repeats(text: str) -> None:
    t0 = time.perf_counter()
    read_casualties(find_figures(text))
    assert time.perf_counter() - t0 < 10.0  # linear: well under 1 s
