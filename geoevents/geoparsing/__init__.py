"""Geoparsing: find the place names in a text and resolve each to a gazetteer entry.

- ``toponyms``: candidate place-name spans in a text;
- ``resolve``: each span to a place (or unresolved, with its candidates);
- ``geoparse``: both in one call; the public ``geoevents.geoparse``;
- ``evaluation``: scores a geoparser against a gold corpus (``geoevents eval``).

The package is named ``geoparsing`` so that ``geoevents.geoparse`` stays the function.

May import: ``geoevents.gazetteer``, ``geoevents.core``.
"""
