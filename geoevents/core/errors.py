"""Exceptions raised by geoevents.

Every error is a :class:`GeoeventsError`, and each narrow class also
subclasses the builtin it resembles, so ``except ValueError`` keeps working
for callers who do not know this package.  The library never prints or
exits; the CLI turns these into one line on stderr and a non-zero status.
"""

from __future__ import annotations

__all__ = ["GeoeventsError", "GazetteerError", "InputError", "CoordinateError", "StoreError", "EngineError",
           "GeoeventsWarning", "InputWarning"]


class GeoeventsError(Exception):
    """Base class of every error raised on purpose by geoevents."""


class GazetteerError(GeoeventsError, RuntimeError):
    """The bundled gazetteer is missing, unreadable or of the wrong version."""


class InputError(GeoeventsError, ValueError):
    """Input that cannot be used: names the input and what was wrong with it."""


class CoordinateError(InputError):
    """A latitude or longitude that is not a finite number in range."""


class StoreError(GeoeventsError, RuntimeError):
    """An event store that cannot be used: not a geoevents store, damaged, or locked by another writer too long."""


class EngineError(GeoeventsError, RuntimeError):
    """A batch run that cannot start or finish: no Dask installed, a scheduler that cannot be reached."""


class GeoeventsWarning(UserWarning):
    """Base class of the warnings geoevents gives (the CLI prints each as one line on stderr)."""


class InputWarning(GeoeventsWarning):
    """Input that was used but looks wrong: text that still looks garbled after decoding."""
