"""A list of events that can draw, save and summarise itself.

``extract_events`` and ``extract_events_from_file`` return one.  It is a
plain ``list`` subclass, so everything that takes a list of events takes it.
In Jupyter it shows as the interactive map (in a sandboxed iframe).

>>> from geoevents import extract_events
>>> events = extract_events("Russian forces shelled Kharkiv on 17 November 2024.", published="2024-11-18")
>>> type(events).__name__, len(events), events.summary()
('EventCollection', 1, '1 event: 1 Explosions/Remote violence; 2024-11-17 to 2024-11-17; 1 place')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["EventCollection"]

class EventCollection(list):
    """Events, with ``.map()``, ``.save_map()``, ``.to_file()``, ``.to_geodataframe()`` and ``.summary()``."""

    def map(self, *, title: str | None = None, tiles: str | None = None,
            extent: Sequence[float] | None = None, focus: str = "auto"):
        """The :class:`folium.Map` of these events (see :func:`geoevents.webmap.build_map`); ``extent``
        (west, south, east, north) or ``focus="all"`` set the first view."""
        from ..webmap import build_map

        return build_map(self, title=title, tiles=tiles, extent=extent, focus=focus)

    def save_map(self, path: str | Path, *, title: str | None = None, tiles: str | None = None,
                 fragment: bool = False, extent: Sequence[float] | None = None, focus: str = "auto") -> Path:
        """Write the self-contained HTML map (or a pasteable fragment) to ``path``; ``extent`` or
        ``focus="all"`` set the first view, as ``geoevents map --extent/--focus`` do."""
        from ..webmap import save_map

        return save_map(self, path, title=title, tiles=tiles, fragment=fragment, extent=extent, focus=focus)

    def to_file(self, path: str | Path, **options: Any) -> int:
        """Write to any format :func:`geoevents.outputs.save` knows, by extension; returns the count."""
        from .save import save

        return save(self, path, **options)

    def to_geodataframe(self):
        """A GeoDataFrame in EPSG:4326, one row per event."""
        from .frames import events_to_geodataframe

        return events_to_geodataframe(self)

    def summary(self) -> str:
        """One line: how many events of which types, the dates they span and the places they are at."""
        if not self:
            return "no events"
        types = Counter(e.event_type for e in self)
        parts = [f"{len(self)} event{'s' if len(self) != 1 else ''}: "
                 + ", ".join(f"{n} {t}" for t, n in types.most_common())]
        starts = [e.date_start for e in self if e.date_start]
        ends = [e.date_end or e.date_start for e in self if e.date_start]
        if starts:
            parts.append(f"{min(starts).isoformat()} to {max(ends).isoformat()}")
        places = {e.place.id for e in self if e.place}
        parts.append(f"{len(places)} place{'s' if len(places) != 1 else ''}")
        return "; ".join(parts)

    def _repr_html_(self) -> str:
        from ..webmap import repr_html

        return repr_html(self)

    def __repr__(self) -> str:
        return f"EventCollection({self.summary()})"

    def __getitem__(self, item):
        found = super().__getitem__(item)
        return EventCollection(found) if isinstance(item, slice) else found
