"""Document-level events: the clause readings of one happening, grouped into one event.

:func:`~geoevents.extract.events.build_events` reads an article clause by clause; each reading is a *mention*.  A
reader codes happenings, not sentences: the headline, the lead, a quote and a follow-up about one strike are
one event.  Mentions join a group when they are of the same event type and the same status (an expected
assault is not the build-up that happened), at the same place or one containing the other (a town inside
an oblast, an oblast inside a country), on overlapping dates (a mention dated only by the publication
date fits any date).  The event takes:

* the most specific place (but a build-up told of "the Kursk region" stays there when the text goes on to say
  "Kursk"), and the most precise stated date (the earliest among equals: the claim of a
  capture comes before its confirmation);
* the largest casualty and troop figures (a toll that rose is not added to the first one);
* the actors of all mentions, and every mention's sentence as evidence: the body's first sentence about it,
  then the others in text order.

A strike or a battle known only at the level of a country ("attacks on Ukraine"), in a text that also tells
of events at towns, summarises them and is not an event of its own.

Mentions in headings (a headline, a sub-heading: short lines without a final full stop) fold into the
body's event of the same type.  One that does not fold stands as its own event only below country level and
at a place the body does not tell of: the headline otherwise retells the body's story in other words.

>>> from geoevents import extract_events
>>> events = extract_events("Russian forces shelled Kharkiv on 17 November 2024. The shelling of Kharkiv "
...                         "damaged a school.", published="2024-11-18")
>>> [(e.place.name, str(e.date_start), len(e.evidences)) for e in events]
[('Kharkiv', '2024-11-17', 2)]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..core.model import Event, Evidence, Troops

__all__ = ["Group", "Mention", "drop_summaries", "first_events", "gather", "group_mentions", "merge_groups",
           "singletons"]

# smaller is more specific
_SPECIFIC = {"landmark": 0, "settlement": 0, "admin2": 1, "river": 2, "admin1": 2, "country": 3, "water": 4, "region": 4}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
_VIOLENT = frozenset(("Battles", "Explosions/Remote violence", "Violence against civilians"))
_SUMMARY_KINDS = frozenset(("country", "region"))
_STRATEGIC = "Strategic developments"
_RECENT_GROUPS = 64  # how many of the latest happenings a mention may join


@dataclass(frozen=True, slots=True)
class Mention:
    """One clause's reading of a happening, with what grouping needs to know about where it stands."""

    event: Event
    heading: bool = False  # read from a headline or sub-heading
    dated: bool = True  # the date comes from the text, not from the publication date


class Group:
    """The mentions of one happening, with what a new mention is checked against: the type and status they
    share, the most specific place told (every mention holds it or is held by it), and the days the dated
    mentions all allow (their common range)."""

    __slots__ = ("mentions", "where", "event_type", "expected", "days")

    def __init__(self, first: Mention) -> None:
        e = first.event
        self.mentions: list[Mention] = []
        self.where: Event = e
        self.event_type, self.expected = e.event_type, e.status == "expected"
        self.days: tuple[dt.date, dt.date] | None = None
        self.add(first)

    def add(self, m: Mention) -> None:
        e = m.event
        self.mentions.append(m)
        if _rank(e) < _rank(self.where):
            self.where = e
        if m.dated and e.date_start is not None:
            start, end = e.date_start, e.date_end or e.date_start
            self.days = (start, end) if self.days is None else (max(self.days[0], start), min(self.days[1], end))

    def fits(self, m: Mention) -> bool:
        e = m.event
        if e.event_type != self.event_type or (e.status == "expected") != self.expected:
            return False
        if not (_contains(self.where, e) or _contains(e, self.where)):
            return False
        if m.dated and e.date_start is not None and self.days is not None:
            return e.date_start <= self.days[1] and self.days[0] <= (e.date_end or e.date_start)
        return True


def _rank(e: Event) -> int:
    return _SPECIFIC.get(e.place.kind if e.place else "", 5)


def _contains(outer: Event, inner: Event) -> bool:
    """Whether ``outer``'s place is ``inner``'s or an area holding it (admin-1 area, country)."""
    a, b = outer.place, inner.place
    if a is None or b is None:
        return False
    if a.id and a.id == b.id:
        return True
    if a.kind == "country":
        return bool(a.country) and a.country == b.country and b.kind != "country"
    if a.kind == "admin1":
        return bool(a.admin1_iso) and a.admin1_iso == b.admin1_iso and _rank(inner) < _rank(outer)
    return False


def _first_fit(groups: Sequence[Group], m: Mention) -> Group | None:
    # the latest group first: discourse stays on the happening in focus; a happening told again after
    # _RECENT_GROUPS others is told anew (and the work per mention stays bounded on long texts)
    for g in reversed(groups[-_RECENT_GROUPS:]):
        if g.fits(m):
            return g
    return None


def group_mentions(mentions: Sequence[Mention]) -> list[Event]:
    """One event per happening from the clause mentions of one document, in the order they are first told."""
    return merge_groups(drop_summaries(gather(mentions)))


