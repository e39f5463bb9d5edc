"""Event tables in: ACLED and UCDP GED exports, GeoJSON, and any CSV with coordinates or place names.

Every row becomes an :class:`~geoevents.model.Event`, like events from
text.  Rows that cannot be used (no coordinates and no place the gazetteer
knows, coordinates out of range, a bad date) are skipped and reported with
their row number and the reason; nothing raises for one bad row.

>>> import io
>>> events, report = read_event_table_text(
...     "event_date,event_type,sub_event_type,location,latitude,longitude,fatalities,notes\\n"
...     "2024-11-17,Battles,Armed clash,Pokrovsk,48.28,37.18,3,Clashes near Pokrovsk.\\n"
...     "2024-11-17,Battles,Armed clash,Nowhere,,,0,No coordinates.\\n", source="acled.csv")
>>> len(events), report.skipped
(1, [(3, "no coordinates and place 'Nowhere' is not in the gazetteer")])
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import InputError
from ..core.model import Event, EventPlace, Troops, _new_event, _new_evidence, _new_place, paused_gc
from ..gazetteer.gazetteer import Gazetteer
from .textio import read_text

__all__ = ["TableReport", "read_event_table", "read_event_table_text", "is_event_table"]

_LAT = ("latitude", "lat", "y")
_LON = ("longitude", "lon", "lng", "long", "x")
_PLACE = ("location", "place", "place_name", "city", "town", "village", "name", "admin2", "admin1", "where_description")
_TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
_GEO_KIND = {"settlement": 1, "landmark": 1, "admin2": 3, "river": 3, "admin1": 3, "country": 4, "water": 4, "region": 4}
_UCDP_TYPES = {"1": ("Battles", "Armed clash"), "2": ("Battles", "Armed clash"),
               "3": ("Violence against civilians", "Attack")}


@dataclass
class TableReport:
    """What a table gave: rows read, events made, rows skipped (row number, reason)."""

    source: str
    format: str = ""
    rows: int = 0
    events: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.source}: {self.format} table, {self.rows:,} rows, {self.events:,} events"
        if self.skipped:
            text += f", {len(self.skipped):,} skipped"
        return text


def _pick(header: list[str], names: tuple[str, ...]) -> str | None:
    lower = {h.lower().strip(): h for h in header}
    for n in names:
        if n in lower:
            return lower[n]
    return None


def _float(value: str | None) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        v = float(value)
    except ValueError:
        return math.nan
    return v


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _date(value) -> dt.date | None:
    if not value:
        return None
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%d %B %Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%b-%y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {value!r} is not understood")


def is_event_table(path: str | Path) -> bool:
    """Whether a file looks like an event table (CSV, GeoJSON) rather than an article."""
    suffix = Path(path).suffix.lower()
    return suffix in (".csv", ".geojson", ".tsv") or (suffix == ".json" and Path(path).is_file())


def read_event_table(path: str | Path, *, gazetteer: Gazetteer | None = None) -> tuple[list[Event], TableReport]:
    """Events from an ACLED / UCDP CSV, a generic CSV or a GeoJSON file."""
    return read_event_table_text(read_text(path), source=str(path), gazetteer=gazetteer,
                                 geojson=Path(path).suffix.lower() in (".geojson", ".json"),
                                 delimiter="\t" if Path(path).suffix.lower() == ".tsv" else ",")


def read_event_table_text(text: str, *, source: str, gazetteer: Gazetteer | None = None, geojson: bool = False,
                          delimiter: str = ",") -> tuple[list[Event], TableReport]:
    report = TableReport(source)
    if geojson or text.lstrip().startswith("{"):
        rows, header = _geojson_rows(text, source)
        report.format = "GeoJSON"
    else:
        csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))  # long notes are still one field
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        header = next(reader, None) or []
        if not header:
            raise InputError(f"{source}: empty table (no header row)")
        rows = reader
    lower = {h.lower().strip() for h in header}
    if not report.format:
        if {"event_id_cnty", "event_date"} <= lower or {"event_date", "sub_event_type"} <= lower:
            report.format = "ACLED"
        elif {"type_of_violence", "date_start"} <= lower:
            report.format = "UCDP GED"
        else:
            report.format = "CSV"
    lat_col, lon_col, place_col = _pick(header, _LAT), _pick(header, _LON), _pick(header, _PLACE)
    if not (lat_col and lon_col) and not place_col and report.format != "GeoJSON":
        raise InputError(f"{source}: no latitude/longitude columns and no place-name column "
                         f"(expected one of {', '.join(_LAT + _PLACE)})")
    gaz = gazetteer
    ucdp = report.format == "UCDP GED"
    events: list[Event] = []
    if report.format == "GeoJSON":
        rows = ([row.get(h) for h in header] for row in rows)  # the same list layout as CSV rows
    cols = _Columns(header, lat_col, lon_col, place_col)
    read_row = _RowReader(cols, source, ucdp, lambda: gaz or Gazetteer.default(),
                          cells_are_str=report.format != "GeoJSON")
    skipped = report.skipped
    n = 1
    with paused_gc():  # many small objects, no cycles: the collector would only rescan the events list
        for n, row in enumerate(rows, 2):
            try:
                ev = read_row(row, n)
            except (ValueError, TypeError, AttributeError) as exc:
                skipped.append((n, str(exc) if isinstance(exc, ValueError) else f"unusable row ({exc})"))
                continue
            events.append(ev)
    report.rows = n - 1
    report.events = len(events)
    return events, report


def _geojson_rows(text: str, source: str):
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else (exc.args[0] if exc.args else exc)
        raise InputError(f"{source}: not valid JSON ({reason})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise InputError(f"{source}: expected a GeoJSON FeatureCollection")
    rows = []
    header: set[str] = {"latitude", "longitude"}
    for feat in data["features"]:
        raw_props = feat.get("properties") if isinstance(feat, dict) else None
        props = dict(raw_props) if isinstance(raw_props, dict) else {}
        geom = feat.get("geometry") if isinstance(feat, dict) else None
        coords = geom.get("coordinates") if isinstance(geom, dict) and geom.get("type") == "Point" else None
        if isinstance(coords, list) and len(coords) >= 2 and all(
                isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords[:2]):
            props["longitude"], props["latitude"] = coords[0], coords[1]
        else:
            props.setdefault("latitude", None)
            props.setdefault("longitude", None)
        flat: dict = {}
        for k, v in props.items():
            if not isinstance(k, str):
                continue
            if isinstance(v, dict) and k == "place":
                flat.setdefault("location", v.get("name"))
            elif isinstance(v, dict) and k == "evidence":
                flat.setdefault("notes", v.get("sentence"))
            elif isinstance(v, dict) and k == "troops":
                flat["troops_low"], flat["troops_high"] = v.get("low"), v.get("high")
                flat["troops_qualifier"] = v.get("qualifier")
            elif isinstance(v, list):
                flat[k] = "; ".join(str(x) for x in v)
            elif isinstance(v, dict):
                flat[k] = json.dumps(v)[:200]
            else:
                flat[k] = v
        header.update(flat)
        rows.append(flat)
    return rows, sorted(header)


class _Columns:
    """Positions of the columns a table has, resolved once from its header (None when absent)."""

    _NAMES = ("geo_precision", "where_prec", "place_id", "admin1", "adm_1", "admin1_iso", "country_code", "iso2",
              "iso", "date_start", "date_end", "date_prec", "event_date", "date", "date_precision", "time_precision",
              "type_of_violence", "side_a", "side_b", "best", "source_headline", "source_article", "event_type",
              "sub_event_type", "fatalities", "notes", "sentence", "troops_low", "troops_high", "troops_qualifier",
              "status", "source", "wounded", "id", "event_id_cnty", "source_id", "country")
    _ACTORS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "actors")

    def __init__(self, header: list[str], lat: str | None, lon: str | None, place: str | None) -> None:
        pos = {h: i for i, h in enumerate(header)}
        # an absent column points at one padding slot after the row's cells, which always holds None
        self.width = len(header)
        missing = self.width
        self.has_lat_lon = lat in pos and lon in pos
        self.has_place = place in pos
        self.lat, self.lon, self.place = pos.get(lat, missing), pos.get(lon, missing), pos.get(place, missing)
        for name in self._NAMES:
            setattr(self, name, pos.get(name, missing))
        self.actors = tuple(pos[a] for a in self._ACTORS if a in pos)
        self.countries = tuple(pos[c] for c in ("country_code", "iso2", "iso") if c in pos)

    def pad(self, row: list) -> list:
        """The row with exactly one None after its header's cells (short rows are filled with None)."""
        n = len(row)
        if n == self.width:
            row.append(None)
        elif n < self.width:
            row.extend([None] * (self.width + 1 - n))
        else:
            row = row[: self.width] + [None]
        return row


