// What the installable phone apps (/lanh-dao/, /nguoi-dan/) share: their service worker, and the banner
// that says the page shows the last data this device saw (with its time) while the network is away.

import { formatTime, onReady } from "./dom.js";

/** Register the app's service worker (served from the app's path, so it controls every page of it). */
export function installApp(scope) {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register(`${scope}sw.js`, { scope }).catch((err) => {
    console.warn("service worker not registered", err);
    return null;
  });
}

/** Show or hide the offline banner; its text names the time of the data on screen (#app-stamp). */
export function markStale(stale) {
  const banner = document.getElementById("app-offline");
  const stamp = document.getElementById("app-stamp");
  if (!banner) return;
  document.body.classList.toggle("app-stale", stale);
  banner.hidden = !stale;
  if (stale && stamp) banner.textContent = `${banner.dataset.label} ${formatTime(stamp.dataset.time, "full")}`;
}

/** Follow the network: stale while offline; `refresh()` runs when it comes back. */
export function followNetwork(refresh) {
  onReady(() => markStale(!navigator.onLine));
  window.addEventListener("offline", () => markStale(true));
  window.addEventListener("online", async () => {
    try { await refresh(); markStale(false); } catch { markStale(true); }
  });
}

/** Keep the worker's copy of this page current (it serves that copy offline); marks body[data-cached]. */
export function recachePage() {
  if (!navigator.onLine || !navigator.serviceWorker || !navigator.serviceWorker.controller) return;
  fetch(window.location.href, { credentials: "same-origin" })
    .then(() => { document.body.dataset.cached = String(Date.now()); })
    .catch(() => {});
}
