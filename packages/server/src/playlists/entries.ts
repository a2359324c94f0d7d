import { PostgresAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlaylistEntriesTable } from './tables.ts';
import { chunks } from '../db/chunks.ts';

type Q = Kysely<Database>;

/** Distance between neighbouring position keys when a playlist is (re)numbered. */
export const GAP = 65536;
const CHUNK = 400;

/**
 * `count` increasing keys strictly between `after` and `before` (null: open end), or null
 * when doubles between the two cannot hold that many distinct keys (time to renumber).
 */
export function keysBetween(after: number | null, before: number | null, count: number): number[] | null {
  const keys: number[] = [];
  for (let i = 1; i <= count; i += 1) {
    if (after === null && before === null) keys.push(i * GAP);
    else if (after === null) keys.push(before! - (count + 1 - i) * GAP);
    else if (before === null) keys.push(after + i * GAP);
    else keys.push(after + ((before - after) * i) / (count + 1));
  }
  let previous = after ?? -Infinity;
  for (const key of keys) {
    if (!(key > previous) || !Number.isFinite(key)) return null;
    previous = key;
  }
  if (before !== null && !(previous < before)) return null;
  return keys;
}

/** The catalogue track id in an entry's uri (`runnel:track:<id>`); null for a local file. */
export const trackIdOf = (uri: string): string | null => (uri.startsWith('runnel:track:') ? uri.slice('runnel:track:'.length) : null);

export type EntryRow = Pick<PlaylistEntriesTable, 'id' | 'pos' | 'uri'>;

type EntriesQuery = SelectQueryBuilder<Database, 'playlist_entries', object>;

/**
 * Reads entries by index. An offset query walks the order index up to the offset, so an
 * index in the second half is read from the end instead (the index walked backwards):
 * no read walks more than half the playlist.
 */
async function walk<R>(
  db: Q,
  playlistId: string,
  offset: number,
  limit: number,
  count: number,
  columns: (q: EntriesQuery) => SelectQueryBuilder<Database, 'playlist_entries', R>,
): Promise<R[]> {
  const base = columns(db.selectFrom('playlist_entries').where('playlist_id', '=', playlistId));
  if (offset + limit / 2 <= count / 2 || offset >= count) return base.orderBy('pos').orderBy('id').limit(limit).offset(offset).execute();
  const take = Math.min(limit, count - offset);
  const rows = await base
    .orderBy('pos', 'desc')
    .orderBy('id', 'desc')
    .limit(take)
    .offset(count - offset - take)
    .execute();
  return rows.reverse();
}

