import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { SearchDocument, SearchKind } from './documents.ts';
import type { SearchDocumentsTable } from './tables.ts';
import { chunks } from '../db/chunks.ts';

export type SearchRow = SearchDocumentsTable;

/** Rows per statement: well under SQLite's and PostgreSQL's parameter limits. */
const BATCH = 500;

/** A document as stored by the write of generation `generation`. */
export function toRow(doc: SearchDocument, now: number, generation: number): SearchRow {
  return {
    kind: doc.kind,
    id: doc.id,
    title: doc.title,
    artists: JSON.stringify(doc.artists),
    album: doc.album ?? null,
    genres: JSON.stringify(doc.genres ?? []),
    names: JSON.stringify(doc.names ?? []),
    year: doc.year ?? null,
    popularity: doc.popularity ?? 0,
    public: doc.visibility && !doc.visibility.public ? 0 : 1,
    audience: JSON.stringify(doc.visibility?.users ?? []),
    updated_at: now,
    generation,
  };
}

/** A stored row as a document. */
export function toDocument(row: SearchRow): SearchDocument {
  const genres = JSON.parse(row.genres) as string[];
  const names = JSON.parse(row.names) as string[];
  return {
    id: row.id,
    kind: row.kind as SearchKind,
    title: row.title,
    artists: JSON.parse(row.artists) as string[],
    ...(row.album !== null && { album: row.album }),
    ...(genres.length && { genres }),
    ...(names.length && { names }),
    ...(row.year !== null && { year: Number(row.year) }),
    popularity: Number(row.popularity),
    ...(Number(row.public) === 0 && { visibility: { public: false, users: JSON.parse(row.audience) as string[] } }),
  };
}

/** What was written to a kind since a generation: how much, and a way to read it. */
export interface ChangesSince {
  /** Rows stored and documents removed since (a document may count in both). */
  count: number;
  /** Ids removed since (some may have been stored again since: apply these first). */
  removed(): Promise<string[]>;
  /** Documents stored since, as they are now, in batches. */
  stored(batch?: number): AsyncIterable<SearchDocument[]>;
}

/**
 * The search module's queries over `search_documents`. Every write runs in a transaction
 * that first raises the kind's counter in `search_generations` and stamps its rows (and the
 * tombstones of what it removes) with the new value. On PostgreSQL the raise locks the
 * counter's row until the commit, so writes of a kind commit in generation order: once a
 * reader sees generation G, every write up to G is committed (SQLite has one writer).
 */
