"""The bundled gazetteer: load once, look names up fast, answer "what is here?".

The data is one SQLite file built by ``gazetteer/build.py`` from GeoNames and
Natural Earth (see docs/gazetteer.md for sources and licences).  Opening it loads a
compact in-memory name index (:mod:`geoevents.gazetteer.nameindex`) in well under a
tenth of a second, so a cold ``geoevents geocode Kursk`` stays well under
half a second and bulk lookups run at tens of thousands of names a second.

>>> gaz = Gazetteer.default()
>>> best = gaz.candidates("Kursk")[0].place
>>> best.name, best.kind, best.country
('Kursk', 'settlement', 'RU')
>>> gaz.candidates("Kursk region")[0].place.admin1_iso
'RU-KRS'
>>> gaz.candidates("Kharkov")[0].place.name
'Kharkiv'
>>> [gaz.best(n).kind for n in ("Black Sea", "Dnipro river", "Donbas", "Pokrovsk Raion")]
['water', 'river', 'region', 'admin2']
>>> east = gaz.best("eastern Ukraine")
>>> east.kind, east.qualifier, east.part_of, east.lon > 35
('region', 'eastern', 'geonames:690791', True)
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import CoordinateError, GazetteerError
from ..core.model import KIND_ALIASES, KINDS, Candidate, Place, ReverseResult
from ..core.normalize import name_key, skeleton, split_qualifier

if TYPE_CHECKING:  # pragma: no cover
    from .spatial import SpatialIndex

__all__ = ["Gazetteer", "DEFAULT_PATH", "validate_point", "haversine_km"]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.sqlite"
SCHEMA_VERSION = "7"
EARTH_RADIUS_KM = 6371.0088

# Ranking: log10(population) plus a bonus by kind / feature code, minus a
# penalty for weaker kinds of match.  Countries outrank everything; a
# national capital outranks a same-named area; an admin-1 area yields to a
# same-named city inside it ("Kursk" is the city, "Kursk region" the oblast).
# landmarks named in news (the Kremlin, the White House, the Zaporizhzhia plant) carry no population either;
# a river yields to a same-named town or country ("Dnipro", "Jordan") unless the word river is written
_KIND_BONUS = {"region": 4.0, "water": 4.0, "river": 2.5, "country": 3.0, "admin1": 0.5, "admin2": -1.5,
               "settlement": 0.0, "landmark": 6.0}
# oceans, seas and named regions carry no population: their bonus stands in for it
_FCODE_BONUS = {"OCN": 4.0, "SEA": 3.0, "GULF": 2.5, "BAY": 2.5, "STRT": 2.5, "CHN": 2.5, "RGN": 2.5, "PPLC": 2.0, "PPLA": 0.7, "PPLG": 0.5, "PPLA2": 0.3, "PPLX": -1.0, "PPLH": -2.0, "PPLQ": -2.0}
# how a key matched: 0 the name, 1 an alternate, 2 (in the exact index) a generated spelling of a codifier or
# postal name ("Vodyanoye" for Водяне), 3 an area's stem, 4 a transliteration-folded key (the fuzzy index)
_HOW_PENALTY = {0: 0.0, 1: -0.3, 2: -0.6, 3: -0.2, 4: -1.0}
_HOW_LABEL = {0: "name", 1: "alternate", 2: "generated", 3: "area", 4: "fuzzy"}
_CAPITAL_CODES = frozenset(("PPLA", "PPLC", "PPLA2", "PPLG"))
_APPROXIMATE = frozenset(("hromada", "raion"))  # point sources that give an area's centre
_CYRILLIC_COUNTRIES = frozenset(("UA", "RU", "BY", "BG", "MK", "RS", "ME", "KZ", "KG", "TJ", "MN"))
CYRILLIC_BONUS = 1.0
APPROXIMATE_PENALTY = 0.3  # a village at its hromada's centre yields to a same-named one with its own point
_KIND_SET = frozenset(KINDS) | frozenset(KIND_ALIASES)
_PHYSICAL = frozenset(("water", "river", "region", "landmark"))
# "eastern Ukraine", "north-eastern Syria", "South Florida": a direction before an area's name
_DIRECTIONS = {
    "northern": "n", "southern": "s", "eastern": "e", "western": "w", "central": "c",
    "north": "n", "south": "s", "east": "e", "west": "w",
    "northeastern": "ne", "north eastern": "ne", "northeast": "ne", "north east": "ne",
    "northwestern": "nw", "north western": "nw", "northwest": "nw", "north west": "nw",
    "southeastern": "se", "south eastern": "se", "southeast": "se", "south east": "se",
    "southwestern": "sw", "south western": "sw", "southwest": "sw", "south west": "sw",
}
_DIRECTION_WORDS = {"n": "northern", "s": "southern", "e": "eastern", "w": "western", "c": "central",
                    "ne": "north-eastern", "nw": "north-western", "se": "south-eastern", "sw": "south-western"}
_PART_KINDS = ("country", "admin1", "admin2")  # areas whose populated places give a part's point
_PART_MIN_PLACES = 3




def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a mean-radius sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def validate_point(lat: Any, lon: Any) -> tuple[float, float]:
    """Return (lat, lon) as floats or raise CoordinateError naming the bad value."""
    out = []
    for label, value, bound in (("latitude", lat, 90.0), ("longitude", lon, 180.0)):
        try:
            v = float(value)
        except (TypeError, ValueError, OverflowError):
            raise CoordinateError(f"{label} {value!r} is not a number") from None
        if not math.isfinite(v) or not -bound <= v <= bound:
            raise CoordinateError(f"{label} {value!r} is out of range [-{bound:g}, {bound:g}]")
        out.append(v)
    return out[0], out[1]


class Gazetteer:
    """Read-only access to the bundled gazetteer.

    Use :meth:`default` for the shared instance; the object is safe to use
    from several threads (each thread gets its own SQLite connection).
    """

    _default: Gazetteer | None = None
    _default_lock = threading.Lock()

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_PATH) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(f"{self.path}: gazetteer database not found (rebuild with gazetteer/build.py)")
        self._local = threading.local()
        db = self._db()
        try:
            meta = dict(db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{self.path}: not a geoevents gazetteer ({exc})") from None
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise GazetteerError(
                f"{self.path}: gazetteer schema {meta.get('schema_version')!r}, expected {SCHEMA_VERSION!r}"
            )
        self.meta = meta
        self._countries = {row[0]: row[1] for row in db.execute("SELECT cc, name FROM countries")}
        self._a1_names = dict(db.execute("SELECT code, name FROM admin1_names"))
        by_code: dict[str, list[tuple[str, str]]] = {}
        self._area_info: dict[str, tuple[str, str]] = {}  # gid -> (iso, status)
        for code, iso, gid, status in db.execute("SELECT code, iso, gid, status FROM admin1"):
            self._area_info[gid] = (iso, status)
            if code:
                by_code.setdefault(code, []).append((iso, status))
        self._a1_iso = {code: rows[0] for code, rows in by_code.items() if len(rows) == 1}
        self._demonyms = {key: gid for key, gid in db.execute("SELECT key, gid FROM demonyms")}
        self._demonym_prefixes = frozenset(" ".join(k.split(" ")[:i]) for k in self._demonyms if " " in k
                                           for i in range(1, len(k.split(" "))))
        self._other_ids: dict[int, str] | None = None  # loaded on first need
        self._a2_names: dict[str, str] | None = None
        self._place_cache: dict[int, Place] = {}
        self._rows = lru_cache(maxsize=65536)(self._rows_uncached)
        self._codes = lru_cache(maxsize=65536)(self._codes_uncached)
        self._spatial: SpatialIndex | None = None
        self._part_ids: dict[tuple[str, str], int] = {}
        from .nameindex import NameIndex

        self._index = NameIndex.load(db)

    # ------------------------------------------------------------------ basics
    @classmethod
    def default(cls) -> Gazetteer:
        """The shared gazetteer over the bundled data (opened on first use)."""
        if cls._default is None:
            with cls._default_lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            try:
                db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error as exc:  # pragma: no cover - depends on the filesystem
                raise GazetteerError(f"{self.path}: cannot open gazetteer ({exc})") from None
            self._local.db = db
        return db

    def info(self) -> dict[str, Any]:
        """Sources, versions, licences and counts of the loaded data."""
        return {
            "path": str(self.path),
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "schema_version": self.meta["schema_version"],
            "counts": json.loads(self.meta["counts"]),
            "sources": json.loads(self.meta["sources"]),
            "simplify_degrees": float(self.meta["simplify_degrees"]),
            # settlements per country and how their point was found (geonames, postal, postal-area, and the
            # approximate hromada and raion centres)
            "settlements_by_country": json.loads(self.meta.get("settlements_by_country", "{}")),
        }

    def country_name(self, cc: str) -> str:
        return self._countries.get(cc.upper(), "")

    @property
    def country_codes(self) -> frozenset[str]:
        return frozenset(self._countries)

    # ------------------------------------------------------------------ places
    def _gid(self, pid: int) -> str:
        if pid > 0:
            return f"geonames:{pid}"
        if self._other_ids is None:
            self._other_ids = dict(self._db().execute("SELECT pid, gid FROM other_ids"))
        return self._other_ids[pid]

    def _place(self, row: tuple) -> Place:
        pid = row[1]
        place = self._place_cache.get(pid)
        if place is not None:
            return place
        _, pid, name, kind, fcode, cc, a1, a2, lat, lon, pop, alts = row
        generated = ""
        if alts is None:  # rows from the in-memory index leave the alternate names in SQLite
            found = self._db().execute("SELECT alts, generated FROM alts WHERE pid = ?", (pid,)).fetchone()
            alts, generated = found if found else ("", "")
        admin3 = point_source = ""
        if kind == "settlement" and cc in ("UA", "RU"):
            info = self._db().execute("SELECT admin3, point_source FROM settlement_info WHERE pid = ?",
                                      (pid,)).fetchone()
            if info:
                admin3, point_source = info
        gid = self._gid(pid)
        if kind == "admin1":
            iso, status = self._area_info.get(gid, ("", ""))
            a1_name = name
        else:
            iso, status = self._a1_iso.get(a1, ("", ""))
            a1_name = self._a1_names.get(a1, "")
            if kind != "country":
                status = ""  # notes describe areas; a town inherits none
        place = Place(
            id=gid, name=name, kind=kind, feature_code=fcode, lat=lat, lon=lon, country=cc,
            country_name=self._countries.get(cc, ""), admin1=a1_name, admin1_code=a1, admin1_iso=iso,
            admin2=self._admin2_name(a2) if a2 else "", admin2_code=a2, population=pop,
            alternate_names=tuple(alts.split("|")) if alts else (), status=status,
            admin3=admin3, approximate=point_source in _APPROXIMATE, point_source=point_source,
            generated_names=tuple(generated.split("|")) if generated else (),
        )
        if len(self._place_cache) < 200_000:
            self._place_cache[pid] = place
        return place

    def load_all(self) -> Gazetteer:
        """Load the tables that are otherwise read on first need (before timing bulk work)."""
        self._admin2_name("")
        if self._other_ids is None:
            self._other_ids = dict(self._db().execute("SELECT pid, gid FROM other_ids"))
        return self

    def _admin2_name(self, code: str) -> str:
        if self._a2_names is None:
            self._a2_names = dict(self._db().execute("SELECT code, name FROM admin2"))
        return self._a2_names.get(code, "")

    def _pid(self, place_id: str) -> int | None:
        prefix, _, rest = place_id.partition(":")
        if prefix == "geonames" and rest.isdigit():
            return int(rest)
        row = self._db().execute("SELECT pid FROM other_ids WHERE gid = ?", (place_id,)).fetchone()
        return row[0] if row else None

    def get(self, place_id: str) -> Place | None:
        """The place with this gazetteer id, or None."""
        pid = self._pid(place_id)
        return None if pid is None else self.place_row(pid)

    def candidates_for_id(self, place_id: str) -> list[Candidate]:
        """The place with this id as a one-item candidate list (empty when unknown)."""
        pid = self._pid(place_id)
        r = None if pid is None else self._index.row_of_pid(pid)
        return [] if r is None else self._rank([self._index.row(r)])

    def _codes_uncached(self, key: str) -> tuple[int, ...]:
        return self._index.codes(key)

    def _rows_uncached(self, key: str) -> tuple[tuple, ...]:
        return self._index.rows(key)

    def _fuzzy_rows(self, key: str) -> list[tuple]:
        """Rows whose transliteration-folded key is ``key``."""
        return [(4, *r[1:]) for r in self._index.rows(key, fuzzy=True)]

    def rows_for_key(self, key: str) -> tuple[tuple, ...]:
        """Raw index rows for a normalised key (cached): the recogniser's cheap look at a name."""
        return self._rows(key)

    def demonym_target(self, key: str) -> str | None:
        """Gazetteer id of the place a demonym key points at ("north korean" -> North Korea), or None."""
        return self._demonyms.get(key)

    def demonym_countries(self) -> dict[str, str]:
        """Lower-case demonym -> ISO alpha-2 country ("north korean" -> "KP"), for actor tables."""
        out = {}
        for key, gid in self._demonyms.items():
            place = self.get(gid)
            if place is not None and place.country:
                out[key] = place.country
        return out

    def has_prefix(self, key: str) -> bool:
        """Whether some multi-word name or demonym starts with the words of ``key`` (a normalised key)."""
        return key in self._demonym_prefixes or self._index.has_prefix(key)

    def has_key(self, key: str) -> bool:
        """Whether a normalised key (see :func:`geoevents.core.normalize.name_key`) names any place."""
        return self._index.has(key)

    # ------------------------------------------------------------------ lookup
    def candidates(
        self,
        name: str,
        country: str | Iterable[str] | None = None,
        kind: str | Iterable[str] | None = None,
        *,
        limit: int | None = None,
        fuzzy: bool = True,
    ) -> list[Candidate]:
        """Ranked places that ``name`` may refer to (best first; empty when none).

        ``country`` (ISO alpha-2, one or several) and ``kind`` (one of
        :data:`KINDS`: "settlement", "admin1", "admin2", "country", "water",
        "river", "region", "landmark"; "city" and "site" are still accepted
        for "settlement" and "landmark") filter the result.  A trailing area
        word ("Kursk region", "Donetsk oblast", "Pokrovsk district") asks for
        the area; "Paris, Texas" narrows by the qualifier after the comma.  A
        leading direction ("eastern Ukraine", "northern Kharkiv oblast") that
        is not itself part of a name ("South Africa") gives that part of the
        area: kind "region", its ``qualifier`` and ``part_of`` set, and a point
        in the named part (see :meth:`_part`).
        ``fuzzy`` allows the transliteration-folded fallback ("Kupiansk" for
        "Kupyansk") when nothing matches exactly.
        """
        if limit is not None and limit < 1:
            raise ValueError(f"limit must be a positive number, got {limit!r}")
        countries = _as_set(country, upper=True) if country else None
        kinds = _as_set(kind) if kind else None
        if kinds and not kinds <= _KIND_SET:
            raise ValueError(f"kind {sorted(kinds - _KIND_SET)} is not one of {list(KINDS)}")
        if kinds:
            kinds = {KIND_ALIASES.get(k, k) for k in kinds}
        text = name.strip()
        within: set[str] | None = None
        if "," in text:
            head, _, tail = text.partition(",")
            within = self._qualifier_areas(tail)
            if within is not None:
                text = head
        key = name_key(text)
        if not key:
            return []
        if self._directional_key(key):
            found = self._part(key, fuzzy) or self._match(key, kinds, fuzzy)
        else:
            found = self._match(key, kinds, fuzzy)
        if len(found) > 1 and not key.isascii() and any(c.country in _CYRILLIC_COUNTRIES for c in found) \
                and any("\u0400" <= ch <= "\u04ff" for ch in key):
            # a name written in Cyrillic ("Кринки") is first a place where Cyrillic is written
            for c in found:
                if c.country in _CYRILLIC_COUNTRIES:
                    c.score += CYRILLIC_BONUS
            found.sort(key=_rank_key)
        if within:
            narrowed = [c for c in found if c.country in within or c.admin1_code in within]
            found = narrowed or found
        if countries:
            found = [c for c in found if c.country in countries]
        if kinds:
            found = [c for c in found if c.kind in kinds]
        return found[:limit] if limit else found

    def best(self, name: str, **kwargs: Any) -> Place | None:
        """The top candidate's place, or None."""
        found = self.candidates(name, limit=1, **kwargs)
        return found[0].place if found else None

    def _qualifier_areas(self, tail: str) -> set[str] | None:
        """Codes (country alpha-2 or admin-1 code) that a ", Texas" tail names."""
        key = name_key(tail)
        if not key:
            return None
        codes: set[str] = set()
        stem, area_kind = split_qualifier(key)
        rows = self._rows(key) or (self._rows(stem) if stem != key else ())
        for row in rows:
            if area_kind is not None and row[3] != area_kind:
                continue
            kind, cc, a1 = row[3], row[5], row[6]
            if kind == "country":
                codes.add(cc)
            elif kind == "admin1" and a1:
                codes.add(a1)
        if not codes and len(key) == 2 and key.upper() in self._countries:
            codes.add(key.upper())
        return codes or None

    def _match(self, key: str, kinds: set[str] | None, fuzzy: bool) -> list[Candidate]:
        stem, area_kind = split_qualifier(key)
        if stem == key:
            codes = self._codes(key)
            if len(codes) == 1:  # the common case: one place, ranked straight from the columns
                return [self._lone(codes[0])]
            if codes:
                return self._rank(self._rows(key))
        rows: list[tuple] | tuple[tuple, ...] = self._rows(key)
        if stem != key:
            area_rows = [r for r in self._rows(stem) if area_kind is None or r[3] == area_kind
                         or (area_kind == "admin2" and r[3] == "admin1" and not kinds)]
            if area_kind is not None:
                wanted = {area_kind} if area_kind != "admin2" else {"admin2", "admin1"}
                whole = [r for r in rows if r[3] in wanted]  # "Kyiv Oblast" itself is a name
                if whole:
                    rows = whole
                elif area_rows:
                    # an area word asks for a region, not a city-level area ("Kiev region" is not Kyiv City)
                    rows = [r for r in area_rows if " city" not in r[2].lower()] or area_rows
            else:  # "the Hague" / "the Donbas": keep both readings
                rows = list(rows) + area_rows
        if not rows and fuzzy:
            rows = self._fuzzy_rows(skeleton(key))
            if not rows and stem != key:
                rows = [r for r in self._fuzzy_rows(skeleton(stem)) if area_kind is None or r[3] == area_kind]
        return self._rank(rows)

    def _lone(self, code: int) -> Candidate:
        r, how = code >> 2, code & 3
        kind, fcode, pop, pid = self._index.rank_parts(r)
        score = math.log10(pop + 10) + _KIND_BONUS[kind] + _FCODE_BONUS.get(fcode, 0.0) + _HOW_PENALTY[how]
        return Candidate(None, score, _HOW_LABEL[how], self._place, src=(self._index, r, how), key=pid)

    def _rank(self, rows: list[tuple] | tuple[tuple, ...]) -> list[Candidate]:
        if len(rows) > 1:  # a place matched through several names keeps its best match
            best_how: dict[int, tuple] = {}
            for row in rows:
                prev = best_how.get(row[1])
                if prev is None or row[0] < prev[0]:
                    best_how[row[1]] = row
            rows = list(best_how.values())
        areas = [r for r in rows if r[3] == "admin1" or r[3] == "admin2"] if len(rows) > 1 else ()
        if areas:
            # an area yields to a same-named capital or big city inside it: "Kursk" is the city
            cities = [r for r in rows if r[3] == "settlement"]
            inside = {(r[5], r[6]) for r in cities if r[4] in _CAPITAL_CODES or r[10] >= 100_000}
            seats = {r[7] for r in cities if r[7]}
            # "Nile" is the river, not Sudan's River Nile state that also answers to it
            physical = any(r[3] in _PHYSICAL and r[0] < 2 for r in rows)
        log10, kind_bonus, fcode_bonus, how_penalty, labels = (
            math.log10, _KIND_BONUS, _FCODE_BONUS, _HOW_PENALTY, _HOW_LABEL)
        make = self._place
        out = []
        for row in rows:
            how, kind, fcode, pop = row[0], row[3], row[4], row[10]
            score = log10(pop + 10) + kind_bonus[kind] + fcode_bonus.get(fcode, 0.0) + how_penalty[how]
            if pop == 0 and kind == "settlement" and self._index.approximate(row[1]):
                score -= APPROXIMATE_PENALTY
            if areas:
                if kind == "admin1" and (row[5], row[6]) in inside:
                    score -= 2.5
                elif kind == "admin2" and row[7] in seats:
                    score -= 1.0
                if how != 0 and physical and (kind == "admin1" or kind == "admin2"):
                    score -= 3.0
            out.append(Candidate(row, score, labels[how], make))
        if len(out) > 1:
            out.sort(key=_rank_key)
        return out

    # ------------------------------------------------------------------ parts of areas
    def _directional_key(self, key: str) -> bool:
        """Whether ``key`` starts with a direction and is not itself a name ("eastern ukraine", not "south africa")."""
        words = key.split(" ")
        if words[0] == "the":
            words = words[1:]
        if len(words) < 2 or words[0] not in _DIRECTIONS:
            return False
        return not (self._index.has(key) or self._index.has(split_qualifier(key)[0]))

    def _part(self, key: str, fuzzy: bool) -> list[Candidate]:
        """Candidates for "eastern Ukraine": the named part of an area, with a point inside that part.

        The whole area is the best-ranked country, admin-1 or admin-2 area for the rest of the name.
        Its populated places (GeoNames cities500) are cut into thirds of their extent by latitude and
        by longitude (the extent between the 1st and 99th percentiles, so a far-flung exclave or island
        does not stretch it).  "Eastern" keeps the eastern third, "north-eastern" the north-eastern
        ninth, "central" the middle ninth.  The point lies in the middle of the band that was cut
        (eastern Ukraine: the middle of its eastern third, between Dnipro and Donetsk) and, along the other axis,
        at the median of the places kept, so it follows where people live ("southern Russia" lies
        north of the Caucasus, not in the Altai).  Areas with fewer than three places give no part.
        """
        words = key.split(" ")
        if words[0] == "the":
            words = words[1:]
        for n in (2, 1):
            d = _DIRECTIONS.get(" ".join(words[:n]))
            if d and len(words) > n:
                rest = " ".join(words[n:])
                break
        else:
            return []
        if self._index.has(" ".join(words)):
            return []
        areas = [c for c in self._match(rest, None, fuzzy) if c.kind in _PART_KINDS]
        if not areas:
            return []
        whole = areas[0].place
        col, value = {"country": ("cc", whole.country), "admin1": ("a1", whole.admin1_code),
                      "admin2": ("a2", whole.admin2_code)}[whole.kind]
        point = self._part_point(col, value, d)
        if point is None:
            return []
        word = _DIRECTION_WORDS[d]
        ids = self._part_ids.setdefault((whole.id, d), -(1 << 40) - len(self._part_ids))
        place = Place(
            id=f"{whole.id}#{word}", name=f"{word.capitalize()} {whole.name}", kind="region", feature_code="RGN",
            lat=point[0], lon=point[1], country=whole.country, country_name=whole.country_name,
            admin1=whole.admin1 if whole.kind != "country" else "", admin1_code=whole.admin1_code,
            admin1_iso=whole.admin1_iso, admin2=whole.admin2, admin2_code=whole.admin2_code, population=0,
            alternate_names=(), status=whole.status, qualifier=word, part_of=whole.id,
        )
        row = (0, ids, place.name, "region", "RGN", place.country, place.admin1_code, place.admin2_code,
               place.lat, place.lon, 0, "")
        return [Candidate(row, areas[0].score, "part", lambda _row, _p=place: _p)]

    def _part_point(self, col: str, value: str, d: str) -> tuple[float, float] | None:
        lat, lon = self._index.member_points(col, value)
        if len(lat) < _PART_MIN_PLACES:
            return None
        import numpy as np

        keep = np.ones(len(lat), dtype=bool)
        middle: list[float | None] = []
        for lo_code, hi_code, values in (("s", "n", lat), ("w", "e", lon)):
            first, last = np.quantile(values, [0.01, 0.99])  # the extent, less far-flung exclaves and islands
            lo, hi = first + (last - first) / 3, last - (last - first) / 3
            band = (hi, last) if hi_code in d else (first, lo) if lo_code in d else (lo, hi) if d == "c" else None
            if band is not None:
                keep &= (values >= band[0]) & (values <= band[1])
            middle.append(None if band is None else float(band[0] + band[1]) / 2)
        if keep.sum() < 1:
            return None
        la = middle[0] if middle[0] is not None else float(np.median(lat[keep]))
        lo_ = middle[1] if middle[1] is not None else float(np.median(lon[keep]))
        return round(la, 5), round(lo_, 5)

    # ------------------------------------------------------------------ reverse
    def reverse(self, lat: Any, lon: Any) -> ReverseResult:
        """Country, admin-1 area (with any status note) and nearest place at a point."""
        lat, lon = validate_point(lat, lon)
        spatial = self._spatial_index()
        return spatial.lookup(self, lat, lon)

    def _spatial_index(self) -> SpatialIndex:
        if self._spatial is None:
            from .spatial import SpatialIndex

            self._spatial = SpatialIndex.load(self._db(), self._index)
        return self._spatial

    def place_row(self, pid: int) -> Place | None:
        """The place with this internal row id (GeoNames id where positive), or None."""
        r = self._index.row_of_pid(pid)
        return None if r is None else self._place(self._index.row(r))

    def area_info(self, gid: str) -> tuple[str, str]:
        """(ISO 3166-2 code, status note) of an admin-1 area by its gazetteer id."""
        return self._area_info.get(gid, ("", ""))


def _rank_key(c: Candidate) -> tuple[float, int]:
    return (-c.score, c.key)


def _as_set(value: str | Iterable[str] | None, *, upper: bool = False) -> set[str]:
    if value is None:
        return set()
    items = [value] if isinstance(value, str) else list(value)
    return {(v.upper() if upper else v) for v in items if v}
