import type { Db } from '../db/database.ts';
import type { CollectionKind, RatedKind } from './tables.ts';

/** The collection module's queries. */
export function createCollectionRepository(db: Db) {
  return {
    async save(userId: string, kind: CollectionKind, ids: string[], at: number) {
      if (!ids.length) return;
      await db
        .insertInto('collection_items')
        .values(ids.map((item_id) => ({ user_id: userId, kind, item_id, added_at: at })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    remove: (userId: string, kind: CollectionKind, ids: string[]) =>
      db.deleteFrom('collection_items').where('user_id', '=', userId).where('kind', '=', kind).where('item_id', 'in', ids).execute(),
    async present(userId: string, kind: CollectionKind, ids: string[]): Promise<Set<string>> {
      const rows = await db
        .selectFrom('collection_items')
        .select('item_id')
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .where('item_id', 'in', ids)
        .execute();
      return new Set(rows.map((r) => r.item_id));
    },
    async savedAt(userId: string, kind: CollectionKind, ids: string[]): Promise<Map<string, number>> {
      if (!ids.length) return new Map();
      const rows = await db
        .selectFrom('collection_items')
        .select(['item_id', 'added_at'])
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .where('item_id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.item_id, Number(r.added_at)]));
    },
    async rate(userId: string, kind: RatedKind, itemId: string, rating: number, at: number) {
      await db
        .insertInto('ratings')
        .values({ user_id: userId, item_id: itemId, kind, rating, rated_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'item_id']).doUpdateSet({ kind, rating, rated_at: at }))
        .execute();
    },
    unrate: (userId: string, itemId: string) => db.deleteFrom('ratings').where('user_id', '=', userId).where('item_id', '=', itemId).execute(),
    async ratings(userId: string, ids: string[]): Promise<Map<string, number>> {
      if (!ids.length) return new Map();
      const rows = await db.selectFrom('ratings').select(['item_id', 'rating']).where('user_id', '=', userId).where('item_id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.item_id, Number(r.rating)]));
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
