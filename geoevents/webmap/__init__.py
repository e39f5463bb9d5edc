"""Layered Leaflet maps of events that work offline, in one self-contained HTML file.

>>> from geoevents import extract_events
>>> events = extract_events("Russian forces shelled Kharkiv on 17 November 2024.", published="2024-11-18")
>>> html = map_fragment(events, title="Kharkiv")
>>> html.startswith('<div class="geoevents-fragment"'), html.count('<script type="application/json" id=')
(True, 2)

The page is a :class:`folium.Map` with one FeatureGroup per event type and
per actor, the troop, movement and area overlays, and a layer control.
folium's own CDN links are removed: Leaflet, Supercluster (which clusters
large maps) and the map's script and styles are inlined from files bundled
with the package (``geoevents/data/web/``, copied in by ``maps/vendor.py``),
and the base map is drawn from the gazetteer's Natural Earth outlines.
``tiles=`` names an :mod:`xyzservices` provider for users who are online.

Event data goes into the page only as JSON in a
``<script type="application/json">`` element and is drawn with
``textContent``.  Strings that go through folium's templates (layer names)
are HTML-escaped and have their braces turned into character references, so
nothing in the events is ever evaluated as a Jinja template or as HTML.

The package: this module draws the map, ``payload`` packs the data it carries,
``map.js`` and ``map.css`` run it in the page.  May import: ``geoevents.gazetteer``,
``geoevents.core``; never the extraction or ``geoevents.outputs``.
"""

from __future__ import annotations

import functools
import html
import json
import uuid
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import cast

from ..core.model import Event, has_point
from .payload import actor_groups, build_payload, more_labels, script_json

__all__ = ["build_map", "save_map", "map_fragment", "map_page", "repr_html", "DEFAULT_TITLE"]

DEFAULT_TITLE = "geoevents"
FRAGMENT_HEIGHT = "560px"


@functools.lru_cache(maxsize=None)
def _web(name: str) -> str:
    """A vendored file (geoevents/data/web/) or the map's own script and styles (beside this module)."""
    where = f"webmap/{name}" if name in ("map.js", "map.css") else f"data/web/{name}"
    return resources.files("geoevents").joinpath(where).read_text(encoding="utf-8")


def _template_safe(text: str) -> str:
    """HTML-escaped, with no ``{`` or ``}`` left for a template engine to act on.

    >>> _template_safe("{{ 7*7 }} <b>")
    '&#123;&#123; 7*7 &#125;&#125; &lt;b&gt;'
    """
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _script_text(js: str) -> str:
    """Vendored code placed inside ``<script>``: it must not close the element early."""
    if "</script" in js.lower():  # pragma: no cover - none of the vendored files has it
        raise ValueError("script text contains </script")
    return js


def _libraries() -> str:
    """Leaflet and Supercluster, loaded once per page however many maps it has."""
    leaflet = _script_text(_web("leaflet.js"))
    cluster = _script_text(_web("supercluster.min.js"))
    return ('<script>if (!(window.L && window.L.version === "1.9.4")) {\n' + leaflet + "}</script>\n"
            "<script>if (typeof Supercluster === \"undefined\") {\n" + cluster + "}</script>\n")


def _styles() -> str:
    return "<style>\n" + _web("leaflet.css") + "</style>\n<style>\n" + _web("map.css") + "</style>\n"


def _raw_element(text: str):
    """A branca Element whose text is emitted as it is, never parsed as a Jinja template."""
    from branca.element import Element
    from jinja2 import Template

    class Raw(Element):
        _template = Template("{{ this.text }}")
        text: str

    node = Raw()
    node.text = text
    return node


def _provider(tiles: str):
    import xyzservices

    from ..core.errors import InputError

    try:
        return xyzservices.providers.query_name(tiles)
    except ValueError:
        raise InputError(f"--tiles {tiles!r} is not an xyzservices provider (e.g. OpenStreetMap.Mapnik, "
                         "CartoDB.Positron)") from None


def _events_element(payload: dict, groups: dict, more: dict):
    """The MacroElement that puts the data and the map's script into the page after folium's own script.

    ``more`` (the small towns' labels) goes into a second JSON element that the page parses only when the
    reader zooms in."""
    from branca.element import Figure, MacroElement

    data_id = "geoevents-data-" + uuid.uuid4().hex
    data = script_json(payload)
    more_id = data_id + "-labels"
    more_data = script_json(more)

    class EventsLayer(MacroElement):
        def render(self, **kwargs):
            figure = cast(Figure, self.get_root())  # a folium Map's root is its Figure
            figure.header.add_child(_raw_element(_styles()), name="geoevents_css")
            figure.header.add_child(_raw_element(_libraries()), name="geoevents_js")
            figure.html.add_child(_raw_element(f'<script type="application/json" id="{data_id}">{data}</script>'),
                                  name=data_id)
            figure.html.add_child(_raw_element(f'<script type="application/json" id="{more_id}">{more_data}</script>'),
                                  name=more_id)
            refs = ", ".join(f"{key}: {value}" for key, value in groups.items())
            code = ("(function () {\n" + _web("map.js") + "\ngeoeventsInit({data: " + json.dumps(data_id) + ", "
                    + "labels: " + json.dumps(more_id) + ", " + refs + "});\n})();\n")
            figure.script.add_child(_raw_element(code), name=self.get_name())

    node = EventsLayer()
    node._name = "GeoeventsLayer"
    return node


