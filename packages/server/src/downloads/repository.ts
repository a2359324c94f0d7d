import type { Db } from '../db/database.ts';
import type { DownloadsTable } from './tables.ts';

/** The downloads module's queries. */
export function createDownloadsRepository(db: Db) {
  return {
    /** Records a download, or moves an earlier one of the same item to `at` (and its name to the current one). */
    async record(row: DownloadsTable): Promise<void> {
      await db
        .insertInto('downloads')
        .values(row)
        .onConflict((oc) => oc.columns(['user_id', 'kind', 'item_id']).doUpdateSet({ name: row.name, at: row.at }))
        .execute();
    },

    /** A page of a user's downloads, newest first. */
    page: (userId: string, limit: number, offset: number) =>
      db
        .selectFrom('downloads')
        .select(['kind', 'item_id', 'name', 'at'])
        .where('user_id', '=', userId)
        .orderBy('at', 'desc')
        .orderBy('kind')
        .orderBy('item_id')
        .limit(limit)
        .offset(offset)
        .execute(),

    async count(userId: string): Promise<number> {
      const row = await db
        .selectFrom('downloads')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type DownloadsRepository = ReturnType<typeof createDownloadsRepository>;
