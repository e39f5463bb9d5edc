"""Numeric figures in English conflict news: troop numbers, casualties, weapons counted.

>>> [(f.text, f.low, f.high, f.qualifier, f.unit, f.kind, f.sides)
...  for f in find_figures("Around 11,000 North Korean soldiers were sent; at least 12 people were killed.")]
[('Around 11,000 North Korean soldiers', 11000, 11000, 'about', 'soldier', 'troops', ('North Korean',)), \
('at least 12 people', 12, None, 'at least', 'person', 'fatalities', ())]
>>> casualty_totals(find_figures("The strike killed 7 and wounded 15."))
(7, 15)

A figure is a quantity (digits "11,000", "11k", "1.5 million"; words
"twelve", "two hundred", "a dozen"; vague words "thousands of",
"several"; "a"/"one" before a person killed; "no" before casualties) with
what it counts.  Conventions:

``low`` / ``high``
    the bounds the wording implies.  "exact" and "about" give
    ``low == high``; "at least" and "more than" give ``high=None``; "up to"
    and "fewer than" give ``low=None``; a range gives both ends.  Vague
    quantities give a conventional lower bound and ``high=None``:
    thousands 2,000, tens of thousands 20,000, hundreds of thousands 200,000,
    millions 2,000,000, hundreds 200, scores 40, dozens 24, several 3, a few 2,
    a handful 2 ("several hundred" 300, "a few thousand" 2,000).
``qualifier``
    one of :data:`QUALIFIERS`.  "almost" counts as "about", like "nearly".
``unit``
    lower-case singular of the noun counted ("troops" -> "troop", "people"
    -> "person"); "" when no noun is written ("killed 7", "12 dead").  A
    capitalised plural head ("12 Palestinians") is the unit ("palestinian")
    and also the side.
``kind``
    one of :data:`KINDS`.  The noun decides first ("deaths", "casualties",
    "prisoners", "refugees"), then a casualty verb around the figure
    ("... were killed", "killing ...", "the death toll rose to ...") for
    people or a bare number, then the noun's class ("troops", "soldiers",
    "fighters" -> "troops").  "casualties" is its own kind (killed and wounded
    together, "600,000 casualties", "dead or wounded"), which
    :func:`casualty_totals` leaves out.  "No casualties were reported" gives a
    zero figure of kind "fatalities" (unit "casualty"): the report's claim is
    that nobody was killed.
``text``
    the quantity with its qualifier, its noun phrase and a trailing "from
    <Country>"; a casualty word standing in for the noun is included ("12
    dead", "7 killed", "600,000 dead or wounded"); verbs elsewhere are not.
``is_total``
    the figure is a toll, the running total of a happening ("the death toll
    rose to 40", "the number of injured has risen to 25"): a later total
    replaces earlier figures rather than adding to them.
``scope``
    "" for a figure of one happening; "cumulative" for a toll over a war, a
    year or a country ("since the start of the war", "in total since 2022",
    "across the country").  Events leave cumulative figures out.
``included``
    the figure is part of the figure before it ("12 people, including 3
    children, were killed"): the 3 counts within the 12, not on top of it.
    An included figure of people takes the kind of the figure it is part of.

Cue phrases for ``scope`` and ``included`` are data: ``data/casualty_cues.csv``.

:func:`read_casualties` turns a clause's figures into one reading: deaths
and injuries, with their qualifiers and the flags events need (vague words,
tolls, cumulative figures left out, a zero that is only implied);
:func:`casualty_totals` is its (fatalities, wounded) pair.

"A", "an" and "one" before a person count as 1 ("a 69-year-old woman was
killed").  Bodies and corpses are things found, not deaths: "the bodies of
four men were found" and "two key anti-corruption bodies" give no fatalities.

Not figures: years ("in 2022"), dates ("18 January"), times ("14:30",
"5 pm"), percentages, money, measures ("2,000 km"), durations ("48 hours"),
ordinals ("3rd Brigade") and designators ("Su-34", "F-16", "S-300",
"Brigade 155").  A bare number with no noun, no qualifier and no casualty
verb ("the 2,000 said") is not reported.

Everything is linear in the length of the text: one regex pass for tokens,
then a bounded window of tokens around each number.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..core.datatables import table_rows
from ..core.errors import InputError
from ..core.vocabulary import vocabulary

__all__ = ["Figure", "CasualtyReading", "find_figures", "read_casualties", "casualty_totals", "load_cues",
           "KINDS", "QUALIFIERS", "SCOPES", "VAGUE_VALUES", "CUES_PATH"]

#: What a figure counts.
KINDS = ("troops", "fatalities", "wounded", "casualties", "captured", "displaced", "other")
#: How the wording bounds the number.
QUALIFIERS = ("exact", "about", "at least", "more than", "up to", "fewer than", "range", "vague")
#: Whose toll a figure is: one happening's (""), or a war's, a year's or a country's.
SCOPES = ("", "cumulative")
#: Conventional lower bounds of vague quantities.
VAGUE_VALUES = {
    "thousands": 2_000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "millions": 2_000_000,
    "hundreds": 200,
    "scores": 40,
    "dozens": 24,
    "several": 3,
    "a few": 2,
    "a handful": 2,
}


@dataclass(frozen=True, slots=True)
class Figure:
    """One numeric figure: offsets into the source text, bounds, what and whose it counts."""

    start: int
    end: int
    text: str  # == source[start:end]
    low: int | None
    high: int | None
    qualifier: str  # one of QUALIFIERS
    unit: str  # lower-case singular noun counted, "" when none is written
    kind: str  # one of KINDS
    sides: tuple[str, ...] = ()  # who the counted belong to, as written ("Russian", "North Korea")
    is_total: bool = False  # a toll: "the death toll rose to 40" replaces earlier figures
    scope: str = ""  # one of SCOPES: "cumulative" for "since the start of the war", "across the country"
    included: bool = False  # part of the figure before it: "12 people, including 3 children"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sides"] = list(self.sides)
        return d


# ---------------------------------------------------------------- tokens

# numbers (with thousands separators or a decimal point), letter runs, any other single character
_TOKEN_RE = re.compile(r"(?P<d>[0-9]+(?:[.,][0-9]+)*)|(?P<w>[^\W\d_]+)|(?P<p>\S)")
_MAX_DIGITS = 15  # longer digit runs are identifiers, not counts
_NP_WORDS = 6  # most words between a quantity and the noun it counts
_AUX_SKIP = 4  # most auxiliaries between a noun and its casualty verb ("were later confirmed killed")
_SHARED_TOKENS = 100_000  # distinct tokens whose strings are shared within one text (junk need not grow it)


class _Tokens:
    """Token texts, lower-case forms, offsets and gaps (0 glued, 1 space, 2 line break)."""

    __slots__ = ("tok", "low", "start", "end", "kind", "gap", "n")

    def __init__(self, text: str) -> None:
        # one pass and no list of match objects; a repeated token shares one string and one lower-case form,
        # and offsets are machine integers, so a large text costs a few bytes per token
        tok: list[str] = []
        low: list[str] = []
        kind: list[str] = []
        start, end, gap = array("q"), array("q"), bytearray()
        shared: dict[str, tuple[str, str]] = {}
        prev = -1
        for m in _TOKEN_RE.finditer(text):
            t = m.group()
            forms = shared.get(t)
            if forms is None:
                forms = (t, t.lower())
                if len(shared) < _SHARED_TOKENS:
                    shared[t] = forms
            s, e = m.span()
            tok.append(forms[0])
            low.append(forms[1])
            kind.append(m.lastgroup or "p")
            gap.append(2 if prev < 0 else 0 if s == prev else (2 if "\n" in text[prev:s] else 1))
            start.append(s)
            end.append(e)
            prev = e
        self.tok, self.low, self.kind, self.start, self.end, self.gap = tok, low, kind, start, end, gap
        self.n = len(tok)

    def word(self, i: int) -> bool:
        return 0 <= i < self.n and self.kind[i] == "w"

    def low_at(self, i: int) -> str:
        return self.low[i] if 0 <= i < self.n else ""

    def spaced(self, i: int) -> bool:
        """Token ``i`` exists and follows the previous one after plain spaces."""
        return 0 < i < self.n and self.gap[i] == 1


# ---------------------------------------------------------------- lexicon

_VOCAB = vocabulary()
_SMALL = {w: int(v) for w, v in _VOCAB.values("number_small").items()}
_TENS = {w: int(v) for w, v in _VOCAB.values("number_tens").items()}
_SCALES = {w: int(v) for w, v in _VOCAB.values("number_scale").items()}
_GLUED_SCALES = {w: int(v) for w, v in _VOCAB.values("number_glued_scale").items()}
_SPACED_SCALES = {**_SCALES, **{w: int(v) for w, v in _VOCAB.values("number_spaced_scale").items()}}

_QUALIFIER_PHRASES = {
    ("more", "than"): "more than", ("over",): "more than", ("upwards", "of"): "more than",
    ("in", "excess", "of"): "more than", ("above",): "more than", ("just", "over"): "more than",
    ("well", "over"): "more than", (">",): "more than",
    ("at", "least"): "at least", ("no", "fewer", "than"): "at least", ("no", "less", "than"): "at least",
    ("not", "less", "than"): "at least", ("a", "minimum", "of"): "at least",
    ("up", "to"): "up to", ("as", "many", "as"): "up to", ("at", "most"): "up to",
    ("no", "more", "than"): "up to", ("not", "more", "than"): "up to", ("a", "maximum", "of"): "up to",
    ("fewer", "than"): "fewer than", ("less", "than"): "fewer than", ("under",): "fewer than",
    ("below",): "fewer than", ("just", "under"): "fewer than", ("<",): "fewer than",
    ("around",): "about", ("about",): "about", ("approximately",): "about", ("approx",): "about",
    ("approx", "."): "about", ("roughly",): "about", ("some",): "about", ("nearly",): "about",
    ("almost",): "about", ("close", "to"): "about", ("an", "estimated"): "about", ("estimated",): "about",
    ("circa",): "about", ("~",): "about", ("about", "some"): "about", ("some", "estimated"): "about",
}

# unit word -> (lemma, kind, counts people), from the vocabulary's unit classes
_UNIT_CLASSES = {"unit_troops": ("troops", True), "unit_person": ("other", True), "unit_fatalities": ("fatalities", True),
                 "unit_remains": ("other", False), "unit_wounded": ("wounded", True),
                 "unit_casualties": ("casualties", True), "unit_captured": ("captured", True),
                 "unit_displaced": ("displaced", True), "unit_weapon": ("other", False),
                 "unit_vessel": ("other", False), "unit_thing": ("other", False)}
_UNITS: dict[str, tuple[str, str, bool]] = {
    form: (lemma, kind, person)
    for cls, (kind, person) in _UNIT_CLASSES.items() for form, lemma in _VOCAB.values(cls).items()
}

# casualty words after the counted noun (or standing for it: "12 dead")
_FATAL_WORDS = _VOCAB.words("casualty_killed")
_WOUND_WORDS = _VOCAB.words("casualty_wounded")
_CAPTURE_WORDS = _VOCAB.words("casualty_captured")
_DISPLACE_WORDS = _VOCAB.words("casualty_displaced")
_CASUALTY_WORDS = _FATAL_WORDS | _WOUND_WORDS | _CAPTURE_WORDS | _DISPLACE_WORDS
# casualty words that can stand for the noun, or modify it ("200 wounded soldiers")
_NOUN_LIKE = _VOCAB.words("casualty_noun_like")
_MODIFIERS = _VOCAB.words("casualty_modifier")
_AUX = frozenset("""were was are is have has had been being be reportedly also all later allegedly confirmed
    reported believed thought feared said to both subsequently eventually now already recently just who
    each either more other""".split())
# verbs right before the quantity, and nouns before "of" and a quantity -> figure kind
_PRE_VERBS = _VOCAB.values("casualty_verb_before")
_OF_NOUNS = _VOCAB.values("casualty_of_noun")

# words after a number that make it a measure, a time, a share or money, not a count
_NONCOUNT = frozenset("""second seconds sec secs minute minutes min mins hour hours hr hrs h day days night
    nights week weeks month months year years yr yrs decade decades century centuries am pm gmt utc bst cet
    msk o times time km kms kilometre kilometres kilometer kilometers mile miles mi metre metres meter meters
    m cm mm ft feet foot yard yards yd yds inch inches nautical sq square hectare hectares ha acre acres
    mph kph kmh knot knots kg kgs kilogram kilograms kilo kilos g gram grams tonne tonnes ton tons t lb lbs
    pound pounds litre litres liter liters barrel barrels gallon gallons cubic bpd percent pc per
    percentage percentages degree degrees celsius fahrenheit mw gw kw mwh gwh mhz hz mbps gb mb
    dollar dollars euro euros rouble roubles ruble rubles hryvnia hryvnias hryvnas yuan yen shekel shekels
    rupee rupees usd eur gbp rub uah cent cents bucks points point fold""".split())
_CURRENCY_BEFORE = frozenset("$ € £ ¥ ₽ ₴ ₪ ₹ ₩ usd eur gbp rub uah rs".split())
_MONTHS = _VOCAB.words("month") | _VOCAB.words("month_abbreviation")
# words before a number that make it a name or an index ("Brigade 155", "Flight 17", "Resolution 2334")
_DESIGNATORS = frozenset("""unit brigade regiment division battalion corps route highway flight resolution
    article number page chapter section platoon squadron model type block building apartment room gate
    phase stage level round grade class group line zone sector point hill height day week season episode
    part volume vol no nos km kilometre exit station pier platform bus tram flat street district
    aged age ages mark mk version v""".split())
_YEAR_PREPS = frozenset("""in since by until till from of during year years early late mid spring summer
    autumn winter fall before after between""".split())
_UNIT_NAMES = frozenset("Brigade Brigades Division Regiment Battalion Corps Army Squadron Fleet Group".split())
_ORDINAL_TAILS = frozenset("st nd rd th s".split())
# capitalised words before a noun that name a weapon, not whose it is ("85 Shahed drones")
_WEAPON_NAMES = _VOCAB.words("weapon_name")
_STOP = frozenset("""the a an this that these those its their his her our my your of in on at to from by with
    for into near across along over under against since during after before between among via than as
    about around toward towards behind inside outside within without through throughout off up down out
    and or but nor while when where who whom whose which because if so then also not no is are was were be
    been being have has had will would can could may might must shall should do does did they them he she
    it we you i me us each all both more less fewer most many much some any such said says say according
    reportedly yesterday today tonight overnight ago last next earlier later there here what how why
    including than per around roughly nearly almost only just even still again now already""".split())
_VAGUE_WORDS = {w: int(v) for w, v in _VOCAB.values("number_vague").items()}
_VAGUE_SCALES = {"hundred": 100, "thousand": 1_000, "dozen": 12}


def _lemma(word: str) -> str:
    """Singular of a lower-case plural ("villages" -> "village", "batteries" -> "battery")."""
    if word in _UNITS:
        return _UNITS[word][0]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _plural_like(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


# ---------------------------------------------------------------- quantities


@dataclass(slots=True)
class _Quantity:
    first: int  # first token of the quantity (after any qualifier)
    stop: int  # token after the quantity
    low: int
    high: int
    qualifier: str | None = None  # "range", "vague", or one implied by a tail ("11,000+")
    article: bool = False  # "a soldier": 1, kept only with a casualty verb
    zero: bool = False  # "no casualties": 0, kept only for casualties
    year_like: bool = False  # four plain digits 1800-2100
    scale: int = 1  # the scale word's value ("thousand" 1000)


def _digits_value(s: str, scaled: bool) -> Decimal | None:
    """Value of a digit token: "11,000", "1.5", "1,234.5"; None when malformed."""
    if "," in s and "." in s:
        head, _, frac = s.rpartition(".")
        if "." in head or not _grouped(head, ","):
            return None
        s = head.replace(",", "") + "." + frac
    elif "," in s:
        if not _grouped(s, ","):
            return None
        s = s.replace(",", "")
    elif "." in s:
        parts = s.split(".")
        if len(parts) > 2 or (len(parts[1]) == 3 and not scaled):
            if not _grouped(s, "."):  # European thousands: "11.000"
                return None
            s = s.replace(".", "")
    if sum(c.isdigit() for c in s) > _MAX_DIGITS:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the token regex only lets digits through
        return None


def _grouped(s: str, sep: str) -> bool:
    parts = s.split(sep)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _integral(v: Decimal) -> int | None:
    return int(v) if v == v.to_integral_value() else None


def _digit_number(t: _Tokens, i: int) -> tuple[int, int, bool, int] | None:
    """(value, token after, year-like, scale) of a digit quantity at ``i`` with its scale ("11k", "1.5 million")."""
    k = i + 1
    scale = 1
    if k < t.n and t.gap[k] == 0 and t.kind[k] == "w" and t.low[k] in _GLUED_SCALES:
        w = t.low[k]
        # "1.5m people" is a million, "1.5m" alone is a length
        if w in ("k", "bn") or (k + 1 < t.n and t.gap[k + 1] == 1 and t.low[k + 1] in _UNITS):
            scale, k = _GLUED_SCALES[w], k + 1
    elif t.spaced(k) and t.low[k] in _SPACED_SCALES:
        scale, k = _SPACED_SCALES[t.low[k]], k + 1
    value = _digits_value(t.tok[i], scale > 1)
    if value is None:
        return None
    n = _integral(value * scale)
    if n is None:
        return None
    plain = t.tok[i].isdigit()
    return n, k, plain and scale == 1 and len(t.tok[i]) == 4 and 1800 <= n <= 2100, scale


def _word_number(t: _Tokens, i: int) -> tuple[int, int] | None:
    """(value, token after) of a written number at ``i``: "twelve", "twenty-five", "two hundred and fifty"."""
    if t.low[i] not in _SMALL and t.low[i] not in _TENS:
        return None
    total = cur = 0
    last = -1
    last_scale = 10**12
    k = i
    while k < t.n:
        if last >= 0:
            if t.tok[k] in ("-", "‐") and t.gap[k] == 0 and k + 1 < t.n and t.gap[k + 1] == 0 \
                    and t.low[last] in _TENS and t.low[k + 1] in _SMALL:
                k += 1
            elif t.low[k] == "and" and t.spaced(k) and t.low[last] in _SCALES and t.spaced(k + 1) \
                    and (t.low[k + 1] in _SMALL or t.low[k + 1] in _TENS):
                k += 1
            elif not t.spaced(k):
                break
        w = t.low[k]
        if w in _SMALL or w in _TENS:
            v = _SMALL.get(w, _TENS.get(w, 0))
            if last >= 0 and t.low[last] not in _SCALES and t.low[last] != "dozen" \
                    and not (t.low[last] in _TENS and 1 <= v <= 9):
                break
            cur += v
        elif last >= 0 and w == "hundred" and 0 < cur < 100 and t.low[last] not in _SCALES:
            cur *= 100
        elif last >= 0 and w == "dozen" and 0 < cur < 100 and t.low[last] not in _SCALES:
            cur *= 12
        elif last >= 0 and w in _SCALES and w != "hundred" and cur and _SCALES[w] < last_scale:
            total += cur * _SCALES[w]
            cur = 0
            last_scale = _SCALES[w]
        else:
            break
        last = k
        k += 1
    return total + cur, last + 1


def _quantity(t: _Tokens, i: int) -> _Quantity | None:
    """The quantity starting at token ``i``, if any (no qualifier, no noun yet)."""
    w = t.low[i]
    kind = t.kind[i]
    if kind == "d":
        got = _digit_number(t, i)
        if got is None:
            return None
        value, stop, year_like, scale = got
        return _Quantity(i, stop, value, value, year_like=year_like, scale=scale)
    if kind != "w":
        return None
    if w in _SMALL or w in _TENS:
        got2 = _word_number(t, i)
        if got2 is None:
            return None
        return _Quantity(i, got2[1], got2[0], got2[0])
    if w in ("a", "an") and t.spaced(i + 1):
        nxt = t.low[i + 1]
        if nxt in ("dozen", "hundred", "thousand", "million"):
            v = _SPACED_SCALES[nxt]
            return _Quantity(i, i + 2, v, v)
        if nxt in ("few", "handful"):
            stop = i + 2
            v = VAGUE_VALUES["a " + nxt]
            if t.spaced(stop) and t.low[stop] in _VAGUE_SCALES:
                v, stop = v * _VAGUE_SCALES[t.low[stop]], stop + 1
            if t.spaced(stop) and t.low[stop] == "of":
                stop += 1
            return _Quantity(i, stop, v, v, qualifier="vague")
        return _Quantity(i, i + 1, 1, 1, article=True)
    if w == "several":
        stop, v = i + 1, VAGUE_VALUES["several"]
        if t.spaced(stop) and t.low[stop] in _VAGUE_SCALES:
            v, stop = v * _VAGUE_SCALES[t.low[stop]], stop + 1
        if t.spaced(stop) and t.low[stop] == "of":
            stop += 1
        return _Quantity(i, stop, v, v, qualifier="vague")
    if w in _VAGUE_WORDS or w == "tens":
        v = _VAGUE_WORDS.get(w, 0)
        stop = i + 1
        # "tens of thousands", "hundreds of thousands"
        if w in ("tens", "hundreds") and t.spaced(stop) and t.low[stop] == "of" and t.spaced(stop + 1) \
                and t.low[stop + 1] == "thousands":
            v = VAGUE_VALUES[f"{w} of thousands"]
            stop += 2
        if not v:
            return None
        if t.spaced(stop) and t.low[stop] == "of":
            stop += 1
        return _Quantity(i, stop, v, v, qualifier="vague")
    if w == "without" and t.spaced(i + 1):
        stop = i + 2 if t.low[i + 1] == "any" and t.spaced(i + 2) else i + 1
        if t.low[stop] in ("casualties", "injuries", "fatalities", "deaths"):
            return _Quantity(i, stop, 0, 0, zero=True)  # "without casualties": nobody killed or hurt
        return None
    if w in ("nobody", "none"):
        return _Quantity(i, i + 1, 0, 0, zero=True)
    if w == "no":
        stop = i + 1
        if t.spaced(stop) and t.low[stop] == "one":
            stop += 1  # "no one"
        elif stop + 1 < t.n and t.tok[stop] == "-" and t.gap[stop] == 0 and t.gap[stop + 1] == 0 \
                and t.low[stop + 1] == "one":
            stop += 2  # "no-one"
        return _Quantity(i, stop, 0, 0, zero=True)
    return None


def _range_tail(t: _Tokens, q: _Quantity, between: bool) -> None:
    """Extend ``q`` to a range: "10,000-12,000", "10 to 12", "two or three", "between 10 and 12"."""
    k = q.stop
    if k >= t.n:
        return
    conn = t.low[k]
    if between:
        if conn != "and" or not t.spaced(k):
            return
    elif conn in ("-", "–", "—", "‐"):
        pass
    elif conn not in ("to", "or") or not t.spaced(k):
        return
    j = k + 1
    if j >= t.n or t.gap[j] == 2 or (conn in ("to", "or", "and") and t.gap[j] != 1):
        return
    if t.kind[q.first] == "d" and t.kind[j] == "d":
        got = _digit_number(t, j)
        if got is None:
            return
        high, stop, year_like, scale = got
        low = q.low
        if q.scale == 1 and scale > 1 and low * scale <= high:
            low *= scale  # "10 to 12 thousand": the second end's scale applies to the first
        if year_like or q.year_like:
            q.year_like = True
            return
    elif t.kind[q.first] == "w" and t.low[q.first] in _SMALL.keys() | _TENS.keys():
        got2 = _word_number(t, j) if (t.low[j] in _SMALL or t.low[j] in _TENS) else None
        if got2 is None:
            return
        high, stop = got2
        low = q.low
    else:
        return
    if high <= low:
        return
    q.low, q.high, q.stop, q.qualifier = low, high, stop, "range"


# ---------------------------------------------------------------- context


def _qualifier_before(t: _Tokens, first: int, floor: int) -> tuple[str, int] | None:
    """The qualifier phrase right before token ``first`` and the token it starts at."""
    for size in (3, 2, 1):
        s = first - size
        if s < floor:
            continue
        words = tuple(t.low[s:first])
        qual = _QUALIFIER_PHRASES.get(words)
        if qual is None:
            continue
        # a qualifier's words follow each other on one line; "~50" may be glued
        if any(t.gap[k] == 2 for k in range(s + 1, first + 1)):
            continue
        if t.gap[first] == 0 and words[-1] not in ("~", ">", "<"):
            continue
        return qual, s
    return None


def _casualty_after(t: _Tokens, k: int) -> tuple[str, int, int] | None:
    """(kind, first token, token after) of a casualty verb phrase at or a few auxiliaries after ``k``."""
    skipped = 0
    while k < t.n and t.gap[k] == 1 and t.low[k] in _AUX and skipped < _AUX_SKIP:
        k += 1
        skipped += 1
    if k >= t.n or t.gap[k] != 1 or t.kind[k] != "w":
        return None
    w = t.low[k]
    start = k
    if w in _FATAL_WORDS or w in _WOUND_WORDS:
        kind = "fatalities" if w in _FATAL_WORDS else "wounded"
        # "killed or wounded", "dead and injured"
        if t.spaced(k + 1) and t.low[k + 1] in ("or", "and") and t.spaced(k + 2) \
                and (t.low[k + 2] in _FATAL_WORDS or t.low[k + 2] in _WOUND_WORDS) \
                and (t.low[k + 2] in _FATAL_WORDS) != (w in _FATAL_WORDS):
            return "casualties", start, k + 3
        return kind, start, k + 1
    if w == "lost" and t.spaced(k + 1) and t.low[k + 1] == "their" and t.spaced(k + 2) \
            and t.low[k + 2] in ("lives", "life"):
        return "fatalities", start, k + 3
    if w in _CAPTURE_WORDS:
        return "captured", start, k + 1
    if w == "taken" and t.spaced(k + 1) and t.low[k + 1] in ("prisoner", "captive", "hostage", "prisoners"):
        return "captured", start, k + 2
    if w in _DISPLACE_WORDS:
        return "displaced", start, k + 1
    if w == "forced" and t.spaced(k + 1) and t.low[k + 1] == "to" and t.spaced(k + 2) and t.low[k + 2] == "flee":
        return "displaced", start, k + 3
    return None


# "the number of dead has risen to ...": a running total of that kind
_NUMBER_OF = {**dict.fromkeys("dead killed deaths fatalities".split(), "fatalities"),
              **dict.fromkeys("injured wounded injuries".split(), "wounded"),
              **dict.fromkeys("casualties".split(), "casualties")}


def _casualty_before(t: _Tokens, start: int, floor: int) -> tuple[str, bool] | None:
    """(casualty kind, is a toll) implied by the words right before the figure ("killing ...",
    "death toll rose to ...", "the number of injured rose to ...")."""
    b = start - 1
    if b < floor or t.gap[start] != 1:
        return None
    w = t.low[b]
    if w in _PRE_VERBS:
        return _PRE_VERBS[w], False
    if w == "of" and b - 1 >= floor and t.gap[b] == 1 and t.low[b - 1] in _OF_NOUNS:
        return _OF_NOUNS[t.low[b - 1]], False
    # "the death toll rose to ...", "the toll climbed to at least ..."
    for k in range(b, max(floor, b - 10) - 1, -1):
        if t.kind[k] == "p" and t.tok[k] in ".!?;:" or t.gap[k + 1] == 2:
            break
        if t.low[k] == "toll":
            return ("casualties" if k > 0 and t.low[k - 1] in ("casualty", "casualties") else "fatalities"), True
        if t.low[k] == "number" and t.low_at(k + 1) == "of" and t.low_at(k + 2) in _NUMBER_OF and k + 2 < b:
            return _NUMBER_OF[t.low[k + 2]], True
    return None


def _parenthetical_casualty(t: _Tokens, k: int) -> tuple[str, int, int] | None:
    """The casualty verb after a parenthetical sub-count at ``k``: ", including 3 children, were killed"."""
    if k + 1 >= t.n or t.tok[k] != "," or t.gap[k] != 0 or _CUES.subset_at(t, k + 1) == 0:
        return None
    for j in range(k + 2, min(t.n, k + 16)):
        if t.tok[j] in ".;!?:" or t.gap[j] == 2:
            return None
        if t.tok[j] == ",":
            return _casualty_after(t, j + 1)
    return None


def _excluded_before(t: _Tokens, i: int, value: int) -> bool:
    """Designators, money, dates and times told by the token before the number."""
    if i == 0:
        return False
    p = i - 1
    prev = t.tok[p]
    low = t.low[p]
    if t.gap[i] == 0:
        if t.kind[p] == "w":
            return True  # "F16", "A330"
        if prev in ("-", "‐", "/", ":", "#", "№", "+") or low in _CURRENCY_BEFORE:
            return True  # "Su-34", "18/01", "14:30", "#3", "$5"
        if prev == "." and p > 0 and t.gap[p] == 0 and t.kind[p - 1] == "d":
            return True
        return False
    if t.gap[i] == 2:
        return False
    if low in _CURRENCY_BEFORE:
        return True
    if low == "no":
        return prev == "No"  # "No 5"
    if t.kind[p] == "w" and low in _DESIGNATORS:
        return True  # "Brigade 155", "Flight 17"
    if prev == "." and p > 0 and t.gap[p] == 0 and t.low[p - 1] in ("no", "nos"):
        return True  # "No. 5"
    if prev in _MONTHS and value <= 31:
        return True  # "January 18"
    if prev == "." and p > 0 and t.gap[p] == 0 and t.tok[p - 1] in _MONTHS:
        return True  # "Jan. 18"
    return False


def _excluded_after(t: _Tokens, k: int, value: int) -> bool:
    """Ordinals, measures, shares, dates and times told by the tokens after the quantity (``k`` is next)."""
    if k >= t.n:
        return False
    w = t.low[k]
    if t.gap[k] == 0:
        if t.kind[k] == "w":
            return True  # "3rd", "2000km", "1990s", "5am"
        if t.tok[k] in ("%", "°", "‰"):
            return True
        if t.tok[k] in (":", "/", ".", "-", "‐", "×") and k + 1 < t.n and t.gap[k + 1] == 0 \
                and t.kind[k + 1] in ("d", "w"):
            if t.tok[k] in ("-", "‐") and t.low[k + 1] in ("strong", "plus"):
                return False
            return True  # "14:30", "18/01", "2024-01", "10-year-old", "5.56x45"
        return False
    if t.gap[k] == 2:
        return False
    if w in _NONCOUNT and not (k + 1 < t.n and t.gap[k + 1] == 0 and t.tok[k + 1] in ("-", "‐")):
        return True  # "30 km", not "5 T-72 tanks"
    if t.tok[k] in ("%", "°"):
        return True
    if t.tok[k] in _MONTHS and value <= 31:
        return True  # "18 January"
    if t.tok[k] in _UNIT_NAMES:
        return True  # "155 Brigade"
    if w in ("a", "p") and k + 2 < t.n and t.tok[k + 1] == "." and t.low[k + 2] == "m":
        return True  # "5 a.m."
    return False


# ---------------------------------------------------------------- noun phrase


@dataclass(slots=True)
class _Phrase:
    head: int = -1  # token of the counted noun, -1 when none
    unit: str = ""
    unit_kind: str = "other"
    person: bool = False
    modifier_kind: str | None = None  # "200 wounded soldiers"
    sides: tuple[str, ...] = ()
    end: int = -1  # last token of the phrase (head or "from X")
    skipped: int = 0  # tokens of an age compound skipped before the head ("a 69-year-old woman")


def _noun_phrase(t: _Tokens, text: str, k: int) -> _Phrase:
    """The noun counted by a quantity ending before token ``k``, with the sides named before it."""
    ph = _Phrase()
    words: list[int] = []
    j = k
    while j < t.n and len(words) < _NP_WORDS:
        if t.gap[j] == 2 or (j == k and t.gap[j] != 1):
            break
        tok, w = t.tok[j], t.low[j]
        age = _age_compound(t, j)
        if age:
            j += age  # "a 69-year-old woman": the age describes the person, it does not count them
            ph.skipped += age
            continue
        if t.gap[j] == 0 and t.tok[j - 1] in ("-", "‐") and words and words[-1] == j - 2 and t.kind[j] != "p":
            words.append(j)  # the rest of a compound: "Iranian-made", "Iskander-M", "F-16"
            j += 1
            continue
        if t.kind[j] == "w" and j + 2 < t.n and t.tok[j + 1] in ("-", "‐") and t.gap[j + 1] == 0 \
                and t.gap[j + 2] == 0 and t.kind[j + 2] != "p" and (j == k or t.gap[j] == 1) \
                and w not in _UNITS and w not in _STOP:
            words.append(j)  # the start of a compound: "F-16", "Su-34", "Iranian-made"
            j += 1
            continue
        if t.kind[j] == "w":
            if j > k and t.gap[j] == 0:
                break
            if w in _UNITS and not (w == "others" and words):
                words.append(j)
                ph.head = j
                # "special forces soldiers", "artillery shells": the last of a run of units is the head
                while t.spaced(j + 1) and t.low[j + 1] in _UNITS and t.low[j + 1] != "others":
                    j += 1
                    words.append(j)
                    ph.head = j
                break
            if j == k and w in ("more", "other", "additional", "further", "new"):
                j += 1  # "three more people"
                continue
            if w in _MODIFIERS:
                if _np_word(t, j + 1):
                    ph.modifier_kind = _modifier_kind(w)
                    words.append(j)
                    j += 1
                    continue
                break
            if w in ("and", "or", "&") and words and _np_word(t, j + 1):
                j += 1  # "ballistic and cruise missiles", "Russian and North Korean troops"
                continue
            if w in _STOP or w in _CASUALTY_WORDS or w in _NONCOUNT or w in _SMALL or w in _TENS \
                    or w in _SCALES or w in _VAGUE_WORDS:
                break
            words.append(j)
        elif tok in ("-", "‐") and t.gap[j] == 0 and j + 1 < t.n and t.gap[j + 1] == 0 and t.kind[j + 1] != "p" \
                and words and words[-1] == j - 1:
            pass  # "Iranian-made"
        elif tok in (",", "&") and words and _np_word(t, j + 1) and t.tok[j + 1][0].isupper():
            pass  # "Russian, Iranian and North Korean"
        else:
            break
        j += 1
    if ph.head < 0 and words:
        last = words[-1]
        tok = t.tok[last]
        if t.low[last] in _STOP or t.low[last] in ("and", "or"):
            pass
        elif tok[0].isupper() and not tok.isupper() and len(tok) > 4 and _plural_like(tok) \
                and tok not in _WEAPON_NAMES:
            ph.head = last  # "12 Palestinians"
        elif tok.islower() and _plural_like(tok) and t.low[last] not in _MODIFIERS:
            ph.head = last  # "150 homes", unknown nouns
    if ph.head < 0:
        ph.modifier_kind = None
        return ph
    w = t.low[ph.head]
    if w in _UNITS:
        ph.unit, ph.unit_kind, ph.person = _UNITS[w]
    else:
        ph.unit = _lemma(w)
        ph.person = t.tok[ph.head][0].isupper()
    ph.end = ph.head
    ph.sides = _sides(t, text, k, ph.head)
    if t.tok[ph.head][0].isupper() and ph.unit not in _UNITS and w not in _UNITS:
        ph.sides = (*ph.sides, t.tok[ph.head])
    # "11,000 soldiers from North Korea"
    f = ph.head + 1
    if t.spaced(f) and t.low[f] == "from" and f + 1 < t.n:
        g = f + 1
        if t.spaced(g) and t.low[g] == "the":
            g += 1
        run_end = g
        while run_end < t.n and t.spaced(run_end) and t.kind[run_end] == "w" and t.tok[run_end][0].isupper() \
                and run_end - g < 4:
            run_end += 1
        if run_end > g:
            ph.sides = (*ph.sides, text[t.start[g] : t.end[run_end - 1]])
            ph.end = run_end - 1
    return ph


_AGE_UNITS = frozenset("year years month months week weeks day days".split())


def _age_compound(t: _Tokens, j: int) -> int:
    """Tokens of an age compound at ``j`` ("69-year-old", "7-month-old"), else 0."""
    if t.kind[j] != "d" or j + 4 >= t.n or t.low[j + 4] != "old" or t.low[j + 2] not in _AGE_UNITS:
        return 0
    if t.tok[j + 1] not in ("-", "‐") or t.tok[j + 3] not in ("-", "‐"):
        return 0
    return 5 if t.gap[j + 1] == t.gap[j + 2] == t.gap[j + 3] == t.gap[j + 4] == 0 else 0


def _np_word(t: _Tokens, j: int) -> bool:
    """Token ``j`` is a word that can go on a noun phrase."""
    if not t.spaced(j) or t.kind[j] != "w":
        return False
    w = t.low[j]
    return not (w in _STOP or w in _CASUALTY_WORDS or w in _NONCOUNT or w in _SMALL or w in _TENS
                or w in _SCALES or w in _VAGUE_WORDS)


def _modifier_kind(w: str) -> str:
    if w in _FATAL_WORDS:
        return "fatalities"
    if w in _WOUND_WORDS:
        return "wounded"
    if w in _CAPTURE_WORDS:
        return "captured"
    return "displaced"


def _sides(t: _Tokens, text: str, k: int, head: int) -> tuple[str, ...]:
    """Capitalised runs between the quantity and the head: ("Russian", "North Korean").

    Hyphenated compounds count whole: "Russian-Belarusian" is a side, "Iranian-made",
    "Iskander-M" and "Su-34" are not.
    """
    out: list[str] = []
    run_start = run_end = -1
    j = k
    while j < head:
        e = j  # last token of the compound starting at j
        while e + 2 < head and t.tok[e + 1] in ("-", "‐") and t.gap[e + 1] == 0 and t.gap[e + 2] == 0 \
                and t.kind[e + 2] != "p":
            e += 2
        parts = range(j, e + 1, 2)
        cap = all(t.kind[p] == "w" and t.tok[p][0].isupper() and t.tok[p] not in _WEAPON_NAMES for p in parts)
        if cap and run_start >= 0 and t.gap[j] == 1:
            run_end = e
        else:
            if run_start >= 0:
                out.append(text[t.start[run_start] : t.end[run_end]])
            run_start, run_end = (j, e) if cap else (-1, -1)
        j = e + 1
    if run_start >= 0:
        out.append(text[t.start[run_start] : t.end[run_end]])
    return tuple(out)


# ---------------------------------------------------------------- assembly

_CASUALTY_KINDS = frozenset(("fatalities", "wounded", "casualties", "captured", "displaced"))


def _figure_at(t: _Tokens, text: str, i: int, floor: int) -> tuple[Figure, int, int] | None:
    """The figure whose quantity starts at token ``i``, its first token and the token after it, or None."""
    q = _quantity(t, i)
    if q is None:
        return None
    if t.kind[i] == "d" and _excluded_before(t, i, q.low):
        return None
    qual_before = _qualifier_before(t, i, floor) if not q.zero else None
    if t.kind[i] in ("d", "w") and not q.article and not q.zero and q.qualifier is None:
        between = i - 1 >= floor and t.low[i - 1] == "between" and t.gap[i] == 1
        _range_tail(t, q, between)
        if q.qualifier == "range" and between:
            qual_before = ("range", i - 1)
    if q.year_like and q.qualifier == "range":
        return None
    # tails: "11,000+", "50 or more", "30 or so", "50,000-strong"
    stop = q.stop
    tail_qual = None
    strong = False
    if q.qualifier is None and not q.article and not q.zero and stop < t.n:
        if t.tok[stop] == "+" and t.gap[stop] == 0:
            tail_qual, stop = "more than", stop + 1
        elif t.low[stop] == "or" and t.spaced(stop) and t.spaced(stop + 1) and t.low[stop + 1] in ("more", "so"):
            tail_qual, stop = ("at least" if t.low[stop + 1] == "more" else "about"), stop + 2
        elif t.tok[stop] in ("-", "‐") and t.gap[stop] == 0 and stop + 1 < t.n and t.gap[stop + 1] == 0 \
                and t.low[stop + 1] in ("strong", "plus"):
            strong = t.low[stop + 1] == "strong"
            tail_qual = "more than" if not strong else None
            stop += 2
    if stop == q.stop and _excluded_after(t, stop, q.low):
        return None  # "3rd", "20%", "2,000 km", "18 January", "three-day", "a few days"
    ph = _noun_phrase(t, text, stop)
    if ph.head >= 0 and (ph.unit in _NONCOUNT or t.low[ph.head] in _NONCOUNT):
        return None
    if q.article and not (ph.person and ph.head >= 0 and t.low[ph.head] == ph.unit
                          and ph.head - ph.skipped <= i + 4):
        return None  # "a" stands as a figure only before a person it counts (the full test is below)
    if q.year_like and (ph.head < 0 or (i - 1 >= floor and t.low[i - 1] in _YEAR_PREPS and t.gap[i] == 1)):
        return None
    # the figure's extent so far
    first = qual_before[1] if qual_before else i
    last = max(stop - 1, ph.end)
    after = _casualty_after(t, last + 1)
    noun_word = ph.head < 0 and after is not None and after[1] == last + 1 and t.low[after[1]] in _NOUN_LIKE
    if after is None and ph.person:
        after = _parenthetical_casualty(t, last + 1)  # "11 people, including 3 children, were killed"
    toll = _casualty_before(t, first, floor)
    before = toll[0] if toll else None
    # kind
    counts_people = ph.person or ph.head < 0
    if ph.unit_kind in _CASUALTY_KINDS:
        kind = ph.unit_kind
    elif ph.modifier_kind and ph.person:
        kind = ph.modifier_kind
    elif counts_people and after is not None and not (after[0] == "displaced" and ph.unit_kind == "troops"):
        kind = after[0]  # troops that flee retreat, they are not displaced
    elif counts_people and before is not None:
        kind = before
    elif strong:
        kind = "troops"
    else:
        kind = ph.unit_kind
    # which quantities stand as figures
    if q.article and not (ph.person and ph.head >= 0 and t.low[ph.head] == ph.unit and kind in _CASUALTY_KINDS
                          and ph.head - ph.skipped <= i + 4):
        return None
    if q.zero:
        if kind not in _CASUALTY_KINDS:
            return None
        if ph.unit_kind == "casualties":
            kind = "fatalities"  # "no casualties": nobody killed
    if q.qualifier == "vague" and ph.head < 0 and kind not in _CASUALTY_KINDS:
        return None
    qualifier = q.qualifier or tail_qual or (qual_before[0] if qual_before else None) or "exact"
    if ph.head < 0 and qualifier == "exact" and kind == "other" and not strong:
        return None  # a bare number
    if noun_word and after is not None:  # (a noun word implies ``after``)
        last = after[2] - 1  # "12 dead", "600,000 dead or wounded"
    low, high = _bounds(qualifier, q.low, q.high)
    start, end = t.start[first], t.end[last]
    is_total = toll is not None and toll[1] and kind == toll[0]
    fig = Figure(start, end, text[start:end], low, high, qualifier, ph.unit, kind, ph.sides, is_total)
    return fig, first, last + 1


def _bounds(qualifier: str, low: int, high: int) -> tuple[int | None, int | None]:
    if qualifier in ("at least", "more than", "vague"):
        return low, None
    if qualifier in ("up to", "fewer than"):
        return None, high
    return low, high


def find_figures(text: str) -> list[Figure]:
    """Numeric figures in ``text``, in text order.

    >>> [(f.low, f.high, f.qualifier, f.kind) for f in find_figures("between 10,000 and 12,000 troops")]
    [(10000, 12000, 'range', 'troops')]
    >>> [(f.text, f.low, f.high, f.unit) for f in find_figures("Thousands of troops and up to 85 drones")]
    [('Thousands of troops', 2000, None, 'troop'), ('up to 85 drones', None, 85, 'drone')]
    >>> [(f.text, f.kind) for f in find_figures("A soldier was killed; no casualties were reported.")]
    [('A soldier', 'fatalities'), ('no casualties', 'fatalities')]
    >>> find_figures("In 2022, 20% of $1.5 billion went 30 km to the 47th Brigade's Su-34 jets on 18 January.")
    []
    """
    t = _Tokens(text)
    out: list[Figure] = []
    floor = 0
    i = 0  # the next token a figure may start at
    # only a number or a quantity word can start a figure (see _quantity): try just those tokens
    for k in _quantity_starts(t):
        if k < i:
            continue
        got = _figure_at(t, text, k, floor)
        if got is None:
            continue
        fig, first, stop = got
        out.append(_in_context(t, fig, first, stop, out[-1] if out else None, i))
        floor = i = stop
    return out


def _in_context(t: _Tokens, fig: Figure, first: int, stop: int, prev: Figure | None, prev_stop: int) -> Figure:
    """``fig`` with what the words around it say: part of the figure before it, or a cumulative toll."""
    if prev is not None and _CUES.subset_before(t, first) and not _boundary(t, prev_stop, first):
        kind = fig.kind
        if kind == "other" and prev.kind in _CASUALTY_KINDS and _counts_people(fig):
            kind = prev.kind  # "11 people, including 3 children, were killed"
        fig = replace(fig, kind=kind, included=True)
    if fig.kind in ("fatalities", "wounded", "casualties") and _CUES.cumulative_near(t, first, stop):
        fig = replace(fig, scope="cumulative")
    return fig


def _counts_people(fig: Figure) -> bool:
    if not fig.unit:
        return True
    entry = _UNITS.get(fig.unit)
    return entry[2] if entry else bool(fig.sides) and fig.sides[-1].lower().startswith(fig.unit)


def _boundary(t: _Tokens, a: int, b: int) -> bool:
    """A sentence or clause end between tokens ``a`` and ``b`` (or they are far apart)."""
    if b - a > 20:
        return True
    return any(t.tok[k] in ".;!?" or t.gap[k] == 2 for k in range(a, b))


# ---------------------------------------------------------------- cue phrases

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "casualty_cues.csv"
_CUE_HEADER = ["cue", "class", "note"]
_CUE_CLASSES = ("cumulative", "subset")
_CUE_WINDOW = 25  # tokens either side of a figure searched for a cumulative cue
_YEAR_WORD, _ANY_WORD = "<year>", "*"
_SUPERLATIVES = frozenset("worst first most largest biggest deadliest heaviest highest".split())


def load_cues(path: str | Path = CUES_PATH) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases by class, as tuples of lower-case tokens, from a CSV like ``data/casualty_cues.csv``.

    >>> cues = load_cues()
    >>> ("across", "the", "country") in cues["cumulative"], ("including",) in cues["subset"]
    (True, True)

    Raises :class:`~geoevents.errors.InputError` naming the file and line of a bad row.
    """
    out: dict[str, list[tuple[str, ...]]] = {c: [] for c in _CUE_CLASSES}
    seen: set[tuple[str, ...]] = set()
    for row in table_rows(path, _CUE_HEADER, "the casualty cues"):
        where = row.where
        cue, cls, _note = row.fields
        words = tuple(w if w in (_YEAR_WORD, _ANY_WORD) else w.lower() for w in
                      (m.group() for m in re.finditer(r"<year>|[^\W\d_]+|[0-9]+|\S", cue)))
        if cls not in out:
            raise InputError(f"{where}: class {cls!r}, expected one of {list(_CUE_CLASSES)}")
        if not words or cue != cue.strip() or words[0] in (_YEAR_WORD, _ANY_WORD) or len(words) > 8:
            raise InputError(f"{where}: cue {cue!r} is not 1-8 words starting with a word")
        if words in seen:
            raise InputError(f"{where}: cue {cue!r} appears twice")
        seen.add(words)
        out[cls].append(words)
    return {c: tuple(v) for c, v in out.items()}


