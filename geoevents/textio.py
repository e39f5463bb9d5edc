"""Reading text input at the edge: files or standard input, decoded safely."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import InputError

__all__ = ["read_text", "check_document_size", "MAX_BYTES", "MAX_DOCUMENT_CHARS"]

MAX_BYTES = 64 * 1024 * 1024  # refuse inputs larger than this
# the longest text one document may have: geoparsing keeps a few dozen bytes per character of one document
# in memory (about 0.5 GB at this size), so a longer text is refused, not run out of memory (README: "Input size")
MAX_DOCUMENT_CHARS = 20 * 1024 * 1024


def read_text(source: str | Path) -> str:
    """Read a UTF-8 text file ("-" for stdin); a clear InputError for binary, huge or missing input."""
    label = "<stdin>" if str(source) == "-" else str(source)
    try:
        if str(source) == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            path = Path(source)
            if path.is_dir():
                raise InputError(f"{label}: is a directory, expected a text file")
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{label}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{label}: has a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{label}: looks binary (NUL bytes), expected text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # legacy Windows text; cp1252 leaves five bytes undefined, so binary junk still fails
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{label}: not valid UTF-8 (or Windows-1252) text") from None


def check_document_size(text: str, label: str) -> None:
    """An InputError naming ``label`` when ``text`` is longer than :data:`MAX_DOCUMENT_CHARS`.

    >>> check_document_size("x" * (MAX_DOCUMENT_CHARS + 1), "big.txt")
    Traceback (most recent call last):
    ...
    geoevents.errors.InputError: big.txt: one document of 20.0 MB of text, more than the limit of 20 MB (20,971,520 characters) for a single document; split it into articles (one file each, or one JSONL line each)
    """
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InputError(f"{label}: one document of {len(text) / (1024 * 1024):.1f} MB of text, more than the limit "
                         f"of {MAX_DOCUMENT_CHARS // (1024 * 1024)} MB ({MAX_DOCUMENT_CHARS:,} characters) for a "
                         "single document; split it into articles (one file each, or one JSONL line each)")
