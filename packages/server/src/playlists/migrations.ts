import { sql, type Kysely, type Migration } from 'kysely';

export const playlistsMigrations: Record<string, Migration> = {
  '202611261100_playlists_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('playlists')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('public', 'integer', (c) => c.notNull())
        .addColumn('collaborative', 'integer', (c) => c.notNull())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addColumn('item_count', 'integer', (c) => c.notNull())
        .addColumn('follower_count', 'integer', (c) => c.notNull())
        .addColumn('edit_token_hash', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('playlists_owner').on('playlists').columns(['owner_id', 'created_at']).execute();
      await db.schema
        .createTable('playlist_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('playlist_id', 'text', (c) => c.notNull().references('playlists.id').onDelete('cascade'))
        .addColumn('pos', 'double precision', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('track_id', 'text')
        .addColumn('added_by', 'text')
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .execute();
      // The one index on a playlist's entries: "page at offset" and "entry at index" walk it
      // in order (a second index leading with playlist_id tempts PostgreSQL into a sort).
      await db.schema.createIndex('playlist_entries_order').on('playlist_entries').columns(['playlist_id', 'pos', 'id']).execute();
      await db.schema
        .createTable('playlist_changes')
        .addColumn('playlist_id', 'text', (c) => c.notNull().references('playlists.id').onDelete('cascade'))
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('playlist_changes_pk', ['playlist_id', 'revision'])
        .execute();
      await db.schema
        .createTable('playlist_members')
        .addColumn('playlist_id', 'text', (c) => c.notNull().references('playlists.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('playlist_members_pk', ['playlist_id', 'user_id'])
        .execute();
      await db.schema.createIndex('playlist_members_user').on('playlist_members').columns(['user_id', 'role']).execute();
      await db.schema
        .createTable('sidebar_nodes')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('name', 'text')
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('sidebar_nodes_pk', ['user_id', 'id'])
        .execute();
      await db.schema.createIndex('sidebar_nodes_playlist').on('sidebar_nodes').column('id').execute();
    },
  },
  '202612021000_playlists_track_totals': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('playlist_entries').addColumn('duration_ms', 'integer').execute();
      await db.schema
        .alterTable('playlists')
        .addColumn('track_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('playlists')
        .addColumn('track_duration_ms', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      // Entries from before: their durations as the catalogue has them now (the only time
      // this module reads the catalogue's table; from here on, adds bring their durations).
      await sql`update playlist_entries set duration_ms = (select t.duration_ms from tracks t where t.id = playlist_entries.track_id) where track_id is not null`.execute(
        db,
      );
      await sql`update playlists set
        track_count = (select count(*) from playlist_entries e where e.playlist_id = playlists.id and e.track_id is not null),
        track_duration_ms = (select coalesce(sum(e.duration_ms), 0) from playlist_entries e where e.playlist_id = playlists.id)`.execute(db);
    },
  },
  '202612201100_playlists_smart_rules': {
    async up(db: Kysely<unknown>) {
      // A smart playlist's definition (JSON, @runnel/api's SmartDefinition); null for an ordinary playlist.
      await db.schema.alterTable('playlists').addColumn('smart_rules', 'text').execute();
    },
  },
};
