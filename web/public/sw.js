/*
 * ytcs service worker (issue 20, docs/adr/0033): the application shell works with no network.
 * Hand-written, no build step: at install it fetches the page, then every script and style the page
 * names, and every chunk those name in turn (Vite's lazy pages), into one cache per version of the
 * page; the API is never cached here (the app keeps its working set in IndexedDB, src/offline/).
 * - a page (navigation): the network first, the cached page when offline;
 * - /assets/* (hashed names, never change): the cache first, then the network (and kept);
 * - everything else: the network.
 */
const SHELL = 'ytcs-shell';
const MAX_FILES = 400;

async function precache() {
  const cache = await caches.open(SHELL);
  const page = await fetch('/', { cache: 'no-store' });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put('/', page);
  const seen = new Set();
  const queue = [];
  const found = (text) => {
    for (const m of text.matchAll(/(?:\/|\.\/|")?(assets\/[\w.-]+\.(?:js|css))/g)) {
      const url = '/' + m[1];
      if (!seen.has(url) && seen.size < MAX_FILES) {
        seen.add(url);
        queue.push(url);
      }
    }
    // Chunks name each other relatively ("./ResidentPage-abc.js") inside /assets.
    for (const m of text.matchAll(/"\.\/([\w.-]+\.(?:js|css))"/g)) {
      const url = '/assets/' + m[1];
      if (!seen.has(url) && seen.size < MAX_FILES) {
        seen.add(url);
        queue.push(url);
      }
    }
  };
  found(html);
  for (const extra of ['/favicon.svg', '/manifest.webmanifest']) {
    const res = await fetch(extra).catch(() => undefined);
    if (res && res.ok) await cache.put(extra, res);
  }
  while (queue.length) {
    const url = queue.shift();
    const res = await fetch(url).catch(() => undefined);
    if (!res || !res.ok) continue;
    if (url.endsWith('.js')) found(await res.clone().text());
    await cache.put(url, res);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  // The app asks again after a new version was deployed (or to be sure the shell is complete).
  if (event.data === 'precache') event.waitUntil(precache());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then(async (res) => {
          if (res.ok) {
            const cache = await caches.open(SHELL);
            await cache.put('/', res.clone());
          }
          return res;
        })
        .catch(async () => (await caches.match('/')) || Response.error()),
    );
    return;
  }
  if (
    url.pathname.startsWith('/assets/') ||
    url.pathname === '/favicon.svg' ||
    url.pathname === '/manifest.webmanifest'
  ) {
    event.respondWith(
      caches.match(url.pathname).then(
        (hit) =>
          hit ||
          fetch(request).then(async (res) => {
            if (res.ok) await (await caches.open(SHELL)).put(url.pathname, res.clone());
            return res;
          }),
      ),
    );
  }
});
