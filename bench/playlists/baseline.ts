import { sql } from 'kysely';
import type { Db } from '../../packages/server/src/db/database.ts';
import { newId } from '../../packages/server/src/ids.ts';

/**
 * The baseline storage the bench compares against: a playlist as one ordered list with
 * integer positions 0..n-1, where every change reads the whole list, edits it in memory and
 * rewrites every row (what "renumber on each change" costs). Lives only in the bench.
 */
export async function createBaseline(db: Db) {
  await sql`create table if not exists bench_baseline_entries (playlist_id text not null, idx integer not null, id text not null, uri text not null, added_at bigint not null)`.execute(
    db,
  );
  await sql`create index if not exists bench_baseline_order on bench_baseline_entries (playlist_id, idx)`.execute(db);

  type Row = { id: string; uri: string; added_at: number };
  async function rewrite(playlistId: string, edit: (rows: Row[]) => Row[]) {
    await db.transaction().execute(async (trx) => {
      const { rows } = await sql<Row>`select id, uri, added_at from bench_baseline_entries where playlist_id = ${playlistId} order by idx`.execute(trx);
      const next = edit(rows);
      await sql`delete from bench_baseline_entries where playlist_id = ${playlistId}`.execute(trx);
      for (let i = 0; i < next.length; i += 500) {
        const values = sql.join(next.slice(i, i + 500).map((r, j) => sql`(${playlistId}, ${i + j}, ${r.id}, ${r.uri}, ${r.added_at})`));
        await sql`insert into bench_baseline_entries (playlist_id, idx, id, uri, added_at) values ${values}`.execute(trx);
      }
    });
  }

  return {
    add: (playlistId: string, uris: string[], position: number) =>
      rewrite(playlistId, (rows) => {
        rows.splice(position, 0, ...uris.map((uri) => ({ id: newId(), uri, added_at: Date.now() })));
        return rows;
      }),
    move: (playlistId: string, start: number, length: number, before: number) =>
      rewrite(playlistId, (rows) => {
        const moved = rows.splice(start, length);
        rows.splice(before > start ? before - length : before, 0, ...moved);
        return rows;
      }),
    remove: (playlistId: string, start: number, length: number) =>
      rewrite(playlistId, (rows) => {
        rows.splice(start, length);
        return rows;
      }),
    page: async (playlistId: string, offset: number, limit: number) =>
      (
        await sql`select id, uri, added_at from bench_baseline_entries where playlist_id = ${playlistId} and idx >= ${offset} order by idx limit ${limit}`.execute(
          db,
        )
      ).rows,
  };
}
