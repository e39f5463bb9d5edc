"""The bundled reference data and the lookups over it, all offline.

- ``gazetteer``: :class:`~geoevents.gazetteer.gazetteer.Gazetteer` over
  ``geoevents/data/gazetteer.sqlite`` (places, names, outlines): candidates
  for a name, the best match, reverse geocoding;
- ``nameindex``: the compact in-memory name index it searches;
- ``spatial``, ``shapecodec``: country and admin-1 outlines, point in polygon;
- ``geocoder``: ``OfflineGeocoder``, the gazetteer in geopy's shape;
- ``lexicon``: English word statistics the geoparser filters with
  (``geoevents/data/lexicon.tsv``).

The data is built by the scripts in the repository's top-level ``gazetteer/`` folder.

May import: ``geoevents.core``.
"""
