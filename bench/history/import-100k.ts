/**
 * Imports a generated ListenBrainz export of LISTENS listens (default 100,000; a tenth of
 * them of tracks the catalogue lacks) into a fresh account, imports it again, exports it,
 * and prints the time and the process's peak memory of each step. Run with scripts/test.mjs's
 * node: `node bench/history/import-100k.ts` (RUNNEL_TEST_DB for PostgreSQL).
 */
import { writeFileSync, mkdtempSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { testApp } from '../../packages/server/src/testing/app.ts';
import { generateTone } from '../../packages/server/src/library/generate.ts';

const LISTENS = Number(process.env.LISTENS ?? 100_000);
const t = await testApp();
const music = mkdtempSync(join(tmpdir(), 'runnel-bench-history-'));
const TRACKS = 20;
for (let i = 0; i < TRACKS; i++)
  await generateTone({
    path: join(music, `Artist ${i % 5}`, `Album ${i % 7}`, `${i} Song ${i}.mp3`),
    format: 'mp3v24',
    seconds: 1,
    tags: { title: `Song ${i}`, artist: `Artist ${i % 5}`, album: `Album ${i % 7}` },
  });
await t.library.addFolder(music);
await t.library.scan('full');
const user = await t.makeUser();
const file = join(music, 'listens.json');
const start = Date.parse('2024-01-01T00:00:00Z') / 1000;
const lines = Array.from({ length: LISTENS }, (_, i) => {
  const n = (i * 7919) % (TRACKS + 2);
  const [artist, track] = n < TRACKS ? [`Artist ${n % 5}`, `Song ${n}`] : ['Nobody Here', `Lost ${n}`];
  return JSON.stringify({
    listened_at: start + i * 600,
    track_metadata: { artist_name: artist, track_name: track, release_name: `Album ${n % 7}`, additional_info: { duration_ms: 200_000 } },
  });
});
writeFileSync(file, `[\n${lines.join(',\n')}\n]\n`);
lines.length = 0;
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const step = async (name: string, run: () => Promise<string>) => {
  peak = process.memoryUsage().rss;
  const began = performance.now();
  const what = await run();
  console.log(`${name}: ${((performance.now() - began) / 1000).toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB — ${what}`);
};
const post = () =>
  t.http.inject({
    method: 'POST',
    url: '/api/v1/me/history/import',
    headers: { ...user.auth, 'content-type': 'application/json' },
    payload: createReadStream(file),
  });
console.log(
  `${t.database.kind}, ${LISTENS} listens; RSS before: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (inject() holds a whole request and answer in memory: a real client's would not)`,
);
await step('import', async () => (await post()).body);
await step('import again', async () => (await post()).body);
await step('export', async () => `${(await t.http.inject({ method: 'GET', url: '/api/v1/me/history/export', headers: user.auth })).body.length} bytes`);
await step(
  'summary 2025',
  async () => `${(await t.http.inject({ method: 'GET', url: '/api/v1/me/summary/2025', headers: user.auth })).json().summary.plays} plays`,
);
await step(
  'history page, searched',
  async () => `${(await t.http.inject({ method: 'GET', url: '/api/v1/me/history?q=song%201&limit=50', headers: user.auth })).json().items.length} items`,
);
clearInterval(sample);
await t.close();
