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
  var TR = col("tr"), TN = col("tn"), F = col("f"), W = col("w"), O = col("o"), GP = col("gp"), C = col("c");
  function countryLevel(i) { return !!C && C[i] >= 0; }

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
  var markers = new Array(N);
  function marker(i) {
    var m = markers[i];
    if (m) return m;
    var holder = el("div", "ge-marker");
    holder.setAttribute("data-type", String(T[i]));
    holder.setAttribute("data-event", String(i));
    holder.appendChild(symbol(T[i], 18));
    m = markers[i] = pointMarker(i, holder, 0, 0);
    return m;
  }
  function pointMarker(i, holder, dx, dy) {
    var m = L.marker([Y[i] / 1e5, X[i] / 1e5], {
      icon: L.divIcon({html: holder, className: "ge-icon", iconSize: [18, 18], iconAnchor: [9 - dx, 9 - dy],
                       popupAnchor: [dx, dy - 8], tooltipAnchor: [dx + 9, dy]}),
      keyboard: true, riseOnHover: true
    });
    m.bindPopup(function () { return popup(i); }, POPUP);
    m.bindTooltip(function () { return tooltip(i); }, {direction: "right", opacity: 0.95});
    return m;
  }
  // events at exactly the same point: one marker with a count; a click fans them out on leader lines
  var spider = L.layerGroup().addTo(map), spiderOpen = null, spiderLines = L.svg({padding: 0.5});
  function stackMarker(list) {
    var holder = el("div", "ge-marker ge-stack");
    holder.setAttribute("data-type", String(T[list[0]]));
    holder.setAttribute("data-event", String(list[0]));
    holder.setAttribute("data-events", list.join(","));
    holder.appendChild(symbol(T[list[0]], 18));
    holder.appendChild(el("span", "ge-stack-count", list.length));
    var m = L.marker([Y[list[0]] / 1e5, X[list[0]] / 1e5], {
      icon: L.divIcon({html: holder, className: "ge-icon", iconSize: [18, 18], iconAnchor: [9, 9], tooltipAnchor: [9, 0]}),
      keyboard: true, riseOnHover: true, title: list.length + " events here: click to spread them out"
    });
    m.bindTooltip(function () { return tooltip(list[0]); }, {direction: "right", opacity: 0.95});
    m.on("click", function () { openSpider(list, m); });
    return m;
  }
  function closeSpider() {
    if (!spiderOpen) return;
    spider.clearLayers();
    spiderOpen.stack.setOpacity(1);
    spiderOpen = null;
  }
  function openSpider(list, stack) {
    closeSpider();
    spiderOpen = {stack: stack, list: list};
    stack.setOpacity(0.35);
    var centre = map.latLngToLayerPoint(stack.getLatLng());
    var r = Math.max(28, 11 * list.length / Math.PI);
    list.forEach(function (i, k) {
      var a = 2 * Math.PI * k / list.length - Math.PI / 2;
      var dx = Math.round(r * Math.cos(a)), dy = Math.round(r * Math.sin(a));
      var end = map.layerPointToLatLng(centre.add([dx, dy]));
      spider.addLayer(L.polyline([stack.getLatLng(), end], {color: "#333", weight: 1.2, opacity: 0.8, interactive: false,
                                                              renderer: spiderLines, className: "ge-spider-leg"}));
      var holder = el("div", "ge-marker ge-spider");
      holder.setAttribute("data-event", String(i));
      holder.appendChild(symbol(T[i], 18));
      spider.addLayer(pointMarker(i, holder, dx, dy));
    });
  }
  map.on("zoomstart", closeSpider);
  map.on("click", closeSpider);

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
  var visible = [], visibleCountry = [], nPoints = 0;
  for (var i0 = 0; i0 < N; i0++) if (!countryLevel(i0)) nPoints++;
  function filter() {
    visible = [];
    visibleCountry = [];
    for (var i = 0; i < N; i++) {
      if (typeOn[T[i]] && actorOk(i) && timeOk(i)) (countryLevel(i) ? visibleCountry : visible).push(i);
    }
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
  var drawn = [];  // event indices drawn as markers now (for the labels to keep clear of)
  function addPoints(list) {
    var same = new Map();
    for (var k = 0; k < list.length; k++) {
      var key = Y[list[k]] * 4e7 + X[list[k]];  // exact: |Y| <= 9e6, |X| <= 1.8e7 (1e-5 degree)
      var g = same.get(key);
      if (g) g.push(list[k]); else same.set(key, [list[k]]);
    }
    same.forEach(function (g) {
      refs.types[T[g[0]]].addLayer(g.length === 1 ? marker(g[0]) : stackMarker(g));
      drawn.push(g[0]);
    });
  }
  function drawPoints() {
    clearPoints();
    closeSpider();
    drawn = [];
    if (!index) { addPoints(visible); return; }
    var leaves = [];
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
      } else leaves.push(p.i);
    }
    addPoints(leaves);
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
  var OVERLAY_CAP = 250, CLUSTERED_CAP = 40, troopBoxes = [];
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function overlayCap() { return index ? CLUSTERED_CAP : OVERLAY_CAP; }
  function troopRadius(n) { return Math.max(6, Math.min(80, 0.12 * Math.sqrt(n))); }
  function drawTroops() {
    if (!TR || !refs.troops) return;
    refs.troops.clearLayers();
    var shown = visible.filter(function (ev) { return TR[ev] >= 0 && TN[ev] > 0; });
    shown.sort(function (a, b) { return TN[b] - TN[a]; });  // small circles on top of big ones
    var cap = overlayCap();
    if (shown.length > cap) shown = shown.slice(0, cap);
    troopBoxes = [];  // label boxes in container pixels: later labels (and the reference labels) keep clear of them
    var renderer = L.svg({padding: 0.5});
    var spots = new Map();
    shown.forEach(function (ev) {
      var key = Y[ev] * 4e7 + X[ev];
      if (!spots.has(key)) spots.set(key, []);
      spots.get(key).push(ev);
      var circle = L.circleMarker([Y[ev] / 1e5, X[ev] / 1e5], {radius: troopRadius(TN[ev]), renderer: renderer, color: "#5b3a29",
                                  weight: 1.5, fillColor: "#a0522d", fillOpacity: 0.18, className: "ge-troops", interactive: true});
      circle.bindPopup(function () { return popup(ev); }, POPUP);
      refs.troops.addLayer(circle);
    });
    function free(box) {
      for (var k = 0; k < troopBoxes.length; k++) if (overlaps(box, troopBoxes[k])) return false;
      return true;
    }
    function label(ev, ll, anchorX, anchorY, align) {
      var node = el("div", "ge-troop-label", str(TR[ev]));
      node.style.textAlign = align;
      refs.troops.addLayer(L.marker(ll, {icon: L.divIcon({html: node, className: "ge-icon ge-troop-icon", iconSize: [80, 16],
                                                          iconAnchor: [anchorX, anchorY]}), interactive: false, keyboard: false}));
    }
    // figures at one spot (largest first) stack in a column beside the largest circle, each with a leader line
    // from its own circle's edge; a lone figure sits on its circle's northern edge
    spots.forEach(function (list) {
      var ll = [Y[list[0]] / 1e5, X[list[0]] / 1e5];
      var at = map.latLngToLayerPoint(ll);
      var big = troopRadius(TN[list[0]]);
      if (list.length === 1) {
        var box = [at.x - 30, at.y - big - 14, at.x + 30, at.y - big - 1];
        if (shown.length > 12 && !free(box)) return;
        troopBoxes.push(box);
        label(list[0], ll, 40, big + 15, "center");
        return;
      }
      list.forEach(function (ev, k) {
        var r = troopRadius(TN[ev]);
        var dx = big + 14, dy = -big - 4 + 17 * k - 8 * (list.length - 1);
        var lbox = [at.x + dx, at.y + dy - 8, at.x + dx + 62, at.y + dy + 8];
        if (shown.length > 12 && !free(lbox)) return;
        troopBoxes.push(lbox);
        var a = Math.atan2(dy, dx);
        var edge = map.layerPointToLatLng([at.x + r * Math.cos(a), at.y + r * Math.sin(a)]);
        var end = map.layerPointToLatLng([at.x + dx - 2, at.y + dy]);
        refs.troops.addLayer(L.polyline([edge, end], {renderer: renderer, color: "#5b3a29", weight: 1, opacity: 0.9,
                                                      interactive: false, className: "ge-troop-leader"}));
        label(ev, ll, -dx, 8 - dy, "left");
      });
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


  /* ---------------------------------------------------------------- reference labels */
  // Names from the gazetteer (countries, seas, admin-1 areas, towns) and the places with events, placed first
  // come first served in priority order with no two overlapping, below the markers, never taking clicks.
  // The small towns' labels wait in a second JSON element until the reader zooms in.
  var LABEL_CLASS = ["country", "sea", "admin1", "city", "town"];
  var LABEL_FONT = {country: "700 12px", sea: "italic 12px", admin1: "600 10.5px", city: "600 12px", town: "11.5px", event: "700 12.5px"};
  var MORE_LABELS_AT = 7, MAX_LABELS = 400;
  var labelPane = map.createPane("geLabels");
  labelPane.style.zIndex = 450;
  labelPane.style.pointerEvents = "none";
  var labelTiers = [D.labels], moreLabels = false, placedLabels = [];
  var measure = document.createElement("canvas").getContext("2d"), widths = new Map();
  var family = getComputedStyle(div).fontFamily || "sans-serif";
  function textWidth(text, cls) {
    var key = cls + "\u0000" + text, w = widths.get(key);
    if (w === undefined) {
      measure.font = LABEL_FONT[cls] + " " + family;
      w = Math.ceil(measure.measureText(cls === "country" || cls === "admin1" ? text.toUpperCase() : text).width) + (cls === "country" ? text.length * 1.5 : 0);
      widths.set(key, w);
    }
    return w;
  }
  function loadMoreLabels() {
    if (moreLabels || !refs.labels) return;
    moreLabels = true;
    var node = document.getElementById(refs.labels);
    if (node) labelTiers.push(JSON.parse(node.textContent));
  }
  function layoutLabels() {
    labelPane.textContent = "";
    placedLabels = [];
    if (!N && !D.labels) return;
    var zoom = map.getZoom();
    if (zoom >= MORE_LABELS_AT) loadMoreLabels();
    var b = map.getBounds(), south = b.getSouth(), north = b.getNorth(), west = b.getWest(), east = b.getEast();
    var size = map.getSize(), topLeft = map.containerPointToLayerPoint([0, 0]);
    var minX = topLeft.x, minY = topLeft.y, maxX = minX + size.x, maxY = minY + size.y;
    var cell = 64, grid = new Map(), boxes = [];
    function cells(box, fn) {
      for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++)
        for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) if (fn(gx * 100003 + gy) === false) return false;
      return true;
    }
    function free(box) {
      return cells(box, function (key) {
        var list = grid.get(key);
        if (list) for (var k = 0; k < list.length; k++) if (overlaps(box, boxes[list[k]])) return false;
      });
    }
    function take(box) {
      var n = boxes.length;
      boxes.push(box);
      cells(box, function (key) { var list = grid.get(key); if (list) list.push(n); else grid.set(key, [n]); });
    }
    // what is already on the map: the markers drawn, the troop labels
    if (drawn.length <= 1500) drawn.forEach(function (i) {
      var p = map.latLngToLayerPoint([Y[i] / 1e5, X[i] / 1e5]);
      take([p.x - 9, p.y - 9, p.x + 9, p.y + 9]);
    });
    troopBoxes.forEach(take);
    var frame = div.getBoundingClientRect();
    div.querySelectorAll(".leaflet-control").forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) take([minX + r.left - frame.left - 2, minY + r.top - frame.top - 2, minX + r.right - frame.left + 2, minY + r.bottom - frame.top + 2]);
    });
    var count = 0;
    function put(name, local, cls, lat, lon, dot) {
      if (lat < south || lat > north || lon < west || lon > east) return false;
      var p = map.latLngToLayerPoint([lat, lon]);
      var w = textWidth(name, cls), h = cls === "admin1" ? 12 : 15;
      var tries = dot ? [[dot + 1, -h / 2], [-dot - 1 - w, -h / 2]] : [[-w / 2, -h / 2]];
      for (var t = 0; t < tries.length; t++) {
        var x = p.x + tries[t][0], y = p.y + tries[t][1];
        var box = [x - 2, y - 1, x + w + 2, y + h + 1];
        if (box[0] < minX || box[2] > maxX || box[1] < minY || box[3] > maxY || !free(box)) continue;
        take(box);
        if (dot && cls !== "event") {
          take([p.x - 3, p.y - 3, p.x + 3, p.y + 3]);
          var d = el("div", "ge-label-dot");
          L.DomUtil.setPosition(d, L.point(p.x - 2.5, p.y - 2.5));
          labelPane.appendChild(d);
        }
        var node = el("div", "ge-label ge-label-" + cls, name);
        node.setAttribute("data-label", cls);
        L.DomUtil.setPosition(node, L.point(Math.round(x), Math.round(y)));
        labelPane.appendChild(node);
        placedLabels.push({box: box, name: name, local: local, cls: cls});
        count++;
        return true;
      }
      return false;
    }
    // places with events first, at every zoom, beside their marker
    var P = D.places, seen = new Set();
    for (var k = 0; k < P.n.length && count < MAX_LABELS; k++) {
      if (put(P.n[k], "", "event", P.y[k] / 1000, P.x[k] / 1000, 12)) seen.add(P.n[k]);
    }
    for (var tier = 0; tier < labelTiers.length; tier++) {
      var Lb = labelTiers[tier];
      for (var j = 0; j < Lb.n.length && count < MAX_LABELS; j++) {
        if (Lb.z[j] > zoom || seen.has(Lb.n[j])) continue;
        var cls = LABEL_CLASS[Lb.k[j]];
        put(Lb.n[j], Lb.l[j], cls, Lb.y[j] / 1000, Lb.x[j] / 1000, cls === "city" || cls === "town" ? 4 : 0);
      }
    }
  }
  // the local name of a label, as a tooltip: the labels take no pointer events, so the map looks them up
  map.on("mousemove", function (ev) {
    var p = ev.layerPoint, tip = "";
    for (var k = 0; k < placedLabels.length; k++) {
      var b = placedLabels[k].box;
      if (p.x >= b[0] && p.x <= b[2] && p.y >= b[1] && p.y <= b[3]) { tip = placedLabels[k].local ? placedLabels[k].name + " (" + placedLabels[k].local + ")" : ""; break; }
    }
    if (div.title !== tip) div.title = tip;
  });
  map.on("zoomstart", function () { labelPane.style.display = "none"; });
  map.on("zoomend", function () { labelPane.style.display = ""; });

  /* ---------------------------------------------------------------- country-level events */
  // an event known only to the country is not a point: its country is shaded, and a panel lists such events
  var countryLayer = L.layerGroup().addTo(map);
  function drawCountries() {
    countryLayer.clearLayers();
    if (!C) return;
    var per = new Map();
    visibleCountry.forEach(function (i) { if (!per.has(C[i])) per.set(C[i], []); per.get(C[i]).push(i); });
    var renderer = L.svg({padding: 0.5});
    per.forEach(function (list, c) {
      var spec = D.countries[c];
      if (!spec[2].length) return;
      var poly = L.polygon(decodeRings(spec[2]), {renderer: renderer, color: "#6b5b3e", weight: 1.4, dashArray: "6 4", opacity: 0.8,
                                                  fillColor: "#c9b48a", fillOpacity: 0.22, className: "ge-country"});
      var tip = el("div");
      tip.appendChild(el("b", null, str(spec[0])));
      tip.appendChild(el("span", null, " \u00b7 " + list.length + (list.length === 1 ? " event" : " events") + " known only to the country"));
      poly.bindTooltip(tip, {sticky: true});
      countryLayer.addLayer(poly);
    });
    if (countryPanel) countryPanel.update();
  }
  var countryPanel = null;
  function addCountryPanel() {
    if (!C) return;
    var Panel = L.Control.extend({options: {position: "bottomright"}, onAdd: function () {
      var box = el("div", "ge-countries leaflet-bar");
      this.update = function () {
        box.textContent = "";
        box.style.display = visibleCountry.length ? "" : "none";
        box.appendChild(el("div", "ge-legend-head", "Known only to the country (" + visibleCountry.length + ")"));
        var list = el("ul", "ge-country-list");
        visibleCountry.slice(0, 50).forEach(function (i) {
          var item = el("li", "ge-country-item");
          item.setAttribute("data-event", String(i));
          item.appendChild(symbol(T[i], 12));
          item.appendChild(el("span", null, str(D.countries[C[i]][0]) + " \u00b7 " + D.types[T[i]][0] + " \u00b7 " +
                                            (D0[i] === null ? "undated" : isoDay(D0[i]))));
          item.title = str(E.ev[i]);
          item.addEventListener("click", function () {
            L.popup(POPUP).setLatLng(map.getCenter()).setContent(popup(i)).openOn(map);
          });
          list.appendChild(item);
        });
        if (visibleCountry.length > 50) list.appendChild(el("li", null, "and " + (visibleCountry.length - 50) + " more"));
        box.appendChild(list);
      };
      this.update();
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }});
    countryPanel = new Panel().addTo(map);
  }

  /* ---------------------------------------------------------------- outside this view, and empty maps */
  var outsideBox = null;
  function allBounds() {
    var b = L.latLngBounds([]);
    visible.forEach(function (i) { b.extend([Y[i] / 1e5, X[i] / 1e5]); });
    return b;
  }
  function addOutside() {
    var Outside = L.Control.extend({options: {position: "topleft"}, onAdd: function () {
      var button = el("button", "ge-outside leaflet-bar");
      button.type = "button";
      button.addEventListener("click", function () {
        var b = allBounds();
        if (b.isValid()) map.fitBounds(b, L.extend({}, fitPadding(), {maxZoom: 8}));
      });
      L.DomEvent.disableClickPropagation(button);
      return button;
    }});
    outsideBox = new Outside().addTo(map).getContainer();
  }
  function updateOutside() {
    if (!outsideBox) return;
    var b = map.getBounds(), n = 0;
    for (var k = 0; k < visible.length; k++) if (!b.contains([Y[visible[k]] / 1e5, X[visible[k]] / 1e5])) n++;
    outsideBox.textContent = n.toLocaleString("en-US") + (n === 1 ? " event" : " events") + " outside this view \u2192";
    outsideBox.title = "Zoom out to show every event";
    outsideBox.style.display = n ? "" : "none";
    outsideBox.setAttribute("data-outside", String(n));
  }
  var emptyBox = el("div", "ge-empty");
  emptyBox.style.display = "none";
  div.appendChild(emptyBox);
  function updateEmpty() {
    var why = "";
    if (!N) why = D.note || (D.unmapped ? "none of the " + D.unmapped.toLocaleString("en-US") + " events has coordinates"
                                         : "the input gave no events");
    else if (!visible.length && !visibleCountry.length) {
      if (typeOn.every(function (on) { return !on; })) why = "every event type is switched off";
      else if (!groupOn.some(Boolean)) why = "every actor is switched off";
      else if (time.mode !== "all") why = "none falls in the dates chosen on the slider";
      else why = "the switches hide them all";
    }
    emptyBox.textContent = "";
    if (!why) { emptyBox.style.display = "none"; return; }
    emptyBox.appendChild(el("div", "ge-empty-head", "No events"));
    emptyBox.appendChild(el("div", "ge-empty-why", why.charAt(0).toUpperCase() + why.slice(1) + "."));
    emptyBox.style.display = "";
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
    drawCountries();
    layoutLabels();
    updateOutside();
    updateEmpty();
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

  if (map.attributionControl) map.attributionControl.addAttribution("Outlines: Natural Earth; places: GeoNames, KATOTTG");
  L.control.scale({position: "bottomleft", maxWidth: 160}).addTo(map);  // long enough for "100 mi" to fit
  drawBase();
  drawAreas();
  filter();
  buildIndex();
  addTitle();
  addHeadings();
  var legend = addLegend();
  var slider = addSlider();
  addCountryPanel();
  if (refs.control && refs.control._section) {
    var room = map.getSize().y - legend.getContainer().offsetHeight - 60 -
               (countryPanel ? countryPanel.getContainer().offsetHeight + 10 : 0);
    var section = refs.control._section;
    section.style.maxHeight = Math.max(120, room) + "px";
    section.style.overflowY = "auto";
  }

  function fitPadding() {
    var size = map.getSize();
    var right = (refs.control && refs.control.getContainer() ? refs.control.getContainer().offsetWidth : 0);
    right = Math.max(right, legend.getContainer().offsetWidth);
    // the title (top left) and the slider (bottom left) take a corner each: a band of their height would cost a zoom level
    return {paddingTopLeft: [30, 60], paddingBottomRight: [Math.min(right + 30, size.x / 3), slider ? 50 : 30], animate: false};
  }
  if (N) map.fitBounds(L.latLngBounds(D.bounds), L.extend(fitPadding(), {maxZoom: 9}));
  else map.fitBounds(L.latLngBounds(D.bounds), {animate: false});
  var firstView = map.getBounds();
  addOutside();
  drawPoints();
  drawTroops();
  drawMoves();
  drawCountries();
  layoutLabels();
  updateOutside();
  updateEmpty();
  if (!N) {
    legend.getContainer().style.display = "none";
    if (refs.control) refs.control.getContainer().style.display = "none";
  }
  map.on("moveend", function () { if (index) drawPoints(); layoutLabels(); updateOutside(); });
  map.on("zoomend", function () { drawTroops(); });  // which troop labels fit depends on the zoom (moveend follows)

  // what the tests and the benchmark read: counts, and when the first frame with events was drawn
  api = {
    version: 0,
    startedAt: startedAt,
    visible: function () { return visible.slice(); },
    clustered: function () { return !!index; },
    clusters: function () { return clusterLayer.getLayers().length; },
    labels: function () { return placedLabels.map(function (p) { return {name: p.name, cls: p.cls, local: p.local}; }); },
    firstView: [[firstView.getSouth(), firstView.getWest()], [firstView.getNorth(), firstView.getEast()]],
    countryLevel: function () { return visibleCountry.slice(); },
    setView: function (ll, z) { map.setView(ll, z, {animate: false}); },
    zoom: function () { return map.getZoom(); },
    types: D.types.map(function (t) { return t[0]; }),
    groups: D.groups.slice(),
    timeRange: [tMin, tMax],
    ids: function (list) { return list.map(function (k) { return str(E.id[k]); }); }
  };
  div.geoevents = api;
  requestAnimationFrame(function () {
    layoutLabels();  // again, now that the controls have their final size
    requestAnimationFrame(function () {
      api.drawnAt = performance.now();
      div.setAttribute("data-geoevents-drawn", String(Math.round(api.drawnAt)));
    });
  });
}
