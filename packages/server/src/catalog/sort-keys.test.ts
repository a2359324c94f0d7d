import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { migrate, openDatabase, type OpenDatabase } from '../db/database.ts';
import { migrationProvider } from '../db/migrations.ts';
import { createInProcessBus } from '../events/bus.ts';
import { testDbKind } from '../testing/database.ts';
import { createCatalog } from './service.ts';

const BEFORE_SORT_KEYS = '202612201000_accounts_user_language';

/**
 * An empty database. On PostgreSQL its default collation is ICU's English, which ignores the
 * keys' control characters: only the key columns' own `collate "C"` keeps the order right.
 */
async function emptyDatabase(): Promise<{ url: string; remove: () => Promise<void> }> {
  const base = process.env.RUNNEL_TEST_DB;
  if (testDbKind === 'postgres' && base) {
    const name = `runnel_test_icu_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async remove() {
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'runnel-sort-keys-'));
  return { url: `sqlite:${join(dir, 'runnel.db')}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

describe('sort keys per language: the migration from one accent-folded key', () => {
  let database: OpenDatabase;
  let remove: () => Promise<void>;
  const dataDir = mkdtempSync(join(tmpdir(), 'runnel-sort-keys-data-'));

  before(async () => {
    const empty = await emptyDatabase();
    remove = empty.remove;
    database = openDatabase(empty.url);
    const { error } = await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo(BEFORE_SORT_KEYS);
    if (error) throw error;
    // Rows as the catalogue wrote them before: sort_key folded from the name or from a sort tag.
    const artist = (id: string, name: string, sortKey: string) =>
      sql`insert into artists (id, name, name_key, sort_key, album_count, track_count, genre_names, created_at, updated_at)
          values (${id}, ${name}, ${name.toLowerCase()}, ${sortKey}, 1, 1, '[]', 0, 0)`.execute(database.db);
    const album = (id: string, name: string, sortKey: string, artistName: string, artistSortKey: string) =>
      sql`insert into albums (id, name, group_key, sort_key, artist_name, artist_sort_key, track_count, created_at, updated_at)
          values (${id}, ${name}, ${id}, ${sortKey}, ${artistName}, ${artistSortKey}, 1, 0, 0)`.execute(database.db);
    await artist('a1', 'Zappa', 'zappa');
    await artist('a2', 'Åslund', 'aslund');
    await artist('a3', 'Östlund', 'ostlund');
    await artist('a4', 'The Wilco', 'wilco');
    await artist('a5', 'Bob Dylan', 'dylan, bob');
    await album('b1', 'Ärlig', 'arlig', 'Zappa', 'zappa');
    await album('b2', 'Abba Gold', 'abba gold', 'Östlund', 'ostlund');
    await album('b3', 'Blonde on Blonde', 'blonde on blonde', 'Bob Dylan', 'dylan, bob');
    await migrate(database.db);
  });
  after(async () => {
    await database.close();
    await remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const catalog = () => createCatalog({ db: database.db, events: createInProcessBus(), dataDir, now: () => 0 });

  test('existing artists and albums get sort names (the name, or the sort tag it was folded from) and keys in every language', async () => {
    const names = async (language: 'en' | 'sv') => (await catalog().listArtists('name', 50, 0, language)).items.map((a) => a.name);
    assert.deepEqual(await names('sv'), ['Bob Dylan', 'The Wilco', 'Zappa', 'Åslund', 'Östlund']);
    assert.deepEqual(await names('en'), ['Åslund', 'Bob Dylan', 'Östlund', 'The Wilco', 'Zappa']);
    const rows = await sql<{ id: string; sort_name: string }>`select id, sort_name from artists order by id`.execute(database.db);
    assert.deepEqual(
      rows.rows.map((r) => r.sort_name),
      ['Zappa', 'Åslund', 'Östlund', 'The Wilco', 'dylan, bob'],
    );
  });

  test('albums by name and by artist, in each language', async () => {
    const albums = async (sort: 'name' | 'artist', language: 'en' | 'sv') => (await catalog().listAlbums(sort, 50, 0, { language })).items.map((a) => a.name);
    assert.deepEqual(await albums('name', 'sv'), ['Abba Gold', 'Blonde on Blonde', 'Ärlig']);
    assert.deepEqual(await albums('name', 'en'), ['Abba Gold', 'Ärlig', 'Blonde on Blonde']);
    assert.deepEqual(await albums('artist', 'sv'), ['Blonde on Blonde', 'Ärlig', 'Abba Gold']);
    assert.deepEqual(await albums('artist', 'en'), ['Blonde on Blonde', 'Abba Gold', 'Ärlig']);
  });
});
