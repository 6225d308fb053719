// The leader's phone app (/lanh-dao/): installable, live from the page's one stream, the last data offline.

import { $, onReady, tickAgo } from "./ioc/dom.js";
import { refreshOn } from "./ioc/refresh.js";
import { getText } from "./ioc/api.js";
import { followNetwork, installApp, markStale, recachePage } from "./ioc/pwa.js";

async function reloadSummary(main) {
  if (main.dataset.reload) { window.location.reload(); return; }  // an inner page: reload it whole
  main.innerHTML = await getText(main.dataset.fragment);
  main.dataset.refreshed = String(Date.now());
  tickAgo(main);
  wirePicker(main);
  recachePage();
}

function wirePicker(root) {
  const pick = $("#ward-pick", root);
  if (!pick) return;
  pick.addEventListener("change", () => { if (pick.value) window.location.href = pick.dataset.go + encodeURIComponent(pick.value); });
}

onReady(() => {
  const main = document.getElementById("leader-app");
  if (!main) return;
  installApp(main.dataset.scope);
  wirePicker(main);
  const reload = async () => {
    try { await reloadSummary(main); markStale(false); } catch (err) { markStale(true); throw err; }
  };
  refreshOn(main.dataset.live.split(","), reload, { delay: 300 });
  followNetwork(reload);
  document.body.dataset.ready = String(Math.round(performance.now()));  // interactive (bench/apps_pwa.py reads it)
});
