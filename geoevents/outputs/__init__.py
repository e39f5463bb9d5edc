"""Writers: events out to files, always through a temporary file and a rename.

- ``files``: GeoJSON, CSV and JSON Lines; ``frames``: the GeoDataFrame, GeoPackage and GeoParquet;
- ``static``: static maps (PNG, SVG); ``report``: the HTML report; ``rfc7946``: GeoJSON checks;
- ``save``: one entry point by file extension; ``collection``: ``EventCollection``, a list of
  events that draws and saves itself.

May import: ``geoevents.webmap``, ``geoevents.gazetteer``, ``geoevents.core``; never the extraction.
"""

from __future__ import annotations

from ..core.atomic import atomic_write
from .files import FORMATS, GIS_FORMATS, write_events
from .save import ALL_FORMATS, save

__all__ = ["ALL_FORMATS", "FORMATS", "GIS_FORMATS", "atomic_write", "save", "write_events", "events_to_geodataframe"]


def __getattr__(name: str):
    # the GeoDataFrame side imports geopandas: only for whoever asks
    if name == "events_to_geodataframe":
        from .frames import events_to_geodataframe

        return events_to_geodataframe
    raise AttributeError(name)
