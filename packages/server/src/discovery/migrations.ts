import { sql, type Kysely, type Migration } from 'kysely';

export const discoveryMigrations: Record<string, Migration> = {
  '202612031000_discovery_top_counts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('top_counts')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('plays', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('top_counts_pk', ['kind', 'day', 'item_id'])
        .execute();
      // All-time lists read the most played first, straight from this index.
      await db.schema.createIndex('top_counts_rank').on('top_counts').columns(['kind', 'day', 'plays']).execute();
      await db.schema
        .createTable('top_counts_user')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('plays', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('top_counts_user_pk', ['user_id', 'kind', 'day', 'item_id'])
        .execute();
    },
  },
  '202612031300_discovery_radio': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('co_plays')
        .addColumn('track_id', 'text', (c) => c.notNull())
        .addColumn('next_id', 'text', (c) => c.notNull())
        .addColumn('plays', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('co_plays_pk', ['track_id', 'next_id'])
        .execute();
      await db.schema
        .createTable('last_plays')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('track_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('radio_votes')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('track_id', 'text', (c) => c.notNull())
        .addColumn('vote', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('radio_votes_pk', ['user_id', 'track_id'])
        .execute();
    },
  },
  '202612061300_discovery_last_played': {
    async up(db: Kysely<unknown>) {
      // A user's last play of an item, kept with their counts: "recently played" albums then
      // read one row per album played, not the whole play history.
      await db.schema
        .alterTable('top_counts_user')
        .addColumn('last_at', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      // Albums played before this migration: their last play, from the history, once.
      await sql`update top_counts_user set last_at = coalesce((
          select max(h.played_at) from play_history h join tracks t on h.uri = 'runnel:track:' || t.id
          where h.user_id = top_counts_user.user_id and t.album_id = top_counts_user.item_id), 0)
        where kind = 'album' and day = -1`.execute(db);
    },
  },
};
