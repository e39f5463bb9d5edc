"""Qualified names ("X, Y oblast") and names that are not places here (datelines, outlets, ships, titles,
feasts, month abbreviations, headings, wars, capitals standing for their governments).

Every sentence below was written for these tests from the pattern it checks; none is taken from an article.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents import geoparse
from geoevents.core.errors import InputError
from geoevents.geoparsing.toponyms import dateline_spans, load_nonplace_cues, nonplace_reason


def _find(text: str, name: str, nth: int = 0):
    """The toponym whose text is ``name`` (the ``nth`` one), or None when the parser dropped it."""
    found = [t for t in geoparse(text) if t.text == name]
    return found[nth] if len(found) > nth else None


# ------------------------------------------------------------------------------------------ qualified names
@pytest.mark.parametrize(
    "text, name, admin1, qualifier, qualifier_kind",
    [
        # a known village narrowed to its oblast; the oblast is only the qualifier
        ("Overnight shelling damaged a school in Hirnyk, Donetsk, the police said.", "Hirnyk", "Donetsk",
         "Donetsk", "admin1"),
        ("A drone hit a barn in Mala Tokmachka, Zaporizhzhia, on Friday.", "Mala Tokmachka", "Zaporizhzhia",
         "Zaporizhzhia", "admin1"),
        # "New York" in Donetsk Oblast, not the American city
        ("Artillery pounded New York, Donetsk, for a third day.", "New York", "Donetsk", "Donetsk", "admin1"),
        # "X in the Y region", "X in the Republic of Y", "X in the Y People's Republic"
        ("Two houses burned in Kurakhove in the Donetsk region.", "Kurakhove", "Donetsk", "Donetsk region",
         "admin1"),
        ("Troops entered Avdiivka in the Republic of Donetsk after weeks of fighting.", "Avdiivka", "Donetsk",
         "Donetsk", "admin1"),
        ("Mines were cleared around Avdiivka in the Donetsk People's Republic this spring.", "Avdiivka",
         "Donetsk", "Donetsk People's Republic", "admin1"),
        # "X, Y" with a country
        ("Sirens sounded in Kramatorsk, Ukraine, before dawn.", "Kramatorsk", "Donetsk", "Ukraine", "country"),
    ],
)
def test_nonplaces_qualified_name_narrows_and_marks_the_qualifier(text, name, admin1, qualifier, qualifier_kind):
    x = _find(text, name)
    assert x is not None and x.place is not None and not x.non_literal
    assert x.admin1 == admin1 and x.country == "UA"
    y = _find(text, qualifier)
    assert y is not None and y.non_literal and y.reason == "qualifier"
    assert y.kind == qualifier_kind


@pytest.mark.parametrize(
    "text, name, area, admin1",
    [
        # the village is unknown to the gazetteer: the qualifier is the event's area, never its namesake city
        ("Shells fell on Zhovtoyarivka, Donetsk, late on Sunday.", "Donetsk", "admin1", "Donetsk"),
        ("Shells fell on Zhovtoyarivka, Kharkiv oblast, late on Sunday.", "Kharkiv oblast", "admin1", "Kharkiv"),
        ("Russian troops shelled Perepelytsivka, Sumy.", "Sumy", "admin1", "Sumy"),
        # "near the Y border region" is the oblast
        ("Troops gathered near the Sumy border region in May.", "Sumy border region", "admin1", "Sumy"),
        ("Shelling went on along the Kharkiv border area.", "Kharkiv border area", "admin1", "Kharkiv"),
    ],
)
def test_nonplaces_unknown_village_gives_the_area(text, name, area, admin1):
    y = _find(text, name)
    assert y is not None and not y.non_literal
    assert y.kind == area and y.admin1 == admin1


def test_nonplaces_qualified_name_never_leaves_its_area():
    # the gazetteer's only Robotyne lies in Zaporizhzhia Oblast: the village stays unresolved
    text = "A drone struck a shop in Robotyne, Kharkiv, on Monday."
    x = _find(text, "Robotyne")
    assert x is not None and x.place is None
    y = _find(text, "Kharkiv")
    assert y.kind == "admin1" and y.admin1 == "Kharkiv" and not y.non_literal


def test_nonplaces_qualified_village_resolves_inside_its_area():
    # Kharkiv Oblast has its own Vodiane villages (KATOTTG, issue 15): one of them, the oblast a qualifier
    text = "A drone struck a shop in Vodyane, Kharkiv, on Monday."
    x = _find(text, "Vodyane")
    assert x is not None and x.place is not None and x.place.admin1_iso == "UA-63"
    assert _find(text, "Kharkiv").non_literal


@pytest.mark.parametrize(
    "text, name, kind, admin1",
    [
        # lists are not qualifiers
        ("Missiles hit Kharkiv, Donetsk and Zaporizhzhia overnight.", "Donetsk", "settlement", "Donetsk"),
        ("Sirens sounded in Sumy, Kharkiv, Poltava and Dnipro.", "Kharkiv", "settlement", "Kharkiv"),
        # an apposition after a city is no qualifier
        ("Kharkiv, the second city, was hit again.", "Kharkiv", "settlement", "Kharkiv"),
        # a sentence adverb is no unknown village
        ("Meanwhile, Donetsk was quiet for a day.", "Donetsk", "settlement", "Donetsk"),
        ("Fighting went on in Donetsk Oblast all week.", "Donetsk Oblast", "admin1", "Donetsk"),
    ],
)
def test_nonplaces_not_a_qualifier(text, name, kind, admin1):
    t = _find(text, name)
    assert t is not None and not t.non_literal
    assert t.kind == kind and t.admin1 == admin1


def test_nonplaces_part_of_a_city_keeps_the_city():
    t = _find("She grew up in Brooklyn, New York, and moved west.", "New York")
    assert t.place.feature_code in ("PPL", "PPLA", "PPLC") and t.reason == "qualifier"


# ------------------------------------------------------------------------------------------------ not places
@pytest.mark.parametrize(
    "text, name, reason",
    [
        # datelines open the text or a line
        ("KYIV (Reuters) - Air defences were busy over the capital on Monday.", "KYIV", "dateline"),
        ("ODESA, Ukraine (AP) — A port crane was damaged by a drone.", "ODESA", "dateline"),
        ("Summary of the day.\nKHARKIV, March 3 - Power came back to most homes.", "KHARKIV", "dateline"),
        # outlets and agencies' regional desks
        ("The Kyiv Post said the bridge had reopened.", "Kyiv", "outlet"),
        ("According to the Moscow Times, prices rose.", "Moscow", "outlet"),
        ("Odesa television showed the damaged pier.", "Odesa", "outlet"),
        ("The report was published by RBC-Ukraine on Friday.", "Ukraine", "outlet"),
        ("Officials spoke to reporters, citing Kharkiv Today as their source.", "Kharkiv", "outlet"),
        # vessels
        ("The frigate Admiral Makarov left port.", None, None),
        ("The cruiser Moskva went down after two missile hits.", "Moskva", "vessel"),
        ("Drones damaged the landing ship Novocherkassk in port.", "Novocherkassk", "vessel"),
        ("The submarine Rostov-on-Don was hit in dry dock.", "Rostov-on-Don", "vessel"),
        # fleets, units, people's republics as actors
        ("The Black Sea Fleet moved its ships east.", "Black Sea", "organisation"),
        ("The Dnepr group of forces claimed new gains.", "Dnepr", "organisation"),
        ("The Luhansk People's Republic announced a curfew.", "Luhansk People's Republic", "organisation"),
        # titles
        ("The Belgorod mayor urged calm after the blasts.", "Belgorod", "title"),
        # feasts
        ("Churches were full for the Entry into Jerusalem this year.", "Jerusalem", "feast"),
        ("Pilgrims came for the icon of Kazan on the feast day.", "Kazan", "feast"),
        # war names
        ("Veterans of the Vietnam War laid wreaths.", "Vietnam", "war"),
        # capitals standing for their governments
        ("Authorities in Moscow denied any role in the blast.", "Moscow", "government"),
        ("Warsaw accused Minsk of pushing migrants over the border.", "Minsk", "government"),
        ("Talks between Moscow and Kyiv stalled again in the spring.", "Moscow", "government"),
        ("Talks between Moscow and Kyiv stalled again in the spring.", "Kyiv", "government"),
    ],
)
def test_nonplaces_marked_non_literal(text, name, reason):
    if name is None:
        assert all(t.text not in ("Makarov",) or t.non_literal for t in geoparse(text))
        return
    t = _find(text, name)
    assert t is not None, f"{name!r} was dropped"
    assert t.non_literal and t.reason == reason


@pytest.mark.parametrize(
    "text, name",
    [
        # abbreviated months before a day number
        ("On Nov. 9 drones struck a depot in Kharkiv.", "Nov"),
        ("By Sept 3 the bridge was repaired near Odesa.", "Sept"),
        ("Aug. 24 is Independence Day in Ukraine.", "Aug"),
        # agencies
        ("TASS reported that air defences downed two drones over Bryansk.", "TASS"),
        ("Interfax quoted the ministry in Kyiv.", "Interfax"),
        # dotted initials that name no country
        ("A U.N. team visited Zaporizhzhia on Monday.", "U.N."),
        # a heading of a few words is no location cue
        ("Summit agenda\nLeaders met in Vilnius to discuss air defence for Ukraine.", "Summit"),
    ],
)
def test_nonplaces_dropped(text, name):
    assert _find(text, name) is None


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("The wreck lies in the Black Sea off Crimea.", "Black Sea", "water"),
        ("Residents of Moscow queued for bread on Tuesday.", "Moscow", "settlement"),
        ("Explosions were heard in Moscow on Tuesday.", "Moscow", "settlement"),
        ("A ship was hit in the port of Odesa.", "Odesa", "settlement"),
        ("Refugees arrived in Kyiv from the east.", "Kyiv", "settlement"),
        ("In November 9,000 people left Kherson.", "Kherson", "settlement"),
        ("Shelling hit Kherson on Nov 9 and again on Nov 12.", "Kherson", "settlement"),
        ("Mar del Plata is a port in Argentina.", "Argentina", "country"),
    ],
)
def test_nonplaces_real_places_stay_literal(text, name, kind):
    t = _find(text, name)
    assert t is not None and not t.non_literal and t.kind == kind


def test_nonplaces_dotted_country_initials_stay():
    t = _find("U.S. officials visited Kyiv.", "U.S.")
    assert t is not None and t.kind == "country" and t.country == "US"


def test_nonplaces_governor_means_the_region():
    t = _find("Kursk Governor Ivan Petrov said debris fell on a farm.", "Kursk")
    assert t is not None and not t.non_literal
    assert t.kind == "admin1" and t.admin1 == "Kursk Oblast"


def test_nonplaces_dateline_spans():
    assert dateline_spans("LVIV (AFP) - Trains ran late.") == [(0, 12)]
    assert dateline_spans("The war - and the peace.") == []
    assert dateline_spans("He said: KYIV is calm.") == []


def test_nonplaces_reason_needs_the_whole_cue():
    text = "Kyiv warned the envoy."
    assert nonplace_reason(text, 0, 4) == ""  # "warned" starts with "war" but is another word
    assert nonplace_reason("a Kyiv post office", 2, 6) == ""  # "post" must be capitalised to be an outlet


# ------------------------------------------------------------------------------------------------- the table
def test_nonplaces_table_loads():
    cues = load_nonplace_cues()
    assert len(cues) > 50
    assert {c.position for c in cues} == {"before", "after", "self"}


@pytest.mark.parametrize(
    "row, message",
    [
        ("cruiser,before,boat,no", "reason 'boat'"),
        ("cruiser,inside,vessel,no", "position 'inside'"),
        ("Cruiser,before,vessel,no", "cue 'Cruiser'"),
        ("cruiser,before,vessel", "3 fields"),
        ("cruiser,before,vessel,maybe", "capitalised 'maybe'"),
    ],
)
def test_nonplaces_table_bad_row_names_file_and_line(tmp_path: Path, row, message):
    path = tmp_path / "nonplaces.csv"
    path.write_text("cue,position,reason,capitalised\nfrigate,before,vessel,no\n" + row + "\n", "utf-8")
    with pytest.raises(InputError) as err:
        load_nonplace_cues(path)
    assert f"{path}, line 3" in str(err.value) and message in str(err.value)


def test_nonplaces_table_duplicate_and_header(tmp_path: Path):
    path = tmp_path / "nonplaces.csv"
    path.write_text("cue,position,reason,capitalised\nfrigate,before,vessel,no\nfrigate,before,vessel,no\n")
    with pytest.raises(InputError, match="line 3: cue 'frigate'"):
        load_nonplace_cues(path)
    path.write_text("cue,where,reason,capitalised\n")
    with pytest.raises(InputError, match="line 1: header"):
        load_nonplace_cues(path)


# ------------------------------------------------------------------------------------------------ robustness
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("KYIV ,.-—()\nAPNov9Sumy'sPeople'sRepublicofinthe")), max_size=300))
def test_nonplaces_never_raise(text):
    geoparse(text)
    dateline_spans(text)


def test_nonplaces_datelines_linear():
    junk = ("KYIV, NOV 9, SUMY REGION (" + "A" * 30 + " \n") * 4000
    t0 = time.perf_counter()
    dateline_spans(junk)
    assert time.perf_counter() - t0 < 2.0
