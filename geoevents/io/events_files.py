"""The tool's own event files, read back: JSON lines, GeoJSON, CSV, GeoParquet and GeoPackage exports.

Every export carries each event whole: JSON lines and GeoJSON hold
:meth:`Event.to_dict` (GeoJSON in a feature's properties, the point in its
geometry), and CSV, GeoPackage and GeoParquet add an ``event_json`` column
after the ACLED-style columns.  So ``geoevents export x -o y`` then
``geoevents extract y`` gives the same events: ids, places, dates, figures
and every sentence of evidence.  A folder of GeoParquet parts (the batch
engine's ``NAME.parquet/``) reads the same way.

A row that was edited after export (one of its visible columns no longer
matches its ``event_json``) is not trusted: the whole file is then read
from its columns by :func:`geoevents.io.tables.read_event_table_text`, as
any other event table, so a hand edit is never silently undone.

>>> import json, pathlib, tempfile
>>> from geoevents.core.model import Event, Evidence
>>> e = Event("a1b2c3d4e5f60718", None, None, None, None, None, None, None, "happened", "Battles",
...           "Armed clash", (), None, 2, Evidence(0, 12, "Clashes, 2."), "a.txt")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "events.jsonl"
>>> _ = path.write_text(json.dumps(e.to_dict()) + "\\n")
>>> events, line = read_events_file(path)
>>> events == [e], line.endswith("geoevents JSON lines, 1 event(s)")
(True, True)
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path

from ..core.errors import InputError
from ..core.model import Event
from .columns import csv_row

__all__ = ["EVENT_JSON", "events_file_format", "read_events_file"]

#: The column that carries the whole event in tabular exports.
EVENT_JSON = "event_json"
GPKG_LAYER = "events"
# the columns a person is likely to edit by hand; a row whose cells differ from its event_json is read from them
_CHECKED = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude",
            "geo_precision", "fatalities", "wounded", "notes", "date_start", "date_end", "status", "event_id_cnty")


def _first_line(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            if line.strip():
                return line
    return ""


def _is_event_dict(data: object) -> bool:
    return isinstance(data, dict) and "id" in data and isinstance(data.get("evidence"), dict) and "text" not in data


def _part_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-*.parquet"))


def events_file_format(path: str | os.PathLike[str]) -> str | None:
    """The kind of geoevents export at ``path`` ("jsonl", "geojson", "csv", "parquet", "parts", "gpkg"), or None.

    Cheap: it reads a first line, a header or a schema, except for GeoJSON, which it parses.
    An event store is not an export (see :func:`geoevents.store.is_event_store`).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if p.is_dir():
            return "parts" if _part_files(p) else None
        if not p.is_file():
            return None
        if suffix == ".jsonl":
            try:
                return "jsonl" if _is_event_dict(json.loads(_first_line(p))) else None
            except ValueError:
                return None
        if suffix == ".csv":
            return "csv" if EVENT_JSON in next(csv.reader([_first_line(p)]), []) else None
        if suffix in (".geojson", ".json"):
            return "geojson" if _geojson_features(p) is not None else None
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return "parquet" if EVENT_JSON in pq.read_schema(p).names else None
        if suffix == ".gpkg":
            import pyogrio

            layers = [name for name, _ in pyogrio.list_layers(p)]
            if GPKG_LAYER in layers and EVENT_JSON in pyogrio.read_info(p, layer=GPKG_LAYER)["fields"]:
                return "gpkg"
    except (OSError, ValueError, RuntimeError):  # unreadable: the other readers say why
        return None
    except Exception as exc:  # pyarrow and GDAL raise their own kinds for a damaged file
        if type(exc).__module__.split(".")[0] in ("pyarrow", "pyogrio"):
            return None
        raise
    return None


def _geojson_features(path: Path) -> list[dict] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    feats = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(feats, list) or not feats:
        return None
    if not all(isinstance(f, dict) and _is_event_dict(f.get("properties")) for f in feats):
        return None
    return feats


def _from_json(blob: str, where: str) -> Event:
    try:
        return Event.from_dict(json.loads(blob))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InputError(f"{where}: not a geoevents event ({type(exc).__name__}: {exc})") from None


