"""Event tables in: ACLED and UCDP GED exports, GeoJSON, and any CSV with coordinates or place names.

Every row becomes an :class:`~geoevents.model.Event`, like events from
text.  Rows that cannot be used (no coordinates and no place the gazetteer
knows, coordinates out of range, a bad date) are skipped and reported with
their row number and the reason.  Nothing is dropped silently: a table with
more than 1% of its rows skipped is an :class:`InputError` naming the first
ones, unless ``skip_bad_rows`` accepts the loss; a table with no usable row
always is.  Values that are wrong but not fatal (fatalities "3.7", an event
type ACLED does not have) are left empty or kept, with a warning in the report.

Each date column is read as a whole (:func:`geoevents.core.dates.infer_column`):
one day over 12 makes it day-first or month-first; a column that reads both
ways follows the table's other date columns, else the ACLED and UCDP
convention (day-first), else asks for ``date_format``.

>>> events, report = read_event_table_text(
...     "event_date,event_type,sub_event_type,location,latitude,longitude,fatalities,notes\\n"
...     "17/11/2024 00:00,Battles,Armed clash,Pokrovsk,48.28,37.18,3,Clashes near Pokrovsk.\\n"
...     "01/11/2024 00:00,Battles,Armed clash,Nowhere,,,0,No coordinates.\\n", source="acled.csv",
...     skip_bad_rows=True)
>>> len(events), events[0].date_start.isoformat(), report.skipped
(1, '2024-11-17', [(3, "no coordinates and place 'Nowhere' is not in the gazetteer")])
>>> print(report.summary())
acled.csv: ACLED table, 2 rows read, 1 event placed, 1 skipped (1 unknown place)
  event_date: day-first, as '17/11/2024 00:00' shows
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import io
import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from ..core.acled import EVENT_TYPES
from ..core.dates import ColumnReading, DateSettings, check_date_format, infer_column
from ..core.errors import InputError
from ..core.model import Event, EventPlace, Troops, _new_event, _new_evidence, _new_place, paused_gc
from ..gazetteer.gazetteer import Gazetteer
from .columns import ACLED_KEPT
from .textio import read_text

__all__ = ["TableReport", "read_event_table", "read_event_table_text", "is_event_table"]

_LAT = ("latitude", "lat", "y")
_LON = ("longitude", "lon", "lng", "long", "x")
_PLACE = ("location", "place", "place_name", "city", "town", "village", "name", "admin2", "admin1", "where_description")
_TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
_GEO_KIND = {"settlement": 1, "landmark": 1, "admin2": 3, "river": 3, "admin1": 3, "country": 4, "water": 4, "region": 4}
# UCDP GED type_of_violence: 1 state-based, 2 non-state conflict, 3 one-sided violence (against civilians)
_UCDP_TYPES = {"1": ("Battles", "Armed clash"), "2": ("Battles", "Armed clash"),
               "3": ("Violence against civilians", "Attack")}
# UCDP GED where_prec -> ACLED geo_precision: 1 exact place, 2 within 25 km, 3 admin-2, 4 admin-1, 5 a part of a
# country or a line (road, river, border), 6 the country, 7 international waters or airspace
_UCDP_GEO = {"1": 1, "2": 2, "3": 3, "4": 3, "5": 3, "6": 4, "7": 4}
#: the share of a table's rows that may be skipped before reading stops (unless ``skip_bad_rows``)
MAX_SKIPPED = 0.01
# source columns kept beside the event (Event.source_fields): ACLED's, then UCDP GED's
_KEEP_ACLED = ("disorder_type", *ACLED_KEPT, "interaction", "iso", "region", "admin2", "admin3", "source_scale",
               "timestamp", "population_1km", "population_2km", "population_5km", "population_best")
_KEEP_UCDP = ("type_of_violence", "where_prec", "date_prec", "low", "high", "deaths_a", "deaths_b", "deaths_civilians",
              "deaths_unknown", "relid", "active_year", "code_status", "conflict_new_id", "conflict_name",
              "dyad_new_id", "dyad_name", "side_a_new_id", "side_b_new_id", "number_of_sources", "source_office",
              "source_date", "source_original", "where_coordinates", "adm_2", "priogrid_gid", "region",
              "event_clarity")
# the documented date order of each known export, for a column whose dates read both ways
_CONVENTIONS = {"ACLED": ("dmy", "the ACLED convention (day, month, year)"),
                "UCDP GED": ("dmy", "the convention of UCDP GED tables saved by a spreadsheet")}


@dataclass
class TableReport:
    """What a table gave: rows read, events placed, rows skipped (row number, reason) and why, how each date
    column was read, and warnings about values left empty or kept as they were."""

    source: str
    format: str = ""
    rows: int = 0
    events: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    skip_kinds: Counter = field(default_factory=Counter)  # reason kind -> rows ("bad date", "unknown place" ...)
    by_name: int = 0  # events placed by looking their place name up in the gazetteer (no coordinates)
    dates: dict[str, str] = field(default_factory=dict)  # date column -> how it was read
    warnings: list[str] = field(default_factory=list)

    def summary(self, *, max_warnings: int = 10) -> str:
        """A line of counts, a line per date column, then the first warnings (one line each)."""
        text = f"{self.source}: {self.format} table, {self.rows:,} rows read, {self.events:,} " \
               f"event{'s' if self.events != 1 else ''} placed"
        if self.by_name:
            text += f" ({self.by_name:,} by place name)"
        if self.skipped:
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in self.skip_kinds.most_common())
            text += f", {len(self.skipped):,} skipped ({kinds})"
        lines = [text, *(f"  {name}: {how}" for name, how in self.dates.items())]
        lines += [f"  warning: {w}" for w in self.warnings[:max_warnings]]
        if len(self.warnings) > max_warnings:
            lines.append(f"  ... and {len(self.warnings) - max_warnings:,} more warnings")
        return "\n".join(lines)


class _RowError(ValueError):
    """A row that cannot be used, with the kind of reason the summary counts it under."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


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


