"""Limits on what one input may hold.

>>> MAX_DOCUMENT_CHARS
20971520
"""

from __future__ import annotations

from .errors import InputError

__all__ = ["MAX_DOCUMENT_CHARS", "check_document_size"]

# the longest text one document may have: geoparsing keeps a few dozen bytes per character of one document
# in memory (about 0.5 GB at this size), so a longer text is refused, not run out of memory (README: "Input size")
MAX_DOCUMENT_CHARS = 20 * 1024 * 1024


def check_document_size(text: str, label: str) -> None:
    """An InputError naming ``label`` when ``text`` is longer than :data:`MAX_DOCUMENT_CHARS`.

    >>> check_document_size("x" * (MAX_DOCUMENT_CHARS + 1), "big.txt")
    Traceback (most recent call last):
    ...
    geoevents.core.errors.InputError: big.txt: one document of 20.0 MB of text, more than the limit of 20 MB (20,971,520 characters) for a single document; split it into articles (one file each, or one JSONL line each)
    """
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InputError(f"{label}: one document of {len(text) / (1024 * 1024):.1f} MB of text, more than the limit "
                         f"of {MAX_DOCUMENT_CHARS // (1024 * 1024)} MB ({MAX_DOCUMENT_CHARS:,} characters) for a "
                         "single document; split it into articles (one file each, or one JSONL line each)")

