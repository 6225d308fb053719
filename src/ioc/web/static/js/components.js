// Shared building blocks drawn in the browser: the sparklines of KPI tiles (templates/components/kpi_tile.html),
// ECharts without animation so screenshots are stable, coloured by the tile's status (ioc/status.js).

import { onReady, parseJson } from "./ioc/dom.js";
import { status } from "./ioc/status.js";

/** Draw every sparkline under root not drawn yet. */
export function drawSparklines(root) {
  if (!window.echarts) return;
  (root || document).querySelectorAll(".spark[data-values]").forEach((node) => {
    if (node.dataset.drawn) return;
    const values = parseJson(node.dataset.values);
    if (!Array.isArray(values)) return;
    const chart = echarts.init(node, null, { renderer: "svg" });
    const color = status("track", node.dataset.track).color;
    chart.setOption({
      animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: "category", show: false, data: values.map((_, i) => i) },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: values, symbol: "none", smooth: true, lineStyle: { width: 2, color },
                 areaStyle: { color, opacity: 0.12 } }],
    });
    node.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  });
}

onReady(() => drawSparklines());
