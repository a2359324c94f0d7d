/**
 * The Runnel side of bench/stream, in its own process so the load generator does not
 * share its event loop: the real app on SQLite, streaming over a folder of generated
 * audio. Prints one line `READY {json}` with its port and a premium user's token.
 * Usage: node bench/stream/server.ts MEDIA_DIR DATA_DIR
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../packages/server/src/app.ts';
import { migrate, openDatabase } from '../../packages/server/src/db/database.ts';
import { createInProcessBus } from '../../packages/server/src/events/bus.ts';
import { createMetrics } from '../../packages/server/src/http/metrics.ts';
import { folderTrackFiles } from '../../packages/server/src/streaming/testing.ts';

const [media, dataDir] = process.argv.slice(2) as [string, string];
const database = openDatabase(`sqlite:${join(dataDir, 'runnel.db')}`);
await migrate(database.db);
const files = await folderTrackFiles(media);
const app = await buildApp({
  db: database.db, dbKind: database.kind, events: createInProcessBus(), metrics: createMetrics(), logger: false, sessionTtlS: 86400, dataDir,
  streaming: { files, cacheMaxBytes: 1024 ** 3, ...(JSON.parse(process.env.BENCH_STREAMING ?? '{}') as Record<string, number>) },
});
await app.accounts.createUser({ username: 'bench', password: 'bench-password', role: 'admin', product: 'premium' });
const { access_token } = await app.accounts.login('bench', 'bench-password', '127.0.0.1', 'bench');
await app.http.listen({ port: 0, host: '127.0.0.1' });
const address = app.http.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`READY ${JSON.stringify({ port, token: access_token, tracks: files.ids })}`);
// Event-loop delay, printed at exit: tells a stalled server from a stalled load generator.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.once('SIGTERM', () => {
  console.error(`server event loop delay: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
  app.http.close().then(() => database.close()).finally(() => process.exit(0));
});
