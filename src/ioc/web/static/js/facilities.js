// Facilities page: one marker cluster per kind (coloured by the kind's CSS class), a layer control to filter kinds.
import { escapeHtml, onReady, readJson } from "./ioc/dom.js";
import { addWards, clusterGroup, createMap, fillGroup } from "./ioc/map.js";
import { refreshOn } from "./ioc/refresh.js";

function marker(p) {
  const icon = L.divIcon({ className: "", html: `<span class="fac-dot fac-${escapeHtml(p.kind)}"></span>`, iconSize: [16, 16] });
  const detail = p.detail ? `<br><small>${escapeHtml(p.detail)}</small>` : "";
  return L.marker([p.lat, p.lon], { icon, title: p.name })
    .bindPopup(`<strong>${escapeHtml(p.name)}</strong><br><small>${escapeHtml(p.kind_label)}</small>${detail}`);
}

onReady(() => {
  const node = document.getElementById("fac-map");
  if (!node || typeof L === "undefined") return;
  const map = createMap(node);
  const points = readJson("fac-points", []);
  const kinds = readJson("fac-kinds", {});
  const overlays = {};
  for (const [kind, label] of Object.entries(kinds)) {
    const mine = points.filter((p) => p.kind === kind);
    if (!mine.length) continue;
    const group = clusterGroup({ label: "{n}", className: `fac-cluster fac-cluster-${kind}`, radius: 40 }).addTo(map);
    fillGroup(group, mine.map(marker));
    overlays[`<span class="fac-dot fac-${escapeHtml(kind)}"></span> ${escapeHtml(label)} (${mine.length})`] = group;
  }
  if (Object.keys(overlays).length) L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
  addWards(map, { fit: !points.length, back: true }).then(() => {
    if (points.length) map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])), { padding: [16, 16], maxZoom: 13 });
    node.classList.add("is-ready");
  });
  refreshOn("facilities.facility.changed", () => window.location.reload(), { delay: 3000 });
});