export function createSearchRepository(db: Db) {
  async function bump(trx: Transaction<Database>, kind: SearchKind): Promise<number> {
    const row = await trx
      .insertInto('search_generations')
      .values({ kind, generation: 1 })
      .onConflict((oc) => oc.column('kind').doUpdateSet((eb) => ({ generation: eb('search_generations.generation', '+', 1) })))
      .returning('generation')
      .executeTakeFirstOrThrow();
    return Number(row.generation);
  }

  return {
    async upsert(docs: readonly SearchDocument[], now: number) {
      for (const kind of new Set(docs.map((d) => d.kind))) {
        const ofKind = docs.filter((d) => d.kind === kind);
        await db.transaction().execute(async (trx) => {
          const generation = await bump(trx, kind);
          for (const part of chunks(ofKind, BATCH)) {
            const rows = part.map((d) => toRow(d, now, generation));
            await trx
              .insertInto('search_documents')
              .values(rows)
              .onConflict((oc) =>
                oc.columns(['kind', 'id']).doUpdateSet((eb) => ({
                  title: eb.ref('excluded.title'),
                  artists: eb.ref('excluded.artists'),
                  album: eb.ref('excluded.album'),
                  genres: eb.ref('excluded.genres'),
                  names: eb.ref('excluded.names'),
                  year: eb.ref('excluded.year'),
                  popularity: eb.ref('excluded.popularity'),
                  public: eb.ref('excluded.public'),
                  audience: eb.ref('excluded.audience'),
                  updated_at: eb.ref('excluded.updated_at'),
                  generation: eb.ref('excluded.generation'),
                })),
              )
              .execute();
          }
        });
      }
    },

    /** Deletes the rows and leaves a tombstone for each id that had one (see ChangesSince). */
    async remove(kind: SearchKind, ids: readonly string[]) {
      if (!ids.length) return;
      await db.transaction().execute(async (trx) => {
        const generation = await bump(trx, kind);
        for (const part of chunks([...new Set(ids)], BATCH)) {
          const deleted = await trx.deleteFrom('search_documents').where('kind', '=', kind).where('id', 'in', part).returning('id').execute();
          if (!deleted.length) continue;
          await trx
            .insertInto('search_removals')
            .values(deleted.map(({ id }) => ({ kind, id, generation })))
            .onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet({ generation }))
            .execute();
        }
      });
    },

    /** What was written to the kind after generation `since` (index search_documents_generation). */
    async changesSince(kind: SearchKind, since: number): Promise<ChangesSince> {
      const count = async (table: 'search_documents' | 'search_removals') => {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', kind)
          .where('generation', '>', since)
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      return {
        count: (await count('search_documents')) + (await count('search_removals')),
        async removed() {
          const rows = await db.selectFrom('search_removals').select('id').where('kind', '=', kind).where('generation', '>', since).execute();
          return rows.map((r) => r.id);
        },
        async *stored(batch = 10_000) {
          // Keyset over (generation, id): each read continues the index range where the last ended.
          let after: { generation: number; id: string } | undefined;
          for (;;) {
            const rows = await db
              .selectFrom('search_documents')
              .selectAll()
              .where('kind', '=', kind)
              .where(after ? sql<boolean>`(generation, id) > (${after.generation}, ${after.id})` : sql<boolean>`generation > ${since}`)
              .orderBy('generation')
              .orderBy('id')
              .limit(batch)
              .execute();
            if (!rows.length) return;
            yield rows.map(toDocument);
            const last = rows[rows.length - 1]!;
            after = { generation: Number(last.generation), id: last.id };
          }
        },
      };
    },

    /** Every document of a kind, in batches (keyset pagination, so memory stays flat). */
    async *all(kind: SearchKind, batch = 10_000): AsyncIterable<SearchDocument[]> {
      let after = '';
      for (;;) {
        const rows = await db.selectFrom('search_documents').selectAll().where('kind', '=', kind).where('id', '>', after).orderBy('id').limit(batch).execute();
        if (!rows.length) return;
        yield rows.map(toDocument);
        after = rows[rows.length - 1]!.id;
      }
    },

    async byIds(kind: SearchKind, ids: readonly string[]): Promise<SearchDocument[]> {
      const docs: SearchDocument[] = [];
      for (const part of chunks(ids, BATCH)) {
        const rows = await db.selectFrom('search_documents').selectAll().where('kind', '=', kind).where('id', 'in', part).execute();
        docs.push(...rows.map(toDocument));
      }
      return docs;
    },

    /** Documents by kind and id in one round trip (a page of results); each branch uses the primary key. */
    async byKeys(keys: ReadonlyArray<{ kind: SearchKind; id: string }>): Promise<SearchDocument[]> {
      const byKind = new Map<SearchKind, string[]>();
      for (const { kind, id } of keys) byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
      if (!byKind.size) return [];
      const rows = await db
        .selectFrom('search_documents')
        .selectAll()
        .where((eb) => eb.or([...byKind].map(([kind, ids]) => eb.and([eb('kind', '=', kind), eb('id', 'in', ids)]))))
        .execute();
      return rows.map(toDocument);
    },

    async ids(kind: SearchKind): Promise<string[]> {
      const rows = await db.selectFrom('search_documents').select('id').where('kind', '=', kind).execute();
      return rows.map((r) => r.id);
    },

    /** How many times the kind's rows were written to (0: never). */
    async generation(kind: SearchKind): Promise<number> {
      const row = await db.selectFrom('search_generations').select('generation').where('kind', '=', kind).executeTakeFirst();
      return Number(row?.generation ?? 0);
    },

    async count(kind: SearchKind): Promise<number> {
      const row = await db
        .selectFrom('search_documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