class _CueIndex:
    """Cue phrases indexed by their first word, matched on tokens."""

    def __init__(self, cues: dict[str, tuple[tuple[str, ...], ...]]) -> None:
        self.by_first: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        for cls, phrases in cues.items():
            index: dict[str, list[tuple[str, ...]]] = {}
            for words in phrases:
                index.setdefault(words[0], []).append(words)
            self.by_first[cls] = index
        self.subset_lengths = sorted({len(w) for w in cues.get("subset", ())}, reverse=True)

    def match(self, t: _Tokens, p: int, cls: str) -> int:
        """Tokens of the longest ``cls`` cue starting at token ``p``, else 0."""
        best = 0
        for words in self.by_first[cls].get(t.low_at(p), ()):
            if len(words) > best and all(_cue_word(t, p + n, w) for n, w in enumerate(words)):
                best = len(words)
        return best

    def subset_at(self, t: _Tokens, p: int) -> int:
        return self.match(t, p, "subset")

    def subset_before(self, t: _Tokens, first: int) -> bool:
        """A subset cue ("including", "among them") ends right before token ``first``."""
        return any(first - n >= 0 and self.match(t, first - n, "subset") == n for n in self.subset_lengths)

    def cumulative_near(self, t: _Tokens, first: int, stop: int) -> bool:
        """A cumulative cue in the sentence around tokens ``first`` to ``stop``, within a bounded window."""
        lo = first
        while lo > 0 and first - lo < _CUE_WINDOW and t.tok[lo - 1] not in ".;!?" and t.gap[lo] != 2:
            lo -= 1
        hi = stop
        while hi < t.n and hi - stop < _CUE_WINDOW and t.tok[hi] not in ".;!?" and t.gap[hi] != 2:
            hi += 1
        index = self.by_first["cumulative"]
        for p in (*range(lo, first), *range(stop, hi)):
            if t.low[p] in index and self.match(t, p, "cumulative") and not _after_superlative(t, p):
                return True
        return False


