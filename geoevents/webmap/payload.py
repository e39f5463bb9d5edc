"""The data a web map carries: events as compact columns, areas and base outlines.

Everything the page shows about an event travels as JSON inside a
``<script type="application/json">`` element (see :func:`script_json`), never
as HTML or JavaScript source, and the page's script renders it with
``textContent``.  Columns keep 100,000 events small: coordinates are integers
in 1e-5 degree, dates are day numbers, and every string (place, sentence,
source, actor ...) is stored once in a shared table and referred to by index.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..core.model import Event, PlacedEvent, has_point
from ..core.styles import TYPE_STYLES, type_style
from .framing import AREA_PAD_DEG, KM_PER_DEGREE, MIN_SPAN_KM, choose_extent, parse_extent
from .labels import reference_labels, region_of

__all__ = ["TYPE_STYLES", "type_style", "build_payload", "script_json", "actor_groups", "troop_strength",
           "EPOCH", "TOP_ACTORS", "first_view", "more_labels", "is_country_level"]


TOP_ACTORS = 12
OTHER_ACTORS = "Other actors"
NO_ACTOR = "No actor named"
EPOCH = dt.date(1970, 1, 1)
MAX_EVENT_LABELS = 3000  # places with events that may be labelled: the busiest first
COORD_SCALE = 100_000  # 1e-5 degree, about 1 m
SHAPE_SCALE = 1_000  # outlines: 1e-3 degree, finer than their simplification


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``, U+2028 or U+2029 left.

    >>> script_json({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def troop_strength(e: Event) -> int | None:
    """The strength a troop circle shows: the low figure (or the high one when only that is known)."""
    t = e.troops
    if t is None:
        return None
    value = t.low if t.low is not None else t.high
    return value if value and value > 0 else None


def actor_groups(events: Sequence[Event], top: int = TOP_ACTORS) -> list[str]:
    """The actor switches: the ``top`` most frequent actors, then "Other actors" and "No actor named"."""
    counts = Counter(a for e in events for a in dict.fromkeys(e.actors))
    names = [a for a, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    if len(counts) > len(names):
        names.append(OTHER_ACTORS)
    if any(not e.actors for e in events):
        names.append(NO_ACTOR)
    return names


class _Strings:
    """One table of strings for the whole page; columns hold indices into it."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if not value:
            return -1
        found = self._index.get(value)
        if found is None:
            found = self._index[value] = len(self.items)
            self.items.append(value)
        return found


def _day(d: dt.date | None) -> int | None:
    return None if d is None else (d - EPOCH).days


def _place_label(e: Event) -> str:
    p = e.place
    if p is None:
        return f"{e.lat:.4f}, {e.lon:.4f}"
    parts = [p.name]
    if p.admin1 and p.admin1 != p.name:
        parts.append(p.admin1)
    if p.country and p.kind != "country":
        parts.append(p.country)
    return ", ".join(parts)


_PRECISION = {1: "town", 2: "near a town", 3: "admin area", 4: "country or wider"}


def is_country_level(e: Event) -> bool:
    """An event known only to the country (``geo_precision`` 4): the map shades the country, not a pin."""
    return e.geo_precision == 4 or (e.place is not None and e.place.kind == "country")


def first_view(events: Sequence[PlacedEvent], *, extent: str | Sequence[float] | None = None,
               focus: str = "auto") -> list[list[float]]:
    """[[south, west], [north, east]] of the map's first view: the main group of the events that are drawn as
    points, by the static map's rule (:func:`geoevents.webmap.framing.choose_extent`), or ``extent``."""
    if extent is not None:
        w, s, e_, n = parse_extent(extent)
        return [[s, w], [n, e_]]
    points = [e for e in events if not is_country_level(e)] or list(events)
    if not points:
        return [[35.0, 20.0], [60.0, 50.0]]
    _ext, inside = choose_extent([e.lat for e in points], [e.lon for e in points], aspect=1.5, focus=focus)
    group = [e for e, ok in zip(points, inside) if ok]
    # the group's own box (the page pads it for its controls), room around area-level events, a minimum span
    south, north = min(e.lat for e in group), max(e.lat for e in group)
    west, east = min(e.lon for e in group), max(e.lon for e in group)
    for e in group:
        pad = AREA_PAD_DEG if e.geo_precision == 3 else MIN_SPAN_KM / KM_PER_DEGREE / 2
        pad_lon = pad / max(0.05, math.cos(math.radians(e.lat)))
        south, north = min(south, e.lat - pad), max(north, e.lat + pad)
        west, east = min(west, e.lon - pad_lon), max(east, e.lon + pad_lon)
    return [[round(max(-85.0, south), 4), round(max(-180.0, west), 4)],
            [round(min(85.0, north), 4), round(min(180.0, east), 4)]]


