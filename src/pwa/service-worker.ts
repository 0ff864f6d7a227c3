/**
 * The service worker (built into dist/sw.js by scripts/offline-plugin.ts, which defines BUILD): after one
 * visit the app works with the network cut. The app shell, its scripts, the TF.js wasm, the 14×14 digits and
 * the shipped teachers are cached at install; the 28×28 digits the first time they are fetched. Cache first:
 * every precached name but index.html's is content-hashed, and a new build is a new worker (its BUILD
 * differs), which takes over at once; the page then says a new version is in use from the next visit.
 */
import type { OfflinePlan } from '../../scripts/offline-plan';

declare const self: ServiceWorkerGlobalScope;
declare const BUILD: OfflinePlan;

const PREFIX = 'dkl-precache-';
const PRECACHE = PREFIX + BUILD.version;
const ON_DEMAND = 'dkl-on-demand';
const SHELL = './';

const absolute = (path: string) => new URL(path, self.registration.scope).href;
const precached = new Set(BUILD.precache.map(absolute));
const onDemand = new Set(BUILD.onDemand.map(absolute));
const shellUrls = new Set([absolute(SHELL), absolute('index.html')]);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(PRECACHE);
      // 'reload': fresh copies, not the HTTP cache's possibly older index.html.
      await cache.addAll(BUILD.precache.map((path) => new Request(absolute(path), { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== PRECACHE) await caches.delete(name);
      // The on-demand cache outlives versions (11 MB of digits need not be fetched again) but keeps only this build's files.
      const kept = await caches.open(ON_DEMAND);
      for (const request of await kept.keys()) if (!onDemand.has(request.url)) await kept.delete(request);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  const key = url.href;
  if (request.mode === 'navigate' && shellUrls.has(key)) event.respondWith(fromCache(event, PRECACHE, absolute(SHELL)));
  else if (precached.has(key)) event.respondWith(fromCache(event, PRECACHE, key));
  else if (onDemand.has(key)) event.respondWith(fromCache(event, ON_DEMAND, key, true));
});

/** The cached copy, else the network's; with `keep`, a full response is stored as it streams to the page (whose download shows progress). */
async function fromCache(event: FetchEvent, cacheName: string, key: string, keep = false): Promise<Response> {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(key);
  if (cached) return cached;
  const response = await fetch(event.request);
  if (keep && response.status === 200) event.waitUntil(cache.put(key, response.clone()).catch(() => undefined));
  return response;
}
