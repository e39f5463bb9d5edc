"""Event extraction: from a document and its places to ACLED-style events.

- ``sentences``: sentences and clauses;
- ``dates``: date expressions, resolved against the publication date;
- ``figures``: casualty and troop figures;
- ``actors``: armed forces, groups and states (``geoevents/data/actors.csv``);
- ``eventtypes``: the ACLED event types and their triggers (``geoevents/data/event_types.csv``);
- ``eventfilter``: whether a clause with a trigger reports one concrete happening (``data/event_cues.csv``);
- ``events``: ``build_events`` runs the named ``STAGES`` in order ("mentions": ``read_mentions`` reads
  each clause into a mention; "group", "summaries", "merge": see ``grouping``); ``stage_names()`` lists
  them, and ``build_events(..., skip=...)`` switches some off, for tests;
- ``grouping``: gathers the mentions of one happening (``gather``), drops country-level summaries
  (``drop_summaries``) and merges each group into one event (``merge_groups``).

``geoevents.pipeline`` runs the geoparser and these stages over documents.

May import: ``geoevents.geoparsing``, ``geoevents.io``, ``geoevents.gazetteer``, ``geoevents.core``.
Never imported by ``geoevents.outputs`` or ``geoevents.webmap``.
"""
