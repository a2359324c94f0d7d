import type { SummaryShare } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { iso } from '../time.ts';
import type { SummaryLinksTable } from './tables.ts';

/**
 * Public links to a year's summary: one per user and year at a time. Turning one off
 * (`unshare`) ends it for good: the page answers 404, as for a link that never was, and
 * sharing again makes a new link.
 */
export function createSummaryLinks({ db, now }: { db: Db; now: () => number }) {
  const present = (row: SummaryLinksTable, origin: string): SummaryShare => ({
    id: row.id,
    url: `${origin}/y/${row.id}`,
    year: row.year,
    created_at: iso(Number(row.created_at)),
  });
  const active = (userId: string, year: number) =>
    db.selectFrom('summary_links').selectAll().where('user_id', '=', userId).where('year', '=', year).where('revoked_at', 'is', null).executeTakeFirst();

  return {
    async of(userId: string, year: number, origin: string): Promise<SummaryShare | null> {
      const row = await active(userId, year);
      return row ? present(row, origin) : null;
    },
    /**
     * The year's link, made when there is none. `zone` is the zone its page counts in: kept
     * from the last share that gave one (a share without it leaves the link's zone as it is).
     */
    async share(userId: string, year: number, origin: string, zone?: string): Promise<SummaryShare> {
      const found = await active(userId, year);
      if (found && zone !== undefined && found.time_zone !== zone) {
        await db.updateTable('summary_links').set({ time_zone: zone }).where('id', '=', found.id).execute();
        return present(found, origin);
      }
      const row = found ?? { id: newId(), user_id: userId, year, created_at: now(), revoked_at: null, time_zone: zone ?? null };
      await db
        .insertInto('summary_links')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return present(row, origin);
    },
    async unshare(userId: string, year: number): Promise<void> {
      await db
        .updateTable('summary_links')
        .set({ revoked_at: now() })
        .where('user_id', '=', userId)
        .where('year', '=', year)
        .where('revoked_at', 'is', null)
        .execute();
    },
    /** Whose summary of which year a link shows, in which zone; 404 `summary_link_not_found` when it is unknown or turned off. */
    async open(id: string): Promise<{ userId: string; year: number; zone: string }> {
      const row = await db.selectFrom('summary_links').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (!row) throw notFound('Summary link', 'summary_link_not_found');
      return { userId: row.user_id, year: row.year, zone: row.time_zone ?? 'UTC' };
    },
  };
}
