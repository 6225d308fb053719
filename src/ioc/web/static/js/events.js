// Events page: recent events as coloured dots on the shared map (clustered), the page reloads on new events.
import { escapeHtml, onReady, readJson } from "./ioc/dom.js";
import { addLegend, addWards, clusterGroup, createMap, fillGroup } from "./ioc/map.js";
import { refreshOn } from "./ioc/refresh.js";

const COLOUR = { informational: "#7f8c8d", low: "#27ae60", medium: "#f39c12", high: "#e74c3c", critical: "#8e1b10" };

function marker(p) {
  const icon = L.divIcon({ className: "", html: `<span class="ev-dot ev-${escapeHtml(p.severity)}"></span>`, iconSize: [14, 14] });
  return L.marker([p.lat, p.lon], { icon, title: p.title })
    .bindPopup(`<a href="/events?id=${p.id}">${escapeHtml(p.title)}</a><br><small>${escapeHtml(p.label)}</small>`);
}

onReady(() => {
  const node = document.getElementById("ev-map");
  if (!node || typeof L === "undefined") return;
  const map = createMap(node);
  const points = readJson("ev-points", []);
  const group = clusterGroup({ label: "{n} sự kiện", className: "ev-cluster" }).addTo(map);
  fillGroup(group, points.map(marker));
  addLegend(map, [[COLOUR.critical, "Nghiêm trọng"], [COLOUR.high, "Cao"], [COLOUR.medium, "Trung bình"], [COLOUR.low, "Thấp"]]);
  const counts = readJson("ev-wards", {});
  const most = Math.max(1, ...Object.values(counts));
  const heat = (feature) => {  // wards shaded by how many of the listed events happened there
    const n = counts[feature.properties.code] || 0;
    return { color: "#ffffff", weight: 1, fillColor: n ? "#c0392b" : "#9cc59a", fillOpacity: n ? 0.15 + 0.6 * (n / most) : 0.35 };
  };
  addWards(map, { fit: !points.length, back: true, style: heat }).then(() => {
    if (points.length) map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])), { padding: [16, 16], maxZoom: 13 });
    node.classList.add("is-ready");
  });
  refreshOn("events.event.recorded", () => window.location.reload(), { delay: 3000 });
});
