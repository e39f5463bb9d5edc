"""A geopy-shaped geocoder over the bundled gazetteer.

:class:`OfflineGeocoder` answers ``geocode(query, exactly_one=True)`` and
``reverse(query, exactly_one=True)`` with :class:`geopy.location.Location`
objects, like every geopy geocoder, so code written for geopy can swap it in.
Nothing goes online.  An online geopy geocoder may be passed as
``fallback=``: it is asked only for names the gazetteer does not know, and
only when the caller passed it.

>>> from geoevents.gazetteer.geocoder import OfflineGeocoder
>>> loc = OfflineGeocoder().geocode("Kursk region")
>>> loc.raw["kind"], loc.raw["admin1_iso"]
('admin1', 'RU-KRS')
>>> round(loc.latitude), round(loc.longitude)
(52, 36)
"""

from __future__ import annotations

from typing import Any

from geopy.location import Location
from geopy.point import Point

from ..core.model import Candidate
from .gazetteer import Gazetteer, validate_point

__all__ = ["OfflineGeocoder"]


class OfflineGeocoder:
    """Geocode with the bundled gazetteer; a drop-in for geopy geocoders.

    :param gazetteer: the gazetteer to use (default: the bundled one).
    :param fallback: an optional geopy geocoder asked when nothing matches
        offline.  It is never used unless given.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, fallback: Any = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.fallback = fallback

    @staticmethod
    def _location(c: Candidate) -> Location:
        p = c.place
        parts = [p.name]
        if p.kind in ("settlement", "admin2", "landmark") and p.admin1 and p.admin1 != p.name:
            parts.append(p.admin1)
        if p.kind != "country" and p.country_name:
            parts.append(p.country_name)
        return Location(", ".join(parts), Point(p.lat, p.lon), c.to_dict())

    def geocode(
        self,
        query: str,
        exactly_one: bool = True,
        *,
        country_codes: str | list[str] | None = None,
        kind: str | list[str] | None = None,
        limit: int | None = None,
        **fallback_kwargs: Any,
    ) -> Location | list[Location] | None:
        """Resolve a place name; ``None`` when nothing matches (geopy's convention)."""
        if not isinstance(query, str):
            raise TypeError(f"query must be a string, got {type(query).__name__}")
        found = self.gazetteer.candidates(query, country=country_codes, kind=kind, limit=1 if exactly_one else limit)
        if not found:
            if self.fallback is not None:
                return self.fallback.geocode(query, exactly_one=exactly_one, **fallback_kwargs)
            return None
        locations = [self._location(c) for c in found]
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, exactly_one: bool = True, **_: Any) -> Location | list[Location]:
        """What is at a point: ``(lat, lon)``, ``"lat, lon"`` or a geopy Point."""
        if isinstance(query, str):
            parts = query.replace(";", ",").split(",")
            if len(parts) != 2:
                from ..core.errors import CoordinateError

                raise CoordinateError(f"point {query!r} is not 'lat, lon'")
            query = parts
        if isinstance(query, Point):
            lat, lon = query.latitude, query.longitude
        else:
            lat, lon = query[0], query[1]
        lat, lon = validate_point(lat, lon)
        result = self.gazetteer.reverse(lat, lon)
        loc = Location(result.address, Point(lat, lon), result.to_dict())
        return loc if exactly_one else [loc]
