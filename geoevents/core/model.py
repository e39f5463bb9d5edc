"""The typed core data model: plain frozen dataclasses, no I/O."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeGuard, TypeVar

__all__ = ["Place", "Candidate", "ReverseResult", "Toponym", "EventPlace", "Troops", "Evidence", "Event", "KINDS",
           "KIND_ALIASES", "PlacedEvent", "has_point", "fast_constructor", "paused_gc"]

#: Kinds of gazetteer entry, from the largest to the smallest.
KINDS = ("region", "water", "river", "country", "admin1", "admin2", "settlement", "landmark")
#: Older spellings of kinds that ``Gazetteer.candidates(kind=...)`` still accepts.
KIND_ALIASES = {"city": "settlement", "site": "landmark"}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a settlement, an admin-1 or admin-2 area, a country, a sea or lake, a river,
    a region (continent, mountain range, informal region) or a landmark.

    ``id`` is stable across builds: ``geonames:<GeoNames id>`` where GeoNames
    has the place, otherwise ``naturalearth:<adm1_code>``,
    ``geonames-admin1:<code>``, ``geonames-admin2:<code>`` or
    ``geoevents:<slug>`` (reviewed overrides).
    """

    id: str
    name: str
    kind: str  # one of KINDS: region, water, river, country, admin1, admin2, settlement, landmark
    feature_code: str  # GeoNames feature code (PPLC, PPLA, PPL ...), ADM1, ADM2, PCLI
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2 ("" for none)
    country_name: str
    admin1: str  # admin-1 name ("Kursk Oblast")
    admin1_code: str  # GeoNames admin-1 code ("RU.41")
    admin1_iso: str  # ISO 3166-2 code ("RU-KRS"), "" when unknown
    admin2: str
    admin2_code: str
    population: int
    alternate_names: tuple[str, ...] = field(default=(), repr=False)
    status: str = ""  # a note on disputed or occupied areas (Crimea ...)
    qualifier: str = ""  # for a part of an area ("eastern Ukraine"): the direction, "eastern"; else ""
    part_of: str = ""  # for a part of an area: the id of the whole area; else ""
    admin3: str = ""  # a Ukrainian settlement's hromada ("Orikhivska hromada"); else ""
    approximate: bool = False  # the point is an area's (hromada or raion centre), not the place's own
    point_source: str = ""  # how a codifier / postal settlement got its point: geonames, postal, postal-area,
    # hromada, raion (the last two approximate); "" for the other GeoNames and reviewed entries
    generated_names: tuple[str, ...] = field(default=(), repr=False)  # spellings made by rule (romanise.py),
    # indexed below real names ("Vodyanoye" for Водяне)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["alternate_names"] = list(self.alternate_names)
        d["generated_names"] = list(self.generated_names)
        return d


class Candidate:
    """A place that a name may refer to, with the score it was ranked by.

    The full :class:`Place` is built on first access of :attr:`place`, so
    ranking many candidates stays cheap; ``lat``, ``lon``, ``kind``,
    ``country`` and ``population`` are available without it.
    """

    __slots__ = ("score", "matched", "key", "_row", "_src", "_make", "_place")

    def __init__(self, row: tuple | None, score: float, matched: str, make: Any, *, src: tuple | None = None,
                 key: int | None = None) -> None:
        # row: (how, pid, name, kind, fcode, cc, a1, a2, lat, lon, pop, alts), or None with ``src``
        # (index, row number, how) to build it on first use
        self._row = row
        self._src = src
        if row is not None:
            key = row[1]
        assert key is not None, "a Candidate needs its row or its key"
        self.key: int = key  # internal row id (GeoNames id where positive)
        self.score = score
        self.matched = matched  # how the name matched: "name", "alternate", "area", "fuzzy"
        self._make = make
        self._place: Place | None = None

    @property
    def row(self) -> tuple:
        row = self._row
        if row is None:
            assert self._src is not None  # __init__ is given a row or its source
            index, r, how = self._src
            row = self._row = index.row(r, how)
        return row

    @property
    def place(self) -> Place:
        if self._place is None:
            self._place = self._make(self.row)
        return self._place

    # each reads the row already held (a non-empty tuple) before asking :attr:`row` to load it
    name = property(lambda self: (self._row or self.row)[2], doc="Primary name of the place.")
    kind = property(lambda self: (self._row or self.row)[3], doc="One of KINDS: settlement, admin1, admin2, country, water, river, region, landmark.")
    feature_code = property(lambda self: (self._row or self.row)[4])
    country = property(lambda self: (self._row or self.row)[5], doc="ISO 3166-1 alpha-2 code.")
    admin1_code = property(lambda self: (self._row or self.row)[6])
    lat = property(lambda self: (self._row or self.row)[8])
    lon = property(lambda self: (self._row or self.row)[9])
    population = property(lambda self: (self._row or self.row)[10])

    @property
    def approximate(self) -> bool:
        """Whether the point is an area's centre (hromada or raion), not the place's own: precision "near"."""
        return self.place.approximate

    def __repr__(self) -> str:
        return f"Candidate({self.name!r}, {self.kind}, {self.country}, score={self.score:.2f}, {self.matched})"

    def to_dict(self) -> dict[str, Any]:
        return {**self.place.to_dict(), "score": round(self.score, 3), "matched": self.matched}


