import type { Kysely, Migration } from 'kysely';

export const lyricsMigrations: Record<string, Migration> = {
  '202612071600_lyrics_lookups': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('lyrics_lookups')
        .addColumn('track_id', 'text', (c) => c.primaryKey())
        .addColumn('text', 'text')
        .addColumn('fetched_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
};
