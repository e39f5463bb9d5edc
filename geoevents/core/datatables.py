"""The one reader of the package's own data tables (trigger, cue and not-a-place CSVs in ``geoevents/data/``).

Each table is CSV in UTF-8 with a fixed header. :func:`table_rows` checks what every table shares (the
file can be read, the header is the expected one, each row has as many fields as the header) and yields
the rows with where they stand, so each loader checks only its own columns and reports a bad row as
"FILE, line N: ...".

>>> import tempfile, os
>>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
...     _ = fh.write("cue,class\\nnear,before\\n\\nsouth of,before\\n")
>>> [(row.line, row.fields) for row in table_rows(fh.name, ["cue", "class"], "a cue table")]
[(2, ['near', 'before']), (4, ['south of', 'before'])]
>>> os.unlink(fh.name)
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["TableRow", "table_rows"]


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a data table: its fields, its line number and the "FILE, line N" that errors name."""

    line: int
    where: str
    fields: list[str]


def table_rows(path: str | Path, header: Sequence[str], what: str) -> Iterator[TableRow]:
    """The non-empty rows after ``header`` of the CSV at ``path`` (``what`` names the table in errors).

    Raises :class:`~geoevents.core.errors.InputError` when the file cannot be read, its header differs or
    a row has another number of fields.
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what} ({exc.strerror})") from None
    reader = csv.reader(text.splitlines())
    found = next(reader, None)
    if found != list(header):
        raise InputError(f"{path}, line 1: header is {found!r}, expected {list(header)!r}")
    for line, fields in enumerate(reader, start=2):
        if not fields:
            continue
        where = f"{path}, line {line}"
        if len(fields) != len(header):
            raise InputError(f"{where}: {len(fields)} fields, expected {len(header)} ({', '.join(header)})")
        yield TableRow(line, where, fields)
