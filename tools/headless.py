"""Headless Chromium for the map's browser tests, its benchmark and the README screenshot.

Needs ``selenium`` (the ``test`` extra) and Debian's ``chromium`` and
``chromium-driver``.  :func:`offline_browser` starts Chromium with the network
emulated off and records every request it makes, so a caller can check that a
page asked for nothing remote and logged no error.

    python tools/headless.py MAP.html SHOT.png [--size 1280x800]
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "CHROMEDRIVER", "available", "offline_browser", "Browser"]

CHROMIUM = os.environ.get("GEOEVENTS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GEOEVENTS_CHROMEDRIVER", "/usr/bin/chromedriver")


def available() -> str | None:
    """None when the browser can run, else why not."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(path)):
            return f"{path} not found (apt-get install chromium chromium-driver)"
    return None


@dataclass
class Browser:
    driver: Any
    _seen: int = field(default=0)

    def open(self, path: str | Path, *, wait_drawn: int = 1, timeout: float = 60.0) -> None:
        """Load a local file and wait until ``wait_drawn`` maps on it have drawn their first frame."""
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver.get(Path(path).resolve().as_uri())
        WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(
            lambda d: d.execute_script("return document.querySelectorAll('[data-geoevents-drawn]').length")
            >= wait_drawn)

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def requests(self) -> list[str]:
        """URLs of every request the page made since the last call (from the performance log)."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def errors(self) -> list[str]:
        """Console messages of level SEVERE (errors, uncaught exceptions, failed loads)."""
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def screenshot(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path


@contextlib.contextmanager
def offline_browser(width: int = 1280, height: int = 800) -> Iterator[Browser]:
    """A headless Chromium with the network off, its requests and console recorded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="geoevents-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--allow-file-access-from-files", f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        driver.set_window_size(width, height)
        yield Browser(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Screenshot a map file: the README's picture is made this way."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("page")
    parser.add_argument("png")
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    why = available()
    if why:
        parser.error(why)
    width, height = (int(v) for v in args.size.lower().split("x"))
    with offline_browser(width, height) as browser:
        browser.open(args.page)
        browser.screenshot(args.png)
        errors = browser.errors()
    for e in errors:
        print(f"console: {e}")
    return 1 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
