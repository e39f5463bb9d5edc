"""Static maps (PNG, SVG) for PDF and Word reports, drawn offline over the bundled outlines.

:func:`save_static` draws the events with matplotlib (the Agg renderer, no
window, no pyplot state) and geopandas over the Natural Earth land, country
and admin-1 outlines that ship in the gazetteer, so nothing is fetched:

- land and sea, country borders, admin-1 borders, country names;
- one marker per event, coloured and shaped by ACLED event type (hollow when
  the event is only expected); events at the same spot stay there, and the place's
  label counts them ("Odesa (2)"); an event known only to the country is no marker: the
  country is shaded and the footer names it;
  admin-1 areas named as an event's place are shaded in its colour, so an
  event known only to the oblast is not mistaken for a point in it;
- troop figures as circles whose area is proportional to the strength, with
  their labels, and arrows from where forces came from to where they went
  (from the map's edge when the origin lies outside the map);
- a legend, a scale bar in km, degree ticks, a title and the attribution.

The map is in plain longitude/latitude (equirectangular), stretched so that
one km is as long east-west as north-south at the map's central latitude:
the scale bar is true there, and the map says so.

The extent covers the events with a margin and a minimum span of about
250 km. When a few events lie far from the rest (a statement in Washington
in a map of Ukraine), the map frames the main group, and a small overview
in a corner shows every event and the frame; the footer names what lies
outside. ``extent=(west, south, east, north)`` or ``focus="all"`` overrides.

SVG output is deterministic: fixed ids (``svg.hashsalt``), text as paths,
no date in the metadata. Files are written whole or not at all.
"""

from __future__ import annotations

import io
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.atomic import atomic_write
from ..core.errors import InputError
from ..core.model import Event, PlacedEvent, has_point
from ..core.styles import EVENT_STYLES, OTHER_STYLE
from ..webmap.framing import KM_PER_DEGREE, Extent, choose_extent
from ..webmap.framing import distance_km as _distance_km
from ..webmap.payload import is_country_level

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.artist import Artist
    from matplotlib.transforms import Bbox
    from shapely.geometry import Polygon

__all__ = ["save_static", "render_static", "EVENT_STYLES", "STATIC_FORMATS", "choose_extent", "nice_length"]

STATIC_FORMATS = (".png", ".svg")

MARKER_SIZE = {"X": 90, "*": 150, "^": 70, "o": 60, "s": 55, "D": 50, "h": 65}

COUNTRY_SHADE = "#b8a06a"  # countries that hold events known only to the country
SEA, LAND, BORDER, ADMIN1_LINE, INK = "#d6e4ee", "#f5f2ea", "#7d7d7d", "#b9b4a8", "#222222"
ATTRIBUTION = ("Outlines: Natural Earth (public domain). Places: GeoNames (CC BY 4.0), Ukrainian settlements: "
               "KATOTTG. Drawn with geoevents and matplotlib.")

MAX_LABELS = 25
MAX_TROOP_LABELS = 12
MAX_ARROWS = 60  # origin arrows drawn: the largest troop figures first
MAX_TROOP_CIRCLES = 60  # troop circles drawn: the largest
TROOP_MAX_AREA = 2600.0  # points^2 of the largest troop circle


def _style(event_type: str) -> tuple[str, str]:
    return EVENT_STYLES.get(event_type, OTHER_STYLE)


# ---------------------------------------------------------------- geometry helpers


def nice_length(km: float) -> float:
    """The largest of 1, 2, 5 x 10^n not above ``km``.

    >>> nice_length(180), nice_length(37), nice_length(1.3), nice_length(0.4)
    (100, 20, 1, 0.2)
    """
    if km <= 0:
        raise ValueError("length must be positive")
    exp = math.floor(math.log10(km))
    for step in (5, 2, 1):
        value = step * 10**exp
        if value <= km * (1 + 1e-9):
            return value if exp >= 0 else round(value, -exp)
    return 10**exp  # pragma: no cover - unreachable


# ---------------------------------------------------------------- outlines


def _outlines(db: sqlite3.Connection, layer: str, box: tuple[float, float, float, float], *,
              tolerance: float = 0.0, keep_topology: bool = True) -> list[tuple]:
    """(code, name, cc, iso, geometry clipped to box) of the outlines of ``layer`` that touch the box.

    ``tolerance`` (degrees) simplifies them to what the drawing can show: a fraction of a pixel;
    ``keep_topology=False`` does it faster, for small maps where a sliver more or less does not show.
    """
    import shapely

    from ..gazetteer.shapecodec import decode

    west, south, east, north = box
    rows = db.execute(
        "SELECT code, name, cc, iso, wkb FROM shapes WHERE layer = ? AND maxx >= ? AND minx <= ? AND maxy >= ? "
        "AND miny <= ? ORDER BY code", (layer, west, east, south, north))
    out = []
    for code, name, cc, iso, blob in rows:
        geom = shapely.clip_by_rect(_split_antimeridian(decode(blob)), west, south, east, north)
        if layer != "land" and shapely.get_num_geometries(geom) > 1:
            # large outlines are stored in pieces cut along parallels: merged, so no cut line is drawn as a border
            geom = shapely.union_all(shapely.get_parts(geom), grid_size=1e-3)
        if tolerance:
            geom = shapely.simplify(geom, tolerance, preserve_topology=keep_topology)
        if not geom.is_empty:
            out.append((code, name, cc, iso, geom))
    return out


