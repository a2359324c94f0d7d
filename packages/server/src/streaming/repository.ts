import type { Db } from '../db/database.ts';

/** Queries on streaming's settings table. */
export function createStreamingRepository(db: Db) {
  return {
    async settings(): Promise<Map<string, string>> {
      const rows = await db.selectFrom('streaming_settings').select(['key', 'value']).execute();
      return new Map(rows.map((r) => [r.key, r.value]));
    },
    async setSetting(key: string, value: string, now: number): Promise<void> {
      await db
        .insertInto('streaming_settings')
        .values({ key, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute();
    },
  };
}

export type StreamingRepository = ReturnType<typeof createStreamingRepository>;
