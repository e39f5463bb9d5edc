"""The package's vocabulary: the words each stage looks for, read from ``geoevents/data/vocabulary/``.

Every word file there is CSV with the header ``word,class,value``: the word as the stages compare it
(lower case unless the class is about capitalised words), its class, and a value whose meaning the class
gives (a number, a lemma, an ISO code, or nothing). ``classes.csv`` declares every class with its
``group`` and a description: classes of one group exclude each other, so a word listed in two of them
(say "prisoner" as a person and as a captive) is refused with both places, rather than the last silently
winning. A word listed twice in one class is refused too, and so is a declared class with no word.

>>> vocab = vocabulary()
>>> vocab.values("number_tens")["forty"], vocab.values("unit_captured")["prisoners"]
('40', 'prisoner')
>>> "soldiers" in vocab.words("combatant")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datatables import table_rows
from .errors import InputError

__all__ = ["VOCABULARY_DIR", "Vocabulary", "load_vocabulary", "vocabulary"]

#: The bundled vocabulary: ``classes.csv`` and the word files beside it.
VOCABULARY_DIR = Path(__file__).parent.parent / "data" / "vocabulary"
_CLASSES_FILE = "classes.csv"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words by class, in file order, each with its value."""

    groups: Mapping[str, str]  # class -> its group ("" when it excludes nothing)
    entries: Mapping[str, Mapping[str, str]]  # class -> {word: value}

    def words(self, cls: str) -> frozenset[str]:
        """The words of class ``cls``."""
        return frozenset(self._class(cls))

    def values(self, cls: str) -> dict[str, str]:
        """Word -> value of class ``cls``, in file order."""
        return dict(self._class(cls))

    def _class(self, cls: str) -> Mapping[str, str]:
        try:
            return self.entries[cls]
        except KeyError:
            raise InputError(f"vocabulary class {cls!r}: expected one of {', '.join(sorted(self.entries))}") from None


def load_vocabulary(folder: str | Path = VOCABULARY_DIR) -> Vocabulary:
    """The vocabulary in ``folder``: ``classes.csv`` and every other ``*.csv`` in it, sorted by name.

    Raises :class:`~geoevents.core.errors.InputError` ("FILE, line N: ...") for an undeclared class, a word
    in two classes of one group, a word twice in one class, or a class without words.
    """
    folder = Path(folder)
    groups: dict[str, str] = {}
    for row in table_rows(folder / _CLASSES_FILE, ["class", "group", "description"], "vocabulary classes"):
        cls, group = row.fields[0].strip(), row.fields[1].strip()
        if not cls or cls in groups:
            raise InputError(f"{row.where}: class {cls!r} is empty or declared twice")
        groups[cls] = group
    entries: dict[str, dict[str, str]] = {cls: {} for cls in groups}
    seen: dict[tuple[str, str], tuple[str, str]] = {}  # (group or class, word) -> (class, where)
    for path in sorted(folder.glob("*.csv")):
        if path.name == _CLASSES_FILE:
            continue
        for row in table_rows(path, ["word", "class", "value"], "a vocabulary table"):
            word, cls, value = row.fields[0].strip(), row.fields[1].strip(), row.fields[2].strip()
            if cls not in groups:
                raise InputError(f"{row.where}: class {cls!r} is not declared in {folder / _CLASSES_FILE}")
            if not word:
                raise InputError(f"{row.where}: empty word")
            key = (groups[cls] or cls, word)
            if key in seen:
                other, where = seen[key]
                clash = "twice" if other == cls else f"in {other!r} and {cls!r}, which exclude each other"
                raise InputError(f"{row.where}: {word!r} is listed {clash} (first at {where})")
            seen[key] = (cls, row.where)
            entries[cls][word] = value
    for cls, words in entries.items():
        if not words:
            raise InputError(f"{folder / _CLASSES_FILE}: class {cls!r} has no words")
    return Vocabulary(groups, entries)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The bundled vocabulary, read once (from :data:`VOCABULARY_DIR` as it is at the first call)."""
    return load_vocabulary(VOCABULARY_DIR)