def build_map(events: Iterable[Event], *, title: str | None = None, tiles: str | None = None,
              extent: str | Sequence[float] | None = None, focus: str = "auto", note: str | None = None):
    """A :class:`folium.Map` of ``events``: offline, layered, with a time slider and popups quoting the evidence.

    ``tiles`` names an xyzservices provider ("OpenStreetMap.Mapnik"); without it the base map is the
    bundled Natural Earth outlines and the page asks for nothing from the network.  The first view frames
    the main group of events (the static map's rule); ``extent=(west, south, east, north)`` or
    ``focus="all"`` overrides it.  ``note`` says why a map may be empty (a filter, say).
    """
    import folium

    items = list(events)
    title = DEFAULT_TITLE if title is None else title
    payload = build_payload(items, title=title, extent=extent, focus=focus, note=note)
    m = folium.Map(location=[50.0, 35.0], zoom_start=4, tiles=None, prefer_canvas=True, control_scale=False,
                   world_copy_jump=False, min_zoom=2)
    m.default_js = []  # folium's CDN links: the page inlines bundled copies instead
    m.default_css = []
    tile_ref = "null"
    if tiles:
        layer = folium.TileLayer(_provider(tiles), overlay=False, control=False)
        layer.add_to(m)
        tile_ref = layer.get_name()

    def group(name: str, show: bool = True):
        fg = folium.FeatureGroup(name=_template_safe(name), overlay=True, control=True, show=show)
        fg.add_to(m)
        return fg

    mapped = [e for e in items if has_point(e)]
    types = [group(f"{t[0]} ({t[3]:,})") for t in payload["types"]]
    actors = [group(a) for a in actor_groups(mapped)]
    troops = group("Troop strength") if "tr" in payload["e"] else None
    moves = group("Movements") if "o" in payload["e"] else None
    areas = group("Admin-1 areas by events") if payload["areas"] else None
    base = folium.FeatureGroup(name="Base map", control=False)
    base.add_to(m)
    control = folium.LayerControl(collapsed=len(types) + len(actors) > 22, position="topright")
    control.add_to(m)
    refs = {
        "map": m.get_name(), "control": control.get_name(), "tiles": tile_ref,
        "types": "[" + ", ".join(g.get_name() for g in types) + "]",
        "groups": "[" + ", ".join(g.get_name() for g in actors) + "]",
        "troops": troops.get_name() if troops else "null", "moves": moves.get_name() if moves else "null",
        "areas": areas.get_name() if areas else "null", "base": base.get_name(),
    }
    _events_element(payload, refs, more_labels(payload["bounds"])).add_to(m)
    m.geoevents_title = title  # type: ignore[attr-defined]
    return m


def _render_parts(m) -> tuple[str, str, str]:
    """(header, body html, script) of a map built by :func:`build_map`."""
    root = m.get_root()
    for child in list(root._children.values()):
        child.render()
    return root.header.render(), root.html.render(), root.script.render()


def map_page(events: Iterable[Event], *, title: str | None = None, tiles: str | None = None, **view) -> str:
    """The whole HTML page of the map, one self-contained file (``view``: ``extent``, ``focus``, ``note``)."""
    m = build_map(events, title=title, tiles=tiles, **view)
    header, body, script = _render_parts(m)
    name = _template_safe(m.geoevents_title)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + name + "</title>\n"
            + header + "\n</head>\n<body>\n" + body + "\n<script>\n" + script + "\n</script>\n</body>\n</html>\n")


def map_fragment(events: Iterable[Event], *, title: str | None = None, tiles: str | None = None, **view) -> str:
    """A ``<div>`` with its styles and scripts, to paste into any page; several on one page do not clash."""
    m = build_map(events, title=title, tiles=tiles, **view)
    root = m.get_root()
    for child in list(root._children.values()):
        child.render()
    # keep our styles and libraries; folium's page-wide rules (html, body, #map) stay out of the host page
    head = "".join(root.header._children[k].render() for k in ("geoevents_css", "geoevents_js"))
    body, script = root.html.render(), root.script.render()
    sizing = (f"<style>#{m.get_name()} {{ position: relative; width: 100%; height: {FRAGMENT_HEIGHT}; }}</style>\n")
    return (f'<div class="geoevents-fragment" data-title="{_template_safe(m.geoevents_title)}">\n' + sizing + head
            + body + "\n<script>\n(function () {\n" + script + "\n})();\n</script>\n</div>\n")


def save_map(events: Iterable[Event], path: str | Path, *, title: str | None = None, tiles: str | None = None,
             fragment: bool = False, **view) -> Path:
    """Write the map (or with ``fragment=True`` the pasteable fragment) to ``path``, atomically.

    ``view``: ``extent`` (west, south, east, north), ``focus`` ("auto" or "all"), ``note`` (see :func:`build_map`).
    """
    from ..core.atomic import atomic_write

    path = Path(path)
    text = (map_fragment if fragment else map_page)(events, title=title, tiles=tiles, **view)
    with atomic_write(path) as fh:
        fh.write(text)
    return path


def repr_html(events: Iterable[Event], *, title: str | None = None, height: int = 520) -> str:
    """The map for Jupyter: the full page in a sandboxed ``<iframe srcdoc>``."""
    page = map_page(events, title=title)
    return (f'<iframe sandbox="allow-scripts" style="width: 100%; height: {int(height)}px; border: 0" '
            f'srcdoc="{html.escape(page, quote=True)}"></iframe>')
