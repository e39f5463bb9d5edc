"""Events as a GeoDataFrame, and the GIS files written from one: GeoPackage and GeoParquet.

The columns are the CSV columns (ACLED's names first, then ours), typed:
counts and precisions as nullable integers, dates as dates, coordinates as
floats, and a point geometry in EPSG:4326 (WGS 84, longitude/latitude).
Events without coordinates keep their row with an empty geometry.  The files
add an ``event_json`` column, the whole event, so the tool reads them back
into the same events (:mod:`geoevents.io.events_files`).

Like every writer here, the file is written beside its target under a
temporary name and renamed into place only when complete.

>>> import datetime as dt
>>> from geoevents import extract_events
>>> gdf = events_to_geodataframe(extract_events("Russian forces shelled Kharkiv on 17 November 2024.",
...                                               published=dt.date(2024, 11, 18)))
>>> gdf.crs.to_epsg(), gdf.loc[0, "location"], gdf.loc[0, "event_date"].isoformat()
(4326, 'Kharkiv', '2024-11-17')
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.atomic import atomic_path
from ..core.model import Event
from ..io.columns import CSV_COLUMNS, DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, check_point, csv_row
from ..io.events_files import EVENT_JSON

if TYPE_CHECKING:  # geopandas is imported on use: it costs half a second at start-up
    import geopandas
    import numpy as np
    from shapely.geometry.base import BaseGeometry

__all__ = ["events_to_geodataframe", "write_gpkg", "write_parquet", "INT_COLUMNS", "DATE_COLUMNS", "FLOAT_COLUMNS"]

CRS = "EPSG:4326"
GPKG_LAYER = "events"


def events_to_geodataframe(events: Iterable[Event]) -> geopandas.GeoDataFrame:
    """One row per event with the CSV columns, typed, and a point geometry in EPSG:4326."""
    import geopandas
    import pandas as pd
    import shapely

    items = list(events)
    for e in items:
        check_point(e)
    rows = [csv_row(e) for e in items]
    frame = pd.DataFrame.from_records(rows, columns=CSV_COLUMNS)
    for col in INT_COLUMNS:
        frame[col] = pd.array([None if v == "" else int(v) for v in frame[col]], dtype="Int64")
    for col in FLOAT_COLUMNS:
        frame[col] = pd.array([None if v == "" else float(v) for v in frame[col]], dtype="Float64")
    for col in DATE_COLUMNS:
        frame[col] = pd.to_datetime(frame[col].replace("", None), format="%Y-%m-%d").dt.date
    for col in frame.columns:
        if col not in INT_COLUMNS and col not in FLOAT_COLUMNS and col not in DATE_COLUMNS:
            frame[col] = frame[col].astype("string")
    lon = [e.lon if e.lon is not None else float("nan") for e in items]
    lat = [e.lat if e.lat is not None else float("nan") for e in items]
    points: np.ndarray | list[BaseGeometry] = []
    if items:
        located = shapely.points(lon, lat)
        located[[e.lat is None or e.lon is None for e in items]] = None
        points = located
    return geopandas.GeoDataFrame(frame, geometry=geopandas.GeoSeries(points, crs=CRS), crs=CRS)


def _frame(events: Iterable[Event] | geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """A GeoDataFrame as given, or the events' frame with ``event_json`` (each whole event) as its last column."""
    import json

    import geopandas
    import pandas as pd

    if isinstance(events, geopandas.GeoDataFrame):
        return events
    items = list(events)
    gdf = events_to_geodataframe(items)
    gdf[EVENT_JSON] = pd.array([json.dumps(e.to_dict(), ensure_ascii=False) for e in items], dtype="string")
    return gdf


def write_gpkg(events: Iterable[Event] | geopandas.GeoDataFrame, path: str | Path, *, layer: str = GPKG_LAYER) -> int:
    """Write a GeoPackage with one point layer (EPSG:4326); returns the number of events."""
    gdf = _frame(events)
    path = Path(path)
    with atomic_path(path) as tmp:
        gdf.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio")
    return len(gdf)


def write_parquet(events: Iterable[Event] | geopandas.GeoDataFrame, path: str | Path) -> int:
    """Write GeoParquet (geometry as WKB, CRS in the ``geo`` metadata); returns the number of events."""
    gdf = _frame(events)
    path = Path(path)
    with atomic_path(path) as tmp:
        gdf.to_parquet(tmp, index=False)
    return len(gdf)
