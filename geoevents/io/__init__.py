"""Inputs and the event-table format: articles and event tables in, as documents and events.

- ``ingest``: files, folders, HTML, Markdown, JSONL and stdin into ``Document``
  objects, with their publication dates;
- ``tables``: event tables (ACLED, UCDP GED, CSV with coordinates or place
  names, GeoJSON) into events;
- ``events_files``: geoevents' own exports (JSON lines, GeoJSON, CSV,
  GeoPackage, GeoParquet files and folders of parts) back into the same events;
- ``columns``: the event table's columns, ACLED's first, and how an event fills
  them (the CSV, GeoPackage and GeoParquet writers, the engine and the store);
- ``textio``: reading text files whatever their encoding.

May import: ``geoevents.gazetteer`` (event tables name places and countries), ``geoevents.core``.
"""
