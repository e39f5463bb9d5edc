"""Score extracted conflict events against hand-coded gold events (``geoevents eval-events``).

The corpus is JSONL in the layout of the "Russia-Ukraine news events developer
set" (``/work/shared/eval/README.md``): one article a line, with ``id``,
``published``, ``text`` and ``events``, each event with ``place``, ``admin1``,
``country``, ``lat``/``lon``, ``date``, ``event_type``, ``sub_event_type``,
``fatalities``, ``wounded``, ``troops``, ``evidence``, ``background`` and
``doubtful``.

How it scores (the README's Scoring section)
--------------------------------------------
* Each article is scored separately and the counts are summed.
* System events with the same (event type, place name key, date) in one
  article are merged first, as the gold never repeats them (:func:`merge_duplicates`).
* **Location agreement** in three tiers, strongest first: ``coords`` (both
  have coordinates and lie within :data:`MATCH_RADIUS_KM`), ``name`` (the
  place names share a :func:`name_key`, optionally after an alias hook such as
  :func:`gazetteer_aliases`), ``admin1`` (same country and same admin-1 key).
  A system event keeps coordinates only when it is placed at a point (a town
  or site); an event at an oblast or a country has none, as in the gold.
* **One-to-one greedy matching**: candidate pairs ranked by tier, then same
  ``event_type`` before different, then smaller date difference (a missing date
  last); a pair is taken when neither side is matched yet.
* **Report**: recall, precision, F1, and among matched pairs the share with an
  exact ``date`` (gold date not null), ``event_type``, ``sub_event_type``,
  ``fatalities`` (gold not null; and gold > 0), ``wounded`` and ``troops`` (gold
  not null), and the tier of each match.  The same figures without the gold
  background events, and on the non-doubtful gold events only: the matching is
  done once on everything; a subset drops the excluded gold events and the
  system events matched to them (neither credited nor counted as spurious).

>>> gold = [GoldArticle("a1", dt.date(2024, 5, 2), False, "", (
...     GoldEvent("Pavlohrad", "Dnipropetrovsk", "UA", None, None, dt.date(2024, 5, 1),
...               "Explosions/Remote violence", None, 2, None, None),))]
>>> system = {"a1": [SystemEvent("Pavlograd", "Dnipropetrovsk Oblast", "UA", None, None, dt.date(2024, 5, 1),
...                               "Explosions/Remote violence", "", 2, None, None),
...                  SystemEvent("Ukraine", "", "UA", None, None, dt.date(2024, 5, 2), "Battles", "", None, None, None)]}
>>> r = score(gold, system)
>>> r.subsets["all"].recall, r.subsets["all"].precision, r.subsets["all"].tiers
(1.0, 0.5, {'coords': 0, 'name': 1, 'admin1': 0})
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..core.errors import InputError

__all__ = [
    "MATCH_RADIUS_KM",
    "TIERS",
    "EVENT_TYPES",
    "EventCorpusError",
    "GoldEvent",
    "GoldArticle",
    "SystemEvent",
    "Ratio",
    "SubsetScore",
    "PairResult",
    "ArticleResult",
    "EventEvalReport",
    "Aliases",
    "Extractor",
    "name_key",
    "admin1_key",
    "gazetteer_aliases",
    "merge_duplicates",
    "location_tier",
    "match_article",
    "score",
    "load_corpus",
    "run",
]

#: Two events with coordinates agree on location within this great-circle distance.
MATCH_RADIUS_KM = 25.0
EARTH_RADIUS_KM = 6371.0088
#: Location agreement tiers, strongest first.
TIERS = ("coords", "name", "admin1")
#: ACLED's six event types, the only values ``event_type`` may take in the gold.
EVENT_TYPES = frozenset(("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                         "Riots", "Strategic developments"))
#: The field checks among matched pairs, in report order.
FIELDS = ("date", "event_type", "sub_event_type", "fatalities", "fatalities>0", "wounded", "troops")
#: The subsets every figure is reported on, and which gold events each keeps.
SUBSETS: dict[str, Callable[[GoldEvent], bool]] = {
    "all": lambda g: True,
    "no background": lambda g: not g.background,
    "non-doubtful": lambda g: not g.doubtful,
}

Aliases = Callable[[str], Iterable[str]]
"""Maps a place name to other names of the same place (canonical gazetteer names, with the area word kept)."""
Extractor = Callable[[str, "dt.date | None"], Iterable[Any]]
"""Called as ``extractor(text, published)``; returns :class:`SystemEvent` or geoevents ``Event`` objects."""


class EventCorpusError(InputError):
    """A corpus file that is not in the expected layout; the message names the file and line."""


# ---------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One hand-coded event (see the README's Format section)."""

    place: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    date: dt.date | None
    event_type: str
    sub_event_type: str | None
    fatalities: int | None
    wounded: int | None
    troops: int | None
    evidence: str = ""
    background: bool = False
    doubtful: bool = False
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"place": self.place, "admin1": self.admin1, "country": self.country, "lat": self.lat,
                "lon": self.lon, "date": _iso(self.date), "event_type": self.event_type,
                "sub_event_type": self.sub_event_type, "fatalities": self.fatalities, "wounded": self.wounded,
                "troops": self.troops, "evidence": self.evidence, "background": self.background,
                "doubtful": self.doubtful}


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article of the corpus with its gold events."""

    id: str
    published: dt.date | None
    published_estimated: bool
    text: str
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True, slots=True)
class SystemEvent:
    """An extracted event reduced to what is scored.

    ``lat``/``lon`` are None for events placed at an area (oblast, raion, country), as in the gold;
    ``merged`` counts the extracted events folded into this one by :func:`merge_duplicates`.
    The fields after ``troops`` are for listings and analysis only.
    """

    place: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    date: dt.date | None
    event_type: str
    sub_event_type: str | None
    fatalities: int | None
    wounded: int | None
    troops: int | None
    evidence: str = ""
    evidence_start: int | None = None
    place_kind: str = ""
    trigger: str = ""
    date_text: str = ""
    notes: str = ""
    merged: int = 1

    @classmethod
    def from_event(cls, event: Any) -> SystemEvent:
        """From a ``geoevents.model.Event`` (read by attribute, so no import of geoevents is needed).

        Area-level places carry their level in the name ("Kharkiv" the oblast becomes "Kharkiv Oblast"),
        so that a city never matches its oblast by name.  The date is the event's day: ``date_start``
        when the event has one day (``date_end`` equal or missing), else None (a range is not a day).
        """
        p = event.place
        kind = getattr(p, "kind", "") if p is not None else ""
        name = getattr(p, "name", "") if p is not None else ""
        if kind == "admin1" and _AREA not in name_key(name):
            name = f"{name} Oblast"
        elif kind == "admin2" and _DISTRICT not in name_key(name):
            name = f"{name} district"
        point = getattr(event, "geo_precision", None) in (1, 2)
        start, end = event.date_start, event.date_end
        day = start if start is not None and (end is None or end == start) else None
        troops = event.troops
        troops_n = None
        if troops is not None:
            upper = troops.qualifier in ("range", "up to") and troops.high is not None
            troops_n = troops.high if upper else troops.low
        ev = event.evidence
        return cls(
            place=name, admin1=(getattr(p, "admin1", "") or None) if p is not None else None,
            country=(getattr(p, "country", "") or None) if p is not None else None,
            lat=event.lat if point else None, lon=event.lon if point else None, date=day,
            event_type=event.event_type, sub_event_type=event.sub_event_type or None,
            fatalities=event.fatalities, wounded=getattr(event, "wounded", None), troops=troops_n,
            evidence=getattr(ev, "sentence", str(ev or "")), evidence_start=getattr(ev, "start", None),
            place_kind=kind, trigger=getattr(event, "trigger", ""), date_text=getattr(event, "date_text", ""),
            notes=getattr(event, "notes", ""),
        )

    def as_dict(self) -> dict[str, Any]:
        return {"place": self.place, "admin1": self.admin1, "country": self.country, "lat": self.lat,
                "lon": self.lon, "date": _iso(self.date), "event_type": self.event_type,
                "sub_event_type": self.sub_event_type, "fatalities": self.fatalities, "wounded": self.wounded,
                "troops": self.troops, "evidence": self.evidence, "evidence_start": self.evidence_start,
                "place_kind": self.place_kind, "trigger": self.trigger, "date_text": self.date_text,
                "notes": self.notes, "merged": self.merged}


# ---------------------------------------------------------------------------- name keys

_AREA, _DISTRICT = "#area", "#district"
_MARKERS = {"oblast": _AREA, "region": _AREA, "province": _AREA,
            "district": _DISTRICT, "raion": _DISTRICT, "rayon": _DISTRICT}
_DROPPED = frozenset(("community", "hromada"))
_APOSTROPHES_RE = re.compile(r"['’ʼʹ‘`´ʻ]")
_PUNCT_RE = re.compile(r"[^\w#]+|_")
_DOUBLE_RE = re.compile(r"(.)\1+")
_FINAL_VOWELS_RE = re.compile(r"(?<=.)[aeiou]+$")
# words an admin-1 name may carry or not: "Masovian Voivodeship", "Republic of Dagestan"
_ADMIN1_NOISE = frozenset(("voivodeship", "krai", "kray", "republic", "autonomous", "of", "the",
                           "governorate", "oblasti", "oblasts"))


def _fold_word(word: str) -> str:
    """kh->h, g->h, y->i, j->i, doubled letters collapsed, word-final vowels removed."""
    w = word.replace("kh", "h").replace("g", "h").replace("y", "i").replace("j", "i")
    w = _DOUBLE_RE.sub(r"\1", w)
    return _FINAL_VOWELS_RE.sub("", w)


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The key under which two spellings of a place name are equal (README, Scoring, 2).

    >>> [name_key(n) for n in ("Pavlograd", "Pavlohrad", "Kupyansk", "Kupiansk")]
    ['pavlohrad', 'pavlohrad', 'kupiansk', 'kupiansk']
    >>> name_key("Nikopolskyi district") == name_key("Nikopol raion")
    True
    >>> name_key("Sumy") == name_key("Sumy Oblast")
    False
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _APOSTROPHES_RE.sub("", text)
    words: list[str] = []
    for w in _PUNCT_RE.sub(" ", text.replace("#", " ")).split():
        if w in _DROPPED:
            continue
        marker = _MARKERS.get(w)
        words.append(marker if marker else _fold_word(w))
    for k in range(1, len(words)):
        # "Nikopolskyi district" -> "nikopol #district": the adjectival -sk before the marker goes
        if words[k] == _DISTRICT and words[k - 1].endswith("sk") and len(words[k - 1]) > 4:
            words[k - 1] = words[k - 1][:-2]
    return " ".join(words)


@lru_cache(maxsize=4096)
def admin1_key(name: str) -> str:
    """Key of an admin-1 name, without its area word: "Kursk Oblast", "Kursk region" and "Kursk" agree.
    "City" stays: "Kyiv City" is not "Kyiv" (the oblast).

    >>> admin1_key("Kursk region") == admin1_key("Kursk"), admin1_key("Kyiv City") == admin1_key("Kyiv")
    (True, False)
    """
    words = [w for w in name_key(name).split() if w != _AREA and w not in _ADMIN1_NOISE]
    return " ".join(words)


def gazetteer_aliases(gazetteer: Any = None) -> Aliases:
    """An alias hook backed by a geoevents ``Gazetteer`` (the default one if None).

    A name maps to the primary name of its best exact or alternate-name match (no fuzzy matches), with
    an area word added for oblasts and raions so that the level stays part of the key: "Kiev" gives
    "Kyiv", "Kharkov" gives "Kharkiv", "Donetsk region" gives "Donetsk Oblast".
    """
    if gazetteer is None:
        from ..gazetteer.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()

    @lru_cache(maxsize=8192)
    def aliases(name: str) -> tuple[str, ...]:
        found = gazetteer.candidates(name, limit=1, fuzzy=False)
        if not found or found[0].matched == "fuzzy":
            return ()
        c = found[0]
        canonical = c.name
        if c.kind == "admin1" and _AREA not in name_key(canonical):
            canonical += " Oblast"
        elif c.kind == "admin2" and _DISTRICT not in name_key(canonical):
            canonical += " district"
        return (canonical,)

    return aliases


class _Keys:
    """Name keys of places, with their aliases, computed once per name."""

    def __init__(self, aliases: Aliases | None) -> None:
        self._aliases = aliases
        self._cache: dict[str, frozenset[str]] = {}

    def __call__(self, name: str) -> frozenset[str]:
        keys = self._cache.get(name)
        if keys is None:
            found = {name_key(name)}
            if self._aliases is not None and name:
                found.update(name_key(a) for a in self._aliases(name))
            keys = self._cache[name] = frozenset(k for k in found if k)
        return keys


# ---------------------------------------------------------------------------- matching


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def merge_duplicates(events: Sequence[SystemEvent]) -> list[SystemEvent]:
    """Fold events with the same (event type, place name key, date) into the first of them.

    The merged event keeps the first one's fields; an empty sub-event type is filled from a later one,
    and each figure takes the largest value given (a toll repeated in a text only grows).
    """
    out: list[SystemEvent] = []
    where: dict[tuple, int] = {}
    for e in events:
        key = (e.event_type, name_key(e.place), e.date)
        k = where.get(key)
        if k is None:
            where[key] = len(out)
            out.append(e)
            continue
        first = out[k]
        out[k] = _replace(first, sub_event_type=first.sub_event_type or e.sub_event_type,
                          fatalities=_max(first.fatalities, e.fatalities), wounded=_max(first.wounded, e.wounded),
                          troops=_max(first.troops, e.troops), merged=first.merged + e.merged)
    return out


def _replace(e: SystemEvent, **changes: Any) -> SystemEvent:
    from dataclasses import replace

    return replace(e, **changes)


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def location_tier(gold: GoldEvent, system: SystemEvent, keys: Callable[[str], frozenset[str]] | None = None) -> int | None:
    """0 (coordinates within 25 km), 1 (place names match), 2 (same admin-1 and country) or None."""
    if gold.lat is not None and gold.lon is not None and system.lat is not None and system.lon is not None:
        if _haversine_km(gold.lat, gold.lon, system.lat, system.lon) <= MATCH_RADIUS_KM:
            return 0
    gk: AbstractSet[str]
    sk: AbstractSet[str]
    if keys is None:
        gk, sk = {name_key(gold.place)}, {name_key(system.place)}
    else:
        gk, sk = keys(gold.place), keys(system.place)
    if gk & sk - {""}:
        return 1
    if gold.admin1 and system.admin1 and gold.country and gold.country == system.country:
        a = admin1_key(gold.admin1)
        if a and a == admin1_key(system.admin1):
            return 2
    return None


def _date_gap(a: dt.date | None, b: dt.date | None) -> float:
    return math.inf if a is None or b is None else abs((a - b).days)


def match_article(gold: Sequence[GoldEvent], system: Sequence[SystemEvent],
                  keys: Callable[[str], frozenset[str]] | None = None) -> list[tuple[int, int, int]]:
    """One-to-one greedy matching: (gold index, system index, tier) in the order taken."""
    ranked = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            tier = location_tier(g, s, keys)
            if tier is not None:
                ranked.append((tier, g.event_type != s.event_type, _date_gap(g.date, s.date), i, j))
    ranked.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for tier, _type, _gap, i, j in ranked:
        if i not in used_g and j not in used_s:
            used_g.add(i)
            used_s.add(j)
            pairs.append((i, j, tier))
    return pairs


def _field_checks(g: GoldEvent, s: SystemEvent) -> dict[str, bool]:
    """Which field checks apply to a pair, and whether each is right."""
    out = {"event_type": g.event_type == s.event_type,
           "sub_event_type": (g.sub_event_type or None) == (s.sub_event_type or None)}
    if g.date is not None:
        out["date"] = s.date == g.date
    if g.fatalities is not None:
        out["fatalities"] = s.fatalities == g.fatalities
        if g.fatalities > 0:
            out["fatalities>0"] = out["fatalities"]
    if g.wounded is not None:
        out["wounded"] = s.wounded == g.wounded
    if g.troops is not None:
        out["troops"] = s.troops == g.troops
    return out


# ---------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class Ratio:
    """``hit`` of ``total``; ``value`` is None when nothing was counted."""

    hit: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        v = self.value
        return {"hit": self.hit, "total": self.total, "value": None if v is None else round(v, 4)}


@dataclass(frozen=True, slots=True)
class SubsetScore:
    """Recall, precision and field accuracy on one subset of the gold events."""

    label: str
    gold: int
    system: int
    matched: int
    tiers: dict[str, int]
    fields: dict[str, Ratio]

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "gold": self.gold, "system": self.system, "matched": self.matched,
                "recall": round(self.recall, 4), "precision": round(self.precision, 4), "f1": round(self.f1, 4),
                "tiers": dict(self.tiers), "fields": {k: v.as_dict() for k, v in self.fields.items()}}


@dataclass(frozen=True, slots=True)
class PairResult:
    """A matched pair: indexes into the article's gold and (merged) system events, the tier, what is wrong."""

    gold: int
    system: int
    tier: str
    wrong: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article's gold events, merged system events and matches."""

    id: str
    gold: tuple[GoldEvent, ...]
    system: tuple[SystemEvent, ...]
    pairs: tuple[PairResult, ...]
    raw_system: int = 0  # system events before merging

    @property
    def misses(self) -> list[int]:
        """Indexes of the gold events that no system event matched."""
        hit = {p.gold for p in self.pairs}
        return [i for i in range(len(self.gold)) if i not in hit]

    @property
    def spurious(self) -> list[int]:
        """Indexes of the system events that matched no gold event."""
        hit = {p.system for p in self.pairs}
        return [j for j in range(len(self.system)) if j not in hit]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "raw_system": self.raw_system,
                "gold": [g.as_dict() for g in self.gold], "system": [s.as_dict() for s in self.system],
                "pairs": [{"gold": p.gold, "system": p.system, "tier": p.tier, "wrong": list(p.wrong)}
                          for p in self.pairs],
                "misses": self.misses, "spurious": self.spurious}


