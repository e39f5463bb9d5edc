"""Ukrainian settlements from KATOTTG and Russian border settlements from GeoNames postal rows.

Called by ``gazetteer/build.py`` once cities500, the overrides and the GeoNames
admin-2 areas are in ``places``.  Everything here is a pure function of the
pinned sources and ``settlement_regions.csv``; rows are visited in sorted
order and points rounded, so the build stays byte-for-byte reproducible.

**Ukraine.** Every populated place of the codifier (categories M city, T
urban-type settlement, X settlement, C village; city districts B are left
out) becomes a settlement with its oblast (admin-1), raion (admin-2, the
2020 raions: GeoNames' code ``UA.<a1>.<oblast><raion>`` when GeoNames has it,
else the KATOTTG code) and hromada (admin-3, in ``settlement_info``).  Its
point, in this order (``settlement_info.point_source``):

* ``geonames``: the cities500 place or reviewed override it was merged with
  (same oblast, same Cyrillic or romanised name, nearest, within
  ``MERGE_KM``); that place keeps its GeoNames id and gains the aliases;
* ``postal``: the one accuracy-4 GeoNames postal point of that name in the
  oblast, when the oblast also has one settlement of that name;
* ``postal-area``: one of several same-named postal points, the one nearest
  the settlement's hromada (else raion) reference point, when that pairing
  is mutual and within ``HROMADA_KM`` (``RAION_KM``);
* ``hromada`` (approximate): the mean of the hromada's placed settlements;
* ``raion`` (approximate): the raion's point;
* otherwise the settlement is left out (counted as ``unplaced``).

Accuracy-1 postal rows (area centroids) are never used as points.

**Russia.** Accuracy-4 postal rows of the oblasts listed in
``settlement_regions.csv`` (those bordering Ukraine), without numbered
branch offices ("Курск 1"), grouped by name and oblast into points
``CLUSTER_KM`` apart; a group already in cities500 (same oblast, same name,
within ``MERGE_KM``) adds its aliases there instead.

**Areas.** Hromadas ("Velykoburlutska hromada") and raions GeoNames lacks
become admin-2 entries (feature codes ADM3 and ADM2) with the mean point of
their placed settlements.

**Names.** Romanised by :mod:`geoevents.gazetteer.romanise`; the Cyrillic
name is an alternate; the other spellings are *generated* aliases.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from pathlib import Path

from geoevents.core.normalize import name_key
from geoevents.gazetteer.romanise import (russian_variants, russian_bgn, ukrainian_official,
                                          ukrainian_variants)

MERGE_KM = 12.0  # a cities500 place and a codifier settlement of one name this close are one place
HROMADA_KM = 20.0  # a same-named postal point this close to the hromada's reference is its point
RAION_KM = 45.0
CLUSTER_KM = 3.0  # postal points of one name closer than this are one place
RAION_CHECK_KM = 80.0  # a point farther than this from its raion's GeoNames point is another place's
SETTLEMENT_CATEGORIES = {"M": "city", "T": "urban-type settlement", "X": "settlement", "C": "village"}
APPROXIMATE = ("hromada", "raion")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PAREN_RE = re.compile(r"\s*\(.*?\)\s*")


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in km (good to a fraction of a percent at these ranges)."""
    dy = a[0] - b[0]
    dx = (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 111.195 * math.hypot(dx, dy)


def mean_point(points) -> tuple[float, float]:
    pts = sorted(points)
    return round(sum(p[0] for p in pts) / len(pts), 5), round(sum(p[1] for p in pts) / len(pts), 5)


# ----------------------------------------------------------------------------- readers

def read_xlsx(path: Path) -> list[dict[str, str]]:
    """The first sheet of an .xlsx file as {column letter: text} per row (standard library only)."""
    with zipfile.ZipFile(path) as zf:
        shared = ["".join(t.text or "" for t in si.iter(_NS + "t"))
                  for si in ET.fromstring(zf.read("xl/sharedStrings.xml")).iter(_NS + "si")]
        rows = []
        with zf.open("xl/worksheets/sheet1.xml") as fh:
            for _event, el in ET.iterparse(fh):
                if el.tag != _NS + "row":
                    continue
                vals = {}
                for c in el.iter(_NS + "c"):
                    col = re.match(r"[A-Z]+", c.get("r", "")).group()
                    v = c.find(_NS + "v")
                    if v is not None and v.text is not None:
                        vals[col] = shared[int(v.text)] if c.get("t") == "s" else v.text
                    else:
                        inline = c.find(_NS + "is")
                        if inline is not None:
                            vals[col] = "".join(x.text or "" for x in inline.iter(_NS + "t"))
                rows.append(vals)
                el.clear()
    return rows


def load_katottg(path: Path) -> list[dict[str, str]]:
    """Codifier units: code, category, Cyrillic name, and the codes of oblast, raion and hromada."""
    out = []
    for r in read_xlsx(path):
        code = r.get("A", "")
        cat = (r.get("F") or "").strip()
        if not code.startswith("UA") or len(cat) != 1:
            continue
        levels = [r.get(c, "").strip() for c in "ABCDE"]
        out.append(dict(code=[x for x in levels if x][-1], cat=cat, name=" ".join(r.get("G", "").split()),
                        oblast=levels[0], raion=levels[1], hromada=levels[2]))
    return out


def load_postal(path: Path, states: dict[tuple[str, str], str]) -> list[dict]:
    """Accuracy-4 GeoNames postal rows of the wanted (country, state) pairs, with their admin-1 code."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if '"UA"' not in line and '"RU"' not in line:
                continue
            r = json.loads(line)
            a1 = states.get((r["country_code"], r["state"]))
            if a1 is None or r.get("accuracy") != 4:
                continue
            name = _PAREN_RE.sub(" ", r["city"]).strip()
            if not name or any(ch.isdigit() for ch in name):
                continue  # numbered branch offices ("Курск 1") are no separate places
            out.append(dict(cc=r["country_code"], a1=a1, name=name, key=name_key(name), code=r["postal_code"],
                            lat=round(float(r["latitude"]), 5), lon=round(float(r["longitude"]), 5)))
    out.sort(key=lambda r: (r["cc"], r["a1"], r["key"], r["code"], r["lat"], r["lon"]))
    return out


def clusters(rows: list[dict]) -> list[dict]:
    """Group postal rows of one name into places CLUSTER_KM apart: point, smallest postal code, name."""
    groups: list[list[dict]] = []
    for r in rows:
        for g in groups:
            if km((g[0]["lat"], g[0]["lon"]), (r["lat"], r["lon"])) <= CLUSTER_KM:
                g.append(r)
                break
        else:
            groups.append([r])
    out = []
    for g in groups:
        lat, lon = mean_point((r["lat"], r["lon"]) for r in g)
        out.append(dict(lat=lat, lon=lon, code=min(r["code"] for r in g), name=g[0]["name"]))
    return out


# ----------------------------------------------------------------------------- build step

def add_settlements(places: list[dict], katottg_xlsx: Path, postal_gz: Path, regions: list[dict],
                    a2_names: dict[str, str], a2_method: dict[str, str]) -> dict[str, int]:
    """Merge the codifier and the postal rows into ``places`` (in place); returns counts for the meta table.

    New places carry ``gen`` (generated aliases), and settlements of the codifier ``a3`` (hromada id)
    and ``point`` (how the point was found).  ``a2_names``/``a2_method`` gain the raions GeoNames lacks.
    """
    states = {(r["country"], r["postal_state"]): r["admin1"] for r in regions if r["postal_state"]}
    a1_of_oblast = {r["katottg"]: r["admin1"] for r in regions if r["katottg"]}
    postal = load_postal(postal_gz, states)
    counts: dict[str, int] = defaultdict(int)
    by_gid = {p["gid"]: p for p in places}
    existing: dict[tuple[str, str], list[dict]] = defaultdict(list)  # (a1, key) -> settlements
    for p in places:
        if p["kind"] == "settlement" and p["cc"] in ("UA", "RU") and p["a1"]:
            for n in {p["name"], *p["alts"]}:
                existing[(p["a1"], name_key(n))].append(p)
    ua = _ukraine(places, by_gid, existing, load_katottg(katottg_xlsx), a1_of_oblast,
                  [r for r in postal if r["cc"] == "UA"], a2_names, a2_method, counts)
    ru = _russia(places, existing, [r for r in postal if r["cc"] == "RU"], counts)
    counts.update(ua)
    counts.update(ru)
    return dict(sorted(counts.items()))


def _add_names(p: dict, names: set[str], generated: set[str]) -> None:
    """Give an existing place more alternates and generated aliases (never repeating its own names)."""
    own = {name_key(p["name"])} | {name_key(a) for a in p["alts"]}
    new_alts = sorted(n for n in names if name_key(n) not in own)
    p["alts"] = sorted(set(p["alts"]) | set(new_alts))
    own |= {name_key(a) for a in new_alts}
    gen = {g for g in generated if name_key(g) not in own} | set(p.get("gen", ()))
    p["gen"] = sorted(gen)


def _ukraine(places, by_gid, existing, units, a1_of_oblast, postal, a2_names, a2_method, counts) -> dict:
    names = {u["code"]: u["name"] for u in units}
    settlements = [u for u in units if u["cat"] in SETTLEMENT_CATEGORIES and u["oblast"][:4] in a1_of_oblast]
    settlements.sort(key=lambda u: u["code"])
    for u in settlements:
        u["a1"] = a1_of_oblast[u["oblast"][:4]]
        u["key"] = name_key(u["name"])
        u["latin"] = ukrainian_official(u["name"])
    # raions: GeoNames' admin-2 code where it has one, else the codifier's code
    raion_code: dict[str, str] = {}
    for u in units:
        if u["cat"] == "P" and u["oblast"][:4] in a1_of_oblast:
            gn = f"{a1_of_oblast[u['oblast'][:4]]}.{u['code'][2:6]}"
            raion_code[u["code"]] = gn if gn in a2_names else u["code"]
    raion_points = {p["a2"]: (p["lat"], p["lon"]) for p in places if p["kind"] == "admin2" and p["cc"] == "UA"}

    def plausible(u: dict, pt: tuple[float, float]) -> bool:
        """Whether a point can be the settlement's: near its raion (postal rows filed under the wrong oblast)."""
        ref = raion_points.get(raion_code.get(u["raion"], ""))
        return ref is None or km(ref, pt) <= RAION_CHECK_KM

    # ---- 1. the one postal point of a name in an oblast that has one settlement of that name
    point: dict[str, tuple[float, float]] = {}
    source: dict[str, str] = {}
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for u in settlements:
        by_name[(u["a1"], u["key"])].append(u)
    postal_by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in postal:
        postal_by_name[(r["a1"], r["key"])].append(r)
    spots = {k: clusters(v) for k, v in sorted(postal_by_name.items())}
    deferred = []
    for k in sorted(by_name):
        group, pts = by_name[k], spots.get(k, [])
        if len(group) == 1 and len(pts) == 1:
            if plausible(group[0], (pts[0]["lat"], pts[0]["lon"])):
                point[group[0]["code"]] = (pts[0]["lat"], pts[0]["lon"])
                source[group[0]["code"]] = "postal"
            else:
                counts["ua_postal_rejected"] += 1
        elif pts:
            deferred.append((group, pts))
    # ---- 2. same-named postal points: the one nearest the hromada's (else raion's) placed settlements
    refs = _references(settlements, point)
    for group, pts in deferred:
        pairs = []
        for u in group:
            ref, limit = refs.get(("h", u["hromada"])), HROMADA_KM
            if ref is None:
                ref, limit = refs.get(("r", u["raion"])), RAION_KM
            if ref is None:
                continue
            d, i = min((km(ref, (p["lat"], p["lon"])), i) for i, p in enumerate(pts))
            if d <= limit and plausible(u, (pts[i]["lat"], pts[i]["lon"])):
                pairs.append((d, i, u))
        taken: dict[int, list] = defaultdict(list)
        for d, i, u in pairs:
            taken[i].append((d, u["code"], u))
        for i, claims in sorted(taken.items()):
            if len(claims) == 1:  # mutual: no other settlement of the name claims this point
                u = claims[0][2]
                point[u["code"]] = (pts[i]["lat"], pts[i]["lon"])
                source[u["code"]] = "postal-area"
    # ---- 3. merge with cities500 and the overrides (they keep their ids and points)
    merged: dict[str, dict] = {}
    claims = []
    for u in settlements:
        cands = {id(p): p for key in (u["key"], name_key(u["latin"])) for p in existing.get((u["a1"], key), ())}
        ref = point.get(u["code"]) or refs.get(("h", u["hromada"])) or refs.get(("r", u["raion"]))
        sole = len(by_name[(u["a1"], u["key"])]) == 1 and len(cands) == 1
        for p in cands.values():
            if not plausible(u, (p["lat"], p["lon"])):
                continue
            d = km(ref, (p["lat"], p["lon"])) if ref else None
            if d is not None and d <= MERGE_KM * (1 if u["code"] in point else 2):
                claims.append((d, p["gid"], u["code"], p, u))
            elif sole:  # the one place of that name in the oblast on both sides
                claims.append((MERGE_KM * 2 + (d or 0.0), p["gid"], u["code"], p, u))
    used: set[str] = set()
    for d, gid, code, p, u in sorted(claims, key=lambda c: c[:3]):
        if gid in used or code in merged:
            continue
        used.add(gid)
        merged[code] = p
        point[code] = (p["lat"], p["lon"])
        source[code] = "geonames"
    # ---- 4. approximate points: the hromada's placed settlements, else the raion's point
    refs = _references(settlements, point)
    out: dict[str, int] = defaultdict(int)
    hromada_members: dict[str, list] = defaultdict(list)
    raion_members: dict[str, list] = defaultdict(list)
    for u in settlements:
        code = u["code"]
        a2 = raion_code.get(u["raion"], "")
        if code not in point:
            ref = refs.get(("h", u["hromada"]))
            if ref is not None:
                point[code], source[code] = ref, "hromada"
            elif raion_points.get(a2) or refs.get(("r", u["raion"])):
                point[code], source[code] = raion_points.get(a2) or refs[("r", u["raion"])], "raion"
            else:
                out["ua_unplaced"] += 1
                continue
        out[f"ua_points_{source[code].replace('-', '_')}"] += 1
        hgid = f"katottg:{u['hromada']}" if u["hromada"] else ""
        variants = ukrainian_variants(u["name"])
        if code in merged:
            p = merged[code]
            _add_names(p, {u["name"], u["latin"]}, variants)
            p["a3"], p["point"] = hgid, "geonames"
            p["a2"] = p["a2"] or a2
        else:
            lat, lon = point[code]
            p = dict(gid=f"katottg:{code}", name=u["latin"], kind="settlement", fcode="PPL", cc="UA", a1=u["a1"],
                     a2=a2, lat=round(lat, 5), lon=round(lon, 5), pop=0, alts=[u["name"]], stems=[],
                     a3=hgid, point=source[code])
            _add_names(p, set(), variants)
            places.append(p)
        if source[code] not in APPROXIMATE:
            hromada_members[u["hromada"]].append((p["lat"], p["lon"]))
            raion_members[u["raion"]].append((p["lat"], p["lon"]))
    out["ua_settlements"] = len(settlements)
    out["ua_merged_geonames"] = len(merged)
    # ---- 5. hromadas, and raions GeoNames lacks, as admin-2 areas
    for u in sorted(units, key=lambda u: u["code"]):
        if u["oblast"][:4] not in a1_of_oblast or u["cat"] not in ("H", "P"):
            continue
        a1 = a1_of_oblast[u["oblast"][:4]]
        if u["cat"] == "P" and raion_code.get(u["code"]) != u["code"]:
            continue  # GeoNames has this raion already
        members = hromada_members.get(u["code"]) if u["cat"] == "H" else raion_members.get(u["code"])
        if not members:
            out[f"ua_{'hromadas' if u['cat'] == 'H' else 'raions'}_unplaced"] += 1
            continue
        lat, lon = mean_point(members)
        adj = ukrainian_official(u["name"])
        word = "hromada" if u["cat"] == "H" else "Raion"
        a2 = raion_code.get(u["raion"] or u["code"], "")
        if u["cat"] == "P":
            a2_names[u["code"]] = f"{adj} {word}"
            a2_method[u["code"]] = "katottg"
        gen = {f"{v} {word}" for v in ukrainian_variants(u["name"])} - {f"{adj} {word}"}
        places.append(dict(gid=f"katottg:{u['code']}", name=f"{adj} {word}", kind="admin2",
                           fcode="ADM3" if u["cat"] == "H" else "ADM2", cc="UA", a1=a1, a2=a2, lat=lat, lon=lon,
                           pop=0, alts=[f"{u['name']} {'громада' if u['cat'] == 'H' else 'район'}"],
                           stems=[name_key(adj)], gen=sorted(gen), a3="", point="members"))
        out["ua_hromadas" if u["cat"] == "H" else "ua_raions_added"] += 1
    # the hromada of every codifier settlement, by name (for Place.admin3)
    for p in places:
        if p.get("a3"):
            p["a3_name"] = f"{ukrainian_official(names.get(p['a3'][8:], ''))} hromada"
    return dict(out)


def _references(settlements: list[dict], point: dict) -> dict[tuple[str, str], tuple[float, float]]:
    """Mean point of the placed settlements of each hromada ("h", code) and raion ("r", code)."""
    acc: dict[tuple[str, str], list] = defaultdict(list)
    for u in settlements:
        p = point.get(u["code"])
        if p is not None:
            acc[("h", u["hromada"])].append(p)
            acc[("r", u["raion"])].append(p)
    return {k: mean_point(v) for k, v in acc.items()}


def _russia(places, existing, postal, counts) -> dict:
    out: dict[str, int] = defaultdict(int)
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in postal:
        groups[(r["a1"], r["key"])].append(r)
    for (a1, key), rows in sorted(groups.items()):
        for c in clusters(rows):
            latin = russian_bgn(c["name"])
            variants = russian_variants(c["name"])
            near = [p for p in [*existing.get((a1, key), ()), *existing.get((a1, name_key(latin)), ())]
                    if km((p["lat"], p["lon"]), (c["lat"], c["lon"])) <= MERGE_KM]
            if near:
                p = min(near, key=lambda p: (km((p["lat"], p["lon"]), (c["lat"], c["lon"])), p["gid"]))
                _add_names(p, {c["name"]}, variants)
                out["ru_merged_geonames"] += 1
                continue
            p = dict(gid=f"geonames-postal:RU-{c['code']}", name=latin, kind="settlement", fcode="PPL", cc="RU",
                     a1=a1, a2="", lat=c["lat"], lon=c["lon"], pop=0, alts=[c["name"]], stems=[], a3="",
                     point="postal")
            _add_names(p, set(), variants)
            places.append(p)
            out["ru_settlements_added"] += 1
    return dict(out)
