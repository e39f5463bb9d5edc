"""One self-contained HTML page about a set of events: summary, map, timeline and a sortable table.

:func:`report_html` builds the page and :func:`save_report` writes it
(atomically). The page has

- a summary: events by type, the date span, the sources, what is missing;
- the interactive map (:func:`geoevents.webmap.map_fragment`, offline);
- a timeline: events per day, week or month (whichever suits the span),
  stacked by event type, drawn as inline SVG;
- the events in a table that sorts by any column when its header is
  clicked (a few lines of the page's own script) and filters as you type.

Everything from the events (names, actors, evidence sentences, sources,
the title) is HTML-escaped. The page loads nothing from outside: a
Content-Security-Policy in the page itself allows only inline scripts and
styles and ``data:``/``blob:`` images, and no asset is referenced by URL.

>>> from geoevents import extract_events
>>> page = report_html(extract_events("Russian forces shelled Kharkiv on 17 November 2024.",
...                                   published="2024-11-18"), title="Kharkiv <test>")
>>> "<h1>Kharkiv &lt;test&gt;</h1>" in page, page.count('<tr class="event"')
(True, 1)
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core.model import Event, has_point

__all__ = ["report_html", "save_report", "timeline_svg", "CSP"]

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
       "font-src data:; connect-src 'none'; worker-src blob:; frame-src 'none'; object-src 'none'; "
       "base-uri 'none'; form-action 'none'")

DEFAULT_TITLE = "Event report"


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _style(event_type: str) -> str:
    from ..core.styles import EVENT_STYLES, OTHER_STYLE

    return EVENT_STYLES.get(event_type, OTHER_STYLE)[0]


def _type_order(events: Sequence[Event]) -> list[str]:
    from ..core.styles import EVENT_STYLES

    present = {e.event_type for e in events}
    return [t for t in EVENT_STYLES if t in present] + sorted(present - set(EVENT_STYLES))


def _fmt_date(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _span(events: Sequence[Event]) -> tuple[dt.date, dt.date] | None:
    dates = [d for e in events for d in (e.date_start, e.date_end) if d]
    return (min(dates), max(dates)) if dates else None


# ---------------------------------------------------------------- timeline


def _bins(first: dt.date, last: dt.date) -> tuple[str, list[dt.date]]:
    """The bin size for a span (day up to 2 months, week up to 2 years, else month) and the bin starts."""
    days = (last - first).days
    if days <= 62:
        return "day", [first + dt.timedelta(days=i) for i in range(days + 1)]
    if days <= 731:
        start = first - dt.timedelta(days=first.weekday())
        return "week", [start + dt.timedelta(weeks=i) for i in range((last - start).days // 7 + 1)]
    out, d = [], first.replace(day=1)
    while d <= last:
        out.append(d)
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return "month", out


def _bin_of(d: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return d
    if unit == "week":
        return d - dt.timedelta(days=d.weekday())
    return d.replace(day=1)


def _bin_label(d: dt.date, unit: str) -> str:
    if unit == "month":
        return f"{d:%b %Y}"
    return f"{'week of ' if unit == 'week' else ''}{d.day} {d:%b %Y}"


def timeline_svg(events: Iterable[Event], *, width: int = 960, height: int = 240) -> str:
    """Events per day, week or month by their start date, stacked by type, as an inline ``<svg>``.

    Each bar has a ``<title>`` (its tooltip) with the period and the counts. Events without a
    date are left out (the report says how many).

    >>> import datetime as dt
    >>> from geoevents import extract_events
    >>> svg = timeline_svg(extract_events("Russian forces shelled Kharkiv on 17 November 2024.",
    ...                                   published="2024-11-18"))
    >>> svg.startswith('<svg'), svg.count('<rect class="bar"')
    (True, 1)
    """
    dated = [(e, e.date_start) for e in events if e.date_start]
    if not dated:
        return '<p class="muted">No dated events: nothing to chart.</p>'
    items = [e for e, _d in dated]
    first, last = min(d for _e, d in dated), max(d for _e, d in dated)
    unit, starts = _bins(first, last)
    index = {d: i for i, d in enumerate(starts)}
    types = _type_order(items)
    counts: list[Counter[str]] = [Counter() for _ in starts]
    for e, d in dated:
        counts[index[_bin_of(d, unit)]][e.event_type] += 1
    peak = max(sum(c.values()) for c in counts)
    left, right, top, bottom = 40, 10, 12, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(starts)
    bar_w = max(1.0, slot * 0.8)
    step = _tick_step(peak)
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="Events per {unit}, stacked by type" xmlns="http://www.w3.org/2000/svg">']
    for v in range(0, peak + 1, step):
        y = top + plot_h - plot_h * v / peak
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{v}</text>')
    for i, (start, c) in enumerate(zip(starts, counts)):
        if not c:
            continue
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        tip = _bin_label(start, unit) + ": " + ", ".join(f"{c[t]} {t}" for t in types if c[t])
        parts.append(f"<g><title>{_esc(tip)}</title>")
        for t in types:
            if not c[t]:
                continue
            h = plot_h * c[t] / peak
            y -= h
            parts.append(f'<rect class="bar" x="{x:.2f}" y="{y:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
                         f'fill="{_style(t)}" data-type="{_esc(t)}"/>')
        parts.append("</g>")
    # x labels: at most ~10, at month starts for week and month bins
    label_every = max(1, round(len(starts) / 10))
    for i, start in enumerate(starts):
        if i % label_every:
            continue
        x = left + i * slot + slot / 2
        text = f"{start.day} {start:%b}" if unit != "month" else f"{start:%b}"
        if i == 0 or start.year != starts[max(0, i - label_every)].year or unit == "month" and start.month == 1:
            text += f" {start.year}"
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" class="tick" text-anchor="middle">'
                     f"{_esc(text)}</text>")
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>')
    parts.append(f'<text x="{width - right}" y="{height - 4}" class="tick" text-anchor="end">events per {unit}, '
                 "by start date</text></svg>")
    return "".join(parts)


def _tick_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if peak / step <= 5:
            return step
    return max(1, peak // 5)


# ---------------------------------------------------------------- table


COLUMNS = [("date", "Date", "text"), ("type", "Type", "text"), ("status", "Status", "text"),
           ("place", "Place", "text"), ("actors", "Actors", "text"), ("troops", "Troops", "number"),
           ("fatalities", "Killed", "number"), ("wounded", "Wounded", "number"), ("evidence", "Evidence", "text"), ("source", "Source", "text")]
PRECISION = {1: "town", 2: "near a town", 3: "area", 4: "country"}


def _short_source(source: str) -> str:
    """A file's name without its folders (the full path is in the cell's tooltip); URLs and the rest as given.

    >>> _short_source("/work/maps/examples/kursk-buildup.html"), _short_source("https://example.org/a/b")
    ('kursk-buildup.html', 'https://example.org/a/b')
    """
    if "://" in source or not source:
        return source
    name = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name or source


def _breakable(name: str) -> str:
    """``name`` escaped, with a line-break opportunity after each path separator (and ``-``, ``_``, ``.`` in
    long names), so a cell wraps between words, never inside one.

    >>> _breakable("maps/a<b>/c.txt")
    'maps/<wbr>a&lt;b&gt;/<wbr>c.txt'
    """
    out = []
    for ch in name:
        out.append(_esc(ch))
        if ch in "/\\" or (len(name) > 24 and ch in "-_.?&="):
            out.append("<wbr>")
    return "".join(out)


def _row(e: Event) -> str:
    date = _fmt_date(e.date_start)
    if e.date_end and e.date_end != e.date_start:
        date += f"<br>to {_fmt_date(e.date_end)}"
    place = ""
    if e.place is not None:
        bits = [e.place.name] + [b for b in (e.place.admin1, e.place.country) if b and b != e.place.name]
        place = ", ".join(bits)
    elif e.lat is not None:
        place = f"{e.lat:.4f}, {e.lon:.4f}"
    precision = PRECISION.get(e.geo_precision or 0, "")
    troops = e.troops.label if e.troops else ""
    cells = [
        (date + (f'<br><span class="muted">{_esc(e.date_precision)}</span>' if e.date_precision else ""),
         _fmt_date(e.date_start)),
        (f'<span class="swatch" style="background:{_style(e.event_type)}"></span>{_esc(e.event_type)}'
         + (f'<br><span class="muted">{_esc(e.sub_event_type)}</span>' if e.sub_event_type else ""), e.event_type),
        (_esc(e.status), e.status),
        (_esc(place) + (f'<br><span class="muted">{_esc(precision)}</span>' if precision else ""), place),
        ("<br>".join(_esc(a) for a in e.actors), "; ".join(e.actors)),
        (_esc(troops) + (f'<br><span class="muted">{_esc("; ".join(e.troops.sides))}</span>'
                         if e.troops and e.troops.sides else ""),
         "" if not e.troops or e.troops.low is None else e.troops.low),
        (_esc("" if e.fatalities is None else e.fatalities), "" if e.fatalities is None else e.fatalities),
        (_esc("" if e.wounded is None else e.wounded), "" if e.wounded is None else e.wounded),
        (_esc(e.evidence.sentence), e.evidence.sentence),
        (f'<span title="{_esc(e.source)}">{_breakable(_short_source(e.source))}</span>', e.source),
    ]
    tds = "".join(f'<td class="{key}" data-sort="{_esc(sort)}">{content}</td>'
                  for (key, _label, _kind), (content, sort) in zip(COLUMNS, cells))
    return f'<tr class="event" id="event-{_esc(e.id)}">{tds}</tr>'


def _table(events: Sequence[Event]) -> str:
    head = "".join(f'<th scope="col" data-kind="{kind}" aria-sort="none"><button type="button">{label}'
                   f'<span class="arrow" aria-hidden="true"></span></button></th>'
                   for _key, label, kind in COLUMNS)
    ordered = sorted(events, key=lambda e: (e.date_start or dt.date.max, e.event_type, e.id))
    rows = "\n".join(_row(e) for e in ordered)
    return (f'<table id="events" class="events"><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>')


_TABLE_JS = r"""
(function () {
  "use strict";
  var table = document.getElementById("events");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(body.rows);
  rows.forEach(function (row, i) { row.dataset.order = i; });
  function key(row, col, kind) {
    var v = row.cells[col].getAttribute("data-sort") || "";
    if (kind === "number") { return v === "" ? null : parseFloat(v); }
    return v.toLowerCase();
  }
  headers.forEach(function (th, col) {
    th.querySelector("button").addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir);
      var kind = th.getAttribute("data-kind"), sign = dir === "ascending" ? 1 : -1;
      var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
        var ka = key(a, col, kind), kb = key(b, col, kind);
        if (ka === null || ka === "") { return (kb === null || kb === "") ? a.dataset.order - b.dataset.order : 1; }
        if (kb === null || kb === "") { return -1; }
        if (ka < kb) { return -sign; }
        if (ka > kb) { return sign; }
        return a.dataset.order - b.dataset.order;
      });
      sorted.forEach(function (row) { body.appendChild(row); });
    });
  });
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  if (filter) {
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean), n = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) { n += 1; }
      });
      shown.textContent = n === rows.length ? "" : n + " of " + rows.length + " shown";
    });
  }
})();
"""

_CSS = """
:root { --ink: #222; --muted: #666; --line: #ddd; --bg: #fafaf7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--ink); background: var(--bg); }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.muted { color: var(--muted); font-size: 0.88em; }
.lede { color: var(--muted); margin: 0 0 18px; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; }
.card h3 { margin: 0 0 8px; font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card table { border-collapse: collapse; width: 100%; }
.card td { padding: 2px 0; vertical-align: top; }
.card td.n { text-align: right; font-variant-numeric: tabular-nums; padding-left: 12px; white-space: nowrap; }
.card ul { margin: 0; padding-left: 18px; word-break: break-all; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.map { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: #fff; }
svg.timeline { background: #fff; border: 1px solid var(--line); border-radius: 6px; display: block; }
svg.timeline .grid { stroke: #eee; } svg.timeline .axis { stroke: #999; }
svg.timeline .tick { font-size: 11px; fill: #666; }
svg.timeline rect.bar:hover { opacity: .8; }
.legend { margin: 6px 0 0; font-size: 13px; color: var(--muted); }
.legend span.item { margin-right: 14px; white-space: nowrap; }
.tools { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
.tools input { font: inherit; padding: 4px 8px; width: 280px; border: 1px solid #bbb; border-radius: 4px; }
table.events { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
table.events th { position: sticky; top: 0; background: #f0efe9; text-align: left; border-bottom: 2px solid #ccc; }
table.events th button { all: unset; cursor: pointer; display: block; padding: 6px 8px; font-weight: 600; }
table.events th button:focus-visible { outline: 2px solid #0072B2; }
table.events th[aria-sort="ascending"] .arrow::after { content: " \\25B2"; }
table.events th[aria-sort="descending"] .arrow::after { content: " \\25BC"; }
table.events td { padding: 6px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
table.events td.evidence { min-width: 280px; }
table.events td.date { white-space: nowrap; }
table.events td.source { overflow-wrap: normal; word-break: normal; max-width: 200px; color: var(--muted); }
table.events td.troops, table.events td.fatalities { text-align: right; font-variant-numeric: tabular-nums; }
table.events tr:hover td { background: #fbfaf3; }
footer { margin-top: 32px; font-size: 12px; color: var(--muted); }
@media print { .tools { display: none; } .map { break-inside: avoid; } table.events th { position: static; } }
"""


# ---------------------------------------------------------------- page


def _summary(events: Sequence[Event], notes: Sequence[str]) -> str:
    by_type = Counter(e.event_type for e in events)
    rows = "".join(f'<tr><td><span class="swatch" style="background:{_style(t)}"></span>{_esc(t)}</td>'
                   f'<td class="n">{by_type[t]:,}</td></tr>' for t in _type_order(events))
    span = _span(events)
    when = (f"{span[0].isoformat()} to {span[1].isoformat()}" if span and span[0] != span[1]
            else (span[0].isoformat() if span else "no dates"))
    status = Counter(e.status for e in events)
    facts = [("Events", f"{len(events):,}"), ("Dates", when)]
    facts += [(s.capitalize(), f"{n:,}") for s, n in sorted(status.items()) if s]
    unplaced = sum(1 for e in events if e.lat is None or e.lon is None)
    undated = sum(1 for e in events if not e.date_start)
    if unplaced:
        facts.append(("Without coordinates", f"{unplaced:,} (not on the map)"))
    if undated:
        facts.append(("Without a date", f"{undated:,} (not on the timeline)"))
    killed = sum(e.fatalities or 0 for e in events)
    if killed:
        facts.append(("Killed (reported)", f"{killed:,}"))
    fact_rows = "".join(f"<tr><td>{_esc(k)}</td><td class=\"n\">{_esc(v)}</td></tr>" for k, v in facts)
    sources = Counter(e.source for e in events)
    items = "".join(f"<li>{_esc(s)} <span class=\"muted\">({n:,})</span></li>" for s, n in sources.most_common(12))
    if len(sources) > 12:
        items += f"<li class=\"muted\">and {len(sources) - 12:,} more</li>"
    note_html = "".join(f"<li>{_esc(n)}</li>" for n in notes)
    return (f'<section class="summary">'
            f'<div class="card"><h3>Overview</h3><table>{fact_rows}</table></div>'
            f'<div class="card"><h3>By type</h3><table>{rows}</table></div>'
            f'<div class="card"><h3>Sources</h3><ul>{items}</ul>'
            + (f'<h3 style="margin-top:10px">Notes</h3><ul>{note_html}</ul>' if note_html else "")
            + "</div></section>")


def report_html(events: Iterable[Event], *, title: str | None = None, notes: Sequence[str] = ()) -> str:
    """The whole report page as a string; ``notes`` are shown with the sources (e.g. the extraction summary)."""
    from ..webmap import map_fragment

    items = list(events)
    title = title or DEFAULT_TITLE
    placed = [e for e in items if has_point(e)]
    if placed:
        map_html = f'<div class="map">{map_fragment(placed, title=title)}</div>'
    else:
        map_html = '<p class="muted">No event has coordinates: no map.</p>'
    legend = "".join(f'<span class="item"><span class="swatch" style="background:{_style(t)}"></span>{_esc(t)}</span>'
                     for t in _type_order([e for e in items if e.date_start]))
    span = _span(items)
    lede = f"{len(items):,} event{'s' if len(items) != 1 else ''}"
    if span:
        lede += f", {span[0].isoformat()}" + (f" to {span[1].isoformat()}" if span[1] != span[0] else "")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="geoevents">
<title>{_esc(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<h1>{_esc(title)}</h1>
<p class="lede">{_esc(lede)}. Extracted and mapped offline by geoevents; check each event against its evidence.</p>
{_summary(items, notes)}
<h2 id="map">Map</h2>
{map_html}
<h2 id="timeline">Timeline</h2>
{timeline_svg(items)}
<p class="legend">{legend}</p>
<h2 id="table">Events</h2>
<div class="tools"><label>Filter <input id="filter" type="search" placeholder="place, actor, word ..."
autocomplete="off"></label><span id="shown" class="muted" aria-live="polite"></span>
<span class="muted">Click a column header to sort.</span></div>
{_table(items)}
<footer>Map outlines: Natural Earth (public domain). Places: GeoNames (CC BY 4.0); Ukrainian settlements: KATOTTG. Map: Leaflet (BSD-2-Clause).
Event types follow ACLED's names; the events were extracted automatically and are not ACLED data.</footer>
</main>
<script>{_TABLE_JS}</script>
</body>
</html>
"""


def save_report(events: Iterable[Event], path: str | Path, *, title: str | None = None,
                notes: Sequence[str] = ()) -> Path:
    """Write the report page to ``path`` (written whole or not at all); returns the path."""
    from ..core.atomic import atomic_write

    path = Path(path)
    page = report_html(events, title=title, notes=notes)
    with atomic_write(path) as fh:
        fh.write(page)
    return path
