"""The report page: summary, map, timeline, table; escaping of hostile text; nothing loaded from outside."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import inspect
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents import extract_events_from_file
from geoevents.cli import app
from geoevents.core.model import Evidence, Troops
from geoevents.outputs.report import CSP, report_html, save_report, timeline_svg

EXAMPLE = Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html"
HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "</script><script>alert(3)</script>",
           "' onmouseover='alert(4)", "<svg onload=alert(5)>", "{{ 7*7 }}", "javascript:alert(6)",
           "</textarea></style><iframe src=https://evil.example/>"]

if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()


@pytest.fixture(scope="module")
def events():
    return extract_events_from_file(EXAMPLE)


@pytest.fixture(scope="module")
def page(events):
    return report_html(events, title="Kursk build-up", notes=["1 article(s), 9 event(s) found, 0 skipped"])


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Elements:
    p = Elements()
    p.feed(page)
    return p


def hostile_events(events):
    """The example's events with every text field an attack string."""
    out = []
    for i, e in enumerate(events):
        bad = HOSTILE[i % len(HOSTILE)]
        place = dataclasses.replace(e.place, name=bad, admin1=HOSTILE[(i + 1) % len(HOSTILE)]) if e.place else None
        out.append(dataclasses.replace(
            e, place=place, actors=(bad, HOSTILE[(i + 2) % len(HOSTILE)]), source=HOSTILE[(i + 3) % len(HOSTILE)],
            sub_event_type=bad, evidence=Evidence(0, 10, f"He said {bad} and left."), notes=bad,
            troops=Troops(500, None, "about", sides=(bad,)) if i == 0 else e.troops))
    return out


# ---------------------------------------------------------------- structure


def test_report_has_every_part(events, page):
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Kursk build-up</h1>" in page and "<title>Kursk build-up</title>" in page
    for anchor in ('id="map"', 'id="timeline"', 'id="table"'):
        assert anchor in page
    assert 'class="geoevents-fragment"' in page  # the interactive map
    assert '<svg class="timeline"' in page
    assert "1 article(s), 9 event(s) found, 0 skipped" in page
    assert "2023-08-28 to 2024-11-30" in page


def test_report_table_has_one_row_per_event_in_date_order(events, page):
    rows = re.findall(r'<tr class="event" id="event-([^"]+)">', page)
    assert sorted(rows) == sorted(e.id for e in events) and len(rows) == 9
    dates = re.findall(r'<td class="date" data-sort="([^"]*)"', page)
    assert dates == sorted(dates)
    headers = re.findall(r'<th scope="col" data-kind="(\w+)" aria-sort="none"><button type="button">([^<]+)', page)
    assert [h for _k, h in headers] == ["Date", "Type", "Status", "Place", "Actors", "Troops", "Killed", "Wounded", "Evidence",
                                        "Source"]
    assert dict((h, k) for k, h in headers)["Troops"] == "number"


def test_report_table_cells_carry_the_facts(events, page):
    kharkiv = next(e for e in events if e.place and e.place.name == "Kharkiv")
    row = re.search(rf'<tr class="event" id="event-{kharkiv.id}">(.*?)</tr>', page).group(1)
    assert 'data-sort="2"' in row  # two killed
    assert html.escape(kharkiv.evidence.sentence) in row
    assert "Military Forces of Russia" in row and "Explosions/Remote violence" in row
    troops = next(e for e in events if e.troops and e.troops.low == 50_000)
    row = re.search(rf'<tr class="event" id="event-{troops.id}">(.*?)</tr>', page).group(1)
    assert "~50,000" in row and 'data-sort="50000"' in row and "expected" in row


def test_report_summary_counts_by_type(events, page):
    summary = page[page.index('<section class="summary">'):page.index('id="map"')]
    for t in {e.event_type for e in events}:
        n = sum(1 for e in events if e.event_type == t)
        assert re.search(rf"{re.escape(html.escape(t))}</td><td class=\"n\">{n}</td>", summary), t
    assert html.escape(str(EXAMPLE)) in summary


# ---------------------------------------------------------------- timeline


def test_timeline_bins_by_day_for_short_spans(events):
    short = [e for e in events if e.date_start and e.date_start >= dt.date(2024, 11, 1)]
    svg = timeline_svg(short)
    assert "events per day" in svg
    assert svg.count('<rect class="bar"') == len({(e.date_start, e.event_type) for e in short})


def test_timeline_bins_by_week_and_month(events):
    svg = timeline_svg(events)  # 2023-08 to 2024-11: weeks
    assert "events per week" in svg
    tips = re.findall(r"<title>([^<]+)</title>", svg)
    assert sum(int(n) for tip in tips for n in re.findall(r"(\d+) [A-Z]", tip.split(": ", 1)[1])) == 9
    long = [*events, dataclasses.replace(events[0], date_start=dt.date(2020, 1, 5), date_end=dt.date(2020, 1, 5))]
    assert "events per month" in timeline_svg(long)


