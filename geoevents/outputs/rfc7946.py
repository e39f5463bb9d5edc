"""Check a GeoJSON document against the rules of RFC 7946 that GIS tools rely on.

:func:`rfc7946_problems` returns one line per problem (an empty list means
the document passes). It checks:

- structure: a FeatureCollection of Features, a Feature, or a bare geometry,
  with the members each one needs (``features`` a list, ``properties`` an
  object or null, ``geometry`` a geometry object or null) and known types;
- no ``crs`` member anywhere (RFC 7946 section 4 removed it: coordinates are
  always WGS 84 longitude, latitude);
- positions: two or three finite numbers, longitude in [-180, 180] and
  latitude in [-90, 90] (the longitude comes first: a position whose first
  number is out of the longitude range is reported as such);
- at most ``max_decimals`` decimals per number (6 by default, about 10 cm;
  section 11.2 recommends no more);
- LineStrings with at least 2 positions; linear rings closed, with at least
  4 positions;
- the right-hand rule (section 3.1.6): exterior rings counter-clockwise,
  holes clockwise;
- ``bbox`` (section 5): 2*n numbers, south-west before north-east, in range
  (west > east is allowed: a box across the antimeridian).

>>> rfc7946_problems({"type": "Point", "coordinates": [36.187, 51.737]})
[]
>>> rfc7946_problems({"type": "Point", "coordinates": [36.1873912, 51.737], "crs": {}})
['$: has a "crs" member (RFC 7946 section 4 removed it)', '$.coordinates[0]: 36.1873912 has more than 6 decimals']
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

__all__ = ["rfc7946_problems", "shape_to_rfc7946", "GEOMETRY_TYPES"]

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                  "GeometryCollection")


def rfc7946_problems(doc: Any, *, max_decimals: int = 6) -> list[str]:
    """Every RFC 7946 rule ``doc`` (a parsed GeoJSON object) breaks, one line each, with a JSON path."""
    problems: list[str] = []
    _Checker(problems, max_decimals).any_object(doc, "$")
    return problems


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _decimals(v: float | int) -> int:
    if isinstance(v, int):
        return 0
    # repr gives the shortest string that reads back as the same float: what json.dumps writes
    exponent = Decimal(repr(v)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _signed_area(ring: list) -> float:
    """Shoelace sum over a closed ring: positive when counter-clockwise (x = longitude, y = latitude)."""
    total = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:]):
        total += x1 * y2 - x2 * y1
    return total / 2


class _Checker:
    def __init__(self, problems: list[str], max_decimals: int) -> None:
        self.problems = problems
        self.max_decimals = max_decimals

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    # -------------------------------------------------------------- objects

    def common(self, obj: dict, path: str) -> None:
        if "crs" in obj:
            self.add(path, 'has a "crs" member (RFC 7946 section 4 removed it)')
        if "bbox" in obj:
            self.bbox(obj["bbox"], f"{path}.bbox")

    def any_object(self, obj: Any, path: str) -> None:
        if not isinstance(obj, dict):
            self.add(path, f"a GeoJSON object must be a JSON object, not {type(obj).__name__}")
            return
        kind = obj.get("type")
        if kind == "FeatureCollection":
            self.collection(obj, path)
        elif kind == "Feature":
            self.feature(obj, path)
        elif kind in GEOMETRY_TYPES:
            self.geometry(obj, path)
        else:
            self.add(path, f"unknown type {kind!r}")

    def collection(self, obj: dict, path: str) -> None:
        self.common(obj, path)
        features = obj.get("features")
        if not isinstance(features, list):
            self.add(path, 'a FeatureCollection needs a "features" array')
            return
        for i, f in enumerate(features):
            fpath = f"{path}.features[{i}]"
            if not isinstance(f, dict) or f.get("type") != "Feature":
                self.add(fpath, "is not a Feature")
                continue
            self.feature(f, fpath)

    def feature(self, obj: dict, path: str) -> None:
        self.common(obj, path)
        if "geometry" not in obj:
            self.add(path, 'a Feature needs a "geometry" member (null if it has none)')
        elif obj["geometry"] is not None:
            self.geometry(obj["geometry"], f"{path}.geometry")
        if "properties" not in obj:
            self.add(path, 'a Feature needs a "properties" member (null if it has none)')
        elif obj["properties"] is not None and not isinstance(obj["properties"], dict):
            self.add(f"{path}.properties", "must be an object or null")
        if "id" in obj and (obj["id"] is None or not (isinstance(obj["id"], str) or _is_number(obj["id"]))):
            self.add(f"{path}.id", "must be a string or a number")

    def geometry(self, obj: Any, path: str) -> None:
        if not isinstance(obj, dict):
            self.add(path, "a geometry must be an object or null")
            return
        self.common(obj, path)
        kind = obj.get("type")
        if kind not in GEOMETRY_TYPES:
            self.add(path, f"unknown geometry type {kind!r}")
            return
        if kind == "GeometryCollection":
            members = obj.get("geometries")
            if not isinstance(members, list):
                self.add(path, 'a GeometryCollection needs a "geometries" array')
                return
            for i, g in enumerate(members):
                self.geometry(g, f"{path}.geometries[{i}]")
            return
        if "coordinates" not in obj:
            self.add(path, f'a {kind} needs "coordinates"')
            return
        coords, cpath = obj["coordinates"], f"{path}.coordinates"
        if kind == "Point":
            self.position(coords, cpath)
        elif kind == "MultiPoint":
            for i, p in enumerate(self.array(coords, cpath)):
                self.position(p, f"{cpath}[{i}]")
        elif kind == "LineString":
            self.line(coords, cpath)
        elif kind == "MultiLineString":
            for i, line in enumerate(self.array(coords, cpath)):
                self.line(line, f"{cpath}[{i}]")
        elif kind == "Polygon":
            self.polygon(coords, cpath)
        else:
            for i, poly in enumerate(self.array(coords, cpath)):
                self.polygon(poly, f"{cpath}[{i}]")

    # ---------------------------------------------------------- coordinates

    def array(self, value: Any, path: str) -> list:
        if not isinstance(value, list):
            self.add(path, "must be an array")
            return []
        return value

    def number(self, v: Any, path: str) -> bool:
        if not _is_number(v) or not math.isfinite(v):
            self.add(path, f"{v!r} is not a finite number")
            return False
        if _decimals(v) > self.max_decimals:
            self.add(path, f"{v!r} has more than {self.max_decimals} decimals")
        return True

    def position(self, p: Any, path: str) -> bool:
        if not isinstance(p, list) or not 2 <= len(p) <= 3:
            self.add(path, "a position is an array of 2 or 3 numbers [longitude, latitude(, height)]")
            return False
        ok = all([self.number(v, f"{path}[{i}]") for i, v in enumerate(p)])
        if not ok:
            return False
        lon, lat = p[0], p[1]
        if not -180 <= lon <= 180:
            self.add(path, f"longitude {lon} out of range [-180, 180] (positions are [longitude, latitude])")
            ok = False
        if not -90 <= lat <= 90:
            self.add(path, f"latitude {lat} out of range [-90, 90] (positions are [longitude, latitude])")
            ok = False
        return ok

    def line(self, coords: Any, path: str) -> None:
        coords = self.array(coords, path)
        for i, p in enumerate(coords):
            self.position(p, f"{path}[{i}]")
        if isinstance(coords, list) and len(coords) < 2:
            self.add(path, "a LineString needs at least 2 positions")

    def polygon(self, rings: Any, path: str) -> None:
        rings = self.array(rings, path)
        if not rings and isinstance(rings, list):
            return  # an empty polygon is allowed
        for r, ring in enumerate(rings):
            rpath = f"{path}[{r}]"
            ring = self.array(ring, rpath)
            valid = all([self.position(p, f"{rpath}[{i}]") for i, p in enumerate(ring)])
            if len(ring) < 4:
                self.add(rpath, f"a linear ring needs at least 4 positions, has {len(ring)}")
                continue
            if not valid:
                continue
            if ring[0] != ring[-1]:
                self.add(rpath, "linear ring is not closed (first and last positions differ)")
                continue
            area = _signed_area(ring)
            if area == 0:
                self.add(rpath, "linear ring has no area")
            elif r == 0 and area < 0:
                self.add(rpath, "exterior ring is clockwise (the right-hand rule wants counter-clockwise)")
            elif r > 0 and area > 0:
                self.add(rpath, "hole is counter-clockwise (the right-hand rule wants clockwise)")

    def bbox(self, box: Any, path: str) -> None:
        if not isinstance(box, list) or len(box) not in (4, 6) or not all(_is_number(v) for v in box):
            self.add(path, "a bbox is an array of 4 (or 6, with heights) numbers")
            return
        for i, v in enumerate(box):
            self.number(v, f"{path}[{i}]")
        n = len(box) // 2
        west, south, east, north = box[0], box[1], box[n], box[n + 1]
        if not (-180 <= west <= 180 and -180 <= east <= 180):
            self.add(path, "bbox longitudes out of range [-180, 180]")
        if not (-90 <= south <= 90 and -90 <= north <= 90):
            self.add(path, "bbox latitudes out of range [-90, 90]")
        elif south > north:
            self.add(path, "bbox south is above north (order: west, south, east, north)")
        if n == 3 and box[2] > box[5]:
            self.add(path, "bbox lowest height is above the highest")


def shape_to_rfc7946(geom, *, digits: int = 6) -> dict:
    """A shapely geometry as an RFC 7946 geometry object: polygons right-hand wound, ``digits`` decimals.

    For whoever writes areas (admin-1 outlines and the like) into GeoJSON.

    >>> from shapely.geometry import Polygon
    >>> g = shape_to_rfc7946(Polygon([(30, 50), (30, 51), (31, 51), (31, 50)]))  # clockwise in
    >>> g["coordinates"][0][:3], rfc7946_problems(g)
    ([[30.0, 50.0], [31.0, 50.0], [31.0, 51.0]], [])
    """
    from shapely.geometry import mapping
    from shapely.geometry.polygon import orient

    def fix(g):
        if g.geom_type == "Polygon":
            return orient(g, 1.0)
        if g.geom_type == "MultiPolygon":
            return type(g)([orient(p, 1.0) for p in g.geoms])
        if g.geom_type == "GeometryCollection":
            return type(g)([fix(p) for p in g.geoms])
        return g

    def listify(v):
        if isinstance(v, (tuple, list)):
            if v and all(isinstance(x, float | int) for x in v):
                return [round(float(x), digits) for x in v]
            return [listify(x) for x in v]
        if isinstance(v, dict):
            return {k: listify(x) for k, x in v.items()}
        return v

    return listify(mapping(fix(geom)))
