"""Resolution: choose, for each recognised span, the place it means.

Each span starts from the gazetteer's ranking (population and feature rank,
qualifiers such as "Kursk region").  The document then votes:

* **country context**: countries named in the text (directly, by demonym,
  or through confidently resolved places) lift candidates inside them;
* **spatial minimality**: candidates near the other confidently resolved
  places are lifted ("Pokrovsk" beside Donetsk and Kramatorsk is the
  Ukrainian one);
* **"X, Y" qualifiers** in the text ("Paris, Texas") narrow X to Y;
* **one sense per document**: every mention of a name gets the sense of its
  most confident mention.

Weak spans (common words, first names, short capitals) survive only when
the document supports them: their place lies in a context country, or near
the other places.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .gazetteer import Gazetteer
from .model import Candidate, Toponym
from .toponyms import Span

__all__ = ["resolve_spans"]

TOP_K = 8  # candidates considered per name
COUNTRY_BONUS = 1.6
NEAR_KM = ((50.0, 2.0), (150.0, 1.5), (400.0, 1.0), (1000.0, 0.4))
ANCHOR_MARGIN = 1.0  # a span is an anchor when its best candidate leads by this much
MAX_ANCHORS = 40
_BROAD = frozenset(("country", "region", "water", "river"))  # context, never distance anchors


def _nearest_km(lat: float, lon: float, points: list[tuple[float, float, int]], k: int) -> float | None:
    """Distance to the closest anchor point not owned by span ``k`` (None when there is none)."""
    best = None
    coslat = math.cos(math.radians(lat))
    for la, lo, owner in points:
        if owner == k:
            continue
        dy = la - lat
        dx = (lo - lon) * coslat
        d2 = dx * dx + dy * dy
        if best is None or d2 < best:
            best = d2
    return None if best is None else 111.195 * math.sqrt(best)


def _within(lat: float, lon: float, points: list[tuple[float, float, int]], k: int, km: float) -> bool:
    """Whether an anchor point not owned by span ``k`` lies within ``km``."""
    nearest = _nearest_km(lat, lon, points, k)
    return nearest is not None and nearest <= km


def resolve_spans(text: str, spans: Sequence[Span], gazetteer: Gazetteer) -> list[Toponym]:
    """Turn recognised spans into resolved :class:`Toponym` objects (weak, unsupported spans dropped)."""
    if not spans:
        return []
    cache: dict[tuple[str, str | None, str | None], list[Candidate]] = {}
    cands: list[list[Candidate]] = []
    for sp in spans:
        ck = (sp.key, sp.area_kind, sp.demonym)
        found = cache.get(ck)
        if found is None:
            if sp.demonym is not None:
                found = gazetteer.candidates_for_id(sp.demonym)
            elif sp.area_kind is not None:
                found = gazetteer.candidates(sp.key, kind=_area_kinds(sp.area_kind))[:TOP_K] or \
                    gazetteer.candidates(sp.key)[:TOP_K]
            else:
                found = gazetteer.candidates(sp.key, fuzzy=False)[:TOP_K]
            cache[ck] = found
        cands.append(found)

    # "X, Y": a place followed by ", " and an area or country narrows X to it
    narrowed: dict[int, set[str]] = {}
    for k in range(len(spans) - 1):
        a, b = spans[k], spans[k + 1]
        if text[a.end : b.start] in (", ", ",") and cands[k + 1]:
            top = cands[k + 1][0]
            if top.kind in ("admin1", "country"):
                codes = {top.admin1_code if top.kind == "admin1" else top.country}
                if any((c.admin1_code if top.kind == "admin1" else c.country) in codes for c in cands[k]):
                    narrowed[k] = codes

    # anchors: confident, specific resolutions and every named country
    context: set[str] = set()
    points: list[tuple[float, float, int]] = []
    areas: dict[str, set[int]] = {}  # admin-1 code -> spans anchored inside it
    seen_points: set[tuple[float, float]] = set()
    anchored: set[int] = set()
    for k, (sp, cs) in enumerate(zip(spans, cands)):
        if not cs or sp.weak:
            continue
        top = cs[0]
        margin = top.score - cs[1].score if len(cs) > 1 else 99.0
        if top.kind in _BROAD or sp.demonym is not None:
            if top.country:
                context.add(top.country)
        elif margin >= ANCHOR_MARGIN or k in narrowed:
            anchored.add(k)
            if top.country:
                context.add(top.country)
            if len(points) < MAX_ANCHORS and (top.lat, top.lon) not in seen_points:
                seen_points.add((top.lat, top.lon))
                points.append((top.lat, top.lon, k))
            if top.admin1_code and top.kind != "admin1":
                areas.setdefault(top.admin1_code, set()).add(k)

    # the document's focus: the city its confident anchors name most often, in the country named most
    country_count: dict[str, int] = {}
    for k, (sp, cs) in enumerate(zip(spans, cands)):
        if cs and not sp.weak and cs[0].country and (k in anchored or cs[0].kind in _BROAD):
            country_count[cs[0].country] = country_count.get(cs[0].country, 0) + 1
    main_country = max(country_count, key=lambda c: (country_count[c], c)) if country_count else None
    counts: dict[int, list] = {}
    for k, (sp, cs) in enumerate(zip(spans, cands)):
        if cs and not sp.weak and not sp.facility and cs[0].kind == "settlement" and k in anchored \
                and cs[0].country == main_country:
            entry = counts.setdefault(cs[0].key, [0, cs[0], k])
            entry[0] += 1
    focus = None
    if counts:
        n, cand, owner = max(counts.values(), key=lambda e: (e[0], -e[2]))
        focus = (cand, owner)

    chosen: list[tuple[Candidate | None, float, tuple[Candidate, ...]]] = []
    for k, (sp, cs) in enumerate(zip(spans, cands)):
        if not cs:
            # a street or building the gazetteer cannot know: placed in the city the text is about
            chosen.append((focus[0], focus[0].score, ()) if sp.facility and focus is not None else (None, 0.0, ()))
            continue
        if k in narrowed:
            codes = narrowed[k]
            cs = [c for c in cs if c.admin1_code in codes or c.country in codes] or cs
        if sp.facility and focus is not None and focus[1] != k and not any(
                c.population >= 100_000 or c.kind in ("country", "admin1", "region", "water", "river") for c in cs):
            near = [c for c in cs if c.kind == "settlement" and _within(c.lat, c.lon, points, k, 50.0)]
            if not near:
                # a street or building ("Chartres Street") in a text about one city: place it in that city
                chosen.append((focus[0], focus[0].score, tuple(cs)))
                continue
            cs = near
        if len(cs) == 1 and not sp.weak:
            chosen.append((cs[0], cs[0].score, ()))
            continue
        scored = []
        # each candidate's row: (how, pid, name, kind, fcode, cc, a1, a2, lat, lon, pop, alts), read once
        rows = [c.row for c in cs]
        named_areas = {r[6] or r[5] for c, r in zip(cs, rows)
                       if c.matched == "name" and r[3] in ("admin1", "country", "region")}
        for c, r in zip(cs, rows):
            s = c.score
            kind, country, admin1_code = r[3], r[5], r[6]
            if named_areas and c.matched != "name" and kind == "settlement" and not (
                    (admin1_code in named_areas or country in named_areas)
                    and (r[10] >= 100_000 or r[4] in ("PPLC", "PPLA"))):
                s -= 2.0  # "Arizona" is the state, not a town that also answers to it ("New York" is the city)
            if country in context:
                s += COUNTRY_BONUS
            if kind == "admin1":
                inside = areas.get(admin1_code)
                if inside and (len(inside) > 1 or k not in inside):  # another place named in the text lies inside
                    s += NEAR_KM[1][1]
            elif points and kind not in _BROAD:
                best = _nearest_km(r[8], r[9], points, k)
                if best is not None:
                    for limit, bonus in NEAR_KM:
                        if best <= limit:
                            s += bonus
                            break
            scored.append((s, c))
        scored.sort(key=lambda t: (-t[0], t[1].key))
        top_score, top = scored[0]
        if sp.weak and k not in narrowed and not _supported(top, sp.weak, context, points, k):
            chosen.append((None, -1.0, ()))  # a word or a name, not a place
            continue
        chosen.append((top, top_score, tuple(c for _, c in scored[1:])))

    # one sense per document: the most confident reading of a name wins everywhere
    best_by_key: dict[tuple[str, str | None], tuple[float, Candidate]] = {}
    for sp, (top, score, _) in zip(spans, chosen):
        if top is not None:
            kk = (sp.key, sp.area_kind)
            if kk not in best_by_key or score > best_by_key[kk][0]:
                best_by_key[kk] = (score, top)

    out: list[Toponym] = []
    for sp, cs, (top, score, rest) in zip(spans, cands, chosen):
        if top is None:
            if score < 0 or cs:
                continue  # dropped weak span
            out.append(Toponym(sp.start, sp.end, text[sp.start : sp.end], None, None, None, 0.0, (),
                               sp.non_literal, sp.reason))
            continue
        kk = (sp.key, sp.area_kind)
        if kk in best_by_key and best_by_key[kk][1].key != top.key:
            score, top = best_by_key[kk]
            rest = tuple(c for c in cs if c.key != top.key)
        place = top.place
        out.append(Toponym(sp.start, sp.end, text[sp.start : sp.end], place.lat, place.lon, place, score, rest,
                           sp.non_literal, sp.reason))
    return out


def _area_kinds(area_kind: str) -> tuple[str, ...]:
    return ("admin1",) if area_kind == "admin1" else ("admin2", "admin1")


# how a weak span can be backed: (population needed in a context country, km to another place)
_SUPPORT = {"acronym": (None, 0.0), "common": (100_000, 50.0), "name": (200_000, 100.0), "small": (None, 150.0),
            "alias": (50_000, 100.0)}


def _supported(top: Candidate, weak: str, context: set[str], points: list, k: int) -> bool:
    """Whether the document backs a weak span's reading."""
    if top.kind in _BROAD:
        return True
    if top.kind == "admin1":
        return top.country in context and weak != "name"
    min_pop, near_km = _SUPPORT[weak]
    if min_pop is not None and top.country in context and top.population >= min_pop:
        return True
    return near_km > 0 and _within(top.lat, top.lon, points, k, near_km)
