// The ward map page (/map): every ward's boundary, its popup, and the searchable list beside the map.

import { escapeHtml, fold, onReady } from "./ioc/dom.js";
import { getJSON } from "./ioc/api.js";
import { addLayer, addWards, createMap, layerLegend, setStatus } from "./ioc/map.js";
import { wardGeoJSON } from "./ioc/wards.js";

const URBAN = "phường";
const style = (feature) => ({ color: "#ffffff", weight: 1.2, fillOpacity: 0.75,
  fillColor: feature.properties.division_type === URBAN ? "#5b8fc7" : "#9cc59a" });

function popup(feature, node) {
  const p = feature.properties;
  const note = p.synthetic ? `<br><em>${escapeHtml(node.dataset.labelSynthetic)}</em>` : "";
  return `<strong>${escapeHtml(p.name)}</strong><br>${escapeHtml(p.division_type)} · ${escapeHtml(p.code)}${note}`;
}

function fillList(layer, features, map) {
  const list = document.getElementById("ward-items");
  const filter = document.getElementById("ward-filter");
  if (!list) return;
  const items = features.map((f) => ({ f, key: fold(`${f.properties.name} ${f.properties.code}`) }))
    .sort((a, b) => a.f.properties.name.localeCompare(b.f.properties.name, "vi"));
  const zoomTo = (code) => layer.eachLayer((l) => {
    if (l.feature.properties.code === code) { map.fitBounds(l.getBounds(), { maxZoom: 13 }); l.openPopup(); }
  });
  function render() {
    const q = fold(filter.value.trim());
    list.innerHTML = items.filter(({ key }) => !q || key.includes(q)).map(({ f }) =>
      `<li><button type="button" class="ward-item" data-code="${escapeHtml(f.properties.code)}">` +
      `<span>${escapeHtml(f.properties.name)}</span><small>${escapeHtml(f.properties.code)}</small></button></li>`).join("");
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
  const layer = await addWards(map, { style, onEachFeature: (feature, lyr) => {
    lyr.bindPopup(popup(feature, node));
    lyr.on("mouseover", () => lyr.setStyle({ weight: 3, color: "#0d2a47" }));
    lyr.on("mouseout", () => lyr.setStyle({ weight: 1.2, color: "#ffffff" }));
  } });
  setStatus(node, "");
  map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
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
