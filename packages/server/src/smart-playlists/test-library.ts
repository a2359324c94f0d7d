import type { CatalogObject } from '@runnel/api';
import type { ScannedFile, TrackTags } from '../catalog/types.ts';
import type { TestApp } from '../testing/app.ts';
import { DAY_MS } from './dates.ts';
import { tagsWith } from '../catalog/tags.ts';

/** A small fast PRNG (mulberry32): the same seed gives the same library and the same rules. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export type Random = ReturnType<typeof rng>;
export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
export const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** Everything the rules can see of one track for one user: what the brute force filters. */
export interface TrackFacts {
  id: string;
  title: string;
  artist: string;
  album: string;
  albumartist: string;
  genres: string[];
  format: string;
  path: string;
  year: number | null;
  durationMs: number;
  /** Bits per second. */
  bitrate: number | null;
  addedAt: number;
  starred: boolean;
  rating: number;
  /** When the user played it (ms), each play. */
  plays: number[];
}

// Words with LIKE's wildcards and its escape in them, and accents in both cases (only ASCII
// letters' case is ignored, on both databases: README, "Text").
const WORDS = ['love', 'night', 'blue', 'Jazz', 'song', 'River', 'café', 'Déjà', 'ÉTÉ', 'été', '100%', 'a_b', 'back\\slash', 'Moon', 'sun', 'LIGHT', 'road'];
const ARTISTS = ['Miles Davis', 'Bill Evans', 'Nina Simone', 'Robyn', 'Beach House', 'Kate Nash', 'John Coltrane', 'mono', 'The XX', 'Sade'];
const GENRES = ['Jazz', 'Bebop', 'Pop', 'Dream Pop', 'Folk', 'Soul'];
const FORMATS = ['mp3', 'flac', 'ogg', 'm4a'];

function tags(random: Random, title: string, artist: string, album: string, albumArtist: string): TrackTags {
  const genres = [...new Set(Array.from({ length: int(random, 0, 2) }, () => pick(random, GENRES)))];
  return tagsWith({
    title,
    artists: [artist],
    album,
    albumArtists: [albumArtist],
    trackNumber: int(random, 1, 12),
    discNumber: 1,
    year: random() < 0.15 ? null : int(random, 1950, 2024),
    genres,
    durationMs: int(random, 20_000, 600_000),
    bitrate: random() < 0.2 ? null : pick(random, [96_000, 128_000, 192_000, 256_000, 320_000, 320_500, 1_411_000]),
    sampleRate: 44_100,
    channels: 2,
  });
}

/**
 * A random library in the real catalogue (through `catalog.reconcile`, no audio files) added
 * over two years, a few tracks removed again, and for `user` (and, to be ignored, `other`)
 * random stars, ratings and plays over the last 120 days. Returns the facts the rules see.
 */
export async function randomLibrary(t: TestApp, random: Random, size: number, user: string, other: string): Promise<{ facts: TrackFacts[]; now: number }> {
  const now = Date.UTC(2026, 5, 15, 13, 30);
  const albums = Array.from({ length: Math.ceil(size / 6) }, (_, i) => ({ name: `${pick(random, WORDS)} ${i}`, artist: pick(random, ARTISTS) }));
  const facts: TrackFacts[] = [];
  const batches = 8;
  for (let b = 0; b < batches; b++) {
    t.clock.set(now - (batches - b) * 90 * DAY_MS + int(random, 0, 80) * DAY_MS);
    const files: ScannedFile[] = [];
    for (let i = 0; i < size / batches; i++) {
      const n = facts.length + files.length;
      const album = pick(random, albums);
      const title = Array.from({ length: int(random, 1, 3) }, () => pick(random, WORDS)).join(' ');
      const artist = random() < 0.7 ? album.artist : pick(random, ARTISTS);
      const path = `/music/smart/${album.name}/${n} ${title}.${pick(random, FORMATS)}`;
      files.push({
        path,
        folderId: 'smart',
        size: 1000 + n,
        mtimeMs: n,
        contentHash: `smart-${n}`,
        tags: tags(random, title, artist, album.name, album.artist),
        embeddedImage: null,
      });
    }
    const { trackIds } = await t.catalog.reconcile(files, new Set());
    const places = await t.catalog.trackPlaces([...trackIds.values()]);
    for (const file of files) {
      const id = trackIds.get(file.path)!;
      const place = places.get(id)!;
      const tg = file.tags;
      facts.push({
        id,
        title: tg.title!,
        artist: tg.artists[0]!,
        album: tg.album!,
        albumartist: tg.albumArtists[0]!,
        genres: tg.genres,
        format: file.path.slice(file.path.lastIndexOf('.') + 1),
        path: place.path,
        year: tg.year,
        durationMs: tg.durationMs,
        bitrate: tg.bitrate,
        addedAt: place.createdAt,
        starred: false,
        rating: 0,
        plays: [],
      });
    }
  }
  t.clock.set(now);
  // Some tracks leave the catalogue: no rule may match them.
  const gone = facts.filter(() => random() < 0.05);
  await t.catalog.remove(gone.map((f) => f.path));
  const present = facts.filter((f) => !gone.includes(f));
  await listens(t, random, present, user, now, true);
  await listens(t, random, present, other, now, false);
  return { facts: present, now };
}

async function listens(t: TestApp, random: Random, facts: TrackFacts[], userId: string, now: number, record: boolean) {
  const starred = facts.filter(() => random() < 0.25);
  if (starred.length)
    await t.collection.save(
      userId,
      'star',
      starred.map((f) => f.id),
    );
  for (const f of facts) {
    const rating = random() < 0.4 ? int(random, 1, 5) : 0;
    if (rating) await t.collection.rate(userId, 'track', f.id, rating);
    const plays = random() < 0.5 ? 0 : int(random, 1, 4);
    for (let p = 0; p < plays; p++) {
      const at = now - int(random, 0, 120 * 24) * 3_600_000 - int(random, 0, 3_599_999);
      await t.discovery.recordPlay(userId, { id: f.id, type: 'track', uri: `runnel:track:${f.id}` } as CatalogObject, at);
      if (record) f.plays.push(at);
    }
    if (record) {
      f.rating = rating;
      f.starred = starred.includes(f);
    }
  }
}