def _cue_word(t: _Tokens, p: int, w: str) -> bool:
    if p >= t.n:
        return False
    if w == _YEAR_WORD:
        return t.kind[p] == "d" and len(t.tok[p]) == 4 and t.tok[p].isdigit() and 1900 <= int(t.tok[p]) <= 2100
    if w == _ANY_WORD:
        return t.kind[p] == "w"
    return t.low[p] == w


def _after_superlative(t: _Tokens, p: int) -> bool:
    """ "the deadliest attack since the start of the war" dates a comparison, it is not a cumulative toll."""
    return any(t.low[k] in _SUPERLATIVES or (t.low[k].endswith("iest") and len(t.low[k]) > 5)
               for k in range(max(0, p - 4), p))


_CUES = _CueIndex(load_cues())


# the words _quantity can start at, besides numbers
_QUANTITY_WORDS = frozenset((*_SMALL, *_TENS, *_VAGUE_WORDS, "a", "an", "several", "tens", "nobody", "none", "no",
                            "without"))


def _quantity_starts(t: _Tokens) -> list[int]:
    """Indices of the tokens a quantity can start at: digit runs and quantity words."""
    words = _QUANTITY_WORDS
    return [k for k, (kind, low) in enumerate(zip(t.kind, t.low)) if kind == "d" or (kind == "w" and low in words)]


