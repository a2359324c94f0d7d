import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Language } from '@runnel/api';
import { chunks } from '../db/chunks.ts';
import { collationKey } from '../language/collation.ts';

const listedArtists = sql<boolean>`track_count > 0 or album_count > 0`;
const listedAlbums = sql<boolean>`track_count > 0`;

/** The A–Z key before sort keys per language: accents folded, "The " ignored (only to tell a sort tag from the name it was made from). */
const foldedKey = (name: string) => name.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim().replace(/^the /, '');

/**
 * Sort-key columns for `languages` on artists and albums, filled from the sort names, with the
 * partial indexes A–Z listings walk. On PostgreSQL the keys are `text collate "C"`: compared by
 * bytes as on SQLite (BINARY), whatever the database's own collation, so both sort alike.
 * A new language is this, called with it, in a migration of its own.
 */
export async function addSortKeyColumns(db: Kysely<unknown>, languages: Language[]) {
  const keyType = db.getExecutor().adapter instanceof PostgresAdapter ? sql`text collate "C"` : sql`text`;
  const columns = { artists: ['sort_'], albums: ['sort_', 'artist_sort_'] } as const;
  for (const [table, prefixes] of Object.entries(columns)) {
    for (const prefix of prefixes) {
      for (const language of languages) {
        await db.schema
          .alterTable(table)
          .addColumn(`${prefix}${language}`, keyType, (c) => c.notNull().defaultTo(''))
          .execute();
      }
    }
  }
  const artists = await db
    .selectFrom('artists' as never)
    .select(['id', 'sort_name'] as never[])
    .execute();
  await fill(db, 'artists', artists as { id: string; sort_name: string }[], languages, (row) => ({ sort_: row.sort_name }));
  const albums = await db
    .selectFrom('albums' as never)
    .select(['id', 'sort_name', 'artist_sort_name'] as never[])
    .execute();
  await fill(db, 'albums', albums as { id: string; sort_name: string; artist_sort_name: string }[], languages, (row) => ({
    sort_: row.sort_name,
    artist_sort_: row.artist_sort_name,
  }));
  for (const language of languages) {
    const sort = `sort_${language}`;
    await db.schema.createIndex(`artists_${sort}`).on('artists').columns([sort, 'id']).where(listedArtists).execute();
    await db.schema.createIndex(`albums_${sort}`).on('albums').columns([sort, 'id']).where(listedAlbums).execute();
    await db.schema
      .createIndex(`albums_artist_${sort}`)
      .on('albums')
      .columns([`artist_sort_${language}`, sort, 'id'])
      .where(listedAlbums)
      .execute();
  }
}

/** Sets each row's keys (prefix → sort name) in every language. */
async function fill<Row extends { id: string }>(
  db: Kysely<unknown>,
  table: string,
  rows: Row[],
  languages: Language[],
  sortNames: (row: Row) => Record<string, string>,
) {
  const keyed = rows.map((row) => {
    const keys: { id: string } & Record<string, string> = { id: row.id };
    for (const [prefix, name] of Object.entries(sortNames(row))) for (const language of languages) keys[`${prefix}${language}`] = collationKey(name, language);
    return keys;
  });
  await setText(db, table, keyed);
}

/**
 * From one accent-folded `sort_key` to sort names and keys per language. The sort name is the
 * name when the old key was made from it, else the old key (a sort tag, already folded: its
 * accents are lost, its order is not).
 */
export async function sortNamesFromFoldedKeys(db: Kysely<unknown>) {
  await db.schema.dropIndex('artists_sort').execute();
  await db.schema.dropIndex('albums_sort').execute();
  await db.schema.dropIndex('albums_artist_sort').execute();
  await db.schema
    .alterTable('artists')
    .addColumn('sort_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('albums')
    .addColumn('sort_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('albums')
    .addColumn('artist_sort_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const artists = (await db
    .selectFrom('artists' as never)
    .select(['id', 'name', 'sort_key'] as never[])
    .execute()) as {
    id: string;
    name: string;
    sort_key: string;
  }[];
  const albums = (await db
    .selectFrom('albums' as never)
    .select(['id', 'name', 'sort_key', 'artist_name', 'artist_sort_key'] as never[])
    .execute()) as { id: string; name: string; sort_key: string; artist_name: string; artist_sort_key: string }[];
  const source = (name: string, key: string) => (foldedKey(name) === key ? name : key);
  await setText(
    db,
    'artists',
    artists.map((a) => ({ id: a.id, sort_name: source(a.name, a.sort_key) })),
  );
  await setText(
    db,
    'albums',
    albums.map((a) => ({ id: a.id, sort_name: source(a.name, a.sort_key), artist_sort_name: source(a.artist_name, a.artist_sort_key) })),
  );
  await db.schema.alterTable('artists').dropColumn('sort_key').execute();
  await db.schema.alterTable('albums').dropColumn('sort_key').execute();
  await db.schema.alterTable('albums').dropColumn('artist_sort_key').execute();
}

/** Sets text columns by id, a few hundred rows per statement. */
async function setText(db: Kysely<unknown>, table: string, rows: ({ id: string } & Record<string, string>)[]) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!).filter((c) => c !== 'id');
  for (const part of chunks(rows, 300)) {
    const values = part.map((row) => sql`(${sql.join([row.id, ...columns.map((c) => row[c]!)])})`);
    await sql`with v(id, ${sql.join(columns.map((c) => sql.id(c)))}) as (values ${sql.join(values)})
      update ${sql.table(table)} set ${sql.join(columns.map((c) => sql`${sql.id(c)} = v.${sql.id(c)}`))}
      from v where ${sql.table(table)}.id = v.id`.execute(db);
  }
}
