// The map panel: a Leaflet map that needs no tile server (land and sea from the shipped Natural Earth
// coastline, ward boundaries and names drawn from GeoJSON), an optional base map from the deployment's
// tile URL, a legend, clustering, and loading / error / empty states shown over the map
// (.map-panel[data-status] in app.css). Leaflet is the vendored global `L`.

import { escapeHtml, formatNumber } from "./dom.js";
import { wardGeoJSON } from "./wards.js";

export const WARD_STYLE = { color: "#ffffff", weight: 1, fillColor: "#9cc59a", fillOpacity: 0.5 };
const VIETNAM = [16, 107];
// Cut at build time from Natural Earth (ioc.web.coastline); beside this module under the same fingerprint.
const LAND_URL = new URL("../../vendor/coastline/land.geojson", import.meta.url).href;
// Colours in app.css (.map-land), so a dark page (the wall) can have dark land.
// No stroke: the land is cut to a box, and a stroked edge along the cut would draw that box on the map.
const LAND_STYLE = { className: "map-land", stroke: false, fillOpacity: 1, interactive: false };
let land = null;

function landGeoJSON() {
  if (!land) land = fetch(LAND_URL).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  return land;
}

/** Land (the shipped coastline) on a sea-coloured map, under every other layer. */
async function addLand(map) {
  map.getContainer().classList.add("map-sea");
  map.createPane("land").style.zIndex = 250;  // above tiles (200), below wards and markers (400+)
  const data = await landGeoJSON();
  if (data) L.geoJSON(data, { pane: "land", style: LAND_STYLE }).addTo(map);
}

// Beyond the box the land is cut to (ioc.web.coastline REGION: west, south, east, north), land would end in a
// straight line: the view stays inside it. Set when the map is made, before any layer is added, because a
// cluster group reads the map's zoom range once when it is added and loses its markers if that range changes.
const LAND_BOX = [100, 5, 120, 25];

function keepInside(map, [west, south, east, north]) {
  const box = L.latLngBounds([south, west], [north, east]);
  map.setMaxBounds(box);
  map.options.maxBoundsViscosity = 1;
  // Once, at the size the page opened with (not on resize: see above), and whole: the cluster group keeps a
  // grid per whole zoom from the minimum up and shows no marker when that minimum is fractional.
  const { x, y } = map.getSize();
  if (x > 0 && y > 0) map.setMinZoom(Math.ceil(map.getBoundsZoom(box, true)));
}

/**
 * A Leaflet map in `node`; `node.dataset.tileUrl` (IOC_TILE_URL) adds a base map, else the deployment's
 * offline PMTiles archive when it has one (/basemap.json), else land and sea from the shipped coastline.
 */
export function createMap(node, options = {}) {
  const tiles = node.dataset.tileUrl;
  const map = L.map(node, { zoomSnap: 0.25, attributionControl: !!tiles, ...options });
  if (tiles) L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
  else addOfflineBasemap(map).then((layer) => { if (!layer) addLand(map); }).catch(() => addLand(map));
  map.setView(VIETNAM, 6);
  if (!tiles) keepInside(map, LAND_BOX);
  if (!Number.isFinite(map.getMaxZoom())) map.setMaxZoom(18);  // clustering needs one; without tiles nobody set it
  return map;
}

let basemapInfo = null;
const scripts = {};

function loadScript(src) {
  scripts[src] ||= new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = src;
    el.onload = resolve;
    el.onerror = reject;
    document.head.appendChild(el);
  });
  return scripts[src];
}

/** The offline base map (a raster PMTiles archive the IOC serves itself) under every other layer, if any. */
export async function addOfflineBasemap(map) {
  basemapInfo ||= fetch("/basemap.json", { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : { pmtiles: null })).catch(() => ({ pmtiles: null }));
  const info = await basemapInfo;
  if (!info.pmtiles) return null;
  await loadScript(info.script);
  const layer = pmtiles.leafletRasterLayer(new pmtiles.PMTiles(info.pmtiles),
    { maxNativeZoom: info.max_zoom, minNativeZoom: info.min_zoom, maxZoom: 18 });
  layer.addTo(map).bringToBack();
  map.getContainer().classList.add("has-basemap");
  return layer;
}

const shortName = (name) => String(name || "").replace(/^(Phường|Xã|Đặc khu)\s+/u, "");

