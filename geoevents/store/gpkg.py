"""The GeoPackage side of the event store, written with plain :mod:`sqlite3` (no GDAL).

What OGC GeoPackage 1.4 asks of a file with one point layer and one
attribute table, and nothing more: the ``application_id`` and
``user_version`` header fields, the ``gpkg_spatial_ref_sys`` table with its
three required rows (-1, 0 and EPSG:4326), ``gpkg_contents``,
``gpkg_geometry_columns``, ``gpkg_extensions`` and the R-tree spatial index
with the standard's triggers.  Geometries are GeoPackage binary: the ``GP``
header (version 0, little-endian, no envelope for points, srs id) and then
WKB.

The R-tree triggers call ``ST_IsEmpty``, ``ST_MinX``, ``ST_MaxX``,
``ST_MinY`` and ``ST_MaxY``; GDAL brings its own, and :func:`register_functions`
gives a plain sqlite3 connection ours, so rows can be written without GDAL.

>>> blob = point_blob(36.25, 49.98)
>>> blob[:2], read_point(blob)
(b'GP', (36.25, 49.98))
"""

from __future__ import annotations

import math
import sqlite3
import struct

__all__ = ["APPLICATION_ID", "USER_VERSION", "SRS_ID", "point_blob", "read_point", "register_functions",
           "create_core_tables", "create_feature_table", "create_attribute_table", "quote"]

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10400  # GeoPackage 1.4.0
SRS_ID = 4326

_WGS84_WKT = ('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
              'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
              'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],'
              'AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]')

# GP, version 0, flags 0b00000001 (little-endian, no envelope, not empty), srs id; then WKB Point (LE, type 1)
_HEADER = struct.Struct("<2sBBi")
_POINT = struct.Struct("<BIdd")


def quote(name: str) -> str:
    """An SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def point_blob(x: float, y: float, srs_id: int = SRS_ID) -> bytes:
    """A GeoPackage binary point (longitude ``x``, latitude ``y``)."""
    return _HEADER.pack(b"GP", 0, 0b1, srs_id) + _POINT.pack(1, 1, x, y)


def _envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of a GeoPackage binary geometry; None for NULL or empty."""
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & 0b10000:  # empty geometry flag
        return None
    envelope = (flags >> 1) & 0b111
    little = "<" if flags & 1 else ">"
    if envelope:  # the writer stored one: use it (x first, then y)
        minx, maxx, miny, maxy = struct.unpack_from(little + "dddd", blob, 8)
        return minx, maxx, miny, maxy
    offset = 8
    wkb_little = "<" if blob[offset] == 1 else ">"
    (gtype,) = struct.unpack_from(wkb_little + "I", blob, offset + 1)
    if gtype % 1000 != 1:
        raise ValueError("only points carry no envelope in this store")
    x, y = struct.unpack_from(wkb_little + "dd", blob, offset + 5)
    if math.isnan(x) or math.isnan(y):
        return None
    return x, x, y, y


def read_point(blob: bytes) -> tuple[float, float] | None:
    """(x, y) of a point written by :func:`point_blob` (or any GeoPackage point), None if empty."""
    env = _envelope(blob)
    return None if env is None else (env[0], env[2])


def _part(i: int):
    def fn(blob):
        env = _envelope(blob)
        return None if env is None else env[i]
    return fn


def _is_empty(blob) -> int | None:
    if blob is None:
        return None
    return 1 if _envelope(blob) is None else 0


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the R-tree triggers call (GDAL registers its own in its connections)."""
    conn.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _part(i), deterministic=True)


def create_core_tables(conn: sqlite3.Connection) -> None:
    """The header fields and the metadata tables every GeoPackage has; call inside a transaction."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    conn.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, "
                 "organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, "
                 "description TEXT)")
    conn.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", [
        ("Undefined Cartesian SRS", -1, "NONE", -1, "undefined", "undefined Cartesian coordinate reference system"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
        ("WGS 84 geodetic", SRS_ID, "EPSG", 4326, _WGS84_WKT,
         "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
    ])
    conn.execute("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, "
                 "identifier TEXT UNIQUE, description TEXT DEFAULT '', "
                 "last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), "
                 "min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, "
                 "CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))")
    conn.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
                 "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, "
                 "CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), "
                 "CONSTRAINT uk_gc_table_name UNIQUE (table_name), "
                 "CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), "
                 "CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))")
    conn.execute("CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, "
                 "definition TEXT NOT NULL, scope TEXT NOT NULL, "
                 "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))")


