// The indicator overview (/overview): its chips and tiles follow the live stream (kpi.* events), so the
// shell's "live" indicator tells the truth here too; sparklines are drawn again after each refresh.

import { drawSparklines } from "./components.js";
import { onReady, tickAgo } from "./ioc/dom.js";
import { liveFragment } from "./ioc/refresh.js";

onReady(() => {
  const node = document.getElementById("kpi-overview");
  if (!node) return;
  liveFragment(node, "kpi.>", { delay: 300, after: (n) => {
    drawSparklines(n);
    const stamp = document.getElementById("overview-updated");
    if (stamp) { stamp.setAttribute("datetime", new Date().toISOString()); tickAgo(stamp.parentNode); }
  } });
});
