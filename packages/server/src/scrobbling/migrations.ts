import type { Kysely, Migration } from 'kysely';

export const scrobblingMigrations: Record<string, Migration> = {
  '202612071700_scrobbling': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('scrobble_accounts')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sent', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('last_sent_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('last_error_at', 'bigint')
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('retry_at', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('needs_reconnect', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('scrobble_accounts_pk', ['user_id', 'service'])
        .execute();
      await db.schema
        .createTable('scrobble_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('play_id', 'text', (c) => c.notNull())
        .addColumn('listened_at', 'bigint', (c) => c.notNull())
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addColumn('rejected', 'text')
        .addUniqueConstraint('scrobble_outbox_play', ['user_id', 'service', 'play_id'])
        .execute();
      // The sender's question: what is still to go, per listener and service, oldest first.
      await db.schema.createIndex('scrobble_outbox_pending').on('scrobble_outbox').columns(['sent_at', 'user_id', 'service', 'listened_at']).execute();
      await db.schema
        .createTable('scrobble_auth_states')
        .addColumn('state', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '202612241100_scrobbling_loves': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('scrobble_loves')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('track_id', 'text', (c) => c.notNull())
        .addColumn('loved', 'integer', (c) => c.notNull())
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addColumn('rejected', 'text')
        .execute();
      // The sender's question, as for plays: what is still to go, per listener and service, oldest first.
      await db.schema.createIndex('scrobble_loves_pending').on('scrobble_loves').columns(['sent_at', 'user_id', 'service', 'created_at']).execute();
    },
  },
};
