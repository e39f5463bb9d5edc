"""A corpus cut into partitions that a worker can read by itself.

A partition is a small description (a file and a byte range, a row group
slice, a list of files), never the articles themselves: the client plans
them from the file sizes and line breaks, and each worker reads its own
share from disk, so nothing big passes through the client and memory stays
flat however large the corpus is.

Corpora: a JSONL file (one article per line, as ``geoevents extract``
reads it), a Parquet file with a ``text`` column (and optional ``title``,
``url``, ``published``), or a folder of articles (.txt, .md, .html, and
.jsonl files, which are cut by lines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError
from ..io.ingest import TEXT_SUFFIXES, Document, document_from_record, parse_jsonl_line, read_documents

__all__ = ["Partition", "plan_partitions", "read_partition", "is_corpus"]

_BLOCK = 1 << 20
RECORD_COLUMNS = ("text", "title", "url", "published")


@dataclass(frozen=True, slots=True)
class Partition:
    """One worker's share: ``kind`` "jsonl" (bytes start..end, first line number), "parquet" (row group,
    rows start..end, row number of the group's first row) or "files" (the paths)."""

    kind: str
    path: str
    start: int = 0
    end: int = 0
    first: int = 1
    group: int = 0
    files: tuple[str, ...] = ()


def is_corpus(path: str | Path) -> bool:
    """A folder, a .jsonl or a .parquet file (what the engine partitions)."""
    p = Path(path)
    return p.is_dir() or (p.is_file() and p.suffix.lower() in (".jsonl", ".parquet"))


def plan_partitions(corpus: str | Path, size: int = 500) -> list[Partition]:
    """Cut ``corpus`` into partitions of about ``size`` articles (lines, rows or files)."""
    if size < 1:
        raise InputError(f"partition size {size}: must be at least 1")
    path = Path(corpus).absolute()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        if not files:
            raise InputError(f"{corpus}: folder has no .txt, .md, .html or .jsonl files")
        parts: list[Partition] = []
        pending: list[str] = []
        for f in files:
            if f.suffix.lower() == ".jsonl":
                if pending:
                    parts.extend(_file_parts(pending, size))
                    pending = []
                parts.extend(_jsonl_parts(f, size))
            else:
                pending.append(str(f))
        parts.extend(_file_parts(pending, size))
        return parts
    if not path.is_file():
        raise InputError(f"{corpus}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl_parts(path, size)
    if suffix == ".parquet":
        return _parquet_parts(path, size)
    raise InputError(f"{corpus}: a corpus is a folder, a .jsonl or a .parquet file")


def _file_parts(files: list[str], size: int) -> list[Partition]:
    return [Partition("files", files[i], files=tuple(files[i:i + size])) for i in range(0, len(files), size)]


def _jsonl_parts(path: Path, size: int) -> list[Partition]:
    """Byte ranges holding ``size`` lines each (empty lines count as lines, as line numbers do)."""
    parts: list[Partition] = []
    start = offset = 0
    lines = 0
    first = 1
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            pos = 0
            while True:
                nl = block.find(b"\n", pos)
                if nl < 0:
                    break
                lines += 1
                pos = nl + 1
                if lines == size:
                    end = offset + pos
                    parts.append(Partition("jsonl", str(path), start, end, first))
                    start, first, lines = end, first + size, 0
            offset += len(block)
    if offset > start:
        parts.append(Partition("jsonl", str(path), start, offset, first))
    return parts


def _parquet_parts(path: Path, size: int) -> list[Partition]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as exc:  # pyarrow raises several kinds for a broken file
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    if "text" not in meta.schema.names:
        raise InputError(f"{path}: a Parquet corpus needs a 'text' column (found {', '.join(meta.schema.names)})")
    parts = []
    row = 0
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        for a in range(0, n, size):
            parts.append(Partition("parquet", str(path), a, min(n, a + size), row + 1, group=g))
        row += n
    return parts


def read_partition(part: Partition, published: dt.date | None = None) -> Iterator[Document]:
    """The documents of one partition, in corpus order, exactly as ``read_documents`` would give them."""
    if part.kind == "files":
        for f in part.files:
            yield from read_documents(f, published=published)
    elif part.kind == "jsonl":
        with open(part.path, "rb") as fh:
            fh.seek(part.start)
            data = fh.read(part.end - part.start)
        if part.start == 0 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        for n, raw in enumerate(data.split(b"\n"), part.first):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{part.path}: line {n}: not valid UTF-8") from None
            if not line.strip():
                continue
            where = f"{part.path}: line {n}"
            yield document_from_record(parse_jsonl_line(line, where=where), where=where, source=f"{part.path}:{n}",
                                       published=published)
    elif part.kind == "parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(part.path)
        columns = [c for c in RECORD_COLUMNS if c in pf.schema_arrow.names]
        table = pf.read_row_group(part.group, columns=columns).slice(part.start, part.end - part.start)
        for n, rec in enumerate(table.to_pylist(), part.first + part.start):
            where = f"{part.path}: row {n}"
            yield document_from_record(rec, where=where, source=f"{part.path}:{n}", published=published)
    else:  # pragma: no cover - plan_partitions makes only the three kinds
        raise ValueError(part.kind)