@dataclass(frozen=True, slots=True)
class CasualtyReading:
    """What one clause's (or sentence's) figures say about deaths and injuries.

    ``fatalities`` / ``wounded``
        the count (sum of the figures of that kind, or the last toll when one
        is given), 0 when the text says nobody was killed / hurt, None when it
        says nothing or gives no exact number.  ``fatalities`` is also 0 when
        the text reports only injuries (``fatalities_implied``).
    ``fatalities_qualifier`` / ``wounded_qualifier``
        the qualifier of the figure the count came from ("at least", "up to",
        ...; "exact" for a sum), "vague" when only words like "dozens" were
        given, "" when there is no figure.
    ``fatalities_vague`` / ``wounded_vague``
        deaths / injuries were reported without an exact number ("dozens of
        people have died", "scores were killed"): the count is None.
    ``fatalities_implied``
        ``fatalities`` is 0 only because the text reports injuries and no
        deaths; a weaker zero than "no one was killed", which a stated death
        count elsewhere about the same happening should win over.
    ``is_total``
        a count came from a toll ("the death toll rose to 40"): it replaces
        earlier counts of the happening instead of adding to them.
    ``cumulative``
        cumulative figures (a war's or a country's toll) were present and left out.
    """

    fatalities: int | None = None
    wounded: int | None = None
    fatalities_qualifier: str = ""
    wounded_qualifier: str = ""
    fatalities_vague: bool = False
    wounded_vague: bool = False
    fatalities_implied: bool = False
    is_total: bool = False
    cumulative: bool = False