class _Sentinel(enum.Enum):
    """Markers that are not values: an enum, so that ``x is _BAD`` narrows ``x``'s type."""

    BAD = enum.auto()
    UNSET = enum.auto()


_BAD: Final[Literal[_Sentinel.BAD]] = _Sentinel.BAD  # a count that is not a non-negative integer


def _count(value) -> int | Literal[_Sentinel.BAD] | None:
    """A non-negative integer count (fatalities, wounded), None when empty, :data:`_BAD` for anything else."""
    if value is None or value == "":
        return None
    if type(value) is int:
        return value if value >= 0 else _BAD
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return _BAD
    return int(number) if 0 <= number < 1e12 and number.is_integer() else _BAD


def _type_warning(event_type: str, sub_type: str) -> str | None:
    """Why an event type and sub-type are not ACLED's (None when they are, or are both empty)."""
    if not event_type and not sub_type:
        return None
    if event_type not in EVENT_TYPES:
        return f"event type {event_type!r} is not one of ACLED's ({', '.join(EVENT_TYPES)}); kept as it is"
    if sub_type and sub_type not in EVENT_TYPES[event_type]:
        return f"sub-event type {sub_type!r} is not one of {event_type!r}'s; kept as it is"
    return None


def is_event_table(path: str | Path) -> bool:
    """Whether a file looks like an event table (CSV, GeoJSON) rather than an article."""
    suffix = Path(path).suffix.lower()
    return suffix in (".csv", ".geojson", ".tsv") or (suffix == ".json" and Path(path).is_file())


def read_event_table(path: str | Path, *, gazetteer: Gazetteer | None = None,
                     date_format: str | DateSettings | None = None, skip_bad_rows: bool = False,
                     encoding: str | None = None) -> tuple[list[Event], TableReport]:
    """Events from an ACLED / UCDP CSV, a generic CSV or a GeoJSON file (see :func:`read_event_table_text`)."""
    return read_event_table_text(read_text(path, encoding=encoding), source=str(path), gazetteer=gazetteer,
                                 geojson=Path(path).suffix.lower() in (".geojson", ".json"),
                                 delimiter="\t" if Path(path).suffix.lower() == ".tsv" else ",",
                                 date_format=date_format, skip_bad_rows=skip_bad_rows)