/** Ordered storage of a playlist's entries: every write touches only the rows it places. */
export const entryStore = {
  /**
   * `limit` entries from index `offset`, in order, and the playlist's length, read by one
   * statement (one snapshot, one round trip). `lengthHint` (the length as last seen) picks
   * the end to walk from; if the playlist changed length meanwhile and that choice
   * mattered, the page is read again with the length it reported.
   */
  async page(db: Q, playlistId: string, offset: number, limit: number, lengthHint: number): Promise<{ rows: PlaylistEntriesTable[]; total: number }> {
    const length = db.selectFrom('playlists').select('item_count').where('id', '=', playlistId);
    for (let hint = lengthHint, tries = 0; ; tries += 1) {
      const found = await walk(db, playlistId, offset, limit, hint, (q) => q.selectAll().select(length.as('total')));
      if (!found.length) return { rows: [], total: Number((await length.executeTakeFirst())?.item_count ?? 0) };
      const total = Number(found[0]!.total);
      const forward = offset + limit / 2 <= hint / 2 || offset >= hint;
      if (total === hint || forward || tries === 2) return { rows: found.map(({ total: _, ...row }) => row), total };
      hint = total;
    }
  },

  /** id, pos and uri of `limit` entries from index `offset`. */
  slice: (db: Q, playlistId: string, offset: number, limit: number, count: number): Promise<EntryRow[]> =>
    walk(db, playlistId, offset, limit, count, (q) => q.select(['id', 'pos', 'uri'])),

  /** Up to `limit` entries just below or above key `pos`, nearest first. */
  beside: (db: Q, playlistId: string, pos: number, direction: 'below' | 'above', limit: number) =>
    direction === 'below'
      ? db
          .selectFrom('playlist_entries')
          .select(['id', 'pos'])
          .where('playlist_id', '=', playlistId)
          .where('pos', '<', pos)
          .orderBy('pos', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      : db
          .selectFrom('playlist_entries')
          .select(['id', 'pos'])
          .where('playlist_id', '=', playlistId)
          .where('pos', '>', pos)
          .orderBy('pos')
          .orderBy('id')
          .limit(limit)
          .execute(),

  last: (db: Q, playlistId: string) =>
    db
      .selectFrom('playlist_entries')
      .select(['id', 'pos', 'uri'])
      .where('playlist_id', '=', playlistId)
      .orderBy('pos', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),

  async positionsOf(db: Q, playlistId: string, ids: string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const part of chunks(ids, CHUNK)) {
      // By primary key alone: with playlist_id in the filter SQLite would scan the playlist's order index.
      const rows = await db.selectFrom('playlist_entries').select(['id', 'pos', 'playlist_id']).where('id', 'in', part).execute();
      for (const row of rows) if (row.playlist_id === playlistId) found.set(row.id, row.pos);
    }
    return found;
  },

  /** Entries holding any of `uris`, with their index in the playlist (one pass over the playlist). */
  async withUris(db: Q, playlistId: string, uris: string[]): Promise<{ id: string; idx: number }[]> {
    const result = await sql<{ id: string; idx: number }>`
      select id, idx from (
        select id, uri, row_number() over (order by pos, id) - 1 as idx
        from playlist_entries where playlist_id = ${playlistId}
      ) ranked where uri in (${sql.join(uris)}) order by idx`.execute(db);
    return result.rows.map((r) => ({ id: r.id, idx: Number(r.idx) }));
  },

  async insert(db: Q, rows: PlaylistEntriesTable[]) {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      // One array per column: eight parameters however many rows (PostgreSQL parses and binds far less).
      const column = <K extends keyof PlaylistEntriesTable>(key: K) => rows.map((r) => r[key]);
      await sql`insert into playlist_entries (id, playlist_id, pos, uri, track_id, duration_ms, added_by, added_at)
        select * from unnest(${column('id')}::text[], ${column('playlist_id')}::text[], ${column('pos')}::float8[], ${column('uri')}::text[],
          ${column('track_id')}::text[], ${column('duration_ms')}::integer[], ${column('added_by')}::text[], ${column('added_at')}::bigint[])`.execute(db);
      return;
    }
    for (const part of chunks(rows, 100)) await db.insertInto('playlist_entries').values(part).execute();
  },

  /** Sets new position keys on a set of entries in one statement per chunk. */
  async reposition(db: Q, moves: { id: string; pos: number }[]) {
    for (const part of chunks(moves, CHUNK)) {
      const values = sql.join(part.map((m) => sql`(cast(${m.id} as text), cast(${m.pos} as double precision))`));
      await sql`with v(id, pos) as (values ${values})
        update playlist_entries set pos = v.pos from v where playlist_entries.id = v.id`.execute(db);
    }
  },

  /**
   * Deletes entries by id (ids the caller resolved within this playlist; by primary key, see
   * positionsOf); returns how many of them were catalogue tracks and their total duration.
   */
  async remove(db: Q, ids: string[]): Promise<{ tracks: number; durationMs: number }> {
    const removed = { tracks: 0, durationMs: 0 };
    for (const part of chunks(ids, CHUNK)) {
      const rows = await db.deleteFrom('playlist_entries').where('id', 'in', part).returning(['track_id', 'duration_ms']).execute();
      for (const row of rows) {
        if (row.track_id !== null) removed.tracks += 1;
        removed.durationMs += Number(row.duration_ms ?? 0);
      }
    }
    return removed;
  },

  /** Renumbers the whole playlist to evenly spaced keys: the rare fallback when a gap is used up. */
  async renumber(db: Q, playlistId: string) {
    await sql`update playlist_entries set pos = r.rn * ${GAP}
      from (select id, row_number() over (order by pos, id) as rn from playlist_entries where playlist_id = ${playlistId}) r
      where playlist_entries.id = r.id`.execute(db);
  },
};
