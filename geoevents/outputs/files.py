"""Event files: GeoJSON (RFC 7946), CSV (ACLED column names plus ours) and JSON Lines.

Each file carries every event whole, so the tool reads its own files back into
the same events (:mod:`geoevents.io.events_files`): GeoJSON and JSON lines hold
:meth:`Event.to_dict`, and the CSV's last column, ``event_json``, holds it too.

Output goes to a temporary file beside the target and is renamed into
place only when complete, so a failure never leaves half a file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from ..core.atomic import atomic_write
from ..core.errors import InputError
from ..core.model import Event
from ..io.columns import COORD_DIGITS, CSV_COLUMNS, csv_row
from ..io.events_files import EVENT_JSON

__all__ = ["FORMATS", "GIS_FORMATS", "atomic_write", "write_events", "event_feature", "csv_row", "CSV_COLUMNS"]


def event_feature(e: Event) -> dict:
    """One RFC 7946 Feature: [lon, lat] with 6 decimals, properties flattened for GIS tools."""
    geometry = None
    if e.lat is not None and e.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(e.lon, COORD_DIGITS), round(e.lat, COORD_DIGITS)]}
    props = e.to_dict()
    props.pop("lat", None)
    props.pop("lon", None)
    return {"type": "Feature", "id": e.id, "geometry": geometry, "properties": props}


def _write_geojson(events: Iterable[Event], fh) -> None:
    fh.write('{"type": "FeatureCollection", "features": [')
    for i, e in enumerate(events):
        fh.write(("\n" if i == 0 else ",\n") + json.dumps(event_feature(e), ensure_ascii=False))
    fh.write("\n]}\n")


def _write_csv(events: Iterable[Event], fh) -> None:
    writer = csv.DictWriter(fh, fieldnames=[*CSV_COLUMNS, EVENT_JSON], lineterminator="\n")
    writer.writeheader()
    for e in events:
        writer.writerow({**csv_row(e), EVENT_JSON: json.dumps(e.to_dict(), ensure_ascii=False)})


def _write_jsonl(events: Iterable[Event], fh) -> None:
    for e in events:
        fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


FORMATS: dict[str, Callable] = {".geojson": _write_geojson, ".json": _write_geojson, ".csv": _write_csv,
                                ".jsonl": _write_jsonl}


# formats written through a GeoDataFrame (geoevents.outputs.frames), which open their files themselves
GIS_FORMATS = (".gpkg", ".parquet")


def write_events(events: Iterable[Event], path: str | Path) -> int:
    """Write events to ``path`` in the format its extension names; returns how many were written.

    ``.geojson`` / ``.json`` (RFC 7946), ``.csv`` (ACLED columns plus ours), ``.jsonl``, ``.gpkg``
    (GeoPackage, layer ``events``) and ``.parquet`` (GeoParquet); all in EPSG:4326.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in GIS_FORMATS:
        from .frames import write_gpkg, write_parquet

        return (write_gpkg if suffix == ".gpkg" else write_parquet)(list(events), path)
    writer = FORMATS.get(suffix)
    if writer is None:
        known = ", ".join(sorted([*FORMATS, *GIS_FORMATS]))
        raise InputError(f"{path}: unknown output format {path.suffix!r} (use {known})")
    items = list(events)
    with atomic_write(path) as fh:
        writer(items, fh)
    return len(items)


