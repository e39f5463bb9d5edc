"""Reading text input at the edge: files or standard input, decoded by what they say or what they are.

The encoding is, in this order: the one the caller names (``--encoding``);
a byte-order mark (UTF-8, UTF-16, UTF-32); the ``<meta charset>`` or
``http-equiv`` Content-Type of an HTML page, or an XML declaration; UTF-8
when the bytes are valid UTF-8; otherwise the encoding ``charset-normalizer``
detects (never a blind guess of Windows-1252).  Text that still looks like
mojibake gives one :class:`~geoevents.core.errors.InputWarning` naming the file.

>>> decode_bytes('<meta charset="windows-1251"><p>Харків</p>'.encode("cp1251"), label="a.html")
'<meta charset="windows-1251"><p>Харків</p>'
"""

from __future__ import annotations

import codecs
import re
import sys
import warnings
from pathlib import Path

from ..core.errors import InputError, InputWarning
from ..core.limits import MAX_DOCUMENT_CHARS, check_document_size

__all__ = ["read_text", "decode_bytes", "check_encoding", "check_document_size", "MAX_BYTES", "MAX_DOCUMENT_CHARS"]

MAX_BYTES = 64 * 1024 * 1024  # refuse inputs larger than this

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml ... encoding="x"?>
_DECLARED_RE = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
                          rb"""|^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG: a page that says Latin-1 or ASCII is read as Windows-1252
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                  "ascii": "cp1252", "iso8859-1": "cp1252"}
# UTF-8 read as a single-byte code page: "Ã©", "Ð¥", "â€™" ...
_MOJIBAKE_RE = re.compile("[\u00c2\u00c3\u00d0\u00d1][\u0080-\u00bf\u2018-\u201e\u2020-\u2026\u2030\u2039\u203a"
                          "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2122\u0192]|\u00e2\u20ac|\ufffd")


def check_encoding(name: str) -> str:
    """The codec name for ``--encoding`` (an InputError for an unknown one)."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"--encoding {name!r}: not an encoding Python knows (e.g. utf-8, cp1251, latin-1)") from None


def _read_bytes(source: str | Path, label: str) -> bytes:
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
    return data


def read_text(source: str | Path, *, encoding: str | None = None) -> str:
    """Read a text file ("-" for stdin); a clear InputError for an empty, binary, huge or missing input.

    ``encoding`` overrides every other clue (see the module's docstring).
    """
    label = "<stdin>" if str(source) == "-" else str(source)
    return decode_bytes(_read_bytes(source, label), label=label, encoding=encoding)


def _declared(data: bytes) -> str | None:
    """The encoding an HTML or XML head declares, as a Python codec name (None if none or unknown)."""
    head = data[:4096]
    if not head.lstrip()[:1] == b"<":
        return None
    m = _DECLARED_RE.search(head)
    if not m:
        return None
    label = (m[1] or m[2]).decode("ascii").lower()
    try:
        return _LABEL_ALIASES.get(label) or codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, label: str, encoding: str | None = None) -> str:
    """The text of ``data`` (see the module's docstring for how its encoding is chosen)."""
    if not data.strip():
        raise InputError(f"{label}: is empty, expected text")
    if encoding:
        try:
            return data.decode(check_encoding(encoding))
        except UnicodeDecodeError as exc:
            raise InputError(f"{label}: not valid {encoding} (byte {exc.start})") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError:
                raise InputError(f"{label}: has a {codec.upper()} byte-order mark but is not valid "
                                 f"{codec.upper()}") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{label}: looks binary (NUL bytes), expected text")
    declared = _declared(data)
    if declared:
        try:
            return _checked(data.decode(declared), label)
        except UnicodeDecodeError:
            pass  # a page that lies about its encoding: detect it as if it said nothing
    try:
        return _checked(data.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    return _checked(_detected(data, label), label)


# legacy code pages tried besides charset-normalizer's own matches, most used first (the last tie-break)
_LEGACY = ("cp1252", "cp1251", "cp1250", "koi8_r", "koi8_u", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
           "iso8859_15")


def _oddness(text: str) -> float:
    """The share of characters that are neither ASCII, letters nor spaces ("Õàðê³â" has one: "³")."""
    odd = sum(1 for ch in text if not (ch.isascii() or ch.isalpha() or ch.isspace()))
    return odd / max(1, len(text))


def _detected(data: bytes, label: str) -> str:
    """Detect the encoding of bytes that are not UTF-8 and declare none.

    Candidates are charset-normalizer's matches and the common legacy code pages; the winner has the least
    mess (charset-normalizer's measure, on a sample around the first non-ASCII byte), then the best language
    coherence, then is a common legacy code page, then has the fewest odd characters, then comes first in
    :data:`_LEGACY`.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    coherence = {m.encoding: m.coherence for m in from_bytes(data)}
    first = next((i for i, b in enumerate(data[:1_000_000]) if b > 127), 0)
    sample = data[max(0, first - 200): first + 4000]
    ranked = []
    for rank, codec in enumerate((*_LEGACY, *(c for c in coherence if c not in _LEGACY))):
        try:
            text = sample.decode(codec, errors="ignore" if codec not in _LEGACY else "strict")
        except (UnicodeDecodeError, LookupError):
            continue
        ranked.append((round(mess_ratio(text, 1.0) * 20), -round(coherence.get(codec, 0.0), 1),
                       codec not in _LEGACY, round(_oddness(text), 3), rank, codec))
    for mess, *_key, codec in sorted(ranked):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if mess >= 4:  # a mess ratio of 0.2 or more: no candidate reads as text
            warnings.warn(f"{label}: text looks garbled in every encoding tried (read as {codec}); give its "
                          "--encoding", InputWarning, stacklevel=4)
        return text
    raise InputError(f"{label}: not text in any encoding charset-normalizer knows (give --encoding)")


def _checked(text: str, label: str) -> str:
    """``text``, with a warning when it still looks like mojibake (UTF-8 read as a single-byte code page)."""
    found = _MOJIBAKE_RE.findall(text, 0, 1_000_000)
    if len(found) >= 3 or (found and len(found) * 200 > len(text)):
        warnings.warn(f"{label}: text looks garbled ({''.join(found[:3])!r}...); give its --encoding",
                      InputWarning, stacklevel=4)
    return text
