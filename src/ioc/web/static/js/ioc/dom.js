// Shared DOM helpers and formatters. Every page module imports these; none defines its own.
// The page's language and translated texts come from <script type="application/json" id="ioc-page">
// (rendered by base.html from ioc.web.components.page_config), so Python and JS say the same words.

const TZ = "Asia/Ho_Chi_Minh";
const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const AGO_TICK_MS = 15000;

/** Text safe to put inside HTML (element content or a quoted attribute). */
export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A function that runs `fn` once, `ms` after the last of a burst of calls (with that call's arguments). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** The first element matching a selector, in `root` or the document. */
export const $ = (selector, root) => (root || document).querySelector(selector);

/** Build an element: el("li", { class: "x", dataset: { id: 3 } }, "text", child). Text is never parsed as HTML. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "class") node.className = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// Module scripts run before DOMContentLoaded, with readyState already "interactive": remember the event
// itself, so start-up code of every module runs once all of them are loaded, in the order it was asked.
let parsed = document.readyState === "complete";
document.addEventListener("DOMContentLoaded", () => { parsed = true; }, { once: true });

/** Run `fn` once every module of the page has loaded and the document is parsed (at once if that is past). */
export function onReady(fn) {
  if (parsed) fn();
  else document.addEventListener("DOMContentLoaded", fn, { once: true });
}

/** JSON text (a data-* attribute, say) parsed, or `fallback` when it is missing or not JSON. */
export function parseJson(text, fallback = null) {
  if (text === null || text === undefined || text === "") return fallback;
  try { return JSON.parse(text); } catch (e) { return fallback; }
}

/** The parsed content of a <script type="application/json" id=...> block, or `fallback`. */
export function readJson(id, fallback = null) {
  const node = document.getElementById(id);
  return node ? parseJson(node.textContent, fallback) : fallback;
}

const page = readJson("ioc-page", {});
const texts = { ...(page.texts || {}) };

/** The page's language ("vi" or "en"). */
export const lang = () => page.lang || document.documentElement.lang || "vi";
/** The Intl locale of the page's language. */
export const locale = () => (lang() === "vi" ? "vi-VN" : "en-GB");
/** The shell's page configuration (language, texts, status tables). */
export const pageConfig = () => page;

/** Add translated texts a page brings with it (the wall's, for one). */
export function addTexts(more) { Object.assign(texts, more || {}); }

/** A text in the page's language with {placeholders} filled in; the Vietnamese text when no translation came. */
export function t(text, values) {
  let out = texts[text] || text;
  for (const [key, value] of Object.entries(values || {})) out = out.split(`{${key}}`).join(value);
  return out;
}

/** 1.234,5 in Vietnamese, 1,234.5 in English; "—" for nothing. */
export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "—";
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(value);
}

const dateTimeFormats = {
  time: { hour: "2-digit", minute: "2-digit" },
  day: { day: "2-digit", month: "2-digit" },
  dayTime: { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" },
  full: { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" },
};

/** A time in Vietnam's time zone: style "time" (14:05), "day" (29/11), "dayTime" or "full". */
export function formatTime(value, style = "full") {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, ...dateTimeFormats[style] }).format(date);
}

/** Today's date in Vietnam as YYYY-MM-DD. */
export function vnDate(now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(now);
}

/** "cập nhật 3 phút trước": the same words and steps as ioc.environment.pages.ago on the server. */
export function ago(value, now = Date.now()) {
  if (value === null || value === undefined || value === "") return t("chưa có dữ liệu");
  const date = value instanceof Date ? value : new Date(value);
  const minutes = Math.max(0, Math.floor((now - date.getTime()) / 60000));
  if (minutes < 1) return t("vừa cập nhật");
  if (minutes < 60) return t("cập nhật {n} phút trước", { n: minutes });
  if (minutes < 48 * 60) return t("cập nhật {n} giờ trước", { n: Math.floor(minutes / 60) });
  return t("cập nhật {n} ngày trước", { n: Math.floor(minutes / 1440) });
}

/** Re-write every <… data-ago datetime="ISO"> under root with its relative time. */
export function tickAgo(root = document) {
  root.querySelectorAll("[data-ago][datetime]").forEach((node) => {
    node.textContent = ago(node.getAttribute("datetime"));
  });
}

/** Lower case without Vietnamese diacritics, for searching ("Hải Châu" → "hai chau"). */
export function fold(text) {
  return String(text ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

// Relative times keep ticking on every page without a reload.
onReady(() => { tickAgo(); setInterval(tickAgo, AGO_TICK_MS); });
