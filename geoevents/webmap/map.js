/* geoevents web map: draws the events of one map from its JSON data.
 *
 * The Python side wraps this file and one call of geoeventsInit() in a
 * function, so nothing here becomes a global: two maps on one page each
 * have their own copy.  Event text only ever reaches the page through
 * textContent; the data comes from a <script type="application/json">.
 */
function geoeventsInit(refs) {
  "use strict";
  var startedAt = performance.now();
  var map = refs.map;
  var div = map.getContainer();
  div.classList.add("geoevents-map");
  var D = JSON.parse(document.getElementById(refs.data).textContent);
  var S = D.s, E = D.e, N = D.n;
  var CLUSTER_AT = 300;
  var DAY_MS = 86400000;

  function col(name) { return E[name] || null; }
  function str(i) { return i === undefined || i === null || i < 0 ? "" : S[i]; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  var Y = E.y, X = E.x, T = E.t, G = E.g, D0 = E.d0, D1 = E.d1;
  var TR = col("tr"), TN = col("tn"), F = col("f"), W = col("w"), O = col("o"), GP = col("gp");

  /* ---------------------------------------------------------------- symbols */
  var SVG = "http://www.w3.org/2000/svg";
  var SHAPES = {
    circle: function () { return ["circle", {cx: 9, cy: 9, r: 6.5}]; },
    square: function () { return ["rect", {x: 3, y: 3, width: 12, height: 12}]; },
    diamond: function () { return ["polygon", {points: "9,1.5 16.5,9 9,16.5 1.5,9"}]; },
    triangle: function () { return ["polygon", {points: "9,2 16.5,15.5 1.5,15.5"}]; },
    star: function () { return ["polygon", {points: "9,1 11.2,6.5 17,6.8 12.5,10.5 14,16.5 9,13.2 4,16.5 5.5,10.5 1,6.8 6.8,6.5"}]; },
    cross: function () { return ["polygon", {points: "4,1.5 9,6.5 14,1.5 16.5,4 11.5,9 16.5,14 14,16.5 9,11.5 4,16.5 1.5,14 6.5,9 1.5,4"}]; },
    hexagon: function () { return ["polygon", {points: "9,1.5 15.5,5.2 15.5,12.8 9,16.5 2.5,12.8 2.5,5.2"}]; }
  };
  function symbol(typeIndex, size) {
    var spec = D.types[typeIndex];
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 18 18");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    var shape = (SHAPES[spec[2]] || SHAPES.circle)();
    var node = document.createElementNS(SVG, shape[0]);
    for (var k in shape[1]) node.setAttribute(k, shape[1][k]);
    node.setAttribute("fill", spec[1]);
    node.setAttribute("stroke", "#1a1a1a");
    node.setAttribute("stroke-width", "1.3");
    node.setAttribute("stroke-linejoin", "round");
    svg.appendChild(node);
    return svg;
  }

  /* ---------------------------------------------------------------- popups */
  function dateText(i) {
    if (D0[i] === null) return "undated";
    var text = isoDay(D0[i]);
    if (D1[i] !== null && D1[i] !== D0[i]) text += " to " + isoDay(D1[i]);
    var notes = [str(E.dp[i]), str(E.st[i])].filter(Boolean);
    return notes.length ? text + " (" + notes.join(", ") + ")" : text;
  }
  function row(table, label, value) {
    if (value === "" || value === null || value === undefined) return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }
  var POPUP = {maxWidth: 340, minWidth: 240, autoPanPaddingTopLeft: L.point(60, 110), autoPanPaddingBottomRight: L.point(40, 40)};
  function popup(i) {
    var box = el("div", "ge-popup");
    var head = el("div", "ge-popup-type");
    head.appendChild(symbol(T[i], 14));
    head.appendChild(el("span", null, D.types[T[i]][0] + (str(E.sub[i]) ? " / " + str(E.sub[i]) : "")));
    box.appendChild(head);
    var table = el("table");
    row(table, "Place", str(E.p[i]) + (GP && str(GP[i]) ? " (" + str(GP[i]) + ")" : ""));
    row(table, "Date", dateText(i));
    row(table, "Actors", E.a[i].map(str).join("; "));
    if (TR && TR[i] >= 0) row(table, "Troops", str(TR[i]));
    if (F && F[i] !== null) row(table, "Killed", F[i]);
    if (W && W[i] !== null) row(table, "Wounded", W[i]);
    if (O && O[i] >= 0) row(table, "From", str(D.origins[O[i]][0]));
    box.appendChild(table);
    box.appendChild(el("blockquote", "ge-quote", str(E.ev[i])));
    box.appendChild(el("div", "ge-source", "Source: " + (str(E.src[i]) || "unknown")));
    return box;
  }
  function tooltip(i) {
    var box = el("div", "ge-tip");
    box.appendChild(el("b", null, str(E.p[i])));
    box.appendChild(el("span", null, " \u00b7 " + D.types[T[i]][0] + " \u00b7 " + (D0[i] === null ? "undated" : isoDay(D0[i]))));
    return box;
  }

  /* ---------------------------------------------------------------- markers */
  // events at the same point fan out on a small ring so that each stays clickable
  var offsets = new Array(N);
  (function () {
    var seen = new Map();
    for (var i = 0; i < N; i++) {
      var key = Y[i] * 4e7 + X[i];  // exact: |Y| <= 9e6, |X| <= 1.8e7 (1e-5 degree)
      var same = seen.get(key);
      if (same) same.push(i); else seen.set(key, [i]);
    }
    seen.forEach(function (list) {
      for (var j = 0; j < list.length; j++) {
        if (list.length === 1 || list.length > 12) { offsets[list[j]] = [0, 0]; continue; }
        var a = 2 * Math.PI * j / list.length - Math.PI / 2;
        var r = 9 + 2.5 * list.length;
        offsets[list[j]] = [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))];
      }
    });
  })();
  var markers = new Array(N);
  function marker(i) {
    var m = markers[i];
    if (m) return m;
    var holder = el("div", "ge-marker");
    holder.setAttribute("data-type", String(T[i]));
    holder.setAttribute("data-event", String(i));
    holder.appendChild(symbol(T[i], 18));
    var off = offsets[i];
    m = markers[i] = L.marker([Y[i] / 1e5, X[i] / 1e5], {
      icon: L.divIcon({html: holder, className: "ge-icon", iconSize: [18, 18], iconAnchor: [9 - off[0], 9 - off[1]],
                       popupAnchor: [off[0], off[1] - 8], tooltipAnchor: [off[0] + 9, off[1]]}),
      keyboard: true, riseOnHover: true
    });
    m.bindPopup(function () { return popup(i); }, POPUP);
    m.bindTooltip(function () { return tooltip(i); }, {direction: "right", opacity: 0.95});
    return m;
  }

  /* ---------------------------------------------------------------- filters */
  var typeOn = D.types.map(function (_t, k) { return map.hasLayer(refs.types[k]); });
  var groupOn = D.groups.map(function (_g, k) { return map.hasLayer(refs.groups[k]); });
  var tMin = Infinity, tMax = -Infinity;
  for (var i = 0; i < N; i++) {
    if (D0[i] !== null) {
      if (D0[i] < tMin) tMin = D0[i];
      if (D1[i] > tMax) tMax = D1[i];
    }
  }
  var time = {mode: "cumulative", day: tMax, span: 0};
  function timeOk(i) {
    if (D0[i] === null || !isFinite(tMin)) return true;
    if (time.mode === "all") return true;
    if (time.mode === "cumulative") return D0[i] <= time.day;
    return D0[i] <= time.day && D1[i] >= time.day - time.span + 1;
  }
  function actorOk(i) {
    var g = G[i];
    if (typeof g === "number") return groupOn[g];
    for (var k = 0; k < g.length; k++) if (groupOn[g[k]]) return true;
    return false;
  }
  var visible = [];
  function filter() {
    visible = [];
    for (var i = 0; i < N; i++) if (typeOn[T[i]] && actorOk(i) && timeOk(i)) visible.push(i);
  }

  /* ---------------------------------------------------------------- drawing */
  var clusterLayer = L.layerGroup().addTo(map);
  var index = null;
  function clusterIcon(count) {
    var size = Math.round(26 + 8 * Math.log10(count));
    var node = el("div", "ge-cluster", count >= 10000 ? Math.round(count / 1000) + "k" : count >= 1000 ? (count / 1000).toFixed(1) + "k" : count);
    node.style.width = node.style.height = node.style.lineHeight = size + "px";
    return L.divIcon({html: node, className: "ge-icon", iconSize: [size, size]});
  }
  function clearPoints() {
    for (var k = 0; k < refs.types.length; k++) refs.types[k].clearLayers();
    clusterLayer.clearLayers();
  }
  function drawPoints() {
    clearPoints();
    if (!index) {
      for (var k = 0; k < visible.length; k++) refs.types[T[visible[k]]].addLayer(marker(visible[k]));
      return;
    }
    var b = map.getBounds().pad(0.2);
    var w = Math.max(-180, b.getWest()), e = Math.min(180, b.getEast());
    if (e - w >= 360 || b.getEast() - b.getWest() >= 360) { w = -180; e = 180; }
    var found = index.getClusters([w, Math.max(-85, b.getSouth()), e, Math.min(85, b.getNorth())], Math.round(map.getZoom()));
    for (var j = 0; j < found.length; j++) {
      var f = found[j], p = f.properties;
      if (p && p.cluster) {
        (function (f) {
          var c = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {icon: clusterIcon(f.properties.point_count)});
          c.on("click", function () {
            map.setView(c.getLatLng(), Math.min(index.getClusterExpansionZoom(f.properties.cluster_id), 18));
          });
          clusterLayer.addLayer(c);
        })(f);
      } else {
        var ev = p.i;
        refs.types[T[ev]].addLayer(marker(ev));
      }
    }
  }
  function buildIndex() {
    if (visible.length <= CLUSTER_AT || typeof Supercluster === "undefined") { index = null; return; }
    var points = new Array(visible.length);
    for (var k = 0; k < visible.length; k++) {
      var ev = visible[k];
      points[k] = {type: "Feature", properties: {i: ev}, geometry: {type: "Point", coordinates: [X[ev] / 1e5, Y[ev] / 1e5]}};
    }
    index = new Supercluster({radius: 50, maxZoom: 12, minPoints: 3}).load(points);
  }

  // troop strengths: circle area in proportion to the number, label on the circle's northern edge
  // a large map shows the strongest figures and their movements only: hundreds of circles would hide the events
  var OVERLAY_CAP = 250, CLUSTERED_CAP = 40;
  function overlayCap() { return index ? CLUSTERED_CAP : OVERLAY_CAP; }
  function troopRadius(n) { return Math.max(6, Math.min(80, 0.12 * Math.sqrt(n))); }
  function drawTroops() {
    if (!TR || !refs.troops) return;
    refs.troops.clearLayers();
    var shown = visible.filter(function (ev) { return TR[ev] >= 0 && TN[ev] > 0; });
    shown.sort(function (a, b) { return TN[b] - TN[a]; });  // small circles on top of big ones
    var cap = overlayCap();
    if (shown.length > cap) shown = shown.slice(0, cap);
    var placed = [];  // label boxes in pixels: on a busy map, a label that would overlap one already placed is left out
    var renderer = L.svg({padding: 0.5});
    shown.forEach(function (ev) {
      var r = troopRadius(TN[ev]);
      var ll = [Y[ev] / 1e5, X[ev] / 1e5];
      var circle = L.circleMarker(ll, {radius: r, renderer: renderer, color: "#5b3a29", weight: 1.5, fillColor: "#a0522d",
                                        fillOpacity: 0.18, className: "ge-troops", interactive: true});
      circle.bindPopup(function () { return popup(ev); }, POPUP);
      refs.troops.addLayer(circle);
      var at = map.latLngToLayerPoint(ll);
      var box = [at.x - 30, at.y - r - 14, at.x + 30, at.y - r - 1];
      for (var k = 0; shown.length > 12 && k < placed.length; k++) {
        var p = placed[k];
        if (box[0] < p[2] && p[0] < box[2] && box[1] < p[3] && p[1] < box[3]) return;
      }
      placed.push(box);
      var label = el("div", "ge-troop-label", str(TR[ev]));
      refs.troops.addLayer(L.marker(ll, {icon: L.divIcon({html: label, className: "ge-icon ge-troop-icon", iconSize: [80, 16],
                                                           iconAnchor: [40, r + 15]}), interactive: false, keyboard: false}));
    });
  }

  // movements: a dashed line from the origin the text names to the event, with an arrowhead
  function drawMoves() {
    if (!O || !refs.moves) return;
    refs.moves.clearLayers();
    var renderer = L.svg({padding: 0.5});
    var moving = visible.filter(function (ev) { return O[ev] >= 0; });
    var cap = overlayCap();
    if (moving.length > cap) {
      moving.sort(function (a, b) { return (TN ? TN[b] - TN[a] : 0) || a - b; });
      moving = moving.slice(0, cap);
    }
    moving.forEach(function (ev) {
      var o = D.origins[O[ev]];
      var from = L.latLng(o[1] / 1e5, o[2] / 1e5), to = L.latLng(Y[ev] / 1e5, X[ev] / 1e5);
      var line = L.polyline([from, to], {renderer: renderer, color: "#333", weight: 2.2, dashArray: "7 6", opacity: 0.9,
                                         className: "ge-move"});
      line.bindTooltip(str(o[0]) + " \u2192 " + str(E.p[ev]) + (TR && TR[ev] >= 0 ? " (" + str(TR[ev]) + ")" : ""),
                       {sticky: true});
      line.bindPopup(function () { return popup(ev); }, POPUP);
      refs.moves.addLayer(line);
      var a = map.project(from, 0), b = map.project(to, 0);
      var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
      var head = document.createElementNS(SVG, "svg");
      head.setAttribute("viewBox", "0 0 20 20");
      head.setAttribute("width", "20");
      head.setAttribute("height", "20");
      var tri = document.createElementNS(SVG, "polygon");
      tri.setAttribute("points", "2,3 20,10 2,17 6,10");
      tri.setAttribute("fill", "#333");
      head.appendChild(tri);
      head.style.transform = "rotate(" + angle + "deg)";
      var holder = el("div", "ge-arrow");
      holder.appendChild(head);
      refs.moves.addLayer(L.marker(to, {icon: L.divIcon({html: holder, className: "ge-icon", iconSize: [20, 20], iconAnchor: [10, 10]}),
                                        interactive: false, keyboard: false}));
    });
  }

  // admin-1 areas the events are in, shaded by how many events each holds
  var RAMP = ["#efedf5", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];
  function decodeRings(rings) {
    return rings.map(function (flat) {
      var out = [], y = 0, x = 0;
      for (var k = 0; k < flat.length; k += 2) {
        y += flat[k]; x += flat[k + 1];
        out.push([y / 1000, x / 1000]);
      }
      return out;
    });
  }
  // The bundled country outlines carry a few long, straight arctic edges left by the antimeridian cut
  // (Russia along 65-71 N, Antarctica); the land fill hides them, and the borders leave them out.
  function borderLines(rings) {
    var lines = [];
    rings.forEach(function (ring) {
      var line = [ring[0]];
      for (var k = 1; k <= ring.length; k++) {
        var a = ring[k - 1], b = ring[k % ring.length];
        if (Math.abs(b[1] - a[1]) > 20 && Math.abs(a[0]) > 60) {
          if (line.length > 1) lines.push(line);
          line = [b];
        } else line.push(b);
      }
      if (line.length > 1) lines.push(line);
    });
    return lines;
  }

  function drawAreas() {
    if (!refs.areas || !D.areas.length) return;
    var max = 1;
    D.areas.forEach(function (a) { if (a[2] > max) max = a[2]; });
    var renderer = L.svg({padding: 0.5});
    D.areas.forEach(function (a) {
      var level = max === 1 ? 1 : Math.min(RAMP.length - 1, 1 + Math.floor((RAMP.length - 1) * (a[2] - 1) / max));
      var poly = L.polygon(decodeRings(a[3]), {renderer: renderer, color: "#54278f", weight: 1, opacity: 0.7,
                                               fillColor: RAMP[level], fillOpacity: 0.55, className: "ge-area"});
      var tip = el("div");
      tip.appendChild(el("b", null, str(a[0])));
      tip.appendChild(el("span", null, " \u00b7 " + a[2] + (a[2] === 1 ? " event" : " events")));
      poly.bindTooltip(tip, {sticky: true});
      refs.areas.addLayer(poly);
    });
  }

  // the base map: bundled Natural Earth outlines on a sea-coloured background
  function drawBase() {
    if (!refs.base) return;
    map.createPane("geBase").style.zIndex = 250;
    var renderer = L.canvas({pane: "geBase", padding: 0.5});
    var land = refs.tiles ? {fill: false, color: "#777", weight: 0.8}
                          : {fillColor: "#f3efe6", fillOpacity: 1, fillRule: "nonzero", color: "#8c8c8c", weight: 0.8};
    var fill = L.extend({}, land, {stroke: false});
    var border = {renderer: renderer, interactive: false, pane: "geBase", color: land.color, weight: land.weight};
    D.base.countries.forEach(function (g) {
      var rings = decodeRings(g);
      if (!refs.tiles) refs.base.addLayer(L.polygon(rings, L.extend({renderer: renderer, interactive: false, pane: "geBase"}, fill)));
      refs.base.addLayer(L.polyline(borderLines(rings), border));
    });
    D.base.admin1.forEach(function (g) {
      refs.base.addLayer(L.polygon(decodeRings(g), {renderer: renderer, interactive: false, pane: "geBase", fill: false,
                                                    color: "#b9b2a5", weight: 0.6, dashArray: "3 3"}));
    });
  }

  /* ---------------------------------------------------------------- controls */
  function addTitle() {
    if (!D.title) return;
    var Title = L.Control.extend({options: {position: "topleft"}, onAdd: function () {
      var box = el("div", "ge-title leaflet-bar");
      box.appendChild(el("div", "ge-title-main", D.title));
      var sub = N.toLocaleString("en-US") + (N === 1 ? " event" : " events");
      if (D.unmapped) sub += ", " + D.unmapped.toLocaleString("en-US") + " without coordinates not shown";
      box.appendChild(el("div", "ge-title-sub", sub));
      return box;
    }});
    new Title().addTo(map);
  }

  function addLegend() {
    var Legend = L.Control.extend({options: {position: "bottomright"}, onAdd: function () {
      var box = el("div", "ge-legend leaflet-bar");
      box.appendChild(el("div", "ge-legend-head", "Event types"));
      D.types.forEach(function (t, k) {
        var line = el("div", "ge-legend-row");
        line.appendChild(symbol(k, 14));
        line.appendChild(el("span", null, t[0]));
        line.appendChild(el("span", "ge-count", t[3].toLocaleString("en-US")));
        box.appendChild(line);
      });
      if (TR) {
        var tl = el("div", "ge-legend-row");
        var c = el("span", "ge-swatch ge-swatch-troops");
        tl.appendChild(c);
        var withTroops = 0;
        for (var k = 0; k < N; k++) if (TR[k] >= 0) withTroops++;
        tl.appendChild(el("span", null, "Troops (circle area \u221d number)" +
                                        (withTroops > overlayCap() ? ", largest " + overlayCap() : "")));
        box.appendChild(tl);
      }
      if (O) {
        var ml = el("div", "ge-legend-row");
        ml.appendChild(el("span", "ge-swatch ge-swatch-move"));
        ml.appendChild(el("span", null, "Movement, origin \u2192 place"));
        box.appendChild(ml);
      }
      if (D.areas.length) {
        var al = el("div", "ge-legend-row");
        al.appendChild(el("span", "ge-swatch ge-swatch-area"));
        al.appendChild(el("span", null, "Admin-1 area, shaded by events"));
        box.appendChild(al);
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }});
    return new Legend().addTo(map);
  }

  function addSlider() {
    if (!isFinite(tMin)) return null;
    var Slider = L.Control.extend({options: {position: "bottomleft"}, onAdd: function () {
      var box = el("div", "ge-slider leaflet-bar");
      var top = el("div", "ge-slider-top");
      var play = el("button", "ge-play", "\u25b6");
      play.type = "button";
      play.title = "Play through time";
      var label = el("span", "ge-slider-label");
      var mode = el("select", "ge-mode");
      [["cumulative", "up to the date"], ["1", "that day"], ["7", "7 days"], ["30", "30 days"], ["all", "all dates"]].forEach(function (o) {
        var opt = el("option", null, o[1]);
        opt.value = o[0];
        mode.appendChild(opt);
      });
      top.appendChild(play);
      top.appendChild(label);
      top.appendChild(mode);
      var range = el("input", "ge-range");
      range.type = "range";
      range.min = String(tMin);
      range.max = String(tMax);
      range.step = "1";
      range.value = String(tMax);
      box.appendChild(top);
      box.appendChild(range);
      var scale = el("div", "ge-slider-scale");
      scale.appendChild(el("span", null, isoDay(tMin)));
      scale.appendChild(el("span", null, isoDay(tMax)));
      box.appendChild(scale);
      function show() {
        var d = time.day;
        if (time.mode === "all") label.textContent = "all dates";
        else if (time.mode === "cumulative") label.textContent = "up to " + isoDay(d);
        else if (time.span === 1) label.textContent = isoDay(d);
        else label.textContent = isoDay(d - time.span + 1) + " to " + isoDay(d);
        range.disabled = time.mode === "all";
      }
      function changed() {
        time.day = parseInt(range.value, 10);
        var m = mode.value;
        time.mode = m === "cumulative" || m === "all" ? m : "window";
        time.span = time.mode === "window" ? parseInt(m, 10) : 0;
        show();
        refresh();
      }
      range.addEventListener("input", changed);
      mode.addEventListener("change", changed);
      var timer = null;
      play.addEventListener("click", function () {
        if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25b6"; return; }
        if (mode.value === "all") mode.value = "cumulative";
        if (parseInt(range.value, 10) >= tMax) range.value = String(tMin);
        changed();
        var step = Math.max(1, Math.round((tMax - tMin) / 80));
        play.textContent = "\u275a\u275a";
        timer = setInterval(function () {
          var next = Math.min(tMax, parseInt(range.value, 10) + step);
          range.value = String(next);
          changed();
          if (next >= tMax) { clearInterval(timer); timer = null; play.textContent = "\u25b6"; }
        }, 400);
      });
      show();
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }});
    return new Slider().addTo(map);
  }

  // headings in the layer control between event types, actors and overlays
  function addHeadings() {
    var ctl = refs.control;
    if (!ctl) return;
    var heads = [];
    if (refs.types.length) heads.push([refs.types[0], "Event types"]);
    if (refs.groups.length) heads.push([refs.groups[0], "Actors and sides"]);
    var firstOverlay = refs.troops || refs.moves || refs.areas;  // the order they are added in
    if (firstOverlay) heads.push([firstOverlay, "Overlays"]);
    var original = ctl._update;
    ctl._update = function () {
      var out = original.apply(this, arguments);
      var inputs = this._layerControlInputs || [];
      for (var k = 0; k < inputs.length; k++) {
        var found = this._getLayer(inputs[k].layerId);
        for (var h = 0; h < heads.length; h++) {
          if (found && found.layer === heads[h][0]) {
            var label = inputs[k].closest("label");
            label.parentNode.insertBefore(el("div", "ge-control-head", heads[h][1]), label);
          }
        }
      }
      return out;
    };
    ctl._update();
  }

  /* ---------------------------------------------------------------- wiring */
  function refresh() {
    filter();
    buildIndex();
    drawPoints();
    drawTroops();
    drawMoves();
    if (api) api.version++;
  }
  var api = null;
  map.on("overlayadd overlayremove", function (ev) {
    var k = refs.types.indexOf(ev.layer), g = refs.groups.indexOf(ev.layer);
    if (k < 0 && g < 0) return;
    if (k >= 0) typeOn[k] = ev.type === "overlayadd";
    if (g >= 0) groupOn[g] = ev.type === "overlayadd";
    refresh();
  });

  if (map.attributionControl) map.attributionControl.addAttribution("Outlines: Natural Earth");
  drawBase();
  drawAreas();
  filter();
  buildIndex();
  addTitle();
  addHeadings();
  var legend = addLegend();
  var slider = addSlider();
  if (refs.control && refs.control._section) {
    var room = map.getSize().y - legend.getContainer().offsetHeight - 60;
    var section = refs.control._section;
    section.style.maxHeight = Math.max(120, room) + "px";
    section.style.overflowY = "auto";
  }

  var bounds = L.latLngBounds(D.bounds);
  var size = map.getSize();
  var right = (refs.control && refs.control.getContainer() ? refs.control.getContainer().offsetWidth : 0);
  right = Math.max(right, legend.getContainer().offsetWidth);
  var pad = {paddingTopLeft: [30, 80], paddingBottomRight: [Math.min(right + 30, size.x / 3), (slider ? slider.getContainer().offsetHeight : 0) + 40],
             maxZoom: 7, animate: false};
  if (bounds.getNorth() - bounds.getSouth() < 1e-6 && bounds.getEast() - bounds.getWest() < 1e-6) map.setView(bounds.getCenter(), 7, {animate: false});
  else map.fitBounds(bounds, pad);
  drawPoints();
  drawTroops();
  drawMoves();
  map.on("moveend", function () { if (index) drawPoints(); });
  map.on("zoomend", drawTroops);  // which labels fit depends on the zoom

  // what the tests and the benchmark read: counts, and when the first frame with events was drawn
  api = {
    version: 0,
    startedAt: startedAt,
    visible: function () { return visible.slice(); },
    clustered: function () { return !!index; },
    clusters: function () { return clusterLayer.getLayers().length; },
    zoom: function () { return map.getZoom(); },
    types: D.types.map(function (t) { return t[0]; }),
    groups: D.groups.slice(),
    timeRange: [tMin, tMax],
    ids: function (list) { return list.map(function (k) { return str(E.id[k]); }); }
  };
  div.geoevents = api;
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      api.drawnAt = performance.now();
      div.setAttribute("data-geoevents-drawn", String(Math.round(api.drawnAt)));
    });
  });
}
