// A sector's dashboard (one module for every sector): the map with its layers, facilities, ward shading and
// live overlay (congestion per road segment, crowds at sites), and its charts over time.
import { addTexts, escapeHtml, formatNumber, onReady, readJson, t } from "./ioc/dom.js";
import { getJSON } from "./ioc/api.js";
import { addFacilities, addLayer, addLegend, addWards, createMap, facilityMarker } from "./ioc/map.js";
import { refreshOn } from "./ioc/refresh.js";
import { familyKeys, status } from "./ioc/status.js";

const familyOf = (live) => (live.kind === "segments" ? "congestion" : "crowd");

function shade(value, max) {
  if (!value || !max) return "transparent";
  const a = 0.12 + 0.6 * (value / max);
  return `rgba(200, 60, 40, ${a.toFixed(2)})`;
}

function drawLive(group, live) {
  group.clearLayers();
  if (!live) return [];
  const fam = familyOf(live);
  const color = (level) => status(fam, level).color;
  for (const item of live.items) {
    const tip = `<strong>${escapeHtml(item.name || item.code)}</strong><br>${escapeHtml(item.label)}`;
    if (live.kind === "segments") {
      const extra = item.occupancy != null ? `<br>${formatNumber(item.occupancy, 1)} % · ${formatNumber(item.speed ?? 0, 1)} km/h` : "";
      L.geoJSON(item.geometry, { style: { color: color(item.level), weight: 6, opacity: 0.9 } })
        .bindPopup(tip + extra).addTo(group);
    } else {
      const people = item.people != null ? `<br>${formatNumber(item.people)} ${escapeHtml(t("người"))}` : "";
      L.circleMarker([item.lat, item.lon], { radius: 9, color: color(item.level), fillOpacity: 0.8, weight: 2 })
        .bindPopup(tip + people).addTo(group);
    }
  }
  return familyKeys(fam).map((k) => [color(k), status(fam, k).label]);
}

async function setupMap(node) {
  const code = node.dataset.sector;
  const map = createMap(node);
  const liveGroup = L.layerGroup();
  let legend = null;
  const data = await getJSON(`/api/v1/sectors/${code}/map`);
  const max = Math.max(0, ...Object.values(data.wards));
  const wards = await addWards(map, { fit: true, back: true,
    style: (f) => ({ color: "#7a8a99", weight: 1, fillColor: shade(data.wards[f.properties.code], max), fillOpacity: 1 }),
    onEachFeature: (f, l) => l.bindTooltip(`${escapeHtml(f.properties.name || "")}: ${formatNumber(data.wards[f.properties.code] || 0)}`) });
  const overlays = {};
  const count = Object.values(data.facility_counts).reduce((a, b) => a + b, 0);
  if (count) {
    const names = readJson("sec-facility-names", {});
    const { layer } = await addFacilities(map, data.facility_kinds, { marker: (f) => facilityMarker(f, names), label: t("{n} cơ sở") });
    overlays[`${escapeHtml(t("Cơ sở"))} (${formatNumber(count)})`] = layer;
  }
  for (const layer of data.layers) {
    try { overlays[escapeHtml(layer.name)] = (await addLayer(map, layer.id)).layer; } catch (e) { /* a layer may be gone */ }
  }
  if (data.live) { liveGroup.addTo(map); overlays[escapeHtml(t(data.live.kind === "segments" ? "Mức ùn tắc" : "Mật độ khách"))] = liveGroup; }
  // Collapsed at every width, as on the facilities map: open, the list covers the map's corner.
  if (Object.keys(overlays).length) L.control.layers(null, overlays, { collapsed: true }).addTo(map);
  const redraw = (live) => {
    const items = drawLive(liveGroup, live);
    if (legend) legend.remove();
    if (items.length) legend = addLegend(map, items);
  };
  redraw(data.live);
  document.getElementById("sec-map-note").textContent = data.ward_label;
  node.classList.add("is-ready");
  if (data.live) {
    refreshOn("sensors.>", async () => redraw((await getJSON(`/api/v1/sectors/${code}/map`)).live), { delay: 2000 });
  }
  return wards;
}

function drawChart(root, chart) {
  const box = document.createElement("section");
  box.className = "panel sec-chart";
  box.dataset.chart = chart.key;
  box.innerHTML = `<h2>${escapeHtml(chart.label)}</h2><div class="sec-chart-body"></div>`;
  root.appendChild(box);
  const body = box.querySelector(".sec-chart-body");
  if (!chart.lines.some((l) => l.points.length)) { body.textContent = t("Không có số liệu"); return; }
  const e = echarts.init(body, null, { renderer: "svg" });
  e.setOption({
    // containLabel: the axis labels (1.000.000 ha) get the room they need, in the page's number format.
    tooltip: { trigger: "axis" }, legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 16, top: 52, bottom: 4, containLabel: true },
    xAxis: { type: "time" },
    yAxis: { type: "value", name: chart.unit, nameTextStyle: { align: "left" }, axisLabel: { formatter: (v) => formatNumber(v) } },
    series: chart.lines.flatMap((l, i) => chartSeries(chart, l, PALETTE[i % PALETTE.length])),
  });
  new ResizeObserver(() => e.resize()).observe(body);
  const from = chart.partial?.from;
  if (from && chart.lines.some((l) => l.points.some((p) => p[0] >= from))) {
    const note = document.createElement("p");
    note.className = "muted sec-chart-note";
    note.textContent = chart.partial.note;
    box.appendChild(note);
  }
}

// The echarts default palette, named so a line and its dashed running period share one colour.
const PALETTE = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"];

// A line's complete periods, then its running one dashed from the last complete point; bars of a
// running period lighter. Same name: one legend entry toggles both.
function chartSeries(chart, line, color) {
  const from = chart.partial?.from || "9999";
  const bar = chart.period === "year";
  const stack = bar && chart.lines.length > 2 ? "all" : undefined;
  if (bar) {
    const data = line.points.map((p) => (p[0] >= from ? { value: p, itemStyle: { opacity: 0.4 } } : p));
    return [{ name: line.name, type: "bar", stack, color, data }];
  }
  const done = line.points.filter((p) => p[0] < from);
  const running = line.points.filter((p) => p[0] >= from);
  const base = { name: line.name, type: "line", showSymbol: false, color };
  if (!running.length) return [{ ...base, data: done }];
  const joined = done.length ? [done[done.length - 1], ...running] : running;
  return [{ ...base, data: done },
    { ...base, data: joined, showSymbol: true, lineStyle: { type: "dashed", opacity: 0.6 }, itemStyle: { opacity: 0.6 } }];
}

onReady(() => {
  addTexts(readJson("sec-texts", {}));
  // On a phone the tabs scroll sideways: the current sector's must be in sight.
  document.querySelector(".sec-tabs [aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "center" });
  const node = document.getElementById("sec-map");
  if (node && typeof L !== "undefined") setupMap(node);
  const charts = document.getElementById("sec-charts");
  if (charts && node && window.echarts) {
    getJSON(`/api/v1/sectors/${node.dataset.sector}/series`).then((d) => d.charts.forEach((c) => drawChart(charts, c)));
  }
  refreshOn("events.event.recorded", () => window.location.reload(), { delay: 8000 });
});
