/**
 * Search bench for a new node joining a live cluster (issue 20): "a new api node becomes
 * ready to search within 60 s at 1M tracks". The catalogue (catalog.ts) is written to a
 * fresh database; a first node builds the index from the table and saves it to the data
 * folder; then the cluster goes on, so the saved index falls behind (`--edits` tracks
 * retitled, `--removals` removed, written in batches through search's repository as a
 * running node writes them); then, over the same table:
 *
 * 1. a new node as shipped: it reads the saved index and applies the rows changed since;
 * 2. baseline: a new node that builds its index from the table's rows (what a node did
 *    whenever anything had been written since the file was saved).
 *
 * For each: the time from spawning the process to its first search answered (a client
 * sending `GET /api/v1/search` as soon as it listens, again after each 503 while it loads),
 * and that the answer is right: every edited track is found, and the node holds as many
 * documents as the table.
 *
 *   node_modules/.bin/node bench/search/catch-up.ts [--tracks 1000000] [--db postgres|sqlite]
 *        [--edits 10000] [--removals 1000] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 *        [--server-flags=--max-old-space-size=4000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../../packages/server/src/db/database.ts';
import { createSearchRepository } from '../../packages/server/src/search/repository.ts';
import { syntheticCatalogue } from './catalog.ts';
import { freshDatabase, load, mb, procMemory, startServer } from './process.ts';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'postgres' },
    edits: { type: 'string', default: '10000' },
    removals: { type: 'string', default: '1000' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'server-flags': { type: 'string', default: '' },
  },
});
const TRACKS = Number(values.tracks);
const EDITS = Number(values.edits);
const REMOVALS = Number(values.removals);
const kind = values.db as 'sqlite' | 'postgres';
const serverFlags = values['server-flags'] ? values['server-flags'].split(' ') : [];
/** The word every edited title gets, searched for by the new node's first request. */
const MARK = 'zanzibarcatch';
const AIM_S = 60;

console.log(
  `search catch-up bench ${new Date().toISOString()}; node ${process.version}; ${kind}; ${TRACKS.toLocaleString('en')} tracks; ${EDITS} edits and ${REMOVALS} removals since the saved index; load average ${load()}`,
);
const { database, url, remove } = await freshDatabase(kind, values.pg!);
const dataDir = mkdtempSync(join(tmpdir(), 'runnel-bench-catch-up-'));
try {
  await migrate(database.db);
  const repo = createSearchRepository(database.db);
  let written = 0;
  const wrote = performance.now();
  await syntheticCatalogue(TRACKS).generate(async (docs) => {
    await repo.upsert(docs, 0);
    written += docs.length;
  }, 10_000);
  console.log(`catalogue written: ${written.toLocaleString('en')} documents in ${((performance.now() - wrote) / 1000).toFixed(1)} s (load average ${load()})`);

  // The first node: built from the table, then saved to the data folder.
  const first = startServer(url, dataDir, 'saved', serverFlags);
  await first.next('listening');
  const { token } = (await first.ask('login', 'token')) as unknown as { token: string };
  await first.next('ready');
  const firstReadyS = first.sinceSpawnS();
  await first.next('saved');
  console.log(`first node: built from the table in ${firstReadyS.toFixed(1)} s, saved at ${first.sinceSpawnS().toFixed(1)} s (load average ${load()})`);
  await first.stop();

  // The cluster goes on: the saved index falls behind by EDITS edits and REMOVALS removals.
  const changed = performance.now();
  const ids = (await repo.ids('track')).sort();
  const step = Math.floor(ids.length / (EDITS + REMOVALS));
  const picked = Array.from({ length: EDITS + REMOVALS }, (_, i) => ids[i * step]!);
  for (let i = 0; i < EDITS; i += 500) {
    const docs = await repo.byIds('track', picked.slice(i, Math.min(EDITS, i + 500)));
    await repo.upsert(
      docs.map((d) => ({ ...d, title: `${d.title} ${MARK}` })),
      Date.now(),
    );
  }
  for (let i = EDITS; i < EDITS + REMOVALS; i += 100) await repo.remove('track', picked.slice(i, i + 100));
  const tracksNow = await repo.count('track');
  console.log(
    `written since the save: ${EDITS} edits, ${REMOVALS} removals in ${((performance.now() - changed) / 1000).toFixed(1)} s; ${tracksNow.toLocaleString('en')} tracks in the table`,
  );

  /** Spawns a node over the table and times its first answer (and its load) from the spawn. */
  async function newNode(label: string, mode: 'saved' | 'rows') {
    const node = startServer(url, dataDir, mode, serverFlags);
    const listening = await node.next('listening');
    const listeningS = node.sinceSpawnS();
    const ready = node.next('ready');
    const headers = { authorization: `Bearer ${token}` };
    const search = `http://127.0.0.1:${listening.port as number}/api/v1/search?type=track&limit=10&q=${MARK}`;
    let tries = 0;
    let answer: { tracks?: { total: number } } | undefined;
    while (!answer) {
      tries++;
      const response = await fetch(search, { headers });
      if (response.status === 200) answer = (await response.json()) as typeof answer;
      else if (response.status === 503) await response.text();
      else throw new Error(`${label}: ${response.status} ${await response.text()}`);
    }
    const answeredS = node.sinceSpawnS();
    const { stats } = (await ready) as unknown as { stats: { documents: Record<string, number>; loads: Record<string, unknown> } };
    const readyS = node.sinceSpawnS();
    const { rss, peak } = procMemory(node.child.pid!);
    const right = answer.tracks?.total === EDITS && stats.documents.track === tracksNow;
    console.log(
      `${label}: listening after ${listeningS.toFixed(1)} s, first search answered after ${answeredS.toFixed(1)} s (${tries} requests; ${answer.tracks?.total} of ${EDITS} edited tracks found), ` +
        `every kind ready after ${readyS.toFixed(1)} s; tracks held ${stats.documents.track} of ${tracksNow}${right ? '' : ' — WRONG'}; track index loaded ${JSON.stringify(stats.loads.track)}; ` +
        `rss ${mb(rss)} (peak ${mb(peak)}) (load average ${load()})`,
    );
    await node.stop();
    if (!right) process.exitCode = 1;
    return { answeredS, readyS };
  }

  const caughtUp = await newNode('new node, saved index caught up', 'saved');
  const rebuilt = await newNode('baseline: new node built from the table', 'rows');
  console.log(`\n${kind}, ${TRACKS.toLocaleString('en')} tracks, saved index behind by ${EDITS} edits and ${REMOVALS} removals:`);
  console.log(
    `spawn → first search answered | caught up ${caughtUp.answeredS.toFixed(1)} s | from the table ${rebuilt.answeredS.toFixed(1)} s | ratio ${(rebuilt.answeredS / caughtUp.answeredS).toFixed(1)}x | aim ≤ ${AIM_S} s: ${caughtUp.answeredS <= AIM_S ? 'met' : 'NOT met'}`,
  );
  console.log(`spawn → every kind ready     | caught up ${caughtUp.readyS.toFixed(1)} s | from the table ${rebuilt.readyS.toFixed(1)} s`);
} finally {
  await database.close();
  await remove();
  rmSync(dataDir, { recursive: true, force: true });
}
