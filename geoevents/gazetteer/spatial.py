"""Point-in-polygon and nearest-place search over the bundled outlines.

Loaded on first use only (it needs shapely and numpy, which a plain name
lookup does not): admin-1 and country outlines go into one STRtree each, the
populated places into a third.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.model import ReverseResult
from . import shapecodec

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from shapely import STRtree
    from shapely.geometry import MultiPolygon

    from .gazetteer import Gazetteer
    from .nameindex import NameIndex

    _Outline = tuple[str, str, str, str, MultiPolygon]  # code, name, cc, iso, geometry

__all__ = ["SpatialIndex", "load_outlines"]

_SEARCH_DEG = 0.75  # box searched for the nearest place before the global fallback
# The bundled outlines are simplified, and about 1.6% of the gazetteer's towns (ports, mostly: Anadyr,
# 2 km out) fall just outside them.  A point outside every outline takes the nearest one within this
# distance, in degrees (about 5 km of latitude): a coast, not the open sea.
_COAST_DEG = 0.05


def load_outlines(db: sqlite3.Connection, layer: str) -> list[_Outline]:
    """(code, name, cc, iso, geometry) for one layer: "admin1", "country" or "land"."""
    rows = db.execute("SELECT code, name, cc, iso, wkb FROM shapes WHERE layer = ? ORDER BY code", (layer,))
    return [(code, name, cc, iso, shapecodec.decode(blob)) for code, name, cc, iso, blob in rows]


@dataclass
class SpatialIndex:
    admin1: list[_Outline]
    admin1_info: dict[str, tuple[str, str, str, str]]  # ne_code -> (name, iso, cc, status)
    admin1_tree: STRtree
    countries: list[_Outline]
    country_tree: STRtree
    place_ids: np.ndarray  # int64
    place_lat: np.ndarray
    place_lon: np.ndarray
    place_tree: STRtree

    @classmethod
    def load(cls, db: sqlite3.Connection, index: NameIndex) -> SpatialIndex:
        import shapely

        admin1 = load_outlines(db, "admin1")
        countries = load_outlines(db, "country")
        info = {
            ne: (name, iso, cc, status)
            for ne, name, iso, cc, status in db.execute("SELECT ne_code, name, iso, cc, status FROM admin1")
        }
        ids, lat, lon = index.city_points()
        points = shapely.points(lon, lat)
        return cls(
            admin1=admin1,
            admin1_info=info,
            admin1_tree=shapely.STRtree([r[4] for r in admin1]),
            countries=countries,
            country_tree=shapely.STRtree([r[4] for r in countries]),
            place_ids=ids,
            place_lat=lat,
            place_lon=lon,
            place_tree=shapely.STRtree(points),
        )

    def _containing(self, tree, items, point):
        hits = tree.query(point, predicate="intersects")
        if len(hits) == 0:
            hits = tree.query_nearest(point, max_distance=_COAST_DEG)
            if len(hits) == 0:
                return None
        # the smallest outline wins where simplified outlines overlap
        return min((items[i] for i in hits), key=lambda r: (r[4].area, r[0]))

    def nearest_place(self, lat: float, lon: float) -> tuple[int, float] | None:
        import numpy as np
        import shapely
        from shapely.geometry import box

        dlon = _SEARCH_DEG / max(0.1, math.cos(math.radians(lat)))
        idx = self.place_tree.query(box(lon - dlon, lat - _SEARCH_DEG, lon + dlon, lat + _SEARCH_DEG))
        if len(idx) == 0:
            idx = np.atleast_1d(self.place_tree.query_nearest(shapely.Point(lon, lat)))
            if len(idx) == 0:
                return None
        la = np.radians(self.place_lat[idx])
        lo = np.radians(self.place_lon[idx])
        p1, l1 = math.radians(lat), math.radians(lon)
        a = np.sin((la - p1) / 2) ** 2 + math.cos(p1) * np.cos(la) * np.sin((lo - l1) / 2) ** 2
        d = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        j = int(np.argmin(d))
        return int(self.place_ids[idx[j]]), float(d[j])

    def lookup(self, gaz: Gazetteer, lat: float, lon: float) -> ReverseResult:
        import shapely

        point = shapely.Point(lon, lat)
        area = self._containing(self.admin1_tree, self.admin1, point)
        land = self._containing(self.country_tree, self.countries, point)
        admin1 = iso = status = cc = ""
        if area is not None:
            name, iso, area_cc, status = self.admin1_info.get(area[0], (area[1], area[3], area[2], ""))
            admin1, cc = name, area_cc
        if not cc and land is not None:
            cc = land[2]
        nearest = self.nearest_place(lat, lon)
        place = gaz.place_row(nearest[0]) if nearest else None
        return ReverseResult(
            lat=lat, lon=lon, country=cc, country_name=gaz.country_name(cc) if cc else "",
            admin1=admin1, admin1_iso=iso, status=status, nearest=place,
            distance_km=nearest[1] if nearest else None,
        )
