/**
 * The Runnel side of bench/stream, in its own process so the load generator does not
 * share its event loop: the real app on SQLite. Prints one line `READY {json}` with its
 * port, a premium user's session token and track ids.
 * - default: streaming over a folder of generated audio (track id = file name), as the
 *   streaming module's tests wire it;
 * - `--catalog`: the folder scanned into the catalogue, as a real server is wired (each
 *   request looks its track up in the database); also an API token (Subsonic's `apiKey`),
 *   and the premium tier's limit raised so lossless originals are sent as stored.
 * Usage: node bench/stream/server.ts MEDIA_DIR DATA_DIR [--catalog]
 */
import { basename, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../packages/server/src/app.ts';
import { migrate, openDatabase } from '../../packages/server/src/db/database.ts';
import { createInProcessBus } from '../../packages/server/src/events/bus.ts';
import { createMetrics } from '../../packages/server/src/http/metrics.ts';
import { folderTrackFiles } from '../../packages/server/src/streaming/testing.ts';

const [media, dataDir, mode] = process.argv.slice(2) as [string, string, string | undefined];
const catalog = mode === '--catalog';
const database = openDatabase(`sqlite:${join(dataDir, 'runnel.db')}`);
await migrate(database.db);
const files = catalog ? undefined : await folderTrackFiles(media);
const options = JSON.parse(process.env.BENCH_STREAMING ?? '{}') as Record<string, number>;
const app = await buildApp({
  db: database.db,
  dbKind: database.kind,
  events: createInProcessBus(),
  metrics: createMetrics(),
  logger: false,
  sessionTtlS: 86400,
  dataDir,
  // No loudness measurement after the scan: it runs ffmpeg over every file for seconds after
  // start-up, on the same cores as the measured requests (a real server does it once).
  loudness: false,
  streaming: { ...(files && { files }), cacheMaxBytes: 1024 ** 3, ...options },
});
await app.accounts.createUser({ username: 'bench', password: 'bench-password', role: 'admin', product: 'premium' });
const { access_token } = await app.accounts.login('bench', 'bench-password', '127.0.0.1', 'bench');
let tracks: Record<string, string> = Object.fromEntries((files?.ids ?? []).map((id) => [id, id]));
let apiKey: string | undefined;
if (catalog) {
  await app.library.addFolder(media);
  await app.library.scan('full');
  const rows = await database.db.selectFrom('tracks').select(['id', 'path']).execute();
  tracks = Object.fromEntries(rows.map((r) => [basename(r.path), r.id])); // file name → track id
  await app.plans.update('premium', { max_bitrate: 10_000 });
  const made = await app.http.inject({
    method: 'POST',
    url: '/api/v1/me/tokens',
    headers: { authorization: `Bearer ${access_token}` },
    payload: { name: 'bench' },
  });
  apiKey = (made.json() as { token: string }).token;
}
await app.http.listen({ port: 0, host: '127.0.0.1' });
const address = app.http.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`READY ${JSON.stringify({ port, token: access_token, apiKey, tracks: Object.keys(tracks), ids: tracks })}`);
// Event-loop delay, printed at exit: tells a stalled server from a stalled load generator.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.once('SIGTERM', () => {
  console.error(
    `server event loop delay: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
  );
  app.http
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
