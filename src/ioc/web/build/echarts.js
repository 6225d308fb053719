// The ECharts the pages use, and nothing else: line and bar series, grid, legend (plain and scroll),
// tooltip, mark lines and areas, the SVG renderer. Bundled by `make assets` (ioc.web.assets) with
// esbuild into static/vendor/echarts.min.js, which pages load as a classic script (window.echarts).
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import {
  GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart, LineChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TooltipComponent, SVGRenderer,
]);
window.echarts = echarts;