@dataclass(frozen=True, slots=True)
class EventEvalReport:
    """Scores on every subset, and the per-article details."""

    subsets: dict[str, SubsetScore]
    articles: tuple[ArticleResult, ...]
    raw_system: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"subsets": {k: v.as_dict() for k, v in self.subsets.items()}, "raw_system": self.raw_system,
                "articles": [a.as_dict() for a in self.articles]}

    def format_table(self) -> str:
        """The figures as a Markdown table, one column per subset."""
        cols = list(self.subsets.values())
        lines = ["| | " + " | ".join(c.label for c in cols) + " |", "|---|" + "---|" * len(cols)]

        def row(label: str, cells: Iterable[str]) -> None:
            lines.append(f"| {label} | " + " | ".join(cells) + " |")

        row("gold events", (str(c.gold) for c in cols))
        row("system events (merged)", (str(c.system) for c in cols))
        row("matched", (str(c.matched) for c in cols))
        row("recall", (f"{c.recall:.3f}" for c in cols))
        row("precision", (f"{c.precision:.3f}" for c in cols))
        row("F1", (f"{c.f1:.3f}" for c in cols))
        for f in FIELDS:
            row(f"{f} exact", (_ratio_cell(c.fields[f]) for c in cols))
        for t in TIERS:
            row(f"tier {t}", (str(c.tiers[t]) for c in cols))
        lines.append(f"\nsystem events before merging: {self.raw_system}")
        return "\n".join(lines)

    def format_details(self) -> str:
        """Per article: gold events missed, spurious system events and matched pairs with wrong fields."""
        out: list[str] = []
        for a in self.articles:
            wrong = [p for p in a.pairs if p.wrong]
            if not (a.misses or a.spurious or wrong):
                continue
            out.append(f"== {a.id}: gold {len(a.gold)}, system {len(a.system)} (raw {a.raw_system}), "
                       f"matched {len(a.pairs)}")
            for i in a.misses:
                out.append(f"  MISS     {_brief(a.gold[i])}")
            for j in a.spurious:
                out.append(f"  SPURIOUS {_brief(a.system[j])}")
            for p in wrong:
                g, s = a.gold[p.gold], a.system[p.system]
                diffs = ", ".join(f"{f}: gold {_field(g, f)!r} system {_field(s, f)!r}" for f in p.wrong)
                out.append(f"  WRONG    [{p.tier}] {g.place} ~ {s.place}: {diffs}")
        return "\n".join(out)


