/**
 * Search bench: builds a deterministic synthetic catalogue (default 1,000,000 tracks) in a
 * fresh database, then starts the real server in a process of its own (server.ts) three
 * times over that table and replays typing — every prefix of 200 queries, one HTTP request
 * per keystroke — against GET /api/v1/search:
 *
 * 1. baseline: the index built from the table's rows at start (as before it was saved);
 * 2. first start as shipped: built from the rows, then saved to the data folder;
 * 3. restart as shipped: the saved index read from the data folder.
 *
 * For each: time from spawning the process to the index answering, the server's RSS (and
 * its peak), and the keystrokes' p50/p99 over HTTP, each against its aim. It also times a
 * `LIKE '%…%'` baseline over the same table, run directly on the database.
 *
 *   node_modules/.bin/node bench/search/run.ts [--tracks N] [--db sqlite|postgres|both]
 *        [--queries 200] [--passes 1] [--baseline-queries 8] [--baseline-seconds 60]
 *        [--server-flags=--max-old-space-size=12000] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 *
 * 13M (the seed's catalogue): `--tracks 13000000 --db sqlite --from-rows no --baseline-queries 2 --baseline-seconds 30`
 * (writing the catalogue takes ~4 min, a start from rows ~4 min on a quiet machine); with
 * `--from-rows no` the first start (built from rows) is the baseline and is replayed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrate, type OpenDatabase } from '../../packages/server/src/db/database.ts';
import { SEARCH_KINDS } from '../../packages/server/src/search/documents.ts';
import { createSearchRepository } from '../../packages/server/src/search/repository.ts';
import { syntheticCatalogue } from './catalog.ts';
import { freshDatabase, load, mb, procMemory, startServer } from './process.ts';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'both' },
    queries: { type: 'string', default: '200' },
    'baseline-queries': { type: 'string', default: '30' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'baseline-seconds': { type: 'string', default: '180' },
    passes: { type: 'string', default: '1' },
    'server-flags': { type: 'string', default: '' },
    /** no: skip the separate baseline start (13M: the first start, also built from rows, stands in for it and replays the keystrokes). */
    'from-rows': { type: 'string', default: 'yes' },
  },
});
const TRACKS = Number(values.tracks);
const QUERIES = Number(values.queries);
const BASELINE_QUERIES = Number(values['baseline-queries']);
/** How many times the keystrokes are replayed (see replay below). */
const PASSES = Number(values.passes);
/** The baseline is slow at 1M; it stops after this long (the keystrokes timed so far are reported). */
const BASELINE_SECONDS = Number(values['baseline-seconds']);
/** What the server must reach (issue 15 §4): at 1M tracks RSS ≤ 500 MB; at 13M p99 ≤ 25 ms, RSS ≤ 3 GB, answering within 60 s. */
const AIMS = TRACKS >= 13_000_000 ? { rssMb: 3072, p99Ms: 25, readyS: 60 } : { rssMb: 500, p99Ms: 15, readyS: undefined };
const serverFlags = values['server-flags'] ? values['server-flags'].split(' ') : [];
const kinds = values.db === 'both' ? (['sqlite', 'postgres'] as const) : ([values.db] as Array<'sqlite' | 'postgres'>);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const verdict = (value: number, aim: number | undefined) => (aim === undefined ? '' : value <= aim ? ' (aim met)' : ' (aim NOT met)');

async function tableBytes(database: OpenDatabase, file?: string): Promise<number> {
  if (database.kind === 'postgres') {
    const { rows } = await sql<{ n: number }>`select pg_total_relation_size('search_documents')::bigint as n`.execute(database.db);
    return Number(rows[0]!.n);
  }
  return file ? statSync(file).size : 0;
}

interface StartFigures {
  label: string;
  listeningS: number;
  readyS: number;
  savedS?: number;
  rss: number;
  peak: number;
  heapUsed: number;
  arrayBuffers: number;
  indexBytes: number;
  p50?: number;
  p99?: number;
  max?: number;
  slowest?: string;
  rssAfter?: number;
  load: string;
}