// A ward's name is shown once the ward is wide enough on screen for it (small city wards only up close).
function wardLabels(map, layer) {
  const labels = [];
  layer.eachLayer((lyr) => {
    const b = lyr.getBounds();
    const name = shortName(lyr.feature.properties.name);
    const width = Math.max(36, name.length * 5.5);
    const icon = L.divIcon({ className: "ward-label", html: `<span>${escapeHtml(name)}</span>`, iconSize: null });
    const at = lyr.feature.properties.site ? L.latLng(lyr.feature.properties.site) : b.getCenter();
    labels.push({ marker: L.marker(at, { icon, interactive: false, keyboard: false, pane: "wardLabels" }),
      span: b.getEast() - b.getWest(), width });
  });
  labels.sort((a, b) => b.span - a.span);  // the widest wards name themselves first
  const group = L.layerGroup().addTo(map);
  const update = () => {
    const pxPerDeg = 256 * 2 ** map.getZoom() / 360;
    const taken = [];  // boxes of the labels shown so far: a label that would overlap one stays hidden
    labels.forEach(({ marker, span, width }) => {
      const p = map.latLngToContainerPoint(marker.getLatLng());
      const box = [p.x - width / 2, p.y - 8, p.x + width / 2, p.y + 8];
      const free = taken.every((t) => box[2] < t[0] || box[0] > t[2] || box[3] < t[1] || box[1] > t[3]);
      const fits = span * pxPerDeg >= width && free;
      if (fits) taken.push(box);
      if (fits && !group.hasLayer(marker)) group.addLayer(marker);
      else if (!fits && group.hasLayer(marker)) group.removeLayer(marker);
    });
  };
  map.on("zoomend", update);
  update();
  return group;
}

/** The bounds of the wards near the province's middle: a far island (Hoàng Sa) must not shrink the mainland. */
export function wardBounds(layer) {
  const centres = [];
  layer.eachLayer((lyr) => centres.push(lyr.getBounds().getCenter()));
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const lat = median(centres.map((c) => c.lat));
  const lng = median(centres.map((c) => c.lng));
  const near = L.latLngBounds([]);
  layer.eachLayer((lyr) => {
    const c = lyr.getBounds().getCenter();
    if (Math.abs(c.lat - lat) < 2 && Math.abs(c.lng - lng) < 2) near.extend(lyr.getBounds());
  });
  return near.isValid() ? near : layer.getBounds();
}

/** Say something over the map ("Đang tải bản đồ…", an error, "nothing yet"); no text clears it. */
export function setStatus(node, text, { loading = false } = {}) {
  node.classList.toggle("is-loading", loading);
  node.classList.toggle("has-status", !!text && !loading);
  node.dataset.status = text || "";
}

/**
 * Draw the ward boundaries (fetched once per page) with their names as labels at zooms where they fit
 * (`labels: false` leaves them out). `style` is a Leaflet style or function, `onEachFeature` binds
 * popups, `fit` zooms to them (true, or fitBounds options), `back` keeps them under other layers.
 * Resolves to the layer, or null when the boundaries could not be loaded.
 */
export async function addWards(map, { style = WARD_STYLE, interactive = false, onEachFeature, fit = false,
  back = false, labels = true } = {}) {
  let data;
  try { data = await wardGeoJSON(); } catch (e) { return null; }
  const layer = L.geoJSON(data, { style, interactive: interactive || !!onEachFeature, onEachFeature }).addTo(map);
  if (back) layer.bringToBack();
  if (labels && data.features.length) {
    if (!map.getPane("wardLabels")) map.createPane("wardLabels").style.zIndex = 450;  // over wards, under markers
    map.getPane("wardLabels").style.pointerEvents = "none";
    layer.labels = wardLabels(map, layer);
  }
  if (fit && data.features.length) map.fitBounds(wardBounds(layer), { animate: false, ...(fit === true ? {} : fit) });
  return layer;
}

/** A legend in a map corner: items are [colour, label] pairs. */
export function addLegend(map, items, { position = "bottomleft" } = {}) {
  const legend = L.control({ position });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "map-legend");
    div.innerHTML = items.map(([color, label]) =>
      `<span><i style="background:${escapeHtml(color)}"></i>${escapeHtml(label)}</span>`).join("");
    return div;
  };
  legend.addTo(map);
  return legend;
}

/**
 * A layer group that gathers markers close together into one badge with their count
 * (leaflet.markercluster when the page loads it, else a plain group). `label` is the badge's
 * accessible name with {n}; `className` styles the badge.
 */