def test_timeline_heights_add_up_to_the_counts(events):
    svg = timeline_svg(events, height=240)
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', svg)]
    # peak = 5 events on 18 November (the overnight strikes, their interceptions, the troops): a bar of one
    # event is a fifth of the plot height (240 - 12 - 38)
    assert min(heights) == pytest.approx(190 / 5, abs=0.01)
    assert sum(heights) == pytest.approx(9 * 190 / 5, abs=0.05)


def test_timeline_without_dates():
    assert "nothing to chart" in timeline_svg([])


# ---------------------------------------------------------------- safety


def test_report_escapes_hostile_text(events):
    bad = hostile_events(events)
    page = report_html(bad, title=HOSTILE[0], notes=HOSTILE)
    parsed = parse(page)
    # no element or attribute came from the events: scripts are only ours and the map's
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "iframe", "svg") or tag == "svg" and attrs.get("class") == "timeline"
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (tag == "script" and "src" in attrs), attrs
    outside_scripts = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
    for s in HOSTILE:
        if "<" in s or '"' in s:
            assert s not in outside_scripts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    # inside scripts (the map's JSON), markup from the events appears only with its "<" escaped
    raw_scripts = "".join(re.findall(r"<script\b.*?</script>", page, flags=re.S))
    for bad in HOSTILE:
        if "<" in bad:
            assert bad not in raw_scripts
    assert len(parsed.scripts) == len(parse(report_html(events)).scripts)  # no script element from the events
    assert sum("alert(" in sc for sc in parsed.scripts) >= 1  # the hostile strings did reach the map's JSON


def test_report_hostile_strings_do_not_break_out_of_attributes(events):
    page = report_html(hostile_events(events))
    for value in re.findall(r'data-sort="([^"]*)"', page):
        assert "<" not in value and ">" not in value


def test_report_loads_nothing_from_outside(page):
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "data", "poster", "srcset", "action"):
            value = (attrs.get(name) or "").strip().lower()
            if tag == "a" and name == "href":
                continue  # a link is not a load
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, attrs)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, flags=re.I)
    assert "@import" not in page
    assert not re.search(r"<(link|img|iframe|object|embed|source|audio|video)\b", page, flags=re.I)
    metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert [m["content"] for m in metas] == [CSP]
    assert "default-src 'none'" in CSP and "connect-src 'none'" in CSP and "http" not in CSP


def test_report_without_coordinates_has_no_map_but_a_table(events):
    unplaced = [dataclasses.replace(e, lat=None, lon=None, place=None) for e in events[:3]]
    page = report_html(unplaced)
    assert "no map" in page and 'class="geoevents-fragment"' not in page
    assert page.count('<tr class="event"') == 3
    assert "Without coordinates" in page


def test_save_report_is_atomic(events, tmp_path, monkeypatch):
    path = tmp_path / "r.html"
    save_report(events, path, title="T")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    import geoevents.outputs.report as report

    def broken(*a, **k):
        raise report.__dict__.get("InputError", ValueError)("broken (simulated)")

    monkeypatch.setattr(report, "timeline_svg", broken)
    old = path.read_bytes()
    with pytest.raises(ValueError, match="simulated"):
        save_report(events, path)
    assert path.read_bytes() == old and [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_report_place_with_only_coordinates():
    e = extract_events_from_file(EXAMPLE)[3]
    loose = dataclasses.replace(e, place=None, lat=50.1234567, lon=36.7654321)
    page = report_html([loose])
    assert "50.1235, 36.7654" in page


# ---------------------------------------------------------------- CLI


def test_report_command(tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(out), "--title", "Kursk <b>",
                                 "--png", str(tmp_path / "r.png")])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    page = out.read_text(encoding="utf-8")
    assert "<h1>Kursk &lt;b&gt;</h1>" in page and page.count('<tr class="event"') == 9
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"
    assert "wrote a report of 9 event(s)" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.png", "report.html"]


@pytest.mark.parametrize("args", [["-o", "r.pdf"], ["-o", "r.html", "--png", "r.svg"],
                                  ["-o", "r.html", "--svg", "r.jpg"], ["-o", "r.html", "--published", "soon"]])
def test_report_command_refuses_before_work(tmp_path, args):
    args = [str(tmp_path / a) if a.startswith("r.") else a for a in args]
    result = runner.invoke(app, ["report", str(tmp_path / "missing.txt"), *args])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("geoevents: ") and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_report_command_no_events(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("Nothing happened here at all.", encoding="utf-8")
    result = runner.invoke(app, ["report", str(empty), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "no events" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["empty.txt"]
