// Incidents: the live board (status tabs on a phone) and the detail page's map and actions.

import { $, escapeHtml, onReady, readJson } from "./ioc/dom.js";
import { send, showError } from "./ioc/api.js";
import { addWards, createMap } from "./ioc/map.js";
import { liveFragment, refreshOn } from "./ioc/refresh.js";

function bindTabs(root) {
  root.addEventListener("click", (e) => {
    const tab = e.target.closest("[data-tab]");
    if (!tab) return;
    e.preventDefault();
    root.dataset.active = tab.dataset.tab;
    showTab(root);
  });
}

function showTab(root) {
  const active = root.dataset.active;
  if (!active) return;
  for (const a of root.querySelectorAll("[data-tab]")) a.classList.toggle("is-active", a.dataset.tab === active);
  for (const col of root.querySelectorAll(".inc-col")) col.classList.toggle("is-active", col.dataset.status === active);
}

function initBoard() {
  const board = $("#inc-board");
  if (!board) return;
  bindTabs(board);
  liveFragment(board, "incidents.incident.>", { after: showTab });
}

function initMap(node) {
  const map = createMap(node);
  const lat = Number(node.dataset.lat), lon = Number(node.dataset.lon);
  addWards(map).then(() => map.setView([lat, lon], 14, { animate: false }));
  L.circleMarker([lat, lon], { radius: 10, color: "#c62828", weight: 3 }).addTo(map);
  for (const e of readJson("inc-events", [])) {
    if (e.lat == null) continue;
    L.circleMarker([e.lat, e.lon], { radius: 6, color: "#1565c0" }).bindPopup(`#${e.id} ${escapeHtml(e.title)}`).addTo(map);
  }
  map.setView([lat, lon], 14, { animate: false });
}

async function post(root, url, body, method = "POST") {
  try {
    const answer = await send(url, method, body);
    window.location.href = `/incidents/${answer.id}`;
  } catch (err) {
    const box = $("#inc-error");
    box.hidden = false;
    box.textContent = err.message || root.dataset.msgError;
  }
}

function bindActions(root) {
  const base = `/api/v1/incidents/${root.dataset.id}`;
  document.addEventListener("click", (e) => {
    const act = e.target.closest("[data-action]"), done = e.target.closest("[data-done]");
    if (act) {
      const reason = act.dataset.needsReason ? window.prompt(act.textContent.trim()) : "";
      if (reason === null) return;
      post(root, `${base}/actions`, { action: act.dataset.action, reason: reason || "" });
    } else if (done) {
      const item = done.closest("[data-task]");
      const checked = [...item.querySelectorAll("input[type=checkbox]:checked:not(:disabled)")].map((c) => Number(c.value));
      post(root, `${base}/tasks/${done.dataset.done}/done`, { checked });
    } else if (e.target.id === "inc-split") {
      const ids = [...document.querySelectorAll("input[name=split]:checked")].map((c) => Number(c.value));
      if (ids.length) post(root, `${base}/split`, { event_ids: ids });
    } else if (e.target.id === "inc-merge") {
      post(root, `${base}/merge`, { into: Number($("#inc-merge-into").value) });
    }
  });
  const note = $("#inc-note");
  note.addEventListener("submit", (e) => {
    e.preventDefault();
    post(root, `${base}/notes`, { text: $("#inc-note-text").value }).catch((err) => showError(note, err));
  });
}

function initDetail() {
  const root = $("#inc-detail");
  if (!root) return;
  const node = $("#inc-map");
  if (node) initMap(node);
  bindActions(root);
  const id = Number(root.dataset.id);
  refreshOn("incidents.incident.>", () => window.location.reload(), { filter: (evt) => evt && evt.data && evt.data.id === id });
}

onReady(() => {
  initBoard();
  initDetail();
});
