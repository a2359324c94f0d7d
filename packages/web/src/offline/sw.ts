/**
 * Runnel's service worker: the player's shell opens (and reloads) without the server, and
 * music made available offline plays from this browser's storage.
 *   - the shell (index.html and the hashed bundles of this build) is stored at install and
 *     answered from storage; a new build's worker replaces it as a whole;
 *   - `/offline/audio/ID` is answered from the stored bytes, ranges included, so offline
 *     tracks start at once and seek anywhere;
 *   - covers of offline items come from storage, then from the server;
 *   - everything else (the API, Subsonic, streams) goes straight to the network: where the
 *     browser can route (Chromium's static routes), the worker is not even woken for it.
 */
import { ART_CACHE, AUDIO_CACHE } from './cache-names.ts';
import { parseRange } from './ranges.ts';

declare const __SHELL_FILES__: string[];
declare const __SHELL_VERSION__: string;

/** The parts of the service worker's world this file uses (the DOM and WebWorker libs cannot both be loaded). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface InstallEvent extends ExtendableEvent {
  addRoutes?: (rules: { condition: { urlPattern: string }; source: 'network' | 'fetch-event' }[]) => Promise<void>;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install', listener: (event: InstallEvent) => void): void;
  addEventListener(type: 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

const SHELL = `runnel-shell-${__SHELL_VERSION__}`;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // Requests the worker never answers skip it entirely (Chromium 123+); images of the API are answered below.
      await event
        .addRoutes?.([
          { condition: { urlPattern: '/api/v1/images/*' }, source: 'fetch-event' },
          { condition: { urlPattern: '/api/*' }, source: 'network' },
          { condition: { urlPattern: '/rest/*' }, source: 'network' },
        ])
        .catch(() => {});
      const cache = await caches.open(SHELL);
      await cache.addAll(__SHELL_FILES__);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('runnel-shell-') && name !== SHELL) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== location.origin || request.method !== 'GET') return;
  if (url.pathname.startsWith('/offline/audio/')) return event.respondWith(storedAudio(request, url.pathname));
  if (url.pathname.startsWith('/api/v1/images/')) return event.respondWith(fromCache(ART_CACHE, url.pathname + url.search, request));
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/rest/')) return;
  if (url.pathname.startsWith('/assets/')) return event.respondWith(fromCache(SHELL, url.pathname, request));
  // A page of the player (any path it routes in the browser): the stored shell.
  if (request.mode === 'navigate') return event.respondWith(fromCache(SHELL, '/', request));
});

/** The stored answer, else the network's. */
async function fromCache(cacheName: string, key: string, request: Request): Promise<Response> {
  const stored = await (await caches.open(cacheName)).match(key);
  return stored ?? fetch(request);
}

let audioCache: Promise<Cache> | undefined;

/** An offline track's bytes: all of them, or the range asked for (206), from storage. */
async function storedAudio(request: Request, key: string): Promise<Response> {
  // Opened once per worker: every play and seek asks it.
  audioCache ??= caches.open(AUDIO_CACHE);
  const stored = await (await audioCache).match(key);
  if (!stored) return new Response('This track is not stored on this device', { status: 404 });
  const type = stored.headers.get('content-type') ?? 'application/octet-stream';
  const body = await stored.blob();
  const range = parseRange(request.headers.get('range'), body.size);
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { 'content-range': `bytes */${body.size}` } });
  if (!range) return new Response(body, { status: 200, headers: { 'content-type': type, 'content-length': String(body.size), 'accept-ranges': 'bytes' } });
  return new Response(body.slice(range.start, range.end + 1), {
    status: 206,
    headers: {
      'content-type': type,
      'content-length': String(range.end - range.start + 1),
      'content-range': `bytes ${range.start}-${range.end}/${body.size}`,
      'accept-ranges': 'bytes',
    },
  });
}