def _event_labels(mapped: Sequence[PlacedEvent]) -> dict[str, list]:
    """One label per place with events (not country-level ones), the places with most events first."""
    counts: Counter = Counter()
    for e in mapped:
        if is_country_level(e):
            continue
        name = e.place.name if e.place is not None else ""
        if not name:
            continue
        key = (name, round(e.lat * 1000), round(e.lon * 1000))
        counts[key] += 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_EVENT_LABELS]
    return {"n": [k[0] for k, _n in top], "y": [k[1] for k, _n in top], "x": [k[2] for k, _n in top],
            "c": [n for _k, n in top]}


def build_payload(events: Sequence[Event], *, title: str, extent: str | Sequence[float] | None = None,
                  focus: str = "auto", note: str | None = None) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON data (the second tier of labels is left to the caller:
    see :func:`more_labels`)."""
    mapped = [e for e in events if has_point(e)]
    strings = _Strings()
    type_names = list(dict.fromkeys(sorted({e.event_type or "Unknown" for e in mapped},
                                           key=lambda t: (t not in TYPE_STYLES, list(TYPE_STYLES).index(t)
                                                          if t in TYPE_STYLES else 0, t))))
    type_index = {t: i for i, t in enumerate(type_names)}
    type_counts = Counter(e.event_type or "Unknown" for e in mapped)
    groups = actor_groups(mapped)
    group_index = {a: i for i, a in enumerate(groups)}
    other = group_index.get(OTHER_ACTORS, -1)  # present whenever an actor has no group of its own
    none = group_index.get(NO_ACTOR)
    origins: list[list] = []
    origin_index: dict[tuple, int] = {}

    cols: dict[str, list] = {k: [] for k in ("y", "x", "t", "g", "a", "d0", "d1", "dp", "st", "sub", "p", "gp",
                                             "tr", "tn", "f", "w", "ev", "src", "o", "id")}
    for e in mapped:
        cols["y"].append(round(e.lat * COORD_SCALE))
        cols["x"].append(round(e.lon * COORD_SCALE))
        cols["t"].append(type_index[e.event_type or "Unknown"])
        actors = list(dict.fromkeys(e.actors))
        gs = sorted({group_index.get(a, other) for a in actors}) if actors else [none]
        cols["g"].append(gs[0] if len(gs) == 1 else gs)
        cols["a"].append([strings(a) for a in actors])
        start, end = e.date_start, e.date_end or e.date_start
        if start is not None and end is not None and end < start:
            start, end = end, start
        cols["d0"].append(_day(start))
        cols["d1"].append(_day(end))
        cols["dp"].append(strings(e.date_precision))
        cols["st"].append(strings(e.status))
        cols["sub"].append(strings(e.sub_event_type))
        cols["p"].append(strings(_place_label(e)))
        approx = e.place.approximate if e.place is not None else ""
        cols["gp"].append(strings(f"approximate location ({approx} centre)" if approx
                                  else _PRECISION.get(e.geo_precision or 0, "")))
        strength = troop_strength(e)
        cols["tr"].append(strings(e.troops.label) if strength and e.troops is not None else -1)
        cols["tn"].append(strength or 0)
        cols["f"].append(e.fatalities)
        cols["w"].append(e.wounded)
        cols["ev"].append(strings(e.evidence.sentence))
        cols["src"].append(strings(e.source))
        cols["id"].append(strings(e.id))
        o = e.origin
        if o is not None and (o.lat, o.lon) != (e.lat, e.lon):
            origin_key = (o.name, round(o.lat, 5), round(o.lon, 5))
            if origin_key not in origin_index:
                origin_index[origin_key] = len(origins)
                origins.append([strings(o.name), round(o.lat * COORD_SCALE), round(o.lon * COORD_SCALE)])
            cols["o"].append(origin_index[origin_key])
        else:
            cols["o"].append(-1)

    # columns that are empty everywhere are left out; the script reads a missing column as "none"
    for key, empty in (("tr", -1), ("tn", 0), ("f", None), ("w", None), ("o", -1), ("gp", -1)):
        if all(v == empty for v in cols[key]):
            del cols[key]

    countries, country_col = _country_shading(mapped, strings)
    if any(c >= 0 for c in country_col):
        cols["c"] = country_col
    areas = _areas(mapped, strings)
    bounds = first_view(mapped, extent=extent, focus=focus)
    return {
        "note": note or "",
        "labels": reference_labels(region_of(bounds))[0],
        "places": _event_labels(mapped),
        "countries": countries,
        "title": title,
        "n": len(mapped),
        "unmapped": len(events) - len(mapped),
        "types": [[t, *type_style(t, i), type_counts[t]] for i, t in enumerate(type_names)],
        "groups": groups,
        "s": strings.items,
        "e": cols,
        "origins": origins,
        "areas": areas,
        "base": base_outlines(tuple(sorted({e.place.country for e in mapped if e.place and e.place.country}))),
        "bounds": bounds,
    }


def more_labels(bounds: list[list[float]]) -> dict[str, list]:
    """The second tier of reference labels (small towns) for a map whose first view is ``bounds``."""
    return reference_labels(region_of(bounds))[1]


def _country_shading(events: Sequence[Event], strings: _Strings) -> tuple[list[list], list[int]]:
    """[name, ISO code, outline] of each country with country-level events, and each event's index into it."""
    wanted = sorted({e.place.country if e.place is not None and e.place.country else "" for e in events
                     if is_country_level(e)})
    outlines = {cc: (name, geom) for _code, name, cc, _iso, geom in _load_countries()} if wanted else {}
    out: list[list] = []
    index: dict[str, int] = {}
    for cc in wanted:
        name, geom = outlines.get(cc, (cc or "Unknown country", []))
        index[cc] = len(out)
        out.append([strings(name), strings(cc), geom])
    col = [index[e.place.country if e.place is not None and e.place.country else ""] if is_country_level(e) else -1
           for e in events]
    return out, col


