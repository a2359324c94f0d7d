import type { CatalogObject } from '@runnel/api';
import { sql } from 'kysely';
import { chunks } from '../db/chunks.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { localTrack } from '../playlists/local.ts';
import type { CatalogLookup } from '../track-lookup.ts';

/** One play as the history keeps it. */
export interface PlayRow {
  id: string;
  uri: string;
  context_uri: string | null;
  played_at: number;
}

/** A point in the history: a time, and (to break ties between plays of the same ms) a play id. */
export interface HistoryCursor {
  at: number;
  id?: string;
}

export interface HistoryFilter {
  /** Newer than this (paging forward; answered oldest first). */
  after?: HistoryCursor;
  /** Older than this (paging back). */
  before?: HistoryCursor;
  /** From this moment (ms) included, to this one excluded. */
  from?: number;
  to?: number;
  /** Words that must all be in the title, artists or album. */
  q?: string;
  limit: number;
}

/** Text folded for search: accents off, lower case, one space between words. */
export const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

/** What a play is searched by: the track's title, artists and album, folded. */
export function searchText(track: CatalogObject): string {
  const t = track as { name?: string; artists?: { name?: string }[]; album?: { name?: string } };
  return fold([t.name ?? '', ...(t.artists ?? []).map((a) => a.name ?? ''), t.album?.name ?? ''].join(' '));
}

const trackId = (uri: string) => (uri.startsWith('runnel:track:') ? uri.slice('runnel:track:'.length) : null);
const local = (uri: string) => {
  try {
    return localTrack(uri);
  } catch {
    return undefined;
  }
};
const like = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const BATCH = 1000;

/**
 * The player's play history as the history module reads and fills it: pages by time,
 * filtered by dates and words; every play in order (export); imported plays; per-track
 * and per-day counts (yearly summaries). Indexed on (user, time) and (user, uri, time).
 */
