// Public warnings page: the areas of the warnings in force on the shared map, coloured by severity.
import { escapeHtml, onReady, readJson } from "./ioc/dom.js";
import { addWards, createMap } from "./ioc/map.js";
import { refreshOn } from "./ioc/refresh.js";

const TONE = { bad: "--bad", warn: "--warn", ok: "--ok", nodata: "--nodata" };

function colour(tone) {
  return getComputedStyle(document.documentElement).getPropertyValue(TONE[tone] || "--nodata").trim() || "#c0392b";
}

onReady(() => {
  const node = document.getElementById("pw-map");
  if (!node || typeof L === "undefined") return;
  const map = createMap(node);
  const shapes = readJson("pw-areas", []);
  const layer = L.featureGroup().addTo(map);
  for (const s of shapes) {
    const style = { color: colour(s.tone), weight: 2, fillOpacity: 0.35 };
    const popup = `<a href="#w${s.id}">${escapeHtml(s.headline)}</a>`;
    for (const ring of s.polygons) L.polygon(ring, style).bindPopup(popup).addTo(layer);
    if (s.circle) {
      const [centre, km] = s.circle.split(" ");
      const [lat, lon] = centre.split(",").map(Number);
      L.circle([lat, lon], { ...style, radius: Number(km) * 1000 }).bindPopup(popup).addTo(layer);
    }
  }
  addWards(map, { fit: !shapes.length }).then(() => {
    layer.bringToFront();
    if (shapes.length) map.fitBounds(layer.getBounds(), { padding: [16, 16] });
    node.classList.add("is-ready");
  });
  refreshOn("public_warnings.warning.>", () => window.location.reload());
});
