/**
 * The bench's library: synthetic tracks through the real catalogue (`catalog.reconcile`, no
 * audio files), and for a few listeners stars, ratings and a year of play counts written
 * straight into the collection's and discovery's tables (bulk rows, as a year of use would
 * leave them; through the services it would take an hour of single-play transactions).
 */
import { sql } from 'kysely';
import type { App } from '../../packages/server/src/app.ts';
import type { ScannedFile, TrackTags } from '../../packages/server/src/catalog/types.ts';
import type { Db } from '../../packages/server/src/db/database.ts';
import { ALL_TIME, dayOf } from '../../packages/server/src/discovery/service.ts';
import { rng } from '../search/catalog.ts';
import { tagsWith } from '../../packages/server/src/catalog/tags.ts';

const GENRES = ['Jazz', 'Rock', 'Pop', 'Electronic', 'Hip-Hop', 'Classical', 'Folk', 'Soul', 'Blues', 'Metal', 'Reggae', 'Ambient'];
const WORDS = 'love night blue heart river moon light fire rain home road summer dance dream city gold wild young free star sun ocean'.split(' ');
const FORMATS = ['mp3', 'mp3', 'mp3', 'flac', 'flac', 'ogg', 'm4a', 'opus'];
const BITRATES = [128_000, 192_000, 256_000, 320_000, 320_000, 900_000, 1_411_000];

function tags(random: () => number, i: number, artist: number, album: number): TrackTags {
  const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const genres = [GENRES[album % GENRES.length]!, ...(random() < 0.2 ? [GENRES[Math.floor(random() * GENRES.length)]!] : [])];
  return tagsWith({
    title: `${word()} ${word()} ${i}`,
    artists: [`Artist ${artist}`],
    album: `The ${WORDS[album % WORDS.length]} album ${album}`,
    albumArtists: [`Artist ${artist}`],
    trackNumber: (i % 12) + 1,
    trackTotal: 12,
    discNumber: 1,
    discTotal: 1,
    year: random() < 0.05 ? null : 1950 + (album % 75),
    genres: [...new Set(genres)],
    durationMs: 60_000 + Math.floor(random() * 480_000),
    bitrate: BITRATES[Math.floor(random() * BITRATES.length)]!,
    sampleRate: 44_100,
    channels: 2,
  });
}

/** `n` tracks added over the last two years (the clock is moved per batch); returns their ids. */
export async function buildLibrary(app: App & { clock: { set(ms: number): void } }, n: number, now: number, log: (line: string) => void): Promise<string[]> {
  const random = rng(23);
  const ids: string[] = [];
  const batch = 1000;
  const start = performance.now();
  for (let offset = 0; offset < n; offset += batch) {
    app.clock.set(now - Math.round((1 - offset / n) * 730) * 86_400_000);
    const files: ScannedFile[] = [];
    for (let i = offset; i < Math.min(n, offset + batch); i++) {
      const album = Math.floor(i / 11);
      const artist = album % Math.max(1, Math.round(n / 40));
      const ext = FORMATS[album % FORMATS.length]!;
      files.push({
        path: `/music/Artist ${artist}/Album ${album}/${i}.${ext}`,
        folderId: 'bench',
        size: 5_000_000 + i,
        mtimeMs: 1_700_000_000_000 + i,
        contentHash: `smart-${i}`,
        tags: tags(random, i, artist, album),
        embeddedImage: null,
      });
    }
    const { trackIds } = await app.catalog.reconcile(files, new Set());
    for (const f of files) ids.push(trackIds.get(f.path)!);
    if ((offset / batch) % 20 === 19) log(`  ${offset + batch} tracks, ${Math.round((offset + batch) / ((performance.now() - start) / 1000))} tracks/s`);
  }
  app.clock.set(now);
  return ids;
}

async function insertAll(db: Db, table: 'collection_items' | 'ratings' | 'top_counts_user', rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
}

/** For this user: 5 % of tracks starred, 10 % rated, 20 % played over the last year (one to many days each). */
export async function listenerHistory(db: Db, userId: string, ids: string[], now: number, seed: number) {
  const random = rng(seed);
  const stars: Record<string, unknown>[] = [];
  const ratings: Record<string, unknown>[] = [];
  const counts: Record<string, unknown>[] = [];
  const today = dayOf(now);
  for (const id of ids) {
    if (random() < 0.05) stars.push({ user_id: userId, kind: 'star', item_id: id, added_at: now - Math.floor(random() * 3e10) });
    if (random() < 0.1) ratings.push({ user_id: userId, item_id: id, kind: 'track', rating: 1 + Math.floor(random() * 5), rated_at: now });
    if (random() < 0.2) {
      const days = new Set(Array.from({ length: 1 + Math.floor(random() * random() * 20) }, () => today - Math.floor(random() * 365)));
      let total = 0;
      let last = 0;
      for (const day of days) {
        const plays = 1 + Math.floor(random() * 3);
        total += plays;
        last = Math.max(last, day * 86_400_000 + 3_600_000);
        counts.push({ user_id: userId, kind: 'track', day, item_id: id, plays, last_at: day * 86_400_000 + 3_600_000 });
      }
      counts.push({ user_id: userId, kind: 'track', day: ALL_TIME, item_id: id, plays: total, last_at: last });
    }
  }
  await insertAll(db, 'collection_items', stars);
  await insertAll(db, 'ratings', ratings);
  await insertAll(db, 'top_counts_user', counts);
  return { stars: stars.length, ratings: ratings.length, playRows: counts.length };
}

/** Planner statistics after the bulk load, as autovacuum (PostgreSQL) or `optimize` would gather them in service. */
export async function analyze(db: Db, kind: string) {
  await sql.raw(kind === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db);
}
