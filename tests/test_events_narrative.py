"""End-to-end table test of :func:`geoevents.pipeline.extract_events` on one-line event notes.

Every line below was written for this test in the style of conflict-event notes (ACLED-like);
none is copied from a dataset.  Each row says what a human coder would record for the line's
first event, following the ACLED codebook conventions documented in :mod:`geoevents.extract.eventtypes`
(e.g. foreign state forces capturing a town is "Non-state actor overtakes territory", glide bombs
and drones are "Air/drone strike", missiles are "Shelling/artillery/missile attack", arrests of
protesters are "Protest with intervention") and the date rules documented in
:mod:`geoevents.extract.dates` ("on Tuesday" is the latest Tuesday on or before publication, "last week"
is the Monday-Sunday week before, "overnight" is the night before publication).

Place names are the gazetteer's primary names (checked with ``geoevents geocode``): "Zaporizhzhya",
"Khān Yūnis", "Janīn", "Kursk Oblast" ...

Rows marked ``xfail(strict=True, reason="BUG: ...")`` are lines the library gets wrong today; the
expectation is kept as a human coder would write it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from geoevents.pipeline import extract_events

B, E, V, P, R, S = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
CLASH, GOV_REGAINS, NSA_TAKES = "Armed clash", "Government regains territory", "Non-state actor overtakes territory"
SHELLING, AIR, IED, SUICIDE = (
    "Shelling/artillery/missile attack",
    "Air/drone strike",
    "Remote explosive/landmine/IED",
    "Suicide bomb",
)
ATTACK, ABDUCTION = "Attack", "Abduction/forced disappearance"
PEACEFUL, INTERVENTION, EXCESSIVE = "Peaceful protest", "Protest with intervention", "Excessive force against protesters"
VIOLENT_DEMO = "Violent demonstration"
AGREEMENT, ARRESTS, CHANGE, DISRUPTED, OTHER = (
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Other",
)

UNCHECKED = object()
D = dt.date.fromisoformat
MON_18_NOV_2024 = "2024-11-18"  # a Monday
THU_21_NOV_2024 = "2024-11-21"  # a Thursday
MON_29_APR_2024 = "2024-04-29"  # a Monday


def row(line, published, place, start, end, event_type, sub_event_type, fatalities, *,
        wounded=UNCHECKED, precision=None, bug=None, id=None):  # noqa: A002
    """One table row.

    ``end`` None: a one-day event (date_end == date_start).  ``sub_event_type`` None: not checked.
    ``fatalities`` is always checked (None: the line gives no fatality figure).  ``wounded`` /
    ``precision`` (geo_precision) are checked when given.  ``bug``: the row fails because of a
    library bug, described by the string.
    """
    values = (line, published, place, start, end, event_type, sub_event_type, fatalities, wounded, precision)
    marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {bug}")] if bug else []
    return pytest.param(*values, marks=marks, id=id)


ROWS = [
    # ------------------------------------------------------------ shelling
    row("On 12 March 2024, Russian forces shelled Nikopol, killing three civilians.",
        None, "Nikopol", "2024-03-12", None, E, SHELLING, 3, precision=1, id="shelling-killing-three"),
    row("On 9 May 2024, Russian artillery shelling killed two civilians in Vovchansk in the Kharkiv region.",
        None, "Vovchansk", "2024-05-09", None, E, SHELLING, 2, precision=1, id="shelling-town-in-oblast"),
    row("Russian forces shelled Kherson yesterday, killing one woman and wounding two men.",
        MON_18_NOV_2024, "Kherson", "2024-11-17", None, E, SHELLING, 1, wounded=2, id="shelling-yesterday"),
    row("On 3 June 2023, Ukrainian artillery shelled Shebekino in the Belgorod region; two people were wounded.",
        None, "Shebekino", "2023-06-03", None, E, SHELLING, 0, wounded=2, id="shelling-two-wounded"),
    # ------------------------------------------------------------ air / drone strikes
    row("On 5 October 2024, a Russian drone strike hit a residential building in Sumy; two people were killed "
        "and 12 injured.",
        None, "Sumy", "2024-10-05", None, E, AIR, 2, wounded=12, id="drone-killed-and-injured"),
    row("Russian drones struck energy infrastructure in Odesa overnight; no casualties were reported.",
        MON_18_NOV_2024, "Odesa", "2024-11-18", None, E, AIR, 0, id="drones-overnight-no-casualties"),
    row("On 22 October 2023, an Israeli airstrike on a house in Khan Younis killed 17 Palestinians.",
        None, "Khān Yūnis", "2023-10-22", None, E, AIR, 17, id="airstrike-gaza"),
    row("On Tuesday, a Russian glide bomb hit an apartment block in Zaporizhzhia, wounding 14 people.",
        MON_18_NOV_2024, "Zaporizhzhya", "2024-11-12", None, E, AIR, 0, wounded=14, id="glide-bomb-on-tuesday"),
    row("On 17 March 2024, a Ukrainian drone attack set fire to an oil depot in Belgorod; no casualties were "
        "reported.",
        None, "Belgorod", "2024-03-17", None, E, AIR, 0, id="drone-attack-oil-depot"),
    row("On 9 October 2024, Israeli warplanes struck targets in Syria.",
        None, "Syria", "2024-10-09", None, E, AIR, None, precision=4, id="warplanes-country-only"),
    row("On Sunday, Russian forces struck Kharkiv with guided aerial bombs, killing two people.",
        MON_18_NOV_2024, "Kharkiv", "2024-11-17", None, E, AIR, 2, id="guided-bombs-on-sunday"),
    row("On 3 November 2024, three Ukrainian soldiers died when a Russian drone hit their vehicle near "
        "Kostiantynivka.",
        None, "Kostiantynivka", "2024-11-03", None, E, AIR, 3, precision=2, id="soldiers-died-drone"),
    row("On 6 November 2024, a Russian glide bomb attack on Zaporizhzhia left five people dead and 20 wounded.",
        None, "Zaporizhzhya", "2024-11-06", None, E, AIR, 5, wounded=20, id="left-five-dead"),
    # ------------------------------------------------------------ missiles
    row("On 8 July 2024, a Russian missile struck a children's hospital in Kyiv, killing at least 33 people.",
        None, "Kyiv", "2024-07-08", None, E, SHELLING, 33, id="missile-hospital"),
    row("On 13 September 2023, a Ukrainian cruise missile strike hit a shipyard in Sevastopol, wounding 24 people.",
        None, "Sevastopol", "2023-09-13", None, E, SHELLING, 0, wounded=24, id="cruise-missile-wounding"),
    row("On 14 April 2023, an S-300 missile hit an apartment building in Sloviansk, killing 15 civilians.",
        None, "Sloviansk", "2023-04-14", None, E, SHELLING, 15, id="s300-missile"),
    row("A Russian missile strike on Dnipro on 14 January 2023 hit an apartment building; the death toll rose "
        "to 46.",
        None, "Dnipro", "2023-01-14", None, E, SHELLING, 46, id="death-toll-rose"),
    row("Two days ago, Ukrainian forces shot down a Russian Su-34 jet near Pokrovsk.",
        MON_18_NOV_2024, "Pokrovsk", "2024-11-16", None, E, SHELLING, None, precision=2, id="crewed-jet-shot-down"),
    row("Russian air defences shot down 40 Ukrainian drones over the Bryansk region last night.",
        MON_18_NOV_2024, "Bryansk Oblast", "2024-11-17", None, S, OTHER, None, precision=3,
        id="drones-intercepted-last-night"),
    row("Between 10 and 12 March 2024, Ukrainian artillery repeatedly shelled Belgorod, killing two civilians.",
        None, "Belgorod", "2024-03-10", "2024-03-12", E, SHELLING, 2, id="date-range-between"),
    row("Russian forces launched a missile attack on Lviv the day before yesterday, killing seven people.",
        MON_18_NOV_2024, "Lviv", "2024-11-16", None, E, SHELLING, 7, id="day-before-yesterday"),
    row("On Saturday evening, a Ukrainian drone hit a car near Horlivka, killing two people.",
        MON_18_NOV_2024, "Horlivka", "2024-11-16", None, E, AIR, 2, precision=2, id="saturday-evening-near"),
    # ------------------------------------------------------------ armed clashes
    row("On 30 January 2018, in Avdiivka, Ukrainian forces were fired upon by Russian-backed separatists; one "
        "soldier was killed.",
        None, "Avdiivka", "2018-01-30", None, B, CLASH, 1, precision=1, id="fired-upon"),
    row("On 3 May 2023, Ukrainian and Russian forces clashed near Bakhmut.",
        None, "Bakhmut", "2023-05-03", None, B, CLASH, None, precision=2, id="clashed-near"),
    row("Last week, Ukrainian troops repelled a Russian assault near Kupiansk.",
        MON_18_NOV_2024, "Kupiansk", "2024-11-11", "2024-11-17", B, CLASH, None, precision=2, id="repelled-last-week"),
    row("Earlier this week, Ukrainian forces clashed with Russian troops on the outskirts of Toretsk.",
        THU_21_NOV_2024, "Toretsk", "2024-11-18", "2024-11-20", B, CLASH, None, precision=2,
        id="clashed-earlier-this-week"),
    row("On 12 September 2024, Israeli forces clashed with Palestinian militants in Jenin; two militants were "
        "killed.",
        None, "Janīn", "2024-09-12", None, B, CLASH, 2, id="clash-jenin"),
    row("On 20 April 2024, al-Shabaab militants attacked a military base near Baidoa; five soldiers were killed.",
        None, "Baidoa", "2024-04-20", None, B, CLASH, 5, precision=2, id="attack-on-base"),
    row("In Sudan, fighting broke out between the army and the Rapid Support Forces on 15 April 2023.",
        None, "Sudan", "2023-04-15", None, B, CLASH, None, precision=4, id="fighting-country-only"),
    # ------------------------------------------------------------ recaptures
    row("On 11 November 2022, Ukrainian forces retook Kherson after Russian troops withdrew across the river.",
        None, "Kherson", "2022-11-11", None, B, GOV_REGAINS, None, id="retook"),
    row("On 10 September 2022, Ukrainian troops liberated Balakliia in the Kharkiv region.",
        None, "Balakliia", "2022-09-10", None, B, GOV_REGAINS, None, precision=1, id="liberated-in-oblast"),
    row("On 14 November 2023, Malian troops took control of Kidal from Tuareg rebels.",
        None, "Kidal", "2023-11-14", None, B, GOV_REGAINS, None, id="malian-army-takes-kidal"),
    row("On 28 August 2023, Ukrainian forces recaptured Robotyne in the Zaporizhzhia region.",
        None, "Robotyne", "2023-08-28", None, B, GOV_REGAINS, None, id="recaptured-in-oblast"),
    # ------------------------------------------------------------ captures
    row("On 17 February 2024, Russian forces captured Avdiivka.",
        None, "Avdiivka", "2024-02-17", None, B, NSA_TAKES, None, id="captured-foreign-state"),
    row("On 11 May 2024, Russian troops captured five villages in the Kharkiv region.",
        None, "Kharkiv", "2024-05-11", None, B, NSA_TAKES, None, precision=3, id="captured-villages-oblast-only"),
    row("On 15 August 2024, Ukrainian forces took full control of Sudzha in the Kursk region.",
        None, "Sudzha", "2024-08-15", None, B, NSA_TAKES, None, id="took-control-sudzha"),
    row("On 27 August 2014, Russian-backed separatists seized Novoazovsk.",
        None, "Novoazovs'k", "2014-08-27", None, B, NSA_TAKES, None, id="separatists-seized"),
    row("On 1 April 2012, Tuareg rebels overran Timbuktu.",
        None, "Timbuktu", "2012-04-01", None, B, NSA_TAKES, None, id="rebels-overran"),
    # ------------------------------------------------------------ violence against civilians
    row("On 4 March 2022, in Bucha, Russian soldiers executed five unarmed civilians.",
        None, "Bucha", "2022-03-04", None, V, ATTACK, 5, id="executed-civilians"),
    row("On 12 January 2024, Boko Haram gunmen abducted 15 villagers near Maiduguri.",
        None, "Maiduguri", "2024-01-12", None, V, ABDUCTION, None, precision=2, id="abducted-near"),
    row("On 20 June 2023, gunmen opened fire on villagers in Djibo, killing 12 people.",
        None, "Djibo", "2023-06-20", None, V, ATTACK, 12, id="opened-fire-on-villagers"),
    row("Russian soldiers shot dead an elderly man in his garden in Irpin on 5 March 2022.",
        None, "Irpin", "2022-03-05", None, V, ATTACK, 1, id="shot-dead-elderly-man"),
    # ------------------------------------------------------------ protests and riots
    row("On 5 March 2022, hundreds of residents protested against the Russian occupation in Kherson.",
        None, "Kherson", "2022-03-05", None, P, PEACEFUL, None, id="protest-occupation"),
    row("On 13 March 2022, Russian troops detained several protesters at a rally in Melitopol.",
        None, "Melitopol", "2022-03-13", None, P, INTERVENTION, None, id="protesters-detained"),
    row("On 30 October 2021, security forces opened fire on protesters in Khartoum, killing three demonstrators.",
        None, "Khartoum", "2021-10-30", None, P, EXCESSIVE, 3, id="fire-on-protesters"),
    row("Thousands of people rallied in Tbilisi on Sunday against the foreign agents law.",
        MON_29_APR_2024, "Tbilisi", "2024-04-28", None, P, PEACEFUL, None, id="rally-on-sunday"),
    row("On 25 June 2024, protesters set fire to part of the parliament building in Nairobi.",
        None, "Nairobi", "2024-06-25", None, R, VIOLENT_DEMO, None, id="protesters-set-fire"),
    row("Demonstrators clashed with riot police outside the parliament in Tbilisi on 30 April 2024.",
        None, "Tbilisi", "2024-04-30", None, R, VIOLENT_DEMO, None, id="demonstrators-clashed"),
    row("On 1 February 2025, police arrested 20 protesters who had marched through Belgrade.",
        None, "Belgrade", "2025-02-01", None, P, INTERVENTION, None, id="marchers-arrested"),
    row("Protesters rallied peacefully in Nairobi on 2 July 2024 to remember those killed a week earlier.",
        None, "Nairobi", "2024-07-02", None, P, PEACEFUL, None, id="peaceful-rally-remember-killed"),
    row("Thousands gathered in Kampala on 3 March 2025 to protest against the bombing of a market.",
        None, "Kampala", "2025-03-03", None, P, PEACEFUL, None, id="protest-against-bombing",
        bug='type: the earlier main verb "gathered" (Change to group/activity) wins over its purpose "to protest"'),
    # ------------------------------------------------------------ arrests
    row("On 15 June 2023, the SBU arrested a man in Odesa suspected of spotting targets for Russian strikes.",
        None, "Odesa", "2023-06-15", None, S, ARRESTS, None, id="sbu-arrest"),
    row("Russian police detained a journalist in Sevastopol this morning.",
        MON_18_NOV_2024, "Sevastopol", "2024-11-18", None, S, ARRESTS, None, id="detained-this-morning"),
    # ------------------------------------------------------------ agreements and meetings
    row("On 22 July 2022, Russia and Ukraine signed a grain export deal in Istanbul.",
        None, "Istanbul", "2022-07-22", None, S, AGREEMENT, None, id="grain-deal"),
    row("On 19 June 2024, Vladimir Putin and Kim Jong Un met in Pyongyang and signed a mutual defence pact.",
        None, "Pyongyang", "2024-06-19", None, S, None, None, id="summit-pact"),
    row("A ceasefire between Israel and Hezbollah took effect in Lebanon on 27 November 2024.",
        None, "Lebanon", "2024-11-27", None, S, AGREEMENT, None, precision=4, id="ceasefire-country-only"),
    # ------------------------------------------------------------ troop deployments
    row("On 4 November 2024, some 10,000 North Korean troops were deployed to the Kursk region.",
        None, "Kursk Oblast", "2024-11-04", None, S, CHANGE, None, precision=3, id="deployed-to-region"),
    row("On 10 February 2022, Russia deployed about 30,000 troops to Belarus for joint military exercises.",
        None, "Belarus", "2022-02-10", None, S, CHANGE, None, precision=4, id="deployed-to-country"),
    # ------------------------------------------------------------ explosions / landmines / IEDs
    row("On 7 August 2023, a tractor driver was killed when his vehicle hit a landmine near Izium.",
        None, "Izium", "2023-08-07", None, E, IED, 1, precision=2, id="landmine-near"),
    row("On 29 October 2022, two car bombs exploded near the education ministry in Mogadishu, killing at least "
        "100 people.",
        None, "Mogadishu", "2022-10-29", None, E, IED, 100, precision=1, id="car-bombs"),
    row("On 3 January 2024, two suicide bombers blew themselves up at a memorial ceremony in Kerman, killing 95 "
        "people.",
        None, "Kerman", "2024-01-03", None, E, SUICIDE, 95, id="suicide-bombers"),
    row("An IED exploded under a car in Melitopol on 21 June 2023; no casualties were reported.",
        None, "Melitopol", "2023-06-21", None, E, IED, 0, id="ied-no-casualties"),
]

_HEX16 = re.compile(r"[0-9a-f]{16}")


@pytest.mark.parametrize(
    "line, published, place, start, end, event_type, sub_event_type, fatalities, wounded, precision", ROWS
)
def test_events_narrative_line(line, published, place, start, end, event_type, sub_event_type, fatalities,
                               wounded, precision):
    events = extract_events(line, published=published)
    assert events, f"no event found in {line!r}"
    e = events[0]
    got = {
        "place": e.place.name if e.place else None,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "fatalities": e.fatalities,
    }
    want = {
        "place": place,
        "date_start": D(start),
        "date_end": D(end) if end is not None else D(start),
        "event_type": event_type,
        "sub_event_type": sub_event_type if sub_event_type is not None else e.sub_event_type,
        "fatalities": fatalities,
    }
    if wounded is not UNCHECKED:
        got["wounded"], want["wounded"] = e.wounded, wounded
    if precision is not None:
        got["geo_precision"], want["geo_precision"] = e.geo_precision, precision
    assert got == want

    # the evidence is a sentence of the line, the id a stable 16-hex digest
    assert e.evidence.sentence and e.evidence.sentence in line
    assert line[e.evidence.start : e.evidence.end] == e.evidence.sentence
    assert _HEX16.fullmatch(e.id)
    again = extract_events(line, published=published)
    assert [x.id for x in again] == [x.id for x in events]
    assert again[0] == e


def test_table_is_large_enough():
    assert len(ROWS) >= 45
    assert len({p.values[0] for p in ROWS}) == len(ROWS)
