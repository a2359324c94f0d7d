import type { Db } from '../db/database.ts';
import type { SearchDocument, SearchKind } from './documents.ts';
import type { SearchDocumentsTable } from './tables.ts';
import { chunks } from '../db/chunks.ts';

export type SearchRow = SearchDocumentsTable;

/** Rows per statement: well under SQLite's and PostgreSQL's parameter limits. */
const BATCH = 500;

/** A document as stored. */
export function toRow(doc: SearchDocument, now: number): SearchRow {
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

/** The search module's queries over `search_documents`. */
export function createSearchRepository(db: Db) {
  /** Raised before the write, so a write that fails half-way still makes a saved index stale. */
  async function bump(kind: SearchKind) {
    await db
      .insertInto('search_generations')
      .values({ kind, generation: 1 })
      .onConflict((oc) => oc.column('kind').doUpdateSet((eb) => ({ generation: eb('search_generations.generation', '+', 1) })))
      .execute();
  }

  return {
    async upsert(docs: readonly SearchDocument[], now: number) {
      for (const kind of new Set(docs.map((d) => d.kind))) await bump(kind);
      for (const part of chunks(docs, BATCH)) {
        const rows = part.map((d) => toRow(d, now));
        await db
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
            })),
          )
          .execute();
      }
    },

    async remove(kind: SearchKind, ids: readonly string[]) {
      if (ids.length) await bump(kind);
      for (const part of chunks(ids, BATCH)) {
        await db.deleteFrom('search_documents').where('kind', '=', kind).where('id', 'in', part).execute();
      }
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