export function createPlayHistory({ db, catalog }: { db: Db; catalog: CatalogLookup }) {
  const toRow = (r: { id: string; uri: string; context_uri: string | null; played_at: number }): PlayRow => ({ ...r, played_at: Number(r.played_at) });

  return {
    /** One page of a user's plays, newest first (and with `after`, the page just newer than it). */
    async page(userId: string, f: HistoryFilter): Promise<PlayRow[]> {
      let query = db.selectFrom('play_history').select(['id', 'uri', 'context_uri', 'played_at']).where('user_id', '=', userId);
      if (f.from !== undefined) query = query.where('played_at', '>=', f.from);
      if (f.to !== undefined) query = query.where('played_at', '<', f.to);
      for (const word of fold(f.q ?? '')
        .split(' ')
        .filter(Boolean))
        query = query.where(sql<boolean>`search_text like ${like(word)} escape '\\'`);
      const edge = f.after ?? f.before;
      const op = f.after ? '>' : '<';
      if (edge)
        query = query.where((eb) =>
          edge.id === undefined
            ? eb('played_at', op, edge.at)
            : eb.or([eb('played_at', op, edge.at), eb.and([eb('played_at', '=', edge.at), eb('id', op, edge.id)])]),
        );
      const dir = f.after ? 'asc' : 'desc';
      const rows = (await query.orderBy('played_at', dir).orderBy('id', dir).limit(f.limit).execute()).map(toRow);
      return f.after ? rows.reverse() : rows;
    },

    /** Every play of a user, oldest first, a batch at a time (export). */
    async *all(userId: string): AsyncIterable<PlayRow[]> {
      let last: HistoryCursor | undefined;
      for (;;) {
        let query = db.selectFrom('play_history').select(['id', 'uri', 'context_uri', 'played_at']).where('user_id', '=', userId);
        if (last) {
          const { at, id } = last;
          query = query.where((eb) => eb.or([eb('played_at', '>', at), eb.and([eb('played_at', '=', at), eb('id', '>', id!)])]));
        }
        const rows = (await query.orderBy('played_at').orderBy('id').limit(BATCH).execute()).map(toRow);
        if (rows.length) yield rows;
        if (rows.length < BATCH) return;
        last = { at: rows.at(-1)!.played_at, id: rows.at(-1)!.id };
      }
    },

    /**
     * Adds imported plays that are not in the history yet: the same uri within the same second
     * is the same play (ListenBrainz dates listens to the second). Returns the plays added.
     */
    async addImported<P extends { uri: string; played_at: number; search_text: string }>(userId: string, plays: P[]): Promise<P[]> {
      if (!plays.length) return [];
      const second = (uri: string, at: number) => `${Math.floor(at / 1000)}|${uri}`;
      return db.transaction().execute(async (trx) => {
        const times = plays.map((p) => p.played_at);
        const from = Math.floor(Math.min(...times) / 1000) * 1000;
        const to = Math.floor(Math.max(...times) / 1000) * 1000 + 1000;
        const existing = await trx
          .selectFrom('play_history')
          .select(['uri', 'played_at'])
          .where('user_id', '=', userId)
          .where('played_at', '>=', from)
          .where('played_at', '<', to)
          .execute();
        const seen = new Set(existing.map((r) => second(r.uri, Number(r.played_at))));
        const added = plays.filter((p) => !seen.has(second(p.uri, p.played_at)) && seen.add(second(p.uri, p.played_at)));
        for (const part of chunks(added, 300))
          await trx
            .insertInto('play_history')
            .values(
              part.map((p) => ({
                id: newId(),
                user_id: userId,
                uri: p.uri,
                context_uri: null,
                played_at: p.played_at,
                client_id: null,
                search_text: p.search_text,
              })),
            )
            .execute();
        return added;
      });
    },

    /** How often each uri was played in [from, to). */
    async perTrack(userId: string, from: number, to: number): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('play_history')
        .select(['uri', (eb) => eb.fn.countAll<number>().as('n')])
        .where('user_id', '=', userId)
        .where('played_at', '>=', from)
        .where('played_at', '<', to)
        .groupBy('uri')
        .execute();
      return new Map(rows.map((r) => [r.uri, Number(r.n)]));
    },

    /** The uris a user played before a moment. */
    async playedBefore(userId: string, before: number): Promise<Set<string>> {
      const rows = await db.selectFrom('play_history').select('uri').distinct().where('user_id', '=', userId).where('played_at', '<', before).execute();
      return new Set(rows.map((r) => r.uri));
    },

    /**
     * Plays per span of `span` ms in [from, to), keyed by spans since `from`: a UTC day's
     * plays with `span` a day, or a quarter hour's, which a caller sums into days of any zone.
     */
    async perSpan(userId: string, from: number, to: number, span: number): Promise<Map<number, number>> {
      // Whole spans (node:sqlite binds numbers as reals); grouped by position, as PostgreSQL sees two bound `from`s as different.
      const index = sql<number>`cast((played_at - ${from}) / ${span} as integer)`;
      const rows = await db
        .selectFrom('play_history')
        .select([index.as('span'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('user_id', '=', userId)
        .where('played_at', '>=', from)
        .where('played_at', '<', to)
        .groupBy(sql`1`)
        .execute();
      return new Map(rows.map((r) => [Number(r.span), Number(r.n)]));
    },

    /** Fills `search_text` of plays recorded before it was kept, a batch at a time (run at start, in the background). */
    async fillSearchText(): Promise<number> {
      let filled = 0;
      for (let lastId = ''; ;) {
        const rows = await db
          .selectFrom('play_history')
          .select(['id', 'uri'])
          .where('search_text', 'is', null)
          .where('id', '>', lastId)
          .orderBy('id')
          .limit(500)
          .execute();
        if (!rows.length) return filled;
        lastId = rows.at(-1)!.id;
        const ids = [...new Set(rows.map((r) => trackId(r.uri)).filter((id): id is string => id !== null))];
        const found = ids.length ? await catalog.tracks(ids) : new Map<string, CatalogObject>();
        await db.transaction().execute(async (trx) => {
          for (const row of rows) {
            const id = trackId(row.uri);
            const track = id === null ? local(row.uri) : found.get(id);
            await trx
              .updateTable('play_history')
              .set({ search_text: track ? searchText(track) : '' })
              .where('id', '=', row.id)
              .execute();
          }
        });
        filled += rows.length;
      }
    },
  };
}

export type PlayHistory = ReturnType<typeof createPlayHistory>;
