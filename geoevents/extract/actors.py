"""Who acts in conflict news: named actors, and forces or governments named by their country.

>>> [(m.text, m.actor, m.country, m.kind) for m in find_actors(
...     "Putin's army and North Korean troops attacked; the IDF and Hamas traded fire.")]
[('Putin', 'Government of Russia', 'RU', 'leader'), \
('North Korean troops', 'Military Forces of North Korea', 'KP', 'state forces'), \
('IDF', 'Military Forces of Israel', 'IL', 'state forces'), ('Hamas', 'Hamas', 'PS', 'rebel group')]

Three ways to name an actor, tried at each word, the longest match wins
(a tie goes to the table):

1. A name from the curated table ``data/actors.csv`` (:func:`load_actors`):
   case-sensitive, whole words, longest first.  A possessive stays out of
   the match ("Putin's" -> "Putin").  Leaders map to the actor they lead
   and keep the kind "leader": "Putin" is ``Government of Russia``,
   "Gerasimov" ``Military Forces of Russia``, "Sinwar" ``Hamas``.
2. A capitalised demonym before a forces noun ("Russian troops", "North
   Korean soldiers", "Ukrainian army", "Russian drones"): the country's
   ``Military Forces of <country>``, kind "state forces".  Before a
   government noun ("Russian authorities", "Ukrainian Defence Ministry"):
   ``Government of <country>``, kind "government"; before "president",
   "leader", "minister": the same actor, kind "leader".  Before "civilians",
   "residents", "refugees": ``Civilians (<country>)``, kind "civilians".
   Coordinated demonyms share the noun: in "Russian and North Korean
   troops" the first mention is "Russian", the second "North Korean troops".
   A demonym glued to a prefix or a participle ("pro-Russian forces",
   "Russian-backed forces") names no state force.
3. A country's possessive before the same nouns: "Russia's army",
   "Ukraine's armed forces", "Israel's government".

Actor names follow ACLED: ``Military Forces of Russia``, ``Government of
the United States``, ``Civilians (Ukraine)``; :data:`COUNTRY_NAMES` gives the
country part.  Everything is linear in the text: one regex pass for words,
a bounded number of dictionary look-ups per word.
"""

from __future__ import annotations

import csv
import re
from array import array
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.vocabulary import vocabulary

__all__ = [
    "ActorEntry",
    "ActorMention",
    "ACTOR_KINDS",
    "COUNTRY_NAMES",
    "DATA_PATH",
    "DEMONYMS",
    "find_actors",
    "load_actors",
    "state_actor",
]

DATA_PATH = Path(__file__).parent.parent / "data" / "actors.csv"
#: Kinds of actor, as in the table's ``kind`` column.
ACTOR_KINDS = ("state forces", "government", "leader", "rebel group", "militia", "international", "civilians")
_COLUMNS = ("name", "actor", "country", "kind", "note")

#: ISO alpha-2 code -> country name as used in actor names ("US" -> "the United States").
COUNTRY_NAMES: dict[str, str] = {code: name for name, code in vocabulary().values("country").items()}

#: Built-in demonyms (lower case) -> ISO alpha-2 code; ``find_actors(demonyms=...)`` extends it.
DEMONYMS: dict[str, str] = vocabulary().values("demonym")
# demonyms that are abbreviations: matched only in capitals ("US troops", not "Us")
_ABBREVIATIONS = frozenset(("us", "u.s.", "uk", "u.k.", "dprk", "usa"))
# country names besides COUNTRY_NAMES, for possessives ("America's military")
_COUNTRY_ALIASES = vocabulary().values("country_alias")

# nouns after a demonym or a possessive -> (role, mention kind)
_ROLE_CLASSES = {"role_forces": "state forces", "role_government": "government", "role_leader": "leader",
                 "role_civilians": "civilians"}