export function clusterGroup({ label = "{n}", className = "map-cluster", radius = 48 } = {}) {
  if (!L.markerClusterGroup) return L.featureGroup();
  return L.markerClusterGroup({
    maxClusterRadius: radius, showCoverageOnHover: false, spiderfyOnMaxZoom: true, chunkedLoading: true,
    spiderLegPolylineOptions: { weight: 1.5, color: "#17212b", opacity: 0.6 },
    iconCreateFunction: (cluster) => {
      const n = cluster.getChildCount();
      const size = n < 10 ? 40 : n < 100 ? 46 : 52;
      const name = escapeHtml(label.replace("{n}", n));
      return L.divIcon({ className, html: `<span title="${name}" aria-label="${name}">${n}</span>`, iconSize: [size, size] });
    },
  });
}

/** Put markers into a group (all at once when the group can). */
export function fillGroup(group, markers) {
  group.clearLayers();
  if (group.addLayers) group.addLayers(markers); else markers.forEach((m) => group.addLayer(m));
}

// ---- uploaded map layers (/api/v1/layers): style rules, popups, features by bbox and zoom ----

const FALLBACK = "#2f6fb0";

/** The colour of a feature under a layer's style rules (single, ramp over a number, categories of text). */
export function styleColor(style, properties) {
  const value = style.property ? (properties || {})[style.property] : undefined;
  if (style.kind === "categories") return (style.categories || {})[String(value)] || style.color || FALLBACK;
  if (style.kind === "ramp" && typeof value === "number" && (style.colors || []).length) {
    const span = (style.max - style.min) || 1;
    const t = Math.min(1, Math.max(0, (value - style.min) / span));
    return style.colors[Math.min(style.colors.length - 1, Math.floor(t * style.colors.length))];
  }
  return style.color || FALLBACK;
}

/** Legend items ([colour, label] pairs) of a layer's style. */
export function layerLegend(meta) {
  const s = meta.style || {};
  if (s.kind === "categories") return Object.entries(s.categories || {}).map(([k, c]) => [c, k]);
  if (s.kind === "ramp" && (s.colors || []).length) {
    const step = (s.max - s.min) / s.colors.length;
    return s.colors.map((c, i) => [c, `${formatShort(s.min + i * step)} – ${formatShort(s.min + (i + 1) * step)}`]);
  }
  return [[s.color || FALLBACK, meta.name]];
}

const formatShort = (n) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 10) / 10).toLocaleString("vi-VN");

function popupHtml(meta, properties) {
  const rows = (meta.popup_fields || []).map((f) =>
    `<tr><th>${escapeHtml(f)}</th><td>${escapeHtml(String((properties || {})[f] ?? "–"))}</td></tr>`).join("");
  return `<strong>${escapeHtml(meta.name)}</strong>${rows ? `<table class="map-popup-table">${rows}</table>` : ""}`;
}

// The box asked for, snapped outwards to a grid of the zoom so nearby views share cached answers (ETag).
function snappedBox(map) {
  const b = map.getBounds();
  const zoom = Math.round(map.getZoom());
  const step = 360 / 2 ** Math.max(0, zoom) / 4;
  const down = (v) => Math.floor(v / step) * step;
  const up = (v) => Math.ceil(v / step) * step;
  const clamp = (v, m) => Math.max(-m, Math.min(m, v));
  const box = [clamp(down(b.getWest()), 180), clamp(down(b.getSouth()), 90), clamp(up(b.getEast()), 180), clamp(up(b.getNorth()), 90)];
  return { bbox: box.map((v) => v.toFixed(6)).join(","), zoom };
}

/**
 * Draw an uploaded layer: its features in the visible box at the map's zoom (simplified by the server),
 * fetched again when the map moves, with the layer's colours and popup fields. `meta` is the layer's
 * description (fetched when left out). Resolves to { layer, meta, legend, remove() }.
 */
export async function addLayer(map, id, { meta } = {}) {
  const info = meta || await (await fetch(`/api/v1/layers/${id}`, { credentials: "same-origin" })).json();
  const s = info.style || {};
  const style = (f) => ({ color: styleColor(s, f.properties), weight: s.weight ?? 1, fillOpacity: s.opacity ?? 0.6,
    fillColor: styleColor(s, f.properties) });
  const layer = L.geoJSON(null, {
    style,
    pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...style(f), radius: 6 }),
    onEachFeature: (f, lyr) => lyr.bindPopup(() => popupHtml(info, f.properties)),
  }).addTo(map);
  const { stop } = await followBox(map, (bbox, zoom) => `/api/v1/layers/${id}/features?bbox=${bbox}&zoom=${zoom}`,
    (data) => {
      layer.clearLayers();
      layer.addData(data);
      layer.fire("ioc:loaded", { count: data.features.length, truncated: data.truncated });
    });
  return { layer, meta: info, legend: layerLegend(info), remove: () => { stop(); layer.remove(); } };
}

