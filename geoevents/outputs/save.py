"""One entry point for every output a user can name by its file extension.

``save(events, "map.html")`` draws the web map, ``"map.png"`` / ``"map.svg"``
the static map, and the data formats (``.geojson``, ``.csv``, ``.jsonl``,
``.gpkg``, ``.parquet``) go to :func:`geoevents.outputs.write_events`.
The map modules are imported only when a map is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.model import Event
from .files import FORMATS, GIS_FORMATS, write_events

__all__ = ["save", "MAP_FORMATS", "STATIC_FORMATS", "ALL_FORMATS"]

MAP_FORMATS = (".html",)
STATIC_FORMATS = (".png", ".svg")
ALL_FORMATS = (*FORMATS, *GIS_FORMATS, *MAP_FORMATS, *STATIC_FORMATS)


def save(events: Iterable[Event], path: str | Path, **options: Any) -> int:
    """Write ``events`` to ``path`` in the format its extension names; returns the number of events.

    ``options`` go to the map writers (``title``, ``tiles``, ``fragment`` ...); data formats take none.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    items = list(events)
    if suffix in MAP_FORMATS:
        from ..webmap import save_map

        save_map(items, path, **options)
        return len(items)
    if suffix in STATIC_FORMATS:
        from .static import save_static

        save_static(items, path, **options)
        return len(items)
    if suffix not in (*FORMATS, *GIS_FORMATS):
        raise InputError(f"{path}: unknown output format {path.suffix!r} (use {', '.join(ALL_FORMATS)})")
    if options:
        raise InputError(f"{path}: {', '.join(sorted(options))} apply to maps only")
    return write_events(items, path)
