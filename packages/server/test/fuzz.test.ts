import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createMetrics, type Metrics } from '../src/http/metrics.ts';
import { endpoints } from '../src/subsonic/endpoints/index.ts';
import { listenLocally, testApp, type TestApp, type TestUser } from '../src/testing/app.ts';
import { clusterMode } from '../src/testing/cluster.ts';
import { threadMs, watchStalls } from '../src/testing/stalls.ts';
import type { FuzzPlan, FuzzReport, Operation } from './fuzz-client.ts';

/**
 * Hostile input on every route, signed in as an administrator: every `/api/v1` route of the
 * OpenAPI document and every Subsonic endpoint gets NUL characters, 1 MB strings, JSON
 * nested 10,000 levels deep, wrong types and out-of-range numbers in path, query and body
 * (fuzz-client.ts, over real HTTP from a worker). No answer may be a 5xx, none may take the
 * server more than 100 ms, and `/health`, polled all the while, must answer within 50 ms:
 * the server's event loop may never be busy longer than that at a stretch. Payloads are
 * sampled per route (a few dozen each), not crossed, so the test stays well under a minute.
 */
const MAX_SERVER_MS = 100;
const MAX_HEALTH_MS = 50;

let t: TestApp;
let admin: TestUser;
let base: string;

/** The request the server is working on (between its onRequest and onResponse), and what each cost in CPU. */
let inFlight = '';
const costs: { what: string; cpuMs: number }[] = [];

before(async () => {
  // The hooks go in with the metrics: the app is ready (and closed to new hooks) once built.
  const metrics = createMetrics();
  const started = new WeakMap<object, { cpu: number; wall: number; others: number }>();
  /** The CPU of every answer so far, each counted once: what answers inside another's time cost is not that one's. */
  let answered = 0;
  const watched: Metrics = {
    ...metrics,
    install(app) {
      metrics.install(app);
      app.addHook('onRequest', async (request) => {
        started.set(request, { cpu: threadMs(), wall: performance.now(), others: answered });
        inFlight = `${request.method} ${request.url.slice(0, 90)}`;
      });
      app.addHook('onResponse', async (request) => {
        // A copy, not a slice: a slice would keep the whole (possibly megabyte) URL alive.
        // CPU time, never more than the wall time that passed (this VM's thread clock overshoots now and then).
        // Less the answers given meanwhile (the /health poller's, while a route such as renderer
        // discovery waits 2 s for the network): their CPU is theirs.
        const from = started.get(request) ?? { cpu: threadMs(), wall: performance.now(), others: answered };
        const cpuMs = Math.max(0, Math.min(threadMs() - from.cpu, performance.now() - from.wall) - (answered - from.others));
        answered += cpuMs;
        costs.push({ what: Buffer.from(`${request.method} ${request.url.slice(0, 90)}`).toString(), cpuMs });
        inFlight = '';
      });
    },
  };
  t = await testApp({ metrics: watched });
  admin = await t.makeUser({ role: 'admin' });
  const origin = await listenLocally(t);
  base = `${origin}`;
});
after(() => t.close());

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

function runWorker<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

