"""Events per admin-1 area and month: a dask-geopandas spatial join of engine output with the bundled outlines.

Each event point is joined to the admin-1 outline that contains it (the
Natural Earth outlines in the gazetteer, simplified to about 1 km), partition
by partition; the counts are then summed per area and month.  An event
placed only at country level (``geo_precision`` 4: "in Ukraine") is counted
under its country, not under the admin-1 area that holds the country's label
point: its row has an empty ``admin1_code`` and the country's outline.
Events on no outline (at sea, or just off a simplified coast) and events
wider than a country are counted under an empty area and country, so
nothing is dropped silently.
"""

from __future__ import annotations

import os

from ..core.errors import InputError
from .run import part_files

__all__ = ["aggregate", "admin1_outlines", "country_outlines", "COUNTRY_LEVEL"]

COUNTRY_LEVEL = 4  # geo_precision of an event known only to its country (or wider)
_COLUMNS = ["admin1_code", "admin1", "admin1_iso", "country", "month", "events", "fatalities", "geometry"]


def _outlines(layer: str):
    import geopandas

    from ..gazetteer.gazetteer import Gazetteer
    from ..gazetteer.spatial import load_outlines

    rows = load_outlines(Gazetteer.default()._db(), layer)
    return geopandas.GeoDataFrame(
        {"code": [r[0] for r in rows], "name": [r[1] for r in rows], "country": [r[2] for r in rows],
         "iso": [r[3] for r in rows]},
        geometry=[r[4] for r in rows], crs="EPSG:4326")


def admin1_outlines():
    """The bundled admin-1 outlines as a GeoDataFrame: ``admin1_code`` (Natural Earth), ``admin1``, ``admin1_iso``,
    ``country``, geometry (EPSG:4326)."""
    frame = _outlines("admin1").rename(columns={"code": "admin1_code", "name": "admin1", "iso": "admin1_iso"})
    return frame[["admin1_code", "admin1", "country", "admin1_iso", "geometry"]]


def country_outlines():
    """The bundled country outlines as a GeoDataFrame: ``country`` (ISO alpha-2), geometry (EPSG:4326)."""
    frame = _outlines("country")
    frame = frame[frame["country"] != ""]
    return frame[~frame["country"].duplicated(keep="first")][["country", "geometry"]].reset_index(drop=True)


def _month(frame):
    """Per event: its month, fatalities, country, whether it is placed only at country level, and its point."""
    out = frame[["event_date", "fatalities", "geometry"]].copy()
    out["month"] = out["event_date"].astype("string").str[:7].fillna("")
    out["fatalities"] = out["fatalities"].fillna(0).astype("int64")
    out["country"] = frame["country_code"].astype("string").fillna("")
    out["broad"] = (frame["geo_precision"].fillna(0).astype("int64") >= COUNTRY_LEVEL) & (out["country"] != "")
    return out[["month", "fatalities", "country", "broad", "geometry"]]


def _first_match(frame):
    return frame[~frame.index.duplicated(keep="first")]


def _counts(frame, keys: list[str]):
    return frame.groupby(keys).agg({"fatalities": ["count", "sum"]})


def aggregate(parts: str | os.PathLike[str], *, scheduler: str | None = None):
    """Events and fatalities per admin-1 area and month (``YYYY-MM``) of an engine output folder.

    Returns a GeoDataFrame (the area outlines as geometry) with ``admin1_code``, ``admin1``, ``admin1_iso``,
    ``country``, ``month``, ``events`` and ``fatalities``, sorted by area and month.  Country-level events
    (``geo_precision`` 4) have rows of their own per country, with an empty ``admin1_code``.  Runs on the
    Dask scheduler at ``scheduler`` if given, else on Dask's default (threaded) scheduler.
    """
    import dask
    import dask_geopandas

    files = part_files(parts)
    if not files:
        raise InputError(f"{parts}: no part files")
    points = dask_geopandas.read_parquet(
        [str(f) for f in files], columns=["event_date", "fatalities", "geo_precision", "country_code", "geometry"])
    points = points[~points.geometry.isna()]
    points = points.map_partitions(_month, meta=_month(points._meta))
    precise = points[~points["broad"]][["month", "fatalities", "geometry"]]
    areas = admin1_outlines()
    joined = dask_geopandas.sjoin(precise, dask_geopandas.from_geopandas(areas, npartitions=1), how="inner",
                                  predicate="within")
    # one area per event where simplified outlines overlap (each left partition is joined as a whole)
    joined = joined.map_partitions(_first_match, meta=joined._meta)
    work = (_counts(joined, ["admin1_code", "month"]), _counts(points[points["broad"]], ["country", "month"]),
            _counts(points, ["month"]))
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler):
            results = dask.compute(*work)
    else:
        results = dask.compute(*work)
    by_area, by_country, totals = results
    return _assemble(by_area, by_country, totals, areas)


def _assemble(by_area, by_country, totals, areas):
    """The result table from the three counts: per admin-1 area, per country, and per month in all."""
    import geopandas
    import pandas as pd

    for table in (by_area, by_country, totals):
        table.columns = ["events", "fatalities"]
    info = pd.DataFrame(areas.drop(columns="geometry"))
    area_rows = by_area.reset_index().merge(info, on="admin1_code", how="left")
    area_rows = area_rows.merge(areas[["admin1_code", "geometry"]], on="admin1_code", how="left")
    country_rows = by_country.reset_index().merge(country_outlines(), on="country", how="left")
    country_rows["admin1_code"] = ""
    counted = pd.concat([by_area.groupby(level="month").sum(), by_country.groupby(level="month").sum()])
    rest = totals.sub(counted.groupby(level=0).sum(), fill_value=0)
    rest = rest[rest["events"] > 0].reset_index()  # on no outline: at sea, off a simplified coast, or wider
    rest["admin1_code"] = ""
    frames = [frame for frame in (area_rows, country_rows, rest) if len(frame)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_COLUMNS)
    for col in ("admin1_code", "admin1", "admin1_iso", "country"):
        out[col] = out[col].fillna("") if col in out else ""
    if "geometry" not in out:
        out["geometry"] = None
    out["events"] = out["events"].astype("int64")
    out["fatalities"] = out["fatalities"].astype("int64")
    out = geopandas.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    out = out.sort_values(["admin1_code", "country", "month"], kind="stable").reset_index(drop=True)
    return out[_COLUMNS]
