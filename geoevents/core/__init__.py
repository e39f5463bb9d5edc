"""The core every stage shares: the data model, errors, name normalisation, map styles, atomic writes.

- ``model``: the frozen dataclasses (``Place``, ``Candidate``, ``Toponym``, ``Event`` ...);
- ``errors``: ``GeoeventsError`` and its narrow subclasses;
- ``normalize``: the name keys the gazetteer and the geoparser match on;
- ``styles``: each event type's colour and marker on every map and in the report;
- ``atomic``: writing files and folders whole or not at all;
- ``dates``: the one parser of date values (``--published``, JSONL, HTML, table columns);
- ``acled``: ACLED's event types and sub-event types.

May import: the standard library only; no other part of geoevents.
"""
