// The map panel: a Leaflet map that needs no tile server (ward boundaries drawn from GeoJSON), an
// optional base map from the deployment's tile URL, a legend, clustering, and loading / error / empty
// states shown over the map (.map-panel[data-status] in app.css). Leaflet is the vendored global `L`.

import { escapeHtml } from "./dom.js";
import { wardGeoJSON } from "./wards.js";

export const WARD_STYLE = { color: "#ffffff", weight: 1, fillColor: "#9cc59a", fillOpacity: 0.5 };
const VIETNAM = [16, 107];

/** A Leaflet map in `node`; `node.dataset.tileUrl` adds a base map. Extra Leaflet options may be given. */
export function createMap(node, options = {}) {
  const tiles = node.dataset.tileUrl;
  const map = L.map(node, { zoomSnap: 0.25, attributionControl: !!tiles, ...options });
  if (tiles) L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
  map.setView(VIETNAM, 6);
  if (!Number.isFinite(map.getMaxZoom())) map.setMaxZoom(18);  // clustering needs one; without tiles nobody set it
  return map;
}

/** Say something over the map ("Đang tải bản đồ…", an error, "nothing yet"); no text clears it. */
export function setStatus(node, text, { loading = false } = {}) {
  node.classList.toggle("is-loading", loading);
  node.classList.toggle("has-status", !!text && !loading);
  node.dataset.status = text || "";
}

/**
 * Draw the ward boundaries (fetched once per page). `style` is a Leaflet style or function,
 * `onEachFeature` binds popups, `fit` zooms to them (true, or fitBounds options), `back` keeps them
 * under other layers.
 * Resolves to the layer, or null when the boundaries could not be loaded.
 */
export async function addWards(map, { style = WARD_STYLE, interactive = false, onEachFeature, fit = false,
  back = false } = {}) {
  let data;
  try { data = await wardGeoJSON(); } catch (e) { return null; }
  const layer = L.geoJSON(data, { style, interactive: interactive || !!onEachFeature, onEachFeature }).addTo(map);
  if (back) layer.bringToBack();
  if (fit && data.features.length) map.fitBounds(layer.getBounds(), { animate: false, ...(fit === true ? {} : fit) });
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