def _split_antimeridian(geom):
    """Polygons stored across the antimeridian (Chukotka, Fiji) as pieces on either side of it.

    Such a part runs from about -180 to somewhere in the east, so drawn in plain longitudes it would
    wrap round the world. Shifted by 360 degrees where negative it is a compact polygon again, which
    is cut at 180 and its far piece shifted back. Circumpolar Antarctica stays as it is.
    """
    import shapely
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon

    parts = list(shapely.get_parts(geom))
    if not any(p.bounds[0] < -170 and p.bounds[2] - p.bounds[0] > 180 for p in parts):
        return geom
    out: list[Polygon] = []
    for p in parts:
        minx, _s, maxx, _n = p.bounds
        if minx < -170 and maxx - minx > 180:
            shifted = shapely.transform(p, lambda xy: xy + ((xy[:, :1] < 0) * [360.0, 0.0]))
            if shifted.bounds[2] - shifted.bounds[0] < 180:
                shifted = shapely.make_valid(shifted)
                for piece in (shapely.clip_by_rect(shifted, -180, -90, 180, 90),
                              translate(shapely.clip_by_rect(shifted, 180, -90, 540, 90), -360)):
                    out.extend(q for q in shapely.get_parts(piece) if q.geom_type == "Polygon" and not q.is_empty)
                continue
        out.append(p)
    return MultiPolygon(out)


def _open_db(path: str | Path | None) -> sqlite3.Connection:
    from ..core.errors import GazetteerError
    from ..gazetteer.gazetteer import DEFAULT_PATH

    path = Path(path or DEFAULT_PATH)
    if not path.is_file():
        raise GazetteerError(f"{path}: gazetteer database not found (it holds the map outlines)")
    try:
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:  # pragma: no cover - depends on the filesystem
        raise GazetteerError(f"{path}: cannot open gazetteer ({exc})") from None


# ---------------------------------------------------------------- drawing


def _title(events: list[Event]) -> str:
    dates = sorted(d for e in events for d in (e.date_start, e.date_end) if d)
    n = f"{len(events):,} event{'s' if len(events) != 1 else ''}"
    if not dates:
        return n
    first, last = dates[0], dates[-1]
    if first == last:
        return f"{n}, {first.day} {first:%b %Y}"
    if first.year == last.year:
        return f"{n}, {first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{n}, {first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def _troop_strength(e: Event) -> int | None:
    t = e.troops
    if t is None or t.low is None:
        return None
    return (t.low + t.high) // 2 if t.high else t.low


def _deg_label(value: float, axis: str) -> str:
    hemi = ("E" if value >= 0 else "W") if axis == "x" else ("N" if value >= 0 else "S")
    text = f"{abs(value):.1f}".rstrip("0").rstrip(".")
    return f"{text}°{hemi}"


def _edge_point(dest: tuple[float, float], origin: tuple[float, float], extent: Extent) -> tuple[float, float]:
    """Where the straight line (on the drawing) from ``dest`` towards ``origin`` leaves the extent, 3% inside."""
    (x0, y0), (x1, y1) = dest, origin
    inset_x, inset_y = (extent.east - extent.west) * 0.03, (extent.north - extent.south) * 0.03
    west, east = extent.west + inset_x, extent.east - inset_x
    south, north = extent.south + inset_y, extent.north - inset_y
    t = 1.0
    dx, dy = x1 - x0, y1 - y0
    for d, lo, hi, p in ((dx, west, east, x0), (dy, south, north, y0)):
        if d > 0:
            t = min(t, (hi - p) / d)
        elif d < 0:
            t = min(t, (lo - p) / d)
    t = max(0.0, t)
    return (x0 + t * dx, y0 + t * dy)


_MAP_BOX = (0.065, 0.135, 0.655, 0.765)  # left, bottom, width, height of the map on the figure


