import type { CatalogObject } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, notFound } from '../errors.ts';

/** What the radio needs of the catalogue and playlists (their modules' interfaces, wired in app.ts). */
export interface RadioSources {
  tracks(ids: string[]): Promise<Map<string, CatalogObject>>;
  /** A seed's name (404 when unknown or not visible to the user). */
  name(kind: SeedKind, id: string, userId: string): Promise<string | undefined>;
  albumTrackIds(albumId: string): Promise<string[]>;
  artistTrackIds(artistId: string, limit: number): Promise<string[]>;
  genreTrackIds(genre: string, count: number): Promise<string[]>;
  /** Any tracks of the library, at random: what keeps a station going when its own candidates run out. */
  randomTrackIds(count: number): Promise<string[]>;
  playlistTrackIds(playlistId: string, userId: string, limit: number): Promise<string[]>;
}

export type SeedKind = 'track' | 'album' | 'artist' | 'playlist' | 'genre';
type Track = CatalogObject & { artists?: { id?: string | null }[]; genres?: string[] };

/** How much each way of finding a track counts. */
const WEIGHT = { coPlayed: 3, sameArtist: 2, seed: 1.5, sameGenre: 1, anything: 0.3 };

/**
 * Radio: an endless station from a seed (track, album, artist, playlist or genre). Each
 * call returns the next tracks: ones people played together with the seed's tracks
 * (co_plays), the seed artists' other tracks, the seed's own tracks, and tracks of its main
 * genre — drawn at random by weight, leaving out what the station already played and what
 * the listener voted down; artists they voted up count double, down a third. When those
 * run out, any tracks of the library keep it going, and once everything has played it
 * starts over (not with the last few).
 */
