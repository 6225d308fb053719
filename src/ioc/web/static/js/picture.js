// The province picture (/picture and the wall's first panel): the live tiles and the map with its layers.
// Each tile depends on a few bus subjects (config.subjects); an event marks its tiles dirty, and one
// request for the dirty tiles' fragment follows; a tile is swapped only when its figures' signature changed.

import { debounce, escapeHtml, formatNumber, onReady, readJson, tickAgo } from "./ioc/dom.js";
import { getJSON, getText } from "./ioc/api.js";
import { onReconnect, subscribe } from "./ioc/live.js";
import { addLayer, addWards, clusterGroup, createMap, fillGroup, setStatus, wardBounds } from "./ioc/map.js";
import { wardGeoJSON } from "./ioc/wards.js";

let cfg = readJson("picture-config", {});
const tx = (text, values) => String((cfg.texts || {})[text] || text).replace(/\{(\w+)\}/g, (_, k) => values?.[k] ?? "");
const POINT_COLORS = { critical: "#b3261e", high: "#d4542a", medium: "#e0a100", low: "#5b8fc7", informational: "#5b8fc7",
  received: "#d4542a", verified: "#e0a100", assigned: "#e0a100", in_progress: "#2f6fb0", reopened: "#b3261e" };
const LAYER_SUBJECTS = { stations: "sensors.>", events: "events.>", reports: "feedback.>", incidents: "incidents.>",
  cameras: "facilities.>", facilities: "facilities.>" };
const MEASURE_SUBJECTS = { off_track: "kpi.>", aqi: "sensors.>", reports: "feedback.>", reports_per_1000: "feedback.>",
  incidents: "incidents.>" };

const query = (extra = {}) => {
  const q = new URLSearchParams();
  if (cfg.ward) q.set("ward", cfg.ward);
  if (cfg.range) q.set("range", cfg.range);
  Object.entries(extra).forEach(([k, v]) => q.set(k, v));
  return q.toString();
};

// ---------------------------------------------------------------- tiles
const dirty = new Set();

/** Fetch the named tiles and swap those whose figures changed; resolves to the names swapped. */
export async function refreshTiles(names) {
  const box = document.getElementById("pic-tiles");
  if (!box || !names.length) return [];
  const html = await getText(`/picture/_tiles?${query({ sections: names.join(",") })}`);
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html");
  const swapped = [];
  doc.querySelectorAll("[data-tile]").forEach((fresh) => {
    const old = document.getElementById(fresh.id);
    if (old && old.dataset.sig !== fresh.dataset.sig) {
      old.replaceWith(document.adoptNode(fresh));
      swapped.push(fresh.dataset.tile);
    }
  });
  const stamp = document.getElementById("pic-updated");
  if (stamp) stamp.setAttribute("datetime", new Date().toISOString());
  tickAgo(box.parentNode || document);
  box.dataset.refreshed = String(Date.now());
  if (swapped.length) box.dataset.swapped = swapped.join(",");
  return swapped;
}

let running = false;
const flush = debounce(async () => {
  if (running) { setTimeout(flush, 50); return; }
  running = true;
  const names = [...dirty];
  dirty.clear();
  try { await refreshTiles(names); } catch (err) { console.warn("picture: tiles", err); names.forEach((n) => dirty.add(n)); }
  running = false;
}, 60);

function followTiles() {
  const bySubject = {};
  Object.entries(cfg.subjects || {}).forEach(([tile, subjects]) =>
    subjects.forEach((s) => { (bySubject[s] = bySubject[s] || []).push(tile); }));
  Object.entries(bySubject).forEach(([subject, tiles]) =>
    subscribe(subject, () => { tiles.forEach((t) => dirty.add(t)); flush(); }));
  onReconnect(() => { Object.keys(cfg.subjects || {}).forEach((t) => dirty.add(t)); flush(); });
}

// ---------------------------------------------------------------- map
// The map's listeners are added once its data came; their subjects are subscribed at start (one stream, no
// reconnect when the map gets ready).
const mapListeners = [];
const onMapEvent = (subject, fn) => mapListeners.push({ subject, fn });
function followMap() {
  [...new Set([...Object.values(LAYER_SUBJECTS), ...Object.values(MEASURE_SUBJECTS)])].forEach((subject) =>
    subscribe(subject, (evt) => mapListeners.forEach((l) => { if (l.subject === subject) l.fn(evt); })));
}

let wardLayer = null;
let wardData = {};
let legend = null;

