"""The gazetteer's name index: typed arrays read straight from the database.

The build stores, as little-endian blobs, every normalised name key as a
stable 64-bit hash (:func:`geoevents.core.normalize.key_hash`) sorted together
with a code (place row * 4 + how the name matched), and the place columns
that lookups rank by.  Opening casts the blobs to memoryviews without
copying them; a lookup is one hash, one ``bisect`` and a tuple per
candidate.  The build refuses to write an index in which two of the
gazetteer's keys share a hash; a query that is not a gazetteer name could
in principle share one (a chance in about 10^13 per lookup), which would
add a spurious candidate, never lose one.
"""

from __future__ import annotations

import sqlite3
import sys
from bisect import bisect_left
from typing import Literal

from ..core.normalize import key_hash

__all__ = ["NameIndex"]

if sys.byteorder != "little":  # pragma: no cover - the blobs are little-endian
    raise ImportError("geoevents' gazetteer index needs a little-endian machine")

_Table = tuple["memoryview[int]", "memoryview[int]", "memoryview[int]"]
_AnyTable = tuple["memoryview[int]", "memoryview[int] | None", "memoryview[int]"]
_Coded = tuple[list[str], "memoryview[int]"]


class NameIndex:
    __slots__ = ("_exact", "_fuzzy", "_prefix", "_pid", "_name", "_name_off", "_kind", "_fcode", "_cc", "_a1", "_a2",
                 "_lat", "_lon", "_pop", "_approx", "_n")

    # (hashes, codes, buckets); the prefix table has no codes
    _exact: _Table
    _fuzzy: _Table
    _prefix: tuple[memoryview[int], None, memoryview[int]]
    _pid: memoryview[int]
    _lat: memoryview[float]
    _lon: memoryview[float]
    _pop: memoryview[int]
    _approx: bytes
    _name: bytes
    _name_off: memoryview[int]
    # (vocabulary, codes)
    _kind: _Coded
    _fcode: _Coded
    _cc: _Coded
    _a1: _Coded
    _a2: _Coded
    _n: int

    @classmethod
    def load(cls, db: sqlite3.Connection) -> NameIndex:
        blobs = dict(db.execute("SELECT name, data FROM blobs"))
        self = cls()

        def view(name: str, fmt: Literal["q", "i"]) -> memoryview[int]:
            return memoryview(blobs[name]).cast(fmt)

        def fview(name: str) -> memoryview[float]:
            return memoryview(blobs[name]).cast("d")

        self._exact = (view("exact_hash", "q"), view("exact_code", "q"), view("exact_bucket", "i"))
        self._fuzzy = (view("fuzzy_hash", "q"), view("fuzzy_code", "q"), view("fuzzy_bucket", "i"))
        self._prefix = (view("prefix_hash", "q"), None, view("prefix_bucket", "i"))
        self._pid = view("col_pid", "q")
        self._lat = fview("col_lat")
        self._lon = fview("col_lon")
        self._pop = view("col_pop", "q")
        self._approx = blobs.get("col_approx") or bytes(len(blobs["col_pop"]) // 8)
        self._name = blobs["col_name"]
        self._name_off = view("col_name_off", "i")
        for col in ("kind", "fcode", "cc", "a1", "a2"):  # (vocabulary, codes)
            vocab = [sys.intern(s) for s in blobs[f"vocab_{col}"].decode("utf-8").split("\n")]
            setattr(self, f"_{col}", (vocab, view(f"col_{col}", "i")))
        self._n = len(self._pid)
        return self

    def __len__(self) -> int:
        return self._n

    def name(self, r: int) -> str:
        off = self._name_off
        return self._name[off[r] : off[r + 1]].decode("utf-8")

    def row(self, r: int, how: int = 0) -> tuple:
        """Row ``r`` as (how, pid, name, kind, fcode, cc, a1, a2, lat, lon, pop, None).

        The last field (alternate names) stays in SQLite until a Place is built.
        """
        kind, fcode, cc, a1, a2 = self._kind, self._fcode, self._cc, self._a1, self._a2
        return (how, self._pid[r], self.name(r), kind[0][kind[1][r]], fcode[0][fcode[1][r]], cc[0][cc[1][r]],
                a1[0][a1[1][r]], a2[0][a2[1][r]], self._lat[r], self._lon[r], self._pop[r], None)

    def approximate(self, pid: int) -> bool:
        """Whether the place's point is an area's centre (a hromada or raion), not its own."""
        r = self.row_of_pid(pid)
        return r is not None and self._approx[r] == 1

    def row_of_pid(self, pid: int) -> int | None:
        """Row number of a place id, or None."""
        i = bisect_left(self._pid, pid)
        return i if i < self._n and self._pid[i] == pid else None

    def names(self) -> list[str]:
        """Every place's primary name, in row order."""
        return [self.name(r) for r in range(self._n)]

    def city_points(self):
        """(pid, lat, lon) numpy arrays of every populated place (for the spatial index)."""
        import numpy as np

        kind_vocab, kind_codes = self._kind
        city = np.frombuffer(kind_codes, dtype=np.int32) == kind_vocab.index("settlement")
        # numpy's stubs list memoryview[int] but not memoryview[float]; every memoryview is a buffer
        return (np.frombuffer(self._pid, dtype=np.int64)[city],
                np.frombuffer(self._lat, dtype=np.float64)[city],  # type: ignore[arg-type]
                np.frombuffer(self._lon, dtype=np.float64)[city])  # type: ignore[arg-type]

    def member_points(self, col: str, value: str):
        """(lat, lon) numpy arrays of the populated places whose ``col`` ("cc", "a1" or "a2") is ``value``."""
        import numpy as np

        kind_vocab, kind_codes = self._kind
        vocab, codes = getattr(self, f"_{col}")
        if value not in vocab:
            return np.empty(0), np.empty(0)
        mask = (np.frombuffer(kind_codes, dtype=np.int32) == kind_vocab.index("settlement")) \
            & (np.frombuffer(codes, dtype=np.int32) == vocab.index(value))
        # numpy's stubs list memoryview[int] but not memoryview[float]; every memoryview is a buffer
        return (np.frombuffer(self._lat, dtype=np.float64)[mask],  # type: ignore[arg-type]
                np.frombuffer(self._lon, dtype=np.float64)[mask])  # type: ignore[arg-type]

    @staticmethod
    def _find(table: _AnyTable, h: int) -> int:
        """Index of the first entry with hash ``h`` (or where it would go)."""
        hashes, _codes, buckets = table
        b = (h >> 48) & 0xFFFF ^ 0x8000  # buckets follow the signed sort order
        return bisect_left(hashes, h, buckets[b], buckets[b + 1])

    def _contains(self, table: _AnyTable, key: str) -> bool:
        hashes = table[0]
        h = key_hash(key)
        i = self._find(table, h)
        return i < len(hashes) and hashes[i] == h

    def has(self, key: str) -> bool:
        """Whether a normalised key names any place."""
        return self._contains(self._exact, key)

    def has_prefix(self, key: str) -> bool:
        """Whether some multi-word name starts with the words of ``key``."""
        return self._contains(self._prefix, key)

    def codes(self, key: str) -> tuple[int, ...]:
        """Codes (row number * 4 + how the name matched) of the places a normalised key names."""
        table = self._exact
        hashes = table[0]
        h = key_hash(key)
        i = self._find(table, h)
        j = i
        n = len(hashes)
        while j < n and hashes[j] == h:
            j += 1
        if j - i == 1:
            return (table[1][i],)
        return tuple(table[1][i:j]) if j > i else ()

    def rank_parts(self, r: int) -> tuple[str, str, int, int]:
        """(kind, feature code, population, place id) of row ``r``: what ranking a lone candidate needs."""
        (kv, kc), (fv, fc) = self._kind, self._fcode
        return kv[kc[r]], fv[fc[r]], self._pop[r], self._pid[r]

    def rows(self, key: str, *, fuzzy: bool = False) -> tuple[tuple, ...]:
        """Rows for a normalised key; ``fuzzy`` searches the transliteration-folded keys instead."""
        table = self._fuzzy if fuzzy else self._exact
        hashes, codes = table[0], table[1]
        h = key_hash(key)
        i = self._find(table, h)
        n = len(hashes)
        if i == n or hashes[i] != h:
            return ()
        out = []
        # row() inlined: this loop is the lookup hot path, and the method call costs ~15% of a lookup
        (kv, kc), (fv, fc), (cv, cc), (av, ac), (bv, bc) = self._kind, self._fcode, self._cc, self._a1, self._a2
        off, names, pid, lat, lon, pop = self._name_off, self._name, self._pid, self._lat, self._lon, self._pop
        while i < n and hashes[i] == h:
            code = codes[i]
            r = code >> 2
            out.append((code & 3, pid[r], names[off[r] : off[r + 1]].decode("utf-8"), kv[kc[r]], fv[fc[r]],
                        cv[cc[r]], av[ac[r]], bv[bc[r]], lat[r], lon[r], pop[r], None))
            i += 1
        return tuple(out)
