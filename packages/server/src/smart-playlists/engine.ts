import { sql, type RawBuilder } from 'kysely';
import type { SmartCount, SmartDefinition } from '@runnel/api';
import type { Db, DbKind } from '../db/database.ts';
import { catalogSmartFields as catalog } from '../catalog/smart-fields.ts';
import { compile } from './compile.ts';

const HOUR_MS = 3_600_000;
/** FNV-1a: a small, stable hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface EngineDeps {
  db: Db;
  dbKind: DbKind;
  /** The time now (ms since the epoch): "in the last N days" counts back from it. */
  now: () => number;
}

/**
 * Evaluates smart playlist definitions for a user, each read one SQL statement compiled
 * from the rules (compile.ts): nothing is stored, so the result follows the catalogue,
 * stars, ratings and plays as they are at the moment of reading.
 */
export function createSmartEngine({ db, dbKind, now }: EngineDeps) {
  /** A `random` sort's shuffle (compile.ts) changes every hour, and differs between listeners and playlists. */
  const viewer = (userId: string, definition: SmartDefinition) => {
    const at = now();
    return { userId, now: at, dbKind, shuffle: hash(`${userId}:${JSON.stringify(definition)}:${Math.floor(at / HOUR_MS)}`) % 32 };
  };

  /**
   * Runs a compiled query. On PostgreSQL without parallel workers: each worker would build
   * every IN (…) set again, and a scan of 100k rows gains nothing from them (bench/smart:
   * 2–2.5× faster counts without).
   */
  async function run<R>(query: RawBuilder<R>): Promise<R[]> {
    if (dbKind !== 'postgres') return (await query.execute(db)).rows;
    return db.transaction().execute(async (trx) => {
      await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      return (await query.execute(trx)).rows;
    });
  }

  /** The definition's tracks, as a subquery of their ids and durations, in order and cut to the limit. */
  function chosen(userId: string, definition: SmartDefinition) {
    const q = compile(definition, viewer(userId, definition));
    const select = sql`select ${catalog.trackId} as id, ${catalog.durationMs} as duration_ms from ${q.from} where ${q.where}`;
    return definition.limit === undefined ? select : sql`${select} order by ${q.orderBy} limit ${definition.limit}`;
  }

  /** Rows matched, and how many of them the playlist holds (its limit). */
  async function count(userId: string, definition: SmartDefinition): Promise<SmartCount> {
    const q = compile(definition, viewer(userId, definition));
    const rows = await run(sql<{ n: number | string }>`select count(*) as n from ${q.from} where ${q.where}`);
    const matched = Number(rows[0]?.n ?? 0);
    return { matched, total: definition.limit === undefined ? matched : Math.min(matched, definition.limit) };
  }

  return {
    count,

    /** A page of the playlist's track ids, and its length. */
    async page(userId: string, definition: SmartDefinition, offset: number, limit: number): Promise<{ ids: string[]; total: number }> {
      const { total } = await count(userId, definition);
      const take = Math.max(0, Math.min(limit, total - offset));
      if (take === 0) return { ids: [], total };
      const q = compile(definition, viewer(userId, definition));
      const rows = await run(
        sql<{ id: string }>`select ${catalog.trackId} as id from ${q.from} where ${q.where} order by ${q.orderBy} limit ${take} offset ${offset}`,
      );
      return { ids: rows.map((r) => r.id), total };
    },

    /** How many tracks the playlist holds and their total length (Subsonic's songCount and duration). */
    async totals(userId: string, definition: SmartDefinition): Promise<{ count: number; durationMs: number }> {
      const rows = await run(
        sql<{ n: number | string; ms: number | string | null }>`select count(*) as n, sum(duration_ms) as ms from (${chosen(userId, definition)}) chosen`,
      );
      return { count: Number(rows[0]?.n ?? 0), durationMs: Number(rows[0]?.ms ?? 0) };
    },
  };
}

export type SmartEngine = ReturnType<typeof createSmartEngine>;
