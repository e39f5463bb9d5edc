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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..core.errors import InputError
from ..core.model import Event, EventPlace, Evidence, Place, Toponym, Troops
from ..io.ingest import Document
from .actors import find_actors
from .dates import DateMention, clause_status, find_dates
from .eventfilter import is_policy, read_clause
from .eventtypes import EventType, classify_all
from .figures import casualty_totals, find_figures
from .grouping import Group, Mention, drop_summaries, first_events, gather, merge_groups, singletons
from .sentences import split_clauses, split_sentences

__all__ = ["CLAUSE_STEPS", "STAGES", "Draft", "Stage", "build_events", "event_id", "read_mentions", "stage_names"]

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


@dataclass(frozen=True, slots=True)
class Draft:
    """What the stages of :func:`build_events` hand on: the document and its toponyms, then the clause
    mentions, the groups of mentions of one happening, and at last the events."""

    doc: Document
    toponyms: Sequence[Toponym]
    demonyms: dict[str, str] | None = None
    skip: frozenset[str] = frozenset()
    mentions: Sequence[Mention] = ()
    groups: Sequence[Group] = ()
    events: Sequence[Event] = ()


@dataclass(frozen=True, slots=True)
class Stage:
    """One named stage of :func:`build_events`: ``run`` when it is on, ``off`` (if any) when it is switched off,
    else the draft passes through unchanged."""

    name: str
    run: Callable[[Draft], Draft]
    about: str
    off: Callable[[Draft], Draft] | None = None


STAGES: tuple[Stage, ...] = (
    Stage("mentions", lambda d: replace(d, mentions=read_mentions(d.doc, d.toponyms, demonyms=d.demonyms, skip=d.skip)),
          "each clause that reports a happening, read as a mention (place, date, actors, figures)"),
    Stage("group", lambda d: replace(d, groups=gather(d.mentions)),
          "the mentions of one happening gathered into a group",
          off=lambda d: replace(d, groups=singletons(d.mentions))),
    Stage("summaries", lambda d: replace(d, groups=drop_summaries(d.groups)),
          "country-level strikes and battles dropped when the text tells of events below country level"),
    Stage("merge", lambda d: replace(d, events=merge_groups(d.groups)),
          "one event per group: the most specific place, the best date, the largest figures, all evidence",
          off=lambda d: replace(d, events=first_events(d.groups))),
)
# steps inside the "mentions" stage, switched off through the same ``skip``
CLAUSE_STEPS: tuple[tuple[str, str], ...] = (
    ("filter", "clauses that tell no concrete happening (habitual, hypothetical, reactions, aid) are dropped"),
    ("casualties", "casualties without a happening of their own added to the event their sentence or the "
                   "text in focus told"),
)


def stage_names() -> tuple[str, ...]:
    """Every name ``build_events(skip=...)`` accepts, in the order they run.

    >>> stage_names()
    ('mentions', 'filter', 'casualties', 'group', 'summaries', 'merge')
    """
    return (STAGES[0].name, *(name for name, _ in CLAUSE_STEPS), *(s.name for s in STAGES[1:]))


def build_events(doc: Document, toponyms: Sequence[Toponym], *, demonyms: dict[str, str] | None = None,
                 skip: frozenset[str] = frozenset()) -> list[Event]:
    """Events of one document, one per happening, in the order they are first told.

    The :data:`STAGES` run in order: each clause is read on its own (:func:`read_mentions`), then the mentions
    of one happening are grouped and merged (:mod:`~geoevents.extract.grouping`).  ``skip`` switches stages
    (and the :data:`CLAUSE_STEPS` of reading) off by name, for tests: see :func:`stage_names`.
    """
    unknown = sorted(set(skip) - set(stage_names()))
    if unknown:
        raise InputError(f"unknown stage(s) {', '.join(map(repr, unknown))}: expected some of "
                         f"{', '.join(stage_names())}")
    draft = Draft(doc, toponyms, demonyms, frozenset(skip))
    for stage in STAGES:
        if stage.name not in skip:
            draft = stage.run(draft)
        elif stage.off is not None:
            draft = stage.off(draft)
    return list(draft.events)


