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
  /**
   * Catch-up from a saved index (kind-loader.ts): every row carries the generation of the
   * write that last stored it, and a removal leaves a tombstone with its generation, so a
   * node that reads a file saved at generation G applies only what was written after G.
   * Rows from before have generation 0; a saved file of the older format is ignored (one
   * rebuild from the table after the upgrade), so no file predates the stamps.
   */
  '202612070420_search_catch_up': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('search_documents')
        .addColumn('generation', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('search_documents_generation').on('search_documents').columns(['kind', 'generation', 'id']).execute();
      await db.schema
        .createTable('search_removals')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('generation', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_removals_pk', ['kind', 'id'])
        .execute();
      await db.schema.createIndex('search_removals_generation').on('search_removals').columns(['kind', 'generation']).execute();
    },
  },
};
