"""Writers: events out to files, always through a temporary file and a rename."""

from __future__ import annotations

from .files import FORMATS, GIS_FORMATS, atomic_write, write_events
from .save import ALL_FORMATS, save

__all__ = ["ALL_FORMATS", "FORMATS", "GIS_FORMATS", "atomic_write", "save", "write_events", "events_to_geodataframe"]


def __getattr__(name: str):
    # the GeoDataFrame side imports geopandas: only for whoever asks
    if name == "events_to_geodataframe":
        from .frames import events_to_geodataframe

        return events_to_geodataframe
    raise AttributeError(name)
