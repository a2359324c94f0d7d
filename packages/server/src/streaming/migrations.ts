import type { Kysely, Migration } from 'kysely';

export const streamingMigrations: Record<string, Migration> = {
  '202611261100_streaming_settings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('streaming_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
};
