"""The web map's HTML, without a browser: offline assets, escaping, fragments, the CLI and EventCollection."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geoevents import EventCollection, extract_events_from_file
from geoevents.cli import app
from geoevents.webmap import build_map, map_fragment, map_page, save_map
from geoevents.webmap.payload import script_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "maps" / "examples" / "kursk-buildup.html"

# an asset the page would fetch: a src= / stylesheet href= / CSS url() / @import pointing at http(s)
_REMOTE = [
    re.compile(r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""", re.I),
]


def remote_assets(page: str) -> list[str]:
    return [m.group(0) for rx in _REMOTE for m in rx.finditer(page)]


@pytest.fixture(scope="module")
def events():
    return extract_events_from_file(EXAMPLE)


@pytest.fixture(scope="module")
def page(events):
    return map_page(events, title="Kursk build-up")


def test_asset_check_catches_remote_references():
    for bad in ('<script src="https://cdn.example/leaflet.js"></script>',
                "<link rel='stylesheet' href='http://cdn.example/a.css'>",
                "<style>.a { background: url(https://x.example/i.png) }</style>",
                '<style>@import "https://fonts.example/css";</style>',
                '<img src=//cdn.example/x.png>'):
        assert remote_assets(bad), bad
    assert not remote_assets('<a href="https://leafletjs.com">Leaflet</a><img src="data:image/png;base64,AA">')


def test_default_page_has_no_remote_assets(page):
    assert remote_assets(page) == []
    assert "cdn.jsdelivr" not in page and "code.jquery" not in page and "bootstrap" not in page
    assert 'window.L.version === "1.9.4"' in page and "Supercluster" in page


def test_folium_save_of_build_map_is_offline_too(events, tmp_path):
    m = build_map(events)
    out = tmp_path / "folium.html"
    m.save(str(out))
    assert remote_assets(out.read_text(encoding="utf-8")) == []


def test_tiles_are_opt_in(events):
    page = map_page(events, tiles="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org" in page
    from geoevents.core.errors import InputError

    with pytest.raises(InputError, match="xyzservices"):
        map_page(events, tiles="No.Such.Provider")


def test_page_carries_events_as_json_only(events, page):
    blobs = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S)
    assert len(blobs) == 2  # the events, and the small towns' labels the page reads when zoomed in
    assert blobs[1][0] == blobs[0][0] + "-labels" and set(json.loads(blobs[1][1])) == {"n", "y", "x", "k", "z", "l"}
    data = json.loads(blobs[0][1])
    assert data["n"] == len(events)
    sentences = {data["s"][i] for i in data["e"]["ev"]}
    assert sentences == {e.evidence.sentence for e in events}
    assert [t[0] for t in data["types"]] == ["Battles", "Explosions/Remote violence", "Strategic developments"]
    assert sorted(data["e"]["tn"], reverse=True)[:2] == [50000, 11000]


