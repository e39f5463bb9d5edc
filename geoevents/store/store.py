"""The event store: a growing, de-duplicated collection of events in one GeoPackage file.

Layout (see also :mod:`geoevents.store.gpkg`):

* ``events``: a point layer, one row per distinct event: the CSV columns
  (ACLED's names first, then ours), ``report_count``, ``first_seen`` and
  ``last_seen`` (UTC times the first and the latest report of the event were
  stored), and ``event_json``, the whole :meth:`Event.to_dict` from which
  :meth:`EventStore.query` rebuilds the :class:`~geoevents.model.Event`.
* ``event_reports``: an attribute table, one row per report behind an event
  (its own event id, source, evidence sentence and offsets, figures), so
  every source is kept as evidence.  ``report_json`` holds the whole report
  for the later reports; it is empty for the report the event was first
  stored from, whose event is ``event_json`` itself (the figures it gave are
  in the row).

Adding an event:

* whose id is already stored (as the event or as one of its reports):
  nothing changes;
* that carries the source id (ACLED ``event_id_cnty``, UCDP ``id``) of a
  stored event: a report row is added to that event (a later export of the
  same table row);
* that repeats a stored event: same place (the gazetteer id, or for a place
  without one the same name at the same point, to about 10 m), the same event
  type and sub-event type, and overlapping date ranges; and not two table rows
  with different source ids, which are two events by their source's own
  word.  A report row is added, ``report_count`` and ``last_seen`` go up, the
  event keeps the larger fatalities, wounded and troop figures, and takes the
  report's source id if it had none;
* otherwise: a new event row and its first report row.

:meth:`EventStore.check` counts reports, events and source ids per source
and lists anything inconsistent, so a user can see that nothing was lost.

Each batch is one ``BEGIN IMMEDIATE`` transaction (rollback journal, so a
killed writer leaves the file as of its last commit), and writers wait for
each other (``busy_timeout``) instead of failing.  A batch that changes
nothing writes nothing: adding the same articles twice leaves the file
byte for byte as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import StoreError
from ..core.model import Event, Troops, paused_gc
from ..io.columns import CSV_COLUMNS, DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, csv_row
from . import gpkg

__all__ = ["EventStore", "AddResult", "CheckResult", "SourceCount", "is_event_store", "EVENTS_TABLE",
           "REPORTS_TABLE"]

EVENTS_TABLE = "events"
REPORTS_TABLE = "event_reports"
MARKER = "geoevents event store, format 1"  # gpkg_contents.description of the events layer
BUSY_TIMEOUT_S = 120.0
BATCH = 2000

_EXTRA_COLUMNS = [("report_count", "INTEGER NOT NULL"), ("first_seen", "DATETIME"), ("last_seen", "DATETIME"),
                  ("event_json", "TEXT NOT NULL")]
_REPORT_COLUMNS = [("event_id", "TEXT NOT NULL"), ("report_id", "TEXT NOT NULL"), ("source", "TEXT"),
                   ("event_date", "DATE"), ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"),
                   ("sentence", "TEXT"), ("fatalities", "INTEGER"), ("wounded", "INTEGER"),
                   ("troops_low", "INTEGER"), ("troops_high", "INTEGER"), ("added", "DATETIME"),
                   ("report_json", "TEXT"), ("source_id", "TEXT")]
_TYPED = {**{c: "INTEGER" for c in INT_COLUMNS}, **{c: "REAL" for c in FLOAT_COLUMNS},
          **{c: "DATE" for c in DATE_COLUMNS}}


def _column_type(name: str) -> str:
    return _TYPED.get(name, "TEXT")


_EVENT_COLUMNS = [(c, _column_type(c)) for c in CSV_COLUMNS] + _EXTRA_COLUMNS
_INSERT_EVENT = (f"INSERT INTO {EVENTS_TABLE} (geom, {', '.join(gpkg.quote(c) for c, _ in _EVENT_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * (len(_EVENT_COLUMNS) + 1))})")
_INSERT_REPORT = (f"INSERT INTO {REPORTS_TABLE} ({', '.join(c for c, _ in _REPORT_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(_REPORT_COLUMNS))})")


@dataclass
class SourceCount:
    """One source's share of a store: its reports, the events they are behind, and its distinct source ids."""

    source: str
    reports: int
    events: int
    source_ids: int