def render_static(events: Iterable[Event], *, title: str | None = None,
                  extent: tuple[float, float, float, float] | None = None, focus: str = "auto",
                  size: tuple[float, float] = (10.0, 7.5), gazetteer_path: str | Path | None = None):
    """The map as a matplotlib Figure (not attached to pyplot); see :func:`save_static`."""
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    all_events = list(events)
    placed, country_level = _drawable(all_events)
    map_box = _MAP_BOX
    aspect = (size[0] * map_box[2]) / (size[1] * map_box[3])
    ext, inside = _frame(placed or country_level, extent, focus, aspect)
    shown = [e for e, ok in zip(placed, inside) if ok]
    outside = [e for e, ok in zip(placed, inside) if not ok]
    country_shade = Counter(e.place.country if e.place else "" for e in country_level)

    fig = Figure(figsize=size, dpi=100, facecolor="white")
    canvas = FigureCanvasAgg(fig)  # a renderer to measure labels with
    ax = fig.add_axes(map_box)
    ax.set_facecolor(SEA)
    countries, shade = _draw_outlines(ax, ext, gazetteer_path, shown, country_shade)
    halo = [patheffects.withStroke(linewidth=2.6, foreground="white")]
    troops, troops_left_out = _draw_troops(ax, shown)
    arrows, arrows_left_out, arrow_labels = _draw_arrows(ax, shown, ext)
    types_shown = _draw_markers(ax, shown)
    _draw_labels(_Labeller(ax, canvas, halo), ext, shown, troops, arrow_labels, countries)
    _degree_ticks(ax, ext)
    scale = _scale_bar(ax, ext, halo)

    # the panel on the right: overview (when events lie outside), legend, troop key
    panel_left, panel_top = map_box[0] + map_box[2] + 0.025, map_box[1] + map_box[3]
    if outside:
        panel_top = _overview(fig, placed, ext, gazetteer_path, panel_left, panel_top) - 0.03
    legend = _legend(fig, shown, types_shown, bool(arrows), bool(shade), bool(country_shade), panel_left, panel_top)
    if troops:
        bottom = legend.get_window_extent(canvas.get_renderer()).transformed(fig.transFigure.inverted()).y0
        _troop_key(fig, troops[0][1], panel_left, bottom - 0.035)

    fig.text(map_box[0], 0.975, title or _title(all_events), fontsize=15, fontweight="bold", color=INK,
             ha="left", va="top")
    counts = Counter(e.event_type for e in placed + country_level)
    sub = ", ".join(f"{n:,} {t.lower()}" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    fig.text(map_box[0], 0.932, sub, fontsize=9, color="#555555", ha="left", va="top")
    unplaced = len(all_events) - len(placed) - len(country_level)
    notes = _footer_notes(ext, outside, country_level, country_shade, troops_left_out, arrows_left_out, unplaced)
    ax.apply_aspect()  # a wide map leaves room below it: the footer follows the map, not the page
    footer_y = max(0.075, ax.get_position().y0 - 0.06)
    fig.text(map_box[0], footer_y, "\n".join(notes), fontsize=7.5, color="#555555", ha="left", va="top",
             linespacing=1.5)
    # what was drawn, for callers and tests: an attribute of geoevents' own, which matplotlib's Figure does not declare
    setattr(fig, "geoevents", {
        "extent": ext.as_tuple(), "shown": [e.id for e in shown], "outside": [e.id for e in outside],
        "unplaced": unplaced, "scale_bar": scale, "troop_circles": len(troops), "arrows": len(arrows),
        "shaded_areas": sorted(shade), "country_level": [e.id for e in country_level],
        "shaded_countries": sorted(country_shade), "map_axes": ax})
    return fig


def _drawable(all_events: list[Event]) -> tuple[list[PlacedEvent], list[PlacedEvent]]:
    """(events drawn as points, events known only to their country); refuses a list with nothing to draw."""
    placed = [e for e in all_events if has_point(e)]
    if not all_events:
        raise InputError("no events to draw: the static map needs at least one event")
    if not placed:
        raise InputError(f"none of the {len(all_events)} event(s) has coordinates: nothing to draw on a map")
    # an event known only to the country is no point on the map: its country is shaded and the footer names it
    country_level = [e for e in placed if is_country_level(e)]
    placed = [e for e in placed if not is_country_level(e)]
    return placed, country_level


def _frame(frame: list[PlacedEvent], extent: tuple[float, float, float, float] | None, focus: str,
           aspect: float) -> tuple[Extent, Any]:
    """The map's extent, and for each event of ``frame`` whether it lies inside: the given ``extent``
    (checked), else one chosen for the events."""
    import numpy as np

    lats = [e.lat for e in frame]
    lons = [e.lon for e in frame]
    if extent is None:
        is_area = [e.geo_precision in (3, 4) for e in frame]
        return choose_extent(lats, lons, aspect=aspect, focus=focus, areas=is_area)
    w, s, e_, n = (float(v) for v in extent)
    if not (-180 <= w < e_ <= 180 and -90 <= s < n <= 90):
        raise InputError(f"extent {extent!r}: want (west, south, east, north) in degrees, west < east, "
                         "south < north")
    lat_a, lon_a = np.asarray(lats), np.asarray(lons)
    return Extent(w, s, e_, n), (lat_a >= s) & (lat_a <= n) & (lon_a >= w) & (lon_a <= e_)


def _draw_outlines(ax, ext: Extent, gazetteer_path: str | Path | None, shown: list[PlacedEvent],
                   country_shade: Counter) -> tuple[list, dict[str, str]]:
    """Land, shaded areas and countries, admin-1 and country borders; sets the axes' view.  Returns the
    country outlines (for their names) and the admin-1 areas shaded (ISO code -> colour)."""
    margin = 0.5
    box = (max(-180, ext.west - margin), max(-90, ext.south - margin), min(180, ext.east + margin),
           min(90, ext.north + margin))
    db = _open_db(gazetteer_path)
    try:
        tolerance = (ext.east - ext.west) / 4000  # about a third of a pixel at 150 dpi
        land = _outlines(db, "land", box, tolerance=tolerance)
        countries = _outlines(db, "country", box, tolerance=tolerance)
        admin1 = _outlines(db, "admin1", box, tolerance=tolerance) if ext.width_km() < 6000 else []
    finally:
        db.close()
    if land:
        _plot([g for *_r, g in land], ax, color=LAND, linewidth=0, zorder=1)
    # admin-1 areas named as an event's place: shaded in the event's colour
    shade: dict[str, str] = {}
    for e in shown:
        if e.place is not None and e.place.kind == "admin1" and e.place.admin1_iso:
            shade.setdefault(e.place.admin1_iso, _style(e.event_type)[0])
    for _code, _name, _cc, iso, geom in admin1:
        if iso in shade:
            _plot([geom], ax, color=shade[iso], alpha=0.16, linewidth=0, zorder=1.5)
            _plot([geom.boundary], ax, color=shade[iso], linewidth=1.1, alpha=0.8, zorder=2.6)
    for _code, _name, cc, _iso, geom in countries:
        if cc in country_shade:
            _plot([geom], ax, color=COUNTRY_SHADE, alpha=0.25, linewidth=0, zorder=1.4)
            _plot([geom.boundary], ax, color=_darker(COUNTRY_SHADE, 0.6), linewidth=1.2, linestyle="--", zorder=2.7)
    if admin1:
        _plot([g.boundary for *_r, g in admin1], ax, color=ADMIN1_LINE, linewidth=0.35, zorder=2)
    if countries:
        _plot([g.boundary for *_r, g in countries], ax, color=BORDER, linewidth=0.8, zorder=2.5)
    ax.set_xlim(ext.west, ext.east)
    ax.set_ylim(ext.south, ext.north)
    ax.set_aspect(ext.stretch)
    ax.set_anchor("N")
    ax.apply_aspect()  # the final box of the map, against which labels are checked
    ax.set_xlabel("")
    ax.set_ylabel("")
    return countries, shade


def _draw_troops(ax, shown: list[PlacedEvent]) -> tuple[list[tuple[PlacedEvent, int]], int]:
    """Troop circles, area proportional to strength, the largest TROOP_MAX_AREA points^2; returns the
    (event, strength) drawn, largest first, and how many were left out."""
    strengths = [(e, _troop_strength(e)) for e in shown]
    troops = [(e, s) for e, s in strengths if s]
    troops.sort(key=lambda t: -t[1])
    troops_left_out = max(0, len(troops) - MAX_TROOP_CIRCLES)
    troops = troops[:MAX_TROOP_CIRCLES]
    if troops:
        max_troops = troops[0][1]
        colours = [_style(e.event_type)[0] for e, _s in troops]
        areas = [TROOP_MAX_AREA * strength / max_troops for _e, strength in troops]
        xy = [(e.lon, e.lat) for e, _s in troops]
        xs, ys = zip(*xy)
        ax.scatter(xs, ys, s=areas, facecolor=colours, edgecolor="none", alpha=0.22, zorder=4)
        for dashed in (False, True):
            idx = [i for i, (e, _s) in enumerate(troops) if (e.status == "expected") == dashed]
            if idx:
                ax.scatter([xy[i][0] for i in idx], [xy[i][1] for i in idx], s=[areas[i] for i in idx],
                           facecolor="none", edgecolor=[colours[i] for i in idx], linewidth=1.2, zorder=4.1,
                           linestyle="--" if dashed else "-")
    return troops, troops_left_out


def _draw_arrows(ax, shown: list[PlacedEvent], ext: Extent) -> tuple[list[PlacedEvent], int, list[tuple[tuple[float, float], str]]]:
    """Origin -> destination arrows (from the map's edge when the origin is off the map), the largest troop
    figures first; returns the events drawn, how many were left out, and the labels for the arrows' starts."""
    arrows = [e for e in shown if e.origin is not None and e.origin.lat is not None]
    arrows.sort(key=lambda e: -(_troop_strength(e) or 0))
    arrows_left_out = max(0, len(arrows) - MAX_ARROWS)
    arrows = arrows[:MAX_ARROWS]
    arrow_labels: list[tuple[tuple[float, float], str]] = []
    for e in arrows:
        o = e.origin
        assert o is not None and o.lat is not None and o.lon is not None  # arrows are the events with an origin
        colour = _style(e.event_type)[0]
        dest = (e.lon, e.lat)  # events at one spot stay there: the place label counts them
        origin = (o.lon, o.lat)
        off_map = not (ext.west <= origin[0] <= ext.east and ext.south <= origin[1] <= ext.north)
        start = _edge_point(dest, origin, ext) if off_map else origin
        ax.annotate("", xy=dest, xytext=start, zorder=5,
                    arrowprops=dict(arrowstyle="-|>,head_length=0.7,head_width=0.35", color=colour, lw=1.8,
                                    shrinkA=0, shrinkB=9, connectionstyle="arc3,rad=0.12"))
        km = float(_distance_km(o.lat, o.lon, e.lat, e.lon))
        arrow_labels.append((start, f"from {o.name}" + (f"\n({km:,.0f} km away)" if off_map else "")))
    return arrows, arrows_left_out, arrow_labels


def _draw_markers(ax, shown: list[PlacedEvent]) -> list[str]:
    """Event markers by type, expected events hollow; returns the types drawn, in legend order."""
    types_shown = [t for t in [*EVENT_STYLES, *sorted({e.event_type for e in shown} - set(EVENT_STYLES))]
                   if any(e.event_type == t for e in shown)]
    many = len(shown) > 500
    for t in types_shown:
        colour, marker = _style(t)
        size_pt = MARKER_SIZE.get(marker, 60) * (0.35 if many else 1)
        for hollow in (False, True):
            pts = [(e.lon, e.lat) for e in shown if e.event_type == t and (e.status == "expected") == hollow]
            if not pts:
                continue
            xs, ys = zip(*pts)
            edge = colour if hollow else ("#555555" if _light(colour) else "white")
            ax.scatter(xs, ys, s=size_pt, marker=marker, facecolor="white" if hollow else colour,
                       edgecolor=edge, linewidth=1.3 if hollow else 0.6,
                       alpha=0.85 if many else 1, zorder=7)
    return types_shown


class _Labeller:
    """Places labels on the map, none outside it and none over another."""

    def __init__(self, ax, canvas, halo: list) -> None:
        self.ax, self.canvas, self.halo = ax, canvas, halo
        self.renderer = None
        self.taken: list[Bbox] = []

    def __call__(self, x, y, text, dx, dy, **kw) -> bool:
        """Whether the label fits (it is drawn) or not (it is removed)."""
        ax = self.ax
        artist = ax.annotate(text, xy=(x, y), xytext=(dx, dy), textcoords="offset points", zorder=8,
                             path_effects=self.halo, **kw)
        if self.renderer is None:
            self.renderer = self.canvas.get_renderer()
        renderer = self.renderer
        bbox = artist.get_window_extent(renderer).expanded(1.05, 1.1)
        inside_map = ax.get_window_extent(renderer).contains(bbox.x0, bbox.y0) and \
            ax.get_window_extent(renderer).contains(bbox.x1, bbox.y1)
        if not inside_map or any(bbox.overlaps(b) for b in self.taken):
            artist.remove()
            return False
        self.taken.append(bbox)
        return True


def _draw_labels(place_label: _Labeller, ext: Extent, shown: list[PlacedEvent], troops: list[tuple[PlacedEvent, int]],
                 arrow_labels: list[tuple[tuple[float, float], str]], countries: list) -> None:
    """Labels: troop figures first, then origins, then the places with most events, then country names."""
    # troop labels: one block per spot, below right of its largest circle (the list is largest first)
    stacked: Counter = Counter()
    spot_radius: dict[tuple[float, float], float] = {}
    max_troops = troops[0][1] if troops else 0
    for e, strength in troops[:MAX_TROOP_LABELS]:
        key = (round(e.lon, 4), round(e.lat, 4))
        radius_pt = spot_radius.setdefault(key, math.sqrt(TROOP_MAX_AREA * strength / max_troops / math.pi))
        k = stacked[key]
        stacked[key] += 1
        assert e.troops is not None  # a troop strength comes from the event's troops
        label = f"{e.troops.label} troops" + (" (expected)" if e.status == "expected" else "")
        place_label(e.lon, e.lat, label, max(radius_pt, 8) * 0.72 + 4, -max(radius_pt, 8) * 0.72 - 2 - 11 * k,
                    fontsize=8, color=_darker(_style(e.event_type)[0]), fontweight="bold", ha="left", va="top")
    _label_origins(place_label, arrow_labels)
    _label_places(place_label, shown)
    _label_countries(place_label, ext, countries)


def _label_origins(place_label: _Labeller, arrow_labels: list[tuple[tuple[float, float], str]]) -> None:
    """One label per origin, at the start of its arrow, wherever it fits."""
    seen_labels: set = set()
    for (x, y), text in arrow_labels:
        origin_name = text.split("\n")[0]  # one label per origin
        if origin_name in seen_labels or len(seen_labels) >= MAX_LABELS:
            continue
        seen_labels.add(origin_name)
        for dx, dy, ha, va in ((0, 7, "center", "bottom"), (0, -7, "center", "top"), (-4, 7, "right", "bottom"),
                               (-4, -7, "right", "top"), (4, 7, "left", "bottom"), (4, -7, "left", "top"),
                               (-7, 0, "right", "center"), (7, 0, "left", "center"), (-4, -22, "right", "top"),
                               (-4, 22, "right", "bottom"), (-4, -36, "right", "top")):
            if place_label(x, y, text, dx, dy, fontsize=7.5, color=INK, style="italic", ha=ha, va=va,
                           multialignment="center"):
                break


def _label_places(place_label: _Labeller, shown: list[PlacedEvent]) -> None:
    """The places with most events (up to MAX_LABELS), with their counts."""
    by_place: Counter = Counter()
    where: dict[str, tuple[float, float]] = {}
    for e in shown:
        name = e.place.name if e.place else f"{e.lat:.2f}, {e.lon:.2f}"
        by_place[name] += 1
        where.setdefault(name, (e.lon, e.lat))
    for name, count in sorted(by_place.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_LABELS]:
        x, y = where[name]
        text = name + (f" ({count})" if count > 1 else "")
        for dx, dy, ha, va in ((9, 5, "left", "bottom"), (-9, 5, "right", "bottom"), (9, -6, "left", "top"),
                               (-9, -6, "right", "top")):
            if place_label(x, y, text, dx, dy, fontsize=8.5, color=INK, ha=ha, va=va):
                break


def _label_countries(place_label: _Labeller, ext: Extent, countries: list) -> None:
    """Country names last, where a country takes a fair share of the map and no label is in the way."""
    import shapely

    view_area = (ext.east - ext.west) * (ext.north - ext.south)
    for _code, name, _cc, _iso, geom in countries:
        inner = shapely.clip_by_rect(geom, ext.west, ext.south, ext.east, ext.north)
        if inner.is_empty or inner.area < view_area * 0.04:
            continue
        p = inner.representative_point()
        place_label(p.x, p.y, name.upper(), 0, 0, fontsize=8.5, color="#8c8677", ha="center", va="center",
                    fontweight="bold", alpha=0.9)


def _legend(fig, shown: list[PlacedEvent], types_shown: list[str], arrows: bool, shade: bool, country_shade: bool,
            panel_left: float, panel_top: float):
    """The legend of the right-hand panel: event types with their counts, then the keys of what is drawn."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    handles: list[Artist] = []
    for t in types_shown:
        colour, marker = _style(t)
        n = sum(1 for e in shown if e.event_type == t)
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=8 if marker != "*" else 11,
                              markerfacecolor=colour, markeredgecolor="#555555" if _light(colour) else "white",
                              label=f"{_wrap(t)} ({n:,})"))
    if any(e.status == "expected" for e in shown):
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                              markeredgecolor="#444444", markeredgewidth=1.3, label="hollow: expected"))
    if arrows:
        handles.append(Line2D([], [], color="#444444", lw=1.6, label="forces moved\nfrom \u2192 to"))
    if shade:
        handles.append(Rectangle((0, 0), 1, 1, facecolor="#44444428", edgecolor="#444444",
                                 label="shaded: event known\nonly to the area"))
    if country_shade:
        handles.append(Rectangle((0, 0), 1, 1, facecolor=COUNTRY_SHADE + "40", edgecolor=_darker(COUNTRY_SHADE, 0.6),
                                 linestyle="--", label="dashed: event known\nonly to the country"))
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(panel_left, panel_top), fontsize=7.5,
                        frameon=False, borderpad=0, borderaxespad=0, labelspacing=0.8, handletextpad=0.8,
                        title="Event type", title_fontsize=8.5, alignment="left")
    legend.get_title().set_fontweight("bold")
    return legend


def _footer_notes(ext: Extent, outside: list[PlacedEvent], country_level: list[PlacedEvent], country_shade: Counter,
                  troops_left_out: int, arrows_left_out: int, unplaced: int) -> list[str]:
    """The footer's lines: what lies outside the view or is not drawn, the projection and the attribution."""
    notes = []
    if outside:
        names = Counter((e.place.name if e.place else f"{e.lat:.1f}, {e.lon:.1f}") for e in outside)
        listed = ", ".join(f"{n}" + (f" ({c})" if c > 1 else "") for n, c in names.most_common(6))
        more = f" and {len(names) - 6} more places" if len(names) > 6 else ""
        notes.append(f"Outside this view (see the overview): {listed}{more}.")
    if country_level:
        country_names = ", ".join(f"{_country_name(cc)} ({n})" for cc, n in country_shade.most_common(6))
        notes.append(f"Known only to the country, not drawn as points: {country_names}.")
    if troops_left_out or arrows_left_out:
        notes.append(f"Troop circles and movement arrows for the {MAX_TROOP_CIRCLES} largest figures only "
                     f"({troops_left_out:,} circles and {arrows_left_out:,} arrows left out).")
    if unplaced:
        notes.append(f"{unplaced} event(s) without coordinates not drawn.")
    notes.append(f"Equirectangular, scale true at {abs(ext.mid_lat):.1f}°{'N' if ext.mid_lat >= 0 else 'S'}. "
                 + ATTRIBUTION)
    return notes


def _country_name(cc: str) -> str:
    from ..gazetteer.gazetteer import Gazetteer

    return Gazetteer.default().country_name(cc) or cc or "unknown country"


def _plot(geoms: list, ax, **style) -> None:
    """Draw shapely geometries through geopandas.

    geopandas asks the canvas to redraw after each plot; under a plain FigureCanvasBase that costs
    nothing, so the Agg canvas (needed to measure labels) is put back only afterwards.
    """
    import geopandas
    from matplotlib.backend_bases import FigureCanvasBase

    fig = ax.get_figure(root=True)
    canvas = fig.canvas
    FigureCanvasBase(fig)
    try:
        geopandas.GeoSeries(geoms, crs="EPSG:4326").plot(ax=ax, aspect=None, **style)
    finally:
        fig.set_canvas(canvas)
        canvas.figure = fig


def _box(ext: Extent):
    from shapely.geometry import box

    return box(ext.west, ext.south, ext.east, ext.north)


def _light(colour: str) -> bool:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.75


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _troop_legend_values(max_troops: int) -> list[int]:
    """Round reference strengths for the key: the largest round value up to the maximum, and smaller ones.

    >>> _troop_legend_values(50_000), _troop_legend_values(85), _troop_legend_values(3)
    ([50000, 10000, 1000], [50, 10, 1], [2])
    """
    if not max_troops:
        return []
    big = int(nice_length(max_troops))
    values = [big]
    for v in (big // 5, big // 50):
        if v >= 1 and v < values[-1]:
            values.append(int(nice_length(v)))
    return values


def _degree_ticks(ax, ext: Extent) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
        axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        axis.set_major_formatter(FuncFormatter(lambda v, _p, n=name: _deg_label(v, n)))
    ax.tick_params(labelsize=7, colors="#666666", length=3, direction="out")
    ax.grid(True, color="white", linewidth=0.6, alpha=0.7, zorder=2.8)
    ax.set_axisbelow(False)
    for spine in ax.spines.values():
        spine.set_color("#999999")
        spine.set_linewidth(0.8)


def _scale_bar(ax, ext: Extent, halo) -> tuple[float, float, float, float]:
    """Draw the bar in the lower right; returns (west, latitude, east, length in km) of the bar."""
    from matplotlib.patches import Rectangle

    width_km = ext.width_km()
    length = nice_length(width_km / 5)
    km_per_deg_lon = KM_PER_DEGREE * math.cos(math.radians(ext.mid_lat))
    length_deg = length / km_per_deg_lon
    x1 = ext.east - (ext.east - ext.west) * 0.04
    x0 = x1 - length_deg
    y = ext.south + (ext.north - ext.south) * 0.05
    h = (ext.north - ext.south) * 0.012
    parts = 4 if length_deg > 0 else 1
    for i in range(parts):
        ax.add_patch(Rectangle((x0 + i * length_deg / parts, y), length_deg / parts, h, zorder=9,
                               facecolor=INK if i % 2 == 0 else "white", edgecolor=INK, linewidth=0.8))
    unit = f"{length:g} km"
    for x, text in ((x0, "0"), (x0 + length_deg / 2, f"{length / 2:g}"), (x0 + length_deg, unit)):
        ax.text(x, y + h * 1.8, text, ha="center", va="bottom", fontsize=7.5, color=INK, zorder=9, path_effects=halo)
    ax.text(x0 + length_deg / 2, y - h * 0.8, f"true at {abs(ext.mid_lat):.1f}°{'N' if ext.mid_lat >= 0 else 'S'}",
            ha="center", va="top", fontsize=6.5, color="#555555", zorder=9, path_effects=halo)
    return (x0, y, x0 + length_deg, float(length))


def _overview(fig, placed: list[PlacedEvent], ext: Extent, gazetteer_path, left: float, top: float) -> float:
    """A small map of every event with the main map's frame, its top left at (left, top); returns its bottom."""
    from matplotlib.patches import Rectangle

    lats = [e.lat for e in placed] + [ext.south, ext.north]
    lons = [e.lon for e in placed] + [ext.west, ext.east]
    over, _ = choose_extent(lats, lons, aspect=1.5, focus="all")
    width = 0.245
    height = width * fig.get_figwidth() / fig.get_figheight() / 1.5
    inset = fig.add_axes((left, top - height, width, height))
    inset.set_facecolor(SEA)
    db = _open_db(gazetteer_path)
    try:
        land = _outlines(db, "land", over.as_tuple(), tolerance=(over.east - over.west) / 1000, keep_topology=False)
    finally:
        db.close()
    if land:
        _plot([g for *_r, g in land], inset, color="#e4dfd2", linewidth=0)
    for t in sorted({e.event_type for e in placed}):
        colour, _marker = _style(t)
        xs, ys = zip(*[(e.lon, e.lat) for e in placed if e.event_type == t])
        inset.scatter(xs, ys, s=10, color=colour, edgecolor="white", linewidth=0.3, zorder=3)
    inset.add_patch(Rectangle((ext.west, ext.south), ext.east - ext.west, ext.north - ext.south, fill=False,
                              edgecolor="#c0392b", linewidth=1.2, zorder=4))
    inset.set_xlim(over.west, over.east)
    inset.set_ylim(over.south, over.north)
    inset.set_aspect(over.stretch)
    inset.set_anchor("NW")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    for spine in inset.spines.values():
        spine.set_color("#999999")
    inset.apply_aspect()
    bottom = inset.get_position().y0
    fig.text(left, bottom - 0.008, "Overview: every event; red frame: this map", fontsize=6.5,
             color="#555555", ha="left", va="top")
    return bottom - 0.03


def _troop_key(fig, max_troops: int, left: float, top: float) -> None:
    """Nested circles for one or two reference strengths, at the main map's scale of circle areas."""
    from matplotlib.patches import Circle

    values = _troop_legend_values(max_troops)
    fig.text(left, top, "Troops (circle area)", fontsize=8.5, fontweight="bold", color=INK, ha="left", va="top")
    big_r_pt = math.sqrt(TROOP_MAX_AREA * values[0] / max_troops / math.pi)
    fig_w_pt, fig_h_pt = fig.get_figwidth() * 72, fig.get_figheight() * 72
    size_pt = 2 * big_r_pt + 4
    key = fig.add_axes((left, top - 0.03 - size_pt / fig_h_pt, 0.245, size_pt / fig_h_pt))
    key.set_axis_off()
    width_pt = 0.245 * fig_w_pt
    key.set_xlim(0, width_pt)
    key.set_ylim(0, size_pt)
    cx = big_r_pt + 2
    for v in values:
        r = math.sqrt(TROOP_MAX_AREA * v / max_troops / math.pi)
        key.add_patch(Circle((cx, 2 + r), r, facecolor="#88888822", edgecolor="#666666", linewidth=0.9))
        key.plot([cx, cx + big_r_pt + 8], [2 + 2 * r, 2 + 2 * r], color="#888888", linewidth=0.6)
        key.text(cx + big_r_pt + 10, 2 + 2 * r, f"{v:,}", fontsize=7.5, color=INK, va="center", ha="left")


def _wrap(text: str, width: int = 24) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


# ---------------------------------------------------------------- writing

MAP_ONLY_OPTIONS = ("tiles", "fragment")


def save_static(events: Iterable[Event], path: str | Path, *, title: str | None = None,
                extent: tuple[float, float, float, float] | None = None, focus: str = "auto",
                size: tuple[float, float] = (10.0, 7.5), dpi: int = 150, gazetteer_path: str | Path | None = None,
                **options: Any) -> Path:
    """Draw ``events`` to ``path`` (``.png`` or ``.svg``) over the bundled outlines; returns the path.

    ``title`` replaces the default ("9 events, 1 Oct – 25 Nov 2024"); ``extent`` =
    (west, south, east, north) in degrees fixes the frame; ``focus="all"`` frames every event
    instead of the main group; ``size`` is in inches and ``dpi`` applies to PNG.
    The web map's options (``tiles``, ``fragment``) mean nothing here: given a value they are refused.
    Raises :class:`~geoevents.core.errors.InputError` for no events, an unknown extension or option.
    """
    path = Path(path)
    fmt = path.suffix.lower()
    if fmt not in STATIC_FORMATS:
        raise InputError(f"{path}: a static map is .png or .svg, not {path.suffix or '(no extension)'!r}")
    given = sorted(k for k, v in options.items() if v not in (None, False))
    unknown = [k for k in given if k not in MAP_ONLY_OPTIONS]
    if unknown:
        raise InputError(f"{path}: unknown static map option(s) {', '.join(unknown)}")
    if given:
        raise InputError(f"{path}: {', '.join(given)} apply to the web map (.html) only, not to a static map")
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "geoevents", "svg.fonttype": "path", "font.family": "DejaVu Sans",
                                "path.simplify": True}):
        fig = render_static(events, title=title, extent=extent, focus=focus, size=size,
                            gazetteer_path=gazetteer_path)
        buffer = io.BytesIO()
        if fmt == ".svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "geoevents"})
        else:
            fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": "geoevents"})
    with atomic_write(path, binary=True) as fh:
        fh.write(buffer.getvalue())
    return path
