"""Assemble events from a geoparsed document: one pass over its clauses.

Each clause that says something event-like (an ACLED trigger, or a troop
figure at a place) becomes an :class:`~geoevents.core.model.Event`:

* **where**: the most specific literal place in the clause (a town before
  its oblast before its country); metonyms ("Moscow's invasion") never
  locate an event.  "There", "in the region", "the city" refer back to the
  last place named.  "From North Korea to the Kursk region" gives an origin
  and a destination.
* **when**: the clause's date, else the sentence's, else the publication
  date (week precision, and said so in ``notes``).
* **who**: actors named in the clause and the sides of its troop figures.
* **how many**: troop strength and casualties.
* **proof**: the sentence, with offsets into the document.

The event id is a hash of the event's content, so the same input always
gives the same ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..core.model import Event, EventPlace, Evidence, Place, Toponym, Troops
from ..io.ingest import Document
from .actors import find_actors
from .dates import DateMention, clause_status, find_dates
from .eventfilter import is_policy, read_clause
from .eventtypes import EventType, classify_all
from .figures import casualty_totals, find_figures
from .grouping import Mention, group_mentions
from .sentences import split_clauses, split_sentences

__all__ = ["build_events", "event_id", "read_mentions"]

_SPECIFIC = {"landmark": 0, "settlement": 0, "admin2": 1, "river": 2, "admin1": 2, "country": 3, "water": 4, "region": 4}
_PRECISION = {"landmark": 1, "settlement": 1, "admin2": 3, "river": 3, "admin1": 3, "country": 4, "water": 4, "region": 4}
_BACKREF_RE = re.compile(
    r"\b(?:there|the (?:region|area|city|capital|town|village|oblast|province|district|settlement|front|border area)"
    r"|the (?:(?:upcoming|planned|expected|impending|new|latest|same|overnight|morning|night) )?"
    r"(?:assault|attack|offensive|operation|strike|bombardment|shelling|raid))\b",
    re.IGNORECASE,
)
_FINAL_STOP_RE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_HEADING_WORDS = 25  # a line longer than this is prose, whatever its last character
_FOCUS_SENTENCES = 2  # casualties with no place of their own attach to an event this many sentences back
_NEAR_RE = re.compile(r"\b(?:near|outside|close to|on the outskirts of|outskirts of|around|km (?:from|of)|"
                      r"kilometres (?:from|of)|kilometers (?:from|of)|north of|south of|east of|west of)\s+(?:the\s+)?$",
                      re.IGNORECASE)
_LOCATIVE_RE = re.compile(r"\b(?:in|near|at|outside|inside|around)\s+(?:the\s+)?$", re.IGNORECASE)
# words before a place that make it where something happens, not who acts: "drones over Moscow", "struck Kyiv"
_TARGETED_RE = re.compile(r"\b(?:in|near|at|outside|inside|around|on|over|into|to|towards?|against|across|targeting|"
                          r"through|throughout|along|targeted|struck|hit|hits|attacked|shelled|bombed|reached|entered|visited)\s+"
                          r"(?:the\s+)?(?:(?:downtown|central|city|capital|centre|center|outskirts|suburbs?)(?: of)?\s+)?$"
                          r"|\b(?:capital|city)\s*,\s*$", re.IGNORECASE)  # "in downtown Tbilisi", "the capital, Kyiv"
_BACKGROUND_DAYS = 31  # a stated date this long before publication is the story's background
_SEAT_CODES = frozenset(("PPLC", "BLDG"))  # capitals and seats of government ("the Kremlin") stand for rulers
_FROM_RE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
STRATEGIC, OTHER = "Strategic developments", "Other"
_REMOTE = "Explosions/Remote violence"
_ACROSS_RE = re.compile(r"\b(?:across|throughout|all over|around)\s+(?:the\s+)?$", re.IGNORECASE)
_PEACEFUL = "Peaceful protest"
# between a protest noun and its verb: "protesters set fire", "protesters later stormed"
_SUBJECT_GAP_RE = re.compile(r"\s+(?:(?:then|later|reportedly|allegedly|had|have|also)\s+)?")


_VIOLENT = frozenset(("Battles", "Explosions/Remote violence", "Violence against civilians"))
_CASUALTY_WORDS = frozenset(("killed", "killing", "kill", "wounded", "wounding", "injured", "injuring", "died",
                             "dead", "death", "deaths", "casualties"))


def _main_trigger(clause: str) -> EventType | None:
    """The clause's main event: the earliest trigger at least half as strong as the strongest.

    Main verbs come before subordinate ones in news English ("Russia has massed troops ... to push out
    forces that seized it in August" is a build-up, not a seizure).
    """
    found = classify_all(clause)
    if not found:
        return None
    if len(found) > 1:
        found = _protest_subject_dropped(clause, found)
    best = max(f.score for f in found)
    return min((f for f in found if f.score >= 0.5 * best), key=lambda f: f.start)


def _protest_subject_dropped(clause: str, found: list[EventType]) -> list[EventType]:
    """Without the peaceful-protest readings of protest nouns whose own verb, right after them, is a
    stronger riot or intervention trigger: in "protesters set fire to ..." or "demonstrators clashed with
    police" the noun names who acted, and the verb says what the protest was.  Farther away, a violent
    word is more often what the protest is about ("gathered to demand the release of detained journalists")."""
    violent = [f for f in found
               if f.event_type == "Riots" or f.event_type == "Protests" and f.sub_event_type != _PEACEFUL]
    if not violent:
        return found
    return [f for f in found if f.sub_event_type != _PEACEFUL
            or not any(v.score > f.score and _SUBJECT_GAP_RE.fullmatch(clause, f.end, v.start) for v in violent)]


def _merge_casualties(events: list[Event], sentence_events: list[int], tops: Sequence[Toponym], figs) -> None:
    """A clause's casualties belong to the event its sentence just named, at the place the clause names
    if it names one, else the sentence's first event."""
    named = {t.place.id for t in tops if t.place is not None and not t.non_literal}
    index = next((k for k in sentence_events if (p := events[k].place) is not None and p.id in named),
                 sentence_events[0])
    _add_casualties(events, index, figs)


def _add_casualties(events: list[Event], index: int, figs, *, retold: bool = False) -> None:
    """Casualties of a clause added to an event of its sentence; ``retold``: a later sentence about the same
    happening, whose figure is the toll again (the larger one stands), not more victims."""
    fatalities, wounded = casualty_totals(figs)
    if fatalities is None and wounded is None:
        return
    e = events[index]

    def combine(old: int | None, new: int | None) -> int | None:
        if new is None:
            return old
        return max(old or 0, new) if retold else (old or 0) + new

    events[index] = replace(e, fatalities=combine(e.fatalities, fatalities), wounded=combine(e.wounded, wounded))


def _focus_at(latest: dict[str, int], focus: int, place: Toponym | None) -> int:
    """The event a clause's casualties go to: the latest event at ``place`` (the place "the city" or "there"
    refers to; ``latest`` maps place ids to the index of their latest event), else the event in focus."""
    if place is not None and place.place is not None:
        return latest.get(place.place.id, focus)
    return focus


def event_id(payload: dict) -> str:
    """Stable id: SHA-1 of the event's canonical JSON (sorted keys), 16 hex digits."""
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


def _event_id_of(event_type: str, sub: str, place: str, start, end, status: str, actors: list[str],
                 troops: dict | None, fatalities: int | None, sentence: str, clause: list[int]) -> str:
    """``event_id`` of the payload an extracted event hashes, without building and sorting the dict: the
    same JSON text, keys in sorted order."""
    j = _canonical_json
    blob = (f'{{"actors": {j(actors)}, "clause": {j(clause)}, "end": {j(end)}, "fatalities": {j(fatalities)}, '
            f'"place": {j(place)}, "sentence": {j(sentence)}, "start": {j(start)}, "status": {j(status)}, '
            f'"sub": {j(sub)}, "troops": {j(troops)}, "type": {j(event_type)}}}')
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


_encode_str = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


def _canonical_json(value: Any) -> str:
    """``json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)``, with quick paths for the values
    an event payload holds (str, None, int, dates, lists of str or int); the rest goes to json.dumps."""
    kind = type(value)
    if kind is str:
        return _encode_str(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is dt.date:
        return _encode_str(str(value))
    if kind is list and all(type(v) is str for v in value):
        return "[" + ", ".join(map(_encode_str, value)) + "]"
    if kind is list and all(type(v) is int for v in value):
        return "[" + ", ".join(map(int.__repr__, value)) + "]"
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


class _EventPlaces:
    """``EventPlace.from_place``, made once per gazetteer place within one document (they are immutable)."""

    __slots__ = ("_made",)

    def __init__(self) -> None:
        self._made: dict[int, tuple[Place, EventPlace]] = {}

    def __call__(self, place: Place) -> EventPlace:
        made = self._made.get(id(place))
        if made is None or made[0] is not place:
            made = self._made[id(place)] = (place, EventPlace.from_place(place))
        return made[1]


class _Sorted:
    """Items sorted by start (toponyms, dates, figures, actors) with their starts, for :meth:`within`."""

    __slots__ = ("items", "starts", "n")

    def __init__(self, items: Sequence) -> None:
        self.items = items
        self.starts = [x.start for x in items]
        self.n = len(items)

    def within(self, start: int, end: int) -> list:
        """Items lying within [start, end), in order."""
        items, n = self.items, self.n
        k = bisect_left(self.starts, start)
        out = []
        while k < n:
            x = items[k]
            if x.start >= end:
                break
            if x.end <= end:
                out.append(x)
            k += 1
        return out


def _best_place(tops: Sequence[Toponym], locative: frozenset[int] = frozenset()) -> Toponym | None:
    """The most specific literal place; among equals, one introduced by "in"/"near"/"at" (its start is in
    ``locative``: "a ceasefire between Israel and Hezbollah took effect in Lebanon" is in Lebanon), then
    the first."""
    literal = [t for t in tops if t.place is not None and not t.non_literal]
    if not literal:
        return None
    return min(literal, key=lambda t: (_SPECIFIC.get(t.kind or "", 5), t.start not in locative, t.start))


def _date_for(dates: list[DateMention], published: dt.date | None) -> tuple:
    """(start, end, precision, status, text, note) from the first resolved date, else the publication date."""
    for d in dates:
        if d.resolved:
            return d.date_start, d.date_end, d.precision, d.status, d.text, ""
    if dates:  # relative dates but no publication date
        d = dates[0]
        return None, None, None, d.status, d.text, f"'{d.text}' is relative and the publication date is unknown"
    if published is not None:
        return published, published, "week", "", "", "no date in the text: the publication date is used"
    return None, None, None, "", "", "no date in the text and no publication date"


def _segments(text: str, title: str | None) -> list[tuple[int, int, bool]]:
    """(start, end, heading) of each sentence; a line without a final stop that runs into the next line
    ("Drones hit Odesa\\nThe attack ...") is a segment of its own.  A heading is the title, or a short
    segment without a final full stop: a headline, a sub-heading, a caption."""
    out: list[tuple[int, int, bool]] = []
    wanted = title.strip() if title else None
    for s_start, s_end in split_sentences(text):
        start = s_start
        while True:
            nl = text.find("\n", start, s_end)
            if nl < 0 or _FINAL_STOP_RE.search(text, start, nl) or nl - start > 300:
                break
            if text[start:nl].strip():
                out.append((start, nl, True))
            start = nl + 1
            while start < s_end and text[start].isspace():
                start += 1
        piece = text[start:s_end]
        heading = (piece.strip() == wanted) or (not _FINAL_STOP_RE.search(piece)
                                                and len(piece.split()) <= _HEADING_WORDS)
        out.append((start, s_end, heading))
    return out


def build_events(doc: Document, toponyms: Sequence[Toponym], *, demonyms: dict[str, str] | None = None) -> list[Event]:
    """Events of one document, one per happening, in the order they are first told.

    Each clause is read on its own (:func:`read_mentions`), then the mentions of one happening are
    grouped (:func:`~geoevents.extract.grouping.group_mentions`).
    """
    return group_mentions(read_mentions(doc, toponyms, demonyms=demonyms))


def read_mentions(doc: Document, toponyms: Sequence[Toponym], *,
                  demonyms: dict[str, str] | None = None) -> list[Mention]:
    """Every clause of the document that reports something event-like, as a :class:`Mention`, in text order."""
    text = doc.text
    dates = find_dates(text, doc.published)
    figures = find_figures(text)
    actors = find_actors(text, demonyms=demonyms)
    tops_in, dates_in, figs_in, actors_in = _Sorted(toponyms), _Sorted(dates), _Sorted(figures), _Sorted(actors)
    event_place = _EventPlaces()
    events: list[Event] = []
    locative = frozenset(t.start for t in toponyms if _LOCATIVE_RE.search(text[max(0, t.start - 16) : t.start]))
    # "Moscow captured the town", "installed by Moscow": a capital or a seat of government that is not where
    # something happens names the government, and is no event's place
    seats = frozenset(t.start for t in toponyms if t.place is not None and t.place.feature_code in _SEAT_CODES
                      and not _TARGETED_RE.search(text[max(0, t.start - 40) : t.start]))
    if seats:
        tops_in = _Sorted([t for t in toponyms if t.start not in seats])
    last_place: Toponym | None = None
    seen: set[str] = set()
    heading_of: dict[int, bool] = {}
    latest_at: dict[str, int] = {}  # place id -> index of the latest event there
    newlines = [m.start() for m in re.finditer("\n", text)]
    zeroed = 0  # events before this index were covered by a "no casualties" statement
    dated_of: dict[int, bool] = {}
    focus: tuple[int, int] | None = None  # (event index, sentence number) of the event in focus
    last_dated: tuple[int, tuple] | None = None  # (paragraph start, date) of the last stated date
    for n_sentence, (s_start, s_end, heading) in enumerate(_segments(text, doc.title)):
        s_tops = tops_in.within(s_start, s_end)
        s_dates = dates_in.within(s_start, s_end)
        k = bisect_left(newlines, s_start)
        paragraph = newlines[k - 1] + 1 if k else 0  # where the sentence's paragraph starts
        sentence_events: list[int] = []
        for c_start, c_end in split_clauses(text, s_start, s_end):
            clause = text[c_start:c_end]
            tops = tops_in.within(c_start, c_end)
            figs = figs_in.within(c_start, c_end)
            troops_fig = next((f for f in figs if f.kind == "troops"), None)
            kind = _main_trigger(clause)
            here = _best_place(tops, locative)
            background = False
            if kind is not None:
                reading = read_clause(clause, kind.start, kind.end, sentence=text[s_start:s_end])
                if not reading.keep and not (reading.reason == "habitual" and dates_in.within(c_start, c_end)):
                    # habitual, hypothetical, a reaction, aid, a running toll: not a happening (but "repeatedly
                    # shelled X between 10 and 12 March" is one, dated)
                    last_place = here or last_place
                    continue
                background = reading.background
            if kind is not None and kind.trigger.lower().split()[0] in _CASUALTY_WORDS and sentence_events:
                # "...struck Kharkiv and Odesa; two civilians were killed in Odesa"
                _merge_casualties(events, sentence_events, tops, figs)
                continue
            backref = here is None and _BACKREF_RE.search(clause) is not None
            told_here = here is not None and focus is not None and _focus_at(latest_at, -1, here) >= 0
            if kind is not None and kind.trigger.lower().split()[0] in _CASUALTY_WORDS and \
                    (here is None or told_here) and focus is not None and \
                    n_sentence - focus[1] <= _FOCUS_SENTENCES and not heading:
                # "Russian forces shelled Hirnyk. One civilian was killed."; "... in the capital", "In Hirnyk, a
                # man was killed": the toll of the event told there
                _add_casualties(events, _focus_at(latest_at, focus[0], here or (last_place if backref else None)),
                                figs, retold=True)
                continue
            harm = any(f.kind in ("fatalities", "wounded") for f in figs)
            harm_here = kind is None and harm and here is not None and not heading and not sentence_events \
                and not troops_fig
            if kind is None and not (troops_fig and (here or backref)) and not harm_here:
                if sentence_events and harm:
                    # "...shelled Shebekino; two people were injured"
                    _merge_casualties(events, sentence_events, tops, figs)
                elif harm and here is None and not heading and events and \
                        all(f.low == 0 and f.high in (0, None) for f in figs if f.kind in ("fatalities", "wounded")):
                    # "No casualties were reported." after a list of shelled villages: none anywhere it told of
                    fatalities, wounded = casualty_totals(figs)
                    for k in range(zeroed, len(events)):  # the events told since the last such statement
                        e = events[k]
                        if not heading_of[k] and (e.fatalities is None or e.wounded is None):
                            events[k] = replace(e, fatalities=fatalities if e.fatalities is None else e.fatalities,
                                                wounded=wounded if e.wounded is None else e.wounded)
                    zeroed = len(events)
                elif focus is not None and here is None and not heading and \
                        n_sentence - focus[1] <= _FOCUS_SENTENCES and harm:
                    _add_casualties(events, _focus_at(latest_at, focus[0], last_place if backref else None), figs,
                                    retold=True)
                last_place = _best_place(tops, locative) or last_place
                continue
            if kind is not None:
                event_type, sub_type, trigger = kind.event_type, kind.sub_event_type, kind.trigger
            elif harm_here:
                # "Three civilians were injured in Bakhmut": people hurt at a place are an attack there, of the
                # kind the article is telling (a strike unless it said otherwise)
                prior = events[focus[0]] if focus is not None else None
                event_type, sub_type = ((prior.event_type, prior.sub_event_type)
                                        if prior is not None and prior.event_type in _VIOLENT else (_REMOTE, ""))
                trigger = next(f.text for f in figs if f.kind in ("fatalities", "wounded"))
            else:  # troops somewhere, no other verb: a presence / build-up
                assert troops_fig is not None  # a clause with no trigger and no harm was kept for its troops
                event_type, sub_type, trigger = STRATEGIC, OTHER, troops_fig.text
            if sub_type == "Non-state actor overtakes territory" and here is not None and here.place is not None:
                own = [a for a in actors_in.within(c_start, c_end) if a.kind == "state forces"]
                if own and own[0].country and own[0].country == here.place.country:
                    sub_type = "Government regains territory"  # "Malian troops took control of Kidal"
            origin = None
            if here is not None:
                # "sent from North Korea to the Kursk region": the origin is not the location
                froms = [t for t in tops if t.place and not t.non_literal
                         and _FROM_RE.search(text[max(c_start, t.start - 12) : t.start])]
                if froms and len([t for t in tops if t.place and not t.non_literal]) > 1:
                    origin = froms[0]
                    rest = [t for t in tops if t is not origin]
                    here = _best_place(rest, locative) or here
            place_t = here
            notes: list[str] = []
            if place_t is None and backref and last_place is not None:
                place_t = last_place
                notes.append(f"location from an earlier mention ('{last_place.text}')")
            if place_t is None:
                place_t = _best_place(s_tops, locative)
            if place_t is None:
                continue  # nowhere to put it
            if kind is not None and place_t.place is not None and place_t.place.kind in ("country", "region") \
                    and is_policy(kind.trigger):
                continue  # "lifted restrictions on contractors deploying to Ukraine": a decision with no place
            clause_dates = dates_in.within(c_start, c_end)
            c_dates = clause_dates or s_dates
            d_start, d_end, d_prec, d_status, d_text, d_note = _date_for(c_dates, doc.published)
            dated = bool(c_dates) and d_start is not None
            if dated and d_prec == "day":
                last_dated = (paragraph, (d_start, d_end, d_prec, d_status, d_text))
            elif not c_dates and last_dated is not None and last_dated[0] == paragraph and not heading:
                # "On 27 May Russian forces shelled seven communities. Velyka Pysarivka came under mortar fire."
                d_start, d_end, d_prec, d_status, d_text = last_dated[1]
                d_note, dated = f"date from an earlier sentence ('{d_text}')", True
            if d_note:
                notes.append(d_note)
            if dated and doc.published is not None and (d_end or d_start) is not None and \
                    (doc.published - (d_end or d_start)).days > _BACKGROUND_DAYS:
                background = True  # told as history: well before the story's own days
            if background and not (dated and d_prec == "day"):
                continue  # history is coded only when the text dates it to a day
            status = d_status or clause_status(clause, clause_dates)
            troops = None
            if troops_fig is not None:
                troops = Troops(troops_fig.low, troops_fig.high, troops_fig.qualifier, troops_fig.unit,
                                tuple(troops_fig.sides), troops_fig.text)
            fatalities, wounded = casualty_totals(figs)
            if any(t.place is not None and t.place.kind == "country" and
                   _ACROSS_RE.search(text[max(c_start, t.start - 24) : t.start]) for t in tops):
                fatalities = wounded = None  # "on Kyiv and cities across Ukraine, killing 28": a toll of many places
            names: list[str] = []
            countries: list[str] = []
            for a in actors_in.within(c_start, c_end):
                if a.actor not in names:
                    names.append(a.actor)
                if a.country and a.country not in countries:
                    countries.append(a.country)
            evidence = Evidence(s_start, s_end, text[s_start:s_end])
            literal = [t for t in tops if t.place is not None and not t.non_literal and t is not origin]
            targets = [place_t]
            if event_type in _VIOLENT and place_t in literal and _SPECIFIC.get(place_t.kind or "", 5) == 0:
                # "drones struck Kharkiv and Odesa": one event per town, as coders record them
                targets = [t for t in literal if _SPECIFIC.get(t.kind or "", 5) == 0]
            for target in targets:
                target_place = target.place
                assert target_place is not None  # _best_place and ``literal`` keep resolved toponyms only
                precision = _PRECISION.get(target.kind or "", 4)
                if precision == 1 and (target_place.approximate or target.start >= c_start and
                                       _NEAR_RE.search(text[max(c_start, target.start - 40) : target.start])):
                    precision = 2  # "near X", or a village whose point is its hromada's centre
                place = event_place(target_place)
                others = tuple(event_place(t.place) for t in literal if t is not target)
                eid = _event_id_of(event_type, sub_type, place.id, d_start, d_end, status, names,
                                   troops.to_dict() if troops else None, fatalities, evidence.sentence,
                                   [c_start - s_start, c_end - s_start])
                if eid in seen:
                    continue
                seen.add(eid)
                sentence_events.append(len(events))
                heading_of[len(events)], dated_of[len(events)] = heading, dated
                latest_at[place.id] = len(events)
                if not heading:
                    focus = (len(events), n_sentence)
                events.append(Event(
                    id=eid, lat=place.lat, lon=place.lon, place=place, geo_precision=precision,
                    date_start=d_start, date_end=d_end, date_precision=d_prec, status=status or "happened",
                    event_type=event_type, sub_event_type=sub_type, actors=tuple(names), troops=troops,
                    fatalities=fatalities if target is targets[0] else None, evidence=evidence,
                    source=doc.source, wounded=wounded if target is targets[0] else None, other_places=others,
                    origin=event_place(origin.place) if origin else None,
                    actor_countries=tuple(countries), trigger=trigger, date_text=d_text, notes="; ".join(notes),
                    background=background,
                ))
            last_place = here or last_place
    return [Mention(e, heading=heading_of[i], dated=dated_of[i]) for i, e in enumerate(events)]
