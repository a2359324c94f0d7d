import type { Kysely, Migration } from 'kysely';

export const collectionMigrations: Record<string, Migration> = {
  '202611261101_collection_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('collection_items')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('collection_items_pk', ['user_id', 'kind', 'item_id'])
        .execute();
      // Lists are "newest first" per user and kind.
      await db.schema.createIndex('collection_items_recent').on('collection_items').columns(['user_id', 'kind', 'added_at']).execute();
    },
  },
};
