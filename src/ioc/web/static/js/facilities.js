// Facilities page: the facilities in the map's box (GET /api/v1/facilities/map, clustered by the server when many),
// asked again on every move; a layer control per kind chooses which kinds are asked for.
import { escapeHtml, formatNumber, onReady, readJson } from "./ioc/dom.js";
import { addFacilities, addWards, createMap, facilityMarker } from "./ioc/map.js";
import { refreshOn } from "./ioc/refresh.js";

// One (empty) overlay per kind: the layer control's boxes say which kinds the loader asks for.
function kindControl(map, config, shown, handle) {
  const overlays = {};
  const byLayer = new Map();
  for (const kind of config.kinds) {
    const toggle = L.layerGroup();
    if (shown.includes(kind)) toggle.addTo(map);
    byLayer.set(toggle, kind);
    const label = `${config.names.kinds[kind] || kind} (${formatNumber(config.counts[kind] || 0)})`;
    overlays[`<span class="fac-dot fac-${escapeHtml(kind)}"></span> ${escapeHtml(label)}`] = toggle;
  }
  const chosen = () => config.kinds.filter((k) => [...byLayer].some(([l, kind]) => kind === k && map.hasLayer(l)));
  map.on("overlayadd overlayremove", (e) => { if (byLayer.has(e.layer)) handle.setKinds(chosen()); });
  // Collapsed at every width: open, the list of kinds covers the map's corner (it opens on hover or tap).
  if (config.kinds.length) L.control.layers(null, overlays, { collapsed: true }).addTo(map);
}

onReady(async () => {
  const node = document.getElementById("fac-map");
  if (!node || typeof L === "undefined") return;
  const config = readJson("fac-map-config", { names: {}, kinds: [], counts: {}, shown: [], fit: null });
  const map = createMap(node);
  await addWards(map, { fit: !config.fit, back: true });
  if (config.fit) map.fitBounds(config.fit, { padding: [16, 16], maxZoom: 13, animate: false });
  const kinds = config.shown.length ? config.shown : config.kinds;
  const handle = await addFacilities(map, kinds, { marker: (f) => facilityMarker(f, config.names), radius: 40 });
  kindControl(map, config, kinds, handle);
  node.classList.add("is-ready");
  refreshOn("facilities.facility.changed", () => window.location.reload(), { delay: 3000 });
});
