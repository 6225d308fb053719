// KPI indicator page: actual-vs-plan chart (bars + plan line) and the ward map coloured by status.
(function () {
  "use strict";
  const IOC = (window.IOC = window.IOC || {});
  const TRACK_COLORS = { on_track: "#1b7f3b", at_risk: "#d08a00", off_track: "#b3261e", no_data: "#9aa5b1" };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function drawPlanChart() {
    const el = document.getElementById("plan-chart");
    if (!el || !window.echarts) return;
    const series = JSON.parse(el.dataset.series || "[]");
    if (!series.length) { el.textContent = el.dataset.labelEmpty; return; }
    const sum = el.dataset.sum === "true";
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 12, top: 36, bottom: 48 },
      legend: { top: 0, data: [el.dataset.labelActual, el.dataset.labelPlan] },
      tooltip: { trigger: "axis", valueFormatter: (v) => IOC.formatNumber(v, 1) },
      xAxis: { type: "category", data: series.map((p) => p.label), axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", scale: !sum, axisLabel: { formatter: (v) => IOC.formatNumber(v, 0) } },
      series: [
        { name: el.dataset.labelActual, type: "bar",
          data: series.map((p) => ({ value: sum ? p.ytd : p.value, itemStyle: { color: TRACK_COLORS[p.track] || "#0b5cad" } })) },
        { name: el.dataset.labelPlan, type: "line", step: sum ? false : "middle", symbol: "none",
          lineStyle: { width: 2, type: "dashed", color: "#17212b" }, itemStyle: { color: "#17212b" },
          data: series.map((p) => p.plan) },
      ],
    });
    el.classList.add("is-ready");
    window.addEventListener("resize", () => chart.resize());
  }

  function label(el, track) { return el.dataset["label" + track.split("_").map((s) => s[0].toUpperCase() + s.slice(1)).join("")]; }

  function addLegend(map, el) {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => {
      const div = L.DomUtil.create("div", "map-legend");
      div.innerHTML = Object.keys(TRACK_COLORS).map((t) =>
        `<span><i style="background:${TRACK_COLORS[t]}"></i>${escapeHtml(label(el, t) || t)}</span>`).join("");
      return div;
    };
    legend.addTo(map);
  }

  async function drawWardMap() {
    const el = document.getElementById("kpi-ward-map");
    if (!el || !window.L) return;
    const values = JSON.parse(el.dataset.values || "{}");
    el.classList.add("is-loading");
    el.dataset.status = el.dataset.labelLoading;
    const map = IOC.createMap(el);
    let data;
    try {
      const res = await fetch(el.dataset.geojson, { credentials: "same-origin" });
      if (!res.ok) throw new Error(res.status);
      data = await res.json();
    } catch (e) {
      el.classList.remove("is-loading"); el.classList.add("has-status"); el.dataset.status = el.dataset.labelError;
      return;
    }
    el.classList.remove("is-loading");
    const digits = Number(el.dataset.digits || 1);
    const layer = L.geoJSON(data, {
      style: (f) => {
        const v = values[f.properties.code];
        return { color: "#ffffff", weight: 1, fillOpacity: 0.8, fillColor: TRACK_COLORS[v ? v.track : "no_data"] };
      },
      onEachFeature: (f, lyr) => {
        const v = values[f.properties.code];
        const text = v ? `${IOC.formatNumber(v.value, digits)} ${escapeHtml(el.dataset.unit)}<br>${escapeHtml(label(el, v.track))}`
                       : escapeHtml(label(el, "no_data"));
        lyr.bindPopup(`<strong>${escapeHtml(f.properties.name)}</strong><br>${text}`);
      },
    }).addTo(map);
    if (data.features.length) map.fitBounds(layer.getBounds(), { padding: [6, 6], animate: false });
    addLegend(map, el);
    el.dataset.wardCount = String(Object.keys(values).length);
    el.classList.add("is-ready");
  }

  document.addEventListener("DOMContentLoaded", () => { drawPlanChart(); drawWardMap(); });
})();
