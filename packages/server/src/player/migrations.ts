import type { Kysely, Migration } from 'kysely';

export const playerMigrations: Record<string, Migration> = {
  '202611261102_player_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('play_queues')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('context_uri', 'text')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('current_uri', 'text')
        .addColumn('shuffle', 'integer', (c) => c.notNull())
        .addColumn('repeat', 'text', (c) => c.notNull())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('queue_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('pos', 'double precision', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('queue_items_order').on('queue_items').columns(['user_id', 'pos']).execute();
      await db.schema
        .createTable('play_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('context_uri', 'text')
        .addColumn('played_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('play_history_recent').on('play_history').columns(['user_id', 'played_at']).execute();
    },
  },
  // Resuming on another device (Subsonic's savePlayQueue): where in the current track, and which app saved it.
  // Now playing: what each user's players report they are playing (Subsonic's getNowPlaying).
  '202612011001_player_resume_and_now_playing': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('play_queues')
        .addColumn('progress_ms', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('play_queues').addColumn('changed_by', 'text').execute();
      await db.schema
        .createTable('now_playing')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('player', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('now_playing_pk', ['user_id', 'player'])
        .execute();
      await db.schema.createIndex('now_playing_recent').on('now_playing').column('at').execute();
    },
  },
  // Subsonic's savePlayQueue keeps songs before the current one; the native queue does not.
  // They are kept beside it, valid only while the queue stays as that save left it.
  '202612061201_player_saved_before': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('play_queues').addColumn('saved_before', 'text').execute();
      await db.schema.alterTable('play_queues').addColumn('saved_revision', 'bigint').execute();
    },
  },
  // Plays kept while offline are sent on reconnect, perhaps twice (an answer lost on the way): the player's own id counts each once.
  '202612062301_player_play_ids': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('play_history').addColumn('client_id', 'text').execute();
      await db.schema.createIndex('play_history_client_id').unique().on('play_history').columns(['user_id', 'client_id']).execute();
    },
  },
  // Listening history (history/README.md): searched by words of the title, artist and album, kept with each play
  // (filled for older plays at start); read per track for yearly summaries and imports.
  '202612081000_player_history_search': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('play_history').addColumn('search_text', 'text').execute();
      await db.schema.createIndex('play_history_by_track').on('play_history').columns(['user_id', 'uri', 'played_at']).execute();
    },
  },
};
