"""geoevents: offline geoparsing and conflict-event mapping.

The gazetteer is bundled; nothing here goes online unless asked to.

The packages are the pipeline's stages, each importing only those below it
(import-linter checks this; see ``[tool.importlinter]`` in pyproject.toml):

- ``cli``: the command line, over the functions below;
- ``engine``: batch runs over corpora (local or Dask);
- ``pipeline``: the entry points: articles, event tables and stores in, events out;
- ``store``, ``outputs`` (files, static maps, the report), ``webmap``: where events go;
- ``extract``: dates, figures, actors, event types, events;
- ``geoparsing``, ``io``: places in a text; articles and event tables in, the event columns;
- ``gazetteer``: the bundled places, outlines and word statistics;
- ``core``: the model, errors, name keys, map styles and atomic writes.

>>> from geoevents import Gazetteer
>>> Gazetteer.default().best("Kiev").name
'Kyiv'
"""

from __future__ import annotations

from .core.errors import CoordinateError, GazetteerError, GeoeventsError, InputError
from .core.model import Candidate, Place, ReverseResult, Toponym
from .gazetteer.gazetteer import Gazetteer
from .geoparsing.geoparse import geoparse

__version__ = "0.1.0"

__all__ = [
    "Candidate",
    "Document",
    "Event",
    "EventCollection",
    "extract_document",
    "extract_events",
    "extract_events_from_file",
    "read_documents",
    "read_event_table",
    "CoordinateError",
    "GazetteerError",
    "Gazetteer",
    "GeoeventsError",
    "InputError",
    "OfflineGeocoder",
    "Place",
    "ReverseResult",
    "Toponym",
    "geoparse",
    "__version__",
]


_LAZY = {
    "OfflineGeocoder": ("gazetteer.geocoder", "OfflineGeocoder"),  # imports geopy: only for whoever asks
    "extract_events": ("pipeline", "extract_events"),
    "extract_events_from_file": ("pipeline", "extract_events_from_file"),
    "extract_document": ("pipeline", "extract_document"),
    "read_documents": ("io.ingest", "read_documents"),
    "Document": ("io.ingest", "Document"),
    "Event": ("core.model", "Event"),
    "EventCollection": ("outputs.collection", "EventCollection"),
    "read_event_table": ("io.tables", "read_event_table"),
}


def __getattr__(name: str):
    # heavier parts load on first use, so `geoevents geocode` starts fast
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(name)
