import type { Kysely, Migration } from 'kysely';

export const loudnessMigrations: Record<string, Migration> = {
  '202612071700_loudness_failures': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('loudness_failures')
        .addColumn('track_id', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('failed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('loudness_failures_pk', ['track_id', 'content_hash'])
        .execute();
    },
  },
};
