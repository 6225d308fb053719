// The shell on every page: the Vietnam clock, the live indicator (ioc/live.js opens the page's one
// stream), and the user menu and phone "Thêm" sheet that close on a tap outside or on Escape.

import { formatNumber, formatTime, onReady } from "./ioc/dom.js";
import { getJSON } from "./ioc/api.js";
import { subscribe } from "./ioc/live.js";

const CLOCK_TICK_MS = 15000;

function tickClock() {
  const node = document.getElementById("clock");
  if (node) node.textContent = formatTime(new Date(), "full");
}

function closeMenus(except) {
  document.querySelectorAll("details.user-menu[open], details.tab-more[open]").forEach((d) => {
    if (!except || !d.contains(except)) d.open = false;
  });
}

document.addEventListener("click", (e) => closeMenus(e.target));
document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeMenus(null); });
// The bell in the frame of every staff page: how many alerts fire now, kept live from the stream.
async function countFiring(bell) {
  try {
    const page = await getJSON("/api/v1/alerts?status=firing&page_size=1");
    bell.dataset.count = String(page.total);
    document.getElementById("alert-count").textContent = page.total ? formatNumber(page.total) : "";
  } catch {
    /* the next change or reconnect tries again */
  }
}

onReady(() => {
  tickClock();
  setInterval(tickClock, CLOCK_TICK_MS);
  const bell = document.getElementById("alert-bell");
  if (!bell) return;
  subscribe("alerts.alert.changed", () => countFiring(bell));
  countFiring(bell);
});
