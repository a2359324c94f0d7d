import { sql, type Kysely, type Migration } from 'kysely';

export const socialMigrations: Record<string, Migration> = {
  '202612031100_social_inbox': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('inbox_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('from_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addColumn('read_at', 'bigint')
        .execute();
      // The inbox is read newest first; the unread count counts one user's unread items.
      await db.schema.createIndex('inbox_items_recent').on('inbox_items').columns(['user_id', 'sent_at', 'id']).execute();
      await db.schema
        .createIndex('inbox_items_unread')
        .on('inbox_items')
        .columns(['user_id'])
        .where(sql<boolean>`read_at is null`)
        .execute();
    },
  },
  '202612031200_social_follows': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user_follows')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('followed_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('followed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_follows_pk', ['user_id', 'followed_id'])
        .execute();
      // "Who follows me" reads by the followed user.
      await db.schema.createIndex('user_follows_followed').on('user_follows').columns(['followed_id', 'followed_at']).execute();
    },
  },
  '202612031400_social_feed': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('activities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('count', 'integer')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      // A feed reads the newest activities of the people one follows.
      await db.schema.createIndex('activities_recent').on('activities').columns(['user_id', 'at']).execute();
      await db.schema
        .createTable('social_settings')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('share_listening', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};
