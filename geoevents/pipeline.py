"""The whole pipeline for one document: geoparse, then events.

>>> import datetime as dt
>>> events = extract_events("Russian forces shelled Kharkiv on 17 November 2024; two civilians were killed.",
...                         published=dt.date(2024, 11, 18))
>>> e = events[0]
>>> e.place.name, e.event_type, e.date_start.isoformat(), e.fatalities
('Kharkiv', 'Explosions/Remote violence', '2024-11-17', 2)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from typing import Any

from .core.model import Event
from .extract.events import build_events
from .gazetteer.gazetteer import Gazetteer
from .gazetteer.lexicon import Lexicon
from .geoparsing.geoparse import geoparse
from .io.ingest import Document, parse_date, read_documents
from .outputs.collection import EventCollection

__all__ = ["collect_events", "extract_events", "extract_document", "extract_events_from_file", "iter_events"]

_DEMONYMS: dict[int, dict[str, str]] = {}


def _demonyms(gaz: Gazetteer) -> dict[str, str]:
    found = _DEMONYMS.get(id(gaz))
    if found is None:
        found = _DEMONYMS[id(gaz)] = gaz.demonym_countries()
    return found


def extract_document(doc: Document, *, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> list[Event]:
    """Events of one :class:`~geoevents.io.ingest.Document`, in text order."""
    gaz = gazetteer or Gazetteer.default()
    toponyms = geoparse(doc.text, gazetteer=gaz, lexicon=lexicon)
    return build_events(doc, toponyms, demonyms=_demonyms(gaz))


def extract_events(text: str, published: dt.date | str | None = None, *, source: str = "<text>",
                   gazetteer: Gazetteer | None = None) -> EventCollection:
    """Events in ``text``; relative dates resolve against ``published`` (a date or ISO string).

    The result is an :class:`~geoevents.outputs.collection.EventCollection`: a list that can also draw its map.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_events() needs a str, got {type(text).__name__}")
    pub = parse_date(published, label="published") if published is not None else None
    return EventCollection(extract_document(Document(text, source, published=pub), gazetteer=gazetteer))


def iter_events(sources: Iterable[str | os.PathLike[str]], published: dt.date | None = None, *,
                gazetteer: Gazetteer | None = None) -> Iterator[tuple[Document, list[Event]]]:
    """(document, its events) for every document in files, folders, JSONL or "-"."""
    gaz = gazetteer or Gazetteer.default()
    for src in sources:
        for doc in read_documents(src, published=published):
            yield doc, extract_document(doc, gazetteer=gaz)


def extract_events_from_file(path: str | os.PathLike[str], published: dt.date | str | None = None) -> EventCollection:
    """Events of every document in a file (text, Markdown, HTML or JSONL) or folder, as an EventCollection."""
    pub = parse_date(published, label="published") if published is not None else None
    return EventCollection(e for _doc, events in iter_events([path], pub) for e in events)


def collect_events(inputs: Iterable[str], published: dt.date | None = None, *, gazetteer: Gazetteer | None = None,
                   progress: Callable[[list[Document]], Any] | None = None, encoding: str | None = None,
                   date_format: str | None = None, skip_bad_rows: bool = False) -> tuple[list[Event], list[str]]:
    """Events from articles and event tables, with summary lines of what was found and skipped.

    Each input is an event store (a GeoPackage written by :class:`geoevents.store.EventStore`: all its
    events), a file or folder the tool wrote (:mod:`geoevents.io.events_files`: its events as they were),
    an event table (ACLED or UCDP CSV, GeoJSON, CSV with coordinates or place names) or
    articles (files, folders, JSONL, ``-``).  ``progress``, if given, wraps the list of documents in a
    context manager that yields them (the CLI passes a progress bar).  ``encoding`` overrides the detected
    encoding of every text input; ``date_format`` and ``skip_bad_rows`` go to
    :func:`~geoevents.io.tables.read_event_table`.
    """
    from .io.events_files import read_events_file
    from .io.tables import is_event_table, read_event_table
    from .store import EventStore, is_event_store

    gaz = gazetteer or Gazetteer.default()
    events: list[Event] = []
    lines: list[str] = []
    docs = skipped_docs = 0
    sources: list[Document] = []
    for src in inputs:
        if src != "-" and is_event_store(src):
            with EventStore(src, create=False) as store:
                found = store.query()
                reports = store.report_count()
            events.extend(found)
            lines.append(f"{src}: event store, {len(found):,} events from {reports:,} reports")
        elif src != "-" and (own := read_events_file(src, date_format=date_format,
                                                       skip_bad_rows=skip_bad_rows)) is not None:
            events.extend(own[0])
            lines.append(own[1])
        elif str(src).lower().endswith(".gpkg") and os.path.isfile(src):
            from .core.errors import InputError

            raise InputError(f"{src}: neither a geoevents event store nor a geoevents export "
                             f"(make a store with 'geoevents add ... --store {src}')")
        elif src != "-" and is_event_table(src):
            found, report = read_event_table(src, gazetteer=gaz, encoding=encoding, date_format=date_format,
                                             skip_bad_rows=skip_bad_rows)
            events.extend(found)
            lines.append(report.summary())
            for row, reason in report.skipped[:20]:
                lines.append(f"  skipped row {row}: {reason}")
            if len(report.skipped) > 20:
                lines.append(f"  ... and {len(report.skipped) - 20} more skipped rows")
        else:
            sources.extend(read_documents(src, published=published, encoding=encoding))
    with progress(sources) if progress else nullcontext(sources) as bar:
        for doc in bar:
            docs += 1
            if not doc.text.strip():
                skipped_docs += 1
                lines.append(f"{doc.source}: skipped, no text")
                continue
            found = extract_document(doc, gazetteer=gaz)
            events.extend(found)
            if doc.published is None and any(e.notes and "publication date" in e.notes for e in found):
                lines.append(f"{doc.source}: no publication date known; relative dates left unresolved "
                             "(give --published)")
    if docs:
        lines.insert(0, f"{docs} article(s), {len(events)} event(s) found, {skipped_docs} skipped")
    return events, lines
