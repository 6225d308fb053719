// The national picture: provinces coloured by the chosen indicator; the ranking follows applied snapshots live.
import { escapeHtml, formatNumber, onReady, readJson } from "./ioc/dom.js";
import { createMap } from "./ioc/map.js";
import { liveFragment, refreshOn } from "./ioc/refresh.js";

const RAMP = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"];

function colourOf(value, low, high) {
  if (value === undefined || value === null) return "#bdbdbd";
  const share = high > low ? (value - low) / (high - low) : 0.5;
  return RAMP[Math.min(RAMP.length - 1, Math.floor((1 - share) * RAMP.length))];
}

onReady(() => {
  const ranking = document.getElementById("fed-ranking");
  liveFragment(ranking, "federation.snapshot.>");
  refreshOn("federation.snapshot.>", () => window.location.reload(), { delay: 3000 });
  const node = document.getElementById("fed-map");
  const shapes = readJson("fed-shapes", { features: [] });
  const values = shapes.features.map((f) => f.properties.value).filter((v) => v !== undefined && v !== null);
  const low = Math.min(...values), high = Math.max(...values);
  const map = createMap(node);
  const layer = L.geoJSON(shapes, {
    style: (f) => ({ color: "#ffffff", weight: 1, fillOpacity: f.properties.stale ? 0.35 : 0.8,
      fillColor: colourOf(f.properties.value, low, high) }),
    onEachFeature: (f, l) => {
      const p = f.properties;
      const figure = p.value === undefined ? "—" : `${formatNumber(p.value, 2)} (${escapeHtml(p.period)})`;
      l.bindTooltip(`${escapeHtml(p.code)} · ${escapeHtml(p.name)}: ${figure}`);
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds());
});