def _ratio_cell(r: Ratio) -> str:
    v = r.value
    return "-" if v is None else f"{v:.3f} ({r.hit}/{r.total})"


def _field(e: GoldEvent | SystemEvent, name: str) -> Any:
    value = getattr(e, "fatalities" if name == "fatalities>0" else name)
    return value.isoformat() if isinstance(value, dt.date) else value


def _brief(e: GoldEvent | SystemEvent) -> str:
    figures = "/".join("-" if v is None else str(v) for v in (e.fatalities, e.wounded, e.troops))
    flags = ""
    if isinstance(e, GoldEvent):
        flags = (" [background]" if e.background else "") + (" [doubtful]" if e.doubtful else "")
    elif e.merged > 1:
        flags = f" [x{e.merged}]"
    return (f"{e.place} ({e.admin1 or '-'}, {e.country or '-'}) {_iso(e.date) or 'no date'} "
            f"{e.event_type} / {e.sub_event_type or '-'} k/w/t {figures}{flags} :: {e.evidence[:100]!r}")


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _subset(label: str, keep: Callable[[GoldEvent], bool], articles: Sequence[ArticleResult]) -> SubsetScore:
    gold = system = matched = 0
    tiers = dict.fromkeys(TIERS, 0)
    hits = dict.fromkeys(FIELDS, 0)
    totals = dict.fromkeys(FIELDS, 0)
    for a in articles:
        gold += sum(1 for g in a.gold if keep(g))
        system += len(a.system)
        for p in a.pairs:
            g = a.gold[p.gold]
            if not keep(g):
                system -= 1  # matched to an excluded gold event: neither credited nor spurious
                continue
            matched += 1
            tiers[p.tier] += 1
            for f, ok in _field_checks(g, a.system[p.system]).items():
                totals[f] += 1
                hits[f] += ok
    fields = {f: Ratio(hits[f], totals[f]) for f in FIELDS}
    return SubsetScore(label, gold, system, matched, tiers, fields)