def _count(figs: list[Figure]) -> tuple[int | None, str, bool]:
    """(count, qualifier, from a toll) of exact figures of one kind: the last toll, else the sum."""
    if not figs:
        return None, "", False
    tolls = [f for f in figs if f.is_total]
    if tolls:
        f = tolls[-1]
        return (f.low if f.low is not None else f.high or 0), f.qualifier, True
    total = sum((f.low if f.low is not None else f.high) or 0 for f in figs)
    return total, figs[0].qualifier if len(figs) == 1 else "exact", False


def read_casualties(figures: Iterable[Figure]) -> CasualtyReading:
    """The deaths and injuries that ``figures`` (of one clause or sentence) report.

    Each figure counts with its lower bound, or its upper bound when it has no
    lower one ("up to 40 killed" counts 40).  Left out: "casualties" figures
    (killed and wounded together), vague figures ("dozens"), figures that are
    part of another ("including 3 children") and cumulative tolls.

    >>> r = read_casualties(find_figures("Three people were injured in the strike."))
    >>> r.fatalities, r.wounded, r.fatalities_implied
    (0, 3, True)
    >>> r = read_casualties(find_figures("Dozens of people have died."))
    >>> r.fatalities, r.fatalities_vague, r.fatalities_qualifier
    (None, True, 'vague')
    >>> r = read_casualties(find_figures("The death toll rose to 40."))
    >>> r.fatalities, r.is_total
    (40, True)
    """
    exact: dict[str, list[Figure]] = {"fatalities": [], "wounded": []}
    vague = {"fatalities": False, "wounded": False}
    cumulative: set[str] = set()
    no_casualties = combined = False
    for f in figures:
        if f.kind == "casualties":
            combined = True
            continue
        if f.kind not in exact or f.included:
            continue
        if f.scope == "cumulative":
            cumulative.add(f.kind)
        elif f.qualifier == "vague":
            vague[f.kind] = True
        else:
            exact[f.kind].append(f)
            if f.low == 0 and f.high == 0 and f.unit == "casualty":
                no_casualties = True  # "no casualties": nobody killed and nobody hurt
    fatalities, f_qual, f_total = _count(exact["fatalities"])
    wounded, w_qual, w_total = _count(exact["wounded"])
    if wounded is None and no_casualties:
        wounded, w_qual = 0, "exact"
    implied = False
    if fatalities is None and not vague["fatalities"] and not combined and "fatalities" not in cumulative \
            and (wounded is not None or vague["wounded"]):
        fatalities, f_qual, implied = 0, "exact", True  # only injuries are reported
    return CasualtyReading(
        fatalities, wounded,
        f_qual or ("vague" if vague["fatalities"] else ""), w_qual or ("vague" if vague["wounded"] else ""),
        vague["fatalities"] and fatalities is None, vague["wounded"] and wounded is None,
        implied, f_total or w_total, bool(cumulative),
    )


def casualty_totals(figures: Iterable[Figure]) -> tuple[int | None, int | None]:
    """(fatalities, wounded) of :func:`read_casualties`: a count, 0, or None when not stated exactly.

    Fatalities are 0 when only injuries are reported (see ``fatalities_implied``
    on :class:`CasualtyReading`) or the text says there were no casualties.

    >>> casualty_totals(find_figures("Two soldiers were killed and at least 5 civilians injured; 3 more died."))
    (5, 5)
    >>> casualty_totals(find_figures("Three people were injured."))
    (0, 3)
    >>> casualty_totals(find_figures("11,000 troops"))
    (None, None)
    """
    r = read_casualties(figures)
    return r.fatalities, r.wounded
