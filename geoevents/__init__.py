"""geoevents: offline geoparsing and conflict-event mapping.

The gazetteer is bundled; nothing here goes online unless asked to.

>>> from geoevents import Gazetteer
>>> Gazetteer.default().best("Kiev").name
'Kyiv'
"""

from __future__ import annotations

from .errors import CoordinateError, GazetteerError, GeoeventsError, InputError
from .gazetteer import Gazetteer
from .geoparse import geoparse
from .model import Candidate, Place, ReverseResult, Toponym

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
    "OfflineGeocoder": ("geocoder", "OfflineGeocoder"),  # imports geopy: only for whoever asks
    "extract_events": ("pipeline", "extract_events"),
    "extract_events_from_file": ("pipeline", "extract_events_from_file"),
    "extract_document": ("pipeline", "extract_document"),
    "read_documents": ("ingest", "read_documents"),
    "Document": ("ingest", "Document"),
    "Event": ("model", "Event"),
    "EventCollection": ("collection", "EventCollection"),
    "read_event_table": ("tables", "read_event_table"),
}


def __getattr__(name: str):
    # heavier parts load on first use, so `geoevents geocode` starts fast
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(name)