def read_event_table_text(text: str, *, source: str, gazetteer: Gazetteer | None = None, geojson: bool = False,
                          delimiter: str = ",", date_format: str | DateSettings | None = None,
                          skip_bad_rows: bool = False) -> tuple[list[Event], TableReport]:
    """Events from the text of an event table, and a report of what was read, skipped and warned about.

    ``date_format`` forces how every date column is read (``dmy``, ``mdy``, ``ymd``, ``excel`` or a
    strptime pattern); ``skip_bad_rows`` accepts more than :data:`MAX_SKIPPED` of the rows skipped.  An
    :class:`InputError` for a table that cannot be used: no header, no coordinate or place column, no
    usable row, too many rows skipped, or a date column that cannot be read one way.
    """
    report = TableReport(source)
    if geojson or text.lstrip().startswith("{"):
        rows, header = _geojson_rows(text, source)
        report.format = "GeoJSON"
        rows = [[row.get(h) for h in header] for row in rows]  # the same list layout as CSV rows
    else:
        csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))  # long notes are still one field
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        header = next(reader, None) or []
        if not header:
            raise InputError(f"{source}: empty table (no header row)")
        try:
            rows = list(reader)  # the whole table first: a date column is read as a whole
        except csv.Error as exc:
            raise InputError(f"{source}: not a readable CSV table ({exc})") from None
    report.format = report.format or _table_format(header)
    cols = _table_columns(header, report.format, source)
    forced = check_date_format(date_format) if isinstance(date_format, str) else date_format
    readings = _date_readings(rows, cols, report, forced)
    gaz = gazetteer
    read_row = _RowReader(cols, source, report, readings, lambda: gaz or Gazetteer.default(),
                          cells_are_str=report.format != "GeoJSON")
    events = _read_rows(rows, read_row, report)
    _check_losses(report, skip_bad_rows)
    return events, report


def _table_format(header: list[str]) -> str:
    lower = {h.lower().strip() for h in header}
    if {"event_id_cnty", "event_date"} <= lower or {"event_date", "sub_event_type"} <= lower:
        return "ACLED"
    if {"type_of_violence", "date_start"} <= lower:
        return "UCDP GED"
    return "CSV"


def _table_columns(header: list[str], fmt: str, source: str) -> _Columns:
    lat_col, lon_col = _pick(header, _LAT), _pick(header, _LON)
    place_col = _pick(header, ("where_description", *_PLACE) if fmt == "UCDP GED" else _PLACE)
    if not (lat_col and lon_col) and not place_col and fmt != "GeoJSON":
        raise InputError(f"{source}: no latitude/longitude columns and no place-name column "
                         f"(expected one of {', '.join(_LAT + _PLACE)})")
    return _Columns(header, lat_col, lon_col, place_col, ucdp=fmt == "UCDP GED")


def _date_readings(rows: list[list], cols: _Columns, report: TableReport,
                   forced: DateSettings | None) -> dict[int, ColumnReading]:
    """How each date column is read, decided from all its values; noted in ``report.dates``."""
    found: dict[str, tuple[int, set, ColumnReading]] = {}
    try:
        for name, i in cols.date_columns():
            values = {row[i] for row in rows if len(row) > i}
            found[name] = (i, values, infer_column(values, forced=forced, convention=("dmy", "?")))
        settled = [r.order for _i, _v, r in found.values() if r.settled and r.order in ("dmy", "mdy")]
        for name, (i, values, reading) in found.items():
            if reading.settled:
                continue
            if settled:  # the table's other date columns settle it: one spreadsheet wrote them all
                why = f"as the table's other date column{'s' if len(settled) > 1 else ''} show"
                convention = (settled[0], why)
            elif report.format in _CONVENTIONS:
                convention = _CONVENTIONS[report.format]
            else:
                raise InputError("numeric dates read both day-first and month-first (every day is 12 or less): "
                                 "give --date-format dmy or mdy")
            found[name] = (i, values, infer_column(values, convention=convention))
    except InputError as exc:
        raise InputError(f"{report.source}: column {name!r}: {exc}") from None
    for name, (_i, _values, reading) in found.items():
        if reading.order is not None or forced is not None:
            report.dates[name] = reading.reason
    return {i: reading for i, _values, reading in found.values()}


