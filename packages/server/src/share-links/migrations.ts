import type { Kysely, Migration } from 'kysely';

export const shareLinksMigrations: Record<string, Migration> = {
  '202612071500_share_links': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('share_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('uri', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('track_ids', 'text', (c) => c.notNull())
        .addColumn('cover_album_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_viewed_at', 'bigint')
        .execute();
      // Each user's links, newest first.
      await db.schema.createIndex('share_links_user').on('share_links').columns(['user_id', 'created_at']).execute();
    },
  },
};
