import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AdBreaksTable, AdListenersTable, AdsTable } from './tables.ts';

/** The ads module's queries. */
export function createAdsRepository(db: Db) {
  return {
    all: () => db.selectFrom('ads').selectAll().orderBy('created_at', 'desc').execute(),
    ad: (id: string) => db.selectFrom('ads').selectAll().where('id', '=', id).executeTakeFirst(),
    insert: (row: AdsTable) => db.insertInto('ads').values(row).execute(),
    update: (id: string, values: Partial<Omit<AdsTable, 'id'>>) => db.updateTable('ads').set(values).where('id', '=', id).executeTakeFirst(),
    remove: (id: string) => db.deleteFrom('ads').where('id', '=', id).executeTakeFirst(),

    /** Ads with audio whose dates include `at`. */
    running: (at: number) =>
      db
        .selectFrom('ads')
        .selectAll()
        .where('audio_file', 'is not', null)
        .where((eb) => eb.or([eb('starts_at', 'is', null), eb('starts_at', '<=', at)]))
        .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
        .execute(),

    listener: (userId: string) => db.selectFrom('ad_listeners').selectAll().where('user_id', '=', userId).executeTakeFirst(),
    async putListener(row: AdListenersTable): Promise<void> {
      const { user_id: _, ...values } = row;
      await db
        .insertInto('ad_listeners')
        .values(row)
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
        .execute();
    },

    /** A break of this surface handed out since `since` and not yet played (asked again, it is the same break). */
    pendingBreak: (userId: string, surface: AdBreaksTable['surface'], since: number) =>
      db
        .selectFrom('ad_breaks')
        .selectAll()
        .where('user_id', '=', userId)
        .where('surface', '=', surface)
        .where('played_at', 'is', null)
        .where('started_at', '>=', since)
        .orderBy('started_at', 'desc')
        .executeTakeFirst(),
    insertBreak: (row: AdBreaksTable) => db.insertInto('ad_breaks').values(row).execute(),

    /**
     * Marks a break played, once: counts the ad's impression and starts the listener's
     * count toward the next break again. False when it was already played (or is not theirs).
     */
    playBreak: (userId: string, breakId: string, at: number) =>
      db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('ad_breaks')
          .set({ played_at: at })
          .where('id', '=', breakId)
          .where('user_id', '=', userId)
          .where('played_at', 'is', null)
          .returning(['ad_id', 'started_at'])
          .executeTakeFirst();
        if (!done) return false;
        await trx
          .updateTable('ads')
          .set({ impressions: sql`impressions + 1` })
          .where('id', '=', done.ad_id)
          .execute();
        // A track that started after the break was handed out (the one after the ad, reported
        // before this) already counts toward the next break.
        const since = Number(done.started_at);
        await trx
          .updateTable('ad_listeners')
          .set({ tracks: sql`case when last_track_at > ${since} then 1 else 0 end`, listened_ms: 0 })
          .where('user_id', '=', userId)
          .execute();
        return true;
      }),

    /** Counts a click on a break's banner, once per break. */
    clickBreak: (userId: string, breakId: string) =>
      db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('ad_breaks')
          .set({ clicked: 1 })
          .where('id', '=', breakId)
          .where('user_id', '=', userId)
          .where('clicked', '=', 0)
          .returning('ad_id')
          .executeTakeFirst();
        if (done)
          await trx
            .updateTable('ads')
            .set({ clicks: sql`clicks + 1` })
            .where('id', '=', done.ad_id)
            .execute();
        return done !== undefined;
      }),
    breakOf: (userId: string, breakId: string) =>
      db.selectFrom('ad_breaks').selectAll().where('id', '=', breakId).where('user_id', '=', userId).executeTakeFirst(),
  };
}

export type AdsRepository = ReturnType<typeof createAdsRepository>;
