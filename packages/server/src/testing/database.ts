import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { migrate, openDatabase, type OpenDatabase } from '../db/database.ts';
import { migrationProvider } from '../db/migrations.ts';

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
export async function freshDatabaseUrl(options: { migrated?: boolean } = {}): Promise<{ url: string; remove: () => Promise<void> }> {
  const base = process.env.RUNNEL_TEST_DB;
  if (base?.startsWith('postgres')) {
    const name = `runnel_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const template = options.migrated ? await postgresTemplate(base) : undefined;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    await admin.end();
    return {
      url: databaseUrl(base, name),
      async remove() {
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'runnel-test-db-'));
  const file = join(dir, 'runnel.db');
  if (options.migrated) copyFileSync(await sqliteTemplate(), file);
  return { url: `sqlite:${file}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A freshly migrated database for one test file. */
export async function testDatabase(onQuery?: (event: LogEvent) => void): Promise<TestDatabase> {
  const { url, remove } = await freshDatabaseUrl({ migrated: true });
  const database = openDatabase(url, onQuery);
  await migrate(database.db); // nothing to do on a copy of the template: one read
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await remove();
    },
  };
}

/*
 * Templates: the suite opens hundreds of fresh databases, and running every migration on
 * each cost ~1.5 s on PostgreSQL (0.4 s on SQLite) on a loaded 2-core machine. The first
 * test process to need one migrates a template, named after the migrations' own text (a
 * changed migration makes a new one); every fresh database is then a copy of it.
 */
const migrationsKey = async () => {
  const migrations = await migrationProvider.getMigrations();
  const text = Object.entries(migrations).map(([name, m]) => `${name}\n${String(m.up)}`);
  return createHash('sha256').update(text.join('\n')).digest('hex').slice(0, 16);
};

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

let postgresTemplateName: Promise<string> | undefined;
function postgresTemplate(base: string): Promise<string> {
  postgresTemplateName ??= (async () => {
    const name = `runnel_test_template_${await migrationsKey()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`select pg_advisory_lock(hashtext('runnel test template'))`); // one process builds it; the others wait
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (!rowCount) {
        const building = `${name}_building_${process.pid}`;
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
        await admin.query(`CREATE DATABASE ${building}`);
        const database = openDatabase(databaseUrl(base, building));
        await migrate(database.db);
        await database.close();
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
        // Templates of older migrations, and any left half-built by a killed run.
        const { rows } = await admin.query<{ datname: string }>(
          `select datname from pg_database where datname like 'runnel\\_test\\_template\\_%' and datname <> $1`,
          [name],
        );
        for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
      }
    } finally {
      await admin.query(`select pg_advisory_unlock(hashtext('runnel test template'))`).catch(() => undefined);
      await admin.end();
    }
    return name;
  })();
  return postgresTemplateName;
}

let sqliteTemplateFile: Promise<string> | undefined;
function sqliteTemplate(): Promise<string> {
  sqliteTemplateFile ??= (async () => {
    const file = join(tmpdir(), `runnel-test-template-${await migrationsKey()}.db`);
    if (existsSync(file)) return file;
    const dir = mkdtempSync(join(tmpdir(), 'runnel-test-template-'));
    try {
      const database = openDatabase(`sqlite:${join(dir, 'runnel.db')}`);
      await migrate(database.db);
      await database.close(); // checkpoints the WAL into the file
      renameSync(join(dir, 'runnel.db'), file); // atomic: a process racing this one copies a whole file or builds its own
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return file;
  })();
  return sqliteTemplateFile;
}
