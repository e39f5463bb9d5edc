"""Reading text input at the edge: files or standard input, decoded safely."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import InputError
from ..core.limits import MAX_DOCUMENT_CHARS, check_document_size

__all__ = ["read_text", "check_document_size", "MAX_BYTES", "MAX_DOCUMENT_CHARS"]

MAX_BYTES = 64 * 1024 * 1024  # refuse inputs larger than this


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


