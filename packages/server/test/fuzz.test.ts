import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createMetrics, type Metrics } from '../src/http/metrics.ts';
import { endpoints } from '../src/subsonic/endpoints/index.ts';
import { testApp, type TestApp, type TestUser } from '../src/testing/app.ts';
import { validSample, type Schema } from './schema-samples.ts';

/**
 * Hostile input on every route, signed in as an administrator: every `/api/v1` route of the
 * OpenAPI document and every Subsonic endpoint gets NUL characters, 1 MB strings, JSON
 * nested 10,000 levels deep, wrong types and out-of-range numbers in path, query and body.
 * No answer may be a 5xx, none may take the server more than 100 ms, and `/health` on the
 * listening server, polled all the while, must answer within 50 ms. Payloads are sampled
 * per route (a few dozen each), not crossed, so the test stays well under a minute.
 */
const MAX_SERVER_MS = 100;
const MAX_HEALTH_MS = 50;

const MB = 'x'.repeat(1024 * 1024);
const NUL = 'a\u0000b';
const DEEP_ARRAY = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
const MB_JSON = [Buffer.from(JSON.stringify(MB)), Buffer.from(JSON.stringify({ blob: MB }))];
/** Node refuses longer request heads (431) before Fastify sees them; inject() has no such limit, so stay below it. */
const LONG_QUERY = 'x'.repeat(15_000);
/** Values of every wrong kind, for any one field. */
const WRONG: unknown[] = [NUL, 12345, -1, -1e308, 1e308, 2 ** 63, 1.5, true, null, [], [NUL, 1], {}, { a: NUL }, 'x'.repeat(20_000), ''];
const JUNK_IDS = ['%00', 'x'.repeat(190), '-1', '99999999999999999999', '..%2F..%2Fetc', '%7B%7D', '%E2%98%83'];
const QUERY_VALUES = [NUL, '-1', '1e999', '99999999999999999999', 'x'.repeat(5000), 'true', ''];

let t: TestApp;
let admin: TestUser;
let base: string;
/** Server time of each response, by the app's own clock (reply.elapsedTime). */
const served: { url: string; ms: number }[] = [];

before(async () => {
  const metrics = createMetrics();
  const watched: Metrics = {
    ...metrics,
    install(app) {
      metrics.install(app);
      app.addHook('onResponse', async (request, reply) => {
        served.push({ url: `${request.method} ${request.url.slice(0, 100)}`, ms: reply.elapsedTime });
      });
    },
  };
  t = await testApp({ metrics: watched });
  admin = await t.makeUser({ role: 'admin' });
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  const address = t.http.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => t.close());

interface Request {
  method: string;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
}

interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** Requests for one OpenAPI operation: junk and real ids in the path, junk in each query parameter and body field. */
function* restRequests(path: string, method: string, operation: Operation, realIds: string[]): Generator<Request> {
  const fill = (value: string) => path.replace(/\{\w+\}/g, value);
  const hasParams = path.includes('{');
  const ids = hasParams ? [...realIds.map(encodeURIComponent), ...JUNK_IDS] : ['-'];
  const url = fill(ids[0]!);
  const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  for (const id of ids) yield { method, url: fill(id) };
  for (const value of QUERY_VALUES) {
    for (const name of query) yield { method, url: `${url}?${name}=${encodeURIComponent(value)}&${name}=2` };
  }
  if (query.length) yield { method, url: `${url}?${query.map((name) => `${name}=${LONG_QUERY}`).join('&')}` };
  if (bodySchema || method !== 'GET') {
    const json = (payload: string | Buffer): Request => ({ method, url, payload, contentType: 'application/json' });
    for (const payload of [...MB_JSON, DEEP_ARRAY, DEEP_OBJECT]) yield json(payload);
    for (const whole of [NUL, -1, 1e308, null, [], [{}]]) yield json(JSON.stringify(whole));
    const valid = (bodySchema ? validSample(bodySchema) : {}) as Record<string, unknown>;
    for (const key of Object.keys(valid)) {
      for (const bad of WRONG) yield json(JSON.stringify({ ...valid, [key]: bad }));
    }
    for (const id of realIds.slice(0, 1)) yield json(JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, id]))));
  }
}

