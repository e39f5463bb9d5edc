"""Reference labels for the web map, from the bundled gazetteer: countries, seas, admin-1 areas, settlements.

Labels come in two tiers.  The first rides in the map's data and covers the
default view: every country and sea, the admin-1 areas and the larger
settlements (30,000 people or more) in the region of the events, and the
world's million-cities.  The second, the smaller settlements of the region,
sits in its own ``<script type="application/json">`` element that the page
parses only when the reader zooms in (see ``map.js``).  Nothing is fetched.

Each tier is a dict of parallel columns, in priority order (the page places
labels first come, first served, so the order is the collision priority):
``n`` name, ``y``/``x`` position in 1e-3 degree, ``k`` class (see
:data:`CLASSES`), ``z`` the zoom from which the label may show, ``l`` the
local name for the tooltip ("" when it is the same or unknown).

>>> first = reference_labels((44.0, 30.0, 53.0, 41.0))[0]
>>> "Kharkiv" in first["n"] and "Black Sea" in first["n"] and "Ukraine" in first["n"]
True
>>> first["l"][first["n"].index("Kharkiv")]
'Харків'
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["reference_labels", "CLASSES"]

CLASSES = ("country", "sea", "admin1", "city", "town", "event")
_SCALE = 1000
TIER1_POP = 30_000  # settlements in the region from this size ride in the first tier
WORLD_POP = 1_000_000  # and the world's largest cities anywhere
TIER2_POP = 2_000
TIER2_MAX = 25_000

# the local script of a country, and letters that tell its language from a neighbour's in that script
_CYRILLIC = re.compile(r"^[\u0400-\u04ff\s'’ʼ-]+$")
_SCRIPTS: dict[str, tuple[re.Pattern, str]] = {
    "UA": (_CYRILLIC, "іїєґ"), "RU": (_CYRILLIC, "ыэъё"), "BY": (_CYRILLIC, "ў"), "BG": (_CYRILLIC, "ъ"),
    "RS": (_CYRILLIC, "ђћџљњ"), "MK": (_CYRILLIC, "ѓќѕљњџ"), "KZ": (_CYRILLIC, "әғқңөұүһі"),
    "KG": (_CYRILLIC, "ңөү"), "MN": (_CYRILLIC, "өү"), "TJ": (_CYRILLIC, "ғӣқӯҳҷ"),
}
_ARABIC = re.compile(r"^[\u0600-\u06ff\s]+$")
for _cc in ("SY", "IQ", "SA", "YE", "JO", "LB", "EG", "LY", "TN", "DZ", "MA", "SD", "PS", "AE", "OM", "QA",
            "KW", "BH", "IR", "AF", "PK"):
    _SCRIPTS[_cc] = (_ARABIC, "")
_SCRIPTS["IL"] = (re.compile(r"^[\u0590-\u05ff\s'-]+$"), "")
_SCRIPTS["GE"] = (re.compile(r"^[\u10a0-\u10ff\s-]+$"), "")
_SCRIPTS["AM"] = (re.compile(r"^[\u0530-\u058f\s-]+$"), "")
_SCRIPTS["KP"] = _SCRIPTS["KR"] = (re.compile(r"^[\uac00-\ud7af\s]+$"), "")
_SCRIPTS["CN"] = _SCRIPTS["TW"] = (re.compile(r"^[\u4e00-\u9fff]+$"), "")
_SCRIPTS["JP"] = (re.compile(r"^[\u3040-\u30ff\u4e00-\u9fff]+$"), "")


_LATIN = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъў",
                  ["a", "b", "v", "g", "g", "d", "e", "ye", "zh", "z", "i", "i", "yi", "y", "k", "l", "m", "n",
                   "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "yu", "ya", "y", "e",
                   "yo", "", "w"]))
_LATIN_UA = {**_LATIN, "г": "h", "и": "y"}  # Ukrainian romanisation (Kharkiv, Mykolaiv)


def _latin(text: str, cc: str) -> str:
    table = _LATIN_UA if cc in ("UA", "BY") else _LATIN
    return "".join(table.get(ch, ch) for ch in text.lower())


def local_name(cc: str, name: str, alts: str) -> str:
    """The name in the country's own script, when the gazetteer has it ("" otherwise).

    The gazetteer's alternate names carry no language tags, so a Cyrillic name is taken only when it
    romanises to (nearly) the gazetteer's name, which tells "Харків" from the Russian "Харьков" and
    from historical names; an exonym ("Moscow") gets none rather than a wrong one.

    >>> local_name("UA", "Kharkiv", "Kharkov|Харков|Харків|Харьков")
    'Харків'
    >>> local_name("UA", "Odesa", "Коцюбіїв|Одеса|Одесса")
    'Одеса'
    >>> local_name("RU", "Kursk", "Kursk|Курск")
    'Курск'
    >>> local_name("RU", "Moscow", "Moskva|Москвы|Москва")
    ''
    """
    import difflib

    found = _SCRIPTS.get(cc)
    if not found or not alts:
        return ""
    script = found[0]
    names = [a for a in alts.split("|") if a and script.match(a) and a != name]
    if not names:
        return ""
    if script is not _CYRILLIC:
        return names[0] if len(names) == 1 else ""
    want = name.lower()
    own = "іїєґь" if cc in ("UA", "BY") else ""  # a tie between the Ukrainian and the Russian form
    scored = [(difflib.SequenceMatcher(None, _latin(a, cc), want).ratio() + 0.01 * any(ch in own for ch in a), -k, a)
              for k, a in enumerate(names)]
    best = max(scored)
    return best[2] if best[0] >= 0.8 else ""


def _sea_zoom(fcode: str) -> int:
    return {"OCN": 2, "SEA": 4, "GULF": 5, "BAY": 5, "STRT": 7, "CHN": 6}.get(fcode, 7)


def _town_zoom(pop: int) -> int:
    for z, floor in ((4, 3_000_000), (5, 1_000_000), (6, 300_000), (7, 100_000), (8, 30_000), (9, 10_000)):
        if pop >= floor:
            return z
    return 10


def _country_zoom(pop: int) -> int:
    return 3 if pop >= 30_000_000 else 4 if pop >= 3_000_000 else 5


@functools.lru_cache(maxsize=1)
def _columns():
    """numpy views of the gazetteer index: kind, fcode, cc codes, lat, lon, population."""
    import numpy as np

    from ..gazetteer.gazetteer import Gazetteer

    ix = Gazetteer.default()._index
    # numpy's stubs list memoryview[int] but not memoryview[float]; every memoryview is a buffer
    return (ix, np.frombuffer(ix._kind[1], dtype=np.int32), ix._kind[0],
            np.frombuffer(ix._lat, dtype=np.float64),  # type: ignore[arg-type]
            np.frombuffer(ix._lon, dtype=np.float64),  # type: ignore[arg-type]
            np.frombuffer(ix._pop, dtype=np.int64))


def _alts(pids: list[int]) -> dict[int, str]:
    from ..gazetteer.gazetteer import Gazetteer

    db = Gazetteer.default()._db()
    out: dict[int, str] = {}
    for k in range(0, len(pids), 900):
        chunk = pids[k:k + 900]
        out.update(db.execute(f"SELECT pid, alts FROM alts WHERE pid IN ({','.join('?' * len(chunk))})", chunk))
    return out


def _tier(ix, rows, classes, zooms, *, local: bool) -> dict[str, list]:
    cols: dict[str, list] = {"n": [], "y": [], "x": [], "k": [], "z": [], "l": []}
    full = [ix.row(int(r)) for r in rows]
    alts = _alts([row[1] for row in full]) if local else {}
    for row, k, z in zip(full, classes, zooms):
        cols["n"].append(row[2])
        cols["y"].append(round(row[8] * _SCALE))
        cols["x"].append(round(row[9] * _SCALE))
        cols["k"].append(k)
        cols["z"].append(z)
        cols["l"].append(local_name(row[5], row[2], alts.get(row[1], "")) if local and k != 2 else "")
    return cols


@functools.lru_cache(maxsize=16)
def reference_labels(region: tuple[float, float, float, float]) -> tuple[dict[str, list], dict[str, list]]:
    """(first tier, second tier) of labels for a map whose events lie in ``region`` (south, west, north, east)."""
    import numpy as np

    ix, kind, kinds, lat, lon, pop = _columns()
    south, west, north, east = region
    inside = (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)

    def rows_of(mask) -> np.ndarray:
        found = np.nonzero(mask)[0]
        return found[np.argsort(-pop[found], kind="stable")]

    countries = rows_of(kind == kinds.index("country"))
    seas = rows_of(kind == kinds.index("water"))
    areas = rows_of((kind == kinds.index("admin1")) & inside)
    fvocab, fcodes_col = ix._fcode
    sections = np.isin(np.frombuffer(fcodes_col, dtype=np.int32),
                       [fvocab.index(c) for c in ("PPLX", "PPLH", "PPLQ", "PPLW") if c in fvocab])
    town = (kind == kinds.index("settlement")) & ~sections  # no city districts, historical or abandoned places
    big = rows_of(town & ((inside & (pop >= TIER1_POP)) | (pop >= WORLD_POP)))
    small = rows_of(town & inside & (pop >= TIER2_POP) & (pop < TIER1_POP))[:TIER2_MAX]

    fcodes = ix._fcode  # admin-1 areas: no local name (the gazetteer mixes Russian and Ukrainian forms)
    first_rows = [*countries, *seas, *big, *areas]
    classes = ([0] * len(countries) + [1] * len(seas) + [3 if pop[r] >= 100_000 else 4 for r in big]
               + [2] * len(areas))
    zooms = ([_country_zoom(int(pop[r])) for r in countries]
             + [_sea_zoom(fcodes[0][fcodes[1][int(r)]]) for r in seas]
             + [_town_zoom(int(pop[r])) for r in big] + [6] * len(areas))
    # priority: countries, then seas and cities by size, with the admin-1 names after the towns they hold
    first = _tier(ix, first_rows, classes, zooms, local=True)
    second = _tier(ix, small, [4] * len(small), [_town_zoom(int(pop[r])) for r in small], local=False)
    return first, second


def region_of(bounds: list[list[float]]) -> tuple[float, float, float, float]:
    """The region whose labels a map carries: its first view, widened on every side (rounded, for the cache).

    >>> region_of([[47.0, 30.0], [52.0, 38.0]])
    (40.0, 18.0, 59.0, 50.0)
    """
    (s, w), (n, e) = bounds
    dy, dx = max(5.0, n - s), max(8.0, e - w)
    return (float(max(-90, round(s - dy - 2))), float(max(-180, round(w - dx - 4))),
            float(min(90, round(n + dy + 2))), float(min(180, round(e + dx + 4))))


def label_payload(bounds: list[list[float]]) -> tuple[dict[str, Any], dict[str, Any]]:
    return reference_labels(region_of(bounds))
