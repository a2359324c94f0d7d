import type { Kysely, Migration } from 'kysely';

export const downloadsMigrations: Record<string, Migration> = {
  '202612062100_downloads_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('downloads')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('downloads_pk', ['user_id', 'kind', 'item_id'])
        .execute();
      // The list: a user's downloads, newest first.
      await db.schema.createIndex('downloads_user_at').on('downloads').columns(['user_id', 'at']).execute();
    },
  },
};