/** The parameters Subsonic endpoints read. */
const SUBSONIC_PARAMS = ['id', 'query', 'name', 'comment', 'playlistId', 'songId', 'songIdToAdd', 'songIndexToRemove', 'username', 'password', 'type', 'size', 'offset', 'count',
  'fromYear', 'toYear', 'genre', 'musicFolderId', 'artist', 'title', 'format', 'maxBitRate', 'timeOffset', 'rating', 'submission', 'time', 'position', 'current', 'ifModifiedSince',
  'public', 'artistCount', 'albumCount', 'songCount', 'artistOffset', 'albumOffset', 'songOffset', 'albumId', 'artistId', 'estimateContentLength', 'fullScan', 'email'];

/** Form bodies every endpoint gets (built once: the fuzz must not measure its own garbage). */
const FORMS: Array<string | Buffer> = [
  SUBSONIC_PARAMS.map((p) => `${p}=${'x'.repeat(20_000)}`).join('&'),
  `query=${'a '.repeat(120_000)}`,
  `name=${'n'.repeat(200_000)}`,
  `id=${'i'.repeat(200_000)}`,
  `query=${encodeURIComponent(Array.from({ length: 60 }, (_, i) => `word${i}`).join(' '))}&songCount=10000&albumCount=10000&artistCount=10000`,
  Buffer.from(`x=${MB}`),
  Array.from({ length: 6000 }, (_, i) => `songId=${i}&id=${i}`).join('&'),
];

function* subsonicRequests(name: string, realIds: string[]): Generator<Request> {
  const url = `/rest/${name}.view?apiKey=${encodeURIComponent(admin.token)}&f=json`;
  const all = (value: string) => SUBSONIC_PARAMS.map((p) => `${p}=${encodeURIComponent(value)}`).join('&');
  for (const value of [NUL, '-1', '99999999999999999999', 'abc', '', 'true', '1e999', ...realIds]) yield { method: 'GET', url: `${url}&${all(value)}` };
  for (const payload of FORMS) yield { method: 'POST', url, payload, contentType: 'application/x-www-form-urlencoded' };
  yield { method: 'GET', url: `${url}&id=${LONG_QUERY}` };
  yield { method: 'POST', url, payload: DEEP_OBJECT, contentType: 'application/json' };
}

