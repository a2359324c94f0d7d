import { sql } from 'kysely';
import type { PlanId } from '@runnel/api';
import type { Db } from '../db/database.ts';
import type { PlansTable } from './tables.ts';

/** The plans module's queries. */
export function createPlansRepository(db: Db) {
  return {
    all: () => db.selectFrom('plans').selectAll().orderBy('id').execute(),

    async update(id: PlanId, values: Partial<Omit<PlansTable, 'id'>>): Promise<void> {
      await db.updateTable('plans').set(values).where('id', '=', id).execute();
    },

    async skipsSince(userId: string, since: number): Promise<number> {
      const row = await db
        .selectFrom('plan_skips')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Records a skip and forgets this user's skips older than `forgetBefore`. */
    async addSkip(userId: string, at: number, forgetBefore: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('plan_skips').where('user_id', '=', userId).where('at', '<=', forgetBefore).execute();
        await trx.insertInto('plan_skips').values({ user_id: userId, at }).execute();
      });
    },

    async listened(userId: string, month: string): Promise<number> {
      const row = await db.selectFrom('plan_listening').select('ms').where('user_id', '=', userId).where('month', '=', month).executeTakeFirst();
      return Number(row?.ms ?? 0);
    },

    async addListening(userId: string, month: string, ms: number): Promise<void> {
      await db
        .insertInto('plan_listening')
        .values({ user_id: userId, month, ms })
        .onConflict((oc) => oc.columns(['user_id', 'month']).doUpdateSet({ ms: sql`plan_listening.ms + ${ms}` }))
        .execute();
    },
  };
}

export type PlansRepository = ReturnType<typeof createPlansRepository>;
