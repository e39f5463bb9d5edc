#!/usr/bin/env python3
"""Why the web map clusters with Supercluster: leaflet.markercluster on the same points, timed the same way.

    python benchmarks/compare_markercluster.py                  # 10,000 and 100,000 points
    python benchmarks/compare_markercluster.py --sizes 100000

Issue 5 names npm ``leaflet.markercluster`` as a candidate plugin.  This
script fetches it (``npm pack`` into the git-ignored ``maps/.cache/``, so it
needs the npm registry; the map itself never does), writes a bare page with
Leaflet 1.9.4 and one ``L.circleMarker`` per event of ``bench_map.py``'s
synthetic events added to a ``L.markerClusterGroup`` in one ``addLayers``
call, and times it in headless Chromium exactly as ``bench_map.py`` times our
map: ``performance.now()`` at the first frame painted after the points were
added, from the start of navigation.  The bare page has no popups, layers,
slider or outlines, so it is a lower bound for a markercluster map; the
geoevents map of the same events is timed next to it.  The bare map sets
``maxZoom: 18`` (markercluster refuses a map without one, and builds one
cluster level per zoom).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))

import headless  # noqa: E402  (tools/headless.py)
from bench_map import synthetic  # noqa: E402

from geoevents.webmap import save_map  # noqa: E402

CACHE = ROOT / "maps" / ".cache"
MARKERCLUSTER = "leaflet.markercluster@1.5.3"

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
html,body,#m{{height:100%;margin:0}}</style><script>{leaflet}</script><script>{plugin}</script></head>
<body><div id="m"></div><script type="application/json" id="pts">{points}</script><script>
var map = L.map("m", {{preferCanvas: true, maxZoom: 18}}).setView([49, 35], 5);
var pts = JSON.parse(document.getElementById("pts").textContent);
var group = L.markerClusterGroup();
var markers = new Array(pts.length);
for (var i = 0; i < pts.length; i++) markers[i] = L.circleMarker([pts[i][0], pts[i][1]], {{radius: 5}});
group.addLayers(markers);
map.addLayer(group);
requestAnimationFrame(function () {{
  document.body.setAttribute("data-geoevents-drawn", String(Math.round(performance.now())));
}});
</script></body></html>"""


def package_files(spec: str, members: list[str]) -> list[str]:
    """The text of ``members`` of an npm package, fetched into the cache once."""
    name, version = spec.rsplit("@", 1)
    tarball = CACHE / f"{name}-{version}.tgz"
    if not tarball.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", "--silent", spec], cwd=CACHE, check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(tarball) as tar:
        return [tar.extractfile(m).read().decode("utf-8") for m in members]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    why = headless.available()
    if why:
        print(f"compare_markercluster: needs Chromium ({why})", file=sys.stderr)
        return 1
    web = ROOT / "geoevents" / "data" / "web"
    leaflet, leaflet_css = (web / "leaflet.js").read_text(), (web / "leaflet.css").read_text()
    plugin, css1, css2 = package_files(MARKERCLUSTER, ["package/dist/leaflet.markercluster.js",
                                                       "package/dist/MarkerCluster.css",
                                                       "package/dist/MarkerCluster.Default.css"])
    print(f"{'points':>8}  {'markercluster drawn s':>22}  {'geoevents map drawn s':>22}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            events = synthetic(n)
            bare = Path(tmp) / f"markercluster-{n}.html"
            points = json.dumps([[round(e.lat, 5), round(e.lon, 5)] for e in events])
            bare.write_text(_PAGE.format(css=leaflet_css + css1 + css2, leaflet=leaflet, plugin=plugin,
                                         points=points.replace("</", "<\\/")), encoding="utf-8")
            ours = Path(tmp) / f"geoevents-{n}.html"
            save_map(events, ours)
            times = []
            for path, probe in ((bare, "document.body"), (ours, "document.querySelector('.folium-map')")):
                with headless.offline_browser() as browser:
                    browser.open(path, timeout=600)
                    at = browser.js(f"return Number({probe}.getAttribute('data-geoevents-drawn'))")
                    errors = browser.errors()
                    assert not errors, errors
                    times.append(at / 1000)
            print(f"{n:>8,}  {times[0]:>22.2f}  {times[1]:>22.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