/** Polls /health until told to stop; reports the slowest answer (wall clock) and how many were not 200. */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false, worstMs = 0, polls = 0, failed = 0;
parentPort.once('message', () => (stop = true));
(async () => {
  while (!stop) {
    const started = performance.now();
    const response = await fetch(workerData.url);
    await response.arrayBuffer();
    worstMs = Math.max(worstMs, performance.now() - started);
    polls += 1;
    if (response.status !== 200) failed += 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  parentPort.postMessage({ worstMs, polls, failed });
})();
`;

/** This thread's CPU time in ms: what a request costs the event loop, whatever else runs on the machine. */
const threadMs = () => {
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
};

test('hostile input on every route: no 5xx, each answer within 100 ms of server time, /health within 50 ms throughout', async () => {
  const other = await t.makeUser();
  const playlist = await t.playlists.create(admin.me.id, { name: 'fuzz', public: true });
  const folder = await t.playlists.sidebar.createFolder(admin.me.id, 'folder', null, undefined);
  const realIds = [playlist.id, folder, other.me.id];

  const document = (await t.http.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const operations: [string, string, Operation][] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries(item)) operations.push([path, method.toUpperCase(), operation]);
  }
  // Signing out ends the session the fuzz runs with: last.
  operations.sort((a, b) => Number(a[0].includes('/auth/')) - Number(b[0].includes('/auth/')));
  function* requests(): Generator<Request> {
    for (const name of Object.keys(endpoints)) yield* subsonicRequests(name, [playlist.id, `pl-${playlist.id}`]);
    for (const [path, method, operation] of operations) yield* restRequests(path, method, operation, realIds);
  }

  // Once each, unmeasured: first calls pay one-time costs (a collator for sorted listings, compiled statements).
  for (const name of Object.keys(endpoints)) await t.http.inject({ method: 'GET', url: `/rest/${name}.view?apiKey=${encodeURIComponent(admin.token)}&f=json&id=${playlist.id}` });
  for (const [path, method] of operations) {
    if (!path.includes('/auth/')) await t.http.inject({ method: method as 'GET', url: path.replace(/\{\w+\}/g, playlist.id), headers: admin.auth });
  }

  // /health is polled from another thread (so its client work is not counted as the server's),
  // and the event loop's longest stretch of work without a turn is watched here.
  const poller = new Worker(POLLER, { eval: true, workerData: { url: `${base}/health` } });
  const pollerDone = new Promise<{ worstMs: number; polls: number; failed: number }>((resolve) => poller.once('message', resolve));
  let worstBlock = 0;
  let inFlight = '';
  let blockedBy = '';
  let lastTick = threadMs();
  const ticker = setInterval(() => {
    const now = threadMs();
    if (now - lastTick > worstBlock) blockedBy = inFlight;
    worstBlock = Math.max(worstBlock, now - lastTick);
    lastTick = now;
  }, 1);

  const failures: string[] = [];
  const costs: { what: string; cpuMs: number }[] = [];
  let sent = 0;
  const wallStart = performance.now();
  const cpuStart = threadMs();
  for (const r of requests()) {
    const what = `${r.method} ${r.url.slice(0, 90)} ${typeof r.payload === 'string' ? r.payload.slice(0, 40) : 'bytes'}`;
    inFlight = what;
    const before = threadMs();
    const response = await t.http.inject({
      method: r.method as 'GET',
      url: r.url,
      headers: { ...admin.auth, ...(r.contentType ? { 'content-type': r.contentType } : {}) },
      payload: r.payload,
    });
    costs.push({ what, cpuMs: threadMs() - before });
    // Requests from the network arrive between turns of the event loop; injected ones would not let it turn.
    await new Promise(setImmediate);
    sent += 1;
    if (response.statusCode >= 500) failures.push(`${what} answered ${response.statusCode}: ${response.body.slice(0, 200)}`);
  }
  // How much slower than its own CPU time the process ran: other processes share the cores.
  const contention = Math.max(1, (performance.now() - wallStart) / (threadMs() - cpuStart));
  // A 1 MB query string over the network: refused by Node's header limit, as a 4xx.
  const long = await fetch(`${base}/api/v1/search?q=${MB}`, { headers: admin.auth });
  clearInterval(ticker);
  poller.postMessage('stop');
  const health = await pollerDone;
  await poller.terminate();

  const fuzzed = served.filter((s) => !s.url.startsWith('GET /health'));
  const worstElapsed = fuzzed.reduce((a, b) => (b.ms > a.ms ? b : a), { url: '', ms: 0 });
  const worstCpu = costs.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a), { what: '', cpuMs: 0 });
  console.log(`fuzz: ${sent} requests, ${failures.length} 5xx, worst server time ${worstCpu.cpuMs.toFixed(1)} ms CPU (${worstCpu.what.slice(0, 70)}), `
    + `worst elapsed ${worstElapsed.ms.toFixed(1)} ms (${worstElapsed.url.slice(0, 50)}), worst /health ${health.worstMs.toFixed(1)} ms wall over ${health.polls} polls, longest event-loop block ${worstBlock.toFixed(1)} ms CPU (${blockedBy.slice(0, 60)}), `
    + `contention ×${contention.toFixed(1)}, ${((performance.now() - wallStart) / 1000).toFixed(1)} s`);
  assert.deepEqual(failures.slice(0, 10), []);
  assert.ok(long.status >= 400 && long.status < 500, `a 1 MB URL answered ${long.status}`);
  assert.deepEqual(costs.filter((c) => c.cpuMs > MAX_SERVER_MS).map((c) => `${c.what}: ${c.cpuMs.toFixed(1)} ms`).slice(0, 10), []);
  // Wall-clock times grow with whatever else runs on the machine (other test runs, builds); what the
  // fuzz can be blamed for is the event loop's own work while /health waited for its answer.
  assert.equal(health.failed, 0, '/health answered 200 throughout');
  assert.ok(worstBlock < MAX_HEALTH_MS, `the event loop was busy for ${worstBlock.toFixed(1)} ms of CPU at a stretch (/health worst ${health.worstMs.toFixed(1)} ms wall, contention ×${contention.toFixed(1)})`);
  assert.ok(sent > 1000);
});