def create_feature_table(conn: sqlite3.Connection, table: str, columns: list[tuple[str, str]], *,
                         description: str, stamp: str, geom: str = "geom", fid: str = "fid") -> None:
    """A point layer in EPSG:4326 with its R-tree index and the standard's triggers."""
    t, g, i = quote(table), quote(geom), quote(fid)
    cols = ", ".join(f"{quote(name)} {kind}" for name, kind in columns)
    conn.execute(f"CREATE TABLE {t} ({i} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {g} POINT, {cols})")
    conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) "
                 "VALUES (?, 'features', ?, ?, ?, ?)", (table, table, description, stamp, SRS_ID))
    conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, 'POINT', ?, 0, 0)", (table, geom, SRS_ID))
    conn.execute("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                 "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')", (table, geom))
    r = quote(f"rtree_{table}_{geom}")
    conn.execute(f"CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)")
    box = f"ST_MinX(NEW.{g}), ST_MaxX(NEW.{g}), ST_MinY(NEW.{g}), ST_MaxY(NEW.{g})"
    some_new = f"(NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g}))"
    none_new = f"(NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g}))"
    name = f"rtree_{table}_{geom}"
    triggers = {
        "insert": f"AFTER INSERT ON {t} WHEN {some_new} BEGIN INSERT OR REPLACE INTO {r} VALUES (NEW.{i}, {box}); END",
        "update6": f"AFTER UPDATE OF {g} ON {t} WHEN OLD.{i} = NEW.{i} AND {some_new} AND "
                   f"(OLD.{g} NOTNULL AND NOT ST_IsEmpty(OLD.{g})) BEGIN UPDATE {r} SET minx = ST_MinX(NEW.{g}), "
                   f"maxx = ST_MaxX(NEW.{g}), miny = ST_MinY(NEW.{g}), maxy = ST_MaxY(NEW.{g}) WHERE id = NEW.{i}; END",
        "update7": f"AFTER UPDATE OF {g} ON {t} WHEN OLD.{i} = NEW.{i} AND {some_new} AND "
                   f"(OLD.{g} ISNULL OR ST_IsEmpty(OLD.{g})) BEGIN INSERT INTO {r} VALUES (NEW.{i}, {box}); END",
        "update2": f"AFTER UPDATE OF {g} ON {t} WHEN OLD.{i} = NEW.{i} AND {none_new} "
                   f"BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END",
        "update5": f"AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND {some_new} BEGIN DELETE FROM {r} "
                   f"WHERE id = OLD.{i}; INSERT OR REPLACE INTO {r} VALUES (NEW.{i}, {box}); END",
        "update4": f"AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND {none_new} "
                   f"BEGIN DELETE FROM {r} WHERE id IN (OLD.{i}, NEW.{i}); END",
        "delete": f"AFTER DELETE ON {t} WHEN OLD.{g} NOT NULL BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END",
    }
    for suffix, body in triggers.items():
        conn.execute(f"CREATE TRIGGER {quote(name + '_' + suffix)} {body}")


def create_attribute_table(conn: sqlite3.Connection, table: str, columns: list[tuple[str, str]], *,
                           description: str, stamp: str, fid: str = "fid") -> None:
    """A table without geometry, registered in gpkg_contents as 'attributes' (GIS tools list it)."""
    cols = ", ".join(f"{quote(name)} {kind}" for name, kind in columns)
    conn.execute(f"CREATE TABLE {quote(table)} ({quote(fid)} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {cols})")
    conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                 "VALUES (?, 'attributes', ?, ?, ?)", (table, table, description, stamp))
