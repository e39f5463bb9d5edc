"""Shared test fixtures and the network guard.

Tests never touch the network.  From ``pytest_configure`` on, every
in-process attempt to resolve or connect to a non-local host
(``socket.socket.connect`` / ``connect_ex``, ``socket.create_connection``,
``socket.getaddrinfo`` / ``gethostbyname`` / ``gethostbyname_ex``) raises
:class:`NetworkAccessBlocked` naming the host.  The error subclasses
``RuntimeError``, not ``OSError``, so ``except OSError`` handlers around
network code cannot mistake it for a mere "host unreachable"; and should a
test swallow it anyway, the test still fails afterwards, listing what was
attempted.

Loopback (127.0.0.0/8, ::1, "localhost"), the unspecified address and
AF_UNIX sockets stay allowed: browser tests serve files on localhost.

Tests that must reach the network (``@pytest.mark.rebuild``, which rebuilds
the gazetteer from the package registries, or ``@pytest.mark.allow_network``)
are exempt.

The markers are registered in ``pyproject.toml`` (``--strict-markers``).  Two
of them change what a plain ``python -m pytest`` does:

* ``rebuild`` tests are skipped unless ``-m`` names the marker or
  ``GEOEVENTS_REBUILD=1`` is set (the rebuild downloads about 700 MB);
* ``browser`` tests skip when headless Chromium is missing, and the run then
  ends with a warning that says so; ``GEOEVENTS_REQUIRE_BROWSER=1`` turns
  those skips into a failed run.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import geoevents

# ---------------------------------------------------------------- the guard

_EXEMPT_MARKERS = ("allow_network", "rebuild")
_LOCAL_NAMES = frozenset({"localhost", "localhost.", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class NetworkAccessBlocked(RuntimeError):
    """A test tried to reach a non-local host."""


@dataclass
class NetworkGuard:
    """What the guard saw; ``attempts`` lists blocked calls of the current test."""

    allowed: bool = False
    attempts: list[str] = field(default_factory=list)
    error: type[Exception] = NetworkAccessBlocked


GUARD = NetworkGuard()
_ORIGINALS: dict[tuple[Any, str], tuple[bool, Any]] = {}


def _is_local_host(host: Any) -> bool:
    if host is None:  # getaddrinfo(None, port): the local (passive) address
        return True
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    host = host.strip()
    if host == "" or host.lower() in _LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0].strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def _block(what: str) -> None:
    if GUARD.allowed:
        return
    message = (
        f"tests never touch the network: blocked {what} "
        "(only loopback and AF_UNIX are allowed; mark the test allow_network if it really must go online)"
    )
    GUARD.attempts.append(what)
    raise NetworkAccessBlocked(message)


def _check_address(sock: socket.socket, address: Any, call: str) -> None:
    family = getattr(sock, "family", None)
    if family not in (socket.AF_INET, socket.AF_INET6):
        return  # AF_UNIX, AF_NETLINK ...: not the network
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_local_host(host):
        _block(f"socket.{call}({address!r})")


def _install() -> None:
    if _ORIGINALS:
        return
    connect = socket.socket.connect
    connect_ex = socket.socket.connect_ex
    create_connection = socket.create_connection
    getaddrinfo = socket.getaddrinfo
    gethostbyname = socket.gethostbyname
    gethostbyname_ex = socket.gethostbyname_ex

    def guarded_connect(self, address, *args, **kwargs):
        _check_address(self, address, "connect")
        return connect(self, address, *args, **kwargs)

    def guarded_connect_ex(self, address, *args, **kwargs):
        _check_address(self, address, "connect_ex")
        return connect_ex(self, address, *args, **kwargs)

    def guarded_create_connection(address, *args, **kwargs):
        host = address[0] if isinstance(address, tuple) and address else address
        if not _is_local_host(host):
            _block(f"socket.create_connection({address!r})")
        return create_connection(address, *args, **kwargs)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _is_local_host(host):
            _block(f"socket.getaddrinfo({host!r})")
        return getaddrinfo(host, *args, **kwargs)

    def guarded_gethostbyname(host, *args, **kwargs):
        if not _is_local_host(host):
            _block(f"socket.gethostbyname({host!r})")
        return gethostbyname(host, *args, **kwargs)

    def guarded_gethostbyname_ex(host, *args, **kwargs):
        if not _is_local_host(host):
            _block(f"socket.gethostbyname_ex({host!r})")
        return gethostbyname_ex(host, *args, **kwargs)

    patches = {
        (socket.socket, "connect"): guarded_connect,
        (socket.socket, "connect_ex"): guarded_connect_ex,
        (socket, "create_connection"): guarded_create_connection,
        (socket, "getaddrinfo"): guarded_getaddrinfo,
        (socket, "gethostbyname"): guarded_gethostbyname,
        (socket, "gethostbyname_ex"): guarded_gethostbyname_ex,
    }
    for (owner, name), replacement in patches.items():
        # remember whether the owner defined the attribute itself (socket.socket inherits connect)
        _ORIGINALS[(owner, name)] = (name in vars(owner), getattr(owner, name))
        setattr(owner, name, replacement)


def _uninstall() -> None:
    for (owner, name), (own, original) in _ORIGINALS.items():
        if own:
            setattr(owner, name, original)
        else:
            delattr(owner, name)
    _ORIGINALS.clear()


def pytest_configure(config: pytest.Config) -> None:
    _install()


def pytest_unconfigure(config: pytest.Config) -> None:
    _uninstall()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Generator[None, Any, Any]:
    report = yield
    setattr(item, f"_rep_{report.when}", report)  # read back by _no_network
    return report


@pytest.fixture(autouse=True)
def _no_network(request: pytest.FixtureRequest) -> Iterator[NetworkGuard]:
    """Block non-local connections for the test; fail it if it swallowed a blocked attempt."""
    exempt = any(request.node.get_closest_marker(m) for m in _EXEMPT_MARKERS)
    GUARD.allowed = exempt
    GUARD.attempts = []
    try:
        yield GUARD
    finally:
        attempts, GUARD.attempts, GUARD.allowed = GUARD.attempts, [], False
    rep = getattr(request.node, "_rep_call", None)
    if attempts and not exempt and rep is not None and rep.passed:
        pytest.fail(
            "test tried to reach the network (the error was caught inside the test): " + "; ".join(attempts),
            pytrace=False,
        )


@pytest.fixture
def network_guard(_no_network: NetworkGuard) -> NetworkGuard:
    """The guard's state, for tests that check the guard itself (clear ``attempts`` when done)."""
    return _no_network


