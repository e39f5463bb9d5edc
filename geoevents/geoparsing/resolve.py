"""Resolution: choose, for each recognised span, the place it means.

Each span starts from the gazetteer's ranking (population and feature rank,
qualifiers such as "Kursk region").  The document then votes:

* **country context**: countries named in the text (directly, by demonym,
  or through confidently resolved places) lift candidates inside them;
* **spatial minimality**: candidates near the other confidently resolved
  places are lifted ("Pokrovsk" beside Donetsk and Kramatorsk is the
  Ukrainian one);
* **qualified names**: in "X, Y", "X in (the) Y (region)", "X in the (People's)
  Republic of Y" and "X, Y community", an area or country Y narrows X to
  its candidates inside Y (near Y's centre for a community), and Y becomes a
  non-literal ``"qualifier"``.  When X has no reading inside Y (or is not
  in the gazetteer: "Hirnyk, Donetsk"), X stays unresolved and Y is the
  literal area, never a town named like it;
* **one sense per document**: every mention of a name gets the sense of its
  most confident mention.

National capitals that stand for their governments ("authorities in Kyiv",
"accused Minsk of", "between Moscow and Kyiv") are marked non-literal,
reason ``"government"``.

Weak spans (common words, first names, short capitals) survive only when
the document supports them: their place lies in a context country, or near
the other places.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from ..core.model import Candidate, Toponym
from ..gazetteer.gazetteer import Gazetteer, haversine_km
from .toponyms import Span

__all__ = ["resolve_spans"]

TOP_K = 8  # candidates considered per name
MAX_VILLAGES = 64  # and villages without population data beyond those (see _top)
COUNTRY_BONUS = 1.6
NEAR_KM = ((50.0, 2.0), (150.0, 1.5), (400.0, 1.0), (1000.0, 0.4))
# a village without population data (Ukrainian codifier, Russian postal rows) this close to another place of
# the text is the one meant, over a bigger namesake far away ("Vodiane" beside Avdiivka)
VILLAGE_NEAR = (25.0, 2.5)
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
    cands = _candidates(spans, gazetteer)
    # "X, Y", "X in the Y region": Y narrows X to the candidates inside it, and is then only a qualifier
    narrowed, overrides = _qualifiers(text, spans, cands, gazetteer)
    anchors = _anchors(spans, cands, narrowed)
    focus = _focus(spans, cands, anchors.anchored)
    chosen = [_choose(k, sp, cs, narrowed, focus, anchors) for k, (sp, cs) in enumerate(zip(spans, cands))]
    return _governments(text, _toponyms(text, spans, cands, chosen, overrides))


def _candidates(spans: Sequence[Span], gazetteer: Gazetteer) -> list[list[Candidate]]:
    """Each span's gazetteer candidates, looked up once per (name, area kind, demonym)."""
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
                found = _top(gazetteer.candidates(sp.key, fuzzy=False))
            cache[ck] = found
        cands.append(found)
    return cands


class _Anchors:
    """Confident, specific resolutions and every named country: the countries named (``context``), the
    anchors' points (lat, lon, span index), admin-1 code -> spans anchored inside it, the anchored spans."""

    __slots__ = ("context", "points", "areas", "anchored")

    def __init__(self) -> None:
        self.context: set[str] = set()
        self.points: list[tuple[float, float, int]] = []
        self.areas: dict[str, set[int]] = {}
        self.anchored: set[int] = set()


def _anchors(spans: Sequence[Span], cands: list[list[Candidate]], narrowed: dict) -> _Anchors:
    """The document's anchors: confident, specific resolutions and every named country."""
    a = _Anchors()
    context, points, areas, anchored = a.context, a.points, a.areas, a.anchored
    seen_points: set[tuple[float, float]] = set()
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
    return a