@dataclass(frozen=True, slots=True)
class ReverseResult:
    """What lies at a point: the country and admin-1 area around it and the nearest place."""

    lat: float
    lon: float
    country: str
    country_name: str
    admin1: str
    admin1_iso: str
    status: str
    nearest: Place | None
    distance_km: float | None

    @property
    def address(self) -> str:
        parts = [self.nearest.name if self.nearest is not None else "", self.admin1, self.country_name]
        out: list[str] = []
        for p in parts:
            if p and p not in out:
                out.append(p)
        return ", ".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lat": self.lat,
            "lon": self.lon,
            "address": self.address,
            "country": self.country,
            "country_name": self.country_name,
            "admin1": self.admin1,
            "admin1_iso": self.admin1_iso,
            "status": self.status,
            "nearest": self.nearest.to_dict() if self.nearest is not None else None,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 2),
        }


@dataclass(frozen=True, slots=True)
class Toponym:
    """One place mention in a text, resolved (or not) through the gazetteer.

    ``start``/``end`` are character offsets into the text (end exclusive);
    ``lat``/``lon`` are None when the mention could not be resolved.
    ``non_literal`` flags metonyms ("Moscow said", "Kyiv's allies") and
    adjectival uses ("Ukrainian cities", "North Korean troops"); such a
    mention still carries its coordinates, ``reason`` says which kind it is.
    """

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    place: Place | None
    score: float
    candidates: tuple[Candidate, ...] = field(default=(), repr=False)  # runner-ups, best first
    non_literal: bool = False
    reason: str = ""  # "", "demonym", "possessive", "agent"

    @property
    def place_id(self) -> str | None:
        return self.place.id if self.place is not None else None

    @property
    def kind(self) -> str | None:
        return self.place.kind if self.place is not None else None

    @property
    def country(self) -> str | None:
        return self.place.country if self.place is not None else None

    @property
    def admin1(self) -> str | None:
        return self.place.admin1 if self.place is not None else None

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "lat": self.lat,
            "lon": self.lon,
            "place_id": self.place_id,
            "name": p.name if p else None,
            "kind": self.kind,
            "feature_code": p.feature_code if p else None,
            "country": self.country,
            "admin1": self.admin1,
            "admin1_iso": p.admin1_iso if p else None,
            "score": round(self.score, 3),
            "non_literal": self.non_literal,
            "reason": self.reason,
            "candidates": [
                {"name": c.name, "kind": c.kind, "country": c.country, "lat": c.lat, "lon": c.lon,
                 "score": round(c.score, 3)}
                for c in self.candidates
            ],
        }


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where an event happened: the resolved place, as events and exports carry it."""

    name: str
    id: str
    kind: str
    admin1: str
    admin1_iso: str
    country: str
    lat: float
    lon: float
    approximate: str = ""  # the point is an area's centre: "hromada" or "raion"; "" for the place's own point

    @classmethod
    def from_place(cls, p: Place) -> EventPlace:
        return cls(p.name, p.id, p.kind, p.admin1, p.admin1_iso, p.country, p.lat, p.lon,
                   (p.point_source or "area") if p.approximate else "")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EventPlace:
        make = _new_place if cls is EventPlace else cls  # a subclass gets its own __init__
        return make(d["name"], d["id"], d["kind"], d["admin1"], d["admin1_iso"], d["country"], d["lat"], d["lon"],
                    d.get("approximate") or "")

    def to_dict(self) -> dict[str, Any]:
        # spelled out: dataclasses.asdict deep-copies every field, a third of the cost of storing an event
        return {"name": self.name, "id": self.id, "kind": self.kind, "admin1": self.admin1,
                "admin1_iso": self.admin1_iso, "country": self.country, "lat": self.lat, "lon": self.lon,
                "approximate": self.approximate}


@dataclass(frozen=True, slots=True)
class Troops:
    """A troop strength: "approximately 50,000 Russian and North Korean troops"."""

    low: int | None
    high: int | None
    qualifier: str  # exact, about, at least, more than, up to, fewer than, range, vague
    unit: str = ""
    sides: tuple[str, ...] = ()
    text: str = ""

    @property
    def label(self) -> str:
        """Short label for maps: "~50,000", "50,000+", "up to 85", "10,000-12,000"."""
        if self.low is None:
            return "?"
        if self.high is not None and self.high != self.low:
            return f"{self.low:,}-{self.high:,}"
        prefix = {"about": "~", "up to": "up to ", "fewer than": "<", "vague": "~"}.get(self.qualifier, "")
        suffix = "+" if self.qualifier in ("at least", "more than") else ""
        return f"{prefix}{self.low:,}{suffix}"

    def to_dict(self) -> dict[str, Any]:
        # what asdict gives, with sides as a list, built directly (event ids hash it)
        return {"low": self.low, "high": self.high, "qualifier": self.qualifier, "unit": self.unit,
                "sides": list(self.sides), "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Troops:
        return cls(d["low"], d["high"], d["qualifier"], d.get("unit", ""), tuple(d.get("sides", ())),
                   d.get("text", ""))


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words an event comes from: offsets into the source text and the sentence itself."""

    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "sentence": self.sentence}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        make = _new_evidence if cls is Evidence else cls
        return make(d["start"], d["end"], d["sentence"])


