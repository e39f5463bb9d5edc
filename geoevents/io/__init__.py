"""Inputs: articles and event tables in, as documents and events.

- ``ingest``: files, folders, HTML, Markdown, JSONL and stdin into ``Document``
  objects, with their publication dates;
- ``tables``: event tables (ACLED, UCDP GED, CSV with coordinates or place
  names, GeoJSON) into events;
- ``textio``: reading text files whatever their encoding.

May import: ``geoevents.gazetteer`` (event tables name places), ``geoevents.core``.
"""
