"""Romanised names and spelling variants for Ukrainian and Russian place names.

The gazetteer build (``gazetteer/settlements.py``) names every KATOTTG
settlement by :func:`ukrainian_official` and indexes the spellings English
news and conflict datasets use for the same village as *generated* aliases
(:func:`ukrainian_variants`), which rank below real names.  The rules:

1. **Official** (Cabinet of Ministers of Ukraine resolution No. 55 of
   27 January 2010): є ї й ю я are ye yi y yu ya at the start of a word and
   ie i i iu ia elsewhere; г is h, ґ g, х kh, ц ts, щ shch, зг zgh; ь and
   the apostrophe are dropped.
2. **BGN/PCGN-like** (older maps, the US and UK boards, much of the press):
   є ї й ю я are ye yi y yu ya everywhere (Vodyane, Staromayorske,
   Klishchiyivka).
3. **Loose и**: и written i, as many reports do (Tsukurine, Krinki).
4. **Russian forms** of Ukrainian names: the regular endings -ське/-цьке ->
   -skoye/-tskoye, -івка/-ївка -> -ovka/-yevka, -ине -> -ino, other -не ->
   -noye, і -> i, г -> g, then BGN/PCGN Russian (Vodyanoye, Staromayorskoye,
   Novozvanovka, Tsukurino).

Soft signs, apostrophes, hyphens and spaces need no variants: the lookup
key (:func:`geoevents.core.normalize.name_key`) already folds them, so
"Posad-Pokrovske" and "Posad Pokrovske" are one key.

>>> ukrainian_official("Старомайорське"), ukrainian_official("Ямполівка"), ukrainian_official("Згурівка")
('Staromaiorske', 'Yampolivka', 'Zghurivka')
>>> sorted(ukrainian_variants("Водяне"))
['Vodiane', 'Vodyane', 'Vodyanoye']
>>> russian_bgn("Курская"), russian_bgn("Белгород"), russian_bgn("Щёкино")
('Kurskaya', 'Belgorod', 'Shchekino')
"""

from __future__ import annotations

import re

__all__ = ["ukrainian_official", "ukrainian_bgn", "russian_bgn", "russian_form", "ukrainian_variants",
           "russian_variants", "is_cyrillic"]

_APOSTROPHES = "'’ʼ`‘"
_UK_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "y",
    "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
    # letters of Russian spellings that slip into Ukrainian lists
    "ы": "y", "э": "e", "ё": "e",
}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_MEDIAL = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian letters in a Russian-form spelling
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
_RU_VOWELS = set("аеёиоуыэюяіїє")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[" + _APOSTROPHES + r"][^\W\d_]+)*")


def is_cyrillic(text: str) -> bool:
    """Whether ``text`` has a Cyrillic letter.

    >>> is_cyrillic("Кринки"), is_cyrillic("Krynky")
    (True, False)
    """
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _case(out: str, src: str) -> str:
    if not out:
        return out
    if src.isupper() and len(src) > 1:
        return out.upper()
    return out[0].upper() + out[1:] if src[:1].isupper() else out


def _map_words(text: str, word_fn) -> str:
    return _WORD_RE.sub(lambda m: word_fn(m.group()), text)


def _uk_word(word: str, medial: dict[str, str]) -> str:
    low = word.lower()
    for a in _APOSTROPHES:
        low = low.replace(a, "")
    out = []
    for i, ch in enumerate(low):
        if ch == "г" and i > 0 and low[i - 1] == "з":
            out.append("gh")  # зг -> zgh, so it is not read as zh
        elif ch in _UK_INITIAL:
            out.append((_UK_INITIAL if i == 0 else medial)[ch])
        else:
            out.append(_UK_COMMON.get(ch, ch))
    return _case("".join(out), word)


def ukrainian_official(text: str) -> str:
    """Ukraine's official 2010 romanisation of a Ukrainian name.

    >>> [ukrainian_official(n) for n in ("Роботине", "Кринки", "Урожайне", "Цукурине", "Посад-Покровське")]
    ['Robotyne', 'Krynky', 'Urozhaine', 'Tsukuryne', 'Posad-Pokrovske']
    """
    return _map_words(text, lambda w: _uk_word(w, _UK_MEDIAL))


def ukrainian_bgn(text: str) -> str:
    """BGN/PCGN-like spelling: ye yi y yu ya in every position.

    >>> ukrainian_bgn("Водяне"), ukrainian_bgn("Кліщіївка")
    ('Vodyane', 'Klishchiyivka')
    """
    return _map_words(text, lambda w: _uk_word(w, _UK_INITIAL))


def _ru_word(word: str) -> str:
    low = word.lower()
    for a in _APOSTROPHES:
        low = low.replace(a, "")
    out = []
    for i, ch in enumerate(low):
        if ch in "её" and (i == 0 or low[i - 1] in _RU_VOWELS or low[i - 1] in "ьъ"):
            out.append("ye")
        else:
            out.append(_RU.get(ch, ch))
    return _case("".join(out), word)


def russian_bgn(text: str) -> str:
    """BGN/PCGN romanisation of a Russian name (ё as e, е as ye after a vowel or sign)."""
    return _map_words(text, _ru_word)


_RU_ENDINGS = (
    ("ське", "ское"), ("цьке", "цкое"), ("зьке", "зское"),
    ("ївка", "евка"), ("івка", "овка"),
    ("ине", "ино"),
    ("не", "ное"),
)


def russian_form(uk: str) -> str:
    """A Russian-language form of a Ukrainian name by the regular ending and letter rules (Cyrillic).

    >>> russian_form("Водяне"), russian_form("Новозванівка"), russian_form("Цукурине"), russian_form("Гірське")
    ('Водяное', 'Новозвановка', 'Цукурино', 'Гирское')
    """

    def word(w: str) -> str:
        low = w.lower()
        for a in _APOSTROPHES:
            low = low.replace(a, "ь")
        for end, repl in _RU_ENDINGS:
            if low.endswith(end) and len(low) > len(end) + 2:
                low = low[: -len(end)] + repl
                break
        low = low.replace("і", "и").replace("ї", "йи").replace("є", "е")
        return _case(low, w)

    return _map_words(uk, word)


def ukrainian_variants(uk: str) -> set[str]:
    """Every romanised spelling of a Ukrainian Cyrillic name: official, BGN/PCGN-like, loose и, Russian form.

    >>> sorted(ukrainian_variants("Новозванівка"))
    ['Novozvanivka', 'Novozvanovka']
    >>> sorted(ukrainian_variants("Цукурине"))
    ['Tsukurine', 'Tsukurino', 'Tsukuryne']
    """
    forms = {ukrainian_official(uk), ukrainian_bgn(uk)}
    loose = uk.replace("и", "і").replace("И", "І")
    if loose != uk:
        forms.update((ukrainian_official(loose), ukrainian_bgn(loose)))
    forms.add(russian_bgn(russian_form(uk)))
    return {f for f in forms if f}


def russian_variants(ru: str) -> set[str]:
    """Romanised spellings of a Russian Cyrillic name: BGN/PCGN, with е always as e and й as i.

    >>> sorted(russian_variants("Малая Локня"))
    ['Malaya Loknya']
    >>> sorted(russian_variants("Теткино"))
    ['Tetkino']
    >>> sorted(russian_variants("Воробьёвка"))
    ['Vorobyevka', 'Vorobyovka']
    """
    forms = {russian_bgn(ru)}
    if "ё" in ru.lower():
        forms.add(russian_bgn(ru.replace("ё", "йо").replace("Ё", "Йо")))
    return {f for f in forms if f}