async function run(kind: 'sqlite' | 'postgres') {
  console.log(`\n== ${kind}: ${TRACKS.toLocaleString('en')} tracks ==`);
  const { database, url, remove, file } = await freshDatabase(kind, values.pg!);
  const dataDirs: string[] = [];
  try {
    await migrate(database.db);
    const repo = createSearchRepository(database.db);
    const catalogue = syntheticCatalogue(TRACKS);
    let loaded = 0;
    const started = performance.now();
    await catalogue.generate(async (docs) => {
      await repo.upsert(docs, 0);
      loaded += docs.length;
    }, 10_000);
    console.log(
      `catalogue written: ${loaded.toLocaleString('en')} documents in ${((performance.now() - started) / 1000).toFixed(1)} s; table search_documents ${mb(await tableBytes(database, file))} (load average ${load()})`,
    );
    const queries = catalogue.queries(QUERIES);
    const warmUp = catalogue.queries(QUERIES + 40).slice(QUERIES);
    // Every prefix of every query, one request each, replayed PASSES times; the first pass is the figure.
    const typed = queries.flatMap((query) => [...query].map((_, i) => query.slice(0, i + 1)).filter((q) => q.trim()));

    /** Starts a server over the table, waits for its index, optionally replays the keystrokes, stops it. */
    const start = async (label: string, dataDir: string, mode: 'saved' | 'rows', replay: boolean): Promise<StartFigures> => {
      const server = startServer(url, dataDir, mode, serverFlags);
      const listening = await server.next('listening');
      const listeningS = server.sinceSpawnS();
      const ready = await server.next('ready');
      const readyS = server.sinceSpawnS();
      await server.next('saved');
      const savedS = mode === 'saved' ? server.sinceSpawnS() : undefined;
      const { rss, peak } = procMemory(server.child.pid!);
      const { memory } = (await server.ask('memory', 'memory')) as unknown as { memory: NodeJS.MemoryUsage };
      const stats = ready.stats as { bytes: number };
      const figures: StartFigures = {
        label,
        listeningS,
        readyS,
        savedS,
        rss,
        peak,
        heapUsed: memory.heapUsed,
        arrayBuffers: memory.arrayBuffers,
        indexBytes: stats.bytes,
        load: load(),
      };
      console.log(
        `${label}: listening after ${listeningS.toFixed(1)} s, index ready after ${readyS.toFixed(1)} s${savedS !== undefined ? `, saved after ${savedS.toFixed(1)} s` : ''}; ` +
          `rss ${mb(rss)} (peak ${mb(peak)}), heap used ${mb(memory.heapUsed)}, array buffers ${mb(memory.arrayBuffers)}, index ~${mb(stats.bytes)} (load average ${figures.load})`,
      );
      if (replay) {
        const { token } = (await server.ask('login', 'token')) as unknown as { token: string };
        const port = listening.port as number;
        const headers = { authorization: `Bearer ${token}` };
        const keystroke = async (q: string) => {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1/search?type=track,album,artist&limit=10&q=${encodeURIComponent(q)}`, { headers });
          if (response.status !== 200) throw new Error(`${response.status} for ${q}: ${await response.text()}`);
          await response.json();
        };
        // Warm-up, not measured: a running server has compiled its hot paths already.
        for (const query of warmUp) for (let i = 1; i <= query.length; i++) if (query.slice(0, i).trim()) await keystroke(query.slice(0, i));
        const passes: number[][] = [];
        for (let pass = 0; pass < PASSES; pass++) {
          const times: number[] = [];
          for (const q of typed) {
            const t0 = performance.now();
            await keystroke(q);
            times.push(performance.now() - t0);
          }
          passes.push(times);
        }
        const first = [...passes[0]!].sort((a, b) => a - b);
        figures.p50 = pct(first, 0.5);
        figures.p99 = pct(first, 0.99);
        figures.max = first.at(-1)!;
        figures.slowest = typed[passes[0]!.indexOf(figures.max)];
        figures.rssAfter = procMemory(server.child.pid!).rss;
        figures.load = `${figures.load} → ${load()}`;
        console.log(
          `${label}: ${typed.length} keystrokes over HTTP: p50 ${ms(figures.p50)}  p99 ${ms(figures.p99)}  max ${ms(figures.max)} (slowest ${JSON.stringify(figures.slowest)}); rss after ${mb(figures.rssAfter)} (load average ${load()})`,
        );
      }
      await server.stop();
      return figures;
    };

    const fresh = () => {
      const dir = mkdtempSync(join(tmpdir(), 'runnel-bench-search-data-'));
      dataDirs.push(dir);
      return dir;
    };
    const separateBaseline = values['from-rows'] !== 'no';
    const saving = fresh();
    const baseline = separateBaseline ? await start('baseline: index built from rows', fresh(), 'rows', true) : undefined;
    const first = await start('first start: built from rows, then saved', saving, 'saved', !separateBaseline);
    const restart = await start('restart: saved index read', saving, 'saved', true);
    const savedBytes = SEARCH_KINDS.reduce((n, k) => n + fileSize(join(saving, 'search', `${k}.segment`)), 0);
    console.log(`saved index in the data folder: ${mb(savedBytes)}`);

    console.log(`LIKE baseline next (at most ${BASELINE_SECONDS} s)`);
    const like: number[] = [];
    const baselineStarted = performance.now();
    const op = kind === 'postgres' ? sql`ilike` : sql`like`;
    for (const query of queries.slice(0, BASELINE_QUERIES)) {
      for (let i = 1; i <= query.length && performance.now() - baselineStarted < BASELINE_SECONDS * 1000; i++) {
        const words = query.slice(0, i).split(/\s+/).filter(Boolean);
        if (!words.length) continue;
        const conditions = words.map((w) => {
          const pattern = `%${w.replace(/[%_\\]/g, '')}%`;
          return sql`(title ${op} ${pattern} or artists ${op} ${pattern} or album ${op} ${pattern})`;
        });
        const t0 = performance.now();
        await sql`select kind, id, title from search_documents where kind in ('track', 'album', 'artist') and ${sql.join(conditions, sql` and `)} order by popularity desc, id limit 10`.execute(
          database.db,
        );
        like.push(performance.now() - t0);
      }
    }
    like.sort((a, b) => a - b);

    console.log(`\n${kind}, ${TRACKS.toLocaleString('en')} tracks: figure | baseline (from rows) | first start (saved) | restart (read saved) | aim`);
    const row = (name: string, f: (s: StartFigures) => string, aim: string) =>
      console.log(`${name} | ${[baseline ?? first, first, restart].map(f).join(' | ')} | ${aim}`);
    row('start to index ready', (s) => `${s.readyS.toFixed(1)} s`, AIMS.readyS ? `≤ ${AIMS.readyS} s${verdict(restart.readyS, AIMS.readyS)}` : '—');
    row('start to listening', (s) => `${s.listeningS.toFixed(1)} s`, '—');
    row('server rss when ready (peak)', (s) => `${mb(s.rss)} (${mb(s.peak)})`, `≤ ${AIMS.rssMb} MB${verdict(restart.rss / 1048576, AIMS.rssMb)}`);
    row(
      'server rss after the keystrokes',
      (s) => (s.rssAfter ? mb(s.rssAfter) : '—'),
      `≤ ${AIMS.rssMb} MB${restart.rssAfter ? verdict(restart.rssAfter / 1048576, AIMS.rssMb) : ''}`,
    );
    row('heap used / array buffers', (s) => `${mb(s.heapUsed)} / ${mb(s.arrayBuffers)}`, '—');
    row(
      'keystroke over HTTP p50 / p99',
      (s) => (s.p99 === undefined ? '—' : `${ms(s.p50!)} / ${ms(s.p99)}`),
      `p99 ≤ ${AIMS.p99Ms} ms${restart.p99 === undefined ? '' : verdict(restart.p99, AIMS.p99Ms)}`,
    );
    row('load average', (s) => s.load, '—');
    if (like.length)
      console.log(
        `LIKE (direct SQL, ${like.length} keystrokes): p50 ${ms(pct(like, 0.5))}  p99 ${ms(pct(like, 0.99))}; ratio LIKE/index over HTTP at p50 ${(pct(like, 0.5) / restart.p50!).toFixed(0)}x`,
      );
  } finally {
    await database.close();
    await remove();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

console.log(`search bench ${new Date().toISOString()}; node ${process.version}; ${TRACKS.toLocaleString('en')} tracks; load average ${load()}`);
for (const kind of kinds) await run(kind);
