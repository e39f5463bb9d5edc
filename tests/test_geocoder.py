"""Tests for :class:`geoevents.gazetteer.geocoder.OfflineGeocoder`, the geopy-shaped geocoder.

No network geocoder is ever built here: the online fallback is a fake that
records its calls, and the socket guard in conftest.py blocks the rest.
"""

from __future__ import annotations

import functools
import json
import socket

import pytest
from geopy.location import Location
from geopy.point import Point

from geoevents import CoordinateError, OfflineGeocoder
from geoevents.gazetteer.gazetteer import haversine_km


class FakeGeocoder:
    """Stands in for an online geopy geocoder; records every call."""

    def __init__(self, answer: object = "fallback-answer") -> None:
        self.calls: list[tuple[tuple, dict]] = []
        self.answer = answer

    def geocode(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.answer


@pytest.fixture(scope="module")
def geocoder() -> OfflineGeocoder:
    return OfflineGeocoder()


def test_geocoder_geocode_kursk(geocoder, gaz):
    loc = geocoder.geocode("Kursk")
    assert isinstance(loc, Location)
    assert loc.raw["id"] == gaz.best("Kursk").id
    assert loc.raw["id"].startswith("geonames:")
    assert loc.raw["kind"] == "settlement" and loc.raw["country"] == "RU"
    assert haversine_km(loc.latitude, loc.longitude, 51.74, 36.19) < 25
    assert "Kursk" in loc.address and "Russia" in loc.address
    assert isinstance(loc.point, Point)
    json.dumps(loc.raw)


def test_geocoder_uses_shared_gazetteer_by_default(geocoder, gaz):
    assert geocoder.gazetteer is gaz
    assert geocoder.fallback is None


def test_geocoder_geocode_area(geocoder):
    loc = geocoder.geocode("Kursk region")
    assert loc.raw["kind"] == "admin1" and loc.raw["admin1_iso"] == "RU-KRS"


def test_geocoder_geocode_many_honours_limit(geocoder):
    three = geocoder.geocode("Paris", exactly_one=False, limit=3)
    assert isinstance(three, list) and len(three) == 3
    assert all(isinstance(loc, Location) for loc in three)
    assert three[0].raw["country"] == "FR"
    everything = geocoder.geocode("Paris", exactly_one=False)
    assert len(everything) > 3
    assert [loc.raw["id"] for loc in everything[:3]] == [loc.raw["id"] for loc in three]
    one = geocoder.geocode("Paris", exactly_one=False, limit=1)
    assert isinstance(one, list) and len(one) == 1


@pytest.mark.parametrize("exactly_one", [True, False])
def test_geocoder_unknown_name_is_none(geocoder, exactly_one):
    assert geocoder.geocode("Xyzzyplughtown", exactly_one=exactly_one) is None


def test_geocoder_country_codes(geocoder):
    ua = geocoder.geocode("Pokrovsk", country_codes="UA")
    assert ua.raw["country"] == "UA" and ua.raw["admin1_iso"] == "UA-14"
    ru = geocoder.geocode("Pokrovsk", country_codes=["ru"], exactly_one=False)
    assert ru and all(loc.raw["country"] == "RU" for loc in ru)
    assert geocoder.geocode("Kursk", country_codes="FR") is None


def test_geocoder_kind(geocoder):
    loc = geocoder.geocode("Georgia", kind="admin1")
    assert loc.raw["country"] == "US" and loc.raw["kind"] == "admin1"


def test_geocoder_rejects_non_string_query(geocoder):
    with pytest.raises(TypeError):
        geocoder.geocode(None)


def test_geocoder_fallback_only_for_unknown_names(gaz):
    fake = FakeGeocoder()
    geocoder = OfflineGeocoder(fallback=fake)
    known = geocoder.geocode("Kursk")
    assert isinstance(known, Location) and known.raw["name"] == "Kursk"
    assert geocoder.geocode("Kharkov", exactly_one=False)
    assert fake.calls == []
    answer = geocoder.geocode("Xyzzyplughtown", timeout=5)
    assert answer == "fallback-answer"
    assert len(fake.calls) == 1
    args, kwargs = fake.calls[0]
    assert args == ("Xyzzyplughtown",)
    assert kwargs["exactly_one"] is True and kwargs["timeout"] == 5


def test_geocoder_fallback_never_used_unless_given():
    geocoder = OfflineGeocoder()
    assert geocoder.fallback is None
    assert geocoder.geocode("Xyzzyplughtown") is None


def test_geocoder_fallback_cannot_go_online(network_guard):
    class OnlineGeocoder:
        def geocode(self, query, exactly_one=True, **kwargs):
            socket.create_connection(("nominatim.openstreetmap.org", 443), timeout=1)

    geocoder = OfflineGeocoder(fallback=OnlineGeocoder())
    assert geocoder.geocode("Kursk").raw["name"] == "Kursk"  # offline answer: fallback untouched
    with pytest.raises(network_guard.error, match="nominatim.openstreetmap.org"):
        geocoder.geocode("Xyzzyplughtown")
    assert network_guard.attempts
    network_guard.attempts.clear()  # blocked on purpose


def test_geocoder_network_guard_allows_loopback_and_unix(network_guard, tmp_path):
    with pytest.raises(network_guard.error):
        socket.getaddrinfo("example.com", 80)
    with pytest.raises(network_guard.error):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.connect_ex(("192.0.2.1", 9))
        finally:
            s.close()
    network_guard.attempts.clear()

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        port = server.getsockname()[1]
        with socket.create_connection(("localhost", port), timeout=2):
            pass
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    finally:
        server.close()
    assert socket.getaddrinfo("localhost", 80)

    path = str(tmp_path / "s.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    try:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
        client.close()
    finally:
        listener.close()
    assert network_guard.attempts == []


# ---------------------------------------------------------------- reverse


@pytest.mark.parametrize(
    "query",
    [(45.0, 34.1), [45.0, 34.1], "45.0, 34.1", "45.0;34.1", Point(45.0, 34.1), ("45.0", "34.1")],
    ids=["tuple", "list", "string", "semicolon", "Point", "strings"],
)
def test_geocoder_reverse_forms(geocoder, query):
    loc = geocoder.reverse(query)
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == (45.0, 34.1)
    assert loc.raw["country"] == "UA"
    assert loc.raw["admin1_iso"] == "UA-43"
    assert "2014" in loc.raw["status"]
    assert "Crimea" in loc.address
    json.dumps(loc.raw)


def test_geocoder_reverse_many_is_list(geocoder):
    locs = geocoder.reverse((51.7373, 36.1874), exactly_one=False)
    assert isinstance(locs, list) and len(locs) == 1
    assert locs[0].raw["nearest"]["name"] == "Kursk"


@pytest.mark.parametrize("query", [(95, 10), "95, 10", (10, -181), (float("nan"), 0), "abc", "1, 2, 3", ("x", 1)])
def test_geocoder_reverse_bad_point(geocoder, query):
    with pytest.raises(CoordinateError):
        geocoder.reverse(query)


# ---------------------------------------------------------------- geopy compatibility


def test_geocoder_works_where_geopy_expects_geocode():
    geocoder = OfflineGeocoder()
    # the way geopy's docs wrap a geocoder: partial(geolocator.geocode, ...) / RateLimiter(geolocator.geocode)
    geocode = functools.partial(geocoder.geocode, exactly_one=True, language="en", timeout=10)
    loc = geocode("Kharkov")
    assert isinstance(loc, Location) and loc.raw["name"] == "Kharkiv"
    assert geocode("Xyzzyplughtown") is None
    by_position = geocoder.geocode("Kiev", True)  # positional exactly_one, as geopy allows
    assert by_position.raw["name"] == "Kyiv"
    names = ["Kursk", "Artemivsk", "Xyzzyplughtown"]
    assert [None if loc is None else loc.raw["name"] for loc in map(geocode, names)] == ["Kursk", "Bakhmut", None]


def test_geocoder_works_under_geopy_rate_limiter():
    from geopy.extra.rate_limiter import RateLimiter

    geocode = RateLimiter(OfflineGeocoder().geocode, min_delay_seconds=0, swallow_exceptions=False)
    loc = geocode("Vuhledar")
    assert isinstance(loc, Location) and loc.raw["admin1_iso"] == "UA-14"
    reverse = RateLimiter(OfflineGeocoder().reverse, min_delay_seconds=0, swallow_exceptions=False)
    assert reverse("45.0, 34.1").raw["admin1_iso"] == "UA-43"
