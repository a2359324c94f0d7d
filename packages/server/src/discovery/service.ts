import type { CatalogObject, TimeRange, TopList } from '@runnel/api';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { page } from '../paging.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import type { TopCountsTable } from './tables.ts';
import { chunks } from '../db/chunks.ts';

export type TopKind = TopCountsTable['kind'];
type Counts = SelectQueryBuilder<Database, 'top_counts', object>;

/** The `day` of the all-time counts. */
export const ALL_TIME = -1;
const DAY_MS = 86_400_000;
/** Days since 1970-01-01 (UTC) of a moment. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
/** Days counted by a range, today included. */
const DAYS: Record<Exclude<TimeRange, 'all_time'>, number> = { week: 7, month: 30 };
/** Two plays by one person this close together were played together. */
const TOGETHER_MS = 30 * 60_000;
/** Ids per `in (...)` list: well under SQLite's and PostgreSQL's bound-parameter limits. */
const IN_CHUNK = 900;
const PATH: Record<TopKind, string> = { track: 'tracks', album: 'albums', artist: 'artists' };

export interface DiscoveryDeps {
  db: Db;
  catalog: CatalogLookup;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
}

/**
 * The discovery module's top lists: plays counted as they are reported (by the player),
 * per track, album and artist, per day and for all time, for everyone and for each user.
 * A list reads at most 30 days of counts, never the play history.
 */
