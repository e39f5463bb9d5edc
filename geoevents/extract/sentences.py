"""Sentence and clause boundaries, as character offsets (no copying of text).

>>> text = "Gen. Syrskyi said the U.S. sent aid. Drones hit Kyiv; two died.\\n\\nNew paragraph"
>>> [text[s:e] for s, e in split_sentences(text)]
['Gen. Syrskyi said the U.S. sent aid.', 'Drones hit Kyiv; two died.', 'New paragraph']
>>> [text[s:e] for s, e in split_clauses(text, 37, 63)]
['Drones hit Kyiv', 'two died.']
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "split_clauses"]

# a sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit or quote
_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-ÞА-ЯЁІЇЄҐ])|\n\s*\n|\n(?=\s*[-*•]\s)")
_ABBREV = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep st mt ft jr sr no vs etc inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e approx est dept univ""".split()
)
_CLAUSE_RE = re.compile(r";\s+|\s+[—–]\s+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in order."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END_RE.finditer(text):
        end = m.end()
        if text[m.start()] == ".":
            word = text[max(0, m.start() - 6) : m.start()].rsplit(None, 1)
            last = word[-1].lower().lstrip("(\"'“") if word else ""
            if last in _ABBREV or (len(last) == 1 and last.isalpha()):
                continue  # "Gen.", "U.S.", an initial
        _push(text, start, end, out)
        start = end
    _push(text, start, len(text), out)
    return out


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of one sentence: split at semicolons and spaced dashes."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE_RE.finditer(text, start, end):
        _push(text, pos, m.start(), out)
        pos = m.end()
    _push(text, pos, end, out)
    return out


def _push(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