@dataclass
class CheckResult:
    """What :meth:`EventStore.check` found: totals, counts per source, and every inconsistency (empty if none)."""

    events: int
    reports: int
    sources: list[SourceCount]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def format_table(self) -> str:
        width = max([len("source"), *(len(s.source) for s in self.sources)])
        lines = [f"{'source':<{width}}  {'reports':>9}  {'events':>9}  {'source ids':>10}"]
        lines += [f"{s.source:<{width}}  {s.reports:>9,}  {s.events:>9,}  {s.source_ids:>10,}" for s in self.sources]
        lines.append(f"{'all':<{width}}  {self.reports:>9,}  {self.events:>9,}")
        lines += [f"problem: {p}" for p in self.problems] or ["no problems found"]
        return "\n".join(lines)


@dataclass
class AddResult:
    """What one :meth:`EventStore.add` did: events stored as new, merged into a stored one, or already there."""

    new: int = 0
    merged: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.merged + self.unchanged

    def __iadd__(self, other: AddResult) -> AddResult:
        self.new += other.new
        self.merged += other.merged
        self.unchanged += other.unchanged
        return self

    def summary(self) -> str:
        return (f"{self.total:,} event(s): {self.new:,} new, {self.merged:,} merged into stored events, "
                f"{self.unchanged:,} already stored")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:23] + "Z"


def _row_values(e: Event) -> list:
    row = csv_row(e)
    values = []
    for name in CSV_COLUMNS:
        v = row[name]
        if name in _TYPED and v == "":
            v = None
        values.append(v)
    return values


def _troops_size(t: Troops | None) -> int:
    if t is None:
        return -1
    return max(t.high or 0, t.low or 0)


def _bigger(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    uri = f"file:{_uri_path(path)}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the event store ({exc})") from None
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    gpkg.register_functions(conn)
    return conn


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(Path(path).absolute()))


