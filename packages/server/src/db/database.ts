import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, type LogEvent } from 'kysely';
import type pgModule from 'pg';
import { nodeSqliteDialect } from './sqlite-dialect.ts';
import { migrationProvider } from './migrations.ts';
import { ensurePrivateFile } from '../private-files.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DbKind = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Db;
  kind: DbKind;
  /** Closes connections; waits for running queries. */
  close(): Promise<void>;
}

/** pg, loaded on first use: on SQLite its ~20 ms of module loading is a short command's for nothing. */
let pgLoaded: typeof pgModule | undefined;
function loadPg(): typeof pgModule {
  if (pgLoaded) return pgLoaded;
  pgLoaded = createRequire(import.meta.url)('pg') as typeof pgModule;
  // PostgreSQL's BIGINT (int8) and COUNT() come back as strings unless told otherwise; Runnel's
  // bigints are millisecond timestamps and counts, well inside a double's exact range.
  pgLoaded.types.setTypeParser(20, (value) => Number(value));
  return pgLoaded;
}

/** Opens the database named by a `sqlite:PATH` or `postgres://` URL. */
export function openDatabase(url: string, onQuery?: (event: LogEvent) => void): OpenDatabase {
  const log = onQuery ? (event: LogEvent) => onQuery(event) : undefined;
  if (url.startsWith('postgres')) {
    const pool = new (loadPg().Pool)({ connectionString: url, max: 10 });
    pool.on('error', () => {}); // an idle client's error is reported on its next use
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:/, '');
  if (path !== ':memory:') {
    // SQLite gives -wal and -shm the database file's mode: made 0600 first, none is world-readable.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    ensurePrivateFile(path, [`${path}-wal`, `${path}-shm`]);
  }
  const { dialect } = nodeSqliteDialect(path);
  const db = new Kysely<Database>({ dialect, log });
  return { db, kind: 'sqlite', close: () => db.destroy() };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrate(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether the database has run exactly the migrations there are: one read, where Kysely's
 * migrator takes its lock and reads several tables (~15 ms of every start and every short
 * command). Anything else (a new database, pending migrations, unknown ones) goes to the migrator.
 */
async function upToDate(db: Db): Promise<boolean> {
  const wanted = Object.keys(await migrationProvider.getMigrations());
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const done = new Set(rows.map((r) => r.name));
    return done.size === wanted.length && wanted.every((name) => done.has(name));
  } catch {
    return false; // no migration table yet
  }
}

/** A cheap round trip, for /health. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