def score(gold_articles: Sequence[GoldArticle], system_events_by_article: Mapping[str, Sequence[Any]], *,
          aliases: Aliases | None = None, merge: bool = True) -> EventEvalReport:
    """Score system events against the gold, article by article (a pure function).

    ``system_events_by_article`` maps an article id to its events (:class:`SystemEvent` or geoevents
    ``Event``); an article missing from it has no system events.  ``aliases`` adds names under which a
    place also matches (see :func:`gazetteer_aliases`).  ``merge=False`` skips :func:`merge_duplicates`
    (for seeing what merging changes; the README's score merges).
    """
    keys = _Keys(aliases)
    results: list[ArticleResult] = []
    raw_total = 0
    for art in gold_articles:
        raw = [e if isinstance(e, SystemEvent) else SystemEvent.from_event(e)
               for e in system_events_by_article.get(art.id, ())]
        raw_total += len(raw)
        system = merge_duplicates(raw) if merge else raw
        pairs = []
        for i, j, tier in match_article(art.events, system, keys):
            checks = _field_checks(art.events[i], system[j])
            wrong = tuple(f for f in FIELDS if f in checks and not checks[f] and f != "fatalities>0")
            pairs.append(PairResult(i, j, TIERS[tier], wrong))
        pairs.sort(key=lambda p: p.gold)
        results.append(ArticleResult(art.id, art.events, tuple(system), tuple(pairs), len(raw)))
    subsets = {label: _subset(label, keep, results) for label, keep in SUBSETS.items()}
    return EventEvalReport(subsets, tuple(results), raw_total)


