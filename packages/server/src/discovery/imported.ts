import type { CatalogObject } from '@runnel/api';
import { sql } from 'kysely';
import { chunks } from '../db/chunks.ts';
import type { Db } from '../db/database.ts';
import { ALL_TIME, dayOf, type TopKind } from './service.ts';

/**
 * Counts imported plays (a ListenBrainz file, history/README.md) for top lists, a batch in
 * one transaction: each at its own day, as `recordPlay` counts a reported play, but summed
 * per item and day first, so 100,000 plays are a few hundred upserts, not 100,000
 * transactions. Imported plays do not teach radio what is played together (they may be
 * years old and from other players).
 */
export function createImportedCounts({ db, now }: { db: Db; now: () => number }) {
  return async function recordImported(userId: string, plays: { track: CatalogObject; at: number }[]): Promise<void> {
    const counts = new Map<string, { kind: TopKind; day: number; item_id: string; plays: number; last_at: number }>();
    const add = (kind: TopKind, day: number, item_id: string, at: number) => {
      const key = `${kind}|${day}|${item_id}`;
      const found = counts.get(key);
      if (found) {
        found.plays += 1;
        found.last_at = Math.max(found.last_at, at);
      } else counts.set(key, { kind, day, item_id, plays: 1, last_at: at });
    };
    for (const play of plays) {
      const track = play.track as CatalogObject & { album?: { id?: string | null }; artists?: { id?: string | null }[] };
      if (!track.id) continue;
      const at = Math.min(play.at, now());
      const items: [TopKind, string][] = [['track', track.id]];
      if (track.album?.id) items.push(['album', track.album.id]);
      for (const artist of new Set((track.artists ?? []).map((a) => a.id).filter((id): id is string => !!id))) items.push(['artist', artist]);
      for (const [kind, id] of items) for (const day of [dayOf(at), ALL_TIME]) add(kind, day, id, at);
    }
    if (!counts.size) return;
    await db.transaction().execute(async (trx) => {
      for (const part of chunks([...counts.values()], 300)) {
        await trx
          .insertInto('top_counts')
          .values(part.map(({ kind, day, item_id, plays }) => ({ kind, day, item_id, plays })))
          .onConflict((oc) =>
            oc.columns(['kind', 'day', 'item_id']).doUpdateSet((eb) => ({ plays: eb(eb.ref('top_counts.plays'), '+', eb.ref('excluded.plays')) })),
          )
          .execute();
        await trx
          .insertInto('top_counts_user')
          .values(part.map((r) => ({ ...r, user_id: userId })))
          .onConflict((oc) =>
            oc.columns(['user_id', 'kind', 'day', 'item_id']).doUpdateSet((eb) => ({
              plays: eb(eb.ref('top_counts_user.plays'), '+', eb.ref('excluded.plays')),
              last_at: sql<number>`case when excluded.last_at > top_counts_user.last_at then excluded.last_at else top_counts_user.last_at end`,
            })),
          )
          .execute();
      }
    });
  };
}