def _focus(spans: Sequence[Span], cands: list[list[Candidate]], anchored: set[int]) -> tuple[Candidate, int] | None:
    """The document's focus, (candidate, span index): the city its confident anchors name most often, in the
    country named most."""
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
    if not counts:
        return None
    n, cand, owner = max(counts.values(), key=lambda e: (e[0], -e[2]))
    return cand, owner


_Choice = tuple[Candidate | None, float, tuple[Candidate, ...]]  # (best reading or None, score, the others)


def _choose(k: int, sp: Span, cs: list[Candidate], narrowed: dict, focus: tuple[Candidate, int] | None,
            anchors: _Anchors) -> _Choice:
    """Span ``k``'s best reading among its candidates ``cs``, with its score and the other candidates."""
    if not cs:
        # a street or building the gazetteer cannot know: placed in the city the text is about
        return (focus[0], focus[0].score, ()) if sp.facility and focus is not None else (None, 0.0, ())
    if k in narrowed:
        cs = [c for c in cs if c.key in narrowed[k]] or cs
    points = anchors.points
    if sp.facility and focus is not None and focus[1] != k and not any(
            c.population >= 100_000 or c.kind in ("country", "admin1", "region", "water", "river") for c in cs):
        near = [c for c in cs if c.kind == "settlement" and _within(c.lat, c.lon, points, k, 50.0)]
        if not near:
            # a street or building ("Chartres Street") in a text about one city: place it in that city
            return focus[0], focus[0].score, tuple(cs)
        cs = near
    if len(cs) == 1 and not sp.weak:
        return cs[0], cs[0].score, ()
    scored = _scored(k, cs, anchors)
    top_score, top = scored[0]
    if sp.weak and k not in narrowed and not _supported(top, sp.weak, anchors.context, points, k):
        return None, -1.0, ()  # a word or a name, not a place
    return top, top_score, tuple(c for _, c in scored[1:])


def _scored(k: int, cs: list[Candidate], anchors: _Anchors) -> list[tuple[float, Candidate]]:
    """(score, candidate) of span ``k``'s candidates in the document's context, best first."""
    context, points, areas = anchors.context, anchors.points, anchors.areas
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
            if best is not None and r[10] == 0 and kind == "settlement" and best <= VILLAGE_NEAR[0]:
                s += VILLAGE_NEAR[1]
            if best is not None:
                for limit, bonus in NEAR_KM:
                    if best <= limit:
                        s += bonus
                        break
        scored.append((s, c))
    scored.sort(key=lambda t: (-t[0], t[1].key))
    return scored


def _toponyms(text: str, spans: Sequence[Span], cands: list[list[Candidate]], chosen: list[_Choice],
              overrides: dict) -> list[Toponym]:
    """The spans as toponyms, one sense per document: the most confident reading of a name wins everywhere."""
    best_by_key: dict[tuple[str, str | None], tuple[float, Candidate]] = {}
    for sp, (top, score, _) in zip(spans, chosen):
        if top is not None:
            kk = (sp.key, sp.area_kind)
            if kk not in best_by_key or score > best_by_key[kk][0]:
                best_by_key[kk] = (score, top)
    out: list[Toponym] = []
    for k, (sp, cs, (top, score, rest)) in enumerate(zip(spans, cands, chosen)):
        if k in overrides:
            out.append(_overridden(text, sp, cs, overrides[k]))
            continue
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


def _top(found: list[Candidate]) -> list[Candidate]:
    """The TOP_K best candidates, and every village without population data after them (up to
    MAX_VILLAGES): thirty "Vodiane" tie on score, and only the document can tell which one it is."""
    if len(found) <= TOP_K:
        return found
    return found[:TOP_K] + [c for c in found[TOP_K:] if c.population == 0 and c.kind == "settlement"][:MAX_VILLAGES]


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


