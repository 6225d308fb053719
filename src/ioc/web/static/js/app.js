// The shell on every page: the Vietnam clock, the live indicator (ioc/live.js opens the page's one
// stream), and the user menu and phone "Thêm" sheet that close on a tap outside or on Escape.

import { formatTime, onReady } from "./ioc/dom.js";
import "./ioc/live.js";

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
onReady(() => { tickClock(); setInterval(tickClock, CLOCK_TICK_MS); });