_ROLE_NOUNS: dict[str, tuple[str, str]] = {
    noun: (role, kind) for cls, kind in _ROLE_CLASSES.items() for noun, role in vocabulary().values(cls).items()
}
_MAX_NOUN_WORDS = 3
# adjectives between a demonym and its noun ("Russian occupying forces")
_ADJECTIVES = frozenset("""combat regular elite ground airborne occupying occupation invading retreating advancing
    frontline assault mechanised mechanized naval military local regional senior top""".split())
# prefixes that turn a demonym or a name into something else ("pro-Russian", "anti-Hamas")
_PREFIXES = frozenset("pro anti non neo quasi".split())

# words: dotted initials ("U.S."), or letters and digits with inner apostrophes ("Jama'at"), not "'s"
_WORD_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’](?![sS]\b)[^\W_]+)*")
_MAX_GAP = 3  # longest gap inside a name ("Putin -  Kim" is not one name)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One row of the actor table: a name as written and the actor it names."""

    name: str
    actor: str
    country: str  # ISO alpha-2 or ""
    kind: str  # one of ACTOR_KINDS
    note: str = ""


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a text: offsets (end exclusive), the canonical actor, its country and kind."""

    start: int
    end: int
    text: str  # == source[start:end]
    actor: str
    country: str  # ISO alpha-2 or ""
    kind: str  # one of ACTOR_KINDS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def state_actor(country: str, role: str = "military") -> str:
    """ACLED-style name of a country's forces, government or civilians.

    >>> state_actor("KP"), state_actor("US", "government"), state_actor("UA", "civilians")
    ('Military Forces of North Korea', 'Government of the United States', 'Civilians (Ukraine)')
    """
    name = COUNTRY_NAMES.get(country, country)
    if role == "military":
        return f"Military Forces of {name}"
    if role == "government":
        return f"Government of {name}"
    if role == "civilians":
        return f"Civilians ({name.removeprefix('the ')})"
    raise InputError(f"role {role!r}: expected 'military', 'government' or 'civilians'")


@lru_cache(maxsize=8)
def load_actors(path: str | Path = DATA_PATH) -> tuple[ActorEntry, ...]:
    """The actor table (a CSV with columns name, actor, country, kind, note), checked row by row.

    >>> rows = load_actors()
    >>> next(r for r in rows if r.name == "Putin").actor
    'Government of Russia'
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = tuple(next(reader, ()))
            if header != _COLUMNS:
                raise InputError(f"{path}: header {list(header)}, expected {list(_COLUMNS)}")
            rows = []
            for line, row in enumerate(reader, 2):
                if not row:
                    continue
                if len(row) != len(_COLUMNS):
                    raise InputError(f"{path}:{line}: {len(row)} columns, expected {len(_COLUMNS)}")
                name, actor, country, kind, note = (cell.strip() for cell in row)
                if not name or not actor:
                    raise InputError(f"{path}:{line}: empty name or actor in {row}")
                if kind not in ACTOR_KINDS:
                    raise InputError(f"{path}:{line}: kind {kind!r}, expected one of {ACTOR_KINDS}")
                if country and not (len(country) == 2 and country.isascii() and country.isupper()):
                    raise InputError(f"{path}:{line}: country {country!r}, expected an ISO alpha-2 code or ''")
                rows.append(ActorEntry(name, actor, country, kind, note))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the actor table ({exc.strerror})") from None
    return tuple(rows)


# ---------------------------------------------------------------- matching