def read_mentions(doc: Document, toponyms: Sequence[Toponym], *, demonyms: dict[str, str] | None = None,
                  skip: frozenset[str] = frozenset()) -> list[Mention]:
    """Every clause of the document that reports something event-like, as a :class:`Mention`, in text order.

    ``skip`` may switch off the :data:`CLAUSE_STEPS` "filter" and "casualties"."""
    return _Reader(doc, toponyms, demonyms, skip).read()


class _Sentence:
    """A sentence being read: its number, span, whether it is a heading, its toponyms and dates, where its
    paragraph starts, and the indices of the events read from it so far."""

    __slots__ = ("n", "start", "end", "heading", "tops", "dates", "paragraph", "events")

    def __init__(self, n: int, start: int, end: int, heading: bool, tops: list, dates: list, paragraph: int) -> None:
        self.n, self.start, self.end, self.heading = n, start, end, heading
        self.tops, self.dates, self.paragraph = tops, dates, paragraph
        self.events: list[int] = []


class _Clause:
    """A clause being read: its span and text, its toponyms and figures, its main trigger and best place."""

    __slots__ = ("start", "end", "text", "tops", "figs", "troops", "kind", "here", "background", "backref", "harm",
                 "origin", "notes")

    def __init__(self, reader: _Reader, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.text = clause = reader.text[start:end]
        self.tops = reader.tops_in.within(start, end)
        self.figs = figs = reader.figs_in.within(start, end)
        self.troops = next((f for f in figs if f.kind == "troops"), None)
        self.kind = _main_trigger(clause)
        self.here = _best_place(self.tops, reader.locative)
        self.background = False
        self.backref = False
        self.harm = False
        self.origin: Toponym | None = None
        self.notes: list[str] = []


class _Reader:
    """One pass over a document's clauses: the events read so far, and what later clauses refer back to (the
    last place named, the event in focus, the last stated day of the paragraph)."""

    def __init__(self, doc: Document, toponyms: Sequence[Toponym], demonyms: dict[str, str] | None,
                 skip: frozenset[str]) -> None:
        self.doc = doc
        self.text = text = doc.text
        self.dates_in = _Sorted(find_dates(text, doc.published))
        self.figs_in = _Sorted(find_figures(text))
        self.actors_in = _Sorted(find_actors(text, demonyms=demonyms))
        self.locative = frozenset(t.start for t in toponyms
                                  if _LOCATIVE_RE.search(text[max(0, t.start - 16) : t.start]))
        # "Moscow captured the town", "installed by Moscow": a capital or a seat of government that is not where
        # something happens names the government, and is no event's place
        seats = frozenset(t.start for t in toponyms if t.place is not None and t.place.feature_code in _SEAT_CODES
                          and not _TARGETED_RE.search(text[max(0, t.start - 40) : t.start]))
        self.tops_in = _Sorted([t for t in toponyms if t.start not in seats] if seats else toponyms)
        self.event_place = _EventPlaces()
        self.events: list[Event] = []
        self.seen: set[str] = set()
        self.heading_of: dict[int, bool] = {}
        self.dated_of: dict[int, bool] = {}
        self.latest_at: dict[str, int] = {}  # place id -> index of the latest event there
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.zeroed = 0  # events before this index were covered by a "no casualties" statement
        self.focus: tuple[int, int] | None = None  # (event index, sentence number) of the event in focus
        self.last_dated: tuple[int, tuple] | None = None  # (paragraph start, date) of the last stated date
        self.last_place: Toponym | None = None
        self.filter, self.casualties = "filter" not in skip, "casualties" not in skip

    def read(self) -> list[Mention]:
        for n, (s_start, s_end, heading) in enumerate(_segments(self.text, self.doc.title)):
            k = bisect_left(self.newlines, s_start)
            paragraph = self.newlines[k - 1] + 1 if k else 0  # where the sentence's paragraph starts
            s = _Sentence(n, s_start, s_end, heading, self.tops_in.within(s_start, s_end),
                          self.dates_in.within(s_start, s_end), paragraph)
            for c_start, c_end in split_clauses(self.text, s_start, s_end):
                self._clause(s, _Clause(self, c_start, c_end))
        return [Mention(e, heading=self.heading_of[i], dated=self.dated_of[i]) for i, e in enumerate(self.events)]

    def _clause(self, s: _Sentence, c: _Clause) -> None:
        """Read one clause: drop it, add its casualties to an event told before, or make events of it."""
        kind = c.kind
        if kind is not None:
            reading = read_clause(c.text, kind.start, kind.end, sentence=self.text[s.start : s.end])
            if self.filter and not reading.keep and not (reading.reason == "habitual"
                                                         and self.dates_in.within(c.start, c.end)):
                # habitual, hypothetical, a reaction, aid, a running toll: not a happening (but "repeatedly
                # shelled X between 10 and 12 March" is one, dated)
                self.last_place = c.here or self.last_place
                return
            c.background = reading.background
        c.backref = c.here is None and _BACKREF_RE.search(c.text) is not None
        if self.casualties and self._told_casualties(s, c):
            return
        figs = c.figs
        c.harm = harm = any(f.kind in ("fatalities", "wounded") for f in figs)
        harm_here = kind is None and harm and c.here is not None and not s.heading and not s.events \
            and not c.troops
        if kind is None and not (c.troops and (c.here or c.backref)) and not harm_here:
            if self.casualties and harm:
                self._stray_casualties(s, c)
            self.last_place = c.here or self.last_place
            return
        what = self._what(c, harm_here)
        place_t = self._place(s, c)
        if place_t is None:
            return
        when = self._when(s, c)
        if when is None:
            return
        self._emit(s, c, what, place_t, when)
        self.last_place = c.here or self.last_place

    def _told_casualties(self, s: _Sentence, c: _Clause) -> bool:
        """Whether a casualty clause ("two civilians were killed") went to an event told before: one of its
        sentence, else the event in focus (or the one told at the place the clause names)."""
        kind = c.kind
        if kind is None or kind.trigger.lower().split()[0] not in _CASUALTY_WORDS:
            return False
        if s.events:
            # "...struck Kharkiv and Odesa; two civilians were killed in Odesa"
            _merge_casualties(self.events, s.events, c.tops, c.figs)
            return True
        focus, here = self.focus, c.here
        if focus is None or s.heading or s.n - focus[1] > _FOCUS_SENTENCES:
            return False
        if here is not None and _focus_at(self.latest_at, -1, here) < 0:
            return False  # a place no event was told at: an event of its own
        # "Russian forces shelled Hirnyk. One civilian was killed."; "... in the capital", "In Hirnyk, a
        # man was killed": the toll of the event told there
        _add_casualties(self.events, _focus_at(self.latest_at, focus[0], here or (self.last_place if c.backref else None)),
                        c.figs, retold=True)
        return True

    def _stray_casualties(self, s: _Sentence, c: _Clause) -> None:
        """Casualties in a clause with no trigger: to the sentence's event, to every event told since the last
        "no casualties" statement (when they are none), or to the event in focus."""
        events, figs = self.events, c.figs
        if s.events:
            # "...shelled Shebekino; two people were injured"
            _merge_casualties(events, s.events, c.tops, figs)
        elif c.here is None and not s.heading and events and \
                all(f.low == 0 and f.high in (0, None) for f in figs if f.kind in ("fatalities", "wounded")):
            # "No casualties were reported." after a list of shelled villages: none anywhere it told of
            fatalities, wounded = casualty_totals(figs)
            for k in range(self.zeroed, len(events)):  # the events told since the last such statement
                e = events[k]
                if not self.heading_of[k] and (e.fatalities is None or e.wounded is None):
                    events[k] = replace(e, fatalities=fatalities if e.fatalities is None else e.fatalities,
                                        wounded=wounded if e.wounded is None else e.wounded)
            self.zeroed = len(events)
        elif self.focus is not None and c.here is None and not s.heading and \
                s.n - self.focus[1] <= _FOCUS_SENTENCES:
            _add_casualties(events, _focus_at(self.latest_at, self.focus[0], self.last_place if c.backref else None),
                            figs, retold=True)

    def _what(self, c: _Clause, harm_here: bool) -> tuple[str, str, str]:
        """(event type, sub-event type, trigger) of a clause kept as an event."""
        kind = c.kind
        if kind is not None:
            event_type, sub_type, trigger = kind.event_type, kind.sub_event_type, kind.trigger
        elif harm_here:
            # "Three civilians were injured in Bakhmut": people hurt at a place are an attack there, of the
            # kind the article is telling (a strike unless it said otherwise)
            prior = self.events[self.focus[0]] if self.focus is not None else None
            event_type, sub_type = ((prior.event_type, prior.sub_event_type)
                                    if prior is not None and prior.event_type in _VIOLENT else (_REMOTE, ""))
            trigger = next(f.text for f in c.figs if f.kind in ("fatalities", "wounded"))
        else:  # troops somewhere, no other verb: a presence / build-up
            assert c.troops is not None  # a clause with no trigger and no harm was kept for its troops
            event_type, sub_type, trigger = STRATEGIC, OTHER, c.troops.text
        here = c.here
        if sub_type == "Non-state actor overtakes territory" and here is not None and here.place is not None:
            own = [a for a in self.actors_in.within(c.start, c.end) if a.kind == "state forces"]
            if own and own[0].country and own[0].country == here.place.country:
                sub_type = "Government regains territory"  # "Malian troops took control of Kidal"
        return event_type, sub_type, trigger

    def _place(self, s: _Sentence, c: _Clause) -> Toponym | None:
        """Where the clause's event is (None: nowhere, or a decision with no place); sets ``c.origin`` and may
        move ``c.here`` off an origin."""
        tops, here = c.tops, c.here
        if here is not None:
            # "sent from North Korea to the Kursk region": the origin is not the location
            froms = [t for t in tops if t.place and not t.non_literal
                     and _FROM_RE.search(self.text[max(c.start, t.start - 12) : t.start])]
            if froms and len([t for t in tops if t.place and not t.non_literal]) > 1:
                c.origin = origin = froms[0]
                rest = [t for t in tops if t is not origin]
                c.here = here = _best_place(rest, self.locative) or here
        place_t = here
        if place_t is None and c.backref and self.last_place is not None:
            place_t = self.last_place
            c.notes.append(f"location from an earlier mention ('{self.last_place.text}')")
        if place_t is None:
            place_t = _best_place(s.tops, self.locative)
        if place_t is None:
            return None  # nowhere to put it
        kind = c.kind
        if kind is not None and place_t.place is not None and place_t.place.kind in ("country", "region") \
                and is_policy(kind.trigger):
            return None  # "lifted restrictions on contractors deploying to Ukraine": a decision with no place
        return place_t

    def _when(self, s: _Sentence, c: _Clause) -> tuple | None:
        """(start, end, precision, status, date text, dated, background) of the clause's event, or None for
        history the text does not date to a day; adds the date's note to ``c.notes``."""
        published = self.doc.published
        clause_dates = self.dates_in.within(c.start, c.end)
        c_dates = clause_dates or s.dates
        d_start, d_end, d_prec, d_status, d_text, d_note = _date_for(c_dates, published)
        dated = bool(c_dates) and d_start is not None
        if dated and d_prec == "day":
            self.last_dated = (s.paragraph, (d_start, d_end, d_prec, d_status, d_text))
        elif not c_dates and self.last_dated is not None and self.last_dated[0] == s.paragraph and not s.heading:
            # "On 27 May Russian forces shelled seven communities. Velyka Pysarivka came under mortar fire."
            d_start, d_end, d_prec, d_status, d_text = self.last_dated[1]
            d_note, dated = f"date from an earlier sentence ('{d_text}')", True
        if d_note:
            c.notes.append(d_note)
        background = c.background
        if dated and published is not None and (d_end or d_start) is not None and \
                (published - (d_end or d_start)).days > _BACKGROUND_DAYS:
            background = True  # told as history: well before the story's own days
        if background and not (dated and d_prec == "day"):
            return None  # history is coded only when the text dates it to a day
        status = d_status or clause_status(c.text, clause_dates)
        return d_start, d_end, d_prec, status, d_text, dated, background

    def _actors(self, c: _Clause) -> tuple[list[str], list[str]]:
        """The actors named in the clause and their countries, each once, in order."""
        names: list[str] = []
        countries: list[str] = []
        for a in self.actors_in.within(c.start, c.end):
            if a.actor not in names:
                names.append(a.actor)
            if a.country and a.country not in countries:
                countries.append(a.country)
        return names, countries

    def _emit(self, s: _Sentence, c: _Clause, what: tuple[str, str, str], place_t: Toponym, when: tuple) -> None:
        """The clause's events: one at ``place_t``, or one per town a violent clause names."""
        event_type, sub_type, trigger = what
        d_start, d_end, d_prec, status, d_text, dated, background = when
        text, troops_fig, origin = self.text, c.troops, c.origin
        troops = None
        if troops_fig is not None:
            troops = Troops(troops_fig.low, troops_fig.high, troops_fig.qualifier, troops_fig.unit,
                            tuple(troops_fig.sides), troops_fig.text)
        fatalities, wounded = casualty_totals(c.figs)
        if any(t.place is not None and t.place.kind == "country" and
               _ACROSS_RE.search(text[max(c.start, t.start - 24) : t.start]) for t in c.tops):
            fatalities = wounded = None  # "on Kyiv and cities across Ukraine, killing 28": a toll of many places
        names, countries = self._actors(c)
        evidence = Evidence(s.start, s.end, text[s.start : s.end])
        literal = [t for t in c.tops if t.place is not None and not t.non_literal and t is not origin]
        targets = [place_t]
        if event_type in _VIOLENT and place_t in literal and _SPECIFIC.get(place_t.kind or "", 5) == 0:
            # "drones struck Kharkiv and Odesa": one event per town, as coders record them
            targets = [t for t in literal if _SPECIFIC.get(t.kind or "", 5) == 0]
        event_place = self.event_place
        for target in targets:
            target_place = target.place
            assert target_place is not None  # _best_place and ``literal`` keep resolved toponyms only
            precision = _PRECISION.get(target.kind or "", 4)
            if precision == 1 and (target_place.approximate or target.start >= c.start and
                                   _NEAR_RE.search(text[max(c.start, target.start - 40) : target.start])):
                precision = 2  # "near X", or a village whose point is its hromada's centre
            place = event_place(target_place)
            others = tuple(event_place(t.place) for t in literal if t is not target)
            eid = _event_id_of(event_type, sub_type, place.id, d_start, d_end, status, names,
                               troops.to_dict() if troops else None, fatalities, evidence.sentence,
                               [c.start - s.start, c.end - s.start])
            if eid in self.seen:
                continue
            self.seen.add(eid)
            n = len(self.events)
            s.events.append(n)
            self.heading_of[n], self.dated_of[n] = s.heading, dated
            self.latest_at[place.id] = n
            if not s.heading:
                self.focus = (n, s.n)
            self.events.append(Event(
                id=eid, lat=place.lat, lon=place.lon, place=place, geo_precision=precision,
                date_start=d_start, date_end=d_end, date_precision=d_prec, status=status or "happened",
                event_type=event_type, sub_event_type=sub_type, actors=tuple(names), troops=troops,
                fatalities=fatalities if target is targets[0] else None, evidence=evidence,
                source=self.doc.source, wounded=wounded if target is targets[0] else None, other_places=others,
                origin=event_place(origin.place) if origin is not None and origin.place is not None else None,
                actor_countries=tuple(countries), trigger=trigger, date_text=d_text, notes="; ".join(c.notes),
                background=background,
            ))
