import type { Kysely, Migration } from 'kysely';

export const searchMigrations: Record<string, Migration> = {
  '202611261100_search_documents': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('search_documents')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('artists', 'text', (c) => c.notNull())
        .addColumn('album', 'text')
        .addColumn('genres', 'text', (c) => c.notNull())
        .addColumn('names', 'text', (c) => c.notNull())
        .addColumn('year', 'integer')
        .addColumn('popularity', 'double precision', (c) => c.notNull())
        .addColumn('public', 'integer', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_documents_pk', ['kind', 'id'])
        .execute();
    },
  },
  /**
   * A counter per kind, raised before every write to search_documents: the index file
   * saved in the data folder (segment-file.ts) records the counter it was built at, and is
   * used at start only while the counter still says so.
   */
  '202612060620_search_generations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('search_generations')
        .addColumn('kind', 'text', (c) => c.primaryKey())
        .addColumn('generation', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
};
