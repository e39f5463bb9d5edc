"""The web map in headless Chromium with the network off: what Leaflet drew, toggles, slider, popups, safety.

Each test loads a map file, checks that nothing was requested from the
network and nothing logged an error, and saves a screenshot to
``tests/.screenshots/``.  Skipped when chromium, chromedriver or selenium
are missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from pathlib import Path

import headless  # tools/headless.py (pytest puts tools/ on sys.path)
import pytest

from geoevents import extract_events_from_file
from geoevents.core.model import Event, EventPlace, Evidence
from geoevents.webmap import map_fragment, save_map

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "maps" / "examples" / "kursk-buildup.html"
SHOTS = Path(__file__).resolve().parent / ".screenshots"

_why = headless.available()
if _why:
    pytest.skip(f"browser tests need headless Chromium: {_why}", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with headless.offline_browser() as b:
        yield b


@pytest.fixture(scope="module")
def example_events():
    return extract_events_from_file(EXAMPLE)


@pytest.fixture(scope="module")
def example_map(example_events, tmp_path_factory):
    return save_map(example_events, tmp_path_factory.mktemp("maps") / "kursk.html", title="Kursk build-up, November 2024")


def load(browser, path, name, *, maps=1):
    browser.requests()
    browser.errors()
    browser.open(path, wait_drawn=maps)
    return name


def check_clean(browser, name):
    shot = browser.screenshot(SHOTS / f"{name}.png")
    remote = [u for u in browser.requests() if u.split(":", 1)[0].lower() in ("http", "https", "ws", "wss")]
    assert remote == [], f"the page asked the network for {remote}"
    errors = browser.errors()
    assert errors == [], f"console errors: {errors}"
    assert shot.stat().st_size > 10_000


# every event drawn as a point: a stack of events at one spot counts each of them; fanned-out copies do not count
MARKERS = ("return Array.from(document.querySelectorAll('.ge-marker:not(.ge-spider)'))"
           ".flatMap(m => (m.dataset.events || m.dataset.event).split(',').map(Number))")


def points(events):
    """Indices of the events drawn as points: not those known only to the country."""
    return [i for i, e in enumerate(events) if e.geo_precision != 4]


def count(browser, selector):
    return browser.js("return document.querySelectorAll(arguments[0]).length", selector)


def toggle(browser, label_text):
    """Click the layer-control checkbox whose label reads ``label_text``."""
    clicked = browser.js("""
        for (const label of document.querySelectorAll('.leaflet-control-layers-overlays label')) {
          if (label.textContent.trim() === arguments[0]) { label.querySelector('input').click(); return true; }
        }
        return false;""", label_text)
    assert clicked, f"no layer switch {label_text!r}"


def test_example_draws_events_troops_movement_areas(browser, example_map, example_events):
    name = load(browser, example_map, "example")
    assert sorted(browser.js(MARKERS)) == points(example_events)
    assert count(browser, ".ge-troops") == 2
    labels = browser.js("return Array.from(document.querySelectorAll('.ge-troop-label')).map(l => l.textContent)")
    assert sorted(labels) == ["~11,000", "~50,000"]
    assert count(browser, "path.ge-move") == 1
    assert count(browser, "path.ge-area") == len({e.place.admin1_iso for e in example_events if e.place.admin1_iso})
    # the Kursk events and the Amur meeting are on screen
    inside = browser.js("""
        const box = document.querySelector('.folium-map').getBoundingClientRect();
        return Array.from(document.querySelectorAll('.ge-marker')).filter(m => {
          const r = m.getBoundingClientRect();
          return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
        }).flatMap(m => (m.dataset.events || m.dataset.event).split(',').map(Number));""")
    for i, e in enumerate(example_events):
        if e.place.name in ("Kursk Oblast", "Kharkiv", "Pokrovsk", "Odesa", "Robotyne"):
            assert i in inside, e.place.name
        if e.place.name in ("Amur Oblast", "Washington"):
            assert i not in inside, e.place.name
    # the layer control has its headings and the legend counts the types
    heads = browser.js("return Array.from(document.querySelectorAll('.ge-control-head')).map(h => h.textContent)")
    assert heads == ["Event types", "Actors and sides", "Overlays"]
    legend = browser.js("return document.querySelector('.ge-legend').textContent")
    assert "Strategic developments5" in legend.replace(" ", "").replace("Strategicdevelopments", "Strategic developments")
    check_clean(browser, name)


def test_each_type_switch_hides_exactly_its_events(browser, example_map, example_events):
    name = load(browser, example_map, "type-switches")
    types = sorted({e.event_type for e in example_events})
    every = sorted(browser.js(MARKERS))
    for t in types:
        n = sum(e.event_type == t for e in example_events)
        toggle(browser, f"{t} ({n})")
        shown = sorted(browser.js(MARKERS))
        assert shown == [i for i in every if example_events[i].event_type != t], t
        toggle(browser, f"{t} ({n})")
        assert sorted(browser.js(MARKERS)) == every, t
    check_clean(browser, name)


def test_actor_switch_keeps_events_with_another_actor_on(browser, example_map, example_events):
    name = load(browser, example_map, "actor-switch")
    toggle(browser, "Military Forces of Russia")
    expected = [i for i in points(example_events) if example_events[i].actors != ("Military Forces of Russia",)]
    assert sorted(browser.js(MARKERS)) == expected
    assert count(browser, ".ge-troops") == 2  # both troop events name other actors too
    toggle(browser, "No actor named")
    expected = [i for i in expected if example_events[i].actors]
    assert sorted(browser.js(MARKERS)) == expected
    toggle(browser, "Military Forces of Russia")
    toggle(browser, "No actor named")
    assert len(browser.js(MARKERS)) == len(points(example_events))
    check_clean(browser, name)


def visible_in_python(events, day: dt.date, mode: str):
    out = []
    for i, e in enumerate(events):
        start, end = e.date_start, e.date_end or e.date_start
        if start is None or mode == "all":
            out.append(i)
        elif mode == "cumulative":
            if start <= day:
                out.append(i)
        else:
            span = int(mode)
            if start <= day and end >= day - dt.timedelta(days=span - 1):
                out.append(i)
    return out


def test_slider_positions_match_python(browser, example_map, example_events):
    name = load(browser, example_map, "slider")
    epoch = dt.date(1970, 1, 1)
    lo, hi = browser.js("return document.querySelector('.folium-map').geoevents.timeRange")
    assert epoch + dt.timedelta(days=lo) == min(e.date_start for e in example_events)
    days = [lo, lo + 30, (epoch.toordinal() * 0) + (dt.date(2024, 10, 15) - epoch).days,
            (dt.date(2024, 11, 17) - epoch).days, (dt.date(2024, 11, 18) - epoch).days, hi]
    seen = set()
    for mode in ("cumulative", "1", "7", "30"):
        for day in days:
            browser.js("""
                const box = document.querySelector('.ge-slider');
                box.querySelector('select').value = arguments[1];
                box.querySelector('select').dispatchEvent(new Event('change'));
                const r = box.querySelector('input[type=range]');
                r.value = String(arguments[0]);
                r.dispatchEvent(new Event('input'));""", day, mode)
            want = [i for i in visible_in_python(example_events, epoch + dt.timedelta(days=day), mode)
                    if i in points(example_events)]
            assert sorted(browser.js(MARKERS)) == want, (mode, epoch + dt.timedelta(days=day))
            seen.add(len(want))
    assert len(seen) >= 4  # the positions tried really move through time
    browser.screenshot(SHOTS / "slider-2024-11-18-7days.png")
    # play runs from the first day to the last, showing at each step what Python counts for that day
    browser.js("const s = document.querySelector('.ge-slider select'); s.value = '30';"
               "s.dispatchEvent(new Event('change')); document.querySelector('.ge-play').click()")
    steps = set()
    for _ in range(40):
        day, shown = browser.js("return [+document.querySelector('.ge-range').value, (function () {"
                                + MARKERS + "})()]")
        want = [i for i in visible_in_python(example_events, epoch + dt.timedelta(days=day), "30")
                if i in points(example_events)]
        if sorted(shown) == want:
            steps.add(day)
        if day >= hi:
            break
        time.sleep(0.15)
    assert len(steps) >= 3 and max(steps) <= hi
    check_clean(browser, name)


def test_every_popup_quotes_its_sentence(browser, example_map, example_events):
    name = load(browser, example_map, "popups")
    for i, e in enumerate(example_events):
        quote = browser.js("""
            const i = arguments[0];
            const item = document.querySelector('.ge-country-item[data-event="' + i + '"]');
            if (item) item.click();  // known only to the country: listed in the panel, not a point
            else {
              let m = document.querySelector('.ge-marker:not(.ge-spider)[data-event="' + i + '"]:not(.ge-stack)');
              if (!m) {  // one of a stack at one spot: open the stack, then click its own marker
                const stack = Array.from(document.querySelectorAll('.ge-stack'))
                  .find(s => s.dataset.events.split(',').includes(String(i)));
                stack.click();
                m = document.querySelector('.ge-spider[data-event="' + i + '"]');
              }
              m.click();
            }
            const popups = document.querySelectorAll('.leaflet-popup');  // a closing one may still fade out
            const q = popups.length ? popups[popups.length - 1].querySelector('.ge-quote') : null;
            return q ? q.textContent : null;""", i)
        assert quote == e.evidence.sentence
        body = browser.js("const p = document.querySelectorAll('.leaflet-popup'); return p[p.length - 1].textContent")
        assert e.place.name in body and e.event_type in body
        if e.troops:
            assert e.troops.label in body
    check_clean(browser, name)


def synthetic(n: int, seed: int = 5) -> list[Event]:
    rnd = random.Random(seed)
    types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
             "Strategic developments"]
    out = []
    for k in range(n):
        lat, lon = 44 + rnd.random() * 8, 28 + rnd.random() * 12
        d = dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randrange(300))
        place = EventPlace(f"Place {k % 500}", f"test:{k % 500}", "city", "", "", "UA", lat, lon)
        out.append(Event(id=f"e{k}", lat=lat, lon=lon, place=place, geo_precision=1, date_start=d, date_end=d,
                         date_precision="day", status="happened", event_type=types[k % 6], sub_event_type="",
                         actors=(f"Actor {k % 20}",), troops=None, fatalities=None,
                         evidence=Evidence(0, 10, f"Sentence {k}."), source="synthetic"))
    return out


def test_two_thousand_events_cluster(browser, tmp_path):
    path = save_map(synthetic(2000), tmp_path / "many.html", title="2,000 synthetic events")
    name = load(browser, path, "cluster-2000")
    api = "document.querySelector('.folium-map').geoevents"
    assert browser.js(f"return {api}.clustered()")
    clusters = count(browser, ".ge-cluster")
    assert 0 < clusters < 300 and count(browser, ".ge-marker") < 300
    total = browser.js("""return Array.from(document.querySelectorAll('.ge-cluster'))
                          .map(c => c.textContent).reduce((a, t) => a + (t.endsWith('k') ? 0 : +t), 0)""")
    assert total + count(browser, ".ge-marker") <= 2000
    # a click on a cluster zooms in on it
    z0 = browser.js(f"return {api}.zoom()")
    browser.js("document.querySelector('.ge-cluster').click()")
    for _ in range(40):
        if browser.js(f"return {api}.zoom()") > z0:
            break
        time.sleep(0.05)
    assert browser.js(f"return {api}.zoom()") > z0
    check_clean(browser, name)


def test_two_fragments_on_one_page(browser, example_events, tmp_path):
    first = map_fragment(example_events, title="First map")
    second = map_fragment([e for e in example_events if e.event_type == "Battles"], title="Second map")
    page = tmp_path / "report.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>report</title></head><body>"
                    "<h1>Report</h1><p>Before.</p>" + first + "<p>Between.</p>" + second + "<p>After.</p>"
                    "</body></html>", encoding="utf-8")
    name = load(browser, page, "two-fragments", maps=2)
    per_map = browser.js("""return Array.from(document.querySelectorAll('.folium-map'))
                            .map(d => Array.from(d.querySelectorAll('.ge-marker'))
                                 .flatMap(m => (m.dataset.events || m.dataset.event).split(',')).length)""")
    assert per_map == [len(points(example_events)), 2]
    heights = browser.js("return Array.from(document.querySelectorAll('.folium-map')).map(d => d.offsetHeight)")
    assert all(h > 400 for h in heights)
    # the host page keeps its own layout: body margins are the browser's defaults
    assert browser.js("return getComputedStyle(document.body).marginTop") == "8px"
    check_clean(browser, name)


HOSTILE = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "</script><script>window.__pwned='close'</script>",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "javascript:window.__pwned='js'",
    "{{ 7*7 }}{% if true %}jinja{% endif %}",
]


def hostile_table(path: Path) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
                    "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"])
        for k, bad in enumerate(HOSTILE):
            w.writerow([f"H{k}", f"2024-11-{10 + k}", "Battles" if k % 2 else "Riots" + bad, "Armed clash" + bad,
                        "Actor" + bad, "Other" + bad, "Ukraine", "Kharkiv", "Place" + bad, 49.9 + k * 0.1,
                        36.2 + k * 0.1, 1, "Source" + bad, "Sentence" + bad, k])
    return path


def hostile_article(path: Path) -> Path:
    payload = " ".join(HOSTILE)
    path.write_text(
        "<html><head><title>T" + payload.replace("<", "&lt;") + "</title>"
        "<meta property='article:published_time' content='2024-11-18'></head><body><article>"
        "<p>Russian forces shelled Kharkiv on 17 November 2024, &lt;script&gt;window.__pwned='art'&lt;/script&gt; "
        "said &lt;img src=x onerror=window.__pwned=1&gt; {{ 7*7 }} officials.</p>"
        "<p>About 11,000 North Korean soldiers &lt;svg onload=window.__pwned=2&gt; were sent from North Korea to "
        "the Kursk region last week.</p></article></body></html>", encoding="utf-8")
    return path


def exercise_everything(browser):
    """Open every popup, hover every marker, expand the layer control; then report what ran."""
    browser.js("""
        document.querySelector('.leaflet-control-layers').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        for (const m of document.querySelectorAll('.ge-marker')) {
          m.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
          m.click();
        }
        for (const p of document.querySelectorAll('path.ge-troops, path.ge-move, path.ge-area')) {
          p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: 10, clientY: 10}));
        }""")
    return browser.js("return window.__pwned === undefined ? null : String(window.__pwned)")


def test_hostile_table_runs_nothing(browser, tmp_path):
    from geoevents.pipeline import collect_events

    events, _ = collect_events([str(hostile_table(tmp_path / "hostile.csv"))])
    assert len(events) == len(HOSTILE)
    path = save_map(events, tmp_path / "hostile.html", title="Hostile " + " ".join(HOSTILE))
    name = load(browser, path, "hostile-table")
    assert exercise_everything(browser) is None
    # the text shows as text
    text = browser.js("return document.body.innerText")
    assert "window.__pwned='img'" in text or "onerror" in text
    assert count(browser, ".folium-map img[src='x'], .folium-map svg[onload]") == 0
    labels = browser.js("return Array.from(document.querySelectorAll('.leaflet-control-layers label')).map(l => l.textContent)")
    assert any("<script>window.__pwned='script'</script>" in label for label in labels)
    assert any("{{ 7*7 }}" in label for label in labels)
    check_clean(browser, name)


def test_hostile_article_runs_nothing(browser, tmp_path):
    from geoevents.pipeline import collect_events

    events, _ = collect_events([str(hostile_article(tmp_path / "hostile.html"))])
    assert events and any("window.__pwned" in e.evidence.sentence for e in events)
    path = save_map(events, tmp_path / "hostile-map.html", title="T" + " ".join(HOSTILE))
    name = load(browser, path, "hostile-article")
    assert exercise_everything(browser) is None
    quotes = browser.js("""
        const out = [];
        for (const m of document.querySelectorAll('.ge-marker')) {
          m.click();
          const popups = document.querySelectorAll('.leaflet-popup');  // a closing one may still fade out
          out.push(popups[popups.length - 1].querySelector('.ge-quote').textContent);
        }
        return out;""")
    assert sorted(quotes) == sorted(e.evidence.sentence for e in events)
    assert any("<script>window.__pwned='art'</script>" in q for q in quotes)
    assert browser.js("return window.__pwned === undefined")
    assert browser.js("return document.querySelector('.ge-title-main').textContent").startswith("T<script>")
    check_clean(browser, name)


def test_empty_undated_and_unplaced_maps_draw_without_errors(browser, example_events, tmp_path):
    cases = {
        "empty": ([], 0),
        "undated": ([dataclasses.replace(e, date_start=None, date_end=None) for e in example_events[:3]], 3),
        "unplaced": ([dataclasses.replace(example_events[0], lat=None, lon=None)], 0),
    }
    for label, (events, markers) in cases.items():
        path = save_map(events, tmp_path / f"{label}.html", title=label)
        name = load(browser, path, f"edge-{label}")
        assert len(browser.js(MARKERS)) == markers, label
        assert count(browser, ".ge-slider") == 0, label  # no dated event on the map, so no time slider
        check_clean(browser, name)
    assert "1 without coordinates not shown" in browser.js("return document.querySelector('.ge-title-sub').textContent")


API = "document.querySelector('.folium-map').geoevents"
LABEL_BOXES = """return Array.from(document.querySelectorAll('.ge-label')).map(l => {
    const r = l.getBoundingClientRect();
    return [l.textContent, l.dataset.label, r.left, r.top, r.right, r.bottom];
  });"""


def wait_zoom(browser, z):
    for _ in range(60):
        if browser.js(f"return {API}.zoom()") == z:
            break
        time.sleep(0.05)
    time.sleep(0.3)


def assert_no_overlaps(boxes):
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            assert not (a[2] <= b[4] - 0.5 and b[2] <= a[4] - 0.5 and a[3] <= b[5] - 0.5 and b[3] <= a[5] - 0.5), (a, b)


def test_reference_labels_exist_do_not_overlap_and_name_event_places(browser, example_map, example_events):
    name = load(browser, example_map, "labels-first-view")
    boxes = browser.js(LABEL_BOXES)
    names = {b[0] for b in boxes}
    kinds = {b[1] for b in boxes}
    assert {"Kursk Oblast", "Kharkiv", "Odesa", "Pokrovsk", "Robotyne"} <= names  # the places with events
    assert "Kyiv" in names and "UKRAINE" in {n.upper() for n in names} and "Sea of Azov" in names
    assert {"event", "country", "sea", "city"} <= kinds
    assert_no_overlaps(boxes)
    browser.screenshot(SHOTS / "example-first-view.png")
    # labels sit below the markers and take no clicks
    assert browser.js("return getComputedStyle(document.querySelector('.ge-label')).pointerEvents") == "none"
    assert browser.js("const p = document.querySelector('.leaflet-geLabels-pane');"
                      "return +getComputedStyle(p).zIndex < +getComputedStyle(document.querySelector("
                      "'.leaflet-marker-pane')).zIndex")
    # the two troop labels at Kursk do not overlap either
    troops = browser.js("""return Array.from(document.querySelectorAll('.ge-troop-label')).map(l => {
        const r = l.getBoundingClientRect(); return [l.textContent, '', r.left, r.top, r.right, r.bottom]; });""")
    assert len(troops) == 2
    assert_no_overlaps(troops)
    # zooming in brings in the smaller towns, still without overlaps, event places first
    for z in (7, 9):
        browser.js("""const d = document.querySelector('.folium-map');
                      const ll = [49.98081, 36.25272];  // Kharkiv
                      d.geoevents.setView(ll, arguments[0]);""", z)
        wait_zoom(browser, z)
        boxes = browser.js(LABEL_BOXES)
        assert len(boxes) > 10 and "Kharkiv" in {b[0] for b in boxes}, z
        assert_no_overlaps(boxes)
        browser.screenshot(SHOTS / f"example-zoom-{z}.png")
    check_clean(browser, name)


def test_first_view_holds_the_main_group_and_outside_control_zooms(browser, example_map, example_events):
    name = load(browser, example_map, "outside-control")
    first = browser.js(f"return {API}.firstView")
    (s, w), (n, e) = first
    for ev in example_events:
        if ev.geo_precision == 4:
            continue
        inside = s <= ev.lat <= n and w <= ev.lon <= e
        assert inside == (ev.place.name not in ("Amur Oblast", "Washington")), ev.place.name
    assert e - w < 40  # the Kursk and Ukraine area, not Eurasia
    button = browser.js("const b = document.querySelector('.ge-outside');"
                        "return [b.textContent, b.dataset.outside, getComputedStyle(b).display]")
    assert button[1] == "2" and "2 events outside this view" in button[0] and button[2] != "none"
    z0 = browser.js(f"return {API}.zoom()")
    browser.js("document.querySelector('.ge-outside').click()")
    for _ in range(60):
        if browser.js("return document.querySelector('.ge-outside').dataset.outside") == "0":
            break
        time.sleep(0.05)
    assert browser.js("return document.querySelector('.ge-outside').dataset.outside") == "0"
    assert browser.js(f"return {API}.zoom()") < z0
    check_clean(browser, name)


def test_country_level_events_are_listed_and_shaded_not_pins(browser, example_map, example_events):
    name = load(browser, example_map, "country-level")
    country = [i for i, e in enumerate(example_events) if e.geo_precision == 4]
    assert country  # the example has an event known only to Ukraine
    drawn = browser.js(MARKERS)
    assert not set(country) & set(drawn)
    listed = browser.js("return Array.from(document.querySelectorAll('.ge-country-item')).map(i => +i.dataset.event)")
    assert sorted(listed) == country
    assert count(browser, "path.ge-country") == 1
    assert "Ukraine" in browser.js("return document.querySelector('.ge-countries').textContent")
    check_clean(browser, name)


def test_identical_points_spiderfy_on_click(browser, example_map, example_events):
    name = load(browser, example_map, "spiderfy")
    stack = browser.js("return document.querySelector('.ge-stack').dataset.events")
    members = [int(k) for k in stack.split(",")]
    assert len(members) == 2 and example_events[members[0]].place.name == "Kursk Oblast"
    browser.js("document.querySelector('.ge-stack').click()")
    spread = browser.js("""return Array.from(document.querySelectorAll('.ge-spider')).map(m => {
        const r = m.getBoundingClientRect(); return [+m.dataset.event, r.left + r.width / 2, r.top + r.height / 2]; });""")
    assert sorted(k for k, _x, _y in spread) == members
    (_a, x1, y1), (_b, x2, y2) = spread
    assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 > 20  # apart on screen, on leader lines
    assert count(browser, "path.ge-spider-leg") == 2
    check_clean(browser, name)


def test_zero_events_show_a_message_with_the_reason(browser, example_events, tmp_path):
    path = save_map([], tmp_path / "none.html", title="Nothing found")
    name = load(browser, path, "no-events")
    assert browser.js("return document.querySelector('.ge-empty').textContent") == "No eventsThe input gave no events."
    assert browser.js("return getComputedStyle(document.querySelector('.ge-legend')).display") == "none"
    check_clean(browser, name)
    path = save_map([], tmp_path / "filtered.html", note="the filter --type Protests kept none of 9 events")
    name = load(browser, path, "no-events-filtered")
    assert "--type Protests" in browser.js("return document.querySelector('.ge-empty').textContent")
    check_clean(browser, name)
    # switching every type off says so too
    path = save_map([e for e in example_events if e.event_type == "Battles"], tmp_path / "battles.html")
    name = load(browser, path, "no-events-switched-off")
    assert browser.js("return getComputedStyle(document.querySelector('.ge-empty')).display") == "none"
    toggle(browser, "Battles (2)")
    assert "switched off" in browser.js("return document.querySelector('.ge-empty').textContent")
    check_clean(browser, name)


def test_single_event_gets_a_town_scale_zoom(browser, example_events, tmp_path):
    one = [e for e in example_events if e.place.name == "Kharkiv"]
    path = save_map(one, tmp_path / "one.html", title="One event")
    name = load(browser, path, "single-event")
    assert 6 <= browser.js(f"return {API}.zoom()") <= 9
    assert "Kharkiv" in {b[0] for b in browser.js(LABEL_BOXES)}
    check_clean(browser, name)