/**
 * Fetch `url(bbox, zoom)` for the visible box now and whenever the map moves to another box, and hand each
 * answer to `draw` (null when `url` gives no address: nothing to ask for); a newer box cancels the request of
 * an older one. Resolves to { stop(), reload() } (reload asks again for the same box, after a change of what to ask).
 */
async function followBox(map, url, draw) {
  let controller = null;
  let shown = "";
  let latest = Promise.resolve();
  const run = async (again) => {
    const { bbox, zoom } = snappedBox(map);
    const key = `${bbox}/${zoom}`;
    if (key === shown && again !== true) return;
    if (controller) controller.abort();
    const target = url(bbox, zoom);
    if (!target) { controller = null; shown = ""; draw(null); return; }
    controller = new AbortController();
    try {
      const res = await fetch(target, { credentials: "same-origin", signal: controller.signal });
      if (!res.ok) return;
      draw(await res.json());
      shown = key;
    } catch (e) { if (e.name !== "AbortError") throw e; }
  };
  const load = (again = false) => { latest = run(again); return latest; };
  // The first answer may be cancelled by a move (the view settling inside its box): wait for the one that counts.
  const settled = async () => { let seen; do { seen = latest; await seen; } while (seen !== latest); };
  map.on("moveend", load);
  load();
  await settled();
  const stop = () => { map.off("moveend", load); if (controller) controller.abort(); };
  return { stop, reload: () => { load(true); return settled(); } };
}

// ---- facilities by box and zoom (/api/v1/facilities/map): points, or per-kind clusters the server counted ----

function serverCluster(c, label) {
  const size = c.count < 10 ? 34 : c.count < 100 ? 40 : 46;
  const name = escapeHtml(label.replace("{n}", c.count));
  const icon = L.divIcon({ className: `fac-cluster fac-cluster-${escapeHtml(c.kind)}`, iconSize: [size, size],
    html: `<span title="${name}" aria-label="${name}">${c.count}</span>` });
  return L.marker([c.lat, c.lon], { icon, keyboard: true });
}

/**
 * A facility's marker: a dot coloured by its kind, its name as the title, a popup with its kind, school level
 * and size. `names` holds the page's words for them by key ({ kinds, levels, sizes }: facilities' map_names).
 */
export function facilityMarker(f, names = {}) {
  const { kinds = {}, levels = {}, sizes = {} } = names;
  const a = f.attributes || {};
  const size = Object.entries(sizes).filter(([k]) => typeof a[k] === "number").map(([k, unit]) => `${formatNumber(a[k])} ${unit}`);
  const detail = [levels[a.level], ...size].filter(Boolean).join(" · ");
  const icon = L.divIcon({ className: "", html: `<span class="fac-dot fac-${escapeHtml(f.kind)}"></span>`, iconSize: [16, 16] });
  return L.marker([f.lat, f.lon], { icon, title: f.name }).bindPopup(`<strong>${escapeHtml(f.name)}</strong>`
    + `<br><small>${escapeHtml(kinds[f.kind] || "")}</small>${detail ? `<br><small>${escapeHtml(detail)}</small>` : ""}`);
}

/**
 * Draw the facilities of `kinds` in the visible box, fetched again when the map moves (the server clusters
 * them when there are many at a low zoom). `marker(point)` makes a point's marker. Resolves to
 * { layer, setKinds(kinds), remove() }; the layer fires "ioc:loaded" with { total, clustered } (total 0 and
 * nothing asked while no kind is chosen).
 */
export async function addFacilities(map, kinds, { marker, label = "{n}", radius = 36 } = {}) {
  const layer = L.layerGroup().addTo(map);
  const points = clusterGroup({ label, radius }).addTo(layer);
  const clusters = L.layerGroup().addTo(layer);
  let chosen = [...kinds];
  const address = (bbox, zoom) => (chosen.length
    ? `/api/v1/facilities/map?${chosen.map((k) => `kind=${encodeURIComponent(k)}`).join("&")}&bbox=${bbox}&zoom=${zoom}`
    : null);
  const follow = await followBox(map, address, (answer) => {
    const data = answer || { points: [], clusters: [], total: 0, clustered: false };
    fillGroup(points, data.points.map(marker));
    clusters.clearLayers();
    for (const c of data.clusters) {
      serverCluster(c, label).on("click", () => map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 18)))
        .addTo(clusters);
    }
    layer.fire("ioc:loaded", { total: data.total, clustered: data.clustered });
  });
  const setKinds = (next) => { chosen = [...next]; return follow.reload(); };
  return { layer, setKinds, remove: () => { follow.stop(); layer.remove(); } };
}
