// The national picture (desktop, phone and wall): provinces coloured by the chosen indicator. Applied and
// refused snapshots arrive as live events: the map is recoloured from GET /api/v1/federation/picture and the
// ranking and link states are re-rendered by the server (a fragment); the page is never reloaded.
import { getJSON } from "./ioc/api.js";
import { escapeHtml, formatNumber, onReady, readJson } from "./ioc/dom.js";
import { createMap } from "./ioc/map.js";
import { liveFragment, refreshOn } from "./ioc/refresh.js";

const RAMP = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"];
const SUBJECTS = ["federation.snapshot.applied", "federation.snapshot.refused"];

function colourOf(value, low, high) {
  if (value === undefined || value === null) return "#bdbdbd";
  const share = high > low ? (value - low) / (high - low) : 0.5;
  return RAMP[Math.min(RAMP.length - 1, Math.floor((1 - share) * RAMP.length))];
}

function paint(layer, figures) {
  const values = Object.values(figures).map((p) => p.value).filter((v) => v !== undefined && v !== null);
  const low = Math.min(...values), high = Math.max(...values);
  layer.eachLayer((shape) => {
    const code = shape.feature.properties.code;
    const p = { ...shape.feature.properties, ...(figures[code] || {}) };
    shape.feature.properties = p;
    shape.setStyle({ color: "#ffffff", weight: 1, fillOpacity: p.stale ? 0.35 : 0.8,
      fillColor: colourOf(p.value, low, high) });
    const figure = p.value === undefined || p.value === null ? "—" : `${formatNumber(p.value, 2)} (${escapeHtml(p.period)})`;
    shape.bindTooltip(`${escapeHtml(p.code)} · ${escapeHtml(p.name)}: ${figure}`);
    if (shape.getElement()) shape.getElement().dataset.value = p.value ?? "";
  });
}

const byCode = (provinces) => Object.fromEntries(provinces.map((p) => [p.code, p]));

onReady(() => {
  const ranking = document.getElementById("fed-ranking");
  const node = document.getElementById("fed-map");
  const shapes = readJson("fed-shapes", { features: [] });
  const map = createMap(node, { zoomControl: !document.body.classList.contains("wall") });
  const layer = L.geoJSON(shapes).addTo(map);
  paint(layer, byCode(shapes.features.map((f) => f.properties)));
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  const source = document.querySelector("[data-picture]");
  const code = new URLSearchParams(window.location.search).get("code");
  const url = source.dataset.picture.split("?")[0] + (code ? `?code=${encodeURIComponent(code)}` : "");
  liveFragment(ranking, SUBJECTS, { delay: 300 });
  refreshOn(SUBJECTS, async () => {
    const picture = await getJSON(url);
    paint(layer, byCode(picture.provinces));
    const counts = { ...picture.counts, due_period: picture.due_period };
    document.querySelectorAll("[data-count-of]").forEach((n) => { n.textContent = String(counts[n.dataset.countOf]); });
    node.dataset.refreshed = String(Date.now());
  }, { delay: 300 });
});