# ---------------------------------------------------------------------------- loading


def _check(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise EventCorpusError(f"{where}: {message}")


def _opt_date(value: Any, where: str, name: str) -> dt.date | None:
    if value is None:
        return None
    _check(isinstance(value, str), where, f"'{name}' must be a YYYY-MM-DD string or null, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise EventCorpusError(f"{where}: '{name}' must be a YYYY-MM-DD date, got {value!r}") from None


def _opt_int(value: Any, where: str, name: str) -> int | None:
    ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
    _check(ok, where, f"'{name}' must be a non-negative integer or null, got {value!r}")
    return value


def _opt_str(value: Any, where: str, name: str) -> str | None:
    _check(value is None or isinstance(value, str), where, f"'{name}' must be a string or null, got {value!r}")
    return value or None


def _coord(value: Any, where: str, name: str, bound: float) -> float | None:
    if value is None:
        return None
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and -bound <= value <= bound
    _check(ok, where, f"'{name}' must be a number in [-{bound:g}, {bound:g}] or null, got {value!r}")
    return float(value)


def _gold_event(d: Any, text: str, where: str) -> GoldEvent:
    _check(isinstance(d, dict), where, f"an event must be a JSON object, got {type(d).__name__}")
    for key in ("place", "event_type"):
        _check(isinstance(d.get(key), str) and d[key].strip() != "", where,
               f"'{key}' must be a non-empty string, got {d.get(key)!r}")
    _check(d["event_type"] in EVENT_TYPES, where,
           f"'event_type' must be one of {sorted(EVENT_TYPES)}, got {d['event_type']!r}")
    lat, lon = _coord(d.get("lat"), where, "lat", 90.0), _coord(d.get("lon"), where, "lon", 180.0)
    _check((lat is None) == (lon is None), where, f"'lat' and 'lon' must be both given or both null, "
                                                  f"got {d.get('lat')!r}, {d.get('lon')!r}")
    evidence = d.get("evidence") or ""
    _check(isinstance(evidence, str), where, f"'evidence' must be a string, got {evidence!r}")
    _check(evidence in text, where, f"'evidence' does not occur in the article text: {evidence[:60]!r}")
    flags = {}
    for key in ("background", "doubtful"):
        flags[key] = d.get(key, False)
        _check(isinstance(flags[key], bool), where, f"'{key}' must be true or false, got {flags[key]!r}")
    return GoldEvent(
        place=d["place"], admin1=_opt_str(d.get("admin1"), where, "admin1"),
        country=_opt_str(d.get("country"), where, "country"), lat=lat, lon=lon,
        date=_opt_date(d.get("date"), where, "date"), event_type=d["event_type"],
        sub_event_type=_opt_str(d.get("sub_event_type"), where, "sub_event_type"),
        fatalities=_opt_int(d.get("fatalities"), where, "fatalities"),
        wounded=_opt_int(d.get("wounded"), where, "wounded"), troops=_opt_int(d.get("troops"), where, "troops"),
        evidence=evidence, background=flags["background"], doubtful=flags["doubtful"],
        note=_opt_str(d.get("note"), where, "note") or "",
    )


def _gold_article(obj: Any, where: str) -> GoldArticle:
    _check(isinstance(obj, dict), where, f"expected a JSON object, got {type(obj).__name__}")
    _check(isinstance(obj.get("id"), str) and obj["id"] != "", where, f"'id' must be a non-empty string, got {obj.get('id')!r}")
    _check(isinstance(obj.get("text"), str), where, f"'text' must be a string, got {type(obj.get('text')).__name__}")
    events = obj.get("events")
    _check(isinstance(events, list), where, f"'events' must be a list, got {type(events).__name__}")
    estimated = obj.get("published_estimated", False)
    _check(isinstance(estimated, bool), where, f"'published_estimated' must be true or false, got {estimated!r}")
    gold = tuple(_gold_event(e, obj["text"], f"{where}: {obj['id']} event {k}") for k, e in enumerate(events))
    return GoldArticle(obj["id"], _opt_date(obj.get("published"), where, "published"), estimated, obj["text"], gold)


def load_corpus(path: str | os.PathLike[str]) -> list[GoldArticle]:
    """The articles of a JSONL gold corpus; :class:`EventCorpusError` names the file and line of any fault."""
    articles: list[GoldArticle] = []
    seen: dict[str, int] = {}
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise EventCorpusError(f"{path}: cannot read the corpus ({exc.strerror or exc})") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EventCorpusError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            art = _gold_article(obj, where)
            _check(art.id not in seen, where, f"id {art.id!r} already used on line {seen.get(art.id)}")
            seen[art.id] = lineno
            articles.append(art)
    if not articles:
        raise EventCorpusError(f"{path}: no articles in the corpus")
    return articles


# ---------------------------------------------------------------------------- running


def run(corpus_path: str | os.PathLike[str], extractor: Extractor, *, aliases: Aliases | None = None,
        merge: bool = True, limit: int | None = None) -> EventEvalReport:
    """Load a corpus, run ``extractor(text, published)`` on each article (the first ``limit``), score."""
    articles = load_corpus(corpus_path)[:limit]
    system = {a.id: list(extractor(a.text, a.published)) for a in articles}
    return score(articles, system, aliases=aliases, merge=merge)