export function createRadio({ db, sources, random = Math.random }: { db: Db; sources: RadioSources; random?: () => number }) {
  async function seedTracks(kind: SeedKind, id: string, userId: string): Promise<string[]> {
    if (kind === 'track') return [id];
    if (kind === 'album') return sources.albumTrackIds(id);
    if (kind === 'artist') return sources.artistTrackIds(id, 40);
    if (kind === 'playlist') return sources.playlistTrackIds(id, userId, 200);
    return sources.genreTrackIds(id, 40);
  }

  return {
    /**
     * The station's next `limit` tracks, leaving out `exclude` (what it played). With `fill`
     * false only related tracks come (similar songs): no library-wide filler, no starting over.
     */
    async station(userId: string, seed: string, limit: number, exclude: string[], { fill = true }: { fill?: boolean } = {}) {
      const match = /^runnel:(track|album|artist|playlist|genre):(.{1,200})$/.exec(seed);
      if (!match) throw badRequest('seed must be a runnel: track, album, artist, playlist or genre uri', 'invalid_seed');
      const kind = match[1] as SeedKind;
      const id = kind === 'genre' ? decodeURIComponent(match[2]!) : match[2]!;
      const name = await sources.name(kind, id, userId);
      if (name === undefined) throw notFound('Seed', 'seed_not_found');

      const seeds = (await seedTracks(kind, id, userId)).slice(0, 200);
      const seedObjects = await sources.tracks(seeds.slice(0, 50));
      const votes = await db.selectFrom('radio_votes').select(['track_id', 'vote']).where('user_id', '=', userId).execute();
      const down = new Set(votes.filter((v) => v.vote < 0).map((v) => v.track_id));
      const up = votes.filter((v) => v.vote > 0).map((v) => v.track_id);

      const weight = new Map<string, number>();
      const add = (trackId: string, w: number) => weight.set(trackId, (weight.get(trackId) ?? 0) + w);
      if (kind !== 'track') for (const t of seeds) add(t, WEIGHT.seed);
      const together = await db
        .selectFrom('co_plays')
        .select(['next_id', 'plays'])
        .where('track_id', 'in', [...seeds.slice(0, 50), ...up.slice(0, 50)])
        .orderBy('plays', 'desc')
        .limit(300)
        .execute();
      for (const row of together) add(row.next_id, WEIGHT.coPlayed * Math.log2(1 + Number(row.plays)));
      const artists = count([...seedObjects.values()].flatMap((t) => ((t as Track).artists ?? []).map((a) => a.id).filter((a): a is string => !!a)));
      for (const artist of artists.slice(0, 3)) for (const t of await sources.artistTrackIds(artist, 30)) add(t, WEIGHT.sameArtist);
      const genre = kind === 'genre' ? id : count([...seedObjects.values()].flatMap((t) => (t as Track).genres ?? []))[0];
      if (genre) for (const t of await sources.genreTrackIds(genre, 60)) add(t, WEIGHT.sameGenre);

      // Its own candidates all played: anything from the library keeps the station going.
      let played = new Set(exclude);
      const fresh = () => [...weight].filter(([t]) => !played.has(t) && !down.has(t));
      if (fill && !fresh().length) for (const t of await sources.randomTrackIds(limit * 2)) if (!weight.has(t)) add(t, WEIGHT.anything);
      // Everything played already (a small library): start over, but not with the last few.
      if (fill && !fresh().length) played = new Set(exclude.slice(-Math.min(20, Math.floor(weight.size / 2))));
      const pool = fresh();
      // Steering by votes: look up the candidates' artists once.
      const objects = await sources.tracks(pool.slice(0, 400).map(([t]) => t));
      const liked = artistIds(await sources.tracks(up.slice(0, 50)));
      const disliked = artistIds(await sources.tracks([...down].slice(0, 50)));
      const scored = pool
        .filter(([t]) => objects.has(t))
        .map(([t, w]) => {
          const by = ((objects.get(t) as Track).artists ?? []).map((a) => a.id);
          const factor = by.some((a) => a && disliked.has(a)) ? 1 / 3 : by.some((a) => a && liked.has(a)) ? 2 : 1;
          return { id: t, w: w * factor };
        });
      // A track's station starts with that track.
      const first = kind === 'track' && !played.has(id) && !down.has(id) ? [id] : [];
      const picked = spreadArtists(
        draw(
          scored.filter((c) => !first.includes(c.id)),
          limit - first.length,
          random,
        ),
        objects,
      );
      const found = first.length ? await sources.tracks(first) : new Map<string, CatalogObject>();
      const tracks = [...first.filter((t) => found.has(t)).map((t) => found.get(t)!), ...picked.map((t) => objects.get(t)!)];
      return { seed: { uri: seed, type: kind, name }, tracks };
    },

    /** A thumbs up or down (or none, to take it back) on a track, for this listener's radio. */
    async vote(userId: string, trackId: string, vote: 'up' | 'down' | 'none') {
      if (vote === 'none') {
        await db.deleteFrom('radio_votes').where('user_id', '=', userId).where('track_id', '=', trackId).execute();
        return;
      }
      const value = vote === 'up' ? 1 : -1;
      await db
        .insertInto('radio_votes')
        .values({ user_id: userId, track_id: trackId, vote: value })
        .onConflict((oc) => oc.columns(['user_id', 'track_id']).doUpdateSet({ vote: value }))
        .execute();
    },

    /** This listener's votes among these tracks. */
    async votes(userId: string, trackIds: string[]): Promise<Map<string, 'up' | 'down'>> {
      if (!trackIds.length) return new Map();
      const rows = await db
        .selectFrom('radio_votes')
        .select(['track_id', 'vote'])
        .where('user_id', '=', userId)
        .where('track_id', 'in', trackIds.slice(0, 500))
        .execute();
      return new Map(rows.map((r) => [r.track_id, r.vote > 0 ? 'up' : 'down']));
    },
  };
}

/** Items by how often they occur, most first. */
function count(items: string[]): string[] {
  const n = new Map<string, number>();
  for (const item of items) n.set(item, (n.get(item) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1]).map(([item]) => item);
}

const artistIds = (tracks: Map<string, CatalogObject>) =>
  new Set([...tracks.values()].flatMap((t) => ((t as Track).artists ?? []).map((a) => a.id).filter((a): a is string => !!a)));

/** `k` ids drawn at random, each in proportion to its weight, without repeats (Efraimidis–Spirakis keys). */
function draw(items: { id: string; w: number }[], k: number, random: () => number): string[] {
  return items
    .map((item) => ({ id: item.id, key: Math.pow(random(), 1 / Math.max(item.w, 1e-6)) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, k)
    .map((item) => item.id);
}

/** Reorders so that the same artist does not play twice in a row where that can be avoided. */
function spreadArtists(ids: string[], objects: Map<string, CatalogObject>): string[] {
  const artistOf = (id: string) => ((objects.get(id) as Track | undefined)?.artists ?? [])[0]?.id ?? id;
  const left = [...ids];
  const out: string[] = [];
  while (left.length) {
    const previous = out.length ? artistOf(out[out.length - 1]!) : undefined;
    const at = left.findIndex((id) => artistOf(id) !== previous);
    out.push(...left.splice(at === -1 ? 0 : at, 1));
  }
  return out;
}

export type Radio = ReturnType<typeof createRadio>;