def _read_rows(rows: list[list], read_row: _RowReader, report: TableReport) -> list[Event]:
    events: list[Event] = []
    skipped, kinds = report.skipped, report.skip_kinds
    n = 1
    with paused_gc():  # many small objects, no cycles: the collector would only rescan the events list
        for n, row in enumerate(rows, 2):
            try:
                ev = read_row(row, n)
            except (ValueError, TypeError, AttributeError) as exc:
                kind = exc.kind if isinstance(exc, _RowError) else "unusable row"
                skipped.append((n, str(exc) if isinstance(exc, ValueError) else f"unusable row ({exc})"))
                kinds[kind] += 1
                continue
            events.append(ev)
    report.rows = n - 1
    report.events = len(events)
    return events


def _check_losses(report: TableReport, skip_bad_rows: bool) -> None:
    """Refuse a table with no usable row, or with more than :data:`MAX_SKIPPED` of its rows skipped."""
    first = "; ".join(f"row {n}: {why}" for n, why in report.skipped[:3])
    if not report.rows:
        raise InputError(f"{report.source}: the table has a header but no rows")
    if not report.events:
        raise InputError(f"{report.source}: none of its {report.rows:,} rows could be read ({first})")
    if not skip_bad_rows and len(report.skipped) > MAX_SKIPPED * report.rows:
        raise InputError(f"{report.source}: {len(report.skipped):,} of {report.rows:,} rows cannot be read, more "
                         f"than {MAX_SKIPPED:.0%} ({first}); give --skip-bad-rows to read the rest")


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
            elif isinstance(v, dict) and k == "source_fields":
                flat[k] = v  # kept whole: read back by _RowReader.kept
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
              "status", "source", "wounded", "id", "event_id_cnty", "source_id", "country", "source_fields")
    _ACTORS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "actors")
    _DATES = ("event_date", "date_start", "date", "date_end")
    # the position of each column of _NAMES (set in __init__)
    geo_precision: int
    where_prec: int
    place_id: int
    admin1: int
    adm_1: int
    admin1_iso: int
    country_code: int
    iso2: int
    iso: int
    date_start: int
    date_end: int
    date_prec: int
    event_date: int
    date: int
    date_precision: int
    time_precision: int
    type_of_violence: int
    side_a: int
    side_b: int
    best: int
    source_headline: int
    source_article: int
    event_type: int
    sub_event_type: int
    fatalities: int
    notes: int
    sentence: int
    troops_low: int
    troops_high: int
    troops_qualifier: int
    status: int
    source: int
    wounded: int
    id: int
    event_id_cnty: int
    source_id: int
    country: int
    source_fields: int

    def __init__(self, header: list[str], lat: str | None, lon: str | None, place: str | None, *,
                 ucdp: bool = False) -> None:
        pos = {h: i for i, h in enumerate(header)}
        self.ucdp = ucdp
        # an absent column points at one padding slot after the row's cells, which always holds None
        self.width = len(header)
        missing = self.width
        self.has_lat_lon = lat in pos and lon in pos
        self.has_place = place in pos
        self.lat, self.lon, self.place = (missing if name is None else pos.get(name, missing)
                                          for name in (lat, lon, place))
        for name in self._NAMES:
            setattr(self, name, pos.get(name, missing))
        self.actors = tuple(pos[a] for a in self._ACTORS if a in pos)
        self.countries = tuple(pos[c] for c in ("country_code", "iso2", "iso") if c in pos)
        # source columns kept beside the event, by name (a table's own id, place and figures are not repeated)
        self.kept = tuple((name, pos[name]) for name in (_KEEP_UCDP if ucdp else _KEEP_ACLED) if name in pos)
        self.names = {i: h for h, i in pos.items()}

    def date_columns(self) -> list[tuple[str, int]]:
        """(name, position) of the date columns the table has."""
        names = ("date_start", "date_end") if self.ucdp else self._DATES
        return [(self.names[i], i) for i in (getattr(self, n) for n in names) if i != self.width]

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
_UNSET: Final[Literal[_Sentinel.UNSET]] = _Sentinel.UNSET  # "not in the cache" (None is a cached value)


