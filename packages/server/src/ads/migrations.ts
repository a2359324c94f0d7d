import type { Kysely, Migration } from 'kysely';

export const adsMigrations: Record<string, Migration> = {
  '202612062000_ads_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('click_url', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'bigint')
        .addColumn('ends_at', 'bigint')
        .addColumn('weight', 'integer', (c) => c.notNull())
        .addColumn('audio_file', 'text')
        .addColumn('duration_ms', 'integer')
        .addColumn('loudness_lufs', 'double precision')
        .addColumn('banner_file', 'text')
        .addColumn('banner_mime', 'text')
        .addColumn('banner_width', 'integer')
        .addColumn('banner_height', 'integer')
        .addColumn('impressions', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ad_listeners')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('tracks', 'integer', (c) => c.notNull())
        .addColumn('listened_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_track_id', 'text')
        .addColumn('last_track_at', 'bigint')
        .addColumn('last_track_ms', 'bigint')
        .execute();
      await db.schema
        .createTable('ad_breaks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('ad_id', 'text', (c) => c.notNull())
        .addColumn('surface', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('played_at', 'bigint')
        .addColumn('clicked', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('ad_breaks_user').on('ad_breaks').columns(['user_id', 'started_at']).execute();
    },
  },
};
