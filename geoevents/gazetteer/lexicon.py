"""English word statistics the geoparser filters with (built by gazetteer/build_lexicon.py).

>>> lex = Lexicon.default()
>>> lex.zipf("police") > 5, lex.is_dictionary_word("police"), lex.is_first_name("kim")
(True, True, True)
>>> lex.zipf("kursk")
0.0
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..core.errors import GazetteerError

__all__ = ["Lexicon", "DEFAULT_PATH"]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.tsv"


class Lexicon:
    """Zipf frequency of English words, dictionary membership, common first names and surnames."""

    _default: Lexicon | None = None
    _lock = threading.Lock()

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read the lexicon ({exc.strerror})") from None
        self._zipf: dict[str, float] = {}
        self._flags: dict[str, str] = {}
        for line in text.splitlines():
            if not line or line[0] == "#":
                continue
            word, zipf, flags = line.split("\t")
            z = float(zipf)
            if z:
                self._zipf[word] = z
            if flags:
                self._flags[word] = flags

    @classmethod
    def default(cls) -> Lexicon:
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    def zipf(self, word: str) -> float:
        """Zipf frequency of a lower-case word (0.0 when rarer than 1 per million)."""
        return self._zipf.get(word, 0.0)

    def is_dictionary_word(self, word: str) -> bool:
        return "d" in self._flags.get(word, "")

    def is_first_name(self, word: str) -> bool:
        return "f" in self._flags.get(word, "")

    def is_surname(self, word: str) -> bool:
        return "s" in self._flags.get(word, "")
