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
  // Subsonic apps rate songs, albums and artists 1–5; one rating per user and item.
  '202612011000_collection_ratings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ratings')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('rated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('ratings_pk', ['user_id', 'item_id'])
        .execute();
    },
  },
};