function wardPopup(feature) {
  const p = feature.properties;
  const d = wardData.wards?.[p.code];
  const value = d ? (d.status ? `${escapeHtml(d.status)}${d.value != null ? " · " + formatNumber(d.value, wardData.digits || 0) : ""}`
    : `${formatNumber(d.value, wardData.digits || 0)} ${escapeHtml(wardData.unit || "")}`) : "—";
  const people = d?.population != null ? `<br><span class="pic-population">${escapeHtml(tx("Dân số"))}: ` +
    `${escapeHtml(tx("{n} dân", { n: formatNumber(d.population) }))}` +
    (d.population_synthetic ? ` <em>(${escapeHtml(tx("số dân minh họa"))})</em>` : "") + "</span>" : "";
  return `<strong>${escapeHtml(p.name)}</strong><br><span class="muted">${escapeHtml(wardData.label || "")}</span>` +
    `<br><b>${value}</b>${people}<br><a href="/picture?ward=${encodeURIComponent(p.code)}">${escapeHtml(tx("Mở"))}</a>` +
    (d?.url ? ` · <a href="${escapeHtml(d.url)}">${escapeHtml(tx("Xem danh sách"))}</a>` : "");
}

function drawLegend(map) {
  if (legend) legend.remove();
  legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "map-legend pic-legend");
    const title = escapeHtml(wardData.label || tx("Chú giải"));
    const head = wardData.url ? `<a href="${escapeHtml(wardData.url)}">${title}</a>` : title;
    div.innerHTML = `<strong>${head}</strong>` + (wardData.legend || []).map((i) =>
      `<span><i style="background:${escapeHtml(i.color)}"></i>${escapeHtml(i.label)}</span>`).join("");
    return div;
  };
  legend.addTo(map);
}

async function colourWards(map, measure) {
  wardData = await getJSON(`/api/v1/picture/wards?${new URLSearchParams({ measure, range: cfg.range || "today" })}`);
  if (wardLayer) {
    wardLayer.setStyle((f) => wardStyle(f));
    // Only a popup whose words changed is rewritten: rewriting an open one between a tap's press and release
    // (a live recolouring) swallowed the tap on its link.
    wardLayer.eachLayer((l) => {
      const html = wardPopup(l.feature);
      if (l.getPopup()?.getContent() !== html) l.setPopupContent(html);
    });
  }
  drawLegend(map);
  map.getContainer().dataset.measure = measure;
}

function wardStyle(feature) {
  const d = wardData.wards?.[feature.properties.code];
  const chosen = cfg.ward && feature.properties.code === cfg.ward;
  return { color: chosen ? "#0d2a47" : "#ffffff", weight: chosen ? 3 : 1, fillOpacity: 0.7, fillColor: d?.color || "#e8edf2" };
}

function pointMarker(feature, latlng) {
  const p = feature.properties;
  const color = p.color || POINT_COLORS[p.tone] || "#2f6fb0";
  const m = L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 1.5, fillColor: color, fillOpacity: 0.95 });
  m.bindPopup(`<strong>${escapeHtml(p.title || "")}</strong>${p.label ? "<br>" + escapeHtml(p.label) : ""}` +
    (p.value != null ? ` · ${formatNumber(p.value)}` : "") + `<br><a href="${escapeHtml(p.url)}">${escapeHtml(tx("Mở"))}</a>`);
  return m;
}

function pointLayers(map) {
  const list = document.getElementById("pic-layer-items");
  if (!list) return;
  const shown = new Map();
  const load = async (key) => {
    const doc = await getJSON(`/api/v1/picture/points/${key}?${query()}`);
    const group = shown.get(key);
    if (!group) return;
    fillGroup(group, doc.features.map((f) => pointMarker(f, L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]))));
    list.querySelector(`[data-layer="${key}"] .pic-layer-n`).textContent = tx("{n} điểm", { n: doc.features.length });
    map.getContainer().dataset[`layer${key[0].toUpperCase()}${key.slice(1)}`] = String(doc.features.length);
  };
  list.innerHTML = (cfg.layers || []).map((l) => `<li data-layer="${escapeHtml(l.key)}"><label>` +
    `<input type="checkbox" value="${escapeHtml(l.key)}"> ${escapeHtml(l.label)}</label> <small class="muted pic-layer-n"></small></li>`).join("");
  list.addEventListener("change", async (e) => {
    const input = e.target.closest("input[type=checkbox]");
    if (!input) return;
    const key = input.value;
    if (input.dataset.imported) return toggleImported(map, input);
    if (input.checked) {
      const group = clusterGroup({ radius: 40 }).addTo(map);
      shown.set(key, group);
      try { await load(key); } catch (err) { setStatus(map.getContainer(), tx("Không tải được lớp bản đồ.")); }
    } else if (shown.has(key)) { shown.get(key).remove(); shown.delete(key); }
  });
  Object.entries(LAYER_SUBJECTS).forEach(([key, subject]) =>
    onMapEvent(subject, debounce(() => { if (shown.has(key)) load(key).catch(() => {}); }, 500)));
  importedLayers(list);
}