def gather(mentions: Sequence[Mention]) -> list[Group]:
    """The mentions of each happening: body mentions first, each joining the latest group it fits, then the
    headings, which fold into a group or stand alone below country level somewhere the body does not go."""
    groups: list[Group] = []
    for m in mentions:
        if m.heading:
            continue
        g = _first_fit(groups, m)
        if g is None:
            groups.append(Group(m))
        else:
            g.add(m)
    for m in mentions:
        if not m.heading:
            continue
        g = _first_fit(groups, m)
        if g is not None:
            g.add(m)
        elif _rank(m.event) < _SPECIFIC["country"] and not any(
                _contains(g.where, m.event) or _contains(m.event, g.where) for g in groups):
            groups.append(Group(m))  # a happening only a heading tells, somewhere the body does not go
    return groups


def singletons(mentions: Sequence[Mention]) -> list[Group]:
    """Each mention a group of its own (grouping switched off)."""
    return [Group(m) for m in mentions]


def drop_summaries(groups: Sequence[Group]) -> list[Group]:
    """Without the strikes and battles told at country level, when the text also tells of events below it:
    beside events at towns, a strike "in Ukraine" summarises them; alone, it is all the text says."""
    summary = [g for g in groups if g.where.event_type in _VIOLENT and g.where.place is not None
               and g.where.place.kind in _SUMMARY_KINDS]
    if len(summary) < len(groups):
        return [g for g in groups if g not in summary]
    return list(groups)


def merge_groups(groups: Sequence[Group]) -> list[Event]:
    """One event per group (:func:`_merge`), in the order their happenings are first told."""
    starts = {id(g): min(x.event.evidence.start for x in g.mentions) for g in groups}
    return [_merge(g) for g in sorted(groups, key=lambda g: starts[id(g)])]


def first_events(groups: Sequence[Group]) -> list[Event]:
    """Each group's first-told mention, unmerged, in text order (merging switched off)."""
    firsts = [min(g.mentions, key=lambda m: (m.heading, m.event.evidence.start)).event for g in groups]
    return sorted(firsts, key=lambda e: e.evidence.start)


def _max(values) -> int | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _troops(events: Sequence[Event]) -> Troops | None:
    found = [e.troops for e in events if e.troops is not None]
    return max(found, key=lambda t: max(t.high or 0, t.low or 0)) if found else None


def _merge(group: Group) -> Event:
    ms = sorted(group.mentions, key=lambda m: (m.heading, m.event.evidence.start))
    if len(ms) == 1:
        return ms[0].event
    events = [m.event for m in ms]
    where = group.where  # the most specific place, the first told among equals (body before headings)
    if where.event_type == _STRATEGIC and where.place is not None and where.place.kind == "settlement":
        # "troops massed in the Kursk region ... the assault in Kursk": the bare name is the region's short form
        area = next((e for e in events if e.place is not None and e.place.kind == "admin1"
                     and e.place.admin1_iso == where.place.admin1_iso
                     and e.place.name.lower().startswith(where.place.name.lower())), None)
        where = area or where
    # a date the text states, preferably at the event's own level (a country-level aside does not date a town's
    # strike); else the publication date some mention fell back on
    stated = [m.event for m in ms if m.dated and m.event.date_start is not None]
    stated = [e for e in stated if _rank(e) <= max(_rank(where), _SPECIFIC["admin1"])] or stated
    days = [e for e in stated if e.date_precision == "day"]
    reported = [m.event for m in ms if not m.dated and m.event.date_start is not None]
    # a stated day; else the day it was reported (as coders date an undated report); else a stated range
    when = min(days or reported[:1] or stated or [events[0]],
               key=lambda e: (_DATE_RANK.get(e.date_precision or "", 5), e.date_start))
    # the sub-type most mentions give, the first told among equals (Counter keeps first-seen order)
    subs = Counter(e.sub_event_type for e in events if e.sub_event_type)
    sub = max(subs, key=subs.__getitem__) if subs else ""
    actors = dict.fromkeys(a for e in events for a in e.actors)
    countries = dict.fromkeys(c for e in events for c in e.actor_countries)
    first = events[0]  # the body's first sentence about it (a heading's only where no body sentence is)
    seen = {first.evidence.start}
    more: list[Evidence] = []
    for ev in sorted((e.evidence for e in events), key=lambda ev: ev.start):
        if ev.start not in seen:
            seen.add(ev.start)
            more.append(ev)
    origin = next((e.origin for e in events if e.origin is not None), None)
    return replace(
        events[0], lat=where.lat, lon=where.lon, place=where.place, geo_precision=where.geo_precision,
        other_places=where.other_places, date_start=when.date_start, date_end=when.date_end,
        date_precision=when.date_precision, date_text=when.date_text, status=when.status, sub_event_type=sub,
        trigger=where.trigger, actors=tuple(actors), actor_countries=tuple(countries), troops=_troops(events),
        fatalities=_max(e.fatalities for e in events), wounded=_max(e.wounded for e in events),
        origin=origin, evidence=first.evidence, more_evidence=tuple(more),
        background=all(e.background for e in events), notes=when.notes,
    )
