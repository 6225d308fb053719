// Wall mode: panels fed by the domains' JSON APIs, refreshed by the live stream, rotating on a timer.
// This module holds the wall's helpers, the panel life cycle and the rotation; the panels themselves are
// in wall-panels.js. Settings, band tables and translated texts come from the page (#wall-config,
// ioc/web/wall.py); the shared helpers from ioc/.

import { addTexts, ago, debounce, formatNumber, formatTime, onReady, readJson, t } from "./ioc/dom.js";
import { refreshOn } from "./ioc/refresh.js";
import { chip } from "./ioc/status.js";

const REFRESH_MS = 60000;      // every panel reloads at least this often, live events or not
const RETRY_MS = 15000;        // after a failed load
const STALE_MS = 5 * 60000;    // a panel whose last good load is older than this is shown as stale
const DEBOUNCE_MS = 2500;      // bursts of live events cause one reload
const cfg = readJson("wall-config", { panels: [], rotate: 0, texts: {} });
addTexts(cfg.texts);

/** The wall's settings from the page. */
export const config = () => cfg;
export const num = (v, d) => formatNumber(v, d);
export const hhmm = (iso) => formatTime(iso, "time");
export const remPx = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 20;
export const staleChip = () => chip("warn", "!", t("Dữ liệu cũ"));

// Drop the last items of a list until it fits its box; returns how many were dropped.
export function fitList(list) {
  let dropped = 0;
  while (list.children.length > 1 && list.scrollHeight > list.clientHeight + 1) {
    list.lastElementChild.remove();
    dropped += 1;
  }
  return dropped;
}

export const sum = (rows, key) => rows.reduce((acc, r) => acc + (r[key] || 0), 0);

export function setFigure(id, text, tone) {
  const node = document.getElementById(id);
  if (!node) return;
  node.querySelector("[data-value]").textContent = text;
  if (tone) node.dataset.tone = tone; else delete node.dataset.tone;
}

// ---------------------------------------------------------------- panels
const panels = {};

export function definePanel(name, spec) {
  const node = document.getElementById(`panel-${name}`);
  if (node) panels[name] = Object.assign({ name, el: node, lastOk: null, dataTime: null, failed: false, busy: false }, spec);
}

async function refresh(p) {
  if (p.busy) { p.again = true; return; }
  p.busy = true;
  try {
    await p.load();
    p.lastOk = new Date();
    p.failed = false;
    p.render();
  } catch (err) {
    p.failed = true;
    console.warn("wall: panel", p.name, err);
    setTimeout(() => refresh(p), RETRY_MS);
  } finally {
    p.busy = false;
  }
  updateMeta(p);
  rebuildSteps();
  if (p.again) { p.again = false; refresh(p); }
}

function updateMeta(p) {
  const when = p.dataTime || p.lastOk;
  const stale = p.failed || (p.lastOk && Date.now() - p.lastOk > STALE_MS) || (p.lastOk && p.isStale && p.isStale());
  p.el.dataset.state = !p.lastOk ? (p.failed ? "stale" : "loading") : stale ? "stale" : "ok";
  p.el.querySelector("[data-fresh]").textContent = when ? ago(when) : (p.failed ? "" : t("Đang tải…"));
  p.el.querySelector("[data-stale]").hidden = !stale;
  const error = p.el.querySelector("[data-error]");
  error.hidden = !p.failed;
  error.textContent = p.failed ? t("Không tải được dữ liệu, đang thử lại") : "";
}

// ---------------------------------------------------------------- rotation
let steps = [];
let current = 0;
let timer = null;
let paused = false;
let rotations = 0;

function rebuildSteps() {
  const before = steps[current];
  steps = [];
  for (const name of cfg.panels) {
    const p = panels[name];
    if (!p) continue;
    const n = p.pages ? p.pages() : 1;
    for (let page = 0; page < n; page++) steps.push({ name, page, of: n });
  }
  if (before) {
    const same = steps.findIndex((s) => s.name === before.name && s.page === before.page);
    current = same >= 0 ? same : Math.max(0, steps.findIndex((s) => s.name === before.name));
  }
  markStrip();
  if (!timer) schedule();
  const wall = document.getElementById("wall");
  wall.dataset.steps = String(steps.length);
  if (Object.values(panels).every((p) => p.lastOk || p.failed)) wall.dataset.ready = "true";
}

function markStrip() {
  const step = steps[current];
  document.querySelectorAll(".wall-step").forEach((btn) => {
    const on = step && btn.dataset.panel === step.name;
    if (on) btn.setAttribute("aria-current", "step"); else btn.removeAttribute("aria-current");
    const pages = steps.filter((s) => s.name === btn.dataset.panel).length;
    btn.querySelector(".wall-step-page").textContent = on && pages > 1 ? `${step.page + 1}/${pages}` : "";
  });
}

function show(index) {
  if (!steps.length) return;
  current = ((index % steps.length) + steps.length) % steps.length;
  const step = steps[current];
  for (const p of Object.values(panels)) p.el.hidden = p.name !== step.name;
  const p = panels[step.name];
  if (p.showPage) p.showPage(step.page);
  if (p.onShow) p.onShow();
  const wall = document.getElementById("wall");
  wall.dataset.step = `${step.name}:${step.page}`;
  wall.dataset.rotations = String(rotations);
  markStrip();
  schedule();
}

function schedule() {
  clearTimeout(timer);
  timer = null;
  const bar = document.getElementById("wall-progress-bar");
  const rotating = cfg.rotate > 0 && steps.length > 1 && !paused;
  bar.style.transition = "none";
  bar.style.width = "0";
  bar.parentElement.hidden = !(cfg.rotate > 0 && steps.length > 1);
  document.getElementById("wall-paused").hidden = !paused;
  document.getElementById("wall").dataset.paused = String(paused);
  if (!rotating) return;
  void bar.offsetWidth;  // restart the transition
  bar.style.transition = `width ${cfg.rotate}s linear`;
  bar.style.width = "100%";
  timer = setTimeout(() => { timer = null; rotations += 1; show(current + 1); }, cfg.rotate * 1000);
}

function bindControls() {
  document.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "PageDown") show(current + 1);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") show(current - 1);
    else if (e.key === " ") { paused = !paused; schedule(); e.preventDefault(); }
    else return;
  });
  document.querySelectorAll(".wall-step").forEach((btn) => btn.addEventListener("click", () => {
    const index = steps.findIndex((s) => s.name === btn.dataset.panel);
    if (index >= 0) show(index);
    btn.blur();  // no focus ring left on the wall; the current panel is already marked
  }));
  window.addEventListener("resize", debounce(() => {
    const p = steps[current] && panels[steps[current].name];
    if (p && p.onShow) p.onShow();
  }, 300));
}

onReady(() => {
  if (!document.getElementById("wall")) return;
  rebuildSteps();
  bindControls();
  show(0);
  for (const p of Object.values(panels)) {
    refresh(p);
    refreshOn(p.events, () => refresh(p), { delay: DEBOUNCE_MS });
  }
  setInterval(() => Object.values(panels).forEach((p) => refresh(p)), REFRESH_MS);
  setInterval(() => Object.values(panels).forEach(updateMeta), 15000);
});
