// KPI indicator page: actual-vs-plan chart (bars + plan line) and the ward map coloured by status.

import { escapeHtml, formatNumber, onReady, parseJson } from "./ioc/dom.js";
import { addLegend, addWards, createMap, setStatus } from "./ioc/map.js";
import { familyKeys, status } from "./ioc/status.js";

const PLAN_INK = "#17212b";
// The status tokens are text colours, dark enough to read: a ward without data is drawn light so the
// wards that have a status stand out (the legend's swatches are mixed the same way).
const fillOpacity = (track) => (track === "no_data" ? 0.35 : 0.8);

function drawPlanChart() {
  const node = document.getElementById("plan-chart");
  if (!node || !window.echarts) return;
  const series = parseJson(node.dataset.series, []);
  if (!series.length) { node.textContent = node.dataset.labelEmpty; return; }
  const sum = node.dataset.sum === "true";
  const chart = echarts.init(node, null, { renderer: "svg" });
  // One bar series per status, stacked on one bar a period: the legend's swatches are the bars' colours.
  const keys = [...new Set(series.map((p) => p.track || "no_data"))];
  const bars = keys.map((key) => {
    const { color, label } = status("track", key);
    return { name: `${node.dataset.labelActual}: ${label}`, type: "bar", stack: "actual", color,
      itemStyle: { color },
      data: series.map((p) => ((p.track || "no_data") === key ? (sum ? p.ytd : p.value) : null)) };
  });
  chart.setOption({
    animation: false,
    grid: { left: 48, right: 12, top: 36 + 22 * Math.max(0, Math.ceil((keys.length + 1) / 2) - 1), bottom: 48 },
    legend: { top: 0, data: [...bars.map((b) => b.name), node.dataset.labelPlan] },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "" : formatNumber(v, 1)) },
    xAxis: { type: "category", data: series.map((p) => p.label), axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", scale: !sum, axisLabel: { formatter: (v) => formatNumber(v, 0) } },
    series: [
      ...bars,
      { name: node.dataset.labelPlan, type: "line", step: sum ? false : "middle", symbol: "none", color: PLAN_INK,
        lineStyle: { width: 2, type: "dashed", color: PLAN_INK }, itemStyle: { color: PLAN_INK },
        data: series.map((p) => p.plan) },
    ],
  });
  node.classList.add("is-ready");
  window.addEventListener("resize", () => chart.resize());
}

async function drawWardMap() {
  const node = document.getElementById("kpi-ward-map");
  if (!node || !window.L) return;
  const values = parseJson(node.dataset.values, {});
  setStatus(node, node.dataset.labelLoading, { loading: true });
  const map = createMap(node);
  const digits = Number(node.dataset.digits || 1);
  const trackOf = (code) => (values[code] || {}).track || "no_data";
  const layer = await addWards(map, {
    fit: { padding: [6, 6] },
    style: (f) => ({ color: "#ffffff", weight: 1, fillOpacity: fillOpacity(trackOf(f.properties.code)),
      fillColor: status("track", trackOf(f.properties.code)).color }),
    onEachFeature: (f, lyr) => {
      const v = values[f.properties.code];
      const text = v ? `${formatNumber(v.value, digits)} ${escapeHtml(node.dataset.unit)}<br>${escapeHtml(status("track", v.track).label)}`
                     : escapeHtml(status("track", "no_data").label);
      lyr.bindPopup(`<strong>${escapeHtml(f.properties.name)}</strong><br>${text}`);
    },
  });
  if (!layer) { setStatus(node, node.dataset.labelError); return; }
  setStatus(node, "");
  addLegend(map, familyKeys("track").map((key) => {
    const { color, label } = status("track", key);
    return [`color-mix(in srgb, ${color} ${fillOpacity(key) * 100}%, transparent)`, label];
  }));
  node.dataset.wardCount = String(Object.keys(values).length);
  node.classList.add("is-ready");
}

onReady(() => { drawPlanChart(); drawWardMap(); });
