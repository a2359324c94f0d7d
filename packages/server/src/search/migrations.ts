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
};
