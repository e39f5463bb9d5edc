"""The event store: events kept in a GeoPackage, de-duplicated, with every report behind them.

May import: ``geoevents.io``, ``geoevents.gazetteer``, ``geoevents.core``.

>>> from geoevents.store import EventStore, is_event_store
"""

from __future__ import annotations

from .store import AddResult, CheckResult, EventStore, SourceCount, is_event_store

__all__ = ["AddResult", "CheckResult", "EventStore", "SourceCount", "is_event_store"]
