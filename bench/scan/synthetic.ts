// A million synthetic tracks (no audio files) through catalog.reconcile, then the p50/p99
// of GET /albums/{id} and of the A–Z listings at that size, through the real app.
import { mkdtemp, rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../packages/server/src/app.ts';
import { createCatalog } from '../../packages/server/src/catalog/service.ts';
import type { ScannedFile, TrackTags } from '../../packages/server/src/catalog/types.ts';
import { migrate, openDatabase } from '../../packages/server/src/db/database.ts';
import { createInProcessBus } from '../../packages/server/src/events/bus.ts';
import { createMetrics } from '../../packages/server/src/http/metrics.ts';
import { systemClock } from '../../packages/server/src/time.ts';
import { tagsWith } from '../../packages/server/src/catalog/tags.ts';

const BATCH = 1000;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function tags(i: number, artists: number, albums: number): TrackTags {
  const album = Math.floor(i / 10.5) % albums;
  const artist = album % artists;
  const compilation = album % 33 === 5;
  return tagsWith({
    title: `Track ${i} ${['Zebra', 'Norway', 'Foundations', 'Kraniche', 'Schönste Zeit', '東京'][i % 6]}`,
    artists: compilation ? [`Artist ${(i * 7) % artists}`] : [`Artist ${artist}`],
    album: `Album ${album} ${['Teen Dream', 'Made of Bricks', 'Robyn', 'Verstörung'][album % 4]}`,
    albumArtists: compilation ? ['Various Artists'] : [`Artist ${artist}`],
    compilation,
    trackNumber: (i % 10) + 1,
    trackTotal: 10,
    discNumber: album % 20 === 3 && i % 10 >= 5 ? 2 : 1,
    discTotal: album % 20 === 3 ? 2 : 1,
    year: 1960 + (album % 65),
    genres: [['Pop', 'Indie', 'Techno', 'Jazz', 'Folk', 'Rock'][album % 6]!],
    durationMs: 180_000 + (i % 120_000),
    bitrate: 320_000,
    sampleRate: 44_100,
    channels: 2,
    codec: 'MPEG 1 Layer 3',
    container: 'MPEG',
    rgTrackGain: -6.5,
    rgTrackPeak: 0.98,
  });
}

export async function reconcileSynthetic(url: string, n: number, log: (line: string) => void) {
  const database = openDatabase(url);
  const dataDir = await mkdtemp(join(tmpdir(), 'runnel-bench-synth-'));
  try {
    await migrate(database.db);
    const events = createInProcessBus();
    const catalog = createCatalog({ db: database.db, events, dataDir, now: systemClock.now });
    const artists = Math.max(1, Math.round(n * 0.035));
    const albums = Math.max(1, Math.round(n / 10.5));
    const start = performance.now();
    for (let offset = 0; offset < n; offset += BATCH) {
      const batch: ScannedFile[] = [];
      for (let i = offset; i < Math.min(n, offset + BATCH); i++) {
        batch.push({
          path: `/music/synthetic/${Math.floor(i / 1000)}/${i}.mp3`,
          folderId: 'synthetic',
          size: 5_000_000 + i,
          mtimeMs: 1_700_000_000_000 + i,
          contentHash: `h${i}`,
          tags: tags(i, artists, albums),
          embeddedImage: null,
        });
      }
      await catalog.reconcile(batch, new Set());
      if ((offset / BATCH) % 100 === 99) log(`  ${offset + BATCH} tracks, ${Math.round((offset + BATCH) / ((performance.now() - start) / 1000))} tracks/s`);
    }
    const reconcileMs = performance.now() - start;
    // Measure the settled catalogue: after a million inserts PostgreSQL's autovacuum would
    // otherwise be vacuuming the new tables during the measurement. Done here once,
    // explicitly (and timed), so every run measures the same state.
    if (database.kind === 'postgres') {
      const vacuumStart = performance.now();
      await sql`vacuum analyze`.execute(database.db);
      log(`  vacuum analyze after the load: ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s`);
    }
    const albumCount = Number(
      (
        await database.db
          .selectFrom('albums')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const artistCount = Number(
      (
        await database.db
          .selectFrom('artists')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    const app = await buildApp({ db: database.db, dbKind: database.kind, events, metrics: createMetrics(), logger: false, sessionTtlS: 3600, dataDir });
    // The server answers at once and loads its search index in the background (reading every
    // album's genres); measure the steady state after that one-off load, and say how long it took.
    const searchStart = performance.now();
    await app.search.ready();
    log(`  search index loaded in the background in ${((performance.now() - searchStart) / 1000).toFixed(1)} s`);
    await app.accounts.createUser({ username: 'bench', password: 'bench-password', role: 'user', product: 'free' });
    const { access_token } = await app.accounts.login('bench', 'bench-password', '127.0.0.1', 'bench');
    const headers = { authorization: `Bearer ${access_token}` };
    const ids = (await database.db.selectFrom('albums').select('id').orderBy('id').execute()).map((r) => r.id);
    const time = async (urls: string[]) => {
      for (const url of urls.slice(0, 20)) await app.http.inject({ method: 'GET', url, headers }); // warm-up
      const samples: number[] = [];
      for (const url of urls) {
        const t0 = performance.now();
        const response = await app.http.inject({ method: 'GET', url, headers });
        samples.push(performance.now() - t0);
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
      samples.sort((a, b) => a - b);
      return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
    };
    const pick = (k: number, f: (j: number) => string) => Array.from({ length: k }, (_, j) => f(j));
    const album = await time(pick(500, (j) => `/api/v1/albums/${ids[(j * 7919) % ids.length]}`));
    const albumsAz = await time(pick(300, (j) => `/api/v1/albums?sort=name&limit=50&offset=${(j * 104_729) % Math.max(1, albumCount - 50)}`));
    const artistsAz = await time(pick(300, (j) => `/api/v1/artists?sort=name&limit=50&offset=${(j * 7_919) % Math.max(1, artistCount - 50)}`));
    await app.http.close();
    return { reconcileMs, albums: albumCount, artists: artistCount, album, albumsAz, artistsAz };
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