# ------------------------------------------------------------------------------------------ qualified names
# between X and its qualifier Y: "X, Y", "X in Y", "X in the Y region", "X in the (People's) Republic of Y"
_QUALIFIER_GAP_RE = re.compile(r",[ \t]?|[ \t]+in[ \t]+(?:the[ \t]+)?(?:(?:[Pp]eople['’]s[ \t]+)?[Rr]epublic[ \t]+of[ \t]+)?")
_LIST_NEXT_RE = re.compile(r"[ \t]*(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+)[A-Z]")
_LIST_PREV_RE = re.compile(r"[A-Za-z'’\-][ \t]*,[ \t]*$")
_AREA_KINDS = ("admin1", "admin2", "country")
COMMUNITY_KM = 25.0  # a community ("Illinivka community") reaches about this far from its centre
NEIGHBOURHOOD_KM = 12.0  # "Brooklyn, New York": X this close to Y's city makes Y the city, not its state
SMALL_TOWN = 100_000  # a village unknown inside its qualifier is dropped only when no reading is this big


def _inside(c: Candidate, area: Candidate, community: bool) -> bool:
    """Whether candidate ``c`` lies in ``area`` (within COMMUNITY_KM of a community's centre)."""
    if c.key == area.key:
        return False
    if community:
        return c.kind == "settlement" and haversine_km(c.lat, c.lon, area.lat, area.lon) <= COMMUNITY_KM
    if area.kind == "country":
        return c.country == area.country
    if area.kind == "admin1":
        return c.admin1_code == area.admin1_code and c.country == area.country
    return bool(area.row[7]) and c.row[7] == area.row[7]


def _qualifiers(text: str, spans: Sequence[Span], cands: list[list[Candidate]], gazetteer: Gazetteer
                ) -> tuple[dict[int, set[int]], dict[int, tuple]]:
    """Qualified names: ``narrowed`` (span -> keys of its candidates inside its qualifier) and
    ``overrides`` (span -> (candidate or None, non_literal, reason)) for the qualifiers and the names that
    have no reading inside theirs."""
    narrowed: dict[int, set[int]] = {}
    overrides: dict[int, tuple] = {}
    for k in range(len(spans)):
        b = spans[k]
        if b.demonym is not None or b.non_literal and b.reason != "organisation" or b.facility:
            continue
        prev = spans[k - 1] if k > 0 else None
        gap = _QUALIFIER_GAP_RE.fullmatch(text, prev.end, b.start) if prev is not None else None
        if gap is None and not b.unknown_head:
            continue
        community = b.area_word == "community"
        areas = [c for c in cands[k] if (c.kind == "settlement") == community
                 and (community or c.kind in _AREA_KINDS)] if cands[k] else []
        if not areas and not community and b.area_kind is None and cands[k] and cands[k][0].kind == "settlement":
            areas = gazetteer.candidates(b.key, kind=("admin1", "admin2"), fuzzy=False)[:4]
        if not areas:
            continue
        explicit = b.area_kind is not None
        listed = not explicit and _listed(text, b.end, spans, cands, k)
        if gap is not None and prev is not None and prev.demonym is None and not prev.facility and cands[k - 1]:
            comma = gap.group().startswith(",")
            if not explicit and comma and _LIST_PREV_RE.search(text, max(0, prev.start - 4), prev.start):
                continue  # "Kharkiv, Kramatorsk, Donetsk": a list, not a qualifier
            if listed:
                continue
            for area in areas:
                inside = [c for c in cands[k - 1] if _inside(c, area, community)]
                if not inside and len(cands[k - 1]) >= TOP_K:
                    # "Petrivka in the Republic of Donetsk": one of many namesakes, past the first few
                    inside = [c for c in gazetteer.candidates(prev.key, fuzzy=False) if _inside(c, area, community)]
                    if inside:
                        cands[k - 1] = inside[:TOP_K]
                if inside:
                    narrowed[k - 1] = {c.key for c in inside}
                    top_b = cands[k][0]
                    if not community and top_b.kind == "settlement" and not explicit and any(
                            haversine_km(c.lat, c.lon, top_b.lat, top_b.lon) <= NEIGHBOURHOOD_KM for c in inside):
                        area = top_b  # "Brooklyn, New York": a part of the city
                    overrides[k] = (area, True, "qualifier")
                    break
            else:
                if comma and (explicit or areas[0].kind != "country") and cands[k][0].kind != "country" \
                        and all(c.kind == "settlement" and c.population < SMALL_TOWN for c in cands[k - 1]):
                    # "Vodyane, Kharkiv" with no Vodyane in Kharkiv Oblast: not some other Vodyane
                    overrides[k - 1] = (None, prev.non_literal, prev.reason)
                    overrides[k] = (areas[0], b.non_literal, b.reason)
            continue
        if b.unknown_head and not listed and not community and text[b.start - 2 : b.start] == ", " \
                and areas[0].kind != "country":
            overrides[k] = (areas[0], b.non_literal, b.reason)  # "Hirnyk, Donetsk" without Hirnyk: the oblast
    return narrowed, overrides


