// The service worker of one IOC phone app, served by ioc.apps.install with its configuration filled in:
// the app's scope, a version (the static files' fingerprint) and the shell's URLs.
// - Fingerprinted static files (/static/v/…) never change: from the cache, else the network (then kept).
// - The app's pages: from the network (and kept as the last data seen), else the copy kept, so the app
//   opens offline on the last data, which the page marks as stale with its time.
// - Everything else (the API, the live stream) goes to the network untouched.
const CONFIG = __IOC_APP_CONFIG__;
const CACHE = `ioc-${CONFIG.app}-${CONFIG.version}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(CONFIG.shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(`ioc-${CONFIG.app}-`) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function fromCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok) cache.put(request, answer.clone());
  return answer;
}

async function fromNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const answer = await fetch(request);
    if (answer.ok && !answer.redirected) cache.put(request, answer.clone());
    return answer;
  } catch (err) {
    const kept = (await cache.match(request)) || (await cache.match(CONFIG.scope));
    if (kept) return kept;
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/v/")) {
    event.respondWith(fromCacheFirst(request));
  } else if (url.pathname.startsWith(CONFIG.scope) && !url.pathname.endsWith("/sw.js")) {
    event.respondWith(fromNetworkFirst(request));
  }
});
