"""Tests of geoevents.extract.eventfilter: invented sentences, one table per rule, positives and hard negatives."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents.core.errors import InputError
from geoevents.extract.eventfilter import CUE_CLASSES, Reading, load_cues, read_clause


def _read(marked: str, sentence: str | None = None) -> Reading:
    """read_clause on a clause whose trigger is written [[like this]]."""
    ts = marked.index("[[")
    te = marked.index("]]") - 2
    return read_clause(marked.replace("[[", "").replace("]]", ""), ts, te, sentence=sentence)


def _check(marked: str, expected: str) -> None:
    """expected: "keep", "background" or a drop reason."""
    r = _read(marked)
    got = "background" if r.keep and r.background else "keep" if r.keep else r.reason
    assert got == expected, (marked, r)
    assert r.keep == (expected in ("keep", "background"))
    if expected == "background":
        assert r.reason == "history"


KEEP_PLAIN = [
    "Russian drones [[attacked]] Kharkiv overnight.",
    "Officials said drones [[hit]] Odesa overnight, injuring two people.",
    "A drone [[attack]] on the city's power station caused a blackout.",
    "The governor reported that Russian forces [[shelled]] three villages on Tuesday.",
    "[[Strikes]] on Zaporizhzhia killed four people on Sunday.",
    "Ukrainian troops [[recaptured]] the village after heavy fighting.",
    "Police [[detained]] twelve protesters in the capital on Saturday.",
    "May 9: Russian artillery [[shelled]] the town.",
    "The regiment was [[shelling]] the bridge as the column arrived.",
]


@pytest.mark.parametrize("marked", KEEP_PLAIN)
def test_eventfilter_plain_reports_are_kept(marked: str) -> None:
    _check(marked, "keep")


HABITUAL = [
    ("Villagers near the border suffer daily [[shelling]].", "habitual"),
    ("The port has been hit by a string of [[attacks]] this spring.", "habitual"),
    ("Russian forces regularly [[shell]] the riverside districts.", "habitual"),
    ("In recent weeks, the army has [[attacked]] the bridgeheads again and again.", "habitual"),
    ("Drones target the refinery almost every night with [[strikes]] on its tanks.", "habitual"),
    ("The town is [[shelled]] constantly by artillery from across the river.", "habitual"),
    ("Over the past months the brigade repeatedly [[stormed]] the ridge.", "habitual"),
    # negatives: one occasion named, or the cue belongs to another clause
    ("A wave of drone [[strikes]] hit the capital overnight.", "keep"),
    ("Missiles [[struck]] the city on Monday, in one of a series of raids this month.", "keep"),
    ("The army ordered the [[evacuation]] of villages that are under constant fire.", "keep"),
    ("After months of daily bombardment, troops [[captured]] the town on Friday.", "keep"),
    ("The daily newspaper said troops [[captured]] the town.", "habitual"),  # known limit: "daily" as adjective of a noun
]


@pytest.mark.parametrize("marked, expected", HABITUAL)
def test_eventfilter_habitual(marked: str, expected: str) -> None:
    _check(marked, expected)


MODAL = [
    ("Russia could [[strike]] again.", "modal"),
    ("The city may be the target of another massive [[attack]].", "modal"),
    ("If confirmed, the [[capture]] of the town would be the largest gain in months.", "modal"),
    ("The army threatens to [[storm]] the plant.", "modal"),
    ("The group aims to [[seize]] the crossing.", "modal"),
    ("Commanders plan to [[encircle]] the town before winter.", "modal"),
    ("An offensive would [[threaten]] the supply road.", "modal"),
    # expected events are events
    ("The troops are expected to join the upcoming [[assault]].", "keep"),
    ("About 40,000 soldiers are expected to [[participate]] in the offensive.", "keep"),
    ("Some units could join the upcoming [[assault]] on the city.", "keep"),
    ("The army is set to [[launch]] a new offensive in the south.", "keep"),
    ("The attack, which could be a war crime, [[destroyed]] a school.", "keep"),
    ("On 9 May troops [[shelled]] the depot.", "keep"),
    ("Officials said the [[strike]] could have been carried out with a cruise missile.", "keep"),
]


@pytest.mark.parametrize("marked, expected", MODAL)
def test_eventfilter_modal_and_expected(marked: str, expected: str) -> None:
    _check(marked, expected)


GENERIC = [
    ("[[Attacks]] on civilians are war crimes, the envoy said.", "generic-plural"),
    ("[[Strikes]] like these terrify the whole region.", "generic-plural"),
    ("Deliberate [[attacks]] on hospitals amount to war crimes.", "generic-plural"),
    ("Russian drones [[attacked]] Kharkiv.", "keep"),
    ("The [[attacks]] on the hospital are war crimes, the envoy said.", "keep"),
    ("Two [[strikes]] like these hit the port on Friday.", "keep"),
    ("[[Attacks]] are reportedly concentrated on two villages south of the city.", "keep"),
]


@pytest.mark.parametrize("marked, expected", GENERIC)
def test_eventfilter_generic_plural(marked: str, expected: str) -> None:
    _check(marked, expected)


REACTION = [
    ("The president condemned the [[attack]] on the market.", "reaction"),
    ("The foreign minister slammed Russia for the [[strike]].", "reaction"),
    ("Moscow accused Kyiv of [[shelling]] the border town.", "reaction"),
    ("The mayor described the [[bombardment]] as the worst of the year.", "reaction"),
    ("Officials said Russian forces [[shelled]] the suburb overnight.", "keep"),
    ("The minister condemned Russia after its missiles [[hit]] a school.", "keep"),
    ("The governor condemned the strikes and said drones [[hit]] two villages.", "keep"),
]


@pytest.mark.parametrize("marked, expected", REACTION)
def test_eventfilter_reaction(marked: str, expected: str) -> None:
    _check(marked, expected)


AID = [
    ("The allies will send more [[missiles]] to the front.", "aid"),
    ("Berlin pledged additional artillery [[shells]] to the brigades.", "aid"),
    ("Berlin pledged air defence systems and artillery [[shells]].", "keep"),  # known limit: "and" ends the reach
    ("The government approved a package of [[drones]] for the army.", "aid"),
    ("Paris [[agreed]] to sell twelve jets to the air force.", "aid"),
    ("Russian [[missiles]] hit a warehouse storing aid.", "keep"),
    ("Drones sent from the coast [[struck]] the airfield.", "keep"),
    ("The army [[agreed]] a ceasefire in the town.", "keep"),
]


@pytest.mark.parametrize("marked, expected", AID)
def test_eventfilter_aid(marked: str, expected: str) -> None:
    _check(marked, expected)


CLOSURE = [
    ("Three airports grounded all flights over the threat of [[drones]].", "closure"),
    ("Authorities closed the airspace because of the threat of [[drones]].", "keep"),  # a clause of its own
    ("Flights were suspended at two airports amid a [[drone]] threat.", "closure"),
    ("A [[drone attack]] on the capital forced airports to suspend flights.", "keep"),
]


@pytest.mark.parametrize("marked, expected", CLOSURE)
def test_eventfilter_closure(marked: str, expected: str) -> None:
    _check(marked, expected)


CUMULATIVE = [
    ("Some 900 civilians have been [[killed]] in the region since the start of the war.", "cumulative-toll"),
    ("Shelling has [[killed]] 300 people since February 2022, the governor said.", "cumulative-toll"),
    ("Forty people were [[killed]] across the country in the strikes.", "cumulative-toll"),
    ("In total, drones [[hit]] 60 settlements so far this year.", "cumulative-toll"),
    ("It was the deadliest [[strike]] on the city since the start of the war.", "keep"),
    ("One of the largest prisoner [[exchanges]] since the beginning of the conflict took place on Friday.", "keep"),
    ("Two people were [[killed]] in the strike on the market on Friday.", "keep"),
]


@pytest.mark.parametrize("marked, expected", CUMULATIVE)
def test_eventfilter_cumulative_tolls(marked: str, expected: str) -> None:
    _check(marked, expected)


HISTORY = [
    ("The peninsula was [[annexed]] by Moscow in 2014.", "background"),
    ("The town had been [[captured]] by the rebels.", "background"),
    ("The city was [[besieged]] in the first days of the invasion.", "background"),
    ("The region, which troops [[seized]] back in 2022, is still occupied.", "background"),
    ("The bridge was [[blown up]] during the Second World War.", "background"),
    ("The village was [[liberated]] in April 2023.", "background"),
    ("Troops had previously [[shelled]] the village on 3 March.", "background"),
    # reported speech in the past perfect is the news
    ("The ministry said its forces had [[captured]] the village.", "keep"),
    ("The army had [[captured]] the village, the ministry said on Sunday.", "keep"),
    ("The residents had to be [[evacuated]] from the flooded streets.", "keep"),
    ("Earlier, missiles [[struck]] the station.", "keep"),
]


@pytest.mark.parametrize("marked, expected", HISTORY)
def test_eventfilter_history_is_background(marked: str, expected: str) -> None:
    _check(marked, expected)


def test_eventfilter_speech_in_the_sentence_cancels_the_past_perfect() -> None:
    clause = "its forces had [[captured]] the village"
    assert _read(clause).background
    assert not _read(clause, sentence="The ministry said that its forces had captured the village.").background


def test_eventfilter_offsets_out_of_range_are_clipped() -> None:
    assert read_clause("Drones hit the city.", -5, 500).keep
    assert read_clause("", 0, 0) == Reading(True, False, "")


# ---------------------------------------------------------------- the table


def test_eventfilter_table_loads_and_covers_every_class() -> None:
    cues = load_cues()
    assert {c.cls for c in cues} == set(CUE_CLASSES)
    assert all(c.case in ("any", "lower") for c in cues)


@pytest.mark.parametrize(
    "rows, message",
    [
        ("cue,kind,case,note\n", "line 1: header"),
        ("cue,class,case,note\ndaily,habitual,any\n", "line 2: 3 fields"),
        ("cue,class,case,note\ndaily,habitual,any,x\nevery day,nonsense,any,x\n", "line 3: class 'nonsense'"),
        ("cue,class,case,note\nDaily,habitual,any,x\n", "line 2: cue 'Daily'"),
        ("cue,class,case,note\ndaily,habitual,upper,x\n", "line 2: case 'upper'"),
        ("cue,class,case,note\ndaily,habitual,any,x\n\ndaily,habitual,any,y\n", "line 4: cue 'daily' of class"),
        ("cue,class,case,note\nwould,modal,any,x\nwould,expected,any,y\n", "line 3: cue 'would' is 'expected'"),
    ],
)
def test_eventfilter_bad_rows_name_file_and_line(tmp_path: Path, rows: str, message: str) -> None:
    p = tmp_path / "cues.csv"
    p.write_text(rows, "utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_cues(p)
    assert str(p) in str(info.value)


def test_eventfilter_missing_table(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_cues(tmp_path / "absent.csv")


def test_eventfilter_context_classes_may_share_a_cue() -> None:
    cues = load_cues()
    said = {c.cls for c in cues if c.cue == "said"}
    assert said == {"speech", "barrier"}


# ---------------------------------------------------------------- robustness and speed

_WORDS = ("would could may if confirmed daily a string of condemned accused of send missiles attacks are war crimes "
          "airports closed since the start of the war in 2014 had been previously said that the , ; : ( ) - "
          "Kharkiv overnight upcoming expected to").split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), st.integers(-10, 3010), st.integers(-10, 3010))
def test_eventfilter_random_text_never_raises(text: str, a: int, b: int) -> None:
    r = read_clause(text, a, b, sentence=text)
    assert isinstance(r, Reading)
    assert r.keep or not r.background
    assert (r.reason == "") == (r.keep and not r.background)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=400), st.data())
def test_eventfilter_cue_soup_never_raises(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    ts = data.draw(st.integers(0, len(text)))
    te = data.draw(st.integers(ts, len(text)))
    read_clause(text, ts, te)


def _junk(n: int, seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n:
        p = rng.choice(_WORDS) + " " if rng.random() < 0.6 else rng.choice(" \n\t,.;:'’-2014")
        out.append(p)
        size += len(p)
    return "".join(out)[:n]


@pytest.mark.parametrize(
    "text",
    ["a" * 100_000, " " * 100_000, "had " * 25_000, "in " + " " * 99_990 + "2014", "s" * 100_000,
     "would " * 16_000, ", " * 50_000, _junk(100_000, 1), _junk(100_000, 2)],
    ids=["letters", "spaces", "had", "spaced-year", "plural", "modal", "commas", "junk1", "junk2"],
)
def test_eventfilter_linear_on_100k_of_junk(text: str) -> None:
    t0 = time.perf_counter()
    for ts in (0, len(text) // 2, len(text) - 5):
        read_clause(text, ts, ts + 5, sentence=text)
    assert time.perf_counter() - t0 < 10.0  # linear work: well under a second; backtracking: minutes


def test_eventfilter_is_fast_on_news_clauses() -> None:
    clauses = [m.replace("[[", "").replace("]]", "") for m, _ in HABITUAL + MODAL + REACTION + HISTORY]
    offsets = [(m.index("[["), m.index("]]") - 2) for m, _ in HABITUAL + MODAL + REACTION + HISTORY]
    read_clause(clauses[0], *offsets[0])  # load the table
    t0 = time.perf_counter()
    for _ in range(200):
        for c, (a, b) in zip(clauses, offsets):
            read_clause(c, a, b)
    per_clause = (time.perf_counter() - t0) / (200 * len(clauses))
    assert per_clause < 500e-6  # tens of microseconds in practice; generous for slow CI machines