class _Words:
    """Word tokens of a text with their offsets and the gap before each."""

    __slots__ = ("tok", "start", "end", "gap", "n")

    def __init__(self, text: str) -> None:
        # one pass and no list of match objects; a repeated word shares one string, and offsets are machine
        # integers, so a large text costs a few bytes per word
        tok: list[str] = []
        gap: list[str] = []
        start, end = array("q"), array("q")
        shared: dict[str, str] = {}
        # gap before each word, normalised: " ", "-", "'", "," ... or "" when too long / not a joiner
        # the few distinct gaps (" ", ", ", ". " ...) are normalised once and looked up after that
        known = _GAPS
        prev = -1
        for m in _WORD_RE.finditer(text):
            w = m.group()
            w = shared.get(w) or (shared.setdefault(w, w) if len(shared) < _SHARED_WORDS else w)
            s, e = m.span()
            if prev < 0:
                gap.append("")
            else:
                r = text[prev:s]
                gap.append(known[r] if r in known else _remember_gap(r))
            tok.append(w)
            start.append(s)
            end.append(e)
            prev = e
        self.tok, self.start, self.end, self.gap = tok, start, end, gap
        self.n = len(tok)

    def key(self, i: int, j: int) -> str | None:
        """Words ``i``..``j`` joined with their normalised gaps, None when a gap breaks the run."""
        parts = [self.tok[i]]
        for k in range(i + 1, j + 1):
            g = self.gap[k]
            if g not in (" ", "-", "'"):
                return None
            parts.append(g)
            parts.append(self.tok[k])
        return "".join(parts)


_GAPS: dict[str, str] = {}  # _normal_gap of the short gaps met so far
_SHARED_WORDS = 100_000  # distinct words whose strings are shared within one text (junk need not grow it)


def _remember_gap(gap: str) -> str:
    """:func:`_normal_gap`, remembered when the gap is short (long ones are rare and never repeat)."""
    normal = _normal_gap(gap)
    if len(gap) <= 8 and len(_GAPS) < 10_000:
        _GAPS[gap] = normal
    return normal


def _normal_gap(gap: str) -> str:
    if len(gap) > _MAX_GAP and not gap.isspace():
        return ""
    if gap.isspace():
        return " " if "\n\n" not in gap else "¶"
    stripped = gap.strip()
    if stripped in ("-", "‐", "‑"):
        return "-" if stripped == gap else " - "
    if gap in ("'", "’"):
        return "'"
    return stripped


@lru_cache(maxsize=4)
def _name_index(path: str) -> tuple[dict[str, ActorEntry], int, frozenset[str]]:
    """Table names keyed as text keys them, the most words in one, the set of first words."""
    index: dict[str, ActorEntry] = {}
    longest = 1
    firsts: set[str] = set()
    for entry in load_actors(path):
        w = _Words(entry.name)
        if not w.n:
            continue
        key = w.key(0, w.n - 1)
        if key is None:
            continue
        index.setdefault(key, entry)
        longest = max(longest, w.n)
        firsts.add(w.tok[0])
    return index, longest, frozenset(firsts)


@lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, str], int, frozenset[str]]:
    names = {name.removeprefix("the "): code for code, name in COUNTRY_NAMES.items()}
    names.update(_COUNTRY_ALIASES)
    index: dict[str, str] = {}
    longest = 1
    firsts: set[str] = set()
    for name, code in names.items():
        w = _Words(name)
        key = w.key(0, w.n - 1) if w.n else None
        if key is None:
            continue
        index[key] = code
        longest = max(longest, w.n)
        firsts.add(w.tok[0])
    return index, longest, frozenset(firsts)


_TABLE_CACHE: dict[int, tuple[Mapping[str, str], dict[str, str]]] = {}


def _demonym_table(extra: Mapping[str, str] | None) -> dict[str, str]:
    """DEMONYMS extended by ``extra``; cached per mapping object (callers pass the same one per run)."""
    if extra is None:
        return DEMONYMS
    cached = _TABLE_CACHE.get(id(extra))
    if cached is not None and cached[0] is extra:
        return cached[1]
    table = _build_demonym_table(extra)
    if len(_TABLE_CACHE) > 16:
        _TABLE_CACHE.clear()
    _TABLE_CACHE[id(extra)] = (extra, table)
    return table


_SHAPE_CACHE: dict[int, tuple[dict[str, str], int, frozenset[str]]] = {}