@dataclass(frozen=True, slots=True)
class Event:
    """One conflict event, ACLED-style, with the evidence that proves it.

    ``geo_precision``: 1 town, 2 near a town, 3 admin area, 4 country or
    wider.  ``date_precision``: day, week, month or year (``time_precision``
    is ACLED's 1 / 2 / 3).  ``status``: happened, ongoing or expected.
    """

    id: str
    lat: float | None
    lon: float | None
    place: EventPlace | None
    geo_precision: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    status: str
    event_type: str
    sub_event_type: str
    actors: tuple[str, ...]
    troops: Troops | None
    fatalities: int | None
    evidence: Evidence
    source: str
    wounded: int | None = None
    other_places: tuple[EventPlace, ...] = ()
    origin: EventPlace | None = None  # where forces came from, when the text says ("sent from North Korea")
    actor_countries: tuple[str, ...] = ()
    trigger: str = ""
    date_text: str = ""
    notes: str = ""
    source_id: str = ""  # the row's own id in the table it came from (ACLED event_id_cnty, UCDP id); "" for text
    more_evidence: tuple[Evidence, ...] = ()  # further sentences about the same happening, in text order
    background: bool = False  # an earlier happening the text recounts (dated to a day), not the story's news
    # columns of the source table kept as they were, (name, value): ACLED inter1, inter2, civilian_targeting,
    # tags ...; UCDP GED type_of_violence, low, high, deaths_civilians ...; () for events from text
    source_fields: tuple[tuple[str, str], ...] = ()

    @property
    def evidences(self) -> tuple[Evidence, ...]:
        """Every sentence behind the event: :attr:`evidence` first, then :attr:`more_evidence`."""
        return (self.evidence, *self.more_evidence)

    @property
    def time_precision(self) -> int | None:
        return {"day": 1, "week": 2, "month": 3, "year": 3}.get(self.date_precision or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lat": self.lat,
            "lon": self.lon,
            "place": self.place.to_dict() if self.place else None,
            "geo_precision": self.geo_precision,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_precision": self.date_precision,
            "time_precision": self.time_precision,
            "date_text": self.date_text,
            "status": self.status,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "trigger": self.trigger,
            "actors": list(self.actors),
            "actor_countries": list(self.actor_countries),
            "troops": self.troops.to_dict() if self.troops else None,
            "fatalities": self.fatalities,
            "wounded": self.wounded,
            "other_places": [p.to_dict() for p in self.other_places],
            "origin": self.origin.to_dict() if self.origin else None,
            "evidence": self.evidence.to_dict(),
            "source": self.source,
            "source_id": self.source_id,
            "more_evidence": [ev.to_dict() for ev in self.more_evidence],
            "background": self.background,
            "notes": self.notes,
            **({"source_fields": dict(self.source_fields)} if self.source_fields else {}),  # table rows only
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """The event :meth:`to_dict` gave (``Event.from_dict(e.to_dict()) == e``); ``time_precision`` is derived.

        >>> from geoevents import extract_events
        >>> e = extract_events("Russian forces shelled Kharkiv on 17 November 2024.", published="2024-11-18")[0]
        >>> Event.from_dict(e.to_dict()) == e
        True
        """
        place, origin, troops = d.get("place"), d.get("origin"), d.get("troops")
        make = _new_event if cls is Event else cls  # a subclass gets its own __init__
        place_of = EventPlace.from_dict
        return make(
            d["id"], d.get("lat"), d.get("lon"), place_of(place) if place else None, d.get("geo_precision"),
            _day(d.get("date_start")), _day(d.get("date_end")), d.get("date_precision"), d.get("status", ""),
            d.get("event_type", ""), d.get("sub_event_type", ""), tuple(d.get("actors", ())),
            Troops.from_dict(troops) if troops else None, d.get("fatalities"), Evidence.from_dict(d["evidence"]),
            d.get("source", ""), d.get("wounded"), tuple(place_of(p) for p in d.get("other_places", ())),
            place_of(origin) if origin else None, tuple(d.get("actor_countries", ())),
            d.get("trigger", ""), d.get("date_text", ""), d.get("notes", ""), d.get("source_id") or "",
            tuple(Evidence.from_dict(ev) for ev in d.get("more_evidence") or ()), bool(d.get("background", False)),
            tuple((str(k), str(v)) for k, v in (d.get("source_fields") or {}).items()),
        )


class PlacedEvent(Event):
    """An :class:`Event` whose point is known, for the type checker only: never instantiated.

    :func:`has_point` narrows an ``Event`` to it, so code that keeps the events with a point can use their
    ``lat`` and ``lon`` as floats.
    """

    __slots__ = ()
    lat: float
    lon: float


def has_point(e: Event) -> TypeGuard[PlacedEvent]:
    """Whether an event has coordinates (its ``lat`` and ``lon`` are both set).

    >>> has_point(Event.from_dict({"id": "x", "lat": 50.0, "lon": 30.0, "evidence": {"start": 0, "end": 0,
    ...                                                                              "sentence": ""}}))
    True
    """
    return e.lat is not None and e.lon is not None


_T = TypeVar("_T")


def fast_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A constructor for a frozen, slotted dataclass that takes every field by position, in field order.

    It fills the slots directly (``object.__new__`` and each slot's descriptor), skipping the frozen
    ``__setattr__`` detour of the generated ``__init__``: about twice as fast, for readers that build
    many instances.  The instance equals the one the class builds from the same values; defaults are not
    applied (every field must be given) and nothing is validated, as the dataclass does not either.

    >>> make = fast_constructor(Evidence)
    >>> make(0, 5, "Hello") == Evidence(0, 5, "Hello")
    True
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__ or "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: fast_constructor needs a frozen, slotted dataclass without __post_init__")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for name in names:
        namespace[f"_set_{name}"] = cls.__dict__[name].__set__  # the slot's member descriptor
    body = "".join(f"    _set_{name}(obj, {name})\n" for name in names)
    source = f"def make({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n"
    exec(compile(source, f"<fast constructor of {cls.__name__}>", "exec"), namespace)
    return namespace["make"]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small, acyclic model objects are built.

    Readers of tables and stores make hundreds of thousands of objects without reference cycles; each
    collection would only rescan the growing list of them.  Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Readers of stored events and of event tables build many of these: the slot-filling constructors are
# about twice as fast as the dataclass __init__ and give equal instances (the from_dict methods and
# geoevents.tables use them).
_new_event = fast_constructor(Event)
_new_place = fast_constructor(EventPlace)
_new_evidence = fast_constructor(Evidence)