export function createDiscovery({ db, catalog, now }: DiscoveryDeps) {
  const lookup = (kind: TopKind, ids: string[]): Promise<Map<string, CatalogObject>> =>
    kind === 'album' ? catalog.albums(ids) : kind === 'artist' ? catalog.artists(ids) : catalog.tracks(ids);

  /** Everyone's counts (`userId` null) or one user's: both tables have kind, day, item_id and plays, which is all a reader needs. */
  const countsOf = (userId: string | null): Counts =>
    userId === null ? db.selectFrom('top_counts') : (db.selectFrom('top_counts_user').where('user_id', '=', userId) as unknown as Counts);

  /** Ids of one page of a list, most played first (ties by id), and how many items it has. */
  async function rank(kind: TopKind, range: TimeRange, userId: string | null, limit: number, offset: number) {
    const counts = countsOf(userId);
    const scoped = counts.where('kind', '=', kind);
    if (range === 'all_time') {
      const rows = scoped.where('day', '=', ALL_TIME);
      const [page, total] = await Promise.all([
        rows.select(['item_id', 'plays']).orderBy('plays', 'desc').orderBy('item_id').limit(limit).offset(offset).execute(),
        rows.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { ids: page.map((r) => r.item_id), total: Number(total.n) };
    }
    const rows = scoped.where('day', '>=', dayOf(now()) - DAYS[range] + 1);
    const [page, total] = await Promise.all([
      rows
        .select((eb) => ['item_id', eb.fn.sum<number>('plays').as('sum')])
        .groupBy('item_id')
        .orderBy('sum', 'desc')
        .orderBy('item_id')
        .limit(limit)
        .offset(offset)
        .execute(),
      rows.select((eb) => eb.fn.count<number>('item_id').distinct().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { ids: page.map((r) => r.item_id), total: Number(total.n) };
  }

  return {
    /** Counts one play of a catalogue track (as the player found it), for it, its album and its artists. */
    async recordPlay(userId: string, played: CatalogObject, at: number): Promise<void> {
      const track = played as CatalogObject & { album?: { id?: string | null }; artists?: { id?: string | null }[] };
      const trackId = track.id;
      if (!trackId) return;
      const items = new Map<string, TopKind>([[trackId, 'track']]);
      if (track.album?.id) items.set(`album:${track.album.id}`, 'album');
      for (const artist of track.artists ?? []) if (artist.id) items.set(`artist:${artist.id}`, 'artist');
      // A play reported with a time still to come counts today (and as played now).
      const playedAt = Math.min(at, now());
      const day = dayOf(playedAt);
      const rows = [...items].flatMap(([key, kind]) =>
        [day, ALL_TIME].map((day) => ({ kind, day, item_id: kind === 'track' ? key : key.slice(kind.length + 1), plays: 1 })),
      );
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('top_counts')
          .values(rows)
          .onConflict((oc) => oc.columns(['kind', 'day', 'item_id']).doUpdateSet((eb) => ({ plays: eb(eb.ref('top_counts.plays'), '+', 1) })))
          .execute();
        await trx
          .insertInto('top_counts_user')
          .values(rows.map((r) => ({ ...r, user_id: userId, last_at: playedAt })))
          .onConflict((oc) =>
            oc.columns(['user_id', 'kind', 'day', 'item_id']).doUpdateSet((eb) => ({
              plays: eb(eb.ref('top_counts_user.plays'), '+', 1),
              // A scrobble sent late may be older than the last play already counted.
              last_at: sql<number>`case when excluded.last_at > top_counts_user.last_at then excluded.last_at else top_counts_user.last_at end`,
            })),
          )
          .execute();
        // What people play together (radio): this play and the user's previous one, if recent.
        const last = await trx.selectFrom('last_plays').select(['track_id', 'at']).where('user_id', '=', userId).executeTakeFirst();
        if (last && last.track_id !== trackId && at >= Number(last.at) && at - Number(last.at) <= TOGETHER_MS) {
          await trx
            .insertInto('co_plays')
            .values([
              { track_id: last.track_id, next_id: trackId, plays: 1 },
              { track_id: trackId, next_id: last.track_id, plays: 1 },
            ])
            .onConflict((oc) => oc.columns(['track_id', 'next_id']).doUpdateSet((eb) => ({ plays: eb(eb.ref('co_plays.plays'), '+', 1) })))
            .execute();
        }
        if (!last || at >= Number(last.at)) {
          await trx
            .insertInto('last_plays')
            .values({ user_id: userId, track_id: trackId, at })
            .onConflict((oc) => oc.column('user_id').doUpdateSet({ track_id: trackId, at }))
            .execute();
        }
      });
    },

    /**
     * The most played of these items (all time; everyone's, or one user's), most first (ties
     * by id), at most `limit`; unplayed items are left out. Reads counts, never the history.
     */
    async mostPlayed(kind: TopKind, ids: string[], userId: string | null, limit: number): Promise<string[]> {
      if (limit <= 0) return [];
      const counts = countsOf(userId);
      const found: { item_id: string; plays: number }[] = [];
      for (const part of chunks([...new Set(ids)], IN_CHUNK)) {
        found.push(
          ...(await counts
            .where('kind', '=', kind)
            .where('day', '=', ALL_TIME)
            .where('item_id', 'in', part)
            .select(['item_id', 'plays'])
            .orderBy('plays', 'desc')
            .orderBy('item_id')
            .limit(limit)
            .execute()),
        );
      }
      return found
        .sort((a, b) => Number(b.plays) - Number(a.plays) || (a.item_id < b.item_id ? -1 : 1))
        .slice(0, limit)
        .map((r) => r.item_id);
    },

    /**
     * Every item of a kind one user has played (all time), from their kept counts: most played
     * first (then last played first) or last played first; ties by id. Subsonic's `frequent`
     * and `recent` album lists read it.
     */
    async playedBy(userId: string, kind: TopKind, order: 'plays' | 'last'): Promise<string[]> {
      let rows = db.selectFrom('top_counts_user').select('item_id').where('user_id', '=', userId).where('kind', '=', kind).where('day', '=', ALL_TIME);
      if (order === 'plays') rows = rows.orderBy('plays', 'desc');
      return (await rows.orderBy('last_at', 'desc').orderBy('item_id').execute()).map((r) => r.item_id);
    },

    /**
     * A top list, Spotify-paged: everyone's (`userId` null) or one user's, of the last week,
     * month or all time. Items the catalogue no longer has are left out of the page.
     */
    async top(kind: TopKind, range: TimeRange, userId: string | null, limit: number, offset: number): Promise<TopList> {
      const { ids, total } = await rank(kind, range, userId, limit, offset);
      const found = ids.length ? await lookup(kind, ids) : new Map<string, CatalogObject>();
      const items = ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
      return page(`/api/v1/${userId === null ? 'browse' : 'me'}/top/${PATH[kind]}`, items, limit, offset, total, `&time_range=${range}`);
    },
  };
}

export type Discovery = ReturnType<typeof createDiscovery>;
