// The one pattern for keeping a region of a page current: when a live event of the given subjects
// arrives (and once the stream comes back after an outage), reload the region — re-fetch a JSON API
// and redraw, or re-fetch a server-rendered fragment and put it in place — at most once per burst.

import { getText } from "./api.js";
import { debounce } from "./dom.js";
import { onReconnect, subscribe } from "./live.js";

/**
 * Run `reload(event)` after live events matching any of `subjects` (a pattern or a list), debounced
 * by `delay` ms; `filter(event)` may skip events that do not concern the region. A reload that fails
 * keeps what is shown. Returns a function that reloads now.
 */
export function refreshOn(subjects, reload, { delay = 800, filter = null } = {}) {
  let running = null, again = false;
  const run = async (evt) => {
    if (running) { again = true; return; }  // one reload at a time; one more after it if events came meanwhile
    running = (async () => reload(evt))();
    try { await running; } catch (err) { console.warn("refresh failed", err); }
    running = null;
    if (again) { again = false; run(); }
  };
  const later = debounce(run, delay);
  for (const pattern of [].concat(subjects)) {
    subscribe(pattern, (evt) => { if (!filter || filter(evt)) later(evt); });
  }
  onReconnect(() => later(null));
  return run;
}

/**
 * Keep `node`'s content equal to the server-rendered fragment at `node.dataset.fragment` (or `src`),
 * reloaded on the live events of `subjects`. Marks `data-refreshed` with the time of the last reload.
 */
export function liveFragment(node, subjects, { src = null, delay = 500, filter = null, after = null } = {}) {
  return refreshOn(subjects, async () => {
    node.innerHTML = await getText(src || node.dataset.fragment);
    node.dataset.refreshed = String(Date.now());
    if (after) after(node);
  }, { delay, filter });
}