# ---------------------------------------------------------------- opt-in and must-run tests


def rebuild_requested(config: pytest.Config) -> bool:
    """Whether this run asked for the gazetteer rebuild (``GEOEVENTS_REBUILD=1`` or ``-m`` naming it)."""
    if os.environ.get("GEOEVENTS_REBUILD") == "1":
        return True
    markexpr = config.getoption("markexpr", "") or ""
    return bool(re.search(r"(?<!not )\brebuild\b", markexpr))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if rebuild_requested(config):
        return
    skip = pytest.mark.skip(reason="rebuilds the gazetteer (downloads ~700 MB): run with -m rebuild or GEOEVENTS_REBUILD=1")
    for item in items:
        if item.get_closest_marker("rebuild"):
            item.add_marker(skip)


_BROWSER_SKIP = "browser tests need headless Chromium"
_browser_skips: list[str] = []


def pytest_collectreport(report: pytest.CollectReport) -> None:
    # the browser test modules skip themselves at import when Chromium is missing
    if report.skipped and _BROWSER_SKIP in str(report.longrepr):
        line = f"{report.nodeid}: {report.longrepr[2] if isinstance(report.longrepr, tuple) else ''}"
        if line not in _browser_skips:
            _browser_skips.append(line)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not _browser_skips:
        return
    required = os.environ.get("GEOEVENTS_REQUIRE_BROWSER") == "1"
    terminalreporter.write_sep("!", "browser tests did not run", red=True, bold=True)
    for line in _browser_skips:
        terminalreporter.write_line(line)
    terminalreporter.write_line("install Chromium and its driver (Debian/Ubuntu: sudo apt-get install chromium "
                                "chromium-driver), or set GEOEVENTS_CHROMIUM; see CONTRIBUTING.md"
                                + ("; GEOEVENTS_REQUIRE_BROWSER=1 makes this a failure" if required else ""))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _browser_skips and os.environ.get("GEOEVENTS_REQUIRE_BROWSER") == "1" and exitstatus in (0, 5):  # 5: none ran
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def gaz() -> geoevents.Gazetteer:
    """The shared bundled gazetteer."""
    return geoevents.Gazetteer.default()
