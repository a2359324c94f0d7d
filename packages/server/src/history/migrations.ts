import type { Kysely, Migration } from 'kysely';

export const historyMigrations: Record<string, Migration> = {
  '202612081001_history_summary_links': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('summary_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('summary_links_user').on('summary_links').columns(['user_id', 'year']).execute();
    },
  },
  // The zone a link was shared with, so its page counts the owner's days (null: UTC, as links made before).
  '202612231000_history_summary_link_time_zone': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('summary_links').addColumn('time_zone', 'text').execute();
    },
  },
};
