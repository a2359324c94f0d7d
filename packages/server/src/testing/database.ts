import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { migrate, openDatabase, type OpenDatabase } from '../db/database.ts';

/**
 * The database tests run against: SQLite unless RUNNEL_TEST_DB holds a `postgres://` URL
 * (of a server where the tests may create databases). Never skips: if PostgreSQL was asked
 * for and can't be reached, the test fails.
 */
export const testDbKind = process.env.RUNNEL_TEST_DB?.startsWith('postgres') ? 'postgres' : 'sqlite';

export interface TestDatabase extends OpenDatabase {
  url: string;
  /** Closes and deletes the database. */
  drop(): Promise<void>;
}

/** A fresh, empty database URL: a temporary SQLite file or a new PostgreSQL database. */
export async function freshDatabaseUrl(): Promise<{ url: string; remove: () => Promise<void> }> {
  const base = process.env.RUNNEL_TEST_DB;
  if (base?.startsWith('postgres')) {
    const name = `runnel_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
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
  const dir = mkdtempSync(join(tmpdir(), 'runnel-test-db-'));
  return { url: `sqlite:${join(dir, 'runnel.db')}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A freshly migrated database for one test file. */
export async function testDatabase(onQuery?: (event: LogEvent) => void): Promise<TestDatabase> {
  const { url, remove } = await freshDatabaseUrl();
  const database = openDatabase(url, onQuery);
  await migrate(database.db);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await remove();
    },
  };
}
