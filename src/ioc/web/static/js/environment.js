// Environment pages: the station map coloured by AQI/WQI band with the list beside it, and a station's
// charts; both follow the live stream (sensors.>) through ioc/refresh.js.

import { debounce, escapeHtml, formatNumber, formatTime, onReady } from "./ioc/dom.js";
import { getJSON } from "./ioc/api.js";
import { addWards, clusterGroup, createMap, fillGroup, setStatus } from "./ioc/map.js";
import { liveFragment, refreshOn } from "./ioc/refresh.js";
import { ink } from "./ioc/status.js";

const NO_INDEX = "#9aa5b1";
const CONTEXT_WARDS = { color: "#ffffff", weight: 1, fillColor: "#c9d6e3", fillOpacity: 0.6 };
const SERIES_COLORS = { mean: "#0b5cad", min: "#1b7f3b", max: "#b3261e" };

// ---- map page ----
function markerFor(feature) {
  const p = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const color = p.color || NO_INDEX;
  const text = p.value !== undefined ? String(p.value) : "–";
  const icon = L.divIcon({
    className: "env-marker" + (p.kind === "water" ? " env-marker-water" : ""),
    html: `<span style="background:${escapeHtml(color)};color:${ink(color)}" data-code="${escapeHtml(p.code)}">${escapeHtml(text)}</span>`,
    iconSize: [36, 36], iconAnchor: [18, 18],
  });
  return L.marker([lat, lon], { icon, title: p.name, keyboard: true });
}

function popupFor(p, node) {
  const idx = p.value !== undefined
    ? `<strong>${escapeHtml(p.index.toUpperCase())} ${escapeHtml(p.value)}</strong> · ${escapeHtml(p.label)}`
    : escapeHtml(node.dataset.labelNodata);
  return `<strong>${escapeHtml(p.name)}</strong><br>${idx}<br><a href="/environment/stations/${encodeURIComponent(p.code)}">${escapeHtml(node.dataset.labelOpen)}</a>`;
}

async function loadLayer(node, map, group, fit) {
  const data = await getJSON(node.dataset.layer);
  fillGroup(group, data.features.map((f) => markerFor(f).bindPopup(popupFor(f.properties, node))));
  if (fit && data.features.length) map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 13, animate: false });
  node.dataset.stationCount = String(data.features.length);
  node.classList.add("is-ready");
}

async function initMap() {
  const node = document.getElementById("env-map");
  if (!node || !window.L) return;
  const map = createMap(node);
  const group = clusterGroup({ label: node.dataset.labelCluster || "{n}", className: "env-cluster" });
  let ready = false;
  // Subscribed before the first load so the page's one stream carries it from the start.
  refreshOn("sensors.>", async () => { if (ready) await loadLayer(node, map, group, false); }, { delay: 1500 });
  const list = document.getElementById("env-stations");
  if (list) liveFragment(list, "sensors.>", { delay: 1500 });
  await addWards(map, { style: CONTEXT_WARDS });  // context only: the map works without them
  group.addTo(map);
  try { await loadLayer(node, map, group, true); } catch (e) { setStatus(node, node.dataset.labelError); return; }
  ready = true;
}

// ---- station page ----
function chartOptions(points, unit, kind, labels) {
  const bar = kind === "bar";
  const series = [{ name: bar ? unit : labels.mean, type: bar ? "bar" : "line", showSymbol: false, smooth: false,
    data: points.map((p) => p.value), itemStyle: { color: SERIES_COLORS.mean } }];
  if (points.length && points[0].min !== undefined && !bar) {
    for (const key of ["min", "max"]) {
      series.push({ name: labels[key], type: "line", showSymbol: false, lineStyle: { type: "dashed", width: 1 },
        data: points.map((p) => p[key]), itemStyle: { color: SERIES_COLORS[key] } });
    }
  }
  return {
    animation: false, grid: { left: 44, right: 12, top: 28, bottom: 28 },
    tooltip: { trigger: "axis", valueFormatter: (v) => formatNumber(v, 1) + (unit ? " " + unit : "") },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    xAxis: { type: "category", data: points.map((p) => formatTime(p.time, labels.daily ? "day" : "dayTime")),
      axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", axisLabel: { formatter: (v) => formatNumber(v, 0) } },
    series,
  };
}

async function drawChart(id, capId, caption, url, unit, labels, kind) {
  const node = document.getElementById(id);
  if (!node) return;
  document.getElementById(capId).textContent = caption;
  const chart = echarts.getInstanceByDom(node) || echarts.init(node, null, { renderer: "svg" });
  chart.clear();
  let points;
  try {
    const body = await getJSON(url);
    points = Array.isArray(body) ? body : body.points;
  } catch (e) { node.dataset.status = labels.error; node.classList.add("has-status"); return; }
  node.classList.toggle("has-status", !points.length);
  node.dataset.status = points.length ? "" : labels.empty;
  if (points.length) chart.setOption(chartOptions(points, unit, kind, labels));
  node.dataset.points = String(points.length);
}

function initCharts() {
  const box = document.getElementById("charts");
  if (!box || !window.echarts) return;
  const select = document.getElementById("chart-quantity");
  const code = encodeURIComponent(box.dataset.station);
  const d = box.dataset;
  const labels = { empty: d.labelEmpty, error: d.labelError, min: d.labelMin, max: d.labelMax, mean: d.labelMean };
  const iso = (ms) => new Date(ms).toISOString();
  function draw() {
    const opt = select.options[select.selectedIndex];
    if (!opt) return;
    const unit = opt.dataset.unit, end = Date.now();
    const base = `/api/v1/stations/${code}/series?quantity=${encodeURIComponent(opt.value)}`;
    drawChart("chart-hour", "cap-hour", `${opt.text} (${unit}) · ${d.labelHour}`,
      `${base}&resolution=hour&from=${iso(end - 24 * 3600e3)}&to=${iso(end)}`, unit, labels, "line");
    drawChart("chart-day", "cap-day", `${opt.text} (${unit}) · ${d.labelDay}`,
      `${base}&resolution=day&from=${iso(end - 30 * 86400e3)}&to=${iso(end)}`, unit, { ...labels, daily: true }, "line");
  }
  const now = Date.now();
  const period = d.indexKind === "aqi" ? "day" : "wqi";
  const span = d.indexKind === "aqi" ? 30 * 86400e3 : 7 * 86400e3;
  drawChart("chart-index", "cap-index", d.labelIndex,
    `/api/v1/environment/stations/${code}/history?period=${period}&from=${iso(now - span)}&to=${iso(now)}`,
    d.indexKind.toUpperCase(), { ...labels, daily: period === "day" }, "bar");
  select.addEventListener("change", draw);
  draw();
  window.addEventListener("resize", debounce(() => box.querySelectorAll(".chart").forEach((c) => {
    const inst = echarts.getInstanceByDom(c); if (inst) inst.resize();
  }), 200));
  refreshOn("sensors.observations.>", draw, { delay: 2000,
    filter: (evt) => (evt.data.stations || []).includes(box.dataset.station) });
}

onReady(() => { initMap(); initCharts(); });