def _has_store_schema(conn: sqlite3.Connection) -> bool | None:
    """True for a geoevents store, False for another SQLite file, None for an empty file."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "gpkg_contents" not in tables or EVENTS_TABLE not in tables or REPORTS_TABLE not in tables:
        return False
    row = conn.execute("SELECT description FROM gpkg_contents WHERE table_name = ?", (EVENTS_TABLE,)).fetchone()
    cols = {r[1] for r in conn.execute(f"PRAGMA table_info({EVENTS_TABLE})")}
    return bool(row and row[0] == MARKER and "event_json" in cols)


def is_event_store(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a GeoPackage written by :class:`EventStore` (reads only; never creates a file)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return False
    if len(head) < 100 or not head.startswith(b"SQLite format 3\0") or head[68:72] != b"GPKG":
        return False
    try:
        conn = _connect(path, create=False)
    except StoreError:
        return False
    try:
        return bool(_has_store_schema(conn))
    except sqlite3.Error:
        return False
    finally:
        conn.close()


class EventStore:
    """A GeoPackage of de-duplicated events; opens (and creates, unless ``create=False``) ``path``.

    >>> import tempfile, datetime as dt
    >>> from geoevents import extract_events
    >>> events = extract_events("Russian forces shelled Kharkiv on 17 November 2024.", published=dt.date(2024, 11, 18))
    >>> with tempfile.TemporaryDirectory() as tmp, EventStore(f"{tmp}/events.gpkg") as store:
    ...     first, again = store.add(events), store.add(events)
    ...     shelling = store.query(types=["Shelling/artillery/missile attack"])
    ...     (first.new, again.unchanged, store.count(), shelling == events)
    (1, 1, 1, True)
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no such event store")
        if create and not self.path.parent.is_dir() and str(self.path.parent):
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")
        self._conn = _connect(self.path, create=create)
        self._upgraded = False
        try:
            state = _has_store_schema(self._conn)
            if state is None and create:
                self._create()
            elif not state:
                raise StoreError(f"{self.path}: not a geoevents event store (a GeoPackage written by "
                                 "'geoevents add' or EventStore)")
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"{self.path}: not a usable event store ({exc})") from None
        except BaseException:
            self._conn.close()
            raise

    # ------------------------------------------------------------------ life cycle

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def _begin(self) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: another writer held the store for over {BUSY_TIMEOUT_S:.0f} s "
                             f"({exc})") from None

    def _create(self) -> None:
        self._begin()
        try:
            state = _has_store_schema(self._conn)  # another process may have made it while we waited
            if state is None:
                stamp = _now()
                gpkg.create_core_tables(self._conn)
                gpkg.create_feature_table(self._conn, EVENTS_TABLE, _EVENT_COLUMNS, description=MARKER, stamp=stamp)
                gpkg.create_attribute_table(self._conn, REPORTS_TABLE, _REPORT_COLUMNS, stamp=stamp,
                                            description="every report behind each stored event, with its evidence")
                self._conn.execute(f"CREATE UNIQUE INDEX {EVENTS_TABLE}_id ON {EVENTS_TABLE}(id)")
                self._conn.execute(f"CREATE INDEX {EVENTS_TABLE}_merge ON {EVENTS_TABLE}"
                                   "(place_id, event_type, sub_event_type, date_start, date_end)")
                self._conn.execute(f"CREATE INDEX {EVENTS_TABLE}_dates ON {EVENTS_TABLE}(date_start, date_end)")
                self._conn.execute(f"CREATE UNIQUE INDEX {REPORTS_TABLE}_report ON {REPORTS_TABLE}(report_id)")
                self._conn.execute(f"CREATE INDEX {REPORTS_TABLE}_event ON {REPORTS_TABLE}(event_id)")
                self._upgrade()
            elif not state:
                raise StoreError(f"{self.path}: not a geoevents event store")
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ writing

    def add(self, events: Iterable[Event], *, batch_size: int = BATCH) -> AddResult:
        """Store ``events``, one transaction per ``batch_size`` events; returns the counts.

        A batch is all or nothing: a process killed during ``add`` leaves every batch committed before.
        """
        result = AddResult()
        batch: list[Event] = []
        for e in events:
            batch.append(e)
            if len(batch) >= batch_size:
                result += self._add_batch(batch)
                batch = []
        if batch:
            result += self._add_batch(batch)
        return result

    def _add_batch(self, batch: Sequence[Event]) -> AddResult:
        from ..io.columns import check_point as _check_point

        for e in batch:
            _check_point(e)  # refuse bad coordinates before anything is written
        result = AddResult()
        stamp = _now()
        cur = self._conn.cursor()
        self._begin()
        try:
            self._upgrade()
            extent: list[float] | None = None
            for e in batch:
                outcome = self._add_one(cur, e, stamp)
                if outcome == "new":
                    result.new += 1
                    if e.lat is not None and e.lon is not None:
                        if extent is None:
                            extent = [e.lon, e.lat, e.lon, e.lat]
                        else:
                            extent = [min(extent[0], e.lon), min(extent[1], e.lat), max(extent[2], e.lon),
                                      max(extent[3], e.lat)]
                elif outcome == "merged":
                    result.merged += 1
                else:
                    result.unchanged += 1
            if result.new or result.merged:
                cur.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name IN (?, ?)",
                            (stamp, EVENTS_TABLE, REPORTS_TABLE))
            if extent is not None:
                cur.execute("UPDATE gpkg_contents SET min_x = min(coalesce(min_x, :x0), :x0), "
                            "min_y = min(coalesce(min_y, :y0), :y0), max_x = max(coalesce(max_x, :x1), :x1), "
                            "max_y = max(coalesce(max_y, :y1), :y1) WHERE table_name = :t",
                            {"x0": extent[0], "y0": extent[1], "x1": extent[2], "y1": extent[3], "t": EVENTS_TABLE})
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return result

    def _upgrade(self) -> None:
        """Bring a store written by an earlier version to the current layout (inside a write transaction).

        Adds the columns added since (the reports' ``source_id``, the events' ``background``) and the
        source-id index; a store that has them is not touched.
        """
        if self._upgraded:
            return
        for table, columns in ((EVENTS_TABLE, _EVENT_COLUMNS), (REPORTS_TABLE, _REPORT_COLUMNS)):
            present = {r[1] for r in self._conn.execute(f"PRAGMA table_info({table})")}
            for name, kind in columns:
                if name not in present:  # columns added since the store was made; old rows read them as NULL
                    self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {gpkg.quote(name)} "
                                       f"{kind.replace(' NOT NULL', '')}")
        self._conn.execute(f"CREATE INDEX IF NOT EXISTS {EVENTS_TABLE}_source ON {EVENTS_TABLE}(event_id_cnty)")
        self._upgraded = True

    def _same_event(self, cur: sqlite3.Cursor, e: Event) -> tuple | None:
        """The stored event that ``e`` reports again, or None (the rules are in the module's docstring)."""
        if e.source_id:
            # a stored event known by this source id: its event_id_cnty holds it (and differs from its own id)
            found = cur.execute(f"SELECT fid, id, event_json FROM {EVENTS_TABLE} WHERE event_id_cnty = ? AND "
                                "id != event_id_cnty ORDER BY fid LIMIT 1", (e.source_id,)).fetchone()
            if found is not None:
                return found
        p = e.place
        if p is None or e.date_start is None:
            return None
        where = ["event_type = ?", "sub_event_type = ?", "date_start <= ?", "coalesce(date_end, date_start) >= ?"]
        params: list = [e.event_type, e.sub_event_type, (e.date_end or e.date_start).isoformat(),
                        e.date_start.isoformat()]
        if p.id:
            where.append("place_id = ?")
            params.append(p.id)
        elif e.lat is not None and e.lon is not None:
            where += ["coalesce(place_id, '') = ''", "location = ?", "abs(latitude - ?) <= 1e-4",
                      "abs(longitude - ?) <= 1e-4"]
            params += [p.name, e.lat, e.lon]
        else:
            return None
        if e.source_id:
            where.append("event_id_cnty = id")  # a stored event with another source id is another event
        return cur.execute(f"SELECT fid, id, event_json FROM {EVENTS_TABLE} WHERE {' AND '.join(where)} "
                           "ORDER BY fid LIMIT 1", params).fetchone()

    def _add_one(self, cur: sqlite3.Cursor, e: Event, stamp: str) -> str:
        if cur.execute(f"SELECT 1 FROM {REPORTS_TABLE} WHERE report_id = ?", (e.id,)).fetchone():
            return "unchanged"
        match = self._same_event(cur, e)
        if match is None:
            geom = gpkg.point_blob(e.lon, e.lat) if e.lat is not None and e.lon is not None else None
            cur.execute(_INSERT_EVENT, [geom, *_row_values(e), 1, stamp, stamp,
                                        json.dumps(e.to_dict(), ensure_ascii=False)])
            self._insert_report(cur, e.id, e, stamp, first=True)
            return "new"
        fid, event_id, blob = match
        stored = Event.from_dict(json.loads(blob))
        fatalities, wounded = _bigger(stored.fatalities, e.fatalities), _bigger(stored.wounded, e.wounded)
        troops = e.troops if _troops_size(e.troops) > _troops_size(stored.troops) else stored.troops
        source_id = stored.source_id or e.source_id
        sets = {"report_count": None, "last_seen": stamp}
        if (fatalities, wounded, troops, source_id) != (stored.fatalities, stored.wounded, stored.troops,
                                                        stored.source_id):
            merged = dataclasses.replace(stored, fatalities=fatalities, wounded=wounded, troops=troops,
                                         source_id=source_id)
            row = dict(zip(CSV_COLUMNS, _row_values(merged)))
            for col in ("fatalities", "wounded", "troops_low", "troops_high", "troops_qualifier", "troops_sides",
                        "event_id_cnty"):
                sets[col] = row[col]
            sets["event_json"] = json.dumps(merged.to_dict(), ensure_ascii=False)
        assignments = ", ".join("report_count = report_count + 1" if k == "report_count" else f"{k} = :{k}"
                                for k in sets)
        cur.execute(f"UPDATE {EVENTS_TABLE} SET {assignments} WHERE fid = :fid", {**sets, "fid": fid})
        self._insert_report(cur, event_id, e, stamp)
        return "merged"

    def _insert_report(self, cur: sqlite3.Cursor, event_id: str, e: Event, stamp: str, *, first: bool = False) -> None:
        t = e.troops
        cur.execute(_INSERT_REPORT, (
            event_id, e.id, e.source, e.date_start.isoformat() if e.date_start else None, e.evidence.start,
            e.evidence.end, e.evidence.sentence, e.fatalities, e.wounded, t.low if t else None,
            t.high if t else None, stamp, None if first else json.dumps(e.to_dict(), ensure_ascii=False),
            e.source_id or None))

    # ------------------------------------------------------------------ reading

    def count(self) -> int:
        """Number of distinct events stored."""
        return self._conn.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()[0]

    def report_count(self) -> int:
        """Number of reports behind them (at least :meth:`count`)."""
        return self._conn.execute(f"SELECT count(*) FROM {REPORTS_TABLE}").fetchone()[0]

    def check(self) -> CheckResult:
        """Count reports, events and source ids per source, and list what is inconsistent.

        A problem is an event without a report, a ``report_count`` that disagrees with its reports, a report
        whose event is missing, or one source id behind two events.  Reads only.
        """
        conn = self._conn
        has_ids = "source_id" in {r[1] for r in conn.execute(f"PRAGMA table_info({REPORTS_TABLE})")}
        ids = "count(DISTINCT source_id)" if has_ids else "0"
        sources = [SourceCount(source or "", n_reports, n_events, n_ids) for source, n_reports, n_events, n_ids in
                   conn.execute(f"SELECT source, count(*), count(DISTINCT event_id), {ids} FROM {REPORTS_TABLE} "
                                "GROUP BY source ORDER BY source")]
        problems = [f"event {eid} has {n} report(s) but report_count {rc}" for eid, rc, n in conn.execute(
            f"SELECT e.id, e.report_count, count(r.fid) FROM {EVENTS_TABLE} e LEFT JOIN {REPORTS_TABLE} r "
            "ON r.event_id = e.id GROUP BY e.fid HAVING count(r.fid) != e.report_count")]
        problems += [f"{n} report(s) name event {eid}, which is not stored" for eid, n in conn.execute(
            f"SELECT event_id, count(*) FROM {REPORTS_TABLE} WHERE event_id NOT IN (SELECT id FROM {EVENTS_TABLE}) "
            "GROUP BY event_id")]
        if has_ids:
            problems += [f"source id {sid} is behind {n} events" for sid, n in conn.execute(
                f"SELECT source_id, count(DISTINCT event_id) FROM {REPORTS_TABLE} WHERE source_id IS NOT NULL "
                "GROUP BY source_id HAVING count(DISTINCT event_id) > 1")]
        return CheckResult(self.count(), self.report_count(), sources, problems)

    def reports(self, event_id: str) -> list[dict]:
        """Every report stored for one event, oldest first: source, evidence sentence and offsets, figures."""
        present = {r[1] for r in self._conn.execute(f"PRAGMA table_info({REPORTS_TABLE})")}
        cols = [c for c, _ in _REPORT_COLUMNS if c != "report_json" and c in present]
        rows = self._conn.execute(f"SELECT {', '.join(cols)} FROM {REPORTS_TABLE} WHERE event_id = ? ORDER BY fid",
                                  (event_id,))
        return [dict(zip(cols, r)) for r in rows]

    def query(self, bbox: Sequence[float] | None = None, since: dt.date | str | None = None,
              until: dt.date | str | None = None, types: Iterable[str] | None = None,
              actors: Iterable[str] | None = None, countries: Iterable[str] | None = None) -> list[Event]:
        """Stored events matching every filter given, in the order they were first stored.

        * ``bbox``: (min_lon, min_lat, max_lon, max_lat), through the R-tree index;
        * ``since`` / ``until``: the event's date range overlaps them (undated events are left out);
        * ``types``: event types or sub-event types, any case;
        * ``actors``: words found in any actor's name, any case ("North Korea");
        * ``countries``: ISO 3166-1 alpha-2 codes of the event's place.
        """
        with paused_gc():
            return list(self.iter_query(bbox=bbox, since=since, until=until, types=types, actors=actors,
                                        countries=countries))

    def iter_query(self, bbox=None, since=None, until=None, types=None, actors=None, countries=None) -> Iterator[Event]:
        where, params = self._where(bbox, since, until, types, actors, countries)
        sql = f"SELECT event_json FROM {EVENTS_TABLE}" + (f" WHERE {' AND '.join(where)}" if where else "")
        for (blob,) in self._conn.execute(sql + " ORDER BY fid", params):
            yield Event.from_dict(json.loads(blob))

    def _where(self, bbox, since, until, types, actors, countries) -> tuple[list[str], list]:
        from ..io.ingest import parse_date

        where: list[str] = []
        params: list = []
        if bbox is not None:
            if len(bbox) != 4:
                raise StoreError("bbox needs four numbers: min_lon, min_lat, max_lon, max_lat")
            x0, y0, x1, y1 = (float(v) for v in bbox)
            where.append(f"fid IN (SELECT id FROM {gpkg.quote(f'rtree_{EVENTS_TABLE}_geom')} "
                         "WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?)")
            params += [x1, x0, y1, y0]
        if since is not None:
            where.append("coalesce(date_end, date_start) >= ?")
            params.append(parse_date(since, label="since").isoformat())
        if until is not None:
            where.append("date_start <= ?")
            params.append(parse_date(until, label="until").isoformat())
        if types:
            wanted = [t.lower() for t in types]
            marks = ", ".join("?" * len(wanted))
            where.append(f"(lower(event_type) IN ({marks}) OR lower(sub_event_type) IN ({marks}))")
            params += wanted + wanted
        if actors:
            words = [a.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for a in actors]
            where.append("(" + " OR ".join("actors LIKE ? ESCAPE '\\'" for _ in words) + ")")
            params += [f"%{w}%" for w in words]
        if countries:
            codes = [c.upper() for c in countries]
            where.append(f"country_code IN ({', '.join('?' * len(codes))})")
            params += codes
        return where, params
