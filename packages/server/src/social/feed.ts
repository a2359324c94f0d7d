import type { Feed, FeedItem, SimplifiedPlaylist, SocialSettings } from '@runnel/api';
import type { Activity } from '../activity.ts';
import type { Db } from '../db/database.ts';
import { newOrderedId } from '../ids.ts';
import { userRef } from '../user-ref.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { objectsFor } from './objects.ts';
import { iso } from '../time.ts';

export interface FeedDeps {
  db: Db;
  catalog: CatalogLookup;
  users: (ids: string[]) => Promise<Map<string, string>>;
  playlists: (ids: string[], userId: string) => Promise<Map<string, SimplifiedPlaylist>>;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
}

/** A replay of the same track within this long is the same listening, not a new feed item. */
const SAME_LISTENING_MS = 10 * 60_000;

/**
 * The feed: what the people you follow play, star, save, and add to or make as public
 * playlists. Listening is left out for people who chose not to share it; a playlist that
 * is private now (or gone) takes its items out of everyone else's feed.
 */
export function createFeed({ db, catalog, users, playlists, now }: FeedDeps) {
  let pruned = 0;
  /** Who of these users shares what they play (the default). */
  async function sharingListening(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const quiet = await db.selectFrom('social_settings').select('user_id').where('user_id', 'in', ids).where('share_listening', '=', 0).execute();
    const hidden = new Set(quiet.map((r) => r.user_id));
    return new Set(ids.filter((id) => !hidden.has(id)));
  }

  /** Keeps the table to what a feed shows: activities older than 90 days go (once an hour). */
  const prune = () =>
    db
      .deleteFrom('activities')
      .where('at', '<', now() - 90 * 86_400_000)
      .execute();

  return {
    sharingListening,

    /** Records an activity (modules report them through ../activity.ts). */
    async record(activity: Activity) {
      if (activity.kind === 'played') {
        if (!(await sharingListening([activity.userId])).size) return;
        const last = await db
          .selectFrom('activities')
          .select(['kind', 'uri', 'at'])
          .where('user_id', '=', activity.userId)
          .orderBy('at', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (last?.kind === 'played' && last.uri === activity.uri && activity.at - Number(last.at) < SAME_LISTENING_MS) return;
      }
      if (activity.at - pruned > 3_600_000) {
        pruned = activity.at;
        await prune();
      }
      await db
        .insertInto('activities')
        .values({
          id: newOrderedId(now()),
          user_id: activity.userId,
          kind: activity.kind,
          uri: activity.uri,
          target: activity.target ?? null,
          count: activity.count ?? null,
          at: activity.at,
        })
        .execute();
    },

    /** The newest activities of the people `viewerId` follows, as they may see them. */
    async feed(viewerId: string, limit: number): Promise<Feed> {
      const rows = await db
        .selectFrom('activities')
        .selectAll()
        .where('user_id', 'in', (eb) => eb.selectFrom('user_follows').select('followed_id').where('user_id', '=', viewerId))
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit * 2)
        .execute();
      const sharing = await sharingListening([...new Set(rows.filter((r) => r.kind === 'played').map((r) => r.user_id))]);
      const shown = rows.filter((r) => r.kind !== 'played' || sharing.has(r.user_id));
      const [objects, names] = await Promise.all([
        objectsFor(
          shown.flatMap((r) => (r.target ? [r.uri, r.target] : [r.uri])),
          viewerId,
          catalog,
          playlists,
        ),
        users([...new Set(shown.map((r) => r.user_id))]),
      ]);
      const items = shown
        .filter((r) => objects.has(r.uri) && (!r.target || objects.has(r.target)) && names.has(r.user_id))
        .slice(0, limit)
        .map((r): FeedItem => ({
          id: r.id,
          user: userRef(r.user_id, names.get(r.user_id)!),
          kind: r.kind,
          at: iso(Number(r.at)),
          item: objects.get(r.uri)!,
          target: r.target ? objects.get(r.target)! : null,
          count: r.count === null ? null : Number(r.count),
        }));
      return { items };
    },

    async settings(userId: string): Promise<SocialSettings> {
      const row = await db.selectFrom('social_settings').select('share_listening').where('user_id', '=', userId).executeTakeFirst();
      return { share_listening: row ? row.share_listening === 1 : true };
    },

    async setSettings(userId: string, settings: SocialSettings): Promise<SocialSettings> {
      const value = settings.share_listening ? 1 : 0;
      await db
        .insertInto('social_settings')
        .values({ user_id: userId, share_listening: value })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ share_listening: value }))
        .execute();
      return settings;
    },
  };
}
