import type { Db } from '../db/database.ts';
import type { CollectionKind } from './tables.ts';

/** The collection module's queries. */
export function createCollectionRepository(db: Db) {
  return {
    async save(userId: string, kind: CollectionKind, ids: string[], at: number) {
      if (!ids.length) return;
      await db.insertInto('collection_items').values(ids.map((item_id) => ({ user_id: userId, kind, item_id, added_at: at }))).onConflict((oc) => oc.doNothing()).execute();
    },
    remove: (userId: string, kind: CollectionKind, ids: string[]) =>
      db.deleteFrom('collection_items').where('user_id', '=', userId).where('kind', '=', kind).where('item_id', 'in', ids).execute(),
    async present(userId: string, kind: CollectionKind, ids: string[]): Promise<Set<string>> {
      const rows = await db.selectFrom('collection_items').select('item_id').where('user_id', '=', userId).where('kind', '=', kind).where('item_id', 'in', ids).execute();
      return new Set(rows.map((r) => r.item_id));
    },
    async savedAt(userId: string, kind: CollectionKind, ids: string[]): Promise<Map<string, number>> {
      if (!ids.length) return new Map();
      const rows = await db.selectFrom('collection_items').select(['item_id', 'added_at']).where('user_id', '=', userId).where('kind', '=', kind).where('item_id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.item_id, Number(r.added_at)]));
    },
    async list(userId: string, kind: CollectionKind, limit: number, offset: number) {
      const base = db.selectFrom('collection_items').where('user_id', '=', userId).where('kind', '=', kind);
      const [rows, total] = await Promise.all([
        base.select(['item_id', 'added_at']).orderBy('added_at', 'desc').orderBy('item_id').limit(limit).offset(offset).execute(),
        base.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max<number>('added_at').as('latest')]).executeTakeFirstOrThrow(),
      ]);
      return { rows: rows.map((r) => ({ id: r.item_id, added_at: Number(r.added_at) })), total: Number(total.n), latest: Number(total.latest ?? 0) };
    },
  };
}
