// Shared building blocks: sparklines in KPI tiles (ECharts, no animation so screenshots are stable).
(function () {
  "use strict";
  const IOC = (window.IOC = window.IOC || {});
  const COLORS = { on_track: "#1b7f3b", at_risk: "#9a5b00", off_track: "#b3261e", no_data: "#5f6b76" };

  IOC.drawSparklines = function (root) {
    if (!window.echarts) return;
    (root || document).querySelectorAll(".spark[data-values]").forEach((el) => {
      if (el.dataset.drawn) return;
      let values;
      try { values = JSON.parse(el.dataset.values); } catch (e) { return; }
      const chart = echarts.init(el, null, { renderer: "svg" });
      const color = COLORS[el.dataset.track] || COLORS.no_data;
      chart.setOption({
        animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: "category", show: false, data: values.map((_, i) => i) },
        yAxis: { type: "value", show: false, scale: true },
        series: [{ type: "line", data: values, symbol: "none", smooth: true, lineStyle: { width: 2, color },
                   areaStyle: { color, opacity: 0.12 } }],
      });
      el.dataset.drawn = "1";
      window.addEventListener("resize", () => chart.resize());
    });
  };

  document.addEventListener("DOMContentLoaded", () => IOC.drawSparklines());
})();
