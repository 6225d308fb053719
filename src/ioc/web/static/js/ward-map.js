// The ward map page (/map): every ward's boundary, its popup, and the searchable list beside the map.

import { escapeHtml, fold, formatNumber, onReady, readJson } from "./ioc/dom.js";
import { getJSON } from "./ioc/api.js";
import { addLayer, addLegend, addWards, createMap, layerLegend, setStatus, wardBounds } from "./ioc/map.js";
import { wardGeoJSON } from "./ioc/wards.js";

const URBAN = "phường";
const style = (feature) => ({ color: "#ffffff", weight: 1.2, fillOpacity: 0.75,
  fillColor: feature.properties.division_type === URBAN ? "#5b8fc7" : "#9cc59a" });

const cfg = readJson("map-config", {});
const tx = (text) => (cfg.texts || {})[text] || text;

function popup(feature, node) {
  const p = feature.properties;
  const note = p.synthetic ? `<br><em>${escapeHtml(node.dataset.labelSynthetic)}</em>` : "";
  const people = p.population != null ? `<br><span class="ward-population">${escapeHtml(tx("Dân số"))}: ` +
    `${escapeHtml(tx("{n} dân").replace("{n}", formatNumber(p.population)))}` +
    (p.population_synthetic ? ` <em>(${escapeHtml(tx("số dân minh họa"))})</em>` : "") + "</span>" : "";
  const figures = cfg.figures ? `<div class="ward-figures" data-ward="${escapeHtml(p.code)}">${escapeHtml(tx("Đang tải số liệu…"))}</div>` : "";
  return `<strong>${escapeHtml(p.name)}</strong><br>${escapeHtml(p.division_type)} · ${escapeHtml(p.code)}${note}${people}${figures}`;
}

// A ward's figures in its popup (staff who may open the province picture): each one links to its filtered list.
async function fillFigures(code, box, popup) {
  let s;
  try {
    const q = new URLSearchParams({ ward: code, sections: "fire,track,feedback,env" });
    s = (await getJSON(`/api/v1/picture?${q}`)).sections;
  } catch (e) { box.textContent = tx("Không tải được số liệu."); return; }
  const off = s.track.statuses.find((t) => t.key === "off_track");
  const rows = [
    [tx("Sự cố đang mở"), s.fire.incidents_total, s.fire.incidents_url],
    [tx("Phản ánh đang mở"), s.feedback.open, s.feedback.open_url],
    [tx("Phản ánh quá hạn"), s.feedback.overdue, s.feedback.overdue_url],
    [tx("Chỉ tiêu chậm tiến độ"), off ? off.count : 0, `/overview?filter=off_track&ward=${encodeURIComponent(code)}`],
  ];
  if (s.env.aqi.worst) rows.push([tx("AQI cao nhất"), s.env.aqi.worst.value, s.env.aqi.worst.url]);
  box.innerHTML = `<ul class="ward-figure-list">${rows.map(([label, n, url]) =>
    `<li><a href="${escapeHtml(url)}"><b>${formatNumber(n)}</b> ${escapeHtml(label)}</a></li>`).join("")}</ul>` +
    `<a class="btn btn-link" href="/picture?ward=${encodeURIComponent(code)}">${escapeHtml(tx("Tổng quan xã, phường"))} →</a>`;
  box.dataset.loaded = "true";
  if (popup) popup.update();  // the popup grew: keep it inside the map
}

// `/map?measure=off_track` (the picture's "wards off track" links here): wards coloured by the measure, and the
// list beside the map holds only the wards it counts, largest first, with their figure.
let measured = null;
async function loadMeasure() {
  const measure = new URLSearchParams(location.search).get("measure");
  if (!measure || !cfg.figures) return;
  try { measured = await getJSON(`/api/v1/picture/wards?${new URLSearchParams({ measure })}`); } catch (e) { measured = null; }
}

