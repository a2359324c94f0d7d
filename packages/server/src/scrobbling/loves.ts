import type { ScrobbleService } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { newOrderedId } from '../ids.ts';
import { ServiceError, type ScrobbleClient, type ScrobbleTrack } from './client.ts';

/** An account the sender serves (outbox.ts): who, where, the sealed secret, failures so far. */
export interface DueAccount {
  user_id: string;
  service: ScrobbleService;
  sealed: string;
  failures: number;
}

/** A star or unstar of one track for one service. */
export interface LoveItem {
  service: ScrobbleService;
  trackId: string;
  track: ScrobbleTrack;
}

/**
 * Queues a listener's stars (`loved`) or unstars in `scrobble_loves`. A state of the same
 * track still waiting for the same service is replaced, so a quick star, unstar, star goes
 * out as its last state; what was sent already stays before it, so the service ends where
 * the listener did.
 */
export async function queueLoves(db: Db, at: number, userId: string, loved: boolean, items: LoveItem[]): Promise<void> {
  if (!items.length) return;
  await db.transaction().execute(async (trx) => {
    for (const service of new Set(items.map((i) => i.service)))
      await trx
        .deleteFrom('scrobble_loves')
        .where('user_id', '=', userId)
        .where('service', '=', service)
        .where('sent_at', 'is', null)
        .where(
          'track_id',
          'in',
          items.filter((i) => i.service === service).map((i) => i.trackId),
        )
        .execute();
    await trx
      .insertInto('scrobble_loves')
      .values(
        items.map((i) => ({
          id: newOrderedId(at),
          user_id: userId,
          service: i.service,
          track_id: i.trackId,
          loved: loved ? 1 : 0,
          track: JSON.stringify(i.track),
          created_at: at,
          sent_at: null,
          rejected: null,
        })),
      )
      .execute();
  });
}

/**
 * The loves' sender, used by the outbox's drain: one love at a time per account, oldest
 * first. `failed` is the outbox's handling of an unreachable service or a refused secret
 * (back-off, needs_reconnect), the same as for plays; a love the service refuses for good is
 * marked with the reason, so it cannot hold up the ones after it.
 */
export function createLoveSender({ db, now }: { db: Db; now: () => number }) {
  return {
    /** Sends the account's oldest waiting love: true when one went (there may be more), null when the account must wait. */
    async sendOne(row: DueAccount, client: ScrobbleClient, secret: string, failed: (error: ServiceError) => Promise<void>): Promise<boolean | null> {
      const love = await db
        .selectFrom('scrobble_loves')
        .select(['id', 'loved', 'track'])
        .where('user_id', '=', row.user_id)
        .where('service', '=', row.service)
        .where('sent_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!love) return false;
      let refusal: string | null = null;
      try {
        await client.love(secret, JSON.parse(love.track) as ScrobbleTrack, love.loved === 1);
      } catch (error) {
        const why = ServiceError.from(error);
        if (why.kind !== 'rejected') {
          await failed(why);
          return null;
        }
        refusal = why.message;
      }
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('scrobble_loves').set({ sent_at: at, rejected: refusal }).where('id', '=', love.id).execute();
        // The service answered: a failure streak (from plays or loves) is over. A love does not count as a play sent.
        await trx
          .updateTable('scrobble_accounts')
          .where('user_id', '=', row.user_id)
          .where('service', '=', row.service)
          .set({
            failures: 0,
            ...(refusal ? { last_error: refusal, last_error_at: at } : row.failures > 0 && { last_error: null, last_error_at: null }),
          })
          .execute();
      });
      return true;
    },

    /** Sent loves are kept as long as sent plays, then go. */
    prune: (before: number) => db.deleteFrom('scrobble_loves').where('sent_at', '<', before).execute(),
  };
}
