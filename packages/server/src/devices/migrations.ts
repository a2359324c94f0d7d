import type { Kysely, Migration } from 'kysely';

export const devicesMigrations: Record<string, Migration> = {
  '202612071001_devices_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('devices')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('supports_volume', 'integer', (c) => c.notNull())
        .addColumn('volume_percent', 'integer')
        .addColumn('seen_at', 'bigint', (c) => c.notNull())
        .addColumn('online', 'integer', (c) => c.notNull())
        .addColumn('renderer_url', 'text')
        .addPrimaryKeyConstraint('devices_pk', ['user_id', 'id'])
        .execute();
      await db.schema
        .createTable('playback')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('is_playing', 'integer', (c) => c.notNull())
        .addColumn('progress_ms', 'bigint', (c) => c.notNull())
        .addColumn('progress_at', 'bigint', (c) => c.notNull())
        .addColumn('uris', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('context_uri', 'text')
        .addColumn('shuffle', 'integer', (c) => c.notNull())
        .addColumn('repeat', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '202612071101_devices_cards': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('device_cards')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('context_uri', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_cards_pk', ['user_id', 'device_id', 'code'])
        .execute();
      await db.schema
        .createTable('device_card_learns')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('context_uri', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_card_learns_pk', ['user_id', 'device_id'])
        .execute();
    },
  },
};
