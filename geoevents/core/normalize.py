"""Name normalisation shared by the gazetteer build and every lookup.

Two keys are derived from a place name:

* :func:`name_key` folds case, diacritics, apostrophes and punctuation, so
  "Kup'yans'k", "KUPYANSK" and "Kúpyansk" give the same key.
* :func:`skeleton` additionally folds common transliteration differences
  (y/j/i, g/h, kh/h, w/v, doubled letters), so "Kupiansk" meets "Kupyansk"
  and "Vugledar" meets "Vuhledar".  It is only a fallback: exact keys win.

>>> name_key("Kup'yans'k")
'kupyansk'
>>> name_key("  Ivano-Frankivs’k ")
'ivano frankivsk'
>>> name_key("U.S."), name_key("St. Petersburg")
('us', 'st petersburg')
>>> name_key("Курськ") == name_key("КУРСЬК")
True
>>> skeleton(name_key("Zaporizhzhya")) == skeleton(name_key("Zaporizhzhia"))
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from zlib import adler32, crc32

__all__ = ["name_key", "key_hash", "skeleton", "QUALIFIER_WORDS", "split_qualifier"]

# Letters that NFKD does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans(
    {
        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th",
        "ß": "ss", "ħ": "h", "ŧ": "t",
    }
)
# Apostrophe-like characters vanish ("Kup'yans'k" -> "kupyansk"); soft and
# hard signs are transliteration noise in Cyrillic names, so they go too.
_DROP = dict.fromkeys(map(ord, "'’‘ʼʹʻ`´\"″ʺ"), None)
_SPACE_RE = re.compile(r"[\s\-‐‑‒–—―_/.,;:()\[\]]+")
_PLAIN_RE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
_INITIALS_RE = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]\.){2,})")  # "U.S." -> "US", "D.C." -> "DC"
_SKELETON_RULES = (
    (re.compile(r"kh"), "h"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"g"), "h"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
)


def _fold_table() -> dict[int, str]:
    """Latin letters with marks -> their base letters, precomputed for the fast path."""
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch.translate(_SPECIAL)) if not unicodedata.combining(c))
        if base != ch and base.isascii():
            table[cp] = base
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Fold a place name into its lookup key (case, marks, apostrophes, dashes)."""
    if _PLAIN_RE.fullmatch(name):  # plain ASCII words and single spaces: nothing to fold but case
        return name.lower()
    if "." in name:
        name = _INITIALS_RE.sub(lambda m: m.group(1).replace(".", ""), name)
    if not name.isascii():
        folded = name.translate(_FOLD)
        if folded.isascii():  # accented Latin: same result as the full path below, faster
            name = folded
    if name.isascii():  # the common case: no marks to strip
        return _SPACE_RE.sub(" ", name.lower().translate(_DROP)).strip()
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_DROP)
    return _SPACE_RE.sub(" ", text).strip()


def key_hash(key: str) -> int:
    """Stable signed 64-bit hash of a normalised key (the gazetteer's index is sorted by it).

    CRC-32 in the high half and Adler-32 in the low half: two independent
    checksums that zlib computes in C, several times faster than a
    cryptographic digest.  The gazetteer build checks that no two of its
    names share a hash.

    >>> key_hash("kursk") == key_hash("kursk"), key_hash("kursk") != key_hash("kursks")
    (True, True)
    """
    data = key.encode("utf-8")
    h = (crc32(data) << 32) | adler32(data)
    return h - (1 << 64) if h >= 1 << 63 else h


def skeleton(key: str) -> str:
    """Fold transliteration variants of an already normalised key."""
    for pattern, repl in _SKELETON_RULES:
        key = pattern.sub(repl, key)
    return key


# Words that turn a name into an administrative area: "Kursk region",
# "Donetsk oblast", "Kherson province", "Pokrovsk district".
QUALIFIER_WORDS: dict[str, str] = {
    "region": "admin1", "oblast": "admin1", "province": "admin1",
    "governorate": "admin1", "krai": "admin1", "kray": "admin1", "state": "admin1",
    "republic": "admin1", "prefecture": "admin1", "voivodeship": "admin1",
    "okrug": "admin1", "canton": "admin1", "emirate": "admin1", "territory": "admin1",
    "oblasti": "admin1", "oblasts": "admin1",
    "district": "admin2", "raion": "admin2", "rayon": "admin2", "county": "admin2",
    "municipality": "admin2", "hromada": "admin2",
}
_QUALIFIER_RE = re.compile(
    r"^(?:the\s+)?(?P<name>.+?)\s+(?P<word>" + "|".join(sorted(map(re.escape, QUALIFIER_WORDS), key=len, reverse=True)) + r")$"
)


def split_qualifier(key: str) -> tuple[str, str | None]:
    """Split a trailing area word off a normalised key.

    >>> split_qualifier("kursk region")
    ('kursk', 'admin1')
    >>> split_qualifier("the amur region")
    ('amur', 'admin1')
    >>> split_qualifier("kursk")
    ('kursk', None)
    """
    last = key.rpartition(" ")[2]
    match = _QUALIFIER_RE.match(key) if last in QUALIFIER_WORDS else None
    if not match:
        if key.startswith("the "):
            return key[4:], None
        return key, None
    return match.group("name"), QUALIFIER_WORDS[match.group("word")]
