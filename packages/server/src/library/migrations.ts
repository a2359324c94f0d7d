import type { Kysely, Migration } from 'kysely';

export const libraryMigrations: Record<string, Migration> = {
  '202611261101_library_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('music_folders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('library_issues')
        .addColumn('path', 'text', (c) => c.primaryKey())
        .addColumn('folder_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mtime_ms', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('library_issues_folder').on('library_issues').column('folder_id').execute();
    },
  },
};
