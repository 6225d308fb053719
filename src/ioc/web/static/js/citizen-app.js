// The citizen's app (/nguoi-dan/): installable, the shell and the last page offline; my reports come from
// feedback.js (the tracking codes this device kept); stations sorted by distance when the citizen asks.

import { $, onReady } from "./ioc/dom.js";
import { followNetwork, installApp } from "./ioc/pwa.js";

function sortByDistance(list, lat, lon) {
  const rows = [...list.querySelectorAll("li")].filter((li) => li.querySelector("[data-lat]"));
  const dist = (li) => {
    const n = li.querySelector("[data-lat]");
    return (Number(n.dataset.lat) - lat) ** 2 + ((Number(n.dataset.lon) - lon) * Math.cos(lat * Math.PI / 180)) ** 2;
  };
  rows.sort((a, b) => dist(a) - dist(b)).forEach((li) => list.appendChild(li));
}

onReady(() => {
  const main = document.getElementById("citizen-app");
  if (!main) return;
  installApp(main.dataset.scope);
  followNetwork(async () => { window.location.reload(); });
  const pick = $("#ward-pick");
  if (pick) pick.addEventListener("change", () => pick.form.submit());
  const near = $("#air-near"), list = $("#air-list");
  if (near && list && "geolocation" in navigator) {
    near.hidden = false;
    near.addEventListener("click", () => navigator.geolocation.getCurrentPosition(
      (pos) => sortByDistance(list, pos.coords.latitude, pos.coords.longitude), () => {}, { timeout: 10000 }));
  }
});