def test_script_json_escapes_what_could_end_the_element():
    text = script_json({"a": "</script><script>alert(1)</script>", "b": "&amp; \u2028 \u2029"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "&amp; \u2028 \u2029"}


def overlay_names(page: str) -> list[str]:
    """The layer names folium wrote into the layer control (JSON strings in its script)."""
    block = page[page.index("overlays :"):]
    block = block[:block.index("}")]
    return [json.loads(m.group(0)) for m in re.finditer(r'"(?:[^"\\]|\\.)*"', block)]


def hostile(events):
    bad = "{{ 7*7 }}</script><script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"
    e = events[0]
    return [dataclasses.replace(e, event_type="Riots" + bad, actors=("Actor" + bad, *e.actors),
                                source="javascript:alert(1)" + bad,
                                evidence=dataclasses.replace(e.evidence, sentence="Said" + bad))]


def test_hostile_strings_are_never_markup_or_templates(events):
    page = map_page(hostile(events), title="T{{ 7*7 }}<script>window.__pwned=3</script>")
    assert "window.__pwned=1</script>" not in page
    assert "<img src=x onerror" not in page
    assert "<script>window.__pwned" not in page
    # layer names reach the layer control as HTML: escaped, braces as character references
    names = overlay_names(page)
    assert "Riots&#123;&#123; 7*7 &#125;&#125;&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" \
        "&lt;img src=x onerror=window.__pwned=2&gt; (1)" in names
    assert "<title>T&#123;&#123; 7*7 &#125;&#125;&lt;script&gt;" in page


def test_jinja_expressions_are_not_evaluated(events):
    e = events[0]
    page = map_page([dataclasses.replace(e, actors=("{{ 7*7 }}", "{% for x in range(3) %}X{% endfor %}"))],
                    title="{{ 6*7 }}")
    names = overlay_names(page)
    assert "&#123;&#123; 7*7 &#125;&#125;" in names and "&#123;% for x in range(3) %&#125;X&#123;% endfor %&#125;" in names
    assert "<title>&#123;&#123; 6*7 &#125;&#125;</title>" in page
    assert not {"49", "XXX"} & set(names) and "<title>42" not in page


def test_fragment_is_a_div_without_page_wide_rules(events):
    frag = map_fragment(events, title="F")
    assert frag.startswith('<div class="geoevents-fragment"') and frag.rstrip().endswith("</div>")
    assert "html, body" not in frag and "#map {" not in frag and "<html" not in frag and "<body" not in frag
    assert remote_assets(frag) == []
    # folium's globals live inside a function, so a second fragment cannot clash with the first
    script = frag.split('</script>\n<script>\n(function () {\n')[-1]
    assert script.count("var map_") == 1


def test_save_map_is_atomic_and_writes_fragments(events, tmp_path, monkeypatch):
    out = save_map(events, tmp_path / "m.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    frag = save_map(events, tmp_path / "f.html", fragment=True)
    assert frag.read_text(encoding="utf-8").startswith("<div")
    import geoevents.webmap as webmap

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(webmap, "map_page", boom)
    with pytest.raises(RuntimeError):
        save_map(events, tmp_path / "m.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.html", "m.html"]


def test_outputs_save_dispatches_html(events, tmp_path):
    from geoevents.outputs import save

    assert save(events, tmp_path / "x.html", title="X") == len(events)
    assert "geoevents-data-" in (tmp_path / "x.html").read_text(encoding="utf-8")


def test_event_collection(events, tmp_path):
    assert isinstance(events, EventCollection) and isinstance(events, list)
    assert events.summary().startswith(f"{len(events)} events: ")
    assert isinstance(events[:2], EventCollection)
    frame = events.to_geodataframe()
    assert len(frame) == len(events) and frame.crs.to_epsg() == 4326
    assert events.to_file(tmp_path / "e.geojson") == len(events)
    assert events.save_map(tmp_path / "m.html").exists()
    assert type(events.map()).__name__ == "Map"
    shown = events._repr_html_()
    assert shown.startswith('<iframe sandbox="allow-scripts"') and "&lt;script" in shown
    assert "<script" not in shown


def test_cli_map(tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(app, ["map", str(EXAMPLE), "-o", str(out), "--title", "Kursk"])
    assert result.exit_code == 0, result.output
    assert "wrote a map of 9 event(s)" in result.output
    assert remote_assets(out.read_text(encoding="utf-8")) == []
    frag = tmp_path / "frag.html"
    assert CliRunner().invoke(app, ["map", str(EXAMPLE), "-o", str(frag), "--fragment"]).exit_code == 0
    assert frag.read_text(encoding="utf-8").startswith("<div")
    bad = CliRunner().invoke(app, ["map", str(EXAMPLE), "-o", str(tmp_path / "map.txt")])
    assert bad.exit_code == 2 and not (tmp_path / "map.txt").exists()


def test_vendored_files_match_their_pins():
    pins = (ROOT / "maps" / "vendor.sha256").read_text()
    for name in ("leaflet-1.9.4.tgz", "supercluster-8.0.1.tgz", "kdbush-4.0.2.tgz"):
        assert re.search(rf"^[0-9a-f]{{64}}  {re.escape(name)}$", pins, re.M), name
    web = ROOT / "geoevents" / "data" / "web"
    for name in ("leaflet.js", "leaflet.css", "supercluster.min.js", "LICENSE.leaflet", "LICENSE.supercluster",
                 "LICENSE.kdbush"):
        assert (web / name).is_file(), name
    assert "sourceMappingURL" not in (web / "leaflet.js").read_text()
    assert "url(images/" not in (web / "leaflet.css").read_text()


def test_cli_map_reads_event_files(tmp_path):
    """Event files (our GeoJSON and CSV, as ACLED-style tables) map the same events as the article."""
    runner = CliRunner()
    for suffix in (".geojson", ".csv"):
        table = tmp_path / f"events{suffix}"
        assert runner.invoke(app, ["extract", str(EXAMPLE), "-o", str(table), "-q"]).exit_code == 0
        out = tmp_path / f"from{suffix}.html"
        result = runner.invoke(app, ["map", str(table), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "wrote a map of 9 event(s)" in result.output
        page = out.read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S).group(1))
        assert data["n"] == 9 and data["title"] == "events"


def test_collection_save_map_takes_the_first_view(tmp_path):
    from geoevents.webmap.payload import first_view

    events = extract_events_from_file(Path(__file__).resolve().parents[1] / "maps" / "examples" / "kursk-buildup.html")
    mapped = [e for e in events if e.lat is not None]
    boxed = events.save_map(tmp_path / "boxed.html", extent=(35, 46, 40, 50)).read_text(encoding="utf-8")
    framed = events.save_map(tmp_path / "all.html", focus="all").read_text(encoding="utf-8")
    # each page carries the first view its option asks for, as the payload's bounds
    assert json.dumps(first_view(mapped, extent=(35, 46, 40, 50), focus="auto"), separators=(",", ":")) in boxed
    assert json.dumps(first_view(mapped, extent=None, focus="all"), separators=(",", ":")) in framed
    assert first_view(mapped, extent=None, focus="all") != first_view(mapped, extent=(35, 46, 40, 50), focus="auto")
