import { sql, type Kysely, type Migration } from 'kysely';

/** What the plans start as: Free as Spotify's 2011 desktop (ads, no downloads, no offline), Premium without limits. */
const DEFAULTS = [
  { id: 'free', name: 'Free', max_bitrate: 160, offline: 0, downloads: 0, ad_every_tracks: 4, ad_every_minutes: 15 },
  { id: 'premium', name: 'Premium', max_bitrate: 320, offline: 1, downloads: 1, ad_every_tracks: null, ad_every_minutes: null },
];

export const plansMigrations: Record<string, Migration> = {
  '202612061900_plans_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('max_bitrate', 'integer', (c) => c.notNull())
        .addColumn('skips_per_hour', 'integer')
        .addColumn('offline', 'integer', (c) => c.notNull())
        .addColumn('downloads', 'integer', (c) => c.notNull())
        .addColumn('ad_every_tracks', 'integer')
        .addColumn('ad_every_minutes', 'integer')
        .addColumn('monthly_listening_hours', 'integer')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('plan_skips')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('plan_skips_user_at').on('plan_skips').columns(['user_id', 'at']).execute();
      await db.schema
        .createTable('plan_listening')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('plan_listening_pk', ['user_id', 'month'])
        .execute();
      // The bitrate limits an administrator set before plans existed (streaming's settings) carry over.
      const old = await sql<{ key: string; value: string }>`select key, value from streaming_settings`.execute(db);
      const set = new Map(old.rows.map((r) => [r.key, Number(r.value)]));
      const now = Date.now();
      for (const plan of DEFAULTS) {
        const max_bitrate = set.get(`${plan.id}_max_bitrate`) ?? plan.max_bitrate;
        await (db as Kysely<Record<string, Record<string, unknown>>>)
          .insertInto('plans')
          .values({ ...plan, max_bitrate, skips_per_hour: null, monthly_listening_hours: null, updated_at: now })
          .execute();
      }
    },
  },
};
