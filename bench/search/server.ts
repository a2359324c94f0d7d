/**
 * The server under test, in a process of its own so that its RSS is the whole server's and
 * nothing of the bench's (the catalogue it generated, its HTTP client). Started by run.ts:
 *
 *   node bench/search/server.ts <database url> <data folder> <saved|rows>
 *
 * `saved`: the app as shipped (the search index is saved in the data folder and read from
 * there at the next start); `rows`: the index is built from the table at every start (the
 * baseline). Reports to its parent over IPC: `listening` (port, token) at once, `ready` when
 * the index is loaded (and saved), and its memory when asked.
 */
import { enableCompileCache } from 'node:module';

// As bin/runnel.mjs does: modules compiled at an earlier start are read from Node's cache.
enableCompileCache();
const { buildApp } = await import('../../packages/server/src/app.ts');
const { openDatabase } = await import('../../packages/server/src/db/database.ts');
const { createInProcessBus } = await import('../../packages/server/src/events/bus.ts');
const { createMetrics } = await import('../../packages/server/src/http/metrics.ts');

const [url, dataDir, mode] = process.argv.slice(2) as [string, string, 'saved' | 'rows'];
const send = (message: object) => process.send!(message);

const database = openDatabase(url);
const app = await buildApp({
  db: database.db,
  dbKind: database.kind,
  events: createInProcessBus(),
  metrics: createMetrics(),
  logger: false,
  sessionTtlS: 3600,
  dataDir,
  search: mode === 'rows' ? { indexDir: undefined } : {},
});
await app.http.listen({ host: '127.0.0.1', port: 0 });
const address = app.http.server.address();
send({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0, sinceStartMs: performance.now() });
await app.search.ready();
send({ type: 'ready', sinceStartMs: performance.now(), stats: app.search.stats() });
await app.search.saved();
send({ type: 'saved', sinceStartMs: performance.now() });

process.on('message', async (message: { type: string }) => {
  if (message.type === 'login') {
    const username = `bench${process.pid}`;
    await app.accounts.createUser({ username, password: 'bench-password', role: 'user', product: 'free' });
    const { access_token } = await app.accounts.login(username, 'bench-password', '127.0.0.1', 'bench');
    send({ type: 'token', token: access_token });
  } else if (message.type === 'memory') {
    send({ type: 'memory', memory: process.memoryUsage(), heap: (await import('node:v8')).getHeapStatistics() });
  } else if (message.type === 'stop') {
    await app.http.close();
    await database.close();
    process.exit(0);
  }
});
