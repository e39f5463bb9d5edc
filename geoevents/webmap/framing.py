"""Which part of the world a map shows first: the main group of events, not every outlier.

The same rule frames the web map's first view and the static map:
when the events spread over more than FOCUS_WHEN_KM, the map frames the
events within FOCUS_RADIUS_KM of the densest spot, provided they are at
least half of all; the rest are "outside this view" and the map says so.

>>> ext, inside = choose_extent([50.0, 50.5, 51.0, 38.9], [36.0, 36.5, 36.2, -77.0])
>>> [bool(v) for v in inside], ext.west > 30
([True, True, True, False], True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.errors import InputError

__all__ = ["Extent", "choose_extent", "distance_km", "parse_extent", "EARTH_RADIUS_KM", "KM_PER_DEGREE",
           "MIN_SPAN_KM", "FOCUS_RADIUS_KM", "FOCUS_WHEN_KM", "AREA_PAD_DEG"]

EARTH_RADIUS_KM = 6371.0088  # the package's sphere (geoevents.gazetteer.gazetteer.EARTH_RADIUS_KM)
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
MIN_SPAN_KM = 250.0  # a map of one town still shows its surroundings
FOCUS_RADIUS_KM = 1500.0  # the main group: events within this of the densest spot
FOCUS_WHEN_KM = 3500.0  # look for a main group only when the events span more than this
AREA_PAD_DEG = 0.9  # about half the size of an oblast: room around area-level events


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance on the package's sphere; numpy arrays welcome."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


@dataclass(frozen=True)
class Extent:
    west: float
    south: float
    east: float
    north: float

    @property
    def mid_lat(self) -> float:
        return (self.south + self.north) / 2

    @property
    def stretch(self) -> float:
        """Height of one degree of latitude over one of longitude on the drawing."""
        return 1 / max(0.05, math.cos(math.radians(self.mid_lat)))

    def width_km(self) -> float:
        return (self.east - self.west) * KM_PER_DEGREE * math.cos(math.radians(self.mid_lat))

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.west, self.south, self.east, self.north)


def _main_group(lat, lon) -> Any:
    """Boolean mask of the events within FOCUS_RADIUS_KM of the spot with most events around it."""
    import numpy as np

    n = len(lat)
    step = max(1, n // 1500)  # centres tried: at most ~1500, each against (a sample of at most 20,000) events
    every = max(1, n // 20_000)
    lat_s, lon_s = lat[::every], lon[::every]
    best, best_count = 0, -1
    for start in range(0, n, 200 * step):
        centres = np.arange(start, min(n, start + 200 * step), step)
        d = distance_km(lat[centres][:, None], lon[centres][:, None], lat_s[None, :], lon_s[None, :])
        counts = (d <= FOCUS_RADIUS_KM).sum(axis=1)
        j = int(np.argmax(counts))
        if counts[j] > best_count:
            best, best_count = int(centres[j]), int(counts[j])
    return distance_km(lat[best], lon[best], lat, lon) <= FOCUS_RADIUS_KM


def choose_extent(lats: Sequence[float], lons: Sequence[float], *, aspect: float = 4 / 3,
                  focus: str = "auto", areas: Sequence[bool] | None = None) -> tuple[Extent, Any]:
    """The map's extent for these points, and a mask of the points inside it.

    ``aspect`` is the width / height of the map on paper; the extent is widened
    in one direction to fill it. ``focus="auto"`` frames the main group when
    the points are spread over more than FOCUS_WHEN_KM and the group holds
    at least half of them; ``"all"`` always frames every point. ``areas`` flags points that
    stand for an admin area: the frame leaves room for about AREA_PAD_DEG around them.

    >>> ext, inside = choose_extent([50.0], [36.0])
    >>> round(ext.north - ext.south, 2) > 2.2, bool(inside.all())
    (True, True)
    """
    import numpy as np

    if focus not in ("auto", "all"):
        raise InputError(f"focus must be 'auto' or 'all', not {focus!r}")
    lat, lon = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
    inside = np.ones(len(lat), dtype=bool)
    if focus == "auto" and len(lat) > 2:
        mid = (lat.min() + lat.max()) / 2
        span = max((lon.max() - lon.min()) * math.cos(math.radians(mid)), lat.max() - lat.min()) * KM_PER_DEGREE
        if span > FOCUS_WHEN_KM:
            group = _main_group(lat, lon)
            if group.sum() * 2 >= len(lat):
                inside = group
    la, lo = lat[inside], lon[inside]
    south, north, west, east = la.min(), la.max(), lo.min(), lo.max()
    if areas is not None:
        flagged = np.asarray(areas, dtype=bool)[inside]
        if flagged.any():
            pad_lon = AREA_PAD_DEG / max(0.05, math.cos(math.radians(float(la[flagged].mean()))))
            south, north = min(south, la[flagged].min() - AREA_PAD_DEG), max(north, la[flagged].max() + AREA_PAD_DEG)
            west, east = min(west, lo[flagged].min() - pad_lon), max(east, lo[flagged].max() + pad_lon)
    mid = (south + north) / 2
    cos = max(0.05, math.cos(math.radians(mid)))
    # spans in km-like units (degrees of latitude), padded by 12% a side, at least MIN_SPAN_KM
    h = max((north - south) * 1.24, MIN_SPAN_KM / KM_PER_DEGREE)
    w = max((east - west) * cos * 1.24, MIN_SPAN_KM / KM_PER_DEGREE)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (west + east) / 2, mid
    half_lon, half_lat = w / cos / 2, h / 2
    south, north = max(-85.0, cy - half_lat), min(85.0, cy + half_lat)
    west, east = max(-180.0, cx - half_lon), min(180.0, cx + half_lon)
    extent = Extent(float(west), float(south), float(east), float(north))
    full = (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)
    return extent, full


def parse_extent(value: str | Sequence[float]) -> tuple[float, float, float, float]:
    """``"W,S,E,N"`` (or four numbers) as a checked (west, south, east, north) in degrees.

    >>> parse_extent("30,44,41,53")
    (30.0, 44.0, 41.0, 53.0)
    """
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        w, s, e, n = (float(v) for v in parts)
    except (TypeError, ValueError):
        raise InputError(f"extent {value!r}: want four numbers W,S,E,N in degrees, e.g. 30,44,41,53") from None
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise InputError(f"extent {value!r}: want (west, south, east, north) in degrees, west < east, "
                         "south < north")
    return (w, s, e, n)