const imported = new Map();
async function importedLayers(list) {
  let items = [];
  try { items = (await getJSON("/api/v1/layers")).items || []; } catch (e) { return; }
  list.insertAdjacentHTML("beforeend", items.map((l) => `<li data-layer="layer-${l.id}"><label><input type="checkbox" ` +
    `data-imported="1" value="${l.id}"> ${escapeHtml(l.name)}</label></li>`).join(""));
  list._meta = Object.fromEntries(items.map((l) => [String(l.id), l]));
}

async function toggleImported(map, input) {
  const id = input.value;
  if (input.checked && !imported.has(id)) {
    imported.set(id, null);
    const handle = await addLayer(map, Number(id), { meta: input.closest("ul")._meta?.[id] });
    if (!input.checked) { handle.remove(); imported.delete(id); return; }
    imported.set(id, handle);
  } else if (!input.checked && imported.get(id)) { imported.get(id).remove(); imported.delete(id); }
}

async function initMap() {
  const node = document.getElementById("pic-map");
  if (!node || !window.L) return;
  setStatus(node, node.dataset.labelLoading, { loading: true });
  const map = createMap(node);
  const select = document.getElementById("pic-measure");
  select.innerHTML = (cfg.measures || []).map((m) => `<option value="${escapeHtml(m.key)}">${escapeHtml(m.label)}</option>`).join("");
  const params = new URLSearchParams(location.search);
  if (params.get("measure")) select.value = params.get("measure");
  try {
    await wardGeoJSON();
    await colourWards(map, select.value);
  } catch (err) { setStatus(node, node.dataset.labelError); return; }
  wardLayer = await addWards(map, { style: wardStyle, onEachFeature: (f, l) => l.bindPopup(() => wardPopup(f)) });
  if (wardLayer) {
    let target = wardLayer;
    if (cfg.ward) wardLayer.eachLayer((l) => { if (l.feature.properties.code === cfg.ward) target = l; });
    const bounds = target === wardLayer ? wardBounds(wardLayer) : target.getBounds();  // a deployment without ward boundaries (the national one) has none
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8], animate: false });
  }
  setStatus(node, "");
  node.classList.add("is-ready");
  node._iocMap = map;
  select.addEventListener("change", () => colourWards(map, select.value).catch(() => {}));
  const recolour = debounce(() => colourWards(map, select.value).catch(() => {}), 400);
  [...new Set(Object.values(MEASURE_SUBJECTS))].forEach((s) => onMapEvent(s, () => {
    const m = select.value;
    if ((MEASURE_SUBJECTS[m] || (m.startsWith("indicator:") ? "kpi.>" : "")) === s) recolour();
  }));
  pointLayers(map);
}

/** Every tile again (the wall's periodic refresh). */
export const refreshAll = () => refreshTiles(Object.keys(cfg.subjects || {}));

// On the wall the tiles and the configuration come as a fragment (`#pic-tiles[data-src]`), loaded once here.
async function loadFragment(box) {
  box.innerHTML = await getText(box.dataset.src);
  const node = box.querySelector("#picture-config");
  if (node) cfg = { ...cfg, ...JSON.parse(node.textContent) };
  tickAgo(box);
}

let started = null;
/** Resolves once the tiles are in place and the map is drawn. */
export function ready() { if (!started) started = start(); return started; }

async function start() {
  const box = document.getElementById("pic-tiles");
  if (!box) return;
  followTiles();  // first, before the page's one stream opens: it carries every subject from the start
  followMap();
  if (box.dataset.src) await loadFragment(box);
  await initMap();
}

onReady(() => {
  ready();
  document.querySelectorAll("#pic-filters select").forEach((s) => s.addEventListener("change", () => s.form.submit()));
});

/** Leaflet measures its box when shown: the wall calls this when the panel comes back on screen. */
export function resize() {
  const node = document.getElementById("pic-map");
  if (node && node._iocMap) node._iocMap.invalidateSize();
}
