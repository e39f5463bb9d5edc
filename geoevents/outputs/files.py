"""Event files: GeoJSON (RFC 7946), CSV (ACLED column names plus ours) and JSON Lines.

Output goes to a temporary file beside the target and is renamed into
place only when complete, so a failure never leaves half a file.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Event

__all__ = ["FORMATS", "GIS_FORMATS", "atomic_write", "write_events", "event_feature", "csv_row", "CSV_COLUMNS"]

COORD_DIGITS = 6

# ACLED's column names first (so ACLED tooling reads the file), then ours
CSV_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "id", "date_start", "date_end", "date_precision", "status", "wounded", "troops_low", "troops_high",
    "troops_qualifier", "troops_sides", "actors", "place_id", "place_kind", "admin1_iso", "country_code",
    "origin", "origin_lat", "origin_lon", "evidence_start", "evidence_end", "trigger", "date_text", "remarks",
    "background",
]


@contextlib.contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; outputs get the usual mode
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process umask; read from /proc where it can be (os.umask() has to set it to read it)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def event_feature(e: Event) -> dict:
    """One RFC 7946 Feature: [lon, lat] with 6 decimals, properties flattened for GIS tools."""
    geometry = None
    if e.lat is not None and e.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(e.lon, COORD_DIGITS), round(e.lat, COORD_DIGITS)]}
    props = e.to_dict()
    props.pop("lat", None)
    props.pop("lon", None)
    return {"type": "Feature", "id": e.id, "geometry": geometry, "properties": props}


@functools.lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    """The country's English name for ACLED's ``country`` column ("" for none)."""
    if not code:
        return ""
    from ..gazetteer import Gazetteer

    return Gazetteer.default().country_name(code) or code


def csv_row(e: Event) -> dict:
    p, t = e.place, e.troops
    return {
        "event_id_cnty": e.source_id or e.id, "event_date": e.date_start.isoformat() if e.date_start else "",
        "year": e.date_start.year if e.date_start else "", "time_precision": e.time_precision or "",
        "event_type": e.event_type, "sub_event_type": e.sub_event_type,
        "actor1": e.actors[0] if e.actors else "", "actor2": e.actors[1] if len(e.actors) > 1 else "",
        "country": _country_name(p.country) if p else "", "admin1": p.admin1 if p else "", "location": p.name if p else "",
        "latitude": "" if e.lat is None else round(e.lat, COORD_DIGITS),
        "longitude": "" if e.lon is None else round(e.lon, COORD_DIGITS),
        "geo_precision": e.geo_precision or "", "source": e.source,
        "notes": " ".join(ev.sentence for ev in e.evidences),
        "fatalities": "" if e.fatalities is None else e.fatalities,
        "id": e.id, "date_start": e.date_start.isoformat() if e.date_start else "",
        "date_end": e.date_end.isoformat() if e.date_end else "", "date_precision": e.date_precision or "",
        "status": e.status, "wounded": "" if e.wounded is None else e.wounded,
        "troops_low": "" if not t or t.low is None else t.low, "troops_high": "" if not t or t.high is None else t.high,
        "troops_qualifier": t.qualifier if t else "", "troops_sides": "; ".join(t.sides) if t else "",
        "actors": "; ".join(e.actors), "place_id": p.id if p else "", "place_kind": p.kind if p else "",
        "admin1_iso": p.admin1_iso if p else "", "country_code": p.country if p else "",
        "origin": e.origin.name if e.origin else "", "origin_lat": e.origin.lat if e.origin else "",
        "origin_lon": e.origin.lon if e.origin else "", "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end, "trigger": e.trigger, "date_text": e.date_text, "remarks": e.notes,
        "background": int(e.background),
    }


def _write_geojson(events: Iterable[Event], fh) -> None:
    fh.write('{"type": "FeatureCollection", "features": [')
    for i, e in enumerate(events):
        fh.write(("\n" if i == 0 else ",\n") + json.dumps(event_feature(e), ensure_ascii=False))
    fh.write("\n]}\n")


def _write_csv(events: Iterable[Event], fh) -> None:
    writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in events:
        writer.writerow(csv_row(e))


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