def _feature_event(feat: dict, where: str) -> Event:
    props = dict(feat["properties"])
    geom = feat.get("geometry")
    coords = geom.get("coordinates") if isinstance(geom, dict) and geom.get("type") == "Point" else None
    props["lon"], props["lat"] = (coords[0], coords[1]) if isinstance(coords, list) and len(coords) >= 2 else (None, None)
    return _from_json(json.dumps(props), where)


def _norm(value: object) -> str:
    """A cell as text that compares equal however the format stored it (number, date, NA, string)."""
    if value is None or str(value) in ("", "<NA>", "NaT", "nan", "None"):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return "" if math.isnan(number) else f"{number:.6f}"


def _edited(row: dict, event: Event) -> bool:
    """Whether a row's visible cells differ from the event its ``event_json`` holds."""
    expected = csv_row(event)
    return any(c in row and _norm(row[c]) != _norm(expected[c]) for c in _CHECKED)


def _from_rows(rows: list[dict], where: str) -> list[Event] | None:
    """The events of a table's rows from their ``event_json``; None when a row was edited after export."""
    events = []
    for n, row in enumerate(rows, 2):
        blob = row.get(EVENT_JSON)
        if not blob or not isinstance(blob, str):
            return None
        event = _from_json(blob, f"{where}: row {n}")
        if _edited(row, event):
            return None
        events.append(event)
    return events


def _read_frame(path: Path, kind: str):
    if kind == "gpkg":
        import pyogrio

        return pyogrio.read_dataframe(path, layer=GPKG_LAYER, read_geometry=False)
    import pandas as pd
    import pyarrow.parquet as pq

    files = _part_files(path) if kind == "parts" else [path]
    frames = [pq.read_table(f).to_pandas() for f in files]
    frames = [f.drop(columns="geometry", errors="ignore") for f in frames]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _as_table(frame, source: str, **reading) -> list[Event]:
    """Rows edited after export: read from their columns as any event table is."""
    from .tables import read_event_table_text

    text = frame.drop(columns=[EVENT_JSON], errors="ignore").to_csv(index=False)
    events, _report = read_event_table_text(text, source=source, **reading)
    return events


_NAMES = {"jsonl": "JSON lines", "geojson": "GeoJSON", "csv": "CSV", "parquet": "GeoParquet",
          "parts": "GeoParquet parts", "gpkg": "GeoPackage"}


def read_events_file(path: str | os.PathLike[str], *, date_format: str | None = None,
                     skip_bad_rows: bool = False) -> tuple[list[Event], str] | None:
    """The events of a geoevents export and a summary line, or None when ``path`` is not one.

    ``date_format`` and ``skip_bad_rows`` apply when an export edited by hand is read from its columns
    (:func:`~geoevents.io.tables.read_event_table_text`).

    Raises :class:`~geoevents.core.errors.InputError` for an export whose events are damaged.
    """
    p = Path(path)
    kind = events_file_format(p)
    if kind is None:
        return None
    edited = False
    if kind == "jsonl":
        events = []
        with open(p, encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    events.append(_from_json(line, f"{p}: line {n}"))
    elif kind == "geojson":
        feats = _geojson_features(p) or []
        events = [_feature_event(f, f"{p}: feature {i}") for i, f in enumerate(feats, 1)]
    elif kind == "csv":
        csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
        text = p.read_text(encoding="utf-8-sig")
        found = _from_rows(list(csv.DictReader(io.StringIO(text))), str(p))
        if found is None:
            from .tables import read_event_table_text

            found, _report = read_event_table_text(text, source=str(p), date_format=date_format,
                                                   skip_bad_rows=skip_bad_rows)
            edited = True
        events = found
    else:
        frame = _read_frame(p, kind)
        found = _from_rows(frame.to_dict("records"), str(p))
        edited = found is None
        events = _as_table(frame, str(p), date_format=date_format, skip_bad_rows=skip_bad_rows) \
            if found is None else found
    line = f"{p}: geoevents {_NAMES[kind]}, {len(events):,} event(s)"
    if edited:
        line += " (edited since export: read from its columns)"
    return events, line