def _areas(events: Sequence[Event], strings: _Strings) -> list[list]:
    """[name, ISO code, event count, outline] for each admin-1 area the events lie in."""
    counts = Counter(e.place.admin1_iso for e in events if e.place and e.place.admin1_iso)
    if not counts:
        return []
    outlines = _admin1_outlines()
    out = []
    for iso, n in sorted(counts.items()):
        found = outlines.get(iso)
        if found is not None:
            name, geom = found
            out.append([strings(name), strings(iso), n, geom])
    return out


def _encode_geometry(geom) -> list[list[int]]:
    """A (Multi)Polygon as rings of delta-encoded integer coordinates (lat, lon in 1e-3 degree)."""
    polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    rings = []
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            flat: list[int] = []
            py = px = 0
            coords = ring.coords[:-1]
            if (coords and max(x for x, _y in coords) - min(x for x, _y in coords) > 180
                    and min(y for _x, y in coords) > -60):
                # a ring across the antimeridian (Chukotka, Fiji): keep it in one piece east of 180 degrees
                coords = [(x + 360 if x < 0 else x, y) for x, y in coords]
            for x, y in coords:
                qy, qx = round(y * SHAPE_SCALE), round(x * SHAPE_SCALE)
                if flat and qy == py and qx == px:
                    continue
                flat += [qy - py, qx - px]
                py, px = qy, qx
            if len(flat) >= 6:
                rings.append(flat)
    return rings


def _load(layer: str, tolerance: float) -> tuple:
    import shapely

    from ..gazetteer.gazetteer import Gazetteer
    from ..gazetteer.spatial import load_outlines

    rows = load_outlines(Gazetteer.default()._db(), layer)
    out = []
    for code, name, cc, iso, geom in rows:
        simple = shapely.simplify(geom, tolerance, preserve_topology=True)
        if not simple.is_empty:
            out.append((code, name, cc, iso, _encode_geometry(simple)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _admin1_outlines() -> dict[str, tuple[str, list]]:
    return {iso: (name, geom) for _code, name, _cc, iso, geom in _load_admin1() if iso}


@functools.lru_cache(maxsize=1)
def _load_admin1() -> tuple:
    return _load("admin1", 0.01)


@functools.lru_cache(maxsize=1)
def _load_countries() -> tuple:
    return _load("country", 0.04)


@functools.lru_cache(maxsize=8)
def base_outlines(countries: tuple[str, ...]) -> dict[str, list]:
    """The base map: every country outline, and admin-1 outlines of the countries the events are in."""
    wanted = set(countries)
    return {
        "countries": [geom for _code, _name, _cc, _iso, geom in _load_countries()],
        "admin1": [geom for _code, _name, cc, _iso, geom in _load_admin1() if cc in wanted],
    }
