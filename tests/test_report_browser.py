"""The report page in headless Chromium with the network off: map drawn, table sorts and filters, no error.

Skipped when chromium, chromedriver or selenium are missing.
"""

from __future__ import annotations

from pathlib import Path

import headless  # tools/headless.py (pytest puts tools/ on sys.path)
import pytest
from test_report import hostile_events  # tests/ is on sys.path (no __init__.py)

from geoevents import extract_events_from_file
from geoevents.outputs.report import save_report

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"
SHOTS = Path(__file__).resolve().parent / ".screenshots"

_why = headless.available()
if _why:
    pytest.skip(f"browser tests need headless Chromium: {_why}", allow_module_level=True)

COLUMN = {"Date": 0, "Type": 1, "Status": 2, "Place": 3, "Troops": 5, "Killed": 6}


@pytest.fixture(scope="module")
def browser():
    with headless.offline_browser(width=1280, height=1000) as b:
        yield b


@pytest.fixture(scope="module")
def events():
    return list(extract_events_from_file(EXAMPLE))


def column(browser, index):
    return browser.js("return Array.from(document.querySelectorAll('#events tbody tr'))"
                      ".filter(function (r) { return !r.hidden; })"
                      f".map(function (r) {{ return r.cells[{index}].getAttribute('data-sort'); }});")


def fresh(browser, path):
    browser.requests()  # drop what earlier pages logged
    browser.errors()
    browser.open(path)


def click(browser, label):
    browser.js("document.querySelectorAll('#events thead th button')[arguments[0]].click();", COLUMN[label])


def test_report_browser_map_table_and_sorting(browser, events, tmp_path):
    path = save_report(events, tmp_path / "report.html", title="Kursk build-up")
    fresh(browser, path)
    assert browser.js("return document.querySelectorAll('#events tbody tr').length") == len(events)
    dates = column(browser, COLUMN["Date"])
    assert dates == sorted(dates)  # as written
    click(browser, "Date")  # ascending
    assert column(browser, COLUMN["Date"]) == sorted(dates)
    click(browser, "Date")  # descending
    assert column(browser, COLUMN["Date"]) == sorted(dates, reverse=True)
    assert browser.js("return document.querySelectorAll('#events thead th')[0].getAttribute('aria-sort')") \
        == "descending"
    click(browser, "Troops")
    troops = column(browser, COLUMN["Troops"])
    assert troops[:2] == ["11000", "50000"] and set(troops[2:]) == {""}  # numbers, not text; blanks last
    click(browser, "Troops")
    assert column(browser, COLUMN["Troops"])[:2] == ["50000", "11000"]
    click(browser, "Place")
    places = column(browser, COLUMN["Place"])
    assert places == sorted(places, key=str.lower)
    browser.js("var f = document.getElementById('filter'); f.value = 'washington';"
               "f.dispatchEvent(new Event('input'));")
    assert len(column(browser, 0)) == 1
    assert browser.js("return document.getElementById('shown').textContent") == f"1 of {len(events)} shown"
    browser.js("var f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input'));")
    assert len(column(browser, 0)) == len(events)
    browser.screenshot(SHOTS / "report.png")
    remote = [u for u in browser.requests() if u.split(":", 1)[0].lower() in ("http", "https", "ws", "wss")]
    assert remote == []
    assert browser.errors() == []


def test_report_browser_hostile_text_runs_nothing(browser, events, tmp_path):
    path = save_report(hostile_events(events), tmp_path / "hostile.html", title="<script>alert(1)</script>")
    browser.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "window.__alerts = 0; window.alert = function () { window.__alerts += 1; };"})
    fresh(browser, path)
    assert browser.js("return window.__alerts") == 0
    assert browser.js("return document.querySelectorAll('#events img, #events svg, #events iframe').length") == 0
    assert browser.js("return document.querySelector('h1').textContent") == "<script>alert(1)</script>"
    assert browser.js("return document.querySelectorAll('#events tbody tr').length") == len(events)
    remote = [u for u in browser.requests() if u.split(":", 1)[0].lower() in ("http", "https", "ws", "wss")]
    assert remote == []
    assert browser.errors() == []