function fillList(layer, features, map) {
  const list = document.getElementById("ward-items");
  const filter = document.getElementById("ward-filter");
  if (!list) return;
  const value = (f) => measured?.wards?.[f.properties.code]?.value || 0;
  const items = features.filter((f) => !measured || value(f) > 0)
    .map((f) => ({ f, key: fold(`${f.properties.name} ${f.properties.code}`) }))
    .sort((a, b) => (value(b.f) - value(a.f)) || a.f.properties.name.localeCompare(b.f.properties.name, "vi"));
  const zoomTo = (code) => layer.eachLayer((l) => {
    if (l.feature.properties.code === code) { map.fitBounds(l.getBounds(), { maxZoom: 13 }); l.openPopup(); }
  });
  function render() {
    const q = fold(filter.value.trim());
    list.innerHTML = items.filter(({ key }) => !q || key.includes(q)).map(({ f }) =>
      `<li><button type="button" class="ward-item" data-code="${escapeHtml(f.properties.code)}">` +
      `<span>${escapeHtml(f.properties.name)}</span><small>${measured ? `<b>${formatNumber(value(f))}</b> ` : ""}` +
      `${escapeHtml(f.properties.code)}</small></button></li>`).join("");
  }
  list.addEventListener("click", (e) => { const b = e.target.closest(".ward-item"); if (b) zoomTo(b.dataset.code); });
  filter.addEventListener("input", render);
  render();
}

async function initWardMap() {
  const node = document.getElementById("ward-map");
  if (!node) return;
  setStatus(node, node.dataset.labelLoading, { loading: true });
  const map = createMap(node);
  node._iocMap = map;
  let data;
  try { data = await wardGeoJSON(); } catch (e) { setStatus(node, node.dataset.labelError); return; }
  if (!data.features.length) { setStatus(node, node.dataset.labelEmpty); return; }
  await loadMeasure();
  const paint = (f) => (measured ? { ...style(f), fillColor: measured.wards?.[f.properties.code]?.color || "#e8edf2" } : style(f));
  if (measured) { node.dataset.measure = measured.measure; addLegend(map, measured.legend.map((i) => [i.color, i.label])); }
  const layer = await addWards(map, { style: paint, onEachFeature: (feature, lyr) => {
    lyr.bindPopup(popup(feature, node));
    lyr.on("popupopen", (e) => {
      const box = e.popup.getElement()?.querySelector(".ward-figures");
      if (box && !box.dataset.loaded) fillFigures(feature.properties.code, box, e.popup);
    });
    lyr.on("mouseover", () => lyr.setStyle({ weight: 3, color: "#0d2a47" }));
    lyr.on("mouseout", () => lyr.setStyle({ weight: 1.2, color: "#ffffff" }));
  } });
  setStatus(node, "");
  map.fitBounds(wardBounds(layer), { padding: [8, 8], animate: false });
  node.dataset.wardCount = String(data.features.length);
  node.classList.add("is-ready");
  fillList(layer, data.features, map);
}

// The layer switcher: one checkbox per layer the caller may see, its legend under it while it is shown.
async function initLayers(map) {
  const box = document.getElementById("layer-switcher");
  if (!box) return;
  let items = [];
  try { items = (await getJSON("/api/v1/layers")).items; } catch (e) { return; }
  if (!items.length) return;
  const list = document.getElementById("layer-items");
  list.innerHTML = items.map((l) =>
    `<li><label><input type="checkbox" value="${l.id}"> ${escapeHtml(l.name)}</label>` +
    `<div class="map-legend layer-legend" hidden>${layerLegend(l).map(([c, label]) =>
      `<span><i style="background:${escapeHtml(c)}"></i>${escapeHtml(label)}</span>`).join("")}</div></li>`).join("");
  box.hidden = false;
  const shown = new Map();
  list.addEventListener("change", async (e) => {
    const input = e.target.closest("input[type=checkbox]");
    if (!input) return;
    const id = Number(input.value);
    const legend = input.closest("li").querySelector(".layer-legend");
    legend.hidden = !input.checked;
    if (input.checked && !shown.has(id)) {
      shown.set(id, null);
      const handle = await addLayer(map, id, { meta: items.find((l) => l.id === id) });
      if (!input.checked) { handle.remove(); shown.delete(id); return; }
      shown.set(id, handle);
      const node = map.getContainer();
      node.dataset.layerFeatures = String(handle.layer.getLayers().length);
      handle.layer.on("ioc:loaded", (ev) => { node.dataset.layerFeatures = String(ev.count); });
      node.dataset.layersShown = String(shown.size);
    } else if (!input.checked && shown.get(id)) {
      shown.get(id).remove();
      shown.delete(id);
    }
  });
}

onReady(async () => {
  await initWardMap();
  const node = document.getElementById("ward-map");
  if (node && node._iocMap) initLayers(node._iocMap);
});