def _listed(text: str, end: int, spans: Sequence[Span], cands: list[list[Candidate]], k: int) -> bool:
    """Whether another name follows span ``k`` as in a list ("Donetsk and Luhansk", "Donetsk, Kharkiv"),
    rather than a broader qualifier ("Donetsk, Ukraine")."""
    m = _LIST_NEXT_RE.match(text, end)
    if m is None:
        return False
    nxt = k + 1
    return not (nxt < len(spans) and spans[nxt].start == m.end() - 1 and "," in m.group() and cands[nxt]
                and cands[nxt][0].kind in ("country", "admin1"))


def _overridden(text: str, sp: Span, cs: list[Candidate], override: tuple) -> Toponym:
    cand, non_literal, reason = override
    if cand is None:
        return Toponym(sp.start, sp.end, text[sp.start : sp.end], None, None, None, 0.0, tuple(cs[:TOP_K]),
                       non_literal, reason)
    place = cand.place
    rest = tuple(c for c in cs if c.key != cand.key)
    return Toponym(sp.start, sp.end, text[sp.start : sp.end], place.lat, place.lon, place, cand.score, rest,
                   non_literal, reason)


# ---------------------------------------------------------------------------------- capitals as governments
# "authorities in Kyiv", "accused Moscow of", "talks between Moscow and Kyiv": the capital stands for its
# government (GeoWebNews annotates these as Metonymic).  Not "officials/ministry in X": that is as often
# where they are ("a blast near the ministry in Mogadishu").
_GOVERNMENT_BEFORE_RE = re.compile(
    r"(?:\b(?:authorities|government|leadership|regime|rulers)"
    r"[ \t]+in[ \t]+|\b(?:accused|accusing|accuses|blamed|blaming|blames|urged|urging|urges|pressed|pressing"
    r"|pressured|warned|warning|condemned|criticised|criticized|sanctioned|called[ \t]+on)[ \t]+)$",
    re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\bbetween[ \t]+$", re.IGNORECASE)
_CAPITAL_CODES = frozenset(("PPLC", "PPLG"))


def _is_capital(t: Toponym) -> bool:
    return t.place is not None and t.place.feature_code in _CAPITAL_CODES


def _governments(text: str, tops: list[Toponym]) -> list[Toponym]:
    """Mark national capitals used for their governments as non-literal (reason "government")."""
    out = list(tops)
    for k, t in enumerate(out):
        if t.non_literal or not _is_capital(t):
            continue
        before = text[max(0, t.start - 40) : t.start]
        if _GOVERNMENT_BEFORE_RE.search(before):
            out[k] = replace(t, non_literal=True, reason="government")
        elif _BETWEEN_RE.search(before) and k + 1 < len(out) and _is_capital(out[k + 1]) \
                and re.fullmatch(r"[ \t]+and[ \t]+", text[t.end : out[k + 1].start]):
            out[k] = replace(t, non_literal=True, reason="government")
            out[k + 1] = replace(out[k + 1], non_literal=True, reason="government")
    return out
