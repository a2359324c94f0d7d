import type { Kysely, Migration } from 'kysely';

export const librariesMigrations: Record<string, Migration> = {
  '202612221000_libraries_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('libraries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // No foreign key to music_folders (the library module's): a removed folder's rows are ignored and dropped on the next edit.
      await db.schema
        .createTable('libraries_folders')
        .addColumn('library_id', 'text', (c) => c.notNull().references('libraries.id').onDelete('cascade'))
        .addColumn('folder_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('libraries_folders_pk', ['library_id', 'folder_id'])
        .execute();
      await db.schema
        .createTable('libraries_members')
        .addColumn('library_id', 'text', (c) => c.notNull().references('libraries.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('libraries_members_pk', ['library_id', 'user_id'])
        .execute();
    },
  },
};