test('hostile input on every route: no 5xx, each answer within 100 ms of server time, /health within 50 ms throughout', async () => {
  const other = await t.makeUser();
  const playlist = await t.playlists.create(admin.me.id, { name: 'fuzz', public: true });
  const folder = await t.playlists.sidebar.createFolder(admin.me.id, 'folder', null, undefined);

  const document = (await t.http.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const operations: [string, string, Operation][] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries(item)) operations.push([path, method.toUpperCase(), operation]);
  }
  // Signing out ends the session the fuzz runs with: last.
  operations.sort((a, b) => Number(a[0].includes('/auth/')) - Number(b[0].includes('/auth/')));

  // Once each, unmeasured: first calls pay one-time costs (a collator for sorted listings, compiled statements).
  for (const name of Object.keys(endpoints))
    await t.http.inject({ method: 'GET', url: `/rest/${name}.view?apiKey=${encodeURIComponent(admin.token)}&f=json&id=${playlist.id}` });
  for (const [path, method] of operations) {
    if (!path.includes('/auth/')) await t.http.inject({ method: method as 'GET', url: path.replace(/\{\w+\}/g, playlist.id), headers: admin.auth });
  }
  /** One pass of every hostile request with this token, measured. */
  async function pass(token: string) {
    costs.length = 0;
    // The event loop's longest stretch of work without a turn, in this thread's CPU time.
    const stalls = watchStalls(() => inFlight);
    const poller = new Worker(POLLER, { eval: true, workerData: { url: `${base}/health` } });
    const polled = runWorker<{ worstMs: number; polls: number; failed: number }>(poller);
    const wallStart = performance.now();
    const cpuStart = threadMs();
    const plan: FuzzPlan = {
      base,
      token,
      endpoints: Object.keys(endpoints),
      operations,
      realIds: [playlist.id, folder, other.me.id],
      subsonicIds: [playlist.id, `pl-${playlist.id}`],
    };
    let report: FuzzReport;
    let health: { worstMs: number; polls: number; failed: number };
    try {
      report = await runWorker<FuzzReport>(new Worker(new URL('./fuzz-client.ts', import.meta.url), { workerData: plan }));
    } finally {
      // Also when the client failed: a poller left running keeps the test process alive.
      stalls.stop();
      poller.postMessage('stop');
      health = await polled.finally(() => poller.terminate());
    }
    // How much slower than its own CPU time the server ran: other processes share the cores.
    const contention = Math.max(1, (performance.now() - wallStart) / Math.max(1, threadMs() - cpuStart));
    const worst = costs.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a), { what: '', cpuMs: 0 });
    const block = stalls.worst();
    const gc = stalls.withGc();
    console.log(
      `fuzz: ${report.sent} requests (${report.closed} closed by the server mid-body), ${report.failures.length} 5xx, ` +
        `worst server time ${worst.cpuMs.toFixed(1)} ms CPU (${worst.what.slice(0, 70)}), longest event-loop block ${block.ms.toFixed(1)} ms CPU (${block.what.slice(0, 60)}; ${gc.stretchMs.toFixed(1)} ms with garbage collection, longest pause ${gc.pauseMs.toFixed(1)} ms), ` +
        `worst /health ${health.worstMs.toFixed(1)} ms wall over ${health.polls} polls, contention ×${contention.toFixed(1)}, ${((performance.now() - wallStart) / 1000).toFixed(1)} s`,
    );
    const slow = costs
      .filter((c) => c.cpuMs > MAX_SERVER_MS)
      .map((c) => `${c.what}: ${c.cpuMs.toFixed(1)} ms`)
      .slice(0, 10);
    const blocked =
      block.ms >= MAX_HEALTH_MS
        ? `the event loop was busy for ${block.ms.toFixed(1)} ms of CPU at a stretch (${block.what}; /health worst ${health.worstMs.toFixed(1)} ms wall, contention ×${contention.toFixed(1)})`
        : '';
    return { report, health, slow, blocked };
  }

  const first = await pass(admin.token);
  assert.deepEqual(first.report.failures.slice(0, 10), []);
  // Refused: a 4xx (a node answers 431 past its 16 KiB of headers), or the connection closed
  // while the client still wrote (0: the answer unread, or HAProxy's cut in npm run test:cluster).
  const long = first.report.longStatus;
  assert.ok(long === 0 || (long >= 400 && long < 500), `a 1 MB URL answered ${long}`);
  assert.equal(first.health.failed, 0, '/health answered 200 throughout');
  assert.ok(first.report.sent > 3000, `${first.report.sent} requests sent`);
  // The time bars, in this thread's CPU time (wall-clock times grow with whatever else runs on the
  // machine). On this VM a thread is now and then charged ~100 ms at once that it did not spend
  // (seen on trivial requests and in the search start-up test alike, 2026-12-06): a request that
  // costs too much does so on every pass, so a miss is measured again on a second pass, which must
  // meet both bars. Collection pauses are printed above: on a shared 2-core machine they measure the machine.
  // In the cluster run the two nodes share this thread, so one request's CPU time holds the
  // other node's work too: the bars are a node's own, checked in the single-node runs.
  if (clusterMode) return;
  const timed =
    first.slow.length || first.blocked
      ? await pass((await t.accounts.login(admin.me.username, admin.password, '127.0.0.2', 'fuzz second pass')).access_token)
      : first;
  assert.deepEqual(timed.report.failures.slice(0, 10), []);
  assert.deepEqual(timed.slow, []);
  assert.equal(timed.blocked, '');
});
