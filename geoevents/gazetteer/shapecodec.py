"""Compact, deterministic storage for the bundled outlines.

An outline is kept as a (Multi)Polygon in shapely's ragged-array layout:
vertices quantised to 1e-4 degree (about 10 m), stored as int32 deltas,
with the ring / polygon offsets in front, and the whole zlib-compressed.
Decoding is two numpy calls and one ``shapely.from_ragged_array``.

>>> from shapely.geometry import box
>>> g = decode(encode(box(30.5, 50.25, 31.0, 50.75)))
>>> [round(v, 4) for v in g.bounds]
[30.5, 50.25, 31.0, 50.75]
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry import MultiPolygon, Polygon

SCALE = 10_000  # 1e-4 degree


def encode(geom: Polygon | MultiPolygon) -> bytes:
    """(Multi)Polygon -> bytes."""
    import shapely
    from shapely.geometry import MultiPolygon

    if geom.geom_type == "Polygon":
        geom = MultiPolygon([geom])
    _kind, coords, (rings, polys, multis) = shapely.to_ragged_array([geom])
    q = np.round(np.asarray(coords, dtype="f8") * SCALE).astype("<i8")
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype="<i8")).reshape(-1)
    head = np.array([len(rings), len(polys), len(multis)], dtype="<i4")
    body = b"".join(a.astype("<i4").tobytes() for a in (head, rings, polys, multis, deltas))
    return zlib.compress(body, 9)


def decode(blob: bytes) -> MultiPolygon:
    """bytes -> shapely MultiPolygon."""
    import shapely

    arr = np.frombuffer(zlib.decompress(blob), dtype="<i4")
    n_r, n_p, n_m = (int(v) for v in arr[:3])
    pos = 3
    rings = arr[pos : pos + n_r].astype("i8")
    pos += n_r
    polys = arr[pos : pos + n_p].astype("i8")
    pos += n_p
    multis = arr[pos : pos + n_m].astype("i8")
    pos += n_m
    coords = np.cumsum(arr[pos:].astype("i8").reshape(-1, 2), axis=0) / SCALE
    return shapely.from_ragged_array(shapely.GeometryType.MULTIPOLYGON, coords, (rings, polys, multis))[0]
