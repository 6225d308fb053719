// The page's one connection to the live stream (/stream, Server-Sent Events) and its indicator in the shell.
// Modules subscribe by event subject with the bus's patterns ("feedback.>", "sensors.*.x"); one EventSource
// serves them all. It opens once the page is parsed, only where the shell shows the live indicator
// (signed-in staff; /stream refuses everyone else), and reconnects after an outage with a growing pause.

import { onReady } from "./dom.js";

const STREAM_URL = "/stream";
const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 60000;
const subscriptions = [];
const reconnectListeners = [];
let source = null;
let topics = "";
let retryMs = RETRY_MIN_MS;
let retryTimer = null;
let hadError = false;
let started = false;

/** True when a subject matches a pattern: "*" is one token, ">" the rest (as ioc.kit.bus.subject_matches). */
export function matches(pattern, subject) {
  const want = pattern.split("."), got = subject.split(".");
  for (let i = 0; i < want.length; i++) {
    if (want[i] === ">") return got.length > i;
    if (i >= got.length || (want[i] !== "*" && want[i] !== got[i])) return false;
  }
  return want.length === got.length;
}

/** Call fn(event) for every live event whose subject matches; returns a function that unsubscribes. */
export function subscribe(pattern, fn) {
  const entry = { pattern, fn };
  subscriptions.push(entry);
  if (started && !covered(pattern)) connect();  // a late subscriber widens the stream
  return () => { const i = subscriptions.indexOf(entry); if (i >= 0) subscriptions.splice(i, 1); };
}

/** Call fn() when the stream comes back after an outage (events may have been missed meanwhile). */
export function onReconnect(fn) { reconnectListeners.push(fn); }

/** "connecting", "on" or "off", as the shell's indicator shows it. */
export function state() {
  const node = document.getElementById("live-indicator");
  return node ? node.dataset.state : "off";
}

function covered(pattern) {
  return topics.split(",").some((p) => p === ">" || p === pattern);
}

function setState(value) {
  const node = document.getElementById("live-indicator");
  if (!node) return;
  node.dataset.state = value;
  const label = node.querySelector(".live-label");
  if (label && value !== "connecting") label.textContent = value === "on" ? node.dataset.labelOn : node.dataset.labelOff;
}

function dispatch(message) {
  let evt;
  try { evt = JSON.parse(message.data); } catch (e) { return; }
  if (!evt || typeof evt.subject !== "string") return;
  for (const { pattern, fn } of subscriptions.slice()) {
    if (matches(pattern, evt.subject)) {
      try { fn(evt); } catch (err) { console.warn("live: subscriber failed", pattern, err); }
    }
  }
}

function connect() {
  if (source) source.close();
  clearTimeout(retryTimer);
  const patterns = [...new Set(subscriptions.map((s) => s.pattern))];
  topics = patterns.length ? patterns.join(",") : ">";  // no subscriber: the indicator still tells the truth
  source = new EventSource(`${STREAM_URL}?topics=${encodeURIComponent(topics)}`);
  source.addEventListener("open", () => {
    setState("on");
    retryMs = RETRY_MIN_MS;
    if (hadError) { hadError = false; reconnectListeners.forEach((fn) => fn()); }
  });
  source.addEventListener("error", () => {
    setState("off");
    hadError = true;
    // The browser retries a dropped stream itself; a refused one (e.g. signed out, server restarting) is
    // closed for good, so try again later.
    if (source.readyState === EventSource.CLOSED) {
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    }
  });
  source.addEventListener("event", dispatch);
}

// After every module's start-up code has run, so the first stream already carries every subscription.
onReady(() => setTimeout(() => {
  if (!document.getElementById("live-indicator") || !window.EventSource) return;
  started = true;
  connect();
}, 0));