class _RowReader:
    """Turns the rows of one table into events: ``reader(row, row_number)``.

    Built once per table with its column positions and date readings.  Cells that repeat down a table
    (dates, counts, actors, types) are parsed once: when ``cells_are_str`` (CSV) each distinct text is parsed
    the first time it is met and looked up after that.  A row that cannot be used raises ValueError (a
    :class:`_RowError` says which kind), TypeError or AttributeError; a value that is wrong but not fatal
    adds a warning to the report.
    """

    def __init__(self, cols: _Columns, source: str, report: TableReport, readings: dict[int, ColumnReading],
                 gaz, *, cells_are_str: bool) -> None:
        self.c, self.source, self.ucdp, self.gaz = cols, source, cols.ucdp, gaz
        self.report = report
        self.memo = cells_are_str
        self._dates: dict[int, tuple[dict[str, dt.date | None], Callable[[str], dt.date | None]]] = {
            i: ({}, reading.parse) for i, reading in readings.items()}
        self._ints: dict[str, int | None] = {}
        self._counts: dict[str, int | Literal[_Sentinel.BAD] | None] = {}
        self._types: dict[tuple[str, str], str | None] = {}
        self._actors: dict[tuple, tuple[str, ...]] = {}
        self._countries: dict[str | tuple[float, float], str] = {}
        self.keeps_nothing = not cols.kept and cols.source_fields == cols.width

    def _remembered(self, cache: dict, parse, value):
        """``parse(value)``, remembered in ``cache`` per distinct text (an error is raised every time)."""
        if not self.memo or type(value) is not str:
            return parse(value)
        found = cache.get(value, _UNSET)
        if found is _UNSET:
            found = cache[value] = parse(value)
        return found

    def date(self, row: list, i: int) -> dt.date | None:
        """The date in column ``i`` of ``row``, read as its column is (None for no column or an empty cell)."""
        entry = self._dates.get(i)
        if entry is None:
            return None
        value = row[i]
        if self.memo and type(value) is str:
            found = entry[0].get(value, _UNSET)
            if found is not _UNSET:
                return found
        try:
            return self._remembered(entry[0], entry[1], value)
        except ValueError as exc:
            raise _RowError("bad date", str(exc)) from None

    def to_int(self, value) -> int | None:
        """:func:`_int`, remembered per distinct text."""
        return self._remembered(self._ints, _int, value)

    def count(self, value, what: str, n: int) -> int | None:
        """A non-negative integer count; anything else is left empty, with a warning naming the row."""
        found = self._counts.get(value, _UNSET) if self.memo and type(value) is str else _UNSET
        if found is _UNSET:
            found = self._remembered(self._counts, _count, value)
        if found is _BAD:
            self.report.warnings.append(f"{self.source} row {n}: {what} {value!r} is not a non-negative "
                                        "integer; left empty")
            return None
        return found

    def check_type(self, event_type: str, sub_type: str, n: int) -> None:
        """Warn (naming the row) about an event type or sub-type that is not ACLED's."""
        problem = self._types.get((event_type, sub_type), _UNSET)
        if problem is _UNSET:
            problem = self._types[(event_type, sub_type)] = _type_warning(event_type, sub_type)
        if problem:
            self.report.warnings.append(f"{self.source} row {n}: {problem}")

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

    def kept(self, row: list) -> tuple[tuple[str, str], ...]:
        """The row's kept source columns (non-empty ones), with those of a geoevents export's JSON column."""
        if self.keeps_nothing:
            return ()
        found = tuple((name, str(row[i]).strip()) for name, i in self.c.kept if row[i] not in (None, ""))
        extra = row[self.c.source_fields]
        if extra:
            try:
                more = json.loads(extra) if isinstance(extra, str) else extra
            except ValueError:
                raise _RowError("unusable row", f"source_fields {extra[:60]!r} is not a JSON object") from None
            if not isinstance(more, dict):
                raise _RowError("unusable row", f"source_fields {str(extra)[:60]!r} is not a JSON object")
            found += tuple((str(k), str(v)) for k, v in more.items() if k not in dict(found))
        return found

    def point(self, row: list, place_name: str) -> tuple[float, float, EventPlace, int]:
        """(lat, lon, place, geo precision) of a row: its coordinates, else its place name in the gazetteer."""
        c = self.c
        lat = _float(row[c.lat]) if c.has_lat_lon else None
        lon = _float(row[c.lon]) if c.has_lat_lon else None
        if lat is None or lon is None:
            if not place_name:
                raise _RowError("no place", "no coordinates and no place name")
            found = self.gaz().best(place_name)
            if found is None:
                raise _RowError("unknown place", f"no coordinates and place {place_name!r} is not in the gazetteer")
            self.report.by_name += 1
            return found.lat, found.lon, EventPlace.from_place(found), _GEO_KIND.get(found.kind, 4)
        if math.isnan(lat) or math.isnan(lon) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise _RowError("bad coordinates", f"coordinates {row[c.lat]!r}, {row[c.lon]!r} are not a valid point")
        if self.ucdp:
            geo_precision = _UCDP_GEO.get(str(row[c.where_prec] or "").strip(), 1)
        else:
            geo_precision = min(4, max(1, self.to_int(row[c.geo_precision] or row[c.where_prec]) or 1))
        place = _new_place(place_name, str(row[c.place_id] or ""), "", str(row[c.admin1] or row[c.adm_1] or ""),
                           str(row[c.admin1_iso] or ""), self.country(row, lat, lon), lat, lon, "")
        return lat, lon, place, geo_precision

    def __call__(self, row: list, n: int) -> Event:
        c, source, ucdp = self.c, self.source, self.ucdp
        row = c.pad(row)
        place_name = (row[c.place] or "").strip() if c.has_place else ""
        lat, lon, place, geo_precision = self.point(row, place_name)
        prec: str | None
        if ucdp:
            d_start = self.date(row, c.date_start)
            d_end = self.date(row, c.date_end) or d_start
            # UCDP GED date_prec: 1 exact day, 2 a range of 2-6 days, 3 the week, 4 the month, 5 longer
            prec = _UCDP_PRECISION.get(str(row[c.date_prec] or ""), "day")
            event_type, sub_type = _UCDP_TYPES.get(str(row[c.type_of_violence] or "").strip(),
                                                   ("Battles", "Armed clash"))
            actors = tuple(a for a in (row[c.side_a], row[c.side_b]) if a)
            fatalities = self.count(row[c.best], "best", n)
            notes = row[c.source_headline] or row[c.source_article] or ""
            source_name = row[c.source_article] or row[c.source] or source
        else:
            d_start = self.date(row, c.event_date) or self.date(row, c.date_start) or self.date(row, c.date)
            d_end = self.date(row, c.date_end) or d_start
            prec = row[c.date_precision] or _TIME_PRECISION.get(str(row[c.time_precision] or ""),
                                                                "day" if d_start else None)
            event_type = row[c.event_type] or ""
            sub_type = row[c.sub_event_type] or ""
            self.check_type(event_type, sub_type, n)
            actors = self.actors(row)
            fatalities = self.count(row[c.fatalities], "fatalities", n)
            notes = row[c.notes] or row[c.sentence] or ""
            source_name = row[c.source] or source
        troops = None
        if row[c.troops_low] not in (None, ""):
            troops = Troops(self.to_int(row[c.troops_low]), self.to_int(row[c.troops_high]), row[c.troops_qualifier] or "exact")
        status = row[c.status] or "happened"
        own_id = str(row[c.id] or "")
        # the id hashes the row's content (a plain join: JSON would cost a third of the ingest time)
        payload = "\x1f".join((str(row[c.event_id_cnty] or own_id), event_type, sub_type, f"{lat:.6f}", f"{lon:.6f}",
                               str(d_start), str(d_end), "\x1e".join(actors), str(fatalities), notes, str(source_name)))
        return _new_event(
            own_id if not ucdp and len(own_id) == 16 else hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16],
            lat, lon, place, geo_precision, d_start, d_end, prec, status, event_type, sub_type, actors, troops,
            fatalities, _new_evidence(0, len(notes), notes), str(source_name), self.count(row[c.wounded], "wounded", n),
            (), None, (), "", "", f"{source} row {n}", _source_id(row, c, ucdp), (), False, self.kept(row),
        )