def _table_shape(table: dict[str, str]) -> tuple[int, frozenset[str]]:
    """(most words in one demonym, the set of first words) of a demonym table; cached per table object.

    Extended tables come from :func:`_demonym_table`, which builds each once and never changes it.
    """
    cached = _SHAPE_CACHE.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1], cached[2]
    longest = max((key.count(" ") + 1 for key in table), default=1)
    firsts = frozenset(key.split(" ", 1)[0] for key in table)
    if table is DEMONYMS:
        return longest, firsts  # public and small: read afresh each time
    if len(_SHAPE_CACHE) > 16:
        _SHAPE_CACHE.clear()
    _SHAPE_CACHE[id(table)] = (table, longest, firsts)
    return longest, firsts


def _build_demonym_table(extra: Mapping[str, str] | None) -> dict[str, str]:
    table = dict(DEMONYMS)
    for name, code in (extra or {}).items():
        if not isinstance(name, str) or not isinstance(code, str) or not (
            len(code) == 2 and code.isascii() and code.isalpha()
        ):
            raise InputError(f"demonym {name!r} -> {code!r}: expected a name and an ISO alpha-2 code")
        key = " ".join(name.lower().split())
        if key:
            table[key] = code.upper()
    return table


def _prefixed(w: _Words, i: int) -> bool:
    """Word ``i`` is glued to a prefix: "pro-Russian", "anti-Hamas"."""
    return i > 0 and w.gap[i] == "-" and w.tok[i - 1].lower() in _PREFIXES


def _demonym_at(w: _Words, i: int, table: Mapping[str, str], longest: int,
                joined: bool = False) -> tuple[str, int] | None:
    """(ISO code, last word) of a capitalised demonym starting at word ``i``.

    A demonym glued to the word before ("pro-Russian", "Russo-Ukrainian") counts
    only when ``joined`` (the second of "Russian-Belarusian").
    """
    if not w.tok[i][:1].isupper() or (i > 0 and w.gap[i] == "-" and not joined):
        return None
    for j in range(min(w.n - 1, i + longest - 1), i - 1, -1):
        if any(w.gap[k] != " " for k in range(i + 1, j + 1)):
            continue
        key = " ".join(w.tok[k].lower() for k in range(i, j + 1))
        code = table.get(key)
        if code is None:
            continue
        if key in _ABBREVIATIONS and not w.tok[i].isupper():
            continue
        return code, j
    return None


def _role_noun(w: _Words, k: int) -> tuple[str, str, int] | None:
    """(role, mention kind, last word) of a forces / government / civilians noun at word ``k``."""
    if k >= w.n or w.gap[k] != " ":
        return None
    starts = [k]
    if w.tok[k].lower() in _ADJECTIVES and k + 1 < w.n and w.gap[k + 1] == " ":
        starts = [k, k + 1]  # the adjective may itself start a noun ("military intelligence")
    best = None
    for s in starts:
        for j in range(min(w.n - 1, s + _MAX_NOUN_WORDS - 1), s - 1, -1):
            if any(w.gap[m] != " " for m in range(s + 1, j + 1)):
                continue
            found = _ROLE_NOUNS.get(" ".join(w.tok[m].lower() for m in range(s, j + 1)))
            if found is not None:
                if best is None or j > best[2]:
                    best = (*found, j)
                break
    return best


def _demonym_chain(w: _Words, text: str, i: int, table: Mapping[str, str], longest: int) -> list[ActorMention]:
    """Mentions from demonyms at word ``i`` sharing a noun: "Russian and North Korean troops"."""
    first = _demonym_at(w, i, table, longest)
    if first is None:
        return []
    found = [(i, *first)]  # (first word, code, last word)
    while len(found) < 4:
        k = found[-1][2] + 1
        if k >= w.n:
            break
        g = w.gap[k]
        if g in (",", "/", "-", "&") or (g == " " and w.tok[k] in ("and", "or")):
            nxt = k + 1 if g == " " else k
            if g == "," and k < w.n and w.tok[k] in ("and", "or") and k + 1 < w.n and w.gap[k + 1] == " ":
                nxt = k + 1  # "Russian, and Iranian"
            if nxt >= w.n or (nxt > k and w.gap[nxt] != " "):
                break
            more = _demonym_at(w, nxt, table, longest, joined=True)
            if more is None:
                break
            found.append((nxt, *more))
            continue
        break
    noun = _role_noun(w, found[-1][2] + 1)
    if noun is None:
        return []
    role, kind, last = noun
    out = []
    for n, (s, code, e) in enumerate(found):
        end = w.end[last] if n == len(found) - 1 else w.end[e]
        start = w.start[s]
        out.append(ActorMention(start, end, text[start:end], state_actor(code, role), code, kind))
    return out


