"""Events per admin-1 area and month: a dask-geopandas spatial join of engine output with the bundled outlines.

Each event point is joined to the admin-1 outline that contains it (the
Natural Earth outlines in the gazetteer, simplified to about 1 km), partition
by partition; the counts are then summed per area and month.  Events on no
outline (at sea, or just off a simplified coast) are counted under an empty
area code, so nothing is dropped silently.
"""

from __future__ import annotations

import os

from ..core.errors import InputError
from .run import part_files

__all__ = ["aggregate", "admin1_outlines"]


def admin1_outlines():
    """The bundled admin-1 outlines as a GeoDataFrame: ``admin1_code`` (Natural Earth), ``admin1``, ``admin1_iso``,
    ``country``, geometry (EPSG:4326)."""
    import geopandas

    from ..gazetteer.gazetteer import Gazetteer
    from ..gazetteer.spatial import load_outlines

    rows = load_outlines(Gazetteer.default()._db(), "admin1")
    return geopandas.GeoDataFrame(
        {"admin1_code": [r[0] for r in rows], "admin1": [r[1] for r in rows], "country": [r[2] for r in rows],
         "admin1_iso": [r[3] for r in rows]},
        geometry=[r[4] for r in rows], crs="EPSG:4326")


def _month(frame):
    out = frame[["event_date", "fatalities", "geometry"]].copy()
    out["month"] = out["event_date"].astype("string").str[:7].fillna("")
    out["fatalities"] = out["fatalities"].fillna(0).astype("int64")
    return out[["month", "fatalities", "geometry"]]


def _first_match(frame):
    return frame[~frame.index.duplicated(keep="first")]


def aggregate(parts: str | os.PathLike[str], *, scheduler: str | None = None):
    """Events and fatalities per admin-1 area and month (``YYYY-MM``) of an engine output folder.

    Returns a GeoDataFrame (the area outlines as geometry) with ``admin1_code``, ``admin1``, ``admin1_iso``,
    ``country``, ``month``, ``events`` and ``fatalities``, sorted by area and month.  Runs on the Dask
    scheduler at ``scheduler`` if given, else on Dask's default (threaded) scheduler.
    """
    import dask
    import dask_geopandas
    import geopandas
    import pandas as pd

    files = part_files(parts)
    if not files:
        raise InputError(f"{parts}: no part files")
    points = dask_geopandas.read_parquet([str(f) for f in files], columns=["event_date", "fatalities", "geometry"])
    points = points[~points.geometry.isna()]
    points = points.map_partitions(_month, meta=_month(points._meta))
    areas = admin1_outlines()
    joined = dask_geopandas.sjoin(points, dask_geopandas.from_geopandas(areas, npartitions=1), how="inner",
                                  predicate="within")
    # one area per event where simplified outlines overlap (each left partition is joined as a whole)
    joined = joined.map_partitions(_first_match, meta=joined._meta)
    grouped = joined.groupby(["admin1_code", "month"]).agg({"fatalities": ["count", "sum"]})
    everything = points.groupby("month").agg({"fatalities": ["count", "sum"]})
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler):
            table, totals = dask.compute(grouped, everything)
    else:
        table, totals = dask.compute(grouped, everything)
    table.columns = ["events", "fatalities"]
    totals.columns = ["events", "fatalities"]
    table = table.reset_index()
    inside = table.groupby("month")[["events", "fatalities"]].sum()
    rest = totals.sub(inside, fill_value=0)
    rest = rest[rest["events"] > 0].reset_index()
    if len(rest):  # on no outline: at sea, or off a simplified coast
        rest.insert(0, "admin1_code", "")
        table = pd.concat([table, rest[["admin1_code", "month", "events", "fatalities"]]], ignore_index=True)
    table["events"] = table["events"].astype("int64")
    table["fatalities"] = table["fatalities"].astype("int64")
    info = pd.DataFrame(areas.drop(columns="geometry"))
    out = table.merge(info, on="admin1_code", how="left")
    out = out.merge(areas[["admin1_code", "geometry"]], on="admin1_code", how="left")
    out = geopandas.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    for col in ("admin1", "admin1_iso", "country"):
        out[col] = out[col].fillna("")
    out = out.sort_values(["admin1_code", "month"], kind="stable").reset_index(drop=True)
    return out[["admin1_code", "admin1", "admin1_iso", "country", "month", "events", "fatalities", "geometry"]]
