"""The event table's columns: ACLED's names first, then ours, and how an event fills them.

One schema for every tabular form of events: the CSV writer, the
GeoDataFrame behind GeoPackage and GeoParquet (:mod:`geoevents.outputs.frames`),
the engine's parts and the event store (:mod:`geoevents.store`).  It sits in
``io`` beside the event-table reader, not in ``core``: ACLED's ``country``
column takes the country's name from the gazetteer.

>>> CSV_COLUMNS[:4], len(CSV_COLUMNS)
(['event_id_cnty', 'event_date', 'year', 'time_precision'], 47)
"""

from __future__ import annotations

import functools
import json

from ..core.errors import InputError
from ..core.model import Event

__all__ = ["ACLED_KEPT", "CSV_COLUMNS", "COORD_DIGITS", "DATE_COLUMNS", "FLOAT_COLUMNS", "INT_COLUMNS", "check_point", "csv_row"]

COORD_DIGITS = 6

# ACLED's column names first (so ACLED tooling reads the file), then ours
CSV_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "id", "date_start", "date_end", "date_precision", "status", "wounded", "troops_low", "troops_high",
    "troops_qualifier", "troops_sides", "actors", "place_id", "place_kind", "admin1_iso", "country_code",
    "origin", "origin_lat", "origin_lon", "evidence_start", "evidence_end", "trigger", "date_text", "remarks",
    "background", "inter1", "inter2", "civilian_targeting", "tags", "source_fields", "place_approximate",
]
#: source columns written under their ACLED names; the other kept source columns go to ``source_fields`` (JSON)
ACLED_KEPT = ("inter1", "inter2", "civilian_targeting", "tags")

# the typed columns of the GeoDataFrame form (every other column is a string)
INT_COLUMNS = ("year", "time_precision", "geo_precision", "fatalities", "wounded", "troops_low", "troops_high",
               "evidence_start", "evidence_end", "background")
DATE_COLUMNS = ("event_date", "date_start", "date_end")
FLOAT_COLUMNS = ("latitude", "longitude", "origin_lat", "origin_lon")


@functools.lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    """The country's English name for ACLED's ``country`` column ("" for none)."""
    if not code:
        return ""
    from ..gazetteer.gazetteer import Gazetteer

    return Gazetteer.default().country_name(code) or code


def _kept(e: Event) -> dict:
    """The event's kept source columns: ACLED's four by name, the rest as one JSON object."""
    if not e.source_fields:
        return _NO_FIELDS
    fields = dict(e.source_fields)
    kept = {name: fields.pop(name, "") for name in ACLED_KEPT}
    kept["source_fields"] = json.dumps(fields, ensure_ascii=False, sort_keys=True) if fields else ""
    return kept


_NO_FIELDS = {name: "" for name in (*ACLED_KEPT, "source_fields")}


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
        "background": int(e.background), **_kept(e),
        "place_approximate": p.approximate if p else "",
    }


def check_point(e: Event) -> None:
    """Refuse an event whose coordinates are incomplete or out of range (no coordinates at all is fine)."""
    if e.lat is None and e.lon is None:
        return
    if e.lat is None or e.lon is None or not (-90 <= e.lat <= 90) or not (-180 <= e.lon <= 180):
        raise InputError(f"event {e.id}: coordinates out of range or incomplete (lat {e.lat}, lon {e.lon})")