def _country_code(row: list, cols: _Columns) -> str:
    """ISO alpha-2 from a country_code column, or an alpha-2 'iso' column (ACLED's 'iso' is numeric)."""
    for i in cols.countries:
        value = str(row[i] or "").strip()
        if len(value) == 2 and value.isalpha():
            return value.upper()
    return ""


def _source_id(row: list, cols: _Columns, ucdp: bool) -> str:
    """The row's own id in its source table: ACLED's event_id_cnty, UCDP's id, or a source_id column.

    A geoevents export writes ``event_id_cnty`` as the event's own id when it has no source id, so a value
    equal to the ``id`` column is not a source id.
    """
    own = str(row[cols.source_id] or "").strip()
    if own:
        return own
    if ucdp:
        return str(row[cols.id] or "").strip()
    cnty = str(row[cols.event_id_cnty] or "").strip()
    return "" if cnty == str(row[cols.id] or "").strip() else cnty


_UCDP_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
_UNSET = object()


class _RowReader:
    """Turns the rows of one table into events: ``reader(row, row_number)``.

    Built once per table with its column positions.  Cells that repeat down a table (dates, actors,
    precision codes) are parsed once: when ``cells_are_str`` (CSV) each distinct text is parsed the first
    time it is met and looked up after that.  A row that cannot be used raises ValueError, TypeError or
    AttributeError, as before.
    """

    def __init__(self, cols: _Columns, source: str, ucdp: bool, gaz, *, cells_are_str: bool) -> None:
        self.c, self.source, self.ucdp, self.gaz = cols, source, ucdp, gaz
        self.memo = cells_are_str
        self._dates: dict[str, dt.date | None] = {}
        self._ints: dict[str, int | None] = {}
        self._actors: dict[tuple, tuple[str, ...]] = {}
        self._countries: dict[str | tuple[float, float], str] = {}

    def _remembered(self, cache: dict, parse, value):
        """``parse(value)``, remembered in ``cache`` per distinct text (an error is raised every time)."""
        if not self.memo or type(value) is not str:
            return parse(value)
        found = cache.get(value, _UNSET)
        if found is _UNSET:
            found = cache[value] = parse(value)
        return found

    def date(self, value) -> dt.date | None:
        """:func:`_date`, remembered per distinct text (a bad date raises every time)."""
        return self._remembered(self._dates, _date, value)

    def int(self, value) -> int | None:
        """:func:`_int`, remembered per distinct text."""
        return self._remembered(self._ints, _int, value)

    def country(self, row: list, lat: float, lon: float) -> str:
        """The row's ISO alpha-2 country: a code column, else its ``country`` name (ACLED, UCDP), else the
        country whose outline holds the point; "" when none does (open sea)."""
        code = _country_code(row, self.c)
        if code:
            return code
        name = str(row[self.c.country] or "").strip().lower()
        if name:
            found = self._countries.get(name)
            if found is None:
                place = self.gaz().best(name, kind="country")
                found = self._countries[name] = place.country if place is not None else ""
            if found:
                return found
        point = (round(lat, 2), round(lon, 2))
        found = self._countries.get(point)
        if found is None:
            found = self._countries[point] = self.gaz().reverse(lat, lon).country
        return found

    def actors(self, row: list) -> tuple[str, ...]:
        """The actor names of a row: its actor columns split at semicolons, trimmed."""
        cells = tuple(row[i] for i in self.c.actors)
        found = self._actors.get(cells) if self.memo else None
        if found is None:
            found = tuple(a.strip() for cell in cells for a in str(cell or "").split(";") if a.strip())
            if self.memo:
                self._actors[cells] = found
        return found

    def __call__(self, row: list, n: int) -> Event:
        c, source, ucdp = self.c, self.source, self.ucdp
        row = c.pad(row)
        lat = _float(row[c.lat]) if c.has_lat_lon else None
        lon = _float(row[c.lon]) if c.has_lat_lon else None
        place_name = (row[c.place] or "").strip() if c.has_place else ""
        if lat is None or lon is None:
            if not place_name:
                raise ValueError("no coordinates and no place name")
            found = self.gaz().best(place_name)
            if found is None:
                raise ValueError(f"no coordinates and place {place_name!r} is not in the gazetteer")
            place = EventPlace.from_place(found)
            lat, lon = found.lat, found.lon
            geo_precision = _GEO_KIND.get(found.kind, 4)
        else:
            if math.isnan(lat) or math.isnan(lon) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"coordinates {row[c.lat]!r}, {row[c.lon]!r} are not a valid point")
            geo_precision = min(4, max(1, self.int(row[c.geo_precision] or row[c.where_prec]) or 1))
            place = _new_place(place_name, str(row[c.place_id] or ""), "", str(row[c.admin1] or row[c.adm_1] or ""),
                               str(row[c.admin1_iso] or ""), self.country(row, lat, lon), lat, lon)
        if ucdp:
            d_start, d_end = self.date(row[c.date_start]), self.date(row[c.date_end])
            # UCDP GED date_prec: 1 exact day, 2 a range of 2-6 days, 3 the week, 4 the month, 5 longer
            prec = _UCDP_PRECISION.get(str(row[c.date_prec] or ""), "day")
            event_type, sub_type = _UCDP_TYPES.get(str(row[c.type_of_violence] or ""), ("Battles", "Armed clash"))
            actors = tuple(a for a in (row[c.side_a], row[c.side_b]) if a)
            fatalities = self.int(row[c.best])
            notes = row[c.source_headline] or row[c.source_article] or ""
        else:
            d_start = self.date(row[c.event_date] or row[c.date_start] or row[c.date])
            d_end = self.date(row[c.date_end]) or d_start
            prec = row[c.date_precision] or _TIME_PRECISION.get(str(row[c.time_precision] or ""),
                                                                "day" if d_start else None)
            event_type = row[c.event_type] or ""
            sub_type = row[c.sub_event_type] or ""
            actors = self.actors(row)
            fatalities = self.int(row[c.fatalities])
            notes = row[c.notes] or row[c.sentence] or ""
        troops = None
        if row[c.troops_low] not in (None, ""):
            troops = Troops(self.int(row[c.troops_low]), self.int(row[c.troops_high]), row[c.troops_qualifier] or "exact")
        status = row[c.status] or "happened"
        source_name = row[c.source] or source
        own_id = str(row[c.id] or "")
        # the id hashes the row's content (a plain join: JSON would cost a third of the ingest time)
        payload = "\x1f".join((str(row[c.event_id_cnty] or own_id), event_type, sub_type, f"{lat:.6f}", f"{lon:.6f}",
                               str(d_start), str(d_end), "\x1e".join(actors), str(fatalities), notes, str(source_name)))
        return _new_event(
            own_id if not ucdp and len(own_id) == 16 else hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16],
            lat, lon, place, geo_precision, d_start, d_end, prec, status, event_type, sub_type, actors, troops,
            fatalities, _new_evidence(0, len(notes), notes), str(source_name), self.int(row[c.wounded]), (), None,
            (), "", "", f"{source} row {n}", _source_id(row, c, ucdp), (), False,
        )