def _possessive_at(w: _Words, text: str, i: int) -> ActorMention | None:
    """A country's possessive before a role noun: "Russia's army", "Ukraine's armed forces"."""
    index, longest, firsts = _country_index()
    if w.tok[i] not in firsts or _prefixed(w, i):
        return None
    for j in range(min(w.n - 1, i + longest - 1), i - 1, -1):
        key = w.key(i, j)
        code = index.get(key) if key is not None else None
        if code is None:
            continue
        s = j + 1
        if s + 1 >= w.n or w.tok[s] not in ("s", "S") or w.gap[s] != "'":
            return None
        noun = _role_noun(w, s + 1)
        if noun is None:
            return None
        role, kind, last = noun
        start, end = w.start[i], w.end[last]
        return ActorMention(start, end, text[start:end], state_actor(code, role), code, kind)
    return None


def _table_at(w: _Words, text: str, i: int, index: dict[str, ActorEntry], longest: int) -> ActorMention | None:
    """The longest table name starting at word ``i``."""
    if _prefixed(w, i):
        return None
    for j in range(min(w.n - 1, i + longest - 1), i - 1, -1):
        key = w.key(i, j)
        entry = index.get(key) if key is not None else None
        if entry is not None:
            start, end = w.start[i], w.end[j]
            return ActorMention(start, end, text[start:end], entry.actor, entry.country, entry.kind)
    return None


def find_actors(text: str, *, demonyms: Mapping[str, str] | None = None) -> list[ActorMention]:
    """Actors named in ``text``, in text order.

    ``demonyms`` maps lower-case demonyms to ISO alpha-2 codes and extends
    (or overrides) :data:`DEMONYMS`, e.g. with the gazetteer's table.

    >>> [(m.text, m.actor) for m in find_actors("Russian and North Korean troops shelled Sudzha.")]
    [('Russian', 'Military Forces of Russia'), ('North Korean troops', 'Military Forces of North Korea')]
    >>> [(m.text, m.actor, m.kind) for m in find_actors("Bhutanese soldiers", demonyms={"bhutanese": "BT"})]
    [('Bhutanese soldiers', 'Military Forces of Bhutan', 'state forces')]
    >>> find_actors("pro-Russian forces and Russian-backed separatists")
    []
    """
    table = _demonym_table(demonyms)
    dem_longest, dem_firsts = _table_shape(table)
    index, longest, firsts = _name_index(str(DATA_PATH))
    _, _, country_firsts = _country_index()
    w = _Words(text)
    out: list[ActorMention] = []
    after = 0  # the first word a new mention may start at
    # only a table name's first word, a demonym's or a country's can start a mention: visit just those words
    candidates = [k for k, tok in enumerate(w.tok) if tok in firsts or tok in country_firsts
                  or (tok[:1].isupper() and tok.lower() in dem_firsts)]
    for i in candidates:
        if i < after:
            continue
        tok = w.tok[i]
        best: list[ActorMention] = []
        if tok in firsts:
            m = _table_at(w, text, i, index, longest)
            if m is not None:
                best = [m]
        if tok[:1].isupper() and tok.lower() in dem_firsts:
            chain = _demonym_chain(w, text, i, table, dem_longest)
            if chain and (not best or chain[-1].end > best[-1].end):
                best = chain
        if tok in country_firsts:
            m = _possessive_at(w, text, i)
            if m is not None and (not best or m.end > best[-1].end):
                best = [m]
        if not best:
            continue
        out.extend(best)
        end = best[-1].end
        after = i
        while after < w.n and w.start[after] < end:
            after += 1
    return out
